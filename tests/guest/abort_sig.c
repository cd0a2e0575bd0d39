/* Death by signal: abort() raises SIGABRT after the flushed output; the
 * emulator must die of the same signal so the parent sees status 134. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    printf("about to abort\n");
    fflush(stdout);
    abort();
}

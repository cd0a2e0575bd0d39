/* Exit status and stdio flushing at exit: buffered output written before
 * exit(3) must appear, an atexit handler runs, and the status is 3. */
#include <stdio.h>
#include <stdlib.h>

static void bye(void) { printf("atexit handler ran\n"); }

int main(void)
{
    atexit(bye);
    for (int i = 0; i < 1000; i++) printf("buffered line %d\n", i);
    exit(3);
}

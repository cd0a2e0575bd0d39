/* Output on both streams: stderr (unbuffered) and stdout (fully buffered
 * when not a tty) interleaved; only stdout is compared. */
#include <stdio.h>
#include <unistd.h>
#include <string.h>

int main(void)
{
    for (int i = 0; i < 500; i++) {
        fprintf(stderr, "stderr line %d\n", i);
        printf("stdout line %d\n", i);
    }
    const char msg[] = "raw write to fd 2\n";
    write(2, msg, strlen(msg));
    perror("perror with errno 0");
    fputs("done\n", stdout);
    return 0;
}

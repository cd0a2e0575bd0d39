/* sig_selfpipe.c — the self-pipe pattern: a blocking read that only the
 * signal handler's write can satisfy, with the timer firing at every
 * possible moment around the read (just before the call, during it).  A
 * signal arriving after the emulator decided to make the host call but
 * before the kernel blocked must still run the handler first; otherwise
 * the read sleeps for ever. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static int wake[2];
static volatile sig_atomic_t fired;

static void on_alarm(int sig)
{
    (void)sig;
    fired++;
    (void)!write(wake[1], "w", 1);
}

int main(void)
{
    if (pipe(wake))
        return 1;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    int reads = 0;
    for (int i = 0; i < 5000; i++) {
        struct itimerval it = { { 0, 0 }, { 0, 1 + (i % 40) } };
        setitimer(ITIMER_REAL, &it, NULL);
        char c;
        if (read(wake[0], &c, 1) == 1)
            reads++;
    }
    printf("reads %d fired %d\n", reads, (int)fired);
    return 0;
}

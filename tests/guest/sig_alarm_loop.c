/* sig_alarm_loop.c — asynchronous signals reach a guest that never makes
 * a syscall: a periodic SIGALRM (setitimer) interrupts tight loops made
 * of one block jumping to itself, of a chain of blocks, and of a call in
 * a loop; each loop ends after the handler ran a few times. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

static volatile sig_atomic_t ticks;
static void on_alarm(int sig) { (void)sig; ticks++; }

static __attribute__((noinline)) unsigned long step(unsigned long x) { return x * 2654435761u + 1; }

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = { { 0, 5000 }, { 0, 5000 } };
    setitimer(ITIMER_REAL, &it, NULL);

    while (ticks < 3)
        ;
    printf("self loop: ticks >= 3\n");
    unsigned long x = 1;
    while (ticks < 6) {
        if (x & 1)
            x = x * 3 + 1;
        else
            x >>= 1;
        if (x == 1)
            x = 27;
    }
    printf("branchy loop: ticks >= 6\n");
    while (ticks < 9)
        x = step(x);
    printf("call loop: ticks >= 9\n");
    struct itimerval off = { { 0, 0 }, { 0, 0 } };
    setitimer(ITIMER_REAL, &off, NULL);
    return x == 0;
}

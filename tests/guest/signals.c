/* Signal delivery: handlers for raise() and kill(getpid()), blocked signals
 * delivered on unblock, SA_RESETHAND, SA_SIGINFO fields, sigaltstack, the
 * signal mask inside a handler, ignored SIGPIPE and EPIPE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>

static volatile sig_atomic_t usr1_count, usr2_count, last_code, masked_inside, on_alt;
static char altstack[65536];

static void on_usr1(int sig) { (void)sig; usr1_count++; }

static void on_usr2(int sig, siginfo_t *info, void *ctx)
{
    (void)ctx;
    usr2_count++;
    last_code = info->si_code;
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    masked_inside = sigismember(&cur, SIGUSR2) && sigismember(&cur, SIGHUP);
    char probe;
    on_alt = &probe >= altstack && &probe < altstack + sizeof altstack;
    (void)sig;
}

int main(void)
{
    signal(SIGUSR1, on_usr1);
    raise(SIGUSR1);
    kill(getpid(), SIGUSR1);
    printf("usr1 delivered %d\n", (int)usr1_count);

    stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0};
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_usr2;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGHUP);
    sigaction(SIGUSR2, &sa, NULL);
    raise(SIGUSR2);
    printf("usr2 %d code %s masked inside %d on altstack %d\n", (int)usr2_count,
           last_code == SI_TKILL ? "SI_TKILL" : last_code == SI_USER ? "SI_USER" : "other", (int)masked_inside,
           (int)on_alt);

    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, &old);
    raise(SIGUSR1);
    raise(SIGUSR1);
    sigset_t pend;
    sigpending(&pend);
    printf("pending while blocked %d count still %d\n", sigismember(&pend, SIGUSR1), (int)usr1_count);
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("after unblock count %d (standard signals merge)\n", (int)usr1_count);

    sa.sa_handler = on_usr1;
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    struct sigaction now;
    sigaction(SIGUSR1, NULL, &now);
    printf("resethand count %d now default %d\n", (int)usr1_count, now.sa_handler == SIG_DFL);

    signal(SIGPIPE, SIG_IGN);
    raise(SIGPIPE);
    printf("ignored SIGPIPE survived\n");
    int fds[2];
    pipe(fds);
    close(fds[0]);
    printf("write to closed pipe returns %zd\n", write(fds[1], "x", 1));
    return 0;
}

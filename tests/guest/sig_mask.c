/* sig_mask.c — masks and pending signals: sigpending, sigsuspend (the
 * handler runs with the suspend mask, the old mask comes back after),
 * sigwaitinfo and sigtimedwait (with si_value from sigqueue), queued
 * real-time signals delivered once each in order, a signal raised inside
 * its own handler waits until the handler returns, and a blocked SIGSEGV
 * sent with kill stays pending. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile int depth, max_depth, usr1_runs, rt_values[16], rt_count, mask_had_usr2;

static void on_usr1(int sig)
{
    (void)sig;
    usr1_runs++;
    if (++depth > max_depth)
        max_depth = depth;
    if (usr1_runs == 1)
        raise(SIGUSR1); /* blocked while this handler runs */
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    mask_had_usr2 = sigismember(&cur, SIGUSR2);
    depth--;
}

static void on_rt(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    if (rt_count < 16)
        rt_values[rt_count++] = si->si_value.sival_int;
}

static void handle(int sig, void *fn, int siginfo)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    if (siginfo) {
        sa.sa_sigaction = fn;
        sa.sa_flags = SA_SIGINFO;
    } else {
        sa.sa_handler = fn;
    }
    sigaction(sig, &sa, NULL);
}

static void print_mask(const char *what)
{
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("%s: USR1 %d USR2 %d RTMIN %d\n", what, sigismember(&cur, SIGUSR1), sigismember(&cur, SIGUSR2),
           sigismember(&cur, SIGRTMIN));
}

int main(void)
{
    handle(SIGUSR1, on_usr1, 0);
    raise(SIGUSR1);
    printf("nested raise: runs %d max depth %d\n", usr1_runs, max_depth);

    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigaddset(&block, SIGUSR2);
    sigprocmask(SIG_BLOCK, &block, &old);
    print_mask("blocked");
    usr1_runs = 0;
    kill(getpid(), SIGUSR1);
    sigset_t pend;
    sigpending(&pend);
    printf("pending USR1 %d USR2 %d runs %d\n", sigismember(&pend, SIGUSR1), sigismember(&pend, SIGUSR2),
           usr1_runs);

    /* sigsuspend: USR1 unblocked only inside, USR2 stays blocked. */
    sigset_t during;
    sigemptyset(&during);
    sigaddset(&during, SIGUSR2);
    errno = 0;
    int r = sigsuspend(&during);
    printf("sigsuspend %d errno %s runs %d usr2 blocked in handler %d\n", r, errno == EINTR ? "EINTR" : "other",
           usr1_runs, mask_had_usr2);
    print_mask("after sigsuspend");

    /* sigwaitinfo / sigtimedwait take blocked signals without handlers. */
    union sigval v = { .sival_int = 42 };
    sigqueue(getpid(), SIGUSR2, v);
    siginfo_t si;
    sigset_t want;
    sigemptyset(&want);
    sigaddset(&want, SIGUSR2);
    int got = sigwaitinfo(&want, &si);
    printf("sigwaitinfo %s value %d code %s\n", got == SIGUSR2 ? "SIGUSR2" : "other", si.si_value.sival_int,
           si.si_code == SI_QUEUE ? "SI_QUEUE" : "other");
    struct timespec zero = { 0, 0 };
    errno = 0;
    got = sigtimedwait(&want, &si, &zero);
    printf("sigtimedwait empty %d errno %s\n", got, errno == EAGAIN ? "EAGAIN" : "other");
    struct timespec short_wait = { 0, 20000000 };
    errno = 0;
    got = sigtimedwait(&want, &si, &short_wait);
    printf("sigtimedwait 20ms %d errno %s\n", got, errno == EAGAIN ? "EAGAIN" : "other");

    /* Real-time signals queue: three sent while blocked arrive as three. */
    handle(SIGRTMIN, on_rt, 1);
    sigset_t rt;
    sigemptyset(&rt);
    sigaddset(&rt, SIGRTMIN);
    sigprocmask(SIG_BLOCK, &rt, NULL);
    for (int i = 1; i <= 3; i++) {
        v.sival_int = i * 10;
        sigqueue(getpid(), SIGRTMIN, v);
    }
    sigprocmask(SIG_UNBLOCK, &rt, NULL);
    printf("rt delivered %d:", rt_count);
    for (int i = 0; i < rt_count; i++)
        printf(" %d", rt_values[i]);
    printf("\n");
    /* Unblocked and sent in a burst from here: each one still arrives. */
    rt_count = 0;
    for (int i = 1; i <= 4; i++) {
        v.sival_int = i;
        sigqueue(getpid(), SIGRTMIN, v);
    }
    printf("rt burst %d:", rt_count);
    for (int i = 0; i < rt_count; i++)
        printf(" %d", rt_values[i]);
    printf("\n");

    /* A blocked SIGSEGV sent by kill is an ordinary pending signal. */
    sigset_t segv;
    sigemptyset(&segv);
    sigaddset(&segv, SIGSEGV);
    sigprocmask(SIG_BLOCK, &segv, NULL);
    kill(getpid(), SIGSEGV);
    sigpending(&pend);
    printf("SIGSEGV pending %d\n", sigismember(&pend, SIGSEGV));
    got = sigwaitinfo(&segv, &si);
    printf("took %s code %s\n", got == SIGSEGV ? "SIGSEGV" : "other", si.si_code == SI_USER ? "SI_USER" : "other");
    sigprocmask(SIG_SETMASK, &old, NULL);
    print_mask("restored");
    return 0;
}

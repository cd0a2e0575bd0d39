/* sig_child.c — signals between processes: SIGCHLD with siginfo (pid,
 * status, CLD_EXITED / CLD_KILLED), children killed by the default
 * action of SIGTERM, SIGSEGV, SIGABRT and SIGPIPE report that signal to
 * wait, an ignored SIGCHLD reaps children, and kill between processes
 * runs the receiver's handler; a SIGPIPE handler runs and write fails
 * with EPIPE. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int chld_code, chld_status, chld_match;
static volatile pid_t expect_pid;
static volatile sig_atomic_t got_usr1;

static void on_chld(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    chld_code = si->si_code;
    chld_status = si->si_status;
    chld_match = si->si_pid == expect_pid;
}

static void on_usr1(int sig) { (void)sig; got_usr1 = 1; }

static const char *cld(int c)
{
    return c == CLD_EXITED ? "CLD_EXITED" : c == CLD_KILLED ? "CLD_KILLED" : c == CLD_DUMPED ? "CLD_DUMPED" : "other";
}

static void die_in_child(const char *what, int how)
{
    pid_t p = fork();
    if (p == 0) {
        switch (how) {
        case 0: kill(getpid(), SIGTERM); break;
        case 1: *(volatile int *)0 = 1; break;
        case 2: abort();
        case 3: {
            int fd[2];
            if (pipe(fd) == 0) {
                close(fd[0]);
                (void)!write(fd[1], "x", 1);
            }
            break;
        }
        }
        _exit(0);
    }
    int st;
    waitpid(p, &st, 0);
    printf("%-8s signaled %d sig %d\n", what, WIFSIGNALED(st), WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_chld;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(SIGCHLD, &sa, NULL);

    sigset_t chld, old;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, &old);
    pid_t p = fork();
    if (p == 0)
        _exit(7);
    expect_pid = p;
    sigsuspend(&old);
    printf("SIGCHLD %s status %d pid matches %d\n", cld(chld_code), chld_status, chld_match);
    waitpid(p, NULL, 0);

    p = fork();
    if (p == 0) {
        pause();
        _exit(0);
    }
    expect_pid = p;
    kill(p, SIGKILL);
    sigsuspend(&old);
    printf("SIGCHLD %s status %d pid matches %d\n", cld(chld_code), chld_status, chld_match);
    waitpid(p, NULL, 0);
    sigprocmask(SIG_SETMASK, &old, NULL);

    signal(SIGCHLD, SIG_DFL);
    die_in_child("SIGTERM", 0);
    die_in_child("SIGSEGV", 1);
    die_in_child("SIGABRT", 2);
    die_in_child("SIGPIPE", 3);

    /* A handler in the child, run on the parent's kill.  The child waits
     * with SIGUSR1 blocked outside sigsuspend: a kill landing between its
     * test of the flag and a pause() would be lost (natively too, in a
     * narrower window) and leave it asleep for ever. */
    int ready[2];
    if (pipe(ready))
        return 1;
    sigset_t usr1, before_usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigprocmask(SIG_BLOCK, &usr1, &before_usr1);
    p = fork();
    if (p == 0) {
        signal(SIGUSR1, on_usr1);
        (void)!write(ready[1], "r", 1);
        while (!got_usr1)
            sigsuspend(&before_usr1);
        _exit(got_usr1 ? 11 : 12);
    }
    sigprocmask(SIG_SETMASK, &before_usr1, NULL);
    char c;
    (void)!read(ready[0], &c, 1);
    kill(p, SIGUSR1);
    int st;
    waitpid(p, &st, 0);
    printf("child with handler exited %d\n", WEXITSTATUS(st));

    /* SIGPIPE with a handler: it runs once, and write fails with EPIPE. */
    signal(SIGPIPE, on_usr1);
    got_usr1 = 0;
    int dead[2];
    if (pipe(dead))
        return 1;
    close(dead[0]);
    errno = 0;
    ssize_t w1 = write(dead[1], "x", 1);
    int e1 = errno;
    printf("SIGPIPE handled %d write %zd errno %s\n", (int)got_usr1, w1, e1 == EPIPE ? "EPIPE" : "other");
    close(dead[1]);

    signal(SIGCHLD, SIG_IGN);
    p = fork();
    if (p == 0)
        _exit(0);
    errno = 0;
    pid_t w = waitpid(p, NULL, 0);
    printf("ignored SIGCHLD: waitpid %d errno %s\n", (int)w, errno == ECHILD ? "ECHILD" : "other");
    return 0;
}

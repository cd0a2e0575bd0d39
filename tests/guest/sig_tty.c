/* sig_tty.c — SIGINT and SIGQUIT from the terminal: a child that owns a
 * pseudo-terminal (new session, controlling tty) spins in a loop with no
 * syscalls; the parent types ^C on the master side, the line discipline
 * signals the foreground process group and the child's handler stops the
 * loop.  Then ^\ with the default action kills the child by SIGQUIT. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t interrupted;
static void on_int(int sig) { (void)sig; interrupted = 1; }

static pid_t start_child(int master, int ready_fd, int handle_int)
{
    pid_t p = fork();
    if (p != 0)
        return p;
    setsid();
    int tty = open(ptsname(master), O_RDWR);
    if (tty < 0)
        _exit(2);
    if (handle_int)
        signal(SIGINT, on_int);
    (void)!write(ready_fd, "r", 1);
    volatile unsigned long spins = 0;
    while (!interrupted)
        spins++;
    _exit(5);
}

static void run(int handle_int, const char *key)
{
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || grantpt(master) || unlockpt(master)) {
        printf("no pty\n");
        exit(0);
    }
    int ready[2];
    if (pipe(ready))
        exit(1);
    pid_t child = start_child(master, ready[1], handle_int);
    char c;
    (void)!read(ready[0], &c, 1);
    (void)!write(master, key, 1);
    int st;
    waitpid(child, &st, 0);
    if (WIFEXITED(st))
        printf("child exited %d\n", WEXITSTATUS(st));
    else
        printf("child killed by %s\n", WTERMSIG(st) == SIGQUIT ? "SIGQUIT" : "another signal");
    close(master);
    close(ready[0]);
    close(ready[1]);
}

int main(void)
{
    run(1, "\003");
    run(0, "\034");
    return 0;
}

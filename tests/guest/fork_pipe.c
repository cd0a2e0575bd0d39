/* Processes: fork, a pipe between parent and child, waitpid statuses for a
 * normal exit and for death by signal, and dup2 of stdout in the child. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <signal.h>
#include <sys/wait.h>

int main(void)
{
    int fds[2];
    if (pipe(fds) != 0) { perror("pipe"); return 1; }
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        char buf[64];
        for (int i = 0; i < 100; i++) {
            int n = snprintf(buf, sizeof buf, "msg %d\n", i * i);
            write(fds[1], buf, (size_t)n);
        }
        _exit(42);
    }
    close(fds[1]);
    char buf[4096];
    long total = 0, lines = 0;
    ssize_t n;
    while ((n = read(fds[0], buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n; i++) lines += buf[i] == '\n';
        total += n;
    }
    int status;
    waitpid(pid, &status, 0);
    printf("read %ld bytes %ld lines, child exited %d status %d\n", total, lines, WIFEXITED(status),
           WEXITSTATUS(status));

    pid = fork();
    if (pid == 0) {
        raise(SIGTERM);
        _exit(0);
    }
    waitpid(pid, &status, 0);
    printf("child signalled %d signal %d\n", WIFSIGNALED(status), WTERMSIG(status));

    if (pipe(fds) != 0) return 1;
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        printf("through dup2'ed stdout\n");
        fflush(stdout);
        _exit(0);
    }
    close(fds[1]);
    n = read(fds[0], buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = 0;
    waitpid(pid, &status, 0);
    printf("parent got: %s", buf);
    return 0;
}

/* execve: the program re-executes itself through /proc/self/exe with new
 * arguments and environment (an emulator must start the guest program
 * again, not itself), posix_spawn of itself with waitpid, and an execve of
 * a missing file failing with ENOENT. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <spawn.h>
#include <sys/wait.h>

extern char **environ;

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "child")) {
        printf("child argc %d argv2 %s env %s\n", argc, argc > 2 ? argv[2] : "-", getenv("EXEC_SELF_VAR"));
        return 7;
    }
    if (argc > 1 && !strcmp(argv[1], "exec")) {
        char *args[] = {"renamed", "child", "via-execve", NULL};
        char *env[] = {"EXEC_SELF_VAR=from-execve", NULL};
        execve("/proc/self/exe", args, env);
        perror("execve");
        return 1;
    }
    char *missing[] = {"nope", NULL};
    int r = execve("/nonexistent/tern-program", missing, environ);
    printf("execve missing: %d %s\n", r, errno == ENOENT ? "ENOENT" : "other");
    fflush(stdout);

    pid_t pid;
    char *args[] = {"spawned", "child", "via-spawn", NULL};
    char *env[] = {"EXEC_SELF_VAR=from-spawn", NULL};
    if (posix_spawn(&pid, "/proc/self/exe", NULL, NULL, args, env) != 0) { puts("posix_spawn failed"); return 1; }
    int status;
    waitpid(pid, &status, 0);
    printf("spawned child exited %d\n", WEXITSTATUS(status));
    fflush(stdout);

    pid = fork();
    if (pid == 0) {
        char *again[] = {argv[0], "exec", NULL};
        execv("/proc/self/exe", again);
        _exit(99);
    }
    waitpid(pid, &status, 0);
    printf("exec chain exited %d\n", WEXITSTATUS(status));
    return 0;
}

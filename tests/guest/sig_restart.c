/* sig_restart.c — a blocking read on a pipe interrupted by a handler:
 * with SA_RESTART the read continues and returns the data written later,
 * without it the read fails with EINTR; likewise wait4 and a
 * nanosleep (never restarted: EINTR with the time left). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t alarms;
static void on_alarm(int sig) { (void)sig; alarms++; }

static void arm(int restart, long usec)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sa.sa_flags = restart ? SA_RESTART : 0;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = { .it_value = { 0, usec } };
    setitimer(ITIMER_REAL, &it, NULL);
}

int main(void)
{
    for (int restart = 1; restart >= 0; restart--) {
        int fd[2];
        if (pipe(fd))
            return 1;
        pid_t child = fork();
        if (child == 0) {
            usleep(300000);
            if (write(fd[1], "data", 4) != 4)
                _exit(1);
            _exit(0);
        }
        alarms = 0;
        arm(restart, 50000);
        char buf[8];
        errno = 0;
        ssize_t n = read(fd[0], buf, sizeof buf);
        printf("read restart=%d: alarms %d n %zd errno %s\n", restart, (int)alarms, n,
               errno == EINTR ? "EINTR" : errno ? "other" : "0");
        alarms = 0;
        arm(restart, 50000);
        int status = 0;
        errno = 0;
        pid_t w = waitpid(child, &status, 0);
        printf("waitpid restart=%d: alarms %d %s errno %s\n", restart, (int)alarms,
               w == child ? "reaped" : "not reaped", errno == EINTR ? "EINTR" : errno ? "other" : "0");
        if (w != child)
            waitpid(child, &status, 0);
        close(fd[0]);
        close(fd[1]);
    }
    arm(1, 50000);
    struct timespec req = { 2, 0 }, rem = { 0, 0 };
    errno = 0;
    int r = nanosleep(&req, &rem);
    printf("nanosleep with SA_RESTART: %d errno %s remaining > 1s %d\n", r, errno == EINTR ? "EINTR" : "other",
           rem.tv_sec >= 1);
    return 0;
}

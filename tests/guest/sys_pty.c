/* sys_pty.c — terminal ioctls on a pseudo-terminal from posix_openpt:
 * grantpt/unlockpt/ptsname, TCGETS/TCSETS (raw mode round trip through
 * tcsetattr), TIOCSWINSZ/TIOCGWINSZ, FIONREAD, TIOCGPGRP/TIOCSPGRP in a
 * new session, isatty, and ENOTTY on a pipe. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

/* Prints the result and whether errno is the expected one, reading errno
 * only after the call (argument evaluation order is unspecified). */
static void errno_case(const char *label, long r, int expect, const char *name)
{
    int e = errno;
    printf("%s %ld errno %s\n", label, r, e == expect ? name : "other");
}

int main(void)
{
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    if (m < 0) {
        printf("no pty\n");
        return 0;
    }
    int g = grantpt(m), u = unlockpt(m);
    printf("grantpt %d unlockpt %d ptsname /dev/pts %d\n", g, u, strncmp(ptsname(m), "/dev/pts/", 9) == 0);
    int s = open(ptsname(m), O_RDWR | O_NOCTTY);
    printf("slave open %d isatty %d\n", s >= 0, isatty(s));
    struct termios t, back;
    int r = tcgetattr(s, &t);
    printf("tcgetattr %d echo %d icanon %d\n", r, (t.c_lflag & ECHO) != 0, (t.c_lflag & ICANON) != 0);
    cfmakeraw(&t);
    printf("tcsetattr raw %d ", tcsetattr(s, TCSANOW, &t));
    tcgetattr(s, &back);
    printf("echo %d icanon %d\n", (back.c_lflag & ECHO) != 0, (back.c_lflag & ICANON) != 0);
    r = tcsetattr(s, TCSADRAIN, &t);
    printf("TCSADRAIN %d TCSAFLUSH %d\n", r, tcsetattr(s, TCSAFLUSH, &t));
    struct winsize ws = { .ws_row = 33, .ws_col = 101 }, got;
    printf("TIOCSWINSZ %d ", ioctl(m, TIOCSWINSZ, &ws));
    r = ioctl(s, TIOCGWINSZ, &got);
    printf("TIOCGWINSZ %d %dx%d\n", r, got.ws_col, got.ws_row);
    (void)!write(m, "typed", 5);
    usleep(20000);
    int avail = -1;
    r = ioctl(s, FIONREAD, &avail);
    printf("FIONREAD %d avail %d\n", r, avail);
    char buf[16];
    ssize_t n = read(s, buf, sizeof buf);
    printf("read %zd %.*s\n", n, (int)(n > 0 ? n : 0), buf);
    (void)!write(s, "out", 3);
    usleep(20000);
    n = read(m, buf, sizeof buf);
    printf("master read %zd %.*s\n", n, (int)(n > 0 ? n : 0), buf);

    int p[2];
    if (pipe(p))
        return 1;
    pid_t child = fork();
    if (child == 0) {
        setsid();
        int tty = open(ptsname(m), O_RDWR); /* becomes the controlling terminal */
        pid_t pg = -1;
        int r = ioctl(tty, TIOCGPGRP, &pg);
        int sp = ioctl(tty, TIOCSPGRP, &pg);
        pid_t sid = -1;
        ioctl(tty, TIOCGSID, &sid);
        char msg[96];
        int len = snprintf(msg, sizeof msg, "child: TIOCGPGRP %d is own group %d TIOCSPGRP %d TIOCGSID self %d\n", r,
                           pg == getpid(), sp, sid == getpid());
        (void)!write(p[1], msg, len);
        _exit(0);
    }
    close(p[1]);
    n = read(p[0], buf, 0);
    char msg[128];
    n = read(p[0], msg, sizeof msg);
    waitpid(child, NULL, 0);
    fwrite(msg, 1, n > 0 ? n : 0, stdout);
    errno = 0;
    errno_case("tcgetattr on pipe", tcgetattr(p[0], &t), ENOTTY, "ENOTTY");
    close(s);
    close(m);
    return 0;
}

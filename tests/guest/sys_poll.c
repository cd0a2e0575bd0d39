/* sys_poll.c — readiness and event descriptors: poll, ppoll, select,
 * pselect6, epoll (create1/ctl/wait/pwait), eventfd (counter and
 * semaphore modes), timerfd (settime/gettime, expirations counted) and
 * signalfd (a blocked signal read as a record). */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

/* Prints the result and whether errno is the expected one, reading errno
 * only after the call (argument evaluation order is unspecified). */
static void errno_case(const char *label, long r, int expect, const char *name)
{
    int e = errno;
    printf("%s %ld errno %s\n", label, r, e == expect ? name : "other");
}

static void test_poll(void)
{
    int p[2];
    if (pipe(p))
        return;
    struct pollfd fds[2] = { { p[0], POLLIN, 0 }, { p[1], POLLOUT, 0 } };
    int n = poll(fds, 2, 0);
    printf("poll empty: %d in %#x out %#x\n", n, fds[0].revents, fds[1].revents);
    (void)!write(p[1], "abc", 3);
    n = poll(fds, 2, 100);
    printf("poll data: %d in %#x out %#x\n", n, fds[0].revents, fds[1].revents);
    struct timespec ts = { 0, 1000000 };
    sigset_t none;
    sigemptyset(&none);
    n = ppoll(fds, 1, &ts, &none);
    printf("ppoll: %d in %#x\n", n, fds[0].revents);
    fd_set r, w;
    FD_ZERO(&r);
    FD_ZERO(&w);
    FD_SET(p[0], &r);
    FD_SET(p[1], &w);
    struct timeval tv = { 0, 0 };
    n = select(p[1] + 1, &r, &w, NULL, &tv);
    printf("select: %d r %d w %d\n", n, FD_ISSET(p[0], &r), FD_ISSET(p[1], &w));
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    n = pselect(p[0] + 1, &r, NULL, NULL, &ts, &none);
    printf("pselect: %d r %d\n", n, FD_ISSET(p[0], &r));
    close(p[1]);
    char buf[8];
    (void)!read(p[0], buf, sizeof buf);
    fds[0].events = POLLIN;
    n = poll(fds, 1, 0);
    printf("poll hangup: %d revents %#x\n", n, fds[0].revents);
    close(p[0]);
}

static void test_epoll_eventfd(void)
{
    int ep = epoll_create1(EPOLL_CLOEXEC);
    int ev = eventfd(0, EFD_NONBLOCK);
    struct epoll_event e = { .events = EPOLLIN, .data.u64 = 0x1122334455667788ull };
    printf("epoll_ctl add %d\n", epoll_ctl(ep, EPOLL_CTL_ADD, ev, &e));
    struct epoll_event out[4];
    printf("epoll_wait idle %d\n", epoll_wait(ep, out, 4, 0));
    uint64_t v = 5;
    (void)!write(ev, &v, 8);
    v = 7;
    (void)!write(ev, &v, 8);
    int n = epoll_wait(ep, out, 4, 100);
    printf("epoll_wait %d data %#llx events %#x\n", n, (unsigned long long)out[0].data.u64, out[0].events);
    sigset_t none;
    sigemptyset(&none);
    n = epoll_pwait(ep, out, 4, 0, &none);
    printf("epoll_pwait %d\n", n);
    v = 0;
    ssize_t got = read(ev, &v, 8);
    printf("eventfd read %zd value %llu\n", got, (unsigned long long)v);
    errno = 0;
    errno_case("eventfd empty", read(ev, &v, 8), EAGAIN, "EAGAIN");
    e.events = EPOLLOUT;
    int mod = epoll_ctl(ep, EPOLL_CTL_MOD, ev, &e);
    printf("epoll_ctl mod %d del %d\n", mod, epoll_ctl(ep, EPOLL_CTL_DEL, ev, NULL));
    close(ev);
    int sem = eventfd(3, EFD_SEMAPHORE | EFD_NONBLOCK);
    int reads = 0;
    while (read(sem, &v, 8) == 8)
        reads++;
    printf("semaphore eventfd reads %d each %llu\n", reads, (unsigned long long)v);
    close(sem);
    close(ep);
}

static void test_timerfd(void)
{
    int t = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
    struct itimerspec its = { { 0, 10000000 }, { 0, 10000000 } }, cur;
    printf("timerfd_settime %d\n", timerfd_settime(t, 0, &its, NULL));
    timerfd_gettime(t, &cur);
    printf("gettime interval %ld ns, armed %d\n", cur.it_interval.tv_nsec,
           cur.it_value.tv_sec > 0 || cur.it_value.tv_nsec > 0);
    uint64_t total = 0, exp;
    while (total < 3 && read(t, &exp, 8) == 8)
        total += exp;
    printf("timerfd expirations >= 3: %d\n", total >= 3);
    struct itimerspec off = { { 0, 0 }, { 0, 0 } };
    timerfd_settime(t, 0, &off, NULL);
    timerfd_gettime(t, &cur);
    printf("disarmed %d\n", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0);
    close(t);
}

static void test_signalfd(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    int sfd = signalfd(-1, &set, SFD_NONBLOCK);
    struct signalfd_siginfo si;
    errno = 0;
    errno_case("signalfd empty", read(sfd, &si, sizeof si), EAGAIN, "EAGAIN");
    kill(getpid(), SIGUSR1);
    ssize_t n = read(sfd, &si, sizeof si);
    printf("signalfd read %zd signo %u code %s pid ok %d\n", n, si.ssi_signo, si.ssi_code == SI_USER ? "SI_USER" : "other",
           si.ssi_pid == (uint32_t)getpid());
    close(sfd);
}

int main(void)
{
    test_poll();
    test_epoll_eventfd();
    test_timerfd();
    test_signalfd();
    return 0;
}

/* sys_socket.c — sockets: socketpair with sendmsg/recvmsg passing a file
 * descriptor (SCM_RIGHTS), AF_UNIX stream server and client on a path,
 * AF_INET TCP and UDP on loopback (port 0, getsockname, getpeername,
 * accept4), socket options, shutdown, and the errors of a refused
 * connection. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

/* Prints the result and whether errno is the expected one, reading errno
 * only after the call (argument evaluation order is unspecified). */
static void errno_case(const char *label, long r, int expect, const char *name)
{
    int e = errno;
    printf("%s %ld errno %s\n", label, r, e == expect ? name : "other");
}

static void test_socketpair(void)
{
    int sv[2];
    printf("socketpair %d\n", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    int p[2];
    if (pipe(p))
        return;
    (void)!write(p[1], "via passed fd", 13);
    char data = 'x';
    struct iovec iov = { &data, 1 };
    union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int))]; } ctl;
    memset(&ctl, 0, sizeof ctl);
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf, .msg_controllen = sizeof ctl.buf };
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &p[0], sizeof(int));
    printf("sendmsg %zd\n", sendmsg(sv[0], &m, 0));
    char got = 0;
    union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int))]; } rctl;
    struct iovec riov = { &got, 1 };
    struct msghdr r = { .msg_iov = &riov, .msg_iovlen = 1, .msg_control = rctl.buf, .msg_controllen = sizeof rctl.buf };
    ssize_t n = recvmsg(sv[1], &r, 0);
    int fd = -1;
    struct cmsghdr *rc = CMSG_FIRSTHDR(&r);
    if (rc && rc->cmsg_type == SCM_RIGHTS)
        memcpy(&fd, CMSG_DATA(rc), sizeof(int));
    char buf[32] = "";
    ssize_t k = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
    printf("recvmsg %zd byte %c passed fd works %d: %.*s\n", n, got, fd >= 0 && fd != p[0], (int)(k > 0 ? k : 0), buf);
    shutdown(sv[0], SHUT_WR);
    printf("after shutdown read %zd\n", read(sv[1], buf, sizeof buf));
    close(sv[0]);
    close(sv[1]);
    close(p[0]);
    close(p[1]);
    if (fd >= 0)
        close(fd);
}

static void test_unix_stream(void)
{
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    snprintf(a.sun_path, sizeof a.sun_path, "sock.%d", (int)getpid());
    unlink(a.sun_path);
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    int b = bind(s, (struct sockaddr *)&a, sizeof a);
    printf("unix bind %d listen %d\n", b, listen(s, 4));
    pid_t child = fork();
    if (child == 0) {
        int c = socket(AF_UNIX, SOCK_STREAM, 0);
        if (connect(c, (struct sockaddr *)&a, sizeof a) != 0)
            _exit(1);
        (void)!write(c, "hello unix", 10);
        _exit(0);
    }
    int c = accept(s, NULL, NULL);
    char buf[32];
    ssize_t n = read(c, buf, sizeof buf);
    printf("unix accept ok %d read %zd: %.*s\n", c >= 0, n, (int)(n > 0 ? n : 0), buf);
    waitpid(child, NULL, 0);
    close(c);
    close(s);
    unlink(a.sun_path);
}

static void test_inet(void)
{
    int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1, val = 0;
    socklen_t len = sizeof val;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    getsockopt(s, SOL_SOCKET, SO_REUSEADDR, &val, &len);
    printf("SO_REUSEADDR %d len %u\n", val != 0, len);
    len = sizeof val;
    getsockopt(s, SOL_SOCKET, SO_TYPE, &val, &len);
    printf("SO_TYPE stream %d\n", val == SOCK_STREAM);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    int b = bind(s, (struct sockaddr *)&a, sizeof a);
    printf("inet bind %d listen %d\n", b, listen(s, 4));
    len = sizeof a;
    getsockname(s, (struct sockaddr *)&a, &len);
    printf("bound to loopback %d port nonzero %d\n", a.sin_addr.s_addr == htonl(INADDR_LOOPBACK), a.sin_port != 0);
    int c = socket(AF_INET, SOCK_STREAM, 0);
    printf("connect %d\n", connect(c, (struct sockaddr *)&a, sizeof a));
    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct sockaddr_in peer;
    len = sizeof peer;
    int srv = accept4(s, (struct sockaddr *)&peer, &len, SOCK_CLOEXEC);
    printf("accept4 ok %d peer loopback %d\n", srv >= 0, peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
    struct sockaddr_in p2;
    len = sizeof p2;
    getpeername(c, (struct sockaddr *)&p2, &len);
    printf("getpeername port matches %d\n", p2.sin_port == a.sin_port);
    printf("send %zd\n", send(c, "ping over tcp", 13, 0));
    char buf[32];
    ssize_t n = recv(srv, buf, sizeof buf, MSG_WAITALL & 0);
    printf("recv %zd: %.*s\n", n, (int)(n > 0 ? n : 0), buf);
    close(c);
    printf("recv after close %zd\n", recv(srv, buf, sizeof buf, 0));
    close(srv);
    close(s);

    int u1 = socket(AF_INET, SOCK_DGRAM, 0), u2 = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in ua = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    bind(u1, (struct sockaddr *)&ua, sizeof ua);
    len = sizeof ua;
    getsockname(u1, (struct sockaddr *)&ua, &len);
    printf("sendto %zd\n", sendto(u2, "datagram", 8, 0, (struct sockaddr *)&ua, sizeof ua));
    struct sockaddr_in from;
    len = sizeof from;
    n = recvfrom(u1, buf, sizeof buf, 0, (struct sockaddr *)&from, &len);
    printf("recvfrom %zd: %.*s from loopback %d\n", n, (int)(n > 0 ? n : 0), buf,
           from.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
    close(u1);
    close(u2);

    /* Nobody listens on the port just closed. */
    int r = socket(AF_INET, SOCK_STREAM, 0);
    errno = 0;
    errno_case("refused", connect(r, (struct sockaddr *)&a, sizeof a), ECONNREFUSED, "ECONNREFUSED");
    close(r);
    errno = 0;
    errno_case("bad family", socket(12345, SOCK_STREAM, 0), EAFNOSUPPORT, "EAFNOSUPPORT");
}

int main(void)
{
    test_socketpair();
    test_unix_stream();
    test_inet();
    return 0;
}

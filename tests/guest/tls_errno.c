/* Thread-local storage through %fs: __thread variables with and without
 * initialisers, errno set by failing syscalls, and arch_prctl-free checks
 * that the TCB self-pointer matches the address of a TLS variable's block. */
#include <stdio.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <stdint.h>

static __thread int tls_counter = 42;
static __thread char tls_buf[100];
static __thread long tls_zero;

int main(void)
{
    for (int i = 0; i < 1000; i++) { tls_counter += i; tls_zero -= i; tls_buf[i % 100] ^= (char)i; }
    long s = 0;
    for (int i = 0; i < 100; i++) s += tls_buf[i];
    printf("tls counter %d zero %ld buf %ld\n", tls_counter, tls_zero, s);
    errno = 0;
    int fd = open("/nonexistent/dir/file", O_RDONLY);
    printf("open %d errno %s\n", fd, strerror(errno));
    errno = 0;
    ssize_t r = read(-1, NULL, 0);
    printf("read %zd errno EBADF %d\n", r, errno == EBADF);
    errno = 0;
    r = write(1, NULL, 0);
    printf("write0 %zd errno %d\n", r, errno);
    uintptr_t self;
    __asm__("mov %%fs:0, %0" : "=r"(self));
    uintptr_t var = (uintptr_t)&tls_counter;
    printf("tls below tcb %d distance small %d\n", var < self, self - var < 65536);
    return 0;
}

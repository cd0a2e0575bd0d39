/* sig_bus.c — SIGBUS for a file mapping touched past the end of its file
 * (BUS_ADRERR at the first byte of the missing page, for a load and for
 * a store), then SIGILL (ILL_ILLOPN, si_addr at the ud2) and SIGTRAP from
 * int3 (SI_KERNEL, rip after the int3); each handler checks the saved
 * rip and escapes with siglongjmp. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

static sigjmp_buf back;
static volatile int got_sig, got_code;
static void *volatile got_addr;
static volatile uintptr_t got_rip;

static void handler(int sig, siginfo_t *si, void *ctx)
{
    got_sig = sig;
    got_code = si->si_code;
    got_addr = si->si_addr;
    got_rip = ((ucontext_t *)ctx)->uc_mcontext.gregs[REG_RIP];
    siglongjmp(back, 1);
}

__asm__(".text\n"
        ".globl do_ud2\n do_ud2: ud2\n ret\n"
        ".globl do_int3\n do_int3: int3\n .globl after_int3\n after_int3: ret\n");
void do_ud2(void), do_int3(void);
extern const char after_int3[];

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGTRAP, &sa, NULL);

    int fd = open("short-file", O_RDWR | O_CREAT | O_TRUNC, 0600);
    (void)!write(fd, "just a few bytes", 16);
    char *p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    printf("in the file: %.4s\n", p);
    if (sigsetjmp(back, 1) == 0)
        (void)*(volatile char *)(p + 4096 + 10);
    printf("load past EOF: sig %s code %s offset %ld\n", got_sig == SIGBUS ? "SIGBUS" : "other",
           got_code == BUS_ADRERR ? "BUS_ADRERR" : "other", (char *)got_addr - p);
    got_sig = 0;
    if (sigsetjmp(back, 1) == 0)
        *(volatile char *)(p + 2 * 4096 + 5) = 1;
    printf("store past EOF: sig %s code %s offset %ld\n", got_sig == SIGBUS ? "SIGBUS" : "other",
           got_code == BUS_ADRERR ? "BUS_ADRERR" : "other", (char *)got_addr - p);
    munmap(p, 3 * 4096);
    close(fd);
    unlink("short-file");

    if (sigsetjmp(back, 1) == 0)
        do_ud2();
    printf("ud2: sig %s code %s addr at ud2 %d rip at ud2 %d\n", got_sig == SIGILL ? "SIGILL" : "other",
           got_code == ILL_ILLOPN ? "ILL_ILLOPN" : "other", got_addr == (void *)do_ud2, got_rip == (uintptr_t)do_ud2);
    if (sigsetjmp(back, 1) == 0)
        do_int3();
    printf("int3: sig %s code %s rip after int3 %d\n", got_sig == SIGTRAP ? "SIGTRAP" : "other",
           got_code == SI_KERNEL ? "SI_KERNEL" : got_code == TRAP_BRKPT ? "TRAP_BRKPT" : "other",
           got_rip == (uintptr_t)after_int3);
    return 0;
}

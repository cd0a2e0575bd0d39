/* sig_segv_jmp.c — siglongjmp out of SIGSEGV handlers, many times: the
 * signal mask saved by sigsetjmp comes back each time (otherwise the
 * second fault would kill), si_addr and si_code for unmapped
 * (SEGV_MAPERR) and protected (SEGV_ACCERR) pages, reads, writes and
 * execution of a non-executable page; calls through a null function
 * pointer, again and again from one indirect call (fault at rip 0, not
 * at the call: an emulator's cache of indirect-branch targets must not
 * take 0 for a known target). */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

static sigjmp_buf back;
static void *volatile fault_addr;
static volatile int fault_code, err_write;
static volatile long fault_rip;

#include <ucontext.h>
static void on_segv(int sig, siginfo_t *si, void *ctx)
{
    (void)sig;
    fault_addr = si->si_addr;
    fault_code = si->si_code;
    err_write = (((ucontext_t *)ctx)->uc_mcontext.gregs[REG_ERR] & 2) != 0;
    fault_rip = ((ucontext_t *)ctx)->uc_mcontext.gregs[REG_RIP];
    siglongjmp(back, 1);
}

static const char *code_name(int c)
{
    return c == SEGV_MAPERR ? "MAPERR" : c == SEGV_ACCERR ? "ACCERR" : "other";
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);

    char *page = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(page + 4096, 4096);
    mprotect(page + 8192, 4096, PROT_READ);
    int caught = 0, right = 0;
    for (int i = 0; i < 1000; i++) {
        char *target = page + 4096 + (i % 7) * 100;
        if (sigsetjmp(back, 1) == 0) {
            *(volatile char *)target = 1;
        } else {
            caught++;
            right += fault_addr == target && fault_code == SEGV_MAPERR;
        }
    }
    printf("unmapped writes: caught %d right %d\n", caught, right);

    if (sigsetjmp(back, 1) == 0)
        (void)*(volatile char *)(page + 4096 + 5);
    printf("read unmapped: offset %ld %s write %d\n", (char *)fault_addr - page, code_name(fault_code), err_write);
    if (sigsetjmp(back, 1) == 0)
        *(volatile char *)(page + 8192 + 7) = 1;
    printf("write read-only: offset %ld %s write %d\n", (char *)fault_addr - page, code_name(fault_code), err_write);
    if (sigsetjmp(back, 1) == 0)
        (void)*(volatile char *)(page + 8192 + 7);
    printf("read read-only: fine\n");
    mprotect(page, 4096, PROT_NONE);
    if (sigsetjmp(back, 1) == 0)
        (void)*(volatile char *)(page + 12);
    printf("read PROT_NONE: offset %ld %s\n", (char *)fault_addr - page, code_name(fault_code));
    mprotect(page, 4096, PROT_READ | PROT_WRITE);
    page[0] = (char)0xc3; /* ret, on a page that is not executable */
    if (sigsetjmp(back, 1) == 0)
        ((void (*)(void))page)();
    printf("execute non-exec: offset %ld %s\n", (char *)fault_addr - page, code_name(fault_code));
    if (sigsetjmp(back, 1) == 0)
        (void)*(volatile long *)0x8;
    printf("null+8: addr %p %s\n", fault_addr, code_name(fault_code));
    void (*volatile fn)(void) = NULL;
    int at_zero = 0;
    for (int i = 0; i < 100; i++) {
        if (sigsetjmp(back, 1) == 0)
            fn();
        at_zero += fault_addr == NULL && fault_rip == 0;
    }
    printf("null calls: %d of 100 fault at rip 0, %s\n", at_zero, code_name(fault_code));
    return 0;
}

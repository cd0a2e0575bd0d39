/* Faults on protected memory become SIGSEGV with the right si_addr and
 * si_code, at the faulting instruction, and execution resumes via
 * siglongjmp: writes to read-only pages, reads of PROT_NONE pages, a
 * null-pointer read, and a write that straddles into a protected page. */
#include <stdio.h>
#include <signal.h>
#include <setjmp.h>
#include <string.h>
#include <stdint.h>
#include <sys/mman.h>

static sigjmp_buf escape;
static void *volatile fault_addr;
static volatile int fault_code, fault_sig;

static void on_fault(int sig, siginfo_t *info, void *ctx)
{
    (void)ctx;
    fault_sig = sig;
    fault_addr = info->si_addr;
    fault_code = info->si_code;
    siglongjmp(escape, 1);
}

static void report(const char *what, void *expect, unsigned char *base)
{
    printf("%-16s sig %d addr %s%ld code %s\n", what, fault_sig, fault_addr == expect ? "ok " : "off ",
           (long)((unsigned char *)fault_addr - base),
           fault_code == SEGV_ACCERR ? "ACCERR" : fault_code == SEGV_MAPERR ? "MAPERR" : "other");
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);

    unsigned char *m = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    mprotect(m + 4096, 4096, PROT_READ);
    mprotect(m + 8192, 4096, PROT_NONE);
    volatile unsigned char *vm = m;

    if (sigsetjmp(escape, 1) == 0) { vm[4096 + 100] = 1; puts("no fault on ro write"); }
    else report("write ro", m + 4096 + 100, m);
    if (sigsetjmp(escape, 1) == 0) { (void)vm[8192 + 7]; puts("no fault on none read"); }
    else report("read none", m + 8192 + 7, m);
    if (sigsetjmp(escape, 1) == 0) { (void)*(volatile int *)16; puts("no fault on null"); }
    else report("null read", (void *)16, 0);
    if (sigsetjmp(escape, 1) == 0) {
        *(volatile uint64_t *)(m + 4096 - 4) = 0x1122334455667788ULL;
        puts("no fault on straddle");
    } else {
        report("straddle write", m + 4096, m);
        printf("bytes before boundary %02x %02x\n", m[4092], m[4095]);
    }
    volatile int loops = 0;
    for (volatile int i = 0; i < 50; i++)
        if (sigsetjmp(escape, 1) != 0) loops++;
        else vm[8192 + i] = 2;
    printf("repeated faults %d\n", loops);
    munmap(m, 3 * 4096);
    if (sigsetjmp(escape, 1) == 0) { (void)vm[5]; puts("no fault after munmap"); }
    else report("after munmap", m + 5, m);
    return 0;
}

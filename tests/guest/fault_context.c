/* Precise state at a fault: registers loaded with known values just before
 * a faulting load must appear in the signal handler's ucontext; the handler
 * then changes rax and moves rip past the faulting instruction, and the
 * program must continue with the changed values.  An emulator that leaves
 * guest registers stale in host registers, or restores the wrong rip, fails. */
#define _GNU_SOURCE
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <stdint.h>
#include <ucontext.h>

static volatile long seen_rbx, seen_r12, seen_rcx, seen_rdx, seen_r15;
static volatile int faults;

/* The faulting instruction is "mov (%rdx), %rax": 3 bytes, 48 8b 02. */
static void handler(int sig, siginfo_t *info, void *ctx)
{
    (void)sig; (void)info;
    ucontext_t *uc = ctx;
    greg_t *g = uc->uc_mcontext.gregs;
    seen_rbx = g[REG_RBX];
    seen_r12 = g[REG_R12];
    seen_rcx = g[REG_RCX];
    seen_rdx = g[REG_RDX];
    seen_r15 = g[REG_R15];
    g[REG_RAX] = 0x5eed0000 + faults++;
    g[REG_RCX] += 1000;
    g[REG_RIP] += 3;
}

static long fault_with(long base)
{
    long rax, rcx;
    __asm__ volatile("push %%rbx\n push %%r12\n push %%r15\n"
                     "mov %[b], %%rbx\n lea 1(%[b]), %%r12\n lea 2(%[b]), %%rcx\n lea 3(%[b]), %%r15\n"
                     "add %%rbx, %%rcx\n"          /* rcx = 2b+2: computed, not just loaded */
                     "xor %%edx, %%edx\n add $8, %%rdx\n"
                     "mov (%%rdx), %%rax\n"        /* faults: address 8 */
                     "add %%rbx, %%rax\n"
                     "pop %%r15\n pop %%r12\n pop %%rbx\n"
                     : "=a"(rax), "=c"(rcx)
                     : [b] "r"(base)
                     : "rdx", "memory", "cc");
    return rax + rcx;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    for (long b = 100; b < 100000; b = b * 7 + 3) {
        long r = fault_with(b);
        printf("base %ld result %ld rbx %ld r12 %ld rcx %ld rdx %ld r15 %ld\n", b, r, seen_rbx, seen_r12, seen_rcx,
               seen_rdx, seen_r15);
    }
    printf("faults %d\n", faults);
    return 0;
}

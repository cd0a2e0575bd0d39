/* sse_pending.c — SSE results computed right before a fault in the same
 * straight-line code, where an emulator may still hold them in host
 * registers: the SIGSEGV handler prints the xmm registers of its
 * ucontext, makes the faulting load read a valid address and changes
 * one xmm register in the context; after resuming, the code goes on
 * using the registers (across a jump, a helper-like instruction and a
 * syscall) and the program prints them.  Also a fault in an SSE load
 * onto a register holding a fresh result, and a plain write into a
 * register's image after a helper call the optimizer drops. */
#define _GNU_SOURCE
#pragma GCC target("sse4.2")
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

static uint8_t *bad;                    /* an inaccessible page */
static double good[4] __attribute__((aligned(16))) = { 1.25, -3.5, 7.0, 0.125 };
static int faults;

static void print_xmm(const char *what, int r, const void *v)
{
    uint64_t q[2];
    memcpy(q, v, 16);
    printf("%s xmm%d %016llx:%016llx\n", what, r, (unsigned long long)q[1], (unsigned long long)q[0]);
}

/* the faulting instruction loads from the address in rax or rsi: point
 * it at good[] and let it run again */
static void handler(int sig, siginfo_t *si, void *p)
{
    ucontext_t *uc = p;
    faults++;
    printf("signal %d at offset %ld\n", sig, (long)((uint8_t *)si->si_addr - bad));
    for (int r = 0; r < 16; r++)
        print_xmm("handler", r, &uc->uc_mcontext.fpregs->_xmm[r]);
    greg_t *regs = uc->uc_mcontext.gregs;
    if ((uint8_t *)regs[REG_RAX] == bad)
        regs[REG_RAX] = (greg_t)good;
    if ((uint8_t *)regs[REG_RSI] == bad)
        regs[REG_RSI] = (greg_t)good;
    uc->uc_mcontext.fpregs->_xmm[15].element[0] ^= 0x5a5a5a5a; /* must reach the resumed code */
}

static void dump(const char *what, const double v[32])
{
    for (int r = 0; r < 16; r++)
        print_xmm(what, r, &v[2 * r]);
}

/* results in xmm1-6 and xmm15, then a general-register load faults */
static void gpr_fault(double out[32])
{
    __asm__ volatile(
        "movapd (%[g]), %%xmm1\n movapd 16(%[g]), %%xmm2\n pxor %%xmm15, %%xmm15\n"
        "mulpd %%xmm1, %%xmm2\n addsd %%xmm2, %%xmm1\n movapd %%xmm2, %%xmm3\n"
        "sqrtpd %%xmm1, %%xmm4\n unpcklpd %%xmm3, %%xmm4\n paddq %%xmm4, %%xmm15\n"
        "cvtsi2sd %[n], %%xmm5\n divsd %%xmm4, %%xmm5\n pshufd $0x4e, %%xmm5, %%xmm6\n"
        "mov %[bad], %%rax\n mov 8(%%rax), %%rcx\n" /* faults */
        "movq %%rcx, %%xmm7\n addsd %%xmm7, %%xmm1\n jmp 1f\n 1:\n"
        "mulpd %%xmm15, %%xmm3\n cpuid\n addpd %%xmm3, %%xmm2\n"
        "mov $39, %%eax\n syscall\n" /* getpid */
        "subpd %%xmm2, %%xmm6\n"
        ".irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n movupd %%xmm\\i, \\i*16(%[out])\n .endr\n"
        :
        : [g] "r"(good), [bad] "r"(bad), [out] "r"(out), [n] "r"(12345L)
        : "rax", "rbx", "rcx", "rdx", "rsi", "r11", "memory", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6",
          "xmm7", "xmm15");
}

/* a fresh result in xmm2 and xmm15, then an SSE load onto xmm2 faults */
static void sse_fault(double out[32])
{
    __asm__ volatile(
        "movapd (%[g]), %%xmm2\n movapd 16(%[g]), %%xmm15\n mulpd %%xmm15, %%xmm2\n addpd %%xmm2, %%xmm15\n"
        "mov %[bad], %%rsi\n addpd (%%rsi), %%xmm2\n" /* faults */
        "mulsd %%xmm2, %%xmm15\n"
        ".irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n movupd %%xmm\\i, \\i*16(%[out])\n .endr\n"
        :
        : [g] "r"(good), [bad] "r"(bad), [out] "r"(out)
        : "rsi", "memory", "xmm2", "xmm15");
}

/* a helper call the translator saw (sahf's flags) and the optimizer
 * dropped, then a plain write into an xmm image (movlps) read at once */
static void dropped_call(double out[32])
{
    static const uint8_t bytes[32] __attribute__((aligned(16))) = { 0x40, 0x30, 0x55, 0x7a, 0x9f, 0xc4, 0xe9, 0x0e,
                                                                   0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80 };
    __asm__ volatile(
        "pcmpeqb %%xmm8, %%xmm8\n psrlw $9, %%xmm8\n movdqu 16(%[b]), %%xmm0\n jmp 1f\n 1:\n"
        "psadbw (%[b]), %%xmm0\n mov $0x45, %%ah\n sahf\n add $1, %%ecx\n movlps (%[b]), %%xmm8\n pmaxub %%xmm0, %%xmm8\n"
        ".irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n movupd %%xmm\\i, \\i*16(%[out])\n .endr\n"
        :
        : [b] "r"(bytes), [out] "r"(out)
        : "rax", "rcx", "cc", "memory", "xmm0", "xmm8");
}

int main(void)
{
    bad = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (bad == MAP_FAILED)
        return 1;
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    static double out[32] __attribute__((aligned(16)));
    /* the other registers hold known values: whatever libc left there differs */
    __asm__ volatile(".irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n pxor %%xmm\\i, %%xmm\\i\n .endr\n" ::: "xmm0",
                     "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11",
                     "xmm12", "xmm13", "xmm14", "xmm15");
    gpr_fault(out);
    dump("after gpr fault", out);
    __asm__ volatile(".irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n pxor %%xmm\\i, %%xmm\\i\n .endr\n" ::: "xmm0",
                     "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11",
                     "xmm12", "xmm13", "xmm14", "xmm15");
    sse_fault(out);
    dump("after sse fault", out);
    __asm__ volatile(".irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n pxor %%xmm\\i, %%xmm\\i\n .endr\n" ::: "xmm0",
                     "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11",
                     "xmm12", "xmm13", "xmm14", "xmm15");
    dropped_call(out);
    dump("after dropped call", out);
    printf("faults %d\n", faults);
    return 0;
}

/* Precise faults in x87 memory operands: loads and stores of every size
 * aimed at an unmapped page, or straddling into it, raise SIGSEGV at the
 * instruction with the x87 state unchanged (no push, no pop, no flags:
 * the status and tag words saved in the signal frame show it) and memory
 * unwritten.  The handler leaves with siglongjmp. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

typedef struct { uint64_t m; uint16_t e; } __attribute__((packed)) X80;

static sigjmp_buf back;
static volatile sig_atomic_t faults;
static uint8_t *page; /* a writable page followed by an unmapped one */
static volatile long fault_offset;
static volatile unsigned saved_swd, saved_ftw;

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
    (void)sig;
    const ucontext_t *uc = ctx;
    faults++;
    fault_offset = (long)((uint8_t *)si->si_addr - page);
    saved_swd = uc->uc_mcontext.fpregs ? uc->uc_mcontext.fpregs->swd : 0xdead;
    saved_ftw = uc->uc_mcontext.fpregs ? uc->uc_mcontext.fpregs->ftw : 0xdead;
    siglongjmp(back, 1);
}

/* Load ST(1) = 2, ST(0) = 3, run insn on rdi, then report the stack. */
#define TRY(name, insn)                                                                   \
    static void name(uint8_t *p)                                                         \
    {                                                                                    \
        uint16_t sw = 0;                                                                 \
        X80 r0 = { 0, 0 }, r1 = { 0, 0 };                                                \
        if (!sigsetjmp(back, 1)) {                                                       \
            __asm__ volatile("fninit\n\tfld1\n\tfld1\n\tfaddp\n\tfld1\n\tfadd %%st(1), %%st\n\t" \
                             insn "\n\tfnstsw %0\n\tfninit" : "=m"(sw) : "D"(p) : "memory");  \
            printf("%-8s no fault sw=%04x\n", #name, sw);                                  \
            return;                                                                      \
        }                                                                                \
        __asm__ volatile("fninit");                                                      \
        (void)r0, (void)r1;                                                              \
        printf("%-8s fault at +%ld swd=%04x ftw=%02x, bytes before the gap:", #name,      \
               fault_offset, saved_swd, saved_ftw);                                      \
        for (int i = -32; i < 0; i++)                                                    \
            printf(" %02x", page[4096 + i]);                                             \
        printf("\n");                                                                    \
    }

TRY(flds, "flds (%%rdi)") TRY(fldl, "fldl (%%rdi)") TRY(fldt, "fldt (%%rdi)")
TRY(fildll, "fildll (%%rdi)") TRY(fbld, "fbld (%%rdi)") TRY(fadds, "fadds (%%rdi)")
TRY(fcompl, "fcompl (%%rdi)") TRY(fstpl, "fstpl (%%rdi)") TRY(fstpt, "fstpt (%%rdi)")
TRY(fistpll, "fistpll (%%rdi)") TRY(fisttps, "fisttps (%%rdi)") TRY(fbstp, "fbstp (%%rdi)")
TRY(fnstenv, "fnstenv (%%rdi)") TRY(fldenv, "fldenv (%%rdi)") TRY(fnstcw, "fnstcw (%%rdi)")
TRY(fnstsw, "fnstsw (%%rdi)") TRY(fnsave, "fnsave (%%rdi)") TRY(frstor, "frstor (%%rdi)")
TRY(fnsave16, "data16 fnsave (%%rdi)") TRY(fldenv16, "data16 fldenv (%%rdi)")

int main(void)
{
    page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED || munmap(page + 4096, 4096))
        return 1;
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    static void (*const tries[])(uint8_t *) = { flds, fldl, fldt, fildll, fbld, fadds, fcompl, fstpl,
                                                fstpt, fistpll, fisttps, fbstp, fnstenv, fldenv,
                                                fnstcw, fnstsw, fnsave, frstor, fnsave16, fldenv16 };
    /* in the gap, or straddling it at various points */
    static const int offsets[] = { 4096, 4090, 4094, 4088, 4095, 4084, 4070, 4000 };
    for (unsigned o = 0; o < sizeof(offsets) / sizeof(offsets[0]); o++) {
        printf("offset %d\n", offsets[o]);
        for (unsigned t = 0; t < sizeof(tries) / sizeof(tries[0]); t++) {
            memset(page + 4096 - 128, 0xa5, 128);
            tries[t](page + offsets[o]);
        }
    }
    printf("faults=%d\n", (int)faults);
    return 0;
}

/* sig_fpe.c — SIGFPE si_code for every kind of arithmetic trap, as Linux
 * derives it: #DE from div/idiv is FPE_INTDIV; an x87 (#MF) or SSE (#XM)
 * trap takes the code of the unmasked exception raised (invalid,
 * zero-divide, overflow, underflow, precision, denormal); si_addr is the
 * trapping instruction and the handler leaves with siglongjmp. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

static sigjmp_buf back;
static volatile int got_code, got_trapno;

static void on_fpe(int sig, siginfo_t *si, void *ctx)
{
    (void)sig;
    got_code = si->si_code;
    got_trapno = (int)((ucontext_t *)ctx)->uc_mcontext.gregs[REG_TRAPNO];
    siglongjmp(back, 1);
}

static const char *code_name(int c)
{
    switch (c) {
    case FPE_INTDIV: return "FPE_INTDIV";
    case FPE_INTOVF: return "FPE_INTOVF";
    case FPE_FLTDIV: return "FPE_FLTDIV";
    case FPE_FLTOVF: return "FPE_FLTOVF";
    case FPE_FLTUND: return "FPE_FLTUND";
    case FPE_FLTRES: return "FPE_FLTRES";
    case FPE_FLTINV: return "FPE_FLTINV";
    case 0: return "none";
    default: return "other";
    }
}

static volatile long lzero = 0, lminus1 = -1;
static volatile double dzero = 0.0, dbig = 1e300, dtiny = 1e-300, dthree = 3.0, dminus = -1.0;
static volatile double ddenorm = 4.9e-324;
static volatile float fzero = 0.0f, fbig = 3e38f, ftiny = 1e-38f, fthree = 3.0f, fminus = -1.0f;
static volatile float fdenorm = 1e-45f;

static void report(const char *what)
{
    printf("%-22s %s trapno %d\n", what, code_name(got_code), got_trapno);
    got_code = -1;
}

/* x87: unmask one exception (control word bit), compute, then fwait traps. */
#define X87(label, cwbit, expr)                                                     \
    do {                                                                            \
        got_code = 0;                                                               \
        if (sigsetjmp(back, 1) == 0) {                                              \
            unsigned short cw = 0x37f & ~(cwbit);                                   \
            __asm__ volatile("fninit\n fldcw %0" ::"m"(cw));                       \
            volatile long double r = (expr);                                        \
            __asm__ volatile("fwait");                                              \
            (void)r;                                                                \
        }                                                                           \
        __asm__ volatile("fninit");                                                 \
        report(label);                                                              \
    } while (0)

/* SSE: unmask one exception in MXCSR (mask bit = flag bit << 7). */
#define SSE(label, flag, expr)                                                      \
    do {                                                                            \
        got_code = 0;                                                               \
        if (sigsetjmp(back, 1) == 0) {                                              \
            unsigned m = 0x1f80 & ~((flag) << 7);                                   \
            __asm__ volatile("ldmxcsr %0" ::"m"(m));                               \
            volatile float r = (expr);                                              \
            (void)r;                                                                \
        }                                                                           \
        unsigned d = 0x1f80;                                                        \
        __asm__ volatile("ldmxcsr %0" ::"m"(d));                                   \
        report(label);                                                              \
    } while (0)

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fpe;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGFPE, &sa, NULL);

    if (sigsetjmp(back, 1) == 0)
        printf("%ld\n", 7 / lzero);
    report("idiv by zero");
    if (sigsetjmp(back, 1) == 0)
        printf("%ld\n", (long)INT64_MIN / lminus1);
    report("idiv overflow");

    X87("x87 invalid", 0x01, __builtin_sqrtl((long double)dminus) + 0 * (long double)dzero);
    X87("x87 zero-divide", 0x04, (long double)dthree / (long double)dzero);
    X87("x87 overflow", 0x08, (long double)dbig * (long double)dbig * (long double)dbig * 1e4000L);
    X87("x87 underflow", 0x10, (long double)dtiny * (long double)dtiny * 1e-4000L);
    X87("x87 precision", 0x20, 1.0L / (long double)dthree);
    X87("x87 denormal", 0x02, (long double)ddenorm);

    SSE("sse invalid", 0x01, fzero / fzero);
    SSE("sse zero-divide", 0x04, fthree / fzero);
    SSE("sse overflow", 0x08, fbig * fbig);
    SSE("sse underflow", 0x10, ftiny * ftiny);
    SSE("sse precision", 0x20, 1.0f / fthree);
    SSE("sse denormal", 0x02, fdenorm + fthree);
    (void)fminus;
    return 0;
}

/* SSE exception flags raised by arithmetic are sticky and visible to
 * fetestexcept/stmxcsr, fxsave, a signal handler's saved state and
 * after a thread switch of rounding mode; ldmxcsr/feclearexcept drop
 * them.  The emulator keeps them pending in the host MXCSR between reads,
 * so every way of reading and replacing them is exercised. */
#include <fenv.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

static volatile double zero = 0.0, one = 1.0, three = 3.0, big = 1e300, tiny = 1e-300;
static volatile float fone = 1.0f, fthree = 3.0f;

static unsigned get_mxcsr(void)
{
    unsigned m;
    __asm__ volatile("stmxcsr %0" : "=m"(m));
    return m;
}

static void set_mxcsr(unsigned m) { __asm__ volatile("ldmxcsr %0" : : "m"(m)); }

static unsigned fx_mxcsr(void)
{
    uint8_t area[512] __attribute__((aligned(16)));
    unsigned m;
    __asm__ volatile("fxsave %0" : "=m"(area));
    memcpy(&m, area + 24, 4);
    return m;
}

static unsigned seen_in_handler;

static void on_usr1(int sig, siginfo_t *si, void *uc_)
{
    (void)sig, (void)si;
    ucontext_t *uc = uc_;
    seen_in_handler = uc->uc_mcontext.fpregs->mxcsr;
}

static void show(const char *what) { printf("%-28s %#06x\n", what, get_mxcsr()); }

int main(void)
{
    volatile double r;
    set_mxcsr(0x1f80);
    show("start");
    r = one / three;
    show("inexact div");
    r = one / zero;
    show("+ divide by zero");
    set_mxcsr(0x1f80);
    r = big * big;
    show("overflow");
    set_mxcsr(0x1f80);
    r = tiny * tiny;
    show("underflow");
    feclearexcept(FE_ALL_EXCEPT);
    r = zero / zero;
    printf("invalid: fetestexcept %#x\n", fetestexcept(FE_ALL_EXCEPT));
    feclearexcept(FE_ALL_EXCEPT);
    r = one + one;
    show("exact add after clear");
    volatile float f = fone / fthree;
    (void)f;
    printf("fxsave after float div       %#06x\n", fx_mxcsr());
    set_mxcsr(0x1f80);
    r = one < three ? one * three : zero;
    __asm__ volatile("ucomisd %1, %0" : : "x"(zero / zero), "x"(one));
    show("ucomisd of a quiet NaN");
    __asm__ volatile("comisd %1, %0" : : "x"(zero / zero), "x"(one));
    show("comisd of a quiet NaN");
    set_mxcsr(0x1f80);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_usr1;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    r = one / three;
    raise(SIGUSR1);
    printf("signal frame mxcsr          %#06x\n", seen_in_handler);
    /* a non-default rounding mode, then back */
    set_mxcsr(0x3f80);
    r = one / three;
    printf("round down: %a %#06x\n", r, get_mxcsr());
    set_mxcsr(0x1f80);
    r = one / three;
    printf("nearest:    %a %#06x\n", r, get_mxcsr());
    double acc = 0;
    for (int i = 1; i < 200; i++)
        acc += one / (double)i;
    printf("sum %a %#06x\n", acc, get_mxcsr());
    return 0;
}

/* Division traps: x86 raises #DE for a zero divisor and for INT_MIN / -1;
 * Linux delivers SIGFPE (FPE_INTDIV) at the faulting instruction.  The
 * handler escapes with siglongjmp, so each trap is counted exactly once. */
#include <stdio.h>
#include <stdint.h>
#include <signal.h>
#include <setjmp.h>
#include <string.h>

static sigjmp_buf escape;
static volatile int last_code;

static void on_fpe(int sig, siginfo_t *info, void *ctx)
{
    (void)ctx;
    last_code = sig == SIGFPE ? info->si_code : -1;
    siglongjmp(escape, 1);
}

#define TRY(label, expr)                                                    \
    do {                                                                    \
        last_code = 0;                                                      \
        if (sigsetjmp(escape, 1) == 0) {                                    \
            volatile long long r = (expr);                                  \
            printf("%-12s no trap, %lld\n", label, (long long)r);           \
        } else {                                                            \
            printf("%-12s SIGFPE code %s\n", label,                         \
                   last_code == FPE_INTDIV ? "FPE_INTDIV" : "other");       \
        }                                                                   \
    } while (0)

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_fpe;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGFPE, &sa, NULL);

    volatile int32_t i32min = INT32_MIN, m1 = -1, zero = 0, seven = 7;
    volatile int64_t i64min = INT64_MIN, m1l = -1, zerol = 0;
    volatile uint32_t uz = 0;
    volatile uint64_t ulz = 0;
    volatile int8_t i8min = INT8_MIN, m1b = -1;

    TRY("i32 /0", seven / zero);
    TRY("i32 %0", seven % zero);
    TRY("i32 min/-1", i32min / m1);
    TRY("i32 min%-1", i32min % m1);
    TRY("i64 /0", 7LL / zerol);
    TRY("i64 min/-1", i64min / m1l);
    TRY("u32 /0", 7u / uz);
    TRY("u64 /0", 7ull / ulz);
    TRY("i8 min/-1", i8min / m1b);   /* promoted to int: no trap */
    TRY("ok 7/-1", seven / m1);
    for (volatile int i = 0; i < 100; i++)
        TRY("loop", (i % 10 == 0) ? seven / zero : seven / (i % 10));
    return 0;
}

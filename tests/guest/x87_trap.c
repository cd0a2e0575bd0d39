/* Unmasked x87 exceptions: after fldcw unmasks divide-by-zero, a division
 * by zero flags it, and the next waiting x87 instruction traps (#MF), which
 * Linux delivers as SIGFPE at that instruction.  The handler leaves with
 * siglongjmp; the program then resets the x87 unit and goes on. */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static sigjmp_buf back;
static volatile sig_atomic_t caught;

static void on_fpe(int sig)
{
    (void)sig;
    caught++;
    siglongjmp(back, 1);
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_fpe;
    sigaction(SIGFPE, &sa, NULL);
    static const uint16_t unmask_ze = 0x037b;
    uint16_t sw_before = 0;
    if (!sigsetjmp(back, 1)) {
        /* the fdiv flags ZE (no trap yet); fnstsw does not wait; fld1 traps */
        __asm__ volatile("fninit\n\tfldcw %1\n\tfld1\n\tfldz\n\tfdivr %%st(1), %%st\n\tfnstsw %0\n\t"
                         "fld1\n\tfninit"
                         : "=m"(sw_before) : "m"(unmask_ze));
        printf("no trap\n");
    } else {
        __asm__ volatile("fninit");
        printf("trapped after fdiv: sw=%04x\n", sw_before);
    }
    printf("caught=%d\n", (int)caught);
    volatile long double x = 1.0L, y = 3.0L;
    printf("after reset %.21Lg\n", x / y);
    return 0;
}

/* Unmasked x87 exceptions: after fldcw unmasks divide-by-zero, a division
 * by zero flags it, and the next waiting x87 instruction traps (#MF), which
 * Linux delivers as SIGFPE at that instruction.  The handler leaves with
 * siglongjmp; the program then resets the x87 unit and goes on.  Then,
 * without trapping (fnsave does not wait): an unmasked invalid-operation,
 * denormal or divide-by-zero exception leaves the destination and the
 * stack as they were. */
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

static void show_image(const char *what, const uint8_t *img)
{
    uint16_t sw, tw;
    memcpy(&sw, img + 4, 2);
    memcpy(&tw, img + 8, 2);
    printf("%-14s sw=%04x tw=%04x", what, sw, tw);
    for (int i = 0; i < 3; i++) {
        uint64_t m;
        uint16_t e;
        memcpy(&m, img + 28 + 10 * i, 8);
        memcpy(&e, img + 36 + 10 * i, 2);
        if (((tw >> (2 * (((sw >> 11) + i) & 7))) & 3) != 3)
            printf(" st%d=%04x:%016llx", i, e, (unsigned long long)m);
    }
    printf("\n");
}

#define STOPPED(name, cw, setup)                                                        \
    do {                                                                                \
        static const uint16_t cw_ = cw;                                                 \
        uint8_t img[108];                                                               \
        __asm__ volatile("fninit\n\tfldcw %1\n\t" setup "\n\tfnsave %0"                \
                         : "=m"(img) : "m"(cw_), "m"(f32_snan), "m"(f64_denormal),        \
                           "m"(snan80), "m"(denormal80), "m"(huge80));                   \
        show_image(name, img);                                                          \
    } while (0)

/* only the last instruction before fnsave may raise an unmasked
 * exception: a waiting instruction after it would trap */
static uint32_t f32_snan = 0x7fa00000; /* also a store target */
static const uint64_t f64_denormal = 1;
static const struct { uint64_t m; uint16_t e; } __attribute__((packed)) snan80 = { 0xA000000000000000ull, 0x7fff },
                                                                         denormal80 = { 1, 0 },
                                                                         huge80 = { 1ull << 63, 0x6000 };

static void stopped_instructions(void)
{
    STOPPED("fdivr ZE", 0x037b, "fld1\n\tfldz\n\tfdivr %%st(1), %%st");
    STOPPED("fdivrp ZE", 0x037b, "fld1\n\tfldz\n\t.byte 0xde, 0xf1");
    STOPPED("fdivp IE", 0x037e, "fldz\n\tfldz\n\t.byte 0xde, 0xf9");
    STOPPED("fsqrt IE", 0x037e, "fld1\n\tfchs\n\tfsqrt");
    STOPPED("fdivl DE", 0x037d, "fld1\n\tfdivl %3");
    STOPPED("fmul DE", 0x037d, "fld1\n\tfldt %5\n\tfmul %%st(1), %%st");
    STOPPED("flds IE", 0x037e, "fld1\n\tflds %2");
    STOPPED("fcomp IE", 0x037e, "fld1\n\tfldt %4\n\tfcomp %%st(1)");
    STOPPED("faddp empty", 0x037e, "fld1\n\t.byte 0xde, 0xc2");
    STOPPED("fst empty", 0x037e, "fld1\n\tffree %%st(0)\n\tfst %%st(1)");
    STOPPED("fxch empty", 0x037e, "fld1\n\tfxch %%st(1)");
    STOPPED("fptan IE", 0x037e, "fld1\n\tfldt %4\n\tfptan");
    STOPPED("fpatan DE", 0x037d, "fld1\n\tfldt %5\n\tfpatan");
    /* overflow and underflow unmasked: bias-adjusted results, stores stopped */
    STOPPED("fmul OE", 0x0377, "fld1\n\tfldt %6\n\tfmul %%st(0), %%st");
    STOPPED("fscale UE", 0x036f, "fldt %6\n\tfchs\n\tfld1\n\tfscale");
    STOPPED("fstps OE", 0x0377, "fld1\n\tfldt %6\n\tfstps %2");
    STOPPED("fistpl IE", 0x037e, "fld1\n\tfldt %6\n\tfistpl %2");
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
    stopped_instructions();
    return 0;
}

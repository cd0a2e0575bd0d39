/* sse_state.c — SSE and x87 state as programs see it: ldmxcsr/stmxcsr
 * round trips, the fxsave/fxsave64 layout (control/status/tag words,
 * MXCSR, x87 registers in stack order, XMM registers) and fxrstor64
 * bringing a modified image back. */
#pragma GCC target("sse4.2")
#include "sse_common.h"

static uint8_t area[512] __attribute__((aligned(16)));
static uint8_t buf[64] __attribute__((aligned(16)));

/* nxmm: how many XMM images to print (only those the test loaded itself) */
static void print_area(const char *name, int nxmm)
{
    uint16_t fcw, fsw;
    uint32_t mxcsr;
    memcpy(&fcw, area, 2);
    memcpy(&fsw, area + 2, 2);
    memcpy(&mxcsr, area + 24, 4);
    printf("%s fcw %04x fsw %04x ftw %02x mxcsr %08x\n", name, fcw, fsw, area[4], mxcsr);
    for (int i = 0; i < 3; i++) {
        printf(" st%d ", i);
        for (int b = 9; b >= 0; b--)
            printf("%02x", area[32 + 16 * i + b]);
        printf("\n");
    }
    for (int i = 0; i < nxmm; i++) {
        printf(" xmm%d ", i);
        for (int b = 15; b >= 0; b--)
            printf("%02x", area[160 + 16 * i + b]);
        printf("\n");
    }
}

static void fxsave_roundtrip(void)
{
    for (int i = 0; i < 64; i++)
        buf[i] = (uint8_t)(i * 13 + 1);
    memset(area, 0x5a, sizeof(area));
    __asm__ volatile("fninit; fld1; fldpi; fldz\n"
                     "movdqa 0(%1), %%xmm0; movdqa 16(%1), %%xmm1\n"
                     "movdqa 32(%1), %%xmm2; movdqa 48(%1), %%xmm3\n"
                     "fxsave64 %0\n"
                     "fstp %%st(0); fstp %%st(0); fstp %%st(0)"
                     : "=m"(area) : "r"(buf) : "xmm0", "xmm1", "xmm2", "xmm3", "memory");
    print_area("fxsave64", 4);
    /* change xmm2 and the rounding mode in the image, restore, look again */
    area[160 + 32] ^= 0xff;
    area[24 + 1] |= 0x60;
    uint8_t again[512] __attribute__((aligned(16)));
    __asm__ volatile("fxrstor64 %1\n"
                     "fxsave64 %0\n"
                     "fninit"
                     : "=m"(again) : "m"(area) : "xmm0", "xmm1", "xmm2", "xmm3", "memory");
    memcpy(area, again, sizeof(area));
    print_area("after fxrstor64", 4);
    printf("csr after fxrstor %08x\n", get_csr());
    set_mode(0, 0, 0);
    memset(area, 0x5a, sizeof(area));
    __asm__ volatile("fninit; fld1; fxsave %0; fstp %%st(0)" : "=m"(area) : : "memory");
    print_area("fxsave", 0);
}

int main(void)
{
    printf("csr %08x\n", get_csr());
    set_csr(0x1f80 | 0x6000 | 0x8040);
    printf("csr %08x\n", get_csr());
    set_mode(0, 0, 0);
    fxsave_roundtrip();
    return 0;
}

/* sse_fault.c — SSE state and faults: fxsave/fxrstor layout and round
 * trip, ldmxcsr/stmxcsr, #GP on a misaligned movaps/movdqa and on
 * reserved MXCSR bits (SIGSEGV), and #XM for an unmasked SIMD exception
 * (SIGFPE with the si_code the kernel derives from MXCSR). */
#pragma GCC target("sse4.2")
#include <setjmp.h>
#include <signal.h>

#include "sse_common.h"

static sigjmp_buf env;
static volatile int got_sig, got_code;

static void handler(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    got_sig = sig;
    got_code = si->si_code;
    siglongjmp(env, 1);
}

static void report(const char *what)
{
    printf("%s: signal %d code %d\n", what, got_sig, got_code);
    got_sig = got_code = 0;
}

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
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGFPE, &sa, NULL);

    printf("csr %08x\n", get_csr());
    set_csr(0x1f80 | 0x6000 | 0x8040);
    printf("csr %08x\n", get_csr());
    set_mode(0, 0, 0);
    fxsave_roundtrip();

    if (!sigsetjmp(env, 1)) {
        __m128 v;
        __asm__ volatile("movaps %1, %0" : "=x"(v) : "m"(*(const __m128 *)(buf + 4)));
        printf("movaps misaligned: no fault\n");
    }
    report("movaps misaligned");
    if (!sigsetjmp(env, 1)) {
        __asm__ volatile("pxor %%xmm0, %%xmm0; movdqa %%xmm0, %0" : "=m"(*(__m128i *)(buf + 8)) : : "xmm0");
        printf("movdqa store misaligned: no fault\n");
    }
    report("movdqa store misaligned");
    if (!sigsetjmp(env, 1)) {
        __m128i v = opaque_i(_mm_setzero_si128());
        __asm__ volatile("paddb %1, %0" : "+x"(v) : "m"(*(const __m128i *)(buf + 1)));
        printf("paddb misaligned: no fault\n");
    }
    report("paddb misaligned");
    if (!sigsetjmp(env, 1)) {
        __m128i v = _mm_loadu_si128((const __m128i *)(buf + 3));
        print_i("movdqu misaligned", v);
    }
    report("movdqu misaligned");
    if (!sigsetjmp(env, 1)) {
        unsigned bad = 0x1f80 | (1u << 20);
        __asm__ volatile("ldmxcsr %0" : : "m"(bad));
        printf("ldmxcsr reserved: no fault\n");
    }
    report("ldmxcsr reserved");
    printf("csr %08x\n", get_csr());

    static const struct { const char *what; unsigned unmask; float a, b; } xm[] = {
        { "invalid 0/0", 0x80, 0.0f, 0.0f },
        { "divide 1/0", 0x200, 1.0f, 0.0f },
        { "overflow", 0x400, 3e38f, 1e-10f },
        { "precision 1/3", 0x1000, 1.0f, 3.0f },
        { "masked 1/0", 0, 1.0f, 0.0f },
    };
    for (int i = 0; i < 5; i++) {
        __m128 r = opaque_ps(_mm_set1_ps(-7.0f));
        if (!sigsetjmp(env, 1)) {
            __m128 a = opaque_ps(_mm_set_ss(xm[i].a)), b = opaque_ps(_mm_set_ss(xm[i].b));
            set_csr(0x1f80 & ~xm[i].unmask);
            __asm__ volatile("divss %1, %0" : "+x"(a) : "x"(b));
            r = a;
        }
        unsigned csr = get_csr();
        set_mode(0, 0, 0);
        report(xm[i].what);
        printf("  csr %08x ", csr);
        print_ps("r", r);
    }
    return 0;
}

/* sse_fault.c — SSE faults: #GP on a misaligned movaps/movdqa/pshufd/paddb and
 * on reserved MXCSR bits (SIGSEGV), none for movdqu, and #XM for an
 * unmasked SIMD exception (SIGFPE with the si_code the kernel derives
 * from MXCSR), each caught by a handler. */
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

static uint8_t buf[64] __attribute__((aligned(16)));

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGFPE, &sa, NULL);

    for (int i = 0; i < 64; i++)
        buf[i] = (uint8_t)(i * 13 + 1);
    if (!sigsetjmp(env, 1)) {
        __m128 v;
        __asm__ volatile("movaps %1, %0" : "=x"(v) : "m"(*(const __m128 *)(buf + 4)));
        printf("movaps misaligned: no fault\n");
    }
    report("movaps misaligned");
    if (!sigsetjmp(env, 1)) {
        __m128i v;
        __asm__ volatile("movdqa %1, %0" : "=x"(v) : "m"(*(const __m128i *)(buf + 4)));
        printf("movdqa misaligned: no fault\n");
    }
    report("movdqa misaligned");
    if (!sigsetjmp(env, 1)) {
        __m128i v;
        __asm__ volatile("pshufd $0x1b, %1, %0" : "=x"(v) : "m"(*(const __m128i *)(buf + 8)));
        printf("pshufd misaligned: no fault\n");
    }
    report("pshufd misaligned");
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

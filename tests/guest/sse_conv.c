/* sse_conv.c — SSE/SSE2 conversions: between packed and scalar single
 * and double, to and from 32/64-bit integers in xmm and general
 * registers, rounding and truncating, over out-of-range values, NaNs,
 * infinities, halfway cases and denormals, in every rounding mode. */
#pragma GCC target("sse4.2")
#include "sse_common.h"

static const uint32_t fvals[] = {
    0x00000000, 0x80000000, 0x3f000000, 0xbf000000, 0x3fc00000, 0x40200000, 0xc0200000,
    0x00000001, 0x807fffff, 0x7f7fffff, 0x7f800000, 0xff800000, 0x7fc00000, 0x7fa00001,
    0x4effffff, 0x4f000000, 0xcf000000, 0xcf000001, 0x5effffff, 0x5f000000, 0xdf000000,
    0xdf000001, 0x3f7fffff, 0x4b7fffff,
};
static const uint64_t dvals[] = {
    0x0000000000000000ull, 0x8000000000000000ull, 0x3fe0000000000000ull, 0xbff8000000000000ull,
    0x4004000000000000ull, 0x0000000000000001ull, 0x7fefffffffffffffull, 0x7ff0000000000000ull,
    0xfff0000000000000ull, 0x7ff8000000000000ull, 0x7ff4000000000001ull, 0x41dfffffffc00000ull,
    0x41dfffffffe00000ull, 0xc1e0000000000000ull, 0xc1e0000000100000ull, 0x43e0000000000000ull,
    0xc3e0000000000000ull, 0x36a0000000000000ull, 0x47efffffe0000000ull, 0x3ff0000010000000ull,
    0x3ff0000008000000ull, 0x380fffffffffffffull,
};
static const int64_t ivals[] = {
    0, 1, -1, 2147483647, -2147483647 - 1, 16777217, -16777217, 33554435,
    9007199254740993LL, -9007199254740993LL, INT64_MAX, INT64_MIN, 0x123456789abcdefLL,
    4294967295LL, -4294967296LL,
};
#define NF (int)(sizeof(fvals) / sizeof(fvals[0]))
#define ND (int)(sizeof(dvals) / sizeof(dvals[0]))
#define NI (int)(sizeof(ivals) / sizeof(ivals[0]))

static __m128 ps4(int i)
{
    return opaque_ps(_mm_castsi128_ps(_mm_set_epi32((int)fvals[(i + 3) % NF], (int)fvals[(i + 2) % NF],
                                                    (int)fvals[(i + 1) % NF], (int)fvals[i])));
}

static __m128d pd2(int i)
{
    return opaque_pd(_mm_castsi128_pd(_mm_set_epi64x((long long)dvals[(i + 1) % ND], (long long)dvals[i])));
}

static void report(const char *name, int i, __m128i r)
{
    unsigned f = take_flags();
    printf("%s %d ", name, i);
    print_i("", r);
    printf(" f%02x\n", f);
}

static void report_int(const char *name, int i, long long v)
{
    unsigned f = take_flags();
    printf("%s %d %llx f%02x\n", name, i, v, f);
}

static void from_float(void)
{
    for (int i = 0; i < NF; i++) {
        __m128 v = ps4(i);
        take_flags();
        report("cvtps2dq", i, _mm_cvtps_epi32(v));
        report("cvttps2dq", i, _mm_cvttps_epi32(v));
        report("cvtps2pd", i, _mm_castpd_si128(_mm_cvtps_pd(v)));
        report("cvtss2sd", i, _mm_castpd_si128(_mm_cvtss_sd(_mm_castsi128_pd(from_u64(1, 2)), v)));
        report_int("cvtss2si", i, _mm_cvtss_si32(v));
        report_int("cvttss2si", i, _mm_cvttss_si32(v));
        report_int("cvtss2si64", i, _mm_cvtss_si64(v));
        report_int("cvttss2si64", i, _mm_cvttss_si64(v));
    }
}

static void from_double(void)
{
    for (int i = 0; i < ND; i++) {
        __m128d v = pd2(i);
        take_flags();
        report("cvtpd2dq", i, _mm_cvtpd_epi32(v));
        report("cvttpd2dq", i, _mm_cvttpd_epi32(v));
        report("cvtpd2ps", i, _mm_castps_si128(_mm_cvtpd_ps(v)));
        report("cvtsd2ss", i, _mm_castps_si128(_mm_cvtsd_ss(_mm_castsi128_ps(from_u64(3, 4)), v)));
        report_int("cvtsd2si", i, _mm_cvtsd_si32(v));
        report_int("cvttsd2si", i, _mm_cvttsd_si32(v));
        report_int("cvtsd2si64", i, _mm_cvtsd_si64(v));
        report_int("cvttsd2si64", i, _mm_cvttsd_si64(v));
    }
}

static void from_int(void)
{
    for (int i = 0; i < NI; i++) {
        __m128i v = from_u64((uint64_t)ivals[(i + 1) % NI], (uint64_t)ivals[i]);
        long long x = ivals[i];
        __asm__ volatile("" : "+r"(x));
        take_flags();
        report("cvtdq2ps", i, _mm_castps_si128(_mm_cvtepi32_ps(v)));
        report("cvtdq2pd", i, _mm_castpd_si128(_mm_cvtepi32_pd(v)));
        report("cvtsi2ss", i, _mm_castps_si128(_mm_cvtsi32_ss(_mm_castsi128_ps(v), (int)x)));
        report("cvtsi2ss64", i, _mm_castps_si128(_mm_cvtsi64_ss(_mm_castsi128_ps(v), x)));
        report("cvtsi2sd", i, _mm_castpd_si128(_mm_cvtsi32_sd(_mm_castsi128_pd(v), (int)x)));
        report("cvtsi2sd64", i, _mm_castpd_si128(_mm_cvtsi64_sd(_mm_castsi128_pd(v), x)));
    }
}

/* the memory-operand forms of the scalar conversions */
static void memory_forms(void)
{
    static float f[2];
    static double d[2];
    static int32_t i32[2];
    static int64_t i64[2];
    for (int i = 0; i < ND; i++) {
        memcpy(&f[1], &fvals[i % NF], 4);
        memcpy(&d[1], &dvals[i], 8);
        i32[1] = (int32_t)ivals[i % NI];
        i64[1] = ivals[i % NI];
        int r1, r2;
        long long r3;
        __m128 s = _mm_setzero_ps();
        __m128d t = _mm_setzero_pd();
        take_flags();
        __asm__ volatile("cvtss2si %1, %0" : "=r"(r1) : "m"(f[1]));
        __asm__ volatile("cvttsd2si %1, %0" : "=r"(r2) : "m"(d[1]));
        __asm__ volatile("cvtsd2si %1, %0" : "=r"(r3) : "m"(d[1]));
        __asm__ volatile("cvtsi2ssl %1, %0" : "+x"(s) : "m"(i32[1]));
        __asm__ volatile("cvtsi2sdq %1, %0" : "+x"(t) : "m"(i64[1]));
        printf("mem %d %x %x %llx f%02x ", i, r1, r2, r3, take_flags());
        print_ps("", s);
        print_pd("", t);
    }
}

int main(void)
{
    static const char *const modes[] = { "nearest", "down", "up", "zero" };
    for (int mode = 0; mode < 6; mode++) {
        printf("== %s ftz %d daz %d\n", modes[mode & 3], mode == 4, mode == 5);
        set_mode(mode & 3, mode == 4, mode == 5);
        from_float();
        from_double();
        from_int();
        memory_forms();
    }
    set_mode(0, 0, 0);
    return 0;
}

/* sse_fp.c — SSE/SSE2/SSE3 floating-point arithmetic over edge values
 * (signed zeros, infinities, quiet and signalling NaNs, denormals, huge
 * and tiny values) in every rounding mode, with and without FTZ/DAZ;
 * prints each result's bits and the MXCSR exception flags it raised. */
#pragma GCC target("sse4.2")
#include "sse_common.h"

static const uint32_t fvals[] = {
    0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x3fc00000, 0x40200000, 0xc0200000,
    0x00000001, 0x807fffff, 0x7f7fffff, 0xff7fffff, 0x7f800000, 0xff800000, 0x7fc00000,
    0x7fa00001, 0xffc12345, 0x3eaaaaab, 0x4b800001, 0x00800000, 0x5f000000, 0xcf000001,
};
static const uint64_t dvals[] = {
    0x0000000000000000ull, 0x8000000000000000ull, 0x3ff0000000000000ull, 0xbff8000000000000ull,
    0x4004000000000000ull, 0x0000000000000001ull, 0x800fffffffffffffull, 0x7fefffffffffffffull,
    0x7ff0000000000000ull, 0xfff0000000000000ull, 0x7ff8000000000000ull, 0x7ff4000000000001ull,
    0xfff8000000001234ull, 0x3fd5555555555555ull, 0x4340000000000001ull, 0x0010000000000000ull,
    0x43e0000000000000ull, 0xc3e0000000000001ull, 0x41dfffffffc00000ull,
};
#define NF (int)(sizeof(fvals) / sizeof(fvals[0]))
#define ND (int)(sizeof(dvals) / sizeof(dvals[0]))

typedef __m128 (*psop)(__m128, __m128);
typedef __m128d (*pdop)(__m128d, __m128d);
#define S(name, intr) static __m128 op_##name(__m128 a, __m128 b) { return intr(a, b); }
#define D(name, intr) static __m128d op_##name(__m128d a, __m128d b) { return intr(a, b); }
#define S1(name, intr) static __m128 op_##name(__m128 a, __m128 b) { (void)b; return intr(a); }
/* the scalar unary forms keep the upper elements of the destination */
#define SS1(name, insn) static __m128 op_##name(__m128 a, __m128 b) { __asm__(insn " %1, %0" : "+x"(a) : "x"(b)); return a; }
S(addps, _mm_add_ps) S(subps, _mm_sub_ps) S(mulps, _mm_mul_ps) S(divps, _mm_div_ps)
S(minps, _mm_min_ps) S(maxps, _mm_max_ps) S(addss, _mm_add_ss) S(subss, _mm_sub_ss)
S(mulss, _mm_mul_ss) S(divss, _mm_div_ss) S(minss, _mm_min_ss) S(maxss, _mm_max_ss)
S(addsubps, _mm_addsub_ps) S(haddps, _mm_hadd_ps) S(hsubps, _mm_hsub_ps)
S(cmpeqps, _mm_cmpeq_ps) S(cmpltps, _mm_cmplt_ps) S(cmpleps, _mm_cmple_ps) S(cmpunordps, _mm_cmpunord_ps)
S(cmpneqps, _mm_cmpneq_ps) S(cmpnltps, _mm_cmpnlt_ps) S(cmpnleps, _mm_cmpnle_ps) S(cmpordps, _mm_cmpord_ps)
S(cmpltss, _mm_cmplt_ss) S(cmpunordss, _mm_cmpunord_ss)
S(andps, _mm_and_ps) S(andnps, _mm_andnot_ps) S(orps, _mm_or_ps) S(xorps, _mm_xor_ps)
S1(sqrtps, _mm_sqrt_ps) S1(rcpps, _mm_rcp_ps) S1(rsqrtps, _mm_rsqrt_ps)
SS1(sqrtss, "sqrtss") SS1(rcpss, "rcpss") SS1(rsqrtss, "rsqrtss")
D(addpd, _mm_add_pd) D(subpd, _mm_sub_pd) D(mulpd, _mm_mul_pd) D(divpd, _mm_div_pd)
D(minpd, _mm_min_pd) D(maxpd, _mm_max_pd) D(addsd, _mm_add_sd) D(subsd, _mm_sub_sd)
D(mulsd, _mm_mul_sd) D(divsd, _mm_div_sd) D(minsd, _mm_min_sd) D(maxsd, _mm_max_sd)
D(addsubpd, _mm_addsub_pd) D(haddpd, _mm_hadd_pd) D(hsubpd, _mm_hsub_pd)
D(cmpeqpd, _mm_cmpeq_pd) D(cmpltpd, _mm_cmplt_pd) D(cmpunordpd, _mm_cmpunord_pd)
D(cmpnlepd, _mm_cmpnle_pd) D(cmpeqsd, _mm_cmpeq_sd) D(cmpnltsd, _mm_cmpnlt_sd)
D(sqrtsd, _mm_sqrt_sd) D(andpd, _mm_and_pd) D(xorpd, _mm_xor_pd)
static __m128d op_sqrtpd(__m128d a, __m128d b) { (void)b; return _mm_sqrt_pd(a); }

#define E(name) { #name, op_##name }
static const struct { const char *name; psop fn; } sops[] = {
    E(addps), E(subps), E(mulps), E(divps), E(minps), E(maxps), E(addss), E(subss), E(mulss),
    E(divss), E(minss), E(maxss), E(addsubps), E(haddps), E(hsubps), E(cmpeqps), E(cmpltps),
    E(cmpleps), E(cmpunordps), E(cmpneqps), E(cmpnltps), E(cmpnleps), E(cmpordps), E(cmpltss),
    E(cmpunordss), E(andps), E(andnps), E(orps), E(xorps), E(sqrtps), E(rcpps), E(rsqrtps),
    E(sqrtss), E(rcpss), E(rsqrtss),
};
static const struct { const char *name; pdop fn; } dops[] = {
    E(addpd), E(subpd), E(mulpd), E(divpd), E(minpd), E(maxpd), E(addsd), E(subsd), E(mulsd),
    E(divsd), E(minsd), E(maxsd), E(addsubpd), E(haddpd), E(hsubpd), E(cmpeqpd), E(cmpltpd),
    E(cmpunordpd), E(cmpnlepd), E(cmpeqsd), E(cmpnltsd), E(sqrtsd), E(andpd), E(xorpd), E(sqrtpd),
};

static __m128 ps_of(int i, int j)
{
    __m128i v = _mm_set_epi32((int)fvals[(i + 3) % NF], (int)fvals[j], (int)fvals[(i + j) % NF], (int)fvals[i]);
    return opaque_ps(_mm_castsi128_ps(v));
}

static __m128d pd_of(int i, int j)
{
    return opaque_pd(_mm_castsi128_pd(_mm_set_epi64x((long long)dvals[j], (long long)dvals[i])));
}

static void single_ops(int step)
{
    for (size_t o = 0; o < sizeof(sops) / sizeof(sops[0]); o++)
        for (int i = 0; i < NF; i++)
            for (int j = 0; j < NF; j += step) {
                take_flags();
                __m128 r = sops[o].fn(ps_of(i, j), ps_of(j, (i + 5) % NF));
                unsigned f = take_flags();
                printf("%s %d %d ", sops[o].name, i, j);
                print_ps("", r);
                printf(" f%02x\n", f);
            }
}

static void double_ops(int step)
{
    for (size_t o = 0; o < sizeof(dops) / sizeof(dops[0]); o++)
        for (int i = 0; i < ND; i++)
            for (int j = 0; j < ND; j += step) {
                take_flags();
                __m128d r = dops[o].fn(pd_of(i, j), pd_of(j, (i + 7) % ND));
                unsigned f = take_flags();
                printf("%s %d %d ", dops[o].name, i, j);
                print_pd("", r);
                printf(" f%02x\n", f);
            }
}

static void compares_to_flags(void)
{
    for (int i = 0; i < NF; i++)
        for (int j = 0; j < NF; j++) {
            __m128 a = ps_of(i, 0), b = ps_of(j, 0);
            take_flags();
            int r = _mm_comieq_ss(a, b) | _mm_comilt_ss(a, b) << 1 | _mm_comile_ss(a, b) << 2 |
                    _mm_comigt_ss(a, b) << 3 | _mm_comineq_ss(a, b) << 4;
            unsigned f1 = take_flags();
            int u = _mm_ucomieq_ss(a, b) | _mm_ucomilt_ss(a, b) << 1 | _mm_ucomige_ss(a, b) << 2 |
                    _mm_ucomineq_ss(a, b) << 3;
            unsigned f2 = take_flags();
            printf("comiss %d %d %x f%02x %x f%02x\n", i, j, r, f1, u, f2);
        }
    for (int i = 0; i < ND; i++)
        for (int j = 0; j < ND; j++) {
            __m128d a = pd_of(i, 0), b = pd_of(j, 0);
            take_flags();
            int r = _mm_comieq_sd(a, b) | _mm_comilt_sd(a, b) << 1 | _mm_comigt_sd(a, b) << 2;
            unsigned f1 = take_flags();
            int u = _mm_ucomieq_sd(a, b) | _mm_ucomile_sd(a, b) << 1 | _mm_ucomineq_sd(a, b) << 2;
            unsigned f2 = take_flags();
            printf("comisd %d %d %x f%02x %x f%02x\n", i, j, r, f1, u, f2);
        }
}

int main(void)
{
    static const char *const modes[] = { "nearest", "down", "up", "zero" };
    for (int mode = 0; mode < 6; mode++) {
        int rc = mode & 3, ftz = mode == 4, daz = mode == 5;
        printf("== %s ftz %d daz %d\n", modes[rc], ftz, daz);
        set_mode(rc, ftz, daz);
        /* the full grid to nearest, a sample in the other modes */
        single_ops(mode ? 5 : 1);
        double_ops(mode ? 5 : 1);
    }
    set_mode(0, 0, 0);
    compares_to_flags();
    /* _MM_SET_ROUNDING_MODE and reading MXCSR back */
    _MM_SET_ROUNDING_MODE(_MM_ROUND_UP);
    printf("csr %08x\n", get_csr());
    print_ps("up 1/3", _mm_div_ps(ps_of(2, 2), _mm_set1_ps(opaque_ps(_mm_set1_ps(3.0f))[0])));
    _MM_SET_ROUNDING_MODE(_MM_ROUND_NEAREST);
    printf("csr %08x\n", get_csr());
    return 0;
}

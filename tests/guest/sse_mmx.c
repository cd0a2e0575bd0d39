/* sse_mmx.c — MMX and the SSE/SSSE3 additions on MMX registers: integer
 * arithmetic, packs/unpacks, shifts, shuffles, moves to and from general
 * registers and xmm, the MMX conversions, and x87 use after emms; prints
 * hex. */
#pragma GCC target("sse4.2")
#include "sse_common.h"

static const uint64_t vals[] = {
    0, 0xffffffffffffffffull, 0x7fff80007f807f80ull, 0x0123456789abcdefull,
    0x8000000000000001ull, 0x00ff00ff00ff00ffull, 0xfffefffd00030004ull, 0x3f800000c0400000ull,
};
#define NV (int)(sizeof(vals) / sizeof(vals[0]))

static __m64 m(uint64_t v)
{
    __m64 r = (__m64)v;
    __asm__ volatile("" : "+y"(r));
    return r;
}

static void pr(const char *name, int i, int j, __m64 v)
{
    printf("%s %d %d %016llx\n", name, i, j, (unsigned long long)(uint64_t)v);
}

#define BIN(name, intr) pr(name, i, j, intr(a, b));

int main(void)
{
    for (int i = 0; i < NV; i++)
        for (int j = 0; j < NV; j++) {
            __m64 a = m(vals[i]), b = m(vals[j]);
            BIN("paddb", _mm_add_pi8) BIN("paddsw", _mm_adds_pi16) BIN("psubusb", _mm_subs_pu8)
            BIN("pmulhw", _mm_mulhi_pi16) BIN("pmullw", _mm_mullo_pi16) BIN("pmaddwd", _mm_madd_pi16)
            BIN("pcmpeqb", _mm_cmpeq_pi8) BIN("pcmpgtw", _mm_cmpgt_pi16) BIN("packsswb", _mm_packs_pi16)
            BIN("packssdw", _mm_packs_pi32) BIN("packuswb", _mm_packs_pu16)
            BIN("punpcklbw", _mm_unpacklo_pi8) BIN("punpckhbw", _mm_unpackhi_pi8)
            BIN("punpckhwd", _mm_unpackhi_pi16) BIN("punpckldq", _mm_unpacklo_pi32)
            BIN("pand", _mm_and_si64) BIN("pandn", _mm_andnot_si64) BIN("por", _mm_or_si64)
            BIN("pxor", _mm_xor_si64) BIN("psllw", _mm_sll_pi16) BIN("psrad", _mm_sra_pi32)
            BIN("psrlq", _mm_srl_si64) BIN("pavgb", _mm_avg_pu8) BIN("pminsw", _mm_min_pi16)
            BIN("pmaxub", _mm_max_pu8) BIN("psadbw", _mm_sad_pu8) BIN("pmulhuw", _mm_mulhi_pu16)
            BIN("pmuludq", _mm_mul_su32) BIN("paddq", _mm_add_si64)
            BIN("phaddw", _mm_hadd_pi16) BIN("phsubd", _mm_hsub_pi32) BIN("pmaddubsw", _mm_maddubs_pi16)
            BIN("pmulhrsw", _mm_mulhrs_pi16) BIN("psignb", _mm_sign_pi8) BIN("pshufb", _mm_shuffle_pi8)
            pr("palignr", i, j, _mm_alignr_pi8(a, b, 3));
            pr("pabsw", i, j, _mm_abs_pi16(b));
        }
    for (int i = 0; i < NV; i++) {
        __m64 a = m(vals[i]);
        pr("pshufw", i, 0, _mm_shuffle_pi16(a, 0x1b));
        pr("psllwi", i, 0, _mm_slli_pi16(a, 3));
        pr("psradi", i, 0, _mm_srai_pi32(a, 17));
        pr("psrlqi", i, 0, _mm_srli_si64(a, 40));
        pr("pinsrw", i, 0, _mm_insert_pi16(a, 0xbeef, 2));
        printf("pextrw %d %x pmovmskb %x movd %x\n", i, _mm_extract_pi16(a, 3), _mm_movemask_pi8(a),
               _mm_cvtsi64_si32(a));
        __m128i x = _mm_movpi64_epi64(a);
        print_i("movq2dq", x);
        pr("movdq2q", i, 0, _mm_movepi64_pi64(opaque_i(_mm_set_epi64x(7, (long long)vals[(i + 1) % NV]))));
        __m128 f = _mm_cvtpi32_ps(_mm_castsi128_ps(from_u64(1, 2)), a);
        print_ps("cvtpi2ps", f);
        pr("cvtps2pi", i, 0, _mm_cvtps_pi32(opaque_ps(_mm_castsi128_ps(from_u64(vals[i], vals[i])))));
        pr("cvttps2pi", i, 0, _mm_cvttps_pi32(opaque_ps(_mm_castsi128_ps(from_u64(vals[i], vals[i])))));
    }
    _mm_empty();
    volatile double d = 1.0 / 3.0;
    volatile long double ld = d * 3;
    printf("x87 after emms %.20Lg\n", ld);
    return 0;
}

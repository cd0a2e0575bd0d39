/* sse_shuffle.c — data movement: pshufd/pshufhw/pshuflw/shufps/shufpd
 * over many immediates, unpacks, palignr/pshufb, byte shifts, blends,
 * insertps/extractps, pinsr/pextr of every width and lane, the partial
 * moves (movss/movsd/movlps/movhps/movhlps/movlhps/movlpd/movhpd), the
 * SSE3 duplicating moves and the sign-mask extractions. */
#pragma GCC target("sse4.2")
#include "sse_common.h"

static __m128i A, B;

#define IMM8(M) M(0x00) M(0x1b) M(0x4e) M(0xe4) M(0xff) M(0x39) M(0x93) M(0xa5) M(0x5a) M(0x01) M(0x80)

#define SHUF(i)                                                                      \
    print_i("pshufd " #i, _mm_shuffle_epi32(opaque_i(A), i));                       \
    print_i("pshufhw " #i, _mm_shufflehi_epi16(opaque_i(A), i));                    \
    print_i("pshuflw " #i, _mm_shufflelo_epi16(opaque_i(B), i));                    \
    print_ps("shufps " #i, _mm_shuffle_ps(_mm_castsi128_ps(opaque_i(A)), _mm_castsi128_ps(B), i)); \
    print_pd("shufpd " #i, _mm_shuffle_pd(_mm_castsi128_pd(opaque_i(A)), _mm_castsi128_pd(B), (i) & 3)); \
    print_i("pblendw " #i, _mm_blend_epi16(opaque_i(A), B, i));                     \
    print_ps("blendps " #i, _mm_blend_ps(_mm_castsi128_ps(opaque_i(A)), _mm_castsi128_ps(B), (i) & 15)); \
    print_pd("blendpd " #i, _mm_blend_pd(_mm_castsi128_pd(opaque_i(A)), _mm_castsi128_pd(B), (i) & 3)); \
    print_ps("insertps " #i, _mm_insert_ps(_mm_castsi128_ps(opaque_i(A)), _mm_castsi128_ps(B), i));

#define ALIGNR(n) print_i("palignr " #n, _mm_alignr_epi8(opaque_i(A), B, n));
#define BSHIFT(n) print_i("pslldq " #n, _mm_slli_si128(opaque_i(A), n)); print_i("psrldq " #n, _mm_srli_si128(opaque_i(A), n));

#define LANES16(M) M(0) M(1) M(2) M(3) M(4) M(5) M(6) M(7) M(8) M(9) M(10) M(11) M(12) M(13) M(14) M(15)
#define PEXTRB(n) printf("pextrb %d %x\n", n, _mm_extract_epi8(opaque_i(A), n)); \
    print_i("pinsrb", _mm_insert_epi8(opaque_i(B), 0xa5, n));
#define PEXTRW(n) printf("pextrw %d %x\n", n, _mm_extract_epi16(opaque_i(A), n)); \
    print_i("pinsrw", _mm_insert_epi16(opaque_i(B), 0x2345, n));
#define PEXTRD(n) printf("pextrd %d %x %x\n", n, _mm_extract_epi32(opaque_i(A), n), \
                         _mm_extract_ps(_mm_castsi128_ps(opaque_i(B)), n)); \
    print_i("pinsrd", _mm_insert_epi32(opaque_i(B), -5, n));
#define PEXTRQ(n) printf("pextrq %d %llx\n", n, (long long)_mm_extract_epi64(opaque_i(A), n)); \
    print_i("pinsrq", _mm_insert_epi64(opaque_i(B), -7, n));

static void immediates(void)
{
    IMM8(SHUF)
    ALIGNR(0) ALIGNR(1) ALIGNR(4) ALIGNR(8) ALIGNR(15) ALIGNR(16) ALIGNR(17) ALIGNR(31) ALIGNR(32) ALIGNR(200)
    BSHIFT(0) BSHIFT(1) BSHIFT(5) BSHIFT(15) BSHIFT(16) BSHIFT(100)
    LANES16(PEXTRB)
    PEXTRW(0) PEXTRW(1) PEXTRW(5) PEXTRW(7)
    PEXTRD(0) PEXTRD(1) PEXTRD(2) PEXTRD(3)
    PEXTRQ(0) PEXTRQ(1)
}

static void unpacks(void)
{
    print_i("punpcklbw", _mm_unpacklo_epi8(opaque_i(A), B));
    print_i("punpckhbw", _mm_unpackhi_epi8(opaque_i(A), B));
    print_i("punpcklwd", _mm_unpacklo_epi16(opaque_i(A), B));
    print_i("punpckhwd", _mm_unpackhi_epi16(opaque_i(A), B));
    print_i("punpckldq", _mm_unpacklo_epi32(opaque_i(A), B));
    print_i("punpckhdq", _mm_unpackhi_epi32(opaque_i(A), B));
    print_i("punpcklqdq", _mm_unpacklo_epi64(opaque_i(A), B));
    print_i("punpckhqdq", _mm_unpackhi_epi64(opaque_i(A), B));
    print_ps("unpcklps", _mm_unpacklo_ps(_mm_castsi128_ps(opaque_i(A)), _mm_castsi128_ps(B)));
    print_ps("unpckhps", _mm_unpackhi_ps(_mm_castsi128_ps(opaque_i(A)), _mm_castsi128_ps(B)));
    print_pd("unpcklpd", _mm_unpacklo_pd(_mm_castsi128_pd(opaque_i(A)), _mm_castsi128_pd(B)));
    print_pd("unpckhpd", _mm_unpackhi_pd(_mm_castsi128_pd(opaque_i(A)), _mm_castsi128_pd(B)));
    print_i("pshufb", _mm_shuffle_epi8(opaque_i(A), B));
    print_i("pshufb2", _mm_shuffle_epi8(opaque_i(B), A));
    printf("movmskps %x movmskpd %x pmovmskb %x\n", _mm_movemask_ps(_mm_castsi128_ps(opaque_i(A))),
           _mm_movemask_pd(_mm_castsi128_pd(opaque_i(A))), _mm_movemask_epi8(opaque_i(B)));
}

/* the partial moves, each from a register and from memory */
static void moves(void)
{
    static double dm[2] = { 1.25, -3.5 };
    static float fm[4] = { 1.5f, -2.0f, 3.0f, 4.0f };
    __m128 a = _mm_castsi128_ps(opaque_i(A)), b = _mm_castsi128_ps(opaque_i(B));
    __m128d ad = _mm_castps_pd(a), bd = _mm_castps_pd(b);
    __m128 r;
    r = a; __asm__("movss %1, %0" : "+x"(r) : "x"(b)); print_ps("movss rr", r);
    r = a; __asm__("movss %1, %0" : "+x"(r) : "m"(fm[1])); print_ps("movss rm", r);
    r = a; __asm__("movsd %1, %0" : "+x"(r) : "x"(b)); print_ps("movsd rr", r);
    r = a; __asm__("movsd %1, %0" : "+x"(r) : "m"(dm[1])); print_ps("movsd rm", r);
    r = a; __asm__("movhlps %1, %0" : "+x"(r) : "x"(b)); print_ps("movhlps", r);
    r = a; __asm__("movlhps %1, %0" : "+x"(r) : "x"(b)); print_ps("movlhps", r);
    r = a; __asm__("movlps %1, %0" : "+x"(r) : "m"(dm[1])); print_ps("movlps", r);
    r = a; __asm__("movhps %1, %0" : "+x"(r) : "m"(dm[1])); print_ps("movhps", r);
    r = a; __asm__("movlpd %1, %0" : "+x"(r) : "m"(dm[0])); print_ps("movlpd", r);
    r = a; __asm__("movhpd %1, %0" : "+x"(r) : "m"(dm[0])); print_ps("movhpd", r);
    r = a; __asm__("movq %1, %0" : "+x"(r) : "x"(b)); print_ps("movq rr", r);
    r = a; __asm__("movq %1, %0" : "+x"(r) : "m"(dm[1])); print_ps("movq rm", r);
    double st[2] = { 0, 0 };
    __asm__("movlps %1, %0" : "=m"(st[0]) : "x"(a));
    __asm__("movhps %1, %0" : "=m"(st[1]) : "x"(b));
    print_pd("movlps/movhps store", _mm_loadu_pd(st));
    __asm__("movss %1, %0" : "=m"(fm[3]) : "x"(b));
    __asm__("movsd %1, %0" : "=m"(dm[0]) : "x"(a));
    __asm__("movq %1, %0" : "=m"(st[0]) : "x"(b));
    print_ps("movss store", _mm_loadu_ps(fm));
    print_pd("movsd store", _mm_loadu_pd(dm));
    print_pd("movq store", _mm_loadu_pd(st));
    print_ps("movsldup", _mm_moveldup_ps(b));
    print_ps("movshdup", _mm_movehdup_ps(b));
    print_pd("movddup", _mm_movedup_pd(bd));
    print_pd("movddup m", _mm_loaddup_pd(&dm[1]));
    print_pd("move_sd", _mm_move_sd(ad, bd));
    static const char text[32] = "lddqu reads unaligned 16 bytes.";
    print_i("lddqu", _mm_lddqu_si128((const __m128i *)(text + 3)));
}

int main(void)
{
    static const uint64_t pairs[][4] = {
        { 0x0f0e0d0c0b0a0908ull, 0x0706050403020100ull, 0x8f1e2d3c4b5a6978ull, 0x0081f2e3d4c5b6a7ull },
        { 0xfedcba9876543210ull, 0x0123456789abcdefull, 0x8000000180000002ull, 0x7fffffff00000003ull },
        { 0x8080808080808080ull, 0x0000000000000000ull, 0xffffffffffffffffull, 0x0303030303030303ull },
    };
    for (size_t p = 0; p < sizeof(pairs) / sizeof(pairs[0]); p++) {
        A = from_u64(pairs[p][0], pairs[p][1]);
        B = from_u64(pairs[p][2], pairs[p][3]);
        printf("== pair %zu\n", p);
        immediates();
        unpacks();
        moves();
    }
    return 0;
}

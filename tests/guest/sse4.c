/* sse4.c — SSSE3, SSE4.1 and SSE4.2 (except the string compares, see
 * sse_string.c): absolute values, horizontal adds, sign, multiply-high,
 * min/max variants, sign/zero extensions, ptest, round in every mode,
 * dpps/dppd masks, mpsadbw offsets, phminposuw, variable blends, crc32 and
 * carry-less multiply, over edge vectors; prints hex. */
#pragma GCC target("sse4.2,pclmul")
#include "sse_common.h"

static const uint64_t vals[][2] = {
    { 0, 0 },
    { 0xffffffffffffffffull, 0xffffffffffffffffull },
    { 0x7fff80007f807f80ull, 0x8000000080000000ull },
    { 0x0123456789abcdefull, 0xfedcba9876543210ull },
    { 0x8000000000000000ull, 0x7fffffffffffffffull },
    { 0x00ff00ff00ff00ffull, 0xff00ff00ff00ff00ull },
    { 0xfffefffdfffcfffbull, 0x0001000200030004ull },
    { 0x3f8000003fc00000ull, 0xc0200000bf800000ull },
    { 0x4008000000000000ull, 0xbff0000000000000ull },
    { 0x7fc00000ffffffffull, 0x0000000180000000ull },
};
#define NV (int)(sizeof(vals) / sizeof(vals[0]))

typedef __m128i (*binop)(__m128i, __m128i);
#define B(name, intr) static __m128i op_##name(__m128i a, __m128i b) { return intr(a, b); }
#define U(name, intr) static __m128i op_##name(__m128i a, __m128i b) { (void)a; return intr(b); }
B(phaddw, _mm_hadd_epi16) B(phaddd, _mm_hadd_epi32) B(phaddsw, _mm_hadds_epi16)
B(phsubw, _mm_hsub_epi16) B(phsubd, _mm_hsub_epi32) B(phsubsw, _mm_hsubs_epi16)
B(pmaddubsw, _mm_maddubs_epi16) B(pmulhrsw, _mm_mulhrs_epi16) B(psignb, _mm_sign_epi8)
B(psignw, _mm_sign_epi16) B(psignd, _mm_sign_epi32) B(pshufb, _mm_shuffle_epi8)
U(pabsb, _mm_abs_epi8) U(pabsw, _mm_abs_epi16) U(pabsd, _mm_abs_epi32)
B(pmuldq, _mm_mul_epi32) B(pmulld, _mm_mullo_epi32) B(pcmpeqq, _mm_cmpeq_epi64)
B(packusdw, _mm_packus_epi32) B(pminsb, _mm_min_epi8) B(pminsd, _mm_min_epi32)
B(pminuw, _mm_min_epu16) B(pminud, _mm_min_epu32) B(pmaxsb, _mm_max_epi8) B(pmaxsd, _mm_max_epi32)
B(pmaxuw, _mm_max_epu16) B(pmaxud, _mm_max_epu32) B(pcmpgtq, _mm_cmpgt_epi64)
U(phminposuw, _mm_minpos_epu16)
U(pmovsxbw, _mm_cvtepi8_epi16) U(pmovsxbd, _mm_cvtepi8_epi32) U(pmovsxbq, _mm_cvtepi8_epi64)
U(pmovsxwd, _mm_cvtepi16_epi32) U(pmovsxwq, _mm_cvtepi16_epi64) U(pmovsxdq, _mm_cvtepi32_epi64)
U(pmovzxbw, _mm_cvtepu8_epi16) U(pmovzxbd, _mm_cvtepu8_epi32) U(pmovzxbq, _mm_cvtepu8_epi64)
U(pmovzxwd, _mm_cvtepu16_epi32) U(pmovzxwq, _mm_cvtepu16_epi64) U(pmovzxdq, _mm_cvtepu32_epi64)
static __m128i op_pblendvb(__m128i a, __m128i b) { return _mm_blendv_epi8(a, b, opaque_i(_mm_xor_si128(a, b))); }
static __m128i op_blendvps(__m128i a, __m128i b)
{
    return _mm_castps_si128(_mm_blendv_ps(_mm_castsi128_ps(a), _mm_castsi128_ps(b), _mm_castsi128_ps(opaque_i(b))));
}
static __m128i op_blendvpd(__m128i a, __m128i b)
{
    return _mm_castpd_si128(_mm_blendv_pd(_mm_castsi128_pd(a), _mm_castsi128_pd(b), _mm_castsi128_pd(opaque_i(a))));
}
#define MPSAD(i) static __m128i op_mpsadbw##i(__m128i a, __m128i b) { return _mm_mpsadbw_epu8(a, b, i); }
MPSAD(0) MPSAD(1) MPSAD(2) MPSAD(3) MPSAD(4) MPSAD(5) MPSAD(6) MPSAD(7)
#define CLMUL(i) static __m128i op_pclmul##i(__m128i a, __m128i b) { return _mm_clmulepi64_si128(a, b, i); }
CLMUL(0x00) CLMUL(0x01) CLMUL(0x10) CLMUL(0x11)

#define E(name) { #name, op_##name }
static const struct { const char *name; binop fn; } ops[] = {
    E(phaddw), E(phaddd), E(phaddsw), E(phsubw), E(phsubd), E(phsubsw), E(pmaddubsw), E(pmulhrsw),
    E(psignb), E(psignw), E(psignd), E(pshufb), E(pabsb), E(pabsw), E(pabsd), E(pmuldq), E(pmulld),
    E(pcmpeqq), E(packusdw), E(pminsb), E(pminsd), E(pminuw), E(pminud), E(pmaxsb), E(pmaxsd),
    E(pmaxuw), E(pmaxud), E(pcmpgtq), E(phminposuw), E(pmovsxbw), E(pmovsxbd), E(pmovsxbq),
    E(pmovsxwd), E(pmovsxwq), E(pmovsxdq), E(pmovzxbw), E(pmovzxbd), E(pmovzxbq), E(pmovzxwd),
    E(pmovzxwq), E(pmovzxdq), E(pblendvb), E(blendvps), E(blendvpd), E(mpsadbw0), E(mpsadbw1),
    E(mpsadbw2), E(mpsadbw3), E(mpsadbw4), E(mpsadbw5), E(mpsadbw6), E(mpsadbw7),
    E(pclmul0x00), E(pclmul0x01), E(pclmul0x10), E(pclmul0x11),
};

/* round: every mode encoding, including "use MXCSR" (4) and no-precision-exception (8) */
#define ROUND(m)                                                                      \
    take_flags();                                                                     \
    print_ps("roundps " #m, _mm_round_ps(fa, m));                                     \
    print_pd("roundpd " #m, _mm_round_pd(da, m));                                     \
    print_ps("roundss " #m, _mm_round_ss(fb, fa, m));                                 \
    print_pd("roundsd " #m, _mm_round_sd(db, da, m));                                 \
    printf("flags %02x\n", take_flags());
#define DP(m)                                                                         \
    print_ps("dpps " #m, _mm_dp_ps(fa, fb, m));                                       \
    print_pd("dppd " #m, _mm_dp_pd(da, db, m));                                       \
    printf("flags %02x\n", take_flags());

static const uint32_t fv[] = { 0x3fc00000, 0xbfc00000, 0x40200000, 0xc0600000, 0x3f000001, 0x4b000001,
                               0x7fc00000, 0xff800000, 0x80000001, 0x4effffff, 0x3effffff, 0x00000000 };
static const uint64_t dv[] = { 0x3ff8000000000000ull, 0xc004000000000000ull, 0x3fe0000000000001ull,
                               0x4330000000000001ull, 0x7ff4000000000000ull, 0x0000000000000003ull,
                               0xc00c000000000000ull, 0x3fdfffffffffffffull };

static void fp_sse41(void)
{
    for (int i = 0; i < 12; i++) {
        __m128 fa = opaque_ps(_mm_castsi128_ps(_mm_set_epi32((int)fv[(i + 3) % 12], (int)fv[(i + 2) % 12],
                                                              (int)fv[(i + 1) % 12], (int)fv[i])));
        __m128 fb = opaque_ps(_mm_castsi128_ps(_mm_set_epi32((int)fv[(i + 7) % 12], (int)fv[(i + 5) % 12],
                                                              (int)fv[(i + 9) % 12], (int)fv[(i + 4) % 12])));
        __m128d da = opaque_pd(_mm_castsi128_pd(_mm_set_epi64x((long long)dv[(i + 1) % 8], (long long)dv[i % 8])));
        __m128d db = opaque_pd(_mm_castsi128_pd(_mm_set_epi64x((long long)dv[(i + 3) % 8], (long long)dv[(i + 6) % 8])));
        for (int rc = 0; rc < 4; rc++) {
            set_mode(rc, 0, 0);
            printf("== %d rc %d\n", i, rc);
            ROUND(0) ROUND(1) ROUND(2) ROUND(3) ROUND(4) ROUND(8) ROUND(9) ROUND(10) ROUND(11) ROUND(12)
            DP(0xff) DP(0x31) DP(0xf1) DP(0x3f) DP(0x55) DP(0xa2) DP(0x00) DP(0x13) DP(0x22)
        }
        set_mode(0, 0, 0);
    }
}

static void flags_ops(__m128i a, __m128i b, int i, int j)
{
    printf("ptest %d %d z%d c%d nzc%d\n", i, j, _mm_testz_si128(a, b), _mm_testc_si128(a, b),
           _mm_testnzc_si128(a, b));
}

static void crc(void)
{
    uint32_t c = 0xffffffff;
    uint64_t c64 = 0;
    for (int i = 0; i < NV; i++) {
        c = _mm_crc32_u8(c, (uint8_t)vals[i][0]);
        c = _mm_crc32_u16(c, (uint16_t)vals[i][1]);
        c = _mm_crc32_u32(c, (uint32_t)(vals[i][0] >> 17));
        c64 = _mm_crc32_u64(c64 ^ c, vals[i][1]);
        printf("crc32 %d %08x %016llx\n", i, c, (unsigned long long)c64);
    }
    static const uint8_t data[] = "The quick brown fox jumps over the lazy dog";
    uint32_t m = 0;
    __asm__("crc32b %1, %0" : "+r"(m) : "m"(data[3]));
    __asm__("crc32w %1, %0" : "+r"(m) : "m"(*(const uint16_t *)(data + 5)));
    __asm__("crc32l %1, %0" : "+r"(m) : "m"(*(const uint32_t *)(data + 9)));
    printf("crc32 mem %08x\n", m);
}

int main(void)
{
    for (size_t o = 0; o < sizeof(ops) / sizeof(ops[0]); o++)
        for (int i = 0; i < NV; i++)
            for (int j = 0; j < NV; j++) {
                char name[64];
                snprintf(name, sizeof(name), "%s %d %d", ops[o].name, i, j);
                print_i(name, ops[o].fn(from_u64(vals[i][0], vals[i][1]), from_u64(vals[j][0], vals[j][1])));
            }
    for (int i = 0; i < NV; i++)
        for (int j = 0; j < NV; j++)
            flags_ops(from_u64(vals[i][0], vals[i][1]), from_u64(vals[j][0], vals[j][1]), i, j);
    fp_sse41();
    crc();
    static __m128i nt[2];
    nt[1] = from_u64(0x1122334455667788ull, 0x99aabbccddeeff00ull);
    print_i("movntdqa", _mm_stream_load_si128(&nt[1]));
    return 0;
}

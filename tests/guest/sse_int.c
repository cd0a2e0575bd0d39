/* sse_int.c — SSE2 integer instructions over edge values (saturation
 * limits, sign boundaries), every pair of a small vector set, register and
 * memory forms; prints every result as hex. */
#pragma GCC target("sse4.2")
#include "sse_common.h"

static const uint64_t vals[][2] = {
    { 0, 0 },
    { 0xffffffffffffffffull, 0xffffffffffffffffull },
    { 0x7fff7fff7f7f7f7full, 0x8000800080808080ull },
    { 0x0123456789abcdefull, 0xfedcba9876543210ull },
    { 0x8000000000000000ull, 0x7fffffffffffffffull },
    { 0x00ff00ff00ff00ffull, 0xff00ff00ff00ff00ull },
    { 0x0001000200030004ull, 0xfffefffdfffcfffbull },
    { 0x80000000ffffffffull, 0x000000017fffffffull },
    { 0x0000000000000040ull, 0x000000000000000full },
};
#define NV (int)(sizeof(vals) / sizeof(vals[0]))

typedef __m128i (*binop)(__m128i, __m128i);
#define B(name, intr) static __m128i op_##name(__m128i a, __m128i b) { return intr(a, b); }
B(paddb, _mm_add_epi8) B(paddw, _mm_add_epi16) B(paddd, _mm_add_epi32) B(paddq, _mm_add_epi64)
B(psubb, _mm_sub_epi8) B(psubw, _mm_sub_epi16) B(psubd, _mm_sub_epi32) B(psubq, _mm_sub_epi64)
B(paddsb, _mm_adds_epi8) B(paddsw, _mm_adds_epi16) B(paddusb, _mm_adds_epu8) B(paddusw, _mm_adds_epu16)
B(psubsb, _mm_subs_epi8) B(psubsw, _mm_subs_epi16) B(psubusb, _mm_subs_epu8) B(psubusw, _mm_subs_epu16)
B(pmullw, _mm_mullo_epi16) B(pmulhw, _mm_mulhi_epi16) B(pmulhuw, _mm_mulhi_epu16) B(pmuludq, _mm_mul_epu32)
B(pmaddwd, _mm_madd_epi16) B(psadbw, _mm_sad_epu8) B(pavgb, _mm_avg_epu8) B(pavgw, _mm_avg_epu16)
B(pminub, _mm_min_epu8) B(pmaxub, _mm_max_epu8) B(pminsw, _mm_min_epi16) B(pmaxsw, _mm_max_epi16)
B(pcmpeqb, _mm_cmpeq_epi8) B(pcmpeqw, _mm_cmpeq_epi16) B(pcmpeqd, _mm_cmpeq_epi32)
B(pcmpgtb, _mm_cmpgt_epi8) B(pcmpgtw, _mm_cmpgt_epi16) B(pcmpgtd, _mm_cmpgt_epi32)
B(packsswb, _mm_packs_epi16) B(packssdw, _mm_packs_epi32) B(packuswb, _mm_packus_epi16)
B(pand, _mm_and_si128) B(pandn, _mm_andnot_si128) B(por, _mm_or_si128) B(pxor, _mm_xor_si128)
B(psllw, _mm_sll_epi16) B(pslld, _mm_sll_epi32) B(psllq, _mm_sll_epi64)
B(psrlw, _mm_srl_epi16) B(psrld, _mm_srl_epi32) B(psrlq, _mm_srl_epi64)
B(psraw, _mm_sra_epi16) B(psrad, _mm_sra_epi32)

#define E(name) { #name, op_##name }
static const struct { const char *name; binop fn; } ops[] = {
    E(paddb), E(paddw), E(paddd), E(paddq), E(psubb), E(psubw), E(psubd), E(psubq),
    E(paddsb), E(paddsw), E(paddusb), E(paddusw), E(psubsb), E(psubsw), E(psubusb), E(psubusw),
    E(pmullw), E(pmulhw), E(pmulhuw), E(pmuludq), E(pmaddwd), E(psadbw), E(pavgb), E(pavgw),
    E(pminub), E(pmaxub), E(pminsw), E(pmaxsw), E(pcmpeqb), E(pcmpeqw), E(pcmpeqd),
    E(pcmpgtb), E(pcmpgtw), E(pcmpgtd), E(packsswb), E(packssdw), E(packuswb),
    E(pand), E(pandn), E(por), E(pxor), E(psllw), E(pslld), E(psllq), E(psrlw), E(psrld),
    E(psrlq), E(psraw), E(psrad),
};

/* shifts by immediate: every count class */
#define SHIFTS(c)                                                                  \
    print_i("psllw" #c, _mm_slli_epi16(v, c)); print_i("pslld" #c, _mm_slli_epi32(v, c)); \
    print_i("psllq" #c, _mm_slli_epi64(v, c)); print_i("psrlw" #c, _mm_srli_epi16(v, c)); \
    print_i("psrld" #c, _mm_srli_epi32(v, c)); print_i("psrlq" #c, _mm_srli_epi64(v, c)); \
    print_i("psraw" #c, _mm_srai_epi16(v, c)); print_i("psrad" #c, _mm_srai_epi32(v, c)); \
    print_i("pslldq" #c, _mm_slli_si128(v, c)); print_i("psrldq" #c, _mm_srli_si128(v, c));

static void shifts_by_imm(__m128i v)
{
    SHIFTS(0) SHIFTS(1) SHIFTS(7) SHIFTS(8) SHIFTS(15) SHIFTS(16) SHIFTS(31) SHIFTS(32) SHIFTS(63)
    SHIFTS(64) SHIFTS(200)
}

/* memory forms: the second operand straight from (aligned) memory */
static void memory_forms(const __m128i *m, __m128i a)
{
    print_i("mem paddb", _mm_add_epi8(a, m[0]));
    print_i("mem pcmpeqb", _mm_cmpeq_epi8(a, m[1]));
    print_i("mem pxor", _mm_xor_si128(a, m[0]));
    print_i("mem pminub", _mm_min_epu8(a, m[1]));
    printf("mem pmovmskb %x\n", _mm_movemask_epi8(_mm_cmpeq_epi8(a, m[0])));
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
    for (int i = 0; i < NV; i++) {
        __m128i v = from_u64(vals[i][0], vals[i][1]);
        shifts_by_imm(v);
        printf("pmovmskb %d %x\n", i, _mm_movemask_epi8(opaque_i(v)));
        printf("movd %d %x movq %llx\n", i, _mm_cvtsi128_si32(opaque_i(v)),
               (long long)_mm_cvtsi128_si64(opaque_i(v)));
        print_i("movd to", _mm_cvtsi32_si128((int)vals[i][1]));
        print_i("movq to", _mm_cvtsi64_si128((long long)vals[i][0]));
        print_i("movq xmm", _mm_move_epi64(opaque_i(v)));
    }
    static __m128i mem[2];
    mem[0] = from_u64(vals[3][0], vals[3][1]);
    mem[1] = from_u64(vals[5][0], vals[5][1]);
    for (int i = 0; i < NV; i++)
        memory_forms(mem, from_u64(vals[i][0], vals[i][1]));
    /* unaligned loads and stores */
    static uint8_t buf[64];
    for (int i = 0; i < 64; i++)
        buf[i] = (uint8_t)(i * 37 + 11);
    for (int off = 0; off < 17; off++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(buf + off));
        print_i("loadu", v);
        _mm_storeu_si128((__m128i *)(buf + 47 - off), opaque_i(_mm_add_epi8(v, v)));
    }
    for (int i = 0; i < 64; i++)
        printf("%02x", buf[i]);
    printf("\n");
    /* maskmovdqu */
    uint8_t dst[32];
    memset(dst, 0xaa, sizeof(dst));
    _mm_maskmoveu_si128(from_u64(0x1122334455667788ull, 0x99aabbccddeeff00ull),
                        from_u64(0x80ff007f80000180ull, 0x0080ff7f01808000ull), (char *)dst + 3);
    for (int i = 0; i < 32; i++)
        printf("%02x", dst[i]);
    printf("\n");
    return 0;
}

/* insn_flags.c — the flag instructions and flag consumers: pushf/popf,
 * lahf/sahf, clc/stc/cmc, cld/std, every setcc/cmovcc/jcc on every
 * combination of the six arithmetic flags (loaded with popf, so the
 * readers start from a fully known state), cmov's zero-extension, and
 * carry chains through adc/sbb across blocks. */
#include "insn_common.h"

/* the six arithmetic flags: combination k (0..63) as EFLAGS bits */
static uint64_t combo(unsigned k)
{
    static const uint64_t bits[6] = { F_CF, F_PF, F_AF, F_ZF, F_SF, F_OF };
    uint64_t f = 0x202;
    for (int i = 0; i < 6; i++)
        if (k & (1u << i))
            f |= bits[i];
    return f;
}

static void conditions(void)
{
    for (unsigned k = 0; k < 64; k++) {
        uint64_t f = combo(k), back;
        uint8_t c[16];
        __asm__ volatile("lea -128(%%rsp), %%rsp\n\tpush %[f]\n\tpopfq\n\t" SETCC_ALL("%[p]")
                         "\n\tpushfq\n\tpop %[b]\n\tlea 128(%%rsp), %%rsp"
                         : [b] "=&r"(back) : [f] "r"(f), [p] "r"(c) : "cc", "memory");
        unsigned set = cc_bits(c);
        uint64_t m32 = 0, m64 = 0;
        for (int cond = 0; cond < 16; cond++) {
            uint64_t r32 = 0xaaaaaaaaaaaaaaaaull, r64 = 0xaaaaaaaaaaaaaaaaull;
            uint64_t s = 0x1234567887654321ull;
#define CMOV(n, cc)                                                                                  \
    case n:                                                                                          \
        __asm__ volatile("lea -128(%%rsp), %%rsp\n\tpush %[f]\n\tpopfq\n\tcmov" cc "l %k[s], %k[d]\n\t" \
                         "cmov" cc "q %[s], %[e]\n\tlea 128(%%rsp), %%rsp"                            \
                         : [d] "+r"(r32), [e] "+r"(r64) : [f] "r"(f), [s] "r"(s) : "cc", "memory");   \
        break;
            switch (cond) {
                CMOV(0, "o") CMOV(1, "no") CMOV(2, "b") CMOV(3, "ae") CMOV(4, "e") CMOV(5, "ne")
                CMOV(6, "be") CMOV(7, "a") CMOV(8, "s") CMOV(9, "ns") CMOV(10, "p") CMOV(11, "np")
                CMOV(12, "l") CMOV(13, "ge") CMOV(14, "le") CMOV(15, "g")
            }
#undef CMOV
            /* a false cmov still writes (zero-extends) its 32-bit destination */
            m32 |= (uint64_t)(r32 == 0x87654321ull ? 1 : r32 == 0xaaaaaaaaull ? 2 : 3) << (2 * cond);
            m64 |= (uint64_t)(r64 == s ? 1 : 0) << cond;
        }
        printf("flags %03llx: setcc %04x cmov32 %08llx cmov64 %04llx back %03llx\n", (unsigned long long)f, set,
               (unsigned long long)m32, (unsigned long long)m64, (unsigned long long)(back & 0xfff));
    }
}

static void flag_ops(void)
{
    for (unsigned k = 0; k < 64; k += 5) {
        uint64_t f = combo(k), out[8], ah = 0;
#define OP(i, insn)                                                                                     \
    __asm__ volatile("lea -128(%%rsp), %%rsp\n\tpush %[f]\n\tpopfq\n\t" insn "\n\tpushfq\n\tpop %[o]\n\t" \
                     "cld\n\tlea 128(%%rsp), %%rsp"                                                     \
                     : [o] "=&r"(out[i]) : [f] "r"(f) : "cc", "memory");
        OP(0, "clc") OP(1, "stc") OP(2, "cmc") OP(3, "std") OP(4, "cld")
        OP(5, "movb $0xd5, %%ah\n\tsahf") OP(6, "movb $0, %%ah\n\tsahf") OP(7, "std\n\tcmc\n\tcmc")
#undef OP
        __asm__ volatile("lea -128(%%rsp), %%rsp\n\tpush %[f]\n\tpopfq\n\tlahf\n\tmovzbl %%ah, %k[a]\n\t"
                         "lea 128(%%rsp), %%rsp"
                         : [a] "=&a"(ah) : [f] "r"(f) : "cc", "memory");
        printf("flagops %03llx:", (unsigned long long)f);
        for (int i = 0; i < 8; i++)
            printf(" %03llx", (unsigned long long)(out[i] & 0xfff));
        printf(" lahf %02llx\n", (unsigned long long)ah);
    }
    /* popf of the bits user code may change: AC and ID come back, IF stays */
    static const uint64_t images[] = { 0x0, 0x8d5, 0x40000, 0x200000, 0x240cd5, 0x4000, 0x0400, 0x3000 };
    for (size_t i = 0; i < sizeof(images) / sizeof(images[0]); i++) {
        uint64_t back;
        __asm__ volatile("lea -128(%%rsp), %%rsp\n\tpushfq\n\tpush %[f]\n\tpopfq\n\tpushfq\n\tpop %[b]\n\t"
                         "popfq\n\tlea 128(%%rsp), %%rsp"
                         : [b] "=&r"(back) : [f] "r"(images[i]) : "cc", "memory");
        printf("popf %06llx -> %06llx\n", (unsigned long long)images[i], (unsigned long long)back);
    }
}

/* carry propagated through a multi-word add and subtract, each step a block */
static void carry_chain(void)
{
    for (size_t i = 0; i < N_EDGE; i++)
        for (size_t j = 0; j < N_EDGE; j += 2) {
            uint64_t a0 = edge_values[i], a1 = edge_values[j], b0 = edge_values[j], b1 = ~edge_values[i];
            uint64_t s0 = a0, s1 = a1, s2 = 0, d0 = a0, d1 = a1, d2 = 0, f;
            __asm__ volatile("addq %[b0], %[s0]\n\tjmp 1f\n1:\tadcq %[b1], %[s1]\n\tjmp 2f\n2:\tadcq $0, %[s2]\n\t"
                             "subq %[b0], %[d0]\n\tjmp 3f\n3:\tsbbq %[b1], %[d1]\n\tsbbq $0, %[d2]\n\t"
                             "lea -128(%%rsp), %%rsp\n\tpushfq\n\tpop %[f]\n\tlea 128(%%rsp), %%rsp"
                             : [s0] "+r"(s0), [s1] "+r"(s1), [s2] "+r"(s2), [d0] "+r"(d0), [d1] "+r"(d1),
                               [d2] "+r"(d2), [f] "=&r"(f)
                             : [b0] "r"(b0), [b1] "r"(b1) : "cc", "memory");
            printf("chain %llx %llx %llx %llx: %llx %llx %llx %llx %llx %llx %03llx\n", (unsigned long long)a0,
                   (unsigned long long)a1, (unsigned long long)b0, (unsigned long long)b1, (unsigned long long)s0,
                   (unsigned long long)s1, (unsigned long long)s2, (unsigned long long)d0, (unsigned long long)d1,
                   (unsigned long long)d2, (unsigned long long)(f & F_ARITH));
        }
}

int main(void)
{
    conditions();
    flag_ops();
    carry_chain();
    return 0;
}

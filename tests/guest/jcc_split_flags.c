/* A conditional jump whose flags were set in an earlier block: a lone
 * jcc after `jp` (as glibc's libm has after ucomisd) starts a block that
 * does not know which lazy-flags kind env holds.  The emulator answers
 * it inline for the kind seen when the block was translated and falls
 * back to the flags helper for any other; here each of the 16 conditions
 * is reached from popf (the bits themselves), ucomisd, cmp and test, in
 * both orders of first use, over operands that give every flag
 * combination.  The native run is the oracle. */
#include <stdint.h>
#include <stdio.h>

enum { SET_POPF, SET_UCOMISD, SET_CMP, SET_TEST, NB_SETTERS };

/* 1 if the condition holds after the setter ran on a and b */
#define JCC_AFTER_SPLIT(cc, suffix)                                                  \
    static int jcc_##cc##suffix(int setter, uint64_t a, uint64_t b)                  \
    {                                                                                \
        int r;                                                                       \
        uint64_t popf_bits = (a & 0x8d5) | 2; /* CF PF AF ZF SF OF only */           \
        __asm__ volatile("cmp $1, %k[setter]\n\t"                                    \
                         "je 1f\n\t"                                                 \
                         "cmp $2, %k[setter]\n\t"                                    \
                         "je 2f\n\t"                                                 \
                         "cmp $3, %k[setter]\n\t"                                    \
                         "je 6f\n\t"                                                 \
                         "lea -128(%%rsp), %%rsp\n\t" /* past the red zone */       \
                         "push %[bits]\n\t"                                          \
                         "popfq\n\t"                                                 \
                         "lea 128(%%rsp), %%rsp\n\t" /* (lea keeps the flags) */     \
                         "jmp 3f\n"                                                  \
                         "1: movq %[a], %%xmm0\n\t"                                  \
                         "movq %[b], %%xmm1\n\t"                                     \
                         "ucomisd %%xmm1, %%xmm0\n\t"                                \
                         "jmp 3f\n"                                                  \
                         "6: test %[b], %[a]\n\t"                                    \
                         "jmp 3f\n"                                                  \
                         "2: cmp %[b], %[a]\n"                                       \
                         "3: jp 4f\n"                                                \
                         "4: mov $1, %k[r]\n\t"                                      \
                         "j" #cc " 5f\n\t"                                           \
                         "mov $0, %k[r]\n"                                           \
                         "5:"                                                        \
                         : [r] "=&r"(r)                                              \
                         : [setter] "r"(setter), [a] "r"(a), [b] "r"(b),             \
                           [bits] "r"(popf_bits)                                     \
                         : "xmm0", "xmm1", "cc", "memory");                          \
        return r;                                                                    \
    }

#define ALL_CONDITIONS(X, suffix)                                                    \
    X(o, suffix) X(no, suffix) X(b, suffix) X(ae, suffix) X(e, suffix) X(ne, suffix) \
    X(be, suffix) X(a, suffix) X(s, suffix) X(ns, suffix) X(p, suffix)               \
    X(np, suffix) X(l, suffix) X(ge, suffix) X(le, suffix) X(g, suffix)

ALL_CONDITIONS(JCC_AFTER_SPLIT, _eflags_first)
ALL_CONDITIONS(JCC_AFTER_SPLIT, _cmp_first)

typedef int JccFn(int setter, uint64_t a, uint64_t b);

#define FN_ENTRY(cc, suffix) { #cc, jcc_##cc##suffix },
static const struct { const char *name; JccFn *fn; } eflags_first[] = {
    ALL_CONDITIONS(FN_ENTRY, _eflags_first)
}, cmp_first[] = { ALL_CONDITIONS(FN_ENTRY, _cmp_first) };

/* doubles (1, -1, 2, -0, NaN, inf), small integers, sign bits and flag bits */
static const uint64_t operands[] = {
    0, 1, 2, 0x41, 0x80, 0x800, 0x8d5, 0x7fffffffffffffff, 0x8000000000000000,
    0x3ff0000000000000, 0xbff0000000000000, 0x4000000000000000, 0x7ff8000000000000,
    0x7ff0000000000000, 0xffffffffffffffff,
};
#define NB_OPERANDS (sizeof operands / sizeof operands[0])

/* every setter on every operand pair, in the given order of setters */
static unsigned run_all(JccFn *fn, const int order[NB_SETTERS])
{
    unsigned bits = 0, hash = 0;
    for (int k = 0; k < NB_SETTERS; k++)
        for (unsigned i = 0; i < NB_OPERANDS; i++)
            for (unsigned j = 0; j < NB_OPERANDS; j++) {
                bits = bits * 2 + (unsigned)fn(order[k], operands[i], operands[j]);
                hash = hash * 31 + bits;
            }
    return hash;
}

int main(void)
{
    static const int eflags_order[NB_SETTERS] = { SET_UCOMISD, SET_CMP, SET_POPF, SET_TEST };
    static const int cmp_order[NB_SETTERS] = { SET_CMP, SET_POPF, SET_TEST, SET_UCOMISD };
    for (unsigned c = 0; c < sizeof eflags_first / sizeof eflags_first[0]; c++) {
        unsigned h1 = run_all(eflags_first[c].fn, eflags_order);
        unsigned h2 = run_all(cmp_first[c].fn, cmp_order);
        printf("j%-3s %08x %08x\n", eflags_first[c].name, h1, h2);
        /* the same results in the other order, blocks translated already */
        printf("j%-3s %08x %08x\n", eflags_first[c].name, run_all(eflags_first[c].fn, cmp_order),
               run_all(cmp_first[c].fn, eflags_order));
    }
    return 0;
}

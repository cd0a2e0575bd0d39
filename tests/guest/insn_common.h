/* insn_common.h — shared by the insn_*.c guest programs: edge values, a
 * deterministic pseudo-random source, flag masks and the asm wrappers
 * that enter an instruction with chosen flags and capture the flags after.
 *
 * Every wrapper steps over the red zone before pushing, so the programs
 * are correct at -O0 and -O2 alike.  Only flags the architecture defines
 * for an instruction are printed: undefined ones differ between CPUs. */
#ifndef INSN_COMMON_H
#define INSN_COMMON_H

#include <stdint.h>
#include <stdio.h>

#define F_CF 0x001
#define F_PF 0x004
#define F_AF 0x010
#define F_ZF 0x040
#define F_SF 0x080
#define F_DF 0x400
#define F_OF 0x800
#define F_ARITH (F_CF | F_PF | F_AF | F_ZF | F_SF | F_OF)
#define F_LOGIC (F_ARITH & ~F_AF)

static const uint64_t edge_values[] = {
    0, 1, 2, 3, 0x0f, 0x10, 0x7e, 0x7f, 0x80, 0x81, 0xfe, 0xff, 0x100, 0x7fff, 0x8000, 0x8001,
    0xffff, 0x10000, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff, 0x100000000,
    0x7fffffffffffffff, 0x8000000000000000, 0x8000000000000001, 0xfffffffffffffffe,
    0xffffffffffffffff, 0x123456789abcdef0, 0xfedcba9876543210, 0x00ff00ff00ff00ff,
};
#define N_EDGE (sizeof(edge_values) / sizeof(edge_values[0]))

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* asm fragments: enter with flags from register %[fi], leave flags in %[fo] */
#define ENTER_FLAGS "lea -128(%%rsp), %%rsp\n\tpush %[fi]\n\tpopfq\n\t"
#define LEAVE_FLAGS "\n\tpushfq\n\tpop %[fo]\n\tlea 128(%%rsp), %%rsp"

/* "NAME %src, %dst" at one operand size: modifier b, w, k or q */
#define DEFINE_BINOP(fn, insn, mod)                                                   \
    static uint64_t fn(uint64_t d, uint64_t s, uint64_t fi, uint64_t *fo)             \
    {                                                                                 \
        __asm__ volatile(ENTER_FLAGS insn " %" #mod "[s], %" #mod "[d]" LEAVE_FLAGS   \
                         : [d] "+r"(d), [fo] "=&r"(*fo)                               \
                         : [s] "r"(s), [fi] "r"(fi)                                   \
                         : "cc", "memory");                                           \
        return d;                                                                     \
    }

#define DEFINE_UNOP(fn, insn, mod)                                                    \
    static uint64_t fn(uint64_t d, uint64_t fi, uint64_t *fo)                         \
    {                                                                                 \
        __asm__ volatile(ENTER_FLAGS insn " %" #mod "[d]" LEAVE_FLAGS                 \
                         : [d] "+r"(d), [fo] "=&r"(*fo)                               \
                         : [fi] "r"(fi)                                               \
                         : "cc", "memory");                                           \
        return d;                                                                     \
    }

/* all 16 setcc results of the flags an asm prefix leaves, as a bit mask */
#define SETCC_ALL(p)                                                                  \
    "seto 0(" p ")\n\tsetno 1(" p ")\n\tsetb 2(" p ")\n\tsetae 3(" p ")\n\t"          \
    "sete 4(" p ")\n\tsetne 5(" p ")\n\tsetbe 6(" p ")\n\tseta 7(" p ")\n\t"          \
    "sets 8(" p ")\n\tsetns 9(" p ")\n\tsetp 10(" p ")\n\tsetnp 11(" p ")\n\t"        \
    "setl 12(" p ")\n\tsetge 13(" p ")\n\tsetle 14(" p ")\n\tsetg 15(" p ")"

static unsigned cc_bits(const uint8_t c[16])
{
    unsigned m = 0;
    for (int i = 0; i < 16; i++)
        m |= (unsigned)(c[i] & 1) << i;
    return m;
}

#endif

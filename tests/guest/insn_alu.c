/* insn_alu.c — add/adc/sub/sbb/and/or/xor/cmp/test, inc/dec/neg/not at
 * every operand size, register/memory/immediate forms, one register as
 * both operands, LOCK forms, the high-byte registers, and the 16
 * conditions read right after each kind of arithmetic (setcc in the same
 * block, after a jump, and jcc). */
#include "insn_common.h"

#define BINOPS(X) X(add) X(adc) X(sub) X(sbb) X(and) X(or) X(xor) X(cmp) X(test)
#define DEF_SIZES(op)                 \
    DEFINE_BINOP(op##_b, #op "b", b)  \
    DEFINE_BINOP(op##_w, #op "w", w)  \
    DEFINE_BINOP(op##_l, #op "l", k)  \
    DEFINE_BINOP(op##_q, #op "q", q)
BINOPS(DEF_SIZES)

#define UNOPS(X) X(inc) X(dec) X(neg) X(not)
#define DEF_USIZES(op)               \
    DEFINE_UNOP(op##_b, #op "b", b)  \
    DEFINE_UNOP(op##_w, #op "w", w)  \
    DEFINE_UNOP(op##_l, #op "l", k)  \
    DEFINE_UNOP(op##_q, #op "q", q)
UNOPS(DEF_USIZES)

/* "NAME %r, %r": one register as both operands (a translator that reads
 * the register in place must still take the flags from its old value) */
#define DEFINE_SAMEOP(fn, insn, mod)                                                  \
    static uint64_t fn(uint64_t d, uint64_t fi, uint64_t *fo)                         \
    {                                                                                 \
        __asm__ volatile(ENTER_FLAGS insn " %" #mod "[d], %" #mod "[d]" LEAVE_FLAGS   \
                         : [d] "+r"(d), [fo] "=&r"(*fo)                               \
                         : [fi] "r"(fi)                                               \
                         : "cc", "memory");                                           \
        return d;                                                                     \
    }
#define DEF_SAME_SIZES(op)                       \
    DEFINE_SAMEOP(same_##op##_b, #op "b", b)     \
    DEFINE_SAMEOP(same_##op##_w, #op "w", w)     \
    DEFINE_SAMEOP(same_##op##_l, #op "l", k)     \
    DEFINE_SAMEOP(same_##op##_q, #op "q", q)
BINOPS(DEF_SAME_SIZES)

typedef uint64_t (*BinFn)(uint64_t, uint64_t, uint64_t, uint64_t *);
typedef uint64_t (*UnFn)(uint64_t, uint64_t, uint64_t *);

static const char *const size_names = "bwlq";

static void run_binops(void)
{
    static const struct { const char *name; BinFn fn[4]; uint64_t mask; } ops[] = {
#define ROW(op) { #op, { op##_b, op##_w, op##_l, op##_q }, 0 },
        BINOPS(ROW)
#undef ROW
    };
    for (size_t o = 0; o < sizeof(ops) / sizeof(ops[0]); o++) {
        uint64_t mask = (o >= 4 && o <= 6) || o == 8 ? F_LOGIC : F_ARITH;
        for (int sz = 0; sz < 4; sz++) {
            for (size_t i = 0; i < N_EDGE; i++) {
                for (size_t j = 0; j < N_EDGE; j++) {
                    {
                        uint64_t fi = (i + j + sz) & 1;
                        uint64_t fo, a = edge_values[i] ^ 0x5a5a5a5a00000000ull, b = edge_values[j];
                        uint64_t r = ops[o].fn[sz](a, b, fi ? 0x8d5 | 2 : 2, &fo);
                        printf("%s%c %016llx %016llx cf%d -> %016llx %03llx\n", ops[o].name, size_names[sz],
                               (unsigned long long)a, (unsigned long long)b, (int)fi,
                               (unsigned long long)r, (unsigned long long)(fo & mask));
                    }
                }
            }
        }
    }
}

static void run_same_register(void)
{
    static const struct { const char *name; UnFn fn[4]; } ops[] = {
#define ROW(op) { #op, { same_##op##_b, same_##op##_w, same_##op##_l, same_##op##_q } },
        BINOPS(ROW)
#undef ROW
    };
    for (size_t o = 0; o < sizeof(ops) / sizeof(ops[0]); o++) {
        uint64_t mask = (o >= 4 && o <= 6) || o == 8 ? F_LOGIC : F_ARITH;
        for (int sz = 0; sz < 4; sz++)
            for (size_t i = 0; i < N_EDGE; i++)
                for (uint64_t fi = 0; fi <= 1; fi++) {
                    uint64_t fo, a = edge_values[i] ^ 0x5a5a5a5a00000000ull;
                    uint64_t r = ops[o].fn[sz](a, fi ? 0x8d5 | 2 : 2, &fo);
                    printf("same %s%c %016llx cf%d -> %016llx %03llx\n", ops[o].name, size_names[sz],
                           (unsigned long long)a, (int)fi, (unsigned long long)r,
                           (unsigned long long)(fo & mask));
                }
    }
}

static void run_unops(void)
{
    static const struct { const char *name; UnFn fn[4]; } ops[] = {
#define ROW(op) { #op, { op##_b, op##_w, op##_l, op##_q } },
        UNOPS(ROW)
#undef ROW
    };
    for (size_t o = 0; o < 4; o++)
        for (int sz = 0; sz < 4; sz++)
            for (size_t i = 0; i < N_EDGE; i++)
                for (uint64_t fi = 0; fi <= 1; fi++) {
                    uint64_t fo, a = edge_values[i] | 0x3300000000000000ull;
                    uint64_t r = ops[o].fn[sz](a, fi ? 0x8d5 | 2 : 2, &fo);
                    printf("%s%c %016llx cf%d -> %016llx %03llx\n", ops[o].name, size_names[sz],
                           (unsigned long long)a, (int)fi, (unsigned long long)r,
                           (unsigned long long)(fo & (o == 3 ? 0 : F_ARITH)));
                }
}

/* conditions read right after an instruction, in the same block */
#define DEFINE_CC_AFTER(fn, insn)                                                      \
    static unsigned fn(uint64_t a, uint64_t b)                                         \
    {                                                                                  \
        uint8_t c[16];                                                                 \
        __asm__ volatile(insn "\n\t" SETCC_ALL("%[p]")                                 \
                         : [a] "+r"(a)                                                 \
                         : [b] "r"(b), [p] "r"(c)                                      \
                         : "cc", "memory");                                            \
        return cc_bits(c);                                                             \
    }
DEFINE_CC_AFTER(cc_cmpq, "cmpq %[b], %[a]")
DEFINE_CC_AFTER(cc_cmpl, "cmpl %k[b], %k[a]")
DEFINE_CC_AFTER(cc_cmpw, "cmpw %w[b], %w[a]")
DEFINE_CC_AFTER(cc_cmpb, "cmpb %b[b], %b[a]")
DEFINE_CC_AFTER(cc_subl, "subl %k[b], %k[a]")
DEFINE_CC_AFTER(cc_addq, "addq %[b], %[a]")
DEFINE_CC_AFTER(cc_addb, "addb %b[b], %b[a]")
DEFINE_CC_AFTER(cc_adcl, "stc\n\tadcl %k[b], %k[a]")
DEFINE_CC_AFTER(cc_sbbw, "stc\n\tsbbw %w[b], %w[a]")
DEFINE_CC_AFTER(cc_andl, "andl %k[b], %k[a]")
DEFINE_CC_AFTER(cc_testq, "testq %[b], %[a]")
DEFINE_CC_AFTER(cc_testb, "testb %b[b], %b[a]")
DEFINE_CC_AFTER(cc_xorw, "xorw %w[b], %w[a]")
DEFINE_CC_AFTER(cc_incl, "stc\n\tincl %k[a]")
DEFINE_CC_AFTER(cc_decq, "clc\n\tdecq %[a]")
DEFINE_CC_AFTER(cc_negl, "negl %k[a]")
DEFINE_CC_AFTER(cc_shlq, "shlq $1, %[a]")
DEFINE_CC_AFTER(cc_shrl, "shrl $1, %k[a]")
DEFINE_CC_AFTER(cc_sarb, "sarb $1, %b[a]")
/* the flags cross a block boundary: the reader starts a new block */
DEFINE_CC_AFTER(cc_cmpl_jmp, "cmpl %k[b], %k[a]\n\tjmp 1f\n1:")
DEFINE_CC_AFTER(cc_subq_jmp, "subq %[b], %[a]\n\tjmp 1f\n1:")
DEFINE_CC_AFTER(cc_addw_jmp, "addw %w[b], %w[a]\n\tjmp 1f\n1:")
DEFINE_CC_AFTER(cc_andb_jmp, "andb %b[b], %b[a]\n\tjmp 1f\n1:")

static void run_conditions(void)
{
    static const struct { const char *name; unsigned (*fn)(uint64_t, uint64_t); } cc[] = {
        { "cmpq", cc_cmpq }, { "cmpl", cc_cmpl }, { "cmpw", cc_cmpw }, { "cmpb", cc_cmpb },
        { "subl", cc_subl }, { "addq", cc_addq }, { "addb", cc_addb }, { "adcl", cc_adcl },
        { "sbbw", cc_sbbw }, { "andl", cc_andl }, { "testq", cc_testq }, { "testb", cc_testb },
        { "xorw", cc_xorw }, { "incl", cc_incl }, { "decq", cc_decq }, { "negl", cc_negl },
        { "shlq", cc_shlq }, { "shrl", cc_shrl }, { "sarb", cc_sarb },
        { "cmpl/jmp", cc_cmpl_jmp }, { "subq/jmp", cc_subq_jmp }, { "addw/jmp", cc_addw_jmp },
        { "andb/jmp", cc_andb_jmp },
    };
    for (size_t k = 0; k < sizeof(cc) / sizeof(cc[0]); k++)
        for (size_t i = 0; i < N_EDGE; i++)
            for (size_t j = 0; j < N_EDGE; j++)
                printf("cc %s %llx %llx: %04x\n", cc[k].name, (unsigned long long)edge_values[i],
                       (unsigned long long)edge_values[j], cc[k].fn(edge_values[i], edge_values[j]));
}

/* jcc right after cmp: each condition its own branch */
#define DEFINE_JCC(n, jcc)                                                          \
    static int jcc_##n(uint64_t a, uint64_t b)                                      \
    {                                                                               \
        int r;                                                                      \
        __asm__ volatile("cmpq %[b], %[a]\n\t" jcc " 1f\n\tmovl $0, %[r]\n\tjmp 2f\n" \
                         "1:\n\tmovl $1, %[r]\n2:"                                  \
                         : [r] "=r"(r)                                              \
                         : [a] "r"(a), [b] "r"(b)                                   \
                         : "cc");                                                   \
        return r;                                                                   \
    }
DEFINE_JCC(0, "jo") DEFINE_JCC(1, "jno") DEFINE_JCC(2, "jb") DEFINE_JCC(3, "jae")
DEFINE_JCC(4, "je") DEFINE_JCC(5, "jne") DEFINE_JCC(6, "jbe") DEFINE_JCC(7, "ja")
DEFINE_JCC(8, "js") DEFINE_JCC(9, "jns") DEFINE_JCC(10, "jp") DEFINE_JCC(11, "jnp")
DEFINE_JCC(12, "jl") DEFINE_JCC(13, "jge") DEFINE_JCC(14, "jle") DEFINE_JCC(15, "jg")

static void run_jcc(void)
{
    static int (*const fns[16])(uint64_t, uint64_t) = {
        jcc_0, jcc_1, jcc_2, jcc_3, jcc_4, jcc_5, jcc_6, jcc_7,
        jcc_8, jcc_9, jcc_10, jcc_11, jcc_12, jcc_13, jcc_14, jcc_15,
    };
    for (size_t i = 0; i < N_EDGE; i++)
        for (size_t j = 0; j < N_EDGE; j++) {
            unsigned m = 0;
            for (int c = 0; c < 16; c++)
                m |= (unsigned)fns[c](edge_values[i], edge_values[j]) << c;
            printf("jcc %llx %llx: %04x\n", (unsigned long long)edge_values[i],
                   (unsigned long long)edge_values[j], m);
        }
}

/* memory destinations, immediates, LOCK, high-byte registers */
static void run_forms(void)
{
    for (size_t i = 0; i < N_EDGE; i++) {
        uint64_t v = edge_values[i], m, fo, r;
        uint64_t *p = &m;
        m = v;
        __asm__ volatile(ENTER_FLAGS "addq $-3, (%[p])\n\tsubl $0x12345, 4(%[p])\n\txorw $0x7f, 2(%[p])\n\t"
                         "adcb $0x80, 1(%[p])" LEAVE_FLAGS
                         : [fo] "=&r"(fo) : [p] "r"(p), [fi] "r"((uint64_t)0x203) : "cc", "memory");
        printf("mem-imm %016llx -> %016llx %03llx\n", (unsigned long long)v, (unsigned long long)m,
               (unsigned long long)(fo & F_ARITH));
        m = v;
        __asm__ volatile(ENTER_FLAGS "lock addl %k[s], (%[p])\n\tlock orw %w[s], 2(%[p])\n\t"
                         "lock andq %[s], (%[p])\n\tlock xorb %b[s], 7(%[p])\n\tlock sbbl %k[s], (%[p])\n\t"
                         "lock adcq %[s], (%[p])\n\tlock subw %w[s], 6(%[p])\n\tlock incq (%[p])\n\t"
                         "lock decb 3(%[p])\n\tlock notl 4(%[p])\n\tlock negw (%[p])" LEAVE_FLAGS
                         : [fo] "=&r"(fo) : [p] "r"(p), [s] "r"(v * 7 + 3), [fi] "r"((uint64_t)0x203) : "cc", "memory");
        printf("lock %016llx -> %016llx %03llx\n", (unsigned long long)v, (unsigned long long)m,
               (unsigned long long)(fo & F_ARITH));
        r = v;
        uint64_t b2 = ~v;
        __asm__ volatile(ENTER_FLAGS "addb %%ah, %%bh\n\tsubb %%bl, %%ah\n\txorb $0x5a, %%ah\n\t"
                         "incb %%bh\n\tnegb %%ah\n\tadcb %%ah, %%al" LEAVE_FLAGS
                         : "+a"(r), "+b"(b2), [fo] "=&r"(fo) : [fi] "r"((uint64_t)0x202) : "cc");
        printf("highbyte %016llx -> %016llx %016llx %03llx\n", (unsigned long long)v,
               (unsigned long long)r, (unsigned long long)b2, (unsigned long long)(fo & F_ARITH));
        r = v;
        __asm__ volatile(ENTER_FLAGS "addq $0x7fffffff, %[r]\n\tsubq $-0x80000000, %[r]\n\t"
                         "cmpq $-1, %[r]\n\tadcl $100, %k[r]" LEAVE_FLAGS
                         : [r] "+r"(r), [fo] "=&r"(fo) : [fi] "r"((uint64_t)0x202) : "cc");
        printf("imm %016llx -> %016llx %03llx\n", (unsigned long long)v, (unsigned long long)r,
               (unsigned long long)(fo & F_ARITH));
    }
}

int main(void)
{
    run_binops();
    run_same_register();
    run_unops();
    run_conditions();
    run_jcc();
    run_forms();
    for (int k = 0; k < 2000; k++) {
        uint64_t a = rnd(), b = rnd(), fo, r;
        if (k & 1)
            b = a - (b & 0xff);
        r = sub_q(a, b, 2, &fo);
        printf("rnd sub %016llx %016llx %016llx %03llx %04x %04x\n", (unsigned long long)a,
               (unsigned long long)b, (unsigned long long)r, (unsigned long long)(fo & F_ARITH),
               cc_cmpl(a, b), cc_cmpb(a, b));
    }
    return 0;
}

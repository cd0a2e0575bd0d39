/* insn_shift.c — shl/shr/sar/rol/ror/rcl/rcr by 1, by CL and by an
 * immediate at every size, shld/shrd, with the flags each defines:
 * count 0 leaves every flag alone, OF only for count 1, CF/ZF/SF/PF for
 * shifts, CF (and OF for 1) for rotates. */
#include <stdbool.h>

#include "insn_common.h"

/* op %cl, dst with the given entry flags */
#define DEFINE_SHIFT_CL(fn, insn, mod)                                                   \
    static uint64_t fn(uint64_t d, uint64_t c, uint64_t fi, uint64_t *fo)                \
    {                                                                                    \
        __asm__ volatile(ENTER_FLAGS insn " %%cl, %" #mod "[d]" LEAVE_FLAGS              \
                         : [d] "+r"(d), [fo] "=&r"(*fo)                                  \
                         : "c"(c), [fi] "r"(fi)                                          \
                         : "cc", "memory");                                              \
        return d;                                                                        \
    }
#define DEFINE_SHIFT_IMM(fn, insn, mod, imm)                                             \
    static uint64_t fn(uint64_t d, uint64_t c, uint64_t fi, uint64_t *fo)                \
    {                                                                                    \
        (void)c;                                                                         \
        __asm__ volatile(ENTER_FLAGS insn " $" #imm ", %" #mod "[d]" LEAVE_FLAGS         \
                         : [d] "+r"(d), [fo] "=&r"(*fo)                                  \
                         : [fi] "r"(fi)                                                  \
                         : "cc", "memory");                                              \
        return d;                                                                        \
    }
#define SHIFT_OPS(X) X(shl) X(shr) X(sar) X(rol) X(ror) X(rcl) X(rcr)
#define DEF_ALL(op)                                    \
    DEFINE_SHIFT_CL(op##_cl_b, #op "b", b)             \
    DEFINE_SHIFT_CL(op##_cl_w, #op "w", w)             \
    DEFINE_SHIFT_CL(op##_cl_l, #op "l", k)             \
    DEFINE_SHIFT_CL(op##_cl_q, #op "q", q)             \
    DEFINE_SHIFT_IMM(op##_1_b, #op "b", b, 1)          \
    DEFINE_SHIFT_IMM(op##_1_l, #op "l", k, 1)          \
    DEFINE_SHIFT_IMM(op##_1_q, #op "q", q, 1)          \
    DEFINE_SHIFT_IMM(op##_5_w, #op "w", w, 5)          \
    DEFINE_SHIFT_IMM(op##_31_l, #op "l", k, 31)        \
    DEFINE_SHIFT_IMM(op##_63_q, #op "q", q, 63)        \
    DEFINE_SHIFT_IMM(op##_0_l, #op "l", k, 0)
SHIFT_OPS(DEF_ALL)

typedef uint64_t (*ShFn)(uint64_t, uint64_t, uint64_t, uint64_t *);

/* defined flags after a shift/rotate by masked count c of an operand of bits */
static uint64_t defined_flags(int op, unsigned c, unsigned bits)
{
    if (c == 0)
        return F_ARITH;
    bool rotate = op >= 3;
    uint64_t m = rotate ? F_CF : F_CF | F_ZF | F_SF | F_PF;
    if (!rotate && c >= bits && op != 2)
        m &= ~(uint64_t)F_CF;   /* shl/shr past the width: CF undefined */
    if (c == 1)
        m |= F_OF;
    return m;
}

static const uint8_t counts[] = { 0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 255 };

int main(void)
{
    static const char *const names[] = { "shl", "shr", "sar", "rol", "ror", "rcl", "rcr" };
    static const ShFn cl[7][4] = {
#define ROW(op) { op##_cl_b, op##_cl_w, op##_cl_l, op##_cl_q },
        SHIFT_OPS(ROW)
#undef ROW
    };
    static const struct { ShFn fn[7]; unsigned count, bits; const char *tag; } imm[] = {
#define IMMROW(suffix, cnt, bits) { { shl_##suffix, shr_##suffix, sar_##suffix, rol_##suffix, ror_##suffix, rcl_##suffix, rcr_##suffix }, cnt, bits, #suffix },
        IMMROW(1_b, 1, 8) IMMROW(1_l, 1, 32) IMMROW(1_q, 1, 64) IMMROW(5_w, 5, 16)
        IMMROW(31_l, 31, 32) IMMROW(63_q, 63, 64) IMMROW(0_l, 0, 32)
#undef IMMROW
    };
    for (int op = 0; op < 7; op++) {
        for (int sz = 0; sz < 4; sz++) {
            unsigned bits = 8u << sz;
            for (size_t i = 0; i < N_EDGE; i++)
                for (size_t k = 0; k < sizeof(counts); k++)
                    for (uint64_t fi = 0; fi <= 1; fi++) {
                        uint64_t fo, a = edge_values[i] ^ 0x0123456700000000ull;
                        unsigned c = counts[k] & (sz == 3 ? 63 : 31);
                        uint64_t r = cl[op][sz](a, counts[k], fi ? 0x8d5 | 2 : 2, &fo);
                        printf("%s%d cl=%u %016llx f%d -> %016llx %03llx\n", names[op], bits, counts[k],
                               (unsigned long long)a, (int)fi, (unsigned long long)r,
                               (unsigned long long)(fo & defined_flags(op, c, bits)));
                    }
        }
        for (size_t m = 0; m < sizeof(imm) / sizeof(imm[0]); m++)
            for (size_t i = 0; i < N_EDGE; i++)
                for (uint64_t fi = 0; fi <= 1; fi++) {
                    uint64_t fo, a = edge_values[i] ^ 0x7654321000000000ull;
                    uint64_t r = imm[m].fn[op](a, 0, fi ? 0x8d5 | 2 : 2, &fo);
                    printf("%s imm%s %016llx f%d -> %016llx %03llx\n", names[op], imm[m].tag,
                           (unsigned long long)a, (int)fi, (unsigned long long)r,
                           (unsigned long long)(fo & defined_flags(op, imm[m].count, imm[m].bits)));
                }
    }
    /* shld / shrd */
    for (size_t i = 0; i < N_EDGE; i++)
        for (size_t j = 0; j < N_EDGE; j += 3)
            for (size_t k = 0; k < sizeof(counts); k++) {
                uint64_t a = edge_values[i], b = edge_values[j], c = counts[k], fo1, fo2, fo3, fo4;
                uint64_t r1 = a, r2 = a, r3 = a, r4 = a;
                __asm__ volatile(ENTER_FLAGS "shldq %%cl, %[b], %[d]" LEAVE_FLAGS
                                 : [d] "+r"(r1), [fo] "=&r"(fo1) : [b] "r"(b), "c"(c), [fi] "r"((uint64_t)0x8d7) : "cc", "memory");
                __asm__ volatile(ENTER_FLAGS "shrdq %%cl, %[b], %[d]" LEAVE_FLAGS
                                 : [d] "+r"(r2), [fo] "=&r"(fo2) : [b] "r"(b), "c"(c), [fi] "r"((uint64_t)0x2) : "cc", "memory");
                __asm__ volatile(ENTER_FLAGS "shldl %%cl, %k[b], %k[d]" LEAVE_FLAGS
                                 : [d] "+r"(r3), [fo] "=&r"(fo3) : [b] "r"(b), "c"(c), [fi] "r"((uint64_t)0x2) : "cc", "memory");
                __asm__ volatile(ENTER_FLAGS "shrdl %%cl, %k[b], %k[d]" LEAVE_FLAGS
                                 : [d] "+r"(r4), [fo] "=&r"(fo4) : [b] "r"(b), "c"(c), [fi] "r"((uint64_t)0x8d7) : "cc", "memory");
                unsigned c64 = c & 63, c32 = c & 31;
                printf("shd %016llx %016llx %u: %016llx %03llx %016llx %03llx %016llx %03llx %016llx %03llx\n",
                       (unsigned long long)a, (unsigned long long)b, (unsigned)c,
                       (unsigned long long)r1, (unsigned long long)(fo1 & defined_flags(0, c64, 64)),
                       (unsigned long long)r2, (unsigned long long)(fo2 & defined_flags(1, c64, 64)),
                       (unsigned long long)r3, (unsigned long long)(fo3 & defined_flags(0, c32, 32)),
                       (unsigned long long)r4, (unsigned long long)(fo4 & defined_flags(1, c32, 32)));
            }
    /* 16-bit shld/shrd with counts up to 16, and memory forms */
    for (size_t i = 0; i < N_EDGE; i++)
        for (unsigned c = 0; c <= 16; c++) {
            uint64_t a = edge_values[i], b = ~a * 3, fo1, fo2, m = a;
            uint64_t r1 = a, *p = &m;
            __asm__ volatile(ENTER_FLAGS "shldw %%cl, %w[b], %w[d]" LEAVE_FLAGS
                             : [d] "+r"(r1), [fo] "=&r"(fo1) : [b] "r"(b), "c"((uint64_t)c), [fi] "r"((uint64_t)0x2) : "cc", "memory");
            __asm__ volatile(ENTER_FLAGS "shrdw %%cl, %w[b], 2(%[p])\n\tsarl $3, 4(%[p])\n\trolw $1, (%[p])" LEAVE_FLAGS
                             : [fo] "=&r"(fo2) : [p] "r"(p), [b] "r"(b), "c"((uint64_t)c), [fi] "r"((uint64_t)0x2) : "cc", "memory");
            printf("shd16 %016llx %u: %016llx %03llx %016llx %03llx\n", (unsigned long long)a, c,
                   (unsigned long long)r1, (unsigned long long)(fo1 & defined_flags(0, c, 16)),
                   (unsigned long long)m, (unsigned long long)(fo2 & F_CF));
        }
    return 0;
}

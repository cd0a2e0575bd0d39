/* insn_bmi.c — BMI1/BMI2 (andn, bextr, blsi/blsmsk/blsr, bzhi, pdep,
 * pext, mulx, sarx/shlx/shrx, rorx, tzcnt) over edge values, with the
 * flags each defines.  Needs a host with BMI1/BMI2 to be meaningful;
 * without them it prints a line saying so (the same under tern -cpu max,
 * which has them). */
#include <cpuid.h>

#include "insn_common.h"

static int have_bmi(void)
{
    unsigned a, b, c, d;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
        return 0;
    return (b & (1u << 3)) && (b & (1u << 8));
}

#define OP3(name, insn, mod, mask)                                                              \
    static void name(uint64_t x, uint64_t y)                                                    \
    {                                                                                           \
        uint64_t d = 0x5555555555555555ull, fo;                                                 \
        __asm__ volatile(ENTER_FLAGS insn " %" #mod "[y], %" #mod "[x], %" #mod "[d]" LEAVE_FLAGS \
                         : [d] "+r"(d), [fo] "=&r"(fo) : [x] "r"(x), [y] "r"(y), [fi] "r"((uint64_t)0x8d7) \
                         : "cc", "memory");                                                     \
        printf("%s %llx %llx: %llx %03llx\n", #name, (unsigned long long)x, (unsigned long long)y, \
               (unsigned long long)d, (unsigned long long)(fo & (mask)));                       \
    }
/* AT&T order: op src2, src1, dst */
OP3(andnq, "andnq", q, F_CF | F_ZF | F_SF | F_OF)
OP3(andnl, "andnl", k, F_CF | F_ZF | F_SF | F_OF)
OP3(bextrq, "bextrq", q, F_CF | F_ZF | F_OF)
OP3(bextrl, "bextrl", k, F_CF | F_ZF | F_OF)
OP3(bzhiq, "bzhiq", q, F_CF | F_ZF | F_SF | F_OF)
OP3(bzhil, "bzhil", k, F_CF | F_ZF | F_SF | F_OF)
OP3(pdepq, "pdepq", q, 0)
OP3(pextq, "pextq", q, 0)
OP3(pdepl, "pdepl", k, 0)
OP3(pextl, "pextl", k, 0)
OP3(shlxq, "shlxq", q, 0)
OP3(sarxl, "sarxl", k, 0)
OP3(shrxq, "shrxq", q, 0)

#define OP2(name, insn, mod, mask)                                                              \
    static void name(uint64_t x)                                                                \
    {                                                                                           \
        uint64_t d = 0x5555555555555555ull, fo;                                                 \
        __asm__ volatile(ENTER_FLAGS insn " %" #mod "[x], %" #mod "[d]" LEAVE_FLAGS              \
                         : [d] "+r"(d), [fo] "=&r"(fo) : [x] "r"(x), [fi] "r"((uint64_t)0x8d7)  \
                         : "cc", "memory");                                                     \
        printf("%s %llx: %llx %03llx\n", #name, (unsigned long long)x, (unsigned long long)d,  \
               (unsigned long long)(fo & (mask)));                                              \
    }
OP2(blsrq, "blsrq", q, F_CF | F_ZF | F_SF | F_OF)
OP2(blsmskl, "blsmskl", k, F_CF | F_ZF | F_SF | F_OF)
OP2(blsiq, "blsiq", q, F_CF | F_ZF | F_SF | F_OF)
OP2(tzcntq, "tzcntq", q, F_CF | F_ZF)
OP2(rorx13, "rorxq $13,", q, 0)
OP2(rorx31l, "rorxl $31,", k, 0)

int main(void)
{
    if (!have_bmi()) {
        printf("no BMI1/BMI2 here\n");
        return 0;
    }
    static const uint64_t ctl[] = { 0, 1, 7, 8, 31, 32, 33, 63, 64, 65, 255, 0x0408, 0x1010, 0x2020, 0x4000,
                                    0x3f01, 0xff00, 0xffff };
    for (size_t i = 0; i < N_EDGE; i++) {
        uint64_t x = edge_values[i];
        blsrq(x), blsmskl(x), blsiq(x), tzcntq(x), rorx13(x), rorx31l(x);
        for (size_t j = 0; j < N_EDGE; j++) {
            uint64_t y = edge_values[j];
            andnq(x, y), andnl(x, y), pdepq(x, y), pextq(x, y), pdepl(x, y), pextl(x, y);
        }
        for (size_t k = 0; k < sizeof(ctl) / sizeof(ctl[0]); k++) {
            bextrq(x, ctl[k]), bextrl(x, ctl[k]), bzhiq(x, ctl[k]), bzhil(x, ctl[k]);
            shlxq(x, ctl[k]), sarxl(x, ctl[k]), shrxq(x, ctl[k]);
        }
        uint64_t lo, hi;
        __asm__("mulxq %[b], %[lo], %[hi]" : [lo] "=r"(lo), [hi] "=r"(hi) : "d"(x), [b] "r"(~x * 3));
        printf("mulx %llx: %llx %llx\n", (unsigned long long)x, (unsigned long long)hi, (unsigned long long)lo);
    }
    return 0;
}

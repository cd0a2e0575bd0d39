/* insn_muldiv.c — mul/imul (one, two and three operands) and div/idiv at
 * every size over edge values.  mul/imul define only CF and OF; div/idiv
 * define no flags.  Divisions that would fault (#DE) are skipped here:
 * the trapping cases live in div_trap.c. */
#include <stdbool.h>

#include "insn_common.h"

static void mul1(void)
{
    for (size_t i = 0; i < N_EDGE; i++)
        for (size_t j = 0; j < N_EDGE; j++) {
            uint64_t a = edge_values[i], b = edge_values[j], fo[8];
            uint64_t ra[8], rd[8];
#define ONE(k, insn, mod)                                                                   \
    ra[k] = a, rd[k] = 0x1111111111111111ull;                                               \
    __asm__ volatile(ENTER_FLAGS insn " %" #mod "[b]" LEAVE_FLAGS                            \
                     : "+a"(ra[k]), "+d"(rd[k]), [fo] "=&r"(fo[k]) : [b] "r"(b), [fi] "r"((uint64_t)2) : "cc", "memory");
            ONE(0, "mulb", b) ONE(1, "mulw", w) ONE(2, "mull", k) ONE(3, "mulq", q)
            ONE(4, "imulb", b) ONE(5, "imulw", w) ONE(6, "imull", k) ONE(7, "imulq", q)
#undef ONE
            printf("mul %llx %llx:", (unsigned long long)a, (unsigned long long)b);
            for (int k = 0; k < 8; k++)
                printf(" %llx:%llx:%llx", (unsigned long long)ra[k], (unsigned long long)rd[k],
                       (unsigned long long)(fo[k] & (F_CF | F_OF)));
            printf("\n");
        }
}

static void imul23(void)
{
    for (size_t i = 0; i < N_EDGE; i++)
        for (size_t j = 0; j < N_EDGE; j++) {
            uint64_t a = edge_values[i], b = edge_values[j], f1, f2, f3, f4, f5;
            uint64_t r1 = a, r2 = a, r3 = a, r4 = 0x2222222222222222ull, r5 = 0x3333333333333333ull;
            __asm__ volatile(ENTER_FLAGS "imulw %w[b], %w[d]" LEAVE_FLAGS : [d] "+r"(r1), [fo] "=&r"(f1) : [b] "r"(b), [fi] "r"((uint64_t)0x8d7) : "cc", "memory");
            __asm__ volatile(ENTER_FLAGS "imull %k[b], %k[d]" LEAVE_FLAGS : [d] "+r"(r2), [fo] "=&r"(f2) : [b] "r"(b), [fi] "r"((uint64_t)0x8d7) : "cc", "memory");
            __asm__ volatile(ENTER_FLAGS "imulq %[b], %[d]" LEAVE_FLAGS : [d] "+r"(r3), [fo] "=&r"(f3) : [b] "r"(b), [fi] "r"((uint64_t)2) : "cc", "memory");
            __asm__ volatile(ENTER_FLAGS "imull $-77, %k[b], %k[d]" LEAVE_FLAGS : [d] "+r"(r4), [fo] "=&r"(f4) : [b] "r"(b), [fi] "r"((uint64_t)2) : "cc", "memory");
            __asm__ volatile(ENTER_FLAGS "imulq $0x12345678, %[b], %[d]" LEAVE_FLAGS : [d] "+r"(r5), [fo] "=&r"(f5) : [b] "r"(b), [fi] "r"((uint64_t)2) : "cc", "memory");
            printf("imul23 %llx %llx: %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx\n",
                   (unsigned long long)a, (unsigned long long)b, (unsigned long long)r1,
                   (unsigned long long)(f1 & 0x801), (unsigned long long)r2, (unsigned long long)(f2 & 0x801),
                   (unsigned long long)r3, (unsigned long long)(f3 & 0x801), (unsigned long long)r4,
                   (unsigned long long)(f4 & 0x801), (unsigned long long)r5, (unsigned long long)(f5 & 0x801));
        }
}

/* would div/idiv of hi:lo by d at this size fault? */
static bool div_faults(int sz, bool sign, uint64_t hi, uint64_t lo, uint64_t d)
{
    unsigned bits = 8u << sz;
    uint64_t mask = sz == 3 ? ~0ull : (1ull << bits) - 1;
    d &= mask;
    if (d == 0)
        return true;
    if (sz == 3) {
        unsigned __int128 n = ((unsigned __int128)hi << 64) | lo;
        if (!sign)
            return hi >= d;
        __int128 sn = (__int128)n, sd = (int64_t)d;
        if (sd == -1 && hi == 0x8000000000000000ull && lo == 0)
            return true;    /* the only 128-bit quotient C cannot compute */
        __int128 q = sn / sd;
        return q > INT64_MAX || q < INT64_MIN;
    }
    uint64_t n = (sz == 0) ? (lo & 0xffff) : (((hi & mask) << bits) | (lo & mask));
    if (!sign)
        return n / d > mask;
    int64_t sn = sz == 0 ? (int16_t)n : sz == 1 ? (int32_t)n : (int64_t)n;
    int64_t sd = sz == 0 ? (int8_t)d : sz == 1 ? (int16_t)d : (int32_t)d;
    int64_t q = sn / sd;
    int64_t lim = (int64_t)(mask >> 1);
    return q > lim || q < -lim - 1;
}

static void divs(void)
{
    for (size_t i = 0; i < N_EDGE; i++)
        for (size_t j = 0; j < N_EDGE; j++)
            for (size_t k = 0; k < N_EDGE; k += 5) {
                uint64_t lo = edge_values[i], d = edge_values[j], hi = edge_values[k];
                printf("div %llx:%llx / %llx:", (unsigned long long)hi, (unsigned long long)lo, (unsigned long long)d);
                for (int sz = 0; sz < 4; sz++)
                    for (int sign = 0; sign <= 1; sign++) {
                        if (div_faults(sz, sign, hi, lo, d)) {
                            printf(" -");
                            continue;
                        }
                        uint64_t a = lo, dx = hi;
#define DIV(insn, mod) __asm__ volatile(insn " %" #mod "[d]" : "+a"(a), "+d"(dx) : [d] "r"(d) : "cc")
                        switch (sz * 2 + sign) {
                        case 0: DIV("divb", b); break;
                        case 1: DIV("idivb", b); break;
                        case 2: DIV("divw", w); break;
                        case 3: DIV("idivw", w); break;
                        case 4: DIV("divl", k); break;
                        case 5: DIV("idivl", k); break;
                        case 6: DIV("divq", q); break;
                        default: DIV("idivq", q); break;
                        }
#undef DIV
                        printf(" %llx,%llx", (unsigned long long)a, (unsigned long long)dx);
                    }
                printf("\n");
            }
}

int main(void)
{
    mul1();
    imul23();
    divs();
    for (int k = 0; k < 3000; k++) {
        uint64_t a = rnd(), b = rnd() >> (rnd() & 63), q, r;
        if (b == 0)
            b = 7;
        q = a, r = 0;
        __asm__ volatile("divq %[d]" : "+a"(q), "+d"(r) : [d] "r"(b) : "cc");
        int64_t sq = (int64_t)a, sr;
        __asm__ volatile("cqo\n\tidivq %[d]" : "+a"(sq), "=&d"(sr) : [d] "r"(b | 1) : "cc");
        printf("rdiv %llx %llx %llx %llx %lld %lld\n", (unsigned long long)a, (unsigned long long)b,
               (unsigned long long)q, (unsigned long long)r, (long long)sq, (long long)sr);
    }
    return 0;
}

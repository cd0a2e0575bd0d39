/* insn_cmpxchg.c — cmpxchg (register and memory, match and mismatch,
 * every size, with and without LOCK), cmpxchg8b/cmpxchg16b, xadd and
 * xchg: the registers, memory and flags each leaves.  A mismatching
 * 32-bit cmpxchg loads eax with zero-extension but leaves a register
 * destination untouched; these are the cases printed. */
#include "insn_common.h"

static void cmpxchg_reg(void)
{
    for (size_t i = 0; i < N_EDGE; i++)
        for (size_t j = 0; j < N_EDGE; j += 3) {
            uint64_t acc0 = edge_values[i], dst0 = (j & 1) ? edge_values[i] : edge_values[j];
            uint64_t src = 0x1357924680aceb0dull;
            uint64_t a[4], d[4], f[4];
#define CX(k, insn, mod)                                                                          \
    a[k] = acc0, d[k] = dst0 ^ 0xf0f0000000000000ull * (k & 1);                                   \
    if (k & 1) a[k] = d[k];                                                                       \
    __asm__ volatile(ENTER_FLAGS insn " %" #mod "[s], %" #mod "[d]" LEAVE_FLAGS                    \
                     : "+a"(a[k]), [d] "+r"(d[k]), [fo] "=&r"(f[k]) : [s] "r"(src), [fi] "r"((uint64_t)2) : "cc", "memory");
            CX(0, "cmpxchgb", b) CX(1, "cmpxchgw", w) CX(2, "cmpxchgl", k) CX(3, "cmpxchgq", q)
#undef CX
            printf("cmpxchg %llx %llx:", (unsigned long long)acc0, (unsigned long long)dst0);
            for (int k = 0; k < 4; k++)
                printf(" %llx,%llx,%03llx", (unsigned long long)a[k], (unsigned long long)d[k],
                       (unsigned long long)(f[k] & F_ARITH));
            printf("\n");
        }
}

static void cmpxchg_mem(void)
{
    for (size_t i = 0; i < N_EDGE; i++) {
        uint64_t m[2] = { edge_values[i], ~edge_values[i] }, a1 = edge_values[i], a2 = 5, a3 = m[1], a4, f1, f2, f3;
        __asm__ volatile(ENTER_FLAGS "lock cmpxchgq %[s], (%[p])" LEAVE_FLAGS
                         : "+a"(a1), [fo] "=&r"(f1) : [p] "r"(m), [s] "r"((uint64_t)0x77), [fi] "r"((uint64_t)2) : "cc", "memory");
        __asm__ volatile(ENTER_FLAGS "cmpxchgl %k[s], 8(%[p])" LEAVE_FLAGS
                         : "+a"(a2), [fo] "=&r"(f2) : [p] "r"(m), [s] "r"((uint64_t)0x99), [fi] "r"((uint64_t)2) : "cc", "memory");
        a4 = a3 & 0xffff;
        __asm__ volatile(ENTER_FLAGS "lock cmpxchgw %w[s], 8(%[p])" LEAVE_FLAGS
                         : "+a"(a4), [fo] "=&r"(f3) : [p] "r"(m), [s] "r"((uint64_t)0xabcd), [fi] "r"((uint64_t)2) : "cc", "memory");
        printf("cmpxchgm %llx: %llx %llx %llx %03llx %03llx %03llx %llx\n", (unsigned long long)edge_values[i],
               (unsigned long long)m[0], (unsigned long long)m[1], (unsigned long long)a2,
               (unsigned long long)(f1 & F_ARITH), (unsigned long long)(f2 & F_ARITH),
               (unsigned long long)(f3 & F_ARITH), (unsigned long long)a4);
    }
}

static void cmpxchg_wide(void)
{
    static unsigned __int128 slot __attribute__((aligned(16)));
    for (size_t i = 0; i < N_EDGE; i++)
        for (int match = 0; match <= 1; match++) {
            uint64_t v = edge_values[i];
            slot = ((unsigned __int128)~v << 64) | v;
            uint64_t lo = match ? v : v + 1, hi = match ? ~v : ~v, f1, f2;
            uint64_t lo8 = match ? v : v ^ 1, hi8 = 0xffffffff00000000ull | (uint32_t)(v >> 32);
            uint64_t m8 = v;
            __asm__ volatile(ENTER_FLAGS "lock cmpxchg16b (%[p])" LEAVE_FLAGS
                             : "+a"(lo), "+d"(hi), [fo] "=&r"(f1)
                             : [p] "r"(&slot), "b"((uint64_t)0x1111), "c"((uint64_t)0x2222), [fi] "r"((uint64_t)0x8d7)
                             : "cc", "memory");
            __asm__ volatile(ENTER_FLAGS "cmpxchg8b (%[p])" LEAVE_FLAGS
                             : "+a"(lo8), "+d"(hi8), [fo] "=&r"(f2)
                             : [p] "r"(&m8), "b"((uint64_t)0x33333333), "c"((uint64_t)0x44444444), [fi] "r"((uint64_t)2)
                             : "cc", "memory");
            printf("cx16 %llx %d: %llx %llx %llx %llx %03llx | %llx %llx %llx %03llx\n", (unsigned long long)v, match,
                   (unsigned long long)lo, (unsigned long long)hi, (unsigned long long)(uint64_t)slot,
                   (unsigned long long)(uint64_t)(slot >> 64), (unsigned long long)(f1 & F_ARITH),
                   (unsigned long long)lo8, (unsigned long long)hi8, (unsigned long long)m8,
                   (unsigned long long)(f2 & F_ARITH));
        }
}

static void xadd_xchg(void)
{
    for (size_t i = 0; i < N_EDGE; i++)
        for (size_t j = 0; j < N_EDGE; j += 4) {
            uint64_t a = edge_values[i], b = edge_values[j], m = a, r1 = a, s1 = b, s2 = b, s3 = b, f1, f2;
            uint64_t x1 = a, y1 = b, x2 = a, m2 = b;
            __asm__ volatile(ENTER_FLAGS "xaddl %k[s], %k[d]" LEAVE_FLAGS
                             : [d] "+r"(r1), [s] "+r"(s1), [fo] "=&r"(f1) : [fi] "r"((uint64_t)2) : "cc", "memory");
            __asm__ volatile(ENTER_FLAGS "lock xaddw %w[s], 2(%[p])\n\txaddq %[t], (%[p])" LEAVE_FLAGS
                             : [s] "+r"(s2), [t] "+r"(s3), [fo] "=&r"(f2) : [p] "r"(&m), [fi] "r"((uint64_t)2) : "cc", "memory");
            __asm__ volatile("xchgb %b[x], %h[y]\n\txchgq %[z], (%[p])"
                             : [x] "+r"(x1), [y] "+Q"(y1), [z] "+r"(x2) : [p] "r"(&m2) : "memory");
            printf("xadd %llx %llx: %llx %llx %03llx %llx %llx %llx %03llx | %llx %llx %llx %llx\n",
                   (unsigned long long)a, (unsigned long long)b, (unsigned long long)r1, (unsigned long long)s1,
                   (unsigned long long)(f1 & F_ARITH), (unsigned long long)m, (unsigned long long)s2,
                   (unsigned long long)s3, (unsigned long long)(f2 & F_ARITH), (unsigned long long)x1,
                   (unsigned long long)y1, (unsigned long long)x2, (unsigned long long)m2);
        }
}

int main(void)
{
    cmpxchg_reg();
    cmpxchg_mem();
    cmpxchg_wide();
    xadd_xchg();
    return 0;
}

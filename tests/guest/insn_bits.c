/* insn_bits.c — bt/bts/btr/btc (register, immediate, memory with bit
 * offsets outside the addressed word, LOCK), bsf/bsr, tzcnt/lzcnt,
 * popcnt, bswap and movbe.  bt* define CF (ZF is left alone); bsf/bsr
 * define ZF; tzcnt/lzcnt define CF and ZF; popcnt defines all six. */
#include "insn_common.h"

static void bt_reg(void)
{
    for (size_t i = 0; i < N_EDGE; i++)
        for (unsigned bit = 0; bit < 70; bit += 3) {
            uint64_t a = edge_values[i], f[4], r[4] = { a, a, a, a };
            __asm__ volatile(ENTER_FLAGS "btq %[b], %[d]" LEAVE_FLAGS : [d] "+r"(r[0]), [fo] "=&r"(f[0]) : [b] "r"((uint64_t)bit), [fi] "r"((uint64_t)0x2c2) : "cc", "memory");
            __asm__ volatile(ENTER_FLAGS "btsl %k[b], %k[d]" LEAVE_FLAGS : [d] "+r"(r[1]), [fo] "=&r"(f[1]) : [b] "r"((uint64_t)bit), [fi] "r"((uint64_t)0x203) : "cc", "memory");
            __asm__ volatile(ENTER_FLAGS "btrw %w[b], %w[d]" LEAVE_FLAGS : [d] "+r"(r[2]), [fo] "=&r"(f[2]) : [b] "r"((uint64_t)bit), [fi] "r"((uint64_t)0x242) : "cc", "memory");
            __asm__ volatile(ENTER_FLAGS "btcq %[b], %[d]" LEAVE_FLAGS : [d] "+r"(r[3]), [fo] "=&r"(f[3]) : [b] "r"((uint64_t)bit), [fi] "r"((uint64_t)0x202) : "cc", "memory");
            printf("bt %016llx %u:", (unsigned long long)a, bit);
            for (int k = 0; k < 4; k++)
                printf(" %016llx/%llx", (unsigned long long)r[k], (unsigned long long)(f[k] & (F_CF | F_ZF)));
            printf("\n");
        }
    for (size_t i = 0; i < N_EDGE; i++) {
        uint64_t a = edge_values[i], b = a, c = a, f1, f2;
        __asm__ volatile(ENTER_FLAGS "btsq $63, %[d]\n\tbtrl $0, %k[d]" LEAVE_FLAGS : [d] "+r"(b), [fo] "=&r"(f1) : [fi] "r"((uint64_t)0x2c2) : "cc", "memory");
        __asm__ volatile(ENTER_FLAGS "cmpq $5, %[d]\n\tbtcw $17, %w[d]" LEAVE_FLAGS : [d] "+r"(c), [fo] "=&r"(f2) : [fi] "r"((uint64_t)0x2) : "cc", "memory");
        printf("bti %016llx: %016llx %llx %016llx %llx\n", (unsigned long long)a, (unsigned long long)b,
               (unsigned long long)(f1 & (F_CF | F_ZF)), (unsigned long long)c, (unsigned long long)(f2 & (F_CF | F_ZF)));
    }
}

static void bt_mem(void)
{
    uint64_t buf[16];
    for (int64_t off = -200; off < 260; off += 7) {
        for (int k = 0; k < 16; k++)
            buf[k] = 0x0123456789abcdefull * (uint64_t)(k + 1);
        uint64_t *mid = &buf[8], f1, f2, f3, f4;
        __asm__ volatile(ENTER_FLAGS "btq %[o], (%[p])" LEAVE_FLAGS : [fo] "=&r"(f1) : [p] "r"(mid), [o] "r"(off), [fi] "r"((uint64_t)2) : "cc", "memory");
        __asm__ volatile(ENTER_FLAGS "btsl %k[o], (%[p])" LEAVE_FLAGS : [fo] "=&r"(f2) : [p] "r"(mid), [o] "r"(off), [fi] "r"((uint64_t)2) : "cc", "memory");
        __asm__ volatile(ENTER_FLAGS "lock btrq %[o], (%[p])" LEAVE_FLAGS : [fo] "=&r"(f3) : [p] "r"(mid), [o] "r"(off), [fi] "r"((uint64_t)2) : "cc", "memory");
        __asm__ volatile(ENTER_FLAGS "btcw %w[o], 2(%[p])" LEAVE_FLAGS : [fo] "=&r"(f4) : [p] "r"(mid), [o] "r"(off / 4), [fi] "r"((uint64_t)2) : "cc", "memory");
        printf("btm %lld: %llx %llx %llx %llx", (long long)off, (unsigned long long)(f1 & 1), (unsigned long long)(f2 & 1),
               (unsigned long long)(f3 & 1), (unsigned long long)(f4 & 1));
        for (int k = 0; k < 16; k++)
            printf(" %016llx", (unsigned long long)buf[k]);
        printf("\n");
    }
}

static void scans(void)
{
    for (size_t i = 0; i < N_EDGE + 64; i++) {
        uint64_t a = i < N_EDGE ? edge_values[i] : (1ull << (i - N_EDGE)) | ((i & 1) ? 1ull << 63 >> (i & 31) : 0);
        uint64_t r[10], f[10];
        for (int k = 0; k < 10; k++)
            r[k] = 0x5555555555555555ull;
#define SCAN(k, insn, mod)                                                                    \
    __asm__ volatile(ENTER_FLAGS insn " %" #mod "[s], %" #mod "[d]" LEAVE_FLAGS                \
                     : [d] "+r"(r[k]), [fo] "=&r"(f[k]) : [s] "r"(a), [fi] "r"((uint64_t)0x8d7) : "cc", "memory");
        SCAN(0, "bsfq", q) SCAN(1, "bsrq", q) SCAN(2, "bsfl", k) SCAN(3, "bsrw", w)
        SCAN(4, "tzcntq", q) SCAN(5, "lzcntq", q) SCAN(6, "tzcntl", k) SCAN(7, "lzcntw", w)
        SCAN(8, "popcntq", q) SCAN(9, "popcntw", w)
#undef SCAN
        static const uint64_t masks[10] = { F_ZF, F_ZF, F_ZF, F_ZF, F_CF | F_ZF, F_CF | F_ZF, F_CF | F_ZF,
                                            F_CF | F_ZF, F_ARITH, F_ARITH };
        printf("scan %016llx:", (unsigned long long)a);
        for (int k = 0; k < 10; k++)
            printf(" %llx/%llx", (unsigned long long)r[k], (unsigned long long)(f[k] & masks[k]));
        printf("\n");
    }
}

static void swaps(void)
{
    for (size_t i = 0; i < N_EDGE; i++) {
        uint64_t a = edge_values[i] ^ 0x1122334455667788ull, b = a, c = a, m = a, d = 0, e = 0x9999999999999999ull;
        __asm__ volatile("bswapq %0" : "+r"(b));
        __asm__ volatile("bswapl %k0" : "+r"(c));
        __asm__ volatile("movbeq (%[p]), %[d]\n\tmovbew 2(%[p]), %w[e]\n\tmovbel %k[d], 4(%[p])"
                         : [d] "+r"(d), [e] "+r"(e) : [p] "r"(&m) : "memory");
        printf("swap %016llx: %016llx %016llx %016llx %016llx %016llx\n", (unsigned long long)a,
               (unsigned long long)b, (unsigned long long)c, (unsigned long long)d, (unsigned long long)e,
               (unsigned long long)m);
    }
}

int main(void)
{
    bt_reg();
    bt_mem();
    scans();
    swaps();
    return 0;
}

/* Bit manipulation: popcount, clz, ctz, ffs, parity, bswap, rotates and
 * bit-field extraction on 32- and 64-bit values.  Without -mpopcnt gcc
 * calls libgcc; the ctz/clz builtins become bsf/bsr (or tzcnt/lzcnt). */
#include <stdio.h>
#include <stdint.h>
#include <strings.h>

static uint32_t rotl32(uint32_t x, unsigned r) { return (x << (r & 31)) | (x >> (-r & 31)); }
static uint64_t rotr64(uint64_t x, unsigned r) { return (x >> (r & 63)) | (x << (-r & 63)); }

struct fields { unsigned a : 3, b : 7, c : 13, d : 9; signed e : 5; };

int main(void)
{
    uint64_t x = 0x0123456789abcdefULL, h = 0;
    for (int i = 0; i < 100000; i++) {
        x ^= x << 7; x ^= x >> 9;
        uint32_t lo = (uint32_t)x;
        h = h * 131 + (uint64_t)__builtin_popcountll(x) + __builtin_popcount(lo);
        if (x) h = h * 131 + (uint64_t)__builtin_clzll(x) + (uint64_t)__builtin_ctzll(x);
        if (lo) h = h * 131 + (uint64_t)__builtin_clz(lo) + (uint64_t)__builtin_ctz(lo);
        h = h * 131 + (uint64_t)__builtin_parityll(x) + (uint64_t)ffsll((long long)x) + (uint64_t)ffs((int)lo);
        h ^= __builtin_bswap64(x) + __builtin_bswap32(lo) + __builtin_bswap16((uint16_t)lo);
        h ^= rotl32(lo, i) + rotr64(x, i);
        h += (x >> (i % 64)) & ((1ULL << (i % 17)) - 1);
    }
    printf("hash %016llx\n", (unsigned long long)h);
    uint64_t samples[] = {0, 1, 0x80000000ULL, 0x8000000000000000ULL, 0xffffffffffffffffULL, 0x00f0000000000000ULL};
    for (unsigned i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        uint64_t v = samples[i];
        printf("%016llx pop %d clz %d ctz %d bswap %016llx\n", (unsigned long long)v, __builtin_popcountll(v),
               v ? __builtin_clzll(v) : 64, v ? __builtin_ctzll(v) : 64, (unsigned long long)__builtin_bswap64(v));
    }
    struct fields f = {5, 100, 5000, 300, -7};
    for (int i = 0; i < 5; i++) {
        f.a += 3; f.b ^= 0x55; f.c = f.c * 3 + 1; f.d -= 77; f.e += 5;
        printf("fields %u %u %u %u %d\n", f.a, f.b, f.c, f.d, f.e);
    }
    return 0;
}

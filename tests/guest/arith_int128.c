/* __int128 arithmetic: multiply, divide, modulo, shifts and decimal
 * printing, which compile to mul/imul pairs and libgcc's __divti3. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

typedef unsigned __int128 u128;
typedef __int128 i128;

static void print_digits(const char *label, const char *sign, u128 v)
{
    char buf[64];
    int n = 0;
    do { buf[n++] = (char)('0' + (int)(v % 10)); v /= 10; } while (v);
    printf("%s %s", label, sign);
    while (n) putchar(buf[--n]);
    putchar('\n');
}

static void print_u128(const char *label, u128 v) { print_digits(label, "", v); }

static void print_i128(const char *label, i128 v)
{
    if (v < 0) print_digits(label, "-", -(u128)v);
    else print_digits(label, "", (u128)v);
}

int main(void)
{
    u128 f = 1;
    for (int i = 1; i <= 34; i++) f *= (u128)i;
    print_u128("34!", f);
    print_u128("max", ~(u128)0);
    print_i128("min", (i128)((u128)1 << 127));

    uint64_t x = 0x9e3779b97f4a7c15ULL, h = 0;
    for (int i = 0; i < 50000; i++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        u128 a = ((u128)x << 64) | (x * 31), b = (x >> (i % 64)) | 1;
        u128 q = a / b, r = a % b;
        if (q * b + r != a || r >= b) { printf("divmod mismatch at %d\n", i); return 1; }
        i128 sa = (i128)a, sb = (i128)(b * (i & 1 ? 1 : -1));
        i128 sq = sa / sb, sr = sa % sb;
        if (sq * sb + sr != sa) { printf("sdivmod mismatch at %d\n", i); return 1; }
        u128 m = (u128)x * (u128)(x ^ 0x5555555555555555ULL);
        h = h * 31 + (uint64_t)(m >> 64) + (uint64_t)m + (uint64_t)q + (uint64_t)(sr >> 3);
        h ^= (uint64_t)(a >> (i % 128)) + (uint64_t)(sa >> (i % 127));
    }
    printf("hash %016llx\n", (unsigned long long)h);
    i128 neg = (i128)-1234567890123456789LL * 1000;
    print_i128("neg", neg);
    print_i128("neg/7", neg / 7);
    print_i128("neg%7", neg % 7);
    return 0;
}

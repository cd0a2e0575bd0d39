/* Sieve of Eratosthenes over 4 million numbers (byte array) and a bit-packed
 * segmented variant; prints counts and the last primes found. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

int main(void)
{
    enum { N = 4000000 };
    unsigned char *comp = calloc(N + 1, 1);
    for (long i = 2; i * i <= N; i++)
        if (!comp[i])
            for (long j = i * i; j <= N; j += i) comp[j] = 1;
    long count = 0, last = 0, sum = 0;
    for (long i = 2; i <= N; i++)
        if (!comp[i]) { count++; last = i; sum += i; }
    printf("primes <= %d: %ld, last %ld, sum %ld\n", N, count, last, sum);
    free(comp);

    static uint64_t bits[(N >> 7) + 1];    /* odd numbers only */
    for (long i = 3; i * i <= N; i += 2)
        if (!(bits[i >> 7] >> ((i >> 1) & 63) & 1))
            for (long j = i * i; j <= N; j += 2 * i) bits[j >> 7] |= 1ULL << ((j >> 1) & 63);
    long bcount = 1;
    for (long i = 3; i <= N; i += 2) bcount += !(bits[i >> 7] >> ((i >> 1) & 63) & 1);
    printf("bit sieve count %ld\n", bcount);
    long twins = 0;
    for (long i = 3; i + 2 <= N; i += 2)
        twins += !(bits[i >> 7] >> ((i >> 1) & 63) & 1) && !(bits[(i + 2) >> 7] >> (((i + 2) >> 1) & 63) & 1);
    printf("twin primes %ld\n", twins);
    return 0;
}

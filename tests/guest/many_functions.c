/* Lots of distinct code: 3000 small functions made by macro expansion,
 * each called through a pointer table in several passes.  An emulator
 * translates every one of them, so this fills (and may force a flush of)
 * its translated-code cache while the program keeps running correctly. */
#include <stdio.h>
#include <stdint.h>

#define F(n)                                                          \
    static uint32_t f##n(uint32_t x)                                  \
    {                                                                 \
        x ^= x << ((n) % 13 + 1);                                     \
        x += 0x9e3779b9u * (uint32_t)(n);                             \
        if (x & (1u << ((n) % 31))) x ^= x >> ((n) % 7 + 3);          \
        else x = ~x + (uint32_t)(n) * 3;                              \
        return x * (2u * (uint32_t)(n) + 1);                          \
    }
#define F10(n) F(n##0) F(n##1) F(n##2) F(n##3) F(n##4) F(n##5) F(n##6) F(n##7) F(n##8) F(n##9)
#define F100(n) F10(n##0) F10(n##1) F10(n##2) F10(n##3) F10(n##4) F10(n##5) F10(n##6) F10(n##7) F10(n##8) F10(n##9)
#define F1000(n) F100(n##0) F100(n##1) F100(n##2) F100(n##3) F100(n##4) F100(n##5) F100(n##6) F100(n##7) \
    F100(n##8) F100(n##9)

#define P(n) f##n,
#define P10(n) P(n##0) P(n##1) P(n##2) P(n##3) P(n##4) P(n##5) P(n##6) P(n##7) P(n##8) P(n##9)
#define P100(n) P10(n##0) P10(n##1) P10(n##2) P10(n##3) P10(n##4) P10(n##5) P10(n##6) P10(n##7) P10(n##8) P10(n##9)
#define P1000(n) P100(n##0) P100(n##1) P100(n##2) P100(n##3) P100(n##4) P100(n##5) P100(n##6) P100(n##7) \
    P100(n##8) P100(n##9)

/* Function numbers 10000..12999: a leading 1 keeps the literals decimal. */
F1000(10) F1000(11) F1000(12)

static uint32_t (*const table[])(uint32_t) = {
    P1000(10) P1000(11) P1000(12)};

int main(void)
{
    enum { N = sizeof table / sizeof table[0] };
    uint32_t x = 1;
    for (int pass = 0; pass < 6; pass++) {
        for (int i = 0; i < N; i++) x = table[(i * 7919 + pass) % N](x);
        printf("pass %d x %08x\n", pass, x);
    }
    uint64_t sum = 0;
    for (int i = 0; i < N; i++) sum += table[i]((uint32_t)i);
    printf("functions %d sum %llu\n", N, (unsigned long long)sum);
    return 0;
}

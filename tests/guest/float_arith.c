/* float and double arithmetic: + - * / sqrt, fma, comparisons with NaN,
 * infinities, signed zeros, subnormals and conversions to and from
 * integers of every width; results printed as exact hex bit patterns. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <math.h>

static uint64_t dbits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static uint32_t fbits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }

static const double dv[] = {0.0, -0.0, 1.0, -1.0, 0.5, 3.0, 1e308, -1e308, 4.9e-324, 2.2250738585072014e-308,
                            1.0 / 3.0, 123456.789, -7.25, INFINITY, -INFINITY, NAN, 9007199254740993.0,
                            4294967296.5, -2147483648.7, 1.5e19};

int main(void)
{
    unsigned n = sizeof dv / sizeof dv[0];
    uint64_t h = 0;
    for (unsigned i = 0; i < n; i++)
        for (unsigned j = 0; j < n; j++) {
            volatile double a = dv[i], b = dv[j];
            volatile float fa = (float)a, fb = (float)b;
            h = h * 1000003 ^ dbits(a + b); h = h * 1000003 ^ dbits(a - b);
            h = h * 1000003 ^ dbits(a * b); h = h * 1000003 ^ dbits(a / b);
            h = h * 1000003 ^ fbits(fa + fb); h = h * 1000003 ^ fbits(fa * fb);
            h = h * 1000003 ^ fbits(fa / fb); h = h * 1000003 ^ fbits(fa - fb);
            h = h * 1000003 ^ dbits(fma(a, b, 1.0)); h = h * 1000003 ^ dbits(fmin(a, b));
            h = h * 1000003 ^ (unsigned)((a < b) | (a <= b) << 1 | (a == b) << 2 | (a != b) << 3 | (a > b) << 4 |
                                         isunordered(a, b) << 5 | (fa < fb) << 6 | (fa == fb) << 7);
        }
    printf("binary ops hash %016llx\n", (unsigned long long)h);
    for (unsigned i = 0; i < n; i++) {
        volatile double a = dv[i];
        volatile float f = (float)a;
        printf("%-24.17g sqrt %016llx f %08x sqrtf %08x", a, (unsigned long long)dbits(sqrt(a)), fbits(f),
               fbits(sqrtf(f)));
        if (fabs(a) < 9e18) {
            printf(" i64 %lld i32 %d", (long long)a, fabs(a) < 2e9 ? (int)a : 0);
            if (a >= 0) printf(" u64 %llu", (unsigned long long)a);
        }
        printf(" class %d signbit %d\n", fpclassify(a), signbit(a) != 0);
    }
    int64_t ints[] = {0, 1, -1, INT64_MAX, INT64_MIN, 9007199254740993LL, -9007199254740993LL, 16777217};
    uint64_t uints[] = {0, 1, UINT64_MAX, 1ULL << 63, (1ULL << 63) + 1025, 18446744073709549568ULL};
    for (unsigned i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        volatile int64_t v = ints[i];
        printf("i64 %lld -> d %016llx f %08x\n", (long long)v, (unsigned long long)dbits((double)v),
               fbits((float)v));
    }
    for (unsigned i = 0; i < sizeof uints / sizeof uints[0]; i++) {
        volatile uint64_t v = uints[i];
        printf("u64 %llu -> d %016llx f %08x\n", (unsigned long long)v, (unsigned long long)dbits((double)v),
               fbits((float)v));
    }
    double acc = 0;
    for (int i = 1; i <= 100000; i++) acc += 1.0 / ((double)i * i);
    float facc = 0;
    for (int i = 1; i <= 100000; i++) facc += 1.0f / (float)i;
    printf("zeta2 %.17g harmonic %.9g\n", acc, facc);
    return 0;
}

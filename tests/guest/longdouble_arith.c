/* long double (x87 80-bit) arithmetic: the four operations, comparisons,
 * conversions from and to integers and doubles, and printing with full
 * precision.  x87 is the part of x86 emulators most often approximated. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <float.h>
#include <math.h>

static void show(const char *label, long double v)
{
    unsigned char b[16] = {0};
    memcpy(b, &v, 10);
    printf("%-10s %-32.21Lg %02x%02x:", label, v, b[9], b[8]);
    for (int i = 7; i >= 0; i--) printf("%02x", b[i]);
    putchar('\n');
}

int main(void)
{
    volatile long double third = 1.0L / 3.0L, big = LDBL_MAX, tiny = LDBL_MIN, x = 1.0L;
    show("third", third);
    show("third*3", third * 3.0L);
    show("max", big);
    show("min", tiny);
    show("min/2^10", tiny / 1024.0L);
    show("max*2", big * 2.0L);
    show("-max*2", -big * 2.0L);
    show("inf-inf", big * 2.0L - big * 2.0L);
    show("sqrt2", sqrtl(2.0L));
    show("2^64+1", 18446744073709551616.0L + 1.0L);
    for (int i = 0; i < 64; i++) x = x * 1.5L + 0.25L;
    show("iterate", x);
    long double sum = 0;
    for (int i = 1; i <= 20000; i++) sum += 1.0L / ((long double)i * i * i);
    show("zeta3", sum);
    long double vals[] = {0.5L, -0.5L, 1.5L, 2.5L, -2.5L, 1e18L, -9.3e18L, 1.8e19L, 123.456L};
    for (unsigned i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        volatile long double v = vals[i];
        printf("conv %-10Lg ll %lld d %.17g f %.9g", v, fabsl(v) < 9.2e18L ? (long long)v : 0LL, (double)v,
               (float)v);
        if (v >= 0) printf(" ull %llu", (unsigned long long)v);
        printf(" cmp %d%d%d\n", v < 1.0L, v == 0.5L, v > -1.0L);
    }
    volatile long long ll = INT64_MIN;
    volatile unsigned long long ull = UINT64_MAX;
    show("from i64", (long double)ll);
    show("from u64", (long double)ull);
    volatile double d = 0.1;
    show("from dbl", (long double)d);
    show("fmod", fmodl(1e30L, 7.25L));
    show("ldexp", ldexpl(1.0L, -16400));
    return 0;
}

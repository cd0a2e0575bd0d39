/* long double as C programs use it: arithmetic, comparisons, conversions
 * to and from integers, float and double (gcc's fnstcw/fldcw/fistp and
 * fisttp sequences), printf of %La and %.21Lg, strtold, and libm's sinl,
 * cosl, tanl, atan2l, expl, logl, powl, sqrtl, fmodl, remainderl, rintl,
 * under each rounding mode through fesetround. */
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static void show(const char *label, long double v)
{
    printf("%-12s %La %.21Lg\n", label, v, v);
}

static void arithmetic(void)
{
    volatile long double a = 1.0L, b = 3.0L, c = LDBL_MIN, d = LDBL_MAX;
    show("1/3", a / b);
    show("1/3*3", a / b * b);
    show("min/3", c / b);
    show("min*min", c * c);
    show("max+max", d + d);
    show("max*-2", d * -2.0L);
    show("inf-inf", (d + d) - (d + d));
    show("-0", -(a - a));
    show("denorm", c / 1e10L);
    long double s = 0, p = 1;
    for (int i = 1; i <= 40; i++) {
        s += 1.0L / i;
        p *= i;
    }
    show("harmonic40", s);
    show("40!", p);
    volatile long double x = 0.1L;
    long double acc = 0;
    for (int i = 0; i < 1000; i++)
        acc += x * x - acc / 1000;
    show("acc", acc);
}

static void conversions(void)
{
    static const long double vals[] = { 0.0L, -0.5L, 1.5L, 2.5L, -2.5L, 1e18L, 9.3e18L, -9.3e18L,
                                        1.8e19L, 4294967295.5L, 1e-4940L, 3.4e38L, 1.7e308L, 1e4000L };
    for (unsigned i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
        volatile long double v = vals[i];
        long long ll = (v > -9.2e18L && v < 9.2e18L) ? (long long)v : 0;
        unsigned long long ull = (v >= 0 && v < 1.8e19L) ? (unsigned long long)v : 0;
        int in = (v > -2e9L && v < 2e9L) ? (int)v : 0;
        float f = (float)v;
        double dd = (double)v;
        printf("conv %02u ll=%lld ull=%llu int=%d f=%a d=%a rint=%La lrint=%ld llround=%lld\n", i, ll, ull,
               in, f, dd, rintl(v), (v > -9e18L && v < 9e18L) ? lrintl(v) : 0L,
               (v > -9e18L && v < 9e18L) ? llroundl(v) : 0LL);
    }
    volatile long long big = 0x7fffffffffffffffLL;
    volatile unsigned long long ubig = 0xffffffffffffffffULL;
    volatile float fl = 0x1.fffffep127f;
    volatile double db = 0x1p-1074;
    show("from ll", (long double)big);
    show("from ull", (long double)ubig);
    show("from f", (long double)fl);
    show("from d", (long double)db);
}

static void comparisons(void)
{
    volatile long double n = NAN, one = 1.0L, two = 2.0L, mz = -0.0L, z = 0.0L;
    printf("cmp %d %d %d %d %d %d %d %d\n", one < two, one > two, one == one, n == n, n != n, n < one,
           mz == z, isless(n, one));
    printf("class %d %d %d %d %d\n", fpclassify(one), fpclassify(n), fpclassify(LDBL_MIN / 4),
           fpclassify(z), fpclassify(one / z));
    printf("signbit %d %d isinf %d isnan %d\n", signbit(mz) != 0, signbit(z) != 0, isinf(one / z),
           isnan(n));
}

static void libm(void)
{
    static const long double xs[] = { 0.0L, 0.5L, 1.0L, -1.0L, 3.141592653589793238462643L, 10.0L, 100.5L,
                                      1e-10L, 1e10L, 1e22L, -7.25L };
    for (unsigned i = 0; i < sizeof(xs) / sizeof(xs[0]); i++) {
        long double x = xs[i];
        printf("x=%.21Lg\n", x);
        show(" sinl", sinl(x));
        show(" cosl", cosl(x));
        show(" tanl", tanl(x));
        show(" atan2l", atan2l(x, 0.75L));
        show(" expl", expl(x));
        show(" logl", logl(fabsl(x)));
        show(" powl", powl(fabsl(x), 1.5L));
        show(" sqrtl", sqrtl(fabsl(x)));
        show(" fmodl", fmodl(x, 0.7L));
        show(" remainderl", remainderl(x, 0.7L));
        show(" exp2l", exp2l(x / 10));
        show(" log10l", log10l(fabsl(x) + 1));
        show(" cbrtl", cbrtl(x));
        show(" ldexpl", ldexpl(x, 100));
    }
}

static void rounding_modes(void)
{
    static const int modes[] = { FE_TONEAREST, FE_DOWNWARD, FE_UPWARD, FE_TOWARDZERO };
    for (unsigned m = 0; m < 4; m++) {
        fesetround(modes[m]);
        volatile long double a = 1.0L, b = 3.0L, c = -2.5L;
        printf("mode %u ", m);
        show("1/3", a / b);
        printf("mode %u rint(-2.5)=%La nearbyint(2.5)=%La lrint(2.5)=%ld\n", m, rintl(c), nearbyintl(-c),
               lrintl(-c));
        show(" expl(1)", expl(a));
        show(" (double)1/3", (long double)(double)(a / b));
    }
    fesetround(FE_TONEAREST);
    fexcept_t flags;
    feclearexcept(FE_ALL_EXCEPT);
    volatile long double z = 0.0L;
    volatile long double r = 1.0L / z;
    (void)r;
    fegetexceptflag(&flags, FE_ALL_EXCEPT);
    printf("fe divbyzero=%d inexact=%d invalid=%d\n", fetestexcept(FE_DIVBYZERO) != 0,
           fetestexcept(FE_INEXACT) != 0, fetestexcept(FE_INVALID) != 0);
}

static void parsing(void)
{
    static const char *strs[] = { "0.1", "1e4932", "1e-4950", "3.14159265358979323846264338327950288",
                                  "0x1.fffffffffffffffep16383", "nan", "-inf", "123456789012345678901234567890" };
    for (unsigned i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
        long double v = strtold(strs[i], NULL);
        printf("strtold %-40s ", strs[i]);
        show("", v);
    }
}

int main(void)
{
    arithmetic();
    conversions();
    comparisons();
    libm();
    rounding_modes();
    parsing();
    return 0;
}

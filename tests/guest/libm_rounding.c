/* Rounding modes: fesetround to each of the four modes changes SSE (MXCSR)
 * and x87 rounding; rint/nearbyint/lrint/llrint follow it, round/lround/
 * trunc/floor/ceil do not.  Arithmetic and sqrt results shift by an ulp. */
#include <stdio.h>
#include <fenv.h>
#include <math.h>

static const int modes[] = {FE_TONEAREST, FE_DOWNWARD, FE_UPWARD, FE_TOWARDZERO};
static const char *mode_names[] = {"nearest", "down", "up", "zero"};

int main(void)
{
    volatile double vals[] = {-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 2.4999, -3.7, 1e15 + 0.5, 4503599627370497.0};
    for (int m = 0; m < 4; m++) {
        if (fesetround(modes[m]) != 0) { printf("fesetround failed\n"); return 1; }
        printf("mode %s fegetround ok %d\n", mode_names[m], fegetround() == modes[m]);
        for (unsigned i = 0; i < sizeof vals / sizeof vals[0]; i++) {
            double v = vals[i];
            printf(" %.4f rint %g nearbyint %g lrint %ld llrint %lld round %g lround %ld trunc %g floor %g ceil %g"
                   " rintf %g\n",
                   v, rint(v), nearbyint(v), lrint(v), llrint(v), round(v), lround(v), trunc(v), floor(v), ceil(v),
                   (double)rintf((float)v));
        }
        volatile double one = 1.0, three = 3.0, two = 2.0, big = 1e308, tiny = 1e-308;
        volatile float fone = 1.0f, fthree = 3.0f;
        printf(" 1/3 %a -1/3 %a sqrt2 %a f1/3 %a big*10 %g tiny/1e10 %a 0.1+0.2 %a\n", one / three, -one / three,
               sqrt(two), (double)(fone / fthree), big * 10, tiny / 1e10, 0.1 + (double)(float)0.2 * one);
        volatile long double lone = 1.0L, lthree = 3.0L;
        printf(" ld 1/3 %La sqrtl2 %La rintl %Lg llrintl %lld\n", lone / lthree, sqrtl(2.0L), rintl(-2.5L),
               llrintl(2.5L));
        printf(" exp1 %a log10 %a sin1 %a cos1 %a pow %a fmod %a sqrt3 %a\n", exp(one), log(10.0 * one), sin(one),
               cos(one), pow(1.1 * one, 10.5), fmod(1e10 * one, 0.7), sqrt(three));
        printf(" float expf %a logf %a sinf %a powf %a\n", (double)expf((float)one), (double)logf(10.0f * fone),
               (double)sinf(fone), (double)powf(1.1f * fone, 10.5f));
        printf(" int->float %a %a\n", (double)(float)16777217, (double)(float)(long long)-9007199254740993LL);
    }
    fesetround(FE_TONEAREST);
    feclearexcept(FE_ALL_EXCEPT);
    volatile double z = 0.0, o = 1.0;
    volatile double r = o / z;
    printf("divbyzero %d inexact %d inf %g\n", fetestexcept(FE_DIVBYZERO) != 0, fetestexcept(FE_INEXACT) != 0, r);
    feclearexcept(FE_ALL_EXCEPT);
    r = o / 3.0;
    printf("inexact %d invalid %d\n", fetestexcept(FE_INEXACT) != 0, fetestexcept(FE_INVALID) != 0);
    r = z / z;
    printf("invalid %d\n", fetestexcept(FE_INVALID) != 0);
    return 0;
}

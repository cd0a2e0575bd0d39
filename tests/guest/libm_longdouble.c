/* long double libm (sinl, expl, logl, powl, sqrtl, fmodl, ...), mostly x87
 * fsin/fyl2x/f2xm1 or glibc's own code in 80-bit, under all four rounding
 * modes. */
#include <stdio.h>
#include <fenv.h>
#include <math.h>

static const int modes[] = {FE_TONEAREST, FE_DOWNWARD, FE_UPWARD, FE_TOWARDZERO};

int main(void)
{
    for (int m = 0; m < 4; m++) {
        fesetround(modes[m]);
        printf("mode %d\n", m);
        for (int i = -6; i <= 6; i++) {
            volatile long double x = i * 0.73L + 0.01L;
            printf(" %+.2Lf sinl %La cosl %La tanl %La expl %La atanl %La\n", x, sinl(x), cosl(x), tanl(x), expl(x),
                   atanl(x));
        }
        for (int i = 1; i <= 8; i++) {
            volatile long double x = i * i * 3.3L;
            printf(" %.2Lf logl %La log2l %La sqrtl %La powl %La fmodl %La cbrtl %La rintl %Lg lroundl %ld\n", x,
                   logl(x), log2l(x), sqrtl(x), powl(x, 1.25L), fmodl(x * 1000, 3.7L), cbrtl(x), rintl(x), lroundl(x));
        }
    }
    return 0;
}

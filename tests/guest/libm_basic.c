/* libm over ranges of arguments: trig, exp/log, pow, sqrt, fmod, atan2,
 * hyperbolics, cbrt, hypot.  Printed as %a so every bit counts; glibc picks
 * FMA/AVX2 variants by CPUID, the emulator must present a consistent CPU. */
#include <stdio.h>
#include <math.h>

int main(void)
{
    for (int i = -40; i <= 40; i++) {
        double x = i * 0.37 + 0.001;
        printf("%+.3f sin %a cos %a tan %a exp %a atan %a sinh %a\n", x, sin(x), cos(x), tan(x), exp(x / 4),
               atan(x), sinh(x / 8));
    }
    for (int i = 1; i <= 40; i++) {
        double x = i * i * 1.7 + 0.3;
        printf("%.2f log %a log2 %a log10 %a sqrt %a cbrt %a pow %a fmod %a\n", x, log(x), log2(x), log10(x),
               sqrt(x), cbrt(x), pow(x, 0.37 * i - 3), fmod(x * 1e3, 7.3));
    }
    for (int i = 0; i < 16; i++) {
        double y = i - 7.5, x = 8 - i * 1.25;
        printf("atan2 %a hypot %a asin %a acos %a tanh %a erf %a lgamma %a\n", atan2(y, x), hypot(x, y),
               asin(y / 8), acos(x / 12), tanh(y), erf(x / 4), lgamma(i + 0.5));
    }
    float sum = 0;
    for (int i = 1; i < 2000; i++) sum += sinf(i * 0.01f) * expf(-i * 0.001f) + logf((float)i) + powf(1.001f, (float)i);
    printf("float sum %a\n", sum);
    double big[] = {1e22, 1e300, 1e-300, -0.0, INFINITY, NAN, 710.0, -745.5};
    for (unsigned i = 0; i < sizeof big / sizeof big[0]; i++)
        printf("edge %g sin %a exp %a log %a\n", big[i], sin(big[i]), exp(big[i]), log(fabs(big[i])));
    return 0;
}

/* Benchmark: an x87 long double kernel: a Horner polynomial, divisions and
 * square roots in 80-bit precision (fld/fmul/fdiv/fsqrt), the path most
 * emulators run through soft-float. */
#include <stdio.h>
#include <math.h>

int main(void)
{
    long double acc = 0, x = 0.5L;
    static const long double coef[8] = {1.0L, -0.5L, 0.25L, -0.125L, 0.0625L, -0.03125L, 0.015625L, -0.0078125L};
    for (int i = 0; i < 36000000; i++) {
        long double p = coef[7];
        for (int k = 6; k >= 0; k--) p = p * x + coef[k];
        acc += p / (x + 1.0L) + sqrtl(x);
        x = x * 1.0000001L + 1e-9L;
        if (x > 2.0L) x -= 1.5L;
    }
    printf("%.15Le\n", acc);
    return 0;
}

/* Benchmark: libm-heavy loops: sin, cos, exp, log, pow, atan2 and sqrt over
 * changing arguments (glibc's double-precision implementations). */
#include <stdio.h>
#include <math.h>

int main(void)
{
    double acc = 0;
    for (int i = 1; i <= 14000000; i++) {
        double x = i * 3e-6;
        acc += sin(x) * cos(x * 0.5) + exp(-x * 0.01) + log(x + 1.0) + pow(x, 0.37) + atan2(x, 3.0) + sqrt(x);
    }
    printf("%.10e\n", acc);
    return 0;
}

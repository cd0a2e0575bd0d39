/* Benchmark: Mandelbrot set in double precision, 1600x1200 with up to 500
 * iterations: tight multiply-add loops with a data-dependent exit. */
#include <stdio.h>
#include <stdint.h>

int main(void)
{
    enum { W = 2000, H = 1500, MAXIT = 500 };
    uint64_t total = 0, h = 0;
    for (int py = 0; py < H; py++) {
        double ci = -1.2 + 2.4 * py / H;
        for (int px = 0; px < W; px++) {
            double cr = -2.1 + 3.0 * px / W, zr = 0, zi = 0;
            int it = 0;
            while (it < MAXIT && zr * zr + zi * zi <= 4.0) {
                double t = zr * zr - zi * zi + cr;
                zi = 2 * zr * zi + ci;
                zr = t;
                it++;
            }
            total += (uint64_t)it;
            h = h * 31 + (uint64_t)it;
        }
    }
    printf("%llu %016llx\n", (unsigned long long)total, (unsigned long long)h);
    return 0;
}

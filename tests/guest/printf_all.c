/* printf/snprintf of every conversion, flag, width, precision and length
 * modifier; glibc's printf is long, branchy code with x87 for long double. */
#include <stdio.h>
#include <stdint.h>
#include <stddef.h>
#include <limits.h>
#include <float.h>
#include <math.h>
#include <wchar.h>

static int global_marker;

int main(void)
{
    printf("[%d] [%i] [%5d] [%-5d] [%05d] [%+d] [% d] [%.3d] [%*d] [%-*d]\n",
           42, -42, 42, 42, 42, 42, 42, 7, 6, 9, 4, 3);
    printf("[%u] [%o] [%#o] [%x] [%#x] [%X] [%#X] [%08x]\n", 3000000000u, 511, 511, 48879, 48879, 48879, 48879, 255);
    printf("[%hhd] [%hhu] [%hd] [%hu] [%ld] [%lu] [%lld] [%llu]\n", (signed char)-5, (unsigned char)250,
           (short)-30000, (unsigned short)65000, LONG_MIN, ULONG_MAX, LLONG_MIN, ULLONG_MAX);
    printf("[%jd] [%zu] [%td] [%zx]\n", (intmax_t)-1234567890123LL, (size_t)123456789, (ptrdiff_t)-77, (size_t)0xdeadbeef);
    printf("[%c] [%3c] [%-3c] [%s] [%.3s] [%10s] [%-10s] [%%]\n", 'A', 'B', 'C', "string", "string", "right", "left");
    printf("[%ls] [%lc]\n", L"wide", (wint_t)L'w');
    printf("[%p] [%p] [%p]\n", (void *)&global_marker, (void *)0, (void *)0x1234);

    double vals[] = {0.0, -0.0, 1.0, -1.5, 3.14159265358979, 1e-300, 1e300, 123456789.125, 0.1, 2.5, 5e-324,
                     DBL_MAX, DBL_MIN, INFINITY, -INFINITY, NAN};
    for (unsigned i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        double v = vals[i];
        printf("%%f[%f] %%.2f[%.2f] %%e[%e] %%.0e[%.0e] %%E[%E] %%g[%g] %%G[%G] %%.10g[%.10g] %%a[%a] %%A[%A]\n",
               v, v, v, v, v, v, v, v, v, v);
        printf("  %%#g[%#g] %%+.3e[%+.3e] %%12.4f[%12.4f] %%-12.1e[%-12.1e] %%012.3f[%012.3f] %%.17g[%.17g]\n",
               v, v, v, v, v, v);
    }
    long double lv[] = {1.0L / 3.0L, -2.5L, 1e4000L, LDBL_MIN, LDBL_MAX, 0.1L};
    for (unsigned i = 0; i < sizeof lv / sizeof lv[0]; i++)
        printf("%%Lf[%Lf] %%Le[%.20Le] %%Lg[%Lg] %%La[%La]\n", lv[i], lv[i], lv[i], lv[i]);

    char buf[32];
    int n = snprintf(buf, sizeof buf, "%s-%d-%f", "truncated output string", 12345, 2.5);
    printf("snprintf %d [%s]\n", n, buf);
    n = snprintf(NULL, 0, "%0100d", 1);
    printf("snprintf size %d\n", n);
    int pos1 = 0, pos2 = 0;
    printf("count%n this%n\n", &pos1, &pos2);
    printf("n %d %d\n", pos1, pos2);
    printf("%2$s %1$s %2$s\n", "world", "hello");
    for (int w = 0; w < 40; w += 7)
        printf("[%*.*f]\n", w, w / 3, 1234.56789);
    return 0;
}

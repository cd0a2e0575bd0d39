/* Variadic functions: ints, longs, doubles, long doubles and pointers mixed
 * beyond the register save area (al holds the count of vector registers),
 * va_copy, and vsnprintf forwarding. */
#include <stdio.h>
#include <stdarg.h>
#include <string.h>

static double mixed(const char *fmt, ...)
{
    va_list ap, copy;
    double sum = 0;
    va_start(ap, fmt);
    va_copy(copy, ap);
    for (const char *p = fmt; *p; p++) {
        switch (*p) {
        case 'i': sum += va_arg(ap, int); break;
        case 'l': sum += (double)va_arg(ap, long); break;
        case 'd': sum += va_arg(ap, double); break;
        case 'L': sum += (double)va_arg(ap, long double); break;
        case 's': sum += (double)strlen(va_arg(ap, const char *)); break;
        }
    }
    /* walk again through the copy: the same values must come back */
    double again = 0;
    for (const char *p = fmt; *p; p++) {
        switch (*p) {
        case 'i': again += va_arg(copy, int); break;
        case 'l': again += (double)va_arg(copy, long); break;
        case 'd': again += va_arg(copy, double); break;
        case 'L': again += (double)va_arg(copy, long double); break;
        case 's': again += (double)strlen(va_arg(copy, const char *)); break;
        }
    }
    va_end(copy);
    va_end(ap);
    return sum == again ? sum : -1;
}

static int format(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vsnprintf(buf, n, fmt, ap);
    va_end(ap);
    return r;
}

static long sum_ints(int count, ...)
{
    va_list ap;
    long s = 0;
    va_start(ap, count);
    for (int i = 0; i < count; i++) s += va_arg(ap, int) * (i + 1);
    va_end(ap);
    return s;
}

int main(void)
{
    printf("%.6f\n", mixed("idlds", 1, 2.5, 3L, 4.25, "hello"));
    printf("%.6f\n", mixed("dddddddddddi", 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12));
    printf("%.6f\n", mixed("iiiiiiiiLdLs", 1, 2, 3, 4, 5, 6, 7, 8, 1.5L, 0.25, 2.75L, "xyz"));
    printf("%ld\n", sum_ints(20, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20));
    char buf[128];
    int n = format(buf, sizeof buf, "%d|%s|%.3f|%Lg|%c|%lx", -5, "str", 3.14159, 2.5L, 'q', 0xabcdefL);
    printf("%d %s\n", n, buf);
    return 0;
}

/* strtod/strtof/strtold/strtol/strtoul/atof/atoi round trips: numbers
 * printed with enough digits must parse back to the same bits, and text
 * inputs with odd syntax must parse the same way everywhere. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <errno.h>

static uint64_t bits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }

int main(void)
{
    uint64_t x = 88172645463325252ULL, mism = 0, hash = 0;
    char buf[64];
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        double d;
        uint64_t u = x;
        if ((u >> 52 & 0x7ff) == 0x7ff) u &= ~(1ULL << 62);
        memcpy(&d, &u, 8);
        snprintf(buf, sizeof buf, "%.17g", d);
        double back = strtod(buf, NULL);
        if (bits(back) != bits(d)) mism++;
        hash = hash * 31 + buf[3] + strlen(buf);
        float f = (float)(d / 1e300);
        snprintf(buf, sizeof buf, "%.9g", f);
        if (strtof(buf, NULL) != f) mism++;
        long double ld = (long double)d * 3.0L;
        snprintf(buf, sizeof buf, "%.21Lg", ld);
        if (strtold(buf, NULL) != ld) mism++;
    }
    printf("round trip mismatches %llu hash %llx\n", (unsigned long long)mism, (unsigned long long)hash);

    const char *texts[] = {"  3.25xyz", "-0", "1e310", "-1e-330", "0x1.8p3", "inf", "-Infinity", "nan(123)",
                           "4.9406564584124654e-324", "2.2250738585072011e-308", "1.7976931348623157e308",
                           "123456789012345678901234567890", ".5", "5.", "+.e3", "0.1e-5000"};
    for (unsigned i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        char *end;
        errno = 0;
        double d = strtod(texts[i], &end);
        printf("strtod %-26s -> %-24.17g %016llx used %ld erange %d\n", texts[i], d,
               (unsigned long long)bits(d), (long)(end - texts[i]), errno == ERANGE);
    }
    const char *ints[] = {"0", "-17", "0x7fffffffffffffff", "9223372036854775808", "-9223372036854775809",
                          "  +42abc", "0777", "18446744073709551615", "18446744073709551616", "z", "-1"};
    for (unsigned i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        char *end;
        errno = 0;
        long l = strtol(ints[i], &end, 0);
        int e1 = errno;
        errno = 0;
        unsigned long ul = strtoul(ints[i], NULL, 0);
        printf("strtol %-22s -> %ld (used %ld, erange %d) strtoul %lu (erange %d)\n", ints[i], l,
               (long)(end - ints[i]), e1 == ERANGE, ul, errno == ERANGE);
    }
    for (int base = 2; base <= 36; base += 5)
        printf("base %d: %ld\n", base, strtol("zz1011", NULL, base));
    printf("atof %g atoi %d atol %ld atoll %lld\n", atof("6.02e23"), atoi("-2147483648"), atol("99999999999"),
           atoll("-42"));
    return 0;
}

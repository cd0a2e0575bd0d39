/* Division edge cases of every width: signed and unsigned, % of negative
 * operands (C truncates toward zero), extreme dividends and divisors.
 * INT_MIN / -1 is avoided here (div_trap.c checks that it traps). */
#include <stdio.h>
#include <stdint.h>
#include <limits.h>

#define SHOW(T, fmt, cast)                                                   \
    do {                                                                     \
        static const T vals[] = VALUES;                                      \
        int n = sizeof(vals) / sizeof(vals[0]);                              \
        for (int i = 0; i < n; i++)                                          \
            for (int j = 0; j < n; j++) {                                    \
                volatile T a = vals[i], b = vals[j];                         \
                if (b == 0) continue;                                        \
                if ((T)-1 < (T)1 && b == (T)-1 && a == vals[0]) continue;       \
                printf(#T " " fmt " / " fmt " = " fmt " r " fmt "\n",        \
                       (cast)a, (cast)b, (cast)(T)(a / b), (cast)(T)(a % b)); \
            }                                                                \
    } while (0)

int main(void)
{
#define VALUES {INT8_MIN, -100, -7, -3, -1, 0, 1, 2, 3, 7, 100, INT8_MAX}
    SHOW(int8_t, "%d", int);
#undef VALUES
#define VALUES {0, 1, 2, 3, 7, 100, 200, UINT8_MAX}
    SHOW(uint8_t, "%u", unsigned);
#undef VALUES
#define VALUES {INT16_MIN, -30000, -7, -1, 0, 1, 3, 255, 30000, INT16_MAX}
    SHOW(int16_t, "%d", int);
#undef VALUES
#define VALUES {0, 1, 3, 255, 40000, UINT16_MAX}
    SHOW(uint16_t, "%u", unsigned);
#undef VALUES
#define VALUES {INT32_MIN, -2000000000, -65536, -7, -1, 0, 1, 3, 65536, INT32_MAX}
    SHOW(int32_t, "%d", int);
#undef VALUES
#define VALUES {0, 1, 3, 65536, 3000000000u, UINT32_MAX}
    SHOW(uint32_t, "%u", unsigned);
#undef VALUES
#define VALUES {INT64_MIN, -9000000000000000000LL, -4294967296LL, -7, -1, 0, 1, 3, 4294967296LL, INT64_MAX}
    SHOW(int64_t, "%lld", long long);
#undef VALUES
#define VALUES {0, 1, 3, 4294967296ULL, 10000000000000000000ULL, UINT64_MAX}
    SHOW(uint64_t, "%llu", unsigned long long);
#undef VALUES
    return 0;
}

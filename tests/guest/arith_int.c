/* Integer arithmetic of every width: add/sub/mul, shifts, signed/unsigned
 * mixing and wrap-around, over values from a fixed LCG so the run is
 * deterministic.  Checksums keep the output short. */
#include <stdio.h>
#include <stdint.h>

static uint64_t state = 0x123456789abcdefULL;

static uint64_t next(void)
{
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state ^ (state >> 29);
}

#define MIX(h, v) ((h) = ((h) ^ (uint64_t)(v)) * 0x100000001b3ULL)

#define WIDTH_TEST(T, name)                                              \
    static void test_##name(void)                                        \
    {                                                                    \
        uint64_t h = 0xcbf29ce484222325ULL;                              \
        for (int i = 0; i < 20000; i++) {                                \
            T a = (T)next(), b = (T)next();                              \
            unsigned s = (unsigned)(next() % (sizeof(T) * 8));           \
            MIX(h, (T)(a + b)); MIX(h, (T)(a - b)); MIX(h, (T)(a * b));  \
            MIX(h, (T)(a & b)); MIX(h, (T)(a | b)); MIX(h, (T)(a ^ b));  \
            MIX(h, (T)~a); MIX(h, (T)-a);                                \
            MIX(h, (T)(a << s)); MIX(h, (T)(a >> s));                    \
            MIX(h, a < b); MIX(h, a <= b); MIX(h, a == b);               \
            if (b != 0 && !((T)-1 < (T)1 && b == (T)-1)) {                  \
                MIX(h, (T)(a / b)); MIX(h, (T)(a % b));                  \
            }                                                            \
        }                                                                \
        printf("%-8s %016llx\n", #name, (unsigned long long)h);         \
    }

WIDTH_TEST(int8_t, i8)
WIDTH_TEST(uint8_t, u8)
WIDTH_TEST(int16_t, i16)
WIDTH_TEST(uint16_t, u16)
WIDTH_TEST(int32_t, i32)
WIDTH_TEST(uint32_t, u32)
WIDTH_TEST(int64_t, i64)
WIDTH_TEST(uint64_t, u64)

static void test_mixed(void)
{
    int i = -1;
    unsigned u = 1;
    long l = -5;
    unsigned long ul = 3;
    printf("mixed %d %d %ld %lu\n", i < (int)u, (unsigned)i > u, l * (long)ul, (unsigned long)l % ul);
    printf("sext %lld %lld %lld\n", (long long)(int8_t)0x80, (long long)(int16_t)0x8001,
           (long long)(int32_t)0x80000001u);
    printf("zext %llu %llu %llu\n", (unsigned long long)(uint8_t)-1, (unsigned long long)(uint16_t)-1,
           (unsigned long long)(uint32_t)-1);
    volatile int64_t big = INT64_MAX;
    printf("wrap %llu\n", (unsigned long long)((uint64_t)big + 1));
    volatile int sh = 63;
    printf("sar %lld shr %llu\n", (long long)(INT64_MIN >> sh), (unsigned long long)((uint64_t)INT64_MIN >> sh));
}

int main(void)
{
    test_i8(); test_u8(); test_i16(); test_u16();
    test_i32(); test_u32(); test_i64(); test_u64();
    test_mixed();
    return 0;
}

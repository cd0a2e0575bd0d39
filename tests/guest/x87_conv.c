/* x87 conversions: fld m32/m64/m80 and fild m16/m32/m64 into registers;
 * fst/fstp m32/m64/m80, fist/fistp m16/m32/m64 and fisttp under every
 * rounding control (set with fldcw); fbld/fbstp packed BCD; frndint;
 * fldcw/fnstcw round trips; the constants under every rounding control.
 * Prints bit patterns and status words. */
#include <stdint.h>
#include <stdio.h>

typedef struct { uint64_t m; uint16_t e; } __attribute__((packed, aligned(16))) X80;

static const X80 vals[] = {
    { 0, 0 }, { 0, 0x8000 }, { 1ull << 63, 0x3fff }, { 0xC000000000000000ull, 0xbfff },
    { 0xA000000000000000ull, 0x3fff }, { 0xE000000000000000ull, 0x3fff }, /* 1.25 1.75 */
    { 0xC000000000000000ull, 0x4000 }, { 0xA000000000000000ull, 0x4000 }, /* 3 2.5 */
    { 0xAAAAAAAAAAAAAAABull, 0x3ffd }, { ~0ull, 0x7ffe }, { 1ull << 63, 0x0001 }, { 1, 0 },
    { 1ull << 63, 0x7fff }, { 1ull << 63, 0xffff }, { 0xC000000000000001ull, 0x7fff },
    { 0xA000000000000000ull, 0x7fff }, { 0xC000000000000000ull, 0xffff },
    { 0xFFFF000000000000ull, 0x400d }, { 0x8000800000000000ull, 0x400e }, /* 65535, 32769 */
    { 0xFFFFFFFF80000000ull, 0x401e }, { 0xFFFFFFFFFFFFFFFFull, 0x403e }, /* 2^32-0.5, 2^64-1 */
    { 1ull << 63, 0xc03e }, { 0x8000000000000001ull, 0xc03e },          /* -2^63, below */
    { 0xFFFFFF8000000000ull, 0x407e }, { 0xFFFFFFFFFFFFFC00ull, 0x43fe }, /* f32 max-ish, f64 max */
    { 0x8000010000000000ull, 0x3f80 }, { 0x8000000000000800ull, 0x3c00 }, /* f32/f64 subnormal range */
    { 0xDE0B6B3A763FFFFFull, 0x4038 }, { 0x8AC7230489E7FFFFull, 0x403b },  /* ~1e18, ~1e19 for BCD */
    { 1ull << 63, 0 }, { 0x4000000000000000ull, 0x3fff },
};
#define NVALS (sizeof(vals) / sizeof(vals[0]))
static uint16_t cw = 0x037f;

#define STORE(name, insn, type)                                                      \
    static type name(const X80 *a, uint16_t *sw)                                    \
    {                                                                               \
        type out;                                                                   \
        __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[a]\n\t" insn " %[o]\n\t"    \
                         "fnstsw %[sw]\n\tfninit"                                    \
                         : [o] "=m"(out), [sw] "=m"(*sw) : [a] "m"(*a), [cw] "m"(cw)); \
        return out;                                                                 \
    }
STORE(fsts, "fsts", uint32_t) STORE(fstps, "fstps", uint32_t)
STORE(fstl, "fstl", uint64_t) STORE(fstpl, "fstpl", uint64_t)
STORE(fists, "fists", int16_t) STORE(fistps, "fistps", int16_t)
STORE(fistl, "fistl", int32_t) STORE(fistpl, "fistpl", int32_t)
STORE(fistpll, "fistpll", int64_t)
STORE(fisttps, "fisttps", int16_t) STORE(fisttpl, "fisttpl", int32_t) STORE(fisttpll, "fisttpll", int64_t)
STORE(fstpt, "fstpt", X80)

typedef struct { uint8_t b[10]; } Bcd;
STORE(fbstp, "fbstp", Bcd)

static void stores(void)
{
    for (unsigned rc = 0; rc < 4; rc++) {
        cw = (uint16_t)(0x037f | (rc << 10));
        for (unsigned i = 0; i < NVALS; i++) {
            uint16_t s[14];
            uint32_t a = fsts(&vals[i], &s[0]), b = fstps(&vals[i], &s[1]);
            uint64_t c = fstl(&vals[i], &s[2]), d = fstpl(&vals[i], &s[3]);
            int16_t e = fists(&vals[i], &s[4]), f = fistps(&vals[i], &s[5]);
            int32_t g = fistl(&vals[i], &s[6]), h = fistpl(&vals[i], &s[7]);
            int64_t k = fistpll(&vals[i], &s[8]);
            int16_t l = fisttps(&vals[i], &s[9]);
            int32_t m = fisttpl(&vals[i], &s[10]);
            int64_t n = fisttpll(&vals[i], &s[11]);
            X80 t = fstpt(&vals[i], &s[12]);
            Bcd bcd = fbstp(&vals[i], &s[13]);
            printf("rc%u %02u f32 %08x %08x f64 %016llx %016llx i16 %04x %04x i32 %08x %08x i64 %016llx\n",
                   rc, i, a, b, (unsigned long long)c, (unsigned long long)d, (uint16_t)e, (uint16_t)f,
                   (uint32_t)g, (uint32_t)h, (unsigned long long)k);
            printf("rc%u %02u tt %04x %08x %016llx t80 %04x:%016llx bcd ", rc, i, (uint16_t)l, (uint32_t)m,
                   (unsigned long long)n, t.e, (unsigned long long)t.m);
            for (int j = 9; j >= 0; j--)
                printf("%02x", bcd.b[j]);
            printf(" sw");
            for (int j = 0; j < 14; j++)
                printf(" %04x", s[j]);
            printf("\n");
        }
    }
    cw = 0x037f;
}

#define LOAD(name, insn, type)                                                       \
    static X80 name(type v, uint16_t *sw)                                           \
    {                                                                               \
        X80 out;                                                                    \
        __asm__ volatile("fninit\n\t" insn " %[v]\n\tfnstsw %[sw]\n\tfstpt %[o]\n\t"  \
                         "fninit" : [o] "=m"(out), [sw] "=m"(*sw) : [v] "m"(v));      \
        return out;                                                                 \
    }
LOAD(flds, "flds", uint32_t) LOAD(fldl, "fldl", uint64_t) LOAD(fldt, "fldt", X80)
LOAD(filds, "filds", int16_t) LOAD(fildl, "fildl", int32_t) LOAD(fildll, "fildll", int64_t)
LOAD(fbld, "fbld", Bcd)

static void show_load(const char *what, unsigned i, X80 r, uint16_t sw)
{
    printf("%s %02u %04x:%016llx sw=%04x\n", what, i, r.e, (unsigned long long)r.m, sw);
}

static void loads(void)
{
    static const uint32_t f32s[] = { 0, 0x80000000, 1, 0x807fffff, 0x00800000, 0x3f800000, 0x7f7fffff,
                                     0x7f800000, 0xff800000, 0x7fc00000, 0x7fa00001, 0xffffffff };
    static const uint64_t f64s[] = { 0, 0x8000000000000000ull, 1, 0x800fffffffffffffull,
                                     0x0010000000000000ull, 0x3ff0000000000000ull, 0x7fefffffffffffffull,
                                     0x7ff0000000000000ull, 0x7ff8000000000000ull, 0x7ff4000000000001ull,
                                     0xffffffffffffffffull };
    static const int64_t ints[] = { 0, 1, -1, 32767, -32768, 2147483647, -2147483647 - 1,
                                    INT64_MAX, INT64_MIN, 123456789012345678ll };
    uint16_t sw;
    for (unsigned i = 0; i < sizeof(f32s) / sizeof(f32s[0]); i++) {
        X80 r = flds(f32s[i], &sw);
        show_load("flds", i, r, sw);
    }
    for (unsigned i = 0; i < sizeof(f64s) / sizeof(f64s[0]); i++) {
        X80 r = fldl(f64s[i], &sw);
        show_load("fldl", i, r, sw);
    }
    for (unsigned i = 0; i < NVALS; i++) {
        X80 r = fldt(vals[i], &sw);
        show_load("fldt", i, r, sw);
    }
    for (unsigned i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
        X80 r = filds((int16_t)ints[i], &sw);
        show_load("filds", i, r, sw);
        r = fildl((int32_t)ints[i], &sw);
        show_load("fildl", i, r, sw);
        r = fildll(ints[i], &sw);
        show_load("fildll", i, r, sw);
    }
    static const Bcd bcds[] = {
        { { 0 } }, { { 0x01 } }, { { 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x00 } },
        { { 0x45, 0x23, 0x01, 0, 0, 0, 0, 0, 0, 0x80 } }, { { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80 } },
        { { 0x21, 0x43, 0x65, 0x87, 0x09, 0x21, 0x43, 0x65, 0x87, 0x00 } },
    };
    for (unsigned i = 0; i < sizeof(bcds) / sizeof(bcds[0]); i++) {
        X80 r = fbld(bcds[i], &sw);
        show_load("fbld", i, r, sw);
    }
}

/* frndint and the constants under each rounding control */
static void rounding(void)
{
    for (unsigned rc = 0; rc < 4; rc++) {
        cw = (uint16_t)(0x037f | (rc << 10));
        for (unsigned i = 0; i < NVALS; i++) {
            X80 r;
            uint16_t sw;
            __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[a]\n\tfrndint\n\tfnstsw %[sw]\n\t"
                             "fstpt %[r]\n\tfninit"
                             : [r] "=m"(r), [sw] "=m"(sw) : [a] "m"(vals[i]), [cw] "m"(cw));
            printf("frndint rc%u %02u %04x:%016llx sw=%04x\n", rc, i, r.e, (unsigned long long)r.m, sw);
        }
        X80 c[7];
        __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfld1\n\tfldl2t\n\tfldl2e\n\tfldpi\n\tfldlg2\n\t"
                         "fldln2\n\tfldz\n\tfstpt %[c6]\n\tfstpt %[c5]\n\tfstpt %[c4]\n\tfstpt %[c3]\n\t"
                         "fstpt %[c2]\n\tfstpt %[c1]\n\tfstpt %[c0]\n\tfninit"
                         : [c0] "=m"(c[0]), [c1] "=m"(c[1]), [c2] "=m"(c[2]), [c3] "=m"(c[3]),
                           [c4] "=m"(c[4]), [c5] "=m"(c[5]), [c6] "=m"(c[6])
                         : [cw] "m"(cw));
        for (int k = 0; k < 7; k++)
            printf("const rc%u %d %04x:%016llx\n", rc, k, c[k].e, (unsigned long long)c[k].m);
    }
    cw = 0x037f;
}

static void control_word(void)
{
    static const uint16_t cws[] = { 0x0000, 0xffff, 0x037f, 0x027f, 0x0c7f, 0x1f3f, 0x00c0, 0x1040 };
    for (unsigned i = 0; i < sizeof(cws) / sizeof(cws[0]); i++) {
        uint16_t out, sw;
        __asm__ volatile("fninit\n\tfldcw %[in]\n\tfnstcw %[out]\n\tfnstsw %[sw]\n\tfninit"
                         : [out] "=m"(out), [sw] "=m"(sw) : [in] "m"(cws[i]));
        printf("fldcw %04x -> %04x sw=%04x\n", cws[i], out, sw);
    }
}

int main(void)
{
    loads();
    stores();
    rounding();
    control_word();
    return 0;
}

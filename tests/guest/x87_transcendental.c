/* x87 transcendental and other one/two-operand instructions: fsin, fcos,
 * fsincos, fptan (including out-of-range operands, C2), fpatan, f2xm1,
 * fyl2x, fyl2xp1, fscale, fprem, fprem1 (quotient bits in C0/C3/C1),
 * fxtract, fsqrt, frndint, fchs, fabs, over edge values and under each
 * precision control.  Prints both stack slots and status words as bits. */
#include <stdint.h>
#include <stdio.h>

typedef struct { uint64_t m; uint16_t e; } __attribute__((packed, aligned(16))) X80;

static const X80 vals[] = {
    { 0, 0 }, { 0, 0x8000 }, { 1ull << 63, 0x3fff }, { 1ull << 63, 0xbfff },
    { 0xC000000000000000ull, 0x3ffe }, { 0xC90FDAA22168C235ull, 0x4000 }, /* 0.75 pi */
    { 0xC90FDAA22168C235ull, 0x3fff }, { 0x8000000000000000ull, 0x3ffd }, /* pi/2 0.25 */
    { 0xA000000000000000ull, 0x4002 }, { 0x9C40000000000000ull, 0x400d }, /* 10 20000 */
    { 0xFFFFFFFFFFFFFFFFull, 0x403d }, { 1ull << 63, 0x403e },           /* <2^63, 2^63 */
    { 0x8000000000000001ull, 0x3fbf }, { 1, 0 },                         /* tiny, denormal */
    { ~0ull, 0x7ffe }, { 1ull << 63, 0x7fff }, { 1ull << 63, 0xffff },
    { 0xC000000000000001ull, 0x7fff }, { 0xA000000000000000ull, 0x7fff },
    { 0xB504F333F9DE6484ull, 0x3fff }, { 0xE000000000000000ull, 0xc004 }, /* sqrt2, -28 */
    { 0x4000000000000000ull, 0x3fff },                                   /* unnormal */
};
#define NVALS (sizeof(vals) / sizeof(vals[0]))
static uint16_t cw = 0x037f;

typedef struct { uint16_t sw, sw2; X80 r0, r1; } Res;

static void show(const char *what, int i, int j, const Res *r)
{
    printf("%-8s %02d %02d sw=%04x/%04x r0=%04x:%016llx r1=%04x:%016llx\n", what, i, j, r->sw, r->sw2,
           r->r0.e, (unsigned long long)r->r0.m, r->r1.e, (unsigned long long)r->r1.m);
}

/* ST(0) = a, ST(1) = b, the instruction, then both slots stored */
#define OP(name, insn)                                                                \
    static void name(const X80 *a, const X80 *b, Res *r)                             \
    {                                                                                \
        __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[b]\n\tfldt %[a]\n\t" insn    \
                         "\n\tfnstsw %[sw]\n\tfstpt %[r0]\n\tfstpt %[r1]\n\t"          \
                         "fnstsw %[sw2]\n\tfninit"                                    \
                         : [sw] "=m"(r->sw), [sw2] "=m"(r->sw2), [r0] "=m"(r->r0),    \
                           [r1] "=m"(r->r1)                                           \
                         : [a] "m"(*a), [b] "m"(*b), [cw] "m"(cw));                   \
    }
/* with only ST(0) loaded: a push has room, a pop leaves nothing */
#define OP1(name, insn)                                                               \
    static void name(const X80 *a, const X80 *b, Res *r)                             \
    {                                                                                \
        (void)b;                                                                     \
        __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[a]\n\t" insn                 \
                         "\n\tfnstsw %[sw]\n\tfstpt %[r0]\n\tfstpt %[r1]\n\t"          \
                         "fnstsw %[sw2]\n\tfninit"                                    \
                         : [sw] "=m"(r->sw), [sw2] "=m"(r->sw2), [r0] "=m"(r->r0),    \
                           [r1] "=m"(r->r1)                                           \
                         : [a] "m"(*a), [cw] "m"(cw));                                \
    }

OP1(o_fsin, "fsin") OP1(o_fcos, "fcos") OP1(o_fsincos, "fsincos") OP1(o_fptan, "fptan")
OP1(o_f2xm1, "f2xm1") OP1(o_fsqrt, "fsqrt") OP1(o_frndint, "frndint") OP1(o_fxtract, "fxtract")
OP1(o_fchs, "fchs") OP1(o_fabs, "fabs")
OP(o_fpatan, "fpatan") OP(o_fyl2x, "fyl2x") OP(o_fyl2xp1, "fyl2xp1") OP(o_fscale, "fscale")
OP(o_fprem, "fprem") OP(o_fprem1, "fprem1")
/* with all eight registers in use: the push overflows */
#define FULL(name, insn) OP(name, "fstp %%st(0)\n\tfstp %%st(0)\n\tfld1\n\tfld1\n\tfld1\n\t" \
                            "fld1\n\tfld1\n\tfld1\n\tfldt %[b]\n\tfldt %[a]\n\t" insn)
FULL(o_fptan_full, "fptan") FULL(o_fsincos_full, "fsincos") FULL(o_fxtract_full, "fxtract")

typedef void (*Fn)(const X80 *, const X80 *, Res *);
static const struct { const char *name; Fn fn; int binary; } ops[] = {
    { "fsin", o_fsin, 0 }, { "fcos", o_fcos, 0 }, { "fsincos", o_fsincos, 0 }, { "fptan", o_fptan, 0 },
    { "f2xm1", o_f2xm1, 0 }, { "fsqrt", o_fsqrt, 0 }, { "frndint", o_frndint, 0 },
    { "fxtract", o_fxtract, 0 }, { "fchs", o_fchs, 0 }, { "fabs", o_fabs, 0 },
    { "fpatan", o_fpatan, 1 }, { "fyl2x", o_fyl2x, 1 }, { "fyl2xp1", o_fyl2xp1, 1 },
    { "fscale", o_fscale, 1 }, { "fprem", o_fprem, 1 }, { "fprem1", o_fprem1, 1 },
    { "fptanful", o_fptan_full, 0 }, { "fsincful", o_fsincos_full, 0 }, { "fxtrful", o_fxtract_full, 0 },
};

/* fprem until C2 clears, as fmodl does */
static void full_remainder(void)
{
    static const X80 big = { 0x8000000000000000ull, 0x4400 }, small = { 0xC90FDAA22168C235ull, 0x4000 };
    X80 r;
    uint16_t sw;
    int rounds = 0;
    __asm__ volatile("fninit\n\tfldt %[b]\n\tfldt %[a]\n\txorl %%ecx, %%ecx\n"
                     "1:\n\tincl %%ecx\n\tfprem\n\tfnstsw %%ax\n\ttestb $4, %%ah\n\tjnz 1b\n\t"
                     "movw %%ax, %[sw]\n\tmovl %%ecx, %[n]\n\tfstpt %[r]\n\tfninit"
                     : [r] "=m"(r), [sw] "=m"(sw), [n] "=m"(rounds) : [a] "m"(big), [b] "m"(small)
                     : "rax", "rcx", "cc");
    printf("fprem loop rounds=%d sw=%04x r=%04x:%016llx\n", rounds, sw, r.e, (unsigned long long)r.m);
}

int main(void)
{
    static const uint16_t cws[] = { 0x037f, 0x007f, 0x027f, 0x0f7f };
    for (unsigned c = 0; c < sizeof(cws) / sizeof(cws[0]); c++) {
        cw = cws[c];
        printf("cw=%04x\n", cw);
        for (unsigned k = 0; k < sizeof(ops) / sizeof(ops[0]); k++)
            for (unsigned i = 0; i < NVALS; i++)
                for (unsigned j = 0; j < (ops[k].binary ? NVALS : 1); j++) {
                    Res r;
                    ops[k].fn(&vals[i], &vals[j], &r);
                    show(ops[k].name, (int)i, (int)j, &r);
                }
    }
    full_remainder();
    return 0;
}

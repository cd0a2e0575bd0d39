/* x87 arithmetic, instruction by instruction: fadd/fsub/fsubr/fmul/fdiv/
 * fdivr in every register encoding (ST(0) or ST(i) destination, popping
 * forms), and the m32/m64/m16int/m32int memory forms, over edge values
 * (zeros, denormals, pseudo-denormals, unnormals, extremes, infinities,
 * QNaN/SNaN, the indefinite) and under every precision and rounding
 * control.  Prints the result registers and status words as bits. */
#include <stdint.h>
#include <stdio.h>

typedef struct { uint64_t m; uint16_t e; } __attribute__((packed, aligned(16))) X80;

static const X80 vals[] = {
    { 0, 0 }, { 0, 0x8000 },                                   /* +0 -0 */
    { 1ull << 63, 0x3fff }, { 0xC000000000000000ull, 0xbfff }, /* 1 -1.5 */
    { 0xAAAAAAAAAAAAAAABull, 0x3ffd }, { 0xC90FDAA22168C235ull, 0x4000 }, /* 1/3 pi */
    { ~0ull, 0x7ffe }, { 1ull << 63, 0x0001 },                 /* max, min normal */
    { 1, 0 }, { 0x7fffffffffffffffull, 0x8000 },              /* denormals */
    { 1ull << 63, 0x7fff }, { 1ull << 63, 0xffff },            /* +inf -inf */
    { 0xC000000000000001ull, 0x7fff }, { 0xA000000000000000ull, 0xffff }, /* QNaN SNaN */
    { 0xC000000000000000ull, 0xffff },                         /* indefinite */
    { 0xFFFFFFFFFFFFF801ull, 0x403e }, { 0x8000000000000001ull, 0x3fff }, /* ties for PC */
    { 1ull << 63, 0 }, { 0x4000000000000000ull, 0x3fff },     /* pseudo-denormal, unnormal */
};
#define NVALS (sizeof(vals) / sizeof(vals[0]))

typedef struct { uint16_t sw, sw2; X80 r0, r1; } Res;
static uint16_t cw = 0x037f;

static void show(const char *what, int i, int j, const Res *r)
{
    printf("%s %02d %02d sw=%04x/%04x r0=%04x:%016llx r1=%04x:%016llx\n", what, i, j, r->sw, r->sw2,
           r->r0.e, (unsigned long long)r->r0.m, r->r1.e, (unsigned long long)r->r1.m);
}

/* ST(0) = a, ST(1) = b, run the instruction, then store both registers
 * (an emptied one stores the indefinite and flags the underflow). */
#define OP2(name, insn)                                                               \
    static void name(const X80 *a, const X80 *b, Res *r)                             \
    {                                                                                \
        __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[b]\n\tfldt %[a]\n\t" insn    \
                         "\n\tfnstsw %[sw]\n\tfstpt %[r0]\n\tfstpt %[r1]\n\t"          \
                         "fnstsw %[sw2]\n\tfninit"                                    \
                         : [sw] "=m"(r->sw), [sw2] "=m"(r->sw2), [r0] "=m"(r->r0),    \
                           [r1] "=m"(r->r1)                                           \
                         : [a] "m"(*a), [b] "m"(*b), [cw] "m"(cw));                   \
    }

OP2(d8_c1, ".byte 0xd8, 0xc1") OP2(d8_c9, ".byte 0xd8, 0xc9") OP2(d8_e1, ".byte 0xd8, 0xe1")
OP2(d8_e9, ".byte 0xd8, 0xe9") OP2(d8_f1, ".byte 0xd8, 0xf1") OP2(d8_f9, ".byte 0xd8, 0xf9")
OP2(d8_c0, ".byte 0xd8, 0xc0") OP2(d8_e0, ".byte 0xd8, 0xe0")
OP2(dc_c1, ".byte 0xdc, 0xc1") OP2(dc_c9, ".byte 0xdc, 0xc9") OP2(dc_e1, ".byte 0xdc, 0xe1")
OP2(dc_e9, ".byte 0xdc, 0xe9") OP2(dc_f1, ".byte 0xdc, 0xf1") OP2(dc_f9, ".byte 0xdc, 0xf9")
OP2(de_c1, ".byte 0xde, 0xc1") OP2(de_c9, ".byte 0xde, 0xc9") OP2(de_e1, ".byte 0xde, 0xe1")
OP2(de_e9, ".byte 0xde, 0xe9") OP2(de_f1, ".byte 0xde, 0xf1") OP2(de_f9, ".byte 0xde, 0xf9")

typedef void (*Op2)(const X80 *, const X80 *, Res *);
static const struct { const char *name; Op2 fn; } ops2[] = {
    { "fadd st,st1", d8_c1 }, { "fmul st,st1", d8_c9 }, { "fsub st,st1", d8_e1 },
    { "fsubr st,st1", d8_e9 }, { "fdiv st,st1", d8_f1 }, { "fdivr st,st1", d8_f9 },
    { "fadd st,st", d8_c0 }, { "fsub st,st", d8_e0 },
    { "fadd st1,st", dc_c1 }, { "fmul st1,st", dc_c9 }, { "fsubr st1,st", dc_e1 },
    { "fsub st1,st", dc_e9 }, { "fdivr st1,st", dc_f1 }, { "fdiv st1,st", dc_f9 },
    { "faddp", de_c1 }, { "fmulp", de_c9 }, { "fsubrp", de_e1 },
    { "fsubp", de_e9 }, { "fdivrp", de_f1 }, { "fdivp", de_f9 },
};

/* memory forms: ST(0) = a op m */
#define OPM(name, insn, type)                                                         \
    static void name(const X80 *a, type m, Res *r)                                   \
    {                                                                                \
        __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[a]\n\t" insn " %[m]\n\t"     \
                         "fnstsw %[sw]\n\tfstpt %[r0]\n\tfstpt %[r1]\n\tfnstsw %[sw2]\n\t" \
                         "fninit"                                                     \
                         : [sw] "=m"(r->sw), [sw2] "=m"(r->sw2), [r0] "=m"(r->r0),    \
                           [r1] "=m"(r->r1)                                           \
                         : [a] "m"(*a), [m] "m"(m), [cw] "m"(cw));                    \
    }
#define OPM_ALL(kind, pre, sfx, type)                                                 \
    OPM(add_##kind, pre "add" sfx, type) OPM(mul_##kind, pre "mul" sfx, type)         \
    OPM(sub_##kind, pre "sub" sfx, type) OPM(subr_##kind, pre "subr" sfx, type)       \
    OPM(div_##kind, pre "div" sfx, type) OPM(divr_##kind, pre "divr" sfx, type)
OPM_ALL(f32, "f", "s", uint32_t)
OPM_ALL(f64, "f", "l", uint64_t)
OPM_ALL(i16, "fi", "s", int16_t)
OPM_ALL(i32, "fi", "l", int32_t)

static const uint32_t f32s[] = { 0, 0x80000000, 0x3f800000, 0xbfc00000, 0x00000001, 0x007fffff,
                                 0x7f7fffff, 0x7f800000, 0xff800000, 0x7fc00001, 0x7f800001, 0x3eaaaaab };
static const uint64_t f64s[] = { 0, 0x8000000000000000ull, 0x3ff0000000000000ull, 0x0000000000000001ull,
                                 0x7fefffffffffffffull, 0x7ff0000000000000ull, 0x7ff8000000000001ull,
                                 0x7ff0000000000001ull, 0x3fd5555555555555ull, 0xc00921fb54442d18ull };
static const int16_t i16s[] = { 0, 1, -1, 32767, -32768, 3 };
static const int32_t i32s[] = { 0, 1, -1, 2147483647, -2147483647 - 1, 10 };

#define RUN_MEM(kind, arr, fmt)                                                       \
    for (unsigned i = 0; i < NVALS; i++)                                             \
        for (unsigned j = 0; j < sizeof(arr) / sizeof(arr[0]); j++) {                \
            Res r;                                                                   \
            add_##kind(&vals[i], arr[j], &r); show("fadd" fmt, i, j, &r);            \
            mul_##kind(&vals[i], arr[j], &r); show("fmul" fmt, i, j, &r);            \
            sub_##kind(&vals[i], arr[j], &r); show("fsub" fmt, i, j, &r);            \
            subr_##kind(&vals[i], arr[j], &r); show("fsubr" fmt, i, j, &r);          \
            div_##kind(&vals[i], arr[j], &r); show("fdiv" fmt, i, j, &r);            \
            divr_##kind(&vals[i], arr[j], &r); show("fdivr" fmt, i, j, &r);          \
        }

static void all_register_forms(void)
{
    for (unsigned k = 0; k < sizeof(ops2) / sizeof(ops2[0]); k++)
        for (unsigned i = 0; i < NVALS; i++)
            for (unsigned j = 0; j < NVALS; j++) {
                Res r;
                ops2[k].fn(&vals[i], &vals[j], &r);
                show(ops2[k].name, i, j, &r);
            }
}

/* every precision and rounding control on the values that round */
static void control_words(void)
{
    static const unsigned pick[] = { 2, 3, 4, 5, 6, 7, 8, 15, 16 };
    static const unsigned npick = sizeof(pick) / sizeof(pick[0]);
    for (unsigned pc = 0; pc < 4; pc++)
        for (unsigned rc = 0; rc < 4; rc++) {
            cw = (uint16_t)(0x007f | (pc << 8) | (rc << 10));
            printf("cw=%04x\n", cw);
            for (unsigned k = 0; k < 6; k++)
                for (unsigned i = 0; i < npick; i++)
                    for (unsigned j = 0; j < npick; j++) {
                        Res r;
                        ops2[k].fn(&vals[pick[i]], &vals[pick[j]], &r);
                        show(ops2[k].name, (int)pick[i], (int)pick[j], &r);
                    }
            for (unsigned i = 0; i < npick; i++)
                for (unsigned j = 0; j < sizeof(f64s) / sizeof(f64s[0]); j++) {
                    Res r;
                    div_f64(&vals[pick[i]], f64s[j], &r);
                    show("fdivl", (int)pick[i], (int)j, &r);
                }
        }
    cw = 0x037f;
}

/* a chain that keeps the stack busy: sum and product of 1..20 with mixed forms */
static void chains(void)
{
    static const int32_t nums[20] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 };
    X80 s, p;
    uint16_t sw;
    __asm__ volatile("fninit\n\tfldz\n\tfld1\n\tmovl $20, %%ecx\n\tleaq %[n], %%rax\n"
                     "1:\n\tfildl (%%rax)\n\taddq $4, %%rax\n\t"
                     "fadd %%st, %%st(2)\n\tfmulp %%st, %%st(1)\n\tloop 1b\n\t"
                     "fnstsw %[sw]\n\tfstpt %[p]\n\tfstpt %[s]\n\tfninit"
                     : [s] "=m"(s), [p] "=m"(p), [sw] "=m"(sw) : [n] "m"(nums) : "rax", "rcx", "memory");
    printf("chain sum=%04x:%016llx prod=%04x:%016llx sw=%04x\n", s.e, (unsigned long long)s.m, p.e,
           (unsigned long long)p.m, sw);
}

int main(void)
{
    all_register_forms();
    RUN_MEM(f32, f32s, "s")
    RUN_MEM(f64, f64s, "l")
    RUN_MEM(i16, i16s, "w")
    RUN_MEM(i32, i32s, "i")
    control_words();
    chains();
    return 0;
}

/* x87 comparisons and classification: fcom/fcomp/fcompp/fucom/fucomp/
 * fucompp (with their alias encodings), fcom/ficom with memory operands,
 * fcomi/fcomip/fucomi/fucomip (EFLAGS, with OF/SF/AF set beforehand to
 * see them cleared), ftst, fxam over every class including empty, and
 * fcmovcc under every flag combination.  Prints status words and flags. */
#include <stdint.h>
#include <stdio.h>

typedef struct { uint64_t m; uint16_t e; } __attribute__((packed, aligned(16))) X80;

static const X80 vals[] = {
    { 0, 0 }, { 0, 0x8000 }, { 1ull << 63, 0x3fff }, { 1ull << 63, 0xbfff },
    { 0xC000000000000000ull, 0x4000 }, { 1, 0 }, { 1, 0x8000 }, { ~0ull, 0x7ffe },
    { 1ull << 63, 0x7fff }, { 1ull << 63, 0xffff }, { 0xC000000000000001ull, 0x7fff },
    { 0xA000000000000000ull, 0x7fff }, { 0xC000000000000000ull, 0xffff },
    { 1ull << 63, 0 }, { 0x4000000000000000ull, 0x3fff }, { 0x8000000000000001ull, 0x3fff },
};
#define NVALS (sizeof(vals) / sizeof(vals[0]))

typedef struct { uint16_t sw, sw2; uint8_t ah, of; } Res;

/* ST(0) = a, ST(1) = b; then the instruction, its status word, and the
 * status word after emptying the stack (fninit-free: shows TOP) */
#define CMP2(name, insn)                                                             \
    static void name(const X80 *a, const X80 *b, Res *r)                            \
    {                                                                               \
        __asm__ volatile("fninit\n\tfldt %[b]\n\tfldt %[a]\n\tmovb $0x7f, %%al\n\t"   \
                         "addb $1, %%al\n\t" insn "\n\tlahf\n\tseto %[of]\n\t"        \
                         "shrl $8, %%eax\n\tmovb %%al, %[ah]\n\tfnstsw %[sw]\n\tffree %%st(0)\n\t"      \
                         "ffree %%st(1)\n\tfnstsw %[sw2]\n\tfninit"                   \
                         : [sw] "=m"(r->sw), [sw2] "=m"(r->sw2), [ah] "=m"(r->ah),    \
                           [of] "=m"(r->of)                                          \
                         : [a] "m"(*a), [b] "m"(*b) : "rax", "cc");                  \
    }

CMP2(d8_d1, ".byte 0xd8, 0xd1") CMP2(d8_d9, ".byte 0xd8, 0xd9") CMP2(de_d9, ".byte 0xde, 0xd9")
CMP2(dd_e1, ".byte 0xdd, 0xe1") CMP2(dd_e9, ".byte 0xdd, 0xe9") CMP2(da_e9, ".byte 0xda, 0xe9")
CMP2(dc_d1, ".byte 0xdc, 0xd1") CMP2(dc_d9, ".byte 0xdc, 0xd9") CMP2(de_d1, ".byte 0xde, 0xd1")
CMP2(db_f1, ".byte 0xdb, 0xf1") CMP2(db_e9, ".byte 0xdb, 0xe9") CMP2(df_f1, ".byte 0xdf, 0xf1")
CMP2(df_e9, ".byte 0xdf, 0xe9") CMP2(d8_d0, ".byte 0xd8, 0xd0") CMP2(d9_e4, ".byte 0xd9, 0xe4")
CMP2(d9_e5, ".byte 0xd9, 0xe5") CMP2(d9_e5_e, "ffree %%st(0)\n\t.byte 0xd9, 0xe5")
CMP2(db_f2, ".byte 0xdb, 0xf2") CMP2(d8_d3, ".byte 0xd8, 0xd3")

typedef void (*Cmp)(const X80 *, const X80 *, Res *);
static const struct { const char *name; Cmp fn; } cmps[] = {
    { "fcom", d8_d1 }, { "fcomp", d8_d9 }, { "fcompp", de_d9 }, { "fucom", dd_e1 },
    { "fucomp", dd_e9 }, { "fucompp", da_e9 }, { "fcom2", dc_d1 }, { "fcomp3", dc_d9 },
    { "fcomp5", de_d1 }, { "fcomi", db_f1 }, { "fucomi", db_e9 }, { "fcomip", df_f1 },
    { "fucomip", df_e9 }, { "fcom st0", d8_d0 }, { "ftst", d9_e4 }, { "fxam", d9_e5 },
    { "fxam empty", d9_e5_e }, { "fcomi st2", db_f2 }, { "fcom st3", d8_d3 },
};

static void show(const char *what, int i, int j, const Res *r)
{
    printf("%-10s %02d %02d sw=%04x/%04x ah=%02x of=%d\n", what, i, j, r->sw, r->sw2, r->ah, r->of);
}

/* memory forms */
#define CMPM(name, insn, type)                                                       \
    static void name(const X80 *a, type m, Res *r)                                  \
    {                                                                               \
        __asm__ volatile("fninit\n\tfldt %[a]\n\t" insn " %[m]\n\tfnstsw %[sw]\n\t"   \
                         "fninit" : [sw] "=m"(r->sw) : [a] "m"(*a), [m] "m"(m));      \
        r->sw2 = 0; r->ah = 0; r->of = 0;                                             \
    }
CMPM(fcoms, "fcoms", uint32_t) CMPM(fcomps, "fcomps", uint32_t)
CMPM(fcoml, "fcoml", uint64_t) CMPM(fcompl, "fcompl", uint64_t)
CMPM(ficoms, "ficoms", int16_t) CMPM(ficomps, "ficomps", int16_t)
CMPM(ficoml, "ficoml", int32_t) CMPM(ficompl, "ficompl", int32_t)

static const uint32_t f32s[] = { 0, 0x80000000, 0x3f800000, 0x00000001, 0x7f800000, 0x7fc00000, 0x7f800001 };
static const uint64_t f64s[] = { 0, 0x3ff0000000000000ull, 0x0000000000000001ull, 0xfff0000000000000ull,
                                 0x7ff8000000000000ull, 0x7ff0000000000001ull };
static const int32_t ints[] = { 0, 1, -1, 2, 32767, -32768 };

static void memory_forms(void)
{
    for (unsigned i = 0; i < NVALS; i++) {
        Res r;
        for (unsigned j = 0; j < sizeof(f32s) / sizeof(f32s[0]); j++) {
            fcoms(&vals[i], f32s[j], &r); show("fcoms", i, j, &r);
            fcomps(&vals[i], f32s[j], &r); show("fcomps", i, j, &r);
        }
        for (unsigned j = 0; j < sizeof(f64s) / sizeof(f64s[0]); j++) {
            fcoml(&vals[i], f64s[j], &r); show("fcoml", i, j, &r);
            fcompl(&vals[i], f64s[j], &r); show("fcompl", i, j, &r);
        }
        for (unsigned j = 0; j < sizeof(ints) / sizeof(ints[0]); j++) {
            ficoms(&vals[i], (int16_t)ints[j], &r); show("ficoms", i, j, &r);
            ficomps(&vals[i], (int16_t)ints[j], &r); show("ficomps", i, j, &r);
            ficoml(&vals[i], ints[j], &r); show("ficoml", i, j, &r);
            ficompl(&vals[i], ints[j], &r); show("ficompl", i, j, &r);
        }
    }
}

/* fcmovcc: ST(0) = 1, ST(1) = 2; flags from popf-free setup via arithmetic */
#define FCMOV(name, insn)                                                            \
    static uint16_t name(uint32_t flags_src)                                         \
    {                                                                               \
        uint16_t e;                                                                 \
        X80 r;                                                                      \
        __asm__ volatile("fninit\n\tfld1\n\tfld1\n\tfadd %%st(0), %%st(0)\n\t"        \
                         "fld1\n\tmovl %[f], %%eax\n\tsahf\n\t" insn "\n\t"           \
                         "fstpt %[r]\n\tfninit"                                      \
                         : [r] "=m"(r) : [f] "m"(flags_src) : "rax", "cc");          \
        e = r.e;                                                                    \
        return e;                                                                   \
    }
FCMOV(cmovb, "fcmovb %%st(1), %%st") FCMOV(cmove, "fcmove %%st(1), %%st")
FCMOV(cmovbe, "fcmovbe %%st(1), %%st") FCMOV(cmovu, "fcmovu %%st(1), %%st")
FCMOV(cmovnb, "fcmovnb %%st(1), %%st") FCMOV(cmovne, "fcmovne %%st(1), %%st")
FCMOV(cmovnbe, "fcmovnbe %%st(1), %%st") FCMOV(cmovnu, "fcmovnu %%st(1), %%st")

static void fcmov_all(void)
{
    static uint16_t (*const fns[8])(uint32_t) = { cmovb, cmove, cmovbe, cmovu, cmovnb, cmovne, cmovnbe, cmovnu };
    for (unsigned f = 0; f < 8; f++) {
        /* AH image for sahf: CF bit 0, PF bit 2, ZF bit 6 */
        uint32_t ah = ((f & 1) ? 0x01 : 0) | ((f & 2) ? 0x04 : 0) | ((f & 4) ? 0x40 : 0);
        printf("fcmov flags=%x:", f);
        for (int k = 0; k < 8; k++)
            printf(" %04x", fns[k](ah << 8));
        printf("\n");
    }
}

/* fcomi into a branch, as compilers use it */
static int less(long double a, long double b) { return a < b; }

int main(void)
{
    for (unsigned k = 0; k < sizeof(cmps) / sizeof(cmps[0]); k++)
        for (unsigned i = 0; i < NVALS; i++)
            for (unsigned j = 0; j < NVALS; j++) {
                Res r;
                cmps[k].fn(&vals[i], &vals[j], &r);
                show(cmps[k].name, i, j, &r);
            }
    memory_forms();
    fcmov_all();
    printf("less %d %d %d\n", less(1.0L, 2.0L), less(2.0L, 1.0L), less(__builtin_nanl(""), 1.0L));
    return 0;
}

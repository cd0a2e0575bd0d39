/* test_x87_helper.c — the x87 helpers against the host CPU: each case
 * runs an instruction natively (fninit, fldcw, load ST(1) and ST(0), the
 * instruction, fnsave) and the same instruction as the translator calls
 * the helpers (fnsave by helper_x87_fnsave), then compares the control,
 * status and tag words, the registers and any stored value, under several
 * control words and over edge values.  The helpers work on env's image of
 * the x87 state, as with an unmasked exception (x87_host.h); where a
 * control word masking all has moved it to the host's x87, the cases take
 * it back (x87_state_to_env) before the next such helper. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "target/x86/fpu_helper.h"
#include "target/x86/x87_host.h"
#include "exec/exec.h"

typedef struct { uint64_t m; uint16_t e; } __attribute__((packed, aligned(16))) X80;
typedef struct { uint8_t b[108]; } Img;
/* what an instruction stores to memory (up to an environment image) */
typedef struct { uint8_t b[32]; } __attribute__((aligned(16))) Out;

static const X80 vals[] = {
    { 0, 0 }, { 0, 0x8000 }, { 1ull << 63, 0x3fff }, { 0xC000000000000000ull, 0xbfff },
    { 0xAAAAAAAAAAAAAAABull, 0x3ffd }, { 0xC90FDAA22168C235ull, 0x4000 }, { ~0ull, 0x7ffe },
    { 1ull << 63, 0x0001 }, { 1, 0 }, { 1ull << 63, 0x7fff }, { 1ull << 63, 0xffff },
    { 0xC000000000000001ull, 0x7fff }, { 0xA000000000000000ull, 0x7fff }, { 0xC000000000000000ull, 0xffff },
    { 0xFFFFFFFFFFFFF801ull, 0x403e }, { 1ull << 63, 0x403e }, { 0x4000000000000000ull, 0x3fff },
    { 0xC000000000000001ull, 0xffff }, { 0xA000000000000000ull, 0xffff }, /* NaNs differing in sign only */
};
#define NVALS (sizeof(vals) / sizeof(vals[0]))

/* memory operands, read as m16/m32/m64 by the instruction */
static const uint64_t mems[] = {
    0, 0x8000000000000000ull, 0x3ff0000000000000ull, 0x3f800000, 0x00000001, 0x7f800000, 0x7fa00000,
    0x7ff0000000000001ull, 0xffff, 0x7fff, 0x80000000, 0x0000000000000008ull, 0x7fefffffffffffffull,
};
#define NMEMS (sizeof(mems) / sizeof(mems[0]))

static uint16_t cw = 0x037f;
static CPUX86State env;

static void put(Out *o, uint64_t v)
{
    memcpy(o->b, &v, 8);
}

static void emu_start(const X80 *a, const X80 *b)
{
    memset(&env, 0, sizeof(env));
    x86_fpu_reset(&env);
    helper_x87_fldcw(&env, cw);
    x87_state_to_env(&env);
    helper_x87_fld_f80(&env, b->m, b->e);
    helper_x87_fld_f80(&env, a->m, a->e);
}

typedef void (*CaseFn)(const X80 *a, const X80 *b, uint64_t m, Img *o, Out *st);

#define CASE(name, insn, body)                                                                   \
    static void nat_##name(const X80 *a, const X80 *b, uint64_t m, Img *o, Out *st)        \
    {                                                                                            \
        __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[b]\n\tfldt %[a]\n\t" insn "\n\t"         \
                         "fnsave %[o]\n\tfninit"                                                 \
                         : [o] "=m"(*o), [s] "+m"(*st)                                           \
                         : [a] "m"(*a), [b] "m"(*b), [m] "m"(m), [cw] "m"(cw)             \
                         : "rax", "rdx", "cc", "memory");                                        \
    }                                                                                            \
    static void emu_##name(const X80 *a, const X80 *b, uint64_t m, Img *o, Out *st)        \
    {                                                                                            \
        (void)m, (void)st;                                                                       \
        emu_start(a, b);                                                                         \
        body;                                                                                    \
        helper_x87_fnsave(&env, (uintptr_t)o, 0);                                                \
    }

#define E (&env)
/* register forms: the D8 and DC encodings of each operation */
CASE(fadd, ".byte 0xd8, 0xc1", helper_x87_arith_rr(E, X87_ADD, 0, 1))
CASE(fmul, ".byte 0xd8, 0xc9", helper_x87_arith_rr(E, X87_MUL, 0, 1))
CASE(fsub, ".byte 0xd8, 0xe1", helper_x87_arith_rr(E, X87_SUB, 0, 1))
CASE(fsubr, ".byte 0xd8, 0xe9", helper_x87_arith_rr(E, X87_SUBR, 0, 1))
CASE(fdiv, ".byte 0xd8, 0xf1", helper_x87_arith_rr(E, X87_DIV, 0, 1))
CASE(fdivr, ".byte 0xd8, 0xf9", helper_x87_arith_rr(E, X87_DIVR, 0, 1))
CASE(dc_e1, ".byte 0xdc, 0xe1", helper_x87_arith_rr(E, X87_SUBR, 1, 0))
CASE(dc_e9, ".byte 0xdc, 0xe9", helper_x87_arith_rr(E, X87_SUB, 1, 0))
CASE(dc_f1, ".byte 0xdc, 0xf1", helper_x87_arith_rr(E, X87_DIVR, 1, 0))
CASE(dc_f9, ".byte 0xdc, 0xf9", helper_x87_arith_rr(E, X87_DIV, 1, 0))
CASE(faddp_st2, ".byte 0xde, 0xc2", helper_x87_arith_rr(E, X87_ADD, 2, 0); helper_x87_pop(E))
CASE(fcom, ".byte 0xd8, 0xd1", helper_x87_fcom_rr(E, 1, 0))
CASE(fucompp, ".byte 0xda, 0xe9", helper_x87_fcom_rr(E, 1, 1); helper_x87_pop(E); helper_x87_pop(E))
CASE(fcom_st3, ".byte 0xd8, 0xd3", helper_x87_fcom_rr(E, 3, 0))
#define LAHF_OUT "\n\tlahf\n\tmovzbl %%ah, %%eax\n\tandl $0x45, %%eax\n\tmovq %%rax, %[s]"
CASE(fcomi, "fcomi %%st(1), %%st" LAHF_OUT, put(st, helper_x87_fcomi(E, 1, 0)))
CASE(fucomip, "fucomip %%st(1), %%st" LAHF_OUT, put(st, helper_x87_fcomi(E, 1, 1)); helper_x87_pop(E))
CASE(fcomi_st4, "fcomi %%st(4), %%st" LAHF_OUT, put(st, helper_x87_fcomi(E, 4, 0)))
/* one- and two-operand instructions */
CASE(fsqrt, "fsqrt", helper_x87_unary(E, X87_FSQRT))
CASE(fsin, "fsin", helper_x87_unary(E, X87_FSIN))
CASE(fcos, "fcos", helper_x87_unary(E, X87_FCOS))
CASE(f2xm1, "f2xm1", helper_x87_unary(E, X87_F2XM1))
CASE(frndint, "frndint", helper_x87_unary(E, X87_FRNDINT))
CASE(fchs, "fchs", helper_x87_unary(E, X87_FCHS))
CASE(fabs, "fabs", helper_x87_unary(E, X87_FABS))
CASE(ftst, "ftst", helper_x87_unary(E, X87_FTST))
CASE(fxam, "fxam", helper_x87_unary(E, X87_FXAM))
CASE(fxam_empty, "ffree %%st(0)\n\tfxam", helper_x87_ffree(E, 0); helper_x87_unary(E, X87_FXAM))
CASE(fscale, "fscale", helper_x87_binary(E, X87_FSCALE))
CASE(fprem, "fprem", helper_x87_binary(E, X87_FPREM))
CASE(fprem1, "fprem1", helper_x87_binary(E, X87_FPREM1))
CASE(fpatan, "fpatan", helper_x87_binary(E, X87_FPATAN))
CASE(fyl2x, "fyl2x", helper_x87_binary(E, X87_FYL2X))
CASE(fyl2xp1, "fyl2xp1", helper_x87_binary(E, X87_FYL2XP1))
CASE(fptan, "fptan", helper_x87_split(E, X87_FPTAN))
CASE(fsincos, "fsincos", helper_x87_split(E, X87_FSINCOS))
CASE(fxtract, "fxtract", helper_x87_split(E, X87_FXTRACT))
CASE(fxch3, "fxch %%st(3)", helper_x87_fxch(E, 3))
CASE(fld_st1, "fld %%st(1)", helper_x87_fld_sti(E, 1))
CASE(fst_st5, "fst %%st(5)", helper_x87_fst_sti(E, 5))
CASE(fstp_st1, "fstp %%st(1)", helper_x87_fst_sti(E, 1); helper_x87_pop(E))
CASE(fincstp, "fincstp\n\tfadd %%st(1), %%st", helper_x87_fincstp(E); helper_x87_arith_rr(E, X87_ADD, 0, 1))
CASE(fldpi, "fldpi", helper_x87_fld_const(E, X87_C_PI))
CASE(fldl2e, "fldl2e", helper_x87_fld_const(E, X87_C_L2E))
CASE(overflow, "fld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfldz",
     for (int i = 0; i < 6; i++) helper_x87_fld_const(E, X87_C_ONE); helper_x87_fld_const(E, X87_C_ZERO))
CASE(fcmov, "fcmovb %%st(1), %%st", helper_x87_fcmov(E, 1, 0))
/* C1 = 1 from an inexact division first, then instructions that may keep it */
CASE(c1_fcomi, ".byte 0xdc, 0xf9\n\tfcomi %%st(1), %%st",
     helper_x87_arith_rr(E, X87_DIV, 1, 0); helper_x87_fcomi(E, 1, 0))
CASE(c1_ffree, ".byte 0xdc, 0xf9\n\tffree %%st(3)", helper_x87_arith_rr(E, X87_DIV, 1, 0); helper_x87_ffree(E, 3))
/* memory forms */
CASE(fadds, "fadds %[m]", helper_x87_arith_mem(E, X87_ADD, X87_M_F32, m))
CASE(fsubrl, "fsubrl %[m]", helper_x87_arith_mem(E, X87_SUBR, X87_M_F64, m))
CASE(fdivl, "fdivl %[m]", helper_x87_arith_mem(E, X87_DIV, X87_M_F64, m))
CASE(fidivrs, "fidivrs %[m]", helper_x87_arith_mem(E, X87_DIVR, X87_M_I16, (uint64_t)(int64_t)(int16_t)m))
CASE(fimull, "fimull %[m]", helper_x87_arith_mem(E, X87_MUL, X87_M_I32, (uint64_t)(int64_t)(int32_t)m))
CASE(fcoms, "fcoms %[m]", helper_x87_fcom_mem(E, X87_M_F32, m))
CASE(ficompl, "ficompl %[m]", helper_x87_fcom_mem(E, X87_M_I32, (uint64_t)(int64_t)(int32_t)m); helper_x87_pop(E))
CASE(flds, "flds %[m]", helper_x87_fld_mem(E, X87_M_F32, (uint32_t)m))
CASE(fldl, "fldl %[m]", helper_x87_fld_mem(E, X87_M_F64, m))
CASE(filds, "filds %[m]", helper_x87_fld_mem(E, X87_M_I16, (uint64_t)(int64_t)(int16_t)m))
CASE(fildll, "fildll %[m]", helper_x87_fld_mem(E, X87_M_I64, m))
/* stores: the value written goes to *st */
CASE(fstps, "fstps %[s]", put(st, helper_x87_fst_mem(E, X87_M_F32, 0)); helper_x87_pop(E))
CASE(fstl, "fstl %[s]", put(st, helper_x87_fst_mem(E, X87_M_F64, 0)))
CASE(fistps, "fistps %[s]", put(st, helper_x87_fst_mem(E, X87_M_I16, 0)); helper_x87_pop(E))
CASE(fistl, "fistl %[s]", put(st, helper_x87_fst_mem(E, X87_M_I32, 0)))
CASE(fistpll, "fistpll %[s]", put(st, helper_x87_fst_mem(E, X87_M_I64, 0)); helper_x87_pop(E))
CASE(fisttpl, "fisttpl %[s]", put(st, helper_x87_fst_mem(E, X87_M_T32, 0)); helper_x87_pop(E))
CASE(fbstp, "fbstp %[s]\n\tffree %%st(7)",
     { helper_x87_fbst(E, 0, 0); memcpy(st, &env.ft0, 10); helper_x87_pop(E); helper_x87_ffree(E, 7); })
CASE(fbld, "fbstp %[s]\n\tfbld %[s]",
     { helper_x87_fbst(E, 0, 0); helper_x87_pop(E); memcpy(st, &env.ft0, 10); helper_x87_fbld(E, env.ft0.x.mant, env.ft0.x.exp); })
CASE(fstp_empty, "ffree %%st(0)\n\tfstpl %[s]", helper_x87_ffree(E, 0); put(st, helper_x87_fst_mem(E, X87_M_F64, 0)); helper_x87_pop(E))
/* environment images */
CASE(fnstenv, "fnstenv %[s]\n\tfsqrt", { uint8_t img[28]; helper_x87_fnstenv(E, (uintptr_t)img, 0);
     x87_state_to_env(E); memcpy(st, img, 12); helper_x87_unary(E, X87_FSQRT); })
CASE(fldenv, "fnstenv %[s]\n\tfld1\n\tfldenv %[s]", { uint8_t img[28]; helper_x87_fnstenv(E, (uintptr_t)img, 0);
     x87_state_to_env(E); helper_x87_fld_const(E, X87_C_ONE); helper_x87_fldenv(E, (uintptr_t)img, 0); memcpy(st, img, 12); })
#undef E

static const struct { const char *name; CaseFn nat, emu; int mem, out_bytes; } cases[] = {
#define C(n, mem) { #n, nat_##n, emu_##n, mem, 16 }
    C(fadd, 0), C(fmul, 0), C(fsub, 0), C(fsubr, 0), C(fdiv, 0), C(fdivr, 0), C(dc_e1, 0), C(dc_e9, 0),
    C(dc_f1, 0), C(dc_f9, 0), C(faddp_st2, 0), C(fcom, 0), C(fucompp, 0), C(fcom_st3, 0), C(fcomi, 0),
    C(fucomip, 0), C(fcomi_st4, 0), C(fsqrt, 0), C(fsin, 0), C(fcos, 0), C(f2xm1, 0), C(frndint, 0), C(fchs, 0), C(fabs, 0),
    C(ftst, 0), C(fxam, 0), C(fxam_empty, 0), C(fscale, 0), C(fprem, 0), C(fprem1, 0), C(fpatan, 0),
    C(fyl2x, 0), C(fyl2xp1, 0), C(fptan, 0), C(fsincos, 0), C(fxtract, 0), C(fxch3, 0), C(fld_st1, 0),
    C(fst_st5, 0), C(fstp_st1, 0), C(fincstp, 0), C(fldpi, 0), C(fldl2e, 0), C(overflow, 0), C(fcmov, 0), C(c1_fcomi, 0), C(c1_ffree, 0),
    C(fadds, 1), C(fsubrl, 1), C(fdivl, 1), C(fidivrs, 1), C(fimull, 1), C(fcoms, 1), C(ficompl, 1),
    C(flds, 1), C(fldl, 1), C(filds, 1), C(fildll, 1), C(fstps, 0), C(fstl, 0), C(fistps, 0), C(fistl, 0),
    C(fistpll, 0), C(fisttpl, 0), C(fbstp, 0), C(fbld, 0), C(fstp_empty, 0), { "fnstenv", nat_fnstenv, emu_fnstenv, 0, 12 }, { "fldenv", nat_fldenv, emu_fldenv, 0, 12 },
#undef C
};

/* compare what fnsave shows: control, status and tag words, registers */
static int differ(const Img *x, const Img *y, const Out *sx, const Out *sy, int out_bytes)
{
    static const int words[] = { 0, 4, 8 };
    for (int i = 0; i < 3; i++)
        if (memcmp(x->b + words[i], y->b + words[i], 2))
            return 1;
    /* empty registers keep stale bits on the hardware: compare the others */
    uint16_t sw, tw;
    memcpy(&sw, x->b + 4, 2);
    memcpy(&tw, x->b + 8, 2);
    for (int i = 0; i < 8; i++) {
        int p = ((sw >> 11) + i) & 7;
        if (((tw >> (2 * p)) & 3) != 3 && memcmp(x->b + 28 + 10 * i, y->b + 28 + 10 * i, 10))
            return 1;
    }
    return memcmp(sx->b, sy->b, (size_t)out_bytes);
}

static void report(const char *name, const Img *n, const Img *e, const Out *sn, const Out *se, unsigned i, unsigned j)
{
    uint16_t w[6];
    memcpy(&w[0], n->b + 4, 2), memcpy(&w[1], e->b + 4, 2);
    memcpy(&w[2], n->b + 8, 2), memcpy(&w[3], e->b + 8, 2);
    printf("FAIL %s cw=%04x a=%u b/m=%u: sw %04x/%04x tw %04x/%04x stored %016llx/%016llx", name, cw, i, j,
           w[0], w[1], w[2], w[3], *(const unsigned long long *)sn->b,
           *(const unsigned long long *)se->b);
    for (int r = 0; r < 2; r++) {
        X80 x, y;
        memcpy(&x, n->b + 28 + 10 * r, 10), memcpy(&y, e->b + 28 + 10 * r, 10);
        printf(" st%d %04x:%016llx/%04x:%016llx", r, x.e, (unsigned long long)x.m, y.e, (unsigned long long)y.m);
    }
    printf("\n");
}

static unsigned run_case(unsigned k)
{
    unsigned bad = 0, count = cases[k].mem ? NMEMS : NVALS;
    for (unsigned i = 0; i < NVALS; i++)
        for (unsigned j = 0; j < count; j++) {
            Img n, e;
            Out sn, se;
            memset(&sn, 0, sizeof(sn));
            memset(&se, 0, sizeof(se));
            const X80 *b = cases[k].mem ? &vals[2] : &vals[j];
            uint64_t m = cases[k].mem ? mems[j] : 0;
            cases[k].nat(&vals[i], b, m, &n, &sn);
            cases[k].emu(&vals[i], b, m, &e, &se);
            if (differ(&n, &e, &sn, &se, cases[k].out_bytes) && bad++ < 3)
                report(cases[k].name, &n, &e, &sn, &se, i, j);
        }
    return bad;
}

int main(void)
{
    static const uint16_t cws[] = { 0x037f, 0x007f, 0x027f, 0x0f7f, 0x077f };
    int failures = 0;
    for (unsigned k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        unsigned bad = 0;
        for (unsigned c = 0; c < sizeof(cws) / sizeof(cws[0]); c++) {
            cw = cws[c];
            bad += run_case(k);
        }
        if (bad) {
            failures++;
            printf("FAIL %s: %u mismatches with the host\n", cases[k].name, bad);
        } else {
            printf("ok %s\n", cases[k].name);
        }
    }
    return failures != 0;
}

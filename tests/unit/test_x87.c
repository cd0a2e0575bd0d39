/* test_x87.c — the x87 translator and helpers against the host CPU.
 *
 * Each case is one x87 instruction, assembled by the host assembler.  It
 * runs natively (a harness loads the x87 state with frstor, a few GPRs and
 * EFLAGS, calls the instruction, and saves them back with fnsave) and
 * through tern (x86_translate_block limited to one instruction, then the
 * IR reference interpreter), from the same random starting state: a random
 * stack depth and TOP, edge values in the registers, random precision and
 * rounding control, sometimes some of invalid-operation, denormal,
 * zero-divide, overflow and underflow unmasked, random condition codes
 * and masked exception flags.
 * Control, status and tag words, the non-empty registers, AX, EFLAGS and
 * the scratch memory must be identical. */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "exec/exec.h"
#include "target/x86/fpu_helper.h"
#include "target/x86/translate.h"
#include "user/user.h"
#include "x87_test.h"

/* ---- the cases: rsi points at 128 bytes of scratch memory ---- */
#define SNIPPETS(X)                                                                              \
    X(fadd_st2, "fadd %st(2), %st") X(fmul_to_st2, ".byte 0xdc, 0xca")                          \
    X(fsub_st1, "fsub %st(1), %st") X(fsubr_st3, "fsubr %st(3), %st")                           \
    X(dc_e2, ".byte 0xdc, 0xe2") X(dc_ea, ".byte 0xdc, 0xea") X(dc_f1, ".byte 0xdc, 0xf1")      \
    X(dc_f9, ".byte 0xdc, 0xf9") X(fdiv_st1, "fdiv %st(1), %st") X(fdivr_st1, "fdivr %st(1), %st") \
    X(faddp, ".byte 0xde, 0xc1") X(fmulp, ".byte 0xde, 0xca") X(fsubrp, ".byte 0xde, 0xe1")      \
    X(fsubp, ".byte 0xde, 0xe9") X(fdivrp, ".byte 0xde, 0xf1") X(fdivp, ".byte 0xde, 0xfa")      \
    X(fadds, "fadds 4(%rsi)") X(fmull, "fmull 8(%rsi)") X(fsubs, "fsubs 12(%rsi)")              \
    X(fsubrl, "fsubrl 16(%rsi)") X(fdivs, "fdivs 20(%rsi)") X(fdivrl, "fdivrl 24(%rsi)")         \
    X(fiadds, "fiadds 2(%rsi)") X(fimull, "fimull 4(%rsi)") X(fisubs, "fisubs 6(%rsi)")          \
    X(fisubrl, "fisubrl 8(%rsi)") X(fidivs, "fidivs 10(%rsi)") X(fidivrl, "fidivrl 12(%rsi)")     \
    X(fcom, "fcom %st(1)") X(fcomp, "fcomp %st(2)") X(fcompp, "fcompp") X(fucom, "fucom %st(1)")  \
    X(fucomp, "fucomp %st(3)") X(fucompp, "fucompp") X(fcom2, ".byte 0xdc, 0xd1")              \
    X(fcomp3, ".byte 0xdc, 0xda") X(fcomp5, ".byte 0xde, 0xd1") X(fcoms, "fcoms 4(%rsi)")        \
    X(fcompl, "fcompl 8(%rsi)") X(ficoms, "ficoms 2(%rsi)") X(ficompl, "ficompl 4(%rsi)")        \
    X(fcomi, "fcomi %st(1), %st") X(fucomi, "fucomi %st(2), %st") X(fcomip, "fcomip %st(1), %st") \
    X(fucomip, "fucomip %st(3), %st") X(ftst, "ftst") X(fxam, "fxam")                          \
    X(fcmovb, "fcmovb %st(1), %st") X(fcmove, "fcmove %st(2), %st") X(fcmovbe, "fcmovbe %st(1), %st") \
    X(fcmovu, "fcmovu %st(1), %st") X(fcmovnb, "fcmovnb %st(1), %st") X(fcmovne, "fcmovne %st(3), %st") \
    X(fcmovnbe, "fcmovnbe %st(1), %st") X(fcmovnu, "fcmovnu %st(1), %st")                      \
    X(fld_st2, "fld %st(2)") X(fxch, "fxch %st(2)") X(fxch4, ".byte 0xdd, 0xc9")               \
    X(fxch7, ".byte 0xdf, 0xca") X(fst_st3, "fst %st(3)") X(fstp_st1, "fstp %st(1)")           \
    X(fstp_st0, "fstp %st(0)") X(fstp1, ".byte 0xd9, 0xda") X(fstp8, ".byte 0xdf, 0xd1")         \
    X(fstp9, ".byte 0xdf, 0xd9") X(ffree, "ffree %st(1)") X(ffreep, ".byte 0xdf, 0xc0")          \
    X(fincstp, "fincstp") X(fdecstp, "fdecstp") X(fnop, "fnop") X(feni, ".byte 0xdb, 0xe0")      \
    X(fnclex, "fnclex") X(fninit, "fninit")                                                    \
    X(flds, "flds 4(%rsi)") X(fldl, "fldl 8(%rsi)") X(fldt, "fldt 16(%rsi)")                     \
    X(filds, "filds 2(%rsi)") X(fildl, "fildl 4(%rsi)") X(fildll, "fildll 8(%rsi)")              \
    X(fbld, "fbld 16(%rsi)") X(fldt_sib, "fldt 16(%rsi,%rcx,2)") X(fldl_rip, "fldl 1f(%rip)")    \
    X(fsts, "fsts 32(%rsi)") X(fstps, "fstps 36(%rsi)") X(fstl, "fstl 40(%rsi)")                 \
    X(fstpl, "fstpl 40(%rsi)") X(fstpt, "fstpt 48(%rsi)") X(fists, "fists 30(%rsi)")             \
    X(fistps, "fistps 30(%rsi)") X(fistl, "fistl 32(%rsi)") X(fistpl, "fistpl 32(%rsi)")         \
    X(fistpll, "fistpll 40(%rsi)") X(fisttps, "fisttps 30(%rsi)") X(fisttpl, "fisttpl 32(%rsi)") \
    X(fisttpll, "fisttpll 40(%rsi)") X(fbstp, "fbstp 48(%rsi)")                                 \
    X(fchs, "fchs") X(fabs, "fabs") X(fld1, "fld1") X(fldl2t, "fldl2t") X(fldl2e, "fldl2e")      \
    X(fldpi, "fldpi") X(fldlg2, "fldlg2") X(fldln2, "fldln2") X(fldz, "fldz")                    \
    X(f2xm1, "f2xm1") X(fyl2x, "fyl2x") X(fptan, "fptan") X(fpatan, "fpatan")                    \
    X(fxtract, "fxtract") X(fprem1, "fprem1") X(fprem, "fprem") X(fyl2xp1, "fyl2xp1")            \
    X(fsqrt, "fsqrt") X(fsincos, "fsincos") X(frndint, "frndint") X(fscale, "fscale")            \
    X(fsin, "fsin") X(fcos, "fcos")                                                             \
    X(fnstcw, "fnstcw 30(%rsi)") X(fldcw, "fldcw 34(%rsi)") X(fnstsw_m, "fnstsw 30(%rsi)")       \
    X(fnstsw_ax, "fnstsw %ax") X(fnstenv, "fnstenv (%rsi)") X(fnstenv16, "data16 fnstenv (%rsi)") \
    X(fldenv, "fldenv 64(%rsi)") X(fnsave, "fnsave (%rsi)") X(frstor, "frstor 8(%rsi)")

#define SNIP(name, insn)                                                                        \
    __asm__(".pushsection .rodata\n.balign 64\nsnip_" #name ":\n" insn "\nret\n"                 \
            ".balign 16\n1:\n.quad 0x3ff8000000000000, 0xc0000000bf800000\nsnipend_" #name ":\n" \
            ".popsection\n");                                                                   \
    extern const uint8_t snip_##name[], snipend_##name[];
SNIPPETS(SNIP)

static const struct Case {
    const char *name;
    const uint8_t *start, *end;
} cases[] = {
#define CASE(name, insn) { #name, snip_##name, snipend_##name },
    SNIPPETS(CASE)
};

/* ---- tern's side ---- */
static uint8_t *code_area, *data_area;
static TCGContext *tcg;

static void emulated_run(X87State *st)
{
    static CPUState cpu;
    CPUX86State *env = x87_test_cpu(&cpu, tcg, st);
    env->df = 1;
    x87_test_run(&cpu, code_area, 1, st); /* one instruction */
}

/* ---- random states ---- */
static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t next_random(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return rng;
}

static void random_reg(uint8_t *p)
{
    uint64_t r = next_random();
    bool edge_case = r & 1;
    x87_random_value(p, r, edge_case ? 0 : next_random(), edge_case);
}

/* masked exception flags only: an unmasked pending one would trap natively */
static void random_state(X87State *st)
{
    memset(st, 0, sizeof(*st));
    unsigned top = next_random() & 7, depth = next_random() % 9;
    uint32_t cw = 0x037f & ~0x0f00u;
    cw |= (uint32_t)(next_random() & 0x0f00);
    if (!(next_random() & 3))
        cw &= ~(uint32_t)(next_random() & 0x1f); /* IE, DE, ZE, OE, UE */
    /* flags only where masked: a pending unmasked one would trap natively */
    uint32_t sw = (uint32_t)(next_random() & 0x4700) | (uint32_t)(next_random() & cw & 0x3f) | (top << 11);
    uint32_t tw = 0xffff;
    for (unsigned i = 0; i < depth; i++)
        tw &= ~(3u << (2 * ((top + i) & 7)));
    uint32_t words[7] = { 0xffff0000 | cw, 0xffff0000 | sw, 0xffff0000 | tw, 0, 0, 0, 0 };
    memcpy(st->img, words, 28);
    for (int i = 0; i < 8; i++)
        random_reg(st->img + 28 + 10 * i);
    st->gpr[0] = next_random();
    st->gpr[1] = next_random() & 7;
    st->gpr[2] = next_random();
    st->gpr[3] = (uintptr_t)data_area;
    for (int i = 0; i < 128; i += 16) {
        if (next_random() & 1) {
            random_reg(data_area + i);
            memset(data_area + i + 10, 0, 6);
        } else {
            uint64_t a = next_random(), b = next_random();
            memcpy(data_area + i, &a, 8);
            memcpy(data_area + i + 8, &b, 8);
        }
    }
    /* the control word fldcw loads keeps every exception masked */
    uint16_t cw_image = (uint16_t)(0x037f | (next_random() & 0x1f00));
    memcpy(data_area + 34, &cw_image, 2);
    /* fldenv at 64 and frstor at 8 read images with masked exceptions */
    uint32_t env_image[3] = { 0xffff037f, (uint32_t)(next_random() & 0x7f3f), (uint32_t)next_random() };
    memcpy(data_area + 64, env_image, 12);
    memcpy(data_area + 8, env_image, 12);
    st->flags = 0x202 | (next_random() & CC_ALL);
}

static int failures;

/* bytes of scratch memory that legitimately differ: the instruction and
 * data pointers and selectors of an environment image */
static bool pointer_field(const char *name, int i)
{
    if (!strcmp(name, "fnstenv") || !strcmp(name, "fnsave"))
        return i >= 12 && i < 28;
    if (!strcmp(name, "fnstenv16"))
        return i >= 6 && i < 14;
    return false;
}

static bool same(const char *name, const X87State *a, const X87State *b, const uint8_t *mem_a, const uint8_t *mem_b,
                 char *why, size_t n)
{
    if (!x87_same_image(a->img, b->img, false, why, n))
        return false;
    for (int i = 0; i < 4; i++)
        if (a->gpr[i] != b->gpr[i]) {
            snprintf(why, n, "gpr%d native %llx tern %llx", i, (unsigned long long)a->gpr[i],
                     (unsigned long long)b->gpr[i]);
            return false;
        }
    if ((a->flags & CC_ALL) != (b->flags & CC_ALL)) {
        snprintf(why, n, "flags native %llx tern %llx", (unsigned long long)(a->flags & CC_ALL),
                 (unsigned long long)(b->flags & CC_ALL));
        return false;
    }
    for (int i = 0; i < 128; i++)
        if (mem_a[i] != mem_b[i] && !pointer_field(name, i)) {
            snprintf(why, n, "memory byte %d native %02x tern %02x", i, mem_a[i], mem_b[i]);
            return false;
        }
    return true;
}

static void run_case(const struct Case *c)
{
    memcpy(code_area, c->start, (size_t)(c->end - c->start));
    for (int iter = 0; iter < 200; iter++) {
        X87State init, nat, emu;
        uint8_t mem_init[128], mem_nat[128];
        random_state(&init);
        memcpy(mem_init, data_area, 128);
        nat = init;
        nat.code = (uintptr_t)code_area;
        x87_native_run(&nat);
        memcpy(mem_nat, data_area, 128);
        memcpy(data_area, mem_init, 128);
        emu = init;
        emulated_run(&emu);
        char why[200];
        if (!same(c->name, &nat, &emu, mem_nat, data_area, why, sizeof(why))) {
            printf("FAIL %s: iteration %d: %s\n", c->name, iter, why);
            failures++;
            return;
        }
    }
    printf("ok %s\n", c->name);
}

int main(void)
{
    if (!x87_test_setup(&code_area, &data_area, 256, &tcg))
        return 1;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        run_case(&cases[i]);
    return failures != 0;
}

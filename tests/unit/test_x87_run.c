/* test_x87_run.c — sequences of x87 instructions in one block against
 * the host CPU.
 *
 * Each case is a random sequence of register forms (arithmetic, compares,
 * fcomi, fld/fst/fxch, constants, sometimes a load from memory first,
 * NOPs between), run natively (frstor, the sequence, fnsave, EFLAGS) and
 * translated as one block by tern, run by the IR interpreter (whose x87
 * ops run on the host's x87 holding the guest's state), from the same
 * random state: random TOP and tags (so sequences overflow and underflow
 * midway), edge and ordinary values, the default control word mostly and
 * sometimes another precision or rounding, every exception masked in
 * all of them.  Sometimes the sequence is split into two blocks run one
 * after the other.  Control, status and tag words, all eight registers
 * (a popped register keeps its contents) and ZF/PF/CF must be
 * identical. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "exec/exec.h"
#include "target/x86/fpu_helper.h"
#include "target/x86/translate.h"
#include "user/user.h"
#include "x87_test.h"

#define MAX_MEMBERS 14
#define ITERATIONS 20000

static uint8_t *code_area, *data_area;
static TCGContext *tcg;

static uint64_t rng = 0x2545f4914f6cdd1dull;
static uint64_t next_random(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return rng;
}

/* ---- random sequences ---- */

/* a register form a run may hold, with a random register */
static int random_member(uint8_t *p)
{
    static const uint8_t forms[][2] = {
        { 0xd9, 0xc0 }, { 0xd9, 0xc8 }, { 0xd8, 0xc0 }, { 0xd8, 0xc8 }, { 0xd8, 0xd0 }, { 0xd8, 0xd8 },
        { 0xd8, 0xe0 }, { 0xd8, 0xe8 }, { 0xd8, 0xf0 }, { 0xd8, 0xf8 }, { 0xdc, 0xc0 }, { 0xdc, 0xc8 },
        { 0xdc, 0xe0 }, { 0xdc, 0xe8 }, { 0xdc, 0xf0 }, { 0xdc, 0xf8 }, { 0xde, 0xc0 }, { 0xde, 0xc8 },
        { 0xde, 0xe0 }, { 0xde, 0xe8 }, { 0xde, 0xf0 }, { 0xde, 0xf8 }, { 0xdd, 0xd0 }, { 0xdd, 0xd8 },
        { 0xdd, 0xe0 }, { 0xdd, 0xe8 }, { 0xdb, 0xe8 }, { 0xdb, 0xf0 }, { 0xdf, 0xe8 }, { 0xdf, 0xf0 },
    };
    static const uint8_t fixed[][2] = {
        { 0xd9, 0xe0 }, { 0xd9, 0xe1 }, { 0xd9, 0xfa }, { 0xd9, 0xe8 }, { 0xd9, 0xee }, { 0xd9, 0xeb },
        { 0xde, 0xd9 }, { 0xda, 0xe9 },
    };
    uint64_t r = next_random();
    const size_t nforms = sizeof(forms) / sizeof(forms[0]), nfixed = sizeof(fixed) / sizeof(fixed[0]);
    if (r % 5 == 0) {
        memcpy(p, fixed[(r >> 8) % nfixed], 2);
    } else {
        memcpy(p, forms[(r >> 8) % nforms], 2);
        p[1] = (uint8_t)(p[1] + ((r >> 24) & 7));
    }
    return 2;
}

/* loads from (%rsi) that may start a run: fldt, flds, fldl, filds, fildl, fildll */
static int random_load(uint8_t *p)
{
    static const uint8_t loads[][2] = { { 0xdb, 0x2e }, { 0xd9, 0x06 }, { 0xdd, 0x06 },
                                        { 0xdf, 0x06 }, { 0xdb, 0x06 }, { 0xdf, 0x2e } };
    memcpy(p, loads[next_random() % 6], 2);
    return 2;
}

/* where each instruction of the sequence starts, then where it ends */
static int insn_offset[MAX_MEMBERS + 1];

/* the sequence (and a ret) at code_area; its instruction count */
static int random_sequence(void)
{
    int n = 1 + (int)(next_random() % MAX_MEMBERS), len = 0, insns = 0;
    uint8_t *p = code_area;
    if (next_random() % 3 == 0) {
        insn_offset[0] = 0;
        len += random_load(p);
        insns++;
    }
    while (insns < n) {
        insn_offset[insns] = len;
        uint64_t r = next_random();
        if (r % 9 == 0) { /* padding */
            static const uint8_t nop4[] = { 0x0f, 0x1f, 0x40, 0x00 };
            memcpy(p + len, nop4, 4);
            len += 4;
        } else {
            len += random_member(p + len);
        }
        insns++;
    }
    insn_offset[insns] = len;
    p[len] = 0xc3;
    return insns;
}

/* ---- random states ---- */

static void random_reg(uint8_t *p)
{
    uint64_t r = next_random();
    bool edge_case = r % 5 == 0;
    x87_random_value(p, r, edge_case ? 0 : next_random(), edge_case);
}

static void random_state(X87State *st)
{
    memset(st, 0, sizeof(*st));
    unsigned top = next_random() & 7;
    uint32_t cw = 0x037f;
    if (next_random() % 8 == 0)
        cw = (uint32_t)(0x007f | (next_random() & 0x0f00)); /* masked, other precision or rounding */
    uint32_t sw = (uint32_t)(next_random() & 0x473f) | (top << 11);
    uint32_t tw = 0;
    for (unsigned p = 0; p < 8; p++)
        if (next_random() % 3 == 0)
            tw |= 3u << (2 * p);
    uint32_t words[7] = { 0xffff0000 | cw, 0xffff0000 | sw, 0xffff0000 | tw, 0, 0, 0, 0 };
    memcpy(st->img, words, 28);
    for (int i = 0; i < 8; i++)
        random_reg(st->img + 28 + 10 * i);
    random_reg(data_area);
    st->gpr[3] = (uintptr_t)data_area; /* rsi */
    st->flags = 0x202 | (next_random() & CC_ALL);
}

/* half the time, where to split a sequence of insns into two blocks */
static int random_split(int insns)
{
    if (insns < 2 || next_random() % 2)
        return 0;
    return 1 + (int)(next_random() % (uint64_t)(insns - 1));
}

/* as one block, or split into two at instruction split (0: not) */
static void emulated_run(X87State *st, int insns, int split)
{
    static CPUState cpu;
    x87_test_cpu(&cpu, tcg, st);
    if (split) {
        x87_test_block(&cpu, code_area, split);
        x87_test_block(&cpu, code_area + insn_offset[split], insns - split);
    } else {
        x87_test_block(&cpu, code_area, insns);
    }
    x87_test_finish(&cpu, st);
}

/* control, status and tag words, every register, the flags */
static bool same(const X87State *a, const X87State *b, char *why, size_t n)
{
    if (!x87_same_image(a->img, b->img, true, why, n))
        return false;
    if ((a->flags & CC_ALL) != (b->flags & CC_ALL)) {
        snprintf(why, n, "flags native %llx tern %llx", (unsigned long long)(a->flags & CC_ALL),
                 (unsigned long long)(b->flags & CC_ALL));
        return false;
    }
    return true;
}

/* the code up to the ret (a c3 byte may also be part of an instruction) */
static void report(int iter, int insns, const char *why)
{
    printf("FAIL x87 runs: iteration %d: %s; code:", iter, why);
    for (int i = 0; i < insn_offset[insns]; i++)
        printf(" %02x", code_area[i]);
    printf("\n");
}

int main(void)
{
    if (!x87_test_setup(&code_area, &data_area, 64, &tcg))
        return 1;
    int failures = 0;
    for (int iter = 0; iter < ITERATIONS && failures < 5; iter++) {
        int insns = random_sequence();
        X87State init, nat, emu;
        random_state(&init);
        nat = init;
        nat.code = (uintptr_t)code_area;
        x87_native_run(&nat);
        emu = init;
        emulated_run(&emu, insns, random_split(insns));
        char why[200];
        if (!same(&nat, &emu, why, sizeof(why))) {
            report(iter, insns, why);
            failures++;
        }
    }
    if (!failures)
        printf("ok x87 runs: %d random sequences\n", ITERATIONS);
    return failures != 0;
}

/* test_ir_random.c — random IR programs run three ways that must agree:
 *   (a) the reference interpreter on the IR as built,
 *   (b) the interpreter after tcg_optimize and tcg_liveness,
 *   (c) the JIT: tcg_gen_code into an RWX buffer, entered through the
 *       prologue's tb_exec, with and without the optimizer (the backend
 *       must compile any valid IR, not only what the optimizer leaves).
 * The programs work on a fake env (I64 and I32 globals plus plain fields
 * reached with ld/st), a host buffer reached with qemu_ld/st and atomics
 * (guest_base = 0), and a few C helpers.  They use every arithmetic,
 * width, bit-field, count and condition op with edge constants, EBB and TB
 * temps, forward branches, counted loops, early exits and side exits
 * (brcond_exit: the JIT stores the globals on the exit's path only).
 * Programs are generated so that
 * they are always defined: divisors are never 0 nor -1 for signed ops,
 * double-word divisions have quotients that fit, every temp is written
 * before it is read on every path.
 *
 * Usage: test_ir_random [-n PROGRAMS] [-s SEED]   (default: 3000 programs, seed 1)
 * On a mismatch the program and the differing values are printed; the run
 * goes on to count the failures. */
#include "tcg/tcg.h"

#include <inttypes.h>
#include <setjmp.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define NG64 4
#define NG32 4
#define NFIELDS 4
#define NSINKS 24
#define NTB 6     /* TB temps per type */
#define NEBB 8    /* EBB temps per type */
#define BUF_SIZE 264

typedef struct RandEnv {
    uint64_t g64[NG64];
    uint32_t g32[NG32];
    uint64_t fields[NFIELDS]; /* reached with ld/st, never a global */
    uint64_t sinks[NSINKS];   /* final values of temps */
} RandEnv;

static uint8_t guest_buf[BUF_SIZE];

/* ---- random numbers (xorshift64*) ---- */

static uint64_t rng_state;
static uint64_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dull;
}
static unsigned rnd_below(unsigned n) { return (unsigned)(rnd() % n); }
static bool chance(unsigned percent) { return rnd_below(100) < percent; }

static const uint64_t edge_values[] = {
    0, 1, 2, 3, 7, 8, 31, 32, 63, 64, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff,
    0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull, 0x7fffffffffffffffull,
    0x8000000000000000ull, 0xffffffffffffffffull, 0xfffffffffffffffeull, 0xffffffff80000000ull,
};

static uint64_t rnd_value(void)
{
    switch (rnd_below(4)) {
    case 0: return edge_values[rnd_below(sizeof(edge_values) / sizeof(edge_values[0]))];
    case 1: return rnd() >> rnd_below(64);
    case 2: return -(uint64_t)rnd_below(300);
    default: return rnd();
    }
}

/* ---- helpers the programs call ---- */

static uint64_t helper_mix(uint64_t a, uint64_t b) { return (a * 0x9e3779b97f4a7c15ull) ^ (b >> 7) ^ (b << 13); }
static uint32_t helper_mix32(uint32_t a, uint32_t b) { return (a ^ 0x5bd1e995u) * (b | 1u) + (a >> 3); }
static uint64_t helper_six(uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e, uint64_t f)
{
    return a + 3 * b - 5 * c + (d ^ e) + (f << 1);
}
/* writes globals: the JIT must sync them before and reload them after */
static void helper_write_globals(RandEnv *env, uint64_t v)
{
    env->g64[1] = v ^ env->g64[0];
    env->g32[2] += (uint32_t)v;
}
/* reads globals only */
static uint64_t helper_read_globals(RandEnv *env) { return env->g64[2] * 3 + env->g32[1] + env->g64[3]; }
/* writes a plain field: no global touched, yet env memory changes */
static void helper_write_field(RandEnv *env, uint64_t v) { env->fields[1] = v * 5; }

/* ---- the generator ---- */

typedef struct Gen {
    TCGContext *s;
    TCGv g[2][NG64];           /* [type][i] */
    TCGv tb[2][NTB];
    TCGv ebb[2][NEBB];
    bool ebb_live[2][NEBB];    /* written since the last label */
    int pending[8];            /* labels branched to but not yet set */
    int nb_pending;
    int loop_base;             /* pending[loop_base..] were made inside the current loop */
    bool in_loop;
    TCGv loop_count;           /* TB temp counting loop iterations, nothing else writes it */
    TCGv env_ptr;              /* TB temp: env + offsetof(fields), never overwritten */
    int nb_side_exits;
} Gen;

static TCGType rnd_type(void) { return chance(50) ? TCG_TYPE_I64 : TCG_TYPE_I32; }

static TCGv rnd_const(Gen *g, TCGType type) { return tcg_constant(g->s, type, rnd_value()); }

/* An operand: something defined on every path to here. */
static TCGv rnd_src(Gen *g, TCGType type)
{
    for (;;) {
        unsigned k = rnd_below(10);
        if (k < 2)
            return rnd_const(g, type);
        if (k < 4)
            return g->g[type][rnd_below(NG64)];
        if (k < 6)
            return g->tb[type][rnd_below(NTB)];
        unsigned e = rnd_below(NEBB);
        if (g->ebb_live[type][e])
            return g->ebb[type][e];
    }
}

static TCGv rnd_dst(Gen *g, TCGType type)
{
    unsigned k = rnd_below(10);
    if (k < 2)
        return g->g[type][rnd_below(NG64)];
    if (k < 4)
        return g->tb[type][rnd_below(NTB)];
    unsigned e = rnd_below(NEBB);
    g->ebb_live[type][e] = true;
    return g->ebb[type][e];
}

static TCGv rnd_dst_except(Gen *g, TCGType type, TCGv other)
{
    TCGv d;
    do
        d = rnd_dst(g, type);
    while (d == other);
    return d;
}

static TCGCond rnd_cond(void)
{
    if (chance(5))
        return chance(50) ? TCG_COND_NEVER : TCG_COND_ALWAYS;
    return (TCGCond)(TCG_COND_EQ + rnd_below(TCG_COND_TSTNE - TCG_COND_EQ + 1));
}

static int type_width(TCGType type) { return type == TCG_TYPE_I32 ? 32 : 64; }

static void gen_binary(Gen *g)
{
    static const TCGOpcode ops[] = { INDEX_op_add, INDEX_op_sub, INDEX_op_mul, INDEX_op_and, INDEX_op_or,
                                     INDEX_op_xor, INDEX_op_andc, INDEX_op_shl, INDEX_op_shr, INDEX_op_sar,
                                     INDEX_op_rotl, INDEX_op_rotr };
    TCGType type = rnd_type();
    TCGOpcode opc = ops[rnd_below(sizeof(ops) / sizeof(ops[0]))];
    TCGv a = rnd_src(g, type);
    TCGv b = chance(15) ? a : rnd_src(g, type);
    if (opc >= INDEX_op_shl && opc <= INDEX_op_rotr && chance(50))
        b = tcg_constant(g->s, type, rnd_below(type_width(type) + 8));
    tcg_gen_op3(g->s, opc, rnd_dst(g, type), a, b);
}

static void gen_unary(Gen *g)
{
    static const TCGOpcode ops[] = { INDEX_op_mov, INDEX_op_neg, INDEX_op_not, INDEX_op_ctpop,
                                     INDEX_op_bswap16, INDEX_op_bswap32, INDEX_op_ext8s, INDEX_op_ext8u,
                                     INDEX_op_ext16s, INDEX_op_ext16u };
    TCGType type = rnd_type();
    unsigned k = rnd_below(sizeof(ops) / sizeof(ops[0]) + 4);
    if (k < sizeof(ops) / sizeof(ops[0])) {
        TCGv a = rnd_src(g, type);
        tcg_gen_op2(g->s, ops[k], rnd_dst(g, type), a);
        return;
    }
    switch (k - sizeof(ops) / sizeof(ops[0])) {
    case 0: {
        TCGv a = rnd_src(g, TCG_TYPE_I64);
        static const TCGOpcode ops64[] = { INDEX_op_bswap64, INDEX_op_ext32s, INDEX_op_ext32u };
        tcg_gen_op2(g->s, ops64[rnd_below(3)], rnd_dst(g, TCG_TYPE_I64), a);
        break;
    }
    case 1: {
        TCGv a = rnd_src(g, TCG_TYPE_I32);
        if (chance(50))
            tcg_gen_extu_i32_i64(g->s, rnd_dst(g, TCG_TYPE_I64), a);
        else
            tcg_gen_exts_i32_i64(g->s, rnd_dst(g, TCG_TYPE_I64), a);
        break;
    }
    case 2: {
        TCGv a = rnd_src(g, TCG_TYPE_I64);
        if (chance(50))
            tcg_gen_extrl_i64_i32(g->s, rnd_dst(g, TCG_TYPE_I32), a);
        else
            tcg_gen_extrh_i64_i32(g->s, rnd_dst(g, TCG_TYPE_I32), a);
        break;
    }
    default:
        tcg_gen_movi(g->s, rnd_dst(g, type), rnd_value());
        break;
    }
}

/* A divisor that is never 0 and never -1: bit 0 set, bit 1 clear. */
static TCGv safe_divisor(Gen *g, TCGType type)
{
    TCGv x = rnd_src(g, type);
    TCGv d = rnd_dst(g, type);
    tcg_gen_andi(g->s, d, x, ~(uint64_t)2);
    tcg_gen_ori(g->s, d, d, 1);
    return d;
}

static void gen_division(Gen *g)
{
    static const TCGOpcode ops[] = { INDEX_op_div, INDEX_op_divu, INDEX_op_rem, INDEX_op_remu };
    TCGType type = rnd_type();
    TCGv d = safe_divisor(g, type);
    TCGv a = rnd_src(g, type);
    tcg_gen_op3(g->s, ops[rnd_below(4)], rnd_dst(g, type), a, d);
}

static void gen_double_word(Gen *g)
{
    TCGType type = rnd_type();
    TCGv a = rnd_src(g, type), b = rnd_src(g, type);
    TCGv o0, o1;
    switch (rnd_below(4)) {
    case 0: case 1:
        o0 = rnd_dst(g, type);
        o1 = rnd_dst_except(g, type, o0);
        if (chance(50))
            tcg_gen_mulu2(g->s, o0, o1, a, b);
        else
            tcg_gen_muls2(g->s, o0, o1, a, b);
        break;
    case 2: {
        /* unsigned: high part below the divisor, so the quotient fits */
        TCGv d = safe_divisor(g, type);
        TCGv hi = rnd_dst_except(g, type, d);
        tcg_gen_remu(g->s, hi, b, d);
        o0 = rnd_dst(g, type);
        o1 = rnd_dst_except(g, type, o0);
        tcg_gen_divu2(g->s, o0, o1, a, hi, d);
        break;
    }
    default: {
        /* signed: the dividend is a sign-extended single word */
        TCGv d = safe_divisor(g, type);
        TCGv lo = rnd_dst_except(g, type, d);
        tcg_gen_mov(g->s, lo, a);
        TCGv hi = rnd_dst_except(g, type, d);
        if (hi == lo)
            hi = rnd_dst_except(g, type, d);
        if (hi == lo)
            return;
        tcg_gen_sari(g->s, hi, lo, (unsigned)type_width(type) - 1);
        o0 = rnd_dst(g, type);
        o1 = rnd_dst_except(g, type, o0);
        tcg_gen_divs2(g->s, o0, o1, lo, hi, d);
        break;
    }
    }
}

static void gen_cond_op(Gen *g)
{
    TCGType type = rnd_type();
    TCGv a = rnd_src(g, type), b = chance(10) ? a : rnd_src(g, type);
    if (chance(40)) {
        tcg_gen_setcond(g->s, rnd_cond(), rnd_dst(g, type), a, b);
        return;
    }
    TCGv v1 = rnd_src(g, type), v2 = chance(10) ? v1 : rnd_src(g, type);
    tcg_gen_movcond(g->s, rnd_cond(), rnd_dst(g, type), a, b, v1, v2);
}

static void gen_bit_op(Gen *g)
{
    TCGType type = rnd_type();
    int w = type_width(type);
    TCGv a = rnd_src(g, type), b = rnd_src(g, type);
    unsigned len = 1 + rnd_below((unsigned)w);
    unsigned pos = rnd_below((unsigned)w - len + 1);
    TCGv d = rnd_dst(g, type);
    switch (rnd_below(5)) {
    case 0: tcg_gen_clz(g->s, d, a, b); break;
    case 1: tcg_gen_ctz(g->s, d, a, b); break;
    case 2: tcg_gen_extract(g->s, d, a, pos, len); break;
    case 3: tcg_gen_sextract(g->s, d, a, pos, len); break;
    default: tcg_gen_deposit(g->s, d, a, b, pos, len); break;
    }
}

/* ld/st on the fields of env, through env itself or through another
 * pointer to them (which the optimizer must treat as possibly aliasing). */
static void gen_env_access(Gen *g)
{
    static const TCGOpcode lds[2][7] = {
        { INDEX_op_ld8u, INDEX_op_ld8s, INDEX_op_ld16u, INDEX_op_ld16s, INDEX_op_ld, INDEX_op_ld, INDEX_op_ld },
        { INDEX_op_ld8u, INDEX_op_ld8s, INDEX_op_ld16u, INDEX_op_ld16s, INDEX_op_ld32u, INDEX_op_ld32s, INDEX_op_ld },
    };
    static const TCGOpcode sts[2][4] = {
        { INDEX_op_st8, INDEX_op_st16, INDEX_op_st, INDEX_op_st },
        { INDEX_op_st8, INDEX_op_st16, INDEX_op_st32, INDEX_op_st },
    };
    TCGType type = rnd_type();
    /* mostly aligned 8-byte slots, so that loads often meet earlier stores */
    int32_t field = chance(70) ? (int32_t)(8 * rnd_below(NFIELDS)) : (int32_t)rnd_below(8 * NFIELDS - 8);
    bool via_env = chance(80);
    TCGv base = via_env ? g->s->env : g->env_ptr;
    int32_t off = via_env ? (int32_t)offsetof(RandEnv, fields) + field : field;
    if (chance(50)) {
        TCGv v = rnd_src(g, type);
        tcg_gen_st(g->s, sts[type][rnd_below(4)], v, base, off);
    } else {
        tcg_gen_ld(g->s, lds[type][rnd_below(7)], rnd_dst(g, type), base, off);
    }
}

/* An address inside guest_buf, aligned to `align` bytes (a power of 2). */
static TCGv guest_addr(Gen *g, unsigned align)
{
    TCGv x = rnd_src(g, TCG_TYPE_I64);
    TCGv addr = rnd_dst(g, TCG_TYPE_I64);
    tcg_gen_andi(g->s, addr, x, (BUF_SIZE - 8 - 1) & ~(uint64_t)(align - 1));
    tcg_gen_addi(g->s, addr, addr, (int64_t)(uintptr_t)guest_buf);
    return addr;
}

static void gen_guest_access(Gen *g)
{
    TCGType type = rnd_type();
    unsigned size_log = rnd_below(type == TCG_TYPE_I32 ? 3 : 4);
    MemOp mop = (MemOp)size_log;
    unsigned k = rnd_below(10);
    if (k < 3) {
        TCGv addr = guest_addr(g, 1);
        if (size_log < (type == TCG_TYPE_I32 ? 2u : 3u) && chance(50))
            mop |= MO_SIGN;
        tcg_gen_qemu_ld(g->s, rnd_dst(g, type), addr, mop, 0);
    } else if (k < 7) {
        TCGv addr = guest_addr(g, 1);
        tcg_gen_qemu_st(g->s, rnd_src(g, type), addr, mop, 0);
    } else {
        TCGv addr = guest_addr(g, 1u << size_log);
        TCGv v = rnd_src(g, type), expected = rnd_src(g, type);
        TCGv old = rnd_dst(g, type);
        if (k == 7)
            tcg_gen_atomic_cmpxchg(g->s, old, addr, expected, v, mop, 0);
        else if (k == 8)
            tcg_gen_atomic_xchg(g->s, old, addr, v, mop, 0);
        else
            tcg_gen_atomic_fetch_add(g->s, old, addr, v, mop, 0);
    }
}

static void gen_call(Gen *g)
{
    TCGContext *s = g->s;
    TCGv a[6], a32[2];
    for (int i = 0; i < 6; i++)
        a[i] = rnd_src(g, TCG_TYPE_I64);
    for (int i = 0; i < 2; i++)
        a32[i] = rnd_src(g, TCG_TYPE_I32);
    switch (rnd_below(6)) {
    case 0:
        tcg_gen_calln(s, helper_mix, chance(50) ? TCG_CALL_NO_RWG_SE : TCG_CALL_NO_RWG,
                      rnd_dst(g, TCG_TYPE_I64), a[0], a[1]);
        break;
    case 1:
        tcg_gen_calln(s, helper_mix32, TCG_CALL_NO_RWG_SE, rnd_dst(g, TCG_TYPE_I32), a32[0], a32[1]);
        break;
    case 2:
        tcg_gen_call(s, (void *)helper_six, TCG_CALL_NO_RWG, rnd_dst(g, TCG_TYPE_I64), 6, a);
        break;
    case 3:
        tcg_gen_calln(s, helper_write_globals, 0, TCGV_NONE, s->env, a[0]);
        break;
    case 4:
        tcg_gen_calln(s, helper_read_globals, TCG_CALL_NO_WG, rnd_dst(g, TCG_TYPE_I64), s->env);
        break;
    default:
        tcg_gen_calln(s, helper_write_field, TCG_CALL_NO_RWG, TCGV_NONE, s->env, a[0]);
        break;
    }
}

/* EBB temps die at labels: store those still live where they get
 * compared, so that their values are checked too. */
static void sink_ebb_temps(Gen *g)
{
    for (int t = 0; t < 2; t++)
        for (int e = 0; e < NEBB; e++)
            if (g->ebb_live[t][e] && chance(60))
                tcg_gen_st(g->s, INDEX_op_st, g->ebb[t][e], g->s->env,
                           (int32_t)offsetof(RandEnv, sinks[2 * NTB + rnd_below(NSINKS - 2 * NTB)]));
}

static void set_label(Gen *g, int i)
{
    sink_ebb_temps(g);
    tcg_gen_set_label(g->s, g->pending[i]);
    g->pending[i] = g->pending[--g->nb_pending];
    memset(g->ebb_live, 0, sizeof(g->ebb_live));
}

/* Forward branches only, so the programs always end. */
static void gen_control(Gen *g)
{
    TCGContext *s = g->s;
    unsigned k = rnd_below(10);
    int settable = g->nb_pending - g->loop_base;
    if (settable > 0 && k < 4) {
        set_label(g, g->loop_base + (int)rnd_below((unsigned)settable));
        return;
    }
    if (k == 9 && g->nb_side_exits < TCG_MAX_JMP_SLOTS && chance(50)) {
        /* a side exit, taken or not, through slot 2 or 3; half of them
         * test a field first, as an exit_request (the same exit either way) */
        TCGType type = rnd_type();
        g->nb_side_exits++;
        tcg_gen_brcond_exit(s, rnd_cond(), rnd_src(g, type), rnd_src(g, type),
                            0x400 + 4 * rnd_below(100) + 2 + rnd_below(2),
                            chance(50) ? (int32_t)offsetof(RandEnv, fields[1]) : -1);
        return;
    }
    if (g->nb_pending == 8)
        return;
    int l = tcg_new_label(s);
    g->pending[g->nb_pending++] = l;
    if (k < 8) {
        TCGType type = rnd_type();
        TCGv a = rnd_src(g, type);
        tcg_gen_brcond(s, rnd_cond(), a, chance(10) ? a : rnd_src(g, type), l);
    } else if (k == 8) {
        tcg_gen_br(s, l);
    } else {
        /* an early exit, skipped or not */
        TCGType type = rnd_type();
        tcg_gen_brcond(s, rnd_cond(), rnd_src(g, type), rnd_src(g, type), l);
        tcg_gen_exit_tb(s, 0x100 + rnd_below(100));
    }
}

static void gen_misc(Gen *g)
{
    switch (rnd_below(3)) {
    case 0:
        tcg_gen_insn_start(g->s, 0x400000 + rnd_below(0x1000), rnd_below(50));
        break;
    case 1:
        tcg_gen_mb(g->s);
        break;
    default: {
        TCGType type = rnd_type();
        unsigned e = rnd_below(NEBB);
        if (g->ebb_live[type][e]) {
            tcg_gen_discard(g->s, g->ebb[type][e]);
            g->ebb_live[type][e] = false;
        }
        break;
    }
    }
}

static void gen_prologue(Gen *g)
{
    TCGContext *s = g->s;
    for (int t = 0; t < 2; t++) {
        for (int i = 0; i < NTB; i++) {
            g->tb[t][i] = tcg_temp_new_tb(s, (TCGType)t);
            tcg_gen_movi(s, g->tb[t][i], rnd_value());
        }
        for (int i = 0; i < NEBB; i++)
            g->ebb[t][i] = tcg_temp_new(s, (TCGType)t);
    }
    g->env_ptr = tcg_temp_new_tb(s, TCG_TYPE_I64);
    tcg_gen_addi(s, g->env_ptr, s->env, (int64_t)offsetof(RandEnv, fields));
    memset(g->ebb_live, 0, sizeof(g->ebb_live));
    g->nb_pending = 0;
    g->nb_side_exits = 0;
    g->loop_base = 0;
    g->in_loop = false;
    g->loop_count = tcg_temp_new_tb(s, TCG_TYPE_I64);
    tcg_gen_movi(s, g->loop_count, 0);
}

/* Close open labels, store the temps' values where they get compared, exit. */
static void gen_epilogue(Gen *g)
{
    TCGContext *s = g->s;
    while (g->nb_pending > 0)
        set_label(g, g->nb_pending - 1);
    sink_ebb_temps(g);
    int n = 0;
    for (int t = 0; t < 2; t++)
        for (int i = 0; i < NTB; i++)
            tcg_gen_st(s, INDEX_op_st, g->tb[t][i], s->env, (int32_t)offsetof(RandEnv, sinks[n++]));
    if (chance(50))
        tcg_gen_goto_tb(s, 0);
    tcg_gen_exit_tb(s, rnd_below(64));
}

static void gen_one(Gen *g);

/* A counted loop (one to four rounds) around random ops.  Labels that
 * branches from before the loop wait for are not set inside it, so the
 * loop is only entered at its top. */
static void gen_loop(Gen *g)
{
    TCGContext *s = g->s;
    int top = tcg_new_label(s);
    int saved_base = g->loop_base;
    tcg_gen_movi(s, g->loop_count, 1 + rnd_below(4));
    sink_ebb_temps(g);
    tcg_gen_set_label(s, top);
    memset(g->ebb_live, 0, sizeof(g->ebb_live));
    g->in_loop = true;
    g->loop_base = g->nb_pending;
    for (int n = 3 + (int)rnd_below(20); n > 0; n--)
        gen_one(g);
    tcg_gen_subi(s, g->loop_count, g->loop_count, 1);
    tcg_gen_brcondi(s, TCG_COND_NE, g->loop_count, 0, top);
    g->in_loop = false;
    g->loop_base = saved_base;
}

static void gen_one(Gen *g)
{
    unsigned k = rnd_below(100);
    if (k < 22) gen_binary(g);
    else if (k < 36) gen_unary(g);
    else if (k < 41) gen_division(g);
    else if (k < 46) gen_double_word(g);
    else if (k < 54) gen_cond_op(g);
    else if (k < 61) gen_bit_op(g);
    else if (k < 73) gen_env_access(g);
    else if (k < 81) gen_guest_access(g);
    else if (k < 86) gen_call(g);
    else if (k < 95) gen_control(g);
    else if (k < 97 && !g->in_loop) gen_loop(g);
    else gen_misc(g);
}

static void gen_program(Gen *g, int nb_ops)
{
    tcg_func_start(g->s);
    gen_prologue(g);
    for (int i = 0; i < nb_ops; i++)
        gen_one(g);
    gen_epilogue(g);
}

/* ---- running a program three ways ---- */

typedef struct SavedIR {
    TCGOp ops[TCG_MAX_OPS];
    int nb_ops;
    TCGTemp temps[TCG_MAX_TEMPS];
    int nb_temps;
    TCGLabel labels[TCG_MAX_LABELS];
    int nb_labels;
} SavedIR;

static void save_ir(TCGContext *s, SavedIR *ir)
{
    memcpy(ir->ops, s->ops, sizeof(TCGOp) * (size_t)s->nb_ops);
    ir->nb_ops = s->nb_ops;
    memcpy(ir->temps, s->temps, sizeof(TCGTemp) * (size_t)s->nb_temps);
    ir->nb_temps = s->nb_temps;
    memcpy(ir->labels, s->labels, sizeof(TCGLabel) * (size_t)s->nb_labels);
    ir->nb_labels = s->nb_labels;
}

static void restore_ir(TCGContext *s, const SavedIR *ir)
{
    memcpy(s->ops, ir->ops, sizeof(TCGOp) * (size_t)ir->nb_ops);
    s->nb_ops = ir->nb_ops;
    memcpy(s->temps, ir->temps, sizeof(TCGTemp) * (size_t)ir->nb_temps);
    s->nb_temps = ir->nb_temps;
    memcpy(s->labels, ir->labels, sizeof(TCGLabel) * (size_t)ir->nb_labels);
    s->nb_labels = ir->nb_labels;
}

typedef struct Outcome {
    RandEnv env;
    uint8_t buf[BUF_SIZE];
    uintptr_t ret;
    bool crashed;
} Outcome;

typedef struct Start {
    RandEnv env;
    uint8_t buf[BUF_SIZE];
} Start;

static void random_start(Start *st)
{
    memset(st, 0, sizeof(*st));
    for (int i = 0; i < NG64; i++)
        st->env.g64[i] = rnd_value();
    for (int i = 0; i < NG32; i++)
        st->env.g32[i] = (uint32_t)rnd_value();
    for (int i = 0; i < NFIELDS; i++)
        st->env.fields[i] = rnd_value();
    for (int i = 0; i < BUF_SIZE; i++)
        st->buf[i] = (uint8_t)rnd();
}

/* The env must be at the same address for every run: programs may
 * compute with env-relative pointers. */
static RandEnv run_env;

static void finish_run(Outcome *out, uintptr_t ret)
{
    out->env = run_env;
    memcpy(out->buf, guest_buf, BUF_SIZE);
    out->ret = ret;
}

static void run_interp(TCGContext *s, const Start *st, Outcome *out)
{
    run_env = st->env;
    memcpy(guest_buf, st->buf, BUF_SIZE);
    out->crashed = false;
    finish_run(out, tcg_interpret(s, &run_env));
}

/* ---- the JIT ---- */

static uint8_t *code_buf;
static const size_t code_buf_size = 16 << 20;
static uint8_t *code_start; /* after the prologue */

static bool jit_init(void)
{
    code_buf = mmap(NULL, code_buf_size, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code_buf == MAP_FAILED) {
        perror("mmap");
        return false;
    }
    memset(code_buf, 0xcc, code_buf_size); /* int3: running off the code traps */
    size_t used = tcg_prologue_init(code_buf, code_buf_size);
    code_start = code_buf + ((used + 63) & ~(size_t)63);
    return tcg_prologue.tb_exec != NULL;
}

static sigjmp_buf crash_jmp;
static volatile sig_atomic_t crash_signal;

static void crash_handler(int sig)
{
    crash_signal = sig;
    siglongjmp(crash_jmp, 1);
}

static void install_crash_handlers(void)
{
    static const int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP };
    /* generated code gone wrong may leave rsp anywhere */
    static uint8_t alt_stack[1 << 16];
    stack_t ss = { .ss_sp = alt_stack, .ss_size = sizeof(alt_stack) };
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = crash_handler;
    sa.sa_flags = SA_NODEFER | SA_ONSTACK;
    for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
        sigaction(sigs[i], &sa, NULL);
}

static TCGCodeInfo code_info;

static void run_jit(TCGContext *s, const Start *st, Outcome *out)
{
    s->code_buf = s->code_ptr = code_start;
    s->code_end = code_buf + code_buf_size - 4096;
    int size = tcg_gen_code(s, &code_info);
    uint8_t *code_end = s->code_ptr;
    run_env = st->env;
    memcpy(guest_buf, st->buf, BUF_SIZE);
    out->crashed = false;
    if (size < 0) {
        out->crashed = true;
        crash_signal = 0;
        finish_run(out, 0);
        return;
    }
    if (sigsetjmp(crash_jmp, 1)) {
        out->crashed = true;
        finish_run(out, 0);
    } else {
        finish_run(out, tcg_prologue.tb_exec(&run_env, code_start));
    }
    memset(code_start, 0xcc, (size_t)(code_end - code_start));
}

/* ---- comparing and reporting ---- */

static void print_program(TCGContext *s)
{
    fflush(stdout);
    tcg_dump_ops(s, stdout);
    fflush(stdout);
}

static bool outcomes_equal(const Outcome *a, const Outcome *b)
{
    return !a->crashed && !b->crashed && a->ret == b->ret && memcmp(&a->env, &b->env, sizeof(a->env)) == 0 &&
           memcmp(a->buf, b->buf, BUF_SIZE) == 0;
}

static void print_differences(const char *what, const Outcome *want, const Outcome *got)
{
    printf("    %s differs from the unoptimized interpreter:\n", what);
    if (got->crashed) {
        printf("    crashed (signal %d, or code generation failed)\n", (int)crash_signal);
        return;
    }
    if (want->ret != got->ret)
        printf("    exit value %#lx, want %#lx\n", (unsigned long)got->ret, (unsigned long)want->ret);
    for (int i = 0; i < NG64; i++)
        if (want->env.g64[i] != got->env.g64[i])
            printf("    g64_%d = %#" PRIx64 ", want %#" PRIx64 "\n", i, got->env.g64[i], want->env.g64[i]);
    for (int i = 0; i < NG32; i++)
        if (want->env.g32[i] != got->env.g32[i])
            printf("    g32_%d = %#x, want %#x\n", i, got->env.g32[i], want->env.g32[i]);
    for (int i = 0; i < NFIELDS; i++)
        if (want->env.fields[i] != got->env.fields[i])
            printf("    field[%d] = %#" PRIx64 ", want %#" PRIx64 "\n", i, got->env.fields[i], want->env.fields[i]);
    for (int i = 0; i < NSINKS; i++)
        if (want->env.sinks[i] != got->env.sinks[i])
            printf("    sink[%d] = %#" PRIx64 ", want %#" PRIx64 "\n", i, got->env.sinks[i], want->env.sinks[i]);
    for (int i = 0; i < BUF_SIZE; i++)
        if (want->buf[i] != got->buf[i])
            printf("    buf[%d] = %#x, want %#x\n", i, got->buf[i], want->buf[i]);
}

static void dump_start(const Start *st)
{
    printf("    start:");
    for (int i = 0; i < NG64; i++)
        printf(" g64_%d=%#" PRIx64, i, st->env.g64[i]);
    for (int i = 0; i < NG32; i++)
        printf(" g32_%d=%#x", i, st->env.g32[i]);
    printf("\n");
}

static void declare_globals(TCGContext *s, Gen *g)
{
    static const char *const n64[NG64] = { "g64_0", "g64_1", "g64_2", "g64_3" };
    _Static_assert(NG64 == 4 && NG32 == 4, "names below");
    static const char *const n32[NG32] = { "g32_0", "g32_1", "g32_2", "g32_3" };
    for (int i = 0; i < NG64; i++)
        g->g[TCG_TYPE_I64][i] = tcg_global_mem_new(s, TCG_TYPE_I64, (int)offsetof(RandEnv, g64[i]), n64[i]);
    for (int i = 0; i < NG32; i++)
        g->g[TCG_TYPE_I32][i] = tcg_global_mem_new(s, TCG_TYPE_I32, (int)offsetof(RandEnv, g32[i]), n32[i]);
}

enum { BAD_OPT = 1, BAD_JIT = 2, BAD_JIT_UNOPTIMIZED = 4 };

/* Runs one program; returns which ways disagreed with the reference. */
static unsigned check_program(TCGContext *s, SavedIR *ir, const Start *st, bool use_jit, unsigned long index)
{
    Outcome ref, opt, jit, jit0;
    unsigned bad = 0;
    save_ir(s, ir);
    run_interp(s, st, &ref);

    restore_ir(s, ir);
    tcg_optimize(s);
    tcg_liveness(s);
    run_interp(s, st, &opt);
    bool opt_ok = outcomes_equal(&ref, &opt);

    bool jit_ok = true, jit0_ok = true;
    if (use_jit) {
        restore_ir(s, ir);
        run_jit(s, st, &jit);
        jit_ok = outcomes_equal(&ref, &jit);
        /* the backend compiles any valid IR, not only the optimizer's */
        restore_ir(s, ir);
        s->optimize = false;
        run_jit(s, st, &jit0);
        s->optimize = true;
        jit0_ok = outcomes_equal(&ref, &jit0);
    }
    if (opt_ok && jit_ok && jit0_ok)
        return 0;
    restore_ir(s, ir);
    printf("program %lu:\n", index);
    print_program(s);
    dump_start(st);
    if (!opt_ok) {
        bad |= BAD_OPT;
        print_differences("optimized+liveness interpreter", &ref, &opt);
        restore_ir(s, ir);
        tcg_optimize(s);
        printf("    after tcg_optimize:\n");
        print_program(s);
    }
    if (!jit0_ok) {
        bad |= BAD_JIT_UNOPTIMIZED;
        print_differences("JIT without the optimizer", &ref, &jit0);
    }
    if (!jit_ok) {
        bad |= BAD_JIT;
        print_differences("JIT", &ref, &jit);
        if (opt_ok) {
            restore_ir(s, ir);
            tcg_optimize(s);
            tcg_liveness(s);
            printf("    as compiled (after tcg_optimize and tcg_liveness):\n");
            print_program(s);
        }
    }
    return bad;
}

int main(int argc, char **argv)
{
    unsigned long nb_programs = 3000, seed = 1;
    int opt;
    while ((opt = getopt(argc, argv, "n:s:")) != -1) {
        if (opt == 'n')
            nb_programs = strtoul(optarg, NULL, 0);
        else if (opt == 's')
            seed = strtoul(optarg, NULL, 0);
        else {
            fprintf(stderr, "usage: %s [-n PROGRAMS] [-s SEED]\n", argv[0]);
            return 2;
        }
    }
    rng_state = seed * 0x9e3779b97f4a7c15ull + 1;

    TCGContext *s = calloc(1, sizeof(*s));
    SavedIR *ir = malloc(sizeof(*ir));
    Gen g;
    if (!s || !ir) {
        fprintf(stderr, "out of memory\n");
        return 2;
    }
    tcg_context_init(s);
    g.s = s;
    declare_globals(s, &g);
    s->guest_base = 0;
    bool use_jit = jit_init();
    install_crash_handlers();

    unsigned long opt_fail = 0, jit_fail = 0, jit0_fail = 0;
    for (unsigned long i = 0; i < nb_programs; i++) {
        Start st;
        gen_program(&g, chance(75) ? 10 + (int)rnd_below(70) : 80 + (int)rnd_below(220));
        random_start(&st);
        unsigned bad = check_program(s, ir, &st, use_jit, i);
        opt_fail += (bad & BAD_OPT) != 0;
        jit_fail += (bad & BAD_JIT) != 0;
        jit0_fail += (bad & BAD_JIT_UNOPTIMIZED) != 0;
    }
    printf("%s random_optimized: %lu of %lu programs differ\n", opt_fail ? "FAIL" : "ok", opt_fail, nb_programs);
    if (use_jit) {
        printf("%s random_jit: %lu of %lu programs differ\n", jit_fail ? "FAIL" : "ok", jit_fail, nb_programs);
        printf("%s random_jit_unoptimized: %lu of %lu programs differ\n", jit0_fail ? "FAIL" : "ok", jit0_fail,
               nb_programs);
    } else
        printf("FAIL random_jit: no executable code buffer\n");
    free(ir);
    free(s);
    return opt_fail != 0 || jit_fail != 0 || jit0_fail != 0 || !use_jit;
}

/* test_ir_interp.c — the IR reference interpreter against C.
 *
 * Every opcode is run in both types on edge values three ways: inputs in
 * globals (so the interpreter computes), inputs as constants, and inputs
 * as constants after tcg_optimize (so the folder computes).  Each result
 * is compared with the same computation written directly in C here.
 * Control flow, host and guest memory, atomics and calls get small
 * hand-written programs. */
#include "tcg/tcg.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Env {
    uint64_t g64[6];
    uint32_t g32[6];
    uint8_t bytes[64];
} Env;

static TCGContext *s;
static TCGv g64[6], g32[6];
static int failures;

static void report(const char *name, bool ok, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void report(const char *name, bool ok, const char *fmt, ...)
{
    if (ok) {
        printf("ok %s\n", name);
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    printf("FAIL %s: ", name);
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
    failures++;
}

static TCGv glob(TCGType type, int i) { return type == TCG_TYPE_I32 ? g32[i] : g64[i]; }
static uint64_t trunc_t(TCGType type, uint64_t v) { return type == TCG_TYPE_I32 ? (uint32_t)v : v; }

/* ---- the C oracle ---- */

static uint64_t c_shift(TCGOpcode opc, TCGType type, uint64_t a, uint64_t b)
{
    if (type == TCG_TYPE_I32) {
        uint32_t x = (uint32_t)a;
        unsigned c = (unsigned)b % 32;
        switch (opc) {
        case INDEX_op_shl: return (uint32_t)(x << c);
        case INDEX_op_shr: return x >> c;
        case INDEX_op_sar: return (uint32_t)((int32_t)x >> c);
        case INDEX_op_rotl: return c == 0 ? x : (uint32_t)(x << c | x >> (32 - c));
        default: return c == 0 ? x : (uint32_t)(x >> c | x << (32 - c));
        }
    }
    unsigned c = (unsigned)b % 64;
    switch (opc) {
    case INDEX_op_shl: return a << c;
    case INDEX_op_shr: return a >> c;
    case INDEX_op_sar: return (uint64_t)((int64_t)a >> c);
    case INDEX_op_rotl: return c == 0 ? a : a << c | a >> (64 - c);
    default: return c == 0 ? a : a >> c | a << (64 - c);
    }
}

static bool c_div(TCGOpcode opc, TCGType type, uint64_t a, uint64_t b, uint64_t *r)
{
    if (type == TCG_TYPE_I32) {
        int32_t sa = (int32_t)a, sb = (int32_t)b;
        if ((uint32_t)b == 0 || (sa == INT32_MIN && sb == -1))
            return false;
        switch (opc) {
        case INDEX_op_div: *r = (uint32_t)(sa / sb); break;
        case INDEX_op_rem: *r = (uint32_t)(sa % sb); break;
        case INDEX_op_divu: *r = (uint32_t)a / (uint32_t)b; break;
        default: *r = (uint32_t)a % (uint32_t)b; break;
        }
        return true;
    }
    int64_t sa = (int64_t)a, sb = (int64_t)b;
    if (b == 0 || (sa == INT64_MIN && sb == -1))
        return false;
    switch (opc) {
    case INDEX_op_div: *r = (uint64_t)(sa / sb); break;
    case INDEX_op_rem: *r = (uint64_t)(sa % sb); break;
    case INDEX_op_divu: *r = a / b; break;
    default: *r = a % b; break;
    }
    return true;
}

static uint64_t c_bitcount(TCGOpcode opc, TCGType type, uint64_t a, uint64_t zero_val)
{
    int w = type == TCG_TYPE_I32 ? 32 : 64;
    int n = 0;
    if (opc == INDEX_op_ctpop) {
        for (int i = 0; i < w; i++)
            n += (a >> i) & 1;
        return (uint64_t)n;
    }
    if (trunc_t(type, a) == 0)
        return zero_val;
    if (opc == INDEX_op_clz) {
        while (!((a >> (w - 1 - n)) & 1))
            n++;
    } else {
        while (!((a >> n) & 1))
            n++;
    }
    return (uint64_t)n;
}

static uint64_t c_bswap(TCGOpcode opc, uint64_t a)
{
    uint64_t r = 0;
    int n = opc == INDEX_op_bswap16 ? 2 : opc == INDEX_op_bswap32 ? 4 : 8;
    for (int i = 0; i < n; i++)
        r |= ((a >> (8 * i)) & 0xff) << (8 * (n - 1 - i));
    return r;
}

static uint64_t c_extract(bool sign, TCGType type, uint64_t a, unsigned pos, unsigned len)
{
    uint64_t r = 0;
    for (unsigned i = 0; i < len; i++)
        r |= ((a >> (pos + i)) & 1) << i;
    if (sign && ((r >> (len - 1)) & 1))
        for (unsigned i = len; i < 64; i++)
            r |= 1ull << i;
    return trunc_t(type, r);
}

static uint64_t c_deposit(uint64_t a, uint64_t b, unsigned pos, unsigned len)
{
    for (unsigned i = 0; i < len; i++) {
        uint64_t bit = 1ull << (pos + i);
        a = ((b >> i) & 1) ? a | bit : a & ~bit;
    }
    return a;
}

static bool c_cond(TCGType type, TCGCond c, uint64_t a, uint64_t b)
{
    int64_t sa = type == TCG_TYPE_I32 ? (int32_t)a : (int64_t)a;
    int64_t sb = type == TCG_TYPE_I32 ? (int32_t)b : (int64_t)b;
    a = trunc_t(type, a);
    b = trunc_t(type, b);
    switch (c) {
    case TCG_COND_NEVER: return false;
    case TCG_COND_ALWAYS: return true;
    case TCG_COND_EQ: return a == b;
    case TCG_COND_NE: return a != b;
    case TCG_COND_LT: return sa < sb;
    case TCG_COND_GE: return sa >= sb;
    case TCG_COND_LE: return sa <= sb;
    case TCG_COND_GT: return sa > sb;
    case TCG_COND_LTU: return a < b;
    case TCG_COND_GEU: return a >= b;
    case TCG_COND_LEU: return a <= b;
    case TCG_COND_GTU: return a > b;
    case TCG_COND_TSTEQ: return !(a & b);
    default: return (a & b) != 0;
    }
}

/* The expected outputs of a single-output or double-output op.  False
 * when the inputs are outside the op's contract (division faults). */
static bool c_op(TCGOpcode opc, TCGType type, const uint64_t *in, const TCGArg *c, uint64_t *out)
{
    uint64_t a = in[0], b = in[1];
    switch (opc) {
    case INDEX_op_mov: out[0] = a; break;
    case INDEX_op_add: out[0] = a + b; break;
    case INDEX_op_sub: out[0] = a - b; break;
    case INDEX_op_mul: out[0] = a * b; break;
    case INDEX_op_and: out[0] = a & b; break;
    case INDEX_op_or: out[0] = a | b; break;
    case INDEX_op_xor: out[0] = a ^ b; break;
    case INDEX_op_andc: out[0] = a & ~b; break;
    case INDEX_op_shl: case INDEX_op_shr: case INDEX_op_sar: case INDEX_op_rotl: case INDEX_op_rotr:
        out[0] = c_shift(opc, type, a, b); break;
    case INDEX_op_neg: out[0] = 0 - a; break;
    case INDEX_op_not: out[0] = ~a; break;
    case INDEX_op_div: case INDEX_op_divu: case INDEX_op_rem: case INDEX_op_remu:
        return c_div(opc, type, a, b, out);
    case INDEX_op_mulu2:
        if (type == TCG_TYPE_I32) {
            uint64_t p = (uint64_t)(uint32_t)a * (uint32_t)b;
            out[0] = (uint32_t)p, out[1] = p >> 32;
        } else {
            unsigned __int128 p = (unsigned __int128)a * b;
            out[0] = (uint64_t)p, out[1] = (uint64_t)(p >> 64);
        }
        break;
    case INDEX_op_muls2:
        if (type == TCG_TYPE_I32) {
            int64_t p = (int64_t)(int32_t)a * (int32_t)b;
            out[0] = (uint32_t)p, out[1] = (uint32_t)((uint64_t)p >> 32);
        } else {
            __int128 p = (__int128)(int64_t)a * (int64_t)b;
            out[0] = (uint64_t)p, out[1] = (uint64_t)((unsigned __int128)p >> 64);
        }
        break;
    case INDEX_op_divu2: case INDEX_op_divs2: {
        /* the contract: high part smaller than the divisor (unsigned) or a
         * quotient that fits (signed); test both with a 128-bit check */
        uint64_t lo = a, hi = b, d = in[2];
        if (type == TCG_TYPE_I32) {
            uint64_t n = hi << 32 | (uint32_t)lo;
            if ((uint32_t)d == 0)
                return false;
            if (opc == INDEX_op_divu2) {
                if (n / (uint32_t)d > UINT32_MAX)
                    return false;
                out[0] = n / (uint32_t)d, out[1] = n % (uint32_t)d;
            } else {
                int64_t sn = (int64_t)n, sd = (int32_t)d;
                if (sn == INT64_MIN && sd == -1)
                    return false;
                if (sn / sd > INT32_MAX || sn / sd < INT32_MIN)
                    return false;
                out[0] = (uint32_t)(sn / sd), out[1] = (uint32_t)(sn % sd);
            }
        } else {
            unsigned __int128 n = (unsigned __int128)hi << 64 | lo;
            if (d == 0)
                return false;
            if (opc == INDEX_op_divu2) {
                if (hi >= d)
                    return false;
                out[0] = (uint64_t)(n / d), out[1] = (uint64_t)(n % d);
            } else {
                __int128 sn = (__int128)n, sd = (int64_t)d;
                if (sd == -1 && hi == 1ull << 63 && lo == 0)
                    return false;
                __int128 q = sn / sd;
                if (q > INT64_MAX || q < INT64_MIN)
                    return false;
                out[0] = (uint64_t)q, out[1] = (uint64_t)(sn % sd);
            }
        }
        break;
    }
    case INDEX_op_setcond: out[0] = c_cond(type, (TCGCond)c[0], a, b); break;
    case INDEX_op_movcond: out[0] = c_cond(type, (TCGCond)c[0], a, b) ? in[2] : in[3]; break;
    case INDEX_op_clz: case INDEX_op_ctz: case INDEX_op_ctpop:
        out[0] = c_bitcount(opc, type, a, b); break;
    case INDEX_op_bswap16: case INDEX_op_bswap32: case INDEX_op_bswap64:
        out[0] = c_bswap(opc, a); break;
    case INDEX_op_extract: out[0] = c_extract(false, type, a, (unsigned)c[0], (unsigned)c[1]); break;
    case INDEX_op_sextract: out[0] = c_extract(true, type, a, (unsigned)c[0], (unsigned)c[1]); break;
    case INDEX_op_deposit: out[0] = c_deposit(a, b, (unsigned)c[0], (unsigned)c[1]); break;
    case INDEX_op_ext8s: out[0] = (uint64_t)(int8_t)a; break;
    case INDEX_op_ext8u: out[0] = (uint8_t)a; break;
    case INDEX_op_ext16s: out[0] = (uint64_t)(int16_t)a; break;
    case INDEX_op_ext16u: out[0] = (uint16_t)a; break;
    case INDEX_op_ext32s: case INDEX_op_exts_i32_i64: out[0] = (uint64_t)(int32_t)a; break;
    case INDEX_op_ext32u: case INDEX_op_extu_i32_i64: case INDEX_op_extrl_i64_i32: out[0] = (uint32_t)a; break;
    case INDEX_op_extrh_i64_i32: out[0] = a >> 32; break;
    default: return false;
    }
    out[0] = trunc_t(type, out[0]);
    out[1] = trunc_t(type, out[1]);
    return true;
}

/* ---- running one op ---- */

typedef enum { VIA_GLOBALS, VIA_CONSTS, VIA_FOLDED, NB_VIAS } Via;
static const char *const via_names[] = { "globals", "consts", "folded" };

/* Types of an op's inputs and outputs: the op type except for the
 * width-changing ops. */
static TCGType in_type(TCGOpcode opc, TCGType type)
{
    if (opc == INDEX_op_extu_i32_i64 || opc == INDEX_op_exts_i32_i64)
        return TCG_TYPE_I32;
    if (opc == INDEX_op_extrl_i64_i32 || opc == INDEX_op_extrh_i64_i32)
        return TCG_TYPE_I64;
    return type;
}

/* Build "op outputs, inputs, cargs; copy outputs to globals 4 and 5",
 * run it, return the outputs.  Inputs come from globals 0..3 or are
 * constants. */
static void run_op(Via via, TCGOpcode opc, TCGType type, const uint64_t *in, const TCGArg *c, uint64_t *out)
{
    const TCGOpDef *def = &tcg_op_defs[opc];
    TCGType it = in_type(opc, type);
    Env env;
    memset(&env, 0, sizeof(env));
    tcg_func_start(s);
    TCGv outs[2] = { tcg_temp_new(s, type), tcg_temp_new_tb(s, type) };
    TCGOp *op = tcg_emit_op(s, opc, type);
    int n = 0;
    for (int i = 0; i < def->nb_oargs; i++)
        op->args[n++] = outs[i];
    for (int i = 0; i < def->nb_iargs; i++) {
        if (via == VIA_GLOBALS) {
            op->args[n++] = glob(it, i);
            env.g64[i] = in[i];
            env.g32[i] = (uint32_t)in[i];
        } else {
            op->args[n++] = tcg_constant(s, it, in[i]);
        }
    }
    for (int i = 0; i < def->nb_cargs; i++)
        op->args[n++] = c[i];
    for (int i = 0; i < def->nb_oargs; i++)
        tcg_gen_mov(s, glob(type, 4 + i), outs[i]);
    tcg_gen_exit_tb(s, 0);
    if (via == VIA_FOLDED)
        tcg_optimize(s);
    tcg_interpret(s, &env);
    for (int i = 0; i < 2; i++)
        out[i] = type == TCG_TYPE_I32 ? env.g32[4 + i] : env.g64[4 + i];
}

static const uint64_t edges[] = {
    0, 1, 2, 3, 7, 31, 32, 33, 63, 64, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff,
    0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull, 0x7fffffffffffffffull,
    0x8000000000000000ull, 0xffffffffffffffffull, 0xfffffffffffffffeull,
    0x123456789abcdef0ull, 0xfedcba9876543210ull, 0x00000000deadbeefull, 0xffffffff80000000ull,
};
#define NB_EDGES (sizeof(edges) / sizeof(edges[0]))

/* Checks one input vector in all three ways; true if all agree with C. */
static bool check_case(TCGOpcode opc, TCGType type, const uint64_t *in, const TCGArg *c, char *why, size_t why_size)
{
    uint64_t want[2] = { 0, 0 }, got[2];
    if (!c_op(opc, type, in, c, want))
        return true; /* outside the op's contract */
    int nout = tcg_op_defs[opc].nb_oargs;
    for (int via = 0; via < NB_VIAS; via++) {
        run_op((Via)via, opc, type, in, c, got);
        for (int i = 0; i < nout; i++) {
            if (got[i] != want[i]) {
                snprintf(why, why_size, "%s in=%#" PRIx64 ",%#" PRIx64 ",%#" PRIx64 ",%#" PRIx64
                         " c=%" PRIu64 ",%" PRIu64 ": out%d got %#" PRIx64 " want %#" PRIx64,
                         via_names[via], in[0], in[1], in[2], in[3], c[0], c[1], i, got[i], want[i]);
                return false;
            }
        }
    }
    return true;
}

static void test_op(TCGOpcode opc, TCGType type)
{
    const TCGOpDef *def = &tcg_op_defs[opc];
    char name[64], why[256] = "";
    bool ok = true;
    unsigned w = type == TCG_TYPE_I32 ? 32 : 64;
    snprintf(name, sizeof(name), "%s_%s", def->name, type == TCG_TYPE_I32 ? "i32" : "i64");
    TCGArg c[2] = { 0, 0 };
    /* extra inputs (the 3rd and 4th) vary with the pair index */
    for (size_t i = 0; ok && i < NB_EDGES; i++) {
        for (size_t j = 0; ok && j < NB_EDGES; j++) {
            uint64_t in[4] = { edges[i], edges[j], edges[(i + j) % NB_EDGES] | 1, edges[(i * 7 + j) % NB_EDGES] };
            if (opc == INDEX_op_divu2 || opc == INDEX_op_divs2)
                in[2] = edges[(i * 3 + j * 5) % NB_EDGES];
            if (opc == INDEX_op_setcond || opc == INDEX_op_movcond) {
                for (int cond = TCG_COND_NEVER; ok && cond <= TCG_COND_TSTNE; cond++) {
                    c[0] = (TCGArg)cond;
                    ok = check_case(opc, type, in, c, why, sizeof(why));
                }
            } else if (opc == INDEX_op_extract || opc == INDEX_op_sextract || opc == INDEX_op_deposit) {
                static const unsigned fields[][2] = { { 0, 1 }, { 0, 8 }, { 3, 5 }, { 8, 8 }, { 0, 16 },
                                                      { 16, 16 }, { 1, 31 }, { 31, 1 }, { 0, 32 }, { 20, 12 },
                                                      { 0, 64 }, { 63, 1 }, { 32, 32 }, { 7, 50 }, { 40, 24 } };
                for (size_t f = 0; ok && f < sizeof(fields) / sizeof(fields[0]); f++) {
                    if (fields[f][0] + fields[f][1] > w)
                        continue;
                    c[0] = fields[f][0];
                    c[1] = fields[f][1];
                    ok = check_case(opc, type, in, c, why, sizeof(why));
                }
            } else {
                ok = check_case(opc, type, in, c, why, sizeof(why));
            }
        }
    }
    report(name, ok, "%s", why);
}

static bool op_valid_for(TCGOpcode opc, TCGType type)
{
    switch (opc) {
    case INDEX_op_bswap64: case INDEX_op_ext32s: case INDEX_op_ext32u:
    case INDEX_op_extu_i32_i64: case INDEX_op_exts_i32_i64:
        return type == TCG_TYPE_I64;
    case INDEX_op_extrl_i64_i32: case INDEX_op_extrh_i64_i32:
        return type == TCG_TYPE_I32;
    default:
        return true;
    }
}

static void test_all_arith(void)
{
    static const TCGOpcode ops[] = {
        INDEX_op_mov, INDEX_op_add, INDEX_op_sub, INDEX_op_mul, INDEX_op_and, INDEX_op_or,
        INDEX_op_xor, INDEX_op_andc, INDEX_op_shl, INDEX_op_shr, INDEX_op_sar, INDEX_op_rotl,
        INDEX_op_rotr, INDEX_op_neg, INDEX_op_not, INDEX_op_div, INDEX_op_divu, INDEX_op_rem,
        INDEX_op_remu, INDEX_op_mulu2, INDEX_op_muls2, INDEX_op_divu2, INDEX_op_divs2,
        INDEX_op_setcond, INDEX_op_movcond, INDEX_op_clz, INDEX_op_ctz, INDEX_op_ctpop,
        INDEX_op_bswap16, INDEX_op_bswap32, INDEX_op_bswap64, INDEX_op_extract,
        INDEX_op_sextract, INDEX_op_deposit, INDEX_op_ext8s, INDEX_op_ext8u, INDEX_op_ext16s,
        INDEX_op_ext16u, INDEX_op_ext32s, INDEX_op_ext32u, INDEX_op_extu_i32_i64,
        INDEX_op_exts_i32_i64, INDEX_op_extrl_i64_i32, INDEX_op_extrh_i64_i32,
    };
    for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
        for (int t = TCG_TYPE_I32; t <= TCG_TYPE_I64; t++)
            if (op_valid_for(ops[i], (TCGType)t))
                test_op(ops[i], (TCGType)t);
}


/* ---- control flow ---- */

/* brcond c a, b -> taken; r = 1 on fall-through, 2 when taken. */
static void test_brcond(TCGType type)
{
    char name[64], why[256] = "";
    bool ok = true;
    snprintf(name, sizeof(name), "brcond_%s", type == TCG_TYPE_I32 ? "i32" : "i64");
    for (int via = 0; ok && via < NB_VIAS; via++) {
        for (size_t i = 0; ok && i < NB_EDGES; i++) {
            for (size_t j = 0; ok && j < NB_EDGES; j += 3) {
                for (int c = TCG_COND_NEVER; ok && c <= TCG_COND_TSTNE; c++) {
                    Env env;
                    memset(&env, 0, sizeof(env));
                    env.g64[0] = edges[i], env.g64[1] = edges[j];
                    env.g32[0] = (uint32_t)edges[i], env.g32[1] = (uint32_t)edges[j];
                    tcg_func_start(s);
                    int taken = tcg_new_label(s), done = tcg_new_label(s);
                    TCGv a = via == VIA_GLOBALS ? glob(type, 0) : tcg_constant(s, type, edges[i]);
                    TCGv b = via == VIA_GLOBALS ? glob(type, 1) : tcg_constant(s, type, edges[j]);
                    tcg_gen_brcond(s, (TCGCond)c, a, b, taken);
                    tcg_gen_movi(s, glob(type, 4), 1);
                    tcg_gen_br(s, done);
                    tcg_gen_set_label(s, taken);
                    tcg_gen_movi(s, glob(type, 4), 2);
                    tcg_gen_set_label(s, done);
                    tcg_gen_exit_tb(s, 7);
                    if (via == VIA_FOLDED)
                        tcg_optimize(s);
                    uintptr_t ret = tcg_interpret(s, &env);
                    uint64_t got = type == TCG_TYPE_I32 ? env.g32[4] : env.g64[4];
                    uint64_t want = c_cond(type, (TCGCond)c, edges[i], edges[j]) ? 2 : 1;
                    if (got != want || ret != 7) {
                        snprintf(why, sizeof(why), "%s cond %d a=%#" PRIx64 " b=%#" PRIx64 ": r=%" PRIu64 " ret=%lu",
                                 via_names[via], c, edges[i], edges[j], got, (unsigned long)ret);
                        ok = false;
                    }
                }
            }
        }
    }
    report(name, ok, "%s", why);
}

/* A backward branch: acc = n + (n-1) + ... + 1 in block-wide temps. */
static void test_loop(void)
{
    Env env;
    memset(&env, 0, sizeof(env));
    env.g64[0] = 100;
    tcg_func_start(s);
    TCGv i = tcg_temp_new_tb(s, TCG_TYPE_I64), acc = tcg_temp_new_tb(s, TCG_TYPE_I64);
    int top = tcg_new_label(s);
    tcg_gen_mov(s, i, g64[0]);
    tcg_gen_movi(s, acc, 0);
    tcg_gen_set_label(s, top);
    tcg_gen_add(s, acc, acc, i);
    tcg_gen_subi(s, i, i, 1);
    tcg_gen_brcondi(s, TCG_COND_NE, i, 0, top);
    tcg_gen_mov(s, g64[4], acc);
    tcg_gen_exit_tb(s, 0);
    tcg_interpret(s, &env);
    report("loop", env.g64[4] == 5050, "sum %" PRIu64, env.g64[4]);
}

/* exit_tb returns its constant and stops; goto_tb falls through; goto_ptr
 * returns its input; structure ops do nothing. */
static void test_exits(void)
{
    Env env;
    memset(&env, 0, sizeof(env));
    tcg_func_start(s);
    tcg_gen_insn_start(s, 0x401000, 3);
    tcg_gen_goto_tb(s, 0);
    tcg_gen_mb(s);
    TCGv t = tcg_temp_new(s, TCG_TYPE_I64);
    tcg_gen_movi(s, t, 5);
    tcg_gen_discard(s, t);
    tcg_emit_op(s, INDEX_op_nop, TCG_TYPE_I64);
    tcg_gen_movi(s, g64[4], 11);
    tcg_gen_exit_tb(s, 0x1234);
    tcg_gen_movi(s, g64[4], 12);
    tcg_gen_exit_tb(s, 1);
    uintptr_t r = tcg_interpret(s, &env);
    report("exit_tb", r == 0x1234 && env.g64[4] == 11, "ret %#lx r %" PRIu64, (unsigned long)r, env.g64[4]);

    env.g64[0] = 0xabcdef0123ull;
    tcg_func_start(s);
    tcg_gen_goto_ptr(s, g64[0]);
    tcg_gen_movi(s, g64[4], 12);
    tcg_gen_exit_tb(s, 1);
    r = tcg_interpret(s, &env);
    report("goto_ptr", r == 0xabcdef0123ull && env.g64[4] == 11, "ret %#lx", (unsigned long)r);
}

/* ---- host memory ---- */

static void test_host_loads(void)
{
    static const struct { TCGOpcode opc; TCGType type; unsigned size; bool sign; } lds[] = {
        { INDEX_op_ld8u, TCG_TYPE_I32, 1, false }, { INDEX_op_ld8s, TCG_TYPE_I32, 1, true },
        { INDEX_op_ld16u, TCG_TYPE_I32, 2, false }, { INDEX_op_ld16s, TCG_TYPE_I32, 2, true },
        { INDEX_op_ld, TCG_TYPE_I32, 4, false }, { INDEX_op_ld8u, TCG_TYPE_I64, 1, false },
        { INDEX_op_ld8s, TCG_TYPE_I64, 1, true }, { INDEX_op_ld16u, TCG_TYPE_I64, 2, false },
        { INDEX_op_ld16s, TCG_TYPE_I64, 2, true }, { INDEX_op_ld32u, TCG_TYPE_I64, 4, false },
        { INDEX_op_ld32s, TCG_TYPE_I64, 4, true }, { INDEX_op_ld, TCG_TYPE_I64, 8, false },
    };
    char why[160] = "";
    bool ok = true;
    for (size_t k = 0; ok && k < sizeof(lds) / sizeof(lds[0]); k++) {
        for (int off = 0; ok && off < 16; off += 3) {
            for (int through_env = 0; ok && through_env < 2; through_env++) {
                Env env;
                memset(&env, 0, sizeof(env));
                for (int i = 0; i < 64; i++)
                    env.bytes[i] = (uint8_t)(0x81 + i * 0x3b);
                env.g64[0] = (uint64_t)(uintptr_t)&env.bytes[0];
                tcg_func_start(s);
                TCGv r = tcg_temp_new(s, lds[k].type);
                if (through_env)
                    tcg_gen_ld(s, lds[k].opc, r, s->env, (int32_t)(offsetof(Env, bytes) + off));
                else
                    tcg_gen_ld(s, lds[k].opc, r, g64[0], off);
                tcg_gen_mov(s, glob(lds[k].type, 4), r);
                tcg_gen_exit_tb(s, 0);
                tcg_interpret(s, &env);
                uint64_t want = 0;
                for (unsigned i = 0; i < lds[k].size; i++)
                    want |= (uint64_t)env.bytes[off + i] << (8 * i);
                if (lds[k].sign && (want >> (8 * lds[k].size - 1)) & 1)
                    want |= ~0ull << (8 * lds[k].size - 1);
                want = trunc_t(lds[k].type, want);
                uint64_t got = lds[k].type == TCG_TYPE_I32 ? env.g32[4] : env.g64[4];
                if (got != want) {
                    snprintf(why, sizeof(why), "%s type %d off %d: got %#" PRIx64 " want %#" PRIx64,
                             tcg_op_defs[lds[k].opc].name, lds[k].type, off, got, want);
                    ok = false;
                }
            }
        }
    }
    report("host_loads", ok, "%s", why);
}

static void test_host_stores(void)
{
    static const struct { TCGOpcode opc; TCGType type; unsigned size; } sts[] = {
        { INDEX_op_st8, TCG_TYPE_I32, 1 }, { INDEX_op_st16, TCG_TYPE_I32, 2 }, { INDEX_op_st, TCG_TYPE_I32, 4 },
        { INDEX_op_st8, TCG_TYPE_I64, 1 }, { INDEX_op_st16, TCG_TYPE_I64, 2 }, { INDEX_op_st32, TCG_TYPE_I64, 4 },
        { INDEX_op_st, TCG_TYPE_I64, 8 },
    };
    char why[160] = "";
    bool ok = true;
    const uint64_t v = 0x8877665544332211ull;
    for (size_t k = 0; ok && k < sizeof(sts) / sizeof(sts[0]); k++) {
        for (int off = 1; ok && off < 16; off += 5) {
            Env env;
            memset(&env, 0, sizeof(env));
            memset(env.bytes, 0xee, sizeof(env.bytes));
            env.g64[1] = v;
            env.g32[1] = (uint32_t)v;
            env.g64[0] = (uint64_t)(uintptr_t)&env.bytes[0];
            tcg_func_start(s);
            tcg_gen_st(s, sts[k].opc, glob(sts[k].type, 1), g64[0], off);
            tcg_gen_st(s, sts[k].opc, glob(sts[k].type, 1), s->env, (int32_t)(offsetof(Env, bytes) + off + 24));
            tcg_gen_exit_tb(s, 0);
            tcg_interpret(s, &env);
            uint8_t want[64];
            memset(want, 0xee, sizeof(want));
            for (unsigned i = 0; i < sts[k].size; i++)
                want[off + i] = want[off + 24 + i] = (uint8_t)(v >> (8 * i));
            if (memcmp(want, env.bytes, sizeof(want)) != 0) {
                snprintf(why, sizeof(why), "%s type %d off %d: wrong bytes", tcg_op_defs[sts[k].opc].name,
                         sts[k].type, off);
                ok = false;
            }
        }
    }
    report("host_stores", ok, "%s", why);
}

/* ---- guest memory (with a nonzero guest_base) ---- */

static void test_guest_mem(void)
{
    static uint8_t buf[64];
    const uint64_t gaddr = 0x10000;
    char why[160] = "";
    bool ok = true;
    s->guest_base = (uintptr_t)buf - gaddr;
    for (int t = TCG_TYPE_I32; t <= TCG_TYPE_I64; t++) {
        TCGType type = (TCGType)t;
        for (int mop = 0; mop < 8; mop++) {
            unsigned size = 1u << (mop & MO_SIZE);
            if ((type == TCG_TYPE_I32 && size == 8) || (mop & MO_SIGN && size == 8))
                continue;
            for (int off = 0; off < 9; off += 4) {
                Env env;
                memset(&env, 0, sizeof(env));
                for (int i = 0; i < 64; i++)
                    buf[i] = (uint8_t)(0x9c + i * 0x45);
                env.g64[0] = gaddr + (uint64_t)off;
                env.g64[1] = gaddr + 32 + (uint64_t)off;
                env.g64[2] = 0xf0e1d2c3b4a59687ull;
                env.g32[2] = 0xb4a59687u;
                uint64_t want = 0;
                for (unsigned i = 0; i < size; i++)
                    want |= (uint64_t)buf[off + i] << (8 * i);
                if ((mop & MO_SIGN) && (want >> (8 * size - 1)) & 1)
                    want |= ~0ull << (8 * size - 1);
                want = trunc_t(type, want);
                tcg_func_start(s);
                TCGv r = tcg_temp_new(s, type);
                tcg_gen_qemu_ld(s, r, g64[0], (MemOp)mop, 0);
                tcg_gen_mov(s, glob(type, 4), r);
                tcg_gen_qemu_st(s, glob(type, 2), g64[1], (MemOp)mop, 0);
                tcg_gen_exit_tb(s, 0);
                tcg_interpret(s, &env);
                uint64_t got = type == TCG_TYPE_I32 ? env.g32[4] : env.g64[4];
                if (got != want) {
                    snprintf(why, sizeof(why), "qemu_ld type %d mop %d: got %#" PRIx64 " want %#" PRIx64, t, mop, got, want);
                    ok = false;
                }
                for (unsigned i = 0; i < size + 1; i++) {
                    uint8_t wb = i < size ? (uint8_t)(0xf0e1d2c3b4a59687ull >> (8 * i)) : (uint8_t)(0x9c + (32 + off + i) * 0x45);
                    if (buf[32 + off + i] != wb) {
                        snprintf(why, sizeof(why), "qemu_st type %d mop %d byte %u: %#x want %#x", t, mop, i, buf[32 + off + i], wb);
                        ok = false;
                    }
                }
            }
        }
    }
    s->guest_base = 0;
    report("guest_mem", ok, "%s", why);
}

static void test_atomics(void)
{
    static uint8_t buf[16];
    char why[160] = "";
    bool ok = true;
    s->guest_base = (uintptr_t)buf;
    for (int mop = MO_8; mop <= MO_64; mop++) {
        unsigned size = 1u << mop;
        uint64_t mask = size == 8 ? ~0ull : (1ull << (8 * size)) - 1;
        const uint64_t init = 0x8182838485868788ull;
        for (int kind = 0; kind < 4; kind++) {
            Env env;
            memset(&env, 0, sizeof(env));
            memcpy(buf, &init, 8);
            env.g64[0] = 0;                       /* address */
            env.g64[1] = kind == 1 ? 0x55 : init; /* expected: fails for kind 1 */
            env.g64[2] = 0x0102030405060708ull;   /* new / addend */
            tcg_func_start(s);
            TCGv old = tcg_temp_new(s, TCG_TYPE_I64);
            if (kind <= 1)
                tcg_gen_atomic_cmpxchg(s, old, g64[0], g64[1], g64[2], (MemOp)mop, 0);
            else if (kind == 2)
                tcg_gen_atomic_xchg(s, old, g64[0], g64[2], (MemOp)mop, 0);
            else
                tcg_gen_atomic_fetch_add(s, old, g64[0], g64[2], (MemOp)mop, 0);
            tcg_gen_mov(s, g64[4], old);
            tcg_gen_exit_tb(s, 0);
            tcg_interpret(s, &env);
            uint64_t mem;
            memcpy(&mem, buf, 8);
            uint64_t newv = kind == 1 ? init : kind == 3 ? init + 0x0102030405060708ull : 0x0102030405060708ull;
            uint64_t want_mem = (init & ~mask) | (newv & mask);
            if (env.g64[4] != (init & mask) || mem != want_mem) {
                snprintf(why, sizeof(why), "kind %d size %u: old %#" PRIx64 " mem %#" PRIx64 " want %#" PRIx64,
                         kind, size, env.g64[4], mem, want_mem);
                ok = false;
            }
        }
    }
    s->guest_base = 0;
    report("atomics", ok, "%s", why);
}

/* ---- calls ---- */

static uint64_t h0(void) { return 0x1111222233334444ull; }
static uint64_t h1(uint64_t a) { return a * 3; }
static uint64_t h2(uint64_t a, uint64_t b) { return a - b; }
static uint64_t h3(uint64_t a, uint64_t b, uint64_t c) { return a ^ (b << 1) ^ (c << 2); }
static uint64_t h4(uint64_t a, uint64_t b, uint64_t c, uint64_t d) { return a + 2 * b + 3 * c + 4 * d; }
static uint64_t h5(uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e) { return a * b + c * d + e; }
static uint64_t h6(uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e, uint64_t f)
{
    return a + (b << 8) + (c << 16) + (d << 24) + (e << 32) + (f << 40);
}
static void h_write_env(uint64_t envp, uint64_t v) { ((Env *)(uintptr_t)envp)->g64[3] = v; }
static uint32_t h_i32(uint32_t a) { return a + 0x80000000u; }

static void test_calls(void)
{
    static const void *const fns[] = { h0, h1, h2, h3, h4, h5, h6 };
    const uint64_t v[6] = { 0x10, 0x2345, 0xfffffffffffffff0ull, 7, 0x80000000ull, 0x33 };
    uint64_t want[7] = { h0(), h1(v[0]), h2(v[0], v[1]), h3(v[0], v[1], v[2]), h4(v[0], v[1], v[2], v[3]),
                         h5(v[0], v[1], v[2], v[3], v[4]), h6(v[0], v[1], v[2], v[3], v[4], v[5]) };
    char why[160] = "";
    bool ok = true;
    for (int n = 0; n <= 6; n++) {
        Env env;
        memset(&env, 0, sizeof(env));
        tcg_func_start(s);
        TCGv args[6], r = tcg_temp_new(s, TCG_TYPE_I64);
        for (int i = 0; i < n; i++)
            args[i] = tcg_constant_i64(s, v[i]);
        tcg_gen_call(s, (void *)fns[n], TCG_CALL_NO_RWG, r, n, args);
        tcg_gen_mov(s, g64[4], r);
        tcg_gen_exit_tb(s, 0);
        tcg_interpret(s, &env);
        if (env.g64[4] != want[n]) {
            snprintf(why, sizeof(why), "%d args: %#" PRIx64 " want %#" PRIx64, n, env.g64[4], want[n]);
            ok = false;
        }
    }
    report("call_args", ok, "%s", why);

    Env env;
    memset(&env, 0, sizeof(env));
    env.g32[0] = 0x90000001u;
    tcg_func_start(s);
    TCGv r32 = tcg_temp_new(s, TCG_TYPE_I32);
    tcg_gen_movi(s, g64[3], 1);
    tcg_gen_calln(s, h_write_env, 0, TCGV_NONE, s->env, tcg_constant_i64(s, 99));
    tcg_gen_mov(s, g64[4], g64[3]);
    tcg_gen_calln(s, h_i32, TCG_CALL_NO_RWG_SE, r32, g32[0]);
    tcg_gen_mov(s, g32[4], r32);
    tcg_gen_exit_tb(s, 0);
    tcg_interpret(s, &env);
    report("call_env_i32", env.g64[4] == 99 && env.g32[4] == 0x10000001u,
           "global after helper %" PRIu64 ", i32 result %#x", env.g64[4], env.g32[4]);
}

/* ---- what the optimizer makes of small programs ---- */

static int count_ops(TCGOpcode opc)
{
    int n = 0;
    for (int i = 0; i < s->nb_ops; i++)
        n += s->ops[i].opc == opc;
    return n;
}

/* The op that writes `t` last, or NULL. */
static const TCGOp *last_writer(TCGv t)
{
    for (int i = s->nb_ops - 1; i >= 0; i--)
        if (s->ops[i].nb_oargs > 0 && s->ops[i].args[0] == t)
            return &s->ops[i];
    return NULL;
}

static bool writes_const(TCGv t, uint64_t v)
{
    const TCGOp *op = last_writer(t);
    return op && op->opc == INDEX_op_mov && s->temps[op->args[1]].kind == TEMP_CONST &&
           (uint64_t)s->temps[op->args[1]].val == v;
}

static void test_opt_folding(void)
{
    tcg_func_start(s);
    TCGv a = tcg_temp_new(s, TCG_TYPE_I64), b = tcg_temp_new(s, TCG_TYPE_I64), c = tcg_temp_new(s, TCG_TYPE_I32);
    tcg_gen_movi(s, a, 5);
    tcg_gen_addi(s, b, a, 3);
    tcg_gen_mul(s, b, b, a);              /* 40 */
    tcg_gen_extrl_i64_i32(s, c, b);
    tcg_gen_clz(s, c, c, g32[0]);         /* clz32(40) = 26 */
    tcg_gen_mov(s, g32[4], c);
    tcg_gen_setcond(s, TCG_COND_LTU, g64[4], b, a); /* 0 */
    tcg_gen_exit_tb(s, 0);
    tcg_optimize(s);
    report("opt_fold_constants", writes_const(g32[4], 26) && writes_const(g64[4], 0) && count_ops(INDEX_op_mul) == 0,
           "constants not folded");

    tcg_func_start(s);
    tcg_gen_addi(s, g64[4], g64[0], 0);
    tcg_gen_andi(s, g64[5], g64[1], 0);
    tcg_gen_xor(s, g32[4], g32[0], g32[0]);
    tcg_gen_ori(s, g32[5], g32[1], 0xffffffff);
    tcg_gen_exit_tb(s, 0);
    tcg_optimize(s);
    const TCGOp *op = last_writer(g64[4]);
    report("opt_algebra", op && op->opc == INDEX_op_mov && op->args[1] == g64[0] && writes_const(g64[5], 0) &&
           writes_const(g32[4], 0) && writes_const(g32[5], 0xffffffff), "identities not simplified");
}

static void test_opt_copies(void)
{
    tcg_func_start(s);
    TCGv t = tcg_temp_new(s, TCG_TYPE_I64);
    tcg_gen_mov(s, t, g64[0]);
    tcg_gen_add(s, g64[4], t, t);
    tcg_gen_exit_tb(s, 0);
    tcg_optimize(s);
    const TCGOp *op = last_writer(g64[4]);
    report("opt_copy_propagation", op && op->args[1] == g64[0] && op->args[2] == g64[0], "copy not propagated");

    /* a helper that may write globals ends what is known about them */
    tcg_func_start(s);
    t = tcg_temp_new(s, TCG_TYPE_I64);
    tcg_gen_mov(s, t, g64[0]);
    tcg_gen_call0(s, h0, 0, TCGV_NONE);
    tcg_gen_add(s, g64[4], t, t);
    tcg_gen_exit_tb(s, 0);
    tcg_optimize(s);
    op = last_writer(g64[4]);
    report("opt_copy_killed_by_call", op && op->args[1] == t, "global copy kept across a helper");

    /* a label ends everything */
    tcg_func_start(s);
    TCGv tb = tcg_temp_new_tb(s, TCG_TYPE_I64);
    int l = tcg_new_label(s);
    tcg_gen_movi(s, tb, 3);
    tcg_gen_brcondi(s, TCG_COND_EQ, g64[0], 0, l);
    tcg_gen_movi(s, tb, 4);
    tcg_gen_set_label(s, l);
    tcg_gen_add(s, g64[4], tb, tb);
    tcg_gen_exit_tb(s, 0);
    tcg_optimize(s);
    op = last_writer(g64[4]);
    report("opt_label_forgets", op && op->opc == INDEX_op_add && op->args[1] == tb, "constant kept across a label");
}

static void test_opt_branches(void)
{
    /* code after a jump is gone up to a label something branches to */
    tcg_func_start(s);
    int skip = tcg_new_label(s), never = tcg_new_label(s), after = tcg_new_label(s);
    tcg_gen_br(s, skip);
    tcg_gen_insn_start(s, 0x1000, 0);
    tcg_gen_brcondi(s, TCG_COND_EQ, g64[0], 0, never);
    tcg_gen_movi(s, g64[4], 1);
    tcg_gen_set_label(s, never);
    tcg_gen_movi(s, g64[4], 2);
    tcg_gen_set_label(s, skip);
    tcg_gen_brcondi(s, TCG_COND_EQ, g64[0], 0, after);
    tcg_gen_movi(s, g64[4], 3);
    tcg_gen_set_label(s, after);
    tcg_gen_exit_tb(s, 0);
    tcg_optimize(s);
    report("opt_unreachable", s->ops[1].opc == INDEX_op_insn_start && s->ops[2].opc == INDEX_op_nop &&
           s->ops[3].opc == INDEX_op_nop && s->ops[5].opc == INDEX_op_nop && s->labels[never].refs == 0 &&
           s->ops[8].opc == INDEX_op_mov, "ops %s %s %s %s", tcg_op_defs[s->ops[2].opc].name,
           tcg_op_defs[s->ops[3].opc].name, tcg_op_defs[s->ops[5].opc].name, tcg_op_defs[s->ops[8].opc].name);

    tcg_func_start(s);
    int l1 = tcg_new_label(s), l2 = tcg_new_label(s);
    TCGv k = tcg_constant_i64(s, 7);
    tcg_gen_brcondi(s, TCG_COND_LTU, k, 3, l1);        /* never */
    tcg_gen_brcond(s, TCG_COND_LE, g64[0], g64[0], l2); /* always */
    tcg_gen_set_label(s, l1);
    tcg_gen_set_label(s, l2);
    tcg_gen_exit_tb(s, 0);
    tcg_optimize(s);
    report("opt_branches", s->ops[0].opc == INDEX_op_nop && s->ops[1].opc == INDEX_op_br && s->ops[1].args[0] == (TCGArg)l2 &&
           s->labels[l1].refs == 0 && s->labels[l2].refs == 1, "ops %s %s", tcg_op_defs[s->ops[0].opc].name,
           tcg_op_defs[s->ops[1].opc].name);
}

/* st then ld of the same env field: the load becomes a move or an
 * extension, unless something in between may have changed the field. */
static void test_opt_store_forwarding(void)
{
    const int32_t f = (int32_t)offsetof(Env, bytes);
    static const char *const names[] = { "plain", "narrower", "call", "label", "other_base", "overlap" };
    for (int k = 0; k < 6; k++) {
        tcg_func_start(s);
        TCGv t = tcg_temp_new(s, TCG_TYPE_I64), p = tcg_temp_new(s, TCG_TYPE_I64);
        int l = tcg_new_label(s);
        tcg_gen_st(s, INDEX_op_st, g64[0], s->env, f);
        if (k == 2)
            tcg_gen_call0(s, h0, TCG_CALL_NO_RWG, TCGV_NONE);
        if (k == 3) {
            tcg_gen_brcondi(s, TCG_COND_EQ, g64[1], 0, l);
            tcg_gen_set_label(s, l);
        }
        if (k == 4) {
            tcg_gen_mov(s, p, g64[2]);
            tcg_gen_st(s, INDEX_op_st8, g64[1], p, 0);
        }
        if (k == 5)
            tcg_gen_st(s, INDEX_op_st16, g64[1], s->env, f + 3);
        tcg_gen_ld(s, k == 1 ? INDEX_op_ld32s : INDEX_op_ld, t, s->env, f);
        tcg_gen_mov(s, g64[4], t);
        tcg_gen_exit_tb(s, 0);
        tcg_optimize(s);
        const TCGOp *op = last_writer(t);
        bool forwarded = op && op->opc != INDEX_op_ld && op->opc != INDEX_op_ld32s;
        bool want = k < 2;
        char name[64];
        snprintf(name, sizeof(name), "opt_store_forwarding_%s", names[k]);
        report(name, forwarded == want && (!forwarded || (op->args[1] == g64[0] &&
                                           op->opc == (k == 1 ? INDEX_op_ext32s : INDEX_op_mov))),
               "load %s", forwarded ? "forwarded" : "kept");
    }
}

/* Known bits: extensions of values already in range go; an op reading
 * only low bits reads past the extension; but never from an EBB temp
 * across a label, even one that no branch targets any more. */
static void test_opt_known_bits(void)
{
    tcg_func_start(s);
    TCGv t = tcg_temp_new(s, TCG_TYPE_I64), u = tcg_temp_new(s, TCG_TYPE_I64);
    tcg_gen_ld(s, INDEX_op_ld16u, t, s->env, (int32_t)offsetof(Env, bytes));
    tcg_gen_ext32u(s, u, t);                  /* already zero above bit 16 */
    tcg_gen_andi(s, g64[4], u, 0xffff);       /* so is this */
    tcg_gen_ext32u(s, t, g64[0]);
    tcg_gen_st(s, INDEX_op_st32, t, s->env, (int32_t)offsetof(Env, bytes) + 8); /* stores g64[0] */
    tcg_gen_exit_tb(s, 0);
    tcg_optimize(s);
    const TCGOp *st32 = &s->ops[4];
    report("opt_known_bits", s->ops[1].opc == INDEX_op_mov && s->ops[2].opc == INDEX_op_mov &&
           st32->opc == INDEX_op_st32 && st32->args[0] == g64[0], "ops %s %s, st32 of %u",
           tcg_op_defs[s->ops[1].opc].name, tcg_op_defs[s->ops[2].opc].name, (unsigned)st32->args[0]);

    tcg_func_start(s);
    TCGv e = tcg_temp_new(s, TCG_TYPE_I64), tb = tcg_temp_new_tb(s, TCG_TYPE_I64), tb2 = tcg_temp_new_tb(s, TCG_TYPE_I64);
    int l = tcg_new_label(s);
    tcg_gen_add(s, e, g64[0], g64[1]);
    tcg_gen_ext32u(s, tb, e);
    tcg_gen_st(s, INDEX_op_st, e, s->env, (int32_t)offsetof(Env, bytes));
    tcg_gen_brcond(s, TCG_COND_NEVER, g64[0], g64[0], l);
    tcg_gen_set_label(s, l);
    tcg_gen_qemu_st(s, tb, g64[2], MO_UL, 0);
    tcg_gen_ld(s, INDEX_op_ld, tb2, s->env, (int32_t)offsetof(Env, bytes));
    tcg_gen_mov(s, g64[4], tb2);
    tcg_gen_exit_tb(s, 0);
    tcg_optimize(s);
    bool uses_e = false;
    for (int i = 5; i < s->nb_ops; i++)
        for (int a = s->ops[i].nb_oargs; a < s->ops[i].nb_oargs + s->ops[i].nb_iargs; a++)
            uses_e |= s->ops[i].args[a] == e;
    report("opt_ebb_dead_at_label", !uses_e, "an EBB temp is read after a label");

    /* an EBB copy made before such a label must not stand in for one made after */
    tcg_func_start(s);
    TCGv e1 = tcg_temp_new(s, TCG_TYPE_I64), e2 = tcg_temp_new(s, TCG_TYPE_I64);
    l = tcg_new_label(s);
    tcg_gen_mov(s, e1, g64[0]);
    tcg_gen_brcond(s, TCG_COND_NEVER, g64[0], g64[0], l);
    tcg_gen_set_label(s, l);
    tcg_gen_mov(s, e2, g64[0]);
    tcg_gen_movi(s, g64[0], 5);
    tcg_gen_add(s, g64[4], e2, e2);
    tcg_gen_exit_tb(s, 0);
    tcg_optimize(s);
    const TCGOp *add = last_writer(g64[4]);
    report("opt_ebb_copy_dead_at_label", add && add->args[1] == e2 && add->args[2] == e2,
           "add reads %u %u, want %u", (unsigned)add->args[1], (unsigned)add->args[2], (unsigned)e2);
}

int main(void)
{
    s = calloc(1, sizeof(*s));
    tcg_context_init(s);
    for (int i = 0; i < 6; i++) {
        static const char *const n64[] = { "a", "b", "c", "d", "r", "r2" };
        g64[i] = tcg_global_mem_new(s, TCG_TYPE_I64, (int)offsetof(Env, g64[i]), n64[i]);
    }
    for (int i = 0; i < 6; i++) {
        static const char *const n32[] = { "a32", "b32", "c32", "d32", "r32", "r232" };
        g32[i] = tcg_global_mem_new(s, TCG_TYPE_I32, (int)offsetof(Env, g32[i]), n32[i]);
    }
    test_all_arith();
    test_brcond(TCG_TYPE_I32);
    test_brcond(TCG_TYPE_I64);
    test_loop();
    test_exits();
    test_host_loads();
    test_host_stores();
    test_guest_mem();
    test_atomics();
    test_calls();
    test_opt_folding();
    test_opt_copies();
    test_opt_branches();
    test_opt_store_forwarding();
    test_opt_known_bits();
    free(s);
    return failures != 0;
}

/* test_backend.c — the x86-64 backend against C: hand-written IR programs
 * over a fake env are compiled with tcg_gen_code, run through the shared
 * prologue, and their effect on env (and the exit value) is compared with
 * the same computation done in C.  Covers every op in both types with
 * edge values and operand shapes (register, immediate, output aliasing an
 * input), register pressure, helper calls, labels and TB temps, block
 * chaining, goto_ptr, guest memory (register, register + constant and
 * constant addresses; zero, small and large guest_base), atomics, the
 * backend's peepholes (zero-extension folding, load+branch fusion), the
 * fallbacks for hosts without lzcnt/tzcnt/popcnt/andn, oversized blocks
 * and buffer overflow. */
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "tcg/backend.h"
#include "tcg/tcg.h"

#define NG 16
typedef struct Env {
    uint64_t g[NG];   /* i64 globals */
    uint32_t w[NG];   /* i32 globals */
    uint64_t calls;   /* written by helpers */
    uint8_t mem[256]; /* host memory for ld/st */
} Env;

static TCGContext *s;
static TCGv G[NG], W[NG];
static uint8_t *code_buf, *code_end;
static TCGCodeInfo info;
static int failures, passes;

#define CODE_SIZE (64u << 20)

static void fail(const char *name, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    printf("FAIL %s: ", name);
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
    failures++;
}

static void check(bool ok, const char *name, const char *fmt, ...)
{
    if (ok)
        return;
    va_list ap;
    va_start(ap, fmt);
    printf("FAIL %s: ", name);
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
    failures++;
}

/* Report a case: ok if no failure happened since `before`. */
static void report(const char *name, int before)
{
    if (failures == before) {
        printf("ok %s\n", name);
        passes++;
    }
}

/* Compile the current IR; returns its code or NULL. */
static uint8_t *compile(void)
{
    s->code_ptr = code_buf;
    s->code_end = code_end;
    uint8_t *start = s->code_ptr;
    int n = tcg_gen_code(s, &info);
    if (n < 0)
        return NULL;
    code_buf = s->code_ptr;
    return start;
}

static uintptr_t run(const uint8_t *code, Env *env) { return tcg_prologue.tb_exec(env, code); }

static uintptr_t compile_run(Env *env)
{
    uint8_t *code = compile();
    if (!code) {
        fail("compile", "tcg_gen_code failed");
        return (uintptr_t)-1;
    }
    return run(code, env);
}

/* ---- edge values ---- */
static const uint64_t vals64[] = {
    0, 1, 2, 3, 7, 31, 32, 33, 63, 64, 0xff, 0x80, 0x7fff, 0x8000, 0xffff,
    0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull, 0x123456789abcdef0ull,
    0x7fffffffffffffffull, 0x8000000000000000ull, 0xfffffffffffffffeull, 0xffffffffffffffffull,
    0xfedcba9876543210ull, 0x00000000deadbeefull, 0xffffffff80000000ull,
};
#define NVALS (int)(sizeof(vals64) / sizeof(vals64[0]))

static uint64_t trunc_t(TCGType t, uint64_t v) { return t == TCG_TYPE_I32 ? (uint32_t)v : v; }
static int width(TCGType t) { return t == TCG_TYPE_I32 ? 32 : 64; }
static int64_t sext_t(TCGType t, uint64_t v) { return t == TCG_TYPE_I32 ? (int64_t)(int32_t)v : (int64_t)v; }

/* ---- reference semantics ---- */
static bool ref_binary(TCGOpcode opc, TCGType t, uint64_t a, uint64_t b, uint64_t *r)
{
    int w = width(t);
    a = trunc_t(t, a);
    b = trunc_t(t, b);
    int64_t sa = sext_t(t, a), sb = sext_t(t, b);
    unsigned c = (unsigned)(b & (uint64_t)(w - 1));
    uint64_t mask = t == TCG_TYPE_I32 ? 0xffffffffu : ~0ull;
    switch (opc) {
    case INDEX_op_add: *r = a + b; break;
    case INDEX_op_sub: *r = a - b; break;
    case INDEX_op_mul: *r = a * b; break;
    case INDEX_op_and: *r = a & b; break;
    case INDEX_op_or: *r = a | b; break;
    case INDEX_op_xor: *r = a ^ b; break;
    case INDEX_op_andc: *r = a & ~b; break;
    case INDEX_op_shl: *r = a << c; break;
    case INDEX_op_shr: *r = a >> c; break;
    case INDEX_op_sar: *r = (uint64_t)(sa >> c); break;
    case INDEX_op_rotl: *r = c ? (a << c) | (a >> (w - c)) : a; break;
    case INDEX_op_rotr: *r = c ? (a >> c) | (a << (w - c)) : a; break;
    case INDEX_op_div: case INDEX_op_rem:
        if (b == 0 || (sb == -1 && sa == (t == TCG_TYPE_I32 ? INT32_MIN : INT64_MIN)))
            return false;
        *r = (uint64_t)(opc == INDEX_op_div ? sa / sb : sa % sb);
        break;
    case INDEX_op_divu: case INDEX_op_remu:
        if (b == 0)
            return false;
        *r = opc == INDEX_op_divu ? a / b : a % b;
        break;
    default: return false;
    }
    *r &= mask;
    return true;
}

static const TCGOpcode binops[] = {
    INDEX_op_add, INDEX_op_sub, INDEX_op_mul, INDEX_op_and, INDEX_op_or, INDEX_op_xor, INDEX_op_andc,
    INDEX_op_shl, INDEX_op_shr, INDEX_op_sar, INDEX_op_rotl, INDEX_op_rotr,
    INDEX_op_div, INDEX_op_divu, INDEX_op_rem, INDEX_op_remu,
};

static TCGv gl(TCGType t, int i) { return t == TCG_TYPE_I32 ? W[i] : G[i]; }
static uint64_t env_get(Env *e, TCGType t, int i) { return t == TCG_TYPE_I32 ? e->w[i] : e->g[i]; }
static void env_set(Env *e, TCGType t, int i, uint64_t v)
{
    if (t == TCG_TYPE_I32)
        e->w[i] = (uint32_t)v;
    else
        e->g[i] = v;
}

/* Shapes: 0 out=g2 from g0,g1; 1 b constant; 2 out aliases a; 3 out aliases b;
 * 4 a constant; 5 through EBB temps; 6 a and b the same global; 7 a live
 * after the op, b dying in it. */
static void gen_binary_shape(TCGOpcode opc, TCGType t, int shape, uint64_t b)
{
    TCGv A = gl(t, 0), B = gl(t, 1), O = gl(t, 2);
    switch (shape) {
    case 0: tcg_gen_op3(s, opc, O, A, B); break;
    case 1: tcg_gen_op3(s, opc, O, A, tcg_constant(s, t, b)); break;
    case 2: tcg_gen_op3(s, opc, A, A, B); break;
    case 3: tcg_gen_op3(s, opc, B, A, B); break;
    case 4: {
        TCGv x = tcg_temp_new(s, t);
        tcg_gen_op3(s, opc, x, tcg_constant(s, t, b), B);
        tcg_gen_mov(s, O, x);
        break;
    }
    case 5: {
        TCGv x = tcg_temp_new(s, t), y = tcg_temp_new(s, t), z = tcg_temp_new(s, t);
        tcg_gen_mov(s, x, A);
        tcg_gen_mov(s, y, B);
        tcg_gen_op3(s, opc, z, x, y);
        tcg_gen_mov(s, O, z);
        break;
    }
    case 6: tcg_gen_op3(s, opc, O, A, A); break;
    case 7: {
        /* a stays live, b dies: commutative ops swap them */
        TCGv y = tcg_temp_new(s, t);
        tcg_gen_add(s, y, B, tcg_constant(s, t, 0x10));
        tcg_gen_subi(s, y, y, 0x10);
        tcg_gen_op3(s, opc, O, A, y);
        tcg_gen_op3(s, INDEX_op_xor, gl(t, 3), A, tcg_constant(s, t, 0x5a));
        break;
    }
    }
    tcg_gen_exit_tb(s, 0);
}

static void test_binary(void)
{
    for (int ti = 0; ti < 2; ti++) {
        TCGType t = ti ? TCG_TYPE_I64 : TCG_TYPE_I32;
        for (size_t oi = 0; oi < sizeof(binops) / sizeof(binops[0]); oi++) {
            TCGOpcode opc = binops[oi];
            int before = failures;
            char name[64];
            snprintf(name, sizeof(name), "%s_%s", tcg_op_defs[opc].name, ti ? "i64" : "i32");
            for (int i = 0; i < NVALS; i++) {
                for (int j = 0; j < NVALS; j++) {
                    for (int shape = 0; shape < 8; shape++) {
                        uint64_t a = vals64[i], b = vals64[j], r;
                        if (shape == 4) {
                            a = vals64[j];
                            b = vals64[i];
                        }
                        if (shape == 6)
                            b = a;
                        if (!ref_binary(opc, t, a, b, &r))
                            continue;
                        tcg_func_start(s);
                        /* shape 4 passes a as the constant */
                        gen_binary_shape(opc, t, shape, shape == 4 ? a : b);
                        Env env;
                        memset(&env, 0x5a, sizeof(env));
                        env_set(&env, t, 0, a);
                        env_set(&env, t, 1, b);
                        compile_run(&env);
                        int out = shape == 2 ? 0 : shape == 3 ? 1 : 2;
                        uint64_t got = env_get(&env, t, out);
                        if (shape == 7 && env_get(&env, t, 3) != trunc_t(t, a ^ 0x5a))
                            got = ~r; /* the live operand was clobbered */
                        if (got != r && failures - before < 5)
                            fail(name, "shape %d a=%#" PRIx64 " b=%#" PRIx64 ": got %#" PRIx64 " want %#" PRIx64,
                                 shape, a, b, got, r);
                        else if (got != r)
                            failures++;
                    }
                }
            }
            report(name, before);
        }
    }
}

/* ---- unary ops ---- */
static uint64_t bswap_n(uint64_t v, int bytes)
{
    uint64_t r = 0;
    for (int i = 0; i < bytes; i++)
        r = (r << 8) | ((v >> (8 * i)) & 0xff);
    return r;
}

static bool ref_unary(TCGOpcode opc, TCGType t, uint64_t a, uint64_t *r)
{
    a = trunc_t(t, a);
    switch (opc) {
    case INDEX_op_neg: *r = -a; break;
    case INDEX_op_not: *r = ~a; break;
    case INDEX_op_ctpop: *r = (uint64_t)__builtin_popcountll(a); break;
    case INDEX_op_bswap16: *r = bswap_n(a, 2); break;
    case INDEX_op_bswap32: *r = bswap_n(a, 4); break;
    case INDEX_op_bswap64: if (t != TCG_TYPE_I64) return false; *r = bswap_n(a, 8); break;
    case INDEX_op_ext8s: *r = (uint64_t)(int64_t)(int8_t)a; break;
    case INDEX_op_ext8u: *r = (uint8_t)a; break;
    case INDEX_op_ext16s: *r = (uint64_t)(int64_t)(int16_t)a; break;
    case INDEX_op_ext16u: *r = (uint16_t)a; break;
    case INDEX_op_ext32s: if (t != TCG_TYPE_I64) return false; *r = (uint64_t)(int64_t)(int32_t)a; break;
    case INDEX_op_ext32u: if (t != TCG_TYPE_I64) return false; *r = (uint32_t)a; break;
    default: return false;
    }
    *r = trunc_t(t, *r);
    return true;
}

static const TCGOpcode unops[] = {
    INDEX_op_neg, INDEX_op_not, INDEX_op_ctpop, INDEX_op_bswap16, INDEX_op_bswap32, INDEX_op_bswap64,
    INDEX_op_ext8s, INDEX_op_ext8u, INDEX_op_ext16s, INDEX_op_ext16u, INDEX_op_ext32s, INDEX_op_ext32u,
};

static void test_unary(void)
{
    for (int ti = 0; ti < 2; ti++) {
        TCGType t = ti ? TCG_TYPE_I64 : TCG_TYPE_I32;
        for (size_t oi = 0; oi < sizeof(unops) / sizeof(unops[0]); oi++) {
            TCGOpcode opc = unops[oi];
            int before = failures;
            char name[64];
            snprintf(name, sizeof(name), "%s_%s", tcg_op_defs[opc].name, ti ? "i64" : "i32");
            uint64_t r;
            if (!ref_unary(opc, t, 0, &r))
                continue;
            for (int i = 0; i < NVALS; i++) {
                for (int shape = 0; shape < 2; shape++) {
                    uint64_t a = vals64[i] ^ (shape ? 0x0102030405060708ull : 0);
                    ref_unary(opc, t, a, &r);
                    tcg_func_start(s);
                    tcg_gen_op2(s, opc, shape ? gl(t, 0) : gl(t, 2), gl(t, 0));
                    tcg_gen_exit_tb(s, 0);
                    Env env;
                    memset(&env, 0xa5, sizeof(env));
                    env_set(&env, t, 0, a);
                    compile_run(&env);
                    uint64_t got = env_get(&env, t, shape ? 0 : 2);
                    check(got == r, name, "a=%#" PRIx64 ": got %#" PRIx64 " want %#" PRIx64, a, got, r);
                }
            }
            report(name, before);
        }
    }
}

/* ---- width changes between types ---- */
static void test_width_changes(void)
{
    int before = failures;
    for (int i = 0; i < NVALS; i++) {
        uint64_t a = vals64[i] * 0x9e3779b97f4a7c15ull + vals64[i];
        tcg_func_start(s);
        tcg_gen_extu_i32_i64(s, G[2], W[0]);
        tcg_gen_exts_i32_i64(s, G[3], W[0]);
        tcg_gen_extrl_i64_i32(s, W[2], G[0]);
        tcg_gen_extrh_i64_i32(s, W[3], G[0]);
        tcg_gen_extrh_i64_i32(s, W[4], G[1]);
        tcg_gen_exit_tb(s, 0);
        Env env;
        memset(&env, 0x77, sizeof(env));
        env.g[0] = a;
        env.g[1] = ~a;
        env.w[0] = (uint32_t)(a >> 7);
        compile_run(&env);
        check(env.g[2] == (uint32_t)(a >> 7), "width_changes", "extu");
        check(env.g[3] == (uint64_t)(int64_t)(int32_t)(a >> 7), "width_changes", "exts");
        check(env.w[2] == (uint32_t)a, "width_changes", "extrl");
        check(env.w[3] == (uint32_t)(a >> 32), "width_changes", "extrh");
        check(env.w[4] == (uint32_t)(~a >> 32), "width_changes", "extrh 2");
    }
    report("width_changes", before);
}

/* ---- clz / ctz ---- */
static void test_count_zeros(const char *suffix)
{
    for (int ti = 0; ti < 2; ti++) {
        TCGType t = ti ? TCG_TYPE_I64 : TCG_TYPE_I32;
        int w = width(t);
        for (int lead = 0; lead < 2; lead++) {
            int before = failures;
            char name[64];
            snprintf(name, sizeof(name), "%s_%s%s", lead ? "clz" : "ctz", ti ? "i64" : "i32", suffix);
            for (int i = 0; i < NVALS; i++) {
                uint64_t a = trunc_t(t, vals64[i]);
                for (int zs = 0; zs < 3; zs++) {
                    uint64_t zv = zs == 0 ? (uint64_t)w : zs == 1 ? 0x1234 : trunc_t(t, 0xdeadbeefcafe);
                    uint64_t want = a == 0 ? zv
                                  : lead ? (uint64_t)(__builtin_clzll(a) - (64 - w))
                                         : (uint64_t)__builtin_ctzll(a);
                    tcg_func_start(s);
                    TCGv z = zs == 2 ? gl(t, 1) : tcg_constant(s, t, zv);
                    tcg_gen_op3(s, lead ? INDEX_op_clz : INDEX_op_ctz, gl(t, 2), gl(t, 0), z);
                    tcg_gen_exit_tb(s, 0);
                    Env env;
                    memset(&env, 0, sizeof(env));
                    env_set(&env, t, 0, a);
                    env_set(&env, t, 1, zv);
                    compile_run(&env);
                    uint64_t got = env_get(&env, t, 2);
                    check(got == want, name, "a=%#" PRIx64 " z=%#" PRIx64 ": got %#" PRIx64 " want %#" PRIx64,
                          a, zv, got, want);
                }
            }
            report(name, before);
        }
    }
}

/* ---- extract / sextract / deposit ---- */
static void test_bitfields(void)
{
    for (int ti = 0; ti < 2; ti++) {
        TCGType t = ti ? TCG_TYPE_I64 : TCG_TYPE_I32;
        int w = width(t);
        int before = failures;
        const char *name = ti ? "bitfields_i64" : "bitfields_i32";
        uint64_t a = trunc_t(t, 0xf0e1d2c3b4a59687ull), b = trunc_t(t, 0x8badf00ddeadbeefull);
        for (int pos = 0; pos < w; pos++) {
            for (int len = 1; pos + len <= w; len++) {
                uint64_t m = len == 64 ? ~0ull : (1ull << len) - 1;
                uint64_t ex = (a >> pos) & m;
                uint64_t sex = trunc_t(t, (len == 64 ? ex : ((ex ^ (1ull << (len - 1))) - (1ull << (len - 1)))));
                uint64_t dep = trunc_t(t, (a & ~(m << pos)) | ((b & m) << pos));
                for (int shape = 0; shape < 2; shape++) {
                    tcg_func_start(s);
                    tcg_gen_extract(s, gl(t, 2), gl(t, 0), pos, len);
                    tcg_gen_sextract(s, gl(t, 3), gl(t, 0), pos, len);
                    if (shape)
                        tcg_gen_deposit(s, gl(t, 0), gl(t, 0), gl(t, 1), pos, len);
                    else
                        tcg_gen_deposit(s, gl(t, 4), gl(t, 0), gl(t, 1), pos, len);
                    tcg_gen_exit_tb(s, 0);
                    Env env;
                    memset(&env, 0x33, sizeof(env));
                    env_set(&env, t, 0, a);
                    env_set(&env, t, 1, b);
                    compile_run(&env);
                    uint64_t gd = env_get(&env, t, shape ? 0 : 4);
                    check(env_get(&env, t, 2) == ex, name, "extract %d,%d: %#" PRIx64 " want %#" PRIx64, pos, len, env_get(&env, t, 2), ex);
                    check(env_get(&env, t, 3) == sex, name, "sextract %d,%d: %#" PRIx64 " want %#" PRIx64, pos, len, env_get(&env, t, 3), sex);
                    check(gd == dep, name, "deposit %d,%d shape %d: %#" PRIx64 " want %#" PRIx64, pos, len, shape, gd, dep);
                    if (failures - before > 10)
                        goto out;
                }
            }
        }
    out:
        report(name, before);
    }
}

/* ---- conditions ---- */
static const TCGCond conds[] = {
    TCG_COND_NEVER, TCG_COND_ALWAYS, TCG_COND_EQ, TCG_COND_NE, TCG_COND_LT, TCG_COND_GE, TCG_COND_LE,
    TCG_COND_GT, TCG_COND_LTU, TCG_COND_GEU, TCG_COND_LEU, TCG_COND_GTU, TCG_COND_TSTEQ, TCG_COND_TSTNE,
};
#define NCONDS (int)(sizeof(conds) / sizeof(conds[0]))

static void test_conditions(void)
{
    static const uint64_t cv[] = { 0, 1, 2, 0x7fffffff, 0x80000000, 0xffffffff, 0x7fffffffffffffffull,
                                   0x8000000000000000ull, 0xffffffffffffffffull, 0x100000000ull, 0x00ff00ff00ff00ffull };
    int ncv = (int)(sizeof(cv) / sizeof(cv[0]));
    for (int ti = 0; ti < 2; ti++) {
        TCGType t = ti ? TCG_TYPE_I64 : TCG_TYPE_I32;
        int before = failures;
        const char *name = ti ? "conditions_i64" : "conditions_i32";
        for (int ci = 0; ci < NCONDS; ci++) {
            for (int i = 0; i < ncv; i++) {
                for (int j = 0; j < ncv; j++) {
                    for (int bconst = 0; bconst < 2; bconst++) {
                        TCGCond c = conds[ci];
                        uint64_t a = trunc_t(t, cv[i]), b = trunc_t(t, cv[j]);
                        bool want = tcg_eval_cond(t, c, a, b);
                        tcg_func_start(s);
                        TCGv B = bconst ? tcg_constant(s, t, b) : gl(t, 1);
                        tcg_gen_setcond(s, c, gl(t, 2), gl(t, 0), B);
                        tcg_gen_movcond(s, c, gl(t, 3), gl(t, 0), B, gl(t, 4), gl(t, 5));
                        tcg_gen_movcond(s, c, gl(t, 5), gl(t, 0), B, gl(t, 4), gl(t, 5));
                        int l = tcg_new_label(s);
                        tcg_gen_brcond(s, c, gl(t, 0), B, l);
                        tcg_gen_exit_tb(s, 10);
                        tcg_gen_set_label(s, l);
                        tcg_gen_exit_tb(s, 20);
                        Env env;
                        memset(&env, 0x11, sizeof(env));
                        env_set(&env, t, 0, a);
                        env_set(&env, t, 1, b);
                        env_set(&env, t, 4, 0x4444);
                        env_set(&env, t, 5, 0x5555);
                        uintptr_t ret = compile_run(&env);
                        check(env_get(&env, t, 2) == want, name, "setcond %d %#" PRIx64 " %#" PRIx64, c, a, b);
                        check(env_get(&env, t, 3) == (want ? 0x4444u : 0x5555u), name, "movcond %d", c);
                        check(env_get(&env, t, 5) == (want ? 0x4444u : 0x5555u), name, "movcond alias %d", c);
                        check(ret == (want ? 20u : 10u), name, "brcond %d %#" PRIx64 " %#" PRIx64 " const %d",
                              c, a, b, bconst);
                    }
                }
            }
        }
        report(name, before);
    }
}

/* a load feeding only a branch compares against memory */
static void test_load_branch(void)
{
    static const uint64_t cv[] = { 0, 1, 0x7f, 0x80, 0x7fffffff, 0x80000000, 0xffffffff, 0xffffffffffffffffull,
                                   0xffffffff80000000ull, 0x123456789ull };
    int n = (int)(sizeof(cv) / sizeof(cv[0]));
    int before = failures;
    for (int ti = 0; ti < 2; ti++) {
        TCGType t = ti ? TCG_TYPE_I64 : TCG_TYPE_I32;
        for (int ci = 2; ci < NCONDS; ci++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < 2 * n; j++) {
                    /* b an immediate, then b in a register (a global) */
                    bool b_reg = j >= n;
                    uint64_t a = trunc_t(t, cv[i]), b = trunc_t(t, cv[j % n]);
                    if (!b_reg && !tcg_target_const_match(t, CT_CONST_S32, (int64_t)b))
                        continue;
                    tcg_func_start(s);
                    TCGv x = tcg_temp_new(s, t);
                    int l = tcg_new_label(s);
                    tcg_gen_addi(s, G[1], G[1], 1); /* a global to sync before the branch */
                    tcg_gen_ld(s, INDEX_op_ld, x, s->env, (int32_t)offsetof(Env, mem) + 8);
                    if (b_reg)
                        tcg_gen_brcond(s, conds[ci], x, t == TCG_TYPE_I64 ? G[2] : W[2], l);
                    else
                        tcg_gen_brcondi(s, conds[ci], x, b, l);
                    tcg_gen_exit_tb(s, 10);
                    tcg_gen_set_label(s, l);
                    tcg_gen_exit_tb(s, 20);
                    Env env;
                    memset(&env, 0, sizeof(env));
                    memcpy(&env.mem[8], &a, 8);
                    env.g[2] = b;
                    env.w[2] = (uint32_t)b;
                    uintptr_t r = compile_run(&env);
                    bool want = tcg_eval_cond(t, conds[ci], a, b);
                    check(r == (want ? 20u : 10u) && env.g[1] == 1, "load_branch",
                          "%s cond %d a=%#" PRIx64 " b=%#" PRIx64, ti ? "i64" : "i32", conds[ci], a, b);
                }
            }
        }
    }
    report("load_branch", before);
}

/* ---- double-width multiply and divide ---- */
static void test_double_word(void)
{
    int before = failures;
    for (int i = 0; i < NVALS; i++) {
        for (int j = 0; j < NVALS; j++) {
            uint64_t a = vals64[i], b = vals64[j];
            tcg_func_start(s);
            tcg_gen_mulu2(s, G[2], G[3], G[0], G[1]);
            tcg_gen_muls2(s, G[4], G[5], G[0], G[1]);
            tcg_gen_mulu2(s, W[2], W[3], W[0], W[1]);
            tcg_gen_muls2(s, W[4], W[5], W[0], W[1]);
            tcg_gen_exit_tb(s, 0);
            Env env;
            memset(&env, 0, sizeof(env));
            env.g[0] = a; env.g[1] = b;
            env.w[0] = (uint32_t)a; env.w[1] = (uint32_t)b;
            compile_run(&env);
            unsigned __int128 pu = (unsigned __int128)a * b;
            __int128 ps = (__int128)(int64_t)a * (int64_t)b;
            uint64_t pu32 = (uint64_t)(uint32_t)a * (uint32_t)b;
            int64_t ps32 = (int64_t)(int32_t)a * (int32_t)b;
            check(env.g[2] == (uint64_t)pu && env.g[3] == (uint64_t)(pu >> 64), "mul2", "mulu2 i64");
            check(env.g[4] == (uint64_t)ps && env.g[5] == (uint64_t)((unsigned __int128)ps >> 64), "mul2", "muls2 i64");
            check(env.w[2] == (uint32_t)pu32 && env.w[3] == (uint32_t)(pu32 >> 32), "mul2", "mulu2 i32");
            check(env.w[4] == (uint32_t)ps32 && env.w[5] == (uint32_t)((uint64_t)ps32 >> 32), "mul2", "muls2 i32");
        }
    }
    report("mul2", before);

    before = failures;
    for (int i = 0; i < NVALS; i++) {
        for (int j = 0; j < NVALS; j++) {
            uint64_t lo = vals64[i], d = vals64[j], hi = d ? (vals64[(i + j) % NVALS] % d) : 0;
            if (d == 0)
                continue;
            unsigned __int128 n = ((unsigned __int128)hi << 64) | lo;
            /* signed: sign-extended dividend that fits */
            int64_t sd = (int64_t)d, shi = (int64_t)lo < 0 ? -1 : 0;
            bool sok = !(sd == -1 && lo == 0x8000000000000000ull);
            tcg_func_start(s);
            tcg_gen_divu2(s, G[2], G[3], G[0], G[1], G[4]);
            tcg_gen_divs2(s, G[5], G[6], G[8], G[7], G[4]);
            tcg_gen_exit_tb(s, 0);
            Env env;
            memset(&env, 0, sizeof(env));
            env.g[0] = env.g[8] = lo; env.g[1] = hi; env.g[4] = d; env.g[7] = (uint64_t)shi;
            if (!sok)
                env.g[8] = env.g[7] = 0; /* keep the signed division defined */
            compile_run(&env);
            check(env.g[2] == (uint64_t)(n / d) && env.g[3] == (uint64_t)(n % d), "div2", "divu2 %#" PRIx64 ":%#" PRIx64 "/%#" PRIx64, hi, lo, d);
            if (sok)
                check(env.g[5] == (uint64_t)((int64_t)lo / sd) && env.g[6] == (uint64_t)((int64_t)lo % sd), "div2", "divs2 %#" PRIx64 "/%#" PRIx64, lo, d);
        }
    }
    report("div2", before);
}

/* ---- host memory ld/st ---- */
static void test_host_memory(void)
{
    int before = failures;
    for (int i = 0; i < NVALS; i++) {
        uint64_t v = vals64[i] * 0x0101010101010101ull ^ vals64[(i + 5) % NVALS];
        int off = (int)offsetof(Env, mem) + 16;
        tcg_func_start(s);
        TCGv e = s->env;
        tcg_gen_ld(s, INDEX_op_ld8u, G[1], e, off);
        tcg_gen_ld(s, INDEX_op_ld8s, G[2], e, off);
        tcg_gen_ld(s, INDEX_op_ld16u, G[3], e, off);
        tcg_gen_ld(s, INDEX_op_ld16s, G[4], e, off);
        tcg_gen_ld(s, INDEX_op_ld32u, G[5], e, off);
        tcg_gen_ld(s, INDEX_op_ld32s, G[6], e, off);
        tcg_gen_ld(s, INDEX_op_ld, G[7], e, off);
        tcg_gen_ld(s, INDEX_op_ld8s, W[1], e, off);
        tcg_gen_ld(s, INDEX_op_ld16s, W[2], e, off);
        tcg_gen_ld(s, INDEX_op_ld, W[3], e, off);
        tcg_gen_st(s, INDEX_op_st8, G[0], e, off + 32);
        tcg_gen_st(s, INDEX_op_st16, G[0], e, off + 40);
        tcg_gen_st(s, INDEX_op_st32, G[0], e, off + 48);
        tcg_gen_st(s, INDEX_op_st, G[0], e, off + 56);
        tcg_gen_st(s, INDEX_op_st, W[0], e, off + 64);
        tcg_gen_st(s, INDEX_op_st8, tcg_constant_i64(s, v), e, off + 72);
        tcg_gen_st(s, INDEX_op_st16, tcg_constant_i64(s, v), e, off + 80);
        tcg_gen_st(s, INDEX_op_st32, tcg_constant_i64(s, v), e, off + 88);
        tcg_gen_st(s, INDEX_op_st, tcg_constant_i64(s, v), e, off + 96);
        /* a base register other than env */
        TCGv p = tcg_temp_new(s, TCG_TYPE_I64);
        tcg_gen_addi(s, p, e, off);
        tcg_gen_ld(s, INDEX_op_ld16u, G[8], p, 2);
        tcg_gen_st(s, INDEX_op_st8, G[0], p, 104);
        tcg_gen_exit_tb(s, 0);
        Env env;
        memset(&env, 0xcc, sizeof(env));
        memcpy(&env.mem[16], &v, 8);
        env.g[0] = ~v;
        env.w[0] = (uint32_t)(v >> 3);
        compile_run(&env);
        uint8_t *m = &env.mem[16];
        uint64_t mv;
        memcpy(&mv, m, 8);
        check(env.g[1] == (uint8_t)v && env.g[2] == (uint64_t)(int8_t)v, "host_memory", "ld8");
        check(env.g[3] == (uint16_t)v && env.g[4] == (uint64_t)(int16_t)v, "host_memory", "ld16");
        check(env.g[5] == (uint32_t)v && env.g[6] == (uint64_t)(int32_t)v, "host_memory", "ld32");
        check(env.g[7] == v, "host_memory", "ld");
        check(env.w[1] == (uint32_t)(int8_t)v && env.w[2] == (uint32_t)(int16_t)v && env.w[3] == (uint32_t)v,
              "host_memory", "ld i32");
        check(env.g[8] == (uint16_t)(v >> 16), "host_memory", "ld via temp base");
        uint64_t x;
        memcpy(&x, m + 32, 8); check(x == (0xccccccccccccccull << 8 | (uint8_t)~v), "host_memory", "st8 %#" PRIx64, x);
        memcpy(&x, m + 40, 8); check(x == (0xccccccccccccull << 16 | (uint16_t)~v), "host_memory", "st16");
        memcpy(&x, m + 48, 8); check(x == (0xccccccccull << 32 | (uint32_t)~v), "host_memory", "st32");
        memcpy(&x, m + 56, 8); check(x == ~v, "host_memory", "st");
        memcpy(&x, m + 64, 8); check(x == (0xccccccccull << 32 | (uint32_t)(v >> 3)), "host_memory", "st i32");
        memcpy(&x, m + 72, 8); check(x == (0xccccccccccccccull << 8 | (uint8_t)v), "host_memory", "st8 imm");
        memcpy(&x, m + 80, 8); check(x == (0xccccccccccccull << 16 | (uint16_t)v), "host_memory", "st16 imm");
        memcpy(&x, m + 88, 8); check(x == (0xccccccccull << 32 | (uint32_t)v), "host_memory", "st32 imm");
        memcpy(&x, m + 96, 8); check(x == v, "host_memory", "st imm");
        check(m[104] == (uint8_t)~v, "host_memory", "st via temp base");
    }
    report("host_memory", before);
}

/* ---- guest memory (user mode, guest_base 0) ---- */
static void test_guest_memory(uintptr_t gbase)
{
    static uint8_t buf[64] __attribute__((aligned(16)));
    static const MemOp mops[] = { MO_UB, MO_SB, MO_UW, MO_SW, MO_UL, MO_SL, MO_UQ };
    char name[64];
    snprintf(name, sizeof(name), "guest_memory_base_%s", gbase ? "nonzero" : "zero");
    int before = failures;
    s->guest_base = gbase;
    for (int i = 0; i < NVALS; i++) {
        uint64_t v = vals64[i] ^ 0x8070605040302010ull;
        memcpy(buf, &v, 8);
        memset(buf + 8, 0xee, 56);
        tcg_func_start(s);
        for (int k = 0; k < 7; k++)
            tcg_gen_qemu_ld(s, G[1 + k], G[0], mops[k], 0);
        tcg_gen_qemu_ld(s, W[1], G[0], MO_SB, 0);
        tcg_gen_qemu_ld(s, W[2], G[0], MO_SW, 0);
        tcg_gen_qemu_ld(s, W[3], G[0], MO_UL, 0);
        TCGv a = tcg_temp_new(s, TCG_TYPE_I64);
        for (int k = 0; k < 4; k++) {
            tcg_gen_addi(s, a, G[0], 8 + 8 * k);
            tcg_gen_qemu_st(s, G[8], a, (MemOp)k, 0);
            tcg_gen_addi(s, a, G[0], 40 + 4 * k);
            if (k < 3)
                tcg_gen_qemu_st(s, tcg_constant_i64(s, 0x1122334455667788ull), a, (MemOp)k, 0);
        }
        tcg_gen_addi(s, a, G[0], 56);
        tcg_gen_qemu_st(s, W[0], a, MO_32, 0);
        tcg_gen_exit_tb(s, 0);
        Env env;
        memset(&env, 0, sizeof(env));
        env.g[0] = (uint64_t)(uintptr_t)buf - gbase;
        env.g[8] = ~v;
        env.w[0] = 0xabcdef01;
        compile_run(&env);
        check(env.g[1] == (uint8_t)v && env.g[2] == (uint64_t)(int8_t)v, name, "ld8");
        check(env.g[3] == (uint16_t)v && env.g[4] == (uint64_t)(int16_t)v, name, "ld16");
        check(env.g[5] == (uint32_t)v && env.g[6] == (uint64_t)(int32_t)v, name, "ld32");
        check(env.g[7] == v, name, "ld64");
        check(env.w[1] == (uint32_t)(int8_t)v && env.w[2] == (uint32_t)(int16_t)v && env.w[3] == (uint32_t)v, name, "ld i32");
        uint64_t x;
        memcpy(&x, buf + 8, 8); check(x == (0xeeeeeeeeeeeeeeull << 8 | (uint8_t)~v), name, "st8");
        memcpy(&x, buf + 16, 8); check(x == (0xeeeeeeeeeeeeull << 16 | (uint16_t)~v), name, "st16");
        memcpy(&x, buf + 24, 8); check(x == (0xeeeeeeeeull << 32 | (uint32_t)~v), name, "st32");
        memcpy(&x, buf + 32, 8); check(x == ~v, name, "st64");
        check(buf[40] == 0x88 && buf[44] == 0x88 && buf[45] == 0x77 && buf[46] == 0xee, name, "st imm");
        check(buf[48] == 0x88 && buf[51] == 0x55, name, "st32 imm");
        uint32_t y;
        memcpy(&y, buf + 56, 4); check(y == 0xabcdef01, name, "st i32");
    }
    s->guest_base = 0;
    report(name, before);
}

/* address = register + constant folded into the memory operand, in the
 * shapes a translator produces */
static void test_guest_addr_fold(void)
{
    static uint64_t buf[8];
    int before = failures;
    for (int k = 0; k < 8; k++)
        buf[k] = 0x1111111111111111ull * (uint64_t)(k + 1);
    tcg_func_start(s);
    TCGv t = tcg_temp_new(s, TCG_TYPE_I64), u = tcg_temp_new(s, TCG_TYPE_I64);
    tcg_gen_add(s, t, G[0], G[5]);
    tcg_gen_addi(s, t, t, 16); /* t = t + c feeding the load */
    tcg_gen_qemu_ld(s, G[1], t, MO_UQ, 0);
    tcg_gen_addi(s, u, G[0], 24); /* G0 stays live after */
    tcg_gen_qemu_ld(s, G[2], u, MO_UQ, 0);
    tcg_gen_addi(s, u, G[0], 32);
    tcg_gen_qemu_st(s, G[0], u, MO_UQ, 0); /* the base is also the value */
    tcg_gen_addi(s, u, G[3], -8);
    tcg_gen_qemu_ld(s, G[3], u, MO_UQ, 0); /* the base is the output */
    tcg_gen_addi(s, u, G[0], 40);
    tcg_gen_qemu_st(s, u, u, MO_UQ, 0); /* the address is the value: no fold */
    tcg_gen_mov(s, G[4], G[0]);
    tcg_gen_exit_tb(s, 0);
    Env env;
    memset(&env, 0, sizeof(env));
    env.g[0] = (uint64_t)(uintptr_t)buf;
    env.g[3] = (uint64_t)(uintptr_t)&buf[7];
    compile_run(&env);
    check(env.g[1] == buf[2] && env.g[2] == buf[3] && buf[4] == (uint64_t)(uintptr_t)buf && env.g[3] == buf[6] &&
          buf[5] == (uint64_t)(uintptr_t)&buf[5] && env.g[4] == (uint64_t)(uintptr_t)buf,
          "guest_addr_fold", "g1 %#" PRIx64 " g2 %#" PRIx64 " g3 %#" PRIx64, env.g[1], env.g[2], env.g[3]);
    report("guest_addr_fold", before);
}

/* address = base + index << shift (+ constant) folded into one memory
 * operand, the shapes of x86 [base + index * scale + disp], under zero,
 * small and unencodable guest_base */
static void test_guest_addr_index(void)
{
    static uint64_t buf[16];
    static const uintptr_t bases[] = { 0, 0x1000, 0x123456789000ull };
    int before = failures;
    for (int b = 0; b < 3; b++) {
        uintptr_t gb = bases[b];
        s->guest_base = gb;
        for (int k = 0; k < 16; k++)
            buf[k] = 0x0101010101010101ull * (uint64_t)(k + 1);
        tcg_func_start(s);
        TCGv t = tcg_temp_new(s, TCG_TYPE_I64), u = tcg_temp_new(s, TCG_TYPE_I64);
        tcg_gen_shli(s, u, G[5], 3);
        tcg_gen_add(s, t, G[0], u);
        tcg_gen_qemu_ld(s, G[1], t, MO_UQ, 0); /* buf[g5] */
        tcg_gen_shli(s, u, G[5], 2);
        tcg_gen_add(s, t, u, G[0]);            /* index first */
        tcg_gen_addi(s, t, t, 8);
        tcg_gen_qemu_ld(s, W[1], t, MO_UL, 0); /* low half of buf[g5 / 2 + 1] */
        tcg_gen_add(s, t, G[0], G[6]);
        tcg_gen_qemu_ld(s, G[2], t, MO_UB, 0); /* byte g6 */
        tcg_gen_shli(s, u, G[5], 3);
        tcg_gen_add(s, t, G[0], u);
        tcg_gen_addi(s, t, t, -8);
        tcg_gen_qemu_st(s, G[5], t, MO_UQ, 0); /* buf[g5 - 1] = g5: the index is the value */
        tcg_gen_add(s, t, G[7], G[7]);
        tcg_gen_qemu_st(s, tcg_constant_i64(s, 0xbeef), t, MO_UW, 0); /* index == base: g7 * 2 */
        tcg_gen_exit_tb(s, 0);
        Env env;
        memset(&env, 0, sizeof(env));
        env.g[0] = (uint64_t)(uintptr_t)buf - gb;
        env.g[5] = 6;
        env.g[6] = 17;
        env.g[7] = ((uint64_t)(uintptr_t)buf - gb + 120) / 2;
        compile_run(&env);
        uint16_t h;
        memcpy(&h, (uint8_t *)buf + 120, 2);
        check(env.g[1] == buf[6] && env.w[1] == (uint32_t)buf[4] && env.g[2] == 3 && buf[5] == 6 && h == 0xbeef &&
              env.g[5] == 6 && env.g[7] == ((uint64_t)(uintptr_t)buf - gb + 120) / 2,
              "guest_addr_index", "guest_base %#" PRIxPTR ": g1 %#" PRIx64 " w1 %#x g2 %#" PRIx64 " buf5 %#" PRIx64
              " h %#x", gb, env.g[1], env.w[1], env.g[2], buf[5], h);
    }
    s->guest_base = 0;
    report("guest_addr_index", before);
}

/* host loads at env + index << k + offset, the shape of the inline TB
 * lookup's jump-cache probe, folded into one memory operand */
static void test_host_ld_index(void)
{
    int before = failures;
    static const TCGOpcode lds[] = { INDEX_op_ld, INDEX_op_ld32s, INDEX_op_ld16u, INDEX_op_ld8s };
    for (int k = 0; k < 4; k++) {
        tcg_func_start(s);
        TCGv idx = tcg_temp_new(s, TCG_TYPE_I64), scaled = tcg_temp_new(s, TCG_TYPE_I64);
        TCGv addr = tcg_temp_new(s, TCG_TYPE_I64);
        tcg_gen_andi(s, idx, G[0], 7);
        tcg_gen_shli(s, scaled, idx, k);
        tcg_gen_add(s, addr, s->env, scaled);
        tcg_gen_ld(s, lds[k], G[1], addr, (int32_t)offsetof(Env, mem) + 16);
        tcg_gen_add(s, addr, G[3], s->env); /* index first, no shift */
        tcg_gen_ld(s, INDEX_op_ld8u, G[2], addr, (int32_t)offsetof(Env, mem));
        tcg_gen_shli(s, scaled, idx, k);
        tcg_gen_add(s, idx, s->env, scaled); /* overwrites the index: no fold */
        tcg_gen_ld(s, lds[k], G[4], idx, (int32_t)offsetof(Env, mem) + 16);
        tcg_gen_exit_tb(s, 0);
        Env env;
        memset(&env, 0, sizeof(env));
        for (int i = 0; i < 256; i++)
            env.mem[i] = (uint8_t)(0x80 + i * 7);
        env.g[0] = 0x1235;
        env.g[3] = 100;
        uint64_t want;
        int off = 16 + 5 * (1 << k);
        switch (k) {
        case 0: memcpy(&want, &env.mem[off], 8); break;
        case 1: { int32_t v; memcpy(&v, &env.mem[off], 4); want = (uint64_t)(int64_t)v; break; }
        case 2: { uint16_t v; memcpy(&v, &env.mem[off], 2); want = v; break; }
        default: want = (uint64_t)(int64_t)(int8_t)env.mem[off]; break;
        }
        compile_run(&env);
        check(env.g[1] == want && env.g[2] == env.mem[100] && env.g[4] == want, "host_ld_index", "shift %d: %#" PRIx64 " want %#" PRIx64,
              k, env.g[1], want);
    }
    report("host_ld_index", before);
}

/* a wide constant kept in a register: reused within a basic block,
 * still right after a label, a helper call that clobbers registers and
 * register pressure that evicts it */
static uint64_t helper_mix(uint64_t a, uint64_t b) { return a * 3 + b; }

static void test_wide_constants(void)
{
    const uint64_t c = 0x7f7f7f7f7f7f7f7full;
    int before = failures;
    tcg_func_start(s);
    TCGv k = tcg_constant_i64(s, c), r = tcg_temp_new(s, TCG_TYPE_I64);
    int l = tcg_new_label(s);
    tcg_gen_and(s, G[1], G[0], k);
    tcg_gen_add(s, G[2], G[0], k);
    tcg_gen_brcondi(s, TCG_COND_EQ, G[0], 0, l);
    tcg_gen_xor(s, G[3], G[0], k);
    tcg_gen_set_label(s, l);
    tcg_gen_calln(s, helper_mix, TCG_CALL_NO_RWG, r, G[0], k);
    tcg_gen_sub(s, G[4], r, k);
    for (int i = 5; i < NG; i++)
        tcg_gen_add(s, G[i], G[i - 1], G[i - 5]); /* every register busy */
    tcg_gen_or(s, W[0], W[1], tcg_constant_i32(s, 0x80808080u));
    tcg_gen_and(s, G[0], G[15], k);
    tcg_gen_exit_tb(s, 0);
    Env env, ref;
    memset(&env, 0, sizeof(env));
    env.g[0] = 0x123456789abcdef0ull;
    env.w[1] = 0x01020304;
    ref = env;
    ref.g[1] = ref.g[0] & c;
    ref.g[2] = ref.g[0] + c;
    ref.g[3] = ref.g[0] ^ c;
    ref.g[4] = helper_mix(ref.g[0], c) - c;
    for (int i = 5; i < NG; i++)
        ref.g[i] = ref.g[i - 1] + ref.g[i - 5];
    ref.w[0] = ref.w[1] | 0x80808080u;
    ref.g[0] = ref.g[15] & c;
    compile_run(&env);
    check(memcmp(env.g, ref.g, sizeof(ref.g)) == 0 && env.w[0] == ref.w[0], "wide_constants",
          "g1 %#" PRIx64 " g4 %#" PRIx64 " g0 %#" PRIx64, env.g[1], env.g[4], env.g[0]);
    report("wide_constants", before);
}

/* ext32u of a global still in env is one 32-bit load, into another
 * global or in place */
static void test_ext32u_from_env(void)
{
    int before = failures;
    tcg_func_start(s);
    tcg_gen_ext32u(s, G[1], G[0]);
    tcg_gen_ext32u(s, G[2], G[2]);
    tcg_gen_add(s, G[3], G[0], G[1]);
    tcg_gen_exit_tb(s, 0);
    Env env;
    memset(&env, 0, sizeof(env));
    env.g[0] = 0xfedcba9876543210ull;
    env.g[2] = 0x8000000180000001ull;
    compile_run(&env);
    check(env.g[1] == 0x76543210u && env.g[2] == 0x80000001u && env.g[3] == 0xfedcba9876543210ull + 0x76543210u,
          "ext32u_from_env", "g1 %#" PRIx64 " g2 %#" PRIx64 " g3 %#" PRIx64, env.g[1], env.g[2], env.g[3]);
    report("ext32u_from_env", before);
}

/* constant guest addresses: absolute disp32 when the host address is
 * below 2 GiB (a MAP_32BIT page), a scratch register otherwise */
static void test_guest_const_addr(void)
{
    int before = failures;
    uint8_t *low = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
    static uint8_t high[64];
    check(low != MAP_FAILED, "guest_const_addr", "mmap MAP_32BIT");
    if (low == MAP_FAILED)
        return;
    for (int k = 0; k < 3; k++) {
        uint8_t *buf = k == 0 ? low : k == 1 ? high : low;
        uintptr_t gb = k == 2 ? 0x1000 : 0;
        uint64_t gaddr = (uint64_t)(uintptr_t)buf - gb;
        s->guest_base = gb;
        memset(buf, 0, 64);
        memcpy(buf, &(uint64_t){ 0x1122334455667788ull }, 8);
        tcg_func_start(s);
        tcg_gen_qemu_ld(s, G[1], tcg_constant_i64(s, gaddr), MO_UQ, 0);
        tcg_gen_qemu_ld(s, W[1], tcg_constant_i64(s, gaddr + 1), MO_SB, 0);
        tcg_gen_qemu_st(s, G[0], tcg_constant_i64(s, gaddr + 8), MO_UL, 0);
        tcg_gen_qemu_st(s, tcg_constant_i64(s, 0xabcd), tcg_constant_i64(s, gaddr + 16), MO_UW, 0);
        tcg_gen_exit_tb(s, 0);
        Env env;
        memset(&env, 0, sizeof(env));
        env.g[0] = 0xfeedfacecafebeefull;
        compile_run(&env);
        uint32_t x;
        memcpy(&x, buf + 8, 4);
        check(env.g[1] == 0x1122334455667788ull && env.w[1] == 0x77, "guest_const_addr", "case %d loads", k);
        check(x == 0xcafebeef && buf[12] == 0 && buf[16] == 0xcd && buf[17] == 0xab && buf[18] == 0,
              "guest_const_addr", "case %d stores", k);
    }
    s->guest_base = 0;
    munmap(low, 4096);
    report("guest_const_addr", before);
}

static void test_atomics(void)
{
    static uint64_t cell[2] __attribute__((aligned(16)));
    int before = failures;
    static const MemOp mops[] = { MO_UB, MO_SB, MO_UW, MO_SW, MO_UL, MO_SL, MO_UQ };
    for (int k = 0; k < 7; k++) {
        for (int i = 0; i < NVALS; i += 3) {
            MemOp m = mops[k];
            int bytes = 1 << (m & MO_SIZE);
            uint64_t mask = bytes == 8 ? ~0ull : (1ull << (8 * bytes)) - 1;
            uint64_t old = vals64[i] ^ 0x8899aabbccddeeffull, nv = vals64[(i + 7) % NVALS];
            uint64_t ext = m & MO_SIGN ? (uint64_t)(((int64_t)((old & mask) << (64 - 8 * bytes))) >> (64 - 8 * bytes)) : old & mask;
            for (int variant = 0; variant < 4; variant++) {
                tcg_func_start(s);
                switch (variant) {
                case 0: tcg_gen_atomic_cmpxchg(s, G[2], G[0], G[1], G[3], m, 0); break; /* succeeds */
                case 1: tcg_gen_atomic_cmpxchg(s, G[2], G[0], G[4], G[3], m, 0); break; /* fails */
                case 2: tcg_gen_atomic_xchg(s, G[2], G[0], G[3], m, 0); break;
                case 3: tcg_gen_atomic_fetch_add(s, G[2], G[0], G[3], m, 0); break;
                }
                tcg_gen_exit_tb(s, 0);
                Env env;
                memset(&env, 0, sizeof(env));
                cell[0] = old;
                cell[1] = 0x5151515151515151ull;
                env.g[0] = (uint64_t)(uintptr_t)cell;
                env.g[1] = old & mask;
                env.g[3] = nv;
                env.g[4] = (old & mask) ^ 1;
                compile_run(&env);
                uint64_t want_mem = variant == 1 ? old
                                  : variant == 3 ? (old & ~mask) | ((old + nv) & mask)
                                                 : (old & ~mask) | (nv & mask);
                check(env.g[2] == ext, "atomics", "memop %d variant %d: old %#" PRIx64 " want %#" PRIx64, m, variant, env.g[2], ext);
                check(cell[0] == want_mem && cell[1] == 0x5151515151515151ull, "atomics", "memop %d variant %d: mem %#" PRIx64 " want %#" PRIx64, m, variant, cell[0], want_mem);
            }
        }
    }
    /* i32 variant */
    tcg_func_start(s);
    tcg_gen_atomic_fetch_add(s, W[2], G[0], W[3], MO_UL, 0);
    tcg_gen_mb(s);
    tcg_gen_exit_tb(s, 0);
    Env env;
    memset(&env, 0, sizeof(env));
    cell[0] = 0x00000001fffffffeull;
    env.g[0] = (uint64_t)(uintptr_t)cell;
    env.w[3] = 3;
    compile_run(&env);
    check(env.w[2] == 0xfffffffe && cell[0] == 0x0000000100000001ull, "atomics", "i32 fetch_add");
    report("atomics", before);
}

/* ---- register pressure: more live values than host registers ---- */
static uint64_t helper_clobber(void)
{
    /* scribble on every caller-saved register the ABI lets us */
    __asm__ volatile("" ::: "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "memory");
    return 0x5555;
}

static void test_register_pressure(void)
{
    int before = failures;
    enum { N = 40 };
    for (int round = 0; round < 4; round++) {
        tcg_func_start(s);
        TCGv t[N];
        uint64_t ref[N];
        uint64_t g0 = 0x0123456789abcdefull + (uint64_t)round, g1 = 0xfedcba9876543210ull;
        for (int i = 0; i < N; i++) {
            t[i] = tcg_temp_new(s, TCG_TYPE_I64);
            tcg_gen_mul(s, t[i], G[0], tcg_constant_i64(s, (uint64_t)i * 7 + 1));
            tcg_gen_add(s, t[i], t[i], i ? t[i - 1] : G[1]);
            ref[i] = g0 * ((uint64_t)i * 7 + 1) + (i ? ref[i - 1] : g1);
            if (round & 1)
                tcg_gen_xor(s, G[i % 8 + 2], G[i % 8 + 2], t[i]);
        }
        if (round >= 2) {
            /* a helper call in the middle of it all */
            tcg_gen_call0(s, helper_clobber, TCG_CALL_NO_RWG, TCGV_NONE);
        }
        TCGv sum = tcg_temp_new(s, TCG_TYPE_I64);
        tcg_gen_movi(s, sum, 0);
        uint64_t rs = 0;
        for (int i = N - 1; i >= 0; i--) {
            tcg_gen_rotl(s, sum, sum, tcg_constant_i64(s, 5));
            tcg_gen_xor(s, sum, sum, t[i]);
            rs = ((rs << 5) | (rs >> 59)) ^ ref[i];
        }
        tcg_gen_mov(s, G[15], sum);
        tcg_gen_exit_tb(s, 0);
        Env env;
        memset(&env, 0, sizeof(env));
        env.g[0] = g0;
        env.g[1] = g1;
        compile_run(&env);
        check(env.g[15] == rs, "register_pressure", "round %d: %#" PRIx64 " want %#" PRIx64, round, env.g[15], rs);
        if (round & 1) {
            uint64_t x[8] = { 0 };
            for (int i = 0; i < N; i++)
                x[i % 8] ^= ref[i];
            for (int i = 0; i < 8; i++)
                check(env.g[i + 2] == x[i], "register_pressure", "global %d", i + 2);
        }
    }
    report("register_pressure", before);
}

/* ---- helper calls ---- */
static uint64_t h0(void) { return 0x1000; }
static uint64_t h1(uint64_t a) { return a * 3 + 1; }
static uint64_t h2(uint64_t a, uint64_t b) { return a - b * 5; }
static uint64_t h3(uint64_t a, uint64_t b, uint64_t c) { return a ^ (b << 1) ^ (c << 2); }
static uint64_t h4(uint64_t a, uint64_t b, uint64_t c, uint64_t d) { return a + 2 * b + 3 * c + 4 * d; }
static uint64_t h5(uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e) { return a * b + c * d + e; }
static uint64_t h6(uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e, uint64_t f)
{
    return a + (b << 8) + (c << 16) + (d << 24) + (e << 32) + (f << 40);
}
static uint32_t h_i32(uint32_t a, uint64_t b) { return a * 7 + (uint32_t)(b >> 32); }
/* reads and writes env: checks that globals were synced and are reloaded */
static uint64_t h_env(Env *env)
{
    env->calls++;
    uint64_t seen = env->g[3];
    env->g[3] = 0xabc;
    return seen;
}
static int aligned_ok;
static void h_align(void)
{
    uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
    aligned_ok = (sp & 15) == 0;
}

static uint64_t ref_h(int n, const uint64_t *a)
{
    switch (n) {
    case 0: return h0();
    case 1: return h1(a[0]);
    case 2: return h2(a[0], a[1]);
    case 3: return h3(a[0], a[1], a[2]);
    case 4: return h4(a[0], a[1], a[2], a[3]);
    case 5: return h5(a[0], a[1], a[2], a[3], a[4]);
    default: return h6(a[0], a[1], a[2], a[3], a[4], a[5]);
    }
}

static void test_calls(void)
{
    static void *const funcs[] = { (void *)h0, (void *)h1, (void *)h2, (void *)h3, (void *)h4, (void *)h5, (void *)h6 };
    int before = failures;
    for (int n = 0; n <= 6; n++) {
        for (int shape = 0; shape < 3; shape++) {
            uint64_t av[6];
            TCGv args[6];
            tcg_func_start(s);
            TCGv live = tcg_temp_new(s, TCG_TYPE_I64);
            tcg_gen_addi(s, live, G[7], 17); /* survives the call in a register */
            for (int i = 0; i < n; i++) {
                av[i] = vals64[(i * 5 + n + shape) % NVALS] + (uint64_t)i;
                if (shape == 0) {
                    args[i] = G[i];
                } else if (shape == 1) {
                    args[i] = tcg_constant_i64(s, av[i]);
                } else {
                    /* arguments in reverse registers: forces shuffles */
                    args[i] = tcg_temp_new(s, TCG_TYPE_I64);
                    tcg_gen_mov(s, args[i], G[n - 1 - i]);
                }
            }
            tcg_gen_call(s, funcs[n], shape == 1 ? TCG_CALL_NO_RWG : 0, G[8], n, args);
            tcg_gen_add(s, G[9], live, G[8]);
            tcg_gen_exit_tb(s, 0);
            Env env;
            memset(&env, 0, sizeof(env));
            for (int i = 0; i < 6; i++)
                env.g[i] = vals64[(i * 5 + n + shape) % NVALS] + (uint64_t)i;
            if (shape == 2)
                for (int i = 0; i < n; i++)
                    av[i] = env.g[n - 1 - i];
            env.g[7] = 1000;
            compile_run(&env);
            uint64_t want = ref_h(n, av);
            check(env.g[8] == want, "calls", "%d args shape %d: %#" PRIx64 " want %#" PRIx64, n, shape, env.g[8], want);
            check(env.g[9] == want + 1017, "calls", "%d args shape %d: live value lost", n, shape);
        }
    }
    /* an i32 result and mixed argument types */
    tcg_func_start(s);
    tcg_gen_calln(s, h_i32, TCG_CALL_NO_RWG_SE, W[2], W[0], G[1]);
    tcg_gen_exit_tb(s, 0);
    Env env;
    memset(&env, 0, sizeof(env));
    env.w[0] = 0x10000001;
    env.g[1] = 0x500000000ull;
    compile_run(&env);
    check(env.w[2] == h_i32(0x10000001, 0x500000000ull), "calls", "i32 helper");

    /* globals synced before, reloaded after */
    tcg_func_start(s);
    tcg_gen_addi(s, G[3], G[3], 5); /* in a register, not yet in env */
    tcg_gen_calln(s, h_env, 0, G[4], s->env);
    tcg_gen_addi(s, G[5], G[3], 1); /* must see the helper's write */
    tcg_gen_exit_tb(s, 0);
    memset(&env, 0, sizeof(env));
    env.g[3] = 100;
    compile_run(&env);
    check(env.g[4] == 105 && env.g[5] == 0xabd && env.calls == 1, "calls", "global sync: saw %" PRIu64 " then %#" PRIx64,
          env.g[4], env.g[5]);

    /* a dead call without side effects disappears, one with them stays */
    tcg_func_start(s);
    TCGv dead = tcg_temp_new(s, TCG_TYPE_I64);
    tcg_gen_calln(s, h_env, TCG_CALL_NO_SIDE_EFFECTS | TCG_CALL_NO_RWG, dead, s->env);
    tcg_gen_calln(s, h_env, 0, dead, s->env);
    tcg_gen_exit_tb(s, 0);
    memset(&env, 0, sizeof(env));
    compile_run(&env);
    check(env.calls == 1, "calls", "dead-call elimination: %" PRIu64 " calls", env.calls);

    /* stack alignment at the call */
    tcg_func_start(s);
    tcg_gen_call0(s, h_align, TCG_CALL_NO_RWG, TCGV_NONE);
    tcg_gen_exit_tb(s, 0);
    aligned_ok = 0;
    compile_run(&env);
    check(aligned_ok, "calls", "stack not 16-byte aligned");
    report("calls", before);
}

/* ---- branches, loops, TB temps ---- */
static void test_loops(void)
{
    int before = failures;
    for (uint64_t n = 0; n < 40; n += 3) {
        /* sum = 0; i = n; while (i != 0) { sum += i * i; i--; }  with TB temps */
        tcg_func_start(s);
        TCGv sum = tcg_temp_new_tb(s, TCG_TYPE_I64), i = tcg_temp_new_tb(s, TCG_TYPE_I64);
        int top = tcg_new_label(s), done = tcg_new_label(s);
        tcg_gen_movi(s, sum, 0);
        tcg_gen_mov(s, i, G[0]);
        tcg_gen_set_label(s, top);
        tcg_gen_brcondi(s, TCG_COND_EQ, i, 0, done);
        TCGv sq = tcg_temp_new(s, TCG_TYPE_I64);
        tcg_gen_mul(s, sq, i, i);
        tcg_gen_add(s, sum, sum, sq);
        tcg_gen_subi(s, i, i, 1);
        tcg_gen_addi(s, G[2], G[2], 1); /* a global modified in the loop */
        tcg_gen_br(s, top);
        tcg_gen_set_label(s, done);
        tcg_gen_mov(s, G[1], sum);
        tcg_gen_exit_tb(s, 7);
        Env env;
        memset(&env, 0, sizeof(env));
        env.g[0] = n;
        uintptr_t r = compile_run(&env);
        uint64_t want = 0;
        for (uint64_t k = 1; k <= n; k++)
            want += k * k;
        check(r == 7 && env.g[1] == want && env.g[2] == n, "loops", "n=%" PRIu64 ": sum %" PRIu64 " want %" PRIu64, n, env.g[1], want);
    }
    /* an EBB temp live across a conditional branch's fall-through */
    for (int taken = 0; taken < 2; taken++) {
        tcg_func_start(s);
        TCGv x = tcg_temp_new(s, TCG_TYPE_I64);
        int l = tcg_new_label(s);

        tcg_gen_addi(s, x, G[0], 1000);
        tcg_gen_brcondi(s, TCG_COND_NE, G[1], 0, l);
        tcg_gen_add(s, G[2], x, x);
        tcg_gen_exit_tb(s, 1);
        tcg_gen_set_label(s, l);
        tcg_gen_movi(s, G[2], 99);
        tcg_gen_exit_tb(s, 2);
        Env env;
        memset(&env, 0, sizeof(env));
        env.g[0] = 5;
        env.g[1] = (uint64_t)taken;
        uintptr_t r = compile_run(&env);
        check(r == (taken ? 2u : 1u) && env.g[2] == (taken ? 99u : 2010u), "loops", "ebb across brcond (taken %d)", taken);
    }
    report("loops", before);
}

/* ---- block exits: exit_tb values, goto_tb chaining, goto_ptr ---- */
static void test_block_exits(void)
{
    int before = failures;
    static const uintptr_t exits[] = { 0, 1, 3, 0x7fffffff, 0x80000000, 0x12345678abcdull, (uintptr_t)-8 };
    for (size_t i = 0; i < sizeof(exits) / sizeof(exits[0]); i++) {
        tcg_func_start(s);
        tcg_gen_exit_tb(s, exits[i]);
        Env env;
        check(compile_run(&env) == exits[i], "block_exits", "exit_tb %#lx", (unsigned long)exits[i]);
    }

    /* block B: g0 = 77, exit 2 */
    tcg_func_start(s);
    tcg_gen_movi(s, G[0], 77);
    tcg_gen_exit_tb(s, 2);
    uint8_t *b = compile();

    /* block A: g1 += 1; goto_tb 0; exit_tb 1 (two slots to check offsets) */
    tcg_func_start(s);
    tcg_gen_insn_start(s, 0x1000, 5);
    tcg_gen_addi(s, G[1], G[1], 1);
    tcg_gen_insn_start(s, 0x1004, 6);
    int l = tcg_new_label(s);
    tcg_gen_brcondi(s, TCG_COND_NE, G[2], 0, l);
    tcg_gen_goto_tb(s, 0);
    tcg_gen_exit_tb(s, 0x100 | 0);
    tcg_gen_set_label(s, l);
    tcg_gen_goto_tb(s, 1);
    tcg_gen_exit_tb(s, 0x100 | 1);
    uint8_t *a = compile();
    TCGCodeInfo ai = info;
    Env env;
    memset(&env, 0, sizeof(env));
    check(a && b, "block_exits", "compile");
    check(ai.nb_insns == 2 && ai.insn_data[0][0] == 0x1000 && ai.insn_data[1][1] == 6 &&
          ai.insn_end_offset[0] <= ai.insn_end_offset[1] && ai.insn_end_offset[1] == ai.code_size,
          "block_exits", "insn_start records");
    for (int k = 0; k < 2; k++) {
        check(ai.jmp_insn_offset[k] != UINT16_MAX && (((uintptr_t)a + ai.jmp_insn_offset[k]) & 3) == 0 &&
              ai.jmp_reset_offset[k] == ai.jmp_insn_offset[k] + 4, "block_exits", "goto_tb %d offsets", k);
    }
    check(run(a, &env) == 0x100 && env.g[1] == 1, "block_exits", "unchained slot 0");
    env.g[2] = 1;
    check(run(a, &env) == 0x101 && env.g[1] == 2, "block_exits", "unchained slot 1");
    tcg_patch_goto_tb(a + ai.jmp_insn_offset[0], b);
    env.g[2] = 0;
    check(run(a, &env) == 2 && env.g[0] == 77 && env.g[1] == 3, "block_exits", "chained slot 0");
    env.g[2] = 1;
    check(run(a, &env) == 0x101, "block_exits", "slot 1 still unchained");
    tcg_patch_goto_tb(a + ai.jmp_insn_offset[0], a + ai.jmp_reset_offset[0]);
    env.g[2] = 0;
    check(run(a, &env) == 0x100, "block_exits", "unchained again");

    /* a block too large for 16-bit jump offsets: unchainable but correct */
    tcg_func_start(s);
    for (int i = 0; i < 7000; i++)
        tcg_gen_st(s, INDEX_op_st, tcg_constant_i64(s, (uint64_t)(i % 500)), s->env, (int32_t)offsetof(Env, mem) + 8 * (i % 16));
    tcg_gen_goto_tb(s, 0);
    tcg_gen_exit_tb(s, 0x55);
    uint8_t *big = compile();
    check(big && info.code_size > UINT16_MAX && info.jmp_insn_offset[0] == UINT16_MAX, "block_exits",
          "oversized block: size %u offset %u", info.code_size, info.jmp_insn_offset[0]);
    if (big) {
        uint64_t m15;
        check(run(big, &env) == 0x55, "block_exits", "oversized block exit");
        memcpy(&m15, &env.mem[8 * 15], 8);
        check(m15 == 6991 % 500, "block_exits", "oversized block stores");
    }

    /* goto_ptr to a block and to the return-zero epilogue */
    tcg_func_start(s);
    tcg_gen_addi(s, G[1], G[1], 10);
    tcg_gen_goto_ptr(s, G[5]);
    uint8_t *p = compile();
    env.g[5] = (uint64_t)(uintptr_t)b;
    env.g[0] = 0;
    env.g[1] = 0;
    check(run(p, &env) == 2 && env.g[0] == 77 && env.g[1] == 10, "block_exits", "goto_ptr to block");
    env.g[5] = (uint64_t)(uintptr_t)tcg_prologue.epilogue_return_zero;
    check(run(p, &env) == 0 && env.g[1] == 20, "block_exits", "goto_ptr to epilogue");
    report("block_exits", before);
}

/* ---- a full buffer: -1, and nothing written past code_end ---- */
static void test_overflow(void)
{
    int before = failures;
    tcg_func_start(s);
    for (int i = 0; i < 200; i++)
        tcg_gen_addi(s, G[i % 8], G[(i + 1) % 8], i);
    int l = tcg_new_label(s);
    tcg_gen_brcondi(s, TCG_COND_EQ, G[0], 0, l);
    tcg_gen_goto_tb(s, 0);
    tcg_gen_exit_tb(s, 0);
    tcg_gen_set_label(s, l);
    tcg_gen_goto_tb(s, 1);
    tcg_gen_exit_tb(s, 1);
    uint8_t *start = code_buf;
    s->code_ptr = start;
    s->code_end = code_end;
    int full = tcg_gen_code(s, &info);
    check(full > 0, "overflow", "full compile");
    for (int room = 0; room < full; room += room < full - 80 ? 7 : 1) {
        memset(start, 0xcc, room + 64);
        s->code_ptr = start;
        s->code_end = start + room;
        int n = tcg_gen_code(s, &info);
        check(n == -1 && s->overflow, "overflow", "room %d: got %d", room, n);
        for (int k = room; k < room + 64; k++)
            if (start[k] != 0xcc) {
                fail("overflow", "room %d: byte %d written", room, k);
                break;
            }
    }
    report("overflow", before);
}

/* ---- a value kept as a constant is stored correctly when synced ---- */
static void test_constants(void)
{
    int before = failures;
    for (int i = 0; i < NVALS; i++) {
        tcg_func_start(s);
        tcg_gen_movi(s, G[0], vals64[i]);
        tcg_gen_movi(s, W[0], vals64[i]);
        tcg_gen_add(s, G[1], G[0], G[2]);
        tcg_gen_mov(s, G[3], G[0]);
        tcg_gen_exit_tb(s, 0);
        Env env;
        memset(&env, 0, sizeof(env));
        env.g[2] = 5;
        compile_run(&env);
        check(env.g[0] == vals64[i] && env.w[0] == (uint32_t)vals64[i] && env.g[1] == vals64[i] + 5 &&
              env.g[3] == vals64[i], "constants", "%#" PRIx64, vals64[i]);
    }
    report("constants", before);
}

/* ext32u after values known (or not known) to be zero-extended */
static void h_set_g6(Env *env) { env->g[6] = 0xffffffff00000001ull; }

static void test_zero_extension(void)
{
    int before = failures;
    for (int i = 0; i < NVALS; i++) {
        uint64_t a = vals64[i] * 0x9e3779b97f4a7c15ull, b = ~vals64[i];
        tcg_func_start(s);
        TCGv x = tcg_temp_new(s, TCG_TYPE_I64), y = tcg_temp_new(s, TCG_TYPE_I64);
        tcg_gen_ext32u(s, x, G[0]);           /* known from here on */
        tcg_gen_xor(s, y, x, tcg_constant_i64(s, 0x1234));
        tcg_gen_ext32u(s, G[2], y);           /* folds */
        tcg_gen_xor(s, y, x, G[1]);           /* G1 unknown */
        tcg_gen_ext32u(s, G[11], y);          /* must stay */
        tcg_gen_shri(s, y, G[1], 40);
        tcg_gen_ext32u(s, G[4], y);           /* folds */
        tcg_gen_shri(s, y, G[1], 8);
        tcg_gen_ext32u(s, G[5], y);           /* must stay */
        tcg_gen_ext32u(s, G[6], G[0]);
        tcg_gen_calln(s, h_set_g6, 0, TCGV_NONE, s->env); /* changes G6 */
        tcg_gen_ext32u(s, G[7], G[6]);        /* must stay */
        int l = tcg_new_label(s);
        tcg_gen_ext32u(s, G[9], G[1]);
        tcg_gen_brcondi(s, TCG_COND_EQ, G[1], 12345, l);
        tcg_gen_mov(s, G[9], G[1]);
        tcg_gen_set_label(s, l);
        tcg_gen_ext32u(s, G[10], G[9]);       /* unknown after the label */
        tcg_gen_exit_tb(s, 0);
        Env env;
        memset(&env, 0, sizeof(env));
        env.g[0] = a;
        env.g[1] = b;
        compile_run(&env);
        uint64_t za = (uint32_t)a;
        check(env.g[2] == (za ^ 0x1234) && env.g[11] == (uint32_t)(za ^ b) && env.g[4] == b >> 40 &&
              env.g[5] == (uint32_t)(b >> 8), "zero_extension", "arithmetic %#" PRIx64, a);
        check(env.g[6] == 0xffffffff00000001ull && env.g[7] == 1 && env.g[10] == (uint32_t)b, "zero_extension", "across call/label");
    }
    report("zero_extension", before);
}

/* An i32 result is zero-extended in its host register even where a
 * constant makes the op the identity: liveness.c narrows `t = g op c;
 * r = ext32u t` to a 32-bit op and a move, and the emitter writes no
 * arithmetic for the identity.  Unoptimized, so that c reaches the
 * emitter as the known value of a temp (the optimizer folds the op). */
static void test_identity_i32_zero_extends(void)
{
    static const struct {
        void (*gen)(TCGContext *, TCGv, TCGv, TCGv);
        uint64_t c;
    } ops[] = { { tcg_gen_add, 0 }, { tcg_gen_sub, 0 }, { tcg_gen_or, 0 }, { tcg_gen_xor, 0 }, { tcg_gen_and, 0xffffffff } };
    int before = failures;
    for (size_t k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
        tcg_func_start(s);
        s->optimize = false;
        TCGv c = tcg_temp_new(s, TCG_TYPE_I64), t = tcg_temp_new(s, TCG_TYPE_I64);
        tcg_gen_movi(s, c, ops[k].c);
        ops[k].gen(s, t, G[0], c);
        tcg_gen_ext32u(s, G[1], t);
        tcg_gen_exit_tb(s, 0);
        Env env;
        memset(&env, 0, sizeof(env));
        env.g[0] = 0xdeadbeef12345678ull;
        compile_run(&env);
        s->optimize = true;
        check(env.g[1] == 0x12345678, "identity_i32_zero_extends", "op %zu: %#" PRIx64, k, env.g[1]);
    }
    report("identity_i32_zero_extends", before);
}

/* The same ops again without lzcnt/tzcnt/popcnt/andn: the fallbacks. */
static void test_without_host_features(void)
{
    TCGHostFeatures saved = tcg_host_features;
    tcg_host_features = (TCGHostFeatures){ false, false, false };
    test_count_zeros("_fallback");
    for (int ti = 0; ti < 2; ti++) {
        TCGType t = ti ? TCG_TYPE_I64 : TCG_TYPE_I32;
        int before = failures;
        const char *name = ti ? "fallback_ctpop_andc_i64" : "fallback_ctpop_andc_i32";
        for (int i = 0; i < NVALS; i++) {
            for (int j = 0; j < NVALS; j += 5) {
                uint64_t a = trunc_t(t, vals64[i] * 0x9e3779b97f4a7c15ull), b = trunc_t(t, vals64[j]);
                tcg_func_start(s);
                tcg_gen_ctpop(s, gl(t, 2), gl(t, 0));
                tcg_gen_andc(s, gl(t, 3), gl(t, 0), gl(t, 1));
                tcg_gen_andc(s, gl(t, 4), gl(t, 0), tcg_constant(s, t, b));
                tcg_gen_exit_tb(s, 0);
                Env env;
                memset(&env, 0, sizeof(env));
                env_set(&env, t, 0, a);
                env_set(&env, t, 1, b);
                compile_run(&env);
                check(env_get(&env, t, 2) == (uint64_t)__builtin_popcountll(a), name, "ctpop %#" PRIx64, a);
                check(env_get(&env, t, 3) == (a & ~b) && env_get(&env, t, 4) == (a & ~b), name, "andc");
            }
        }
        report(name, before);
    }
    tcg_host_features = saved;
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    uint8_t *buf = mmap(NULL, CODE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (buf == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    size_t used = tcg_prologue_init(buf, CODE_SIZE);
    code_buf = buf + ((used + 15) & ~(size_t)15);
    code_end = buf + CODE_SIZE;

    s = calloc(1, sizeof(*s));
    tcg_context_init(s);
    static char names[2][NG][8];
    for (int i = 0; i < NG; i++) {
        snprintf(names[0][i], 8, "g%d", i);
        G[i] = tcg_global_mem_new(s, TCG_TYPE_I64, (int)(offsetof(Env, g) + 8 * i), names[0][i]);
    }
    for (int i = 0; i < NG; i++) {
        snprintf(names[1][i], 8, "w%d", i);
        W[i] = tcg_global_mem_new(s, TCG_TYPE_I32, (int)(offsetof(Env, w) + 4 * i), names[1][i]);
    }

    test_binary();
    test_unary();
    test_width_changes();
    test_count_zeros("");
    test_bitfields();
    test_conditions();
    test_load_branch();
    test_double_word();
    test_host_memory();
    test_guest_memory(0);
    test_guest_memory(0x10000);
    test_guest_memory((uintptr_t)0x123456789000ull);
    test_guest_const_addr();
    test_guest_addr_fold();
    test_guest_addr_index();
    test_host_ld_index();
    test_wide_constants();
    test_ext32u_from_env();
    test_atomics();
    test_register_pressure();
    test_calls();
    test_loops();
    test_block_exits();
    test_constants();
    test_zero_extension();
    test_identity_i32_zero_extends();
    test_overflow();
    test_without_host_features();

    printf("%d passed, %d failed\n", passes, failures ? 1 : 0);
    return failures != 0;
}

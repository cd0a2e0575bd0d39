/* ir.c — building the IR: the op table, temps, constants, labels and one
 * builder function per op.  Builders only append ops; all cleverness lives
 * in the passes (opt.c, liveness.c) so that the translator stays simple. */
#include "tcg.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const TCGOpDef tcg_op_defs[NB_OPS] = {
#define DEF(name, oargs, iargs, cargs, fl) [INDEX_op_##name] = { #name, oargs, iargs, cargs, fl },
#include "tcg-ops.def"
};

static void tcg_fatal(const char *what)
{
    fprintf(stderr, "tern: internal error in IR builder: %s\n", what);
    abort();
}

/* ---- conditions ---- */

TCGCond tcg_invert_cond(TCGCond c)
{
    static const TCGCond inv[] = {
        [TCG_COND_NEVER] = TCG_COND_ALWAYS, [TCG_COND_ALWAYS] = TCG_COND_NEVER,
        [TCG_COND_EQ] = TCG_COND_NE, [TCG_COND_NE] = TCG_COND_EQ,
        [TCG_COND_LT] = TCG_COND_GE, [TCG_COND_GE] = TCG_COND_LT,
        [TCG_COND_LE] = TCG_COND_GT, [TCG_COND_GT] = TCG_COND_LE,
        [TCG_COND_LTU] = TCG_COND_GEU, [TCG_COND_GEU] = TCG_COND_LTU,
        [TCG_COND_LEU] = TCG_COND_GTU, [TCG_COND_GTU] = TCG_COND_LEU,
        [TCG_COND_TSTEQ] = TCG_COND_TSTNE, [TCG_COND_TSTNE] = TCG_COND_TSTEQ,
    };
    return inv[c];
}

TCGCond tcg_swap_cond(TCGCond c)
{
    static const TCGCond swp[] = {
        [TCG_COND_NEVER] = TCG_COND_NEVER, [TCG_COND_ALWAYS] = TCG_COND_ALWAYS,
        [TCG_COND_EQ] = TCG_COND_EQ, [TCG_COND_NE] = TCG_COND_NE,
        [TCG_COND_LT] = TCG_COND_GT, [TCG_COND_GE] = TCG_COND_LE,
        [TCG_COND_LE] = TCG_COND_GE, [TCG_COND_GT] = TCG_COND_LT,
        [TCG_COND_LTU] = TCG_COND_GTU, [TCG_COND_GEU] = TCG_COND_LEU,
        [TCG_COND_LEU] = TCG_COND_GEU, [TCG_COND_GTU] = TCG_COND_LTU,
        [TCG_COND_TSTEQ] = TCG_COND_TSTEQ, [TCG_COND_TSTNE] = TCG_COND_TSTNE,
    };
    return swp[c];
}

bool tcg_eval_cond(TCGType type, TCGCond c, uint64_t a, uint64_t b)
{
    int64_t sa, sb;
    if (type == TCG_TYPE_I32) {
        a = (uint32_t)a;
        b = (uint32_t)b;
        sa = (int32_t)a;
        sb = (int32_t)b;
    } else {
        sa = (int64_t)a;
        sb = (int64_t)b;
    }
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
    case TCG_COND_TSTEQ: return (a & b) == 0;
    case TCG_COND_TSTNE: return (a & b) != 0;
    }
    return false;
}

/* ---- context, temps, labels ---- */

void tcg_context_init(TCGContext *s)
{
    s->nb_temps = 1; /* temp 0 is "none" */
    s->env_reg = -1;
    s->optimize = true;
    s->env = tcg_global_mem_new(s, TCG_TYPE_I64, -1, "env");
    s->temps[s->env].fixed_reg = true;
}

TCGv tcg_global_mem_new(TCGContext *s, TCGType type, int offset, const char *name)
{
    if (s->nb_temps != s->nb_globals + 1 || s->nb_temps >= TCG_MAX_TEMPS)
        tcg_fatal("globals must be declared first");
    TCGv t = (TCGv)s->nb_temps++;
    s->nb_globals++;
    TCGTemp *ts = &s->temps[t];
    memset(ts, 0, sizeof(*ts));
    ts->type = type;
    ts->kind = TEMP_GLOBAL;
    ts->allocated = true;
    ts->mem_offset = offset;
    ts->name = name;
    ts->reg = -1;
    return t;
}

/* Only the words the last block's temps reached can have bits set (a
 * caller that rewinds nb_temps leaves stale bits above, which the users
 * of the sets check for): clearing those few is much cheaper than a
 * memset of the whole sets, once per block. */
static void clear_temp_sets(TCGContext *s)
{
    int words = (s->nb_temps + 63) / 64;
    for (int w = 0; w < words; w++) {
        s->used_temps[w] = 0;
        for (int kind = 0; kind < 2; kind++)
            for (int type = 0; type < 2; type++)
                s->free_temps[kind][type][w] = 0;
    }
}

void tcg_func_start(TCGContext *s)
{
    clear_temp_sets(s);
    s->nb_ops = 0;
    s->nb_labels = 0;
    s->nb_temps = s->nb_globals + 1;
    s->overflow = false;
    /* a new stamp empties the constant table; clear it when stamps wrap */
    if (++s->const_gen == 0) {
        memset(s->const_table, 0, sizeof(s->const_table));
        s->const_gen = 1;
    }
}

/* The lowest-numbered freed temp of that type and kind, or 0.  A set bit
 * is checked against the temp itself: a caller that rewinds nb_temps (a
 * test restoring saved IR) leaves stale bits behind. */
static TCGv temp_reuse(TCGContext *s, TCGType type, TCGTempKind kind)
{
    uint64_t *set = s->free_temps[kind == TEMP_TB][type];
    for (int w = 0; w <= (s->nb_temps - 1) / 64; w++) {
        while (set[w]) {
            int i = w * 64 + __builtin_ctzll(set[w]);
            set[w] &= set[w] - 1;
            TCGTemp *ts = &s->temps[i];
            if (i < s->nb_temps && !ts->allocated && ts->type == type && ts->kind == kind) {
                ts->allocated = true;
                s->used_temps[w] |= 1ull << (i % 64);
                return (TCGv)i;
            }
        }
    }
    return TCGV_NONE;
}

static TCGv temp_alloc(TCGContext *s, TCGType type, TCGTempKind kind)
{
    TCGv t = kind == TEMP_EBB || kind == TEMP_TB ? temp_reuse(s, type, kind) : TCGV_NONE;
    if (t != TCGV_NONE)
        return t;
    if (s->nb_temps >= TCG_MAX_TEMPS)
        tcg_fatal("too many temps in one block");
    t = (TCGv)s->nb_temps++;
    TCGTemp *ts = &s->temps[t];
    memset(ts, 0, sizeof(*ts));
    ts->type = type;
    ts->kind = kind;
    ts->allocated = true;
    ts->reg = -1;
    if (kind == TEMP_EBB || kind == TEMP_TB)
        s->used_temps[t / 64] |= 1ull << (t % 64);
    return t;
}

TCGv tcg_temp_new(TCGContext *s, TCGType type) { return temp_alloc(s, type, TEMP_EBB); }
TCGv tcg_temp_new_tb(TCGContext *s, TCGType type) { return temp_alloc(s, type, TEMP_TB); }

/* Puts an EBB or TB temp back on its free list (the caller updates
 * used_temps); false for other kinds, which are never freed. */
static inline bool temp_release(TCGContext *s, TCGv t)
{
    TCGTemp *ts = &s->temps[t];
    if (ts->kind != TEMP_EBB && ts->kind != TEMP_TB)
        return false;
    ts->allocated = false;
    s->free_temps[ts->kind == TEMP_TB][ts->type][t / 64] |= 1ull << (t % 64);
    return true;
}

void tcg_temp_free(TCGContext *s, TCGv t)
{
    if (temp_release(s, t))
        s->used_temps[t / 64] &= ~(1ull << (t % 64));
}

/* Only the temps in use are visited (a few per guest instruction, out of
 * all the block has made so far), a word of them at a time. */
void tcg_temp_free_all_but(TCGContext *s, TCGv keep)
{
    for (int w = 0; w <= (s->nb_temps - 1) / 64; w++) {
        uint64_t kept = keep / 64 == (TCGv)w ? s->used_temps[w] & 1ull << (keep % 64) : 0;
        uint64_t used = s->used_temps[w] & ~kept;
        s->used_temps[w] = kept;
        for (; used; used &= used - 1) {
            TCGv t = (TCGv)(w * 64 + __builtin_ctzll(used));
            if (t < (TCGv)s->nb_temps)
                temp_release(s, t);
        }
    }
}

static unsigned const_hash(TCGType type, uint64_t val)
{
    uint64_t h = (val ^ ((uint64_t)type << 63)) * 0x9e3779b97f4a7c15ull;
    return (unsigned)(h >> 40) & (TCG_CONST_TABLE_SIZE - 1);
}

TCGv tcg_constant(TCGContext *s, TCGType type, uint64_t val)
{
    if (type == TCG_TYPE_I32)
        val = (uint32_t)val;
    unsigned i = const_hash(type, val);
    for (; s->const_table[i].gen == s->const_gen; i = (i + 1) & (TCG_CONST_TABLE_SIZE - 1)) {
        TCGv t = s->const_table[i].temp;
        const TCGTemp *ts = &s->temps[t];
        /* checked like temp_reuse's bits: nb_temps may have been rewound */
        if (t < (TCGv)s->nb_temps && ts->kind == TEMP_CONST && ts->type == type && (uint64_t)ts->val == val)
            return t;
    }
    TCGv t = temp_alloc(s, type, TEMP_CONST);
    s->temps[t].val = (int64_t)val;
    s->const_table[i].gen = s->const_gen;
    s->const_table[i].temp = t;
    return t;
}

int tcg_new_label(TCGContext *s)
{
    if (s->nb_labels >= TCG_MAX_LABELS)
        tcg_fatal("too many labels in one block");
    int l = s->nb_labels++;
    memset(&s->labels[l], 0, sizeof(s->labels[l]));
    return l;
}

/* ---- emission ---- */

TCGOp *tcg_emit_op(TCGContext *s, TCGOpcode opc, TCGType type)
{
    if (s->nb_ops >= TCG_MAX_OPS)
        tcg_fatal("too many ops in one block");
    TCGOp *op = &s->ops[s->nb_ops++];
    const TCGOpDef *def = &tcg_op_defs[opc];
    op->opc = (uint16_t)opc;
    op->type = (uint8_t)type;
    op->nb_oargs = def->nb_oargs;
    op->nb_iargs = def->nb_iargs;
    op->nb_cargs = def->nb_cargs;
    op->life = 0;
    return op;
}

static void check_type(TCGContext *s, TCGv t, TCGType type)
{
    if (t == TCGV_NONE || t >= (TCGv)s->nb_temps)
        tcg_fatal("invalid temp");
    if (s->temps[t].type != type)
        tcg_fatal("type mismatch");
}

static void check_writable(TCGContext *s, TCGv t)
{
    if (s->temps[t].kind == TEMP_CONST)
        tcg_fatal("write to a constant");
}

void tcg_gen_op1(TCGContext *s, TCGOpcode opc, TCGv a0)
{
    TCGOp *op = tcg_emit_op(s, opc, tcg_temp_type(s, a0));
    op->args[0] = a0;
}

void tcg_gen_op2(TCGContext *s, TCGOpcode opc, TCGv ret, TCGv a)
{
    TCGType type = tcg_temp_type(s, ret);
    check_writable(s, ret);
    check_type(s, a, type);
    TCGOp *op = tcg_emit_op(s, opc, type);
    op->args[0] = ret;
    op->args[1] = a;
}

void tcg_gen_op3(TCGContext *s, TCGOpcode opc, TCGv ret, TCGv a, TCGv b)
{
    TCGType type = tcg_temp_type(s, ret);
    check_writable(s, ret);
    check_type(s, a, type);
    check_type(s, b, type);
    TCGOp *op = tcg_emit_op(s, opc, type);
    op->args[0] = ret;
    op->args[1] = a;
    op->args[2] = b;
}

void tcg_gen_mov(TCGContext *s, TCGv ret, TCGv a)
{
    if (ret != a)
        tcg_gen_op2(s, INDEX_op_mov, ret, a);
}

void tcg_gen_movi(TCGContext *s, TCGv ret, uint64_t v)
{
    tcg_gen_op2(s, INDEX_op_mov, ret, tcg_constant(s, tcg_temp_type(s, ret), v));
}

#define GEN_BINARY(name)                                                         \
    void tcg_gen_##name(TCGContext *s, TCGv ret, TCGv a, TCGv b)                 \
    {                                                                            \
        tcg_gen_op3(s, INDEX_op_##name, ret, a, b);                              \
    }
GEN_BINARY(add)
GEN_BINARY(sub)
GEN_BINARY(mul)
GEN_BINARY(and)
GEN_BINARY(or)
GEN_BINARY(xor)
GEN_BINARY(andc)
GEN_BINARY(shl)
GEN_BINARY(shr)
GEN_BINARY(sar)
GEN_BINARY(rotl)
GEN_BINARY(rotr)
GEN_BINARY(div)
GEN_BINARY(divu)
GEN_BINARY(rem)
GEN_BINARY(remu)
#undef GEN_BINARY

#define GEN_UNARY(name)                                                          \
    void tcg_gen_##name(TCGContext *s, TCGv ret, TCGv a)                         \
    {                                                                            \
        tcg_gen_op2(s, INDEX_op_##name, ret, a);                                 \
    }
GEN_UNARY(neg)
GEN_UNARY(not)
GEN_UNARY(ctpop)
GEN_UNARY(bswap16)
GEN_UNARY(bswap32)
GEN_UNARY(ext8s)
GEN_UNARY(ext8u)
GEN_UNARY(ext16s)
GEN_UNARY(ext16u)
#undef GEN_UNARY

static void gen_i64_unary(TCGContext *s, TCGOpcode opc, TCGv ret, TCGv a)
{
    check_type(s, ret, TCG_TYPE_I64);
    tcg_gen_op2(s, opc, ret, a);
}
void tcg_gen_bswap64(TCGContext *s, TCGv ret, TCGv a) { gen_i64_unary(s, INDEX_op_bswap64, ret, a); }
void tcg_gen_ext32s(TCGContext *s, TCGv ret, TCGv a) { gen_i64_unary(s, INDEX_op_ext32s, ret, a); }
void tcg_gen_ext32u(TCGContext *s, TCGv ret, TCGv a) { gen_i64_unary(s, INDEX_op_ext32u, ret, a); }

static void gen_width_change(TCGContext *s, TCGOpcode opc, TCGv ret, TCGType rtype, TCGv a, TCGType atype)
{
    check_type(s, ret, rtype);
    check_writable(s, ret);
    check_type(s, a, atype);
    TCGOp *op = tcg_emit_op(s, opc, rtype);
    op->args[0] = ret;
    op->args[1] = a;
}
void tcg_gen_extu_i32_i64(TCGContext *s, TCGv ret, TCGv a) { gen_width_change(s, INDEX_op_extu_i32_i64, ret, TCG_TYPE_I64, a, TCG_TYPE_I32); }
void tcg_gen_exts_i32_i64(TCGContext *s, TCGv ret, TCGv a) { gen_width_change(s, INDEX_op_exts_i32_i64, ret, TCG_TYPE_I64, a, TCG_TYPE_I32); }
void tcg_gen_extrl_i64_i32(TCGContext *s, TCGv ret, TCGv a) { gen_width_change(s, INDEX_op_extrl_i64_i32, ret, TCG_TYPE_I32, a, TCG_TYPE_I64); }
void tcg_gen_extrh_i64_i32(TCGContext *s, TCGv ret, TCGv a) { gen_width_change(s, INDEX_op_extrh_i64_i32, ret, TCG_TYPE_I32, a, TCG_TYPE_I64); }

static TCGv imm_like(TCGContext *s, TCGv a, uint64_t v) { return tcg_constant(s, tcg_temp_type(s, a), v); }
void tcg_gen_addi(TCGContext *s, TCGv ret, TCGv a, int64_t b) { tcg_gen_add(s, ret, a, imm_like(s, a, (uint64_t)b)); }
void tcg_gen_subi(TCGContext *s, TCGv ret, TCGv a, int64_t b) { tcg_gen_sub(s, ret, a, imm_like(s, a, (uint64_t)b)); }
void tcg_gen_andi(TCGContext *s, TCGv ret, TCGv a, uint64_t b) { tcg_gen_and(s, ret, a, imm_like(s, a, b)); }
void tcg_gen_ori(TCGContext *s, TCGv ret, TCGv a, uint64_t b) { tcg_gen_or(s, ret, a, imm_like(s, a, b)); }
void tcg_gen_xori(TCGContext *s, TCGv ret, TCGv a, uint64_t b) { tcg_gen_xor(s, ret, a, imm_like(s, a, b)); }
void tcg_gen_shli(TCGContext *s, TCGv ret, TCGv a, unsigned b) { tcg_gen_shl(s, ret, a, imm_like(s, a, b)); }
void tcg_gen_shri(TCGContext *s, TCGv ret, TCGv a, unsigned b) { tcg_gen_shr(s, ret, a, imm_like(s, a, b)); }
void tcg_gen_sari(TCGContext *s, TCGv ret, TCGv a, unsigned b) { tcg_gen_sar(s, ret, a, imm_like(s, a, b)); }

static void gen_double_out(TCGContext *s, TCGOpcode opc, TCGv o0, TCGv o1, int nin, const TCGv *in)
{
    TCGType type = tcg_temp_type(s, o0);
    check_writable(s, o0);
    check_writable(s, o1);
    check_type(s, o1, type);
    if (o0 == o1)
        tcg_fatal("double-output op with the same output twice");
    for (int i = 0; i < nin; i++)
        check_type(s, in[i], type);
    TCGOp *op = tcg_emit_op(s, opc, type);
    op->args[0] = o0;
    op->args[1] = o1;
    for (int i = 0; i < nin; i++)
        op->args[2 + i] = in[i];
}
void tcg_gen_mulu2(TCGContext *s, TCGv lo, TCGv hi, TCGv a, TCGv b) { gen_double_out(s, INDEX_op_mulu2, lo, hi, 2, (TCGv[]){ a, b }); }
void tcg_gen_muls2(TCGContext *s, TCGv lo, TCGv hi, TCGv a, TCGv b) { gen_double_out(s, INDEX_op_muls2, lo, hi, 2, (TCGv[]){ a, b }); }
void tcg_gen_divu2(TCGContext *s, TCGv q, TCGv r, TCGv lo, TCGv hi, TCGv d) { gen_double_out(s, INDEX_op_divu2, q, r, 3, (TCGv[]){ lo, hi, d }); }
void tcg_gen_divs2(TCGContext *s, TCGv q, TCGv r, TCGv lo, TCGv hi, TCGv d) { gen_double_out(s, INDEX_op_divs2, q, r, 3, (TCGv[]){ lo, hi, d }); }

void tcg_gen_setcond(TCGContext *s, TCGCond c, TCGv ret, TCGv a, TCGv b)
{
    TCGType type = tcg_temp_type(s, a);
    check_type(s, ret, type);
    check_writable(s, ret);
    check_type(s, b, type);
    TCGOp *op = tcg_emit_op(s, INDEX_op_setcond, type);
    op->args[0] = ret;
    op->args[1] = a;
    op->args[2] = b;
    op->args[3] = c;
}

void tcg_gen_movcond(TCGContext *s, TCGCond c, TCGv ret, TCGv a, TCGv b, TCGv v1, TCGv v2)
{
    TCGType type = tcg_temp_type(s, ret);
    check_writable(s, ret);
    check_type(s, a, type);
    check_type(s, b, type);
    check_type(s, v1, type);
    check_type(s, v2, type);
    TCGOp *op = tcg_emit_op(s, INDEX_op_movcond, type);
    op->args[0] = ret;
    op->args[1] = a;
    op->args[2] = b;
    op->args[3] = v1;
    op->args[4] = v2;
    op->args[5] = c;
}

void tcg_gen_clz(TCGContext *s, TCGv ret, TCGv a, TCGv zero_val) { tcg_gen_op3(s, INDEX_op_clz, ret, a, zero_val); }
void tcg_gen_ctz(TCGContext *s, TCGv ret, TCGv a, TCGv zero_val) { tcg_gen_op3(s, INDEX_op_ctz, ret, a, zero_val); }

static void gen_bitfield(TCGContext *s, TCGOpcode opc, TCGv ret, TCGv a, unsigned pos, unsigned len)
{
    unsigned width = tcg_temp_type(s, ret) == TCG_TYPE_I32 ? 32 : 64;
    if (len == 0 || pos + len > width)
        tcg_fatal("bit field out of range");
    tcg_gen_op2(s, opc, ret, a);
    TCGOp *op = &s->ops[s->nb_ops - 1];
    op->args[2] = pos;
    op->args[3] = len;
}
void tcg_gen_extract(TCGContext *s, TCGv ret, TCGv a, unsigned pos, unsigned len) { gen_bitfield(s, INDEX_op_extract, ret, a, pos, len); }
void tcg_gen_sextract(TCGContext *s, TCGv ret, TCGv a, unsigned pos, unsigned len) { gen_bitfield(s, INDEX_op_sextract, ret, a, pos, len); }

void tcg_gen_deposit(TCGContext *s, TCGv ret, TCGv a, TCGv b, unsigned pos, unsigned len)
{
    unsigned width = tcg_temp_type(s, ret) == TCG_TYPE_I32 ? 32 : 64;
    if (len == 0 || pos + len > width)
        tcg_fatal("bit field out of range");
    tcg_gen_op3(s, INDEX_op_deposit, ret, a, b);
    TCGOp *op = &s->ops[s->nb_ops - 1];
    op->args[3] = pos;
    op->args[4] = len;
}

void tcg_gen_ld(TCGContext *s, TCGOpcode ldop, TCGv ret, TCGv base, int32_t offset)
{
    check_writable(s, ret);
    check_type(s, base, TCG_TYPE_I64);
    TCGOp *op = tcg_emit_op(s, ldop, tcg_temp_type(s, ret));
    op->args[0] = ret;
    op->args[1] = base;
    op->args[2] = (TCGArg)(int64_t)offset;
}

void tcg_gen_st(TCGContext *s, TCGOpcode stop, TCGv val, TCGv base, int32_t offset)
{
    check_type(s, base, TCG_TYPE_I64);
    TCGOp *op = tcg_emit_op(s, stop, tcg_temp_type(s, val));
    op->args[0] = val;
    op->args[1] = base;
    op->args[2] = (TCGArg)(int64_t)offset;
}

void tcg_gen_qemu_ld(TCGContext *s, TCGv ret, TCGv addr, MemOp mop, int mmu_idx)
{
    check_writable(s, ret);
    check_type(s, addr, TCG_TYPE_I64);
    TCGOp *op = tcg_emit_op(s, INDEX_op_qemu_ld, tcg_temp_type(s, ret));
    op->args[0] = ret;
    op->args[1] = addr;
    op->args[2] = make_memop_idx(mop, mmu_idx);
}

void tcg_gen_qemu_st(TCGContext *s, TCGv val, TCGv addr, MemOp mop, int mmu_idx)
{
    check_type(s, addr, TCG_TYPE_I64);
    TCGOp *op = tcg_emit_op(s, INDEX_op_qemu_st, tcg_temp_type(s, val));
    op->args[0] = val;
    op->args[1] = addr;
    op->args[2] = make_memop_idx(mop, mmu_idx);
}

static void gen_atomic(TCGContext *s, TCGOpcode opc, TCGv old, TCGv addr, int nin, const TCGv *in, MemOp mop, int mmu_idx)
{
    TCGType type = tcg_temp_type(s, old);
    check_writable(s, old);
    check_type(s, addr, TCG_TYPE_I64);
    for (int i = 0; i < nin; i++)
        check_type(s, in[i], type);
    TCGOp *op = tcg_emit_op(s, opc, type);
    op->args[0] = old;
    op->args[1] = addr;
    for (int i = 0; i < nin; i++)
        op->args[2 + i] = in[i];
    op->args[2 + nin] = make_memop_idx(mop, mmu_idx);
}
void tcg_gen_atomic_cmpxchg(TCGContext *s, TCGv old, TCGv addr, TCGv expected, TCGv newv, MemOp mop, int mmu_idx)
{
    gen_atomic(s, INDEX_op_atomic_cmpxchg, old, addr, 2, (TCGv[]){ expected, newv }, mop, mmu_idx);
}
void tcg_gen_atomic_xchg(TCGContext *s, TCGv old, TCGv addr, TCGv newv, MemOp mop, int mmu_idx)
{
    gen_atomic(s, INDEX_op_atomic_xchg, old, addr, 1, (TCGv[]){ newv }, mop, mmu_idx);
}
void tcg_gen_atomic_fetch_add(TCGContext *s, TCGv old, TCGv addr, TCGv addend, MemOp mop, int mmu_idx)
{
    gen_atomic(s, INDEX_op_atomic_fetch_add, old, addr, 1, (TCGv[]){ addend }, mop, mmu_idx);
}

void tcg_gen_insn_start(TCGContext *s, uint64_t pc, uint64_t word1)
{
    TCGOp *op = tcg_emit_op(s, INDEX_op_insn_start, TCG_TYPE_I64);
    op->args[0] = pc;
    op->args[1] = word1;
}

void tcg_gen_set_label(TCGContext *s, int label)
{
    TCGOp *op = tcg_emit_op(s, INDEX_op_set_label, TCG_TYPE_I64);
    op->args[0] = (TCGArg)label;
}

void tcg_gen_br(TCGContext *s, int label)
{
    TCGOp *op = tcg_emit_op(s, INDEX_op_br, TCG_TYPE_I64);
    op->args[0] = (TCGArg)label;
    s->labels[label].refs++;
}

/* brcond and brcond_exit: (a c b), then where to go */
static TCGOp *gen_cond_branch(TCGContext *s, TCGOpcode opc, TCGCond c, TCGv a, TCGv b)
{
    TCGType type = tcg_temp_type(s, a);
    check_type(s, b, type);
    TCGOp *op = tcg_emit_op(s, opc, type);
    op->args[0] = a;
    op->args[1] = b;
    op->args[2] = c;
    return op;
}

void tcg_gen_brcond(TCGContext *s, TCGCond c, TCGv a, TCGv b, int label)
{
    gen_cond_branch(s, INDEX_op_brcond, c, a, b)->args[3] = (TCGArg)label;
    s->labels[label].refs++;
}

void tcg_gen_brcondi(TCGContext *s, TCGCond c, TCGv a, uint64_t b, int label)
{
    tcg_gen_brcond(s, c, a, imm_like(s, a, b), label);
}

void tcg_gen_brcond_exit(TCGContext *s, TCGCond c, TCGv a, TCGv b, uintptr_t exit_val, int32_t exit_request_ofs)
{
    TCGOp *op = gen_cond_branch(s, INDEX_op_brcond_exit, c, a, b);
    op->args[3] = exit_val;
    op->args[4] = (TCGArg)(int64_t)exit_request_ofs;
}

void tcg_gen_exit_tb(TCGContext *s, uintptr_t val)
{
    TCGOp *op = tcg_emit_op(s, INDEX_op_exit_tb, TCG_TYPE_I64);
    op->args[0] = val;
}

void tcg_gen_loop_back(TCGContext *s, int head, uintptr_t exit_val, int32_t exit_request_ofs)
{
    TCGOp *op = tcg_emit_op(s, INDEX_op_loop_back, TCG_TYPE_I64);
    op->args[0] = (TCGArg)head;
    op->args[1] = exit_val;
    op->args[2] = (TCGArg)(int64_t)exit_request_ofs;
    s->labels[head].refs++;
}

void tcg_gen_goto_tb(TCGContext *s, int slot)
{
    TCGOp *op = tcg_emit_op(s, INDEX_op_goto_tb, TCG_TYPE_I64);
    op->args[0] = (TCGArg)slot;
}

void tcg_gen_goto_ptr(TCGContext *s, TCGv host_addr)
{
    check_type(s, host_addr, TCG_TYPE_I64);
    TCGOp *op = tcg_emit_op(s, INDEX_op_goto_ptr, TCG_TYPE_I64);
    op->args[0] = host_addr;
}

void tcg_gen_mb(TCGContext *s)
{
    TCGOp *op = tcg_emit_op(s, INDEX_op_mb, TCG_TYPE_I64);
    op->args[0] = 0;
}

void tcg_gen_discard(TCGContext *s, TCGv t)
{
    tcg_gen_op1(s, INDEX_op_discard, t);
}

void tcg_gen_call(TCGContext *s, void *func, unsigned flags, TCGv ret, int nargs, const TCGv *args)
{
    if (nargs > TCG_MAX_CALL_IARGS)
        tcg_fatal("too many helper arguments");
    TCGOp *op = tcg_emit_op(s, INDEX_op_call, TCG_TYPE_I64);
    int n = 0;
    op->nb_oargs = ret != TCGV_NONE;
    if (ret != TCGV_NONE) {
        check_writable(s, ret);
        op->type = tcg_temp_type(s, ret);
        op->args[n++] = ret;
    }
    op->nb_iargs = (uint8_t)nargs;
    for (int i = 0; i < nargs; i++) {
        check_type(s, args[i], tcg_temp_type(s, args[i]));
        op->args[n++] = args[i];
    }
    op->nb_cargs = 3;
    op->args[n++] = (TCGArg)(uintptr_t)func;
    op->args[n++] = flags;
    op->args[n++] = 0;
}

/* opt.c — the IR optimizer: one forward pass over the block, in place.
 *
 * It folds constants, simplifies algebra with a known operand, propagates
 * copies, decides branches and selects whose condition is known, removes
 * code no path reaches, drops extensions of values already in range, and
 * forwards values stored to (or loaded from) env fields to later loads of
 * the same field.  A rewritten op becomes a mov, a shorter op or a nop, so
 * the pass never inserts ops and runs in time linear in the block.
 *
 * Knowledge is only ever about the current extended basic block: at every
 * label, where control may come from elsewhere, everything is forgotten
 * (in O(1), by bumping a generation stamp).  Equal temps form a copy class
 * (a circular doubly-linked list); an input is replaced by the best member
 * of its class, i.e. the global or longest-lived temp that joined first, so
 * that later copies die.  When in doubt, the pass leaves the op alone. */
#include "tcg.h"

#include <string.h>

#define OPT_MAX_MEMS 32      /* env fields whose content is known */

typedef struct TempInfo {
    uint32_t gen;      /* the rest is valid only when gen == OptContext.gen */
    bool is_const;
    uint8_t nz_bits;   /* every bit from this position up is known zero */
    uint8_t sx_bits;   /* the value is the sign extension of its low sx_bits bits */
    uint8_t low_bits;  /* the low low_bits bits equal those of low_src, */
    TCGv low_src;      /* (0: none) as long as low_src's version is */
    uint32_t low_src_version; /* still this one */
    uint32_t version;  /* changes whenever the value may change */
    uint64_t val;      /* when is_const, truncated to the temp's type */
    TCGv prev, next;   /* copy class; a lone temp points to itself */
    uint32_t birth;    /* order of joining a class: smaller is older */
    bool in_mems;      /* an env field may be recorded as holding it */
} TempInfo;

/* Bytes [off, off + size) of env hold the low bytes of temp val (of the
 * given type): recorded by a store, or by a load, from env. */
typedef struct MemInfo {
    int64_t off;
    uint8_t size;
    uint8_t type;
    TCGv val;
} MemInfo;

typedef struct OptContext {
    TCGContext *s;
    uint32_t gen;
    uint32_t births;
    uint32_t versions;
    TempInfo info[TCG_MAX_TEMPS];
    MemInfo mems[OPT_MAX_MEMS];
    int nb_mems;
} OptContext;

static unsigned type_bits(TCGType type) { return type == TCG_TYPE_I32 ? 32 : 64; }
static uint64_t truncate_to(TCGType type, uint64_t v) { return type == TCG_TYPE_I32 ? (uint32_t)v : v; }
static TCGType temp_type(OptContext *oc, TCGArg t) { return (TCGType)oc->s->temps[t].type; }
static TCGTempKind temp_kind(OptContext *oc, TCGArg t) { return (TCGTempKind)oc->s->temps[t].kind; }

/* ---- constants ---- */

/* The constant temp of that value, created if needed; 0 when the temp
 * array is full (the caller then leaves its op alone). */
static TCGv const_temp(OptContext *oc, TCGType type, uint64_t val)
{
    if (oc->s->nb_temps >= TCG_MAX_TEMPS)
        return 0;
    return tcg_constant(oc->s, type, val);
}

/* ---- what is known about temps ---- */

static inline TempInfo *info_of(OptContext *oc, TCGArg t)
{
    TempInfo *ti = &oc->info[t];
    if (ti->gen != oc->gen) {
        ti->gen = oc->gen;
        ti->birth = 0;
        ti->is_const = false;
        ti->prev = ti->next = (TCGv)t;
        ti->nz_bits = ti->sx_bits = (uint8_t)type_bits(temp_type(oc, t));
        ti->low_src = 0;
        ti->version = ++oc->versions;
        ti->in_mems = false;
    }
    return ti;
}

/* What is known about t, or NULL when nothing is: readers need not
 * stamp a stale entry (a temp nothing is known about is alone in its
 * class, not constant, with all its bits possibly set). */
static inline TempInfo *known_info(OptContext *oc, TCGArg t)
{
    TempInfo *ti = &oc->info[t];
    return ti->gen == oc->gen ? ti : NULL;
}

static inline bool known_const(OptContext *oc, TCGArg t, uint64_t *val)
{
    TCGTemp *ts = &oc->s->temps[t];
    if (ts->kind == TEMP_CONST) {
        *val = truncate_to((TCGType)ts->type, (uint64_t)ts->val);
        return true;
    }
    TempInfo *ti = known_info(oc, t);
    *val = ti ? ti->val : 0;
    return ti && ti->is_const;
}

static bool is_const_val(OptContext *oc, TCGArg t, uint64_t v)
{
    uint64_t val;
    return known_const(oc, t, &val) && val == truncate_to(temp_type(oc, t), v);
}

static bool same_class(OptContext *oc, TCGArg a, TCGArg b)
{
    if (a == b)
        return true;
    TempInfo *ai = known_info(oc, a);
    if (!ai)
        return false;
    for (TCGv m = ai->next; m != a; m = oc->info[m].next)
        if (m == b)
            return true;
    return false;
}

/* Globals are preferred (they are live anyway), then block-wide temps,
 * then the oldest member, so that younger copies become dead. */
static int kind_rank(TCGTempKind kind) { return kind == TEMP_GLOBAL ? 0 : kind == TEMP_TB ? 1 : 2; }

static TCGv best_copy(OptContext *oc, TCGArg t)
{
    TCGv best = (TCGv)t;
    for (TCGv m = info_of(oc, t)->next; m != t; m = oc->info[m].next) {
        int rm = kind_rank(temp_kind(oc, m)), rb = kind_rank(temp_kind(oc, best));
        if (rm < rb || (rm == rb && oc->info[m].birth < oc->info[best].birth))
            best = m;
    }
    return best;
}

static void forget_mems_holding(OptContext *oc, TCGv t)
{
    int n = 0;
    for (int i = 0; i < oc->nb_mems; i++)
        if (oc->mems[i].val != t)
            oc->mems[n++] = oc->mems[i];
    oc->nb_mems = n;
}

static void forget_mems_overlapping(OptContext *oc, int64_t off, unsigned size)
{
    int n = 0;
    for (int i = 0; i < oc->nb_mems; i++) {
        MemInfo *m = &oc->mems[i];
        if (m->off + m->size <= off || off + (int64_t)size <= m->off)
            oc->mems[n++] = *m;
    }
    oc->nb_mems = n;
}

/* t gets a new value: it leaves its copy class and its constant value,
 * and env fields known to hold its old value are no longer known. */
static inline void reset_temp(OptContext *oc, TCGArg t)
{
    TempInfo *ti = &oc->info[t];
    if (ti->gen != oc->gen) {
        info_of(oc, t); /* nothing was known: the fresh state is the reset one */
        return;
    }
    if (ti->next != t) {
        oc->info[ti->prev].next = ti->next;
        oc->info[ti->next].prev = ti->prev;
        ti->prev = ti->next = (TCGv)t;
    }
    ti->is_const = false;
    ti->nz_bits = ti->sx_bits = (uint8_t)type_bits(temp_type(oc, t));
    ti->low_src = 0;
    ti->version = ++oc->versions;
    /* most temps never were an env field's value: skip the walk */
    if (ti->in_mems) {
        forget_mems_holding(oc, (TCGv)t);
        ti->in_mems = false;
    }
}

static void define_output(OptContext *oc, TCGArg t)
{
    TCGTemp *ts = &oc->s->temps[t];
    reset_temp(oc, t);
    /* a global's memory is its home: a field overlapping it changed */
    if (ts->kind == TEMP_GLOBAL)
        forget_mems_overlapping(oc, ts->mem_offset, ts->type == TCG_TYPE_I32 ? 4 : 8);
}

static void set_const(OptContext *oc, TCGArg t, uint64_t val)
{
    define_output(oc, t);
    TempInfo *ti = info_of(oc, t);
    ti->is_const = true;
    ti->val = truncate_to(temp_type(oc, t), val);
    ti->nz_bits = (uint8_t)(ti->val ? 64 - __builtin_clzll(ti->val) : 0);
}

/* dst becomes a copy of src (dst has just been reset). */
static void join_class(OptContext *oc, TCGArg dst, TCGArg src)
{
    TempInfo *si = info_of(oc, src), *di = info_of(oc, dst);
    di->nz_bits = si->nz_bits;
    di->sx_bits = si->sx_bits;
    di->low_src = si->low_src;
    di->low_bits = si->low_bits;
    di->low_src_version = si->low_src_version;
    di->birth = ++oc->births;
    di->next = si->next;
    di->prev = (TCGv)src;
    oc->info[si->next].prev = (TCGv)dst;
    si->next = (TCGv)dst;
}

/* A helper may have changed any global. */
static void forget_globals(OptContext *oc)
{
    for (int g = 1; g <= oc->s->nb_globals; g++)
        if (!oc->s->temps[g].fixed_reg)
            reset_temp(oc, g);
}

/* Forget everything known about temps, in O(1): a new stamp, unique
 * to this thread (its entries are stale until stamped again).  Only
 * when the stamps wrap around are the entries cleared. */
static void next_gen(OptContext *oc)
{
    if (++oc->gen == 0) {
        memset(oc->info, 0, sizeof(oc->info));
        oc->gen = 1;
    }
}

/* Control may arrive here from elsewhere: forget everything.  A label no
 * branch refers to (any more) is only reached by falling through, so the
 * knowledge stays, except about EBB temps, which die there: none may be
 * handed out as a copy, a source of low bits or an env field's value.
 * (This costs a walk over the temps, but only at such rare labels.) */
static void opt_label(OptContext *oc, int label)
{
    TCGContext *s = oc->s;
    if (s->labels[label].refs == 0) {
        if (oc->versions == 0)
            return; /* nothing is known yet (a block's unused loop head) */
        for (int t = s->nb_globals + 1; t < s->nb_temps; t++)
            if (s->temps[t].kind == TEMP_EBB && oc->info[t].gen == oc->gen)
                reset_temp(oc, t);
        return;
    }
    next_gen(oc);
    oc->nb_mems = 0;
}

/* ---- rewriting ops in place ---- */

static void make_unary(OptContext *oc, TCGOp *op, TCGOpcode opc, TCGArg src)
{
    TCGArg dst = op->args[0];
    op->opc = (uint16_t)opc;
    op->type = (uint8_t)temp_type(oc, dst);
    op->nb_oargs = 1;
    op->nb_iargs = 1;
    op->nb_cargs = 0;
    op->args[1] = src;
}

static void make_mov(OptContext *oc, TCGOp *op, TCGArg src) { make_unary(oc, op, INDEX_op_mov, src); }

/* Returns false if no constant temp could be made. */
static bool make_movi(OptContext *oc, TCGOp *op, uint64_t val)
{
    TCGv c = const_temp(oc, temp_type(oc, op->args[0]), val);
    if (!c)
        return false;
    make_mov(oc, op, c);
    return true;
}

/* ---- constant folding ---- */

static uint64_t fold_shift(TCGOpcode opc, TCGType type, uint64_t a, uint64_t b)
{
    unsigned w = type_bits(type), c = (unsigned)(b & (w - 1));
    uint64_t sign_fill = type == TCG_TYPE_I32 ? (uint64_t)(int64_t)(int32_t)a : a;
    switch (opc) {
    case INDEX_op_shl: return a << c;
    case INDEX_op_shr: return a >> c;
    case INDEX_op_sar: return (uint64_t)((int64_t)sign_fill >> c);
    case INDEX_op_rotl: return c ? (a << c) | (a >> (w - c)) : a;
    default: return c ? (a >> c) | (a << (w - c)) : a;
    }
}

static bool fold_div(TCGOpcode opc, TCGType type, uint64_t a, uint64_t b, uint64_t *r)
{
    int64_t sa = type == TCG_TYPE_I32 ? (int32_t)a : (int64_t)a;
    int64_t sb = type == TCG_TYPE_I32 ? (int32_t)b : (int64_t)b;
    int64_t smin = type == TCG_TYPE_I32 ? INT32_MIN : INT64_MIN;
    if (b == 0 || (sa == smin && sb == -1 && (opc == INDEX_op_div || opc == INDEX_op_rem)))
        return false; /* the producer promised this never runs */
    switch (opc) {
    case INDEX_op_div: *r = (uint64_t)(sa / sb); return true;
    case INDEX_op_rem: *r = (uint64_t)(sa % sb); return true;
    case INDEX_op_divu: *r = a / b; return true;
    default: *r = a % b; return true;
    }
}

static uint64_t fold_count(TCGOpcode opc, TCGType type, uint64_t a)
{
    unsigned w = type_bits(type);
    switch (opc) {
    case INDEX_op_clz: return (uint64_t)(__builtin_clzll(a) - (64 - (int)w));
    case INDEX_op_ctz: return (uint64_t)__builtin_ctzll(a);
    default: return (uint64_t)__builtin_popcountll(a);
    }
}

static uint64_t low_mask(unsigned len) { return len >= 64 ? ~0ull : (1ull << len) - 1; }

/* Compute a pure single-output op on constant inputs in[] (each
 * truncated to its temp's type).  False if it must not be folded. */
static bool fold_op(const TCGOp *op, const uint64_t *in, uint64_t *r)
{
    TCGOpcode opc = (TCGOpcode)op->opc;
    TCGType type = (TCGType)op->type;
    uint64_t a = in[0], b = in[1];
    switch (opc) {
    case INDEX_op_add: *r = a + b; return true;
    case INDEX_op_sub: *r = a - b; return true;
    case INDEX_op_mul: *r = a * b; return true;
    case INDEX_op_and: *r = a & b; return true;
    case INDEX_op_or: *r = a | b; return true;
    case INDEX_op_xor: *r = a ^ b; return true;
    case INDEX_op_andc: *r = a & ~b; return true;
    case INDEX_op_shl: case INDEX_op_shr: case INDEX_op_sar:
    case INDEX_op_rotl: case INDEX_op_rotr:
        *r = fold_shift(opc, type, a, b); return true;
    case INDEX_op_div: case INDEX_op_divu: case INDEX_op_rem: case INDEX_op_remu:
        return fold_div(opc, type, a, b, r);
    case INDEX_op_neg: *r = -a; return true;
    case INDEX_op_not: *r = ~a; return true;
    case INDEX_op_setcond: *r = tcg_eval_cond(type, (TCGCond)op->args[3], a, b); return true;
    case INDEX_op_movcond: *r = tcg_eval_cond(type, (TCGCond)op->args[5], a, b) ? in[2] : in[3]; return true;
    case INDEX_op_clz: case INDEX_op_ctz: *r = a ? fold_count(opc, type, a) : b; return true;
    case INDEX_op_ctpop: *r = fold_count(opc, type, a); return true;
    case INDEX_op_bswap16: *r = __builtin_bswap16((uint16_t)a); return true;
    case INDEX_op_bswap32: *r = __builtin_bswap32((uint32_t)a); return true;
    case INDEX_op_bswap64: *r = __builtin_bswap64(a); return true;
    case INDEX_op_extract: *r = (a >> op->args[2]) & low_mask((unsigned)op->args[3]); return true;
    case INDEX_op_sextract: {
        unsigned pos = (unsigned)op->args[2], len = (unsigned)op->args[3];
        *r = (uint64_t)((int64_t)(a << (64 - pos - len)) >> (64 - len));
        return true;
    }
    case INDEX_op_deposit: {
        uint64_t m = low_mask((unsigned)op->args[4]) << op->args[3];
        *r = (a & ~m) | ((b << op->args[3]) & m);
        return true;
    }
    case INDEX_op_ext8s: *r = (uint64_t)(int64_t)(int8_t)a; return true;
    case INDEX_op_ext8u: *r = (uint8_t)a; return true;
    case INDEX_op_ext16s: *r = (uint64_t)(int64_t)(int16_t)a; return true;
    case INDEX_op_ext16u: *r = (uint16_t)a; return true;
    case INDEX_op_ext32s: case INDEX_op_exts_i32_i64: *r = (uint64_t)(int64_t)(int32_t)a; return true;
    case INDEX_op_ext32u: case INDEX_op_extu_i32_i64: case INDEX_op_extrl_i64_i32: *r = (uint32_t)a; return true;
    case INDEX_op_extrh_i64_i32: *r = a >> 32; return true;
    default: return false;
    }
}

/* Ops that compute one output from their inputs and nothing else. */
static bool is_pure_single(TCGOpcode opc)
{
    switch (opc) {
    case INDEX_op_add: case INDEX_op_sub: case INDEX_op_mul: case INDEX_op_and:
    case INDEX_op_or: case INDEX_op_xor: case INDEX_op_andc: case INDEX_op_shl:
    case INDEX_op_shr: case INDEX_op_sar: case INDEX_op_rotl: case INDEX_op_rotr:
    case INDEX_op_neg: case INDEX_op_not: case INDEX_op_div: case INDEX_op_divu:
    case INDEX_op_rem: case INDEX_op_remu: case INDEX_op_setcond: case INDEX_op_movcond:
    case INDEX_op_clz: case INDEX_op_ctz: case INDEX_op_ctpop: case INDEX_op_bswap16:
    case INDEX_op_bswap32: case INDEX_op_bswap64: case INDEX_op_extract:
    case INDEX_op_sextract: case INDEX_op_deposit: case INDEX_op_ext8s:
    case INDEX_op_ext8u: case INDEX_op_ext16s: case INDEX_op_ext16u:
    case INDEX_op_ext32s: case INDEX_op_ext32u: case INDEX_op_extu_i32_i64:
    case INDEX_op_exts_i32_i64: case INDEX_op_extrl_i64_i32: case INDEX_op_extrh_i64_i32:
        return true;
    default:
        return false;
    }
}

static bool try_fold_constants(OptContext *oc, TCGOp *op)
{
    uint64_t in[4], r;
    if (!is_pure_single((TCGOpcode)op->opc))
        return false;
    for (int i = 0; i < op->nb_iargs; i++)
        if (!known_const(oc, op->args[1 + i], &in[i]))
            return false;
    if (!fold_op(op, in, &r))
        return false;
    return make_movi(oc, op, r);
}

/* ---- conditions ---- */

/* 1 or 0 when the condition's outcome is known, -1 otherwise. */
static int decide_cond(OptContext *oc, TCGType type, TCGCond c, TCGArg a, TCGArg b)
{
    uint64_t va, vb;
    bool ca = known_const(oc, a, &va), cb = known_const(oc, b, &vb);
    if (c == TCG_COND_ALWAYS || c == TCG_COND_NEVER)
        return c == TCG_COND_ALWAYS;
    if (ca && cb)
        return tcg_eval_cond(type, c, va, vb);
    if (a == b) {
        switch (c) {
        case TCG_COND_EQ: case TCG_COND_GE: case TCG_COND_LE:
        case TCG_COND_GEU: case TCG_COND_LEU:
            return 1;
        case TCG_COND_NE: case TCG_COND_LT: case TCG_COND_GT:
        case TCG_COND_LTU: case TCG_COND_GTU:
            return 0;
        default:
            return -1;
        }
    }
    if (cb && vb == 0) {
        switch (c) {
        case TCG_COND_LTU: case TCG_COND_TSTNE: return 0;
        case TCG_COND_GEU: case TCG_COND_TSTEQ: return 1;
        default: return -1;
        }
    }
    return -1;
}

/* Put a constant operand second (the backend's immediate slot). */
static void canonicalize_cond(OptContext *oc, TCGOp *op, int ia, int ic)
{
    uint64_t v;
    if (known_const(oc, op->args[ia], &v) && !known_const(oc, op->args[ia + 1], &v)) {
        TCGArg t = op->args[ia];
        op->args[ia] = op->args[ia + 1];
        op->args[ia + 1] = t;
        op->args[ic] = tcg_swap_cond((TCGCond)op->args[ic]);
    }
}

static TCGArg narrow_source(OptContext *oc, TCGArg t, unsigned bits);
static TCGArg best_input(OptContext *oc, TCGArg t);

/* t's value is the sign extension of its low 32 bits; *extended: by an
 * extension op, which a narrower use could skip */
static bool is_sext32(OptContext *oc, TCGArg t, bool *extended)
{
    uint64_t v;
    if (known_const(oc, t, &v))
        return (uint64_t)(int64_t)(int32_t)v == v;
    TempInfo *ti = known_info(oc, t);
    if (!ti)
        return false;
    *extended |= ti->sx_bits <= 32;
    return ti->sx_bits <= 32 || ti->nz_bits <= 31;
}

/* A 64-bit comparison of two values both sign-extended from 32 bits
 * orders them as their low halves do, signed or unsigned: where that
 * skips an extension (x86's 32-bit cmp followed by jl or setg compares
 * two ext32s) it becomes a 32-bit comparison of the low halves (an i32
 * op reads the low halves of i64 temps), and the extensions may go. */
static void narrow_compare(OptContext *oc, TCGOp *op, int ia, int ic)
{
    TCGCond c = (TCGCond)op->args[ic];
    if (op->type != TCG_TYPE_I64 || c == TCG_COND_TSTEQ || c == TCG_COND_TSTNE)
        return;
    TCGArg a = op->args[ia], b = op->args[ia + 1];
    bool extended = false;
    if (!is_sext32(oc, a, &extended) || !is_sext32(oc, b, &extended) || !extended)
        return;
    op->type = TCG_TYPE_I32;
    op->args[ia] = best_input(oc, narrow_source(oc, a, 32));
    op->args[ia + 1] = best_input(oc, narrow_source(oc, b, 32));
}

/* brcond and brcond_exit: the branch's outcome if known (0 or 1), else
 * -1 with its compare in canonical and narrowest form */
static int opt_branch_cond(OptContext *oc, TCGOp *op)
{
    canonicalize_cond(oc, op, 0, 2);
    int d = decide_cond(oc, (TCGType)op->type, (TCGCond)op->args[2], op->args[0], op->args[1]);
    if (d < 0)
        narrow_compare(oc, op, 0, 2);
    return d;
}

static void opt_brcond(OptContext *oc, TCGOp *op)
{
    int d = opt_branch_cond(oc, op);
    TCGArg label = op->args[3];
    if (d == 0) {
        oc->s->labels[label].refs--;
        tcg_op_remove(op);
    } else if (d == 1) {
        op->opc = INDEX_op_br;
        op->nb_iargs = 0;
        op->nb_cargs = 1;
        op->args[0] = label;
    }
}

/* Fold a setcond or movcond whose outcome is known into a mov. */
static void simplify_cond_op(OptContext *oc, TCGOp *op)
{
    canonicalize_cond(oc, op, 1, op->opc == INDEX_op_setcond ? 3 : 5);
    TCGCond c = (TCGCond)op->args[op->opc == INDEX_op_setcond ? 3 : 5];
    int d = decide_cond(oc, (TCGType)op->type, c, op->args[1], op->args[2]);
    if (op->opc == INDEX_op_setcond) {
        if (d >= 0)
            make_movi(oc, op, (uint64_t)d);
        else
            narrow_compare(oc, op, 1, 3);
    } else if (d >= 0) {
        make_mov(oc, op, op->args[d ? 3 : 4]);
    } else if (same_class(oc, op->args[3], op->args[4])) {
        make_mov(oc, op, op->args[3]);
    }
}

/* ---- algebraic simplification with one known operand ---- */

static bool is_commutative(TCGOpcode opc)
{
    return opc == INDEX_op_add || opc == INDEX_op_mul || opc == INDEX_op_and ||
           opc == INDEX_op_or || opc == INDEX_op_xor;
}

static void simplify_binary(OptContext *oc, TCGOp *op)
{
    TCGOpcode opc = (TCGOpcode)op->opc;
    uint64_t v;
    if (is_commutative(opc) && known_const(oc, op->args[1], &v) && !known_const(oc, op->args[2], &v)) {
        TCGArg t = op->args[1];
        op->args[1] = op->args[2];
        op->args[2] = t;
    }
    TCGArg a = op->args[1], b = op->args[2];
    bool b_known = known_const(oc, b, &v);
    bool b_zero = b_known && v == 0, b_ones = b_known && v == truncate_to((TCGType)op->type, ~0ull);
    bool b_shift0 = b_known && (v & (type_bits((TCGType)op->type) - 1)) == 0;
    switch (opc) {
    case INDEX_op_add: case INDEX_op_or: case INDEX_op_xor: case INDEX_op_andc:
        if (b_zero) { make_mov(oc, op, a); return; }
        break;
    case INDEX_op_sub:
        if (b_zero) { make_mov(oc, op, a); return; }
        if (b_known) {
            /* x - c is x + -c, which the backend computes into another
             * register with one lea, and addressing modes fold */
            uint64_t neg = truncate_to((TCGType)op->type, -v);
            int64_t sneg = op->type == TCG_TYPE_I32 ? (int32_t)neg : (int64_t)neg;
            TCGv c = sneg == (int32_t)sneg ? const_temp(oc, (TCGType)op->type, neg) : 0;
            if (c) {
                op->opc = INDEX_op_add;
                op->args[2] = c;
            }
        }
        break;
    case INDEX_op_shl: case INDEX_op_shr: case INDEX_op_sar: case INDEX_op_rotl: case INDEX_op_rotr:
        if (b_shift0) { make_mov(oc, op, a); return; }
        if (is_const_val(oc, a, 0)) { make_movi(oc, op, 0); return; }
        break;
    case INDEX_op_mul:
        if (b_zero) { make_movi(oc, op, 0); return; }
        if (b_known && v == 1) { make_mov(oc, op, a); return; }
        break;
    case INDEX_op_and:
        if (b_zero) { make_movi(oc, op, 0); return; }
        if (b_ones) { make_mov(oc, op, a); return; }
        break;
    case INDEX_op_div: case INDEX_op_divu:
        if (b_known && v == 1) { make_mov(oc, op, a); return; }
        break;
    case INDEX_op_rem: case INDEX_op_remu:
        if (b_known && v == 1) { make_movi(oc, op, 0); return; }
        break;
    default:
        break;
    }
    if (opc == INDEX_op_or && b_ones) { make_movi(oc, op, ~0ull); return; }
    if (opc == INDEX_op_andc && b_ones) { make_movi(oc, op, 0); return; }
    if (!same_class(oc, a, b))
        return;
    if (opc == INDEX_op_and || opc == INDEX_op_or)
        make_mov(oc, op, a);
    else if (opc == INDEX_op_xor || opc == INDEX_op_sub || opc == INDEX_op_andc)
        make_movi(oc, op, 0);
}

/* Partially known inputs of the other pure ops. */
static void simplify_other(OptContext *oc, TCGOp *op)
{
    uint64_t v;
    unsigned w = type_bits((TCGType)op->type);
    switch (op->opc) {
    case INDEX_op_clz: case INDEX_op_ctz:
        if (is_const_val(oc, op->args[1], 0))
            make_mov(oc, op, op->args[2]);
        else if (known_const(oc, op->args[1], &v))
            make_movi(oc, op, fold_count((TCGOpcode)op->opc, (TCGType)op->type, v));
        break;
    case INDEX_op_extract:
        if (op->args[2] == 0 && op->args[3] == w)
            make_mov(oc, op, op->args[1]);
        break;
    case INDEX_op_deposit:
        if (op->args[3] == 0 && op->args[4] == w)
            make_mov(oc, op, op->args[2]);
        break;
    case INDEX_op_setcond: case INDEX_op_movcond:
        simplify_cond_op(oc, op);
        break;
    default:
        if (op->nb_iargs == 2)
            simplify_binary(oc, op);
        break;
    }
}

/* ---- known bits ----
 * Two cheap facts per temp remove most redundant extensions: how many
 * low bits may be nonzero (nz_bits), and that the low bits equal those of
 * another, unchanged temp (an extension or a mask of it), so that an op
 * reading only those low bits can read the other temp instead. */

static unsigned nz_of(OptContext *oc, TCGArg t)
{
    uint64_t v;
    if (temp_kind(oc, t) == TEMP_CONST) {
        known_const(oc, t, &v);
        return v ? 64 - (unsigned)__builtin_clzll(v) : 0;
    }
    TempInfo *ti = known_info(oc, t);
    return ti ? ti->nz_bits : type_bits(temp_type(oc, t));
}

static unsigned umin(unsigned a, unsigned b) { return a < b ? a : b; }
static unsigned umax(unsigned a, unsigned b) { return a > b ? a : b; }
static unsigned trailing_ones(uint64_t v) { return v == ~0ull ? 64 : (unsigned)__builtin_ctzll(~v); }

/* Bits of the result of op, computed from its (current) inputs, that may
 * be nonzero; only the first output of op. */
static unsigned result_nz_bits(OptContext *oc, const TCGOp *op)
{
    unsigned w = type_bits((TCGType)op->type);
    const TCGArg *a = op->args;
    uint64_t v;
    switch (op->opc) {
    case INDEX_op_ext8u: case INDEX_op_ld8u: return 8;
    case INDEX_op_ext16u: case INDEX_op_ld16u: case INDEX_op_bswap16: return 16;
    case INDEX_op_ext32u: case INDEX_op_ld32u: case INDEX_op_bswap32:
    case INDEX_op_extu_i32_i64: case INDEX_op_extrl_i64_i32: return umin(32, w);
    case INDEX_op_setcond: return 1;
    case INDEX_op_ctpop: return 7;
    case INDEX_op_clz: case INDEX_op_ctz: return umax(7, nz_of(oc, a[2]));
    case INDEX_op_extract: return (unsigned)a[3];
    case INDEX_op_and: return umin(nz_of(oc, a[1]), nz_of(oc, a[2]));
    case INDEX_op_or: case INDEX_op_xor: return umax(nz_of(oc, a[1]), nz_of(oc, a[2]));
    case INDEX_op_movcond: return umax(nz_of(oc, a[3]), nz_of(oc, a[4]));
    case INDEX_op_divu: return nz_of(oc, a[1]);
    case INDEX_op_remu: return umin(nz_of(oc, a[1]), nz_of(oc, a[2]));
    case INDEX_op_shr:
        if (!known_const(oc, a[2], &v))
            return nz_of(oc, a[1]);
        return nz_of(oc, a[1]) - umin(nz_of(oc, a[1]), (unsigned)(v & (w - 1)));
    case INDEX_op_qemu_ld: {
        MemOp mop = get_memop((MemOpIdx)a[2]);
        return (mop & MO_SIGN) ? w : umin(w, 8u << (mop & MO_SIZE));
    }
    default: return w;
    }
}

/* For an op whose result's low bits are those of an input: which input,
 * and how many bits (0: none). */
static unsigned result_low_source(OptContext *oc, const TCGOp *op, TCGArg *src)
{
    uint64_t v;
    *src = op->args[1];
    switch (op->opc) {
    case INDEX_op_ext8u: case INDEX_op_ext8s: return 8;
    case INDEX_op_ext16u: case INDEX_op_ext16s: return 16;
    case INDEX_op_ext32u: case INDEX_op_ext32s: return 32;
    case INDEX_op_and:
        return known_const(oc, op->args[2], &v) ? umin(trailing_ones(v), type_bits((TCGType)op->type)) : 0;
    case INDEX_op_deposit:  /* setcc al; movzx eax, al: the movzx reads the setcond */
        if (op->args[3] != 0)
            return 0;
        *src = op->args[2];
        return (unsigned)op->args[4];
    default: return 0;
    }
}

/* Ops whose result is the sign extension of its low bits from this
 * count (0: nothing known, the type's width) */
static const uint8_t sign_extends_from[NB_OPS] = {
    [INDEX_op_ext8s] = 8, [INDEX_op_ld8s] = 8, [INDEX_op_ext16s] = 16, [INDEX_op_ld16s] = 16,
    [INDEX_op_ext32s] = 32, [INDEX_op_ld32s] = 32, [INDEX_op_exts_i32_i64] = 32,
};

static void record_result_bits(OptContext *oc, const TCGOp *op, unsigned nz, TCGArg src, unsigned low)
{
    TCGArg dst = op->args[0];
    TempInfo *di = info_of(oc, dst);
    di->nz_bits = (uint8_t)nz;
    if (sign_extends_from[op->opc]) /* (define_output reset it to the width) */
        di->sx_bits = sign_extends_from[op->opc];
    if (low && src != dst && temp_kind(oc, src) != TEMP_CONST) {
        di->low_src = (TCGv)src;
        di->low_bits = (uint8_t)low;
        di->low_src_version = info_of(oc, src)->version;
    }
}

/* The best temp whose low `bits` bits are those of t. */
static TCGArg narrow_source(OptContext *oc, TCGArg t, unsigned bits)
{
    if (temp_kind(oc, t) == TEMP_CONST)
        return t;
    TempInfo *ti = known_info(oc, t);
    if (!ti || !ti->low_src || ti->low_bits < bits || info_of(oc, ti->low_src)->version != ti->low_src_version)
        return t;
    return ti->low_src;
}

static TCGArg best_input(OptContext *oc, TCGArg t);

/* Inputs of which an op reads only the low bits may skip an extension. */
static void narrow_inputs(OptContext *oc, TCGOp *op)
{
    int i = 1;
    unsigned bits;
    switch (op->opc) {
    case INDEX_op_ext8u: case INDEX_op_ext8s: bits = 8; break;
    case INDEX_op_ext16u: case INDEX_op_ext16s: bits = 16; break;
    case INDEX_op_ext32u: case INDEX_op_ext32s: case INDEX_op_extrl_i64_i32: bits = 32; break;
    case INDEX_op_extract: case INDEX_op_sextract: bits = (unsigned)(op->args[2] + op->args[3]); break;
    case INDEX_op_deposit: i = 2, bits = (unsigned)op->args[4]; break;
    case INDEX_op_st8: i = 0, bits = 8; break;
    case INDEX_op_st16: i = 0, bits = 16; break;
    case INDEX_op_st32: i = 0, bits = 32; break;
    case INDEX_op_qemu_st: i = 0, bits = 8u << (get_memop((MemOpIdx)op->args[2]) & MO_SIZE); break;
    default: return;
    }
    TCGArg n = narrow_source(oc, op->args[i], bits);
    if (n != op->args[i])
        op->args[i] = best_input(oc, n);
}

/* An extension or mask of a value whose other bits are already right. */
static bool is_redundant_extension(OptContext *oc, const TCGOp *op)
{
    uint64_t v;
    switch (op->opc) {
    case INDEX_op_ext8u: return nz_of(oc, op->args[1]) <= 8;
    case INDEX_op_ext16u: return nz_of(oc, op->args[1]) <= 16;
    case INDEX_op_ext32u: return nz_of(oc, op->args[1]) <= 32;
    case INDEX_op_ext8s: return nz_of(oc, op->args[1]) < 8;
    case INDEX_op_ext16s: return nz_of(oc, op->args[1]) < 16;
    case INDEX_op_ext32s: return nz_of(oc, op->args[1]) < 32;
    case INDEX_op_and:
        return known_const(oc, op->args[2], &v) && trailing_ones(v) >= nz_of(oc, op->args[1]);
    default: return false;
    }
}

/* ---- env fields: store-to-load and load-to-load forwarding ---- */

static unsigned mem_size(TCGOpcode opc, TCGType type)
{
    switch (opc) {
    case INDEX_op_ld8u: case INDEX_op_ld8s: case INDEX_op_st8: return 1;
    case INDEX_op_ld16u: case INDEX_op_ld16s: case INDEX_op_st16: return 2;
    case INDEX_op_ld32u: case INDEX_op_ld32s: case INDEX_op_st32: return 4;
    default: return type == TCG_TYPE_I32 ? 4 : 8;
    }
}

static bool is_signed_load(TCGOpcode opc)
{
    return opc == INDEX_op_ld8s || opc == INDEX_op_ld16s || opc == INDEX_op_ld32s;
}

/* The op that extends the low `size` bytes of a value of the type. */
static TCGOpcode extend_op(unsigned size, bool sign, TCGType type)
{
    if (size * 8 == type_bits(type))
        return INDEX_op_mov;
    switch (size) {
    case 1: return sign ? INDEX_op_ext8s : INDEX_op_ext8u;
    case 2: return sign ? INDEX_op_ext16s : INDEX_op_ext16u;
    default: return sign ? INDEX_op_ext32s : INDEX_op_ext32u;
    }
}

static void remember_mem(OptContext *oc, int64_t off, unsigned size, TCGType type, TCGArg val)
{
    if (oc->nb_mems == OPT_MAX_MEMS) {
        memmove(&oc->mems[0], &oc->mems[1], sizeof(oc->mems[0]) * (OPT_MAX_MEMS - 1));
        oc->nb_mems--;
    }
    oc->mems[oc->nb_mems++] = (MemInfo){ off, (uint8_t)size, (uint8_t)type, (TCGv)val };
    info_of(oc, val)->in_mems = true;
}

/* A load from env that reads bytes a known temp holds becomes a mov or an
 * extension of that temp (little-endian: the field's low bytes). */
static bool forward_load(OptContext *oc, TCGOp *op)
{
    TCGOpcode opc = (TCGOpcode)op->opc;
    TCGType type = (TCGType)op->type;
    int64_t off = (int64_t)op->args[2];
    unsigned size = mem_size(opc, type);
    if (op->args[1] != oc->s->env)
        return false;
    for (int i = oc->nb_mems - 1; i >= 0; i--) {
        MemInfo *m = &oc->mems[i];
        if (m->off == off && m->size >= size && m->type == type) {
            make_unary(oc, op, extend_op(size, is_signed_load(opc), type), m->val);
            return true;
        }
    }
    return false;
}

static void after_load(OptContext *oc, TCGOp *op)
{
    define_output(oc, op->args[0]);
    if (op->args[1] == oc->s->env)
        remember_mem(oc, (int64_t)op->args[2], mem_size((TCGOpcode)op->opc, (TCGType)op->type),
                     (TCGType)op->type, op->args[0]);
}

/* A store to env overwrites the fields (and globals) it overlaps; a store
 * through any other pointer may overwrite anything in env. */
static void after_store(OptContext *oc, TCGOp *op)
{
    TCGContext *s = oc->s;
    int64_t off = (int64_t)op->args[2];
    unsigned size = mem_size((TCGOpcode)op->opc, (TCGType)op->type);
    if (op->args[1] != s->env) {
        oc->nb_mems = 0;
        forget_globals(oc); /* in case the pointer aims into env */
        return;
    }
    forget_mems_overlapping(oc, off, size);
    for (int g = 1; g <= s->nb_globals; g++) {
        TCGTemp *ts = &s->temps[g];
        int64_t gsize = ts->type == TCG_TYPE_I32 ? 4 : 8;
        if (!ts->fixed_reg && ts->mem_offset < off + (int64_t)size && off < ts->mem_offset + gsize)
            reset_temp(oc, g);
    }
    remember_mem(oc, off, size, (TCGType)op->type, op->args[0]);
}

/* ---- the pass ---- */

/* The constant or oldest copy that holds t's value. */
static inline TCGArg best_input(OptContext *oc, TCGArg t)
{
    if (temp_kind(oc, t) == TEMP_CONST)
        return t;
    /* known_const and best_copy, reading t's info once (this runs for
     * every input of every op) */
    TempInfo *ti = known_info(oc, t);
    if (!ti)
        return t;
    if (ti->is_const) {
        TCGv c = const_temp(oc, temp_type(oc, t), ti->val);
        if (c)
            return c;
    }
    return ti->next == t ? (TCGv)t : best_copy(oc, t);
}

static void propagate_inputs(OptContext *oc, TCGOp *op)
{
    for (int i = op->nb_oargs; i < op->nb_oargs + op->nb_iargs; i++)
        op->args[i] = best_input(oc, op->args[i]);
    narrow_inputs(oc, op);
}

static void opt_mov(OptContext *oc, TCGOp *op)
{
    TCGArg dst = op->args[0], src = op->args[1];
    uint64_t v, dv;
    if (same_class(oc, dst, src)) {
        tcg_op_remove(op); /* dst already holds that value */
        return;
    }
    if (known_const(oc, src, &v)) {
        if (known_const(oc, dst, &dv) && dv == v) {
            tcg_op_remove(op);
            return;
        }
        set_const(oc, dst, v);
        return;
    }
    define_output(oc, dst);
    join_class(oc, dst, src);
}

static void opt_call(OptContext *oc, TCGOp *op)
{
    unsigned flags = (unsigned)op->args[op->nb_oargs + op->nb_iargs + 1];
    for (int i = 0; i < op->nb_oargs; i++)
        define_output(oc, op->args[i]);
    if (!(flags & TCG_CALL_NO_WRITE_GLOBALS))
        forget_globals(oc);
    oc->nb_mems = 0; /* a helper may write any env field */
}

static void define_outputs(OptContext *oc, TCGOp *op)
{
    for (int i = 0; i < op->nb_oargs; i++)
        define_output(oc, op->args[i]);
}

/* An op with effects (a barrier, a guest store, the host SSE and x87 ops
 * on env images) may write what was known of env. */
static void forget_mems_if_side_effects(OptContext *oc, const TCGOp *op)
{
    if (tcg_op_defs[op->opc].flags & TCG_OPF_SIDE_EFFECTS)
        oc->nb_mems = 0;
}

static void opt_one(OptContext *oc, TCGOp *op)
{
    /* the commonest ops first, each doing only what the general path
     * below would do for it */
    switch (op->opc) {
    case INDEX_op_mov:
        op->args[1] = best_input(oc, op->args[1]);
        opt_mov(oc, op);
        return;
    case INDEX_op_discard:
        define_output(oc, op->args[0]);
        return;
    case INDEX_op_call:
        propagate_inputs(oc, op);
        opt_call(oc, op);
        return;
    }
    if (op->nb_oargs + op->nb_iargs == 0) {
        /* a jump, a block exit or a state op: nothing else to learn */
        forget_mems_if_side_effects(oc, op);
        return;
    }
    propagate_inputs(oc, op);
    switch (op->opc) {
    case INDEX_op_brcond:
        opt_brcond(oc, op);
        return;
    case INDEX_op_brcond_exit:
        if (opt_branch_cond(oc, op) == 0)
            tcg_op_remove(op);
        return;
    case INDEX_op_qemu_ld:
        define_outputs(oc, op);
        record_result_bits(oc, op, result_nz_bits(oc, op), 0, 0);
        return;
    case INDEX_op_atomic_cmpxchg: case INDEX_op_atomic_xchg: case INDEX_op_atomic_fetch_add:
        define_outputs(oc, op);
        oc->nb_mems = 0;
        return;
    case INDEX_op_st8: case INDEX_op_st16: case INDEX_op_st32: case INDEX_op_st:
        after_store(oc, op);
        return;
    case INDEX_op_ld8u: case INDEX_op_ld8s: case INDEX_op_ld16u: case INDEX_op_ld16s:
    case INDEX_op_ld32u: case INDEX_op_ld32s: case INDEX_op_ld:
        if (!forward_load(oc, op)) {
            after_load(oc, op);
            record_result_bits(oc, op, result_nz_bits(oc, op), 0, 0);
            return;
        }
        propagate_inputs(oc, op); /* now a mov or an extension of a known temp */
        break;
    }
    if (is_pure_single((TCGOpcode)op->opc) && !try_fold_constants(oc, op))
        simplify_other(oc, op);
    if (is_redundant_extension(oc, op))
        make_mov(oc, op, op->args[1]);
    if (op->opc == INDEX_op_mov) {
        opt_mov(oc, op);
        return;
    }
    forget_mems_if_side_effects(oc, op);
    if (!op->nb_oargs)
        return;
    TCGArg src;
    unsigned nz = result_nz_bits(oc, op), low = result_low_source(oc, op, &src);
    define_outputs(oc, op);
    record_result_bits(oc, op, nz, src, low);
}

/* Code after a jump or a block exit that no label makes reachable again
 * goes, with its branches (so their labels may become unreachable too).
 * insn_start stays: it describes the guest instructions of the block. */
static void remove_unreachable(TCGContext *s, TCGOp *op)
{
    switch (op->opc) {
    case INDEX_op_br: case INDEX_op_loop_back:
        s->labels[op->args[0]].refs--;
        break;
    case INDEX_op_brcond:
        s->labels[op->args[3]].refs--;
        break;
    }
    tcg_op_remove(op);
}

/* The pass's state lives on with its thread, so that a block starts
 * with a new stamp instead of clearing what was known about every temp
 * (no translation nests within another on one thread: it holds the TB
 * lock). */
static _Thread_local OptContext thread_opt_context;

void tcg_optimize(TCGContext *s)
{
    OptContext *oc = &thread_opt_context;
    oc->s = s;
    next_gen(oc);
    oc->births = 0;
    oc->versions = 0;
    oc->nb_mems = 0;
    bool reachable = true;
    for (int i = 0; i < s->nb_ops; i++) {
        TCGOp *op = &s->ops[i];
        switch (op->opc) {
        case INDEX_op_nop: case INDEX_op_insn_start:
            continue;
        case INDEX_op_set_label:
            reachable |= s->labels[op->args[0]].refs > 0;
            if (reachable)
                opt_label(oc, (int)op->args[0]);
            continue;
        }
        if (!reachable) {
            remove_unreachable(s, op);
            continue;
        }
        opt_one(oc, op);
        reachable = !(op->opc == INDEX_op_br || (tcg_op_defs[op->opc].flags & TCG_OPF_NORETURN));
    }
}

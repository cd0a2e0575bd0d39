/* liveness.c — one backward pass over the block: removes ops whose
 * results are never used and tells the register allocator, per op, which
 * arguments die there and which global outputs must be written back.
 * A forward pre-pass first turns zero-extensions of values already known
 * to be zero-extended into copies, and folds an i64 op plus the ext32u
 * after it into one 32-bit op.
 *
 * Shape: linear time, one state byte per temp ("value not needed in a
 * register" / "value needed in memory"), reset at block boundaries the
 * way the allocator treats them: globals must be in memory at every
 * basic-block end and before a helper that reads them, and available
 * (in memory or a register the fault site names) at an op that can
 * fault, except that those the block's loop carries stay in registers
 * at its back edge; TB temps must be in
 * their stack slot across labels, EBB temps die at labels. */
#include "tcg.h"

#include <string.h>

#include "tcg/host_sse.h"

enum {
    TS_DEAD = 1, /* the value is not used again from a register */
    TS_MEM = 2,  /* the value must be in memory */
};

/* The globals are temps 1..nb_globals, one run of st: update the state
 * of all of them a word at a time (this runs at every op that can fault
 * and every block end).  Either set (assign), add or remove states, or,
 * with at_fault, what an op that can fault needs: every global's value,
 * from a register unless it must reach memory anyway (TS_MEM: it is
 * stored where it is written, so env has it here and a register copy
 * need not outlive its last use).  Inlined, with la_globals, so that
 * each caller's constant masks fold away.  The update is idempotent: a
 * run of 8 or more ends with a word overlapping the last rather than
 * bytes. */
static inline __attribute__((always_inline)) uint64_t la_globals_word(uint64_t w, uint64_t keep8, uint64_t add8,
                                                                      bool at_fault)
{
    _Static_assert(TS_DEAD == 1 && TS_MEM == 2, "at_fault shifts TS_MEM onto TS_DEAD");
    if (at_fault)
        return w & ~((~w >> 1) & 0x0101010101010101ull);
    return (w & keep8) | add8;
}

static inline __attribute__((always_inline)) void la_globals_update(TCGContext *s, uint8_t *st, uint8_t keep,
                                                                    uint8_t add, bool at_fault)
{
    uint8_t *p = st + 1, *end = st + 1 + s->nb_globals;
    const uint64_t keep8 = keep * 0x0101010101010101ull, add8 = add * 0x0101010101010101ull;
    uint64_t w;
    for (; end - p >= 8; p += 8) {
        memcpy(&w, p, 8);
        w = la_globals_word(w, keep8, add8, at_fault);
        memcpy(p, &w, 8);
    }
    if (p < end && s->nb_globals >= 8) {
        memcpy(&w, end - 8, 8);
        w = la_globals_word(w, keep8, add8, at_fault);
        memcpy(end - 8, &w, 8);
        return;
    }
    for (; p < end; p++)
        *p = (uint8_t)la_globals_word(*p, keep, add, at_fault);
}

static inline __attribute__((always_inline)) void la_globals(TCGContext *s, uint8_t *st, uint8_t set, bool assign)
{
    la_globals_update(s, st, assign ? 0 : 0xff, set, false);
}

/* The block's TB and EBB temps (constants need no state), and for TB
 * temps whether they may be read after op index i through a label:
 * without backward branches that means a read after i; with them, any
 * read at all (a loop can carry the value back).  An EBB temp is dead
 * unless read since the EBB temps were last all killed: ebb_live says
 * whether any was, so that block ends after none (an exit follows a
 * label or ends the block) skip the walk. */
typedef struct TBReads {
    bool back_edges, ebb_live;
    int nb_tb, nb_ebb;
    TCGv tb[TCG_MAX_TEMPS], ebb[TCG_MAX_TEMPS];
    int32_t last_read[TCG_MAX_TEMPS]; /* -1: never read */
} TBReads;

/* All EBB temps dead (a label or a block exit follows). */
static void la_kill_ebb(uint8_t *st, TBReads *r)
{
    if (!r->ebb_live)
        return;
    for (int k = 0; k < r->nb_ebb; k++)
        st[r->ebb[k]] = TS_DEAD;
    r->ebb_live = false;
}

/* End of the whole block: only globals matter, in memory. */
static void la_func_end(TCGContext *s, uint8_t *st, TBReads *r)
{
    la_globals(s, st, TS_DEAD | TS_MEM, true);
    for (int k = 0; k < r->nb_tb; k++)
        st[r->tb[k]] = TS_DEAD;
    la_kill_ebb(st, r);
}

static bool tb_needed_after(const TBReads *r, TCGv t, int i)
{
    return r->back_edges ? r->last_read[t] >= 0 : r->last_read[t] > i;
}

static void scan_tb_reads(TCGContext *s, TBReads *r)
{
    uint64_t label_set[TCG_MAX_LABELS / 64] = { 0 };
    r->back_edges = false;
    r->nb_tb = r->nb_ebb = 0;
    r->ebb_live = true; /* their states start undefined */
    for (int t = s->nb_globals + 1; t < s->nb_temps; t++) {
        r->last_read[t] = -1;
        if (s->temps[t].kind == TEMP_TB)
            r->tb[r->nb_tb++] = (TCGv)t;
        else if (s->temps[t].kind == TEMP_EBB)
            r->ebb[r->nb_ebb++] = (TCGv)t;
    }
    if (r->nb_tb == 0)
        return; /* read positions only matter for TB temps */
    for (int i = 0; i < s->nb_ops; i++) {
        const TCGOp *op = &s->ops[i];
        TCGArg l = op->opc == INDEX_op_br || op->opc == INDEX_op_loop_back ? op->args[0]
                   : op->opc == INDEX_op_brcond                            ? op->args[3]
                                                                           : TCG_MAX_LABELS;
        if (op->opc == INDEX_op_set_label)
            label_set[op->args[0] / 64] |= 1ull << (op->args[0] % 64);
        else if (l < TCG_MAX_LABELS && ((label_set[l / 64] >> (l % 64)) & 1))
            r->back_edges = true;
        for (int j = op->nb_oargs; j < op->nb_oargs + op->nb_iargs; j++)
            if (s->temps[op->args[j]].kind == TEMP_TB)
                r->last_read[op->args[j]] = i;
    }
}

/* End of a basic block that may continue at a label. */
static void la_bb_end(TCGContext *s, uint8_t *st, TBReads *r, int i)
{
    la_globals(s, st, TS_DEAD | TS_MEM, true);
    for (int k = 0; k < r->nb_tb; k++)
        st[r->tb[k]] = tb_needed_after(r, r->tb[k], i) ? TS_DEAD | TS_MEM : TS_DEAD;
    la_kill_ebb(st, r);
}

/* The loop's back edge: a block end, except that the globals the loop
 * carries (loop.c) go round in their registers, env not needed (its exit
 * path stores them). */
static void la_loop_back(TCGContext *s, uint8_t *st, TBReads *r, int i)
{
    la_bb_end(s, st, r, i);
    for (int k = 0; k < s->loop.nb; k++)
        st[s->loop.global[k]] = 0;
}

/* A conditional branch: the target reads globals and TB temps from
 * memory, the fall-through keeps using registers. */
static void la_bb_sync(TCGContext *s, uint8_t *st, const TBReads *r, int i)
{
    la_globals(s, st, TS_MEM, false);
    for (int k = 0; k < r->nb_tb; k++)
        if (tb_needed_after(r, r->tb[k], i))
            st[r->tb[k]] |= TS_MEM;
}

/* Removable only if no output is needed anywhere: a dead register value
 * that must still reach memory (a global at a block end) keeps the op. */
static bool outputs_dead(const TCGOp *op, const uint8_t *st)
{
    for (int i = 0; i < op->nb_oargs; i++)
        if (st[op->args[i]] != TS_DEAD)
            return false;
    return true;
}

/* (The bounds are read once: every byte store to st could alias op.) */
static inline uint32_t la_outputs(const TCGOp *op, uint8_t *st)
{
    uint32_t life = 0;
    for (int i = 0, n = op->nb_oargs; i < n; i++) {
        TCGv t = (TCGv)op->args[i];
        if (st[t] & TS_DEAD)
            life |= 1u << i;
        if (st[t] & TS_MEM)
            life |= 1u << (16 + i);
        st[t] = TS_DEAD;
    }
    return life;
}

static inline uint32_t la_inputs(TCGContext *s, const TCGOp *op, uint8_t *st, TBReads *r)
{
    /* a dying global input whose env copy is needed later gets a sync
     * bit, which only a loop's carried globals can need (tcg.h) */
    const bool carries = s->loop.nb > 0;
    uint32_t life = 0;
    bool ebb_read = false;
    for (int i = op->nb_oargs, end = op->nb_oargs + op->nb_iargs; i < end; i++) {
        TCGv t = (TCGv)op->args[i];
        const TCGTemp *ts = &s->temps[t];
        if (ts->fixed_reg || ts->kind == TEMP_CONST)
            continue;
        ebb_read |= ts->kind == TEMP_EBB;
        if (st[t] & TS_DEAD)
            life |= (carries && (st[t] & TS_MEM) && ts->kind == TEMP_GLOBAL ? 0x10001u : 1u) << i;
        st[t] &= (uint8_t)~TS_DEAD;
    }
    r->ebb_live |= ebb_read;
    return life;
}

static void la_call(TCGContext *s, TCGOp *op, uint8_t *st, TBReads *r)
{
    unsigned flags = (unsigned)op->args[op->nb_oargs + op->nb_iargs + 1];
    if ((flags & TCG_CALL_NO_SIDE_EFFECTS) && outputs_dead(op, st)) {
        tcg_op_remove(op);
        return;
    }
    uint32_t life = la_outputs(op, st);
    if (!(flags & TCG_CALL_NO_WRITE_GLOBALS))
        la_globals(s, st, TS_DEAD | TS_MEM, true);
    else if (!(flags & TCG_CALL_NO_READ_GLOBALS))
        la_globals(s, st, TS_MEM, false);
    op->life = life | la_inputs(s, op, st, r);
}

/* A double-width multiply whose high half nobody reads is a plain
 * multiply (the low half is the same signed or unsigned): a two-operand
 * host imul instead of the one-operand form tied to rax and rdx.  Guest
 * imul r, r/m produces one whenever its flags are not read. */
static void narrow_dead_high_mul(TCGOp *op, const uint8_t *st)
{
    if ((op->opc != INDEX_op_mulu2 && op->opc != INDEX_op_muls2) || st[op->args[1]] != TS_DEAD)
        return;
    op->opc = INDEX_op_mul;
    op->nb_oargs = 1;
    op->args[1] = op->args[2];
    op->args[2] = op->args[3];
}

static void la_op(TCGContext *s, TCGOp *op, uint8_t *st, TBReads *r, int i)
{
    narrow_dead_high_mul(op, st);
    unsigned flags = tcg_op_defs[op->opc].flags;
    /* (a move of a temp to itself, which the optimizer drops, would
     * otherwise mark its input dead where its output lives on) */
    if ((op->nb_oargs && !(flags & (TCG_OPF_SIDE_EFFECTS | TCG_OPF_BB_END)) && outputs_dead(op, st)) ||
        (op->opc == INDEX_op_mov && op->args[0] == op->args[1])) {
        tcg_op_remove(op);
        return;
    }
    uint32_t life = la_outputs(op, st);
    if (flags & TCG_OPF_BB_END) {
        if (flags & TCG_OPF_COND_BRANCH)
            la_bb_sync(s, st, r, i);
        else if (flags & TCG_OPF_NORETURN)
            la_func_end(s, st, r);
        else
            la_bb_end(s, st, r, i);
    }
    /* a fault here reads every global: from env or, where the allocator
     * kept one in a register, from the signal context (its fault site);
     * a side exit stores those in registers on its way out */
    if (flags & (TCG_OPF_CAN_FAULT | TCG_OPF_SIDE_EXIT))
        la_globals_update(s, st, 0, 0, true);
    op->life = life | la_inputs(s, op, st, r);
}

/* ---- zero-extension folding ----
 * A forward pass before liveness: ext32u of an i64 value whose upper half
 * is already known to be zero becomes a mov, which the allocator turns
 * into a register hand-over (guest 32-bit operations produce many). */

typedef struct ZextState {
    uint64_t known[TCG_MAX_TEMPS / 64]; /* bit set: upper 32 bits are zero */
} ZextState;

static bool zext_known(TCGContext *s, const ZextState *z, TCGArg t)
{
    if (s->temps[t].kind == TEMP_CONST)
        return (uint64_t)s->temps[t].val <= UINT32_MAX;
    return (z->known[t / 64] >> (t % 64)) & 1;
}

static void zext_set(ZextState *z, TCGArg t, bool v)
{
    if (v)
        z->known[t / 64] |= 1ull << (t % 64);
    else
        z->known[t / 64] &= ~(1ull << (t % 64));
}

static bool zext_result(TCGContext *s, const ZextState *z, const TCGOp *op)
{
    const TCGArg *a = op->args;
    switch (op->opc) {
    case INDEX_op_mov: return zext_known(s, z, a[1]);
    case INDEX_op_and: return zext_known(s, z, a[1]) || zext_known(s, z, a[2]);
    case INDEX_op_or: case INDEX_op_xor: return zext_known(s, z, a[1]) && zext_known(s, z, a[2]);
    case INDEX_op_shr:
        return zext_known(s, z, a[1]) ||
               (s->temps[a[2]].kind == TEMP_CONST && (s->temps[a[2]].val & 63) >= 32);
    case INDEX_op_movcond: return zext_known(s, z, a[3]) && zext_known(s, z, a[4]);
    case INDEX_op_extract: return a[3] <= 32;
    case INDEX_op_ext8u: case INDEX_op_ext16u: case INDEX_op_ext32u: case INDEX_op_extu_i32_i64:
    case INDEX_op_ld8u: case INDEX_op_ld16u: case INDEX_op_ld32u:
    case INDEX_op_bswap16: case INDEX_op_bswap32: case INDEX_op_setcond: case INDEX_op_ctpop:
        return true;
    case INDEX_op_qemu_ld: {
        MemOp mop = get_memop((MemOpIdx)a[2]);
        return (mop & MO_SIZE) <= MO_32 && !(mop & MO_SIGN);
    }
    case INDEX_op_sse_env_gpr: /* a 32-bit result (pmovmskb, movd, cvt*2si) unless REX.W */
        return !(a[op->nb_oargs + op->nb_iargs] & TCG_HOST_SSE_REXW);
    default: return false;
    }
}

/* ---- 32-bit narrowing ----
 * ext32u of an add/sub/and/or/xor/not/neg computed just before in i64
 * equals the same op computed in 32 bits: the host's 32-bit form
 * zero-extends, so the op is retyped to i32 and the ext32u becomes a mov
 * (a register hand-over instead of a same-register `mov r32, r32` on the
 * dependency chain).  The emitter writes every i32 result, even of an op
 * a constant makes the identity (out_identity).  Only where no other op
 * reads the op's wide result. */

static int prev_op(TCGContext *s, int i)
{
    do
        i--;
    while (i >= 0 && s->ops[i].opc == INDEX_op_nop);
    return i;
}

static bool narrowable(TCGContext *s, const TCGOp *p, TCGArg t)
{
    if (p->type != TCG_TYPE_I64 || p->nb_oargs != 1 || p->args[0] != t)
        return false;
    switch (p->opc) {
    case INDEX_op_add: case INDEX_op_sub: case INDEX_op_and: case INDEX_op_or: case INDEX_op_xor:
        return true;
    case INDEX_op_not: case INDEX_op_neg:
        return s->temps[p->args[1]].kind != TEMP_CONST;
    default:
        return false;
    }
}

/* Is EBB temp t read after op i before being written again or dying? */
static bool ebb_read_after(TCGContext *s, int i, TCGArg t)
{
    for (int k = i + 1; k < s->nb_ops; k++) {
        const TCGOp *op = &s->ops[k];
        if (op->opc == INDEX_op_set_label)
            return false;
        for (int j = op->nb_oargs; j < op->nb_oargs + op->nb_iargs; j++)
            if (op->args[j] == t)
                return true;
        for (int j = 0; j < op->nb_oargs; j++)
            if (op->args[j] == t)
                return false;
    }
    return false;
}

static bool narrow_before_ext32u(TCGContext *s, int i)
{
    TCGOp *op = &s->ops[i];
    TCGArg t = op->args[1];
    int j = prev_op(s, i);
    if (j < 0 || !narrowable(s, &s->ops[j], t))
        return false;
    if (op->args[0] != t && (s->temps[t].kind != TEMP_EBB || ebb_read_after(s, i, t)))
        return false;
    s->ops[j].type = TCG_TYPE_I32;
    op->opc = INDEX_op_mov;
    return true;
}

/* extrl_i64_i32 a, x; rot_i32 b, a, $c; extu_i32_i64 r, b (a 32-bit
 * rotate of a 64-bit value) becomes one 32-bit rotate from x into r, as
 * in narrow_before_ext32u.  Constant counts only: a count of 0 in cl
 * leaves the register alone, where a constant 0 is out_identity's
 * `mov r32, r32`. */
static bool fuse_rotate32(TCGContext *s, int i)
{
    TCGOp *ext = &s->ops[i];
    int j = prev_op(s, i), k = j < 0 ? -1 : prev_op(s, j);
    if (k < 0)
        return false;
    TCGOp *rot = &s->ops[j], *trunc = &s->ops[k];
    TCGArg b = ext->args[1], a = trunc->args[0], c = rot->args[2];
    if ((rot->opc != INDEX_op_rotl && rot->opc != INDEX_op_rotr) || rot->type != TCG_TYPE_I32 ||
        rot->args[0] != b || rot->args[1] != a || trunc->opc != INDEX_op_extrl_i64_i32 ||
        s->temps[c].kind != TEMP_CONST ||
        s->temps[a].kind != TEMP_EBB || s->temps[b].kind != TEMP_EBB ||
        (a != b && ebb_read_after(s, j, a)) || ebb_read_after(s, i, b))
        return false;
    rot->args[0] = ext->args[0];
    rot->args[1] = trunc->args[1];
    tcg_op_remove(trunc);
    tcg_op_remove(ext);
    return true;
}

/* The last op the pass may rewrite (-1: none): what is known after it
 * serves nothing, so the pass stops there. */
static int last_extension(const TCGContext *s)
{
    for (int i = s->nb_ops - 1; i >= 0; i--)
        if (s->ops[i].opc == INDEX_op_ext32u || s->ops[i].opc == INDEX_op_extu_i32_i64)
            return i;
    return -1;
}

static void fold_zero_extensions(TCGContext *s)
{
    ZextState z = { { 0 } };
    int last = last_extension(s);
    for (int i = 0; i <= last; i++) {
        TCGOp *op = &s->ops[i];
        if (op->opc == INDEX_op_set_label) {
            z = (ZextState){ { 0 } };
            continue;
        }
        if (op->opc == INDEX_op_call) {
            unsigned flags = (unsigned)op->args[op->nb_oargs + op->nb_iargs + 1];
            if (!(flags & TCG_CALL_NO_WRITE_GLOBALS))
                for (int t = 1; t <= s->nb_globals; t++)
                    zext_set(&z, (TCGArg)t, false);
        } else if (op->opc == INDEX_op_ext32u) {
            if (zext_known(s, &z, op->args[1]))
                op->opc = INDEX_op_mov;
            else if (narrow_before_ext32u(s, i))
                zext_set(&z, op->args[1], true);
        } else if (op->opc == INDEX_op_extu_i32_i64 && fuse_rotate32(s, i)) {
            zext_set(&z, s->ops[prev_op(s, i)].args[0], true);
            continue;
        }
        bool zr = op->type == TCG_TYPE_I64 && op->nb_oargs == 1 && op->opc != INDEX_op_call &&
                  zext_result(s, &z, op);
        for (int j = 0; j < op->nb_oargs; j++)
            zext_set(&z, op->args[j], zr);
    }
}

void tcg_liveness(TCGContext *s)
{
    uint8_t st[TCG_MAX_TEMPS];
    TBReads reads;
    fold_zero_extensions(s);
    scan_tb_reads(s, &reads);
    la_func_end(s, st, &reads);
    for (int i = s->nb_ops - 1; i >= 0; i--) {
        TCGOp *op = &s->ops[i];
        switch (op->opc) {
        case INDEX_op_nop:
        case INDEX_op_insn_start:
            break;
        case INDEX_op_discard:
            /* a discarded global's value is undefined until written
             * again: neither its register nor its memory home needs it
             * (the producer lets nothing depend on it meanwhile) */
            st[op->args[0]] = TS_DEAD;
            break;
        case INDEX_op_call:
            la_call(s, op, st, &reads);
            break;
        case INDEX_op_loop_back:
            la_loop_back(s, st, &reads, i);
            break;
        default:
            la_op(s, op, st, &reads, i);
            break;
        }
    }
}

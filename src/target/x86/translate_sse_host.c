/* translate_sse_host.c — SSE floating point as the host's own instructions
 * (the sse_env, sse_env_flags and sse_env_gpr IR ops), with guest xmm
 * register N living in host xmm register N.
 *
 * Only in the default MXCSR mode (HF_MXCSR_NONDEF clear, a TB-key bit):
 * the host MXCSR runs in that same mode while generated code runs, so it
 * computes the same bits and gathers the guest's sticky exception flags,
 * which sse_helper.c merges into env->mxcsr whenever the guest can see
 * them.  Other modes (unmasked exceptions, other rounding, FTZ/DAZ) keep
 * the helpers, except for the instructions that neither round nor raise
 * (integer, bitwise, moves: tcg_host_sse_is_exact), host ones in any
 * mode.
 *
 * The fixed mapping lets values stay in host registers across blocks
 * (a loop's values never go through memory).  Host register N holds
 * guest register N or is marked stale (host_sse.h): calls and entries
 * from C mark all (the backend does that), a plain store into an image
 * marks its register (sse_gen_image_written).  A run of SSE code that
 * starts knowing nothing (at a block's start, after a label or a call)
 * synchronizes all the registers it uses at once (TCG_HOST_SSE_SYNC_ALL);
 * after that, an op synchronizes a register marked since (a test, and a
 * reload when marked).  What is known is rebuilt by replaying the IR
 * back to the last call or label (stateless, so it cannot go stale).
 * Results stay in the host registers; the backend stores them to their
 * images before anything can read those (host_sse.h). */
#include <stddef.h>

#include "target/x86/translate_sse.h"
#include "tcg/host_sse.h"

#define NB_HOST_XMM 16
#define REPLAY_LIMIT 2048 /* ops looked back at; older knowledge is forgotten */

static bool breaks_run(const TCGOp *op)
{
    unsigned flags = tcg_op_defs[op->opc].flags;
    return op->opc == INDEX_op_set_label || op->opc == INDEX_op_call ||
           (flags & (TCG_OPF_CALL_CLOBBER | TCG_OPF_NORETURN));
}

static TCGHostSSEKind sse_kind(TCGOpcode opc)
{
    return opc == INDEX_op_sse_env_flags ? TCG_HOST_SSE_FLAGS
         : opc == INDEX_op_sse_env_gpr ? TCG_HOST_SSE_GPR : TCG_HOST_SSE_ARITH;
}

static bool is_sse(TCGOpcode opc)
{
    return opc == INDEX_op_sse_env || opc == INDEX_op_sse_env_flags || opc == INDEX_op_sse_env_gpr ||
           opc == INDEX_op_sse_mark || opc == INDEX_op_sse_qemu || opc == INDEX_op_sse_gpr;
}

/* the host register of the image at env offset ofs, or -1 (xmm_t0) */
static int image_register(size_t ofs)
{
    if (ofs < xmm_ofs(0) || ofs >= xmm_ofs(NB_HOST_XMM) || (ofs - xmm_ofs(0)) % sizeof(XMMReg))
        return -1;
    return (int)((ofs - xmm_ofs(0)) / sizeof(XMMReg));
}

static bool is_sync_all(const TCGOp *op)
{
    return op->opc == INDEX_op_sse_mark && (op->args[0] & TCG_HOST_SSE_SYNC_ALL(0));
}

/* what the translator knows about a host register at some point */
typedef enum { UNKNOWN, CURRENT, STALE } HostState;

static void learn(HostState st[], int r, HostState what)
{
    if (r >= 0 && st[r] == UNKNOWN)
        st[r] = what;
}

/* What an earlier sse op says about the registers it touched, unless a
 * later op already said: CURRENT if it used one (it was current or
 * synchronized) or synchronized them all, STALE if it marked one. */
static void replay_sse(const TCGOp *op, HostState st[])
{
    if (op->opc == INDEX_op_sse_mark) {
        bool all = is_sync_all(op);
        for (int r = 0; all && r < NB_HOST_XMM; r++)
            learn(st, r, CURRENT);
        if (!all)
            learn(st, (int)op->args[0], STALE);
        return;
    }
    TCGHostSSEKind kind = sse_kind((TCGOpcode)op->opc);
    uint32_t c0 = (uint32_t)op->args[op->opc == INDEX_op_sse_env ? 1 : 2];
    if (kind == TCG_HOST_SSE_GPR && (c0 & TCG_HOST_SSE_KEY_MASK) == TCG_HOST_SSE_STMXCSR)
        return;
    if (kind != TCG_HOST_SSE_GPR)
        learn(st, (c0 >> TCG_HOST_SSE_HD_SHIFT) & 15, CURRENT);
    if (!(c0 & TCG_HOST_SSE_MEM_S))
        learn(st, (c0 >> TCG_HOST_SSE_HS_SHIFT) & 15, CURRENT);
}

/* the state of every host register before the op about to be emitted,
 * from the IR back to the last call (after which all are stale) or label;
 * a run's synchronization of all registers ends the look back, as nothing
 * older can say more (so a long block costs a walk back to its run's
 * start, not a second synchronization once the run is REPLAY_LIMIT long) */
static void replay_run(DisasContext *s, HostState st[])
{
    TCGContext *t = T(s);
    for (int r = 0; r < NB_HOST_XMM; r++)
        st[r] = UNKNOWN;
    for (int i = t->nb_ops - 1; i >= 0 && t->nb_ops - i <= REPLAY_LIMIT; i--) {
        const TCGOp *op = &t->ops[i];
        if (breaks_run(op)) /* (a call may yet be dropped by the optimizer) */
            return;
        if (is_sse((TCGOpcode)op->opc))
            replay_sse(op, st);
        if (is_sync_all(op))
            return;
    }
}

/* Where a run starts, knowing nothing: every register synchronized by
 * one test of all the marks (set ones are rare there), so the run's
 * ops need no test of their own. */
static void gen_sync_all(DisasContext *s, HostState st[])
{
    TCGOp *op = tcg_emit_op(T(s), INDEX_op_sse_mark, TCG_TYPE_I64);
    op->args[0] = TCG_HOST_SSE_SYNC_ALL(xmm_ofs(0));
    for (int r = 0; r < NB_HOST_XMM; r++)
        learn(st, r, CURRENT);
}

static uint32_t with_registers(uint32_t key, uint32_t syncs, int hd, int hs)
{
    return key | syncs | (uint32_t)hd << TCG_HOST_SSE_HD_SHIFT | (uint32_t)hs << TCG_HOST_SSE_HS_SHIFT;
}

/* c0 for the op: the key plus registers and synchronizations; an xmm_t0
 * source becomes a memory operand */
static uint32_t plan_registers(DisasContext *s, uint32_t key, TCGHostSSEKind kind, size_t dst, size_t src)
{
    HostState st[NB_HOST_XMM];
    replay_run(s, st);
    if (kind == TCG_HOST_SSE_GPR && (key & TCG_HOST_SSE_KEY_MASK) == TCG_HOST_SSE_STMXCSR)
        return key;
    int hs = image_register(src);
    int hd = kind == TCG_HOST_SSE_GPR ? hs : image_register(dst);
    if ((hs >= 0 && st[hs] == UNKNOWN) || (hd >= 0 && st[hd] == UNKNOWN))
        gen_sync_all(s, st);
    if (kind == TCG_HOST_SSE_ARITH && hs >= 0 && hs == hd && tcg_host_sse_is_zeroing(key)) /* what it held does not matter */
        return with_registers(key, st[hd] != CURRENT ? TCG_HOST_SSE_SYNC_D : 0, hd, hs);
    uint32_t syncs = 0;
    if (hs < 0) {
        key |= TCG_HOST_SSE_MEM_S;
        hs = hd;
    } else if (st[hs] != CURRENT) {
        syncs |= TCG_HOST_SSE_SYNC_S;
    }
    /* a destination the op only writes is unmarked all the same (host_sse.h) */
    if (kind != TCG_HOST_SSE_GPR && hd >= 0 && st[hd] != CURRENT && !(hd == hs && (syncs & TCG_HOST_SSE_SYNC_S)))
        syncs |= TCG_HOST_SSE_SYNC_D;
    return with_registers(key, syncs, hd < 0 ? 0 : hd, hs < 0 ? 0 : hs);
}

/* movss/movsd from memory zero the rest: not what their register forms do */
static bool is_movs(uint32_t key)
{
    key &= TCG_HOST_SSE_KEY_MASK;
    return key == TCG_HOST_SSE_KEY(0xf3, 0x10) || key == TCG_HOST_SSE_KEY(0xf2, 0x10);
}

static bool host_sse_usable(DisasContext *s, uint32_t key, TCGHostSSEKind kind, size_t src)
{
    if (!key)
        return false;
    if (image_register(src) < 0) {
        if (is_movs(key))
            return false;
        key |= TCG_HOST_SSE_MEM_S; /* as plan_registers will */
    }
    if ((s->env->hflags & HF_MXCSR_NONDEF) && !tcg_host_sse_is_exact(key, kind))
        return false;
    return tcg_host_sse_widths(key, kind) != 0;
}

static void emit_sse_env(DisasContext *s, uint32_t c0, size_t dst, size_t src)
{
    TCGOp *op = tcg_emit_op(T(s), INDEX_op_sse_env, TCG_TYPE_I64);
    op->args[0] = (TCGArg)T(s)->env;
    op->args[1] = c0;
    op->args[2] = dst;
    op->args[3] = src;
}

bool sse_gen_host_op(DisasContext *s, uint32_t key, size_t dst, size_t src)
{
    if (image_register(dst) < 0 || !host_sse_usable(s, key, TCG_HOST_SSE_ARITH, src))
        return false;
    emit_sse_env(s, plan_registers(s, key, TCG_HOST_SSE_ARITH, dst, src), dst, src);
    return true;
}

/* sse_qemu or sse_gpr (opc) with source v */
static bool gen_host_external_op(DisasContext *s, TCGOpcode opc, uint32_t key, size_t dst, TCGv v)
{
    key |= TCG_HOST_SSE_MEM_S;
    if (image_register(dst) < 0 || !host_sse_usable(s, key, TCG_HOST_SSE_ARITH, T0_OFS))
        return false;
    uint32_t c0 = plan_registers(s, key, TCG_HOST_SSE_ARITH, dst, T0_OFS);
    TCGOp *op = tcg_emit_op(T(s), opc, TCG_TYPE_I64);
    op->args[0] = (TCGArg)T(s)->env;
    op->args[1] = (TCGArg)v;
    op->args[2] = c0;
    op->args[3] = dst;
    if (opc == INDEX_op_sse_qemu)
        op->args[4] = make_memop_idx(MO_64, x86_mmu_idx(s));
    return true;
}

bool sse_gen_host_mem_op(DisasContext *s, uint32_t key, size_t dst, TCGv addr)
{
    return gen_host_external_op(s, INDEX_op_sse_qemu, key, dst, addr);
}

bool sse_gen_host_gpr_op(DisasContext *s, uint32_t key, size_t dst, TCGv v)
{
    return gen_host_external_op(s, INDEX_op_sse_gpr, key, dst, v);
}

/* the ops with an output temp: the compares and sse_env_gpr */
static bool gen_host_to_temp(DisasContext *s, TCGOpcode opc, uint32_t key, TCGv out, size_t dst, size_t src)
{
    TCGHostSSEKind kind = sse_kind(opc);
    if (!host_sse_usable(s, key, kind, src))
        return false;
    uint32_t c0 = plan_registers(s, key, kind, dst, src);
    TCGOp *op = tcg_emit_op(T(s), opc, TCG_TYPE_I64);
    op->args[0] = (TCGArg)out;
    op->args[1] = (TCGArg)T(s)->env;
    op->args[2] = c0;
    op->args[3] = dst;
    op->args[4] = src;
    return true;
}

bool sse_gen_host_compare(DisasContext *s, uint32_t key, TCGv eflags, size_t dst, size_t src)
{
    return image_register(dst) >= 0 && gen_host_to_temp(s, INDEX_op_sse_env_flags, key, eflags, dst, src);
}

bool sse_gen_host_to_gpr(DisasContext *s, uint32_t key, TCGv out, size_t src)
{
    return gen_host_to_temp(s, INDEX_op_sse_env_gpr, key, out, 0, src);
}

/* After a plain store into an image: its host register is stale (marked
 * unless known to be already). */
void sse_gen_image_written(DisasContext *s, size_t ofs)
{
    if (ofs < xmm_ofs(0) || ofs >= xmm_ofs(NB_HOST_XMM))
        return;
    int r = image_register(ofs - (ofs - xmm_ofs(0)) % sizeof(XMMReg));
    HostState st[NB_HOST_XMM];
    replay_run(s, st);
    if (st[r] == STALE)
        return;
    TCGOp *op = tcg_emit_op(T(s), INDEX_op_sse_mark, TCG_TYPE_I64);
    op->args[0] = (TCGArg)r;
}

/* translate_sse_host.c — SSE floating point as the host's own instructions
 * (the sse_env / sse_env_flags IR ops), with the guest registers kept in
 * host xmm registers along a run of such ops.
 *
 * Only in the default MXCSR mode (HF_MXCSR_NONDEF clear, a TB-key bit):
 * the host MXCSR runs in that same mode while generated code runs, so it
 * computes the same bits and gathers the guest's sticky exception flags,
 * which sse_helper.c merges into env->mxcsr whenever the guest can see
 * them.  Other modes (unmasked exceptions, other rounding, FTZ/DAZ) keep
 * the helpers.
 *
 * Register caching is decided here, at translation time, and stated in
 * each op (which host xmm registers, whether to load them first), so the
 * backend and the register allocator need no state for it.  Each op also
 * stores its result to the env image, so the image is always current and
 * a host register is only ever a copy.  Copies stay valid while the ops
 * between emit nothing that clobbers xmm registers or rewrites an image:
 * the state is rebuilt by replaying the IR back to the last call or label
 * (stateless, so it cannot go stale), and a store into an image drops
 * that image's copy. */
#include <stddef.h>

#include "target/x86/translate_sse.h"
#include "tcg/host_sse.h"

#define NB_HOST_XMM 16
#define REPLAY_LIMIT 256 /* ops looked back at; older copies are forgotten */

/* what host register i holds: the low `valid` bytes of the image at env
 * offset ofs (valid 0: nothing) */
typedef struct HostXmm {
    int64_t ofs;
    int valid;
    int last_use; /* op index, for eviction */
} HostXmm;

static bool breaks_run(const TCGOp *op)
{
    unsigned flags = tcg_op_defs[op->opc].flags;
    return op->opc == INDEX_op_set_label || op->opc == INDEX_op_call ||
           (flags & (TCG_OPF_CALL_CLOBBER | TCG_OPF_NORETURN));
}

static bool is_store(TCGOpcode opc)
{
    return opc == INDEX_op_st8 || opc == INDEX_op_st16 || opc == INDEX_op_st32 || opc == INDEX_op_st;
}

/* a store into env at [ofs, ofs + 8) (or through another pointer: anywhere)
 * drops the copies of the images it may touch */
static void replay_store(HostXmm *h, const TCGOp *op, TCGv env)
{
    bool via_env = (TCGv)op->args[1] == env;
    int64_t ofs = (int64_t)op->args[2];
    for (int i = 0; i < NB_HOST_XMM; i++)
        if (h[i].valid && (!via_env || (ofs < h[i].ofs + 16 && h[i].ofs < ofs + 8)))
            h[i].valid = 0;
}

static TCGHostSSEKind sse_kind(TCGOpcode opc)
{
    return opc == INDEX_op_sse_env ? TCG_HOST_SSE_ARITH
         : opc == INDEX_op_sse_env_flags ? TCG_HOST_SSE_FLAGS : TCG_HOST_SSE_GPR;
}

static bool is_sse(TCGOpcode opc)
{
    return opc == INDEX_op_sse_env || opc == INDEX_op_sse_env_flags || opc == INDEX_op_sse_env_gpr;
}

static void replay_sse(HostXmm *h, const TCGOp *op, int index)
{
    TCGHostSSEKind kind = sse_kind((TCGOpcode)op->opc);
    const TCGArg *c = op->args + (kind == TCG_HOST_SSE_ARITH ? 1 : 2);
    uint32_t c0 = (uint32_t)c[0];
    unsigned widths = tcg_host_sse_widths(c0, kind);
    int dw = (int)(widths & 0xff), sw = (int)(widths >> 8);
    int hd = (c0 >> TCG_HOST_SSE_HD_SHIFT) & 15, hs = (c0 >> TCG_HOST_SSE_HS_SHIFT) & 15;
    if (c0 & TCG_HOST_SSE_LOAD_S)
        h[hs] = (HostXmm){ (int64_t)c[2], sw, index };
    if (kind == TCG_HOST_SSE_GPR) {
        h[hs].last_use = index;
        return;
    }
    if ((c0 & TCG_HOST_SSE_LOAD_D) || tcg_host_sse_is_copy(c0))
        h[hd] = (HostXmm){ (int64_t)c[1], dw, index };
    h[hd].last_use = h[hs].last_use = index;
    if (kind == TCG_HOST_SSE_FLAGS)
        return;
    if (h[hd].valid < dw) /* the result widens what is current */
        h[hd].valid = dw;
    for (int i = 0; i < NB_HOST_XMM; i++) /* older copies of the image are stale */
        if (i != hd && h[i].ofs == (int64_t)c[1])
            h[i].valid = 0;
}

/* the host registers' contents before the op about to be emitted */
static void replay_run(DisasContext *s, HostXmm *h)
{
    TCGContext *t = T(s);
    for (int i = 0; i < NB_HOST_XMM; i++)
        h[i] = (HostXmm){ -1, 0, -1 };
    int start = t->nb_ops;
    /* starting later than the run did is safe: a register not known to
     * hold a copy is only ever overwritten, never read */
    while (start > 0 && t->nb_ops - start < REPLAY_LIMIT && !breaks_run(&t->ops[start - 1]))
        start--;
    for (int i = start; i < t->nb_ops; i++) {
        const TCGOp *op = &t->ops[i];
        if (is_sse((TCGOpcode)op->opc))
            replay_sse(h, op, i);
        else if (is_store((TCGOpcode)op->opc))
            replay_store(h, op, t->env);
    }
}

static int find_copy(const HostXmm *h, int64_t ofs, int width)
{
    for (int i = 0; i < NB_HOST_XMM; i++)
        if (h[i].valid >= width && h[i].ofs == ofs)
            return i;
    return -1;
}

/* a register for a new copy: an empty one, else the least recently used
 * one other than `keep` */
static int pick_register(const HostXmm *h, int keep)
{
    int best = -1;
    for (int i = 0; i < NB_HOST_XMM; i++) {
        if (i == keep)
            continue;
        if (!h[i].valid)
            return i;
        if (best < 0 || h[i].last_use < h[best].last_use)
            best = i;
    }
    return best;
}

/* a host register holding the image at ofs (width bytes), and whether
 * it must be loaded first */
static int register_for(const HostXmm *h, int64_t ofs, int width, int keep, bool *load)
{
    int r = find_copy(h, ofs, width);
    *load = r < 0;
    return r < 0 ? pick_register(h, keep) : r;
}

static uint32_t with_registers(uint32_t key, uint32_t loads, int hd, int hs)
{
    return key | loads | (uint32_t)hd << TCG_HOST_SSE_HD_SHIFT | (uint32_t)hs << TCG_HOST_SSE_HS_SHIFT;
}

/* c0 for the op: the key plus registers and loads */
static uint32_t plan_registers(DisasContext *s, uint32_t key, TCGHostSSEKind kind, size_t dst, size_t src)
{
    HostXmm h[NB_HOST_XMM];
    replay_run(s, h);
    unsigned widths = tcg_host_sse_widths(key, kind);
    int dw = (int)(widths & 0xff), sw = (int)(widths >> 8);
    bool load;
    int hd, hs;
    if (kind == TCG_HOST_SSE_GPR) { /* the source only */
        if ((key & TCG_HOST_SSE_KEY_MASK) == TCG_HOST_SSE_STMXCSR)
            return key;
        hs = register_for(h, (int64_t)src, sw, -1, &load);
        return with_registers(key, load ? TCG_HOST_SSE_LOAD_S : 0, hs, hs);
    }
    if (key & TCG_HOST_SSE_MEM_S) { /* the destination only */
        hd = register_for(h, (int64_t)dst, dw, -1, &load);
        return with_registers(key, load ? TCG_HOST_SSE_LOAD_D : 0, hd, hd);
    }
    uint32_t loads = 0;
    if (tcg_host_sse_is_copy(key)) {
        hs = register_for(h, (int64_t)src, sw, -1, &load);
        if (load)
            loads = TCG_HOST_SSE_LOAD_S;
        hd = find_copy(h, (int64_t)dst, 1);
        if (hd < 0 || hd == hs)
            hd = pick_register(h, hs);
    } else if (dst == src) {
        /* load once, through the role with the wider access */
        hd = hs = register_for(h, (int64_t)dst, dw > sw ? dw : sw, -1, &load);
        if (load)
            loads = dw >= sw ? TCG_HOST_SSE_LOAD_D : TCG_HOST_SSE_LOAD_S;
    } else {
        hs = find_copy(h, (int64_t)src, sw);
        hd = register_for(h, (int64_t)dst, dw, hs, &load);
        if (load)
            loads |= TCG_HOST_SSE_LOAD_D;
        if (hs < 0) {
            hs = pick_register(h, hd);
            loads |= TCG_HOST_SSE_LOAD_S;
        }
    }
    return with_registers(key, loads, hd, hs);
}

static bool host_sse_usable(DisasContext *s, uint32_t key, TCGHostSSEKind kind)
{
    return key && !(s->env->hflags & HF_MXCSR_NONDEF) && tcg_host_sse_widths(key, kind);
}

bool sse_gen_host_op(DisasContext *s, uint32_t key, size_t dst, size_t src)
{
    if (!host_sse_usable(s, key, TCG_HOST_SSE_ARITH))
        return false;
    uint32_t c0 = plan_registers(s, key, TCG_HOST_SSE_ARITH, dst, src);
    TCGOp *op = tcg_emit_op(T(s), INDEX_op_sse_env, TCG_TYPE_I64);
    op->args[0] = (TCGArg)T(s)->env;
    op->args[1] = c0;
    op->args[2] = dst;
    op->args[3] = src;
    return true;
}

/* the ops with an output temp: the compares and sse_env_gpr */
static bool gen_host_to_temp(DisasContext *s, TCGOpcode opc, uint32_t key, TCGv out, size_t dst, size_t src)
{
    TCGHostSSEKind kind = sse_kind(opc);
    if (!host_sse_usable(s, key, kind))
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
    return gen_host_to_temp(s, INDEX_op_sse_env_flags, key, eflags, dst, src);
}

bool sse_gen_host_to_gpr(DisasContext *s, uint32_t key, TCGv out, size_t src)
{
    return gen_host_to_temp(s, INDEX_op_sse_env_gpr, key, out, 0, src);
}

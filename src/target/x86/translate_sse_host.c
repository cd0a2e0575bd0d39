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

static void replay_sse(HostXmm *h, const TCGOp *op, int index)
{
    bool flags = op->opc == INDEX_op_sse_env_flags;
    const TCGArg *c = op->args + (flags ? 2 : 1);
    uint32_t c0 = (uint32_t)c[0];
    unsigned widths = tcg_host_sse_widths(c0, flags);
    int dw = (int)(widths & 0xff), sw = (int)(widths >> 8);
    int hd = (c0 >> TCG_HOST_SSE_HD_SHIFT) & 15, hs = (c0 >> TCG_HOST_SSE_HS_SHIFT) & 15;
    if (c0 & TCG_HOST_SSE_LOAD_S)
        h[hs] = (HostXmm){ (int64_t)c[2], sw, index };
    if ((c0 & TCG_HOST_SSE_LOAD_D) || tcg_host_sse_is_copy(c0))
        h[hd] = (HostXmm){ (int64_t)c[1], dw, index };
    h[hd].last_use = h[hs].last_use = index;
    if (flags)
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
        if (op->opc == INDEX_op_sse_env || op->opc == INDEX_op_sse_env_flags)
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

/* c0 for the op: the key plus registers and loads */
static uint32_t plan_registers(DisasContext *s, uint32_t key, unsigned widths, size_t dst, size_t src)
{
    HostXmm h[NB_HOST_XMM];
    replay_run(s, h);
    int dw = (int)(widths & 0xff), sw = (int)(widths >> 8);
    uint32_t loads = 0;
    int hd, hs;
    if (tcg_host_sse_is_copy(key)) {
        hs = find_copy(h, (int64_t)src, sw);
        if (hs < 0) {
            hs = pick_register(h, -1);
            loads = TCG_HOST_SSE_LOAD_S;
        }
        hd = find_copy(h, (int64_t)dst, 1);
        if (hd < 0 || hd == hs)
            hd = pick_register(h, hs);
    } else if (dst == src) {
        int w = dw > sw ? dw : sw;
        hd = hs = find_copy(h, (int64_t)dst, w);
        if (hd < 0) {
            /* load once, through the role with the wider access */
            hd = hs = pick_register(h, -1);
            loads = dw >= sw ? TCG_HOST_SSE_LOAD_D : TCG_HOST_SSE_LOAD_S;
        }
    } else {
        hd = find_copy(h, (int64_t)dst, dw);
        hs = find_copy(h, (int64_t)src, sw);
        if (hd < 0) {
            hd = pick_register(h, hs);
            loads |= TCG_HOST_SSE_LOAD_D;
            if (hd < 0)
                hd = 0;
        }
        if (hs < 0) {
            hs = pick_register(h, hd);
            loads |= TCG_HOST_SSE_LOAD_S;
        }
    }
    return key | loads | (uint32_t)hd << TCG_HOST_SSE_HD_SHIFT | (uint32_t)hs << TCG_HOST_SSE_HS_SHIFT;
}

static bool host_sse_usable(DisasContext *s, uint32_t key, bool flags)
{
    return key && !(s->env->hflags & HF_MXCSR_NONDEF) && tcg_host_sse_widths(key, flags);
}

bool sse_gen_host_op(DisasContext *s, uint32_t key, size_t dst, size_t src)
{
    if (!host_sse_usable(s, key, false))
        return false;
    uint32_t c0 = plan_registers(s, key, tcg_host_sse_widths(key, false), dst, src);
    TCGOp *op = tcg_emit_op(T(s), INDEX_op_sse_env, TCG_TYPE_I64);
    op->args[0] = (TCGArg)T(s)->env;
    op->args[1] = c0;
    op->args[2] = dst;
    op->args[3] = src;
    return true;
}

bool sse_gen_host_compare(DisasContext *s, uint32_t key, TCGv eflags, size_t dst, size_t src)
{
    if (!host_sse_usable(s, key, true))
        return false;
    uint32_t c0 = plan_registers(s, key, tcg_host_sse_widths(key, true), dst, src);
    TCGOp *op = tcg_emit_op(T(s), INDEX_op_sse_env_flags, TCG_TYPE_I64);
    op->args[0] = (TCGArg)eflags;
    op->args[1] = (TCGArg)T(s)->env;
    op->args[2] = c0;
    op->args[3] = dst;
    op->args[4] = src;
    return true;
}

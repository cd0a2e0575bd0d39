/* loop.c — tcg_plan_loop: which globals a block's loop carries in host
 * registers around its back edge (TCGLoop).
 *
 * A block the translator closed with loop_back jumps from its end to a
 * label before its first instruction instead of leaving through a
 * chained jump, which would enter the block afresh, reading every guest
 * register it uses from env and having written every one it changed.
 * Carried globals skip both: liveness keeps them live in registers at the
 * back edge, and the allocator enters the head with each in a register of
 * its own.  The ones worth a register for the whole loop are those it
 * reads before writing them (their values cross the back edge); a global
 * written first needs none at the head.  One linear pass over the loop,
 * run only for blocks that end in a loop_back. */
#include "tcg.h"

#include <string.h>

/* the loop_back ending the block, if any (the optimizer may have removed
 * it as unreachable; nops follow nothing else) */
static int find_back_edge(const TCGContext *s)
{
    for (int i = s->nb_ops - 1; i >= 0; i--) {
        if (s->ops[i].opc == INDEX_op_loop_back)
            return i;
        if (s->ops[i].opc != INDEX_op_nop)
            return -1;
    }
    return -1;
}

static int find_label(const TCGContext *s, TCGArg label, int before)
{
    for (int i = 0; i < before; i++)
        if (s->ops[i].opc == INDEX_op_set_label && s->ops[i].args[0] == label)
            return i;
    return -1;
}

void tcg_plan_loop(TCGContext *s, int max_globals)
{
    TCGLoop *lp = &s->loop;
    lp->head = -1;
    lp->nb = 0;
    int back = find_back_edge(s);
    int head = back < 0 ? -1 : find_label(s, s->ops[back].args[0], back);
    if (head < 0)
        return;
    lp->head = head;

    uint16_t reads[TCG_MAX_TEMPS];
    uint64_t written[TCG_MAX_TEMPS / 64];
    memset(reads, 0, (size_t)(s->nb_globals + 1) * sizeof(reads[0]));
    memset(written, 0, sizeof(written));
    for (int i = head + 1; i < back; i++) {
        const TCGOp *op = &s->ops[i];
        for (int j = op->nb_oargs; j < op->nb_oargs + op->nb_iargs; j++) {
            TCGv t = (TCGv)op->args[j];
            if (s->temps[t].kind == TEMP_GLOBAL && !s->temps[t].fixed_reg && !((written[t / 64] >> (t % 64)) & 1))
                reads[t]++;
        }
        for (int j = 0; j < op->nb_oargs; j++) {
            TCGv t = (TCGv)op->args[j];
            if (s->temps[t].kind == TEMP_GLOBAL)
                written[t / 64] |= 1ull << (t % 64);
        }
    }
    if (max_globals > TCG_LOOP_MAX_GLOBALS)
        max_globals = TCG_LOOP_MAX_GLOBALS;
    while (lp->nb < max_globals) {
        TCGv best = TCGV_NONE;
        for (int t = 1; t <= s->nb_globals; t++)
            if (reads[t] && (best == TCGV_NONE || reads[t] > reads[best]))
                best = (TCGv)t;
        if (best == TCGV_NONE)
            break;
        reads[best] = 0;
        lp->dirty[lp->nb] = (written[best / 64] >> (best % 64)) & 1;
        lp->global[lp->nb++] = best;
    }
}

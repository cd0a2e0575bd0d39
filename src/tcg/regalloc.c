/* regalloc.c — tcg_gen_code: runs the passes, then allocates host
 * registers and drives the emitter, one op at a time.
 *
 * Shape: a local, greedy, single-pass allocator in the manner of QEMU's
 * tcg_reg_alloc_*.  Each temp is in one place: a host register (maybe
 * also coherent in memory), memory (env field or stack slot), a known
 * constant, or nowhere (dead).  Globals stay in registers within a basic
 * block and are written back only where liveness says so (op->life sync
 * bits), before helper calls that read them, and at block ends; an op
 * that can fault leaves them in registers and records where (its fault
 * site: a fault copies them from the signal context).  Operand
 * placement follows the emitter's constraints (backend.h); values in
 * registers an op destroys are moved to a free register rather than
 * spilled when one is available.  Wide constants stay in a register
 * once loaded.  A few op sequences are emitted fused: the address
 * arithmetic of an x86 memory operand into the access's addressing mode,
 * a load into the compare of the branch it feeds.  A side exit
 * (brcond_exit) is a compare and a jump to code placed after the block,
 * which stores the globals the fall-through keeps in registers (its
 * "exit code"), so a superblock's straight path pays no stores of
 * globals for the exits it passes.  A block's loop (loop.c) enters its
 * head with the globals it carries in fixed registers, from before the
 * loop and from the back edge alike.  All state lives in
 * the TCGContext or on this function's stack, so threads translate
 * independently. */
#include "backend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/disas.h"
#include "util/log.h"

enum { VAL_DEAD, VAL_REG, VAL_MEM, VAL_CONST };

/* callee-saved first: values there survive helper calls */
static const int alloc_order[] = {
    R_RBP, R_R12, R_R13, R_R14, R_R15, R_R10, R_R9, R_R8, R_RCX, R_RDX, R_RSI, R_RDI, R_RAX,
};
#define NB_ALLOC_ORDER (int)(sizeof(alloc_order) / sizeof(alloc_order[0]))

/* The registers of the globals a loop carries, in the plan's order (the
 * most read first): those no op or call needs for itself first. */
static const int loop_order[TCG_LOOP_MAX_GLOBALS] = {
    R_RBP, R_R12, R_R13, R_R14, R_R15, R_R10, R_R9, R_R8, R_RSI, R_RDI, R_RDX, R_RCX,
};
/* how many a loop carries at most: the rest of the registers are the
 * loop body's */
#define LOOP_CARRIED_MAX 9

#define NB_SLOTS (TCG_FRAME_SLOTS_SIZE / 8)
#define MAX_RELOCS 4096
#define MAX_EXIT_STORES 256

/* What a side exit's code stores to env: a global's register, or a
 * constant (reg < 0). */
typedef struct ExitStore {
    int64_t val;
    int32_t offset;
    uint8_t type;
    int8_t reg;
} ExitStore;

typedef struct SideExit {
    uint8_t *branch_rel32; /* the block's jump to this exit's code */
    uintptr_t exit_val;
    int32_t exit_request_ofs;
    int first_store, nb_stores;
} SideExit;

/* Besides the registers, the few temps a block boundary must visit are
 * kept in small sets, so that boundaries cost O(registers + those) rather
 * than O(all temps). */
typedef struct RegAlloc {
    TCGContext *s;
    TCGCodeInfo *info;
    uint64_t slot_free[NB_SLOTS / 64]; /* bit set: stack slot free */
    uint64_t const_globals[TCG_MAX_TEMPS / 64]; /* globals in VAL_CONST */
    uint64_t slotted[TCG_MAX_TEMPS / 64];       /* EBB temps listed in slotted_ebb */
    int nb_tb_temps, nb_slotted_ebb;
    int nb_global_words; /* words of const_globals that can hold a global */
    int nb_relocs;
    uint16_t busy; /* registers holding a temp: loops over registers visit only these */
    bool fault_site_pending; /* the next op emitted can fault: record its site */
    bool word1_restores; /* a fault in the current instruction restores insn_word1_global */
    bool fault_consts_listed; /* the pending site lists the constant globals */
    int nb_side_exits, nb_exit_stores;
    SideExit side_exits[TCG_MAX_JMP_SLOTS];
    ExitStore exit_stores[MAX_EXIT_STORES];
    TCGv tb_temps[TCG_MAX_TEMPS];
    TCGv slotted_ebb[TCG_MAX_TEMPS]; /* EBB temps that were given a stack slot */
    int64_t cval[TCG_MAX_TEMPS];     /* value of a temp in VAL_CONST */
    TCGRelocation relocs[MAX_RELOCS];
} RegAlloc;

static _Noreturn void ra_fatal(const char *what)
{
    fprintf(stderr, "tern: register allocator: %s\n", what);
    abort();
}

static inline TCGTemp *temp_of(RegAlloc *ra, TCGv t) { return &ra->s->temps[t]; }
static inline bool reg_in(uint16_t set, int r) { return (set >> r) & 1; }
static inline bool bit_test(const uint64_t *set, TCGv t) { return (set[t / 64] >> (t % 64)) & 1; }
static inline void bit_set(uint64_t *set, TCGv t) { set[t / 64] |= 1ull << (t % 64); }
static inline void bit_clear(uint64_t *set, TCGv t) { set[t / 64] &= ~(1ull << (t % 64)); }

/* ---- temp placement ---- */

/* t's index among the globals the block's loop carries, or -1 */
static int carried_index(const TCGLoop *lp, TCGv t)
{
    for (int i = 0; i < lp->nb; i++)
        if (lp->global[i] == t)
            return i;
    return -1;
}

static void reg_unmap(RegAlloc *ra, TCGTemp *ts)
{
    if (ts->val_loc == VAL_REG && ts->reg >= 0) {
        ra->s->reg_to_temp[ts->reg] = TCGV_NONE;
        ra->busy &= (uint16_t)~REG_BIT(ts->reg);
        ts->reg = -1;
    }
}

static inline void reg_map(RegAlloc *ra, TCGv t, int r)
{
    TCGTemp *ts = temp_of(ra, t);
    bit_clear(ra->const_globals, t);
    ra->s->reg_to_temp[r] = t;
    ra->busy |= (uint16_t)REG_BIT(r);
    ts->reg = (int8_t)r;
    ts->val_loc = VAL_REG;
}

static bool temp_const_value(RegAlloc *ra, TCGv t, int64_t *val)
{
    TCGTemp *ts = temp_of(ra, t);
    if (ts->kind == TEMP_CONST) {
        *val = ts->val;
        return true;
    }
    if (ts->val_loc == VAL_CONST) {
        *val = ra->cval[t];
        return true;
    }
    return false;
}

static int alloc_slot(RegAlloc *ra)
{
    for (int i = 0; i < NB_SLOTS / 64; i++) {
        if (ra->slot_free[i]) {
            int b = __builtin_ctzll(ra->slot_free[i]);
            ra->slot_free[i] &= ~(1ull << b);
            return (i * 64 + b) * 8;
        }
    }
    ra_fatal("out of spill slots (too many live temps in one block)");
}

static void free_slot(RegAlloc *ra, TCGTemp *ts)
{
    if (!ts->mem_allocated)
        return;
    int n = ts->slot_offset / 8;
    ra->slot_free[n / 64] |= 1ull << (n % 64);
    ts->mem_allocated = false;
}

/* Memory home of a temp: env field for globals, stack slot otherwise. */
static void temp_home(RegAlloc *ra, TCGTemp *ts, int *base, int32_t *off)
{
    if (ts->kind == TEMP_GLOBAL) {
        *base = TCG_REG_ENV;
        *off = ts->mem_offset;
        return;
    }
    if (!ts->mem_allocated) {
        ts->slot_offset = alloc_slot(ra);
        ts->mem_allocated = true;
        if (ts->kind == TEMP_EBB && !bit_test(ra->slotted, (TCGv)(ts - ra->s->temps))) {
            bit_set(ra->slotted, (TCGv)(ts - ra->s->temps));
            ra->slotted_ebb[ra->nb_slotted_ebb++] = (TCGv)(ts - ra->s->temps);
        }
    }
    *base = TCG_REG_CALL_STACK;
    *off = ts->slot_offset;
}

/* Make memory hold the current value; the temp keeps its place. */
static void temp_sync(RegAlloc *ra, TCGv t)
{
    TCGTemp *ts = temp_of(ra, t);
    if (ts->fixed_reg || ts->kind == TEMP_CONST || ts->mem_coherent)
        return;
    if (ts->val_loc != VAL_REG && ts->val_loc != VAL_CONST)
        return;
    int base;
    int32_t off;
    temp_home(ra, ts, &base, &off);
    if (ts->val_loc == VAL_REG)
        tcg_out_st(ra->s, (TCGType)ts->type, ts->reg, base, off);
    else
        tcg_out_sti(ra->s, (TCGType)ts->type, (uint64_t)ra->cval[t], base, off);
    ts->mem_coherent = true;
}

/* Sync, then leave the value only in memory. */
static void temp_save(RegAlloc *ra, TCGv t)
{
    TCGTemp *ts = temp_of(ra, t);
    if (ts->kind == TEMP_CONST) {
        reg_unmap(ra, ts);
        ts->val_loc = VAL_CONST;
        return;
    }
    if (ts->fixed_reg || ts->val_loc == VAL_DEAD)
        return;
    temp_sync(ra, t);
    reg_unmap(ra, ts);
    ts->val_loc = VAL_MEM;
    bit_clear(ra->const_globals, t);
}

/* The value is no longer needed (liveness guarantees memory is current
 * for globals whenever it will be read from there). */
static inline void temp_dead(RegAlloc *ra, TCGv t)
{
    TCGTemp *ts = temp_of(ra, t);
    if (ts->fixed_reg || ts->kind == TEMP_CONST)
        return;
    reg_unmap(ra, ts);
    bit_clear(ra->const_globals, t);
    if (ts->kind == TEMP_GLOBAL) {
        ts->val_loc = VAL_MEM;
        ts->mem_coherent = true;
    } else {
        ts->val_loc = VAL_DEAD;
        if (ts->kind == TEMP_EBB)
            free_slot(ra, ts);
    }
}

/* Put t's value into register r without changing where t lives. */
static void load_value(RegAlloc *ra, TCGv t, int r)
{
    TCGTemp *ts = temp_of(ra, t);
    TCGType type = (TCGType)ts->type;
    int64_t v;
    int base;
    int32_t off;
    if (ts->val_loc == VAL_REG) {
        tcg_out_mov(ra->s, type, r, ts->reg);
    } else if (temp_const_value(ra, t, &v)) {
        tcg_out_movi(ra->s, type, r, (uint64_t)v);
    } else if (ts->val_loc == VAL_MEM) {
        temp_home(ra, ts, &base, &off);
        tcg_out_ld(ra->s, type, r, base, off);
    }
}

/* ---- registers ---- */

static int find_free_reg(RegAlloc *ra, uint16_t cand)
{
    uint16_t free_regs = cand & ~ra->busy;
    if (!free_regs)
        return -1;
    for (int i = 0; i < NB_ALLOC_ORDER; i++)
        if (reg_in(free_regs, alloc_order[i]))
            return alloc_order[i];
    return -1;
}

/* The register a temp written now would best go to: a carried global's
 * own at the loop head, when free, so that the back edge moves nothing;
 * and for another temp not a carried global's (whose value, dying here,
 * leaves it free), when a register no carried global calls its own is
 * free.  Otherwise pref. */
static inline int prefer_loop_home(RegAlloc *ra, TCGv t, uint16_t allowed, uint16_t reserved, int pref)
{
    const TCGLoop *lp = &ra->s->loop;
    if (!lp->nb)
        return pref;
    int i = carried_index(lp, t);
    if (i >= 0 && reg_in(allowed & ~reserved, loop_order[i]) && ra->s->reg_to_temp[loop_order[i]] == TCGV_NONE)
        return loop_order[i];
    uint16_t homes = 0;
    for (int k = 0; k < lp->nb; k++)
        homes |= (uint16_t)REG_BIT(loop_order[k]);
    if (pref < 0 || !reg_in(homes, pref))
        return pref;
    int other = find_free_reg(ra, allowed & ~reserved & ~homes & TCG_ALLOCATABLE_REGS);
    return other >= 0 ? other : pref;
}

/* A register from allowed \ reserved, spilling its value if needed. */
static int alloc_reg(RegAlloc *ra, uint16_t allowed, uint16_t reserved, int pref)
{
    uint16_t cand = allowed & ~reserved & TCG_ALLOCATABLE_REGS;
    if (pref >= 0 && reg_in(cand, pref) && ra->s->reg_to_temp[pref] == TCGV_NONE)
        return pref;
    int r = find_free_reg(ra, cand);
    if (r >= 0)
        return r;
    /* cheapest victim first: one whose memory copy is current */
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < NB_ALLOC_ORDER; i++) {
            r = alloc_order[i];
            if (!reg_in(cand, r))
                continue;
            TCGv t = ra->s->reg_to_temp[r];
            if (pass == 0 && !temp_of(ra, t)->mem_coherent)
                continue;
            temp_save(ra, t);
            return r;
        }
    }
    ra_fatal("no register satisfies an operand constraint");
}

/* Empty register r: move its value to a free register outside reserved,
 * or spill it. */
static void reg_evict(RegAlloc *ra, int r, uint16_t reserved)
{
    TCGv t = ra->s->reg_to_temp[r];
    if (t == TCGV_NONE)
        return;
    TCGTemp *ts = temp_of(ra, t);
    int to = find_free_reg(ra, TCG_ALLOCATABLE_REGS & ~reserved & ~REG_BIT(r));
    if (to < 0) {
        temp_save(ra, t);
        return;
    }
    tcg_out_mov(ra->s, (TCGType)ts->type, to, r);
    reg_unmap(ra, ts);
    reg_map(ra, t, to);
}

/* Load t into a register of allowed and keep it there.  A constant
 * stays too (until the register is wanted: it counts as coherent, so it
 * is the first victim), so a wide one is materialized once per basic
 * block rather than at every use. */
static int temp_load(RegAlloc *ra, TCGv t, uint16_t allowed, uint16_t reserved)
{
    TCGTemp *ts = temp_of(ra, t);
    if (ts->val_loc == VAL_REG && (reg_in(allowed, ts->reg) || ts->fixed_reg))
        return ts->reg;
    int r = alloc_reg(ra, allowed, reserved, -1);
    load_value(ra, t, r);
    if (ts->val_loc != VAL_REG) {
        if (ts->kind == TEMP_CONST)
            ts->mem_coherent = true;
        else if (ts->val_loc != VAL_CONST)
            ts->mem_coherent = ts->val_loc == VAL_MEM;
        reg_map(ra, t, r);
    }
    return r;
}

/* ---- block boundaries ---- */

static void for_each_const_global(RegAlloc *ra, void (*fn)(RegAlloc *, TCGv))
{
    for (int w = 0; w < ra->nb_global_words; w++)
        for (uint64_t bits = ra->const_globals[w]; bits; bits &= bits - 1)
            fn(ra, (TCGv)(w * 64 + __builtin_ctzll(bits)));
}

/* Apply fn to every global that may differ from its memory copy: those
 * in registers and those known as constants. */
static void for_each_unsynced_global(RegAlloc *ra, void (*fn)(RegAlloc *, TCGv))
{
    TCGContext *s = ra->s;
    for (uint16_t m = ra->busy; m; m &= m - 1) {
        TCGv t = s->reg_to_temp[__builtin_ctz(m)];
        if (s->temps[t].kind == TEMP_GLOBAL)
            fn(ra, t);
    }
    for_each_const_global(ra, fn);
}

static void save_globals(RegAlloc *ra) { for_each_unsynced_global(ra, temp_save); }
static void sync_globals(RegAlloc *ra) { for_each_unsynced_global(ra, temp_sync); }

/* ---- fault sites ----
 * An op that can fault does not write the globals back first: those in
 * host registers stay there, and the op's site (TCGFaultSite) tells the
 * fault handler where they are. */

static bool is_output(const TCGOp *op, TCGv t)
{
    for (int i = 0; i < op->nb_oargs; i++)
        if ((TCGv)op->args[i] == t)
            return true;
    return false;
}

static uint32_t code_offset(const RegAlloc *ra) { return (uint32_t)(ra->s->code_ptr - ra->s->code_buf); }

static bool fault_describable(const TCGTemp *ts)
{
    return ts->mem_offset >= 0 && ts->mem_offset < TCG_FAULT_REG_MAX_OFFSET && !(ts->mem_offset & 3);
}

/* Whether the unwinder restores t from the current instruction's
 * insn_start (x86's cc_op): then its value need not reach env. */
static bool unwinder_restores(const RegAlloc *ra, TCGv t)
{
    return ra->word1_restores && t == ra->s->insn_word1_global;
}

/* A constant global that the pending site will not list goes to env now,
 * before the op's operands are loaded (a wide constant's store takes the
 * scratch register). */
static void sync_unlisted_const(RegAlloc *ra, TCGv t)
{
    if (!unwinder_restores(ra, t) && !(ra->fault_consts_listed && fault_describable(temp_of(ra, t))))
        temp_sync(ra, t);
}

/* Before the op: what its site will not describe goes to env now, namely
 * the op's own global outputs (their register holds the new value once
 * the op has run; a fault must leave the old one), and the globals known
 * only as constants when the block's site list lacks room for them.
 * (Stores of constants before loads were 2% of cc1's generated code.) */
static void fault_site_prepare(RegAlloc *ra, const TCGOp *op)
{
    const TCGCodeInfo *info = ra->info;
    /* room for every register and every global as a constant */
    ra->fault_consts_listed =
        info->nb_fault_sites < TCG_MAX_FAULT_SITES &&
        info->nb_fault_regs + 16 + ra->s->nb_globals * (1 + TCG_FAULT_CONST_WORDS) <= TCG_MAX_FAULT_REGS &&
        code_offset(ra) + 2048 < UINT16_MAX; /* what fault_site_open asks, with the operands' loads */
    for_each_const_global(ra, sync_unlisted_const);
    for (int i = 0; i < op->nb_oargs; i++)
        if (temp_of(ra, (TCGv)op->args[i])->kind == TEMP_GLOBAL)
            temp_sync(ra, (TCGv)op->args[i]);
    ra->fault_site_pending = true;
}

static void fault_site_list_const(RegAlloc *ra, TCGv t)
{
    TCGTemp *ts = temp_of(ra, t);
    TCGCodeInfo *info = ra->info;
    if (ts->mem_coherent || unwinder_restores(ra, t))
        return;
    uint64_t v = (uint64_t)ra->cval[t];
    info->fault_regs[info->nb_fault_regs++] =
        TCG_FAULT_REG(ts->mem_offset, ts->type == TCG_TYPE_I64, TCG_FAULT_CONST_REG);
    for (int k = 0; k < TCG_FAULT_CONST_WORDS; k++)
        info->fault_regs[info->nb_fault_regs++] = (uint16_t)(v >> (16 * k));
}

/* The op's operands are in place: list the registers holding globals that
 * env does not have, without room for them writing them to env instead,
 * and the constant globals fault_site_prepare left for the list.
 * Returns the site's index, or -1 if there is none. */
static int fault_site_open(RegAlloc *ra, const TCGOp *op)
{
    TCGContext *s = ra->s;
    TCGCodeInfo *info = ra->info;
    uint32_t start = code_offset(ra);
    bool room = info->nb_fault_sites < TCG_MAX_FAULT_SITES && info->nb_fault_regs + 16 <= TCG_MAX_FAULT_REGS &&
                start + 1024 < UINT16_MAX; /* an op's code is far shorter */
    uint32_t first = info->nb_fault_regs;
    for (uint16_t m = ra->busy; m; m &= m - 1) {
        int r = __builtin_ctz(m);
        TCGv t = s->reg_to_temp[r];
        TCGTemp *ts = temp_of(ra, t);
        if (ts->kind != TEMP_GLOBAL || ts->fixed_reg || ts->mem_coherent || is_output(op, t))
            continue;
        if (room && fault_describable(ts))
            info->fault_regs[info->nb_fault_regs++] = TCG_FAULT_REG(ts->mem_offset, ts->type == TCG_TYPE_I64, r);
        else
            temp_sync(ra, t);
    }
    if (ra->fault_consts_listed)
        for_each_const_global(ra, fault_site_list_const);
    if (info->nb_fault_regs == first)
        return -1;
    TCGFaultSite *site = &info->fault_sites[info->nb_fault_sites];
    site->start = (uint16_t)code_offset(ra);
    site->first = (uint16_t)first;
    site->count = (uint16_t)(info->nb_fault_regs - first);
    return (int)info->nb_fault_sites++;
}

static void fault_site_close(RegAlloc *ra, int site)
{
    if (site >= 0)
        ra->info->fault_sites[site].end = (uint16_t)code_offset(ra);
}

/* Globals and TB temps to memory before control leaves the block. */
static void bb_end_save(RegAlloc *ra)
{
    TCGContext *s = ra->s;
    save_globals(ra);
    for (int i = 0; i < ra->nb_tb_temps; i++)
        temp_save(ra, ra->tb_temps[i]);
    for (uint16_t m = ra->busy; m; m &= m - 1) {
        TCGv t = s->reg_to_temp[__builtin_ctz(m)];
        if (s->temps[t].kind == TEMP_EBB)
            temp_dead(ra, t);
    }
}

/* Forget registers: everything is in memory (at a label, after a jump).
 * Only what bb_end_save may have left behind needs visiting. */
static void state_reset(RegAlloc *ra)
{
    TCGContext *s = ra->s;
    for (uint16_t m = ra->busy; m; m &= m - 1) {
        TCGv t = s->reg_to_temp[__builtin_ctz(m)];
        if (!s->temps[t].fixed_reg) {
            TCGTemp *ts = &s->temps[t];
            reg_unmap(ra, ts);
            ts->val_loc = ts->kind == TEMP_GLOBAL ? VAL_MEM : ts->kind == TEMP_CONST ? VAL_CONST : VAL_DEAD;
            ts->mem_coherent = true;
        }
    }
    for (int w = 0; w < ra->nb_global_words; w++) {
        for (uint64_t bits = ra->const_globals[w]; bits; bits &= bits - 1) {
            TCGTemp *ts = &s->temps[w * 64 + __builtin_ctzll(bits)];
            ts->val_loc = VAL_MEM;
            ts->mem_coherent = true;
        }
        ra->const_globals[w] = 0;
    }
    for (int i = 0; i < ra->nb_tb_temps; i++) {
        TCGTemp *ts = &s->temps[ra->tb_temps[i]];
        ts->val_loc = ts->mem_allocated ? VAL_MEM : VAL_DEAD;
        ts->mem_coherent = true;
    }
    for (int i = 0; i < ra->nb_slotted_ebb; i++) {
        free_slot(ra, &s->temps[ra->slotted_ebb[i]]);
        bit_clear(ra->slotted, ra->slotted_ebb[i]);
    }
    ra->nb_slotted_ebb = 0;
}

/* The state at the start of the block, visiting every temp once (and
 * listing the TB temps on the way). */
static void state_init(RegAlloc *ra)
{
    TCGContext *s = ra->s;
    for (int r = 0; r < 16; r++)
        s->reg_to_temp[r] = TCGV_NONE;
    ra->busy = 0;
    for (int t = 1; t <= s->nb_globals; t++) {
        TCGTemp *ts = &s->temps[t];
        ts->reg = -1;
        if (ts->fixed_reg) {
            reg_map(ra, (TCGv)t, s->env_reg);
            continue;
        }
        ts->val_loc = VAL_MEM;
        ts->mem_coherent = true;
    }
    ra->nb_tb_temps = 0;
    for (int t = s->nb_globals + 1; t < s->nb_temps; t++) {
        TCGTemp *ts = &s->temps[t];
        ts->reg = -1;
        ts->val_loc = ts->kind == TEMP_CONST ? VAL_CONST : VAL_DEAD;
        ts->mem_allocated = false;
        if (ts->kind == TEMP_TB)
            ra->tb_temps[ra->nb_tb_temps++] = (TCGv)t;
    }
}

/* ---- labels ---- */

static void label_ref(RegAlloc *ra, int l, uint8_t *rel32)
{
    if (!rel32)
        return;
    if (ra->nb_relocs >= MAX_RELOCS)
        ra_fatal("too many forward branches in one block");
    TCGRelocation *r = &ra->relocs[ra->nb_relocs++];
    TCGLabel *lab = tcg_label(ra->s, l);
    r->code_ptr = rel32;
    r->next = lab->relocs;
    lab->relocs = r;
}

static void label_bind(RegAlloc *ra, int l)
{
    TCGLabel *lab = tcg_label(ra->s, l);
    lab->has_value = true;
    lab->value = ra->s->code_ptr;
    if (ra->s->overflow)
        return;
    for (TCGRelocation *r = lab->relocs; r; r = r->next)
        tcg_patch_rel32(r->code_ptr, lab->value);
    lab->relocs = NULL;
}

static const uint8_t *label_target(RegAlloc *ra, int l)
{
    TCGLabel *lab = tcg_label(ra->s, l);
    return lab->has_value ? lab->value : NULL;
}

/* ---- ops ---- */

static inline void outputs_done(RegAlloc *ra, const TCGOp *op)
{
    for (int i = 0; i < op->nb_oargs; i++) {
        if (arg_needs_sync(op, i))
            temp_sync(ra, (TCGv)op->args[i]);
        if (arg_is_dead(op, i))
            temp_dead(ra, (TCGv)op->args[i]);
    }
}

/* Input i dies at op.  A global liveness wants current in env then is
 * stored first: one the block's loop brought in from its back edge in a
 * register, not written since (elsewhere, its writer stored it). */
static inline void input_dies(RegAlloc *ra, const TCGOp *op, int i)
{
    if (arg_needs_sync(op, i))
        temp_sync(ra, (TCGv)op->args[i]);
    temp_dead(ra, (TCGv)op->args[i]);
}

static inline void inputs_done(RegAlloc *ra, const TCGOp *op)
{
    for (int i = op->nb_oargs; i < op->nb_oargs + op->nb_iargs; i++)
        if (arg_is_dead(op, i))
            input_dies(ra, op, i);
}

/* the life bits of argument i of op, as those of argument to */
static inline uint32_t arg_life(const TCGOp *op, int i, int to)
{
    return ((op->life >> i) & 1) << to | ((op->life >> (16 + i)) & 1) << (16 + to);
}

/* Point output t at register r (its old place is forgotten). */
static void output_to_reg(RegAlloc *ra, TCGv t, int r)
{
    TCGTemp *ts = temp_of(ra, t);
    if (ts->fixed_reg)
        ra_fatal("write to a fixed-register temp");
    reg_unmap(ra, ts);
    if (ra->s->reg_to_temp[r] != TCGV_NONE)
        reg_evict(ra, r, REG_BIT(r));
    reg_map(ra, t, r);
    ts->mem_coherent = false;
}

static void alloc_mov(RegAlloc *ra, const TCGOp *op)
{
    TCGv ot = (TCGv)op->args[0], it = (TCGv)op->args[1];
    TCGTemp *ots = temp_of(ra, ot), *its = temp_of(ra, it);
    int64_t v;
    if (ots->fixed_reg)
        ra_fatal("write to a fixed-register temp");
    if (temp_const_value(ra, it, &v)) {
        reg_unmap(ra, ots);
        ots->val_loc = VAL_CONST;
        if (ots->kind == TEMP_GLOBAL)
            bit_set(ra->const_globals, ot);
        ra->cval[ot] = ots->type == TCG_TYPE_I32 ? (int64_t)(uint32_t)v : v;
        ots->mem_coherent = false;
        inputs_done(ra, op);
    } else if (arg_is_dead(op, 1) && its->val_loc == VAL_REG && !its->fixed_reg) {
        /* hand the register over: no code */
        int r = its->reg;
        input_dies(ra, op, 1);
        output_to_reg(ra, ot, r);
    } else if (arg_is_dead(op, 0) && arg_needs_sync(op, 0) && its->val_loc == VAL_REG) {
        /* only the memory copy matters: store straight from the source */
        int base;
        int32_t off;
        reg_unmap(ra, ots);
        temp_home(ra, ots, &base, &off);
        tcg_out_st(ra->s, (TCGType)ots->type, its->reg, base, off);
        bit_clear(ra->const_globals, ot);
        ots->val_loc = VAL_MEM;
        ots->mem_coherent = true;
        inputs_done(ra, op);
        temp_dead(ra, ot);
        return;
    } else {
        int src = temp_load(ra, it, TCG_ALLOCATABLE_REGS, 0);
        if (arg_is_dead(op, 1) && !its->fixed_reg) {
            input_dies(ra, op, 1);
            output_to_reg(ra, ot, src);
        } else {
            int r = alloc_reg(ra, TCG_ALLOCATABLE_REGS, REG_BIT(src), prefer_loop_home(ra, ot, TCG_ALLOCATABLE_REGS, REG_BIT(src), -1));
            tcg_out_mov(ra->s, (TCGType)ots->type, r, src);
            output_to_reg(ra, ot, r);
        }
    }
    outputs_done(ra, op);
}

/* Free the op's fixed registers, except an input already in its own
 * fixed register that the op does not destroy, or that dies here. */
static void evict_fixed(RegAlloc *ra, const TCGOp *op, const TCGOpConstraints *ct, uint16_t fixed, uint16_t destroyed)
{
    int nb_o = op->nb_oargs, nb_a = nb_o + op->nb_iargs;
    for (uint16_t m = fixed & ra->busy; m; m &= m - 1) {
        int r = __builtin_ctz(m);
        TCGv t = ra->s->reg_to_temp[r];
        bool keep = false;
        for (int i = nb_o; i < nb_a; i++)
            if (ct->args[i].regs == REG_BIT(r) && op->args[i] == t &&
                (!reg_in(destroyed, r) || arg_is_dead(op, i)))
                keep = true;
        if (!keep)
            reg_evict(ra, r, fixed);
    }
}

/* disp: added to the guest address of qemu_ld/qemu_st/sse_qemu (a host
 * load's is already in its offset); shift: of the index input of those
 * and the host loads, if they have one (backend.h) */
static void alloc_op(RegAlloc *ra, const TCGOp *op, int64_t disp, int shift)
{
    TCGContext *s = ra->s;
    TCGOpConstraints buf;
    const TCGOpConstraints *ct = tcg_target_op_constraints(op, &buf);
    int nb_o = op->nb_oargs, nb_a = nb_o + op->nb_iargs;
    int64_t a[TCG_MAX_OP_ARGS];
    bool k[TCG_MAX_OP_ARGS] = { false };

    uint16_t fixed = ct->fixed, destroyed = ct->destroyed;
    if (fixed)
        evict_fixed(ra, op, ct, fixed, destroyed);

    uint16_t i_alloc = 0;
    for (int i = nb_o; i < nb_a; i++) {
        const TCGArgConstraint *c = &ct->args[i];
        TCGv t = (TCGv)op->args[i];
        TCGTemp *ts = temp_of(ra, t);
        uint16_t allowed = single_reg(c->regs) ? c->regs : (c->regs & ~fixed);
        int64_t v;
        int r;
        if (temp_const_value(ra, t, &v) && tcg_target_const_match((TCGType)op->type, c->konst, v)) {
            a[i] = v;
            k[i] = true;
            continue;
        }
        bool overwritten = c->alias >= 0 || (allowed & destroyed);
        bool in_place = ts->val_loc == VAL_REG && reg_in(allowed, ts->reg);
        if (overwritten) {
            if (in_place && arg_is_dead(op, i) && !reg_in(i_alloc, ts->reg) && !ts->fixed_reg) {
                r = ts->reg;
            } else {
                r = alloc_reg(ra, allowed, i_alloc, -1);
                load_value(ra, t, r);
            }
        } else if (in_place || (ts->fixed_reg && (allowed & (allowed - 1)))) {
            r = ts->reg;
        } else if (ts->kind == TEMP_CONST && ts->val_loc != VAL_REG) {
            r = temp_load(ra, t, allowed, i_alloc);
        } else if (ts->val_loc == VAL_REG || temp_const_value(ra, t, &v)) {
            r = alloc_reg(ra, allowed, i_alloc, -1);
            load_value(ra, t, r);
        } else {
            r = temp_load(ra, t, allowed, i_alloc);
        }
        a[i] = r;
        i_alloc |= REG_BIT(r);
    }
    inputs_done(ra, op);

    uint16_t o_alloc = 0;
    for (int i = 0; i < nb_o; i++) {
        const TCGArgConstraint *c = &ct->args[i];
        int r = -1;
        for (int j = nb_o; j < nb_a; j++)
            if (ct->args[j].alias == i)
                r = (int)a[j];
        if (r < 0 && single_reg(c->regs)) {
            r = __builtin_ctz(c->regs);
        } else if (r < 0) {
            uint16_t reserved = o_alloc | fixed | (c->newreg ? i_alloc : 0);
            int pref = nb_a > nb_o && !k[nb_o] ? (int)a[nb_o] : -1;
            r = alloc_reg(ra, c->regs, reserved, prefer_loop_home(ra, (TCGv)op->args[i], c->regs, reserved, pref));
        }
        output_to_reg(ra, (TCGv)op->args[i], r);
        a[i] = r;
        o_alloc |= REG_BIT(r);
    }
    for (int i = nb_a; i < nb_a + op->nb_cargs; i++)
        a[i] = (int64_t)op->args[i];
    a[nb_a + op->nb_cargs] = disp;
    a[nb_a + op->nb_cargs + 1] = shift;
    int site = ra->fault_site_pending ? fault_site_open(ra, op) : -1;
    ra->fault_site_pending = false;
    tcg_out_op(s, op, a, k);
    fault_site_close(ra, site);
    outputs_done(ra, op);
}

/* ext32u of a value in memory is a 32-bit load (which zero-extends),
 * not a 64-bit load and a mov r32, r32 on the dependency chain. */
static bool alloc_ext32u_from_mem(RegAlloc *ra, const TCGOp *op)
{
    if (op->opc != INDEX_op_ext32u)
        return false; /* (other ops' args[1] need not be a temp) */
    TCGTemp *ts = temp_of(ra, (TCGv)op->args[1]);
    if (ts->val_loc != VAL_MEM || ts->fixed_reg)
        return false;
    int base;
    int32_t off;
    temp_home(ra, ts, &base, &off);
    int r = alloc_reg(ra, TCG_ALLOCATABLE_REGS, 0, -1);
    tcg_out_ld(ra->s, TCG_TYPE_I32, r, base, off);
    inputs_done(ra, op);
    output_to_reg(ra, (TCGv)op->args[0], r);
    outputs_done(ra, op);
    return true;
}

static void alloc_call(RegAlloc *ra, const TCGOp *op)
{
    TCGContext *s = ra->s;
    int nb_o = op->nb_oargs, nb_i = op->nb_iargs;
    const void *func = (const void *)(uintptr_t)op->args[nb_o + nb_i];
    unsigned flags = (unsigned)op->args[nb_o + nb_i + 1];
    uint16_t arg_regs = 0;
    for (int i = 0; i < nb_i; i++)
        arg_regs |= REG_BIT(tcg_call_arg_regs[i]);

    /* argument registers hold only their own argument */
    for (int i = 0; i < nb_i; i++) {
        int r = tcg_call_arg_regs[i];
        TCGv occupant = s->reg_to_temp[r];
        if (occupant != TCGV_NONE && occupant != (TCGv)op->args[nb_o + i])
            reg_evict(ra, r, arg_regs | TCG_CALL_CLOBBERED_REGS);
    }
    for (int i = 0; i < nb_i; i++) {
        TCGv t = (TCGv)op->args[nb_o + i];
        TCGTemp *ts = temp_of(ra, t);
        int r = tcg_call_arg_regs[i];
        if (!(ts->val_loc == VAL_REG && ts->reg == r))
            load_value(ra, t, r);
    }
    inputs_done(ra, op);

    if (!(flags & TCG_CALL_NO_WRITE_GLOBALS))
        save_globals(ra);
    else if (!(flags & TCG_CALL_NO_READ_GLOBALS))
        sync_globals(ra);
    for (uint16_t m = TCG_CALL_CLOBBERED_REGS & ra->busy; m; m &= m - 1)
        reg_evict(ra, __builtin_ctz(m), TCG_CALL_CLOBBERED_REGS);

    tcg_out_call(s, func);
    if (nb_o) {
        output_to_reg(ra, (TCGv)op->args[0], R_RAX);
        outputs_done(ra, op);
    }
}

/* The target of a conditional branch reads globals and TB temps from
 * memory. */
static void sync_for_branch(RegAlloc *ra)
{
    sync_globals(ra);
    for (int i = 0; i < ra->nb_tb_temps; i++)
        temp_sync(ra, ra->tb_temps[i]);
}

/* "ld t, base, off; brcond t, b" with t dying there becomes one compare
 * against memory (every block starts with such a check, the inline TB
 * lookup of indirect jumps has two). */
static bool fuse_ld_brcond(RegAlloc *ra, const TCGOp *ld, const TCGOp *br)
{
    if (ld->opc != INDEX_op_ld || br->opc != INDEX_op_brcond || br->type != ld->type)
        return false;
    TCGv t = (TCGv)ld->args[0], bt = (TCGv)br->args[1];
    TCGCond cond = (TCGCond)br->args[2];
    int64_t b;
    if (br->args[0] != t || bt == t || !arg_is_dead(br, 0) || arg_needs_sync(ld, 0) ||
        temp_of(ra, t)->kind == TEMP_GLOBAL || cond == TCG_COND_NEVER || cond == TCG_COND_ALWAYS)
        return false;
    bool b_const = temp_const_value(ra, bt, &b);
    if (b_const && !tcg_target_const_match((TCGType)br->type, CT_CONST_S32, b))
        return false;
    int label = (int)br->args[3];
    int base = temp_load(ra, (TCGv)ld->args[1], TCG_ALLOCATABLE_REGS, 0);
    if (!b_const)
        b = temp_load(ra, bt, TCG_ALLOCATABLE_REGS, REG_BIT(base));
    temp_dead(ra, t);
    sync_for_branch(ra);
    label_ref(ra, label, tcg_out_brcond_mem(ra->s, (TCGType)br->type, cond, base, (int32_t)ld->args[2], b,
                                            b_const, label_target(ra, label)));
    inputs_done(ra, ld);
    inputs_done(ra, br);
    return true;
}

/* "ld t, base, off; goto_ptr t" with t dying there becomes one jump
 * through memory (the inline TB lookup of indirect jumps ends so). */
static bool fuse_ld_goto_ptr(RegAlloc *ra, const TCGOp *ld, const TCGOp *go)
{
    TCGv t = (TCGv)ld->args[0];
    if (go->opc != INDEX_op_goto_ptr || ld->type != TCG_TYPE_I64 || go->args[0] != t || !arg_is_dead(go, 0) ||
        arg_needs_sync(ld, 0) || temp_of(ra, t)->kind == TEMP_GLOBAL)
        return false;
    int base = temp_load(ra, (TCGv)ld->args[1], TCG_ALLOCATABLE_REGS, 0);
    save_globals(ra);
    tcg_out_goto_ptr_mem(ra->s, base, (int32_t)ld->args[2]);
    inputs_done(ra, ld);
    inputs_done(ra, go);
    state_reset(ra);
    return true;
}

/* ---- x86 addressing modes ----
 * The address arithmetic the translator emits for a memory operand,
 *     [shl u, x, $k;] add t, a, b|u; [add t', t, $c;] qemu_ld/st at t'
 *     add t, a, $c; qemu_ld/st at t
 * each intermediate temp dying where it is consumed, becomes one host
 * access at [a + x << k + c] (k <= 3): no instructions for the address.
 * The same for the guest memory operand of sse_qemu.
 * The same for the host loads (ld* at t + offset) of generated lookups. */

typedef struct AddrMode {
    TCGv base, index;   /* index TCGV_NONE: none */
    int shift;
    int64_t disp;
    uint32_t life;      /* life bits of base as argument 1, index as argument 2 */
    TCGv consumed[3];   /* the intermediate temps, never computed */
    int nb_consumed;
} AddrMode;

static bool is_host_load(const TCGOp *op)
{
    switch (op->opc) {
    case INDEX_op_ld8u: case INDEX_op_ld8s: case INDEX_op_ld16u: case INDEX_op_ld16s:
    case INDEX_op_ld32u: case INDEX_op_ld32s: case INDEX_op_ld:
        return true;
    default:
        return false;
    }
}

/* op computes an i64 intermediate temp of the address */
static bool addr_step(RegAlloc *ra, const TCGOp *op, TCGOpcode opc)
{
    return op->opc == opc && op->type == TCG_TYPE_I64 && !arg_needs_sync(op, 0) &&
           temp_of(ra, (TCGv)op->args[0])->kind == TEMP_EBB;
}

static bool const_s32(RegAlloc *ra, TCGArg t, int64_t *v)
{
    return temp_const_value(ra, (TCGv)t, v) && tcg_target_const_match(TCG_TYPE_I64, CT_CONST_S32, *v);
}

/* shl u, x, $k with 1 <= k <= 3, read by the add at argument i */
static bool match_scaled_index(RegAlloc *ra, const TCGOp *shl, const TCGOp *add, int i, AddrMode *m)
{
    int64_t k, unused;
    TCGv u = (TCGv)shl->args[0], x = (TCGv)shl->args[1];
    if (!addr_step(ra, shl, INDEX_op_shl) || add->args[i] != u || !arg_is_dead(add, i) || x == u ||
        add->args[3 - i] == u || !temp_const_value(ra, (TCGv)shl->args[2], &k) || k < 1 || k > 3 ||
        temp_const_value(ra, x, &unused))
        return false;
    m->index = x;
    m->shift = (int)k;
    m->life |= arg_life(shl, 1, 2);
    m->consumed[m->nb_consumed++] = u;
    return true;
}

/* Ops [i, i + n) compute the address of the memory op at i + n - 1;
 * returns n, or 0 if they do not have the shape above. */
static int match_addr_mode(RegAlloc *ra, int i, AddrMode *m)
{
    const TCGOp *ops = ra->s->ops, *op = &ops[i];
    int n = 0, nb_ops = ra->s->nb_ops;
    int64_t c;
    *m = (AddrMode){ .index = TCGV_NONE };
    const TCGOp *shl = op->opc == INDEX_op_shl ? op : NULL;
    if (shl)
        op = &ops[i + ++n];
    if (i + n + 1 >= nb_ops || !addr_step(ra, op, INDEX_op_add))
        return 0;
    TCGv t = (TCGv)op->args[0];
    int base_arg = 1;
    if (op->args[1] == t || op->args[2] == t)
        return 0;
    if (shl) {
        base_arg = op->args[1] == shl->args[0] ? 2 : 1;
        if (!match_scaled_index(ra, shl, op, 3 - base_arg, m))
            return 0;
    } else if (temp_const_value(ra, (TCGv)op->args[2], &c)) {
        if (!const_s32(ra, op->args[2], &m->disp))
            return 0;
    } else {
        m->index = (TCGv)op->args[2];
        m->life |= arg_life(op, 2, 2);
    }
    m->base = (TCGv)op->args[base_arg];
    if (temp_const_value(ra, m->base, &c))
        return 0;
    m->life |= arg_life(op, base_arg, 1);
    m->consumed[m->nb_consumed++] = t;
    op = &ops[i + ++n];
    if (m->index != TCGV_NONE && addr_step(ra, op, INDEX_op_add) && op->args[1] == t && arg_is_dead(op, 1) &&
        const_s32(ra, op->args[2], &m->disp) && i + n + 1 < nb_ops) {
        t = (TCGv)op->args[0];
        m->consumed[m->nb_consumed++] = t;
        op = &ops[i + ++n];
    }
    if (is_host_load(op) && !tcg_target_const_match(TCG_TYPE_I64, CT_CONST_S32, (int32_t)op->args[2] + m->disp))
        return 0;
    if ((op->opc != INDEX_op_qemu_ld && op->opc != INDEX_op_qemu_st && op->opc != INDEX_op_sse_qemu &&
         !is_host_load(op)) || op->args[1] != t ||
        !arg_is_dead(op, 1) || (op->opc == INDEX_op_qemu_st && op->args[0] == t))
        return 0;
    /* an intermediate that overwrites the base or the index (add x, a,
     * x << k) would kill the value the access needs */
    for (int j = 0; j < m->nb_consumed; j++)
        if (m->consumed[j] == m->base || m->consumed[j] == m->index)
            return 0;
    return n + 1;
}

/* (called at a shl or an add only: alloc_next) */
static int fuse_addr_mode(RegAlloc *ra, int i)
{
    AddrMode m;
    int n = match_addr_mode(ra, i, &m);
    if (!n)
        return 0;
    const TCGOp *mem = &ra->s->ops[i + n - 1];
    TCGOp fused = *mem;
    fused.args[1] = m.base;
    fused.life = (mem->life & ~(6u | 6u << 16)) | m.life;
    if (is_host_load(mem)) { /* the displacement goes into the offset */
        fused.args[2] = (TCGArg)((int32_t)mem->args[2] + m.disp);
        m.disp = 0;
    }
    if (m.index != TCGV_NONE) { /* one more input, before the c-args */
        int nb_a = mem->nb_oargs + mem->nb_iargs;
        memmove(&fused.args[nb_a + 1], &fused.args[nb_a], mem->nb_cargs * sizeof(TCGArg));
        fused.args[nb_a] = m.index;
        fused.nb_iargs++;
    }
    for (int j = 0; j < m.nb_consumed; j++)
        temp_dead(ra, m.consumed[j]);
    if (tcg_op_defs[mem->opc].flags & TCG_OPF_CAN_FAULT)
        fault_site_prepare(ra, mem);
    alloc_op(ra, &fused, m.disp, m.shift);
    return n;
}

/* The operands of a brcond or brcond_exit compare: a in a register, b
 * an immediate (true) or a register. */
static bool load_compare_operands(RegAlloc *ra, const TCGOp *op, int *a, int64_t *b)
{
    TCGType type = (TCGType)op->type;
    *a = temp_load(ra, (TCGv)op->args[0], TCG_ALLOCATABLE_REGS, 0);
    if (temp_const_value(ra, (TCGv)op->args[1], b) && tcg_target_const_match(type, CT_CONST_S32, *b))
        return true;
    *b = temp_load(ra, (TCGv)op->args[1], TCG_ALLOCATABLE_REGS, REG_BIT(*a));
    return false;
}

static void alloc_brcond(RegAlloc *ra, const TCGOp *op)
{
    TCGCond cond = (TCGCond)op->args[2];
    int label = (int)op->args[3];
    TCGType type = (TCGType)op->type;
    if (cond == TCG_COND_NEVER) {
        inputs_done(ra, op);
        return;
    }
    int a;
    int64_t b;
    bool b_const = load_compare_operands(ra, op, &a, &b);
    sync_for_branch(ra);
    if (cond == TCG_COND_ALWAYS)
        label_ref(ra, label, tcg_out_jmp(ra->s, label_target(ra, label)));
    else
        label_ref(ra, label, tcg_out_brcond(ra->s, type, cond, a, b, b_const, label_target(ra, label)));
    inputs_done(ra, op);
}

static void record_insn_start(RegAlloc *ra, const TCGOp *op)
{
    TCGCodeInfo *info = ra->info;
    uint32_t off = (uint32_t)(ra->s->code_ptr - ra->s->code_buf);
    if (info->nb_insns > 0)
        info->insn_end_offset[info->nb_insns - 1] = off;
    if (info->nb_insns >= TCG_MAX_INSNS)
        ra_fatal("too many guest instructions in one block");
    info->insn_data[info->nb_insns][0] = op->args[0];
    info->insn_data[info->nb_insns][1] = op->args[1];
    ra->word1_restores = ra->s->insn_word1_global && op->args[1] != ra->s->insn_word1_none;
    info->nb_insns++;
}

/* A slot whose jump lies beyond what TCGCodeInfo's 16-bit offsets
 * reach is left out (UINT16_MAX): the block then always exits through
 * the exit_tb after it, correct but never chained. */
static void out_goto_tb_slot(RegAlloc *ra, int slot)
{
    if (ra->s->code_ptr - ra->s->code_buf + 16 >= UINT16_MAX)
        return;
    uint8_t *rel32 = tcg_out_goto_tb(ra->s);
    ra->info->jmp_insn_offset[slot] = (uint16_t)(rel32 - ra->s->code_buf);
    ra->info->jmp_reset_offset[slot] = (uint16_t)(ra->s->code_ptr - ra->s->code_buf);
}

static void alloc_goto_tb(RegAlloc *ra, const TCGOp *op)
{
    save_globals(ra);
    out_goto_tb_slot(ra, (int)op->args[0] & (TCG_MAX_JMP_SLOTS - 1));
}

/* ---- the block's loop (loop.c) ---- */

/* The head: after what comes before it is in env (as at any label), the
 * way in loads the carried globals into their registers; the back edge
 * brings them there too.  env has those the loop never writes. */
static void alloc_loop_head(RegAlloc *ra, int label)
{
    TCGContext *s = ra->s;
    const TCGLoop *lp = &s->loop;
    bb_end_save(ra);
    state_reset(ra);
    tcg_out_label(s);
    for (int i = 0; i < lp->nb; i++) {
        TCGTemp *ts = temp_of(ra, lp->global[i]);
        tcg_out_ld(s, (TCGType)ts->type, loop_order[i], TCG_REG_ENV, ts->mem_offset);
    }
    label_bind(ra, label);
    for (int i = 0; i < lp->nb; i++) {
        reg_map(ra, lp->global[i], loop_order[i]);
        temp_of(ra, lp->global[i])->mem_coherent = !lp->dirty[i];
    }
}

/* Carried globals into their head registers, everything else being in
 * env or dead: a parallel move (a cycle of registers goes round through
 * the scratch register), then loads of those not in a register. */
static void loop_arrange(RegAlloc *ra)
{
    TCGContext *s = ra->s;
    const TCGLoop *lp = &s->loop;
    for (;;) {
        int blocked = -1;
        bool moved = false;
        for (int i = 0; i < lp->nb; i++) {
            TCGv g = lp->global[i];
            TCGTemp *ts = temp_of(ra, g);
            int want = loop_order[i];
            if (ts->val_loc != VAL_REG || ts->reg == want)
                continue;
            if (s->reg_to_temp[want] != TCGV_NONE) {
                blocked = i;
                continue;
            }
            tcg_out_mov(s, (TCGType)ts->type, want, ts->reg);
            reg_unmap(ra, ts);
            reg_map(ra, g, want);
            moved = true;
        }
        if (moved)
            continue;
        if (blocked < 0)
            break;
        /* every register wanted is held by another carried global: swap */
        TCGv g = lp->global[blocked];
        TCGTemp *ts = temp_of(ra, g);
        int from = ts->reg, want = loop_order[blocked];
        TCGv other = s->reg_to_temp[want];
        tcg_out_mov(s, TCG_TYPE_I64, TCG_REG_TMP, want);
        tcg_out_mov(s, TCG_TYPE_I64, want, from);
        tcg_out_mov(s, TCG_TYPE_I64, from, TCG_REG_TMP);
        reg_unmap(ra, ts);
        reg_unmap(ra, temp_of(ra, other));
        reg_map(ra, g, want);
        reg_map(ra, other, from);
    }
    for (int i = 0; i < lp->nb; i++) {
        TCGv g = lp->global[i];
        TCGTemp *ts = temp_of(ra, g);
        if (ts->val_loc == VAL_REG)
            continue;
        load_value(ra, g, loop_order[i]);
        if (ts->val_loc == VAL_MEM)
            ts->mem_coherent = true;
        reg_map(ra, g, loop_order[i]);
    }
}

static void save_unless_carried(RegAlloc *ra, TCGv t)
{
    if (carried_index(&ra->s->loop, t) < 0)
        temp_save(ra, t);
}

/* The back edge: what is not carried goes to env (or dies), the carried
 * globals to their head registers, and the jump, patchable as a goto_tb
 * slot is, goes to the head unless exit_request is set; after it, the
 * exit, which stores the carried globals env lacks. */
static void alloc_loop_back(RegAlloc *ra, const TCGOp *op)
{
    TCGContext *s = ra->s;
    const TCGLoop *lp = &s->loop;
    uintptr_t exit_val = (uintptr_t)op->args[1];
    int slot = (int)(exit_val & (TCG_MAX_JMP_SLOTS - 1));
    for (uint16_t m = ra->busy; m; m &= m - 1) {
        TCGv t = s->reg_to_temp[__builtin_ctz(m)];
        TCGTemp *ts = temp_of(ra, t);
        if (ts->fixed_reg || carried_index(lp, t) >= 0)
            continue;
        if (ts->kind == TEMP_EBB)
            temp_dead(ra, t);
        else
            temp_save(ra, t);
    }
    for_each_const_global(ra, save_unless_carried);
    for (int i = 0; i < ra->nb_tb_temps; i++)
        temp_save(ra, ra->tb_temps[i]);
    loop_arrange(ra);

    const uint8_t *head = label_target(ra, (int)op->args[0]);
    uint32_t at = code_offset(ra);
    if (head && at + 32 < UINT16_MAX) {
        uint8_t *rel32 = tcg_out_loop_jump(s, (int32_t)(int64_t)op->args[2], head);
        ra->info->jmp_insn_offset[slot] = (uint16_t)(rel32 - s->code_buf);
        ra->info->jmp_reset_offset[slot] = (uint16_t)code_offset(ra);
        ra->info->loop_slot = slot;
    }
    /* (without a jump, beyond what the 16-bit offsets reach, every
     * iteration leaves: correct, never faster) */
    for (int i = 0; i < lp->nb; i++)
        temp_sync(ra, lp->global[i]);
    tcg_out_exit_tb(s, exit_val);
    state_reset(ra);
}

/* ---- side exits ---- */

/* A global that env may not have: its exit code stores it (or, past
 * the room for that, the block does now, on both paths). */
static void exit_store_add(RegAlloc *ra, TCGv t)
{
    TCGTemp *ts = temp_of(ra, t);
    if (ts->fixed_reg || ts->mem_coherent || (ts->val_loc != VAL_REG && ts->val_loc != VAL_CONST))
        return;
    if (ra->nb_exit_stores == MAX_EXIT_STORES) {
        temp_sync(ra, t);
        return;
    }
    ExitStore *e = &ra->exit_stores[ra->nb_exit_stores++];
    e->offset = ts->mem_offset;
    e->type = ts->type;
    e->reg = ts->val_loc == VAL_REG ? ts->reg : -1;
    e->val = ts->val_loc == VAL_REG ? 0 : ra->cval[t];
}

static void alloc_brcond_exit(RegAlloc *ra, const TCGOp *op)
{
    TCGCond cond = (TCGCond)op->args[2];
    TCGType type = (TCGType)op->type;
    if (cond == TCG_COND_NEVER) {
        inputs_done(ra, op);
        return;
    }
    if (ra->nb_side_exits == TCG_MAX_JMP_SLOTS)
        ra_fatal("too many side exits in one block");
    int a;
    int64_t b;
    bool b_const = load_compare_operands(ra, op, &a, &b);
    SideExit *e = &ra->side_exits[ra->nb_side_exits++];
    e->first_store = ra->nb_exit_stores;
    for_each_unsynced_global(ra, exit_store_add);
    e->nb_stores = ra->nb_exit_stores - e->first_store;
    e->exit_val = (uintptr_t)op->args[3];
    e->exit_request_ofs = (int32_t)(int64_t)op->args[4];
    /* (the emitter stores pending SSE results before the branch, as for
     * any branch: leaving them to the exit's code made mandelbrot's loop
     * run 0.93 or 1.93 s from run to run, for a reason not found) */
    e->branch_rel32 = cond == TCG_COND_ALWAYS ? tcg_out_jmp(ra->s, NULL)
                                              : tcg_out_brcond(ra->s, type, cond, a, b, b_const, NULL);
    inputs_done(ra, op);
}

/* After the block: each side exit's code, as goto_tb and exit_tb (with
 * the exit_request test gen_jmp_tb makes of a backward jump) would be. */
static void out_side_exits(RegAlloc *ra)
{
    TCGContext *s = ra->s;
    for (int i = 0; i < ra->nb_side_exits; i++) {
        const SideExit *e = &ra->side_exits[i];
        if (!s->overflow)
            tcg_patch_rel32(e->branch_rel32, s->code_ptr);
        for (int k = e->first_store; k < e->first_store + e->nb_stores; k++) {
            const ExitStore *st = &ra->exit_stores[k];
            if (st->reg >= 0)
                tcg_out_st(s, (TCGType)st->type, st->reg, TCG_REG_ENV, st->offset);
            else
                tcg_out_sti(s, (TCGType)st->type, (uint64_t)st->val, TCG_REG_ENV, st->offset);
        }
        uint8_t *unchained = NULL;
        if (e->exit_request_ofs >= 0)
            unchained = tcg_out_brcond_mem(s, TCG_TYPE_I32, TCG_COND_NE, TCG_REG_ENV, e->exit_request_ofs, 0, true,
                                           NULL);
        out_goto_tb_slot(ra, (int)(e->exit_val & (TCG_MAX_JMP_SLOTS - 1)));
        if (unchained && !s->overflow)
            tcg_patch_rel32(unchained, s->code_ptr);
        tcg_out_exit_tb(s, e->exit_val);
    }
}

/* For a commutative two-address op, let a dying second operand be the
 * one overwritten in place, so the live first one needs no copy. */
static const TCGOp *prefer_dying_first(RegAlloc *ra, const TCGOp *op, TCGOp *swapped)
{
    switch (op->opc) {
    case INDEX_op_mul: case INDEX_op_and: case INDEX_op_or: case INDEX_op_xor:
        break;
    default:
        return op;
    }
    TCGTemp *a = temp_of(ra, (TCGv)op->args[1]), *b = temp_of(ra, (TCGv)op->args[2]);
    if (arg_is_dead(op, 1) || !arg_is_dead(op, 2) || b->val_loc != VAL_REG || b->fixed_reg ||
        a->kind == TEMP_CONST || a->val_loc == VAL_CONST)
        return op;
    *swapped = *op;
    swapped->args[1] = op->args[2];
    swapped->args[2] = op->args[1];
    swapped->life = (op->life & ~(6u | 6u << 16)) | arg_life(op, 2, 1) | arg_life(op, 1, 2);
    return swapped;
}

static void alloc_one(RegAlloc *ra, const TCGOp *op)
{
    TCGContext *s = ra->s;
    switch (op->opc) {
    case INDEX_op_nop:
        break;
    case INDEX_op_insn_start:
        record_insn_start(ra, op);
        break;
    case INDEX_op_discard:
        temp_dead(ra, (TCGv)op->args[0]);
        break;
    case INDEX_op_set_label:
        if (op - s->ops == s->loop.head) {
            alloc_loop_head(ra, (int)op->args[0]);
            break;
        }
        bb_end_save(ra);
        tcg_out_label(s);
        label_bind(ra, (int)op->args[0]);
        state_reset(ra);
        break;
    case INDEX_op_loop_back:
        alloc_loop_back(ra, op);
        break;
    case INDEX_op_br:
        bb_end_save(ra);
        label_ref(ra, (int)op->args[0], tcg_out_jmp(s, label_target(ra, (int)op->args[0])));
        state_reset(ra);
        break;
    case INDEX_op_brcond:
        alloc_brcond(ra, op);
        break;
    case INDEX_op_brcond_exit:
        alloc_brcond_exit(ra, op);
        break;
    case INDEX_op_mov:
        alloc_mov(ra, op);
        break;
    case INDEX_op_call:
        alloc_call(ra, op);
        break;
    case INDEX_op_exit_tb:
        save_globals(ra);
        tcg_out_exit_tb(s, (uintptr_t)op->args[0]);
        state_reset(ra);
        break;
    case INDEX_op_goto_tb:
        alloc_goto_tb(ra, op);
        break;
    case INDEX_op_goto_ptr: {
        int r = temp_load(ra, (TCGv)op->args[0], TCG_ALLOCATABLE_REGS, 0);
        save_globals(ra);
        tcg_out_goto_ptr(s, r);
        state_reset(ra);
        break;
    }
    default: {
        TCGOp swapped;
        if (alloc_ext32u_from_mem(ra, op))
            break;
        if (tcg_op_defs[op->opc].flags & TCG_OPF_CAN_FAULT)
            fault_site_prepare(ra, op);
        alloc_op(ra, prefer_dying_first(ra, op, &swapped), 0, 0);
        break;
    }
    }
}

/* Allocate and emit op i, or the fused sequence it starts; returns the
 * number of ops done.  The opcode alone rules out most fusions. */
static int alloc_next(RegAlloc *ra, int i)
{
    TCGContext *s = ra->s;
    switch (s->ops[i].opc) {
    case INDEX_op_shl: case INDEX_op_add: {
        int fused = fuse_addr_mode(ra, i);
        if (fused)
            return fused;
        break;
    }
    case INDEX_op_ld:
        if (i + 1 < s->nb_ops &&
            (fuse_ld_brcond(ra, &s->ops[i], &s->ops[i + 1]) || fuse_ld_goto_ptr(ra, &s->ops[i], &s->ops[i + 1])))
            return 2;
        break;
    default:
        break;
    }
    alloc_one(ra, &s->ops[i]);
    return 1;
}

static void ra_init(RegAlloc *ra, TCGContext *s, TCGCodeInfo *info)
{
    ra->s = s;
    ra->info = info;
    ra->nb_relocs = 0;
    ra->fault_site_pending = false;
    ra->word1_restores = ra->fault_consts_listed = false;
    ra->nb_side_exits = ra->nb_exit_stores = 0;
    memset(ra->slot_free, 0xff, sizeof(ra->slot_free));
    s->env_reg = TCG_REG_ENV;
    memset(ra->const_globals, 0, sizeof(ra->const_globals));
    ra->nb_global_words = s->nb_globals / 64 + 1;
    memset(ra->slotted, 0, sizeof(ra->slotted));
    ra->nb_slotted_ebb = 0;
    state_init(ra);
    for (int l = 0; l < s->nb_labels; l++) {
        s->labels[l].has_value = false;
        s->labels[l].relocs = NULL;
    }
    tcg_out_block_start(s);
    info->code_size = 0;
    info->nb_insns = 0;
    info->nb_fault_sites = info->nb_fault_regs = 0;
    for (int i = 0; i < TCG_MAX_JMP_SLOTS; i++)
        info->jmp_insn_offset[i] = info->jmp_reset_offset[i] = UINT16_MAX;
    info->loop_slot = -1;
}

/* Emits at s->code_ptr and leaves s->code_ptr just past the block;
 * s->code_buf is set to the block's start. */
int tcg_gen_code(TCGContext *s, TCGCodeInfo *info)
{
    if (s->optimize)
        tcg_optimize(s);
    tcg_plan_loop(s, LOOP_CARRIED_MAX);
    tcg_liveness(s);
    if (tern_log_enabled(LOG_OP_OPT)) {
        fprintf(tern_log_file, "OP after optimization and liveness analysis:\n");
        tcg_dump_ops(s, tern_log_file);
    }

    RegAlloc ra;
    s->code_buf = s->code_ptr;
    s->overflow = false;
    s->info = info;
    ra_init(&ra, s, info);
    for (int i = 0; i < s->nb_ops && !s->overflow;)
        i += alloc_next(&ra, i);
    out_side_exits(&ra);
    if (s->overflow) {
        s->code_ptr = s->code_buf;
        return -1;
    }

    uint32_t size = (uint32_t)(s->code_ptr - s->code_buf);
    if (info->nb_insns > 0)
        info->insn_end_offset[info->nb_insns - 1] = size;
    info->code_size = size;
    if (tern_log_enabled(LOG_OUT_ASM)) {
        fprintf(tern_log_file, "OUT: [size=%u]\n", size);
        tern_disas(tern_log_file, s->code_buf, size, (uint64_t)(uintptr_t)s->code_buf);
        fprintf(tern_log_file, "\n");
    }
    return (int)size;
}

/* translate_x87.c — the x87 instructions (opcodes D8-DF).
 *
 * While every guest exception is masked the host's x87 holds the guest's
 * state (x87_host.h), and each instruction is emitted as itself: one x87
 * IR op carrying its opcode and ModRM bytes, memory forms addressing
 * guest memory directly (a fault there is precise like any guest access:
 * the x87 changes nothing before it).  What the host cannot run for the
 * guest stays a helper: the environment images (they hold instruction
 * pointers, which the guest sees as guest addresses: generated code keeps
 * them in env) and fldcw (the control word may unmask an exception).
 *
 * With an unmasked exception, each instruction becomes a call of a helper
 * in fpu_helper.c on env's image.  Memory operands are loaded and stored
 * here with guest memory ops, before the helper changes anything and
 * before any pop, so that a faulting access leaves the x87 state as it
 * was.  The helpers write only x87 fields of env, never TCG globals, so
 * guest registers need not be reloaded after their calls.  Only the
 * environment images (fldenv, frstor, fnstenv, fnsave) access guest
 * memory from a helper.
 *
 * An instruction that may move between the two modes (fldcw, fldenv,
 * frstor; and with an unmasked exception fninit, fnsave, fnstenv, which
 * mask all) ends the block: the next is looked up in the new mode. */
#include <stddef.h>

#include "target/x86/fpu_helper.h"
#include "target/x86/translate_int.h"
#include "target/x86/translate_sse.h"
#include "target/x86/x87_host.h"

/* The first helper of an instruction raises #MF if an unmasked exception
 * is pending, so guest registers must be in env (but none is written);
 * the quiet ones (pop, and the no-wait control instructions) raise nothing. */
#define X87_CALL TCG_CALL_NO_WG
#define X87_CALL_QUIET TCG_CALL_NO_RWG

static TCGv env_of(DisasContext *s) { return s->tcg->env; }
static TCGv c32(DisasContext *s, uint32_t v) { return tcg_constant_i32(s->tcg, v); }
static TCGv new_i64(DisasContext *s) { return tcg_temp_new(s->tcg, TCG_TYPE_I64); }

#define CALL(s, fn, ...) tcg_gen_calln((s)->tcg, fn, X87_CALL, TCGV_NONE, env_of(s), __VA_ARGS__)
#define CALL0(s, fn) tcg_gen_calln((s)->tcg, fn, X87_CALL, TCGV_NONE, env_of(s))
#define CALL_QUIET(s, fn) tcg_gen_calln((s)->tcg, fn, X87_CALL_QUIET, TCGV_NONE, env_of(s))
#define CALL_RET(s, fn, ret, ...) tcg_gen_calln((s)->tcg, fn, X87_CALL, ret, env_of(s), __VA_ARGS__)

/* Non-control instructions record their address, opcode and data
 * address, for fnstenv/fnsave and exception handlers.  A record only
 * needs to be there when something can see it: a call, an op that can
 * fault (the guest's signal frame shows it), a branch, label or block
 * exit.  With none of those since the last record, the new one replaces
 * it: its stores go (the data address only if the new one has one). */
static bool is_record_store(DisasContext *s, const TCGOp *op, bool with_data)
{
    if ((op->opc != INDEX_op_st && op->opc != INDEX_op_st16) || op->args[1] != (TCGArg)env_of(s))
        return false;
    size_t ofs = (size_t)op->args[2];
    return ofs == offsetof(CPUX86State, fpip) || ofs == offsetof(CPUX86State, fpop) ||
           (with_data && ofs == offsetof(CPUX86State, fpdp));
}

static void drop_superseded_record(DisasContext *s, bool with_data)
{
    TCGContext *t = s->tcg;
    for (int k = t->nb_ops - 1; k >= 0; k--) {
        TCGOp *op = &t->ops[k];
        if (tcg_op_defs[op->opc].flags & (TCG_OPF_BB_END | TCG_OPF_CALL_CLOBBER | TCG_OPF_CAN_FAULT | TCG_OPF_SIDE_EXIT))
            return;
        if (is_record_store(s, op, with_data)) {
            op->opc = INDEX_op_nop;
            op->nb_oargs = op->nb_iargs = op->nb_cargs = 0;
        }
    }
}

static void gen_record_insn(DisasContext *s, int opcode, TCGv addr)
{
    TCGContext *t = s->tcg;
    drop_superseded_record(s, addr != TCGV_NONE);
    tcg_gen_st(t, INDEX_op_st, tcg_constant_i64(t, s->pc_start), env_of(s), offsetof(CPUX86State, fpip));
    tcg_gen_st(t, INDEX_op_st16, c32(s, ((opcode & 7) << 8) | s->modrm), env_of(s), offsetof(CPUX86State, fpop));
    if (addr != TCGV_NONE)
        tcg_gen_st(t, INDEX_op_st, addr, env_of(s), offsetof(CPUX86State, fpdp));
}

/* ---- memory operands ---- */

static const MemOp load_memop[] = {
    [X87_M_F32] = MO_UL, [X87_M_F64] = MO_UQ, [X87_M_I16] = MO_SW,
    [X87_M_I32] = MO_SL, [X87_M_I64] = MO_UQ,
};
static const MemOp store_memop[] = {
    [X87_M_F32] = MO_32, [X87_M_F64] = MO_64, [X87_M_I16] = MO_16, [X87_M_I32] = MO_32,
    [X87_M_I64] = MO_64, [X87_M_T16] = MO_16, [X87_M_T32] = MO_32, [X87_M_T64] = MO_64,
};

static TCGv gen_load(DisasContext *s, TCGv addr, MemOp mop)
{
    TCGv v = new_i64(s);
    tcg_gen_qemu_ld(s->tcg, v, addr, mop, x86_mmu_idx(s));
    return v;
}

static TCGv addr_plus(DisasContext *s, TCGv addr, int64_t n)
{
    TCGv a = new_i64(s);
    tcg_gen_addi(s->tcg, a, addr, n);
    return a;
}

/* fadd..fdivr and fcom/fcomp with a memory operand of format fmt */
static void gen_arith_mem(DisasContext *s, int op, int fmt, TCGv addr)
{
    TCGv v = gen_load(s, addr, load_memop[fmt]);
    if (op == X87_COM || op == X87_COMP) {
        CALL(s, helper_x87_fcom_mem, c32(s, fmt | X87_POPS(op == X87_COMP)), v);
        return;
    }
    CALL(s, helper_x87_arith_mem, c32(s, op), c32(s, fmt), v);
}

static void gen_fld_mem(DisasContext *s, int fmt, TCGv addr)
{
    TCGv v = gen_load(s, addr, load_memop[fmt]);
    CALL(s, helper_x87_fld_mem, c32(s, fmt), v);
}

/* Stores pass the memory's old contents to the helper, which hands them
 * back if an unmasked exception stops the store (then nothing changes). */
static void gen_pop_stored(DisasContext *s)
{
    CALL_QUIET(s, helper_x87_pop_stored);
}

static void gen_fst_mem(DisasContext *s, int fmt, TCGv addr, bool pop)
{
    TCGv old = gen_load(s, addr, store_memop[fmt]);
    TCGv v = new_i64(s);
    CALL_RET(s, helper_x87_fst_mem, v, c32(s, fmt), old);
    tcg_gen_qemu_st(s->tcg, v, addr, store_memop[fmt], x86_mmu_idx(s));
    if (pop)
        gen_pop_stored(s);
}

/* 80-bit operands (extended reals, packed BCD) travel as 64 + 16 bits */
static void gen_load_80(DisasContext *s, TCGv addr, void *helper)
{
    TCGv lo = gen_load(s, addr, MO_UQ);
    TCGv hi = gen_load(s, addr_plus(s, addr, 8), MO_UW);
    tcg_gen_calln(s->tcg, helper, X87_CALL, TCGV_NONE, env_of(s), lo, hi);
}

/* The hardware writes nothing when any byte faults, and reports the
 * first unmapped byte: reading the old contents (low part first) probes
 * like that, and the high part is stored first. */
static void gen_store_80(DisasContext *s, TCGv addr, void *helper)
{
    TCGv addr_hi = addr_plus(s, addr, 8);
    TCGv old_lo = gen_load(s, addr, MO_UQ);
    TCGv old_hi = gen_load(s, addr_hi, MO_UW);
    tcg_gen_calln(s->tcg, helper, X87_CALL, TCGV_NONE, env_of(s), old_lo, old_hi);
    TCGv lo = new_i64(s), hi = new_i64(s);
    tcg_gen_ld(s->tcg, INDEX_op_ld, lo, env_of(s), offsetof(CPUX86State, ft0));
    tcg_gen_ld(s->tcg, INDEX_op_ld16u, hi, env_of(s), offsetof(CPUX86State, ft0) + 8);
    tcg_gen_qemu_st(s->tcg, hi, addr_hi, MO_16, x86_mmu_idx(s));
    tcg_gen_qemu_st(s->tcg, lo, addr, MO_64, x86_mmu_idx(s));
    gen_pop_stored(s);
}

/* fldenv, frstor, fnstenv, fnsave: the helper accesses guest memory and
 * may fault, so guest registers must be in env first */
static void gen_env_image(DisasContext *s, void *helper, TCGv addr)
{
    TCGv data16 = c32(s, (s->prefix & PREFIX_DATA) ? 1 : 0);
    tcg_gen_calln(s->tcg, helper, 0, TCGV_NONE, env_of(s), addr, data16);
}

static void gen_store_u16(DisasContext *s, TCGv v, TCGv addr)
{
    tcg_gen_qemu_st(s->tcg, v, addr, MO_16, x86_mmu_idx(s));
}

/* D9, DB, DD, DF with a memory operand: loads, stores and control */
/* fisttp came with SSE3: #UD on models without it */
static bool has_fisttp(DisasContext *s) { return s->env->cpuid_ext_features & CPUID_EXT_SSE3; }

static bool gen_mem_move(DisasContext *s, int op, TCGv addr)
{
    TCGv v;
    switch (op) {
    case 0x08: gen_fld_mem(s, X87_M_F32, addr); return true;
    case 0x0a: case 0x0b: gen_fst_mem(s, X87_M_F32, addr, op & 1); return true;
    case 0x0c: gen_env_image(s, helper_x87_fldenv, addr); return true;
    case 0x0d:
        CALL(s, helper_x87_fldcw, gen_load(s, addr, MO_UW));
        return true;
    case 0x0e: gen_env_image(s, helper_x87_fnstenv, addr); return true;
    case 0x0f:
        v = new_i64(s);
        tcg_gen_ld(s->tcg, INDEX_op_ld16u, v, env_of(s), offsetof(CPUX86State, fpuc));
        gen_store_u16(s, v, addr);
        return true;
    case 0x18: gen_fld_mem(s, X87_M_I32, addr); return true;
    case 0x19: gen_fst_mem(s, X87_M_T32, addr, true); return true;
    case 0x1a: case 0x1b: gen_fst_mem(s, X87_M_I32, addr, op & 1); return true;
    case 0x1d: gen_load_80(s, addr, helper_x87_fld_f80); return true;
    case 0x1f: gen_store_80(s, addr, helper_x87_fst_f80); return true;
    case 0x28: gen_fld_mem(s, X87_M_F64, addr); return true;
    case 0x29: gen_fst_mem(s, X87_M_T64, addr, true); return true;
    case 0x2a: case 0x2b: gen_fst_mem(s, X87_M_F64, addr, op & 1); return true;
    case 0x2c: gen_env_image(s, helper_x87_frstor, addr); return true;
    case 0x2e: gen_env_image(s, helper_x87_fnsave, addr); return true;
    case 0x2f:
        v = new_i64(s);
        tcg_gen_calln(s->tcg, helper_x87_fnstsw, X87_CALL_QUIET, v, env_of(s));
        gen_store_u16(s, v, addr);
        return true;
    case 0x38: gen_fld_mem(s, X87_M_I16, addr); return true;
    case 0x39: gen_fst_mem(s, X87_M_T16, addr, true); return true;
    case 0x3a: case 0x3b: gen_fst_mem(s, X87_M_I16, addr, op & 1); return true;
    case 0x3c: gen_load_80(s, addr, helper_x87_fbld); return true;
    case 0x3d: gen_fld_mem(s, X87_M_I64, addr); return true;
    case 0x3e: gen_store_80(s, addr, helper_x87_fbst); return true;
    case 0x3f: gen_fst_mem(s, X87_M_I64, addr, true); return true;
    }
    return false;
}

/* op: (opcode & 7) << 3 | ModRM.reg */
static bool is_control_mem(int op)
{
    return op == 0x0c || op == 0x0d || op == 0x0e || op == 0x0f ||
           op == 0x2c || op == 0x2e || op == 0x2f;
}

/* A pending #MF comes before the memory operand's own faults: test ES
 * inline (the helpers check it again, too late for a faulting access). */
static void gen_pending_before_access(DisasContext *s)
{
    TCGContext *t = s->tcg;
    int done = tcg_new_label(t);
    TCGv sw = new_i64(s);
    tcg_gen_ld(t, INDEX_op_ld16u, sw, env_of(s), offsetof(CPUX86State, fpus));
    tcg_gen_andi(t, sw, sw, FPUS_ES);
    tcg_gen_brcondi(t, TCG_COND_EQ, sw, 0, done);
    CALL0(s, helper_x87_check_pending);
    tcg_gen_set_label(t, done);
}

/* ---- register operands ---- */

/* With an unmasked exception, the register forms that are one helper call
 * with constant arguments are described as such: helper(env, args[0..nargs-1]).
 * The description also tells which register forms exist at all. */
typedef struct X87Call {
    void *fn;
    uint8_t nargs; /* 0..3 */
    uint32_t args[3];
} X87Call;

static bool set_call(X87Call *c, void *fn, int nargs, uint32_t a0, uint32_t a1, uint32_t a2)
{
    *c = (X87Call){ fn, (uint8_t)nargs, { a0, a1, a2 } };
    return true;
}

/* D8 / DC / DE: arithmetic on ST(0) and ST(i).  DC and DE write ST(i),
 * and there reg 4..7 name the reversed operation (fsubr is E0, fsub E8). */
static bool describe_arith(int opcode, int reg, int i, X87Call *c)
{
    if (reg == X87_COM || reg == X87_COMP) {
        if (opcode == 0xde) {
            if (reg == X87_COMP && i != 1)
                return false;
            /* fcompp, fcomp alias */
            return set_call(c, helper_x87_fcom_rr, 2, i, X87_POPS(reg == X87_COMP ? 2 : 1), 0);
        }
        return set_call(c, helper_x87_fcom_rr, 2, i, X87_POPS(reg == X87_COMP), 0);
    }
    if (opcode == 0xd8)
        return set_call(c, helper_x87_arith_rr, 3, reg, 0, i);
    return set_call(c, helper_x87_arith_rr, 3, (reg >= X87_SUB ? reg ^ 1 : reg) | X87_POPS(opcode == 0xde), i, 0);
}

static bool describe_d9_special(int modrm, X87Call *c)
{
    static const signed char unary[16] = {
        X87_FCHS, X87_FABS, -1, -1, X87_FTST, X87_FXAM, -1, -1,
    };
    if (modrm >= 0xe0 && modrm <= 0xe7 && unary[modrm - 0xe0] >= 0)
        return set_call(c, helper_x87_unary, 1, (uint32_t)unary[modrm - 0xe0], 0, 0);
    if (modrm >= 0xe8 && modrm <= 0xee)
        return set_call(c, helper_x87_fld_const, 1, (uint32_t)(modrm - 0xe8), 0, 0);
    switch (modrm) {
    case 0xd0: return set_call(c, helper_x87_check_pending, 0, 0, 0, 0); /* fnop */
    case 0xf0: return set_call(c, helper_x87_unary, 1, X87_F2XM1, 0, 0);
    case 0xf1: return set_call(c, helper_x87_binary, 1, X87_FYL2X, 0, 0);
    case 0xf2: return set_call(c, helper_x87_split, 1, X87_FPTAN, 0, 0);
    case 0xf3: return set_call(c, helper_x87_binary, 1, X87_FPATAN, 0, 0);
    case 0xf4: return set_call(c, helper_x87_split, 1, X87_FXTRACT, 0, 0);
    case 0xf5: return set_call(c, helper_x87_binary, 1, X87_FPREM1, 0, 0);
    case 0xf6: return set_call(c, helper_x87_fdecstp, 0, 0, 0, 0);
    case 0xf7: return set_call(c, helper_x87_fincstp, 0, 0, 0, 0);
    case 0xf8: return set_call(c, helper_x87_binary, 1, X87_FPREM, 0, 0);
    case 0xf9: return set_call(c, helper_x87_binary, 1, X87_FYL2XP1, 0, 0);
    case 0xfa: return set_call(c, helper_x87_unary, 1, X87_FSQRT, 0, 0);
    case 0xfb: return set_call(c, helper_x87_split, 1, X87_FSINCOS, 0, 0);
    case 0xfc: return set_call(c, helper_x87_unary, 1, X87_FRNDINT, 0, 0);
    case 0xfd: return set_call(c, helper_x87_binary, 1, X87_FSCALE, 0, 0);
    case 0xfe: return set_call(c, helper_x87_unary, 1, X87_FSIN, 0, 0);
    case 0xff: return set_call(c, helper_x87_unary, 1, X87_FCOS, 0, 0);
    }
    return false;
}

static bool describe_d9(int modrm, X87Call *c)
{
    int i = modrm & 7;
    switch ((modrm >> 3) & 7) {
    case 0: return set_call(c, helper_x87_fld_sti, 1, i, 0, 0);
    case 1: return set_call(c, helper_x87_fxch, 1, i, 0, 0);
    case 3: return set_call(c, helper_x87_fstp1, 1, i, 0, 0);
    }
    return describe_d9_special(modrm, c);
}

/* DA, DD, DF: stores to registers, unordered compares, ffree, fxch aliases */
static bool describe_other(int opcode, int reg, int i, X87Call *c)
{
    switch (((opcode & 7) << 3) | reg) {
    case 0x15: /* fucompp */
        return i == 1 && set_call(c, helper_x87_fcom_rr, 2, 1, 1 | X87_POPS(2), 0);
    case 0x28: return set_call(c, helper_x87_ffree, 1, i, 0, 0);
    case 0x29: case 0x39: return set_call(c, helper_x87_fxch, 1, i, 0, 0);
    case 0x2a: case 0x2b: return set_call(c, helper_x87_fst_sti, 1, i | X87_POPS(reg & 1), 0, 0);
    case 0x2c: case 0x2d: return set_call(c, helper_x87_fcom_rr, 2, i, 1 | X87_POPS(reg & 1), 0);
    case 0x38: return set_call(c, helper_x87_ffree, 1, i | X87_POPS(1), 0, 0); /* ffreep */
    case 0x3a: case 0x3b: return set_call(c, helper_x87_fst_sti, 1, i | X87_POPS(1), 0, 0);
    }
    return false;
}

static bool describe_reg_form(int opcode, int modrm, X87Call *c)
{
    int reg = (modrm >> 3) & 7, i = modrm & 7;
    switch (opcode) {
    case 0xd8: case 0xdc: case 0xde: return describe_arith(opcode, reg, i, c);
    case 0xd9: return describe_d9(modrm, c);
    case 0xda: case 0xdd: case 0xdf: return describe_other(opcode, reg, i, c);
    }
    return false;
}

static void gen_described(DisasContext *s, const X87Call *c)
{
    const uint32_t *a = c->args;
    switch (c->nargs) {
    case 0: CALL0(s, c->fn); break;
    case 1: CALL(s, c->fn, c32(s, a[0])); break;
    case 2: CALL(s, c->fn, c32(s, a[0]), c32(s, a[1])); break;
    default: CALL(s, c->fn, c32(s, a[0]), c32(s, a[1]), c32(s, a[2])); break;
    }
}

/* fucomi, fcomi (DB E8+i, F0+i) and their popping forms (DF): the
 * helper returns ZF/PF/CF */
static bool describe_fcomi(int opcode, int modrm, X87Call *c)
{
    int reg = (modrm >> 3) & 7;
    if ((opcode != 0xdb && opcode != 0xdf) || (reg != 5 && reg != 6))
        return false;
    return set_call(c, helper_x87_fcomi, 2, modrm & 7, (reg == 5) | X87_POPS(opcode == 0xdf), 0);
}

/* fcomi and friends write ZF/PF/CF and clear the other arithmetic flags */
static void gen_set_fcomi_flags(DisasContext *s, TCGv flags)
{
    tcg_gen_mov(s->tcg, x86_globals.cc_src, flags);
    x86_set_cc_op(s, CC_OP_EFLAGS);
}

static void gen_fcomi(DisasContext *s, const X87Call *c)
{
    TCGv flags = new_i64(s);
    CALL_RET(s, c->fn, flags, c32(s, c->args[0]), c32(s, c->args[1]));
    gen_set_fcomi_flags(s, flags);
}

static void gen_fcmov(DisasContext *s, int cond, bool negate, int i)
{
    static const uint64_t flag_of[4] = { CC_C, CC_Z, CC_C | CC_Z, CC_P };
    /* #MF first: once the flags are computed into cc_src, a fault in this
     * instruction would restore the old cc_op over them */
    CALL0(s, helper_x87_check_pending);
    TCGv flags = x86_gen_compute_eflags(s);
    TCGv c = new_i64(s);
    tcg_gen_andi(s->tcg, c, flags, flag_of[cond]);
    tcg_gen_setcond(s->tcg, negate ? TCG_COND_EQ : TCG_COND_NE, c, c, tcg_constant_i64(s->tcg, 0));
    CALL(s, helper_x87_fcmov, c32(s, i), c);
}

/* ---- the two modes ---- */

static bool on_host(DisasContext *s) { return !(s->env->hflags & HF_X87_NONDEF); }

/* fldcw, fldenv, frstor; with an unmasked exception also fnstenv and
 * fnsave, which mask all (op as for gen_mem_move) */
static bool may_change_mode(DisasContext *s, int op)
{
    return op == 0x0d || op == 0x0c || op == 0x2c || (!on_host(s) && (op == 0x0e || op == 0x2e));
}

/* DB E0..E7: fnclex, fninit, and the 8087/287 leftovers that are no-ops */
static bool gen_db_control(DisasContext *s, int modrm)
{
    switch (modrm) {
    case 0xe0: case 0xe1: case 0xe4: return true;
    case 0xe2: CALL_QUIET(s, helper_x87_fnclex); return true;
    case 0xe3:
        CALL_QUIET(s, helper_x87_fninit);
        gen_jmp_next_mode_changed(s); /* every exception masked now */
        return true;
    }
    return false;
}

static bool gen_fnstsw_ax(DisasContext *s)
{
    TCGv v = new_i64(s);
    tcg_gen_calln(s->tcg, helper_x87_fnstsw, X87_CALL_QUIET, v, env_of(s));
    x86_gen_store_reg(s, MO_16, R_EAX, v);
    return true;
}

/* what is not one call with constant arguments: fcmov, fcomi */
static bool gen_other_reg(DisasContext *s, int opcode, int reg, int i)
{
    X87Call c;
    if (describe_fcomi(opcode, s->modrm, &c)) {
        gen_fcomi(s, &c);
        return true;
    }
    switch (((opcode & 7) << 3) | reg) {
    case 0x10: case 0x11: case 0x12: case 0x13: gen_fcmov(s, reg, false, i); return true;
    case 0x18: case 0x19: case 0x1a: case 0x1b: gen_fcmov(s, reg, true, i); return true;
    }
    return false;
}


/* ---- on the host's x87 ---- */

static uint32_t insn_bytes(int opcode, int modrm) { return (uint32_t)opcode | (uint32_t)modrm << 8; }

static bool is_x87_op(const TCGOp *op)
{
    return op->opc == INDEX_op_x87 || op->opc == INDEX_op_x87_out || op->opc == INDEX_op_x87_cond ||
           op->opc == INDEX_op_x87_mem;
}

/* one op, a call (the helper checks where the state is): the MMX
 * translator may take it back out of the block */
void x87_gen_state_to_env(DisasContext *s)
{
    tcg_gen_calln(s->tcg, helper_x87_to_env, TCG_CALL_NO_RWG, TCGV_NONE, env_of(s));
}

static bool is_call_of(const TCGOp *op, void *fn)
{
    return op->opc == INDEX_op_call && op->args[op->nb_oargs + op->nb_iargs] == (TCGArg)(uintptr_t)fn;
}

/* the calls that leave the x87 state where it is, in env, in MMX mode:
 * the moves to env and the MMX arithmetic wrappers, which only change
 * MMX register values */
static bool keeps_mmx_state(const TCGOp *op)
{
    return is_call_of(op, helper_x87_to_env) || is_call_of(op, helper_mmx_lo) || is_call_of(op, helper_mmx_hi) ||
           is_call_of(op, helper_mmx_cat);
}

bool x87_gen_mmx_entered(DisasContext *s)
{
    TCGContext *t = s->tcg;
    for (int k = t->nb_ops - 1; k >= 0; k--) {
        const TCGOp *op = &t->ops[k];
        if (is_call_of(op, helper_x87_mmx_enter))
            return true;
        if (is_x87_op(op) || op->opc == INDEX_op_set_label || (op->opc == INDEX_op_call && !keeps_mmx_state(op)))
            return false;
    }
    return false;
}

/* The block's first x87 instruction loads the state onto the host's x87
 * if C code left it in env, and so does the first after an instruction
 * that moved it to env (x87_gen_state_to_env); the others follow them.
 * Before the instruction's operands are computed: temps do not cross
 * labels. */
static void gen_host_state_check(DisasContext *s)
{
    TCGContext *t = s->tcg;
    for (int k = t->nb_ops - 1; k >= 0; k--) {
        if (is_x87_op(&t->ops[k]))
            return;
        if (is_call_of(&t->ops[k], helper_x87_to_env))
            break;
    }
    int loaded = tcg_new_label(t);
    TCGv in_host = new_i64(s);
    tcg_gen_ld(t, INDEX_op_ld8u, in_host, env_of(s), offsetof(CPUX86State, x87_in_host));
    tcg_gen_brcondi(t, TCG_COND_NE, in_host, 0, loaded);
    tcg_gen_calln(t, helper_x87_to_host, TCG_CALL_NO_RWG, TCGV_NONE, env_of(s));
    tcg_gen_set_label(t, loaded);
}

static TCGOp *emit_x87(DisasContext *s, TCGOpcode opc, int opcode, int modrm)
{
    TCGOp *op = tcg_emit_op(s->tcg, opc, TCG_TYPE_I64);
    op->args[op->nb_oargs + op->nb_iargs] = insn_bytes(opcode, modrm);
    return op;
}

static void gen_host(DisasContext *s, int opcode, int modrm)
{
    emit_x87(s, INDEX_op_x87, opcode, modrm);
}


static TCGv gen_host_out(DisasContext *s, int opcode, int modrm)
{
    TCGv v = new_i64(s);
    emit_x87(s, INDEX_op_x87_out, opcode, modrm)->args[0] = (TCGArg)v;
    return v;
}

/* The memory forms that exist, by op = (opcode & 7) << 3 | reg for the
 * odd opcodes (D9, DB, DD, DF); D8, DA, DC, DE have all eight. */
static bool host_mem_form_exists(int opcode, int op)
{
    static const uint8_t odd_forms[4] = { 0xfd, 0xaf, 0xdf, 0xff }; /* bit reg */
    return !(opcode & 1) || ((odd_forms[(opcode >> 1) & 3] >> (op & 7)) & 1);
}

/* the environment images and fldcw, which stay helpers (gen_mem_move's) */
static bool is_helper_mem_form(int op)
{
    return op == 0x0c || op == 0x0d || op == 0x0e || op == 0x2c || op == 0x2e;
}

static bool gen_host_mem(DisasContext *s, int opcode, int op)
{
    if (!host_mem_form_exists(opcode, op))
        return false;
    bool helper = is_helper_mem_form(op);
    if (!helper)
        gen_host_state_check(s);
    TCGv addr = x86_gen_lea(s);
    if (helper)
        gen_mem_move(s, op, addr);
    else
        emit_x87(s, INDEX_op_x87_mem, opcode, s->modrm & 0x38)->args[0] = (TCGArg)addr;
    if (!is_control_mem(op))
        gen_record_insn(s, opcode, addr);
    return true;
}

/* fninit also clears the instruction and data pointers, kept in env */
static void gen_host_fninit(DisasContext *s)
{
    TCGContext *t = s->tcg;
    TCGv zero = tcg_constant_i64(t, 0);
    gen_host(s, 0xdb, 0xe3);
    tcg_gen_st(t, INDEX_op_st, zero, env_of(s), offsetof(CPUX86State, fpip));
    tcg_gen_st(t, INDEX_op_st, zero, env_of(s), offsetof(CPUX86State, fpdp));
    tcg_gen_st(t, INDEX_op_st16, zero, env_of(s), offsetof(CPUX86State, fpop));
}

/* DB E0..E7: fnclex, fninit, and the 8087/287 leftovers that are no-ops */
static bool gen_host_db_control(DisasContext *s, int modrm)
{
    switch (modrm) {
    case 0xe0: case 0xe1: case 0xe4: return true;
    case 0xe2: gen_host(s, 0xdb, modrm); return true;
    case 0xe3: gen_host_fninit(s); return true;
    }
    return false;
}

/* fcmovcc st(i) as the host's fcmovne st(i), ZF clear when the guest's
 * condition holds */
static void gen_host_fcmov(DisasContext *s, int cond, bool negate, int i)
{
    static const uint64_t flag_of[4] = { CC_C, CC_Z, CC_C | CC_Z, CC_P };
    TCGv flags = x86_gen_compute_eflags(s);
    TCGv c = new_i64(s);
    tcg_gen_andi(s->tcg, c, flags, flag_of[cond]);
    tcg_gen_setcond(s->tcg, negate ? TCG_COND_EQ : TCG_COND_NE, c, c, tcg_constant_i64(s->tcg, 0));
    TCGOp *op = emit_x87(s, INDEX_op_x87_cond, 0xdb, 0xc8 | i);
    op->args[0] = (TCGArg)c;
}

static bool gen_host_reg(DisasContext *s, int opcode)
{
    int modrm = s->modrm, reg = (modrm >> 3) & 7, i = modrm & 7;
    X87Call c;
    gen_host_state_check(s);
    if (opcode == 0xdf && modrm == 0xe0) {
        x86_gen_store_reg(s, MO_16, R_EAX, gen_host_out(s, opcode, modrm)); /* fnstsw ax */
        return true;
    }
    if (opcode == 0xdb && reg == 4)
        return gen_host_db_control(s, modrm);
    if (describe_fcomi(opcode, modrm, &c))
        gen_set_fcomi_flags(s, gen_host_out(s, opcode, modrm));
    else if ((opcode == 0xda || opcode == 0xdb) && reg < 4)
        gen_host_fcmov(s, reg, opcode == 0xdb, i);
    else if (describe_reg_form(opcode, modrm, &c))
        gen_host(s, opcode, modrm);
    else
        return false;
    gen_record_insn(s, opcode, TCGV_NONE);
    return true;
}

/* ---- with an unmasked exception: helpers ---- */

static bool gen_helper_mem(DisasContext *s, int opcode, int op)
{
    static const int arith_fmt[4] = { X87_M_F32, X87_M_I32, X87_M_F64, X87_M_I16 };
    if (!is_control_mem(op))
        gen_pending_before_access(s);
    TCGv addr = x86_gen_lea(s);
    if (!(opcode & 1)) /* D8, DA, DC, DE: arithmetic */
        gen_arith_mem(s, op & 7, arith_fmt[(opcode >> 1) & 3], addr);
    else if (!gen_mem_move(s, op, addr))
        return false;
    if (!is_control_mem(op))
        gen_record_insn(s, opcode, addr);
    return true;
}

static bool gen_helper_reg(DisasContext *s, int opcode)
{
    int reg = (s->modrm >> 3) & 7, i = s->modrm & 7;
    X87Call c;
    if (describe_reg_form(opcode, s->modrm, &c))
        gen_described(s, &c);
    else if (opcode == 0xdb && reg == 4)
        return gen_db_control(s, s->modrm);
    else if (opcode == 0xdf && s->modrm == 0xe0)
        return gen_fnstsw_ax(s);
    else if (!gen_other_reg(s, opcode, reg, i))
        return false;
    gen_record_insn(s, opcode, TCGV_NONE);
    return true;
}

static bool gen_x87_mem(DisasContext *s, int opcode)
{
    int op = ((opcode & 7) << 3) | ((s->modrm >> 3) & 7);
    s->rip_offset = 0;
    if ((op == 0x19 || op == 0x29 || op == 0x39) && !has_fisttp(s))
        return false; /* #UD before a pending #MF */
    bool mode_change = may_change_mode(s, op);
    if (!(on_host(s) ? gen_host_mem(s, opcode, op) : gen_helper_mem(s, opcode, op)))
        return false;
    if (mode_change)
        gen_jmp_next_mode_changed(s);
    return true;
}

bool x86_translate_x87(DisasContext *s, int opcode)
{
    if (s->prefix & PREFIX_LOCK)
        return false;
    x86_decode_modrm(s);
    if (s->mod != 3)
        return gen_x87_mem(s, opcode);
    return on_host(s) ? gen_host_reg(s, opcode) : gen_helper_reg(s, opcode);
}

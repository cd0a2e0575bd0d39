/* translate_x87.c — the x87 instructions (opcodes D8-DF).
 *
 * Each instruction becomes a call of a helper in fpu_helper.c, which runs
 * the same instruction on the host's x87 for bit-exact results.  Memory
 * operands are loaded and stored here with guest memory ops, before the
 * helper changes anything and before any pop, so that a faulting access
 * leaves the x87 state as it was.  The helpers write only x87 fields of
 * env, never TCG globals, so guest registers need not be reloaded after
 * their calls.  Only the environment images (fldenv, frstor, fnstenv,
 * fnsave) access guest memory from a helper. */
#include <stddef.h>

#include "target/x86/fpu_helper.h"
#include "target/x86/translate.h"

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
 * address, for fnstenv/fnsave and exception handlers. */
static void gen_record_insn(DisasContext *s, int opcode, TCGv addr)
{
    TCGContext *t = s->tcg;
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

static bool gen_x87_mem(DisasContext *s, int opcode)
{
    static const int arith_fmt[4] = { X87_M_F32, X87_M_I32, X87_M_F64, X87_M_I16 };
    int op = ((opcode & 7) << 3) | ((s->modrm >> 3) & 7);
    s->rip_offset = 0;
    if ((op == 0x19 || op == 0x29 || op == 0x39) && !has_fisttp(s))
        return false; /* #UD before a pending #MF */
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

/* ---- register operands ---- */

static void gen_arith_rr(DisasContext *s, int op, int dst, int src, int pops)
{
    CALL(s, helper_x87_arith_rr, c32(s, op | X87_POPS(pops)), c32(s, dst), c32(s, src));
}

static void gen_fcom_rr(DisasContext *s, int i, bool unordered, int pops)
{
    CALL(s, helper_x87_fcom_rr, c32(s, i), c32(s, unordered | X87_POPS(pops)));
}

/* fcomi and friends write ZF/PF/CF and clear the other arithmetic flags */
static void gen_fcomi(DisasContext *s, int i, bool unordered, bool pop)
{
    TCGv flags = new_i64(s);
    CALL_RET(s, helper_x87_fcomi, flags, c32(s, i), c32(s, unordered | X87_POPS(pop)));
    tcg_gen_mov(s->tcg, x86_globals.cc_src, flags);
    x86_set_cc_op(s, CC_OP_EFLAGS);
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

static void gen_fst_sti(DisasContext *s, int i, bool pop)
{
    CALL(s, helper_x87_fst_sti, c32(s, i | X87_POPS(pop)));
}

/* D8 / DC / DE: arithmetic on ST(0) and ST(i).  DC and DE write ST(i),
 * and there reg 4..7 name the reversed operation (fsubr is E0, fsub E8). */
static bool gen_arith_reg(DisasContext *s, int opcode, int reg, int i)
{
    if (reg == X87_COM || reg == X87_COMP) {
        if (opcode == 0xde) {
            if (reg == X87_COMP && i != 1)
                return false;
            gen_fcom_rr(s, i, false, reg == X87_COMP ? 2 : 1); /* fcompp, fcomp alias */
            return true;
        }
        gen_fcom_rr(s, i, false, reg == X87_COMP);
        return true;
    }
    if (opcode == 0xd8) {
        gen_arith_rr(s, reg, 0, i, 0);
        return true;
    }
    gen_arith_rr(s, reg >= X87_SUB ? reg ^ 1 : reg, i, 0, opcode == 0xde);
    return true;
}

static bool gen_d9_special(DisasContext *s, int modrm)
{
    static const signed char unary[16] = {
        X87_FCHS, X87_FABS, -1, -1, X87_FTST, X87_FXAM, -1, -1,
    };
    if (modrm >= 0xe0 && modrm <= 0xe7 && unary[modrm - 0xe0] >= 0) {
        CALL(s, helper_x87_unary, c32(s, unary[modrm - 0xe0]));
        return true;
    }
    if (modrm >= 0xe8 && modrm <= 0xee) {
        CALL(s, helper_x87_fld_const, c32(s, modrm - 0xe8));
        return true;
    }
    switch (modrm) {
    case 0xd0: CALL0(s, helper_x87_check_pending); return true; /* fnop */
    case 0xf0: CALL(s, helper_x87_unary, c32(s, X87_F2XM1)); return true;
    case 0xf1: CALL(s, helper_x87_binary, c32(s, X87_FYL2X)); return true;
    case 0xf2: CALL(s, helper_x87_split, c32(s, X87_FPTAN)); return true;
    case 0xf3: CALL(s, helper_x87_binary, c32(s, X87_FPATAN)); return true;
    case 0xf4: CALL(s, helper_x87_split, c32(s, X87_FXTRACT)); return true;
    case 0xf5: CALL(s, helper_x87_binary, c32(s, X87_FPREM1)); return true;
    case 0xf6: CALL0(s, helper_x87_fdecstp); return true;
    case 0xf7: CALL0(s, helper_x87_fincstp); return true;
    case 0xf8: CALL(s, helper_x87_binary, c32(s, X87_FPREM)); return true;
    case 0xf9: CALL(s, helper_x87_binary, c32(s, X87_FYL2XP1)); return true;
    case 0xfa: CALL(s, helper_x87_unary, c32(s, X87_FSQRT)); return true;
    case 0xfb: CALL(s, helper_x87_split, c32(s, X87_FSINCOS)); return true;
    case 0xfc: CALL(s, helper_x87_unary, c32(s, X87_FRNDINT)); return true;
    case 0xfd: CALL(s, helper_x87_binary, c32(s, X87_FSCALE)); return true;
    case 0xfe: CALL(s, helper_x87_unary, c32(s, X87_FSIN)); return true;
    case 0xff: CALL(s, helper_x87_unary, c32(s, X87_FCOS)); return true;
    }
    return false;
}

static bool gen_d9_reg(DisasContext *s, int reg, int i)
{
    switch (reg) {
    case 0: CALL(s, helper_x87_fld_sti, c32(s, i)); return true;
    case 1: CALL(s, helper_x87_fxch, c32(s, i)); return true;
    case 3: CALL(s, helper_x87_fstp1, c32(s, i)); return true;
    }
    return gen_d9_special(s, s->modrm);
}

/* DB E0..E7: fnclex, fninit, and the 8087/287 leftovers that are no-ops */
static bool gen_db_control(DisasContext *s, int modrm)
{
    switch (modrm) {
    case 0xe0: case 0xe1: case 0xe4: return true;
    case 0xe2: CALL_QUIET(s, helper_x87_fnclex); return true;
    case 0xe3: CALL_QUIET(s, helper_x87_fninit); return true;
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

static bool gen_other_reg(DisasContext *s, int opcode, int reg, int i)
{
    switch (((opcode & 7) << 3) | reg) {
    case 0x10: case 0x11: case 0x12: case 0x13: gen_fcmov(s, reg, false, i); return true;
    case 0x15: if (i != 1) return false; gen_fcom_rr(s, 1, true, 2); return true; /* fucompp */
    case 0x18: case 0x19: case 0x1a: case 0x1b: gen_fcmov(s, reg, true, i); return true;
    case 0x1d: gen_fcomi(s, i, true, false); return true;
    case 0x1e: gen_fcomi(s, i, false, false); return true;
    case 0x28: CALL(s, helper_x87_ffree, c32(s, i)); return true;
    case 0x29: CALL(s, helper_x87_fxch, c32(s, i)); return true;
    case 0x2a: case 0x2b: gen_fst_sti(s, i, reg & 1); return true;
    case 0x2c: case 0x2d: gen_fcom_rr(s, i, true, reg & 1); return true;
    case 0x38: CALL(s, helper_x87_ffree, c32(s, i | X87_POPS(1))); return true; /* ffreep */
    case 0x39: CALL(s, helper_x87_fxch, c32(s, i)); return true;
    case 0x3a: case 0x3b: gen_fst_sti(s, i, true); return true;
    case 0x3d: gen_fcomi(s, i, true, true); return true;
    case 0x3e: gen_fcomi(s, i, false, true); return true;
    }
    return false;
}

/* fnstsw ax, fnclex and fninit are control instructions: they leave the
 * recorded instruction pointer alone */
static bool is_control_reg(int opcode, int modrm)
{
    return (opcode == 0xdf && modrm == 0xe0) || (opcode == 0xdb && modrm >= 0xe0 && modrm <= 0xe7);
}

static bool gen_reg_form(DisasContext *s, int opcode)
{
    int reg = (s->modrm >> 3) & 7, i = s->modrm & 7;
    switch (opcode) {
    case 0xd8: case 0xdc: case 0xde: return gen_arith_reg(s, opcode, reg, i);
    case 0xd9: return gen_d9_reg(s, reg, i);
    case 0xdb:
        if (reg == 4)
            return gen_db_control(s, s->modrm);
        break;
    case 0xdf:
        if (s->modrm == 0xe0)
            return gen_fnstsw_ax(s);
        break;
    }
    return gen_other_reg(s, opcode, reg, i);
}

static bool gen_x87_reg(DisasContext *s, int opcode)
{
    if (!gen_reg_form(s, opcode))
        return false;
    if (!is_control_reg(opcode, s->modrm))
        gen_record_insn(s, opcode, TCGV_NONE);
    return true;
}

bool x86_translate_x87(DisasContext *s, int opcode)
{
    if (s->prefix & PREFIX_LOCK)
        return false;
    x86_decode_modrm(s);
    if (s->mod != 3)
        return gen_x87_mem(s, opcode);
    return gen_x87_reg(s, opcode);
}

/* translate_x87.c — the x87 instructions (opcodes D8-DF).
 *
 * Each instruction becomes a call of a helper in fpu_helper.c, which runs
 * the same instruction on the host's x87 for bit-exact results; in the
 * default control word, consecutive register forms (after a load, maybe)
 * become one call that runs them together (x87_run.c).  Memory
 * operands are loaded and stored here with guest memory ops, before the
 * helper changes anything and before any pop, so that a faulting access
 * leaves the x87 state as it was.  The helpers write only x87 fields of
 * env, never TCG globals, so guest registers need not be reloaded after
 * their calls.  Only the environment images (fldenv, frstor, fnstenv,
 * fnsave) access guest memory from a helper. */
#include <stddef.h>
#include <string.h>

#include "target/x86/fpu_helper.h"
#include "target/x86/translate_int.h"
#include "target/x86/x87_run.h"

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

/* ---- register operands ---- */

/* The register forms that are one helper call with constant arguments
 * are described as such (X87Call): emitted as a call, or run alone by a
 * run of x87 instructions (x87_run.c). */
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

/* fnstsw ax, fnclex and fninit are control instructions: they leave the
 * recorded instruction pointer alone */
static bool is_control_reg(int opcode, int modrm)
{
    return (opcode == 0xdf && modrm == 0xe0) || (opcode == 0xdb && modrm >= 0xe0 && modrm <= 0xe7);
}

/* ---- runs of x87 instructions (x87_run.c) ----
 * A register form that the next instruction may follow into a run, or a
 * load from memory followed by one, starts a run: one call of
 * helper_x87_run.  Each following member that can join (nothing but
 * instruction starts was emitted since the call) replaces the call's
 * descriptor by the longer run and emits nothing itself.  The call thus
 * always covers exactly the members this block translated, wherever the
 * block ends.  Runs depend on the default control word (HF_X87_NONDEF
 * clear): a block ends after an instruction that may change it. */

static bool runs_allowed(DisasContext *s)
{
    return !(s->env->hflags & HF_X87_NONDEF) && !s->prefix && !s->rex_present;
}

static uint32_t fop_of(int opcode, int modrm) { return ((uint32_t)(opcode & 7) << 8) | (uint32_t)modrm; }

static bool describe_member(int opcode, int modrm, X87Member *m)
{
    memset(m, 0, sizeof(*m));
    m->opcode = (uint8_t)opcode;
    m->modrm = (uint8_t)modrm;
    m->load = X87_RUN_NO_LOAD;
    m->eflags = describe_fcomi(opcode, modrm, &m->alone);
    return m->eflags || describe_reg_form(opcode, modrm, &m->alone);
}

/* The length of the NOP at b (90, or 0F 1F /0 and its address bytes,
 * after 66 and 2E prefixes: what compilers pad loops with), else 0. */
static int nop_length(const uint8_t *b, int n)
{
    int i = 0;
    while (i < 4 && i < n && (b[i] == 0x66 || b[i] == 0x2e))
        i++;
    if (i < n && b[i] == 0x90)
        return i + 1;
    if (i + 3 >= n || b[i] != 0x0f || b[i + 1] != 0x1f || ((b[i + 2] >> 3) & 7))
        return 0;
    int mod = b[i + 2] >> 6, rm = b[i + 2] & 7, len = i + 3;
    if (mod != 3 && rm == 4 && (b[len++] & 7) == 5 && mod == 0)
        len += 4; /* SIB without base */
    if (mod == 0 && rm == 5)
        len += 4;
    else if (mod == 1)
        len += 1;
    else if (mod == 2)
        len += 4;
    return len <= n ? len : 0;
}

/* A register form that may join a run comes next (after NOPs, which
 * emit nothing). */
static bool next_may_join(DisasContext *s)
{
    uint8_t b[32];
    X87Member m;
    uint64_t room = ((s->pc | 4095) + 1) - s->pc; /* not past the page: it may not be mapped */
    int n = room < sizeof(b) ? (int)room : (int)sizeof(b), at = 0, len;
    if (!guest_code_read(s->env, s->pc, b, (size_t)n))
        return false;
    for (int nops = 0; nops < 3 && (len = nop_length(b + at, n - at)) > 0; nops++)
        at += len;
    return at + 1 < n && b[at] >= 0xd8 && b[at] <= 0xdf && b[at + 1] >= 0xc0 && describe_member(b[at], b[at + 1], &m);
}

/* The call of the run the previous instruction belongs to, if any.
 * Between them may only come instruction starts and what the core
 * decoder adds between instructions (a move of the lazy-flags state):
 * nothing that the run's earlier execution could change. */
static bool passes_run(const TCGOp *op)
{
    return op->opc == INDEX_op_insn_start || op->opc == INDEX_op_discard || op->opc == INDEX_op_nop ||
           op->opc == INDEX_op_mov;
}

static TCGOp *open_run(DisasContext *s)
{
    TCGContext *t = s->tcg;
    for (int k = t->nb_ops - 1; k >= 0; k--) {
        TCGOp *op = &t->ops[k];
        if (passes_run(op))
            continue;
        if (op->opc == INDEX_op_call && op->args[op->nb_oargs + op->nb_iargs] == (TCGArg)(uintptr_t)helper_x87_run)
            return op;
        return NULL;
    }
    return NULL;
}

/* helper_x87_run(env, run, pc, fop): the arguments after env */
static void set_run_args(DisasContext *s, TCGOp *call, const X87Run *r, int opcode)
{
    TCGContext *t = s->tcg;
    TCGArg *in = call->args + call->nb_oargs;
    in[1] = tcg_constant_i64(t, (uintptr_t)r);
    in[2] = tcg_constant_i64(t, s->pc_start);
    in[3] = c32(s, fop_of(opcode, s->modrm));
}

static const X87Run *run_of(DisasContext *s, const TCGOp *call)
{
    return (const X87Run *)(uintptr_t)tcg_temp(s->tcg, (TCGv)call->args[call->nb_oargs + 1])->val;
}

/* the call's result: the EFLAGS of an fcomi-like member */
static void gen_run_call(DisasContext *s, const X87Run *r, int opcode)
{
    CALL_RET(s, helper_x87_run, new_i64(s), c32(s, 0), c32(s, 0), c32(s, 0));
    TCGContext *t = s->tcg;
    set_run_args(s, &t->ops[t->nb_ops - 1], r, opcode);
}

static bool gen_run_member(DisasContext *s, int opcode)
{
    X87Member m;
    if (!runs_allowed(s) || !describe_member(opcode, s->modrm, &m))
        return false;
    TCGOp *call = open_run(s);
    const X87Run *r = call ? x87_run_extend(run_of(s, call), &m) : NULL;
    if (r) {
        set_run_args(s, call, r, opcode);
    } else {
        if (!next_may_join(s) || !(r = x87_run_start(&m)))
            return false;
        gen_run_call(s, r, opcode);
        call = &s->tcg->ops[s->tcg->nb_ops - 1];
    }
    if (m.eflags)
        gen_set_fcomi_flags(s, (TCGv)call->args[0]);
    return true;
}

/* fld m32/m64/m80, fild m16/m32/m64 as a run's first member: the operand
 * goes to env->ft0 before the call, so that a fault leaves all as it was */
static bool gen_run_load(DisasContext *s, int opcode, int op, TCGv addr)
{
    static const struct { uint8_t op, load; MemOp mop; } loads[] = {
        { 0x08, X87_RUN_F32, MO_UL }, { 0x28, X87_RUN_F64, MO_UQ }, { 0x1d, X87_RUN_F80, MO_UQ },
        { 0x38, X87_RUN_I16, MO_SW }, { 0x18, X87_RUN_I32, MO_SL }, { 0x3d, X87_RUN_I64, MO_UQ },
    };
    unsigned k = 0;
    while (k < sizeof(loads) / sizeof(loads[0]) && loads[k].op != op)
        k++;
    if (k == sizeof(loads) / sizeof(loads[0]) || !runs_allowed(s) || !next_may_join(s))
        return false;
    X87Member m = { .opcode = (uint8_t)opcode, .modrm = (uint8_t)s->modrm, .load = loads[k].load };
    const X87Run *r = x87_run_start(&m);
    if (!r)
        return false;
    TCGContext *t = s->tcg;
    size_t ft0 = offsetof(CPUX86State, ft0);
    tcg_gen_st(t, INDEX_op_st, gen_load(s, addr, loads[k].mop), env_of(s), ft0);
    if (loads[k].load == X87_RUN_F80)
        tcg_gen_st(t, INDEX_op_st16, gen_load(s, addr_plus(s, addr, 8), MO_UW), env_of(s), ft0 + 8);
    tcg_gen_st(t, INDEX_op_st, addr, env_of(s), offsetof(CPUX86State, fpdp));
    gen_run_call(s, r, opcode);
    return true;
}

/* fldcw, fldenv, frstor may leave the default control word that the
 * block's runs were translated for: the next block is looked up afresh */
static bool may_change_control_word(int op) { return op == 0x0d || op == 0x0c || op == 0x2c; }

static void gen_end_mode_change(DisasContext *s)
{
    if (!(s->env->hflags & HF_X87_NONDEF))
        gen_jmp_indirect(s, tcg_constant_i64(s->tcg, s->pc));
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
    if (gen_run_load(s, opcode, op, addr))
        return true;
    if (!(opcode & 1)) /* D8, DA, DC, DE: arithmetic */
        gen_arith_mem(s, op & 7, arith_fmt[(opcode >> 1) & 3], addr);
    else if (!gen_mem_move(s, op, addr))
        return false;
    if (!is_control_mem(op))
        gen_record_insn(s, opcode, addr);
    if (may_change_control_word(op))
        gen_end_mode_change(s);
    return true;
}

static bool gen_reg_form(DisasContext *s, int opcode)
{
    int reg = (s->modrm >> 3) & 7, i = s->modrm & 7;
    X87Call c;
    if (describe_reg_form(opcode, s->modrm, &c)) {
        gen_described(s, &c);
        return true;
    }
    if (opcode == 0xdb && reg == 4)
        return gen_db_control(s, s->modrm);
    if (opcode == 0xdf && s->modrm == 0xe0)
        return gen_fnstsw_ax(s);
    return gen_other_reg(s, opcode, reg, i);
}

static bool gen_x87_reg(DisasContext *s, int opcode)
{
    if (gen_run_member(s, opcode))
        return true;
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

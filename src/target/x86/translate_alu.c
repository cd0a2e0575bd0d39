/* translate_alu.c — integer arithmetic: the eight ALU ops, inc/dec,
 * not/neg, test, mul/imul/div/idiv, shifts and rotates, shld/shrd.
 *
 * Operands are zero-extended i64 temps; results are masked to the operand
 * size before they reach the lazy-flags globals, which is what the fast
 * condition paths in translate.c rely on.  Guest state (memory, registers,
 * lazy flags) is written after the last access that can fault, so a fault
 * leaves the instruction undone.  LOCK forms use atomic IR ops, with a
 * compare-and-swap loop for operations that have no atomic op of their own. */
#include "target/x86/translate_int.h"

/* ---- atomic read-modify-write ---- */

typedef void (*RmwFn)(DisasContext *s, MemOp ot, TCGv ret, TCGv old, TCGv arg, TCGv arg2);

/* Run ret = fn(old, arg, arg2) atomically on memory at addr: returns the
 * old value, and the new one in *newv.  The loop has a label, so *arg and
 * *arg2 are replaced by block-lived copies the caller may use after it. */
static TCGv gen_locked_rmw(DisasContext *s, MemOp ot, TCGv addr, RmwFn fn, TCGv *arg, TCGv *arg2, TCGv *newv)
{
    TCGContext *t = s->tcg;
    gen_before_mid_label(s);
    TCGv a = tmp_tb(s), x = tmp_tb(s), x2 = tmp_tb(s), old = tmp_tb(s), n = tmp_tb(s);
    tcg_gen_mov(t, a, addr);
    tcg_gen_mov(t, x, *arg);
    tcg_gen_mov(t, x2, *arg2 != TCGV_NONE ? *arg2 : cst(s, 0));
    gen_ld(s, ot, old, a);
    int again = tcg_new_label(t);
    tcg_gen_set_label(t, again);
    TCGv cur = tmp(s), prev = tmp(s);
    fn(s, ot, n, old, x, x2);
    tcg_gen_atomic_cmpxchg(t, cur, a, old, n, ot, x86_mmu_idx(s));
    tcg_gen_mov(t, prev, old);
    tcg_gen_mov(t, old, cur);
    tcg_gen_brcond(t, TCG_COND_NE, cur, prev, again);
    *arg = x;
    if (*arg2 != TCGV_NONE)
        *arg2 = x2;
    *newv = n;
    return old;
}

static void rmw_alu(DisasContext *s, MemOp ot, TCGv r, TCGv a, TCGv b, TCGv c, int op)
{
    TCGContext *t = s->tcg;
    switch (op) {
    case OP_ADD: tcg_gen_add(t, r, a, b); break;
    case OP_ADC: tcg_gen_add(t, r, a, b); tcg_gen_add(t, r, r, c); break;
    case OP_SUB: case OP_CMP: tcg_gen_sub(t, r, a, b); break;
    case OP_SBB: tcg_gen_sub(t, r, a, b); tcg_gen_sub(t, r, r, c); break;
    case OP_AND: tcg_gen_and(t, r, a, b); return;
    case OP_OR: tcg_gen_or(t, r, a, b); return;
    default: tcg_gen_xor(t, r, a, b); return;
    }
    gen_ext(s, ot, r, r);
}

#define RMW_OP(name, op)                                                              \
    static void rmw_##name(DisasContext *s, MemOp ot, TCGv r, TCGv a, TCGv b, TCGv c) \
    {                                                                                 \
        rmw_alu(s, ot, r, a, b, c, op);                                               \
    }
RMW_OP(adc, OP_ADC)
RMW_OP(sbb, OP_SBB)
RMW_OP(and, OP_AND)
RMW_OP(or, OP_OR)
RMW_OP(xor, OP_XOR)
#undef RMW_OP

static void rmw_neg(DisasContext *s, MemOp ot, TCGv r, TCGv a, TCGv b, TCGv c)
{
    (void)b, (void)c;
    tcg_gen_neg(s->tcg, r, a);
    gen_ext(s, ot, r, r);
}

static void rmw_not(DisasContext *s, MemOp ot, TCGv r, TCGv a, TCGv b, TCGv c)
{
    (void)b, (void)c;
    tcg_gen_not(s->tcg, r, a);
    gen_ext(s, ot, r, r);
}

/* locked add of addend to memory: returns old, new value in *newv */
static TCGv gen_locked_add(DisasContext *s, MemOp ot, TCGv addr, TCGv addend, TCGv *newv)
{
    TCGv old = tmp(s), n = tmp(s);
    tcg_gen_atomic_fetch_add(s->tcg, old, addr, addend, ot, x86_mmu_idx(s));
    tcg_gen_add(s->tcg, n, old, addend);
    gen_ext(s, ot, n, n);
    *newv = n;
    return old;
}

/* ---- the eight ALU ops ---- */

static void gen_alu_cc(DisasContext *s, int op, MemOp ot, TCGv a, TCGv r, TCGv src, TCGv carry)
{
    TCGContext *t = s->tcg;
    switch (op) {
    case OP_ADD: gen_set_cc(s, CC_OP_ADDB + ot, r, src); break;
    case OP_SUB:
    case OP_CMP:
        tcg_gen_mov(t, cc_srcT(s), a);
        gen_set_cc(s, CC_OP_SUBB + ot, r, src);
        break;
    case OP_ADC:
    case OP_SBB:
        gen_set_cc_src2(s, carry);
        gen_set_cc(s, (op == OP_ADC ? CC_OP_ADCB : CC_OP_SBBB) + ot, r, src);
        break;
    default: gen_set_cc(s, CC_OP_LOGICB + ot, r, TCGV_NONE); break;
    }
}

static void gen_alu_locked(DisasContext *s, int op, MemOp ot, TCGv addr, TCGv src, TCGv carry)
{
    TCGv old, r;
    switch (op) {
    case OP_ADD: old = gen_locked_add(s, ot, addr, src, &r); break;
    case OP_SUB: {
        TCGv neg = tmp(s);
        tcg_gen_neg(s->tcg, neg, src);
        old = gen_locked_add(s, ot, addr, neg, &r);
        break;
    }
    case OP_ADC: old = gen_locked_rmw(s, ot, addr, rmw_adc, &src, &carry, &r); break;
    case OP_SBB: old = gen_locked_rmw(s, ot, addr, rmw_sbb, &src, &carry, &r); break;
    case OP_AND: old = gen_locked_rmw(s, ot, addr, rmw_and, &src, &carry, &r); break;
    case OP_OR: old = gen_locked_rmw(s, ot, addr, rmw_or, &src, &carry, &r); break;
    default: old = gen_locked_rmw(s, ot, addr, rmw_xor, &src, &carry, &r); break;
    }
    gen_alu_cc(s, op, ot, old, r, src, carry);
}

void gen_alu(DisasContext *s, int op, MemOp ot, TCGv addr, int dreg, TCGv src, TCGv carry)
{
    if (s->prefix & PREFIX_LOCK) {
        gen_alu_locked(s, op, ot, addr, src, carry);
        return;
    }
    TCGv a = tmp(s), r = tmp(s);
    if (addr != TCGV_NONE)
        gen_ld(s, ot, a, addr);
    else
        x86_gen_load_reg(s, ot, a, dreg);
    rmw_alu(s, ot, r, a, src, carry, op);
    if (op != OP_CMP) {
        if (addr != TCGV_NONE)
            gen_st(s, ot, r, addr);
        else
            x86_gen_store_reg(s, ot, dreg, r);
    }
    gen_alu_cc(s, op, ot, a, r, src, carry);
}

void gen_test(DisasContext *s, MemOp ot, TCGv a, TCGv b)
{
    TCGv r = tmp(s);
    tcg_gen_and(s->tcg, r, a, b);
    gen_set_cc(s, CC_OP_LOGICB + ot, r, TCGV_NONE);
}

void gen_incdec(DisasContext *s, MemOp ot, TCGv addr, int reg, bool dec, TCGv carry)
{
    TCGv r;
    if (s->prefix & PREFIX_LOCK) {
        gen_locked_add(s, ot, addr, cst(s, dec ? ~0ull : 1), &r);
    } else {
        TCGv a = tmp(s);
        r = tmp(s);
        if (addr != TCGV_NONE)
            gen_ld(s, ot, a, addr);
        else
            x86_gen_load_reg(s, ot, a, reg);
        tcg_gen_addi(s->tcg, r, a, dec ? -1 : 1);
        gen_ext(s, ot, r, r);
        if (addr != TCGV_NONE)
            gen_st(s, ot, r, addr);
        else
            x86_gen_store_reg(s, ot, reg, r);
    }
    gen_set_cc(s, (dec ? CC_OP_DECB : CC_OP_INCB) + ot, r, carry);
}

/* ---- group 3: test/not/neg/mul/imul/div/idiv ---- */

static void gen_not_neg(DisasContext *s, MemOp ot, TCGv addr, bool neg)
{
    TCGv a, r;
    if (s->prefix & PREFIX_LOCK) {
        TCGv unused = cst(s, 0), none = TCGV_NONE;
        a = gen_locked_rmw(s, ot, addr, neg ? rmw_neg : rmw_not, &unused, &none, &r);
    } else {
        a = tmp(s);
        r = tmp(s);
        gen_ld_rm(s, ot, a, addr);
        if (neg)
            rmw_neg(s, ot, r, a, TCGV_NONE, TCGV_NONE);
        else
            rmw_not(s, ot, r, a, TCGV_NONE, TCGV_NONE);
        gen_st_rm(s, ot, addr, r);
    }
    if (neg) {
        tcg_gen_movi(s->tcg, cc_srcT(s), 0);
        gen_set_cc(s, CC_OP_SUBB + ot, r, a);
    }
}

/* mul/imul with rAX: the double-width product into rDX:rAX (AX for bytes) */
static void gen_mul_ax(DisasContext *s, MemOp ot, TCGv src, bool sign)
{
    TCGContext *t = s->tcg;
    TCGv a = tmp(s), lo = tmp(s), hi = tmp(s);
    x86_gen_load_reg(s, ot, a, R_EAX);
    if (ot == MO_64) {
        if (sign) {
            tcg_gen_muls2(t, lo, hi, a, src);
        } else {
            tcg_gen_mulu2(t, lo, hi, a, src);
        }
        tcg_gen_mov(t, G.regs[R_EAX], lo);
        tcg_gen_mov(t, G.regs[R_EDX], hi);
        if (sign) {
            TCGv x = tmp(s);
            tcg_gen_sari(t, x, lo, 63);
            tcg_gen_sub(t, hi, hi, x);
        }
        gen_set_cc(s, CC_OP_MULQ, lo, hi);
        return;
    }
    TCGv p = tmp(s);
    if (sign) {
        TCGv b = tmp(s);
        gen_exts(s, ot, a, a);
        gen_exts(s, ot, b, src);
        tcg_gen_mul(t, p, a, b);
    } else {
        tcg_gen_mul(t, p, a, src);
    }
    unsigned bits = ot_bits(ot);
    gen_ext(s, ot, lo, p);
    if (ot == MO_8) {
        x86_gen_store_reg(s, MO_16, R_EAX, p);
    } else {
        tcg_gen_extract(t, hi, p, bits, bits);
        x86_gen_store_reg(s, ot, R_EAX, lo);
        x86_gen_store_reg(s, ot, R_EDX, hi);
    }
    /* nonzero iff the product does not fit the low half */
    if (sign) {
        TCGv x = tmp(s);
        gen_exts(s, ot, x, p);
        tcg_gen_sub(t, hi, p, x);
    } else {
        tcg_gen_shri(t, hi, p, bits);
    }
    gen_set_cc(s, CC_OP_MULB + ot, lo, hi);
}

void gen_imul3(DisasContext *s, MemOp ot, TCGv a, TCGv b, int dreg)
{
    TCGContext *t = s->tcg;
    TCGv lo = tmp(s), hi = tmp(s);
    if (ot == MO_64) {
        tcg_gen_muls2(t, lo, hi, a, b);
        x86_gen_store_reg(s, ot, dreg, lo);
        TCGv x = tmp(s);
        tcg_gen_sari(t, x, lo, 63);
        tcg_gen_sub(t, hi, hi, x);
        gen_set_cc(s, CC_OP_MULQ, lo, hi);
        return;
    }
    TCGv sa = tmp(s), sb = tmp(s), p = tmp(s);
    gen_exts(s, ot, sa, a);
    gen_exts(s, ot, sb, b);
    tcg_gen_mul(t, p, sa, sb);
    gen_ext(s, ot, lo, p);
    x86_gen_store_reg(s, ot, dreg, lo);
    gen_exts(s, ot, sa, p);
    tcg_gen_sub(t, hi, p, sa);
    gen_set_cc(s, CC_OP_MULB + ot, lo, hi);
}

static void gen_div_helper(DisasContext *s, MemOp ot, TCGv src, bool sign)
{
    static void (*const helpers[2][4])(CPUX86State *, uint64_t) = {
        { helper_divb, helper_divw, helper_divl, helper_divq },
        { helper_idivb, helper_idivw, helper_idivl, helper_idivq },
    };
    tcg_gen_calln(s->tcg, helpers[sign][ot], 0, TCGV_NONE, env_v(s), src);
}

/* 32/64-bit div and idiv: inline when the dividend fits one register
 * (rdx/edx only zero- or sign-extends rax/eax: known right after
 * cdq/cqo) and the divisor can neither fault nor overflow; the helper
 * takes the rest, #DE included. */
static void gen_div(DisasContext *s, MemOp ot, TCGv src, bool sign)
{
    TCGContext *t = s->tcg;
    if (ot < MO_32) {
        gen_div_helper(s, ot, src, sign);
        return;
    }
    TCGv d = tmp_tb(s), lo = tmp(s), hi = tmp(s), slow = tmp(s), x = tmp(s), q = tmp(s), r = tmp(s);
    tcg_gen_mov(t, d, src);
    x86_gen_load_reg(s, ot, lo, R_EAX);
    x86_gen_load_reg(s, ot, hi, R_EDX);
    /* the slow path's condition: slow != 0, or one compare */
    TCGCond slow_cond = TCG_COND_NE;
    TCGv slow_a = slow, slow_b = cst(s, 0);
    const bool dx_is_sign = sign && s->dx_is_ax_sign == 1 + (int)ot;
    if (sign) {
        TCGv sd = tmp(s);
        gen_exts(s, ot, lo, lo);
        gen_exts(s, ot, sd, d);
        tcg_gen_addi(t, x, sd, 1);              /* divisor 0 or -1 */
        if (dx_is_sign) {
            slow_cond = TCG_COND_LEU, slow_a = x, slow_b = cst(s, 1);
        } else {
            TCGv high = tmp(s);
            tcg_gen_setcond(t, TCG_COND_LEU, slow, x, cst(s, 1));
            tcg_gen_sari(t, high, lo, 63);
            gen_ext(s, ot, high, high);
            tcg_gen_setcond(t, TCG_COND_NE, x, hi, high);
            tcg_gen_or(t, slow, slow, x);
        }
    } else {
        tcg_gen_setcond(t, TCG_COND_NE, slow, hi, cst(s, 0));
        tcg_gen_setcond(t, TCG_COND_EQ, x, d, cst(s, 0));
        tcg_gen_or(t, slow, slow, x);
    }
    gen_before_mid_label(s);
    int l_slow = tcg_new_label(t), l_done = tcg_new_label(t);
    tcg_gen_brcond(t, slow_cond, slow_a, slow_b, l_slow);
    /* one host division gives both quotient and remainder */
    if (!sign) {
        tcg_gen_divu2(t, q, r, lo, cst(s, 0), d);
    } else if (ot == MO_64 && dx_is_sign) {
        tcg_gen_divs2(t, q, r, lo, hi, d); /* rdx: cqo's sign bits */
    } else {
        TCGv sd = tmp(s), sign_bits = tmp(s);
        gen_exts(s, ot, sd, d);
        tcg_gen_sari(t, sign_bits, lo, 63);
        tcg_gen_divs2(t, q, r, lo, sign_bits, sd);
    }
    x86_gen_store_reg(s, ot, R_EAX, q);
    x86_gen_store_reg(s, ot, R_EDX, r);
    tcg_gen_br(t, l_done);
    tcg_gen_set_label(t, l_slow);
    gen_div_helper(s, ot, d, sign);
    tcg_gen_set_label(t, l_done);
}

bool gen_grp3(DisasContext *s, MemOp ot)
{
    x86_decode_modrm(s);
    int op = (s->modrm >> 3) & 7;
    if (op <= 1)
        s->rip_offset = imm_size(ot);
    TCGv addr = gen_rm_addr(s);
    if (op == 2 || op == 3) {
        gen_not_neg(s, ot, addr, op == 3);
        return true;
    }
    TCGv v = tmp(s);
    gen_ld_rm(s, ot, v, addr);
    switch (op) {
    case 0: case 1: gen_test(s, ot, v, cst(s, insn_imm(s, ot) & ot_mask(ot))); break;
    case 4: gen_mul_ax(s, ot, v, false); break;
    case 5: gen_mul_ax(s, ot, v, true); break;
    default: gen_div(s, ot, v, op == 7); break;
    }
    return true;
}

/* ---- shifts and rotates ---- */

/* Flags of a shift by c (masked count): unchanged when c is 0. */
static void gen_shift_cc(DisasContext *s, CCOp op, TCGv r, TCGv sm1, TCGv c)
{
    TCGContext *t = s->tcg;
    if (tcg_temp(t, c)->kind == TEMP_CONST) {
        if (tcg_temp(t, c)->val != 0)
            gen_set_cc(s, op, r, sm1);
        return;
    }
    if (x86_flags_dead_after(s))
        return;
    TCGv zero = cst(s, 0);
    tcg_gen_movcond(t, TCG_COND_EQ, G.cc_dst, c, zero, G.cc_dst, r);
    tcg_gen_movcond(t, TCG_COND_EQ, G.cc_src, c, zero, G.cc_src, sm1);
    if (s->cc_op == op)
        return;
    TCGv c32 = tcg_temp_new(t, TCG_TYPE_I32);
    tcg_gen_extrl_i64_i32(t, c32, c);
    TCGv old_op = s->cc_op == CC_OP_DYNAMIC ? G.cc_op : tcg_constant_i32(t, s->cc_op);
    tcg_gen_movcond(t, TCG_COND_EQ, G.cc_op, c32, tcg_constant_i32(t, 0), old_op,
                    tcg_constant_i32(t, op));
    s->cc_op = CC_OP_DYNAMIC;
    s->cc_op_dirty = false;
}

static void gen_shift_val(DisasContext *s, int op, MemOp ot, TCGv r, TCGv a, TCGv c)
{
    TCGContext *t = s->tcg;
    if (op == 7) {
        TCGv sa = tmp(s);
        gen_exts(s, ot, sa, a);
        tcg_gen_sar(t, r, sa, c);
    } else if (op == 5) {
        tcg_gen_shr(t, r, a, c);
    } else {
        tcg_gen_shl(t, r, a, c);
    }
    gen_ext(s, ot, r, r);
}

static const uint64_t replicate[2] = { 0x0101010101010101ull, 0x0001000100010001ull }; /* MO_8, MO_16 */

static void gen_rot(TCGContext *t, bool right, TCGv r, TCGv a, TCGv c)
{
    if (right)
        tcg_gen_rotr(t, r, a, c);
    else
        tcg_gen_rotl(t, r, a, c);
}

/* r = a rotated by c, zero-extended from ot.  32 and 64 bits use the
 * host rotate of that width; 8 and 16 bits replicate the value across
 * 64 bits so that a 64-bit rotate brings the right bits to the bottom. */
static void gen_rotate_value(DisasContext *s, bool right, MemOp ot, TCGv r, TCGv a, TCGv c)
{
    TCGContext *t = s->tcg;
    if (ot == MO_64) {
        gen_rot(t, right, r, a, c);
    } else if (ot == MO_32) {
        TCGv a32 = tcg_temp_new(t, TCG_TYPE_I32), c32;
        tcg_gen_extrl_i64_i32(t, a32, a);
        if (tcg_temp(t, c)->kind == TEMP_CONST) {
            c32 = tcg_constant_i32(t, (uint32_t)tcg_temp(t, c)->val);
        } else {
            c32 = tcg_temp_new(t, TCG_TYPE_I32);
            tcg_gen_extrl_i64_i32(t, c32, c);
        }
        gen_rot(t, right, a32, a32, c32);
        tcg_gen_extu_i32_i64(t, r, a32);
    } else {
        TCGv x = tmp(s);
        tcg_gen_mul(t, x, a, cst(s, replicate[ot]));
        gen_rot(t, right, r, x, c);
        gen_ext(s, ot, r, r);
    }
}

/* rol/ror: CF and OF change (unless the count is 0), the rest stay */
static void gen_rotate(DisasContext *s, bool right, MemOp ot, TCGv addr, TCGv a, TCGv c)
{
    TCGContext *t = s->tcg;
    unsigned bits = ot_bits(ot);
    TCGv r = tmp(s);
    gen_rotate_value(s, right, ot, r, a, c);
    if (x86_flags_dead_after(s)) {
        gen_st_rm(s, ot, addr, r);
        return;
    }
    bool dynamic = tcg_temp(t, c)->kind != TEMP_CONST;
    /* a count of 0 keeps every flag; otherwise only CF and OF change */
    TCGv f = dynamic ? gen_eflags_tmp(s) : gen_szpa_tmp(s);
    gen_st_rm(s, ot, addr, r);
    TCGv cf = tmp(s), of = tmp(s);
    if (right) {
        tcg_gen_extract(t, cf, r, bits - 1, 1);
        tcg_gen_extract(t, of, r, bits - 2, 1);
    } else {
        tcg_gen_andi(t, cf, r, 1);
        tcg_gen_extract(t, of, r, bits - 1, 1);
    }
    tcg_gen_xor(t, of, of, cf);
    TCGv nf = tmp(s);
    tcg_gen_andi(t, nf, f, ~(uint64_t)(CC_C | CC_O));
    tcg_gen_or(t, nf, nf, cf);
    tcg_gen_shli(t, of, of, 11);
    tcg_gen_or(t, nf, nf, of);
    if (dynamic)
        tcg_gen_movcond(t, TCG_COND_EQ, nf, c, cst(s, 0), f, nf);
    tcg_gen_mov(t, G.cc_src, nf);
    x86_set_cc_op(s, CC_OP_EFLAGS);
}

static void gen_rotate_carry(DisasContext *s, bool right, MemOp ot, TCGv addr, TCGv a, TCGv c)
{
    TCGContext *t = s->tcg;
    TCGv f = gen_eflags_tmp(s);
    TCGv r = tmp(s), nf = tmp(s);
    uint64_t how = ot | (right ? 4 : 0);
    tcg_gen_calln(t, helper_rotc, TCG_CALL_NO_RWG_SE, r, a, c, f, cst(s, how));
    tcg_gen_calln(t, helper_rotc, TCG_CALL_NO_RWG_SE, nf, a, c, f, cst(s, how | 8));
    gen_st_rm(s, ot, addr, r);
    tcg_gen_mov(t, G.cc_src, nf);
    x86_set_cc_op(s, CC_OP_EFLAGS);
}

void gen_shift(DisasContext *s, int op, MemOp ot, TCGv addr, TCGv count)
{
    TCGContext *t = s->tcg;
    uint64_t mask = ot == MO_64 ? 63 : 31;
    TCGv c;
    if (tcg_temp(t, count)->kind == TEMP_CONST) {
        c = cst(s, (uint64_t)tcg_temp(t, count)->val & mask);
    } else {
        c = tmp(s);
        tcg_gen_andi(t, c, count, mask);
    }
    TCGv a = tmp(s);
    gen_ld_rm(s, ot, a, addr);
    bool const_zero = tcg_temp(t, c)->kind == TEMP_CONST && tcg_temp(t, c)->val == 0;
    if (const_zero) {
        /* no change; a 32-bit register is still written (zero-extended) */
        if (addr == TCGV_NONE)
            x86_gen_store_reg(s, ot, s->rm, a);
        return;
    }
    switch (op) {
    case 0: case 1: gen_rotate(s, op == 1, ot, addr, a, c); return;
    case 2: case 3: gen_rotate_carry(s, op == 3, ot, addr, a, c); return;
    default: break;
    }
    TCGv r = tmp(s), sm1 = tmp(s), cm1 = tmp(s);
    gen_shift_val(s, op, ot, r, a, c);
    tcg_gen_subi(t, cm1, c, 1);
    gen_shift_val(s, op, ot, sm1, a, cm1);
    gen_st_rm(s, ot, addr, r);
    gen_shift_cc(s, (op == 4 || op == 6 ? CC_OP_SHLB : CC_OP_SARB) + ot, r, sm1, c);
}

/* The shld/shrd value for count c (1..width-1; 0 gives d for 32/64 bits). */
static void gen_shiftd_val(DisasContext *s, MemOp ot, bool right, TCGv r, TCGv d, TCGv src, TCGv c)
{
    TCGContext *t = s->tcg;
    TCGv x = tmp(s), y = tmp(s);
    if (ot == MO_64) {
        /* the other half shifted by (64 - c), split so c = 0 needs no special case */
        TCGv k = tmp(s);
        tcg_gen_sub(t, k, cst(s, 63), c);
        if (right) {
            tcg_gen_shr(t, x, d, c);
            tcg_gen_shli(t, y, src, 1);
            tcg_gen_shl(t, y, y, k);
        } else {
            tcg_gen_shl(t, x, d, c);
            tcg_gen_shri(t, y, src, 1);
            tcg_gen_shr(t, y, y, k);
        }
        tcg_gen_or(t, r, x, y);
        return;
    }
    if (ot == MO_32) {
        if (right) {
            tcg_gen_shli(t, x, src, 32);
            tcg_gen_or(t, x, x, d);
            tcg_gen_shr(t, r, x, c);
            tcg_gen_ext32u(t, r, r);
        } else {
            tcg_gen_shli(t, x, d, 32);
            tcg_gen_or(t, x, x, src);
            tcg_gen_shl(t, x, x, c);
            tcg_gen_shri(t, r, x, 32);
        }
        return;
    }
    /* 16 bits: counts above 16 shift in d again after src, as hardware does */
    if (right) {
        tcg_gen_shli(t, x, src, 16);
        tcg_gen_or(t, x, x, d);
        tcg_gen_shli(t, y, d, 32);
        tcg_gen_or(t, x, x, y);
        tcg_gen_shr(t, r, x, c);
        tcg_gen_ext16u(t, r, r);
    } else {
        tcg_gen_shli(t, x, d, 48);
        tcg_gen_shli(t, y, src, 32);
        tcg_gen_or(t, x, x, y);
        tcg_gen_shli(t, y, d, 16);
        tcg_gen_or(t, x, x, y);
        tcg_gen_shl(t, x, x, c);
        tcg_gen_shri(t, r, x, 48);
    }
}

void gen_shiftd(DisasContext *s, MemOp ot, bool right, TCGv count)
{
    TCGContext *t = s->tcg;
    TCGv addr = gen_rm_addr(s);
    uint64_t mask = ot == MO_64 ? 63 : 31;
    TCGv c;
    if (count == TCGV_NONE) {
        c = cst(s, x86_ldub_code(s) & mask);
    } else {
        c = tmp(s);
        tcg_gen_andi(t, c, count, mask);
    }
    TCGv d = tmp(s), src = tmp(s);
    gen_ld_rm(s, ot, d, addr);
    x86_gen_load_reg(s, ot, src, s->reg);
    if (tcg_temp(t, c)->kind == TEMP_CONST && tcg_temp(t, c)->val == 0) {
        if (addr == TCGV_NONE)
            x86_gen_store_reg(s, ot, s->rm, d);
        return;
    }
    TCGv r = tmp(s), sm1 = tmp(s), cm1 = tmp(s);
    gen_shiftd_val(s, ot, right, r, d, src, c);
    tcg_gen_subi(t, cm1, c, 1);
    gen_shiftd_val(s, ot, right, sm1, d, src, cm1);
    if (tcg_temp(t, c)->kind != TEMP_CONST)
        tcg_gen_movcond(t, TCG_COND_EQ, r, c, cst(s, 0), d, r);
    gen_st_rm(s, ot, addr, r);
    gen_shift_cc(s, (right ? CC_OP_SARB : CC_OP_SHLB) + ot, r, sm1, c);
}

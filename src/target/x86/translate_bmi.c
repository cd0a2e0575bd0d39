/* translate_bmi.c — the VEX-encoded general-purpose instructions of BMI1
 * and BMI2: andn, bextr, blsi/blsmsk/blsr (BMI1); bzhi, mulx, pdep/pext,
 * rorx, sarx/shlx/shrx (BMI2).
 *
 * The VEX prefix itself is decoded here too: tern implements no AVX, so
 * every other VEX encoding is #UD.  Operands are 32 or 64 bits (VEX.W);
 * 32-bit results zero-extend as usual.  The flags these set map onto the
 * existing lazy kinds (LOGIC, BMILG). */
#include "target/x86/translate_int.h"

typedef struct Vex {
    int map;    /* 1: 0F, 2: 0F38, 3: 0F3A */
    int pp;     /* 0: none, 1: 66, 2: F3, 3: F2 */
    int l;
    int vvvv;   /* the extra register operand */
} Vex;

/* C4/C5 and what follows up to the opcode; false if not decodable here */
static bool decode_vex(DisasContext *s, int b, Vex *v)
{
    if ((s->prefix & (PREFIX_REPZ | PREFIX_REPNZ | PREFIX_LOCK | PREFIX_DATA)) || s->rex_present)
        return false;
    int b1 = x86_ldub_code(s);
    int last;
    s->rex_r = (b1 & 0x80) ? 0 : 8;
    if (b == 0xc5) {
        s->rex_x = s->rex_b = 0;
        s->rex_w = 0;
        v->map = 1;
        last = b1;
    } else {
        s->rex_x = (b1 & 0x40) ? 0 : 8;
        s->rex_b = (b1 & 0x20) ? 0 : 8;
        v->map = b1 & 0x1f;
        last = x86_ldub_code(s);
        s->rex_w = (last >> 7) & 1;
    }
    v->vvvv = (~last >> 3) & 15;
    v->l = (last >> 2) & 1;
    v->pp = last & 3;
    s->rex_present = true;
    s->dflag = s->rex_w ? MO_64 : MO_32;
    return true;
}

static bool has_bmi(DisasContext *s, uint32_t bit)
{
    return (s->env->cpuid_7_ebx & bit) != 0;
}

static void gen_bextr(DisasContext *s, MemOp ot, TCGv dst, TCGv src, TCGv ctl)
{
    TCGContext *t = s->tcg;
    unsigned bits = ot_bits(ot);
    TCGv start = tmp(s), len = tmp(s), x = tmp(s), mask = tmp(s);
    tcg_gen_extract(t, start, ctl, 0, 8);
    tcg_gen_extract(t, len, ctl, 8, 8);
    /* start past the operand: 0; len at or past the width: all bits */
    tcg_gen_shr(t, x, src, start);
    tcg_gen_movcond(t, TCG_COND_GEU, x, start, cst(s, bits), cst(s, 0), x);
    tcg_gen_shl(t, mask, cst(s, ~0ull), len);
    tcg_gen_andc(t, dst, x, mask);
    tcg_gen_movcond(t, TCG_COND_GEU, dst, len, cst(s, 64), x, dst);
    gen_ext(s, ot, dst, dst);
}

/* bzhi: also returns the BMILG source that makes CF = (index >= width) */
static TCGv gen_bzhi(DisasContext *s, MemOp ot, TCGv dst, TCGv src, TCGv idx)
{
    TCGContext *t = s->tcg;
    TCGv n = tmp(s), mask = tmp(s), in_range = tmp(s);
    tcg_gen_ext8u(t, n, idx);
    tcg_gen_setcond(t, TCG_COND_LTU, in_range, n, cst(s, ot_bits(ot)));
    tcg_gen_shl(t, mask, cst(s, ~0ull), n);
    tcg_gen_andc(t, dst, src, mask);
    tcg_gen_movcond(t, TCG_COND_NE, dst, in_range, cst(s, 0), dst, src);
    return in_range;
}

/* 0F38 F3 /1 /2 /3: blsr, blsmsk, blsi into vvvv */
static bool gen_bls(DisasContext *s, MemOp ot, const Vex *v, TCGv src)
{
    TCGContext *t = s->tcg;
    TCGv r = tmp(s), m1 = tmp(s), cf_src = src;
    switch ((s->modrm >> 3) & 7) {
    case 1:     /* blsr: CF = (src == 0) */
        tcg_gen_subi(t, m1, src, 1);
        tcg_gen_and(t, r, src, m1);
        break;
    case 2:     /* blsmsk: CF = (src == 0) */
        tcg_gen_subi(t, m1, src, 1);
        tcg_gen_xor(t, r, src, m1);
        break;
    case 3:     /* blsi: CF = (src != 0), so BMILG sees (src == 0) */
        tcg_gen_neg(t, m1, src);
        tcg_gen_and(t, r, src, m1);
        cf_src = tmp(s);
        tcg_gen_setcond(t, TCG_COND_EQ, cf_src, src, cst(s, 0));
        break;
    default:
        return false;
    }
    gen_ext(s, ot, r, r);
    x86_gen_store_reg(s, ot, v->vvvv, r);
    gen_set_cc(s, CC_OP_BMILGB + ot, r, cf_src);
    return true;
}

static void gen_mulx(DisasContext *s, MemOp ot, const Vex *v, TCGv src)
{
    TCGContext *t = s->tcg;
    TCGv a = tmp(s), lo = tmp(s), hi = tmp(s);
    x86_gen_load_reg(s, ot, a, R_EDX);
    if (ot == MO_64) {
        tcg_gen_mulu2(t, lo, hi, a, src);
    } else {
        tcg_gen_mul(t, lo, a, src);
        tcg_gen_shri(t, hi, lo, 32);
    }
    /* the low half first: with both destinations equal, the high half wins */
    x86_gen_store_reg(s, ot, v->vvvv, lo);
    x86_gen_store_reg(s, ot, s->reg, hi);
}

static bool gen_map38(DisasContext *s, const Vex *v, int op, MemOp ot, TCGv src)
{
    TCGContext *t = s->tcg;
    TCGv other = tmp(s), r = tmp(s);
    x86_gen_load_reg(s, ot, other, v->vvvv);
    switch (op | v->pp << 8) {
    case 0xf2:      /* andn: ~vvvv & r/m */
        if (!has_bmi(s, CPUID_7_EBX_BMI1))
            return false;
        tcg_gen_andc(t, r, src, other);
        x86_gen_store_reg(s, ot, s->reg, r);
        gen_set_cc(s, CC_OP_LOGICB + ot, r, TCGV_NONE);
        return true;
    case 0xf3:
        return has_bmi(s, CPUID_7_EBX_BMI1) && gen_bls(s, ot, v, src);
    case 0xf7:      /* bextr */
        if (!has_bmi(s, CPUID_7_EBX_BMI1))
            return false;
        gen_bextr(s, ot, r, src, other);
        x86_gen_store_reg(s, ot, s->reg, r);
        gen_set_cc(s, CC_OP_LOGICB + ot, r, TCGV_NONE);
        return true;
    default:
        break;
    }
    if (!has_bmi(s, CPUID_7_EBX_BMI2))
        return false;
    switch (op | v->pp << 8) {
    case 0xf5: {    /* bzhi */
        TCGv in_range = gen_bzhi(s, ot, r, src, other);
        x86_gen_store_reg(s, ot, s->reg, r);
        gen_set_cc(s, CC_OP_BMILGB + ot, r, in_range);
        return true;
    }
    case 0x2f5: case 0x3f5:     /* pext (F3), pdep (F2) */
        tcg_gen_calln(t, v->pp == 2 ? helper_pext : helper_pdep, TCG_CALL_NO_RWG_SE, r, other, src);
        gen_ext(s, ot, r, r);
        x86_gen_store_reg(s, ot, s->reg, r);
        return true;
    case 0x3f6:     /* mulx */
        gen_mulx(s, ot, v, src);
        return true;
    case 0x1f7: case 0x2f7: case 0x3f7: {   /* shlx (66), sarx (F3), shrx (F2) */
        TCGv c = tmp(s);
        tcg_gen_andi(t, c, other, ot_bits(ot) - 1);
        if (v->pp == 1) {
            tcg_gen_shl(t, r, src, c);
        } else if (v->pp == 2) {
            gen_exts(s, ot, r, src);
            tcg_gen_sar(t, r, r, c);
        } else {
            tcg_gen_shr(t, r, src, c);
        }
        gen_ext(s, ot, r, r);
        x86_gen_store_reg(s, ot, s->reg, r);
        return true;
    }
    default:
        return false;
    }
}

/* rorx: rotate right by an immediate, no flags */
static bool gen_rorx(DisasContext *s, MemOp ot)
{
    TCGContext *t = s->tcg;
    if (!has_bmi(s, CPUID_7_EBX_BMI2))
        return false;
    s->rip_offset = 1;
    TCGv addr = gen_rm_addr(s);
    TCGv v = tmp(s), r = tmp(s);
    gen_ld_rm(s, ot, v, addr);
    unsigned n = x86_ldub_code(s) & (ot_bits(ot) - 1);
    if (ot == MO_64) {
        tcg_gen_rotr(t, r, v, cst(s, n));
    } else {
        tcg_gen_shli(t, r, v, 32);
        tcg_gen_or(t, r, r, v);
        tcg_gen_shri(t, r, r, n);
        tcg_gen_ext32u(t, r, r);
    }
    x86_gen_store_reg(s, ot, s->reg, r);
    return true;
}

bool gen_vex(DisasContext *s, int b)
{
    Vex v;
    if (!decode_vex(s, b, &v))
        return false;
    int op = x86_ldub_code(s);
    if (v.l != 0 || (v.map != 2 && v.map != 3))
        return false;
    MemOp ot = s->dflag;
    x86_decode_modrm(s);
    if (v.map == 3)
        return op == 0xf0 && v.pp == 3 && v.vvvv == 0 && gen_rorx(s, ot); /* vvvv unused: must be 1111b */
    if (op < 0xf2 || op > 0xf7 || op == 0xf4)
        return false;
    TCGv addr = gen_rm_addr(s);
    TCGv src = tmp(s);
    gen_ld_rm(s, ot, src, addr);
    return gen_map38(s, &v, op, ot, src);
}

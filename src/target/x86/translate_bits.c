/* translate_bits.c — bit and exchange instructions: bt/bts/btr/btc,
 * bsf/bsr/tzcnt/lzcnt/popcnt, bswap/movbe, xchg/xadd/cmpxchg and
 * cmpxchg8b/cmpxchg16b.
 *
 * Memory forms that the architecture makes atomic (xchg always, the rest
 * with LOCK) use the atomic IR ops; cmpxchg on memory is always emitted
 * as an atomic compare-and-swap, which is also a correct plain one. */
#include "target/x86/translate_int.h"

/* Set CF = cf (0/1), keep ZF (the one flag bt* define besides CF). */
static void gen_set_cf_keep_zf(DisasContext *s, TCGv cf)
{
    TCGContext *t = s->tcg;
    CCOp op = s->cc_op;
    if (op >= CC_OP_ADDB && op <= CC_OP_BMILGQ) {
        /* every sized kind derives ZF from cc_dst: keep it, and let a
         * SAR kind of the same size read CF from bit 0 of cc_src */
        tcg_gen_mov(t, G.cc_src, cf);
        x86_set_cc_op(s, CC_OP_SARB + ((op - CC_OP_ADDB) & 3));
        return;
    }
    TCGv f = gen_eflags_tmp(s);
    TCGv nf = tmp(s);
    tcg_gen_andi(t, nf, f, ~(uint64_t)CC_C);
    tcg_gen_or(t, G.cc_src, nf, cf);
    x86_set_cc_op(s, CC_OP_EFLAGS);
}

/* the same atomic loop as the ALU's, for the bit ops (mask: a block-lived temp) */
static TCGv gen_locked_bitop(DisasContext *s, MemOp ot, TCGv addr, int op, TCGv mask)
{
    TCGContext *t = s->tcg;
    gen_before_mid_label(s);
    TCGv a = tmp_tb(s), old = tmp_tb(s), m = mask;
    tcg_gen_mov(t, a, addr);
    gen_ld(s, ot, old, a);
    int again = tcg_new_label(t);
    tcg_gen_set_label(t, again);
    TCGv n = tmp(s), cur = tmp(s), prev = tmp(s);
    switch (op) {
    case 1: tcg_gen_or(t, n, old, m); break;
    case 2: tcg_gen_andc(t, n, old, m); break;
    default: tcg_gen_xor(t, n, old, m); break;
    }
    tcg_gen_atomic_cmpxchg(t, cur, a, old, n, ot, x86_mmu_idx(s));
    tcg_gen_mov(t, prev, old);
    tcg_gen_mov(t, old, cur);
    tcg_gen_brcond(t, TCG_COND_NE, cur, prev, again);
    return old;
}

bool gen_bt(DisasContext *s, int op, bool imm)
{
    TCGContext *t = s->tcg;
    MemOp ot = s->dflag;
    unsigned bits = ot_bits(ot);
    if (imm)
        s->rip_offset = 1;
    TCGv addr = gen_rm_addr(s);
    TCGv bit = tmp(s);
    if (imm) {
        tcg_gen_movi(t, bit, x86_ldub_code(s) & (bits - 1));
    } else {
        TCGv off = tmp(s);
        x86_gen_load_reg(s, ot, off, s->reg);
        if (addr != TCGV_NONE) {
            /* the bit offset is signed and may leave the addressed operand */
            TCGv disp = tmp(s);
            gen_exts(s, ot, disp, off);
            tcg_gen_sari(t, disp, disp, 3 + ot);
            tcg_gen_shli(t, disp, disp, ot);
            tcg_gen_add(t, addr, addr, disp);
        }
        tcg_gen_andi(t, bit, off, bits - 1);
    }
    TCGv val = tmp(s), cf = tmp(s);
    if (op != 0 && (s->prefix & PREFIX_LOCK)) {
        TCGv m = tmp_tb(s);
        tcg_gen_shl(t, m, cst(s, 1), bit);
        val = gen_locked_bitop(s, ot, addr, op, m);
        /* past the loop's label only block-lived temps remain */
        tcg_gen_and(t, cf, val, m);
        tcg_gen_setcond(t, TCG_COND_NE, cf, cf, cst(s, 0));
        gen_set_cf_keep_zf(s, cf);
        return true;
    }
    gen_ld_rm(s, ot, val, addr);
    if (op != 0) {
        TCGv m = tmp(s), r = tmp(s);
        tcg_gen_shl(t, m, cst(s, 1), bit);
        switch (op) {
        case 1: tcg_gen_or(t, r, val, m); break;
        case 2: tcg_gen_andc(t, r, val, m); break;
        default: tcg_gen_xor(t, r, val, m); break;
        }
        gen_st_rm(s, ot, addr, r);
    }
    tcg_gen_shr(t, cf, val, bit);
    tcg_gen_andi(t, cf, cf, 1);
    gen_set_cf_keep_zf(s, cf);
    return true;
}

/* bsf/bsr: the destination is left alone for a zero source */
static void gen_bsf_bsr(DisasContext *s, MemOp ot, TCGv src, bool reverse)
{
    TCGContext *t = s->tcg;
    TCGv r = tmp(s);
    if (reverse) {
        tcg_gen_clz(t, r, src, cst(s, 64));
        tcg_gen_xori(t, r, r, 63);
    } else {
        tcg_gen_ctz(t, r, src, cst(s, 64));
    }
    TCGv full = tmp(s);
    if (ot == MO_16)
        tcg_gen_deposit(t, full, G.regs[s->reg], r, 0, 16);
    else
        tcg_gen_mov(t, full, r);
    tcg_gen_movcond(t, TCG_COND_EQ, G.regs[s->reg], src, cst(s, 0), G.regs[s->reg], full);
    gen_set_cc(s, CC_OP_LOGICB + ot, src, TCGV_NONE);
}

void gen_bitscan(DisasContext *s, int b)
{
    TCGContext *t = s->tcg;
    MemOp ot = s->dflag;
    unsigned bits = ot_bits(ot);
    x86_decode_modrm(s);
    TCGv addr = gen_rm_addr(s);
    TCGv src = tmp(s);
    gen_ld_rm(s, ot, src, addr);
    bool lz = b == 0xbd;
    /* without LZCNT (ABM) / TZCNT (BMI1) the F3 prefix is ignored: bsr/bsf */
    bool counting = (s->prefix & PREFIX_REPZ) &&
                    (lz ? s->env->cpuid_ext3_features & CPUID_EXT3_ABM : s->env->cpuid_7_ebx & CPUID_7_EBX_BMI1);
    if (!counting) {
        gen_bsf_bsr(s, ot, src, lz);
        return;
    }
    TCGv r = tmp(s);
    if (lz) {
        tcg_gen_clz(t, r, src, cst(s, 64));
        tcg_gen_subi(t, r, r, 64 - bits);
    } else {
        tcg_gen_ctz(t, r, src, cst(s, bits));
    }
    x86_gen_store_reg(s, ot, s->reg, r);
    gen_set_cc(s, CC_OP_BMILGB + ot, r, src);
}

void gen_popcnt(DisasContext *s)
{
    TCGContext *t = s->tcg;
    MemOp ot = s->dflag;
    x86_decode_modrm(s);
    TCGv addr = gen_rm_addr(s);
    TCGv src = tmp(s), r = tmp(s), z = tmp(s);
    gen_ld_rm(s, ot, src, addr);
    tcg_gen_ctpop(t, r, src);
    x86_gen_store_reg(s, ot, s->reg, r);
    tcg_gen_setcond(t, TCG_COND_EQ, z, src, cst(s, 0));
    tcg_gen_shli(t, G.cc_src, z, 6);
    x86_set_cc_op(s, CC_OP_EFLAGS);
}

void gen_bswap(DisasContext *s, int reg)
{
    TCGContext *t = s->tcg;
    switch (s->dflag) {
    case MO_64: tcg_gen_bswap64(t, G.regs[reg], G.regs[reg]); break;
    case MO_32: tcg_gen_bswap32(t, G.regs[reg], G.regs[reg]); break;
    default:    /* undefined; hardware clears the low word */
        tcg_gen_deposit(t, G.regs[reg], G.regs[reg], cst(s, 0), 0, 16);
        break;
    }
}

static void gen_bswap_ot(DisasContext *s, MemOp ot, TCGv v)
{
    switch (ot) {
    case MO_16: tcg_gen_bswap16(s->tcg, v, v); break;
    case MO_32: tcg_gen_bswap32(s->tcg, v, v); break;
    default: tcg_gen_bswap64(s->tcg, v, v); break;
    }
}

bool gen_movbe(DisasContext *s, int b)
{
    if (!(s->env->cpuid_ext_features & CPUID_EXT_MOVBE))
        return false;
    x86_decode_modrm(s);
    if (s->mod == 3)
        return false;
    MemOp ot = s->dflag;
    TCGv addr = x86_gen_lea(s);
    TCGv v = tmp(s);
    if (b == 0xf0) {
        gen_ld(s, ot, v, addr);
        gen_bswap_ot(s, ot, v);
        x86_gen_store_reg(s, ot, s->reg, v);
    } else {
        x86_gen_load_reg(s, ot, v, s->reg);
        gen_bswap_ot(s, ot, v);
        gen_st(s, ot, v, addr);
    }
    return true;
}

void gen_xchg(DisasContext *s, MemOp ot)
{
    TCGv v = tmp(s), old = tmp(s);
    x86_gen_load_reg(s, ot, v, s->reg);
    if (s->mod == 3) {
        x86_gen_load_reg(s, ot, old, s->rm);
        x86_gen_store_reg(s, ot, s->rm, v);
    } else {
        TCGv addr = x86_gen_lea(s);
        tcg_gen_atomic_xchg(s->tcg, old, addr, v, ot, x86_mmu_idx(s));
    }
    x86_gen_store_reg(s, ot, s->reg, old);
}

void gen_xadd(DisasContext *s, MemOp ot)
{
    TCGContext *t = s->tcg;
    TCGv b = tmp(s), old = tmp(s), r = tmp(s);
    x86_gen_load_reg(s, ot, b, s->reg);
    if (s->mod == 3) {
        x86_gen_load_reg(s, ot, old, s->rm);
        tcg_gen_add(t, r, old, b);
        gen_ext(s, ot, r, r);
        x86_gen_store_reg(s, ot, s->reg, old);
        x86_gen_store_reg(s, ot, s->rm, r);
    } else {
        TCGv addr = x86_gen_lea(s);
        if (s->prefix & PREFIX_LOCK) {
            tcg_gen_atomic_fetch_add(t, old, addr, b, ot, x86_mmu_idx(s));
            tcg_gen_add(t, r, old, b);
            gen_ext(s, ot, r, r);
        } else {
            gen_ld(s, ot, old, addr);
            tcg_gen_add(t, r, old, b);
            gen_ext(s, ot, r, r);
            gen_st(s, ot, r, addr);
        }
        x86_gen_store_reg(s, ot, s->reg, old);
    }
    gen_set_cc(s, CC_OP_ADDB + ot, r, b);
}

void gen_cmpxchg(DisasContext *s, MemOp ot)
{
    TCGContext *t = s->tcg;
    TCGv newv = tmp(s), cmpv = tmp(s), old = tmp(s);
    x86_gen_load_reg(s, ot, newv, s->reg);
    x86_gen_load_reg(s, ot, cmpv, R_EAX);
    TCGv addr = TCGV_NONE;
    if (s->mod == 3) {
        x86_gen_load_reg(s, ot, old, s->rm);
    } else {
        addr = x86_gen_lea(s);
        tcg_gen_atomic_cmpxchg(t, old, addr, cmpv, newv, ot, x86_mmu_idx(s));
    }
    /* the accumulator takes the old value only on a mismatch */
    if (ot == MO_32) {
        TCGv z = tmp(s);
        tcg_gen_ext32u(t, z, old);
        tcg_gen_movcond(t, TCG_COND_EQ, G.regs[R_EAX], old, cmpv, G.regs[R_EAX], z);
    } else {
        x86_gen_store_reg(s, ot, R_EAX, old);
    }
    if (addr == TCGV_NONE) {
        /* a register destination is written only on a match */
        TCGv r = tmp(s);
        if (ot == MO_32) {
            tcg_gen_movcond(t, TCG_COND_EQ, G.regs[s->rm], old, cmpv, newv, G.regs[s->rm]);
        } else {
            tcg_gen_movcond(t, TCG_COND_EQ, r, old, cmpv, newv, old);
            x86_gen_store_reg(s, ot, s->rm, r);
        }
    }
    TCGv d = tmp(s);
    tcg_gen_sub(t, d, cmpv, old);
    gen_ext(s, ot, d, d);
    tcg_gen_mov(t, cc_srcT(s), cmpv);
    gen_set_cc(s, CC_OP_SUBB + ot, d, old);
}

static void gen_cmpxchg8b(DisasContext *s, TCGv addr)
{
    TCGContext *t = s->tcg;
    TCGv cmpv = tmp(s), newv = tmp(s), hi = tmp(s), old = tmp(s);
    tcg_gen_shli(t, hi, G.regs[R_EDX], 32);
    tcg_gen_ext32u(t, cmpv, G.regs[R_EAX]);
    tcg_gen_or(t, cmpv, cmpv, hi);
    tcg_gen_shli(t, hi, G.regs[R_ECX], 32);
    tcg_gen_ext32u(t, newv, G.regs[R_EBX]);
    tcg_gen_or(t, newv, newv, hi);
    tcg_gen_atomic_cmpxchg(t, old, addr, cmpv, newv, MO_64, x86_mmu_idx(s));
    TCGv f = gen_eflags_tmp(s);
    TCGv lo = tmp(s), h = tmp(s);
    tcg_gen_ext32u(t, lo, old);
    tcg_gen_shri(t, h, old, 32);
    tcg_gen_movcond(t, TCG_COND_EQ, G.regs[R_EAX], old, cmpv, G.regs[R_EAX], lo);
    tcg_gen_movcond(t, TCG_COND_EQ, G.regs[R_EDX], old, cmpv, G.regs[R_EDX], h);
    TCGv z = tmp(s), nf = tmp(s);
    tcg_gen_setcond(t, TCG_COND_EQ, z, old, cmpv);
    tcg_gen_shli(t, z, z, 6);
    tcg_gen_andi(t, nf, f, ~(uint64_t)CC_Z);
    tcg_gen_or(t, G.cc_src, nf, z);
    x86_set_cc_op(s, CC_OP_EFLAGS);
}

bool gen_cmpxchg8b16b(DisasContext *s)
{
    x86_decode_modrm(s);
    if (s->mod == 3 || ((s->modrm >> 3) & 7) != 1)
        return false;       /* rdrand/rdseed are not advertised */
    TCGv addr = x86_gen_lea(s);
    if (!s->rex_w) {
        gen_cmpxchg8b(s, addr);
        return true;
    }
    if (!(s->env->cpuid_ext_features & CPUID_EXT_CX16))
        return false;
    /* the helper reads and rewrites the lazy flags in env */
    x86_gen_update_cc_op(s);
    tcg_gen_calln(s->tcg, helper_cmpxchg16b, 0, TCGV_NONE, env_v(s), addr);
    s->cc_op = CC_OP_EFLAGS;
    s->cc_op_dirty = false;
    return true;
}

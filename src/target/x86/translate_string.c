/* translate_string.c — movs/stos/lods/scas/cmps, with and without
 * REP/REPE/REPNE, every size, both directions.
 *
 * rep movs/stos with 64-bit addresses go to a helper that copies or
 * fills a page-bounded chunk at a time.  The other REP forms are a loop
 * inside the block: one iteration at a time with rip still at the
 * instruction and rcx/rsi/rdi updated after each iteration's memory
 * accesses, so a fault mid-string leaves the exact architectural state
 * (the cpu loop re-executes the instruction after a handler returns).
 * Both poll exit_request, so a long string does not hold off signals or
 * an exclusive section. */
#include "target/x86/translate_int.h"

enum { STR_MOVS, STR_CMPS, STR_STOS, STR_LODS, STR_SCAS };

static int string_kind(int b)
{
    switch (b & ~1) {
    case 0xa4: return STR_MOVS;
    case 0xa6: return STR_CMPS;
    case 0xaa: return STR_STOS;
    case 0xac: return STR_LODS;
    default: return STR_SCAS;
    }
}

/* rsi (source, segment override allowed) or rdi (destination) */
static TCGv str_addr(DisasContext *s, bool source)
{
    TCGContext *t = s->tcg;
    TCGv a = tmp(s);
    TCGv reg = G.regs[source ? R_ESI : R_EDI];
    if (s->aflag == MO_32)
        tcg_gen_ext32u(t, a, reg);
    else
        tcg_gen_mov(t, a, reg);
    if (source && (s->override_seg == R_FS || s->override_seg == R_GS)) {
        TCGv base = tmp(s);
        tcg_gen_ld(t, INDEX_op_ld, base, env_v(s), (int32_t)offsetof(CPUX86State, seg_base[s->override_seg]));
        tcg_gen_add(t, a, a, base);
    }
    return a;
}

static void str_advance(DisasContext *s, int reg, TCGv step)
{
    tcg_gen_add(s->tcg, G.regs[reg], G.regs[reg], step);
    if (s->aflag == MO_32)
        tcg_gen_ext32u(s->tcg, G.regs[reg], G.regs[reg]);
}

/* One iteration.  For cmps/scas, *first and *second get the compared
 * values (first - second sets the flags). */
static void gen_string_once(DisasContext *s, int kind, MemOp ot, TCGv step, TCGv *first, TCGv *second)
{
    TCGv v = tmp(s);
    switch (kind) {
    case STR_MOVS:
        gen_ld(s, ot, v, str_addr(s, true));
        gen_st(s, ot, v, str_addr(s, false));
        str_advance(s, R_ESI, step);
        str_advance(s, R_EDI, step);
        break;
    case STR_STOS:
        x86_gen_load_reg(s, ot, v, R_EAX);
        gen_st(s, ot, v, str_addr(s, false));
        str_advance(s, R_EDI, step);
        break;
    case STR_LODS:
        gen_ld(s, ot, v, str_addr(s, true));
        x86_gen_store_reg(s, ot, R_EAX, v);
        str_advance(s, R_ESI, step);
        break;
    case STR_SCAS: {
        TCGv a = tmp(s);
        gen_ld(s, ot, v, str_addr(s, false));
        x86_gen_load_reg(s, ot, a, R_EAX);
        str_advance(s, R_EDI, step);
        *first = a;
        *second = v;
        break;
    }
    default: {
        TCGv a = tmp(s);
        gen_ld(s, ot, a, str_addr(s, true));
        gen_ld(s, ot, v, str_addr(s, false));
        str_advance(s, R_ESI, step);
        str_advance(s, R_EDI, step);
        *first = a;
        *second = v;
        break;
    }
    }
}

static void gen_compare_flags(DisasContext *s, MemOp ot, TCGv a, TCGv b)
{
    TCGv d = tmp(s);
    tcg_gen_sub(s->tcg, d, a, b);
    gen_ext(s, ot, d, d);
    tcg_gen_mov(s->tcg, cc_srcT(s), a);
    tcg_gen_mov(s->tcg, G.cc_dst, d);
    tcg_gen_mov(s->tcg, G.cc_src, b);
}

static TCGv gen_step(DisasContext *s, MemOp ot)
{
    TCGv step = tmp_tb(s);
    tcg_gen_ld(s->tcg, INDEX_op_ld32s, step, env_v(s), (int32_t)offsetof(CPUX86State, df));
    if (ot)
        tcg_gen_shli(s->tcg, step, step, ot);
    return step;
}

static TCGv count_reg(DisasContext *s)
{
    if (s->aflag == MO_64)
        return G.regs[R_ECX];
    TCGv c = tmp(s);
    tcg_gen_ext32u(s->tcg, c, G.regs[R_ECX]);
    return c;
}

static void gen_string_rep(DisasContext *s, int kind, MemOp ot, bool compare)
{
    TCGContext *t = s->tcg;
    /* env->cc_op stays exact through the loop: restore must not override it */
    x86_gen_update_cc_op(s);
    gen_before_mid_label(s);
    if (compare)
        x86_restore_cc_op_from_env(s);
    TCGv step = gen_step(s, ot);
    int top = tcg_new_label(t), done = tcg_new_label(t), leave = tcg_new_label(t);
    tcg_gen_set_label(t, top);
    tcg_gen_brcondi(t, TCG_COND_EQ, count_reg(s), 0, done);
    TCGv a = TCGV_NONE, b = TCGV_NONE;
    gen_string_once(s, kind, ot, step, &a, &b);
    tcg_gen_subi(t, G.regs[R_ECX], G.regs[R_ECX], 1);
    if (s->aflag == MO_32)
        tcg_gen_ext32u(t, G.regs[R_ECX], G.regs[R_ECX]);
    if (compare) {
        gen_compare_flags(s, ot, a, b);
        tcg_gen_movi(t, G.cc_op, CC_OP_SUBB + ot);
        bool repz = s->prefix & PREFIX_REPZ;
        tcg_gen_brcond(t, repz ? TCG_COND_NE : TCG_COND_EQ, a, b, done);
    }
    TCGv req = tcg_temp_new(t, TCG_TYPE_I32);
    tcg_gen_ld(t, INDEX_op_ld, req, env_v(s), (int32_t)offsetof(CPUX86State, exit_request));
    tcg_gen_brcondi(t, TCG_COND_NE, req, 0, leave);
    tcg_gen_br(t, top);

    /* leave the block with the instruction still to finish */
    tcg_gen_set_label(t, leave);
    tcg_gen_movi(t, G.rip, s->pc_start);
    tcg_gen_exit_tb(t, 0);

    tcg_gen_set_label(t, done);
    if (compare) {
        s->cc_op = CC_OP_DYNAMIC;
        s->cc_op_dirty = false;
    }
}

static void gen_rep_bulk(DisasContext *s, int kind, MemOp ot)
{
    TCGContext *t = s->tcg;
    x86_gen_update_cc_op(s);
    gen_before_mid_label(s);
    if (kind == STR_MOVS) {
        TCGv base = cst(s, 0);
        if (s->override_seg == R_FS || s->override_seg == R_GS) {
            base = tmp(s);
            tcg_gen_ld(t, INDEX_op_ld, base, env_v(s), (int32_t)offsetof(CPUX86State, seg_base[s->override_seg]));
        }
        tcg_gen_calln(t, helper_rep_movs, 0, TCGV_NONE, env_v(s), cst(s, ot), base);
    } else {
        tcg_gen_calln(t, helper_rep_stos, 0, TCGV_NONE, env_v(s), cst(s, ot));
    }
    /* stopped early for exit_request: leave with the instruction to finish */
    int done = tcg_new_label(t);
    tcg_gen_brcondi(t, TCG_COND_EQ, G.regs[R_ECX], 0, done);
    tcg_gen_movi(t, G.rip, s->pc_start);
    tcg_gen_exit_tb(t, 0);
    tcg_gen_set_label(t, done);
}

bool gen_string(DisasContext *s, int b)
{
    int kind = string_kind(b);
    MemOp ot = ot_of(s, b);
    bool compare = kind == STR_CMPS || kind == STR_SCAS;
    if ((s->prefix & (PREFIX_REPZ | PREFIX_REPNZ)) && s->aflag == MO_64 &&
        (kind == STR_MOVS || kind == STR_STOS)) {
        gen_rep_bulk(s, kind, ot);
        return true;
    }
    if (s->prefix & (PREFIX_REPZ | PREFIX_REPNZ)) {
        gen_string_rep(s, kind, ot, compare);
        return true;
    }
    TCGv a = TCGV_NONE, v = TCGV_NONE;
    gen_string_once(s, kind, ot, gen_step(s, ot), &a, &v);
    if (compare) {
        gen_compare_flags(s, ot, a, v);
        x86_set_cc_op(s, CC_OP_SUBB + ot);
    }
    return true;
}

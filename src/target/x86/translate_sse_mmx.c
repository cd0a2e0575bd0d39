/* translate_sse_mmx.c — the MMX instructions of the SSE family: MMX
 * itself, the SSE/SSE2/SSSE3 instructions on MMX registers, and the
 * conversions and moves between MMX and XMM registers.
 *
 * An MMX register is the mantissa of an x87 register.  The integer
 * operations reuse the SSE helpers on zero-extended 64-bit copies (the
 * low half is the MMX result, or the high half for punpckh*, or the
 * operands are concatenated for packs and horizontal adds); the bitwise
 * logic is inline.  Each instruction puts the x87 unit in MMX state (top
 * 0, all tags valid) and marks written registers as the hardware does,
 * on env's image of it (moved there from the host's x87 first). */
#include <stddef.h>

#include "target/x86/fpu_helper.h"
#include "target/x86/translate_sse.h"

enum MMXMode { M_NONE, M_LO, M_HI, M_CAT, M_AND, M_ANDN, M_OR, M_XOR };

typedef struct MMXOp {
    SSEIntFn fn;
    uint8_t mode; /* how helper_mmx_* applies fn; or inline logic */
    uint8_t feat;
} MMXOp;

#define ML(n, f) { helper_##n, M_LO, f }
#define MH(n, f) { helper_##n, M_HI, f }
#define MC(n, f) { helper_##n, M_CAT, f }
#define MLOGIC(m) { NULL, m, F_MMX }

/* 0F xx without prefix */
static const MMXOp mmx_0f[256] = {
    [0x60] = ML(punpcklbw, F_MMX), [0x61] = ML(punpcklwd, F_MMX), [0x62] = ML(punpckldq, F_MMX),
    [0x63] = MC(packsswb, F_MMX), [0x64] = ML(pcmpgtb, F_MMX), [0x65] = ML(pcmpgtw, F_MMX),
    [0x66] = ML(pcmpgtd, F_MMX), [0x67] = MC(packuswb, F_MMX), [0x68] = MH(punpcklbw, F_MMX),
    [0x69] = MH(punpcklwd, F_MMX), [0x6a] = MH(punpckldq, F_MMX), [0x6b] = MC(packssdw, F_MMX),
    [0x74] = ML(pcmpeqb, F_MMX), [0x75] = ML(pcmpeqw, F_MMX), [0x76] = ML(pcmpeqd, F_MMX),
    [0xd1] = ML(psrlw, F_MMX), [0xd2] = ML(psrld, F_MMX), [0xd3] = ML(psrlq, F_MMX),
    [0xd4] = ML(paddq, F_SSE2), [0xd5] = ML(pmullw, F_MMX), [0xd8] = ML(psubusb, F_MMX),
    [0xd9] = ML(psubusw, F_MMX), [0xda] = ML(pminub, F_SSE), [0xdb] = MLOGIC(M_AND),
    [0xdc] = ML(paddusb, F_MMX), [0xdd] = ML(paddusw, F_MMX), [0xde] = ML(pmaxub, F_SSE),
    [0xdf] = MLOGIC(M_ANDN), [0xe0] = ML(pavgb, F_SSE), [0xe1] = ML(psraw, F_MMX),
    [0xe2] = ML(psrad, F_MMX), [0xe3] = ML(pavgw, F_SSE), [0xe4] = ML(pmulhuw, F_SSE),
    [0xe5] = ML(pmulhw, F_MMX), [0xe8] = ML(psubsb, F_MMX), [0xe9] = ML(psubsw, F_MMX),
    [0xea] = ML(pminsw, F_SSE), [0xeb] = MLOGIC(M_OR), [0xec] = ML(paddsb, F_MMX),
    [0xed] = ML(paddsw, F_MMX), [0xee] = ML(pmaxsw, F_SSE), [0xef] = MLOGIC(M_XOR),
    [0xf1] = ML(psllw, F_MMX), [0xf2] = ML(pslld, F_MMX), [0xf3] = ML(psllq, F_MMX),
    [0xf4] = ML(pmuludq, F_SSE2), [0xf5] = ML(pmaddwd, F_MMX), [0xf6] = ML(psadbw, F_SSE),
    [0xf8] = ML(psubb, F_MMX), [0xf9] = ML(psubw, F_MMX), [0xfa] = ML(psubd, F_MMX),
    [0xfb] = ML(psubq, F_SSE2), [0xfc] = ML(paddb, F_MMX), [0xfd] = ML(paddw, F_MMX),
    [0xfe] = ML(paddd, F_MMX),
};

/* 0F 38 xx without prefix (SSSE3 on MMX registers; pshufb is special) */
static const MMXOp mmx_0f38[32] = {
    [0x01] = MC(phaddw, F_SSSE3), [0x02] = MC(phaddd, F_SSSE3), [0x03] = MC(phaddsw, F_SSSE3),
    [0x04] = ML(pmaddubsw, F_SSSE3), [0x05] = MC(phsubw, F_SSSE3), [0x06] = MC(phsubd, F_SSSE3),
    [0x07] = MC(phsubsw, F_SSSE3), [0x08] = ML(psignb, F_SSSE3), [0x09] = ML(psignw, F_SSSE3),
    [0x0a] = ML(psignd, F_SSSE3), [0x0b] = ML(pmulhrsw, F_SSSE3), [0x1c] = ML(pabsb, F_SSSE3),
    [0x1d] = ML(pabsw, F_SSSE3), [0x1e] = ML(pabsd, F_SSSE3),
};

/* MMX register numbers ignore REX */
static size_t mm_ofs(int r) { return offsetof(CPUX86State, fpregs) + (size_t)(r & 7) * sizeof(FPReg); }

static bool x87_on_host(DisasContext *s) { return !(s->env->hflags & HF_X87_NONDEF); }

/* every MMX instruction but emms, after its memory accesses: a pending
 * #MF, x87 top 0, all tags valid; nothing if an earlier instruction of
 * the block entered MMX mode and nothing since left it */
static void gen_mmx_enter(DisasContext *s)
{
    if (x87_on_host(s) && x87_gen_mmx_entered(s))
        return;
    tcg_gen_calln(T(s), helper_x87_mmx_enter, TCG_CALL_NO_WG, TCGV_NONE, T(s)->env);
}

/* a written MMX register reads as a NaN to x87 code: exponent all ones */
static void gen_mmx_written(DisasContext *s, int r)
{
    st_env(s, INDEX_op_st16, tcg_constant_i64(T(s), 0xffff), mm_ofs(r) + 8);
}

/* the mm/m64 source operand: env offset of the register, or of xmm_t0 holding memory */
static size_t gen_mm_src(DisasContext *s, int imm_bytes)
{
    if (s->mod == 3)
        return mm_ofs(s->rm);
    TCGv addr = sse_gen_addr(s, imm_bytes);
    sse_gen_ld_to_env(s, T0_OFS, addr, 8, false);
    drop(s, addr);
    return T0_OFS;
}

static void gen_mmx_logic(DisasContext *s, int mode, size_t d, size_t src)
{
    TCGv a = new64(s), b = new64(s);
    ld_env(s, INDEX_op_ld, a, d);
    ld_env(s, INDEX_op_ld, b, src);
    switch (mode) {
    case M_AND: tcg_gen_and(T(s), a, a, b); break;
    case M_ANDN: tcg_gen_andc(T(s), a, b, a); break;
    case M_OR: tcg_gen_or(T(s), a, a, b); break;
    default: tcg_gen_xor(T(s), a, a, b); break;
    }
    st_env(s, INDEX_op_st, a, d);
    drop(s, a), drop(s, b);
}

static bool gen_mmx_table_op(DisasContext *s, const MMXOp *op)
{
    static void *const wrappers[] = { [M_LO] = helper_mmx_lo, [M_HI] = helper_mmx_hi, [M_CAT] = helper_mmx_cat };
    if (op->mode == M_NONE || !sse_has_feature(s, op->feat))
        return false;
    x86_decode_modrm(s);
    size_t src = gen_mm_src(s, 0), d = mm_ofs(s->reg);
    gen_mmx_enter(s);
    if (op->mode >= M_AND)
        gen_mmx_logic(s, op->mode, d, src);
    else
        tcg_gen_calln(T(s), wrappers[op->mode], TCG_CALL_NO_RWG, TCGV_NONE,
                      tcg_constant_i64(T(s), (uintptr_t)op->fn), env_ptr(s, d), env_ptr(s, src));
    gen_mmx_written(s, s->reg);
    return true;
}

/* pshufw, palignr and pshufb on MMX registers: fn(d, s [, imm]) */
static bool gen_mmx_special(DisasContext *s, void *fn, int feat, bool has_imm)
{
    if (!sse_has_feature(s, feat))
        return false;
    x86_decode_modrm(s);
    size_t src = gen_mm_src(s, has_imm);
    TCGv d = env_ptr(s, mm_ofs(s->reg)), sp = env_ptr(s, src);
    gen_mmx_enter(s);
    if (has_imm)
        tcg_gen_calln(T(s), fn, TCG_CALL_NO_RWG, TCGV_NONE, d, sp, tcg_constant_i32(T(s), x86_ldub_code(s)));
    else
        tcg_gen_calln(T(s), fn, TCG_CALL_NO_RWG, TCGV_NONE, d, sp);
    gen_mmx_written(s, s->reg);
    return true;
}

/* 0F 71-73 without prefix: shifts of an MMX register by an immediate */
static bool gen_mmx_shift_imm(DisasContext *s, int opcode)
{
    static const SSEIntFn fns[3][8] = {
        { [2] = helper_psrlw, [4] = helper_psraw, [6] = helper_psllw },
        { [2] = helper_psrld, [4] = helper_psrad, [6] = helper_pslld },
        { [2] = helper_psrlq, [6] = helper_psllq },
    };
    if (!sse_has_feature(s, F_MMX))
        return false;
    x86_decode_modrm(s);
    SSEIntFn fn = fns[opcode - 0x71][s->reg & 7];
    if (s->mod != 3 || !fn)
        return false;
    st_env(s, INDEX_op_st, tcg_constant_i64(T(s), x86_ldub_code(s)), T0_OFS);
    gen_mmx_enter(s);
    tcg_gen_calln(T(s), helper_mmx_lo, TCG_CALL_NO_RWG, TCGV_NONE, tcg_constant_i64(T(s), (uintptr_t)fn),
                  env_ptr(s, mm_ofs(s->rm)), env_ptr(s, T0_OFS));
    gen_mmx_written(s, s->rm);
    return true;
}

/* the MMX moves: movd/movq to and from GPRs and memory, movq2dq, movdq2q, movntq */
static bool gen_mmx_move(DisasContext *s, int opcode, int col)
{
    if (!sse_has_feature(s, opcode == 0xe7 ? F_SSE : opcode == 0xd6 ? F_SSE2 : F_MMX))
        return false;
    x86_decode_modrm(s);
    MemOp ot = s->rex_w ? MO_64 : MO_32;
    TCGv v = new64(s), addr = TCGV_NONE;
    bool ok = true;
    switch (opcode) {
    case 0x6e: /* movd/movq mm, r/m */
        drop(s, v);
        v = sse_gen_ld_rm_gpr(s, ot, 0);
        gen_mmx_enter(s);
        st_env(s, INDEX_op_st, v, mm_ofs(s->reg));
        gen_mmx_written(s, s->reg);
        break;
    case 0x7e: /* movd/movq r/m, mm */
        addr = s->mod == 3 ? TCGV_NONE : sse_gen_addr(s, 0);
        ld_env(s, ot == MO_64 ? INDEX_op_ld : INDEX_op_ld32u, v, mm_ofs(s->reg));
        gen_mmx_enter(s);
        sse_gen_st_rm_gpr(s, ot, v, addr);
        break;
    case 0x6f: /* movq mm, mm/m64 */
        ld_env(s, INDEX_op_ld, v, gen_mm_src(s, 0));
        gen_mmx_enter(s);
        st_env(s, INDEX_op_st, v, mm_ofs(s->reg));
        gen_mmx_written(s, s->reg);
        break;
    case 0x7f: case 0xe7: /* movq mm/m64, mm; movntq */
        if (s->mod == 3 && opcode == 0xe7) {
            ok = false;
            break;
        }
        addr = s->mod == 3 ? TCGV_NONE : sse_gen_addr(s, 0);
        ld_env(s, INDEX_op_ld, v, mm_ofs(s->reg));
        gen_mmx_enter(s);
        if (s->mod == 3) {
            st_env(s, INDEX_op_st, v, mm_ofs(s->rm));
            gen_mmx_written(s, s->rm);
        } else {
            sse_st_guest(s, v, addr, 0, MO_64);
        }
        break;
    case 0xd6: /* F3: movq2dq xmm, mm; F2: movdq2q mm, xmm */
        if (s->mod != 3) {
            ok = false;
            break;
        }
        gen_mmx_enter(s);
        if (col == 2) {
            ld_env(s, INDEX_op_ld, v, mm_ofs(s->rm));
            st_env(s, INDEX_op_st, v, xmm_ofs(s->reg));
            sse_gen_zero_q(s, xmm_ofs(s->reg) + 8);
        } else {
            ld_env(s, INDEX_op_ld, v, xmm_ofs(s->rm));
            st_env(s, INDEX_op_st, v, mm_ofs(s->reg));
            gen_mmx_written(s, s->reg);
        }
        break;
    }
    drop(s, v);
    if (addr != TCGV_NONE)
        drop(s, addr);
    return ok;
}

/* pinsrw mm, r32/m16, imm (0F C4) */
static bool gen_mmx_pinsrw(DisasContext *s)
{
    if (!sse_has_feature(s, F_SSE))
        return false;
    x86_decode_modrm(s);
    TCGv v = sse_gen_ld_rm_gpr(s, s->mod == 3 ? MO_32 : MO_16, 1);
    unsigned idx = x86_ldub_code(s) & 3;
    gen_mmx_enter(s);
    st_env(s, INDEX_op_st16, v, mm_ofs(s->reg) + 2 * idx);
    gen_mmx_written(s, s->reg);
    drop(s, v);
    return true;
}

/* pextrw r32, mm, imm (0F C5) */
static bool gen_mmx_pextrw(DisasContext *s)
{
    if (!sse_has_feature(s, F_SSE))
        return false;
    x86_decode_modrm(s);
    if (s->mod != 3)
        return false;
    unsigned idx = x86_ldub_code(s) & 3;
    TCGv v = new64(s);
    ld_env(s, INDEX_op_ld16u, v, mm_ofs(s->rm) + 2 * idx);
    gen_mmx_enter(s);
    x86_gen_store_reg(s, MO_64, s->reg, v);
    drop(s, v);
    return true;
}

/* pmovmskb r32, mm (0F D7) */
static bool gen_mmx_pmovmskb(DisasContext *s)
{
    if (!sse_has_feature(s, F_SSE))
        return false;
    x86_decode_modrm(s);
    if (s->mod != 3)
        return false;
    TCGv x = new64(s), r = new64(s);
    ld_env(s, INDEX_op_ld, x, mm_ofs(s->rm));
    gen_mmx_enter(s);
    sse_gen_byte_signs(s, r, x);
    x86_gen_store_reg(s, MO_64, s->reg, r);
    drop(s, x), drop(s, r);
    return true;
}

/* maskmovq mm1, mm2 (0F F7) */
static bool gen_mmx_maskmovq(DisasContext *s)
{
    if (!sse_has_feature(s, F_SSE))
        return false;
    x86_decode_modrm(s);
    if (s->mod != 3)
        return false;
    TCGv addr = sse_gen_rdi_addr(s);
    gen_mmx_enter(s);
    tcg_gen_calln(T(s), helper_maskmovq, TCG_CALL_NO_WG, TCGV_NONE, T(s)->env, env_ptr(s, mm_ofs(s->reg)),
                  env_ptr(s, mm_ofs(s->rm)), addr);
    drop(s, addr);
    return true;
}

/* cvtpi2ps/cvtpi2pd xmm, mm/m64 (0F 2A, 66 0F 2A) */
static bool gen_cvtpi2f(DisasContext *s, bool dbl)
{
    if (!sse_has_feature(s, dbl ? F_SSE2 : F_SSE))
        return false;
    x86_decode_modrm(s);
    size_t src = gen_mm_src(s, 0);
    if (s->mod == 3)
        gen_mmx_enter(s);
    tcg_gen_calln(T(s), dbl ? (void *)helper_cvtpi2pd : (void *)helper_cvtpi2ps, TCG_CALL_NO_WG, TCGV_NONE,
                  T(s)->env, env_ptr(s, xmm_ofs(s->reg)), env_ptr(s, src));
    return true;
}

/* cvt(t)ps2pi mm, xmm/m64 and cvt(t)pd2pi mm, xmm/m128 (0F 2C/2D, 66 0F 2C/2D) */
static bool gen_cvtf2pi(DisasContext *s, bool dbl, bool truncate)
{
    static void *const fns[2][2] = {
        { helper_cvtps2pi, helper_cvttps2pi }, { helper_cvtpd2pi, helper_cvttpd2pi },
    };
    if (!sse_has_feature(s, dbl ? F_SSE2 : F_SSE))
        return false;
    x86_decode_modrm(s);
    size_t src = sse_gen_src(s, dbl ? 16 : 8, dbl, 0);
    gen_mmx_enter(s);
    tcg_gen_calln(T(s), fns[dbl][truncate], TCG_CALL_NO_WG, TCGV_NONE, T(s)->env,
                  env_ptr(s, mm_ofs(s->reg)), env_ptr(s, src));
    gen_mmx_written(s, s->reg);
    return true;
}

/* 0F xx without prefix on MMX registers; -1 if the opcode is not MMX */
static int translate_mmx(DisasContext *s, int opcode)
{
    switch (opcode) {
    case 0x6e: case 0x6f: case 0x7e: case 0x7f: case 0xe7: return gen_mmx_move(s, opcode, 0);
    case 0x70: return gen_mmx_special(s, helper_pshufw, F_SSE, true);
    case 0x71: case 0x72: case 0x73: return gen_mmx_shift_imm(s, opcode);
    case 0xc4: return gen_mmx_pinsrw(s);
    case 0xc5: return gen_mmx_pextrw(s);
    case 0xd7: return gen_mmx_pmovmskb(s);
    case 0xf7: return gen_mmx_maskmovq(s);
    }
    if (mmx_0f[opcode].mode != M_NONE)
        return gen_mmx_table_op(s, &mmx_0f[opcode]);
    return -1;
}

static int translate_mmx_form(DisasContext *s, int map, int opcode, int col)
{
    if (map == 2)
        return col != 0 || opcode >= 32 ? -1
               : opcode == 0x00 ? gen_mmx_special(s, helper_pshufb_mmx, F_SSSE3, false)
                                : gen_mmx_table_op(s, &mmx_0f38[opcode]);
    if (map == 3)
        return col == 0 && opcode == 0x0f ? gen_mmx_special(s, helper_palignr_mmx, F_SSSE3, true) : -1;
    switch (opcode) {
    case 0x2a:
        return col <= 1 ? gen_cvtpi2f(s, col == 1) : -1;
    case 0x2c: case 0x2d:
        return col <= 1 ? gen_cvtf2pi(s, col == 1, opcode == 0x2c) : -1;
    case 0xd6:
        return col >= 2 ? gen_mmx_move(s, opcode, col) : -1;
    }
    return col == 0 ? translate_mmx(s, opcode) : -1;
}

/* The MMX-register forms: 0F xx without prefix, cvtpi2ps/pd and
 * cvt(t)ps2pi/pd2pi, movq2dq/movdq2q, and the SSSE3 0F 38/0F 3A forms
 * without prefix.  Returns -1 for anything else.  They work on env's
 * image of the x87 registers: where the host's x87 holds the guest's
 * state (x87_host.h), it goes to env before the instruction (and back at
 * the next x87 instruction).  Whether the instruction is an MMX one is
 * known only once its generator ran: for the others (-1, nothing
 * emitted) the move to env is taken back out of the block. */
int sse_translate_mmx(DisasContext *s, int map, int opcode, int col)
{
    int nb_ops = T(s)->nb_ops;
    if (x87_on_host(s) && !x87_gen_mmx_entered(s))
        x87_gen_state_to_env(s);
    int done = translate_mmx_form(s, map, opcode, col);
    if (done < 0)
        T(s)->nb_ops = nb_ops;
    return done;
}

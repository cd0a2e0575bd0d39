/* translate_sse.c — the SSE family of the x86-64 translator: SSE, SSE2,
 * SSE3, SSSE3, SSE4.1, SSE4.2, the 0F AE group (fxsave, ldmxcsr, fences)
 * and emms.
 *
 * Most instructions follow one pattern (xmm = op(xmm, xmm/mem [, imm8]))
 * and are described by tables indexed by opcode and mandatory prefix; a
 * memory operand is loaded into env->xmm_t0 first so that a fault leaves
 * the guest state untouched, then a helper (sse_helper.c) computes in
 * place.  Where the host has the same instruction it runs instead
 * (translate_sse_host.c): FP arithmetic in the default MXCSR mode, and
 * in every mode the moves, bitwise logic, shuffles and integer
 * instructions that glibc's string and memory loops run hot.
 * Everything else has its own small generator.  MMX is in
 * translate_sse_mmx.c. */
#include <stddef.h>

#include "target/x86/fpu_helper.h"
#include "target/x86/translate_sse.h"
#include "target/x86/translate_int.h"
#include "tcg/host_sse.h"

/* how a table entry is called */
enum Kind {
    K_NONE,    /* not an instruction we implement */
    K_INT,     /* SSEIntFn */
    K_FP,      /* SSEFpFn */
    K_INT_IMM, /* SSEIntImmFn */
    K_FP_IMM,  /* SSEFpImmFn */
    K_BLENDV,  /* SSEBlendvFn with xmm0 */
    K_HOST,    /* only the host instruction, usable in every MXCSR mode */
};

typedef struct SSEOp {
    void *fn;
    uint8_t kind;
    uint8_t feat;
    uint8_t msize; /* bytes read from a memory source; 16 means aligned m128 */
} SSEOp;

#define OP(k, n, f, m) { (void *)helper_##n, k, f, m }
#define I(n, f) OP(K_INT, n, f, 16)
#define IM(n, f, m) OP(K_INT, n, f, m)
#define P(n, f) OP(K_FP, n, f, 16)
#define PM(n, f, m) OP(K_FP, n, f, m)
#define II(n, f) OP(K_INT_IMM, n, f, 16)
#define PI(n, f, m) OP(K_FP_IMM, n, f, m)
#define L(k, f) { NULL, k, f, 16 }

/* 0F xx, columns: no prefix, 66, F3, F2 */
static const SSEOp ops_0f[256][4] = {
    [0x12] = { {0}, {0}, I(movsldup, F_SSE3), IM(movddup, F_SSE3, 8) },
    [0x14] = { L(K_HOST, F_SSE), L(K_HOST, F_SSE2) },
    [0x15] = { L(K_HOST, F_SSE), L(K_HOST, F_SSE2) },
    [0x16] = { {0}, {0}, I(movshdup, F_SSE3) },
    [0x51] = { P(sqrtps, F_SSE), P(sqrtpd, F_SSE2), PM(sqrtss, F_SSE, 4), PM(sqrtsd, F_SSE2, 8) },
    [0x52] = { P(rsqrtps, F_SSE), {0}, PM(rsqrtss, F_SSE, 4) },
    [0x53] = { P(rcpps, F_SSE), {0}, PM(rcpss, F_SSE, 4) },
    [0x54] = { L(K_HOST, F_SSE), L(K_HOST, F_SSE2) },
    [0x55] = { L(K_HOST, F_SSE), L(K_HOST, F_SSE2) },
    [0x56] = { L(K_HOST, F_SSE), L(K_HOST, F_SSE2) },
    [0x57] = { L(K_HOST, F_SSE), L(K_HOST, F_SSE2) },
    [0x58] = { P(addps, F_SSE), P(addpd, F_SSE2), PM(addss, F_SSE, 4), PM(addsd, F_SSE2, 8) },
    [0x59] = { P(mulps, F_SSE), P(mulpd, F_SSE2), PM(mulss, F_SSE, 4), PM(mulsd, F_SSE2, 8) },
    [0x5a] = { PM(cvtps2pd, F_SSE2, 8), P(cvtpd2ps, F_SSE2), PM(cvtss2sd, F_SSE2, 4), PM(cvtsd2ss, F_SSE2, 8) },
    [0x5b] = { P(cvtdq2ps, F_SSE2), P(cvtps2dq, F_SSE2), P(cvttps2dq, F_SSE2) },
    [0x5c] = { P(subps, F_SSE), P(subpd, F_SSE2), PM(subss, F_SSE, 4), PM(subsd, F_SSE2, 8) },
    [0x5d] = { P(minps, F_SSE), P(minpd, F_SSE2), PM(minss, F_SSE, 4), PM(minsd, F_SSE2, 8) },
    [0x5e] = { P(divps, F_SSE), P(divpd, F_SSE2), PM(divss, F_SSE, 4), PM(divsd, F_SSE2, 8) },
    [0x5f] = { P(maxps, F_SSE), P(maxpd, F_SSE2), PM(maxss, F_SSE, 4), PM(maxsd, F_SSE2, 8) },
    [0x60] = { {0}, I(punpcklbw, F_SSE2) },
    [0x61] = { {0}, I(punpcklwd, F_SSE2) },
    [0x62] = { {0}, L(K_HOST, F_SSE2) },
    [0x63] = { {0}, I(packsswb, F_SSE2) },
    [0x64] = { {0}, L(K_HOST, F_SSE2) },
    [0x65] = { {0}, L(K_HOST, F_SSE2) },
    [0x66] = { {0}, L(K_HOST, F_SSE2) },
    [0x67] = { {0}, I(packuswb, F_SSE2) },
    [0x68] = { {0}, I(punpckhbw, F_SSE2) },
    [0x69] = { {0}, I(punpckhwd, F_SSE2) },
    [0x6a] = { {0}, L(K_HOST, F_SSE2) },
    [0x6b] = { {0}, I(packssdw, F_SSE2) },
    [0x6c] = { {0}, L(K_HOST, F_SSE2) },
    [0x6d] = { {0}, L(K_HOST, F_SSE2) },
    
    [0x74] = { {0}, L(K_HOST, F_SSE2) },
    [0x75] = { {0}, L(K_HOST, F_SSE2) },
    [0x76] = { {0}, L(K_HOST, F_SSE2) },
    [0x7c] = { {0}, P(haddpd, F_SSE3), {0}, P(haddps, F_SSE3) },
    [0x7d] = { {0}, P(hsubpd, F_SSE3), {0}, P(hsubps, F_SSE3) },
    [0xc2] = { PI(cmpps, F_SSE, 16), PI(cmppd, F_SSE2, 16), PI(cmpss, F_SSE, 4), PI(cmpsd, F_SSE2, 8) },
    [0xc6] = { II(shufps, F_SSE), II(shufpd, F_SSE2) },
    [0xd0] = { {0}, P(addsubpd, F_SSE3), {0}, P(addsubps, F_SSE3) },
    [0xd1] = { {0}, I(psrlw, F_SSE2) },
    [0xd2] = { {0}, I(psrld, F_SSE2) },
    [0xd3] = { {0}, I(psrlq, F_SSE2) },
    [0xd4] = { {0}, L(K_HOST, F_SSE2) },
    [0xd5] = { {0}, I(pmullw, F_SSE2) },
    [0xd8] = { {0}, I(psubusb, F_SSE2) },
    [0xd9] = { {0}, I(psubusw, F_SSE2) },
    [0xda] = { {0}, L(K_HOST, F_SSE2) },
    [0xdb] = { {0}, L(K_HOST, F_SSE2) },
    [0xdc] = { {0}, I(paddusb, F_SSE2) },
    [0xdd] = { {0}, I(paddusw, F_SSE2) },
    [0xde] = { {0}, L(K_HOST, F_SSE2) },
    [0xdf] = { {0}, L(K_HOST, F_SSE2) },
    [0xe0] = { {0}, I(pavgb, F_SSE2) },
    [0xe1] = { {0}, I(psraw, F_SSE2) },
    [0xe2] = { {0}, I(psrad, F_SSE2) },
    [0xe3] = { {0}, I(pavgw, F_SSE2) },
    [0xe4] = { {0}, I(pmulhuw, F_SSE2) },
    [0xe5] = { {0}, I(pmulhw, F_SSE2) },
    [0xe6] = { {0}, P(cvttpd2dq, F_SSE2), PM(cvtdq2pd, F_SSE2, 8), P(cvtpd2dq, F_SSE2) },
    [0xe8] = { {0}, I(psubsb, F_SSE2) },
    [0xe9] = { {0}, I(psubsw, F_SSE2) },
    [0xea] = { {0}, L(K_HOST, F_SSE2) },
    [0xeb] = { {0}, L(K_HOST, F_SSE2) },
    [0xec] = { {0}, I(paddsb, F_SSE2) },
    [0xed] = { {0}, I(paddsw, F_SSE2) },
    [0xee] = { {0}, L(K_HOST, F_SSE2) },
    [0xef] = { {0}, L(K_HOST, F_SSE2) },
    [0xf1] = { {0}, I(psllw, F_SSE2) },
    [0xf2] = { {0}, I(pslld, F_SSE2) },
    [0xf3] = { {0}, I(psllq, F_SSE2) },
    [0xf4] = { {0}, L(K_HOST, F_SSE2) },
    [0xf5] = { {0}, I(pmaddwd, F_SSE2) },
    [0xf6] = { {0}, I(psadbw, F_SSE2) },
    [0xf8] = { {0}, L(K_HOST, F_SSE2) },
    [0xf9] = { {0}, L(K_HOST, F_SSE2) },
    [0xfa] = { {0}, L(K_HOST, F_SSE2) },
    [0xfb] = { {0}, L(K_HOST, F_SSE2) },
    [0xfc] = { {0}, L(K_HOST, F_SSE2) },
    [0xfd] = { {0}, L(K_HOST, F_SSE2) },
    [0xfe] = { {0}, L(K_HOST, F_SSE2) },
};

/* 66 0F 38 xx */
static const SSEOp ops_0f38[256] = {
    [0x00] = I(pshufb, F_SSSE3), [0x01] = I(phaddw, F_SSSE3), [0x02] = I(phaddd, F_SSSE3),
    [0x03] = I(phaddsw, F_SSSE3), [0x04] = I(pmaddubsw, F_SSSE3), [0x05] = I(phsubw, F_SSSE3),
    [0x06] = I(phsubd, F_SSSE3), [0x07] = I(phsubsw, F_SSSE3), [0x08] = I(psignb, F_SSSE3),
    [0x09] = I(psignw, F_SSSE3), [0x0a] = I(psignd, F_SSSE3), [0x0b] = I(pmulhrsw, F_SSSE3),
    [0x10] = OP(K_BLENDV, pblendvb, F_SSE41, 16), [0x14] = OP(K_BLENDV, blendvps, F_SSE41, 16),
    [0x15] = OP(K_BLENDV, blendvpd, F_SSE41, 16),
    [0x1c] = I(pabsb, F_SSSE3), [0x1d] = I(pabsw, F_SSSE3), [0x1e] = I(pabsd, F_SSSE3),
    [0x20] = IM(pmovsxbw, F_SSE41, 8), [0x21] = IM(pmovsxbd, F_SSE41, 4),
    [0x22] = IM(pmovsxbq, F_SSE41, 2), [0x23] = IM(pmovsxwd, F_SSE41, 8),
    [0x24] = IM(pmovsxwq, F_SSE41, 4), [0x25] = IM(pmovsxdq, F_SSE41, 8),
    [0x28] = I(pmuldq, F_SSE41), [0x29] = I(pcmpeqq, F_SSE41), [0x2b] = I(packusdw, F_SSE41),
    [0x30] = IM(pmovzxbw, F_SSE41, 8), [0x31] = IM(pmovzxbd, F_SSE41, 4),
    [0x32] = IM(pmovzxbq, F_SSE41, 2), [0x33] = IM(pmovzxwd, F_SSE41, 8),
    [0x34] = IM(pmovzxwq, F_SSE41, 4), [0x35] = IM(pmovzxdq, F_SSE41, 8),
    [0x37] = I(pcmpgtq, F_SSE42),
    [0x38] = I(pminsb, F_SSE41), [0x39] = I(pminsd, F_SSE41), [0x3a] = I(pminuw, F_SSE41),
    [0x3b] = I(pminud, F_SSE41), [0x3c] = I(pmaxsb, F_SSE41), [0x3d] = I(pmaxsd, F_SSE41),
    [0x3e] = I(pmaxuw, F_SSE41), [0x3f] = I(pmaxud, F_SSE41), [0x40] = I(pmulld, F_SSE41),
    [0x41] = I(phminposuw, F_SSE41),
};

/* 66 0F 3A xx */
static const SSEOp ops_0f3a[256] = {
    [0x08] = PI(roundps, F_SSE41, 16), [0x09] = PI(roundpd, F_SSE41, 16),
    [0x0a] = PI(roundss, F_SSE41, 4), [0x0b] = PI(roundsd, F_SSE41, 8),
    [0x0c] = II(blendps, F_SSE41), [0x0d] = II(blendpd, F_SSE41), [0x0e] = II(pblendw, F_SSE41),
    [0x40] = PI(dpps, F_SSE41, 16), [0x41] = PI(dppd, F_SSE41, 16),
    [0x42] = II(mpsadbw, F_SSE41), [0x44] = II(pclmulqdq, F_PCLMUL),
};

/* ---- small IR helpers ---- */

void sse_ld_guest(DisasContext *s, TCGv t, TCGv addr, int disp, MemOp mop)
{
    if (disp) {
        TCGv a = new64(s);
        tcg_gen_addi(T(s), a, addr, disp);
        tcg_gen_qemu_ld(T(s), t, a, mop, x86_mmu_idx(s));
        drop(s, a);
    } else {
        tcg_gen_qemu_ld(T(s), t, addr, mop, x86_mmu_idx(s));
    }
}

void sse_st_guest(DisasContext *s, TCGv t, TCGv addr, int disp, MemOp mop)
{
    if (disp) {
        TCGv a = new64(s);
        tcg_gen_addi(T(s), a, addr, disp);
        tcg_gen_qemu_st(T(s), t, a, mop, x86_mmu_idx(s));
        drop(s, a);
    } else {
        tcg_gen_qemu_st(T(s), t, addr, mop, x86_mmu_idx(s));
    }
}

bool sse_has_feature(DisasContext *s, int f)
{
    const CPUX86State *env = s->env;
    switch (f) {
    case F_MMX: return env->cpuid_features & CPUID_MMX;
    case F_SSE: return env->cpuid_features & CPUID_SSE;
    case F_SSE2: return env->cpuid_features & CPUID_SSE2;
    case F_SSE3: return env->cpuid_ext_features & CPUID_EXT_SSE3;
    case F_SSSE3: return env->cpuid_ext_features & CPUID_EXT_SSSE3;
    case F_SSE41: return env->cpuid_ext_features & CPUID_EXT_SSE41;
    case F_SSE42: return env->cpuid_ext_features & CPUID_EXT_SSE42;
    case F_PCLMUL: return env->cpuid_ext_features & CPUID_EXT_PCLMULQDQ;
    default: return true;
    }
}

/* the mandatory-prefix column: F2 and F3 take precedence over 66 */
static int prefix_column(DisasContext *s)
{
    if (s->prefix & PREFIX_REPNZ)
        return 3;
    if (s->prefix & PREFIX_REPZ)
        return 2;
    return (s->prefix & PREFIX_DATA) ? 1 : 0;
}

/* The effective address of the memory operand (imm_bytes follow it) in
 * an EBB temp, which dies at a label; computed right before its use, so
 * that the backend folds it into the instruction's addressing mode. */
static TCGv gen_ea(DisasContext *s, int imm_bytes)
{
    s->rip_offset = imm_bytes;
    return x86_gen_lea(s);
}

/* addr (dropped) in a temp that lives across the alignment check's branch */
static TCGv keep_across_label(DisasContext *s, TCGv addr)
{
    TCGv a = tcg_temp_new_tb(T(s), TCG_TYPE_I64);
    tcg_gen_mov(T(s), a, addr);
    drop(s, addr);
    return a;
}

TCGv sse_gen_addr(DisasContext *s, int imm_bytes)
{
    return keep_across_label(s, gen_ea(s, imm_bytes));
}

/* legacy-SSE 16-byte operands must be aligned: #GP otherwise */
static void gen_check_align16(DisasContext *s, TCGv addr)
{
    int ok = tcg_new_label(T(s));
    tcg_gen_brcondi(T(s), TCG_COND_TSTEQ, addr, 15, ok);
    tcg_gen_calln(T(s), helper_raise_gpf, 0, TCGV_NONE, T(s)->env);
    tcg_gen_set_label(T(s), ok);
}

/* Load a 128-bit memory operand into two temps (both loads before any
 * state changes, so a fault on the second half is precise). */
static void gen_ld128(DisasContext *s, TCGv lo, TCGv hi, TCGv addr, bool align)
{
    if (align)
        gen_check_align16(s, addr);
    sse_ld_guest(s, lo, addr, 0, MO_64);
    sse_ld_guest(s, hi, addr, 8, MO_64);
}

/* Store the xmm at env offset src to memory (loaded after the alignment
 * check: values in EBB temps do not survive its branch).  The high half
 * goes first: a store running into an inaccessible next page (a guard
 * page after a buffer) then faults before writing anything.  (One that
 * starts in an inaccessible page and ends in an accessible one still
 * leaves its high half written.) */
static void gen_st128(DisasContext *s, size_t src, TCGv addr, bool align)
{
    if (align)
        gen_check_align16(s, addr);
    TCGv lo = new64(s), hi = new64(s);
    ld_env(s, INDEX_op_ld, lo, src);
    ld_env(s, INDEX_op_ld, hi, src + 8);
    sse_st_guest(s, hi, addr, 8, MO_64);
    sse_st_guest(s, lo, addr, 0, MO_64);
    drop(s, lo), drop(s, hi);
}

/* Load msize bytes at addr into the low part of the xmm at env offset ofs. */
void sse_gen_ld_to_env(DisasContext *s, size_t ofs, TCGv addr, int msize, bool align)
{
    TCGv lo = new64(s);
    if (msize == 16) {
        TCGv hi = new64(s);
        gen_ld128(s, lo, hi, addr, align);
        st_env(s, INDEX_op_st, lo, ofs);
        st_env(s, INDEX_op_st, hi, ofs + 8);
        drop(s, hi);
    } else {
        static const MemOp mops[9] = { [1] = MO_8, [2] = MO_16, [4] = MO_32, [8] = MO_64 };
        static const TCGOpcode sts[9] = { [1] = INDEX_op_st8, [2] = INDEX_op_st16,
                                          [4] = INDEX_op_st32, [8] = INDEX_op_st };
        sse_ld_guest(s, lo, addr, 0, mops[msize]);
        st_env(s, sts[msize], lo, ofs);
    }
    drop(s, lo);
}

/* The source operand of a table instruction: its env offset (the register,
 * or xmm_t0 holding the loaded memory operand). */
size_t sse_gen_src(DisasContext *s, int msize, bool align, int imm_bytes)
{
    if (s->mod == 3)
        return xmm_ofs(s->rm);
    TCGv addr = sse_gen_addr(s, imm_bytes);
    sse_gen_ld_to_env(s, T0_OFS, addr, msize, align);
    drop(s, addr);
    return T0_OFS;
}

/* ---- moves ---- */

void sse_gen_copy_q(DisasContext *s, size_t dst, size_t src)
{
    TCGv t = new64(s);
    ld_env(s, INDEX_op_ld, t, src);
    st_env(s, INDEX_op_st, t, dst);
    drop(s, t);
}

static void gen_copy_l(DisasContext *s, size_t dst, size_t src)
{
    TCGv t = new64(s);
    ld_env(s, INDEX_op_ld32u, t, src);
    st_env(s, INDEX_op_st32, t, dst);
    drop(s, t);
}

void sse_gen_zero_q(DisasContext *s, size_t dst)
{
    st_env(s, INDEX_op_st, tcg_constant_i64(T(s), 0), dst);
}

/* for the forms whose ModRM roles are reversed (stores, pextrw r32, xmm) */
static void swap_reg_rm(DisasContext *s)
{
    int r = s->reg;
    s->reg = s->rm;
    s->rm = r;
}

/* xmm(reg) <- xmm/m128, FP and integer moves alike by the host (in
 * every MXCSR mode, so always: the result says so); an aligned load is
 * the host's movaps, which checks the alignment itself */
static bool gen_mov_load(DisasContext *s, bool align)
{
    size_t d = xmm_ofs(s->reg);
    if (s->mod == 3)
        return s->rm == s->reg || sse_gen_host_op(s, TCG_HOST_SSE_KEY(0, 0x28), d, xmm_ofs(s->rm));
    TCGv addr = gen_ea(s, 0);
    bool done = sse_gen_host_mem_op(s, TCG_HOST_SSE_KEY(0, align ? 0x28 : 0x10), d, addr);
    drop(s, addr);
    return done;
}

/* xmm/m128 <- xmm(reg) */
static bool gen_mov_store(DisasContext *s, bool align)
{
    size_t src = xmm_ofs(s->reg);
    if (s->mod == 3) {
        swap_reg_rm(s); /* the copy goes rm <- reg */
        return gen_mov_load(s, false);
    }
    TCGv addr = gen_ea(s, 0);
    /* the host's movaps checks the alignment itself */
    if (!sse_gen_host_mem_op(s, TCG_HOST_SSE_KEY(0, align ? 0x29 : 0x11), src, addr)) {
        addr = keep_across_label(s, addr);
        gen_st128(s, src, addr, align);
    }
    drop(s, addr);
    return true;
}

/* xmm at env offset d = the low size bytes of t (4 or 8), the rest zero:
 * by the host's movd/movq, so the value reaches the host register
 * directly */
static void gen_set_low(DisasContext *s, size_t d, TCGv t, int size)
{
    uint32_t movd = TCG_HOST_SSE_KEY(0x66, 0x6e);
    if (sse_gen_host_gpr_op(s, size == 4 ? movd : movd | TCG_HOST_SSE_REXW, d, t))
        return;
    if (size == 4)
        tcg_gen_ext32u(T(s), t, t);
    st_env(s, INDEX_op_st, t, d);
    sse_gen_zero_q(s, d + 8);
}

/* movss/movsd load: register form merges the low element, memory form zeroes the rest */
static void gen_movs_load(DisasContext *s, int size)
{
    size_t d = xmm_ofs(s->reg);
    if (s->mod == 3) {
        if (sse_gen_host_op(s, TCG_HOST_SSE_KEY(size == 4 ? 0xf3 : 0xf2, 0x10), d, xmm_ofs(s->rm)))
            return;
        if (size == 4)
            gen_copy_l(s, d, xmm_ofs(s->rm));
        else
            sse_gen_copy_q(s, d, xmm_ofs(s->rm));
        return;
    }
    TCGv addr = gen_ea(s, 0);
    uint32_t load = size == 4 ? TCG_HOST_SSE_KEY(0x66, 0x6e) : TCG_HOST_SSE_KEY(0xf3, 0x7e); /* movd/movq */
    if (!sse_gen_host_mem_op(s, load, d, addr)) {
        TCGv t = new64(s);
        sse_ld_guest(s, t, addr, 0, size == 4 ? MO_32 : MO_64);
        gen_set_low(s, d, t, size);
        drop(s, t);
    }
    drop(s, addr);
}

static void gen_movs_store(DisasContext *s, int size)
{
    size_t src = xmm_ofs(s->reg);
    if (s->mod == 3) {
        if (size == 4)
            gen_copy_l(s, xmm_ofs(s->rm), src);
        else
            sse_gen_copy_q(s, xmm_ofs(s->rm), src);
        return;
    }
    TCGv addr = gen_ea(s, 0);
    if (!sse_gen_host_mem_op(s, TCG_HOST_SSE_KEY(size == 4 ? 0xf3 : 0xf2, 0x11), src, addr)) {
        TCGv t = new64(s);
        ld_env(s, size == 4 ? INDEX_op_ld32u : INDEX_op_ld, t, src);
        sse_st_guest(s, t, addr, 0, size == 4 ? MO_32 : MO_64);
        drop(s, t);
    }
    drop(s, addr);
}

/* one 64-bit half of xmm(reg) <- m64, or (register form) from a half of xmm(rm) */
static void gen_movhl_load(DisasContext *s, int dst_half, int reg_src_half)
{
    size_t d = xmm_ofs(s->reg) + 8 * dst_half;
    if (s->mod == 3) {
        sse_gen_copy_q(s, d, xmm_ofs(s->rm) + 8 * reg_src_half);
        return;
    }
    TCGv addr = sse_gen_addr(s, 0);
    sse_gen_ld_to_env(s, d, addr, 8, false);
    drop(s, addr);
}

/* m64 <- one half of xmm(reg); memory only */
static bool gen_movhl_store(DisasContext *s, int half)
{
    if (s->mod == 3)
        return false;
    TCGv addr = gen_ea(s, 0);
    /* the low half: what movsd stores */
    if (half || !sse_gen_host_mem_op(s, TCG_HOST_SSE_KEY(0xf2, 0x11), xmm_ofs(s->reg), addr)) {
        TCGv t = new64(s);
        ld_env(s, INDEX_op_ld, t, xmm_ofs(s->reg) + 8 * half);
        sse_st_guest(s, t, addr, 0, MO_64);
        drop(s, t);
    }
    drop(s, addr);
    return true;
}

/* movq xmm, xmm/m64 (F3 0F 7E): zero the high half */
static bool gen_movq_load(DisasContext *s)
{
    uint32_t movq = TCG_HOST_SSE_KEY(0xf3, 0x7e);
    size_t d = xmm_ofs(s->reg);
    if (s->mod == 3)
        return sse_gen_host_op(s, movq, d, xmm_ofs(s->rm));
    TCGv addr = gen_ea(s, 0);
    bool done = sse_gen_host_mem_op(s, movq, d, addr);
    drop(s, addr);
    return done;
}

/* movq xmm/m64, xmm (66 0F D6); the register form is F3 0F 7E's */
static bool gen_movq_store(DisasContext *s)
{
    if (s->mod != 3)
        return gen_movhl_store(s, 0);
    return sse_gen_host_op(s, TCG_HOST_SSE_KEY(0xf3, 0x7e), xmm_ofs(s->rm), xmm_ofs(s->reg));
}

/* Read a general-register-or-memory operand of size ot into a new temp. */
TCGv sse_gen_ld_rm_gpr(DisasContext *s, MemOp ot, int imm_bytes)
{
    TCGv t = new64(s);
    if (s->mod == 3) {
        x86_gen_load_reg(s, ot, t, s->rm);
    } else {
        TCGv addr = sse_gen_addr(s, imm_bytes);
        sse_ld_guest(s, t, addr, 0, ot);
        drop(s, addr);
    }
    return t;
}

/* Write v (size ot) to a general-register-or-memory operand; a register
 * destination is written whole (zero-extended), as pextrb/pextrw/movd do. */
void sse_gen_st_rm_gpr(DisasContext *s, MemOp ot, TCGv v, TCGv addr)
{
    if (s->mod == 3)
        x86_gen_store_reg(s, ot == MO_64 ? MO_64 : MO_32, s->rm, v);
    else
        sse_st_guest(s, v, addr, 0, ot);
}

/* movd/movq xmm, r/m32/64 (66 0F 6E) */
static void gen_movd_load(DisasContext *s)
{
    MemOp ot = s->rex_w ? MO_64 : MO_32;
    TCGv t = sse_gen_ld_rm_gpr(s, ot, 0);
    gen_set_low(s, xmm_ofs(s->reg), t, ot == MO_64 ? 8 : 4);
    drop(s, t);
}

/* movd/movq r/m32/64, xmm (66 0F 7E) */
static void gen_movd_store(DisasContext *s)
{
    MemOp ot = s->rex_w ? MO_64 : MO_32;
    TCGv addr = s->mod == 3 ? TCGV_NONE : gen_ea(s, 0);
    TCGv t = new64(s);
    uint32_t movd = TCG_HOST_SSE_MOVD_TO_GPR | (ot == MO_64 ? TCG_HOST_SSE_REXW : 0);
    if (!sse_gen_host_to_gpr(s, movd, t, xmm_ofs(s->reg))) /* straight from the host register */
        ld_env(s, ot == MO_64 ? INDEX_op_ld : INDEX_op_ld32u, t, xmm_ofs(s->reg));
    sse_gen_st_rm_gpr(s, ot, t, addr);
    drop(s, t);
    if (addr != TCGV_NONE)
        drop(s, addr);
}

/* ---- generic table instructions ---- */

/* the source operand of palignr in two temps: register or aligned m128 */
static void gen_src_halves(DisasContext *s, TCGv b[2], int imm_bytes)
{
    if (s->mod == 3) {
        ld_env(s, INDEX_op_ld, b[0], xmm_ofs(s->rm));
        ld_env(s, INDEX_op_ld, b[1], xmm_ofs(s->rm) + 8);
    } else {
        TCGv addr = sse_gen_addr(s, imm_bytes);
        gen_ld128(s, b[0], b[1], addr, true);
        drop(s, addr);
    }
}

/* pshufd/pshufhw/pshuflw (66/F3/F2 0F 70), by the host (the column is
 * the form) */
static bool gen_pshuf(DisasContext *s, int col)
{
    if (!sse_has_feature(s, F_SSE2))
        return false;
    x86_decode_modrm(s);
    size_t d = xmm_ofs(s->reg);
    if (s->mod == 3) {
        unsigned imm = x86_ldub_code(s);
        return sse_gen_host_op(s, TCG_HOST_SSE_IMM8_KEY(0x70, col, imm), d, xmm_ofs(s->rm));
    }
    /* the host's pshufd/pshufhw/pshuflw checks the alignment itself */
    TCGv addr = gen_ea(s, 1);
    unsigned imm = x86_ldub_code(s);
    bool done = sse_gen_host_mem_op(s, TCG_HOST_SSE_IMM8_KEY(0x70, col, imm), d, addr);
    drop(s, addr);
    return done;
}

/* the key of a table instruction's host form, or 0 */
static uint32_t host_key(const SSEOp *op, uint32_t key, uint32_t imm)
{
    if (op->kind == K_FP || op->kind == K_INT || op->kind == K_HOST)
        return key;
    return op->kind == K_FP_IMM && imm < 8 ? key | TCG_HOST_SSE_IMM(imm) : 0;
}

/* A memory source operand: read by the host instruction itself when it
 * has a host form (returns SIZE_MAX: done), else loaded into xmm_t0
 * (returns its offset).  *imm: the immediate that follows. */
static size_t gen_table_mem_src(DisasContext *s, const SSEOp *op, uint32_t key, bool has_imm, uint32_t *imm)
{
    TCGv addr = gen_ea(s, has_imm);
    *imm = has_imm ? x86_ldub_code(s) : 0;
    uint32_t k = host_key(op, key, *imm);
    /* the host instruction is the guest's: it checks a 16-byte operand's alignment itself */
    bool done = k && sse_gen_host_mem_op(s, k, xmm_ofs(s->reg), addr);
    if (!done && op->msize == 16) {
        addr = keep_across_label(s, addr);
        gen_check_align16(s, addr);
    }
    if (!done)
        sse_gen_ld_to_env(s, T0_OFS, addr, op->msize, false);
    drop(s, addr);
    return done ? SIZE_MAX : T0_OFS;
}

static bool gen_table_op(DisasContext *s, const SSEOp *op, uint32_t key)
{
    if (op->kind == K_NONE || !sse_has_feature(s, op->feat))
        return false;
    x86_decode_modrm(s);
    bool has_imm = op->kind == K_INT_IMM || op->kind == K_FP_IMM;
    uint32_t imm = 0;
    size_t src = xmm_ofs(s->rm);
    if (s->mod != 3) {
        src = gen_table_mem_src(s, op, key, has_imm, &imm);
        if (src == SIZE_MAX)
            return true;
    } else if (has_imm) {
        imm = x86_ldub_code(s);
    }
    uint32_t k = host_key(op, key, imm);
    if (k && sse_gen_host_op(s, k, xmm_ofs(s->reg), src))
        return true;
    if (op->kind == K_HOST)
        return false; /* not reached: every K_HOST key has a host form */
    TCGContext *t = T(s);
    TCGv d = env_ptr(s, xmm_ofs(s->reg)), sp = env_ptr(s, src);
    TCGv i = tcg_constant_i32(t, imm);
    switch (op->kind) {
    case K_INT: tcg_gen_calln(t, op->fn, TCG_CALL_NO_RWG, TCGV_NONE, d, sp); break;
    case K_INT_IMM: tcg_gen_calln(t, op->fn, TCG_CALL_NO_RWG, TCGV_NONE, d, sp, i); break;
    case K_FP: tcg_gen_calln(t, op->fn, TCG_CALL_NO_WG, TCGV_NONE, t->env, d, sp); break;
    case K_FP_IMM: tcg_gen_calln(t, op->fn, TCG_CALL_NO_WG, TCGV_NONE, t->env, d, sp, i); break;
    case K_BLENDV:
        tcg_gen_calln(t, op->fn, TCG_CALL_NO_RWG, TCGV_NONE, d, sp, env_ptr(s, xmm_ofs(0)));
        break;
    }
    return true;
}

/* palignr (66 0F 3A 0F): bytes imm.. of the 32-byte concatenation dest:src */
static bool gen_palignr(DisasContext *s)
{
    if (!sse_has_feature(s, F_SSSE3))
        return false;
    x86_decode_modrm(s);
    bool reg_form = s->mod == 3; /* the immediate follows at once: read it first */
    unsigned n = reg_form ? x86_ldub_code(s) : 0;
    if (reg_form && sse_gen_host_op(s, TCG_HOST_SSE_IMM8_KEY(0x0f, 1, n), xmm_ofs(s->reg), xmm_ofs(s->rm)))
        return true;
    TCGContext *t = T(s);
    TCGv q[4] = { new64(s), new64(s), new64(s), new64(s) }, r[2] = { new64(s), new64(s) };
    gen_src_halves(s, q, 1);
    if (!reg_form)
        n = x86_ldub_code(s);
    ld_env(s, INDEX_op_ld, q[2], xmm_ofs(s->reg));
    ld_env(s, INDEX_op_ld, q[3], xmm_ofs(s->reg) + 8);
    for (unsigned i = 0; i < 2; i++) {
        unsigned w = n / 8 + i, b = 8 * (n % 8);
        if (n >= 32 || w > 3) {
            tcg_gen_movi(t, r[i], 0);
        } else if (b == 0) {
            tcg_gen_mov(t, r[i], q[w]);
        } else {
            tcg_gen_shri(t, r[i], q[w], b);
            if (w < 3) {
                TCGv up = new64(s);
                tcg_gen_shli(t, up, q[w + 1], 64 - b);
                tcg_gen_or(t, r[i], r[i], up);
                drop(s, up);
            }
        }
    }
    st_env(s, INDEX_op_st, r[0], xmm_ofs(s->reg));
    st_env(s, INDEX_op_st, r[1], xmm_ofs(s->reg) + 8);
    for (int i = 0; i < 4; i++)
        drop(s, q[i]);
    drop(s, r[0]), drop(s, r[1]);
    return true;
}

/* ---- shifts by immediate (66 0F 71/72/73), by the host ---- */

static bool gen_shift_imm(DisasContext *s, int opcode)
{
    /* per group, the valid ModRM.reg values: /2 /4 /6 for words and
     * dwords, /2 /3 /6 /7 for qwords and byte shifts */
    static const uint8_t valid[3] = { 0x54, 0x54, 0xcc };
    if (prefix_column(s) != 1 || !sse_has_feature(s, F_SSE2)) /* an F2/F3 overrides the 66 */
        return false;
    x86_decode_modrm(s);
    int op = s->reg & 7;
    if (s->mod != 3 || !(valid[opcode - 0x71] >> op & 1))
        return false;
    unsigned n = x86_ldub_code(s);
    size_t d = xmm_ofs(s->rm);
    return sse_gen_host_op(s, TCG_HOST_SSE_IMM8_KEY(opcode, op, n), d, d);
}

/* ---- conversions with general registers and EFLAGS compares ---- */

/* the REX.W form of a conversion's key */
static uint32_t with_rex_w(DisasContext *s, uint32_t key)
{
    return s->rex_w ? key | TCG_HOST_SSE_REXW : key;
}

/* cvtsi2ss/cvtsi2sd (F3/F2 0F 2A) */
static bool gen_cvtsi2f(DisasContext *s, bool dbl)
{
    static void *const fns[2][2] = {
        { helper_cvtsi2ss_l, helper_cvtsi2ss_q }, { helper_cvtsi2sd_l, helper_cvtsi2sd_q },
    };
    if (!sse_has_feature(s, dbl ? F_SSE2 : F_SSE))
        return false;
    x86_decode_modrm(s);
    TCGv v = sse_gen_ld_rm_gpr(s, s->rex_w ? MO_64 : MO_32, 0);
    uint32_t key = with_rex_w(s, TCG_HOST_SSE_KEY(dbl ? 0xf2 : 0xf3, 0x2a));
    if (!sse_gen_host_gpr_op(s, key, xmm_ofs(s->reg), v))
        tcg_gen_calln(T(s), fns[dbl][s->rex_w], TCG_CALL_NO_WG, TCGV_NONE, T(s)->env,
                      env_ptr(s, xmm_ofs(s->reg)), v);
    drop(s, v);
    return true;
}

/* cvt(t)ss2si/cvt(t)sd2si (F3/F2 0F 2C/2D) */
static bool gen_cvtf2si(DisasContext *s, bool dbl, bool truncate)
{
    static void *const fns[2][2][2] = {
        { { helper_cvtss2si_l, helper_cvtss2si_q }, { helper_cvttss2si_l, helper_cvttss2si_q } },
        { { helper_cvtsd2si_l, helper_cvtsd2si_q }, { helper_cvttsd2si_l, helper_cvttsd2si_q } },
    };
    if (!sse_has_feature(s, dbl ? F_SSE2 : F_SSE))
        return false;
    x86_decode_modrm(s);
    size_t src = sse_gen_src(s, dbl ? 8 : 4, false, 0);
    TCGv r = new64(s);
    uint32_t key = with_rex_w(s, TCG_HOST_SSE_KEY(dbl ? 0xf2 : 0xf3, truncate ? 0x2c : 0x2d));
    if (!sse_gen_host_to_gpr(s, key, r, src))
        tcg_gen_calln(T(s), fns[dbl][truncate][s->rex_w], TCG_CALL_NO_WG, r, T(s)->env, env_ptr(s, src));
    x86_gen_store_reg(s, s->rex_w ? MO_64 : MO_32, s->reg, r);
    drop(s, r);
    return true;
}

/* Switch to CC_OP_EFLAGS with the helper's CC_* bits. */
static void gen_set_eflags(DisasContext *s, TCGv flags)
{
    x86_set_cc_op(s, CC_OP_EFLAGS);
    tcg_gen_mov(T(s), x86_globals.cc_src, flags);
}

/* (u)comiss/(u)comisd (0F 2E/2F) */
static bool gen_comi(DisasContext *s, int opcode)
{
    static void *const fns[2][2] = {
        { helper_ucomiss, helper_comiss }, { helper_ucomisd, helper_comisd },
    };
    int col = prefix_column(s);
    if (col > 1 || !sse_has_feature(s, col ? F_SSE2 : F_SSE))
        return false;
    x86_decode_modrm(s);
    size_t src = sse_gen_src(s, col ? 8 : 4, false, 0);
    TCGv r = new64(s);
    if (!sse_gen_host_compare(s, TCG_HOST_SSE_KEY(col ? 0x66 : 0, opcode), r, xmm_ofs(s->reg), src))
        tcg_gen_calln(T(s), fns[col][opcode & 1], TCG_CALL_NO_WG, r, T(s)->env,
                      env_ptr(s, xmm_ofs(s->reg)), env_ptr(s, src));
    gen_set_eflags(s, r);
    drop(s, r);
    return true;
}

/* the sign bits of the 8 bytes of x, packed into r's low byte */
void sse_gen_byte_signs(DisasContext *s, TCGv r, TCGv x)
{
    tcg_gen_andi(T(s), r, x, 0x8080808080808080ull);
    tcg_gen_mul(T(s), r, r, cst64(s, 0x0002040810204081ull));
    tcg_gen_shri(T(s), r, r, 56);
}

/* movmskps/movmskpd/pmovmskb (element bits 4, 2 or 16): register forms only */
static bool gen_movmsk(DisasContext *s, int elements, int feat)
{
    if (!sse_has_feature(s, feat))
        return false;
    x86_decode_modrm(s);
    if (s->mod != 3)
        return false;
    static const uint32_t keys[17] = { [2] = TCG_HOST_SSE_KEY(0x66, 0x50), [4] = TCG_HOST_SSE_KEY(0, 0x50),
                                       [16] = TCG_HOST_SSE_KEY(0x66, 0xd7) };
    TCGv r = new64(s);
    bool done = sse_gen_host_to_gpr(s, keys[elements], r, xmm_ofs(s->rm)); /* in every MXCSR mode */
    if (done)
        x86_gen_store_reg(s, MO_64, s->reg, r);
    drop(s, r);
    return done;
}

/* ---- element inserts and extracts ---- */

static const TCGOpcode ld_of_size[4] = { INDEX_op_ld8u, INDEX_op_ld16u, INDEX_op_ld32u, INDEX_op_ld };
static const TCGOpcode st_of_size[4] = { INDEX_op_st8, INDEX_op_st16, INDEX_op_st32, INDEX_op_st };

/* pinsrb/w/d/q: xmm(reg).element[imm] <- r/m */
static bool gen_pinsr(DisasContext *s, MemOp ot, int feat)
{
    if (!sse_has_feature(s, feat))
        return false;
    x86_decode_modrm(s);
    TCGv v = sse_gen_ld_rm_gpr(s, s->mod == 3 && ot < MO_32 ? MO_32 : ot, 1);
    unsigned idx = x86_ldub_code(s) & ((16 >> ot) - 1);
    st_env(s, st_of_size[ot], v, xmm_ofs(s->reg) + (idx << ot));
    drop(s, v);
    return true;
}

/* pextrb/w/d/q, extractps: r/m <- xmm(reg).element[imm] (reg_form_rm:
 * 0F C5 pextrw has the xmm in rm and the GPR in reg) */
static bool gen_pextr(DisasContext *s, MemOp ot, int feat, bool swapped)
{
    if (!sse_has_feature(s, feat))
        return false;
    x86_decode_modrm(s);
    if (swapped) {
        if (s->mod != 3)
            return false;
        swap_reg_rm(s);
    }
    TCGv addr = s->mod == 3 ? TCGV_NONE : sse_gen_addr(s, 1);
    unsigned idx = x86_ldub_code(s) & ((16 >> ot) - 1);
    TCGv v = new64(s);
    ld_env(s, ld_of_size[ot], v, xmm_ofs(s->reg) + (idx << ot));
    sse_gen_st_rm_gpr(s, ot, v, addr);
    drop(s, v);
    if (addr != TCGV_NONE)
        drop(s, addr);
    return true;
}

/* insertps: from memory the source is m32 itself (count_s ignored) */
static bool gen_insertps(DisasContext *s)
{
    if (!sse_has_feature(s, F_SSE41))
        return false;
    x86_decode_modrm(s);
    size_t src = sse_gen_src(s, 4, false, 1);
    uint32_t imm = x86_ldub_code(s);
    if (s->mod != 3)
        imm &= 0x3f;
    tcg_gen_calln(T(s), helper_insertps, TCG_CALL_NO_RWG, TCGV_NONE, env_ptr(s, xmm_ofs(s->reg)),
                  env_ptr(s, src), tcg_constant_i32(T(s), imm));
    return true;
}

/* ---- SSE4.1/4.2 specials ---- */

static bool gen_ptest(DisasContext *s)
{
    if (!sse_has_feature(s, F_SSE41))
        return false;
    x86_decode_modrm(s);
    size_t src = sse_gen_src(s, 16, true, 0);
    TCGv r = new64(s);
    uint32_t key = TCG_HOST_SSE_KEY(TCG_HOST_SSE_MAP_0F38, 0x17);
    if (!sse_gen_host_compare(s, key, r, xmm_ofs(s->reg), src))
        tcg_gen_calln(T(s), helper_ptest, TCG_CALL_NO_RWG, r, env_ptr(s, xmm_ofs(s->reg)), env_ptr(s, src));
    gen_set_eflags(s, r);
    drop(s, r);
    return true;
}

/* pcmpestrm/pcmpestri/pcmpistrm/pcmpistri (66 0F 3A 60-63); unaligned memory is allowed */
static bool gen_pcmpstr(DisasContext *s, int opcode)
{
    if (!sse_has_feature(s, F_SSE42))
        return false;
    x86_decode_modrm(s);
    size_t src = sse_gen_src(s, 16, false, 1);
    TCGContext *t = T(s);
    TCGv imm = tcg_constant_i32(t, x86_ldub_code(s));
    TCGv d = env_ptr(s, xmm_ofs(s->reg)), sp = env_ptr(s, src), r = new64(s);
    bool is_index = opcode & 1, is_explicit = !(opcode & 2);
    if (is_explicit) {
        MemOp ot = s->rex_w ? MO_64 : MO_32;
        TCGv la = new64(s), ld = new64(s);
        x86_gen_load_reg(s, ot, la, R_EAX);
        x86_gen_load_reg(s, ot, ld, R_EDX);
        if (ot == MO_32) {
            tcg_gen_ext32s(t, la, la);
            tcg_gen_ext32s(t, ld, ld);
        }
        if (is_index)
            tcg_gen_calln(t, helper_pcmpestri, TCG_CALL_NO_RWG, r, d, sp, imm, la, ld);
        else
            tcg_gen_calln(t, helper_pcmpestrm, TCG_CALL_NO_RWG, r, env_ptr(s, xmm_ofs(0)), d, sp, imm, la, ld);
        drop(s, la), drop(s, ld);
    } else if (is_index) {
        tcg_gen_calln(t, helper_pcmpistri, TCG_CALL_NO_RWG, r, d, sp, imm);
    } else {
        tcg_gen_calln(t, helper_pcmpistrm, TCG_CALL_NO_RWG, r, env_ptr(s, xmm_ofs(0)), d, sp, imm);
    }
    if (is_index) {
        TCGv idx = new64(s);
        tcg_gen_shri(t, idx, r, 32);
        x86_gen_store_reg(s, MO_32, R_ECX, idx);
        tcg_gen_ext32u(t, r, r);
        drop(s, idx);
    }
    gen_set_eflags(s, r);
    drop(s, r);
    return true;
}

/* crc32 r32/r64, r/m8/16/32/64 (F2 0F 38 F0/F1) */
static bool gen_crc32(DisasContext *s, int opcode)
{
    if (!sse_has_feature(s, F_SSE42))
        return false;
    x86_decode_modrm(s);
    MemOp ot = opcode == 0xf0 ? MO_8 : s->rex_w ? MO_64 : (s->prefix & PREFIX_DATA) ? MO_16 : MO_32;
    TCGv v = sse_gen_ld_rm_gpr(s, ot, 0);
    TCGv c = new64(s);
    x86_gen_load_reg(s, MO_32, c, s->reg);
    tcg_gen_calln(T(s), helper_crc32, TCG_CALL_NO_RWG | TCG_CALL_NO_SIDE_EFFECTS, c, c, v,
                  tcg_constant_i32(T(s), ot));
    x86_gen_store_reg(s, s->rex_w ? MO_64 : MO_32, s->reg, c);
    drop(s, v), drop(s, c);
    return true;
}

/* ---- 0F AE: fxsave/fxrstor, ldmxcsr/stmxcsr, fences, clflush ---- */

/* v = the guest's MXCSR: in the default mode, env's with the flags still
 * pending in the host's (sse_helper.c), read inline */
static void gen_stmxcsr(DisasContext *s, TCGv v)
{
    TCGContext *t = T(s);
    if (!sse_gen_host_to_gpr(s, TCG_HOST_SSE_STMXCSR, v, 0)) {
        tcg_gen_calln(t, helper_stmxcsr, TCG_CALL_NO_WG, v, t->env);
        return;
    }
    TCGv m = new64(s);
    tcg_gen_andi(t, v, v, 0x3f);
    ld_env(s, INDEX_op_ld32u, m, offsetof(CPUX86State, mxcsr));
    tcg_gen_or(t, v, v, m);
    drop(s, m);
}

/* 0F AE.  A new MXCSR (ldmxcsr, fxrstor) may change HF_MXCSR_NONDEF,
 * which selects how SSE arithmetic is translated, and fxrstor's new
 * control word also HF_X87_NONDEF: both end their block with
 * gen_jmp_next_mode_changed. */
static bool gen_group15(DisasContext *s)
{
    if (s->prefix & (PREFIX_REPZ | PREFIX_REPNZ))
        return false;
    x86_decode_modrm(s);
    int op = s->reg & 7;
    if (s->mod == 3) {
        if (op < 5 || (s->prefix & PREFIX_DATA) || !sse_has_feature(s, op == 7 ? F_SSE : F_SSE2))
            return false;
        tcg_gen_mb(T(s)); /* lfence/mfence/sfence */
        return true;
    }
    if ((s->prefix & PREFIX_DATA) && op != 7)
        return false;
    TCGContext *t = T(s);
    switch (op) {
    case 0:
    case 1: {
        if (!(s->env->cpuid_features & CPUID_FXSR))
            return false;
        TCGv addr = sse_gen_addr(s, 0);
        tcg_gen_calln(t, op ? (void *)helper_fxrstor : (void *)helper_fxsave, TCG_CALL_NO_WG,
                      TCGV_NONE, t->env, addr, tcg_constant_i32(t, s->rex_w));
        drop(s, addr);
        if (op)
            gen_jmp_next_mode_changed(s);
        return true;
    }
    case 2: {
        if (!sse_has_feature(s, F_SSE))
            return false;
        TCGv addr = sse_gen_addr(s, 0), v = new64(s);
        sse_ld_guest(s, v, addr, 0, MO_32);
        tcg_gen_calln(t, helper_ldmxcsr, TCG_CALL_NO_WG, TCGV_NONE, t->env, v);
        drop(s, addr), drop(s, v);
        gen_jmp_next_mode_changed(s);
        return true;
    }
    case 3: {
        if (!sse_has_feature(s, F_SSE))
            return false;
        TCGv addr = sse_gen_addr(s, 0), v = new64(s);
        gen_stmxcsr(s, v);
        sse_st_guest(s, v, addr, 0, MO_32);
        drop(s, addr), drop(s, v);
        return true;
    }
    case 7: { /* clflush / clflushopt: touch nothing, but the address must be valid to decode */
        TCGv addr = sse_gen_addr(s, 0);
        drop(s, addr);
        return true;
    }
    default:
        return false;
    }
}

/* ---- the rest of 0F xx ---- */

/* DS:rDI, the implicit destination of maskmovdqu/maskmovq */
TCGv sse_gen_rdi_addr(DisasContext *s)
{
    TCGv addr = new64(s);
    x86_gen_load_reg(s, s->aflag, addr, R_EDI);
    if (s->override_seg >= 0) {
        TCGv base = new64(s);
        ld_env(s, INDEX_op_ld, base, offsetof(CPUX86State, seg_base) + 8 * (size_t)s->override_seg);
        tcg_gen_add(T(s), addr, addr, base);
        drop(s, base);
    }
    return addr;
}

/* maskmovdqu xmm1, xmm2 */
static bool gen_maskmov(DisasContext *s)
{
    if (!sse_has_feature(s, F_SSE2))
        return false;
    x86_decode_modrm(s);
    if (s->mod != 3)
        return false;
    TCGv addr = sse_gen_rdi_addr(s);
    tcg_gen_calln(T(s), helper_maskmovdqu, TCG_CALL_NO_WG, TCGV_NONE, T(s)->env,
                  env_ptr(s, xmm_ofs(s->reg)), env_ptr(s, xmm_ofs(s->rm)), addr);
    drop(s, addr);
    return true;
}

/* emms: all x87 tags empty (after #MF for a pending x87 exception) */
static bool gen_emms(DisasContext *s)
{
    if (prefix_column(s) != 0 || !(s->env->cpuid_features & CPUID_MMX))
        return false;
    tcg_gen_calln(T(s), helper_x87_emms, TCG_CALL_NO_WG, TCGV_NONE, T(s)->env);
    return true;
}

/* The moves of 0F 10-17, 28/29/2B, 6E/6F, 7E/7F, D6, E7, F0.  Returns
 * -1 if the opcode is not a move, else whether it was decoded. */
static int gen_move(DisasContext *s, int opcode, int col)
{
    static const uint8_t feat_by_col[4] = { F_SSE, F_SSE2, F_SSE, F_SSE2 };
    int feat = feat_by_col[col];
    switch (opcode) {
    case 0x10: case 0x11: case 0x12: case 0x13: case 0x16: case 0x17:
    case 0x28: case 0x29: case 0x2b:
        break;
    case 0x6e: case 0x6f: case 0x7e: case 0x7f: case 0xd6: case 0xe7:
        feat = F_SSE2;
        break;
    case 0xf0:
        if (col != 3)
            return false;
        feat = F_SSE3;
        break;
    default:
        return -1;
    }
    if ((opcode == 0x12 || opcode == 0x16) && col >= 2)
        return -1; /* movsldup/movshdup/movddup are table ops */
    if (!sse_has_feature(s, feat))
        return false;
    x86_decode_modrm(s);
    bool mem = s->mod != 3;
    switch (opcode << 2 | col) {
    case 0x10 << 2 | 0: case 0x10 << 2 | 1: return gen_mov_load(s, false);
    case 0x10 << 2 | 2: gen_movs_load(s, 4); return true;
    case 0x10 << 2 | 3: gen_movs_load(s, 8); return true;
    case 0x11 << 2 | 0: case 0x11 << 2 | 1: return gen_mov_store(s, false);
    case 0x11 << 2 | 2: gen_movs_store(s, 4); return true;
    case 0x11 << 2 | 3: gen_movs_store(s, 8); return true;
    case 0x12 << 2 | 0: gen_movhl_load(s, 0, 1); return true;      /* movlps / movhlps */
    case 0x12 << 2 | 1: if (!mem) return false; gen_movhl_load(s, 0, 0); return true; /* movlpd */
    case 0x13 << 2 | 0: case 0x13 << 2 | 1: return gen_movhl_store(s, 0);
    case 0x16 << 2 | 0: gen_movhl_load(s, 1, 0); return true;      /* movhps / movlhps */
    case 0x16 << 2 | 1: if (!mem) return false; gen_movhl_load(s, 1, 0); return true; /* movhpd */
    case 0x17 << 2 | 0: case 0x17 << 2 | 1: return gen_movhl_store(s, 1);
    case 0x28 << 2 | 0: case 0x28 << 2 | 1: return gen_mov_load(s, true);
    case 0x29 << 2 | 0: case 0x29 << 2 | 1: return gen_mov_store(s, true);
    case 0x2b << 2 | 0: case 0x2b << 2 | 1: case 0xe7 << 2 | 1:
        if (!mem) return false;
        return gen_mov_store(s, true);             /* movntps/pd/dq */
    case 0x6e << 2 | 1: gen_movd_load(s); return true;
    case 0x6f << 2 | 1: return gen_mov_load(s, true);  /* movdqa */
    case 0x6f << 2 | 2: return gen_mov_load(s, false); /* movdqu */
    case 0x7e << 2 | 1: gen_movd_store(s); return true;
    case 0x7e << 2 | 2: return gen_movq_load(s);
    case 0x7f << 2 | 1: return gen_mov_store(s, true);
    case 0x7f << 2 | 2: return gen_mov_store(s, false);
    case 0xd6 << 2 | 1: return gen_movq_store(s);
    case 0xf0 << 2 | 3: if (!mem) return false; return gen_mov_load(s, false); /* lddqu */
    default: return false;
    }
}

static bool translate_0f(DisasContext *s, int opcode)
{
    int col = prefix_column(s);
    int mmx = sse_translate_mmx(s, 1, opcode, col);
    if (mmx >= 0)
        return mmx;
    int moved = gen_move(s, opcode, col);
    if (moved >= 0)
        return moved;
    switch (opcode) {
    case 0x2a:
        return col >= 2 && gen_cvtsi2f(s, col == 3);
    case 0x2c: case 0x2d:
        return col >= 2 && gen_cvtf2si(s, col == 3, opcode == 0x2c);
    case 0x2e: case 0x2f:
        return gen_comi(s, opcode);
    case 0x50:
        return col <= 1 && gen_movmsk(s, col ? 2 : 4, col ? F_SSE2 : F_SSE);
    case 0x70:
        return col >= 1 && gen_pshuf(s, col);
    case 0x71: case 0x72: case 0x73:
        return gen_shift_imm(s, opcode);
    case 0x77:
        return gen_emms(s);
    case 0xae:
        return gen_group15(s);
    case 0xc4:
        return col == 1 && gen_pinsr(s, MO_16, F_SSE2);
    case 0xc5:
        return col == 1 && gen_pextr(s, MO_16, F_SSE2, true);
    case 0xd7:
        return col == 1 && gen_movmsk(s, 16, F_SSE2);
    case 0xf7:
        return col == 1 && gen_maskmov(s);
    }
    static const uint8_t prefixes[4] = { 0, 0x66, 0xf3, 0xf2 };
    return gen_table_op(s, &ops_0f[opcode][col], TCG_HOST_SSE_KEY(prefixes[col], opcode));
}

static bool translate_0f38(DisasContext *s, int opcode)
{
    int col = prefix_column(s);
    if (opcode == 0xf0 || opcode == 0xf1)
        return col == 3 && gen_crc32(s, opcode);
    int mmx = sse_translate_mmx(s, 2, opcode, col);
    if (mmx >= 0)
        return mmx;
    if (col != 1)
        return false;
    switch (opcode) {
    case 0x17:
        return gen_ptest(s);
    case 0x2a: /* movntdqa */
        if (!sse_has_feature(s, F_SSE41))
            return false;
        x86_decode_modrm(s);
        if (s->mod == 3)
            return false;
        return gen_mov_load(s, true);
    }
    return gen_table_op(s, &ops_0f38[opcode], TCG_HOST_SSE_KEY(TCG_HOST_SSE_MAP_0F38, opcode));
}

static bool translate_0f3a(DisasContext *s, int opcode)
{
    int mmx = sse_translate_mmx(s, 3, opcode, prefix_column(s));
    if (mmx >= 0)
        return mmx;
    if (prefix_column(s) != 1)
        return false;
    switch (opcode) {
    case 0x0f: return gen_palignr(s);
    case 0x14: return gen_pextr(s, MO_8, F_SSE41, false);
    case 0x15: return gen_pextr(s, MO_16, F_SSE41, false);
    case 0x16: return gen_pextr(s, s->rex_w ? MO_64 : MO_32, F_SSE41, false);
    case 0x17: return gen_pextr(s, MO_32, F_SSE41, false); /* extractps */
    case 0x20: return gen_pinsr(s, MO_8, F_SSE41);
    case 0x21: return gen_insertps(s);
    case 0x22: return gen_pinsr(s, s->rex_w ? MO_64 : MO_32, F_SSE41);
    case 0x60: case 0x61: case 0x62: case 0x63: return gen_pcmpstr(s, opcode);
    }
    return gen_table_op(s, &ops_0f3a[opcode], 0);
}

bool x86_translate_sse(DisasContext *s, int map, int opcode)
{
    if (s->prefix & PREFIX_LOCK)
        return false; /* no SSE/MMX instruction takes LOCK: #UD */
    switch (map) {
    case 1: return translate_0f(s, opcode);
    case 2: return translate_0f38(s, opcode);
    case 3: return translate_0f3a(s, opcode);
    default: return false;
    }
}

/* sse_helper.h — the SSE helpers that generated code calls (sse_helper.c),
 * shared with the SSE translator (translate_sse.c) only.
 *
 * Calling conventions, chosen so the translator can call whole classes of
 * helpers through one code path:
 *   SSEIntFn   d = op(d, s): no guest state besides the two registers
 *   SSEIntImmFn  the same with an immediate byte
 *   SSEFpFn    floating point: env for MXCSR, may raise #XM
 *   SSEFpImmFn   the same with an immediate byte
 *   SSEBlendvFn  d = op(d, s, xmm0) (the implicit-xmm0 blends) */
#ifndef TERN_TARGET_X86_SSE_HELPER_H
#define TERN_TARGET_X86_SSE_HELPER_H

#include "target/x86/cpu.h"

typedef void (*SSEIntFn)(XMMReg *d, const XMMReg *s);
typedef void (*SSEIntImmFn)(XMMReg *d, const XMMReg *s, uint32_t imm);
typedef void (*SSEFpFn)(CPUX86State *env, XMMReg *d, const XMMReg *s);
typedef void (*SSEFpImmFn)(CPUX86State *env, XMMReg *d, const XMMReg *s, uint32_t imm);
typedef void (*SSEBlendvFn)(XMMReg *d, const XMMReg *s, const XMMReg *mask);

#define SSE_INT_HELPERS(X)                                                        \
    X(paddb) X(paddw) X(paddd) X(paddq) X(psubb) X(psubw) X(psubd) X(psubq)       \
    X(paddsb) X(paddsw) X(paddusb) X(paddusw) X(psubsb) X(psubsw) X(psubusb)       \
    X(psubusw) X(pmullw) X(pmulhw) X(pmulhuw) X(pmuludq) X(pmaddwd) X(psadbw)      \
    X(pavgb) X(pavgw) X(pminub) X(pmaxub) X(pminsw) X(pmaxsw)                      \
    X(pcmpeqb) X(pcmpeqw) X(pcmpeqd) X(pcmpgtb) X(pcmpgtw) X(pcmpgtd)              \
    X(packsswb) X(packssdw) X(packuswb)                                            \
    X(punpcklbw) X(punpcklwd) X(punpckldq) X(punpckhbw) X(punpckhwd)               \
    X(psrlw) X(psrld) X(psrlq) X(psraw) X(psrad) X(psllw) X(pslld) X(psllq)        \
    X(pshufb) X(phaddw) X(phaddd) X(phaddsw) X(pmaddubsw) X(phsubw) X(phsubd)      \
    X(phsubsw) X(psignb) X(psignw) X(psignd) X(pmulhrsw) X(pabsb) X(pabsw) X(pabsd) \
    X(pmuldq) X(pcmpeqq) X(packusdw) X(pminsb) X(pminsd) X(pminuw) X(pminud)       \
    X(pmaxsb) X(pmaxsd) X(pmaxuw) X(pmaxud) X(pmulld) X(phminposuw)                \
    X(pmovsxbw) X(pmovsxbd) X(pmovsxbq) X(pmovsxwd) X(pmovsxwq) X(pmovsxdq)        \
    X(pmovzxbw) X(pmovzxbd) X(pmovzxbq) X(pmovzxwd) X(pmovzxwq) X(pmovzxdq)        \
    X(pcmpgtq) X(movsldup) X(movshdup) X(movddup)

#define SSE_FP_HELPERS(X)                                                         \
    X(addps) X(addpd) X(addss) X(addsd) X(subps) X(subpd) X(subss) X(subsd)       \
    X(mulps) X(mulpd) X(mulss) X(mulsd) X(divps) X(divpd) X(divss) X(divsd)       \
    X(minps) X(minpd) X(minss) X(minsd) X(maxps) X(maxpd) X(maxss) X(maxsd)       \
    X(sqrtps) X(sqrtpd) X(sqrtss) X(sqrtsd) X(rsqrtps) X(rsqrtss) X(rcpps) X(rcpss) \
    X(cvtps2pd) X(cvtpd2ps) X(cvtss2sd) X(cvtsd2ss) X(cvtdq2ps) X(cvtps2dq)        \
    X(cvttps2dq) X(cvttpd2dq) X(cvtdq2pd) X(cvtpd2dq)                              \
    X(addsubps) X(addsubpd) X(haddps) X(haddpd) X(hsubps) X(hsubpd)

#define SSE_INT_IMM_HELPERS(X)                                                    \
    X(shufps) X(shufpd) X(blendps) X(blendpd) X(pblendw) X(mpsadbw) X(insertps) \
    X(pclmulqdq)

#define SSE_FP_IMM_HELPERS(X)                                                     \
    X(cmpps) X(cmppd) X(cmpss) X(cmpsd) X(roundps) X(roundpd) X(roundss)          \
    X(roundsd) X(dpps) X(dppd)

#define SSE_BLENDV_HELPERS(X) X(pblendvb) X(blendvps) X(blendvpd)

#define DECLARE_INT(n) void helper_##n(XMMReg *d, const XMMReg *s);
#define DECLARE_FP(n) void helper_##n(CPUX86State *env, XMMReg *d, const XMMReg *s);
#define DECLARE_INT_IMM(n) void helper_##n(XMMReg *d, const XMMReg *s, uint32_t imm);
#define DECLARE_FP_IMM(n) void helper_##n(CPUX86State *env, XMMReg *d, const XMMReg *s, uint32_t imm);
#define DECLARE_BLENDV(n) void helper_##n(XMMReg *d, const XMMReg *s, const XMMReg *mask);
SSE_INT_HELPERS(DECLARE_INT)
SSE_FP_HELPERS(DECLARE_FP)
SSE_INT_IMM_HELPERS(DECLARE_INT_IMM)
SSE_FP_IMM_HELPERS(DECLARE_FP_IMM)
SSE_BLENDV_HELPERS(DECLARE_BLENDV)
#undef DECLARE_INT
#undef DECLARE_FP
#undef DECLARE_INT_IMM
#undef DECLARE_FP_IMM
#undef DECLARE_BLENDV

/* EFLAGS-producing compares: return the CC_* bits */
uint64_t helper_comiss(CPUX86State *env, const XMMReg *d, const XMMReg *s);
uint64_t helper_ucomiss(CPUX86State *env, const XMMReg *d, const XMMReg *s);
uint64_t helper_comisd(CPUX86State *env, const XMMReg *d, const XMMReg *s);
uint64_t helper_ucomisd(CPUX86State *env, const XMMReg *d, const XMMReg *s);
uint64_t helper_ptest(const XMMReg *d, const XMMReg *s);

/* string compares: *stri return (index << 32) | CC_* bits; *strm write
 * the mask to xmm0 and return the CC_* bits.  len_a/len_d are RAX/RDX
 * (sign-extended from 32 bits without REX.W). */
uint64_t helper_pcmpistri(const XMMReg *d, const XMMReg *s, uint32_t imm);
uint64_t helper_pcmpistrm(XMMReg *xmm0, const XMMReg *d, const XMMReg *s, uint32_t imm);
uint64_t helper_pcmpestri(const XMMReg *d, const XMMReg *s, uint32_t imm, int64_t len_a, int64_t len_d);
uint64_t helper_pcmpestrm(XMMReg *xmm0, const XMMReg *d, const XMMReg *s, uint32_t imm, int64_t len_a, int64_t len_d);

/* conversions between GPRs and scalars */
void helper_cvtsi2ss_l(CPUX86State *env, XMMReg *d, int64_t v);
void helper_cvtsi2ss_q(CPUX86State *env, XMMReg *d, int64_t v);
void helper_cvtsi2sd_l(CPUX86State *env, XMMReg *d, int64_t v);
void helper_cvtsi2sd_q(CPUX86State *env, XMMReg *d, int64_t v);
uint64_t helper_cvtss2si_l(CPUX86State *env, const XMMReg *s);
uint64_t helper_cvtss2si_q(CPUX86State *env, const XMMReg *s);
uint64_t helper_cvttss2si_l(CPUX86State *env, const XMMReg *s);
uint64_t helper_cvttss2si_q(CPUX86State *env, const XMMReg *s);
uint64_t helper_cvtsd2si_l(CPUX86State *env, const XMMReg *s);
uint64_t helper_cvtsd2si_q(CPUX86State *env, const XMMReg *s);
uint64_t helper_cvttsd2si_l(CPUX86State *env, const XMMReg *s);
uint64_t helper_cvttsd2si_q(CPUX86State *env, const XMMReg *s);

/* crc32 of the low (1 << size) bytes of v into crc (size: MO_8..MO_64) */
uint64_t helper_crc32(uint64_t crc, uint64_t v, uint32_t size);

/* MMX: the 64-bit forms run the SSE helper fn on zero-extended copies
 * and keep the low half (lo), the high half (hi: punpckh* are the high
 * half of punpckl*), or run it on the concatenation d:s given as both
 * operands (cat: packs and horizontal adds) */
void helper_mmx_lo(SSEIntFn fn, uint64_t *d, const uint64_t *s);
void helper_mmx_hi(SSEIntFn fn, uint64_t *d, const uint64_t *s);
void helper_mmx_cat(SSEIntFn fn, uint64_t *d, const uint64_t *s);
void helper_pshufw(uint64_t *d, const uint64_t *s, uint32_t imm);
void helper_pshufb_mmx(uint64_t *d, const uint64_t *s);
void helper_palignr_mmx(uint64_t *d, const uint64_t *s, uint32_t imm);
void helper_maskmovq(CPUX86State *env, const uint64_t *d, const uint64_t *s, uint64_t addr);
void helper_cvtpi2ps(CPUX86State *env, XMMReg *d, const uint64_t *s);
void helper_cvtpi2pd(CPUX86State *env, XMMReg *d, const uint64_t *s);
void helper_cvtps2pi(CPUX86State *env, uint64_t *d, const XMMReg *s);
void helper_cvttps2pi(CPUX86State *env, uint64_t *d, const XMMReg *s);
void helper_cvtpd2pi(CPUX86State *env, uint64_t *d, const XMMReg *s);
void helper_cvttpd2pi(CPUX86State *env, uint64_t *d, const XMMReg *s);

/* guest-memory and MXCSR state */
void helper_maskmovdqu(CPUX86State *env, const XMMReg *d, const XMMReg *s, uint64_t addr);
void helper_ldmxcsr(CPUX86State *env, uint64_t val);
/* stmxcsr: the guest's MXCSR with the flags still pending in the host's */
uint64_t helper_stmxcsr(CPUX86State *env);
/* Merge the SSE exception flags that inline code left in the host MXCSR
 * into env->mxcsr (before anything outside generated code reads it). */
void sse_sync_mxcsr(CPUX86State *env);
/* Replace the guest's MXCSR (ldmxcsr, fxrstor, a debugger or test setting
 * state): drops the pending host flags and keeps HF_MXCSR_NONDEF in step,
 * which the translation of SSE arithmetic depends on. */
void sse_set_mxcsr(CPUX86State *env, uint32_t val);
/* #GP for a misaligned 16-byte operand */
_Noreturn void helper_raise_gpf(CPUX86State *env);
void helper_fxsave(CPUX86State *env, uint64_t addr, uint32_t is64);
void helper_fxrstor(CPUX86State *env, uint64_t addr, uint32_t is64);

#endif

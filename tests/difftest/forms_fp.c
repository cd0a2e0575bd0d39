/* forms_fp.c — the SSE..SSE4.2 and x87 forms of the random tester.
 *
 * SSE forms are table rows for the generic encoder: XMM reg, XMM/memory
 * rm (16-byte aligned where the instruction demands it, and now and then
 * misaligned on purpose), GPR sides sized by REX.W.  x87 forms are the
 * memory forms (every D8-DF /digit with its operand size) and the
 * register forms (D8-DF with ST(i)), with what each leaves of C0-C3. */
#include "forms.h"

/* xmm, xmm/m with a 16-byte aligned memory operand */
#define XA(name, pfx, map, op, feat) \
    { name, gen_generic, 0, pfx, map, op, op, -1, RK_XMM, MK_XM, 0, 16, 16, 0, 0, 0, 0, 0, feat, 0 }
/* xmm, xmm/m of memsz bytes (no alignment) */
#define XS(name, pfx, map, op, memsz, feat) \
    { name, gen_generic, 0, pfx, map, op, op, -1, RK_XMM, MK_XM, 0, memsz, 1, 0, 0, 0, 0, 0, feat, 0 }
/* the same with an imm8 */
#define XAI(name, pfx, map, op, imm, feat) \
    { name, gen_generic, 0, pfx, map, op, op, -1, RK_XMM, MK_XM, imm, 16, 16, 0, 0, 0, 0, 0, feat, 0 }
#define XSI(name, pfx, map, op, imm, memsz, feat) \
    { name, gen_generic, 0, pfx, map, op, op, -1, RK_XMM, MK_XM, imm, memsz, 1, 0, 0, 0, 0, 0, feat, 0 }
/* memory-only forms (stores and partial loads) */
#define XM(name, pfx, map, op, memsz, align, feat) \
    { name, gen_generic, 0, pfx, map, op, op, -1, RK_XMM, MK_M, 0, memsz, align, 0, 0, 0, 0, 0, feat, 0 }
/* xmm, xmm only */
#define XR(name, pfx, map, op, imm, feat) \
    { name, gen_generic, 0, pfx, map, op, op, -1, RK_XMM, MK_X, imm, 16, 1, 0, 0, 0, 0, 0, feat, 0 }
/* shift-by-immediate groups: /digit, xmm only */
#define XSH(name, op, digit) \
    { name, gen_generic, 0, 0x66, 1, op, op, digit, RK_DIGIT, MK_X, IMM_B, 16, 1, 0, 0, 0, 0, 0, 0, 0 }
/* an XMM side and a GPR-or-memory side (sizes: the GPR's, by REX.W) */
#define XG(name, pfx, map, op, sizes, memsz, imm, feat) \
    { name, gen_generic, sizes, pfx, map, op, op, -1, RK_XMM, MK_GM, imm, memsz, 1, 0, 0, 0, 0, 0, feat, 0 }
/* GPR dest, xmm/m source (cvt*2si) or xmm-only source (movmsk, pextrw) */
#define GX(name, pfx, map, op, sizes, rmk, memsz, imm, feat) \
    { name, gen_xmm_to_gpr, sizes, pfx, map, op, op, -1, RK_GPR, rmk, imm, memsz, 1, 0, 0, 0, 0, 0, feat, 0 }
#define XFL(name, pfx, map, op, memsz, imm, align, feat) \
    { name, gen_generic, 0, pfx, map, op, op, -1, RK_XMM, MK_XM, imm, memsz, align, 0, FL_ARITH, 0, 0, 0, feat, 0 }
/* MMX instructions set TOP to 0; whether emms does is vendor-specific
 * (the AMD hosts do, Intel's manual says it keeps TOP) */
#define FSW_TOP 0x3800
#define MMX(name, op) \
    { name, gen_generic, 0, 0, 1, op, op, -1, RK_MMX, MK_MMM, 0, 8, 1, 0, 0, 0, FSW_TOP, 0, 0, 0 }

#define A16 16
#define FEAT_SSE FEAT_NONE

/* the GPR is the ModRM.reg operand; its size comes from REX.W, not 66 */
static void gen_xmm_to_gpr(Gen *g, const Form *f)
{
    Form h = *f;
    h.regk = RK_DIGIT;
    h.digit = (int8_t)pick_gpr(g, false);
    h.rmk = f->rmk == MK_X ? MK_X : MK_XM;
    gen_generic(g, &h);
}

/* ---- x87 ---- */

#define CC_REST (FSW_C0 | FSW_C2 | FSW_C3)
/* memory form: opcode, /digit, operand size */
#define FM(name, op, digit, memsz, fdef, fundef, feat) \
    { name, gen_generic, 0, 0, 0, op, op, digit, RK_DIGIT, MK_M, 0, memsz, 1, 0, 0, 0, fdef, fundef, feat, 0 }
/* register form: opcode and the ModRM byte for ST(0) (extra: 1 = ST(i) in the low bits) */
#define FR(name, op, modrm, sti, fin, fdef_eflags, fdef, fundef) \
    { name, gen_x87_reg, 0, 0, 0, op, modrm, 0, 0, 0, 0, 0, 0, fin, fdef_eflags, 0, fdef, fundef, 0, sti }
#define FARITH(name, op, modrm) FR(name, op, modrm, 1, 0, 0, FSW_C1, CC_REST)
#define FONE(name, op, modrm) FR(name, op, modrm, 0, 0, 0, FSW_C1, CC_REST)

static void gen_x87_reg(Gen *g, const Form *f)
{
    Item *it = g->it;
    it->main_off = 0;
    emit8(it, f->op8);
    emit8(it, (uint8_t)(f->op + (f->extra ? g->rnd() % 8 : 0)));
    item_flags(it, f->fin, f->fdef, 0);
    it->fsw_def = f->fsw_def;
    it->fsw_undef = f->fsw_undef;
}

/* fnstsw %ax, then the condition codes that are undefined here cleared */
static void gen_fnstsw(Gen *g, const Form *f)
{
    (void)f;
    Item *it = g->it;
    it->main_off = 0;
    emit8(it, 0xdf), emit8(it, 0xe0);
    emit8(it, 0x66), emit8(it, 0x25), emit_imm(it, (uint16_t)~gen_fsw_undef, 2);
    it->fsw_in = (uint16_t)(FSW_CC & ~gen_fsw_undef);
    item_flags(it, 0, F_LOGIC_DEF, FL_AF);
    it->fsw_undef = FSW_CC;
}

/* movw $cw, mem; fldcw mem: random rounding, precision and (rarely) unmasked exceptions */
static void gen_fldcw(Gen *g, const Form *f)
{
    (void)f;
    Item *it = g->it;
    Mem m = gen_mem(g, 2, 2, MEM_NOFAULT);
    uint16_t cw = (uint16_t)(0x0040 | (g->rnd() % 4) << 10 | (uint16_t[]){ 0, 2, 3, 3 }[g->rnd() % 4] << 8);
    cw |= g->rnd() % 8 == 0 ? (uint16_t)(g->rnd() & 0x3f) : 0x3f;
    Insn st = { .opsize16 = true, .nops = 1, .ops = { 0xc7 }, .has_modrm = true, .reg = 0, .mem = &m, .imm = cw, .imm_size = 2 };
    emit_insn(it, &st);
    Insn ld = { .nops = 1, .ops = { 0xd9 }, .has_modrm = true, .reg = 5, .mem = &m };
    it->main_off = it->len;
    emit_insn(it, &ld);
    it->fsw_undef = FSW_CC;
}

/* movl $v, mem; ldmxcsr mem: random rounding, FTZ/DAZ, masks */
static void gen_ldmxcsr(Gen *g, const Form *f)
{
    (void)f;
    Item *it = g->it;
    Mem m = gen_mem(g, 4, 4, MEM_NOFAULT);
    uint32_t v = (uint32_t)(g->rnd() & 0xe07f) | 0x1f80;
    if (g->rnd() % 8 == 0)
        v &= ~(uint32_t)(g->rnd() & (gen_unmask_underflow ? 0x1f80 : 0x1780));
    Insn st = { .nops = 1, .ops = { 0xc7 }, .has_modrm = true, .reg = 0, .mem = &m, .imm = v, .imm_size = 4 };
    emit_insn(it, &st);
    Insn ld = { .nops = 2, .ops = { 0x0f, 0xae }, .has_modrm = true, .reg = 2, .mem = &m };
    it->main_off = it->len;
    emit_insn(it, &ld);
}

const Form fp_forms[] = {
    /* SSE2 integer */
    XA("punpcklbw", 0x66, 1, 0x60, 0), XA("punpcklwd", 0x66, 1, 0x61, 0), XA("punpckldq", 0x66, 1, 0x62, 0),
    XA("packsswb", 0x66, 1, 0x63, 0), XA("pcmpgtb", 0x66, 1, 0x64, 0), XA("pcmpgtw", 0x66, 1, 0x65, 0),
    XA("pcmpgtd", 0x66, 1, 0x66, 0), XA("packuswb", 0x66, 1, 0x67, 0), XA("punpckhbw", 0x66, 1, 0x68, 0),
    XA("punpckhwd", 0x66, 1, 0x69, 0), XA("punpckhdq", 0x66, 1, 0x6a, 0), XA("packssdw", 0x66, 1, 0x6b, 0),
    XA("punpcklqdq", 0x66, 1, 0x6c, 0), XA("punpckhqdq", 0x66, 1, 0x6d, 0), XA("pcmpeqb", 0x66, 1, 0x74, 0),
    XA("pcmpeqw", 0x66, 1, 0x75, 0), XA("pcmpeqd", 0x66, 1, 0x76, 0), XA("psrlw", 0x66, 1, 0xd1, 0),
    XA("psrld", 0x66, 1, 0xd2, 0), XA("psrlq", 0x66, 1, 0xd3, 0), XA("paddq", 0x66, 1, 0xd4, 0),
    XA("pmullw", 0x66, 1, 0xd5, 0), XA("psubusb", 0x66, 1, 0xd8, 0), XA("psubusw", 0x66, 1, 0xd9, 0),
    XA("pminub", 0x66, 1, 0xda, 0), XA("pand", 0x66, 1, 0xdb, 0), XA("paddusb", 0x66, 1, 0xdc, 0),
    XA("paddusw", 0x66, 1, 0xdd, 0), XA("pmaxub", 0x66, 1, 0xde, 0), XA("pandn", 0x66, 1, 0xdf, 0),
    XA("pavgb", 0x66, 1, 0xe0, 0), XA("psraw", 0x66, 1, 0xe1, 0), XA("psrad", 0x66, 1, 0xe2, 0),
    XA("pavgw", 0x66, 1, 0xe3, 0), XA("pmulhuw", 0x66, 1, 0xe4, 0), XA("pmulhw", 0x66, 1, 0xe5, 0),
    XA("psubsb", 0x66, 1, 0xe8, 0), XA("psubsw", 0x66, 1, 0xe9, 0), XA("pminsw", 0x66, 1, 0xea, 0),
    XA("por", 0x66, 1, 0xeb, 0), XA("paddsb", 0x66, 1, 0xec, 0), XA("paddsw", 0x66, 1, 0xed, 0),
    XA("pmaxsw", 0x66, 1, 0xee, 0), XA("pxor", 0x66, 1, 0xef, 0), XA("psllw", 0x66, 1, 0xf1, 0),
    XA("pslld", 0x66, 1, 0xf2, 0), XA("psllq", 0x66, 1, 0xf3, 0), XA("pmuludq", 0x66, 1, 0xf4, 0),
    XA("pmaddwd", 0x66, 1, 0xf5, 0), XA("psadbw", 0x66, 1, 0xf6, 0), XA("psubb", 0x66, 1, 0xf8, 0),
    XA("psubw", 0x66, 1, 0xf9, 0), XA("psubd", 0x66, 1, 0xfa, 0), XA("psubq", 0x66, 1, 0xfb, 0),
    XA("paddb", 0x66, 1, 0xfc, 0), XA("paddw", 0x66, 1, 0xfd, 0), XA("paddd", 0x66, 1, 0xfe, 0),
    XAI("pshufd", 0x66, 1, 0x70, IMM_B, 0), XAI("pshufhw", 0xf3, 1, 0x70, IMM_B, 0),
    XAI("pshuflw", 0xf2, 1, 0x70, IMM_B, 0),
    XSH("psrlw_i", 0x71, 2), XSH("psraw_i", 0x71, 4), XSH("psllw_i", 0x71, 6), XSH("psrld_i", 0x72, 2),
    XSH("psrad_i", 0x72, 4), XSH("pslld_i", 0x72, 6), XSH("psrlq_i", 0x73, 2), XSH("psrldq_i", 0x73, 3),
    XSH("psllq_i", 0x73, 6), XSH("pslldq_i", 0x73, 7),
    /* moves */
    XA("movdqa", 0x66, 1, 0x6f, 0), XS("movdqu", 0xf3, 1, 0x6f, 16, 0), XA("movdqa_st", 0x66, 1, 0x7f, 0),
    XS("movdqu_st", 0xf3, 1, 0x7f, 16, 0), XA("movaps", 0, 1, 0x28, 0), XA("movaps_st", 0, 1, 0x29, 0),
    XS("movups", 0, 1, 0x10, 16, 0), XS("movups_st", 0, 1, 0x11, 16, 0), XA("movapd", 0x66, 1, 0x28, 0),
    XS("movupd_st", 0x66, 1, 0x11, 16, 0), XS("movss", 0xf3, 1, 0x10, 4, 0), XS("movss_st", 0xf3, 1, 0x11, 4, 0),
    XS("movsd", 0xf2, 1, 0x10, 8, 0), XS("movsd_st", 0xf2, 1, 0x11, 8, 0), XS("movlps", 0, 1, 0x12, 8, 0),
    XM("movlps_st", 0, 1, 0x13, 8, 1, 0), XS("movhps", 0, 1, 0x16, 8, 0), XM("movhps_st", 0, 1, 0x17, 8, 1, 0),
    XM("movlpd", 0x66, 1, 0x12, 8, 1, 0), XM("movhpd_st", 0x66, 1, 0x17, 8, 1, 0),
    XS("movq_st", 0x66, 1, 0xd6, 8, 0), XS("movq_ld", 0xf3, 1, 0x7e, 8, 0),
    XG("movd_to", 0x66, 1, 0x6e, SZ_LQ, 0, 0, 0), XG("movd_from", 0x66, 1, 0x7e, SZ_LQ, 0, 0, 0),
    GX("movmskps", 0, 1, 0x50, SZ_LQ, MK_X, 16, 0, 0), GX("movmskpd", 0x66, 1, 0x50, SZ_LQ, MK_X, 16, 0, 0),
    GX("pmovmskb", 0x66, 1, 0xd7, SZ_LQ, MK_X, 16, 0, 0), GX("pextrw", 0x66, 1, 0xc5, SZ_LQ, MK_X, 16, IMM_B, 0),
    { "pinsrw", gen_generic, SZ_L, 0x66, 1, 0xc4, 0xc4, -1, RK_XMM, MK_GM, IMM_B, 2, 1, 0, 0, 0, 0, 0, 0, 0 },
    XM("lddqu", 0xf2, 1, 0xf0, 16, 1, FEAT_SSE3), XM("movntdq", 0x66, 1, 0xe7, 16, 16, 0),
    /* floating point */
    XA("sqrtps", 0, 1, 0x51, 0), XA("sqrtpd", 0x66, 1, 0x51, 0), XS("sqrtss", 0xf3, 1, 0x51, 4, 0),
    XS("sqrtsd", 0xf2, 1, 0x51, 8, 0), XA("rsqrtps", 0, 1, 0x52, 0), XS("rsqrtss", 0xf3, 1, 0x52, 4, 0),
    XA("rcpps", 0, 1, 0x53, 0), XS("rcpss", 0xf3, 1, 0x53, 4, 0), XA("andps", 0, 1, 0x54, 0),
    XA("andpd", 0x66, 1, 0x54, 0), XA("andnps", 0, 1, 0x55, 0), XA("orps", 0, 1, 0x56, 0),
    XA("xorpd", 0x66, 1, 0x57, 0), XA("addps", 0, 1, 0x58, 0), XA("addpd", 0x66, 1, 0x58, 0),
    XS("addss", 0xf3, 1, 0x58, 4, 0), XS("addsd", 0xf2, 1, 0x58, 8, 0), XA("mulps", 0, 1, 0x59, 0),
    XA("mulpd", 0x66, 1, 0x59, 0), XS("mulss", 0xf3, 1, 0x59, 4, 0), XS("mulsd", 0xf2, 1, 0x59, 8, 0),
    XS("cvtps2pd", 0, 1, 0x5a, 8, 0), XA("cvtpd2ps", 0x66, 1, 0x5a, 0), XS("cvtss2sd", 0xf3, 1, 0x5a, 4, 0),
    XS("cvtsd2ss", 0xf2, 1, 0x5a, 8, 0), XA("cvtdq2ps", 0, 1, 0x5b, 0), XA("cvtps2dq", 0x66, 1, 0x5b, 0),
    XA("cvttps2dq", 0xf3, 1, 0x5b, 0), XA("subps", 0, 1, 0x5c, 0), XA("subpd", 0x66, 1, 0x5c, 0),
    XS("subss", 0xf3, 1, 0x5c, 4, 0), XS("subsd", 0xf2, 1, 0x5c, 8, 0), XA("minps", 0, 1, 0x5d, 0),
    XA("minpd", 0x66, 1, 0x5d, 0), XS("minss", 0xf3, 1, 0x5d, 4, 0), XS("minsd", 0xf2, 1, 0x5d, 8, 0),
    XA("divps", 0, 1, 0x5e, 0), XA("divpd", 0x66, 1, 0x5e, 0), XS("divss", 0xf3, 1, 0x5e, 4, 0),
    XS("divsd", 0xf2, 1, 0x5e, 8, 0), XA("maxps", 0, 1, 0x5f, 0), XA("maxpd", 0x66, 1, 0x5f, 0),
    XS("maxss", 0xf3, 1, 0x5f, 4, 0), XS("maxsd", 0xf2, 1, 0x5f, 8, 0),
    XAI("cmpps", 0, 1, 0xc2, IMM_CMP, 0), XAI("cmppd", 0x66, 1, 0xc2, IMM_CMP, 0),
    XSI("cmpss", 0xf3, 1, 0xc2, IMM_CMP, 4, 0), XSI("cmpsd", 0xf2, 1, 0xc2, IMM_CMP, 8, 0),
    XAI("shufps", 0, 1, 0xc6, IMM_B, 0), XAI("shufpd", 0x66, 1, 0xc6, IMM_B, 0),
    XA("unpcklps", 0, 1, 0x14, 0), XA("unpckhps", 0, 1, 0x15, 0), XA("unpcklpd", 0x66, 1, 0x14, 0),
    XA("unpckhpd", 0x66, 1, 0x15, 0),
    XFL("ucomiss", 0, 1, 0x2e, 4, 0, 1, 0), XFL("comiss", 0, 1, 0x2f, 4, 0, 1, 0),
    XFL("ucomisd", 0x66, 1, 0x2e, 8, 0, 1, 0), XFL("comisd", 0x66, 1, 0x2f, 8, 0, 1, 0),
    XS("cvtdq2pd", 0xf3, 1, 0xe6, 8, 0), XA("cvtpd2dq", 0xf2, 1, 0xe6, 0), XA("cvttpd2dq", 0x66, 1, 0xe6, 0),
    XG("cvtsi2ss", 0xf3, 1, 0x2a, SZ_LQ, 0, 0, 0), XG("cvtsi2sd", 0xf2, 1, 0x2a, SZ_LQ, 0, 0, 0),
    GX("cvttss2si", 0xf3, 1, 0x2c, SZ_LQ, MK_XM, 4, 0, 0), GX("cvtss2si", 0xf3, 1, 0x2d, SZ_LQ, MK_XM, 4, 0, 0),
    GX("cvttsd2si", 0xf2, 1, 0x2c, SZ_LQ, MK_XM, 8, 0, 0), GX("cvtsd2si", 0xf2, 1, 0x2d, SZ_LQ, MK_XM, 8, 0, 0),
    { "ldmxcsr", gen_ldmxcsr, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
    { "stmxcsr", gen_generic, 0, 0, 1, 0xae, 0xae, 3, RK_DIGIT, MK_M, 0, 4, 1, 0, 0, 0, 0, 0, 0, 0 },
    /* SSE3 */
    XA("addsubps", 0xf2, 1, 0xd0, FEAT_SSE3), XA("addsubpd", 0x66, 1, 0xd0, FEAT_SSE3),
    XA("haddps", 0xf2, 1, 0x7c, FEAT_SSE3), XA("haddpd", 0x66, 1, 0x7c, FEAT_SSE3),
    XA("hsubps", 0xf2, 1, 0x7d, FEAT_SSE3), XA("hsubpd", 0x66, 1, 0x7d, FEAT_SSE3),
    XA("movsldup", 0xf3, 1, 0x12, FEAT_SSE3), XA("movshdup", 0xf3, 1, 0x16, FEAT_SSE3),
    XS("movddup", 0xf2, 1, 0x12, 8, FEAT_SSE3),
    /* SSSE3 */
    XA("pshufb", 0x66, 2, 0x00, FEAT_SSSE3), XA("phaddw", 0x66, 2, 0x01, FEAT_SSSE3),
    XA("phaddd", 0x66, 2, 0x02, FEAT_SSSE3), XA("phaddsw", 0x66, 2, 0x03, FEAT_SSSE3),
    XA("pmaddubsw", 0x66, 2, 0x04, FEAT_SSSE3), XA("phsubw", 0x66, 2, 0x05, FEAT_SSSE3),
    XA("phsubd", 0x66, 2, 0x06, FEAT_SSSE3), XA("phsubsw", 0x66, 2, 0x07, FEAT_SSSE3),
    XA("psignb", 0x66, 2, 0x08, FEAT_SSSE3), XA("psignw", 0x66, 2, 0x09, FEAT_SSSE3),
    XA("psignd", 0x66, 2, 0x0a, FEAT_SSSE3), XA("pmulhrsw", 0x66, 2, 0x0b, FEAT_SSSE3),
    XA("pabsb", 0x66, 2, 0x1c, FEAT_SSSE3), XA("pabsw", 0x66, 2, 0x1d, FEAT_SSSE3),
    XA("pabsd", 0x66, 2, 0x1e, FEAT_SSSE3), XAI("palignr", 0x66, 3, 0x0f, IMM_B, FEAT_SSSE3),
    /* SSE4.1 */
    XA("pblendvb", 0x66, 2, 0x10, FEAT_SSE41), XA("blendvps", 0x66, 2, 0x14, FEAT_SSE41),
    XA("blendvpd", 0x66, 2, 0x15, FEAT_SSE41), XFL("ptest", 0x66, 2, 0x17, 16, 0, 16, FEAT_SSE41),
    XS("pmovsxbw", 0x66, 2, 0x20, 8, FEAT_SSE41), XS("pmovsxbd", 0x66, 2, 0x21, 4, FEAT_SSE41),
    XS("pmovsxbq", 0x66, 2, 0x22, 2, FEAT_SSE41), XS("pmovsxwd", 0x66, 2, 0x23, 8, FEAT_SSE41),
    XS("pmovsxwq", 0x66, 2, 0x24, 4, FEAT_SSE41), XS("pmovsxdq", 0x66, 2, 0x25, 8, FEAT_SSE41),
    XA("pmuldq", 0x66, 2, 0x28, FEAT_SSE41), XA("pcmpeqq", 0x66, 2, 0x29, FEAT_SSE41),
    XM("movntdqa", 0x66, 2, 0x2a, 16, 16, FEAT_SSE41), XA("packusdw", 0x66, 2, 0x2b, FEAT_SSE41),
    XS("pmovzxbw", 0x66, 2, 0x30, 8, FEAT_SSE41), XS("pmovzxbd", 0x66, 2, 0x31, 4, FEAT_SSE41),
    XS("pmovzxbq", 0x66, 2, 0x32, 2, FEAT_SSE41), XS("pmovzxwd", 0x66, 2, 0x33, 8, FEAT_SSE41),
    XS("pmovzxwq", 0x66, 2, 0x34, 4, FEAT_SSE41), XS("pmovzxdq", 0x66, 2, 0x35, 8, FEAT_SSE41),
    XA("pminsb", 0x66, 2, 0x38, FEAT_SSE41), XA("pminsd", 0x66, 2, 0x39, FEAT_SSE41),
    XA("pminuw", 0x66, 2, 0x3a, FEAT_SSE41), XA("pminud", 0x66, 2, 0x3b, FEAT_SSE41),
    XA("pmaxsb", 0x66, 2, 0x3c, FEAT_SSE41), XA("pmaxsd", 0x66, 2, 0x3d, FEAT_SSE41),
    XA("pmaxuw", 0x66, 2, 0x3e, FEAT_SSE41), XA("pmaxud", 0x66, 2, 0x3f, FEAT_SSE41),
    XA("pmulld", 0x66, 2, 0x40, FEAT_SSE41), XA("phminposuw", 0x66, 2, 0x41, FEAT_SSE41),
    XAI("roundps", 0x66, 3, 0x08, IMM_ROUND, FEAT_SSE41), XAI("roundpd", 0x66, 3, 0x09, IMM_ROUND, FEAT_SSE41),
    XSI("roundss", 0x66, 3, 0x0a, IMM_ROUND, 4, FEAT_SSE41), XSI("roundsd", 0x66, 3, 0x0b, IMM_ROUND, 8, FEAT_SSE41),
    XAI("blendps", 0x66, 3, 0x0c, IMM_B, FEAT_SSE41), XAI("blendpd", 0x66, 3, 0x0d, IMM_B, FEAT_SSE41),
    XAI("pblendw", 0x66, 3, 0x0e, IMM_B, FEAT_SSE41),
    XG("pextrb", 0x66, 3, 0x14, SZ_L, 1, IMM_B, FEAT_SSE41), XG("pextrw_m", 0x66, 3, 0x15, SZ_L, 2, IMM_B, FEAT_SSE41),
    XG("pextrd", 0x66, 3, 0x16, SZ_LQ, 0, IMM_B, FEAT_SSE41), XG("extractps", 0x66, 3, 0x17, SZ_L, 4, IMM_B, FEAT_SSE41),
    XG("pinsrb", 0x66, 3, 0x20, SZ_L, 1, IMM_B, FEAT_SSE41), XSI("insertps", 0x66, 3, 0x21, IMM_B, 4, FEAT_SSE41),
    XG("pinsrd", 0x66, 3, 0x22, SZ_LQ, 0, IMM_B, FEAT_SSE41),
    XAI("dpps", 0x66, 3, 0x40, IMM_B, FEAT_SSE41), XAI("dppd", 0x66, 3, 0x41, IMM_B, FEAT_SSE41),
    XAI("mpsadbw", 0x66, 3, 0x42, IMM_B, FEAT_SSE41),
    /* SSE4.2, PCLMUL */
    XA("pcmpgtq", 0x66, 2, 0x37, FEAT_SSE42),
    XFL("pcmpestrm", 0x66, 3, 0x60, 16, IMM_B, 1, FEAT_SSE42), XFL("pcmpestri", 0x66, 3, 0x61, 16, IMM_B, 1, FEAT_SSE42),
    XFL("pcmpistrm", 0x66, 3, 0x62, 16, IMM_B, 1, FEAT_SSE42), XFL("pcmpistri", 0x66, 3, 0x63, 16, IMM_B, 1, FEAT_SSE42),
    { "crc32b", gen_generic, SZ_B, 0xf2, 2, 0xf0, 0xf0, -1, RK_GPR, MK_RM, 0, 1, 1, 0, 0, 0, 0, 0, FEAT_SSE42, 0 },
    { "crc32", gen_generic, SZ_WLQ, 0xf2, 2, 0xf1, 0xf1, -1, RK_GPR, MK_RM, 0, 0, 1, 0, 0, 0, 0, 0, FEAT_SSE42, 0 },
    XAI("pclmulqdq", 0x66, 3, 0x44, IMM_B, FEAT_PCLMUL),
    /* MMX (a few: they switch the x87 to MMX mode) */
    MMX("mmx_paddb", 0xfc), MMX("mmx_pmullw", 0xd5), MMX("mmx_psubusw", 0xd9), MMX("mmx_punpcklbw", 0x60),
    { "emms", gen_x87_reg, 0, 0, 0, 0x0f, 0x77, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, FSW_TOP, 0, 0 },
    /* x87 memory forms */
    FM("fadd_m32", 0xd8, 0, 4, FSW_C1, CC_REST, 0), FM("fmul_m32", 0xd8, 1, 4, FSW_C1, CC_REST, 0),
    FM("fcom_m32", 0xd8, 2, 4, FSW_CC, 0, 0), FM("fcomp_m32", 0xd8, 3, 4, FSW_CC, 0, 0),
    FM("fsub_m32", 0xd8, 4, 4, FSW_C1, CC_REST, 0), FM("fsubr_m32", 0xd8, 5, 4, FSW_C1, CC_REST, 0),
    FM("fdiv_m32", 0xd8, 6, 4, FSW_C1, CC_REST, 0), FM("fdivr_m32", 0xd8, 7, 4, FSW_C1, CC_REST, 0),
    FM("fadd_m64", 0xdc, 0, 8, FSW_C1, CC_REST, 0), FM("fmul_m64", 0xdc, 1, 8, FSW_C1, CC_REST, 0),
    FM("fcom_m64", 0xdc, 2, 8, FSW_CC, 0, 0), FM("fcomp_m64", 0xdc, 3, 8, FSW_CC, 0, 0),
    FM("fsub_m64", 0xdc, 4, 8, FSW_C1, CC_REST, 0), FM("fsubr_m64", 0xdc, 5, 8, FSW_C1, CC_REST, 0),
    FM("fdiv_m64", 0xdc, 6, 8, FSW_C1, CC_REST, 0), FM("fdivr_m64", 0xdc, 7, 8, FSW_C1, CC_REST, 0),
    FM("fiadd_m32", 0xda, 0, 4, FSW_C1, CC_REST, 0), FM("fimul_m32", 0xda, 1, 4, FSW_C1, CC_REST, 0),
    FM("ficom_m32", 0xda, 2, 4, FSW_CC, 0, 0), FM("fisub_m32", 0xda, 4, 4, FSW_C1, CC_REST, 0),
    FM("fidivr_m32", 0xda, 7, 4, FSW_C1, CC_REST, 0), FM("fiadd_m16", 0xde, 0, 2, FSW_C1, CC_REST, 0),
    FM("ficomp_m16", 0xde, 3, 2, FSW_CC, 0, 0), FM("fisubr_m16", 0xde, 5, 2, FSW_C1, CC_REST, 0),
    FM("fidiv_m16", 0xde, 6, 2, FSW_C1, CC_REST, 0),
    FM("fld_m32", 0xd9, 0, 4, FSW_C1, CC_REST, 0), FM("fst_m32", 0xd9, 2, 4, FSW_C1, CC_REST, 0),
    FM("fstp_m32", 0xd9, 3, 4, FSW_C1, CC_REST, 0), FM("fnstcw", 0xd9, 7, 2, 0, FSW_CC, 0),
    FM("fld_m64", 0xdd, 0, 8, FSW_C1, CC_REST, 0), FM("fst_m64", 0xdd, 2, 8, FSW_C1, CC_REST, 0),
    FM("fstp_m64", 0xdd, 3, 8, FSW_C1, CC_REST, 0), FM("fisttp_m64", 0xdd, 1, 8, FSW_C1, CC_REST, FEAT_SSE3),
    FM("fild_m32", 0xdb, 0, 4, FSW_C1, CC_REST, 0), FM("fisttp_m32", 0xdb, 1, 4, FSW_C1, CC_REST, FEAT_SSE3),
    FM("fist_m32", 0xdb, 2, 4, FSW_C1, CC_REST, 0), FM("fistp_m32", 0xdb, 3, 4, FSW_C1, CC_REST, 0),
    FM("fld_m80", 0xdb, 5, 10, FSW_C1, CC_REST, 0), FM("fstp_m80", 0xdb, 7, 10, FSW_C1, CC_REST, 0),
    FM("fild_m16", 0xdf, 0, 2, FSW_C1, CC_REST, 0), FM("fisttp_m16", 0xdf, 1, 2, FSW_C1, CC_REST, FEAT_SSE3),
    FM("fist_m16", 0xdf, 2, 2, FSW_C1, CC_REST, 0), FM("fistp_m16", 0xdf, 3, 2, FSW_C1, CC_REST, 0),
    FM("fbld", 0xdf, 4, 10, FSW_C1, CC_REST, 0), FM("fild_m64", 0xdf, 5, 8, FSW_C1, CC_REST, 0),
    FM("fbstp", 0xdf, 6, 10, FSW_C1, CC_REST, 0), FM("fistp_m64", 0xdf, 7, 8, FSW_C1, CC_REST, 0),
    { "fldcw", gen_fldcw, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
    { "fnstsw", gen_fnstsw, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
    /* x87 register forms */
    FARITH("fadd_st", 0xd8, 0xc0), FARITH("fmul_st", 0xd8, 0xc8), FR("fcom_st", 0xd8, 0xd0, 1, 0, 0, FSW_CC, 0),
    FR("fcomp_st", 0xd8, 0xd8, 1, 0, 0, FSW_CC, 0), FARITH("fsub_st", 0xd8, 0xe0), FARITH("fsubr_st", 0xd8, 0xe8),
    FARITH("fdiv_st", 0xd8, 0xf0), FARITH("fdivr_st", 0xd8, 0xf8), FARITH("fadd_sti", 0xdc, 0xc0),
    FARITH("fmul_sti", 0xdc, 0xc8), FARITH("fsubr_sti", 0xdc, 0xe0), FARITH("fsub_sti", 0xdc, 0xe8),
    FARITH("fdivr_sti", 0xdc, 0xf0), FARITH("fdiv_sti", 0xdc, 0xf8), FARITH("faddp", 0xde, 0xc0),
    FARITH("fmulp", 0xde, 0xc8), FARITH("fsubrp", 0xde, 0xe0), FARITH("fsubp", 0xde, 0xe8),
    FARITH("fdivrp", 0xde, 0xf0), FARITH("fdivp", 0xde, 0xf8), FR("fcompp", 0xde, 0xd9, 0, 0, 0, FSW_CC, 0),
    FARITH("fld_st", 0xd9, 0xc0), FARITH("fxch", 0xd9, 0xc8), FARITH("fst_st", 0xdd, 0xd0),
    FARITH("fstp_st", 0xdd, 0xd8), FR("fucom", 0xdd, 0xe0, 1, 0, 0, FSW_CC, 0),
    FR("fucomp", 0xdd, 0xe8, 1, 0, 0, FSW_CC, 0), FR("ffree", 0xdd, 0xc0, 1, 0, 0, 0, FSW_CC),
    FR("fucompp", 0xda, 0xe9, 0, 0, 0, FSW_CC, 0),
    FR("fcmovb", 0xda, 0xc0, 1, FL_CF, 0, FSW_C1, CC_REST), FR("fcmove", 0xda, 0xc8, 1, FL_ZF, 0, FSW_C1, CC_REST),
    FR("fcmovbe", 0xda, 0xd0, 1, FL_CF | FL_ZF, 0, FSW_C1, CC_REST), FR("fcmovu", 0xda, 0xd8, 1, FL_PF, 0, FSW_C1, CC_REST),
    FR("fcmovnb", 0xdb, 0xc0, 1, FL_CF, 0, FSW_C1, CC_REST), FR("fcmovne", 0xdb, 0xc8, 1, FL_ZF, 0, FSW_C1, CC_REST),
    FR("fcmovnbe", 0xdb, 0xd0, 1, FL_CF | FL_ZF, 0, FSW_C1, CC_REST), FR("fcmovnu", 0xdb, 0xd8, 1, FL_PF, 0, FSW_C1, CC_REST),
    FR("fucomi", 0xdb, 0xe8, 1, 0, FL_ARITH, FSW_C1, 0), FR("fcomi", 0xdb, 0xf0, 1, 0, FL_ARITH, FSW_C1, 0),
    FR("fucomip", 0xdf, 0xe8, 1, 0, FL_ARITH, FSW_C1, 0), FR("fcomip", 0xdf, 0xf0, 1, 0, FL_ARITH, FSW_C1, 0),
    FONE("fchs", 0xd9, 0xe0), FONE("fabs", 0xd9, 0xe1), FR("ftst", 0xd9, 0xe4, 0, 0, 0, FSW_CC, 0),
    FR("fxam", 0xd9, 0xe5, 0, 0, 0, FSW_CC, 0), FONE("fld1", 0xd9, 0xe8), FONE("fldl2t", 0xd9, 0xe9),
    FONE("fldl2e", 0xd9, 0xea), FONE("fldpi", 0xd9, 0xeb), FONE("fldlg2", 0xd9, 0xec), FONE("fldln2", 0xd9, 0xed),
    FONE("fldz", 0xd9, 0xee), FONE("f2xm1", 0xd9, 0xf0), FONE("fyl2x", 0xd9, 0xf1),
    FR("fptan", 0xd9, 0xf2, 0, 0, 0, FSW_C1 | FSW_C2, FSW_C0 | FSW_C3), FONE("fpatan", 0xd9, 0xf3),
    FONE("fxtract", 0xd9, 0xf4), FR("fprem1", 0xd9, 0xf5, 0, 0, 0, FSW_CC, 0), FONE("fdecstp", 0xd9, 0xf6),
    FONE("fincstp", 0xd9, 0xf7), FR("fprem", 0xd9, 0xf8, 0, 0, 0, FSW_CC, 0), FONE("fyl2xp1", 0xd9, 0xf9),
    FONE("fsqrt", 0xd9, 0xfa), FR("fsincos", 0xd9, 0xfb, 0, 0, 0, FSW_C1 | FSW_C2, FSW_C0 | FSW_C3),
    FONE("frndint", 0xd9, 0xfc), FONE("fscale", 0xd9, 0xfd),
    FR("fsin", 0xd9, 0xfe, 0, 0, 0, FSW_C1 | FSW_C2, FSW_C0 | FSW_C3),
    FR("fcos", 0xd9, 0xff, 0, 0, 0, FSW_C1 | FSW_C2, FSW_C0 | FSW_C3),
    FR("fnop", 0xd9, 0xd0, 0, 0, 0, 0, FSW_CC), FR("fnclex", 0xdb, 0xe2, 0, 0, 0, 0, FSW_CC),
    FR("fninit", 0xdb, 0xe3, 0, 0, 0, FSW_CC | FSW_TOP, 0),
};
const int fp_forms_n = sizeof(fp_forms) / sizeof(fp_forms[0]);

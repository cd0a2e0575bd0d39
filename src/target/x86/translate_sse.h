/* translate_sse.h — what the SSE family's translator files
 * (translate_sse.c, translate_sse_mmx.c) share: CPUID feature checks,
 * env offsets, temps and the operand generators.  Private to the family. */
#ifndef TERN_TARGET_X86_TRANSLATE_SSE_H
#define TERN_TARGET_X86_TRANSLATE_SSE_H

#include <stddef.h>

#include "target/x86/sse_helper.h"
#include "target/x86/translate.h"

enum Feature { F_NONE, F_MMX, F_SSE, F_SSE2, F_SSE3, F_SSSE3, F_SSE41, F_SSE42, F_PCLMUL };

static inline TCGContext *T(DisasContext *s) { return s->tcg; }
static inline size_t xmm_ofs(int r) { return offsetof(CPUX86State, xmm) + (size_t)r * sizeof(XMMReg); }
#define T0_OFS offsetof(CPUX86State, xmm_t0)

static inline TCGv new64(DisasContext *s) { return tcg_temp_new(T(s), TCG_TYPE_I64); }
static inline void drop(DisasContext *s, TCGv t) { tcg_temp_free(T(s), t); }
static inline TCGv cst64(DisasContext *s, uint64_t v) { return tcg_constant_i64(T(s), v); }
static inline TCGv env_ptr(DisasContext *s, size_t ofs) { return x86_gen_env_ptr(s, ofs); }

static inline void ld_env(DisasContext *s, TCGOpcode op, TCGv t, size_t ofs)
{
    tcg_gen_ld(T(s), op, t, T(s)->env, (int32_t)ofs);
}

/* translate_sse_host.c: after a plain store into env at ofs (a guest
 * xmm image: its host register is marked stale) */
void sse_gen_image_written(DisasContext *s, size_t ofs);

/* every store of the SSE family into env goes through here */
static inline void st_env(DisasContext *s, TCGOpcode op, TCGv t, size_t ofs)
{
    tcg_gen_st(T(s), op, t, T(s)->env, (int32_t)ofs);
    sse_gen_image_written(s, ofs);
}

bool sse_has_feature(DisasContext *s, int f);

/* guest memory at addr + disp */
void sse_ld_guest(DisasContext *s, TCGv t, TCGv addr, int disp, MemOp mop);
void sse_st_guest(DisasContext *s, TCGv t, TCGv addr, int disp, MemOp mop);
/* the memory operand's address (imm_bytes follow it), in a temp that
 * survives the alignment check's branch */
TCGv sse_gen_addr(DisasContext *s, int imm_bytes);
/* msize bytes at addr into the low part of the xmm at env offset ofs */
void sse_gen_ld_to_env(DisasContext *s, size_t ofs, TCGv addr, int msize, bool align);
/* a table instruction's xmm/mem source: its env offset (xmm_t0 for memory) */
size_t sse_gen_src(DisasContext *s, int msize, bool align, int imm_bytes);
void sse_gen_copy_q(DisasContext *s, size_t dst, size_t src);
void sse_gen_zero_q(DisasContext *s, size_t dst);
/* general register or memory operands */
TCGv sse_gen_ld_rm_gpr(DisasContext *s, MemOp ot, int imm_bytes);
void sse_gen_st_rm_gpr(DisasContext *s, MemOp ot, TCGv v, TCGv addr);
/* the sign bits of x's 8 bytes packed into r's low byte */
void sse_gen_byte_signs(DisasContext *s, TCGv r, TCGv x);
/* DS:rDI (maskmovdqu, maskmovq) */
TCGv sse_gen_rdi_addr(DisasContext *s);

/* translate_x87.c: code moving the x87 state to env if the host holds
 * it, before an instruction that works on env's image (MMX).  It stays
 * there until a helper or the next x87 instruction of a block brings it
 * back. */
void x87_gen_state_to_env(DisasContext *s);
/* Whether, in the host mode, the code so far certainly left the x87
 * state in env in MMX mode (top 0, all tags valid): scanning back finds
 * an earlier MMX instruction's entry before any x87 instruction, label
 * (a path around it) or call that might move or change the state. */
bool x87_gen_mmx_entered(DisasContext *s);

/* translate_sse_mmx.c: the MMX-register forms; -1 if the opcode and
 * prefix column (0 none, 1 66, 2 F3, 3 F2) are not one */
int sse_translate_mmx(DisasContext *s, int map, int opcode, int col);

/* translate_sse_host.c: d = op(d, s) (key: prefix << 8 | 0F opcode) or
 * eflags = compare(d, s) as the host's own instruction; false if the key
 * or the guest's MXCSR mode does not allow it (then use the helper) */
bool sse_gen_host_op(DisasContext *s, uint32_t key, size_t dst, size_t src);
/* the same with the source operand in guest memory at addr (the host
 * instruction checks a 16-byte one's alignment as the guest's does) */
bool sse_gen_host_mem_op(DisasContext *s, uint32_t key, size_t dst, TCGv addr);
/* the same with an integer source operand in v (key: the memory form's,
 * REX.W for 64 bits) */
bool sse_gen_host_gpr_op(DisasContext *s, uint32_t key, size_t dst, TCGv v);
bool sse_gen_host_compare(DisasContext *s, uint32_t key, TCGv eflags, size_t dst, size_t src);
/* out = the general-register result of a conversion of the image at src
 * (or of stmxcsr: the host MXCSR) */
bool sse_gen_host_to_gpr(DisasContext *s, uint32_t key, TCGv out, size_t src);

#endif

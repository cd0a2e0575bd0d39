/* fpu_helper.h — the x87 helpers that translate_x87.c calls from
 * generated code while an unmasked exception keeps the state in env
 * (x87_host.h), those that move state in and out of the host's x87 around
 * them, and the operand encodings they share.
 *
 * Stack positions passed to helpers are ST(i) indices (relative to TOP),
 * so the translator never needs to know TOP.  Memory operands arrive as
 * integers the translator already loaded (so guest faults stay precise);
 * values to store come back as integers, or in env->ft0 for 80-bit ones. */
#ifndef TERN_TARGET_X86_FPU_HELPER_H
#define TERN_TARGET_X86_FPU_HELPER_H

#include <stdint.h>

#include "target/x86/cpu.h"

/* Arithmetic operations, in the order of the ModRM reg field of D8. */
enum { X87_ADD, X87_MUL, X87_COM, X87_COMP, X87_SUB, X87_SUBR, X87_DIV, X87_DIVR };

/* Memory operand formats. */
enum { X87_M_F32, X87_M_F64, X87_M_I16, X87_M_I32, X87_M_I64,
       X87_M_T16, X87_M_T32, X87_M_T64 /* fisttp: truncating stores */ };

/* One-operand operations on ST(0) (helper_x87_unary). */
enum { X87_FCHS, X87_FABS, X87_FTST, X87_FXAM, X87_F2XM1, X87_FSQRT,
       X87_FRNDINT, X87_FSIN, X87_FCOS };

/* Operations on ST(0) and ST(1) (helper_x87_binary). */
enum { X87_FSCALE, X87_FPREM, X87_FPREM1, /* result in ST(0) */
       X87_FPATAN, X87_FYL2X, X87_FYL2XP1 /* result in ST(1), then pop */ };

/* Operations that replace ST(0) by two values (helper_x87_split). */
enum { X87_FPTAN, X87_FSINCOS, X87_FXTRACT };

/* Constants, in the order of D9 E8..EE. */
enum { X87_C_ONE, X87_C_L2T, X87_C_L2E, X87_C_PI, X87_C_LG2, X87_C_LN2, X87_C_ZERO };

/* Helpers whose instructions may pop (arith_rr, fcom_rr, fcom_mem, fcomi,
 * fst_sti, ffree)
 * pop the stack n times at the end when their operation / register
 * argument carries X87_POPS(n): one call for faddp, fcompp, fstp st(i). */
#define X87_POPS_SHIFT 8
#define X87_POPS(n) ((uint32_t)(n) << X87_POPS_SHIFT)
#define X87_ARG_MASK 0xffu

/* status word bits */
#define FPUS_IE 0x0001
#define FPUS_DE 0x0002
#define FPUS_ZE 0x0004
#define FPUS_OE 0x0008
#define FPUS_UE 0x0010
#define FPUS_PE 0x0020
#define FPUS_SF 0x0040
#define FPUS_ES 0x0080
#define FPUS_C0 0x0100
#define FPUS_C1 0x0200
#define FPUS_C2 0x0400
#define FPUS_C3 0x4000
#define FPUS_B 0x8000
#define FPUS_TOP_SHIFT 11

/* Reset the x87 unit to its fninit state (also for CPU creation). */
void x86_fpu_reset(CPUX86State *env);

/* loads (push) */
void helper_x87_fld_sti(CPUX86State *env, uint32_t i);
void helper_x87_check_pending(CPUX86State *env);
void helper_x87_fld_mem(CPUX86State *env, uint32_t fmt, uint64_t val);
void helper_x87_fld_f80(CPUX86State *env, uint64_t mant, uint64_t exp);
void helper_x87_fbld(CPUX86State *env, uint64_t lo, uint64_t hi);
void helper_x87_fld_const(CPUX86State *env, uint32_t which);

/* stores: the converted value of ST(0), or the memory's old contents
 * (passed in) if an unmasked exception stops the store; 80-bit results go
 * to env->ft0.  helper_x87_pop_stored pops unless the store was stopped. */
uint64_t helper_x87_fst_mem(CPUX86State *env, uint32_t fmt, uint64_t old);
void helper_x87_fst_f80(CPUX86State *env, uint64_t old_lo, uint64_t old_hi);
void helper_x87_fbst(CPUX86State *env, uint64_t old_lo, uint64_t old_hi);
void helper_x87_pop_stored(CPUX86State *env);
void helper_x87_fst_sti(CPUX86State *env, uint32_t i);      /* ST(i) = ST(0) */
void helper_x87_pop(CPUX86State *env);
void helper_x87_fstp1(CPUX86State *env, uint32_t i); /* D9 D8+i */

/* arithmetic: ST(dst) = ST(dst) op ST(src), or ST(0) = ST(0) op memory */
void helper_x87_arith_rr(CPUX86State *env, uint32_t op, uint32_t dst, uint32_t src);
void helper_x87_arith_mem(CPUX86State *env, uint32_t op, uint32_t fmt, uint64_t val);
void helper_x87_unary(CPUX86State *env, uint32_t op);
void helper_x87_binary(CPUX86State *env, uint32_t op);
void helper_x87_split(CPUX86State *env, uint32_t op);

/* comparisons: C0/C2/C3, or the EFLAGS value (ZF/PF/CF) for fcomi */
void helper_x87_fcom_rr(CPUX86State *env, uint32_t i, uint32_t unordered);
void helper_x87_fcom_mem(CPUX86State *env, uint32_t fmt, uint64_t val);
uint64_t helper_x87_fcomi(CPUX86State *env, uint32_t i, uint32_t unordered);

/* stack and control */
void helper_x87_fxch(CPUX86State *env, uint32_t i);
void helper_x87_ffree(CPUX86State *env, uint32_t i);
void helper_x87_fincstp(CPUX86State *env);
void helper_x87_fdecstp(CPUX86State *env);
void helper_x87_fcmov(CPUX86State *env, uint32_t i, uint64_t cond);
void helper_x87_fninit(CPUX86State *env);
void helper_x87_fnclex(CPUX86State *env);
void helper_x87_fldcw(CPUX86State *env, uint64_t cw);
uint64_t helper_x87_fnstsw(CPUX86State *env);

/* environment images in guest memory (faults reported precisely) */
void helper_x87_fnstenv(CPUX86State *env, uint64_t addr, uint32_t data16);
void helper_x87_fldenv(CPUX86State *env, uint64_t addr, uint32_t data16);
void helper_x87_fnsave(CPUX86State *env, uint64_t addr, uint32_t data16);
void helper_x87_frstor(CPUX86State *env, uint64_t addr, uint32_t data16);

/* Recompute the status word's ES/B summary, and HF_X87_NONDEF, after
 * the flags or the control word were replaced wholesale (fxrstor). */
void x87_update_es(CPUX86State *env);

/* emms: every tag empty (after a pending #MF) */
void helper_x87_emms(CPUX86State *env);
/* MMX instructions run on env's image: the pending #MF, MMX state (top 0,
 * all tags valid) */
void helper_x87_mmx_enter(CPUX86State *env);

#endif

/* translate_int.h — what the integer-ISA parts of the x86 translator
 * (translate.c and translate_{alu,bits,string,ctrl}.c) share beyond the
 * public services of translate.h: small IR shorthands, operand access,
 * condition preparation, block exits and the helpers they call.
 *
 * Everything here works on i64 temps: guest values of 8/16/32 bits are
 * kept zero-extended, so one code path serves every operand size. */
#ifndef TERN_TARGET_X86_TRANSLATE_INT_H
#define TERN_TARGET_X86_TRANSLATE_INT_H

#include "target/x86/translate.h"

#define G (x86_globals)

/* the longest instruction the CPU decodes (a longer one raises #GP) */
#define X86_MAX_INSN_LEN 15
/* the guest's page: a block's code stays on its first one */
#define GUEST_PAGE 4096ull

/* ---- IR shorthands ---- */
static inline TCGv tmp(DisasContext *s) { return tcg_temp_new(s->tcg, TCG_TYPE_I64); }
static inline TCGv tmp_tb(DisasContext *s) { return tcg_temp_new_tb(s->tcg, TCG_TYPE_I64); }
static inline TCGv cst(DisasContext *s, uint64_t v) { return tcg_constant_i64(s->tcg, v); }
static inline TCGv env_v(DisasContext *s) { return s->tcg->env; }

static inline unsigned ot_bits(MemOp ot) { return 8u << ot; }
static inline uint64_t ot_mask(MemOp ot) { return ot == MO_64 ? ~0ull : (1ull << ot_bits(ot)) - 1; }
static inline uint64_t ot_sign(MemOp ot) { return 1ull << (ot_bits(ot) - 1); }

/* zero- / sign-extend the low ot bits of a into ret */
void gen_ext(DisasContext *s, MemOp ot, TCGv ret, TCGv a);
void gen_exts(DisasContext *s, MemOp ot, TCGv ret, TCGv a);

/* ---- operands ---- */
/* immediate of size ot (MO_64 reads 32 bits, sign-extended), as a value
 * zero-extended to the operand size */
uint64_t insn_imm(DisasContext *s, MemOp ot);
/* same, sign-extended to 64 bits (for displacements and rel jumps) */
int64_t insn_simm(DisasContext *s, MemOp ot);
/* 1 + the operand size's byte count of an immediate */
static inline int imm_size(MemOp ot) { return ot == MO_64 ? 4 : 1 << ot; }

/* The value of guest register reg at size ot, for an instruction that
 * only reads it before its own last write of any register: at 64 bits
 * the global itself (no copy for the optimizer to remove again), else a
 * new temp holding it zero-extended.  Never write to it. */
TCGv gen_reg_value(DisasContext *s, MemOp ot, int reg);
void gen_ld(DisasContext *s, MemOp ot, TCGv dst, TCGv addr);
void gen_st(DisasContext *s, MemOp ot, TCGv src, TCGv addr);
/* after x86_decode_modrm: the r/m operand's address, or TCGV_NONE for a register */
TCGv gen_rm_addr(DisasContext *s);
void gen_ld_rm(DisasContext *s, MemOp ot, TCGv dst, TCGv addr);
void gen_st_rm(DisasContext *s, MemOp ot, TCGv addr, TCGv src);
/* operand size of byte/full-size opcode pairs (low bit 0 = byte) */
static inline MemOp ot_of(DisasContext *s, int b) { return (b & 1) ? s->dflag : MO_8; }
/* push/pop/call/jmp operand size in 64-bit mode: 64, or 16 with 66 */
static inline MemOp stack_ot(DisasContext *s) { return (s->prefix & PREFIX_DATA) && !s->rex_w ? MO_16 : MO_64; }

void gen_push(DisasContext *s, MemOp ot, TCGv val);
/* load the top of stack; gen_pop_commit then moves rsp past it */
void gen_pop_load(DisasContext *s, MemOp ot, TCGv dst);
void gen_pop_commit(DisasContext *s, MemOp ot);

/* ---- lazy flags ---- */
/* the first operand of the last SUB/CMP (an EBB temp kept for the block) */
TCGv cc_srcT(DisasContext *s);
/* call before a label inside an instruction (loops): cc_srcT dies there */
void gen_before_mid_label(DisasContext *s);
/* set lazy state: cc_dst = dst, cc_src = src (TCGV_NONE: leave) */
void gen_set_cc(DisasContext *s, CCOp op, TCGv dst, TCGv src);
void gen_set_cc_src2(DisasContext *s, TCGv carry); /* adc/sbb's carry-in */
/* Write cc_op to env now and have a fault in this instruction take
 * cc_op from env (for instructions that change the lazy state before
 * their last memory access).  Call before the first such access. */
void x86_restore_cc_op_from_env(DisasContext *s);
/* flags as a new temp, without changing the lazy state */
TCGv gen_eflags_tmp(DisasContext *s);
/* true when the next instruction (register ALU op) overwrites all flags */
bool x86_flags_dead_after(DisasContext *s);
/* true when the block goes on decoding at target (a direct jump's) */
bool x86_follow_jump(DisasContext *s, uint64_t target);
/* at least SF, ZF, PF and AF correct (other bits arbitrary), inline for
 * most states: for instructions that replace only CF and OF */
TCGv gen_szpa_tmp(DisasContext *s);
/* CF as 0/1 in a new temp */
TCGv gen_carry(DisasContext *s);

typedef struct CCPrepare {
    TCGCond cond;
    TCGv a, b;
} CCPrepare;
/* condition b (0-15, as in jcc's low nibble) from the lazy state */
CCPrepare gen_prepare_cc(DisasContext *s, int b);
/* condition as 0/1 */
TCGv gen_setcc_tmp(DisasContext *s, int b);

/* ---- block exits ---- */
void gen_jmp_tb(DisasContext *s, uint64_t dest, int slot);
void gen_jmp_indirect(DisasContext *s, TCGv dest); /* ends with a TB lookup */
/* Ends the block after an instruction that may have changed env->hflags
 * (the x87 or MXCSR mode): the next instruction's block is looked up for
 * the new mode, not chained to or found in a jump cache for the old. */
void gen_jmp_next_mode_changed(DisasContext *s);
bool gen_side_exit(DisasContext *s, TCGCond cond, TCGv a, TCGv b, uint64_t dest);
/* branch on (a cond b) (ALWAYS: jump) to target if it is the block's start, as a loop in the block */
bool gen_loop_branch(DisasContext *s, TCGCond cond, TCGv a, TCGv b, uint64_t target);
/* raise excp with rip = rip (pc_start or the next instruction) */
void gen_exception_at(DisasContext *s, int excp, uint64_t rip);
void gen_gpf(DisasContext *s); /* #GP(0): privileged in user mode */

/* ---- families ---- */
/* ALU op codes (the reg field of 80-83 and the 00-3F rows) */
enum { OP_ADD, OP_OR, OP_ADC, OP_SBB, OP_AND, OP_SUB, OP_XOR, OP_CMP };
/* dest = addr (memory) or reg dreg; carry: gen_carry_in(s, op), taken
 * before the operands (it may contain labels, where EBB temps die) */
void gen_alu(DisasContext *s, int op, MemOp ot, TCGv addr, int dreg, TCGv src, TCGv carry);
static inline TCGv gen_carry_in(DisasContext *s, int op)
{
    return op == OP_ADC || op == OP_SBB ? gen_carry(s) : TCGV_NONE;
}
/* carry: gen_carry(s), taken before the operands */
void gen_incdec(DisasContext *s, MemOp ot, TCGv addr, int reg, bool dec, TCGv carry);
bool gen_grp3(DisasContext *s, MemOp ot);        /* F6/F7 */
void gen_imul3(DisasContext *s, MemOp ot, TCGv a, TCGv b, int dreg);
/* shift/rotate group 2: op = reg field; count: temp (CL) */
void gen_shift(DisasContext *s, int op, MemOp ot, TCGv addr, TCGv count);
void gen_shiftd(DisasContext *s, MemOp ot, bool right, TCGv count); /* after modrm */
void gen_test(DisasContext *s, MemOp ot, TCGv a, TCGv b);

bool gen_bt(DisasContext *s, int op, bool imm);  /* op: 0 bt 1 bts 2 btr 3 btc; after modrm */
void gen_bitscan(DisasContext *s, int b);        /* 0F BC/BD with or without F3 */
void gen_popcnt(DisasContext *s);
void gen_bswap(DisasContext *s, int reg);
bool gen_movbe(DisasContext *s, int b);
void gen_xchg(DisasContext *s, MemOp ot);        /* 86/87, after modrm */
void gen_xadd(DisasContext *s, MemOp ot);
void gen_cmpxchg(DisasContext *s, MemOp ot);
bool gen_cmpxchg8b16b(DisasContext *s);

bool gen_string(DisasContext *s, int b);         /* A4-A7, AA-AF */
bool gen_vex(DisasContext *s, int b);            /* C4/C5: BMI1/BMI2 */

bool gen_ctrl_onebyte(DisasContext *s, int b);   /* stack, branches, flags, misc */
bool gen_ctrl_0f(DisasContext *s, int b);

/* ---- helpers (cc_helper.c, int_helper.c) ---- */
uint64_t helper_cc_compute_all(uint64_t dst, uint64_t src, uint64_t src2, uint32_t op);
uint64_t helper_read_eflags(CPUX86State *env);
void helper_write_eflags(CPUX86State *env, uint64_t val, uint64_t mask);
void helper_raise_exception(CPUX86State *env, uint64_t excp);    /* rip from insn_start */
void helper_raise_exception_at(CPUX86State *env, uint64_t excp); /* rip, cc_op already in env */
void helper_raise_code_fault(CPUX86State *env, uint64_t addr);
void helper_divb(CPUX86State *env, uint64_t d);
void helper_divw(CPUX86State *env, uint64_t d);
void helper_divl(CPUX86State *env, uint64_t d);
void helper_divq(CPUX86State *env, uint64_t d);
void helper_idivb(CPUX86State *env, uint64_t d);
void helper_idivw(CPUX86State *env, uint64_t d);
void helper_idivl(CPUX86State *env, uint64_t d);
void helper_idivq(CPUX86State *env, uint64_t d);
/* rcl/rcr: how = ot | 4 for rcr | 8 to return the new flags instead of the result */
uint64_t helper_rotc(uint64_t val, uint64_t count, uint64_t flags, uint64_t how);
void helper_cmpxchg16b(CPUX86State *env, uint64_t addr);
/* rep movs/stos with 64-bit addresses: the whole string, or until
 * exit_request (rcx then still nonzero) */
void helper_rep_movs(CPUX86State *env, uint64_t ot, uint64_t src_base);
void helper_rep_stos(CPUX86State *env, uint64_t ot);
void helper_cpuid(CPUX86State *env);
uint64_t helper_pdep(uint64_t src, uint64_t mask);
uint64_t helper_pext(uint64_t src, uint64_t mask);
void helper_rdtsc(CPUX86State *env);
void helper_rdtscp(CPUX86State *env);

#endif

/* translate.h — what the x86 translator's parts share: the decoding
 * context of one block and the services of the core decoder (translate.c)
 * that the instruction families (translate_*.c) use.
 *
 * The core decoder reads prefixes and the opcode, then hands 0F-map
 * opcodes it routes to SSE, and D8-DF to x87, to their families without
 * consuming the ModRM byte: the family calls x86_decode_modrm and, for a
 * memory operand, x86_gen_lea. */
#ifndef TERN_TARGET_X86_TRANSLATE_H
#define TERN_TARGET_X86_TRANSLATE_H

#include "exec/exec.h"
#include "target/x86/cpu.h"
#include "tcg/tcg.h"

/* prefixes seen on the current instruction (DisasContext.prefix) */
#define PREFIX_REPZ 0x01  /* F3 */
#define PREFIX_REPNZ 0x02 /* F2 */
#define PREFIX_LOCK 0x04  /* F0 */
#define PREFIX_DATA 0x08  /* 66 */
#define PREFIX_ADR 0x10   /* 67 */

/* how the block ends (DisasContext.is_jmp) */
enum {
    DISAS_NEXT,      /* go on decoding */
    DISAS_TOO_MANY,  /* stop here; the next block starts at s->pc (chainable) */
    DISAS_NORETURN,  /* the exit is already emitted */
};

/* TCG globals for env fields, the same temp indices in every context */
typedef struct X86Globals {
    TCGv regs[16];   /* i64 */
    TCGv rip;        /* i64 */
    TCGv cc_dst, cc_src, cc_src2; /* i64 */
    TCGv cc_op;      /* i32 */
} X86Globals;
extern X86Globals x86_globals;

typedef struct DisasContext {
    TCGContext *tcg;
    CPUX86State *env;         /* read only: CPUID bits, hflags */
    TranslationBlock *tb;

    uint64_t pc_start;        /* address of the instruction being decoded */
    uint64_t pc;              /* next byte to fetch */
    int insn_count;

    /* current instruction */
    int prefix;               /* PREFIX_* */
    bool rex_present;
    int rex_w;                /* 0/1 */
    int rex_r, rex_x, rex_b;  /* 0 or 8: add to register numbers */
    int override_seg;         /* -1, or R_FS / R_GS (others are no-ops in 64-bit mode) */
    MemOp dflag;              /* operand size: MO_16, MO_32 or MO_64 */
    MemOp aflag;              /* address size: MO_32 or MO_64 */
    int rip_offset;           /* immediate bytes after the ModRM operand (for RIP-relative) */
    int modrm, mod, reg, rm;  /* after x86_decode_modrm; reg includes REX.R, rm includes REX.B */

    /* lazy flags as known at translation time */
    CCOp cc_op;
    bool cc_op_dirty;         /* env->cc_op not yet written */

    int is_jmp;               /* DISAS_* */
    int mmu_idx;

    /* 1 + the operand size at which rdx is rax's sign extension because
     * the instruction just before was cwd/cdq/cqo (0: not known): an
     * idiv right after one needs no test of the dividend's width.  Set
     * for the next instruction through dx_is_ax_sign_next. */
    int dx_is_ax_sign, dx_is_ax_sign_next;
} DisasContext;

/* ---- instruction fetch (advance s->pc) ---- */
uint8_t x86_ldub_code(DisasContext *s);
uint16_t x86_lduw_code(DisasContext *s);
uint32_t x86_ldl_code(DisasContext *s);
uint64_t x86_ldq_code(DisasContext *s);

/* ---- operands ---- */
/* Read the ModRM byte into s->modrm/mod/reg/rm. */
void x86_decode_modrm(DisasContext *s);
/* For mod != 3: consume SIB and displacement, return a new i64 temp with
 * the effective address (segment base and address-size wrap applied). */
TCGv x86_gen_lea(DisasContext *s);
/* Guest register <-> temp with x86 partial-register rules: an 8-bit
 * access to registers 4-7 without REX is AH/CH/DH/BH; 32-bit writes
 * zero-extend; 8/16-bit writes keep the other bits. */
void x86_gen_load_reg(DisasContext *s, MemOp ot, TCGv dst, int reg);
void x86_gen_store_reg(DisasContext *s, MemOp ot, int reg, TCGv src);
/* the MMU index for ordinary data accesses */
static inline int x86_mmu_idx(DisasContext *s) { return s->mmu_idx; }

/* ---- flags ---- */
void x86_set_cc_op(DisasContext *s, CCOp op);
void x86_gen_update_cc_op(DisasContext *s);     /* write s->cc_op to env if dirty */
/* Compute all arithmetic flags into cc_src and switch to CC_OP_EFLAGS;
 * returns that global (an i64 holding CC_* bits). */
TCGv x86_gen_compute_eflags(DisasContext *s);

/* ---- exceptions and the end of a block ---- */
/* Raise excp at the current instruction (rip = pc_start); ends the block. */
void x86_gen_exception(DisasContext *s, int excp);
/* #UD at the current instruction, logged under -d unimp with its bytes. */
void x86_gen_illegal(DisasContext *s);
/* Store the current instruction's address to env->rip (before a helper
 * that may raise an exception using env->rip). */
void x86_gen_update_rip_cur(DisasContext *s);

/* ---- the instruction families ---- */
/* map: 1 = 0F xx, 2 = 0F 38 xx, 3 = 0F 3A xx.  Return false if the opcode
 * (with these prefixes) is not an SSE/MMX instruction tern implements; the
 * caller then raises #UD. */
bool x86_translate_sse(DisasContext *s, int map, int opcode);
/* opcode D8-DF */
bool x86_translate_x87(DisasContext *s, int opcode);

/* pointer to an env field as an i64 temp: env + offset */
TCGv x86_gen_env_ptr(DisasContext *s, size_t offset);

#endif

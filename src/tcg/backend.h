/* backend.h — the private interface between the register allocator
 * (regalloc.c) and the x86-64 emitter (emit_x86_64.c).
 *
 * The allocator knows nothing about instruction encodings: it asks the
 * emitter which registers and immediates each operand accepts
 * (tcg_target_op_constraints), places the values accordingly and calls
 * tcg_out_op with registers and constants.  Control flow (labels, block
 * exits, calls) is driven by the allocator through a few primitives, so
 * that label bookkeeping stays in one file. */
#ifndef TERN_TCG_BACKEND_H
#define TERN_TCG_BACKEND_H

#include "tcg.h"

/* ---- host registers ---- */
enum {
    R_RAX, R_RCX, R_RDX, R_RBX, R_RSP, R_RBP, R_RSI, R_RDI,
    R_R8, R_R9, R_R10, R_R11, R_R12, R_R13, R_R14, R_R15,
};
#define REG_BIT(r) (1u << (r))
#define TCG_REG_ENV R_RBX       /* callee-saved: survives helper calls */
#define TCG_REG_TMP R_R11       /* emitter scratch, never allocated */
#define TCG_REG_CALL_STACK R_RSP
#define TCG_ALLOCATABLE_REGS (0xffffu & ~(REG_BIT(R_RSP) | REG_BIT(TCG_REG_ENV) | REG_BIT(TCG_REG_TMP)))
#define TCG_CALL_CLOBBERED_REGS                                                    \
    (REG_BIT(R_RAX) | REG_BIT(R_RCX) | REG_BIT(R_RDX) | REG_BIT(R_RSI) | REG_BIT(R_RDI) | \
     REG_BIT(R_R8) | REG_BIT(R_R9) | REG_BIT(R_R10) | REG_BIT(R_R11))
extern const int tcg_call_arg_regs[TCG_MAX_CALL_IARGS];

/* Optional host instructions the emitter uses; detected by
 * tcg_prologue_init and read-only afterwards (tests clear them to
 * exercise the fallbacks). */
typedef struct TCGHostFeatures {
    bool lzcnt, bmi1, popcnt;
} TCGHostFeatures;
extern TCGHostFeatures tcg_host_features;

/* Spill area of the frame set up by the prologue: [rsp, rsp + size). */
#define TCG_FRAME_SLOTS_SIZE 2048

/* ---- operand constraints ---- */
enum {
    CT_CONST_NONE,  /* must be in a register */
    CT_CONST_ANY,   /* any constant is encodable */
    CT_CONST_S32,   /* a constant that a sign-extended imm32 represents */
    CT_CONST_WIDTH, /* only the constant equal to the type's bit width */
};

typedef struct TCGArgConstraint {
    uint16_t regs;  /* registers the operand may live in */
    int8_t alias;   /* input: shares the register of this output, or -1 */
    uint8_t konst;  /* CT_CONST_* */
    bool newreg;    /* output: must differ from every input register */
} TCGArgConstraint;

/* a set of exactly one register: an operand fixed to it */
static inline bool single_reg(uint16_t set) { return set && !(set & (set - 1)); }

typedef struct TCGOpConstraints {
    TCGArgConstraint args[8]; /* outputs first, then inputs (op->args order) */
    uint16_t clobbers;        /* registers destroyed besides the outputs */
    uint16_t fixed;           /* clobbers and registers an operand is fixed to */
    uint16_t destroyed;       /* clobbers and registers an output is fixed to */
} TCGOpConstraints;

/* Constraints of a non-control op (everything but call, labels, branches
 * and block exits, which the allocator handles itself): a shared table
 * entry, or *buf filled for an op whose constraints depend on more than
 * its opcode. */
const TCGOpConstraints *tcg_target_op_constraints(const TCGOp *op, TCGOpConstraints *buf);
bool tcg_target_const_match(TCGType type, int konst, int64_t val);

/* Emit a non-control op.  a[i] is the host register of argument i, or
 * its value when is_const[i]; constant arguments (c-args) follow as in
 * op->args, then two more entries: a displacement added to the guest
 * address of qemu_ld/qemu_st/sse_qemu, and the shift of an index
 * register.  The allocator may give qemu_ld/qemu_st/sse_qemu and the
 * host loads (ld*) one more input after the address, an index register
 * (args: o/val, addr, index, c-args), added to the address shifted left
 * by that shift.  A host load's displacement is already folded into its
 * offset c-arg (its entry is 0). */
void tcg_out_op(TCGContext *s, const TCGOp *op, const int64_t *a, const bool *is_const);

/* ---- primitives for the allocator ---- */
void tcg_out_mov(TCGContext *s, TCGType type, int dst, int src);
void tcg_out_movi(TCGContext *s, TCGType type, int reg, uint64_t val);
void tcg_out_ld(TCGContext *s, TCGType type, int reg, int base, int32_t offset);
void tcg_out_st(TCGContext *s, TCGType type, int reg, int base, int32_t offset);
void tcg_out_sti(TCGContext *s, TCGType type, uint64_t val, int base, int32_t offset);
/* cmp (or test, for TSTEQ/TSTNE) a with b, then jcc; returns the rel32
 * field to patch if target is NULL.  cond is neither NEVER nor ALWAYS. */
uint8_t *tcg_out_brcond(TCGContext *s, TCGType type, TCGCond cond, int a, int64_t b,
                        bool b_const, const uint8_t *target);
/* The same with a = the value of the op's type at [base + off]: a load
 * feeding only the branch needs no register. */
uint8_t *tcg_out_brcond_mem(TCGContext *s, TCGType type, TCGCond cond, int base, int32_t off, int64_t b,
                            bool b_const, const uint8_t *target);
uint8_t *tcg_out_jmp(TCGContext *s, const uint8_t *target);
void tcg_out_call(TCGContext *s, const void *func);
void tcg_out_exit_tb(TCGContext *s, uintptr_t val);
/* the patchable jump: returns the offset of its aligned rel32 field */
uint8_t *tcg_out_goto_tb(TCGContext *s);
/* The loop's back edge: `cmp dword [env + exit_request_ofs], 0; je head`,
 * the je patchable as goto_tb's jump is (returns its aligned rel32); the
 * code after it is the exit.  Control joins at head as at a label. */
uint8_t *tcg_out_loop_jump(TCGContext *s, int32_t exit_request_ofs, const uint8_t *head);
void tcg_out_goto_ptr(TCGContext *s, int reg);
void tcg_out_goto_ptr_mem(TCGContext *s, int base, int32_t off); /* jmp [base + off] */
void tcg_patch_rel32(uint8_t *rel32, const uint8_t *target);
/* The emitter keeps SSE results in host xmm registers only, and stores
 * them to their env images where control may leave straight-line code:
 * in the primitives above, and at a label (tcg_out_label, on the way in
 * from the code before it).  tcg_out_block_start forgets what a block
 * abandoned when the buffer filled up left pending. */
void tcg_out_label(TCGContext *s);
void tcg_out_block_start(TCGContext *s);

#endif

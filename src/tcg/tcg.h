/* tcg.h — the Tiny Code Generator's IR: types, temps, ops, labels, the
 * per-thread translation context, the builder API and the entry points of
 * the passes and the x86-64 backend.
 *
 * Shape: one TCGContext per translating thread (no global mutable state).
 * A translation block's IR is a flat array of TCGOp; passes rewrite ops in
 * place (a removed op becomes nop), so no pass needs to insert ops.  Temps
 * are indices into the context's temp array; every temp and every op has a
 * type (i32 or i64).  Constants are interned TEMP_CONST temps, so the
 * backend sees immediates directly.  This file knows nothing about guests. */
#ifndef TERN_TCG_H
#define TERN_TCG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum TCGType { TCG_TYPE_I32, TCG_TYPE_I64 } TCGType;

/* ---- opcodes ---- */
enum {
    TCG_OPF_BB_END = 1 << 0,       /* ends a basic block */
    TCG_OPF_COND_BRANCH = 1 << 1,  /* conditional branch: falls through too */
    TCG_OPF_CALL_CLOBBER = 1 << 2, /* clobbers the caller-saved host registers */
    TCG_OPF_SIDE_EFFECTS = 1 << 3, /* never removed, even if outputs are dead */
    TCG_OPF_NOT_PRESENT = 1 << 4,  /* emits no code */
    TCG_OPF_NORETURN = 1 << 5,     /* control never reaches the next op */
    TCG_OPF_CAN_FAULT = 1 << 6,    /* may raise a guest exception: globals recoverable (TCGFaultSite) */
    TCG_OPF_SIDE_EXIT = 1 << 7,    /* may leave the block: every global's value is needed */
};

typedef enum TCGOpcode {
#define DEF(name, oargs, iargs, cargs, flags) INDEX_op_##name,
#include "tcg-ops.def"
    NB_OPS,
} TCGOpcode;

typedef struct TCGOpDef {
    const char *name;
    uint8_t nb_oargs, nb_iargs, nb_cargs;
    uint8_t flags;
} TCGOpDef;

extern const TCGOpDef tcg_op_defs[NB_OPS];

/* ---- conditions (for brcond, setcond, movcond) ---- */
typedef enum TCGCond {
    TCG_COND_NEVER, TCG_COND_ALWAYS,
    TCG_COND_EQ, TCG_COND_NE,
    TCG_COND_LT, TCG_COND_GE, TCG_COND_LE, TCG_COND_GT,     /* signed */
    TCG_COND_LTU, TCG_COND_GEU, TCG_COND_LEU, TCG_COND_GTU, /* unsigned */
    TCG_COND_TSTEQ, TCG_COND_TSTNE,                         /* (a & b) == 0, != 0 */
} TCGCond;

TCGCond tcg_invert_cond(TCGCond c);
TCGCond tcg_swap_cond(TCGCond c); /* the condition with its operands swapped */
/* Evaluate a condition on values of the given type (used by the folder and
 * the interpreter, so both agree by construction). */
bool tcg_eval_cond(TCGType type, TCGCond c, uint64_t a, uint64_t b);

/* ---- guest memory operations ---- */
typedef enum MemOp {
    MO_8 = 0, MO_16 = 1, MO_32 = 2, MO_64 = 3, MO_SIZE = 3,
    MO_SIGN = 4, /* sign-extend a load to the op type */
    MO_UB = MO_8, MO_UW = MO_16, MO_UL = MO_32, MO_UQ = MO_64,
    MO_SB = MO_8 | MO_SIGN, MO_SW = MO_16 | MO_SIGN, MO_SL = MO_32 | MO_SIGN,
} MemOp;

/* The constant argument of a guest memory op: MemOp in the low 8 bits,
 * MMU index above.  In user mode the MMU index is ignored. */
typedef uint32_t MemOpIdx;
static inline MemOpIdx make_memop_idx(MemOp op, int mmu_idx) { return (uint32_t)op | ((uint32_t)mmu_idx << 8); }
static inline MemOp get_memop(MemOpIdx oi) { return (MemOp)(oi & 0xff); }
static inline int get_mmuidx(MemOpIdx oi) { return (int)(oi >> 8); }

/* ---- temps ---- */
typedef enum TCGTempKind {
    TEMP_EBB,    /* dead at every label: valid within an extended basic block */
    TEMP_TB,     /* lives through the whole block, across labels */
    TEMP_GLOBAL, /* backed by memory at env + mem_offset, live everywhere */
    TEMP_CONST,  /* the constant val; never written */
} TCGTempKind;

typedef struct TCGTemp {
    uint8_t type;      /* TCGType */
    uint8_t kind;      /* TCGTempKind */
    bool allocated;    /* temp in use (EBB/TB temps are recycled by tcg_temp_free) */
    bool fixed_reg;    /* lives in a fixed host register for the whole block (only env) */
    int64_t val;       /* TEMP_CONST: the value (i32 constants are stored zero-extended) */
    int32_t mem_offset; /* TEMP_GLOBAL: byte offset from env */
    const char *name;  /* TEMP_GLOBAL: printed in IR dumps */

    /* register allocator state, owned by regalloc.c */
    int8_t reg;          /* host register holding the value, or -1 */
    uint8_t val_loc;     /* where the value is now (see regalloc.c) */
    bool mem_coherent;   /* the memory slot holds the current value */
    bool mem_allocated;  /* TEMP_TB/EBB: a stack slot has been assigned */
    int32_t slot_offset; /* TEMP_TB/EBB: stack slot offset */
} TCGTemp;

/* A temp reference.  0 is never a valid temp, so a zeroed TCGv is "none". */
typedef uint32_t TCGv;
#define TCGV_NONE ((TCGv)0)

/* ---- ops ---- */
#define TCG_MAX_OP_ARGS 16 /* a call: 1 output + up to 12 inputs + 3 constants */

typedef uint64_t TCGArg;

typedef struct TCGOp {
    uint16_t opc;      /* TCGOpcode */
    uint8_t type;      /* TCGType the op computes in */
    uint8_t nb_oargs;  /* copies of the table entry, except for call */
    uint8_t nb_iargs;
    uint8_t nb_cargs;
    /* liveness, filled by liveness.c and read by the register allocator:
     * bit i set: argument i (outputs first, then inputs) is dead after
     * this op; bit 16+i set: global argument i must be synced to memory
     * after this op (an input: before it dies here, if its register holds
     * a value env lacks, as the block's loop leaves them at its head). */
    uint32_t life;
    TCGArg args[TCG_MAX_OP_ARGS];
} TCGOp;

static inline bool arg_is_dead(const TCGOp *op, int i) { return (op->life >> i) & 1; }
static inline bool arg_needs_sync(const TCGOp *op, int i) { return (op->life >> (16 + i)) & 1; }

/* an op removed in place: a nop with no arguments */
static inline void tcg_op_remove(TCGOp *op)
{
    op->opc = INDEX_op_nop;
    op->nb_oargs = op->nb_iargs = op->nb_cargs = 0;
    op->life = 0;
}

/* flags of a helper call (constant argument 1 of INDEX_op_call) */
enum {
    TCG_CALL_NO_READ_GLOBALS = 1 << 0,  /* the helper does not read env globals */
    TCG_CALL_NO_WRITE_GLOBALS = 1 << 1, /* the helper does not write env globals */
    TCG_CALL_NO_SIDE_EFFECTS = 1 << 2,  /* removable when its result is dead */
    TCG_CALL_NO_RWG = TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_WRITE_GLOBALS,
    TCG_CALL_NO_RWG_SE = TCG_CALL_NO_RWG | TCG_CALL_NO_SIDE_EFFECTS,
    TCG_CALL_NO_WG = TCG_CALL_NO_WRITE_GLOBALS,
};
#define TCG_MAX_CALL_IARGS 6 /* all in host argument registers (SysV x86-64) */

/* ---- labels ---- */
typedef struct TCGRelocation {
    struct TCGRelocation *next;
    uint8_t *code_ptr; /* address of a rel32 field to patch */
} TCGRelocation;

typedef struct TCGLabel {
    bool has_value;
    uint8_t *value;         /* host code address once emitted */
    TCGRelocation *relocs;  /* forward references waiting for the value */
    int refs;               /* number of branches to it (optimizer) */
} TCGLabel;

/* ---- what code generation reports back about one block ---- */
#define TCG_MAX_INSNS 512
#define TCG_MAX_FAULT_SITES 2048
#define TCG_MAX_FAULT_REGS 8192

/* An op that can fault leaves the globals it finds only in host registers
 * there, rather than writing them all back to env first: its site says,
 * for its host code [start, end), which registers hold which globals
 * (regs[first .. first + count) of the block's list).  A fault inside the
 * site copies those registers of the signal context to env before
 * anything reads the guest state. */
typedef struct TCGFaultSite {
    uint16_t start, end, first, count;
} TCGFaultSite;
/* one register of a site: env offset / 4, whether the global is 64-bit,
 * host register number */
#define TCG_FAULT_REG(ofs, is64, reg) ((uint16_t)((ofs) / 4 << 5 | (is64) << 4 | (reg)))
#define TCG_FAULT_REG_OFFSET(e) (((e) >> 5) * 4)
#define TCG_FAULT_REG_IS64(e) (((e) >> 4) & 1)
#define TCG_FAULT_REG_HOST(e) ((e) & 15)
#define TCG_FAULT_REG_MAX_OFFSET (2048 * 4) /* env offsets below this fit */
/* An entry naming rsp, which never holds a global, is a global known as a
 * constant: the next TCG_FAULT_CONST_WORDS words hold its value, low first. */
#define TCG_FAULT_CONST_REG 4
#define TCG_FAULT_CONST_WORDS 4

/* goto_tb slots of a block: 0 and 1 for its final exits, the others for
 * the side exits (brcond_exit) of a superblock */
#define TCG_MAX_JMP_SLOTS 4

typedef struct TCGCodeInfo {
    uint32_t code_size;
    /* goto_tb slot n: byte offset of the patchable jump's rel32 field, and
     * of the code the jump initially targets; UINT16_MAX if unused */
    uint16_t jmp_insn_offset[TCG_MAX_JMP_SLOTS];
    uint16_t jmp_reset_offset[TCG_MAX_JMP_SLOTS];
    /* the slot of a loop_back, whose jump targets the loop head until it
     * is reset (to jmp_reset_offset, the exit); -1: none */
    int loop_slot;
    /* per guest instruction, in order: host offset of the code following
     * its insn_start, and the insn_start's two constant words */
    uint32_t nb_insns;
    uint32_t insn_end_offset[TCG_MAX_INSNS]; /* host offset where insn i's code ends */
    uint64_t insn_data[TCG_MAX_INSNS][2];
    /* the fault sites, in code order, and the registers they list */
    uint32_t nb_fault_sites, nb_fault_regs;
    TCGFaultSite fault_sites[TCG_MAX_FAULT_SITES];
    uint16_t fault_regs[TCG_MAX_FAULT_REGS];
} TCGCodeInfo;

/* The loop of a block whose last op is a loop_back: what loop.c plans
 * before liveness, and liveness and the allocator follow.  The carried
 * globals are the ones the loop reads before writing them, the most read
 * first: each enters the head, from before the loop and from the back
 * edge alike, in a host register of its own, so iterations pass them on
 * in registers instead of through env. */
#define TCG_LOOP_MAX_GLOBALS 12
typedef struct TCGLoop {
    int head;  /* op index of the head's set_label; -1: no loop */
    int nb;    /* carried globals */
    TCGv global[TCG_LOOP_MAX_GLOBALS];
    bool dirty[TCG_LOOP_MAX_GLOBALS]; /* written in the loop: env may lag behind its register */
} TCGLoop;

/* ---- the per-thread context ---- */
#define TCG_MAX_TEMPS 1024
#define TCG_MAX_OPS 8192
#define TCG_MAX_LABELS 512
#define TCG_MAX_CONSTS 256
#define TCG_CONST_TABLE_SIZE 2048 /* > TCG_MAX_TEMPS, a power of two */

typedef struct TCGContext {
    /* IR of the block being translated */
    TCGOp ops[TCG_MAX_OPS];
    int nb_ops;
    TCGTemp temps[TCG_MAX_TEMPS];
    int nb_globals;     /* temps [1, nb_globals] are globals; 0 is unused */
    int nb_temps;
    TCGLabel labels[TCG_MAX_LABELS];
    int nb_labels;
    TCGv env;           /* the global holding the env pointer (lives in a fixed host register) */
    /* ir.c's indexes, so that making a temp or a constant takes O(1):
     * freed temps by kind (EBB, TB) and type, and the block's constants
     * (open addressing; an entry is valid when its stamp is const_gen) */
    uint64_t free_temps[2][2][TCG_MAX_TEMPS / 64];
    uint64_t used_temps[TCG_MAX_TEMPS / 64]; /* EBB and TB temps allocated now */
    uint32_t const_gen;
    struct { uint32_t gen; TCGv temp; } const_table[TCG_CONST_TABLE_SIZE];
    int env_reg;        /* that host register */
    /* The global that the unwinder (the front end's restore_state_to_opc)
     * sets from word 1 of the faulting instruction's insn_start, unless
     * that word is insn_word1_none (0: no such global): its constant value
     * need not reach env before an op that can fault. */
    TCGv insn_word1_global;
    uint64_t insn_word1_none;
    TCGLoop loop;       /* this block's, filled by tcg_gen_code (loop.c) */
    bool optimize;      /* tcg_gen_code runs tcg_optimize (on unless a test compiles raw IR) */

    /* guest memory in user mode: host address = guest address + guest_base */
    uintptr_t guest_base;

    /* code generation */
    uint8_t *code_buf;  /* where the current block's code starts */
    uint8_t *code_ptr;  /* next byte to emit */
    uint8_t *code_end;  /* emitting past this fails: the buffer is full */
    TCGCodeInfo *info;  /* filled by tcg_gen_code */
    bool overflow;      /* set by the emitter when code_end was reached */

    /* register allocator scratch, owned by regalloc.c */
    int32_t frame_used;
    TCGv reg_to_temp[16];

    /* emitter scratch, owned by emit_x86_64.c: the host xmm registers
     * holding SSE results not yet stored to their env images, and where
     * each one's image is (env + offset) */
    uint16_t sse_dirty;
    int32_t sse_image[16];
    /* the synchronization of the current run of SSE code
     * (TCG_HOST_SSE_SYNC_ALL): its jump to the out-of-line reloads, the
     * code it returns to, their images, the registers used so far */
    struct {
        uint8_t *jump, *back;
        int32_t images;
        uint16_t regs;
        bool open, in_run;
    } sse_sync;

    /* diagnostics: optional log stream for IR dumps */
    void *log_file;
} TCGContext;

/* The prologue/epilogue shared by all threads, produced once by
 * tcg_prologue_init.  tcg_tb_exec enters generated code at tb_code with
 * env in the env register; it returns the exit_tb value. */
typedef uintptr_t (*TCGTBExecFn)(void *env, const void *tb_code);
typedef struct TCGPrologue {
    TCGTBExecFn tb_exec;
    const uint8_t *epilogue_return_zero; /* goto_ptr target meaning "back to the cpu loop" */
} TCGPrologue;
extern TCGPrologue tcg_prologue;

/* ---- lifecycle ---- */
/* Once per thread, on zeroed memory (calloc): a context is 1.2 MB, of
 * which a process only touches what its blocks need, and untouched
 * pages cost no RSS and nothing to copy at a fork.  Creates s->env:
 * global temp 1, fixed_reg, I64, held in the backend's env register
 * (s->env_reg, set by the backend). */
void tcg_context_init(TCGContext *s);
/* Declare a global backed by env + offset; declare all globals before the
 * first tcg_func_start. */
TCGv tcg_global_mem_new(TCGContext *s, TCGType type, int offset, const char *name);
void tcg_func_start(TCGContext *s);          /* start a new block's IR */

/* ---- temps ---- */
TCGv tcg_temp_new(TCGContext *s, TCGType type);     /* TEMP_EBB */
TCGv tcg_temp_new_tb(TCGContext *s, TCGType type);  /* TEMP_TB */
void tcg_temp_free(TCGContext *s, TCGv t);          /* optional: lets the slot be reused */
void tcg_temp_free_all_but(TCGContext *s, TCGv keep); /* every EBB and TB temp but keep (may be none) */
TCGv tcg_constant(TCGContext *s, TCGType type, uint64_t val);
static inline TCGv tcg_constant_i32(TCGContext *s, uint32_t v) { return tcg_constant(s, TCG_TYPE_I32, v); }
static inline TCGv tcg_constant_i64(TCGContext *s, uint64_t v) { return tcg_constant(s, TCG_TYPE_I64, v); }
static inline TCGTemp *tcg_temp(TCGContext *s, TCGv t) { return &s->temps[t]; }
static inline TCGType tcg_temp_type(TCGContext *s, TCGv t) { return (TCGType)s->temps[t].type; }

/* ---- labels ---- */
int tcg_new_label(TCGContext *s);
static inline TCGLabel *tcg_label(TCGContext *s, int l) { return &s->labels[l]; }

/* ---- generic emission ---- */
TCGOp *tcg_emit_op(TCGContext *s, TCGOpcode opc, TCGType type);
/* The type of an arithmetic op is the type of its first output (or first input). */
void tcg_gen_op1(TCGContext *s, TCGOpcode opc, TCGv a0);
void tcg_gen_op2(TCGContext *s, TCGOpcode opc, TCGv ret, TCGv a);
void tcg_gen_op3(TCGContext *s, TCGOpcode opc, TCGv ret, TCGv a, TCGv b);

/* ---- builders (types come from the temps; mixing types is a bug that asserts) ---- */
void tcg_gen_mov(TCGContext *s, TCGv ret, TCGv a);
void tcg_gen_movi(TCGContext *s, TCGv ret, uint64_t v);
void tcg_gen_add(TCGContext *s, TCGv ret, TCGv a, TCGv b);
void tcg_gen_sub(TCGContext *s, TCGv ret, TCGv a, TCGv b);
void tcg_gen_mul(TCGContext *s, TCGv ret, TCGv a, TCGv b);
void tcg_gen_and(TCGContext *s, TCGv ret, TCGv a, TCGv b);
void tcg_gen_or(TCGContext *s, TCGv ret, TCGv a, TCGv b);
void tcg_gen_xor(TCGContext *s, TCGv ret, TCGv a, TCGv b);
void tcg_gen_andc(TCGContext *s, TCGv ret, TCGv a, TCGv b);
void tcg_gen_shl(TCGContext *s, TCGv ret, TCGv a, TCGv b);
void tcg_gen_shr(TCGContext *s, TCGv ret, TCGv a, TCGv b);
void tcg_gen_sar(TCGContext *s, TCGv ret, TCGv a, TCGv b);
void tcg_gen_rotl(TCGContext *s, TCGv ret, TCGv a, TCGv b);
void tcg_gen_rotr(TCGContext *s, TCGv ret, TCGv a, TCGv b);
void tcg_gen_addi(TCGContext *s, TCGv ret, TCGv a, int64_t b);
void tcg_gen_subi(TCGContext *s, TCGv ret, TCGv a, int64_t b);
void tcg_gen_andi(TCGContext *s, TCGv ret, TCGv a, uint64_t b);
void tcg_gen_ori(TCGContext *s, TCGv ret, TCGv a, uint64_t b);
void tcg_gen_xori(TCGContext *s, TCGv ret, TCGv a, uint64_t b);
void tcg_gen_shli(TCGContext *s, TCGv ret, TCGv a, unsigned b);
void tcg_gen_shri(TCGContext *s, TCGv ret, TCGv a, unsigned b);
void tcg_gen_sari(TCGContext *s, TCGv ret, TCGv a, unsigned b);
void tcg_gen_neg(TCGContext *s, TCGv ret, TCGv a);
void tcg_gen_not(TCGContext *s, TCGv ret, TCGv a);
void tcg_gen_div(TCGContext *s, TCGv ret, TCGv a, TCGv b);
void tcg_gen_divu(TCGContext *s, TCGv ret, TCGv a, TCGv b);
void tcg_gen_rem(TCGContext *s, TCGv ret, TCGv a, TCGv b);
void tcg_gen_remu(TCGContext *s, TCGv ret, TCGv a, TCGv b);
void tcg_gen_mulu2(TCGContext *s, TCGv lo, TCGv hi, TCGv a, TCGv b);
void tcg_gen_muls2(TCGContext *s, TCGv lo, TCGv hi, TCGv a, TCGv b);
void tcg_gen_divu2(TCGContext *s, TCGv q, TCGv r, TCGv lo, TCGv hi, TCGv d);
void tcg_gen_divs2(TCGContext *s, TCGv q, TCGv r, TCGv lo, TCGv hi, TCGv d);
void tcg_gen_setcond(TCGContext *s, TCGCond c, TCGv ret, TCGv a, TCGv b);
void tcg_gen_movcond(TCGContext *s, TCGCond c, TCGv ret, TCGv a, TCGv b, TCGv v1, TCGv v2);
void tcg_gen_clz(TCGContext *s, TCGv ret, TCGv a, TCGv zero_val);
void tcg_gen_ctz(TCGContext *s, TCGv ret, TCGv a, TCGv zero_val);
void tcg_gen_ctpop(TCGContext *s, TCGv ret, TCGv a);
void tcg_gen_bswap16(TCGContext *s, TCGv ret, TCGv a);
void tcg_gen_bswap32(TCGContext *s, TCGv ret, TCGv a);
void tcg_gen_bswap64(TCGContext *s, TCGv ret, TCGv a);
void tcg_gen_extract(TCGContext *s, TCGv ret, TCGv a, unsigned pos, unsigned len);
void tcg_gen_sextract(TCGContext *s, TCGv ret, TCGv a, unsigned pos, unsigned len);
void tcg_gen_deposit(TCGContext *s, TCGv ret, TCGv a, TCGv b, unsigned pos, unsigned len);
void tcg_gen_ext8s(TCGContext *s, TCGv ret, TCGv a);
void tcg_gen_ext8u(TCGContext *s, TCGv ret, TCGv a);
void tcg_gen_ext16s(TCGContext *s, TCGv ret, TCGv a);
void tcg_gen_ext16u(TCGContext *s, TCGv ret, TCGv a);
void tcg_gen_ext32s(TCGContext *s, TCGv ret, TCGv a);
void tcg_gen_ext32u(TCGContext *s, TCGv ret, TCGv a);
void tcg_gen_extu_i32_i64(TCGContext *s, TCGv ret, TCGv a);
void tcg_gen_exts_i32_i64(TCGContext *s, TCGv ret, TCGv a);
void tcg_gen_extrl_i64_i32(TCGContext *s, TCGv ret, TCGv a);
void tcg_gen_extrh_i64_i32(TCGContext *s, TCGv ret, TCGv a);

/* host memory at base + offset (base is usually s->env) */
void tcg_gen_ld(TCGContext *s, TCGOpcode ldop, TCGv ret, TCGv base, int32_t offset);
void tcg_gen_st(TCGContext *s, TCGOpcode stop, TCGv val, TCGv base, int32_t offset);

/* guest memory */
void tcg_gen_qemu_ld(TCGContext *s, TCGv ret, TCGv addr, MemOp mop, int mmu_idx);
void tcg_gen_qemu_st(TCGContext *s, TCGv val, TCGv addr, MemOp mop, int mmu_idx);
void tcg_gen_atomic_cmpxchg(TCGContext *s, TCGv old, TCGv addr, TCGv expected, TCGv newv, MemOp mop, int mmu_idx);
void tcg_gen_atomic_xchg(TCGContext *s, TCGv old, TCGv addr, TCGv newv, MemOp mop, int mmu_idx);
void tcg_gen_atomic_fetch_add(TCGContext *s, TCGv old, TCGv addr, TCGv addend, MemOp mop, int mmu_idx);

/* control */
void tcg_gen_insn_start(TCGContext *s, uint64_t pc, uint64_t word1);
void tcg_gen_set_label(TCGContext *s, int label);
void tcg_gen_br(TCGContext *s, int label);
void tcg_gen_brcond(TCGContext *s, TCGCond c, TCGv a, TCGv b, int label);
void tcg_gen_brcondi(TCGContext *s, TCGCond c, TCGv a, uint64_t b, int label);
/* leave the block through a side exit if (a c b): see brcond_exit;
 * exit_request_ofs < 0: no test */
void tcg_gen_brcond_exit(TCGContext *s, TCGCond c, TCGv a, TCGv b, uintptr_t exit_val, int32_t exit_request_ofs);
void tcg_gen_exit_tb(TCGContext *s, uintptr_t val);
/* the block's loop back edge to label head, set before the loop's first
 * op: see loop_back.  The block's last op. */
void tcg_gen_loop_back(TCGContext *s, int head, uintptr_t exit_val, int32_t exit_request_ofs);
void tcg_gen_goto_tb(TCGContext *s, int slot);
void tcg_gen_goto_ptr(TCGContext *s, TCGv host_addr);
void tcg_gen_mb(TCGContext *s);
void tcg_gen_discard(TCGContext *s, TCGv t);
/* Call func(args...) with up to TCG_MAX_CALL_IARGS integer args; ret may be
 * TCGV_NONE.  flags: TCG_CALL_*. */
void tcg_gen_call(TCGContext *s, void *func, unsigned flags, TCGv ret, int nargs, const TCGv *args);
#define tcg_gen_calln(s, func, flags, ret, ...)                                   \
    tcg_gen_call((s), (void *)(func), (flags), (ret),                          \
                 (int)(sizeof((TCGv[]){__VA_ARGS__}) / sizeof(TCGv)), (TCGv[]){__VA_ARGS__})
#define tcg_gen_call0(s, func, flags, ret) tcg_gen_call((s), (void *)(func), (flags), (ret), 0, NULL)

/* ---- passes (run in this order by tcg_gen_code) ---- */
void tcg_optimize(TCGContext *s);         /* opt.c: folding, copy propagation, store-to-load forwarding */
void tcg_plan_loop(TCGContext *s, int max_globals); /* loop.c: s->loop */
void tcg_liveness(TCGContext *s);         /* liveness.c: dead code removal and op->life */

/* ---- backend ---- */
/* Optimize, allocate registers and emit host code for the current IR at
 * s->code_ptr (not past s->code_end).  Fills *info.  Returns the code size,
 * or -1 if the buffer filled up (the caller flushes and retries). */
int tcg_gen_code(TCGContext *s, TCGCodeInfo *info);
/* Emit the shared prologue/epilogue at code; returns bytes used. */
size_t tcg_prologue_init(uint8_t *code, size_t size);
/* Point goto_tb jump whose rel32 field is at jmp_rel32 to target; atomic
 * with respect to threads executing the jump. */
void tcg_patch_goto_tb(uint8_t *jmp_rel32, const uint8_t *target);

/* ---- the reference interpreter (interp.c) ---- */
/* Run the current IR (before or after the passes) on env, a host memory
 * block holding the globals.  Guest memory ops access host address
 * guest_addr + s->guest_base.  Calls are made for real.  goto_tb is a no-op
 * (never chained), so the exit_tb after it runs.  Returns the exit_tb
 * value, or for goto_ptr the host address it would jump to. */
uintptr_t tcg_interpret(TCGContext *s, void *env);

/* ---- diagnostics ---- */
void tcg_dump_ops(TCGContext *s, void *file); /* print the IR (-d op / op_opt) */

#endif

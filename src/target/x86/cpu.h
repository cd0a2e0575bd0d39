/* cpu.h — the x86-64 guest CPU: architectural state, lazy-flags kinds,
 * exception numbers and the target's entry points.
 *
 * The fields that generated code touches on every block (GPRs, rip, lazy
 * flags, exit_request) come first so their offsets fit a disp8 from the
 * env register.  State is a plain struct: one per vCPU / guest thread. */
#ifndef TERN_TARGET_X86_CPU_H
#define TERN_TARGET_X86_CPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { R_EAX, R_ECX, R_EDX, R_EBX, R_ESP, R_EBP, R_ESI, R_EDI,
       R_R8, R_R9, R_R10, R_R11, R_R12, R_R13, R_R14, R_R15 };
enum { R_ES, R_CS, R_SS, R_DS, R_FS, R_GS, NB_SEGS };

/* EFLAGS bits */
#define CC_C 0x0001
#define CC_P 0x0004
#define CC_A 0x0010
#define CC_Z 0x0040
#define CC_S 0x0080
#define CC_O 0x0800
#define CC_ALL (CC_C | CC_P | CC_A | CC_Z | CC_S | CC_O)
#define TF_MASK 0x0100
#define IF_MASK 0x0200
#define DF_MASK 0x0400
#define AC_MASK 0x40000
#define ID_MASK 0x200000

/* Lazy flags: the arithmetic flags are a function of (cc_op, cc_dst,
 * cc_src, cc_src2), computed only when read.  Sizes run B, W, L, Q in
 * that order so that cc_op = CC_OP_ADDB + ot.
 *   CC_OP_EFLAGS: cc_src holds the flags themselves (CC_* bits).
 *   ADD: dst = result, src = second operand.  SUB: dst = result, src = subtrahend.
 *   ADC/SBB: dst = result, src = second operand, src2 = carry in.
 *   LOGIC: dst = result.  INC/DEC: dst = result, src = old CF.
 *   SHL/SAR (covers shr too): dst = result, src = value shifted by count-1.
 *   MUL: dst = result, src = nonzero iff CF=OF=1.
 *   BMILG: dst = result, src = source (for blsi/blsr/... CF).
 *   ADCX/ADOX/ADCOX: see cc_helper.c. */
typedef enum CCOp {
    CC_OP_DYNAMIC, /* only at translation time: cc_op must be read from env */
    CC_OP_EFLAGS,
    CC_OP_ADDB, CC_OP_ADDW, CC_OP_ADDL, CC_OP_ADDQ,
    CC_OP_ADCB, CC_OP_ADCW, CC_OP_ADCL, CC_OP_ADCQ,
    CC_OP_SUBB, CC_OP_SUBW, CC_OP_SUBL, CC_OP_SUBQ,
    CC_OP_SBBB, CC_OP_SBBW, CC_OP_SBBL, CC_OP_SBBQ,
    CC_OP_LOGICB, CC_OP_LOGICW, CC_OP_LOGICL, CC_OP_LOGICQ,
    CC_OP_INCB, CC_OP_INCW, CC_OP_INCL, CC_OP_INCQ,
    CC_OP_DECB, CC_OP_DECW, CC_OP_DECL, CC_OP_DECQ,
    CC_OP_SHLB, CC_OP_SHLW, CC_OP_SHLL, CC_OP_SHLQ,
    CC_OP_SARB, CC_OP_SARW, CC_OP_SARL, CC_OP_SARQ,
    CC_OP_MULB, CC_OP_MULW, CC_OP_MULL, CC_OP_MULQ,
    CC_OP_BMILGB, CC_OP_BMILGW, CC_OP_BMILGL, CC_OP_BMILGQ,
    CC_OP_CLR,   /* flags after xor r,r: Z and P set, rest clear */
    CC_OP_NB,
} CCOp;

/* Exception vectors (guest-visible numbers) and internal exits. */
enum {
    EXCP00_DIVZ = 0, EXCP01_DB = 1, EXCP03_INT3 = 3, EXCP04_INTO = 4,
    EXCP05_BOUND = 5, EXCP06_ILLOP = 6, EXCP07_PREX = 7, EXCP0D_GPF = 13,
    EXCP0E_PAGE = 14, EXCP10_COPR = 16, EXCP11_ALGN = 17, EXCP13_XMM = 19,
    EXCP_SYSCALL = 0x100, /* user mode: the guest executed syscall */
    EXCP_INTERRUPT,       /* exit_request was seen: back to the cpu loop */
    EXCP_HLT,
    EXCP_SMC,             /* self-modifying code: retranslate from rip */
};

typedef union XMMReg {
    uint8_t b[16];
    uint16_t w[8];
    uint32_t l[4];
    uint64_t q[2];
    int8_t sb[16];
    int16_t sw[8];
    int32_t sl[4];
    int64_t sq[2];
    float f[4];
    double d[2];
} __attribute__((aligned(16))) XMMReg;

/* An x87 register: the 80-bit extended value in the first 10 bytes, as
 * the host's fld/fstp tbyte read and write it. */
typedef union FPReg {
    long double d;
    struct {
        uint64_t mant;
        uint16_t exp; /* sign in bit 15 */
    } __attribute__((packed)) x;
    uint8_t bytes[16];
} FPReg;

typedef struct CPUX86State {
    /* ---- hot: read and written by generated code ----
     * Generated code addresses these from its env register: fields
     * below offset 128 take a one-byte displacement, the others four.
     * The lazy flags state and exit_request, which nearly every block
     * writes or tests, come first; then the registers, of which r13,
     * r14, r15 and rip land past 128 (python3 startup: 7.6% less host
     * code than with the registers first). */
    uint64_t cc_dst;
    uint64_t cc_src;
    uint32_t cc_op;          /* CCOp */
    volatile int32_t exit_request; /* nonzero: leave generated code at the next backward or indirect jump (exec.h) */
    uint64_t regs[16];
    uint64_t rip;
    uint64_t cc_src2;
    int32_t df;              /* +1 or -1: the direction flag as a step */
    uint32_t hflags;         /* translation-relevant mode bits (HF_*) */
    uint64_t eflags;         /* the non-arithmetic bits (IF, DF, AC, ID, ...); arithmetic ones live in cc_* */
    uint64_t seg_base[NB_SEGS];
    uint16_t seg_sel[NB_SEGS];

    /* ---- SSE ---- */
    XMMReg xmm[16];
    XMMReg xmm_t0;           /* scratch for helpers (e.g. a memory operand) */
    uint32_t mxcsr;

    /* ---- x87 ---- */
    FPReg fpregs[8];         /* physical registers: ST(i) is fpregs[(fpstt + i) & 7] */
    uint32_t fpstt;          /* top of stack */
    uint16_t fpus;           /* status word without TOP */
    uint16_t fpuc;           /* control word */
    uint8_t fptags[8];       /* 1 = empty */
    uint16_t fpop;
    uint64_t fpip, fpdp;
    FPReg ft0;               /* scratch */
    /* the host x87 holds the registers, TOP, tags, status and control
     * words (x87_host.h); the fields above are then stale, but for
     * fpop/fpip/fpdp, which generated code keeps here */
    bool x87_in_host;

    /* ---- exceptions ---- */
    int32_t exception_index; /* EXCP* of the pending exception */
    int32_t error_code;
    uint64_t exception_addr; /* faulting data address (cr2 / si_addr) */
    int32_t exception_is_write;

    /* ---- model ---- */
    uint32_t cpuid_features;     /* CPUID.1:EDX */
    uint32_t cpuid_ext_features; /* CPUID.1:ECX */
    uint32_t cpuid_7_ebx;        /* CPUID.(7,0):EBX */
    uint32_t cpuid_ext2_features; /* CPUID.80000001:EDX */
    uint32_t cpuid_ext3_features; /* CPUID.80000001:ECX */
    char cpuid_vendor[13];
    char cpuid_model_id[49];
    uint32_t cpuid_version;      /* CPUID.1:EAX */
} CPUX86State;

/* hflags: bits that change how code is decoded; part of the TB key. */
#define HF_CPL_MASK 0x3
#define HF_CS64 (1u << 2)   /* 64-bit code segment */
#define HF_CS32 (1u << 3)   /* 32-bit default operand size (compat mode) */
#define HF_SOFTMMU (1u << 4)
/* MXCSR's control bits are not the power-up default 0x1f80 (all exceptions
 * masked, round to nearest, no FTZ/DAZ): SSE arithmetic goes through
 * helpers instead of running inline on the host's MXCSR. */
#define HF_MXCSR_NONDEF (1u << 5)
/* The x87 control word unmasks an exception: x87 instructions go through
 * one helper per instruction on env's image instead of running on the
 * host's x87, which holds the guest's state otherwise (x87_host.h). */
#define HF_X87_NONDEF (1u << 6)

/* CPUID bits used in decisions (CPUID.1:EDX / ECX). */
#define CPUID_FP87 (1u << 0)
#define CPUID_TSC (1u << 4)
#define CPUID_CX8 (1u << 8)
#define CPUID_CMOV (1u << 15)
#define CPUID_MMX (1u << 23)
#define CPUID_FXSR (1u << 24)
#define CPUID_SSE (1u << 25)
#define CPUID_SSE2 (1u << 26)
#define CPUID_EXT_SSE3 (1u << 0)
#define CPUID_EXT_PCLMULQDQ (1u << 1)
#define CPUID_EXT_SSSE3 (1u << 9)
#define CPUID_EXT_CX16 (1u << 13)
#define CPUID_EXT_SSE41 (1u << 19)
#define CPUID_EXT_SSE42 (1u << 20)
#define CPUID_EXT_MOVBE (1u << 22)
#define CPUID_EXT_POPCNT (1u << 23)
#define CPUID_EXT_AES (1u << 25)
#define CPUID_EXT3_LAHF_LM (1u << 0)
#define CPUID_EXT3_ABM (1u << 5) /* lzcnt */
#define CPUID_7_EBX_BMI1 (1u << 3)
#define CPUID_7_EBX_BMI2 (1u << 8)
#define CPUID_EXT2_SYSCALL (1u << 11)
#define CPUID_EXT2_NX (1u << 20)
#define CPUID_EXT2_RDTSCP (1u << 27)
#define CPUID_EXT2_LM (1u << 29)

/* ---- target entry points ---- */
struct TCGContext;
struct TranslationBlock;

/* Set up a CPU in 64-bit user mode with the given model ("max", "qemu64",
 * ...); false if the model is unknown. */
bool x86_cpu_init(CPUX86State *env, const char *model);
void x86_cpu_list(void *file);           /* -cpu help */

/* Declare the TCG globals for env fields; once per TCGContext. */
void x86_tcg_init(struct TCGContext *s);
/* Emit the IR of the block starting at tb->pc (translate.c). */
void x86_translate_block(struct TCGContext *s, CPUX86State *env, struct TranslationBlock *tb);
/* Put env back to the state at the start of the guest instruction whose
 * insn_start carried data[0..1] (the restore half of precise exceptions). */
void x86_restore_state_to_opc(CPUX86State *env, const uint64_t data[2]);

/* Full EFLAGS value (arithmetic bits computed from the lazy state), and
 * the reverse: load a full EFLAGS value into the lazy state (cc_op becomes
 * CC_OP_EFLAGS) and eflags/df.  (cc_helper.c) */
uint64_t x86_get_eflags(const CPUX86State *env);
void x86_set_eflags(CPUX86State *env, uint64_t eflags, uint64_t update_mask);

/* Raise a guest exception from a helper: unwinds to the cpu loop.  retaddr
 * is the helper's return address into generated code (GETPC()), used to
 * restore rip/cc_op precisely; 0 if env is already precise.  Does not return. */
_Noreturn void x86_raise_exception(CPUX86State *env, int excp, uintptr_t retaddr);
_Noreturn void x86_raise_exception_err(CPUX86State *env, int excp, int error_code, uintptr_t retaddr);

#define GETPC() ((uintptr_t)__builtin_return_address(0))

#endif

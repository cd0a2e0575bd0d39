/* emit_x86_64.c — the x86-64 instruction encoder, the lowering of every IR
 * op onto it, the operand constraints the register allocator obeys, and
 * the prologue/epilogue shared by all generated code.
 *
 * Shape: a handful of encoding routines (prefixes, REX, ModRM/SIB,
 * displacements) build every instruction; each op is one short function
 * choosing the shortest form for its operands (imm8 over imm32, lea for a
 * 3-address add, movzx for masks, test for comparisons with zero).  The
 * allocator places operands where the constraints say, so the lowering
 * never moves values behind its back; r11 is the only scratch register.
 * Every byte goes through out8/out32/out64, which refuse to write past
 * s->code_end and set s->overflow instead; the encoding routines
 * assemble prefixes, opcode, ModRM, SIB and displacement in an InsnBuf
 * and copy it out once, one bounds check per instruction rather than
 * per byte. */
#include "backend.h"
#include "host_sse.h"

#include <cpuid.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- host CPU features: detected once by tcg_prologue_init ---- */
TCGHostFeatures tcg_host_features;
static bool host_lahf; /* LAHF in 64-bit mode (sse_env_flags) */

/* ---- shared prologue / epilogue ---- */
TCGPrologue tcg_prologue;
static const uint8_t *epilogue_ptr; /* restore registers and return rax */

const int tcg_call_arg_regs[TCG_MAX_CALL_IARGS] = { R_RDI, R_RSI, R_RDX, R_RCX, R_R8, R_R9 };

/* ---- raw output ---- */
static inline void out8(TCGContext *s, uint8_t v)
{
    if (s->code_ptr < s->code_end)
        *s->code_ptr++ = v;
    else
        s->overflow = true;
}

static inline void out_bytes(TCGContext *s, const void *p, size_t n)
{
    if ((size_t)(s->code_end - s->code_ptr) >= n) {
        memcpy(s->code_ptr, p, n);
        s->code_ptr += n;
    } else {
        s->overflow = true;
    }
}

/* The bytes of one instruction being assembled (x86 caps one at 15). */
typedef struct InsnBuf {
    uint8_t b[16];
    int n;
} InsnBuf;

static inline void ib8(InsnBuf *ib, uint8_t v) { ib->b[ib->n++] = v; }

static inline void ib32(InsnBuf *ib, uint32_t v)
{
    memcpy(&ib->b[ib->n], &v, 4);
    ib->n += 4;
}

/* Copies the whole buffer when there is room for it (a fixed-size copy,
 * no call; the bytes past n are scratch that the next output
 * overwrites), else only its n bytes. */
static inline void out_insn(TCGContext *s, const InsnBuf *ib)
{
    if (s->code_end - s->code_ptr >= (ptrdiff_t)sizeof(ib->b)) {
        memcpy(s->code_ptr, ib->b, sizeof(ib->b));
        s->code_ptr += ib->n;
    } else {
        out_bytes(s, ib->b, (size_t)ib->n);
    }
}

static inline void out16(TCGContext *s, uint16_t v) { out_bytes(s, &v, 2); }
static inline void out32(TCGContext *s, uint32_t v) { out_bytes(s, &v, 4); }
static inline void out64(TCGContext *s, uint64_t v) { out_bytes(s, &v, 8); }

static inline bool fits_s8(int64_t v) { return v == (int8_t)v; }
static inline bool fits_s32(int64_t v) { return v == (int32_t)v; }

/* ---- opcode flags ---- */
#define P_EXT 0x100      /* 0x0f escape */
#define P_EXT38 0x200    /* 0x0f 0x38 escape */
#define P_DATA16 0x400   /* 0x66 operand-size prefix */
#define P_REXW 0x800     /* 64-bit operand size */
#define P_REXB_R 0x1000  /* reg field is a byte register */
#define P_REXB_RM 0x2000 /* rm field is a byte register */
#define P_F3 0x4000      /* 0xf3 prefix (lzcnt, tzcnt, popcnt) */
#define P_LOCK 0x8000    /* 0xf0 lock prefix */

#define OPC_ARITH_GvEv 0x03 /* op r, r/m; | (subop << 3) */
#define OPC_ARITH_EvIz 0x81
#define OPC_ARITH_EvIb 0x83
#define OPC_BSF (0xbc | P_EXT)
#define OPC_BSR (0xbd | P_EXT)
#define OPC_BSWAP (0xc8 | P_EXT)
#define OPC_CMOVCC (0x40 | P_EXT)
#define OPC_CMPXCHG (0xb1 | P_EXT)
#define OPC_GRP3 0xf7
#define OPC_IMUL_GvEv (0xaf | P_EXT)
#define OPC_IMUL_GvEvIb 0x6b
#define OPC_IMUL_GvEvIz 0x69
#define OPC_JCC_long (0x80 | P_EXT)
#define OPC_JCC_short 0x70
#define OPC_JMP_long 0xe9
#define OPC_JMP_short 0xeb
#define OPC_LEA 0x8d
#define OPC_LZCNT (0xbd | P_EXT | P_F3)
#define OPC_MOVB_EvGv 0x88
#define OPC_MOVL_EvGv 0x89
#define OPC_MOVL_GvEv 0x8b
#define OPC_MOVB_EvIz 0xc6
#define OPC_MOVL_EvIz 0xc7
#define OPC_MOVL_Iv 0xb8
#define OPC_MOVSBL (0xbe | P_EXT)
#define OPC_MOVSWL (0xbf | P_EXT)
#define OPC_MOVSLQ (0x63 | P_REXW)
#define OPC_MOVZBL (0xb6 | P_EXT)
#define OPC_MOVZWL (0xb7 | P_EXT)
#define OPC_POPCNT (0xb8 | P_EXT | P_F3)
#define OPC_SETCC (0x90 | P_EXT | P_REXB_RM)
#define OPC_SHIFT_1 0xd1
#define OPC_SHIFT_Ib 0xc1
#define OPC_SHIFT_cl 0xd3
#define OPC_TESTL 0x85
#define OPC_TZCNT (0xbc | P_EXT | P_F3)
#define OPC_XADD (0xc1 | P_EXT)
#define OPC_XCHG 0x87
#define OPC_GRP5 0xff

enum { ARITH_ADD = 0, ARITH_OR = 1, ARITH_ADC = 2, ARITH_AND = 4, ARITH_SUB = 5, ARITH_XOR = 6, ARITH_CMP = 7 };
enum { SHIFT_ROL = 0, SHIFT_ROR = 1, SHIFT_SHL = 4, SHIFT_SHR = 5, SHIFT_SAR = 7 };
enum { EXT3_TEST = 0, EXT3_NOT = 2, EXT3_NEG = 3, EXT3_MUL = 4, EXT3_IMUL = 5, EXT3_DIV = 6, EXT3_IDIV = 7 };
enum { EXT5_CALL = 2, EXT5_JMP = 4 };

enum { JCC_B = 0x2, JCC_AE = 0x3, JCC_E = 0x4, JCC_NE = 0x5, JCC_BE = 0x6, JCC_A = 0x7,
       JCC_L = 0xc, JCC_GE = 0xd, JCC_LE = 0xe, JCC_G = 0xf };

static const uint8_t cond_to_jcc[] = {
    [TCG_COND_EQ] = JCC_E, [TCG_COND_NE] = JCC_NE,
    [TCG_COND_LT] = JCC_L, [TCG_COND_GE] = JCC_GE, [TCG_COND_LE] = JCC_LE, [TCG_COND_GT] = JCC_G,
    [TCG_COND_LTU] = JCC_B, [TCG_COND_GEU] = JCC_AE, [TCG_COND_LEU] = JCC_BE, [TCG_COND_GTU] = JCC_A,
    [TCG_COND_TSTEQ] = JCC_E, [TCG_COND_TSTNE] = JCC_NE,
};

static inline int rexw(TCGType type) { return type == TCG_TYPE_I64 ? P_REXW : 0; }
static inline int type_bits(TCGType type) { return type == TCG_TYPE_I64 ? 64 : 32; }

/* ---- encoding ---- */

/* Prefixes, REX and opcode bytes.  x is the SIB index register (0: none). */
static inline void ib_opc(InsnBuf *ib, int opc, int r, int rm, int x)
{
    if (opc & (P_LOCK | P_DATA16 | P_F3)) {
        if (opc & P_LOCK)
            ib8(ib, 0xf0);
        if (opc & P_DATA16)
            ib8(ib, 0x66);
        if (opc & P_F3)
            ib8(ib, 0xf3);
    }
    int rex = (opc & P_REXW) ? 8 : 0;
    rex |= (r & 8) >> 1;
    rex |= (x & 8) >> 2;
    rex |= (rm & 8) >> 3;
    /* spl/bpl/sil/dil are only reachable as bytes with some REX prefix */
    if (((opc & P_REXB_R) && r >= 4) || ((opc & P_REXB_RM) && rm >= 4))
        rex |= 0x40;
    if (rex)
        ib8(ib, (uint8_t)(rex | 0x40));
    if (opc & (P_EXT | P_EXT38)) {
        ib8(ib, 0x0f);
        if (opc & P_EXT38)
            ib8(ib, 0x38);
    }
    ib8(ib, (uint8_t)opc);
}

static void out_opc(TCGContext *s, int opc, int r, int rm, int x)
{
    InsnBuf ib = { .n = 0 };
    ib_opc(&ib, opc, r, rm, x);
    out_insn(s, &ib);
}

static inline void ib_modrm(InsnBuf *ib, int opc, int r, int rm)
{
    ib_opc(ib, opc, r, rm, 0);
    ib8(ib, (uint8_t)(0xc0 | (r & 7) << 3 | (rm & 7)));
}

static void out_modrm(TCGContext *s, int opc, int r, int rm)
{
    InsnBuf ib = { .n = 0 };
    ib_modrm(&ib, opc, r, rm);
    out_insn(s, &ib);
}

/* [base + index << shift + offset]; index < 0: none; base < 0: none
 * (absolute disp32 address). */
static inline void ib_modrm_sib(InsnBuf *ib, int opc, int r, int base, int index, int shift, int32_t offset)
{
    int mod;
    if (base < 0) {
        ib_opc(ib, opc, r, 0, 0);
        ib8(ib, (uint8_t)((r & 7) << 3 | 4));
        ib8(ib, 0x25); /* no index, no base: disp32 */
        ib32(ib, (uint32_t)offset);
        return;
    }
    if (offset == 0 && (base & 7) != R_RBP)
        mod = 0;
    else if (fits_s8(offset))
        mod = 0x40;
    else
        mod = 0x80;
    if (index < 0 && (base & 7) != R_RSP) {
        ib_opc(ib, opc, r, base, 0);
        ib8(ib, (uint8_t)(mod | (r & 7) << 3 | (base & 7)));
    } else {
        int idx = index < 0 ? R_RSP : index; /* rsp as index means none */
        ib_opc(ib, opc, r, base, index < 0 ? 0 : index);
        ib8(ib, (uint8_t)(mod | (r & 7) << 3 | 4));
        ib8(ib, (uint8_t)(shift << 6 | (idx & 7) << 3 | (base & 7)));
    }
    if (mod == 0x40)
        ib8(ib, (uint8_t)offset);
    else if (mod == 0x80)
        ib32(ib, (uint32_t)offset);
}

static void out_modrm_sib(TCGContext *s, int opc, int r, int base, int index, int shift, int32_t offset)
{
    InsnBuf ib = { .n = 0 };
    ib_modrm_sib(&ib, opc, r, base, index, shift, offset);
    out_insn(s, &ib);
}

static void out_modrm_offset(TCGContext *s, int opc, int r, int base, int32_t offset)
{
    out_modrm_sib(s, opc, r, base, -1, 0, offset);
}

/* VEX-encoded 0f38 op with a second source in vvvv (andn). */
static void out_vex_modrm(TCGContext *s, int opc, int r, int v, int rm)
{
    out8(s, 0xc4);
    out8(s, (uint8_t)((((r & 8) ^ 8) << 4) | 0x40 | (((rm & 8) ^ 8) << 2) | 0x02));
    out8(s, (uint8_t)(((opc & P_REXW) ? 0x80 : 0) | ((~v & 15) << 3)));
    out8(s, (uint8_t)opc);
    out8(s, (uint8_t)(0xc0 | (r & 7) << 3 | (rm & 7)));
}

/* ---- small instruction helpers ---- */

static void out_arith_rr(TCGContext *s, int subop, int dst, int src, int w)
{
    out_modrm(s, (OPC_ARITH_GvEv + (subop << 3)) | w, dst, src);
}

static void out_arith_ri(TCGContext *s, int subop, int reg, int64_t val, int w)
{
    InsnBuf ib = { .n = 0 };
    if (!w)
        val = (int32_t)val;
    if (fits_s8(val)) {
        ib_modrm(&ib, OPC_ARITH_EvIb | w, subop, reg);
        ib8(&ib, (uint8_t)val);
    } else {
        ib_modrm(&ib, OPC_ARITH_EvIz | w, subop, reg);
        ib32(&ib, (uint32_t)val);
    }
    out_insn(s, &ib);
}

static void out_shift_ri(TCGContext *s, int subop, int reg, int count, int w)
{
    InsnBuf ib = { .n = 0 };
    if (count == 1) {
        ib_modrm(&ib, OPC_SHIFT_1 | w, subop, reg);
    } else if (count) {
        ib_modrm(&ib, OPC_SHIFT_Ib | w, subop, reg);
        ib8(&ib, (uint8_t)count);
    }
    out_insn(s, &ib);
}

void tcg_out_mov(TCGContext *s, TCGType type, int dst, int src)
{
    if (dst != src)
        out_modrm(s, OPC_MOVL_GvEv | rexw(type), dst, src);
}

/* A 32-bit move even between equal registers: clears the upper half. */
static void out_movl(TCGContext *s, int dst, int src)
{
    out_modrm(s, OPC_MOVL_GvEv, dst, src);
}

void tcg_out_movi(TCGContext *s, TCGType type, int reg, uint64_t val)
{
    if (type == TCG_TYPE_I32)
        val = (uint32_t)val;
    if (val == 0) {
        out_arith_rr(s, ARITH_XOR, reg, reg, 0);
    } else if (val == (uint32_t)val) {
        InsnBuf ib = { .n = 0 };
        ib_opc(&ib, OPC_MOVL_Iv + (reg & 7), 0, reg, 0);
        ib32(&ib, (uint32_t)val);
        out_insn(s, &ib);
    } else if (fits_s32((int64_t)val)) {
        InsnBuf ib = { .n = 0 };
        ib_modrm(&ib, OPC_MOVL_EvIz | P_REXW, 0, reg);
        ib32(&ib, (uint32_t)val);
        out_insn(s, &ib);
    } else if (fits_s32((int64_t)(val - (uintptr_t)(s->code_ptr + 7)))) {
        /* an address near the code (a TB, a helper): lea reg, [rip + disp32] */
        out_opc(s, OPC_LEA | P_REXW, reg, 0, 0);
        out8(s, (uint8_t)(0x05 | (reg & 7) << 3));
        out32(s, (uint32_t)(val - (uintptr_t)(s->code_ptr + 4)));
    } else {
        out_opc(s, (OPC_MOVL_Iv + (reg & 7)) | P_REXW, 0, reg, 0);
        out64(s, val);
    }
}

void tcg_out_ld(TCGContext *s, TCGType type, int reg, int base, int32_t offset)
{
    out_modrm_offset(s, OPC_MOVL_GvEv | rexw(type), reg, base, offset);
}

void tcg_out_st(TCGContext *s, TCGType type, int reg, int base, int32_t offset)
{
    out_modrm_offset(s, OPC_MOVL_EvGv | rexw(type), reg, base, offset);
}

void tcg_out_sti(TCGContext *s, TCGType type, uint64_t val, int base, int32_t offset)
{
    if (type == TCG_TYPE_I32 || fits_s32((int64_t)val)) {
        InsnBuf ib = { .n = 0 };
        ib_modrm_sib(&ib, OPC_MOVL_EvIz | rexw(type), 0, base, -1, 0, offset);
        ib32(&ib, (uint32_t)val);
        out_insn(s, &ib);
    } else {
        tcg_out_movi(s, TCG_TYPE_I64, TCG_REG_TMP, val);
        tcg_out_st(s, TCG_TYPE_I64, TCG_REG_TMP, base, offset);
    }
}

/* ---- host SSE results pending in host registers ---- */

/* Host xmm register N is marked stale by bit N of the 32-bit word at
 * rsp + XMM_STALE (host_sse.h), in the red zone: below rsp only calls
 * (after which all are stale anyway), pushfq (rsp - 8) and the stmxcsr
 * scratch (rsp + MXCSR_SCRATCH, just below the word) write, neither
 * over it; signal frames leave the red zone alone. */
#define XMM_STALE TCG_HOST_SSE_STALE_OFS
#define MXCSR_SCRATCH (-40)

/* op dword [rsp + marks], imm32: test (F7 /0), or, and (81 /1, /4) */
static void out_marks_op(TCGContext *s, int opc, int subop, int32_t marks, uint32_t bits)
{
    out_modrm_offset(s, opc, subop, R_RSP, marks);
    out32(s, bits);
}

static void out_sse_store(TCGContext *s, int xmm, int bytes, int base, int32_t off);
static void out_sse_site_close(TCGContext *s);
static void out_sse_site_reloads(TCGContext *s);
static void out_sse_run_end(TCGContext *s);

/* Host SSE results stay in their host registers (s->sse_dirty) until
 * control may leave the straight-line code: before every call, jump,
 * branch, block exit and label each goes to its env image once, whole
 * (the register holds all of the guest register), so at those points
 * the images are current as C code, other blocks and joining paths
 * expect.  A fault in between finds them in the signal context. */
static void out_sse_store_pending(TCGContext *s)
{
    for (uint16_t m = s->sse_dirty; m; m &= m - 1) {
        int r = __builtin_ctz(m);
        out_sse_store(s, r, 16, s->env_reg, s->sse_image[r]);
    }
    s->sse_dirty = 0;
}

/* Where control leaves for good (call, jump, block exit) or joins (a
 * label), an open synchronization site closes too (out_sse_site_open);
 * a conditional branch keeps it open, as its test ran on the way to the
 * code that falls through. */
static void out_sse_flush(TCGContext *s)
{
    out_sse_site_close(s);
    out_sse_store_pending(s);
}

/* Before a jump that leaves the block (goto_tb, goto_ptr, exit_tb): the
 * pending results go to their images; the site's reloads come after the
 * jump (out_sse_site_reloads), where nothing falls into them, instead of
 * behind a jump over them on the way out. */
static bool out_sse_leave(TCGContext *s)
{
    out_sse_store_pending(s);
    bool reloads = s->sse_sync.open && s->sse_sync.regs;
    if (!reloads)
        out_sse_site_close(s);
    return reloads;
}

/* env + [off, off + bytes) is about to be read or written as memory
 * (index >= 0: somewhere unknown): the pending results it overlaps
 * go to their images first */
static void out_sse_flush_overlap(TCGContext *s, int base, int index, int32_t off, int bytes)
{
    if (!s->sse_dirty || base != s->env_reg)
        return;
    for (uint16_t m = s->sse_dirty; m; m &= m - 1) {
        int r = __builtin_ctz(m);
        if (index < 0 && (off >= s->sse_image[r] + 16 || off + bytes <= s->sse_image[r]))
            continue;
        out_sse_store(s, r, 16, s->env_reg, s->sse_image[r]);
        s->sse_dirty &= (uint16_t)~(1u << r);
    }
}

void tcg_out_block_start(TCGContext *s)
{
    s->sse_dirty = 0;
    s->sse_sync.open = s->sse_sync.in_run = false;
}

void tcg_out_label(TCGContext *s)
{
    out_sse_run_end(s);
    out_sse_flush(s);
}

/* ---- jumps and calls ---- */

void tcg_patch_rel32(uint8_t *rel32, const uint8_t *target)
{
    int32_t disp = (int32_t)(target - (rel32 + 4));
    memcpy(rel32, &disp, 4);
}

/* Emit a jump (jcc < 0: unconditional) to target, or a rel32 to patch
 * later when target is NULL; returns that rel32 field. */
static uint8_t *out_jump(TCGContext *s, int jcc, const uint8_t *target)
{
    if (target) {
        int64_t disp = target - (s->code_ptr + 2);
        if (fits_s8(disp)) {
            out8(s, (uint8_t)(jcc < 0 ? OPC_JMP_short : OPC_JCC_short + jcc));
            out8(s, (uint8_t)disp);
            return NULL;
        }
    }
    if (jcc < 0) {
        out8(s, OPC_JMP_long);
    } else {
        out8(s, 0x0f);
        out8(s, (uint8_t)(0x80 + jcc));
    }
    uint8_t *rel32 = s->code_ptr;
    out32(s, 0);
    if (target && !s->overflow)
        tcg_patch_rel32(rel32, target);
    return target ? NULL : rel32;
}

uint8_t *tcg_out_jmp(TCGContext *s, const uint8_t *target)
{
    out_sse_flush(s);
    return out_jump(s, -1, target);
}

/* jmp/call to an absolute address: rel32 when reachable, else via r11. */
static void out_branch_abs(TCGContext *s, int ext5, const void *target)
{
    int64_t disp = (const uint8_t *)target - (s->code_ptr + 5);
    if (fits_s32(disp)) {
        out8(s, ext5 == EXT5_CALL ? 0xe8 : OPC_JMP_long);
        out32(s, (uint32_t)disp);
    } else {
        tcg_out_movi(s, TCG_TYPE_I64, TCG_REG_TMP, (uintptr_t)target);
        out_modrm(s, OPC_GRP5, ext5, TCG_REG_TMP);
    }
}


static void out_mark_xmm_stale(TCGContext *s)
{
    out_marks_op(s, OPC_MOVL_EvIz, 0, XMM_STALE, 0xffff);
}

/* a call clobbers every host xmm register */
void tcg_out_call(TCGContext *s, const void *func)
{
    out_sse_run_end(s);
    out_sse_flush(s);
    out_branch_abs(s, EXT5_CALL, func);
    out_mark_xmm_stale(s);
}

void tcg_out_exit_tb(TCGContext *s, uintptr_t val)
{
    bool reloads = out_sse_leave(s);
    if (val == 0) {
        out_branch_abs(s, EXT5_JMP, tcg_prologue.epilogue_return_zero);
    } else {
        tcg_out_movi(s, TCG_TYPE_I64, R_RAX, val);
        out_branch_abs(s, EXT5_JMP, epilogue_ptr);
    }
    if (reloads)
        out_sse_site_reloads(s);
}

/* one nop instruction of 1 to 3 bytes */
static void out_nop(TCGContext *s, int bytes)
{
    static const uint8_t nops[3][3] = { { 0x90 }, { 0x66, 0x90 }, { 0x0f, 0x1f, 0x00 } };
    out_bytes(s, nops[bytes - 1], (size_t)bytes);
}

uint8_t *tcg_out_goto_tb(TCGContext *s)
{
    /* align the rel32 field so that patching it is one atomic store;
     * the padding is a single (multi-byte) nop */
    bool reloads = out_sse_leave(s);
    int pad = (int)(-((uintptr_t)s->code_ptr + 1) & 3);
    if (pad)
        out_nop(s, pad);
    out8(s, OPC_JMP_long);
    uint8_t *rel32 = s->code_ptr;
    out32(s, 0);
    if (reloads) {
        /* unchained, the jump goes to what follows the reloads */
        out_sse_site_reloads(s);
        if (!s->overflow)
            tcg_patch_rel32(rel32, s->code_ptr);
    }
    return rel32;
}

uint8_t *tcg_out_loop_jump(TCGContext *s, int32_t exit_request_ofs, const uint8_t *head)
{
    out_sse_run_end(s);
    out_sse_flush(s);
    /* the compare's length decides the padding that aligns the rel32
     * (after the compare: a nop between them would split the fused pair) */
    uint8_t *start = s->code_ptr;
    out_modrm_offset(s, OPC_ARITH_EvIb, ARITH_CMP, s->env_reg, exit_request_ofs);
    out8(s, 0);
    int pad = (int)(-((uintptr_t)s->code_ptr + 2) & 3);
    if (pad) {
        s->code_ptr = start;
        out_nop(s, pad);
        out_modrm_offset(s, OPC_ARITH_EvIb, ARITH_CMP, s->env_reg, exit_request_ofs);
        out8(s, 0);
    }
    out8(s, 0x0f);
    out8(s, (uint8_t)(0x80 + JCC_E));
    uint8_t *rel32 = s->code_ptr;
    out32(s, 0);
    if (!s->overflow)
        tcg_patch_rel32(rel32, head);
    return rel32;
}

void tcg_out_goto_ptr(TCGContext *s, int reg)
{
    bool reloads = out_sse_leave(s);
    out_modrm(s, OPC_GRP5, EXT5_JMP, reg);
    if (reloads)
        out_sse_site_reloads(s);
}

void tcg_out_goto_ptr_mem(TCGContext *s, int base, int32_t off)
{
    bool reloads = out_sse_leave(s);
    out_modrm_offset(s, OPC_GRP5, EXT5_JMP, base, off);
    if (reloads)
        out_sse_site_reloads(s);
}

void tcg_patch_goto_tb(uint8_t *jmp_rel32, const uint8_t *target)
{
    int32_t disp = (int32_t)(target - (jmp_rel32 + 4));
    __atomic_store_n((int32_t *)jmp_rel32, disp, __ATOMIC_RELEASE);
}

/* ---- comparisons ---- */

static void out_cmp(TCGContext *s, TCGType type, TCGCond cond, int a, int64_t b, bool b_const)
{
    int w = rexw(type);
    if (cond == TCG_COND_TSTEQ || cond == TCG_COND_TSTNE) {
        if (b_const) {
            out_modrm(s, OPC_GRP3 | w, EXT3_TEST, a);
            out32(s, (uint32_t)b);
        } else {
            out_modrm(s, OPC_TESTL | w, b, a);
        }
    } else if (b_const && (b == 0 || (type == TCG_TYPE_I32 && (uint32_t)b == 0))) {
        out_modrm(s, OPC_TESTL | w, a, a);
    } else if (b_const) {
        out_arith_ri(s, ARITH_CMP, a, b, w);
    } else {
        out_arith_rr(s, ARITH_CMP, a, (int)b, w);
    }
}

uint8_t *tcg_out_brcond(TCGContext *s, TCGType type, TCGCond cond, int a, int64_t b,
                        bool b_const, const uint8_t *target)
{
    out_sse_store_pending(s);
    out_cmp(s, type, cond, a, b, b_const);
    return out_jump(s, cond_to_jcc[cond], target);
}

uint8_t *tcg_out_brcond_mem(TCGContext *s, TCGType type, TCGCond cond, int base, int32_t off, int64_t b,
                            bool b_const, const uint8_t *target)
{
    int w = rexw(type);
    out_sse_store_pending(s);
    if (!b_const && (cond == TCG_COND_TSTEQ || cond == TCG_COND_TSTNE)) {
        out_modrm_offset(s, OPC_TESTL | w, (int)b, base, off);
        return out_jump(s, cond_to_jcc[cond], target);
    }
    if (!b_const) { /* cmp b, [base + off]: the operands swapped */
        out_modrm_offset(s, (OPC_ARITH_GvEv + (ARITH_CMP << 3)) | w, (int)b, base, off);
        return out_jump(s, cond_to_jcc[tcg_swap_cond(cond)], target);
    }
    if (!w)
        b = (int32_t)b;
    if (cond == TCG_COND_TSTEQ || cond == TCG_COND_TSTNE) {
        out_modrm_offset(s, OPC_GRP3 | w, EXT3_TEST, base, off);
        out32(s, (uint32_t)b);
    } else if (fits_s8(b)) {
        out_modrm_offset(s, OPC_ARITH_EvIb | w, ARITH_CMP, base, off);
        out8(s, (uint8_t)b);
    } else {
        out_modrm_offset(s, OPC_ARITH_EvIz | w, ARITH_CMP, base, off);
        out32(s, (uint32_t)b);
    }
    return out_jump(s, cond_to_jcc[cond], target);
}

/* ---- constraints ---- */

bool tcg_target_const_match(TCGType type, int konst, int64_t val)
{
    switch (konst) {
    case CT_CONST_ANY: return true;
    case CT_CONST_S32: return type == TCG_TYPE_I32 || fits_s32(val);
    case CT_CONST_WIDTH: return val == type_bits(type);
    default: return false;
    }
}

#define ALL_REGS TCG_ALLOCATABLE_REGS
#define NOT_AX_DX (ALL_REGS & ~(REG_BIT(R_RAX) | REG_BIT(R_RDX)))

static void ct_reg(TCGArgConstraint *c, uint16_t regs, int konst)
{
    c->regs = regs;
    c->konst = (uint8_t)konst;
}

static void ct_alias(TCGArgConstraint *in, TCGArgConstraint *out, int out_index)
{
    in->alias = (int8_t)out_index;
    in->regs = out->regs;
}

/* The summaries the allocator needs of every op: which registers are
 * fixed, which of those the op writes.  (Unused argument entries allow
 * every register, so they add nothing.) */
static void ct_fixed_regs(TCGOpConstraints *ct, int nb_oargs)
{
    ct->fixed = ct->destroyed = ct->clobbers;
    for (int i = 0; i < 8; i++) {
        if (single_reg(ct->args[i].regs)) {
            ct->fixed |= ct->args[i].regs;
            if (i < nb_oargs)
                ct->destroyed |= ct->args[i].regs;
        }
    }
}

/* the MemOpIdx of a qemu_ld/qemu_st, with or without an index input */
static MemOpIdx qemu_op_memop(const TCGOp *op)
{
    return (MemOpIdx)op->args[op->nb_oargs + op->nb_iargs];
}

/* a 64-bit store takes only the immediates that sign-extend from 32 bits */
static bool qemu_st_is_64(const TCGOp *op) { return get_memop(qemu_op_memop(op)) == MO_64; }

static void op_constraints(const TCGOp *op, TCGOpConstraints *ct)
{
    TCGArgConstraint *c = ct->args;
    for (int i = 0; i < 8; i++)
        c[i] = (TCGArgConstraint){ .regs = ALL_REGS, .alias = -1 };
    ct->clobbers = 0;
    switch (op->opc) {
    case INDEX_op_add:
        ct_reg(&c[2], ALL_REGS, CT_CONST_S32);
        break;
    case INDEX_op_sub: case INDEX_op_mul: case INDEX_op_and: case INDEX_op_or: case INDEX_op_xor:
        ct_alias(&c[1], &c[0], 0);
        ct_reg(&c[2], ALL_REGS, CT_CONST_S32);
        break;
    case INDEX_op_andc:
        c[0].newreg = true;
        ct_reg(&c[2], ALL_REGS, CT_CONST_ANY);
        break;
    case INDEX_op_shl: case INDEX_op_shr: case INDEX_op_sar: case INDEX_op_rotl: case INDEX_op_rotr:
        ct_reg(&c[0], ALL_REGS & ~REG_BIT(R_RCX), 0);
        ct_alias(&c[1], &c[0], 0);
        ct_reg(&c[2], REG_BIT(R_RCX), CT_CONST_ANY);
        break;
    case INDEX_op_neg: case INDEX_op_not:
        ct_alias(&c[1], &c[0], 0);
        break;
    case INDEX_op_div: case INDEX_op_divu:
        ct_reg(&c[0], REG_BIT(R_RAX), 0);
        ct_alias(&c[1], &c[0], 0);
        ct_reg(&c[2], NOT_AX_DX, 0);
        ct->clobbers = REG_BIT(R_RDX);
        break;
    case INDEX_op_rem: case INDEX_op_remu:
        ct_reg(&c[0], REG_BIT(R_RDX), 0);
        ct_reg(&c[1], REG_BIT(R_RAX), 0);
        ct_reg(&c[2], NOT_AX_DX, 0);
        ct->clobbers = REG_BIT(R_RAX);
        break;
    case INDEX_op_mulu2: case INDEX_op_muls2:
        ct_reg(&c[0], REG_BIT(R_RAX), 0);
        ct_reg(&c[1], REG_BIT(R_RDX), 0);
        ct_alias(&c[2], &c[0], 0);
        ct_reg(&c[3], NOT_AX_DX, 0);
        break;
    case INDEX_op_divu2: case INDEX_op_divs2:
        ct_reg(&c[0], REG_BIT(R_RAX), 0);
        ct_reg(&c[1], REG_BIT(R_RDX), 0);
        ct_alias(&c[2], &c[0], 0);
        ct_alias(&c[3], &c[1], 1);
        ct_reg(&c[4], NOT_AX_DX, 0);
        break;
    case INDEX_op_setcond:
        ct_reg(&c[2], ALL_REGS, CT_CONST_S32);
        break;
    case INDEX_op_movcond:
        ct_reg(&c[2], ALL_REGS, CT_CONST_S32);
        ct_alias(&c[4], &c[0], 0);
        break;
    case INDEX_op_clz: case INDEX_op_ctz: case INDEX_op_ctpop:
        c[0].newreg = true;
        ct_reg(&c[2], ALL_REGS, CT_CONST_ANY);
        break;
    case INDEX_op_st8: case INDEX_op_st16: case INDEX_op_st32:
        ct_reg(&c[0], ALL_REGS, CT_CONST_ANY);
        break;
    case INDEX_op_st:
        ct_reg(&c[0], ALL_REGS, CT_CONST_S32);
        break;
    case INDEX_op_qemu_ld: case INDEX_op_sse_qemu:
        ct_reg(&c[1], ALL_REGS, CT_CONST_ANY);
        break;
    case INDEX_op_qemu_st:
        ct_reg(&c[0], ALL_REGS, qemu_st_is_64(op) ? CT_CONST_S32 : CT_CONST_ANY);
        ct_reg(&c[1], ALL_REGS, CT_CONST_ANY);
        break;
    case INDEX_op_atomic_cmpxchg:
        ct_reg(&c[0], REG_BIT(R_RAX), 0);
        ct_reg(&c[1], ALL_REGS & ~REG_BIT(R_RAX), 0);
        ct_alias(&c[2], &c[0], 0);
        ct_reg(&c[3], ALL_REGS & ~REG_BIT(R_RAX), 0);
        break;
    case INDEX_op_atomic_xchg: case INDEX_op_atomic_fetch_add:
        ct_alias(&c[2], &c[0], 0);
        break;
    case INDEX_op_sse_env_flags:
        if (host_lahf)
            ct_reg(&c[0], REG_BIT(R_RAX), 0); /* lahf */
        break;
    case INDEX_op_x87_out:
        ct_reg(&c[0], REG_BIT(R_RAX), 0); /* fnstsw ax */
        break;
    default:
        break;
    }
    ct_fixed_regs(ct, tcg_op_defs[op->opc].nb_oargs);
}

/* The allocator asks for every op's constraints: a table by opcode,
 * filled once (tcg_prologue_init, after detecting the host features
 * some depend on), answers without the switch.  Only qemu_st's depend
 * on more than the opcode, on whether it stores 64 bits: one more
 * entry. */
static TCGOpConstraints constraints_table[NB_OPS];
static TCGOpConstraints constraints_qemu_st64;
static bool constraints_table_ready;

static void constraints_table_init(void)
{
    for (int opc = 0; opc < NB_OPS; opc++)
        op_constraints(&(TCGOp){ .opc = (uint16_t)opc }, &constraints_table[opc]);
    TCGOp st64 = { .opc = INDEX_op_qemu_st, .nb_iargs = 2 };
    st64.args[2] = make_memop_idx(MO_64, 0);
    op_constraints(&st64, &constraints_qemu_st64);
    constraints_table_ready = true;
}

const TCGOpConstraints *tcg_target_op_constraints(const TCGOp *op, TCGOpConstraints *buf)
{
    if (!constraints_table_ready) {
        op_constraints(op, buf);
        return buf;
    }
    if (op->opc == INDEX_op_qemu_st && qemu_st_is_64(op))
        return &constraints_qemu_st64;
    return &constraints_table[op->opc];
}

/* ---- op lowering ---- */

/* An i32 op that a constant operand makes the identity still writes its
 * register: the 32-bit forms zero-extend, and liveness.c's narrowing
 * counts on every i32 result being zero-extended in its host register
 * (an i64 value narrowed by `sub t, t, 0` must lose its upper half). */
static void out_identity(TCGContext *s, TCGType type, int o)
{
    if (type == TCG_TYPE_I32)
        out_movl(s, o, o);
}

static void out_add(TCGContext *s, TCGType type, int o, int a, int64_t b, bool b_const)
{
    int w = rexw(type);
    if (b_const) {
        if (o == a) {
            if (b)
                out_arith_ri(s, ARITH_ADD, o, b, w);
            else
                out_identity(s, type, o);
        } else if (b == 0) {
            tcg_out_mov(s, type, o, a);
        } else {
            out_modrm_offset(s, OPC_LEA | w, o, a, (int32_t)b);
        }
    } else if (o == a) {
        out_arith_rr(s, ARITH_ADD, o, (int)b, w);
    } else if (o == b) {
        out_arith_rr(s, ARITH_ADD, o, a, w);
    } else {
        out_modrm_sib(s, OPC_LEA | w, o, a, (int)b, 0, 0);
    }
}

static void out_and_imm(TCGContext *s, TCGType type, int o, int64_t b)
{
    uint64_t v = type == TCG_TYPE_I32 ? (uint32_t)b : (uint64_t)b;
    if (v == 0xff)
        out_modrm(s, OPC_MOVZBL | P_REXB_RM, o, o);
    else if (v == 0xffff)
        out_modrm(s, OPC_MOVZWL, o, o);
    else if (v == 0xffffffffu)
        out_movl(s, o, o);
    else if (v != UINT64_MAX)
        out_arith_ri(s, ARITH_AND, o, b, rexw(type));
}

static void out_binary_alias(TCGContext *s, TCGType type, int subop, int o, int64_t b, bool b_const)
{
    if (!b_const)
        out_arith_rr(s, subop, o, (int)b, rexw(type));
    else if (subop == ARITH_AND)
        out_and_imm(s, type, o, b);
    else if (b != 0 || subop == ARITH_CMP)
        out_arith_ri(s, subop, o, b, rexw(type));
    else
        out_identity(s, type, o);
}

static void out_mul(TCGContext *s, TCGType type, int o, int64_t b, bool b_const)
{
    int w = rexw(type);
    if (!b_const) {
        out_modrm(s, OPC_IMUL_GvEv | w, o, (int)b);
        return;
    }
    if (!w)
        b = (int32_t)b;
    if (fits_s8(b)) {
        out_modrm(s, OPC_IMUL_GvEvIb | w, o, o);
        out8(s, (uint8_t)b);
    } else {
        out_modrm(s, OPC_IMUL_GvEvIz | w, o, o);
        out32(s, (uint32_t)b);
    }
}

static void out_andc(TCGContext *s, TCGType type, int o, int a, int64_t b, bool b_const)
{
    int w = rexw(type);
    if (b_const) {
        int64_t m = ~b;
        tcg_out_mov(s, type, o, a);
        if (tcg_target_const_match(type, CT_CONST_S32, m)) {
            out_and_imm(s, type, o, m);
        } else {
            tcg_out_movi(s, type, TCG_REG_TMP, (uint64_t)m);
            out_arith_rr(s, ARITH_AND, o, TCG_REG_TMP, w);
        }
    } else if (tcg_host_features.bmi1) {
        out_vex_modrm(s, 0xf2 | w, o, (int)b, a);
    } else {
        tcg_out_mov(s, type, o, (int)b);
        out_modrm(s, OPC_GRP3 | w, EXT3_NOT, o);
        out_arith_rr(s, ARITH_AND, o, a, w);
    }
}

static void out_shift(TCGContext *s, TCGType type, int subop, int o, int64_t b, bool b_const)
{
    int w = rexw(type);
    if (b_const && (b & (type_bits(type) - 1)) == 0)
        out_identity(s, type, o);
    else if (b_const)
        out_shift_ri(s, subop, o, (int)(b & (type_bits(type) - 1)), w);
    else
        out_modrm(s, OPC_SHIFT_cl | w, subop, o);
}

static void out_div(TCGContext *s, TCGType type, bool is_signed, int divisor)
{
    int w = rexw(type);
    if (is_signed)
        out_opc(s, 0x99 | w, 0, 0, 0); /* cdq / cqo */
    else
        out_arith_rr(s, ARITH_XOR, R_RDX, R_RDX, 0);
    out_modrm(s, OPC_GRP3 | w, is_signed ? EXT3_IDIV : EXT3_DIV, divisor);
}

static void out_setcond(TCGContext *s, TCGType type, TCGCond cond, int o, int a, int64_t b, bool b_const)
{
    if (cond == TCG_COND_NEVER || cond == TCG_COND_ALWAYS) {
        tcg_out_movi(s, TCG_TYPE_I32, o, cond == TCG_COND_ALWAYS);
        return;
    }
    out_cmp(s, type, cond, a, b, b_const);
    out_modrm(s, OPC_SETCC + cond_to_jcc[cond], 0, o);
    out_modrm(s, OPC_MOVZBL | P_REXB_RM, o, o);
}

static void out_movcond(TCGContext *s, TCGType type, TCGCond cond, int o, int a, int64_t b, bool b_const, int v1)
{
    if (cond == TCG_COND_NEVER)
        return;
    if (cond == TCG_COND_ALWAYS) {
        tcg_out_mov(s, type, o, v1);
        return;
    }
    out_cmp(s, type, cond, a, b, b_const);
    out_modrm(s, (OPC_CMOVCC + cond_to_jcc[cond]) | rexw(type), o, v1);
}

/* clz/ctz: count with lzcnt/tzcnt (CF=1 on zero input) or bsr/bsf (ZF=1);
 * the zero-input value comes from a register through cmov. */
static void out_count_zeros(TCGContext *s, TCGType type, bool leading, int o, int a, int64_t z, bool z_const)
{
    int w = rexw(type), bits = type_bits(type);
    bool fast = leading ? tcg_host_features.lzcnt : tcg_host_features.bmi1;
    int zreg = (int)z;
    if (fast && z_const && z == bits) {
        out_modrm(s, (leading ? OPC_LZCNT : OPC_TZCNT) | w, o, a);
        return;
    }
    if (z_const) {
        zreg = TCG_REG_TMP;
        tcg_out_movi(s, type, zreg, (uint64_t)((leading && !fast) ? (z ^ (bits - 1)) : z));
    } else if (leading && !fast) {
        tcg_out_mov(s, type, TCG_REG_TMP, zreg);
        out_arith_ri(s, ARITH_XOR, TCG_REG_TMP, bits - 1, w);
        zreg = TCG_REG_TMP;
    }
    if (fast) {
        out_modrm(s, (leading ? OPC_LZCNT : OPC_TZCNT) | w, o, a);
        out_modrm(s, (OPC_CMOVCC + JCC_B) | w, o, zreg);
    } else {
        out_modrm(s, (leading ? OPC_BSR : OPC_BSF) | w, o, a);
        out_modrm(s, (OPC_CMOVCC + JCC_E) | w, o, zreg);
        if (leading) /* bit index -> leading zeros; undone for z above */
            out_arith_ri(s, ARITH_XOR, o, bits - 1, w);
    }
}

static void out_ctpop(TCGContext *s, TCGType type, int o, int a)
{
    int w = rexw(type);
    if (tcg_host_features.popcnt) {
        out_modrm(s, OPC_POPCNT | w, o, a);
        return;
    }
    /* old hosts: shift the bits out one at a time */
    tcg_out_mov(s, type, TCG_REG_TMP, a);
    out_arith_rr(s, ARITH_XOR, o, o, 0);
    uint8_t *loop = s->code_ptr;
    out_shift_ri(s, SHIFT_SHR, TCG_REG_TMP, 1, w);
    out_modrm(s, OPC_ARITH_EvIb, ARITH_ADC, o);
    out8(s, 0);
    out_modrm(s, OPC_TESTL | w, TCG_REG_TMP, TCG_REG_TMP);
    out_jump(s, JCC_NE, loop);
}

static void out_bswap(TCGContext *s, TCGOpcode opc, int o, int a)
{
    if (opc == INDEX_op_bswap16) {
        out_modrm(s, OPC_MOVZWL, o, a);
        out_modrm(s, OPC_SHIFT_Ib | P_DATA16, SHIFT_ROL, o);
        out8(s, 8);
        return;
    }
    int w = opc == INDEX_op_bswap64 ? P_REXW : 0;
    tcg_out_mov(s, w ? TCG_TYPE_I64 : TCG_TYPE_I32, o, a);
    out_opc(s, (OPC_BSWAP + (o & 7)) | w, 0, o, 0);
}

/* Zero-extend the low len bits of reg in place. */
static void out_zext_bits(TCGContext *s, TCGType type, int reg, int len)
{
    int bits = type_bits(type), w = rexw(type);
    if (len == 8)
        out_modrm(s, OPC_MOVZBL | P_REXB_RM, reg, reg);
    else if (len == 16)
        out_modrm(s, OPC_MOVZWL, reg, reg);
    else if (len == 32 && bits == 64)
        out_movl(s, reg, reg);
    else if (len < 32)
        out_arith_ri(s, ARITH_AND, reg, (int64_t)((1u << len) - 1), w);
    else if (len < bits) {
        out_shift_ri(s, SHIFT_SHL, reg, bits - len, w);
        out_shift_ri(s, SHIFT_SHR, reg, bits - len, w);
    }
}

static void out_extract(TCGContext *s, TCGType type, bool is_signed, int o, int a, int pos, int len)
{
    int bits = type_bits(type), w = rexw(type);
    if (pos == 0 && (len == 8 || len == 16 || (len == 32 && bits == 64))) {
        static const int zx[3] = { OPC_MOVZBL | P_REXB_RM, OPC_MOVZWL, OPC_MOVL_GvEv };
        static const int sx[3] = { OPC_MOVSBL | P_REXB_RM, OPC_MOVSWL, OPC_MOVSLQ };
        int i = len == 8 ? 0 : len == 16 ? 1 : 2;
        out_modrm(s, is_signed ? (sx[i] | w) : zx[i], o, a);
        return;
    }
    tcg_out_mov(s, type, o, a);
    if (pos + len == bits) {
        out_shift_ri(s, is_signed ? SHIFT_SAR : SHIFT_SHR, o, pos, w);
    } else if (!is_signed && len < 32) {
        out_shift_ri(s, SHIFT_SHR, o, pos, w);
        out_zext_bits(s, type, o, len);
    } else {
        out_shift_ri(s, SHIFT_SHL, o, bits - pos - len, w);
        out_shift_ri(s, is_signed ? SHIFT_SAR : SHIFT_SHR, o, bits - len, w);
    }
}

static void out_deposit(TCGContext *s, TCGType type, int o, int a, int b, int pos, int len)
{
    int bits = type_bits(type), w = rexw(type);
    if (len == bits) {
        tcg_out_mov(s, type, o, b);
        return;
    }
    if (pos == 0 && o == a && (len == 8 || len == 16)) {
        out_modrm(s, len == 8 ? (OPC_MOVB_EvGv | P_REXB_R | P_REXB_RM) : (OPC_MOVL_EvGv | P_DATA16), b, o);
        return;
    }
    tcg_out_mov(s, type, TCG_REG_TMP, b);
    out_zext_bits(s, type, TCG_REG_TMP, len);
    tcg_out_mov(s, type, o, a);
    uint64_t field = (len == 64 ? ~0ull : ((1ull << len) - 1)) << pos;
    int64_t keep = (int64_t)~field;
    if (tcg_target_const_match(type, CT_CONST_S32, keep)) {
        out_and_imm(s, type, o, keep);
        out_shift_ri(s, SHIFT_SHL, TCG_REG_TMP, pos, w);
    } else {
        /* rotate the field to the bottom, clear it with two shifts */
        out_shift_ri(s, SHIFT_ROR, o, pos, w);
        out_shift_ri(s, SHIFT_SHR, o, len, w);
        out_shift_ri(s, SHIFT_SHL, o, len, w);
        out_arith_rr(s, ARITH_OR, o, TCG_REG_TMP, w);
        out_shift_ri(s, SHIFT_ROL, o, pos, w);
        return;
    }
    out_arith_rr(s, ARITH_OR, o, TCG_REG_TMP, w);
}

static void out_ext(TCGContext *s, TCGOpcode opc, TCGType type, int o, int a)
{
    int w = rexw(type);
    switch (opc) {
    case INDEX_op_ext8s: out_modrm(s, OPC_MOVSBL | P_REXB_RM | w, o, a); break;
    case INDEX_op_ext8u: out_modrm(s, OPC_MOVZBL | P_REXB_RM, o, a); break;
    case INDEX_op_ext16s: out_modrm(s, OPC_MOVSWL | w, o, a); break;
    case INDEX_op_ext16u: out_modrm(s, OPC_MOVZWL, o, a); break;
    case INDEX_op_ext32s: case INDEX_op_exts_i32_i64: out_modrm(s, OPC_MOVSLQ, o, a); break;
    case INDEX_op_ext32u: case INDEX_op_extu_i32_i64: out_movl(s, o, a); break;
    case INDEX_op_extrl_i64_i32: tcg_out_mov(s, TCG_TYPE_I32, o, a); break;
    case INDEX_op_extrh_i64_i32:
        tcg_out_mov(s, TCG_TYPE_I64, o, a);
        out_shift_ri(s, SHIFT_SHR, o, 32, P_REXW);
        break;
    default: break;
    }
}

/* opcode loading a value of the given size/sign into a register of type */
static int load_opc(TCGType type, MemOp mop)
{
    int w = rexw(type);
    switch (mop & (MO_SIZE | MO_SIGN)) {
    case MO_UB: return OPC_MOVZBL;
    case MO_SB: return OPC_MOVSBL | w;
    case MO_UW: return OPC_MOVZWL;
    case MO_SW: return OPC_MOVSWL | w;
    case MO_SL: return w ? OPC_MOVSLQ : OPC_MOVL_GvEv;
    case MO_64: case MO_64 | MO_SIGN: return OPC_MOVL_GvEv | w;
    default: return OPC_MOVL_GvEv;
    }
}

/* o = [base + index << shift + off] (index < 0: none) */
static void out_host_ld(TCGContext *s, TCGOpcode opc, TCGType type, int o, int base, int index, int shift,
                        int32_t off)
{
    static const uint8_t mop[] = {
        [INDEX_op_ld8u] = MO_UB, [INDEX_op_ld8s] = MO_SB, [INDEX_op_ld16u] = MO_UW,
        [INDEX_op_ld16s] = MO_SW, [INDEX_op_ld32u] = MO_UL, [INDEX_op_ld32s] = MO_SL,
    };
    MemOp m = opc == INDEX_op_ld ? (type == TCG_TYPE_I64 ? MO_64 : MO_UL) : (MemOp)mop[opc];
    out_sse_flush_overlap(s, base, index, off, 1 << (m & MO_SIZE));
    out_modrm_sib(s, load_opc(type, m), o, base, index, shift, off);
}

/* store of size 1 << size bytes: value in a register or a constant */
static void out_store(TCGContext *s, int size, int64_t val, bool is_const, int base, int index, int shift,
                      int32_t off)
{
    static const int reg_opc[4] = { OPC_MOVB_EvGv | P_REXB_R, OPC_MOVL_EvGv | P_DATA16, OPC_MOVL_EvGv,
                                    OPC_MOVL_EvGv | P_REXW };
    static const int imm_opc[4] = { OPC_MOVB_EvIz, OPC_MOVL_EvIz | P_DATA16, OPC_MOVL_EvIz,
                                    OPC_MOVL_EvIz | P_REXW };
    if (!is_const) {
        out_modrm_sib(s, reg_opc[size], (int)val, base, index, shift, off);
        return;
    }
    out_modrm_sib(s, imm_opc[size], 0, base, index, shift, off);
    if (size == 0)
        out8(s, (uint8_t)val);
    else if (size == 1)
        out16(s, (uint16_t)val);
    else
        out32(s, (uint32_t)val);
}

static void out_host_st(TCGContext *s, TCGOpcode opc, TCGType type, int64_t val, bool is_const, int base, int32_t off)
{
    int size = opc == INDEX_op_st8 ? 0 : opc == INDEX_op_st16 ? 1 : opc == INDEX_op_st32 ? 2
             : (type == TCG_TYPE_I64 ? 3 : 2);
    out_sse_flush_overlap(s, base, -1, off, 1 << size);
    out_store(s, size, val, is_const, base, -1, 0, off);
}

/* Guest address operand in user mode: [addr + index << shift + disp +
 * guest_base] (index < 0: none). */
typedef struct GuestAddr { int base, index, shift; int32_t off; } GuestAddr;

static GuestAddr guest_addr(TCGContext *s, int64_t addr, bool addr_const, int index, int shift, int64_t disp)
{
    GuestAddr g = { (int)addr, index, shift, 0 };
    uint64_t off = (uint64_t)disp + s->guest_base;
    if (addr_const) {
        uint64_t host_addr = (uint64_t)addr + off;
        if (fits_s32((int64_t)host_addr) && index < 0) {
            g.base = -1;
            g.off = (int32_t)host_addr;
        } else {
            tcg_out_movi(s, TCG_TYPE_I64, TCG_REG_TMP, host_addr);
            g.base = TCG_REG_TMP;
        }
    } else if (fits_s32((int64_t)off)) {
        g.off = (int32_t)off;
    } else if (index < 0) {
        tcg_out_movi(s, TCG_TYPE_I64, TCG_REG_TMP, off);
        g.index = TCG_REG_TMP;
        g.shift = 0;
    } else {
        tcg_out_movi(s, TCG_TYPE_I64, TCG_REG_TMP, off);
        out_arith_rr(s, ARITH_ADD, TCG_REG_TMP, (int)addr, P_REXW);
        g.base = TCG_REG_TMP;
    }
    return g;
}

/* The address of a qemu_ld/qemu_st/sse_qemu as the allocator placed it:
 * a[1], plus an index register a[2] when the op carries one more input
 * (see backend.h); the displacement and the index's shift follow the
 * constant arguments. */
static GuestAddr qemu_op_addr(TCGContext *s, const TCGOp *op, const int64_t *a, const bool *k)
{
    int nb_a = op->nb_oargs + op->nb_iargs, nb_c = op->nb_cargs;
    bool indexed = nb_a == 3;
    return guest_addr(s, a[1], k[1], indexed ? (int)a[2] : -1, (int)a[nb_a + nb_c + 1], a[nb_a + nb_c]);
}

static void out_qemu_ld(TCGContext *s, TCGType type, int o, GuestAddr g, MemOpIdx oi)
{
    out_modrm_sib(s, load_opc(type, get_memop(oi)), o, g.base, g.index, g.shift, g.off);
}

static void out_qemu_st(TCGContext *s, int64_t val, bool is_const, GuestAddr g, MemOpIdx oi)
{
    out_store(s, get_memop(oi) & MO_SIZE, val, is_const, g.base, g.index, g.shift, g.off);
}

/* After an atomic op left the old memory value in reg's low bits. */
static void out_extend_result(TCGContext *s, TCGType type, int reg, MemOp mop)
{
    int size = mop & MO_SIZE;
    if (size == MO_64 || (size == MO_32 && type == TCG_TYPE_I32))
        return;
    if (size == MO_32 && (mop & MO_SIGN))
        out_modrm(s, OPC_MOVSLQ, reg, reg);
    else if (size == MO_32)
        out_movl(s, reg, reg);
    else
        out_modrm(s, load_opc(type, mop) | P_REXB_RM, reg, reg);
}

static void out_atomic(TCGContext *s, TCGOpcode opc, TCGType type, int o, int addr, int val, MemOpIdx oi)
{
    MemOp mop = get_memop(oi);
    int size = mop & MO_SIZE;
    int base_opc = opc == INDEX_op_atomic_cmpxchg ? OPC_CMPXCHG | P_LOCK
                 : opc == INDEX_op_atomic_xchg ? OPC_XCHG : OPC_XADD | P_LOCK;
    if (size == MO_8)
        base_opc = (base_opc - 1) | P_REXB_R; /* the byte forms precede the others */
    else if (size == MO_16)
        base_opc |= P_DATA16;
    else if (size == MO_64)
        base_opc |= P_REXW;
    GuestAddr g = guest_addr(s, addr, false, -1, 0, 0);
    out_modrm_sib(s, base_opc, val, g.base, g.index, g.shift, g.off);
    out_extend_result(s, type, o, mop);
}

/* xmm = the low `bytes` of the register image at base + off (4 and 8
 * zero the rest; 16 is two 8-byte loads, which store-to-load forwarding
 * serves after the translator's 8-byte stores where one 16-byte load
 * would stall).  The mandatory prefix goes before any REX byte. */
static void out_sse_load(TCGContext *s, int xmm, int bytes, int base, int32_t off)
{
    enum { MOVSD_load = 0x10 | P_EXT, MOVHPS_load = 0x16 | P_EXT };
    if (bytes == 4)
        out_modrm_offset(s, MOVSD_load | P_F3, xmm, base, off); /* movss */
    else
        out8(s, 0xf2), out_modrm_offset(s, MOVSD_load, xmm, base, off);
    if (bytes == 16)
        out_modrm_offset(s, MOVHPS_load, xmm, base, off + 8);
}

static void out_sse_store(TCGContext *s, int xmm, int bytes, int base, int32_t off)
{
    enum { MOVUPS_store = 0x11 | P_EXT };
    if (bytes == 4)
        out_modrm_offset(s, MOVUPS_store | P_F3, xmm, base, off); /* movss */
    else if (bytes == 8)
        out8(s, 0xf2), out_modrm_offset(s, MOVUPS_store, xmm, base, off); /* movsd */
    else
        out_modrm_offset(s, MOVUPS_store, xmm, base, off);
}

/* the mandatory prefix of key c0 and its opcode with REX.W */
static int sse_opcode(TCGContext *s, uint32_t c0)
{
    unsigned prefix = (c0 >> 8) & 0xff;
    bool map_0f38 = prefix == TCG_HOST_SSE_MAP_0F38; /* 66 0F 38 */
    if (prefix)
        out8(s, map_0f38 ? 0x66 : (uint8_t)prefix);
    return (int)(c0 & 0xff) | (map_0f38 ? P_EXT38 : P_EXT) | ((c0 & TCG_HOST_SSE_REXW) ? P_REXW : 0);
}

/* the instruction of key c0 on register r and host register rm, or on
 * memory at base + off when base >= 0 */
static void out_sse_insn(TCGContext *s, uint32_t c0, int r, int rm, int base, int32_t off)
{
    int opc = sse_opcode(s, c0);
    if (base >= 0)
        out_modrm_offset(s, opc, r, base, off);
    else
        out_modrm(s, opc, r, rm);
}

/* an instruction of TCG_HOST_SSE_IMM8_OPS on host registers hd and hs */
static void out_sse_imm8(TCGContext *s, uint32_t c0, unsigned prefix, int hd, int hs)
{
    int opc = (int)(c0 & 0xff) | P_EXT, form = (int)(c0 >> 28 & 7);
    out8(s, (uint8_t)prefix);
    if ((c0 & 0xff) == 0x0f) { /* palignr: [REX] 0F 3A 0F, an escape out_opc lacks */
        if ((hd | hs) & 8)
            out8(s, (uint8_t)(0x40 | (hd >> 3) << 2 | hs >> 3));
        out8(s, 0x0f), out8(s, 0x3a), out8(s, 0x0f);
        out8(s, (uint8_t)(0xc0 | (hd & 7) << 3 | (hs & 7)));
    } else if ((c0 & 0xff) == 0x70)
        out_modrm(s, opc, hd, hs);
    else /* a shift: the form is the ModRM extension */
        out_modrm(s, opc, form, hd);
    out8(s, (uint8_t)(c0 >> 8));
}

/* xmm = the image at base + off if marked stale, then unmarked */
static void out_sse_sync(TCGContext *s, int xmm, int base, int32_t off)
{
    out_marks_op(s, OPC_GRP3, EXT3_TEST, XMM_STALE, 1u << xmm);
    out8(s, OPC_JCC_short + JCC_E);
    uint8_t *skip = s->code_ptr;
    out8(s, 0);
    out_sse_load(s, xmm, 16, base, off);
    out_marks_op(s, OPC_ARITH_EvIz, ARITH_AND, XMM_STALE, ~(1u << xmm));
    if (!s->overflow)
        *skip = (uint8_t)(s->code_ptr - (skip + 1));
}

/* TCG_HOST_SSE_SYNC_ALL starts a run of SSE code that knows nothing:
 * a site with one test of the marks of the registers the run goes on to
 * use (patched in when the site closes), jumping out of line to reload
 * and unmark them all (with nothing pending, a register not marked
 * equals its image, so reloading it changes nothing).  The site closes
 * where control leaves for good or joins (out_sse_flush); a run that goes
 * on past a conditional branch keeps it, the test having run on the way. */
static void out_sse_site_open(TCGContext *s, int32_t images)
{
    out_sse_flush(s);
    out_modrm_offset(s, OPC_GRP3, EXT3_TEST, R_RSP, XMM_STALE);
    out32(s, 0);
    out8(s, 0x0f), out8(s, 0x80 + JCC_NE);
    s->sse_sync.jump = s->code_ptr;
    out32(s, 0); /* until patched: to the next instruction */
    s->sse_sync.back = s->code_ptr;
    s->sse_sync.images = images;
    s->sse_sync.regs = 0;
    s->sse_sync.open = s->sse_sync.in_run = true;
}

/* the site's reloads and the mask of its test, where control does not
 * fall (after a jump) */
static void out_sse_site_reloads(TCGContext *s)
{
    s->sse_sync.open = false;
    uint16_t regs = s->sse_sync.regs;
    if (!regs || s->overflow)
        return;
    tcg_patch_rel32(s->sse_sync.jump, s->code_ptr);
    memcpy(s->sse_sync.jump - 2 - 4, &(uint32_t){ regs }, 4);
    for (uint16_t m = regs; m; m &= m - 1) {
        int r = __builtin_ctz(m);
        out_sse_load(s, r, 16, s->env_reg, s->sse_sync.images + 16 * r);
    }
    out_marks_op(s, OPC_ARITH_EvIz, ARITH_AND, XMM_STALE, ~(uint32_t)regs);
    out_jump(s, -1, s->sse_sync.back);
}

/* the site's reloads, jumped over */
static void out_sse_site_close(TCGContext *s)
{
    if (!s->sse_sync.open)
        return;
    if (!s->sse_sync.regs) {
        s->sse_sync.open = false;
        return;
    }
    uint8_t *over = out_jump(s, -1, NULL);
    out_sse_site_reloads(s);
    if (!s->overflow)
        tcg_patch_rel32(over, s->code_ptr);
}

/* the end of the translator's run: a call or a label */
static void out_sse_run_end(TCGContext *s)
{
    out_sse_site_close(s);
    s->sse_sync.in_run = false;
}

/* an SSE op of the run uses host register r */
static void out_sse_uses(TCGContext *s, int r)
{
    if (s->sse_sync.in_run && !s->sse_sync.open)
        out_sse_site_open(s, s->sse_sync.images);
    s->sse_sync.regs |= (uint16_t)(s->sse_sync.open ? 1u << r : 0);
}

/* host register hd holds a result its image at env + image lacks */
static void out_sse_pending(TCGContext *s, int hd, int32_t image)
{
    s->sse_dirty |= (uint16_t)(1u << hd);
    s->sse_image[hd] = image;
}

/* SYNC_D for an instruction that only writes the destination (a copy,
 * a zeroing idiom): no reload, and the unmark comes after it (a fault
 * in it must find the old value, the image's, still marked) */
static bool sse_writes_only(uint32_t c0, int hd, int hs)
{
    return tcg_host_sse_is_copy(c0) || (hd == hs && tcg_host_sse_is_zeroing(c0));
}

static void out_sse_sync_dest(TCGContext *s, uint32_t c0, int hd, int hs, int base, int32_t dst)
{
    if ((c0 & TCG_HOST_SSE_SYNC_D) && !sse_writes_only(c0, hd, hs))
        out_sse_sync(s, hd, base, dst);
}

/* after the instruction wrote host register hd: its result is pending */
static void out_sse_written(TCGContext *s, uint32_t c0, int hd, int hs, int32_t dst)
{
    if ((c0 & TCG_HOST_SSE_SYNC_D) && sse_writes_only(c0, hd, hs))
        out_marks_op(s, OPC_ARITH_EvIz, ARITH_AND, XMM_STALE, ~(1u << hd));
    out_sse_pending(s, hd, dst);
}

/* sse_env / sse_env_flags / sse_env_gpr: the registers and whether to
 * synchronize them come with the key (host_sse.h) */
static void out_sse_env(TCGContext *s, uint32_t c0, TCGHostSSEKind kind, int base, int32_t dst, int32_t src,
                        int out_reg)
{
    int hd = (c0 >> TCG_HOST_SSE_HD_SHIFT) & 15, hs = (c0 >> TCG_HOST_SSE_HS_SHIFT) & 15;
    unsigned widths = tcg_host_sse_widths(c0, kind);
    if (!widths) {
        fprintf(stderr, "tern: backend cannot emit host SSE instruction %#x\n", c0);
        abort();
    }
    if (kind == TCG_HOST_SSE_GPR && (c0 & TCG_HOST_SSE_KEY_MASK) == TCG_HOST_SSE_STMXCSR) {
        /* touches no xmm register: none to check or reload */
        out_modrm_offset(s, 0xae | P_EXT, 3, R_RSP, MXCSR_SCRATCH);
        tcg_out_ld(s, TCG_TYPE_I32, out_reg, R_RSP, MXCSR_SCRATCH);
        return;
    }
    if (!(c0 & TCG_HOST_SSE_MEM_S))
        out_sse_uses(s, hs);
    if (kind != TCG_HOST_SSE_GPR)
        out_sse_uses(s, hd);
    out_sse_sync_dest(s, c0, hd, hs, base, dst);
    if (c0 & TCG_HOST_SSE_SYNC_S)
        out_sse_sync(s, hs, base, src);
    int mem_base = (c0 & TCG_HOST_SSE_MEM_S) ? base : -1;
    if (mem_base >= 0)
        out_sse_flush_overlap(s, base, -1, src, (int)(widths >> 8));
    if (kind == TCG_HOST_SSE_GPR) {
        if ((c0 & TCG_HOST_SSE_KEY_MASK) == TCG_HOST_SSE_MOVD_TO_GPR) {
            out_sse_insn(s, c0, hs, out_reg, -1, 0);
        } else {
            out_sse_insn(s, c0, out_reg, hs, mem_base, src);
        }
        return;
    }
    unsigned imm8_prefix = kind == TCG_HOST_SSE_ARITH ? tcg_host_sse_imm8_prefix(c0) : 0;
    if (imm8_prefix)
        out_sse_imm8(s, c0, imm8_prefix, hd, hs);
    else
        out_sse_insn(s, c0, hd, hs, mem_base, src);
    if (c0 & TCG_HOST_SSE_HAS_IMM)
        out8(s, (uint8_t)(c0 >> 28));
    if (kind == TCG_HOST_SSE_ARITH) {
        out_sse_written(s, c0, hd, hs, dst);
        return;
    }
    if (host_lahf) { /* out_reg is rax */
        out8(s, 0x9f); /* lahf */
        out_modrm(s, OPC_MOVZBL, R_RAX, R_RSP); /* movzx eax, ah */
    } else {
        out8(s, 0x9c); /* pushfq */
        out_opc(s, 0x58 + (out_reg & 7), 0, out_reg, 0);
    }
    out_arith_ri(s, ARITH_AND, out_reg, 0x45, 0); /* CF, PF, ZF */
}

/* The destination of an sse_gpr or sse_qemu instruction, made current
 * first if the translator's plan says so. */
static int out_sse_dest(TCGContext *s, uint32_t c0, int base, int32_t dst)
{
    if (!tcg_host_sse_widths(c0, TCG_HOST_SSE_ARITH)) {
        fprintf(stderr, "tern: backend cannot emit host SSE instruction %#x\n", c0);
        abort();
    }
    int hd = (c0 >> TCG_HOST_SSE_HD_SHIFT) & 15;
    out_sse_uses(s, hd);
    out_sse_sync_dest(s, c0, hd, -1, base, dst);
    return hd;
}

/* sse_gpr: host register hd = op(hd, general register gpr) */
static void out_sse_gpr(TCGContext *s, uint32_t c0, int base, int32_t dst, int gpr)
{
    int hd = out_sse_dest(s, c0, base, dst);
    out_sse_insn(s, c0, hd, gpr, -1, 0);
    out_sse_written(s, c0, hd, -1, dst);
}

/* sse_qemu: host register hd = op(hd, guest memory at g), or (a store)
 * guest memory at g = hd's low bytes */
static void out_sse_qemu(TCGContext *s, uint32_t c0, int base, int32_t dst, GuestAddr g)
{
    int hd = out_sse_dest(s, c0, base, dst);
    unsigned imm8_prefix = tcg_host_sse_imm8_prefix(c0); /* pshufd/pshufhw/pshuflw */
    if (imm8_prefix)
        out8(s, (uint8_t)imm8_prefix);
    int opc = imm8_prefix ? (int)(c0 & 0xff) | P_EXT : sse_opcode(s, c0);
    out_modrm_sib(s, opc, hd, g.base, g.index, g.shift, g.off);
    if (imm8_prefix)
        out8(s, (uint8_t)(c0 >> 8));
    if (c0 & TCG_HOST_SSE_HAS_IMM)
        out8(s, (uint8_t)(c0 >> 28));
    if (!tcg_host_sse_is_store(c0))
        out_sse_written(s, c0, hd, -1, dst);
}

/* ---- host x87: the guest's instruction itself (c0: escape | ModRM << 8) ---- */

static void out_x87(TCGContext *s, uint32_t c0)
{
    out8(s, (uint8_t)c0);
    out8(s, (uint8_t)(c0 >> 8));
}

/* fnstsw ax, or an fcomi-like instruction and the flags it set, in rax */
static void out_x87_out(TCGContext *s, uint32_t c0)
{
    out_x87(s, c0);
    if (c0 == (0xdf | 0xe0 << 8)) {
        out_modrm(s, OPC_MOVZWL, R_RAX, R_RAX);
        return;
    }
    out8(s, 0x9c); /* pushfq */
    out8(s, 0x58); /* pop rax */
    out_arith_ri(s, ARITH_AND, R_RAX, 0x45, 0); /* CF, PF, ZF */
}

static void out_x87_cond(TCGContext *s, uint32_t c0, int cond)
{
    out_modrm(s, OPC_TESTL | P_REXW, cond, cond);
    out_x87(s, c0);
}

/* the ModRM's reg field from c0, the operand at guest address addr */
static void out_x87_mem(TCGContext *s, uint32_t c0, int addr)
{
    GuestAddr g = guest_addr(s, addr, false, -1, 0, 0);
    out_modrm_sib(s, (int)(c0 & 0xff), (int)(c0 >> 11) & 7, g.base, g.index, g.shift, g.off);
}

void tcg_out_op(TCGContext *s, const TCGOp *op, const int64_t *a, const bool *k)
{
    TCGType type = (TCGType)op->type;
    int w = rexw(type);
    int o = (int)a[0];
    TCGOpcode opc = (TCGOpcode)op->opc;
    switch (opc) {
    case INDEX_op_add: out_add(s, type, o, (int)a[1], a[2], k[2]); break;
    case INDEX_op_sub: out_binary_alias(s, type, ARITH_SUB, o, a[2], k[2]); break;
    case INDEX_op_and: out_binary_alias(s, type, ARITH_AND, o, a[2], k[2]); break;
    case INDEX_op_or: out_binary_alias(s, type, ARITH_OR, o, a[2], k[2]); break;
    case INDEX_op_xor: out_binary_alias(s, type, ARITH_XOR, o, a[2], k[2]); break;
    case INDEX_op_mul: out_mul(s, type, o, a[2], k[2]); break;
    case INDEX_op_andc: out_andc(s, type, o, (int)a[1], a[2], k[2]); break;
    case INDEX_op_shl: out_shift(s, type, SHIFT_SHL, o, a[2], k[2]); break;
    case INDEX_op_shr: out_shift(s, type, SHIFT_SHR, o, a[2], k[2]); break;
    case INDEX_op_sar: out_shift(s, type, SHIFT_SAR, o, a[2], k[2]); break;
    case INDEX_op_rotl: out_shift(s, type, SHIFT_ROL, o, a[2], k[2]); break;
    case INDEX_op_rotr: out_shift(s, type, SHIFT_ROR, o, a[2], k[2]); break;
    case INDEX_op_neg: out_modrm(s, OPC_GRP3 | w, EXT3_NEG, o); break;
    case INDEX_op_not: out_modrm(s, OPC_GRP3 | w, EXT3_NOT, o); break;
    case INDEX_op_div: case INDEX_op_rem:
        out_div(s, type, true, (int)a[2]);
        break;
    case INDEX_op_divu: case INDEX_op_remu:
        out_div(s, type, false, (int)a[2]);
        break;
    case INDEX_op_mulu2: out_modrm(s, OPC_GRP3 | w, EXT3_MUL, (int)a[3]); break;
    case INDEX_op_muls2: out_modrm(s, OPC_GRP3 | w, EXT3_IMUL, (int)a[3]); break;
    case INDEX_op_divu2: out_modrm(s, OPC_GRP3 | w, EXT3_DIV, (int)a[4]); break;
    case INDEX_op_divs2: out_modrm(s, OPC_GRP3 | w, EXT3_IDIV, (int)a[4]); break;
    case INDEX_op_setcond: out_setcond(s, type, (TCGCond)a[3], o, (int)a[1], a[2], k[2]); break;
    case INDEX_op_movcond: out_movcond(s, type, (TCGCond)a[5], o, (int)a[1], a[2], k[2], (int)a[3]); break;
    case INDEX_op_clz: out_count_zeros(s, type, true, o, (int)a[1], a[2], k[2]); break;
    case INDEX_op_ctz: out_count_zeros(s, type, false, o, (int)a[1], a[2], k[2]); break;
    case INDEX_op_ctpop: out_ctpop(s, type, o, (int)a[1]); break;
    case INDEX_op_bswap16: case INDEX_op_bswap32: case INDEX_op_bswap64:
        out_bswap(s, opc, o, (int)a[1]);
        break;
    case INDEX_op_extract: out_extract(s, type, false, o, (int)a[1], (int)a[2], (int)a[3]); break;
    case INDEX_op_sextract: out_extract(s, type, true, o, (int)a[1], (int)a[2], (int)a[3]); break;
    case INDEX_op_deposit: out_deposit(s, type, o, (int)a[1], (int)a[2], (int)a[3], (int)a[4]); break;
    case INDEX_op_ext8s: case INDEX_op_ext8u: case INDEX_op_ext16s: case INDEX_op_ext16u:
    case INDEX_op_ext32s: case INDEX_op_ext32u: case INDEX_op_extu_i32_i64: case INDEX_op_exts_i32_i64:
    case INDEX_op_extrl_i64_i32: case INDEX_op_extrh_i64_i32:
        out_ext(s, opc, type, o, (int)a[1]);
        break;
    case INDEX_op_ld8u: case INDEX_op_ld8s: case INDEX_op_ld16u: case INDEX_op_ld16s:
    case INDEX_op_ld32u: case INDEX_op_ld32s: case INDEX_op_ld:
        if (op->nb_iargs == 2) /* with an index input from the allocator (backend.h) */
            out_host_ld(s, opc, type, o, (int)a[1], (int)a[2], (int)a[5], (int32_t)a[3]);
        else
            out_host_ld(s, opc, type, o, (int)a[1], -1, 0, (int32_t)a[2]);
        break;
    case INDEX_op_st8: case INDEX_op_st16: case INDEX_op_st32: case INDEX_op_st:
        out_host_st(s, opc, type, a[0], k[0], (int)a[1], (int32_t)a[2]);
        break;
    case INDEX_op_qemu_ld: out_qemu_ld(s, type, o, qemu_op_addr(s, op, a, k), qemu_op_memop(op)); break;
    case INDEX_op_qemu_st: out_qemu_st(s, a[0], k[0], qemu_op_addr(s, op, a, k), qemu_op_memop(op)); break;
    case INDEX_op_atomic_cmpxchg: out_atomic(s, opc, type, o, (int)a[1], (int)a[3], (MemOpIdx)a[4]); break;
    case INDEX_op_atomic_xchg: case INDEX_op_atomic_fetch_add:
        out_atomic(s, opc, type, o, (int)a[1], o, (MemOpIdx)a[3]);
        break;
    case INDEX_op_mb: out8(s, 0x0f); out8(s, 0xae); out8(s, 0xf0); break;
    case INDEX_op_sse_env:
        out_sse_env(s, (uint32_t)a[1], TCG_HOST_SSE_ARITH, (int)a[0], (int32_t)a[2], (int32_t)a[3], -1);
        break;
    case INDEX_op_sse_env_flags:
        out_sse_env(s, (uint32_t)a[2], TCG_HOST_SSE_FLAGS, (int)a[1], (int32_t)a[3], (int32_t)a[4], o);
        break;
    case INDEX_op_sse_env_gpr:
        out_sse_env(s, (uint32_t)a[2], TCG_HOST_SSE_GPR, (int)a[1], (int32_t)a[3], (int32_t)a[4], o);
        break;
    case INDEX_op_sse_qemu: { /* the c-args follow the address's index register, if any */
        int c = op->nb_iargs;
        out_sse_qemu(s, (uint32_t)a[c], (int)a[0], (int32_t)a[c + 1], qemu_op_addr(s, op, a, k));
        break;
    }
    case INDEX_op_sse_gpr: out_sse_gpr(s, (uint32_t)a[2], (int)a[0], (int32_t)a[3], (int)a[1]); break;
    case INDEX_op_sse_mark:
        if (a[0] & TCG_HOST_SSE_SYNC_ALL(0)) {
            out_sse_site_close(s);
            out_sse_site_open(s, (int32_t)(a[0] >> 8));
            break;
        }
        /* after plain stores into the image, which is now the value */
        s->sse_dirty &= (uint16_t)~(1u << (a[0] & 15));
        out_marks_op(s, OPC_ARITH_EvIz, ARITH_OR, XMM_STALE, 1u << (a[0] & 15));
        break;
    case INDEX_op_x87: out_x87(s, (uint32_t)a[0]); break;
    case INDEX_op_x87_out: out_x87_out(s, (uint32_t)a[1]); break;
    case INDEX_op_x87_cond: out_x87_cond(s, (uint32_t)a[1], (int)a[0]); break;
    case INDEX_op_x87_mem: out_x87_mem(s, (uint32_t)a[1], (int)a[0]); break;
    default:
        fprintf(stderr, "tern: backend cannot emit op %s\n", tcg_op_defs[opc].name);
        abort();
    }
}

/* ---- prologue ---- */

static void detect_host_features(void)
{
    unsigned a, b, c, d;
    if (__get_cpuid(1, &a, &b, &c, &d))
        tcg_host_features.popcnt = (c >> 23) & 1;
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d))
        tcg_host_features.bmi1 = (b >> 3) & 1;
    if (__get_cpuid(0x80000001, &a, &b, &c, &d)) {
        tcg_host_features.lzcnt = (c >> 5) & 1;
        host_lahf = c & 1;
    }
}

static const int callee_saved[] = { R_RBP, R_RBX, R_R12, R_R13, R_R14, R_R15 };
#define NB_CALLEE_SAVED (int)(sizeof(callee_saved) / sizeof(callee_saved[0]))
/* Keep rsp 16-byte aligned inside generated code (SysV calls): the
 * return address plus the pushes plus the frame is a multiple of 16. */
#define FRAME_SIZE (TCG_FRAME_SLOTS_SIZE + 16 - ((1 + NB_CALLEE_SAVED) * 8) % 16)

size_t tcg_prologue_init(uint8_t *code, size_t size)
{
    detect_host_features();
    constraints_table_init();
    TCGContext *s = calloc(1, sizeof(*s));
    if (!s) {
        fprintf(stderr, "tern: out of memory\n");
        exit(1);
    }
    s->code_buf = s->code_ptr = code;
    s->code_end = code + size;

    for (int i = 0; i < NB_CALLEE_SAVED; i++)
        out_opc(s, 0x50 + (callee_saved[i] & 7), 0, callee_saved[i], 0);
    out_arith_ri(s, ARITH_SUB, R_RSP, FRAME_SIZE, P_REXW);
    out_mark_xmm_stale(s); /* C code ran before */
    tcg_out_mov(s, TCG_TYPE_I64, TCG_REG_ENV, R_RDI);
    tcg_out_goto_ptr(s, R_RSI);

    tcg_prologue.epilogue_return_zero = s->code_ptr;
    out_arith_rr(s, ARITH_XOR, R_RAX, R_RAX, 0);
    epilogue_ptr = s->code_ptr;
    out_arith_ri(s, ARITH_ADD, R_RSP, FRAME_SIZE, P_REXW);
    for (int i = NB_CALLEE_SAVED - 1; i >= 0; i--)
        out_opc(s, 0x58 + (callee_saved[i] & 7), 0, callee_saved[i], 0);
    out8(s, 0xc3);

    tcg_prologue.tb_exec = (TCGTBExecFn)(void *)code;
    bool overflow = s->overflow;
    size_t used = (size_t)(s->code_ptr - code);
    free(s);
    if (overflow) {
        fprintf(stderr, "tern: code buffer too small for the prologue\n");
        exit(1);
    }
    return used;
}

/* host_sse.h — the host SSE instructions that the sse_env IR ops may run
 * (tcg-ops.def), defined once: the backend emits them, the interpreter
 * runs them, the x86 translator picks guest instructions to map onto
 * them.  Almost all are xmm0 = op(xmm0, xmm1), so one encoding path
 * serves all; the key is prefix << 8 | 0F-map opcode.  The conversions
 * from and to general registers share it: an integer source is read
 * from its image in memory (MEM_S), a general-register result is the
 * sse_env_gpr op's output. */
#ifndef TERN_TCG_HOST_SSE_H
#define TERN_TCG_HOST_SSE_H

#include <stdbool.h>
#include <stdint.h>

#define TCG_HOST_SSE_KEY(prefix, opc) ((uint32_t)(prefix) << 8 | (opc))

/* Host xmm register N stands for the guest register whose env image the
 * translator maps to it.  Throughout generated code, host register N
 * holds the guest register's value or is marked stale: the backend
 * marks all stale on entry from C and after every call (they clobber
 * xmm registers), the translator marks one stale after writing its
 * image with plain stores (the sse_mark op).  An sse_env op's c0
 * carries, above the key, the host registers of its destination and
 * source and whether each must first be synchronized (reloaded from its
 * image if marked stale, then unmarked).  A result stays in its host
 * register only; the backend stores it to the image before the next
 * call, jump, branch, label or block exit, and before plain accesses to
 * that image, so at those points every image is current and a stale
 * mark never loses anything.  A fault in between copies the registers
 * not marked stale from the signal context to the images.  The stale
 * marks are bits 0-15 of the 32-bit word at rsp + TCG_HOST_SSE_STALE_OFS
 * (in the red zone of generated code's frame), bit N for register N. */
#define TCG_HOST_SSE_STALE_OFS (-32)
/* sse_mark's c0 for: every host register marked stale reloaded from its
 * image and unmarked, host register N's image at env + ofs + 16 N (one
 * test of all the marks where a run of host SSE code starts knowing
 * nothing, instead of one per register; a set mark is rare there) */
#define TCG_HOST_SSE_SYNC_ALL(ofs) (16u | (uint32_t)(ofs) << 8)
#define TCG_HOST_SSE_KEY_MASK 0xffffu
#define TCG_HOST_SSE_HD_SHIFT 16 /* destination register, 4 bits */
#define TCG_HOST_SSE_HS_SHIFT 20 /* source register, 4 bits */
/* (for a destination the instruction only writes, a copy or a zeroing
 * idiom, SYNC_D only unmarks it: its new value is the guest's) */
#define TCG_HOST_SSE_SYNC_D (1u << 24)
#define TCG_HOST_SSE_SYNC_S (1u << 25)
/* the source is the image at the source offset read as a memory operand
 * (a memory operand loaded into xmm_t0; the integer operand of
 * TCG_HOST_SSE_FROM_INT_OPS), not a host register */
#define TCG_HOST_SSE_MEM_S (1u << 26)
/* an instruction of TCG_HOST_SSE_IMM_OPS carries its immediate (0-7) */
#define TCG_HOST_SSE_HAS_IMM (1u << 27)
#define TCG_HOST_SSE_IMM(imm) (TCG_HOST_SSE_HAS_IMM | (uint32_t)(imm) << 28)
/* the integer operand of a conversion is 64 bits wide (REX.W) */
#define TCG_HOST_SSE_REXW (1u << 31)

/* which list a key is looked up in: the sse_env op's, sse_env_flags's
 * compares, sse_env_gpr's */
typedef enum TCGHostSSEKind { TCG_HOST_SSE_ARITH, TCG_HOST_SSE_FLAGS, TCG_HOST_SSE_GPR } TCGHostSSEKind;

/* X(prefix, opcode, mnemonic, bytes of the destination read and written,
 * bytes of the source read).  Scalar instructions touch only their low
 * lane, so the backend moves just those bytes (a wider access would also
 * miss store-to-load forwarding after the translator's 8-byte stores). */
#define TCG_HOST_SSE_OPS(X)                                                                \
    X(0x00, 0x51, sqrtps, 16, 16) X(0x66, 0x51, sqrtpd, 16, 16)                             \
    X(0xf3, 0x51, sqrtss, 4, 4) X(0xf2, 0x51, sqrtsd, 8, 8)                                 \
    X(0x00, 0x52, rsqrtps, 16, 16) X(0xf3, 0x52, rsqrtss, 4, 4)                             \
    X(0x00, 0x53, rcpps, 16, 16) X(0xf3, 0x53, rcpss, 4, 4)                                 \
    X(0x00, 0x14, unpcklps, 16, 16) X(0x66, 0x14, unpcklpd, 16, 16)                         \
    X(0x00, 0x15, unpckhps, 16, 16) X(0x66, 0x15, unpckhpd, 16, 16)                         \
    X(0x00, 0x54, andps, 16, 16) X(0x66, 0x54, andpd, 16, 16)                               \
    X(0x00, 0x55, andnps, 16, 16) X(0x66, 0x55, andnpd, 16, 16)                             \
    X(0x00, 0x56, orps, 16, 16) X(0x66, 0x56, orpd, 16, 16)                                 \
    X(0x00, 0x57, xorps, 16, 16) X(0x66, 0x57, xorpd, 16, 16)                               \
    X(0x00, 0x58, addps, 16, 16) X(0x66, 0x58, addpd, 16, 16)                               \
    X(0xf3, 0x58, addss, 4, 4) X(0xf2, 0x58, addsd, 8, 8)                                   \
    X(0x00, 0x59, mulps, 16, 16) X(0x66, 0x59, mulpd, 16, 16)                               \
    X(0xf3, 0x59, mulss, 4, 4) X(0xf2, 0x59, mulsd, 8, 8)                                   \
    X(0x00, 0x5a, cvtps2pd, 16, 8) X(0x66, 0x5a, cvtpd2ps, 16, 16)                          \
    X(0xf3, 0x5a, cvtss2sd, 8, 4) X(0xf2, 0x5a, cvtsd2ss, 4, 8)                             \
    X(0x00, 0x5b, cvtdq2ps, 16, 16) X(0x66, 0x5b, cvtps2dq, 16, 16)                         \
    X(0xf3, 0x5b, cvttps2dq, 16, 16)                                                       \
    X(0x00, 0x5c, subps, 16, 16) X(0x66, 0x5c, subpd, 16, 16)                               \
    X(0xf3, 0x5c, subss, 4, 4) X(0xf2, 0x5c, subsd, 8, 8)                                   \
    X(0x00, 0x5d, minps, 16, 16) X(0x66, 0x5d, minpd, 16, 16)                               \
    X(0xf3, 0x5d, minss, 4, 4) X(0xf2, 0x5d, minsd, 8, 8)                                   \
    X(0x00, 0x5e, divps, 16, 16) X(0x66, 0x5e, divpd, 16, 16)                               \
    X(0xf3, 0x5e, divss, 4, 4) X(0xf2, 0x5e, divsd, 8, 8)                                   \
    X(0x00, 0x5f, maxps, 16, 16) X(0x66, 0x5f, maxpd, 16, 16)                               \
    X(0xf3, 0x5f, maxss, 4, 4) X(0xf2, 0x5f, maxsd, 8, 8)                                   \
    X(0x66, 0x7c, haddpd, 16, 16) X(0xf2, 0x7c, haddps, 16, 16)                             \
    X(0x66, 0x7d, hsubpd, 16, 16) X(0xf2, 0x7d, hsubps, 16, 16)                             \
    X(0x66, 0xd0, addsubpd, 16, 16) X(0xf2, 0xd0, addsubps, 16, 16)                         \
    X(0x66, 0xe6, cvttpd2dq, 16, 16) X(0xf3, 0xe6, cvtdq2pd, 16, 8)                         \
    X(0xf2, 0xe6, cvtpd2dq, 16, 16)                                                        \
    X(0xf3, 0x10, movss, 4, 4) X(0xf2, 0x10, movsd, 8, 8) TCG_HOST_SSE_COPY_OPS(X)          \
    TCG_HOST_SSE_INT_OPS(X) TCG_HOST_SSE_0F38_OPS(X)

/* the SSE2 integer instructions (66 0F xx), whole registers */
#define TCG_HOST_SSE_INT_OPS(X)                                                            \
    X(0x66, 0x60, punpcklbw, 16, 16) X(0x66, 0x61, punpcklwd, 16, 16)                       \
    X(0x66, 0x62, punpckldq, 16, 16) X(0x66, 0x63, packsswb, 16, 16)                        \
    X(0x66, 0x64, pcmpgtb, 16, 16) X(0x66, 0x65, pcmpgtw, 16, 16)                           \
    X(0x66, 0x66, pcmpgtd, 16, 16) X(0x66, 0x67, packuswb, 16, 16)                          \
    X(0x66, 0x68, punpckhbw, 16, 16) X(0x66, 0x69, punpckhwd, 16, 16)                       \
    X(0x66, 0x6a, punpckhdq, 16, 16) X(0x66, 0x6b, packssdw, 16, 16)                        \
    X(0x66, 0x6c, punpcklqdq, 16, 16) X(0x66, 0x6d, punpckhqdq, 16, 16)                     \
    X(0x66, 0x74, pcmpeqb, 16, 16) X(0x66, 0x75, pcmpeqw, 16, 16)                           \
    X(0x66, 0x76, pcmpeqd, 16, 16)                                                         \
    X(0x66, 0xd1, psrlw, 16, 16) X(0x66, 0xd2, psrld, 16, 16) X(0x66, 0xd3, psrlq, 16, 16)  \
    X(0x66, 0xd4, paddq, 16, 16) X(0x66, 0xd5, pmullw, 16, 16)                              \
    X(0x66, 0xd8, psubusb, 16, 16) X(0x66, 0xd9, psubusw, 16, 16)                           \
    X(0x66, 0xda, pminub, 16, 16) X(0x66, 0xdb, pand, 16, 16)                               \
    X(0x66, 0xdc, paddusb, 16, 16) X(0x66, 0xdd, paddusw, 16, 16)                           \
    X(0x66, 0xde, pmaxub, 16, 16) X(0x66, 0xdf, pandn, 16, 16)                              \
    X(0x66, 0xe0, pavgb, 16, 16) X(0x66, 0xe1, psraw, 16, 16) X(0x66, 0xe2, psrad, 16, 16)  \
    X(0x66, 0xe3, pavgw, 16, 16) X(0x66, 0xe4, pmulhuw, 16, 16)                             \
    X(0x66, 0xe5, pmulhw, 16, 16) X(0x66, 0xe8, psubsb, 16, 16)                             \
    X(0x66, 0xe9, psubsw, 16, 16) X(0x66, 0xea, pminsw, 16, 16)                             \
    X(0x66, 0xeb, por, 16, 16) X(0x66, 0xec, paddsb, 16, 16) X(0x66, 0xed, paddsw, 16, 16)  \
    X(0x66, 0xee, pmaxsw, 16, 16) X(0x66, 0xef, pxor, 16, 16)                               \
    X(0x66, 0xf1, psllw, 16, 16) X(0x66, 0xf2, pslld, 16, 16) X(0x66, 0xf3, psllq, 16, 16)  \
    X(0x66, 0xf4, pmuludq, 16, 16) X(0x66, 0xf5, pmaddwd, 16, 16)                           \
    X(0x66, 0xf6, psadbw, 16, 16) X(0x66, 0xf8, psubb, 16, 16) X(0x66, 0xf9, psubw, 16, 16) \
    X(0x66, 0xfa, psubd, 16, 16) X(0x66, 0xfb, psubq, 16, 16) X(0x66, 0xfc, paddb, 16, 16)  \
    X(0x66, 0xfd, paddw, 16, 16) X(0x66, 0xfe, paddd, 16, 16)

/* the compares into a mask, with their predicate as an immediate */
#define TCG_HOST_SSE_IMM_OPS(X)                                                            \
    X(0x00, 0xc2, cmpps, 16, 16) X(0x66, 0xc2, cmppd, 16, 16)                               \
    X(0xf3, 0xc2, cmpss, 4, 4) X(0xf2, 0xc2, cmpsd, 8, 8)

/* The prefix byte of a key for 66 0F 38 xx (not a real prefix) */
#define TCG_HOST_SSE_MAP_0F38 0x38

/* the SSSE3/SSE4.1/SSE4.2 integer instructions of the 0F 38 map (all 66);
 * pmovsx/pmovzx read only the low bytes of their source */
#define TCG_HOST_SSE_0F38_OPS(X)                                                           \
    X(0x38, 0x00, pshufb, 16, 16) X(0x38, 0x01, phaddw, 16, 16)                             \
    X(0x38, 0x02, phaddd, 16, 16) X(0x38, 0x03, phaddsw, 16, 16)                            \
    X(0x38, 0x04, pmaddubsw, 16, 16) X(0x38, 0x05, phsubw, 16, 16)                          \
    X(0x38, 0x06, phsubd, 16, 16) X(0x38, 0x07, phsubsw, 16, 16)                            \
    X(0x38, 0x08, psignb, 16, 16) X(0x38, 0x09, psignw, 16, 16)                             \
    X(0x38, 0x0a, psignd, 16, 16) X(0x38, 0x0b, pmulhrsw, 16, 16)                           \
    X(0x38, 0x1c, pabsb, 16, 16) X(0x38, 0x1d, pabsw, 16, 16) X(0x38, 0x1e, pabsd, 16, 16)  \
    X(0x38, 0x20, pmovsxbw, 16, 8) X(0x38, 0x21, pmovsxbd, 16, 4)                           \
    X(0x38, 0x22, pmovsxbq, 16, 2) X(0x38, 0x23, pmovsxwd, 16, 8)                           \
    X(0x38, 0x24, pmovsxwq, 16, 4) X(0x38, 0x25, pmovsxdq, 16, 8)                           \
    X(0x38, 0x28, pmuldq, 16, 16) X(0x38, 0x29, pcmpeqq, 16, 16)                            \
    X(0x38, 0x2b, packusdw, 16, 16)                                                        \
    X(0x38, 0x30, pmovzxbw, 16, 8) X(0x38, 0x31, pmovzxbd, 16, 4)                           \
    X(0x38, 0x32, pmovzxbq, 16, 2) X(0x38, 0x33, pmovzxwd, 16, 8)                           \
    X(0x38, 0x34, pmovzxwq, 16, 4) X(0x38, 0x35, pmovzxdq, 16, 8)                           \
    X(0x38, 0x37, pcmpgtq, 16, 16) X(0x38, 0x38, pminsb, 16, 16)                            \
    X(0x38, 0x39, pminsd, 16, 16) X(0x38, 0x3a, pminuw, 16, 16)                             \
    X(0x38, 0x3b, pminud, 16, 16) X(0x38, 0x3c, pmaxsb, 16, 16)                             \
    X(0x38, 0x3d, pmaxsd, 16, 16) X(0x38, 0x3e, pmaxuw, 16, 16)                             \
    X(0x38, 0x3f, pmaxud, 16, 16) X(0x38, 0x40, pmulld, 16, 16)                             \
    X(0x38, 0x41, phminposuw, 16, 16)

/* Instructions with an 8-bit immediate (TCG_HOST_SSE_IMM8_KEY): the
 * immediate in the key's prefix byte and, with HAS_IMM clear, which use
 * of the opcode byte (1-7) in the immediate field.  X(opcode, form,
 * mnemonic, prefix).  The shifts (0F 71-73) have their ModRM extension as
 * the form and shift host register hd in place (the source field repeats
 * hd); pshufd/pshufhw/pshuflw write hd from hs without reading it;
 * opcode 0x0f is palignr's, in the 0F 3A map. */
#define TCG_HOST_SSE_IMM8_OPS(X)                                                           \
    X(0x70, 1, pshufd, 0x66) X(0x70, 2, pshufhw, 0xf3) X(0x70, 3, pshuflw, 0xf2)            \
    X(0x71, 2, psrlw, 0x66) X(0x71, 4, psraw, 0x66) X(0x71, 6, psllw, 0x66)                 \
    X(0x72, 2, psrld, 0x66) X(0x72, 4, psrad, 0x66) X(0x72, 6, pslld, 0x66)                 \
    X(0x73, 2, psrlq, 0x66) X(0x73, 3, psrldq, 0x66) X(0x73, 6, psllq, 0x66)                \
    X(0x73, 7, pslldq, 0x66) X(0x0f, 1, palignr, 0x66)
#define TCG_HOST_SSE_IMM8_KEY(opc, form, imm)                                              \
    (TCG_HOST_SSE_KEY(imm, opc) | (uint32_t)(form) << 28)
/* the prefix of an IMM8_OPS key's instruction, 0 if it is not one */
unsigned tcg_host_sse_imm8_prefix(uint32_t key);

/* the copies, whose destination is written without being read */
#define TCG_HOST_SSE_COPY_OPS(X) X(0x00, 0x28, movaps, 16, 16) X(0xf3, 0x7e, movq, 16, 8)

/* Loads of a memory operand (MEM_S only), zero-extended to the whole
 * register: copies too.  movd with REX.W is movq from a general
 * register (sse_gpr). */
#define TCG_HOST_SSE_LOAD_OPS(X)                                                           \
    X(0xf3, 0x7e, movq, 16, 8) X(0x66, 0x6e, movd, 16, 4) X(0x00, 0x10, movups, 16, 16)

/* Stores of host register hd's low bytes to guest memory, for sse_qemu
 * (MEM_S): they read hd and write no register; the source column is the
 * bytes written. */
#define TCG_HOST_SSE_STORE_OPS(X)                                                          \
    X(0x00, 0x11, movups, 16, 16) X(0x00, 0x29, movaps, 16, 16)                             \
    X(0xf2, 0x11, movsd, 8, 8) X(0xf3, 0x11, movss, 4, 4)

/* The compares into EFLAGS, for sse_env_flags: the destination is only
 * read.  Same columns. */
#define TCG_HOST_SSE_FLAG_OPS(X)                                                           \
    X(0x00, 0x2e, ucomiss, 4, 4) X(0x00, 0x2f, comiss, 4, 4)                                \
    X(0x66, 0x2e, ucomisd, 8, 8) X(0x66, 0x2f, comisd, 8, 8)                                \
    X(0x38, 0x17, ptest, 16, 16)

/* Conversions from an integer, for sse_env with MEM_S: the source column
 * is the integer's bytes without REX.W (8 with it). */
#define TCG_HOST_SSE_FROM_INT_OPS(X)                                                       \
    X(0xf3, 0x2a, cvtsi2ss, 4, 4) X(0xf2, 0x2a, cvtsi2sd, 8, 4)

/* For sse_env_gpr: o0 = the instruction's general-register result (32
 * bits zero-extended, 64 with REX.W) from the source image; the
 * destination column is 0.  stmxcsr (0F AE /3) reads no image: o0 = the
 * host MXCSR.  movd/movq to a general register (66 0F 7E, the xmm in
 * ModRM.reg) reads a host register only, never MEM_S. */
#define TCG_HOST_SSE_TO_INT_OPS(X)                                                         \
    X(0xf3, 0x2c, cvttss2si, 0, 4) X(0xf3, 0x2d, cvtss2si, 0, 4)                            \
    X(0xf2, 0x2c, cvttsd2si, 0, 8) X(0xf2, 0x2d, cvtsd2si, 0, 8)                            \
    X(0x00, 0x50, movmskps, 0, 16) X(0x66, 0x50, movmskpd, 0, 16)                           \
    X(0x66, 0xd7, pmovmskb, 0, 16) X(0x66, 0x7e, movd, 0, 4)
#define TCG_HOST_SSE_MOVD_TO_GPR TCG_HOST_SSE_KEY(0x66, 0x7e)
#define TCG_HOST_SSE_STMXCSR TCG_HOST_SSE_KEY(0, 0xae)

/* the bytes an instruction moves: dst in bits 0-7, src in bits 8-15; 0 if
 * key is not in the kind's list */
unsigned tcg_host_sse_widths(uint32_t key, TCGHostSSEKind kind);
/* true for an sse_qemu key of TCG_HOST_SSE_STORE_OPS (with MEM_S) */
bool tcg_host_sse_is_store(uint32_t key);
/* true for an instruction of TCG_HOST_SSE_COPY_OPS or (with MEM_S)
 * TCG_HOST_SSE_LOAD_OPS */
bool tcg_host_sse_is_copy(uint32_t key);
/* true for an instruction that neither rounds nor raises SSE exceptions
 * (integer, bitwise, shuffles, moves, ptest, the sign masks): it computes
 * the same under any MXCSR */
bool tcg_host_sse_is_exact(uint32_t key, TCGHostSSEKind kind);
/* true for an instruction whose result is zero when both operands are
 * the same register, whatever it held (xorps, pxor, psub*: the zeroing
 * idioms) */
bool tcg_host_sse_is_zeroing(uint32_t key);
/* d = op(d, s) on 16-byte values, as the generated code computes it
 * (the interpreter's implementation); false for an unknown key */
bool tcg_host_sse_run(uint32_t key, void *d, const void *s);
/* the arithmetic EFLAGS bits of a compare of the list of flag ops */
bool tcg_host_sse_flags(uint32_t key, const void *d, const void *s, uint64_t *eflags);
/* the general-register result of an sse_env_gpr instruction */
bool tcg_host_sse_gpr(uint32_t key, const void *s, uint64_t *result);

#endif

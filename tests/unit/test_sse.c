/* test_sse.c — the SSE translator and helpers against the host CPU.
 *
 * Each case is one SSE/MMX instruction, assembled by the host assembler.
 * It runs natively (called from a small harness that loads and saves every
 * XMM and MMX register, the GPRs it may use, MXCSR, EFLAGS and the x87
 * tags) and through tern twice: translated alone and run by the IR
 * reference interpreter, and run by the JIT through the cpu loop (with a
 * syscall after the instruction), from the same random starting states
 * under several MXCSR settings.  Registers, flags, MXCSR and the memory it
 * may write must be identical.  Memory operands point at a 16-byte aligned
 * scratch area (rsi) or at data right after the instruction (RIP-relative
 * "1f(%rip)", so the immediate-after-displacement case is covered). */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "exec/exec.h"
#include "target/x86/sse_helper.h"
#include "target/x86/translate.h"
#include "user/user.h"

/* ---- the cases ---- */
#define SNIPPETS(X)                                                             \
    X(movaps_rr, "movaps %xmm1, %xmm2") X(movaps_ld, "movaps (%rsi), %xmm9")       \
    X(movaps_st, "movaps %xmm3, 16(%rsi)") X(movups_ld, "movups 1(%rsi), %xmm4")   \
    X(movups_st, "movups %xmm5, 3(%rsi)") X(movdqa_ld, "movdqa 16(%rsi), %xmm12")  \
    X(movdqu_st, "movdqu %xmm13, 7(%rsi)") X(movdqa_rr, "movdqa %xmm14, %xmm1")     \
    X(movss_rr, "movss %xmm1, %xmm2") X(movss_ld, "movss 4(%rsi), %xmm2")          \
    X(movss_st, "movss %xmm2, 8(%rsi)") X(movsd_rr, "movsd %xmm3, %xmm11")         \
    X(movsd_ld, "movsd 8(%rsi), %xmm11") X(movsd_st, "movsd %xmm11, 24(%rsi)")     \
    X(movlps_ld, "movlps 8(%rsi), %xmm1") X(movhps_ld, "movhps 8(%rsi), %xmm1")    \
    X(movlps_st, "movlps %xmm1, 40(%rsi)") X(movhps_st, "movhps %xmm1, 40(%rsi)")  \
    X(movhlps, "movhlps %xmm7, %xmm6") X(movlhps, "movlhps %xmm7, %xmm6")          \
    X(movlpd_ld, "movlpd 8(%rsi), %xmm15") X(movhpd_ld, "movhpd 8(%rsi), %xmm15")  \
    X(movd_ld, "movd %ecx, %xmm3") X(movq_ld, "movq %rcx, %xmm3")                  \
    X(movd_st, "movd %xmm3, %ecx") X(movq_st, "movq %xmm3, %rcx")                  \
    X(movd_mem, "movd 4(%rsi), %xmm10") X(movq_rr, "movq %xmm1, %xmm2")            \
    X(movq_mem, "movq 8(%rsi), %xmm2") X(movq_st2, "movq %xmm2, 48(%rsi)")          \
    X(movq_d6_rr, ".byte 0x66, 0x0f, 0xd6, 0xca") /* movq xmm2, xmm1 (66 0F D6) */        \
    X(movq_d6_rex, ".byte 0x66, 0x45, 0x0f, 0xd6, 0xc7") /* movq xmm15, xmm8 */        \
    X(movddup, "movddup %xmm1, %xmm2") X(movshdup, "movshdup %xmm1, %xmm2")        \
    X(movsldup, "movsldup (%rsi), %xmm2") X(lddqu, "lddqu 5(%rsi), %xmm8")         \
    X(movmskps, "movmskps %xmm1, %eax") X(movmskpd, "movmskpd %xmm9, %r10d")       \
    X(pmovmskb, "pmovmskb %xmm2, %edx") X(maskmovdqu, "maskmovdqu %xmm2, %xmm3")   \
    X(pxor_rr, "pxor %xmm1, %xmm2") X(pxor_self, "pxor %xmm4, %xmm4")              \
    X(pand_m, "pand 16(%rsi), %xmm2") X(pandn, "pandn %xmm1, %xmm2")               \
    X(por, "por %xmm8, %xmm2") X(andnps, "andnps %xmm1, %xmm2")                    \
    X(xorpd, "xorpd %xmm1, %xmm2") X(paddb, "paddb %xmm1, %xmm2")                   \
    X(paddq_m, "paddq (%rsi), %xmm2") X(psubusb, "psubusb %xmm1, %xmm2")            \
    X(pmulhuw, "pmulhuw %xmm1, %xmm2") X(pmuludq, "pmuludq %xmm1, %xmm2")           \
    X(pmaddwd, "pmaddwd %xmm1, %xmm2") X(psadbw, "psadbw %xmm1, %xmm2")             \
    X(pavgb, "pavgb %xmm1, %xmm2") X(pminub, "pminub 32(%rsi), %xmm2")              \
    X(pcmpeqb, "pcmpeqb %xmm1, %xmm2") X(pcmpgtd, "pcmpgtd %xmm1, %xmm2")           \
    X(packsswb, "packsswb %xmm1, %xmm2") X(packuswb, "packuswb %xmm1, %xmm2")       \
    X(punpcklbw, "punpcklbw %xmm1, %xmm2") X(punpckhqdq, "punpckhqdq %xmm1, %xmm2") \
    X(unpcklps, "unpcklps %xmm1, %xmm2") X(unpckhpd, "unpckhpd %xmm1, %xmm2")       \
    X(psllw, "psllw %xmm5, %xmm2") X(psrad, "psrad %xmm5, %xmm2")                   \
    X(psrlq_i, "psrlq $13, %xmm2") X(psraw_i, "psraw $3, %xmm9")                    \
    X(pslld_i, "pslld $40, %xmm2") X(pslldq_i, "pslldq $5, %xmm2")                  \
    X(psrldq_i, "psrldq $11, %xmm14") X(pshufd, "pshufd $0x1b, %xmm1, %xmm2")       \
    X(pshufd_rip, "pshufd $0x4e, 1f(%rip), %xmm2")                           \
    X(pshufhw, "pshufhw $0x93, %xmm1, %xmm2") X(pshuflw, "pshuflw $0x39, %xmm1, %xmm2") \
    X(shufps, "shufps $0xa5, %xmm1, %xmm2") X(shufpd, "shufpd $1, %xmm1, %xmm2")    \
    X(pinsrw, "pinsrw $5, %ecx, %xmm2") X(pextrw, "pextrw $6, %xmm2, %eax")         \
    X(addps, "addps %xmm1, %xmm2") X(addss_m, "addss 4(%rsi), %xmm2")               \
    X(subpd, "subpd %xmm1, %xmm2") X(mulsd, "mulsd %xmm1, %xmm2")                   \
    X(divps, "divps %xmm1, %xmm2") X(divsd, "divsd %xmm1, %xmm2")                   \
    X(minps, "minps %xmm1, %xmm2") X(maxsd, "maxsd %xmm1, %xmm2")                   \
    X(sqrtps, "sqrtps %xmm1, %xmm2") X(sqrtsd, "sqrtsd %xmm1, %xmm2")               \
    X(rcpps, "rcpps %xmm1, %xmm2") X(rsqrtss, "rsqrtss %xmm1, %xmm2")               \
    X(cmpps, "cmpps $1, %xmm1, %xmm2") X(cmpsd, "cmpsd $7, %xmm1, %xmm2")           \
    X(cmpss_rip, "cmpss $4, 1f(%rip), %xmm2")                                \
    X(comiss, "comiss %xmm1, %xmm2") X(ucomisd, "ucomisd %xmm1, %xmm2")             \
    X(comisd_m, "comisd 8(%rsi), %xmm2")                                           \
    X(cvtps2pd, "cvtps2pd %xmm1, %xmm2") X(cvtpd2ps, "cvtpd2ps %xmm1, %xmm2")       \
    X(cvtss2sd, "cvtss2sd %xmm1, %xmm2") X(cvtsd2ss, "cvtsd2ss %xmm1, %xmm2")       \
    X(cvtdq2ps, "cvtdq2ps %xmm1, %xmm2") X(cvtps2dq, "cvtps2dq %xmm1, %xmm2")       \
    X(cvttps2dq, "cvttps2dq %xmm1, %xmm2") X(cvtdq2pd, "cvtdq2pd %xmm1, %xmm2")     \
    X(cvtpd2dq, "cvtpd2dq %xmm1, %xmm2") X(cvttpd2dq, "cvttpd2dq %xmm1, %xmm2")     \
    X(cvtsi2ss, "cvtsi2ss %ecx, %xmm2") X(cvtsi2sdq, "cvtsi2sd %rcx, %xmm2")        \
    X(cvtsi2sd_m, "cvtsi2sdl 4(%rsi), %xmm2") X(cvtss2si, "cvtss2si %xmm1, %eax")   \
    X(cvttsd2si, "cvttsd2si %xmm1, %rax") X(cvtsd2si_m, "cvtsd2si 8(%rsi), %rdx")   \
    X(cvttss2si_q, "cvttss2si %xmm1, %r9")                                          \
    X(seq_cvt, "addsd %xmm1, %xmm2; cvtsi2sd %ecx, %xmm2; mulsd %xmm2, %xmm3; "      \
               "cvttsd2si %xmm2, %eax; cvtsi2sdq %rdx, %xmm3; addsd %xmm3, %xmm2; " \
               "cvtsd2si %xmm3, %r9; cvtsi2ssl 4(%rsi), %xmm4; cvttss2si %xmm4, %r10d") \
    X(seq_stmxcsr, "stmxcsr 12(%rsi); divsd %xmm1, %xmm2; stmxcsr 16(%rsi); "        \
                   "sqrtsd %xmm3, %xmm4; cvtsd2ss %xmm2, %xmm5; stmxcsr 24(%rsi)")     \
    X(seq_blocks, "addsd %xmm1, %xmm2; movq %rcx, %xmm3; jmp 2f; 2: mulsd %xmm2, %xmm3; " \
                  "pshufb %xmm4, %xmm5; addsd %xmm5, %xmm3; paddq %xmm3, %xmm6; jmp 3f; " \
                  "3: subsd %xmm6, %xmm3; movsd 8(%rsi), %xmm7; andpd %xmm7, %xmm2; "  \
                  "unpcklpd %xmm2, %xmm7; pxor %xmm1, %xmm1; orpd %xmm3, %xmm1; "       \
                  "movd 4(%rsi), %xmm8; xorps (%rsi), %xmm8; movhlps %xmm8, %xmm2; addpd %xmm8, %xmm2") \
    X(seq_strcmp, "movdqu 3(%rsi), %xmm1; movdqu 19(%rsi), %xmm2; pxor %xmm0, %xmm0; "  \
                  "pcmpeqb %xmm1, %xmm0; pcmpeqb %xmm2, %xmm1; psubb %xmm0, %xmm1; "      \
                  "pmovmskb %xmm1, %edx; pminub 16(%rsi), %xmm2; por %xmm2, %xmm0; "     \
                  "pmovmskb %xmm0, %r9d; movdqa %xmm0, 32(%rsi)")                         \
    X(seq_int_mixed, "movq 8(%rsi), %xmm3; pshufd $0x1b, %xmm3, %xmm4; paddd %xmm4, %xmm3; " \
                     "pslld $7, %xmm3; jmp 2f; 2: psrld $25, %xmm4; por %xmm4, %xmm3; "      \
                     "punpcklbw %xmm3, %xmm5; movq %xmm5, %xmm6; movdqa %xmm6, %xmm7; "     \
                     "movq %xmm7, %rax; movmskps %xmm7, %ecx; palignr $5, %xmm3, %xmm7; pand %xmm7, %xmm6") \
    X(seq_helper, "addsd %xmm1, %xmm2; movaps %xmm2, %xmm4; dpps $0xf3, %xmm2, %xmm3; "       \
                  "mulpd %xmm3, %xmm4; pcmpistri $0x0c, %xmm4, %xmm2; addpd %xmm4, %xmm2; "    \
                  "roundsd $4, %xmm2, %xmm5; subsd %xmm5, %xmm4")                              \
    X(seq_plain, "addpd %xmm1, %xmm2; movlps 8(%rsi), %xmm2; mulpd %xmm2, %xmm3; "           \
                 "movq %xmm3, %rax; pinsrw $3, %ecx, %xmm3; addsd %xmm1, %xmm3; "             \
                 "movsd %xmm3, 24(%rsi); pextrw $5, %xmm3, %edx; movhps %xmm3, 40(%rsi)")     \
    X(seq_indexed, "mov $2, %ecx; mulsd 8(%rsi,%rcx,8), %xmm2; addpd -16(%rsi,%rcx,8), %xmm3; " \
                   "movsd 24(%rsi,%rcx,4), %xmm4; movsd %xmm2, 40(%rsi,%rcx,4); movq %xmm3, %rax")  \
    X(addsubps, "addsubps %xmm1, %xmm2") X(haddpd, "haddpd %xmm1, %xmm2")           \
    X(hsubps, "hsubps %xmm1, %xmm2")                                               \
    X(pshufb, "pshufb %xmm1, %xmm2") X(phaddw, "phaddw %xmm1, %xmm2")               \
    X(phsubsw, "phsubsw %xmm1, %xmm2") X(pmaddubsw, "pmaddubsw %xmm1, %xmm2")       \
    X(pmulhrsw, "pmulhrsw %xmm1, %xmm2") X(psignw, "psignw %xmm1, %xmm2")           \
    X(pabsd, "pabsd %xmm1, %xmm2") X(palignr, "palignr $7, %xmm1, %xmm2")           \
    X(pblendvb, "pblendvb %xmm0, %xmm1, %xmm2") X(blendvps, "blendvps %xmm0, %xmm1, %xmm2") \
    X(blendvpd, "blendvpd %xmm0, (%rsi), %xmm2") X(blendps, "blendps $5, %xmm1, %xmm2") \
    X(pblendw, "pblendw $0x96, %xmm1, %xmm2") X(dpps, "dpps $0xf3, %xmm1, %xmm2")   \
    X(dppd, "dppd $0x31, %xmm1, %xmm2") X(extractps, "extractps $2, %xmm2, %eax")   \
    X(extractps_m, "extractps $3, %xmm2, 12(%rsi)") X(insertps, "insertps $0x9a, %xmm1, %xmm2") \
    X(insertps_m, "insertps $0xd6, 8(%rsi), %xmm2") X(pextrb, "pextrb $13, %xmm2, %eax") \
    X(pextrd_m, "pextrd $1, %xmm2, 4(%rsi)") X(pextrq, "pextrq $1, %xmm2, %rdx")    \
    X(pinsrb, "pinsrb $9, %ecx, %xmm2") X(pinsrd_m, "pinsrd $2, 4(%rsi), %xmm2")     \
    X(pinsrq, "pinsrq $1, %rcx, %xmm2") X(pminsd, "pminsd %xmm1, %xmm2")            \
    X(pmaxuw, "pmaxuw %xmm1, %xmm2") X(pmovsxbw, "pmovsxbw %xmm1, %xmm2")           \
    X(pmovzxbq_m, "pmovzxbq 6(%rsi), %xmm2") X(pmovsxdq_m, "pmovsxdq 8(%rsi), %xmm2") \
    X(pmuldq, "pmuldq %xmm1, %xmm2") X(pmulld, "pmulld %xmm1, %xmm2")               \
    X(packusdw, "packusdw %xmm1, %xmm2") X(pcmpeqq, "pcmpeqq %xmm1, %xmm2")         \
    X(pcmpgtq, "pcmpgtq %xmm1, %xmm2") X(ptest, "ptest %xmm1, %xmm2")               \
    X(roundps, "roundps $1, %xmm1, %xmm2") X(roundsd, "roundsd $4, %xmm1, %xmm2")   \
    X(roundss_m, "roundss $0xa, 4(%rsi), %xmm2") X(mpsadbw, "mpsadbw $5, %xmm1, %xmm2") \
    X(phminposuw, "phminposuw %xmm1, %xmm2") X(movntdqa, "movntdqa 16(%rsi), %xmm2") \
    X(pcmpistri, "pcmpistri $0x0c, %xmm1, %xmm2") X(pcmpistri2, "pcmpistri $0x44, (%rsi), %xmm2") \
    X(pcmpistrm, "pcmpistrm $0x40, %xmm1, %xmm2") X(pcmpestri, "pcmpestri $0x18, %xmm1, %xmm2") \
    X(pcmpestrm, "pcmpestrm $0x04, 3(%rsi), %xmm2") X(pcmpestriq, "rex.w pcmpestri $0x0, %xmm1, %xmm2") \
    X(crc32b, "crc32b %cl, %eax") X(crc32w, "crc32w %cx, %eax")                     \
    X(crc32l_m, "crc32l 4(%rsi), %edx") X(crc32q, "crc32q %rcx, %rax")              \
    X(pclmul, "pclmulqdq $0x10, %xmm1, %xmm2") X(stmxcsr, "stmxcsr 12(%rsi)")       \
    X(ldmxcsr, "ldmxcsr 20(%rsi)") X(mfence, "mfence")                             \
    X(mmx_paddb, "paddb %mm1, %mm2") X(mmx_psubq_m, "psubq 8(%rsi), %mm3")          \
    X(mmx_punpckhbw, "punpckhbw %mm1, %mm2") X(mmx_punpckldq, "punpckldq %mm1, %mm2") \
    X(mmx_packsswb, "packsswb %mm1, %mm2") X(mmx_packuswb, "packuswb %mm4, %mm2")   \
    X(mmx_phaddw, "phaddw %mm1, %mm2") X(mmx_phsubd, "phsubd %mm1, %mm2")           \
    X(mmx_pshufb, "pshufb %mm1, %mm2") X(mmx_palignr, "palignr $5, %mm1, %mm2")     \
    X(mmx_pshufw, "pshufw $0x1b, %mm1, %mm2") X(mmx_psrlw_i, "psrlw $3, %mm2")      \
    X(mmx_psllq_i, "psllq $33, %mm7") X(mmx_psrad, "psrad %mm1, %mm2")              \
    X(mmx_movd_ld, "movd %ecx, %mm3") X(mmx_movq_st, "movq %mm3, %rdx")             \
    X(mmx_movq_mem, "movq 8(%rsi), %mm5") X(mmx_movq_stm, "movq %mm5, 16(%rsi)")    \
    X(mmx_movq_rr, "movq %mm5, %mm6") X(mmx_movntq, "movntq %mm1, 24(%rsi)")        \
    X(mmx_movq2dq, "movq2dq %mm1, %xmm2") X(mmx_movdq2q, "movdq2q %xmm1, %mm2")     \
    X(mmx_pinsrw, "pinsrw $2, %ecx, %mm2") X(mmx_pextrw, "pextrw $3, %mm2, %eax")   \
    X(mmx_pmovmskb, "pmovmskb %mm2, %edx") X(mmx_maskmovq, "maskmovq %mm2, %mm3")   \
    X(mmx_pand, "pand %mm1, %mm2") X(mmx_pxor_m, "pxor 8(%rsi), %mm2")              \
    X(mmx_pmuludq, "pmuludq %mm1, %mm2") X(mmx_psadbw, "psadbw %mm1, %mm2")         \
    X(mmx_pmulhrsw, "pmulhrsw %mm1, %mm2") X(mmx_pabsb, "pabsb %mm1, %mm2")         \
    X(cvtpi2ps, "cvtpi2ps %mm1, %xmm2") X(cvtpi2pd_m, "cvtpi2pd 8(%rsi), %xmm2")    \
    X(cvtps2pi, "cvtps2pi %xmm1, %mm2") X(cvttpd2pi, "cvttpd2pi %xmm1, %mm2")       \
    X(cvtpd2pi_m, "cvtpd2pi 16(%rsi), %mm2") X(emms, "emms")                       \
    X(psrlw15, "psrlw $15, %xmm2") X(psrlw16, "psrlw $16, %xmm2") X(psllw1, "psllw $1, %xmm2") \
    X(psllw9, "psllw $9, %xmm12") X(psrld31, "psrld $31, %xmm2") X(pslld7, "pslld $7, %xmm2") \
    X(psrad31, "psrad $31, %xmm2") X(psrad40, "psrad $40, %xmm2") X(psrad0, "psrad $0, %xmm2") \
    X(psraw15, "psraw $15, %xmm2") X(psrlq0, "psrlq $0, %xmm2") X(psrlq64, "psrlq $64, %xmm2") \
    X(psllq63, "psllq $63, %xmm2") X(pslldq8, "pslldq $8, %xmm2") X(pslldq16, "pslldq $16, %xmm2") \
    X(pslldq3, "pslldq $3, %xmm2") X(pslldq12, "pslldq $12, %xmm2") X(psrldq8, "psrldq $8, %xmm2") \
    X(psrldq15, "psrldq $15, %xmm2") X(psrldq17, "psrldq $17, %xmm2") X(psrldq1, "psrldq $1, %xmm2") \
    X(pshufhw_m, "pshufhw $0x1e, 16(%rsi), %xmm2") X(pshuflw_m, "pshuflw $0xc6, (%rsi), %xmm11") \
    X(pshufd_self, "pshufd $0x93, %xmm2, %xmm2") X(pcmpeqd_self, "pcmpeqd %xmm3, %xmm3") \
    X(pshufhw_r, "pshufhw $0x1b, %xmm3, %xmm2") X(pshuflw_r, "pshuflw $0xe4, %xmm9, %xmm12") \
    X(ptest_m, "ptest 16(%rsi), %xmm3") X(ptest_self, "ptest %xmm4, %xmm4")            \
    X(seq_0f38, "pshufb %xmm1, %xmm2; pminud 16(%rsi), %xmm2; ptest %xmm2, %xmm3; jmp 2f; " \
                "2: pmovzxbw 6(%rsi), %xmm4; pcmpeqq %xmm4, %xmm2; ptest %xmm2, %xmm2")   \
    X(seq_zeroing, "pinsrw $3, %ecx, %xmm4; pxor %xmm4, %xmm4; paddb %xmm1, %xmm4; jmp 2f; "    \
                   "2: psubb %xmm5, %xmm5; pinsrd $1, %ecx, %xmm5; paddd %xmm5, %xmm4; "         \
                   "xorps %xmm6, %xmm6; movmskps %xmm6, %eax; psubq %xmm7, %xmm7; por %xmm7, %xmm4") \
    X(psllw200, "psllw $200, %xmm3") X(psraw255, "psraw $255, %xmm13") X(psrlq33, "psrlq $33, %xmm8") \
    X(punpckldq_self, "punpckldq %xmm2, %xmm2") X(pminub_self, "pminub %xmm5, %xmm5") \
    X(palignr0, "palignr $0, %xmm1, %xmm2") X(palignr8, "palignr $8, %xmm1, %xmm2") \
    X(palignr13, "palignr $13, (%rsi), %xmm2") X(palignr16, "palignr $16, %xmm1, %xmm2") \
    X(palignr21, "palignr $21, %xmm1, %xmm2") X(palignr24, "palignr $24, %xmm1, %xmm2") \
    X(palignr31, "palignr $31, %xmm1, %xmm2") X(palignr32, "palignr $32, %xmm1, %xmm2") \
    X(palignr_self, "palignr $3, %xmm2, %xmm2") X(palignr_rex, "palignr $9, %xmm12, %xmm3") \
    X(palignr_rex2, "palignr $200, %xmm1, %xmm10") X(palignr_rex3, "palignr $17, %xmm15, %xmm11")

/* every table entry, register and memory forms (from the lists in sse_helper.h) */
#define TABLE_SNIPPETS(X) \
    X(all_paddb_r, "paddb %xmm9, %xmm2") X(all_paddb_m, "paddb 16(%rsi), %xmm10") \
    X(all_paddw_r, "paddw %xmm9, %xmm2") X(all_paddw_m, "paddw 16(%rsi), %xmm10") \
    X(all_paddd_r, "paddd %xmm9, %xmm2") X(all_paddd_m, "paddd 16(%rsi), %xmm10") \
    X(all_paddq_r, "paddq %xmm9, %xmm2") X(all_paddq_m, "paddq 16(%rsi), %xmm10") \
    X(all_psubb_r, "psubb %xmm9, %xmm2") X(all_psubb_m, "psubb 16(%rsi), %xmm10") \
    X(all_psubw_r, "psubw %xmm9, %xmm2") X(all_psubw_m, "psubw 16(%rsi), %xmm10") \
    X(all_psubd_r, "psubd %xmm9, %xmm2") X(all_psubd_m, "psubd 16(%rsi), %xmm10") \
    X(all_psubq_r, "psubq %xmm9, %xmm2") X(all_psubq_m, "psubq 16(%rsi), %xmm10") \
    X(all_paddsb_r, "paddsb %xmm9, %xmm2") X(all_paddsb_m, "paddsb 16(%rsi), %xmm10") \
    X(all_paddsw_r, "paddsw %xmm9, %xmm2") X(all_paddsw_m, "paddsw 16(%rsi), %xmm10") \
    X(all_paddusb_r, "paddusb %xmm9, %xmm2") X(all_paddusb_m, "paddusb 16(%rsi), %xmm10") \
    X(all_paddusw_r, "paddusw %xmm9, %xmm2") X(all_paddusw_m, "paddusw 16(%rsi), %xmm10") \
    X(all_psubsb_r, "psubsb %xmm9, %xmm2") X(all_psubsb_m, "psubsb 16(%rsi), %xmm10") \
    X(all_psubsw_r, "psubsw %xmm9, %xmm2") X(all_psubsw_m, "psubsw 16(%rsi), %xmm10") \
    X(all_psubusb_r, "psubusb %xmm9, %xmm2") X(all_psubusb_m, "psubusb 16(%rsi), %xmm10") \
    X(all_psubusw_r, "psubusw %xmm9, %xmm2") X(all_psubusw_m, "psubusw 16(%rsi), %xmm10") \
    X(all_pmullw_r, "pmullw %xmm9, %xmm2") X(all_pmullw_m, "pmullw 16(%rsi), %xmm10") \
    X(all_pmulhw_r, "pmulhw %xmm9, %xmm2") X(all_pmulhw_m, "pmulhw 16(%rsi), %xmm10") \
    X(all_pmulhuw_r, "pmulhuw %xmm9, %xmm2") X(all_pmulhuw_m, "pmulhuw 16(%rsi), %xmm10") \
    X(all_pmuludq_r, "pmuludq %xmm9, %xmm2") X(all_pmuludq_m, "pmuludq 16(%rsi), %xmm10") \
    X(all_pmaddwd_r, "pmaddwd %xmm9, %xmm2") X(all_pmaddwd_m, "pmaddwd 16(%rsi), %xmm10") \
    X(all_psadbw_r, "psadbw %xmm9, %xmm2") X(all_psadbw_m, "psadbw 16(%rsi), %xmm10") \
    X(all_pavgb_r, "pavgb %xmm9, %xmm2") X(all_pavgb_m, "pavgb 16(%rsi), %xmm10") \
    X(all_pavgw_r, "pavgw %xmm9, %xmm2") X(all_pavgw_m, "pavgw 16(%rsi), %xmm10") \
    X(all_pminub_r, "pminub %xmm9, %xmm2") X(all_pminub_m, "pminub 16(%rsi), %xmm10") \
    X(all_pmaxub_r, "pmaxub %xmm9, %xmm2") X(all_pmaxub_m, "pmaxub 16(%rsi), %xmm10") \
    X(all_pminsw_r, "pminsw %xmm9, %xmm2") X(all_pminsw_m, "pminsw 16(%rsi), %xmm10") \
    X(all_pmaxsw_r, "pmaxsw %xmm9, %xmm2") X(all_pmaxsw_m, "pmaxsw 16(%rsi), %xmm10") \
    X(all_pcmpeqb_r, "pcmpeqb %xmm9, %xmm2") X(all_pcmpeqb_m, "pcmpeqb 16(%rsi), %xmm10") \
    X(all_pcmpeqw_r, "pcmpeqw %xmm9, %xmm2") X(all_pcmpeqw_m, "pcmpeqw 16(%rsi), %xmm10") \
    X(all_pcmpeqd_r, "pcmpeqd %xmm9, %xmm2") X(all_pcmpeqd_m, "pcmpeqd 16(%rsi), %xmm10") \
    X(all_pcmpgtb_r, "pcmpgtb %xmm9, %xmm2") X(all_pcmpgtb_m, "pcmpgtb 16(%rsi), %xmm10") \
    X(all_pcmpgtw_r, "pcmpgtw %xmm9, %xmm2") X(all_pcmpgtw_m, "pcmpgtw 16(%rsi), %xmm10") \
    X(all_pcmpgtd_r, "pcmpgtd %xmm9, %xmm2") X(all_pcmpgtd_m, "pcmpgtd 16(%rsi), %xmm10") \
    X(all_packsswb_r, "packsswb %xmm9, %xmm2") X(all_packsswb_m, "packsswb 16(%rsi), %xmm10") \
    X(all_packssdw_r, "packssdw %xmm9, %xmm2") X(all_packssdw_m, "packssdw 16(%rsi), %xmm10") \
    X(all_packuswb_r, "packuswb %xmm9, %xmm2") X(all_packuswb_m, "packuswb 16(%rsi), %xmm10") \
    X(all_punpcklbw_r, "punpcklbw %xmm9, %xmm2") X(all_punpcklbw_m, "punpcklbw 16(%rsi), %xmm10") \
    X(all_punpcklwd_r, "punpcklwd %xmm9, %xmm2") X(all_punpcklwd_m, "punpcklwd 16(%rsi), %xmm10") \
    X(all_punpckldq_r, "punpckldq %xmm9, %xmm2") X(all_punpckldq_m, "punpckldq 16(%rsi), %xmm10") \
    X(all_punpcklqdq_r, "punpcklqdq %xmm9, %xmm2") X(all_punpcklqdq_m, "punpcklqdq 16(%rsi), %xmm10") \
    X(all_punpckhbw_r, "punpckhbw %xmm9, %xmm2") X(all_punpckhbw_m, "punpckhbw 16(%rsi), %xmm10") \
    X(all_punpckhwd_r, "punpckhwd %xmm9, %xmm2") X(all_punpckhwd_m, "punpckhwd 16(%rsi), %xmm10") \
    X(all_punpckhdq_r, "punpckhdq %xmm9, %xmm2") X(all_punpckhdq_m, "punpckhdq 16(%rsi), %xmm10") \
    X(all_punpckhqdq_r, "punpckhqdq %xmm9, %xmm2") X(all_punpckhqdq_m, "punpckhqdq 16(%rsi), %xmm10") \
    X(all_unpcklps_r, "unpcklps %xmm9, %xmm2") X(all_unpcklps_m, "unpcklps 16(%rsi), %xmm10") \
    X(all_unpckhps_r, "unpckhps %xmm9, %xmm2") X(all_unpckhps_m, "unpckhps 16(%rsi), %xmm10") \
    X(all_unpcklpd_r, "unpcklpd %xmm9, %xmm2") X(all_unpcklpd_m, "unpcklpd 16(%rsi), %xmm10") \
    X(all_unpckhpd_r, "unpckhpd %xmm9, %xmm2") X(all_unpckhpd_m, "unpckhpd 16(%rsi), %xmm10") \
    X(all_psrlw_r, "psrlw %xmm9, %xmm2") X(all_psrlw_m, "psrlw 16(%rsi), %xmm10") \
    X(all_psrld_r, "psrld %xmm9, %xmm2") X(all_psrld_m, "psrld 16(%rsi), %xmm10") \
    X(all_psrlq_r, "psrlq %xmm9, %xmm2") X(all_psrlq_m, "psrlq 16(%rsi), %xmm10") \
    X(all_psraw_r, "psraw %xmm9, %xmm2") X(all_psraw_m, "psraw 16(%rsi), %xmm10") \
    X(all_psrad_r, "psrad %xmm9, %xmm2") X(all_psrad_m, "psrad 16(%rsi), %xmm10") \
    X(all_psllw_r, "psllw %xmm9, %xmm2") X(all_psllw_m, "psllw 16(%rsi), %xmm10") \
    X(all_pslld_r, "pslld %xmm9, %xmm2") X(all_pslld_m, "pslld 16(%rsi), %xmm10") \
    X(all_psllq_r, "psllq %xmm9, %xmm2") X(all_psllq_m, "psllq 16(%rsi), %xmm10") \
    X(all_pshufb_r, "pshufb %xmm9, %xmm2") X(all_pshufb_m, "pshufb 16(%rsi), %xmm10") \
    X(all_phaddw_r, "phaddw %xmm9, %xmm2") X(all_phaddw_m, "phaddw 16(%rsi), %xmm10") \
    X(all_phaddd_r, "phaddd %xmm9, %xmm2") X(all_phaddd_m, "phaddd 16(%rsi), %xmm10") \
    X(all_phaddsw_r, "phaddsw %xmm9, %xmm2") X(all_phaddsw_m, "phaddsw 16(%rsi), %xmm10") \
    X(all_pmaddubsw_r, "pmaddubsw %xmm9, %xmm2") X(all_pmaddubsw_m, "pmaddubsw 16(%rsi), %xmm10") \
    X(all_phsubw_r, "phsubw %xmm9, %xmm2") X(all_phsubw_m, "phsubw 16(%rsi), %xmm10") \
    X(all_phsubd_r, "phsubd %xmm9, %xmm2") X(all_phsubd_m, "phsubd 16(%rsi), %xmm10") \
    X(all_phsubsw_r, "phsubsw %xmm9, %xmm2") X(all_phsubsw_m, "phsubsw 16(%rsi), %xmm10") \
    X(all_psignb_r, "psignb %xmm9, %xmm2") X(all_psignb_m, "psignb 16(%rsi), %xmm10") \
    X(all_psignw_r, "psignw %xmm9, %xmm2") X(all_psignw_m, "psignw 16(%rsi), %xmm10") \
    X(all_psignd_r, "psignd %xmm9, %xmm2") X(all_psignd_m, "psignd 16(%rsi), %xmm10") \
    X(all_pmulhrsw_r, "pmulhrsw %xmm9, %xmm2") X(all_pmulhrsw_m, "pmulhrsw 16(%rsi), %xmm10") \
    X(all_pabsb_r, "pabsb %xmm9, %xmm2") X(all_pabsb_m, "pabsb 16(%rsi), %xmm10") \
    X(all_pabsw_r, "pabsw %xmm9, %xmm2") X(all_pabsw_m, "pabsw 16(%rsi), %xmm10") \
    X(all_pabsd_r, "pabsd %xmm9, %xmm2") X(all_pabsd_m, "pabsd 16(%rsi), %xmm10") \
    X(all_pmuldq_r, "pmuldq %xmm9, %xmm2") X(all_pmuldq_m, "pmuldq 16(%rsi), %xmm10") \
    X(all_pcmpeqq_r, "pcmpeqq %xmm9, %xmm2") X(all_pcmpeqq_m, "pcmpeqq 16(%rsi), %xmm10") \
    X(all_packusdw_r, "packusdw %xmm9, %xmm2") X(all_packusdw_m, "packusdw 16(%rsi), %xmm10") \
    X(all_pminsb_r, "pminsb %xmm9, %xmm2") X(all_pminsb_m, "pminsb 16(%rsi), %xmm10") \
    X(all_pminsd_r, "pminsd %xmm9, %xmm2") X(all_pminsd_m, "pminsd 16(%rsi), %xmm10") \
    X(all_pminuw_r, "pminuw %xmm9, %xmm2") X(all_pminuw_m, "pminuw 16(%rsi), %xmm10") \
    X(all_pminud_r, "pminud %xmm9, %xmm2") X(all_pminud_m, "pminud 16(%rsi), %xmm10") \
    X(all_pmaxsb_r, "pmaxsb %xmm9, %xmm2") X(all_pmaxsb_m, "pmaxsb 16(%rsi), %xmm10") \
    X(all_pmaxsd_r, "pmaxsd %xmm9, %xmm2") X(all_pmaxsd_m, "pmaxsd 16(%rsi), %xmm10") \
    X(all_pmaxuw_r, "pmaxuw %xmm9, %xmm2") X(all_pmaxuw_m, "pmaxuw 16(%rsi), %xmm10") \
    X(all_pmaxud_r, "pmaxud %xmm9, %xmm2") X(all_pmaxud_m, "pmaxud 16(%rsi), %xmm10") \
    X(all_pmulld_r, "pmulld %xmm9, %xmm2") X(all_pmulld_m, "pmulld 16(%rsi), %xmm10") \
    X(all_phminposuw_r, "phminposuw %xmm9, %xmm2") X(all_phminposuw_m, "phminposuw 16(%rsi), %xmm10") \
    X(all_pmovsxbw_r, "pmovsxbw %xmm9, %xmm2") X(all_pmovsxbw_m, "pmovsxbw 40(%rsi), %xmm10") \
    X(all_pmovsxbd_r, "pmovsxbd %xmm9, %xmm2") X(all_pmovsxbd_m, "pmovsxbd 52(%rsi), %xmm10") \
    X(all_pmovsxbq_r, "pmovsxbq %xmm9, %xmm2") X(all_pmovsxbq_m, "pmovsxbq 6(%rsi), %xmm10") \
    X(all_pmovsxwd_r, "pmovsxwd %xmm9, %xmm2") X(all_pmovsxwd_m, "pmovsxwd 40(%rsi), %xmm10") \
    X(all_pmovsxwq_r, "pmovsxwq %xmm9, %xmm2") X(all_pmovsxwq_m, "pmovsxwq 52(%rsi), %xmm10") \
    X(all_pmovsxdq_r, "pmovsxdq %xmm9, %xmm2") X(all_pmovsxdq_m, "pmovsxdq 40(%rsi), %xmm10") \
    X(all_pmovzxbw_r, "pmovzxbw %xmm9, %xmm2") X(all_pmovzxbw_m, "pmovzxbw 40(%rsi), %xmm10") \
    X(all_pmovzxbd_r, "pmovzxbd %xmm9, %xmm2") X(all_pmovzxbd_m, "pmovzxbd 52(%rsi), %xmm10") \
    X(all_pmovzxbq_r, "pmovzxbq %xmm9, %xmm2") X(all_pmovzxbq_m, "pmovzxbq 6(%rsi), %xmm10") \
    X(all_pmovzxwd_r, "pmovzxwd %xmm9, %xmm2") X(all_pmovzxwd_m, "pmovzxwd 40(%rsi), %xmm10") \
    X(all_pmovzxwq_r, "pmovzxwq %xmm9, %xmm2") X(all_pmovzxwq_m, "pmovzxwq 52(%rsi), %xmm10") \
    X(all_pmovzxdq_r, "pmovzxdq %xmm9, %xmm2") X(all_pmovzxdq_m, "pmovzxdq 40(%rsi), %xmm10") \
    X(all_pcmpgtq_r, "pcmpgtq %xmm9, %xmm2") X(all_pcmpgtq_m, "pcmpgtq 16(%rsi), %xmm10") \
    X(all_movsldup_r, "movsldup %xmm9, %xmm2") X(all_movsldup_m, "movsldup 16(%rsi), %xmm10") \
    X(all_movshdup_r, "movshdup %xmm9, %xmm2") X(all_movshdup_m, "movshdup 16(%rsi), %xmm10") \
    X(all_movddup_r, "movddup %xmm9, %xmm2") X(all_movddup_m, "movddup 40(%rsi), %xmm10") \
    X(all_addps_r, "addps %xmm9, %xmm2") X(all_addps_m, "addps 16(%rsi), %xmm10") \
    X(all_addpd_r, "addpd %xmm9, %xmm2") X(all_addpd_m, "addpd 16(%rsi), %xmm10") \
    X(all_addss_r, "addss %xmm9, %xmm2") X(all_addss_m, "addss 52(%rsi), %xmm10") \
    X(all_addsd_r, "addsd %xmm9, %xmm2") X(all_addsd_m, "addsd 40(%rsi), %xmm10") \
    X(all_subps_r, "subps %xmm9, %xmm2") X(all_subps_m, "subps 16(%rsi), %xmm10") \
    X(all_subpd_r, "subpd %xmm9, %xmm2") X(all_subpd_m, "subpd 16(%rsi), %xmm10") \
    X(all_subss_r, "subss %xmm9, %xmm2") X(all_subss_m, "subss 52(%rsi), %xmm10") \
    X(all_subsd_r, "subsd %xmm9, %xmm2") X(all_subsd_m, "subsd 40(%rsi), %xmm10") \
    X(all_mulps_r, "mulps %xmm9, %xmm2") X(all_mulps_m, "mulps 16(%rsi), %xmm10") \
    X(all_mulpd_r, "mulpd %xmm9, %xmm2") X(all_mulpd_m, "mulpd 16(%rsi), %xmm10") \
    X(all_mulss_r, "mulss %xmm9, %xmm2") X(all_mulss_m, "mulss 52(%rsi), %xmm10") \
    X(all_mulsd_r, "mulsd %xmm9, %xmm2") X(all_mulsd_m, "mulsd 40(%rsi), %xmm10") \
    X(all_divps_r, "divps %xmm9, %xmm2") X(all_divps_m, "divps 16(%rsi), %xmm10") \
    X(all_divpd_r, "divpd %xmm9, %xmm2") X(all_divpd_m, "divpd 16(%rsi), %xmm10") \
    X(all_divss_r, "divss %xmm9, %xmm2") X(all_divss_m, "divss 52(%rsi), %xmm10") \
    X(all_divsd_r, "divsd %xmm9, %xmm2") X(all_divsd_m, "divsd 40(%rsi), %xmm10") \
    X(all_minps_r, "minps %xmm9, %xmm2") X(all_minps_m, "minps 16(%rsi), %xmm10") \
    X(all_minpd_r, "minpd %xmm9, %xmm2") X(all_minpd_m, "minpd 16(%rsi), %xmm10") \
    X(all_minss_r, "minss %xmm9, %xmm2") X(all_minss_m, "minss 52(%rsi), %xmm10") \
    X(all_minsd_r, "minsd %xmm9, %xmm2") X(all_minsd_m, "minsd 40(%rsi), %xmm10") \
    X(all_maxps_r, "maxps %xmm9, %xmm2") X(all_maxps_m, "maxps 16(%rsi), %xmm10") \
    X(all_maxpd_r, "maxpd %xmm9, %xmm2") X(all_maxpd_m, "maxpd 16(%rsi), %xmm10") \
    X(all_maxss_r, "maxss %xmm9, %xmm2") X(all_maxss_m, "maxss 52(%rsi), %xmm10") \
    X(all_maxsd_r, "maxsd %xmm9, %xmm2") X(all_maxsd_m, "maxsd 40(%rsi), %xmm10") \
    X(all_sqrtps_r, "sqrtps %xmm9, %xmm2") X(all_sqrtps_m, "sqrtps 16(%rsi), %xmm10") \
    X(all_sqrtpd_r, "sqrtpd %xmm9, %xmm2") X(all_sqrtpd_m, "sqrtpd 16(%rsi), %xmm10") \
    X(all_sqrtss_r, "sqrtss %xmm9, %xmm2") X(all_sqrtss_m, "sqrtss 52(%rsi), %xmm10") \
    X(all_sqrtsd_r, "sqrtsd %xmm9, %xmm2") X(all_sqrtsd_m, "sqrtsd 40(%rsi), %xmm10") \
    X(all_rsqrtps_r, "rsqrtps %xmm9, %xmm2") X(all_rsqrtps_m, "rsqrtps 16(%rsi), %xmm10") \
    X(all_rsqrtss_r, "rsqrtss %xmm9, %xmm2") X(all_rsqrtss_m, "rsqrtss 52(%rsi), %xmm10") \
    X(all_rcpps_r, "rcpps %xmm9, %xmm2") X(all_rcpps_m, "rcpps 16(%rsi), %xmm10") \
    X(all_rcpss_r, "rcpss %xmm9, %xmm2") X(all_rcpss_m, "rcpss 52(%rsi), %xmm10") \
    X(all_cvtps2pd_r, "cvtps2pd %xmm9, %xmm2") X(all_cvtps2pd_m, "cvtps2pd 40(%rsi), %xmm10") \
    X(all_cvtpd2ps_r, "cvtpd2ps %xmm9, %xmm2") X(all_cvtpd2ps_m, "cvtpd2ps 16(%rsi), %xmm10") \
    X(all_cvtss2sd_r, "cvtss2sd %xmm9, %xmm2") X(all_cvtss2sd_m, "cvtss2sd 52(%rsi), %xmm10") \
    X(all_cvtsd2ss_r, "cvtsd2ss %xmm9, %xmm2") X(all_cvtsd2ss_m, "cvtsd2ss 40(%rsi), %xmm10") \
    X(all_cvtdq2ps_r, "cvtdq2ps %xmm9, %xmm2") X(all_cvtdq2ps_m, "cvtdq2ps 16(%rsi), %xmm10") \
    X(all_cvtps2dq_r, "cvtps2dq %xmm9, %xmm2") X(all_cvtps2dq_m, "cvtps2dq 16(%rsi), %xmm10") \
    X(all_cvttps2dq_r, "cvttps2dq %xmm9, %xmm2") X(all_cvttps2dq_m, "cvttps2dq 16(%rsi), %xmm10") \
    X(all_cvttpd2dq_r, "cvttpd2dq %xmm9, %xmm2") X(all_cvttpd2dq_m, "cvttpd2dq 16(%rsi), %xmm10") \
    X(all_cvtdq2pd_r, "cvtdq2pd %xmm9, %xmm2") X(all_cvtdq2pd_m, "cvtdq2pd 40(%rsi), %xmm10") \
    X(all_cvtpd2dq_r, "cvtpd2dq %xmm9, %xmm2") X(all_cvtpd2dq_m, "cvtpd2dq 16(%rsi), %xmm10") \
    X(all_addsubps_r, "addsubps %xmm9, %xmm2") X(all_addsubps_m, "addsubps 16(%rsi), %xmm10") \
    X(all_addsubpd_r, "addsubpd %xmm9, %xmm2") X(all_addsubpd_m, "addsubpd 16(%rsi), %xmm10") \
    X(all_haddps_r, "haddps %xmm9, %xmm2") X(all_haddps_m, "haddps 16(%rsi), %xmm10") \
    X(all_haddpd_r, "haddpd %xmm9, %xmm2") X(all_haddpd_m, "haddpd 16(%rsi), %xmm10") \
    X(all_hsubps_r, "hsubps %xmm9, %xmm2") X(all_hsubps_m, "hsubps 16(%rsi), %xmm10") \
    X(all_hsubpd_r, "hsubpd %xmm9, %xmm2") X(all_hsubpd_m, "hsubpd 16(%rsi), %xmm10") \
    X(all_pshufd_r, "pshufd $0x5b, %xmm9, %xmm2") X(all_pshufd_m, "pshufd $0x5b, 16(%rsi), %xmm10") \
    X(all_pshufhw_r, "pshufhw $0x5b, %xmm9, %xmm2") X(all_pshufhw_m, "pshufhw $0x5b, 16(%rsi), %xmm10") \
    X(all_pshuflw_r, "pshuflw $0x5b, %xmm9, %xmm2") X(all_pshuflw_m, "pshuflw $0x5b, 16(%rsi), %xmm10") \
    X(all_shufps_r, "shufps $0x5b, %xmm9, %xmm2") X(all_shufps_m, "shufps $0x5b, 16(%rsi), %xmm10") \
    X(all_shufpd_r, "shufpd $0x5b, %xmm9, %xmm2") X(all_shufpd_m, "shufpd $0x5b, 16(%rsi), %xmm10") \
    X(all_palignr_r, "palignr $0x5b, %xmm9, %xmm2") X(all_palignr_m, "palignr $0x5b, 16(%rsi), %xmm10") \
    X(all_blendps_r, "blendps $0x5b, %xmm9, %xmm2") X(all_blendps_m, "blendps $0x5b, 16(%rsi), %xmm10") \
    X(all_blendpd_r, "blendpd $0x5b, %xmm9, %xmm2") X(all_blendpd_m, "blendpd $0x5b, 16(%rsi), %xmm10") \
    X(all_pblendw_r, "pblendw $0x5b, %xmm9, %xmm2") X(all_pblendw_m, "pblendw $0x5b, 16(%rsi), %xmm10") \
    X(all_mpsadbw_r, "mpsadbw $0x5b, %xmm9, %xmm2") X(all_mpsadbw_m, "mpsadbw $0x5b, 16(%rsi), %xmm10") \
    X(all_insertps_r, "insertps $0x5b, %xmm9, %xmm2") X(all_insertps_m, "insertps $0x5b, 16(%rsi), %xmm10") \
    X(all_pclmulqdq_r, "pclmulqdq $0x11, %xmm9, %xmm2") X(all_pclmulqdq_m, "pclmulqdq $0x11, 16(%rsi), %xmm10") \
    X(all_cmpps_r, "cmpps $3, %xmm9, %xmm2") X(all_cmpps_m, "cmpps $3, 16(%rsi), %xmm10") \
    X(all_cmppd_r, "cmppd $5, %xmm9, %xmm2") X(all_cmppd_m, "cmppd $5, 16(%rsi), %xmm10") \
    X(all_cmpss_r, "cmpss $6, %xmm9, %xmm2") X(all_cmpss_m, "cmpss $6, 52(%rsi), %xmm10") \
    X(all_cmpsd_r, "cmpsd $2, %xmm9, %xmm2") X(all_cmpsd_m, "cmpsd $2, 40(%rsi), %xmm10") \
    X(all_roundps_r, "roundps $1, %xmm9, %xmm2") X(all_roundps_m, "roundps $1, 16(%rsi), %xmm10") \
    X(all_roundpd_r, "roundpd $2, %xmm9, %xmm2") X(all_roundpd_m, "roundpd $2, 16(%rsi), %xmm10") \
    X(all_roundss_r, "roundss $3, %xmm9, %xmm2") X(all_roundss_m, "roundss $3, 52(%rsi), %xmm10") \
    X(all_roundsd_r, "roundsd $12, %xmm9, %xmm2") X(all_roundsd_m, "roundsd $12, 40(%rsi), %xmm10") \
    X(all_dpps_r, "dpps $0x7f, %xmm9, %xmm2") X(all_dpps_m, "dpps $0x7f, 16(%rsi), %xmm10") \
    X(all_dppd_r, "dppd $0x33, %xmm9, %xmm2") X(all_dppd_m, "dppd $0x33, 16(%rsi), %xmm10") \
    X(all_pblendvb_r, "pblendvb %xmm0, %xmm9, %xmm2") X(all_pblendvb_m, "pblendvb %xmm0, 16(%rsi), %xmm10") \
    X(all_blendvps_r, "blendvps %xmm0, %xmm9, %xmm2") X(all_blendvps_m, "blendvps %xmm0, 16(%rsi), %xmm10") \
    X(all_blendvpd_r, "blendvpd %xmm0, %xmm9, %xmm2") X(all_blendvpd_m, "blendvpd %xmm0, 16(%rsi), %xmm10")

#define SNIP(name, insn)                                                          \
    __asm__(".pushsection .rodata\n.balign 64\nsnip_" #name ":\n" insn "\nsnipret_" #name ":\nret\nnop\n" \
            ".balign 16\n1:\n.quad 0x3ff8000000000000, 0xc0000000bf800000\n"     \
            ".quad 0x7fc0000000000001, 0x0061626300646566\nsnipend_" #name ":\n" \
            ".popsection\n");                                                     \
    extern const uint8_t snip_##name[], snipret_##name[], snipend_##name[];
/* instructions that must fault precisely (run by the JIT only) */
#define FAULT_SNIPPETS(X)                                                        \
    X(f_movaps_ld, "movaps 4(%rsi), %xmm1") X(f_movdqa_st, "movdqa %xmm1, 8(%rsi)") \
    X(f_paddb_m, "paddb 1(%rsi), %xmm1") X(f_movdqu_page, "movdqu (%rdi), %xmm1")   \
    X(f_movups_st_page, "movups %xmm1, (%rdi)") X(f_divss_ze, "divss %xmm2, %xmm1") \
    X(f_sqrtpd_ie, "sqrtpd %xmm3, %xmm1") X(f_ldmxcsr_rsvd, "ldmxcsr 48(%rsi)")     \
    X(f_fxsave_align, "fxsave64 8(%rsi)") X(f_pcmpgtq_ud, "pcmpgtq %xmm1, %xmm2")   \
    X(f_lock_ud, ".byte 0xf0, 0x0f, 0x58, 0xd1") /* lock addps */ X(f_movaps_ok, "movaps %xmm1, 16(%rsi)") \
    X(f_addsd_page, "addsd 8(%rdi), %xmm1") X(f_movsd_page, "movsd 4(%rdi), %xmm2") \
    X(f_mulss_page, "mulss 6(%rdi), %xmm1") X(f_andpd_page, "andpd 8(%rdi), %xmm1")  \
    X(f_pcmpeqb_page, "pcmpeqb 8(%rdi), %xmm1") X(f_movq_page, "movq 8(%rdi), %xmm2")  \
    X(f_pmovzxwd_page, "pmovzxwd 4(%rdi), %xmm3") X(f_pshufd_page, "pshufd $0x1b, 8(%rdi), %xmm4") \
    X(f_pshufd_align, "pshufd $1, 4(%rsi), %xmm1")

/* SSE results computed, then a fault in the same block (rdi + 8 is an
 * inaccessible page): X(name, the instructions before, the faulting one) */
#define PENDING_FAULT_SNIPPETS(X)                                                               \
    X(pf_gpr_load, "addsd %xmm1, %xmm2; mulpd %xmm2, %xmm3; movaps %xmm3, %xmm4; pxor %xmm5, %xmm5; " \
                   "movq %rcx, %xmm6; movdqu 8(%rsi), %xmm7; paddd %xmm7, %xmm6", "mov 8(%rdi), %rax") \
    X(pf_sse_load, "mulsd %xmm1, %xmm2; addpd %xmm2, %xmm3; movapd %xmm3, %xmm9; "              \
                   "movups 16(%rsi), %xmm10; subpd %xmm10, %xmm9", "addsd 8(%rdi), %xmm3")       \
    X(pf_copy_pending, "addps %xmm1, %xmm2; movaps %xmm2, %xmm12", "movdqu (%rdi), %xmm2")       \
    X(pf_copy_stale, "addps %xmm1, %xmm2; movaps %xmm2, %xmm12", "movdqu (%rdi), %xmm13")        \
    X(pf_store, "addsd %xmm1, %xmm2; movq %xmm2, %xmm14", "movsd %xmm2, 8(%rdi)")                \
    X(pf_after_helper, "addsd %xmm1, %xmm2; dpps $0xf3, %xmm2, %xmm3; mulsd %xmm3, %xmm2; "      \
                       "jmp 2f; 2: addpd %xmm2, %xmm4", "mov 8(%rdi), %eax")
#define PENDING_SNIP(name, before, insn) SNIP(name##_before, before) SNIP(name, before "; " insn)

SNIPPETS(SNIP)
TABLE_SNIPPETS(SNIP)
FAULT_SNIPPETS(SNIP)
PENDING_FAULT_SNIPPETS(PENDING_SNIP)

static const struct Case {
    const char *name;
    const uint8_t *start, *ret, *end;
    const char *text; /* a sequence separates its instructions with ';' */
} cases[] = {
#define CASE(name, insn) { #name, snip_##name, snipret_##name, snipend_##name, insn },
    SNIPPETS(CASE)
    TABLE_SNIPPETS(CASE)
};

static const struct Case fault_cases[] = {
    FAULT_SNIPPETS(CASE)
};

static const struct PendingCase {
    struct Case before, all;
} pending_cases[] = {
#define PENDING_CASE(name, before, insn) { CASE(name##_before, before) CASE(name, before "; " insn) },
    PENDING_FAULT_SNIPPETS(PENDING_CASE)
};

/* ---- machine state as the native harness sees it ---- */
typedef struct State {
    XMMReg xmm[16];     /* 0 */
    uint64_t gpr[16];   /* 256 */
    uint32_t mxcsr;     /* 384 */
    uint32_t pad;
    uint64_t flags;     /* 392 */
    uint64_t code;      /* 400 */
    uint64_t mm[8];     /* 408 */
    uint8_t tags;       /* 472: abridged x87 tags after the instruction (1 = valid) */
} State;

/* native_run(State *): load the state, call the case's code, save the state */
__asm__(".text\n.globl native_run\nnative_run:\n"
        "push %rbx\npush %rbp\npush %r12\npush %r13\npush %r14\npush %r15\n"
        "mov %rdi, %r15\n"
        "ldmxcsr 384(%r15)\n"
        ".irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14\nmovdqu \\i*16(%r15), %xmm\\i\n.endr\n"
        "movdqu 240(%r15), %xmm15\n"
        ".irp i, 0,1,2,3,4,5,6,7\nmovq 408+\\i*8(%r15), %mm\\i\n.endr\n"
        "emms\n"
        "mov 256(%r15), %rax\nmov 264(%r15), %rcx\nmov 272(%r15), %rdx\nmov 280(%r15), %rbx\n"
        "mov 304(%r15), %rsi\nmov 312(%r15), %rdi\nmov 320(%r15), %r8\nmov 328(%r15), %r9\n"
        "mov 336(%r15), %r10\nmov 344(%r15), %r11\n"
        "pushq 392(%r15)\npopfq\n"
        "call *400(%r15)\n"
        "pushfq\npopq 392(%r15)\n"
        "mov %rax, 256(%r15)\nmov %rcx, 264(%r15)\nmov %rdx, 272(%r15)\nmov %rbx, 280(%r15)\n"
        "mov %rsi, 304(%r15)\nmov %rdi, 312(%r15)\nmov %r8, 320(%r15)\nmov %r9, 328(%r15)\n"
        "mov %r10, 336(%r15)\nmov %r11, 344(%r15)\n"
        ".irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\nmovdqu %xmm\\i, \\i*16(%r15)\n.endr\n"
        "stmxcsr 384(%r15)\n"
        "sub $512+16, %rsp\nmov %rsp, %rax\nand $-16, %rax\nfxsave64 (%rax)\n"
        "movb 4(%rax), %cl\nmov %cl, 472(%r15)\nadd $512+16, %rsp\n"
        ".irp i, 0,1,2,3,4,5,6,7\nmovq %mm\\i, 408+\\i*8(%r15)\n.endr\n"
        "emms\n"
        "pop %r15\npop %r14\npop %r13\npop %r12\npop %rbp\npop %rbx\nret\n");
void native_run(State *st);

/* ---- tern's side ---- */

static uint8_t *code_area;  /* where a case's bytes are copied: the native and interpreted runs execute them there */
static uint8_t *jit_area;   /* each case's bytes with a syscall after the instruction */
static uint8_t *data_area;  /* rsi: 64 bytes, 16-byte aligned; rdi: maskmovdqu target */
#define JIT_SLOT 128

static TCGContext *tcg;

static void state_to_env(CPUX86State *env, const State *st)
{
    env->hflags = HF_CS64 | 3;
    env->cpuid_features = CPUID_FP87 | CPUID_MMX | CPUID_FXSR | CPUID_SSE | CPUID_SSE2;
    env->cpuid_ext_features = CPUID_EXT_SSE3 | CPUID_EXT_SSSE3 | CPUID_EXT_SSE41 | CPUID_EXT_SSE42 |
                              CPUID_EXT_PCLMULQDQ | CPUID_EXT_POPCNT;
    memcpy(env->xmm, st->xmm, sizeof(st->xmm));
    memcpy(env->regs, st->gpr, sizeof(st->gpr));
    for (int i = 0; i < 8; i++) {
        env->fpregs[i].x.mant = st->mm[i];
        env->fpregs[i].x.exp = 0xffff;
        env->fptags[i] = 1;
    }
    env->fpstt = 0;
    env->fpuc = 0x37f;
    sse_set_mxcsr(env, st->mxcsr);
    env->cc_op = CC_OP_EFLAGS;
    env->cc_src = st->flags & CC_ALL;
    env->eflags = st->flags & ~(uint64_t)CC_ALL;
    env->df = 1;
}

static void env_to_state(State *st, const CPUX86State *env)
{
    memcpy(st->xmm, env->xmm, sizeof(st->xmm));
    memcpy(st->gpr, env->regs, sizeof(st->gpr));
    st->tags = 0;
    for (int i = 0; i < 8; i++) {
        st->mm[i] = env->fpregs[i].x.mant;
        st->tags |= (uint8_t)(!env->fptags[i] << i);
    }
    st->mxcsr = env->mxcsr;
    st->flags = x86_get_eflags(env);
}

static int count_insns(const char *text)
{
    int n = 1;
    for (; *text; text++)
        n += *text == ';';
    return n;
}

static int count_insn_starts(const TCGContext *t)
{
    int n = 0;
    for (int i = 0; i < t->nb_ops; i++)
        n += t->ops[i].opc == INDEX_op_insn_start;
    return n;
}

/* the case's instructions (not its ret) translated and run by the IR
 * interpreter, block after block (a sequence may jump) */
static void interpreted_run(State *st, int insns)
{
    static CPUState cpu;
    memset(&cpu, 0, sizeof(cpu));
    cpu.tcg = tcg;
    state_to_env(&cpu.env, st);
    cpu.env.rip = (uintptr_t)code_area;
    while (insns > 0) {
        TranslationBlock tb;
        memset(&tb, 0, sizeof(tb));
        tb.pc = cpu.env.rip;
        tb.flags = cpu.env.hflags;
        tb.cflags = (uint32_t)insns;
        tcg_func_start(tcg);
        x86_translate_block(tcg, &cpu.env, &tb);
        insns -= count_insn_starts(tcg);
        cpu_tb_exit_rip(&cpu.env, tcg_interpret(tcg, &cpu.env));
    }
    sse_sync_mxcsr(&cpu.env);
    env_to_state(st, &cpu.env);
}

/* the case's instruction followed by a syscall, run by the JIT through
 * the cpu loop (translated once, then found in the TB cache) */
static CPUState *jit_cpu;

static bool jit_run(State *st, uint64_t code)
{
    CPUX86State *env = &jit_cpu->env;
    state_to_env(env, st);
    env->rip = code;
    int r;
    do
        r = cpu_exec(jit_cpu);
    while (r == EXCP_INTERRUPT);
    sse_sync_mxcsr(env);
    env_to_state(st, env);
    return r == EXCP_SYSCALL;
}

/* ---- random states ---- */

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t next_random(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return rng;
}

/* a 32-bit lane: random bits or an interesting float */
static uint32_t random_lane(void)
{
    static const uint32_t special[] = { 0, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000,
                                        0x7fc00000, 0x7fa00000, 0x00000001, 0x807fffff, 0x7f7fffff,
                                        0x4f000000, 0x3fc00000, 0x40100000, 0x00610062, 0xffffffff };
    /* exponents at the edges of the range: results that may underflow or overflow */
    static const uint8_t edge_exp[] = { 1, 2, 3, 0x3f, 0x40, 0x41, 0x7e, 0x7f, 0x80, 0xbe, 0xbf, 0xfd, 0xfe, 0x19, 0xe6, 0x96 };
    uint64_t r = next_random();
    switch (r & 7) {
    case 0: case 1: return special[(r >> 8) & 15];
    case 2: return (uint32_t)(r >> 16) & 0x00ff00ffu; /* short "strings" with zero bytes */
    case 3: return (uint32_t)((r >> 8) & 0x807fffff) | (uint32_t)edge_exp[(r >> 40) & 15] << 23;
    default: return (uint32_t)(r >> 20);
    }
}

static void random_state(State *st, uint32_t mxcsr)
{
    memset(st, 0, sizeof(*st));
    for (int i = 0; i < 16; i++)
        for (int l = 0; l < 4; l++)
            st->xmm[i].l[l] = random_lane();
    for (int i = 0; i < 16; i++)
        st->gpr[i] = next_random();
    for (int i = 0; i < 8; i++)
        st->mm[i] = (uint64_t)random_lane() << 32 | random_lane();
    st->gpr[R_EAX] = (next_random() % 40) - 20; /* pcmpestr* lengths */
    st->gpr[R_EDX] = (next_random() % 40) - 20;
    st->gpr[R_ESI] = (uintptr_t)data_area;
    st->gpr[R_EDI] = (uintptr_t)data_area + 64;
    for (int i = 0; i < 128; i++)
        data_area[i] = (uint8_t)next_random();
    uint32_t csr_image = 0x1f80 | (uint32_t)(next_random() & 0x7f3f);
    memcpy(data_area + 20, &csr_image, 4); /* what ldmxcsr loads */
    st->mxcsr = mxcsr;
    st->flags = 0x202 | (next_random() & CC_ALL);
}

static int failures;

static bool same(const State *a, const State *b, const uint8_t *mem_a, const uint8_t *mem_b, char *why, size_t n)
{
    for (int i = 0; i < 16; i++)
        if (memcmp(&a->xmm[i], &b->xmm[i], 16)) {
            snprintf(why, n, "xmm%d native %016llx%016llx tern %016llx%016llx", i,
                     (unsigned long long)a->xmm[i].q[1], (unsigned long long)a->xmm[i].q[0],
                     (unsigned long long)b->xmm[i].q[1], (unsigned long long)b->xmm[i].q[0]);
            return false;
        }
    for (int i = 0; i < 16; i++)
        if (i != R_ESP && i != R_EBP && i < 12 && a->gpr[i] != b->gpr[i]) {
            snprintf(why, n, "gpr%d native %llx tern %llx", i, (unsigned long long)a->gpr[i],
                     (unsigned long long)b->gpr[i]);
            return false;
        }
    for (int i = 0; i < 8; i++)
        if (a->mm[i] != b->mm[i]) {
            snprintf(why, n, "mm%d native %016llx tern %016llx", i, (unsigned long long)a->mm[i],
                     (unsigned long long)b->mm[i]);
            return false;
        }
    if (a->tags != b->tags) {
        snprintf(why, n, "x87 tags native %02x tern %02x", a->tags, b->tags);
        return false;
    }
    if (a->mxcsr != b->mxcsr) {
        snprintf(why, n, "mxcsr native %x tern %x", a->mxcsr, b->mxcsr);
        return false;
    }
    if ((a->flags & CC_ALL) != (b->flags & CC_ALL)) {
        snprintf(why, n, "flags native %llx tern %llx", (unsigned long long)(a->flags & CC_ALL),
                 (unsigned long long)(b->flags & CC_ALL));
        return false;
    }
    for (int i = 0; i < 128; i++)
        if (mem_a[i] != mem_b[i]) {
            snprintf(why, n, "memory byte %d native %02x tern %02x", i, mem_a[i], mem_b[i]);
            return false;
        }
    return true;
}

static void run_case(const struct Case *c, int index)
{
    /* default mode with and without sticky flags (the helpers' fast paths), the
     * other rounding modes, FTZ/DAZ */
    static const uint32_t csrs[] = { 0x1f80, 0x1fa0, 0x3f80, 0x1fbf, 0x5f80, 0x7f80, 0x1fa2, 0x9fc0, 0x1f80 | 0x8000, 0x1fa0 };
    memcpy(code_area, c->start, (size_t)(c->end - c->start));
    uint64_t jit_code = (uintptr_t)jit_area + (uint64_t)index * JIT_SLOT;
    for (int iter = 0; iter < 100; iter++) {
        State init, nat, emu;
        uint8_t mem_init[128], mem_nat[128];
        random_state(&init, csrs[iter % 10]);
        memcpy(mem_init, data_area, 128);
        nat = init;
        nat.code = (uintptr_t)code_area;
        native_run(&nat);
        memcpy(mem_nat, data_area, 128);
        char why[200];
        for (int jit = 0; jit < 2; jit++) {
            memcpy(data_area, mem_init, 128);
            emu = init;
            if (!jit) {
                interpreted_run(&emu, count_insns(c->text));
            } else if (!jit_run(&emu, jit_code)) {
                printf("FAIL %s: iteration %d: the JIT run did not reach its syscall (rip %#llx)\n", c->name,
                       iter, (unsigned long long)jit_cpu->env.rip);
                failures++;
                return;
            }
            if (!same(&nat, &emu, mem_nat, data_area, why, sizeof(why))) {
                printf("FAIL %s: iteration %d (%s): %s\n", c->name, iter, jit ? "jit" : "interpreter", why);
                failures++;
                return;
            }
        }
    }
    printf("ok %s\n", c->name);
}

/* Every opcode of the three maps, under every mandatory-prefix and REX
 * combination, with random ModRM/SIB/displacement/immediate bytes, must
 * translate without tern failing (executing is not attempted: most are
 * invalid or touch random addresses). */
static void decode_fuzz(void)
{
    static const uint8_t prefixes[][2] = { { 0 }, { 0x66 }, { 0xf3 }, { 0xf2 }, { 0x66, 0xf2 }, { 0xf0 } };
    static CPUState cpu;
    CPUX86State *env = &cpu.env;
    env->hflags = HF_CS64 | 3;
    env->cpuid_features = CPUID_FP87 | CPUID_MMX | CPUID_FXSR | CPUID_SSE | CPUID_SSE2;
    env->cpuid_ext_features = CPUID_EXT_SSE3 | CPUID_EXT_SSSE3 | CPUID_EXT_SSE41 | CPUID_EXT_SSE42;
    int n = 0;
    for (int map = 1; map <= 3; map++)
        for (int op = 0; op < 256; op++)
            for (size_t p = 0; p < sizeof(prefixes) / sizeof(prefixes[0]); p++)
                for (int rex = 0; rex < 2; rex++) {
                    uint8_t *c = code_area;
                    for (int i = 0; i < 2 && prefixes[p][i]; i++)
                        *c++ = prefixes[p][i];
                    if (rex)
                        *c++ = 0x4f;
                    *c++ = 0x0f;
                    if (map > 1)
                        *c++ = map == 2 ? 0x38 : 0x3a;
                    *c++ = (uint8_t)op;
                    for (int i = 0; i < 12; i++)
                        *c++ = (uint8_t)next_random();
                    TranslationBlock tb;
                    memset(&tb, 0, sizeof(tb));
                    tb.pc = (uintptr_t)code_area;
                    tb.flags = env->hflags;
                    tb.cflags = 1;
                    tcg_func_start(tcg);
                    x86_translate_block(tcg, env, &tb);
                    n++;
                }
    printf("ok decode_fuzz (%d encodings)\n", n);
}

/* ---- precise exceptions (JIT only) ---- */

static uint8_t *guard_page; /* inaccessible, right after a mapped page */

/* the starting state of a fault case and the exit it must produce */
static int fault_setup(const char *name, CPUX86State *env)
{
    static const float one = 1.0f;
    uint32_t bad_csr = 0x1f80 | (1u << 20);
    memcpy(data_area + 48, &bad_csr, 4);
    env->regs[R_EDI] = (uintptr_t)guard_page - 8;
    memcpy(&env->xmm[1].l[0], &one, 4);
    memset(&env->xmm[2], 0, 16);
    env->xmm[3].q[0] = 0xbff0000000000000ull; /* -1.0: sqrt is invalid */
    if (!strcmp(name, "f_divss_ze")) {
        sse_set_mxcsr(env, 0x1f80 & ~0x200u);
        return EXCP13_XMM;
    }
    if (!strcmp(name, "f_sqrtpd_ie")) {
        sse_set_mxcsr(env, 0x1f80 & ~0x80u);
        return EXCP13_XMM;
    }
    if (!strcmp(name, "f_movdqu_page") || !strcmp(name, "f_movups_st_page") || !strcmp(name, "f_addsd_page") ||
        !strcmp(name, "f_movsd_page") || !strcmp(name, "f_mulss_page") || !strcmp(name, "f_andpd_page") ||
        !strcmp(name, "f_pcmpeqb_page") || !strcmp(name, "f_movq_page") || !strcmp(name, "f_pmovzxwd_page") ||
        !strcmp(name, "f_pshufd_page"))
        return EXCP0E_PAGE;
    if (!strcmp(name, "f_pcmpgtq_ud")) {
        env->cpuid_ext_features &= ~CPUID_EXT_SSE42;
        return EXCP06_ILLOP;
    }
    if (!strcmp(name, "f_lock_ud"))
        return EXCP06_ILLOP;
    if (!strcmp(name, "f_movaps_ok"))
        return EXCP_SYSCALL;
    return EXCP0D_GPF;
}

static void run_fault_case(const struct Case *c, uint64_t code)
{
    CPUX86State *env = &jit_cpu->env;
    State init;
    random_state(&init, 0x1f80);
    state_to_env(env, &init);
    int want = fault_setup(c->name, env);
    env->rip = code;
    CPUX86State before = *env;
    uint8_t mem[128], below_guard[16];
    memcpy(mem, data_area, sizeof(mem));
    memcpy(below_guard, guard_page - 16, sizeof(below_guard));
    int r;
    do
        r = cpu_exec(jit_cpu);
    while (r == EXCP_INTERRUPT);
    sse_sync_mxcsr(env);
    uint64_t want_rip = want == EXCP_SYSCALL ? code + (uint64_t)(c->ret - c->start) + 2 : code;
    const char *why = NULL;
    if (r != want)
        why = "wrong exit";
    else if (env->rip != want_rip)
        why = "wrong rip";
    else if (want != EXCP_SYSCALL && memcmp(env->xmm, before.xmm, sizeof(env->xmm)))
        why = "a register changed";
    else if (want != EXCP_SYSCALL && (memcmp(mem, data_area, sizeof(mem)) ||
                                      memcmp(below_guard, guard_page - 16, sizeof(below_guard))))
        why = "memory changed";
    else if (want == EXCP13_XMM && !(env->mxcsr & ~before.mxcsr & 0x3f))
        why = "no MXCSR flag";
    else if (want != EXCP13_XMM && want != EXCP_SYSCALL && env->mxcsr != before.mxcsr)
        why = "MXCSR changed";
    else if (want == EXCP0E_PAGE && env->exception_addr != (uintptr_t)guard_page)
        why = "wrong fault address";
    if (why) {
        printf("FAIL %s: %s (exit %#x rip %#llx, expected %#x at %#llx)\n", c->name, why, r,
               (unsigned long long)env->rip, want, (unsigned long long)want_rip);
        failures++;
    } else {
        printf("ok %s\n", c->name);
    }
}

/* The state a page fault leaves after SSE results that were computed in
 * the same block must be the host's after the instructions before the
 * faulting one. */
static void run_pending_fault_case(const struct PendingCase *c, uint64_t code)
{
    const struct Case *before = &c->before;
    memcpy(code_area, before->start, (size_t)(before->end - before->start));
    for (int iter = 0; iter < 50; iter++) {
        State init, nat, emu;
        uint8_t mem_init[128], mem_nat[128];
        random_state(&init, 0x1f80);
        init.gpr[R_EDI] = (uintptr_t)guard_page - 8;
        memcpy(mem_init, data_area, 128);
        nat = init;
        nat.code = (uintptr_t)code_area;
        native_run(&nat);
        memcpy(mem_nat, data_area, 128);
        memcpy(data_area, mem_init, 128);
        CPUX86State *env = &jit_cpu->env;
        state_to_env(env, &init);
        env->rip = code;
        int r;
        do
            r = cpu_exec(jit_cpu);
        while (r == EXCP_INTERRUPT);
        sse_sync_mxcsr(env);
        env_to_state(&emu, env);
        uint64_t want_rip = code + (uint64_t)(before->ret - before->start);
        char why[200] = "wrong exit or rip";
        if (r != EXCP0E_PAGE || env->rip != want_rip || !same(&nat, &emu, mem_nat, data_area, why, sizeof(why))) {
            printf("FAIL %s: iteration %d: %s (exit %#x rip %#llx, expected %#llx)\n", c->all.name, iter, why, r,
                   (unsigned long long)env->rip, (unsigned long long)want_rip);
            failures++;
            return;
        }
    }
    printf("ok %s\n", c->all.name);
}

static void *map_guest(size_t len, int prot)
{
    void *p = mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    guest_map_set((uintptr_t)p, (uintptr_t)p + len, prot);
    return p;
}

int main(void)
{
    size_t ncases = sizeof(cases) / sizeof(cases[0]), nfaults = sizeof(fault_cases) / sizeof(fault_cases[0]);
    size_t npending = sizeof(pending_cases) / sizeof(pending_cases[0]);
    signal_init(); /* host faults in generated code become guest exceptions */
    tcg_exec_init(8 << 20);
    code_area = map_guest(4096, PROT_READ | PROT_WRITE | PROT_EXEC);
    jit_area = map_guest(((ncases + nfaults + npending) * JIT_SLOT + 4095) & ~(size_t)4095,
                         PROT_READ | PROT_WRITE | PROT_EXEC);
    guard_page = map_guest(2 * 4096, PROT_READ | PROT_WRITE);
    if (guard_page) {
        guard_page += 4096;
        mprotect(guard_page, 4096, PROT_NONE); /* kept reserved: nothing else may land there */
        guest_map_clear((uintptr_t)guard_page, (uintptr_t)guard_page + 4096);
    }
    data_area = map_guest(4096, PROT_READ | PROT_WRITE);
    jit_cpu = cpu_create();
    if (!code_area || !jit_area || !data_area || !guard_page || !jit_cpu || !x86_cpu_init(&jit_cpu->env, "max")) {
        printf("FAIL setup: no memory or CPU\n");
        return 1;
    }
    for (size_t i = 0; i < ncases + nfaults + npending; i++) {
        const struct Case *c = i < ncases ? &cases[i] : i < ncases + nfaults ? &fault_cases[i - ncases]
                                                                            : &pending_cases[i - ncases - nfaults].all;
        uint8_t *slot = jit_area + i * JIT_SLOT;
        memcpy(slot, c->start, (size_t)(c->end - c->start));
        memcpy(slot + (c->ret - c->start), "\x0f\x05", 2); /* ret; nop -> syscall */
    }
    tcg = calloc(1, sizeof(*tcg));
    tcg_context_init(tcg);
    x86_tcg_init(tcg);
    for (size_t i = 0; i < ncases; i++)
        run_case(&cases[i], (int)i);
    for (size_t i = 0; i < nfaults; i++)
        run_fault_case(&fault_cases[i], (uintptr_t)jit_area + (ncases + i) * JIT_SLOT);
    for (size_t i = 0; i < npending; i++)
        run_pending_fault_case(&pending_cases[i], (uintptr_t)jit_area + (ncases + nfaults + i) * JIT_SLOT);
    decode_fuzz();
    return failures != 0;
}

/* test_x86_int.c — the integer translator against the host CPU.
 *
 * Each case is a short instruction sequence, assembled by the host
 * assembler and ending in ret.  It runs natively (a harness loads the
 * GPRs and EFLAGS from a state block, calls the code, saves them) and
 * through tern (x86_translate_block block after block, each run by the
 * IR reference interpreter, until the final ret returns to a sentinel),
 * from the same random state: the GPRs, the flags the architecture
 * defines for the case, and a scratch memory area must be identical.
 * rsi points at the scratch area (rdi 64 bytes further), so memory forms,
 * string instructions and LOCK forms all land there. */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "exec/exec.h"
#include "target/x86/translate.h"
#include "user/user.h"

#define A 0x8d5 /* CF PF AF ZF SF OF */
#define L 0x8c5 /* the same without AF (logic ops) */
#define CZSP 0x0c5
#define C 0x001
#define CO 0x801
#define Z 0x040

#define SNIPPETS(X)                                                                                   \
    X(add_q, A, "addq %rcx, %rax") X(adc_l, A, "adcl %ecx, %eax") X(sbb_w, A, "sbbw %cx, %ax")           \
    X(sub_hb, A, "subb %cl, %ah") X(and_imm, L, "andq $-8, %rdx") X(or_imm, L, "orl $0x80, %ebx")       \
    X(xor_mem, L, "xorw (%rsi), %ax") X(cmp_mem, A, "cmpq %rcx, 8(%rsi)") X(test_b, L, "testb $0x81, %al") \
    X(add_mem_imm8, A, "addl $-3, 4(%rsi)") X(sub_r_r, A, "subq %rax, %rax") X(xor_r_r, L, "xorl %ecx, %ecx") \
    X(inc_l, A, "incl %eax") X(dec_w, A, "decw %cx") X(neg_q, A, "negq %rdx") X(not_b, 0, "notb %bh")   \
    X(inc_mem, A, "incb 5(%rsi)") X(neg_mem, A, "negw 2(%rsi)")                                        \
    X(lock_add, A, "lock addq %rcx, (%rsi)") X(lock_sub, A, "lock subl %ecx, 4(%rsi)")                  \
    X(lock_adc, A, "lock adcl %ecx, (%rsi)") X(lock_sbb, A, "lock sbbq %rcx, 8(%rsi)")                  \
    X(lock_and, L, "lock andb %cl, 3(%rsi)") X(lock_or, L, "lock orq %rcx, (%rsi)")                     \
    X(lock_xor, L, "lock xorl %ecx, 4(%rsi)") X(lock_not, 0, "lock notw 2(%rsi)")                       \
    X(lock_neg, A, "lock negq (%rsi)") X(lock_inc, A, "lock incl (%rsi)") X(lock_dec, A, "lock decb 1(%rsi)") \
    X(lock_xadd, A, "lock xaddl %eax, 4(%rsi)") X(xadd_rr, A, "xaddw %ax, %cx")                         \
    X(lock_cmpxchg, A, "lock cmpxchgq %rcx, 8(%rsi)") X(cmpxchg_eq, A, "movl 4(%rsi), %eax\n cmpxchgl %ecx, 4(%rsi)") \
    X(cmpxchg_rr, A, "cmpxchgl %ecx, %edx") X(cmpxchg_rr_eq, A, "movq %rdx, %rax\n cmpxchgq %rcx, %rdx") \
    X(cmpxchg_b, A, "cmpxchgb %cl, %bl")                                                                \
    X(cmpxchg8b, A, "cmpxchg8b (%rsi)") X(cmpxchg8b_eq, A, "movl (%rsi), %eax\n movl 4(%rsi), %edx\n cmpxchg8b (%rsi)") \
    X(cmpxchg16b, A, "cmpxchg16b (%rsi)") X(cmpxchg16b_eq, A, "movq (%rsi), %rax\n movq 8(%rsi), %rdx\n lock cmpxchg16b (%rsi)") \
    X(xchg_mem, A, "xchgq %rax, (%rsi)") X(xchg_b, A, "xchgb %al, %ch") X(xchg_ax, A, "xchgl %eax, %r10d") \
    X(mul_q, CO, "mulq %rcx") X(imul_q, CO, "imulq %rcx") X(imul2_l, CO, "imull %ecx, %eax")            \
    X(imul3_w, CO, "imulw $-3, %cx, %dx") X(mul_b, CO, "mulb %cl") X(imul_b, CO, "imulb %cl")           \
    X(mul_l_mem, CO, "mull 4(%rsi)") X(imul_w, CO, "imulw %cx") X(imul3_q, CO, "imulq $100000, %rcx, %rdx") \
    X(imul2_q_small, CO, "sarq $40, %rax\n sarq $40, %rcx\n imulq %rcx, %rax")                          \
    X(div_l, 0, "xorl %edx, %edx\n orl $1, %ecx\n divl %ecx") X(div_q, 0, "movq %rcx, %rdx\n btsq $63, %rcx\n shrq $1, %rdx\n divq %rcx") \
    X(idiv_q, 0, "cqo\n andq $0x7fff, %rcx\n orq $2, %rcx\n idivq %rcx") X(idiv_l, 0, "cdq\n andl $0xffff, %ecx\n orl $2, %ecx\n idivl %ecx")     \
    X(div_b, 0, "movzbl %al, %eax\n orb $1, %cl\n divb %cl") X(idiv_w, 0, "cwd\n andw $0x7f, %cx\n orw $2, %cx\n idivw %cx") \
    X(shl1_l, A & ~0x10, "shll $1, %eax") X(shl_cl_l, CZSP, "shll %cl, %eax") X(sar_cl_w, CZSP, "andl $15, %ecx\n sarw %cl, %dx") \
    X(shr_cl_b, CZSP, "andl $7, %ecx\n shrb %cl, %bl") X(shr1_q, A & ~0x10, "shrq $1, %rdx") X(sar1_b, A & ~0x10, "sarb $1, %ah") \
    X(shl_imm_q, CZSP, "shlq $13, %r8") X(shr_imm_mem, CZSP, "shrl $3, 4(%rsi)") X(sar_imm0, A, "sarl $0, %ecx") \
    X(shl_cl0, A, "xorl %ecx, %ecx\n stc\n shlq %cl, %rax") X(shr_cl0_l, A, "movl $32, %ecx\n cmpq %rax, %rdx\n shrl %cl, %ebx") \
    X(rol_cl_q, C, "rolq %cl, %rax") X(ror1_l, CO, "rorl $1, %ecx") X(rol_imm_b, C, "rolb $3, %dl")    \
    X(ror_cl_w, C, "rorw %cl, %bx") X(rol8_b, C, "rolb $8, %al")                                        \
    X(rcl1_b, CO, "rclb $1, %al") X(rcr_cl_q, C, "rcrq %cl, %rdx") X(rcl_cl_w, C, "andl $15, %ecx\n rclw %cl, %bx") \
    X(rcr1_l, CO, "rcrl $1, %eax") X(rcl_imm_l, C, "rcll $7, 4(%rsi)")                                 \
    X(shld_cl_q, CZSP, "shldq %cl, %rcx, %rax") X(shrd_imm_l, CZSP, "shrdl $5, %ecx, %edx")             \
    X(shld_imm_w, CZSP, "shldw $3, %cx, (%rsi)") X(shrd_cl_q, CZSP, "shrdq %cl, %rbx, %r9")             \
    X(shld1_l, A & ~0x10, "shldl $1, %ecx, %eax") X(shrd_cl_w, CZSP, "andl $15, %ecx\n shrdw %cl, %bx, %dx") \
    X(bt_rr, C, "btq %rcx, %rax") X(bts_imm, C, "btsl $13, %edx") X(btr_mem, C, "andq $63, %rcx\n btrq %rcx, (%rsi)") \
    X(btc_mem_w, C, "andl $31, %ecx\n btcw %cx, 2(%rsi)") X(bt_mem_neg, C, "movq $-9, %rcx\n btq %rcx, 16(%rsi)") \
    X(lock_bts, C, "andq $63, %rcx\n lock btsq %rcx, (%rsi)") X(lock_btc_imm, C, "lock btcq $5, (%rsi)") \
    X(bt_keeps_zf, C | Z, "cmpq %rcx, %rcx\n btq $3, %rax") X(bt_keeps_zf2, C | Z, "addq %rcx, %rdx\n btl %ecx, %eax") \
    X(bsf_q, Z, "orq $1, %r11\n bsfq %rax, %rdx") X(bsr_l, Z, "bsrl %ecx, %eax") X(bsf_zero, Z, "xorl %eax, %eax\n bsfq %rax, %rdx") \
    X(bsr_zero_l, Z, "xorl %ecx, %ecx\n bsrl %ecx, %eax") X(bsf_w, Z, "bsfw %cx, %bx")                  \
    X(tzcnt_q, C | Z, "tzcntq %rax, %rcx") X(tzcnt_zero, C | Z, "xorl %eax, %eax\n tzcntl %eax, %ecx")  \
    X(lzcnt_l, C | Z, "lzcntl %eax, %ecx") X(lzcnt_w, C | Z, "lzcntw %ax, %cx") X(lzcnt_zero, C | Z, "xorl %eax, %eax\n lzcntq %rax, %rcx") \
    X(popcnt_q, A, "popcntq %rdx, %rax") X(popcnt_w, A, "popcntw (%rsi), %ax") X(popcnt_zero, A, "xorl %edx, %edx\n popcntl %edx, %eax") \
    X(bswap_l, 0, "bswapl %eax") X(bswap_q, 0, "bswapq %r9") X(movbe_ld, 0, "movbeq (%rsi), %rax")       \
    X(movbe_st, 0, "movbew %cx, 6(%rsi)") X(movbe_l, 0, "movbel 4(%rsi), %r10d")                        \
    X(movsq, 0, "cld\n movsq") X(rep_movsb, 0, "cld\n movl $5, %ecx\n rep movsb")                       \
    X(rep_stosl_std, 0, "std\n movl $3, %ecx\n rep stosl\n cld") X(repe_cmpsb, A, "cld\n movl $16, %ecx\n repe cmpsb") \
    X(repe_cmpsb_eq, A, "cld\n movl $8, %ecx\n movq (%rsi), %rax\n movq %rax, (%rdi)\n repe cmpsb")    \
    X(repne_scasb, A, "cld\n movl $16, %ecx\n repne scasb") X(lodsw, 0, "cld\n lodsw")                  \
    X(rep_zero, A, "cld\n xorl %ecx, %ecx\n cmpq %rax, %rdx\n rep movsq")                                \
    X(scasq, A, "std\n scasq\n cld") X(cmpsw, A, "cld\n cmpsw") X(rep_stosq, 0, "cld\n movl $4, %ecx\n rep stosq") \
    X(std_lodsb, 0, "addq $32, %rsi\n std\n lodsb\n lodsb\n cld")                                       \
    X(cmc, A, "stc\n cmc") X(clc, A, "clc") X(stc_adc, A, "stc\n adcq $0, %rax") X(lahf, 0, "lahf")      \
    X(sahf, A, "sahf") X(pushf, 0, "pushfq\n popq %rax\n andl $0xfff, %eax")                            \
    X(popf, A, "andl $0xcd5, %eax\n orl $0x202, %eax\n pushq %rax\n popfq\n pushfq\n popq %rbx")        \
    X(setcc_cmp, 0, "cmpq %rcx, %rax\n setl %dl\n setbe %dh\n cmovgq %rbx, %r8\n cmovsl %r9d, %r10d")  \
    X(setcc_jmp, 0, "subl %ecx, %eax\n jmp 1f\n 1: setg %dl\n setnp %bl\n seto %bh")                    \
    X(cmov_z, 0, "testq %rax, %rax\n cmovzq %rcx, %rdx\n cmovnzl %ecx, %ebx")                          \
    X(cmov_mem, 0, "cmpb %al, %cl\n cmovaw 2(%rsi), %dx\n cmovbel 4(%rsi), %ebx")                       \
    X(setcc_logic, 0, "andl %ecx, %eax\n setle %dl\n setg %dh\n setb %bl\n seto %bh")                   \
    X(setcc_inc, 0, "incq %rax\n setle %dl\n setz %dh\n setc %bl\n setnz %bh")                          \
    X(setcc_add, 0, "addw %cx, %ax\n setc %dl\n seto %dh\n setp %bl\n setge %bh")                       \
    X(jcc_chain, 0, "cmpl %ecx, %eax\n jl 1f\n movl $1, %edx\n 1: jg 2f\n movl $2, %ebx\n 2:")          \
    X(cbw, 0, "cbw") X(cwde, 0, "cwde") X(cdqe, 0, "cdqe") X(cwd, 0, "cwd") X(cdq, 0, "cdq") X(cqo, 0, "cqo") \
    X(movzb_ah, 0, "movzbl %ah, %ecx") X(movsbq, 0, "movsbq %al, %rdx") X(movswl_mem, 0, "movswl (%rsi), %eax") \
    X(movslq, 0, "movslq %ecx, %rax") X(movzwq_mem, 0, "movzwq 2(%rsi), %r8")                          \
    X(lea_sib, 0, "leaq 8(%rax,%rcx,4), %rdx") X(lea_l, 0, "leal -3(%rcx,%rcx,2), %eax")                \
    X(lea_rip, 0, "leaq 1f(%rip), %rdx\n 1:") X(lea_w, 0, "leaw (%rax,%rbx), %dx")                      \
    X(lea_addr32, 0, "leaq (%eax,%ecx), %rdx") X(lea_noindex, 0, "leaq 0x1000(,%rbx,8), %r11")    \
    X(push_pop, 0, "pushq %rax\n pushq $-5\n popq %rcx\n popq %rdx") X(push_pop_w, 0, "pushw %ax\n popw %cx") \
    X(push_mem, 0, "pushq 8(%rsi)\n popq (%rsi)") X(pop_rsp_rel, 0, "pushq %rax\n popq %rbx")          \
    X(call_ret, 0, "call 1f\n jmp 2f\n 1: movl $7, %eax\n ret\n 2:")                                    \
    X(call_ind, 0, "leaq 1f(%rip), %rbx\n call *%rbx\n jmp 2f\n 1: incl %ecx\n ret $0\n 2:")            \
    X(enter_leave, 0, "enter $16, $0\n leave") X(enter_nested, 0, "movq %rsp, %rbp\n enter $8, $2\n movq %rbp, %rax\n subq %rsp, %rax\n leave\n subq %rsp, %rbp") \
    X(loop, 0, "movl $5, %ecx\n xorl %eax, %eax\n 1: addl $3, %eax\n loop 1b")                          \
    X(loopne, 0, "movl $5, %ecx\n movl $9, %eax\n 1: decl %eax\n cmpl $6, %eax\n loopne 1b")            \
    X(loope, 0, "movl $5, %ecx\n xorl %eax, %eax\n 1: cmpl $0, %eax\n loope 1b")                        \
    X(jrcxz, 0, "jrcxz 1f\n incl %eax\n 1:") X(jrcxz0, 0, "xorl %ecx, %ecx\n jrcxz 1f\n incl %eax\n 1:") \
    X(jmp_ind, 0, "leaq 1f(%rip), %rax\n jmp *%rax\n ud2\n 1: nop") X(xlat, 0, "leaq (%rsi), %rbx\n xlatb") \
    X(mov_imm64, 0, "movabsq $0x1234567812345678, %r11") X(mov_ah, 0, "movb $5, %ah\n movb %bh, %cl")   \
    X(mov_mem_imm, 0, "movw $-1, 4(%rsi)\n movl $0x80000000, 8(%rsi)\n movq $-2, 16(%rsi)")             \
    X(mov_r32, 0, "movl %eax, %r9d") X(nops, 0, "nop\n pause\n xchgw %ax, %ax\n nopw 0(%rax,%rax,1)\n endbr64\n prefetcht0 (%rsi)") \
    X(rot_after_sub, 0xd5, "cmpq %rcx, %rax\n rolq $3, %rdx") X(rot_after_add, 0xd5, "addl %ecx, %eax\n rorl $5, %edx") \
    X(rot_after_inc, A, "incw %ax\n rolb $1, %cl") X(rot_after_logic, A, "andq %rcx, %rax\n rorq $1, %rdx")   \
    X(rot_after_dec, 0xd5, "decl %eax\n rolw $4, %bx") X(rot_after_shl, L, "shlq $3, %rax\n rolq $1, %rcx")   \
    X(rot_after_adc, 0xd5, "adcq %rcx, %rax\n rorq $7, %rdx") X(rot_after_mul, C, "imulq %rcx, %rax\n rolq $9, %rdx") \
    X(jc_after_adc, 0, "adcq %rcx, %rax\n jc 1f\n incl %edx\n 1:") X(setc_after_sbb, 0, "sbbl %ecx, %eax\n setc %dl") \
    X(setc_after_sbb8, 0, "sbbb %cl, %al\n setc %dl\n adcb %cl, %bl\n setc %dh") X(setc_after_shl, 0, "shlq $3, %rax\n setc %dl") \
    X(cmc_after_sub, A, "subl %ecx, %eax\n cmc") X(adc_chain, A, "addq %rcx, %rax\n adcq %rcx, %rdx\n adcq %rax, %rbx\n sbbq %rdx, %r8\n sbbq %rbx, %r9") \
    X(div_q_any, 0, "andq $0xffff, %rdx\n orq $0x10000, %rcx\n divq %rcx") X(div_q_hi0, 0, "xorl %edx, %edx\n orq $1, %rcx\n divq %rcx") \
    X(idiv_q_m1, 0, "shrq $1, %rax\n cqo\n movq $-1, %rcx\n idivq %rcx") X(idiv_q_big, 0, "sarq $20, %rdx\n btsq $62, %rcx\n btrq $63, %rcx\n idivq %rcx") \
    X(idiv_l_m1, 0, "shrl $1, %eax\n cltd\n movl $-1, %ecx\n idivl %ecx") X(div_l_hi, 0, "andl $0xff, %edx\n orl $0x100, %ecx\n divl %ecx") \
    X(idiv_l_big, 0, "sarl $16, %edx\n andl $0x3fffffff, %ecx\n orl $0x20000000, %ecx\n idivl %ecx") X(idiv_l_neg, 0, "cltd\n orl $0x80000000, %ecx\n idivl %ecx") \
    X(rep_movsb_overlap, 0, "cld\n leaq 1(%rsi), %rdi\n movl $40, %ecx\n rep movsb") \
    X(rep_movsq_overlap, 0, "cld\n leaq 3(%rsi), %rdi\n movl $9, %ecx\n rep movsq") \
    X(rep_movsw_down, 0, "cld\n leaq 20(%rsi), %rdi\n xchgq %rsi, %rdi\n movl $30, %ecx\n rep movsw") \
    X(rep_movsl_std, 0, "std\n leaq 60(%rsi), %rsi\n leaq 40(%rsi), %rdi\n movl $11, %ecx\n rep movsl\n cld") \
    X(rep_stosw, 0, "cld\n movl $17, %ecx\n rep stosw") X(rep_stosb, 0, "cld\n movl $63, %ecx\n rep stosb") \
    X(jo_sub, 0, "subq %rcx, %rax\n seto %dl\n setno %dh") X(jo_add_w, 0, "addw %cx, %ax\n seto %dl\n cmovol %ecx, %ebx") \
    X(jo_cmp_b, 0, "cmpb %cl, %al\n seto %dl") X(jo_add_l, 0, "addl %ecx, %eax\n jo 1f\n incl %edx\n 1:") \
    X(jl_add, 0, "addq %rcx, %rax\n setl %dl\n setle %dh\n setg %bl\n setge %bh") \
    X(jl_add_b, 0, "addb %cl, %al\n setl %dl\n setle %dh\n jg 1f\n incl %ebx\n 1:") \
    X(jl_inc, 0, "incl %eax\n setl %dl\n setle %dh\n setg %bl") X(jl_dec_w, 0, "decw %ax\n setl %dl\n setle %dh\n setge %bl") \
    X(jl_inc_edge, 0, "movl $0x7fffffff, %eax\n incl %eax\n setl %dl\n setle %dh") \
    X(jl_dec_edge, 0, "movb $0x80, %al\n decb %al\n setl %dl\n setle %dh\n setg %bl") \
    X(cross_block_carry, A, "xorl %edx, %edx\n movl $4, %r8d\n 1: testb $1, %r8b\n jz 2f\n cmpq %rcx, %rax\n jmp 3f\n" \
      " 2: addq %rcx, %rax\n 3: adcq $0, %rdx\n setb %bl\n seta %bh\n decl %r8d\n jnz 1b") \
    X(cross_block_cc, 0, "cmpl %ecx, %eax\n jmp 1f\n 1: seta %dl\n setl %dh\n cmovleq %rcx, %rbx\n jbe 2f\n incl %r9d\n 2:") \
    X(cross_block_incdec, A, "subb %cl, %al\n jmp 1f\n 1: incq %rdx\n jmp 2f\n 2: decw %bx\n jmp 3f\n 3: sbbl %ecx, %r8d") \
    X(cross_block_logic, 0, "andq %rcx, %rax\n jmp 1f\n 1: setle %dl\n setb %dh\n seto %bl\n sets %bh") \
    X(cross_block_loop, 0, "movl $3, %ecx\n movl %eax, %edx\n 1: addl %edx, %edx\n loopne 1b") \
    X(rot_dead_flags, A, "rolq $5, %rax\n addq %rcx, %rdx") X(shl_cl_dead_flags, L, "shlq %cl, %rax\n xorl %edx, %ebx") \
    X(rot_live_carry, A, "rorl %cl, %eax\n adcl %ecx, %edx") X(rot_dead_test, L, "rolw $3, %ax\n testb $3, %al") \
    X(andn_q, L, "andnq %rcx, %rax, %rdx") X(andn_l_mem, L, "andnl 4(%rsi), %ebx, %r9d")                    \
    X(blsr_q, C | Z | 0x880, "blsrq %rax, %rdx") X(blsmsk_l, C | 0x880 | Z, "blsmskl %ecx, %r8d")            \
    X(blsi_q, C | 0x8c0, "blsiq (%rsi), %rbx") X(blsr_zero, C | 0x8c0, "xorl %eax, %eax\n blsrq %rax, %rcx") \
    X(bextr_q, Z | CO, "bextrq %rcx, %rax, %rdx") X(bextr_l_small, Z | CO, "andl $0x1f1f, %ecx\n bextrl %ecx, %eax, %ebx") \
    X(bzhi_q, C | Z | 0x880, "bzhiq %rcx, %rax, %rdx") X(bzhi_l_small, C | Z | 0x880, "andl $0x3f, %ecx\n bzhil %ecx, %eax, %r8d") \
    X(pdep_q, 0, "pdepq %rcx, %rax, %rdx") X(pext_l, 0, "pextl %ecx, %eax, %ebx") X(pext_q_mem, 0, "pextq 8(%rsi), %rax, %r10") \
    X(mulx_q, 0, "mulxq %rcx, %rbx, %r8") X(mulx_l, 0, "mulxl %ecx, %ebx, %r8d") X(mulx_same, 0, "mulxq %rcx, %r9, %r9") \
    X(shlx_q, 0, "shlxq %rcx, %rax, %rdx") X(sarx_l, 0, "sarxl %ecx, %eax, %ebx") X(shrx_q_mem, 0, "shrxq %rcx, 8(%rsi), %r11") \
    X(rorx_q, 0, "rorxq $13, %rax, %rdx") X(rorx_l, 0, "rorxl $7, %ecx, %r9d") X(rorx_l_mem, 0, "rorxl $31, 4(%rsi), %ebx") \
    X(pop_mem_rsp, 0, "pushq %rax\n pushq %rcx\n popq 0(%rsp)\n popq %rdx") X(pop_mem_rsi, 0, "pushq %rdx\n popq 16(%rsi)") \
    X(movnti, 0, "movnti %rax, 8(%rsi)") X(fs_free, 0, "movq %rcx, %r8")

#define SNIP(name, mask, insn)                                                        \
    __asm__(".pushsection .rodata\n.balign 64\nsnip_" #name ":\n" insn "\nret\n"      \
            "snipend_" #name ":\n.popsection\n");                                     \
    extern const uint8_t snip_##name[], snipend_##name[];
SNIPPETS(SNIP)

static const struct Case {
    const char *name;
    uint64_t mask;
    const uint8_t *start, *end;
} cases[] = {
#define CASE(name, mask, insn) { #name, mask, snip_##name, snipend_##name },
    SNIPPETS(CASE)
};

typedef struct State {
    uint64_t gpr[16];   /* 0 */
    uint64_t flags;     /* 128 */
    uint64_t code;      /* 136 */
} State;

/* native_run(State *): load rax..r14 except rsp and the flags, call, save */
__asm__(".text\n.globl int_native_run\nint_native_run:\n"
        "push %rbx\npush %rbp\npush %r12\npush %r13\npush %r14\npush %r15\n"
        "mov %rdi, %r15\n"
        "mov 0(%r15), %rax\nmov 8(%r15), %rcx\nmov 16(%r15), %rdx\nmov 24(%r15), %rbx\n"
        "mov 40(%r15), %rbp\nmov 48(%r15), %rsi\nmov 56(%r15), %rdi\nmov 64(%r15), %r8\n"
        "mov 72(%r15), %r9\nmov 80(%r15), %r10\nmov 88(%r15), %r11\nmov 96(%r15), %r12\n"
        "mov 104(%r15), %r13\nmov 112(%r15), %r14\n"
        "pushq 128(%r15)\npopfq\n"
        "push %r15\n"
        "call *136(%r15)\n"
        "pop %r15\n"
        "pushfq\npopq 128(%r15)\n"
        "mov %rax, 0(%r15)\nmov %rcx, 8(%r15)\nmov %rdx, 16(%r15)\nmov %rbx, 24(%r15)\n"
        "mov %rbp, 40(%r15)\nmov %rsi, 48(%r15)\nmov %rdi, 56(%r15)\nmov %r8, 64(%r15)\n"
        "mov %r9, 72(%r15)\nmov %r10, 80(%r15)\nmov %r11, 88(%r15)\nmov %r12, 96(%r15)\n"
        "mov %r13, 104(%r15)\nmov %r14, 112(%r15)\n"
        "cld\n"
        "pop %r15\npop %r14\npop %r13\npop %r12\npop %rbp\npop %rbx\nret\n");
void int_native_run(State *st);

static uint8_t *code_area, *data_area, *stack_area;
static TCGContext *tcg;
static CPUState cpu;
static CPUX86State spec_env;
#define SENTINEL 0x5e5e0000ull
static uint64_t next_random(void);

static bool emulated_run(State *st, char *why, size_t n)
{
    CPUX86State *env = &cpu.env;
    memset(&cpu, 0, sizeof(cpu));
    cpu.tcg = tcg;
    x86_cpu_init(env, "max");
    memcpy(env->regs, st->gpr, sizeof(st->gpr));
    /* the stack holds what native_run's call pushed: the sentinel */
    env->regs[R_ESP] = (uintptr_t)stack_area + 4096 - 64;
    memcpy((void *)(uintptr_t)env->regs[R_ESP], &(uint64_t){ SENTINEL }, 8);
    x86_set_eflags(env, st->flags, ~0ull);
    env->rip = (uintptr_t)code_area;
    for (int blocks = 0; env->rip != SENTINEL; blocks++) {
        if (blocks > 200) {
            snprintf(why, n, "runaway at rip %llx", (unsigned long long)env->rip);
            return false;
        }
        TranslationBlock tb;
        memset(&tb, 0, sizeof(tb));
        tb.pc = env->rip;
        tb.flags = env->hflags;
        /* the translator guesses the entry flags kind from env: make the
         * guess wrong half the time so both of its paths run */
        CPUX86State *tenv = &spec_env;
        *tenv = *env;
        if (next_random() & 1)
            tenv->cc_op = CC_OP_ADDB + (uint32_t)(next_random() % (CC_OP_BMILGQ - CC_OP_ADDB + 1));
        tcg_func_start(tcg);
        x86_translate_block(tcg, tenv, &tb);
        if (getenv("TEST_DUMP"))
            tcg_dump_ops(tcg, stdout);
        uintptr_t ret = tcg_interpret(tcg, env);
        cpu_tb_exit_rip(env, ret);
    }
    memcpy(st->gpr, env->regs, sizeof(st->gpr));
    st->flags = x86_get_eflags(env);
    return true;
}

static uint64_t rng = 0x243f6a8885a308d3ull;
static uint64_t next_random(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return rng;
}

static uint64_t interesting(void)
{
    static const uint64_t v[] = { 0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000,
                                  0xffffffff, 0x7fffffffffffffffull, 0x8000000000000000ull, ~0ull, 2, 63 };
    uint64_t r = next_random();
    return (r & 3) == 0 ? v[(r >> 8) & 15] : (r & 3) == 1 ? (r >> 32) : next_random();
}

static void random_state(State *st)
{
    memset(st, 0, sizeof(*st));
    for (int i = 0; i < 16; i++)
        st->gpr[i] = interesting();
    st->gpr[R_ESI] = (uintptr_t)data_area;
    st->gpr[R_EDI] = (uintptr_t)data_area + 64;
    for (int i = 0; i < 128; i++)
        data_area[i] = (next_random() & 7) ? (uint8_t)next_random() : 0x41;
    st->flags = 0x202 | (next_random() & 0x8d5);
}

static int failures;

static bool run_case_iterations(const struct Case *c, int iterations);

static void run_case(const struct Case *c)
{
    memcpy(code_area, c->start, (size_t)(c->end - c->start));
    if (run_case_iterations(c, 200))
        printf("ok %s\n", c->name);
}

/* Snippets that keep rsi/rdi/rsp, cannot fault on any register values,
 * and leave every arithmetic flag defined (or touch no flag): so a flag
 * reader in the next snippet never reads an undefined flag. */
static bool sequence_safe(const struct Case *c)
{
    static const char *const unsafe[] = { "movs", "rep", "scas", "cmps", "lods", "std", "div", "idiv",
                                          "enter", "pop", "push", "call", "xlat", "fs_free" };
    static const char *const flagless[] = { "bswap", "movbe", "cbw", "cwde", "cdqe", "cwd", "cdq", "cqo",
                                            "movz", "movsbq", "movswl", "movslq", "lea_", "mov_", "nops",
                                            "movnti", "not_b", "lock_not", "xchg_" };
    for (size_t i = 0; i < sizeof(unsafe) / sizeof(unsafe[0]); i++)
        if (strstr(c->name, unsafe[i]))
            return false;
    if (c->mask == A)
        return true;
    for (size_t i = 0; i < sizeof(flagless) / sizeof(flagless[0]); i++)
        if (strncmp(c->name, flagless[i], strlen(flagless[i])) == 0)
            return true;
    return false;
}

/* Random concatenations of snippets: the lazy flags of one meet the
 * readers of the next, within a block and across blocks. */
static void run_sequences(int count)
{
    int bad = 0;
    size_t n = sizeof(cases) / sizeof(cases[0]);
    for (int k = 0; k < count && !bad; k++) {
        size_t len = 0;
        int parts = 2 + (int)(next_random() % 7);
        const struct Case *last = NULL;
        char name[400];
        int at = snprintf(name, sizeof(name), "sequence %d:", k);
        for (int p = 0; p < parts; p++) {
            const struct Case *c = &cases[next_random() % n];
            if (!sequence_safe(c))
                continue;
            size_t body = (size_t)(c->end - c->start) - 1; /* without its ret */
            memcpy(code_area + len, c->start, body);
            len += body;
            last = c;
            if (at < (int)sizeof(name) - 40)
                at += snprintf(name + at, sizeof(name) - (size_t)at, " %s", c->name);
        }
        if (!last)
            continue;
        code_area[len] = 0xc3;
        struct Case seq = { name, last->mask, code_area, code_area + len + 1 };
        if (!run_case_iterations(&seq, 20))
            bad = 1;
    }
    if (!bad)
        printf("ok sequences\n");
}

static bool run_case_iterations(const struct Case *c, int iterations)
{
    for (int iter = 0; iter < iterations; iter++) {
        State init, nat, emu;
        uint8_t mem_init[128], mem_nat[128];
        random_state(&init);
        memcpy(mem_init, data_area, 128);
        nat = init;
        nat.code = (uintptr_t)code_area;
        int_native_run(&nat);
        memcpy(mem_nat, data_area, 128);
        memcpy(data_area, mem_init, 128);
        emu = init;
        char why[200] = "";
        bool ok = emulated_run(&emu, why, sizeof(why));
        for (int i = 0; ok && i < 16; i++)
            if (i != R_ESP && nat.gpr[i] != emu.gpr[i]) {
                snprintf(why, sizeof(why), "reg %d native %llx tern %llx", i,
                         (unsigned long long)nat.gpr[i], (unsigned long long)emu.gpr[i]);
                ok = false;
            }
        if (ok && ((nat.flags ^ emu.flags) & (c->mask | 0x400))) {
            snprintf(why, sizeof(why), "flags native %llx tern %llx", (unsigned long long)nat.flags,
                     (unsigned long long)emu.flags);
            ok = false;
        }
        for (int i = 0; ok && i < 128; i++)
            if (mem_nat[i] != data_area[i]) {
                snprintf(why, sizeof(why), "memory byte %d native %02x tern %02x", i, mem_nat[i], data_area[i]);
                ok = false;
            }
        if (!ok) {
            printf("FAIL %s: iteration %d: %s (in rax %llx rcx %llx rdx %llx flags %llx)\n", c->name, iter, why,
                   (unsigned long long)init.gpr[0], (unsigned long long)init.gpr[1],
                   (unsigned long long)init.gpr[2], (unsigned long long)init.flags);
            failures++;
            return false;
        }
    }
    return true;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    code_area = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    data_area = aligned_alloc(64, 256);
    stack_area = aligned_alloc(64, 4096);
    if (code_area == MAP_FAILED || !data_area || !stack_area) {
        printf("FAIL setup: no memory\n");
        return 1;
    }
    guest_map_set((uintptr_t)code_area, (uintptr_t)code_area + 4096, PROT_READ | PROT_EXEC);
    tcg = calloc(1, sizeof(*tcg));
    tcg_context_init(tcg);
    x86_tcg_init(tcg);
    int passed = 0;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        if (argc > 1 && strcmp(argv[1], cases[i].name) != 0)
            continue;
        int before = failures;
        run_case(&cases[i]);
        passed += failures == before;
    }
    if (argc <= 1) {
        int before = failures;
        run_sequences(getenv("TEST_SEQUENCES") ? atoi(getenv("TEST_SEQUENCES")) : 400);
        passed += failures == before;
    }
    printf("%d passed, %d failed\n", passed, failures);
    return failures != 0;
}

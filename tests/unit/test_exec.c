/* test_exec.c — the execution engine end to end: small guest programs
 * (assembled into .rodata by the host assembler, copied into guest pages)
 * run by cpu_exec until they execute `syscall`; the registers are checked
 * against values computed in C from the same algorithm.  Also: chaining
 * happens, a code-buffer flush in the middle of a run, self-modifying code
 * (same block, another block, another page, a block's second page, a loop
 * patching itself, code made writable again by mprotect), precise state
 * at a data fault and at a fetch from unmapped memory, the inline
 * jump-cache probe, exit requests, exclusive sections with a second vCPU
 * thread, and two vCPUs rewriting their code while a third thread keeps
 * flushing the buffer. */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include "exec/exec.h"
#include "target/x86/translate.h"
#include "user/user.h"
#include "util/log.h"

/* ---- guest programs ---- */
#define GUEST_PROGRAM(name, body)                                            \
    __asm__(".pushsection .rodata\n.globl " #name "_start\n" #name "_start:\n" \
            body "\n.globl " #name "_end\n" #name "_end:\n.popsection\n");    \
    extern const uint8_t name##_start[], name##_end[]

/* rax = sum of 1..100000 (a one-block loop: chained to itself) */
GUEST_PROGRAM(sum_loop,
              "    mov $100000, %ecx\n"
              "    xor %eax, %eax\n"
              "1:  add %rcx, %rax\n"
              "    dec %rcx\n"
              "    jnz 1b\n"
              "    syscall\n");

/* rax = sum of 1..rdi by recursion (call/ret: indirect jumps) */
GUEST_PROGRAM(recursion,
              "    call 2f\n"
              "    syscall\n"
              "2:  test %rdi, %rdi\n"
              "    jz 3f\n"
              "    push %rdi\n"
              "    dec %rdi\n"
              "    call 2b\n"
              "    pop %rdi\n"
              "    add %rdi, %rax\n"
              "    ret\n"
              "3:  xor %eax, %eax\n"
              "    ret\n");

/* a switch through a table of relative offsets, 1000 times */
GUEST_PROGRAM(jump_table,
              "    xor %eax, %eax\n"
              "    xor %ecx, %ecx\n"
              "    lea jt_table(%rip), %rdx\n"
              "1:  mov %ecx, %esi\n"
              "    and $3, %esi\n"
              "    movslq (%rdx,%rsi,4), %rsi\n"
              "    add %rdx, %rsi\n"
              "    jmp *%rsi\n"
              "jt_c0: add $1, %rax\n"
              "    jmp 2f\n"
              "jt_c1: add $10, %rax\n"
              "    jmp 2f\n"
              "jt_c2: xor $0x55, %rax\n"
              "    jmp 2f\n"
              "jt_c3: sub $7, %rax\n"
              "2:  inc %ecx\n"
              "    cmp $1000, %ecx\n"
              "    jne 1b\n"
              "    syscall\n"
              "jt_table: .long jt_c0 - jt_table, jt_c1 - jt_table, jt_c2 - jt_table, jt_c3 - jt_table\n");

/* a store into the immediate of an instruction further down its own block */
GUEST_PROGRAM(smc_same_block,
              "    lea smc1_imm(%rip), %rdx\n"
              "    movl $42, (%rdx)\n"
              "    .byte 0xb8\n" /* mov $imm32, %eax */
              "smc1_imm: .long 7\n"
              "    syscall\n");

/* a function (another block, same page) rewritten between two calls */
GUEST_PROGRAM(smc_other_block,
              "    call smc2_f\n"
              "    mov %eax, %ebx\n"
              "    lea smc2_imm(%rip), %rdx\n"
              "    movl $5, (%rdx)\n"
              "    call smc2_f\n"
              "    add %ebx, %eax\n"
              "    syscall\n"
              ".globl smc2_done\n"
              "smc2_done:\n"
              "smc2_f: .byte 0xb8\n"
              "smc2_imm: .long 1\n"
              "    ret\n");

/* a function on another page (address in r8) rewritten between calls */
GUEST_PROGRAM(smc_other_page,
              "    call *%r8\n"
              "    mov %eax, %ebx\n"
              "    movl $9, 1(%r8)\n"
              "    call *%r8\n"
              "    add %ebx, %eax\n"
              "    syscall\n");
GUEST_PROGRAM(return_one,
              "    mov $1, %eax\n"
              "    ret\n");

/* a loop that writes its counter into its own add immediate */
GUEST_PROGRAM(smc_loop,
              "    xor %eax, %eax\n"
              "    mov $50, %ecx\n"
              "1:  lea smc3_imm(%rip), %rdx\n"
              "    mov %ecx, (%rdx)\n"
              "    .byte 0x48, 0x05\n" /* add $imm32, %rax */
              "smc3_imm: .long 0\n"
              "    dec %ecx\n"
              "    jnz 1b\n"
              "    syscall\n");

/* a load from address 0 in the middle of a block */
GUEST_PROGRAM(fault_mid_block,
              "    mov $1, %eax\n"
              "    mov $2, %ebx\n"
              "    xor %ecx, %ecx\n"
              "fault_insn: mov (%rcx), %rdx\n"
              "    mov $3, %eax\n"
              "    syscall\n");
/* the same after a side exit, not taken: the superblock goes on */
GUEST_PROGRAM(fault_after_side_exit,
              "    mov $1, %eax\n"
              "    test %eax, %eax\n"
              "    jz 1f\n"
              "    mov $2, %ebx\n"
              "    xor %ecx, %ecx\n"
              "fault2_insn: mov (%rcx), %rdx\n"
              "1:  syscall\n");
extern const uint8_t fault_insn[], fault2_insn[], smc2_done[], sb_fall[];

/* Forward jcc that become side exits (a superblock), taken or not as
 * rdi says, with registers changed on every path (superblock_model) */
GUEST_PROGRAM(superblock,
              "    xor %eax, %eax\n"
              "    mov $10, %ecx\n"
              "    test $1, %dil\n"
              "    jz 1f\n"
              "sb_fall: add $100, %eax\n"
              "    mov $20, %ecx\n"
              "1:  test $2, %dil\n"
              "    jnz 2f\n"
              "    add %ecx, %eax\n"
              "    lea (%rax,%rcx,2), %edx\n"
              "2:  cmp $5, %rdi\n"
              "    ja 3f\n"
              "    add $7, %eax\n"
              "3:  add %ecx, %eax\n"
              "    syscall\n");

static void superblock_model(uint64_t n, uint64_t *rax, uint64_t *rcx, uint64_t *rdx)
{
    uint64_t a = 0, c = 10, d = 0;
    if (n & 1)
        a += 100, c = 20;
    if (!(n & 2))
        a += c, d = a + 2 * c;
    if (n <= 5)
        a += 7;
    *rax = a + c, *rcx = c, *rdx = d;
}

/* The spin programs count their rounds in the word at the stack top,
 * so the test sees whether guest code runs. */
GUEST_PROGRAM(spin, "1: incq (%rsp)\n"
                    "   jmp 1b\n");
/* a cycle of two blocks, only the second jump going back (eax is 0) */
GUEST_PROGRAM(spin_pair, "1: incq (%rsp)\n"
                         "   test %eax, %eax\n"
                         "   jz 2f\n"
                         "   nop\n"
                         "2: test %eax, %eax\n"
                         "   jz 1b\n");
/* a block that loops through an indirect jump to itself */
GUEST_PROGRAM(spin_indirect, "1: incq (%rsp)\n"
                             "   lea 1b(%rip), %rax\n"
                             "   jmp *%rax\n");

/* ---- guest memory ---- */
#define CODE_PAGES 64
#define STACK_SIZE (256 * 1024)
static uint8_t *code_area;
static uint8_t *stack_area;
static int failures;

static void fail(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(const char *name, const char *fmt, ...)
{
    va_list ap;
    printf("FAIL %s: ", name);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    failures++;
}

static void *map_guest(size_t len, int prot)
{
    void *p = mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        perror("mmap");
        exit(2);
    }
    guest_map_set((uintptr_t)p, (uintptr_t)p + len, prot);
    return p;
}

/* Copy a program to guest page `page` (+offset); returns its guest address.
 * The page may be write-protected by the SMC code: tell it first. */
static uint64_t load_program(const uint8_t *start, const uint8_t *end, int page, int offset)
{
    uint64_t addr = (uintptr_t)code_area + (uint64_t)page * 4096 + (uint64_t)offset;
    page_unprotect_range(addr & ~4095ull, 4096);
    memcpy(code_area + page * 4096 + offset, start, (size_t)(end - start));
    return addr;
}

static uint64_t *initial_stack_top(void)
{
    return (uint64_t *)(stack_area + STACK_SIZE - 64);
}

static void reset_cpu(CPUState *cpu, uint64_t rip)
{
    CPUX86State *env = &cpu->env;
    memset(env->regs, 0, sizeof(env->regs));
    env->regs[R_ESP] = (uintptr_t)initial_stack_top();
    env->rip = rip;
}

/* Run to the program's syscall; checks the exit and rip. */
static bool run_to_syscall(CPUState *cpu, const char *name, uint64_t end_rip)
{
    int r;
    do /* EXCP_INTERRUPT: kicked out (exclusive section, flush); go on */
        r = cpu_exec(cpu);
    while (r == EXCP_INTERRUPT);
    if (r != EXCP_SYSCALL) {
        fail(name, "cpu_exec returned %#x at rip %#llx, expected EXCP_SYSCALL", r, (unsigned long long)cpu->env.rip);
        return false;
    }
    if (cpu->env.rip != end_rip) {
        fail(name, "rip %#llx after syscall, expected %#llx", (unsigned long long)cpu->env.rip,
             (unsigned long long)end_rip);
        return false;
    }
    return true;
}

static void expect_reg(const char *name, CPUState *cpu, int reg, uint64_t want)
{
    uint64_t got = cpu->env.regs[reg];
    if (got != want)
        fail(name, "reg %d = %#llx, expected %#llx", reg, (unsigned long long)got, (unsigned long long)want);
}

/* Run a program loaded at page/offset and check rax; true if it passed. */
static bool run_program(CPUState *cpu, const char *name, const uint8_t *start, const uint8_t *end, int page,
                        uint64_t want_rax)
{
    int before = failures;
    uint64_t addr = load_program(start, end, page, 0);
    reset_cpu(cpu, addr);
    if (run_to_syscall(cpu, name, addr + (uint64_t)(end - start)))
        expect_reg(name, cpu, R_EAX, want_rax);
    return failures == before;
}

static void pass(const char *name, int failures_before)
{
    if (failures == failures_before)
        printf("ok %s\n", name);
}

/* ---- the host fault handler a user-mode front end would install ---- */
static void on_host_fault(int sig, siginfo_t *si, void *puc)
{
    ucontext_t *uc = puc;
    uintptr_t pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
    CPUState *cpu = thread_cpu;
    bool is_write = (uc->uc_mcontext.gregs[REG_ERR] & 2) != 0;
    sigset_t set;

    if (cpu) {
        uint64_t regs[16];
        host_registers(uc, regs);
        cpu_restore_fault_globals(cpu, pc, regs);
    }
    if (cpu && is_write && page_unprotect_for_write(cpu, (uintptr_t)si->si_addr - guest_base, pc))
        return;
    if (cpu && cpu_restore_state(cpu, pc, false)) {
        cpu->env.exception_index = EXCP0E_PAGE;
        cpu->env.exception_addr = (uintptr_t)si->si_addr - guest_base;
        cpu->env.exception_is_write = is_write;
        sigemptyset(&set);
        sigaddset(&set, sig);
        pthread_sigmask(SIG_UNBLOCK, &set, NULL);
        cpu_loop_exit(cpu);
    }
    char msg[128];
    int n = snprintf(msg, sizeof(msg), "test_exec: host fault outside generated code at %#lx (address %p)\n",
                     (unsigned long)pc, si->si_addr);
    if (write(2, msg, (size_t)n) < 0)
        _exit(3);
    _exit(3);
}

/* ---- cases ---- */

static void test_sum_loop(CPUState *cpu)
{
    int before = failures;
    uint64_t chains = exec_stats.chains;
    uint64_t want = 0;
    for (uint64_t i = 1; i <= 100000; i++)
        want += i;
    if (run_program(cpu, "sum_loop", sum_loop_start, sum_loop_end, 0, want)) {
        expect_reg("sum_loop", cpu, R_ECX, 0);
        if (exec_stats.chains == chains)
            fail("sum_loop", "no jump was chained");
    }
    pass("sum_loop", before);
    pass("chaining", before);
}

static uint64_t sum_to(uint64_t n)
{
    return n ? n + sum_to(n - 1) : 0;
}

static void test_recursion(CPUState *cpu)
{
    int before = failures;
    uint64_t addr = load_program(recursion_start, recursion_end, 1, 0);
    reset_cpu(cpu, addr);
    uint64_t sp = cpu->env.regs[R_ESP];
    cpu->env.regs[R_EDI] = 2000;
    if (run_to_syscall(cpu, "recursion", addr + 5 + 2)) {
        expect_reg("recursion", cpu, R_EAX, sum_to(2000));
        expect_reg("recursion", cpu, R_ESP, sp);
    }
    pass("recursion", before);
}

static void test_jump_table(CPUState *cpu)
{
    int before = failures;
    uint64_t want = 0;
    for (int i = 0; i < 1000; i++) {
        switch (i & 3) {
        case 0: want += 1; break;
        case 1: want += 10; break;
        case 2: want ^= 0x55; break;
        case 3: want -= 7; break;
        }
    }
    uint64_t addr = load_program(jump_table_start, jump_table_end, 2, 0);
    reset_cpu(cpu, addr);
    /* syscall sits right before the 16-byte table */
    if (run_to_syscall(cpu, "jump_table", addr + (uint64_t)(jump_table_end - jump_table_start) - 16))
        expect_reg("jump_table", cpu, R_EAX, want);
    pass("jump_table", before);
}

/* Thousands of one-instruction blocks, run three times: more code than the
 * buffer holds, so it is flushed in the middle of a run.  Each block ends
 * in a conditional jump (never taken), which the translator cannot follow
 * into the next block as it may an unconditional one. */
static void test_flush(CPUState *cpu)
{
    int before = failures;
    const int nblocks = 6000, passes = 3;
    uint8_t *p = code_area + 8 * 4096;
    uint64_t start = (uintptr_t)p, want = 0;
    page_unprotect_range(start, 40 * 4096);
    for (int i = 0; i < nblocks; i++) {
        uint8_t imm = (uint8_t)(i % 100);
        const uint8_t insn[] = { 0x48, 0x83, 0xc0, imm, 0x0f, 0x80, 0, 0, 0, 0 }; /* add $imm,%rax; jo .+0 */
        memcpy(p, insn, sizeof(insn));
        p += sizeof(insn);
        want += imm;
    }
    want *= passes;
    /* dec %rbx; jnz start; syscall */
    const uint8_t tail[] = { 0x48, 0xff, 0xcb, 0x0f, 0x85 };
    memcpy(p, tail, sizeof(tail));
    p += sizeof(tail);
    int32_t rel = (int32_t)(start - ((uintptr_t)p + 4));
    memcpy(p, &rel, 4);
    p += 4;
    p[0] = 0x0f;
    p[1] = 0x05;
    p += 2;
    if ((size_t)(p - code_area) > CODE_PAGES * 4096) {
        fail("flush", "program does not fit");
        return;
    }
    uint64_t flushes = exec_stats.tb_flushes;
    reset_cpu(cpu, start);
    cpu->env.regs[R_EBX] = passes;
    if (run_to_syscall(cpu, "flush", (uintptr_t)p)) {
        expect_reg("flush", cpu, R_EAX, want);
        if (exec_stats.tb_flushes == flushes)
            fail("flush", "the code buffer was never flushed");
    }
    pass("flush", before);
}

static void test_smc(CPUState *cpu)
{
    int before = failures;
    run_program(cpu, "smc_same_block", smc_same_block_start, smc_same_block_end, 3, 42);
    pass("smc_same_block", before);

    before = failures;
    uint64_t addr = load_program(smc_other_block_start, smc_other_block_end, 4, 0);
    reset_cpu(cpu, addr);
    if (run_to_syscall(cpu, "smc_other_block", addr + (uint64_t)(smc2_done - smc_other_block_start)))
        expect_reg("smc_other_block", cpu, R_EAX, 1 + 5);
    pass("smc_other_block", before);

    before = failures;
    uint64_t invalidations = exec_stats.tb_invalidations;
    uint64_t fn = load_program(return_one_start, return_one_end, 6, 0);
    addr = load_program(smc_other_page_start, smc_other_page_end, 5, 0);
    reset_cpu(cpu, addr);
    cpu->env.regs[R_R8] = fn;
    if (run_to_syscall(cpu, "smc_other_page", addr + (uint64_t)(smc_other_page_end - smc_other_page_start))) {
        expect_reg("smc_other_page", cpu, R_EAX, 1 + 9);
        if (exec_stats.tb_invalidations == invalidations)
            fail("smc_other_page", "no TB was invalidated");
    }
    pass("smc_other_page", before);

    before = failures;
    run_program(cpu, "smc_loop", smc_loop_start, smc_loop_end, 7, 50 * 51 / 2);
    pass("smc_loop", before);

    /* run again: the rewritten code must be what runs now */
    before = failures;
    reset_cpu(cpu, (uintptr_t)code_area + 3 * 4096);
    if (run_to_syscall(cpu, "smc_rerun", (uintptr_t)code_area + 3 * 4096 + (smc_same_block_end - smc_same_block_start)))
        expect_reg("smc_rerun", cpu, R_EAX, 42);
    pass("smc_rerun", before);
}

/* A block whose instruction straddles two pages: a write to the second
 * page (by guest code elsewhere) must invalidate it. */
static void test_smc_second_page(CPUState *cpu)
{
    int before = failures;
    uint8_t *p = code_area + 25 * 4096 - 3;
    uint64_t addr = (uintptr_t)p;
    page_unprotect_range(addr & ~4095ull, 2 * 4096);
    const uint8_t code[] = { 0xb8, 0x01, 0x00, 0x00, 0x00, 0x0f, 0x05 }; /* mov $1,%eax; syscall */
    memcpy(p, code, sizeof(code));
    reset_cpu(cpu, addr);
    if (run_to_syscall(cpu, "smc_second_page", addr + sizeof(code)))
        expect_reg("smc_second_page", cpu, R_EAX, 1);

    /* movb $0x12, (%r8); syscall — r8 = the imm's top byte, on page 25 */
    uint8_t *w = code_area + 26 * 4096 + 64;
    const uint8_t writer[] = { 0x41, 0xc6, 0x00, 0x12, 0x0f, 0x05 };
    memcpy(w, writer, sizeof(writer));
    reset_cpu(cpu, (uintptr_t)w);
    cpu->env.regs[R_R8] = addr + 4;
    run_to_syscall(cpu, "smc_second_page", (uintptr_t)w + sizeof(writer));

    reset_cpu(cpu, addr);
    if (run_to_syscall(cpu, "smc_second_page", addr + sizeof(code)))
        expect_reg("smc_second_page", cpu, R_EAX, 0x12000001);
    pass("smc_second_page", before);
}

/* What the mprotect syscall does: change the host protection, then tell
 * the SMC code.  Code made writable again must be write-protected again
 * while it has translations, so that a write (here: by the host, as a
 * helper would) is noticed. */
static void guest_mprotect_page(uint64_t page, int prot)
{
    mprotect((void *)(uintptr_t)page, 4096, prot & ~PROT_EXEC);
    guest_map_set(page, page + 4096, prot);
    page_protect_after_mprotect(page, 4096, prot);
}

static void test_smc_after_mprotect(CPUState *cpu)
{
    int before = failures;
    uint8_t *p = code_area + 27 * 4096;
    uint64_t addr = (uintptr_t)p;
    const uint8_t code[] = { 0xb8, 0x05, 0x00, 0x00, 0x00, 0x0f, 0x05 }; /* mov $5,%eax; syscall */
    page_unprotect_range(addr, 4096);
    memcpy(p, code, sizeof(code));
    guest_mprotect_page(addr, PROT_READ | PROT_EXEC);
    reset_cpu(cpu, addr);
    if (run_to_syscall(cpu, "smc_after_mprotect", addr + sizeof(code)))
        expect_reg("smc_after_mprotect", cpu, R_EAX, 5);

    guest_mprotect_page(addr, PROT_READ | PROT_WRITE | PROT_EXEC);
    uint64_t invalidations = exec_stats.tb_invalidations;
    *(volatile uint8_t *)&p[1] = 6;
    /* the invalidation happens in the fault handler, behind the compiler's back */
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    if (exec_stats.tb_invalidations == invalidations)
        fail("smc_after_mprotect", "writing translated code after mprotect did not invalidate it");
    reset_cpu(cpu, addr);
    if (run_to_syscall(cpu, "smc_after_mprotect", addr + sizeof(code)))
        expect_reg("smc_after_mprotect", cpu, R_EAX, 6);

    /* no longer executable: its translations go */
    invalidations = exec_stats.tb_invalidations;
    guest_mprotect_page(addr, PROT_READ | PROT_WRITE);
    if (exec_stats.tb_invalidations == invalidations)
        fail("smc_after_mprotect", "code made non-executable kept its translations");
    guest_mprotect_page(addr, PROT_READ | PROT_WRITE | PROT_EXEC);
    pass("smc_after_mprotect", before);
}

static void test_precise_fault(CPUState *cpu)
{
    int before = failures;
    uint64_t addr = load_program(fault_mid_block_start, fault_mid_block_end, 20, 0);
    reset_cpu(cpu, addr);
    int r = cpu_exec(cpu);
    uint64_t want_rip = addr + (uint64_t)(fault_insn - fault_mid_block_start);
    if (r != EXCP0E_PAGE)
        fail("precise_fault", "cpu_exec returned %#x, expected EXCP0E_PAGE", r);
    else if (cpu->env.rip != want_rip)
        fail("precise_fault", "rip %#llx, expected %#llx", (unsigned long long)cpu->env.rip,
             (unsigned long long)want_rip);
    expect_reg("precise_fault", cpu, R_EAX, 1);
    expect_reg("precise_fault", cpu, R_EBX, 2);
    pass("precise_fault", before);
}

/* Every path through a superblock, in an order that enters it with its
 * side exits chained and not yet chained; then a fault after a side
 * exit the block went past leaves the registers of that point. */
static void test_superblock(CPUState *cpu)
{
    int before = failures;
    uint64_t addr = load_program(superblock_start, superblock_end, 25, 0);
    uint64_t chains = exec_stats.chains;
    static const uint64_t inputs[] = { 0, 1, 2, 3, 6, 7, 5, 4, 9, 8, 0, 7 };
    for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
        uint64_t rax, rcx, rdx;
        superblock_model(inputs[i], &rax, &rcx, &rdx);
        reset_cpu(cpu, addr);
        cpu->env.regs[R_EDI] = inputs[i];
        if (!run_to_syscall(cpu, "superblock", addr + (uint64_t)(superblock_end - superblock_start)))
            break;
        expect_reg("superblock", cpu, R_EAX, rax);
        expect_reg("superblock", cpu, R_ECX, rcx);
        expect_reg("superblock", cpu, R_EDX, rdx);
    }
    /* the first block went on past its first jcc, and its exits chained */
    uint64_t fall = addr + (uint64_t)(sb_fall - superblock_start);
    if (!tb_is_cached(addr, cpu->env.hflags) || tb_is_cached(fall, cpu->env.hflags))
        fail("superblock", "the block did not go on past its first jcc");
    if (exec_stats.chains - chains < 4)
        fail("superblock", "%llu jumps chained, expected at least 4", (unsigned long long)(exec_stats.chains - chains));
    addr = load_program(fault_after_side_exit_start, fault_after_side_exit_end, 26, 0);
    reset_cpu(cpu, addr);
    int r = cpu_exec(cpu);
    uint64_t want_rip = addr + (uint64_t)(fault2_insn - fault_after_side_exit_start);
    if (r != EXCP0E_PAGE || cpu->env.rip != want_rip)
        fail("superblock", "the fault after a side exit returned %#x at rip %#llx, expected %#llx", r,
             (unsigned long long)cpu->env.rip, (unsigned long long)want_rip);
    expect_reg("superblock", cpu, R_EAX, 1);
    expect_reg("superblock", cpu, R_EBX, 2);
    pass("superblock", before);
}

/* A jump to unmapped memory is a page fault at that address, and the
 * engine goes on working afterwards (nothing left locked). */
static void test_fetch_fault(CPUState *cpu)
{
    int before = failures;
    uint64_t nowhere = 0x1000;
    reset_cpu(cpu, nowhere);
    int r = cpu_exec(cpu);
    if (r != EXCP0E_PAGE || cpu->env.rip != nowhere)
        fail("fetch_fault", "returned %#x at rip %#llx", r, (unsigned long long)cpu->env.rip);
    run_program(cpu, "fetch_fault", sum_loop_start, sum_loop_end, 0, 5000050000ull);
    pass("fetch_fault", before);
}

static void test_exit_request(CPUState *cpu)
{
    int before = failures;
    uint64_t addr = load_program(spin_start, spin_end, 21, 0);
    reset_cpu(cpu, addr);
    cpu_exit(cpu);
    int r = cpu_exec(cpu);
    if (r != EXCP_INTERRUPT || cpu->env.rip != addr)
        fail("exit_request", "returned %#x at rip %#llx", r, (unsigned long long)cpu->env.rip);
    pass("exit_request", before);
}

/* The indirect-jump lookup finds translated blocks and nothing else. */
static void test_lookup_tb_ptr(CPUState *cpu)
{
    int before = failures;
    uint64_t never = (uintptr_t)code_area + 23 * 4096;
    uint64_t addr = (uintptr_t)code_area; /* sum_loop, translated by now */
    cpu->env.rip = never;
    if (helper_lookup_tb_ptr(&cpu->env) != tcg_prologue.epilogue_return_zero)
        fail("lookup_tb_ptr", "found code for a block never translated");
    run_program(cpu, "lookup_tb_ptr", sum_loop_start, sum_loop_end, 0, 5000050000ull);
    cpu->env.rip = addr;
    const void *code = helper_lookup_tb_ptr(&cpu->env);
    TranslationBlock *tb = tb_find_by_host_pc((uintptr_t)code);
    if (code == tcg_prologue.epilogue_return_zero || !tb || tb->pc != addr || tb->tc_ptr != code)
        fail("lookup_tb_ptr", "translated block not found");
    tb_flush(cpu);
    if (helper_lookup_tb_ptr(&cpu->env) != tcg_prologue.epilogue_return_zero)
        fail("lookup_tb_ptr", "flushed block still found");
    pass("lookup_tb_ptr", before);
}

/* Run host code that does exec_gen_lookup_and_goto_ptr on env->rip: the
 * block found runs to its syscall (which unwinds to jmp_env); a miss
 * returns 0 from tb_exec. */
static uintptr_t run_inline_lookup(CPUState *cpu, const uint8_t *code, bool *raised)
{
    volatile uintptr_t ret = 0;
    *raised = false;
    if (sigsetjmp(cpu->jmp_env, 0) == 0)
        ret = tcg_prologue.tb_exec(&cpu->env, code);
    else
        *raised = true;
    return ret;
}

static void test_inline_lookup(CPUState *cpu)
{
    int before = failures;
    TCGContext *s = cpu->tcg;
    size_t size = 64 * 1024;
    uint8_t *buf = mmap(NULL, size, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    tcg_func_start(s);
    exec_gen_lookup_and_goto_ptr(s, x86_globals.rip, cpu->env.hflags);
    s->code_buf = s->code_ptr = buf;
    s->code_end = buf + size;
    if (tcg_gen_code(s, s->info) < 0) {
        fail("inline_lookup", "code generation failed");
        return;
    }
    /* hit: sum_loop, translated and in the jump cache */
    uint64_t addr = (uintptr_t)code_area;
    run_program(cpu, "inline_lookup", sum_loop_start, sum_loop_end, 0, 5000050000ull);
    bool raised;
    uint64_t helper_calls = cpu->stats.helper_lookups, inline_hits = cpu->stats.inline_hits;
    reset_cpu(cpu, addr);
    run_inline_lookup(cpu, buf, &raised);
    if (!raised || cpu->env.exception_index != EXCP_SYSCALL || cpu->env.regs[R_EAX] != 5000050000ull)
        fail("inline_lookup", "a cached block was not entered (exception %d, rax %llu)", cpu->env.exception_index,
             (unsigned long long)cpu->env.regs[R_EAX]);
    if (cpu->stats.helper_lookups != helper_calls)
        fail("inline_lookup", "the hit went through the helper");
    if (cpu->stats.inline_hits != inline_hits + 1)
        fail("inline_lookup", "-d stats counted %llu inline hits for one",
             (unsigned long long)(cpu->stats.inline_hits - inline_hits));
    /* miss: an address never translated */
    reset_cpu(cpu, (uintptr_t)code_area + 23 * 4096);
    uintptr_t ret = run_inline_lookup(cpu, buf, &raised);
    if (raised || ret != 0)
        fail("inline_lookup", "an untranslated address did not return to the cpu loop");
    /* an invalidated block is not entered */
    page_unprotect_range(addr, 4096);
    reset_cpu(cpu, addr);
    ret = run_inline_lookup(cpu, buf, &raised);
    if (raised || ret != 0)
        fail("inline_lookup", "an invalidated block was entered");
    /* a block translated for other flags is not entered from code
     * translated for these (their tags differ) */
    uint32_t usual = cpu->env.hflags;
    cpu->env.hflags = usual | HF_X87_NONDEF;
    run_program(cpu, "inline_lookup", sum_loop_start, sum_loop_end, 0, 5000050000ull);
    cpu->env.hflags = usual;
    reset_cpu(cpu, addr);
    ret = run_inline_lookup(cpu, buf, &raised);
    if (raised || ret != 0)
        fail("inline_lookup", "a block of other flags was entered");
    /* guest address 0 has the tag of an empty entry: back to the cpu loop */
    reset_cpu(cpu, 0);
    ret = run_inline_lookup(cpu, buf, &raised);
    if (raised || ret != 0)
        fail("inline_lookup", "a jump to 0 did not return to the cpu loop");
    munmap(buf, size);
    pass("inline_lookup", before);
}

/* ---- a second vCPU ---- */

static int spinner_state; /* 0 starting, 1 running, 2 told to stop */
static CPUState *spinner_cpu;
static uint64_t spin_addr;
static int spinner_exits;

static void *spinner_thread(void *arg)
{
    (void)arg;
    CPUState *cpu = cpu_create();
    x86_cpu_init(&cpu->env, "max");
    reset_cpu(cpu, spin_addr);
    spinner_cpu = cpu;
    __atomic_store_n(&spinner_state, 1, __ATOMIC_SEQ_CST);
    void *result = NULL;
    while (__atomic_load_n(&spinner_state, __ATOMIC_SEQ_CST) != 2) {
        int r = cpu_exec(cpu);
        if (r != EXCP_INTERRUPT || cpu->env.rip != spin_addr) {
            result = (void *)1;
            break;
        }
        __atomic_fetch_add(&spinner_exits, 1, __ATOMIC_SEQ_CST);
    }
    cpu_destroy(cpu);
    return result;
}

/* Exclusive sections and flushes while another vCPU spins in a chained
 * loop: both must stop it at a block start and let it go on. */
static bool wait_for_exits(int count)
{
    for (int i = 0; i < 2000 && __atomic_load_n(&spinner_exits, __ATOMIC_SEQ_CST) < count; i++)
        usleep(1000);
    return __atomic_load_n(&spinner_exits, __ATOMIC_SEQ_CST) >= count;
}

/* The spinner's round count; it must move while the spinner runs. */
static uint64_t spin_rounds(void)
{
    return __atomic_load_n(initial_stack_top(), __ATOMIC_SEQ_CST);
}

static bool spin_rounds_move(void)
{
    uint64_t before = spin_rounds();
    for (int i = 0; i < 2000 && spin_rounds() == before; i++)
        usleep(1000);
    return spin_rounds() != before;
}

/* Each spin program is a loop whose exits all leave rip at its start.
 * Whether the other vCPU is stopped is judged by its guest code: its
 * running flag may be up for a moment while it waits to be let in. */
static void test_second_vcpu(const char *name, const uint8_t *start, const uint8_t *end, int page)
{
    int before = failures;
    pthread_t t;
    spin_addr = load_program(start, end, page, 0);
    spinner_state = 0;
    spinner_exits = 0;
    *initial_stack_top() = 0;
    pthread_create(&t, NULL, spinner_thread, NULL);
    while (__atomic_load_n(&spinner_state, __ATOMIC_SEQ_CST) != 1)
        usleep(1000);
    if (!spin_rounds_move())
        fail(name, "the other vCPU does not run its loop");
    start_exclusive();
    uint64_t rounds = spin_rounds();
    usleep(20000);
    bool stopped = spin_rounds() == rounds;
    end_exclusive();
    if (!stopped)
        fail(name, "the other vCPU kept running in an exclusive section");
    if (!wait_for_exits(1))
        fail(name, "the exclusive section did not kick the other vCPU out");
    if (!spin_rounds_move())
        fail(name, "the other vCPU did not go on after the exclusive section");
    /* flush its block under its feet; it must retranslate and go on */
    tb_flush(NULL);
    if (!spin_rounds_move())
        fail(name, "the other vCPU did not go on after a flush");
    int exits = __atomic_load_n(&spinner_exits, __ATOMIC_SEQ_CST);
    cpu_exit(spinner_cpu);
    if (!wait_for_exits(exits + 1))
        fail(name, "the other vCPU does not answer exit requests after a flush");
    __atomic_store_n(&spinner_state, 2, __ATOMIC_SEQ_CST);
    cpu_exit(spinner_cpu);
    void *ret;
    pthread_join(t, &ret);
    if (ret)
        fail(name, "the other vCPU left its loop with a wrong exit or rip");
    pass(name, before);
}

/* Two vCPUs run loops (and rewrite their own code) while a third thread
 * flushes the code buffer over and over: every result must be right. */
#define STRESS_ROUNDS 150
static int stress_running;

static void *stress_thread(void *arg)
{
    int page = (int)(intptr_t)arg;
    CPUState *cpu = cpu_create();
    x86_cpu_init(&cpu->env, "max");
    uintptr_t bad = 0;
    for (int round = 0; round < STRESS_ROUNDS && !bad; round++) {
        if (!run_program(cpu, "threads_stress", smc_loop_start, smc_loop_end, page, 50 * 51 / 2))
            bad = 1;
    }
    cpu_destroy(cpu);
    __atomic_fetch_sub(&stress_running, 1, __ATOMIC_SEQ_CST);
    return (void *)bad;
}

static void test_threads_stress(void)
{
    int before = failures;
    pthread_t t[2];
    stress_running = 2;
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, stress_thread, (void *)(intptr_t)(30 + i));
    int flushes = 0;
    while (__atomic_load_n(&stress_running, __ATOMIC_SEQ_CST) > 0) {
        tb_flush(NULL);
        flushes++;
        usleep(200);
    }
    for (int i = 0; i < 2; i++) {
        void *ret;
        pthread_join(t[i], &ret);
        if (ret)
            fail("threads_stress", "vCPU %d computed a wrong result", i);
    }
    if (flushes < 2)
        fail("threads_stress", "only %d flushes ran", flushes);
    pass("threads_stress", before);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    /* TEST_EXEC_LOG=in_asm,op,... turns on tern's -d logs for debugging */
    unsigned mask = 0;
    if (getenv("TEST_EXEC_LOG") && !tern_log_parse(getenv("TEST_EXEC_LOG"), &mask))
        return 2;
    tern_log_mask = mask | LOG_STATS;
    tern_log_file = stderr;
    tcg_exec_init(1 << 20);

    struct sigaction sa = { .sa_sigaction = on_host_fault, .sa_flags = SA_SIGINFO };
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);

    code_area = map_guest(CODE_PAGES * 4096, PROT_READ | PROT_WRITE | PROT_EXEC);
    stack_area = map_guest(STACK_SIZE, PROT_READ | PROT_WRITE);
    CPUState *cpu = cpu_create();
    if (!x86_cpu_init(&cpu->env, "max")) {
        printf("FAIL setup: x86_cpu_init\n");
        return 1;
    }

    test_sum_loop(cpu);
    test_recursion(cpu);
    test_jump_table(cpu);
    test_smc(cpu);
    test_smc_second_page(cpu);
    test_smc_after_mprotect(cpu);
    test_precise_fault(cpu);
    test_superblock(cpu);
    test_fetch_fault(cpu);
    test_exit_request(cpu);
    test_lookup_tb_ptr(cpu);
    test_inline_lookup(cpu);
    test_flush(cpu);
    test_second_vcpu("second_vcpu", spin_start, spin_end, 22);
    test_second_vcpu("second_vcpu_pair", spin_pair_start, spin_pair_end, 23);
    test_second_vcpu("second_vcpu_indirect", spin_indirect_start, spin_indirect_end, 24);
    test_threads_stress();
    return failures ? 1 : 0;
}

/* insn_faults.c — precise state at faults inside integer instructions:
 * a REP string instruction that runs into an unmapped page stops with
 * rcx/rsi/rdi exactly at the faulting element (both directions); a
 * locked RMW and cmpxchg16b fault without side effects; a jump to an
 * unmapped address and an instruction whose bytes run into an unmapped
 * page fault at their start.  The handler prints the signal, the fault
 * address and registers relative to known bases, then siglongjmps. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

static sigjmp_buf escape;
static uint8_t *area;   /* two pages: RW, then PROT_NONE */
static uintptr_t expect_pc;
static int show;        /* 1: rcx, 2: rsi, 4: rdi, 8: rax */

static void handler(int sig, siginfo_t *info, void *ucv)
{
    ucontext_t *uc = ucv;
    greg_t *g = uc->uc_mcontext.gregs;
    long base = (long)(uintptr_t)area;
    long addr = sig != SIGSEGV             ? (long)((uintptr_t)info->si_addr - expect_pc)
                : info->si_addr == NULL ? 0
                                        : (long)((uintptr_t)info->si_addr - (uintptr_t)area);
    printf("  sig %d addr %+ld pc %s", sig, addr,
           (uintptr_t)g[REG_RIP] == expect_pc ? "expected" : "other");
    if (show & 1)
        printf(" rcx %lld", (long long)g[REG_RCX]);
    if (show & 2)
        printf(" rsi %+ld", (long)((uintptr_t)g[REG_RSI] - (uintptr_t)area));
    if (show & 4)
        printf(" rdi %+ld", (long)((uintptr_t)g[REG_RDI] - (uintptr_t)area));
    if (show & 8)
        printf(" rax %llx", (unsigned long long)g[REG_RAX]);
    printf("\n");
    siglongjmp(escape, 1);
}

#define TRY(name, regs, pre, insn, ...)                                                      \
    do {                                                                                     \
        printf("%s\n", #name);                                                              \
        extern const char name##_pc[];                                                       \
        expect_pc = (uintptr_t)name##_pc;                                                    \
        show = regs;                                                                         \
        if (sigsetjmp(escape, 1) == 0) {                                                     \
            __asm__ volatile(pre "\n.globl " #name "_pc\n" #name "_pc:\n\t" insn "\n\tcld"  \
                             : __VA_ARGS__);                                                 \
            printf("  no fault\n");                                                          \
        }                                                                                    \
        __asm__ volatile("cld");                                                             \
    } while (0)

#define P 4096

int main(void)
{
    area = mmap(NULL, 2 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    mprotect(area + P, P, PROT_NONE);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGFPE, &sa, NULL);
    memset(area, 0x5a, P);

    uint64_t c, s, d, a;
    c = 100, s = (uint64_t)area, d = (uint64_t)area + P - 37, a = 0;
    TRY(movsb_fwd, 7, "", "rep movsb", "+c"(c), "+S"(s), "+D"(d) : : "memory");
    c = 50, s = (uint64_t)area + P - 8 * 5, d = (uint64_t)area, a = 0;
    TRY(movsq_src, 7, "", "rep movsq", "+c"(c), "+S"(s), "+D"(d) : : "memory");
    c = 40, d = (uint64_t)area + P - 12, a = 0x1122334455667788ull;
    TRY(stosl_fwd, 5, "", "rep stosl", "+c"(c), "+D"(d), "+a"(a) : : "memory");
    memset(area + 100, 0x5a, 64);
    memset(area + P - 64, 0x5a, 64);
    c = 64, s = (uint64_t)area + 100, d = (uint64_t)area + P - 20;
    TRY(cmpsb_fwd, 7, "", "repe cmpsb", "+c"(c), "+S"(s), "+D"(d) : : "memory", "cc");
    c = 30, d = (uint64_t)area + P + 8, a = 0x5a;
    TRY(scasb_back, 5, "std", "repe scasb", "+c"(c), "+D"(d), "+a"(a) : : "memory", "cc");
    c = 7, s = (uint64_t)area + P + 64, d = (uint64_t)area + 64;
    TRY(movsw_back, 7, "std", "rep movsw", "+c"(c), "+S"(s), "+D"(d) : : "memory");
    d = (uint64_t)area + P + 4, a = 1;
    TRY(lock_add, 12, "", "lock addq %%rax, (%%rdi)", "+D"(d), "+a"(a) : : "memory", "cc");
    d = (uint64_t)area + 8, a = 0, c = 0;
    TRY(cx16_misaligned, 4, "", "cmpxchg16b (%%rdi)", "+D"(d), "+a"(a), "+c"(c) : : "memory", "cc", "rdx", "rbx");
    a = 0x8000000000000000ull, c = (uint64_t)-1;
    TRY(idiv_overflow, 9, "cqo", "idivq %%rcx", "+a"(a), "+c"(c) : : "memory", "cc", "rdx");

    /* code: a jump to an unmapped page, and an instruction cut by one */
    uint8_t *code = mmap(NULL, 2 * P, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    mprotect(code + P, P, PROT_NONE);
    printf("jump to unmapped\n");
    if (sigsetjmp(escape, 1) == 0) {
        expect_pc = (uintptr_t)(code + P);
        show = 0;
        area = code;
        ((void (*)(void))(code + P))();
        printf("  no fault\n");
    }
    printf("instruction across the page end\n");
    uint8_t *insn = code + P - 3;   /* b8 imm32: mov $imm, %eax needs 5 bytes */
    insn[0] = 0xb8, insn[1] = 0x11, insn[2] = 0x22;
    if (sigsetjmp(escape, 1) == 0) {
        expect_pc = (uintptr_t)insn;
        ((void (*)(void))insn)();
        printf("  no fault\n");
    }
    return 0;
}

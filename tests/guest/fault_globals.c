/* Precise registers and flags at a fault that follows, in the same block,
 * a run of register writes, flag-setting arithmetic and a successful
 * store: a translator that keeps guest registers in host registers across
 * memory accesses (rather than writing them back before each) must still
 * show the handler every one of them as of the faulting instruction.  The
 * handler prints them (the arithmetic flags too) and skips the load. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

static const int shown[] = { REG_RAX, REG_RCX, REG_RDX, REG_RSI, REG_RDI, REG_R8, REG_R9, REG_R10, REG_R12, REG_R13 };
static const char *const names[] = { "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r12", "r13" };
static long long seen[10], seen_flags;

/* the faulting instruction is "mov (%r11), %r10": 4d 8b 13 */
static void handler(int sig, siginfo_t *info, void *ctx)
{
    (void)sig;
    (void)info;
    ucontext_t *uc = ctx;
    for (int i = 0; i < 10; i++)
        seen[i] = uc->uc_mcontext.gregs[shown[i]];
    seen_flags = uc->uc_mcontext.gregs[REG_EFL] & 0x8d5; /* OF SF ZF AF PF CF */
    uc->uc_mcontext.gregs[REG_RIP] += 3;
}

static long long cell;

static void run(long long a, void *bad)
{
    __asm__ volatile("mov %[a], %%rax\n\t"
                     "add $5, %%rax\n\t"
                     "lea 7(%%rax), %%rcx\n\t"
                     "imul $3, %%rcx, %%rdx\n\t"
                     "mov %%rdx, %%rsi\n\t"
                     "xor $0x55, %%rsi\n\t"
                     "mov %%rsi, (%[cell])\n\t" /* a store that succeeds */
                     "mov %%rsi, %%rdi\n\t"
                     "shl $3, %%rdi\n\t"
                     "mov %%rdi, %%r8\n\t"
                     "sub %%rax, %%r8\n\t"
                     "lea (%%r8,%%rcx,2), %%r9\n\t"
                     "mov %%r9, %%r12\n\t"
                     "ror $7, %%r12\n\t"
                     "mov %%r12, %%r13\n\t"
                     "not %%r13\n\t"
                     "mov $-1, %%r10\n\t"
                     "mov %[bad], %%r11\n\t"
                     "cmp %%r8, %%rcx\n\t" /* the flags the handler must see */
                     ".byte 0x4d, 0x8b, 0x13\n\t"
                     "add $1, %%rax\n\t"
                     "mov %%rax, (%[cell])\n\t"
                     :
                     : [a] "r"(a), [bad] "r"(bad), [cell] "r"(&cell)
                     : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13", "cc", "memory");
}

/* The same with guest state the translator knows as constants at the
 * fault: wide and narrow register values, and lazy flags whose operand
 * (cmp/sub with an immediate) or whole state (all operands constant) is
 * constant, after test (flags kind only) and after inc (carry kept from
 * the cmp before it). */
#define CONST_SCENARIO(name, flag_setting)                                                        \
    static void name(long long a, void *bad)                                                      \
    {                                                                                             \
        __asm__ volatile("mov %[a], %%rdi\n\t"                                                    \
                         "movabs $0x123456789abcdef0, %%rax\n\t"                                  \
                         "mov $7, %%rcx\n\t"                                                       \
                         "mov $-3, %%rdx\n\t"                                                      \
                         "lea 5(%%rcx), %%rsi\n\t"                                                 \
                         "mov %[bad], %%r11\n\t" flag_setting                                      \
                         ".byte 0x4d, 0x8b, 0x13\n\t"                                              \
                         "add $1, %%rax\n\t"                                                       \
                         "mov %%rax, (%[cell])\n\t"                                                \
                         :                                                                        \
                         : [a] "r"(a), [bad] "r"(bad), [cell] "r"(&cell)                          \
                         : "rax", "rcx", "rdx", "rsi", "rdi", "r10", "r11", "cc", "memory");      \
    }
CONST_SCENARIO(sub_imm, "sub $9, %%rdi\n\t")
CONST_SCENARIO(cmp_consts, "cmp $0x1234, %%rcx\n\t")
CONST_SCENARIO(test_reg, "test %%rdi, %%rdi\n\t")
CONST_SCENARIO(inc_after_cmp, "cmp $100, %%rdi\n\tinc %%rdi\n\t")

/* The first n registers of shown[] (the scenarios set only rax .. rdi). */
static void print_seen(const char *what, long long input, int n)
{
    printf("%s %lld:", what, input);
    for (int i = 0; i < n; i++)
        printf(" %s=%llx", names[i], (unsigned long long)seen[i]);
    printf(" flags=%llx cell=%llx\n", (unsigned long long)seen_flags, (unsigned long long)cell);
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    void *bad = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    long long inputs[] = { 0, 1, -5, 12345, -1, 0x7fffffffffffff00LL, 42 };
    for (unsigned k = 0; k < sizeof(inputs) / sizeof(inputs[0]); k++) {
        run(inputs[k], bad);
        print_seen("input", inputs[k], 10);
        sub_imm(inputs[k], bad);
        print_seen("sub_imm", inputs[k], 5);
        cmp_consts(inputs[k], bad);
        print_seen("cmp_consts", inputs[k], 5);
        test_reg(inputs[k], bad);
        print_seen("test_reg", inputs[k], 5);
        inc_after_cmp(inputs[k], bad);
        print_seen("inc_after_cmp", inputs[k], 5);
    }
    return 0;
}

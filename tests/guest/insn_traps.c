/* insn_traps.c — instructions that fault in user mode and the signal
 * Linux turns each into: ud2 and a misplaced LOCK (SIGILL at the
 * instruction), hlt/cli/sti/in/out and int $n (SIGSEGV), int3 (SIGTRAP
 * after it), div by zero (SIGFPE).  The handler records the signal and
 * whether the reported pc is the expected one, then escapes with
 * siglongjmp.  Needs guest signal delivery. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

static sigjmp_buf escape;
static volatile int got_sig;
static volatile unsigned long got_pc;

static void handler(int sig, siginfo_t *info, void *uc)
{
    (void)info;
    got_sig = sig;
    got_pc = (unsigned long)((ucontext_t *)uc)->uc_mcontext.gregs[REG_RIP];
    siglongjmp(escape, 1);
}

#define TRAP(name, body)                                                                     \
    do {                                                                                     \
        extern const char name##_at[], name##_after[];                                       \
        got_sig = 0;                                                                         \
        if (sigsetjmp(escape, 1) == 0) {                                                     \
            __asm__ volatile(".globl " #name "_at, " #name "_after\n" #name "_at:\n\t" body  \
                             "\n" #name "_after:\n\tnop" ::: "memory", "rax", "rdx", "rcx"); \
            printf("%-8s no signal\n", #name);                                               \
        } else {                                                                             \
            const char *where = got_pc == (unsigned long)name##_at      ? "at"             \
                                : got_pc == (unsigned long)name##_after ? "after"          \
                                                                        : "elsewhere";     \
            printf("%-8s signal %d %s\n", #name, got_sig, where);                            \
        }                                                                                    \
    } while (0)

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGTRAP, &sa, NULL);
    sigaction(SIGFPE, &sa, NULL);
    TRAP(ud2, "ud2");
    TRAP(locknop, ".byte 0xf0, 0x90");
    TRAP(lockreg, ".byte 0xf0, 0x01, 0xc2");
    TRAP(hlt, "hlt");
    TRAP(cli, "cli");
    TRAP(inb, "inb $0x60, %%al");
    TRAP(outb, "outb %%al, %%dx");
    TRAP(int3, "int3");
    TRAP(divz, "xorl %%ecx, %%ecx\n\tdivl %%ecx");
    TRAP(idivov, "movq $0x8000000000000000, %%rax\n\tcqo\n\tmovq $-1, %%rcx\n\tidivq %%rcx");
    TRAP(rdmsr, "rdmsr");
    return 0;
}

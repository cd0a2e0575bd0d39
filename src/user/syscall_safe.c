/* syscall_safe.c — host calls made for the guest that a guest signal can
 * interrupt without a lost wake-up.
 *
 * A signal caught on the host is delivered to the guest by the cpu loop
 * once the current syscall returns.  If it arrives after do_syscall
 * started but before the host kernel entered a blocking call, that call
 * would sleep with the guest's handler still waiting: a read that the
 * handler was meant to interrupt (SIGALRM timeouts) would block for ever.
 * So the call is made by a small assembly stub that first checks, with
 * the signal pending word in hand, that nothing deliverable has arrived;
 * a signal landing between that check and the syscall instruction finds
 * its program counter inside the stub, and the host handler moves it to
 * an exit that reports "not started": the syscall is then restarted
 * after the guest's handler has run, which is what natively happens to a
 * signal that arrives just before a call. */
#define _GNU_SOURCE
#include "user/user.h"

#include <ucontext.h>

#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)

long safe_syscall_base(const uint64_t *pending, uint64_t unblocked, long nr, const uint64_t *args);
extern const char safe_syscall_start[], safe_syscall_end[], safe_syscall_not_started[];

__asm__(".text\n"
        ".globl safe_syscall_base\n"
        ".type safe_syscall_base, @function\n"
        "safe_syscall_base:\n"
        "    push %rbx\n"
        "    mov %rdi, %rbx\n"      /* the pending word */
        "    mov %rsi, %r11\n"      /* signals the guest does not block */
        "    mov %rdx, %rax\n"
        "    mov %rcx, %r10\n"
        "    mov 0(%r10), %rdi\n"
        "    mov 8(%r10), %rsi\n"
        "    mov 16(%r10), %rdx\n"
        "    mov 32(%r10), %r8\n"
        "    mov 40(%r10), %r9\n"
        "    mov 24(%r10), %r10\n"
        ".globl safe_syscall_start\n"
        "safe_syscall_start:\n"
        "    mov (%rbx), %rcx\n"
        "    and %r11, %rcx\n"
        "    jnz safe_syscall_not_started\n"
        "    syscall\n"
        ".globl safe_syscall_end\n"
        "safe_syscall_end:\n"
        "    pop %rbx\n"
        "    ret\n"
        ".globl safe_syscall_not_started\n"
        "safe_syscall_not_started:\n"
        "    mov $-" STRINGIFY(TERN_ERESTART) ", %rax\n"
        "    pop %rbx\n"
        "    ret\n"
        ".size safe_syscall_base, . - safe_syscall_base\n");

long safe_host_syscall(TaskState *ts, long nr, const uint64_t a[6])
{
    return safe_syscall_base(&ts->pending, ~ts->sigmask, nr, a);
}

void safe_syscall_check_interrupted(void *host_ucontext)
{
    ucontext_t *uc = host_ucontext;
    uintptr_t pc = uc->uc_mcontext.gregs[REG_RIP];
    if (pc >= (uintptr_t)safe_syscall_start && pc < (uintptr_t)safe_syscall_end)
        uc->uc_mcontext.gregs[REG_RIP] = (greg_t)(uintptr_t)safe_syscall_not_started;
}

/* Instruction traps become the right signals at the right address: ud2 ->
 * SIGILL (ILL_ILLOPN), int3 -> SIGTRAP, hlt and a privileged instruction in
 * user mode -> SIGSEGV.  The handler reports the signal, its code and how
 * far the saved rip (and, for SIGILL, si_addr) is from the trap site. */
#define _GNU_SOURCE
#include <stdio.h>
#include <signal.h>
#include <setjmp.h>
#include <string.h>
#include <stdint.h>
#include <ucontext.h>

static sigjmp_buf escape;
static volatile int got_sig, got_code;
static volatile uintptr_t got_rip, got_addr;

static void handler(int sig, siginfo_t *info, void *ctx)
{
    ucontext_t *uc = ctx;
    got_sig = sig;
    got_code = info->si_code;
    got_addr = (uintptr_t)info->si_addr;
    got_rip = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
    siglongjmp(escape, 1);
}

/* Each trap site is a global label so the expected address is known. */
__asm__(".text\n"
        ".globl trap_ud2\n trap_ud2: ud2\n ret\n"
        ".globl trap_int3\n trap_int3: int3\n ret\n"
        ".globl trap_hlt\n trap_hlt: hlt\n ret\n"
        ".globl trap_cli\n trap_cli: cli\n ret\n"
        ".globl trap_inb\n trap_inb: inb $0x60, %al\n ret\n");
void trap_ud2(void), trap_int3(void), trap_hlt(void), trap_cli(void), trap_inb(void);

static void try_trap(const char *name, void (*fn)(void))
{
    got_sig = 0;
    if (sigsetjmp(escape, 1) == 0) {
        fn();
        printf("%-5s no trap\n", name);
        return;
    }
    printf("%-5s %-7s code %d rip %+ld addr %+ld\n", name, sigabbrev_np(got_sig), got_code,
           (long)(got_rip - (uintptr_t)fn), got_sig == SIGILL ? (long)(got_addr - (uintptr_t)fn) : 0L);
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGTRAP, &sa, NULL);
    sigaction(SIGSEGV, &sa, NULL);
    for (int round = 0; round < 3; round++) {
        try_trap("ud2", trap_ud2);
        try_trap("int3", trap_int3);
        try_trap("hlt", trap_hlt);
        try_trap("cli", trap_cli);
        try_trap("inb", trap_inb);
    }
    return 0;
}

/* sig_context.c — the handler's ucontext holds the interrupted registers
 * and FP state (fxsave layout behind uc_mcontext.fpregs) and changes made
 * there take effect on return: a faulting load is skipped by advancing
 * REG_RIP, rax is replaced, and an xmm register and the x87 control word
 * set in the handler's fpstate are live after rt_sigreturn. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

static volatile int seen_fp, seen_mxcsr_ok, seen_xmm1;
static volatile unsigned seen_uc_flags_ss;

static void on_segv(int sig, siginfo_t *info, void *ctx)
{
    (void)sig;
    ucontext_t *uc = ctx;
    fpregset_t fp = uc->uc_mcontext.fpregs;
    seen_fp = fp != NULL && ((uintptr_t)fp & 15) == 0;
    if (fp) {
        seen_mxcsr_ok = (fp->mxcsr & 0xffc0) == 0x1f80;
        seen_xmm1 = (int)fp->_xmm[1].element[0];
        fp->_xmm[1].element[0] = 0x1234567;
        fp->cwd = 0x27f; /* double precision */
    }
    seen_uc_flags_ss = uc->uc_flags & 2;
    uc->uc_mcontext.gregs[REG_RAX] = (greg_t)info->si_addr + 1;
    uc->uc_mcontext.gregs[REG_RIP] += 3; /* mov (%rdx),%rax is 48 8b 02 */
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);

    long rax;
    int xmm1_after;
    unsigned short cw_after;
    __asm__ volatile("mov $77, %%ecx\n movd %%ecx, %%xmm1\n"
                     "mov $0x40, %%edx\n"
                     "mov (%%rdx), %%rax\n"
                     "movd %%xmm1, %[x]\n"
                     "fnstcw %[cw]\n"
                     : "=a"(rax), [x] "=r"(xmm1_after), [cw] "=m"(cw_after)
                     :
                     : "rcx", "rdx", "xmm1", "memory");
    printf("fpregs present %d mxcsr ok %d xmm1 in handler %d\n", seen_fp, seen_mxcsr_ok, seen_xmm1);
    printf("rax after %#lx xmm1 after %#x cw after %#x\n", rax, xmm1_after, cw_after);
    unsigned short cw = 0x37f;
    __asm__ volatile("fldcw %0" ::"m"(cw));
    printf("uc_flags has UC_SIGCONTEXT_SS %d\n", seen_uc_flags_ss != 0);
    return 0;
}

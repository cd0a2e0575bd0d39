/* The guest stack pointer as a fault, a signal handler and a helper see
 * it, right after instructions that moved it, in the same block and in
 * the block before: a translator that keeps rsp in a host register
 * across blocks (writing it to memory only at exits and before helpers)
 * must show every observer the value of the interrupted instruction.
 * Each case moves rsp 0x1238 below its start (kept in r14) and pushes,
 * then stops: a faulting load, a block that names a dozen other
 * registers and then faults, ud2, a kill syscall, a timer signal during
 * a loop of pushes and pops.  The handler records rsp - r14, the word at
 * rsp and, for the busy block, its registers. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <ucontext.h>
#include <unistd.h>

static long long rsp_delta, top_word, sum_regs;
static volatile long long seed = 1;

/* an indirect jump to the next instruction: a block ends there */
#define NEW_BLOCK(n) "lea " #n "f(%%rip), %%rax\n\tjmp *%%rax\n" #n ":\n\t"

static volatile int timer_fired;

static void record(const ucontext_t *uc)
{
    const greg_t *g = uc->uc_mcontext.gregs;
    rsp_delta = g[REG_RSP] - g[REG_R14];
    top_word = *(const long long *)g[REG_RSP];
    sum_regs = g[REG_RAX] + g[REG_RBX] + g[REG_RCX] + g[REG_RDX] + g[REG_RSI] + g[REG_RDI] + g[REG_R8] + g[REG_R9] +
               g[REG_R10] + g[REG_R12] + g[REG_R13] + g[REG_R15];
}

/* faulting "mov (%r11), %r10" (4d 8b 13) and ud2 (0f 0b) are skipped */
static void skip_handler(int sig, siginfo_t *info, void *ctx)
{
    (void)info;
    ucontext_t *uc = ctx;
    record(uc);
    uc->uc_mcontext.gregs[REG_RIP] += sig == SIGSEGV ? 3 : 2;
}

static void note_handler(int sig, siginfo_t *info, void *ctx)
{
    (void)info;
    record(ctx);
    if (sig == SIGALRM)
        timer_fired = 1;
}

/* regs: the sum of the twelve registers, which only the busy case sets */
static void show(const char *name, int regs)
{
    printf("%-8s rsp-start=%lld top=%lld", name, rsp_delta, top_word);
    if (regs)
        printf(" regs=%lld", sum_regs);
    printf("\n");
    rsp_delta = top_word = sum_regs = 0;
}

/* rsp moves in one block, the fault comes in the next, after a push */
static void fault_after_chain(void *bad)
{
    register void *r11 __asm__("r11") = bad;
    __asm__ volatile("mov %%rsp, %%r14\n\t"
                     "sub $0x1238, %%rsp\n\t"
                     NEW_BLOCK(1)
                     "pushq $7\n\t"
                     "mov $11, %%rax\n\t"
                     "mov (%%r11), %%r10\n\t"
                     "mov %%r14, %%rsp\n\t"
                     :
                     : "r"(r11)
                     : "rax", "r10", "r14", "memory");
}

/* the faulting block uses a dozen registers and never rsp */
static void fault_in_busy_block(void *bad)
{
    register void *r11 __asm__("r11") = bad;
    __asm__ volatile("mov %%rsp, %%r14\n\t"
                     "sub $0x1238, %%rsp\n\t"
                     "pushq $8\n\t"
                     NEW_BLOCK(1)
                     "mov %[seed], %%rax\n\t"
                     "lea 2(%%rax), %%rbx\n\t"
                     "lea 3(%%rbx), %%rcx\n\t"
                     "lea 4(%%rcx), %%rdx\n\t"
                     "lea 5(%%rdx), %%rsi\n\t"
                     "lea 6(%%rsi), %%rdi\n\t"
                     "lea 7(%%rdi), %%r8\n\t"
                     "lea 8(%%r8), %%r9\n\t"
                     "lea 9(%%r9), %%r10\n\t"
                     "lea 10(%%r10), %%r12\n\t"
                     "lea 11(%%r12), %%r13\n\t"
                     "lea 12(%%r13), %%r15\n\t"
                     "imul %%rax, %%rbx\n\t"
                     "xor %%rcx, %%rdx\n\t"
                     "add %%rsi, %%rdi\n\t"
                     "sub %%r8, %%r9\n\t"
                     "or %%r12, %%r13\n\t"
                     "mov (%%r11), %%r10\n\t"
                     NEW_BLOCK(2)
                     "mov %%r14, %%rsp\n\t"
                     :
                     : "r"(r11), [seed] "m"(seed)
                     : "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r12", "r13", "r14", "r15",
                       "memory");
}

/* ud2 raises from the translated code's exception path */
static void ud2_after_push(void)
{
    __asm__ volatile("mov %%rsp, %%r14\n\t"
                     "sub $0x1238, %%rsp\n\t"
                     NEW_BLOCK(1)
                     "pushq $9\n\t"
                     "ud2\n\t"
                     "mov %%r14, %%rsp\n\t"
                     :
                     :
                     : "rax", "r14", "memory");
}

/* the syscall helper delivers the signal on a frame below rsp */
static void kill_after_push(long pid)
{
    __asm__ volatile("mov %%rsp, %%r14\n\t"
                     "sub $0x1238, %%rsp\n\t"
                     NEW_BLOCK(1)
                     "pushq $10\n\t"
                     "mov $62, %%eax\n\t" /* kill(pid, SIGUSR1) */
                     "mov %[pid], %%rdi\n\t"
                     "mov $10, %%esi\n\t"
                     "syscall\n\t"
                     "mov %%r14, %%rsp\n\t"
                     :
                     : [pid] "r"(pid)
                     : "rax", "rcx", "rdx", "rsi", "rdi", "r11", "r14", "memory");
}

/* a timer signal arrives somewhere in a loop of pushes and pops */
static void timer_in_push_loop(void)
{
    struct itimerval t = { .it_value = { .tv_usec = 20000 } };
    setitimer(ITIMER_REAL, &t, NULL);
    __asm__ volatile("mov %%rsp, %%r14\n\t"
                     "sub $0x1238, %%rsp\n\t"
                     "pushq $12\n"
                     "1:\n\t"
                     "pushq $13\n\t"
                     "popq %%rax\n\t"
                     "cmpl $0, %[fired]\n\t"
                     "je 1b\n\t"
                     "mov %%r14, %%rsp\n\t"
                     :
                     : [fired] "m"(timer_fired)
                     : "rax", "r14", "memory");
    /* the handler ran after the push of 13 or after its pop */
    printf("timer    rsp-start %s\n", rsp_delta == -0x1240 || rsp_delta == -0x1248 ? "in the loop" : "WRONG");
    printf("timer    top %s\n", top_word == 12 || top_word == 13 ? "pushed" : "WRONG");
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_flags = SA_SIGINFO;
    sa.sa_sigaction = skip_handler;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    sa.sa_sigaction = note_handler;
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGALRM, &sa, NULL);

    for (int i = 0; i < 3; i++) { /* the second and third runs are chained */
        fault_after_chain((void *)16);
        show("chain", 0);
        fault_in_busy_block((void *)16);
        show("busy", 1);
        ud2_after_push();
        show("ud2", 0);
        kill_after_push(getpid());
        show("kill", 0);
    }
    timer_in_push_loop();
    return 0;
}

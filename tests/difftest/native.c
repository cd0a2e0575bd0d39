/* native.c — runs a sequence on the host CPU, in a child process.
 *
 * The child is forked once, before tern is set up, and serves requests
 * through a shared page and two pipes: the code and memory mappings sit at
 * the same fixed addresses in both processes (mapped before the fork), so
 * addresses computed by the code are identical natively and under tern.
 * The child loads the whole state (fxrstor, popfq, 16 movs) and jumps into
 * the code; every run ends in a signal (the closing ud2 or a fault), whose
 * handler copies the interrupted context out of the signal frame and
 * longjmps back.  A wild sequence can at worst kill the child, which is
 * then restarted and the run reported as failed. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

#include "difftest.h"

typedef struct Shared {
    uint8_t code[CODE_SIZE];
    size_t len;
    MachineState init;
    uint8_t data[DATA_SIZE];
    Outcome out;
} Shared;

static Shared *shm;
static pid_t child = -1;
static int cmd_fd = -1, resp_fd = -1;

/* the child's copy of the state it loads (fxrstor needs 16-byte alignment) */
MachineState dt_native_state __attribute__((aligned(64)));
static sigjmp_buf child_jmp;

void dt_native_enter(void);
__asm__(".text\n.globl dt_native_enter\ndt_native_enter:\n"
        "fxrstor64 dt_native_state(%rip)\n"
        "pushq dt_native_state+512+136(%rip)\n"
        "popfq\n"
        "mov dt_native_state+512+0(%rip), %rax\n"
        "mov dt_native_state+512+8(%rip), %rcx\n"
        "mov dt_native_state+512+16(%rip), %rdx\n"
        "mov dt_native_state+512+24(%rip), %rbx\n"
        "mov dt_native_state+512+32(%rip), %rsp\n"
        "mov dt_native_state+512+40(%rip), %rbp\n"
        "mov dt_native_state+512+48(%rip), %rsi\n"
        "mov dt_native_state+512+56(%rip), %rdi\n"
        "mov dt_native_state+512+64(%rip), %r8\n"
        "mov dt_native_state+512+72(%rip), %r9\n"
        "mov dt_native_state+512+80(%rip), %r10\n"
        "mov dt_native_state+512+88(%rip), %r11\n"
        "mov dt_native_state+512+96(%rip), %r12\n"
        "mov dt_native_state+512+104(%rip), %r13\n"
        "mov dt_native_state+512+112(%rip), %r14\n"
        "mov dt_native_state+512+120(%rip), %r15\n"
        "jmp *dt_native_state+512+128(%rip)\n");

/* ucontext register slots in our GPR order rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi, r8..r15 */
static const int greg_index[16] = { REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI,
                                    REG_R8,  REG_R9,  REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15 };

static void on_child_signal(int sig, siginfo_t *si, void *puc)
{
    ucontext_t *uc = puc;
    Outcome *o = &shm->out;
    for (int i = 0; i < 16; i++)
        o->st.gpr[i] = (uint64_t)uc->uc_mcontext.gregs[greg_index[i]];
    o->st.rip = (uint64_t)uc->uc_mcontext.gregs[REG_RIP];
    o->st.rflags = (uint64_t)uc->uc_mcontext.gregs[REG_EFL];
    memcpy(o->st.fx, uc->uc_mcontext.fpregs, sizeof(o->st.fx));
    o->sig = sig;
    o->si_code = si->si_code;
    o->addr = (uint64_t)(uintptr_t)si->si_addr;
    siglongjmp(child_jmp, 1);
}

static void child_setup_signals(void)
{
    static uint8_t altstack[65536];
    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
    sigaltstack(&ss, NULL);
    struct sigaction sa = { .sa_sigaction = on_child_signal, .sa_flags = SA_SIGINFO | SA_ONSTACK };
    sigemptyset(&sa.sa_mask);
    const int sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGALRM };
    for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
        sigaction(sigs[i], &sa, NULL);
}

static _Noreturn void child_loop(int in, int out)
{
    child_setup_signals();
    char c;
    while (read(in, &c, 1) == 1) {
        memcpy((void *)CODE_ADDR, shm->code, shm->len);
        memcpy((void *)DATA_ADDR, shm->data, DATA_SIZE);
        dt_native_state = shm->init;
        memset(&shm->out.st, 0, sizeof(shm->out.st));
        alarm(2);
        if (sigsetjmp(child_jmp, 1) == 0)
            dt_native_enter();
        alarm(0);
        memcpy(shm->out.data, (void *)DATA_ADDR, DATA_SIZE);
        if (write(out, &c, 1) != 1)
            break;
    }
    _exit(0);
}

static bool map_fixed(uint64_t addr, uint64_t len, int prot, int flags)
{
    void *p = mmap((void *)addr, len, prot, flags | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    return p == (void *)addr;
}

static bool fork_child(void)
{
    int cmd[2], resp[2];
    if (pipe(cmd) || pipe(resp))
        return false;
    child = fork();
    if (child < 0)
        return false;
    if (child == 0) {
        close(cmd[1]);
        close(resp[0]);
        child_loop(cmd[0], resp[1]);
    }
    close(cmd[0]);
    close(resp[1]);
    cmd_fd = cmd[1];
    resp_fd = resp[0];
    return true;
}

bool native_start(void)
{
    shm = mmap(NULL, sizeof(Shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shm == MAP_FAILED)
        return false;
    if (!map_fixed(CODE_ADDR, CODE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE) ||
        !map_fixed(DATA_ADDR, DATA_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE) ||
        !map_fixed(GUARD_ADDR, 4096, PROT_NONE, MAP_PRIVATE))
        return false;
    signal(SIGPIPE, SIG_IGN);
    return fork_child();
}

void native_stop(void)
{
    if (child <= 0)
        return;
    close(cmd_fd);
    close(resp_fd);
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    child = -1;
}

bool native_run(const Layout *lay, const MachineState *init, const uint8_t *data, Outcome *out)
{
    memcpy(shm->code, lay->native, lay->len);
    shm->len = lay->len;
    shm->init = *init;
    memcpy(shm->data, data, DATA_SIZE);
    char c = 'r';
    struct pollfd pfd = { .fd = resp_fd, .events = POLLIN };
    if (write(cmd_fd, &c, 1) != 1 || poll(&pfd, 1, 10000) != 1 || read(resp_fd, &c, 1) != 1) {
        native_stop();
        fork_child();
        return false;
    }
    *out = shm->out;
    return true;
}

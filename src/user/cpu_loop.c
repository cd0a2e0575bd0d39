/* cpu_loop.c — the user-mode loop around cpu_exec: run guest code, serve
 * its syscalls, and turn guest exceptions into the signals Linux would
 * send (with the si_code and address Linux would give), plus process
 * exit.  One loop per guest thread; all state it touches is in the
 * thread's CPUState. */
#define _GNU_SOURCE
#include "user/user.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include "util/log.h"

_Noreturn void user_exit(int status)
{
    if (tern_log_enabled(LOG_STATS))
        exec_stats_print(tern_log_file ? tern_log_file : stderr);
    fflush(NULL);
    _exit(status);
}

_Noreturn void user_die_by_signal(int sig)
{
    if (tern_log_enabled(LOG_STATS))
        exec_stats_print(tern_log_file ? tern_log_file : stderr);
    fflush(NULL);
    /* The native program's status, without a core file of tern itself. */
    struct rlimit no_core = { 0, 0 };
    setrlimit(RLIMIT_CORE, &no_core);
    struct sigaction sa = { .sa_handler = SIG_DFL };
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
    _exit(128 + sig); /* a signal whose default action does not kill */
}

/* The SIGFPE code of an SSE exception: the first unmasked flag raised. */
static int simd_fpe_code(const CPUX86State *env)
{
    uint32_t raised = env->mxcsr & 0x3f & ~(env->mxcsr >> 7);
    if (raised & 0x01) return FPE_FLTINV;
    if (raised & 0x04) return FPE_FLTDIV;
    if (raised & 0x08) return FPE_FLTOVF;
    if (raised & 0x10) return FPE_FLTUND;
    if (raised & 0x20) return FPE_FLTRES;
    return FPE_FLTINV;
}

static void page_fault_signal(CPUX86State *env)
{
    /* SEGV_ACCERR when something is mapped there but the access is not allowed. */
    int code = guest_page_flags(env->exception_addr) ? SEGV_ACCERR : SEGV_MAPERR;
    force_guest_signal(env, SIGSEGV, code, env->exception_addr);
}

static void guest_exception(CPUX86State *env, int trapnr)
{
    switch (trapnr) {
    case EXCP0E_PAGE:
        page_fault_signal(env);
        break;
    case EXCP00_DIVZ:
        force_guest_signal(env, SIGFPE, FPE_INTDIV, env->rip);
        break;
    case EXCP06_ILLOP:
        force_guest_signal(env, SIGILL, ILL_ILLOPN, env->rip);
        break;
    case EXCP01_DB:
    case EXCP03_INT3:
        force_guest_signal(env, SIGTRAP, SI_KERNEL, 0);
        break;
    case EXCP13_XMM:
        force_guest_signal(env, SIGFPE, simd_fpe_code(env), env->rip);
        break;
    case EXCP10_COPR:
        force_guest_signal(env, SIGFPE, FPE_FLTINV, env->rip);
        break;
    case EXCP11_ALGN:
        force_guest_signal(env, SIGBUS, env->error_code ? env->error_code : BUS_ADRALN, env->exception_addr);
        break;
    case EXCP0D_GPF:
    case EXCP04_INTO:
    case EXCP05_BOUND:
    case EXCP07_PREX:
    case EXCP_HLT: /* hlt is privileged: #GP in user mode */
        force_guest_signal(env, SIGSEGV, SI_KERNEL, 0);
        break;
    default:
        fprintf(stderr, "tern: internal error: cpu_exec returned unknown exit %#x at rip %#llx\n", trapnr,
                (unsigned long long)env->rip);
        abort();
    }
}

void task_init(CPUState *cpu)
{
    TaskState *ts = calloc(1, sizeof(*ts));
    if (!ts) {
        fprintf(stderr, "tern: out of memory\n");
        exit(1);
    }
    ts->cpu = cpu;
    ts->tid = gettid();
    /* The guest starts with the signal mask tern inherited. */
    sigset_t inherited;
    pthread_sigmask(SIG_SETMASK, NULL, &inherited);
    for (int sig = 1; sig <= 64; sig++)
        if (sigismember(&inherited, sig) == 1)
            ts->sigmask |= 1ull << (sig - 1);
    cpu->opaque = ts;
}

_Noreturn void cpu_loop(CPUState *cpu)
{
    CPUX86State *env = &cpu->env;
    for (;;) {
        int trapnr = cpu_exec(cpu);
        switch (trapnr) {
        case EXCP_SYSCALL:
            do_syscall(env);
            break;
        case EXCP_INTERRUPT:
        case EXCP_SMC:
            break;
        default:
            guest_exception(env, trapnr);
            break;
        }
    }
}

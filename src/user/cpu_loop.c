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
#include <sys/syscall.h>
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

/* The SIGFPE code of an x87 (#MF) or SSE (#XM) trap from the unmasked
 * exceptions raised, in Linux's order of precedence; Linux counts a
 * denormal operand as underflow, and 0 (nothing unmasked raised) means a
 * spurious trap, which it drops without a signal. */
static int fpe_code(uint32_t unmasked_raised)
{
    if (unmasked_raised & 0x01) return FPE_FLTINV;
    if (unmasked_raised & 0x04) return FPE_FLTDIV;
    if (unmasked_raised & 0x08) return FPE_FLTOVF;
    if (unmasked_raised & 0x12) return FPE_FLTUND;
    if (unmasked_raised & 0x20) return FPE_FLTRES;
    return 0;
}

static int simd_fpe_code(const CPUX86State *env)
{
    return fpe_code(env->mxcsr & 0x3f & ~(env->mxcsr >> 7));
}

static int x87_fpe_code(const CPUX86State *env)
{
    return fpe_code(env->fpus & 0x3f & ~env->fpuc);
}

static void fp_trap_signal(CPUX86State *env, int code, GuestFault *fault)
{
    fault->error_code = 0;
    if (code)
        force_guest_signal(env, SIGFPE, code, env->rip, fault);
}

static void page_fault_signal(CPUX86State *env)
{
    /* SEGV_ACCERR when something is mapped there but the access is not
     * allowed; the error code is the hardware's (user | write | present). */
    bool present = guest_page_flags(env->exception_addr) != 0;
    GuestFault fault = { 4 | (env->exception_is_write ? 2 : 0) | (present ? 1 : 0), EXCP0E_PAGE,
                         env->exception_addr };
    force_guest_signal(env, SIGSEGV, present ? SEGV_ACCERR : SEGV_MAPERR, env->exception_addr, &fault);
}

static void guest_exception(CPUX86State *env, int trapnr)
{
    GuestFault fault = { (uint64_t)(uint32_t)env->error_code, trapnr, 0 };
    switch (trapnr) {
    case EXCP0E_PAGE:
        page_fault_signal(env);
        break;
    case EXCP00_DIVZ:
        fault.error_code = 0;
        force_guest_signal(env, SIGFPE, FPE_INTDIV, env->rip, &fault);
        break;
    case EXCP06_ILLOP:
        fault.error_code = 0;
        force_guest_signal(env, SIGILL, ILL_ILLOPN, env->rip, &fault);
        break;
    case EXCP01_DB:
    case EXCP03_INT3:
        fault.error_code = 0;
        force_guest_signal(env, SIGTRAP, SI_KERNEL, 0, &fault);
        break;
    case EXCP13_XMM:
        fp_trap_signal(env, simd_fpe_code(env), &fault);
        break;
    case EXCP10_COPR:
        fp_trap_signal(env, x87_fpe_code(env), &fault);
        break;
    case EXCP11_ALGN:
        /* a host SIGBUS (file mapping past its end) carries its si_code */
        force_guest_signal(env, SIGBUS, env->error_code > 0 ? env->error_code : BUS_ADRALN,
                           env->exception_addr, &fault);
        break;
    case EXCP0D_GPF:
    case EXCP04_INTO:
    case EXCP05_BOUND:
    case EXCP07_PREX:
    case EXCP_HLT: /* hlt is privileged: #GP in user mode */
        fault.trapno = trapnr == EXCP_HLT ? EXCP0D_GPF : trapnr;
        force_guest_signal(env, SIGSEGV, SI_KERNEL, 0, &fault);
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
    /* The guest starts with the signal mask tern inherited (read raw:
     * glibc's sigset functions hide signals 32 and 33). */
    uint64_t inherited = 0;
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, NULL, &inherited, 8);
    ts->sigmask = inherited;
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
        TaskState *ts = cpu->opaque;
        if (__atomic_load_n(&ts->pending, __ATOMIC_ACQUIRE) || ts->restore_sigmask)
            process_pending_signals(env);
    }
}

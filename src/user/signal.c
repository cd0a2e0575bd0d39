/* signal.c — host signals and the guest's signal state in user mode.
 *
 * Host side: SIGSEGV, SIGBUS, SIGFPE and SIGILL are caught on a per-thread
 * alternate stack.  A fault is, in order: a write to a page write-protected
 * because it holds translated code (self-modifying code), a guarded copy
 * of guest memory by tern (copy_from_guest & co.), a guest fault in
 * generated code or in a helper touching guest memory (unwound to a
 * precise guest exception), or else a bug in tern, reported and aborted.
 *
 * Guest side: the guest's sigactions, mask and sigaltstack live here.
 * Ignoring and blocking are mirrored on the host, so the host kernel keeps
 * pending and merging signals for us.  A signal with a guest handler gets
 * a host handler that only records it and asks the vCPU to leave
 * generated code; the cpu loop then builds the guest's signal frame.
 * Faults become signals in the cpu loop and are delivered at once.  The
 * four fault signals always keep tern's own host handler. */
#define _GNU_SOURCE
#include "user/user.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/log.h"

#define GUEST_NSIG 64
#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1u << 31)
#endif
#define GUEST_MINSIGSTKSZ 2048
#define SA_RESTORER 0x04000000
#define ALTSTACK_SIZE (64 * 1024)

/* The kernel's struct sigaction for x86-64 (what rt_sigaction takes). */
typedef struct GuestSigaction {
    uint64_t handler;
    uint64_t flags;
    uint64_t restorer;
    uint64_t mask;
} GuestSigaction;

#define GUEST_SIG_DFL 0
#define GUEST_SIG_IGN 1

static GuestSigaction guest_actions[GUEST_NSIG + 1];
static pthread_mutex_t actions_lock = PTHREAD_MUTEX_INITIALIZER;

static const int fault_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL };

static bool is_fault_signal(int sig)
{
    return sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE || sig == SIGILL;
}

/* ---- host fault handling ---- */

static void unblock_signal(int sig)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

static _Noreturn void internal_fault(int sig, uintptr_t pc, const siginfo_t *si)
{
    char buf[160];
    int n = snprintf(buf, sizeof(buf), "tern: internal error: host %s at %#lx (fault address %p)\n",
                     sigabbrev_np(sig) ? sigabbrev_np(sig) : "signal", (unsigned long)pc, si->si_addr);
    if (n > 0 && write(2, buf, n) < 0)
        n = 0;
    signal(SIGABRT, SIG_DFL);
    abort();
}

/* The guest exception a host fault in generated code stands for. */
static void set_guest_exception(CPUX86State *env, int sig, const siginfo_t *si, const ucontext_t *uc)
{
    env->error_code = 0;
    env->exception_addr = (uint64_t)(uintptr_t)si->si_addr - guest_base;
    switch (sig) {
    case SIGSEGV:
        /* SI_KERNEL: a general protection fault (non-canonical address). */
        env->exception_index = si->si_code == SI_KERNEL ? EXCP0D_GPF : EXCP0E_PAGE;
        env->exception_is_write = (uc->uc_mcontext.gregs[REG_ERR] & 2) != 0;
        break;
    case SIGBUS:
        env->exception_index = EXCP11_ALGN;
        env->error_code = si->si_code;
        break;
    case SIGFPE:
        env->exception_index = si->si_code == FPE_INTDIV || si->si_code == FPE_INTOVF ? EXCP00_DIVZ : EXCP13_XMM;
        break;
    default:
        env->exception_index = EXCP06_ILLOP;
        break;
    }
}

static bool guest_has_handler(int sig)
{
    return __atomic_load_n(&guest_actions[sig].handler, __ATOMIC_RELAXED) > GUEST_SIG_IGN;
}

/* Record a signal for the cpu loop (async-signal-safe). */
static void queue_signal(int sig, const siginfo_t *si)
{
    CPUState *cpu = thread_cpu;
    TaskState *ts = cpu ? cpu->opaque : NULL;
    if (!ts)
        return;
    ts->pending_info[sig] = *si;
    __atomic_or_fetch(&ts->pending, 1ull << (sig - 1), __ATOMIC_RELEASE);
    cpu_exit(cpu);
}

static void host_async_handler(int sig, siginfo_t *si, void *puc)
{
    (void)puc;
    queue_signal(sig, si);
}

static void host_fault_handler(int sig, siginfo_t *si, void *puc)
{
    ucontext_t *uc = puc;
    uintptr_t pc = uc->uc_mcontext.gregs[REG_RIP];
    CPUState *cpu = thread_cpu;
    uintptr_t ra = helper_retaddr;
    bool in_code = cpu && tb_find_by_host_pc(pc) != NULL;

    /* Sent by kill() & co., not raised by an instruction: an ordinary
     * asynchronous signal for the guest. */
    if (si->si_code <= 0) {
        uint64_t handler = __atomic_load_n(&guest_actions[sig].handler, __ATOMIC_RELAXED);
        if (handler == GUEST_SIG_IGN)
            return;
        if (handler == GUEST_SIG_DFL)
            user_die_by_signal(sig);
        queue_signal(sig, si);
        return;
    }
    if (sig == SIGSEGV && cpu && si->si_code == SEGV_ACCERR && (uc->uc_mcontext.gregs[REG_ERR] & 2) &&
        page_unprotect_for_write(cpu, (uint64_t)(uintptr_t)si->si_addr - guest_base, in_code || !ra ? pc : ra))
        return;
    if (guest_access_jmp && (sig == SIGSEGV || sig == SIGBUS)) {
        unblock_signal(sig);
        siglongjmp(*guest_access_jmp, 1);
    }
    if (cpu && (in_code || ra)) {
        if (in_code)
            cpu_restore_state(cpu, pc, false);
        else
            cpu_restore_state(cpu, ra, true);
        helper_retaddr = 0;
        set_guest_exception(&cpu->env, sig, si, uc);
        unblock_signal(sig);
        cpu_loop_exit(cpu);
    }
    internal_fault(sig, pc, si);
}

void signal_thread_init(void)
{
    stack_t ss = { .ss_sp = malloc(ALTSTACK_SIZE), .ss_size = ALTSTACK_SIZE, .ss_flags = 0 };
    if (ss.ss_sp)
        sigaltstack(&ss, NULL);
}

/* The guest starts with the dispositions tern inherited (nohup's SIG_IGN...). */
static void record_inherited_actions(void)
{
    for (int sig = 1; sig <= GUEST_NSIG; sig++) {
        struct sigaction old;
        if (!is_fault_signal(sig) && sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            guest_actions[sig].handler = GUEST_SIG_IGN;
    }
}

void signal_init(void)
{
    record_inherited_actions();
    signal_thread_init();
    struct sigaction sa = { .sa_sigaction = host_fault_handler, .sa_flags = SA_SIGINFO | SA_ONSTACK };
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof(fault_signals) / sizeof(fault_signals[0]); i++)
        sigaction(fault_signals[i], &sa, NULL);
}

/* ---- the guest's view ---- */

static TaskState *current_task(void)
{
    return thread_cpu ? thread_cpu->opaque : NULL;
}

static const char *signal_name(int sig)
{
    const char *abbrev = sigabbrev_np(sig);
    static __thread char buf[16];
    if (abbrev) {
        snprintf(buf, sizeof(buf), "SIG%s", abbrev);
        return buf;
    }
    snprintf(buf, sizeof(buf), "signal %d", sig);
    return buf;
}

/* The return path of host handlers installed with the raw syscall. */
void tern_host_sigreturn(void);
__asm__(".text\n"
        ".type tern_host_sigreturn, @function\n"
        "tern_host_sigreturn:\n"
        "    mov $15, %eax\n" /* rt_sigreturn */
        "    syscall\n"
        ".size tern_host_sigreturn, . - tern_host_sigreturn\n");

/* Ignored and default dispositions go to the host as they are; a guest
 * handler becomes the recording host handler.  Through the raw syscall:
 * glibc refuses signals 32 and 33, which the guest's own threads library
 * uses (pthread_cancel, setxid) and tern's does not need. */
static void mirror_on_host(int sig, const GuestSigaction *ga)
{
    if (is_fault_signal(sig) || sig == SIGKILL || sig == SIGSTOP)
        return;
    GuestSigaction host = { .handler = ga->handler == GUEST_SIG_IGN ? (uint64_t)(uintptr_t)SIG_IGN
                                                                    : (uint64_t)(uintptr_t)SIG_DFL,
                            .mask = ~0ull };
    if (ga->handler > GUEST_SIG_IGN) {
        /* Never SA_RESTART on the host: a blocking syscall must return so
         * that the guest's handler runs now; do_syscall restarts it after
         * the handler when the guest asked for SA_RESTART. */
        host.handler = (uint64_t)(uintptr_t)host_async_handler;
        host.flags = SA_SIGINFO | SA_ONSTACK | SA_RESTORER;
        host.restorer = (uint64_t)(uintptr_t)tern_host_sigreturn;
    }
    syscall(SYS_rt_sigaction, sig, &host, NULL, 8);
}

long guest_rt_sigaction(int sig, uint64_t act, uint64_t oldact, uint64_t sigsetsize)
{
    if (sigsetsize != 8)
        return -EINVAL;
    if (sig < 1 || sig > GUEST_NSIG || (act && (sig == SIGKILL || sig == SIGSTOP)))
        return -EINVAL;
    GuestSigaction new_action;
    if (act && !copy_from_guest(&new_action, act, sizeof(new_action)))
        return -EFAULT;
    pthread_mutex_lock(&actions_lock);
    GuestSigaction old_action = guest_actions[sig];
    if (act) {
        new_action.mask &= ~((1ull << (SIGKILL - 1)) | (1ull << (SIGSTOP - 1)));
        guest_actions[sig] = new_action;
        mirror_on_host(sig, &new_action);
    }
    pthread_mutex_unlock(&actions_lock);
    if (oldact && !copy_to_guest(oldact, &old_action, sizeof(old_action)))
        return -EFAULT;
    return 0;
}

/* Blocking goes to the host too (a blocked SIGPIPE must not kill us, a
 * blocked SIGUSR1 stays pending in the host kernel), except for the fault
 * signals, which tern needs. */
void signal_set_mask(TaskState *ts, uint64_t mask)
{
    mask &= ~((1ull << (SIGKILL - 1)) | (1ull << (SIGSTOP - 1)));
    ts->sigmask = mask;
    sigset_t set;
    sigemptyset(&set);
    for (int sig = 1; sig <= GUEST_NSIG; sig++)
        if ((mask >> (sig - 1)) & 1 && !is_fault_signal(sig))
            sigaddset(&set, sig);
    pthread_sigmask(SIG_SETMASK, &set, NULL);
}

long guest_rt_sigprocmask(int how, uint64_t set, uint64_t oldset, uint64_t sigsetsize)
{
    TaskState *ts = current_task();
    if (sigsetsize != 8 || !ts)
        return -EINVAL;
    uint64_t old = ts->sigmask, mask = 0;
    if (set) {
        if (!copy_from_guest(&mask, set, sizeof(mask)))
            return -EFAULT;
        uint64_t next;
        switch (how) {
        case SIG_BLOCK: next = old | mask; break;
        case SIG_UNBLOCK: next = old & ~mask; break;
        case SIG_SETMASK: next = mask; break;
        default: return -EINVAL;
        }
        signal_set_mask(ts, next);
    }
    if (oldset && !copy_to_guest(oldset, &old, sizeof(old)))
        return -EFAULT;
    return 0;
}

long guest_sigaltstack(uint64_t ss, uint64_t old_ss)
{
    TaskState *ts = current_task();
    if (!ts)
        return -EINVAL;
    stack_t cur = ts->sigaltstack;
    if (!cur.ss_size)
        cur.ss_flags = SS_DISABLE;
    if (ss) {
        stack_t n;
        if (!copy_from_guest(&n, ss, sizeof(n)))
            return -EFAULT;
        int mode = n.ss_flags & ~SS_AUTODISARM;
        if (mode != 0 && mode != SS_DISABLE)
            return -EINVAL;
        if (mode == SS_DISABLE) {
            memset(&n, 0, sizeof(n));
        } else if (n.ss_size < GUEST_MINSIGSTKSZ) {
            return -ENOMEM;
        }
        ts->sigaltstack = n;
    }
    if (old_ss && !copy_to_guest(old_ss, &cur, sizeof(cur)))
        return -EFAULT;
    return 0;
}

static _Noreturn void die_by_signal(int sig)
{
    if (tern_log_enabled(LOG_STRACE))
        tern_log("+++ killed by %s +++\n", signal_name(sig));
    user_die_by_signal(sig);
}

/* Signals whose default action is to do nothing. */
static bool default_ignores(int sig)
{
    return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT;
}

/* Run the guest's handler for sig next (frame on the guest stack, mask
 * updated), or apply the default action. */
static void deliver_signal(CPUX86State *env, int sig, const siginfo_t *info, const GuestFault *fault)
{
    TaskState *ts = env_cpu(env)->opaque;
    pthread_mutex_lock(&actions_lock);
    GuestSigaction ga = guest_actions[sig];
    if (ga.handler > GUEST_SIG_IGN && (ga.flags & SA_RESETHAND)) {
        guest_actions[sig].handler = GUEST_SIG_DFL;
        mirror_on_host(sig, &guest_actions[sig]);
    }
    pthread_mutex_unlock(&actions_lock);
    if (tern_log_enabled(LOG_STRACE))
        tern_log("--- %s {si_signo=%d, si_code=%d, si_addr=%p} ---\n", signal_name(sig), sig, info->si_code,
                 info->si_addr);
    if (ga.handler == GUEST_SIG_IGN || (ga.handler == GUEST_SIG_DFL && default_ignores(sig)))
        return;
    if (ga.handler == GUEST_SIG_DFL)
        die_by_signal(sig);
    uint64_t oldmask = ts->sigmask;
    if (!(ga.flags & SA_RESTORER) ||
        !setup_rt_frame(env, ts, sig, info, ga.handler, ga.flags, ga.restorer, oldmask, fault))
        die_by_signal(SIGSEGV); /* no way to run the handler: what Linux does too */
    uint64_t mask = oldmask | ga.mask | ((ga.flags & SA_NODEFER) ? 0 : 1ull << (sig - 1));
    signal_set_mask(ts, mask);
}

void force_guest_signal(CPUX86State *env, int sig, int code, uint64_t addr, const GuestFault *fault)
{
    TaskState *ts = env_cpu(env)->opaque;
    siginfo_t info;
    memset(&info, 0, sizeof(info));
    info.si_signo = sig;
    info.si_code = code;
    info.si_addr = (void *)(uintptr_t)addr;
    /* A blocked or ignored fault cannot be held back: Linux kills. */
    bool blocked = ts && (ts->sigmask >> (sig - 1)) & 1;
    if (!ts || blocked || !guest_has_handler(sig)) {
        if (tern_log_enabled(LOG_STRACE))
            tern_log("--- %s {si_signo=%d, si_code=%d, si_addr=%#llx} ---\n", signal_name(sig), sig, code,
                     (unsigned long long)addr);
        die_by_signal(sig);
    }
    deliver_signal(env, sig, &info, fault);
}

void process_pending_signals(CPUX86State *env)
{
    TaskState *ts = env_cpu(env)->opaque;
    uint64_t pending = __atomic_exchange_n(&ts->pending, 0, __ATOMIC_ACQUIRE);
    /* The host delivered these while unblocked, so they are delivered now
     * even if the mask changed since (sigsuspend). */
    for (int sig = 1; sig <= GUEST_NSIG; sig++)
        if ((pending >> (sig - 1)) & 1)
            deliver_signal(env, sig, &ts->pending_info[sig], NULL);
}

bool pending_signals_restart(const TaskState *ts)
{
    uint64_t pending = __atomic_load_n(&ts->pending, __ATOMIC_ACQUIRE);
    if (!pending)
        return false;
    for (int sig = 1; sig <= GUEST_NSIG; sig++)
        if ((pending >> (sig - 1)) & 1 && !(__atomic_load_n(&guest_actions[sig].flags, __ATOMIC_RELAXED) & SA_RESTART))
            return false;
    return true;
}

long guest_rt_sigreturn(CPUX86State *env)
{
    TaskState *ts = env_cpu(env)->opaque;
    uint64_t mask;
    if (!restore_rt_frame(env, &mask))
        die_by_signal(SIGSEGV);
    signal_set_mask(ts, mask);
    return env->regs[R_EAX];
}

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

#include "tcg/host_sse.h"
#include "target/x86/x87_host.h"
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

/* The kernel runs this handler with a clean MXCSR, and cpu_loop_exit skips
 * sigreturn: put back the interrupted one when it is tern's default mode,
 * so the guest's sticky SSE flags that inline code left pending survive. */
static void keep_pending_mxcsr(const ucontext_t *uc)
{
    if (!uc->uc_mcontext.fpregs)
        return;
    uint32_t mxcsr = uc->uc_mcontext.fpregs->mxcsr;
    if ((mxcsr & ~0x3fu) == 0x1f80)
        __asm__ volatile("ldmxcsr %0" : : "m"(mxcsr));
}

static bool guest_has_handler(int sig)
{
    return __atomic_load_n(&guest_actions[sig].handler, __ATOMIC_RELAXED) > GUEST_SIG_IGN;
}

#define SIGBIT(sig) (1ull << ((sig) - 1))
/* Signals the host must never block for tern: its fault signals, and the two no one can block. */
#define HOST_UNBLOCKABLE (SIGBIT(SIGSEGV) | SIGBIT(SIGBUS) | SIGBIT(SIGFPE) | SIGBIT(SIGILL) | SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))

/* Record a signal for the cpu loop (async-signal-safe); false if this
 * thread runs no guest code. */
static bool queue_signal(int sig, const siginfo_t *si)
{
    CPUState *cpu = thread_cpu;
    TaskState *ts = cpu ? cpu->opaque : NULL;
    if (!ts)
        return false;
    ts->pending_info[sig] = *si;
    __atomic_or_fetch(&ts->pending, SIGBIT(sig), __ATOMIC_RELEASE);
    cpu_exit(cpu);
    return true;
}

static void host_async_handler(int sig, siginfo_t *si, void *puc)
{
    ucontext_t *uc = puc;
    /* The signal stays blocked on this thread until the guest's handler
     * has been set up: further instances (real-time signals queue) wait
     * in the host kernel instead of overwriting this one. */
    if (queue_signal(sig, si)) {
        *(uint64_t *)&uc->uc_sigmask |= SIGBIT(sig);
        safe_syscall_check_interrupted(uc);
    }
}

static bool guest_blocks(int sig)
{
    TaskState *ts = thread_cpu ? thread_cpu->opaque : NULL;
    return ts && (ts->sigmask & SIGBIT(sig));
}

void host_registers(const ucontext_t *uc, uint64_t regs[16])
{
    for (int r = 0; r < 16; r++)
        regs[r] = (uint64_t)uc->uc_mcontext.gregs[greg_of_reg[r]];
}

/* Generated code keeps SSE results in host xmm registers until the
 * next call or block exit (host_sse.h): at a fault there, the registers
 * not marked stale in its frame hold the guest's xmm registers. */
static void restore_fault_xmm(CPUState *cpu, const ucontext_t *uc)
{
    if (!uc->uc_mcontext.fpregs)
        return;
    uint32_t stale;
    memcpy(&stale, (const uint8_t *)uc->uc_mcontext.gregs[REG_RSP] + TCG_HOST_SSE_STALE_OFS, sizeof(stale));
    for (int r = 0; r < 16; r++) {
        if (!(stale >> r & 1))
            memcpy(&cpu->env.xmm[r], &uc->uc_mcontext.fpregs->_xmm[r], sizeof(XMMReg));
    }
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
        bool blocked = guest_blocks(sig);
        if (handler == GUEST_SIG_IGN && !blocked)
            return;
        if (handler == GUEST_SIG_DFL && !blocked)
            user_die_by_signal(sig);
        /* delivered, or left pending while the guest blocks it */
        if (queue_signal(sig, si) && !blocked)
            safe_syscall_check_interrupted(uc);
        return;
    }
    if (in_code) {
        uint64_t regs[16];
        host_registers(uc, regs);
        cpu_restore_fault_globals(cpu, pc, regs);
        restore_fault_xmm(cpu, uc);
    }
    /* the paths from here may jump out of the handler (page_unprotect_for_write
     * too, to restart a block that wrote to its own page) */
    if (cpu)
        x87_state_from_signal(&cpu->env, uc->uc_mcontext.fpregs);
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
        keep_pending_mxcsr(uc);
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

/* The host mask for a guest mask: blocking goes to the host (a blocked
 * SIGPIPE must not kill us, a blocked SIGUSR1 stays pending in the host
 * kernel), and so do the signals caught but not yet delivered; never
 * the fault signals, which tern needs. */
static uint64_t host_mask_for(const TaskState *ts, uint64_t mask)
{
    return (mask | __atomic_load_n(&ts->pending, __ATOMIC_RELAXED)) & ~HOST_UNBLOCKABLE;
}

/* Through the raw syscall: glibc's sigset functions refuse 32 and 33. */
static void set_host_mask(uint64_t mask)
{
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &mask, NULL, 8);
}

void signal_set_mask(TaskState *ts, uint64_t mask)
{
    ts->sigmask = mask & ~(SIGBIT(SIGKILL) | SIGBIT(SIGSTOP));
    set_host_mask(host_mask_for(ts, ts->sigmask));
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

static bool on_guest_altstack(const TaskState *ts)
{
    uint64_t sp = ts->cpu->env.regs[R_ESP];
    uint64_t base = (uint64_t)(uintptr_t)ts->sigaltstack.ss_sp;
    return ts->sigaltstack.ss_size && sp > base && sp <= base + ts->sigaltstack.ss_size;
}

long guest_sigaltstack(uint64_t ss, uint64_t old_ss)
{
    TaskState *ts = current_task();
    if (!ts)
        return -EINVAL;
    stack_t cur = ts->sigaltstack;
    bool on_stack = on_guest_altstack(ts);
    cur.ss_flags = !cur.ss_size ? SS_DISABLE : (cur.ss_flags & SS_AUTODISARM) | (on_stack ? SS_ONSTACK : 0);
    if (ss) {
        stack_t n;
        if (!copy_from_guest(&n, ss, sizeof(n)))
            return -EFAULT;
        if (on_stack)
            return -EPERM;
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
        strace_print_signal(sig, info);
    if (ga.handler == GUEST_SIG_IGN || (ga.handler == GUEST_SIG_DFL && default_ignores(sig)))
        return;
    if (ga.handler == GUEST_SIG_DFL)
        die_by_signal(sig);
    /* After sigsuspend & co. the frame keeps the mask from before the call. */
    uint64_t oldmask = ts->restore_sigmask ? ts->saved_sigmask : ts->sigmask;
    ts->restore_sigmask = false;
    if (!(ga.flags & SA_RESTORER) ||
        !setup_rt_frame(env, ts, sig, info, ga.handler, ga.flags, ga.restorer, oldmask, fault))
        die_by_signal(SIGSEGV); /* no way to run the handler: what Linux does too */
    uint64_t mask = ts->sigmask | ga.mask | ((ga.flags & SA_NODEFER) ? 0 : SIGBIT(sig));
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
            strace_print_signal(sig, &info);
        die_by_signal(sig);
    }
    deliver_signal(env, sig, &info, fault);
}

/* Signals caught and not blocked by the guest: lowest number first, each
 * delivery updating the mask for the next (handlers nest as on Linux).
 * Blocked ones stay pending.  Then the host mask follows the guest's
 * again, which unblocks what was held back until delivery. */
void process_pending_signals(CPUX86State *env)
{
    TaskState *ts = env_cpu(env)->opaque;
    uint64_t ready;
    while ((ready = __atomic_load_n(&ts->pending, __ATOMIC_ACQUIRE) & ~ts->sigmask)) {
        int sig = __builtin_ctzll(ready) + 1;
        siginfo_t info = ts->pending_info[sig];
        __atomic_and_fetch(&ts->pending, ~SIGBIT(sig), __ATOMIC_RELEASE);
        deliver_signal(env, sig, &info, NULL);
    }
    if (ts->restore_sigmask) {
        ts->restore_sigmask = false;
        ts->sigmask = ts->saved_sigmask;
    }
    signal_set_mask(ts, ts->sigmask);
}

bool pending_signals_restart(const TaskState *ts)
{
    uint64_t pending = __atomic_load_n(&ts->pending, __ATOMIC_ACQUIRE) & ~ts->sigmask;
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

/* ---- waiting for signals ---- */

/* Run the next call with mask in force; the old mask returns once a
 * signal has been delivered or the call is over (process_pending_signals). */
static void begin_temporary_mask(TaskState *ts, uint64_t mask)
{
    if (!ts->restore_sigmask)
        ts->saved_sigmask = ts->sigmask;
    ts->restore_sigmask = true;
    ts->sigmask = mask & ~(SIGBIT(SIGKILL) | SIGBIT(SIGSTOP));
}

static bool has_deliverable(const TaskState *ts)
{
    return (__atomic_load_n(&ts->pending, __ATOMIC_ACQUIRE) & ~ts->sigmask) != 0;
}

long guest_rt_sigsuspend(uint64_t set, uint64_t sigsetsize)
{
    TaskState *ts = current_task();
    uint64_t mask;
    if (sigsetsize != 8 || !ts)
        return -EINVAL;
    if (!copy_from_guest(&mask, set, sizeof(mask)))
        return -EFAULT;
    begin_temporary_mask(ts, mask);
    if (has_deliverable(ts))
        return -EINTR;
    uint64_t host = host_mask_for(ts, ts->sigmask);
    const uint64_t a[6] = { (uint64_t)(uintptr_t)&host, 8, 0, 0, 0, 0 };
    return host_syscall(SYS_rt_sigsuspend, a);
}

/* ppoll, pselect6, epoll_pwait and epoll_pwait2 with a signal mask: the
 * host call gets the host's version of the mask. */
long guest_call_with_sigmask(long nr, const uint64_t a[6])
{
    TaskState *ts = current_task();
    uint64_t args[6], mask, host;
    struct { uint64_t set, size; } pselect_mask = { 0, 0 };
    int slot = nr == SYS_ppoll ? 3 : 4;
    memcpy(args, a, sizeof(args));
    if (nr == SYS_pselect6 && a[5] && !copy_from_guest(&pselect_mask, a[5], sizeof(pselect_mask)))
        return -EFAULT;
    uint64_t set = nr == SYS_pselect6 ? pselect_mask.set : a[slot];
    uint64_t size = nr == SYS_pselect6 ? pselect_mask.size : a[slot + 1];
    if (!set || !ts)
        return host_syscall(nr, a);
    if (size != 8)
        return -EINVAL;
    if (!copy_from_guest(&mask, set, sizeof(mask)))
        return -EFAULT;
    begin_temporary_mask(ts, mask);
    if (has_deliverable(ts))
        return -EINTR;
    host = host_mask_for(ts, ts->sigmask);
    if (nr == SYS_pselect6) {
        pselect_mask.set = (uint64_t)(uintptr_t)&host;
        args[5] = (uint64_t)(uintptr_t)&pselect_mask;
    } else {
        args[slot] = (uint64_t)(uintptr_t)&host;
    }
    return host_syscall(nr, args);
}

/* Signals tern caught but has not delivered are pending too. */
long guest_rt_sigpending(uint64_t set, uint64_t sigsetsize)
{
    TaskState *ts = current_task();
    uint64_t host = 0;
    if (sigsetsize != 8 || !ts)
        return -EINVAL;
    if (syscall(SYS_rt_sigpending, &host, 8) < 0)
        return -errno;
    host = (host | __atomic_load_n(&ts->pending, __ATOMIC_ACQUIRE)) & ts->sigmask;
    return copy_to_guest(set, &host, sizeof(host)) ? 0 : -EFAULT;
}

/* A signal tern holds is taken first; otherwise the host waits. */
long guest_rt_sigtimedwait(uint64_t set, uint64_t info, uint64_t timeout, uint64_t sigsetsize)
{
    TaskState *ts = current_task();
    uint64_t want;
    if (sigsetsize != 8 || !ts)
        return -EINVAL;
    if (!copy_from_guest(&want, set, sizeof(want)))
        return -EFAULT;
    uint64_t held = __atomic_load_n(&ts->pending, __ATOMIC_ACQUIRE) & want;
    if (held) {
        int sig = __builtin_ctzll(held) + 1;
        if (info && !copy_to_guest(info, &ts->pending_info[sig], sizeof(siginfo_t)))
            return -EFAULT;
        __atomic_and_fetch(&ts->pending, ~SIGBIT(sig), __ATOMIC_RELEASE);
        signal_set_mask(ts, ts->sigmask);
        return sig;
    }
    const uint64_t a[6] = { set, info, timeout, sigsetsize, 0, 0 };
    return host_syscall(SYS_rt_sigtimedwait, a);
}

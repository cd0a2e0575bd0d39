/* signal_frame.c — the guest's signal frame, laid out as Linux x86-64 lays
 * out its rt_sigframe: return address (sa_restorer), ucontext (whose
 * mcontext is the kernel's sigcontext), siginfo, and a 64-byte aligned
 * fxsave image of the x87/SSE state.  Handlers, unwinders and programs
 * that edit the context (rip, registers) see what they would natively;
 * rt_sigreturn reads it back, edits included.
 *
 * Guest memory is written through the guarded copies: a frame that does
 * not fit on the guest's stack kills the process with SIGSEGV, as Linux does. */
#define _GNU_SOURCE
#include "user/user.h"

#include <stddef.h>
#include <string.h>
#include <ucontext.h>

#include "target/x86/sse_helper.h"

typedef struct KernelUcontext {
    uint64_t uc_flags;
    uint64_t uc_link;
    stack_t uc_stack;
    mcontext_t uc_mcontext; /* = the kernel's struct sigcontext */
    uint64_t uc_sigmask;
} KernelUcontext;

typedef struct RtSigframe {
    uint64_t pretcode;
    KernelUcontext uc;
    siginfo_t info;
} RtSigframe;

_Static_assert(sizeof(mcontext_t) == 256, "mcontext_t is the kernel's sigcontext");

/* uc_flags Linux sets on x86-64: the ss slot of sigcontext is valid and
 * sigreturn restores it. */
#define UC_SIGCONTEXT_SS 0x2
#define UC_STRICT_RESTORE_SS 0x4
#define FXSAVE_SIZE 512
#define FX_MXCSR 24
#define FX_MXCSR_MASK 28
#define RED_ZONE 128
/* The flags a signal handler may change through the context (Linux's FIX_EFLAGS). */
#define SIGRETURN_EFLAGS (CC_ALL | TF_MASK | DF_MASK | AC_MASK | 0x10000)

const int greg_of_reg[16] = {
    [R_EAX] = REG_RAX, [R_ECX] = REG_RCX, [R_EDX] = REG_RDX, [R_EBX] = REG_RBX,
    [R_ESP] = REG_RSP, [R_EBP] = REG_RBP, [R_ESI] = REG_RSI, [R_EDI] = REG_RDI,
    [R_R8] = REG_R8,   [R_R9] = REG_R9,   [R_R10] = REG_R10, [R_R11] = REG_R11,
    [R_R12] = REG_R12, [R_R13] = REG_R13, [R_R14] = REG_R14, [R_R15] = REG_R15,
};

static bool on_sigaltstack(const TaskState *ts, uint64_t sp)
{
    uint64_t base = (uint64_t)(uintptr_t)ts->sigaltstack.ss_sp;
    return ts->sigaltstack.ss_size && sp > base && sp <= base + ts->sigaltstack.ss_size;
}

static void fill_mcontext(mcontext_t *mc, const CPUX86State *env, const GuestFault *fault, uint64_t oldmask,
                          uint64_t fpstate)
{
    memset(mc, 0, sizeof(*mc));
    for (int r = 0; r < 16; r++)
        mc->gregs[greg_of_reg[r]] = env->regs[r];
    mc->gregs[REG_RIP] = env->rip;
    mc->gregs[REG_EFL] = x86_get_eflags(env);
    mc->gregs[REG_CSGSFS] = 0x33 | (0x2bull << 48); /* cs, gs, fs, ss */
    mc->gregs[REG_ERR] = fault ? fault->error_code : 0;
    mc->gregs[REG_TRAPNO] = fault ? fault->trapno : 0;
    mc->gregs[REG_OLDMASK] = oldmask;
    mc->gregs[REG_CR2] = fault ? fault->cr2 : 0;
    mc->fpregs = (struct _libc_fpstate *)(uintptr_t)fpstate;
}

/* Handlers start with the x87/SSE state in its initial configuration, as
 * on Linux (the interrupted state is in the frame). */
static void reset_fpstate(CPUX86State *env)
{
    _Alignas(16) uint8_t fx[FXSAVE_SIZE] = { 0 };
    uint16_t fcw = 0x37f;
    uint32_t mxcsr = 0x1f80;
    memcpy(fx, &fcw, 2);
    memcpy(fx + FX_MXCSR, &mxcsr, 4);
    helper_fxrstor(env, (uint64_t)(uintptr_t)fx - guest_base, 1);
}

bool setup_rt_frame(CPUX86State *env, TaskState *ts, int sig, const siginfo_t *info, uint64_t handler,
                    uint64_t flags, uint64_t restorer, uint64_t oldmask, const GuestFault *fault)
{
    uint64_t sp = env->regs[R_ESP] - RED_ZONE;
    if ((flags & SA_ONSTACK) && ts->sigaltstack.ss_size && !on_sigaltstack(ts, env->regs[R_ESP]))
        sp = (uint64_t)(uintptr_t)ts->sigaltstack.ss_sp + ts->sigaltstack.ss_size;
    uint64_t fpstate = (sp - FXSAVE_SIZE) & ~63ull;
    /* At the handler's first instruction rsp + 8 is 16-byte aligned, as after a call. */
    uint64_t frame = ((fpstate - sizeof(RtSigframe)) & ~15ull) - 8;

    _Alignas(16) uint8_t fx[FXSAVE_SIZE];
    helper_fxsave(env, (uint64_t)(uintptr_t)fx - guest_base, 1);
    RtSigframe f;
    memset(&f, 0, sizeof(f));
    f.pretcode = restorer;
    f.uc.uc_flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS;
    f.uc.uc_stack = ts->sigaltstack;
    f.uc.uc_stack.ss_flags = !ts->sigaltstack.ss_size ? SS_DISABLE
                             : on_sigaltstack(ts, env->regs[R_ESP]) ? SS_ONSTACK : 0;
    fill_mcontext(&f.uc.uc_mcontext, env, fault, oldmask, fpstate);
    f.uc.uc_sigmask = oldmask;
    f.info = *info;
    if (!copy_to_guest(fpstate, fx, sizeof(fx)) || !copy_to_guest(frame, &f, sizeof(f)))
        return false;

    reset_fpstate(env);
    env->regs[R_ESP] = frame;
    env->regs[R_EDI] = sig;
    env->regs[R_ESI] = frame + offsetof(RtSigframe, info);
    env->regs[R_EDX] = frame + offsetof(RtSigframe, uc);
    env->regs[R_EAX] = 0;
    env->rip = handler;
    x86_set_eflags(env, 0, DF_MASK | TF_MASK);
    return true;
}

/* Load the x87/SSE state from a guest fxsave image; bits the host would
 * refuse in MXCSR are dropped rather than faulting. */
static void restore_fpstate(CPUX86State *env, uint64_t addr)
{
    _Alignas(16) uint8_t fx[FXSAVE_SIZE], cur[FXSAVE_SIZE];
    if (!addr || !copy_from_guest(fx, addr, sizeof(fx)))
        return;
    helper_fxsave(env, (uint64_t)(uintptr_t)cur - guest_base, 1);
    uint32_t mxcsr, valid;
    memcpy(&mxcsr, fx + FX_MXCSR, 4);
    memcpy(&valid, cur + FX_MXCSR_MASK, 4);
    mxcsr &= valid ? valid : 0xffbf;
    memcpy(fx + FX_MXCSR, &mxcsr, 4);
    helper_fxrstor(env, (uint64_t)(uintptr_t)fx - guest_base, 1);
}

bool restore_rt_frame(CPUX86State *env, uint64_t *mask)
{
    RtSigframe f;
    /* The handler's ret popped pretcode: rsp points at the ucontext. */
    uint64_t frame = env->regs[R_ESP] - 8;
    if (!copy_from_guest(&f, frame, sizeof(f)))
        return false;
    const mcontext_t *mc = &f.uc.uc_mcontext;
    for (int r = 0; r < 16; r++)
        env->regs[r] = mc->gregs[greg_of_reg[r]];
    env->rip = mc->gregs[REG_RIP];
    x86_set_eflags(env, mc->gregs[REG_EFL], SIGRETURN_EFLAGS);
    restore_fpstate(env, (uint64_t)(uintptr_t)mc->fpregs);
    *mask = f.uc.uc_sigmask;
    return true;
}

/* fpu_helper.c — the x87 unit while the guest's control word unmasks an
 * exception, and the helpers that work on env's image of it.
 *
 * With every exception masked, guest x87 instructions run as themselves
 * on the host's x87, which holds the guest's state (x87_host.h).  An
 * unmasked exception needs responses the host would deliver as #MF traps
 * at its next x87 instruction, so then the state stays in env and each
 * instruction is one of these helpers.  Each arithmetic helper loads its
 * operands from env onto the host's x87 stack (fldt), runs the very same
 * instruction, reads the host status word at once (a later fstpt would
 * change C1) and stores the result back.  The host control word carries the
 * guest's precision and rounding control with every exception masked, so
 * results, flags and NaN choices are the hardware's, to the bit, including
 * the transcendental instructions.  The register stack itself (TOP, tags,
 * overflow and underflow) is emulated here, since the host stack is empty
 * between helpers.
 *
 * Unmasked exceptions behave as on hardware: an invalid-operation,
 * denormal or zero-divide one leaves destination and stack alone (the
 * helpers undo the host's masked response), an overflow or underflow one
 * gives the bias-adjusted result (the host computes it), a stopped store
 * writes nothing; ES and B are set and the next waiting x87 instruction
 * reports #MF (fwait, owned by the core decoder, does not). */
#include "target/x86/fpu_helper.h"

#include <setjmp.h>
#include <signal.h>
#include <string.h>

#include "exec/exec.h"
#include "target/x86/x87_host.h"

#define FPUC_MASKS 0x003f
#define FPUC_DEFAULT 0x037f /* fninit's: all masked, extended precision, nearest */
#define FPUC_BITS 0x1f3f      /* the control word bits that exist */
#define FPUC_ALWAYS_SET 0x0040 /* reads as one */
#define FPUC_PC_RC 0x0f00
#define FPUS_CC (FPUS_C0 | FPUS_C1 | FPUS_C2 | FPUS_C3)
#define FPUS_TOP (7u << FPUS_TOP_SHIFT)

static const FPReg indefinite = { .x = { 0xC000000000000000ull, 0xFFFF } };

/* ---- host behaviour the manuals leave open ----
 * fcomi and ffree clear C1 on some CPUs and keep it on others; D9 D8+i is an
 * alias of fstp on some and, on others, a store that neither checks for
 * nor reports an empty ST(0).  The guest sees what its host does: probed
 * once at startup, read-only after. */
static bool host_ffree_keeps_c1, host_fcomi_keeps_c1, host_fstp1_checks_empty;

/* D9 D8+i is undocumented: a host emulator (valgrind, for profiling tern)
 * may not know it and raise SIGILL, which then reads as "the alias
 * checks" so that tern still starts. */
static sigjmp_buf probe_escape;

static void probe_sigill(int sig)
{
    (void)sig;
    siglongjmp(probe_escape, 1);
}

static uint16_t probe_fstp1_alias(void)
{
    uint16_t sw = FPUS_SF;
    struct sigaction ill = { .sa_handler = probe_sigill }, old;
    sigaction(SIGILL, &ill, &old);
    if (!sigsetjmp(probe_escape, 1))
        __asm__ volatile("fninit\n\tfld1\n\tfld1\n\tffree %%st(0)\n\t.byte 0xd9, 0xd9\n\tfnstsw %0\n\tfninit"
                         : "=m"(sw) : : "st", "st(1)", "cc");
    else
        __asm__ volatile("fninit"); /* the escape left the loads behind */
    sigaction(SIGILL, &old, NULL);
    return sw;
}

/* C1 = 1 through fxam of -1 (a load would clear it), then the instruction */
__attribute__((constructor)) static void probe_host_fpu(void)
{
    uint16_t cw, sw_ffree, sw_fcomi;
    __asm__ volatile("fnstcw %0" : "=m"(cw));
    __asm__ volatile("fninit\n\tfld1\n\tfld1\n\tfchs\n\tfxam\n\tffree %%st(1)\n\tfnstsw %0\n\t"
                     "fninit\n\tfld1\n\tfld1\n\tfchs\n\tfxam\n\tfcomi %%st(1), %%st\n\tfnstsw %1\n\tfninit"
                     : "=m"(sw_ffree), "=m"(sw_fcomi) : : "st", "st(1)", "cc");
    uint16_t sw_fstp1 = probe_fstp1_alias();
    __asm__ volatile("fldcw %0" : : "m"(cw));
    host_ffree_keeps_c1 = (sw_ffree & FPUS_C1) != 0;
    host_fcomi_keeps_c1 = (sw_fcomi & FPUS_C1) != 0;
    host_fstp1_checks_empty = (sw_fstp1 & FPUS_SF) != 0;
}

/* Every x87 instruction but the no-wait ones (fninit, fnclex, fnstcw,
 * fnstsw, fnstenv, fnsave) first reports an unmasked exception left
 * pending by an earlier one, as #MF.  A macro: GETPC must be the
 * helper's own return address into generated code. */
#define CHECK_PENDING(env)                                                \
    do {                                                                  \
        if (__builtin_expect((env)->fpus & FPUS_ES, 0))                   \
            x86_raise_exception((env), EXCP10_COPR, GETPC());             \
    } while (0)

/* ---- the register stack ---- */

static inline uint32_t phys(const CPUX86State *env, uint32_t i) { return (env->fpstt + i) & 7; }
static inline FPReg *st(CPUX86State *env, uint32_t i) { return &env->fpregs[phys(env, i)]; }
static inline bool is_empty(const CPUX86State *env, uint32_t i) { return env->fptags[phys(env, i)]; }

static void set_reg(CPUX86State *env, uint32_t i, const FPReg *v)
{
    *st(env, i) = *v;
    env->fptags[phys(env, i)] = 0;
}

/* ES (and B, its old alias) summarise "an unmasked exception is flagged";
 * the hardware recomputes it whenever flags or masks change. */
static void update_es(CPUX86State *env)
{
    if (env->fpus & ~env->fpuc & FPUC_MASKS)
        env->fpus |= FPUS_ES | FPUS_B;
    else
        env->fpus &= ~(FPUS_ES | FPUS_B);
}

/* HF_X87_NONDEF follows the control word: x87 code runs on the host's
 * x87 only while every exception is masked. */
static void update_mode(CPUX86State *env)
{
    env->hflags &= ~HF_X87_NONDEF;
    if ((env->fpuc & FPUC_MASKS) != FPUC_MASKS)
        env->hflags |= HF_X87_NONDEF;
}

void x87_update_es(CPUX86State *env)
{
    update_es(env);
    update_mode(env);
}

static void set_cc(CPUX86State *env, uint16_t mask, uint16_t bits)
{
    env->fpus = (env->fpus & ~mask) | bits;
}

/* Stack overflow or underflow: IE and SF, C1 says which.  Returns true if
 * IE is masked, i.e. the caller applies the masked response. */
static bool stack_fault(CPUX86State *env, bool overflow)
{
    env->fpus |= FPUS_IE | FPUS_SF;
    set_cc(env, FPUS_C1, overflow ? FPUS_C1 : 0);
    update_es(env);
    return env->fpuc & FPUS_IE;
}

static void underflow_to(CPUX86State *env, uint32_t i)
{
    if (stack_fault(env, false))
        set_reg(env, i, &indefinite);
}

/* The register a push will write, or NULL after an overflow (then the
 * masked response, pushing the indefinite, is already done). */
static FPReg *push_slot(CPUX86State *env)
{
    uint32_t t = (env->fpstt - 1) & 7;
    if (!env->fptags[t]) {
        if (stack_fault(env, true)) {
            env->fpstt = t;
            env->fpregs[t] = indefinite;
        }
        return NULL;
    }
    return &env->fpregs[t];
}

static void push_commit(CPUX86State *env)
{
    env->fpstt = (env->fpstt - 1) & 7;
    env->fptags[env->fpstt] = 0;
}

void helper_x87_pop(CPUX86State *env)
{
    env->fptags[env->fpstt] = 1;
    env->fpstt = (env->fpstt + 1) & 7;
}

/* An unmasked invalid-operation, denormal or divide-by-zero exception
 * stops an instruction before it writes its destination or moves the
 * stack.  No unmasked exception is pending when an instruction starts
 * (CHECK_PENDING), so one flagged now is the current instruction's. */
#define FPUS_PRECOMP (FPUS_IE | FPUS_DE | FPUS_ZE)

static bool stopped(const CPUX86State *env)
{
    return env->fpus & ~env->fpuc & FPUS_PRECOMP;
}

/* The destination's old value and the old status word, kept only while
 * one of those exceptions is unmasked (never in the common all-masked
 * case): a stopped instruction raises no precision, overflow or
 * underflow exception and clears C1 (and C2 for the instructions that
 * report an incomplete reduction in it), leaving C0 and C3 alone. */
typedef struct Keep {
    FPReg *reg;
    FPReg val;
    uint16_t fpus;
    uint16_t cleared; /* condition codes a stopped instruction clears */
} Keep;

static void keep(const CPUX86State *env, Keep *k, FPReg *r, uint16_t cleared)
{
    k->reg = (env->fpuc & FPUS_PRECOMP) != FPUS_PRECOMP ? r : NULL;
    if (k->reg) {
        k->val = *r;
        k->fpus = env->fpus;
        k->cleared = cleared;
    }
}

static void undo_if_stopped(CPUX86State *env, const Keep *k)
{
    if (k->reg && stopped(env)) {
        *k->reg = k->val;
        env->fpus = (k->fpus & ~k->cleared) | (env->fpus & FPUS_PRECOMP);
        update_es(env);
    }
}


/* the pops an argument asks for with X87_POPS(n), unless stopped */
static void pop_n(CPUX86State *env, uint32_t arg)
{
    if (stopped(env))
        return;
    for (uint32_t n = arg >> X87_POPS_SHIFT; n; n--)
        helper_x87_pop(env);
}

/* ---- running an instruction on the host ---- */

typedef struct HostFpu {
    uint16_t saved_cw, guest_cw;
    uint32_t image[7]; /* seeded entry: the environment fldenv loads */
} HostFpu;

/* The host control word for a guest instruction: the guest's precision
 * and rounding control, and its overflow and underflow masks: unmasked,
 * the host itself delivers the bias-adjusted result (or no store) the
 * hardware gives.  The other exceptions stay masked on the host (the
 * helpers undo what an unmasked one would have prevented), and an
 * unmasked overflow or underflow is cleared (CLEAR_HOST_ES) before the
 * host's next waiting instruction could trap. */
static inline uint16_t host_cw_for(const CPUX86State *env)
{
    uint16_t om_um = FPUS_OE | FPUS_UE; /* the same bits in the control word */
    return (env->fpuc & (FPUC_PC_RC | om_um)) | (FPUC_MASKS & ~om_um) | FPUC_ALWAYS_SET;
}

/* after "fnstsw %%ax": clear a host exception summary (slow, so only if set) */
#define CLEAR_HOST_ES "testb $0x80, %%al\n\tjz 8f\n\tfnclex\n8:\n\t"

/* The host's exception flags on this thread, as far as the helpers know:
 * a mirror of the host FPU's own per-thread state.  fnclex is slow, so
 * the host flags are not cleared before each instruction; it is enough
 * that they be a subset of the guest's, since the guest's are sticky too:
 * then the flags read after the instruction, or'ed into the guest's, add
 * exactly what it raised.  A new thread inherits its creator's FPU state,
 * hence the start value "any may be set". */
static __thread uint16_t host_flags = FPUC_MASKS;

static void host_flags_subset(const CPUX86State *env)
{
    if (host_flags & ~env->fpus & FPUC_MASKS) {
        __asm__ volatile("fnclex");
        host_flags = 0;
    }
}

/* Give the host the guest's precision and rounding control, every
 * exception masked, and only flags the guest has too. */
static inline void host_enter(const CPUX86State *env, HostFpu *h)
{
    h->guest_cw = host_cw_for(env);
    __asm__ volatile("fnstcw %0" : "=m"(h->saved_cw));
    if (h->guest_cw != h->saved_cw)
        __asm__ volatile("fldcw %0" : : "m"(h->guest_cw));
    host_flags_subset(env);
}

/* For instructions that leave some condition codes alone (or do so in
 * some cases only), the host must start from the guest's condition codes.
 * Loading the operands would clear C1, so the asm loads them first and
 * then runs fldenv on this image: control word, the guest's condition
 * codes and no flags, with the n operands as the valid top of the stack
 * (fldenv leaves register contents alone). */
static inline void host_prepare_seeded(const CPUX86State *env, HostFpu *h, int n)
{
    h->guest_cw = host_cw_for(env);
    uint32_t top = 8u - (uint32_t)n;
    uint32_t tw = 0xffffu >> (2 * n);
    uint32_t image[7] = { h->guest_cw, (env->fpus & FPUS_CC) | (top << FPUS_TOP_SHIFT), tw, 0, 0, 0, 0 };
    memcpy(h->image, image, sizeof(image));
    __asm__ volatile("fnstcw %0" : "=m"(h->saved_cw));
    /* The image places the operands in physical registers 8-n..7, which is
     * where the loads land only from an empty host stack with TOP 0: make
     * it so (the host's TOP was seen elsewhere after a fault, and fprem's
     * condition codes then came from stale registers). */
    __asm__ volatile("fninit" ::: "memory");
    host_flags = 0;
}

/* Restore the host control word and fold the host status word into the
 * guest's: exception flags accumulate, the condition codes in cmask are
 * the instruction's own, the others stay as they were. */
static void host_merge_status(CPUX86State *env, uint16_t sw, uint16_t cmask)
{
    host_flags = sw & FPUC_MASKS;
    env->fpus = (env->fpus & ~cmask) | (sw & cmask) | (sw & FPUC_MASKS);
    update_es(env);
}

static inline void host_leave(CPUX86State *env, const HostFpu *h, uint16_t sw, uint16_t cmask)
{
    if (h->guest_cw != h->saved_cw)
        __asm__ volatile("fldcw %0" : : "m"(h->saved_cw));
    host_merge_status(env, sw, cmask);
}

/* ---- loads ---- */

void helper_x87_fld_sti(CPUX86State *env, uint32_t i)
{
    CHECK_PENDING(env);
    FPReg v = *st(env, i);
    /* an empty source is an underflow (C1 = 0) even where the push would
     * also overflow: the masked response pushes the indefinite regardless */
    if (is_empty(env, i)) {
        if (stack_fault(env, false)) {
            env->fpregs[(env->fpstt - 1) & 7] = indefinite;
            push_commit(env);
        }
        return;
    }
    FPReg *slot = push_slot(env);
    if (!slot)
        return;
    set_cc(env, FPUS_C1, 0);
    *slot = v;
    push_commit(env);
}

/* fwait, fnop and MMX instructions: #MF if an unmasked exception is pending */
void helper_x87_check_pending(CPUX86State *env)
{
    CHECK_PENDING(env);
}

/* ---- widening conversions, in C: they are exact, so the host adds
 * nothing but its cost ---- */

static void set_x80(FPReg *r, uint16_t sign_exp, uint64_t mant)
{
    r->x.mant = mant;
    r->x.exp = sign_exp;
}

/* a binary32/binary64 value with fbits of fraction, ebits of exponent:
 * NaNs are quieted (an SNaN raises IE), denormals are normalised (DE) */
static void widen_float(CPUX86State *env, FPReg *r, uint64_t v, int fbits, int ebits)
{
    uint16_t sign = (v >> (fbits + ebits)) & 1 ? 0x8000 : 0;
    uint32_t emax = (1u << ebits) - 1, bias = emax >> 1;
    uint32_t e = (uint32_t)(v >> fbits) & emax;
    uint64_t f = v & ((1ull << fbits) - 1);
    if (e == emax) {
        if (f && !(f >> (fbits - 1)))
            env->fpus |= FPUS_IE;
        set_x80(r, sign | 0x7fff, (1ull << 63) | (f ? 1ull << 62 : 0) | (f << (63 - fbits)));
    } else if (e == 0 && f == 0) {
        set_x80(r, sign, 0);
    } else if (e == 0) {
        int lz = __builtin_clzll(f);
        env->fpus |= FPUS_DE;
        set_x80(r, sign | (uint16_t)(16383 + 63 - (int)bias - fbits + 1 - lz), f << lz);
    } else {
        set_x80(r, sign | (uint16_t)(e - bias + 16383), (1ull << 63) | (f << (63 - fbits)));
    }
}

static void widen_int(FPReg *r, int64_t v)
{
    uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    uint16_t sign = v < 0 ? 0x8000 : 0;
    if (!mag) {
        set_x80(r, 0, 0);
        return;
    }
    int lz = __builtin_clzll(mag);
    set_x80(r, sign | (uint16_t)(16383 + 63 - lz), mag << lz);
}

void helper_x87_fld_mem(CPUX86State *env, uint32_t fmt, uint64_t val)
{
    CHECK_PENDING(env);
    FPReg *slot = push_slot(env);
    if (!slot)
        return;
    if (fmt == X87_M_F32)
        widen_float(env, slot, val & 0xffffffffu, 23, 8);
    else if (fmt == X87_M_F64)
        widen_float(env, slot, val, 52, 11);
    else /* integers arrive sign-extended */
        widen_int(slot, (int64_t)val);
    set_cc(env, FPUS_C1, 0);
    update_es(env);
    if (!(env->fpus & ~env->fpuc & FPUS_IE)) /* a denormal is loaded all the same */
        push_commit(env);
}

void helper_x87_fld_f80(CPUX86State *env, uint64_t mant, uint64_t exp)
{
    CHECK_PENDING(env);
    FPReg *slot = push_slot(env);
    if (!slot)
        return;
    slot->x.mant = mant;
    slot->x.exp = (uint16_t)exp;
    set_cc(env, FPUS_C1, 0);
    push_commit(env);
}

void helper_x87_fbld(CPUX86State *env, uint64_t lo, uint64_t hi)
{
    CHECK_PENDING(env);
    FPReg *slot = push_slot(env);
    if (!slot)
        return;
    FPReg bcd = { .x = { lo, (uint16_t)hi } };
    uint16_t sw;
    HostFpu h;
    host_enter(env, &h);
    __asm__ volatile("fbld %2\n\tfnstsw %1\n\tfstpt %0" : "=m"(*slot), "=m"(sw) : "m"(bcd) : "st");
    host_leave(env, &h, sw, FPUS_C1);
    if (!stopped(env))
        push_commit(env);
}

/* The constants are rounded by the control word's RC, as on hardware. */
void helper_x87_fld_const(CPUX86State *env, uint32_t which)
{
    CHECK_PENDING(env);
    FPReg *slot = push_slot(env);
    if (!slot)
        return;
    uint16_t sw;
    HostFpu h;
    host_enter(env, &h);
#define LOAD_CONST(insn) \
    __asm__ volatile(insn "\n\tfnstsw %1\n\tfstpt %0" : "=m"(*slot), "=m"(sw) : : "st")
    switch (which) {
    case X87_C_ONE: LOAD_CONST("fld1"); break;
    case X87_C_L2T: LOAD_CONST("fldl2t"); break;
    case X87_C_L2E: LOAD_CONST("fldl2e"); break;
    case X87_C_PI: LOAD_CONST("fldpi"); break;
    case X87_C_LG2: LOAD_CONST("fldlg2"); break;
    case X87_C_LN2: LOAD_CONST("fldln2"); break;
    default: LOAD_CONST("fldz"); break;
    }
#undef LOAD_CONST
    host_leave(env, &h, sw, FPUS_C1);
    push_commit(env);
}

/* ---- stores ---- */

/* ST(0) as a store reads it: an empty register underflows and the masked
 * response stores the indefinite of the destination format, which is
 * what converting the register indefinite gives. */
static const FPReg *store_source(CPUX86State *env)
{
    if (!is_empty(env, 0))
        return st(env, 0);
    stack_fault(env, false);
    return &indefinite;
}

/* A store stopped by an unmasked invalid-operation, overflow or underflow
 * exception writes nothing and does not pop: the helpers then hand back
 * the memory's old contents, and helper_x87_pop_stored leaves the stack. */
static bool store_stopped(const CPUX86State *env)
{
    return env->fpus & ~env->fpuc & (FPUS_IE | FPUS_OE | FPUS_UE);
}

void helper_x87_pop_stored(CPUX86State *env)
{
    if (!store_stopped(env))
        helper_x87_pop(env);
}

/* a stopped store flags only what stopped it, and clears C1 */
static void store_flags_if_stopped(CPUX86State *env, uint16_t fpus_before)
{
    if (store_stopped(env)) {
        env->fpus = (fpus_before & ~FPUS_C1) | (env->fpus & (FPUS_IE | FPUS_OE | FPUS_UE | FPUS_SF));
        update_es(env);
    }
}

uint64_t helper_x87_fst_mem(CPUX86State *env, uint32_t fmt, uint64_t old)
{
    CHECK_PENDING(env);
    uint16_t fpus_before = env->fpus;
    const FPReg *src = store_source(env);
    uint16_t sw;
    HostFpu h;
    union { uint64_t q; uint32_t l; uint16_t w; } out = { 0 };
    host_enter(env, &h);
#define STORE(insn, dst) \
    __asm__ volatile("fldt %2\n\t" insn " %0\n\tfnstsw %%ax\n\t" CLEAR_HOST_ES         \
                     : "=m"(dst), "=a"(sw) : "m"(*src) : "st", "cc")
    switch (fmt) {
    case X87_M_F32: STORE("fstps", out.l); break;
    case X87_M_F64: STORE("fstpl", out.q); break;
    case X87_M_I16: STORE("fistps", out.w); break;
    case X87_M_I32: STORE("fistpl", out.l); break;
    case X87_M_I64: STORE("fistpll", out.q); break;
    case X87_M_T16: STORE("fisttps", out.w); break;
    case X87_M_T32: STORE("fisttpl", out.l); break;
    default: STORE("fisttpll", out.q); break;
    }
#undef STORE
    host_leave(env, &h, sw, FPUS_C1);
    store_flags_if_stopped(env, fpus_before);
    return store_stopped(env) ? old : out.q;
}

static void keep_old_80(CPUX86State *env, uint64_t old_lo, uint64_t old_hi)
{
    if (store_stopped(env)) {
        env->ft0.x.mant = old_lo;
        env->ft0.x.exp = (uint16_t)old_hi;
    }
}

void helper_x87_fst_f80(CPUX86State *env, uint64_t old_lo, uint64_t old_hi)
{
    CHECK_PENDING(env);
    if (!is_empty(env, 0))
        set_cc(env, FPUS_C1, 0); /* nothing to round */
    env->ft0 = *store_source(env);
    keep_old_80(env, old_lo, old_hi);
}

void helper_x87_fbst(CPUX86State *env, uint64_t old_lo, uint64_t old_hi)
{
    CHECK_PENDING(env);
    uint16_t fpus_before = env->fpus;
    const FPReg *src = store_source(env);
    uint16_t sw;
    HostFpu h;
    host_enter(env, &h);
    __asm__ volatile("fldt %2\n\tfbstp %0\n\tfnstsw %1" : "=m"(env->ft0), "=m"(sw) : "m"(*src) : "st");
    host_leave(env, &h, sw, FPUS_C1);
    store_flags_if_stopped(env, fpus_before);
    keep_old_80(env, old_lo, old_hi);
}

static void store_to_reg(CPUX86State *env, uint32_t i)
{
    if (is_empty(env, 0)) {
        underflow_to(env, i);
        return;
    }
    set_reg(env, i, st(env, 0));
    set_cc(env, FPUS_C1, 0);
}

void helper_x87_fst_sti(CPUX86State *env, uint32_t arg)
{
    CHECK_PENDING(env);
    store_to_reg(env, arg & X87_ARG_MASK);
    pop_n(env, arg);
}

void helper_x87_fstp1(CPUX86State *env, uint32_t i)
{
    CHECK_PENDING(env);
    if (is_empty(env, 0) && !host_fstp1_checks_empty) {
        set_cc(env, FPUS_C1, 0);
        helper_x87_pop(env);
        return;
    }
    store_to_reg(env, i);
    helper_x87_pop(env);
}

/* ---- arithmetic ---- */

static void arith_regs(CPUX86State *env, uint32_t op, uint32_t dst, uint32_t src)
{
    if (is_empty(env, dst) || is_empty(env, src)) {
        underflow_to(env, dst);
        return;
    }
    FPReg *d = st(env, dst);
    const FPReg *b = st(env, src);
    uint16_t sw;
    HostFpu h;
    Keep k;
    keep(env, &k, d, FPUS_C1);
    host_enter(env, &h);
    /* host ST(1) = dst, ST(0) = src, and the popping form that writes
     * ST(1) with dst in the same role (destination operand) as in the
     * guest's instruction; spelled as bytes, free of the AT&T fsub/fsubr
     * naming swap */
#define ARITH_RR(bytes)                                                           \
    __asm__ volatile("fldt %0\n\tfldt %2\n\t.byte " bytes "\n\tfnstsw %%ax\n\t"  \
                     CLEAR_HOST_ES "fstpt %0" : "+m"(*d), "=a"(sw) : "m"(*b)          \
                     : "st", "st(1)", "cc")
    switch (op) {
    case X87_ADD: ARITH_RR("0xde, 0xc1"); break;  /* faddp: st1 = st1 + st0 */
    case X87_MUL: ARITH_RR("0xde, 0xc9"); break;  /* fmulp */
    case X87_SUB: ARITH_RR("0xde, 0xe9"); break;  /* fsubp: st1 = st1 - st0 */
    case X87_SUBR: ARITH_RR("0xde, 0xe1"); break; /* fsubrp: st1 = st0 - st1 */
    case X87_DIV: ARITH_RR("0xde, 0xf9"); break;  /* fdivp: st1 = st1 / st0 */
    default: ARITH_RR("0xde, 0xf1"); break;       /* fdivrp: st1 = st0 / st1 */
    }
#undef ARITH_RR
    host_leave(env, &h, sw, FPUS_C1);
    undo_if_stopped(env, &k);
}

void helper_x87_arith_rr(CPUX86State *env, uint32_t op, uint32_t dst, uint32_t src)
{
    CHECK_PENDING(env);
    arith_regs(env, op & X87_ARG_MASK, dst, src);
    pop_n(env, op);
}

/* The memory forms run the memory-operand instruction itself: an SNaN
 * operand then chooses the NaN result as the hardware does. */
#define ARITH_M(insn, var)                                                        \
    __asm__ volatile("fldt %0\n\t" insn " %2\n\tfnstsw %%ax\n\t" CLEAR_HOST_ES      \
                     "fstpt %0" : "+m"(*d), "=a"(sw) : "m"(var) : "st", "cc")
#define ARITH_M_OPS(pre, sfx, var)                                                \
    switch (op) {                                                                 \
    case X87_ADD: ARITH_M(pre "add" sfx, var); break;                             \
    case X87_MUL: ARITH_M(pre "mul" sfx, var); break;                             \
    case X87_SUB: ARITH_M(pre "sub" sfx, var); break;                             \
    case X87_SUBR: ARITH_M(pre "subr" sfx, var); break;                           \
    case X87_DIV: ARITH_M(pre "div" sfx, var); break;                             \
    default: ARITH_M(pre "divr" sfx, var); break;                                 \
    }

void helper_x87_arith_mem(CPUX86State *env, uint32_t op, uint32_t fmt, uint64_t val)
{
    CHECK_PENDING(env);
    if (is_empty(env, 0)) {
        underflow_to(env, 0);
        return;
    }
    FPReg *d = st(env, 0);
    uint32_t f32 = (uint32_t)val;
    int16_t i16 = (int16_t)val;
    int32_t i32 = (int32_t)val;
    uint16_t sw;
    HostFpu h;
    Keep k;
    keep(env, &k, d, FPUS_C1);
    host_enter(env, &h);
    switch (fmt) {
    case X87_M_F32: ARITH_M_OPS("f", "s", f32); break;
    case X87_M_F64: ARITH_M_OPS("f", "l", val); break;
    case X87_M_I16: ARITH_M_OPS("fi", "s", i16); break;
    default: ARITH_M_OPS("fi", "l", i32); break;
    }
    host_leave(env, &h, sw, FPUS_C1);
    undo_if_stopped(env, &k);
}
#undef ARITH_M_OPS
#undef ARITH_M

/* ---- comparisons ---- */

/* an empty operand compares "unordered", whether IE is masked or not */
static void compare_underflow(CPUX86State *env)
{
    stack_fault(env, false);
    set_cc(env, FPUS_C0 | FPUS_C2 | FPUS_C3, FPUS_C0 | FPUS_C2 | FPUS_C3);
}

static void compare_regs(CPUX86State *env, uint32_t i, uint32_t unordered)
{
    if (is_empty(env, 0) || is_empty(env, i)) {
        compare_underflow(env);
        return;
    }
    const FPReg *a = st(env, 0), *b = st(env, i);
    uint16_t sw;
    HostFpu h;
    host_enter(env, &h);
    if (unordered)
        __asm__ volatile("fldt %2\n\tfldt %1\n\tfucompp\n\tfnstsw %0" : "=m"(sw) : "m"(*a), "m"(*b) : "st", "st(1)");
    else
        __asm__ volatile("fldt %2\n\tfldt %1\n\tfcompp\n\tfnstsw %0" : "=m"(sw) : "m"(*a), "m"(*b) : "st", "st(1)");
    host_leave(env, &h, sw, FPUS_CC);}

void helper_x87_fcom_rr(CPUX86State *env, uint32_t i, uint32_t unordered)
{
    CHECK_PENDING(env);
    compare_regs(env, i, unordered & X87_ARG_MASK);
    pop_n(env, unordered);
}

static void compare_mem(CPUX86State *env, uint32_t fmt, uint64_t val)
{
    if (is_empty(env, 0)) {
        compare_underflow(env);
        return;
    }
    const FPReg *a = st(env, 0);
    uint32_t f32 = (uint32_t)val;
    int16_t i16 = (int16_t)val;
    int32_t i32 = (int32_t)val;
    uint16_t sw;
    HostFpu h;
    host_enter(env, &h);
#define COMPARE_M(insn, var) \
    __asm__ volatile("fldt %1\n\t" insn " %2\n\tfnstsw %0" : "=m"(sw) : "m"(*a), "m"(var) : "st")
    switch (fmt) {
    case X87_M_F32: COMPARE_M("fcomps", f32); break;
    case X87_M_F64: COMPARE_M("fcompl", val); break;
    case X87_M_I16: COMPARE_M("ficomps", i16); break;
    default: COMPARE_M("ficompl", i32); break;
    }
#undef COMPARE_M
    host_leave(env, &h, sw, FPUS_CC);}

void helper_x87_fcom_mem(CPUX86State *env, uint32_t fmt, uint64_t val)
{
    CHECK_PENDING(env);
    compare_mem(env, fmt & X87_ARG_MASK, val);
    pop_n(env, fmt);
}

static uint64_t compare_to_eflags(CPUX86State *env, uint32_t i, uint32_t unordered)
{
    if (is_empty(env, 0) || is_empty(env, i)) {
        stack_fault(env, false);
        return CC_Z | CC_P | CC_C;
    }
    const FPReg *a = st(env, 0), *b = st(env, i);
    uint8_t zf, pf, cf;
    uint16_t sw;
    HostFpu h;
    host_enter(env, &h);
#define COMPARE_I(insn)                                                            \
    __asm__ volatile("fldt %5\n\tfldt %4\n\t" insn " %%st(1), %%st\n\tfnstsw %3\n\t" \
                     "fstp %%st(0)\n\tsetz %0\n\tsetp %1\n\tsetc %2"                \
                     : "=q"(zf), "=q"(pf), "=q"(cf), "=m"(sw) : "m"(*a), "m"(*b)    \
                     : "st", "st(1)", "cc")
    if (unordered)
        COMPARE_I("fucomip");
    else
        COMPARE_I("fcomip");
#undef COMPARE_I
    host_leave(env, &h, sw, host_fcomi_keeps_c1 ? 0 : FPUS_C1);
    return (zf ? CC_Z : 0) | (pf ? CC_P : 0) | (cf ? CC_C : 0);
}

uint64_t helper_x87_fcomi(CPUX86State *env, uint32_t i, uint32_t unordered)
{
    CHECK_PENDING(env);
    uint64_t flags = compare_to_eflags(env, i, unordered & X87_ARG_MASK);
    pop_n(env, unordered);
    return flags;
}

/* ---- one-operand operations on ST(0) ---- */

static void sign_op(CPUX86State *env, uint32_t op)
{
    FPReg *r = st(env, 0);
    if (op == X87_FCHS)
        r->x.exp ^= 0x8000;
    else
        r->x.exp &= 0x7fff;
    set_cc(env, FPUS_C1, 0);
}

/* fxam on an empty register: class "empty", C1 the sign bit left there */
static void fxam_empty(CPUX86State *env)
{
    uint16_t sign = (st(env, 0)->x.exp & 0x8000) ? FPUS_C1 : 0;
    set_cc(env, FPUS_CC, FPUS_C3 | FPUS_C0 | sign);
}

static void examine(CPUX86State *env, uint32_t op)
{
    const FPReg *a = st(env, 0);
    uint16_t sw;
    HostFpu h;
    host_enter(env, &h);
    if (op == X87_FXAM)
        __asm__ volatile("fldt %1\n\tfxam\n\tfnstsw %0\n\tfstp %%st(0)" : "=m"(sw) : "m"(*a) : "st");
    else
        __asm__ volatile("fldt %1\n\tftst\n\tfnstsw %0\n\tfstp %%st(0)" : "=m"(sw) : "m"(*a) : "st");
    host_leave(env, &h, sw, FPUS_CC);}

void helper_x87_unary(CPUX86State *env, uint32_t op)
{
    CHECK_PENDING(env);
    if (is_empty(env, 0)) {
        if (op == X87_FXAM)
            fxam_empty(env);
        else if (op == X87_FTST)
            compare_underflow(env);
        else
            underflow_to(env, 0);
        if (op == X87_FSIN || op == X87_FCOS)
            set_cc(env, FPUS_C2, 0);
        return;
    }
    if (op == X87_FCHS || op == X87_FABS) {
        sign_op(env, op);
        return;
    }
    if (op == X87_FXAM || op == X87_FTST) {
        examine(env, op);
        return;
    }
    FPReg *r = st(env, 0);
    uint16_t sw, cmask = FPUS_C1;
    HostFpu h;
    Keep k;
    keep(env, &k, r, op == X87_FSIN || op == X87_FCOS ? FPUS_C1 | FPUS_C2 : FPUS_C1);
    host_enter(env, &h);
#define UNARY(insn) \
    __asm__ volatile("fldt %0\n\t" insn "\n\tfnstsw %%ax\n\t" CLEAR_HOST_ES "fstpt %0" \
                     : "+m"(*r), "=a"(sw) : : "st", "cc")
    switch (op) {
    case X87_F2XM1: UNARY("f2xm1"); break;
    case X87_FSQRT: UNARY("fsqrt"); break;
    case X87_FRNDINT: UNARY("frndint"); break;
    case X87_FSIN: UNARY("fsin"); cmask |= FPUS_C2; break;
    default: UNARY("fcos"); cmask |= FPUS_C2; break;
    }
#undef UNARY
    host_leave(env, &h, sw, cmask);
    undo_if_stopped(env, &k);
}

/* ---- operations on ST(0) and ST(1) ---- */

/* fprem and fprem1 leave all condition codes alone on an invalid
 * operand: the host starts from the guest's (seeded entry) */
static void partial_remainder(CPUX86State *env, uint32_t op, FPReg *a, const FPReg *b)
{
    uint16_t sw;
    HostFpu h;
    Keep k;
    keep(env, &k, a, FPUS_C1 | FPUS_C2);
    host_prepare_seeded(env, &h, 2);
#define SEEDED(insn)                                                                  \
    __asm__ volatile("fldt %2\n\tfldt %0\n\tfldenv %3\n\t" insn "\n\tfnstsw %%ax\n\t"   \
                     CLEAR_HOST_ES "fstpt %0\n\tfstp %%st(0)"                         \
                     : "+m"(*a), "=a"(sw) : "m"(*b), "m"(h.image) : "st", "st(1)", "cc")
    if (op == X87_FPREM)
        SEEDED("fprem");
    else
        SEEDED("fprem1");
#undef SEEDED
    host_leave(env, &h, sw, FPUS_CC);
    undo_if_stopped(env, &k);
}

void helper_x87_binary(CPUX86State *env, uint32_t op)
{
    CHECK_PENDING(env);
    bool pops = op >= X87_FPATAN;
    if (is_empty(env, 0) || is_empty(env, 1)) {
        underflow_to(env, pops ? 1 : 0);
        if (op == X87_FPREM || op == X87_FPREM1)
            set_cc(env, FPUS_C2, 0); /* no partial remainder pending */
        pop_n(env, X87_POPS(pops));
        return;
    }
    FPReg *a = st(env, 0), *b = st(env, 1);
    if (op == X87_FPREM || op == X87_FPREM1) {
        partial_remainder(env, op, a, b);
        return;
    }
    uint16_t sw;
    HostFpu h;
    Keep k;
    keep(env, &k, pops ? b : a, FPUS_C1);
    host_enter(env, &h);
    /* host ST(0) = guest ST(0), ST(1) = guest ST(1) */
#define IN_PLACE(insn)                                                             \
    __asm__ volatile("fldt %2\n\tfldt %0\n\t" insn "\n\tfnstsw %%ax\n\t"              \
                     CLEAR_HOST_ES "fstpt %0\n\tfstp %%st(0)"                         \
                     : "+m"(*a), "=a"(sw) : "m"(*b) : "st", "st(1)", "cc")
#define POPPING(insn)                                                              \
    __asm__ volatile("fldt %0\n\tfldt %2\n\t" insn "\n\tfnstsw %%ax\n\t"              \
                     CLEAR_HOST_ES "fstpt %0" : "+m"(*b), "=a"(sw) : "m"(*a)          \
                     : "st", "st(1)", "cc")
    switch (op) {
    case X87_FSCALE: IN_PLACE("fscale"); break;
    case X87_FPATAN: POPPING("fpatan"); break;
    case X87_FYL2X: POPPING("fyl2x"); break;
    default: POPPING("fyl2xp1"); break;
    }
#undef IN_PLACE
#undef POPPING
    host_leave(env, &h, sw, FPUS_C1);
    undo_if_stopped(env, &k);
    pop_n(env, X87_POPS(pops));
}

/* ---- operations replacing ST(0) by two values ---- */

static void split_fault(CPUX86State *env, uint32_t op, bool overflow)
{
    bool masked = stack_fault(env, overflow);
    if (op != X87_FXTRACT)
        set_cc(env, FPUS_C2, 0);
    if (!masked)
        return;
    set_reg(env, 0, &indefinite);
    push_commit(env);
    *st(env, 0) = indefinite;
}

/* fptan and fsincos leave the operand alone when it is out of range
 * (C2 set): then there is no second value to store */
static void split_two(uint32_t op, FPReg *x, FPReg *y, uint16_t *swp)
{
    uint16_t sw;
#define MAY_SPLIT(insn)                                                           \
    __asm__ volatile("fldt %0\n\t" insn "\n\tfnstsw %%ax\n\t" CLEAR_HOST_ES           \
                     "testb $4, %%ah\n\tjnz 1f\n\tfstpt %1\n1:\n\tfstpt %0"         \
                     : "+m"(*x), "+m"(*y), "=a"(sw) : : "st", "st(1)", "cc")
    if (op == X87_FPTAN)
        MAY_SPLIT("fptan");
    else
        MAY_SPLIT("fsincos");
#undef MAY_SPLIT
    *swp = sw;
}

void helper_x87_split(CPUX86State *env, uint32_t op)
{
    CHECK_PENDING(env);
    uint32_t slot_phys = (env->fpstt - 1) & 7;
    if (is_empty(env, 0) || !env->fptags[slot_phys]) {
        split_fault(env, op, !is_empty(env, 0));
        return;
    }
    FPReg *x = st(env, 0), *y = &env->fpregs[slot_phys];
    uint16_t sw;
    HostFpu h;
    Keep k;
    keep(env, &k, x, op == X87_FXTRACT ? FPUS_C1 : FPUS_C1 | FPUS_C2);
    host_enter(env, &h);
    if (op == X87_FXTRACT) {
        __asm__ volatile("fldt %0\n\tfxtract\n\tfnstsw %%ax\n\t" CLEAR_HOST_ES "fstpt %1\n\tfstpt %0"
                         : "+m"(*x), "=m"(*y), "=a"(sw) : : "st", "st(1)", "cc");
        host_leave(env, &h, sw, FPUS_C1);
    } else {
        split_two(op, x, y, &sw);
        host_leave(env, &h, sw, FPUS_C1 | FPUS_C2);
    }
    undo_if_stopped(env, &k);
    /* an out-of-range fptan/fsincos operand (C2) is left alone: no push */
    if (!stopped(env) && !(op != X87_FXTRACT && (sw & FPUS_C2)))
        push_commit(env);
}

/* ---- stack and control ---- */

void helper_x87_fxch(CPUX86State *env, uint32_t i)
{
    CHECK_PENDING(env);
    if (is_empty(env, 0) || is_empty(env, i)) {
        if (!stack_fault(env, false))
            return;
        if (is_empty(env, 0))
            set_reg(env, 0, &indefinite);
        if (is_empty(env, i))
            set_reg(env, i, &indefinite);
    } else {
        set_cc(env, FPUS_C1, 0);
    }
    FPReg t = *st(env, 0);
    *st(env, 0) = *st(env, i);
    *st(env, i) = t;
}

void helper_x87_ffree(CPUX86State *env, uint32_t i)
{
    CHECK_PENDING(env);
    env->fptags[phys(env, i & X87_ARG_MASK)] = 1;
    if (!host_ffree_keeps_c1)
        set_cc(env, FPUS_C1, 0);
    pop_n(env, i);
}

void helper_x87_fincstp(CPUX86State *env)
{
    CHECK_PENDING(env);
    env->fpstt = (env->fpstt + 1) & 7;
    set_cc(env, FPUS_C1, 0);
}

void helper_x87_fdecstp(CPUX86State *env)
{
    CHECK_PENDING(env);
    env->fpstt = (env->fpstt - 1) & 7;
    set_cc(env, FPUS_C1, 0);
}

void helper_x87_fcmov(CPUX86State *env, uint32_t i, uint64_t cond)
{
    CHECK_PENDING(env);
    if (is_empty(env, 0) || is_empty(env, i)) {
        underflow_to(env, 0);
        return;
    }
    if (cond)
        *st(env, 0) = *st(env, i);
}

void x86_fpu_reset(CPUX86State *env)
{
    env->fpuc = FPUC_DEFAULT;
    env->hflags &= ~HF_X87_NONDEF;
    env->fpus = 0;
    env->fpstt = 0;
    memset(env->fptags, 1, sizeof(env->fptags));
    env->fpop = 0;
    env->fpip = 0;
    env->fpdp = 0;
}

/* with an unmasked exception, which these clear: the state moves to the
 * host */
void helper_x87_fninit(CPUX86State *env)
{
    x86_fpu_reset(env);
    x87_state_to_host(env);
}

void helper_x87_fnclex(CPUX86State *env)
{
    env->fpus &= ~(FPUC_MASKS | FPUS_SF | FPUS_ES | FPUS_B);
}

/* A control word masking every exception keeps the state where it is:
 * on the host, fldcw itself.  Otherwise the state goes to env while the
 * control word unmasks one. */
void helper_x87_fldcw(CPUX86State *env, uint64_t cw)
{
    uint16_t fpuc = (uint16_t)((cw & FPUC_BITS) | FPUC_ALWAYS_SET);
    if (env->x87_in_host && (fpuc & FPUC_MASKS) == FPUC_MASKS) {
        __asm__ volatile("fldcw %0" : : "m"(fpuc));
        return;
    }
    x87_state_to_env(env);
    CHECK_PENDING(env);
    env->fpuc = fpuc;
    x87_update_es(env);
    x87_state_to_host(env);
}

void helper_x87_emms(CPUX86State *env)
{
    if (env->x87_in_host) {
        __asm__ volatile("emms");
        return;
    }
    CHECK_PENDING(env);
    memset(env->fptags, 1, sizeof(env->fptags));
}

/* on env's image: the translator moved the state there before the
 * instruction (x87_gen_state_to_env) */
void helper_x87_mmx_enter(CPUX86State *env)
{
    CHECK_PENDING(env);
    env->fpstt = 0;
    memset(env->fptags, 0, sizeof(env->fptags));
}

uint64_t helper_x87_fnstsw(CPUX86State *env)
{
    return (env->fpus & ~FPUS_TOP) | ((env->fpstt & 7) << FPUS_TOP_SHIFT);
}

/* ---- environment images ---- */

/* The full tag word of fnstenv: 0 valid, 1 zero, 2 special, 3 empty. */
static unsigned tag_of(const CPUX86State *env, int p)
{
    if (env->fptags[p])
        return 3;
    unsigned e = env->fpregs[p].x.exp & 0x7fff;
    uint64_t m = env->fpregs[p].x.mant;
    if (e == 0)
        return m ? 2 : 1;
    if (e == 0x7fff || !(m >> 63))
        return 2;
    return 0;
}

static uint16_t full_tag_word(const CPUX86State *env)
{
    uint16_t tw = 0;
    for (int p = 0; p < 8; p++)
        tw |= (uint16_t)(tag_of(env, p) << (2 * p));
    return tw;
}

/* The protected-mode layouts: 28 bytes with 32-bit fields, or 14 bytes
 * with 16-bit fields under a 66 prefix.  The unused upper halves read as
 * ones, as the hardware writes them. */
/* The hardware touches an image's first field, then its last byte, and
 * only then moves any data: a fault leaves memory and state untouched and
 * reports the first field's or the last byte's address.  Reads are enough
 * to probe (x86 pages are never writable without being readable). */
static void probe_image(CPUX86State *env, uint64_t addr, bool data16, uint32_t size, uintptr_t ra)
{
    if (data16)
        cpu_lduw_data_ra(env, addr, ra);
    else
        cpu_ldl_data_ra(env, addr, ra);
    cpu_ldub_data_ra(env, addr + size - 1, ra);
}

static uint32_t env_size(bool data16) { return data16 ? 14 : 28; }
static uint32_t save_size(bool data16) { return env_size(data16) + 80; }

static void store_env(CPUX86State *env, uint64_t addr, bool data16, uintptr_t ra)
{
    uint16_t sw = (uint16_t)helper_x87_fnstsw(env);
    uint16_t tw = full_tag_word(env);
    if (data16) {
        cpu_stw_data_ra(env, addr + 0, env->fpuc, ra);
        cpu_stw_data_ra(env, addr + 2, sw, ra);
        cpu_stw_data_ra(env, addr + 4, tw, ra);
        cpu_stw_data_ra(env, addr + 6, (uint16_t)env->fpip, ra);
        cpu_stw_data_ra(env, addr + 8, env->seg_sel[R_CS], ra);
        cpu_stw_data_ra(env, addr + 10, (uint16_t)env->fpdp, ra);
        cpu_stw_data_ra(env, addr + 12, env->seg_sel[R_DS], ra);
        return;
    }
    cpu_stl_data_ra(env, addr + 0, 0xffff0000u | env->fpuc, ra);
    cpu_stl_data_ra(env, addr + 4, 0xffff0000u | sw, ra);
    cpu_stl_data_ra(env, addr + 8, 0xffff0000u | tw, ra);
    cpu_stl_data_ra(env, addr + 12, (uint32_t)env->fpip, ra);
    cpu_stl_data_ra(env, addr + 16, env->seg_sel[R_CS] | ((uint32_t)(env->fpop & 0x7ff) << 16), ra);
    cpu_stl_data_ra(env, addr + 20, (uint32_t)env->fpdp, ra);
    cpu_stl_data_ra(env, addr + 24, 0xffff0000u | env->seg_sel[R_DS], ra);
}

typedef struct FpuEnvImage {
    uint16_t cw, sw, tw, fop;
    uint32_t fip, fdp;
} FpuEnvImage;

static void load_env(CPUX86State *env, uint64_t addr, bool data16, FpuEnvImage *img, uintptr_t ra)
{
    if (data16) {
        img->cw = cpu_lduw_data_ra(env, addr + 0, ra);
        img->sw = cpu_lduw_data_ra(env, addr + 2, ra);
        img->tw = cpu_lduw_data_ra(env, addr + 4, ra);
        img->fip = cpu_lduw_data_ra(env, addr + 6, ra);
        img->fop = 0;
        img->fdp = cpu_lduw_data_ra(env, addr + 10, ra);
        return;
    }
    img->cw = (uint16_t)cpu_ldl_data_ra(env, addr + 0, ra);
    img->sw = (uint16_t)cpu_ldl_data_ra(env, addr + 4, ra);
    img->tw = (uint16_t)cpu_ldl_data_ra(env, addr + 8, ra);
    img->fip = cpu_ldl_data_ra(env, addr + 12, ra);
    img->fop = (uint16_t)(cpu_ldl_data_ra(env, addr + 16, ra) >> 16) & 0x7ff;
    img->fdp = cpu_ldl_data_ra(env, addr + 20, ra);
}

/* Only "empty or not" survives from the tag word: the hardware derives
 * the rest from the register contents. */
static void commit_env(CPUX86State *env, const FpuEnvImage *img)
{
    env->fpuc = (uint16_t)((img->cw & FPUC_BITS) | FPUC_ALWAYS_SET);
    env->fpus = img->sw & ~FPUS_TOP;
    env->fpstt = (img->sw >> FPUS_TOP_SHIFT) & 7;
    for (int p = 0; p < 8; p++)
        env->fptags[p] = ((img->tw >> (2 * p)) & 3) == 3;
    env->fpip = img->fip;
    env->fpdp = img->fdp;
    env->fpop = img->fop;
    x87_update_es(env);
}

/* The environment images work on env's image: each moves the state there
 * first and back to the host (if the new control word allows) after. */
void helper_x87_fnstenv(CPUX86State *env, uint64_t addr, uint32_t data16)
{
    x87_state_to_env(env);
    probe_image(env, addr, data16, env_size(data16), GETPC());
    store_env(env, addr, data16, GETPC());
    env->fpuc |= FPUC_MASKS;
    x87_update_es(env);
    x87_state_to_host(env);
}

void helper_x87_fldenv(CPUX86State *env, uint64_t addr, uint32_t data16)
{
    x87_state_to_env(env);
    CHECK_PENDING(env);
    FpuEnvImage img;
    probe_image(env, addr, data16, env_size(data16), GETPC());
    load_env(env, addr, data16, &img, GETPC());
    commit_env(env, &img);
    x87_state_to_host(env);
}

void helper_x87_fnsave(CPUX86State *env, uint64_t addr, uint32_t data16)
{
    uintptr_t ra = GETPC();
    x87_state_to_env(env);
    probe_image(env, addr, data16, save_size(data16), ra);
    store_env(env, addr, data16, ra);
    uint64_t p = addr + env_size(data16);
    for (uint32_t i = 0; i < 8; i++, p += 10) {
        cpu_stq_data_ra(env, p, st(env, i)->x.mant, ra);
        cpu_stw_data_ra(env, p + 8, st(env, i)->x.exp, ra);
    }
    x86_fpu_reset(env);
    x87_state_to_host(env);
}

void helper_x87_frstor(CPUX86State *env, uint64_t addr, uint32_t data16)
{
    x87_state_to_env(env);
    CHECK_PENDING(env);
    uintptr_t ra = GETPC();
    FpuEnvImage img;
    FPReg regs[8];
    probe_image(env, addr, data16, save_size(data16), ra);
    load_env(env, addr, data16, &img, ra);
    uint64_t p = addr + env_size(data16);
    for (int i = 0; i < 8; i++, p += 10) {
        regs[i].x.mant = cpu_ldq_data_ra(env, p, ra);
        regs[i].x.exp = cpu_lduw_data_ra(env, p + 8, ra);
    }
    commit_env(env, &img);
    for (uint32_t i = 0; i < 8; i++)
        *st(env, i) = regs[i];
    x87_state_to_host(env);
}

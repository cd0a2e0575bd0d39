/* sse_helper.c — SSE/SSE2/SSE3/SSSE3/SSE4 helpers called from generated code.
 *
 * Guest and host are both x86-64, so almost every helper runs the host's
 * own instruction on the guest's register values (inline asm): results,
 * NaN propagation, approximations (rcpps/rsqrtps) and exception flags are
 * bit-identical by construction.  Floating-point helpers run with the
 * host MXCSR holding the guest's rounding mode/DAZ/FTZ, all exceptions
 * masked and flags clear; the flags the host raised are ORed into the
 * guest MXCSR, and an exception the guest unmasked raises #XM before the
 * destination is written (as the hardware does).  Instructions whose
 * immediate must be encoded in the host instruction are dispatched through
 * a switch over the immediate.  The few shuffles that need no host help
 * are plain C. */
#include "target/x86/sse_helper.h"
#include "target/x86/fpu_helper.h"
#include "target/x86/x87_host.h"

#include <string.h>

#include "exec/exec.h"

typedef long long v2di __attribute__((vector_size(16)));

static inline v2di ldx(const XMMReg *r)
{
    v2di v;
    memcpy(&v, r, sizeof(v));
    return v;
}

static inline void stx(XMMReg *r, v2di v) { memcpy(r, &v, sizeof(v)); }

/* ---- host MXCSR bracket around floating-point work ---- */

#define MXCSR_FLAGS 0x3f
#define MXCSR_MASKS 0x1f80
#define MXCSR_MASK_SHIFT 7

/* The MXCSR bits the host accepts (MXCSR_MASK of its FXSAVE area): the
 * guest may set exactly those, since they are loaded into the host MXCSR. */
static uint32_t mxcsr_valid_bits(void)
{
    uint8_t area[512] __attribute__((aligned(16)));
    uint32_t mask;
    asm volatile("fxsave64 %0" : "=m"(area));
    memcpy(&mask, area + 28, 4);
    return mask ? mask : 0xffbf; /* zero means the architectural default */
}

/* The host MXCSR stays in the default mode while tern runs.  When the
 * guest's mode is the default too (HF_MXCSR_NONDEF clear), generated code
 * runs SSE arithmetic inline and the host's sticky flags collect the
 * guest's: they are "pending", merged into env->mxcsr where the guest can
 * see them (stmxcsr, fxsave, a helper's bracket) and dropped where the
 * guest replaces them (ldmxcsr, fxrstor).  Nothing else in tern raises
 * host SSE flags, so a host flag is always one the guest raised.
 * On the hosts measured, stmxcsr costs an order of magnitude more than
 * ldmxcsr: a helper in a non-default mode loads that mode with clear
 * flags and reads the flags back once, then restores the default so that
 * tern's own code never runs with the guest's rounding. */
#define MXCSR_DEFAULT 0x1f80

static inline bool mxcsr_is_default(uint32_t mxcsr) { return (mxcsr & ~MXCSR_FLAGS) == MXCSR_DEFAULT; }

/* In the default mode the host already runs it, with the pending flags:
 * nothing to load, and all exceptions are masked, so fp_leave only
 * merges what is set. */
#define MXCSR_PRECOMP 0x07 /* IE, DE, ZE: found before computing */
#define MXCSR_UE 0x10
#define MXCSR_FTZ 0x8000
static inline void fp_enter(const CPUX86State *env)
{
    if (mxcsr_is_default(env->mxcsr))
        return;
    uint32_t want = (env->mxcsr & ~MXCSR_FLAGS) | MXCSR_MASKS;
    /* Unmasked, underflow is reported for every tiny result, exact or not;
     * masked, only for inexact ones.  Computing masked with FTZ flags
     * every tiny result (the flushed value is never stored: #XM follows). */
    if (!(env->mxcsr & (MXCSR_UE << MXCSR_MASK_SHIFT)))
        want |= MXCSR_FTZ;
    asm volatile("ldmxcsr %0" : : "m"(want));
}

void sse_sync_mxcsr(CPUX86State *env)
{
    if (!mxcsr_is_default(env->mxcsr))
        return;
    uint32_t now;
    asm volatile("stmxcsr %0" : "=m"(now));
    env->mxcsr |= now & MXCSR_FLAGS;
}

void sse_set_mxcsr(CPUX86State *env, uint32_t val)
{
    uint32_t def = MXCSR_DEFAULT;
    asm volatile("ldmxcsr %0" : : "m"(def));
    env->mxcsr = val;
    env->hflags &= ~HF_MXCSR_NONDEF;
    if (!mxcsr_is_default(val))
        env->hflags |= HF_MXCSR_NONDEF;
}

uint64_t helper_stmxcsr(CPUX86State *env)
{
    sse_sync_mxcsr(env);
    return env->mxcsr;
}

static inline void fp_leave(CPUX86State *env, uintptr_t ra)
{
    uint32_t now, def = MXCSR_DEFAULT;
    asm volatile("stmxcsr %0" : "=m"(now));
    uint32_t raised = now & MXCSR_FLAGS, mode = now & ~MXCSR_FLAGS;
    uint32_t unmasked = ~(env->mxcsr >> MXCSR_MASK_SHIFT) & MXCSR_FLAGS;
    /* an unmasked invalid/denormal/divide stops the instruction before it
     * computes: no overflow, underflow or precision flag then */
    if (raised & unmasked & MXCSR_PRECOMP)
        raised &= MXCSR_PRECOMP;
    env->mxcsr |= raised;
    if (mode != MXCSR_DEFAULT)
        asm volatile("ldmxcsr %0" : : "m"(def));
    if (raised & unmasked)
        x86_raise_exception(env, EXCP13_XMM, ra);
}

/* ---- two-operand instructions ---- */

#define DEFINE_INT(n)                                                  \
    void helper_##n(XMMReg *d, const XMMReg *s)                        \
    {                                                                  \
        v2di a = ldx(d), b = ldx(s);                                   \
        asm(#n " %1, %0" : "+x"(a) : "x"(b));                          \
        stx(d, a);                                                     \
    }
SSE_INT_HELPERS(DEFINE_INT)

/* ---- fast paths ----
 * Reading the flags back (stmxcsr) dominates a helper's cost.  Like
 * QEMU's "hardfloat", an operation may skip the MXCSR bracket when it
 * provably raises nothing the guest does not already have: the guest is
 * in the default mode (round to nearest, no FTZ/DAZ, all masked; the host
 * runs tern in that same mode), the precision flag is already set where
 * the operation can be inexact, the inputs are plain (normal or zero: no
 * NaN, infinity or denormal, so no invalid/denormal operand), and the
 * result shows no overflow or underflow.  Anything else takes the
 * bracketed path, which recomputes from the same inputs. */
enum FastMode { FM_ANY, FM_DEF, FM_PE };
enum LaneKind { L_NONE, L_S1, L_S2, L_S4, L_D1, L_D2 };
enum LaneTest {
    T_ANY,
    T_PLAIN,  /* normal or zero */
    T_NORMAL, /* normal, nonzero */
    T_SQRT,   /* zero or positive normal */
    T_SMALL,  /* zero or normal below 2^30 in magnitude: converts to any integer exactly */
    T_SAFE,   /* normal above the smallest binade: a rounded result that cannot have
               * underflowed (tininess is detected after rounding) nor overflowed */
};
#define MXCSR_PE 0x20

static inline bool fast_mode(const CPUX86State *env, int mode)
{
    switch (mode) {
    case FM_ANY: return true;
    case FM_DEF: return (env->mxcsr & ~MXCSR_FLAGS) == MXCSR_DEFAULT;
    default: return (env->mxcsr & ~MXCSR_FLAGS) == MXCSR_DEFAULT && (env->mxcsr & MXCSR_PE);
    }
}

static inline bool lane_ok(uint64_t bits, bool dbl, int test)
{
    int mbits = dbl ? 52 : 23;
    uint64_t emax = dbl ? 0x7ff : 0xff, bias = emax >> 1;
    uint64_t e = (bits >> mbits) & emax;
    bool zero = !(bits & ((emax << mbits) | ((1ull << mbits) - 1)));
    bool normal = e != 0 && e != emax;
    bool sign = (bits >> (mbits + (dbl ? 11 : 8))) & 1;
    switch (test) {
    case T_PLAIN: return normal || zero;
    case T_NORMAL: return normal;
    case T_SQRT: return zero || (normal && !sign);
    case T_SMALL: return zero || (normal && e < bias + 30);
    case T_SAFE: return normal && e > 1;
    default: return true;
    }
}

static inline bool lanes_ok(const XMMReg *r, int kind, int test)
{
    static const uint8_t count[] = { [L_S1] = 1, [L_S2] = 2, [L_S4] = 4, [L_D1] = 1, [L_D2] = 2 };
    if (test == T_ANY || kind == L_NONE)
        return true;
    bool dbl = kind >= L_D1;
    for (int i = 0; i < count[kind]; i++)
        if (!lane_ok(dbl ? r->q[i] : r->l[i], dbl, test))
            return false;
    return true;
}

/* d = op(d, s): fast path under (mode, tests on the inputs' lanes and on
 * the result's lanes), else the bracketed path */
#define DEFINE_FP(n, mode, kin, ta, tb, kout, tr)                      \
    void helper_##n(CPUX86State *env, XMMReg *d, const XMMReg *s)      \
    {                                                                  \
        v2di a = ldx(d), b = ldx(s);                                   \
        if (fast_mode(env, mode) && lanes_ok(d, kin, ta) && lanes_ok(s, kin, tb)) { \
            XMMReg r;                                                  \
            v2di v = a;                                                \
            asm(#n " %1, %0" : "+x"(v) : "x"(b));                      \
            stx(&r, v);                                                \
            if (lanes_ok(&r, kout, tr)) {                              \
                *d = r;                                                \
                return;                                                \
            }                                                          \
        }                                                              \
        fp_enter(env);                                                 \
        asm volatile(#n " %1, %0" : "+x"(a) : "x"(b));                 \
        fp_leave(env, GETPC());                                        \
        stx(d, a);                                                     \
    }

/* the arithmetic families: add/sub keep exact zeros, mul/div do not */
#define ADDLIKE(n, k) DEFINE_FP(n, FM_PE, k, T_PLAIN, T_PLAIN, k, T_PLAIN)
#define MULLIKE(n, k) DEFINE_FP(n, FM_PE, k, T_PLAIN, T_PLAIN, k, T_SAFE)
#define DIVLIKE(n, k) DEFINE_FP(n, FM_PE, k, T_PLAIN, T_NORMAL, k, T_SAFE)
#define MINMAX(n, k) DEFINE_FP(n, FM_ANY, k, T_PLAIN, T_PLAIN, L_NONE, T_ANY)
#define SQRT(n, k) DEFINE_FP(n, FM_PE, k, T_ANY, T_SQRT, L_NONE, T_ANY)
ADDLIKE(addps, L_S4) ADDLIKE(addpd, L_D2) ADDLIKE(addss, L_S1) ADDLIKE(addsd, L_D1)
ADDLIKE(subps, L_S4) ADDLIKE(subpd, L_D2) ADDLIKE(subss, L_S1) ADDLIKE(subsd, L_D1)
ADDLIKE(addsubps, L_S4) ADDLIKE(addsubpd, L_D2) ADDLIKE(haddps, L_S4) ADDLIKE(haddpd, L_D2)
ADDLIKE(hsubps, L_S4) ADDLIKE(hsubpd, L_D2)
MULLIKE(mulps, L_S4) MULLIKE(mulpd, L_D2) MULLIKE(mulss, L_S1) MULLIKE(mulsd, L_D1)
DIVLIKE(divps, L_S4) DIVLIKE(divpd, L_D2) DIVLIKE(divss, L_S1) DIVLIKE(divsd, L_D1)
MINMAX(minps, L_S4) MINMAX(minpd, L_D2) MINMAX(minss, L_S1) MINMAX(minsd, L_D1)
MINMAX(maxps, L_S4) MINMAX(maxpd, L_D2) MINMAX(maxss, L_S1) MINMAX(maxsd, L_D1)
SQRT(sqrtps, L_S4) SQRT(sqrtpd, L_D2) SQRT(sqrtss, L_S1) SQRT(sqrtsd, L_D1)
/* the approximations raise nothing and depend only on DAZ/FTZ */
DEFINE_FP(rsqrtps, FM_DEF, L_NONE, T_ANY, T_ANY, L_NONE, T_ANY)
DEFINE_FP(rsqrtss, FM_DEF, L_NONE, T_ANY, T_ANY, L_NONE, T_ANY)
DEFINE_FP(rcpps, FM_DEF, L_NONE, T_ANY, T_ANY, L_NONE, T_ANY)
DEFINE_FP(rcpss, FM_DEF, L_NONE, T_ANY, T_ANY, L_NONE, T_ANY)
/* widening is exact for plain values, integers to double always */
DEFINE_FP(cvtps2pd, FM_ANY, L_S2, T_ANY, T_PLAIN, L_NONE, T_ANY)
DEFINE_FP(cvtss2sd, FM_ANY, L_S1, T_ANY, T_PLAIN, L_NONE, T_ANY)
DEFINE_FP(cvtdq2pd, FM_ANY, L_NONE, T_ANY, T_ANY, L_NONE, T_ANY)
DEFINE_FP(cvtpd2ps, FM_PE, L_D2, T_ANY, T_NORMAL, L_S2, T_SAFE)
DEFINE_FP(cvtsd2ss, FM_PE, L_D1, T_ANY, T_NORMAL, L_S1, T_SAFE)
DEFINE_FP(cvtdq2ps, FM_PE, L_NONE, T_ANY, T_ANY, L_NONE, T_ANY)
DEFINE_FP(cvtps2dq, FM_PE, L_S4, T_ANY, T_SMALL, L_NONE, T_ANY)
DEFINE_FP(cvttps2dq, FM_PE, L_S4, T_ANY, T_SMALL, L_NONE, T_ANY)
DEFINE_FP(cvtpd2dq, FM_PE, L_D2, T_ANY, T_SMALL, L_NONE, T_ANY)
DEFINE_FP(cvttpd2dq, FM_PE, L_D2, T_ANY, T_SMALL, L_NONE, T_ANY)

#define DEFINE_BLENDV(n)                                               \
    void helper_##n(XMMReg *d, const XMMReg *s, const XMMReg *mask)    \
    {                                                                  \
        v2di a = ldx(d), b = ldx(s), m = ldx(mask);                    \
        asm(#n " %2, %1, %0" : "+x"(a) : "x"(b), "Yz"(m));             \
        stx(d, a);                                                     \
    }
SSE_BLENDV_HELPERS(DEFINE_BLENDV)

/* ---- immediates encoded in the host instruction ---- */

#define REP2(M, n, x) M(n, x) M((n) + 1, x)
#define REP4(M, n, x) REP2(M, n, x) REP2(M, (n) + 2, x)
#define REP8(M, n, x) REP4(M, n, x) REP4(M, (n) + 4, x)
#define REP16(M, n, x) REP8(M, n, x) REP8(M, (n) + 8, x)
#define REP32(M, n, x) REP16(M, n, x) REP16(M, (n) + 16, x)
#define REP64(M, n, x) REP32(M, n, x) REP32(M, (n) + 32, x)
#define REP128(M, n, x) REP64(M, n, x) REP64(M, (n) + 64, x)
#define REP256(M, n, x) REP128(M, n, x) REP128(M, (n) + 128, x)

#define IMM_CASE(i, insn)                                              \
    case (i):                                                          \
        asm volatile(insn " %2, %1, %0" : "+x"(a) : "x"(b), "i"(i));   \
        break;

#define DEFINE_FP_IMM(n, rep, mask)                                    \
    void helper_##n(CPUX86State *env, XMMReg *d, const XMMReg *s, uint32_t imm) \
    {                                                                  \
        v2di a = ldx(d), b = ldx(s);                                   \
        fp_enter(env);                                                 \
        switch (imm & (mask)) { rep(IMM_CASE, 0, #n) }                 \
        fp_leave(env, GETPC());                                  \
        stx(d, a);                                                     \
    }
DEFINE_FP_IMM(cmpps, REP8, 7)
DEFINE_FP_IMM(cmppd, REP8, 7)
DEFINE_FP_IMM(cmpss, REP8, 7)
DEFINE_FP_IMM(cmpsd, REP8, 7)
DEFINE_FP_IMM(roundps, REP16, 15)
DEFINE_FP_IMM(roundpd, REP16, 15)
DEFINE_FP_IMM(roundss, REP16, 15)
DEFINE_FP_IMM(roundsd, REP16, 15)
DEFINE_FP_IMM(dpps, REP256, 255)
DEFINE_FP_IMM(dppd, REP256, 255)

void helper_mpsadbw(XMMReg *d, const XMMReg *s, uint32_t imm)
{
    v2di a = ldx(d), b = ldx(s);
    switch (imm & 7) { REP8(IMM_CASE, 0, "mpsadbw") }
    stx(d, a);
}

void helper_pclmulqdq(XMMReg *d, const XMMReg *s, uint32_t imm)
{
    v2di a = ldx(d), b = ldx(s);
    switch (imm & 0x11) {
    IMM_CASE(0x00, "pclmulqdq")
    IMM_CASE(0x01, "pclmulqdq")
    IMM_CASE(0x10, "pclmulqdq")
    IMM_CASE(0x11, "pclmulqdq")
    }
    stx(d, a);
}

/* ---- shuffles and blends in C ---- */

void helper_shufps(XMMReg *d, const XMMReg *s, uint32_t imm)
{
    XMMReg r;
    r.l[0] = d->l[imm & 3];
    r.l[1] = d->l[(imm >> 2) & 3];
    r.l[2] = s->l[(imm >> 4) & 3];
    r.l[3] = s->l[(imm >> 6) & 3];
    *d = r;
}

void helper_shufpd(XMMReg *d, const XMMReg *s, uint32_t imm)
{
    XMMReg r;
    r.q[0] = d->q[imm & 1];
    r.q[1] = s->q[(imm >> 1) & 1];
    *d = r;
}

void helper_blendps(XMMReg *d, const XMMReg *s, uint32_t imm)
{
    for (int i = 0; i < 4; i++)
        if (imm & (1u << i))
            d->l[i] = s->l[i];
}

void helper_blendpd(XMMReg *d, const XMMReg *s, uint32_t imm)
{
    for (int i = 0; i < 2; i++)
        if (imm & (1u << i))
            d->q[i] = s->q[i];
}

void helper_pblendw(XMMReg *d, const XMMReg *s, uint32_t imm)
{
    for (int i = 0; i < 8; i++)
        if (imm & (1u << i))
            d->w[i] = s->w[i];
}

void helper_insertps(XMMReg *d, const XMMReg *s, uint32_t imm)
{
    uint32_t v = s->l[(imm >> 6) & 3];
    d->l[(imm >> 4) & 3] = v;
    for (int i = 0; i < 4; i++)
        if (imm & (1u << i))
            d->l[i] = 0;
}

/* ---- compares into EFLAGS ---- */

static uint64_t flags_of(bool cf, bool pf, bool zf, bool sf, bool of)
{
    return (cf ? CC_C : 0) | (pf ? CC_P : 0) | (zf ? CC_Z : 0) | (sf ? CC_S : 0) | (of ? CC_O : 0);
}

/* plain operands compare without raising anything */
#define DEFINE_COMI(n, k)                                              \
    uint64_t helper_##n(CPUX86State *env, const XMMReg *d, const XMMReg *s) \
    {                                                                  \
        v2di a = ldx(d), b = ldx(s);                                   \
        bool zf, pf, cf;                                               \
        if (lanes_ok(d, k, T_PLAIN) && lanes_ok(s, k, T_PLAIN)) {      \
            asm(#n " %4, %3" : "=@ccz"(zf), "=@ccp"(pf), "=@ccc"(cf) : "x"(a), "x"(b)); \
            return flags_of(cf, pf, zf, false, false);                 \
        }                                                              \
        fp_enter(env);                                                 \
        asm volatile(#n " %4, %3" : "=@ccz"(zf), "=@ccp"(pf), "=@ccc"(cf) : "x"(a), "x"(b)); \
        fp_leave(env, GETPC());                                        \
        return flags_of(cf, pf, zf, false, false);                     \
    }
DEFINE_COMI(comiss, L_S1)
DEFINE_COMI(ucomiss, L_S1)
DEFINE_COMI(comisd, L_D1)
DEFINE_COMI(ucomisd, L_D1)

uint64_t helper_ptest(const XMMReg *d, const XMMReg *s)
{
    v2di a = ldx(d), b = ldx(s);
    bool zf, cf;
    asm("ptest %3, %2" : "=@ccz"(zf), "=@ccc"(cf) : "x"(a), "x"(b));
    return flags_of(cf, false, zf, false, false);
}

/* ---- string compares ---- */

#define STRI_CASE(i, insn)                                             \
    case (i):                                                          \
        asm(insn " %[imm], %[b], %[a]"                                 \
            : "=c"(idx), "=@ccc"(cf), "=@ccz"(zf), "=@ccs"(sf), "=@cco"(of) \
            : [a] "x"(a), [b] "x"(b), [imm] "i"(i), "a"(la), "d"(ld)); \
        break;

#define STRM_CASE(i, insn)                                             \
    case (i):                                                          \
        asm(insn " %[imm], %[b], %[a]"                                 \
            : "=Yz"(m), "=@ccc"(cf), "=@ccz"(zf), "=@ccs"(sf), "=@cco"(of) \
            : [a] "x"(a), [b] "x"(b), [imm] "i"(i), "a"(la), "d"(ld)); \
        break;

/* the explicit lengths as the instruction uses them: |len| saturated to 16 */
static uint32_t str_len(int64_t len)
{
    if (len < 0)
        len = len == INT64_MIN ? 16 : -len;
    return len > 16 ? 16 : (uint32_t)len;
}

static uint64_t str_index(const XMMReg *d, const XMMReg *s, uint32_t imm, bool explicit_len,
                          int64_t len_a, int64_t len_d)
{
    v2di a = ldx(d), b = ldx(s);
    uint32_t idx = 0, la = str_len(len_a), ld = str_len(len_d);
    bool cf = false, zf = false, sf = false, of = false;
    if (explicit_len) {
        switch (imm & 0x7f) { REP128(STRI_CASE, 0, "pcmpestri") }
    } else {
        switch (imm & 0x7f) { REP128(STRI_CASE, 0, "pcmpistri") }
    }
    return ((uint64_t)idx << 32) | flags_of(cf, false, zf, sf, of);
}

static uint64_t str_mask(XMMReg *xmm0, const XMMReg *d, const XMMReg *s, uint32_t imm,
                         bool explicit_len, int64_t len_a, int64_t len_d)
{
    v2di a = ldx(d), b = ldx(s), m = { 0, 0 };
    uint32_t la = str_len(len_a), ld = str_len(len_d);
    bool cf = false, zf = false, sf = false, of = false;
    if (explicit_len) {
        switch (imm & 0x7f) { REP128(STRM_CASE, 0, "pcmpestrm") }
    } else {
        switch (imm & 0x7f) { REP128(STRM_CASE, 0, "pcmpistrm") }
    }
    stx(xmm0, m);
    return flags_of(cf, false, zf, sf, of);
}

uint64_t helper_pcmpistri(const XMMReg *d, const XMMReg *s, uint32_t imm)
{
    return str_index(d, s, imm, false, 0, 0);
}

uint64_t helper_pcmpistrm(XMMReg *xmm0, const XMMReg *d, const XMMReg *s, uint32_t imm)
{
    return str_mask(xmm0, d, s, imm, false, 0, 0);
}

uint64_t helper_pcmpestri(const XMMReg *d, const XMMReg *s, uint32_t imm, int64_t len_a, int64_t len_d)
{
    return str_index(d, s, imm, true, len_a, len_d);
}

uint64_t helper_pcmpestrm(XMMReg *xmm0, const XMMReg *d, const XMMReg *s, uint32_t imm,
                          int64_t len_a, int64_t len_d)
{
    return str_mask(xmm0, d, s, imm, true, len_a, len_d);
}

/* ---- conversions with general registers ---- */

/* only inexact is possible (never for int32 to double) */
#define DEFINE_CVTSI2(n, insn, type, mode)                             \
    void helper_##n(CPUX86State *env, XMMReg *d, int64_t v)            \
    {                                                                  \
        v2di a = ldx(d);                                               \
        type x = (type)v;                                              \
        if (fast_mode(env, mode)) {                                    \
            asm(insn " %1, %0" : "+x"(a) : "r"(x));                    \
            stx(d, a);                                                 \
            return;                                                    \
        }                                                              \
        fp_enter(env);                                                 \
        asm volatile(insn " %1, %0" : "+x"(a) : "r"(x));               \
        fp_leave(env, GETPC());                                  \
        stx(d, a);                                                     \
    }
DEFINE_CVTSI2(cvtsi2ss_l, "cvtsi2ssl", int32_t, FM_PE)
DEFINE_CVTSI2(cvtsi2ss_q, "cvtsi2ssq", int64_t, FM_PE)
DEFINE_CVTSI2(cvtsi2sd_l, "cvtsi2sdl", int32_t, FM_ANY)
DEFINE_CVTSI2(cvtsi2sd_q, "cvtsi2sdq", int64_t, FM_PE)

/* small plain values convert raising at most inexact */
#define DEFINE_CVT2SI(n, insn, type, utype, k)                         \
    uint64_t helper_##n(CPUX86State *env, const XMMReg *s)             \
    {                                                                  \
        v2di a = ldx(s);                                               \
        type r;                                                        \
        if (fast_mode(env, FM_PE) && lanes_ok(s, k, T_SMALL)) {        \
            asm(insn " %1, %0" : "=r"(r) : "x"(a));                    \
            return (utype)r;                                           \
        }                                                              \
        fp_enter(env);                                                 \
        asm volatile(insn " %1, %0" : "=r"(r) : "x"(a));               \
        fp_leave(env, GETPC());                                  \
        return (utype)r;                                               \
    }
DEFINE_CVT2SI(cvtss2si_l, "cvtss2si", int32_t, uint32_t, L_S1)
DEFINE_CVT2SI(cvtss2si_q, "cvtss2si", int64_t, uint64_t, L_S1)
DEFINE_CVT2SI(cvttss2si_l, "cvttss2si", int32_t, uint32_t, L_S1)
DEFINE_CVT2SI(cvttss2si_q, "cvttss2si", int64_t, uint64_t, L_S1)
DEFINE_CVT2SI(cvtsd2si_l, "cvtsd2si", int32_t, uint32_t, L_D1)
DEFINE_CVT2SI(cvtsd2si_q, "cvtsd2si", int64_t, uint64_t, L_D1)
DEFINE_CVT2SI(cvttsd2si_l, "cvttsd2si", int32_t, uint32_t, L_D1)
DEFINE_CVT2SI(cvttsd2si_q, "cvttsd2si", int64_t, uint64_t, L_D1)

/* ---- crc32 ---- */

uint64_t helper_crc32(uint64_t crc, uint64_t v, uint32_t size)
{
    uint32_t c = (uint32_t)crc;
    switch (size) {
    case 0: asm("crc32b %b1, %0" : "+r"(c) : "q"(v)); break;
    case 1: asm("crc32w %w1, %0" : "+r"(c) : "r"(v)); break;
    case 2: asm("crc32l %k1, %0" : "+r"(c) : "r"(v)); break;
    default: asm("crc32q %1, %q0" : "+r"(crc) : "r"(v)); return (uint32_t)crc;
    }
    return c;
}

/* ---- MMX forms ---- */

void helper_mmx_lo(SSEIntFn fn, uint64_t *d, const uint64_t *s)
{
    XMMReg a = { .q = { *d, 0 } }, b = { .q = { *s, 0 } };
    fn(&a, &b);
    *d = a.q[0];
}

void helper_mmx_hi(SSEIntFn fn, uint64_t *d, const uint64_t *s)
{
    XMMReg a = { .q = { *d, 0 } }, b = { .q = { *s, 0 } };
    fn(&a, &b);
    *d = a.q[1];
}

void helper_mmx_cat(SSEIntFn fn, uint64_t *d, const uint64_t *s)
{
    XMMReg a = { .q = { *d, *s } }, b = a;
    fn(&a, &b);
    *d = a.q[0];
}

void helper_pshufw(uint64_t *d, const uint64_t *s, uint32_t imm)
{
    uint64_t r = 0;
    for (int i = 0; i < 4; i++)
        r |= ((*s >> (16 * ((imm >> (2 * i)) & 3))) & 0xffff) << (16 * i);
    *d = r;
}

void helper_pshufb_mmx(uint64_t *d, const uint64_t *s)
{
    uint64_t r = 0;
    for (int i = 0; i < 8; i++) {
        uint8_t sel = (uint8_t)(*s >> (8 * i));
        if (!(sel & 0x80))
            r |= ((*d >> (8 * (sel & 7))) & 0xff) << (8 * i);
    }
    *d = r;
}

void helper_palignr_mmx(uint64_t *d, const uint64_t *s, uint32_t imm)
{
    uint8_t cat[16], r[8];
    memcpy(cat, s, 8);
    memcpy(cat + 8, d, 8);
    for (unsigned i = 0; i < 8; i++)
        r[i] = imm + i < 16 ? cat[imm + i] : 0;
    memcpy(d, r, 8);
}

void helper_maskmovq(CPUX86State *env, const uint64_t *d, const uint64_t *s, uint64_t addr)
{
    for (int i = 0; i < 8; i++)
        if ((*s >> (8 * i + 7)) & 1)
            cpu_stb_data_ra(env, addr + i, (uint8_t)(*d >> (8 * i)), GETPC());
}

/* The MMX conversions use the SSE instruction on the 64 bits that matter
 * (the other lanes zero, which raise no flags). */
#define DEFINE_CVT_TO_XMM(n, insn, whole)                              \
    void helper_##n(CPUX86State *env, XMMReg *d, const uint64_t *s)    \
    {                                                                  \
        v2di a = { 0, 0 }, b = { (long long)*s, 0 };                   \
        fp_enter(env);                                                 \
        asm volatile(insn " %1, %0" : "+x"(a) : "x"(b));               \
        fp_leave(env, GETPC());                                  \
        d->q[0] = (uint64_t)a[0];                                      \
        if (whole)                                                     \
            d->q[1] = (uint64_t)a[1];                                  \
    }
DEFINE_CVT_TO_XMM(cvtpi2ps, "cvtdq2ps", 0)
DEFINE_CVT_TO_XMM(cvtpi2pd, "cvtdq2pd", 1)

#define DEFINE_CVT_TO_MMX(n, insn, keep_high)                          \
    void helper_##n(CPUX86State *env, uint64_t *d, const XMMReg *s)    \
    {                                                                  \
        v2di a = { 0, 0 }, b = { (long long)s->q[0], keep_high ? (long long)s->q[1] : 0 }; \
        fp_enter(env);                                                 \
        asm volatile(insn " %1, %0" : "+x"(a) : "x"(b));               \
        fp_leave(env, GETPC());                                  \
        *d = (uint64_t)a[0];                                           \
    }
DEFINE_CVT_TO_MMX(cvtps2pi, "cvtps2dq", 0)
DEFINE_CVT_TO_MMX(cvttps2pi, "cvttps2dq", 0)
DEFINE_CVT_TO_MMX(cvtpd2pi, "cvtpd2dq", 1)
DEFINE_CVT_TO_MMX(cvttpd2pi, "cvttpd2dq", 1)

/* ---- guest memory and control state ---- */

void helper_maskmovdqu(CPUX86State *env, const XMMReg *d, const XMMReg *s, uint64_t addr)
{
    for (int i = 0; i < 16; i++)
        if (s->b[i] & 0x80)
            cpu_stb_data_ra(env, addr + i, d->b[i], GETPC());
}

void helper_raise_gpf(CPUX86State *env)
{
    x86_raise_exception(env, EXCP0D_GPF, GETPC());
}

void helper_ldmxcsr(CPUX86State *env, uint64_t val)
{
    if (val & ~(uint64_t)mxcsr_valid_bits())
        x86_raise_exception(env, EXCP0D_GPF, GETPC());
    sse_set_mxcsr(env, (uint32_t)val);
}

/* fxsave writes the area up to the end of the xmm registers; the
 * reserved and software bytes after them stay as they are */
enum { FXSAVE_WRITTEN = FXAREA_XMM + 16 * 16 };

void helper_fxsave(CPUX86State *env, uint64_t addr, uint32_t is64)
{
    uintptr_t ra = GETPC();
    if (addr & 15)
        x86_raise_exception(env, EXCP0D_GPF, ra);
    sse_sync_mxcsr(env);
    x87_state_to_env(env); /* back to the host at the end */
    uint8_t area[FXSAVE_WRITTEN] = { 0 };
    x87_env_to_fx(env, area);
    uint64_t fip = is64 ? env->fpip : (uint32_t)env->fpip;
    uint64_t fdp = is64 ? env->fpdp : (uint32_t)env->fpdp;
    uint32_t mxcsr_mask = mxcsr_valid_bits();
    memcpy(area + FXAREA_FOP, &env->fpop, 2);
    memcpy(area + FXAREA_FIP, &fip, 8);
    memcpy(area + FXAREA_FDP, &fdp, 8);
    memcpy(area + FXAREA_MXCSR, &env->mxcsr, 4);
    memcpy(area + FXAREA_MXCSR_MASK, &mxcsr_mask, 4);
    memcpy(area + FXAREA_XMM, env->xmm, 16 * 16);
    for (int i = 0; i < FXSAVE_WRITTEN; i += 8) {
        uint64_t q;
        memcpy(&q, area + i, 8);
        cpu_stq_data_ra(env, addr + i, q, ra);
    }
    x87_state_to_host(env);
}

void helper_fxrstor(CPUX86State *env, uint64_t addr, uint32_t is64)
{
    uintptr_t ra = GETPC();
    if (addr & 15)
        x86_raise_exception(env, EXCP0D_GPF, ra);
    uint32_t mxcsr = cpu_ldl_data_ra(env, addr + FXAREA_MXCSR, ra);
    if (mxcsr & ~mxcsr_valid_bits())
        x86_raise_exception(env, EXCP0D_GPF, ra);
    /* read everything before changing state, so a fault leaves it intact */
    uint8_t area[FXAREA_SIZE];
    for (int i = 0; i < FXAREA_SIZE; i += 8) {
        uint64_t q = cpu_ldq_data_ra(env, addr + i, ra);
        memcpy(area + i, &q, 8);
    }
    x87_state_to_env(env); /* the new state goes to the host at the end */
    x87_env_from_fx(env, area);
    memcpy(&env->fpop, area + FXAREA_FOP, 2);
    memcpy(&env->fpip, area + FXAREA_FIP, 8);
    memcpy(&env->fpdp, area + FXAREA_FDP, 8);
    if (!is64) {
        env->fpip = (uint32_t)env->fpip;
        env->fpdp = (uint32_t)env->fpdp;
    }
    x87_update_es(env);
    sse_set_mxcsr(env, mxcsr);
    memcpy(env->xmm, area + FXAREA_XMM, 16 * 16);
    x87_state_to_host(env);
}

/* difftest.c — random instruction sequences run on the host CPU and
 * through tern's CPU core (the JIT and cpu loop of user mode), compared.
 *
 *   difftest [--seed S] [--count N | --seconds T] [--len L] [--only I] [--first I] [--reports N] [--trace]
 *            [--unmask-underflow]
 *
 * Test I of seed S is a pure function of (S, I): its sequence, its initial
 * state (GPRs, RFLAGS, XMM, x87, MXCSR, an 8 KiB memory buffer that r15
 * and rsp point into) and whether tern's CPU model lacks a feature, so
 * `--seed S --only I` replays one.  Both runs end in a signal (normally
 * the ud2 closing the sequence); the signal, where it happened, all GPRs,
 * RFLAGS (less what the manuals leave undefined there), XMM, x87
 * registers, status, control and tags, MXCSR and the buffer must agree.
 * A mismatch is shrunk item by item and printed as a reproducer.
 * Output follows the unit-test protocol: `ok ...` / `FAIL ...` lines.
 * --trace prints each test's forms and disassembly; --first starts at a
 * later test, and DIFFTEST_SKIP=A,B skips the tests strictly between A and
 * B, to replay a mismatch that depends on what ran before it. */
#define _GNU_SOURCE
#include <cpuid.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <time.h>

#include "difftest.h"
#include "forms.h"
#include "regress.h"
#include "exec/exec.h"
#include "target/x86/sse_helper.h"
#include "target/x86/x87_host.h"
#include "user/user.h"
#include "util/disas.h"

static CPUState *cpu;
static volatile sig_atomic_t tern_timed_out;
static uint64_t rng_state;
static bool trace;

static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* ---- features ---- */

static void host_features(uint32_t f[FEAT_NB])
{
    unsigned a = 0, b = 0, c = 0, d = 0, b7 = 0, c81 = 0;
    __get_cpuid(1, &a, &b, &c, &d);
    unsigned c1 = c;
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d))
        b7 = b;
    if (__get_cpuid(0x80000001, &a, &b, &c, &d))
        c81 = c;
    memset(f, 0, sizeof(uint32_t) * FEAT_NB);
    f[FEAT_SSE3] = c1 & bit_SSE3, f[FEAT_SSSE3] = c1 & bit_SSSE3, f[FEAT_SSE41] = c1 & bit_SSE4_1;
    f[FEAT_SSE42] = c1 & bit_SSE4_2, f[FEAT_POPCNT] = c1 & bit_POPCNT, f[FEAT_MOVBE] = c1 & bit_MOVBE;
    f[FEAT_PCLMUL] = c1 & bit_PCLMUL, f[FEAT_CX16] = c1 & bit_CMPXCHG16B, f[FEAT_LZCNT] = c81 & bit_LZCNT;
    f[FEAT_BMI1] = b7 & bit_BMI, f[FEAT_BMI2] = b7 & bit_BMI2;
}

/* where each feature lives in tern's CPU model */
static uint32_t *feature_word(CPUX86State *env, int feat, uint32_t *bit)
{
    switch (feat) {
    case FEAT_SSE3: *bit = CPUID_EXT_SSE3; return &env->cpuid_ext_features;
    case FEAT_SSSE3: *bit = CPUID_EXT_SSSE3; return &env->cpuid_ext_features;
    case FEAT_SSE41: *bit = CPUID_EXT_SSE41; return &env->cpuid_ext_features;
    case FEAT_SSE42: *bit = CPUID_EXT_SSE42; return &env->cpuid_ext_features;
    case FEAT_POPCNT: *bit = CPUID_EXT_POPCNT; return &env->cpuid_ext_features;
    case FEAT_MOVBE: *bit = CPUID_EXT_MOVBE; return &env->cpuid_ext_features;
    case FEAT_PCLMUL: *bit = CPUID_EXT_PCLMULQDQ; return &env->cpuid_ext_features;
    case FEAT_CX16: *bit = CPUID_EXT_CX16; return &env->cpuid_ext_features;
    case FEAT_LZCNT: *bit = CPUID_EXT3_ABM; return &env->cpuid_ext3_features;
    case FEAT_BMI1: *bit = CPUID_7_EBX_BMI1; return &env->cpuid_7_ebx;
    case FEAT_BMI2: *bit = CPUID_7_EBX_BMI2; return &env->cpuid_7_ebx;
    default: *bit = 0; return NULL;
    }
}

static void tern_features(uint32_t f[FEAT_NB])
{
    CPUX86State env;
    memset(&env, 0, sizeof(env));
    x86_cpu_init(&env, "max");
    for (int i = 0; i < FEAT_NB; i++) {
        uint32_t bit;
        uint32_t *w = feature_word(&env, i, &bit);
        f[i] = w ? *w & bit : 0;
    }
}

/* ---- the tern side ---- */

/* The x87/SSE state goes in and out through tern's own fxrstor/fxsave:
 * they keep MXCSR's mode in hflags and merge the sticky flags that inline
 * SSE code leaves in the host MXCSR. */
static void fx_to_env(CPUX86State *env, const uint8_t *fx)
{
    helper_fxrstor(env, (uint64_t)(uintptr_t)fx, 1);
}

static void env_to_fx(uint8_t *fx, CPUX86State *env)
{
    memset(fx, 0, 512);
    helper_fxsave(env, (uint64_t)(uintptr_t)fx, 1);
    x87_state_to_env(env); /* fxsave leaves it in the host's x87 */
}

static void exception_to_signal(const CPUX86State *env, int excp, Outcome *o)
{
    o->si_code = 0;
    o->addr = 0;
    switch (excp) {
    case EXCP00_DIVZ: case EXCP10_COPR: case EXCP13_XMM: o->sig = SIGFPE; break;
    case EXCP06_ILLOP: o->sig = SIGILL; break;
    case EXCP0D_GPF: case EXCP_HLT: o->sig = SIGSEGV, o->si_code = SI_KERNEL; break;
    case EXCP0E_PAGE: o->sig = SIGSEGV, o->addr = env->exception_addr; break;
    case EXCP11_ALGN: o->sig = SIGBUS; break;
    case EXCP01_DB: case EXCP03_INT3: o->sig = SIGTRAP; break;
    default: o->sig = -excp - 1000; break;
    }
}

static void on_alarm(int sig)
{
    (void)sig;
    tern_timed_out = 1;
    if (cpu)
        cpu_exit(cpu);
}

static void tern_run(const Layout *lay, const MachineState *init, const uint8_t *data, int disabled_feat, Outcome *o)
{
    CPUX86State *env = &cpu->env;
    page_unprotect_range(CODE_ADDR, CODE_SIZE);
    memcpy((void *)CODE_ADDR, lay->code, lay->len);
    memcpy((void *)DATA_ADDR, data, DATA_SIZE);
    memset(env, 0, sizeof(*env));
    x86_cpu_init(env, "max");
    uint32_t bit;
    uint32_t *w = feature_word(env, disabled_feat, &bit);
    if (w)
        *w &= ~bit;
    memcpy(env->regs, init->gpr, sizeof(env->regs));
    env->rip = init->rip;
    x86_set_eflags(env, init->rflags, FL_ARITH | FL_DF);
    fx_to_env(env, init->fx);
    tern_timed_out = 0;
    struct itimerval it = { .it_value = { .tv_sec = 2 } };
    setitimer(ITIMER_REAL, &it, NULL);
    int r;
    do
        r = cpu_exec(cpu);
    while (r == EXCP_INTERRUPT && !tern_timed_out);
    setitimer(ITIMER_REAL, &(struct itimerval){ 0 }, NULL);
    memcpy(o->st.gpr, env->regs, sizeof(env->regs));
    o->st.rip = env->rip;
    o->st.rflags = x86_get_eflags(env);
    env_to_fx(o->st.fx, env);
    exception_to_signal(env, r, o);
    if (tern_timed_out)
        o->sig = SIGALRM;
    memcpy(o->data, (void *)DATA_ADDR, DATA_SIZE);
}

/* ---- comparison ---- */

typedef struct Diff {
    char text[4096];
    int len, count;
} Diff;

static void diff_add(Diff *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void diff_add(Diff *d, const char *fmt, ...)
{
    va_list ap;
    d->count++;
    if (d->len > (int)sizeof(d->text) - 200)
        return;
    va_start(ap, fmt);
    d->len += vsnprintf(d->text + d->len, sizeof(d->text) - (size_t)d->len, fmt, ap);
    va_end(ap);
}

static const char *const gpr_names[16] = { "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                                           "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15" };

static int item_at(const Layout *lay, int n, uint64_t rip)
{
    for (int k = 0; k < n; k++)
        if (rip >= lay->item_addr[k] && rip < lay->item_addr[k + 1])
            return k;
    return n;
}

static void compare_fx(const uint8_t *a, const uint8_t *b, uint16_t fsw_mask, Diff *d)
{
    uint16_t fa, fb;
    memcpy(&fa, a + FX_FCW, 2), memcpy(&fb, b + FX_FCW, 2);
    if (fa != fb)
        diff_add(d, "  fcw: native %04x tern %04x\n", fa, fb);
    memcpy(&fa, a + FX_FSW, 2), memcpy(&fb, b + FX_FSW, 2);
    if ((fa ^ fb) & fsw_mask)
        diff_add(d, "  fsw: native %04x tern %04x (compared bits %04x)\n", fa, fb, fsw_mask);
    /* tags in stack order: where TOP may differ (after emms) the same stack
     * sits in other physical registers */
    int top_a = (fa >> 11) & 7, top_b = (fb >> 11) & 7;
    for (int i = 0; i < 8; i++)
        if ((a[FX_FTW] >> ((top_a + i) & 7) & 1) != (b[FX_FTW] >> ((top_b + i) & 7) & 1)) {
            diff_add(d, "  ftw: native %02x tern %02x (st%d)\n", a[FX_FTW], b[FX_FTW], i);
            break;
        }
    uint32_t ma, mb;
    memcpy(&ma, a + FX_MXCSR, 4), memcpy(&mb, b + FX_MXCSR, 4);
    if (ma != mb)
        diff_add(d, "  mxcsr: native %08x tern %08x\n", ma, mb);
    for (int i = 0; i < 8; i++) {
        if (!(a[FX_FTW] >> ((top_a + i) & 7) & 1) || !memcmp(a + FX_ST(i), b + FX_ST(i), 10))
            continue;
        uint64_t m1, m2;
        uint16_t e1, e2;
        memcpy(&m1, a + FX_ST(i), 8), memcpy(&e1, a + FX_ST(i) + 8, 2);
        memcpy(&m2, b + FX_ST(i), 8), memcpy(&e2, b + FX_ST(i) + 8, 2);
        diff_add(d, "  st%d: native %04x:%016llx tern %04x:%016llx\n", i, e1, (unsigned long long)m1, e2,
                 (unsigned long long)m2);
    }
    for (int i = 0; i < 16; i++) {
        if (!memcmp(a + FX_XMM(i), b + FX_XMM(i), 16))
            continue;
        uint64_t x[4];
        memcpy(x, a + FX_XMM(i), 16), memcpy(x + 2, b + FX_XMM(i), 16);
        diff_add(d, "  xmm%d: native %016llx:%016llx tern %016llx:%016llx\n", i, (unsigned long long)x[1],
                 (unsigned long long)x[0], (unsigned long long)x[3], (unsigned long long)x[2]);
    }
}

static bool compare(const Sequence *seq, const Layout *lay, const Outcome *n, const Outcome *t, Diff *d)
{
    memset(d, 0, sizeof(*d));
    if (n->sig != t->sig || n->st.rip != t->st.rip)
        diff_add(d, "  stop: native signal %d at %llx, tern signal %d at %llx\n", n->sig,
                 (unsigned long long)n->st.rip, t->sig, (unsigned long long)t->st.rip);
    /* page granularity: tern reports the 8-byte half of a 16-byte access
     * that faulted, the CPU its first byte (written down in the report) */
    else if (n->sig == SIGSEGV && ((n->si_code == SI_KERNEL) != (t->si_code == SI_KERNEL) ||
                                   (n->si_code != SI_KERNEL && (n->addr ^ t->addr) >> 12)))
        diff_add(d, "  fault: native code %d address %llx, tern code %d address %llx\n", n->si_code,
                 (unsigned long long)n->addr, t->si_code, (unsigned long long)t->addr);
    for (int i = 0; i < 16; i++)
        if (n->st.gpr[i] != t->st.gpr[i])
            diff_add(d, "  %s: native %016llx tern %016llx\n", gpr_names[i], (unsigned long long)n->st.gpr[i],
                     (unsigned long long)t->st.gpr[i]);
    int k = item_at(lay, seq->n, n->st.rip);
    uint64_t fmask = (FL_ARITH & ~lay->undef_before[k]) | FL_DF;
    if ((n->st.rflags ^ t->st.rflags) & fmask)
        diff_add(d, "  rflags: native %llx tern %llx (compared bits %llx)\n", (unsigned long long)n->st.rflags,
                 (unsigned long long)t->st.rflags, (unsigned long long)fmask);
    compare_fx(n->st.fx, t->st.fx, (uint16_t)~lay->fsw_undef_before[k], d);
    for (size_t i = 0; i < DATA_SIZE; i += 8)
        if (memcmp(n->data + i, t->data + i, 8)) {
            uint64_t a, b;
            memcpy(&a, n->data + i, 8), memcpy(&b, t->data + i, 8);
            diff_add(d, "  mem %llx: native %016llx tern %016llx\n", (unsigned long long)(DATA_ADDR + i),
                     (unsigned long long)a, (unsigned long long)b);
        }
    return d->count == 0;
}

/* ---- one test ---- */

typedef struct Test {
    Sequence seq;
    MachineState init;
    uint8_t data[DATA_SIZE];
} Test;

static Layout lay;
static Outcome nat_out, tern_out;

/* 1: agree, 0: disagree, -1: the native run failed */
static int run_test(const Test *t, Diff *d)
{
    layout_sequence(&t->seq, &lay);
    if (!lay.valid)
        return 1;
    MachineState init = t->init;
    init.rip = CODE_ADDR;
    if (!native_run(&lay, &init, t->data, &nat_out))
        return -1;
    tern_run(&lay, &init, t->data, t->seq.disabled_feat, &tern_out);
    return compare(&t->seq, &lay, &nat_out, &tern_out, d) ? 1 : 0;
}

static void make_test(Test *t, uint64_t seed, uint64_t index, int max_len)
{
    rng_state = seed * 0x100000001b3ull ^ index * 0x9e3779b97f4a7c15ull;
    memset(&t->seq, 0, sizeof(t->seq));
    t->seq.disabled_feat = rnd() % 10 == 0 ? (int)(1 + rnd() % (FEAT_NB - 1)) : 0;
    generate_sequence(&t->seq, rnd, 1 + (int)(rnd() % (uint64_t)max_len));
    random_state(&t->init, t->data, rnd);
}

/* Drop items while the mismatch stays (and the flags stay well defined). */
static void shrink(Test *t)
{
    Diff d;
    for (bool progress = true; progress;) {
        progress = false;
        for (int i = t->seq.n - 1; i >= 0; i--) {
            Test c = *t;
            memmove(&c.seq.items[i], &c.seq.items[i + 1], sizeof(Item) * (size_t)(c.seq.n - i - 1));
            c.seq.n--;
            layout_sequence(&c.seq, &lay);
            if (lay.valid && run_test(&c, &d) == 0) {
                *t = c;
                progress = true;
            }
        }
    }
}

static void print_state(const MachineState *st)
{
    for (int i = 0; i < 16; i++)
        printf("  %-3s %016llx%s", gpr_names[i], (unsigned long long)st->gpr[i], i % 4 == 3 ? "\n" : "");
    uint16_t fcw, fsw;
    uint32_t mxcsr;
    memcpy(&fcw, st->fx + FX_FCW, 2), memcpy(&fsw, st->fx + FX_FSW, 2), memcpy(&mxcsr, st->fx + FX_MXCSR, 4);
    printf("  rflags %llx mxcsr %08x fcw %04x fsw %04x ftw %02x\n", (unsigned long long)st->rflags, mxcsr, fcw, fsw,
           st->fx[FX_FTW]);
    for (int i = 0; i < 8; i++) {
        uint64_t m;
        uint16_t e;
        memcpy(&m, st->fx + FX_ST(i), 8), memcpy(&e, st->fx + FX_ST(i) + 8, 2);
        printf("  st%d %04x:%016llx%s", i, e, (unsigned long long)m, i % 4 == 3 ? "\n" : "");
    }
    for (int i = 0; i < 16; i++) {
        uint64_t x[2];
        memcpy(x, st->fx + FX_XMM(i), 16);
        printf("  xmm%-2d %016llx:%016llx%s", i, (unsigned long long)x[1], (unsigned long long)x[0],
               i % 2 == 1 ? "\n" : "");
    }
}

static void report_mismatch(uint64_t seed, uint64_t index, Test *t, const Diff *first)
{
    Diff d;
    Test whole = *t;
    shrink(t);
    if (run_test(t, &d) == 1) { /* it did not happen again: show it as it was */
        *t = whole;
        layout_sequence(&t->seq, &lay);
        d = *first;
        printf("(not reproducible when run again: depends on what ran before)\n");
    }
    printf("FAIL difftest seed %llu test %llu:", (unsigned long long)seed, (unsigned long long)index);
    for (int i = 0; i < t->seq.n; i++)
        printf(" %s", t->seq.items[i].name);
    if (t->seq.disabled_feat)
        printf(" (tern model without feature %d)", t->seq.disabled_feat);
    printf("\n  replay: build/tests/difftest --seed %llu --only %llu\n  code:", (unsigned long long)seed,
           (unsigned long long)index);
    for (size_t i = 0; i < lay.len; i++)
        printf(" %02x", lay.code[i]);
    printf("\n");
    tern_disas(stdout, lay.code, lay.len, CODE_ADDR);
    printf("  initial state (r15 = buffer + 0x1000, rsp = buffer + 0x1e00, buffer at %llx):\n",
           (unsigned long long)DATA_ADDR);
    print_state(&t->init);
    printf("  differences (%d):\n%s", d.count, d.text);
}

/* The fixed reproducers, each from 40 random states (and, for a gated
 * instruction, with and without its feature in tern's model). */
static int run_regressions(uint64_t seed)
{
    static Test t;
    int n, failed = 0;
    const RegressCase *cases = regress_cases(&n);
    for (int i = 0; i < n; i++) {
        bool ok = true;
        for (int iter = 0; iter < 40 && ok; iter++) {
            rng_state = seed * 0x100000001b3ull ^ (uint64_t)(i * 1000 + iter);
            regress_sequence(&cases[i], &t.seq, cases[i].feat && (iter & 1));
            random_state(&t.init, t.data, rnd);
            if (cases[i].setup)
                cases[i].setup(&t.init, t.data);
            Diff d;
            int r = run_test(&t, &d);
            if (r != 1) {
                ok = false;
                printf("FAIL regress_%s: iteration %d%s\n", cases[i].name, iter,
                       r < 0 ? ": the native run did not come back" : "");
                if (r == 0) {
                    tern_disas(stdout, lay.code, lay.len, CODE_ADDR);
                    print_state(&t.init);
                    printf("  differences (%d):\n%s", d.count, d.text);
                }
            }
        }
        if (ok)
            printf("ok regress_%s\n", cases[i].name);
        failed += !ok;
    }
    return failed;
}

/* ---- main ---- */

static bool setup_tern(void)
{
    tcg_exec_init(0);
    signal_init();
    cpu = cpu_create();
    guest_map_set(CODE_ADDR, CODE_ADDR + CODE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC);
    guest_map_set(DATA_ADDR, DATA_ADDR + DATA_SIZE, PROT_READ | PROT_WRITE);
    struct sigaction sa = { .sa_handler = on_alarm };
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, NULL);
    return cpu && x86_cpu_init(&cpu->env, "max");
}

int main(int argc, char **argv)
{
    uint64_t seed = 1, count = 2000, only = ~0ull, max_reports = 20, first = 0;
    double seconds = 0;
    int max_len = 24;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : "0";
        if (!strcmp(a, "--seed")) seed = strtoull(v, NULL, 0), i++;
        else if (!strcmp(a, "--count")) count = strtoull(v, NULL, 0), i++;
        else if (!strcmp(a, "--seconds")) seconds = atof(v), i++;
        else if (!strcmp(a, "--len")) max_len = atoi(v), i++;
        else if (!strcmp(a, "--only")) only = strtoull(v, NULL, 0), i++;
        else if (!strcmp(a, "--first")) first = strtoull(v, NULL, 0), i++;
        else if (!strcmp(a, "--reports")) max_reports = strtoull(v, NULL, 0), i++;
        else if (!strcmp(a, "--trace")) trace = true;
        else if (!strcmp(a, "--unmask-underflow")) gen_unmask_underflow = true;
        else {
            fprintf(stderr, "usage: difftest [--seed S] [--count N | --seconds T] [--len L] [--only I] [--first I] [--reports N] [--trace] [--unmask-underflow]\n");
            return 2;
        }
    }
    if (max_len < 1 || max_len > SEQ_MAX - 4)
        max_len = 24;
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (!native_start()) {
        printf("FAIL difftest: cannot set up the native runner (fixed mappings at %llx)\n",
               (unsigned long long)CODE_ADDR);
        return 1;
    }
    if (!setup_tern()) {
        printf("FAIL difftest: cannot set up tern\n");
        return 1;
    }
    uint32_t hf[FEAT_NB], tf[FEAT_NB];
    host_features(hf);
    tern_features(tf);
    forms_init(hf, tf);

    static Test t;
    uint64_t ran = 0, clean = 0, failed = 0, start = only != ~0ull ? only : first;
    if (only == ~0ull && !first)
        failed += (uint64_t)run_regressions(seed);
    struct timespec t0, now;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (uint64_t index = start;; index++) {
        if (only != ~0ull ? index != only : seconds > 0 ? false : index >= count)
            break;
        if (seconds > 0) {
            clock_gettime(CLOCK_MONOTONIC, &now);
            if ((double)(now.tv_sec - t0.tv_sec) + (double)(now.tv_nsec - t0.tv_nsec) * 1e-9 > seconds)
                break;
        }
        if (getenv("DIFFTEST_SKIP") && strstr(getenv("DIFFTEST_SKIP"), ",") &&
            index > strtoull(getenv("DIFFTEST_SKIP"), NULL, 0) &&
            index < strtoull(strchr(getenv("DIFFTEST_SKIP"), ',') + 1, NULL, 0))
            continue;
        make_test(&t, seed, index, max_len);
        if (trace) {
            printf("test %llu:", (unsigned long long)index);
            for (int i = 0; i < t.seq.n; i++)
                printf(" %s", t.seq.items[i].name);
            printf("\n");
        }
        Diff d;
        int r = run_test(&t, &d);
        if (trace)
            tern_disas(stdout, lay.code, lay.len, CODE_ADDR);
        ran++;
        if (r == 1) {
            clean++;
        } else if (r < 0) {
            printf("FAIL difftest seed %llu test %llu: the native run did not come back\n", (unsigned long long)seed,
                   (unsigned long long)index);
            failed++;
        } else {
            failed++;
            if (failed <= max_reports)
                report_mismatch(seed, index, &t, &d);
        }
        if (only == ~0ull && seconds == 0 && (index + 1) % 500 == 0 && failed == 0)
            printf("ok difftest seed %llu tests %llu-%llu\n", (unsigned long long)seed,
                   (unsigned long long)(index - 499), (unsigned long long)index);
    }
    native_stop();
    printf("difftest: %d instruction forms, %llu sequences, %llu clean, %llu mismatches\n", forms_count(),
           (unsigned long long)ran, (unsigned long long)clean, (unsigned long long)failed);
    if (failed == 0 && (only != ~0ull || seconds > 0 || count % 500))
        printf("ok difftest seed %llu: %llu sequences\n", (unsigned long long)seed, (unsigned long long)ran);
    return failed != 0;
}

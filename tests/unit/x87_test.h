/* x87_test.h — what the x87 unit tests (test_x87.c, test_x87_run.c)
 * share: the machine state both sides start from and its native run,
 * random 80-bit register values, comparing fnsave images, and the set-up
 * of a code page, a data area and a translator context. */
#ifndef TERN_TESTS_X87_TEST_H
#define TERN_TESTS_X87_TEST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "exec/exec.h"
#include "target/x86/fpu_helper.h"
#include "target/x86/translate.h"
#include "target/x86/x87_host.h"
#include "user/user.h"

/* The machine state a test starts the host and tern from and compares
 * afterwards: an fnsave image, rax rcx rdx rsi, the flags, and (for the
 * native run) the code to call. */
typedef struct X87State {
    uint8_t img[112];   /* 0: fnsave image */
    uint64_t gpr[4];    /* 112: rax rcx rdx rsi */
    uint64_t flags;     /* 144 */
    uint64_t code;      /* 152 */
} X87State;

static const int x87_state_regs[4] = { R_EAX, R_ECX, R_EDX, R_ESI };

/* x87_native_run(st): the host CPU loads st, calls st->code, saves st */
__asm__(".text\n.globl x87_native_run\nx87_native_run:\n"
        "push %r15\nmov %rdi, %r15\n"
        "frstor 0(%r15)\n"
        "mov 112(%r15), %rax\nmov 120(%r15), %rcx\nmov 128(%r15), %rdx\nmov 136(%r15), %rsi\n"
        "pushq 144(%r15)\npopfq\n"
        "call *152(%r15)\n"
        "pushfq\npopq 144(%r15)\n"
        "mov %rax, 112(%r15)\nmov %rcx, 120(%r15)\nmov %rdx, 128(%r15)\nmov %rsi, 136(%r15)\n"
        "fnsave 0(%r15)\n"
        "pop %r15\nret\n");
void x87_native_run(X87State *st);

/* One of sixteen edge cases (zeros, denormals and pseudo-denormals,
 * infinities, NaNs, an unnormal, pi...) or a normal value whose exponent
 * is within 65 of 1.0's.  The tests supply the random words, so each
 * keeps its own generator and mix. */
static inline void x87_random_value(uint8_t *p, uint64_t r, uint64_t mant, bool edge_case)
{
    static const struct { uint64_t m; uint16_t e; } special[] = {
        { 0, 0 }, { 0, 0x8000 }, { 1ull << 63, 0x3fff }, { 0xC000000000000000ull, 0xbfff },
        { ~0ull, 0x7ffe }, { 1ull << 63, 1 }, { 1, 0 }, { 1ull << 63, 0x7fff }, { 1ull << 63, 0xffff },
        { 0xC000000000000001ull, 0x7fff }, { 0xA000000000000000ull, 0x7fff }, { 0xC000000000000000ull, 0xffff },
        { 0xC90FDAA22168C235ull, 0x4000 }, { 0xA000000000000000ull, 0x4002 }, { 1ull << 63, 0x403e },
        { 0x4000000000000000ull, 0x3fff },
    };
    uint64_t m;
    uint16_t e;
    if (edge_case) {
        m = special[(r >> 8) & 15].m, e = special[(r >> 8) & 15].e;
    } else {
        m = mant | (1ull << 63);
        e = (uint16_t)(0x3fff + (int)((r >> 16) % 130) - 65) | (uint16_t)(r & 0x8000);
    }
    memcpy(p, &m, 8);
    memcpy(p + 8, &e, 2);
}

/* fnsave images a (native) and b (tern) agree: control, status and tag
 * words, then the registers (the empty ones too if all_registers: a
 * popped register keeps its contents).  Else false, why says where. */
static inline bool x87_same_image(const uint8_t *a, const uint8_t *b, bool all_registers, char *why, size_t n)
{
    static const int words[3] = { 0, 4, 8 };
    static const char *const word_names[3] = { "cw", "sw", "tw" };
    for (int i = 0; i < 3; i++) {
        uint16_t x, y;
        memcpy(&x, a + words[i], 2);
        memcpy(&y, b + words[i], 2);
        if (x != y) {
            snprintf(why, n, "%s native %04x tern %04x", word_names[i], x, y);
            return false;
        }
    }
    uint16_t sw, tw;
    memcpy(&sw, a + 4, 2);
    memcpy(&tw, a + 8, 2);
    for (int i = 0; i < 8; i++) {
        int p = ((sw >> 11) + i) & 7;
        const uint8_t *x = a + 28 + 10 * i, *y = b + 28 + 10 * i;
        if ((all_registers || ((tw >> (2 * p)) & 3) != 3) && memcmp(x, y, 10)) {
            uint64_t xm, ym;
            uint16_t xe, ye;
            memcpy(&xm, x, 8), memcpy(&ym, y, 8), memcpy(&xe, x + 8, 2), memcpy(&ye, y + 8, 2);
            snprintf(why, n, "st%d native %04x:%016llx tern %04x:%016llx", i, xe, (unsigned long long)xm, ye,
                     (unsigned long long)ym);
            return false;
        }
    }
    return true;
}

/* cpu made a fresh 64-bit vCPU in state st; returns its env for the
 * caller's further set-up. */
static inline CPUX86State *x87_test_cpu(CPUState *cpu, TCGContext *tcg, const X87State *st)
{
    CPUX86State *env = &cpu->env;
    memset(cpu, 0, sizeof(*cpu));
    cpu->tcg = tcg;
    env->hflags = HF_CS64 | 3;
    env->cpuid_features = CPUID_FP87 | CPUID_CMOV | CPUID_MMX | CPUID_FXSR | CPUID_SSE | CPUID_SSE2;
    env->cpuid_ext_features = CPUID_EXT_SSE3;
    helper_x87_frstor(env, (uintptr_t)st->img, 0);
    for (int i = 0; i < 4; i++)
        env->regs[x87_state_regs[i]] = st->gpr[i];
    env->cc_op = CC_OP_EFLAGS;
    env->cc_src = st->flags & CC_ALL;
    env->eflags = st->flags & ~(uint64_t)CC_ALL;
    return env;
}

/* Translate insns instructions at code as one block and run it with the
 * IR interpreter (the host's x87 holding the guest's state from one block
 * to the next, as in generated code). */
static inline void x87_test_block(CPUState *cpu, const uint8_t *code, int insns)
{
    CPUX86State *env = &cpu->env;
    TranslationBlock tb;
    memset(&tb, 0, sizeof(tb));
    tb.pc = (uintptr_t)code;
    tb.flags = env->hflags;
    tb.cflags = (uint32_t)insns;
    tcg_func_start(cpu->tcg);
    x86_translate_block(cpu->tcg, env, &tb);
    cpu_tb_exit_rip(env, tcg_interpret(cpu->tcg, env));
}

/* After the blocks: the vCPU's state goes to st (the arithmetic flags
 * all set if lazy flags left them unknown). */
static inline void x87_test_finish(CPUState *cpu, X87State *st)
{
    CPUX86State *env = &cpu->env;
    uint64_t arith = env->cc_op == CC_OP_EFLAGS ? env->cc_src : ~0ull;
    helper_x87_fnsave(env, (uintptr_t)st->img, 0);
    x87_state_to_env(env); /* the host's x87 free for the caller */
    st->flags = (env->eflags & ~(uint64_t)CC_ALL) | (arith & CC_ALL);
    for (int i = 0; i < 4; i++)
        st->gpr[i] = env->regs[x87_state_regs[i]];
}

/* insns instructions at code as one block, then x87_test_finish */
static inline void x87_test_run(CPUState *cpu, const uint8_t *code, int insns, X87State *st)
{
    x87_test_block(cpu, code, insns);
    x87_test_finish(cpu, st);
}

/* A page of guest code (readable and executable for the translator), a
 * data area of data_size bytes and a translator context; false (and a
 * FAIL line) without memory. */
static inline bool x87_test_setup(uint8_t **code_area, uint8_t **data_area, size_t data_size, TCGContext **tcg)
{
    *code_area = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    *data_area = aligned_alloc(64, data_size);
    *tcg = calloc(1, sizeof(**tcg));
    if (*code_area == MAP_FAILED || !*data_area || !*tcg) {
        printf("FAIL setup: no memory\n");
        return false;
    }
    guest_map_set((uintptr_t)*code_area, (uintptr_t)*code_area + 4096, PROT_READ | PROT_EXEC);
    tcg_context_init(*tcg);
    x86_tcg_init(*tcg);
    return true;
}

#endif

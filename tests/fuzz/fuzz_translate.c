/* fuzz_translate.c — libFuzzer harness: arbitrary bytes through tern's
 * decoder, translator, optimizer, register allocator and code emitter.
 *
 * The input (after one byte of settings) is guest code on a two-page
 * guest mapping followed by an unmapped page, placed at its start or
 * ending at the boundary so that decoding also runs into the unreadable
 * page.  One block is translated and compiled into a scratch buffer; the
 * code is never run.  The settings byte picks the CPU model, the MXCSR
 * mode bit of hflags and the lazy-flags kind the translator guesses from.
 * No crash, hang or sanitizer report is allowed. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "exec/exec.h"
#include "user/user.h"

#define GUEST_SIZE 8192
#define CODE_SIZE (1 << 20)

static CPUState *cpu;
static uint8_t *guest, *code;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    tcg_exec_init(1 << 20);
    cpu = cpu_create();
    guest = mmap(NULL, GUEST_SIZE + 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    code = mmap(NULL, CODE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (!cpu || guest == MAP_FAILED || code == MAP_FAILED)
        abort();
    mprotect(guest + GUEST_SIZE, 4096, PROT_NONE);
    guest_map_set((uintptr_t)guest, (uintptr_t)guest + GUEST_SIZE, PROT_READ | PROT_EXEC);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    uint8_t settings = data[0];
    data++, size--;
    if (size > GUEST_SIZE)
        size = GUEST_SIZE;
    CPUX86State *env = &cpu->env;
    memset(env, 0, sizeof(*env));
    x86_cpu_init(env, settings & 1 ? "qemu64" : "max");
    if (settings & 2)
        env->hflags |= HF_MXCSR_NONDEF;
    env->cc_op = (uint32_t)((settings >> 2) % CC_OP_NB);
    if (env->cc_op == CC_OP_DYNAMIC)
        env->cc_op = CC_OP_EFLAGS;
    uint8_t *start = settings & 0x80 ? guest + GUEST_SIZE - size : guest;
    memset(guest, 0x90, GUEST_SIZE);
    memcpy(start, data, size);

    TranslationBlock tb;
    memset(&tb, 0, sizeof(tb));
    tb.pc = (uint64_t)(uintptr_t)start;
    tb.flags = env->hflags;
    TCGContext *s = cpu->tcg;
    s->guest_base = guest_base;
    tcg_func_start(s);
    x86_translate_block(s, env, &tb);
    s->code_buf = s->code_ptr = code;
    s->code_end = code + CODE_SIZE / 2;
    tcg_gen_code(s, s->info);
    return 0;
}

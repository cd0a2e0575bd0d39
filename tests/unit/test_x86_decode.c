/* test_x86_decode.c — the integer decoder's instruction lengths against
 * an independent decoder (Debian's libzydis, through tern_disas_insn_len).
 *
 * Random instructions (prefixes, REX, an opcode of the one-byte or 0F
 * integer maps, or VEX BMI; random ModRM/SIB/displacement/immediate) are
 * translated one per block; where tern accepts the instruction (no #UD
 * or #GP raised at it), the block's size must equal Zydis's length.
 * SSE and x87 opcodes belong to their families and are left out. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "exec/exec.h"
#include "target/x86/translate_int.h"
#include "user/user.h"
#include "util/disas.h"

static uint64_t rng = 0x853c49e6748fea9bull;
static uint64_t next_random(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return rng;
}

static bool is_family_opcode(bool map0f, int b)
{
    if (!map0f)
        return b >= 0xd8 && b <= 0xdf;
    return (b >= 0x10 && b <= 0x17) || (b >= 0x28 && b <= 0x2f) || (b >= 0x50 && b <= 0x7f) ||
           b == 0x38 || b == 0x3a || b == 0xae || b == 0xc2 || (b >= 0xc4 && b <= 0xc6) || b >= 0xd0;
}

/* a VEX-encoded BMI instruction (C4, maps 0F38/0F3A) with random fields */
static void random_vex(uint8_t *buf)
{
    static const uint8_t ops38[] = { 0xf2, 0xf3, 0xf5, 0xf6, 0xf7 };
    bool map3 = next_random() % 4 == 0;
    buf[0] = 0xc4;
    buf[1] = (uint8_t)((next_random() & 0xe0) | (map3 ? 3 : 2));
    buf[2] = (uint8_t)(next_random() & 0xfb);   /* L = 0 */
    buf[3] = map3 ? 0xf0 : ops38[next_random() % sizeof(ops38)];
    for (int n = 4; n < 16; n++)
        buf[n] = (uint8_t)next_random();
}

/* random bytes of an integer instruction; returns false for family opcodes */
static bool random_insn(uint8_t *buf)
{
    if (next_random() % 16 == 0) {
        random_vex(buf);
        return true;
    }
    static const uint8_t prefixes[] = { 0x66, 0x67, 0xf2, 0xf3, 0x2e, 0x3e, 0x64, 0x65, 0x66, 0xf0 };
    int n = 0;
    int np = (int)(next_random() % 4);
    for (int i = 0; i < np; i++)
        buf[n++] = prefixes[next_random() % (sizeof(prefixes) - (next_random() % 8 ? 1 : 0))];
    if (next_random() & 1)
        buf[n++] = 0x40 | (uint8_t)(next_random() & 15);
    bool map0f = next_random() % 3 == 0;
    int op = (int)(next_random() & 0xff);
    if (map0f)
        buf[n++] = 0x0f;
    else if (op == 0x0f || (op >= 0x40 && op <= 0x4f) || op == 0xc4 || op == 0xc5 || op == 0x62 || op == 0x8f)
        op = 0x90;
    if (is_family_opcode(map0f, op))
        return false;
    buf[n++] = (uint8_t)op;
    while (n < 16)
        buf[n++] = (uint8_t)next_random();
    return true;
}

static bool raised_exception(TCGContext *s)
{
    for (int i = 0; i < s->nb_ops; i++) {
        TCGOp *op = &s->ops[i];
        if (op->opc != INDEX_op_call)
            continue;
        void *fn = (void *)(uintptr_t)op->args[op->nb_oargs + op->nb_iargs];
        if (fn == (void *)helper_raise_exception || fn == (void *)helper_raise_code_fault)
            return true;
    }
    return false;
}

int main(int argc, char **argv)
{
    int iterations = argc > 1 ? atoi(argv[1]) : 100000;
    uint8_t *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code == MAP_FAILED) {
        printf("FAIL setup: no memory\n");
        return 1;
    }
    uint8_t probe[2] = { 0x90, 0xc3 };
    if (tern_disas_insn_len(probe, 2) != 1) {
        printf("ok decode-lengths # skipped: built without libzydis\n");
        printf("1 passed, 0 failed\n");
        return 0;
    }
    guest_map_set((uintptr_t)code, (uintptr_t)code + 4096, PROT_READ | PROT_EXEC);
    TCGContext *tcg = calloc(1, sizeof(*tcg));
    tcg_context_init(tcg);
    x86_tcg_init(tcg);
    static CPUX86State env;
    x86_cpu_init(&env, "max");
    int compared = 0, failures = 0;
    for (int it = 0; it < iterations && failures < 10; it++) {
        uint8_t *insn = code + 64;
        if (!random_insn(insn))
            continue;
        int want = tern_disas_insn_len(insn, 15);
        if (want == 0)
            continue;
        TranslationBlock tb;
        memset(&tb, 0, sizeof(tb));
        tb.pc = (uintptr_t)insn;
        tb.flags = env.hflags;
        tb.cflags = 1;
        tcg_func_start(tcg);
        x86_translate_block(tcg, &env, &tb);
        if (raised_exception(tcg))
            continue;
        compared++;
        if ((int)tb.size != want) {
            printf("FAIL length:");
            for (int i = 0; i < want + 2 && i < 15; i++)
                printf(" %02x", insn[i]);
            printf(": tern %u, zydis %d\n", tb.size, want);
            failures++;
        }
    }
    if (!failures)
        printf("ok decode-lengths (%d instructions compared)\n", compared);
    printf("%d passed, %d failed\n", failures ? 0 : 1, failures ? 1 : 0);
    return failures != 0;
}

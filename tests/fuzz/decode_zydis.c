/* decode_zydis.c — tern's decoder against libzydis on random and mutated
 * byte sequences: instruction length and valid/invalid.
 *
 *   decode_zydis [--seed S] [--count N | --seconds T] [--show N]
 *
 * Candidates are random bytes (biased towards prefixes and escape bytes)
 * and mutations (a byte changed, a prefix inserted or dropped) of valid
 * instructions from the random tester's form table.  tern decodes one
 * instruction (x86_translate_block limited to one instruction, never run);
 * it calls it invalid when it raises #UD (x86_gen_illegal, seen through
 * the -d unimp log).  Disagreements, by kind:
 *   length      both valid, lengths differ
 *   accepts     tern decodes what Zydis calls invalid
 *   rejects     tern raises #UD for a valid, unprivileged instruction of
 *               an extension tern's "max" model advertises
 * Instructions of other extensions (AVX, 3DNow!, ...) only need #UD.
 * Not compared: ud0/ud1/ud2 and rsm (#UD is right), the length of in/out
 * (#GP at the instruction in user mode), and what Zydis calls invalid in
 * 0F 00 and 0F 20-23 (system instructions: tern raises #GP, the CPU #UD)
 * and in the hint-NOP space 0F 1A/1B (NOPs on CPUs without MPX).
 * Counted as known and not failing: the forms tern does not implement
 * (far call/jmp/ret, iret, int1, push/pop fs/gs, mov to a segment
 * register, lar/lsl, lss/lfs/lgs, smsw), listed in known_unimplemented.  The
 * first --show N of each kind are printed with both decoders' views; the
 * exit status is nonzero if any disagreement was found. */
#define _GNU_SOURCE
#include <Zydis/Zydis.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "../difftest/forms.h"
#include "exec/exec.h"
#include "user/user.h"
#include "util/log.h"

enum { K_LENGTH, K_ACCEPTS, K_REJECTS, K_KNOWN, K_NB };
static const char *const kind_name[K_NB] = { "length", "accepts", "rejects", "known" };

static uint64_t rng_state;
static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static ZydisDecoder zydis;
static CPUState *cpu;
static uint8_t *page;
static char *log_buf;
static size_t log_len;

/* the extensions tern's max model claims */
static bool claimed(ZydisISAExt ext)
{
    switch (ext) {
    case ZYDIS_ISA_EXT_BASE: case ZYDIS_ISA_EXT_X87: case ZYDIS_ISA_EXT_MMX: case ZYDIS_ISA_EXT_SSE:
    case ZYDIS_ISA_EXT_SSE2: case ZYDIS_ISA_EXT_SSE3: case ZYDIS_ISA_EXT_SSSE3: case ZYDIS_ISA_EXT_SSE4:
    case ZYDIS_ISA_EXT_BMI1: case ZYDIS_ISA_EXT_BMI2: case ZYDIS_ISA_EXT_LZCNT: case ZYDIS_ISA_EXT_MOVBE:
    case ZYDIS_ISA_EXT_PCLMULQDQ: case ZYDIS_ISA_EXT_LONGMODE: case ZYDIS_ISA_EXT_PAUSE:
    case ZYDIS_ISA_EXT_CLFSH: case ZYDIS_ISA_EXT_RDTSCP:
        return true;
    default:
        return false;
    }
}

/* the opcode after the prefixes: 0x0fxx for the two-byte map */
static int opcode_of(const uint8_t *b)
{
    int i = 0;
    while (i < 14 && (memchr("\x66\x67\xf2\xf3\xf0\x2e\x3e\x26\x36\x64\x65", b[i], 11) || (b[i] & 0xf0) == 0x40))
        i++;
    return b[i] == 0x0f ? 0x0f00 | b[i + 1] : b[i];
}

static bool is_segment(ZydisRegister r) { return r >= ZYDIS_REGISTER_ES && r <= ZYDIS_REGISTER_GS; }

/* valid instructions tern knowingly does not implement (#UD) */
static bool known_unimplemented(const ZydisDecodedInstruction *zi, const ZydisDecodedOperand *ops)
{
    switch (zi->mnemonic) {
    case ZYDIS_MNEMONIC_IRET: case ZYDIS_MNEMONIC_IRETD: case ZYDIS_MNEMONIC_IRETQ: case ZYDIS_MNEMONIC_INT1:
    case ZYDIS_MNEMONIC_LAR: case ZYDIS_MNEMONIC_LSL: case ZYDIS_MNEMONIC_LSS: case ZYDIS_MNEMONIC_LFS:
    case ZYDIS_MNEMONIC_LGS: case ZYDIS_MNEMONIC_SMSW:
        return true;
    case ZYDIS_MNEMONIC_RET: case ZYDIS_MNEMONIC_CALL: case ZYDIS_MNEMONIC_JMP:
        return zi->meta.branch_type == ZYDIS_BRANCH_TYPE_FAR;
    case ZYDIS_MNEMONIC_PUSH: case ZYDIS_MNEMONIC_POP: case ZYDIS_MNEMONIC_MOV:
        return ops[0].type == ZYDIS_OPERAND_TYPE_REGISTER && is_segment(ops[0].reg.value);
    default:
        return false;
    }
}

static bool not_compared(bool z_ok, const ZydisDecodedInstruction *zi, const uint8_t *b)
{
    if (!z_ok) {
        int op = opcode_of(b);
        return op == 0x0f00 || (op >= 0x0f20 && op <= 0x0f23) || op == 0x0f1a || op == 0x0f1b;
    }
    switch (zi->mnemonic) {
    case ZYDIS_MNEMONIC_UD0: case ZYDIS_MNEMONIC_UD1: case ZYDIS_MNEMONIC_UD2: case ZYDIS_MNEMONIC_RSM:
    case ZYDIS_MNEMONIC_IN: case ZYDIS_MNEMONIC_OUT:
        return true;
    default:
        return false;
    }
}

/* tern's view: length decoded and whether it raised #UD */
static int tern_decode(const uint8_t *bytes, bool *invalid)
{
    memcpy(page, bytes, 15);
    TranslationBlock tb;
    memset(&tb, 0, sizeof(tb));
    tb.pc = (uint64_t)(uintptr_t)page;
    tb.flags = cpu->env.hflags;
    tb.cflags = 1;
    fflush(tern_log_file);
    size_t before = log_len;
    tcg_func_start(cpu->tcg);
    x86_translate_block(cpu->tcg, &cpu->env, &tb);
    fflush(tern_log_file);
    *invalid = log_len != before;
    return (int)tb.size;
}

static void make_random(uint8_t *b)
{
    static const uint8_t lead[] = { 0x66, 0x67, 0xf2, 0xf3, 0xf0, 0x2e, 0x3e, 0x26, 0x36, 0x64, 0x65,
                                    0x40, 0x41, 0x44, 0x48, 0x4c, 0x4f, 0x0f, 0x0f, 0xc4, 0xc5, 0x62, 0x8f };
    for (int i = 0; i < 16; i++)
        b[i] = (uint8_t)rnd();
    int n = (int)(rnd() % 4);
    for (int i = 0; i < n; i++)
        b[i] = lead[rnd() % sizeof(lead)];
    if (rnd() % 2) { /* an escape after the prefixes */
        b[n] = 0x0f;
        if (rnd() % 2)
            b[n + 1] = rnd() % 2 ? 0x38 : 0x3a;
    }
}

static void make_mutant(uint8_t *b)
{
    Sequence seq;
    memset(&seq, 0, sizeof(seq));
    generate_sequence(&seq, rnd, 1);
    const Item *it = &seq.items[seq.n - 1];
    int len = it->len - it->main_off;
    if (len > 15)
        len = 15;
    for (int i = 0; i < 16; i++)
        b[i] = (uint8_t)rnd();
    memcpy(b, it->bytes + it->main_off, (size_t)len);
    static const uint8_t pfx[] = { 0x66, 0x67, 0xf2, 0xf3, 0xf0, 0x2e, 0x64, 0x40, 0x48, 0x41, 0x4f };
    switch (rnd() % 5) {
    case 0: break;
    case 1: b[rnd() % (uint64_t)len] = (uint8_t)rnd(); break;
    case 2: b[rnd() % (uint64_t)len] ^= (uint8_t)(1u << (rnd() % 8)); break;
    case 3: memmove(b + 1, b, 15), b[0] = pfx[rnd() % sizeof(pfx)]; break;
    default: memmove(b, b + 1, 15); break;
    }
}

static void hex(const uint8_t *b, int n, char *out)
{
    for (int i = 0; i < n; i++)
        sprintf(out + 3 * i, "%02x ", b[i]);
}

int main(int argc, char **argv)
{
    uint64_t seed = 1, count = 20000, show = 10;
    double seconds = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : "0";
        if (!strcmp(a, "--seed")) seed = strtoull(v, NULL, 0), i++;
        else if (!strcmp(a, "--count")) count = strtoull(v, NULL, 0), i++;
        else if (!strcmp(a, "--seconds")) seconds = atof(v), i++;
        else if (!strcmp(a, "--show")) show = strtoull(v, NULL, 0), i++;
        else {
            fprintf(stderr, "usage: decode_zydis [--seed S] [--count N | --seconds T] [--show N]\n");
            return 2;
        }
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    ZydisDecoderInit(&zydis, ZYDIS_MACHINE_MODE_LONG_64, ZYDIS_STACK_WIDTH_64);
    ZydisDecoderEnableMode(&zydis, ZYDIS_DECODER_MODE_LZCNT, ZYAN_TRUE);
    ZydisDecoderEnableMode(&zydis, ZYDIS_DECODER_MODE_TZCNT, ZYAN_TRUE);
    tern_log_file = open_memstream(&log_buf, &log_len);
    tern_log_mask = LOG_UNIMP;
    tcg_exec_init(0);
    cpu = cpu_create();
    page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (!tern_log_file || !cpu || page == MAP_FAILED || !x86_cpu_init(&cpu->env, "max")) {
        printf("FAIL decode_zydis: setup\n");
        return 1;
    }
    guest_map_set((uintptr_t)page, (uintptr_t)page + 8192, PROT_READ | PROT_EXEC);
    uint32_t all[FEAT_NB];
    for (int i = 0; i < FEAT_NB; i++)
        all[i] = 1;
    forms_init(all, all);
    rng_state = seed * 0x100000001b3ull;

    uint64_t found[K_NB] = { 0 }, ran = 0, valid = 0;
    struct timespec t0, now;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (uint64_t k = 0;; k++) {
        if (seconds > 0) {
            clock_gettime(CLOCK_MONOTONIC, &now);
            if ((double)(now.tv_sec - t0.tv_sec) + (double)(now.tv_nsec - t0.tv_nsec) * 1e-9 > seconds)
                break;
        } else if (k >= count) {
            break;
        }
        uint8_t b[16];
        if (k % 2)
            make_random(b);
        else
            make_mutant(b);
        ZydisDecodedInstruction zi;
        ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
        ZyanStatus zs = ZydisDecoderDecodeFull(&zydis, b, 15, &zi, ops);
        bool z_ok = ZYAN_SUCCESS(zs);
        bool t_invalid;
        int t_len = tern_decode(b, &t_invalid);
        ran++;
        if (zs == ZYDIS_STATUS_INSTRUCTION_TOO_LONG && t_len == 15)
            continue; /* both: longer than 15 bytes (tern raises #GP) */
        int kind = -1;
        if (not_compared(z_ok, &zi, b))
            continue;
        if (z_ok && t_invalid && known_unimplemented(&zi, ops)) {
            found[K_KNOWN]++;
            continue;
        }
        if (z_ok && !t_invalid) {
            valid++;
            if (t_len != zi.length && !(zi.attributes & ZYDIS_ATTRIB_IS_PRIVILEGED))
                kind = K_LENGTH;
        } else if (!z_ok && !t_invalid) {
            kind = K_ACCEPTS;
        } else if (z_ok && t_invalid && claimed(zi.meta.isa_ext) && !(zi.attributes & ZYDIS_ATTRIB_IS_PRIVILEGED)) {
            kind = K_REJECTS;
        }
        if (kind < 0)
            continue;
        if (found[kind]++ < show) {
            char h[64] = "", text[96] = "(invalid)";
            hex(b, z_ok ? zi.length : 15, h);
            if (z_ok) {
                ZydisFormatter fmt;
                ZydisFormatterInit(&fmt, ZYDIS_FORMATTER_STYLE_INTEL);
                ZydisFormatterFormatInstruction(&fmt, &zi, ops, zi.operand_count_visible, text, sizeof(text), 0, NULL);
            }
            printf("FAIL decode_zydis %s: %s| zydis: %s, length %d, %s | tern: %s, length %d\n", kind_name[kind], h,
                   text, z_ok ? zi.length : 0, z_ok ? ZydisISAExtGetString(zi.meta.isa_ext) : "-",
                   t_invalid ? "#UD" : "decoded", t_len);
        }
    }
    printf("decode_zydis: %llu byte sequences, %llu valid to both; length %llu, accepts %llu, rejects %llu, "
           "known unimplemented %llu\n", (unsigned long long)ran, (unsigned long long)valid,
           (unsigned long long)found[K_LENGTH], (unsigned long long)found[K_ACCEPTS],
           (unsigned long long)found[K_REJECTS], (unsigned long long)found[K_KNOWN]);
    bool clean = !found[K_LENGTH] && !found[K_ACCEPTS] && !found[K_REJECTS];
    if (clean)
        printf("ok decode_zydis seed %llu\n", (unsigned long long)seed);
    return !clean;
}

/* disas.c — the disassembler behind -d in_asm / out_asm.  With Debian's
 * libzydis (HAVE_ZYDIS) each instruction is decoded and printed in Intel
 * syntax; without it, the bytes are dumped in rows of 16 so the logs stay
 * usable on a machine without the library.  Stateless: safe from any thread. */
#include "util/disas.h"

#include <inttypes.h>

#ifdef HAVE_ZYDIS
#include <Zydis/Zydis.h>

static void print_bytes(FILE *f, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%02x ", p[i]);
    for (size_t i = n; i < 10; i++)
        fputs("   ", f);
}

void tern_disas(FILE *f, const void *code, size_t len, uint64_t addr)
{
    const uint8_t *p = code;
    size_t off = 0;
    while (off < len) {
        ZydisDisassembledInstruction insn;
        ZyanStatus st = ZydisDisassembleIntel(ZYDIS_MACHINE_MODE_LONG_64, addr + off, p + off,
                                              len - off, &insn);
        fprintf(f, "0x%016" PRIx64 ":  ", addr + off);
        if (!ZYAN_SUCCESS(st)) {
            print_bytes(f, p + off, 1);
            fputs("(bad)\n", f);
            off++;
            continue;
        }
        /* Long instructions show their first 10 bytes: the text says the rest. */
        size_t n = insn.info.length;
        print_bytes(f, p + off, n < 10 ? n : 10);
        fprintf(f, "%s\n", insn.text);
        off += n;
    }
}

int tern_disas_insn_len(const void *code, size_t avail)
{
    ZydisDecoder dec;
    ZydisDecodedInstruction insn;
    if (!ZYAN_SUCCESS(ZydisDecoderInit(&dec, ZYDIS_MACHINE_MODE_LONG_64, ZYDIS_STACK_WIDTH_64)))
        return 0;
    if (!ZYAN_SUCCESS(ZydisDecoderDecodeInstruction(&dec, NULL, code, avail, &insn)))
        return 0;
    return insn.length;
}

#else

void tern_disas(FILE *f, const void *code, size_t len, uint64_t addr)
{
    const uint8_t *p = code;
    for (size_t off = 0; off < len; off += 16) {
        fprintf(f, "0x%016" PRIx64 ": ", addr + off);
        for (size_t i = off; i < len && i < off + 16; i++)
            fprintf(f, " %02x", p[i]);
        fputc('\n', f);
    }
}

int tern_disas_insn_len(const void *code, size_t avail)
{
    (void)code;
    (void)avail;
    return 0;
}

#endif

/* disas.h — disassembly for the -d in_asm / out_asm logs: through Debian's
 * libzydis when tern was built with it, raw bytes otherwise. */
#ifndef TERN_UTIL_DISAS_H
#define TERN_UTIL_DISAS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Print one line per instruction of code[0..len), labelled from addr. */
void tern_disas(FILE *f, const void *code, size_t len, uint64_t addr);
/* Length of the instruction at code (up to avail bytes), or 0 if invalid
 * or unknown (always 0 without libzydis). */
int tern_disas_insn_len(const void *code, size_t avail);

#endif

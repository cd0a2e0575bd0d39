/* encode.h — the tester's instruction encoder and generator state. */
#ifndef TERN_DIFFTEST_ENCODE_H
#define TERN_DIFFTEST_ENCODE_H

#include "difftest.h"

struct Gen {
    uint64_t (*rnd)(void);
    Item *it;            /* the item being built */
};

/* a memory operand (see gen_mem) */
typedef struct Mem {
    int base, index, scale;
    int32_t disp;
    bool rip, nobase, addr32;
    uint64_t target;     /* the address it designates */
} Mem;

/* one instruction to encode */
typedef struct Insn {
    uint8_t pfx;         /* mandatory prefix (66/F2/F3) or 0 */
    bool opsize16;       /* 66 operand-size prefix */
    bool rex_w, force_rex;
    uint8_t ops[4];
    int nops;
    bool has_modrm;
    int reg;             /* ModRM.reg (register number or /digit) */
    int rm;              /* register operand when mem is NULL */
    const Mem *mem;
    uint64_t imm;
    int imm_size;
} Insn;

#define MEM_NOREX 1      /* no REX prefix possible: base/index among regs 0-7 */
#define MEM_NOSTACK 2    /* rsp is not at its usual place */
#define MEM_NOFAULT 4    /* never the guard page */

void emit8(Item *it, uint8_t b);
void emit_imm(Item *it, uint64_t v, int size);
/* a random GPR that is neither rsp nor r15 (norex: among 0-7) */
int pick_gpr(Gen *g, bool norex);
/* Emit the set-up for a memory operand of size bytes into g->it. */
Mem gen_mem(Gen *g, int size, int align, unsigned flags);
/* The same, but base and index differ from registers avoid_a/avoid_b. */
Mem gen_mem_avoid(Gen *g, int size, int align, unsigned flags, int avoid_a, int avoid_b);
/* ModRM, SIB and displacement of a memory operand (imm_bytes follow it) */
void emit_modrm_mem(Item *it, int reg, const Mem *m, int imm_bytes);
void emit_insn(Item *it, const Insn *in);

#endif

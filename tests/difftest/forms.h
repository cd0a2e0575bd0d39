/* forms.h — the table of instruction forms the random tester draws from.
 *
 * A form is one opcode with its operand shapes, what it does to the flags
 * and x87 condition codes, and the CPUID feature it needs.  Most forms are
 * encoded by the generic generator (gen_generic) from these fields; forms
 * that need set-up (a bounded shift count, a divisor, a REP count, a
 * branch target) or have odd operands have their own generator. */
#ifndef TERN_DIFFTEST_FORMS_H
#define TERN_DIFFTEST_FORMS_H

#include "encode.h"

typedef struct Form Form;
typedef void GenFn(Gen *g, const Form *f);

/* operand sizes (bit n: 1 << n bytes) */
#define SZ_B 1
#define SZ_W 2
#define SZ_L 4
#define SZ_Q 8
#define SZ_WLQ (SZ_W | SZ_L | SZ_Q)
#define SZ_ALL (SZ_B | SZ_WLQ)
#define SZ_LQ (SZ_L | SZ_Q)

/* ModRM.reg operand kinds */
enum { RK_DIGIT, RK_GPR, RK_XMM, RK_MMX };
/* ModRM.rm operand kinds */
enum {
    MK_NONE, /* no ModRM */
    MK_RM,   /* GPR of the operand size or memory */
    MK_R,    /* GPR only */
    MK_M,    /* memory only */
    MK_XM,   /* XMM or memory */
    MK_X,    /* XMM only */
    MK_MMM,  /* MMX or memory */
    MK_GM,   /* 32/64-bit GPR (by REX.W) or memory of memsz */
};
/* immediates */
enum { IMM_NONE, IMM_B, IMM_W, IMM_Z, IMM_SHIFT, IMM_CMP, IMM_ROUND };

struct Form {
    const char *name;
    GenFn *gen;
    uint8_t sizes;
    uint8_t pfx, map, op8, op;
    int8_t digit;
    uint8_t regk, rmk, imm;
    uint8_t memsz, align;
    uint16_t fin, fdef, fundef;
    uint16_t fsw_def, fsw_undef;
    uint8_t feat;
    int extra;
};

/* flag effects */
#define F_ALL FL_ARITH
#define F_LOGIC_DEF (FL_ARITH & ~FL_AF)
#define F_INC (FL_ARITH & ~FL_CF)
#define F_MULDEF (FL_CF | FL_OF)
#define F_MULUNDEF (FL_PF | FL_AF | FL_ZF | FL_SF)

GenFn gen_generic;

/* the families (forms_int.c, forms_fp.c): tables and their sizes */
extern const Form int_forms[], fp_forms[];
extern const int int_forms_n, fp_forms_n;

/* shared helpers for the families (generate.c) */
uint64_t random_imm(Gen *g, int size);
int pick_size(Gen *g, uint8_t sizes);
void item_flags(Item *it, uint16_t in, uint16_t def, uint16_t undef);
/* Unmask SSE underflow in random MXCSR values too (off by default: tern
 * flags PE on exact tiny results when underflow is unmasked, a known
 * difference) */
extern bool gen_unmask_underflow;
/* x87 condition codes undefined where the form being generated goes */
extern uint16_t gen_fsw_undef;
/* Set up the flags a flag reader needs (the generator calls it). */
void gen_definer(Gen *g);

#endif

/* x87_run.h — consecutive x87 instructions run by one helper call.
 *
 * translate_x87.c describes each instruction that may join a run (a
 * register form, or a load from memory as the first member) and gets back
 * an immutable run descriptor, shared by every block with the same
 * instructions.  The run's helper executes the members on the host's x87
 * in one go (the guest's own instruction bytes), reading the status word
 * once; when the guest's stack would overflow or underflow it runs them
 * one by one through their ordinary helpers instead. */
#ifndef TERN_TARGET_X86_X87_RUN_H
#define TERN_TARGET_X86_X87_RUN_H

#include <stdint.h>

#include "target/x86/cpu.h"

/* An instruction run alone: helper(env, args[0..nargs-1]). */
typedef struct X87Call {
    void *fn;
    uint8_t nargs; /* 0..3 */
    uint32_t args[3];
} X87Call;

/* What a member loads from memory (the translator puts the value in
 * env->ft0 before the run's call): nothing, or the format of fld/fild. */
enum { X87_RUN_NO_LOAD, X87_RUN_F32, X87_RUN_F64, X87_RUN_F80, X87_RUN_I16, X87_RUN_I32, X87_RUN_I64 };

typedef struct X87Member {
    uint8_t opcode; /* D8..DF */
    uint8_t modrm;  /* register forms: the ModRM byte; loads: only the reg field counts */
    uint8_t load;   /* X87_RUN_* */
    bool eflags;    /* fcomi and friends: alone.fn returns ZF/PF/CF */
    X87Call alone;  /* register forms: how it runs without the run */
} X87Member;

typedef struct X87Run X87Run;

/* The run of m alone, or NULL (not a member, or no room left). */
const X87Run *x87_run_start(const X87Member *m);
/* Run r followed by m, or NULL if m cannot follow (it would touch a
 * register the run has emptied, the run is full, ...).  A load joins only
 * as the first member. */
const X87Run *x87_run_extend(const X87Run *r, const X87Member *m);

/* Execute the run; pc and fop are those of its last member (the last
 * instruction the x87 records).  Returns the EFLAGS bits ZF, PF and CF
 * the run's last fcomi-like member sets (0 if it has none). */
uint64_t helper_x87_run(CPUX86State *env, const X87Run *run, uint64_t pc, uint32_t fop);

#endif

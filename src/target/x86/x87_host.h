/* x87_host.h — where the guest's x87 state lives: in the host's x87.
 *
 * Guest and host are both x86-64, so while generated code runs the host's
 * x87 unit holds exactly the guest's (registers, TOP, tags, status and
 * control words) and each guest x87 instruction runs as itself, bit-exact
 * by construction.  env keeps the image while C code owns the state:
 * after cpu_exec, which moves it there on leaving, and around the helpers
 * that read or write the image (environment images, fxsave/fxrstor, MMX,
 * fldcw), which store the host's state to env first and load it back
 * after.  Those helpers also run outside cpu_exec (the signal frames'
 * fxsave/fxrstor) and leave the state on the host there too, x87_in_host
 * set, until the next cpu_exec runs on it.  Blocks with x87
 * code load it on their first x87 instruction if the host does not hold
 * it yet (x87_in_host clear), so that code without x87 instructions never
 * pays for the moves.  The guest's last
 * instruction and data pointers (fpip, fpdp, fpop) always stay in env,
 * written by generated code: the host's would name host addresses.
 *
 * This holds while every guest exception is masked (HF_X87_NONDEF clear).
 * A control word that unmasks one puts the state in env, and each x87
 * instruction goes through its helper (fpu_helper.c), which reproduces
 * the hardware's unmasked responses and #MF. */
#ifndef TERN_TARGET_X86_X87_HOST_H
#define TERN_TARGET_X86_X87_HOST_H

#include "target/x86/cpu.h"

/* The 512-byte fxsave area (SDM Vol. 1 10.5.1): control/status words,
 * abridged tags, last instruction/operand pointers, MXCSR, the eight x87
 * registers in stack order, then the sixteen xmm registers. */
enum {
    FXAREA_FCW = 0, FXAREA_FSW = 2, FXAREA_FTW = 4, FXAREA_FOP = 6, FXAREA_FIP = 8, FXAREA_FDP = 16,
    FXAREA_MXCSR = 24, FXAREA_MXCSR_MASK = 28, FXAREA_ST = 32, FXAREA_XMM = 160, FXAREA_SIZE = 512,
};

/* env's control and status words, tags and registers into an fxsave
 * area (the other bytes are left as they are), and back */
void x87_env_to_fx(const CPUX86State *env, uint8_t *fx);
void x87_env_from_fx(CPUX86State *env, const uint8_t *fx);

/* env's image onto the host's x87, if the mode runs x87 code on the host
 * and the host does not hold it yet */
void x87_state_to_host(CPUX86State *env);
/* the host's x87 state into env, if the host holds it; the host's x87 is
 * left initialized (fninit), as C code expects it */
void x87_state_to_env(CPUX86State *env);
/* A fault signal interrupted code that ran while the host held the state,
 * and the kernel runs the handler with an initialized FPU, restoring the
 * interrupted one only at sigreturn: put it back from the signal
 * context's FPU image (fxsave layout, with the kernel's xsave header
 * after it) before anything may jump out of the handler. */
void x87_state_from_signal(const CPUX86State *env, const void *fpregs);

/* the same as helpers for generated code */
void helper_x87_to_env(CPUX86State *env);
void helper_x87_to_host(CPUX86State *env);

#endif

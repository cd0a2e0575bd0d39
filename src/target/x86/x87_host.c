/* x87_host.c — moving the guest's x87 state between env and the host's
 * x87 (x87_host.h says when).
 *
 * fxsave/fxrstor move it: they are the fastest whole-state transfers that
 * every host (and valgrind) has, and their image is also the one the
 * kernel puts in a signal context, which can thus go back to the host as
 * it is.  They
 * move MXCSR and the xmm registers too: the image carries the host's
 * current MXCSR, and the xmm registers are free here (C code keeps
 * nothing in them across these calls, generated code reloads them after
 * every call). */
#include "target/x86/x87_host.h"

#include <string.h>

#include "target/x86/fpu_helper.h"

/* the kernel's signal-context additions: its magic number in the software
 * bytes, and the xsave header's XSTATE_BV after the image */
enum { FX_SW_MAGIC = 464, XSAVE_XSTATE_BV = 512 };
#define FP_XSTATE_MAGIC1 0x46505853u
#define FPUS_TOP_BITS (7u << FPUS_TOP_SHIFT)

typedef struct FxImage {
    _Alignas(16) uint8_t b[FXAREA_SIZE];
} FxImage;

void x87_env_to_fx(const CPUX86State *env, uint8_t *fx)
{
    uint16_t sw = (uint16_t)((env->fpus & ~FPUS_TOP_BITS) | ((env->fpstt & 7) << FPUS_TOP_SHIFT));
    uint8_t ftw = 0;
    for (int p = 0; p < 8; p++)
        ftw |= (uint8_t)(!env->fptags[p] << p);
    memcpy(fx + FXAREA_FCW, &env->fpuc, 2);
    memcpy(fx + FXAREA_FSW, &sw, 2);
    fx[FXAREA_FTW] = ftw;
    for (uint32_t i = 0; i < 8; i++)
        memcpy(fx + FXAREA_ST + 16 * i, &env->fpregs[(env->fpstt + i) & 7], 10);
}

void x87_env_from_fx(CPUX86State *env, const uint8_t *fx)
{
    uint16_t sw;
    memcpy(&env->fpuc, fx + FXAREA_FCW, 2);
    memcpy(&sw, fx + FXAREA_FSW, 2);
    env->fpus = sw & ~FPUS_TOP_BITS;
    env->fpstt = (sw >> FPUS_TOP_SHIFT) & 7;
    for (int p = 0; p < 8; p++)
        env->fptags[p] = !((fx[FXAREA_FTW] >> p) & 1);
    for (uint32_t i = 0; i < 8; i++) {
        FPReg *r = &env->fpregs[(env->fpstt + i) & 7];
        memset(r, 0, sizeof(*r));
        memcpy(r, fx + FXAREA_ST + 16 * i, 10);
    }
}

/* the image onto the host's x87, under the host's current MXCSR */
static void load_image(FxImage *img)
{
    __asm__ volatile("stmxcsr %0" : "=m"(*(uint32_t *)(img->b + FXAREA_MXCSR)));
    __asm__ volatile("fxrstor64 %0"
                     : : "m"(*img)
                     : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9",
                       "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
}

void x87_state_to_host(CPUX86State *env)
{
    if (env->x87_in_host || (env->hflags & HF_X87_NONDEF))
        return;
    FxImage img = { { 0 } };
    x87_env_to_fx(env, img.b);
    load_image(&img);
    env->x87_in_host = true;
}

void x87_state_to_env(CPUX86State *env)
{
    if (!env->x87_in_host)
        return;
    FxImage img;
    __asm__ volatile("fxsave64 %0\n\tfninit" : "=m"(img));
    x87_env_from_fx(env, img.b);
    env->x87_in_host = false;
}

/* The kernel writes the image with xsave, which leaves the x87 part
 * unwritten when the state is the initial one (XSTATE_BV bit 0 clear). */
static bool x87_in_initial_state(const uint8_t *b)
{
    uint32_t magic;
    uint64_t xstate_bv;
    memcpy(&magic, b + FX_SW_MAGIC, 4);
    if (magic != FP_XSTATE_MAGIC1)
        return false;
    memcpy(&xstate_bv, b + XSAVE_XSTATE_BV, 8);
    return !(xstate_bv & 1);
}

/* The handler's MXCSR stays (signal.c decides about it). */
void x87_state_from_signal(const CPUX86State *env, const void *fpregs)
{
    if (!env->x87_in_host || !fpregs)
        return;
    if (x87_in_initial_state(fpregs)) {
        __asm__ volatile("fninit");
        return;
    }
    FxImage img;
    memcpy(img.b, fpregs, FXAREA_SIZE);
    load_image(&img);
}

void helper_x87_to_env(CPUX86State *env) { x87_state_to_env(env); }

void helper_x87_to_host(CPUX86State *env) { x87_state_to_host(env); }

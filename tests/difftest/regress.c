/* regress.c — the reproducers of the bugs the random tester found, kept
 * as fixed cases: fixed bytes, random states with the fields that
 * trigger the bug forced, run natively and through tern like any test. */
#include <string.h>

#include "regress.h"

static void set_fx16(MachineState *st, int off, uint16_t v) { memcpy(st->fx + off, &v, 2); }
static void set_fx32(MachineState *st, int off, uint32_t v) { memcpy(st->fx + off, &v, 4); }
static void set_xmm(MachineState *st, int r, uint64_t hi, uint64_t lo)
{
    memcpy(st->fx + FX_XMM(r), &lo, 8);
    memcpy(st->fx + FX_XMM(r) + 8, &hi, 8);
}

/* TOP 0, ST(2) empty, the push slot (physical 7) full */
static void empty_source_full_slot(MachineState *st, uint8_t *data)
{
    (void)data;
    set_fx16(st, FX_FCW, 0x037f);
    set_fx16(st, FX_FSW, 0x0200);
    st->fx[FX_FTW] = 0x82;
}

/* an unmasked invalid operation pending (IE and ES set, IM clear) */
static void pending_x87(MachineState *st, uint8_t *data)
{
    (void)data;
    set_fx16(st, FX_FCW, 0x037e);
    set_fx16(st, FX_FSW, 0x8081);
}

static void masked_x87(MachineState *st, uint8_t *data)
{
    (void)data;
    set_fx16(st, FX_FCW, 0x037f);
    set_fx16(st, FX_FSW, 0);
}

/* sqrtps of a denormal and a negative lane with IE/DE unmasked */
static void sqrt_unmasked(MachineState *st, uint8_t *data)
{
    (void)data;
    set_fx32(st, FX_MXCSR, 0x5214);
    set_xmm(st, 12, 0x00000000270c6324ull, 0xae525f6f000c5138ull);
}

/* haddps of denormals and zeros (exact tiny sums) with UE unmasked */
static void hadd_tiny_unmasked(MachineState *st, uint8_t *data)
{
    set_fx32(st, FX_MXCSR, 0x71b7);
    set_xmm(st, 12, 0x00000000000000ffull, 0x00000000000e3233ull);
    memset(data + (BASE_VALUE - DATA_ADDR) - 0x40, 0, 16);
}

/* 1 + 1e-30 in the default mode: PE pending in the host MXCSR */
static void inexact_default_mode(MachineState *st, uint8_t *data)
{
    (void)data;
    set_fx32(st, FX_MXCSR, 0x1f80);
    set_xmm(st, 0, 0, 0x3f8000003f800000ull);
    set_xmm(st, 1, 0, 0x0daf61720daf6172ull);
}

static void zero_rcx_sometimes(MachineState *st, uint8_t *data)
{
    (void)data;
    if (st->gpr[1] & 1)
        st->gpr[1] = 0;
}

#define B(...) { __VA_ARGS__ }, sizeof((uint8_t[]){ __VA_ARGS__ })
static const RegressCase cases[] = {
    /* fld st(i) from an empty register: underflow (C1 = 0) even when the push overflows */
    { "fld_empty_into_full", B(0xd9, 0xc2), 0, 0, empty_source_full_slot },
    /* fnop, fwait, emms and MMX instructions raise a pending #MF */
    { "fnop_pending", B(0xd9, 0xd0), 0, 0, pending_x87 },
    { "fwait_pending", B(0x9b), 0, 0, pending_x87 },
    { "emms_pending", B(0x0f, 0x77), 0, 0, pending_x87 },
    { "paddb_mmx_pending", B(0x0f, 0xfc, 0xc1), 0, 0, pending_x87 },
    /* a pending #MF comes before the page fault of a memory operand (fstp m64 into the guard page) */
    { "fstp_pending_before_page_fault", B(0x41, 0xdd, 0x9f, 0x00, 0x10, 0x00, 0x00), 0, 0, pending_x87 },
    /* fcmov: #MF before its flags are computed (the cmp's flags survive) */
    { "fcmov_pending_flags", B(0x48, 0x39, 0xc8, 0xda, 0xc1), 0, 0, pending_x87 },
    { "fcmov_masked", B(0x48, 0x39, 0xc8, 0xda, 0xc1, 0xdb, 0xd2), 0, 0, masked_x87 },
    /* fisttp needs SSE3; tzcnt without BMI1 is bsf */
    { "fisttp_without_sse3", B(0x41, 0xdf, 0x4f, 0x10), FEAT_SSE3, 0, masked_x87 },
    { "tzcnt_without_bmi1", B(0xf3, 0x48, 0x0f, 0xbc, 0xc1), FEAT_BMI1, 1, zero_rcx_sometimes },
    /* SSE exceptions: no PE after an unmasked pre-computation exception;
     * unmasked underflow on exact tiny results; flags pending in the host
     * MXCSR survive a fault taken through a host signal */
    { "sqrtps_unmasked_invalid", B(0x41, 0x0f, 0x51, 0xf4), 0, 0, sqrt_unmasked },
    { "haddps_unmasked_tiny", B(0xf2, 0x45, 0x0f, 0x7c, 0x67, 0xc0), 0, 0, hadd_tiny_unmasked },
    { "addps_pending_flags_at_fault", B(0x0f, 0x58, 0xc1, 0x49, 0x8b, 0x87, 0x00, 0x10, 0x00, 0x00), 0, 0,
      inexact_default_mode }, /* then mov (%r15 + 0x1000), %rax: the guard page */
    /* encodings that are #UD: F3 overriding 66 on a shift group, movnti
     * with 66, movbe with F3, rorx with VEX.vvvv != 1111b */
    { "psrld_imm_f3_66", B(0xf3, 0x66, 0x0f, 0x72, 0xd6, 0x03), 0, 0, NULL },
    { "movnti_66", B(0x66, 0x49, 0x0f, 0xc3, 0x07), 0, 0, NULL },
    { "movbe_f3", B(0xf3, 0x49, 0x0f, 0x38, 0xf0, 0x07), 0, 0, NULL },
    { "rorx_vvvv", B(0xc4, 0xe3, 0x73, 0xf0, 0xd9, 0x05), 0, 0, NULL },
};

const RegressCase *regress_cases(int *n)
{
    *n = (int)(sizeof(cases) / sizeof(cases[0]));
    return cases;
}

void regress_sequence(const RegressCase *c, Sequence *seq, bool disable_feature)
{
    memset(seq, 0, sizeof(*seq));
    Item *it = &seq->items[0];
    memcpy(it->bytes, c->bytes, c->len);
    it->len = (uint8_t)c->len;
    it->feat = (uint8_t)c->feat;
    it->lz_tz = (uint8_t)c->lz_tz;
    it->fl_def = FL_ARITH; /* what each case leaves undefined is compared anyway: */
    it->fl_undef = c->lz_tz ? FL_OF | FL_SF | FL_AF | FL_PF : 0; /* (bsf/tzcnt: the rest) */
    it->fsw_undef = FSW_C0 | FSW_C2 | FSW_C3;
    it->name = c->name;
    seq->n = 1;
    seq->disabled_feat = disable_feature ? c->feat : 0;
}

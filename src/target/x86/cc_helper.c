/* cc_helper.c — the lazy flags' slow path: the arithmetic EFLAGS bits of
 * any (cc_op, cc_dst, cc_src, cc_src2) state, and the full EFLAGS value
 * of a CPU in both directions.
 *
 * Generated code answers most conditions without coming here (see
 * gen_prepare_cc); this is the general fallback and the reference for
 * what each CCOp kind means.  Values are masked to the operand size here,
 * so a state is valid whatever was left in the high bits. */
#include "target/x86/cpu.h"
#include "target/x86/translate_int.h"

static uint64_t parity_flag(uint64_t v)
{
    return __builtin_parity((unsigned)(v & 0xff)) ? 0 : CC_P;
}

static uint64_t flag_if(bool cond, uint64_t bit) { return cond ? bit : 0; }

/* CF, AF and OF of dst = a + b (+ carry) or dst = a - b (- carry) */
static uint64_t add_flags(uint64_t a, uint64_t b, uint64_t dst, bool cf, uint64_t sign)
{
    return flag_if(cf, CC_C) | ((a ^ b ^ dst) & CC_A) |
           flag_if((~(a ^ b) & (a ^ dst) & sign) != 0, CC_O);
}

static uint64_t sub_flags(uint64_t a, uint64_t b, uint64_t dst, bool cf, uint64_t sign)
{
    return flag_if(cf, CC_C) | ((a ^ b ^ dst) & CC_A) |
           flag_if(((a ^ b) & (a ^ dst) & sign) != 0, CC_O);
}

uint64_t helper_cc_compute_all(uint64_t dst, uint64_t src, uint64_t src2, uint32_t op)
{
    if (op == CC_OP_EFLAGS)
        return src & CC_ALL;
    if (op == CC_OP_CLR)
        return CC_Z | CC_P;
    if (op < CC_OP_ADDB || op >= CC_OP_CLR)
        return 0;
    MemOp ot = (MemOp)((op - CC_OP_ADDB) & 3);
    unsigned bits = ot_bits(ot);
    uint64_t mask = ot_mask(ot), sign = ot_sign(ot);
    uint64_t src_raw = src;  /* MUL: any nonzero bit means overflow */
    dst &= mask;
    src &= mask;
    uint64_t c = src2 & 1;
    uint64_t f = flag_if(dst == 0, CC_Z) | flag_if(dst & sign, CC_S) | parity_flag(dst);
    uint64_t a;
    switch ((op - CC_OP_ADDB) >> 2) {
    case 0: /* ADD */
        a = (dst - src) & mask;
        return f | add_flags(a, src, dst, dst < src, sign);
    case 1: /* ADC */
        a = (dst - src - c) & mask;
        return f | add_flags(a, src, dst, c ? dst <= src : dst < src, sign);
    case 2: /* SUB */
        a = (dst + src) & mask;
        return f | sub_flags(a, src, dst, a < src, sign);
    case 3: /* SBB */
        a = (dst + src + c) & mask;
        return f | sub_flags(a, src, dst, c ? a <= src : a < src, sign);
    case 4: /* LOGIC */
        return f;
    case 5: /* INC */
        a = (dst - 1) & mask;
        return f | (src & CC_C) | ((a ^ 1 ^ dst) & CC_A) | flag_if(dst == sign, CC_O);
    case 6: /* DEC */
        a = (dst + 1) & mask;
        return f | (src & CC_C) | ((a ^ 1 ^ dst) & CC_A) | flag_if(dst == sign - 1, CC_O);
    case 7: /* SHL */
        return f | ((src >> (bits - 1)) & CC_C) | flag_if(((src ^ dst) & sign) != 0, CC_O);
    case 8: /* SAR (and SHR) */
        return f | (src & CC_C) | flag_if(((src ^ dst) & sign) != 0, CC_O);
    case 9: /* MUL */
        return f | flag_if(src_raw != 0, CC_C | CC_O);
    default: /* BMILG */
        return f | flag_if(src == 0, CC_C);
    }
}

uint64_t x86_get_eflags(const CPUX86State *env)
{
    uint64_t f = env->eflags & ~(uint64_t)(CC_ALL | DF_MASK);
    f |= helper_cc_compute_all(env->cc_dst, env->cc_src, env->cc_src2, env->cc_op);
    if (env->df < 0)
        f |= DF_MASK;
    return f | 2;
}

void x86_set_eflags(CPUX86State *env, uint64_t eflags, uint64_t update_mask)
{
    uint64_t f = (x86_get_eflags(env) & ~update_mask) | (eflags & update_mask);
    env->cc_src = f & CC_ALL;
    env->cc_op = CC_OP_EFLAGS;
    env->df = (f & DF_MASK) ? -1 : 1;
    env->eflags = (f & ~(uint64_t)CC_ALL) | 2;
}

/* pushf: RF and VM read as 0 */
uint64_t helper_read_eflags(CPUX86State *env)
{
    return x86_get_eflags(env) & ~0x30000ull;
}

void helper_write_eflags(CPUX86State *env, uint64_t val, uint64_t mask)
{
    x86_set_eflags(env, val, mask);
}

/* int_helper.c — integer helpers called from generated code: exceptions,
 * div/idiv (with #DE), rcl/rcr, cmpxchg16b, cpuid, rdtsc/rdtscp.
 *
 * A helper that can fault takes GETPC() at its own level so the cpu loop
 * can unwind to the exact guest instruction (rip and cc_op from the
 * instruction's insn_start).  Helpers that touch guest memory directly
 * (user mode: g2h) hold helper_retaddr around the access for the same. */
#include <string.h>
#include <x86intrin.h>

#include "exec/exec.h"
#include "target/x86/translate_int.h"

void helper_raise_exception(CPUX86State *env, uint64_t excp)
{
    x86_raise_exception(env, (int)excp, GETPC());
}

void helper_raise_exception_at(CPUX86State *env, uint64_t excp)
{
    x86_raise_exception(env, (int)excp, 0);
}

void helper_raise_code_fault(CPUX86State *env, uint64_t addr)
{
    env->exception_addr = addr;
    env->exception_is_write = 0;
    /* user-mode instruction fetch */
    x86_raise_exception_err(env, EXCP0E_PAGE, 0x14, 0);
}

/* ---- division ---- */

#define DIVIDE_ERROR(env) x86_raise_exception((env), EXCP00_DIVZ, GETPC())

static void set_low(CPUX86State *env, int reg, unsigned bits, uint64_t v)
{
    uint64_t mask = (1ull << bits) - 1;
    env->regs[reg] = (env->regs[reg] & ~mask) | (v & mask);
}

void helper_divb(CPUX86State *env, uint64_t d)
{
    uint32_t num = (uint16_t)env->regs[R_EAX];
    d &= 0xff;
    if (d == 0 || num / d > 0xff)
        DIVIDE_ERROR(env);
    set_low(env, R_EAX, 16, ((num % d) << 8) | (num / d));
}

void helper_divw(CPUX86State *env, uint64_t d)
{
    uint32_t num = ((uint32_t)(uint16_t)env->regs[R_EDX] << 16) | (uint16_t)env->regs[R_EAX];
    d &= 0xffff;
    if (d == 0 || num / d > 0xffff)
        DIVIDE_ERROR(env);
    set_low(env, R_EAX, 16, num / d);
    set_low(env, R_EDX, 16, num % d);
}

void helper_divl(CPUX86State *env, uint64_t d)
{
    uint64_t num = (env->regs[R_EDX] << 32) | (uint32_t)env->regs[R_EAX];
    d &= 0xffffffff;
    if (d == 0 || num / d > 0xffffffff)
        DIVIDE_ERROR(env);
    env->regs[R_EAX] = num / d;
    env->regs[R_EDX] = num % d;
}

void helper_divq(CPUX86State *env, uint64_t d)
{
    if (d == 0 || env->regs[R_EDX] >= d)
        DIVIDE_ERROR(env);
    if (env->regs[R_EDX] == 0) {
        uint64_t n = env->regs[R_EAX];
        env->regs[R_EAX] = n / d;
        env->regs[R_EDX] = n % d;
        return;
    }
    unsigned __int128 num = ((unsigned __int128)env->regs[R_EDX] << 64) | env->regs[R_EAX];
    env->regs[R_EAX] = (uint64_t)(num / d);
    env->regs[R_EDX] = (uint64_t)(num % d);
}

void helper_idivb(CPUX86State *env, uint64_t d)
{
    int32_t num = (int16_t)env->regs[R_EAX];
    int32_t den = (int8_t)d;
    if (den == 0 || num / den != (int8_t)(num / den))
        DIVIDE_ERROR(env);
    set_low(env, R_EAX, 16, ((uint32_t)(uint8_t)(num % den) << 8) | (uint8_t)(num / den));
}

void helper_idivw(CPUX86State *env, uint64_t d)
{
    int64_t num = (int32_t)(((uint32_t)(uint16_t)env->regs[R_EDX] << 16) | (uint16_t)env->regs[R_EAX]);
    int64_t den = (int16_t)d;
    if (den == 0 || num / den != (int16_t)(num / den))
        DIVIDE_ERROR(env);
    set_low(env, R_EAX, 16, (uint64_t)(num / den));
    set_low(env, R_EDX, 16, (uint64_t)(num % den));
}

void helper_idivl(CPUX86State *env, uint64_t d)
{
    int64_t num = (int64_t)((env->regs[R_EDX] << 32) | (uint32_t)env->regs[R_EAX]);
    int64_t den = (int32_t)d;
    /* INT64_MIN / -1 would overflow C: its quotient does not fit anyway */
    if (den == 0 || (den == -1 && num == INT64_MIN) || num / den != (int32_t)(num / den))
        DIVIDE_ERROR(env);
    env->regs[R_EAX] = (uint32_t)(num / den);
    env->regs[R_EDX] = (uint32_t)(num % den);
}

void helper_idivq(CPUX86State *env, uint64_t d)
{
    int64_t den = (int64_t)d;
    int64_t lo = (int64_t)env->regs[R_EAX];
    if (den == 0)
        DIVIDE_ERROR(env);
    if ((int64_t)env->regs[R_EDX] == lo >> 63) {
        /* a 64-bit dividend: the host's division, short of INT64_MIN / -1 */
        if (den == -1 && lo == INT64_MIN)
            DIVIDE_ERROR(env);
        env->regs[R_EAX] = (uint64_t)(lo / den);
        env->regs[R_EDX] = (uint64_t)(lo % den);
        return;
    }
    __int128 num = (__int128)(((unsigned __int128)env->regs[R_EDX] << 64) | env->regs[R_EAX]);
    /* |quotient| must fit: checked without overflowing the division itself */
    bool neg = (num < 0) != (den < 0);
    unsigned __int128 un = num < 0 ? -(unsigned __int128)num : (unsigned __int128)num;
    unsigned __int128 ud = den < 0 ? -(unsigned __int128)den : (unsigned __int128)den;
    unsigned __int128 uq = un / ud, ur = un % ud;
    if (uq > (neg ? (unsigned __int128)1 << 63 : ((unsigned __int128)1 << 63) - 1))
        DIVIDE_ERROR(env);
    env->regs[R_EAX] = neg ? -(uint64_t)uq : (uint64_t)uq;
    env->regs[R_EDX] = num < 0 ? -(uint64_t)ur : (uint64_t)ur;
}

/* ---- rcl / rcr ---- */

uint64_t helper_rotc(uint64_t val, uint64_t count, uint64_t flags, uint64_t how)
{
    MemOp ot = (MemOp)(how & 3);
    bool right = how & 4, want_flags = how & 8;
    unsigned bits = ot_bits(ot), n = bits + 1;
    uint64_t mask = ot_mask(ot);
    unsigned c = (unsigned)(count & (ot == MO_64 ? 63 : 31));
    if (ot == MO_8)
        c %= 9;
    else if (ot == MO_16)
        c %= 17;
    if (c == 0)
        return want_flags ? flags : val;
    unsigned __int128 nmask = ((unsigned __int128)1 << n) - 1;
    unsigned __int128 x = ((unsigned __int128)(flags & CC_C) << bits) | (val & mask);
    if (right)
        x = ((x >> c) | (x << (n - c))) & nmask;
    else
        x = ((x << c) | (x >> (n - c))) & nmask;
    uint64_t res = (uint64_t)x & mask;
    if (!want_flags)
        return res;
    uint64_t cf = (uint64_t)(x >> bits) & 1;
    uint64_t msb = (res >> (bits - 1)) & 1;
    uint64_t of = right ? msb ^ ((res >> (bits - 2)) & 1) : msb ^ cf;
    return (flags & ~(uint64_t)(CC_C | CC_O)) | cf | (of << 11);
}

/* ---- cmpxchg16b ---- */

void helper_cmpxchg16b(CPUX86State *env, uint64_t addr)
{
    uintptr_t ra = GETPC();
    if (addr & 15)
        x86_raise_exception_err(env, EXCP0D_GPF, 0, ra);
    uint64_t lo = env->regs[R_EAX], hi = env->regs[R_EDX];
    uint64_t nlo = env->regs[R_EBX], nhi = env->regs[R_ECX];
    bool eq;
    helper_retaddr = ra;
    __asm__ volatile("lock cmpxchg16b %1"
                     : "=@ccz"(eq), "+m"(*(unsigned __int128 *)g2h(addr)), "+a"(lo), "+d"(hi)
                     : "b"(nlo), "c"(nhi)
                     : "memory");
    helper_retaddr = 0;
    uint64_t f = helper_cc_compute_all(env->cc_dst, env->cc_src, env->cc_src2, env->cc_op);
    env->cc_src = (f & ~(uint64_t)CC_Z) | (eq ? CC_Z : 0);
    env->cc_op = CC_OP_EFLAGS;
    env->regs[R_EAX] = lo;
    env->regs[R_EDX] = hi;
}

/* ---- pdep / pext (BMI2) ---- */

uint64_t helper_pdep(uint64_t src, uint64_t mask)
{
    uint64_t r = 0;
    for (uint64_t bit = 1; mask; bit <<= 1) {
        uint64_t low = mask & -mask;
        if (src & bit)
            r |= low;
        mask &= mask - 1;
    }
    return r;
}

uint64_t helper_pext(uint64_t src, uint64_t mask)
{
    uint64_t r = 0;
    for (uint64_t bit = 1; mask; bit <<= 1) {
        uint64_t low = mask & -mask;
        if (src & low)
            r |= bit;
        mask &= mask - 1;
    }
    return r;
}

/* ---- cpuid, time stamp counter ---- */

static void cpuid_cache_leaf4(uint32_t sub, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
{
    /* L1d 32K/8, L1i 32K/8, L2 1M/16, L3 16M/16, 64-byte lines */
    static const uint32_t leaf4[4][3] = {
        { 0x121, (7u << 22) | 63, 63 },
        { 0x122, (7u << 22) | 63, 63 },
        { 0x143, (15u << 22) | 63, 1023 },
        { 0x163, (15u << 22) | 63, 16383 },
    };
    *d = 0;
    if (sub >= 4) {
        *a = *b = *c = 0;
        return;
    }
    *a = leaf4[sub][0];
    *b = leaf4[sub][1];
    *c = leaf4[sub][2];
}

static uint32_t str4(const char *p)
{
    return (uint32_t)(uint8_t)p[0] | ((uint32_t)(uint8_t)p[1] << 8) |
           ((uint32_t)(uint8_t)p[2] << 16) | ((uint32_t)(uint8_t)p[3] << 24);
}

static void cpuid_vendor(CPUX86State *env, uint32_t *b, uint32_t *c, uint32_t *d)
{
    *b = str4(env->cpuid_vendor);
    *d = str4(env->cpuid_vendor + 4);
    *c = str4(env->cpuid_vendor + 8);
}

void helper_cpuid(CPUX86State *env)
{
    uint32_t leaf = (uint32_t)env->regs[R_EAX], sub = (uint32_t)env->regs[R_ECX];
    uint32_t a = 0, b = 0, c = 0, d = 0;
    switch (leaf) {
    case 0:
        a = 7;
        cpuid_vendor(env, &b, &c, &d);
        break;
    case 1:
        a = env->cpuid_version;
        b = (1u << 16) | (8u << 8); /* one logical CPU, clflush line 64 bytes */
        c = env->cpuid_ext_features;
        d = env->cpuid_features;
        break;
    case 2:
        a = 0x00ff0001;              /* descriptor 0xff: see leaf 4 */
        break;
    case 4:
        cpuid_cache_leaf4(sub, &a, &b, &c, &d);
        break;
    case 7:
        if (sub == 0)
            b = env->cpuid_7_ebx;
        break;
    case 0x80000000:
        a = 0x80000008;
        cpuid_vendor(env, &b, &c, &d);
        break;
    case 0x80000001:
        c = env->cpuid_ext3_features;
        d = env->cpuid_ext2_features;
        break;
    case 0x80000002: case 0x80000003: case 0x80000004: {
        const char *m = env->cpuid_model_id + (leaf - 0x80000002) * 16;
        a = str4(m);
        b = str4(m + 4);
        c = str4(m + 8);
        d = str4(m + 12);
        break;
    }
    case 0x80000006:
        c = (1024u << 16) | (6u << 12) | 64;
        break;
    case 0x80000008:
        a = 0x3028;                  /* 40-bit physical, 48-bit virtual */
        break;
    default:
        break;
    }
    env->regs[R_EAX] = a;
    env->regs[R_EBX] = b;
    env->regs[R_ECX] = c;
    env->regs[R_EDX] = d;
}

void helper_rdtsc(CPUX86State *env)
{
    uint64_t t = __rdtsc();
    env->regs[R_EAX] = (uint32_t)t;
    env->regs[R_EDX] = t >> 32;
}

void helper_rdtscp(CPUX86State *env)
{
    unsigned aux;
    uint64_t t = __rdtscp(&aux);
    env->regs[R_EAX] = (uint32_t)t;
    env->regs[R_EDX] = t >> 32;
    env->regs[R_ECX] = aux;
}

/* ---- rep movs / rep stos (64-bit addresses) ---- */

static uint64_t load_elem(CPUX86State *env, uint64_t addr, unsigned size, uintptr_t ra)
{
    switch (size) {
    case 1: return cpu_ldub_data_ra(env, addr, ra);
    case 2: return cpu_lduw_data_ra(env, addr, ra);
    case 4: return cpu_ldl_data_ra(env, addr, ra);
    default: return cpu_ldq_data_ra(env, addr, ra);
    }
}

static void store_elem(CPUX86State *env, uint64_t addr, uint64_t v, unsigned size, uintptr_t ra)
{
    switch (size) {
    case 1: cpu_stb_data_ra(env, addr, (uint8_t)v, ra); break;
    case 2: cpu_stw_data_ra(env, addr, (uint16_t)v, ra); break;
    case 4: cpu_stl_data_ra(env, addr, (uint32_t)v, ra); break;
    default: cpu_stq_data_ra(env, addr, v, ra); break;
    }
}

/* whole elements from addr to the end of its page (0: one straddles it) */
static uint64_t elems_in_page(uint64_t addr, unsigned size)
{
    return (GUEST_PAGE - (addr & (GUEST_PAGE - 1))) / size;
}

/* One element with the registers updated right after it: exact at a fault. */
static void movs_one(CPUX86State *env, uint64_t src_base, unsigned size, uintptr_t ra)
{
    int64_t step = (int64_t)env->df * size;
    uint64_t v = load_elem(env, env->regs[R_ESI] + src_base, size, ra);
    store_elem(env, env->regs[R_EDI], v, size, ra);
    env->regs[R_ESI] += (uint64_t)step;
    env->regs[R_EDI] += (uint64_t)step;
    env->regs[R_ECX]--;
}

/* A chunk never crosses a page of either operand, so a fault comes at its
 * first access to a page, before anything of the chunk is written: the
 * registers, updated per chunk, stay exact.  Stops early (rcx != 0) when
 * the vCPU is asked to leave; generated code then exits to the loop. */
void helper_rep_movs(CPUX86State *env, uint64_t ot, uint64_t src_base)
{
    uintptr_t ra = GETPC();
    unsigned size = 1u << ot;
    while (env->regs[R_ECX] != 0 && !env->exit_request) {
        uint64_t s = env->regs[R_ESI] + src_base, d = env->regs[R_EDI];
        uint64_t n = env->regs[R_ECX];
        uint64_t rs = elems_in_page(s, size), rd = elems_in_page(d, size);
        n = n < rs ? n : rs;
        n = n < rd ? n : rd;
        if (env->df < 0 || n == 0) {
            movs_one(env, src_base, size, ra);
            continue;
        }
        size_t bytes = (size_t)n * size;
        uint8_t *hs = g2h(s), *hd = g2h(d);
        helper_retaddr = ra;
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
        if (hd <= hs || hd >= hs + bytes) {
            memmove(hd, hs, bytes);     /* the same as element order here */
        } else {
            for (size_t i = 0; i < bytes; i += size) {
                uint64_t v;
                memcpy(&v, hs + i, size);
                memcpy(hd + i, &v, size);
            }
        }
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
        helper_retaddr = 0;
        env->regs[R_ESI] += bytes;
        env->regs[R_EDI] += bytes;
        env->regs[R_ECX] -= n;
    }
}

void helper_rep_stos(CPUX86State *env, uint64_t ot)
{
    uintptr_t ra = GETPC();
    unsigned size = 1u << ot;
    uint64_t v = env->regs[R_EAX];
    while (env->regs[R_ECX] != 0 && !env->exit_request) {
        uint64_t d = env->regs[R_EDI];
        uint64_t n = env->regs[R_ECX], rd = elems_in_page(d, size);
        n = n < rd ? n : rd;
        if (env->df < 0 || n == 0) {
            store_elem(env, d, v, size, ra);
            env->regs[R_EDI] += (uint64_t)((int64_t)env->df * size);
            env->regs[R_ECX]--;
            continue;
        }
        uint8_t *hd = g2h(d);
        helper_retaddr = ra;
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
        if (size == 1) {
            memset(hd, (int)(uint8_t)v, (size_t)n);
        } else {
            for (uint64_t i = 0; i < n; i++)
                memcpy(hd + i * size, &v, size);
        }
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
        helper_retaddr = 0;
        env->regs[R_EDI] += n * size;
        env->regs[R_ECX] -= n;
    }
}

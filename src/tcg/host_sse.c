/* host_sse.c — the host SSE instructions of host_sse.h from C: their
 * operand widths for the backend and the translator, and running them for
 * the IR interpreter (the reference the JIT is tested against).  The host
 * instruction itself computes, so results match the generated code bit
 * for bit under the same MXCSR. */
#include "tcg/host_sse.h"

#include <string.h>

typedef long long v2di __attribute__((vector_size(16)));

unsigned tcg_host_sse_imm8_prefix(uint32_t key)
{
    if (key & (TCG_HOST_SSE_HAS_IMM | TCG_HOST_SSE_REXW))
        return 0;
    switch ((key & 0xff) << 4 | (key >> 28 & 7)) {
#define IMM8(o, f, n, p) case (o) << 4 | (f): return (p);
        TCG_HOST_SSE_IMM8_OPS(IMM8)
#undef IMM8
    default: return 0;
    }
}

/* pshufd/pshufhw/pshuflw (0F 70), which write without reading */
static bool is_pshuf(uint32_t key)
{
    return tcg_host_sse_imm8_prefix(key) && (key & 0xff) == 0x70;
}

unsigned tcg_host_sse_widths(uint32_t key, TCGHostSSEKind kind)
{
    if (kind == TCG_HOST_SSE_ARITH && tcg_host_sse_imm8_prefix(key)) /* memory sources: pshuf* only */
        return key & TCG_HOST_SSE_MEM_S && !is_pshuf(key) ? 0 : 16 | 16 << 8;
#define WIDTHS(p, o, n, dw, sw) case TCG_HOST_SSE_KEY(p, o): return (dw) | (sw) << 8;
#define FROM_INT_WIDTHS(p, o, n, dw, sw) case TCG_HOST_SSE_KEY(p, o): return (dw) | (key & TCG_HOST_SSE_REXW ? 8 : (sw)) << 8;
    if (kind == TCG_HOST_SSE_GPR) {
        if ((key & TCG_HOST_SSE_KEY_MASK) == TCG_HOST_SSE_MOVD_TO_GPR && (key & TCG_HOST_SSE_MEM_S))
            return 0;
        switch (key & TCG_HOST_SSE_KEY_MASK) {
            TCG_HOST_SSE_TO_INT_OPS(WIDTHS)
        case TCG_HOST_SSE_STMXCSR: return 4 << 8;
        default: return 0;
        }
    }
    if (kind == TCG_HOST_SSE_FLAGS) {
        switch (key & TCG_HOST_SSE_KEY_MASK) {
            TCG_HOST_SSE_FLAG_OPS(WIDTHS)
        default: return 0;
        }
    }
    if (key & TCG_HOST_SSE_MEM_S) {
        switch (key & TCG_HOST_SSE_KEY_MASK) {
            TCG_HOST_SSE_FROM_INT_OPS(FROM_INT_WIDTHS)
            TCG_HOST_SSE_LOAD_OPS(FROM_INT_WIDTHS)
            TCG_HOST_SSE_STORE_OPS(WIDTHS)
        default: break;
        }
    }
    if (key & TCG_HOST_SSE_HAS_IMM) {
        switch (key & TCG_HOST_SSE_KEY_MASK) {
            TCG_HOST_SSE_IMM_OPS(WIDTHS)
        default: return 0;
        }
    }
    switch (key & TCG_HOST_SSE_KEY_MASK) {
        TCG_HOST_SSE_OPS(WIDTHS)
    default: return 0;
    }
#undef FROM_INT_WIDTHS
#undef WIDTHS
}

bool tcg_host_sse_is_store(uint32_t key)
{
    if ((key & (TCG_HOST_SSE_MEM_S | TCG_HOST_SSE_HAS_IMM | TCG_HOST_SSE_REXW)) != TCG_HOST_SSE_MEM_S)
        return false;
    switch (key & TCG_HOST_SSE_KEY_MASK) {
#define STORE(p, o, n, dw, sw) case TCG_HOST_SSE_KEY(p, o):
        TCG_HOST_SSE_STORE_OPS(STORE)
#undef STORE
        return true;
    default:
        return false;
    }
}

bool tcg_host_sse_is_copy(uint32_t key)
{
    if (is_pshuf(key))
        return true;
#define COPY(p, o, n, dw, sw) case TCG_HOST_SSE_KEY(p, o):
    if (key & TCG_HOST_SSE_MEM_S) {
        switch (key & TCG_HOST_SSE_KEY_MASK) {
            TCG_HOST_SSE_LOAD_OPS(COPY)
            return true;
        default:
            break;
        }
    }
    switch (key & TCG_HOST_SSE_KEY_MASK) {
        TCG_HOST_SSE_COPY_OPS(COPY)
        return true;
    default:
        return false;
    }
#undef COPY
}

/* the immediate must be encoded in the instruction: one case per value */
static v2di run_imm(uint32_t key, v2di a, v2di b)
{
#define IMM_CASE(n, i) case i: asm volatile(#n " %2, %1, %0" : "+x"(a) : "x"(b), "i"(i)); break;
#define IMM(p, o, n, dw, sw)                                                                 \
    case TCG_HOST_SSE_KEY(p, o):                                                         \
        switch (key >> 28) {                                                             \
            IMM_CASE(n, 0) IMM_CASE(n, 1) IMM_CASE(n, 2) IMM_CASE(n, 3)                  \
            IMM_CASE(n, 4) IMM_CASE(n, 5) IMM_CASE(n, 6) default: IMM_CASE(n, 7)         \
        }                                                                                \
        break;
    switch (key & TCG_HOST_SSE_KEY_MASK) {
        TCG_HOST_SSE_IMM_OPS(IMM)
    }
#undef IMM
#undef IMM_CASE
    return a;
}

/* the bitwise instructions and register moves among TCG_HOST_SSE_OPS */
static bool is_exact_fp_form(uint32_t key)
{
    switch (key & TCG_HOST_SSE_KEY_MASK) {
    case TCG_HOST_SSE_KEY(0, 0x14): case TCG_HOST_SSE_KEY(0x66, 0x14):
    case TCG_HOST_SSE_KEY(0, 0x15): case TCG_HOST_SSE_KEY(0x66, 0x15):
    case TCG_HOST_SSE_KEY(0, 0x54): case TCG_HOST_SSE_KEY(0x66, 0x54):
    case TCG_HOST_SSE_KEY(0, 0x55): case TCG_HOST_SSE_KEY(0x66, 0x55):
    case TCG_HOST_SSE_KEY(0, 0x56): case TCG_HOST_SSE_KEY(0x66, 0x56):
    case TCG_HOST_SSE_KEY(0, 0x57): case TCG_HOST_SSE_KEY(0x66, 0x57):
    case TCG_HOST_SSE_KEY(0xf3, 0x10): case TCG_HOST_SSE_KEY(0xf2, 0x10):
        return true;
    default:
        return false;
    }
}

bool tcg_host_sse_is_exact(uint32_t key, TCGHostSSEKind kind)
{
#define KEY(p, o, n, dw, sw) case TCG_HOST_SSE_KEY(p, o):
    if (kind == TCG_HOST_SSE_FLAGS)
        return (key & TCG_HOST_SSE_KEY_MASK) == TCG_HOST_SSE_KEY(TCG_HOST_SSE_MAP_0F38, 0x17); /* ptest */
    if (kind == TCG_HOST_SSE_GPR) {
        switch (key & TCG_HOST_SSE_KEY_MASK) {
        case TCG_HOST_SSE_KEY(0, 0x50): case TCG_HOST_SSE_KEY(0x66, 0x50): case TCG_HOST_SSE_KEY(0x66, 0xd7):
        case TCG_HOST_SSE_MOVD_TO_GPR:
            return true;
        default:
            return false;
        }
    }
    if (tcg_host_sse_imm8_prefix(key) || tcg_host_sse_is_copy(key) || tcg_host_sse_is_store(key))
        return true;
    if (key & TCG_HOST_SSE_HAS_IMM) /* the FP compares */
        return false;
    switch (key & TCG_HOST_SSE_KEY_MASK) {
        TCG_HOST_SSE_INT_OPS(KEY)
        TCG_HOST_SSE_0F38_OPS(KEY)
        return true;
    default:
        return is_exact_fp_form(key);
    }
#undef KEY
}

bool tcg_host_sse_is_zeroing(uint32_t key)
{
    if (key & (TCG_HOST_SSE_MEM_S | TCG_HOST_SSE_HAS_IMM))
        return false;
    switch (key & TCG_HOST_SSE_KEY_MASK) {
    case TCG_HOST_SSE_KEY(0, 0x57): case TCG_HOST_SSE_KEY(0x66, 0x57): case TCG_HOST_SSE_KEY(0x66, 0xef):
    case TCG_HOST_SSE_KEY(0x66, 0xf8): case TCG_HOST_SSE_KEY(0x66, 0xf9):
    case TCG_HOST_SSE_KEY(0x66, 0xfa): case TCG_HOST_SSE_KEY(0x66, 0xfb):
        return true;
    default:
        return false;
    }
}

/* pshufd (form 1: dwords of the whole register), pshufhw (2: words of
 * the high half) and pshuflw (3: of the low half) */
static v2di run_pshuf(unsigned form, unsigned imm, v2di b)
{
    uint32_t d[4], r32[4];
    uint16_t w[8], r16[8];
    v2di r;
    if (form == 1) {
        memcpy(d, &b, 16);
        for (int i = 0; i < 4; i++)
            r32[i] = d[imm >> (2 * i) & 3];
        memcpy(&r, r32, 16);
        return r;
    }
    memcpy(w, &b, 16);
    memcpy(r16, w, 16);
    int half = form == 2 ? 4 : 0;
    for (int i = 0; i < 4; i++)
        r16[half + i] = w[half + (imm >> (2 * i) & 3)];
    memcpy(&r, r16, 16);
    return r;
}

/* psrldq/pslldq: a shifted by n bytes */
static v2di run_byte_shift(v2di a, unsigned n, bool left)
{
    uint8_t in[16], out[16] = { 0 };
    memcpy(in, &a, 16);
    for (unsigned i = 0; n < 16 && i < 16 - n; i++) {
        if (left)
            out[i + n] = in[i];
        else
            out[i] = in[i + n];
    }
    memcpy(&a, out, 16);
    return a;
}

/* palignr: bytes imm.. of the 32-byte concatenation a:b */
static v2di run_palignr(v2di a, v2di b, unsigned imm)
{
    uint8_t both[32], out[16];
    memcpy(both, &b, 16);
    memcpy(both + 16, &a, 16);
    for (unsigned i = 0; i < 16; i++)
        out[i] = imm + i < 32 ? both[imm + i] : 0;
    memcpy(&a, out, 16);
    return a;
}

/* an IMM8_OPS instruction; the lane shifts by immediate compute as the
 * same shifts by a register count */
static v2di run_imm8(uint32_t key, v2di a, v2di b)
{
    unsigned imm = key >> 8 & 0xff, form = key >> 28 & 7;
    v2di c = { imm, 0 };
    switch ((key & 0xff) << 4 | form) {
    case 0x712: asm volatile("psrlw %1, %0" : "+x"(a) : "x"(c)); break;
    case 0x714: asm volatile("psraw %1, %0" : "+x"(a) : "x"(c)); break;
    case 0x716: asm volatile("psllw %1, %0" : "+x"(a) : "x"(c)); break;
    case 0x722: asm volatile("psrld %1, %0" : "+x"(a) : "x"(c)); break;
    case 0x724: asm volatile("psrad %1, %0" : "+x"(a) : "x"(c)); break;
    case 0x726: asm volatile("pslld %1, %0" : "+x"(a) : "x"(c)); break;
    case 0x732: asm volatile("psrlq %1, %0" : "+x"(a) : "x"(c)); break;
    case 0x736: asm volatile("psllq %1, %0" : "+x"(a) : "x"(c)); break;
    case 0x733: case 0x737: return run_byte_shift(a, imm, form == 7);
    case 0x0f1: return run_palignr(a, b, imm);
    default: return run_pshuf(form, imm, b);
    }
    return a;
}

/* the conversions from an integer and the loads, from memory */
static v2di run_from_memory(uint32_t key, v2di a, const void *s)
{
    int32_t l;
    int64_t q;
    memcpy(&l, s, 4);
    memcpy(&q, s, 8);
    bool w = key & TCG_HOST_SSE_REXW;
    switch (key & TCG_HOST_SSE_KEY_MASK) {
#define FROM_INT(p, o, n, dw, sw)                                                       \
    case TCG_HOST_SSE_KEY(p, o):                                                        \
        if (w)                                                                          \
            asm volatile(#n "q %1, %0" : "+x"(a) : "r"(q));                             \
        else                                                                            \
            asm volatile(#n "l %1, %0" : "+x"(a) : "r"(l));                             \
        break;
        TCG_HOST_SSE_FROM_INT_OPS(FROM_INT)
#undef FROM_INT
#define LOAD(p, o, n, dw, sw)                                                           \
    case TCG_HOST_SSE_KEY(p, o):                                                        \
        if (w)                                                                          \
            asm volatile("movq %1, %0" : "=x"(a) : "m"(*(const char(*)[8])s));         \
        else                                                                            \
            asm volatile(#n " %1, %0" : "=x"(a) : "m"(*(const char(*)[sw])s));         \
        break;
        TCG_HOST_SSE_LOAD_OPS(LOAD)
#undef LOAD
    }
    return a;
}

/* a memory source read by the register form computes the same */
static bool reads_memory_only(uint32_t key)
{
    switch (key & TCG_HOST_SSE_KEY_MASK) {
#define KEY(p, o, n, dw, sw) case TCG_HOST_SSE_KEY(p, o):
        TCG_HOST_SSE_FROM_INT_OPS(KEY)
        TCG_HOST_SSE_LOAD_OPS(KEY)
#undef KEY
        return true;
    default:
        return false;
    }
}

bool tcg_host_sse_run(uint32_t key, void *d, const void *s)
{
    v2di a, b;
    memcpy(&a, d, 16);
    if ((key & TCG_HOST_SSE_MEM_S) && reads_memory_only(key)) {
        if (!tcg_host_sse_widths(key, TCG_HOST_SSE_ARITH))
            return false;
        a = run_from_memory(key, a, s);
        memcpy(d, &a, 16);
        return true;
    }
    memcpy(&b, s, 16);
    if (tcg_host_sse_imm8_prefix(key)) {
        a = run_imm8(key, a, b);
        memcpy(d, &a, 16);
        return true;
    }
    if (key & TCG_HOST_SSE_HAS_IMM) {
        if (!tcg_host_sse_widths(key, TCG_HOST_SSE_ARITH))
            return false;
        a = run_imm(key, a, b);
        memcpy(d, &a, 16);
        return true;
    }
    switch (key & TCG_HOST_SSE_KEY_MASK) {
#define RUN(p, o, n, dw, sw)                                    \
    case TCG_HOST_SSE_KEY(p, o):                                \
        asm volatile(#n " %1, %0" : "+x"(a) : "x"(b));          \
        break;
        TCG_HOST_SSE_OPS(RUN)
#undef RUN
    default:
        return false;
    }
    memcpy(d, &a, 16);
    return true;
}

bool tcg_host_sse_flags(uint32_t key, const void *d, const void *s, uint64_t *eflags)
{
    v2di a, b;
    memcpy(&a, d, 16);
    memcpy(&b, s, 16);
    bool zf, pf, cf;
    switch (key & TCG_HOST_SSE_KEY_MASK) {
#define CMP(p, o, n, dw, sw)                                                            \
    case TCG_HOST_SSE_KEY(p, o):                                                        \
        asm volatile(#n " %4, %3" : "=@ccz"(zf), "=@ccp"(pf), "=@ccc"(cf) : "x"(a), "x"(b)); \
        break;
        TCG_HOST_SSE_FLAG_OPS(CMP)
#undef CMP
    default:
        return false;
    }
    *eflags = (cf ? 0x01u : 0) | (pf ? 0x04u : 0) | (zf ? 0x40u : 0);
    return true;
}

bool tcg_host_sse_gpr(uint32_t key, const void *s, uint64_t *result)
{
    v2di b;
    memcpy(&b, s, 16);
    uint32_t l;
    bool w = key & TCG_HOST_SSE_REXW;
    switch (key & TCG_HOST_SSE_KEY_MASK) {
#define TO_INT(p, o, n, dw, sw)                                                         \
    case TCG_HOST_SSE_KEY(p, o):                                                        \
        if (w) {                                                                        \
            asm volatile(#n " %1, %0" : "=r"(*result) : "x"(b));                        \
        } else {                                                                        \
            asm volatile(#n " %1, %0" : "=r"(l) : "x"(b));                              \
            *result = l;                                                                \
        }                                                                               \
        return true;
        TCG_HOST_SSE_TO_INT_OPS(TO_INT)
#undef TO_INT
    case TCG_HOST_SSE_STMXCSR:
        asm volatile("stmxcsr %0" : "=m"(l));
        *result = l;
        return true;
    default:
        return false;
    }
}

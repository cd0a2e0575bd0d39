/* interp.c — the reference interpreter of the IR.
 *
 * It runs the ops of the current block one by one on 64-bit values, with
 * no cleverness at all: it is the oracle the optimizer and the JIT are
 * checked against, so every op is written the most obvious way.  Values of
 * i32 temps are kept zero-extended; globals live in env memory (read and
 * written there on every access), which is what the JIT's synced state
 * looks like at every block exit.  Guest memory is host memory at
 * guest_addr + s->guest_base, as in user mode. */
#include "tcg.h"
#include "host_sse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

typedef struct Interp {
    TCGContext *s;
    uint8_t *env;
    uint64_t vals[TCG_MAX_TEMPS];
    int label_pos[TCG_MAX_LABELS];
} Interp;

static _Noreturn void interp_fatal(const TCGOp *op, const char *what)
{
    fprintf(stderr, "tern: IR interpreter: %s (op %s)\n", what, tcg_op_defs[op->opc].name);
    abort();
}

static unsigned type_bits(TCGType type) { return type == TCG_TYPE_I32 ? 32 : 64; }

static uint64_t truncate_to(TCGType type, uint64_t v) { return type == TCG_TYPE_I32 ? (uint32_t)v : v; }

/* Load or store `size` bytes (1, 2, 4, 8) of host memory, little-endian,
 * without alignment requirements. */
static uint64_t load_bytes(const void *p, unsigned size)
{
    uint8_t b1; uint16_t b2; uint32_t b4; uint64_t b8;
    switch (size) {
    case 1: memcpy(&b1, p, 1); return b1;
    case 2: memcpy(&b2, p, 2); return b2;
    case 4: memcpy(&b4, p, 4); return b4;
    default: memcpy(&b8, p, 8); return b8;
    }
}

static void store_bytes(void *p, unsigned size, uint64_t v)
{
    uint8_t b1 = (uint8_t)v; uint16_t b2 = (uint16_t)v; uint32_t b4 = (uint32_t)v;
    switch (size) {
    case 1: memcpy(p, &b1, 1); break;
    case 2: memcpy(p, &b2, 2); break;
    case 4: memcpy(p, &b4, 4); break;
    default: memcpy(p, &v, 8); break;
    }
}

/* Sign-extend the low `size` bytes of v. */
static uint64_t sign_extend_bytes(uint64_t v, unsigned size)
{
    switch (size) {
    case 1: return (uint64_t)(int64_t)(int8_t)v;
    case 2: return (uint64_t)(int64_t)(int16_t)v;
    case 4: return (uint64_t)(int64_t)(int32_t)v;
    default: return v;
    }
}

static uint64_t get(Interp *in, TCGArg arg)
{
    TCGTemp *ts = &in->s->temps[arg];
    switch (ts->kind) {
    case TEMP_CONST:
        return truncate_to(ts->type, (uint64_t)ts->val);
    case TEMP_GLOBAL:
        if (arg == in->s->env)
            return (uint64_t)(uintptr_t)in->env;
        return load_bytes(in->env + ts->mem_offset, ts->type == TCG_TYPE_I32 ? 4 : 8);
    default:
        return in->vals[arg];
    }
}

static void set(Interp *in, TCGArg arg, uint64_t v)
{
    TCGTemp *ts = &in->s->temps[arg];
    v = truncate_to(ts->type, v);
    if (ts->kind == TEMP_GLOBAL)
        store_bytes(in->env + ts->mem_offset, ts->type == TCG_TYPE_I32 ? 4 : 8, v);
    else
        in->vals[arg] = v;
}

/* ---- arithmetic, each in the op's type ---- */

static uint64_t shift_op(TCGOpcode opc, TCGType type, uint64_t a, uint64_t b)
{
    unsigned w = type_bits(type);
    unsigned c = (unsigned)(b & (w - 1));
    if (type == TCG_TYPE_I32) {
        uint32_t x = (uint32_t)a;
        switch (opc) {
        case INDEX_op_shl: return (uint32_t)(x << c);
        case INDEX_op_shr: return x >> c;
        case INDEX_op_sar: return (uint32_t)((int32_t)x >> c);
        case INDEX_op_rotl: return c ? (uint32_t)((x << c) | (x >> (32 - c))) : x;
        default: return c ? (uint32_t)((x >> c) | (x << (32 - c))) : x;
        }
    }
    switch (opc) {
    case INDEX_op_shl: return a << c;
    case INDEX_op_shr: return a >> c;
    case INDEX_op_sar: return (uint64_t)((int64_t)a >> c);
    case INDEX_op_rotl: return c ? (a << c) | (a >> (64 - c)) : a;
    default: return c ? (a >> c) | (a << (64 - c)) : a;
    }
}

/* Division: the producer guarantees a nonzero divisor and no overflow; the
 * interpreter still must not trap on a bad program, so those cases give 0
 * (division by zero) or the wrapped quotient (overflow). */
static uint64_t div_op(TCGOpcode opc, TCGType type, uint64_t a, uint64_t b)
{
    if (type == TCG_TYPE_I32) {
        int32_t sa = (int32_t)a, sb = (int32_t)b;
        uint32_t ua = (uint32_t)a, ub = (uint32_t)b;
        if (ub == 0)
            return 0;
        bool ovf = sa == INT32_MIN && sb == -1;
        switch (opc) {
        case INDEX_op_div: return ovf ? (uint32_t)sa : (uint32_t)(sa / sb);
        case INDEX_op_rem: return ovf ? 0 : (uint32_t)(sa % sb);
        case INDEX_op_divu: return ua / ub;
        default: return ua % ub;
        }
    }
    int64_t sa = (int64_t)a, sb = (int64_t)b;
    if (b == 0)
        return 0;
    bool ovf = sa == INT64_MIN && sb == -1;
    switch (opc) {
    case INDEX_op_div: return ovf ? (uint64_t)sa : (uint64_t)(sa / sb);
    case INDEX_op_rem: return ovf ? 0 : (uint64_t)(sa % sb);
    case INDEX_op_divu: return a / b;
    default: return a % b;
    }
}

static void exec_mul2(Interp *in, const TCGOp *op)
{
    uint64_t a = get(in, op->args[2]), b = get(in, op->args[3]);
    uint64_t lo, hi;
    bool sign = op->opc == INDEX_op_muls2;
    if (op->type == TCG_TYPE_I32) {
        uint64_t p = sign ? (uint64_t)((int64_t)(int32_t)a * (int64_t)(int32_t)b)
                          : (uint64_t)(uint32_t)a * (uint32_t)b;
        lo = (uint32_t)p;
        hi = p >> 32;
    } else {
        unsigned __int128 p = sign ? (unsigned __int128)((__int128)(int64_t)a * (__int128)(int64_t)b)
                                   : (unsigned __int128)a * b;
        lo = (uint64_t)p;
        hi = (uint64_t)(p >> 64);
    }
    set(in, op->args[0], lo);
    set(in, op->args[1], hi);
}

/* Double-width division: same no-trap policy as div_op. */
static void exec_div2(Interp *in, const TCGOp *op)
{
    uint64_t lo = get(in, op->args[2]), hi = get(in, op->args[3]), d = get(in, op->args[4]);
    uint64_t q = 0, r = 0;
    bool sign = op->opc == INDEX_op_divs2;
    if (op->type == TCG_TYPE_I32) {
        uint64_t n = (hi << 32) | (uint32_t)lo;
        if ((uint32_t)d != 0 && !(sign && n == (1ull << 63) && (int32_t)d == -1)) {
            q = sign ? (uint64_t)((int64_t)n / (int32_t)d) : n / (uint32_t)d;
            r = sign ? (uint64_t)((int64_t)n % (int32_t)d) : n % (uint32_t)d;
        }
    } else {
        unsigned __int128 n = ((unsigned __int128)hi << 64) | lo;
        __int128 sn = (__int128)n;
        bool min_by_minus1 = sign && (int64_t)d == -1 && hi == 1ull << 63 && lo == 0;
        if (d != 0 && !min_by_minus1) {
            q = sign ? (uint64_t)(sn / (int64_t)d) : (uint64_t)(n / d);
            r = sign ? (uint64_t)(sn % (int64_t)d) : (uint64_t)(n % d);
        }
    }
    set(in, op->args[0], q);
    set(in, op->args[1], r);
}

static uint64_t count_op(TCGOpcode opc, TCGType type, uint64_t a, uint64_t zero_val)
{
    if (type == TCG_TYPE_I32) {
        uint32_t x = (uint32_t)a;
        if (opc == INDEX_op_ctpop)
            return (uint64_t)__builtin_popcount(x);
        if (x == 0)
            return zero_val;
        return (uint64_t)(opc == INDEX_op_clz ? __builtin_clz(x) : __builtin_ctz(x));
    }
    if (opc == INDEX_op_ctpop)
        return (uint64_t)__builtin_popcountll(a);
    if (a == 0)
        return zero_val;
    return (uint64_t)(opc == INDEX_op_clz ? __builtin_clzll(a) : __builtin_ctzll(a));
}

static uint64_t field_mask(unsigned len) { return len >= 64 ? ~0ull : (1ull << len) - 1; }

static uint64_t extract_op(const TCGOp *op, uint64_t a)
{
    unsigned pos = (unsigned)op->args[2], len = (unsigned)op->args[3];
    if (op->opc == INDEX_op_extract)
        return (a >> pos) & field_mask(len);
    /* move the field to the top, then shift it back down arithmetically */
    return (uint64_t)((int64_t)(a << (64 - pos - len)) >> (64 - len));
}

static uint64_t deposit_op(const TCGOp *op, uint64_t a, uint64_t b)
{
    unsigned pos = (unsigned)op->args[3], len = (unsigned)op->args[4];
    uint64_t mask = field_mask(len) << pos;
    return (a & ~mask) | ((b << pos) & mask);
}

static uint64_t unary_op(TCGOpcode opc, uint64_t a)
{
    switch (opc) {
    case INDEX_op_neg: return -a;
    case INDEX_op_not: return ~a;
    case INDEX_op_bswap16: return (uint64_t)__builtin_bswap16((uint16_t)a);
    case INDEX_op_bswap32: return (uint64_t)__builtin_bswap32((uint32_t)a);
    case INDEX_op_bswap64: return __builtin_bswap64(a);
    case INDEX_op_ext8s: return (uint64_t)(int64_t)(int8_t)a;
    case INDEX_op_ext8u: return (uint8_t)a;
    case INDEX_op_ext16s: return (uint64_t)(int64_t)(int16_t)a;
    case INDEX_op_ext16u: return (uint16_t)a;
    case INDEX_op_ext32s: case INDEX_op_exts_i32_i64: return (uint64_t)(int64_t)(int32_t)a;
    case INDEX_op_ext32u: case INDEX_op_extu_i32_i64: case INDEX_op_extrl_i64_i32: return (uint32_t)a;
    case INDEX_op_extrh_i64_i32: return a >> 32;
    default: return a; /* mov */
    }
}

static uint64_t binary_op(TCGOpcode opc, TCGType type, uint64_t a, uint64_t b)
{
    switch (opc) {
    case INDEX_op_add: return a + b;
    case INDEX_op_sub: return a - b;
    case INDEX_op_mul: return a * b;
    case INDEX_op_and: return a & b;
    case INDEX_op_or: return a | b;
    case INDEX_op_xor: return a ^ b;
    case INDEX_op_andc: return a & ~b;
    case INDEX_op_shl: case INDEX_op_shr: case INDEX_op_sar:
    case INDEX_op_rotl: case INDEX_op_rotr:
        return shift_op(opc, type, a, b);
    default:
        return div_op(opc, type, a, b);
    }
}

/* ---- memory ---- */

static unsigned host_load_size(TCGOpcode opc, TCGType type)
{
    switch (opc) {
    case INDEX_op_ld8u: case INDEX_op_ld8s: case INDEX_op_st8: return 1;
    case INDEX_op_ld16u: case INDEX_op_ld16s: case INDEX_op_st16: return 2;
    case INDEX_op_ld32u: case INDEX_op_ld32s: case INDEX_op_st32: return 4;
    default: return type == TCG_TYPE_I32 ? 4 : 8;
    }
}

static void exec_host_load(Interp *in, const TCGOp *op)
{
    TCGOpcode opc = (TCGOpcode)op->opc;
    unsigned size = host_load_size(opc, (TCGType)op->type);
    const uint8_t *p = (const uint8_t *)(uintptr_t)(get(in, op->args[1]) + (int64_t)op->args[2]);
    uint64_t v = load_bytes(p, size);
    if (opc == INDEX_op_ld8s || opc == INDEX_op_ld16s || opc == INDEX_op_ld32s)
        v = sign_extend_bytes(v, size);
    set(in, op->args[0], v);
}

static void exec_host_store(Interp *in, const TCGOp *op)
{
    unsigned size = host_load_size((TCGOpcode)op->opc, (TCGType)op->type);
    uint8_t *p = (uint8_t *)(uintptr_t)(get(in, op->args[1]) + (int64_t)op->args[2]);
    store_bytes(p, size, get(in, op->args[0]));
}

static void *guest_host_addr(Interp *in, TCGArg addr_arg)
{
    return (void *)(uintptr_t)(get(in, addr_arg) + in->s->guest_base);
}

static uint64_t extend_loaded(MemOp mop, uint64_t v)
{
    unsigned size = 1u << (mop & MO_SIZE);
    return (mop & MO_SIGN) ? sign_extend_bytes(v, size) : v;
}

/* the source operand's bytes copied first: a 16-byte read could cross
 * into an unmapped page where the instruction's own read does not */
static void exec_sse_qemu(Interp *in, const TCGOp *op)
{
    uint32_t c0 = (uint32_t)op->args[2];
    uint8_t src[16] = { 0 };
    uintptr_t image = (uintptr_t)get(in, op->args[0]) + op->args[3];
    if (tcg_host_sse_is_store(c0)) { /* the register's low bytes to guest memory */
        memcpy(guest_host_addr(in, op->args[1]), (const void *)image, tcg_host_sse_widths(c0, TCG_HOST_SSE_ARITH) >> 8);
        return;
    }
    memcpy(src, guest_host_addr(in, op->args[1]), tcg_host_sse_widths(c0, TCG_HOST_SSE_ARITH) >> 8);
    if (!tcg_host_sse_run(c0, (void *)image, src))
        interp_fatal(op, "unknown host SSE instruction");
}

/* Guest memory ops, including the atomics: the interpreter is
 * single-threaded, so a read-modify-write is plain loads and stores. */
static void exec_guest_mem(Interp *in, const TCGOp *op)
{
    MemOp mop = get_memop((MemOpIdx)op->args[op->nb_oargs + op->nb_iargs]);
    unsigned size = 1u << (mop & MO_SIZE);
    void *p;
    uint64_t old;
    switch (op->opc) {
    case INDEX_op_qemu_st:
        store_bytes(guest_host_addr(in, op->args[1]), size, get(in, op->args[0]));
        return;
    case INDEX_op_qemu_ld:
        set(in, op->args[0], extend_loaded(mop, load_bytes(guest_host_addr(in, op->args[1]), size)));
        return;
    }
    p = guest_host_addr(in, op->args[1]);
    old = load_bytes(p, size);
    switch (op->opc) {
    case INDEX_op_atomic_cmpxchg:
        if (old == (get(in, op->args[2]) & field_mask(size * 8)))
            store_bytes(p, size, get(in, op->args[3]));
        break;
    case INDEX_op_atomic_xchg:
        store_bytes(p, size, get(in, op->args[2]));
        break;
    default: /* atomic_fetch_add */
        store_bytes(p, size, old + get(in, op->args[2]));
        break;
    }
    set(in, op->args[0], extend_loaded(mop, old));
}

/* ---- calls ---- */

typedef uint64_t (*HelperFn)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);

/* Passing six arguments to a helper that takes fewer is harmless in the
 * SysV ABI: they are all in registers the callee ignores. */
static void exec_call(Interp *in, const TCGOp *op)
{
    uint64_t a[TCG_MAX_CALL_IARGS] = { 0 };
    int first_in = op->nb_oargs;
    if (op->nb_iargs > TCG_MAX_CALL_IARGS)
        interp_fatal(op, "too many call arguments");
    for (int i = 0; i < op->nb_iargs; i++)
        a[i] = get(in, op->args[first_in + i]);
    HelperFn fn = (HelperFn)(uintptr_t)op->args[first_in + op->nb_iargs];
    uint64_t r = fn(a[0], a[1], a[2], a[3], a[4], a[5]);
    if (op->nb_oargs)
        set(in, op->args[0], truncate_to((TCGType)op->type, r));
}

/* ---- the loop ---- */

static void find_labels(Interp *in)
{
    TCGContext *s = in->s;
    for (int l = 0; l < s->nb_labels; l++)
        in->label_pos[l] = -1;
    for (int i = 0; i < s->nb_ops; i++)
        if (s->ops[i].opc == INDEX_op_set_label)
            in->label_pos[s->ops[i].args[0]] = i;
}

static int jump_target(Interp *in, const TCGOp *op, TCGArg label)
{
    if (label >= (TCGArg)in->s->nb_labels || in->label_pos[label] < 0)
        interp_fatal(op, "branch to a label that is never set");
    return in->label_pos[label];
}

/* EBB temps are dead at labels and after a discard: give them a value no
 * program computes by chance, so that a pass which wrongly keeps one
 * alive across a label shows up as a different result. */
#define POISON 0xdeadbeefdeadbeefull

static void poison_ebb_temps(Interp *in)
{
    TCGContext *s = in->s;
    for (int t = s->nb_globals + 1; t < s->nb_temps; t++)
        if (s->temps[t].kind == TEMP_EBB)
            in->vals[t] = truncate_to((TCGType)s->temps[t].type, POISON);
}

/* Execute one op that neither branches nor leaves the block. */
static void exec_straight(Interp *in, const TCGOp *op)
{
    TCGOpcode opc = (TCGOpcode)op->opc;
    TCGType type = (TCGType)op->type;
    const TCGArg *args = op->args;
    switch (opc) {
    case INDEX_op_nop: case INDEX_op_insn_start: case INDEX_op_goto_tb:
        return;
    case INDEX_op_set_label:
        poison_ebb_temps(in);
        return;
    case INDEX_op_discard:
        set(in, args[0], POISON);
        return;
    case INDEX_op_mb:
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        return;
    case INDEX_op_call:
        exec_call(in, op);
        return;
    case INDEX_op_mov: case INDEX_op_neg: case INDEX_op_not:
    case INDEX_op_bswap16: case INDEX_op_bswap32: case INDEX_op_bswap64:
    case INDEX_op_ext8s: case INDEX_op_ext8u: case INDEX_op_ext16s: case INDEX_op_ext16u:
    case INDEX_op_ext32s: case INDEX_op_ext32u:
    case INDEX_op_extu_i32_i64: case INDEX_op_exts_i32_i64:
    case INDEX_op_extrl_i64_i32: case INDEX_op_extrh_i64_i32:
        set(in, args[0], truncate_to(type, unary_op(opc, get(in, args[1]))));
        return;
    case INDEX_op_add: case INDEX_op_sub: case INDEX_op_mul:
    case INDEX_op_and: case INDEX_op_or: case INDEX_op_xor: case INDEX_op_andc:
    case INDEX_op_shl: case INDEX_op_shr: case INDEX_op_sar:
    case INDEX_op_rotl: case INDEX_op_rotr:
    case INDEX_op_div: case INDEX_op_divu: case INDEX_op_rem: case INDEX_op_remu:
        set(in, args[0], truncate_to(type, binary_op(opc, type, get(in, args[1]), get(in, args[2]))));
        return;
    case INDEX_op_mulu2: case INDEX_op_muls2:
        exec_mul2(in, op);
        return;
    case INDEX_op_divu2: case INDEX_op_divs2:
        exec_div2(in, op);
        return;
    case INDEX_op_setcond:
        set(in, args[0], tcg_eval_cond(type, (TCGCond)args[3], get(in, args[1]), get(in, args[2])));
        return;
    case INDEX_op_movcond:
        set(in, args[0], tcg_eval_cond(type, (TCGCond)args[5], get(in, args[1]), get(in, args[2]))
                             ? get(in, args[3]) : get(in, args[4]));
        return;
    case INDEX_op_clz: case INDEX_op_ctz:
        set(in, args[0], count_op(opc, type, get(in, args[1]), get(in, args[2])));
        return;
    case INDEX_op_ctpop:
        set(in, args[0], count_op(opc, type, get(in, args[1]), 0));
        return;
    case INDEX_op_extract: case INDEX_op_sextract:
        set(in, args[0], extract_op(op, get(in, args[1])));
        return;
    case INDEX_op_deposit:
        set(in, args[0], deposit_op(op, get(in, args[1]), get(in, args[2])));
        return;
    case INDEX_op_ld8u: case INDEX_op_ld8s: case INDEX_op_ld16u: case INDEX_op_ld16s:
    case INDEX_op_ld32u: case INDEX_op_ld32s: case INDEX_op_ld:
        exec_host_load(in, op);
        return;
    case INDEX_op_st8: case INDEX_op_st16: case INDEX_op_st32: case INDEX_op_st:
        exec_host_store(in, op);
        return;
    case INDEX_op_qemu_ld: case INDEX_op_qemu_st:
    case INDEX_op_atomic_cmpxchg: case INDEX_op_atomic_xchg: case INDEX_op_atomic_fetch_add:
        exec_guest_mem(in, op);
        return;
    case INDEX_op_sse_env: {
        uintptr_t base = (uintptr_t)get(in, args[0]);
        if (!tcg_host_sse_run((uint32_t)args[1], (void *)(base + args[2]), (const void *)(base + args[3])))
            interp_fatal(op, "unknown host SSE instruction");
        return;
    }
    case INDEX_op_sse_env_flags: {
        uintptr_t base = (uintptr_t)get(in, args[1]);
        uint64_t eflags;
        if (!tcg_host_sse_flags((uint32_t)args[2], (const void *)(base + args[3]),
                                (const void *)(base + args[4]), &eflags))
            interp_fatal(op, "unknown host SSE compare");
        set(in, args[0], eflags);
        return;
    }
    case INDEX_op_sse_mark: /* only the JIT has host registers */
        return;
    case INDEX_op_sse_qemu:
        exec_sse_qemu(in, op);
        return;
    case INDEX_op_sse_gpr: { /* the integer as a memory operand (MEM_S is set) */
        uint64_t src[2] = { get(in, op->args[1]), 0 };
        uintptr_t image = (uintptr_t)get(in, op->args[0]) + op->args[3];
        if (!tcg_host_sse_run((uint32_t)op->args[2], (void *)image, src))
            interp_fatal(op, "unknown host SSE instruction");
        return;
    }
    case INDEX_op_sse_env_gpr: {
        uintptr_t base = (uintptr_t)get(in, args[1]);
        uint64_t result;
        if (!tcg_host_sse_gpr((uint32_t)args[2], (const void *)(base + args[4]), &result))
            interp_fatal(op, "unknown host SSE conversion");
        set(in, args[0], result);
        return;
    }
    default:
        interp_fatal(op, "unknown op");
    }
}

/* ---- the x87 ops ----
 * They run the guest's instruction on the host's x87, which holds the
 * guest's state here as in generated code: copied into a small
 * executable buffer of this thread, as a function of one argument (rdi:
 * the fcmov condition, or the memory operand's host address). */
typedef uint64_t X87Stub(uint64_t rdi);

static X87Stub *x87_stub(const TCGOp *op, const uint8_t *code, size_t n)
{
    static __thread uint8_t *page;
    if (!page) {
        void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            interp_fatal(op, "no memory for an x87 instruction");
        page = p;
    }
    memcpy(page, code, n);
    return (X87Stub *)(void *)page;
}

static void exec_x87(Interp *in, const TCGOp *op)
{
    uint32_t c0 = (uint32_t)op->args[op->nb_oargs + op->nb_iargs];
    uint8_t b0 = (uint8_t)c0, b1 = (uint8_t)(c0 >> 8);
    switch (op->opc) {
    case INDEX_op_x87: {
        const uint8_t code[] = { b0, b1, 0xc3 };
        x87_stub(op, code, sizeof(code))(0);
        return;
    }
    case INDEX_op_x87_cond: { /* test rdi, rdi; the fcmovne */
        const uint8_t code[] = { 0x48, 0x85, 0xff, b0, b1, 0xc3 };
        x87_stub(op, code, sizeof(code))(get(in, op->args[0]));
        return;
    }
    case INDEX_op_x87_mem: { /* the operand at [rdi] */
        const uint8_t code[] = { b0, (uint8_t)((b1 & 0x38) | 7), 0xc3 };
        x87_stub(op, code, sizeof(code))(get(in, op->args[0]) + in->s->guest_base);
        return;
    }
    default: {
        /* fnstsw ax: movzx eax, ax; fcomi-like: pushfq; pop rax; and eax, CF|PF|ZF */
        const uint8_t sw[] = { b0, b1, 0x0f, 0xb7, 0xc0, 0xc3 };
        const uint8_t flags[] = { b0, b1, 0x9c, 0x58, 0x83, 0xe0, 0x45, 0xc3 };
        bool is_sw = b0 == 0xdf && b1 == 0xe0;
        set(in, op->args[0], is_sw ? x87_stub(op, sw, sizeof(sw))(0) : x87_stub(op, flags, sizeof(flags))(0));
        return;
    }
    }
}

uintptr_t tcg_interpret(TCGContext *s, void *env)
{
    Interp interp, *in = &interp;
    in->s = s;
    in->env = env;
    memset(in->vals, 0, sizeof(uint64_t) * (size_t)s->nb_temps);
    find_labels(in);
    for (int i = 0; i < s->nb_ops; i++) {
        const TCGOp *op = &s->ops[i];
        switch (op->opc) {
        case INDEX_op_br:
            i = jump_target(in, op, op->args[0]);
            continue;
        case INDEX_op_brcond:
            if (tcg_eval_cond((TCGType)op->type, (TCGCond)op->args[2],
                              get(in, op->args[0]), get(in, op->args[1])))
                i = jump_target(in, op, op->args[3]);
            continue;
        case INDEX_op_brcond_exit:
            if (tcg_eval_cond((TCGType)op->type, (TCGCond)op->args[2],
                              get(in, op->args[0]), get(in, op->args[1])))
                return (uintptr_t)op->args[3];
            continue;
        case INDEX_op_loop_back: {
            int32_t request;
            memcpy(&request, in->env + (int64_t)op->args[2], sizeof(request));
            if (request)
                return (uintptr_t)op->args[1];
            i = jump_target(in, op, op->args[0]);
            continue;
        }
        case INDEX_op_exit_tb:
            return (uintptr_t)op->args[0];
        case INDEX_op_goto_ptr:
            return (uintptr_t)get(in, op->args[0]);
        case INDEX_op_x87: case INDEX_op_x87_out: case INDEX_op_x87_cond: case INDEX_op_x87_mem:
            exec_x87(in, op);
            continue;
        default:
            exec_straight(in, op);
        }
    }
    return 0; /* fell off the end: a malformed block */
}

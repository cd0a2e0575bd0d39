/* x87_run.c — runs of x87 instructions executed together on the host.
 *
 * One helper call per x87 instruction costs more than the arithmetic: the
 * operands travel through env and the status word is read (fnstsw, which
 * waits for the x87 pipeline) every time.  A run instead loads the
 * registers its members read onto the host's stack, in their stack
 * positions, runs the guest's own instruction bytes, reads the status
 * word once and stores the registers its members wrote.  Host and guest
 * then agree bit for bit: same instructions, same operands, the same
 * control word (runs are only translated in the default one, which tern's
 * own code runs with too: HF_X87_NONDEF).
 *
 * The host's stack holds only what the run touches, so a member that
 * would overflow or underflow the guest's stack must not run there: the
 * descriptor says which registers must be full and which empty (found by
 * following the members' stack effects at translation time), and when
 * the guest's tags disagree the members run one by one through their
 * ordinary helpers, which give the hardware's masked responses.  Nothing
 * in a run can fault (a load from memory is the first member, and the
 * translator reads its operand before the call), and with every
 * exception masked no member raises #MF, so doing them in one call at the
 * first member's address is exact.
 *
 * Descriptors and their host code are shared by equal runs (hash-consed)
 * and live as long as tern: their number is bounded by the pools, and
 * when these are full no new runs are made. */
#include "target/x86/x87_run.h"

#include <pthread.h>
#include <string.h>
#include <sys/mman.h>

#include "target/x86/fpu_helper.h"

#define MAX_MEMBERS 16
#define MAX_RUNS 8192
#define HASH_SIZE 16384            /* a power of two, at least 2 * MAX_RUNS */
#define CODE_POOL_SIZE (1u << 20)
#define MAX_RUN_CODE 800           /* 8 ffree, 8 loads, 16 members, their copies, 8 stores: 780 at most */
#define FPUC_DEFAULT 0x037f
#define FPUS_CC_ALL (FPUS_C0 | FPUS_C1 | FPUS_C2 | FPUS_C3)

/* host code of a run: (env->fpregs, TOP, the loaded operand) -> the
 * status word after the last member, and in bits 16..23 the EFLAGS low
 * byte after its last fcomi-like member */
typedef uint32_t RunCode(FPReg *fpregs, uint32_t top, const FPReg *operand);

struct X87Run {
    uint8_t nb_members;
    X87Member members[MAX_MEMBERS];
    /* by stack offset o (bit o: the register TOP + o at the start) */
    uint8_t must_be_full, must_be_empty;
    uint8_t end_full, end_empty; /* tags to set afterwards */
    int8_t depth;                /* pushes minus pops: TOP moves down by it */
    uint16_t cc;                 /* condition codes the members write */
    bool eflags;                 /* a member sets ZF/PF/CF */
    RunCode *code;
    const X87Run *hash_next;
};

/* ---- following the stack ---- */

enum { SLOT_UNKNOWN, SLOT_FULL, SLOT_EMPTY };

/* Entry-relative slots: ST(i) at depth d is slot i - d, in -8..7.  A run
 * may touch at most 8 adjacent slots (they are distinct registers). */
typedef struct Sim {
    int depth, lo, hi;
    uint8_t state[16];       /* by slot + 8 */
    uint16_t read_first;     /* by slot + 8: read before written (loaded) */
    uint16_t written;        /* by slot + 8 */
    uint16_t pushed_unknown; /* by slot + 8: pushed onto a register not seen before */
    uint16_t cc;
    bool c1_zero; /* the host's C1 is 0 here (a copy by store_popped keeps it so) */
    bool ok;
} Sim;

/* Note a slot the run touches; false (and the run fails) when the slots
 * touched would span more than the eight registers. */
static bool touch(Sim *m, int slot)
{
    if (slot < -8 || slot > 7) {
        m->ok = false;
        return false;
    }
    if (slot < m->lo)
        m->lo = slot;
    if (slot > m->hi)
        m->hi = slot;
    if (m->hi - m->lo >= 8)
        m->ok = false;
    return m->ok;
}

static void sim_read(Sim *m, int i)
{
    int slot = i - m->depth;
    if (!touch(m, slot))
        return;
    if (m->state[slot + 8] == SLOT_EMPTY)
        m->ok = false;
    if (m->state[slot + 8] == SLOT_UNKNOWN) {
        m->read_first |= 1u << (slot + 8);
        m->state[slot + 8] = SLOT_FULL;
    }
}

static void sim_write(Sim *m, int i)
{
    int slot = i - m->depth;
    if (!touch(m, slot))
        return;
    if (m->state[slot + 8] == SLOT_EMPTY)
        m->ok = false;
    m->state[slot + 8] = SLOT_FULL;
    m->written |= 1u << (slot + 8);
}

static void sim_push(Sim *m)
{
    int slot = -m->depth - 1;
    if (!touch(m, slot))
        return;
    if (m->state[slot + 8] == SLOT_FULL)
        m->ok = false; /* the guest's stack overflows: helpers */
    if (m->state[slot + 8] == SLOT_UNKNOWN)
        m->pushed_unknown |= 1u << (slot + 8);
    m->state[slot + 8] = SLOT_FULL;
    m->written |= 1u << (slot + 8);
    m->depth++;
}

static void sim_pop(Sim *m)
{
    if (!touch(m, -m->depth))
        return;
    m->state[-m->depth + 8] = SLOT_EMPTY;
    m->depth--;
}

static void sim_arith(Sim *m, int i, bool to_sti, int pops)
{
    sim_read(m, 0);
    sim_read(m, i);
    sim_write(m, to_sti ? i : 0);
    while (pops--)
        sim_pop(m);
    m->cc |= FPUS_C1;
    m->c1_zero = false; /* rounded up or not */
}

static void sim_compare(Sim *m, int i, int pops)
{
    sim_read(m, 0);
    sim_read(m, i);
    while (pops--)
        sim_pop(m);
    m->cc |= FPUS_CC_ALL;
    m->c1_zero = true;
}

/* D9 register forms */
static void sim_d9(Sim *m, int modrm)
{
    int i = modrm & 7;
    if (modrm < 0xc8) { /* fld st(i) */
        sim_read(m, i);
        sim_push(m);
    } else if (modrm < 0xd0) { /* fxch */
        sim_read(m, 0);
        sim_read(m, i);
        sim_write(m, 0);
        sim_write(m, i);
    } else if (modrm == 0xe0 || modrm == 0xe1 || modrm == 0xfa) { /* fchs, fabs, fsqrt */
        sim_read(m, 0);
        sim_write(m, 0);
    } else if (modrm >= 0xe8 && modrm <= 0xee) { /* constants */
        sim_push(m);
    } else {
        m->ok = false;
    }
    m->cc |= FPUS_C1;
    m->c1_zero = modrm != 0xfa;
}

static bool is_arith_op(int op) { return op != X87_COM && op != X87_COMP; }

/* fucomi, fcomi (DB E8+i, F0+i) and their popping forms (DF).  Where
 * fcomi leaves C1 alone, the copy store_popped makes before it pops would
 * show in C1 unless that is 0 already. */
static void sim_fcomi(Sim *m, const X87Member *x)
{
    sim_read(m, 0);
    sim_read(m, x->modrm & 7);
    if (!m->ok)
        return;
    if (!x87_host_fcomi_keeps_c1()) {
        m->cc |= FPUS_C1;
        m->c1_zero = true;
    } else if (x->opcode == 0xdf && (m->written & (1u << (-m->depth + 8))) && !m->c1_zero) {
        m->ok = false;
    }
    if (x->opcode == 0xdf)
        sim_pop(m);
}

/* The first member's load pushes the operand; an 80-bit one goes to its
 * register in env before the run (helper_x87_run) and is only written
 * back if a later member changes it. */
static void sim_load(Sim *m, const X87Member *x, bool first)
{
    if (!first)
        m->ok = false;
    sim_push(m);
    if (m->ok && x->load == X87_RUN_F80)
        m->written &= (uint16_t)~(1u << (-m->depth + 8));
    m->cc |= FPUS_C1;
    m->c1_zero = true;
}

static void sim_member(Sim *m, const X87Member *x, bool first)
{
    int op = (x->modrm >> 3) & 7, i = x->modrm & 7;
    if (x->load != X87_RUN_NO_LOAD) {
        sim_load(m, x, first);
        return;
    }
    if (x->eflags) {
        sim_fcomi(m, x);
        return;
    }
    switch (x->opcode) {
    case 0xd8:
        if (is_arith_op(op))
            sim_arith(m, i, false, 0);
        else
            sim_compare(m, i, op == X87_COMP);
        return;
    case 0xd9: sim_d9(m, x->modrm); return;
    case 0xdc: case 0xde:
        if (x->opcode == 0xde && i == 0)
            m->ok = false; /* the popped register would keep the result, which store_popped misses */
        else if (is_arith_op(op))
            sim_arith(m, i, true, x->opcode == 0xde);
        else if (x->opcode == 0xde && x->modrm == 0xd9)
            sim_compare(m, 1, 2); /* fcompp */
        else
            m->ok = false;
        return;
    case 0xdd:
        if (op == 2 || op == 3) { /* fst, fstp st(i) */
            sim_read(m, 0);
            sim_write(m, i);
            if (op == 3)
                sim_pop(m);
            m->cc |= FPUS_C1;
            m->c1_zero = true;
        } else if (op == 4 || op == 5) {
            sim_compare(m, i, op == 5); /* fucom, fucomp */
        } else {
            m->ok = false;
        }
        return;
    case 0xda:
        if (x->modrm == 0xe9)
            sim_compare(m, 1, 2); /* fucompp */
        else
            m->ok = false;
        return;
    }
    m->ok = false;
}

static bool simulate(const X87Run *r, Sim *m)
{
    memset(m, 0, sizeof(*m));
    m->ok = true;
    for (int k = 0; k < r->nb_members && m->ok; k++)
        sim_member(m, &r->members[k], k == 0);
    return m->ok;
}

/* by stack offset: bit o set if the slot with offset o (slot & 7) is in
 * mask (bit slot + 8; the slots of one run have distinct offsets) */
static uint8_t by_offset(uint16_t mask)
{
    return (uint8_t)(mask | (mask >> 8));
}

static void describe(X87Run *r, const Sim *m)
{
    uint16_t full = 0, empty = 0;
    for (int slot = m->lo; slot <= m->hi; slot++) {
        if (m->state[slot + 8] == SLOT_FULL)
            full |= 1u << (slot + 8);
        else if (m->state[slot + 8] == SLOT_EMPTY)
            empty |= 1u << (slot + 8);
    }
    r->must_be_full = by_offset(m->read_first);
    r->must_be_empty = by_offset(m->pushed_unknown);
    r->end_full = by_offset(full);
    r->end_empty = by_offset(empty);
    r->depth = (int8_t)m->depth;
    r->cc = m->cc;
    r->eflags = false;
    for (int k = 0; k < r->nb_members; k++)
        r->eflags |= r->members[k].eflags;
}

/* ---- host code ---- */

typedef struct Emit {
    uint8_t *p;
} Emit;

static void emit_bytes(Emit *e, const uint8_t *b, int n)
{
    memcpy(e->p, b, (size_t)n);
    e->p += n;
}

/* reg (0 eax, 1 ecx) = 16 * ((top + offset) & 7): the register's place
 * in fpregs (rdi), top in esi */
static void emit_slot_index(Emit *e, int reg, int offset)
{
    uint8_t b[9] = { 0x8d, (uint8_t)(0x46 | (reg << 3)), (uint8_t)offset, /* lea off(%rsi), reg */
                     0x83, (uint8_t)(0xe0 | reg), 0x07,                  /* and $7, reg */
                     0xc1, (uint8_t)(0xe0 | reg), 0x04 };                /* shl $4, reg */
    emit_bytes(e, b, 9);
}

/* The host stack gets slots hi..0 in their positions: the registers read
 * before being written from env, a filler (fldz) where a register only
 * holds a place or is only written. */
static void emit_loads(Emit *e, const Sim *m)
{
    for (int slot = m->hi; slot >= 0; slot--) {
        if (m->read_first & (1u << (slot + 8))) {
            emit_slot_index(e, 0, slot & 7);
            emit_bytes(e, (const uint8_t[]){ 0xdb, 0x2c, 0x07 }, 3); /* fldt (%rdi,%rax) */
        } else {
            emit_bytes(e, (const uint8_t[]){ 0xd9, 0xee }, 2); /* fldz */
        }
    }
}

/* A load's memory operand becomes the operand pointer: mod 0, rm rdx. */
static void emit_member(Emit *e, const X87Member *x)
{
    uint8_t modrm = x->load != X87_RUN_NO_LOAD ? (uint8_t)((x->modrm & 0x38) | 2) : x->modrm;
    emit_bytes(e, (const uint8_t[]){ x->opcode, modrm }, 2);
}

/* From the top down, the slots left on the host stack: written ones go
 * back to env, the others are dropped. */
static void emit_stores(Emit *e, const Sim *m)
{
    for (int slot = -m->depth; slot <= m->hi; slot++) {
        if ((m->written & (1u << (slot + 8))) && m->state[slot + 8] == SLOT_FULL) {
            emit_slot_index(e, 1, slot & 7);
            emit_bytes(e, (const uint8_t[]){ 0xdb, 0x3c, 0x0f }, 3); /* fstpt (%rdi,%rcx) */
        } else {
            emit_bytes(e, (const uint8_t[]){ 0xdd, 0xd8 }, 2); /* fstp %st(0) */
        }
    }
}

/* A popped register keeps its contents (MMX, fxsave and fnsave show
 * them): before a member pops a register the run wrote, that value goes
 * to env (the host's copy is about to go), by way of a copy on the host
 * stack, or if that is full (entries) by storing and reloading it.  Either
 * way C1 ends up 0 (see sim_fcomi). */
static void store_popped(Emit *e, const Sim *m, int pops, int entries)
{
    static const uint8_t fstpt[] = { 0xdb, 0x3c, 0x0f }, fldt[] = { 0xdb, 0x2c, 0x0f }; /* (%rdi,%rcx) */
    static const uint8_t fxch1[] = { 0xd9, 0xc9 };
    for (int i = 0; i < pops; i++) {
        int slot = i - m->depth;
        if (!(m->written & (1u << (slot + 8))))
            continue;
        emit_slot_index(e, 1, slot & 7);
        if (entries < 8) {
            emit_bytes(e, (const uint8_t[]){ 0xd9, (uint8_t)(0xc0 + i) }, 2); /* fld %st(i) */
            emit_bytes(e, fstpt, 3);
            continue;
        }
        if (i)
            emit_bytes(e, fxch1, 2);
        emit_bytes(e, fstpt, 3);
        emit_bytes(e, fldt, 3);
        if (i)
            emit_bytes(e, fxch1, 2);
    }
}

/* The members, following the stack again to know which pops need
 * store_popped.  After a member that sets EFLAGS, lahf keeps them in r8
 * (nothing later in the code needs r8; the stores change EFLAGS). */
static void emit_members(Emit *e, const X87Run *r, int loaded)
{
    Sim m;
    memset(&m, 0, sizeof(m));
    m.ok = true;
    for (int k = 0; k < r->nb_members; k++) {
        Sim after = m;
        sim_member(&after, &r->members[k], k == 0);
        store_popped(e, &m, m.depth > after.depth ? m.depth - after.depth : 0, loaded + m.depth);
        emit_member(e, &r->members[k]);
        if (r->members[k].eflags)
            emit_bytes(e, (const uint8_t[]){ 0x9f, 0x41, 0x89, 0xc0 }, 4); /* lahf; mov %eax, %r8d */
        m = after;
    }
}

/* eax = status word | (r8's ah) << 16 */
static void emit_result(Emit *e, const X87Run *r)
{
    emit_bytes(e, (const uint8_t[]){ 0x0f, 0xb7, 0xc0 }, 3);             /* movzwl %ax, %eax */
    if (!r->eflags)
        return;
    emit_bytes(e, (const uint8_t[]){ 0x41, 0x81, 0xe0, 0x00, 0xff, 0x00, 0x00, /* and $0xff00, %r8d */
                                     0x41, 0xc1, 0xe0, 0x08,                   /* shl $8, %r8d */
                                     0x44, 0x09, 0xc0 }, 14);                  /* or %r8d, %eax */
}

/* The host's stack is normally empty when a run starts, but nothing
 * vouches for what code outside tern (a test harness) left on it: the
 * registers the run will push onto are freed first (the pushes would
 * overflow otherwise). */
static void emit_free_registers(Emit *e, const X87Run *r, int loaded)
{
    Sim m;
    memset(&m, 0, sizeof(m));
    m.ok = true;
    int deepest = 0;
    for (int k = 0; k < r->nb_members; k++) {
        sim_member(&m, &r->members[k], k == 0);
        if (m.depth > deepest)
            deepest = m.depth;
    }
    int needed = loaded + deepest + 1; /* and a copy by store_popped */
    for (int i = 7; i >= 8 - needed && i >= 0; i--)
        emit_bytes(e, (const uint8_t[]){ 0xdd, (uint8_t)(0xc0 + i) }, 2); /* ffree %st(i) */
}

static void emit_code(Emit *e, const X87Run *r, const Sim *m)
{
    emit_free_registers(e, r, m->hi + 1);
    emit_loads(e, m);
    emit_members(e, r, m->hi + 1);
    emit_bytes(e, (const uint8_t[]){ 0xdf, 0xe0 }, 2); /* fnstsw %ax */
    emit_stores(e, m);
    emit_result(e, r);
    emit_bytes(e, (const uint8_t[]){ 0xc3 }, 1);      /* ret */
}

/* ---- the shared descriptors ---- */

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static X87Run *pool; /* MAX_RUNS of them, mapped on first use: no BSS */
static int pool_used;
static const X87Run *hash_table[HASH_SIZE];
static uint8_t *code_pool;
static size_t code_used;

static bool same_member(const X87Member *a, const X87Member *b)
{
    return a->opcode == b->opcode && a->modrm == b->modrm && a->load == b->load;
}

static bool same_members(const X87Run *a, const X87Run *b)
{
    if (a->nb_members != b->nb_members)
        return false;
    for (int k = 0; k < a->nb_members; k++)
        if (!same_member(&a->members[k], &b->members[k]))
            return false;
    return true;
}

static uint32_t hash_members(const X87Run *r)
{
    uint32_t h = 2166136261u;
    for (int k = 0; k < r->nb_members; k++) {
        const X87Member *x = &r->members[k];
        h = (h ^ (uint32_t)(x->opcode << 16 | x->modrm << 8 | x->load)) * 16777619u;
    }
    return h & (HASH_SIZE - 1);
}

static uint8_t *code_space(void)
{
    if (!code_pool) {
        void *p = mmap(NULL, CODE_POOL_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            return NULL;
        code_pool = p;
    }
    return code_used + MAX_RUN_CODE <= CODE_POOL_SIZE ? code_pool + code_used : NULL;
}

static X87Run *descriptor_space(void)
{
    if (!pool) {
        void *p = mmap(NULL, MAX_RUNS * sizeof(X87Run), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            return NULL;
        pool = p;
    }
    return pool_used < MAX_RUNS ? &pool[pool_used] : NULL;
}

/* a new descriptor like proto (members filled in), or NULL */
static const X87Run *create(const X87Run *proto, uint32_t h)
{
    Sim m;
    uint8_t *code = code_space();
    X87Run *r = descriptor_space();
    if (!r || !code || !simulate(proto, &m))
        return NULL;
    pool_used++;
    *r = *proto;
    describe(r, &m);
    Emit e = { code };
    emit_code(&e, r, &m);
    code_used += (size_t)(e.p - code);
    r->code = (RunCode *)(void *)code;
    r->hash_next = hash_table[h];
    hash_table[h] = r;
    return r;
}

static const X87Run *lookup(const X87Run *proto)
{
    uint32_t h = hash_members(proto);
    pthread_mutex_lock(&pool_lock);
    const X87Run *r = hash_table[h];
    while (r && !same_members(r, proto))
        r = r->hash_next;
    if (!r)
        r = create(proto, h);
    pthread_mutex_unlock(&pool_lock);
    return r;
}

const X87Run *x87_run_start(const X87Member *m)
{
    X87Run proto;
    memset(&proto, 0, sizeof(proto));
    proto.nb_members = 1;
    proto.members[0] = *m;
    return lookup(&proto);
}

const X87Run *x87_run_extend(const X87Run *r, const X87Member *m)
{
    if (r->nb_members == MAX_MEMBERS || m->load != X87_RUN_NO_LOAD)
        return NULL;
    X87Run proto;
    memset(&proto, 0, sizeof(proto));
    proto.nb_members = (uint8_t)(r->nb_members + 1);
    memcpy(proto.members, r->members, sizeof(X87Member) * r->nb_members);
    proto.members[r->nb_members] = *m;
    return lookup(&proto);
}

/* ---- running ---- */

/* The tags are bytes, written one at a time by the helpers: read and
 * written one at a time here too (a wider access would wait for them to
 * reach the cache instead of being forwarded). */
static bool tags_allow(const CPUX86State *env, uint32_t top, const X87Run *r)
{
    for (unsigned m = r->must_be_full; m; m &= m - 1)
        if (env->fptags[(top + (unsigned)__builtin_ctz(m)) & 7])
            return false;
    for (unsigned m = r->must_be_empty; m; m &= m - 1)
        if (!env->fptags[(top + (unsigned)__builtin_ctz(m)) & 7])
            return false;
    return true;
}

static void set_tags(CPUX86State *env, uint32_t top, const X87Run *r)
{
    for (unsigned m = r->end_full; m; m &= m - 1)
        env->fptags[(top + (unsigned)__builtin_ctz(m)) & 7] = 0;
    for (unsigned m = r->end_empty; m; m &= m - 1)
        env->fptags[(top + (unsigned)__builtin_ctz(m)) & 7] = 1;
}

static uint64_t call_alone(CPUX86State *env, const X87Member *x)
{
    const X87Call *c = &x->alone;
    if (x->eflags) /* helper_x87_fcomi */
        return ((uint64_t (*)(CPUX86State *, uint32_t, uint32_t))c->fn)(env, c->args[0], c->args[1]);
    switch (c->nargs) {
    case 0: ((void (*)(CPUX86State *))c->fn)(env); break;
    case 1: ((void (*)(CPUX86State *, uint32_t))c->fn)(env, c->args[0]); break;
    case 2: ((void (*)(CPUX86State *, uint32_t, uint32_t))c->fn)(env, c->args[0], c->args[1]); break;
    default: ((void (*)(CPUX86State *, uint32_t, uint32_t, uint32_t))c->fn)(env, c->args[0], c->args[1], c->args[2]); break;
    }
    return 0;
}

/* the first member's load, from the value the translator left in ft0
 * (integers sign-extended) */
static void load_alone(CPUX86State *env, int load)
{
    static const uint8_t fmt[] = { [X87_RUN_F32] = X87_M_F32, [X87_RUN_F64] = X87_M_F64,
                                   [X87_RUN_I16] = X87_M_I16, [X87_RUN_I32] = X87_M_I32,
                                   [X87_RUN_I64] = X87_M_I64 };
    const FPReg *v = &env->ft0;
    if (load == X87_RUN_F80)
        helper_x87_fld_f80(env, v->x.mant, v->x.exp);
    else
        helper_x87_fld_mem(env, fmt[load], v->x.mant);
}

/* the members one by one, with the hardware's stack faults; the EFLAGS
 * of the last fcomi-like member */
static uint64_t run_alone(CPUX86State *env, const X87Run *r)
{
    uint64_t flags = 0;
    for (int k = 0; k < r->nb_members; k++) {
        const X87Member *x = &r->members[k];
        if (x->load != X87_RUN_NO_LOAD)
            load_alone(env, x->load);
        else if (x->eflags)
            flags = call_alone(env, x);
        else
            call_alone(env, x);
    }
    return flags;
}

static uint64_t run_on_host(CPUX86State *env, const X87Run *run, uint32_t top)
{
    if (run->members[0].load == X87_RUN_F80) { /* field by field, as stored */
        env->fpregs[(top - 1) & 7].x.mant = env->ft0.x.mant;
        env->fpregs[(top - 1) & 7].x.exp = env->ft0.x.exp;
    }
    x87_host_begin(env);
    uint32_t out = run->code(env->fpregs, top, &env->ft0);
    x87_host_end(env, (uint16_t)out, run->cc);
    set_tags(env, top, run);
    env->fpstt = (top - (uint32_t)run->depth) & 7;
    return (out >> 16) & (CC_Z | CC_P | CC_C);
}

uint64_t helper_x87_run(CPUX86State *env, const X87Run *run, uint64_t pc, uint32_t fop)
{
    uint32_t top = env->fpstt & 7;
    bool on_host = env->fpuc == FPUC_DEFAULT && tags_allow(env, top, run);
    uint64_t flags = on_host ? run_on_host(env, run, top) : run_alone(env, run);
    env->fpip = pc;
    env->fpop = (uint16_t)fop;
    return flags;
}

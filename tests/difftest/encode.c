/* encode.c — the x86-64 encoder of the random instruction tester: one
 * instruction from an opcode, a ModRM register and a register-or-memory
 * operand, and the memory operands themselves.
 *
 * A memory operand always lands in the memory buffer (or, rarely and on
 * purpose, in the guard page after it): the generator points a random base
 * (and index) register there with a lea/mov set-up emitted just before,
 * or uses r15 (never written), rsp, RIP-relative or absolute addressing,
 * so every ModRM/SIB shape appears while the address stays known. */
#include <string.h>

#include "encode.h"

void emit8(Item *it, uint8_t b)
{
    if (it->len < ITEM_MAX)
        it->bytes[it->len++] = b;
}

void emit_imm(Item *it, uint64_t v, int size)
{
    for (int i = 0; i < size; i++)
        emit8(it, (uint8_t)(v >> (8 * i)));
}

/* lea disp32(%r15), %reg: point reg at BASE_VALUE + disp */
static void emit_lea_r15(Item *it, int reg, int32_t disp)
{
    emit8(it, 0x49 | (reg >= 8 ? 4 : 0));
    emit8(it, 0x8d);
    emit8(it, (uint8_t)(0x80 | ((reg & 7) << 3) | 7));
    emit_imm(it, (uint32_t)disp, 4);
}

/* mov $imm32, %reg32 (zero-extends) */
static void emit_mov_imm32(Item *it, int reg, uint32_t v)
{
    if (reg >= 8)
        emit8(it, 0x41);
    emit8(it, (uint8_t)(0xb8 + (reg & 7)));
    emit_imm(it, v, 4);
}

int pick_gpr(Gen *g, bool norex)
{
    for (;;) {
        int r = (int)(g->rnd() % (norex ? 8 : 15));
        if (r != 4)
            return r;
    }
}

/* a buffer address for an access of size bytes, aligned as asked; rarely
 * one in (or straddling into) the guard page */
static uint64_t pick_target(Gen *g, int size, int align, bool may_fault)
{
    uint64_t r = g->rnd();
    if (may_fault && r % 300 == 0)
        return GUARD_ADDR - (uint64_t)(r >> 20) % (uint64_t)(size > 1 ? size : 2) + (r >> 40) % 2 * 64;
    uint64_t span = DATA_SIZE - 0x300 - (uint64_t)size;
    uint64_t ofs = 0x100 + (r >> 8) % span;
    if (align > 1 && (r >> 60) != 0)
        ofs &= ~(uint64_t)(align - 1);
    return DATA_ADDR + ofs;
}

static int32_t pick_disp(Gen *g)
{
    switch (g->rnd() % 4) {
    case 0: return 0;
    case 1: return (int8_t)g->rnd();
    case 2: return (int32_t)(g->rnd() % 4096) - 2048;
    default: return (int8_t)(g->rnd() & 0x78);
    }
}

Mem gen_mem(Gen *g, int size, int align, unsigned flags)
{
    Item *it = g->it;
    bool norex = flags & MEM_NOREX;
    Mem m = { .base = -1, .index = -1, .scale = 0 };
    uint64_t target = pick_target(g, size, align, !(flags & MEM_NOFAULT));
    m.target = target;
    int mode = (int)(g->rnd() % 10);
    if (norex && mode == 0)
        mode = 1;
    if ((flags & MEM_NOSTACK) && mode == 3)
        mode = 1;
    switch (mode) {
    case 0: /* [r15 + disp] */
        m.base = 15;
        m.disp = (int32_t)(target - BASE_VALUE);
        break;
    case 1: case 2: case 8: { /* [T + disp] */
        m.base = pick_gpr(g, norex);
        m.disp = pick_disp(g);
        emit_lea_r15(it, m.base, (int32_t)(target - (uint64_t)(int64_t)m.disp - BASE_VALUE));
        break;
    }
    case 3: { /* [rsp + disp8] inside the stack area */
        m.base = 4;
        int64_t d = (int64_t)(g->rnd() % 96) - 48;
        if (align > 1)
            d &= ~(int64_t)(align - 1);
        m.disp = (int32_t)d;
        m.target = STACK_VALUE + (uint64_t)d;
        break;
    }
    case 4: /* RIP-relative */
        m.rip = true;
        break;
    case 5: case 9: { /* [T + I*s + disp] */
        m.base = pick_gpr(g, norex);
        do
            m.index = pick_gpr(g, norex);
        while (m.index == m.base);
        m.scale = (int)(g->rnd() % 4);
        m.disp = pick_disp(g);
        uint32_t k = (uint32_t)(g->rnd() % 64);
        emit_mov_imm32(it, m.index, k);
        emit_lea_r15(it, m.base, (int32_t)(target - ((uint64_t)k << m.scale) - (uint64_t)(int64_t)m.disp - BASE_VALUE));
        break;
    }
    case 6: { /* 32-bit address size: [T32 + disp] */
        m.base = pick_gpr(g, norex);
        m.disp = pick_disp(g);
        m.addr32 = true;
        emit_mov_imm32(it, m.base, (uint32_t)(target - (uint64_t)(int64_t)m.disp));
        break;
    }
    default: { /* [I*s + disp32], no base */
        m.index = pick_gpr(g, norex);
        m.scale = (int)(g->rnd() % 4);
        uint32_t k = (uint32_t)(g->rnd() % 64);
        emit_mov_imm32(it, m.index, k);
        m.disp = (int32_t)(target - ((uint64_t)k << m.scale));
        m.nobase = true;
        break;
    }
    }
    return m;
}

Mem gen_mem_avoid(Gen *g, int size, int align, unsigned flags, int avoid_a, int avoid_b)
{
    uint8_t len = g->it->len;
    for (;;) {
        Mem m = gen_mem(g, size, align, flags);
        if (m.base != avoid_a && m.base != avoid_b && m.index != avoid_a && m.index != avoid_b)
            return m;
        g->it->len = len;
    }
}

/* the REX bits an operand needs (X and B) */
static int mem_rex(const Mem *m)
{
    int rex = 0;
    if (m->index >= 8)
        rex |= 2;
    if (m->base >= 8)
        rex |= 1;
    return rex;
}

void emit_modrm_mem(Item *it, int reg, const Mem *m, int imm_bytes)
{
    int r = (reg & 7) << 3;
    if (m->rip) {
        emit8(it, (uint8_t)(r | 5));
        if (it->nrip < 4) {
            it->rip_disp_off[it->nrip] = it->len;
            it->rip_insn_end[it->nrip] = (uint8_t)(it->len + 4 + imm_bytes);
            it->rip_target[it->nrip++] = m->target;
        }
        emit_imm(it, 0, 4);
        return;
    }
    if (m->nobase) {
        emit8(it, (uint8_t)(r | 4));
        emit8(it, (uint8_t)((m->scale << 6) | ((m->index & 7) << 3) | 5));
        emit_imm(it, (uint32_t)m->disp, 4);
        return;
    }
    int mod = m->disp == 0 && (m->base & 7) != 5 ? 0 : m->disp >= -128 && m->disp <= 127 ? 1 : 2;
    bool sib = m->index >= 0 || (m->base & 7) == 4;
    emit8(it, (uint8_t)((mod << 6) | r | (sib ? 4 : (m->base & 7))));
    if (sib)
        emit8(it, (uint8_t)((m->scale << 6) | ((m->index >= 0 ? m->index & 7 : 4) << 3) | (m->base & 7)));
    if (mod == 1)
        emit8(it, (uint8_t)m->disp);
    else if (mod == 2)
        emit_imm(it, (uint32_t)m->disp, 4);
}

void emit_insn(Item *it, const Insn *in)
{
    if (in->mem && in->mem->addr32)
        emit8(it, 0x67);
    if (in->opsize16)
        emit8(it, 0x66);
    if (in->pfx)
        emit8(it, in->pfx);
    int rex = (in->rex_w ? 8 : 0) | (in->reg >= 8 ? 4 : 0);
    if (in->mem)
        rex |= mem_rex(in->mem);
    else if (in->rm >= 8)
        rex |= 1;
    if (rex || in->force_rex)
        emit8(it, (uint8_t)(0x40 | rex));
    for (int i = 0; i < in->nops; i++)
        emit8(it, in->ops[i]);
    if (in->has_modrm) {
        if (in->mem)
            emit_modrm_mem(it, in->reg, in->mem, in->imm_size);
        else
            emit8(it, (uint8_t)(0xc0 | ((in->reg & 7) << 3) | (in->rm & 7)));
    }
    emit_imm(it, in->imm, in->imm_size);
}

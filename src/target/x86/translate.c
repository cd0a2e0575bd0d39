/* translate.c — the x86-64 decoder core: the block loop, code fetch,
 * prefixes, ModRM/SIB/RIP-relative addressing, register access with the
 * partial-register rules, the lazy-flags services, block exits, and the
 * opcode dispatch that hands each instruction to its family
 * (translate_{alu,bits,string,ctrl}.c, SSE, x87).
 *
 * Shape: guest code bytes are read through a small per-block window
 * (guest_code_read, one page at most); an unreadable byte or an overlong
 * instruction longjmps back to the block loop, which either raises the
 * fault (first instruction) or ends the block before the instruction.
 * Every temp is freed at the end of each instruction so that long blocks
 * stay within the IR's temp budget.
 *
 * Lazy flags: cc_op is tracked at translation time; conditions and
 * carries are computed from the recorded operands where the kind is
 * known (cmp+jcc is one compare), by guessing the kind env held when the
 * block was translated where it is not (a guarded inline path), and by
 * helper_cc_compute_all otherwise. */
#include "target/x86/translate_int.h"
#include "target/x86/fpu_helper.h"

#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include "util/log.h"

X86Globals x86_globals;

enum { FETCH_UNREADABLE = 1, FETCH_TOO_LONG = 2 };

/* per-block decoder state beyond DisasContext (which comes first, so a
 * DisasContext pointer is a DisasBlock pointer) */
typedef struct DisasBlock {
    DisasContext s;
    jmp_buf fetch_fail;
    uint64_t fault_addr;
    uint8_t window[64];
    uint64_t window_base;
    unsigned window_len;
    TCGv cc_srcT;
    int insn_start_op;  /* index of the current instruction's insn_start */
    /* the IR and flags state before the current instruction, restored if
     * fetching it fails */
    int ops_mark, labels_mark;
    CCOp cc_op_before;
    bool dirty_before;
    bool cc_src2_written;   /* since the block's start or its last discard */
    int side_exits;         /* goto_tb slots 2 and up taken by gen_side_exit */
    int loop_head;          /* label before the first instruction (gen_loop_branch), or -1 */
    int loop_head_op;       /* the op setting it */
    int max_insns;
    uint64_t code_end;  /* end of the highest code decoded before a followed jump */
} DisasBlock;

static DisasBlock *blk(DisasContext *s) { return (DisasBlock *)s; }

/* ---- code fetch ---- */

static uint8_t fetch_byte(DisasContext *s)
{
    DisasBlock *d = blk(s);
    uint64_t addr = s->pc;
    if (addr - s->pc_start >= X86_MAX_INSN_LEN)
        longjmp(d->fetch_fail, FETCH_TOO_LONG);
    if (addr - d->window_base >= d->window_len) {
        /* read to the end of the page at most: one page is one permission */
        uint64_t room = ((addr | (GUEST_PAGE - 1)) + 1) - addr;
        unsigned n = room < sizeof(d->window) ? (unsigned)room : sizeof(d->window);
        if (!guest_code_read(s->env, addr, d->window, n)) {
            d->fault_addr = addr;
            longjmp(d->fetch_fail, FETCH_UNREADABLE);
        }
        d->window_base = addr;
        d->window_len = n;
    }
    s->pc++;
    return d->window[addr - d->window_base];
}

/* The next n bytes, little-endian, straight from the window when they
 * are all there and within the instruction's length limit; byte by byte
 * (refilling the window or failing as the byte says) otherwise. */
static uint64_t fetch_bytes(DisasContext *s, unsigned n)
{
    DisasBlock *d = blk(s);
    uint64_t at = s->pc - d->window_base, v = 0;
    if (s->pc + n - s->pc_start <= X86_MAX_INSN_LEN && at < d->window_len && d->window_len - at >= n) {
        memcpy(&v, d->window + at, n);
        s->pc += n;
        return v;
    }
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)fetch_byte(s) << (8 * i);
    return v;
}

uint8_t x86_ldub_code(DisasContext *s) { return fetch_byte(s); }
uint16_t x86_lduw_code(DisasContext *s) { return (uint16_t)fetch_bytes(s, 2); }
uint32_t x86_ldl_code(DisasContext *s) { return (uint32_t)fetch_bytes(s, 4); }
uint64_t x86_ldq_code(DisasContext *s) { return fetch_bytes(s, 8); }

uint64_t insn_imm(DisasContext *s, MemOp ot)
{
    switch (ot) {
    case MO_8: return x86_ldub_code(s);
    case MO_16: return x86_lduw_code(s);
    case MO_32: return x86_ldl_code(s);
    default: return (uint64_t)(int64_t)(int32_t)x86_ldl_code(s);
    }
}

int64_t insn_simm(DisasContext *s, MemOp ot)
{
    switch (ot) {
    case MO_8: return (int8_t)x86_ldub_code(s);
    case MO_16: return (int16_t)x86_lduw_code(s);
    default: return (int32_t)x86_ldl_code(s);
    }
}

/* ---- extension ---- */

void gen_ext(DisasContext *s, MemOp ot, TCGv ret, TCGv a)
{
    switch (ot) {
    case MO_8: tcg_gen_ext8u(s->tcg, ret, a); break;
    case MO_16: tcg_gen_ext16u(s->tcg, ret, a); break;
    case MO_32: tcg_gen_ext32u(s->tcg, ret, a); break;
    default: tcg_gen_mov(s->tcg, ret, a); break;
    }
}

void gen_exts(DisasContext *s, MemOp ot, TCGv ret, TCGv a)
{
    switch (ot) {
    case MO_8: tcg_gen_ext8s(s->tcg, ret, a); break;
    case MO_16: tcg_gen_ext16s(s->tcg, ret, a); break;
    case MO_32: tcg_gen_ext32s(s->tcg, ret, a); break;
    default: tcg_gen_mov(s->tcg, ret, a); break;
    }
}

/* ---- operands ---- */

void x86_decode_modrm(DisasContext *s)
{
    s->modrm = x86_ldub_code(s);
    s->mod = s->modrm >> 6;
    s->reg = ((s->modrm >> 3) & 7) | s->rex_r;
    s->rm = (s->modrm & 7) | s->rex_b;
}

/* base + index * scale + disp from the SIB/ModRM bytes; -1 = none */
typedef struct AddrParts {
    int base, index, scale;
    int64_t disp;
    bool rip_relative;
} AddrParts;

static AddrParts decode_addr_parts(DisasContext *s)
{
    AddrParts a = { .base = -1, .index = -1 };
    int rm = s->modrm & 7;
    if (rm == 4) {
        int sib = x86_ldub_code(s);
        a.scale = sib >> 6;
        a.index = ((sib >> 3) & 7) | s->rex_x;
        if (a.index == R_ESP)
            a.index = -1;
        if ((sib & 7) == 5 && s->mod == 0)
            a.disp = (int32_t)x86_ldl_code(s);
        else
            a.base = (sib & 7) | s->rex_b;
    } else if (rm == 5 && s->mod == 0) {
        a.rip_relative = true;
        a.disp = (int32_t)x86_ldl_code(s);
    } else {
        a.base = rm | s->rex_b;
    }
    if (s->mod == 1)
        a.disp = (int8_t)x86_ldub_code(s);
    else if (s->mod == 2)
        a.disp = (int32_t)x86_ldl_code(s);
    return a;
}

TCGv x86_gen_lea(DisasContext *s)
{
    TCGContext *t = s->tcg;
    AddrParts a = decode_addr_parts(s);
    TCGv ea = tmp(s);
    if (a.rip_relative) {
        tcg_gen_movi(t, ea, s->pc + s->rip_offset + (uint64_t)a.disp);
    } else if (a.base >= 0) {
        if (a.index >= 0) {
            TCGv scaled = tmp(s);
            tcg_gen_shli(t, scaled, G.regs[a.index], a.scale);
            tcg_gen_add(t, ea, G.regs[a.base], scaled);
            tcg_temp_free(t, scaled);
            if (a.disp)
                tcg_gen_addi(t, ea, ea, a.disp);
        } else if (a.disp) {
            tcg_gen_addi(t, ea, G.regs[a.base], a.disp);
        } else {
            tcg_gen_mov(t, ea, G.regs[a.base]);
        }
    } else if (a.index >= 0) {
        tcg_gen_shli(t, ea, G.regs[a.index], a.scale);
        if (a.disp)
            tcg_gen_addi(t, ea, ea, a.disp);
    } else {
        tcg_gen_movi(t, ea, (uint64_t)a.disp);
    }
    if (s->aflag == MO_32)
        tcg_gen_ext32u(t, ea, ea);
    if (s->override_seg == R_FS || s->override_seg == R_GS) {
        TCGv base = tmp(s);
        tcg_gen_ld(t, INDEX_op_ld, base, env_v(s),
                   (int32_t)offsetof(CPUX86State, seg_base[s->override_seg]));
        tcg_gen_add(t, ea, ea, base);
        tcg_temp_free(t, base);
    }
    return ea;
}

/* the value of an address without memory access (lea): no segment base */
static void gen_lea_insn(DisasContext *s)
{
    x86_decode_modrm(s);
    if (s->mod == 3) {
        x86_gen_illegal(s);
        return;
    }
    int seg = s->override_seg;
    s->override_seg = -1;
    TCGv ea = x86_gen_lea(s);
    s->override_seg = seg;
    x86_gen_store_reg(s, s->dflag, s->reg, ea);
}

static bool is_high_byte_reg(DisasContext *s, MemOp ot, int reg)
{
    return ot == MO_8 && reg >= 4 && reg < 8 && !s->rex_present;
}

void x86_gen_load_reg(DisasContext *s, MemOp ot, TCGv dst, int reg)
{
    if (is_high_byte_reg(s, ot, reg))
        tcg_gen_extract(s->tcg, dst, G.regs[reg - 4], 8, 8);
    else
        gen_ext(s, ot, dst, G.regs[reg]);
}

void x86_gen_store_reg(DisasContext *s, MemOp ot, int reg, TCGv src)
{
    TCGContext *t = s->tcg;
    if (is_high_byte_reg(s, ot, reg)) {
        tcg_gen_deposit(t, G.regs[reg - 4], G.regs[reg - 4], src, 8, 8);
        return;
    }
    switch (ot) {
    case MO_8: tcg_gen_deposit(t, G.regs[reg], G.regs[reg], src, 0, 8); break;
    case MO_16: tcg_gen_deposit(t, G.regs[reg], G.regs[reg], src, 0, 16); break;
    case MO_32: tcg_gen_ext32u(t, G.regs[reg], src); break;
    default: tcg_gen_mov(t, G.regs[reg], src); break;
    }
}

TCGv gen_reg_value(DisasContext *s, MemOp ot, int reg)
{
    if (ot == MO_64)
        return G.regs[reg];
    TCGv v = tmp(s);
    x86_gen_load_reg(s, ot, v, reg);
    return v;
}

void gen_ld(DisasContext *s, MemOp ot, TCGv dst, TCGv addr)
{
    tcg_gen_qemu_ld(s->tcg, dst, addr, ot, x86_mmu_idx(s));
}

void gen_st(DisasContext *s, MemOp ot, TCGv src, TCGv addr)
{
    tcg_gen_qemu_st(s->tcg, src, addr, ot, x86_mmu_idx(s));
}

TCGv gen_rm_addr(DisasContext *s)
{
    return s->mod == 3 ? TCGV_NONE : x86_gen_lea(s);
}

void gen_ld_rm(DisasContext *s, MemOp ot, TCGv dst, TCGv addr)
{
    if (addr != TCGV_NONE)
        gen_ld(s, ot, dst, addr);
    else
        x86_gen_load_reg(s, ot, dst, s->rm);
}

void gen_st_rm(DisasContext *s, MemOp ot, TCGv addr, TCGv src)
{
    if (addr != TCGV_NONE)
        gen_st(s, ot, src, addr);
    else
        x86_gen_store_reg(s, ot, s->rm, src);
}

TCGv x86_gen_env_ptr(DisasContext *s, size_t offset)
{
    TCGv p = tmp(s);
    tcg_gen_addi(s->tcg, p, env_v(s), (int64_t)offset);
    return p;
}

/* ---- stack ---- */

void gen_push(DisasContext *s, MemOp ot, TCGv val)
{
    TCGv sp = tmp(s);
    tcg_gen_subi(s->tcg, sp, G.regs[R_ESP], 1 << ot);
    gen_st(s, ot, val, sp);
    tcg_gen_mov(s->tcg, G.regs[R_ESP], sp);
    tcg_temp_free(s->tcg, sp);
}

void gen_pop_load(DisasContext *s, MemOp ot, TCGv dst)
{
    gen_ld(s, ot, dst, G.regs[R_ESP]);
}

void gen_pop_commit(DisasContext *s, MemOp ot)
{
    tcg_gen_addi(s->tcg, G.regs[R_ESP], G.regs[R_ESP], 1 << ot);
}

/* ---- lazy flags ---- */

TCGv cc_srcT(DisasContext *s) { return blk(s)->cc_srcT; }

void gen_before_mid_label(DisasContext *s)
{
    CCOp op = s->cc_op;
    if (op >= CC_OP_SUBB && op <= CC_OP_SUBQ) {
        /* cc_srcT dies at the label; env's SUB state is complete without it */
        x86_gen_update_cc_op(s);
        s->cc_op = CC_OP_DYNAMIC;
        s->cc_op_dirty = false;
    }
}

void x86_set_cc_op(DisasContext *s, CCOp op)
{
    if (s->cc_op == op)
        return;
    s->cc_op = op;
    s->cc_op_dirty = op != CC_OP_DYNAMIC;
}

void x86_gen_update_cc_op(DisasContext *s)
{
    if (s->cc_op_dirty && s->cc_op != CC_OP_DYNAMIC) {
        tcg_gen_movi(s->tcg, G.cc_op, s->cc_op);
        s->cc_op_dirty = false;
    }
}

void x86_restore_cc_op_from_env(DisasContext *s)
{
    x86_gen_update_cc_op(s);
    s->tcg->ops[blk(s)->insn_start_op].args[1] = CC_OP_DYNAMIC;
}

void gen_set_cc_src2(DisasContext *s, TCGv carry)
{
    tcg_gen_mov(s->tcg, G.cc_src2, carry);
    blk(s)->cc_src2_written = true;
}

void gen_set_cc(DisasContext *s, CCOp op, TCGv dst, TCGv src)
{
    if (dst != TCGV_NONE)
        tcg_gen_mov(s->tcg, G.cc_dst, dst);
    if (src != TCGV_NONE)
        tcg_gen_mov(s->tcg, G.cc_src, src);
    x86_set_cc_op(s, op);
}

static TCGv cc_op_value(DisasContext *s)
{
    if (s->cc_op == CC_OP_DYNAMIC)
        return G.cc_op;
    return tcg_constant_i32(s->tcg, s->cc_op);
}

TCGv gen_eflags_tmp(DisasContext *s)
{
    if (s->cc_op == CC_OP_EFLAGS)
        return G.cc_src;
    TCGv f = tmp(s);
    if (s->cc_op == CC_OP_CLR) {
        tcg_gen_movi(s->tcg, f, CC_Z | CC_P);
        return f;
    }
    tcg_gen_calln(s->tcg, helper_cc_compute_all, TCG_CALL_NO_RWG_SE, f,
                  G.cc_dst, G.cc_src, G.cc_src2, cc_op_value(s));
    return f;
}

TCGv x86_gen_compute_eflags(DisasContext *s)
{
    if (s->cc_op != CC_OP_EFLAGS) {
        TCGv f = gen_eflags_tmp(s);
        tcg_gen_mov(s->tcg, G.cc_src, f);
        x86_set_cc_op(s, CC_OP_EFLAGS);
    }
    return G.cc_src;
}

static int cc_group(CCOp op) { return (op - CC_OP_ADDB) >> 2; }
static MemOp cc_size(CCOp op) { return (MemOp)((op - CC_OP_ADDB) & 3); }
enum { CCG_ADD, CCG_ADC, CCG_SUB, CCG_SBB, CCG_LOGIC, CCG_INC, CCG_DEC,
       CCG_SHL, CCG_SAR, CCG_MUL, CCG_BMILG };

static bool cc_is_sized(CCOp op) { return op >= CC_OP_ADDB && op <= CC_OP_BMILGQ; }

/* CF of adc/sbb: with carry-in c, dst <= b (adc) or a <= b (sbb) instead of < */
static void gen_carry_adc_sbb(DisasContext *s, TCGv c, MemOp ot, bool sbb)
{
    TCGContext *t = s->tcg;
    TCGv x = G.cc_dst, lt = tmp(s), le = tmp(s);
    if (sbb) {      /* the first operand: dst + src + carry-in */
        x = tmp(s);
        tcg_gen_add(t, x, G.cc_dst, G.cc_src);
        tcg_gen_add(t, x, x, G.cc_src2);
        gen_ext(s, ot, x, x);
    }
    tcg_gen_setcond(t, TCG_COND_LTU, lt, x, G.cc_src);
    tcg_gen_setcond(t, TCG_COND_LEU, le, x, G.cc_src);
    tcg_gen_movcond(t, TCG_COND_NE, c, G.cc_src2, cst(s, 0), le, lt);
}

/* SF, ZF, PF and AF (only) of a sized lazy state, inline */
static TCGv gen_szpa_sized(DisasContext *s, MemOp ot, int group)
{
    TCGContext *t = s->tcg;
    TCGv f = tmp(s), x = tmp(s);
    tcg_gen_setcond(t, TCG_COND_EQ, f, G.cc_dst, cst(s, 0));
    tcg_gen_shli(t, f, f, 6);
    tcg_gen_extract(t, x, G.cc_dst, ot_bits(ot) - 1, 1);
    tcg_gen_shli(t, x, x, 7);
    tcg_gen_or(t, f, f, x);
    tcg_gen_ext8u(t, x, G.cc_dst);
    tcg_gen_ctpop(t, x, x);
    tcg_gen_andi(t, x, x, 1);
    tcg_gen_xori(t, x, x, 1);
    tcg_gen_shli(t, x, x, 2);
    tcg_gen_or(t, f, f, x);
    /* AF: bit 4 of a ^ b ^ result */
    switch (group) {
    case CCG_ADD:
        tcg_gen_sub(t, x, G.cc_dst, G.cc_src);
        tcg_gen_xor(t, x, x, G.cc_src);
        break;
    case CCG_SUB:
        tcg_gen_xor(t, x, cc_srcT(s), G.cc_src);
        break;
    case CCG_INC:
        tcg_gen_subi(t, x, G.cc_dst, 1);
        tcg_gen_xori(t, x, x, 1);
        break;
    case CCG_DEC:
        tcg_gen_addi(t, x, G.cc_dst, 1);
        tcg_gen_xori(t, x, x, 1);
        break;
    default:
        return f;   /* AF is 0 */
    }
    tcg_gen_xor(t, x, x, G.cc_dst);
    tcg_gen_andi(t, x, x, CC_A);
    tcg_gen_or(t, f, f, x);
    return f;
}

TCGv gen_szpa_tmp(DisasContext *s)
{
    CCOp op = s->cc_op;
    if (cc_is_sized(op) && cc_group(op) != CCG_ADC && cc_group(op) != CCG_SBB)
        return gen_szpa_sized(s, cc_size(op), cc_group(op));
    return gen_eflags_tmp(s);
}

static TCGv gen_carry_speculative(DisasContext *s, CCOp spec);

TCGv gen_carry(DisasContext *s)
{
    TCGContext *t = s->tcg;
    CCOp op = s->cc_op;
    CCOp spec = (CCOp)s->env->cc_op;
    if (op == CC_OP_DYNAMIC && cc_is_sized(spec))
        return gen_carry_speculative(s, spec);
    TCGv c = tmp(s);
    if (op == CC_OP_EFLAGS) {
        tcg_gen_andi(t, c, G.cc_src, CC_C);
        return c;
    }
    if (op == CC_OP_CLR) {
        tcg_gen_movi(t, c, 0);
        return c;
    }
    if (cc_is_sized(op)) {
        MemOp ot = cc_size(op);
        switch (cc_group(op)) {
        case CCG_SUB: tcg_gen_setcond(t, TCG_COND_LTU, c, cc_srcT(s), G.cc_src); return c;
        case CCG_ADD: tcg_gen_setcond(t, TCG_COND_LTU, c, G.cc_dst, G.cc_src); return c;
        case CCG_LOGIC: tcg_gen_movi(t, c, 0); return c;
        case CCG_INC: case CCG_DEC: tcg_gen_andi(t, c, G.cc_src, 1); return c;
        case CCG_SHL: tcg_gen_extract(t, c, G.cc_src, ot_bits(ot) - 1, 1); return c;
        case CCG_SAR: tcg_gen_andi(t, c, G.cc_src, 1); return c;
        case CCG_MUL: tcg_gen_setcond(t, TCG_COND_NE, c, G.cc_src, cst(s, 0)); return c;
        case CCG_BMILG: tcg_gen_setcond(t, TCG_COND_EQ, c, G.cc_src, cst(s, 0)); return c;
        case CCG_ADC: case CCG_SBB: gen_carry_adc_sbb(s, c, ot, cc_group(op) == CCG_SBB); return c;
        default: break;
        }
    }
    tcg_temp_free(t, c);
    TCGv f = gen_eflags_tmp(s);
    TCGv r = tmp(s);
    tcg_gen_andi(t, r, f, CC_C);
    return r;
}

/* The fast half of a speculative flags read: branch to slow unless env's
 * lazy kind is spec, then translate as if spec were known (recreating the
 * subtraction's first operand, which only the translator tracks).  The
 * caller answers inline and resets s->cc_op to CC_OP_DYNAMIC. */
static void gen_enter_speculated_cc_op(DisasContext *s, CCOp spec, int slow)
{
    TCGContext *t = s->tcg;
    tcg_gen_brcond(t, TCG_COND_NE, G.cc_op, tcg_constant_i32(t, spec), slow);
    s->cc_op = spec;
    if (cc_is_sized(spec) && cc_group(spec) == CCG_SUB) {
        tcg_gen_add(t, cc_srcT(s), G.cc_dst, G.cc_src);
        gen_ext(s, cc_size(spec), cc_srcT(s), cc_srcT(s));
    }
}

/* CF in an unknown state: guess the kind env had when the block was
 * translated (see gen_prepare_cc_speculative); a block-lived 0/1 temp */
static TCGv gen_carry_speculative(DisasContext *s, CCOp spec)
{
    TCGContext *t = s->tcg;
    TCGv res = tmp_tb(s);
    int slow = tcg_new_label(t), done = tcg_new_label(t);
    gen_enter_speculated_cc_op(s, spec, slow);
    tcg_gen_mov(t, res, gen_carry(s));
    s->cc_op = CC_OP_DYNAMIC;
    tcg_gen_br(t, done);
    tcg_gen_set_label(t, slow);
    tcg_gen_andi(t, res, gen_eflags_tmp(s), CC_C);
    tcg_gen_set_label(t, done);
    return res;
}

/* conditions by jcc index >> 1 */
enum { JCC_O, JCC_B, JCC_Z, JCC_BE, JCC_S, JCC_P, JCC_L, JCC_LE };

static CCPrepare cc_from_eflags(DisasContext *s, int jcc, TCGv f)
{
    static const uint64_t bits[] = { CC_O, CC_C, CC_Z, CC_C | CC_Z, CC_S, CC_P };
    TCGContext *t = s->tcg;
    if (jcc <= JCC_P)
        return (CCPrepare){ TCG_COND_TSTNE, f, cst(s, bits[jcc]) };
    /* SF != OF: bring OF (bit 11) to SF's place (bit 7); ZF (bit 6) too for LE */
    TCGv x = tmp(s);
    tcg_gen_shri(t, x, f, 4);
    tcg_gen_xor(t, x, x, f);
    if (jcc == JCC_LE) {
        TCGv z = tmp(s);
        tcg_gen_shli(t, z, f, 1);
        tcg_gen_or(t, x, x, z);
    }
    return (CCPrepare){ TCG_COND_TSTNE, x, cst(s, CC_S) };
}

static CCPrepare cc_always(DisasContext *s, bool v)
{
    return (CCPrepare){ v ? TCG_COND_TSTEQ : TCG_COND_TSTNE, G.cc_dst, cst(s, 0) };
}

static TCGv sext_of(DisasContext *s, MemOp ot, TCGv v)
{
    if (ot == MO_64)
        return v;
    TCGv x = tmp(s);
    gen_exts(s, ot, x, v);
    return x;
}

/* SF != OF (or ZF) as 0/1 after add/inc/dec */
static TCGv gen_less(DisasContext *s, MemOp ot, int group, bool or_equal)
{
    TCGContext *t = s->tcg;
    TCGv of = tmp(s), sf = tmp(s);
    uint64_t sign = ot_sign(ot);
    if (group == CCG_INC) {
        tcg_gen_setcond(t, TCG_COND_EQ, of, G.cc_dst, cst(s, sign));
    } else if (group == CCG_DEC) {
        tcg_gen_setcond(t, TCG_COND_EQ, of, G.cc_dst, cst(s, sign - 1));
    } else {
        TCGv a = tmp(s);
        tcg_gen_sub(t, a, G.cc_dst, G.cc_src);
        tcg_gen_xor(t, of, a, G.cc_src);
        tcg_gen_not(t, of, of);
        tcg_gen_xor(t, a, a, G.cc_dst);
        tcg_gen_and(t, of, of, a);
        tcg_gen_extract(t, of, of, ot_bits(ot) - 1, 1);
    }
    tcg_gen_extract(t, sf, G.cc_dst, ot_bits(ot) - 1, 1);
    tcg_gen_xor(t, sf, sf, of);
    if (or_equal) {
        TCGv z = tmp(s);
        tcg_gen_setcond(t, TCG_COND_EQ, z, G.cc_dst, cst(s, 0));
        tcg_gen_or(t, sf, sf, z);
    }
    return sf;
}

/* conditions that a sized lazy state answers without the flags helper */
static bool cc_fast(DisasContext *s, int jcc, CCPrepare *cc)
{
    CCOp op = s->cc_op;
    if (!cc_is_sized(op))
        return false;
    MemOp ot = cc_size(op);
    int g = cc_group(op);
    if (jcc == JCC_Z) {
        *cc = (CCPrepare){ TCG_COND_EQ, G.cc_dst, cst(s, 0) };
        return true;
    }
    if (jcc == JCC_S) {
        *cc = (CCPrepare){ TCG_COND_TSTNE, G.cc_dst, cst(s, ot_sign(ot)) };
        return true;
    }
    if (jcc == JCC_O && (g == CCG_SUB || g == CCG_ADD)) {
        /* operands of like (add) or unlike (sub) sign, result of the other */
        TCGContext *t = s->tcg;
        TCGv a = tmp(s), x = tmp(s);
        if (g == CCG_SUB) {
            tcg_gen_mov(t, a, cc_srcT(s));
            tcg_gen_xor(t, x, a, G.cc_src);
        } else {
            tcg_gen_sub(t, a, G.cc_dst, G.cc_src);
            tcg_gen_xor(t, x, a, G.cc_src);
            tcg_gen_not(t, x, x);
        }
        tcg_gen_xor(t, a, a, G.cc_dst);
        tcg_gen_and(t, x, x, a);
        *cc = (CCPrepare){ TCG_COND_TSTNE, x, cst(s, ot_sign(ot)) };
        return true;
    }
    if (g == CCG_SUB) {
        switch (jcc) {
        case JCC_B: *cc = (CCPrepare){ TCG_COND_LTU, cc_srcT(s), G.cc_src }; return true;
        case JCC_BE: *cc = (CCPrepare){ TCG_COND_LEU, cc_srcT(s), G.cc_src }; return true;
        case JCC_L:
        case JCC_LE:
            *cc = (CCPrepare){ jcc == JCC_L ? TCG_COND_LT : TCG_COND_LE,
                               sext_of(s, ot, cc_srcT(s)), sext_of(s, ot, G.cc_src) };
            return true;
        default: return false;
        }
    }
    if (g == CCG_LOGIC) {
        switch (jcc) {
        case JCC_O: case JCC_B: *cc = cc_always(s, false); return true;
        case JCC_BE: *cc = (CCPrepare){ TCG_COND_EQ, G.cc_dst, cst(s, 0) }; return true;
        case JCC_L: *cc = (CCPrepare){ TCG_COND_TSTNE, G.cc_dst, cst(s, ot_sign(ot)) }; return true;
        case JCC_LE: *cc = (CCPrepare){ TCG_COND_LE, sext_of(s, ot, G.cc_dst), cst(s, 0) }; return true;
        default: return false;
        }
    }
    if (g == CCG_ADD && jcc == JCC_B) {
        *cc = (CCPrepare){ TCG_COND_LTU, G.cc_dst, G.cc_src };
        return true;
    }
    if ((jcc == JCC_L || jcc == JCC_LE) && (g == CCG_ADD || g == CCG_INC || g == CCG_DEC)) {
        *cc = (CCPrepare){ TCG_COND_NE, gen_less(s, ot, g, jcc == JCC_LE), cst(s, 0) };
        return true;
    }
    if (jcc == JCC_B) {     /* every sized kind has an inline carry */
        *cc = (CCPrepare){ TCG_COND_NE, gen_carry(s), cst(s, 0) };
        return true;
    }
    return false;
}

/* can jcc be answered inline for this kind (cc_fast, or the EFLAGS bits)? */
static bool cc_fast_ok(CCOp op, int jcc)
{
    if (op == CC_OP_EFLAGS) /* the bits themselves (after ucomisd, popf) */
        return true;
    if (!cc_is_sized(op) || jcc == JCC_P)
        return false;
    int g = cc_group(op);
    switch (jcc) {
    case JCC_Z: case JCC_S: case JCC_B: return true;
    case JCC_O: return g == CCG_SUB || g == CCG_ADD || g == CCG_LOGIC;
    case JCC_BE: return g == CCG_SUB || g == CCG_LOGIC;
    default: return g == CCG_SUB || g == CCG_LOGIC || g == CCG_ADD || g == CCG_INC || g == CCG_DEC;
    }
}

/* The lazy state is unknown here, but env held spec when the block was
 * translated, and a block is mostly entered the same way: test for spec
 * and answer inline, the flags helper being the fallback.  The result is
 * a block-lived 0/1 temp (the paths join at a label). */
static CCPrepare gen_prepare_cc_speculative(DisasContext *s, int jcc, CCOp spec)
{
    TCGContext *t = s->tcg;
    TCGv res = tmp_tb(s);
    int slow = tcg_new_label(t), done = tcg_new_label(t);
    gen_enter_speculated_cc_op(s, spec, slow);
    CCPrepare cc;
    if (spec == CC_OP_EFLAGS)
        cc = cc_from_eflags(s, jcc, G.cc_src);
    else
        cc_fast(s, jcc, &cc);
    s->cc_op = CC_OP_DYNAMIC;
    tcg_gen_setcond(t, cc.cond, res, cc.a, cc.b);
    tcg_gen_br(t, done);
    tcg_gen_set_label(t, slow);
    cc = cc_from_eflags(s, jcc, gen_eflags_tmp(s));
    tcg_gen_setcond(t, cc.cond, res, cc.a, cc.b);
    tcg_gen_set_label(t, done);
    return (CCPrepare){ TCG_COND_NE, res, cst(s, 0) };
}

/* Callers emit nothing they need afterwards before this: the speculative
 * form has labels, where EBB temps die. */
CCPrepare gen_prepare_cc(DisasContext *s, int b)
{
    int jcc = (b >> 1) & 7;
    CCPrepare cc;
    CCOp spec = (CCOp)s->env->cc_op;
    if (s->cc_op == CC_OP_DYNAMIC && cc_fast_ok(spec, jcc))
        cc = gen_prepare_cc_speculative(s, jcc, spec);
    else if (s->cc_op == CC_OP_EFLAGS)
        cc = cc_from_eflags(s, jcc, G.cc_src);
    else if (s->cc_op == CC_OP_CLR)
        cc = cc_always(s, jcc == JCC_Z || jcc == JCC_BE || jcc == JCC_P || jcc == JCC_LE);
    else if (!cc_fast(s, jcc, &cc))
        cc = cc_from_eflags(s, jcc, gen_eflags_tmp(s));
    if (b & 1)
        cc.cond = tcg_invert_cond(cc.cond);
    return cc;
}

TCGv gen_setcc_tmp(DisasContext *s, int b)
{
    CCPrepare cc = gen_prepare_cc(s, b);
    TCGv r = tmp(s);
    tcg_gen_setcond(s->tcg, cc.cond, r, cc.a, cc.b);
    return r;
}

/* ---- exceptions and block exits ---- */

void x86_gen_update_rip_cur(DisasContext *s)
{
    tcg_gen_movi(s->tcg, G.rip, s->pc_start);
}

void gen_exception_at(DisasContext *s, int excp, uint64_t rip)
{
    TCGContext *t = s->tcg;
    if (rip == s->pc_start) {
        /* the helper unwinds through insn_start: rip and cc_op come back exact */
        tcg_gen_calln(t, helper_raise_exception, 0, TCGV_NONE, env_v(s), cst(s, (uint64_t)excp));
    } else {
        x86_gen_update_cc_op(s);
        tcg_gen_movi(t, G.rip, rip);
        tcg_gen_calln(t, helper_raise_exception_at, 0, TCGV_NONE, env_v(s), cst(s, (uint64_t)excp));
    }
    s->is_jmp = DISAS_NORETURN;
}

void x86_gen_exception(DisasContext *s, int excp)
{
    gen_exception_at(s, excp, s->pc_start);
}

void gen_gpf(DisasContext *s)
{
    x86_gen_exception(s, EXCP0D_GPF);
}

static void log_unimp(DisasContext *s)
{
    uint8_t bytes[X86_MAX_INSN_LEN];
    size_t n = s->pc - s->pc_start;
    if (n > sizeof(bytes))
        n = sizeof(bytes);
    if (!guest_code_read(s->env, s->pc_start, bytes, n))
        n = 0;
    char hex[3 * X86_MAX_INSN_LEN + 1] = "";
    for (size_t i = 0; i < n; i++)
        snprintf(hex + 3 * i, 4, "%02x ", bytes[i]);
    tern_log("unimplemented instruction at 0x%llx: %s\n", (unsigned long long)s->pc_start, hex);
}

void x86_gen_illegal(DisasContext *s)
{
    if (tern_log_enabled(LOG_UNIMP))
        log_unimp(s);
    x86_gen_exception(s, EXCP06_ILLOP);
}

/* A jump to a block at or below this one's start may close a loop: it
 * tests exit_request first, leaving by its slot's unchained exit (exec.h). */
static bool may_close_loop(DisasContext *s, uint64_t dest) { return dest <= s->tb->pc; }

void gen_jmp_tb(DisasContext *s, uint64_t dest, int slot)
{
    TCGContext *t = s->tcg;
    x86_gen_update_cc_op(s);
    int exit = -1;
    if (may_close_loop(s, dest)) {
        TCGv req = tcg_temp_new(t, TCG_TYPE_I32);
        tcg_gen_ld(t, INDEX_op_ld, req, t->env, (int32_t)offsetof(CPUX86State, exit_request));
        exit = tcg_new_label(t);
        tcg_gen_brcondi(t, TCG_COND_NE, req, 0, exit);
        tcg_temp_free(t, req);
    }
    tcg_gen_goto_tb(t, slot);
    if (exit >= 0)
        tcg_gen_set_label(t, exit);
    s->tb->jmp_pc[slot] = dest; /* rip, once the exit returns (exec.h) */
    tcg_gen_exit_tb(t, (uintptr_t)s->tb | (uintptr_t)slot);
    s->is_jmp = DISAS_NORETURN;
}

static void gen_jmp_lookup(DisasContext *s, TCGv dest, uint32_t flags)
{
    TCGContext *t = s->tcg;
    tcg_gen_mov(t, G.rip, dest);
    x86_gen_update_cc_op(s);
    exec_gen_lookup_and_goto_ptr(t, G.rip, flags);
    s->is_jmp = DISAS_NORETURN;
}

void gen_jmp_indirect(DisasContext *s, TCGv dest)
{
    gen_jmp_lookup(s, dest, s->tb->flags);
}

void gen_jmp_next_mode_changed(DisasContext *s)
{
    gen_jmp_lookup(s, cst(s, s->pc), EXEC_LOOKUP_FLAGS_CHANGED);
}

static bool block_full(DisasContext *s, int max_insns);

/* Leave for dest if (a cond b), through a side exit (goto_tb slots 2
 * and up), and go on decoding at s->pc otherwise: the block becomes a
 * superblock whose straight path keeps the guest registers in host
 * registers.  False, with nothing emitted, where the block cannot go
 * on (no slot left, full, or s->pc on another page) or need not: a
 * block at s->pc exists, which the jump chains to instead of this block
 * translating its code again (python3 startup translated 16% more guest
 * instructions without that test, 11% with it). */
bool gen_side_exit(DisasContext *s, TCGCond cond, TCGv a, TCGv b, uint64_t dest)
{
    DisasBlock *d = blk(s);
    if (d->side_exits == TCG_MAX_JMP_SLOTS - 2 || block_full(s, d->max_insns - 1) ||
        tb_is_cached(s->pc, s->tb->flags))
        return false;
    int slot = 2 + d->side_exits++;
    x86_gen_update_cc_op(s);
    s->tb->jmp_pc[slot] = dest;
    tcg_gen_brcond_exit(s->tcg, cond, a, b, (uintptr_t)s->tb | (uintptr_t)slot,
                        may_close_loop(s, dest) ? (int32_t)offsetof(CPUX86State, exit_request) : -1);
    return true;
}

/* A branch to the block's own start closes a loop inside the block: a
 * loop_back to the head label set before its first instruction, so the
 * guest registers the loop carries stay in host registers from one
 * iteration to the next (tcg_plan_loop), where a jump chained to the
 * block itself would go through env.  Unless cond is ALWAYS, the loop
 * is left for s->pc on the inverted condition, through a side exit in
 * slot 0; the loop_back leaves by slot 1 when exit_request is set (or
 * the block was invalidated).  False, with nothing emitted, if target is
 * not the block's start or the block may not loop. */
bool gen_loop_branch(DisasContext *s, TCGCond cond, TCGv a, TCGv b, uint64_t target)
{
    DisasBlock *d = blk(s);
    if (target != s->tb->pc || d->loop_head < 0)
        return false;
    TCGContext *t = s->tcg;
    int32_t request = (int32_t)offsetof(CPUX86State, exit_request);
    x86_gen_update_cc_op(s);
    if (cond != TCG_COND_ALWAYS) {
        s->tb->jmp_pc[0] = s->pc;
        tcg_gen_brcond_exit(t, tcg_invert_cond(cond), a, b, (uintptr_t)s->tb,
                            may_close_loop(s, s->pc) ? request : -1);
    }
    s->tb->jmp_pc[1] = target;
    tcg_gen_loop_back(t, d->loop_head, (uintptr_t)s->tb | 1, request);
    s->is_jmp = DISAS_NORETURN;
    return true;
}

/* A direct jmp or call whose target lies on the block's page continues
 * the block there instead of ending it: no block exit, no chained jump,
 * and the registers stay in host registers.  The block's code is still
 * one page (SMC invalidation is per page); tb->size covers the highest
 * byte decoded. */
bool x86_follow_jump(DisasContext *s, uint64_t target)
{
    DisasBlock *d = blk(s);
    if (((target ^ s->tb->pc) & ~(GUEST_PAGE - 1)) != 0 || block_full(s, d->max_insns - 1))
        return false;
    if (s->pc > d->code_end)
        d->code_end = s->pc;
    s->pc = target;
    return true;
}

/* Does the next instruction overwrite every arithmetic flag without
 * reading any, and without being able to fault?  Then the flags of the
 * current one are dead (no exception or signal can observe them: both
 * happen at instruction boundaries inside the block only through a
 * fault).  Only looks at register-form ALU ops on the same page. */
bool x86_flags_dead_after(DisasContext *s)
{
    uint8_t buf[8];     /* the longest form accepted: 66 REX 81 modrm imm32 */
    uint64_t pc = s->pc;
    uint64_t room = ((pc | (GUEST_PAGE - 1)) + 1) - pc;
    /* the next instruction must be translated into this block: at a
     * block boundary the cpu loop may deliver a signal */
    TCGContext *t = s->tcg;
    if (block_full(s, blk(s)->max_insns - 1) || t->nb_ops > TCG_MAX_OPS - 700 ||
        t->nb_temps > TCG_MAX_TEMPS - 200 || t->nb_labels > TCG_MAX_LABELS - 50 || room < sizeof(buf) ||
        !guest_code_read(s->env, pc, buf, sizeof(buf)))
        return false;
    int i = 0;
    if (buf[i] == 0x66)
        i++;
    if ((buf[i] & 0xf0) == 0x40)
        i++;
    int b = buf[i], modrm = buf[i + 1];
    bool reg_form = (modrm >> 6) == 3;
    int op = (modrm >> 3) & 7;
    if (b < 0x40 && (b & 7) <= 5) {
        int alu = b >> 3;
        if (alu == OP_ADC || alu == OP_SBB)
            return false;
        return (b & 7) >= 4 || reg_form;
    }
    switch (b) {
    case 0x80: case 0x81: case 0x83: return reg_form && op != OP_ADC && op != OP_SBB;
    case 0x84: case 0x85: return reg_form;
    case 0xa8: case 0xa9: return true;
    case 0xf6: case 0xf7: return reg_form && (op == 0 || op == 3);
    default: return false;
    }
}

/* ---- simple instructions handled here ---- */

static void gen_mov_rm_reg(DisasContext *s, int b)
{
    MemOp ot = ot_of(s, b);
    x86_decode_modrm(s);
    TCGv addr = gen_rm_addr(s);
    if (b & 2) {        /* 8A/8B: reg <- r/m */
        TCGv v = addr == TCGV_NONE ? gen_reg_value(s, ot, s->rm) : tmp(s);
        if (addr != TCGV_NONE)
            gen_ld(s, ot, v, addr);
        x86_gen_store_reg(s, ot, s->reg, v);
    } else {            /* 88/89: r/m <- reg */
        gen_st_rm(s, ot, addr, gen_reg_value(s, ot, s->reg));
    }
}

static void gen_mov_rm_imm(DisasContext *s, int b)
{
    MemOp ot = ot_of(s, b);
    x86_decode_modrm(s);
    if ((s->modrm & 0x38) != 0) {
        x86_gen_illegal(s);
        return;
    }
    s->rip_offset = imm_size(ot);
    TCGv addr = gen_rm_addr(s);
    TCGv v = cst(s, insn_imm(s, ot));
    gen_st_rm(s, ot, addr, v);
}

/* movzx / movsx (0F B6/B7/BE/BF) and movsxd (63); from memory the load
 * itself extends (one host movsx instead of a load and an extension) */
static void gen_movx(DisasContext *s, MemOp src_ot, bool sign)
{
    x86_decode_modrm(s);
    TCGv addr = gen_rm_addr(s);
    TCGv v = tmp(s);
    if (addr != TCGV_NONE) {
        gen_ld(s, sign ? src_ot | MO_SIGN : src_ot, v, addr);
    } else {
        x86_gen_load_reg(s, src_ot, v, s->rm);
        if (sign)
            gen_exts(s, src_ot, v, v);
    }
    x86_gen_store_reg(s, s->dflag, s->reg, v);
}

static void gen_mov_moffs(DisasContext *s, int b)
{
    MemOp ot = ot_of(s, b);
    uint64_t off = s->aflag == MO_64 ? x86_ldq_code(s) : x86_ldl_code(s);
    TCGv addr = tmp(s);
    tcg_gen_movi(s->tcg, addr, off);
    if (s->override_seg == R_FS || s->override_seg == R_GS) {
        TCGv base = tmp(s);
        tcg_gen_ld(s->tcg, INDEX_op_ld, base, env_v(s),
                   (int32_t)offsetof(CPUX86State, seg_base[s->override_seg]));
        tcg_gen_add(s->tcg, addr, addr, base);
    }
    TCGv v = tmp(s);
    if (b & 2) {        /* A2/A3: moffs <- rAX */
        x86_gen_load_reg(s, ot, v, R_EAX);
        gen_st(s, ot, v, addr);
    } else {
        gen_ld(s, ot, v, addr);
        x86_gen_store_reg(s, ot, R_EAX, v);
    }
}

static void gen_mov_reg_imm(DisasContext *s, int b)
{
    int reg = (b & 7) | s->rex_b;
    if (b < 0xb8) {
        x86_gen_store_reg(s, MO_8, reg, cst(s, x86_ldub_code(s)));
    } else if (s->dflag == MO_64) {
        tcg_gen_movi(s->tcg, G.regs[reg], x86_ldq_code(s));
    } else {
        x86_gen_store_reg(s, s->dflag, reg, cst(s, insn_imm(s, s->dflag)));
    }
}

/* 80/81/83: ALU r/m, imm */
static void gen_grp1(DisasContext *s, int b)
{
    MemOp ot = ot_of(s, b);
    x86_decode_modrm(s);
    int op = (s->modrm >> 3) & 7;
    TCGv carry = gen_carry_in(s, op);
    MemOp imm_ot = b == 0x83 ? MO_8 : ot;
    s->rip_offset = imm_size(imm_ot);
    TCGv addr = gen_rm_addr(s);
    uint64_t imm = (uint64_t)insn_simm(s, imm_ot == MO_64 ? MO_32 : imm_ot);
    gen_alu(s, op, ot, addr, s->rm, cst(s, imm & ot_mask(ot)), carry);
}

/* 00-3D: the eight ALU rows */
static void gen_alu_row(DisasContext *s, int b)
{
    int op = b >> 3;
    MemOp ot = ot_of(s, b);
    TCGv carry = gen_carry_in(s, op);
    TCGv v = tmp(s);
    switch (b & 7) {
    case 0: case 1: {   /* r/m op= reg */
        x86_decode_modrm(s);
        TCGv addr = gen_rm_addr(s);
        x86_gen_load_reg(s, ot, v, s->reg);
        if (addr == TCGV_NONE && s->reg == s->rm && (op == OP_XOR || op == OP_SUB)) {
            /* xor r,r / sub r,r: the zero idiom */
            x86_gen_store_reg(s, ot, s->reg, cst(s, 0));
            x86_set_cc_op(s, CC_OP_CLR);
            return;
        }
        gen_alu(s, op, ot, addr, s->rm, v, carry);
        return;
    }
    case 2: case 3: {   /* reg op= r/m */
        x86_decode_modrm(s);
        TCGv addr = gen_rm_addr(s);
        gen_ld_rm(s, ot, v, addr);
        gen_alu(s, op, ot, TCGV_NONE, s->reg, v, carry);
        return;
    }
    default:            /* rAX op= imm */
        gen_alu(s, op, ot, TCGV_NONE, R_EAX, cst(s, insn_imm(s, ot) & ot_mask(ot)), carry);
        return;
    }
}

static void gen_test_insn(DisasContext *s, int b)
{
    MemOp ot = ot_of(s, b);
    if (b >= 0xa8) {
        gen_test(s, ot, gen_reg_value(s, ot, R_EAX), cst(s, insn_imm(s, ot) & ot_mask(ot)));
        return;
    }
    x86_decode_modrm(s);
    TCGv addr = gen_rm_addr(s), a;
    if (addr != TCGV_NONE) {
        a = tmp(s);
        gen_ld(s, ot, a, addr);
    } else {
        a = gen_reg_value(s, ot, s->rm);
        if (s->rm == s->reg) { /* test r,r: one read, and(x, x) folds */
            gen_test(s, ot, a, a);
            return;
        }
    }
    gen_test(s, ot, a, gen_reg_value(s, ot, s->reg));
}

/* C0/C1/D0-D3 */
static void gen_grp2(DisasContext *s, int b)
{
    MemOp ot = ot_of(s, b);
    x86_decode_modrm(s);
    if (b <= 0xc1)
        s->rip_offset = 1;
    TCGv addr = gen_rm_addr(s);
    TCGv count;
    if (b <= 0xc1) {
        count = cst(s, x86_ldub_code(s));
    } else if (b <= 0xd1) {
        count = cst(s, 1);
    } else {
        count = tmp(s);
        tcg_gen_ext8u(s->tcg, count, G.regs[R_ECX]);
    }
    gen_shift(s, (s->modrm >> 3) & 7, ot, addr, count);
}

static void gen_imul_imm(DisasContext *s, int b)
{
    MemOp ot = s->dflag;
    x86_decode_modrm(s);
    MemOp imm_ot = b == 0x6b ? MO_8 : (ot == MO_64 ? MO_32 : ot);
    s->rip_offset = imm_size(imm_ot);
    TCGv addr = gen_rm_addr(s);
    TCGv a = tmp(s);
    gen_ld_rm(s, ot, a, addr);
    uint64_t imm = (uint64_t)insn_simm(s, imm_ot) & ot_mask(ot);
    gen_imul3(s, ot, a, cst(s, imm), s->reg);
}

static void gen_xchg_ax(DisasContext *s, int b)
{
    int reg = (b & 7) | s->rex_b;
    MemOp ot = s->dflag;
    TCGv a = tmp(s), c = tmp(s);
    x86_gen_load_reg(s, ot, a, R_EAX);
    x86_gen_load_reg(s, ot, c, reg);
    x86_gen_store_reg(s, ot, R_EAX, c);
    x86_gen_store_reg(s, ot, reg, a);
}

/* 98/99: cbw/cwde/cdqe, cwd/cdq/cqo */
static void gen_convert(DisasContext *s, int b)
{
    TCGContext *t = s->tcg;
    MemOp ot = s->dflag;
    TCGv v = tmp(s);
    if (b == 0x98) {
        x86_gen_load_reg(s, (MemOp)(ot - 1), v, R_EAX);
        gen_exts(s, (MemOp)(ot - 1), v, v);
        x86_gen_store_reg(s, ot, R_EAX, v);
    } else {
        x86_gen_load_reg(s, ot, v, R_EAX);
        gen_exts(s, ot, v, v);
        tcg_gen_sari(t, v, v, 63);
        x86_gen_store_reg(s, ot, R_EDX, v);
        s->dx_is_ax_sign_next = 1 + (int)ot;
    }
}

static void gen_xlat(DisasContext *s)
{
    TCGContext *t = s->tcg;
    TCGv addr = tmp(s);
    tcg_gen_ext8u(t, addr, G.regs[R_EAX]);
    tcg_gen_add(t, addr, addr, G.regs[R_EBX]);
    if (s->aflag == MO_32)
        tcg_gen_ext32u(t, addr, addr);
    if (s->override_seg == R_FS || s->override_seg == R_GS) {
        TCGv base = tmp(s);
        tcg_gen_ld(t, INDEX_op_ld, base, env_v(s), (int32_t)offsetof(CPUX86State, seg_base[s->override_seg]));
        tcg_gen_add(t, addr, addr, base);
    }
    TCGv v = tmp(s);
    gen_ld(s, MO_8, v, addr);
    x86_gen_store_reg(s, MO_8, R_EAX, v);
}

/* FE/FF */
static bool gen_grp45(DisasContext *s, int b)
{
    MemOp ot = ot_of(s, b);
    x86_decode_modrm(s);
    int op = (s->modrm >> 3) & 7;
    if (op <= 1) {
        TCGv carry = gen_carry(s);
        TCGv addr = gen_rm_addr(s);
        gen_incdec(s, ot, addr, s->rm, op == 1, carry);
        return true;
    }
    if (b == 0xfe)
        return false;
    /* ff /2 call, /4 jmp, /6 push: 64-bit operands (16 with 66) */
    return gen_ctrl_onebyte(s, 0x100 | op);
}

static void gen_cmov(DisasContext *s, int b)
{
    MemOp ot = s->dflag;
    x86_decode_modrm(s);
    CCPrepare cc = gen_prepare_cc(s, b);
    TCGv addr = gen_rm_addr(s);
    TCGv v = tmp(s), old = tmp(s);
    gen_ld_rm(s, ot, v, addr);
    x86_gen_load_reg(s, ot, old, s->reg);
    tcg_gen_movcond(s->tcg, cc.cond, v, cc.a, cc.b, v, old);
    x86_gen_store_reg(s, ot, s->reg, v);
}

static void gen_setcc_insn(DisasContext *s, int b)
{
    x86_decode_modrm(s);
    TCGv v = gen_setcc_tmp(s, b);
    TCGv addr = gen_rm_addr(s);
    gen_st_rm(s, MO_8, addr, v);
}

/* 0F 18-1F: hint nops (prefetch, nop r/m, endbr64) */
static void gen_nop_modrm(DisasContext *s)
{
    x86_decode_modrm(s);
    if (s->mod != 3)
        decode_addr_parts(s);
}

/* ---- dispatch ---- */

static bool disas_0f(DisasContext *s, int b)
{
    switch (b) {
    case 0x0d: case 0x18: case 0x19: case 0x1a: case 0x1b: case 0x1c: case 0x1d: case 0x1e: case 0x1f:
        gen_nop_modrm(s);
        return true;
    case 0x40 ... 0x4f: gen_cmov(s, b); return true;
    case 0x90 ... 0x9f: gen_setcc_insn(s, b); return true;
    case 0xb6: gen_movx(s, MO_8, false); return true;
    case 0xb7: gen_movx(s, MO_16, false); return true;
    case 0xbe: gen_movx(s, MO_8, true); return true;
    case 0xbf: gen_movx(s, MO_16, true); return true;
    case 0xaf: {
        x86_decode_modrm(s);
        TCGv addr = gen_rm_addr(s);
        TCGv a = tmp(s), v = tmp(s);
        gen_ld_rm(s, s->dflag, a, addr);
        x86_gen_load_reg(s, s->dflag, v, s->reg);
        gen_imul3(s, s->dflag, v, a, s->reg);
        return true;
    }
    case 0xa3: case 0xab: case 0xb3: case 0xbb:
        x86_decode_modrm(s);
        return gen_bt(s, (b >> 3) & 3, false);
    case 0xba:
        x86_decode_modrm(s);
        if (((s->modrm >> 3) & 7) < 4)
            return false;
        return gen_bt(s, (s->modrm >> 3) & 3, true);
    case 0xa4: case 0xa5: case 0xac: case 0xad: {
        x86_decode_modrm(s);
        TCGv count;
        if (b & 1) {
            count = tmp(s);
            tcg_gen_ext8u(s->tcg, count, G.regs[R_ECX]);
        } else {
            s->rip_offset = 1;
            count = TCGV_NONE;
        }
        gen_shiftd(s, s->dflag, b >= 0xac, count);
        return true;
    }
    case 0xbc: case 0xbd: gen_bitscan(s, b); return true;
    case 0xb8:
        if (!(s->prefix & PREFIX_REPZ) || !(s->env->cpuid_ext_features & CPUID_EXT_POPCNT))
            return false;
        gen_popcnt(s);
        return true;
    case 0xc8 ... 0xcf: gen_bswap(s, (b & 7) | s->rex_b); return true;
    case 0xb0: case 0xb1: x86_decode_modrm(s); gen_cmpxchg(s, ot_of(s, b)); return true;
    case 0xc0: case 0xc1: x86_decode_modrm(s); gen_xadd(s, ot_of(s, b)); return true;
    case 0xc7: return gen_cmpxchg8b16b(s);
    case 0xc3: {        /* movnti: an ordinary store here */
        if (s->prefix & (PREFIX_DATA | PREFIX_REPZ | PREFIX_REPNZ))
            return false;
        x86_decode_modrm(s);
        if (s->mod == 3)
            return false;
        TCGv addr = x86_gen_lea(s);
        TCGv v = tmp(s);
        MemOp ot = s->dflag == MO_64 ? MO_64 : MO_32;
        x86_gen_load_reg(s, ot, v, s->reg);
        gen_st(s, ot, v, addr);
        return true;
    }
    default:
        return gen_ctrl_0f(s, b);
    }
}

/* After an SSE/x87 instruction: if it emitted a label, cc_srcT died there */
static bool after_family(DisasContext *s, int ops_mark, bool ok)
{
    TCGContext *t = s->tcg;
    for (int i = ops_mark; i < t->nb_ops; i++) {
        if (t->ops[i].opc == INDEX_op_set_label) {
            gen_before_mid_label(s);
            break;
        }
    }
    return ok;
}

static bool sse(DisasContext *s, int map, int b)
{
    int mark = s->tcg->nb_ops;
    return after_family(s, mark, x86_translate_sse(s, map, b));
}

static bool is_sse_0f(int b)
{
    return (b >= 0x10 && b <= 0x17) || (b >= 0x28 && b <= 0x2f) || (b >= 0x50 && b <= 0x7f) ||
           b == 0xae || b == 0xc2 || (b >= 0xc4 && b <= 0xc6) || b >= 0xd0;
}

static bool disas_two_byte(DisasContext *s)
{
    int b = x86_ldub_code(s);
    if (b == 0x38) {
        int b3 = x86_ldub_code(s);
        if ((b3 == 0xf0 || b3 == 0xf1) && !(s->prefix & PREFIX_REPNZ)) /* F2: crc32 */
            return !(s->prefix & PREFIX_REPZ) && gen_movbe(s, b3);
        return sse(s, 2, b3);
    }
    if (b == 0x3a)
        return sse(s, 3, x86_ldub_code(s));
    if (is_sse_0f(b))
        return sse(s, 1, b);
    return disas_0f(s, b);
}

static bool disas_one_byte(DisasContext *s, int b)
{
    switch (b) {
    case 0x00 ... 0x05: case 0x08 ... 0x0d: case 0x10 ... 0x15: case 0x18 ... 0x1d:
    case 0x20 ... 0x25: case 0x28 ... 0x2d: case 0x30 ... 0x35: case 0x38 ... 0x3d:
        gen_alu_row(s, b);
        return true;
    case 0x0f: return disas_two_byte(s);
    case 0x63: gen_movx(s, MO_32, true); return true;
    case 0x69: case 0x6b: gen_imul_imm(s, b); return true;
    case 0x80: case 0x81: case 0x83: gen_grp1(s, b); return true;
    case 0x84: case 0x85: case 0xa8: case 0xa9: gen_test_insn(s, b); return true;
    case 0x86: case 0x87: x86_decode_modrm(s); gen_xchg(s, ot_of(s, b)); return true;
    case 0x88 ... 0x8b: gen_mov_rm_reg(s, b); return true;
    case 0x8d: gen_lea_insn(s); return true;
    case 0x90 ... 0x97:
        if (b == 0x90 && !s->rex_b)
            return true;        /* nop, pause */
        gen_xchg_ax(s, b);
        return true;
    case 0x98: case 0x99: gen_convert(s, b); return true;
    case 0x9b: /* fwait */
        tcg_gen_calln(s->tcg, helper_x87_check_pending, TCG_CALL_NO_WG, TCGV_NONE, s->tcg->env);
        return true;
    case 0xa0 ... 0xa3: gen_mov_moffs(s, b); return true;
    case 0xa4 ... 0xa7: case 0xaa ... 0xaf: return gen_string(s, b);
    case 0xb0 ... 0xbf: gen_mov_reg_imm(s, b); return true;
    case 0xc0: case 0xc1: case 0xd0 ... 0xd3: gen_grp2(s, b); return true;
    case 0xc4: case 0xc5: return gen_vex(s, b);
    case 0xc6: case 0xc7: gen_mov_rm_imm(s, b); return true;
    case 0xd7: gen_xlat(s); return true;
    case 0xd8 ... 0xdf: {
        int mark = s->tcg->nb_ops;
        return after_family(s, mark, x86_translate_x87(s, b));
    }
    case 0xf6: case 0xf7: return gen_grp3(s, ot_of(s, b));
    case 0xfe: case 0xff: return gen_grp45(s, b);
    default: return gen_ctrl_onebyte(s, b);
    }
}

/* LOCK is valid only on a read-modify-write of memory */
static bool lock_allowed(DisasContext *s, int b)
{
    int map0f = 0;
    if (b == 0x0f) {
        map0f = 1;
        b = x86_ldub_code(s);
    }
    int modrm = x86_ldub_code(s);
    s->pc -= 1 + map0f;
    if ((modrm >> 6) == 3)
        return false;
    int op = (modrm >> 3) & 7;
    if (map0f) {
        switch (b) {
        case 0xab: case 0xb3: case 0xbb: case 0xb0: case 0xb1: case 0xc0: case 0xc1: return true;
        case 0xba: return op >= 5;
        case 0xc7: return op == 1;
        default: return false;
        }
    }
    if (b < 0x40)
        return (b & 7) <= 1 && (b >> 3) != OP_CMP;
    switch (b) {
    case 0x80: case 0x81: case 0x83: return op != OP_CMP;
    case 0x86: case 0x87: return true;
    case 0xf6: case 0xf7: return op == 2 || op == 3;
    case 0xfe: return op <= 1;
    case 0xff: return op <= 1;
    default: return false;
    }
}

static void disas_insn(DisasContext *s)
{
    s->prefix = 0;
    s->rex_present = false;
    s->rex_w = s->rex_r = s->rex_x = s->rex_b = 0;
    s->override_seg = -1;
    s->rip_offset = 0;
    int b;
    for (;;) {
        b = x86_ldub_code(s);
        if (b >= 0x40 && b <= 0x4f) {       /* REX: the last one counts */
            s->rex_present = true;
            s->rex_w = (b >> 3) & 1;
            s->rex_r = (b & 4) << 1;
            s->rex_x = (b & 2) << 2;
            s->rex_b = (b & 1) << 3;
            continue;
        }
        switch (b) {
        case 0xf3: s->prefix = (s->prefix & ~PREFIX_REPNZ) | PREFIX_REPZ; break;
        case 0xf2: s->prefix = (s->prefix & ~PREFIX_REPZ) | PREFIX_REPNZ; break;
        case 0xf0: s->prefix |= PREFIX_LOCK; break;
        case 0x66: s->prefix |= PREFIX_DATA; break;
        case 0x67: s->prefix |= PREFIX_ADR; break;
        case 0x26: case 0x2e: case 0x36: case 0x3e: break;
        case 0x64: s->override_seg = R_FS; break;
        case 0x65: s->override_seg = R_GS; break;
        default: goto prefixes_done;
        }
        /* a REX not directly before the opcode is ignored */
        s->rex_present = false;
        s->rex_w = s->rex_r = s->rex_x = s->rex_b = 0;
    }
prefixes_done:
    s->dflag = s->rex_w ? MO_64 : (s->prefix & PREFIX_DATA) ? MO_16 : MO_32;
    s->aflag = (s->prefix & PREFIX_ADR) ? MO_32 : MO_64;

    if ((s->prefix & PREFIX_LOCK) && !lock_allowed(s, b)) {
        x86_gen_illegal(s);
        return;
    }
    if (!disas_one_byte(s, b) && s->is_jmp == DISAS_NEXT)
        x86_gen_illegal(s);
}

/* ---- the block loop ---- */

/* After an instruction that leaves a known cc_op, the cc globals that
 * kind never reads are dead: a discard lets liveness drop their
 * computation and their write-back.  Emitted between instructions only,
 * so a fault later in the block restores (from insn_start) a cc_op that
 * does not read them either; env keeps a stale value nobody looks at.
 * cc_src2, which only adc and sbb write, is discarded only after such a
 * write: most blocks have none, and a discard op costs every pass. */
static void gen_discard_unused_cc(DisasContext *s, CCOp before)
{
    CCOp op = s->cc_op;
    if (op == before || op == CC_OP_DYNAMIC)
        return;
    bool dst = true, src = true, src2 = false;
    if (op == CC_OP_EFLAGS) {
        dst = false;
    } else if (op == CC_OP_CLR) {
        dst = src = false;
    } else if (cc_is_sized(op)) {
        int g = cc_group(op);
        src2 = g == CCG_ADC || g == CCG_SBB;
        src = g != CCG_LOGIC;
    } else {
        return;
    }
    if (!dst)
        tcg_gen_discard(s->tcg, G.cc_dst);
    if (!src)
        tcg_gen_discard(s->tcg, G.cc_src);
    if (!src2 && blk(s)->cc_src2_written) {
        tcg_gen_discard(s->tcg, G.cc_src2);
        blk(s)->cc_src2_written = false;
    }
}

static void free_insn_temps(DisasBlock *d)
{
    tcg_temp_free_all_but(d->s.tcg, d->cc_srcT);
}

static bool block_full(DisasContext *s, int max_insns)
{
    TCGContext *t = s->tcg;
    return s->insn_count >= max_insns || t->nb_ops > TCG_MAX_OPS - 600 ||
           t->nb_temps > TCG_MAX_TEMPS - 160 || t->nb_labels > TCG_MAX_LABELS - 40 ||
           ((s->pc ^ s->tb->pc) & ~(GUEST_PAGE - 1)) != 0;
}

/* A fetch failed inside the instruction at s->pc_start: drop its IR and
 * either fault (first instruction) or end the block before it. */
static void handle_fetch_failure(DisasBlock *d, int why)
{
    DisasContext *s = &d->s;
    TCGContext *t = s->tcg;
    t->nb_ops = d->ops_mark;
    t->nb_labels = d->labels_mark;
    s->cc_op = d->cc_op_before;
    s->cc_op_dirty = d->dirty_before;
    s->is_jmp = DISAS_NEXT;
    if (s->insn_count > 0 && why == FETCH_UNREADABLE) {
        s->pc = s->pc_start;
        gen_jmp_tb(s, s->pc_start, 0);
        return;
    }
    tcg_gen_insn_start(t, s->pc_start, s->cc_op);
    s->insn_count++;
    if (why == FETCH_TOO_LONG) {
        x86_gen_exception(s, EXCP0D_GPF);
        return;
    }
    x86_gen_update_cc_op(s);
    x86_gen_update_rip_cur(s);
    tcg_gen_calln(t, helper_raise_code_fault, 0, TCGV_NONE, env_v(s), cst(s, d->fault_addr));
    s->is_jmp = DISAS_NORETURN;
    if (s->pc == s->pc_start)
        s->pc++;
}

/* Decode instructions until the block ends; returns 0, or the FETCH_*
 * reason the last one stopped (with its marks in d).  One setjmp serves
 * the whole block: a failed fetch always ends it, and every state the
 * failure path reads lives in *d, not in this function's locals. */
static int translate_insns(DisasBlock *d)
{
    DisasContext *s = &d->s;
    TCGContext *tcg = s->tcg;
    int why = setjmp(d->fetch_fail);
    if (why)
        return why;
    for (;;) {
        s->pc_start = s->pc;
        d->ops_mark = d->insn_start_op = tcg->nb_ops;
        d->labels_mark = tcg->nb_labels;
        d->cc_op_before = s->cc_op;
        d->dirty_before = s->cc_op_dirty;
        tcg_gen_insn_start(tcg, s->pc, s->cc_op);
        s->insn_count++;
        s->dx_is_ax_sign = s->dx_is_ax_sign_next;
        s->dx_is_ax_sign_next = 0;
        disas_insn(s);
        free_insn_temps(d);
        if (s->is_jmp != DISAS_NEXT)
            return 0;
        gen_discard_unused_cc(s, d->cc_op_before);
        if (block_full(s, d->max_insns)) {
            s->is_jmp = DISAS_TOO_MANY;
            return 0;
        }
    }
}

static void gen_block_end(DisasContext *s)
{
    switch (s->is_jmp) {
    case DISAS_NEXT:
    case DISAS_TOO_MANY:
        gen_jmp_tb(s, s->pc, 0);
        break;
    default:
        break;
    }
}

void x86_translate_block(TCGContext *tcg, CPUX86State *env, TranslationBlock *tb)
{
    DisasBlock d;
    memset(&d, 0, sizeof(d));
    DisasContext *s = &d.s;
    s->tcg = tcg;
    s->env = env;
    s->tb = tb;
    s->pc = tb->pc;
    s->cc_op = CC_OP_DYNAMIC;
    s->mmu_idx = (int)(env->hflags & HF_CPL_MASK);
    d.window_len = 0;
    int max_insns = (int)(tb->cflags & CF_COUNT_MASK);
    if (max_insns == 0 || max_insns > TCG_MAX_INSNS)
        max_insns = TCG_MAX_INSNS;
    d.max_insns = max_insns;

    /* an EBB temp: it never needs a stack slot at the block's branches */
    d.cc_srcT = tcg_temp_new(tcg, TCG_TYPE_I64);
    /* the head of a loop the block may close (gen_loop_branch), before
     * anything else; removed again if unused (a label at every block's
     * start cost python3 -c pass 1.1% more host instructions).  Not
     * in one-shot or length-limited blocks, nor when -d exec logs each
     * block run. */
    d.loop_head = -1;
    if (!(tb->cflags & (CF_NOCACHE | CF_COUNT_MASK)) && !tern_log_enabled(LOG_EXEC)) {
        d.loop_head = tcg_new_label(tcg);
        d.loop_head_op = tcg->nb_ops;
        tcg_gen_set_label(tcg, d.loop_head);
    }

    int why = translate_insns(&d);
    if (why) {
        s->insn_count--;
        handle_fetch_failure(&d, why);
    }
    gen_block_end(s);
    if (d.loop_head >= 0 && tcg_label(tcg, d.loop_head)->refs == 0)
        tcg_op_remove(&tcg->ops[d.loop_head_op]);
    tb->size = (uint32_t)((s->pc > d.code_end ? s->pc : d.code_end) - tb->pc);
    if (tb->size == 0)
        tb->size = 1;
}

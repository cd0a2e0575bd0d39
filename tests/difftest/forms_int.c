/* forms_int.c — the integer instruction forms of the random tester: ALU
 * in every operand size, shifts and rotates by 1/CL/imm, mul/div (with
 * and without the set-up that keeps them from faulting), bit operations,
 * string instructions with REP in both directions, cmov/setcc/jcc/loop,
 * push/pop/call/ret/enter/leave, flag instructions and the gated extras
 * (popcnt, lzcnt/tzcnt, movbe, BMI1/2, cmpxchg16b). */
#include <string.h>

#include "forms.h"

#define ALU(name, op8, op, fdef, fundef, fin) \
    { name, gen_generic, SZ_ALL, 0, 0, op8, op, -1, RK_GPR, MK_RM, 0, 0, 0, fin, fdef, fundef, 0, 0, 0, 0 }
#define GRP1(name, digit, fdef, fundef, fin) \
    { name, gen_generic, SZ_ALL, 0, 0, 0x80, 0x81, digit, RK_DIGIT, MK_RM, IMM_Z, 0, 0, fin, fdef, fundef, 0, 0, 0, 0 }, \
    { name "_ib", gen_generic, SZ_WLQ, 0, 0, 0x83, 0x83, digit, RK_DIGIT, MK_RM, IMM_B, 0, 0, fin, fdef, fundef, 0, 0, 0, 0 }
#define UNARY(name, digit, fdef, fundef) \
    { name, gen_generic, SZ_ALL, 0, 0, 0xf6, 0xf7, digit, RK_DIGIT, MK_RM, 0, 0, 0, 0, fdef, fundef, 0, 0, 0, 0 }
#define INCDEC(name, digit) \
    { name, gen_generic, SZ_ALL, 0, 0, 0xfe, 0xff, digit, RK_DIGIT, MK_RM, 0, 0, 0, 0, F_INC, 0, 0, 0, 0, 0 }
#define OPRM(name, sizes, pfx, map, op, fdef, fundef, feat) \
    { name, gen_generic, sizes, pfx, map, op, op, -1, RK_GPR, MK_RM, 0, 0, 0, 0, fdef, fundef, 0, 0, feat, 0 }
#define SPECIAL(name, fn, extra) { name, fn, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, extra }
#define SPECIAL_F(name, fn, extra, feat) { name, fn, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, feat, extra }

/* the flags condition code cc (0-15) reads */
static uint16_t cond_flags(int cc)
{
    static const uint16_t f[8] = { FL_OF, FL_CF, FL_ZF, FL_CF | FL_ZF, FL_SF, FL_PF, FL_SF | FL_OF,
                                   FL_SF | FL_OF | FL_ZF };
    return f[(cc >> 1) & 7];
}

static Insn plain(int nops, uint8_t op0, uint8_t op1)
{
    Insn in = { .nops = nops };
    in.ops[0] = op0;
    in.ops[1] = op1;
    return in;
}

/* ModRM operand: register or (sometimes) memory; the Mem lives in *m */
static void rm_operand(Gen *g, Insn *in, Mem *m, int size, bool norex, bool allow_mem)
{
    in->has_modrm = true;
    if (allow_mem && g->rnd() % 3 == 0) {
        *m = gen_mem(g, size, 1, norex ? MEM_NOREX : 0);
        in->mem = m;
    } else {
        in->rm = pick_gpr(g, norex);
    }
}

static void sized(Insn *in, int size)
{
    in->opsize16 = size == 2;
    in->rex_w = size == 8;
    in->force_rex = size == 1;
}

/* ---- shifts and rotates ---- */

/* extra: the /digit (0 rol 1 ror 2 rcl 3 rcr 4 shl 5 shr 7 sar); count
 * kinds: 0 by 1, 1 by CL, 2 by imm8 */
static void gen_shift(Gen *g, const Form *f)
{
    Item *it = g->it;
    int size = pick_size(g, SZ_ALL), kind = (int)(g->rnd() % 3), digit = f->extra;
    int bits = size * 8, mask = size == 8 ? 63 : 31;
    Insn in = plain(1, 0, 0);
    sized(&in, size);
    in.reg = digit;
    Mem m;
    uint8_t base = kind == 0 ? 0xd0 : kind == 1 ? 0xd2 : 0xc0;
    in.ops[0] = (uint8_t)(base + (size != 1));
    int count = -1;
    if (kind == 0) {
        count = 1;
    } else if (kind == 2) {
        static const int edge[] = { 0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 255 };
        count = g->rnd() % 2 ? edge[g->rnd() % 15] : (int)(g->rnd() % 256);
        in.imm = (uint64_t)count;
        in.imm_size = 1;
    }
    rm_operand(g, &in, &m, size, false, true);
    it->main_off = it->len;
    emit_insn(it, &in);
    bool rot = digit < 4, rc = digit == 2 || digit == 3;
    uint16_t def, undef = 0;
    if (count >= 0) {
        int c = count & mask;
        if (c == 0) {
            item_flags(it, 0, 0, 0);
            return;
        }
        def = rot ? FL_CF | FL_OF : FL_ARITH & ~FL_AF;
        undef = rot ? 0 : FL_AF;
        if (c != 1)
            def &= (uint16_t)~FL_OF, undef |= FL_OF;
        if (!rot && c >= bits)
            def &= (uint16_t)~FL_CF, undef |= FL_CF;
        item_flags(it, rc ? FL_CF : 0, def, undef);
    } else {
        /* by CL: unchanged when the count is 0, so nothing becomes defined */
        undef = FL_OF | (rot ? 0 : FL_AF) | (!rot && bits < 32 ? FL_CF : 0);
        item_flags(it, rc ? FL_CF : 0, 0, undef);
        it->fl_keep = true;
    }
}

/* shld/shrd by imm8 or CL; 16-bit counts above 16 leave the result undefined */
static void gen_shld(Gen *g, const Form *f)
{
    Item *it = g->it;
    int size = pick_size(g, SZ_WLQ);
    bool by_cl = g->rnd() & 1;
    Insn in = plain(2, 0x0f, (uint8_t)(f->extra + (by_cl ? 1 : 0)));
    sized(&in, size);
    Mem m;
    if (by_cl && size == 2) { /* and $15, %cl */
        emit8(it, 0x80), emit8(it, 0xe1), emit8(it, 0x0f);
    }
    int count = -1;
    if (!by_cl) {
        count = (int)(g->rnd() % (size == 2 ? 17 : 256));
        in.imm = (uint64_t)count;
        in.imm_size = 1;
    }
    in.reg = pick_gpr(g, false);
    in.has_modrm = true;
    if (g->rnd() % 3 == 0) { /* a base or index in rcx would undo the count mask */
        m = gen_mem_avoid(g, size, 1, 0, by_cl ? 1 : -1, by_cl ? 1 : -1);
        in.mem = &m;
    } else {
        in.rm = pick_gpr(g, false);
    }
    it->main_off = it->len;
    emit_insn(it, &in);
    if (by_cl) {
        item_flags(it, 0, 0, FL_OF | FL_AF);
        it->fl_keep = true;
        return;
    }
    int c = count & (size == 8 ? 63 : 31);
    if (c == 0)
        item_flags(it, 0, 0, 0);
    else
        item_flags(it, 0, c == 1 ? FL_ARITH & ~FL_AF : FL_CF | FL_SF | FL_ZF | FL_PF, c == 1 ? FL_AF : FL_AF | FL_OF);
}

/* ---- mul/div ---- */

/* extra: /digit 4 mul 5 imul 6 div 7 idiv */
static void gen_muldiv(Gen *g, const Form *f)
{
    Item *it = g->it;
    int size = pick_size(g, SZ_ALL);
    Insn in = plain(1, size == 1 ? 0xf6 : 0xf7, 0);
    sized(&in, size);
    in.reg = f->extra;
    Mem m;
    bool div = f->extra >= 6;
    in.has_modrm = true;
    int divisor = -1;
    if (div && g->rnd() % 4 != 0) {
        /* no fault: the dividend's high half small, the divisor made nonzero and large */
        divisor = pick_gpr(g, false);
        while (divisor == 0 || divisor == 2)
            divisor = pick_gpr(g, false);
        if (size == 1) { /* movzbl %al, %eax */
            emit8(it, 0x0f), emit8(it, 0xb6), emit8(it, 0xc0);
        } else { /* xor %edx, %edx */
            emit8(it, 0x31), emit8(it, 0xd2);
        }
        /* or $0x40 << (8 * (size - 1)), divisor: the top byte's bit 6 */
        Insn o = plain(1, size == 1 ? 0x80 : 0x81, 0);
        sized(&o, size);
        o.force_rex = size == 1 || divisor >= 8;
        o.has_modrm = true;
        o.reg = 1;
        o.rm = divisor;
        o.imm_size = size == 1 ? 1 : size == 2 ? 2 : 4;
        o.imm = size == 1 ? 0x40 : size == 2 ? 0x4000 : 0x40000000;
        emit_insn(it, &o);
        in.force_rex = true;
        in.rm = divisor;
    } else {
        rm_operand(g, &in, &m, size, false, true);
    }
    it->main_off = it->len;
    emit_insn(it, &in);
    if (div)
        item_flags(it, 0, 0, FL_ARITH);
    else
        item_flags(it, 0, F_MULDEF, F_MULUNDEF);
}

/* imul r, rm and imul r, rm, imm */
static void gen_imul2(Gen *g, const Form *f)
{
    Item *it = g->it;
    int size = pick_size(g, SZ_WLQ);
    Insn in = f->extra == 0 ? plain(2, 0x0f, 0xaf) : plain(1, f->extra == 1 ? 0x6b : 0x69, 0);
    sized(&in, size);
    Mem m;
    in.reg = pick_gpr(g, false);
    if (f->extra) {
        in.imm_size = f->extra == 1 ? 1 : size == 2 ? 2 : 4;
        in.imm = random_imm(g, in.imm_size);
    }
    rm_operand(g, &in, &m, size, false, true);
    it->main_off = it->len;
    emit_insn(it, &in);
    item_flags(it, 0, F_MULDEF, F_MULUNDEF);
}

/* ---- bit operations ---- */

/* bt/bts/btr/btc with a register bit offset (extra: opcode); for memory
 * the offset is first masked so the access stays near the buffer */
static void gen_bt_reg(Gen *g, const Form *f)
{
    Item *it = g->it;
    int size = pick_size(g, SZ_WLQ);
    Insn in = plain(2, 0x0f, (uint8_t)f->extra);
    sized(&in, size);
    Mem m;
    in.reg = pick_gpr(g, false);
    in.has_modrm = true;
    if (g->rnd() % 2) {
        m = gen_mem_avoid(g, size, 1, 0, in.reg, in.reg);
        Insn a = plain(1, 0x81, 0); /* and $0x7ff, reg */
        sized(&a, size);
        a.has_modrm = true;
        a.reg = 4;
        a.rm = in.reg;
        a.imm_size = size == 2 ? 2 : 4;
        a.imm = 0x7ff;
        emit_insn(it, &a);
        in.mem = &m;
    } else {
        in.rm = pick_gpr(g, false);
    }
    it->main_off = it->len;
    emit_insn(it, &in);
    item_flags(it, 0, FL_CF, FL_OF | FL_SF | FL_AF | FL_PF);
}

/* ---- moves with odd operands ---- */

/* movzx/movsx (extra: opcode 0F B6/B7/BE/BF) and movsxd */
static void gen_movx(Gen *g, const Form *f)
{
    Item *it = g->it;
    bool word_src = f->extra & 1;
    int size = pick_size(g, word_src ? SZ_LQ : SZ_WLQ);
    Insn in = f->extra == 0x63 ? plain(1, 0x63, 0) : plain(2, 0x0f, (uint8_t)f->extra);
    sized(&in, size);
    bool norex = f->extra != 0x63 && !word_src && size != 8 && g->rnd() % 3 == 0;
    in.force_rex = !norex && !word_src;
    Mem m;
    in.reg = pick_gpr(g, norex);
    rm_operand(g, &in, &m, f->extra == 0x63 ? 4 : word_src ? 2 : 1, norex, true);
    it->main_off = it->len;
    emit_insn(it, &in);
}

/* mov reg, imm (B0+r / B8+r, with imm64 for REX.W) */
static void gen_mov_imm(Gen *g, const Form *f)
{
    (void)f;
    Item *it = g->it;
    int size = pick_size(g, SZ_ALL);
    int r = pick_gpr(g, false);
    Insn in = plain(1, (uint8_t)((size == 1 ? 0xb0 : 0xb8) + (r & 7)), 0);
    sized(&in, size);
    in.rm = r;
    in.imm_size = size;
    in.imm = random_imm(g, size);
    it->main_off = it->len;
    emit_insn(it, &in);
}

/* xchg rAX, reg (90+r) and bswap (0F C8+r) */
static void gen_opreg(Gen *g, const Form *f)
{
    Item *it = g->it;
    int size = pick_size(g, f->extra == 0x90 ? SZ_WLQ : SZ_LQ);
    int r = pick_gpr(g, false);
    Insn in = f->extra == 0x90 ? plain(1, (uint8_t)(0x90 + (r & 7)), 0) : plain(2, 0x0f, (uint8_t)(0xc8 + (r & 7)));
    sized(&in, size);
    in.rm = r;
    if (r == 0 && f->extra == 0x90 && size == 4)
        in.rm = 1, in.ops[0] = 0x91; /* 90 is nop, not xchg eax,eax */
    it->main_off = it->len;
    emit_insn(it, &in);
}

/* lea with every addressing shape, into a random register of any size */
static void gen_lea(Gen *g, const Form *f)
{
    (void)f;
    Item *it = g->it;
    int size = pick_size(g, SZ_WLQ);
    Insn in = plain(1, 0x8d, 0);
    sized(&in, size);
    Mem m = gen_mem(g, 1, 1, MEM_NOFAULT);
    in.has_modrm = true;
    in.mem = &m;
    in.reg = pick_gpr(g, false);
    it->main_off = it->len;
    emit_insn(it, &in);
}

/* cbw/cwde/cdqe (98) and cwd/cdq/cqo (99) */
static void gen_convert(Gen *g, const Form *f)
{
    Item *it = g->it;
    Insn in = plain(1, (uint8_t)f->extra, 0);
    sized(&in, pick_size(g, SZ_WLQ));
    it->main_off = it->len;
    emit_insn(it, &in);
}

/* ---- conditions ---- */

/* extra: 0 cmovcc, 1 setcc */
static void gen_cond(Gen *g, const Form *f)
{
    Item *it = g->it;
    int cc = (int)(g->rnd() % 16);
    Insn in = plain(2, 0x0f, (uint8_t)((f->extra ? 0x90 : 0x40) + cc));
    Mem m;
    if (f->extra) {
        bool norex = g->rnd() % 3 == 0;
        in.force_rex = !norex;
        in.reg = 0;
        rm_operand(g, &in, &m, 1, norex, true);
    } else {
        sized(&in, pick_size(g, SZ_WLQ));
        in.reg = pick_gpr(g, false);
        rm_operand(g, &in, &m, in.opsize16 ? 2 : in.rex_w ? 8 : 4, false, true);
    }
    it->main_off = it->len;
    emit_insn(it, &in);
    item_flags(it, cond_flags(cc), 0, 0);
}

/* forward branches: extra 0 jcc rel8, 1 jcc rel32, 2 jmp rel8, 3 jmp rel32,
 * 4 loop/loope/loopne/jrcxz */
static void gen_branch(Gen *g, const Form *f)
{
    Item *it = g->it;
    int cc = (int)(g->rnd() % 16);
    uint16_t in_flags = 0;
    switch (f->extra) {
    case 0: emit8(it, (uint8_t)(0x70 + cc)), in_flags = cond_flags(cc); break;
    case 1: emit8(it, 0x0f), emit8(it, (uint8_t)(0x80 + cc)), in_flags = cond_flags(cc), it->jump_rel32 = 1; break;
    case 2: emit8(it, 0xeb); break;
    case 3: emit8(it, 0xe9), it->jump_rel32 = 1; break;
    default: {
        int k = (int)(g->rnd() % 4);
        if (g->rnd() % 4 == 0)
            emit8(it, 0x67); /* ecx instead of rcx */
        emit8(it, (uint8_t)(0xe0 + k));
        in_flags = k < 2 ? FL_ZF : 0;
        break;
    }
    }
    it->main_off = 0;
    it->jump_disp_off = it->len;
    emit_imm(it, 0, it->jump_rel32 ? 4 : 1);
    it->jump_skip = (int8_t)(1 + g->rnd() % 3);
    item_flags(it, in_flags, 0, 0);
}

/* ---- stack ---- */

/* a balanced push/pop pair: 64-bit (reg, imm8, imm32, mem) or 16-bit */
static void gen_pushpop(Gen *g, const Form *f)
{
    (void)f;
    Item *it = g->it;
    bool w16 = g->rnd() % 4 == 0;
    Mem m;
    Insn push = plain(1, 0, 0);
    push.opsize16 = w16;
    switch (g->rnd() % 4) {
    case 0: push.ops[0] = 0x6a, push.imm_size = 1, push.imm = random_imm(g, 1); break;
    case 1: push.ops[0] = 0x68, push.imm_size = w16 ? 2 : 4, push.imm = random_imm(g, push.imm_size); break;
    case 2:
        push.ops[0] = 0xff, push.has_modrm = true, push.reg = 6;
        m = gen_mem(g, w16 ? 2 : 8, 1, 0);
        push.mem = &m;
        break;
    default: {
        int r = pick_gpr(g, false);
        push.ops[0] = (uint8_t)(0x50 + (r & 7));
        push.rm = r;
        break;
    }
    }
    it->main_off = it->len;
    emit_insn(it, &push);
    Insn pop = plain(1, 0, 0);
    pop.opsize16 = w16;
    if (g->rnd() % 3 == 0) { /* pop to memory: rsp-relative addresses use the new rsp */
        pop.ops[0] = 0x8f, pop.has_modrm = true, pop.reg = 0;
        m = gen_mem(g, w16 ? 2 : 8, 1, 0);
        pop.mem = &m;
    } else {
        int r = pick_gpr(g, false);
        pop.ops[0] = (uint8_t)(0x58 + (r & 7));
        pop.rm = r;
    }
    emit_insn(it, &pop);
}

/* call rel32 / call *reg to a local ret, or enter/leave */
static void gen_call(Gen *g, const Form *f)
{
    Item *it = g->it;
    it->main_off = it->len;
    if (f->extra == 0) { /* call 1f; jmp 2f; 1: ret; 2: */
        static const uint8_t code[] = { 0xe8, 2, 0, 0, 0, 0xeb, 1, 0xc3 };
        memcpy(it->bytes + it->len, code, sizeof(code));
        it->len += sizeof(code);
    } else if (f->extra == 1) { /* lea 1f(%rip), T; call *T; jmp 2f; 1: ret; 2: */
        int t = pick_gpr(g, false);
        emit8(it, (uint8_t)(0x48 | (t >= 8 ? 4 : 0))), emit8(it, 0x8d), emit8(it, (uint8_t)(5 | (t & 7) << 3));
        emit_imm(it, t >= 8 ? 5 : 4, 4);
        it->main_off = it->len;
        if (t >= 8)
            emit8(it, 0x41);
        emit8(it, 0xff), emit8(it, (uint8_t)(0xd0 | (t & 7)));
        emit8(it, 0xeb), emit8(it, 1), emit8(it, 0xc3);
    } else { /* enter $n, $level; leave */
        emit8(it, 0xc8);
        emit_imm(it, g->rnd() % 64 * 8, 2);
        emit8(it, (uint8_t)(g->rnd() % 2));
        emit8(it, 0xc9);
    }
}

/* ---- flag instructions ---- */

/* extra: 0 clc, 1 stc, 2 cmc, 3 cld, 4 std, 5 lahf, 6 sahf, 7 pushf+pop,
 * 8 push+popf */
static void gen_flagop(Gen *g, const Form *f)
{
    Item *it = g->it;
    static const uint8_t op[] = { 0xf8, 0xf9, 0xf5, 0xfc, 0xfd, 0x9f, 0x9e };
    it->main_off = 0;
    if (f->extra < 7) {
        emit8(it, op[f->extra]);
        static const uint16_t in[] = { 0, 0, FL_CF, 0, 0, FL_ARITH & ~FL_OF, 0 };
        static const uint16_t def[] = { FL_CF, FL_CF, FL_CF, 0, 0, 0, FL_ARITH & ~FL_OF };
        item_flags(it, in[f->extra], def[f->extra], 0);
        return;
    }
    int r = pick_gpr(g, false);
    if (f->extra == 7) { /* pushfq; pop r */
        emit8(it, 0x9c);
        if (r >= 8)
            emit8(it, 0x41);
        emit8(it, (uint8_t)(0x58 + (r & 7)));
        item_flags(it, FL_ARITH, 0, 0);
        return;
    }
    /* mov $v, r32; push r; popfq: v has only the arithmetic flags and DF */
    if (r >= 8)
        emit8(it, 0x41);
    emit8(it, (uint8_t)(0xb8 + (r & 7)));
    emit_imm(it, (g->rnd() & (FL_ARITH | FL_DF)) | 0x202, 4);
    it->main_off = it->len;
    if (r >= 8)
        emit8(it, 0x41);
    emit8(it, (uint8_t)(0x50 + (r & 7)));
    emit8(it, 0x9d);
    item_flags(it, 0, FL_ARITH, 0);
}

/* ---- strings ---- */

/* extra: opcode of the byte form (a4 movs, a6 cmps, aa stos, ac lods, ae scas) */
static void gen_string(Gen *g, const Form *f)
{
    Item *it = g->it;
    int size = pick_size(g, SZ_ALL);
    int count = (int)(g->rnd() % 12);
    /* lea disp(%r15), %rsi / %rdi: room for count elements either way */
    emit8(it, 0x49), emit8(it, 0x8d), emit8(it, 0xb7), emit_imm(it, (uint32_t)(g->rnd() % 512) - 256, 4);
    emit8(it, 0x49), emit8(it, 0x8d), emit8(it, 0xbf), emit_imm(it, (uint32_t)(g->rnd() % 512) - 256, 4);
    int rep = (int)(g->rnd() % 3); /* none, F3, F2 */
    if (rep)
        emit8(it, 0xb9), emit_imm(it, (uint32_t)count, 4); /* mov $count, %ecx */
    switch (g->rnd() % 4) {
    case 0: emit8(it, 0xfc); break; /* cld */
    case 1: emit8(it, 0xfd); break; /* std */
    default: break;
    }
    it->main_off = it->len;
    if (rep)
        emit8(it, rep == 1 ? 0xf3 : 0xf2);
    if (size == 2)
        emit8(it, 0x66);
    if (size == 8)
        emit8(it, 0x48);
    emit8(it, (uint8_t)(f->extra + (size != 1)));
    bool compares = f->extra == 0xa6 || f->extra == 0xae;
    if (compares && !(rep && count == 0))
        item_flags(it, 0, FL_ARITH, 0);
}

/* ---- cmpxchg8b/16b ---- */

static void gen_cmpxchg_wide(Gen *g, const Form *f)
{
    Item *it = g->it;
    bool wide = f->extra;
    Mem m = gen_mem_avoid(g, wide ? 16 : 8, wide ? 16 : 1, MEM_NOFAULT, 0, 2);
    if (g->rnd() % 2) { /* make it succeed: load rdx:rax from the operand */
        Insn ld = plain(1, 0x8b, 0);
        ld.rex_w = wide;
        ld.has_modrm = true;
        ld.mem = &m;
        ld.reg = 0;
        emit_insn(it, &ld);
        Mem hi = m;
        hi.disp += wide ? 8 : 4;
        hi.target += wide ? 8 : 4;
        ld.reg = 2;
        ld.mem = &hi;
        emit_insn(it, &ld);
    }
    Insn in = plain(2, 0x0f, 0xc7);
    in.rex_w = wide;
    in.force_rex = g->rnd() & 1;
    in.has_modrm = true;
    in.reg = 1;
    in.mem = &m;
    it->main_off = it->len;
    if (g->rnd() % 2)
        emit8(it, 0xf0);
    emit_insn(it, &in);
    item_flags(it, 0, FL_ZF, 0);
    it->feat = wide ? FEAT_CX16 : FEAT_NONE;
}

/* LOCK forms of the memory ALU ops (extra: opcode of the rm,reg byte form) */
static void gen_lock(Gen *g, const Form *f)
{
    Item *it = g->it;
    int size = pick_size(g, SZ_ALL);
    Insn in = f->extra >= 0x100 ? plain(2, 0x0f, (uint8_t)(f->extra + (size != 1))) : plain(1, (uint8_t)(f->extra + (size != 1)), 0);
    sized(&in, size);
    Mem m = gen_mem(g, size, 1, 0);
    in.has_modrm = true;
    in.mem = &m;
    in.reg = pick_gpr(g, false);
    it->main_off = it->len;
    emit8(it, 0xf0);
    emit_insn(it, &in);
    bool logic = f->extra == 0x08 || f->extra == 0x20 || f->extra == 0x30;
    bool xchg = f->extra == 0x86;
    item_flags(it, f->extra == 0x10 || f->extra == 0x18 ? FL_CF : 0, xchg ? 0 : logic ? F_LOGIC_DEF : FL_ARITH,
               logic ? FL_AF : 0);
}

/* lzcnt/tzcnt/popcnt: F3 0F BD/BC/B8 */
static void gen_bitcount(Gen *g, const Form *f)
{
    Item *it = g->it;
    int size = pick_size(g, SZ_WLQ);
    Insn in = plain(2, 0x0f, (uint8_t)f->extra);
    sized(&in, size);
    Mem m;
    in.reg = pick_gpr(g, false);
    rm_operand(g, &in, &m, size, false, true);
    it->main_off = it->len;
    if (in.opsize16) {
        emit8(it, 0x66);
        in.opsize16 = false;
    }
    if (f->extra != 0xb8)
        it->lz_tz = (uint8_t)(it->len + 1);
    emit8(it, 0xf3);
    emit_insn(it, &in);
    it->feat = f->feat;
    if (f->extra == 0xb8)
        item_flags(it, 0, FL_ARITH, 0);
    else
        item_flags(it, 0, FL_CF | FL_ZF, FL_OF | FL_SF | FL_PF | FL_AF);
}

/* VEX-encoded BMI (extra: map<<8 | opcode, with pp in bits 16-17, and a
 * /digit + 1 in bits 20-23 for the group forms) */
static void gen_vex(Gen *g, const Form *f)
{
    Item *it = g->it;
    bool w = g->rnd() & 1;
    int reg = pick_gpr(g, false), vvvv = pick_gpr(g, false);
    int digit = (f->extra >> 20) & 15;
    if (digit)
        reg = digit - 1;
    Mem m;
    bool mem = g->rnd() % 3 == 0;
    int rm = 0;
    if (mem)
        m = gen_mem(g, w ? 8 : 4, 1, 0);
    else
        rm = pick_gpr(g, false);
    int rex_x = mem && m.index >= 8, rex_b = mem ? m.base >= 8 : rm >= 8;
    it->main_off = it->len;
    emit8(it, 0xc4);
    emit8(it, (uint8_t)(((reg >= 8) ? 0 : 0x80) | (rex_x ? 0 : 0x40) | (rex_b ? 0 : 0x20) | ((f->extra >> 8) & 0x1f)));
    bool is_rorx = (f->extra & 0xffff) == 0x3f0;
    emit8(it, (uint8_t)((w ? 0x80 : 0) | (((~vvvv) & 15) << 3) | ((f->extra >> 16) & 3)));
    if (is_rorx)
        it->bytes[it->len - 1] |= 0x78; /* vvvv unused: 1111 */
    emit8(it, (uint8_t)(f->extra & 0xff));
    if (mem) {
        emit_modrm_mem(it, reg, &m, is_rorx ? 1 : 0);
    } else {
        emit8(it, (uint8_t)(0xc0 | (reg & 7) << 3 | (rm & 7)));
    }
    if (is_rorx)
        emit8(it, (uint8_t)g->rnd());
    item_flags(it, 0, f->fdef, f->fundef);
    it->feat = f->feat;
}

#define VEX(name, map, op, pp, digit, fdef, fundef, feat) \
    { name, gen_vex, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, fdef, fundef, 0, 0, feat, (digit) << 20 | (pp) << 16 | (map) << 8 | (op) }

const Form int_forms[] = {
    ALU("add", 0x00, 0x01, F_ALL, 0, 0), ALU("add_r", 0x02, 0x03, F_ALL, 0, 0),
    ALU("or", 0x08, 0x09, F_LOGIC_DEF, FL_AF, 0), ALU("or_r", 0x0a, 0x0b, F_LOGIC_DEF, FL_AF, 0),
    ALU("adc", 0x10, 0x11, F_ALL, 0, FL_CF), ALU("adc_r", 0x12, 0x13, F_ALL, 0, FL_CF),
    ALU("sbb", 0x18, 0x19, F_ALL, 0, FL_CF), ALU("sbb_r", 0x1a, 0x1b, F_ALL, 0, FL_CF),
    ALU("and", 0x20, 0x21, F_LOGIC_DEF, FL_AF, 0), ALU("and_r", 0x22, 0x23, F_LOGIC_DEF, FL_AF, 0),
    ALU("sub", 0x28, 0x29, F_ALL, 0, 0), ALU("sub_r", 0x2a, 0x2b, F_ALL, 0, 0),
    ALU("xor", 0x30, 0x31, F_LOGIC_DEF, FL_AF, 0), ALU("xor_r", 0x32, 0x33, F_LOGIC_DEF, FL_AF, 0),
    ALU("cmp", 0x38, 0x39, F_ALL, 0, 0), ALU("cmp_r", 0x3a, 0x3b, F_ALL, 0, 0),
    ALU("test", 0x84, 0x85, F_LOGIC_DEF, FL_AF, 0), ALU("xchg", 0x86, 0x87, 0, 0, 0),
    ALU("mov", 0x88, 0x89, 0, 0, 0), ALU("mov_r", 0x8a, 0x8b, 0, 0, 0),
    GRP1("add_i", 0, F_ALL, 0, 0), GRP1("or_i", 1, F_LOGIC_DEF, FL_AF, 0), GRP1("adc_i", 2, F_ALL, 0, FL_CF),
    GRP1("sbb_i", 3, F_ALL, 0, FL_CF), GRP1("and_i", 4, F_LOGIC_DEF, FL_AF, 0), GRP1("sub_i", 5, F_ALL, 0, 0),
    GRP1("xor_i", 6, F_LOGIC_DEF, FL_AF, 0), GRP1("cmp_i", 7, F_ALL, 0, 0),
    { "test_i", gen_generic, SZ_ALL, 0, 0, 0xf6, 0xf7, 0, RK_DIGIT, MK_RM, IMM_Z, 0, 0, 0, F_LOGIC_DEF, FL_AF, 0, 0, 0, 0 },
    { "mov_i", gen_generic, SZ_ALL, 0, 0, 0xc6, 0xc7, 0, RK_DIGIT, MK_RM, IMM_Z, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
    UNARY("not", 2, 0, 0), UNARY("neg", 3, F_ALL, 0), INCDEC("inc", 0), INCDEC("dec", 1),
    { "xadd", gen_generic, SZ_ALL, 0, 1, 0xc0, 0xc1, -1, RK_GPR, MK_RM, 0, 0, 0, 0, F_ALL, 0, 0, 0, 0, 0 },
    { "cmpxchg", gen_generic, SZ_ALL, 0, 1, 0xb0, 0xb1, -1, RK_GPR, MK_RM, 0, 0, 0, 0, F_ALL, 0, 0, 0, 0, 0 },
    SPECIAL("rol", gen_shift, 0), SPECIAL("ror", gen_shift, 1), SPECIAL("rcl", gen_shift, 2),
    SPECIAL("rcr", gen_shift, 3), SPECIAL("shl", gen_shift, 4), SPECIAL("shr", gen_shift, 5),
    SPECIAL("sal6", gen_shift, 6), SPECIAL("sar", gen_shift, 7),
    SPECIAL("shld", gen_shld, 0xa4), SPECIAL("shrd", gen_shld, 0xac),
    SPECIAL("mul", gen_muldiv, 4), SPECIAL("imul1", gen_muldiv, 5), SPECIAL("div", gen_muldiv, 6),
    SPECIAL("idiv", gen_muldiv, 7), SPECIAL("imul2", gen_imul2, 0), SPECIAL("imul3_ib", gen_imul2, 1),
    SPECIAL("imul3_iz", gen_imul2, 2),
    SPECIAL("bt", gen_bt_reg, 0xa3), SPECIAL("bts", gen_bt_reg, 0xab), SPECIAL("btr", gen_bt_reg, 0xb3),
    SPECIAL("btc", gen_bt_reg, 0xbb),
    { "bt_i", gen_generic, SZ_WLQ, 0, 1, 0xba, 0xba, 4, RK_DIGIT, MK_RM, IMM_B, 0, 0, 0, FL_CF, FL_OF | FL_SF | FL_AF | FL_PF, 0, 0, 0, 0 },
    { "bts_i", gen_generic, SZ_WLQ, 0, 1, 0xba, 0xba, 5, RK_DIGIT, MK_RM, IMM_B, 0, 0, 0, FL_CF, FL_OF | FL_SF | FL_AF | FL_PF, 0, 0, 0, 0 },
    { "btr_i", gen_generic, SZ_WLQ, 0, 1, 0xba, 0xba, 6, RK_DIGIT, MK_RM, IMM_B, 0, 0, 0, FL_CF, FL_OF | FL_SF | FL_AF | FL_PF, 0, 0, 0, 0 },
    { "btc_i", gen_generic, SZ_WLQ, 0, 1, 0xba, 0xba, 7, RK_DIGIT, MK_RM, IMM_B, 0, 0, 0, FL_CF, FL_OF | FL_SF | FL_AF | FL_PF, 0, 0, 0, 0 },
    OPRM("bsf", SZ_WLQ, 0, 1, 0xbc, FL_ZF, FL_ARITH & ~FL_ZF, 0), OPRM("bsr", SZ_WLQ, 0, 1, 0xbd, FL_ZF, FL_ARITH & ~FL_ZF, 0),
    SPECIAL_F("popcnt", gen_bitcount, 0xb8, FEAT_POPCNT), SPECIAL_F("lzcnt", gen_bitcount, 0xbd, FEAT_LZCNT),
    SPECIAL_F("tzcnt", gen_bitcount, 0xbc, FEAT_BMI1),
    { "movbe_ld", gen_generic, SZ_WLQ, 0, 2, 0xf0, 0xf0, -1, RK_GPR, MK_M, 0, 0, 0, 0, 0, 0, 0, 0, FEAT_MOVBE, 0 },
    { "movbe_st", gen_generic, SZ_WLQ, 0, 2, 0xf1, 0xf1, -1, RK_GPR, MK_M, 0, 0, 0, 0, 0, 0, 0, 0, FEAT_MOVBE, 0 },
    SPECIAL("movzb", gen_movx, 0xb6), SPECIAL("movzw", gen_movx, 0xb7), SPECIAL("movsb", gen_movx, 0xbe),
    SPECIAL("movsw", gen_movx, 0xbf), SPECIAL("movsxd", gen_movx, 0x63),
    SPECIAL("mov_imm", gen_mov_imm, 0), SPECIAL("xchg_ax", gen_opreg, 0x90), SPECIAL("bswap", gen_opreg, 0xc8),
    SPECIAL("lea", gen_lea, 0), SPECIAL("cbw", gen_convert, 0x98), SPECIAL("cwd", gen_convert, 0x99),
    SPECIAL("cmov", gen_cond, 0), SPECIAL("setcc", gen_cond, 1),
    SPECIAL("jcc8", gen_branch, 0), SPECIAL("jcc32", gen_branch, 1), SPECIAL("jmp8", gen_branch, 2),
    SPECIAL("jmp32", gen_branch, 3), SPECIAL("loop", gen_branch, 4),
    SPECIAL("pushpop", gen_pushpop, 0), SPECIAL("call", gen_call, 0), SPECIAL("call_ind", gen_call, 1),
    SPECIAL("enter", gen_call, 2),
    SPECIAL("clc", gen_flagop, 0), SPECIAL("stc", gen_flagop, 1), SPECIAL("cmc", gen_flagop, 2),
    SPECIAL("cld", gen_flagop, 3), SPECIAL("std", gen_flagop, 4), SPECIAL("lahf", gen_flagop, 5),
    SPECIAL("sahf", gen_flagop, 6), SPECIAL("pushf", gen_flagop, 7), SPECIAL("popf", gen_flagop, 8),
    SPECIAL("movs", gen_string, 0xa4), SPECIAL("cmps", gen_string, 0xa6), SPECIAL("stos", gen_string, 0xaa),
    SPECIAL("lods", gen_string, 0xac), SPECIAL("scas", gen_string, 0xae),
    SPECIAL("cmpxchg8b", gen_cmpxchg_wide, 0), SPECIAL_F("cmpxchg16b", gen_cmpxchg_wide, 1, FEAT_CX16),
    SPECIAL("lock_add", gen_lock, 0x00), SPECIAL("lock_or", gen_lock, 0x08), SPECIAL("lock_adc", gen_lock, 0x10),
    SPECIAL("lock_sbb", gen_lock, 0x18), SPECIAL("lock_and", gen_lock, 0x20), SPECIAL("lock_sub", gen_lock, 0x28),
    SPECIAL("lock_xor", gen_lock, 0x30), SPECIAL("xchg_mem", gen_lock, 0x86), SPECIAL("lock_xadd", gen_lock, 0x1c0),
    SPECIAL("lock_cmpxchg", gen_lock, 0x1b0),
    VEX("andn", 2, 0xf2, 0, 0, FL_SF | FL_ZF | FL_CF | FL_OF, FL_AF | FL_PF, FEAT_BMI1),
    VEX("bextr", 2, 0xf7, 0, 0, FL_ZF | FL_CF | FL_OF, FL_AF | FL_SF | FL_PF, FEAT_BMI1),
    VEX("blsr", 2, 0xf3, 0, 2, FL_ZF | FL_CF | FL_SF | FL_OF, FL_AF | FL_PF, FEAT_BMI1),
    VEX("blsmsk", 2, 0xf3, 0, 3, FL_ZF | FL_CF | FL_SF | FL_OF, FL_AF | FL_PF, FEAT_BMI1),
    VEX("blsi", 2, 0xf3, 0, 4, FL_ZF | FL_CF | FL_SF | FL_OF, FL_AF | FL_PF, FEAT_BMI1),
    VEX("bzhi", 2, 0xf5, 0, 0, FL_ZF | FL_CF | FL_SF | FL_OF, FL_AF | FL_PF, FEAT_BMI2),
    VEX("pdep", 2, 0xf5, 3, 0, 0, 0, FEAT_BMI2), VEX("pext", 2, 0xf5, 2, 0, 0, 0, FEAT_BMI2),
    VEX("mulx", 2, 0xf6, 3, 0, 0, 0, FEAT_BMI2), VEX("sarx", 2, 0xf7, 2, 0, 0, 0, FEAT_BMI2),
    VEX("shlx", 2, 0xf7, 1, 0, 0, 0, FEAT_BMI2), VEX("shrx", 2, 0xf7, 3, 0, 0, 0, FEAT_BMI2),
    VEX("rorx", 3, 0xf0, 3, 0, 0, 0, FEAT_BMI2),
};
const int int_forms_n = sizeof(int_forms) / sizeof(int_forms[0]);

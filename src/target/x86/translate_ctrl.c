/* translate_ctrl.c — control flow and the rest of the one-byte and 0F
 * maps that are not arithmetic: push/pop, jcc/jmp/call/ret, loop/jrcxz,
 * enter/leave, flag instructions, syscall/int3/cpuid/rdtsc, and the
 * privileged instructions that fault in user mode.
 *
 * Direct branches end the block with goto_tb slots (chainable), except a
 * forward jcc the block can go on past: a side exit (gen_side_exit), and
 * a jcc or jmp back to the block's start: a loop in the block
 * (gen_loop_branch).
 * Indirect ones (ret, jmp/call r/m) store rip and look the next block up
 * from generated code. */
#include "target/x86/translate_int.h"

/* flags popf can change at CPL 3 (IF and IOPL silently stay) */
#define POPF_MASK (CC_ALL | DF_MASK | AC_MASK | ID_MASK | 0x4000)

#define MAX_JCC_LEN 6 /* 0F 8x rel32 */

/* A jcc without prefixes at s->pc, read as part of the jcc before it:
 * only where all its bytes lie within that one's fetch limit and on the
 * block's page (readable, so the read cannot fail) and the block has
 * room for one more instruction (it goes on decoding at s->pc, as
 * x86_follow_jump answers).  s->pc is left alone unless it is one. */
static bool read_next_jcc(DisasContext *s, int *b, uint64_t *target)
{
    uint64_t pc = s->pc;
    if (pc + MAX_JCC_LEN - s->pc_start > X86_MAX_INSN_LEN ||
        (((pc + MAX_JCC_LEN - 1) ^ s->tb->pc) & ~(GUEST_PAGE - 1)) || !x86_follow_jump(s, pc))
        return false;
    int op = x86_ldub_code(s);
    if (op >= 0x70 && op <= 0x7f) {
        int64_t disp = (int8_t)x86_ldub_code(s);
        *b = op & 0xf, *target = s->pc + (uint64_t)disp;
        return true;
    }
    if (op == 0x0f) {
        int op2 = x86_ldub_code(s);
        if (op2 >= 0x80 && op2 <= 0x8f) {
            int64_t disp = (int32_t)x86_ldl_code(s);
            *b = op2 & 0xf, *target = s->pc + (uint64_t)disp;
            return true;
        }
    }
    s->pc = pc;
    return false;
}

/* a condition as a block-lived 0/1 temp (a later gen_prepare_cc may
 * place labels, where EBB temps die) */
static TCGv gen_condition_tb(DisasContext *s, int b)
{
    TCGv r = tmp_tb(s);
    CCPrepare cc = gen_prepare_cc(s, b);
    tcg_gen_setcond(s->tcg, cc.cond, r, cc.a, cc.b);
    return r;
}

/* the one flag jcc b tests (jo, jb, jz, js, jp and their negations), or 0 */
static uint64_t single_flag(int b)
{
    static const uint64_t flag[8] = { CC_O, CC_C, CC_Z, 0, CC_S, CC_P, 0, 0 };
    return flag[(b >> 1) & 7];
}

/* With the flags in cc_src (after ucomisd & co.) and one flag per jcc,
 * the pair's condition is one masked compare: (cc_src & (f1 | f2)) ==
 * or != the bits that decide it.  Forward, it can be a side exit. */
static bool gen_jcc_pair_eflags(DisasContext *s, int b, int b2, bool either, uint64_t target2)
{
    TCGContext *t = s->tcg;
    uint64_t f1 = single_flag(b), f2 = single_flag(b2);
    if (s->cc_op != CC_OP_EFLAGS || !f1 || !f2 || f1 == f2)
        return false;
    uint64_t not1 = (b & 1) ? f1 : 0, not2 = (b2 & 1) ? f2 : 0; /* each jcc's flag when not taken */
    /* either: taken unless neither is; second only: the first not taken and the second taken */
    TCGCond cond = either ? TCG_COND_NE : TCG_COND_EQ;
    TCGv want = cst(s, either ? not1 | not2 : not1 | (not2 ^ f2));
    TCGv bits = tmp(s);
    tcg_gen_andi(t, bits, G.cc_src, f1 | f2);
    if (target2 > s->pc && gen_side_exit(s, cond, bits, want, target2))
        return true;
    x86_gen_update_cc_op(s);
    int taken = tcg_new_label(t);
    tcg_gen_brcond(t, cond, bits, want, taken);
    gen_jmp_tb(s, s->pc, 0);
    tcg_gen_set_label(t, taken);
    gen_jmp_tb(s, target2, 1);
    return true;
}

/* Two jcc in a row that make one two-way branch, as compilers emit after
 * ucomisd: `jp X; jne X` jumps to X on P or not Z, `jp L; je Y; L:` to Y
 * on Z and not P.  One block end (or, with the flags in cc_src, one side
 * exit) on the combined condition, instead of a block holding the second
 * jcc alone.  False (nothing emitted, nothing
 * read) for any other instruction after the first jcc. */
static bool gen_jcc_pair(DisasContext *s, int b, uint64_t target)
{
    TCGContext *t = s->tcg;
    uint64_t pc = s->pc, target2;
    int b2;
    if (!read_next_jcc(s, &b2, &target2))
        return false;
    bool either = target == target2, second_only = target == s->pc;
    if (!either && !second_only) {
        s->pc = pc;
        return false;
    }
    s->insn_count++;
    if (gen_jcc_pair_eflags(s, b, b2, either, target2))
        return true;
    TCGv c1 = gen_condition_tb(s, b), c2 = gen_condition_tb(s, b2);
    if (either) {
        tcg_gen_or(t, c2, c2, c1);
    } else {
        tcg_gen_xori(t, c1, c1, 1);
        tcg_gen_and(t, c2, c2, c1);
    }
    x86_gen_update_cc_op(s);
    int taken = tcg_new_label(t);
    tcg_gen_brcond(t, TCG_COND_NE, c2, cst(s, 0), taken);
    gen_jmp_tb(s, s->pc, 0);
    tcg_gen_set_label(t, taken);
    gen_jmp_tb(s, target2, 1);
    return true;
}

static void gen_jcc(DisasContext *s, int b, uint64_t target)
{
    TCGContext *t = s->tcg;
    if (gen_jcc_pair(s, b, target))
        return;
    CCPrepare cc = gen_prepare_cc(s, b);
    /* a forward jcc: the block may go on at its fall-through (a backward
     * one mostly closes a loop, whose exit it would translate instead) */
    if ((target > s->pc && gen_side_exit(s, cc.cond, cc.a, cc.b, target)) ||
        gen_loop_branch(s, cc.cond, cc.a, cc.b, target))
        return;
    x86_gen_update_cc_op(s);
    int taken = tcg_new_label(t);
    tcg_gen_brcond(t, cc.cond, cc.a, cc.b, taken);
    gen_jmp_tb(s, s->pc, 0);
    tcg_gen_set_label(t, taken);
    gen_jmp_tb(s, target, 1);
}

/* e0 loopne, e1 loope, e2 loop, e3 jrcxz */
static void gen_loop(DisasContext *s, int b)
{
    TCGContext *t = s->tcg;
    int64_t disp = (int8_t)x86_ldub_code(s);
    uint64_t target = s->pc + (uint64_t)disp;
    CCPrepare zf = { 0 };
    if (b <= 0xe1)      /* leave the loop when ZF says so */
        zf = gen_prepare_cc(s, b == 0xe0 ? 4 : 5);
    TCGv count = tmp(s);
    if (b != 0xe3) {
        tcg_gen_subi(t, count, G.regs[R_ECX], 1);
        if (s->aflag == MO_32)
            tcg_gen_ext32u(t, count, count);
        tcg_gen_mov(t, G.regs[R_ECX], count);
    } else {
        gen_ext(s, s->aflag, count, G.regs[R_ECX]);
    }
    x86_gen_update_cc_op(s);
    int next = tcg_new_label(t), taken = tcg_new_label(t);
    if (b <= 0xe1)
        tcg_gen_brcond(t, zf.cond, zf.a, zf.b, next);
    tcg_gen_brcondi(t, b == 0xe3 ? TCG_COND_EQ : TCG_COND_NE, count, 0, taken);
    tcg_gen_set_label(t, next);
    gen_jmp_tb(s, s->pc, 0);
    tcg_gen_set_label(t, taken);
    gen_jmp_tb(s, target, 1);
}

static void gen_call_rel(DisasContext *s)
{
    int64_t disp = (int32_t)x86_ldl_code(s);
    uint64_t next = s->pc;
    gen_push(s, MO_64, cst(s, next));
    if (!x86_follow_jump(s, next + (uint64_t)disp))
        gen_jmp_tb(s, next + (uint64_t)disp, 0);
}

static void gen_ret(DisasContext *s, unsigned pop_extra)
{
    TCGContext *t = s->tcg;
    TCGv target = tmp(s);
    gen_pop_load(s, MO_64, target);
    tcg_gen_addi(t, G.regs[R_ESP], G.regs[R_ESP], 8 + pop_extra);
    gen_jmp_indirect(s, target);
}

static void gen_enter(DisasContext *s)
{
    TCGContext *t = s->tcg;
    unsigned frame_size = x86_lduw_code(s);
    int level = x86_ldub_code(s) & 31;
    MemOp ot = stack_ot(s);
    int size = 1 << ot;
    /* stores first, registers last: a fault leaves rsp/rbp untouched */
    TCGv a = tmp(s), v = tmp(s), frame = tmp(s);
    tcg_gen_subi(t, a, G.regs[R_ESP], size);
    x86_gen_load_reg(s, ot, v, R_EBP);
    gen_st(s, ot, v, a);
    tcg_gen_mov(t, frame, a);
    for (int i = 1; i < level; i++) {
        TCGv src = tmp(s);
        tcg_gen_subi(t, src, G.regs[R_EBP], i * size);
        gen_ld(s, ot, v, src);
        tcg_gen_subi(t, a, a, size);
        gen_st(s, ot, v, a);
    }
    if (level > 0) {
        tcg_gen_subi(t, a, a, size);
        gen_st(s, ot, frame, a);
    }
    x86_gen_store_reg(s, ot, R_EBP, frame);
    tcg_gen_subi(t, G.regs[R_ESP], a, frame_size);
}

static void gen_leave(DisasContext *s)
{
    TCGContext *t = s->tcg;
    MemOp ot = stack_ot(s);
    TCGv v = tmp(s);
    gen_ld(s, ot, v, G.regs[R_EBP]);
    tcg_gen_addi(t, G.regs[R_ESP], G.regs[R_EBP], 1 << ot);
    x86_gen_store_reg(s, ot, R_EBP, v);
}

static void gen_pushf(DisasContext *s)
{
    x86_gen_update_cc_op(s);
    TCGv v = tmp(s);
    tcg_gen_calln(s->tcg, helper_read_eflags, TCG_CALL_NO_WG, v, env_v(s));
    gen_push(s, stack_ot(s), v);
}

static void gen_popf(DisasContext *s)
{
    MemOp ot = stack_ot(s);
    TCGv v = tmp(s);
    gen_pop_load(s, ot, v);
    gen_pop_commit(s, ot);
    uint64_t mask = ot == MO_16 ? POPF_MASK & 0xffff : POPF_MASK;
    tcg_gen_calln(s->tcg, helper_write_eflags, 0, TCGV_NONE, env_v(s), v, cst(s, mask));
    s->cc_op = CC_OP_EFLAGS;
    s->cc_op_dirty = false;
}

static bool gen_sahf_lahf(DisasContext *s, bool sahf)
{
    TCGContext *t = s->tcg;
    if (!(s->env->cpuid_ext3_features & CPUID_EXT3_LAHF_LM))
        return false;
    TCGv f = gen_eflags_tmp(s);
    TCGv v = tmp(s);
    if (sahf) {
        TCGv ah = tmp(s);
        tcg_gen_extract(t, ah, G.regs[R_EAX], 8, 8);
        tcg_gen_andi(t, ah, ah, CC_S | CC_Z | CC_A | CC_P | CC_C);
        tcg_gen_andi(t, v, f, CC_O);
        tcg_gen_or(t, G.cc_src, v, ah);
        x86_set_cc_op(s, CC_OP_EFLAGS);
    } else {
        tcg_gen_andi(t, v, f, CC_S | CC_Z | CC_A | CC_P | CC_C);
        tcg_gen_ori(t, v, v, 2);
        tcg_gen_deposit(t, G.regs[R_EAX], G.regs[R_EAX], v, 8, 8);
    }
    return true;
}

/* f5 cmc, f8 clc, f9 stc */
static void gen_carry_flag_op(DisasContext *s, int b)
{
    TCGContext *t = s->tcg;
    TCGv f = x86_gen_compute_eflags(s);
    switch (b) {
    case 0xf5: tcg_gen_xori(t, f, f, CC_C); break;
    case 0xf8: tcg_gen_andi(t, f, f, ~(uint64_t)CC_C); break;
    default: tcg_gen_ori(t, f, f, CC_C); break;
    }
}

static void gen_set_df(DisasContext *s, int step)
{
    TCGv v = tcg_constant_i32(s->tcg, (uint32_t)step);
    tcg_gen_st(s->tcg, INDEX_op_st, v, env_v(s), (int32_t)offsetof(CPUX86State, df));
}

static void gen_push_imm(DisasContext *s, int b)
{
    MemOp ot = stack_ot(s);
    int64_t v = b == 0x6a ? (int8_t)x86_ldub_code(s) : insn_simm(s, ot == MO_16 ? MO_16 : MO_32);
    gen_push(s, ot, cst(s, (uint64_t)v & ot_mask(ot)));
}

static void gen_pop_rm(DisasContext *s)
{
    MemOp ot = stack_ot(s);
    x86_decode_modrm(s);
    if ((s->modrm & 0x38) != 0) {
        x86_gen_illegal(s);
        return;
    }
    TCGv v = tmp(s);
    gen_pop_load(s, ot, v);
    if (s->mod == 3) {
        gen_pop_commit(s, ot);
        x86_gen_store_reg(s, ot, s->rm, v);
        return;
    }
    /* an rsp-based address is computed after the pop, but rsp may only
     * move once the store has succeeded */
    TCGv old_sp = tmp(s);
    tcg_gen_mov(s->tcg, old_sp, G.regs[R_ESP]);
    gen_pop_commit(s, ot);
    TCGv addr = x86_gen_lea(s);
    tcg_gen_mov(s->tcg, G.regs[R_ESP], old_sp);
    gen_st(s, ot, v, addr);
    gen_pop_commit(s, ot);
}

static void gen_mov_from_seg(DisasContext *s)
{
    x86_decode_modrm(s);
    int seg = (s->modrm >> 3) & 7;
    TCGv v = tmp(s);
    TCGv addr = gen_rm_addr(s);
    if (seg >= NB_SEGS) {
        x86_gen_illegal(s);
        return;
    }
    tcg_gen_ld(s->tcg, INDEX_op_ld16u, v, env_v(s), (int32_t)offsetof(CPUX86State, seg_sel[seg]));
    if (addr != TCGV_NONE)
        gen_st(s, MO_16, v, addr);
    else
        x86_gen_store_reg(s, s->dflag, s->rm, v);
}

/* ff /2 /4 /6 (b = 0x100 | reg field) */
static bool gen_grp5_ctrl(DisasContext *s, int op)
{
    if (op != 2 && op != 4 && op != 6)
        return false;
    MemOp ot = op == 6 ? stack_ot(s) : MO_64;
    TCGv addr = gen_rm_addr(s);
    TCGv v = tmp(s);
    gen_ld_rm(s, ot, v, addr);
    if (op == 6) {
        gen_push(s, ot, v);
    } else {
        if (op == 2)
            gen_push(s, MO_64, cst(s, s->pc));
        gen_jmp_indirect(s, v);
    }
    return true;
}

static void gen_int(DisasContext *s)
{
    int n = x86_ldub_code(s);
    if (n == 3)     /* int $3: reachable from user mode, like int3 */
        gen_exception_at(s, EXCP03_INT3, s->pc);
    else
        gen_gpf(s);
}

bool gen_ctrl_onebyte(DisasContext *s, int b)
{
    if (b >= 0x100)
        return gen_grp5_ctrl(s, b & 7);
    switch (b) {
    case 0x50 ... 0x57: {
        MemOp ot = stack_ot(s);
        gen_push(s, ot, gen_reg_value(s, ot, (b & 7) | s->rex_b)); /* push rsp: the value before */
        return true;
    }
    case 0x58 ... 0x5f: {
        MemOp ot = stack_ot(s);
        TCGv v = tmp(s);
        gen_pop_load(s, ot, v);
        gen_pop_commit(s, ot);
        x86_gen_store_reg(s, ot, (b & 7) | s->rex_b, v);
        return true;
    }
    case 0x68: case 0x6a: gen_push_imm(s, b); return true;
    case 0x70 ... 0x7f: {
        int64_t disp = (int8_t)x86_ldub_code(s);
        gen_jcc(s, b & 0xf, s->pc + (uint64_t)disp);
        return true;
    }
    case 0x8c: gen_mov_from_seg(s); return true;
    case 0x8f: gen_pop_rm(s); return true;
    case 0x9c: gen_pushf(s); return true;
    case 0x9d: gen_popf(s); return true;
    case 0x9e: case 0x9f: return gen_sahf_lahf(s, b == 0x9e);
    case 0xc2: gen_ret(s, x86_lduw_code(s)); return true;
    case 0xc3: gen_ret(s, 0); return true;
    case 0xc8: gen_enter(s); return true;
    case 0xc9: gen_leave(s); return true;
    case 0xcc: gen_exception_at(s, EXCP03_INT3, s->pc); return true;
    case 0xcd: gen_int(s); return true;
    case 0xe0 ... 0xe3: gen_loop(s, b); return true;
    case 0xe8: gen_call_rel(s); return true;
    case 0xe9: case 0xeb: {
        int64_t disp = b == 0xe9 ? (int32_t)x86_ldl_code(s) : (int8_t)x86_ldub_code(s);
        uint64_t target = s->pc + (uint64_t)disp;
        if (!gen_loop_branch(s, TCG_COND_ALWAYS, TCGV_NONE, TCGV_NONE, target) && !x86_follow_jump(s, target))
            gen_jmp_tb(s, target, 0);
        return true;
    }
    case 0xe4 ... 0xe7: case 0xec ... 0xef: case 0x6c ... 0x6f:
    case 0xf4: case 0xfa: case 0xfb:
        gen_gpf(s);     /* I/O, hlt, cli, sti: privileged at CPL 3 */
        return true;
    case 0xf5: case 0xf8: case 0xf9: gen_carry_flag_op(s, b); return true;
    case 0xfc: gen_set_df(s, 1); return true;
    case 0xfd: gen_set_df(s, -1); return true;
    default: return false;
    }
}

/* 0F 01: only rdtscp is reachable at CPL 3; descriptor-table and
 * control instructions fault */
static bool gen_0f01(DisasContext *s)
{
    x86_decode_modrm(s);
    if (s->modrm == 0xf9) {
        if (!(s->env->cpuid_ext2_features & CPUID_EXT2_RDTSCP))
            return false;
        tcg_gen_calln(s->tcg, helper_rdtscp, 0, TCGV_NONE, env_v(s));
        return true;
    }
    if (s->modrm == 0xf8 || (s->mod != 3 && ((s->modrm >> 3) & 7) != 5)) {
        if (s->mod != 3)
            x86_gen_lea(s);
        gen_gpf(s);
        return true;
    }
    return false;
}

bool gen_ctrl_0f(DisasContext *s, int b)
{
    switch (b) {
    case 0x00:
        x86_decode_modrm(s);
        if (s->mod != 3)
            x86_gen_lea(s);
        gen_gpf(s);
        return true;
    case 0x01: return gen_0f01(s);
    case 0x05:
        gen_exception_at(s, EXCP_SYSCALL, s->pc);
        return true;
    case 0x06: case 0x07: case 0x08: case 0x09: case 0x30: case 0x32: case 0x33:
    case 0x34: case 0x35:
        gen_gpf(s);
        return true;
    case 0x20 ... 0x23:
        x86_decode_modrm(s);
        gen_gpf(s);
        return true;
    case 0x31:
        tcg_gen_calln(s->tcg, helper_rdtsc, 0, TCGV_NONE, env_v(s));
        return true;
    case 0x80 ... 0x8f: {
        int64_t disp = (int32_t)x86_ldl_code(s);
        gen_jcc(s, b & 0xf, s->pc + (uint64_t)disp);
        return true;
    }
    case 0xa2:
        tcg_gen_calln(s->tcg, helper_cpuid, 0, TCGV_NONE, env_v(s));
        return true;
    default: return false;
    }
}

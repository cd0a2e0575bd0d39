/* lookup_gen.c — the IR of an indirect jump's TB lookup, emitted inline
 * in generated code: probe this vCPU's jump cache for env->rip and jump
 * straight to the block's host code; only on a miss call
 * helper_lookup_tb_ptr.  Indirect jumps (ret, call *, jump tables) are
 * frequent enough that the helper call on every one shows in profiles.
 *
 * It lives with the engine because it encodes the engine's data layout:
 * the jump cache's place in CPUState and its hash, and the TB fields
 * compared (pc, then flags and cflags as one 64-bit word, so that an
 * invalidated block, whose cflags has CF_INVALID, never matches). */
#include "exec/exec_internal.h"

#include "util/log.h"

_Static_assert(offsetof(TranslationBlock, cflags) == offsetof(TranslationBlock, flags) + 4,
               "flags and cflags are compared as one little-endian word");

/* idx = address of this vCPU's jump cache slot for rip, minus the cache's
 * offset from env (folded into the load, with the scaling and the add:
 * the allocator makes [env + index * 8 + offset] of them) */
static TCGv gen_jmp_cache_slot(TCGContext *s, TCGv rip)
{
    TCGv index = tcg_temp_new(s, TCG_TYPE_I64), scaled = tcg_temp_new(s, TCG_TYPE_I64);
    TCGv slot = tcg_temp_new(s, TCG_TYPE_I64);
    tcg_gen_shri(s, index, rip, TB_JMP_CACHE_BITS);
    tcg_gen_xor(s, index, index, rip);
    tcg_gen_andi(s, index, index, TB_JMP_CACHE_SIZE - 1);
    tcg_gen_shli(s, scaled, index, 3);
    tcg_gen_add(s, slot, s->env, scaled);
    return slot;
}

/* -d stats: count a hit in the vCPU's own counter (plain add, no atomics) */
static void gen_count_inline_hit(TCGContext *s)
{
    const int32_t offset = (int32_t)(offsetof(CPUState, stats.inline_hits) - offsetof(CPUState, env));
    TCGv count = tcg_temp_new(s, TCG_TYPE_I64);
    tcg_gen_ld(s, INDEX_op_ld, count, s->env, offset);
    tcg_gen_addi(s, count, count, 1);
    tcg_gen_st(s, INDEX_op_st, count, s->env, offset);
}

void exec_gen_lookup_and_goto_ptr(TCGContext *s, TCGv rip)
{
    const int32_t jmp_cache_offset =
        (int32_t)(offsetof(CPUState, tb_jmp_cache) - offsetof(CPUState, env));
    TCGv host = tcg_temp_new(s, TCG_TYPE_I64);

    /* -d exec logs every block entered: always go through the helper */
    if (!tern_log_enabled(LOG_EXEC)) {
        int miss = tcg_new_label(s);
        TCGv slot = gen_jmp_cache_slot(s, rip);
        TCGv tb = tcg_temp_new(s, TCG_TYPE_I64);
        TCGv word = tcg_temp_new(s, TCG_TYPE_I64);
        TCGv hflags = tcg_temp_new(s, TCG_TYPE_I64);

        tcg_gen_ld(s, INDEX_op_ld, tb, slot, jmp_cache_offset);
        tcg_gen_brcondi(s, TCG_COND_EQ, tb, 0, miss);
        tcg_gen_ld(s, INDEX_op_ld, word, tb, (int32_t)offsetof(TranslationBlock, pc));
        tcg_gen_brcond(s, TCG_COND_NE, word, rip, miss);
        /* flags | cflags << 32 must be hflags | 0 << 32 (the word loaded
         * last: its load becomes the compare's memory operand) */
        tcg_gen_ld(s, INDEX_op_ld32u, hflags, s->env, (int32_t)offsetof(CPUX86State, hflags));
        tcg_gen_ld(s, INDEX_op_ld, word, tb, (int32_t)offsetof(TranslationBlock, flags));
        tcg_gen_brcond(s, TCG_COND_NE, word, hflags, miss);
        if (exec_stats_on)
            gen_count_inline_hit(s);
        tcg_gen_ld(s, INDEX_op_ld, host, tb, (int32_t)offsetof(TranslationBlock, tc_ptr));
        tcg_gen_goto_ptr(s, host);
        tcg_gen_set_label(s, miss);
    }
    tcg_gen_calln(s, helper_lookup_tb_ptr, TCG_CALL_NO_WG, host, s->env);
    tcg_gen_goto_ptr(s, host);
}

/* lookup_gen.c — the IR of an indirect jump's TB lookup, emitted inline
 * in generated code: probe this vCPU's jump cache for env->rip and jump
 * straight to the block's host code; only on a miss call
 * helper_lookup_tb_ptr.  Indirect jumps (ret, call *, jump tables) are
 * frequent enough that the helper call on every one shows in profiles.
 *
 * It lives with the engine because it encodes the engine's data layout:
 * the jump cache's place in CPUState, its hash and its tags.  env's
 * flags are those this code was translated for (an instruction that
 * changes them ends its block with EXEC_LOOKUP_FLAGS_CHANGED, a lookup by
 * the helper alone), so the tag to compare is rip itself at the usual
 * flags. */
#include "exec/exec_internal.h"

#include "util/log.h"

_Static_assert(sizeof(TBJmpCacheEntry) == 16, "the probe scales the hash by 16");

/* the address of rip's entry in this vCPU's jump cache, minus the
 * cache's offset from env (which the loads add); the scaling by 16 comes
 * before the mask, whose immediate keeps the low 4 bits clear */
static TCGv gen_jmp_cache_entry(TCGContext *s, TCGv rip)
{
    TCGv index = tcg_temp_new(s, TCG_TYPE_I64), entry = tcg_temp_new(s, TCG_TYPE_I64);
    tcg_gen_shri(s, index, rip, TB_JMP_CACHE_BITS);
    tcg_gen_xor(s, index, index, rip);
    tcg_gen_shli(s, index, index, 4);
    tcg_gen_andi(s, index, index, (TB_JMP_CACHE_SIZE - 1) << 4);
    tcg_gen_add(s, entry, s->env, index);
    return entry;
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

void exec_gen_lookup_and_goto_ptr(TCGContext *s, TCGv rip, uint32_t flags)
{
    TCGv host = tcg_temp_new(s, TCG_TYPE_I64);

    /* -d exec logs every block entered: always go through the helper */
    if (!tern_log_enabled(LOG_EXEC) && flags != EXEC_LOOKUP_FLAGS_CHANGED) {
        int miss = tcg_new_label(s);
        /* the target is entered without a test of its own (exec.h) */
        TCGv req = tcg_temp_new(s, TCG_TYPE_I32);
        tcg_gen_ld(s, INDEX_op_ld, req, s->env, (int32_t)offsetof(CPUX86State, exit_request));
        tcg_gen_brcondi(s, TCG_COND_NE, req, 0, miss);
        const int32_t cache = (int32_t)(offsetof(CPUState, tb_jmp_cache) - offsetof(CPUState, env));
        TCGv entry = gen_jmp_cache_entry(s, rip);
        TCGv tag = tcg_temp_new(s, TCG_TYPE_I64), want = rip;
        TCGv word = tcg_temp_new(s, TCG_TYPE_I64);
        if (tb_jmp_cache_tag_xor(flags)) {
            want = tcg_temp_new(s, TCG_TYPE_I64);
            tcg_gen_xori(s, want, rip, tb_jmp_cache_tag_xor(flags));
        }
        /* the load becomes the compare's memory operand */
        tcg_gen_ld(s, INDEX_op_ld, tag, entry, cache + (int32_t)offsetof(TBJmpCacheEntry, tag));
        tcg_gen_brcond(s, TCG_COND_NE, tag, want, miss);
        if (exec_stats_on)
            gen_count_inline_hit(s);
        tcg_gen_ld(s, INDEX_op_ld, word, entry, cache + (int32_t)offsetof(TBJmpCacheEntry, jmp_word));
        tcg_gen_ld(s, INDEX_op_ld, host, word, 0);
        tcg_gen_goto_ptr(s, host);
        tcg_gen_set_label(s, miss);
    }
    tcg_gen_calln(s, helper_lookup_tb_ptr, TCG_CALL_NO_WG, host, s->env);
    tcg_gen_goto_ptr(s, host);
}

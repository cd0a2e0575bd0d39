/* cpu_exec.c — the cpu loop: find or translate the block at env->rip,
 * chain the block that just exited to it, run it, and decode why it came
 * back; plus the lookup that generated code calls for indirect jumps.
 *
 * Exceptions raised in generated code or helpers arrive by siglongjmp
 * (cpu_loop_exit) at the sigsetjmp in cpu_exec.  One of them is internal:
 * EXCP_SMC, a block that wrote to its own page, after which the writing
 * instruction runs alone from a one-shot block and the loop goes on.
 *
 * Once x87 code has run, the host's x87 holds the guest's (x87_host.h):
 * the C code in the loop (lookups, translation) uses no x87 instruction,
 * so the state stays in place across blocks that return to the loop, and
 * goes back to env when cpu_exec returns. */
#include "exec/exec_internal.h"

#include "target/x86/x87_host.h"
#include "util/log.h"

/* The one-shot block that re-executes an instruction after EXCP_SMC. */
#define CF_SINGLE_NOCACHE (CF_NOCACHE | 1)

static TranslationBlock *tb_find(CPUState *cpu, uint32_t cflags)
{
    CPUX86State *env = &cpu->env;
    if (cflags & CF_NOCACHE)
        return tb_gen_code(cpu, env->rip, env->hflags, cflags);
    /* an indirect jump's lookup that just missed need not be repeated */
    bool known_miss = cpu->lookup_missed && cpu->lookup_miss_pc == env->rip && cpu->lookup_miss_flags == env->hflags;
    cpu->lookup_missed = false;
    TranslationBlock *tb = NULL;
    if (!known_miss) {
        stat_inc(&cpu->stats.loop_lookups);
        tb = tb_lookup(cpu, env->rip, env->hflags, cflags);
    }
    if (!tb) {
        tb = tb_gen_code(cpu, env->rip, env->hflags, cflags);
        if (cflags == 0)
            tb_jmp_cache_set(cpu, tb, false);
    }
    return tb;
}

static void log_exec(CPUState *cpu, const TranslationBlock *tb)
{
    tern_log("Trace %d: %p [%016llx/%08x]\n", cpu->cpu_index, (const void *)tb->tc_ptr,
             (unsigned long long)tb->pc, tb->flags);
}

void cpu_tb_exit_rip(CPUX86State *env, uintptr_t ret)
{
    const TranslationBlock *tb = (const TranslationBlock *)(ret & ~(uintptr_t)TB_EXIT_MASK);
    int slot = (int)(ret & TB_EXIT_MASK);
    if (tb)
        env->rip = tb->jmp_pc[slot];
}

/* Runs until an exit request or an exception; cflags applies to the
 * first block only. */
static int cpu_exec_loop(CPUState *cpu, uint32_t cflags)
{
    CPUX86State *env = &cpu->env;
    TranslationBlock *last_tb = NULL;
    int last_slot = 0;
    const bool logging_exec = tern_log_enabled(LOG_EXEC);
    /* whatever ran outside this loop (a signal handler) may have
     * translated the block a lookup missed */
    cpu->lookup_missed = false;
    for (;;) {
        if (__atomic_load_n(&env->exit_request, __ATOMIC_RELAXED)) {
            __atomic_store_n(&env->exit_request, 0, __ATOMIC_RELAXED);
            return EXCP_INTERRUPT;
        }
        uint64_t flushes = __atomic_load_n(&tb_ctx.flush_count, __ATOMIC_RELAXED);
        TranslationBlock *tb = tb_find(cpu, cflags);
        /* a flush while translating freed last_tb */
        if (last_tb && !logging_exec && flushes == __atomic_load_n(&tb_ctx.flush_count, __ATOMIC_RELAXED))
            tb_add_jump(last_tb, last_slot, tb);
        if (logging_exec)
            log_exec(cpu, tb);

        uintptr_t ret = tcg_prologue.tb_exec(env, tb->tc_ptr);

        last_tb = (TranslationBlock *)(ret & ~(uintptr_t)TB_EXIT_MASK);
        last_slot = (int)(ret & TB_EXIT_MASK);
        /* The block that exited may have been reached through chained
         * jumps that another thread patched, an ordering the C memory
         * model (and TSan) cannot see: this pairs with the release store
         * that completed its creation. */
        if (last_tb)
            (void)__atomic_load_n(&last_tb->cflags, __ATOMIC_ACQUIRE);
        cpu_tb_exit_rip(env, ret);
        if (cflags & CF_NOCACHE) {
            tb_discard_nocache(tb);
            last_tb = NULL;
            cflags = 0;
        }
        if (env->exception_index >= 0)
            return env->exception_index;
    }
}

int cpu_exec(CPUState *cpu)
{
    volatile uint32_t cflags = 0;
    int ret;

    cpu_exec_start(cpu);
    for (;;) {
        cpu->env.exception_index = -1;
        if (sigsetjmp(cpu->jmp_env, 0) == 0) {
            ret = cpu_exec_loop(cpu, cflags);
            break;
        }
        /* back from cpu_loop_exit, possibly out of a translation */
        tb_lock_reset();
        if (cpu->env.exception_index != EXCP_SMC) {
            ret = cpu->env.exception_index;
            break;
        }
        cflags = CF_SINGLE_NOCACHE;
    }
    x87_state_to_env(&cpu->env);
    cpu_exec_end(cpu);
    return ret;
}

const void *helper_lookup_tb_ptr(CPUX86State *env)
{
    CPUState *cpu = env_cpu(env);
    /* the inline probe's exit_request test also lands here */
    if (__atomic_load_n(&env->exit_request, __ATOMIC_RELAXED))
        return tcg_prologue.epilogue_return_zero;
    stat_inc(&cpu->stats.helper_lookups);
    TranslationBlock *tb = tb_lookup(cpu, env->rip, env->hflags, 0);
    if (!tb) {
        cpu->lookup_missed = true;
        cpu->lookup_miss_pc = env->rip;
        cpu->lookup_miss_flags = env->hflags;
        return tcg_prologue.epilogue_return_zero;
    }
    if (tern_log_enabled(LOG_EXEC))
        return tcg_prologue.epilogue_return_zero;
    stat_inc(&cpu->stats.helper_hits);
    return tb->tc_ptr;
}

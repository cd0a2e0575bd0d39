/* exec.h — translation blocks and the loop that runs them: the TB cache
 * (shared hash + per-vCPU jump cache), chaining, invalidation,
 * self-modifying code, precise-exception unwinding and the cpu loop.
 *
 * Concurrency contract: every vCPU / guest thread owns a CPUState and a
 * TCGContext.  TB lookup is lock-free (atomic loads of hash-chain
 * pointers).  Translation, insertion, chaining and invalidation take
 * tb_ctx.lock.  A code-buffer flush runs in an exclusive section with all
 * other vCPUs stopped at a safe point (outside generated code). */
#ifndef TERN_EXEC_H
#define TERN_EXEC_H

#include <pthread.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "tcg/tcg.h"
#include "target/x86/cpu.h"

/* ---- translation blocks ---- */
#define CF_COUNT_MASK 0x1ff   /* max guest instructions (0 = default limit) */
#define CF_NOCACHE (1u << 9)  /* one-shot block: not inserted, page not protected (SMC restart) */
#define CF_INVALID (1u << 10) /* removed from the cache; never chain to it */

typedef struct TranslationBlock {
    uint64_t pc;           /* guest virtual address of the first instruction */
    uint32_t flags;        /* env->hflags at translation: part of the key */
    uint32_t cflags;       /* CF_* */
    uint32_t size;         /* guest bytes covered */
    uint64_t page_addr[2]; /* guest pages covered (second = -1 if none) */
    const uint8_t *tc_ptr; /* host code, after its jump word (tb_jmp_word) */
    uint32_t tc_size;

    /* chaining: goto_tb slot n jumps (via the rel32 at tc_ptr +
     * jmp_insn_offset[n]) either to its reset target or to jmp_dest[n];
     * UINT16_MAX: the slot is unused.  Slots 0 and 1 are the block's
     * final exits, the others its side exits (a superblock's). */
    uint16_t jmp_insn_offset[TCG_MAX_JMP_SLOTS];
    uint16_t jmp_reset_offset[TCG_MAX_JMP_SLOTS];
    struct TranslationBlock *jmp_dest[TCG_MAX_JMP_SLOTS];
    /* the guest pc slot n leads to: its exit leaves rip to the cpu loop */
    uint64_t jmp_pc[TCG_MAX_JMP_SLOTS];
    /* incoming chained jumps, for unchaining on invalidation:
     * a singly-linked list through (tb, slot) pairs encoded as tb|slot */
    uintptr_t jmp_list_head;
    uintptr_t jmp_list_next[TCG_MAX_JMP_SLOTS];

    struct TranslationBlock *page_next[2];   /* TBs on the same guest page */

    /* precise exceptions: per guest instruction, where its host code ends
     * and its insn_start words (a compact copy of TCGCodeInfo's) */
    uint32_t nb_insns;
    const struct TBInsn *insns;
} TranslationBlock;

/* One guest instruction of a TB: 8 bytes instead of TCGCodeInfo's 20 (a
 * block's instructions lie within its page and the next, see
 * x86_follow_jump; the second insn_start word is a cc_op). */
typedef struct TBInsn {
    uint32_t end_offset; /* host offset where its code ends */
    int16_t pc_delta;    /* insn_start word 0 (guest pc) - tb->pc */
    uint16_t data1;      /* insn_start word 1 */
} TBInsn;

/* exit_tb values: a TB pointer with the low bits saying why (its goto_tb
 * slot; TBs are TB_ALIGN-aligned) */
#define TB_EXIT_MASK (TCG_MAX_JMP_SLOTS - 1)
/* Who fills what: the cpu loop allocates the TB and sets pc, flags,
 * cflags; x86_translate_block sets tb->size (guest bytes decoded).  A
 * goto_tb exit returns tb|slot without storing rip (once chained, that
 * store would be dead code in every block): the translator records the
 * slot's pc in tb->jmp_pc[slot] and cpu_tb_exit_rip sets rip from it.
 * exit_tb(0) (and goto_ptr to epilogue_return_zero) leaves rip in env.
 * Lazy-flags state (cc_op) is in env at every block boundary.
 *
 * env->exit_request is tested where generated code may go round a loop:
 * before a direct jump to a block that starts at or below the jumping
 * block's start (a cycle of blocks cannot climb all the way round), and
 * before an indirect jump enters its target, and at the back edge of a
 * loop inside a block (loop_back); the test leaves through the jump's
 * own unchained exit.  The cpu loop tests it before entering
 * a block.  Blocks entered by chained forward jumps pay nothing. */

/* Whether a block for (pc, flags) with cflags 0 is in the cache. */
bool tb_is_cached(uint64_t pc, uint32_t flags);

/* ---- one vCPU / guest thread ---- */
/* 2^15 entries (512 KiB): cc1 misses 4.6% of its indirect branches with
 * 2^12 entries, 1.8% with 2^14, 1.2% with 2^15 and 0.8% with 2^16 (each
 * miss costs a hash lookup, two cache misses); but a forked child copies
 * every page of it that it writes (with 8-byte entries, busybox sh: +50
 * page faults per process at 2^16, +15 at 2^14).  With today's 16-byte
 * entries, cc1 took the same time at 2^14, 2^15 and 2^16, and busybox
 * sh's page faults at 2^15 stayed those of 8-byte entries (about 45k). */
#define TB_JMP_CACHE_BITS 15
#define TB_JMP_CACHE_SIZE (1u << TB_JMP_CACHE_BITS)

/* The word right before a TB's code: where an indirect jump that found
 * the TB in a jump cache goes, tc_ptr, or once the TB is invalidated the
 * epilogue (back to the cpu loop, whose lookup finds its successor), so
 * no cache needs scrubbing.  Next to the code, it is in the caches when
 * the code is. */
static inline const void **tb_jmp_word(const TranslationBlock *tb)
{
    return (const void **)(uintptr_t)(tb->tc_ptr - sizeof(void *));
}

/* One jump cache entry: the jump word of the block whose (pc, flags)
 * have this tag, with cflags 0 (tb_jmp_cache_tag).  The inline probe of
 * an indirect jump compares rip with the tag and jumps through the word:
 * two loads besides the tag's, no TB fields read. */
typedef struct TBJmpCacheEntry {
    uint64_t tag;
    const void *const *jmp_word;
} TBJmpCacheEntry;

/* Per-vCPU counters for -d stats, bumped by the vCPU's own thread (and its
 * generated code) without atomics; exec_stats_print sums them. */
typedef struct CPUStats {
    uint64_t loop_lookups;       /* blocks looked up by the cpu loop */
    uint64_t hash_lookups, hash_hits;
    uint64_t inline_hits;        /* indirect branches served by the inline probe */
    uint64_t helper_lookups;     /* indirect branches through helper_lookup_tb_ptr */
    uint64_t helper_hits;        /* ... that found their block */
} CPUStats;

typedef struct CPUState {
    CPUX86State env;                      /* first: generated code's env pointer is &cpu->env */
    TCGContext *tcg;                      /* this thread's translation context */
    TBJmpCacheEntry tb_jmp_cache[TB_JMP_CACHE_SIZE];
    sigjmp_buf jmp_env;                   /* cpu_loop_exit lands here */
    bool running;                         /* inside cpu_exec (for exclusive sections) */
    int cpu_index;
    pthread_t thread;
    void *opaque;                         /* user mode: the TaskState */
    struct CPUState *next;                /* list of all CPUs */
    CPUStats stats;                       /* -d stats */
    /* the (pc, flags) helper_lookup_tb_ptr last failed to find: the cpu
     * loop then translates it without a second lookup */
    bool lookup_missed;
    uint32_t lookup_miss_flags;
    uint64_t lookup_miss_pc;
} CPUState;

static inline CPUState *env_cpu(CPUX86State *env) { return (CPUState *)((char *)env - __builtin_offsetof(CPUState, env)); }

/* ---- engine lifecycle ---- */
/* Allocate the code buffer (size in bytes, 0 = default) and emit the prologue. */
void tcg_exec_init(size_t code_buffer_size);
/* name translated blocks in /tmp/perf-PID.map for Linux perf (-perfmap) */
void perfmap_enable(void);
/* Make a CPUState for the calling thread: zeroed state, its own TCGContext. */
CPUState *cpu_create(void);
void cpu_destroy(CPUState *cpu);

/* Run guest code until something needs the outer loop: returns the
 * exception index (EXCP_SYSCALL, EXCP_INTERRUPT, a guest fault vector...).
 * env->rip is precise on return. */
int cpu_exec(CPUState *cpu);
/* After generated code returned ret: set env->rip where the exit_tb
 * value says the TB left it to the caller (see TB_EXIT_*). */
void cpu_tb_exit_rip(CPUX86State *env, uintptr_t ret);
/* Exit contract: EXCP_SYSCALL: env->rip is the instruction after the
 * syscall.  Faults (EXCP0E_PAGE with exception_addr/exception_is_write,
 * EXCP00_DIVZ, EXCP06_ILLOP, EXCP03_INT3 ...): env->rip is the faulting
 * instruction (for int3: the next one, as on hardware).  EXCP_INTERRUPT:
 * env->rip is the next instruction to run. */

/* Leave generated code / a helper and return to cpu_exec's caller with
 * env->exception_index set.  Does not return.  It does not touch the
 * signal mask (cpu_exec uses sigsetjmp(jmp_env, 0)): a SIGSEGV/SIGBUS
 * handler that calls it or cpu_loop_exit_restore must unblock that signal
 * first (page_unprotect_for_write does so itself when it unwinds). */
_Noreturn void cpu_loop_exit(CPUState *cpu);
/* Same, after restoring rip/cc_op from the host return address of a helper. */
_Noreturn void cpu_loop_exit_restore(CPUState *cpu, uintptr_t host_pc);
/* Restore rip/cc_op for a fault at host_pc inside generated code.  Returns
 * false if host_pc is not in generated code.  For a helper's return address
 * pass it as is (the function subtracts 1 to land inside the call). */
bool cpu_restore_state(CPUState *cpu, uintptr_t host_pc, bool is_return_address);
/* A fault at host_pc inside generated code: copy to env the globals that
 * the op there kept in host registers (host_regs: the faulting context's
 * registers by host register number).  Do this first, before anything
 * reads the guest state; harmless if execution then resumes. */
void cpu_restore_fault_globals(CPUState *cpu, uintptr_t host_pc, const uint64_t host_regs[16]);
/* Which TB holds this host pc (NULL: not generated code). */
TranslationBlock *tb_find_by_host_pc(uintptr_t host_pc);

/* Called by generated code for an indirect jump (after storing env->rip):
 * the host code of the block for env's current state, or
 * tcg_prologue.epilogue_return_zero when it is not translated yet. */
const void *helper_lookup_tb_ptr(CPUX86State *env);
/* Emit the IR of an indirect jump to guest address rip (already in the
 * rip global, cc_op synced): an inline jump-cache probe that jumps to the
 * block's host code, falling back to helper_lookup_tb_ptr + goto_ptr.
 * flags: env->hflags there, as the block was translated for; or
 * EXEC_LOOKUP_FLAGS_CHANGED after an instruction that may have changed
 * them: then only the helper looks up, with env's.  Ends the block (like
 * goto_ptr). */
#define EXEC_LOOKUP_FLAGS_CHANGED UINT32_MAX
void exec_gen_lookup_and_goto_ptr(TCGContext *s, TCGv rip, uint32_t flags);

/* Ask a vCPU to leave generated code soon (any thread, signal-safe). */
void cpu_exit(CPUState *cpu);

/* ---- guest memory seen from outside generated code ---- */
/* Copy guest code bytes for the translator; false if any byte of
 * [addr, addr+len) is not mapped readable and executable.  Implemented by
 * the memory-map code of the running mode (user mode: src/user/mmap.c). */
bool guest_code_read(CPUX86State *env, uint64_t addr, void *buf, size_t len);
/* User mode: the guest's own PROT_READ/WRITE/EXEC rights on the page
 * holding addr (0 if the guest has nothing mapped there).  The SMC code
 * must only give write permission back to pages the guest may write. */
int guest_page_prot(uint64_t addr);

/* Guest data access from helpers.  A fault is reported as a guest fault
 * at the instruction that called the helper: pass ra = GETPC() from the
 * helper itself.  (While the access runs, helper_retaddr holds ra so that
 * the host fault handler can attribute the fault.) */
extern __thread uintptr_t helper_retaddr;
uint8_t cpu_ldub_data_ra(CPUX86State *env, uint64_t addr, uintptr_t ra);
uint16_t cpu_lduw_data_ra(CPUX86State *env, uint64_t addr, uintptr_t ra);
uint32_t cpu_ldl_data_ra(CPUX86State *env, uint64_t addr, uintptr_t ra);
uint64_t cpu_ldq_data_ra(CPUX86State *env, uint64_t addr, uintptr_t ra);
void cpu_stb_data_ra(CPUX86State *env, uint64_t addr, uint8_t val, uintptr_t ra);
void cpu_stw_data_ra(CPUX86State *env, uint64_t addr, uint16_t val, uintptr_t ra);
void cpu_stl_data_ra(CPUX86State *env, uint64_t addr, uint32_t val, uintptr_t ra);
void cpu_stq_data_ra(CPUX86State *env, uint64_t addr, uint64_t val, uintptr_t ra);
/* user mode: host address of a guest address */
extern uintptr_t guest_base;
static inline void *g2h(uint64_t guest_addr) { return (void *)(uintptr_t)(guest_addr + guest_base); }

/* The CPUState of the calling thread (NULL outside a vCPU thread). */
extern __thread CPUState *thread_cpu;

/* ---- self-modifying code (user mode) ---- */
/* Called from the SIGSEGV handler for a write to a page we write-protected
 * because it holds translated code: invalidates its TBs and unprotects it.
 * Returns true if the fault was ours (the write can be retried).  If the
 * TB currently running was invalidated, does not return: it unwinds to
 * the cpu loop, which re-executes the writing instruction on its own. */
bool page_unprotect_for_write(CPUState *cpu, uint64_t guest_addr, uintptr_t host_pc);
/* Invalidate every TB overlapping [start, end) (munmap, mprotect, ...).
 * Call it after the host munmap / mmap(MAP_FIXED) / mremap: the pages'
 * write protection is forgotten, since the mapping changed. */
void tb_invalidate_range(uint64_t start, uint64_t end);
/* Call after a successful host mprotect of guest [start, start+len):
 * re-applies write protection to pages that still hold translated code
 * (prot keeps PROT_EXEC) and invalidates the TBs of pages that lost it. */
void page_protect_after_mprotect(uint64_t start, uint64_t len, int prot);
/* Call before the host kernel writes guest memory on the guest's behalf
 * (read(), recvmsg(), ...: a write-protected code page would give EFAULT
 * instead of a fault): invalidates the TBs on those pages and gives them
 * back their write permission. */
void page_unprotect_range(uint64_t start, uint64_t len);
/* Drop every TB (all vCPUs stopped first). */
void tb_flush(CPUState *cpu);

/* ---- exclusive sections: stop every other vCPU at a safe point ---- */
void start_exclusive(void);
void end_exclusive(void);
/* In the child of a fork made inside an exclusive section (instead of
 * end_exclusive): cpu is the only vCPU left, the engine's locks are free. */
void cpu_fork_child(CPUState *cpu);

/* ---- statistics (-d stats, or TERN_STATS=1 in the environment) ---- */
/* Counters of events that happen under tb_ctx.lock; lookups are counted
 * per vCPU (CPUStats). */
typedef struct ExecStats {
    uint64_t tbs_translated, tb_flushes, tb_invalidations;
    uint64_t guest_insns_translated, host_code_bytes;
    uint64_t chains;
    uint64_t translate_ns;
} ExecStats;
extern ExecStats exec_stats;
/* Print exec_stats and the sum of every vCPU's CPUStats (at exit). */
void exec_stats_print(FILE *f);

#endif

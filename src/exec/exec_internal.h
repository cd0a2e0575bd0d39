/* exec_internal.h — what the execution engine's files share and nobody
 * else needs: the shared TB context (code buffer, hash, lock), lookup,
 * translation, chaining, page tracking and the exclusive-section hooks
 * that bracket generated-code execution.
 *
 * One TBContext for the whole process: the code buffer and the hash are
 * shared by all vCPUs (that is the point of a TB cache), protected by
 * tb_ctx.lock for writers and read lock-free. */
#ifndef TERN_EXEC_INTERNAL_H
#define TERN_EXEC_INTERNAL_H

#include "exec/exec.h"

#include <string.h>

/* The TB hash: open addressing with linear probing over one-word
 * entries that carry part of the block's pc (tb_cache.c), so that a miss
 * (most lookups come right before a translation) reads a line of the
 * table and no TB header scattered over the buffer.  It starts at 2^10
 * entries and doubles whenever more than half are taken, so probes stay
 * short, while a forked child, which copies every page of the table it
 * writes, inherits a table no bigger than its parent needs. */
#define TB_HASH_MIN_BITS 10
#define TB_HASH_MAX_BITS 24
/* A TB (its struct, then its code at the next 32-byte boundary) starts
 * at this alignment in the code buffer: more would only pad the buffer
 * (cc1: 124k blocks).  A hash entry holds a block's place in these units
 * in 32 bits, which bounds the buffer. */
#define TB_ALIGN 16
_Static_assert(TB_ALIGN > TB_EXIT_MASK, "a TB pointer has room for its exit slot");
#define MAX_CODE_BUFFER_SIZE ((size_t)TB_ALIGN << 31)
#define GUEST_PAGE_BITS 12
#define GUEST_PAGE_SIZE (1ull << GUEST_PAGE_BITS)
#define GUEST_PAGE_MASK (~(GUEST_PAGE_SIZE - 1))

typedef uint64_t TBHashEntry;

typedef struct TBContext {
    pthread_mutex_t lock;         /* translation, insertion, chaining, invalidation */
    uint8_t *buf;                 /* the whole RWX mapping */
    size_t buf_size;
    uint8_t *code_gen_start;      /* first byte after the prologue */
    uint8_t *code_gen_ptr;        /* next free byte for code, which grows up */
    uint8_t *records_ptr;         /* lowest byte of the TB structs and arrays, which grow down */
    uint8_t *code_gen_end;

    /* every TB of the buffer in allocation (= tc_ptr) order, for
     * tb_find_by_host_pc; a fixed array so readers need no lock */
    TranslationBlock **tbs;
    size_t nb_tbs;
    size_t max_tbs;

    TBHashEntry *hash;            /* 2^hash_bits entries */
    unsigned hash_bits;
    size_t hash_used;             /* entries not empty, removed ones included */
    uint64_t flush_count;
} TBContext;

extern TBContext tb_ctx;

/* Bytes of the code buffer in use (code and the TBs' other parts), and
 * its room for them. */
static inline size_t tb_buffer_used(void)
{
    return (size_t)(tb_ctx.code_gen_ptr - tb_ctx.code_gen_start) + (size_t)(tb_ctx.code_gen_end - tb_ctx.records_ptr);
}
static inline size_t tb_buffer_room(void) { return (size_t)(tb_ctx.code_gen_end - tb_ctx.code_gen_start); }
/* -d stats is on: generated code only counts its inline jump-cache hits
 * then, and translation is only timed then */
extern bool exec_stats_on;
/* -perfmap is on: each new block is named in /tmp/perf-PID.map */
extern bool perfmap_on;
void perfmap_record(const TranslationBlock *tb);

/* Bump a per-vCPU counter: only its own thread writes it, so a plain
 * increment (no lock prefix); relaxed atomics because the exit-time sum
 * may read it from another thread. */
static inline void stat_inc(uint64_t *counter)
{
    __atomic_store_n(counter, __atomic_load_n(counter, __ATOMIC_RELAXED) + 1, __ATOMIC_RELAXED);
}

/* tb_ctx.lock, tracking whether this thread holds it so that a longjmp
 * out of translation (a guest fault while fetching code) can release it. */
void tb_lock(void);
void tb_unlock(void);
void tb_lock_reset(void);

/* A TB's fault sites (TCGFaultSite), stored after its instruction
 * array: their number, then the sites, then the registers they list. */
static inline const TCGFaultSite *tb_fault_sites(const TranslationBlock *tb, uint32_t *count)
{
    const uint8_t *p = (const uint8_t *)(tb->insns + tb->nb_insns);
    memcpy(count, p, sizeof(*count));
    return (const TCGFaultSite *)(p + sizeof(*count));
}

/* ---- tb_cache.c ---- */
static inline uint32_t tb_jmp_cache_hash(uint64_t pc)
{
    return (uint32_t)(pc ^ (pc >> TB_JMP_CACHE_BITS)) & (TB_JMP_CACHE_SIZE - 1);
}
/* The tag of (pc, flags): pc with the flags' difference from a 64-bit
 * user-mode block's folded into bits 48-63.  A canonical pc's bits 47-63
 * are all equal, so the tag is unique for flags below 2^16; and at the
 * usual flags it is pc itself, which the probe compares with no work. */
#define TB_JMP_CACHE_USUAL_FLAGS (HF_CS64 | 3u)
_Static_assert(HF_X87_NONDEF < (1u << 16) && HF_MXCSR_NONDEF < (1u << 16), "hflags fit a jump cache tag");
static inline uint64_t tb_jmp_cache_tag_xor(uint32_t flags)
{
    return (uint64_t)(flags ^ TB_JMP_CACHE_USUAL_FLAGS) << 48;
}
static inline uint64_t tb_jmp_cache_tag(uint64_t pc, uint32_t flags) { return pc ^ tb_jmp_cache_tag_xor(flags); }
/* Offer tb (not for cflags != 0) to cpu's jump cache: always, or only into
 * an empty entry.  An entry that holds it already is not written (a
 * forked child would copy the cache's page). */
void tb_jmp_cache_set(CPUState *cpu, TranslationBlock *tb, bool only_if_empty);
void tb_jmp_cache_init(void); /* once, after the prologue, before any vCPU */
static inline bool tb_matches(const TranslationBlock *tb, uint64_t pc, uint32_t flags, uint32_t cflags)
{
    /* cflags includes CF_INVALID: an invalidated block never matches */
    return tb->pc == pc && tb->flags == flags && __atomic_load_n(&tb->cflags, __ATOMIC_RELAXED) == cflags;
}
TranslationBlock *tb_hash_lookup(uint64_t pc, uint32_t flags, uint32_t cflags);
void tb_hash_insert(TranslationBlock *tb);
void tb_hash_remove(TranslationBlock *tb);
void tb_hash_clear(void);
/* The table tb_ctx.hash starts with. */
extern TBHashEntry tb_hash_initial[1u << TB_HASH_MIN_BITS];
/* More than half the entries taken, and no rebuild failed since the last
 * flush (a hint, read without the lock). */
bool tb_hash_wants_growth(void);
/* Rebuild the table without removed entries, twice as large unless most
 * were removed ones (lock held, inside an exclusive section: lookups do
 * not expect the table to move under them). */
void tb_hash_grow(void);
/* The hash, refilling the jump cache; NULL on a miss.  (The jump cache is
 * not probed first: its callers come after a miss there, in generated
 * code, or to blocks the cpu loop rarely finds in it.) */
TranslationBlock *tb_lookup(CPUState *cpu, uint64_t pc, uint32_t flags, uint32_t cflags);
/* A new vCPU's cache, zeroed memory, made empty; and any made empty. */
void tb_jmp_cache_start(CPUState *cpu);
void tb_jmp_cache_clear(CPUState *cpu);
/* Record a TB in the tc_ptr-ordered array (lock held). */
void tb_record(TranslationBlock *tb);

/* ---- translate_all.c ---- */
/* The TB for (pc, flags, cflags), translated if needed (CF_NOCACHE: always
 * a fresh one).  May flush the code buffer. */
TranslationBlock *tb_gen_code(CPUState *cpu, uint64_t pc, uint32_t flags, uint32_t cflags);
/* Give back the space of a CF_NOCACHE block once it has run, if nothing
 * was allocated after it. */
void tb_discard_nocache(TranslationBlock *tb);
/* Drop every TB and reset the buffer (lock held, inside an exclusive section). */
void tb_buffer_reset(void);

/* ---- tb_maint.c ---- */
/* Patch prev's goto_tb slot to jump to next (takes the lock). */
void tb_add_jump(TranslationBlock *prev, int slot, TranslationBlock *next);
/* A new TB's loop_back jump (TCGCodeInfo.loop_slot) goes to its own loop
 * head: record it as chained to the TB itself, so that invalidating the
 * TB resets it to its exit like any chained jump (lock held). */
void tb_chain_own_loop(TranslationBlock *tb, int slot);
/* Write-protect a guest page that code is about to be read from, if the
 * guest may write it (lock held).  False if it was writable until now:
 * code read from it earlier may already be stale. */
bool page_protect_for_translation(uint64_t page);
/* Put a new TB on its pages' lists, write-protecting them (lock held). */
void tb_link_pages(TranslationBlock *tb);
/* Remove a TB from the cache: hash, pages, jumps (lock held). */
void tb_invalidate(TranslationBlock *tb);
/* Forget every TB on every page (lock held, at flush). */
void page_clear_all_tbs(void);

/* ---- cpu_state.c ---- */
/* Bracket the cpu loop: a CPU inside cpu_exec_start/end may be executing
 * generated code or reading TBs, so an exclusive section waits for it. */
void cpu_exec_start(CPUState *cpu);
void cpu_exec_end(CPUState *cpu);
/* How many CPUs exist (threads that may run generated code). */
int cpu_count(void);
/* Run fn on every CPU of the list (exclusive section or list lock held). */
void cpu_foreach(void (*fn)(CPUState *cpu));

#endif

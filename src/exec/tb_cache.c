/* tb_cache.c — finding a translated block: the per-vCPU jump cache, the
 * shared hash table, and the tc_ptr-ordered array that maps a host pc back
 * to its block.
 *
 * Readers take no lock: hash entries are published with release stores
 * and a TB's memory is only reused after a flush, which runs with every
 * other vCPU stopped.  An invalidated TB stays readable until then, so a
 * reader that found it just before its entry was removed is safe;
 * lookups reject it by its CF_INVALID bit.  Stale jump cache entries
 * need no clearing in every vCPU's cache either: the invalidated TB's
 * jump word (tb_jmp_word) leads back to the cpu loop. */
#include "exec/exec_internal.h"

#include <string.h>
#include <sys/mman.h>

/* An entry is one word, so that it is published and removed by one
 * atomic store: the low 32 bits of the block's pc (a lookup compares
 * them before it reads any TB header) above the block's place in the
 * buffer in TB_ALIGN units plus one.  0 is an empty entry, which ends a
 * probe; TB_HASH_REMOVED a removed block's, passed over (only a rebuild
 * reclaims it, so that a reader never sees an entry change from one
 * block to another). */
#define TB_HASH_REMOVED UINT32_MAX

static inline TBHashEntry hash_entry(uint64_t pc, const TranslationBlock *tb)
{
    return (uint64_t)(uint32_t)pc << 32 | (uint64_t)(((const uint8_t *)tb - tb_ctx.buf) / TB_ALIGN + 1);
}

static inline TranslationBlock *entry_tb(TBHashEntry e)
{
    return (TranslationBlock *)(tb_ctx.buf + ((uint32_t)e - 1) * (size_t)TB_ALIGN);
}

static inline bool entry_live(TBHashEntry e) { return e && (uint32_t)e != TB_HASH_REMOVED; }

/* By the pc's low half alone, so that a rebuild reads only the table.
 * (Blocks of one pc under other flags are rare; tb_matches tells them
 * apart.) */
static inline size_t tb_hash(uint32_t pc_low)
{
    return (size_t)((pc_low * 0x9e3779b97f4a7c15ull) >> (64 - tb_ctx.hash_bits));
}

static inline size_t tb_hash_mask(void) { return ((size_t)1 << tb_ctx.hash_bits) - 1; }

TBHashEntry tb_hash_initial[1u << TB_HASH_MIN_BITS];

/* A bit per hash of a pc, set when a block of that pc is inserted and
 * cleared only with the table: a clear bit answers a lookup miss (most
 * lookups, right before a translation) from 16 KiB that the caches keep
 * rather than from a line of a table of megabytes that they do not.
 * (Removed blocks leave their bit set: the table answers then.  With many
 * blocks most bits are set and the table answers more often; a larger
 * bitmap, missing the caches itself, measured slower on python3.) */
#define TB_PRESENT_BITS 17
static uint64_t tb_present[(1u << TB_PRESENT_BITS) / 64];

static inline uint32_t present_bit(uint64_t pc)
{
    return (uint32_t)(((uint32_t)pc * 0xff51afd7ed558ccdull) >> (64 - TB_PRESENT_BITS));
}

static inline bool maybe_present(uint64_t pc)
{
    uint32_t b = present_bit(pc);
    return (__atomic_load_n(&tb_present[b / 64], __ATOMIC_ACQUIRE) >> (b % 64)) & 1;
}

static void mark_present(uint64_t pc)
{
    uint32_t b = present_bit(pc);
    __atomic_fetch_or(&tb_present[b / 64], 1ull << (b % 64), __ATOMIC_RELEASE);
}

/* A rebuild found no memory: translations stop asking for another (each
 * would take an exclusive section to fail again) until a flush. */
static bool tb_hash_grow_failed;

bool tb_hash_wants_growth(void)
{
    size_t entries = (size_t)1 << tb_ctx.hash_bits;
    return tb_ctx.hash_bits < TB_HASH_MAX_BITS && !__atomic_load_n(&tb_hash_grow_failed, __ATOMIC_RELAXED) &&
           __atomic_load_n(&tb_ctx.hash_used, __ATOMIC_RELAXED) * 2 > entries;
}

/* One entry always stays empty, so that every probe ends: a table that
 * cannot grow any more and is that full leaves the block out (found by
 * no lookup, it is translated again when needed). */
static void hash_put(TBHashEntry e)
{
    size_t mask = tb_hash_mask();
    if (tb_ctx.hash_used + 1 >= mask)
        return;
    size_t i = tb_hash((uint32_t)(e >> 32));
    while (tb_ctx.hash[i])
        i = (i + 1) & mask;
    __atomic_store_n(&tb_ctx.hash[i], e, __ATOMIC_RELEASE);
    __atomic_store_n(&tb_ctx.hash_used, tb_ctx.hash_used + 1, __ATOMIC_RELAXED);
}

static size_t tb_hash_live_entries(void)
{
    size_t live = 0;
    for (size_t i = 0; i <= tb_hash_mask(); i++)
        live += entry_live(tb_ctx.hash[i]);
    return live;
}

void tb_hash_grow(void)
{
    size_t old_entries = (size_t)1 << tb_ctx.hash_bits;
    TBHashEntry *old = tb_ctx.hash;
    unsigned bits = tb_ctx.hash_bits + (tb_hash_live_entries() * 4 > old_entries);
    /* populated at once: entries spread over every page of it, and one
     * mmap costs less than a page fault per page */
    void *p = mmap(NULL, sizeof(*old) << bits, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (p == MAP_FAILED) {
        __atomic_store_n(&tb_hash_grow_failed, true, __ATOMIC_RELAXED); /* longer probes, still correct */
        return;
    }
    tb_ctx.hash = p;
    tb_ctx.hash_bits = bits;
    tb_ctx.hash_used = 0;
    for (size_t i = 0; i < old_entries; i++)
        if (entry_live(old[i]))
            hash_put(old[i]);
    if (old != tb_hash_initial)
        munmap(old, old_entries * sizeof(*old));
}

TranslationBlock *tb_hash_lookup(uint64_t pc, uint32_t flags, uint32_t cflags)
{
    if (!maybe_present(pc))
        return NULL;
    const TBHashEntry *table = tb_ctx.hash;
    size_t mask = tb_hash_mask();
    for (size_t i = tb_hash((uint32_t)pc);; i = (i + 1) & mask) {
        TBHashEntry e = __atomic_load_n(&table[i], __ATOMIC_ACQUIRE);
        if (!e)
            return NULL;
        if ((uint32_t)(e >> 32) == (uint32_t)pc && entry_live(e) && tb_matches(entry_tb(e), pc, flags, cflags))
            return entry_tb(e);
    }
}

bool tb_is_cached(uint64_t pc, uint32_t flags) { return tb_hash_lookup(pc, flags, 0) != NULL; }

void tb_hash_insert(TranslationBlock *tb)
{
    mark_present(tb->pc);
    hash_put(hash_entry(tb->pc, tb));
}

void tb_hash_remove(TranslationBlock *tb)
{
    size_t mask = tb_hash_mask();
    TBHashEntry e = hash_entry(tb->pc, tb);
    for (size_t i = tb_hash((uint32_t)tb->pc); tb_ctx.hash[i]; i = (i + 1) & mask) {
        if (tb_ctx.hash[i] == e) {
            __atomic_store_n(&tb_ctx.hash[i], e | TB_HASH_REMOVED, __ATOMIC_RELEASE);
            return;
        }
    }
}

void tb_hash_clear(void)
{
    memset(tb_ctx.hash, 0, sizeof(*tb_ctx.hash) << tb_ctx.hash_bits);
    tb_ctx.hash_used = 0;
    __atomic_store_n(&tb_hash_grow_failed, false, __ATOMIC_RELAXED);
    memset(tb_present, 0, sizeof(tb_present));
}

TranslationBlock *tb_lookup(CPUState *cpu, uint64_t pc, uint32_t flags, uint32_t cflags)
{
    stat_inc(&cpu->stats.hash_lookups);
    TranslationBlock *tb = tb_hash_lookup(pc, flags, cflags);
    if (tb) {
        stat_inc(&cpu->stats.hash_hits);
        if (cflags == 0)
            tb_jmp_cache_set(cpu, tb, false);
    }
    return tb;
}

/* Empty entries are zero, tag and word, so that a new vCPU's cache is
 * zeroed memory that costs nothing where never used.  Only pc 0 has tag
 * 0 (at the usual flags; at others, a non-canonical pc whose low 48
 * bits are 0 does), and it hashes to entry 0: that entry alone, when
 * empty, holds a word, one leading back to the cpu loop, whose lookup
 * then decides (a guest jumping to 0 gets its fault there). */
static const void *jmp_cache_empty_word;

static bool jmp_cache_entry_empty(const TBJmpCacheEntry *e)
{
    return !e->jmp_word || e->jmp_word == &jmp_cache_empty_word;
}

void tb_jmp_cache_set(CPUState *cpu, TranslationBlock *tb, bool only_if_empty)
{
    TBJmpCacheEntry *e = &cpu->tb_jmp_cache[tb_jmp_cache_hash(tb->pc)];
    uint64_t tag = tb_jmp_cache_tag(tb->pc, tb->flags);
    const void *const *word = tb_jmp_word(tb);
    if ((e->jmp_word == word && e->tag == tag) || (only_if_empty && !jmp_cache_entry_empty(e)))
        return;
    /* only this vCPU's thread reads or writes its cache */
    e->tag = tag;
    e->jmp_word = word;
}

void tb_jmp_cache_init(void)
{
    jmp_cache_empty_word = tcg_prologue.epilogue_return_zero;
}

void tb_jmp_cache_start(CPUState *cpu)
{
    _Static_assert(2 * TB_JMP_CACHE_BITS <= 48, "a pc whose low 48 bits are 0 hashes to entry 0");
    cpu->tb_jmp_cache[0] = (TBJmpCacheEntry){ 0, &jmp_cache_empty_word };
}

void tb_jmp_cache_clear(CPUState *cpu)
{
    memset(cpu->tb_jmp_cache, 0, sizeof(cpu->tb_jmp_cache));
    tb_jmp_cache_start(cpu);
}

/* ---- host pc -> TB ---- */

void tb_record(TranslationBlock *tb)
{
    tb_ctx.tbs[tb_ctx.nb_tbs] = tb;
    __atomic_store_n(&tb_ctx.nb_tbs, tb_ctx.nb_tbs + 1, __ATOMIC_RELEASE);
}

TranslationBlock *tb_find_by_host_pc(uintptr_t host_pc)
{
    size_t n = __atomic_load_n(&tb_ctx.nb_tbs, __ATOMIC_ACQUIRE);
    if (n == 0 || host_pc < (uintptr_t)tb_ctx.code_gen_start || host_pc >= (uintptr_t)tb_ctx.code_gen_end)
        return NULL;
    /* the last TB whose code starts at or before host_pc */
    size_t lo = 0, hi = n;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if ((uintptr_t)tb_ctx.tbs[mid]->tc_ptr <= host_pc)
            lo = mid;
        else
            hi = mid;
    }
    TranslationBlock *tb = tb_ctx.tbs[lo];
    uintptr_t start = (uintptr_t)tb->tc_ptr;
    return host_pc >= start && host_pc < start + tb->tc_size ? tb : NULL;
}

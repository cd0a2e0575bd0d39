/* tb_cache.c — finding a translated block: the per-vCPU jump cache, the
 * shared hash table, and the tc_ptr-ordered array that maps a host pc back
 * to its block.
 *
 * Readers take no lock: hash chains are published with release stores and
 * a TB's memory is only reused after a flush, which runs with every other
 * vCPU stopped.  An invalidated TB stays readable (and keeps its hash_next)
 * until then, so a reader walking a chain while it is unlinked is safe;
 * lookups reject it by its CF_INVALID bit, which is also how stale jump
 * cache entries are ignored without clearing every vCPU's cache. */
#include "exec/exec_internal.h"

#include <string.h>
#include <sys/mman.h>

static inline uint32_t tb_hash(uint64_t pc, uint32_t flags)
{
    uint64_t h = (pc ^ ((uint64_t)flags << 47)) * 0x9e3779b97f4a7c15ull;
    return (uint32_t)(h >> (64 - tb_ctx.hash_bits));
}

TranslationBlock *tb_hash_initial[1u << TB_HASH_MIN_BITS];

bool tb_hash_wants_growth(void)
{
    size_t buckets = (size_t)1 << tb_ctx.hash_bits;
    return tb_ctx.hash_bits < TB_HASH_MAX_BITS && __atomic_load_n(&tb_ctx.nb_tbs, __ATOMIC_RELAXED) > buckets;
}

void tb_hash_grow(void)
{
    size_t old_buckets = (size_t)1 << tb_ctx.hash_bits;
    TranslationBlock **old = tb_ctx.hash;
    void *p = mmap(NULL, 2 * old_buckets * sizeof(*old), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return; /* longer chains, still correct */
    tb_ctx.hash = p;
    tb_ctx.hash_bits++;
    for (size_t h = 0; h < old_buckets; h++) {
        for (TranslationBlock *tb = old[h], *next; tb; tb = next) {
            next = tb->hash_next;
            tb_hash_insert(tb);
        }
    }
    if (old != tb_hash_initial)
        munmap(old, old_buckets * sizeof(*old));
}

TranslationBlock *tb_hash_lookup(uint64_t pc, uint32_t flags, uint32_t cflags)
{
    TranslationBlock *tb = __atomic_load_n(&tb_ctx.hash[tb_hash(pc, flags)], __ATOMIC_ACQUIRE);
    for (; tb; tb = __atomic_load_n(&tb->hash_next, __ATOMIC_ACQUIRE)) {
        if (tb_matches(tb, pc, flags, cflags))
            return tb;
    }
    return NULL;
}

void tb_hash_insert(TranslationBlock *tb)
{
    TranslationBlock **head = &tb_ctx.hash[tb_hash(tb->pc, tb->flags)];
    tb->hash_next = *head;
    __atomic_store_n(head, tb, __ATOMIC_RELEASE);
}

void tb_hash_remove(TranslationBlock *tb)
{
    for (TranslationBlock **p = &tb_ctx.hash[tb_hash(tb->pc, tb->flags)]; *p; p = &(*p)->hash_next) {
        if (*p == tb) {
            __atomic_store_n(p, tb->hash_next, __ATOMIC_RELEASE);
            return;
        }
    }
}

void tb_hash_clear(void)
{
    memset(tb_ctx.hash, 0, sizeof(TranslationBlock *) << tb_ctx.hash_bits);
}

TranslationBlock *tb_lookup(CPUState *cpu, uint64_t pc, uint32_t flags, uint32_t cflags)
{
    TranslationBlock *tb = tb_jmp_cache_probe(cpu, pc, flags, cflags);
    if (tb)
        return tb;
    stat_inc(&cpu->stats.hash_lookups);
    tb = tb_hash_lookup(pc, flags, cflags);
    if (tb) {
        stat_inc(&cpu->stats.hash_hits);
        cpu->tb_jmp_cache[tb_jmp_cache_hash(pc)] = tb;
    }
    return tb;
}

void tb_jmp_cache_clear(CPUState *cpu)
{
    memset(cpu->tb_jmp_cache, 0, sizeof(cpu->tb_jmp_cache));
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

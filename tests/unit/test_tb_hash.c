/* test_tb_hash.c — the TB hash table (tb_cache.c) against a plain list
 * of the blocks it should hold.
 *
 * Blocks are made up in the code buffer (only their key fields matter to
 * the table), inserted the way translation does (growing the table when
 * it asks to), partly removed the way invalidation does, and every
 * lookup is compared with a linear search of the list: blocks found,
 * absent keys not found, including pcs that share their low 32 bits
 * (what an entry keeps of the pc) and pcs under other flags.  Some live
 * blocks share the low half of their pc with another, and some pcs hold
 * a block under each of two flag values, so that lookups that hit must
 * pass over a live entry of the same low half and keep probing. */
#include "exec/exec_internal.h"

#include <stdio.h>
#include <stdlib.h>

#define NB_BLOCKS 20000

static int failures;
static TranslationBlock *blocks[NB_BLOCKS];
static bool present[NB_BLOCKS];

static void fail(const char *test, const char *what, uint64_t pc)
{
    printf("FAIL %s: %s (pc 0x%llx)\n", test, what, (unsigned long long)pc);
    failures++;
}

/* Blocks i % 8 of these derive their key from block i - 2 (inserted in
 * the same pass, as both are even or both odd): the same low half of
 * the pc in another 2^40 window, or the same pc under the other flags. */
#define SAME_LOW_HALF 6
#define OTHER_FLAGS_EVEN 2
#define OTHER_FLAGS_ODD 7

static bool other_flags_than_prev(int i)
{
    return i % 8 == OTHER_FLAGS_EVEN || i % 8 == OTHER_FLAGS_ODD;
}

/* A pseudo-random guest pc: code addresses of a PIE, a library, or the
 * same low half in another 4 GiB window. */
static uint64_t block_pc(int i)
{
    if (i % 8 == SAME_LOW_HALF)
        return block_pc(i - 2) ^ (1ull << 40);
    if (other_flags_than_prev(i))
        return block_pc(i - 2);
    uint64_t low = (uint64_t)(i * 2654435761u) & 0xfffffff0u;
    switch (i % 3) {
    case 0: return 0x555555000000ull + (low & 0xffffff);
    case 1: return 0x7f0000000000ull + low;
    default: return 0x7f0100000000ull + low;
    }
}

static uint32_t block_flags(int i)
{
    return other_flags_than_prev(i) ? !block_flags(i - 2) : (uint32_t)(i % 7 == 0);
}

/* The oracle: the present block with that key, by linear search. */
static TranslationBlock *expected(uint64_t pc, uint32_t flags)
{
    for (int i = 0; i < NB_BLOCKS; i++)
        if (present[i] && blocks[i]->pc == pc && blocks[i]->flags == flags)
            return blocks[i];
    return NULL;
}

static void make_blocks(void)
{
    uint8_t *p = tb_ctx.code_gen_start;
    for (int i = 0; i < NB_BLOCKS; i++) {
        TranslationBlock *tb = (TranslationBlock *)p;
        *tb = (TranslationBlock){ .pc = block_pc(i), .flags = block_flags(i) };
        blocks[i] = tb;
        p += (sizeof(*tb) + TB_ALIGN - 1) / TB_ALIGN * TB_ALIGN;
    }
}

static void insert(int i)
{
    if (tb_hash_wants_growth())
        tb_hash_grow();
    tb_hash_insert(blocks[i]);
    present[i] = true;
}

static void check_all(const char *test)
{
    for (int i = 0; i < NB_BLOCKS; i++) {
        uint64_t pc = blocks[i]->pc;
        uint32_t flags = blocks[i]->flags;
        if (tb_hash_lookup(pc, flags, 0) != expected(pc, flags))
            fail(test, present[i] ? "present block not found" : "absent block found", pc);
        if (tb_hash_lookup(pc, flags ^ 2, 0))
            fail(test, "found under other flags", pc);
        if (tb_hash_lookup(pc ^ (1ull << 40), flags, 0) != expected(pc ^ (1ull << 40), flags))
            fail(test, "wrong block for another pc with the same low half", pc);
        if (tb_hash_lookup(pc, !flags, 0) != expected(pc, !flags))
            fail(test, "wrong block under the other flags", pc);
        if (present[i] && tb_hash_lookup(pc, flags, CF_INVALID))
            fail(test, "found under other cflags", pc);
    }
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    tcg_exec_init(16 << 20);
    make_blocks();

    for (int i = 0; i < NB_BLOCKS; i += 2)
        insert(i);
    check_all("insert_grow");
    if (!failures)
        printf("ok insert_grow (%d blocks, 2^%u entries)\n", NB_BLOCKS / 2, tb_ctx.hash_bits);

    /* remove most, so that a rebuild keeps the size; then insert the rest */
    int before = failures;
    for (int i = 0; i < NB_BLOCKS; i += 2) {
        if (i % 10 != 0) {
            tb_hash_remove(blocks[i]);
            present[i] = false;
        }
    }
    check_all("remove");
    unsigned bits = tb_ctx.hash_bits;
    tb_hash_grow();
    if (tb_ctx.hash_bits != bits)
        fail("rebuild", "a table of mostly removed entries grew", 0);
    check_all("rebuild");
    for (int i = 1; i < NB_BLOCKS; i += 2)
        insert(i);
    check_all("insert_after_remove");
    if (failures == before)
        printf("ok remove_rebuild_insert (2^%u entries)\n", tb_ctx.hash_bits);

    before = failures;
    tb_hash_clear();
    for (int i = 0; i < NB_BLOCKS; i++)
        present[i] = false;
    check_all("clear");
    if (failures == before)
        printf("ok clear\n");
    return failures ? 1 : 0;
}

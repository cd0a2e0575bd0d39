/* tb_maint.c — keeping the TB cache consistent: chaining blocks together
 * and undoing it, invalidating blocks, and the per-page bookkeeping behind
 * self-modifying code in user mode.
 *
 * SMC detection: a guest page that holds translated code and is writable
 * is made read-only on the host; the first write faults, and
 * page_unprotect_for_write invalidates the page's TBs and gives the write
 * permission back.  The guest's own rights on a page come from the memory
 * map (guest_page_prot); only pages the guest may write are protected, and
 * the memory map reports mprotect and unmapping here.  Everything here
 * runs under tb_ctx.lock.
 *
 * With several threads, a page is write-protected before the translator
 * reads its code (page_protect_for_translation), not after: otherwise
 * another thread's write landing between the read and the protection
 * would leave a stale block in the cache that no fault ever invalidates. */
#include "exec/exec_internal.h"
#include "exec/tb_hints.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* ---- chaining ---- */

static void tb_patch_jump(TranslationBlock *src, int n, const uint8_t *target)
{
    tcg_patch_goto_tb((uint8_t *)src->tc_ptr + src->jmp_insn_offset[n], target);
}

static void tb_reset_jump(TranslationBlock *src, int n)
{
    tb_patch_jump(src, n, src->tc_ptr + src->jmp_reset_offset[n]);
    __atomic_store_n(&src->jmp_dest[n], NULL, __ATOMIC_RELAXED);
}

void tb_add_jump(TranslationBlock *prev, int slot, TranslationBlock *next)
{
    /* the unlocked test only saves the lock when already chained */
    if (__atomic_load_n(&prev->jmp_dest[slot], __ATOMIC_RELAXED) || prev->jmp_insn_offset[slot] == UINT16_MAX)
        return;
    tb_lock();
    uint32_t cflags = __atomic_load_n(&prev->cflags, __ATOMIC_RELAXED) | __atomic_load_n(&next->cflags, __ATOMIC_RELAXED);
    if (!prev->jmp_dest[slot] && !(cflags & (CF_INVALID | CF_NOCACHE))) {
        tb_patch_jump(prev, slot, next->tc_ptr);
        __atomic_store_n(&prev->jmp_dest[slot], next, __ATOMIC_RELAXED);
        prev->jmp_list_next[slot] = next->jmp_list_head;
        next->jmp_list_head = (uintptr_t)prev | (uintptr_t)slot;
        exec_stats.chains++;
        tb_hints_record_jump(prev, slot, next);
    }
    tb_unlock();
}

void tb_chain_own_loop(TranslationBlock *tb, int slot)
{
    tb->jmp_dest[slot] = tb;
    tb->jmp_list_next[slot] = tb->jmp_list_head;
    tb->jmp_list_head = (uintptr_t)tb | (uintptr_t)slot;
}

/* Every jump into tb goes back to its exit path. */
static void tb_unchain_incoming(TranslationBlock *tb)
{
    uintptr_t entry = tb->jmp_list_head;
    while (entry) {
        TranslationBlock *src = (TranslationBlock *)(entry & ~(uintptr_t)TB_EXIT_MASK);
        int n = (int)(entry & TB_EXIT_MASK);
        entry = src->jmp_list_next[n];
        tb_reset_jump(src, n);
    }
    tb->jmp_list_head = 0;
}

/* Take tb's own jumps off its destinations' incoming lists. */
static void tb_unchain_outgoing(TranslationBlock *tb)
{
    for (int n = 0; n < TCG_MAX_JMP_SLOTS; n++) {
        TranslationBlock *dest = tb->jmp_dest[n];
        if (!dest)
            continue;
        uintptr_t *link = &dest->jmp_list_head;
        while (*link) {
            TranslationBlock *src = (TranslationBlock *)(*link & ~(uintptr_t)TB_EXIT_MASK);
            int k = (int)(*link & TB_EXIT_MASK);
            if (src == tb && k == n) {
                *link = src->jmp_list_next[k];
                break;
            }
            link = &src->jmp_list_next[k];
        }
        tb_reset_jump(tb, n);
    }
}

/* ---- pages ---- */

typedef struct PageDesc {
    uint64_t addr;          /* guest page address */
    uintptr_t first_tb;     /* TBs on this page: tb|n, chained through tb->page_next[n] */
    int prot;               /* the guest's protection, valid while write_protected */
    bool write_protected;   /* we took PROT_WRITE away to catch writes */
    struct PageDesc *next;
} PageDesc;

#define PAGE_HASH_BITS 14
static PageDesc *page_hash[1u << PAGE_HASH_BITS];
static size_t nb_page_descs;

static uint32_t page_hash_index(uint64_t addr)
{
    return (uint32_t)(((addr >> GUEST_PAGE_BITS) * 0x9e3779b97f4a7c15ull) >> (64 - PAGE_HASH_BITS));
}

static PageDesc *page_find(uint64_t addr)
{
    for (PageDesc *pd = page_hash[page_hash_index(addr)]; pd; pd = pd->next) {
        if (pd->addr == addr)
            return pd;
    }
    return NULL;
}

static PageDesc *page_find_or_alloc(uint64_t addr)
{
    PageDesc *pd = page_find(addr);
    if (pd)
        return pd;
    pd = calloc(1, sizeof(*pd));
    if (!pd) {
        fprintf(stderr, "tern: out of memory tracking code pages\n");
        exit(1);
    }
    uint32_t h = page_hash_index(addr);
    pd->addr = addr;
    pd->next = page_hash[h];
    page_hash[h] = pd;
    nb_page_descs++;
    return pd;
}

/* Run fn on every tracked page in [start, end): by lookup for short
 * ranges, by scanning the table for long ones (munmap of a huge area). */
static void page_foreach_in_range(uint64_t start, uint64_t end, void (*fn)(PageDesc *pd, int arg), int arg)
{
    start &= GUEST_PAGE_MASK;
    if (end <= start)
        return;
    if ((end - start) >> GUEST_PAGE_BITS <= nb_page_descs) {
        for (uint64_t a = start; a < end && a >= start; a += GUEST_PAGE_SIZE) {
            PageDesc *pd = page_find(a);
            if (pd)
                fn(pd, arg);
        }
        return;
    }
    for (size_t h = 0; h < (1u << PAGE_HASH_BITS); h++) {
        for (PageDesc *pd = page_hash[h]; pd; pd = pd->next) {
            if (pd->addr >= start && pd->addr < end)
                fn(pd, arg);
        }
    }
}

/* The host never executes guest pages: they are mapped without PROT_EXEC
 * whatever the guest asked for. */
static int host_prot(int guest_prot)
{
    return guest_prot & ~PROT_EXEC;
}

static void page_write_protect(PageDesc *pd, int prot)
{
    if (mprotect(g2h(pd->addr), GUEST_PAGE_SIZE, host_prot(prot) & ~PROT_WRITE) == 0) {
        pd->prot = prot;
        pd->write_protected = true;
    }
}

static void page_write_unprotect(PageDesc *pd)
{
    if (pd->write_protected)
        mprotect(g2h(pd->addr), GUEST_PAGE_SIZE, host_prot(pd->prot));
    pd->write_protected = false;
}

bool page_protect_for_translation(uint64_t page)
{
    PageDesc *pd = page_find_or_alloc(page);
    if (pd->write_protected)
        return true;
    int prot = guest_page_prot(page);
    if (!(prot & PROT_WRITE))
        return true;
    page_write_protect(pd, prot);
    return false;
}

void tb_link_pages(TranslationBlock *tb)
{
    for (int n = 0; n < 2; n++) {
        if (tb->page_addr[n] == (uint64_t)-1)
            continue;
        PageDesc *pd = page_find_or_alloc(tb->page_addr[n]);
        bool first = pd->first_tb == 0;
        tb->page_next[n] = (TranslationBlock *)pd->first_tb;
        pd->first_tb = (uintptr_t)tb | (uintptr_t)n;
        if (first && !pd->write_protected) {
            int prot = guest_page_prot(pd->addr);
            if (prot & PROT_WRITE)
                page_write_protect(pd, prot);
        }
    }
}

static void page_list_remove(PageDesc *pd, TranslationBlock *tb, int n)
{
    uintptr_t *link = &pd->first_tb;
    while (*link) {
        TranslationBlock *t = (TranslationBlock *)(*link & ~(uintptr_t)1);
        int k = (int)(*link & 1);
        if (t == tb && k == n) {
            *link = (uintptr_t)t->page_next[k];
            return;
        }
        link = (uintptr_t *)&t->page_next[k];
    }
}

void tb_invalidate(TranslationBlock *tb)
{
    if (tb->cflags & CF_INVALID)
        return;
    __atomic_store_n(&tb->cflags, tb->cflags | CF_INVALID, __ATOMIC_RELEASE);
    __atomic_store_n(tb_jmp_word(tb), (const void *)tcg_prologue.epilogue_return_zero, __ATOMIC_RELEASE);
    tb_hash_remove(tb);
    for (int n = 0; n < 2; n++) {
        PageDesc *pd = tb->page_addr[n] == (uint64_t)-1 ? NULL : page_find(tb->page_addr[n]);
        if (pd)
            page_list_remove(pd, tb, n);
    }
    tb_unchain_incoming(tb);
    tb_unchain_outgoing(tb);
    exec_stats.tb_invalidations++;
}

static void page_invalidate_tbs(PageDesc *pd)
{
    while (pd->first_tb)
        tb_invalidate((TranslationBlock *)(pd->first_tb & ~(uintptr_t)1));
}

void page_clear_all_tbs(void)
{
    for (size_t h = 0; h < (1u << PAGE_HASH_BITS); h++) {
        for (PageDesc *pd = page_hash[h]; pd; pd = pd->next)
            pd->first_tb = 0;
    }
}

/* ---- entry points for the modules that change guest memory ---- */

static bool tb_covers_page(const TranslationBlock *tb, uint64_t page)
{
    return tb->page_addr[0] == page || tb->page_addr[1] == page;
}

/* The restart after a block wrote to its own page: the rest of it may be
 * stale, so go back to the cpu loop at the writing instruction. */
static _Noreturn void smc_restart(CPUState *cpu, uintptr_t pc, bool is_return_address)
{
    sigset_t fault_signals;
    cpu_restore_state(cpu, pc, is_return_address);
    cpu->env.exception_index = EXCP_SMC;
    /* we are leaving the SIGSEGV handler by longjmp */
    sigemptyset(&fault_signals);
    sigaddset(&fault_signals, SIGSEGV);
    sigaddset(&fault_signals, SIGBUS);
    pthread_sigmask(SIG_UNBLOCK, &fault_signals, NULL);
    cpu_loop_exit(cpu);
}

bool page_unprotect_for_write(CPUState *cpu, uint64_t guest_addr, uintptr_t host_pc)
{
    uint64_t page = guest_addr & GUEST_PAGE_MASK;
    /* a write from a helper is attributed to the helper's call site (the
     * caller may pass that return address as host_pc) */
    bool in_helper = helper_retaddr != 0 && (host_pc == helper_retaddr || !tb_find_by_host_pc(host_pc));
    uintptr_t pc = in_helper ? helper_retaddr : host_pc;

    tb_lock();
    PageDesc *pd = page_find(page);
    /* Not write-protected any more: another vCPU's fault on the same page
     * got here first.  The write is still ours to retry if the guest may
     * write there (the stale block it came from was invalidated too). */
    int guest_prot = pd && !pd->write_protected ? guest_page_prot(page) : 0;
    if (!pd || (!pd->write_protected && !(guest_prot & PROT_WRITE))) {
        tb_unlock();
        return false;
    }
    TranslationBlock *current = pc ? tb_find_by_host_pc(pc) : NULL;
    bool restart = current && !(current->cflags & CF_NOCACHE) && tb_covers_page(current, page);
    if (pd->write_protected) {
        page_invalidate_tbs(pd);
        page_write_unprotect(pd);
    } else {
        /* make sure: a fault that cannot make progress must not loop */
        mprotect(g2h(page), GUEST_PAGE_SIZE, host_prot(guest_prot));
    }
    tb_unlock();

    if (!cpu)
        cpu = thread_cpu;
    if (restart && cpu)
        smc_restart(cpu, pc, in_helper);
    return true;
}

static void page_forget(PageDesc *pd, int unused)
{
    (void)unused;
    page_invalidate_tbs(pd);
    pd->write_protected = false;
}

void tb_invalidate_range(uint64_t start, uint64_t end)
{
    tb_lock();
    page_foreach_in_range(start, end, page_forget, 0);
    tb_unlock();
}

static void page_set_prot(PageDesc *pd, int prot)
{
    pd->write_protected = false; /* the host mprotect just replaced ours */
    if (!(prot & PROT_EXEC))
        page_invalidate_tbs(pd);
    else if (pd->first_tb && (prot & PROT_WRITE))
        page_write_protect(pd, prot);
}

void page_protect_after_mprotect(uint64_t start, uint64_t len, int prot)
{
    tb_lock();
    page_foreach_in_range(start, start + len, page_set_prot, prot);
    tb_unlock();
}

static void page_make_writable(PageDesc *pd, int unused)
{
    (void)unused;
    page_invalidate_tbs(pd);
    page_write_unprotect(pd);
}

void page_unprotect_range(uint64_t start, uint64_t len)
{
    tb_lock();
    page_foreach_in_range(start, start + len, page_make_writable, 0);
    tb_unlock();
}

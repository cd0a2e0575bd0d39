/* mmap.c — the guest's memory map in user mode.
 *
 * Guest addresses are host addresses (guest_base = 0), so the guest's
 * mappings live in tern's own address space next to tern's heap, code
 * buffer and libraries.  A sorted table of guest-owned ranges (with the
 * guest's PROT_* bits) is the source of truth for what the guest may touch:
 * guest_code_read and the syscall copies consult it, MAP_FIXED may replace
 * only guest memory or free address space, and munmap/mprotect act only on
 * guest ranges.  Host mappings never carry PROT_EXEC: guest code only runs
 * translated.  A mapping change that removes executable guest memory
 * invalidates its translations.
 *
 * Locking: table_lock guards the table (leaf lock: never held while
 * calling into the exec engine); mmap_lock serializes the memory syscalls.
 * Each thread remembers the flags of the last page it asked about, valid
 * while the table's generation, bumped by every change, stays the same:
 * translation asks about the same code page for every block it reads
 * (python3's start-up: 60k questions, each a lock and a binary search,
 * 1.4% of its instructions).  A reader that finds the generation unchanged
 * while a change is under way sees the table as it was just before it, as
 * it would have by taking the lock first. */
#define _GNU_SOURCE
#include "user/user.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/shm.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

uintptr_t guest_base = 0;
__thread sigjmp_buf *guest_access_jmp;

/* The highest user address of x86-64 with 4-level paging (47 bits). */
#define GUEST_ADDR_LIMIT (1ull << 47)

typedef struct GuestRange {
    uint64_t start, end;
    int flags; /* PAGE_GUEST | PROT_* */
} GuestRange;

static struct {
    GuestRange *r, *tmp;
    size_t n, cap;
} table;
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t mmap_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t table_generation; /* written under table_lock */
/* (page 1 is no page: the first question misses) */
static __thread struct {
    uint64_t page, generation;
    int flags;
} last_page = { 1, 0, 0 };

/* The brk heap: [brk_start, brk_cur) is guest memory; up to brk_limit the
 * address space is held by a PROT_NONE reservation so that nothing else
 * lands there. */
static uint64_t brk_start, brk_cur, brk_limit;

/* ---- the range table ---- */

static void table_reserve(size_t need)
{
    if (need <= table.cap)
        return;
    size_t cap = table.cap ? table.cap * 2 : 64;
    while (cap < need)
        cap *= 2;
    GuestRange *r = realloc(table.r, cap * sizeof(*r));
    GuestRange *t = realloc(table.tmp, cap * sizeof(*t));
    if (!r || !t) {
        fprintf(stderr, "tern: out of memory for the guest memory map\n");
        abort();
    }
    table.r = r;
    table.tmp = t;
    table.cap = cap;
}

static void table_push(GuestRange *out, size_t *n, uint64_t start, uint64_t end, int flags)
{
    if (start >= end)
        return;
    if (*n && out[*n - 1].end == start && out[*n - 1].flags == flags) {
        out[*n - 1].end = end;
        return;
    }
    out[(*n)++] = (GuestRange){ start, end, flags };
}

/* Replace whatever covers [start, end) with flags (0: nothing).  Rebuilds
 * the table in one pass: cheap next to the mmap syscall that caused it. */
static void table_update(uint64_t start, uint64_t end, int flags)
{
    pthread_mutex_lock(&table_lock);
    table_reserve(table.n + 2);
    GuestRange *out = table.tmp;
    size_t n = 0;
    bool placed = false;
    for (size_t i = 0; i < table.n; i++) {
        GuestRange g = table.r[i];
        if (!placed && g.end > start) {
            table_push(out, &n, g.start, g.start < start ? start : g.start, g.flags);
            if (g.start < start)
                g.start = start;
            if (flags)
                table_push(out, &n, start, end, flags);
            placed = true;
        }
        if (g.start < end && g.end > start)
            g.start = g.end > end ? end : g.end;
        table_push(out, &n, g.start, g.end, g.flags);
    }
    if (!placed && flags)
        table_push(out, &n, start, end, flags);
    table.tmp = table.r;
    table.r = out;
    table.n = n;
    __atomic_store_n(&table_generation, table_generation + 1, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&table_lock);
}

/* Index of the first range ending above addr (table.n if none). */
static size_t table_find(uint64_t addr)
{
    size_t lo = 0, hi = table.n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (table.r[mid].end <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* x86 pages that are writable or executable are also readable. */
static int effective_prot(int prot)
{
    prot &= PROT_READ | PROT_WRITE | PROT_EXEC;
    return prot & (PROT_WRITE | PROT_EXEC) ? prot | PROT_READ : prot;
}

void guest_map_set(uint64_t start, uint64_t end, int prot)
{
    table_update(start & TARGET_PAGE_MASK, PAGE_ALIGN_UP(end), PAGE_GUEST | effective_prot(prot));
}

void guest_map_clear(uint64_t start, uint64_t end)
{
    table_update(start & TARGET_PAGE_MASK, PAGE_ALIGN_UP(end), 0);
}

int guest_page_flags(uint64_t addr)
{
    uint64_t page = addr & TARGET_PAGE_MASK;
    if (last_page.page == page && last_page.generation == __atomic_load_n(&table_generation, __ATOMIC_ACQUIRE))
        return last_page.flags;
    pthread_mutex_lock(&table_lock);
    size_t i = table_find(addr);
    int flags = i < table.n && table.r[i].start <= addr ? table.r[i].flags : 0;
    last_page.page = page;
    last_page.generation = table_generation;
    last_page.flags = flags;
    pthread_mutex_unlock(&table_lock);
    return flags;
}

int guest_page_prot(uint64_t addr)
{
    return guest_page_flags(addr) & (PROT_READ | PROT_WRITE | PROT_EXEC);
}

/* Walk [addr, addr+len): every byte covered by guest ranges whose flags
 * contain all of want (want = 0: just "covered by guest memory"). */
static bool range_has(uint64_t addr, uint64_t len, int want)
{
    if (len == 0)
        return true;
    uint64_t end = addr + len;
    if (end < addr || end > GUEST_ADDR_LIMIT)
        return false;
    if ((addr & TARGET_PAGE_MASK) == ((end - 1) & TARGET_PAGE_MASK)) { /* ranges are whole pages */
        int flags = guest_page_flags(addr);
        return flags && (flags & want) == want;
    }
    pthread_mutex_lock(&table_lock);
    size_t i = table_find(addr);
    bool ok = true;
    for (; addr < end; i++) {
        if (i >= table.n || table.r[i].start > addr || (table.r[i].flags & want) != want) {
            ok = false;
            break;
        }
        addr = table.r[i].end;
    }
    pthread_mutex_unlock(&table_lock);
    return ok;
}

bool guest_range_ok(uint64_t addr, uint64_t len, int prot)
{
    return range_has(addr, len, PAGE_GUEST | prot);
}

/* True if some part of [start, end) is guest memory with any of prot. */
static bool range_has_any(uint64_t start, uint64_t end, int prot)
{
    pthread_mutex_lock(&table_lock);
    bool found = false;
    for (size_t i = table_find(start); i < table.n && table.r[i].start < end; i++)
        if (table.r[i].flags & prot)
            found = true;
    pthread_mutex_unlock(&table_lock);
    return found;
}

/* ---- copies that never fault ---- */

/* The fault handlers see guest_access_jmp and jump back here instead of
 * treating the fault as a tern bug (a file mapping past EOF raises SIGBUS
 * even though the table says the page is there). */
static bool guarded_copy(void *dst, const void *src, size_t len)
{
    sigjmp_buf jb;
    sigjmp_buf *volatile saved = guest_access_jmp;
    if (sigsetjmp(jb, 0)) {
        guest_access_jmp = saved;
        return false;
    }
    guest_access_jmp = &jb;
    memcpy(dst, src, len);
    guest_access_jmp = saved;
    return true;
}

bool copy_from_guest(void *dst, uint64_t src, size_t len)
{
    return guest_range_ok(src, len, PROT_READ) && guarded_copy(dst, g2h(src), len);
}

bool copy_to_guest(uint64_t dst, const void *src, size_t len)
{
    return guest_range_ok(dst, len, PROT_WRITE) && guarded_copy(g2h(dst), src, len);
}

long copy_string_from_guest(char *dst, uint64_t src, size_t max)
{
    /* Page by page: the string may end just before an unmapped page. */
    size_t n = 0;
    while (n < max) {
        uint64_t a = src + n;
        size_t chunk = TARGET_PAGE_SIZE - (a & (TARGET_PAGE_SIZE - 1));
        if (chunk > max - n)
            chunk = max - n;
        if (!copy_from_guest(dst + n, a, chunk))
            return -1;
        char *nul = memchr(dst + n, 0, chunk);
        if (nul)
            return nul - dst;
        n += chunk;
    }
    return -1;
}

bool guest_code_read(CPUX86State *env, uint64_t addr, void *buf, size_t len)
{
    (void)env;
    return guest_range_ok(addr, len, PROT_READ | PROT_EXEC) && guarded_copy(buf, g2h(addr), len);
}

/* ---- helpers of the syscalls ---- */

static int host_prot(int prot)
{
    return effective_prot(prot) & ~PROT_EXEC;
}

static bool in_brk_reserve(uint64_t start, uint64_t end)
{
    return start >= brk_start && end <= brk_limit && brk_limit > brk_start;
}

/* Give [start, end) back: to the brk reservation if it lies there, else
 * to the host. */
static void release_range(uint64_t start, uint64_t end)
{
    if (in_brk_reserve(start, end))
        mmap(g2h(start), end - start, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
    else
        munmap(g2h(start), end - start);
}

/* Before a MAP_FIXED at [start, end): every part that is not guest memory
 * must be free host address space (or the brk reservation).  Claims the
 * free parts with PROT_NONE so the final MAP_FIXED replaces only what the
 * guest may replace.  Returns false (and claims nothing) otherwise. */
static bool claim_for_fixed(uint64_t start, uint64_t end)
{
    uint64_t claimed[64][2];
    int nclaimed = 0;
    uint64_t a = start;
    while (a < end) {
        pthread_mutex_lock(&table_lock);
        size_t i = table_find(a);
        uint64_t next = end;
        bool guest = false;
        if (i < table.n && table.r[i].start <= a) {
            guest = true;
            next = table.r[i].end < end ? table.r[i].end : end;
        } else if (i < table.n && table.r[i].start < end) {
            next = table.r[i].start;
        }
        pthread_mutex_unlock(&table_lock);
        if (!guest && !in_brk_reserve(a, next)) {
            void *p = mmap(g2h(a), next - a, PROT_NONE,
                           MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE | MAP_NORESERVE, -1, 0);
            if (p == MAP_FAILED || p != g2h(a) || nclaimed == 64) {
                if (p != MAP_FAILED)
                    munmap(p, next - a);
                while (nclaimed--)
                    munmap(g2h(claimed[nclaimed][0]), claimed[nclaimed][1] - claimed[nclaimed][0]);
                return false;
            }
            claimed[nclaimed][0] = a;
            claimed[nclaimed][1] = next;
            nclaimed++;
        }
        a = next;
    }
    return true;
}

static bool valid_range(uint64_t addr, uint64_t len)
{
    return len && addr + len > addr && addr + len <= GUEST_ADDR_LIMIT;
}

/* ---- the syscalls ---- */

long guest_mmap(uint64_t addr, uint64_t len, int prot, int flags, int fd, uint64_t off)
{
    if (!len || (off & ~TARGET_PAGE_MASK))
        return -EINVAL;
    uint64_t size = PAGE_ALIGN_UP(len);
    if (size < len || size >= GUEST_ADDR_LIMIT)
        return -ENOMEM;
    bool fixed = flags & (MAP_FIXED | MAP_FIXED_NOREPLACE);
    if (fixed && ((addr & ~TARGET_PAGE_MASK) || !valid_range(addr, size)))
        return (addr & ~TARGET_PAGE_MASK) ? -EINVAL : -ENOMEM;

    pthread_mutex_lock(&mmap_lock);
    long ret;
    if ((flags & MAP_FIXED) && !(flags & MAP_FIXED_NOREPLACE) && !claim_for_fixed(addr, addr + size)) {
        ret = -ENOMEM;
    } else {
        bool replaced_code = fixed && range_has_any(addr, addr + size, PROT_EXEC);
        void *p = mmap(fixed ? g2h(addr) : (void *)(uintptr_t)addr, size, host_prot(prot), flags, fd, off);
        if (p == MAP_FAILED) {
            ret = -errno;
        } else if ((uint64_t)(uintptr_t)p + size > GUEST_ADDR_LIMIT) {
            munmap(p, size);
            ret = -ENOMEM;
        } else {
            ret = (long)(uintptr_t)p;
            guest_map_set(ret, ret + size, prot);
            if (replaced_code)
                tb_invalidate_range(ret, ret + size);
        }
    }
    pthread_mutex_unlock(&mmap_lock);
    return ret;
}

long guest_map_fixed_noreplace(uint64_t addr, uint64_t len, int prot, int flags, int fd, uint64_t off)
{
    return guest_mmap(addr, len, prot, (flags & ~MAP_FIXED) | MAP_FIXED_NOREPLACE, fd, off) < 0 ? -EEXIST : 0;
}

/* Act on each guest-owned piece of [start, end). */
static void for_each_guest_piece(uint64_t start, uint64_t end, void (*fn)(uint64_t, uint64_t, int, void *),
                                 void *opaque)
{
    uint64_t a = start;
    while (a < end) {
        pthread_mutex_lock(&table_lock);
        size_t i = table_find(a);
        bool found = i < table.n && table.r[i].start < end;
        GuestRange g = found ? table.r[i] : (GuestRange){ 0 };
        pthread_mutex_unlock(&table_lock);
        if (!found)
            return;
        uint64_t s = g.start > a ? g.start : a, e = g.end < end ? g.end : end;
        fn(s, e, g.flags, opaque);
        a = e;
    }
}

void guest_map_walk(void (*fn)(uint64_t start, uint64_t end, int flags, void *opaque), void *opaque)
{
    for_each_guest_piece(0, GUEST_ADDR_LIMIT, fn, opaque);
}

void guest_brk_range(uint64_t *start, uint64_t *end)
{
    pthread_mutex_lock(&mmap_lock);
    *start = brk_start;
    *end = PAGE_ALIGN_UP(brk_cur);
    pthread_mutex_unlock(&mmap_lock);
}

static void unmap_piece(uint64_t s, uint64_t e, int flags, void *opaque)
{
    (void)flags;
    (void)opaque;
    release_range(s, e);
    guest_map_clear(s, e);
}

long guest_munmap(uint64_t addr, uint64_t len)
{
    if ((addr & ~TARGET_PAGE_MASK) || !len)
        return -EINVAL;
    uint64_t size = PAGE_ALIGN_UP(len);
    if (!valid_range(addr, size))
        return -EINVAL;
    pthread_mutex_lock(&mmap_lock);
    bool had_code = range_has_any(addr, addr + size, PROT_EXEC);
    /* Only guest pieces: the rest of the range may be tern's own memory,
     * which the guest sees as unmapped already. */
    for_each_guest_piece(addr, addr + size, unmap_piece, NULL);
    pthread_mutex_unlock(&mmap_lock);
    if (had_code)
        tb_invalidate_range(addr, addr + size);
    return 0;
}

long guest_mprotect(uint64_t addr, uint64_t len, int prot)
{
    if ((addr & ~TARGET_PAGE_MASK) || (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN | PROT_GROWSUP)))
        return -EINVAL;
    if (!len)
        return 0;
    uint64_t size = PAGE_ALIGN_UP(len);
    if (!valid_range(addr, size))
        return -ENOMEM;
    prot &= PROT_READ | PROT_WRITE | PROT_EXEC;
    pthread_mutex_lock(&mmap_lock);
    long ret = 0;
    if (!range_has(addr, size, PAGE_GUEST)) {
        ret = -ENOMEM;
    } else if (mprotect(g2h(addr), size, host_prot(prot)) != 0) {
        ret = -errno;
    } else {
        guest_map_set(addr, addr + size, prot);
        /* Pages holding translated code must stay write-protected (or
         * lose their translations if no longer executable). */
        page_protect_after_mprotect(addr, size, effective_prot(prot));
    }
    pthread_mutex_unlock(&mmap_lock);
    return ret;
}

long guest_mremap(uint64_t old_addr, uint64_t old_len, uint64_t new_len, int flags, uint64_t new_addr)
{
    if ((old_addr & ~TARGET_PAGE_MASK) || !new_len)
        return -EINVAL;
    uint64_t old_size = PAGE_ALIGN_UP(old_len), new_size = PAGE_ALIGN_UP(new_len);
    if (new_size < new_len || !valid_range(old_addr, old_size ? old_size : 1))
        return -EINVAL;
    if (old_size == 0)
        return -EINVAL; /* duplicating shared mappings: not supported */
    pthread_mutex_lock(&mmap_lock);
    long ret;
    int flags_old = guest_page_flags(old_addr);
    if (!range_has(old_addr, old_size, PAGE_GUEST)) {
        ret = -EFAULT;
    } else if ((flags & MREMAP_FIXED) &&
               (!valid_range(new_addr, new_size) || !claim_for_fixed(new_addr, new_addr + new_size))) {
        ret = -ENOMEM;
    } else {
        void *p = mremap(g2h(old_addr), old_size, new_size, flags, g2h(new_addr));
        if (p == MAP_FAILED) {
            ret = -errno;
        } else {
            ret = (long)(uintptr_t)p;
            bool had_code = range_has_any(old_addr, old_addr + old_size, PROT_EXEC);
            if (!(flags & MREMAP_DONTUNMAP))
                guest_map_clear(old_addr, old_addr + old_size);
            if (new_size < old_size && (uint64_t)ret == old_addr)
                guest_map_clear(old_addr + new_size, old_addr + old_size);
            guest_map_set(ret, ret + new_size, flags_old & (PROT_READ | PROT_WRITE | PROT_EXEC));
            if (had_code)
                tb_invalidate_range(old_addr, old_addr + old_size);
        }
    }
    pthread_mutex_unlock(&mmap_lock);
    return ret;
}

/* ---- System V shared memory ---- */

/* Attached segments, for shmdt (which gives only the address). */
static struct {
    uint64_t addr, size;
} shm_attached[128];

long guest_shmat(int shmid, uint64_t addr, int flags)
{
    struct shmid_ds ds;
    if (shmctl(shmid, IPC_STAT, &ds) != 0)
        return -errno;
    uint64_t size = PAGE_ALIGN_UP(ds.shm_segsz);
    pthread_mutex_lock(&mmap_lock);
    long ret;
    size_t slot = 0;
    while (slot < sizeof(shm_attached) / sizeof(shm_attached[0]) && shm_attached[slot].size)
        slot++;
    if (slot == sizeof(shm_attached) / sizeof(shm_attached[0])) {
        ret = -ENOMEM;
    } else if ((flags & SHM_REMAP) && !range_has(addr & TARGET_PAGE_MASK, size, PAGE_GUEST)) {
        ret = -EINVAL; /* would replace memory that is not the guest's */
    } else {
        void *p = shmat(shmid, g2h(addr), flags);
        if (p == (void *)-1) {
            ret = -errno;
        } else {
            ret = (long)(uintptr_t)p;
            guest_map_set(ret, ret + size, PROT_READ | (flags & SHM_RDONLY ? 0 : PROT_WRITE) |
                                               (flags & SHM_EXEC ? PROT_EXEC : 0));
            shm_attached[slot].addr = ret;
            shm_attached[slot].size = size;
        }
    }
    pthread_mutex_unlock(&mmap_lock);
    return ret;
}

long guest_shmdt(uint64_t addr)
{
    pthread_mutex_lock(&mmap_lock);
    long ret = -EINVAL;
    uint64_t size = 0;
    for (size_t i = 0; i < sizeof(shm_attached) / sizeof(shm_attached[0]); i++) {
        if (shm_attached[i].size && shm_attached[i].addr == addr) {
            size = shm_attached[i].size;
            shm_attached[i].size = 0;
            ret = shmdt(g2h(addr)) == 0 ? 0 : -errno;
            break;
        }
    }
    bool had_code = size && range_has_any(addr, addr + size, PROT_EXEC);
    if (size)
        guest_map_clear(addr, addr + size);
    pthread_mutex_unlock(&mmap_lock);
    if (had_code)
        tb_invalidate_range(addr, addr + size);
    return ret;
}

/* ---- brk ---- */

/* fork() in a multi-threaded guest: the child must not inherit these
 * locks held by a thread that does not exist there. */
static void lock_for_fork(void)
{
    pthread_mutex_lock(&mmap_lock);
    pthread_mutex_lock(&table_lock);
}

static void unlock_after_fork(void)
{
    pthread_mutex_unlock(&table_lock);
    pthread_mutex_unlock(&mmap_lock);
}

static void register_atfork(void)
{
    pthread_atfork(lock_for_fork, unlock_after_fork, unlock_after_fork);
}

void guest_brk_init(uint64_t image_end)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, register_atfork);
    brk_start = brk_cur = brk_limit = PAGE_ALIGN_UP(image_end);
    /* Hold as much address space as the host lets us, from 1 GiB down. */
    for (uint64_t size = 1ull << 30; size >= (16ull << 20); size /= 2) {
        void *p = mmap(g2h(brk_start), size, PROT_NONE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE | MAP_NORESERVE, -1, 0);
        if (p == g2h(brk_start)) {
            brk_limit = brk_start + size;
            return;
        }
        if (p != MAP_FAILED)
            munmap(p, size);
    }
}

long guest_brk(uint64_t new_brk)
{
    pthread_mutex_lock(&mmap_lock);
    if (new_brk >= brk_start && new_brk <= brk_limit) {
        uint64_t old_top = PAGE_ALIGN_UP(brk_cur), new_top = PAGE_ALIGN_UP(new_brk);
        if (new_top > old_top) {
            /* The guest may have mapped something of its own in the way. */
            if (!range_has_any(old_top, new_top, PAGE_GUEST) &&
                mmap(g2h(old_top), new_top - old_top, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == g2h(old_top)) {
                guest_map_set(old_top, new_top, PROT_READ | PROT_WRITE);
                brk_cur = new_brk;
            }
        } else {
            if (new_top < old_top) {
                release_range(new_top, old_top);
                guest_map_clear(new_top, old_top);
            }
            brk_cur = new_brk;
        }
    }
    long ret = brk_cur;
    pthread_mutex_unlock(&mmap_lock);
    return ret;
}

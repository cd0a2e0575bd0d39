/* tb_hints.c — translation hints shared by a tree of forked processes.
 *
 * A forked child inherits its parent's translations, but what it
 * translates itself dies with it: a shell that forks the same pipeline
 * sixty times has each child translate sort, head and cut again.  So the
 * processes of a tree append the keys of the blocks they translate to a
 * log in a MAP_SHARED region mapped at start-up (fork shares it, execve
 * starts a fresh one), and a process about to fork first translates the
 * logged keys it lacks.  It translates them from its own memory, exactly
 * as a lookup miss would: hints only choose which blocks are translated
 * early, never what they contain.
 *
 * Only forked processes log: what the first process translates reaches
 * its later children through fork anyway, and a process that never forks
 * (cc1) pays nothing.  An entry is claimed by a fetch-add of the head and
 * published by a release store of its second word, never zero once
 * written; a reader passes over an entry still unpublished (a lost hint
 * costs only a later translation), and a full log stops growing.
 *
 * A hint is used only where every page its block covered is mapped
 * readable and executable and not writable here: such pages need no
 * write protection, so no protection changes because of a hint (a page
 * the guest may write could hold data here, and protecting it would cost
 * the guest write faults it never asked for). */
#include "exec/tb_hints.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "exec/exec_internal.h"

/* 2 MiB of address space, touched only as far as it fills. */
#define HINT_LOG_ENTRIES (1u << 17)
/* Hints stop where they would take more than half the code buffer: a
 * flush would throw away the process's own translations with them. */
#define HINT_BUFFER_SHARE 2

#define META_PUBLISHED (1ull << 63)
#define META_SIZE_SHIFT 32
#define META_CC_OP_SHIFT 48
#define META_SIZE_MAX 0xffffu
#define META_CC_OP_MASK 0x7fffu
_Static_assert(CC_OP_NB <= META_CC_OP_MASK, "a cc_op fits its field of HintEntry.meta");

/* The key of a block: pc, and in meta its flags, guest size (for the
 * page check) and the cc_op that the translator's flag speculation saw. */
typedef struct HintEntry {
    uint64_t pc;
    uint64_t meta; /* flags | size << 32 | cc_op << 48 | META_PUBLISHED */
} HintEntry;

typedef struct HintLog {
    uint64_t head; /* entries claimed; may run past HINT_LOG_ENTRIES */
    uint8_t pad[56];
    HintEntry entries[HINT_LOG_ENTRIES];
} HintLog;

/* Per process (copied at fork, which is what the cursor wants). */
static HintLog *hint_log;         /* NULL: hints are off */
static bool hint_logging;         /* forked: translations go to the log */
static uint64_t hint_cursor;      /* entries before it were looked at */
static pthread_mutex_t hint_pull_lock = PTHREAD_MUTEX_INITIALIZER;
static __thread bool translating_hints;

/* This process's own counts (a child starts from zero). */
static struct {
    uint64_t logged, log_full;            /* under tb_ctx.lock */
    uint64_t translated, present, unusable, unpublished; /* under hint_pull_lock */
} hint_stats;

void tb_hints_init(void)
{
    const char *v = getenv("TERN_HINTS");
    if (v && strcmp(v, "0") == 0)
        return;
    void *p = mmap(NULL, sizeof(HintLog), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p != MAP_FAILED)
        hint_log = p;
}

void tb_hints_record(const TranslationBlock *tb, uint32_t cc_op)
{
    if (!hint_logging || translating_hints || tb->cflags != 0 || tb->size > META_SIZE_MAX ||
        cc_op > META_CC_OP_MASK)
        return;
    uint64_t i = __atomic_fetch_add(&hint_log->head, 1, __ATOMIC_RELAXED);
    if (i >= HINT_LOG_ENTRIES) {
        hint_stats.log_full++;
        return;
    }
    HintEntry *e = &hint_log->entries[i];
    __atomic_store_n(&e->pc, tb->pc, __ATOMIC_RELAXED);
    uint64_t meta = tb->flags | (uint64_t)tb->size << META_SIZE_SHIFT | (uint64_t)cc_op << META_CC_OP_SHIFT;
    __atomic_store_n(&e->meta, meta | META_PUBLISHED, __ATOMIC_RELEASE);
    hint_stats.logged++;
}

void tb_hints_fork_child(void)
{
    if (!hint_log)
        return;
    hint_logging = true;
    memset(&hint_stats, 0, sizeof(hint_stats));
    /* another thread of the parent may have been pulling at the fork */
    pthread_mutex_init(&hint_pull_lock, NULL);
}

/* Code here may be translated for a hint: mapped readable and executable,
 * not writable, and its first byte really readable (a file mapping past
 * its end is in the map but faults). */
static bool page_fits_hint(uint64_t addr)
{
    return (guest_page_prot(addr) & (PROT_READ | PROT_WRITE | PROT_EXEC)) == (PROT_READ | PROT_EXEC);
}

static bool code_fits_hint(CPUState *cpu, uint64_t pc, uint32_t size)
{
    uint8_t byte;
    uint64_t last = pc + (size ? size - 1 : 0);
    if (last < pc || !page_fits_hint(pc) || !guest_code_read(&cpu->env, pc, &byte, 1))
        return false;
    return ((last ^ pc) & GUEST_PAGE_MASK) == 0 || page_fits_hint(last);
}

static bool code_buffer_has_room(void)
{
    tb_lock();
    size_t used = (size_t)(tb_ctx.code_gen_ptr - tb_ctx.code_gen_start);
    size_t room = (size_t)(tb_ctx.code_gen_end - tb_ctx.code_gen_start);
    tb_unlock();
    return used < room / HINT_BUFFER_SHARE;
}

/* Translate the block of one entry if it is new here and usable;
 * env->hflags and env->cc_op are set as the translator reads them. */
static void apply_hint(CPUState *cpu, const HintEntry *e)
{
    uint64_t meta = __atomic_load_n(&e->meta, __ATOMIC_ACQUIRE);
    if (!meta) {
        hint_stats.unpublished++;
        return;
    }
    uint64_t pc = __atomic_load_n(&e->pc, __ATOMIC_RELAXED);
    uint32_t flags = (uint32_t)meta;
    if (tb_hash_lookup(pc, flags, 0)) {
        hint_stats.present++;
        return;
    }
    if (!code_fits_hint(cpu, pc, (uint32_t)(meta >> META_SIZE_SHIFT) & META_SIZE_MAX)) {
        hint_stats.unusable++;
        return;
    }
    cpu->env.hflags = flags;
    cpu->env.cc_op = (uint32_t)(meta >> META_CC_OP_SHIFT) & META_CC_OP_MASK;
    tb_gen_code(cpu, pc, flags, 0);
    hint_stats.translated++;
}

void tb_hints_before_fork(CPUState *cpu)
{
    if (!hint_log)
        return;
    pthread_mutex_lock(&hint_pull_lock);
    uint64_t head = __atomic_load_n(&hint_log->head, __ATOMIC_RELAXED);
    if (head > HINT_LOG_ENTRIES)
        head = HINT_LOG_ENTRIES;
    if (hint_cursor < head) {
        /* translating reads and writes TBs: like the cpu loop, let a
         * flush's exclusive section wait for us */
        cpu_exec_start(cpu);
        translating_hints = true;
        uint32_t hflags = cpu->env.hflags, cc_op = cpu->env.cc_op;
        for (; hint_cursor < head && code_buffer_has_room(); hint_cursor++)
            apply_hint(cpu, &hint_log->entries[hint_cursor]);
        cpu->env.hflags = hflags;
        cpu->env.cc_op = cc_op;
        translating_hints = false;
        cpu_exec_end(cpu);
    }
    pthread_mutex_unlock(&hint_pull_lock);
}

void tb_hints_print_stats(FILE *f)
{
    if (!hint_log) {
        fprintf(f, "  translation hints    off\n");
        return;
    }
    uint64_t head = __atomic_load_n(&hint_log->head, __ATOMIC_RELAXED);
    fprintf(f, "  translation hints    %llu translated, %llu present, %llu unusable here (page not r-x), "
               "%llu unpublished; logged %llu, %llu lost (log %llu of %u)\n",
            (unsigned long long)hint_stats.translated, (unsigned long long)hint_stats.present,
            (unsigned long long)hint_stats.unusable, (unsigned long long)hint_stats.unpublished,
            (unsigned long long)hint_stats.logged, (unsigned long long)hint_stats.log_full,
            (unsigned long long)(head < HINT_LOG_ENTRIES ? head : HINT_LOG_ENTRIES), HINT_LOG_ENTRIES);
}

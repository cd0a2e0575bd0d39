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
 * The jumps they chain are logged too, and chained again by the process
 * about to fork, so that its children do not each patch them (copying
 * the code page a patch lands on).  A jump is chained only where the
 * process's own block jumps to the same pc, as its translation recorded
 * in jmp_pc.
 *
 * Only forked processes log: what the first process translates reaches
 * its later children through fork anyway, and a process that never forks
 * (cc1) pays one byte per block.  An entry is claimed by a fetch-add of
 * the head and published by a release store of its last word, never zero
 * once written; a reader passes over an entry still unpublished (a lost
 * hint costs only a later translation), and a full log stops growing.
 *
 * A block hint is used only where every page the logged block covered
 * is mapped readable and executable and not writable here: such pages
 * need no write protection (a page the guest may write could hold data
 * here, and protecting it would cost the guest write faults it never
 * asked for).  The block is translated from this process's own bytes,
 * though: where they differ from the logging process's, it may run on
 * into a next page, which is then protected as a lookup miss would
 * protect it. */
#include "exec/tb_hints.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "exec/exec_internal.h"

/* 4 MiB of address space, touched only as far as it fills. */
#define HINT_LOG_ENTRIES (1u << 17)
/* Hints stop where they would take more than half the code buffer: a
 * flush would throw away the process's own translations with them. */
#define HINT_BUFFER_SHARE 2

#define META_PUBLISHED (1ull << 63)
#define META_JUMP (1ull << 62)
#define META_ARG_SHIFT 32 /* a block's guest size, a jump's slot */
#define META_CC_OP_SHIFT 48
#define META_SIZE_MAX 0xffffu /* a block is a page and one instruction at most */
/* A block's cc_op, or unknown. */
#define CC_OP_UNKNOWN 0xffu
_Static_assert(CC_OP_NB < CC_OP_UNKNOWN, "a cc_op fits a byte, and in HintEntry.meta");

/* Two kinds of entries.  A block: its key (pc, flags), guest size (for
 * the page check) and the cc_op the translator's flag speculation saw.
 * A jump: block pc's goto_tb slot was chained to the block at target. */
typedef struct HintEntry {
    uint64_t pc;
    uint64_t target;       /* jump: the block jumped to */
    uint32_t target_flags; /* jump: its flags */
    uint32_t unused;
    uint64_t meta;         /* flags | size or slot << 32 | cc_op << 48 | META_JUMP? | META_PUBLISHED */
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
    uint64_t logged, log_full;                  /* under tb_ctx.lock */
    uint64_t translated, present, unusable, unpublished, chained, not_chained; /* under hint_pull_lock */
} hint_stats;

void tb_hints_init(void)
{
    const char *v = getenv("TERN_HINTS");
    if (v && strcmp(v, "0") == 0)
        return;
    void *p = mmap(NULL, sizeof(HintLog), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        return;
    hint_log = p;
}

/* ---- logging ---- */

/* Claim and publish an entry (lock held). */
static void log_append(uint64_t pc, uint64_t target, uint32_t target_flags, uint64_t meta)
{
    uint64_t i = __atomic_fetch_add(&hint_log->head, 1, __ATOMIC_RELAXED);
    if (i >= HINT_LOG_ENTRIES) {
        hint_stats.log_full++;
        return;
    }
    HintEntry *e = &hint_log->entries[i];
    __atomic_store_n(&e->pc, pc, __ATOMIC_RELAXED);
    __atomic_store_n(&e->target, target, __ATOMIC_RELAXED);
    __atomic_store_n(&e->target_flags, target_flags, __ATOMIC_RELAXED);
    __atomic_store_n(&e->meta, meta | META_PUBLISHED, __ATOMIC_RELEASE);
    hint_stats.logged++;
}

void tb_hints_record(CPUState *cpu, const TranslationBlock *tb)
{
    if (!hint_log)
        return;
    uint32_t cc_op = cpu->env.cc_op < CC_OP_NB ? cpu->env.cc_op : CC_OP_UNKNOWN;
    if (!hint_logging || translating_hints || cc_op == CC_OP_UNKNOWN)
        return;
    log_append(tb->pc, 0, 0, tb->flags | (uint64_t)tb->size << META_ARG_SHIFT | (uint64_t)cc_op << META_CC_OP_SHIFT);
}

void tb_hints_record_jump(const TranslationBlock *prev, int slot, const TranslationBlock *next)
{
    if (!hint_logging || translating_hints)
        return;
    log_append(prev->pc, next->pc, next->flags, prev->flags | (uint64_t)slot << META_ARG_SHIFT | META_JUMP);
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

/* ---- using block hints ---- */

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
    size_t used = tb_buffer_used(), room = tb_buffer_room();
    tb_unlock();
    return used < room / HINT_BUFFER_SHARE;
}

/* A child's lookup of a hinted block then hits the jump cache it
 * inherited instead of filling it, which would copy that page of the
 * cache; slots the process itself uses stay as they are. */
static void jmp_cache_offer(CPUState *cpu, TranslationBlock *tb)
{
    tb_jmp_cache_set(cpu, tb, true);
}

/* The log is memory a guest could scribble on: translate only in this
 * process's own mode (the floating-point bits aside, which guest code
 * changes at will) and with a real cc_op for the speculation. */
static bool hint_is_sane(uint32_t own_hflags, uint32_t flags, uint32_t cc_op)
{
    return ((flags ^ own_hflags) & ~(HF_MXCSR_NONDEF | HF_X87_NONDEF)) == 0 && cc_op < CC_OP_NB;
}

/* Translate the block of one entry if it is new here and usable;
 * env->hflags and env->cc_op are set as the translator reads them. */
static void apply_block_hint(CPUState *cpu, uint64_t pc, uint64_t meta, uint32_t own_hflags)
{
    uint32_t flags = (uint32_t)meta, cc_op = (uint32_t)(meta >> META_CC_OP_SHIFT) & CC_OP_UNKNOWN;
    TranslationBlock *tb = tb_hash_lookup(pc, flags, 0);
    if (tb) {
        hint_stats.present++;
    } else if (!hint_is_sane(own_hflags, flags, cc_op) ||
               !code_fits_hint(cpu, pc, (uint32_t)(meta >> META_ARG_SHIFT) & META_SIZE_MAX)) {
        hint_stats.unusable++;
        return;
    } else {
        cpu->env.hflags = flags;
        cpu->env.cc_op = cc_op;
        tb = tb_gen_code(cpu, pc, flags, 0);
        hint_stats.translated++;
    }
    jmp_cache_offer(cpu, tb);
}

/* ---- using jump hints ---- */

/* Chain a logged jump here too, if this process's block jumps there.
 * A direct jump never changes mode (a block that changes hflags ends in
 * a lookup), so a logged jump between blocks of different flags is
 * scribbled: chaining it would run the target in the wrong mode. */
static void apply_jump_hint(const HintEntry *e, uint64_t meta)
{
    uint64_t target = __atomic_load_n(&e->target, __ATOMIC_RELAXED);
    uint32_t target_flags = __atomic_load_n(&e->target_flags, __ATOMIC_RELAXED);
    unsigned slot = (unsigned)(meta >> META_ARG_SHIFT) & TB_EXIT_MASK;
    TranslationBlock *prev = tb_hash_lookup(__atomic_load_n(&e->pc, __ATOMIC_RELAXED), (uint32_t)meta, 0);
    TranslationBlock *next = prev ? tb_hash_lookup(target, target_flags, 0) : NULL;
    if (!next || next->flags != prev->flags || prev->jmp_insn_offset[slot] == UINT16_MAX) {
        hint_stats.not_chained++;
        return;
    }
    if (__atomic_load_n(&prev->jmp_dest[slot], __ATOMIC_RELAXED))
        return; /* chained already */
    if (prev->jmp_pc[slot] != target) {
        hint_stats.not_chained++;
        return;
    }
    tb_add_jump(prev, (int)slot, next);
    hint_stats.chained++;
}

/* ---- pulling ---- */

static void apply_hint(CPUState *cpu, const HintEntry *e, uint32_t own_hflags)
{
    uint64_t meta = __atomic_load_n(&e->meta, __ATOMIC_ACQUIRE);
    if (!meta)
        hint_stats.unpublished++;
    else if (meta & META_JUMP)
        apply_jump_hint(e, meta);
    else
        apply_block_hint(cpu, __atomic_load_n(&e->pc, __ATOMIC_RELAXED), meta, own_hflags);
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
            apply_hint(cpu, &hint_log->entries[hint_cursor], hflags);
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
    fprintf(f, "  translation hints    %llu translated, %llu present, %llu unusable here (page not r-x or other mode), "
               "%llu jumps chained, %llu not, %llu unpublished; logged %llu, %llu lost (log %llu of %u)\n",
            (unsigned long long)hint_stats.translated, (unsigned long long)hint_stats.present,
            (unsigned long long)hint_stats.unusable, (unsigned long long)hint_stats.chained,
            (unsigned long long)hint_stats.not_chained, (unsigned long long)hint_stats.unpublished,
            (unsigned long long)hint_stats.logged, (unsigned long long)hint_stats.log_full,
            (unsigned long long)(head < HINT_LOG_ENTRIES ? head : HINT_LOG_ENTRIES), HINT_LOG_ENTRIES);
}

/* translate_all.c — the code buffer and turning guest code into a TB:
 * allocation in the buffer, x86_translate_block + tcg_gen_code, the -d
 * in_asm/op logs, and flushing everything when the buffer is full.
 *
 * Layout: host code grows up from the start of the buffer, one TB's
 * after the other (each preceded by its jump word, tb_jmp_word), so the
 * TBs are sorted by tc_ptr for free; the rest of each TB, its
 * TranslationBlock struct, per-instruction arrays and fault-site record
 * (tb_fault_sites), grows down from the end.  Nothing is freed before a
 * flush.  Code that runs together thus lies together: with the ~300
 * bytes of a TB's other parts between blocks, as before, cc1 ran about
 * 8% slower (320 bytes of padding between blocks: 20% slower).  The
 * struct is placed before its code is generated: the
 * translator embeds its address in the exit_tb values. */
#include "exec/exec_internal.h"
#include "exec/tb_hints.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "util/disas.h"
#include "util/log.h"

#define DEFAULT_CODE_BUFFER_SIZE (256u << 20)
#define MIN_CODE_BUFFER_SIZE (64u << 10)
/* Room kept between a block's code and its struct for its
 * per-instruction array, so that code generation stops short of it; the
 * fault-site record, of no size known beforehand, is checked once the
 * code is generated. */
#define INSN_ARRAYS_RESERVE (TCG_MAX_INSNS * sizeof(TBInsn) + 64)
/* Smallest space worth starting a translation in. */
#define MIN_TB_SPACE (sizeof(TranslationBlock) + INSN_ARRAYS_RESERVE + 4096)

TBContext tb_ctx = { .lock = PTHREAD_MUTEX_INITIALIZER, .hash = tb_hash_initial, .hash_bits = TB_HASH_MIN_BITS };

static uint8_t *align_ptr(uint8_t *p, uintptr_t align)
{
    return (uint8_t *)(((uintptr_t)p + align - 1) & ~(align - 1));
}

static uint8_t *align_down(uint8_t *p, uintptr_t align)
{
    return (uint8_t *)((uintptr_t)p & ~(align - 1));
}

/* ---- the buffer ---- */

static bool within_rel32(uintptr_t a, uintptr_t b)
{
    uintptr_t d = a > b ? a - b : b - a;
    return d < (1ull << 31) - (1u << 20);
}

/* Generated code calls helpers: a buffer within rel32 reach of tern's own
 * code lets the backend use direct calls.  Try just below tern's text,
 * then take whatever the kernel gives. */
static uint8_t *map_code_buffer(size_t size)
{
    const int prot = PROT_READ | PROT_WRITE | PROT_EXEC;
    const int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
    uintptr_t text = (uintptr_t)&tcg_exec_init;
    uintptr_t hint = ((text & ~(uintptr_t)0x1fffff) - size - (64u << 20)) & ~(uintptr_t)0xfffff;
    void *p = MAP_FAILED;
    if (hint < text)
        p = mmap((void *)hint, size, prot, flags, -1, 0);
    if (p != MAP_FAILED && !(within_rel32((uintptr_t)p, text) && within_rel32((uintptr_t)p + size, text))) {
        munmap(p, size);
        p = MAP_FAILED;
    }
    if (p == MAP_FAILED)
        p = mmap(NULL, size, prot, flags, -1, 0);
    if (p == MAP_FAILED) {
        perror("tern: cannot allocate the code buffer");
        exit(1);
    }
    madvise(p, size, MADV_HUGEPAGE);
    return p;
}

/* TERN_CODE_BUFFER_SIZE=bytes[k|M]: a small buffer makes flushes frequent,
 * which is how the tests exercise flushing while other threads run. */
static size_t code_buffer_size_from_env(void)
{
    const char *v = getenv("TERN_CODE_BUFFER_SIZE");
    if (!v || !*v)
        return 0;
    char *end;
    unsigned long long n = strtoull(v, &end, 0);
    if (*end == 'k' || *end == 'K')
        n <<= 10;
    else if (*end == 'm' || *end == 'M')
        n <<= 20;
    return (size_t)n;
}

/* TERN_STATS=1 does what -d stats does, and TERN_PERFMAP=1 what -perfmap
 * does, for runs whose command line is not ours to change (benchmarks,
 * test harnesses, programs tern execs). */
static void stats_from_environment(void)
{
    const char *v = getenv("TERN_STATS");
    if (v && *v && strcmp(v, "0") != 0)
        tern_log_mask |= LOG_STATS;
    v = getenv("TERN_PERFMAP");
    if (v && *v && strcmp(v, "0") != 0)
        perfmap_enable();
}

void tcg_exec_init(size_t code_buffer_size)
{
    if (!code_buffer_size)
        code_buffer_size = code_buffer_size_from_env();
    size_t size = code_buffer_size ? code_buffer_size : DEFAULT_CODE_BUFFER_SIZE;
    if (size < MIN_CODE_BUFFER_SIZE)
        size = MIN_CODE_BUFFER_SIZE;
    if (size > MAX_CODE_BUFFER_SIZE)
        size = MAX_CODE_BUFFER_SIZE;
    size = (size + 4095) & ~(size_t)4095;
    tb_ctx.buf = map_code_buffer(size);
    tb_ctx.buf_size = size;
    size_t prologue = tcg_prologue_init(tb_ctx.buf, size);
    tb_jmp_cache_init();
    tb_ctx.code_gen_start = align_ptr(tb_ctx.buf + prologue, TB_ALIGN);
    tb_ctx.code_gen_ptr = tb_ctx.code_gen_start;
    tb_ctx.code_gen_end = tb_ctx.buf + size;
    tb_ctx.records_ptr = tb_ctx.code_gen_end;

    /* every TB takes at least its struct plus some code */
    tb_ctx.max_tbs = size / (sizeof(TranslationBlock) + 16) + 1;
    void *tbs = mmap(NULL, tb_ctx.max_tbs * sizeof(TranslationBlock *), PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (tbs == MAP_FAILED) {
        perror("tern: cannot allocate the TB table");
        exit(1);
    }
    tb_ctx.tbs = tbs;
    stats_from_environment();
    exec_stats_on = tern_log_enabled(LOG_STATS);
    tb_hints_init();
}

/* ---- logging ---- */

static FILE *log_stream(void)
{
    return tern_log_file ? tern_log_file : stderr;
}

static void log_in_asm(CPUState *cpu, const TranslationBlock *tb)
{
    uint8_t code[4096];
    size_t len = tb->size < sizeof(code) ? tb->size : sizeof(code);
    FILE *f = log_stream();
    fprintf(f, "----------------\nIN:\n");
    if (len && guest_code_read(&cpu->env, tb->pc, code, len))
        tern_disas(f, code, len, tb->pc);
    fprintf(f, "\n");
}

static void log_op(TCGContext *s)
{
    fprintf(log_stream(), "OP:\n");
    tcg_dump_ops(s, log_stream());
    fprintf(log_stream(), "\n");
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- translating one block ---- */

_Static_assert(CC_OP_NB <= UINT16_MAX + 1, "a cc_op fits TBInsn.data1");

/* Bytes of the fault-site record after the instruction arrays (see
 * tb_fault_sites). */
static size_t fault_sites_size(const TCGCodeInfo *info)
{
    return sizeof(uint32_t) + info->nb_fault_sites * sizeof(TCGFaultSite) + info->nb_fault_regs * sizeof(uint16_t);
}

/* Bytes of a TB's per-instruction arrays and fault-site record. */
static size_t tb_records_size(const TCGCodeInfo *info)
{
    return info->nb_insns * sizeof(TBInsn) + fault_sites_size(info);
}

/* Copy what code generation reported into the TB, its jump word and its
 * arrays, placed at records. */
static void tb_fill_code_info(TranslationBlock *tb, const uint8_t *code, int size, const TCGCodeInfo *info,
                              uint8_t *records)
{
    tb->tc_ptr = code;
    *tb_jmp_word(tb) = code;
    tb->tc_size = (uint32_t)size;
    for (int i = 0; i < TCG_MAX_JMP_SLOTS; i++) {
        tb->jmp_insn_offset[i] = info->jmp_insn_offset[i];
        tb->jmp_reset_offset[i] = info->jmp_reset_offset[i];
    }
    uint32_t n = info->nb_insns;
    TBInsn *insns = (TBInsn *)records;
    tb->nb_insns = n;
    tb->insns = insns;
    for (uint32_t i = 0; i < n; i++)
        insns[i] = (TBInsn){ info->insn_end_offset[i], (int16_t)(info->insn_data[i][0] - tb->pc),
                             (uint16_t)info->insn_data[i][1] };
    uint8_t *p = (uint8_t *)(insns + n);
    memcpy(p, &info->nb_fault_sites, sizeof(uint32_t));
    p += sizeof(uint32_t);
    memcpy(p, info->fault_sites, info->nb_fault_sites * sizeof(TCGFaultSite));
    p += info->nb_fault_sites * sizeof(TCGFaultSite);
    memcpy(p, info->fault_regs, info->nb_fault_regs * sizeof(uint16_t));
}

static void tb_set_pages(TranslationBlock *tb)
{
    uint64_t last = tb->pc + (tb->size ? tb->size - 1 : 0);
    tb->page_addr[0] = tb->pc & GUEST_PAGE_MASK;
    tb->page_addr[1] = (last & GUEST_PAGE_MASK) != tb->page_addr[0] ? last & GUEST_PAGE_MASK : (uint64_t)-1;
}

/* Translate into the buffer (lock held); NULL when the buffer is full. */
static TranslationBlock *tb_translate_locked(CPUState *cpu, uint64_t pc, uint32_t flags, uint32_t cflags)
{
    /* 32-byte aligned code, after its jump word: a hot loop of chained
     * blocks then starts on the same fetch boundaries whatever came before
     * it in the buffer (at 16, mandelbrot's two-block loop ran 0.93 or
     * 1.01 s by where it landed) */
    uint8_t *code = align_ptr(tb_ctx.code_gen_ptr + sizeof(void *), 32);
    TranslationBlock *tb = (TranslationBlock *)align_down(tb_ctx.records_ptr - sizeof(TranslationBlock), TB_ALIGN);
    if (code + MIN_TB_SPACE > (uint8_t *)tb || tb_ctx.nb_tbs == tb_ctx.max_tbs)
        return NULL;
    uint64_t t0 = exec_stats_on ? now_ns() : 0;
    memset(tb, 0, sizeof(*tb));
    tb->pc = pc;
    tb->flags = flags;
    tb->cflags = cflags;

    TCGContext *s = cpu->tcg;
    s->guest_base = guest_base;
    const bool cached = !(cflags & CF_NOCACHE);
    if (cached)
        page_protect_for_translation(pc & GUEST_PAGE_MASK);
    for (int attempt = 0;; attempt++) {
        tcg_func_start(s);
        x86_translate_block(s, &cpu->env, tb);
        tb_set_pages(tb);
        /* the block ran into a page that another thread could still write
         * while it was read: read it again, protected (once: if the
         * protection failed, retrying would not help) */
        if (!cached || attempt || tb->page_addr[1] == (uint64_t)-1 || page_protect_for_translation(tb->page_addr[1]))
            break;
        tb->size = 0;
    }
    if (tern_log_enabled(LOG_IN_ASM))
        log_in_asm(cpu, tb);
    if (tern_log_enabled(LOG_OP))
        log_op(s);

    s->code_buf = s->code_ptr = code;
    s->code_end = (uint8_t *)tb - INSN_ARRAYS_RESERVE;
    int size = tcg_gen_code(s, s->info);
    /* the reserve covers the instruction arrays, not the fault sites */
    uint8_t *records = size < 0 ? NULL : align_down((uint8_t *)tb - tb_records_size(s->info), 8);
    if (size < 0 || records < code + size)
        return NULL;
    tb_fill_code_info(tb, code, size, s->info, records);
    if (s->info->loop_slot >= 0)
        tb_chain_own_loop(tb, s->info->loop_slot);
    tb_ctx.code_gen_ptr = code + size;
    tb_ctx.records_ptr = records;
    /* every field is written: see the acquire in cpu_exec_loop */
    __atomic_store_n(&tb->cflags, cflags, __ATOMIC_RELEASE);
    tb_record(tb);
    if (perfmap_on)
        perfmap_record(tb);
    if (!(cflags & CF_NOCACHE)) {
        tb_link_pages(tb);
        tb_hash_insert(tb);
        tb_hints_record(cpu, tb);
    }
    if (exec_stats_on) {
        exec_stats.tbs_translated++;
        exec_stats.guest_insns_translated += tb->nb_insns;
        exec_stats.host_code_bytes += (uint64_t)size;
        exec_stats.translate_ns += now_ns() - t0;
    }
    return tb;
}

static void tb_flush_unless_done(uint64_t flushes_seen)
{
    start_exclusive();
    tb_lock();
    if (tb_ctx.flush_count == flushes_seen)
        tb_buffer_reset();
    tb_unlock();
    end_exclusive();
}

static void tb_hash_grow_unless_done(unsigned bits_seen)
{
    start_exclusive();
    tb_lock();
    if (tb_ctx.hash_bits == bits_seen)
        tb_hash_grow();
    tb_unlock();
    end_exclusive();
}

TranslationBlock *tb_gen_code(CPUState *cpu, uint64_t pc, uint32_t flags, uint32_t cflags)
{
    if (tb_hash_wants_growth()) {
        unsigned bits = tb_ctx.hash_bits;
        cpu_exec_end(cpu);
        tb_hash_grow_unless_done(bits);
        cpu_exec_start(cpu);
    }
    for (;;) {
        tb_lock();
        /* another vCPU may have translated it since our lookup; alone
         * (threads count themselves before translating under this lock),
         * the lookup that just missed stands: at worst a thread that
         * exited meanwhile left a twin, which lookups tolerate */
        if (!(cflags & CF_NOCACHE) && cpu_count() > 1) {
            TranslationBlock *tb = tb_hash_lookup(pc, flags, cflags);
            if (tb) {
                tb_unlock();
                return tb;
            }
        }
        uint64_t flushes = tb_ctx.flush_count;
        bool buffer_empty = tb_ctx.code_gen_ptr == tb_ctx.code_gen_start;
        TranslationBlock *tb = tb_translate_locked(cpu, pc, flags, cflags);
        tb_unlock();
        if (tb)
            return tb;
        if (buffer_empty) {
            fprintf(stderr, "tern: code buffer too small for the block at 0x%llx\n", (unsigned long long)pc);
            exit(1);
        }
        /* stop running so that the flush's exclusive section can start */
        cpu_exec_end(cpu);
        tb_flush_unless_done(flushes);
        cpu_exec_start(cpu);
    }
}

void tb_discard_nocache(TranslationBlock *tb)
{
    /* Another thread may be searching tb_ctx.tbs (tb_find_by_host_pc, from
     * its fault handler) with a count that includes this block: reusing
     * its slot and space under that search would mislead it.  With other
     * threads around, the space waits for the next flush. */
    if (cpu_count() > 1)
        return;
    tb_lock();
    if (tb_ctx.nb_tbs && tb_ctx.tbs[tb_ctx.nb_tbs - 1] == tb) {
        tb_ctx.nb_tbs--;
        tb_ctx.code_gen_ptr = (uint8_t *)tb_jmp_word(tb);
        tb_ctx.records_ptr = (uint8_t *)(tb + 1);
    }
    tb_unlock();
}

/* ---- flushing ---- */

void tb_buffer_reset(void)
{
    page_clear_all_tbs();
    tb_hash_clear();
    cpu_foreach(tb_jmp_cache_clear);
    __atomic_store_n(&tb_ctx.nb_tbs, 0, __ATOMIC_RELEASE);
    tb_ctx.code_gen_ptr = tb_ctx.code_gen_start;
    tb_ctx.records_ptr = tb_ctx.code_gen_end;
    tb_ctx.flush_count++;
    exec_stats.tb_flushes++;
}

void tb_flush(CPUState *cpu)
{
    (void)cpu;
    tb_flush_unless_done(__atomic_load_n(&tb_ctx.flush_count, __ATOMIC_RELAXED));
}

/* cpu_state.c — vCPU lifetime and the machinery around the cpu loop:
 * creating a CPUState with its own TCGContext, the list of CPUs,
 * exclusive sections, leaving the loop by longjmp, restoring the precise
 * guest state of a host pc, and the -d stats counters.
 *
 * Exclusive sections follow the classic "running flag + pending counter"
 * protocol: a CPU announces that it is inside the cpu loop with a
 * sequentially consistent store and then checks for a pending section;
 * the thread starting a section announces it and then checks the flags.
 * Either side sees the other, so no CPU runs generated code or touches a
 * TB while the section runs, and the common path takes no lock. */
#include "exec/exec_internal.h"
#include "exec/tb_hints.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "util/log.h"

__thread CPUState *thread_cpu;
ExecStats exec_stats;
bool exec_stats_on;

static pthread_mutex_t cpu_list_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t exclusive_cond = PTHREAD_COND_INITIALIZER;   /* a CPU stopped running */
static pthread_cond_t exclusive_resume = PTHREAD_COND_INITIALIZER; /* the section ended */
static int exclusive_pending;
static CPUState *cpu_list;
static int next_cpu_index;
static int nb_cpus;
static CPUStats retired_stats; /* of destroyed CPUs, under cpu_list_lock */

/* ---- the TB lock ---- */

static __thread bool have_tb_lock;

void tb_lock(void)
{
    pthread_mutex_lock(&tb_ctx.lock);
    have_tb_lock = true;
}

void tb_unlock(void)
{
    have_tb_lock = false;
    pthread_mutex_unlock(&tb_ctx.lock);
}

void tb_lock_reset(void)
{
    if (have_tb_lock)
        tb_unlock();
}

/* ---- CPU lifetime ---- */

/* Where env starts in its page.  The generated code's loads and stores
 * of env fields are the hottest memory accesses there are, and where
 * they fall in the page against the guest's own data matters (the
 * store-to-load forwarding of addresses 4 KiB apart): the vm benchmark,
 * best of 5, ran 1.31 s with env at offset 0, 1.66 s at 128, and 1.15
 * to 1.17 s at 384 (where malloc used to put it) and 2048. */
#define CPU_STATE_PAGE_OFFSET 384

CPUState *cpu_create(void)
{
    /* zeroed memory that costs nothing until touched (its jump cache and
     * translation context are mostly never touched by a small program,
     * nor copied when it forks): mapped, and calloc'd */
    uint8_t *map = mmap(NULL, CPU_STATE_PAGE_OFFSET + sizeof(CPUState), PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    TCGContext *s = calloc(1, sizeof(TCGContext));
    TCGCodeInfo *info = malloc(sizeof(TCGCodeInfo));
    if (map == MAP_FAILED || !s || !info) {
        fprintf(stderr, "tern: out of memory creating a vCPU\n");
        exit(1);
    }
    CPUState *cpu = (CPUState *)(map + CPU_STATE_PAGE_OFFSET);
    tb_jmp_cache_start(cpu);
    /* x86_tcg_init rewrites the translator's shared global indices (with
     * the same values): under the TB lock, which every translation holds */
    tb_lock();
    tcg_context_init(s);
    x86_tcg_init(s);
    tb_unlock();
    s->info = info;
    s->log_file = tern_log_file ? tern_log_file : stderr;
    cpu->tcg = s;
    cpu->thread = pthread_self();
    thread_cpu = cpu;
    /* written once, by the first CPU: other threads read it without a lock */
    if (exec_stats_on != tern_log_enabled(LOG_STATS))
        exec_stats_on = tern_log_enabled(LOG_STATS);

    pthread_mutex_lock(&cpu_list_lock);
    cpu->cpu_index = next_cpu_index++;
    cpu->next = cpu_list;
    cpu_list = cpu;
    __atomic_add_fetch(&nb_cpus, 1, __ATOMIC_SEQ_CST);
    pthread_mutex_unlock(&cpu_list_lock);
    return cpu;
}

static void cpu_free(CPUState *cpu)
{
    if (thread_cpu == cpu)
        thread_cpu = NULL;
    free(cpu->tcg->info);
    free(cpu->tcg);
    munmap((uint8_t *)cpu - CPU_STATE_PAGE_OFFSET, CPU_STATE_PAGE_OFFSET + sizeof(CPUState));
}

/* Counters are uint64_t fields only: add them up as an array. */
static void cpu_stats_add(CPUStats *sum, const CPUStats *add)
{
    uint64_t *dst = (uint64_t *)sum;
    const uint64_t *src = (const uint64_t *)add;
    for (size_t i = 0; i < sizeof(CPUStats) / sizeof(uint64_t); i++)
        dst[i] += __atomic_load_n(&src[i], __ATOMIC_RELAXED);
}

void cpu_destroy(CPUState *cpu)
{
    pthread_mutex_lock(&cpu_list_lock);
    for (CPUState **p = &cpu_list; *p; p = &(*p)->next) {
        if (*p == cpu) {
            *p = cpu->next;
            __atomic_sub_fetch(&nb_cpus, 1, __ATOMIC_SEQ_CST);
            cpu_stats_add(&retired_stats, &cpu->stats);
            break;
        }
    }
    pthread_mutex_unlock(&cpu_list_lock);
    cpu_free(cpu);
}

int cpu_count(void)
{
    return __atomic_load_n(&nb_cpus, __ATOMIC_SEQ_CST);
}

/* After fork, in the child: the threads of the other CPUs do not exist
 * there.  The forking thread holds the list lock (the fork ran in an
 * exclusive section); the other threads may have been waiting on the
 * condition variables, whose waiter counts would then never drain, so
 * the synchronisation objects start afresh.  A thread that held the TB
 * lock (a syscall invalidating code) may have left the cache half
 * updated: then the child drops every translation. */
void cpu_fork_child(CPUState *self)
{
    CPUState *others = cpu_list;
    cpu_list = self;
    while (others) {
        CPUState *next = others->next;
        if (others != self)
            cpu_free(others);
        others = next;
    }
    self->next = NULL;
    nb_cpus = 1;
    exclusive_pending = 0;
    pthread_mutex_init(&cpu_list_lock, NULL);
    pthread_cond_init(&exclusive_cond, NULL);
    pthread_cond_init(&exclusive_resume, NULL);
    bool tb_lock_was_free = pthread_mutex_trylock(&tb_ctx.lock) == 0;
    pthread_mutex_init(&tb_ctx.lock, NULL);
    if (!tb_lock_was_free) {
        tb_lock();
        tb_buffer_reset();
        tb_unlock();
    }
}

void cpu_foreach(void (*fn)(CPUState *cpu))
{
    for (CPUState *cpu = cpu_list; cpu; cpu = cpu->next)
        fn(cpu);
}

void cpu_exit(CPUState *cpu)
{
    __atomic_store_n(&cpu->env.exit_request, 1, __ATOMIC_SEQ_CST);
}

/* ---- exclusive sections ---- */

static bool other_cpu_running(void)
{
    for (CPUState *cpu = cpu_list; cpu; cpu = cpu->next) {
        if (cpu != thread_cpu && __atomic_load_n(&cpu->running, __ATOMIC_SEQ_CST))
            return true;
    }
    return false;
}

/* The list lock stays held for the whole section: CPUs arriving at
 * cpu_exec_start and new CPUs wait on it. */
void start_exclusive(void)
{
    pthread_mutex_lock(&cpu_list_lock);
    while (exclusive_pending)
        pthread_cond_wait(&exclusive_resume, &cpu_list_lock);
    __atomic_store_n(&exclusive_pending, 1, __ATOMIC_SEQ_CST);
    for (CPUState *cpu = cpu_list; cpu; cpu = cpu->next) {
        if (cpu != thread_cpu && __atomic_load_n(&cpu->running, __ATOMIC_SEQ_CST))
            cpu_exit(cpu);
    }
    while (other_cpu_running())
        pthread_cond_wait(&exclusive_cond, &cpu_list_lock);
}

void end_exclusive(void)
{
    __atomic_store_n(&exclusive_pending, 0, __ATOMIC_SEQ_CST);
    pthread_cond_broadcast(&exclusive_resume);
    pthread_mutex_unlock(&cpu_list_lock);
}

void cpu_exec_start(CPUState *cpu)
{
    __atomic_store_n(&cpu->running, true, __ATOMIC_SEQ_CST);
    if (!__atomic_load_n(&exclusive_pending, __ATOMIC_SEQ_CST))
        return;
    pthread_mutex_lock(&cpu_list_lock);
    while (exclusive_pending) {
        __atomic_store_n(&cpu->running, false, __ATOMIC_SEQ_CST);
        pthread_cond_broadcast(&exclusive_cond);
        pthread_cond_wait(&exclusive_resume, &cpu_list_lock);
        __atomic_store_n(&cpu->running, true, __ATOMIC_SEQ_CST);
    }
    pthread_mutex_unlock(&cpu_list_lock);
}

void cpu_exec_end(CPUState *cpu)
{
    __atomic_store_n(&cpu->running, false, __ATOMIC_SEQ_CST);
    if (!__atomic_load_n(&exclusive_pending, __ATOMIC_SEQ_CST))
        return;
    pthread_mutex_lock(&cpu_list_lock);
    pthread_cond_broadcast(&exclusive_cond);
    pthread_mutex_unlock(&cpu_list_lock);
}

/* ---- leaving the loop, precise state ---- */

_Noreturn void cpu_loop_exit(CPUState *cpu)
{
    helper_retaddr = 0;
    siglongjmp(cpu->jmp_env, 1);
}

_Noreturn void cpu_loop_exit_restore(CPUState *cpu, uintptr_t host_pc)
{
    if (host_pc)
        cpu_restore_state(cpu, host_pc, true);
    cpu_loop_exit(cpu);
}

/* Index of the guest instruction whose host code holds offset. */
static uint32_t tb_insn_at_offset(const TranslationBlock *tb, uintptr_t offset)
{
    uint32_t lo = 0, hi = tb->nb_insns - 1;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (offset < tb->insns[mid].end_offset)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

bool cpu_restore_state(CPUState *cpu, uintptr_t host_pc, bool is_return_address)
{
    TranslationBlock *tb = tb_find_by_host_pc(host_pc);
    if (!tb || tb->nb_insns == 0)
        return false;
    /* a return address points after the call: step back into it */
    uintptr_t offset = host_pc - (uintptr_t)tb->tc_ptr - (is_return_address ? 1 : 0);
    const TBInsn *insn = &tb->insns[tb_insn_at_offset(tb, offset)];
    const uint64_t data[2] = { tb->pc + (uint64_t)(int64_t)insn->pc_delta, insn->data1 };
    x86_restore_state_to_opc(&cpu->env, data);
    return true;
}

/* The site whose code holds offset, or NULL: sites are in code order. */
static const TCGFaultSite *fault_site_at(const TCGFaultSite *sites, uint32_t n, uintptr_t offset)
{
    uint32_t lo = 0, hi = n;
    while (lo < hi) { /* first site starting after offset */
        uint32_t mid = (lo + hi) / 2;
        if (sites[mid].start <= offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 0 && offset < sites[lo - 1].end ? &sites[lo - 1] : NULL;
}

void cpu_restore_fault_globals(CPUState *cpu, uintptr_t host_pc, const uint64_t host_regs[16])
{
    TranslationBlock *tb = tb_find_by_host_pc(host_pc);
    if (!tb)
        return;
    uint32_t n;
    const TCGFaultSite *sites = tb_fault_sites(tb, &n);
    const TCGFaultSite *site = fault_site_at(sites, n, host_pc - (uintptr_t)tb->tc_ptr);
    if (!site)
        return;
    const uint16_t *regs = (const uint16_t *)(sites + n) + site->first;
    for (uint32_t k = 0; k < site->count; k++) {
        uint16_t e = regs[k];
        uint64_t value = 0;
        if (TCG_FAULT_REG_HOST(e) == TCG_FAULT_CONST_REG)
            for (int w = 0; w < TCG_FAULT_CONST_WORDS; w++)
                value |= (uint64_t)regs[++k] << (16 * w);
        else
            value = host_regs[TCG_FAULT_REG_HOST(e)];
        memcpy((uint8_t *)&cpu->env + TCG_FAULT_REG_OFFSET(e), &value, TCG_FAULT_REG_IS64(e) ? 8 : 4);
    }
}

/* ---- -d stats ---- */

/* Every vCPU's counters, the exited ones included.  Runs at exit, maybe
 * while another thread holds the list lock (an exclusive section), so it
 * does not wait for it: then only the calling thread's CPU is counted. */
static bool cpu_stats_sum(CPUStats *sum)
{
    memset(sum, 0, sizeof(*sum));
    if (pthread_mutex_trylock(&cpu_list_lock) != 0) {
        if (thread_cpu)
            cpu_stats_add(sum, &thread_cpu->stats);
        return false;
    }
    cpu_stats_add(sum, &retired_stats);
    for (CPUState *cpu = cpu_list; cpu; cpu = cpu->next)
        cpu_stats_add(sum, &cpu->stats);
    pthread_mutex_unlock(&cpu_list_lock);
    return true;
}

static double percent(uint64_t part, uint64_t whole)
{
    return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

static void print_translation_stats(FILE *f, const ExecStats *st)
{
    size_t used = tb_buffer_used(), room = tb_buffer_room();
    uint64_t tbs = st->tbs_translated, insns = st->guest_insns_translated;
    fprintf(f, "  TBs translated       %llu\n", (unsigned long long)tbs);
    fprintf(f, "  guest insns          %llu (%.1f per TB)\n", (unsigned long long)insns,
            tbs ? (double)insns / (double)tbs : 0.0);
    fprintf(f, "  host code            %llu bytes (%.1f per guest insn)\n", (unsigned long long)st->host_code_bytes,
            insns ? (double)st->host_code_bytes / (double)insns : 0.0);
    fprintf(f, "  code buffer in use   %zu of %zu KiB (%.1f%%), %zu TBs\n", used >> 10, room >> 10,
            percent(used, room), tb_ctx.nb_tbs);
    fprintf(f, "  translation time     %.3f ms (%.1f us per TB)\n", (double)st->translate_ns / 1e6,
            tbs ? (double)st->translate_ns / 1e3 / (double)tbs : 0.0);
    fprintf(f, "  buffer flushes       %llu\n", (unsigned long long)st->tb_flushes);
    fprintf(f, "  TB invalidations     %llu\n", (unsigned long long)st->tb_invalidations);
    fprintf(f, "  chained jumps        %llu\n", (unsigned long long)st->chains);
}

/* A lookup is one block the cpu loop or an indirect branch looked for;
 * the jump cache serves an indirect branch inline in generated code, else
 * the hash serves it (the cpu loop goes to the hash directly), else it
 * gets translated. */
static void print_lookup_stats(FILE *f, const CPUStats *c, bool complete)
{
    uint64_t indirect = c->inline_hits + c->helper_lookups;
    uint64_t lookups = c->loop_lookups + indirect;
    uint64_t cache_hits = c->inline_hits;
    fprintf(f, "  block lookups        %llu (cpu loop %llu, indirect branches %llu)%s\n",
            (unsigned long long)lookups, (unsigned long long)c->loop_lookups, (unsigned long long)indirect,
            complete ? "" : " [this thread only]");
    fprintf(f, "  jump cache hits      %llu (%.1f%% of lookups)\n", (unsigned long long)cache_hits,
            percent(cache_hits, lookups));
    fprintf(f, "  hash lookups         %llu (%.1f%% found)\n", (unsigned long long)c->hash_lookups,
            percent(c->hash_hits, c->hash_lookups));
    fprintf(f, "  helper lookups       %llu (%.1f%% of indirect branches, %.1f%% found)\n",
            (unsigned long long)c->helper_lookups, percent(c->helper_lookups, indirect),
            percent(c->helper_hits, c->helper_lookups));
}

void exec_stats_print(FILE *f)
{
    CPUStats sum;
    bool complete = cpu_stats_sum(&sum);
    fprintf(f, "tern stats (pid %d):\n", (int)getpid());
    print_translation_stats(f, &exec_stats);
    tb_hints_print_stats(f);
    print_lookup_stats(f, &sum, complete);
}

/* thr_smc_stress.c — self-modifying code under concurrency.  One thread
 * keeps rewriting the immediate of a shared function f (mov $v, %eax;
 * ret) and then publishes v; reader threads keep writing new code of their
 * own (a fresh function that calls f with a direct call and adds a round
 * number), so that they translate all the time, and call it.  Once a
 * reader has seen version p published (and serialised with cpuid, as the
 * architecture asks of cross-modifying code), f must return at least p
 * and never a version not yet written.  The immediate is 4-byte aligned,
 * so each rewrite is one atomic store and the native run is exact too. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#define READERS 3
#define ROUNDS 3000
#define SLOTS 32

static uint8_t *region;  /* page 0: f; page 1+k: reader k's code */
static uint32_t *f_imm;  /* f's immediate */
static uint32_t written; /* last version stored into f (before publishing) */
static uint32_t published;
static volatile int readers_done;
static long violations[READERS], calls[READERS];

typedef uint32_t (*fn_t)(void);

static void serialize(void)
{
    uint32_t a = 0, b, c = 0, d;
    __asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d) : : "memory");
}

static void *writer(void *arg)
{
    (void)arg;
    uint32_t v = 1;
    while (!__atomic_load_n(&readers_done, __ATOMIC_ACQUIRE) || v < 100) {
        v++;
        __atomic_store_n(&written, v, __ATOMIC_SEQ_CST);
        __atomic_store_n(f_imm, v, __ATOMIC_RELEASE);
        __atomic_store_n(&published, v, __ATOMIC_RELEASE);
    }
    return NULL;
}

/* call f (rel32); add $round, %eax; ret — at slot of the reader's page */
static fn_t write_caller(long id, int round)
{
    uint8_t *code = region + 4096 * (1 + id) + 64 * (round % SLOTS);
    int32_t rel = (int32_t)(region + 3 - (code + 5));
    code[0] = 0xe8;
    memcpy(code + 1, &rel, 4);
    code[5] = 0x05;
    memcpy(code + 6, &round, 4);
    code[10] = 0xc3;
    __asm__ volatile("" ::: "memory");
    return (fn_t)code;
}

static void *reader(void *arg)
{
    long id = (long)arg;
    for (int round = 0; round < ROUNDS; round++) {
        fn_t g = write_caller(id, round);
        uint32_t before = __atomic_load_n(&published, __ATOMIC_ACQUIRE);
        serialize();
        uint32_t via_caller = g() - (uint32_t)round;
        uint32_t direct = ((fn_t)(region + 3))();
        uint32_t after = __atomic_load_n(&written, __ATOMIC_SEQ_CST);
        if (via_caller < before || via_caller > after || direct < before || direct > after)
            violations[id]++;
        calls[id] += 2;
    }
    return NULL;
}

int main(void)
{
    region = mmap(NULL, 4096 * (1 + READERS), PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (region == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    /* f at offset 3: b8 <imm32 at offset 4> c3 */
    region[3] = 0xb8;
    f_imm = (uint32_t *)(region + 4);
    *f_imm = 1;
    region[8] = 0xc3;
    written = published = 1;

    pthread_t w, r[READERS];
    pthread_create(&w, NULL, writer, NULL);
    for (long i = 0; i < READERS; i++)
        pthread_create(&r[i], NULL, reader, (void *)i);
    long total_violations = 0, total_calls = 0;
    for (int i = 0; i < READERS; i++) {
        pthread_join(r[i], NULL);
        total_violations += violations[i];
        total_calls += calls[i];
    }
    __atomic_store_n(&readers_done, 1, __ATOMIC_RELEASE);
    pthread_join(w, NULL);
    uint32_t last = ((fn_t)(region + 3))();
    printf("%ld calls, %ld stale or impossible results, final version %s\n", total_calls, total_violations,
           last == written ? "seen" : "NOT seen");
    return 0;
}

/* thr_sync.c — the pthread synchronisation objects: a mutex-protected
 * bounded queue with two condition variables (producers and consumers),
 * a reader-writer lock whose readers check an invariant the writers keep,
 * and a barrier that separates the phases of a computation (each phase
 * reads what every thread wrote in the previous one).  Results are
 * printed after the joins, so the output does not depend on scheduling. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#define PRODUCERS 3
#define CONSUMERS 3
#define ITEMS 20000
#define QSIZE 16

static pthread_mutex_t qlock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER, not_empty = PTHREAD_COND_INITIALIZER;
static long queue[QSIZE];
static int qhead, qcount, producers_left = PRODUCERS;
static long consumed_sum[CONSUMERS], consumed_count[CONSUMERS];

static void *producer(void *arg)
{
    long id = (long)arg;
    for (long i = 0; i < ITEMS; i++) {
        pthread_mutex_lock(&qlock);
        while (qcount == QSIZE)
            pthread_cond_wait(&not_full, &qlock);
        queue[(qhead + qcount++) % QSIZE] = id * ITEMS + i;
        pthread_cond_signal(&not_empty);
        pthread_mutex_unlock(&qlock);
    }
    pthread_mutex_lock(&qlock);
    producers_left--;
    pthread_cond_broadcast(&not_empty);
    pthread_mutex_unlock(&qlock);
    return NULL;
}

static void *consumer(void *arg)
{
    long id = (long)arg;
    for (;;) {
        pthread_mutex_lock(&qlock);
        while (qcount == 0 && producers_left)
            pthread_cond_wait(&not_empty, &qlock);
        if (qcount == 0) {
            pthread_mutex_unlock(&qlock);
            return NULL;
        }
        long v = queue[qhead];
        qhead = (qhead + 1) % QSIZE;
        qcount--;
        pthread_cond_signal(&not_full);
        pthread_mutex_unlock(&qlock);
        consumed_sum[id] += v;
        consumed_count[id]++;
    }
}

/* ---- rwlock: writers move value between two cells, readers see a constant total ---- */

#define RW_THREADS 4
#define RW_ROUNDS 20000
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static long cell_a = 1000000, cell_b;
static long torn_reads[RW_THREADS], reads_done[RW_THREADS];

static void *rw_worker(void *arg)
{
    long id = (long)arg;
    for (long i = 0; i < RW_ROUNDS; i++) {
        if (i % 8 == id % 2) {
            pthread_rwlock_wrlock(&rw);
            long delta = (i * 7 + id) % 13;
            cell_a -= delta;
            cell_b += delta;
            pthread_rwlock_unlock(&rw);
        } else {
            pthread_rwlock_rdlock(&rw);
            if (cell_a + cell_b != 1000000)
                torn_reads[id]++;
            reads_done[id]++;
            pthread_rwlock_unlock(&rw);
        }
    }
    return NULL;
}

/* ---- barrier: phase k reads every slot written in phase k-1 ---- */

#define B_THREADS 4
#define PHASES 300
static pthread_barrier_t barrier;
static uint64_t slots[2][B_THREADS];
static uint64_t phase_errors;

static void *barrier_worker(void *arg)
{
    long id = (long)arg;
    for (int p = 1; p <= PHASES; p++) {
        uint64_t sum = 0;
        for (int j = 0; j < B_THREADS; j++)
            sum += slots[(p - 1) & 1][j];
        /* every slot of phase p-1 holds (p-1)*(j+1): their sum is known */
        if (sum != (uint64_t)(p - 1) * B_THREADS * (B_THREADS + 1) / 2)
            __atomic_add_fetch(&phase_errors, 1, __ATOMIC_RELAXED);
        slots[p & 1][id] = (uint64_t)p * (id + 1);
        pthread_barrier_wait(&barrier);
    }
    return NULL;
}

int main(void)
{
    pthread_t p[PRODUCERS], c[CONSUMERS];
    for (long i = 0; i < CONSUMERS; i++)
        pthread_create(&c[i], NULL, consumer, (void *)i);
    for (long i = 0; i < PRODUCERS; i++)
        pthread_create(&p[i], NULL, producer, (void *)i);
    for (int i = 0; i < PRODUCERS; i++)
        pthread_join(p[i], NULL);
    long total = 0, count = 0;
    for (int i = 0; i < CONSUMERS; i++) {
        pthread_join(c[i], NULL);
        total += consumed_sum[i];
        count += consumed_count[i];
    }
    long n = (long)PRODUCERS * ITEMS;
    printf("queue: %ld items, sum %ld (expected %ld)\n", count, total, n * (n - 1) / 2);

    pthread_t r[RW_THREADS];
    for (long i = 0; i < RW_THREADS; i++)
        pthread_create(&r[i], NULL, rw_worker, (void *)i);
    long torn = 0, reads = 0;
    for (int i = 0; i < RW_THREADS; i++) {
        pthread_join(r[i], NULL);
        torn += torn_reads[i];
        reads += reads_done[i];
    }
    printf("rwlock: %ld reads, %ld torn, total %ld\n", reads, torn, cell_a + cell_b);

    pthread_barrier_init(&barrier, NULL, B_THREADS);
    pthread_t b[B_THREADS];
    for (long i = 0; i < B_THREADS; i++)
        pthread_create(&b[i], NULL, barrier_worker, (void *)i);
    for (int i = 0; i < B_THREADS; i++)
        pthread_join(b[i], NULL);
    pthread_barrier_destroy(&barrier);
    printf("barrier: %d phases, %llu errors\n", PHASES, (unsigned long long)phase_errors);
    return 0;
}

/* thr_many.c — 64 threads alive at once: all created before any is
 * released (a barrier holds them), each runs its own slice of work with
 * its own thread id, and the results are collected in order after the
 * joins. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#define THREADS 64

static pthread_barrier_t start;
static uint64_t result[THREADS];
static long tids[THREADS];

static void *worker(void *arg)
{
    long id = (long)arg;
    tids[id] = syscall(SYS_gettid);
    pthread_barrier_wait(&start);
    uint64_t h = 14695981039346656037ull ^ (uint64_t)id;
    for (int i = 0; i < 20000; i++)
        h = (h ^ (uint64_t)i) * 1099511628211ull;
    result[id] = h;
    return NULL;
}

int main(void)
{
    pthread_barrier_init(&start, NULL, THREADS + 1);
    pthread_t t[THREADS];
    for (long i = 0; i < THREADS; i++)
        if (pthread_create(&t[i], NULL, worker, (void *)i) != 0) {
            printf("pthread_create %ld failed\n", i);
            return 1;
        }
    pthread_barrier_wait(&start);
    uint64_t x = 0;
    int distinct = 1;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        x ^= result[i] * (uint64_t)(i + 1);
        for (int j = 0; j < i; j++)
            if (tids[j] == tids[i] || tids[i] == getpid())
                distinct = 0;
    }
    printf("%d threads, combined %016llx, distinct tids %s\n", THREADS, (unsigned long long)x,
           distinct ? "yes" : "no");
    return 0;
}

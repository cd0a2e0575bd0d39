/* par_hash.c — parallel CPU-bound work for the thread-scaling figure of
 * make bench: two buffers, each filled from its own PRNG and hashed over
 * several passes, shared out between 1 or 2 threads (argument; default 2).
 * The total work is the same either way, so time(1 thread) / time(2
 * threads) is the parallel speedup.  The threads share nothing but the
 * code, so an emulator that serialises them (a global lock, or cache
 * lines bouncing between cores) shows at once. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define BUFFERS 2
#define WORDS (1u << 20) /* 8 MiB per buffer */
#define PASSES 320

typedef struct {
    uint64_t *data;
    uint64_t hash;
} __attribute__((aligned(64))) Buffer;

static Buffer buffers[BUFFERS];
static int nthreads;

static uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v * 0x9e3779b97f4a7c15ull;
    h = (h << 27) | (h >> 37);
    return h * 0xff51afd7ed558ccdull + 0x165667b19e3779f9ull;
}

static void fill_and_hash(Buffer *b, uint64_t seed)
{
    uint64_t x = seed;
    for (uint32_t i = 0; i < WORDS; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        b->data[i] = x;
    }
    uint64_t h = seed;
    for (int p = 0; p < PASSES; p++)
        for (uint32_t i = 0; i < WORDS; i += 2)
            h = mix(mix(h, b->data[i]), b->data[i + 1] + (uint64_t)p);
    b->hash = h;
}

static void *worker(void *arg)
{
    for (long i = (long)arg; i < BUFFERS; i += nthreads)
        fill_and_hash(&buffers[i], 0x1234567ull * (uint64_t)(i + 1));
    return NULL;
}

int main(int argc, char **argv)
{
    nthreads = argc > 1 ? atoi(argv[1]) : 2;
    if (nthreads < 1 || nthreads > BUFFERS) {
        fprintf(stderr, "usage: par_hash [threads 1..%d]\n", BUFFERS);
        return 2;
    }
    for (int i = 0; i < BUFFERS; i++)
        if (!(buffers[i].data = malloc(WORDS * sizeof(uint64_t))))
            return 1;
    pthread_t t[BUFFERS];
    for (long i = 0; i < nthreads; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < nthreads; i++)
        pthread_join(t[i], NULL);
    for (int i = 0; i < BUFFERS; i++)
        printf("buffer %d: %016llx\n", i, (unsigned long long)buffers[i].hash);
    return 0;
}

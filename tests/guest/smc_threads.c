/* Self-modifying code from several threads at once: each thread keeps
 * rewriting and calling its own little function, and all the functions
 * share one page, so every write by one thread also throws away the
 * translations another thread is using.  Each thread's sum is exact. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#define NTHREADS 3
#define ROUNDS 2000

static uint8_t *page;

typedef long (*fn0)(void);

static void *worker(void *arg)
{
    long id = (long)arg;
    uint8_t *code = page + 64 * id;
    long sum = 0;
    for (int32_t i = 0; i < ROUNDS; i++) {
        int32_t imm = i * (int32_t)(id + 1);
        code[0] = 0xb8; /* mov $imm, %eax; ret */
        memcpy(code + 1, &imm, 4);
        code[5] = 0xc3;
        __asm__ volatile("" ::: "memory");
        sum += ((fn0)code)();
    }
    return (void *)sum;
}

int main(void)
{
    page = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    pthread_t t[NTHREADS];
    for (long i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (long i = 0; i < NTHREADS; i++) {
        void *sum;
        pthread_join(t[i], &sum);
        printf("thread %ld: sum %ld\n", i, (long)sum);
    }
    return 0;
}

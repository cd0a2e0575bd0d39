/* pthreads: worker threads summing disjoint ranges, a mutex-protected
 * shared counter, atomic increments (lock xadd / lock cmpxchg), a condition
 * variable handoff and thread-local storage.  Results are independent of
 * scheduling, so the output is deterministic. */
#include <stdio.h>
#include <pthread.h>
#include <stdatomic.h>

enum { THREADS = 4, PER = 200000 };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static long shared_total;
static atomic_long atomic_total;
static atomic_int cas_counter;
static __thread long tls_value;
static int turn;

static void *worker(void *arg)
{
    long id = (long)arg, local = 0;
    tls_value = id * 1000;
    for (long i = id * PER; i < (id + 1) * PER; i++) {
        local += i % 7;
        atomic_fetch_add(&atomic_total, 1);
        int old = atomic_load(&cas_counter);
        while (!atomic_compare_exchange_weak(&cas_counter, &old, old + 2)) {}
    }
    pthread_mutex_lock(&lock);
    shared_total += local;
    pthread_mutex_unlock(&lock);
    return (void *)(tls_value + id);
}

static void *ping(void *arg)
{
    int me = (int)(long)arg;
    for (int round = 0; round < 1000; round++) {
        pthread_mutex_lock(&lock);
        while (turn % 2 != me) pthread_cond_wait(&cond, &lock);
        turn++;
        pthread_cond_broadcast(&cond);
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

int main(void)
{
    pthread_t t[THREADS];
    tls_value = -1;
    for (long i = 0; i < THREADS; i++) pthread_create(&t[i], NULL, worker, (void *)i);
    long rets = 0;
    for (int i = 0; i < THREADS; i++) {
        void *r;
        pthread_join(t[i], &r);
        rets += (long)r;
    }
    printf("sum %ld atomic %ld cas %d returns %ld main tls %ld\n", shared_total, (long)atomic_total,
           (int)cas_counter, rets, tls_value);
    pthread_t a, b;
    pthread_create(&a, NULL, ping, (void *)0L);
    pthread_create(&b, NULL, ping, (void *)1L);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("ping-pong turns %d\n", turn);
    return 0;
}

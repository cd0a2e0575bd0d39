/* thr_tls.c — thread-local storage: initialised __thread data (static TLS
 * copied from the TLS image for every thread), __thread arrays, errno per
 * thread, and pthread keys with destructors that run at thread exit.  The
 * threads interleave on purpose (a barrier between writing and checking),
 * so a TLS block shared by mistake shows. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#define THREADS 8

static __thread long tls_init = 42;
static __thread char tls_buf[256] = "image";
static __thread long tls_zero;
static pthread_key_t key;
static pthread_barrier_t barrier;
static long destructor_sum, bad[THREADS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void key_destructor(void *v)
{
    pthread_mutex_lock(&lock);
    destructor_sum += (long)v;
    pthread_mutex_unlock(&lock);
}

static void *worker(void *arg)
{
    long id = (long)arg;
    if (tls_init != 42 || tls_zero != 0 || tls_buf[0] != 'i')
        bad[id]++;
    tls_init = id * 100;
    tls_zero = -id;
    for (int i = 0; i < 256; i++)
        tls_buf[i] = (char)(id + i);
    pthread_setspecific(key, (void *)(id + 1));
    errno = 0;
    if (read(-1, NULL, 0) != -1 || errno != EBADF)
        bad[id]++;
    pthread_barrier_wait(&barrier);
    errno = (int)id; /* others set theirs meanwhile */
    pthread_barrier_wait(&barrier);
    if (errno != (int)id || tls_init != id * 100 || tls_zero != -id || pthread_getspecific(key) != (void *)(id + 1))
        bad[id]++;
    for (int i = 0; i < 256; i++)
        if (tls_buf[i] != (char)(id + i))
            bad[id]++;
    return NULL;
}

int main(void)
{
    pthread_key_create(&key, key_destructor);
    pthread_barrier_init(&barrier, NULL, THREADS);
    pthread_t t[THREADS];
    for (long i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    long total_bad = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        total_bad += bad[i];
    }
    printf("tls: %d threads, %ld mismatches, destructors sum %ld, main still %ld\n", THREADS, total_bad,
           destructor_sum, tls_init);
    return 0;
}

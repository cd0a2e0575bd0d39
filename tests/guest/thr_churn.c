/* thr_churn.c — thread creation churn: thousands of short threads, in
 * waves of a few at a time, some joined and some detached, each returning
 * a value computed from its argument.  Catches leaks and races in thread
 * start-up and exit (clear-tid futex wake, per-thread state freed).
 * An argument sets the number of waves (tsan-check runs fewer). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define WAVES 600
#define PER_WAVE 5

static long detached_done;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t all_done = PTHREAD_COND_INITIALIZER;

static void *short_worker(void *arg)
{
    long v = (long)arg;
    return (void *)(v * v + 1);
}

static void *detached_worker(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&lock);
    detached_done++;
    pthread_cond_signal(&all_done);
    pthread_mutex_unlock(&lock);
    return NULL;
}

int main(int argc, char **argv)
{
    long waves = argc > 1 ? atol(argv[1]) : WAVES;
    long sum = 0, created = 0, detached = 0;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    for (long w = 0; w < waves; w++) {
        pthread_t t[PER_WAVE];
        for (long i = 0; i < PER_WAVE; i++)
            if (pthread_create(&t[i], NULL, short_worker, (void *)(w * PER_WAVE + i)) == 0)
                created++;
        if (w % 3 == 0) {
            pthread_t d;
            if (pthread_create(&d, &attr, detached_worker, NULL) == 0)
                detached++;
        }
        for (long i = 0; i < PER_WAVE; i++) {
            void *r;
            pthread_join(t[i], &r);
            sum += (long)r;
        }
    }
    pthread_mutex_lock(&lock);
    while (detached_done < detached)
        pthread_cond_wait(&all_done, &lock);
    pthread_mutex_unlock(&lock);
    printf("%ld joined threads, sum %ld; %ld detached threads finished\n", created, sum, detached_done);
    return 0;
}

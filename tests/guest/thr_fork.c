/* thr_fork.c — fork from a multi-threaded process: while worker threads
 * keep running, the main thread forks; the child has only the forking
 * thread, must be able to translate new code, create threads of its own
 * and fork again from one of them.  A worker forks too.  Output is written
 * in a fixed order (each parent waits for its child first). */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define WORKERS 3

static volatile int stop;
static uint64_t spins[WORKERS];

static void *spinner(void *arg)
{
    long id = (long)arg;
    while (!stop)
        spins[id]++;
    return NULL;
}

/* Code run for the first time in the child: it must be translated there. */
static uint64_t only_in_child(uint64_t n)
{
    uint64_t h = 0;
    for (uint64_t i = 0; i < n; i++)
        h = h * 31 + (i ^ (i >> 3));
    return h;
}

static void *child_thread(void *arg)
{
    return (void *)(uintptr_t)only_in_child((uintptr_t)arg);
}

static int wait_status(pid_t pid)
{
    int st = 0;
    if (waitpid(pid, &st, 0) != pid)
        return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* A fork from a thread that is not the main thread. */
static void *forking_thread(void *arg)
{
    (void)arg;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        printf("grandchild from a thread: %llu\n", (unsigned long long)only_in_child(1000));
        fflush(stdout);
        _exit(7);
    }
    return (void *)(intptr_t)wait_status(pid);
}

static void child_main(void)
{
    pthread_t t[2], f;
    for (long i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, child_thread, (void *)(10000 + i));
    uint64_t sum = 0;
    for (int i = 0; i < 2; i++) {
        void *r;
        pthread_join(t[i], &r);
        sum += (uintptr_t)r;
    }
    printf("child: threads computed %llu\n", (unsigned long long)sum);
    fflush(stdout);
    pthread_create(&f, NULL, forking_thread, NULL);
    void *st;
    pthread_join(f, &st);
    printf("child: grandchild exited %ld\n", (long)(intptr_t)st);
    fflush(stdout);
    exit(3);
}

int main(void)
{
    pthread_t w[WORKERS];
    for (long i = 0; i < WORKERS; i++)
        pthread_create(&w[i], NULL, spinner, (void *)i);
    for (int round = 0; round < 3; round++) {
        fflush(stdout);
        pid_t pid = fork();
        if (pid == 0)
            child_main();
        printf("round %d: child exited %d\n", round, wait_status(pid));
    }
    pthread_t f;
    pthread_create(&f, NULL, forking_thread, NULL);
    void *st;
    pthread_join(f, &st);
    printf("parent: grandchild exited %ld\n", (long)(intptr_t)st);
    stop = 1;
    for (int i = 0; i < WORKERS; i++)
        pthread_join(w[i], NULL);
    printf("workers stopped\n");
    return 0;
}

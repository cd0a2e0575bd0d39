/* thr_signal.c — signals aimed at one thread: pthread_kill (tgkill) to a
 * chosen thread while it spins in a hot loop or sleeps in a syscall runs
 * the handler on that thread and no other; a process-directed signal goes
 * to the one thread that does not block it; tkill works on a raw thread id;
 * a thread's signal mask is its own.  Each step waits for its delivery, so
 * the printed counts are deterministic. */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define THREADS 4

static __thread int my_index = -1;
static volatile int hits[THREADS + 1][3]; /* [thread][USR1, USR2, RTMIN] */
static volatile int stop, ready;
static pid_t tids[THREADS];

static void handler(int sig)
{
    int which = sig == SIGUSR1 ? 0 : sig == SIGUSR2 ? 1 : 2;
    int idx = my_index < 0 ? THREADS : my_index;
    __atomic_add_fetch(&hits[idx][which], 1, __ATOMIC_SEQ_CST);
}

static void *worker(void *arg)
{
    long id = (long)arg;
    my_index = (int)id;
    tids[id] = (pid_t)syscall(SYS_gettid);
    /* only thread 3 accepts the process-directed SIGUSR2 */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    pthread_sigmask(id == 3 ? SIG_UNBLOCK : SIG_BLOCK, &set, NULL);
    __atomic_add_fetch(&ready, 1, __ATOMIC_SEQ_CST);
    volatile unsigned long n = 0;
    while (!stop) {
        if (id == 1) {
            struct timespec ts = { 0, 2000000 };
            nanosleep(&ts, NULL); /* a thread inside a syscall */
        } else {
            n++; /* a thread inside generated code */
        }
    }
    return NULL;
}

static void wait_for(volatile int *counter, int value)
{
    for (long i = 0; i < 5000 && __atomic_load_n(counter, __ATOMIC_SEQ_CST) < value; i++) {
        struct timespec ts = { 0, 1000000 };
        nanosleep(&ts, NULL);
    }
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = handler;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGUSR2, &sa, NULL);
    sigaction(SIGRTMIN, &sa, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &set, NULL); /* main does not take SIGUSR2 */

    pthread_t t[THREADS];
    for (long i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    wait_for(&ready, THREADS);

    /* each thread k gets k+1 SIGUSR1, one at a time */
    for (int k = 0; k < THREADS; k++)
        for (int j = 0; j <= k; j++) {
            pthread_kill(t[k], SIGUSR1);
            wait_for(&hits[k][0], j + 1);
        }
    /* process-directed: only thread 3 leaves SIGUSR2 unblocked */
    for (int j = 0; j < 3; j++) {
        kill(getpid(), SIGUSR2);
        wait_for(&hits[3][1], j + 1);
    }
    /* tkill with the raw thread id, a real-time signal */
    for (int k = 0; k < THREADS; k++) {
        syscall(SYS_tkill, tids[k], SIGRTMIN);
        wait_for(&hits[k][2], 1);
    }
    /* the main thread itself */
    pthread_kill(pthread_self(), SIGUSR1);

    stop = 1;
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    for (int i = 0; i <= THREADS; i++)
        printf("%s: SIGUSR1 %d, SIGUSR2 %d, SIGRTMIN %d\n", i < THREADS ? "thread" : "main", hits[i][0],
               hits[i][1], hits[i][2]);
    return 0;
}

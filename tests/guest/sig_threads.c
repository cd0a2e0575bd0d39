/* sig_threads.c — signals and threads: pthread_kill reaches the chosen
 * thread (its handler sees its own thread id), a thread blocked in read
 * is interrupted (EINTR without SA_RESTART), a process-directed signal
 * that the main thread blocks goes to the spinning thread that accepts
 * it (and stops its loop), and
 * sigwait in a dedicated thread takes a signal every thread blocks. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile pid_t handled_by;
static volatile int handled;
static int pipe_fd[2];
static volatile int worker_ready;

static void on_usr1(int sig)
{
    (void)sig;
    handled_by = gettid();
    handled++;
}

static void *reader(void *arg)
{
    pid_t *tid = arg;
    *tid = gettid();
    worker_ready = 1;
    char c;
    errno = 0;
    ssize_t n = read(pipe_fd[0], &c, 1);
    return (void *)(long)(n < 0 && errno == EINTR);
}

static void *spinner(void *arg)
{
    pid_t *tid = arg;
    *tid = gettid();
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    pthread_sigmask(SIG_UNBLOCK, &usr1, NULL);
    worker_ready = 1;
    while (!handled)
        ;
    return NULL;
}

static void *waiter(void *arg)
{
    (void)arg;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    int sig = 0;
    sigwait(&set, &sig);
    return (void *)(long)sig;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    if (pipe(pipe_fd))
        return 1;

    pthread_t t;
    pid_t tid = 0;
    void *r;
    pthread_create(&t, NULL, reader, &tid);
    while (!worker_ready)
        usleep(1000);
    usleep(50000); /* let it block in read */
    pthread_kill(t, SIGUSR1);
    pthread_join(t, &r);
    printf("reader interrupted %ld handled in reader %d\n", (long)r, handled_by == tid);

    /* The main thread blocks SIGUSR1: a kill() goes to the spinner. */
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    handled = 0;
    worker_ready = 0;
    pthread_sigmask(SIG_BLOCK, &usr1, NULL);
    pthread_create(&t, NULL, spinner, &tid);
    while (!worker_ready)
        usleep(1000);
    kill(getpid(), SIGUSR1);
    pthread_join(t, NULL);
    printf("spinner handled %d in spinner %d\n", handled, handled_by == tid);
    pthread_sigmask(SIG_UNBLOCK, &usr1, NULL);

    sigset_t usr2;
    sigemptyset(&usr2);
    sigaddset(&usr2, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &usr2, NULL);
    pthread_create(&t, NULL, waiter, NULL);
    usleep(20000);
    kill(getpid(), SIGUSR2);
    pthread_join(t, &r);
    printf("sigwait in a thread got %s\n", (long)r == SIGUSR2 ? "SIGUSR2" : "other");
    return 0;
}

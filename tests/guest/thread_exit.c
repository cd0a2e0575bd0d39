/* Process exit from a secondary thread: exit(5) in a worker ends every
 * thread and the process, with buffered stdout flushed once, while the main
 * thread is blocked in pthread_join.  An emulator must turn exit_group in
 * any thread into the end of the whole process. */
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <unistd.h>

static void *spinner(void *arg)
{
    (void)arg;
    volatile unsigned long n = 0;
    for (;;) n++;
    return NULL;
}

static void *quitter(void *arg)
{
    (void)arg;
    printf("worker calling exit(5)\n");
    exit(5);
}

int main(void)
{
    pthread_t s, q;
    printf("main starting threads\n");
    pthread_create(&s, NULL, spinner, NULL);
    pthread_create(&q, NULL, quitter, NULL);
    pthread_join(s, NULL);
    printf("not reached\n");
    return 0;
}

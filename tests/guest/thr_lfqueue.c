/* thr_lfqueue.c — a lock-free MPMC exchange built on cmpxchg16b: two
 * Treiber stacks (free nodes, full nodes) whose heads are (pointer, tag)
 * pairs swapped with lock cmpxchg16b, the tag defeating ABA.  Producers
 * take free nodes, fill them and push them full; consumers pop full nodes,
 * add up their values and give them back.  Every value must be consumed
 * exactly once. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#define NODES 64
#define PRODUCERS 2
#define CONSUMERS 2
#define PER_PRODUCER 30000

typedef struct Node {
    struct Node *volatile next;
    uint64_t value;
} Node;

typedef struct {
    Node *ptr;
    uint64_t tag;
} __attribute__((aligned(16))) Head;

static Node nodes[NODES];
static Head free_list, full_list;
static uint64_t consumed_sum[CONSUMERS], consumed_count[CONSUMERS];
static volatile int producers_done;

static int cas16(Head *h, Head old, Head new)
{
    unsigned char ok;
    __asm__ volatile("lock cmpxchg16b %1\n\tsetz %0"
                     : "=q"(ok), "+m"(*h), "+a"(old.ptr), "+d"(old.tag)
                     : "b"(new.ptr), "c"(new.tag)
                     : "memory");
    return ok;
}

static Head load_head(Head *h)
{
    /* a 16-byte snapshot: cmpxchg16b with equal old and new values */
    Head cur = { 0, 0 };
    __asm__ volatile("lock cmpxchg16b %0" : "+m"(*h), "+a"(cur.ptr), "+d"(cur.tag) : "b"(0), "c"(0) : "memory");
    return cur;
}

static void push(Head *h, Node *n)
{
    for (;;) {
        Head old = load_head(h);
        n->next = old.ptr;
        if (cas16(h, old, (Head){ n, old.tag + 1 }))
            return;
    }
}

static Node *pop(Head *h)
{
    for (;;) {
        Head old = load_head(h);
        if (!old.ptr)
            return NULL;
        if (cas16(h, old, (Head){ old.ptr->next, old.tag + 1 }))
            return old.ptr;
    }
}

static void *producer(void *arg)
{
    long id = (long)arg;
    for (uint64_t i = 0; i < PER_PRODUCER; i++) {
        Node *n;
        while (!(n = pop(&free_list)))
            __asm__ volatile("pause");
        n->value = id * PER_PRODUCER + i + 1;
        push(&full_list, n);
    }
    __atomic_add_fetch(&producers_done, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

static void *consumer(void *arg)
{
    long id = (long)arg;
    for (;;) {
        Node *n = pop(&full_list);
        if (!n) {
            if (__atomic_load_n(&producers_done, __ATOMIC_SEQ_CST) == PRODUCERS && !load_head(&full_list).ptr)
                return NULL;
            __asm__ volatile("pause");
            continue;
        }
        consumed_sum[id] += n->value;
        consumed_count[id]++;
        push(&free_list, n);
    }
}

int main(void)
{
    for (int i = 0; i < NODES; i++)
        push(&free_list, &nodes[i]);
    pthread_t p[PRODUCERS], c[CONSUMERS];
    for (long i = 0; i < CONSUMERS; i++)
        pthread_create(&c[i], NULL, consumer, (void *)i);
    for (long i = 0; i < PRODUCERS; i++)
        pthread_create(&p[i], NULL, producer, (void *)i);
    for (int i = 0; i < PRODUCERS; i++)
        pthread_join(p[i], NULL);
    uint64_t sum = 0, count = 0;
    for (int i = 0; i < CONSUMERS; i++) {
        pthread_join(c[i], NULL);
        sum += consumed_sum[i];
        count += consumed_count[i];
    }
    uint64_t n = (uint64_t)PRODUCERS * PER_PRODUCER;
    int free_nodes = 0;
    while (pop(&free_list))
        free_nodes++;
    printf("consumed %llu values, sum %llu (expected %llu), %d nodes back on the free list\n",
           (unsigned long long)count, (unsigned long long)sum, (unsigned long long)(n * (n + 1) / 2), free_nodes);
    return 0;
}

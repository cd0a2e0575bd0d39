/* thr_atomic.c — every LOCK-prefixed read-modify-write family against
 * other threads: add/sub/inc/dec (8/16/32/64-bit), and/or/xor, not/neg,
 * xadd (each old value handed out exactly once), cmpxchg, cmpxchg8b and
 * cmpxchg16b retry loops, bts/btr as a bit spinlock, btc toggles and an
 * xchg spinlock.  Each final value is only right if no update was lost;
 * they are printed after the joins, so the output is deterministic. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define THREADS 4
#define ITERS 20000

static uint64_t add64, sub64, incdec64, xor64, orand64, not64, neg64, cas64, cas8b, xchg_protected, bit_protected;
static uint32_t add32, xchg_word;
static uint16_t add16;
static uint8_t add8;
static uint64_t bitlock, btc_word;
static unsigned __int128 cas16b __attribute__((aligned(16)));
static uint64_t xadd_counter;
static unsigned char *xadd_seen;

static void lock_ops(long id)
{
    uint64_t mine = 1ull << id;
    __asm__ volatile("lock addq $3, %0" : "+m"(add64));
    __asm__ volatile("lock addl $5, %0" : "+m"(add32));
    __asm__ volatile("lock addw $1, %0" : "+m"(add16));
    __asm__ volatile("lock addb $1, %0" : "+m"(add8));
    __asm__ volatile("lock subq $2, %0" : "+m"(sub64));
    __asm__ volatile("lock incq %0\n\tlock incq %0\n\tlock decq %0" : "+m"(incdec64));
    __asm__ volatile("lock xorq %1, %0" : "+m"(xor64) : "r"(mine << 8));
    __asm__ volatile("lock andq %1, %0" : "+m"(orand64) : "r"(~mine));
    __asm__ volatile("lock orq %1, %0" : "+m"(orand64) : "r"(mine));
    /* not and neg do not commute, so each gets its own variable: applied
     * an even number of times in any interleaving, each gives back the
     * start value unless an update is lost. */
    __asm__ volatile("lock notq %0\n\tlock notq %0" : "+m"(not64));
    __asm__ volatile("lock negq %0\n\tlock negq %0" : "+m"(neg64));
    __asm__ volatile("lock btcq %1, %0" : "+m"(btc_word) : "r"(id * 8 + 3));
}

static void cas_increment(void)
{
    uint64_t old = __atomic_load_n(&cas64, __ATOMIC_RELAXED);
    for (;;) {
        uint64_t expect = old;
        __asm__ volatile("lock cmpxchgq %2, %1" : "+a"(old), "+m"(cas64) : "r"(old + 1));
        if (old == expect)
            return;
    }
}

static void cas8b_increment(void)
{
    for (;;) {
        uint64_t old = __atomic_load_n(&cas8b, __ATOMIC_RELAXED), next = old + 0x100000001ull;
        uint32_t lo = (uint32_t)old, hi = (uint32_t)(old >> 32);
        unsigned char ok;
        __asm__ volatile("lock cmpxchg8b %1\n\tsetz %0"
                         : "=q"(ok), "+m"(cas8b), "+a"(lo), "+d"(hi)
                         : "b"((uint32_t)next), "c"((uint32_t)(next >> 32)));
        if (ok)
            return;
    }
}

static void cas16b_increment(void)
{
    for (;;) {
        uint64_t lo = (uint64_t)cas16b, hi = (uint64_t)(cas16b >> 64);
        unsigned char ok;
        __asm__ volatile("lock cmpxchg16b %1\n\tsetz %0"
                         : "=q"(ok), "+m"(cas16b), "+a"(lo), "+d"(hi)
                         : "b"(lo + 1), "c"(hi + 2));
        if (ok)
            return;
    }
}

static void xadd_take(void)
{
    uint64_t v = 1;
    __asm__ volatile("lock xaddq %0, %1" : "+r"(v), "+m"(xadd_counter));
    if (v < (uint64_t)THREADS * ITERS)
        __atomic_add_fetch(&xadd_seen[v], 1, __ATOMIC_RELAXED);
}

/* bit 5 of bitlock as a lock: lock bts until it was clear, lock btr to free */
static void bit_locked_increment(void)
{
    for (;;) {
        unsigned char was_set;
        __asm__ volatile("lock btsq $5, %0\n\tsetc %1" : "+m"(bitlock), "=q"(was_set));
        if (!was_set)
            break;
        __asm__ volatile("pause");
    }
    bit_protected++;
    __asm__ volatile("lock btrq $5, %0" : "+m"(bitlock) : : "memory");
}

static void xchg_locked_increment(void)
{
    for (;;) {
        uint32_t v = 1;
        __asm__ volatile("xchgl %0, %1" : "+r"(v), "+m"(xchg_word) : : "memory");
        if (!v)
            break;
        __asm__ volatile("pause");
    }
    xchg_protected++;
    __asm__ volatile("movl $0, %0" : "=m"(xchg_word) : : "memory");
}

static void *worker(void *arg)
{
    long id = (long)arg;
    for (int i = 0; i < ITERS; i++) {
        lock_ops(id);
        cas_increment();
        cas8b_increment();
        cas16b_increment();
        xadd_take();
        bit_locked_increment();
        xchg_locked_increment();
    }
    return NULL;
}

int main(void)
{
    const uint64_t n = (uint64_t)THREADS * ITERS;
    xadd_seen = calloc(n, 1);
    not64 = 0x123456789abcdef0ull;
    neg64 = 0x0fedcba987654321ull;
    pthread_t t[THREADS];
    for (long i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);

    uint64_t unique = 0;
    for (uint64_t i = 0; i < n; i++)
        unique += xadd_seen[i] == 1;
    printf("add64 %llu add32 %u add16 %u add8 %u\n", (unsigned long long)add64, add32, add16, add8);
    printf("sub64 %lld incdec %llu\n", (long long)sub64, (unsigned long long)incdec64);
    printf("xor %#llx orand %#llx not %#llx neg %#llx btc %#llx\n", (unsigned long long)xor64,
           (unsigned long long)orand64, (unsigned long long)not64, (unsigned long long)neg64,
           (unsigned long long)btc_word);
    printf("cmpxchg %llu cmpxchg8b %#llx\n", (unsigned long long)cas64, (unsigned long long)cas8b);
    printf("cmpxchg16b lo %llu hi %llu\n", (unsigned long long)(uint64_t)cas16b,
           (unsigned long long)(uint64_t)(cas16b >> 64));
    printf("xadd %llu, values handed out once: %llu\n", (unsigned long long)xadd_counter,
           (unsigned long long)unique);
    printf("bts/btr lock %llu, xchg lock %llu, bitlock %#llx\n", (unsigned long long)bit_protected,
           (unsigned long long)xchg_protected, (unsigned long long)bitlock);
    free(xadd_seen);
    return 0;
}

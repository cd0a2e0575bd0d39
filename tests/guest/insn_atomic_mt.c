/* insn_atomic_mt.c — LOCK-prefixed read-modify-writes are atomic across
 * threads: four threads hammer shared words with lock add/inc/xadd/
 * or/and/xor, cmpxchg retry loops, cmpxchg16b and xchg spinlocks; the
 * final values only come out right if no update was lost. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#define THREADS 4
#define ITERS 20000

static uint64_t counter, xadd_sum, cas_count, bits, spin_protected;
static uint32_t lock_word;
static unsigned __int128 wide __attribute__((aligned(16)));
static uint8_t tiny;

static void spin_lock(void)
{
    uint32_t one = 1;
    for (;;) {
        uint32_t v = one;
        __asm__ volatile("xchgl %0, %1" : "+r"(v), "+m"(lock_word) : : "memory");
        if (v == 0)
            return;
        __asm__ volatile("pause");
    }
}

static void spin_unlock(void)
{
    __asm__ volatile("movl $0, %0" : "=m"(lock_word) : : "memory");
}

static void *worker(void *arg)
{
    uint64_t id = (uint64_t)(uintptr_t)arg;
    for (int i = 0; i < ITERS; i++) {
        __asm__ volatile("lock addq $3, %0\n\tlock incq %0\n\tlock decq %0\n\tlock subq $1, %0"
                         : "+m"(counter) : : "memory", "cc");
        uint64_t v = id + 1;
        __asm__ volatile("lock xaddq %0, %1" : "+r"(v), "+m"(xadd_sum) : : "memory", "cc");
        uint64_t old = cas_count, nw;
        do {
            nw = old + 2;
        } while (!__atomic_compare_exchange_n(&cas_count, &old, nw, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
        uint64_t bit = (id * 16 + (unsigned)i % 16);
        __asm__ volatile("lock btsq %1, %0" : "+m"(bits) : "r"(bit) : "memory", "cc");
        __asm__ volatile("lock addb $1, %0" : "+m"(tiny) : : "memory", "cc");
        unsigned __int128 cur = wide, next;
        uint64_t lo, hi, ok;
        do {
            next = cur + 1;
            lo = (uint64_t)cur, hi = (uint64_t)(cur >> 64);
            __asm__ volatile("lock cmpxchg16b %[m]\n\tsetz %b[ok]"
                             : [m] "+m"(wide), "+a"(lo), "+d"(hi), [ok] "=r"(ok)
                             : "b"((uint64_t)next), "c"((uint64_t)(next >> 64)) : "memory", "cc");
            cur = ((unsigned __int128)hi << 64) | lo;
        } while (!(ok & 1));
        spin_lock();
        spin_protected += 5;
        spin_unlock();
    }
    return NULL;
}

int main(void)
{
    pthread_t t[THREADS];
    wide = (unsigned __int128)0xffffffffffff0000ull;
    for (uintptr_t i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    printf("counter %llu\n", (unsigned long long)counter);
    printf("xadd %llu\n", (unsigned long long)xadd_sum);
    printf("cas %llu\n", (unsigned long long)cas_count);
    printf("bits %016llx\n", (unsigned long long)bits);
    printf("tiny %u\n", tiny);
    printf("wide %016llx %016llx\n", (unsigned long long)(uint64_t)(wide >> 64), (unsigned long long)(uint64_t)wide);
    printf("spin %llu\n", (unsigned long long)spin_protected);
    return 0;
}

/* Loops that jump back to their own first instruction, which a
 * translator may run inside one block with the guest registers kept in
 * host registers from one iteration to the next.  What must still hold:
 *  - a fault in the loop shows its handler every register as the
 *    faulting iteration left it, and the loop goes on with the values
 *    the handler wrote;
 *  - a timer signal gets through to a loop that only waits for the
 *    handler to stop it (the loop must not keep the signal out);
 *  - a loop whose code another thread rewrites sees the new code (here
 *    the rewrite is what ends it). */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

/* ---- a fault in the loop ---- */

static uint8_t *walk_base;
static int faults;
static long long seen[6];

/* the faulting load is "mov (%r11), %r10" (4d 8b 13): record the
 * registers, restart the walk at its base, skip the load */
static void segv_handler(int sig, siginfo_t *info, void *ctx)
{
    (void)sig, (void)info;
    greg_t *g = ((ucontext_t *)ctx)->uc_mcontext.gregs;
    if (faults < 2) {
        seen[0] = g[REG_RAX], seen[1] = g[REG_RBX], seen[2] = g[REG_RDX];
        seen[3] = g[REG_RCX], seen[4] = g[REG_R11] - (greg_t)walk_base, seen[5] = g[REG_R9];
        printf("fault %d: rax=%lld rbx=%lld rdx=%lld rcx=%lld r11-base=%lld r9=%lld\n", faults, seen[0], seen[1],
               seen[2], seen[3], seen[4], seen[5]);
    }
    faults++;
    g[REG_R11] = (greg_t)walk_base;
    g[REG_R9] += 1000;
    g[REG_RIP] += 3;
}

static void fault_in_loop(void)
{
    long page = sysconf(_SC_PAGESIZE);
    walk_base = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    mprotect(walk_base + page, page, PROT_NONE);
    for (int i = 0; i < page; i++)
        walk_base[i] = (uint8_t)(i * 7);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = segv_handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    long long rax = 0, rbx = 1, rdx = 0, rcx = 1500;
    register long long r9 __asm__("r9") = 0;
    __asm__ volatile("mov %[base], %%r11\n"
                     "1:\n\t"
                     "add $1, %%rax\n\t"
                     "xor %%rax, %%rbx\n\t"
                     "rol $3, %%rbx\n\t"
                     "add %%rbx, %%rdx\n\t"
                     "add $8, %%r11\n\t"
                     ".byte 0x4d, 0x8b, 0x13\n\t" /* mov (%r11), %r10 */
                     "add %%r10, %%r9\n\t"
                     "sub $1, %%rcx\n\t"
                     "jnz 1b\n"
                     : "+a"(rax), "+b"(rbx), "+d"(rdx), "+c"(rcx), "+r"(r9)
                     : [base] "r"(walk_base)
                     : "r10", "r11", "cc", "memory");
    printf("loop end: faults=%d rax=%lld rbx=%lld rdx=%lld rcx=%lld r9=%lld\n", faults, rax, rbx, rdx, rcx, r9);
    signal(SIGSEGV, SIG_DFL);
}

/* ---- a timer signal stops a register-only loop ---- */

static volatile int ticks, stop;

static void alarm_handler(int sig)
{
    (void)sig;
    if (++ticks == 5)
        stop = 1;
}

static void signal_stops_loop(void)
{
    signal(SIGALRM, alarm_handler);
    struct itimerval it = { { 0, 2000 }, { 0, 2000 } };
    setitimer(ITIMER_REAL, &it, NULL);
    unsigned long long n = 0, acc = 0;
    __asm__ volatile("1:\n\t"
                     "add $1, %0\n\t"
                     "lea (%0,%0,2), %%r8\n\t"
                     "xor %%r8, %1\n\t"
                     "cmpl $0, %2\n\t"
                     "je 1b\n"
                     : "+r"(n), "+r"(acc)
                     : "m"(stop)
                     : "r8", "cc");
    struct itimerval off = { { 0, 0 }, { 0, 0 } };
    setitimer(ITIMER_REAL, &off, NULL);
    unsigned long long check = 0;
    for (unsigned long long i = 1; i <= n; i++)
        check ^= 3 * i;
    printf("timer: stopped after %s ticks, registers %s\n", ticks >= 5 ? "5 or more" : "too few",
           check == acc ? "consistent" : "WRONG");
}

/* ---- another thread rewrites the loop ---- */

/* xor %eax, %eax; 1: add $1, %rax; mov $0, %ecx; test %ecx, %ecx; jz 1b; ret */
static const uint8_t spin_code[] = { 0x31, 0xc0, 0x48, 0x83, 0xc0, 0x01, 0xb9, 0, 0, 0, 0, 0x85, 0xc9, 0x74, 0xf3, 0xc3 };
#define SPIN_IMM 7

static uint8_t *spin;
static volatile int spinning;

static void *rewriter(void *arg)
{
    (void)arg;
    while (!spinning)
        ;
    struct timespec ts = { 0, 20 * 1000 * 1000 };
    nanosleep(&ts, NULL);
    spin[SPIN_IMM] = 1;
    return NULL;
}

static void rewritten_loop(void)
{
    spin = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memcpy(spin, spin_code, sizeof(spin_code));
    pthread_t t;
    pthread_create(&t, NULL, rewriter, NULL);
    spinning = 1;
    long (*fn)(void) = (long (*)(void))spin;
    long iterations = fn();
    pthread_join(t, NULL);
    printf("rewritten loop: left after %s\n", iterations > 0 ? "some iterations" : "none");
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    fault_in_loop();
    signal_stops_loop();
    rewritten_loop();
    return 0;
}

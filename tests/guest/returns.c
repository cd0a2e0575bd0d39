/* Unusual ways into and out of functions, for an emulator that predicts
 * returns or inlines calls: calls that never return (call/pop to read
 * rip, a callee leaving by pop + jmp), a return address changed in
 * place, ret without a call, ret imm16, longjmp out of a deep
 * recursion, coroutines switching stacks with swapcontext, and signal
 * handlers run in the middle of a call chain.  Every path prints what
 * it computed.  Built with -mno-red-zone (returns.cflags): the inline
 * asm pushes below the C code's rsp. */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

long redirect_test(void);
long push_ret_test(void);
long ret_imm_test(long a, long b);
long stale_entries_test(long calls);

__asm__(".text\n"
        /* the callee overwrites its return address with rdi */
        "tr_redirect:\n"
        "  mov %rdi, (%rsp)\n"
        "  mov $7, %eax\n"
        "  ret\n"
        "redirect_test:\n"
        "  lea 1f(%rip), %rdi\n"
        "  call tr_redirect\n"
        "  xor %eax, %eax\n" /* skipped */
        "  ret\n"
        "1:\n"
        "  add $100, %rax\n"
        "  ret\n"
        /* a ret that no call matches */
        "push_ret_test:\n"
        "  lea 1f(%rip), %rax\n"
        "  push %rax\n"
        "  ret\n"
        "  ud2\n"
        "1:\n"
        "  mov $5, %eax\n"
        "  ret\n"
        /* callee pops its two stack arguments */
        "tr_callee_pops:\n"
        "  mov 8(%rsp), %rax\n"
        "  add 16(%rsp), %rax\n"
        "  ret $16\n"
        "ret_imm_test:\n"
        "  push %rsi\n"
        "  push %rdi\n"
        "  call tr_callee_pops\n"
        "  ret\n"
        /* a callee that leaves by pop + jmp: each call leaves its
         * return address unconsumed by any ret */
        "tr_pop_jmp:\n"
        "  pop %rcx\n"
        "  add $3, %rax\n"
        "  jmp *%rcx\n"
        "stale_entries_test:\n"
        "  xor %eax, %eax\n"
        "1:\n"
        "  call tr_pop_jmp\n"
        "  dec %rdi\n"
        "  jnz 1b\n"
        "  ret\n");

/* call/pop: the address of the instruction after each call */
static uint64_t rip_delta(void)
{
    uint64_t a, b;
    __asm__ volatile("call 1f\n1: pop %0\n.byte 0x90, 0x90\ncall 2f\n2: pop %1" : "=r"(a), "=r"(b));
    return b - a;
}

static long sum_to(long n) { return n == 0 ? 0 : n + sum_to(n - 1); }

static jmp_buf escape;
static long dig(long depth, long limit)
{
    if (depth == limit)
        longjmp(escape, (int)(depth % 1000) + 1);
    return dig(depth + 1, limit) + 1;
}

static ucontext_t main_ctx, coro_ctx;
static long coro_value;
static char coro_stack[64 * 1024];

static long square(long x) { return x * x; }

static void coroutine(void)
{
    for (long i = 1;; i++) {
        coro_value += square(i) + sum_to(i % 50);
        swapcontext(&coro_ctx, &main_ctx);
    }
}

static volatile long handled;
static void on_signal(int sig) { handled += sig + sum_to(20); }

static long chain(long n)
{
    if (n == 0) {
        raise(SIGUSR1);
        return 1;
    }
    return chain(n - 1) + n;
}

int main(void)
{
    printf("redirect %ld\n", redirect_test());
    printf("push ret %ld\n", push_ret_test());
    printf("ret imm16 %ld\n", ret_imm_test(40, 2));
    long stale = stale_entries_test(5000);
    printf("stale entries %ld, then returns %ld\n", stale, sum_to(3000));

    uint64_t delta = 0;
    for (int i = 0; i < 2000; i++)
        delta += rip_delta();
    printf("call/pop %llu, then returns %ld\n", (unsigned long long)delta, sum_to(100));

    long jumped = 0;
    for (long round = 0; round < 40; round++) {
        int v = setjmp(escape);
        if (v) {
            jumped += v;
            continue;
        }
        dig(0, 500 + round * 97);
    }
    printf("longjmp %ld, then returns %ld\n", jumped, sum_to(2000));

    getcontext(&coro_ctx);
    coro_ctx.uc_stack.ss_sp = coro_stack;
    coro_ctx.uc_stack.ss_size = sizeof coro_stack;
    coro_ctx.uc_link = &main_ctx;
    makecontext(&coro_ctx, coroutine, 0);
    long turns = 0;
    for (int i = 0; i < 1000; i++) {
        swapcontext(&main_ctx, &coro_ctx);
        turns += square(i % 7);
    }
    printf("coroutine %ld %ld\n", coro_value, turns);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGUSR1, &sa, NULL);
    long chained = 0;
    for (int i = 0; i < 30; i++)
        chained += chain(i * 10);
    printf("signals %ld %ld\n", handled, chained);
    return 0;
}

/* setjmp/longjmp: jumps out of deep recursion, nested buffers, values
 * preserved in volatile locals, sigsetjmp with a signal mask.  glibc mangles
 * the saved rsp/rip with a pointer guard kept in the TCB (fs:0x30). */
#include <stdio.h>
#include <setjmp.h>
#include <signal.h>

static jmp_buf outer, inner;
static int depth_reached;

static void dive(int depth, int limit)
{
    depth_reached = depth;
    if (depth == limit) longjmp(outer, depth);
    dive(depth + 1, limit);
}

static int nested(int v)
{
    if (setjmp(inner) == 0) {
        if (v & 1) longjmp(inner, v * 10);
        return v;
    }
    return -v;
}

int main(void)
{
    for (volatile int limit = 0; limit < 2000; limit += 333) {
        int r = setjmp(outer);
        if (r == 0) dive(0, limit);
        else if (r != limit && !(limit == 0 && r == 1)) printf("bad return %d for %d\n", r, limit);
        printf("limit %d reached %d r %d\n", limit, depth_reached, r);
    }
    int r0 = setjmp(outer);
    if (r0 == 0) longjmp(outer, 0);
    printf("longjmp 0 gives %d\n", r0);
    for (int v = 0; v < 6; v++) printf("nested %d -> %d\n", v, nested(v));

    volatile int counter = 0;
    jmp_buf loop;
    if (setjmp(loop) < 10) {
        counter++;
        longjmp(loop, counter);
    }
    printf("counter %d\n", counter);

    sigjmp_buf sj;
    sigset_t set, cur;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    if (sigsetjmp(sj, 1) == 0) {
        sigprocmask(SIG_BLOCK, &set, NULL);
        siglongjmp(sj, 1);
    }
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("mask restored %d\n", !sigismember(&cur, SIGUSR1));
    if (sigsetjmp(sj, 0) == 0) {
        sigprocmask(SIG_BLOCK, &set, NULL);
        siglongjmp(sj, 1);
    }
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("mask kept %d\n", sigismember(&cur, SIGUSR1));
    return 0;
}

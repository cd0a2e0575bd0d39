/* Deep and branchy recursion: Ackermann, a 100000-deep linear recursion,
 * mutual recursion and naive Fibonacci; return addresses stress an
 * emulator's return prediction and stack handling. */
#include <stdio.h>

static unsigned long ack(unsigned long m, unsigned long n)
{
    if (m == 0) return n + 1;
    if (n == 0) return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}

static long deep(long n, volatile char *prev)
{
    volatile char frame[16];
    frame[0] = (char)n;
    if (n == 0) return prev ? prev[0] : 0;
    return deep(n - 1, frame) + (n & 3);
}

static int is_odd(unsigned n);
static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }
static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }

static long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main(void)
{
    for (unsigned long m = 0; m <= 3; m++)
        for (unsigned long n = 0; n <= 5; n++) printf("ack(%lu,%lu) = %lu\n", m, n, ack(m, n));
    printf("ack(3,7) = %lu\n", ack(3, 7));
    printf("deep(100000) = %ld\n", deep(100000, 0));
    printf("even(50001) = %d\n", is_even(50001));
    printf("fib(27) = %ld\n", fib(27));
    return 0;
}

/* Arbitrary precision decimal arithmetic in base 10^9 limbs: 2^4000,
 * 500!, and a Fibonacci number, printed in full.  64-bit multiply and
 * divide by constants (gcc turns those into multiply-high sequences). */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

enum { LIMBS = 2000, BASE = 1000000000 };
typedef struct { uint32_t d[LIMBS]; int n; } big;

static void set_small(big *a, uint32_t v) { memset(a, 0, sizeof *a); a->d[0] = v; a->n = 1; }

static void mul_small(big *a, uint32_t m)
{
    uint64_t carry = 0;
    for (int i = 0; i < a->n; i++) {
        uint64_t t = (uint64_t)a->d[i] * m + carry;
        a->d[i] = (uint32_t)(t % BASE);
        carry = t / BASE;
    }
    while (carry) { a->d[a->n++] = (uint32_t)(carry % BASE); carry /= BASE; }
}

static void add(big *r, const big *a, const big *b)
{
    uint32_t carry = 0;
    int n = a->n > b->n ? a->n : b->n;
    for (int i = 0; i < n; i++) {
        uint32_t t = (i < a->n ? a->d[i] : 0) + (i < b->n ? b->d[i] : 0) + carry;
        carry = t >= BASE;
        r->d[i] = carry ? t - BASE : t;
    }
    r->n = n;
    if (carry) r->d[r->n++] = 1;
}

static void print_big(const char *label, const big *a)
{
    unsigned long h = 0;
    char buf[16];
    int digits = 0;
    printf("%s = %u", label, a->d[a->n - 1]);
    digits += snprintf(buf, sizeof buf, "%u", a->d[a->n - 1]);
    for (int i = a->n - 2; i >= 0; i--) {
        if (i > a->n - 6) printf("%09u", a->d[i]);
        h = h * 1000003 + a->d[i];
        digits += 9;
    }
    printf("... (%d digits, hash %lx)\n", digits, h);
}

int main(void)
{
    static big a, b, c;
    set_small(&a, 1);
    for (int i = 0; i < 4000; i++) mul_small(&a, 2);
    print_big("2^4000", &a);
    set_small(&a, 1);
    for (uint32_t i = 2; i <= 500; i++) mul_small(&a, i);
    print_big("500!", &a);
    set_small(&a, 0);
    set_small(&b, 1);
    for (int i = 0; i < 5000; i++) { add(&c, &a, &b); a = b; b = c; }
    print_big("fib(5001)", &b);
    return 0;
}

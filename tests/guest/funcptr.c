/* Indirect calls: function pointer tables, callbacks, a struct-of-pointers
 * "vtable", pointers returned from functions, and tail calls through
 * pointers at -O2. */
#include <stdio.h>

typedef long (*binop)(long, long);

static long add(long a, long b) { return a + b; }
static long sub(long a, long b) { return a - b; }
static long mul(long a, long b) { return a * b; }
static long xr(long a, long b) { return a ^ b; }
static long mx(long a, long b) { return a > b ? a : b; }

static const binop table[] = {add, sub, mul, xr, mx};

struct shape_ops {
    const char *name;
    long (*area)(long w, long h);
    long (*perimeter)(long w, long h);
};
static long rect_area(long w, long h) { return w * h; }
static long rect_perim(long w, long h) { return 2 * (w + h); }
static long tri_area(long w, long h) { return w * h / 2; }
static long tri_perim(long w, long h) { return w + h + (w > h ? w : h); }
static const struct shape_ops shapes[] = {{"rect", rect_area, rect_perim}, {"tri", tri_area, tri_perim}};

static binop choose(int k) { return table[k % 5]; }

static long apply_n(binop f, long seed, int n)
{
    for (int i = 0; i < n; i++) seed = f(seed, i) & 0xffffff;
    return seed;
}

static long trampoline(long v, int k);
static long step_a(long v, int k) { return k == 0 ? v : trampoline(v + 3, k - 1); }
static long step_b(long v, int k) { return k == 0 ? v : trampoline(v * 3 % 1000003, k - 1); }
static long trampoline(long v, int k)
{
    static long (*const steps[])(long, int) = {step_a, step_b};
    return steps[k & 1](v, k);
}

int main(void)
{
    long acc = 7;
    for (int i = 0; i < 200000; i++) acc = table[(i * 7 + (acc & 3)) % 5](acc, i) & 0xffffffff;
    printf("table acc %ld\n", acc);
    for (int k = 0; k < 5; k++) printf("apply %d %ld\n", k, apply_n(choose(k), 12345, 1000));
    for (unsigned s = 0; s < 2; s++)
        for (long w = 1; w < 4; w++) printf("%s %ld area %ld perim %ld\n", shapes[s].name, w, shapes[s].area(w, w + 2),
                                            shapes[s].perimeter(w, w + 2));
    printf("trampoline %ld\n", trampoline(1, 5000));
    return 0;
}

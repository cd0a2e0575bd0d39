/* Struct copies of many sizes (gcc uses mov sequences, rep movsq or
 * memcpy), structs passed and returned by value in registers and in
 * memory, arrays of structs, compound literals and designated initialisers. */
#include <stdio.h>
#include <string.h>
#include <stdint.h>

#define DEF(n) struct s##n { unsigned char b[n]; };
DEF(1) DEF(3) DEF(8) DEF(12) DEF(16) DEF(24) DEF(33) DEF(64) DEF(100) DEF(257) DEF(1000)

struct pair { long a; double b; };
struct mixed { char c; int i; short s; long long l; float f; double d; char tail[3]; };
struct big { int v[40]; };

static struct pair make_pair(long a, double b) { return (struct pair){a, b * 2}; }
static struct mixed tweak(struct mixed m) { m.c++; m.i *= 3; m.s -= 1; m.l <<= 2; m.f /= 2; m.d += 0.25; m.tail[2] = 'z'; return m; }
static struct big sum_big(struct big a, struct big b)
{
    for (int i = 0; i < 40; i++) a.v[i] += b.v[i] * i;
    return a;
}

static unsigned long hash_bytes(const void *p, size_t n)
{
    const unsigned char *c = p;
    unsigned long h = 5381;
    for (size_t i = 0; i < n; i++) h = h * 33 + c[i];
    return h;
}

#define COPYTEST(n)                                                         \
    do {                                                                    \
        struct s##n src, dst[3];                                            \
        for (int i = 0; i < n; i++) src.b[i] = (unsigned char)(i * 7 + n); \
        memset(dst, 0xcc, sizeof dst);                                      \
        dst[1] = src;                                                       \
        volatile struct s##n *vp = &dst[1];                                 \
        struct s##n again = *(struct s##n *)vp;                             \
        printf("size %4d copy %lx guard %d %d\n", n, hash_bytes(&again, n), \
               ((unsigned char *)&dst[0])[n - 1] == 0xcc,                   \
               ((unsigned char *)&dst[2])[0] == 0xcc);                      \
    } while (0)

int main(void)
{
    COPYTEST(1); COPYTEST(3); COPYTEST(8); COPYTEST(12); COPYTEST(16); COPYTEST(24);
    COPYTEST(33); COPYTEST(64); COPYTEST(100); COPYTEST(257); COPYTEST(1000);
    struct pair p = make_pair(-5, 1.25);
    printf("pair %ld %g\n", p.a, p.b);
    struct mixed m = {.c = 'a', .i = 7, .s = -3, .l = 1LL << 40, .f = 3.0f, .d = 1.5, .tail = "xy"};
    for (int i = 0; i < 3; i++) m = tweak(m);
    printf("mixed %c %d %d %lld %g %g %s\n", m.c, m.i, m.s, m.l, m.f, m.d, m.tail);
    struct big a, b;
    for (int i = 0; i < 40; i++) a.v[i] = i, b.v[i] = 40 - i;
    struct big c = sum_big(a, b);
    c = sum_big(c, c);
    long s = 0;
    for (int i = 0; i < 40; i++) s += c.v[i];
    printf("big %ld\n", s);
    struct mixed arr[50];
    for (int i = 0; i < 50; i++) arr[i] = (struct mixed){.c = (char)('A' + i % 26), .i = i, .d = i / 4.0};
    struct mixed arr2[50];
    memcpy(arr2, arr, sizeof arr);
    for (int i = 0; i < 49; i++) arr2[i] = arr2[i + 1];
    printf("shifted %c %d %g\n", arr2[10].c, arr2[10].i, arr2[48].d);
    return 0;
}

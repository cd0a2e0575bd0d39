/* qsort and bsearch over ints, doubles, strings and structs, with
 * comparators called through function pointers from libc. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned seed = 12345;
static unsigned rnd(void) { seed = seed * 1103515245u + 12345u; return seed >> 8; }

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int cmp_double_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

struct rec { int key; char name[12]; double w; };

static int cmp_rec(const void *a, const void *b)
{
    const struct rec *x = a, *y = b;
    if (x->key != y->key) return x->key - y->key;
    return strcmp(x->name, y->name);
}

int main(void)
{
    enum { N = 50000 };
    static int ints[N];
    for (int i = 0; i < N; i++) ints[i] = (int)(rnd() % 100000) - 50000;
    qsort(ints, N, sizeof ints[0], cmp_int);
    long sum = 0;
    for (int i = 1; i < N; i++) if (ints[i - 1] > ints[i]) { puts("int order broken"); return 1; }
    for (int i = 0; i < N; i += 997) sum += (long)ints[i] * i;
    printf("ints min %d max %d sum %ld\n", ints[0], ints[N - 1], sum);
    int found = 0;
    for (int k = -50000; k < 50000; k += 7) found += bsearch(&k, ints, N, sizeof ints[0], cmp_int) != NULL;
    printf("bsearch found %d\n", found);

    static double d[N];
    for (int i = 0; i < N; i++) d[i] = (double)rnd() / 1000.0 - 3000.0;
    qsort(d, N, sizeof d[0], cmp_double_desc);
    printf("doubles %.3f %.3f %.3f\n", d[0], d[N / 2], d[N - 1]);

    static char words[5000][9];
    static char *ptrs[5000];
    for (int i = 0; i < 5000; i++) {
        int len = 1 + rnd() % 8;
        for (int j = 0; j < len; j++) words[i][j] = (char)('a' + rnd() % 26);
        words[i][len] = 0;
        ptrs[i] = words[i];
    }
    qsort(ptrs, 5000, sizeof ptrs[0], cmp_str);
    printf("strings %s %s %s\n", ptrs[0], ptrs[2500], ptrs[4999]);
    char *key = ptrs[1234];
    char **hit = bsearch(&key, ptrs, 5000, sizeof ptrs[0], cmp_str);
    printf("bsearch string %s\n", hit ? *hit : "(none)");

    static struct rec recs[3000];
    for (int i = 0; i < 3000; i++) {
        recs[i].key = rnd() % 50;
        snprintf(recs[i].name, sizeof recs[i].name, "n%u", rnd() % 100000);
        recs[i].w = i * 0.5;
    }
    qsort(recs, 3000, sizeof recs[0], cmp_rec);
    for (int i = 0; i < 3000; i += 500) printf("rec %d %s %.1f\n", recs[i].key, recs[i].name, recs[i].w);
    return 0;
}

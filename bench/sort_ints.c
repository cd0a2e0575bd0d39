/* Benchmark: qsort of 2 million ints, several times: libc's merge sort
 * with an indirect call to the comparator for every comparison. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

static int cmp(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

int main(void)
{
    enum { N = 2000000, ROUNDS = 4 };
    int *v = malloc(N * sizeof *v);
    uint32_t s = 7;
    uint64_t check = 0;
    for (int r = 0; r < ROUNDS; r++) {
        for (int i = 0; i < N; i++) { s ^= s << 13; s ^= s >> 17; s ^= s << 5; v[i] = (int)s; }
        qsort(v, N, sizeof *v, cmp);
        for (int i = 0; i < N; i += 1000) check = check * 31 + (uint32_t)v[i];
    }
    printf("%016llx\n", (unsigned long long)check);
    free(v);
    return 0;
}

/* Benchmark: qsort of 500k short strings with strcmp: pointer chasing and
 * glibc's vectorised string compare. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void)
{
    enum { N = 500000, ROUNDS = 9 };
    char *pool = malloc((size_t)N * 24);
    char **v = malloc(N * sizeof *v);
    uint32_t s = 99;
    uint64_t check = 0;
    for (int r = 0; r < ROUNDS; r++) {
        for (int i = 0; i < N; i++) {
            char *p = pool + (size_t)i * 24;
            int len = 4 + i % 19;
            memcpy(p, "prefix_", 7);     /* a shared prefix makes strcmp work harder */
            for (int j = 7; j < len; j++) { s ^= s << 13; s ^= s >> 17; s ^= s << 5; p[j] = (char)('a' + s % 26); }
            p[len > 7 ? len : 7] = 0;
            v[i] = p;
        }
        qsort(v, N, sizeof *v, cmp);
        for (int i = 0; i < N; i += 997) check = check * 131 + (unsigned char)v[i][8] + strlen(v[i]);
    }
    printf("%016llx\n", (unsigned long long)check);
    return 0;
}

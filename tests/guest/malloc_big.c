/* Allocation patterns: a 256 MiB block touched sparsely (mmap'ed lazily by
 * the kernel), many small mallocs and frees in shuffled order, realloc
 * growth with content preserved, calloc zeroing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

int main(void)
{
    size_t big = 256u << 20;
    unsigned char *p = malloc(big);
    if (!p) { puts("malloc 256M failed"); return 1; }
    for (size_t off = 0; off < big; off += 1 << 20) p[off] = (unsigned char)(off >> 20);
    unsigned long s = 0;
    for (size_t off = 0; off < big; off += 1 << 20) s += p[off];
    p[big - 1] = 7;
    printf("big sum %lu last %d\n", s, p[big - 1]);
    free(p);

    enum { N = 20000 };
    static void *ptrs[N];
    uint32_t r = 1;
    unsigned long bytes = 0;
    for (int round = 0; round < 5; round++) {
        for (int i = 0; i < N; i++) {
            r = r * 1664525u + 1013904223u;
            size_t sz = 1 + (r >> 20) % 512;
            ptrs[i] = malloc(sz);
            memset(ptrs[i], i & 0xff, sz);
            bytes += sz;
        }
        for (int i = 0; i < N; i++) {
            int j = (int)((uint32_t)(i * 7919u + round) % N);
            if (ptrs[j]) {
                if (((unsigned char *)ptrs[j])[0] != (j & 0xff)) { puts("heap corruption"); return 1; }
                free(ptrs[j]);
                ptrs[j] = NULL;
            }
        }
        for (int i = 0; i < N; i++) free(ptrs[i]), ptrs[i] = NULL;
    }
    printf("small allocations %lu bytes\n", bytes);

    size_t cap = 16, len = 0;
    char *buf = malloc(cap);
    for (int i = 0; i < 300000; i++) {
        if (len + 8 > cap) {
            cap = cap * 3 / 2 + 8;
            buf = realloc(buf, cap);
        }
        len += (size_t)sprintf(buf + len, "%d,", i % 1000) ;
    }
    unsigned long h = 0;
    for (size_t i = 0; i < len; i++) h = h * 31 + (unsigned char)buf[i];
    printf("realloc len %zu hash %lx\n", len, h);
    free(buf);
    int *z = calloc(1 << 20, sizeof *z);
    long nz = 0;
    for (int i = 0; i < 1 << 20; i++) nz += z[i] != 0;
    printf("calloc nonzero %ld\n", nz);
    free(z);
    void *al = aligned_alloc(4096, 8192);
    printf("aligned %d\n", ((uintptr_t)al & 4095) == 0);
    free(al);
    return 0;
}

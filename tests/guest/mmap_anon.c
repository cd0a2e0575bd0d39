/* Anonymous memory: mmap, touch, mprotect to read-only and back, mremap
 * growth, munmap of a middle range, MAP_FIXED replacement and brk growth. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

static unsigned long checksum(const unsigned char *p, size_t n)
{
    unsigned long s = 0;
    for (size_t i = 0; i < n; i += 61) s = s * 33 + p[i];
    return s;
}

int main(void)
{
    const size_t page = 4096, n = 64 * page;
    unsigned char *m = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) { perror("mmap"); return 1; }
    int zero = 1;
    for (size_t i = 0; i < n; i++) zero &= m[i] == 0;
    printf("fresh mapping zero %d\n", zero);
    for (size_t i = 0; i < n; i++) m[i] = (unsigned char)(i * 7 + (i >> 12));
    printf("checksum %lu\n", checksum(m, n));
    printf("mprotect ro %d\n", mprotect(m, n, PROT_READ));
    printf("checksum ro %lu\n", checksum(m, n));
    printf("mprotect rw %d\n", mprotect(m, n, PROT_READ | PROT_WRITE));
    m[5] = 99;
    unsigned char *g = mremap(m, n, 4 * n, MREMAP_MAYMOVE);
    if (g == MAP_FAILED) { perror("mremap"); return 1; }
    printf("after mremap %u tail zero %d checksum %lu\n", g[5], g[4 * n - 1] == 0, checksum(g, n));
    printf("munmap middle %d\n", munmap(g + 8 * page, 8 * page));
    unsigned char *fixed = mmap(g + 8 * page, 8 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
                                -1, 0);
    printf("map fixed same addr %d zero %d\n", fixed == g + 8 * page, fixed[100] == 0);
    memset(fixed, 0xee, 8 * page);
    printf("checksum after fixed %lu\n", checksum(g, 4 * n));
    printf("munmap all %d\n", munmap(g, 4 * n));
    unsigned char *hint = mmap(NULL, 3 * page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("prot none then rw %d\n", mprotect(hint + page, page, PROT_READ | PROT_WRITE));
    hint[page + 10] = 1;
    printf("middle page written %d\n", hint[page + 10]);
    munmap(hint, 3 * page);
    char *b0 = sbrk(0);
    if (brk(b0 + 1000000) != 0) { puts("brk failed"); return 1; }
    memset(b0, 1, 1000000);
    printf("brk grew by %ld\n", (long)((char *)sbrk(0) - b0));
    brk(b0);
    for (int i = 0; i < 200; i++) {
        size_t len = (size_t)(i % 7 + 1) * page;
        unsigned char *t = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (t == MAP_FAILED) { puts("mmap loop failed"); return 1; }
        t[len - 1] = (unsigned char)i;
        munmap(t, len);
    }
    puts("map/unmap loop done");
    return 0;
}

/* Large memcpy/memmove/memset/memcmp (4 KiB to 8 MiB): glibc switches to
 * `rep movsb`/`rep stosb` and then to non-temporal stores as sizes grow, and
 * the destinations are fresh mappings whose pages are first touched by
 * those instructions.  Results are checked with checksums. */
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <sys/mman.h>

static uint64_t checksum(const unsigned char *p, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i += 7) h = (h ^ p[i]) * 1099511628211ULL;
    return h ^ n;
}

static unsigned char *fresh(size_t n)
{
    unsigned char *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

int main(void)
{
    const size_t max = 8u << 20;
    unsigned char *src = fresh(max + 4096);
    if (!src) { puts("mmap failed"); return 1; }
    for (size_t i = 0; i < max + 4096; i++) src[i] = (unsigned char)((i * 2654435761u) >> 17);
    for (size_t n = 4096; n <= max; n *= 2) {
        for (int skew = 0; skew < 3; skew++) {
            size_t len = n - (size_t)skew * 5;
            unsigned char *dst = fresh(max + 4096);
            memcpy(dst + skew, src + 3 * skew, len);
            uint64_t a = checksum(dst + skew, len);
            int same = memcmp(dst + skew, src + 3 * skew, len) == 0;
            memset(dst + 1, 0x5a + skew, len - 1);
            uint64_t b = checksum(dst, len);
            memcpy(dst, src, len);
            size_t shift = len / 4 + (size_t)skew;
            memmove(dst + shift, dst, len - shift);          /* overlapping, forward */
            uint64_t c = checksum(dst, len);
            memmove(dst, dst + 100 + skew, len - 100);       /* overlapping, backward */
            uint64_t d = checksum(dst, len);
            printf("n %8zu skew %d copy %016llx same %d set %016llx fwd %016llx back %016llx\n", len, skew,
                   (unsigned long long)a, same, (unsigned long long)b, (unsigned long long)c, (unsigned long long)d);
            munmap(dst, max + 4096);
        }
    }
    return 0;
}

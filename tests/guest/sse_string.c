/* sse_string.c — the SSE4.2 string compares (pcmpistri, pcmpistrm,
 * pcmpestri, pcmpestrm) over every aggregation/polarity/size/output mode
 * and strings with early terminators and explicit lengths, with the flags
 * they set; then glibc's vectorised string functions (which use SSE2 and
 * SSE4.2) over many lengths and alignments. */
#pragma GCC target("sse4.2")
#include <stdlib.h>

#include "sse_common.h"

static const char *const strs[] = {
    "abcdefghijklmnop", "az09AZ", "hello, world!!!!", "", "a", "\x80\xff\x7f\x01zzz",
    "abcabcabcabcabca", "ponmlkjihgfedcba", "0123456789abcdef", "xyz\0hidden",
};
#define NS (int)(sizeof(strs) / sizeof(strs[0]))

static __m128i load_str(const char *s)
{
    char buf[16] = { 0 };
    size_t n = strlen(s);
    memcpy(buf, s, n > 16 ? 16 : n);
    if (s == strs[9])
        memcpy(buf, s, 10); /* bytes after the terminator */
    return opaque_i(_mm_loadu_si128((const __m128i *)buf));
}

#define MODES(M) M(0x00) M(0x01) M(0x02) M(0x03) M(0x04) M(0x05) M(0x08) M(0x09) M(0x0c) M(0x0d) \
    M(0x10) M(0x14) M(0x18) M(0x1a) M(0x30) M(0x38) M(0x40) M(0x44) M(0x48) M(0x4c) M(0x70) M(0x0e) M(0x19)

#define ISTR(m)                                                                       \
    printf("istri %02x %d c%d z%d s%d o%d a%d ", m, _mm_cmpistri(a, b, m), _mm_cmpistrc(a, b, m), \
           _mm_cmpistrz(a, b, m), _mm_cmpistrs(a, b, m), _mm_cmpistro(a, b, m), _mm_cmpistra(a, b, m)); \
    print_i("m", _mm_cmpistrm(a, b, m));                                              \
    printf("estri %02x %d c%d z%d s%d o%d a%d ", m, _mm_cmpestri(a, la, b, lb, m),    \
           _mm_cmpestrc(a, la, b, lb, m), _mm_cmpestrz(a, la, b, lb, m),             \
           _mm_cmpestrs(a, la, b, lb, m), _mm_cmpestro(a, la, b, lb, m), _mm_cmpestra(a, la, b, lb, m)); \
    print_i("m", _mm_cmpestrm(a, la, b, lb, m));

static void compare(int i, int j, int la, int lb)
{
    __m128i a = load_str(strs[i]), b = load_str(strs[j]);
    printf("== %d %d %d %d\n", i, j, la, lb);
    MODES(ISTR)
}

/* the explicit-length forms with 64-bit lengths (REX.W) and huge/negative values */
static void explicit64(void)
{
    static const long long lens[] = { 0, 3, 16, 17, -1, -5, -17, 0x100000003LL, -0x7fffffffffffffffLL };
    __m128i a = load_str(strs[0]), b = load_str(strs[6]);
    for (int i = 0; i < 9; i++)
        for (int j = 0; j < 9; j++) {
            unsigned idx;
            unsigned char cf;
            __asm__("pcmpestri $0x0c, %3, %2" : "=c"(idx), "=@ccc"(cf)
                    : "x"(a), "x"(b), "a"(lens[i]), "d"(lens[j]));
            unsigned idx64;
            __asm__("rex.w pcmpestri $0x08, %2, %1" : "=c"(idx64) : "x"(a), "x"(b), "a"(lens[i]), "d"(lens[j]));
            printf("estri64 %d %d %u %u %u\n", i, j, idx, cf, idx64);
        }
}

static void libc_functions(void)
{
    static char hay[300], needle[40];
    unsigned long sum = 0;
    for (int i = 0; i < 299; i++)
        hay[i] = (char)('a' + (i * 7 + i / 13) % 26);
    hay[299] = 0;
    for (int off = 0; off < 40; off++) {
        for (int len = 0; len < 250; len += 7) {
            char save = hay[off + len];
            hay[off + len] = 0;
            sum = sum * 31 + strlen(hay + off);
            const char *c = strchr(hay + off, 'q');
            sum = sum * 31 + (c ? (unsigned long)(c - hay) : 999);
            c = strrchr(hay + off, 'e');
            sum = sum * 31 + (c ? (unsigned long)(c - hay) : 999);
            sum = sum * 31 + strspn(hay + off, "abcdefghijklm");
            sum = sum * 31 + strcspn(hay + off, "xyz");
            sum = sum * 31 + (unsigned long)(memcmp(hay + off, hay + 40, len / 2) > 0);
            sum = sum * 31 + (unsigned long)(strcmp(hay + off, hay + off + 1) > 0);
            memcpy(needle, hay + off + len / 3, 5);
            needle[5] = 0;
            c = strstr(hay + off, needle);
            sum = sum * 31 + (c ? (unsigned long)(c - hay) : 999);
            c = memchr(hay + off, 'z', len);
            sum = sum * 31 + (c ? (unsigned long)(c - hay) : 999);
            hay[off + len] = save;
        }
        printf("libc %d %lx\n", off, sum);
    }
    char *dup = strdup(hay + 3);
    memmove(dup + 5, dup, 100);
    memset(dup + 50, 'Q', 33);
    printf("%s\n", dup);
    free(dup);
}

int main(void)
{
    for (int i = 0; i < NS; i++)
        for (int j = 0; j < NS; j++)
            compare(i, j, (int)strlen(strs[i]), (int)(strlen(strs[j]) + (size_t)(i & 3)));
    compare(0, 6, 20, -3);
    compare(2, 8, -20, 5);
    explicit64();
    libc_functions();
    return 0;
}

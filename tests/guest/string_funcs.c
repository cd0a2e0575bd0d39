/* glibc string functions over many lengths and alignments, checked against
 * byte-at-a-time reference versions.  glibc picks SSE2/AVX2/SSE4.2 variants
 * from CPUID, so this exercises vector loads, pcmpeqb/pmovmskb, pcmpistri
 * and bsf as an emulator presents them. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <stdint.h>

#define MAXLEN 300
#define PAD 64

static unsigned char bufa[MAXLEN + 2 * PAD], bufb[MAXLEN + 2 * PAD];
static int failures;

static void fail(const char *what, int len, int align)
{
    if (failures++ < 20) printf("FAIL %s len %d align %d\n", what, len, align);
}

static size_t ref_strlen(const char *s) { size_t n = 0; while (s[n]) n++; return n; }

static int sign(int v) { return (v > 0) - (v < 0); }

static int ref_memcmp(const unsigned char *a, const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i]) return a[i] - b[i];
    return 0;
}

static const char *ref_strchr(const char *s, int c)
{
    for (;; s++) { if (*s == (char)c) return s; if (!*s) return NULL; }
}

static const char *ref_strrchr(const char *s, int c)
{
    const char *r = NULL;
    for (;; s++) { if (*s == (char)c) r = s; if (!*s) return r; }
}

static void fill(unsigned char *p, int len, int seed)
{
    for (int i = 0; i < len; i++) p[i] = (unsigned char)('a' + (i * 7 + seed) % 26);
    p[len] = 0;
}

static void test_len_cmp(int len, int align)
{
    char *a = (char *)bufa + PAD + align, *b = (char *)bufb + PAD + (align * 3) % 16;
    memset(bufa, 'x', sizeof bufa); memset(bufb, 'y', sizeof bufb);
    fill((unsigned char *)a, len, 0);
    if (strlen(a) != ref_strlen(a) || strlen(a) != (size_t)len) fail("strlen", len, align);
    if (strnlen(a, len / 2) != (size_t)len / 2) fail("strnlen", len, align);
    strcpy(b, a);
    if (strcmp(a, b) != 0 || memcmp(a, b, len + 1) != 0) fail("strcpy/strcmp", len, align);
    for (int k = 0; k < len; k += 1 + len / 17) {
        b[k] = (char)(a[k] + 1);
        if (sign(strcmp(a, b)) != -1) fail("strcmp<", len, align);
        if (sign(memcmp(a, b, len)) != sign(ref_memcmp((void *)a, (void *)b, len))) fail("memcmp", len, align);
        if (strncmp(a, b, k) != 0) fail("strncmp", len, align);
        b[k] = (char)0xf0;
        if (sign(strcmp(a, b)) != -1) fail("strcmp high", len, align);
        b[k] = a[k];
    }
    if (len > 0) {
        int c = a[len - 1];
        if (strchr(a, c) != ref_strchr(a, c)) fail("strchr", len, align);
        if (strrchr(a, c) != ref_strrchr(a, c)) fail("strrchr", len, align);
        if (memchr(a, c, len) != ref_strchr(a, c)) fail("memchr", len, align);
        if (memrchr(a, c, len) != ref_strrchr(a, c)) fail("memrchr", len, align);
    }
    if (strchr(a, 0) != a + len || strchr(a, 'Z') != NULL) fail("strchr 0/none", len, align);
    if (rawmemchr(a, 0) != a + len) fail("rawmemchr", len, align);
}

static void test_copy(int len, int align)
{
    unsigned char *src = bufa + PAD + align, *dst = bufb + PAD + (16 - align) % 16;
    for (int i = 0; i < (int)sizeof bufa; i++) bufa[i] = (unsigned char)(i * 13 + len);
    memset(bufb, 0x55, sizeof bufb);
    memcpy(dst, src, len);
    if (ref_memcmp(dst, src, len) != 0 || dst[len] != 0x55 || dst[-1] != 0x55) fail("memcpy", len, align);
    memset(dst, 0xa5, len);
    for (int i = 0; i < len; i++) if (dst[i] != 0xa5) { fail("memset", len, align); break; }
    if (dst[len] != 0x55 || dst[-1] != 0x55) fail("memset bounds", len, align);
    /* overlapping moves in both directions */
    unsigned char ref[MAXLEN + 2 * PAD];
    for (int shift = -17; shift <= 17; shift += 5) {
        for (int i = 0; i < (int)sizeof bufa; i++) bufa[i] = (unsigned char)(i ^ len);
        memcpy(ref, bufa, sizeof bufa);
        memmove(src + shift, src, len);
        for (int i = len - 1; i >= 0 && shift > 0; i--) ref[PAD + align + shift + i] = ref[PAD + align + i];
        for (int i = 0; i < len && shift <= 0; i++) ref[PAD + align + shift + i] = ref[PAD + align + i];
        if (ref_memcmp(ref, bufa, sizeof bufa) != 0) fail("memmove", len, align);
    }
}

static void test_search(void)
{
    static const char hay[] = "the quick brown fox jumps over the lazy dog; the quick brown cat naps";
    const char *needles[] = {"the", "quick brown c", "dog;", "naps", "x", "", "zebra", "he qu", "o"};
    for (unsigned i = 0; i < sizeof needles / sizeof needles[0]; i++) {
        const char *p = strstr(hay, needles[i]);
        printf("strstr %-15s %ld\n", needles[i], p ? (long)(p - hay) : -1L);
    }
    printf("strspn %zu strcspn %zu strpbrk %ld\n", strspn(hay, "the qu"), strcspn(hay, ";"),
           (long)(strpbrk(hay, "xyz") - hay));
    char long_hay[4096];
    for (int i = 0; i < 4095; i++) long_hay[i] = (char)('a' + (i % 3));
    long_hay[4095] = 0;
    memcpy(long_hay + 4000, "needle", 6);
    printf("strstr long %ld memmem %ld\n", (long)(strstr(long_hay, "needle") - long_hay),
           (long)((char *)memmem(long_hay, 4095, "eedl", 4) - long_hay));
    char text[] = "alpha, beta;gamma  delta,,epsilon";
    int n = 0;
    for (char *tok = strtok(text, ",; "); tok; tok = strtok(NULL, ",; "))
        printf("tok%d %s\n", n++, tok);
    printf("strcasecmp %d %d\n", sign(strcasecmp("HeLLo", "hello")), sign(strncasecmp("abcD", "ABCE", 4)));
    char cat[64] = "con";
    strcat(cat, "cat");
    strncat(cat, "enation!!!", 7);
    printf("strcat %s\n", cat);
    char dup[16];
    printf("stpcpy %ld\n", (long)(stpcpy(dup, "twelve chars") - dup));
}

int main(void)
{
    for (int len = 0; len <= MAXLEN; len++)
        for (int align = 0; align < 16; align++) {
            test_len_cmp(len, align);
            test_copy(len, align);
        }
    test_search();
    printf("failures %d\n", failures);
    return failures != 0;
}

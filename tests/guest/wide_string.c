/* Wide-character functions (wcslen, wcscmp, wcschr, wmemcpy, wcstol,
 * swprintf) — glibc has separate SSE2/AVX2 variants for 4-byte
 * characters — and multibyte conversion in the C.UTF-8 locale. */
#include <stdio.h>
#include <wchar.h>
#include <string.h>
#include <stdlib.h>
#include <locale.h>

int main(void)
{
    wchar_t buf[600], copy[600];
    unsigned long h = 0;
    for (int len = 0; len < 520; len += 3) {
        for (int i = 0; i < len; i++) buf[i] = (wchar_t)(0x41 + (i * 13) % 900);
        buf[len] = 0;
        wmemcpy(copy, buf, (size_t)len + 1);
        h = h * 31 + wcslen(buf) + (size_t)wcscmp(buf, copy);
        if (len > 0) {
            copy[len - 1]++;
            h = h * 31 + (wcscmp(buf, copy) < 0) + (wmemcmp(buf, copy, (size_t)len) < 0);
            wchar_t *p = wcschr(buf, buf[len / 2]);
            h = h * 31 + (size_t)(p - buf);
            p = wcsrchr(buf, buf[0]);
            h = h * 31 + (size_t)(p - buf);
        }
    }
    printf("wide hash %lx\n", h);
    wchar_t out[64];
    swprintf(out, 64, L"%d-%ls-%.2f", 42, L"wide", 3.14159);
    printf("swprintf %ls len %zu\n", out, wcslen(out));
    wchar_t *end;
    printf("wcstol %ld wcstod %g\n", wcstol(L"  -12345xyz", &end, 10), wcstod(L"2.5e3", NULL));
    if (!setlocale(LC_ALL, "C.UTF-8")) { printf("no C.UTF-8 locale\n"); return 0; }
    const char *utf8 = "h\xc3\xa9llo w\xc3\xb6rld \xe2\x82\xac \xf0\x9f\x98\x80";
    size_t n = mbstowcs(NULL, utf8, 0);
    wchar_t w[64];
    mbstowcs(w, utf8, 64);
    printf("mbstowcs %zu chars, last U+%04X\n", n, (unsigned)w[n - 1]);
    char back[64];
    size_t bytes = wcstombs(back, w, sizeof back);
    printf("wcstombs %zu same %d\n", bytes, strcmp(back, utf8) == 0);
    return 0;
}

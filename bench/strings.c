/* Benchmark: string handling: strlen/strchr/strstr/memcpy-heavy loops and
 * a tokenizer counting identifiers and numbers in generated source text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <ctype.h>

static const char *words[] = {"int", "return", "while", "for", "count", "value", "x1", "buffer", "if", "else",
                              "42", "1000", "3.14", "(", ")", "{", "}", ";", "+", "=="};

static uint64_t tokenize(const char *s)
{
    uint64_t idents = 0, numbers = 0, puncts = 0, h = 0;
    while (*s) {
        if (isspace((unsigned char)*s)) { s++; continue; }
        const char *start = s;
        if (isalpha((unsigned char)*s) || *s == '_') {
            while (isalnum((unsigned char)*s) || *s == '_') s++;
            idents++;
        } else if (isdigit((unsigned char)*s)) {
            while (isdigit((unsigned char)*s) || *s == '.') s++;
            numbers++;
        } else {
            s++;
            puncts++;
        }
        h = h * 31 + (uint64_t)(s - start) + (unsigned char)*start;
    }
    return h + idents * 7 + numbers * 11 + puncts * 13;
}

int main(void)
{
    enum { SIZE = 4 << 20 };
    char *text = malloc(SIZE + 64), *copy = malloc(SIZE + 64);
    size_t len = 0;
    uint32_t s = 3;
    while (len < SIZE) {
        s = s * 1103515245u + 12345u;
        const char *w = words[(s >> 16) % 20];
        size_t n = strlen(w);
        memcpy(text + len, w, n);
        len += n;
        text[len++] = (s >> 8) % 9 ? ' ' : '\n';
    }
    text[len] = 0;
    uint64_t check = 0;
    for (int r = 0; r < 60; r++) {
        check += tokenize(text);
        memcpy(copy, text, len + 1);
        check += strlen(copy);
        for (char *p = copy; (p = strstr(p, "buffer")) != NULL; p += 6) check++;
        for (char *p = copy; (p = strchr(p, '\n')) != NULL; p++) check += 3;
        char *line = copy, *nl;
        while ((nl = strchr(line, '\n')) != NULL) {
            *nl = 0;
            check += strlen(line) + (strstr(line, "while") != NULL);
            line = nl + 1;
        }
    }
    printf("%016llx\n", (unsigned long long)check);
    return 0;
}

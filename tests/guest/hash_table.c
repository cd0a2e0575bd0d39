/* An open-addressing hash table with string keys: inserts, lookups,
 * deletions with tombstones and rehashing growth; word counts over a
 * generated text are printed in sorted order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

struct slot { char *key; long count; int used; };
static struct slot *slots;
static size_t cap, live, tombs;

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    while (*s) h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
    return h;
}

static void insert_raw(char *key, long count);

static void grow(void)
{
    struct slot *old = slots;
    size_t oldcap = cap;
    cap = cap ? cap * 2 : 64;
    slots = calloc(cap, sizeof *slots);
    live = tombs = 0;
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].used == 1) insert_raw(old[i].key, old[i].count);
    free(old);
}

static struct slot *find(const char *key)
{
    size_t i = hash(key) & (cap - 1);
    while (slots[i].used) {
        if (slots[i].used == 1 && !strcmp(slots[i].key, key)) return &slots[i];
        i = (i + 1) & (cap - 1);
    }
    return NULL;
}

static void insert_raw(char *key, long count)
{
    if ((live + tombs + 1) * 4 > cap * 3) grow();
    size_t i = hash(key) & (cap - 1);
    while (slots[i].used == 1) i = (i + 1) & (cap - 1);
    if (slots[i].used == 2) tombs--;
    slots[i] = (struct slot){key, count, 1};
    live++;
}

static void bump(const char *word)
{
    struct slot *s = cap ? find(word) : NULL;
    if (s) s->count++;
    else insert_raw(strdup(word), 1);
}

static void erase(const char *word)
{
    struct slot *s = find(word);
    if (!s) return;
    free(s->key);
    s->used = 2;
    live--;
    tombs++;
}

static int by_count(const void *a, const void *b)
{
    const struct slot *x = *(struct slot *const *)a, *y = *(struct slot *const *)b;
    if (x->count != y->count) return x->count < y->count ? 1 : -1;
    return strcmp(x->key, y->key);
}

int main(void)
{
    static const char *syll[] = {"ka", "ri", "to", "mu", "ne", "sa", "lo", "vi", "de", "pa", "qu", "zo"};
    uint32_t r = 99;
    char word[32];
    for (int i = 0; i < 300000; i++) {
        int parts = 1 + (i % 3), len = 0;
        for (int p = 0; p < parts; p++) {
            r = r * 1103515245u + 12345u;
            len += sprintf(word + len, "%s", syll[(r >> 16) % 12]);
        }
        bump(word);
    }
    printf("distinct %zu capacity %zu\n", live, cap);
    for (int i = 0; i < 12; i++) erase(syll[i]);
    printf("after erase %zu tombstones %zu\n", live, tombs);
    struct slot **list = malloc(live * sizeof *list);
    size_t n = 0;
    for (size_t i = 0; i < cap; i++) if (slots[i].used == 1) list[n++] = &slots[i];
    qsort(list, n, sizeof *list, by_count);
    for (size_t i = 0; i < 10 && i < n; i++) printf("%-10s %ld\n", list[i]->key, list[i]->count);
    printf("least %s %ld\n", list[n - 1]->key, list[n - 1]->count);
    return 0;
}

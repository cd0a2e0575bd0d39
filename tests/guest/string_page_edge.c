/* Strings that end exactly at the end of a readable page, followed by a
 * PROT_NONE page.  Vector string routines read whole aligned blocks and must
 * never touch the next page; an emulator that widens or misaligns such
 * loads faults here. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void)
{
    long page = sysconf(_SC_PAGESIZE);
    char *map = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED) { perror("mmap"); return 1; }
    if (mprotect(map + page, page, PROT_NONE) != 0) { perror("mprotect"); return 1; }
    char *end = map + page;
    unsigned long sum = 0;
    for (int len = 0; len < 200; len++) {
        char *s = end - len - 1;
        memset(map, 'q', page);
        for (int i = 0; i < len; i++) s[i] = (char)('a' + i % 26);
        s[len] = 0;
        sum += strlen(s) * 3 + (strchr(s, 'z') ? (unsigned long)(strchr(s, 'z') - s) : 7);
        sum += strrchr(s, 'a') ? (unsigned long)(strrchr(s, 'a') - s) : 11;
        sum += (unsigned long)((char *)rawmemchr(s, 0) - s);
        char copy[256];
        strcpy(copy, s);
        sum += (unsigned long)strcmp(copy, s) + strlen(copy);
        sum += memchr(s, 'q', len + 1) == NULL;
        sum += strnlen(s, 1000);
        sum += strspn(s, "abcdefgh");
        /* memcmp/memcpy whose source ends at the guard */
        char *tail = end - len;
        memcpy(copy, tail, len);
        sum += memcmp(copy, tail, len) == 0;
    }
    printf("sum %lu\n", sum);
    munmap(map, 2 * page);
    return 0;
}

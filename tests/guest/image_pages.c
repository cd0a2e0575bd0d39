/* The program's own image as the ELF loader leaves it, page by page: the
 * bytes after the end of the text up to the end of its page (the file's
 * next bytes, as a file mapping shows them), the zeros after the bss up to
 * the end of its page (the kernel clears them; ld.so's first allocations
 * rely on it), and read-only data made writable with mprotect: the write
 * lands in memory, never in the file, and a forked child keeps its own
 * copy.  The native run is the oracle for every line. */
#define _GNU_SOURCE
#include <elf.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

extern char etext[], _end[];

/* Page-aligned so mprotect touches nothing else of the image. */
static const char table[8192] __attribute__((aligned(4096))) = "read-only table, first page";

static uintptr_t page_end(const void *p)
{
    long page = sysconf(_SC_PAGESIZE);
    return ((uintptr_t)p + page - 1) & ~(uintptr_t)(page - 1);
}

static uint32_t fnv1a(const unsigned char *p, size_t n)
{
    uint32_t h = 2166136261u;
    while (n--)
        h = (h ^ *p++) * 16777619u;
    return h;
}

/* File offset of addr from the program headers in memory (AT_PHDR). */
static long file_offset_of(const void *addr)
{
    const Elf64_Phdr *ph = (const Elf64_Phdr *)getauxval(AT_PHDR);
    size_t n = getauxval(AT_PHNUM);
    uintptr_t bias = 0;
    for (size_t i = 0; i < n; i++)
        if (ph[i].p_type == PT_PHDR)
            bias = (uintptr_t)ph - ph[i].p_vaddr;
    for (size_t i = 0; i < n; i++) {
        uintptr_t start = ph[i].p_vaddr + bias;
        if (ph[i].p_type == PT_LOAD && (uintptr_t)addr >= start && (uintptr_t)addr < start + ph[i].p_filesz)
            return (long)((uintptr_t)addr - start + ph[i].p_offset);
    }
    return -1;
}

static void report_tails(void)
{
    size_t text_tail = page_end(etext) - (uintptr_t)etext;
    printf("text tail: %zu bytes, hash %08x\n", text_tail, fnv1a((const unsigned char *)etext, text_tail));
    size_t bss_tail = page_end(_end) - (uintptr_t)_end;
    size_t nonzero = 0;
    for (size_t i = 0; i < bss_tail; i++)
        nonzero += _end[i] != 0;
    printf("bss tail: %s\n", nonzero ? "not zero" : "zero");
}

/* The bytes of table as the file on disk holds them. */
static void read_table_from_file(char *buf, size_t len)
{
    int fd = open("/proc/self/exe", O_RDONLY);
    long off = file_offset_of(table);
    if (fd < 0 || off < 0 || pread(fd, buf, len, off) != (ssize_t)len)
        memset(buf, 0, len);
    if (fd >= 0)
        close(fd);
}

static void write_read_only_data(void)
{
    char *t = (char *)table;
    if (mprotect(t, sizeof(table), PROT_READ | PROT_WRITE) != 0) {
        printf("mprotect failed\n");
        return;
    }
    strcpy(t, "patched in memory");
    strcpy(t + 4096, "second page patched");
    char disk[32];
    read_table_from_file(disk, sizeof(disk));
    printf("memory: %s / %s\n", t, t + 4096);
    printf("file:   %.27s\n", disk);

    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        strcpy(t, "child's own copy");
        printf("child:  %s\n", t);
        fflush(stdout);
        _exit(0);
    }
    waitpid(child, NULL, 0);
    printf("parent: %s\n", t);
    mprotect(t, sizeof(table), PROT_READ);
    printf("after mprotect back: %s\n", table);
}

int main(void)
{
    report_tails();
    write_read_only_data();
    return 0;
}

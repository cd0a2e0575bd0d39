/* elfload.c — load an x86-64 ELF program (and its dynamic loader) and
 * build its initial stack.
 *
 * The file is distrusted: every header field is checked before use and a
 * bad one yields a one-line reason, never a crash.  Segments are mapped
 * privately from the file, as Linux maps them: pages the program never
 * writes stay the page cache's, so a fork copies no page table entries
 * for them and a process touches only the pages it uses (busybox sh
 * forking children paid for copying its 1.9 MB image on every fork when
 * it was read into anonymous memory).  Like under Linux or qemu-user, a
 * file truncated later makes its pages fault; tern's own reads of guest
 * memory are guarded against that.  A file that cannot be mapped is read
 * with pread instead.  Page-granular effects (the page prefix before an
 * unaligned segment, a later segment replacing a shared page) follow what
 * Linux's loader produces.
 *
 * A program with PT_INTERP gets its interpreter (ld-linux-x86-64.so.2)
 * loaded here too, as Linux does: at an address of tern's choosing, with
 * AT_BASE naming it and the guest starting at its entry.  The program's
 * brk room is held while the interpreter is placed, so the heap can still
 * grow right after the program.  With -L the interpreter is looked up
 * under that prefix first, as qemu-user does. */
#define _GNU_SOURCE
#include "user/user.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_PHNUM 512
#define BRK_ROOM (1ull << 30)
#define GUEST_ADDR_LIMIT (1ull << 47)
#define MAX_INTERP_PATH 4096

typedef struct Loader {
    int fd;
    uint64_t file_size;
    Elf64_Ehdr eh;
    Elf64_Phdr ph[MAX_PHNUM];
    char interp[MAX_INTERP_PATH]; /* PT_INTERP's path, "" if none */
    char *err;
    size_t errlen;
} Loader;

static bool fail(Loader *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool fail(Loader *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(l->err, l->errlen, fmt, ap);
    va_end(ap);
    return false;
}

static bool read_exact(int fd, void *buf, size_t len, uint64_t off)
{
    char *p = buf;
    while (len) {
        ssize_t n = pread(fd, p, len, off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        p += n;
        len -= n;
        off += n;
    }
    return true;
}

/* Open like execve would: a regular file with execute permission. */
static bool open_program(Loader *l, const char *path)
{
    struct stat st;
    l->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (l->fd < 0)
        return fail(l, "%s", strerror(errno));
    if (fstat(l->fd, &st) != 0)
        return fail(l, "%s", strerror(errno));
    if (S_ISDIR(st.st_mode))
        return fail(l, "%s", strerror(EISDIR));
    if (!S_ISREG(st.st_mode) || access(path, X_OK) != 0)
        return fail(l, "%s", strerror(EACCES));
    l->file_size = st.st_size;
    return true;
}

static bool check_ehdr(Loader *l)
{
    const Elf64_Ehdr *eh = &l->eh;
    if (l->file_size == 0)
        return fail(l, "not an ELF executable (empty file)");
    if (l->file_size < SELFMAG || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0)
        return fail(l, "not an ELF executable (bad magic number)");
    if (l->file_size < EI_NIDENT)
        return fail(l, "truncated ELF file (%llu bytes)", (unsigned long long)l->file_size);
    if (eh->e_ident[EI_CLASS] == ELFCLASS32)
        return fail(l, "32-bit ELF programs are not supported (tern runs x86-64 programs)");
    if (eh->e_ident[EI_CLASS] != ELFCLASS64)
        return fail(l, "bad ELF class %u", eh->e_ident[EI_CLASS]);
    if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
        return fail(l, "big-endian ELF file: not an x86-64 program");
    if (l->file_size < sizeof(Elf64_Ehdr))
        return fail(l, "truncated ELF file (%llu bytes, header needs %zu)", (unsigned long long)l->file_size,
                    sizeof(Elf64_Ehdr));
    if (eh->e_ident[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT)
        return fail(l, "bad ELF version");
    if (eh->e_machine != EM_X86_64)
        return fail(l, "wrong machine: ELF e_machine %u, not x86-64 (%u)", eh->e_machine, EM_X86_64);
    if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
        return fail(l, "not an executable program (ELF type %u)", eh->e_type);
    if (eh->e_ehsize < sizeof(Elf64_Ehdr))
        return fail(l, "bad ELF header size %u", eh->e_ehsize);
    if (eh->e_phentsize != sizeof(Elf64_Phdr))
        return fail(l, "bad program header size %u (expected %zu)", eh->e_phentsize, sizeof(Elf64_Phdr));
    if (eh->e_phnum == 0 || eh->e_phnum > MAX_PHNUM)
        return fail(l, "bad number of program headers (%u)", eh->e_phnum);
    uint64_t ph_end = eh->e_phoff + (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr);
    if (ph_end < eh->e_phoff || ph_end > l->file_size)
        return fail(l, "program headers lie outside the file (truncated or corrupt ELF)");
    return true;
}

static bool is_pow2(uint64_t x)
{
    return (x & (x - 1)) == 0;
}

/* Check each PT_LOAD against the file and the address space. */
static bool check_load_segments(Loader *l)
{
    int nload = 0;
    uint64_t prev_end = 0;
    for (int i = 0; i < l->eh.e_phnum; i++) {
        const Elf64_Phdr *ph = &l->ph[i];
        if (ph->p_type != PT_LOAD)
            continue;
        if (ph->p_filesz > ph->p_memsz)
            return fail(l, "segment %d: file size 0x%llx exceeds memory size 0x%llx", i,
                        (unsigned long long)ph->p_filesz, (unsigned long long)ph->p_memsz);
        if (ph->p_offset + ph->p_filesz < ph->p_offset || ph->p_offset + ph->p_filesz > l->file_size)
            return fail(l, "segment %d lies outside the file (truncated or corrupt ELF)", i);
        uint64_t end = ph->p_vaddr + ph->p_memsz;
        if (end < ph->p_vaddr || end > GUEST_ADDR_LIMIT)
            return fail(l, "segment %d: address range 0x%llx+0x%llx is out of range", i,
                        (unsigned long long)ph->p_vaddr, (unsigned long long)ph->p_memsz);
        /* page 0 stays unmapped (mmap_min_addr; tern's own NULL must fault) */
        if (l->eh.e_type == ET_EXEC && ph->p_memsz && ph->p_vaddr < TARGET_PAGE_SIZE)
            return fail(l, "segment %d: address 0x%llx is in page 0", i, (unsigned long long)ph->p_vaddr);
        if (!is_pow2(ph->p_align))
            return fail(l, "segment %d: alignment 0x%llx is not a power of two", i,
                        (unsigned long long)ph->p_align);
        if ((ph->p_vaddr ^ ph->p_offset) & (TARGET_PAGE_SIZE - 1))
            return fail(l, "segment %d: address and file offset disagree modulo the page size", i);
        if (nload && ph->p_vaddr < prev_end && (ph->p_vaddr & TARGET_PAGE_MASK) < (prev_end & TARGET_PAGE_MASK))
            return fail(l, "segment %d overlaps or is out of order", i);
        prev_end = end;
        nload++;
    }
    if (!nload)
        return fail(l, "no loadable segments");
    return true;
}

static void load_span(const Loader *l, uint64_t *lo, uint64_t *hi, uint64_t *align)
{
    *lo = UINT64_MAX;
    *hi = 0;
    *align = TARGET_PAGE_SIZE;
    for (int i = 0; i < l->eh.e_phnum; i++) {
        const Elf64_Phdr *ph = &l->ph[i];
        if (ph->p_type != PT_LOAD)
            continue;
        if ((ph->p_vaddr & TARGET_PAGE_MASK) < *lo)
            *lo = ph->p_vaddr & TARGET_PAGE_MASK;
        if (PAGE_ALIGN_UP(ph->p_vaddr + ph->p_memsz) > *hi)
            *hi = PAGE_ALIGN_UP(ph->p_vaddr + ph->p_memsz);
        if (ph->p_align > *align && ph->p_align <= (1u << 21))
            *align = ph->p_align;
    }
}

/* Reserve the image's address range as guest memory (read-write while we
 * fill it); returns the load bias. */
static bool reserve_image(Loader *l, uint64_t lo, uint64_t hi, uint64_t align, uint64_t *bias)
{
    int flags = MAP_PRIVATE | MAP_ANONYMOUS;
    if (l->eh.e_type == ET_EXEC) {
        if (guest_map_fixed_noreplace(lo, hi - lo, PROT_READ | PROT_WRITE, flags, -1, 0) != 0)
            return fail(l, "cannot map the program at 0x%llx-0x%llx (address range unavailable)",
                        (unsigned long long)lo, (unsigned long long)hi);
        *bias = 0;
        return true;
    }
    /* ET_DYN: anywhere, aligned to the largest segment alignment, with
     * free address space above it for the brk heap (guest_brk_init). */
    uint64_t want = hi - lo + align + BRK_ROOM;
    void *hole = mmap(NULL, want, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (hole == MAP_FAILED)
        return fail(l, "cannot map the program (%s)", strerror(errno));
    munmap(hole, want);
    uint64_t start = ((uint64_t)(uintptr_t)hole + align - 1) & ~(align - 1);
    if (guest_map_fixed_noreplace(start, hi - lo, PROT_READ | PROT_WRITE, flags, -1, 0) != 0)
        return fail(l, "cannot map the program at 0x%llx (address range unavailable)", (unsigned long long)start);
    *bias = start - lo;
    return true;
}

static int segment_prot(const Elf64_Phdr *ph)
{
    return (ph->p_flags & PF_R ? PROT_READ : 0) | (ph->p_flags & PF_W ? PROT_WRITE : 0) |
           (ph->p_flags & PF_X ? PROT_EXEC : 0);
}

/* Put a segment's file bytes at page (its first page): mapped from the
 * file, writable while the loader fills the image, else read into fresh
 * anonymous memory (a failed MAP_FIXED may have left a hole). */
static bool place_file_bytes(Loader *l, uint64_t page, uint64_t len, uint64_t off)
{
    const int rw = PROT_READ | PROT_WRITE;
    if (guest_mmap(page, len, rw, MAP_PRIVATE | MAP_FIXED, l->fd, off) == (long)page)
        return true;
    return guest_mmap(page, len, rw, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == (long)page &&
           read_exact(l->fd, g2h(page), len, off);
}

/* Each segment's file bytes (from the start of its first page, as a file
 * mapping shows them); a segment with a bss gets zeros over the rest of
 * its last file page, as Linux's padzero gives (ld.so's first allocations
 * use the end of that page and expect zeros). */
static bool fill_segments(Loader *l, uint64_t bias)
{
    for (int i = 0; i < l->eh.e_phnum; i++) {
        const Elf64_Phdr *ph = &l->ph[i];
        if (ph->p_type != PT_LOAD)
            continue;
        uint64_t page = ph->p_vaddr & TARGET_PAGE_MASK;
        uint64_t prefix = ph->p_vaddr - page;
        uint64_t file_end = ph->p_vaddr + ph->p_filesz;
        if (ph->p_filesz && !place_file_bytes(l, page + bias, prefix + ph->p_filesz, ph->p_offset - prefix))
            return fail(l, "cannot read segment %d (truncated file?)", i);
        if (ph->p_memsz > ph->p_filesz) {
            uint64_t zero_end = PAGE_ALIGN_UP(file_end);
            if (zero_end > file_end) /* (file_end may be page 0 itself, not mapped) */
                memset(g2h(file_end + bias), 0, zero_end - file_end);
        }
    }
    return true;
}

/* Final protections; the holes between segments are given back. */
static void protect_segments(Loader *l, uint64_t bias, uint64_t lo, uint64_t hi)
{
    uint64_t covered = lo;
    for (int i = 0; i < l->eh.e_phnum; i++) {
        const Elf64_Phdr *ph = &l->ph[i];
        if (ph->p_type != PT_LOAD)
            continue;
        uint64_t start = ph->p_vaddr & TARGET_PAGE_MASK, end = PAGE_ALIGN_UP(ph->p_vaddr + ph->p_memsz);
        if (start > covered)
            guest_munmap(covered + bias, start - covered);
        if (end > start)
            guest_mprotect(start + bias, end - start, segment_prot(ph));
        if (end > covered)
            covered = end;
    }
    if (hi > covered)
        guest_munmap(covered + bias, hi - covered);
}

static void fill_image_info(const Loader *l, uint64_t bias, ImageInfo *info)
{
    memset(info, 0, sizeof(*info));
    info->load_bias = bias;
    info->entry = l->eh.e_entry + bias;
    info->phnum = l->eh.e_phnum;
    info->phent = sizeof(Elf64_Phdr);
    info->start_code = info->start_data = UINT64_MAX;
    bool have_phdr = false;
    for (int i = 0; i < l->eh.e_phnum; i++) {
        const Elf64_Phdr *ph = &l->ph[i];
        if (ph->p_type == PT_PHDR) {
            info->phdr = ph->p_vaddr + bias;
            have_phdr = true;
        } else if (ph->p_type == PT_GNU_STACK) {
            info->exec_stack = ph->p_flags & PF_X;
        }
        if (ph->p_type != PT_LOAD)
            continue;
        uint64_t start = ph->p_vaddr + bias, end = start + ph->p_memsz;
        if (!have_phdr && l->eh.e_phoff >= ph->p_offset && l->eh.e_phoff < ph->p_offset + ph->p_filesz) {
            info->phdr = start + (l->eh.e_phoff - ph->p_offset);
            have_phdr = true;
        }
        if (ph->p_flags & PF_X) {
            if (start < info->start_code)
                info->start_code = start;
            if (start + ph->p_filesz > info->end_code)
                info->end_code = start + ph->p_filesz;
        } else {
            if (start < info->start_data)
                info->start_data = start;
            if (start + ph->p_filesz > info->end_data)
                info->end_data = start + ph->p_filesz;
        }
        if (end > info->brk)
            info->brk = end;
    }
}

/* PT_INTERP's NUL-terminated path into l->interp. */
static bool read_interp_path(Loader *l)
{
    l->interp[0] = 0;
    for (int i = 0; i < l->eh.e_phnum; i++) {
        const Elf64_Phdr *ph = &l->ph[i];
        if (ph->p_type != PT_INTERP)
            continue;
        if (ph->p_filesz < 2 || ph->p_filesz > sizeof(l->interp))
            return fail(l, "bad interpreter path size %llu", (unsigned long long)ph->p_filesz);
        if (ph->p_offset + ph->p_filesz < ph->p_offset || ph->p_offset + ph->p_filesz > l->file_size ||
            !read_exact(l->fd, l->interp, ph->p_filesz, ph->p_offset))
            return fail(l, "interpreter path lies outside the file (truncated or corrupt ELF)");
        if (l->interp[ph->p_filesz - 1] != 0 || strlen(l->interp) != ph->p_filesz - 1)
            return fail(l, "interpreter path is not a NUL-terminated string");
        return true;
    }
    return true;
}

/* Check and read the headers; fd is left open in l. */
static bool read_headers(Loader *l, const char *path)
{
    if (!open_program(l, path))
        return false;
    if (pread(l->fd, &l->eh, sizeof(l->eh), 0) < 0)
        return fail(l, "%s", strerror(errno));
    if (!check_ehdr(l))
        return false;
    if (!read_exact(l->fd, l->ph, l->eh.e_phnum * sizeof(Elf64_Phdr), l->eh.e_phoff))
        return fail(l, "cannot read the program headers");
    return check_load_segments(l) && read_interp_path(l);
}

static bool load_image(Loader *l, ImageInfo *info)
{
    uint64_t lo, hi, align, bias = 0;
    load_span(l, &lo, &hi, &align);
    if (!reserve_image(l, lo, hi, align, &bias))
        return false;
    if (!fill_segments(l, bias)) {
        guest_munmap(lo + bias, hi - lo);
        return false;
    }
    protect_segments(l, bias, lo, hi);
    fill_image_info(l, bias, info);
    info->image_start = lo + bias;
    info->image_end = hi + bias;
    return true;
}

static Loader *new_loader(char *err, size_t errlen)
{
    Loader *l = calloc(1, sizeof(*l)); /* big (phdr array): keep it off the stack */
    if (!l) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    l->fd = -1;
    l->err = err;
    l->errlen = errlen;
    return l;
}

static void free_loader(Loader *l)
{
    if (l->fd >= 0)
        close(l->fd);
    free(l);
}

/* The interpreter's file: under the -L prefix if it exists there. */
static void interp_file(const char *interp, char *out, size_t outlen)
{
    if (!prefix_path(interp, out, outlen))
        snprintf(out, outlen, "%s", interp);
}

/* Load the interpreter named by the program l and note it in info. */
static bool load_interp(const Loader *prog, ImageInfo *info)
{
    char path[MAX_INTERP_PATH + 4096];
    interp_file(prog->interp, path, sizeof(path));
    Loader *l = new_loader(prog->err, prog->errlen);
    if (!l)
        return false;
    ImageInfo ii;
    bool ok = read_headers(l, path) && (!l->interp[0] || fail(l, "it asks for an interpreter itself")) &&
              load_image(l, &ii);
    if (!ok) {
        /* Name the file: the fault is not the program's. */
        char why[256];
        snprintf(why, sizeof(why), "%s", l->err);
        fail(l, "interpreter %s: %s", path, why);
    }
    free_loader(l);
    if (!ok)
        return false;
    info->interp_base = ii.load_bias;
    info->interp_entry = ii.entry;
    info->interp_start = ii.image_start;
    info->interp_end = ii.image_end;
    char *full = realpath(path, NULL);
    info->interp_path = full ? full : strdup(path);
    return true;
}

/* Hold the address space above the program where its brk heap will
 * grow, so the interpreter is placed elsewhere; returns the size held. */
static uint64_t hold_brk_room(uint64_t brk)
{
    uint64_t start = PAGE_ALIGN_UP(brk);
    void *p = mmap(g2h(start), BRK_ROOM, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE | MAP_NORESERVE,
                   -1, 0);
    if (p == MAP_FAILED)
        return 0;
    if (p != g2h(start)) {
        munmap(p, BRK_ROOM);
        return 0;
    }
    return BRK_ROOM;
}

bool elf_check(const char *path, char *err, size_t errlen)
{
    Loader *l = new_loader(err, errlen);
    if (!l)
        return false;
    bool ok = read_headers(l, path);
    free_loader(l);
    return ok;
}

bool elf_load(const char *path, ImageInfo *info, char *err, size_t errlen)
{
    Loader *l = new_loader(err, errlen);
    if (!l)
        return false;
    bool ok = read_headers(l, path) && load_image(l, info);
    if (ok && l->interp[0]) {
        uint64_t held = hold_brk_room(info->brk);
        ok = load_interp(l, info);
        if (held)
            munmap(g2h(PAGE_ALIGN_UP(info->brk)), held);
        if (!ok)
            guest_munmap(info->image_start, info->image_end - info->image_start);
    }
    free_loader(l);
    return ok;
}

/* ---- the initial stack ---- */

/* Push len bytes below *sp; returns their guest address. */
static uint64_t push_bytes(uint64_t *sp, const void *data, size_t len)
{
    *sp -= len;
    memcpy(g2h(*sp), data, len);
    return *sp;
}

static uint64_t push_string(uint64_t *sp, const char *s)
{
    return push_bytes(sp, s, strlen(s) + 1);
}

static size_t count_strings(char *const *v)
{
    size_t n = 0;
    while (v && v[n])
        n++;
    return n;
}

enum { NB_AUXV = 20 };

static size_t build_auxv(uint64_t (*aux)[2], const ImageInfo *info, const StackParams *sp, uint64_t random,
                         uint64_t platform, uint64_t execfn)
{
    long clktck = sysconf(_SC_CLK_TCK);
    const uint64_t v[][2] = {
        { AT_PHDR, info->phdr },
        { AT_PHENT, info->phent },
        { AT_PHNUM, info->phnum },
        { AT_PAGESZ, TARGET_PAGE_SIZE },
        { AT_BASE, info->interp_base },
        { AT_FLAGS, 0 },
        { AT_ENTRY, info->entry },
        { AT_UID, getuid() },
        { AT_EUID, geteuid() },
        { AT_GID, getgid() },
        { AT_EGID, getegid() },
        { AT_SECURE, 0 },
        { AT_RANDOM, random },
        { AT_HWCAP, sp->hwcap },
        { AT_HWCAP2, sp->hwcap2 },
        { AT_CLKTCK, clktck > 0 ? (uint64_t)clktck : 100 },
        { AT_PLATFORM, platform },
        { AT_EXECFN, execfn },
        { AT_MINSIGSTKSZ, 2048 },
        { AT_NULL, 0 },
    };
    _Static_assert(sizeof(v) / sizeof(v[0]) == NB_AUXV, "auxv size");
    memcpy(aux, v, sizeof(v));
    return NB_AUXV;
}

bool elf_setup_stack(ImageInfo *info, const StackParams *sp, char *err, size_t errlen)
{
    uint64_t size = PAGE_ALIGN_UP(sp->stack_size);
    int prot = PROT_READ | PROT_WRITE | (info->exec_stack ? PROT_EXEC : 0);
    long base = guest_mmap(0, size + TARGET_PAGE_SIZE, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base < 0) {
        snprintf(err, errlen, "cannot allocate a %llu-byte stack (%s)", (unsigned long long)size, strerror(-base));
        return false;
    }
    /* A guard page below: overflowing the stack faults like natively. */
    guest_mprotect(base, TARGET_PAGE_SIZE, PROT_NONE);
    info->stack_limit = base + TARGET_PAGE_SIZE;
    info->stack_top = base + TARGET_PAGE_SIZE + size;

    size_t argc = sp->argc, envc = count_strings(sp->envp), strings = 0;
    for (size_t i = 0; i < argc; i++)
        strings += strlen(sp->argv[i]) + 1;
    for (size_t i = 0; i < envc; i++)
        strings += strlen(sp->envp[i]) + 1;
    size_t words = 1 + argc + 1 + envc + 1 + 2 * NB_AUXV;
    uint64_t need = strings + strlen(sp->execfn) + 1 + 64 + words * 8;
    if (need > size / 4) {
        snprintf(err, errlen, "argument list too long for the stack");
        return false;
    }

    uint64_t top = info->stack_top - 8; /* Linux leaves a NULL word at the very top */
    memset(g2h(top), 0, 8);
    uint64_t execfn = push_string(&top, sp->execfn);
    uint64_t strp = top;
    uint64_t envp_addr[envc ? envc : 1], argv_addr[argc ? argc : 1];
    for (size_t i = envc; i-- > 0;)
        envp_addr[i] = push_string(&strp, sp->envp[i]);
    for (size_t i = argc; i-- > 0;)
        argv_addr[i] = push_string(&strp, sp->argv[i]);
    uint64_t platform = push_string(&strp, "x86_64");
    uint8_t rnd[16];
    if (getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd))
        memset(rnd, 0x5a, sizeof(rnd));
    strp &= ~15ull;
    uint64_t random = push_bytes(&strp, rnd, sizeof(rnd));

    /* argc must land on a 16-byte boundary (ABI: rsp % 16 == 0 at entry). */
    uint64_t rsp = (strp - words * 8) & ~15ull;
    uint64_t *w = g2h(rsp);
    *w++ = argc;
    for (size_t i = 0; i < argc; i++)
        *w++ = argv_addr[i];
    *w++ = 0;
    for (size_t i = 0; i < envc; i++)
        *w++ = envp_addr[i];
    *w++ = 0;
    info->auxv = (uint64_t)(uintptr_t)w - guest_base;
    build_auxv((uint64_t(*)[2])w, info, sp, random, platform, execfn);
    info->rsp = rsp;
    return true;
}

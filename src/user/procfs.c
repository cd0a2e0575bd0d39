/* procfs.c — /proc/self/maps, cmdline and environ as the guest should see
 * them.
 *
 * The host file describes tern's process: tern's binary, heap, code buffer
 * and libraries, with its own [stack] and [heap].  Programs read it to
 * find their own stack (pthread_getattr_np on the main thread) or to list
 * their mappings, so tern serves a file of its own instead, built from the
 * guest memory map: the program's image, the brk heap as [heap], the
 * initial stack as [stack], and the files the guest mapped (ld.so mapping
 * libraries) with their offset, device, inode and path, taken from the
 * host's entry at the same address.  cmdline, environ and auxv would show tern's
 * own command line, environment and auxiliary vector; they get the
 * guest's (auxv as it was at start-up, as Linux keeps it).  Each is an
 * anonymous memory file, read with the ordinary read/lseek/close. */
#define _GNU_SOURCE
#include "user/user.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static ImageInfo layout;
static const char *exe_name;
static char *const *guest_argv, *const *guest_envp;
static int guest_argc;
static uint64_t guest_auxv[64][2];
static size_t guest_auxv_bytes;

void procfs_init(const ImageInfo *info, const char *exe_path)
{
    layout = *info;
    exe_name = exe_path;
    guest_auxv_bytes = 0;
    for (size_t i = 0; info->auxv && i < sizeof(guest_auxv) / sizeof(guest_auxv[0]); i++) {
        if (!copy_from_guest(guest_auxv[i], info->auxv + i * 16, 16))
            break;
        guest_auxv_bytes += 16;
        if (guest_auxv[i][0] == 0) /* AT_NULL */
            break;
    }
}

void procfs_set_command(int argc, char *const *argv, char *const *envp)
{
    guest_argc = argc;
    guest_argv = argv;
    guest_envp = envp;
}

bool is_proc_self_file(const char *path, const char *leaf)
{
    char by_pid[64];
    const char *rest = NULL;
    snprintf(by_pid, sizeof(by_pid), "/proc/%d/", (int)getpid());
    if (!strncmp(path, "/proc/self/", 11))
        rest = path + 11;
    else if (!strncmp(path, "/proc/thread-self/", 18))
        rest = path + 18;
    else if (!strncmp(path, by_pid, strlen(by_pid)))
        rest = path + strlen(by_pid);
    return rest && !strcmp(rest, leaf);
}

typedef struct MapsWriter {
    FILE *f;
    uint64_t heap_start, heap_end;
    HostFileMaps files;
} MapsWriter;

static const char *region_name(const MapsWriter *w, uint64_t start)
{
    if (start >= w->heap_start && start < w->heap_end)
        return "[heap]";
    if (start >= layout.stack_limit && start < layout.stack_top)
        return "[stack]";
    if (start >= layout.image_start && start < layout.image_end)
        return exe_name;
    if (start >= layout.interp_start && start < layout.interp_end && layout.interp_path)
        return layout.interp_path;
    return "";
}

static void write_line(MapsWriter *w, uint64_t start, uint64_t end, int flags)
{
    const char *name = region_name(w, start);
    const HostFileMap *file = *name ? NULL : host_file_map_at(&w->files, start);
    int n = fprintf(w->f, "%08llx-%08llx %c%c%c%c %08llx %s %lu", (unsigned long long)start,
                    (unsigned long long)end, flags & PROT_READ ? 'r' : '-', flags & PROT_WRITE ? 'w' : '-',
                    flags & PROT_EXEC ? 'x' : '-', file && file->shared ? 's' : 'p',
                    file ? (unsigned long long)(file->offset + (start - file->start)) : 0ull,
                    file ? file->dev : "00:00", file ? file->inode : 0ul);
    if (file)
        name = file->path;
    if (*name)
        fprintf(w->f, "%*s%s", n < 73 ? 73 - n : 1, "", name);
    fputc('\n', w->f);
}

/* One line per range, split where a named region starts or ends (the
 * memory map merges neighbours with equal rights, e.g. bss and heap). */
static void write_range(uint64_t start, uint64_t end, int flags, void *opaque)
{
    MapsWriter *w = opaque;
    const uint64_t cuts[] = { w->heap_start, w->heap_end, layout.stack_limit, layout.stack_top,
                              layout.image_start, layout.image_end, layout.interp_start, layout.interp_end };
    while (start < end) {
        uint64_t next = end;
        for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++)
            if (cuts[i] > start && cuts[i] < next)
                next = cuts[i];
        uint64_t file_cut = host_file_map_boundary_after(&w->files, start);
        if (file_cut < next)
            next = file_cut;
        write_line(w, start, next, flags);
        start = next;
    }
}

static void write_maps(FILE *f)
{
    MapsWriter w = { .f = f };
    guest_brk_range(&w.heap_start, &w.heap_end);
    host_file_maps_read(&w.files);
    guest_map_walk(write_range, &w);
    host_file_maps_free(&w.files);
}

/* NUL-terminated strings back to back, as the kernel shows argv and envp. */
static void write_strings(FILE *f, char *const *v, int n)
{
    for (int i = 0; v && (n < 0 || i < n) && v[i]; i++)
        fwrite(v[i], 1, strlen(v[i]) + 1, f);
}

int open_proc_file(const char *leaf, int flags)
{
    int fd = memfd_create(leaf, (flags & O_CLOEXEC) ? MFD_CLOEXEC : 0);
    if (fd < 0)
        return -errno;
    int wfd = dup(fd);
    FILE *f = wfd >= 0 ? fdopen(wfd, "w") : NULL;
    if (!f) {
        if (wfd >= 0)
            close(wfd);
        close(fd);
        return -ENOMEM;
    }
    if (!strcmp(leaf, "maps"))
        write_maps(f);
    else if (!strcmp(leaf, "auxv"))
        fwrite(guest_auxv, 1, guest_auxv_bytes, f);
    else if (!strcmp(leaf, "cmdline"))
        write_strings(f, guest_argv, guest_argc);
    else
        write_strings(f, guest_envp, -1);
    fclose(f);
    lseek(fd, 0, SEEK_SET);
    return fd;
}

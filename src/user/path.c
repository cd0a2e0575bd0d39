/* path.c — -L prefix (or QEMU_LD_PREFIX): absolute paths the guest names
 * are looked up under the prefix first, as qemu-user does, so a program
 * can run against a sysroot's dynamic loader and libraries.
 *
 * Only calls that open or inspect a file by name are redirected (open,
 * stat, access, readlink and their *at forms); a path is redirected only
 * when the file exists under the prefix, so everything else still sees
 * the host's tree.  /proc is never redirected: its files describe this
 * process.  execve is not redirected: the new program is loaded by a new
 * tern by its host path. */
#define _GNU_SOURCE
#include "user/user.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>

bool prefix_path(const char *path, char *out, size_t outlen)
{
    const char *prefix = user_options.interp_prefix;
    struct stat st;
    if (!prefix || !*prefix || path[0] != '/' || !path[1] || !strncmp(path, "/proc/", 6) || !strcmp(path, "/proc"))
        return false;
    if ((size_t)snprintf(out, outlen, "%s%s", prefix, path) >= outlen)
        return false;
    return lstat(out, &st) == 0;
}

/* Which argument of syscall nr is a path to redirect, or -1. */
static int path_argument(long nr)
{
    switch (nr) {
    case SYS_open: case SYS_stat: case SYS_lstat: case SYS_access: case SYS_readlink:
        return 0;
    case SYS_openat: case SYS_openat2: case SYS_newfstatat: case SYS_statx: case SYS_faccessat:
    case SYS_faccessat2: case SYS_readlinkat:
        return 1;
    default:
        return -1;
    }
}

void prefix_syscall_path(long nr, uint64_t *args, char *buf, size_t buflen)
{
    char path[PATH_MAX];
    int i = user_options.interp_prefix ? path_argument(nr) : -1;
    if (i < 0 || copy_string_from_guest(path, args[i], sizeof(path)) < 0)
        return;
    if (prefix_path(path, buf, buflen))
        args[i] = (uint64_t)(uintptr_t)buf;
}

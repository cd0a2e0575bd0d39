/* sys_files.c — file system calls in the current directory: memfd_create,
 * getdents64 (names sorted), statx and newfstatat, copy_file_range,
 * sendfile, splice and tee through pipes, flock and fcntl locks, dup2/dup3
 * and fcntl flags, fallocate, truncate/ftruncate, utimensat, the chmod
 * and chown families, link/symlink/readlink, mknodat (a fifo), statfs,
 * fsync/fdatasync/sync, posix_fadvise, rename, inotify. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Prints the result and whether errno is the expected one, reading errno
 * only after the call (argument evaluation order is unspecified). */
static void errno_case(const char *label, long r, int expect, const char *name)
{
    int e = errno;
    printf("%s %ld errno %s\n", label, r, e == expect ? name : "other");
}

static void put(const char *name, const char *text)
{
    int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    (void)!write(fd, text, strlen(text));
    close(fd);
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void test_getdents(void)
{
    mkdir("d", 0755);
    put("d/b", "");
    put("d/a", "");
    mkdir("d/sub", 0755);
    int fd = open("d", O_RDONLY | O_DIRECTORY);
    char buf[4096], *names[16];
    int n = 0;
    long len;
    while ((len = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0)
        for (long off = 0; off < len;) {
            struct dirent64 *d = (struct dirent64 *)(buf + off);
            if (n < 16)
                names[n++] = strdup(d->d_name);
            off += d->d_reclen;
        }
    qsort(names, n, sizeof names[0], cmp);
    printf("getdents64:");
    for (int i = 0; i < n; i++)
        printf(" %s", names[i]);
    printf("\n");
    close(fd);
}

static void test_stat(void)
{
    put("f", "0123456789");
    struct statx sx;
    int rx = (int)syscall(SYS_statx, AT_FDCWD, "f", 0, STATX_BASIC_STATS, &sx);
    printf("statx %d size %llu mode %o type reg %d\n", rx, (unsigned long long)sx.stx_size,
           sx.stx_mode & 0777, S_ISREG(sx.stx_mode));
    struct stat st;
    int r = fstatat(AT_FDCWD, "f", &st, 0);
    printf("fstatat %d size %lld\n", r, (long long)st.st_size);
    errno = 0;
    errno_case("stat missing", stat("missing", &st), ENOENT, "ENOENT");
    printf("chmod %d ", chmod("f", 0600));
    stat("f", &st);
    printf("mode %o ", st.st_mode & 0777);
    printf("fchmodat %d ", fchmodat(AT_FDCWD, "f", 0640, 0));
    stat("f", &st);
    printf("mode %o\n", st.st_mode & 0777);
    int fd = open("f", O_RDWR);
    fchmod(fd, 0604);
    fstat(fd, &st);
    printf("fchmod mode %o chown self %d fchown self %d lchown %d\n", st.st_mode & 0777, chown("f", getuid(), getgid()),
           fchown(fd, getuid(), getgid()), lchown("f", -1, -1));
    struct timespec times[2] = { { 1000000000, 5 }, { 1234567890, 0 } };
    printf("utimensat %d ", utimensat(AT_FDCWD, "f", times, 0));
    stat("f", &st);
    printf("mtime %lld atime %lld\n", (long long)st.st_mtim.tv_sec, (long long)st.st_atim.tv_sec);
    printf("ftruncate %d ", ftruncate(fd, 4));
    fstat(fd, &st);
    printf("size %lld truncate %d ", (long long)st.st_size, truncate("f", 100));
    stat("f", &st);
    printf("size %lld\n", (long long)st.st_size);
    printf("fallocate %d ", fallocate(fd, 0, 0, 8192));
    fstat(fd, &st);
    printf("size %lld fadvise %d\n", (long long)st.st_size, posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL));
    printf("fsync %d ", fsync(fd));
    printf("fdatasync %d\n", fdatasync(fd));
    sync();
    close(fd);
    struct statfs sf;
    int sr = statfs(".", &sf);
    printf("statfs %d bsize nonzero %d\n", sr, sf.f_bsize > 0);
}

static void test_links(void)
{
    put("orig", "linked");
    char buf[64] = "";
    printf("link %d symlink %d symlinkat %d\n", link("orig", "hard"), symlink("orig", "soft"),
           symlinkat("orig", AT_FDCWD, "soft2"));
    ssize_t n = readlink("soft", buf, sizeof buf);
    printf("readlink %zd %.*s\n", n, (int)(n > 0 ? n : 0), buf);
    n = readlinkat(AT_FDCWD, "soft2", buf, sizeof buf);
    printf("readlinkat %zd\n", n);
    struct stat st;
    stat("hard", &st);
    printf("nlink %d\n", (int)st.st_nlink);
    lstat("soft", &st);
    printf("lstat is link %d\n", S_ISLNK(st.st_mode));
    int l = linkat(AT_FDCWD, "orig", AT_FDCWD, "hard2", 0);
    int r = rename("hard2", "hard3");
    printf("linkat %d rename %d renameat %d\n", l, r, renameat(AT_FDCWD, "hard3", AT_FDCWD, "hard4"));
    printf("mknodat fifo %d ", mknodat(AT_FDCWD, "fifo", S_IFIFO | 0600, 0));
    stat("fifo", &st);
    printf("is fifo %d\n", S_ISFIFO(st.st_mode));
    printf("unlinkat %d rmdir-ish %d\n", unlinkat(AT_FDCWD, "hard4", 0), unlinkat(AT_FDCWD, "d/sub", AT_REMOVEDIR));
}

static void test_copies(void)
{
    int m = memfd_create("tern-test", MFD_CLOEXEC);
    (void)!write(m, "memfd contents here", 19);
    struct stat st;
    fstat(m, &st);
    printf("memfd size %lld cloexec %d\n", (long long)st.st_size, (fcntl(m, F_GETFD) & FD_CLOEXEC) != 0);
    char *p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, m, 0);
    printf("memfd mapped: %.5s\n", p);
    munmap(p, 4096);
    int out = open("copy", O_RDWR | O_CREAT | O_TRUNC, 0644);
    loff_t in_off = 0;
    ssize_t copied = copy_file_range(m, &in_off, out, NULL, 5, 0);
    if (copied < 0) /* older kernels refuse to copy across file systems */
        copied = pwrite(out, "memfd", 5, 0);
    printf("copy_file_range or fallback %zd\n", copied);
    lseek(out, 5, SEEK_SET);
    off_t off = 6;
    printf("sendfile %zd\n", sendfile(out, m, &off, 8));
    int p1[2], p2[2];
    if (pipe(p1) || pipe(p2))
        return;
    (void)!write(p1[1], "spliced", 7);
    ssize_t teed = tee(p1[0], p2[1], 7, 0);
    printf("tee %zd splice %zd\n", teed, splice(p1[0], NULL, out, NULL, 7, 0));
    char buf[64];
    ssize_t n = read(p2[0], buf, sizeof buf);
    printf("tee copy %.*s\n", (int)(n > 0 ? n : 0), buf);
    n = pread(out, buf, sizeof buf, 0);
    printf("file %.*s\n", (int)(n > 0 ? n : 0), buf);
    close(m);

    int ex = flock(out, LOCK_EX | LOCK_NB);
    printf("flock ex %d un %d\n", ex, flock(out, LOCK_UN));
    struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10 };
    printf("F_SETLK %d ", fcntl(out, F_SETLK, &fl));
    fl.l_type = F_UNLCK;
    printf("unlock %d\n", fcntl(out, F_SETLK, &fl));
    int d = dup(out), d2 = dup2(out, 40), d3 = dup3(out, 41, O_CLOEXEC);
    printf("dup ok %d dup2 %d dup3 %d cloexec %d\n", d > out, d2, d3, fcntl(41, F_GETFD));
    errno = 0;
    errno_case("dup3 same", dup3(41, 41, 0), EINVAL, "EINVAL");
    int dc = fcntl(out, F_DUPFD_CLOEXEC, 50);
    printf("F_DUPFD_CLOEXEC %d flags %#x\n", dc, fcntl(out, F_GETFL) & O_ACCMODE);
    fcntl(out, F_SETFL, O_APPEND);
    printf("O_APPEND set %d\n", (fcntl(out, F_GETFL) & O_APPEND) != 0);
    errno = 0;
    errno_case("bad fd", fcntl(1000, F_GETFD), EBADF, "EBADF");
    close(d);
    close(d2);
    close(d3);
    close(dc);
    close(out);
}

static void test_inotify(void)
{
    int in = inotify_init1(IN_NONBLOCK);
    int w = inotify_add_watch(in, ".", IN_CREATE);
    put("watched", "");
    char buf[4096] __attribute__((aligned(8)));
    ssize_t n = read(in, buf, sizeof buf);
    struct inotify_event *e = (struct inotify_event *)buf;
    printf("inotify %d event create %d name %s\n", w > 0, n > 0 && (e->mask & IN_CREATE), n > 0 ? e->name : "-");
    printf("rm_watch %d\n", inotify_rm_watch(in, w));
    close(in);
}

int main(void)
{
    umask(022);
    test_getdents();
    test_stat();
    test_links();
    test_copies();
    test_inotify();
    return 0;
}

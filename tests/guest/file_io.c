/* File I/O through the host kernel: mkstemp in /tmp, write/read/lseek,
 * pread/pwrite, fstat/stat, ftruncate, stdio buffering, a directory listing
 * (sorted), rename and unlink; everything created is removed. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <dirent.h>
#include <sys/stat.h>

static int cmp_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void)
{
    char path[] = "/tmp/tern-guest-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) { perror("mkstemp"); return 1; }
    char buf[8192];
    for (int i = 0; i < (int)sizeof buf; i++) buf[i] = (char)('A' + i % 53 % 26);
    printf("write %zd\n", write(fd, buf, sizeof buf));
    long end = (long)lseek(fd, 0, SEEK_END);
    long set = (long)lseek(fd, 100, SEEK_SET);
    long cur = (long)lseek(fd, 50, SEEK_CUR);
    printf("lseek end %ld set %ld cur %ld\n", end, set, cur);
    char rd[64] = {0};
    printf("read %zd [%.20s]\n", read(fd, rd, 20), rd);
    ssize_t pw = pwrite(fd, "HELLO", 5, 4000);
    printf("pwrite %zd pread %zd\n", pw, pread(fd, rd, 10, 3998));
    printf("pread data [%.10s] offset still %ld\n", rd, (long)lseek(fd, 0, SEEK_CUR));
    struct stat st;
    fstat(fd, &st);
    printf("fstat size %ld regular %d mode %o\n", (long)st.st_size, S_ISREG(st.st_mode), st.st_mode & 0777);
    printf("ftruncate %d\n", ftruncate(fd, 1000));
    stat(path, &st);
    printf("stat size %ld\n", (long)st.st_size);
    printf("lseek hole %ld\n", (long)lseek(fd, 5000, SEEK_SET));
    write(fd, "X", 1);
    pread(fd, rd, 4, 2000);
    printf("hole reads zero %d\n", rd[0] == 0 && rd[3] == 0);
    close(fd);

    FILE *f = fopen(path, "w+");
    for (int i = 0; i < 1000; i++) fprintf(f, "line %d %x\n", i, i * i);
    rewind(f);
    char line[64];
    long total = 0;
    int lines = 0;
    while (fgets(line, sizeof line, f)) { total += strtol(line + 5, NULL, 10); lines++; }
    printf("stdio lines %d total %ld pos %ld\n", lines, total, ftell(f));
    fclose(f);

    char dir[] = "/tmp/tern-guest-dir-XXXXXX";
    if (!mkdtemp(dir)) { perror("mkdtemp"); return 1; }
    char name[256];
    for (int i = 0; i < 12; i++) {
        snprintf(name, sizeof name, "%s/file%02d", dir, (i * 5) % 12);
        int d = open(name, O_CREAT | O_WRONLY | O_TRUNC, 0644);
        write(d, name, (size_t)i);
        close(d);
    }
    DIR *dp = opendir(dir);
    char *names[32];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dp)) && n < 32) if (e->d_name[0] != '.') names[n++] = strdup(e->d_name);
    closedir(dp);
    qsort(names, n, sizeof names[0], cmp_names);
    for (int i = 0; i < n; i++) {
        snprintf(name, sizeof name, "%s/%s", dir, names[i]);
        stat(name, &st);
        printf("%s %ld\n", names[i], (long)st.st_size);
        unlink(name);
        free(names[i]);
    }
    char renamed[300];
    snprintf(renamed, sizeof renamed, "%s.renamed", path);
    int rn = rename(path, renamed);
    printf("rename %d access %d\n", rn, access(renamed, R_OK));
    int ul = unlink(renamed);
    int rd_ok = rmdir(dir);
    printf("unlink %d rmdir %d gone %d\n", ul, rd_ok, access(renamed, F_OK) != 0);
    printf("open missing fails %d\n", open("/nonexistent/tern", O_RDONLY) < 0);
    return 0;
}

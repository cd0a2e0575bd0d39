/* What a process sees of itself in /proc: readlink("/proc/self/exe") names
 * the program (not an emulator), /proc/self/cmdline holds argv, and
 * /proc/self/maps lists the program's own file among its mappings. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <libgen.h>

int main(int argc, char **argv)
{
    (void)argc;
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n < 0) { perror("readlink"); return 1; }
    exe[n] = 0;
    char argv0[4096];
    snprintf(argv0, sizeof argv0, "%s", argv[0]);
    printf("exe basename %s matches argv[0] %d\n", basename(exe), strcmp(basename(exe), basename(argv0)) == 0);

    char cmd[4096];
    int fd = open("/proc/self/cmdline", O_RDONLY);
    ssize_t len = read(fd, cmd, sizeof cmd);
    close(fd);
    int args = 0;
    const char *last = cmd;
    for (ssize_t i = 0; i < len; i++) {
        if (cmd[i] != 0) continue;
        args++;
        if (i + 1 < len) last = cmd + i + 1;
    }
    printf("cmdline args %d last [%s]\n", args, len > 0 ? last : "");

    FILE *maps = fopen("/proc/self/maps", "r");
    char line[8192];
    int mentions = 0, lines = 0;
    while (fgets(line, sizeof line, maps)) {
        lines++;
        if (strstr(line, exe)) mentions++;
    }
    fclose(maps);
    printf("maps has lines %d mentions exe %d\n", lines > 3, mentions > 0);
    return 0;
}

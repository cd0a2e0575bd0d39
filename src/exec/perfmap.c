/* perfmap.c — -perfmap: name each translated block for the host's
 * profiler.  Linux perf reads /tmp/perf-PID.map ("start size name" per
 * line) to symbolize code that no ELF file describes, so a profile of tern
 * shows which guest blocks the time goes to (named by guest pc) rather
 * than anonymous addresses.  Lines are written under the translation lock;
 * a forked child opens its own file on its first block. */
#define _GNU_SOURCE
#include <stdio.h>
#include <unistd.h>

#include "exec/exec_internal.h"

bool perfmap_on;
static FILE *perfmap_file;
static pid_t perfmap_pid;

void perfmap_enable(void)
{
    perfmap_on = true;
}

void perfmap_record(const TranslationBlock *tb)
{
    pid_t pid = getpid();
    if (pid != perfmap_pid) {
        char path[64];
        snprintf(path, sizeof(path), "/tmp/perf-%d.map", (int)pid);
        perfmap_file = fopen(path, "w");
        perfmap_pid = pid;
        if (!perfmap_file) {
            perror("tern: -perfmap");
            perfmap_on = false;
            return;
        }
        setvbuf(perfmap_file, NULL, _IOLBF, 0);
    }
    fprintf(perfmap_file, "%lx %x guest_0x%llx\n", (unsigned long)tb->tc_ptr, tb->tc_size,
            (unsigned long long)tb->pc);
}

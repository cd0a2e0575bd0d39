/* log.c — -d items and the log stream. */
#include "util/log.h"

#include <stdarg.h>
#include <string.h>

unsigned tern_log_mask;
FILE *tern_log_file;

static const struct {
    const char *name;
    unsigned mask;
    const char *help;
} log_items[] = {
    { "in_asm", LOG_IN_ASM, "show guest code of each translated block" },
    { "op", LOG_OP, "show the IR of each block before optimization" },
    { "op_opt", LOG_OP_OPT, "show the IR after optimization" },
    { "out_asm", LOG_OUT_ASM, "show the generated host code" },
    { "exec", LOG_EXEC, "show each block executed (no chaining)" },
    { "unimp", LOG_UNIMP, "log unimplemented instructions and syscalls" },
    { "strace", LOG_STRACE, "log every system call" },
    { "stats", LOG_STATS, "print translation statistics at exit" },
};

void tern_log(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(tern_log_file ? tern_log_file : stderr, fmt, ap);
    va_end(ap);
}

bool tern_log_parse(const char *spec, unsigned *mask)
{
    char buf[256];
    *mask = 0;
    if (strlen(spec) >= sizeof(buf)) {
        fprintf(stderr, "tern: -d argument too long\n");
        return false;
    }
    strcpy(buf, spec);
    for (char *save, *item = strtok_r(buf, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
        bool found = false;
        if (!strcmp(item, "help")) {
            printf("Log items (comma separated):\n");
            for (size_t i = 0; i < sizeof(log_items) / sizeof(log_items[0]); i++)
                printf("%-10s %s\n", log_items[i].name, log_items[i].help);
            return false;
        }
        for (size_t i = 0; i < sizeof(log_items) / sizeof(log_items[0]); i++) {
            if (!strcmp(item, log_items[i].name)) {
                *mask |= log_items[i].mask;
                found = true;
            }
        }
        if (!found) {
            fprintf(stderr, "tern: unknown log item '%s' (try -d help)\n", item);
            return false;
        }
    }
    return true;
}

bool tern_log_set_file(const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        return false;
    }
    setvbuf(f, NULL, _IOLBF, 0);
    tern_log_file = f;
    return true;
}

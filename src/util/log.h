/* log.h — the -d / -D diagnostics: a bit mask of enabled items and one
 * output stream.  Set once at start-up, read everywhere (no locking needed
 * after that; fprintf locks the stream per call). */
#ifndef TERN_UTIL_LOG_H
#define TERN_UTIL_LOG_H

#include <stdbool.h>
#include <stdio.h>

enum {
    LOG_IN_ASM = 1 << 0,  /* guest code of each translated block */
    LOG_OP = 1 << 1,      /* IR before the passes */
    LOG_OP_OPT = 1 << 2,  /* IR after the passes */
    LOG_OUT_ASM = 1 << 3, /* generated host code */
    LOG_EXEC = 1 << 4,    /* each block executed (slow: disables chaining) */
    LOG_UNIMP = 1 << 5,   /* unimplemented instructions and syscalls */
    LOG_STRACE = 1 << 6,  /* every syscall */
    LOG_STATS = 1 << 7,   /* translation statistics at exit */
};

extern unsigned tern_log_mask;
extern FILE *tern_log_file; /* stderr unless -D */

static inline bool tern_log_enabled(unsigned item) { return (tern_log_mask & item) != 0; }
void tern_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Parse "in_asm,op,..." into a mask; returns false and names the bad item
 * on stderr if one is unknown.  "help" lists the items and returns false. */
bool tern_log_parse(const char *spec, unsigned *mask);
bool tern_log_set_file(const char *path);

#endif

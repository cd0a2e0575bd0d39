/* tb_hints.h — translation hints shared by a tree of forked processes
 * (tb_hints.c): which blocks the others translated, so that a process
 * about to fork translates them first and its children inherit them. */
#ifndef TERN_TB_HINTS_H
#define TERN_TB_HINTS_H

#include <stdio.h>

#include "exec/exec.h"

/* Map the shared log unless TERN_HINTS=0 (from tcg_exec_init). */
void tb_hints_init(void);
/* A block was just translated for the cache with cpu's env (lock held):
 * forked processes log its key. */
void tb_hints_record(CPUState *cpu, const TranslationBlock *tb);
/* prev's goto_tb slot was just chained to next (lock held): forked
 * processes log the jump. */
void tb_hints_record_jump(const TranslationBlock *prev, int slot, const TranslationBlock *next);
/* Before a fork, outside cpu_exec: translate the logged blocks this
 * process lacks, so that the child starts with them. */
void tb_hints_before_fork(CPUState *cpu);
/* In a forked child: from now on its translations are logged. */
void tb_hints_fork_child(void);
/* The -d stats line. */
void tb_hints_print_stats(FILE *f);

#endif

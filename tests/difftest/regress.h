/* regress.h — fixed reproducers of the bugs the random tester found. */
#ifndef TERN_DIFFTEST_REGRESS_H
#define TERN_DIFFTEST_REGRESS_H

#include "difftest.h"

typedef struct RegressCase {
    const char *name;
    uint8_t bytes[16];
    size_t len;
    int feat;      /* FEAT_* the instruction needs: also run with tern's model lacking it */
    int lz_tz;     /* lzcnt/tzcnt: offset + 1 of the F3 (without the feature: bsr/bsf) */
    void (*setup)(MachineState *st, uint8_t *data); /* force what triggers the bug */
} RegressCase;

const RegressCase *regress_cases(int *n);
/* The case as a one-item sequence (tern's model without its feature if asked). */
void regress_sequence(const RegressCase *c, Sequence *seq, bool disable_feature);

#endif

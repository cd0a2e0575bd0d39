/* The n-body simulation of bench/nbody.c (five planets), run short: double
 * precision SSE2 arithmetic with sqrt and division in the inner loop. */
#define NBODY_STEPS 20000
#include "../../bench/nbody.c"

/* switch statements compiled to jump tables (dense cases), binary search
 * (sparse cases) and computed goto (labels as values): indirect jumps
 * through tables in .rodata. */
#include <stdio.h>

static int dense(int x)
{
    switch (x) {
    case 0: return 11; case 1: return 23; case 2: return 5; case 3: return 91;
    case 4: return 17; case 5: return 2; case 6: return 77; case 7: return 31;
    case 8: return 8; case 9: return 64; case 10: return 3; case 11: return 45;
    case 12: return 19; case 13: return 27; case 14: return 99; case 15: return 1;
    default: return -1;
    }
}

static const char *sparse(unsigned x)
{
    switch (x) {
    case 1: return "one"; case 10: return "ten"; case 100: return "hundred";
    case 1000: return "thousand"; case 65536: return "64k"; case 1u << 31: return "2^31";
    case 12345: return "12345"; case 99999: return "99999";
    default: return "other";
    }
}

static long computed_goto(const unsigned char *prog, int n)
{
    static void *labels[] = {&&op_inc, &&op_dbl, &&op_dec, &&op_neg};
    long acc = 1;
    int pc = 0;
#define NEXT() do { if (pc >= n) return acc; goto *labels[prog[pc++] & 3]; } while (0)
    NEXT();
op_inc: acc += 3; NEXT();
op_dbl: acc *= 2; NEXT();
op_dec: acc -= 1; NEXT();
op_neg: acc = -acc; NEXT();
#undef NEXT
}

int main(void)
{
    long sum = 0;
    for (int i = -3; i < 100000; i++) sum += dense(i % 19) * (i & 7);
    printf("dense sum %ld\n", sum);
    unsigned probes[] = {0, 1, 10, 100, 1000, 65536, 1u << 31, 12345, 99999, 7, 4294967295u};
    for (unsigned i = 0; i < sizeof probes / sizeof probes[0]; i++) printf("sparse %u %s\n", probes[i], sparse(probes[i]));
    unsigned char prog[1000];
    for (int i = 0; i < 1000; i++) prog[i] = (unsigned char)((i * 7 + i / 3) % 251);
    long total = 0;
    for (int r = 0; r < 300; r++) total += computed_goto(prog, 30 + r % 50);
    printf("computed goto %ld\n", total);
    return 0;
}

/* Two conditional jumps in a row that make one two-way branch, as
 * compilers emit after ucomisd: `jA X; jB X` (jump on A or B) and
 * `jA L; jB Y; L:` (jump to Y on B and not A).  The emulator translates
 * such a pair as one branch on the combined condition; here every pair
 * of the 16 conditions in both shapes (the second jump short or near)
 * runs after popf (every combination of the six arithmetic flags) and
 * after cmp (operands giving every outcome), with the flags' kind known
 * in the block or not (reached through an indirect jump, which starts a
 * block).  The native run is the oracle. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum { SET_POPF, SET_CMP, SET_CMP_INDIRECT, SET_POPF_INDIRECT, NB_SETTERS };

/* the flags setter, then the pair at label 9 (reached by a direct jump,
 * which continues the block, or an indirect one); r = 1 where it jumps */
#define SETTER_THEN(pair_asm)                                                             \
    "lea 9f(%%rip), %%r11\n\t"                                                            \
    "cmp $1, %k[setter]\n\t"                                                              \
    "je 1f\n\t"                                                                           \
    "cmp $2, %k[setter]\n\t"                                                              \
    "je 2f\n\t"                                                                           \
    "cmp $3, %k[setter]\n\t"                                                              \
    "je 3f\n\t"                                                                           \
    "lea -128(%%rsp), %%rsp\n\t" /* past the red zone; lea keeps the flags */             \
    "push %[bits]\n\t"                                                                    \
    "popfq\n\t"                                                                           \
    "lea 128(%%rsp), %%rsp\n\t"                                                           \
    "jmp 9f\n"                                                                            \
    "3: lea -128(%%rsp), %%rsp\n\t"                                                       \
    "push %[bits]\n\t"                                                                    \
    "popfq\n\t"                                                                           \
    "lea 128(%%rsp), %%rsp\n\t"                                                           \
    "jmp *%%r11\n"                                                                        \
    "1: cmp %[b], %[a]\n\t"                                                               \
    "jmp 9f\n"                                                                            \
    "2: cmp %[b], %[a]\n\t"                                                               \
    "jmp *%%r11\n"                                                                        \
    "9: " pair_asm "6: mov $0, %k[r]\n\t"                                                 \
    "jmp 8f\n"                                                                            \
    "7: mov $1, %k[r]\n"                                                                  \
    "8:"

/* `jA 7f; jB 7f` with a near second jump */
#define PAIR_EITHER(c1, c2) "j" #c1 " 7f\n\t%{disp32%} j" #c2 " 7f\n"
/* `jA 6f; jB 7f; 6:` */
#define PAIR_SECOND_ONLY(c1, c2) "j" #c1 " 6f\n\tj" #c2 " 7f\n"

#define PAIR_FN(shape, c1, c2)                                                            \
    static int shape##_##c1##_##c2(int setter, uint64_t a, uint64_t b, uint64_t bits)     \
    {                                                                                     \
        int r;                                                                            \
        __asm__ volatile(SETTER_THEN(shape(c1, c2))                                       \
                         : [r] "=&r"(r)                                                   \
                         : [setter] "r"(setter), [a] "r"(a), [b] "r"(b), [bits] "r"(bits) \
                         : "r11", "cc", "memory");                                        \
        return r;                                                                         \
    }

#define FOR_EACH_SECOND(X, shape, c1)                                                     \
    X(shape, c1, o) X(shape, c1, no) X(shape, c1, b) X(shape, c1, ae) X(shape, c1, e)     \
    X(shape, c1, ne) X(shape, c1, be) X(shape, c1, a) X(shape, c1, s) X(shape, c1, ns)    \
    X(shape, c1, p) X(shape, c1, np) X(shape, c1, l) X(shape, c1, ge) X(shape, c1, le)    \
    X(shape, c1, g)
#define FOR_EACH_PAIR(X, shape)                                                           \
    FOR_EACH_SECOND(X, shape, o) FOR_EACH_SECOND(X, shape, no)                            \
    FOR_EACH_SECOND(X, shape, b) FOR_EACH_SECOND(X, shape, ae)                            \
    FOR_EACH_SECOND(X, shape, e) FOR_EACH_SECOND(X, shape, ne)                            \
    FOR_EACH_SECOND(X, shape, be) FOR_EACH_SECOND(X, shape, a)                            \
    FOR_EACH_SECOND(X, shape, s) FOR_EACH_SECOND(X, shape, ns)                            \
    FOR_EACH_SECOND(X, shape, p) FOR_EACH_SECOND(X, shape, np)                            \
    FOR_EACH_SECOND(X, shape, l) FOR_EACH_SECOND(X, shape, ge)                            \
    FOR_EACH_SECOND(X, shape, le) FOR_EACH_SECOND(X, shape, g)

FOR_EACH_PAIR(PAIR_FN, PAIR_EITHER)
FOR_EACH_PAIR(PAIR_FN, PAIR_SECOND_ONLY)

typedef int PairFn(int setter, uint64_t a, uint64_t b, uint64_t bits);
#define PAIR_ENTRY(shape, c1, c2) { #c1, #c2, shape##_##c1##_##c2 },
static const struct { const char *c1, *c2; PairFn *fn; } either[] = {
    FOR_EACH_PAIR(PAIR_ENTRY, PAIR_EITHER)
}, second_only[] = { FOR_EACH_PAIR(PAIR_ENTRY, PAIR_SECOND_ONLY) };

static const uint64_t operands[] = {
    0, 1, 2, 0x7f, 0x80, 0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff,
};
#define NB_OPERANDS (sizeof operands / sizeof operands[0])

/* the flag bits popf may set here: CF PF AF ZF SF OF */
static uint64_t flags_from_index(unsigned i)
{
    static const uint64_t bit[] = { 0x1, 0x4, 0x10, 0x40, 0x80, 0x800 };
    uint64_t f = 2;
    for (unsigned k = 0; k < 6; k++)
        if (i >> k & 1)
            f |= bit[k];
    return f;
}

static unsigned run_pair(PairFn *fn)
{
    unsigned hash = 0;
    for (int setter = 0; setter < NB_SETTERS; setter++) {
        bool popf = setter == SET_POPF || setter == SET_POPF_INDIRECT;
        unsigned n = popf ? 64 : NB_OPERANDS * NB_OPERANDS;
        for (unsigned i = 0; i < n; i++) {
            uint64_t a = operands[i % NB_OPERANDS], b = operands[i / NB_OPERANDS % NB_OPERANDS];
            hash = hash * 3 + (unsigned)fn(setter, a, b, flags_from_index(i & 63));
        }
    }
    return hash;
}

static void run_shape(const char *shape, const char *c1_first, unsigned from)
{
    printf("%s j%-3s", shape, c1_first);
    for (unsigned k = from; k < from + 16; k++)
        printf(" %08x", run_pair(shape[0] == 'e' ? either[k].fn : second_only[k].fn));
    printf("\n");
}

int main(void)
{
    for (unsigned c1 = 0; c1 < 16; c1++) {
        run_shape("either", either[16 * c1].c1, 16 * c1);
        run_shape("second", second_only[16 * c1].c1, 16 * c1);
    }
    return 0;
}

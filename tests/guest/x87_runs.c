/* x87_runs.c — consecutive x87 register instructions, which tern runs on
 * the host's x87 holding the guest's state: from stacks holding 0 to 8 values (so that runs overflow and
 * underflow midway), with pops of values the run computed (a popped
 * register keeps its contents: fnsave and MMX show them), fcomi after an
 * inexact operation (C1), a load from memory starting a run, and a
 * computation interrupted by signals whose handler does x87 work too.
 * Prints fnsave images (control, status and tag words, every register)
 * and MMX reads as hex. */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

typedef struct { uint16_t cw, pad0, sw, pad1, tw, pad2; uint32_t ip, op, dp, ds; uint8_t regs[80]; } Image;

static void show(const char *what, int depth, const Image *im, uint32_t eflags)
{
    printf("%s/%d cw=%04x sw=%04x tw=%04x fl=%02x", what, depth, im->cw, im->sw, im->tw, eflags & 0xc5);
    for (int r = 0; r < 8; r++) {
        printf(" ");
        for (int b = 9; b >= 0; b--)
            printf("%02x", im->regs[10 * r + b]);
    }
    printf("\n");
}

static const long double seeds[8] = { 1.0L / 3, -2.5L, 7.0L, 1e-3L, 12345.678L, -0.1L, 3.0L, 1e300L };

/* fninit, push depth values, run the instructions, fnsave (and the
 * EFLAGS after them, for fcomi) */
#define RUN(name, insns)                                                                         \
    static void name(int depth)                                                                  \
    {                                                                                            \
        Image im;                                                                                \
        uint64_t fl;                                                                             \
        __asm__ volatile("fninit\n\t"                                                            \
                         "cmpl $0, %[d]\n\tje 2f\n\t"                                            \
                         "xorl %%ecx, %%ecx\n"                                                   \
                         "1:\tfldt (%[s],%%rcx)\n\taddl $16, %%ecx\n\tdecl %[d]\n\tjnz 1b\n"     \
                         "2:\t" insns "\n\tpushfq\n\tpopq %[fl]\n\tfnsave %[im]\n\tfninit"      \
                         : [im] "=m"(im), [fl] "=r"(fl), [d] "+r"(depth)                         \
                         : [s] "r"(seeds), "m"(seeds) : "rcx", "cc", "memory");                  \
        show(#name, depth0, &im, (uint32_t)fl);                                                  \
    }

static int depth0;

/* a Horner step and a sum, as compilers emit them */
RUN(horner, "fld %%st(2)\n\tfmul %%st(3), %%st\n\tfld1\n\tfaddp\n\tfadd %%st(1), %%st\n\tfstp %%st(2)")
/* computed values popped: fnsave shows what the popped registers kept */
RUN(popped, "fld %%st(0)\n\tfsqrt\n\tfld1\n\tfdivrp\n\tfldpi\n\tfmulp %%st, %%st(1)\n\tfstp %%st(0)")
/* fcomi after an inexact division, and with pops */
RUN(fcomi_c1, "fld %%st(1)\n\tfdiv %%st(1), %%st\n\tfcomi %%st(1), %%st\n\tfstp %%st(0)")
RUN(fcomip, "fldz\n\tfld %%st(2)\n\tfdiv %%st(2), %%st\n\tfucomip %%st(1), %%st\n\tfcomip %%st(2), %%st")
/* compares and exchanges */
RUN(compares, "fxch %%st(3)\n\tfcom %%st(1)\n\tfucom %%st(2)\n\tfld %%st(0)\n\tfchs\n\tfcompp\n\tfabs")
/* seven pushes: overflows once the stack holds two values */
RUN(pushes, "fld1\n\tfldz\n\tfldpi\n\tfldl2e\n\tfldln2\n\tfld %%st(2)\n\tfld %%st(4)\n\tfaddp %%st, %%st(3)")
/* pops below the values present */
RUN(pops, "fadd %%st(1), %%st\n\tfstp %%st(1)\n\tfmulp %%st, %%st(1)\n\tfsubrp %%st, %%st(1)\n\tfdivp %%st, %%st(2)")

/* a load from memory starting a run, into a full stack too */
static void load_run(int depth)
{
    static const long double v = 2.75L;
    Image im;
    __asm__ volatile("fninit\n\tcmpl $0, %[d]\n\tje 2f\n\txorl %%ecx, %%ecx\n"
                     "1:\tfldt (%[s],%%rcx)\n\taddl $16, %%ecx\n\tdecl %[d]\n\tjnz 1b\n"
                     "2:\tfldt %[v]\n\tfmul %%st(1), %%st\n\tfaddp\n\tfnsave %[im]\n\tfninit"
                     : [im] "=m"(im), [d] "+r"(depth) : [s] "r"(seeds), [v] "m"(v), "m"(seeds) : "rcx", "cc", "memory");
    show("load_run", depth0, &im, 0);
}

/* MMX reads the physical registers a run pushed and popped */
static void mmx_after(void)
{
    uint64_t mm[3];
    __asm__ volatile("fninit\n\tfld1\n\tfldpi\n\tfld %%st(1)\n\tfdiv %%st(1), %%st\n\tfaddp %%st, %%st(1)\n\tfstp %%st(0)\n\t"
                     "movq %%mm7, %0\n\tmovq %%mm6, %1\n\tmovq %%mm5, %2\n\temms"
                     : "=m"(mm[0]), "=m"(mm[1]), "=m"(mm[2]) : : "memory");
    printf("mmx %016llx %016llx %016llx\n", (unsigned long long)mm[0], (unsigned long long)mm[1],
           (unsigned long long)mm[2]);
}

/* The handler computes on the x87 itself: the interrupted runs must find
 * their stack as they left it. */
static volatile sig_atomic_t ticks;
static volatile long double in_handler;

static void on_alarm(int sig)
{
    (void)sig;
    long double x = in_handler;
    __asm__ volatile("fldt %1\n\tfld1\n\tfaddp\n\tfsqrt\n\tfstpt %0" : "=m"(x) : "m"(x));
    in_handler = x;
    ticks++;
}

static void interrupted(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = { { 0, 200 }, { 0, 200 } };
    setitimer(ITIMER_REAL, &it, NULL);
    long double acc = 0, x = 0.5L;
    for (int i = 0; i < 3000000; i++) {
        long double p = 0.25L;
        __asm__ volatile("fldt %1\n\tfldt %2\n\tfld %%st(1)\n\tfmul %%st(1), %%st\n\tfaddp %%st, %%st(2)\n\tfstp %%st(0)\n\tfstpt %0"
                         : "=m"(p) : "m"(p), "m"(x));
        acc += p;
        x = x * 1.0000001L + 1e-9L;
    }
    struct itimerval off = { { 0, 0 }, { 0, 0 } };
    setitimer(ITIMER_REAL, &off, NULL);
    printf("interrupted %.18Le (signals seen: %s)\n", acc, ticks > 0 ? "yes" : "no");
}

int main(void)
{
    for (depth0 = 0; depth0 <= 8; depth0++) {
        horner(depth0);
        popped(depth0);
        fcomi_c1(depth0);
        fcomip(depth0);
        compares(depth0);
        pushes(depth0);
        pops(depth0);
        load_run(depth0);
    }
    mmx_after();
    interrupted();
    return 0;
}

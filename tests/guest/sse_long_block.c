/* Blocks of hundreds of SSE instructions without a branch, as glibc's
 * pow and log have: registers first used, or written and read again,
 * far from the block's start, with integer work and memory operands in
 * between.  The emulator keeps guest xmm registers in host registers
 * across such a block and must know, at every point, which of them it
 * has synchronized.  The native run is the oracle. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static void print_lanes(const char *what, const double *v, int n)
{
    printf("%s", what);
    for (int i = 0; i < n; i++) {
        uint64_t bits;
        memcpy(&bits, &v[i], sizeof bits);
        printf(" %016llx", (unsigned long long)bits);
    }
    printf("\n");
}

/* 300 dependent scalar operations on xmm0-xmm2, then xmm3-xmm15 used for
 * the first time; xmm4's early value is read again at the end */
static void late_first_use(const double in[16], double out[16])
{
    __asm__ volatile("movsd 0(%[in]), %%xmm0\n\t"
                     "movsd 8(%[in]), %%xmm1\n\t"
                     "movsd 16(%[in]), %%xmm2\n\t"
                     ".rept 150\n\t"
                     "mulsd %%xmm1, %%xmm0\n\t"
                     "addsd %%xmm2, %%xmm0\n\t"
                     ".endr\n\t"
                     "movsd 24(%[in]), %%xmm3\n\t"
                     "addsd %%xmm0, %%xmm3\n\t"
                     "movapd %%xmm3, %%xmm5\n\t"
                     "mulsd 32(%[in]), %%xmm5\n\t"
                     "movupd 48(%[in]), %%xmm6\n\t"
                     "addpd %%xmm6, %%xmm6\n\t"
                     "movapd %%xmm6, %%xmm7\n\t"
                     "unpckhpd %%xmm5, %%xmm7\n\t"
                     "pxor %%xmm8, %%xmm8\n\t"
                     "subsd %%xmm7, %%xmm8\n\t"
                     "movsd 64(%[in]), %%xmm9\n\t"
                     "sqrtsd %%xmm9, %%xmm9\n\t"
                     "movsd 72(%[in]), %%xmm10\n\t"
                     "divsd %%xmm9, %%xmm10\n\t"
                     "movapd %%xmm10, %%xmm11\n\t"
                     "maxsd %%xmm8, %%xmm11\n\t"
                     "movapd %%xmm11, %%xmm12\n\t"
                     "minsd %%xmm0, %%xmm12\n\t"
                     "movq %%xmm12, %%rax\n\t"
                     "xor $0x5a5a, %%rax\n\t"
                     "movq %%rax, %%xmm13\n\t"
                     "movsd 80(%[in]), %%xmm14\n\t"
                     "mulsd %%xmm13, %%xmm14\n\t"
                     "movsd 88(%[in]), %%xmm15\n\t"
                     "addsd %%xmm14, %%xmm15\n\t"
                     "movsd %%xmm0, 0(%[out])\n\t"
                     "movsd %%xmm3, 8(%[out])\n\t"
                     "movsd %%xmm5, 16(%[out])\n\t"
                     "movupd %%xmm6, 24(%[out])\n\t"
                     "movupd %%xmm7, 40(%[out])\n\t"
                     "movsd %%xmm8, 56(%[out])\n\t"
                     "movsd %%xmm9, 64(%[out])\n\t"
                     "movsd %%xmm10, 72(%[out])\n\t"
                     "movsd %%xmm11, 80(%[out])\n\t"
                     "movsd %%xmm12, 88(%[out])\n\t"
                     "movsd %%xmm13, 96(%[out])\n\t"
                     "movsd %%xmm14, 104(%[out])\n\t"
                     "movsd %%xmm15, 112(%[out])\n\t"
                     :
                     : [in] "r"(in), [out] "r"(out)
                     : "rax", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",
                       "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15",
                       "memory");
}

/* xmm4 written at the start, read back after 400 operations that leave it
 * alone, integer instructions and guest memory traffic among them */
static void early_write_late_read(const double in[16], double out[16])
{
    __asm__ volatile("movsd 0(%[in]), %%xmm4\n\t"
                     "addsd 8(%[in]), %%xmm4\n\t"
                     "movsd 16(%[in]), %%xmm0\n\t"
                     ".rept 100\n\t"
                     "addsd 24(%[in]), %%xmm0\n\t"
                     "movsd %%xmm0, 120(%[out])\n\t"
                     "mov 120(%[out]), %%rax\n\t"
                     "add $1, %%rax\n\t"
                     ".endr\n\t"
                     "mulsd %%xmm0, %%xmm4\n\t"
                     "movsd %%xmm4, 0(%[out])\n\t"
                     "movsd %%xmm0, 8(%[out])\n\t"
                     "mov %%rax, 16(%[out])\n\t"
                     :
                     : [in] "r"(in), [out] "r"(out)
                     : "rax", "xmm0", "xmm4", "memory");
}

int main(void)
{
    double in[16], out[16];
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 16; i++)
            in[i] = (i + 1) * 0.37 - round * 1.5 + (i & 1 ? -0.0625 : 0.125);
        in[1] = 0.999 - round * 0.001; /* keeps the 150 steps finite */
        memset(out, 0, sizeof out);
        late_first_use(in, out);
        print_lanes("late_first_use", out, 15);
        memset(out, 0, sizeof out);
        early_write_late_read(in, out);
        print_lanes("early_write_late_read", out, 3);
    }
    return 0;
}

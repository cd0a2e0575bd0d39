/* sse_image_rewrite.c — an xmm register written by a plain store to its
 * image in env (pinsrd), then by an instruction that runs on the host
 * register (movd from a general register, movups from memory), then read
 * by a plain load (pextrd), all in one block: the read must see the
 * second write, not a value the optimizer remembered from the first. */
#include <stdint.h>
#include <stdio.h>

int main(void)
{
    static const uint32_t mem[4] __attribute__((aligned(16))) = { 0x33333333, 0x44444444, 0x55555555, 0x66666666 };
    uint32_t after_movd, after_movups;
    __asm__ volatile("mov $0x11111111, %%eax\n"
                     "mov $0x22222222, %%ecx\n"
                     "pinsrd $0, %%eax, %%xmm1\n"
                     "movd %%ecx, %%xmm1\n"
                     "pextrd $0, %%xmm1, %0\n"
                     "pinsrd $0, %%eax, %%xmm2\n"
                     "movups (%2), %%xmm2\n"
                     "pextrd $0, %%xmm2, %1\n"
                     : "=&r"(after_movd), "=&r"(after_movups)
                     : "r"(mem)
                     : "eax", "ecx", "xmm1", "xmm2");
    printf("after movd %08x, after movups %08x\n", after_movd, after_movups);
    return 0;
}

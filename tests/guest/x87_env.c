/* x87 state: fnstenv/fldenv and fnsave/frstor images (32-bit and 16-bit
 * layouts; the instruction and data pointer fields are left out, they
 * differ between CPU models), the tag word, the status word through
 * fnstsw m16 and fnstsw ax, TOP, stack overflow and underflow with their
 * masked responses, fxch, ffree/ffreep, fincstp/fdecstp, fnclex, fninit,
 * and unmasked exception flags (ES/B) without a trap. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef struct { uint64_t m; uint16_t e; } __attribute__((packed)) X80;

static const X80 one = { 1ull << 63, 0x3fff }, zero = { 0, 0 }, denorm = { 1, 0 },
                 inf = { 1ull << 63, 0x7fff }, unnormal = { 0x4000000000000000ull, 0x3fff };

static void show_env32(const char *what, const uint32_t *e)
{
    printf("%s cw=%08x sw=%08x tw=%08x\n", what, e[0], e[1], e[2]);
}

static void show_regs(const uint8_t *p)
{
    for (int i = 0; i < 8; i++) {
        X80 r;
        memcpy(&r, p + 10 * i, 10);
        printf("  st%d=%04x:%016llx\n", i, r.e, (unsigned long long)r.m);
    }
}

static void env_images(void)
{
    uint32_t e1[7], e2[7];
    uint16_t cw_after, e16[7], sw;
    __asm__ volatile("fninit\n\tfldt %[z]\n\tfldt %[d]\n\tfldt %[i]\n\tfldt %[u]\n\tfldt %[o]\n\t"
                     "fld1\n\tfdiv %%st, %%st(1)\n\tfstp %%st(0)\n\t"
                     "fnstenv %[e1]\n\tfnstcw %[cwa]\n\tdata16 fnstenv %[e16]\n\tfnstsw %[sw]\n\tfninit"
                     : [e1] "=m"(e1), [cwa] "=m"(cw_after), [e16] "=m"(e16), [sw] "=m"(sw)
                     : [z] "m"(zero), [d] "m"(denorm), [i] "m"(inf), [u] "m"(unnormal), [o] "m"(one));
    show_env32("fnstenv", e1);
    printf("cw after fnstenv=%04x; 16-bit image cw=%04x sw=%04x tw=%04x; sw=%04x\n", cw_after, e16[0], e16[1],
           e16[2], sw);
    /* fldenv: a different TOP, tags, a masked-out control word, flags */
    memcpy(e2, e1, sizeof(e2));
    e2[0] = 0xffff0c7e;                 /* RC up-ish, IE unmasked */
    e2[1] = 0xffff0000 | (3u << 11) | 0x4101;
    e2[2] = 0xffff5a5f;
    uint32_t e3[7];
    uint16_t sw2, cw2;
    __asm__ volatile("fninit\n\tfldenv %[e2]\n\tfnstsw %[sw]\n\tfnstcw %[cw]\n\tfnstenv %[e3]\n\tfninit"
                     : [sw] "=m"(sw2), [cw] "=m"(cw2), [e3] "=m"(e3) : [e2] "m"(e2));
    printf("after fldenv sw=%04x cw=%04x\n", sw2, cw2);
    show_env32("re-stored", e3);
}

static void save_restore(void)
{
    uint8_t img[108], img2[108], img16[94];
    X80 back[3];
    uint16_t sw;
    __asm__ volatile("fninit\n\tfldpi\n\tfldl2e\n\tfldt %[d]\n\tfnsave %[img]\n\tfnstsw %[sw]\n\t"
                     "frstor %[img]\n\tdata16 fnsave %[i16]\n\tdata16 frstor %[i16]\n\t"
                     "fstpt %[b0]\n\tfstpt %[b1]\n\tfstpt %[b2]\n\tfnsave %[img2]\n\tfninit"
                     : [img] "=m"(img), [img2] "=m"(img2), [i16] "=m"(img16), [sw] "=m"(sw),
                       [b0] "=m"(back[0]), [b1] "=m"(back[1]), [b2] "=m"(back[2])
                     : [d] "m"(denorm) : "memory");
    show_env32("fnsave", (const uint32_t *)img);
    show_regs(img + 28);
    printf("sw after fnsave=%04x\n", sw);
    printf("16-bit image cw=%04x sw=%04x tw=%04x\n", *(uint16_t *)img16, *(uint16_t *)(img16 + 2),
           *(uint16_t *)(img16 + 4));
    show_regs(img16 + 14);
    for (int i = 0; i < 3; i++)
        printf("back%d=%04x:%016llx\n", i, back[i].e, (unsigned long long)back[i].m);
    show_env32("after pops", (const uint32_t *)img2);
}

static void overflow_underflow(void)
{
    uint16_t sw[4];
    X80 r[9];
    __asm__ volatile("fninit\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfldpi\n\t"
                     "fnstsw %[s0]\n\tfldz\n\tfnstsw %[s1]\n\t"
                     "fstpt %[r0]\n\tfstpt %[r1]\n\tfstpt %[r2]\n\tfstpt %[r3]\n\tfstpt %[r4]\n\t"
                     "fstpt %[r5]\n\tfstpt %[r6]\n\tfstpt %[r7]\n\tfnstsw %[s2]\n\tfstpt %[r8]\n\t"
                     "fnstsw %[s3]\n\tfninit"
                     : [s0] "=m"(sw[0]), [s1] "=m"(sw[1]), [s2] "=m"(sw[2]), [s3] "=m"(sw[3]),
                       [r0] "=m"(r[0]), [r1] "=m"(r[1]), [r2] "=m"(r[2]), [r3] "=m"(r[3]),
                       [r4] "=m"(r[4]), [r5] "=m"(r[5]), [r6] "=m"(r[6]), [r7] "=m"(r[7]),
                       [r8] "=m"(r[8]));
    printf("overflow sw=%04x %04x %04x %04x\n", sw[0], sw[1], sw[2], sw[3]);
    for (int i = 0; i < 9; i++)
        printf("  r%d=%04x:%016llx\n", i, r[i].e, (unsigned long long)r[i].m);
    /* underflow in arithmetic, fxch, fst st(i) with an empty ST(0) */
    uint16_t u[5];
    X80 a, b;
    __asm__ volatile("fninit\n\tfld1\n\tfadd %%st(3), %%st\n\tfnstsw %[u0]\n\tfnclex\n\t"
                     "fxch %%st(2)\n\tfnstsw %[u1]\n\tfnclex\n\tfstpt %[a]\n\tfnstsw %[u2]\n\t"
                     "fnclex\n\tfst %%st(1)\n\tfnstsw %[u3]\n\tfstpt %[b]\n\tfnstsw %[u4]\n\tfninit"
                     : [u0] "=m"(u[0]), [u1] "=m"(u[1]), [u2] "=m"(u[2]), [u3] "=m"(u[3]), [u4] "=m"(u[4]),
                       [a] "=m"(a), [b] "=m"(b));
    printf("underflow sw=%04x %04x %04x %04x %04x a=%04x:%016llx b=%04x:%016llx\n", u[0], u[1], u[2], u[3],
           u[4], a.e, (unsigned long long)a.m, b.e, (unsigned long long)b.m);
}

static void stack_ops(void)
{
    uint16_t s[6], ax;
    uint32_t e[7];
    __asm__ volatile("fninit\n\tfld1\n\tfldz\n\tfldpi\n\tfincstp\n\tfnstsw %[s0]\n\tfdecstp\n\t"
                     "fdecstp\n\tfnstsw %[s1]\n\tfincstp\n\tffree %%st(1)\n\tfnstenv %[e]\n\t"
                     "fldcw %[e]\n\tfxch %%st(2)\n\tfnstsw %[s2]\n\t.byte 0xdf, 0xc0\n\tfnstsw %[s3]\n\t"
                     "fnstsw %%ax\n\tmovw %%ax, %[ax]\n\tfninit\n\tfnstsw %[s4]"
                     : [s0] "=m"(s[0]), [s1] "=m"(s[1]), [s2] "=m"(s[2]), [s3] "=m"(s[3]), [s4] "=m"(s[4]),
                       [e] "+m"(e), [ax] "=m"(ax) : : "rax");
    printf("stack ops sw=%04x %04x %04x %04x %04x ax=%04x tw=%04x\n", s[0], s[1], s[2], s[3], s[4], ax,
           e[2] & 0xffff);
}

/* exceptions flagged while unmasked set ES and B; fnclex clears them */
static void exception_flags(void)
{
    static const uint16_t cw_unmask_ze = 0x037b, cw_def = 0x037f;
    uint16_t s[4];
    uint32_t env[7];
    X80 r;
    /* only no-wait instructions while an unmasked exception is pending */
    __asm__ volatile("fninit\n\tfld1\n\tfldz\n\tfdivr %%st(1), %%st\n\tfnstsw %[s0]\n\t"
                     "fldcw %[u]\n\tfnstsw %[s1]\n\tfnstenv %[env]\n\tfnstsw %[s2]\n\t"
                     "fnclex\n\tfldcw %[u]\n\tfnstsw %[s3]\n\tfstpt %[r]\n\tfninit\n\tfldcw %[d]"
                     : [s0] "=m"(s[0]), [s1] "=m"(s[1]), [s2] "=m"(s[2]), [s3] "=m"(s[3]), [r] "=m"(r),
                       [env] "=m"(env)
                     : [u] "m"(cw_unmask_ze), [d] "m"(cw_def));
    printf("exceptions sw=%04x %04x %04x %04x r=%04x:%016llx env cw=%04x sw=%04x\n", s[0], s[1], s[2], s[3],
           r.e, (unsigned long long)r.m, env[0] & 0xffff, env[1] & 0xffff);
}

int main(void)
{
    env_images();
    save_restore();
    overflow_underflow();
    stack_ops();
    exception_flags();
    return 0;
}

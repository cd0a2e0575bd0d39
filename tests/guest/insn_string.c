/* insn_string.c — movs/stos/lods/scas/cmps at every size, with and
 * without REP/REPE/REPNE, forwards and backwards (DF), zero counts,
 * overlapping copies, and the registers (rcx/rsi/rdi/rax) and flags
 * each leaves behind. */
#include <string.h>

#include "insn_common.h"

static uint8_t area[512];

static void fill(void)
{
    for (int i = 0; i < 512; i++)
        area[i] = (uint8_t)(i * 37 + (i >> 3));
}

static uint32_t sum_area(void)
{
    uint32_t h = 2166136261u;
    for (int i = 0; i < 512; i++)
        h = (h ^ area[i]) * 16777619u;
    return h;
}

/* run "insn" with rsi/rdi as offsets into area, rcx, rax, DF; print state */
#define STRING_CASE(label, insn, df)                                                              \
    static void label(unsigned si, unsigned di, uint64_t cx, uint64_t ax)                         \
    {                                                                                             \
        fill();                                                                                   \
        uint64_t s = (uint64_t)(area + si), d = (uint64_t)(area + di), c = cx, a = ax, fo;        \
        __asm__ volatile(ENTER_FLAGS df "\n\t" insn "\n\tcld" LEAVE_FLAGS                          \
                         : "+S"(s), "+D"(d), "+c"(c), "+a"(a), [fo] "=&r"(fo)                     \
                         : [fi] "r"((uint64_t)0x8d7)                                              \
                         : "cc", "memory");                                                       \
        printf("%s si=%u di=%u cx=%llu ax=%llx: si=%lld di=%lld cx=%llu ax=%llx f=%03llx mem=%08x\n", \
               #label, si, di, (unsigned long long)cx, (unsigned long long)ax,                    \
               (long long)(s - (uint64_t)area), (long long)(d - (uint64_t)area),                  \
               (unsigned long long)c, (unsigned long long)a, (unsigned long long)(fo & F_ARITH),  \
               sum_area());                                                                       \
    }

STRING_CASE(movsb, "movsb", "cld")
STRING_CASE(movsq_std, "movsq", "std")
STRING_CASE(rep_movsb, "rep movsb", "cld")
STRING_CASE(rep_movsw, "rep movsw", "cld")
STRING_CASE(rep_movsl_std, "rep movsl", "std")
STRING_CASE(rep_movsq, "rep movsq", "cld")
STRING_CASE(rep_stosb, "rep stosb", "cld")
STRING_CASE(rep_stosw_std, "rep stosw", "std")
STRING_CASE(rep_stosl, "rep stosl", "cld")
STRING_CASE(rep_stosq_std, "rep stosq", "std")
STRING_CASE(lodsb, "lodsb", "cld")
STRING_CASE(lodsl_std, "lodsl", "std")
STRING_CASE(rep_lodsw, "rep lodsw", "cld")
STRING_CASE(scasb, "scasb", "cld")
STRING_CASE(repne_scasb, "repne scasb", "cld")
STRING_CASE(repe_scasb, "repe scasb", "cld")
STRING_CASE(repne_scasw_std, "repne scasw", "std")
STRING_CASE(repne_scasq, "repne scasq", "cld")
STRING_CASE(cmpsb, "cmpsb", "cld")
STRING_CASE(repe_cmpsb, "repe cmpsb", "cld")
STRING_CASE(repe_cmpsl_std, "repe cmpsl", "std")
STRING_CASE(repne_cmpsb, "repne cmpsb", "cld")
STRING_CASE(repe_cmpsq, "repe cmpsq", "cld")
STRING_CASE(rep_movsb_a32, "addr32 rep movsb", "cld")

typedef void (*Case)(unsigned, unsigned, uint64_t, uint64_t);

int main(void)
{
    static const struct { Case fn; int backwards; } cases[] = {
        { movsb, 0 }, { movsq_std, 1 }, { rep_movsb, 0 }, { rep_movsw, 0 }, { rep_movsl_std, 1 },
        { rep_movsq, 0 }, { rep_stosb, 0 }, { rep_stosw_std, 1 }, { rep_stosl, 0 }, { rep_stosq_std, 1 },
        { lodsb, 0 }, { lodsl_std, 1 }, { rep_lodsw, 0 }, { scasb, 0 }, { repne_scasb, 0 },
        { repe_scasb, 0 }, { repne_scasw_std, 1 }, { repne_scasq, 0 }, { cmpsb, 0 }, { repe_cmpsb, 0 },
        { repe_cmpsl_std, 1 }, { repne_cmpsb, 0 }, { repe_cmpsq, 0 }, { rep_movsb_a32, 0 },
    };
    static const uint64_t counts[] = { 0, 1, 2, 7, 16, 33 };
    static const uint64_t accs[] = { 0, 0x25, 0xffffffffffffffffull, 0x8a59 };
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++)
        for (size_t c = 0; c < sizeof(counts) / sizeof(counts[0]); c++)
            for (size_t a = 0; a < sizeof(accs) / sizeof(accs[0]); a++) {
                unsigned base = cases[k].backwards ? 300 : 40;
                cases[k].fn(base, base + 5, counts[c], accs[a]);     /* overlapping */
                cases[k].fn(base + 64, base, counts[c], accs[a]);
            }
    /* a compare that finds its match: equal prefixes of known length */
    for (unsigned len = 0; len < 40; len += 3) {
        char x[64], y[64];
        memset(x, 'a', sizeof(x));
        memset(y, 'a', sizeof(y));
        y[len] = 'b';
        uint64_t s = (uint64_t)x, d = (uint64_t)y, c = 50, fo;
        __asm__ volatile(ENTER_FLAGS "cld\n\trepe cmpsb" LEAVE_FLAGS
                         : "+S"(s), "+D"(d), "+c"(c), [fo] "=&r"(fo) : [fi] "r"((uint64_t)2) : "cc", "memory");
        printf("strcmp len=%u: %lld %llu %03llx\n", len, (long long)(s - (uint64_t)x), (unsigned long long)c,
               (unsigned long long)(fo & F_ARITH));
    }
    return 0;
}

/* sse_common.h — shared by the tests/guest/sse_*.c programs: printing
 * vectors as hex, hiding values from the compiler so the instructions
 * really run (no constant folding), and MXCSR access.  The programs build
 * with plain `gcc -static -O0/-O2`: they enable the ISA extensions they
 * need with a target pragma before including this file. */
#ifndef SSE_COMMON_H
#define SSE_COMMON_H

#include <immintrin.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static inline __m128i opaque_i(__m128i v)
{
    __asm__ volatile("" : "+x"(v));
    return v;
}

static inline __m128 opaque_ps(__m128 v)
{
    __asm__ volatile("" : "+x"(v));
    return v;
}

static inline __m128d opaque_pd(__m128d v)
{
    __asm__ volatile("" : "+x"(v));
    return v;
}

static inline void print_i(const char *name, __m128i v)
{
    uint64_t q[2];
    memcpy(q, &v, 16);
    printf("%s %016llx%016llx\n", name, (unsigned long long)q[1], (unsigned long long)q[0]);
}

static inline void print_ps(const char *name, __m128 v) { print_i(name, _mm_castps_si128(v)); }
static inline void print_pd(const char *name, __m128d v) { print_i(name, _mm_castpd_si128(v)); }

static inline __m128i from_u64(uint64_t hi, uint64_t lo)
{
    return opaque_i(_mm_set_epi64x((long long)hi, (long long)lo));
}

static inline unsigned get_csr(void)
{
    unsigned v;
    __asm__ volatile("stmxcsr %0" : "=m"(v));
    return v;
}

static inline void set_csr(unsigned v) { __asm__ volatile("ldmxcsr %0" : : "m"(v)); }

/* MXCSR with all exceptions masked, the given rounding mode (0-3) and
 * FTZ/DAZ, flags clear */
static inline void set_mode(int rc, int ftz, int daz)
{
    set_csr(0x1f80 | (rc << 13) | (ftz ? 0x8000 : 0) | (daz ? 0x40 : 0));
}

static inline unsigned take_flags(void)
{
    unsigned f = get_csr() & 0x3f;
    set_csr(get_csr() & ~0x3fu);
    return f;
}

#endif

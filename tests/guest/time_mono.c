/* Clocks must move forward: time, gettimeofday, clock_gettime (REALTIME,
 * MONOTONIC, PROCESS_CPUTIME) read in a loop never decrease and stay near
 * each other.  Only "ok" lines are printed, so output is deterministic. */
#include <stdio.h>
#include <time.h>
#include <sys/time.h>

static double ts(clockid_t c)
{
    struct timespec t;
    clock_gettime(c, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(void)
{
    time_t t0 = time(NULL);
    struct timeval tv0;
    gettimeofday(&tv0, NULL);
    double m0 = ts(CLOCK_MONOTONIC), r0 = ts(CLOCK_REALTIME), c0 = ts(CLOCK_PROCESS_CPUTIME_ID);
    int mono_ok = 1, real_ok = 1;
    double prev = m0;
    volatile unsigned long spin = 0;
    for (int i = 0; i < 20000; i++) {
        double m = ts(CLOCK_MONOTONIC);
        if (m < prev) mono_ok = 0;
        prev = m;
        spin += (unsigned long)i;
    }
    time_t t1 = time(NULL);
    struct timeval tv1;
    gettimeofday(&tv1, NULL);
    double r1 = ts(CLOCK_REALTIME), c1 = ts(CLOCK_PROCESS_CPUTIME_ID);
    real_ok = t1 >= t0 && r1 >= r0 && (tv1.tv_sec > tv0.tv_sec || (tv1.tv_sec == tv0.tv_sec && tv1.tv_usec >= tv0.tv_usec));
    printf("%s monotonic non-decreasing\n", mono_ok ? "ok" : "FAIL");
    printf("%s realtime non-decreasing\n", real_ok ? "ok" : "FAIL");
    printf("%s time() agrees with realtime\n", (double)t0 <= r0 + 1 && r0 <= (double)t0 + 2 ? "ok" : "FAIL");
    printf("%s cpu time non-decreasing\n", c1 >= c0 ? "ok" : "FAIL");
    printf("%s year after 2020\n", t0 > 1577836800 ? "ok" : "FAIL");
    struct timespec req = {0, 2000000}, rem;
    double before = ts(CLOCK_MONOTONIC);
    nanosleep(&req, &rem);
    printf("%s nanosleep waited\n", ts(CLOCK_MONOTONIC) - before >= 0.0019 ? "ok" : "FAIL");
    return 0;
}

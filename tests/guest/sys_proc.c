/* sys_proc.c — what a process learns about itself: /proc/self/exe,
 * /proc/self/maps (the program's own mappings, the stack and heap),
 * /proc/self/auxv (agreeing with getauxval), prlimit64, sched_* calls,
 * getrandom, personality, process groups and sessions, groups and ids,
 * clock_* and nanosleep, uname. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/personality.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

static int data_var = 1;

static void test_exe_maps(void)
{
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[n > 0 ? n : 0] = 0;
    const char *base = strrchr(exe, '/') ? strrchr(exe, '/') + 1 : exe;
    printf("exe %s\n", base);
    struct stat via_proc, direct;
    int fd = open("/proc/self/exe", O_RDONLY);
    int same = fd >= 0 && fstat(fd, &via_proc) == 0 && stat(exe, &direct) == 0 && via_proc.st_ino == direct.st_ino;
    printf("open /proc/self/exe is the program %d\n", same);
    same = stat("/proc/self/exe", &via_proc) == 0 && via_proc.st_ino == direct.st_ino;
    printf("stat /proc/self/exe is the program %d\n", same);
    if (fd >= 0)
        close(fd);
    FILE *f = fopen("/proc/self/maps", "r");
    char line[512];
    int stack = 0, heap = 0, code = 0, data = 0, exe_named = 0;
    void *heap_ptr = malloc(100);
    while (f && fgets(line, sizeof line, f)) {
        unsigned long lo, hi;
        char perms[5];
        if (sscanf(line, "%lx-%lx %4s", &lo, &hi, perms) != 3)
            continue;
        char probe;
        stack |= strstr(line, "[stack]") && (unsigned long)&probe >= lo && (unsigned long)&probe < hi;
        heap |= strstr(line, "[heap]") != NULL;
        code |= (unsigned long)&test_exe_maps >= lo && (unsigned long)&test_exe_maps < hi && perms[2] == 'x';
        data |= (unsigned long)&data_var >= lo && (unsigned long)&data_var < hi && perms[1] == 'w';
        exe_named |= strstr(line, base) != NULL;
    }
    printf("maps: stack %d heap %d code x %d data w %d names exe %d\n", stack, heap, code, data, exe_named);
    free(heap_ptr);
    if (f)
        fclose(f);
    fd = open("/proc/self/auxv", O_RDONLY);
    uint64_t av[2];
    int pagesz = 0, entry = 0, phdr = 0, random = 0, count = 0;
    while (fd >= 0 && read(fd, av, sizeof av) == sizeof av && av[0] != AT_NULL) {
        count++;
        pagesz |= av[0] == AT_PAGESZ && av[1] == 4096;
        entry |= av[0] == AT_ENTRY && av[1] == getauxval(AT_ENTRY);
        phdr |= av[0] == AT_PHDR && av[1] == getauxval(AT_PHDR);
        random |= av[0] == AT_RANDOM && av[1] == getauxval(AT_RANDOM);
    }
    printf("auxv: entries>5 %d pagesz %d entry %d phdr %d random %d\n", count > 5, pagesz, entry, phdr, random);
    if (fd >= 0)
        close(fd);
}

static void test_limits_sched(void)
{
    struct rlimit old, now;
    printf("prlimit get %d\n", prlimit(0, RLIMIT_NOFILE, NULL, &old));
    struct rlimit lower = { 64, old.rlim_max };
    printf("prlimit set %d ", prlimit(0, RLIMIT_NOFILE, &lower, NULL));
    getrlimit(RLIMIT_NOFILE, &now);
    printf("now %llu\n", (unsigned long long)now.rlim_cur);
    setrlimit(RLIMIT_NOFILE, &old);
    cpu_set_t set;
    CPU_ZERO(&set);
    int ga = sched_getaffinity(0, sizeof set, &set);
    printf("sched_getaffinity %d cpus>0 %d\n", ga, CPU_COUNT(&set) > 0);
    printf("sched_setaffinity same %d\n", sched_setaffinity(0, sizeof set, &set));
    struct sched_param sp;
    int gp = sched_getparam(0, &sp);
    printf("sched_getparam %d prio %d scheduler %s\n", gp, sp.sched_priority,
           sched_getscheduler(0) == SCHED_OTHER ? "SCHED_OTHER" : "other");
    printf("sched_yield %d prio range %d..%d\n", sched_yield(), sched_get_priority_min(SCHED_FIFO),
           sched_get_priority_max(SCHED_FIFO));
}

static void test_misc(void)
{
    unsigned char rnd[32];
    printf("getrandom %zd\n", getrandom(rnd, sizeof rnd, 0));
    printf("personality query %#x\n", personality(0xffffffff));
    printf("personality PER_LINUX %d\n", personality(PER_LINUX));
    pid_t pid = getpid();
    printf("getpgid self ok %d getsid ok %d\n", getpgid(0) == getpgrp(), getsid(0) > 0);
    int sp = setpgid(0, 0);
    printf("setpgid %d now leader %d\n", sp, getpgrp() == pid);
    gid_t groups[256];
    int ng = getgroups(256, groups);
    printf("getgroups count matches %d\n", ng == getgroups(0, NULL));
    printf("setgroups same %d errno %d\n", ng >= 0 ? setgroups(ng, groups) : -2, 0);
    printf("setuid same %d setgid same %d setresuid same %d\n", setuid(getuid()), setgid(getgid()),
           setresuid(-1, -1, -1));
    uid_t r, e, s;
    getresuid(&r, &e, &s);
    printf("getresuid consistent %d\n", r == getuid() && e == geteuid());
    struct timespec a, b, res;
    clock_gettime(CLOCK_MONOTONIC, &a);
    struct timespec nap = { 0, 20000000 };
    printf("nanosleep %d ", nanosleep(&nap, NULL));
    printf("clock_nanosleep %d ", clock_nanosleep(CLOCK_MONOTONIC, 0, &nap, NULL));
    clock_gettime(CLOCK_MONOTONIC, &b);
    long ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
    printf("slept >= 40ms %d\n", ms >= 40);
    int cr = clock_getres(CLOCK_REALTIME, &res);
    printf("clock_getres %d ns>0 %d\n", cr, res.tv_nsec > 0);
    clock_gettime(CLOCK_MONOTONIC, &a);
    struct timespec until = { a.tv_sec, a.tv_nsec + 10000000 };
    if (until.tv_nsec >= 1000000000) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000;
    }
    printf("clock_nanosleep abstime %d\n", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL));
    struct utsname u;
    int un = uname(&u);
    printf("uname %d machine %s\n", un, u.machine);
}

int main(void)
{
    test_exe_maps();
    test_limits_sched();
    test_misc();
    return 0;
}

#!/bin/sh
# test_run.sh — static programs run under tern-x86_64 against the same
# programs run natively (the oracle): stdout, exit status (including death
# by a signal), environment and argv handling, -strace output, and
# busybox when it is available.
test_name=run
. "$(dirname "$0")/lib/prelude.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

cat >"$T/prog.c" <<'C'
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
static volatile int zero;
static volatile sig_atomic_t alarms;
static void on_alarm(int sig) { (void)sig; alarms++; }
static void *block_in_read(void *arg) { char c; return (void *)(long)read(((int *)arg)[0], &c, 1); }
static void *square(void *arg) { long v = (long)arg; return (void *)(v * v + 1); }
static int recurse(int n) { volatile char pad[256]; pad[0] = (char)n; return recurse(n + 1) + pad[0]; }
int main(int argc, char **argv)
{
    const char *what = argc > 1 ? argv[1] : "hello";
    if (!strcmp(what, "hello")) {
        printf("hello, world %d\n", argc);
        for (int i = 0; i < argc; i++)
            printf("argv[%d]=%s\n", i, argv[i]);
        return 0;
    }
    if (!strcmp(what, "status")) return 42;
    if (!strcmp(what, "env")) { printf("FOO=%s HOME=%s\n", getenv("FOO") ? getenv("FOO") : "(unset)",
                                       getenv("HOME") ? getenv("HOME") : "(unset)"); return 0; }
    if (!strcmp(what, "argv0")) { printf("%s\n", argv[0]); return 0; }
    if (!strcmp(what, "segv")) { *(volatile int *)16 = 1; return 0; }
    if (!strcmp(what, "abort")) abort();
    if (!strcmp(what, "divzero")) return 10 / zero;
    if (!strcmp(what, "rodata")) { *(volatile char *)what = 'x'; return 0; }
    if (!strcmp(what, "malloc")) {
        size_t n = 64 << 20;
        char *p = malloc(n);
        for (size_t i = 0; i < n; i += 4096) p[i] = (char)i;
        long sum = 0;
        for (size_t i = 0; i < n; i += 4096) sum += p[i];
        free(p);
        void *small[1000];
        for (int i = 0; i < 1000; i++) small[i] = malloc(i * 7 + 1);
        for (int i = 0; i < 1000; i++) free(small[i]);
        printf("sum %ld\n", sum);
        return 0;
    }
    if (!strcmp(what, "mmap")) {
        char *p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        strcpy(p + 4096, "mapped");
        printf("%s %d\n", p + 4096, mprotect(p, 4096, PROT_READ));
        p = mremap(p, 3 * 4096, 64 * 4096, MREMAP_MAYMOVE);
        printf("%s %d\n", p + 4096, munmap(p, 64 * 4096));
        return 0;
    }
    if (!strcmp(what, "sigpipe")) {
        int fd[2];
        signal(SIGPIPE, SIG_IGN);
        if (pipe(fd)) return 1;
        close(fd[0]);
        printf("write %zd errno %d\n", write(fd[1], "x", 1), errno);
        return 0;
    }
    if (!strcmp(what, "cat")) {
        char buf[4096];
        ssize_t n;
        while ((n = read(0, buf, sizeof buf)) > 0)
            if (write(1, buf, n) != n) return 1;
        return 0;
    }
    if (!strcmp(what, "exe")) {
        char buf[4096];
        ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
        buf[n > 0 ? n : 0] = 0;
        printf("%s\n", strrchr(buf, '/') ? strrchr(buf, '/') + 1 : buf);
        return 0;
    }
    if (!strcmp(what, "recurse")) return recurse(1) > 0;
    if (!strcmp(what, "jump_heap")) {
        /* Jump into memory that is not the program's code: natively the
         * heap is not executable; under tern it is tern's own memory. */
        FILE *f = fopen("/proc/self/maps", "r");
        char line[512];
        unsigned long lo = 0;
        while (f && fgets(line, sizeof line, f))
            if (strstr(line, "rw-p") && sscanf(line, "%lx-", &lo) == 1)
                break;
        ((void (*)(void))lo)();
        return 0;
    }
    if (!strcmp(what, "badptr")) {
        errno = 0;
        printf("sigaction %d %d\n", (int)syscall(SYS_rt_sigaction, SIGUSR1, (void *)8, NULL, 8), errno);
        errno = 0;
        printf("sigprocmask %d %d\n", (int)syscall(SYS_rt_sigprocmask, SIG_BLOCK, (void *)8, NULL, 8), errno);
        errno = 0;
        printf("write %d %d\n", (int)write(1, (void *)8, 10), errno);
        errno = 0;
        printf("sigaltstack %d %d\n", (int)syscall(SYS_sigaltstack, (void *)8, NULL), errno);
        errno = 0;
        printf("arch_prctl %d %d\n", (int)syscall(SYS_arch_prctl, 0x1003, (void *)8), errno);
        errno = 0;
        printf("open %d %d\n", (int)syscall(SYS_open, (void *)8, 0), errno);
        errno = 0;
        printf("mmap fixed over nothing %d\n", mmap((void *)0x10000, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED);
        errno = 0;
        printf("unknown syscall %ld %d\n", syscall(1000), errno);
        errno = 0;
        printf("munmap unaligned %d %d\n", munmap((void *)4097, 10), errno);
        return 0;
    }
    if (!strcmp(what, "restart")) {
        /* A handler runs while read() blocks; with SA_RESTART the read
         * goes on and gets the data, without it the read fails (EINTR). */
        for (int restart = 1; restart >= 0; restart--) {
            int fd[2];
            if (pipe(fd)) return 1;
            pid_t child = fork();
            if (child == 0) { usleep(400000); if (write(fd[1], "data", 4) != 4) _exit(1); _exit(0); }
            struct sigaction sa;
            memset(&sa, 0, sizeof sa);
            sa.sa_handler = on_alarm;
            sa.sa_flags = restart ? SA_RESTART : 0;
            sigaction(SIGALRM, &sa, NULL);
            ualarm(100000, 0);
            char buf[8];
            errno = 0;
            ssize_t n = read(fd[0], buf, sizeof buf);
            printf("restart %d: alarms %d read %zd errno %d\n", restart, (int)alarms, n, errno);
            waitpid(child, NULL, 0);
            close(fd[0]);
            close(fd[1]);
        }
        return 0;
    }
    if (!strcmp(what, "async_loop")) {
        /* A handler must interrupt a guest loop that makes no syscalls. */
        signal(SIGALRM, on_alarm);
        ualarm(50000, 0);
        unsigned long spins = 0;
        while (!alarms)
            spins++;
        printf("interrupted after spinning: %d\n", spins > 0);
        return 0;
    }
    if (!strcmp(what, "threads")) {
        pthread_t t[4];
        long sum = 0;
        for (long i = 0; i < 4; i++)
            pthread_create(&t[i], NULL, square, (void *)i);
        for (int i = 0; i < 4; i++) {
            void *r;
            pthread_join(t[i], &r);
            sum += (long)r;
        }
        printf("threads sum %ld\n", sum);
        return 0;
    }
    if (!strcmp(what, "stack_attr")) {
        /* glibc finds the main thread's stack in /proc/self/maps. */
        pthread_attr_t a;
        void *addr;
        size_t size;
        char here;
        pthread_getattr_np(pthread_self(), &a);
        pthread_attr_getstack(&a, &addr, &size);
        printf("stack found: %d\n", &here >= (char *)addr && &here < (char *)addr + size);
        FILE *f = fopen("/proc/self/maps", "r");
        char line[512];
        int heap = 0, stack = 0;
        while (f && fgets(line, sizeof line, f)) {
            heap |= strstr(line, "[heap]") != NULL;
            stack |= strstr(line, "[stack]") != NULL;
        }
        printf("maps: heap %d stack %d\n", heap, stack);
        return 0;
    }
    if (!strcmp(what, "cancel")) {
        /* pthread_cancel uses signal 32, which tern's own libc reserves. */
        pthread_t t;
        void *r;
        int fd[2];
        if (pipe(fd)) return 1;
        pthread_create(&t, NULL, block_in_read, fd);
        usleep(20000);
        pthread_cancel(t);
        pthread_join(t, &r);
        printf("cancelled in read %d\n", r == PTHREAD_CANCELED);
        return 0;
    }
    if (!strcmp(what, "shm")) {
        int id = shmget(IPC_PRIVATE, 10000, IPC_CREAT | 0600);
        char *p = shmat(id, NULL, 0);
        if (p == (void *)-1) return 1;
        strcpy(p, "before");
        if (fork() == 0) { char *q = shmat(id, NULL, 0); strcpy(q, "from child"); shmdt(q); _exit(0); }
        wait(NULL);
        printf("%s\n", p);
        printf("detach %d\n", shmdt(p));
        printf("detach again %d\n", shmdt(p));
        shmctl(id, IPC_RMID, NULL);
        return 0;
    }
    if (!strcmp(what, "killself")) { kill(getpid(), SIGSEGV); return 0; }
    return 99;
}
C
if ! gcc -static -O1 -pthread -o "$T/prog" "$T/prog.c" 2>"$T/gcc.err"; then
    fail compile "$(cat "$T/gcc.err")"
    exit 1
fi
gcc -static-pie -fPIE -O1 -pthread -o "$T/prog-pie" "$T/prog.c" 2>/dev/null

# same NAME INPUT PROGRAM ARGS...: stdout and exit status must match native.
same() {
    name=$1 input=$2
    shift 2
    # (the subshells keep the shell's "Segmentation fault" notes quiet)
    (printf '%s' "$input" | "$@" >"$T/native.out") 2>/dev/null
    native=$?
    (printf '%s' "$input" | timeout 60 "$TERN" "$@" >"$T/tern.out" 2>"$T/tern.err") 2>/dev/null
    got=$?
    if [ "$got" != "$native" ]; then
        fail "$name" "exit status $got, native $native: $(head -c 300 "$T/tern.err")"
    elif ! cmp -s "$T/native.out" "$T/tern.out"; then
        fail "$name" "stdout differs: $(head -c 200 "$T/tern.out")"
    else
        ok "$name"
    fi
}

same hello "" "$T/prog" hello "two words" ""
same exit_status "" "$T/prog" status
export FOO=bar
same env "" "$T/prog" env
unset FOO
same malloc_brk "" "$T/prog" malloc
same mmap_mprotect_mremap "" "$T/prog" mmap
same ignored_sigpipe "" "$T/prog" sigpipe
same stdin_to_stdout "some input
two lines
" "$T/prog" cat
same proc_self_exe "" "$T/prog" exe
same segv_kills "" "$T/prog" segv
same abort_kills "" "$T/prog" abort
same divzero_kills "" "$T/prog" divzero
same write_to_rodata_kills "" "$T/prog" rodata
same stack_overflow_kills "" "$T/prog" recurse
same jump_to_non_code_kills "" "$T/prog" jump_heap
same bad_pointers_give_efault "" "$T/prog" badptr
same kill_self_segv "" "$T/prog" killself
same sa_restart "" "$T/prog" restart
same handler_interrupts_loop "" "$T/prog" async_loop
same threads "" "$T/prog" threads
same proc_self_maps "" "$T/prog" stack_attr
same pthread_cancel "" "$T/prog" cancel
same sysv_shm "" "$T/prog" shm
[ -x "$T/prog-pie" ] && same static_pie "" "$T/prog-pie" hello pie

# Processes: fork, exec of /proc/self/exe, posix_spawn (vfork-style clone).
cat >"$T/fork.c" <<'C'
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
extern char **environ;
int main(int argc, char **argv)
{
    int st;
    if (argc > 1) { printf("exec'd as %s %s\n", argv[0], argv[1]); return 5; }
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) { printf("in child\n"); exit(3); }
    waitpid(p, &st, 0);
    printf("child status %d\n", WEXITSTATUS(st));
    fflush(stdout);
    if ((p = fork()) == 0) { execl("/proc/self/exe", "renamed", "arg", (char *)0); _exit(99); }
    waitpid(p, &st, 0);
    printf("exec child status %d\n", WEXITSTATUS(st));
    char *av[] = { argv[0], "spawned", NULL };
    if (posix_spawn(&p, "/proc/self/exe", NULL, NULL, av, environ) == 0 && waitpid(p, &st, 0) == p)
        printf("spawn status %d\n", WEXITSTATUS(st));
    return 0;
}
C
if gcc -static -O1 -o "$T/fork" "$T/fork.c" 2>/dev/null; then
    same fork_exec_spawn "" "$T/fork"
else
    fail fork_exec_spawn "could not compile"
fi

# Options that change what the guest sees.
out=$("$TERN" -E FOO=from-tern -U HOME "$T/prog" env 2>&1)
[ "$out" = "FOO=from-tern HOME=(unset)" ] && ok env_options || fail env_options "$out"
out=$("$TERN" -0 custom-name "$T/prog" argv0 2>&1)
[ "$out" = "custom-name" ] && ok argv0_option || fail argv0_option "$out"
"$TERN" -strace "$T/prog" hello >/dev/null 2>"$T/strace"
if grep -q 'write(1,' "$T/strace" && grep -q 'exit_group(0)' "$T/strace" && grep -q 'brk(' "$T/strace"; then
    ok strace
else
    fail strace "$(head -c 300 "$T/strace")"
fi
# -strace decodes arguments: names, quoted strings, flags, signals, errors.
cat >"$T/calls.c" <<'C'
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
int main(int argc, char **argv)
{
    (void)argc;
    int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
    close(fd);
    open("/nonexistent/tern-strace", O_WRONLY | O_CREAT | O_TRUNC, 0640);
    char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    mprotect(p, 4096, PROT_READ);
    signal(SIGUSR1, SIG_IGN);
    kill(getpid(), SIGUSR1);
    if (fork() == 0)
        _exit(0);
    wait(NULL);
    return write(1, "strace", 6) != 6;
}
C
if gcc -static -O1 -o "$T/calls" "$T/calls.c" 2>/dev/null; then
    "$TERN" -strace "$T/calls" "$T/calls.c" >/dev/null 2>"$T/strace2"
    missing=""
    for want in "openat(AT_FDCWD,\"$T/calls.c\",O_RDONLY|O_CLOEXEC) = 3" \
        'close(3) = 0' \
        'openat(AT_FDCWD,"/nonexistent/tern-strace",O_WRONLY|O_CREAT|O_TRUNC,0640) = -1 errno=2 (ENOENT)' \
        'mmap(NULL,8192,PROT_READ|PROT_WRITE,MAP_PRIVATE|MAP_ANONYMOUS,-1,0) = 0x' \
        ',4096,PROT_READ) = 0' 'rt_sigaction(SIGUSR1,' ',SIGUSR1) = 0' \
        'clone(CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD,' 'wait4(-1,' \
        'write(1,0x' ',6) = 6' 'exit_group(0)'; do
        grep -qF -- "$want" "$T/strace2" || missing="$missing [$want]"
    done
    [ -z "$missing" ] && ok strace_decoding || fail strace_decoding "missing$missing"
else
    fail strace_decoding "could not compile"
fi
"$TERN" -d strace -D "$T/log" "$T/prog" status >/dev/null 2>&1
[ $? = 42 ] && grep -q 'exit_group(42)' "$T/log" && ok log_file || fail log_file "no strace in the -D file"
"$TERN" -d unimp "$T/prog" badptr >/dev/null 2>"$T/unimp"
grep -q 'unsupported syscall 1000' "$T/unimp" && ok unimp_logged || fail unimp_logged "$(head -c 300 "$T/unimp")"
"$TERN" -d stats "$T/prog" hello >/dev/null 2>"$T/stats"
[ $? = 0 ] && [ -s "$T/stats" ] && ok stats || fail stats "no statistics printed"

# busybox: Debian's static build.
for bb in "$ROOT/tests/downloads/busybox-static/bin/busybox" /usr/bin/busybox /bin/busybox; do
    if [ -x "$bb" ] && file "$bb" 2>/dev/null | grep -q 'statically linked'; then
        same busybox_echo "" "$bb" echo hi there
        same busybox_wc "a b c
d e
" "$bb" wc
        same busybox_ls "" "$bb" ls /
        same busybox_false "" "$bb" false
        same busybox_sh_pipeline "" "$bb" sh -c 'seq 1 50 | while read x; do echo $((x * x)); done | tail -n 2; exit 3'
        printf '#!%s sh\necho script "$@"\nexit 4\n' "$bb" >"$T/script"
        chmod +x "$T/script"
        same script_interpreter "" "$T/script" a b
        break
    fi
done

exit $failed

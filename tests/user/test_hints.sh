#!/bin/sh
# test_hints.sh — translation hints shared by forked processes
# (src/exec/tb_hints.c): a process about to fork translates the blocks its
# relatives logged, from its own memory.  The oracle is the native run:
#   - busybox sh forking subshells, pipelines of applets and command
#     substitutions in a loop, and a subshell that execs another program;
#   - a C program whose children map different code (r-x, and rwx where
#     the parent has writable data) at the addresses where the parent has
#     its own code, entered where the parent's instructions are not, one
#     child running the parent's code without remapping, one exec'ing;
#   - a threaded program forking while its threads translate (and, with
#     a tiny code buffer, flush);
# each must print what it prints natively, with hints on and off, and the
# stats must show hints translated (and the rwx ones unusable).
test_name=hints
. "$(dirname "$0")/lib/prelude.sh"

# compile NAME GCC-FLAGS...: $T/NAME.c into $T/NAME, or stop the test
compile() {
    name=$1
    shift
    if ! gcc "$@" -o "$T/$name" "$T/$name.c" 2>"$T/gcc.err"; then
        fail compile "$(cat "$T/gcc.err")"
        exit 1
    fi
}

cat >"$T/prog.c" <<'EOF'
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define CODE_ADDR 0x5a000000ul
#define DATA_ADDR 0x5b000000ul
typedef long (*func)(void);

static unsigned char *map_page(uintptr_t addr)
{
    unsigned char *p = mmap((void *)addr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (p == MAP_FAILED) {
        perror("mmap");
        exit(1);
    }
    memset(p, 0xcc, 4096);
    return p;
}

/* mov eax, value; ret */
static void put_return(unsigned char *p, int value)
{
    p[0] = 0xb8;
    memcpy(p + 1, &value, 4);
    p[5] = 0xc3;
}

/* The parent's code: 12 nops, movabs rax, imm64, ret; the children's
 * entry at +16 lies inside the parent's imm64. */
static void map_parent_code(void)
{
    unsigned char *p = map_page(CODE_ADDR);
    uint64_t imm = 0x0000c3e8b8c3b8e8ull;
    memset(p, 0x90, 12);
    p[12] = 0x48;
    p[13] = 0xb8;
    memcpy(p + 14, &imm, 8);
    p[22] = 0xc3;
    mprotect(p, 4096, PROT_READ | PROT_EXEC);
}

static void map_child_code(int i, uintptr_t addr, int prot)
{
    unsigned char *p = map_page(addr);
    put_return(p, i);
    put_return(p + 16, i + 100);
    mprotect(p, 4096, prot);
}

static void run_child(int i, const char *self)
{
    long a, b = 0, c = 0;
    if (i % 3 != 2) {
        map_child_code(i, CODE_ADDR, PROT_READ | PROT_EXEC);
        b = ((func)(CODE_ADDR + 16))();
        map_child_code(i + 1000, DATA_ADDR, PROT_READ | PROT_WRITE | PROT_EXEC);
        c = ((func)DATA_ADDR)() + ((func)(DATA_ADDR + 16))();
    }
    a = ((func)CODE_ADDR)();
    printf("child %d: %lx %ld %ld\n", i, a, b, c);
    fflush(stdout);
    if (i == 10)
        execl(self, self, "exec", (char *)NULL);
    _exit(0);
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 && !strcmp(argv[1], "exec") ? 3 : 12;
    map_parent_code();
    unsigned char *data = map_page(DATA_ADDR);
    strcpy((char *)data, "parent data");
    for (int i = 0; i < rounds; i++) {
        fflush(stdout);
        pid_t pid = fork();
        if (pid == 0)
            run_child(i, argv[0]);
        int status;
        waitpid(pid, &status, 0);
    }
    data[0] = 'P';
    printf("%s %s: %lx\n", rounds == 3 ? "exec'd" : "parent", (char *)data, ((func)CODE_ADDR)());
    return 0;
}
EOF
compile prog -static -O1

# Threads translating and chaining while the main thread forks children
# that run code the parent has not run: the parent pulls their hints with
# the other threads running (and, with a tiny code buffer, flushing).
cat >"$T/threads.c" <<'EOF'
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int by_value(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }
static int by_digits(const void *a, const void *b) { return *(const int *)a % 10 - *(const int *)b % 10; }

static void *worker(void *arg)
{
    long id = (long)arg, sum = 0;
    int v[64];
    for (int round = 0; round < 400; round++) {
        for (int i = 0; i < 64; i++)
            v[i] = (int)((i * 7919 + round * 31 + id) % 1000);
        qsort(v, 64, sizeof(int), round & 1 ? by_digits : by_value);
        sum += v[round % 64];
    }
    return (void *)sum;
}

static void child_work(int i)
{
    char buf[128];
    double d = strtod(i & 1 ? "3.25e2" : "-17.5", NULL) * i;
    snprintf(buf, sizeof(buf), i % 3 ? "%08.3f|%x" : "%g|%o", d, i * 4099);
    printf("child %d: %s %zu\n", i, buf, strspn(buf, "0123456789."));
}

int main(void)
{
    pthread_t t[2];
    for (long i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < 16; i++) {
        fflush(stdout);
        pid_t pid = fork();
        if (pid == 0) {
            child_work(i);
            fflush(stdout);
            _exit(0);
        }
        waitpid(pid, NULL, 0);
    }
    for (int i = 0; i < 2; i++) {
        void *sum;
        pthread_join(t[i], &sum);
        printf("worker %d: %ld\n", i, (long)sum);
    }
    return 0;
}
EOF
compile threads -O1 -pthread

cat >"$T/script.sh" <<'EOF'
i=0 sum=""
while [ $i -lt 12 ]; do
    s=$( (echo "line $i"; echo "item $((i * 5 % 11))") | sort -r | head -n 1 | cut -c1-7)
    n=$(expr $i \* 3 % 5)
    w=$(echo "$s $n" | wc -c)
    sum=$(echo "$sum$s$n$w" | md5sum | cut -c1-10)
    if [ $((i % 4)) = 0 ]; then
        (exec "$BUSYBOX" printf 'exec %s\n' "$i")
        echo "$i" | tr 0-9 a-j | sed 's/^/tr /'
    fi
    i=$((i + 1))
done
echo "sum $sum"
EOF

# compare NAME HINTS COMMAND...: native and tern outputs agree, and the
# stats of the tern run (with TERN_HINTS=HINTS) go to $T/NAME.stats
compare() {
    name=$1 hints=$2
    shift 2
    "$@" >"$T/$name.native" 2>&1
    env TERN_HINTS="$hints" TERN_STATS=1 "$TERN" "$@" >"$T/$name.tern" 2>"$T/$name.stats"
    if cmp -s "$T/$name.native" "$T/$name.tern"; then
        ok "$name output"
    else
        fail "$name output" "$(diff "$T/$name.native" "$T/$name.tern" | head -n 5)"
    fi
}

# hints_translated FILE: the largest count of hints translated by one process
hints_translated() {
    awk '/translation hints/ && $3 + 0 > max { max = $3 + 0 } END { print max + 0 }' "$1"
}

# jumps_chained FILE: the largest count of logged jumps chained by one process
jumps_chained() {
    awk '/translation hints/ { n = 0; for (i = 2; i <= NF; i++) if ($i == "jumps" && $(i + 1) == "chained,") n = $(i - 1) + 0;
         if (n > max) max = n } END { print max + 0 }' "$1"
}

# buffer_flushes FILE: the largest count of code buffer flushes in one process
buffer_flushes() {
    awk '/buffer flushes/ && $3 + 0 > max { max = $3 + 0 } END { print max + 0 }' "$1"
}

BUSYBOX=$(command -v busybox)
if [ -n "$BUSYBOX" ]; then
    export BUSYBOX
    compare busybox_hints 1 "$BUSYBOX" sh "$T/script.sh"
    if [ "$(hints_translated "$T/busybox_hints.stats")" -gt 0 ]; then
        ok "busybox hints used"
    else
        fail "busybox hints used" "no process translated a hint"
    fi
    if [ "$(jumps_chained "$T/busybox_hints.stats")" -gt 0 ]; then
        ok "busybox jump hints chained"
    else
        fail "busybox jump hints chained" "no process chained a logged jump"
    fi
    compare busybox_nohints 0 "$BUSYBOX" sh "$T/script.sh"
    if grep -q "translation hints    off" "$T/busybox_nohints.stats"; then
        ok "TERN_HINTS=0 turns hints off"
    else
        fail "TERN_HINTS=0 turns hints off" "stats do not say off"
    fi
else
    echo "ok busybox hints # SKIP busybox not installed"
fi

compare mapped_code 1 "$T/prog"
if [ "$(hints_translated "$T/mapped_code.stats")" -gt 0 ]; then
    ok "mapped code hints used"
else
    fail "mapped code hints used" "no process translated a hint"
fi
if grep -q "translation hints    [0-9]* translated, [0-9]* present, [1-9][0-9]* unusable" "$T/mapped_code.stats"; then
    ok "hints in writable pages unused"
else
    fail "hints in writable pages unused" "no process skipped a hint"
fi
compare mapped_code_nohints 0 "$T/prog"

compare threads 1 "$T/threads"
if [ "$(hints_translated "$T/threads.stats")" -gt 0 ]; then
    ok "threads hints used"
else
    fail "threads hints used" "no process translated a hint"
fi
TERN_CODE_BUFFER_SIZE=96k compare threads_flushing 1 "$T/threads"
if [ "$(buffer_flushes "$T/threads_flushing.stats")" -gt 0 ]; then
    ok "threads_flushing flushed"
else
    fail "threads_flushing flushed" "no process flushed its code buffer"
fi
exit $failed

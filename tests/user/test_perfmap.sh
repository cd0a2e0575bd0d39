#!/bin/sh
# test_perfmap.sh — -perfmap (and TERN_PERFMAP=1) write /tmp/perf-PID.map,
# the format Linux perf reads for JIT code: "start size name" in hex, one
# line per translated block.  The oracle for the names is the program's
# own symbol table (nm): main and a function the child calls after fork,
# each reached by an indirect call (a direct one may be translated into
# its caller's block), must start a block in the parent's map and the
# child's map.
test_name=perfmap
. "$(dirname "$0")/lib/prelude.sh"
maps=""
trap 'rm -rf "$T" $maps' EXIT

cat >"$T/prog.c" <<EOF
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
__attribute__((noinline)) int in_child(int x) { return x * 3 + 1; }
static int (*volatile call_in_child)(int) = in_child;
int main(void)
{
    pid_t pid = fork();
    if (pid == 0)
        _exit(call_in_child(getpid() & 1) == 99);
    int status;
    waitpid(pid, &status, 0);
    printf("child %d pid %d\n", WEXITSTATUS(status), (int)pid);
    return 0;
}
EOF
if ! gcc -static -O1 -o "$T/prog" "$T/prog.c" 2>"$T/gcc.err"; then
    fail compile "$(cat "$T/gcc.err")"
    exit 1
fi
main_pc=$(nm "$T/prog" | awk '$3 == "main" { sub(/^0+/, "", $1); print $1 }')
child_pc=$(nm "$T/prog" | awk '$3 == "in_child" { sub(/^0+/, "", $1); print $1 }')

# well_formed MAP: every line "hex hex guest_0xhex", nothing else
well_formed() {
    awk 'NF != 3 || $1 !~ /^[0-9a-f]+$/ || $2 !~ /^[0-9a-f]+$/ || $3 !~ /^guest_0x[0-9a-f]+$/ { bad = 1 }
         END { exit bad || NR == 0 }' "$1"
}

for how in option env; do
    if [ $how = option ]; then
        "$TERN" -perfmap "$T/prog" >"$T/out" 2>"$T/err" &
    else
        env TERN_PERFMAP=1 "$TERN" "$T/prog" >"$T/out" 2>"$T/err" &
    fi
    pid=$!
    wait $pid
    status=$?
    child=$(awk '{ print $4 }' "$T/out")
    map=/tmp/perf-$pid.map
    child_map=/tmp/perf-$child.map
    maps="$maps $map $child_map"
    if [ $status != 0 ] || ! grep -q '^child 0 pid' "$T/out"; then
        fail "$how" "status $status, output $(head -c 200 "$T/out") $(head -c 200 "$T/err")"
        continue
    fi
    if [ -f "$map" ] && well_formed "$map" && grep -q " guest_0x$main_pc\$" "$map"; then
        ok "${how}_map_names_main"
    else
        fail "${how}_map_names_main" "no well-formed $map naming guest_0x$main_pc"
    fi
    if [ -f "$child_map" ] && well_formed "$child_map" && grep -q " guest_0x$child_pc\$" "$child_map"; then
        ok "${how}_child_map"
    else
        fail "${how}_child_map" "no well-formed $child_map naming guest_0x$child_pc"
    fi
done

# a map left by an earlier process with the same pid is older than this
touch "$T/before_run"
"$TERN" "$T/prog" >"$T/out" 2>&1 &
pid=$!
wait $pid
if [ /tmp/perf-$pid.map -nt "$T/before_run" ]; then
    maps="$maps /tmp/perf-$pid.map"
    fail no_map_by_default "/tmp/perf-$pid.map written without -perfmap"
else
    ok no_map_by_default
fi
exit $failed

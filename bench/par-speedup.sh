#!/usr/bin/env bash
# Thread scaling for make bench: bench/par_hash with 1 and then 2 threads
# (the same total work), natively, under tern and under qemu-x86_64.
# Prints one line per runner:
#   wall    best wall time with 1 thread / best with 2: the speedup itself,
#           meaningful only on a quiet machine;
#   cpu     2 * cpu(1) / cpu(2), cpu = user + sys: the speedup the 2-thread
#           run would reach on 2 free cores, if its work was spread evenly;
#           extra CPU time from contention (locks spinning, cache lines
#           bouncing) lowers it, and it does not depend on other load;
#   par     cpu(2) / wall(2) of the best 2-thread run: how many cores it
#           kept busy (2 = fully parallel; a runner that serialises its
#           threads on a sleeping lock stays near 1 even on a quiet machine).
# The load average is printed too, to say how far to trust the wall column.
#
#   BENCH_RUNS=n (default 3)   TERN=cmd   QEMU=cmd   (as run-bench.sh)
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
RUNS=${BENCH_RUNS:-3}
read -r -a TERN_CMD <<<"${TERN:-build/tern-x86_64}"
read -r -a QEMU_CMD <<<"${QEMU:-qemu-x86_64}"
BUILD=build/bench
BIN=$BUILD/par_hash
mkdir -p "$BUILD"
if ! [ -x "$BIN" ] || ! [ "$BIN" -nt bench/par_hash.c ]; then
    gcc -O2 -static -o "$BIN.tmp" bench/par_hash.c -lm && mv -f "$BIN.tmp" "$BIN" || exit 1
fi

# best_run THREADS CMD...: "wall cpu" of the run with the least wall time
best_run() {
    local threads=$1 i out best=""
    shift
    for ((i = 0; i < RUNS; i++)); do
        out=$(/usr/bin/time -f '%e %U %S' "$@" "$BIN" "$threads" 2>&1 >/dev/null | tail -n 1) || return 1
        best=$(echo "$out $best" | awk '{ w = $1; c = $2 + $3; if ($4 == "" || w < $4) print w, c; else print $4, $5 }')
    done
    echo "$best"
}

report() {
    local name=$1 one two
    shift
    if [ $# -gt 0 ] && ! command -v "$1" >/dev/null 2>&1 && ! [ -x "$1" ]; then
        printf '  %-7s n/a\n' "$name"
        return
    fi
    if ! one=$(best_run 1 "$@") || ! two=$(best_run 2 "$@"); then
        printf '  %-7s FAIL\n' "$name"
        return
    fi
    echo "$one $two" | awk -v n="$name" '{
        printf "  %-7s wall %.2fx (%.2f s / %.2f s)   cpu %.2fx   par %.2f\n", n,
            ($3 > 0 ? $1 / $3 : 0), $1, $3, ($4 > 0 ? 2 * $2 / $4 : 0), ($3 > 0 ? $4 / $3 : 0) }'
}

echo "par_hash thread scaling, 2 threads vs 1, best of $RUNS (load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cpus):"
report native
report tern "${TERN_CMD[@]}"
report qemu "${QEMU_CMD[@]}"

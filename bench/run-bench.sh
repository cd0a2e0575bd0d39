#!/usr/bin/env bash
# `make bench`: build the CPU-bound programs of bench/*.c (gcc -O2 -static),
# run each natively, under tern and under qemu-x86_64, best-of-N wall time
# with the three runs of a round side by side (native, tern, qemu, then
# again: a change in the shared machine's load hits all three alike),
# check that both emulators print exactly what the native run prints, and
# print a table of times, ratios, geometric means and peak RSS.  Results go
# to bench/results/ (latest.txt, results.csv, ratios.svg and a dated copy).
#
# Then the start-up and translation-heavy workloads of bench/workloads/,
# where most of the time goes to translating code that runs only a few
# times: cc1 (Debian's gcc, dynamically linked) compiling a generated
# 2,000-line C file, python3 starting and running a short script, and
# busybox sh forking some 600 short processes.  An emulator that cannot
# run a dynamically linked program shows n/a there, with a note.
#
#   BENCH_RUNS=n     rounds per program, best run of each runner kept
#                    (default 3)
#   BENCH_SHORT_RUNS=n  rounds for a program whose first native run took
#                    under half a second (default 10: a few milliseconds
#                    of noise are a large part of such a run)
#   BENCH_TIMEOUT=s  limit for one run (default 300)
#   TERN=cmd         default build/tern-x86_64;  QEMU=cmd  default qemu-x86_64
#                    (either may carry options: QEMU="qemu-x86_64 -cpu max")
#   bench/run-bench.sh [NAME...]   only these programs
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
RUNS=${BENCH_RUNS:-3}
SHORT_RUNS=${BENCH_SHORT_RUNS:-10}
LIMIT=${BENCH_TIMEOUT:-300}
read -r -a TERN_CMD <<<"${TERN:-build/tern-x86_64}"
read -r -a QEMU_CMD <<<"${QEMU:-qemu-x86_64}"
BUILD=build/bench
RESULTS=bench/results
TIME=/usr/bin/time

mkdir -p "$BUILD" "$RESULTS"
if [ ! -x "$TIME" ]; then
    echo "run-bench: $TIME missing (tests/install-deps.sh installs the 'time' package)" >&2
    exit 1
fi

WORKLOADS=(cc1 python3 busybox_sh)

build_program() {
    local name=$1 bin=$BUILD/$1
    [ -x "$bin" ] && [ "$bin" -nt "bench/$name.c" ] && return 0
    gcc -O2 -static -o "$bin.tmp" "bench/$name.c" -lm && mv -f "$bin.tmp" "$bin"
}

is_workload() { [[ " ${WORKLOADS[*]} " == *" $1 "* ]]; }

# The command line of a workload in CMD (its first word an absolute path:
# emulators do not search PATH), preparing its input; false when the host
# lacks the program.
workload_command() {
    local prog
    case $1 in
        cc1)
            prog=$(gcc -print-prog-name=cc1) && [ -x "$prog" ] || return 1
            python3 bench/workloads/gen_cfile.py "$BUILD/cc1_input.c" || return 1
            CMD=("$prog" -quiet -imultiarch "$(gcc -print-multiarch)" -O1 "$BUILD/cc1_input.c" -o -) ;;
        python3)
            # Debian's interpreter, not a wrapper script earlier in PATH
            prog=/usr/bin/python3
            [ -x "$prog" ] || prog=$(type -P python3) || return 1
            CMD=("$(realpath "$prog")" bench/workloads/py_startup.py) ;;
        busybox_sh)
            prog=$(type -P busybox) || return 1
            CMD=("$(realpath "$prog")" sh bench/workloads/spawn.sh) ;;
    esac
}

# Run one tern binary from start to end: in a tree where others rebuild
# build/tern-x86_64 while the suite runs, each run would otherwise exec
# whatever is there at that moment (another version, or nothing during
# the link).  The copy counts only if the file did not change under it.
snapshot_tern() {
    local src=${TERN_CMD[0]} copy=$BUILD/tern-x86_64.bench before after try
    [[ $src == */* ]] || return 0
    for try in 1 2 3 4 5 6 7 8 9 10; do
        before=$(stat -c '%Y %s %i' "$src" 2>/dev/null)
        if [ -n "$before" ] && [ "${before%% *}" -lt "$(date +%s)" ] && cp "$src" "$copy.tmp" 2>/dev/null; then
            after=$(stat -c '%Y %s %i' "$src" 2>/dev/null)
            if [ "$before" = "$after" ] && "$copy.tmp" --version >/dev/null 2>&1; then
                mv -f "$copy.tmp" "$copy"
                TERN_CMD[0]=$copy
                return 0
            fi
        fi
        sleep "$try"
    done
    echo "run-bench: $src keeps changing; running it in place" >&2
}

# Whether an ELF file asks for a dynamic loader (has a PT_INTERP).
is_dynamic() { LC_ALL=C readelf -l "$1" 2>/dev/null | grep -q 'Requesting program interpreter'; }

runner_available() {
    case $1 in
        */*) [ -x "$1" ] ;;
        *) command -v "$1" >/dev/null ;;
    esac
}

# Remember why a run failed, with the first line of its stderr, for the
# notes printed under the table.
note() {
    local hint
    hint=$(grep -m1 -v '^[[:space:]]*$' "$BUILD/$1.run.err" | cut -c1-120)
    echo "$1 under $2: $3${hint:+; stderr: $hint}" >>"$NOTES"
}

# One run of a runner's command (through an optional emulator prefix):
# the runner's best time and peak RSS so far go to BEST[runner] and
# RSS[runner]; a run that fails, times out or prints other output than
# the runner's first run sets RES[runner] (FAIL, timeout) and the runner
# runs no more.  The first run's stdout stays in OUT.  Wall time comes
# from bash's EPOCHREALTIME (µs), peak RSS from GNU time.
declare -A BEST RSS RES
run_once() {
    local runner=$1 out=$2 name=$3; shift 3
    [ -n "${RES[$runner]:-}" ] && return
    local t0 t1 status mem
    t0=$EPOCHREALTIME
    timeout "$LIMIT" "$TIME" -f %M -o "$BUILD/$name.mem" "$@" >"$BUILD/$name.run.out" 2>"$BUILD/$name.run.err"
    status=$?
    t1=$EPOCHREALTIME
    if [ "$status" = 124 ]; then
        note "$name" "$1" "timed out after $LIMIT s"
        RES[$runner]=timeout
        return
    fi
    if [ "$status" != 0 ]; then
        if [ "$status" -gt 128 ]; then
            note "$name" "$1" "killed by signal $((status - 128))"
        else
            note "$name" "$1" "exit status $status"
        fi
        RES[$runner]=FAIL
        return
    fi
    [ -z "${BEST[$runner]:-}" ] && cp "$BUILD/$name.run.out" "$out"
    cmp -s "$BUILD/$name.run.out" "$out" || { RES[$runner]=FAIL; return; }
    mem=$(tail -n 1 "$BUILD/$name.mem")
    [ "$mem" -gt "${RSS[$runner]:-0}" ] && RSS[$runner]=$mem
    BEST[$runner]=$(awk -v a="$t0" -v b="$t1" -v best="${BEST[$runner]:-}" \
        'BEGIN { t = b - a; if (best == "" || t < best) best = t; printf "%.3f", best }')
}

# What a runner got: "best_seconds peak_rss_kib", or "n/a" (not run),
# "timeout" or "FAIL".
result_of() {
    if [ -n "${RES[$1]:-}" ]; then
        echo "${RES[$1]}"
    elif [ -n "${BEST[$1]:-}" ]; then
        echo "${BEST[$1]} ${RSS[$1]}"
    else
        echo n/a
    fi
}

# Rounds of native, tern (if run_tern) and qemu (if have_qemu) runs of
# CMD, side by side; SHORT_RUNS rounds for a program that runs natively
# in under half a second.
measure_side_by_side() {
    local name=$1 round rounds=$RUNS
    BEST=() RSS=() RES=()
    for ((round = 0; round < rounds; round++)); do
        run_once native "$BUILD/$name.native.out" "$name" "${CMD[@]}"
        [ $run_tern = 1 ] && run_once tern "$BUILD/$name.tern.out" "$name" "${TERN_CMD[@]}" "${CMD[@]}"
        [ $have_qemu = 1 ] && run_once qemu "$BUILD/$name.qemu.out" "$name" "${QEMU_CMD[@]}" "${CMD[@]}"
        if [ "$round" = 0 ] && [ -n "${BEST[native]:-}" ] &&
            awk -v t="${BEST[native]}" 'BEGIN { exit !(t < 0.5) }'; then
            rounds=$((SHORT_RUNS > RUNS ? SHORT_RUNS : RUNS))
        fi
    done
}

# An emulator's result is only a time if its output equals the native one.
check_output() {
    local result=$1 out=$2 native=$3
    case $result in
        n/a|timeout|FAIL) echo "$result" ;;
        *) if cmp -s "$out" "$native"; then echo "$result"; else echo wrong; fi ;;
    esac
}

ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf "%.2f", a / b; else print "-" }'
}

mib() { awk -v k="$1" 'BEGIN { if (k == "-") print "-"; else printf "%.1f", k / 1024 }'; }

programs=("$@")
if [ ${#programs[@]} -eq 0 ]; then
    for src in bench/*.c; do programs+=("$(basename "$src" .c)"); done
    programs+=("${WORKLOADS[@]}")
fi

have_tern=1; runner_available "${TERN_CMD[0]}" || have_tern=0
have_qemu=1; runner_available "${QEMU_CMD[0]}" || have_qemu=0
[ $have_tern = 1 ] || echo "run-bench: ${TERN_CMD[0]} not found, tern column is n/a" >&2
[ $have_qemu = 1 ] || echo "run-bench: ${QEMU_CMD[0]} not found, qemu column is n/a" >&2
[ $have_tern = 1 ] && snapshot_tern
# Can tern run a dynamically linked program at all?  (coreutils' true is one.)
tern_dynamic=0
[ $have_tern = 1 ] && "${TERN_CMD[@]}" "$(realpath "$(type -P true)")" >/dev/null 2>&1 && tern_dynamic=1

stamp=$(date -u +%Y%m%d-%H%M%S)
NOTES=$BUILD/notes.txt
: >"$NOTES"
csv=$RESULTS/results.csv
table=$RESULTS/latest.txt
echo "program,native_s,tern_s,qemu_s,tern_rss_kib,qemu_rss_kib" >"$csv"
header=$(printf '%-13s %9s %9s %9s %11s %11s %9s %9s %9s' program native_s tern_s qemu_s tern/native \
    qemu/native qemu/tern tern_MiB qemu_MiB)
{
    echo "tern benchmark, best of $RUNS side-by-side rounds ($SHORT_RUNS under 0.5 s native), $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cpus"
    echo "$header"
} | tee "$table"

for name in "${programs[@]}"; do
    if is_workload "$name"; then
        if ! workload_command "$name"; then
            printf '%-13s not available on this host\n' "$name" | tee -a "$table"
            continue
        fi
    elif build_program "$name"; then
        CMD=("$BUILD/$name")
    else
        printf '%-13s does not build\n' "$name" | tee -a "$table"
        continue
    fi
    run_tern=$have_tern
    if [ $run_tern = 1 ] && [ $tern_dynamic = 0 ] && is_dynamic "${CMD[0]}"; then
        run_tern=0
        echo "$name under tern: n/a (needs dynamic linking)" >>"$NOTES"
    fi
    measure_side_by_side "$name"
    read -r nat _ <<<"$(result_of native)"
    tres=$(result_of tern) qres=$(result_of qemu)
    tres=$(check_output "$tres" "$BUILD/$name.tern.out" "$BUILD/$name.native.out")
    qres=$(check_output "$qres" "$BUILD/$name.qemu.out" "$BUILD/$name.native.out")
    read -r tt trss <<<"$tres"
    read -r qt qrss <<<"$qres"
    trss=${trss:--} qrss=${qrss:--}
    printf '%-13s %9s %9s %9s %11s %11s %9s %9s %9s\n' "$name" "$nat" "$tt" "$qt" "$(ratio "$tt" "$nat")" \
        "$(ratio "$qt" "$nat")" "$(ratio "$qt" "$tt")" "$(mib "$trss")" "$(mib "$qrss")" | tee -a "$table"
    echo "$name,$nat,$tt,$qt,$trss,$qrss" >>"$csv"
done

# Geometric means over the programs where both sides of a ratio have a time.
awk -F, 'function ok(v) { return v ~ /^[0-9.]+$/ && v > 0 }
    NR > 1 {
        if (ok($2) && ok($3)) { tn += log($3 / $2); ntn++ }
        if (ok($2) && ok($4)) { qn += log($4 / $2); nqn++ }
        if (ok($3) && ok($4)) { qt += log($4 / $3); nqt++ }
    }
    function gm(s, n) { return n ? sprintf("%.2f", exp(s / n)) : "-" }
    END { printf "%-13s %9s %9s %9s %11s %11s %9s\n", "geomean", "", "", "", gm(tn, ntn), gm(qn, nqn), gm(qt, nqt) }' \
    "$csv" | tee -a "$table"
{
    echo "(times in seconds; 'wrong' = output differs from native, FAIL = crashed or nonzero exit)"
    cat "$NOTES"
} | tee -a "$table"
# thread scaling (2 threads vs 1) of par_hash, tern beside qemu
[[ " ${programs[*]} " == *" par_hash "* ]] && TERN="${TERN_CMD[*]}" bench/par-speedup.sh | tee -a "$table"
cp "$table" "$RESULTS/bench-$stamp.txt"
python3 bench/plot.py "$csv" "$RESULTS/ratios.svg" && echo "chart: $RESULTS/ratios.svg"

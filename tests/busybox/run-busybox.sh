#!/usr/bin/env bash
# Busybox applets, native vs emulated: Debian's busybox-static (unpacked
# by tests/install-deps.sh) runs each case of cases.txt twice on the same
# generated data, once natively and once with every busybox process started
# under $TERN; stdout and exit status must be identical.  Cases are bash
# command lines where `bb` stands for the busybox binary, so pipelines run
# each stage as its own (emulated) process.
#
#   tests/busybox/run-busybox.sh [CASE...]   default: every case
#   TERN=qemu-x86_64 tests/busybox/run-busybox.sh   validate the harness
#   JOBS=n (default 2)  CASE_TIMEOUT=s (default 60)
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
ROOT=$PWD
export SRC=$ROOT/tests/busybox
export BB=$ROOT/tests/downloads/busybox-static/bin/busybox
OUT=$ROOT/build/busybox/out
CASE_TIMEOUT=${CASE_TIMEOUT:-60}
JOBS=${JOBS:-2}

# Only the first word is the program: TERN may carry options.
resolve_tern() {
    local t=${TERN:-build/tern-x86_64}
    local prog=${t%% *} opts=""
    [ "$prog" != "$t" ] && opts=" ${t#* }"
    case $prog in */*) prog=$(realpath -m "$prog") ;; esac
    echo "$prog$opts"
}

case_command() {
    awk -F '\t' -v name="$1" '$1 == name { print $2; exit }' "$SRC/cases.txt"
}

list_cases() {
    if [ $# -gt 0 ]; then printf '%s\n' "$@"; return; fi
    awk -F '\t' '!/^#/ && NF >= 2 { print $1 }' "$SRC/cases.txt"
}

# Run a case's command line with `bb` bound to RUNNER + busybox and $T an
# empty scratch directory; prints the exit status.  The environment is
# pinned so both runs see the same one; the file size limit (64 MiB) keeps a
# runaway process from filling the disk.
run_with() {
    local runner=$1 cmd=$2 out=$3 err=$4 scratch=$5
    rm -rf "$scratch" && mkdir -p "$scratch"
    (cd "$RUN_DIR/data" && ulimit -f 65536 &&
        exec env -i PATH=/usr/local/bin:/usr/bin:/bin LC_ALL=C TZ=UTC HOME=/tmp \
            SRC="$SRC" BB="$BB" T="$scratch" RUNNER="$runner" \
            timeout -k 5 "$CASE_TIMEOUT" bash -o pipefail -c 'bb() { $RUNNER "$BB" "$@"; }; '"$cmd" \
            </dev/null >"$out" 2>"$err")
    echo $?
}

# Keep a failed case's files where the FAIL line says, replacing older ones.
keep_for_inspection() {
    rm -rf "${OUT:?}/$2" && mkdir -p "$OUT" && mv "$1" "$OUT/$2"
}

# Each invocation has its own RUN_DIR (data and per-case files), so several
# people running the suite at once in one tree do not trample each other.
run_case() {
    local name=$1 cmd tern nst tst dir=$RUN_DIR/$1
    cmd=$(case_command "$name")
    if [ -z "$cmd" ]; then echo "FAIL busybox/$name: no such case"; return; fi
    tern=$(resolve_tern)
    mkdir -p "$dir"
    nst=$(run_with "" "$cmd" "$dir/native.out" "$dir/native.err" "$dir/tmp")
    tst=$(run_with "$tern" "$cmd" "$dir/tern.out" "$dir/tern.err" "$dir/tmp")
    rm -rf "$dir/tmp"
    local hint
    hint=$(grep -m1 -v '^[[:space:]]*$' "$dir/tern.err" | cut -c1-160)
    [ -n "$hint" ] && hint="; stderr: $hint"
    if [ "$nst" = 124 ]; then
        echo "FAIL busybox/$name: native run timed out (broken case)"
    elif [ "$tst" != "$nst" ]; then
        echo "FAIL busybox/$name: exit status $tst, native $nst$hint"
    elif ! cmp -s "$dir/native.out" "$dir/tern.out"; then
        echo "FAIL busybox/$name: stdout differs ($(cmp "$dir/native.out" "$dir/tern.out" 2>&1 | head -1 |
            sed 's/.*differ: //'); see build/busybox/out/$name/)$hint"
    else
        echo "ok busybox/$name"
        rm -rf "$dir"
        return
    fi
    keep_for_inspection "$dir" "$name"
}

if [ "${1:-}" = --case ]; then
    run_case "$2"
    exit 0
fi

if [ ! -x "$BB" ]; then
    echo "FAIL busybox/setup: $BB missing (run tests/install-deps.sh)"
    exit 1
fi
mkdir -p "$OUT"
RUN_DIR=$(mktemp -d "$ROOT/build/busybox/tmp.XXXXXX")
export RUN_DIR
trap 'rm -rf "$RUN_DIR"' EXIT
python3 "$SRC/gen-data.py" "$RUN_DIR/data" || { echo "FAIL busybox/setup: data generator failed"; exit 1; }
list_cases "$@" | xargs -P "$JOBS" -I{} "$0" --case {} | tee "$RUN_DIR/results.txt"
! grep -q '^FAIL ' "$RUN_DIR/results.txt"

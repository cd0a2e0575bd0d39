#!/usr/bin/env bash
# Guest program corpus: every tests/guest/NAME.c is built static at -O0 and
# -O2 and dynamically linked at -O2 (variant "dyn": ld.so and libc.so run
# under tern too; not PIE, so addresses a program prints are the same in
# both runs, as ASLR would move a PIE), plus the gcc flags in NAME.cflags, if any, and run
# natively and under $TERN with the same arguments (NAME.args, one line, split on blanks), stdin
# (NAME.stdin, else /dev/null), environment and working directory; stdout
# must match byte for byte and the exit status (including death by signal)
# must match.  The native run is the oracle.  Prints `ok guest/NAME-OPT` or
# `FAIL guest/NAME-OPT: why` per case; a failed case's outputs are kept in
# build/guest/run/NAME-OPT/.
#
#   tests/guest/run-guest.sh [NAME...]     default: every program
#   TERN=qemu-x86_64 tests/guest/run-guest.sh   validate the harness itself
#   JOBS=n (default 2)  CASE_TIMEOUT=s (default 60)
#
# Builds and cases run in parallel through xargs; the script calls itself
# with --build / --case.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
ROOT=$PWD
GUEST_SRC=tests/guest
GUEST_BUILD=build/guest
OPT_LEVELS=(O0 O2 dyn)
CASE_TIMEOUT=${CASE_TIMEOUT:-60}
JOBS=${JOBS:-2}
OUTPUT_LIMIT_KB=32768
SIGXFSZ_STATUS=153
# env_argv.c prints these; both runs inherit the same environment anyway.
export TERN_GUEST_VAR='a value with  spaces' TERN_GUEST_EMPTY=
unset TERN_GUEST_UNSET

# A TERN given as a relative path must survive the cd into a scratch dir.
# Only the first word is the program: TERN may carry options.
resolve_tern() {
    local t=${TERN:-build/tern-x86_64}
    local prog=${t%% *} opts=""
    [ "$prog" != "$t" ] && opts=" ${t#* }"
    case $prog in */*) prog=$(realpath -m "$prog") ;; esac
    echo "$prog$opts"
}

# One line of reason: the first stderr line of the emulated run helps whoever
# reads a CI log decide whose bug it is.
stderr_hint() {
    local line
    line=$(grep -m1 -v '^[[:space:]]*$' "$1" 2>/dev/null | cut -c1-160)
    [ -n "$line" ] && printf '; stderr: %s' "$line"
}

# Build NAME at OPT unless the binary is newer than its source (and its
# optional NAME.cflags, extra gcc flags such as -msse4.2).  The compile goes
# through a temp file so parallel or interrupted builds never leave a
# half-written binary behind.
build_guest() {
    local name=$1 opt=$2 src=$GUEST_SRC/$1.c bin=$GUEST_BUILD/$1-$2 flags=$GUEST_SRC/$1.cflags extra=()
    if [ -x "$bin" ] && [ "$bin" -nt "$src" ] && { [ ! -e "$flags" ] || [ "$bin" -nt "$flags" ]; }; then
        return 0
    fi
    [ -f "$flags" ] && read -r -a extra <"$flags"
    mkdir -p "$GUEST_BUILD"
    local link=(-static -"$opt")
    [ "$opt" = dyn ] && link=(-O2 -no-pie)
    gcc "${link[@]}" -w "${extra[@]}" -o "$bin.tmp.$$" "$src" -lm 2>"$GUEST_BUILD/$name-$opt.cc.log" ||
        return 1
    mv -f "$bin.tmp.$$" "$bin"
    rm -f "$GUEST_BUILD/$name-$opt.cc.log"
}

# Run BIN (via the optional runner prefix) inside DIR with the case's
# arguments and stdin; stdout to OUT, stderr to ERR; prints the exit status.
# The file size limit stops a runaway guest from filling the disk (it dies
# of SIGXFSZ instead).
run_one() {
    local dir=$1 out=$2 err=$3 stdin=$4; shift 4
    rm -rf "$dir" && mkdir -p "$dir"
    (cd "$dir" && ulimit -f "$OUTPUT_LIMIT_KB" && exec timeout -k 5 "$CASE_TIMEOUT" "$@" <"$stdin" >"$out" 2>"$err")
    echo $?
}

describe_status() {
    case $1 in
        124) echo "timeout ${CASE_TIMEOUT}s" ;;
        "$SIGXFSZ_STATUS") echo "$1 (SIGXFSZ: output over $((OUTPUT_LIMIT_KB / 1024)) MiB)" ;;
        12[89]|1[3-9][0-9]|2[0-5][0-9]) echo "$1 (signal $(($1 - 128)))" ;;
        *) echo "$1" ;;
    esac
}

# Keep a failed case's files where the FAIL line says, replacing older ones.
keep_for_inspection() {
    local work=$1 dest=$ROOT/$GUEST_BUILD/run/$2
    rm -rf "$dest" && mkdir -p "$(dirname "$dest")" && mv "$work" "$dest"
}

# Each invocation works in its own RUN_DIR, so several people running the
# corpus at once in one tree do not trample each other's files; the binary
# is hard-linked there so a concurrent rebuild cannot swap it between the
# native and the emulated run.
run_case() {
    local name=$1 opt=$2 case=guest/$1-$2 tern
    local work=$RUN_DIR/$name-$opt stdin=/dev/null args=() nst tst why=""
    tern=$(resolve_tern)
    if ! build_guest "$name" "$opt"; then
        echo "FAIL $case: does not compile (see $GUEST_BUILD/$name-$opt.cc.log)"
        return
    fi
    [ -f "$GUEST_SRC/$name.stdin" ] && stdin=$ROOT/$GUEST_SRC/$name.stdin
    [ -f "$GUEST_SRC/$name.args" ] && read -r -a args <"$GUEST_SRC/$name.args"
    mkdir -p "$work"
    local bin=$work/$name-$opt
    ln "$GUEST_BUILD/$name-$opt" "$bin" 2>/dev/null || cp "$GUEST_BUILD/$name-$opt" "$bin"
    nst=$(run_one "$work/cwd" "$work/native.out" "$work/native.err" "$stdin" "$bin" "${args[@]}")
    # shellcheck disable=SC2086  # TERN may carry options: "build/tern-x86_64 -d in_asm"
    tst=$(run_one "$work/cwd" "$work/tern.out" "$work/tern.err" "$stdin" $tern "$bin" "${args[@]}")
    rm -rf "$work/cwd"
    if [ "$nst" = 124 ] || [ "$nst" = "$SIGXFSZ_STATUS" ]; then
        why="the native run itself $([ "$nst" = 124 ] && echo "timed out" ||
            echo "wrote over $((OUTPUT_LIMIT_KB / 1024)) MiB") (broken test)"
    elif [ "$tst" != "$nst" ]; then
        why="exit status $(describe_status "$tst"), native $(describe_status "$nst")"
    elif ! cmp -s "$work/native.out" "$work/tern.out"; then
        why="stdout differs ($(cmp "$work/native.out" "$work/tern.out" 2>&1 | head -1 | sed 's/.*differ: //');"
        why+=" see $GUEST_BUILD/run/$name-$opt/)"
    fi
    if [ -z "$why" ]; then
        echo "ok $case"
        rm -rf "$work"
    else
        echo "FAIL $case: $why$(stderr_hint "$work/tern.err")"
        keep_for_inspection "$work" "$name-$opt"
    fi
}

list_cases() {
    local names=("$@") n opt
    if [ ${#names[@]} -eq 0 ]; then
        for n in "$GUEST_SRC"/*.c; do names+=("$(basename "$n" .c)"); done
    fi
    for n in "${names[@]}"; do
        for opt in "${OPT_LEVELS[@]}"; do echo "$n $opt"; done
    done
}

case ${1:-} in
    --build) build_guest "$2" "$3"; exit 0 ;;
    --case) run_case "$2" "$3"; exit 0 ;;
esac

# Compile everything first, so a case's time limit covers running only.
mkdir -p "$GUEST_BUILD"
RUN_DIR=$(mktemp -d "$ROOT/$GUEST_BUILD/tmp.XXXXXX")
export RUN_DIR
trap 'rm -rf "$RUN_DIR"' EXIT
list_cases "$@" | xargs -P "$JOBS" -n 2 "$0" --build
list_cases "$@" | xargs -P "$JOBS" -n 2 "$0" --case | tee "$RUN_DIR/results.txt"
! grep -q '^FAIL ' "$RUN_DIR/results.txt"

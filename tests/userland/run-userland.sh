#!/usr/bin/env bash
# Real Debian programs (dynamically linked: ld.so, libc, libpython, cc1...)
# run natively and under $TERN: stdout and exit status must match.  Each
# case is a shell function run twice in a fresh copy of a fixture tree,
# once with R="" (native, the oracle) and once with R="$TERN"; the
# function prefixes the commands under test with $R and may check their
# results natively afterwards.  Shells run under tern start their children
# under tern too (execve goes through tern), so the script cases cover
# fork/exec/pipes of dynamic programs.  Prints `ok userland/NAME` or
# `FAIL userland/NAME: why`; a failed case's files are kept in
# build/userland/NAME/.
#
#   tests/userland/run-userland.sh [NAME...]   default: every case
#   TERN=qemu-x86_64 tests/userland/run-userland.sh   validate the cases
#   CASE_TIMEOUT=s (default 120)
# shellcheck disable=SC2317,SC2086,SC2016  # cases run through declare -f; $R may carry options
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
ROOT=$PWD
CASE_TIMEOUT=${CASE_TIMEOUT:-120}
OUT=$ROOT/build/userland
export LC_ALL=C TZ=UTC
unset LD_SHOW_AUXV LD_DEBUG

resolve_tern() {
    local t=${TERN:-build/tern-x86_64}
    local prog=${t%% *} opts=""
    [ "$prog" != "$t" ] && opts=" ${t#* }"
    case $prog in */*) prog=$(realpath -m "$prog") ;; esac
    echo "$prog$opts"
}
TERN_CMD=$(resolve_tern)

# ---- the fixture: files with fixed contents and times ----

make_fixture() {
    local d=$1
    mkdir -p "$d/tree/sub/deeper" "$d/tree/empty"
    seq 1 2000 | awk '{ printf "%d line %05d %s\n", ($1 * 7919) % 1000, $1, ($1 % 3 ? "alpha" : "beta") }' \
        >"$d/tree/lines.txt"
    printf 'hello\nworld\n' >"$d/tree/sub/hello.txt"
    head -c 70000 /dev/zero | tr '\0' 'x' >"$d/tree/sub/deeper/big.txt"
    printf '#!/bin/sh\necho run\n' >"$d/tree/sub/run.sh"
    chmod 755 "$d/tree/sub/run.sh"
    ln -s sub/hello.txt "$d/tree/link"
    find "$d/tree" -exec touch -h -d '2021-03-04 05:06:07' {} +
    cp "$ROOT/tests/userland/script.sh" "$ROOT/tests/userland/program.py" "$ROOT/tests/userland/stdlib.py" "$d/"
    cat >"$d/hello.c" <<'C'
#include <stdio.h>
#include <string.h>
int main(int argc, char **argv)
{
    char buf[64];
    snprintf(buf, sizeof(buf), "%s|%d", "built by gcc", argc);
    printf("%s %zu\n", buf, strlen(argv[0]) > 0);
    return 5;
}
C
}

# ---- the cases: $R is "" natively and the emulator under test ----

case_sort() {
    $R /usr/bin/sort -n -k1,1 -k3,3r tree/lines.txt | head -n 50
    $R /usr/bin/sort -u -t' ' -k3 tree/lines.txt
}

case_sha256sum() {
    $R /usr/bin/sha256sum tree/lines.txt tree/sub/hello.txt tree/sub/deeper/big.txt
    $R /usr/bin/sha256sum --check <(sha256sum tree/lines.txt)
}

case_cp() {
    $R /bin/cp -a tree copy || return
    diff -r tree copy && echo same
    find copy | sort
    $R /bin/cp tree/sub/deeper/big.txt one && cmp tree/sub/deeper/big.txt one && echo copied
}

case_tar() {
    $R /bin/tar -cf t.tar -C tree . || return
    mkdir x
    $R /bin/tar -xf t.tar -C x || return
    diff -r tree x && echo round trip ok
    $R /bin/tar -tvf t.tar | sort
    $R /bin/tar -czf t.tgz -C tree sub && $R /bin/tar -tzf t.tgz | sort
}

case_ls() {
    $R /bin/ls -lR --time-style=long-iso tree
    $R /bin/ls -la --time-style=+%s tree/sub
}

case_dash() {
    $R /bin/dash script.sh dash
}

case_bash() {
    $R /bin/bash script.sh bash
    $R /bin/bash -c 'shopt -s extglob; a=(x y z); echo "${#a[@]} ${a[*]^^}"; [[ abc == a+(b)c ]] && echo glob'
}

case_script_direct() {
    $R ./tree/sub/run.sh
    $R ./script.sh direct
}

case_grep_sed() {
    $R /bin/grep -E '^[0-9]{3} line 0+1[0-9]{2} beta$' tree/lines.txt
    $R /bin/grep -c -v alpha tree/lines.txt
    $R /bin/sed -n -E 's/^([0-9]+) line ([0-9]+) (alpha|beta)$/\3:\2:\1/p' tree/lines.txt | $R /bin/sed -n '1~97p'
    $R /bin/grep -rl hello tree | sort
}

case_perl() {
    $R /usr/bin/perl -ne 'print if /beta$/ && $. % 50 == 0' tree/lines.txt
    $R /usr/bin/perl -e 'my %h; $h{$_ % 7}++ for 1..1000; print join(",", map {"$_=$h{$_}"} sort keys %h), "\n";
        printf "%.10f\n", atan2(1, 1) * 4; print scalar reverse("tern"), "\n"'
    $R /usr/bin/perl -MDigest::MD5=md5_hex -le 'print md5_hex("abc")'
}

case_python3() {
    $R /usr/bin/python3 program.py
}

case_python3_stdlib() {
    $R /usr/bin/python3 stdlib.py
}

case_gcc() {
    $R /usr/bin/gcc -O2 hello.c -o hello || return
    sha256sum hello # the very same bytes as gcc's native build
    ./hello a b
    echo "status $?"
    $R ./hello
    echo "status $?"
}

case_exit_status() {
    $R /bin/false
    echo "false: $?"
    $R /bin/sh -c 'exit 7'
    echo "sh: $?"
    $R /bin/sh -c 'kill -TERM $$'
    echo "killed: $?"
}

# Lazy binding: the first call through each PLT slot goes through ld.so's
# _dl_runtime_resolve, which must save and restore the argument registers
# (fxsave here: no XSAVE advertised) around the lookup.
case_lazy_binding() {
    cat >lib.c <<'C'
double mix(double a, float b, long c, double d, double e, double f, double g, double h, double i)
{ return a * 3 + b - c + d * e - f + g * h - i; }
long sum6(long a, long b, long c, long d, long e, long f) { return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f; }
C
    cat >main.c <<'C'
#include <stdio.h>
double mix(double, float, long, double, double, double, double, double, double);
long sum6(long, long, long, long, long, long);
int main(void)
{
    printf("%.17g %ld\n", mix(1.5, 2.25f, 7, 0.125, 8, 1e-3, 3.5, -2, 1e10), sum6(1, 2, 3, 4, 5, 6));
    printf("%.17g %ld\n", mix(-1, 0.5f, -3, 2, 2, 2, 2, 2, 2), sum6(-1, -2, -3, -4, -5, -6));
    return 0;
}
C
    gcc -O2 -shared -fPIC -o libmix.so lib.c && gcc -O2 -o lazy main.c -L. -lmix -Wl,-z,lazy,-rpath,"$PWD" || return
    env -u LD_BIND_NOW $R ./lazy
}

# /proc/self/maps names the program, its loader, the libraries the loader
# mapped (from the host's entries at the same addresses), heap and stack.
case_proc_maps() {
    $R /bin/grep -E -o ' /.*(grep|libc\.so\.6|ld-linux-x86-64\.so\.2|libpcre2-8\.so\.0)$|\[(heap|stack)\]$' \
        /proc/self/maps | sort -u
    $R /bin/grep -E -c ' r-xp [0-9a-f]+ [0-9a-f]+:[0-9a-f]+ [1-9][0-9]* +/.*libc\.so\.6$' /proc/self/maps
}

# ldd runs the guest's ld.so with LD_TRACE_LOADED_OBJECTS (through bash,
# so across execve): it must list the guest's libraries, not tern's.  No
# vDSO under tern; load addresses are random anyway.
case_ldd() {
    $R /usr/bin/ldd /bin/ls | grep -v linux-vdso | sed 's/ (0x[0-9a-f]*)//'
    LD_TRACE_TEST=1 $R /bin/sh -c 'env | grep "^LD_"; LD_BIND_NOW=1 LD_LIBRARY_PATH=/nonexistent /bin/echo bound'
}

# -L and QEMU_LD_PREFIX: a library found only under the prefix (the
# program's rpath names a directory that does not exist on the host); the
# oracle runs natively with LD_LIBRARY_PATH pointing into the prefix.
case_prefix() {
    local lib=/nonexistent-tern-test-lib
    mkdir -p "sysroot$lib"
    printf 'const char *where(void) { return "from the prefix"; }\n' >lib.c
    printf '#include <stdio.h>\nconst char *where(void);\nint main(void) { puts(where()); return 0; }\n' >prog.c
    gcc -O2 -shared -fPIC -o "sysroot$lib/libwhere.so" lib.c || return
    gcc -O2 -o prog prog.c -L"sysroot$lib" -lwhere -Wl,-rpath,"$lib" || return
    if [ -z "$R" ]; then
        LD_LIBRARY_PATH=$PWD/sysroot$lib ./prog
        LD_LIBRARY_PATH=$PWD/sysroot$lib ./prog
    else
        $R -L "$PWD/sysroot" ./prog
        QEMU_LD_PREFIX=$PWD/sysroot $R ./prog
    fi
}

ALL_CASES=(sort sha256sum cp tar ls dash bash script_direct grep_sed perl python3 python3_stdlib gcc exit_status lazy_binding proc_maps ldd prefix)

# ---- the runner ----

# Run case NAME in DIR with runner R; prints the exit status.
run_side() {
    local name=$1 dir=$2 runner=$3
    mkdir -p "$dir" && make_fixture "$dir"
    (
        cd "$dir" || exit 99
        R=$runner timeout -k 5 "$CASE_TIMEOUT" bash -c "$(declare -f "case_$name"); case_$name" \
            >out 2>err </dev/null
    )
    echo $?
}

run_case() {
    local name=$1 work nst tst why=""
    work=$(mktemp -d "$OUT/tmp.XXXXXX")
    nst=$(run_side "$name" "$work/native" "")
    tst=$(run_side "$name" "$work/tern" "$TERN_CMD")
    if [ "$tst" != "$nst" ]; then
        why="exit status $tst, native $nst"
    elif ! cmp -s "$work/native/out" "$work/tern/out"; then
        why="stdout differs ($(diff "$work/native/out" "$work/tern/out" | grep -m1 '^[<>]' | cut -c1-100))"
    fi
    if [ -z "$why" ]; then
        echo "ok userland/$name"
        rm -rf "$work" "${OUT:?}/$name"
    else
        local hint
        hint=$(grep -m1 -v '^[[:space:]]*$' "$work/tern/err" 2>/dev/null | cut -c1-160)
        echo "FAIL userland/$name: $why${hint:+; stderr: $hint} (see build/userland/$name/)"
        rm -rf "${OUT:?}/$name" && mv "$work" "$OUT/$name"
    fi
}

mkdir -p "$OUT"
cases=("$@")
[ ${#cases[@]} -eq 0 ] && cases=("${ALL_CASES[@]}")
failed=0
for c in "${cases[@]}"; do
    if ! declare -F "case_$c" >/dev/null; then
        echo "FAIL userland/$c: no such case"
        failed=1
        continue
    fi
    line=$(run_case "$c")
    echo "$line"
    case $line in FAIL*) failed=1 ;; esac
done
exit $failed

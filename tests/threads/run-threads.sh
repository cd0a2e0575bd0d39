#!/usr/bin/env bash
# Threaded guest programs under code-buffer flush storms: each program of
# tests/threads/common.sh runs under $TERN with a tiny code buffer
# (TERN_CODE_BUFFER_SIZE), so the buffer is flushed again and again while
# other guest threads run, translate and chain; stdout and exit status must
# match the native run.  The SMC-under-concurrency stress runs several
# times, since its races are timing-dependent.  Prints `ok threads/...` or
# `FAIL threads/...: why` per case; exit status 1 if any failed.
#
#   TERN=...  emulator (default build/tern-x86_64)   CASE_TIMEOUT=s (default 120)
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
# shellcheck source=tests/threads/common.sh
. tests/threads/common.sh
TERN=${TERN:-build/tern-x86_64}
CASE_TIMEOUT=${CASE_TIMEOUT:-120}
BUFFER=96k
SMC_REPEATS=5
WORK=$(mktemp -d /tmp/tern-threads.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
failed=0

# run_case NAME PROGRAM ENV...: native vs tern with the given environment
run_case() {
    local name=$1 bin; bin=$(guest_binary "$2"); shift 2
    local nst tst
    timeout "$CASE_TIMEOUT" "$bin" >"$WORK/native" 2>/dev/null </dev/null
    nst=$?
    # shellcheck disable=SC2086  # TERN may carry options
    env "$@" timeout "$CASE_TIMEOUT" $TERN "$bin" >"$WORK/tern" 2>"$WORK/err" </dev/null
    tst=$?
    if [ "$nst" != "$tst" ]; then
        echo "FAIL threads/$name: exit status $tst, native $nst; $(head -c 200 "$WORK/err")"
    elif ! cmp -s "$WORK/native" "$WORK/tern"; then
        echo "FAIL threads/$name: stdout differs from the native run"
    else
        echo "ok threads/$name"
        return 0
    fi
    failed=1
}

build_thread_programs
for p in "${THREAD_PROGRAMS[@]}"; do
    [ -x "$(guest_binary "$p")" ] || { failed=1; continue; }
    run_case "$p-flush-storm" "$p" TERN_CODE_BUFFER_SIZE=$BUFFER
done
for i in $(seq "$SMC_REPEATS"); do
    run_case "thr_smc_stress-run$i" thr_smc_stress TERN_CODE_BUFFER_SIZE=
done
exit "$failed"

#!/usr/bin/env bash
# `make tsan-check`: the threaded guest programs under a ThreadSanitizer
# build of tern (build-tsan/tern-x86_64, -fsanitize=thread -O1 -g), with a
# tiny code buffer (flushes while the other threads run, chaining and
# invalidation in between), plus the SMC stress with the default buffer.  Fails on any ThreadSanitizer report with a frame in
# tern's own sources (src/...), or on a run whose exit status differs from
# the native one.  TSan sees tern's code only, never the generated code;
# tests/threads/tsan.supp lists the false positives that follow from that.
# Prints `ok tsan/...` / `FAIL tsan/...: why`; exit status 1 if any failed.
#
#   TSAN_TERN=...  the instrumented tern (default build-tsan/tern-x86_64)
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
# shellcheck source=tests/threads/common.sh
. tests/threads/common.sh
TSAN_TERN=${TSAN_TERN:-build-tsan/tern-x86_64}
CASE_TIMEOUT=${CASE_TIMEOUT:-300}
LOGDIR=build-tsan/logs
mkdir -p "$LOGDIR"
export TSAN_OPTIONS="suppressions=$PWD/tests/threads/tsan.supp exitcode=0 halt_on_error=0 history_size=4"
failed=0

# Count the reports of a log that name a frame in tern's sources.
tern_reports() {
    awk '/^WARNING: ThreadSanitizer/ { inrep = 1; hit = 0; next }
         /^==================/ { if (inrep && hit) n++; inrep = 0; next }
         inrep && / src\/[a-z0-9_\/]+\.[ch]:[0-9]+/ { hit = 1 }
         END { if (inrep && hit) n++; print n + 0 }' "$1"
}

# args of a program under TSan: thread creation is slow there, so the
# churn test runs fewer waves
tsan_args() {
    case $1 in
        thr_churn) echo 100 ;;
    esac
}

run_case() {
    local name=$1 prog=$2 buffer=$3 bin log nst tst reports args
    bin=$(guest_binary "$prog")
    log=$LOGDIR/$name.log
    read -r -a args <<<"$(tsan_args "$prog")"
    timeout "$CASE_TIMEOUT" "$bin" "${args[@]}" >/dev/null 2>&1 </dev/null
    nst=$?
    TERN_CODE_BUFFER_SIZE=$buffer timeout "$CASE_TIMEOUT" "$TSAN_TERN" "$bin" "${args[@]}" >/dev/null 2>"$log" </dev/null
    tst=$?
    reports=$(tern_reports "$log")
    if [ "$reports" != 0 ]; then
        echo "FAIL tsan/$name: $reports ThreadSanitizer report(s) in tern's code (see $log)"
    elif [ "$nst" != "$tst" ]; then
        echo "FAIL tsan/$name: exit status $tst, native $nst (see $log)"
    else
        echo "ok tsan/$name"
        return 0
    fi
    failed=1
}

if [ ! -x "$TSAN_TERN" ]; then
    echo "FAIL tsan: $TSAN_TERN was not built (make tsan-check builds it)"
    exit 1
fi
build_thread_programs
for p in "${THREAD_PROGRAMS[@]}"; do
    [ -x "$(guest_binary "$p")" ] || { failed=1; continue; }
    run_case "$p-flush-storm" "$p" 96k
done
run_case thr_smc_stress thr_smc_stress ""
exit "$failed"

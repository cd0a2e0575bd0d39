#!/usr/bin/env bash
# Every test of tern, in order: the unit test binaries (build/tests/test_*),
# the user-mode scripts (tests/user/*.sh), the random instruction tester
# and the decoder check, the guest program corpus, the busybox applets,
# real Debian programs (tests/userland), and the threaded programs under
# flush storms and under ThreadSanitizer (tests/threads).  Each prints
# `ok <case>` / `FAIL <case>: why`; this script counts those lines over
# everything, adds one failure for a runner that dies without explaining
# itself (crash, timeout, nonzero exit with no FAIL line), repeats the
# failures at the end and finishes with `N passed, N failed`.
#
#   TERN=...      emulator under test (default build/tern-x86_64)
#   JOBS=n        parallel runners (default 2: the CI machine has 2 cores)
#   UNIT_TIMEOUT  seconds for one unit binary or user script (default 300)
#   SUITE_TIMEOUT seconds for the whole guest / busybox suite (default 900;
#                 their cases have their own 60 s limit)
#   TESTS_BUDGET  seconds for everything (default 1080): a hanging emulator
#                 must not hold CI past 20 minutes, so each runner's limit
#                 is cut to what is left and runners past it are failed.
# Full output of each runner is kept in build/test-logs/NAME.log.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
ROOT=$PWD
FINAL_LOGS=$ROOT/build/test-logs
JOBS=${JOBS:-2}
UNIT_TIMEOUT=${UNIT_TIMEOUT:-300}
SUITE_TIMEOUT=${SUITE_TIMEOUT:-900}
export JOBS

# Children run from other directories, so a relative TERN path is made
# absolute (its first word: TERN may carry options).
tern=${TERN:-build/tern-x86_64}
tern_prog=${tern%% *}
case $tern_prog in */*) tern=$(realpath -m "$tern_prog")${tern#"$tern_prog"} ;; esac
export TERN=$tern

# The interpreter named on a script's #! line, so scripts need not be +x.
script_interpreter() {
    local first
    first=$(head -n 1 "$1")
    case $first in
        '#!'*) echo "${first#\#!}" ;;
        *) echo sh ;;
    esac
}

describe_status() {
    case $1 in
        124) echo "timed out after $2 s" ;;
        12[89]|1[3-9][0-9]|2[0-5][0-9]) echo "killed by signal $(($1 - 128))" ;;
        *) echo "exited with status $1" ;;
    esac
}

# Run one runner with a time limit, log everything it says, print its
# protocol lines, and add a FAIL line (to the log too, so counting sees it)
# when it died or failed silently.
run_entry() {
    local name=$1 limit=$2 status reason left
    shift 2
    local log=$LOGS/$name.log
    left=$((TESTS_DEADLINE - $(date +%s)))
    if [ "$left" -le 0 ]; then
        echo "FAIL $name: not run, the test time budget is spent" | tee "$log"
        return
    fi
    [ "$left" -lt "$limit" ] && limit=$left
    local t0=$SECONDS
    timeout -k 10 "$limit" "$@" 2>&1 </dev/null | tee "$log" | grep --line-buffered -aE '^(ok|FAIL) '
    status=${PIPESTATUS[0]}
    echo "$((SECONDS - t0)) $name" >>"$LOGS/timings"
    [ "$status" = 0 ] && return 0
    reason=$(describe_status "$status" "$limit")
    if [ "$status" -ge 124 ] || ! grep -aq '^FAIL ' "$log"; then
        echo "FAIL $name: $reason (see build/test-logs/$name.log)" | tee -a "$log"
    fi
}

# One unit binary or user script, by kind:name (called back through xargs).
run_named_entry() {
    local kind=${1%%:*} name=${1#*:}
    case $kind in
        unit)
            if [ -x "build/tests/$name" ]; then
                run_entry "$name" "$UNIT_TIMEOUT" "build/tests/$name"
            else
                echo "FAIL $name: build/tests/$name was not built" | tee "$LOGS/$name.log"
            fi
            ;;
        user)
            local interp
            interp=$(script_interpreter "tests/user/$name.sh")
            # shellcheck disable=SC2086  # the #! line may carry an argument
            run_entry "$name" "$UNIT_TIMEOUT" $interp "tests/user/$name.sh"
            ;;
    esac
}

list_units() {
    local src
    for src in tests/unit/test_*.c; do
        [ -e "$src" ] && echo "unit:$(basename "$src" .c)"
    done
}

list_user_scripts() {
    local s
    for s in tests/user/*.sh; do
        [ -e "$s" ] && echo "user:$(basename "$s" .sh)"
    done
}

if [ "${1:-}" = --entry ]; then
    run_named_entry "$2"
    exit 0
fi

# Normally done by CI beforehand; quick when nothing is missing.
tests/install-deps.sh >/tmp/tern-install-deps.$$ 2>&1 ||
    { cat /tmp/tern-install-deps.$$; echo "run-tests: tests/install-deps.sh failed, continuing"; }
rm -f /tmp/tern-install-deps.$$

# Logs are written to a private directory and moved into build/test-logs at
# the end, so two runs in the same tree do not mix their counts.
mkdir -p "$ROOT/build"
RUN_LOGS=$(mktemp -d "$ROOT/build/test-logs.XXXXXX")
trap 'rm -rf "$RUN_LOGS"' EXIT
export LOGS=$RUN_LOGS
start=$SECONDS
export TESTS_DEADLINE=$(($(date +%s) + ${TESTS_BUDGET:-1080}))
{ list_units; list_user_scripts; } | xargs -r -P "$JOBS" -I{} "$0" --entry {}
# Instruction-level checks: random sequences native vs tern, decoder vs Zydis (fixed seeds).
run_entry difftest "$UNIT_TIMEOUT" build/tests/difftest --seed 1 --count 5000
run_entry decode_zydis "$UNIT_TIMEOUT" build/tests/decode_zydis --seed 1 --count 100000
run_entry guest "$SUITE_TIMEOUT" tests/guest/run-guest.sh
run_entry busybox "$SUITE_TIMEOUT" tests/busybox/run-busybox.sh
run_entry userland "$SUITE_TIMEOUT" tests/userland/run-userland.sh
run_entry threads "$SUITE_TIMEOUT" tests/threads/run-threads.sh
run_entry tsan "$SUITE_TIMEOUT" tests/threads/tsan-check.sh

slowest=$(sort -rn "$LOGS/timings" | head -n 3 | awk '{ printf "%s%s %d s", (NR > 1 ? ", " : ""), $2, $1 }')
passed=$(cat "$LOGS"/*.log | grep -ac '^ok ')
failed=$(cat "$LOGS"/*.log | grep -ac '^FAIL ')
rm -rf "$FINAL_LOGS" && mv "$RUN_LOGS" "$FINAL_LOGS" && LOGS=$FINAL_LOGS
# The recap is capped so a runner with thousands of failures keeps the CI
# log readable; the full list stays in the logs.
RECAP_MAX=${RECAP_MAX:-300}
if [ "$failed" -gt 0 ]; then
    echo
    echo "Failures:"
    cat "$LOGS"/*.log | grep -a '^FAIL ' | head -n "$RECAP_MAX"
    [ "$failed" -gt "$RECAP_MAX" ] && echo "... and $((failed - RECAP_MAX)) more (grep ^FAIL build/test-logs/*.log)"
fi
echo "(tests took $((SECONDS - start)) s, slowest: $slowest; logs in build/test-logs/)"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

# Shared by the tests/threads/ runners: the threaded guest programs they
# run, built static from tests/guest/ by run-guest.sh's own build step (so
# the flags are the corpus's), and a native-vs-emulated comparison.
# shellcheck shell=bash

# name and arguments of each threaded program
THREAD_PROGRAMS=(
    "threads" "thr_atomic" "thr_sync" "thr_tls" "thr_many" "thr_churn"
    "thr_fork" "thr_signal" "thr_lfqueue" "thr_smc_stress" "smc_threads"
    "insn_atomic_mt" "thread_exit"
)
GUEST_OPT=O2

# Build every program (quick when up to date); prints FAIL lines for failures.
build_thread_programs() {
    local p
    for p in "${THREAD_PROGRAMS[@]}"; do
        tests/guest/run-guest.sh --build "$p" "$GUEST_OPT" ||
            echo "FAIL $p: does not build (see build/guest/$p-$GUEST_OPT.cc.log)"
    done
}

guest_binary() {
    echo "build/guest/$1-$GUEST_OPT"
}

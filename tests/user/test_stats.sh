#!/bin/sh
# test_stats.sh — the -d stats report (and TERN_STATS=1, its environment
# form): printed at exit on stderr, the guest's output untouched, and its
# numbers consistent with each other and with what the guest program is
# known to do (a C program making a counted number of indirect calls, each
# of which and each return being an indirect branch for the translator).
test_name=stats
. "$(dirname "$0")/lib/prelude.sh"

CALLS=200000
cat >"$T/prog.c" <<EOF
#include <stdio.h>
static long add(long a, long b) { return a + b; }
static long sub(long a, long b) { return a - b; }
static long (*const volatile table[2])(long, long) = { add, sub };
int main(void)
{
    long acc = 0;
    for (long i = 0; i < $CALLS; i++)
        acc = table[i & 1](acc, i);
    printf("%ld\n", acc);
    return 0;
}
EOF
if ! gcc -static -O1 -fno-inline -o "$T/prog" "$T/prog.c" 2>"$T/gcc.err"; then
    fail compile "$(cat "$T/gcc.err")"
    exit 1
fi
"$T/prog" >"$T/native.out"

# value LABEL [FIELD]: a number from the report in $T/err (FIELD-th word
# after the label, default the first)
value() {
    grep -F "  $1 " "$T/err" | head -n 1 | sed "s/^ *$1 *//" | tr -d '()%,' | awk -v f="${2:-1}" '{ print $f }'
}

# run_case NAME ARGS...: stdout must equal the native run's
run_case() {
    name=$1
    shift
    "$@" >"$T/out" 2>"$T/err" </dev/null
    status=$?
    if [ "$status" != 0 ] || ! cmp -s "$T/out" "$T/native.out"; then
        fail "$name" "status $status or stdout differs from native: $(head -c 200 "$T/out")"
        return 1
    fi
    return 0
}

if run_case d_stats "$TERN" -d stats "$T/prog"; then
    if grep -q '^tern stats' "$T/err"; then ok d_stats_printed; else fail d_stats_printed "no report"; fi
    tbs=$(value "TBs translated")
    insns=$(value "guest insns")
    lookups=$(value "block lookups")
    loop=$(value "block lookups" 4)
    indirect=$(value "block lookups" 7)
    cache_hits=$(value "jump cache hits")
    hash=$(value "hash lookups")
    helper=$(value "helper lookups")
    if [ "${tbs:-0}" -gt 0 ] && [ "${insns:-0}" -ge "$tbs" ]; then
        ok stats_translation
    else
        fail stats_translation "TBs '$tbs', guest insns '$insns'"
    fi
    # every lookup is served by the jump cache or goes on to the hash
    if [ -n "$lookups" ] && [ $((cache_hits + hash)) = "$lookups" ] && [ $((loop + indirect)) = "$lookups" ]; then
        ok stats_lookups_add_up
    else
        fail stats_lookups_add_up "lookups '$lookups' = loop '$loop' + indirect '$indirect'," \
            "jump cache '$cache_hits' + hash '$hash'"
    fi
    # a call through the table and its return: two indirect branches each
    if [ "${indirect:-0}" -ge $((2 * CALLS)) ] && [ "${helper:-0}" -le "$indirect" ]; then
        ok stats_indirect_branches
    else
        fail stats_indirect_branches "indirect '$indirect' (expected >= $((2 * CALLS))), helper '$helper'"
    fi
    # the loop's blocks are translated once, not per iteration
    if [ "${tbs:-$CALLS}" -lt $((CALLS / 10)) ]; then ok stats_blocks_reused; else fail stats_blocks_reused "$tbs TBs"; fi
    cp "$T/err" "$T/d_stats.err"
fi

# The same report; block counts may differ a little: the environment
# (one variable longer) can steer glibc's start-up down other paths.
if run_case env_stats env TERN_STATS=1 "$TERN" "$T/prog"; then
    env_tbs=$(value "TBs translated")
    if grep -q '^tern stats' "$T/err" && [ "${env_tbs:-0}" -gt $((tbs * 9 / 10)) ] &&
        [ "$env_tbs" -lt $((tbs * 11 / 10 + 1)) ]; then
        ok env_stats_same_report
    else
        fail env_stats_same_report "$(head -c 300 "$T/err")"
    fi
fi

for setting in unset 0; do
    if [ $setting = unset ]; then
        run_case "no_stats_$setting" env -u TERN_STATS "$TERN" "$T/prog" || continue
    else
        run_case "no_stats_$setting" env TERN_STATS=0 "$TERN" "$T/prog" || continue
    fi
    if [ -s "$T/err" ]; then fail "no_stats_$setting" "stderr: $(head -c 200 "$T/err")"; else ok "no_stats_$setting"; fi
done
exit $failed

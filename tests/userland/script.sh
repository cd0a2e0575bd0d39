#!/bin/sh
# Run by dash and bash under tern (tests/userland/run-userland.sh): the
# shell's pipelines, subshells and command substitutions start children
# that run under tern too.  $1 names the shell for the output.
set -u
echo "shell: ${1:-direct}"
count=$(grep -c beta tree/lines.txt)
echo "beta lines: $count"
sort -n tree/lines.txt | head -n 3 | tr '[:lower:]' '[:upper:]'
(cd tree/sub && ls && echo "in $(basename "$(pwd)")")
echo "after subshell: $(ls -d tree)"
i=0
while [ $i -lt 5 ]; do
    i=$((i + 1))
    printf '%s ' "$i"
done | sed 's/ $//'
echo
{ echo one; echo two; echo three; } | wc -l
# shellcheck disable=SC2002  # a pipeline on purpose
cat tree/lines.txt | awk '{ s += $1 } END { print "sum", s }'
if grep -q nomatch tree/lines.txt; then echo found; else echo "not found: $?"; fi
sh -c 'exit 3'
echo "child status $?"
for f in tree/sub/*.txt; do
    wc -c <"$f"
done
trap 'echo trapped' EXIT
exec 3>&1
echo "to fd 3" >&3
( exit 4 ) || echo "subshell failed with $?"

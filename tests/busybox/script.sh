# A busybox sh workout: functions, loops, arithmetic, case, string
# operators, here-documents, read loops and command substitution.
fib() {
    a=0 b=1 n=$1
    while [ "$n" -gt 0 ]; do
        t=$((a + b)); a=$b; b=$t; n=$((n - 1))
    done
    echo "$a"
}

classify() {
    case $1 in
        *[!0-9]*) echo "$1: word" ;;
        *[02468]) echo "$1: even" ;;
        *) echo "$1: odd" ;;
    esac
}

echo "args: $# [$*]"
for n in 10 50 90; do echo "fib $n = $(fib $n)"; done
for x in 7 12 abc 1000 x9; do classify "$x"; done

s=0 i=0
while [ $i -lt 3000 ]; do
    s=$(( (s * 31 + i) % 1000003 )); i=$((i + 1))
done
echo "hash $s"
echo "shifts $(( 1 << 62 )) $(( -1 >> 3 )) $(( 0xff ^ 0x0f )) $(( 7 / 2 )) $(( -7 % 3 ))"

path=/usr/local/lib/libtern.so.1.2
echo "${path##*/} ${path%.*} ${path#/usr} ${#path} ${path%%.*}"
unset missing
echo "default ${missing:-fallback} ${missing:+alt}|"

total=0 lines=0
while IFS=: read -r id name score city; do
    total=$((total + score)); lines=$((lines + 1))
    [ "$lines" -ge 500 ] && break
done < table.txt
echo "read $lines rows, score total $total"

cat <<END
here-doc with expansion: $((6 * 7)) and $(echo nested)
END
cat <<'END'
quoted here-doc: $HOME $((1+1))
END

set -- one two three
shift
echo "after shift: $1 $#"
count=$(grep -c ka words.txt)
echo "grep count via substitution: $count"
(exit 5); echo "subshell status $?"
f() { return 3; }; f; echo "function status $?"
echo done

# The busybox sh workload: many short processes.  Every iteration forks
# about ten of them (subshells, command substitutions, pipelines of
# applets that busybox runs in the forked child without an exec), so
# process start-up and fresh translation dominate.  No applet here execs:
# qemu-x86_64 would run an exec'd program natively, tern through itself.
i=0 total=0 sum=""
while [ $i -lt 60 ]; do
    s=$( (echo "line $i"; echo "item $((i * 7 % 13))") | sort | head -n 1 | cut -c1-8)
    n=$(expr $i % 7)
    sum=$(echo "$sum$s$n" | md5sum | cut -c1-8)
    total=$((total + n + ${#s}))
    i=$((i + 1))
done
echo "total $total sum $sum"

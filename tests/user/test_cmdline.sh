#!/bin/sh
# test_cmdline.sh — tern-x86_64's command line and its handling of bad
# programs: exit status and message for each case, before any guest code
# runs.  Bad ELF files are made here from a static program (python3).
test_name=cmdline
. "$(dirname "$0")/lib/prelude.sh"

# expect NAME STATUS PATTERN ARGS...: run tern, check exit status and that
# stdout+stderr contain PATTERN (a fixed string).
expect() {
    name=$1 want=$2 pattern=$3
    shift 3
    "$TERN" "$@" >"$T/out" 2>&1 </dev/null
    got=$?
    if [ "$got" != "$want" ]; then
        fail "$name" "exit status $got, expected $want: $(head -c 300 "$T/out")"
    elif [ -n "$pattern" ] && ! grep -qF -- "$pattern" "$T/out"; then
        fail "$name" "output lacks '$pattern': $(head -c 300 "$T/out")"
    else
        ok "$name"
    fi
}

if [ ! -x "$TERN" ]; then
    fail build "$TERN is not built"
    exit 1
fi

expect no_program 1 "no program" 
expect help 0 "usage: tern-x86_64" -h
expect help_long 0 "usage: tern-x86_64" --help
expect help_word 0 "-strace" -help
expect version 0 "version" --version
expect version_short 0 "version" -version
expect unknown_option 1 "unknown option '-x'" -x /bin/true
expect unknown_option_hint 1 "tern-x86_64 -h" -bogus
expect option_needs_argument 1 "needs an argument" -d
expect log_help 0 "in_asm" -d help
expect log_bad_item 1 "unknown log item" -d nosuchitem /bin/true
expect bad_stack_size 1 "bad stack size" -s 12q /bin/true
expect bad_env_set 1 "-E needs var=value" -E NOEQUALS /bin/true
expect bad_env_unset 1 "-U takes a variable name" -U A=B /bin/true
printf 'int main(void) { return 0; }\n' >"$T/q.c"
if gcc -static -O1 -o "$T/q" "$T/q.c" 2>/dev/null; then
    expect unknown_cpu_model 1 "unknown CPU model 'no-such-cpu'" -cpu no-such-cpu "$T/q"
    expect runs_static_program 0 "" "$T/q"
fi
expect cpu_help 0 "" -cpu help
if [ "$got" = 0 ] && [ -s "$T/out" ]; then ok cpu_help_lists_models; else fail cpu_help_lists_models "no list"; fi

expect missing_file 1 "No such file or directory" "$T/nonexistent"
expect directory 1 "Is a directory" "$T"
: >"$T/empty"
chmod +x "$T/empty"
expect empty_file 1 "empty" "$T/empty"
printf 'x' >"$T/noexec"
expect not_executable 1 "Permission denied" "$T/noexec"
printf 'echo hi\n' >"$T/text"
chmod +x "$T/text"
expect text_file 1 "not an ELF" "$T/text"
printf '#!/nonexistent/interpreter -x\necho hi\n' >"$T/script"
chmod +x "$T/script"
expect script_missing_interpreter 1 "/nonexistent/interpreter: No such file" "$T/script"

# A dynamically linked program runs; one whose loader is missing does not.
for dyn in /bin/true /usr/bin/true; do
    if [ -x "$dyn" ]; then
        expect dynamic_program 0 "" "$dyn"
        break
    fi
done
if gcc -O1 -Wl,--dynamic-linker=/nonexistent/ld.so -o "$T/noloader" "$T/q.c" 2>/dev/null; then
    expect dynamic_missing_interpreter 1 "interpreter /nonexistent/ld.so: No such file" "$T/noloader"
fi

# Bad ELF files derived from a real static program.
printf 'int main(void) { return 0; }\n' >"$T/p.c"
if ! gcc -static -O1 -o "$T/static" "$T/p.c" 2>/dev/null; then
    fail static_compile "gcc -static failed"
    exit 1
fi
if ! command -v python3 >/dev/null; then
    fail python3 "python3 is needed to make bad ELF files"
    exit 1
fi

# mutate NAME PYTHON-STATEMENTS: copy the static program to $T/NAME with
# the statements applied to bytearray b (struct is imported).
mutate() {
    python3 - "$T/static" "$T/$1" "$2" <<'PY'
import struct, sys, os
b = bytearray(open(sys.argv[1], 'rb').read())
phoff = struct.unpack_from('<Q', b, 32)[0]
def ph(i): return phoff + 56 * i
def first_load():
    n = struct.unpack_from('<H', b, 56)[0]
    return next(ph(i) for i in range(n) if struct.unpack_from('<I', b, ph(i))[0] == 1)
exec(sys.argv[3])
open(sys.argv[2], 'wb').write(b)
os.chmod(sys.argv[2], 0o755)
PY
}

mutate truncated 'b = b[:40]'
expect truncated_header 1 "truncated" "$T/truncated"
mutate truncated_phdrs 'b = b[:phoff + 20]'
expect truncated_phdrs 1 "outside the file" "$T/truncated_phdrs"
mutate truncated_segments 'b = b[:len(b) // 2]'
expect truncated_segments 1 "outside the file" "$T/truncated_segments"
mutate elf32 'b[4] = 1'
expect elf32 1 "32-bit" "$T/elf32"
mutate wrong_machine 'struct.pack_into("<H", b, 18, 183)'
expect wrong_machine 1 "machine" "$T/wrong_machine"
mutate big_endian 'b[5] = 2'
expect big_endian 1 "big-endian" "$T/big_endian"
mutate bad_magic 'b[1] = 0x45 ^ 0x20'
expect bad_magic 1 "not an ELF" "$T/bad_magic"
mutate bad_phoff 'struct.pack_into("<Q", b, 32, 0xfffffffffffff000)'
expect phdrs_outside_file 1 "outside the file" "$T/bad_phoff"
mutate bad_phentsize 'struct.pack_into("<H", b, 54, 40)'
expect bad_phentsize 1 "program header size" "$T/bad_phentsize"
mutate many_phdrs 'struct.pack_into("<H", b, 56, 0xffff)'
expect too_many_phdrs 1 "program headers" "$T/many_phdrs"
mutate seg_offset 'struct.pack_into("<Q", b, first_load() + 8, 0x7ffffffffffff000)'
expect segment_offset 1 "outside the file" "$T/seg_offset"
mutate seg_filesz 'p = first_load(); struct.pack_into("<Q", b, p + 32, struct.unpack_from("<Q", b, p + 40)[0] + 4096)'
expect segment_filesz 1 "exceeds memory size" "$T/seg_filesz"
mutate seg_vaddr 'struct.pack_into("<Q", b, first_load() + 16, 0xfffffffffffff000)'
expect segment_vaddr 1 "out of range" "$T/seg_vaddr"
mutate seg_align 'struct.pack_into("<Q", b, first_load() + 48, 0x3000)'
expect segment_align 1 "power of two" "$T/seg_align"
mutate no_load 'n = struct.unpack_from("<H", b, 56)[0]
for i in range(n):
    if struct.unpack_from("<I", b, ph(i))[0] == 1: struct.pack_into("<I", b, ph(i), 0x6fffffff)'
expect no_loadable_segment 1 "no loadable segments" "$T/no_load"
mutate rel 'struct.pack_into("<H", b, 16, 1)'
expect relocatable 1 "not an executable" "$T/rel"
mutate overlap 'loads = [ph(i) for i in range(struct.unpack_from("<H", b, 56)[0]) if struct.unpack_from("<I", b, ph(i))[0] == 1]
first = struct.unpack_from("<Q", b, loads[0] + 16)[0]
off2 = struct.unpack_from("<Q", b, loads[2] + 8)[0]
struct.pack_into("<Q", b, loads[2] + 16, (first & ~0xfff) + (off2 & 0xfff))'
expect overlapping_segments 1 "overlaps" "$T/overlap"

exit $failed

# prelude.sh — how every tests/user script starts: the tern binary under
# test ($TERN, built by make unless given), a private temporary directory
# ($T, removed at exit), and the ok/fail lines run-tests.sh counts ($failed
# is the script's exit status).  A script sets test_name, then sources it:
#     test_name=hints
#     . "$(dirname "$0")/lib/prelude.sh"
TERN=${TERN:-$(dirname "$0")/../../build/tern-x86_64}
T=$(mktemp -d "/tmp/tern-$test_name.XXXXXX")
trap 'rm -rf "$T"' EXIT
failed=0

ok() { echo "ok $1"; }
fail() { echo "FAIL $1: $2"; failed=1; }

if [ ! -x "$TERN" ]; then
    fail build "$TERN is not built"
    exit 1
fi

#!/usr/bin/env bash
# `make demo`: install dependencies, build a small static C program and run
# it under tern (showing each command), check it prints what it prints
# natively, then run a busybox shell pipeline under tern.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
TERN=${TERN:-build/tern-x86_64}
BUSYBOX=tests/downloads/busybox-static/bin/busybox
DEMO=build/demo

tests/install-deps.sh || exit 1
mkdir -p "$DEMO"

cat >"$DEMO/demo.c" <<'EOF'
/* Demo guest: primes below 100 by trial division and the SHA-256 of a
 * message, computed with plain C so every instruction goes through tern. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

static uint32_t ror(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

static void sha256(const char *msg, uint32_t h[8])
{
    static const uint32_t k[64] = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
    static const uint32_t init[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    unsigned char block[64] = {0};
    size_t len = strlen(msg);   /* the demo message fits one block */
    memcpy(block, msg, len);
    block[len] = 0x80;
    for (int i = 0; i < 8; i++) block[63 - i] = (unsigned char)((uint64_t)len * 8 >> (8 * i));
    uint32_t w[64], v[8];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)block[4 * i] << 24 | block[4 * i + 1] << 16 | block[4 * i + 2] << 8 | block[4 * i + 3];
    for (int i = 16; i < 64; i++)
        w[i] = w[i - 16] + (ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3)) + w[i - 7] +
               (ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10));
    memcpy(v, init, sizeof v);
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = v[7] + (ror(v[4], 6) ^ ror(v[4], 11) ^ ror(v[4], 25)) + ((v[4] & v[5]) ^ (~v[4] & v[6])) +
                      k[i] + w[i];
        uint32_t t2 = (ror(v[0], 2) ^ ror(v[0], 13) ^ ror(v[0], 22)) + ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
        memmove(v + 1, v, 7 * sizeof v[0]);
        v[4] += t1;
        v[0] = t1 + t2;
    }
    for (int i = 0; i < 8; i++) h[i] = init[i] + v[i];
}

int main(void)
{
    printf("primes below 100:");
    for (int n = 2; n < 100; n++) {
        int prime = 1;
        for (int d = 2; d * d <= n; d++) prime &= n % d != 0;
        if (prime) printf(" %d", n);
    }
    const char *msg = "hello from tern";
    uint32_t h[8];
    sha256(msg, h);
    printf("\nsha256(\"%s\") = ", msg);
    for (int i = 0; i < 8; i++) printf("%08x", h[i]);
    printf("\n");
    return 0;
}
EOF

# Print a command as one would type it: arguments with blanks or shell
# characters in single quotes.
print_command() {
    local arg line='$'
    for arg in "$@"; do
        case $arg in
            *[!A-Za-z0-9_./=+-]*) line+=" '${arg//\'/\'\\\'\'}'" ;;
            *) line+=" $arg" ;;
        esac
    done
    printf '\n%s\n' "$line"
}

show() {
    print_command "$@"
    "$@"
}

show gcc -static -O2 -o "$DEMO/demo" "$DEMO/demo.c" || exit 1
if [ ! -x "$TERN" ] && ! command -v "$TERN" >/dev/null; then
    echo "demo: $TERN is not built (run make)" >&2
    exit 1
fi
print_command "$TERN" "$DEMO/demo"
"$TERN" "$DEMO/demo" | tee "$DEMO/tern.out"
status=${PIPESTATUS[0]}
"$DEMO/demo" >"$DEMO/native.out"
if [ "$status" = 0 ] && cmp -s "$DEMO/native.out" "$DEMO/tern.out"; then
    echo "(same output as running $DEMO/demo natively)"
else
    echo "demo: output under tern differs from native (status $status)" >&2
    exit 1
fi

show "$TERN" "$BUSYBOX" sh -c 'echo hello from busybox under tern; seq 3 | awk "{ s += \$1; print \$1, s }"'

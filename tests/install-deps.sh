#!/usr/bin/env bash
# Install what building, testing and benchmarking tern needs on Debian 12,
# then unpack Debian's busybox-static into tests/downloads/ for the busybox
# tests.  Idempotent and quick when everything is already there: apt is only
# touched when a package is missing, so CI reruns cost a few dpkg queries.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(gcc make libc6-dev libzydis-dev python3 qemu-user hyperfine time)
# --fuzz: only what the libFuzzer harnesses need (make fuzz-loader, make
# fuzz-translate): clang with its libFuzzer and sanitizer runtimes.
FUZZ_PACKAGES=(clang libclang-rt-14-dev libzydis-dev)
FUZZ_ONLY=false
if [ "${1:-}" = --fuzz ]; then
    PACKAGES=("${FUZZ_PACKAGES[@]}")
    FUZZ_ONLY=true
fi
# The real programs tests/userland runs under tern (most are essential).
PACKAGES+=(coreutils tar gzip grep sed dash bash perl binutils libc-bin)
DOWNLOADS=tests/downloads
BUSYBOX_DIR=$DOWNLOADS/busybox-static

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

package_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

install_missing_packages() {
    local missing=() p
    for p in "${PACKAGES[@]}"; do
        package_installed "$p" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "install-deps: installing ${missing[*]}"
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
}

# apt-get download needs package lists; on a fresh image they may be absent.
# As root, apt would drop to user _apt, who cannot write into the work tree.
apt_download() {
    local opts=()
    [ "$(id -u)" = 0 ] && opts=(-o APT::Sandbox::User=root)
    (cd "$DOWNLOADS" && apt-get download -q "${opts[@]}" "$1")
}

download_busybox_deb() {
    apt_download busybox-static && return 0
    as_root apt-get update -q
    apt_download busybox-static
}

fetch_busybox() {
    [ -x "$BUSYBOX_DIR/bin/busybox" ] && return 0
    mkdir -p "$DOWNLOADS"
    rm -f "$DOWNLOADS"/busybox-static_*.deb
    download_busybox_deb
    rm -rf "$BUSYBOX_DIR"
    dpkg-deb -x "$DOWNLOADS"/busybox-static_*.deb "$BUSYBOX_DIR"
    echo "install-deps: busybox-static unpacked into $BUSYBOX_DIR"
}

install_missing_packages
$FUZZ_ONLY && exit 0
fetch_busybox

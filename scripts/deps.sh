#!/usr/bin/env bash
# deps.sh — installs the Debian packages Carnet needs: to build and run it (no argument),
# and with "test" also what the tests and benchmarks use (compilers' checks, valgrind,
# cmocka, sqlite3's shell, Chromium for the report test). Skips apt entirely when
# everything is already there; uses sudo when not root.
set -euo pipefail

packages=(
    build-essential cmake pkg-config
    libsqlite3-dev libutf8proc-dev libcjson-dev libcsv-dev
    libgsl-dev libigraph-dev libcairo2-dev fonts-dejavu-core libstemmer-dev nettle-dev
)
if [ "${1:-}" = test ]; then
    packages+=(clang clang-format libcmocka-dev valgrind sqlite3 bsdutils bc time chromium)
fi
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "installing: ${missing[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
fi

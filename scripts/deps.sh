#!/usr/bin/env bash
# deps.sh — installs the Debian packages Carnet needs: to build and run it (no argument),
# with "test" also what the tests and benchmarks use (compilers' checks, valgrind,
# cmocka, sqlite3's shell, Chromium for the report test, Python to check XML and UTF-8, curl),
# with "bench" those and the texts of tests/bench/floor.sh's real corpora. Skips apt entirely when
# everything is already there; uses sudo when not root. Another apt or dpkg run on the
# machine (unattended upgrades, say) is waited for, up to 10 minutes, instead of failing.
set -euo pipefail

packages=(
    build-essential cmake pkg-config
    libsqlite3-dev libutf8proc-dev libcjson-dev libcsv-dev
    libgsl-dev libigraph-dev libcairo2-dev libpng-dev fonts-dejavu-core libstemmer-dev nettle-dev
    libmicrohttpd-dev
)
if [ "${1:-}" = test ] || [ "${1:-}" = bench ]; then
    packages+=(clang clang-format libcmocka-dev valgrind sqlite3 bsdutils bc time chromium python3)
    # the desk's command-line tests speak HTTP with curl
    packages+=(curl)
    # the package and man page tests: cpack -G DEB (dpkg-shlibdeps, file), man -l
    packages+=(dpkg-dev file man-db)
    # The desk's browser test installs puppeteer-core with npm; a Node.js from elsewhere
    # (NodeSource's carries its own npm) is kept rather than replaced.
    command -v npm >/dev/null || packages+=(nodejs npm)
fi
# tests/bench/floor.sh: real text in English (the King James Bible, printed by `bible`),
# French (Littre's dictionary) and Italian (fortune cookies, GIMP's and LibreOffice's help)
if [ "${1:-}" = bench ]; then
    packages+=(bible-kjv stardict-xmlittre fortunes-it gimp-help-it libreoffice-help-it)
fi
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    # apt_get ARGS...: apt-get waiting for the dpkg lock (DPkg::Lock::Timeout), and for the
    # lists lock of `update`, which that option does not cover, by retrying while the
    # failure is a lock held by another process.
    apt_get() {
        local deadline=$((SECONDS + 600)) log
        log=$(mktemp)
        until DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 "$@" \
            2>"$log"; do
            if ! grep -qE 'Could not get lock|Unable to lock|Unable to acquire' "$log" ||
                [ "$SECONDS" -ge "$deadline" ]; then
                cat "$log" >&2
                rm -f "$log"
                return 1
            fi
            echo "deps.sh: another apt or dpkg run holds the lock; waiting" >&2
            sleep 10
        done
        cat "$log" >&2
        rm -f "$log"
    }
    echo "installing: ${missing[*]}" >&2
    apt_get update -qq
    apt_get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

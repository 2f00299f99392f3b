#!/usr/bin/env bash
# parts.sh — the CA's sparse products and the specificities by variable timed alone
# (tests/bench/parts.c), on the 3.5 M-word corpus of Italian fortune cookies repeated 20
# times (real_corpus.py it-fortunes: 560 participant codes, 9.5 M rows of specificities,
# nine nearly degenerate CAs), or on the corpus and language given.
# Run on demand: bash tests/bench/parts.sh [CORPUS LANG]
set -euo pipefail
corpus=${1:+$(realpath "$1")} lang=${2:-it} # before the build moves to the project's root
source "$(dirname "$0")/lib.sh"
bench_build bench
bench_workdir
if [ -z "$corpus" ]; then
    corpus=$work/it.txt
    python3 tests/bench/real_corpus.py it-fortunes 3500000 "$corpus"
fi
libs="build-bench/libcarnet_analysis.a build-bench/libcarnet_common.a"
# shellcheck disable=SC2086 # the libraries split into words
cc -O2 -o "$work/parts" tests/bench/parts.c -Iinclude $libs \
    $(pkg-config --cflags --libs libutf8proc gsl) -lstemmer -lpthread -lm
mkdir "$work/out"
"$work/parts" "$corpus" "$lang" "$work/out"

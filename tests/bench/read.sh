#!/usr/bin/env bash
# read.sh — reading an IRAMUTEQ corpus (cn_corpus_read: lines, UTF-8 validation, texts and
# stars) on floor.sh's 3.5 M-word real corpora in English, French and Italian: the first
# read of a process, whose memory is all new to it, and the best of 15 after it, on one
# thread and on two. Run on demand: bash tests/bench/read.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_build bench
bench_workdir
for lang in en fr it; do
    python3 tests/bench/real_corpus.py "$lang" 3500000 "$work/$lang.txt"
done
cc -O2 -o "$work/read_corpus" tests/bench/read_corpus.c -Iinclude build-bench/libcarnet_common.a \
    $(pkg-config --cflags --libs libutf8proc)
for lang in en fr it; do # a process each: the first read touches fresh memory
    for threads in 1 2; do # a large file is read in two parts at once
        "$work/read_corpus" --threads "$threads" "$work/$lang.txt"
    done
done

#!/usr/bin/env bash
# analyse.sh — benchmark of carnet-analyse on generated diary corpora of about 1 and 10
# million words: words per second of the text pipeline (reading, tokenising, segmenting,
# stemming, the matrix), seconds of the simple and the double classification, and peak
# memory of the whole run, and what --stability 10 costs. Run on demand:
# bash tests/bench/analyse.sh
# Targets on a 2-core machine: >= 5 million words/s for the text pipeline; 10 million
# words classified (double) in under 30 s and 2 GiB.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_build test
bench_workdir

ms() { grep "\"$1\"" "$2" | grep -o '[0-9.]*' | head -1; }

for size in 1 10; do
    participants=$((size * 540))
    build-bench/carnet-gen --out "$work/gen$size" --participants $participants \
        --entries-per-month 8 --corpus "$work/corpus$size.txt" --seed $size
    mb=$(du -m "$work/corpus$size.txt" | cut -f1)
    for method in simple double; do
        /usr/bin/time -f "%e %M" -o "$work/time" build-bench/carnet-analyse run \
            "$work/corpus$size.txt" -o "$work/out" --method $method >/dev/null
        read -r wall kb <"$work/time"
        [ "$method" = simple ] && wall_simple=$wall
        words=$(grep '"occurrences"' "$work/out/corpus_stats.json" | grep -o '[0-9]*')
        pipe=$(ms text_pipeline "$work/out/manifest.json")
        cls=$(ms classification "$work/out/manifest.json")
        printf '%2d M-word corpus (%d words, %d MB), %-6s: pipeline %7.0f ms = %5.2f M words/s;' \
            "$size" "$words" "$mb" "$method" "$pipe" "$(echo "$words / $pipe / 1000" | bc -l)"
        printf ' classification %7.2f s; whole run %6.2f s, peak %5.0f MB\n' \
            "$(echo "$cls / 1000" | bc -l)" "$wall" "$(echo "$kb / 1024" | bc -l)"
    done
    # --stability 10: ten more classifications of 90 % subsamples, on the run's 2 threads.
    /usr/bin/time -f "%e %M" -o "$work/time" build-bench/carnet-analyse run \
        "$work/corpus$size.txt" -o "$work/out" --stability 10 >/dev/null
    read -r swall skb <"$work/time"
    printf '%2d M-word corpus, simple --stability 10: whole run %6.2f s = %4.1f x the run' \
        "$size" "$swall" "$(echo "$swall / $wall_simple" | bc -l)"
    printf ' without it, peak %5.0f MB\n' "$(echo "$skb / 1024" | bc -l)"
done

#!/usr/bin/env bash
# classify.sh — benchmark: carnet-analyse classify on a generated 50,000 x 5,000 binary
# matrix with 750,000 non-zeros and 5 planted themes (IRAMUTEQ's CHD takes about 100 s on
# such a matrix, rainette about 150 s and 10 GB). Prints seconds, peak memory, and how
# well the planted themes are recovered. Run on demand: bash tests/bench/classify.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_build test
bench_workdir
cc -O2 -o "$work/gen_matrix" tests/bench/gen_matrix.c
"$work/gen_matrix" 50000 5000 750000 5 "$work/labels.txt" >"$work/m.mtx"
echo "matrix: $(sed -n 2p "$work/m.mtx")"
for run in 1 2 3; do
    /usr/bin/time -f "run $run: %e s wall, %M KB peak" \
        build-bench/carnet-analyse classify "$work/m.mtx" -o "$work/out" --classes 10 \
        >"$work/summary.txt"
done
cat "$work/summary.txt"
# purity: share of classified rows whose class's majority theme is their own
tail -n +2 "$work/out/rows.csv" | cut -d, -f2 | paste -d, - "$work/labels.txt" |
    awk -F, '$1 > 0 {n[$1","$2]++; tot[$1]++; c++}
             END {for (k in n) {split(k, a, ","); if (n[k] > best[a[1]]) best[a[1]] = n[k]}
                  for (k in best) s += best[k]; printf "purity of classified rows: %.3f\n", s / c}'

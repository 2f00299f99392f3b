#!/usr/bin/env bash
# png.sh — the figures' PNG files as Carnet encodes them (report/png.c: no row filter, zlib
# level 3) against cairo's own writer (every row filter tried, level 6), on the figures of
# runs of a generated corpus: its default run, --method double, --by care and --pdf (whose
# figures are PNGs too). Prints the time and bytes of each encoder over all the figures,
# and the file that grew the most. Run on demand: bash tests/bench/png.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_build test
bench_workdir
build-bench/carnet-gen --out "$work/gen" --participants 300 --corpus "$work/corpus.txt" \
    --seed 12 >/dev/null
for opts in "" "--method double" "--by care" "--pdf"; do
    # shellcheck disable=SC2086 # the options split into words
    build-bench/carnet-analyse run "$work/corpus.txt" -o "$work/run$(echo "$opts" | tr -d ' -')" \
        $opts >/dev/null 2>&1
done
cc -O2 -o "$work/png_encode" tests/bench/png_encode.c -Iinclude build-bench/libcarnet_report.a \
    build-bench/libcarnet_common.a $(pkg-config --cflags --libs cairo libpng)
mapfile -t figures < <(find "$work" -name '*.png' | sort)
"$work/png_encode" "${figures[@]}"

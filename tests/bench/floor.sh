#!/usr/bin/env bash
# floor.sh — how close carnet-analyse comes to the floor of reading the bytes (issue 12).
# Each figure is printed beside `wc -w` on the same file, timed in the same run, so the
# ratio holds on a noisy machine even when the seconds do not:
#   1. `stats` (read, clean, tokenise, segment, stem, count) on 3.5 M words of real text
#      in English, French and Italian (tests/bench/real_corpus.py reads it where Debian's
#      packages install it; none is copied into the project): target at most 2.5 x
#      wc -w. Beside it, the least a word count can do (tests/bench/word_count.c: cut at
#      white space, one hash table, one thread): what a corpus's vocabulary alone costs;
#   2. a whole `run` with every table, figure and the report on the same files: at most 15 x.
#      Each run's classification is printed under the table: a run that finds no theme
#      times a path no study takes. The last two rows are the corpora of the rounds before
#      the thirteenth, the Bible alone (repeated 4.4 times) and the Italian fortune cookies
#      alone (20 times), whose runs found one class and leaves of a few copies of one
#      segment: printed to compare with earlier rounds, not targets;
#   3. 10 M generated words, `--method double`: under 5 s;
#   4. 100 M generated words, a simple `run`: under 60 s and 4 GiB peak (FLOOR_100M=0 skips
#      it; it needs about 2 GB of disk in a temporary folder).
# Each time is the best of FLOOR_REPEAT runs (5 by default; 1 for the 100 M run). The
# commands of a row take turns, one run of each per round, so that a ratio's two sides see
# the same minutes of a machine whose neighbours come and go: timed one command after the
# other, the same binary's English ratio read 2.2 x in one series and 3.0 x in the next.
# Run on demand: bash tests/bench/floor.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_build bench
root=$PWD
bin=$root/build-bench
repeat=${FLOOR_REPEAT:-5}
bench_workdir
cc -O2 -o "$work/word_count" tests/bench/word_count.c -Iinclude build-bench/libcarnet_analysis.a

# once SECONDS_VAR KB_VAR CMD...: one run's wall time (to the millisecond: wc -w takes
# about 0.1 s) if it is below SECONDS_VAR's (or that is empty), and its peak memory.
once() {
    local -n _sec=$1 _kb=$2
    shift 2
    local t0 t1 s
    sync # no writeback of an earlier run's tables beside this one
    t0=$(date +%s%N)
    /usr/bin/time -f "%M" -o "$work/time" "$@" >"$work/stdout" 2>"$work/stderr" || {
        cat "$work/stderr" >&2
        return 1
    }
    t1=$(date +%s%N)
    s=$(echo "($t1 - $t0) / 1000000000" | bc -l)
    _kb=$(cat "$work/time")
    if [ -z "$_sec" ] || [ "$(echo "$s < $_sec" | bc)" = 1 ]; then _sec=$s; fi
}

verdict() { # VALUE LIMIT
    [ "$(echo "$1 <= $2" | bc)" = 1 ] && echo "met" || echo "NOT met"
}

printf '%-11s %9s %9s %8s %7s %8s %7s %8s %7s %9s\n' corpus words distinct "wc -w s" "count" \
    "stats s" ratio "run s" ratio "peak MB"
classified=()
for lang in en fr it en-bible it-fortunes; do
    corpus=$work/$lang.txt
    python3 tests/bench/real_corpus.py "$lang" 3500000 "$corpus"
    words=$(wc -w <"$corpus")
    distinct=$("$work/word_count" "$corpus" | sed 's/.*, \([0-9]*\) distinct/\1/')
    wc= count= stats= run=
    for _ in $(seq "$repeat"); do # the commands take turns (above); the run's output last
        once wc kb wc -w "$corpus"
        once count kb "$work/word_count" "$corpus"
        once stats kb "$bin/carnet-analyse" stats "$corpus" --lang "${lang%%-*}"
        once run kb "$bin/carnet-analyse" run "$corpus" --lang "${lang%%-*}" -o "$work/out"
    done
    classified+=("$lang: $(grep -m1 ' classified on ' "$work/stdout")")
    sr=$(echo "$stats / $wc" | bc -l)
    rr=$(echo "$run / $wc" | bc -l)
    printf '%-11s %9d %9d %8.3f %6.1fx %8.3f %6.1fx %8.2f %6.1fx %9.0f   stats %s, run %s\n' \
        "$lang" "$words" "$distinct" "$wc" "$(echo "$count / $wc" | bc -l)" "$stats" "$sr" \
        "$run" "$rr" "$(echo "$kb / 1024" | bc -l)" \
        "$(verdict "$sr" 2.5)" "$(verdict "$rr" 15)" | sed "/^[a-z]*-/s/stats .*/not a target/"
    rm -rf "$work/out" "$corpus"
done
printf '  %s\n' "${classified[@]}"

generated() { # PARTICIPANTS SEED FILE
    "$bin/carnet-gen" --out "$work/gen" --participants "$1" --entries-per-month 8 \
        --corpus "$3" --seed "$2" >/dev/null
    rm -rf "$work/gen"
}

generated 5400 10 "$work/gen10.txt"
wc= run=
for _ in $(seq "$repeat"); do
    once wc kb wc -w "$work/gen10.txt"
    once run kb "$bin/carnet-analyse" run "$work/gen10.txt" -o "$work/out" --method double
done
printf '10 M generated words (%d), --method double: %.2f s (wc -w %.3f s, %.0fx), peak %.0f MB: %s (target < 5 s)\n' \
    "$(wc -w <"$work/gen10.txt")" "$run" "$wc" "$(echo "$run / $wc" | bc -l)" \
    "$(echo "$kb / 1024" | bc -l)" "$(verdict "$run" 5)"
rm -rf "$work/out" "$work/gen10.txt"

if [ "${FLOOR_100M:-1}" != 0 ]; then
    generated 54000 100 "$work/gen100.txt"
    wc= run=
    once wc kb wc -w "$work/gen100.txt"
    once run kb "$bin/carnet-analyse" run "$work/gen100.txt" -o "$work/out"
    gib=$(echo "$kb / 1048576" | bc -l)
    printf '100 M generated words (%d), simple run: %.1f s (wc -w %.2f s, %.0fx), peak %.2f GiB: time %s, memory %s (targets < 60 s, < 4 GiB)\n' \
        "$(wc -w <"$work/gen100.txt")" "$run" "$wc" "$(echo "$run / $wc" | bc -l)" "$gib" \
        "$(verdict "$run" 60)" "$(verdict "$gib" 4)"
fi

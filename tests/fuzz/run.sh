#!/usr/bin/env bash
# run.sh [SECONDS] — builds the libFuzzer targets of tests/fuzz in build-fuzz/ (clang,
# ASan + UBSan) and runs each for SECONDS (default 20), one after the other. Each target's
# corpus lives in build-fuzz/work/TARGET/corpus, seeded from tests/fuzz/seeds/TARGET and
# the project's fixtures, and grows from run to run; a crash leaves its input in
# build-fuzz/work/TARGET/ and makes the script exit 1 after the others have run.
# FUZZ_TARGETS="mtx lexicon" runs only those; FUZZ_JOBS=N builds with N jobs;
# FUZZ_BUILD=DIR builds and works in DIR instead.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-20}
targets=${FUZZ_TARGETS:-corpus lexicon expressions stopwords mtx manifest import_csv import_json}
build=${FUZZ_BUILD:-build-fuzz}
src=tests/fuzz

echo "== fuzz: building in $build" >&2
cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang -DCARNET_FUZZ=ON -DBUILD_TESTING=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"${FUZZ_JOBS:-$(nproc)}" --target fuzz >/dev/null

# seed TARGET: the hand-written seeds, and inputs taken from the project's fixtures.
seed() {
    local name=$1 dir="$build/work/$1/corpus"
    mkdir -p "$dir"
    cp "$src/seeds/$name"/* "$dir/"
    case $name in
    corpus) # demo diary texts under IRAMUTEQ headers
        sed -n '2,30p' corpora/demo/entries.csv |
            awk -F, '{ t = $0; sub(/^[^,]*,[^,]*,/, "", t); gsub(/"/, "", t);
                       printf "**** *part_%s *month_%d\n%s\n", $1, NR % 6, t }' >"$dir/demo.txt" ;;
    stopwords) head -n 40 analysis/data/stopwords/fr.txt >"$dir/fr.txt" ;;
    mtx) cp tests/fixtures/f3.mtx "$dir/" ;;
    import_csv)
        cp corpora/demo/participants.csv "$dir/demo_participants.csv"
        head -n 12 corpora/demo/entries.csv >"$dir/demo_entries.csv" ;;
    esac
}

dict_of() {
    case $1 in
    corpus | expressions | lexicon | stopwords) echo "$src/dict/corpus.dict" ;;
    mtx) echo "$src/dict/mtx.dict" ;;
    import_csv) echo "$src/dict/csv.dict" ;;
    import_json | manifest) echo "$src/dict/json.dict" ;;
    esac
}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:suppressions=$PWD/$src/ubsan.supp}
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
failed=()
summary=""
for name in $targets; do
    seed "$name"
    work="$build/work/$name"
    echo "== fuzz_$name for ${seconds}s" >&2
    if "$build/tests/fuzz/fuzz_$name" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2560 \
        -dict="$(dict_of "$name")" -artifact_prefix="$work/" -print_final_stats=1 \
        "$work/corpus" >"$work/log" 2>&1; then
        status=ok
    else
        status=FAILED
        failed+=("$name")
        grep -E -A30 'ERROR|runtime error|invariant broken|Test unit written' "$work/log" | head -60 >&2
    fi
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -1)
    summary+=$(printf '%-18s %12s executions  %s' "fuzz_$name" "${runs:-?}" "$status")$'\n'
done
printf '%s' "$summary"
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: crashes in: ${failed[*]} (inputs and logs in $build/work/)" >&2
    exit 1
fi

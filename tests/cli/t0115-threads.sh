#!/usr/bin/env bash
# Issue 12: the threads change the time, never the bytes. The same run on 1 and on 4
# threads writes the same files, byte for byte (manifest.json aside: its timings, and the
# --threads of its arguments); a corpus that cannot be read twice (a pipe) is refused
# before anything is written, since kwic checks a run's corpus by its SHA-256.
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"

"$CARNET_GEN" --out gen --participants 12 --seed 5 --corpus corpus.txt >/dev/null || fail "generator"

run_with() { # THREADS
    mkdir -p "t$1" && (cd "t$1" &&
        "$CARNET_ANALYSE" run ../corpus.txt -o simple --threads "$1" --pdf >/dev/null 2>&1 &&
        "$CARNET_ANALYSE" run ../corpus.txt -o double --threads "$1" --method double >/dev/null 2>&1 &&
        "$CARNET_ANALYSE" run ../corpus.txt -o by --threads "$1" --by care --stability 2 >/dev/null 2>&1 &&
        "$CARNET_ANALYSE" stats ../corpus.txt --threads "$1" >stats.txt 2>/dev/null) || fail "runs on $1 threads"
}
run_with 1
run_with 4

run_facts() { # the manifest without its timings, arguments and threads (the command's)
    awk '/"timings_ms":|"arguments":/ { skip = 1 } !skip && !/^\t\t"threads":/ { print }
        skip && /^\t[]}]/ { skip = 0 }' "$1"
}
(cd t1 && find . -type f | sort) >files.1
(cd t4 && find . -type f | sort) >files.4
cmp -s files.1 files.4 || fail "1 and 4 threads wrote different files: $(diff files.1 files.4 | head -5)"
[ "$(grep -c 'manifest.json' files.1)" -ge 5 ] || fail "fewer runs than expected: $(cat files.1)"
while read -r f; do
    if [ "${f##*/}" = manifest.json ]; then
        cmp -s <(run_facts "t1/$f") <(run_facts "t4/$f") ||
            fail "$f differs: $(diff <(run_facts "t1/$f") <(run_facts "t4/$f") | head -6)"
    else
        cmp -s "t1/$f" "t4/$f" || fail "$f differs between 1 and 4 threads: $(cmp "t1/$f" "t4/$f")"
    fi
done <files.1

# a pipe: refused, with the reason, and no run folder
if "$CARNET_ANALYSE" run <(cat corpus.txt) -o piped >out.txt 2>err.txt; then
    fail "a corpus from a pipe was accepted"
fi
grep -q 'not a regular file' err.txt || fail "no reason given for the pipe: $(cat err.txt)"
[ ! -e piped ] || fail "a run folder was left for a refused corpus"
# the run's other input files are read twice too
printf 'maison\n' >stop.txt
if "$CARNET_ANALYSE" run corpus.txt -o piped --stopwords <(cat stop.txt) >out.txt 2>err.txt; then
    fail "a stop list from a pipe was accepted"
fi
grep -q -- '--stopwords is not a regular file' err.txt || fail "no reason for the stop list: $(cat err.txt)"
"$CARNET_ANALYSE" run . -o piped >out.txt 2>err.txt && fail "a folder was accepted as the corpus"
grep -q 'the corpus is a folder, not a file$' err.txt || fail "a folder as corpus: $(cat err.txt)"
# stats reads its corpus once: a pipe is fine there
"$CARNET_ANALYSE" stats <(cat corpus.txt) >piped_stats.txt 2>/dev/null || fail "stats refused a pipe"
cmp -s <(head -3 piped_stats.txt) <(head -3 t1/stats.txt) || fail "stats of a pipe differ"

# a word longer than the 256 bytes kept of a spelling, cut inside a character (French with
# 300 accented letters, Chinese without spaces): kept on a character boundary, not refused
{
    printf '**** *part_a\nIl dit '
    for _ in $(seq 300); do printf 'é'; done
    printf ' puis rentre chez lui.\n**** *part_b\n'
    for _ in $(seq 200); do printf '中文'; done
    printf '。 La maison est belle.\n'
} >long.txt
for t in 1 2; do
    "$CARNET_ANALYSE" stats long.txt --threads "$t" >long$t.txt 2>err.txt ||
        fail "a long word cut inside a character was refused on $t threads: $(cat err.txt)"
done
grep -q '^texts: 2$' long1.txt || fail "long words: $(cat long1.txt)"
cmp -s long1.txt long2.txt || fail "long words: 1 and 2 threads differ"
finish

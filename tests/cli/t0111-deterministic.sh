#!/usr/bin/env bash
# The same command run twice gives the same bytes in every file, as the README promises:
# figures (SVG, PNG, PDF), report.html, tables, and by_VAR.html with its cohorts.
# manifest.json alone holds run-specific facts: its "timings_ms" are left out of the
# comparison, and nothing else.
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"

"$CARNET_GEN" --out gen --participants 10 --seed 3 --corpus corpus.txt >/dev/null || fail "generator"
printf 'class,label\n1,First theme\n2,"Second, with a comma"\n' >labels.csv

# the same command, word for word, from two folders
run_in() {
    mkdir -p "$1" && (cd "$1" && "$CARNET_ANALYSE" run ../corpus.txt -o out --pdf --labels ../labels.csv \
        >/dev/null 2>&1 && "$CARNET_ANALYSE" run ../corpus.txt -o by --by care --unit texts \
        >/dev/null 2>&1) || fail "run in $1"
}
run_in one # (each run takes over a second: a creation date to the second would differ)
run_in two

without_timings() { awk '/"timings_ms":/ { skip = 1 } !skip { print } skip && /^\t}/ { skip = 0 }' "$1"; }

(cd one && find . -type f | sort) >files.one
(cd two && find . -type f | sort) >files.two
cmp -s files.one files.two || fail "the two runs wrote different files: $(diff files.one files.two | head -5)"
[ "$(grep -c 'report.html' files.one)" -ge 4 ] || fail "fewer reports than expected: $(cat files.one)"
grep -q '\.pdf$' files.one || fail "no PDF written"
grep -q 'by_care.html' files.one || fail "no by_care.html written"
while read -r f; do
    if [ "${f##*/}" = manifest.json ]; then
        grep -q '"timings_ms"' "one/$f" || fail "$f has no timings"
        cmp -s <(without_timings "one/$f") <(without_timings "two/$f") ||
            fail "$f differs beyond its timings: $(diff <(without_timings "one/$f") <(without_timings "two/$f") | head -6)"
    else
        cmp -s "one/$f" "two/$f" || fail "$f differs between two runs: $(cmp "one/$f" "two/$f")"
    fi
done <files.one
finish

#!/bin/bash
# Trial 78: three tables of a run (segment_sizes.csv, afc_notplotted.csv,
# similitude_notplotted.csv) were written with their errors dropped: on a full disk they
# were left empty, listed as whole, and the run ended 0; with --by, a cohort whose files
# could not be written became a row of by_VAR.csv and the run ended 0 too. Here every file
# a run writes fails in turn, as on a full disk (a preloaded library makes each write to a
# file of that name fail with ENOSPC): each must fail the run, name the file, and leave the
# earlier run as it was, with no temporary folder.
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}" "${CARNET_FAILWRITE:?set by ctest}"
ca() { "$CARNET_ANALYSE" "$@"; }
# An ASan build wants its runtime first among the preloaded libraries: told it need not.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
full_disk() { CARNET_FAIL_FILE=$1 LD_PRELOAD="$CARNET_FAILWRITE" "${@:2}"; }

"$CARNET_GEN" --out gen --participants 8 --lang fr --seed 3 --corpus corpus.txt >/dev/null 2>&1 ||
    fail "generator"
expect_ok "a first run" ca run corpus.txt -o res
cp -a res before
# the library fails what it is told to, and nothing else
expect_ok "a run with no file named" full_disk no-such-file ca run corpus.txt -o other
[ -s other/.carnet-files ] || fail "the preloaded library failed a run it was told nothing of"

names=$( (sed 's:.*/::' res/.carnet-files; echo .carnet-files) | sort -u)
[ "$(echo "$names" | wc -l)" -gt 40 ] || fail "too few files to try: $names"
for name in $names; do
    full_disk "$name" "$CARNET_ANALYSE" run corpus.txt -o res >/dev/null 2>"$WORK/err" &&
        fail "$name: a run that could not write it ended 0"
    grep -qF "res/$name: write error: No space left on device" "$WORK/err" ||
        grep -qF "res/$name: cannot write: No space left on device" "$WORK/err" ||
        fail "$name: the failure does not name it: $(cat "$WORK/err")"
    diff -r before res >/dev/null || fail "$name: a run that failed changed the earlier run"
    ls -d res.carnet-tmp-* >/dev/null 2>&1 && fail "$name: a failed run left its folder"
done

# --by: a file only one cohort writes (a class the whole corpus has not) fails the run too
expect_ok "a --by run" ca run corpus.txt -o by --by care
cohort_only=$(comm -13 <(ls by/all | sort) <(cd by && find . -path './care_*/*' -type f -name '*.png' | sed 's:.*/::' | sort -u) | head -1)
[ -n "$cohort_only" ] || fail "the test needs a file only a cohort writes"
full_disk "$cohort_only" "$CARNET_ANALYSE" run corpus.txt -o by2 --by care >/dev/null 2>"$WORK/err" &&
    fail "a --by run whose cohort could not be written ended 0"
expect_grep "a cohort's file is named" "by2/care_[a-z0-9]+/$cohort_only: write error: No space left on device" "$WORK/err"
ls -d by2 by2.carnet-tmp-* >/dev/null 2>&1 && fail "a --by run that failed left a folder"
finish

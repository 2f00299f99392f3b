#!/usr/bin/env bash
# The bundled demo study is exactly what the seeded generator writes, on any machine.
. "$(dirname "$0")/lib.sh"

"$CARNET_GEN" --out regenerated --corpus regenerated.txt || fail "generator"
# what it writes looks like a study's files, and is kept like them: owner-only
expect_eq "the folder's mode" 700 "$(stat -c %a regenerated)"
for f in regenerated/participants.csv regenerated/entries.csv regenerated/themes.csv \
    regenerated.txt; do
    expect_eq "$f's mode" 600 "$(stat -c %a "$f")"
done
ln -s regenerated.txt link.txt
expect_exit 1 "link.txt" "a corpus path that is a link" "$CARNET_GEN" --out g2 --corpus link.txt
# a refused run changes nothing: not the files already there, nor the link's target
cp -r regenerated before
rm regenerated/themes.csv
ln -s ../before/themes.csv regenerated/themes.csv
expect_exit 1 "themes.csv" "a link among the files" "$CARNET_GEN" --out regenerated --seed 5
cmp -s regenerated/entries.csv before/entries.csv || fail "a refused run changed entries.csv"
cmp -s regenerated/participants.csv before/participants.csv || fail "a refused run changed participants.csv"
cmp -s before/themes.csv "$DEMO/themes.csv" || fail "the link's target was written"
ls regenerated | grep -qv '^\(entries\|participants\|themes\)\.csv$' && fail "a temporary file was left"
# nor does it overwrite a file it did not write: a study's export begins as its files do
mkdir team
printf 'code,gender,birth_year\nP01,f,1980\n' >team/participants.csv
expect_exit 1 "team/participants.csv: exists and was not written by carnet-gen" \
    "a study's own participants.csv" "$CARNET_GEN" --out team
expect_eq "the study's file kept" "P01,f,1980" "$(tail -1 team/participants.csv)"
[ -e team/entries.csv ] && fail "a refused run wrote entries.csv"
printf 'my notes\n' >notes.txt
expect_exit 1 "notes.txt" "--corpus naming another file" "$CARNET_GEN" --out g3 --corpus notes.txt
expect_eq "the other file kept" "my notes" "$(cat notes.txt)"
for f in participants.csv entries.csv themes.csv; do
    cmp -s "regenerated/$f" "$DEMO/$f" || fail "corpora/demo/$f differs from the generator's output"
done
"$CARNET_GEN" --out other --seed 99 || fail "generator with another seed"
cmp -s other/entries.csv "$DEMO/entries.csv" && fail "another seed gave the same entries"
expect_exit 2 "usage" "generator usage" "$CARNET_GEN" --participants 3
# each refused value is named, with what it may be (not only the usage line)
expect_exit 2 "carnet-gen: --participants: 7 to 999999" "too few participants" "$CARNET_GEN" --out g --participants 3
expect_exit 2 "carnet-gen: --purity: 0 to 1" "purity above 1" "$CARNET_GEN" --out g --purity 1.5
expect_exit 2 "carnet-gen: --out DIR is required" "no --out" "$CARNET_GEN" --seed 4
finish

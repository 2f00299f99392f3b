#!/usr/bin/env bash
# --labels with --by (trial 59): a cohort's classes are numbered on their own, so the
# lines class,label name the whole corpus's classes (all/) alone, and a cohort's are named
# by lines cohort,class,label. A cohort the run does not have, or cohort lines without
# --by, are refused before anything is written; a cohort is never left unclassified
# because the whole's labels name more classes than it has.
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"
ca() { "$CARNET_ANALYSE" "$@"; }

new_demo_study || fail "demo study"
cc export corpus -o corpus.txt 2>/dev/null || fail "export"

# The whole's labels, as many as its classes: a cohort with fewer classes is still classified.
ca run corpus.txt -o whole --where lang=fr >/dev/null 2>&1 || fail "whole run"
n=$(python3 -c 'import json; print(len(json.load(open("whole/classes.json"))["classes"]))')
[ "$n" -ge 3 ] || fail "the test needs 3 classes or more in the whole ($n)"
{ echo class,label; for k in $(seq 1 "$n"); do echo "$k,Whole theme $k"; done; } >whole.csv
expect_ok "--by with the whole's labels" ca run corpus.txt -o by --where lang=fr --by care \
    --labels whole.csv
expect_grep "the note says which classes the labels name" \
    "names the whole corpus's classes \(all/\) only.*care_VALUE,1" "$WORK/err"
grep -q 'Whole theme 1' by/all/report.html || fail "all/ lost its labels"
for d in by/care_*/; do
    grep -q 'Whole theme' "$d/report.html" && fail "$d named by the whole corpus's labels"
    [ -f "$d/classes.json" ] || fail "$d not classified"
done

# A cohort's own labels, beside the whole's, with a header and ';' as a French sheet saves.
printf 'cohort;class;label\nall;1;Tout\ncare_lt1;2;"Sortie, rue"\n' >cohorts.csv
expect_ok "--by with a cohort's labels" ca run corpus.txt -o by2 --where lang=fr --by care \
    --labels cohorts.csv
grep -q 'Tout' by2/all/report.html || fail "all,1,... did not name the whole's class 1"
grep -q 'Sortie, rue' by2/care_lt1/report.html || fail "care_lt1,2,... did not name its class 2"
grep -q 'Sortie, rue\|Tout' by2/care_gt3/report.html && fail "another cohort got care_lt1's labels"
# by_care.html and by_care.csv name the classes as their reports do (trial 61)
grep -q 'class 2 · Sortie, rue' by2/by_care.html || fail "by_care.html lacks care_lt1's label"
grep -q 'class 1 · Tout' by2/by_care.html || fail "by_care.html lacks the whole's label"
python3 - by2/by_care.csv <<'PY' || fail "by_care.csv's labels"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
named = [(r["cohort"], r["class"], r["label"]) for r in rows if r["label"]]
assert named == [("care_lt1", "2", "Sortie, rue")], named
for r in rows:
    assert r["all_label"] == ("Tout" if r["all_class"] == "1" else ""), r
PY
expect_eq "the cohort's manifest records its own labels" "{'2': 'Sortie, rue'}" \
    "$(python3 -c 'import json; print(json.load(open("by2/care_lt1/manifest.json"))["parameters"]["labels"])')"

# a BOM (Notepad, Excel's "CSV UTF-8") and a cohort quoted as LibreOffice quotes text cells
# (trial 61: the first label was dropped, or a cohort with an invisible BOM refused)
printf '\357\273\2771,Tout\n"care_lt1";"2";"Sortie, rue"\n' >bom.csv
expect_ok "--labels with a BOM and quoted cells" ca run corpus.txt -o by5 --where lang=fr \
    --by care --labels bom.csv
grep -q 'Tout' by5/all/report.html || fail "the first label after a BOM was dropped"
grep -q 'Sortie, rue' by5/care_lt1/report.html || fail "a quoted cohort was not read"
# a cohort's labels naming more classes than it has: its analysis kept, unlabelled, and said
printf 'care_lt1,99,Trop\n' >many.csv
expect_ok "a cohort's labels beyond its classes" ca run corpus.txt -o by6 --where lang=fr \
    --by care --labels many.csv
[ -f by6/care_lt1/classes.json ] || fail "the cohort's analysis was lost for its labels"
expect_grep "said" "care_lt1: --labels names its class 99, but it has [0-9]+ classes: its report is not labelled" "$WORK/err"

printf 'class,label\ncare_lt2,1,Typo\n' >typo.csv
expect_exit 1 "typo.csv:2: names the classes of cohort 'care_lt2', which this run (--by care) does not have; its cohorts: care_" \
    "a cohort the run lacks" ca run corpus.txt -o by3 --where lang=fr --by care --labels typo.csv
[ -e by3 ] && fail "a refused --labels left an output folder"
expect_exit 1 "cohorts.csv:3: names the classes of cohort 'care_lt1', for a run with --by" \
    "cohort lines without --by" ca run corpus.txt -o plain --labels cohorts.csv
[ -e plain ] && fail "a refused --labels left an output folder"
printf 'care_lt1,2,Un\ncare_lt1,2,Deux\n' >twice.csv
expect_exit 1 "twice.csv:2: class 2 of care_lt1 is named twice" "a cohort's class twice" \
    ca run corpus.txt -o by4 --by care --labels twice.csv
# Every run writes labels.csv: its classes with their forms, to fill and give back. The
# forms are checked: given to a run whose classes are other themes (trial 84: a corpus
# exported again after 6 more participants, two classes swapped), the names are refused,
# nothing written; on the run they were written for, they name its classes. A file of
# numbers only is said to be unchecked.
[ -f whole/labels.csv ] || fail "no labels.csv in the run's folder"
[ "$(stat -c %a whole/labels.csv)" = 600 ] || fail "labels.csv readable by others"
expect_eq "its header" "class,label" "$(head -1 whole/labels.csv)"
expect_grep "a class's forms on a comment line" "^# class 1 \([0-9]+ segments\): [^ ]+ [^ ]+" whole/labels.csv
expect_grep "its unnamed line" "^1,$" whole/labels.csv
awk '/^\*\*\*\*/ { keep = ($0 !~ /\*part_P2[0-5] /) } keep' corpus.txt >earlier.txt
ca run earlier.txt -o earlier --where lang=fr >/dev/null 2>&1 || fail "earlier run"
sed -E 's/^([0-9]+),$/\1,"Theme \1, named"/' earlier/labels.csv >named.csv
expect_ok "the labels on their own run" ca run earlier.txt -o named --where lang=fr --labels named.csv
grep -q 'Theme 1, named' named/report.html || fail "the checked labels are not in the report"
grep -q 'numbers only' "$WORK/err" && fail "a checked file said unchecked"
expect_grep "labels.csv keeps the names" '^1,"Theme 1, named"$' named/labels.csv
cmp -s <(grep '^#' earlier/labels.csv) <(grep '^#' whole/labels.csv) &&
    fail "the test needs the earlier corpus's classes to differ from the whole's"
expect_exit 1 "whose forms were" "the labels on another run's classes" \
    ca run corpus.txt -o renamed --where lang=fr --labels named.csv
[ -e renamed ] && fail "a refused labelling left a folder"
{ echo class,label; echo "1,one"; } >numbers.csv
expect_ok "numbers only" ca run earlier.txt -o numbered --where lang=fr --labels numbers.csv
expect_grep "said unchecked" "numbers.csv names the classes by their numbers only" "$WORK/err"
# a cohort's labels.csv names its cohort's classes, and its forms are checked the same way
expect_grep "a cohort's lines" "^care_lt1,1," by/care_lt1/labels.csv
expect_grep "a cohort's forms" "^# care_lt1 class 1 \(" by/care_lt1/labels.csv
finish

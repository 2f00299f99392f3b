#!/usr/bin/env bash
# Issue 7, defect 2: with --by, a cohort too small to classify must not break the others.
# One text of a new cohort, care_aaa, with one short line, in front of the demo corpus:
# every other cohort's rows of by_care.csv are the same as without it, and the small
# cohort's row (and its column of by_care.html) says why it was not classified.
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"
ca() { "$CARNET_ANALYSE" "$@"; }

new_demo_study || fail "demo study"
cc export corpus -o corpus.txt 2>/dev/null || fail "export"
{
    printf '**** *care_aaa\nUn mot.\n\n'
    cat corpus.txt
} >small.txt

expect_ok "by care" ca run corpus.txt -o plain --by care
expect_ok "by care with a one-text cohort" ca run small.txt -o withsmall --by care
expect_grep "the small cohort's reason on stderr" "care_aaa: .*too little text to classify" \
    "$WORK/err"

# The other cohorts: the same rows, each with several classes.
diff <(grep -v '^care_aaa,' withsmall/by_care.csv) plain/by_care.csv >/dev/null ||
    fail "the one-text cohort changed other rows: $(diff <(grep -v '^care_aaa,' withsmall/by_care.csv) plain/by_care.csv | head -5)"
for cohort in gt3 lt1 1to3; do
    n=$(grep -c "^care_$cohort,[1-9]" withsmall/by_care.csv)
    [ "$n" -ge 2 ] || fail "care_$cohort has $n classes next to a one-text cohort"
    [ -s "withsmall/care_$cohort/report.html" ] || fail "no report for care_$cohort"
    # a cohort's report says it is one, in its title and its Run table
    expect_grep "care_$cohort's report title" "<h1>Carnet: themes of the cohort care_$cohort</h1>" \
        "withsmall/care_$cohort/report.html"
    expect_grep "care_$cohort's Run table" \
        "the cohort <code>care_$cohort</code> of a --by run .*those with <code>\*care_$cohort</code>" \
        "withsmall/care_$cohort/report.html"
done
expect_grep "the whole corpus's report" "<h1>Carnet: themes of the corpus</h1>" withsmall/all/report.html

# The small cohort: class 0 and its reason in the last column, in the page too.
expect_grep "small cohort's row" '^care_aaa,0,0,,,,"?[^,]*too little text to classify' \
    withsmall/by_care.csv
expect_eq "one row for the small cohort" 1 "$(grep -c '^care_aaa,' withsmall/by_care.csv)"
[ -e withsmall/care_aaa ] && fail "a folder for the cohort that was not classified"
grep -q 'not classified: .*too little text to classify' withsmall/by_care.html ||
    fail "by_care.html does not say why care_aaa was not classified"
grep -q 'care_gt3/report.html' withsmall/by_care.html || fail "by_care.html lost care_gt3"
grep -q "no \*care_ star\|differ only by case" "$WORK/err" plain/by_care.html &&
    fail "a note on the demo corpus, whose texts all have one care star"

# A cohort of a few texts that passes the size check but whose tree has no split: one
# class holding all its segments is no classification, and its row must not read as the
# best classified cohort (100 %, one class) beside the others.
awk '/^\*\*\*\*/ { k++; if (k <= 3) sub(/\*care_[a-z0-9]+/, "*care_aab") } { print }' \
    corpus.txt >few.txt
expect_ok "by care with a cohort of three texts" ca run few.txt -o few --by care
expect_grep "the unsplit cohort's reason on stderr" \
    "care_aab: fewer than 2 classes \(care_aab/ keeps what the run found, beside the cohorts classified\): one class holds all .* the tree has no split" \
    "$WORK/err"
expect_grep "the unsplit cohort's row" '^care_aab,0,0,,,,"fewer than 2 classes' few/by_care.csv
expect_eq "one row for the unsplit cohort" 1 "$(grep -c '^care_aab,' few/by_care.csv)"
grep -q 'not classified: fewer than 2 classes' few/by_care.html ||
    fail "by_care.html does not say care_aab has fewer than 2 classes"
# its row keeps its units and how many its one class held, and the page links its report
units=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["units"], d["classified"])' \
    few/care_aab/classes.json)
expect_grep "the unsplit cohort's units" "^care_aab,0,0,,,,\"[^\"]*\",${units% *},${units#* },," \
    few/by_care.csv
expect_grep "its report linked" '<a href="care_aab/report.html">its report</a>' few/by_care.html
[ -s few/care_aab/report.html ] || fail "the unsplit cohort's folder is gone"

# A misspelt star (*car_lt1) takes its text out of every cohort, and *care_LT1 beside
# *care_lt1 makes two cohorts: both said, on stderr and in by_care.html.
awk '/^\*\*\*\*/ && /\*care_lt1/ && n < 3 { sub(/\*care_lt1/, n ? "*care_LT1" : "*car_lt1"); n++ } { print }' \
    corpus.txt >typos.txt
expect_ok "by care with star typos" ca run typos.txt -o typos --by care --where lang=fr
expect_grep "the text without the star, on stderr" \
    "note: typos: 1 text has no \*care_ star: in the whole-corpus run \(all/\), in no cohort" "$WORK/err"
expect_grep "the case twins, on stderr" \
    "note: typos: \*care_LT1 and \*care_lt1 differ only by case" "$WORK/err"
expect_grep "the text without the star, in by_care.html" '1 text has no <code>\*care_</code> star' \
    typos/by_care.html
expect_grep "the case twins, in by_care.html" \
    '\*care_LT1 and \*care_lt1 differ only by case: 2 cohorts' typos/by_care.html
grep -q "cohorts of care" "$WORK/err" typos/by_care.html && fail "four cohorts called many"
# each twin is its own cohort, not a --where that leaves the other out (trial 84: both
# were refused, and the run ended 0 without them)
grep -q "leaves out" "$WORK/err" typos/by_care.csv && fail "a twin's cohort refused for its twin"
expect_grep "the lower-case twin classified" "^care_lt1,1," typos/by_care.csv
# a group of three case twins, beside a zeros pair: the case group is the one named (its
# cohorts share a folder where file names ignore case), with the other group counted
# (trial 85: the zeros pair alone was said, and three variants were "two cohorts")
awk '/^\*\*\*\*/ && /\*care_lt1/ { n++; if (n == 1) sub(/\*care_lt1/, "*care_LT1"); if (n == 2) sub(/\*care_lt1/, "*care_Lt1") }
     /^\*\*\*\*/ && /\*care_gt3/ && !g { sub(/\*care_gt3/, "*care_gt03"); g = 1 } { print }' corpus.txt >three.txt
expect_ok "by care with three case twins" ca run three.txt -o three --by care --where lang=fr
expect_grep "the case group said" "note: three: \*care_LT1, \*care_Lt1 and 1 other modality differ only by case: 3 cohorts \(and one folder where file names ignore case\); 1 other group of modalities of care differs so" "$WORK/err"
# a misspelt --by lists the variables, as --where does; a variable of one modality is said
expect_exit 1 "--by gender: no text has a gender variable; the variables of the texts are: age, care" \
    "a --by variable no text has" ca run corpus.txt -o nogender --by gender --where lang=fr
[ -e nogender ] && fail "a refused --by left a folder"
expect_ok "by lang of one language" ca run corpus.txt -o onelang --by lang --where lang=fr
expect_grep "one modality said" "note: onelang: lang has one modality among the texts kept: its cohort is the whole corpus" "$WORK/err"
# *month_01 beside *month_1: two cohorts of one month, said as the case twins are.
awk '/^\*\*\*\*/ && /\*month_01 / && n < 2 { sub(/\*month_01 /, "*month_1 "); n++ } { print }' \
    corpus.txt >zeros.txt
grep -q '\*month_1 ' zeros.txt || fail "the test needs texts of *month_01"
expect_ok "by month with a zero twin" ca run zeros.txt -o zeros --by month --where lang=fr
expect_grep "the zero twins, on stderr" \
    "note: zeros: \*month_01 and \*month_1 differ only by the zeros before a number: 2 cohorts" \
    "$WORK/err"
expect_grep "the zero twins, in by_month.html" \
    '\*month_01 and \*month_1 differ only by the zeros before a number' \
    zeros/by_month.html

# A variable of too fine a grain (a day, say): 60 cohorts of 1 text beside one of 240, each
# a run of its own, said before they run and at the top of by_day.html; the 60 cannot be
# classified, each a row saying so. Had none been, nothing would be written (t0010).
awk '/^\*\*\*\*/ { n++; if (n > 300) exit; $0 = $0 " *day_" (n <= 240 ? 1 : n - 239) } { print }' \
    corpus.txt >days.txt
expect_ok "by day" ca run days.txt -o days --by day
expect_eq "the day of 240 texts classified, the 60 others not" "day_1 60" \
    "$(grep -oE '^day_[0-9]+,[1-9]' days/by_day.csv | cut -d, -f1 | sort -u) $(grep -c '^day_[0-9]*,0,' days/by_day.csv)"
expect_grep "many cohorts, on stderr" \
    "note: days: 61 cohorts of day, 4.9 texts each on average: each is classified on its own" \
    "$WORK/err"
expect_grep "many cohorts, in by_day.html" '<p class="flag">61 cohorts of day, 4.9 texts each' \
    days/by_day.html
finish

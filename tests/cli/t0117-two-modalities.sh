#!/usr/bin/env bash
# A text with two modalities of one variable (*site_lyon *site_paris_nord): nothing can
# place it by that variable. --by and --where refuse it, naming the file, the line and the
# two stars, and write nothing; a plain run leaves that variable's specificities out, says
# so on stderr and at the top of the report, and keeps the other variables'. The same
# star written twice is one modality: no message.
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"
ca() { "$CARNET_ANALYSE" "$@"; }

new_demo_study || fail "demo study"
cc export corpus -o corpus.txt 2>/dev/null || fail "export"
# the 3rd text's header gets a second site and the 5th its own site again
awk '/^\*\*\*\*/ { n++; if (n == 3) $0 = $0 " *site_lyon"; if (n == 5) $0 = $0 " " $6 }
     { print }' corpus.txt >mixed.txt
line=$(grep -n '^\*\*\*\*' mixed.txt | sed -n 3p | cut -d: -f1)
first=$(sed -n "${line}p" mixed.txt | grep -o '\*site_[a-z_]*' | head -1)

expect_exit 1 "mixed.txt:$line: the text has several modalities of site ($first, *site_lyon): --by puts each text in one cohort" \
    "--by on a mixed variable" ca run mixed.txt -o by --by site
[ -e by ] && fail "a refused --by left an output folder"
expect_exit 1 "mixed.txt:$line: the text has several modalities of site (*site_lyon, $first): --where keeps texts by their modality, and it keeps one of these and not the other" \
    "--where on a mixed variable" ca stats mixed.txt --where site=lyon
expect_ok "--where on another variable" ca stats mixed.txt --where care=lt1
# --where says what to do with it when its modalities agree, or another condition drops it
expect_ok "--where listing both" ca stats mixed.txt --where "site=lyon,${first#*site_}"
expect_ok "--where naming neither" ca stats mixed.txt --where site=manchester
care=$(sed -n "${line}p" mixed.txt | grep -o '\*care_[a-z0-9]*' | sed 's/\*care_//')
other=$(grep -o '\*care_[a-z0-9]*' mixed.txt | sed 's/\*care_//' | sort -u | grep -vx "$care" | head -1)
expect_ok "--by site on texts --where drops it from" ca run mixed.txt -o bywhere --by site \
    --where care=$other
grep -q "several modalities" "$WORK/err" && fail "a dropped text refused: $(cat "$WORK/err")"
[ -s "bywhere/site_lyon/report.html" ] || [ -s "bywhere/by_site.csv" ] || fail "no cohorts"
grep -q "several modalities" bywhere/by_site.csv && fail "a cohort failed on the dropped text"

expect_ok "plain run" ca run mixed.txt -o plain
grep -qF "warning: plain: no specificities by site: 1 text holds several of its modalities (mixed.txt:$line: $first and *site_lyon)" "$WORK/err" ||
    fail "no warning for the variable left out: $(cat "$WORK/err")"
[ -e plain/specificities_site.csv ] && fail "specificities_site.csv written for a mixed variable"
[ -s plain/specificities_care.csv ] || fail "the other variables lost their specificities"
expect_grep "the report's warning" "no specificities by site: 1 text holds" plain/report.html
expect_eq "no other variable left out" 1 "$(grep -c 'no specificities by' "$WORK/err")"

# a text in two languages cannot be read in both: refused, named
awk '/^\*\*\*\*/ { n++; if (n == 3) $0 = $0 " *lang_en" } { print }' corpus.txt >twolang.txt
expect_exit 1 "twolang.txt:$line: the text has several modalities of lang (*lang_fr, *lang_en): a text is read in one language" \
    "two languages" ca stats twolang.txt

# the same star twice is not two modalities
awk '/^\*\*\*\*/ { n++; if (n == 5) $0 = $0 " " $6 } { print }' corpus.txt >twice.txt
expect_ok "a star written twice" ca run twice.txt -o twice --by site
grep -q "no specificities\|several modalities" "$WORK/err" && fail "a star written twice was refused"

# one modality left (a --where, a cohort of --by on it): nothing to compare, no file of 0s
# (trial 59: 147 rows of -0.0000 and an empty row in the report)
expect_ok "--where on one language" ca run corpus.txt -o fr --where lang=fr
[ -e fr/specificities_lang.csv ] && fail "specificities_lang.csv written for one modality"
[ -s fr/specificities_care.csv ] || fail "the other variables lost their specificities"
expect_grep "the report says why" "lang: every text analysed that has it is \*lang_fr" fr/report.html
grep -q "no specificities by" "$WORK/err" && fail "one modality is no warning on stderr"
expect_ok "--by on care" ca run corpus.txt -o bycare --where lang=fr --by care
ls bycare/care_*/specificities_care.csv 2>/dev/null && fail "a cohort scored its own modality"
finish

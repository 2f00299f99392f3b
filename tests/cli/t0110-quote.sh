#!/usr/bin/env bash
# Results a researcher can quote (issue 9 §3): typical segments name their participant,
# their date (or diary month) and their cohort, and mark only their class's active
# profile forms, never a stop word.
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"
ca() { "$CARNET_ANALYSE" "$@"; }

"$CARNET_GEN" --out gen --participants 10 --purity 1 --lang fr --seed 5 --corpus corpus.txt \
    >/dev/null || fail "generator"
# Every other text gets an entry date, which a quote prefers to the diary month.
awk '/^\*\*\*\*/ { n++; if (n % 2) $0 = $0 sprintf(" *date_2026_01_%02d", n % 28 + 1) } { print }' \
    corpus.txt >dated.txt

expect_ok "run" ca run dated.txt -o res
expect_eq "typical segments header" \
    "class,rank,score,segment_id,text_id,participant,time_variable,time,modalities,profile_forms,segment_text" \
    "$(head -1 res/typical_segments.csv)"
expect_grep "a dated typical segment" \
    '^[0-9]+,[0-9]+,[0-9.]+,[0-9]+,[0-9]+,P[0-9]{2},date,2026_01_[0-9]{2},\*care_[a-z0-9]+ \*lang_fr,' \
    res/typical_segments.csv
expect_grep "an undated one: its diary month" \
    '^[0-9]+,[0-9]+,[0-9.]+,[0-9]+,[0-9]+,P[0-9]{2},month,[0-9]{2},\*care_[a-z0-9]+ \*lang_fr,' \
    res/typical_segments.csv
# --time names another variable: without a date, the quote gives that one
expect_ok "run --time care" ca run corpus.txt -o bycare --time care
expect_grep "time from --time" '^1,1,[0-9.]+,[0-9]+,[0-9]+,P[0-9]{2},care,[a-z0-9]+,\*month_[0-9]{2} \*lang_fr,' \
    bycare/typical_segments.csv

# Marked words: the class's active profile forms. French stop words are in the profiles of
# French classes (as supplementary forms) but are never marked.
stop='le|la|les|l|de|du|des|d|à|au|aux|et|pour|un|une|on|a|j|ai|je|me|m|ma|mon'
awk -F, -v stop="^($stop)\$" 'NR > 1 { n = split($10, w, " "); for (i = 1; i <= n; i++) if (tolower(w[i]) ~ stop) { print; exit 1 } }' \
    res/typical_segments.csv || fail "a stop word among the profile forms of a typical segment"
awk -F, 'NR > 1 && $10 == "" { exit 1 }' res/typical_segments.csv ||
    fail "a typical segment with no profile form"
grep -qE "<mark>($stop)</mark>" res/report.html &&
    fail "the report marks a stop word: $(grep -oE "<mark>($stop)</mark>" res/report.html | sort | uniq -c | head -3)"
grep -q '<mark>' res/report.html || fail "the report marks nothing"
expect_grep "report: participant and date" '<strong>P[0-9]{2}</strong> · date 2026_01_[0-9]{2} · care [a-z0-9]+, lang fr · text [0-9]+' \
    res/report.html
expect_grep "report: participant and month" '<strong>P[0-9]{2}</strong> · month [0-9]{2} · care [a-z0-9]+, lang fr · text [0-9]+' \
    res/report.html
finish

#!/usr/bin/env bash
# export corpus (variables, filters, escaping), entries and participants round trips.
. "$(dirname "$0")/lib.sh"

new_demo_study || fail "demo study"
n=$(sqlite3 "$CARNET_DB" 'select count(*) from entry')
expect_ok "corpus" cc export corpus -o corpus.txt
expect_eq "one text per entry" "$n" "$(grep -c '^\*\*\*\* ' corpus.txt)"
expect_grep "header variables in order" \
    '^\*\*\*\* \*part_P01 \*sex_[fmx] \*age_[0-9a-z_]+ \*care_(lt1|1to3|gt3) \*site_[a-z_]+ \*month_0[1-7] \*lang_(fr|en)$' corpus.txt
# every star token is valid for IRAMUTEQ
bad=$(grep '^\*\*\*\*' corpus.txt | tr ' ' '\n' | grep -v '^\*\*\*\*$' | grep -cvE '^\*[A-Za-z0-9_]+$')
expect_eq "valid star tokens" "0" "$bad"
# oldest first within a participant
first=$(grep -m1 -A1 '^\*\*\*\* \*part_P02 ' corpus.txt | tail -1)
expect_eq "P02 first entry first" "$(sqlite3 "$CARNET_DB" "select text from entry e join participant p on p.id = e.participant_id where p.code = 'P02' order by date limit 1")" "$first"

expect_ok "where" cc export corpus --where care=lt1 --vars care,month
expect_grep "filtered header" '^\*\*\*\* \*care_lt1 \*month_[0-9]{2}$' "$WORK/out"
lt1=$(grep -c '^\*\*\*\*' "$WORK/out")
expect_ok "where other" cc export corpus --where care=1to3,gt3 --vars care
rest=$(grep -c '^\*\*\*\*' "$WORK/out")
expect_eq "cohorts partition the corpus" "$n" "$((lt1 + rest))"
expect_exit 2 "unknown variable 'mood'" "bad var" cc export corpus --vars mood
# the entry's date, on demand only: the default header has no *date_
grep -q '\*date_' corpus.txt && fail "the default export has a *date_ star"
expect_ok "vars with date" cc export corpus --vars part,date,month
expect_grep "date star" '^\*\*\*\* \*part_P[0-9]{2} \*date_20[0-9]{2}_[01][0-9]_[0-3][0-9] \*month_0[1-7]$' "$WORK/out"
d=$(sqlite3 "$CARNET_DB" "select date from entry e join participant p on p.id = e.participant_id where p.code = 'P01' order by date limit 1")
expect_eq "P01's first entry's date" "**** *part_P01 *date_${d//-/_}" "$(grep -m1 '^\*\*\*\* \*part_P01 ' "$WORK/out" | cut -d' ' -f1-3)"
expect_ok "where date" cc export corpus --vars part --where "date=${d//-/_}"
# a study stores a language without its region: lang=fr_FR is its French (trial 91)
expect_ok "where lang=fr" cc export corpus --vars part --where lang=fr
fr=$(grep -c '^\*\*\*\* ' "$WORK/out")
expect_ok "where lang=fr_FR" cc export corpus --vars part --where lang=fr_FR
expect_eq "the same texts" "$fr" "$(grep -c '^\*\*\*\* ' "$WORK/out")"
expect_exit 2 "(known: part, sex, age, care, site, month, lang, date, entry)" "the variables named" \
    cc export corpus --vars mood
# the entry's id, on demand: a quote traced to its page, whatever else its day holds (trial 90)
grep -q '\*entry_' corpus.txt && fail "the default export has an *entry_ star"
expect_ok "vars with entry" cc export corpus --vars part,entry
id=$(sqlite3 "$CARNET_DB" "select e.id from entry e join participant p on p.id = e.participant_id where p.code = 'P01' order by date, e.id limit 1")
expect_eq "P01's first entry's id" "**** *part_P01 *entry_$id" "$(grep -m1 '^\*\*\*\* \*part_P01 ' "$WORK/out")"
text=$(awk -v h="**** *part_P01 *entry_$id" '$0 == h { getline; print; exit }' "$WORK/out")
expect_ok "entry show of that id" cc entry show "$id"
grep -qF "$text" "$WORK/out" || fail "entry show $id is not the text exported under *entry_$id"
expect_exit 2 "expected VAR=MOD" "bad where" cc export corpus --where care

# A text that would break the format is escaped, and the corpus stays one text per entry.
printf 'Une ligne.\n**** pas un en-tête\n-*pas un thème\n' | cc entry add P01 2025-03-30 >/dev/null 2>&1 ||
    fail "tricky entry"
expect_ok "corpus again" cc export corpus --vars part
expect_eq "texts after tricky entry" "$((n + 1))" "$(grep -c '^\*\*\*\* ' "$WORK/out")"
expect_grep "escaped header" '^\\\*\*\*\* pas un en-tête$' "$WORK/out"
expect_grep "escaped thematic" '^\\-\*pas un thème$' "$WORK/out"

for format in csv json; do
    expect_ok "participants $format" cc export participants --format $format
    cp "$WORK/out" "people.$format"
    expect_ok "entries $format" cc export entries --format $format
    cp "$WORK/out" "diary.$format"
    CARNET_DB="$WORK/copy-$format.db" cc init --name copy 2>/dev/null
    expect_ok "re-import participants $format" env CARNET_DB="$WORK/copy-$format.db" \
        "$CARNET_COLLECT" import "people.$format"
    expect_ok "re-import entries $format" env CARNET_DB="$WORK/copy-$format.db" \
        "$CARNET_COLLECT" import "diary.$format"
    expect_eq "round trip $format" "$(cc export entries --format csv)" \
        "$(CARNET_DB="$WORK/copy-$format.db" cc export entries --format csv)"
    expect_eq "participants round trip $format" "$(cc export participants)" \
        "$(CARNET_DB="$WORK/copy-$format.db" cc export participants)"
done
# A study in one language other than French says it: the analysis reads a text without a
# *lang_ star as French (IRAMUTEQ's default), and an English diary would be stemmed and
# classified as French. A French study keeps its stars as they were.
en() { env CARNET_DB="$WORK/english.db" "$CARNET_COLLECT" "$@"; }
expect_ok "English study" en init --name english --lang en
expect_ok "English participant" en participant add E01 --gender f --birth-year 1980 \
    --care-start 2020-01-01 --consent 2025-01-10
printf 'I went to the clinic this morning.\n' | en entry add E01 2025-01-12 >/dev/null 2>&1 ||
    fail "English entry"
expect_ok "English corpus" en export corpus
expect_grep "an English study's texts say *lang_en" '^\*\*\*\* \*part_E01 .*\*lang_en$' "$WORK/out"
expect_ok "English corpus without lang" en export corpus --vars part,care
expect_grep "--vars without lang, one language" \
    "warning: the texts are in 'en' and --vars has no lang: carnet-analyse will read them as French unless given --lang en" \
    "$WORK/err"
# A replacement whose code sorts first (LY01 replaces PA03) comes first in the export:
# the export still imports back, in either format.
expect_ok "PA03" en participant add PA03 --gender f --birth-year 1980 --care-start 2020-01-01 \
    --consent 2025-01-10
expect_ok "PA03 lost" en participant set PA03 --status lost
expect_ok "LY01 replaces PA03" en participant add LY01 --gender m --birth-year 1982 \
    --care-start 2021-01-01 --consent 2025-04-10 --replaces PA03
for format in csv json; do
    expect_ok "export with a replacement first ($format)" en export participants --format $format
    cp "$WORK/out" "replaced.$format"
    env CARNET_DB="$WORK/replaced-$format.db" "$CARNET_COLLECT" init --name r 2>/dev/null
    expect_ok "import it back ($format)" env CARNET_DB="$WORK/replaced-$format.db" \
        "$CARNET_COLLECT" import "replaced.$format"
    expect_eq "replacement round trip $format" "$(en export participants)" \
        "$(CARNET_DB="$WORK/replaced-$format.db" cc export participants)"
done
fr() { env CARNET_DB="$WORK/french.db" "$CARNET_COLLECT" "$@"; }
expect_ok "French study" fr init --name french
expect_ok "French participant" fr participant add F01 --gender m --birth-year 1975 \
    --care-start 2021-01-01 --consent 2025-01-10
printf 'Je suis allé au centre ce matin.\n' | fr entry add F01 2025-01-12 >/dev/null 2>&1 ||
    fail "French entry"
expect_ok "French corpus" fr export corpus
grep -q '\*lang_' "$WORK/out" && fail "a French study's corpus has *lang_ stars: $(head -1 "$WORK/out")"
# The warning speaks of the texts written, after --where: a French study with one English
# diary, exported with --where lang=en, is English only
expect_ok "English participant in the French study" fr participant add F02 --gender f \
    --birth-year 1980 --care-start 2021-01-01 --consent 2025-01-10 --lang en
printf 'I went to the clinic.\n' | fr entry add F02 2025-01-12 >/dev/null 2>&1 || fail "F02 entry"
expect_ok "both languages, no lang" fr export corpus --vars part
expect_grep "two languages said" "the texts are in more than one language" "$WORK/err"
expect_ok "the English texts, no lang" fr export corpus --vars part --where lang=en
expect_grep "one language said, the right one" "the texts are in 'en' and --vars has no lang" \
    "$WORK/err"
expect_ok "the French texts, no lang" fr export corpus --vars part --where lang=fr
grep -q warning "$WORK/err" && fail "French texts without lang warned: $(cat "$WORK/err")"

# a corpus of no text is refused and writes nothing: neither an empty file that would mislead
# the analysis nor one that blocks the next export into the same path
expect_ok "empty study" env CARNET_DB="$WORK/empty.db" "$CARNET_COLLECT" init --name empty
expect_exit 1 "no text to export" "study without entries" \
    env CARNET_DB="$WORK/empty.db" "$CARNET_COLLECT" export corpus -o empty.txt
[ -e empty.txt ] && fail "an export of no text left empty.txt"
cp corpus.txt before.txt
expect_exit 1 "nothing was written" "empty export over an earlier one" \
    env CARNET_DB="$WORK/empty.db" "$CARNET_COLLECT" export corpus -o corpus.txt
cmp -s before.txt corpus.txt || fail "an empty export changed the earlier corpus"

# Entries that begin as a spreadsheet formula would: kept verbatim (the export imports
# back), and said, with the first and what to do; JSON has no formulas.
expect_ok "export entries, none formula-like" en export entries -o plain.csv
grep -q "with =, +" "$WORK/err" && fail "a warning without such an entry"
printf '%s\n' '- la nuit a été longue' | en entry add PA03 2025-03-02 >/dev/null 2>&1 ||
    fail "an entry beginning with -"
expect_ok "export entries" en export entries -o formula.csv
grep -qF "warning: 1 entry begins with =, +, - or @ (the first: PA03 2025-03-02): a spreadsheet" \
    "$WORK/err" || fail "formula-like entries not named: $(cat "$WORK/err")"
expect_grep "kept verbatim" '^PA03,2025-03-02,- la nuit a été longue$' formula.csv
expect_ok "export entries as JSON" en export entries --format json -o formula.json
grep -q "begin with" "$WORK/err" && fail "JSON warned of formulas"
# a site, likewise (trial 64): export participants said nothing of it
expect_ok "export participants, none formula-like" en export participants -o plainp.csv
grep -q "with =, +" "$WORK/err" && fail "a participants warning without such a site"
en participant add PF1 --gender f --birth-year 1980 --care-start 2020-01-01 --consent 2025-01-01 \
    --site '=HYPERLINK("http://evil.example","clic")' >/dev/null 2>&1 || fail "a site beginning with ="
expect_ok "export participants" en export participants -o formulap.csv
grep -qF "warning: 1 participant's site begins with =, +, - or @ (the first: PF1): a spreadsheet" \
    "$WORK/err" || fail "formula-like sites not named: $(cat "$WORK/err")"
expect_grep "the site column named" "import with the site column's type set to Text" "$WORK/err"
expect_grep "site kept verbatim" '^PF1,.*,"=HYPERLINK\(""http://evil.example"",""clic""\)",' formulap.csv
expect_ok "export participants as JSON" en export participants --format json -o formulap.json
grep -q "begin with" "$WORK/err" && fail "JSON warned of formula sites"

# which state of the study the corpus holds: the audit chain head and records, as backup
# says its copy's (trial 67: an export during an import could not be told to hold it)
head=$(cc audit --verify 2>/dev/null | sed -n 's/.*; chain head //p')
records=$(cc audit --verify 2>/dev/null | sed -n 's/^audit holds: \([0-9]*\) records.*/\1/p')
[ -n "$head" ] && [ -n "$records" ] || fail "audit --verify gave no chain head"
expect_ok "export corpus -o, its state said" cc export corpus -o said.txt
expect_grep "export corpus -o says its chain head" \
    "^exported [0-9]+ texts to said\.txt \(as of audit chain head $head, $records records\)$" \
    "$WORK/err"
expect_ok "export corpus to stdout, its state said" cc export corpus
expect_grep "export corpus says its chain head" \
    "^exported [0-9]+ texts \(as of audit chain head $head, $records records\)$" "$WORK/err"

# "-o -" is standard output, as the tools' habit is, not a file named "-"
expect_ok "export corpus -o -" cc export corpus -o -
expect_grep "the corpus on stdout" '^\*\*\*\* \*part_' "$WORK/out"
[ -e ./- ] && fail "-o - wrote a file named -"
expect_ok "export entries -o -" cc export entries -o -
expect_grep "the entries on stdout" '^participant,date,text' "$WORK/out"
finish

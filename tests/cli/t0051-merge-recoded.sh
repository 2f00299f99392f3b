#!/usr/bin/env bash
# Trial 74: a merge re-run from a site's new exports after a participant was recoded there
# added them a second time, with a second copy of their diary. The participants export
# now names each participant's earlier codes, and the import recodes the participant the
# merged study holds under one of them; the cases it cannot settle are refused, naming the
# row, changing nothing.
. "$(dirname "$0")/lib.sh"
site="$WORK/site.db" merged="$WORK/merged.db"
at() { "$CARNET_COLLECT" --db "$1" "${@:2}"; }
at "$site" init --name Site >/dev/null 2>&1 && at "$merged" init --name Merged >/dev/null 2>&1 ||
    fail "two studies"
at "$site" import "$DEMO/participants.csv" >/dev/null 2>&1 &&
    at "$site" import "$DEMO/entries.csv" >/dev/null 2>&1 || fail "the demo study"
at "$site" export participants -o p1.csv 2>/dev/null && at "$site" export entries -o e1.csv 2>/dev/null
head -1 p1.csv | grep -q ',erased,earlier_codes$' || fail "header: $(head -1 p1.csv)"
at "$merged" import p1.csv >/dev/null 2>&1 && at "$merged" import e1.csv >/dev/null 2>&1 ||
    fail "the first merge"

expect_ok "a slip's recode at the site" at "$site" participant recode P24 P27 --reason "a slip"
expect_ok "then P27 P28" at "$site" participant recode P27 P28 --reason "another slip"
at "$site" export participants -o p2.csv 2>/dev/null && at "$site" export entries -o e2.csv 2>/dev/null
expect_eq "the earlier codes, oldest first" "P24 P27" "$(grep '^P28,' p2.csv | awk -F, '{print $NF}')"
at "$site" export participants --format json -o p2.json 2>/dev/null
grep -qE '"earlier_codes":[[:space:]]*"P24 P27"' p2.json || fail "json: $(grep -A12 P28 p2.json)"

cp "$merged" before.db
expect_ok "the merge again" at "$merged" import p2.csv
expect_grep "said and counted" "25 already present \(1 recoded as in the file: P24 is P28\);" err
expect_ok "its entries" at "$merged" import e2.csv
expect_grep "no entry added twice" "0 entries added, [0-9]+ duplicates skipped" err
at "$merged" participant list >list 2>/dev/null
expect_eq "one P28, no P24" "1 0" "$(grep -c '^P28 ' list) $(grep -c '^P24 ' list)"
expect_eq "the same diary" "$(at "$site" entry list P28 | wc -l)" "$(at "$merged" entry list P28 | wc -l)"
at "$merged" audit >trail 2>&1
expect_grep "the merged trail says why" "recoded so in the study the import .*p2.csv:[0-9]+ comes from" trail
expect_ok "an import of the same file again changes nothing" at "$merged" import p2.csv
expect_grep "read as present" "25 already present;" err

# The JSON export does the same.
cp before.db json.db
expect_ok "json" at "$WORK/json.db" import p2.json
expect_grep "json recodes" "1 recoded as in the file" err

# Recoded here to another code: one person under two codes, refused, nothing changed.
cp before.db other.db
at "$WORK/other.db" participant recode P24 X24 --reason "a slip here" >/dev/null 2>&1
sum=$(sha256sum other.db)
expect_exit 1 "P28 was P24 before a recode where this file comes from, and P24 is X24 here" \
    "two codes" at "$WORK/other.db" import p2.csv
expect_eq "nothing changed" "$sum" "$(sha256sum other.db)"

# A study that holds both, the copy an earlier import made: refused, naming both.
cp before.db twice.db
grep -v '^P2[4-7],\|^P28,' p1.csv >only.csv
grep '^code\|^P28,' p2.csv | cut -d, -f1-10 >p28.csv # a batch of before, by hand
at "$WORK/twice.db" import p28.csv --allow-alike >/dev/null 2>&1 || fail "the copy of before"
expect_exit 1 "P28 and P24 are two participants here, one person in this file (P28 was P24 before a recode where it was exported): added twice by an import of before; build the merged study again" "twice" \
    at "$WORK/twice.db" import p2.csv

# After a recode --forget at the site, no earlier code is written: a participant added with
# the fields of one the study had is refused, with the way out either way; nothing changed.
cp before.db forget.db
cp "$site" site2.db
at "$WORK/site2.db" participant recode P28 P29 --forget --reason "identifying" >/dev/null 2>&1
at "$WORK/site2.db" export participants -o p3.csv 2>/dev/null
expect_eq "forgotten codes are not written" "" "$(grep '^P29,' p3.csv | awk -F, '{print $NF}')"
sum=$(sha256sum forget.db)
expect_exit 1 "p3.csv: the study holds 1 participant of '$(grep '^P29,' p3.csv | cut -d, -f6)' that this export of its participants does not list (P24): a participant is never deleted, so each has another code there now, from a recode with --forget (the file's new participants there: P29; compare their diaries): give it to them here" \
    "a participant the export no longer lists, refused" at "$WORK/forget.db" import p3.csv
expect_eq "nothing changed" "$sum" "$(sha256sum forget.db)"
cp forget.db forget2.db
expect_ok "the way out offered" at "$WORK/forget.db" participant recode P24 P29 --forget --reason "as at the site"
expect_ok "then the file" at "$WORK/forget.db" import p3.csv
expect_grep "P29 present" "0 participants added, 25 already present;" err
expect_ok "a file that is not the site's whole list" at "$WORK/forget2.db" import p3.csv --partial
expect_grep "P29 added" "1 participant added, 24 already present;" err
expect_ok "an import into a study of its own refuses nothing" at "$WORK/site2.db" import p3.csv

# An earlier code typed in another case in a spreadsheet is the same code (trial 95).
cp before.db case.db
sed 's/,P24 P27$/,p24 P27/' p2.csv >lower.csv
expect_ok "p24 for P24" at "$WORK/case.db" import lower.csv
expect_grep "recoded" "1 recoded as in the file: P24 is P28" err

# An earlier code another person holds here (given again elsewhere) is not followed: that
# person is someone else (trial 95: a Lyon woman was recoded as a Paris man).
cp before.db other2.db
at "$WORK/other2.db" participant recode P24 Q24 --forget --reason "site prefix" >/dev/null 2>&1
at "$WORK/other2.db" participant add P24 --gender f --birth-year 1990 --care-start 2024-01-01 \
    --consent 2025-03-01 --site Lyon >/dev/null 2>&1 || fail "another P24"
sum=$(sha256sum other2.db)
expect_exit 1 "p2.csv:26: P28 was P24 where the file was exported, and P24 here is a participant of another site ('Lyon', not '$(grep '^P28,' p2.csv | cut -d, -f6)'): if they are one person" \
    "the Lyon P24 left alone" at "$WORK/other2.db" import p2.csv
expect_eq "nothing changed" "$sum" "$(sha256sum other2.db)"

# A participant recoded at the site whose birth year was corrected there too: the same
# person, refused naming the field (trial 96: added a second time, diary and all).
cp before.db year.db
cp "$site" site3.db
at "$WORK/site3.db" participant set P28 --birth-year "$(($(grep '^P28,' p2.csv | cut -d, -f3) + 1))" \
    >/dev/null 2>&1 || fail "a birth year corrected"
at "$WORK/site3.db" export participants -o p7.csv 2>/dev/null
expect_exit 1 "p7.csv:26: code: participant P28 already exists with other data (birth_year:" \
    "a birth year corrected at the site" at "$WORK/year.db" import p7.csv
expect_grep "named by its code here" "\(P24 here: the file's code is theirs since a recode" err

# Participants alike on an enrolment day: a site's export listing them all is imported, and
# so is a batch of new people alike to one stored (trial 96: both refused).
at "$WORK/alike.db" init --name alike >/dev/null 2>&1
h=code,gender,birth_year,care_start,consent_date,site
printf '%s\nA01,f,1990,2025-03-03,2025-03-03,Lyon\nA02,f,1990,2025-03-03,2025-03-03,Lyon\n' $h >week1.csv
{ cat week1.csv; echo A03,f,1990,2025-03-03,2025-03-03,Lyon; } >week2.csv
printf '%s\nA04,f,1990,2025-03-03,2025-03-03,Lyon\n' $h >batch.csv
expect_ok "week 1" at "$WORK/alike.db" import week1.csv
expect_ok "week 2, the site's whole list" at "$WORK/alike.db" import week2.csv
expect_ok "a batch of one new" at "$WORK/alike.db" import batch.csv

# A recode here, then a refusal of the row: the message names the code the study has.
cp before.db status.db
at "$site" participant set P28 --status lost >/dev/null 2>&1 || fail "P28 lost"
at "$site" export participants -o p4.csv 2>/dev/null
expect_exit 1 "already exists with other data (status: 'handed_back' stored, 'lost' here) (P24 here: the file's code is theirs since a recode where it was exported; this import changed nothing)" \
    "a status changed too" at "$WORK/status.db" import p4.csv
at "$site" participant set P28 --status handed_back >/dev/null 2>&1

# A replacement whose row comes before the recoded participant it replaces (trial 95).
site_of=$(grep '^P28,' p2.csv | cut -d, -f6)
at "$site" participant add P05B --gender m --birth-year 1980 --care-start 2020-01-01 \
    --consent 2025-06-01 --site "$site_of" --replaces P28 >/dev/null 2>&1 || fail "a replacement"
at "$site" export participants -o p5.csv 2>/dev/null
at "$merged" import p5.csv >/dev/null 2>&1 || fail "the replacement merged"
at "$site" participant recode P28 P30 --reason "a third slip" >/dev/null 2>&1
at "$site" export participants -o p6.csv 2>/dev/null
expect_eq "the replacement's row first" "P05B,P30" "$(grep -oE '^(P05B|P30),' p6.csv | tr -d '\n' | sed 's/,$//')"
expect_ok "merged again" at "$merged" import p6.csv
expect_grep "recoded" "1 recoded as in the file: P28 is P30" err

# An enrolment day's second participant recoded with --forget at the site: every stored one
# alike is asked, each paired with one row (trial 97: the first alone was, and the second
# came back twice, diary and all).
at "$WORK/day.db" init --name day >/dev/null 2>&1
at "$WORK/dayside.db" init --name site >/dev/null 2>&1
for c in D01 D02; do
    at "$WORK/dayside.db" participant add $c --gender f --birth-year 1990 --care-start 2025-03-03 \
        --consent 2025-03-03 --site Lyon >/dev/null 2>&1 || fail "$c"
done
at "$WORK/dayside.db" participant add D05 --gender m --birth-year 1970 --care-start 2025-03-03 \
    --consent 2025-03-03 --site Lyon >/dev/null 2>&1 || fail "D05"
at "$WORK/dayside.db" export participants -o d1.csv 2>/dev/null
at "$WORK/day.db" import d1.csv >/dev/null 2>&1 || fail "the day merged"
cp "$WORK/dayside.db" dayside2.db
at "$WORK/dayside.db" participant recode D02 D03 --forget --reason "a slip" >/dev/null 2>&1
at "$WORK/dayside.db" export participants -o d2.csv 2>/dev/null
expect_exit 1 "d2.csv: the study holds 1 participant of 'Lyon' that this export of its participants does not list (D02)" \
    "the second of the day" at "$WORK/day.db" import d2.csv
at "$WORK/dayside2.db" participant recode D01 D11 --forget --reason t >/dev/null 2>&1
at "$WORK/dayside2.db" participant recode D02 D12 --forget --reason t >/dev/null 2>&1
at "$WORK/dayside2.db" export participants -o d3.csv 2>/dev/null
expect_exit 1 "d3.csv: the study holds 2 participants of 'Lyon' that this export of its participants does not list (D01, D02)" \
    "both of the day" at "$WORK/day.db" import d3.csv
expect_grep "the new ones named" "the file's new participants there: D11, D12; compare their diaries" err
# the one site's participant the study holds, recoded with --forget: the export lists none
# of the study's (trial 98: a batch of new people, it was let through)
at "$WORK/one.db" init --name one >/dev/null 2>&1
printf 'code,gender,birth_year,care_start,consent_date,site,earlier_codes\nO01,f,1990,2025-03-03,2025-03-03,Nice,\n' >o1.csv
printf 'code,gender,birth_year,care_start,consent_date,site,earlier_codes\nO11,f,1990,2025-03-03,2025-03-03,Nice,\nO02,m,1980,2025-03-10,2025-03-10,Nice,\n' >o2.csv
at "$WORK/one.db" import o1.csv >/dev/null 2>&1 || fail "O01"
expect_exit 1 "o2.csv: the study holds 1 participant of 'Nice' that this export of its participants does not list (O01)" \
    "the only one of the site" at "$WORK/one.db" import o2.csv

# Two studies without sites merged: none of the second's new participants is alike to the
# first's, so --partial is offered first, not a recode (trial 99: advice to recode one
# person as another, with --forget); an export of before (an "erased" column, no
# earlier_codes) is an export too; a row refused for its own data is not called unlisted.
at "$WORK/nosite.db" init --name n >/dev/null 2>&1
printf 'code,gender,birth_year,care_start,consent_date,erased\nA01,f,1990,2025-03-03,2025-03-03,\n' >na.csv
printf 'code,gender,birth_year,care_start,consent_date,erased\nB01,m,1970,2024-01-01,2025-02-01,\n' >nb.csv
at "$WORK/nosite.db" import na.csv >/dev/null 2>&1 || fail "study A"
expect_exit 1 "nb.csv: the study holds 1 participant of no site that this export of its participants does not list (A01), and none of its new participants there has their gender, birth year and dates: if the study holds them from another study or file, import with --partial" \
    "two studies without sites" at "$WORK/nosite.db" import nb.csv
expect_ok "with --partial" at "$WORK/nosite.db" import nb.csv --partial
printf 'code,gender,birth_year,care_start,consent_date,status,handed_back,erased\nA01,f,1990,2025-03-03,2025-03-03,handed_back,2025-05-01,\n' >nc.csv
expect_exit 1 "nc.csv:2: code: participant A01 already exists with other data" "a hand-back" \
    at "$WORK/nosite.db" import nc.csv
grep -q "does not list" err && fail "a refused row called unlisted: $(cat err)"

# Codes that are no codes are refused by their row.
sed 's/,P24 P27$/,P24 P-27/' p2.csv >bad.csv
expect_exit 1 "earlier_codes: participant code 'P-27' may hold only" "a bad code" \
    at "$merged" import bad.csv

# A replacement of a participant recoded at the site and set lost there: refused while the
# merged study has them active, with the code they have here (trials 97 and 98: "set A70's
# status" named a code the merged study did not have); set lost here, the merge passes.
s2="$WORK/s2.db" m2="$WORK/m2.db"
at "$s2" init --name S2 >/dev/null 2>&1 && at "$m2" init --name M2 >/dev/null 2>&1 || fail "two more"
at "$s2" participant add A07 --gender f --birth-year 1980 --care-start 2024-01-01 \
    --consent 2025-01-10 --site Lyon 2>/dev/null || fail "A07"
at "$s2" export participants -o q1.csv 2>/dev/null && at "$m2" import q1.csv >/dev/null 2>&1 ||
    fail "the first merge of A07"
at "$s2" participant recode A07 A70 --reason "a slip" >/dev/null 2>&1 &&
    at "$s2" participant set A70 --status lost >/dev/null 2>&1 &&
    at "$s2" participant add B12 --gender m --birth-year 1990 --care-start 2024-01-01 \
        --consent 2025-03-01 --site Lyon --replaces A70 2>/dev/null || fail "A70 lost, B12 in place"
at "$s2" export participants -o q2.csv 2>/dev/null
expect_exit 1 "replaces: A70 is still active; a replacement takes the place of a participant who left: set A70's status to lost or withdrawn first (A70 is A07 here: " \
    "the replaced one named by their code here" at "$m2" import q2.csv
expect_ok "set lost here" at "$m2" participant set A07 --status lost
expect_ok "then the merge" at "$m2" import q2.csv
expect_grep "B12 added, A07 recoded" "1 participant added, 1 already present \(1 recoded as in the file: A07 is A70\)" err
# the replacement's row first (A05 before A70 in the export): checked once the file is read,
# said the same way (trial 102)
at "$s2" participant set B12 --status withdrawn >/dev/null 2>&1 &&
    at "$s2" participant add A05 --gender m --birth-year 1991 --care-start 2024-01-01 \
        --consent 2025-04-01 --site Lyon --replaces B12 2>/dev/null &&
    at "$s2" participant recode B12 B21 --reason "a slip" >/dev/null 2>&1 || fail "B12 out, A05 in"
at "$s2" export participants -o q3.csv 2>/dev/null
[ "$(sed -n 2p q3.csv | cut -d, -f1)" = A05 ] || fail "A05 not first: $(cat q3.csv)"
expect_exit 1 "replaces: B21 is still active; a replacement takes the place of a participant who left: set B21's status to lost or withdrawn first (B21 is B12 here: " \
    "a replacement before its replaced one's row" at "$m2" import q3.csv
exit $((failures > 0))

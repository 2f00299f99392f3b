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
grep '^code\|^P28,' p2.csv | sed 's/,P24 P27$/,/' >p28.csv # as an export of before had it
at "$WORK/twice.db" import p28.csv >/dev/null 2>&1 || fail "the copy of before"
expect_exit 1 "P28 and P24 are two participants here, and one in this file" "twice" \
    at "$WORK/twice.db" import p2.csv

# After a recode --forget at the site, no earlier code is written: the participant added
# has the fields of one the study had, and the import warns of it (not refused: two people
# may be enrolled alike).
cp before.db forget.db
at "$site" participant recode P28 P29 --forget --reason "identifying" >/dev/null 2>&1
at "$site" export participants -o p3.csv 2>/dev/null
expect_eq "forgotten codes are not written" "" "$(grep '^P29,' p3.csv | awk -F, '{print $NF}')"
expect_ok "imported" at "$WORK/forget.db" import p3.csv
expect_grep "warned" "warning: 1 participant added with the gender, birth year, dates and site of one the study had \(the first: p3.csv:[0-9]+: P29 as P24\)" err
expect_ok "an import into a study of its own warns of nothing" at "$site" import p3.csv
[ -s err ] && grep -q warning err && fail "warned: $(cat err)"

# Codes that are no codes are refused by their row.
sed 's/,P24 P27$/,P24 P-27/' p2.csv >bad.csv
expect_exit 1 "earlier_codes: participant code 'P-27' may hold only" "a bad code" \
    at "$merged" import bad.csv
exit $((failures > 0))

#!/usr/bin/env bash
# stats: the published table on a small hand-computed study, in table, csv and json.
. "$(dirname "$0")/lib.sh"

cc init --name hand 2>/dev/null
cat >people.csv <<'CSV'
code,gender,birth_year,care_start,consent_date,site,language,status,replaces,handed_back
A,f,1990,2024-06-01,2025-01-01,Lyon,fr,handed_back,,2025-07-15
B,m,1980,2024-02-01,2025-01-10,Lyon,fr,handed_back,,2025-08-15
C,m,2000,2015-01-01,2025-02-01,Paris,fr,active,,
D,f,1970,2010-01-01,2025-02-01,Paris,fr,lost,,2025-08-31
CSV
cat >diary.csv <<'CSV'
participant,date,text
A,2025-01-03,un
A,2025-02-01,deux
A,2025-03-04,trois
B,2025-01-10,seul jour
D,2025-02-05,un
D,2025-02-06,deux
CSV
cc import people.csv 2>/dev/null && cc import diary.csv 2>/dev/null || fail "import"

expect_ok "csv" cc stats --format csv
expect_eq "csv header" "cohort,n,n_with_entries,men,women,median_age,q1_age,q3_age,median_days_to_first_entry,q1_days_to_first_entry,q3_days_to_first_entry,median_days_of_diary,q1_days_of_diary,q3_days_of_diary,median_entries_per_month,q1_entries_per_month,q3_entries_per_month,lost,late,as_of,erased,audit_head,audit_records,diary_months" "$(head -1 "$WORK/out")"
# lt1: A (age 35, 2 days to first, 60 days, 3/(60/30.4375)) and B (45, 0, 0, 1); late: B
expect_eq "lt1 row" "lt1,2,2,1,1,40,37.5,42.5,1,0.5,1.5,30,15,45,1.24846,1.12423,1.37269,0,1,2026-06-01,0" "$(grep '^lt1,' "$WORK/out" | cut -d, -f1-21)"
# gt3: C without entry and D lost; D handed back exactly 30 days after the end: not late
expect_eq "gt3 row" "gt3,2,1,1,1,40,32.5,47.5,4,4,4,1,1,1,2,2,2,2,0,2026-06-01,0" "$(grep '^gt3,' "$WORK/out" | cut -d, -f1-21)"
expect_eq "all row" "all,4,3,2,2,40,32.5,47.5,2,1,3,1,0.5,30.5,1.49693,1.24846,1.74846,2,1,2026-06-01,0" "$(grep '^all,' "$WORK/out" | cut -d, -f1-21)"

# the state of the study each row was computed from: the chain head backup and audit say
head=$(cc audit --verify 2>&1 | grep -oE '[0-9a-f]{64}' | head -1)
[ -n "$head" ] || fail "the chain's head from audit --verify"
expect_eq "audit head and records on every row" "3" \
    "$(grep -c ",2026-06-01,0,$head,[0-9]*,[0-9]*$" "$WORK/out")"
cp "$WORK/out" published.csv
cc participant set B --handed-back 2025-08-01 2>/dev/null || fail "a hand-back corrected later"
expect_ok "csv redone" cc stats --format csv
expect_eq "the redone table's late differs" "0" "$(awk -F, '$1 == "all" { print $19 }' "$WORK/out")"
expect_eq "the protocol's length on each row" "6" "$(awk -F, '$1 == "all" { print $24 }' "$WORK/out")"
[ "$(awk -F, '$1 == "all" { print $22 }' "$WORK/out")" != "$head" ] ||
    fail "the redone table names the same study state"
cc participant set B --handed-back 2025-08-15 2>/dev/null || fail "put back"
expect_ok "table" cc stats
expect_grep "the table says the study's state" "^Study state: audit chain head [0-9a-f]{64}, [0-9]+ records$" "$WORK/out"

expect_ok "json" cc stats --format json --by age
for key in cohort n n_with_entries men women median_age median_days_to_first_entry \
    median_days_of_diary median_entries_per_month lost late as_of q1_age q3_days_of_diary \
    audit_head audit_records diary_months; do
    expect_grep "json key $key" "\"$key\":" "$WORK/out"
done
expect_grep "json null for no entries" '"median_days_to_first_entry":[[:space:]]*null' "$WORK/out"
expect_grep "json age cohort" '"cohort":[[:space:]]*"25_34"' "$WORK/out"
expect_grep "json: the day lost and late are counted at" '"as_of":[[:space:]]*"2026-06-01"' "$WORK/out"

expect_ok "table" cc stats
expect_grep "table title, with the day lost and late are counted at" \
    "^Protocol statistics: hand \(6-month diaries\), by years in care at consent, as of 2026-06-01$" "$WORK/out"
expect_grep "table median age" "^median age in consent year \[Q1-Q3\] +40 \[37.5-42.5\] +40 \[32.5-47.5\] +40 \[32.5-47.5\]" "$WORK/out"
expect_ok "by sex" cc stats --by sex --format csv
expect_grep "by sex f" "^f,2," "$WORK/out"
expect_exit 2 "cohort 'colour'" "bad by" cc stats --by colour
expect_exit 2 "--format 'xml'" "bad format" cc stats --format xml

# Lost and late as of today: a diary just begun without an entry is not lost; one past its
# end without an entry is; one still out more than 30 days after its end is late.
cat >more.csv <<'CSV'
code,gender,birth_year,care_start,consent_date,site,language,status,replaces,handed_back
E,f,1990,2024-06-01,2026-05-25,Lyon,fr,active,,
F,m,1985,2024-06-01,2025-10-01,Lyon,fr,active,,
CSV
printf 'participant,date,text\nF,2025-10-05,un\n' >more-diary.csv
cc import more.csv 2>/dev/null && cc import more-diary.csv 2>/dev/null || fail "import more"
expect_ok "csv today" cc stats --format csv --by sex
# f: A, D (lost by status), E (consented a week ago: not lost); m: B (late), C (lost, past
# its end without entry, so not also late), F (ended 2026-04-01, still out: late)
expect_eq "f: lost D only" "1,0" "$(grep '^f,' "$WORK/out" | awk -F, '{print $18 "," $19}')"
expect_eq "m: lost C, late B and F" "1,2" "$(grep '^m,' "$WORK/out" | awk -F, '{print $18 "," $19}')"
expect_ok "show F" cc participant show F
expect_grep "F late, said so" "^status: +active \(late: not handed back\)$" "$WORK/out"
# show counts as stats does: C, active past its end without entry, is lost, not late
expect_ok "show C" cc participant show C
expect_grep "C counted lost, said so" "^status: +active \(counted lost: no entry\)$" "$WORK/out"
expect_ok "show E" cc participant show E
expect_grep "E not late" "^status: +active$" "$WORK/out"
CARNET_TODAY=2026-12-01 expect_ok "csv half a year on" cc stats --format csv --by sex
expect_eq "f: E past its end without entry, lost" "2,0" "$(grep '^f,' "$WORK/out" | awk -F, '{print $18 "," $19}')"
finish

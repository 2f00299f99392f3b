#!/usr/bin/env bash
# participant recode: a participant's code corrected (a slip at enrolment, or a code that
# may identify, which participant add warns of). The row and who replaces it change, the
# entries follow; the trail keeps the old code, or with --forget loses it (chain sealed
# again, file vacuumed). Refused, changing nothing: without a reason, a code another
# participant has in any case, an invalid code, --forget of a code two participants had.
# (A data-protection trial: the warning said a code identifies, and no command could fix it.)
. "$(dirname "$0")/lib.sh"

new_demo_study || fail "demo study"
cc participant add 0612345678 --gender f --birth-year 1990 --care-start 2024-01-01 \
    --consent 2025-03-01 --site Lyon 2>/dev/null || fail "an identifying code added"
echo "Une page ZQXPAGE." | cc entry add 0612345678 2025-03-05 2>/dev/null || fail "an entry"
cc participant set 0612345678 --status lost 2>/dev/null || fail "lost"
cc participant add P30 --gender m --birth-year 1980 --care-start 2024-01-01 --consent 2025-05-01 \
    --site Lyon --replaces 0612345678 2>/dev/null || fail "a replacement"
entries=$(cc entry list 0612345678 | grep -c '^ ')

# refused, changing nothing
cp "$CARNET_DB" kept.db
expect_exit 1 "--reason: required" "no reason" cc participant recode 0612345678 P26
expect_exit 1 "differs from the existing participant P01 only by case" "a case twin" \
    cc participant recode 0612345678 p01 --reason slip
expect_exit 1 "code P02 is another participant's" "a code taken" \
    cc participant recode 0612345678 P02 --reason slip
expect_exit 1 "participant code" "an invalid code" cc participant recode 0612345678 "P 26" --reason x
expect_exit 1 "unknown participant 'P99'" "an unknown code" cc participant recode P99 P26 --reason x
[ "$(sqlite3 "$CARNET_DB" .dump)" = "$(sqlite3 kept.db .dump)" ] || fail "a refusal changed the study"

# a slip: the trail keeps the old code, in the change's record and the recode's
expect_ok "recode" cc participant recode 0612345678 P26 --reason "a slip at enrolment"
expect_grep "said" "^participant 0612345678 is now P26 \(and so in the replaces of 1 participant\)" \
    "$WORK/err"
expect_eq "the entries follow" "$entries" "$(cc entry list P26 | grep -c '^ ')"
expect_eq "the replacement follows" "P26" \
    "$(sqlite3 "$CARNET_DB" "select replaces from participant where code = 'P30'")"
expect_ok "the chain verifies" cc audit --verify
cc audit >slip.jsonl 2>/dev/null
expect_grep "the recode recorded" '"action":"recode".*"reason":"a slip at enrolment","code":"P26","previous":"0612345678"' \
    slip.jsonl
cc export corpus -o corpus.txt 2>/dev/null || fail "export"
expect_grep "the corpus has the new code" '\*part_P26 ' corpus.txt
grep -q 0612345678 corpus.txt && fail "the old code in the corpus"

# the batch file of before imported again does not bring the same person back under the
# old code (trial 56: P62 came back beside P26, each with the same diary)
cc participant recode P05 P05b --reason "a slip" 2>/dev/null || fail "P05 recoded"
count=$(sqlite3 "$CARNET_DB" "select count(*) from participant")
expect_exit 1 "code: P05 was P05b's before a recode" "the old batch file" \
    cc import "$DEMO/participants.csv"
expect_eq "nobody added" "$count" "$(sqlite3 "$CARNET_DB" "select count(*) from participant")"

# the code identified: --forget takes every earlier code out of the trail and the file
expect_ok "recode --forget" cc participant recode P26 P27 --forget --reason "a phone number"
expect_grep "records named" "^the old code was taken out of [0-9]+ audit records" "$WORK/err"
expect_ok "the chain verifies after it" cc audit --verify
cc audit >forgot.jsonl 2>/dev/null
grep -q 0612345678 forgot.jsonl && fail "the first code still in the trail"
grep -q '"P26"' forgot.jsonl && fail "the second code still in the trail"
grep -qa 0612345678 "$CARNET_DB" && fail "the first code still in the study's file"
# where the rewrite began, not the head it replaced: trying codes against that hash gave
# the old code back (trial 57)
expect_grep "the rewrite said" '"action":"recode".*"records_rewritten":[0-9]+,"rewritten_from":[0-9]+' \
    forgot.jsonl
grep -q '"chain_head_before"' <(grep '"recode"' forgot.jsonl) && fail "a chain head before in the recode's record"
# the same person in the batch file of before, under the code forgotten: refused too
count=$(sqlite3 "$CARNET_DB" "select count(*) from participant")
printf 'code,gender,birth_year,care_start,consent_date,site\n0612345678,f,1990,2024-01-01,2025-03-01,Lyon\n' \
    >again.csv
expect_exit 1 "code: 0612345678 has the gender, birth year, dates and site of P27" "the forgotten code again" \
    cc import again.csv
expect_eq "nobody added" "$count" "$(sqlite3 "$CARNET_DB" "select count(*) from participant")"
expect_eq "entries kept" "$entries" "$(cc entry list P27 | grep -c '^ ')"
# typed one by one, the same: refused, and a later entrant enrolled alike the same day is
# added with --allow-alike, as an import's (trial 97: participant add had no way past)
expect_exit 1 "the same person, whose code is P27; if they are two people enrolled alike, --allow-alike adds them" "participant add alike" \
    cc participant add P31 --gender f --birth-year 1990 --care-start 2024-01-01 \
    --consent 2025-03-01 --site Lyon
expect_eq "nobody added by hand" "$count" "$(sqlite3 "$CARNET_DB" "select count(*) from participant")"
expect_ok "participant add --allow-alike" cc participant add P31 --gender f --birth-year 1990 \
    --care-start 2024-01-01 --consent 2025-03-01 --site Lyon --allow-alike
expect_exit 1 "P31" "--allow-alike gives no code twice" \
    cc participant add P31 --gender f --birth-year 1990 --care-start 2024-01-01 \
    --consent 2025-03-01 --site Lyon --allow-alike
count=$((count + 1))
expect_grep "the text kept" "ZQXPAGE" forgot.jsonl
# refused, changing nothing: a reason that names a code it takes out, nothing left to forget
cp "$CARNET_DB" kept.db
cc participant add Q01 --gender m --birth-year 1980 --care-start 2024-01-01 --consent 2025-05-01 \
    2>/dev/null || fail "Q01"
cc participant recode Q01 Q02 --reason slip 2>/dev/null || fail "Q01 recoded"
cp "$CARNET_DB" kept.db
for reason in "Q01 was a slip" "typed q01 by mistake" "code_Q01"; do
    expect_exit 1 "--reason may hold the code Q01" "a reason naming it: $reason" \
        cc participant recode Q02 Q02 --forget --reason "$reason"
done
[ "$(sqlite3 "$CARNET_DB" .dump)" = "$(sqlite3 kept.db .dump)" ] || fail "a refusal changed the study"
# nothing to forget: the file alone rewritten (the way on after a VACUUM that failed)
expect_ok "nothing to forget" cc participant recode P27 P27 --forget --reason "again"
expect_grep "said" "^participant P27 has had no other code: nothing to forget" "$WORK/err"
[ "$(sqlite3 "$CARNET_DB" "select count(*) from audit")" = "$(sqlite3 kept.db "select count(*) from audit")" ] ||
    fail "a record for nothing"
# the same code: only the earlier ones go
expect_ok "forget the earlier code alone" cc participant recode Q02 Q02 --forget --reason "a slip"
expect_grep "keeps its code" "^participant Q02 keeps its code" "$WORK/err"
cc audit 2>/dev/null | grep -q '"Q01"' && fail "Q01 still in the trail"

# a code is not given twice: the trail names participants by code (trial 58: two people
# under one code, neither could then --forget)
cc participant recode P02 P02b --reason "slip" 2>/dev/null || fail "P02 recoded"
cp "$CARNET_DB" kept.db
expect_exit 1 "code P02 was P02b's before a recode" "a freed code given again" \
    cc participant recode P03 P02 --reason "slip"
expect_exit 1 "code: P02 was P02b's before a recode" "a freed code added" \
    cc participant add P02 --gender m --birth-year 1960 --care-start 2020-01-01 --consent 2025-05-01
[ "$(sqlite3 "$CARNET_DB" .dump)" = "$(sqlite3 kept.db .dump)" ] || fail "the refusal changed the study"
expect_ok "its own earlier code back" cc participant recode P02b P02 --reason "the slip undone"
[ "$(stat -c %a "$CARNET_DB")" = 600 ] || fail "the study not owner-only after the rewrite"

# an erasure after the code was in the trail names the chain's head before it, a hash over
# records that held the code: not kept by a --forget after it
cc participant add 19750101 --gender m --birth-year 1975 --care-start 2024-01-01 \
    --consent 2025-02-01 2>/dev/null || fail "a date of birth as a code"
cc participant set 19750101 --status withdrawn 2>/dev/null || fail "withdrawn"
cc participant erase 19750101 --reason "consent withdrawn" 2>/dev/null || fail "erased"
expect_ok "recode --forget after an erasure" \
    cc participant recode 19750101 E01 --forget --reason "a date of birth"
cc audit 2>/dev/null | grep '"action":"erase"' | tail -1 >erase.jsonl
expect_grep "the erasure's head before taken out" '"chain_head_before":"\[rewritten\]"' erase.jsonl
expect_ok "the chain verifies" cc audit --verify

# a study upgraded from schema 1: its baseline records fingerprint the rows at the
# migration, code included, and have no values to rewrite (trial 57 found the date of birth
# from one): their fingerprints are made again
mkdir v1 && cd v1 || fail "v1 folder"
sed 's/P02/19810412/g' "$CARNET_SOURCE/tests/fixtures/study-v1.sql" | sqlite3 v.db
chmod 600 v.db
cc --db v.db upgrade 2>/dev/null || fail "upgrade"
fp_of() { sqlite3 v.db "select hex(fp) from audit where tbl = 'participant' and action = 'baseline'
    and row_id = (select id from participant where code = '$1')"; }
before_fp=$(fp_of 19810412)
[ -n "$before_fp" ] || fail "the fixture: no baseline record"
for reason in "born 1981-04-12" "born 12/04/1981" "12.04.81"; do
    expect_exit 1 "--reason may hold the code 19810412" "digits written as a date: $reason" \
        cc --db v.db participant recode 19810412 P02 --forget --reason "$reason"
done
expect_ok "recode --forget" cc --db v.db participant recode 19810412 P02 --forget --reason "a date of birth"
after_fp=$(fp_of P02)
[ -n "$after_fp" ] && [ "$after_fp" != "$before_fp" ] || fail "the baseline's fingerprint kept"
expect_ok "the chain verifies" cc --db v.db audit --verify
grep -qa 19810412 v.db && fail "the code still in the file"
cd ..
finish

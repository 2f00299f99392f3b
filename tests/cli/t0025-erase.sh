#!/usr/bin/env bash
# participant erase: a withdrawn participant's diaries out of the study — entries, a pending
# double-entry copy, a draft, and their texts (and a correction's reason) out of the audit
# trail, whose chain is sealed again and still verifies, the erasure recorded; the file
# holds none of the texts afterwards. Refused for a participant not withdrawn, or without a
# reason, changing nothing. (A data-protection review found no way to honour an erasure.)
. "$(dirname "$0")/lib.sh"

new_demo_study || fail "demo study"
cc participant set P18 --status withdrawn 2>/dev/null || fail "P18 withdrawn"
echo "Une page ZQXTYPED tres personnelle." | cc entry add P18 2025-04-03 2>/dev/null ||
    fail "an entry typed"
id=$(cc entry list P18 | awk '$3 == "2025-04-03" { print $1 }')
echo "Une page ZQXEDITED corrigee." | cc entry edit "$id" 2>/dev/null || fail "an entry corrected"
cc entry redate "$id" 2025-04-04 --reason "ZQXREASON on the page" 2>/dev/null || fail "redated"
sqlite3 "$CARNET_DB" "INSERT INTO draft (participant_id, typist, date, text) SELECT id, '',
    '2025-05-01', 'Un brouillon ZQXDRAFT' FROM participant WHERE code = 'P18'" || fail "a draft"
sqlite3 "$CARNET_DB" "INSERT INTO dde (entry_id, first_typist, first) VALUES ($id, 'AB',
    'Copie ZQXCOPY')" || fail "a copy"
cc audit >before.jsonl 2>/dev/null
for word in ZQXTYPED ZQXEDITED ZQXREASON; do
    grep -q "$word" before.jsonl || fail "the fixture: $word not in the audit trail"
done
entries=$(cc entry list P18 | grep -c '^ ')
others=$(sqlite3 "$CARNET_DB" "select count(*) from entry e join participant p on
    p.id = e.participant_id where p.code != 'P18'")

# refused, changing nothing: not withdrawn, no reason, an unknown code
cp "$CARNET_DB" kept.db
expect_exit 1 "participant P01 is handed_back, not withdrawn" "an active participant" \
    cc participant erase P01 --reason "slip"
expect_exit 1 "--reason: required" "no reason" cc participant erase P18
expect_exit 1 "P99" "an unknown code" cc participant erase P99 --reason x
[ "$(sqlite3 "$CARNET_DB" .dump)" = "$(sqlite3 kept.db .dump)" ] || fail "a refusal changed the study"

expect_ok "erase P18" cc participant erase P18 --reason "consent withdrawn on 2025-06-01"
expect_grep "counts said" "^erased the diaries of P18: $entries entries, 1 double-entry copies, 1 drafts" \
    "$WORK/err"
expect_grep "copies made before named" "copies made before still hold the texts" "$WORK/err"
# said once committed, before the file's rewrite a stop may cut (trial 79), then its end
expect_eq "the order said" "erased the diaries of P18|the audit chain was sealed again|rewriting the study's file|the study's file is rewritten" \
    "$(grep -oE "^(erased the diaries of P18|the audit chain was sealed again|rewriting the study's file|the study's file is rewritten)" "$WORK/err" | paste -sd'|')"
expect_eq "no entry of P18" "0" "$(sqlite3 "$CARNET_DB" "select count(*) from entry e join
    participant p on p.id = e.participant_id where p.code = 'P18'")"
expect_eq "the others' entries kept" "$others" "$(sqlite3 "$CARNET_DB" "select count(*) from entry")"
expect_eq "the participant's row kept" "withdrawn" \
    "$(sqlite3 "$CARNET_DB" "select status from participant where code = 'P18'")"
for word in ZQXTYPED ZQXEDITED ZQXREASON ZQXDRAFT ZQXCOPY; do
    grep -qa "$word" "$CARNET_DB" && fail "$word still in the study's file"
done
expect_ok "the chain verifies" cc audit --verify
expect_grep "verified" "^audit holds" "$WORK/out"
cc audit >after.jsonl 2>/dev/null
grep -q ZQX after.jsonl && fail "a text of P18 in the audit trail"
expect_grep "the erasure recorded" '"action":"erase".*"reason":"consent withdrawn on 2025-06-01"' \
    after.jsonl
old_head=$(sqlite3 kept.db "select hex(hash) from audit order by id desc limit 1" | tr 'A-F' 'a-f')
expect_grep "the old head named" "\"chain_head_before\":\"$old_head\"" after.jsonl
cc export corpus -o corpus.txt 2>/dev/null || fail "export after the erasure"
grep -q 'part_p18' corpus.txt && fail "P18 in the corpus"
expect_ok "stats after the erasure" cc stats
expect_grep "the table counts it erased" "^erased \\(withdrawn, diaries erased\\) +0 +0 +1 +1 *$" \
    "$WORK/out"
# an erased diary is counted apart, never as a diary lost: a withdrawn participant without
# entries was counted lost, which a published table then said of an erasure
lost_of() { # DB: the overall row's lost and erased, as "lost erased"
    CARNET_DB=$1 cc stats --format json | python3 -c 'import json, sys
row = [r for r in json.load(sys.stdin) if r["cohort"] == "all"][0]
print(row["lost"], row.get("erased"))'
}
before=$(lost_of kept.db)
expect_eq "lost as before, one erased" "${before% *} 1" "$(lost_of "$CARNET_DB")"
expect_eq "csv has the column" "erased" \
    "$(cc stats --format csv | head -1 | tr , '\n' | grep -x erased)"
# a study moved through its exports keeps the erasure: the participants file says it, the
# import records it, and the table still counts P18 erased, not lost (trial 72)
for format in csv json; do
    cc export participants -o "moved.$format" 2>/dev/null || fail "export participants ($format)"
    cc export entries -o "moved-entries.$format" 2>/dev/null || fail "export entries ($format)"
    rm -f "moved-$format.db"
    CARNET_DB=moved-$format.db cc init --name moved 2>/dev/null || fail "init moved ($format)"
    CARNET_DB=moved-$format.db expect_ok "import the $format export" cc import "moved.$format"
    CARNET_DB=moved-$format.db expect_ok "import its entries" cc import "moved-entries.$format"
    expect_eq "moved ($format): lost and erased as in the study" "$(lost_of "$CARNET_DB")" \
        "$(lost_of "moved-$format.db")"
    CARNET_DB=moved-$format.db expect_ok "the moved chain verifies ($format)" cc audit --verify
done
expect_grep "the csv says it" "^P18,.*,withdrawn,.*,yes,$" moved.csv
expect_grep "the json says it" '"erased":[[:space:]]*"yes"' moved.json
# the erasure is recorded, not done, by an import: a study that has P18 not erased refuses
# the file; so is an erased row not withdrawn, or a value that is not yes, no or empty; an
# entry of a participant the file erases is refused
cp kept.db kept2.db
CARNET_DB=kept2.db expect_exit 1 "participant P18 is erased in this file, not in the study: erase their diaries there first" \
    "an erasure the study lacks" cc import moved.csv
sed -e 's/^P18,\(.*\),withdrawn,\(.*\),yes,$/P18,\1,handed_back,\2,yes,/' moved.csv >back.csv
CARNET_DB=moved-x.db cc init --name x 2>/dev/null || fail "init x"
CARNET_DB=moved-x.db expect_exit 1 "erased: participant P18 is handed_back, not withdrawn" \
    "an erased row not withdrawn" cc import back.csv
sed -e 's/,yes,$/,maybe,/' moved.csv >maybe.csv
CARNET_DB=moved-x.db expect_exit 1 "erased: 'maybe' is not yes, no or empty" "erased: maybe" \
    cc import maybe.csv
python3 - <<'PY' || fail "a json of both"
import json
d = json.load(open("moved.json"))
d["entries"] = [{"participant": "P18", "date": "2025-04-01", "text": "ZQXBACK"}]
json.dump(d, open("both.json", "w"))
PY
CARNET_DB=moved-x.db expect_exit 1 "P18: their diaries were erased" \
    "an entry of a participant erased by the same file" cc import both.json
expect_eq "nothing imported" "0" "$(sqlite3 moved-x.db 'select count(*) from participant')"
expect_ok "participant show P18" cc participant show P18
expect_grep "show says it" "^status: +withdrawn \\(diaries erased\\)$" "$WORK/out"
# run again (as the message says to after a failed VACUUM, or a stop during it): nothing
# more to take out, no second erase record, the chain's head as it was (trial 81)
records=$(sqlite3 "$CARNET_DB" "select count(*) from audit")
expect_ok "erase P18 again" cc participant erase P18 --reason "again"
expect_grep "nothing more erased" "^the diaries of P18 were erased already, and nothing of theirs was added since: no record added" \
    "$WORK/err"
expect_eq "no record added" "$records" "$(sqlite3 "$CARNET_DB" "select count(*) from audit")"
expect_ok "the chain verifies after it" cc audit --verify
# erased diaries do not come back: a routine re-import of the batch file, an entry typed
# (trial 53: the re-import added P18's 13 entries again, without a word)
count=$(sqlite3 "$CARNET_DB" "select count(*) from entry")
expect_exit 1 "participant P18: their diaries were erased" "the batch file imported again" \
    cc import "$DEMO/entries.csv"
expect_eq "nothing imported" "$count" "$(sqlite3 "$CARNET_DB" "select count(*) from entry")"
echo "Une autre page." | expect_exit 1 "their diaries were erased" "an entry typed for P18" \
    cc entry add P18 2025-05-02
# the status that made the erasure stays (trial 54 set it active again)
expect_exit 1 "the status stays withdrawn" "P18 made lost" \
    cc participant set P18 --status lost
expect_eq "still withdrawn" "withdrawn" \
    "$(sqlite3 "$CARNET_DB" "select status from participant where code = 'P18'")"

# an erased entry's id is not given again (schema 8: SQLite gave a deleted last id to the
# next entry, trial 61); a reason given for the next entry, erased in turn, leaves no trace
# (trial 53)
mkdir reuse && cd reuse || fail "reuse folder"
export CARNET_DB=$PWD/s.db
cc init --name S 2>/dev/null || fail "init"
for c in W1 Z1; do
    cc participant add $c --gender f --birth-year 1980 --care-start 2020-01-01 \
        --consent 2025-01-10 2>/dev/null || fail "add $c"
done
echo "texte Z1" | cc entry add Z1 2025-01-20 2>/dev/null || fail "Z1's entry"
cc participant set Z1 --status withdrawn 2>/dev/null
expect_ok "erase Z1" cc participant erase Z1 --reason x
echo "texte W1" | cc entry add W1 2025-04-01 2>/dev/null || fail "W1's entry"
expect_eq "the erased entry's id not given again" "2" "$(sqlite3 s.db "select id from entry")"
cc entry redate 2 2025-04-02 --reason "ZQXREUSED la page dit 2" 2>/dev/null || fail "redate"
cc participant set W1 --status withdrawn 2>/dev/null
expect_ok "erase W1" cc participant erase W1 --reason y
grep -qa ZQXREUSED s.db && fail "the reason of a reused id stayed in the file"
expect_ok "the chain verifies" cc audit --verify
finish

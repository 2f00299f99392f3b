#!/usr/bin/env bash
# The tamper-evident audit: audit --verify and check on an honest history, then on copies of
# it changed behind the tool's back with the sqlite3 shell; backup's chain head; the
# migration of a study written before the chain.
. "$(dirname "$0")/lib.sh"

# An honest history: add, set, import, entry add and edit.
cc init --name chain 2>/dev/null || fail "init"
expect_ok "participant add" cc participant add P90 --gender f --birth-year 1980 \
    --care-start 2024-09-01 --consent 2025-02-03
expect_ok "participant set" cc participant set P90 --site Lyon
expect_ok "import participants" cc import "$DEMO/participants.csv"
expect_ok "import entries" cc import "$DEMO/entries.csv"
echo "Written by hand" >typed.txt
echo "Written by hand, then corrected" >edited.txt
expect_ok "entry add" cc entry add P90 2025-03-01 <typed.txt
typed=$(sqlite3 "$CARNET_DB" "select max(id) from entry")
expect_ok "entry edit" cc entry edit "$typed" <edited.txt
expect_ok "imported entry edited" cc entry edit 2 <edited.txt
records=$(sqlite3 "$CARNET_DB" "select count(*) from audit")

expect_ok "verify honest" cc audit --verify
expect_grep "summary" "^audit holds: $records records checked, [0-9]+ rows match their last record; chain head [0-9a-f]{64}$" "$WORK/out"
head=$(sed 's/.*chain head //' "$WORK/out")
CARNET_TODAY=2025-10-15 expect_ok "check honest" cc check
grep -q "^audit " "$WORK/out" && fail "check honest: audit alert on an honest history"
expect_ok "records carry hashes" cc audit
n=$(wc -l <"$DEMO/entries.csv")
expect_grep "an import's fingerprints in one record" "\"action\":\"fingerprints\",\"before\":null,\"after\":\\{\"first_id\":1,\"last_id\":$((n - 1)),\"entries\":$((n - 1))\\},\"hash\":\"[0-9a-f]{64}\"" "$WORK/out"
pack=$(sqlite3 "$CARNET_DB" "select id from audit where action = 'fingerprints'")

# backup's log line pins the chain head.
expect_ok "backup" cc backup pinned.db
expect_grep "backup prints the head" "audit chain head $head, $records records\)$" "$WORK/err"

cp "$CARNET_DB" honest.db
# tamper DESCRIPTION SQL...: a fresh copy of the honest study, changed with the sqlite3 shell.
tamper() {
    cp honest.db "$CARNET_DB"
    sqlite3 "$CARNET_DB" "$@" >/dev/null 2>"$WORK/shell" || fail "shell refused: $(cat "$WORK/shell")"
}
off=".dbconfig enable_trigger off"

# The shell alone cannot change a chained table nor the trail: refused, nothing changed.
cp honest.db "$CARNET_DB"
sqlite3 "$CARNET_DB" "update entry set text = 'x' where id = 3" 2>"$WORK/shell" &&
    fail "a plain shell UPDATE went through"
expect_grep "shell lacks the function" "no such function: cn_sha256" "$WORK/shell"
sqlite3 "$CARNET_DB" "delete from audit where id = 5" 2>"$WORK/shell" &&
    fail "a plain shell DELETE on the audit went through"
expect_grep "append-only" "append-only" "$WORK/shell"
expect_ok "refused changes leave it holding" cc audit --verify

# A deleted audit record: the next one no longer follows.
k=$(sqlite3 honest.db "select id from audit where tbl = 'participant' and action = 'update'")
tamper "$off" "delete from audit where id = $k"
expect_exit 1 "audit record $((k + 1)): does not follow record $((k - 1)) (record $k is missing" \
    "deleted record" cc audit --verify

# A rewritten record: its after text no longer matches its hash.
tamper "$off" "update audit set after = json_set(after, '$.site', 'Nantes') where id = $k"
expect_exit 1 "audit record $k: its content does not match its hash" "rewritten record" \
    cc audit --verify

# An entry edited with the shell, triggers switched off.
tamper "$off" "update entry set text = 'Rewritten' where id = 3"
expect_exit 1 "entry 3: differs from its last audit record ($pack)" "entry edited" \
    cc audit --verify
CARNET_TODAY=2025-10-15 expect_exit 1 "alerts as of" "check catches it" cc check
expect_grep "check's alert line" "^audit +the audit does not hold: entry 3: differs" "$WORK/out"
expect_grep "other alerts still printed" "^overdue " "$WORK/out"

# Triggers dropped, then an edit, an insert and a delete: each caught.
tamper "drop trigger entry_au" "update entry set text = 'Rewritten' where id = 5"
expect_exit 1 "entry 5: differs from its last audit record" "dropped trigger, edit" \
    cc audit --verify
# (no trigger records an insert: the entry writer does, so the shell's insert goes through)
tamper "insert into entry (participant_id, date, text, source) values (1, '2025-03-02', 'x', 'cli')"
expect_exit 1 "entry $((typed + 1)): has no audit record" "entry inserted with the shell" \
    cc audit --verify
tamper "drop trigger entry_ad" "delete from entry where id = 7"
expect_exit 1 "entry 7: deleted without an audit record (its last record is $pack)" \
    "dropped trigger, delete" cc audit --verify
tamper "$off" "update participant set birth_year = 1950 where code = 'P90'"
expect_exit 1 "participant 1: differs from its last audit record" "participant edited" \
    cc audit --verify

# A study written before the chain: the migration seals its records and fingerprints its rows.
rm -f "$CARNET_DB"
sqlite3 "$CARNET_DB" <"$CARNET_SOURCE/tests/fixtures/study-v1.sql" || fail "load the v1 study"
old=$(sqlite3 "$CARNET_DB" "select count(*) from audit")
expect_ok "upgrade" cc upgrade
expect_ok "verify after migration" cc audit --verify
expect_eq "schema version" "8" "$(sqlite3 "$CARNET_DB" "pragma user_version")"
# Version 3 (the desk): every entry starts at version 1, and the drafts' table is there.
expect_eq "entries at version 1" "$(sqlite3 "$CARNET_DB" "select count(*) from entry")" \
    "$(sqlite3 "$CARNET_DB" "select count(*) from entry where version = 1")"
expect_eq "drafts table" "0" "$(sqlite3 "$CARNET_DB" "select count(*) from draft")"
expect_eq "one baseline per row" "7" \
    "$(sqlite3 "$CARNET_DB" "select count(*) from audit where action = 'baseline'")"
expect_eq "old records sealed" "0" \
    "$(sqlite3 "$CARNET_DB" "select count(*) from audit where hash is null")"
# the old records, a baseline per row, and the upgrade's own record
expect_grep "summary after migration" "^audit holds: $((old + 8)) records checked, 7 rows" \
    "$WORK/out"
expect_ok "entry add after migration" cc entry add P01 2025-03-05 <typed.txt
expect_ok "verify after a change" cc audit --verify
cp "$CARNET_DB" honest.db
tamper "$off" "update audit set after = json_set(after, '$.site', 'Paris') where id = 2"
expect_exit 1 "audit record 2: its content does not match its hash" "old record rewritten" \
    cc audit --verify
finish

#!/usr/bin/env bash
# A study written by an older carnet-collect (trial 47): a command that only reads refuses
# it and leaves its bytes alone (a backup or a reviewer's copy is evidence); `upgrade`, or
# any command that writes, upgrades it in one transaction, keeping a copy of the old file
# and recording the upgrade in the audit trail; the languages old versions stored as typed
# become the codes the corpus export already wrote; two commands upgrading at once both
# succeed, one upgrade and one copy between them.
. "$(dirname "$0")/lib.sh"

old_study() { # old_study PATH: the schema-1 fixture, with languages stored as typed
    rm -f "$1" "$1".schema*
    sqlite3 "$1" <"$CARNET_SOURCE/tests/fixtures/study-v1.sql" &&
        sqlite3 "$1" "update study set lang = 'fra'; update participant set language = 'ita' where code = 'P02'"
}
old_study "$CARNET_DB" || fail "load the v1 study"
sum=$(md5sum <"$CARNET_DB")

for c in "participant list" "entry list" check stats "audit --verify" "export corpus"; do
    # shellcheck disable=SC2086 # the command's words
    expect_exit 1 "not upgraded: this command only reads it" "$c refuses an old study" cc $c
    expect_grep "$c: says how to upgrade" "carnet-collect --db .*study.db upgrade" "$WORK/err"
done
# a backup copies the study as the older program wrote it (trial 49: it upgraded it first)
expect_ok "backup of an old study" cc backup old-backup.db
expect_grep "backup: said" "schema version 1, not upgraded" "$WORK/err"
expect_eq "the backup is the old study" "1" "$(sqlite3 old-backup.db "pragma user_version")"
rm -f old-backup.db
expect_eq "the refused study is untouched" "$sum" "$(md5sum <"$CARNET_DB")"
expect_eq "and not copied" "" "$(ls "$WORK" | grep schema)"

if [ "$(id -u)" != 0 ]; then # root writes anywhere: the check is for people
    chmod a-w "$WORK"
    expect_exit 1 "its folder is read-only here (SQLite writes its journal beside the file). Copy it" \
        "an upgrade in a read-only folder" cc config
    chmod u+w "$WORK"
    expect_eq "the read-only study is untouched" "$sum" "$(md5sum <"$CARNET_DB")"
    # a study, upgraded, in a read-only folder: a write says the folder, not a good row
    cp "$CARNET_DB" ro-old.db && mkdir ro && "$CARNET_COLLECT" --db ro/s.db init --name r >/dev/null 2>&1
    printf 'code,gender,birth_year,care_start,consent_date\nP10,f,1980,2024-01-01,2025-01-10\n' >imp.csv
    chmod a-w ro
    expect_exit 1 "cannot write the study: the file or its folder is read-only here" \
        "an import into a read-only folder" cc --db ro/s.db import imp.csv
    grep -q "imp.csv:2" "$WORK/err" && fail "a read-only study blamed on a good row: $(cat "$WORK/err")"
    chmod u+w ro
fi

expect_ok "upgrade" cc upgrade
expect_grep "upgrade: said" "study.db: upgraded from schema version 1 to 8 .*kept as .*study.db.schema1.bak$" "$WORK/err"
expect_eq "schema version" "8" "$(sqlite3 "$CARNET_DB" "pragma user_version")"
expect_eq "the copy is the old study" "1 4" \
    "$(sqlite3 study.db.schema1.bak "pragma user_version" "select count(*) from entry" | tr '\n' ' ' | sed 's/ $//')"
expect_eq "the copy is the owner's only" "600" "$(stat -c %a study.db.schema1.bak)"
expect_eq "the upgrade recorded" '{"schema":1}|{"schema":8,"by":"carnet-collect' \
    "$(sqlite3 "$CARNET_DB" "select before || '|' || substr(after, 1, 32) from audit where action = 'upgrade'")"
expect_eq "a participant's language as its code" "it" \
    "$(sqlite3 "$CARNET_DB" "select language from participant where code = 'P02'")"
expect_eq "the study's language as its code" "fr" "$(sqlite3 "$CARNET_DB" "select lang from study")"
expect_eq "the language change audited" "ita it" \
    "$(sqlite3 "$CARNET_DB" "select json_extract(before, '$.language'), json_extract(after, '$.language') from audit where tbl = 'participant' and action = 'update' order by id desc limit 1" | tr '|' ' ')"
expect_ok "verify after the upgrade" cc audit --verify
expect_grep "the chain holds" "^audit holds" "$WORK/out"
expect_ok "a listing after the upgrade" cc participant list
expect_grep "the listing says the code" "^P02 .* it +active" "$WORK/out"
expect_ok "upgrade again" cc upgrade
expect_grep "upgrade again: nothing to do" "already at schema version 8: nothing to upgrade" "$WORK/err"

# Two commands that write, opening the same old study at once: both work, one upgrade.
for round in 1 2 3 4 5; do
    old_study "$CARNET_DB"
    "$CARNET_COLLECT" config >/dev/null 2>"$WORK/err1" &
    "$CARNET_COLLECT" config >/dev/null 2>"$WORK/err2"
    second=$?
    wait $!
    first=$?
    [ "$first" = 0 ] && [ "$second" = 0 ] ||
        fail "round $round: two upgrades at once: $first $second — $(cat "$WORK/err1" "$WORK/err2")"
    expect_eq "round $round: one upgrade record" "1" \
        "$(sqlite3 "$CARNET_DB" "select count(*) from audit where action = 'upgrade'")"
    expect_eq "round $round: one copy" "study.db.schema1.bak" "$(ls "$WORK" | grep schema)"
done
finish

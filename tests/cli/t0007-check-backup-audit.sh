#!/usr/bin/env bash
# check (alerts as of a pinned date), backup (private, checked copy), audit (--since).
. "$(dirname "$0")/lib.sh"

new_demo_study || fail "demo study"
CARNET_TODAY=2025-10-15 expect_ok "check" cc check
expect_grep "overdue alert" "^overdue +P[0-9]+ +diary period ended" "$WORK/out"
expect_grep "outside alert" "^outside +P[0-9]+ +entry [0-9]+ on 2025-" "$WORK/out"
expect_grep "count on stderr" "alerts? as of 2025-10-15" "$WORK/err"
# the demo's lost participants are not flagged again; active ones silent for long are
CARNET_TODAY=2026-06-01 expect_ok "check later" cc check
expect_grep "silent alert" "^silent +P[0-9]+ +no entry for [0-9]+ days" "$WORK/out"
lost=$(sqlite3 "$CARNET_DB" "select code from participant where status = 'lost'" | head -1)
grep -q "^silent +$lost " "$WORK/out" && fail "lost participant $lost flagged as silent"

expect_ok "backup" cc backup copy.db
expect_eq "backup mode" "600" "$(stat -c %a copy.db)"
expect_eq "backup content" "$(dump)" "$(sqlite3 copy.db .dump)"
expect_exit 1 "already exists" "backup never overwrites" cc backup copy.db
ln -s nowhere.db link.db
expect_exit 1 "link.db: cannot create the backup: it is a symbolic link" \
    "backup never writes through a link" cc backup link.db
[ -e nowhere.db ] && fail "a backup was written through a link"
mkdir backups
expect_exit 1 "backups/: cannot create the backup: it is a folder" "backup into a folder" \
    cc backup backups/
expect_ok "backup opens as a study" env CARNET_DB=copy.db "$CARNET_COLLECT" stats

expect_ok "audit" cc audit
expect_grep "study insert" '"table":"study","row":1,"action":"insert"' "$WORK/out"
expect_grep "import summary" '"action":"import".*"entries_added":[0-9]+' "$WORK/out"
expect_grep "participants' import summary" '"table":"participant","row":[0-9]+,"action":"import","before":null,"after":\{"file":"[^"]*participants.csv","source":"import:participants.csv","participants_added":[0-9]+' "$WORK/out"
expect_ok "audit since tomorrow" cc audit --since 2199-01-01
expect_eq "nothing since" "" "$(cat "$WORK/out")"
expect_exit 2 "--since" "bad since" cc audit --since yesterday
finish

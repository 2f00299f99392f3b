#!/usr/bin/env bash
# Issue 8, defect 6: two people at once. While another process holds the database's lock
# for 2 s, entry add and stats wait and succeed (they failed at once with "database is
# locked"); when the lock outlasts the wait, a text typed in $EDITOR is kept in a file
# beside the database, whose path is printed, instead of being discarded.
. "$(dirname "$0")/lib.sh"

new_demo_study || fail "demo study"
before=$(sqlite3 "$CARNET_DB" 'select count(*) from entry')

# hold_lock SECONDS: an exclusive transaction in the sqlite3 shell, in the background.
hold_lock() {
    (
        echo "BEGIN EXCLUSIVE;"
        sleep "$1"
        echo "COMMIT;"
    ) | sqlite3 "$CARNET_DB" &
    sleep 0.3 # let it take the lock
}

hold_lock 2
expect_ok "entry add waits for the lock" sh -c 'echo "Pendant une autre saisie." | "$CARNET_COLLECT" entry add P01 2025-03-27'
wait
expect_eq "the entry is stored" "$((before + 1))" "$(sqlite3 "$CARNET_DB" 'select count(*) from entry')"
hold_lock 2
expect_ok "stats waits for the lock" cc stats
expect_grep "stats printed its table" "^Protocol statistics" "$WORK/out"
wait

# A listing read late does not shut the writers out (trial 44: `entry list | less` left
# open made every save of the study, the desk's too, wait 5 s and fail): what a reading
# command prints into a pipe is held while it reads the study, so that its read has ended
# when it waits for its reader. Both outputs are larger than a pipe holds.
cc export corpus >corpus.ref
cc audit >audit.ref
cc export corpus | { sleep 7; cat >corpus.late; } &
cc audit | { sleep 7; cat >audit.late; } &
sleep 1.5
t0=$(date +%s%N)
expect_ok "entry add while two listings wait for their readers" \
    sh -c 'echo "Pendant une lecture." | "$CARNET_COLLECT" entry add P01 2025-03-26'
[ $(($(date +%s%N) - t0)) -lt 3000000000 ] || fail "entry add waited for the listings' readers"
wait
expect_eq "the corpus read late is whole" "$(sha256sum <corpus.ref)" "$(sha256sum <corpus.late)"
expect_eq "the audit read late is whole" "$(sha256sum <audit.ref)" "$(sha256sum <audit.late)"
[ "$(stat -c %s corpus.ref)" -gt 65536 ] || fail "the corpus fits a pipe: the case is not tried"
before=$((before + 1))

# Typed in the editor, and meanwhile a colleague's long import takes the lock (the editor
# script starts it): the lock outlasts the 5 s wait, and the text is kept.
cat >"$WORK/editor.sh" <<ED
#!/bin/sh
printf 'Une heure de saisie.\n' > "\$1"
( echo "BEGIN EXCLUSIVE;"; sleep 7; echo "COMMIT;" ) | sqlite3 "$CARNET_DB" >/dev/null 2>&1 &
sleep 0.3
ED
chmod +x "$WORK/editor.sh"
EDITOR="$WORK/editor.sh" script -qec "$CARNET_COLLECT entry add P01 2025-03-28" /dev/null \
    >"$WORK/out" 2>&1 && fail "entry add succeeded although the lock was held"
sleep 2 # the editor's lock holder ends
expect_grep "busy message" "in use by another process \(waited 5 s\)" "$WORK/out"
expect_grep "recovery path printed" "the text you typed is saved in $WORK/carnet-unsaved-P01-2025-03-28-" "$WORK/out"
saved=$(ls "$WORK"/carnet-unsaved-P01-2025-03-28-* 2>/dev/null | head -1)
[ -n "$saved" ] || fail "no recovery file"
expect_eq "recovery file holds the text" "Une heure de saisie." "$(cat "$saved")"
expect_grep "says how to store it" "entry add P01 2025-03-28 < $saved" "$WORK/out"
expect_eq "recovery file is owner-only" "600" "$(stat -c %a "$saved")"
expect_eq "nothing half-stored" "$((before + 1))" "$(sqlite3 "$CARNET_DB" 'select count(*) from entry')"

# A colleague's long import does not shut the others out until it ends (trial 31: a backup
# during a 30,000-row import waited 5 s and failed). The import reads a pipe: 20,000 rows
# (some 3 MB of pages, more than SQLite's default cache) are in, and it waits for the rest
# while a backup and stats run; they see the study as it was before the import.
seq 1 100 | awk 'BEGIN { print "code,gender,birth_year,care_start,consent_date" }
    { printf "Q%03d,f,1980,2020-01-01,2025-01-01\n", $1 }' >q.csv
expect_ok "the import's participants" cc import q.csv
mkfifo long.csv
(
    python3 -c '
import datetime
print("participant,date,text")
for i in range(20000):
    day = datetime.date(2025, 1, 1) + datetime.timedelta(days=i // 100)
    print(f"Q{i % 100 + 1:03d},{day},texte {i} de la journée avec quelques mots de plus")'
    sleep 6
) >long.csv &
cc import long.csv >"$WORK/import.out" 2>&1 &
importer=$!
sleep 2
expect_ok "backup during the import" cc backup during.db
expect_eq "the backup holds the study before it" "$((before + 1))" \
    "$(sqlite3 during.db 'select count(*) from entry')"
expect_ok "stats during the import" cc stats
wait "$importer" || fail "the long import: $(cat "$WORK/import.out")"
expect_eq "the import stored every row" "$((before + 20001))" \
    "$(sqlite3 "$CARNET_DB" 'select count(*) from entry')"
finish

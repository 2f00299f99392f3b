#!/usr/bin/env bash
# An export or a backup stopped by the user (Ctrl+C, kill, a terminal closed) left its
# temporary file beside the target, holding the study's text, and a stopped or failed
# backup left a file under the backup's own name that was no backup. Each now removes what
# it was writing, leaves an earlier export as it was, and the signal still ends it as
# before (128 + the signal's number for a shell).
. "$(dirname "$0")/lib.sh"

# 33,000 entries, 11 MB of text: an export of a few tenths of a second, whose temporary
# file shows in its first milliseconds
"$CARNET_GEN" --out gen --participants 300 --entries-per-month 30 --seed 5 >/dev/null ||
    fail "generator"
cc init --name "Large" >/dev/null 2>&1 && cc import gen/participants.csv >/dev/null 2>&1 &&
    cc import gen/entries.csv >/dev/null 2>&1 || fail "a large study"

# stop_at SIGNAL EXPECTED_EXIT PATTERN COMMAND...: stops COMMAND once a file matching
# PATTERN (its temporary file) shows, and checks that none is left
stop_at() {
    local sig=$1 want=$2 pattern=$3
    shift 3
    stop_when_shown "$sig" "$pattern" "$@"
    expect_eq "SIG$sig ends '${*:2}' as it would have" "$want" "$STOPPED_STATUS"
    compgen -G "$pattern" >/dev/null && fail "SIG$sig, ${*:2}: left $(ls -d $pattern)"
}

expect_ok "an earlier export" cc export corpus -o corpus.txt
before=$(sha256sum <corpus.txt)
stop_at INT 130 "corpus.txt.tmp-*" "$CARNET_COLLECT" export corpus -o corpus.txt
expect_eq "the earlier export is as it was" "$before" "$(sha256sum <corpus.txt)"
stop_at TERM 143 "new.txt.tmp-*" "$CARNET_COLLECT" export corpus -o new.txt
[ -e new.txt ] && fail "a stopped export wrote new.txt"
stop_at HUP 129 "entries.csv.tmp-*" "$CARNET_COLLECT" export entries -o entries.csv
[ -e entries.csv ] && fail "a stopped export wrote entries.csv"

stop_at INT 130 "copy.db*" "$CARNET_COLLECT" backup copy.db
expect_ok "a backup after the stopped one" cc backup copy.db
expect_eq "the backup is the study" "$(dump)" "$(sqlite3 copy.db .dump)"
expect_eq "nothing beside the backup" "copy.db" "$(ls -d copy.db*)"

# started ignoring SIGHUP (nohup), a backup goes on to its end when the terminal closes
rm -f copy.db
stop_when_shown HUP "copy.db.tmp-*" bash -c 'trap "" HUP; exec "$0" backup copy.db' "$CARNET_COLLECT"
expect_eq "a backup under nohup ignores SIGHUP" 0 "$STOPPED_STATUS"
expect_eq "the backup under nohup is the study" "$(dump)" "$(sqlite3 copy.db .dump)"

# what ends is not caught: a finished export leaves no temporary file either
expect_ok "an export to the end" cc export corpus -o corpus.txt
expect_eq "the export's files" "corpus.txt" "$(ls -d corpus.txt*)"
finish

#!/usr/bin/env bash
# A study that others could read (0644: made by an older version, or copied over the study
# from a backup under umask 022) stayed so after an upgrade and every write, its journal
# with it. A command that writes to a study of its user's now makes it owner-only before
# SQLite writes anything, and says so once; one that only reads, or a study of another
# user's, leaves the file as it is and warns.
. "$(dirname "$0")/lib.sh"

cc init --name t 2>/dev/null || fail "init"
expect_eq "a new study is owner-only" 600 "$(stat -c %a study.db)"
expect_ok "owner-only: a write says nothing of it" cc participant add P01 --gender f \
    --birth-year 1988 --care-start 2024-09-01 --consent 2025-02-03
grep -q 'by others' "$WORK/err" && fail "an owner-only study warned: $(cat "$WORK/err")"
echo "Premier texte." | cc entry add P01 2025-02-04 >/dev/null 2>&1 || fail "an entry"

chmod 644 study.db
for read in "participant list" "entry list" "check" "stats" "export corpus" "audit"; do
    # shellcheck disable=SC2086
    expect_ok "$read of a 0644 study" cc $read
    expect_grep "$read warns" "warning: $WORK/study.db is readable by others \(mode 0644\)" \
        "$WORK/err"
    expect_eq "$read leaves the mode as it is" 644 "$(stat -c %a study.db)"
done
expect_ok "backup of a 0644 study" cc backup copy.db
expect_grep "backup warns" "is readable by others \(mode 0644\)" "$WORK/err"
expect_eq "the backup is owner-only" 600 "$(stat -c %a copy.db)"
expect_eq "backup leaves the study's mode" 644 "$(stat -c %a study.db)"

expect_ok "upgrade of a 0644 study" cc upgrade
expect_grep "upgrade says it" "$WORK/study.db was readable by others \(mode 0644\): made owner-only" \
    "$WORK/err"
expect_eq "upgrade makes it owner-only" 600 "$(stat -c %a study.db)"
expect_ok "the next command" cc participant list
grep -q 'by others' "$WORK/err" && fail "said twice: $(cat "$WORK/err")"

# a backup copied over the study (cp keeps the study's 0640), then a write of an entry
cp copy.db study.db
chmod 640 study.db
expect_ok "entry add to a 0640 study" sh -c 'echo "Texte." | "$CARNET_COLLECT" entry add P01 2025-03-01'
expect_grep "entry add says it" "was readable by others \(mode 0640\): made owner-only" "$WORK/err"
expect_eq "entry add makes it owner-only" 600 "$(stat -c %a study.db)"

# a hot journal left by a killed writer (here a stale one, made 0644): its pages are the
# study's, and it goes owner-only with the study
printf '' >study.db-journal
chmod 644 study.db study.db-journal
expect_ok "a write beside a stale journal" cc participant set P01 --site Lyon
expect_eq "the study is owner-only" 600 "$(stat -c %a study.db)"
if [ -e study.db-journal ]; then
    expect_eq "the journal is owner-only" 600 "$(stat -c %a study.db-journal)"
fi

# another user's study is not written, even by one who may (tests run as root here: root
# may write it, and the owner is another user): the owner reads what goes into it (trial 64)
if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
    chown nobody study.db
    chmod 644 study.db
    expect_exit 1 "study.db: refusing to write the study: it belongs to nobody (mode 0644)" \
        "a write to another user's 0644 study" cc participant set P01 --site Paris
    expect_ok "another user's 0644 study read" cc participant list
    expect_grep "warns of another user's study" \
        "is readable by others \(mode 0644\) and belongs to another user" "$WORK/err"
    expect_eq "another user's study is left as it is" 644 "$(stat -c %a study.db)"
    chown "$(id -u)" study.db
fi

# a file that is no study is never touched
sqlite3 other.db 'create table t(x)'
chmod 644 other.db
expect_exit 1 "not a Carnet study database" "another SQLite file" cc --db other.db upgrade
expect_eq "another SQLite file keeps its mode" 644 "$(stat -c %a other.db)"
finish

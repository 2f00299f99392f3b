#!/usr/bin/env bash
# Trial 64: SQLite writes the old version of every page a transaction changes into the file
# at STUDY-journal, whatever it is. Another user who could write the study's folder (a
# team's 2770 folder) planted a hard link to a file of his there and read the diaries from
# it. A command that writes is now refused in such a folder, beside another user's journal
# or one with a second name, and on another user's study, before anything is written; one
# that only reads warns. The attacker is nobody (setpriv) when the test runs as root; the
# parts that need him are skipped otherwise.
. "$(dirname "$0")/lib.sh"

mkdir -m 700 own && CARNET_DB="$WORK/own/study.db" new_demo_study || fail "demo study"
count() { sqlite3 "$1" "SELECT count(*) FROM entry"; }
before=$(count own/study.db)

# a team folder: writable by its group
mkdir team && chmod 2770 team
expect_exit 1 "team/new.db: refusing to write the study: its folder team is writable by its group (mode 2770): another user could read the study through its journal; make it yours alone with 'chmod go-w team', or move the study to a folder only you can write" \
    "init in a team folder" cc --db team/new.db init --name T
[ -e team/new.db ] && fail "init wrote in the team folder"
cp own/study.db team/ && chmod 600 team/study.db
expect_exit 1 "refusing to write the study: its folder team is writable by its group (mode 2770)" \
    "entry add in a team folder" sh -c 'echo secret | "$CARNET_COLLECT" --db team/study.db entry add P01 2025-02-05'
expect_eq "nothing written" "$before" "$(count team/study.db)"
expect_ok "a read in a team folder" cc --db team/study.db participant list
expect_grep "the read warned" "warning: team/study.db: its folder team is writable by its group \(mode 2770\).*chmod go-w team" "$WORK/err"
# sticky and open to all, as /tmp
chmod g-s team && chmod 1777 team
expect_exit 1 "its folder team is writable by others (mode 1777)" "a sticky folder" \
    cc --db team/study.db participant set P01 --site Lyon
chmod 700 team
expect_ok "the folder made private: written" cc --db team/study.db participant set P01 --site Lyon

# a journal of one's own with a second name
: >team/mine && ln team/mine team/study.db-journal
expect_exit 1 "team/study.db-journal belongs to $(id -un) and has 2 name(s): SQLite would write pages of the study into it" \
    "a journal with two names" cc --db team/study.db participant set P01 --site Nice
rm team/mine team/study.db-journal

if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
    bob() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
    # the attack as it was done: a team folder, bob in its group, his link at the journal
    chmod 711 "$WORK" && chgrp 65534 team && chmod 2770 team
    mkdir -m 777 bob && bob sh -c ": >bob/j && ln bob/j team/study.db-journal" ||
        fail "bob could not plant his link"
    expect_exit 1 "its folder team is writable by its group (mode 2770)" "entry add beside bob's link" \
        sh -c 'echo "P01 a rechuté" | "$CARNET_COLLECT" --db team/study.db entry add P01 2025-02-05'
    [ -s bob/j ] && fail "pages written into bob's file"
    # the folder closed, his link still there
    chmod 2750 team
    expect_exit 1 "team/study.db-journal belongs to nobody and has 2 name(s)" \
        "a write beside another user's journal" cc --db team/study.db participant set P01 --site Nice
    [ -s bob/j ] && fail "pages written into bob's file"
    rm team/study.db-journal
    # a study of another user's that this one may write (his 0666 put in place of one's own)
    chown 65534 team/study.db && chmod 666 team/study.db
    expect_exit 1 "team/study.db: refusing to write the study: it belongs to nobody (mode 0666)" \
        "another user's study" cc --db team/study.db participant set P01 --site Nice
    expect_ok "another user's study read" cc --db team/study.db participant list
else
    echo "skipped: the other user's part (needs root and setpriv)"
fi
finish

#!/usr/bin/env bash
# Trial 62: a study that cannot be opened said only SQLite's words. Another user's study
# (a hand-over copied without a chown) gave "unable to open database file": it now says
# permission denied, whose it is and what to do. A journal an interrupted write left, in a
# folder that is read-only here, gave "disk I/O error" to every command: it now names the
# journal and says to copy both files to a writable folder. Modes stop no root: as root the
# program runs as nobody (setpriv); the test is skipped (77) when it cannot.
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" -eq 0 ] || { echo "skipped: needs root to give a study to another user"; exit 77; }
command -v setpriv >/dev/null || { echo "skipped: no setpriv"; exit 77; }
nob() { setpriv --reuid=65534 --regid=65534 --clear-groups "$CARNET_COLLECT" "$@"; }
chmod 711 "$WORK"
nob test -x "$CARNET_COLLECT" 2>/dev/null || nob --version >/dev/null 2>&1 ||
    { echo "skipped: nobody cannot run the program"; exit 77; }
new_demo_study || fail "demo study"

# root's study, owner-only, in a folder anyone may enter
mkdir -m 755 given && cp "$CARNET_DB" given/study.db && chmod 600 given/study.db
expect_exit 1 "given/study.db: permission denied: it belongs to root and is readable by its owner only (mode 0600): its owner must hand it over to you (chown) or copy it for you" \
    "another user's study" nob --db given/study.db participant list
grep -q "unable to open" "$WORK/err" && fail "SQLite's words still said"
expect_exit 1 "permission denied: it belongs to root" "another user's study, to write" \
    nob --db given/study.db participant set P01 --site Lyon
# root's study open to others, read by nobody: the advice is its owner's to follow
chmod 644 given/study.db
expect_ok "another user's 0644 study read" nob --db given/study.db participant list
expect_grep "its owner named" "given/study.db is readable by others \(mode 0644\) and belongs to another user: left so; its owner should make it owner-only" "$WORK/err"
grep -q "make it owner-only with 'chmod 600" "$WORK/err" && fail "advice nobody can follow: $(cat "$WORK/err")"
chmod 600 given/study.db
# a folder closed to nobody
mkdir -m 700 closed && cp "$CARNET_DB" closed/study.db
expect_exit 1 "closed/study.db: permission denied: a folder on its path is closed to you" \
    "a closed folder" nob --db closed/study.db participant list

# a hot journal: the study and its journal copied while a write was under way
hot_journal hot || fail "the fixture: no journal copied"
chown -R 65534:65534 hot && chmod 555 hot
for c in "participant list" stats; do
    # shellcheck disable=SC2086 # the command's words
    expect_exit 1 "hot/study.db: an interrupted write left hot/study.db-journal, which must be rolled back, and this folder is read-only here: copy hot/study.db and hot/study.db-journal together to a folder you can write, and open the copy" \
        "$c beside a hot journal in a read-only folder" nob --db hot/study.db $c
done
# as said: both copied to a folder nobody can write, the copy opens, rolled back
mkdir -m 777 copy && cp hot/study.db hot/study.db-journal copy/ && chown -R 65534:65534 copy
expect_ok "the copy opens" nob --db copy/study.db participant list
[ -e copy/study.db-journal ] && fail "the copy's journal was not rolled back"
expect_ok "and verifies" nob --db copy/study.db audit --verify
finish

#!/usr/bin/env bash
# Trial 67: a study file that is read-only here (its folder writable), beside the journal an
# interrupted write left, was refused to every command, reading ones too, with "cannot write
# the study: the file or its folder is read-only": SQLite must roll the journal back before
# anything is read. It now names the journal and says what to do, as a read-only folder's
# case does (t0041). Modes stop no root: as root the program runs as nobody (setpriv); the
# test is skipped (77) when it cannot.
. "$(dirname "$0")/lib.sh"

me() {
    if [ "$(id -u)" -eq 0 ]; then
        setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
    else
        "$@"
    fi
}
[ "$(id -u)" -ne 0 ] || command -v setpriv >/dev/null || { echo "skipped: no setpriv"; exit 77; }
chmod 711 "$WORK"
me test -x "$CARNET_COLLECT" || { echo "skipped: cannot run the program as nobody"; exit 77; }
new_demo_study || fail "demo study"

# a hot journal: the study and its journal copied while a write was under way
hot_journal hot || fail "the fixture: no journal copied"
[ "$(id -u)" -ne 0 ] || chown -R 65534:65534 hot
me chmod 400 hot/study.db
said="hot/study.db: an interrupted write left hot/study.db-journal, which must be rolled back, and the study file is read-only here: make it writable ('chmod u+w hot/study.db'), or copy hot/study.db and hot/study.db-journal together to a folder you can write, and open the copy"
for c in "participant list" check "export corpus" "participant set P01 --site Lyon"; do
    # shellcheck disable=SC2086 # the command's words
    expect_exit 1 "$said" "$c beside a hot journal, the file read-only" \
        me "$CARNET_COLLECT" --db hot/study.db $c
    grep -q "cannot write the study" "$WORK/err" && fail "$c: still 'cannot write the study'"
done
# as said: made writable, the study opens and the journal is rolled back
me chmod u+w hot/study.db
expect_ok "made writable, it opens" me "$CARNET_COLLECT" --db hot/study.db participant list
[ -e hot/study.db-journal ] && fail "the journal was not rolled back"
expect_ok "and verifies" me "$CARNET_COLLECT" --db hot/study.db audit --verify
finish

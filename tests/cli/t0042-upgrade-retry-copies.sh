#!/usr/bin/env bash
# Trial 62: an upgrade killed after its copy was made left study.db.schema1.bak, a whole
# copy of the study; the retry kept study.db.schema1-2.bak and named only that one. The
# upgrade names the copies earlier upgrades left beside the study too.
. "$(dirname "$0")/lib.sh"

sqlite3 "$CARNET_DB" <"$CARNET_SOURCE/tests/fixtures/study-v1.sql" || fail "the v1 study"
cp "$CARNET_DB" study.db.schema1.bak # as the killed upgrade left it
expect_ok "the retry" cc upgrade
expect_grep "both copies named" "the file as it was is kept as $WORK/study.db.schema1-2.bak; copies kept before are beside it too: $WORK/study.db.schema1.bak: delete those of no use$" "$WORK/err"

# a first upgrade: its own copy alone, said as before
mkdir one && sqlite3 one/s.db <"$CARNET_SOURCE/tests/fixtures/study-v1.sql"
expect_ok "a first upgrade" cc --db one/s.db upgrade
expect_grep "its copy alone" "the file as it was is kept as one/s.db.schema1.bak$" "$WORK/err"
finish

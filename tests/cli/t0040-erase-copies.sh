#!/usr/bin/env bash
# Trial 62: after `participant erase`, the copy an upgrade kept (study.db.schema1.bak) still
# held the erased texts, and the message left it out; it named the desk's runs folder of the
# study's current name, which did not exist, and not the one of its old name, which held the
# corpus. erase and recode name the copies their folder shows, and only those.
. "$(dirname "$0")/lib.sh"

sqlite3 "$CARNET_DB" <"$CARNET_SOURCE/tests/fixtures/study-v1.sql" || fail "the v1 study"
expect_ok "upgrade" cc upgrade
[ -f study.db.schema1.bak ] || fail "the upgrade kept no study.db.schema1.bak"
cp study.db.schema1.bak study.db.schema1-2.bak # a retry's second copy
mkdir diaries.db.runs                           # the desk's runs, under the study's old name
touch other.db.schema3.bak notes.runs           # another study's copy; a file, not a runs folder
cc participant set P01 --status withdrawn 2>/dev/null || fail "P01 withdrawn"

expect_ok "erase P01" cc participant erase P01 --reason "consent withdrawn"
expect_grep "the kinds named" "^copies made before still hold the texts: backups, \.schemaN\.bak copies of upgrades, exports, analyses; beside the study now: " "$WORK/err"
expect_grep "the copies beside named" "beside the study now: $WORK/diaries.db.runs \(the desk's analyses\), $WORK/study.db.schema1-2.bak, $WORK/study.db.schema1.bak: delete them$" "$WORK/err"
grep -q "study.db.runs\|other.db\|notes.runs" <(sed "s|$WORK/diaries.db.runs||" "$WORK/err") &&
    fail "a copy named that is not there, or not this study's: $(cat "$WORK/err")"

# relative to the folder --db names, as the user gave it
mkdir sub && cp study.db study.db.schema1.bak sub/
cc --db sub/study.db participant set P02 --status withdrawn 2>/dev/null || fail "P02 withdrawn"
expect_ok "erase P02" cc --db sub/study.db participant erase P02 --reason "consent withdrawn"
expect_grep "named as --db names its folder" "beside the study now: sub/study.db.schema1.bak: delete them$" "$WORK/err"

# the same list for a recode, which leaves the old code in them
expect_ok "recode" cc participant recode P02 P02b --reason "a slip"
expect_grep "recode names them" "^copies made before still hold the old code: backups, \.schemaN\.bak copies of upgrades, exports, analyses, the team's batch files; beside the study now: $WORK/diaries.db.runs \(the desk's analyses\), $WORK/study.db.schema1-2.bak, " "$WORK/err"

# nothing beside: the kinds alone, no runs folder made up
mkdir alone && cc --db alone/s.db init --name a 2>/dev/null &&
    cc --db alone/s.db participant add P01 --gender f --birth-year 1980 --care-start 2024-01-01 \
        --consent 2025-01-10 2>/dev/null
cc --db alone/s.db participant set P01 --status withdrawn 2>/dev/null
expect_ok "erase with nothing beside" cc --db alone/s.db participant erase P01 --reason x
expect_grep "the kinds alone" "^copies made before still hold the texts: backups, \.schemaN\.bak copies of upgrades, exports, analyses: delete them$" "$WORK/err"
finish

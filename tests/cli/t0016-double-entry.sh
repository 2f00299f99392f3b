#!/usr/bin/env bash
# Double data entry from the command line: init --double-entry and config, entry add with
# --typist (required, and refused in a study without double entry), and stats, check and
# export corpus and export entries reading final entries only by default, --all-entries
# including the others; with double entry off, the pages still pending are said.
. "$(dirname "$0")/lib.sh"

cc init --name t --double-entry 2>/dev/null || fail "init --double-entry"
expect_ok "config" cc config
expect_grep "double entry shown" "^double entry +on$" "$WORK/out"
cc participant add P01 --gender f --birth-year 1988 --care-start 2024-09-01 \
    --consent 2025-02-03 2>/dev/null

expect_exit 1 "--typist: this study requires double entry" "no typist" \
    sh -c 'echo x | "$CARNET_COLLECT" entry add P01 2025-02-05'
add() { printf '%s' "$3" | cc entry add P01 "$2" --typist "$1"; }
expect_eq "first copy" "1" "$(add AB 2025-02-05 'Rendez-vous au centre.' 2>"$WORK/err")"
expect_grep "first copy said" "first copy" "$WORK/err"
expect_eq "typed on the command line" "typed" "$(sqlite3 "$CARNET_DB" 'select source from entry where id = 1')"
expect_eq "second page, same day, same typist" "2" "$(add AB 2025-02-05 'Autre page.' 2>/dev/null)"
expect_eq "second copy pairs with the first" "1" "$(add CD 2025-02-05 'Rendez vous au centre.' 2>"$WORK/err")"
expect_grep "second copy differs" "to be reconciled" "$WORK/err"
expect_eq "equal second copy" "2" "$(add CD 2025-02-05 'Autre page.' 2>"$WORK/err")"
expect_grep "equal copies final" "the entry is final" "$WORK/err"

# one entry final (2), one waiting for reconciliation (1)
expect_ok "a final entry's date is corrected" cc entry redate 2 2025-02-06
cc entry redate 2 2025-02-05 2>/dev/null || fail "moved back"
expect_ok "export, final only by default" cc export corpus
expect_eq "one text" "1" "$(grep -c '^\*\*\*\*' "$WORK/out")"
expect_grep "the final one" "^Autre page\.$" "$WORK/out"
expect_grep "what was left out is said" "1 entry not final yet" "$WORK/err"
expect_ok "export --all-entries" cc export corpus --all-entries
expect_eq "two texts" "2" "$(grep -c '^\*\*\*\*' "$WORK/out")"
expect_exit 1 "exclude each other" "both" cc export corpus --all-entries --final-only
# export entries is read back by import, which makes every entry final: a page typed once
# or in dispute must not come back as study data
expect_ok "export entries, final only by default" cc export entries
expect_eq "the final entry alone" "participant,date,text
P01,2025-02-05,Autre page." "$(cat "$WORK/out")"
expect_grep "export entries says what it left out" "1 entry not final yet" "$WORK/err"
expect_ok "export entries --all-entries" cc export entries --all-entries --format json
expect_eq "both entries" "2" "$(grep -c '"participant"' "$WORK/out")"
expect_ok "stats" cc stats --format csv
expect_grep "stats left out the pending entry" "not final yet" "$WORK/err"
expect_ok "check" cc check
expect_ok "audit verifies" cc audit --verify

# A first copy typed with the wrong date is moved to the page's, and the second copy,
# typed with the right one, pairs with it (trial 33: it could never be corrected).
first=$(add AB 2025-02-17 'Page du dix-huit.' 2>/dev/null)
expect_ok "a first copy's date is corrected" cc entry redate "$first" 2025-02-18
expect_eq "the second copy pairs with it" "$first" "$(add CD 2025-02-18 'Page du dix-huit.' 2>/dev/null)"
# (it is final: two final entries and the pending one from here on)

# without double entry, --typist is refused and entries are final as they are added
expect_ok "config off" cc config --double-entry off
expect_exit 1 "does not use double entry" "typist without double entry" \
    sh -c 'echo x | "$CARNET_COLLECT" entry add P01 2025-02-06 --typist AB'
expect_ok "export" cc export corpus
expect_eq "the pending entry counts again" "3" "$(grep -c '^\*\*\*\*' "$WORK/out")"
expect_grep "and the reader is told" "1 entry typed under double entry is not final" "$WORK/err"
expect_ok "export --final-only" cc export corpus --final-only
expect_eq "--final-only still leaves it out" "2" "$(grep -c '^\*\*\*\*' "$WORK/out")"
expect_eq "setting changes audited" "2" \
    "$(sqlite3 "$CARNET_DB" "select count(*) from audit where tbl = 'setting'")"
# Silence counts every page typed, final or not (trial 69: "no entry for 133 days: candidate
# for replacement" of a participant whose recent pages waited for their second copy).
dde_silent() {
    CARNET_DB=$WORK/silent.db "$CARNET_COLLECT" "$@"
}
CARNET_TODAY=2025-10-31 dde_silent init --name s --double-entry --lost-after-days 60 >/dev/null 2>&1 ||
    fail "init silent.db"
dde_silent participant add Q01 --gender f --birth-year 1980 --care-start 2020-01-01 \
    --consent 2025-06-01 >/dev/null 2>&1 || fail "add Q01"
for who in AB CD; do # one page final, long ago
    echo "Premier jour." | CARNET_TODAY=2025-10-31 dde_silent entry add Q01 2025-06-02 --typist $who \
        >/dev/null 2>&1 || fail "first page by $who"
done
echo "Page récente." | CARNET_TODAY=2025-10-31 dde_silent entry add Q01 2025-10-29 --typist AB \
    >/dev/null 2>&1 || fail "a recent page, typed once"
CARNET_TODAY=2025-10-31 dde_silent check >"$WORK/out" 2>&1
grep -q "^silent" "$WORK/out" && fail "a participant who typed 2 days ago called silent: $(cat "$WORK/out")"
CARNET_TODAY=2026-01-15 dde_silent check >"$WORK/out" 2>&1
expect_grep "silent since the last page typed" "^silent +Q01 +no entry for 78 days \(since 2025-10-29" "$WORK/out"
finish

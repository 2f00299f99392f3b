#!/usr/bin/env bash
# Corrections under double entry: entry edit refuses an entry not final, naming the page and
# where to reconcile it, and changes nothing (trial 60: a correction made beside the copies
# was replaced by the first copy on reconciling, without a word); a final entry is edited as
# before.
. "$(dirname "$0")/lib.sh"
export CARNET_TODAY=2025-11-20

cc init --name t --double-entry 2>/dev/null || fail "init"
for c in P14 P15; do
    cc participant add $c --gender f --birth-year 1983 --care-start 2024-05-31 \
        --consent 2025-05-31 --site Lyon 2>/dev/null || fail "$c"
done
add() { printf '%s' "$4" | cc entry add "$1" "$2" --typist "$3" 2>/dev/null; }
expect_eq "first copy" "1" "$(add P14 2025-11-13 AM 'Page B')"

before=$(dump)
echo "Page B corrigee" | expect_exit 1 "waiting for its second copy" "edit a first copy" \
    cc entry edit 1
expect_grep "the page named" "P14's page of 2025-11-13" "$WORK/err"
[ "$(dump)" = "$before" ] || fail "a refused edit of a first copy changed the study"
expect_eq "second copy" "1" "$(add P14 2025-11-13 BN 'Page B modifiee')"
before=$(dump)
echo "Page B corrigee" | expect_exit 1 "typed by AM and BN, to be reconciled" \
    "edit an entry to reconcile" cc entry edit 1
expect_grep "where to reconcile" "/e/1/reconcile" "$WORK/err"
[ "$(dump)" = "$before" ] || fail "a refused edit changed the study"
expect_ok "entry show" cc entry show 1
expect_eq "the text as typed" "Page B" "$(tail -1 "$WORK/out")"

# a final entry (equal copies) is corrected as before
expect_eq "first copy" "2" "$(add P14 2025-11-14 AM 'Page C')"
expect_eq "equal second copy" "2" "$(add P14 2025-11-14 BN 'Page C')"
echo "Page C corrigee" | expect_ok "edit a final entry" cc entry edit 2

expect_ok "the chain verifies" cc audit --verify
finish

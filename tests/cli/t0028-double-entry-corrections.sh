#!/usr/bin/env bash
# Corrections under double entry: entry edit refuses an entry not final, naming the page and
# where to reconcile it, and changes nothing (trial 60: a correction made beside the copies
# was replaced by the first copy on reconciling, without a word); a final entry is edited as
# before. entry move gives a first copy typed under the wrong participant to the right one,
# where the second copy pairs with it; entry delete takes a page typed twice by one typist,
# with its copies.
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
# participant show counts as stats does: a page typed once is no final entry (trial 77:
# "entries: 1" beside a diary stats counted with none)
expect_ok "participant show" cc participant show P14
expect_grep "the final entries said" '^entries: +1 \(0 final: double entry, stats counts these\)$' \
    "$WORK/out"
grep -q '^first / last' "$WORK/out" && fail "first / last said of no final entry (trial 81)"
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

# a first copy typed under the wrong participant moves, and the second copy pairs with it
expect_eq "first copy under P14" "3" "$(add P14 2025-11-15 AM 'Page de P15')"
expect_ok "move the first copy" cc entry move 3 P15 --reason "P15's notebook"
expect_eq "the second copy pairs with it" "3" "$(add P15 2025-11-15 BN 'Page de P15')"
expect_eq "final" "(agreed)" "$(sqlite3 "$CARNET_DB" 'select reconciler from dde where entry_id = 3')"

# the same page typed twice by one typist: two entries; one is deleted with its copy
expect_eq "first copy" "4" "$(add P14 2025-11-16 AM 'Page D')"
expect_eq "typed again by AM" "5" "$(add P14 2025-11-16 AM 'Page D.')"
expect_ok "delete the second" cc entry delete 5 --reason "typed twice by AM"
expect_grep "said" "with its double-entry copies" "$WORK/err"
expect_eq "its copy gone" "0" "$(sqlite3 "$CARNET_DB" 'select count(*) from dde where entry_id = 5')"
expect_eq "the page is typed by another" "4" "$(add P14 2025-11-16 BN 'Page D')"
expect_ok "the chain verifies" cc audit --verify
cc audit >trail.jsonl 2>/dev/null
expect_grep "the copies' deletion recorded" '"table":"dde","row":5,"action":"delete","before":\{"first_typist":"AM"' \
    trail.jsonl

# a first copy typed under the wrong participant while the other typist typed the page
# under the right one: two first copies never pair, so the move is refused, saying what to
# do (trial 61: refused as "the same text already", or, texts differing, two half-pages)
expect_eq "AM's copy under P14" "6" "$(add P14 2025-11-18 AM 'Page F')"
expect_eq "BN's copy under P15" "7" "$(add P15 2025-11-18 BN 'Page F')"
before=$(dump)
expect_exit 1 "two first copies do not pair into one page" "move beside another first copy" \
    cc entry move 6 P15 --reason "P15's notebook"
expect_grep "what to do" "Delete one \(entry delete" "$WORK/err"
[ "$(dump)" = "$before" ] || fail "a refused move changed the study"
expect_eq "AM's copy of another day" "8" "$(add P15 2025-11-19 AM 'Page G autre')"
expect_exit 1 "two first copies do not pair" "redate beside another first copy" \
    cc entry redate 8 2025-11-18 --reason "the 18th on the page"

# double entry turned off: a page left typed once is data, and corrected as data (trial 61:
# entry edit refused it, and its advice, entry add --typist, was refused too); turned on
# again, its copy is settled, not offered to a reconciliation that would drop the correction
expect_eq "a page typed once" "9" "$(add P14 2025-11-17 AM 'Page E, tpyo')"
expect_ok "double entry off" cc config --double-entry off
echo "Page E, corrigee" | expect_ok "edit a page typed once, double entry off" cc entry edit 9
expect_eq "settled" "(corrected, double entry off)" \
    "$(sqlite3 "$CARNET_DB" 'select reconciler from dde where entry_id = 9')"
expect_ok "double entry on again" cc config --double-entry on
expect_ok "entry show" cc entry show 9
expect_eq "the correction kept" "Page E, corrigee" "$(tail -1 "$WORK/out")"
expect_ok "the chain verifies after" cc audit --verify
finish

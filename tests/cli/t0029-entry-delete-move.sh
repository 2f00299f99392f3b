#!/usr/bin/env bash
# entry delete and entry move: a page typed twice (the second copy differing by a curly
# apostrophe, which the duplicate check does not catch) is deleted, and a page of P12's
# notebook typed as P13 is given to P12, each with a reason, within the bounds an added
# entry has; refusals name what was wrong and change nothing; the audit trail keeps the
# deleted text and both codes and still verifies; stats and the corpus count the diary as
# it is. (Trial 60: neither could be corrected, and the errors stayed in every result.)
. "$(dirname "$0")/lib.sh"
export CARNET_TODAY=2025-11-20

cc init --name t 2>/dev/null || fail "init"
cc participant add P12 --gender f --birth-year 1975 --care-start 2022-03-01 --consent 2025-03-01 \
    --site Lyon 2>/dev/null || fail "P12"
cc participant add P13 --gender m --birth-year 1960 --care-start 2000-01-01 --consent 2025-04-30 \
    --site Lyon 2>/dev/null || fail "P13"
cat >desk_typed.csv <<'CSV'
participant,date,text
P13,2025-05-26,Rendez-vous au centre ce matin; l'infirmière a parlé de la méthadone.
CSV
cat >assistant_b.csv <<'CSV'
participant,date,text
P13,2025-05-26,Rendez-vous au centre ce matin; l’infirmière a parlé de la méthadone.
P13,2025-07-26,Au travail le patron m’a parlé du squat.
CSV
cc import desk_typed.csv 2>/dev/null && cc import assistant_b.csv 2>/dev/null || fail "imports"
echo "Page de mars." | cc entry add P12 2025-03-10 >/dev/null 2>&1 || fail "entry 4"
echo "Rendez-vous au centre ce matin; l'infirmière a parlé de la méthadone." |
    cc entry add P12 2025-05-26 >/dev/null 2>&1 || fail "entry 5"
expect_ok "stats before" cc stats --format csv
expect_eq "P13 counted with 3 entries" "2" "$(awk -F, '$1 == "all" { print $3 }' "$WORK/out")"

# refused, changing nothing
before=$(dump)
expect_exit 1 "--reason: required" "delete without a reason" cc entry delete 2
expect_exit 1 "no entry 99" "delete an unknown entry" cc entry delete 99 --reason x
# a reason the trail keeps is UTF-8, for every command that asks for one (audit.c)
expect_exit 1 "--reason: not valid UTF-8" "a reason not UTF-8" cc entry delete 2 --reason $'\xff'
expect_exit 1 "--reason: not valid UTF-8" "a recode's reason not UTF-8" \
    cc participant recode P01 P99 --reason $'caf\xe9'
expect_exit 2 "not an entry id" "delete a non-id" cc entry delete two --reason x
expect_exit 1 "--reason: required" "move without a reason" cc entry move 3 P12
expect_exit 1 "--reason: required" "move with a blank reason" cc entry move 3 P12 --reason "  "
expect_exit 1 "no entry 99" "move an unknown entry" cc entry move 99 P12 --reason x
expect_exit 1 "unknown participant 'P99'" "move to an unknown code" cc entry move 3 P99 --reason x
expect_exit 1 "before P13's consent on 2025-04-30" "move before consent" \
    cc entry move 4 P13 --reason x
expect_exit 1 "P12's entry 5 of 2025-05-26 has the same text already" "move onto a duplicate" \
    cc entry move 1 P12 --reason x
cc participant set P12 --handed-back 2025-07-01 2>/dev/null || fail "P12 handed back"
expect_exit 1 "after P12's diary came back on 2025-07-01" "move after the hand-back" \
    cc entry move 3 P12 --reason x
cc participant set P12 --handed-back 2025-09-30 2>/dev/null || fail "P12's hand-back corrected"
after_set=$(dump)
expect_eq "only the participant's row changed" \
    "$(grep -v 'participant\|audit' <<<"$before")" "$(grep -v 'participant\|audit' <<<"$after_set")"
before=$after_set
expect_ok "move to the entry's own participant" cc entry move 3 P13 --reason x
expect_grep "nothing to do, said" "entry 3 is P13's already: nothing changed" "$WORK/err"
[ "$(dump)" = "$before" ] || fail "a refusal changed the study"

# corrected
expect_ok "delete the duplicate" cc entry delete 2 --reason "typed twice: assistant B's copy of entry 1"
expect_grep "said" "^deleted entry 2 of P13 on 2025-05-26; the audit trail keeps its text$" "$WORK/err"
expect_ok "delete P12's duplicate" cc entry delete 5 --reason "typed twice"
expect_ok "give entry 3 to P12" cc entry move 3 P12 --reason "P12's notebook, typed as P13"
expect_grep "said" "^gave entry 3 to P12$" "$WORK/err"
expect_ok "entry list" cc entry list
expect_eq "the diaries as the notebooks are" "4 P12 2025-03-10
3 P12 2025-07-26
1 P13 2025-05-26" "$(awk '{ print $1, $2, $3 }' "$WORK/out")"
expect_exit 1 "no entry 2" "the deleted entry is gone" cc entry show 2

expect_ok "the chain verifies" cc audit --verify
cc audit >trail.jsonl 2>/dev/null
expect_grep "the deleted text kept, with its reason" \
    '"action":"reason".*"typed twice: assistant B' trail.jsonl
expect_grep "the deletion recorded" '"row":2,"action":"delete","before":\{"participant":"P13","date":"2025-05-26","text":"Rendez-vous au centre ce matin; l’infirmière' \
    trail.jsonl
expect_grep "the move recorded" '"row":3,"action":"update","before":\{"participant":"P13".*"after":\{"participant":"P12"' \
    trail.jsonl

expect_ok "stats after" cc stats --format csv
expect_eq "both participants have entries" "2" "$(awk -F, '$1 == "all" { print $3 }' "$WORK/out")"
expect_ok "export corpus" cc export corpus
expect_eq "three texts" "3" "$(grep -c '^\*\*\*\*' "$WORK/out")"
grep -q 'l’infirmière' "$WORK/out" && fail "the duplicate still in the corpus"
expect_eq "the page is P12's in the corpus" "**** *part_P12" \
    "$(grep -B1 '^Au travail' "$WORK/out" | head -1 | cut -d' ' -f1,2)"

# an erased participant's diary gets no entry back by a move
cc participant add P20 --gender f --birth-year 1970 --care-start 2020-01-01 --consent 2025-01-10 \
    2>/dev/null && cc participant set P20 --status withdrawn 2>/dev/null &&
    cc participant erase P20 --reason "consent withdrawn" 2>/dev/null || fail "P20 erased"
expect_exit 1 "their diaries were erased" "move to an erased participant" \
    cc entry move 1 P20 --reason x

# a page moved to P12, then P12's diaries erased: its records from before the move, under
# P13's code, lose their texts too
echo "Une page ZQXMOVED." | cc entry add P13 2025-06-10 >/dev/null 2>&1 || fail "a typed page"
moved=$(cc entry list P13 | awk '$3 == "2025-06-10" { print $1 }')
echo "Une page ZQXMOVED corrigee." | cc entry edit "$moved" 2>/dev/null || fail "corrected"
cc entry move "$moved" P12 --reason "P12's page" 2>/dev/null || fail "moved"
cc participant set P12 --status withdrawn 2>/dev/null || fail "P12 withdrawn"
expect_ok "erase P12" cc participant erase P12 --reason "consent withdrawn"
grep -qa ZQXMOVED "$CARNET_DB" && fail "a moved page's text stayed in the file after the erasure"
expect_ok "P13's entry kept" cc entry show 1
expect_ok "the chain verifies after the erasure" cc audit --verify

# an entry typed "today" where the day has begun (Nouméa) is moved by a colleague whose day
# has not (Montréal): its stored date is no date typed in the future (trial 71)
cc participant add P30 --gender f --birth-year 1970 --care-start 2020-01-01 --consent 2025-01-10 \
    2>/dev/null || fail "P30"
echo "Une page ZQXAHEAD." | CARNET_TODAY=2025-11-21 cc entry add P13 2025-11-21 >/dev/null 2>&1 ||
    fail "typed ahead"
ahead=$(cc entry list P13 | awk '$3 == "2025-11-21" { print $1 }')
expect_ok "moved by the colleague behind" cc entry move "$ahead" P30 --reason "P30's page"
expect_exit 1 "is in the future" "a typed date in the future still refused" \
    cc entry add P30 2025-11-22 <<<"Une autre page."
finish

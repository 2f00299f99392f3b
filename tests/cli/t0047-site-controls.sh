#!/usr/bin/env bash
# Trial 64: a site or a study name holding ESC or BEL was accepted (from a CSV, the desk,
# `participant add`, `init --name`) and printed as it was by `participant show` and `stats`:
# it could retitle the terminal or hide what follows. Refused now as a diary text's, naming
# the line, the field and the character; one stored before the rule is printed escaped.
. "$(dirname "$0")/lib.sh"

expect_exit 2 "--name holds the control character U+001B" "a study name with ESC" \
    cc init --name $'Etude\e]0;pwned\a'
[ -e "$CARNET_DB" ] && fail "the study was created"
cc init --name K >/dev/null 2>&1 || fail "init"
printf 'code,gender,birth_year,care_start,consent_date,site\nE1,f,1980,2020-01-01,2025-01-01,Lyon\033]0;pwned\007\033[8m\n' >esc.csv
expect_exit 1 "esc.csv:2: site: control character U+001B at its column 5" "a site with ESC in a CSV" \
    cc import esc.csv
printf 'code,gender,birth_year,care_start,consent_date,site\nE1,f,1980,2020-01-01,2025-01-01,Lyon\302\233x\n' >c1.csv
expect_exit 1 "c1.csv:2: site: control character U+009B at its column 5" "a site with a C1 CSI" \
    cc import c1.csv
expect_exit 1 "site: control character U+0007 at its column 2" "a site with BEL, typed" \
    cc participant add E2 --gender f --birth-year 1980 --care-start 2020-01-01 --consent 2025-01-01 --site $'A\aB'
expect_eq "nothing stored" 0 "$(sqlite3 "$CARNET_DB" "SELECT count(*) FROM participant")"

# stored before the rule: printed escaped (the shell lacks cn_sha256: triggers off)
cc participant add Z1 --gender f --birth-year 1980 --care-start 2020-01-01 --consent 2025-01-01 \
    --site Lyon >/dev/null 2>&1 || fail "add Z1"
sqlite3 "$CARNET_DB" ".dbconfig enable_trigger off" \
    "UPDATE participant SET site = 'Ly' || char(27) || '[8m'" \
    "UPDATE study SET name = 'S' || char(7) || char(155)" >/dev/null || fail "raw update"
expect_ok "show" cc participant show Z1
expect_grep "the site escaped" '^site: *Ly\\x1b\[8m$' "$WORK/out"
expect_ok "stats" cc stats
expect_grep "the name escaped" '^Protocol statistics: S\\x07\\u009b ' "$WORK/out"
grep -q $'\e\|\a' "$WORK/out" && fail "a control character printed raw"
expect_ok "config" cc config
expect_grep "the name escaped by config" '^name *S\\x07\\u009b$' "$WORK/out"
finish

#!/usr/bin/env bash
# Trial 60: an output's format follows -o's name when --format is not given (stats -o
# protocole.csv wrote the aligned text table, export participants -o x.json wrote CSV,
# which import then refused as "malformed JSON"); a name that contradicts --format is
# refused; import says when a .json file is not JSON. --db given twice (an alias holding
# one, a command line another) is refused like any other option given twice. An unknown
# participant that differs from one of the study's only by case is said to.
. "$(dirname "$0")/lib.sh"

new_demo_study || fail "demo study"
expect_ok "stats -o x.csv" cc stats -o protocole.csv
expect_grep "stats -o x.csv writes CSV" "^cohort,n," protocole.csv
expect_ok "stats -o x.json" cc stats -o protocole.json
python3 -c 'import json, sys; json.load(open(sys.argv[1]))' protocole.json || fail "stats -o x.json is not JSON"
expect_ok "stats -o x.txt" cc stats -o protocole.txt
expect_grep "stats -o x.txt writes the table" "^Protocol statistics" protocole.txt
expect_ok "stats --format csv -o X.CSV" cc stats --format csv -o upper.CSV
expect_exit 1 "protocole2.json: --format csv, but the name says .json" "a name against --format" \
    cc stats --format csv -o protocole2.json
[ -e protocole2.json ] && fail "a refused output was written"
cc stats --help >help.txt 2>&1
grep -q -- "--format.*default table" help.txt && fail "the help says a default --format no longer has"

expect_ok "export participants -o x.json" cc export participants -o participants.json
python3 -c 'import json, sys; json.load(open(sys.argv[1]))' participants.json ||
    fail "export participants -o x.json is not JSON"
expect_ok "export entries -o x.json" cc export entries -o entries.json
expect_ok "the JSON exports import into a new study" cc --db new.db init --name n
expect_ok "participants.json imports back" cc --db new.db import participants.json
expect_ok "entries.json imports back" cc --db new.db import entries.json
expect_eq "the same entries" "$(cc export entries 2>/dev/null | wc -l)" \
    "$(cc --db new.db export entries 2>/dev/null | wc -l)"
cc export participants --format csv -o csv.out 2>/dev/null
cp csv.out named.json
expect_ok "a third study" cc --db third.db init --name t
expect_exit 1 "named.json:1: not JSON (JSON begins with '{'); if the file is CSV, read it with --format csv" \
    "a CSV named .json" cc --db third.db import named.json
expect_ok "read with --format csv" cc --db third.db import named.json --format csv

expect_exit 2 "option '--db' given twice" "--db twice before the command" \
    cc --db new.db --db "$CARNET_DB" entry list
expect_exit 2 "option '--db' given twice" "--db before and after the command" \
    cc --db new.db entry list --db "$CARNET_DB"
expect_ok "--db once after the command" cc entry list --db new.db

code=$(sed -n 2p "$DEMO/participants.csv" | cut -d, -f1)
lower=$(echo "$code" | tr '[:upper:]' '[:lower:]')
[ "$code" != "$lower" ] || fail "the test needs a code with capitals ($code)"
printf 'participant,date,text\n%s,2025-05-02,Une page.\n' "$lower" >lower.csv
before=$(dump)
expect_exit 1 "unknown participant '$lower' (the study has $code: codes differ by case)" \
    "an import naming p14 for P14" cc import lower.csv
expect_eq "a refused import changes nothing" "$before" "$(dump)"
expect_exit 1 "unknown participant '$lower' (the study has $code: codes differ by case)" \
    "entry add for p14" sh -c 'echo "Une page." | "$0" entry add "$1" 2025-05-02' \
    "$CARNET_COLLECT" "$lower"
for what in "participant show" "entry list"; do
    expect_exit 1 "unknown participant '$lower' (the study has $code: codes differ by case)" \
        "$what for p14" cc $what "$lower"
done
finish

#!/usr/bin/env bash
# Pseudonymity: a participant code that is a phone or social-security number, or a site
# that names a doctor with their phone number or an e-mail address, was taken without a
# word. It is still taken (codes are the team's choice), with a warning on stderr from
# participant add|set and import, and `check` lists it for the team.
. "$(dirname "$0")/lib.sh"

cc init --name t 2>/dev/null || fail "init"
add() { cc participant add "$@" --gender f --birth-year 1988 --care-start 2024-09-01 --consent 2025-02-03; }

expect_ok "a phone number as a code is taken" add 0612345678
expect_grep "add warns of the code" \
    "warning: participant code 0612345678 looks like a phone or identity number: codes must not identify" \
    "$WORK/err"
expect_ok "a social-security-style code is taken" add 1850123456789
expect_grep "add warns of it" "participant code 1850123456789 looks like a phone or identity number" \
    "$WORK/err"
expect_ok "a site with a phone number is taken" add P03 --site "Dr Martin cabinet 01 45 67 89 01"
expect_grep "add warns of the site" \
    "warning: site 'Dr Martin cabinet 01 45 67 89 01' of participant P03 looks like a phone or identity number" \
    "$WORK/err"
expect_ok "a site with an e-mail is taken" add P04 --site "jean.dupont@gmail.com"
expect_grep "add warns of the e-mail" "site 'jean.dupont@gmail.com' of participant P04 looks like an e-mail address" \
    "$WORK/err"
expect_ok "an ordinary code and site" add P05 --site "Paris Nord 2"
grep -q warning "$WORK/err" && fail "an ordinary participant warned: $(cat "$WORK/err")"
expect_ok "a site changed to an e-mail" cc participant set P05 --site "contact@cabinet.fr"
expect_grep "set warns of the site" "site 'contact@cabinet.fr' of participant P05 looks like an e-mail address" \
    "$WORK/err"
cc participant set P05 --site "Paris Nord 2" 2>/dev/null

cat >p.csv <<'CSV'
code,gender,birth_year,care_start,consent_date,site
0798765432,m,1970,2024-01-01,2025-03-01,Lyon
P07,f,1980,2024-01-01,2025-03-01,Lyon
P08,f,1980,2024-01-01,2025-03-01,"chez @martin"
CSV
expect_ok "an import of such codes is taken" cc import p.csv
expect_grep "import warns with the line" \
    "warning: p.csv:2: participant code 0798765432 looks like a phone or identity number" "$WORK/err"
expect_grep "import warns of an '@'" "warning: p.csv:4: site 'chez @martin' of participant P08 holds an '@'" \
    "$WORK/err"
expect_eq "every row imported" 8 "$(sqlite3 "$CARNET_DB" 'select count(*) from participant')"

expect_ok "check" cc check
for code in 0612345678 1850123456789 0798765432; do
    expect_grep "check lists $code" \
        "^identify +$code +participant code $code looks like a phone or identity number: codes must not identify" \
        "$WORK/out"
done
expect_grep "check lists P03's site" "^identify +P03 +site 'Dr Martin cabinet 01 45 67 89 01'" "$WORK/out"
expect_grep "check lists P04's site" "^identify +P04 +site 'jean.dupont@gmail.com'" "$WORK/out"
grep -qE '^identify +(P05|P07) ' "$WORK/out" && fail "check listed an ordinary participant"

# A diary's text with a phone number or an e-mail address (trial 83: they became a class's
# words): stored, and said by entry add, import and check; dates, doses and times are not.
export CARNET_TODAY=2025-06-01
echo "Appelle-moi au 07700 900123 demain." | expect_ok "a page with a phone number" \
    cc entry add P05 2025-04-02
expect_grep "entry add warns" "warning: entry [0-9]+ holds, at its character 16, what looks like a phone or identity number: a diary's text must not identify anyone \(entry edit [0-9]+ corrects it\)" \
    "$WORK/err"
echo "Le 12/03/2025 à 10h30 j'ai pris 2.5 mg, 20 000 euros." | expect_ok "an ordinary page" \
    cc entry add P05 2025-04-03
grep -q warning "$WORK/err" && fail "an ordinary page warned: $(cat "$WORK/err")"
printf 'participant,date,text\nP07,2025-04-04,écris à jo.smith@yahoo.co.uk\nP07,2025-04-05,rien\n' >e.csv
expect_ok "an import of such pages" cc import e.csv
expect_grep "import says how many" "warning: e.csv: 1 entry added holds what looks like a phone number or an e-mail address \(the first: P07 2025-04-04\)" \
    "$WORK/err"
expect_ok "check with texts" cc check
expect_grep "check lists P05's page" "^identify +P05 +entry [0-9]+ of P05 \(2025-04-02\) holds, at its character 16" "$WORK/out"
expect_grep "check lists P07's page" "^identify +P07 +entry [0-9]+ of P07 \(2025-04-04\) holds, at its character 9, what looks like an e-mail address" "$WORK/out"
[ "$(grep -c '^identify .* entry ' "$WORK/out")" = 2 ] || fail "check listed other pages: $(cat "$WORK/out")"
finish

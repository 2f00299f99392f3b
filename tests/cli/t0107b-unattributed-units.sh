#!/usr/bin/env bash
# Issue 9 follow-up: texts without a *part_ star. classes.json counted their units, but the
# report and stderr said nothing, and the largest participant's share (of all a class's
# units) read as a share of the participants' units. The report shows the units with no
# participant per class and what the share is of; stderr notes them once, --by included.
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"
ca() { "$CARNET_ANALYSE" "$@"; }

# Two themes written by six participants; every third text names nobody.
awk 'function rnd() { seed = (seed * 16807) % 2147483647; return seed / 2147483647 }
function pick(list,   n, w) { n = split(list, w, " "); return w[1 + int(rnd() * n)] }
BEGIN {
    seed = 7
    words[0] = "jardin tomate salade arrosoir bêche potager graine récolte fleur compost"
    words[1] = "moteur garage pneu essence volant frein vidange carrosserie route embrayage"
    for (t = 0; t < 240; t++) {
        part = t % 3 == 0 ? "" : sprintf(" *part_P%d", t % 6)
        printf "**** *site_s%d%s\n", t % 2 + 1, part
        line = ""
        for (w = 0; w < 12; w++)
            line = line (w ? " " : "") pick(words[t % 2])
        print line "."
    }
}' >half.txt

expect_ok "run" ca run half.txt -o res
python3 - res/classes.json >expected.txt <<'PY' || fail "classes.json: $(cat expected.txt)"
import json, sys
d = json.load(open(sys.argv[1]))
cl = [c["participants"] for c in d["classes"]]
assert len(cl) >= 2 and all(c["unattributed_units"] > 0 for c in cl), cl
print(sum(c["unattributed_units"] for c in cl))
print(cl[0]["unattributed_units"])
PY
total=$(sed -n 1p expected.txt)
first=$(sed -n 2p expected.txt)
expect_grep "stderr: noted" "note: res: $total classified segments come from texts with no \\*part_ variable" "$WORK/err"
expect_grep "report: said above the table" "<strong>$total classified segments come from texts that name no participant</strong>" res/report.html
expect_grep "report: a column" "<th>no participant</th>" res/report.html
expect_grep "report: class 1's count" "<tr><td>Class 1</td><td class=n>[0-9]+</td><td class=n>[0-9]+</td><td class=n>$first</td>" res/report.html
expect_grep "report: what the share is of" "the share of the one who gives most, of all the class's segments" res/report.html

# Once, not once per cohort.
expect_ok "by site" ca run half.txt -o by --by site
expect_eq "one note for all cohorts" 1 "$(grep -c 'come from texts with no \*part_ variable' "$WORK/err")"

# Every text names its participant: no note, no column.
sed 's/^\*\*\*\* \*site_s\([12]\)$/**** *site_s\1 *part_P9/' half.txt >full.txt
expect_ok "all attributed" ca run full.txt -o full
grep -q "come from texts with no" "$WORK/err" && fail "a note with every text attributed"
grep -q "<th>no participant</th>" full/report.html && fail "an empty column with every text attributed"
finish

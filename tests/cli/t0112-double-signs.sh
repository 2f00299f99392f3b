#!/usr/bin/env bash
# The double classification and the arbitrary signs of the CA axes (issue 13): on a small
# generated corpus whose double classification changes with the sibling numbering,
# classes.json, stderr and the report show the different results with their shares;
# --pair-order chi2 and --pair-order split give the same classes in every draw, split one
# of IRAMUTEQ's results here and the demo's classes exactly; the draws change nothing that
# was written before them; the options are refused where they mean nothing.
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"
ca() { "$CARNET_ANALYSE" "$@"; }

# 10 English participants, ~500 segments: its double classification (IRAMUTEQ's order)
# gives 4 or 5 classes depending on the signs.
"$CARNET_GEN" --out gen --participants 10 --seed 2 --lang en --corpus corpus.txt >/dev/null ||
    fail "generator"

# check_signs DIR: classes.json's sign_draws holds together (shares, the outcome shown,
# sizes) and agrees with segments.csv; prints "OUTCOMES SHOWN_IS_MOST_FREQUENT".
check_signs() {
    python3 - "$1" <<'PY'
import collections, csv, json, sys
d = sys.argv[1]
c = json.load(open(d + "/classes.json"))
s = c["sign_draws"]
bad = []
def want(cond, what):
    if not cond:
        bad.append(what)
out = s["outcomes"]
want(len(out) == s["distinct_outcomes"], "distinct_outcomes is not the number of outcomes")
want(sum(o["draws"] for o in out) == s["draws"], "outcome draws do not add up to the draws")
want(abs(sum(o["share"] for o in out) - 1) < 1e-3, "shares do not add up to 1")
want([o["draws"] for o in out] == sorted((o["draws"] for o in out), reverse=True),
     "outcomes not most frequent first")
shown = [o for o in out if o["shown"]]
want(len(shown) <= 1, "more than one outcome shown")
sizes = collections.Counter(row["class"] for row in csv.DictReader(open(d + "/segments.csv")))
mine = sorted((n for k, n in sizes.items() if k != "0"), reverse=True)
if shown:
    want(shown[0]["draws"] == s["shown_draws"], "shown_draws is not the shown outcome's")
    want(shown[0]["class_sizes"] == mine, "the shown outcome is not the classes written")
else:
    want(s["shown_draws"] == 0, "no outcome shown but shown_draws > 0")
want(abs(s["shown_share"] - s["shown_draws"] / s["draws"]) < 1e-4, "shown_share")
want(s["shown_is_most_frequent"] == (s["shown_draws"] == out[0]["draws"]),
     "shown_is_most_frequent")
for o in out:
    want(o["class_sizes"] == sorted(o["class_sizes"], reverse=True), "sizes not largest first")
    want(sum(o["class_sizes"]) == o["classified"], "sizes do not add up to classified")
want(len(s["classes"]) == len(c["classes"]), "one comes_back_share per class")
for k in s["classes"]:
    want(0 <= k["comes_back_share"] <= 1, "comes_back_share out of [0, 1]")
    # a class comes back at least in the draws that gave the classes shown
    want(k["comes_back_share"] >= s["shown_share"] - 1e-4, "a class back less than shown")
if bad:
    sys.exit("; ".join(bad))
print(len(out), "yes" if s["shown_is_most_frequent"] else "no")
PY
}

# IRAMUTEQ's order (the default), 64 draws (the default).
expect_ok "double" ca run corpus.txt -o iram --method double
cp "$WORK/err" iram.err
read -r outcomes most < <(check_signs iram) || fail "classes.json's sign_draws: see above"
[ "${outcomes:-0}" -ge 2 ] || fail "the test corpus gave ${outcomes:-no} outcome: it no longer depends on the signs"
expect_grep "64 draws" '"draws":[[:space:]]*64,' iram/classes.json
expect_grep "pair order" '"pair_order":[[:space:]]*"iramuteq"' iram/classes.json
expect_grep "stderr says it" "warning: iram: these classes depend on the arbitrary signs of the CA axes: 64 sign draws gave $outcomes different results, these classes in [0-9]+ \([0-9.]+ %\)" iram.err
expect_grep "stderr: classes back" "draws in which each class comes back \(Jaccard >= 0.8\): class 1 [0-9]+ %" iram.err
expect_grep "stderr: the sign-free order" "^  --pair-order split gives classes that no sign changes" iram.err
expect_grep "report says it" "<strong>These classes depend on the arbitrary signs of the axes.</strong> The crossing redone under 64 random signs gave $outcomes different results" iram/report.html
rows=$(sed -n '/id="signs"/,/<\/section>/p' iram/report.html | grep -cE '^<tr><td>[0-9]+( \(shown\))?</td>')
expect_eq "one report row per outcome" "$outcomes" "$rows"
# The report's section comes before the classes.
signs_at=$(grep -n 'id="signs"' iram/report.html | cut -d: -f1)
classes_at=$(grep -n 'id="dendrogram"' iram/report.html | cut -d: -f1)
[ "${signs_at:-999999}" -lt "${classes_at:-0}" ] || fail "the signs section is not at the top of the report"
if [ "$most" = no ]; then
    expect_grep "stderr: the most frequent" "the most frequent result \([0-9]+ draws, [0-9.]+ %\) is another: [0-9]+ classes of [0-9, ]+ segments" iram.err
    expect_grep "report: the most frequent" "The most frequent result is not the one shown" iram/report.html
else
    grep -q "most frequent result" iram.err iram/report.html && fail "most frequent said of the shown outcome"
fi

# Seeded: the same draws again, and on one thread.
expect_ok "double again" ca run corpus.txt -o again --method double --threads 1
diff -r -x manifest.json iram again >/dev/null || fail "sign draws differ from run to run or with threads"

# The draws change nothing written before them: no draws, the same classes and tables.
expect_ok "no draws" ca run corpus.txt -o nodraws --method double --sign-draws 0
diff -r -x manifest.json -x classes.json -x report.html iram nodraws >/dev/null ||
    fail "--sign-draws 0 changed a table"
python3 - iram/classes.json nodraws/classes.json <<'PY' || fail "classes.json differs beyond sign_draws"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
a.pop("sign_draws")
sys.exit(a != b)
PY
expect_grep "not checked" "Not checked</strong> \(<code>--sign-draws 0</code>\)" nodraws/report.html
grep -q "sign draws" "$WORK/err" && fail "a run without draws spoke of them"

# --pair-order chi2: one outcome in every draw, every class back every time.
expect_ok "chi2 order" ca run corpus.txt -o chi2 --method double --pair-order chi2 --sign-draws 200
read -r outcomes most < <(check_signs chi2) || fail "chi2: classes.json's sign_draws: see above"
expect_eq "chi2: one outcome" "1" "$outcomes"
expect_grep "chi2: every draw" '"shown_draws":[[:space:]]*200,' chi2/classes.json
expect_grep "chi2 order recorded" '"pair_order":[[:space:]]*"chi2"' chi2/classes.json
grep -qE '"comes_back_share":[[:space:]]*0' chi2/classes.json && fail "chi2: a class did not always come back"
expect_grep "chi2: stderr" "^chi2: the same classes in all 200 sign draws of the double classification$" "$WORK/err"
expect_grep "chi2: report" "Carnet's variant, not IRAMUTEQ's" chi2/report.html
expect_grep "manifest: order" '"pair_order":[[:space:]]*"chi2"' chi2/manifest.json
expect_grep "manifest: draws" '"sign_draws":[[:space:]]*200' chi2/manifest.json
expect_ok "kwic reads the manifest" ca kwic chi2 day

# --pair-order split: one outcome in every draw, and it is one of IRAMUTEQ's outcomes.
expect_ok "split order" ca run corpus.txt -o split --method double --pair-order split --sign-draws 200
read -r outcomes most < <(check_signs split) || fail "split: classes.json's sign_draws: see above"
expect_eq "split: one outcome" "1" "$outcomes"
expect_grep "split: every draw" '"shown_draws":[[:space:]]*200,' split/classes.json
expect_grep "split order recorded" '"pair_order":[[:space:]]*"split"' split/classes.json
grep -qE '"comes_back_share":[[:space:]]*0' split/classes.json && fail "split: a class did not always come back"
expect_grep "split: stderr" "^split: the same classes in all 200 sign draws of the double classification$" "$WORK/err"
grep -q "pair-order split gives" "$WORK/err" && fail "split: stderr points to the order it used"
expect_grep "split: report" "<code>--pair-order split</code>, Carnet's variant, not IRAMUTEQ's" split/report.html
expect_grep "manifest: split" '"pair_order":[[:space:]]*"split"' split/manifest.json
expect_ok "kwic reads a split manifest" ca kwic split day
python3 - iram/classes.json split/classes.json <<'PY' || fail "split's classes are none of IRAMUTEQ's results"
import json, sys
iram, split = (json.load(open(p))["sign_draws"]["outcomes"] for p in sys.argv[1:])
sys.exit(split[0]["class_sizes"] not in [o["class_sizes"] for o in iram])
PY

# On the demo, whose classes do not depend on the signs, split gives IRAMUTEQ's classes:
# the same segments together, whatever the classes' numbers.
if [ -s "$CARNET_SOURCE/corpora/demo/entries.csv" ]; then
    new_demo_study && cc export corpus -o demo.txt 2>/dev/null || fail "demo corpus"
    expect_ok "demo, IRAMUTEQ's order" ca run demo.txt -o demo_iram --method double
    expect_ok "demo, split order" ca run demo.txt -o demo_split --method double --pair-order split
    python3 - demo_iram demo_split <<'PY' || fail "demo: split order's classes are not IRAMUTEQ's"
import csv, sys
def partition(d):
    by = {}
    for row in csv.DictReader(open(d + "/segments.csv")):
        by.setdefault(row["class"], set()).add(row["segment_id"])
    return {frozenset(v) for k, v in by.items() if k != "0"}, by.get("0", set())
a, b = (partition(d) for d in sys.argv[1:])
sys.exit(not a[0] or a != b)
PY
fi

# Refused where they mean nothing, or out of range.
expect_exit 2 "--pair-order orders the double classification's pairs: add --method double" \
    "chi2 order with the simple method" ca run corpus.txt -o x --pair-order chi2
expect_exit 2 "--pair-order orders the double classification's pairs: add --method double" \
    "split order with the simple method" ca run corpus.txt -o x --pair-order split
expect_exit 2 "--sign-draws redoes the double classification's crossing: add --method double" \
    "draws with the simple method" ca run corpus.txt -o x --sign-draws 10
expect_exit 2 "--sign-draws redoes" "no draws with the simple method" ca run corpus.txt -o x --sign-draws 0
expect_exit 2 "expected a number of draws from 0 to 10000" "negative draws" \
    ca run corpus.txt -o x --method double --sign-draws -3
expect_exit 2 "expected one of iramuteq|chi2|split" "unknown order" \
    ca run corpus.txt -o x --method double --pair-order size
[ -e x ] && fail "a refused run wrote its folder"
# The simple method: no sign_draws, no section.
expect_ok "simple" ca run corpus.txt -o simple --pair-order iramuteq
grep -q 'sign_draws\|pair_order' simple/classes.json simple/manifest.json && fail "simple run speaks of draws"
grep -q 'id="signs"' simple/report.html && fail "simple report has the signs section"

# Four texts: no crossed pair passes chi2 > 3.84, whatever the size. The message says so,
# not "a minimum size of 0 segments", and does not advise a lower --min-class.
head -n 8 corpus.txt >tiny.txt
expect_ok "double on four texts" ca run tiny.txt -o tiny --method double --lang en
expect_grep "the crossing's reason" \
    'the crossing of the two classifications found no pair of their classes associated beyond chance' \
    "$WORK/err"
grep -q 'minimum size of 0\|lower --min-class\|1 segments' "$WORK/err" &&
    fail "the tiny double run blames the minimum size: $(cat "$WORK/err")"
# the manifest records every seed the run drew with, for a methods section (trial 88)
python3 - iram/manifest.json <<'PY' || fail "manifest.json lacks a seed"
import json, sys
par = json.load(open(sys.argv[1]))["parameters"]
assert par["sign_seed"] == 20261125 and par["similitude_layout_seed"] == 20250106, par
PY
finish

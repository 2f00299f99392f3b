#!/usr/bin/env bash
# Issue 9, section 2: --stability N classifies N seeded 90 % subsamples again and says, per
# class, how often it comes back (classes.json, the report, the manifest). N must be a
# positive whole number; the numbers do not depend on --threads; --by assesses each cohort;
# without the option the report says stability was not assessed.
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"
ca() { "$CARNET_ANALYSE" "$@"; }

"$CARNET_GEN" --out gen --participants 12 --seed 4 || fail "generator"
cc init --name stab 2>/dev/null
cc import gen/participants.csv 2>/dev/null && cc import gen/entries.csv 2>/dev/null || fail "import"
cc export corpus -o corpus.txt 2>/dev/null || fail "export"

# N = 0, negative or not a number: refused before anything is read or written.
for n in 0 -3 ten 1001; do
    expect_exit 2 "--stability '$n': expected how many subsamples to classify again, from 1 to 1000" \
        "--stability $n" ca run corpus.txt -o bad --stability "$n"
    [ -e bad ] && fail "--stability $n left a folder"
done
expect_exit 2 "--seed draws --stability's subsamples: add --stability N" "--seed alone" \
    ca run corpus.txt -o bad --seed 3
[ -e bad ] && fail "--seed alone left a folder"

# Not asked: said so, in the report and classes.json.
expect_ok "run" ca run corpus.txt -o plain
expect_grep "report says it was not assessed" \
    'The stability of the classes was not assessed \(--stability N' plain/report.html
expect_grep "classes.json says it was not assessed" '"assessed":[[:space:]]*false' plain/classes.json
expect_grep "manifest: no draws" '"stability":[[:space:]]*0,' plain/manifest.json

# Asked: every class has its numbers, on 1 or 2 threads alike.
expect_ok "--stability 4" ca run corpus.txt -o s2 --stability 4 --threads 2
expect_ok "--stability 4 --threads 1" ca run corpus.txt -o s1 --stability 4 --threads 1
expect_grep "the summary's stability line" \
    '^  stability over 4 subsamples of 90 %, class: times found \(mean Jaccard\): 1: [0-4] \(' \
    "$WORK/out"
cmp -s s1/classes.json s2/classes.json || fail "threads changed classes.json: $(diff s1/classes.json s2/classes.json | head -5)"
section() { sed -n '/id="stability"/,/<\/table>/p' "$1"; }
[ -n "$(section s2/report.html)" ] || fail "no stability section in the report"
[ "$(section s1/report.html)" = "$(section s2/report.html)" ] || fail "threads changed the report's stability table"
python3 - s2/classes.json <<'PY' || fail "classes.json's stability"
import json, sys
d = json.load(open(sys.argv[1]))
s = d["stability"]
assert s["assessed"] and s["draws"] == 4 and s["seed"] == 20260101, s
assert s["units_per_draw"] == round(0.9 * d["units"]), s
assert len(d["classes"]) >= 2, d["classes"]
assert s["min_class_per_draw"] == 0, s  # automatic: computed on each draw
readings = {"highly stable": 0.85, "stable": 0.75, "a pattern, its members doubtful": 0.6,
            "not to be trusted": 0.5, "dissolved": 0}
for c in d["classes"]:
    x = c["stability"]
    assert 0 <= x["jaccard_min"] <= x["jaccard_mean"] <= 1, c
    assert 0 <= x["found"] <= 4 and x["draws"] == 4, c
    floor = readings[x["reading"]]  # Hennig's bars, the mean's reading
    assert x["jaccard_mean"] >= floor or floor == 0.5 and x["jaccard_mean"] > 0.5, c
PY
expect_grep "the report's reading column" '<th>reading</th>' s2/report.html
# A --min-class given is scaled to the draws, as the automatic one is: a class of exactly
# that size could otherwise never come back, and its index would measure the option.
smallest=$(python3 -c 'import json,sys; print(min(c["size"] for c in json.load(open(sys.argv[1]))["classes"]))' s2/classes.json)
expect_ok "--stability with --min-class" ca run corpus.txt -o smin --stability 4 --min-class "$smallest"
python3 - smin/classes.json "$smallest" <<'PY' || fail "the scaled minimum class size"
import json, sys
d, m = json.load(open(sys.argv[1])), int(sys.argv[2])
s = d["stability"]
assert s["min_class_per_draw"] == max(1, int(m * s["units_per_draw"] / d["units"] + 0.5)), (s, m)
PY
expect_grep "the report says the scaled minimum" "the minimum class size scaled to them: [0-9]+ segments" \
    smin/report.html
rows=$(section s2/report.html | grep -c '<tr><td><a href="#class-')
expect_eq "a row per class" "$(grep -c '"jaccard_mean"' s2/classes.json)" "$rows"
expect_grep "manifest: draws" '"stability":[[:space:]]*4,' s2/manifest.json
expect_grep "manifest: seed" '"stability_seed":[[:space:]]*20260101' s2/manifest.json
# The same classes as without it: the draws change nothing of the run itself.
cmp -s plain/segments.csv s2/segments.csv || fail "--stability changed segments.csv"

# The double classification with another seed, run into the folder of the first run:
# the new run replaces it, and records its seed.
expect_ok "--method double --stability 3 --seed 7, same folder" \
    ca run corpus.txt -o plain --method double --stability 3 --seed 7
expect_grep "double: assessed" '"assessed":[[:space:]]*true' plain/classes.json
expect_grep "seed recorded" '"seed":[[:space:]]*7,' plain/classes.json
expect_grep "seed in the report" 'seed 7\)' plain/report.html
expect_grep "manifest: the double's seed" '"stability_seed":[[:space:]]*7' plain/manifest.json

# --by: each cohort assessed on its own.
expect_ok "--by care --stability 3" ca run corpus.txt -o by --by care --stability 3
for dir in by/care_*; do
    expect_grep "$dir: assessed" '"draws":[[:space:]]*3,' "$dir/classes.json"
    [ -n "$(section "$dir/report.html")" ] || fail "$dir: no stability table"
done
[ -d by/care_lt1 ] || fail "no care_lt1 cohort"
finish

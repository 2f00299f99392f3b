#!/usr/bin/env bash
# Issue 9: participant concentration (a "theme" that is one person's notebook is flagged in
# classes.json, the report, stderr and by_VAR), --speaker, and the cohort comparison of
# --by: cohorts in natural order, each cohort's classified share, and each cohort class
# matched with the class of the whole-corpus run (OUT/all) holding most of its segments,
# checked here against the segments of both runs.
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"
ca() { "$CARNET_ANALYSE" "$@"; }

# The fixture: six participants write about a garden or a garage, and P07 alone about
# fishing; *month_ is 10 or 2 (10 first in the file).
garden="jardin fleurs arrosage soleil terre graines potager tomates pluie racines"
garage="voiture moteur garage route essence pneus volant freins huile phares"
fishing="bateau filet poisson marée port voile pêche quai houle mouette"
words() { # THEME-WORDS SEED: 30 of the words, drawn by a fixed LCG
    local -a w=($1)
    local seed=$2 out="" i
    for i in $(seq 30); do
        seed=$(((seed * 1103515245 + 12345) % 2147483648))
        out+="${w[$((seed / 65536 % 10))]} "
        [ $((i % 10)) -eq 0 ] && out+=". "
    done
    echo "$out"
}
n=0
for p in 1 2 3 4 5 6 7; do
    for e in 1 2 3 4 5 6 7 8; do
        n=$((n + 1))
        if [ "$p" -eq 7 ]; then theme=$fishing; elif [ $((e % 2)) -eq 0 ]; then theme=$garden; else theme=$garage; fi
        printf '**** *part_P0%d *site_s%d *month_%d\n%s\n\n' "$p" $((p % 2 + 1)) \
            $((n % 2 ? 10 : 2)) "$(words "$theme" "$n")"
    done
done >one.txt

expect_ok "run" ca run one.txt -o one
python3 - one/classes.json <<'PY' || fail "classes.json: P07's class is not flagged"
import json, sys
d = json.load(open(sys.argv[1]))
p = d["participants"]
assert p["variable"] == "part" and p["available"], p
flagged = [c for c in d["classes"] if c["participants"]["over_half"]]
assert flagged, "no class flagged"
assert any(c["participants"]["largest"] == "P07" and c["participants"]["largest_percent"] == 100
           and c["participants"]["count"] == 1 for c in flagged), flagged
assert [c["class"] for c in flagged] == p["classes_over_half"], p
shared = [c for c in d["classes"] if c["participants"]["count"] >= 3 and not c["participants"]["over_half"]]
assert shared, "no shared theme"
PY
expect_grep "stderr note" "note: one: class [0-9]+: one participant \(P07\) gives 100 % of its units" "$WORK/err"
expect_grep "report table" "<strong>YES: one participant gives more than half</strong>" one/report.html
expect_grep "report sentence" "comes mostly from one participant</strong>: P07 gives" one/report.html

# a modality that is one participant's (*site_s9 of P07 alone; trial 84: *sex_x read as a
# cohort's theme) is said on stderr, in the report and in classes.json; the others are not
sed 's/^\(\*\*\*\* \*part_P07 \)\*site_s[0-9]/\1*site_s9/' one.txt >solo.txt
grep -q 'site_s9' solo.txt || fail "the fixture has no *site_s9"
expect_ok "a modality of one participant" ca run solo.txt -o solo
expect_grep "said on stderr" "note: solo: 1 modality is one participant's \(\*site_s9: P07\): its profile rows and specificities describe one diary" "$WORK/err"
grep -q '\*site_s[12]: ' "$WORK/err" && fail "a modality of several participants said"
expect_grep "said in the report" "1 modality is one participant's</strong>: <code>\*site_s9</code> \(P07\)" solo/report.html
python3 -c 'import json,sys; p=json.load(open(sys.argv[1]))["participants"]
assert p["modalities_of_one_participant"] == 1, p
assert p["modalities_of_one_participant_first"] == [{"modality": "*site_s9", "participant": "P07"}], p' \
    solo/classes.json || fail "classes.json does not list *site_s9"

# a run of one participant's texts (a cohort of one, say) is said to be one diary's themes,
# not a cohort's (trial 84: said of two participants, not of one)
expect_ok "one participant" ca run one.txt -o p07 --where part=P07
expect_grep "one diary said" "note: p07: every classified segment is one participant's \(P07\): its classes are the themes of one diary" "$WORK/err"

# a thematic label of one participant's texts is one too (trial 86)
awk '/^\*\*\*\* \*part_P07 / { print; print "-*theme_peche"; next } { print }' one.txt >themed.txt
expect_ok "a thematic of one participant" ca run themed.txt -o themed
expect_grep "the thematic said" "1 modality is one participant's \(-\*theme_peche: P07\)" "$WORK/err"

# not said when texts naming nobody give units too (trial 85: "every classified segment
# is P01's" of 53 of 731)
sed '/^\*\*\*\* \*part_P07 /!s/^\*\*\*\* \*part_P0[0-9] /**** /' one.txt >nobody.txt
expect_ok "one participant among texts naming nobody" ca run nobody.txt -o nobody
grep -q "every classified" "$WORK/err" && fail "said to be one participant's among texts naming nobody"

# --speaker: another variable, an unknown one (an error listing the variables).
expect_ok "speaker site" ca run one.txt -o bysite --speaker site
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["participants"]["variable"] == "site"
assert all(c["participants"]["largest"] in ("s1", "s2") for c in d["classes"])' bysite/classes.json ||
    fail "--speaker site did not count sites"
# the quotes name the speaker too, as the counts do (trial 75: the participant column of
# typical_segments.csv kept *part_, or was empty without it)
python3 - bysite/typical_segments.csv <<'PY' || fail "--speaker site: the typical segments' participant is not the site"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert rows and all(r["participant"] in ("s1", "s2") for r in rows), {r["participant"] for r in rows}
assert all("part_" not in r["participant"] for r in rows)
PY
expect_exit 1 "--speaker writer: no text has a *writer_ variable; the texts' variables are: part, site, month" \
    "unknown speaker" ca run one.txt -o nope --speaker writer
[ -e nope ] && fail "a refused --speaker left a folder"
expect_exit 1 "no text has a *writer_ variable" "unknown speaker with --by" \
    ca run one.txt -o nope --speaker writer --by site
[ -e nope ] && fail "a refused --speaker with --by left a folder"

# No participant variable: said once (not once per cohort), and the report says so.
sed 's/ \*part_P0[0-9]//' one.txt >anon.txt
expect_ok "no part variable" ca run anon.txt -o anon
expect_eq "one note" 1 "$(grep -c 'no text has a \*part_ variable' "$WORK/err")"
expect_grep "report says it" "The texts name no participant" anon/report.html
expect_grep "classes.json says it" '"available":[[:space:]]*false' anon/classes.json
expect_ok "no part variable, by site" ca run anon.txt -o anonby --by site
expect_eq "one note for all cohorts" 1 "$(grep -c 'no text has a \*part_ variable' "$WORK/err")"

# Natural order: month_2 before month_10 (10 comes first in the file, and first as text).
expect_ok "by month" ca run one.txt -o bymonth --by month
expect_eq "cohort order" "month_2 month_10" "$(cut -d, -f1 bymonth/by_month.csv | sed 1d | uniq | xargs)"
expect_grep "flag in by_month.csv" '^month_(2|10),[0-9]+,.*,P07,100\.00,yes,' bymonth/by_month.csv
expect_grep "flag in by_month.html" 'one participant \(P07\) gives more than half' bymonth/by_month.html

# The demo study by years in care: lt1, 1to3, gt3 (never alphabetical).
new_demo_study || fail "demo study"
cc export corpus -o corpus.txt 2>/dev/null || fail "export"
expect_ok "by care" ca run corpus.txt -o bycare --by care
expect_eq "cohorts in natural order" "care_lt1 care_1to3 care_gt3" \
    "$(cut -d, -f1 bycare/by_care.csv | sed 1d | uniq | xargs)"
expect_grep "summary of the whole run" "^bycare/all: 815 texts" "$WORK/out"
expect_grep "link to the whole run" 'href="all/report.html"' bycare/by_care.html
expect_grep "themes across cohorts" "<h2>Themes across cohorts</h2>" bycare/by_care.html

# OUT/all is the whole corpus's run as a plain run would make it.
expect_ok "plain run" ca run corpus.txt -o plain
for f in classes.json segments.csv profiles.csv; do
    cmp -s plain/$f bycare/all/$f || fail "bycare/all/$f differs from a plain run's"
done

# The cross-tabulation, recomputed from the segments of both runs: a text has the same
# number in both, its place in the corpus file, and the same segments (rank, words), and
# by_care.csv's best class and shares are those of the counts.
crosstab() { # CSV CORPUS DIR [STAR]: STAR, a modality all the texts of the run have (--where)
    python3 - "$@" <<'PY'
import collections, csv, sys
table, corpus, out = sys.argv[1:4]
keep = sys.argv[4:]
texts = [l.split() for l in open(corpus, encoding="utf-8") if l.startswith("****")]
def segments(path):  # (text_id, rank) -> (class, text)
    segs, rank = {}, collections.Counter()
    for r in csv.DictReader(open(path, encoding="utf-8")):
        t = int(r["text_id"])
        rank[t] += 1
        segs[(t, rank[t])] = (int(r["class"]), r["segment_text"])
    return segs
whole = segments(f"{out}/all/segments.csv")
rows = list(csv.DictReader(open(table, encoding="utf-8")))
checked = 0
for cohort in dict.fromkeys(r["cohort"] for r in rows):
    mine = segments(f"{out}/{cohort}/segments.csv")
    tag = "*" + cohort
    counts = collections.defaultdict(collections.Counter)
    for (t, rank), (k, text) in mine.items():
        assert tag in texts[t - 1] and all(s in texts[t - 1] for s in keep), (cohort, t)
        w = whole[(t, rank)]
        assert w[1] == text, f"{cohort} text {t} segment {rank}: not the same segment"
        counts[k][w[0]] += 1
    assert len(mine) == sum(1 for (t, _) in whole if tag in texts[t - 1]), cohort
    for r in rows:
        if r["cohort"] != cohort:
            continue
        c = counts[int(r["class"])]
        size = sum(c.values())
        assert size == int(r["size"]), r
        best = max(((n, -w) for w, n in c.items() if w > 0), default=None)
        if best is None:  # none of its segments is classified in the whole corpus
            assert r["all_class"] == "" and r["all_percent"] == "", r
        else:
            assert int(r["all_class"]) == -best[1], (r["cohort"], r["class"], c)
            assert abs(float(r["all_percent"]) - 100 * best[0] / size) < 0.006, r
        assert abs(float(r["all_unclassified_percent"]) - 100 * c[0] / size) < 0.006, r
        checked += 1
assert checked >= 3, checked
PY
}
crosstab bycare/by_care.csv corpus.txt bycare || fail "by_care.csv's matches are not the cross-tabulation"
python3 - bycare/by_care.csv <<'PY' || fail "by_care.csv: shares"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
for r in rows:
    assert abs(float(r["classified_percent"]) - 100 * int(r["classified"]) / int(r["units"])) < 0.006, r
    assert r["participants"] and r["largest_participant"].startswith("P"), r
    # a whole-corpus class's forms where the cohort's class has one; none where the whole
    # run classified none of its segments (the demo's English clinic theme of care_1to3)
    assert bool(r["all_forms"]) == bool(r["all_class"]), r
assert sum(1 for r in rows if r["all_forms"]) >= 3, "no cohort class matched"
PY

# --where on another variable: the whole run keeps the same texts; texts as units.
expect_ok "by care, women" ca run corpus.txt -o bycaref --by care --where sex=f
expect_ok "plain, women" ca run corpus.txt -o plainf --where sex=f
cmp -s plainf/segments.csv bycaref/all/segments.csv || fail "all/ of --where sex=f is not the same texts"
crosstab bycaref/by_care.csv corpus.txt bycaref '*sex_f' || fail "cross-tabulation with --where"
expect_ok "texts as units" ca run corpus.txt -o bytexts --by care --unit texts
python3 - bytexts/by_care.csv <<'PY' || fail "--unit texts: no whole-corpus class"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
assert rows and all(r["all_unclassified_percent"] for r in rows if r["class"] != "0"), rows
PY
finish

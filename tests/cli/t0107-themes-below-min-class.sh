#!/usr/bin/env bash
# Issue 9 §2: IRAMUTEQ's minimum class size drops small themes in silence, and a run with
# one class or none only warned. A corpus of three large themes and a small, coherent one
# (music, 25 one-segment texts): under the automatic N/10 rule the music leaf is left out,
# and classes.json and the report show it with its size, its profile and the --min-class
# that keeps it. Runs that end with one class or none say why on stderr and in the report;
# an unknown --time lists the variables.
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"
ca() { "$CARNET_ANALYSE" "$@"; }

# Deterministic on every awk: Park-Miller draws stay exact integers in a double.
awk 'function rnd() { seed = (seed * 16807) % 2147483647; return seed / 2147483647 }
function pick(list,   n, w) { n = split(list, w, " "); return w[1 + int(rnd() * n)] }
BEGIN {
    seed = 42
    words["jardin"] = "jardin tomate salade arrosoir bêche potager graine récolte fleur compost"
    words["cuisine"] = "recette farine beurre four gâteau sucre oeuf casserole sauce pâte"
    words["voiture"] = "moteur garage pneu essence volant frein vidange carrosserie route embrayage"
    words["musique"] = "piano violon concert orchestre partition chorale solfège répétition chanteur archet"
    size["jardin"] = 200; size["cuisine"] = 150; size["voiture"] = 100; size["musique"] = 25
    split("jardin cuisine voiture musique", order, " ")
    common = "matin journée semaine toujours encore souvent"
    for (o = 1; o <= 4; o++)
        for (i = 0; i < size[order[o]]; i++) {
            t++
            printf "**** *part_P%02d *theme_%s\n", t % 40, order[o]
            line = ""
            for (w = 0; w < 12; w++)
                line = line (w ? " " : "") (w % 4 == 3 ? pick(common) : pick(words[order[o]]))
            print line "."
        }
}' >themes.txt

# The automatic minimum (475 / 10 = 48) leaves the music leaf out: it is listed with its
# size, the --min-class that keeps it and a profile made of its own vocabulary.
expect_ok "default run" ca run themes.txt -o res
expect_grep "the summary names what was left out" "^  left out, below the minimum class size of 48: 2 themes of 39, 25 segments \\(profiles in" "$WORK/out"
python3 - res/classes.json >music.txt <<'PY' || fail "classes.json: no music theme below the minimum: $(cat music.txt)"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["mincl"] == 48, d["mincl"]
music = set("piano violon concert orchestre partition chorale solfège répétition chanteur archet".split())
found = [t for t in d["themes_below_min_class"] if t["forms"] and t["forms"][0]["form"] in music]
assert len(found) == 1, d["themes_below_min_class"]
t = found[0]
assert t["size"] == 25 and t["min_class_to_keep"] == 25, t
top = [f["form"] for f in t["forms"][:10]]
assert set(top) == music, top
assert all(f["in_theme"] <= 25 and f["chi2"] > 2 for f in t["forms"]), t["forms"]
assert t["modalities"][0]["modality"] == "*theme_musique", t["modalities"]
assert t["modalities"][0]["in_theme"] == 25, t["modalities"]
segs = t["typical_segment_ids"]  # the music texts are the last 25, one segment each
assert len(segs) == 3 and all(451 <= s <= 475 for s in segs), segs
assert "few_classes" not in d
print(t["node"])
PY
node=$(cat music.txt)
expect_grep "report section" '<h2 id="themes-below">Themes below the minimum class size</h2>' res/report.html
expect_grep "report: the music leaf and its size" "<h3>Leaf $node: 25 segments</h3>" res/report.html
expect_grep "report: the --min-class that keeps it" "<code>--min-class 25</code> would keep it" res/report.html
expect_grep "report: its typical segments" "<li><span class=\"muted\">segment 4[5-7][0-9] · <strong>P[0-9]{2}</strong> · theme musique · text 4[5-7][0-9]:</span> [a-zé ]*(violon|piano|chorale)" res/report.html
expect_grep "report: its profile" "<td>orchestre</td><td class=n>[0-9]+</td>" res/report.html
grep -q 'id="few-classes"' res/report.html && fail "a run with 6 classes says it has few"

# --min-class 25 keeps that very leaf as a class of 25 segments.
expect_ok "min-class 25" ca run themes.txt -o kept --min-class 25
python3 - kept/classes.json "$node" <<'PY' || fail "--min-class 25 does not keep leaf $node"
import json, sys
d = json.load(open(sys.argv[1]))
assert any(c["node"] == int(sys.argv[2]) and c["size"] == 25 for c in d["classes"]), d["classes"]
assert all(t["node"] != int(sys.argv[2]) for t in d["themes_below_min_class"])
PY

# What each suggested --min-class gives is said exactly (issue 9 follow-up): the run with
# that value has the sizes and classified count that classes.json and the report announce.
for t in $(python3 -c 'import json,sys; print(" ".join(str(t["min_class_to_keep"]) for t in json.load(open(sys.argv[1]))["themes_below_min_class"]))' res/classes.json); do
    expect_ok "min-class $t" ca run themes.txt -o "with$t" --min-class "$t"
    python3 - res/classes.json "with$t/classes.json" "$t" <<'PY' || fail "--min-class $t: announced classes differ from the run's"
import json, sys
d, w, t = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), int(sys.argv[3])
theme = [x for x in d["themes_below_min_class"] if x["min_class_to_keep"] == t][0]
sizes = [c["size"] for c in w["classes"]]
assert theme["with_it"]["sizes"] == sizes, (theme["with_it"], sizes)
assert theme["with_it"]["classified"] == sum(sizes), (theme["with_it"], sizes)
PY
    sizes=$(python3 -c 'import json,sys; print(", ".join(str(c["size"]) for c in json.load(open(sys.argv[1]))["classes"]))' "with$t/classes.json")
    expect_grep "report: what --min-class $t gives" "would give [0-9]+ classes of $sizes segments: [0-9]+ classified instead of" res/report.html
done

# Nothing left out: said in one line.
expect_ok "min-class 1" ca run themes.txt -o all --min-class 1
expect_grep "none discarded" "<p>None: no phase-1 leaf was left out" all/report.html
expect_grep "empty list" '"themes_below_min_class":[[:space:]]*\[\]' all/classes.json

# One class: one split, and a minimum between its two sides.
expect_ok "one split" ca run themes.txt -o two --classes 2 --min-class 1
big=$(python3 -c 'import json, sys; s = json.load(open(sys.argv[1]))["splits"][0]; print(max(s["size1"], s["size2"]), min(s["size1"], s["size2"]))' two/classes.json)
small=${big#* }
big=${big% *}
expect_ok "one class" ca run themes.txt -o one --classes 2 --min-class "$big"
expect_grep "one class: why on stderr" "warning: one: only one class \\($big of 475 segments\\) reached the minimum size of $big segments" "$WORK/err"
expect_grep "one class: the numbers" "475 segments and [0-9]+ active forms \\(frequency >= 3, --min-freq\\)" "$WORK/err"
expect_grep "one class: the leaf left out" "1 leaf below it was left unclassified \\($small segments; size $small;" "$WORK/err"
# The explicit --min-class (above the automatic 475 / 2) is the cause: lower it; a finer tree or more units cannot help.
expect_grep "one class: what to try" "Try: --min-class 0 \\(the automatic size, 238 segments here\\); --min-class $small would give [0-9]+ classes of [0-9, ]+ segments: [0-9]+ classified instead of $big \\(the largest leaf\\)\\.$" "$WORK/err"
expect_grep "one class: the report says it at the top" '<div id="few-classes"[^>]*><strong>Why this run has one class only:</strong> only one class' one/report.html
expect_grep "one class: classes.json" '"few_classes":[[:space:]]*"only one class' one/classes.json

# No class.
expect_ok "no class" ca run themes.txt -o none --min-class 100000
expect_grep "no class: why on stderr" "warning: none: no class reached the minimum size of 100000 segments \\(--min-class\\)" "$WORK/err"
expect_grep "no class: the leaves' sizes" "10 leaves below it were left unclassified \\(475 segments; sizes [0-9]+(, [0-9]+){9};" "$WORK/err"
expect_grep "no class: the report" "<strong>Why this run has no class:</strong> no class reached" none/report.html
expect_grep "no class: above the run's units" "100000 segments \\(--min-class\\), more than the run's 475 segments: no class can reach it" "$WORK/err"
expect_grep "no class: the automatic size and the largest leaf" "Try: --min-class 0 \\(the automatic size, 48 segments here\\); --min-class [0-9]+ would give [0-9]+ classes? of" "$WORK/err"
grep -qE -- "--classes [0-9]+ \\(a finer|--segment-size [0-9]+ \\(now|--min-freq [0-9]+ \\(now" "$WORK/err" && fail "no class: advice that cannot help: $(cat "$WORK/err")"
expect_grep "no class: no empty participants table" "^<p>No class: this run classified nothing" none/report.html
grep -q "<th>largest participant</th>" none/report.html && fail "no class: an empty participants table"

# No split at all: too little text, said so.
printf '**** *a_1\nbonjour le monde\n**** *a_2\nbonjour le chat\n' >tiny.txt
expect_ok "no split" ca run tiny.txt -o tiny --min-freq 1
expect_grep "no split: why" "one class holds all 2 classified segments: the tree has no split" "$WORK/err"
expect_grep "no split: what to try" "Try: a larger corpus; --segment-size 20" "$WORK/err"

# The double classification: what the crossing left unclassified is said, with the leaves
# of its two trees mostly among it. The demo's French half classifies under half of its
# segments; its themes must not read "None".
new_demo_study && cc export corpus -o demo.txt 2>/dev/null || fail "demo corpus"
expect_ok "double" ca run demo.txt -o double --method double --where lang=fr
python3 - double/classes.json >crossing.txt <<'PY' || fail "double: classes.json: $(cat crossing.txt)"
import json, sys
d = json.load(open(sys.argv[1]))
classified = sum(c["size"] for c in d["classes"])
u = d["unclassified_by_crossing"]
total = u["unclassified"] + classified
assert u["unclassified"] > total / 2, (u["unclassified"], total)
assert u["leaves"], u
for l in u["leaves"]:
    assert l["tree"] in (1, 2) and 2 * l["unclassified"] > l["size"], l
    assert l["forms"] and l["typical_segment_ids"], l
big = max(u["leaves"], key=lambda l: l["size"])
print(u["unclassified"], total, big["tree"], big["node"], big["size"], big["unclassified"])
PY
read -r none total tree node size leftout <crossing.txt
expect_grep "double: the section" '<h2 id="themes-below">Themes the crossing left unclassified</h2>' double/report.html
expect_grep "double: how many" "the crossing left <strong>$none of $total segments unclassified" double/report.html
expect_grep "double: the largest leaf" "<h3>Tree $tree, leaf $node: $size segments, $leftout unclassified" double/report.html
grep -q "None: the double classification" double/report.html && fail "double: 'None' with $none of $total unclassified"
expect_grep "double: noted on stderr" "note: double: the crossing left $none of $total segments unclassified; [0-9]+ phase-1 leaves of the two trees are mostly among them \\(sizes $size," "$WORK/err"

# The themes' profiles are computed on the run's threads (issue 12): the same files on 1
# and on 3 threads, for both methods' themes.
for m in simple double; do
    for t in 1 3; do
        expect_ok "$m on $t threads" ca run themes.txt -o "th$m$t" --method "$m" --threads "$t"
    done
    for f in classes.json report.html; do
        cmp -s "th${m}1/$f" "th${m}3/$f" || fail "$m: $f differs between 1 and 3 threads"
    done
done

# --time naming a variable no text has: an error that lists those the texts have.
expect_exit 1 "--time mois: no text has a *mois_ variable; the variables of the texts are: part, theme" \
    "unknown --time" ca run themes.txt -o t --time mois
[ -e t ] && fail "a refused --time left a folder"
finish

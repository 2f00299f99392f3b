#!/usr/bin/env bash
# Figures that never mislead: the Zipf plot stays small on a corpus of many forms; the
# similitude figure says how many forms it could not label; the CA plane never loses a
# class label and says when its classes coincide or an axis is degenerate.
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"

# A generated corpus of some 10,000 forms, drawn log-uniformly (Zipf-like) from 40,000.
awk 'BEGIN { srand(7); split("abcdefghijklmnopqrstuvwxyz", L, "")
    for (t = 1; t <= 1000; t++) {
        print "**** *grp_" (t % 3); line = ""
        for (w = 0; w < 40; w++) {
            k = int(exp(rand() * log(40000))); s = ""
            do { s = s L[k % 26 + 1]; k = int(k / 26) } while (k > 0)
            line = line s "a" (w % 9 == 8 ? ". " : " ")
        }
        print line
    } }' >many.txt
"$CARNET_ANALYSE" run many.txt -o many >/dev/null 2>&1 || fail "run on many forms"
forms=$(sed -n 's/.*"forms":[[:space:]]*\([0-9]*\).*/\1/p' many/corpus_stats.json | head -1)
[ "${forms:-0}" -ge 10000 ] || fail "the generated corpus has only ${forms:-no} forms"
# one mark per rank class: a dot per form took about 300 bytes, 3 MB here
size=$(stat -c %s many/zipf.svg)
[ "$size" -le 80000 ] || fail "zipf.svg takes $size bytes for $forms forms"

# the similitude caption counts the forms it could not label: those of the CSV
missed=$(($(wc -l <many/similitude_notplotted.csv) - 1))
[ "$missed" -gt 0 ] || fail "no unlabelled similitude form to count on this corpus"
expect_grep "similitude caption" "The 100 most frequent active forms\. $missed of them could not be labelled" \
    many/report.html
"$CARNET_GEN" --out gen --participants 10 --seed 3 --corpus small.txt >/dev/null || fail "generator"
"$CARNET_ANALYSE" run small.txt -o small --min-freq 60 >/dev/null 2>&1 || fail "run on a small vocabulary"
nv=$(grep -c "<node " small/similitude.graphml)
if [ "$(wc -l <small/similitude_notplotted.csv)" -eq 1 ]; then
    expect_grep "similitude caption, all labelled" "The $nv most frequent active forms\. Every one is labelled" small/report.html
else
    expect_grep "similitude caption, small" "The $nv most frequent active forms\. [0-9]+ of them" small/report.html
fi

# The CA plane: three vocabularies that share no word (as three languages would), the
# third holding seven themes that share half their words. Axes 1 and 2 (eigenvalue 1)
# separate the vocabularies, and the seven classes of the third coincide on the plane.
cat >blocks.awk <<'AWK'
function word(prefix, k,   s) {
    s = prefix; do { s = s L[k % 26 + 1]; k = int(k / 26) } while (k > 0); return s
}
BEGIN { srand(11); split("abcdefghijklmnopqrstuvwxyz", L, "")
    for (t = 0; t < 630; t++) {
        theme = t % 9; print "**** *theme_" theme; line = ""
        for (w = 0; w < 40; w++) {
            if (theme == 0) x = word("xo", int(rand() * 60))
            else if (theme == 1) x = word("yo", int(rand() * 60))
            else if (rand() < 0.5) x = word("zo", int(rand() * 40))
            else x = word("q" L[theme + 1], int(rand() * 25))
            line = line x (w % 10 == 9 ? ". " : " ")
        }
        print line
    } }
AWK
awk -f blocks.awk >blocks.txt
printf 'class,label\n1,Théâtre & "scène"\n2,A long label for the second class\n' >labels.csv
"$CARNET_ANALYSE" run blocks.txt -o blocks --labels labels.csv >/dev/null 2>&1 || fail "run on three vocabularies"
classes=$(grep -c '"class":' blocks/classes.json)
[ "$classes" -ge 6 ] || fail "only $classes classes on three vocabularies"
# every class label is drawn (the SVG's <desc> lists each text drawn, one a line)
grep -qxF 'Théâtre &amp; &quot;scène&quot;' blocks/afc_plane.svg || fail "class 1's label is not drawn"
grep -qxF 'A long label for the second class' blocks/afc_plane.svg || fail "class 2's label is not drawn"
for k in $(seq 3 "$classes"); do
    grep -qxF "Class $k" blocks/afc_plane.svg || fail "Class $k's label is not drawn on the CA plane"
done
grep -q '^class,' blocks/afc_notplotted.csv && fail "class labels left out: $(grep '^class,' blocks/afc_notplotted.csv)"
# and the caption says what the plane cannot show
expect_grep "CA caption: degenerate axes" 'Axes 1 and 2 both have eigenvalue 1\.000, the largest possible' blocks/report.html
expect_grep "CA caption: coinciding classes" '(Class [0-9]+, ){3,}Class [0-9]+ and Class [0-9]+ coincide on this plane' blocks/report.html
expect_grep "CA caption: labels set aside" 'Set aside from their point, a line leading to it: the labels of ' blocks/report.html
# the generated diaries (French and English): one axis at eigenvalue 1, no class lost
"$CARNET_ANALYSE" run small.txt -o diaries >/dev/null 2>&1 || fail "run on the diaries"
expect_grep "CA caption: languages" 'Axis 1 has eigenvalue 1\.000, the largest possible: it splits' diaries/report.html
grep -q '^class,' diaries/afc_notplotted.csv && fail "class labels left out of the diaries' plane"

# No text of any figure is cut at the figure's edges. CARNET_LABEL_BOXES makes each figure
# list the ink box of every text it draws (after its width and height); each must lie
# inside. The demo study per language (the French plane had "contents" cut at the left and
# "éducatrice" at the right), and its French diaries with long class names (--labels).
new_demo_study || fail "the demo study"
cc export corpus -o demo.txt >/dev/null 2>&1 || fail "export of the demo corpus"
printf 'class,label\n1,%s\n2,%s\n' "Family life and the children at home after school in the evening" \
    "Work on the building sites and the nights in the squat downtown" >long.csv
CARNET_LABEL_BOXES=1 "$CARNET_ANALYSE" run demo.txt -o demo --by lang >/dev/null 2>&1 || fail "run --by lang"
CARNET_LABEL_BOXES=1 "$CARNET_ANALYSE" run demo.txt -o long --where lang=fr --labels long.csv \
    >/dev/null 2>&1 || fail "run with long labels"
find demo long -name '*.boxes.csv' | sort >boxes.list
[ "$(grep -c . boxes.list)" -ge 20 ] || fail "only $(grep -c . boxes.list) figures list their texts' boxes"
for f in afc_plane similitude dendrogram tree_phase1 cloud_class_1 specificities_care themes_over_time zipf; do
    grep -q "^demo/lang_fr/$f.boxes.csv$" boxes.list || fail "no box table for lang_fr's $f"
done
cut=$(xargs awk -F, 'FNR == 1 { w = $1; h = $2; next }
    $1 < 0 || $2 < 0 || $3 > w || $4 > h { print FILENAME ": " $0 }' <boxes.list)
[ -z "$cut" ] || fail "labels cut at a figure's edge: $cut"
# every figure of a report is an image named by its caption; the tables folded under "the
# other N" have their header; on paper, figures are not cut and the folded tables are shown
for page in demo/lang_fr/report.html demo/by_lang.html long/report.html; do
    [ -f "$page" ] || continue
    python3 - "$page" <<'PY' || fail "$page: a figure without its name, or a folded table without its header"
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
svgs = re.findall(r"<svg[^>]*>", html)
named = [m for m in svgs if 'role="img"' in m and re.search(r'aria-labelledby="(cap-[^"]+)"', m)]
assert (svgs or "by_" in sys.argv[1]) and len(named) == len(svgs), (len(svgs), len(named))
names = []
for m in named:
    cap = re.search(r'aria-labelledby="(cap-[^"]+)"', m).group(1)
    found = re.search(r'<figcaption[^>]*><span id="%s">([^<]+)</span>' % re.escape(cap), html)
    assert found, cap
    names.append(found.group(1))
# each figure's name its own, and no link text in it (trial 49)
assert len(set(names)) == len(names), sorted(names)
for folded in re.findall(r"<details><summary>the other \d+</summary><div class=\"wide\"><table>\n(.*?)</table>", html, re.S):
    assert folded.lstrip().startswith("<thead><tr><th"), folded[:80]
PY
done
grep -q 'figure,tr{break-inside:avoid}details::details-content{content-visibility:visible}summary{list-style:none}.files{display:none}' \
    long/report.html || fail "the report's print style"
# a label left out of the CA plane is listed
for l in contents éducatrice; do
    grep -qxF "$l" demo/lang_fr/afc_plane.svg || grep -q "^form,$l," demo/lang_fr/afc_notplotted.csv ||
        fail "'$l' neither drawn nor listed in lang_fr's afc_notplotted.csv"
done
finish

#!/usr/bin/env bash
# The report opens in headless Chromium: every section renders, the console stays quiet,
# and the dendrogram renders at the size of its own PNG (written at twice the scale).
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"
command -v chromium >/dev/null || { fail "chromium is missing (scripts/deps.sh installs it)"; finish; }

"$CARNET_GEN" --out gen --participants 20 --seed 3 --corpus corpus.txt || fail "generator"
printf 'class,label\n1,First theme\n' >labels.csv
"$CARNET_ANALYSE" run corpus.txt -o res --labels labels.csv --pdf >/dev/null 2>&1 || fail "run"
for f in report.html dendrogram.svg dendrogram.png dendrogram.pdf afc_plane.png similitude.svg \
    zipf.png segment_sizes.png; do
    [ -s "res/$f" ] || fail "no res/$f"
done
grep -q '<script' res/report.html && fail "the report holds a script"
# every link of the page leads to a file of the folder (figures as SVG and PNG ...)
links=$(grep -o 'href="[^"#][^"]*"' res/report.html | sed 's/^href="//; s/"$//' | sort -u)
[ -n "$links" ] || fail "the report links to no file"
for l in $links; do
    [ -s "res/$l" ] || fail "the report links to res/$l, which is missing"
done
grep -q 'First theme' res/report.html || fail "--labels did not name class 1 in the report"
grep -q '"label":[[:space:]]*"First theme"' res/classes.json || fail "--labels did not reach classes.json"
# the profiles' columns say what they count: the classified segments, not all (trial 59)
grep -q '<th>in class</th><th>in all classes</th><th>% of its segments in class</th>' res/report.html ||
    fail "the profile tables' columns are not named"
# "% in class" read as the share of the class's segments holding the form (trial 63):
# the page says what the column and p are
grep -q 'the share of the classified segments holding the form that lie in this class, not' res/report.html ||
    fail "the report does not define its % column"
grep -q '<em>p</em> is its p-value' res/report.html || fail "the report does not define p"
# trial 63: a modality with no specific form said so, not an empty cell; the footer says
# how to open the CSV files in a spreadsheet
grep -q '<td></td>' res/report.html && fail "an empty cell in the report"
grep -q '<td>\*month_[0-9]*</td><td><span class="muted">none above 2</span></td>' res/report.html ||
    fail "a modality with no form above 2 is not said so"
grep -q 'open one in a spreadsheet with its text import' res/report.html ||
    fail "the footer does not say how to open the CSV files"
grep -q 'the classified segments holding it (the unclassified ones are left out' res/report.html ||
    fail "the report does not say what the profiles count"

# --grey: every colour of the figures is a grey (red = green = blue)
"$CARNET_ANALYSE" run corpus.txt -o grey --grey >/dev/null 2>&1 || fail "run --grey"
colours=$(grep -ho 'rgb([0-9.]*%,[0-9.]*%,[0-9.]*%)' grey/dendrogram.svg grey/afc_plane.svg | sort -u)
[ -n "$colours" ] || fail "no colour found in the grey figures"
echo "$colours" | awk -F'[(,%)]' '$2 != $4 || $4 != $6 { bad = 1 } END { exit bad }' ||
    fail "--grey left colours: $(echo "$colours" | head -3)"

browse() {
    timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$WORK/profile" --enable-logging=stderr --v=0 "$@"
}
browse --dump-dom "file://$WORK/res/report.html" >dom.html 2>console.txt || fail "chromium failed"
for id in summary dendrogram fig-dendrogram fig-tree_phase1 class-1 afc fig-afc_plane \
    specificities fig-specificities_care similitude fig-similitude time fig-themes_over_time \
    corpus fig-zipf fig-segment_sizes; do
    grep -q "id=\"$id\"" dom.html || fail "section $id not rendered"
done
[ "$(grep -o '<svg' dom.html | wc -l)" -ge 8 ] || fail "fewer than 8 inline figures rendered"
grep -E 'CONSOLE|Uncaught|ERR_FILE_NOT_FOUND' console.txt && fail "console messages while rendering"

# PNG width and height are big-endian at bytes 16-23 of the file.
png_size() { od -An -tu1 -j16 -N8 "$1" | awk '{ print ($1*16777216+$2*65536+$3*256+$4) "x" ($5*16777216+$6*65536+$7*256+$8) }'; }
size=$(png_size res/dendrogram.png)
w=$((${size%x*} / 2)) h=$((${size#*x} / 2))
browse --screenshot="$WORK/shot.png" --window-size="$w,$h" --hide-scrollbars \
    "file://$WORK/res/dendrogram.svg" >/dev/null 2>&1 || fail "screenshot failed"
expect_eq "dendrogram screenshot size" "${w}x${h}" "$(png_size shot.png)"
# the screenshot is a drawing, not a blank page: its compressed size says it has content
[ "$(stat -c %s shot.png)" -gt 5000 ] || fail "the dendrogram screenshot looks blank"
finish

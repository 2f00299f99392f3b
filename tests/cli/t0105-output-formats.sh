#!/usr/bin/env bash
# Issue 8, defect 9: outputs stay well-formed whatever the input holds. A thematic label
# with a comma keeps modalities.csv's columns; a cell that a spreadsheet would run as a
# formula starts with an apostrophe; a lemma with a control character leaves the GraphML
# valid XML; a --labels label is cut on a character, never inside one, and a label file in
# another encoding is refused; entry list and show never send control characters raw to
# the terminal.
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"
ca() { "$CARNET_ANALYSE" "$@"; }

new_demo_study || fail "demo study"
cc export corpus --vars part,care,month -o corpus.txt 2>/dev/null || fail "export"

# Thematic labels with a comma and a formula-like start, every 150 lines.
awk '/^\*\*\*\*/ { n++; print; if (n % 7 == 0) print "-*a,b=1"; next } { print }' corpus.txt >them.txt
expect_ok "thematics with a comma" ca run them.txt -o them
bad=$(awk -F, -v OFS=, 'NR > 1 { n = 0; q = 0; for (i = 1; i <= length($0); i++) { c = substr($0, i, 1); if (c == "\"") q = !q; else if (c == "," && !q) n++ } if (n != 7) print }' them/modalities.csv)
expect_eq "modalities.csv keeps 8 columns" "" "$bad"
expect_grep "the label is one quoted, formula-safe cell" "^'-\\*,\"'-\\*a,b=1\",[0-9]+," them/modalities.csv
# A segment of its own leading apostrophe keeps it apart from the guard: one more goes
# before it, so that "'-3' ..." and "-3' ..." are two cells (drop one leading ').
printf "**** *a_1\n'-3' sur l'echelle ce matin.\n\n**** *a_2\n-3' sur l'echelle ce soir.\n\n" |
    cat - corpus.txt >apos.txt
expect_ok "segments opening with ' and -" ca run apos.txt -o apos
expect_grep "a segment's own apostrophe doubled" "^1,1,[0-9]+,''-3' sur l'echelle ce matin\.$" apos/segments.csv
expect_grep "the guard alone" "^2,2,[0-9]+,'-3' sur l'echelle ce soir\.$" apos/segments.csv

# A lemma holding a control character (through a lexicon): the GraphML is still XML.
printf 'traitement\ttraite\001ment\tnom\nsoins\tsoins\tnom\n' >lex.txt
expect_ok "lexicon with a control character" ca run corpus.txt -o lex --lexicon lex.txt
grep -q 'traite' lex/similitude.graphml || fail "the test needs the lemma in the similitude graph"
python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' lex/similitude.graphml ||
    fail "similitude.graphml is not well-formed XML"

# Labels: 40 two-byte characters is 80 bytes; the figures' 63-byte room must cut between two.
label=$(printf 'é%.0s' $(seq 1 40))
printf 'class,label\n1,%s\n2,deux\n' "$label" >labels.csv
expect_ok "long UTF-8 label" ca run corpus.txt -o lab --labels labels.csv
for f in lab/report.html lab/dendrogram.svg; do
    python3 -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' "$f" ||
        fail "$f is not valid UTF-8 after a long label"
done
# Labels as spreadsheets write them: quoted with a comma inside, or ';'-separated; a
# class the run lacks is refused (labels written for another run).
printf 'class;label\n1;"Drogue, ""dettes"""\n2;deux\n' >quoted.csv
expect_ok "quoted label" ca run corpus.txt -o quoted --labels quoted.csv
expect_grep "label unquoted in classes.json" '"label":[[:space:]]*"Drogue, \\"dettes\\""' quoted/classes.json
# the report names a labelled class with its number too, as every table does (trial 88)
expect_grep "number beside the name" '2 · deux' quoted/report.html
grep -q '>deux<' quoted/report.html && fail "a class named without its number in the report"
printf 'class,label\n1,un\n99,absente\n' >missing.csv
expect_exit 1 "--labels names class 99, but this run has" "label of a class the run lacks" \
    ca run corpus.txt -o x --labels missing.csv
printf 'class,label\n1,caf\351\n' >latin1.csv
expect_exit 1 "latin1.csv:2: invalid UTF-8 at byte 6: saved as Windows-1252 or Latin-1? convert it: (umask 077 && iconv -f cp1252 -t utf-8 latin1.csv > latin1-utf8.csv)" "labels in Latin-1" ca run corpus.txt -o x --labels latin1.csv
printf 'class,label\r\n1,famille\r\n' | iconv -t utf-16 >utf16.csv # Notepad's "Unicode"
expect_exit 1 "utf16.csv: the file is UTF-16, not UTF-8: save it as UTF-8: (umask 077 && iconv -f utf-16 -t utf-8 utf16.csv > utf16-utf8.csv)" \
    "labels in UTF-16" ca run corpus.txt -o x --labels utf16.csv

# Issue 8, defect 3: a run folder from a colleague is untrusted input for kwic.
for case in where size null; do
    cp -a lab "k_$case"
    python3 - "k_$case/manifest.json" "$case" <<'PY'
import json, sys
path, case = sys.argv[1], sys.argv[2]
m = json.load(open(path))
if case == "where":
    m["parameters"]["where"] = [{"variable": "care", "modalities": ["x" * 2300]}]
elif case == "size":
    m["parameters"]["segment_size"] = -1
else:
    m["input"]["path"] = None
json.dump(m, open(path, "w"))
PY
    "$CARNET_ANALYSE" kwic "k_$case" traitement >"$WORK/out" 2>"$WORK/err"
    expect_eq "kwic refuses a crafted manifest ($case)" "1" "$?"
done


# A diary entry holding an escape sequence is refused (it would colour the terminal that
# shows it, and no transcription holds one), with the character and its place; a tab is
# text, kept, and shown as \t in the list.
printf 'Texte \033[31mrouge\033[0m et\ttab.\n' >esc.txt
expect_exit 1 "text: control character U+001B at its line 1, column 7" "an escape sequence" \
    sh -c '"$0" entry add P01 2025-04-02 <esc.txt' "$CARNET_COLLECT"
printf 'Texte rouge et\ttab.\n' | cc entry add P01 2025-04-02 >/dev/null 2>&1 || fail "entry add"
id=$(sqlite3 "$CARNET_DB" "select max(id) from entry")
expect_ok "show" cc entry show "$id"
expect_grep "tab shown" 'Texte rouge et	tab\.' "$WORK/out"
expect_ok "list" cc entry list P01
expect_grep "list shows the tab" 'rouge et\\ttab\.' "$WORK/out"
# participant list: a long accented site is cut on a character and keeps the columns.
cc participant add P90 --gender f --birth-year 1980 --care-start 2020-01-01 --consent 2025-01-01 \
    --site "Besançon Évry-Courcouronnes" 2>/dev/null || fail "P90"
cc participant list >list.txt 2>/dev/null
python3 - list.txt <<'PY' || fail "participant list: columns shifted or UTF-8 cut"
import sys
lines = open(sys.argv[1], "rb").read().decode("utf-8").splitlines()
header = lines[0]
at = header.index("lang")
for line in lines[1:]:
    if line.startswith("* "):  # what a star after a language means, under the table
        continue
    assert line[at - 1] == " " and line[at:at + 2] in ("fr", "en", "- "), line
PY
finish

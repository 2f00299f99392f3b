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
finish

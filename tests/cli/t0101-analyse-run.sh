#!/usr/bin/env bash
# carnet-analyse run on a corpus written by the collector from a generated study with
# known themes: the classes recover the planted themes (adjusted Rand index >= 0.9), the
# outputs are byte-identical from run to run, and --by runs one analysis per cohort.
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"
ca() { "$CARNET_ANALYSE" "$@"; }

"$CARNET_GEN" --out gen --participants 30 --purity 1 --lang fr --seed 5 || fail "generator"
cc init --name themes 2>/dev/null
cc import gen/participants.csv 2>/dev/null && cc import gen/entries.csv 2>/dev/null || fail "import"
cc export corpus --vars part,care,month -o corpus.txt 2>/dev/null || fail "export"

expect_ok "run" ca run corpus.txt -o res
expect_grep "report line" "^[0-9]+ segments classified on [0-9]+ \([0-9.]+ %\), [0-9]+ classes$" "$WORK/out"
for f in segments.csv profiles.csv profiles_iramuteq.csv modalities.csv typical_segments.csv \
    classes.json corpus_stats.json frequencies.csv manifest.json; do
    [ -s "res/$f" ] || fail "run wrote no $f"
done
ari=$(awk -F, -f "$CARNET_SOURCE/tests/cli/ari.awk" gen/themes.csv res/segments.csv)
awk -v a="$ari" 'BEGIN { exit !(a >= 0.9) }' || fail "adjusted Rand index $ari < 0.9"
classes=$(grep -c '"class":' res/classes.json)
[ "$classes" -ge 3 ] || fail "only $classes classes for 3 planted themes"
expect_eq "segments header" "segment_id,text_id,class,segment_text" "$(head -1 res/segments.csv)"
expect_eq "profiles header" "class,kind,term,segments_in_class,segments_total,percent,chi2,p" \
    "$(head -1 res/profiles.csv)"
expect_grep "modality rows" '^care,\*care_(lt1|1to3|gt3),1,' res/modalities.csv
expect_grep "typical segment of class 1" '^1,1,[0-9.]+,[0-9]+,[0-9]+,' res/typical_segments.csv
expect_grep "input hash" '"sha256":[[:space:]]*"[0-9a-f]{64}"' res/manifest.json
# CA of classes x forms: one axis fewer than classes, all the inertia on them.
expect_eq "afc axes" "$((classes - 1))" "$(($(wc -l <res/afc_axes.csv) - 1))"
expect_grep "afc inertia" '^[0-9]+,[0-9.]+,[0-9.]+,100\.00$' res/afc_axes.csv
expect_grep "afc modality rows" '^modality,\*care_' res/afc_rows.csv
expect_eq "afc cols" "$((classes * (classes - 1)))" "$(($(wc -l <res/afc_cols.csv) - 1))"
# Specificities per star variable: counts add up to each form's total, over-represented
# forms come first in their modality.
expect_eq "specificities header" "modality,form,count,form_total,modality_total,specificity" \
    "$(head -1 res/specificities_care.csv)"
bad=$(awk -F, 'NR > 1 { sum[$2] += $3; total[$2] = $4 } END { for (f in sum) if (sum[f] != total[f]) n++; print n + 0 }' res/specificities_care.csv)
expect_eq "specificity counts add up" "0" "$bad"
[ -s res/specificities_part.csv ] || fail "no specificities for the part variable"
# A modality longer than the writer's 1 MB buffer (a code of 1,100,000 letters) is written
# through it, piece by piece: the same rows as the same corpus with the code "a".
python3 - <<'PY' || fail "long-code corpus"
import random
random.seed(2)
words = "chat chien maison jardin soleil lune mer vent pluie neige".split()
for name, code in (("long.txt", "a" * 1100000), ("short.txt", "a")):
    with open(name, "w") as f:
        for i in range(60):
            f.write("**** *part_%s *g_%d\n" % (code if i % 2 else "b", i % 3))
            f.write(" ".join(random.Random(i).choice(words) for _ in range(40)) + "\n")
PY
expect_ok "run, a 1,100,000-letter code" ca run long.txt -o long --classes 3
expect_ok "run, the same with code a" ca run short.txt -o short --classes 3
python3 - <<'PY' >long_rows.txt || fail "reading the long code's rows"
text = open("long/specificities_part.csv").read()
print(text.count("\n*part_" + "a" * 1100000 + ","))
open("long_as_short.csv", "w").write(text.replace("*part_" + "a" * 1100000 + ",", "*part_a,"))
PY
cmp -s long_as_short.csv short/specificities_part.csv ||
    fail "a modality longer than the buffer changed its specificities' rows"
expect_eq "its rows are there" "$(grep -c '^\*part_a,' short/specificities_part.csv)" \
    "$(cat long_rows.txt)"
# Similitude: a tree (fewer edges than nodes) over the most frequent active lemmas.
nodes=$(grep -c '<node ' res/similitude.graphml)
edges=$(grep -c '<edge ' res/similitude.graphml)
[ "$nodes" -ge 10 ] && [ "$edges" -ge 1 ] && [ "$edges" -lt "$nodes" ] ||
    fail "similitude: $nodes nodes, $edges edges is not a spanning forest"
expect_eq "similitude edges csv" "$((edges + 1))" "$(wc -l <res/similitude_edges.csv)"
texts=$(grep -c '^\*\*\*\*' corpus.txt)
expect_grep "texts counted" "\"texts\":[[:space:]]*$texts," res/corpus_stats.json

# Same input, same parameters: the same bytes (the manifest alone records timings).
expect_ok "second run" ca run corpus.txt -o again
diff -r -x manifest.json res again >/dev/null || fail "two runs differ"

# Double classification (IRAMUTEQ's, UC sizes 12 and 14): its two trees run on two threads
# or one with the same result. It keeps finer classes (sub-themes: home / calls to family,
# clinic / daily routine), so what is checked is that every class lies inside one theme.
expect_ok "double" ca run corpus.txt -o double --method double --rst 12,14
expect_ok "double, one thread" ca run corpus.txt -o double1 --method double --threads 1
diff -r -x manifest.json double double1 >/dev/null || fail "double differs with one thread"
expect_grep "double pairs" '"double_pairs":' double/classes.json
purity=$(awk -F, -f "$CARNET_SOURCE/tests/cli/purity.awk" gen/themes.csv double/segments.csv)
awk -v a="$purity" 'BEGIN { exit !(a >= 0.95) }' || fail "double: purity $purity < 0.95"
expect_exit 2 "--rst" "bad rst" ca run corpus.txt -o x --method double --rst 12

expect_ok "dtm" ca run corpus.txt -o withdtm --dtm --where care=lt1,gt3
expect_grep "matrix market" "^%%MatrixMarket matrix coordinate pattern general" withdtm/dtm.mtx
expect_eq "dtm rows = segments" "$(($(wc -l <withdtm/segments.csv) - 1))" \
    "$(sed -n 2p withdtm/dtm.mtx | cut -d' ' -f1)"
grep -q ',\*care_1to3,' withdtm/modalities.csv && fail "--where kept care_1to3 texts"

expect_ok "texts as units" ca run corpus.txt -o texts --unit texts
expect_grep "texts classified" "texts classified on $texts " "$WORK/out"
expect_eq "profiles header counts texts" "class,kind,term,texts_in_class,texts_total,percent,chi2,p" \
    "$(head -1 texts/profiles.csv)"
expect_eq "modalities header counts texts" \
    "variable,modality,class,texts_in_class,texts_total,percent,chi2,p" "$(head -1 texts/modalities.csv)"

expect_ok "by care" ca run corpus.txt -o bycare --by care
expect_eq "by_care header" "cohort,class,size,percent,top_forms,typical_segment,error,units,classified,classified_percent,participants,largest_participant,largest_percent,over_half,all_class,all_percent,all_unclassified_percent,all_forms,label,all_label" \
    "$(head -1 bycare/by_care.csv)"
for cohort in $(grep -o '^\*\*\*\* [^ ]* \*care_[a-z0-9]*' corpus.txt | sed 's/.*\*care_//' | sort -u); do
    [ -s "bycare/care_$cohort/segments.csv" ] || fail "no analysis for care_$cohort"
    expect_grep "by_care row for $cohort" "^care_$cohort,1," bycare/by_care.csv
done

# An IRAMUTEQ lexicon replaces stems by lemmas and applies its POS table.
printf 'enfants\tenfant\tnom\nla\tle\tart_def\nle\tle\tart_def\nmaison\tmaison\tinconnu\n' >lex.txt
expect_ok "lexicon" ca run corpus.txt -o lex --lexicon lex.txt
expect_grep "lemma shown as itself" '^enfant,[0-9]+,active,yes$' lex/frequencies.csv
expect_grep "article supplementary" '^le,[0-9]+,supplementary,no$' lex/frequencies.csv
expect_grep "unknown POS ignored" '^maison,[0-9]+,ignored,no$' lex/frequencies.csv
grep -q ',maison,' lex/profiles.csv && fail "an ignored lemma has a profile row"
# A form given twice takes its last line, as IRAMUTEQ's dict does; the repeat is warned of
# (by default "Enfants" is "enfants" case-folded, so the third line corrects the first).
printf 'enfants\tenfant\tnom\nla\tle\tart_def\nEnfants\tgamin\tnom\n' >lexdup.txt
expect_ok "lexicon with a form twice" ca run corpus.txt -o lexdup --lexicon lexdup.txt
expect_grep "the last line used" '^gamin,[0-9]+,active,yes$' lexdup/frequencies.csv
grep -q '^enfant,' lexdup/frequencies.csv && fail "the first line of a form given twice was used"
expect_grep "the form given twice warned of" \
    "warning: .*: the lexicon lexdup.txt gives 1 form on more than one line: enfants \(lines 1 and 3\); the last line of each is used, as in IRAMUTEQ$" \
    "$WORK/err"
# a fact of the file: said once by a --by run, not once per cohort as well
expect_ok "--by, lexicon with a form twice" ca run corpus.txt -o lexdupby --lexicon lexdup.txt \
    --by care
expect_eq "the repeat said once" 1 "$(grep -c 'gives 1 form on more than one line' "$WORK/err")"
expect_ok "stats, lexicon with a form twice" ca stats corpus.txt --lexicon lexdup.txt
expect_grep "stats warns of the form given twice" "lexdup.txt gives 1 form on more than one line" \
    "$WORK/err"
# Under --charset iramuteq a form is a key as written, as in IRAMUTEQ's dict: "Enfants"
# meets no lowered corpus word, and is no repeat of "enfants".
expect_ok "lexicon keys as written" \
    ca run corpus.txt -o lexira --lexicon lexdup.txt --charset iramuteq
expect_grep "the lower-case key used" '^enfant,[0-9]+,active,yes$' lexira/frequencies.csv
grep -q '^gamin,' lexira/frequencies.csv && fail "a capitalised key matched under iramuteq"
grep -q "more than one line" "$WORK/err" && fail "Enfants and enfants told as one form twice"
printf 'enfants enfant nom\n' >badlex.txt
expect_exit 1 "badlex.txt:1: expected form<TAB>lemma<TAB>POS" "bad lexicon" \
    ca run corpus.txt -o x --lexicon badlex.txt

# Expressions glue multi-word units into one occurrence of their lemma.
printf "groupe de parole\tgroupe_de_parole\tnom\nrendez-vous\trendez_vous\n" >expr.txt
expect_ok "expressions" ca run corpus.txt -o expr --expressions expr.txt
expect_grep "expression counted" '^groupe_de_parole,[0-9]+,active,yes$' expr/frequencies.csv
expect_grep "hyphenated expression" '^rendez_vous,[0-9]+,active,yes$' expr/frequencies.csv
grep -q '^groupe,' expr/frequencies.csv && fail "'groupe' still counted alone"
printf 'groupe de parole\n' >badexpr.txt
expect_exit 1 "badexpr.txt:1: expected form<TAB>lemma" "bad expressions" \
    ca run corpus.txt -o x --expressions badexpr.txt

# Thematics: a segment never spans one, and their labels are modalities of their segments.
awk 'NR % 200 == 2 && /^\*\*\*\*/ { print; print "-*theme_a"; next } { print }' corpus.txt >thematic.txt
expect_ok "thematics" ca run thematic.txt -o thematic
expect_grep "thematic modality, formula-safe" "^'-\\*,'-\\*theme_a,1," thematic/modalities.csv

# The report shows 10 typical segments of the CSV's 50 a class, and says so (trial 88).
n1=$(awk -F, '$1 == 1' res/typical_segments.csv | wc -l)
[ "$n1" -gt 10 ] || fail "the test needs more than 10 typical segments in class 1 ($n1)"
expect_grep "the report's share of the list said" "The first 10 of the $n1 typical_segments.csv lists for this class" res/report.html

# Concordance from a finished run: the form and the forms of its stem, with variables.
expect_ok "kwic" ca kwic res famille --width 20
expect_grep "kwic line" $'^[0-9]+\t[0-9]+\t\\*part_P[0-9]+ \\*care_[a-z0-9]+ \\*month_[0-9]+\t.*\\[[Ff]amilles?\\]' "$WORK/out"
expect_grep "kwic count" "occurrences of 'famille' and the other forms of its lemma" "$WORK/err"
expect_ok "kwic one class" ca kwic res famille --class 1
awk -F'\t' '$2 != 1 { bad = 1 } END { exit bad }' "$WORK/out" || fail "kwic --class 1 printed another class"
expect_grep "kwic --class: the count says of which class (trial 72)" \
    "occurrences of 'famille' and the other forms of its lemma in the segments of class 1$" "$WORK/err"
# --class 0: the unclassified, as class 0 is everywhere else; without --class, all
expect_ok "kwic of the unclassified" ca kwic res famille --class 0
awk -F'\t' '$2 != 0 { bad = 1 } END { exit bad }' "$WORK/out" || fail "kwic --class 0 printed a class"
expect_grep "kwic --class 0: said" "in the unclassified segments$" "$WORK/err"
unclassified=$(grep -c . "$WORK/out")
expect_ok "kwic of all" ca kwic res famille
[ "$(grep -c . "$WORK/out")" -gt "$unclassified" ] || fail "kwic without --class printed no more than class 0"
expect_exit 1 "manifest.json: cannot open" "kwic without a run" ca kwic nowhere famille

grep -q 'care_lt1/report.html' bycare/by_care.html || fail "by_care.html links no cohort report"
[ -s bycare/care_lt1/report.html ] || fail "no report for the care_lt1 cohort"

# Two classes: the CA has one axis, written and shown as such. No class at all: still a report.
expect_ok "two classes" ca run corpus.txt -o two --classes 2 --min-class 1
expect_eq "one CA axis" "2" "$(wc -l <two/afc_axes.csv)"
grep -q 'a single axis' two/report.html || fail "the report does not say the CA has one axis"
expect_ok "no class" ca run corpus.txt -o none --min-class 100000
expect_grep "nothing classified" "^0 segments classified on [0-9]+ \(0.00 %\), 0 classes$" "$WORK/out"
[ -s none/report.html ] || fail "no report without classes"
# Identical texts: the CA finds no contrast, and a cut with an empty side is no split
# (trial 35: nine 'splits' of 30 and 0, and the advice of a finer tree)
for i in $(seq 30); do
    printf '**** *part_P%02d\nJe suis allé au centre pour la méthadone. La famille est venue.\n' \
        $((i % 5))
done >ident.txt
expect_ok "identical texts" ca run ident.txt -o ident
expect_grep "told why" "could not split them even once: their active forms do not tell any" \
    "$WORK/err"
grep -q "a finer tree" "$WORK/err" && fail "identical texts: advised a finer tree"
grep -q '"size1"' ident/classes.json && fail "identical texts: classes.json records a split"
expect_ok "identical texts, double" ca run ident.txt -o identd --method double
expect_grep "double: told why" "neither classification split the segments even once.*do not tell any" \
    "$WORK/err"
grep -q -e "--rst" -e "sign draws" "$WORK/err" "$WORK/out" &&
    fail "identical texts, double: advised other --rst sizes or spoke of sign draws"

# stats reads the same text options as run, and counts what run counts
expect_ok "stats where" ca stats corpus.txt --where care=lt1,gt3
expect_grep "stats agrees with run" "^texts: $(grep -o '"texts":[[:space:]]*[0-9]*' withdtm/corpus_stats.json | grep -o '[0-9]*$')$" "$WORK/out"

expect_ok "stats" ca stats corpus.txt
expect_grep "stats texts" "^texts: $texts$" "$WORK/out"
grep -q "texts without a word" "$WORK/out" && fail "stats names empty texts where none is"
grep -q "active lemmas classified" "$WORK/out" && fail "stats names a cut no --max-actives made"
# --lang where every text names its own: said, not ignored in silence (trial 75)
sed 's/^\(\*\*\*\* .*\)$/\1 *lang_fr/' corpus.txt >starred.txt
expect_ok "stats --lang en on starred texts" ca stats starred.txt --lang en
expect_grep "said" "note: starred.txt: --lang en applies to no text: each names its language with a \*lang_ star" "$WORK/err"
expect_ok "stats --lang fr on unstarred texts" ca stats corpus.txt --lang fr
grep -q "applies to no text" "$WORK/err" && fail "--lang said unused where it is used"
# --max-actives: stats says the cut run makes, not ignores it (trial 75)
expect_ok "stats --max-actives" ca stats corpus.txt --max-actives 20
expect_grep "the cut said" "^active lemmas classified: 20, the most frequent \(--max-actives\)$" "$WORK/out"

# Texts without a word (a header and nothing, or punctuation only) are in no segment:
# each tool names their header lines, as IRAMUTEQ's log does (trial 35)
python3 - <<'PY' || fail "corpus with empty texts"
import random
random.seed(9)
words = "famille maison mère père enfants travail nuit rue centre dose méthadone".split()
with open("empty.txt", "w") as f:
    for i in range(40):
        f.write("**** *part_P%02d\n" % (i % 8))
        if i == 7:
            f.write("...\n")
        if i not in (5, 7):
            f.write(" ".join(random.choice(words) for _ in range(30)) + ".\n")
PY
expect_ok "stats, two empty texts" ca stats empty.txt
expect_grep "stats names them" "^texts without a word: 2 \(header at lines 11, 14\)$" "$WORK/out"
expect_grep "and warns" "warning: empty.txt: 2 texts have no word \(header at lines 11, 14\)" \
    "$WORK/err"
expect_ok "run, two empty texts" ca run empty.txt -o empty
expect_grep "run warns" "2 texts have no word \(header at lines 11, 14\)" "$WORK/err"
expect_grep "corpus_stats.json" '"empty_texts":[[:space:]]*2' empty/corpus_stats.json
grep -q '2 texts have no word</strong> (header at lines 11, 14)' empty/report.html ||
    fail "report.html does not name the empty texts"
# more than the messages show: corpus_stats.json lists every one (trial 36)
python3 -c "
for i in range(40): print('**** *part_P%02d' % (i % 8)); print('' if i % 3 == 0 else 'la famille et la maison.')
" >many_empty.txt
expect_ok "stats, 14 empty texts" ca stats many_empty.txt
expect_grep "the message shows ten" "^texts without a word: 14 \(header at lines 1, 7, .* and 4 more\)$" \
    "$WORK/out"
expect_ok "run, 14 empty texts" ca run many_empty.txt -o many_empty
python3 -c "
import json; d = json.load(open('many_empty/corpus_stats.json'))
assert d['empty_text_lines'] == [1 + 6 * k for k in range(14)], d['empty_text_lines']
" || fail "corpus_stats.json does not list every empty text"
expect_exit 1 "--class 99: the run has classes 1 to" "kwic of a class the run lacks" \
    ca kwic res famille --class 99
finish

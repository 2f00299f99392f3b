#!/usr/bin/env bash
# Results a researcher can quote (issue 9 §3): typical segments name their participant,
# their date (or diary month) and their cohort, and mark only their class's active
# profile forms, never a stop word; kwic reads the very corpus the run read (its SHA-256),
# finds it from anywhere or where it has moved, and sees the words as the run did (its
# expressions glued, its lexicon's lemmas).
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"
ca() { "$CARNET_ANALYSE" "$@"; }

"$CARNET_GEN" --out gen --participants 8 --diary-months 3 --purity 1 --lang fr --seed 5 --corpus corpus.txt \
    >/dev/null || fail "generator"
# Every other text gets an entry date, which a quote gives with the diary month.
awk '/^\*\*\*\*/ { n++; if (n % 2) $0 = $0 sprintf(" *date_2026_01_%02d", n % 28 + 1) } { print }' \
    corpus.txt >dated.txt

expect_ok "run" ca run dated.txt -o res
expect_eq "typical segments header" \
    "class,rank,score,segment_id,text_id,participant,date,time_variable,time,modalities,profile_forms,segment_text" \
    "$(head -1 res/typical_segments.csv)"
expect_grep "a dated typical segment" \
    '^[0-9]+,[0-9]+,[0-9.]+,[0-9]+,[0-9]+,P[0-9]{2},2026_01_[0-9]{2},month,[0-9]{2},\*care_[a-z0-9]+ \*lang_fr,' \
    res/typical_segments.csv
expect_grep "an undated one: its diary month" \
    '^[0-9]+,[0-9]+,[0-9.]+,[0-9]+,[0-9]+,P[0-9]{2},,month,[0-9]{2},\*care_[a-z0-9]+ \*lang_fr,' \
    res/typical_segments.csv
# Themes over diary time follow time, not the alphabet: unpadded months (IRAMUTEQ corpora
# written by hand) and weeks go 1, 2 ... 10, 11; dates by their numbers.
awk '/^\*\*\*\*/ { n++; $0 = $0 sprintf(" *wk_%d", n % 12 + 1) } { print }' corpus.txt >weeks.txt
expect_ok "run --time wk" ca run weeks.txt -o weeks --time wk
order=$(awk '/id="time"/ { on = 1 } on && /<h2 id="corpus"/ { on = 0 } on' weeks/report.html |
    grep -o '<tr><td>\*wk_[0-9]*</td>' | sed 's/[^0-9]//g' | tr '\n' ' ')
expect_eq "weeks in time order" "1 2 3 4 5 6 7 8 9 10 11 12 " "$order"
# dates written day first, as French teams write them: by year, month and day
awk '/^\*\*\*\*/ { n++; $0 = $0 sprintf(" *jour_%02d_%02d_%d", n % 3 + 1, n % 2 + 11, 2025 + n % 2) } { print }' \
    corpus.txt >days.txt
expect_ok "run --time jour" ca run days.txt -o days --time jour
order=$(awk '/id="time"/ { on = 1 } on && /<h2 id="corpus"/ { on = 0 } on' days/report.html |
    grep -o '<tr><td>\*jour_[0-9_]*</td>' | sed 's/<[^>]*>//g; s/\*jour_//' | tr '\n' ' ')
expect_eq "days first, in time order" "01_11_2025 02_11_2025 03_11_2025 01_12_2026 02_12_2026 03_12_2026 " \
    "$order"

# --time names another variable: without a date, the quote gives that one
expect_ok "run --time care" ca run corpus.txt -o bycare --time care
expect_grep "time from --time" '^1,1,[0-9.]+,[0-9]+,[0-9]+,P[0-9]{2},,care,[a-z0-9]+,\*month_[0-9]{2} \*lang_fr,' \
    bycare/typical_segments.csv

# Marked words: the class's active profile forms. French stop words are in the profiles of
# French classes (as supplementary forms) but are never marked.
stop='le|la|les|l|de|du|des|d|à|au|aux|et|pour|un|une|on|a|j|ai|je|me|m|ma|mon'
awk -F, -v stop="^($stop)\$" 'NR > 1 { n = split($11, w, " "); for (i = 1; i <= n; i++) if (tolower(w[i]) ~ stop) { print; exit 1 } }' \
    res/typical_segments.csv || fail "a stop word among the profile forms of a typical segment"
awk -F, 'NR > 1 && $11 == "" { exit 1 }' res/typical_segments.csv ||
    fail "a typical segment with no profile form"
grep -qE "<mark>($stop)</mark>" res/report.html &&
    fail "the report marks a stop word: $(grep -oE "<mark>($stop)</mark>" res/report.html | sort | uniq -c | head -3)"
grep -q '<mark>' res/report.html || fail "the report marks nothing"
expect_grep "report: participant and date" '<strong>P[0-9]{2}</strong> · date 2026_01_[0-9]{2} · month [0-9]{2} · care [a-z0-9]+, lang fr · text [0-9]+' \
    res/report.html
expect_grep "report: participant and month" '<strong>P[0-9]{2}</strong> · month [0-9]{2} · care [a-z0-9]+, lang fr · text [0-9]+' \
    res/report.html
# The typical segments of the themes left out below the minimum class size are quoted alike.
expect_ok "run --min-class 60" ca run dated.txt -o left --min-class 60
expect_grep "left-out themes: participant, date, month, cohort" \
    '<li><span class="muted">segment [0-9]+ · <strong>P[0-9]{2}</strong> · date 2026_01_[0-9]{2} · month [0-9]{2} · care [a-z0-9]+, lang fr · text [0-9]+:</span>' \
    left/report.html
# kwic: the manifest records the corpus by its absolute path, so kwic works from elsewhere.
mkdir -p study/sub && cp corpus.txt study/diaries.txt
(cd study && "$CARNET_ANALYSE" run diaries.txt -o ../k >/dev/null 2>&1) || fail "run in study/"
expect_grep "absolute corpus path" "\"path\":[[:space:]]*\"$WORK/study/diaries.txt\"" k/manifest.json
(cd study/sub && "$CARNET_ANALYSE" kwic ../../k famille >"$WORK/out" 2>"$WORK/err") ||
    fail "kwic from another folder: $(cat "$WORK/err")"
expect_grep "kwic from another folder" 'occurrences of .famille. and the other forms of its lemma' "$WORK/err"
# A moved corpus: an error saying how to give its place, then found with --corpus.
mv study/diaries.txt moved.txt
expect_exit 1 "if it has moved, give its new place with --corpus FILE" "kwic, corpus moved" \
    ca kwic k famille
expect_exit 1 "study/diaries.txt" "kwic, corpus moved: which file" ca kwic k famille
expect_ok "kwic --corpus" ca kwic k famille --corpus moved.txt
expect_grep "kwic --corpus finds" '\[[Ff]amilles?\]' "$WORK/out"
# A changed corpus (or another one) is refused: its segments are no longer the run's.
sed 's/famille/familles/' moved.txt >changed.txt
expect_exit 1 "changed.txt: changed since the run" "kwic, another corpus" \
    ca kwic k famille --corpus changed.txt
cp changed.txt moved.txt
expect_exit 1 "moved.txt: changed since the run" "kwic, corpus changed" \
    ca kwic k famille --corpus moved.txt
[ ! -s "$WORK/out" ] || fail "kwic printed lines from a changed corpus"

# A run folder whose segments are not those of its corpus read again (another segmentation,
# another version of Carnet) is refused rather than showing other classes.
cp corpus.txt moved.txt
cp -a k k_seg && sed -i '3d' k_seg/segments.csv
expect_exit 1 "segments.csv:3: segment 3 of text" "kwic, a segment missing" ca kwic k_seg famille --corpus moved.txt
cp -a k k_few && sed -i '$d' k_few/segments.csv
expect_exit 1 "the run was made with another segmentation" "kwic, fewer segments" \
    ca kwic k_few famille --corpus moved.txt

# kwic applies the run's expressions: the glued unit is found, its words no longer alone.
printf 'rendez-vous\trendez_vous\tnom\ngroupe de parole\tgroupe_de_parole\tnom\n' >expr.txt
expect_ok "run --expressions" ca run corpus.txt -o e --expressions expr.txt
# typical segments mark a glued expression whole, as the run counted it
awk -F, 'NR > 1 && $11 ~ /(^| )[Rr]endez-vous( |$)/ { found = 1 } END { exit !found }' \
    e/typical_segments.csv || fail "no typical segment with rendez-vous among its profile forms"
grep -qE '<mark>[Rr]endez-vous</mark>' e/report.html || fail "the report does not mark rendez-vous whole"
expect_ok "kwic an expression" ca kwic e rendez_vous --width 15
expect_grep "kwic an expression: its line" $'\t.*\\[[Rr]endez-vous\\]' "$WORK/out"
expect_grep "kwic an expression: counted" "^[1-9][0-9]* occurrences of 'rendez_vous'" "$WORK/err"
count=$(grep -o '^[0-9]*' "$WORK/err")
expect_ok "kwic an expression as written" ca kwic e Rendez-vous
expect_grep "kwic an expression as written: the same" "^$count occurrences of 'Rendez-vous'" "$WORK/err"
expect_exit 1 "'groupe parole': 2 words: kwic looks for one word" "kwic two words" \
    ca kwic e "groupe parole"
expect_ok "kwic a glued word" ca kwic e rendez
expect_grep "a glued word is not alone" "^0 occurrences of 'rendez'" "$WORK/err"
expect_ok "kwic an expression's words" ca kwic e groupe_de_parole --exact
expect_grep "kwic --exact an expression" $'\\[groupe de parole\\]' "$WORK/out"
# an expression written across a line break is one hit on one line (the break a space)
{ cat corpus.txt; printf '**** *part_z\nle groupe de\nparole du jeudi, puis le groupe de parole.\n'; } >broken.txt
expect_ok "run, an expression across a line" ca run broken.txt -o eb --expressions expr.txt
expect_ok "kwic an expression across a line" ca kwic eb groupe_de_parole --exact
hits=$(grep -o '^[0-9]*' "$WORK/err")
expect_eq "kwic: one line per hit" "$hits" "$(wc -l <"$WORK/out")"
expect_grep "kwic: the break as a space" $'\\[groupe de parole\\] du jeudi' "$WORK/out"
expect_grep "kwic: no space added (trial 90)" 'puis le \[groupe de parole\]\.' "$WORK/out"
# ... and its lexicon: a lemma finds its forms.
printf 'pris\tprendre\tver\nprendre\tprendre\tver\nprends\tprendre\tver\n' >lex.txt
expect_ok "run --lexicon" ca run corpus.txt -o l --lexicon lex.txt
expect_ok "kwic a lemma" ca kwic l prendre
expect_grep "kwic a lemma: a form" $'\\[pris\\]' "$WORK/out"
expect_grep "kwic a lemma: another form" $'\\[prendre\\]' "$WORK/out"
expect_grep "kwic a lemma: said" "occurrences of 'prendre' and the other forms of its lemma" "$WORK/err"
expect_ok "kwic a lemma --exact" ca kwic l prendre --exact
grep -q '\[pris\]' "$WORK/out" && fail "kwic --exact prendre printed pris"
# a lexicon edited since the run would make kwic read other lemmas: refused, as a corpus is
cp lex.txt lex.bak && printf 'prise\tprendre\tver\n' >>lex.txt
expect_exit 1 "lex.txt: the run's --lexicon has changed since the run" "kwic, lexicon changed" \
    ca kwic l prendre
mv lex.bak lex.txt
expect_ok "kwic, lexicon as it was" ca kwic l prendre

# --class beyond the run's classes says how many it has.
n=$(grep -c '"class":' e/classes.json)
expect_exit 1 "--class 99: the run has classes 1 to $n only ($n classes; 0: the unclassified)" "kwic --class beyond" \
    ca kwic e famille --class 99
expect_ok "run without a class" ca run corpus.txt -o none --min-class 100000
expect_exit 1 "--class 1: the run has no class" "kwic --class, no class" ca kwic none famille --class 1
# kwic --where reads one cohort's texts, checked as run checks it; --limit cuts the lines,
# never the count, and both say so on stderr.
expect_ok "kwic, all texts" ca kwic e famille
all=$(grep -o '^[0-9]*' "$WORK/err")
care=$(grep -o '\*care_[a-z0-9]*' corpus.txt | head -1)
expect_ok "kwic --where" ca kwic e famille --where "care=${care#*_}"
some=$(grep -o '^[0-9]*' "$WORK/err")
expect_grep "kwic --where: said" "occurrences of 'famille' and the other forms of its lemma in the texts with care=${care#*_}\$" "$WORK/err"
expect_eq "kwic --where: a line per hit" "$some" "$(wc -l <"$WORK/out")"
expect_eq "kwic --where: only that cohort" "$some" "$(grep -cF " $care " "$WORK/out")"
[ "$some" -gt 0 ] && [ "$some" -lt "$all" ] || fail "kwic --where: $some of $all occurrences"
expect_exit 1 "e (the run's texts): --where care=nowhere: no text has this modality; the modalities of care are:" \
    "kwic --where, a modality no text has" ca kwic e famille --where care=nowhere
expect_exit 1 "--where sexe=f: no text has a sexe variable" "kwic --where, no such variable" \
    ca kwic e famille --where sexe=f
expect_exit 2 "care is already constrained" "kwic --where, one variable twice" \
    ca kwic e famille --where "care=${care#*_}" --where care=other
expect_ok "kwic --limit" ca kwic e famille --limit 2
expect_eq "kwic --limit: two lines" 2 "$(wc -l <"$WORK/out")"
expect_grep "kwic --limit: the count is of all" "^$all occurrences of 'famille' and the other forms of its lemma \(the first 2 shown: --limit\)" "$WORK/err"
expect_exit 2 "--limit '0'" "kwic --limit 0" ca kwic e famille --limit 0
# kwic sees exactly the words each run counted (frequencies.csv), in both charsets: under
# --charset iramuteq "près de" is replaced inside "auprès de" too, and "peut être" (a space)
# is not "peut-être"; by default whole words are glued.
for n in 1 2 3; do
    printf '**** *part_Q%s\nJe suis allé auprès de ma mère... Peut-être demain, peut être pas. Près de la gare.\n' $n
done >qcorpus.txt
cat corpus.txt >>qcorpus.txt
printf 'près de\tprès_de\tpre\npeut-être\tpeut_être\tadv\n' >qexpr.txt
for cs in iramuteq unicode; do
    expect_ok "run --charset $cs --expressions" ca run qcorpus.txt -o q_$cs --charset $cs --expressions qexpr.txt
    for form in auprès_de près_de peut_être peut; do
        want=$(awk -F, -v f="$form" '$1 == f { print $2 }' q_$cs/frequencies.csv)
        ca kwic q_$cs "$form" --exact >"$WORK/out" 2>"$WORK/err" || fail "kwic $form: $(cat "$WORK/err")"
        expect_grep "$cs: kwic $form finds the run's ${want:-0}" "^${want:-0} occurrences? of '$form'" "$WORK/err"
    done
done
ca kwic q_iramuteq "auprès de" >"$WORK/out" 2>/dev/null || fail "kwic 'auprès de'"
expect_grep "iramuteq: auprès de is one word" '\[auprès de\]' "$WORK/out"
ca kwic q_iramuteq peut_être >"$WORK/out" 2>/dev/null || fail "kwic peut_être"
grep -q '\[peut être\]' "$WORK/out" && fail "iramuteq: kwic peut_être shows 'peut être'"
finish

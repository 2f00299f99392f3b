#!/usr/bin/env bash
# A pilot's corpus, a dozen segments (trial 100): where the counts are this small, no
# output may present what they cannot support. A class of one segment is said to be no
# theme (stderr and the report, with the --min-class that leaves it out); a modality with
# no classified segment has no share and no test in modalities.csv (it read 0.00 %, χ² 0,
# p 1); a specificity of 0 is written 0.0000, not -0.0000; a cohort not classified has no
# classified share in by_VAR.csv (a run of one class read 100 %); too little text says what
# a classification needs.
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"
ca() { "$CARNET_ANALYSE" "$@"; }

care=("Au centre, l infirmière a donné la dose du traitement ce matin."
    "Ce matin au centre, la dose du traitement a changé."
    "L infirmière du centre a parlé du traitement ce matin."
    "Au centre ce matin, rendez-vous avec l infirmière pour la dose."
    "Le traitement et la dose, discutés avec l infirmière au centre.")
family=("Dimanche, repas de famille chez ma mère avec les enfants."
    "Ma mère a fait le repas dimanche, les enfants étaient là."
    "Les enfants ont vu la famille dimanche chez ma mère."
    "Repas de famille dimanche, ma mère et les enfants."
    "La famille chez ma mère, dimanche, les enfants ont joué."
    "Dimanche avec les enfants et la famille, repas chez ma mère.")
{
    for s in "${care[@]}" "${family[@]}"; do printf '**** *grp_a *sex_f\n%s\n\n' "$s"; done
    printf '**** *grp_a *sex_m\nPharmacie fermée. Pharmacie fermée encore. Pharmacie fermée toujours.\n\n'
    printf '**** *grp_a *sex_x\nOui, non, et puis voilà.\n\n'
} >pilot.txt

expect_ok "a run of 13 texts" ca run pilot.txt -o r --lang fr
expect_grep "three classes" "^13 segments classified on 13|^12 segments classified on 13" "$WORK/out"
expect_grep "a class of one segment, said in the singular" "^  class [0-9]: 1 segment \(" "$WORK/out"
expect_grep "said to be no theme" \
    "note: r: class [0-9] holds 1 segment, fewer than 5: the words of so few make no theme .*--min-class 5 leaves such a class out" \
    "$WORK/err"
expect_grep "and in the report" "<strong>Too small to read as a theme:</strong> 1 segment, fewer than 5" \
    r/report.html
expect_eq "and in classes.json" "1:True 5:False 6:False" "$(python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))["classes"]
print(" ".join(sorted("%d:%s" % (x["size"], x["too_small_for_a_theme"]) for x in c)))' r/classes.json)"
# the larger classes are not said to be small
[ "$(grep -c 'holds [0-9]* segments\?, fewer than 5' "$WORK/err")" = 1 ] || fail "more than one class said small"
# with --min-class 5 it is a theme left out, and nothing is said small
expect_ok "--min-class 5" ca run pilot.txt -o r5 --lang fr --min-class 5
grep -q "fewer than 5" "$WORK/err" && fail "a class said small with --min-class 5"
expect_grep "a theme of one segment, in the singular" "1 theme of 1 segment \(profiles" "$WORK/out"
expect_grep "and in the report" "<h3>Leaf [0-9]+: 1 segment</h3>" r5/report.html

# *sex_x has no classified segment: no share, no test
expect_grep "no share of nothing" '^sex,\*sex_x,1,0,0,,,$' r/modalities.csv
grep -q '^sex,\*sex_x,[0-9],0,0,0\.00' r/modalities.csv && fail "0/0 written as 0.00"
grep -qh -- '-0\.0000' r/specificities_*.csv && fail "-0.0000 in the specificities"
expect_grep "a score of 0 without its sign" '^\*sex_x,[a-zé]+,0,[0-9]+,0,0\.0000$' r/specificities_sex.csv

# a cohort of one class: no classified share
{
    cat pilot.txt
    for _ in 1 2 3; do
        printf '**** *grp_b *sex_m\nJe suis allé au centre ce matin pour mon traitement.\n\n'
    done
} >mix.txt
expect_ok "by grp" ca run mix.txt -o by --lang fr --by grp
expect_grep "the unclassified cohort's row" '^grp_b,0,0,,,,"fewer than 2 classes \(grp_b/ keeps what the run found, beside the cohorts classified\)[^"]*",3,3,,' \
    by/by_grp.csv

# too little: what it takes
printf '**** *sex_f\nfatigue\n\n' >one.txt
expect_exit 1 "too little text to classify: 1 unit and 0 active lemmas of frequency >= 3, where a classification needs at least 2 units and 2 such lemmas" \
    "one word" ca run one.txt -o w --lang fr
grep -q -- "--min-freq" "$WORK/err" && fail "rarer words offered where units are missing"
grep -q -- "--segment-size" "$WORK/err" && fail "shorter segments offered where lemmas are missing"
printf '**** *sex_f\nLa fatigue revient le soir, la fatigue du traitement, la fatigue des rendez-vous au centre, la fatigue de la dose, le sommeil manque, le sommeil revient mal, le sommeil du soir est court\n\n' >long.txt
expect_exit 1 "1 unit and 2 active lemmas of frequency >= 3, where a classification needs at least 2 units and 2 such lemmas (a smaller --segment-size, 10, cuts the text into more segments)" \
    "one long text" ca run long.txt -o w --lang fr
printf '**** *sex_f\nfatigue et sommeil\n\n**** *sex_m\nfatigue et colère\n\n' >two.txt
expect_exit 1 "2 units and 1 active lemma of frequency >= 2, where a classification needs at least 2 units and 2 such lemmas (--min-freq 1 counts rarer words too)" \
    "two texts, one lemma" ca run two.txt -o w --lang fr --min-freq 2
# two classes, one without a form of 3 segments: no plane, and no advice of fewer classes
cat >diary.txt <<'PILOT'
**** *part_P01 *sex_f *age_35_44 *care_lt1 *site_lyon *month_01
Premier jour. Vu l'infirmière au centre, on a parlé du traitement.

**** *part_P01 *sex_f *age_35_44 *care_lt1 *site_lyon *month_01
Fatigué.

**** *part_P01 *sex_f *age_35_44 *care_lt1 *site_lyon *month_01
Ma mère est venue manger dimanche, on a parlé de la famille et du traitement.

**** *part_P01 *sex_f *age_35_44 *care_lt1 *site_lyon *month_01
Rendez-vous chez le médecin, la dose a changé. Je suis fatigué.

**** *part_P01 *sex_f *age_35_44 *care_lt1 *site_lyon *month_01
Pas envie d'écrire.

**** *part_P01 *sex_f *age_35_44 *care_lt1 *site_lyon *month_01
Le centre était fermé, j'ai dû revenir le lendemain pour le traitement.

**** *part_P02 *sex_m *age_35_44 *care_gt3 *site_lyon *month_01
Je ne veux plus continuer le carnet.

**** *part_P04 *sex_x *age_55p *care_gt3 *site_paris_nord *month_01
Matin: la pharmacie.

**** *part_P04 *sex_x *age_55p *care_gt3 *site_paris_nord *month_01
Midi: rien.

**** *part_P04 *sex_x *age_55p *care_gt3 *site_paris_nord *month_01
Soir; encore la pharmacie, j'ai attendu longtemps.

**** *part_P05 *sex_m *age_25_34 *care_lt1 *site_paris_nord *month_01
Début du carnet. On m'a expliqué le traitement au centre.

**** *part_P05 *sex_m *age_25_34 *care_lt1 *site_paris_nord *month_01
Mon frère est passé, on a regardé le match ensemble.

**** *part_P05 *sex_m *age_25_34 *care_lt1 *site_paris_nord *month_01
Travail.

**** *part_P05 *sex_m *age_25_34 *care_lt1 *site_paris_nord *month_01
La nuit, envie de consommer; j'ai appelé mon frère.

**** *part_P05 *sex_m *age_25_34 *care_lt1 *site_paris_nord *month_01
Vu le médecin pour la dose, rendez-vous dans une semaine.
PILOT
expect_ok "the pilot's diaries" ca run diary.txt -o two --min-freq 2
expect_grep "two classes" "classified on 15 \([0-9.]+ %\), 2 classes" "$WORK/out"
expect_grep "why the CA has no axis" \
    "holds no active form of 3 classified segments or more: the two classes cannot be set against each other on an axis" \
    two/report.html
grep -q "fewer, larger classes" two/report.html && fail "fewer than two classes advised"
finish

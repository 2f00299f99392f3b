#!/usr/bin/env bash
# t0130 — a run of 13 classes with long --labels names (trial 63): no two classes share a
# colour, the unclassified segments take none of theirs, in colour and in grey; a name cut
# to fit ends with "…", and the page's table headers give it whole.
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"

# 13 vocabularies of 6 words in fillers; the last of very long compounds.
awk 'BEGIN { srand(7)
    n = split("famille mère repas dimanche enfants gâteau|méthadone dose infirmière centre ordonnance pharmacie|rue nuit froid squat foyer errance|travail chantier patron intérim salaire contrat|dettes loyer argent banque facture huissier|rechute produit envie manque consommation héroïne|sport course vélo piscine marche muscles|musique guitare concert chanson radio disque|chien chat animal vétérinaire promenade laisse|justice tribunal avocat juge audience procès|hôpital urgence chirurgie opération anesthésie perfusion|religion église prière mosquée foi pardon|betäubungsmittelverschreibungsverordnungsänderungsantrag hospitalisationsprolongationsdemandeformulaire anticonstitutionnellementdésinstitutionnalisation psychopharmacothérapeutiquement électroencéphalographiquement oto-rhino-laryngologiste", T, "|")
    nf = split("je suis allé avec le la les un une pour dans sur et puis encore aujourd hier", F, " ")
    for (i = 0; i < 520; i++) {
        th = i % n + 1; m = split(T[th], W, " "); line = ""
        for (w = 0; w < 38; w++)
            line = line (rand() < 0.5 ? W[int(rand() * m) + 1] : F[int(rand() * nf) + 1]) " "
        printf "**** *part_P%02d *month_%d\n%s.\n\n", i % 26 + 1, i % 8 + 1, line
    } }' >corpus.txt
long="une très longue étiquette descriptive pour voir si elle est coupée proprement dans les figures"
{
    echo "class,label"
    for c in $(seq 1 13); do echo "$c,Thème numéro $c : $long"; done
} >labels.csv

"$CARNET_ANALYSE" run corpus.txt -o col --classes 20 --labels labels.csv >/dev/null 2>&1 ||
    fail "run in colour"
"$CARNET_ANALYSE" run corpus.txt -o grey --classes 20 --labels labels.csv --grey >/dev/null 2>&1 ||
    fail "run in grey"
K=$(grep -c '<section class="class"' col/report.html)
[ "$K" -ge 9 ] || fail "only $K classes: the palette's second ring is not reached"

# Each class's colour, as the report's class sections give it: K different ones.
for d in col grey; do
    n=$(grep -o '<section class="class" id="class-[0-9]*" style="border-color:rgb([0-9,]*)' \
        $d/report.html | sed 's/.*rgb//' | sort -u | wc -l)
    [ "$n" -eq "$K" ] || fail "$d: $K classes in $n colours"
done
# The stacked bars of themes over time and their legend: a fill for each class, none the
# same (cairo writes shapes' fills with their fill-rule, texts' without).
for d in col grey; do
    n=$(grep -o 'fill-rule:nonzero;fill:rgb([0-9.%,]*)' $d/themes_over_time.svg | sort -u | wc -l)
    [ "$n" -eq "$K" ] || fail "$d/themes_over_time.svg: $K classes in $n fills"
done
# The unclassified segments' grey (0.45) is no class's: class 8 was black as they.
for d in col grey; do
    colours=$(grep -o 'border-color:rgb([0-9,]*)' $d/report.html | sed 's/.*rgb(//; s/)//')
    for c in $colours; do
        [ "$c" = "114,114,114" ] && fail "$d: a class has the unclassified grey"
    done
done

# Long names crowded the CA plane and crossed their leader lines: the plane numbers its
# classes and names them in a legend under it, and its caption says so; short names ("Class
# 3") stay on the plane.
sed -n '/<desc>/,/<\/desc>/p' col/afc_plane.svg >afc_texts
expect_grep "CA plane: class $K numbered" "^$K\$" afc_texts
expect_grep "CA plane: the caption says why" 'Classes are numbered on the plane, their names being long' col/report.html
"$CARNET_ANALYSE" run corpus.txt -o plain --classes 20 >/dev/null 2>&1 || fail "run without labels"
grep -q 'Classes are numbered on the plane' plain/report.html && fail "short class names were numbered"
expect_grep "CA plane: short names on the plane" '^Class 1$' <(sed -n '/<desc>/,/<\/desc>/p' plain/afc_plane.svg)
# Names cut on a character, with "…", in the CA plane's legend; whole in the time table's headers.
expect_grep "CA plane: a cut name ends with …" 'Thème numéro 10 : une très longue[^&]*…' col/afc_plane.svg
grep -q 'Thème numéro 10 : une très longue étiquette descriptive pou$' col/afc_plane.svg &&
    fail "the CA plane cuts a name with no …"
expect_grep "the time table gives the whole name" "<th>10 · Thème numéro 10 : $long \\(χ²\\)</th>" col/report.html
# A word cloud "sized by χ²" drew its strongest forms smallest when long (trial 63): its
# caption names the forms it drew smaller to fit a line.
expect_grep "the cloud's caption names its shrunk forms" \
    'sized by χ²; too long for a line at their size, these are drawn smaller: [^<]*anticonstitutionnellementdésinstitutionnalisation' \
    col/report.html
# Each bar of themes over time says its count (trial 63: a month of 10 segments looked like
# one of 130 at 100 %): the figure's texts, in its SVG's desc, give each bar's count before
# its month, the count modalities.csv gives; and every class is in its legend.
sed -n '/<desc>/,/<\/desc>/p' col/themes_over_time.svg >time_texts
for m in 1 8; do
    n=$(awk -F, -v m="*month_$m" '$2 == m { print $5; exit }' col/modalities.csv)
    [ -n "$n" ] || fail "no month $m in modalities.csv"
    got=$(grep -B1 -x "$m" time_texts | head -1)
    [ "$got" = "$n" ] || fail "month $m's bar says '$got', not its $n segments"
done
expect_grep "the counts' unit" '^segments$' time_texts
expect_grep "the last class in the legend" "^$K · Thème numéro[ …]" time_texts
# --time with more modalities than bars fit (trial 75: 242 days, of which the figure and
# its table kept 120 and said nothing): every day in the table, every one a bar, the labels
# thinned and said so.
new_demo_study || fail "demo study"
cc export corpus --vars part,date,month,care,lang -o dated.txt 2>/dev/null || fail "dated corpus"
expect_ok "run --time date" "$CARNET_ANALYSE" run dated.txt -o dated --where lang=fr --time date
days=$(cut -d, -f2 dated/modalities.csv | grep '^\*date_' | sort -u | wc -l | tr -d ' ')
[ "$days" -gt 120 ] || fail "the fixture has only $days days"
expect_eq "every day in the time table" "$days" \
    "$(sed -n '/<h2 id="time"/,/<h2 id="[^t]/p' dated/report.html | grep -c '<tr><td>\*date_')"
expect_grep "the labels thinned, said" "$days modalities: one label every [0-9]+ bars" \
    dated/themes_over_time.svg
# bands of years in the order --by gives its cohorts (trial 75: 1to3, gt3, lt1)
expect_ok "run --time care" "$CARNET_ANALYSE" run dated.txt -o bycare-time --where lang=fr --time care
expect_eq "lt1, 1to3, gt3" "*care_lt1 *care_1to3 *care_gt3" \
    "$(sed -n '/<h2 id="time"/,/<h2 id="[^t]/p' bycare-time/report.html | grep -o '<tr><td>\*care_[a-z0-9]*' | sed 's/<tr><td>//' | tr '\n' ' ' | sed 's/ $//')"
# one modality among the kept units: said, not left out in silence
expect_ok "run --time month on one month" "$CARNET_ANALYSE" run dated.txt -o onemonth --where lang=fr --where month=03 --time month
expect_grep "one modality, said" 'one modality of this variable, \*month_03' onemonth/report.html
finish

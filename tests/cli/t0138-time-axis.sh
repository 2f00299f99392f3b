#!/usr/bin/env bash
# Themes over diary time (trial 101): what the time figure cannot show is said, on stderr
# and above the figure, and dates are put in time's order when they can be. Texts without
# the time star (their classified segments in no bar); *month_01 beside *month_1 (each month
# two bars); dates written month first (read so, and said); dates without a four-digit year
# (no sure order: said); months between the first and the last with no text (the bars go
# on past them). The time table shows no χ² of a month without a classified segment, and
# greys one of fewer than 3; the specificities list a variable's modalities in the order
# --by gives (wk_2 before wk_10).
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"
ca() { "$CARNET_ANALYSE" "$@"; }
# rows DIR: the modalities of the report's time table, in its order
rows() {
    python3 -c "
import re, sys
s = open(sys.argv[1]).read(); i = s.find('<h2 id=\"time\"'); j = s.find('<h2', i + 10)
print(' '.join(re.findall(r'<tr><td>(\*\w+)</td><td class=n>', s[i:j])))" "$1/report.html"
}

new_demo_study || fail "demo study"
cc export corpus --vars part,month,date,lang --where lang=fr -o dated.txt 2>/dev/null || fail "export"

expect_ok "the demo's months" ca run dated.txt -o plain
grep -q "note: plain: .*\(time\|zeros\|dates\)" "$WORK/err" && fail "a time note on the demo: $(cat "$WORK/err")"
expect_eq "months in order" "*month_01 *month_02 *month_03 *month_04 *month_05 *month_06 *month_07" \
    "$(rows plain)"

# one participant's texts without *month_
sed '/^\*\*\*\* \*part_P03 /s/ \*month_[0-9]*//' dated.txt >nomonth.txt
expect_ok "P03 without months" ca run nomonth.txt -o nomonth
expect_grep "said on stderr" \
    "note: nomonth: [1-9][0-9]* classified segments come from texts with no \*month_ star: they are in no bar" \
    "$WORK/err"
expect_grep "and above the figure" "<strong>Note:</strong> [1-9][0-9]* classified segments come from texts with no \*month_ star" \
    nomonth/report.html

# zeros
sed -E '/\*part_P0[12] /s/\*month_0([0-9])/*month_\1/' dated.txt >twins.txt
expect_ok "months written two ways" ca run twins.txt -o twins
expect_grep "twins said" "note: twins: \*month_0?1 and \*month_0?1 differ only by the zeros before a number \([0-9]+ such pairs?\)" \
    "$WORK/err"

# dates month first, and with two-digit years
sed -E 's/\*date_([0-9]{4})_([0-9]{2})_([0-9]{2})/& *us_\2_\3_\1 *short_\3_\2_\1/; s/\*short_([0-9]{2})_([0-9]{2})_[0-9]{2}([0-9]{2})/*short_\1_\2_\3/' \
    dated.txt >us.txt
grep -m1 -q '\*us_01_08_2025 \*short_08_01_25' us.txt || fail "the US dates: $(grep -m1 '^\*\*\*\*' us.txt)"
expect_ok "US dates" ca run us.txt -o us --time us
expect_grep "read month first, said" "note: us: the dates of \*us_ are read month first \(\*us_[0-9_]+ is no date day first\)" \
    "$WORK/err"
first=$(rows us | cut -d' ' -f1) last=$(rows us | awk '{print $NF}')
expect_eq "the first day first" "*us_$(grep -o '\*date_[0-9_]*' dated.txt | sort | head -1 |
    sed -E 's/\*date_([0-9]{4})_([0-9]{2})_([0-9]{2})/\2_\3_\1/')" "$first"
expect_eq "the last day last" "*us_$(grep -o '\*date_[0-9_]*' dated.txt | sort | tail -1 |
    sed -E 's/\*date_([0-9]{4})_([0-9]{2})_([0-9]{2})/\2_\3_\1/')" "$last"
expect_ok "two-digit years" ca run us.txt -o short --time short
expect_grep "no sure order, said" "note: short: the modalities of \*short_ look like dates without a four-digit year" \
    "$WORK/err"

# months with no text between others; a month of texts none classified; one of one segment
{
    cat dated.txt
    printf '**** *part_P01 *month_09\nBrouillard épais sur la colline lointaine.\n\n'
    printf '**** *part_P02 *month_09\nBrouillard épais sur la colline lointaine, encore.\n\n'
    printf '**** *part_P03 *month_11\nJe suis passé au centre ce matin pour la dose, l infirmière a parlé du traitement.\n\n'
} >gaps.txt
expect_ok "gaps" ca run gaps.txt -o gaps
expect_grep "gaps said" "note: gaps: no text of the analysis is at \*month_ 8, 10 \(2 values between the first and the last\)" \
    "$WORK/err"
expect_grep "no test of no segment" '<tr><td>\*month_09</td><td class=n>0 \(–\)</td>' gaps/report.html
expect_grep "one segment's χ² greyed" '<tr><td>\*month_11</td>(<td class=n>[01] <span class="muted">\(-?[0-9.]+\)</span></td>)+</tr>' \
    gaps/report.html

# one text without a date among dates: the dates stay in time's order, it comes after
# them, said (trial 103: every date sorted by its day)
sed -E 's/\*date_([0-9]{4})_([0-9]{2})_([0-9]{2})/*df_\3_\2_\1/' dated.txt >df.txt
{
    cat df.txt
    printf '**** *part_P01 *month_07 *df_inconnue\nJe suis passé au centre ce matin pour la dose.\n\n'
} >dfna.txt
expect_ok "a date unknown" ca run dfna.txt -o dfna --time df
expect_grep "said" "note: dfna: 1 modality is no date among the dates \(\*df_inconnue\): after them" "$WORK/err"
expect_eq "the first day first, the unknown last" \
    "*df_$(grep -o '\*date_[0-9_]*' dated.txt | sort | head -1 | sed -E 's/\*date_([0-9]{4})_([0-9]{2})_([0-9]{2})/\3_\2_\1/') *df_inconnue" \
    "$(rows dfna | awk '{print $1, $NF}')"
# impossible dates, year first or day first: said, after the dates
sed -E '0,/\*date_2025_01_13/s//*date_2025_13_01/; 0,/\*date_2025_01_17/s//*date_2025_02_30/' \
    dated.txt >impossible.txt
expect_ok "month 13, 30 February" ca run impossible.txt -o imp --time date
expect_grep "said" "note: imp: 2 modalities are written as a date but no date \(\*date_2025_(13_01|02_30)\)" \
    "$WORK/err"
expect_eq "after the dates, as they came" "*date_2025_13_01 *date_2025_02_30" \
    "$(rows imp | awk '{print $(NF-1), $NF}')"
# dates as one number (20250108): in order, and no months said missing between them
sed -E 's/\*date_([0-9]{4})_([0-9]{2})_([0-9]{2})/*jour_\1\2\3/' dated.txt >compact.txt
expect_ok "compact dates" ca run compact.txt -o compact --time jour
grep -q "note: compact: no text of the analysis is at" "$WORK/err" && fail "days said missing"
# texts with two month stars: said, and no count of texts without one
sed -E '/^\*\*\*\* \*part_P03 /s/ \*month_[0-9]*//; /^\*\*\*\* \*part_P04 /s/(\*month_[0-9]*)/\1 *month_08/' \
    dated.txt >doubled.txt
expect_ok "two month stars" ca run doubled.txt -o doubled
expect_grep "said" "note: doubled: [0-9]+ texts have two \*month_ stars: their segments are in two bars" \
    "$WORK/err"
grep -q "note: doubled: [0-9]* classified segments come from" "$WORK/err" && fail "a count that cannot be known"
expect_grep "the texts without one said" "note: doubled: [0-9]+ texts have no \*month_ star" "$WORK/err"
# month-year dates across two years: the cohorts of --by and the specificities in time's order
sed -E 's/\*date_2025_(0[1-3])_[0-9]{2}/& *mois_\1_2026/; s/\*date_2025_(0[4-9]|1[0-2])_[0-9]{2}/& *mois_\1_2025/' \
    dated.txt >mois.txt
expect_ok "--by mois" ca run mois.txt -o mois --by mois --time mois
expect_eq "by_mois.csv in time's order" "mois_04_2025 mois_05_2025 mois_06_2025 mois_07_2025 mois_08_2025 mois_09_2025 mois_10_2025 mois_01_2026 mois_02_2026 mois_03_2026" \
    "$(cut -d, -f1 mois/by_mois.csv | sed 1d | uniq | xargs)"
expect_eq "and the specificities" "$(cut -d, -f1 mois/by_mois.csv | sed 1d | uniq | sed 's/^/*/' | xargs)" \
    "$(cut -d, -f1 mois/all/specificities_mois.csv | sed 1d | uniq | xargs)"

# dates that read as dates either way (days of 12 at most): read day first, and said so
awk 'BEGIN { RS = ""; ORS = "\n\n" } match($0, /\*date_2025_[0-9][0-9]_(0[1-9]|1[0-2])/) { print }' \
    dated.txt | sed -E 's/\*date_2025_([0-9]{2})_([0-9]{2})/*am_\1_\2_2025/' >either.txt
expect_ok "either way" ca run either.txt -o either --time am
expect_grep "said" "note: either: the dates of \*am_ are dates whether read day first or month first \(\*am_[0-9_]+\): they are read day first" \
    "$WORK/err"

# trial 104: month-first dates and one typo: still month first, the typo named
awk '/^\*\*\*\*/ { split("03_02_2025 02_20_2025 02_03_2025 13_13_2025", d, " "); n++; $0 = $0 " *visit_" d[n % 4 + 1] } 1' \
    dated.txt >typo.txt
expect_ok "a typo among month-first dates" ca run typo.txt -o typo --time visit
expect_grep "month first" "note: typo: the dates of \*visit_ are read month first" "$WORK/err"
expect_grep "the typo named" "note: typo: 1 modality is written as a date but no date \(\*visit_13_13_2025\)" \
    "$WORK/err"
expect_eq "in time's order" "*visit_02_03_2025 *visit_02_20_2025 *visit_03_02_2025 *visit_13_13_2025" "$(rows typo)"
# one day written two ways; seasons are no dates
awk '/^\*\*\*\*/ { split("2025_03_12 12_03_2025 2022_23 2023_24", d, " "); n++; $0 = $0 " *visit_" d[n % 2 + 1] " *season_" d[n % 2 + 3] } 1' \
    dated.txt >twoways.txt
expect_ok "one day two ways" ca run twoways.txt -o twoways --time visit
expect_grep "said" "note: twoways: \*visit_(12_03_2025|2025_03_12) and \*visit_(12_03_2025|2025_03_12) are one date written two ways" \
    "$WORK/err"
expect_ok "seasons" ca run twoways.txt -o seasons --time season
grep -q "note: seasons: .*no date" "$WORK/err" && fail "seasons called no dates: $(cat "$WORK/err")"
# not time: a code of four digits among others, a digit in the variable's name
awk '/^\*\*\*\*/ { n++; $0 = $0 " *code_" (n % 5 == 0 ? 1200 : n % 5 * 7) " *q1_" (n % 3 == 0 ? "lt1" : n % 3 == 1 ? "1to3" : "gt3") } 1' \
    dated.txt >codes.txt
expect_ok "--by code" ca run codes.txt -o codes --by code
expect_eq "numbers by value" "code_7 code_14 code_21 code_28 code_1200" "$(cut -d, -f1 codes/by_code.csv | sed 1d | uniq | xargs)"
expect_eq "the specificities alike" "*code_7 *code_14 *code_21 *code_28 *code_1200" \
    "$(cut -d, -f1 codes/all/specificities_code.csv | sed 1d | uniq | xargs)"
expect_eq "q1: lt1 1to3 gt3" "*q1_lt1 *q1_1to3 *q1_gt3" \
    "$(cut -d, -f1 codes/all/specificities_q1.csv | sed 1d | uniq | xargs)"

# trial 105: weeks of a year (2025_15) by all their numbers, under --where too; a few dates
# among many undated ones stay dates; dates of two-digit years beside one unknown said
awk '/^\*\*\*\*/ { n++; w = (n * 7) % 52 + 1; $0 = $0 " *sem_" (w > 40 ? 2024 : 2025) "_" sprintf("%02d", w) } 1' \
    dated.txt >weekly.txt
expect_ok "weeks" ca run weekly.txt -o weekly --time sem
expect_eq "by year and week" "$(grep -o '\*sem_[0-9_]*' weekly.txt | sort -u | sort -t_ -k2,2n -k3,3n | xargs)" \
    "$(rows weekly)"
grep -Eq "note: weekly: .*(no date|are read|are dates|a four-digit)" "$WORK/err" &&
    fail "weeks said dates: $(cat "$WORK/err")"
expect_ok "weeks of January" ca run weekly.txt -o weekly1 --time sem --where month=01
expect_eq "still by year and week" "$(rows weekly1 | tr ' ' '\n' | sort -t_ -k2,2n -k3,3n | xargs)" "$(rows weekly1)"
grep -Eq "note: weekly1: .*(no date|are read|are dates|a four-digit)" "$WORK/err" &&
    fail "weeks said dates under --where"
sed -E 's/\*date_([0-9]{2})([0-9]{2})_([0-9]{2})_([0-9]{2})/*date_\4_\3_\2/' dated.txt |
    awk '/^\*\*\*\* \*part_P01 / && ++k <= 2 { sub(/\*date_[0-9_]+/, "*date_inconnue") } 1' >short2.txt
expect_ok "two-digit years and an unknown" ca run short2.txt -o short2 --time date
expect_grep "said" "note: short2: the modalities of \*date_ look like dates without a four-digit year" "$WORK/err"

# specificities of a numbered variable in its numbers' order
awk '/^\*\*\*\*/ { n++; $0 = $0 " *wk_" (n % 12 + 1) } 1' dated.txt >weeks.txt
expect_ok "weeks" ca run weeks.txt -o weeks --time wk
expect_eq "wk_2 before wk_10" "*wk_1 *wk_2 *wk_3 *wk_4 *wk_5 *wk_6 *wk_7 *wk_8 *wk_9 *wk_10 *wk_11 *wk_12" \
    "$(cut -d, -f1 weeks/specificities_wk.csv | sed 1d | uniq | xargs)"
finish

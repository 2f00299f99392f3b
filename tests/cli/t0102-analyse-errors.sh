#!/usr/bin/env bash
# carnet-analyse refuses bad corpora and matrices with file, line and reason; classify
# pins the F.3 fixture of reinert-spec.md.
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"
ca() { "$CARNET_ANALYSE" "$@"; }

printf '**** *a_1\nbonjour\ncaf\351\n' >bad.txt
expect_exit 1 "bad.txt:3: invalid UTF-8" "invalid UTF-8" ca run bad.txt -o o
# What Windows tools save as "Unicode": UTF-16, with its mark or without, named as such.
printf '\xff\xfe*\x00*\x00*\x00*\x00 \x00*\x00a\x00_\x001\x00\n\x00' >u16.txt
expect_exit 1 "u16.txt: the file is UTF-16, not UTF-8: save it as UTF-8" "UTF-16 with its mark" \
    ca stats u16.txt
printf '*\x00*\x00*\x00*\x00 \x00*\x00a\x00_\x001\x00\n\x00' >u16le.txt
expect_exit 1 "u16le.txt: the file is UTF-16" "UTF-16 without a mark" ca stats u16le.txt
printf '\x00*\x00*\x00*\x00*\x00 \x00*\x00a\x00_\x001\x00\n' >u16be.txt
expect_exit 1 "u16be.txt: the file is UTF-16" "UTF-16 big-endian" ca stats u16be.txt
printf '\xff\xfe\x00\x00*\x00\x00\x00*\x00\x00\x00' >u32.txt
expect_exit 1 "u32.txt: the file is UTF-32, not UTF-8" "UTF-32 with its mark" ca stats u32.txt
printf '*\x00\x00\x00*\x00\x00\x00' >u32le.txt
expect_exit 1 "u32le.txt: the file is UTF-32" "UTF-32 without a mark" ca stats u32le.txt
printf '**** *a_1\nbonjour\n**** *a-b\nsalut\n' >star.txt
expect_exit 1 "star.txt:3: star variable '*a-b'" "bad star" ca run star.txt -o o
printf -- '-*theme\n**** *a_1\nbonjour\n' >theme.txt
expect_exit 1 "theme.txt:1: thematic" "thematic first" ca run theme.txt -o o
: >empty.txt
expect_exit 1 "no text" "empty corpus" ca run empty.txt -o o
printf '**** *lang_xx\nbonjour tout le monde\n' >lang.txt
expect_exit 1 "lang.txt:1: *lang_xx: unknown language 'xx' (known: ar, ca, da, de, el, en, es," "unknown language" ca run lang.txt -o o
# a *lang_ that is a survey's answer, as IRAMUTEQ corpora may have it (trial 89): the way
# to rename it, which then runs; a real language's refusal does not offer it
printf '**** *lang_other\nbonjour tout le monde\n**** *lang_1\nbonjour\n' >survey.txt
expect_exit 1 "; *lang_ is each text's language here: if it is not, rename it (umask 077 && sed 's/[*]lang_/*language_/g' survey.txt > renamed.txt)" \
    "a *lang_ that is no language" ca stats survey.txt
sed 's/[*]lang_/*language_/g' survey.txt >renamed.txt
expect_ok "the renamed corpus" ca stats renamed.txt
printf '**** *lang_pl\ndzisiaj bylem w osrodku\n' >polish.txt
expect_exit 1 "*lang_pl: no Snowball stemmer for language 'pl'" "a language no stemmer reads" \
    ca stats polish.txt
grep -q "rename it" "$WORK/err" && fail "a language's code told to rename its variable"
printf '**** *lang_abcdefghijklmnopqrstuvwxyz\nbonjour tout le monde\n' >longlang.txt
printf 'bonjour\tbonjour\tnom\n' >lex.txt
expect_exit 1 "longlang.txt:1: *lang_abcdefghijklmnopqrstuvwxyz: unknown language 'abcdefghijklmnopqrstuvwxyz' (an ISO 639-1 code, or one of" \
    "language code too long" ca run longlang.txt -o o --lexicon lex.txt
grep -q "need no stemmer" "$WORK/err" && fail "a lexicon run told to take a lexicon"
printf '**** *a_1\nbonjour\n' >small.txt
expect_exit 1 "too little text" "nothing to classify" ca run small.txt -o o
expect_exit 1 "--where a=2: no text has this modality; the modalities of a are: 1" "filter keeps nothing" ca run small.txt -o o --where a=2
expect_exit 2 "-o is required" "no output folder" ca run small.txt
# A usual language code with a '-' gets the two spellings a star allows; an unknown
# --where variable lists the texts' variables; class 0 (unclassified) cannot be named.
printf '**** *a_1 *lang_pt-BR\nbom dia\n' >ptbr.txt
expect_exit 1 "ptbr.txt:1: star variable '*lang_pt-BR' must be '*' then only letters A-Z, digits and '_': no '-'; write '*lang_pt_BR' or '*lang_ptBR'" \
    "a '-' in a star" ca run ptbr.txt -o o
expect_exit 1 "--where carre=lt1: no text has a carre variable; the variables of the texts are: a" \
    "unknown --where variable" ca run small.txt -o o --where carre=lt1
# Trial 70: an invisible character pasted after a star is named, not shown as nothing; a
# line of no-break spaces before the first header is blank, as IRAMUTEQ reads it; a star
# without '_' has no modality for --where or --by, and the message says how to write one.
printf '**** *a_1\342\200\213\nun deux trois.\n' >zwsp.txt
expect_exit 1 "its character 5 is U+200B, which shows as nothing: delete it" \
    "an invisible character in a star" ca stats zwsp.txt
printf '**** *ville_Besan\303\247on\nun deux trois.\n' >cedilla.txt
expect_exit 1 "its character 13, 'ç' (U+00E7), is not one of them" "a letter beyond A-Z in a star" \
    ca stats cedilla.txt
printf '\302\240\n\302\240 \t\n**** *a_1\nun deux trois.\n' >nbsp.txt
expect_ok "no-break spaces before the first header" ca stats nbsp.txt
expect_grep "its text read" "^texts: 1$" "$WORK/out"
printf '\302\240x\n**** *a_1\nun.\n' >nbspx.txt
expect_exit 1 "nbspx.txt:1: text before the first '****' header" "text after a no-break space" \
    ca stats nbspx.txt
printf '**** *a_1 *urgent\nun deux trois.\n**** *a_2\nquatre cinq.\n' >flag.txt
expect_exit 1 "--where urgent=oui: the texts' *urgent stars have no modality (no '_'), so none can be selected: a star to select by is *urgent_MOD" \
    "--where on a star without '_'" ca run flag.txt -o o --where urgent=oui
expect_exit 1 "no text has a *urgent_ variable: the texts' *urgent stars have no modality" \
    "--by on a star without '_'" ca run flag.txt -o o --by urgent
printf '0,Non class\303\251\n1,Soins\n' >lab0.csv
expect_exit 1 "lab0.csv:1: class 0 is the unclassified units, not a theme: it cannot be named" \
    "--labels class 0" ca run small.txt -o o --labels lab0.csv
expect_exit 2 "not a command" "unknown command" ca frobnicate
# Issue 8, defect 4: a long or markup-laden --time (or --by) is refused before it reaches a
# buffer or the report (a 78-character --time crashed the report).
long=$(printf 'x%.0s' $(seq 1 90))
expect_exit 1 "time variable 'xxxx" "--time too long" ca run small.txt -o o --time "$long"
expect_exit 1 "a variable name is 1 to 63 letters and digits" "--time with markup" \
    ca run small.txt -o o --time '<b>'
expect_exit 1 "a variable name is 1 to 63 letters and digits" "--by with markup" \
    ca run small.txt -o o --by 'a<b>'
# Options that would be silently ignored are refused (found by trying it as a new user).
expect_exit 1 "--time mois: no text has a *mois_ variable" "--time without its variable" \
    ca run small.txt -o o --time mois
expect_exit 2 "--rst sets the double classification's UCs: add --method double" \
    "--rst without the double method" ca run small.txt -o o --rst 12,14
expect_exit 2 "did you mean '-o'?" "--out for -o" ca run small.txt --out o
if [ -s "$CARNET_SOURCE/corpora/demo/entries.csv" ]; then
    new_demo_study && cc export corpus -o demo.txt 2>/dev/null || fail "demo corpus"
    expect_ok "min-class above every leaf" ca run demo.txt -o big --min-class 5000
    expect_grep "an empty result is said" "warning: big: no class reached the minimum size of 5000" "$WORK/err"
fi

printf '%%%%MatrixMarket matrix coordinate pattern general\n3 3 2\n1 1\n4 1\n' >m.mtx
expect_exit 1 "m.mtx:4: entry (4, 1) outside the 3 x 3 matrix" "mtx out of range" ca classify m.mtx -o o

expect_ok "classify F.3" ca classify "$CARNET_SOURCE/tests/fixtures/f3.mtx" -o f3 --min-class 30
expect_grep "F.3 summary" "^271 rows classified on 300 \(90.33 %\), 6 classes after 9 splits" "$WORK/out"
sizes=$(tail -n +2 f3/rows.csv | cut -d, -f2 | grep -v '^0$' | sort -n | uniq -c | awk '{print $1}' | tr '\n' ' ')
expect_eq "F.3 class sizes" "47 39 43 45 43 54 " "$sizes"
finish

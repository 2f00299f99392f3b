#!/usr/bin/env bash
# Trial 59: one file per participant, saved by Notepad (UTF-8 with a BOM, CRLF) and joined
# with cat or copy /b, reads as the corpus it was cut from: the BOM that each file after the
# first brings to the head of its header is skipped (by stats, run and kwic, which read the
# corpus alike), where texts merged and stars became words. A header out of place (a space
# before it, a star missing) is refused with file and line; text with stars stays text.
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"
ca() { "$CARNET_ANALYSE" "$@"; }

# The finding as the tester wrote it: two files, texts 2.
printf '\xef\xbb\xbf**** *part_A01 *sexe_f\r\nLe médecin a changé le traitement ce matin au centre.\r\n' >a.txt
printf '\xef\xbb\xbf**** *part_A02 *sexe_h\r\nMa mère est venue dimanche, repas en famille.\r\n' >b.txt
cat a.txt b.txt >ab.txt
expect_ok "stats on two joined files" ca stats ab.txt
expect_grep "two texts, not one" "^texts: 2$" "$WORK/out"
expect_ok "stats --charset iramuteq on two joined files" ca stats ab.txt --charset iramuteq
expect_grep "two texts in IRAMUTEQ's charset too" "^texts: 2$" "$WORK/out"

# A corpus cut into one Notepad file per participant and joined again is the corpus.
"$CARNET_GEN" --out gen --participants 8 --diary-months 3 --purity 1 --lang fr --seed 5 \
    --corpus corpus.txt >/dev/null || fail "generator"
mkdir parts
awk '/^\*\*\*\*/ { split($2, p, "_"); f = "parts/" p[2] ".txt"; if (!(f in seen)) { seen[f]; printf "\xef\xbb\xbf" >f } }
     { printf "%s\r\n", $0 >f }' corpus.txt
[ "$(ls parts | wc -l)" -eq 8 ] || fail "8 participants' files: $(ls parts)"
cat parts/*.txt >joined.txt
expect_eq "the files carry their BOM" 8 "$(grep -c $'^\xef\xbb\xbf\\*\\*\\*\\*' joined.txt)"
expect_ok "stats on the corpus" ca stats corpus.txt
mv "$WORK/out" whole.stats
expect_ok "stats on the joined files" ca stats joined.txt
expect_eq "the same statistics" "$(cat whole.stats)" "$(cat "$WORK/out")"
expect_ok "run on the corpus" ca run corpus.txt -o whole
expect_ok "run on the joined files" ca run joined.txt -o joined
expect_eq "the same segments and classes" "$(cat whole/segments.csv)" "$(cat joined/segments.csv)"
grep -qi 'part_' joined/segments.csv joined/frequencies.csv && fail "a star read as a word"
expect_ok "kwic on the corpus's run" ca kwic whole famille
mv "$WORK/out" whole.kwic
expect_ok "kwic on the joined files' run" ca kwic joined famille
expect_eq "the same concordance" "$(cat whole.kwic)" "$(cat "$WORK/out")"

# A header out of place is refused, by every command, with file, line and what is wrong.
printf '**** *part_A01 *sexe_f\nLe médecin a changé le traitement.\n **** *part_A02 *sexe_h\nMa mère est venue.\n' >space.txt
refusal="space.txt:3: ' **** *part_A02 *sexe_h' looks like a header but is not one (white space before its '****')"
expect_exit 1 "$refusal" "stats: a space before a header" ca stats space.txt
expect_exit 1 "$refusal" "run: a space before a header" ca run space.txt -o out_run
printf '**** *part_A01\nLe médecin a changé le traitement.\n*** *part_A02\nMa mère est venue.\n' >three.txt
expect_exit 1 "three.txt:3: '*** *part_A02' looks like a header but is not one (3 stars, not 4)" \
    "a star missing" ca stats three.txt
[ -e out_run ] && fail "a refused corpus left an output folder"
# Diary text with stars stays text.
printf '**** *part_A01\n*** fin ***\nNote: ***important*** demain\n*** *a_1 et la suite\n' >stars.txt
expect_ok "stars in text" ca stats stars.txt
expect_grep "one text" "^texts: 1$" "$WORK/out"
finish

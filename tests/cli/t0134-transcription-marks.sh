#!/bin/bash
# Trial 83: what transcription teams type that the analysis takes for words. A marker
# between brackets ([illisible], (rires)) whose word occurs mostly in it is an active word
# that can make a class; a word typed in capitals without the accents of its spelling
# elsewhere (HOPITAL, ETE) is another word, a stop word made active. Both are said by stats
# and run, and counted in corpus_stats.json; ordinary brackets and capitals are not.
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"
ca() { "$CARNET_ANALYSE" "$@"; }

python3 - <<'PY'
import random
random.seed(5)
s = ["je suis allé à l'hôpital ce matin et j'ai vu le médecin",
     "la journée a été longue et difficile après le travail",
     "ma fille est venue me voir après l'école avec son père",
     "j'ai pris mon traitement à l'heure et dormi toute la nuit"]
marked, plain = [], []
for t in range(40):
    words = " ".join(random.choice(s) + "." for _ in range(6))
    plain.append("**** *part_P%02d\n%s (voir page 3) [la nuit] NB.\n" % (t % 4, words))
    extra = (" [un mot illisible 00:%02d:10] j'ai [ illisible ] (Rires) encore." % t if t % 2
             else " J'AI ETE A L'HOPITAL APRES LE TRAVAIL.")
    marked.append("**** *part_P%02d\n%s%s\n" % (t % 4, words, extra))
    # a gloss in parentheses and an acronym in lower-case text are the text's words
    plain[-1] = plain[-1].replace("NB.", "NB. Passé au centre (CSAPA) pour mon dossier d'AME, l'âme en peine.")
open("plain.txt", "w").write("".join(plain))
open("marked.txt", "w").write("".join(marked))
PY
expect_ok "stats on ordinary text" ca stats plain.txt --lang fr
grep -qE "transcription marker|in capitals" "$WORK/err" && fail "ordinary brackets or capitals said: $(cat "$WORK/err")"
expect_ok "stats on marked text" ca stats marked.txt --lang fr
expect_grep "the markers said, by their word, in their own brackets (trial 88)" "3 transcription markers between brackets, used 80 times \(\[illisible\] 40, \[mot\] 20, \(rires\) 20\), their words are active" "$WORK/err"
expect_grep "the capitals said" "words typed in capitals without the accents of their spelling elsewhere, [0-9]+ times \(.*HOPITAL 20 \(hôpital\)" "$WORK/err"
grep -qE "APRES|ETE 20" "$WORK/err" || fail "après and été not among the capitals: $(cat "$WORK/err")"
expect_ok "run on marked text" ca run marked.txt --lang fr -o res
expect_grep "run says it too" "transcription markers between brackets" "$WORK/err"
python3 - res/corpus_stats.json <<'PY' || fail "corpus_stats.json does not count them"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["bracketed_markers_active"] == 3, d["bracketed_markers_active"]
assert d["words_in_capitals_without_accents"] >= 3, d["words_in_capitals_without_accents"]
PY
# --fold-accents merges the spellings: nothing left to say of the capitals
expect_ok "folded" ca stats marked.txt --lang fr --fold-accents
grep -q "in capitals" "$WORK/err" && fail "capitals said under --fold-accents"
finish

#!/usr/bin/env bash
# Diaries in Greek and German (trial 63): the tables and figures write each form as the
# texts do, lower-cased (ß and the final ς kept; full case folding made "strasse" and
# "μεθαδόνησ" of them), and the report names a language read without an embedded stop
# list, rather than "the embedded lists": a methods section is written from it.
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"
ca() { "$CARNET_ANALYSE" "$@"; }

# diaries FILE SEED: 90 texts of 10 participants, each of 4 sentences drawn (seeded) from
# one of three themes in turn, the themes read from stdin as a JSON list of 3 lists
diaries() {
    python3 -c '
import json, random, sys
random.seed(int(sys.argv[1]))
T = json.load(sys.stdin)
for i in range(90):
    print(f"**** *part_P{i % 10 + 1:02d}")
    print(" ".join(random.choice(T[i % 3]) for _ in range(4)))
    print()' "$2" >"$1"
}

diaries el.txt 1 <<'JSON'
[["Σήμερα τηλεφώνησα στον γιο μου.", "Η μητέρα μου μαγείρεψε για όλη την οικογένεια."],
 ["Το πρωί πήγα στο κέντρο για τη δόση ΜΕΘΑΔΌΝΗΣ.", "Ο γιατρός άλλαξε τη συνταγή της μεθαδόνης."],
 ["Τη νύχτα στον δρόμο έκανε κρύο.", "Έψαξα δουλειά στην οικοδομή αλλά δεν βρήκα."]]
JSON
expect_ok "a Greek run" ca run el.txt -o el --lang el
expect_grep "the final sigma kept" '^μεθαδόνης,' el/frequencies.csv
grep -q 'μεθαδόνησ' el/frequencies.csv && fail "the final ς written σ"
expect_grep "the report names the language without a list" \
    'stop words: none \(no embedded list for <code>el</code>: its function words stay active\)' \
    el/report.html

diaries de.txt 3 <<'JSON'
[["Heute habe ich meinen Sohn angerufen.", "Meine Mutter hat für die Familie gekocht."],
 ["Morgens war ich im Zentrum für die Dosis.", "Der Arzt hat das Rezept geändert."],
 ["Nachts auf der Straße war es kalt, daß ich fror.", "Die STRASSE ist groß und hart."]]
JSON
expect_ok "a German run" ca run de.txt -o de --lang de
expect_grep "ß kept" '^groß,' de/frequencies.csv
grep -q '^gross,' de/frequencies.csv && fail "groß written gross"
expect_grep "the old spelling daß is a stop word" '^daß,[0-9]+,supplementary' de/frequencies.csv
expect_grep "a language with a list" 'stop words: the embedded lists[^(]' de/report.html
finish

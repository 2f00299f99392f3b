#!/usr/bin/env bash
# Issue 8, defects 7 and 8: what carnet-analyse writes holds diary text, so it is
# owner-only whatever the umask (files 0600, folders 0700) and never written through a
# symbolic link; a run is built beside its folder and moved into place whole, so a re-run
# leaves no stale file of the earlier one, a failed re-run leaves the earlier one intact,
# and a folder that is not Carnet's is never overwritten.
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"
ca() { "$CARNET_ANALYSE" "$@"; }
umask 022

new_demo_study || fail "demo study"
cc export corpus -o corpus.txt 2>/dev/null || fail "export"
expect_eq "exported corpus is owner-only" "600" "$(stat -c %a corpus.txt)"

expect_ok "run" ca run corpus.txt -o res --classes 12
expect_eq "files readable by others" "" "$(find res -type f -perm /077)"
expect_eq "folders open to others" "" "$(find res -type d -perm /077)"
expect_eq "the run folder is 0700" "700" "$(stat -c %a res)"
ls -d res.carnet-tmp-* >/dev/null 2>&1 && fail "a temporary folder was left"
many=$(ls res/cloud_class_*.png | wc -l)

# A re-run with fewer classes: no cloud of a class that no longer exists.
expect_ok "re-run, fewer classes" ca run corpus.txt -o res --classes 4
few=$(ls res/cloud_class_*.png | wc -l)
# Every row of profiles.csv is in the report's class tables, the strongest in view and the
# others folded below them: a table cut without a word read as the whole profile.
python3 - res <<'PY' || fail "the report's profile tables are not profiles.csv"
import csv, re, sys
d = sys.argv[1]
page = open(d + "/report.html", encoding="utf-8").read()
titles = ("Profile: active forms (", "Profile: supplementary forms (", "Over-represented modalities (",
          "Anti-profile: under-represented forms (",
          "Anti-profile: under-represented supplementary forms (", "Under-represented modalities (")
shown = folded = 0
for chunk in page.split("<caption>")[1:]:
    if chunk.startswith(titles):
        table = re.match(r".*?</table></div>\n(<details>.*?</details>)?", chunk, re.S)
        shown += table.group(0).count("<tr><td>")
        folded += bool(table.group(1))
rows = sum(1 for _ in csv.DictReader(open(d + "/profiles.csv", encoding="utf-8")))
print(shown, rows, folded)
sys.exit(0 if shown == rows and folded > 0 else 1)
PY
# A text's number is its place in the corpus file, whatever --where keeps: the text a
# quotation names is the Nth "****" line's, in segments.csv, typical_segments.csv,
# dtm_rows.csv and kwic alike.
expect_ok "a run of the English texts" ca run corpus.txt -o en --where lang=en
python3 - corpus.txt en <<'PY' || fail "text_id is not the text's number in the corpus"
import csv, re, sys
corpus, d = sys.argv[1:]
texts, n = [], 0
for line in open(corpus, encoding="utf-8"):
    if line.startswith("**** "):
        texts.append([line.split()[1:], ""])
    elif texts:
        texts[-1][1] += line
rows = list(csv.DictReader(open(d + "/segments.csv", encoding="utf-8")))
assert rows and min(int(r["text_id"]) for r in rows) > 1, "numbered among the kept texts"
for r in rows:
    stars, body = texts[int(r["text_id"]) - 1]
    assert "*lang_en" in stars, (r["text_id"], stars)
    assert r["segment_text"].split()[0] in body, (r["text_id"], r["segment_text"][:40])
for r in csv.DictReader(open(d + "/typical_segments.csv", encoding="utf-8")):
    assert "*lang_en" in texts[int(r["text_id"]) - 1][0], r["text_id"]
PY
expect_ok "kwic in the English run" ca kwic en week
first=$(head -1 "$WORK/out" | cut -f1)
expect_grep "kwic's text is the corpus's" "lang_en" <(grep '^\*\*\*\* ' corpus.txt | sed -n "${first}p")
# a run made before, whose text_id counted the kept texts, is still read
cp -r en en_old
python3 - en_old/segments.csv <<'PY' || fail "renumbering"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
kept = {}
for r in rows[1:]:
    r[1] = str(kept.setdefault(r[1], len(kept) + 1))
csv.writer(open(sys.argv[1], "w", encoding="utf-8", newline=""), lineterminator="\n").writerows(rows)
PY
expect_ok "kwic in a run numbered as before" ca kwic en_old week

# The report says what it is the analysis of, printed or mailed without its folder: the
# corpus, the texts kept, the languages, the units and the method with its thresholds.
expect_ok "a run of some texts" ca run corpus.txt -o kept --where care=lt1,gt3 --classes 6 \
    --segment-size 30
for said in '<th>corpus</th><td><code>corpus.txt</code>' \
    'those with <code>\*care_lt1</code> or <code>\*care_gt3</code>' \
    '<th>languages</th><td><code>fr</code> [0-9]+ texts' 'segments of about 30 tokens' \
    '3 occurrences at least \(--min-freq\)' \
    'simple classification .*6 classes in phase 1 \(--classes\), a final class of [0-9]+ segments'; do
    expect_grep "the report's Run table: $said" "$said" kept/report.html
done
grep -q 'cohort' kept/report.html && fail "a run that is no cohort called one"
classes=$(grep -c '"class":' res/classes.json)
expect_eq "one cloud per class, nothing stale" "$classes" "$few"
[ "$few" -lt "$many" ] || fail "the test needs fewer classes on the re-run ($few vs $many)"

# A failed re-run leaves the earlier run whole, and kwic still reads it.
cp -a res before
expect_exit 1 "no text has this modality" "failed re-run" ca run corpus.txt -o res --where care=none
diff -r before res >/dev/null || fail "a failed re-run changed the earlier run"
# ... also when it fails in the middle of writing (a file-size limit stands in for a full
# disk): the earlier run was never touched.
(
    trap '' XFSZ
    ulimit -f 200
    "$CARNET_ANALYSE" run corpus.txt -o res --classes 4 >/dev/null 2>"$WORK/err"
) && fail "a run past the file-size limit succeeded"
expect_grep "the write error is said" "write error: File too large" "$WORK/err"
diff -r before res >/dev/null || fail "a run that failed while writing changed the earlier run"
ls -d res.carnet-tmp-* >/dev/null 2>&1 && fail "a failed run left its temporary folder"
expect_ok "kwic after a failed re-run" ca kwic res traitement
# Several threads write a run's files; the failure told is the first file in the order
# of writing, whichever thread met the limit first: segments.csv, not the specificities
# (written beside the profiles on a thread of their own), report.html or a figure, which
# are larger too.
"$CARNET_GEN" --out gen --participants 40 --lang fr --seed 3 --corpus big.txt >/dev/null 2>&1 ||
    fail "generator"
for try in 1 2 3; do
    (
        trap '' XFSZ
        ulimit -f 200
        ca run big.txt -o big --classes 4 >/dev/null 2>"$WORK/err"
    ) && fail "a run past the file-size limit succeeded"
    expect_grep "the first file in order is named ($try)" \
        "big/segments.csv: write error: File too large" "$WORK/err"
done
# ... and when the specificities' own thread alone fails (400 participants of one entry:
# their 2 MB file is the largest), that failure is the run's.
"$CARNET_GEN" --out gen2 --participants 400 --entries-per-month 1 --diary-months 1 --lang fr \
    --seed 3 --corpus many.txt >/dev/null 2>&1 || fail "generator"
(
    trap '' XFSZ
    ulimit -f 1500
    ca run many.txt -o many --classes 4 >/dev/null 2>"$WORK/err"
) && fail "a run whose specificities passed the file-size limit succeeded"
expect_grep "the specificities' failure is said" \
    "many/specificities_part.csv: write error: File too large" "$WORK/err"
ls -d many many.carnet-tmp-* >/dev/null 2>&1 && fail "a run failed on its specificities left a folder"

# Anybody else's folder, a file or a link: refused, untouched.
mkdir notes && echo "mes notes" >notes/todo.txt
expect_exit 1 "notes: holds todo.txt, which Carnet did not write there" "foreign folder" ca run corpus.txt -o notes
# an analysis of its own inside the folder is said as one, not as "not Carnet's" (trial 75)
mkdir -m 700 nest
ca run corpus.txt -o nest/all >/dev/null 2>&1 || fail "a run into nest/all"
expect_exit 1 "nest: holds all/, an analysis of its own, not part of a run into nest" \
    "a run inside the folder" ca run corpus.txt -o nest
expect_eq "foreign folder untouched" "mes notes" "$(cat notes/todo.txt)"
# ... all it holds named at once, not one a try (trial 59: three tries for three things)
mkdir -p notes/old/drafts && echo "brouillon" >notes/old/drafts/a.txt && echo "x" >notes/corpus2.txt
expect_exit 1 "notes: holds corpus2.txt, old/ and todo.txt, which Carnet did not write there; a run replaces the whole folder, so choose a new or empty folder, or move them out" \
    "a foreign folder's things named at once" ca run corpus.txt -o notes
touch notes/n1 notes/n2 notes/n3
expect_exit 1 "notes: holds corpus2.txt, n1, n2, n3, old/ and 1 more, which" "and N more" \
    ca run corpus.txt -o notes
expect_eq "foreign folder untouched" "brouillon" "$(cat notes/old/drafts/a.txt)"
echo "victim" >victim.txt
ln -s victim.txt link
expect_exit 1 "is a symbolic link" "link as -o" ca run corpus.txt -o link
expect_eq "link target untouched" "victim" "$(cat victim.txt)"
mkdir empty
expect_ok "an empty folder is fine" ca run corpus.txt -o empty --classes 4

# A file of the user's inside an earlier run (found by trying it as a new user: the input
# corpus itself, notes): the re-run is refused, naming it, and nothing is deleted.
cp corpus.txt res/corpus_copy.txt
expect_exit 1 "res: holds corpus_copy.txt, which Carnet did not write there" "user's file in a run" \
    ca run res/corpus_copy.txt -o res
[ -s res/corpus_copy.txt ] || fail "the re-run deleted the user's file"
# A run into a folder inside an earlier run's (trial 35): the next run into that one would
# refuse it for holding this one, so it is refused now, and nothing is written
expect_exit 1 "empty/sub: is inside empty, the folder of an earlier run" "run inside a run" \
    ca run corpus.txt -o empty/sub
ls -d empty/sub empty/sub.carnet-tmp-* >/dev/null 2>&1 && fail "a run inside a run left a folder"
mkdir -p by_old && ca run corpus.txt -o by_old --by care >/dev/null 2>&1 || fail "by_old"
echo "notes" >by_old/care_lt1/mes_notes.txt
expect_exit 1 "holds care_lt1/mes_notes.txt" "user's file in a cohort folder" ca run corpus.txt -o by_old --by care
# kwic on a --by run's folder names the folders that have a run of their own
expect_exit 1 "by_old: the folder of a --by run: give its whole-corpus run (by_old/all) or one cohort's folder in it" \
    "kwic on a --by folder" ca kwic by_old methadone
# an output folder inside folders that do not exist: the missing one is named
expect_exit 1 "deep/a/b: the folder it would be in, deep/a, does not exist; create it first (mkdir -p deep/a)" \
    "-o in a missing folder" ca run corpus.txt -o deep/a/b
[ -e deep ] && fail "a missing parent was created"
rm res/corpus_copy.txt

# A link planted inside an earlier run is replaced with the folder, never written through.
ln -sf "$WORK/victim.txt" res/segments.csv
expect_ok "re-run over a planted link" ca run corpus.txt -o res --classes 4
expect_eq "planted link's target untouched" "victim" "$(cat victim.txt)"
[ -L res/segments.csv ] && fail "segments.csv is still a link"

# --by: the same guarantees for the folder of cohorts.
expect_ok "by" ca run corpus.txt -o by --by care
expect_eq "by: files readable by others" "" "$(find by -perm /077)"
expect_ok "by again" ca run corpus.txt -o by --by care
expect_grep "by prints the final folder" "^by/care_lt1: " "$WORK/out"
# two variables differing only by case: their specificities files are one on macOS or
# Windows, said on stderr and in the report
sed 's/\*site_/*Site_/' corpus.txt | awk '/^\*\*\*\*/ { n++ } n <= 300' >twins.txt
awk '/^\*\*\*\*/ { n++ } n > 300' corpus.txt >>twins.txt
expect_ok "Site and site" ca run twins.txt -o twins
expect_grep "said on stderr" "warning: twins: the variables Site and site differ only by case: two variables, but specificities_Site.csv and specificities_site.csv are one file" "$WORK/err"
expect_grep "said in the report" "the variables Site and site differ only by case" twins/report.html
finish

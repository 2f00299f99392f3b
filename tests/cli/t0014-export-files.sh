#!/usr/bin/env bash
# Exports write owner-only files with -o, whatever the umask, and never overwrite what is
# not an earlier export of the same kind (found by trying it as a new user: 'export corpus
# -o study.db' replaced the study database by a corpus, and exit 0).
. "$(dirname "$0")/lib.sh"
umask 022

new_demo_study || fail "demo study"
cp "$CARNET_DB" copy.db
expect_exit 1 "copy.db: exists and is not an earlier export of this kind" "corpus over a database" \
    cc export corpus -o copy.db
cmp -s "$CARNET_DB" copy.db || fail "the database copy was changed"
expect_exit 1 "exists and is not an earlier export" "corpus over the study database" \
    cc export corpus -o "$CARNET_DB"
expect_eq "the study still opens" "0" "$(cc check >/dev/null 2>&1; echo $?)"
cp "$DEMO/entries.csv" source.csv
expect_exit 1 "source.csv: exists and is not an earlier export" "participants over an entries file" \
    cc export participants -o source.csv
cmp -s "$DEMO/entries.csv" source.csv || fail "the source file was changed"

for what in "export corpus" "export entries" "export participants --format json" \
    "stats --format csv"; do
    name=$(echo "$what" | tr ' -' '__')
    expect_ok "$what -o" cc $what -o "$name.out"
    expect_eq "$what: owner-only" "600" "$(stat -c %a "$name.out")"
    expect_ok "$what -o again (replaces its own earlier output)" cc $what -o "$name.out"
done
cc export entries >stdout.csv 2>/dev/null
cmp -s stdout.csv export_entries.out || fail "-o and stdout differ"
ln -s export_corpus.out link.txt
expect_exit 1 "is a symbolic link" "corpus to a link" cc export corpus -o link.txt
ls ./*.tmp-* >/dev/null 2>&1 && fail "a temporary file was left"
# An export that fails while writing (a file-size limit stands in for a full disk) leaves
# the earlier export whole and no temporary file.
cp export_corpus.out earlier.txt
(
    trap '' XFSZ
    ulimit -f 20
    "$CARNET_COLLECT" export corpus -o export_corpus.out 2>"$WORK/err"
) && fail "an export past the file-size limit succeeded"
expect_grep "the write error is said" "File too large" "$WORK/err"
cmp -s earlier.txt export_corpus.out || fail "a failed export changed the earlier one"
ls ./*.tmp-* >/dev/null 2>&1 && fail "a failed export left its temporary file"
# A killed export (kill -9: no handler runs) leaves its temporary file; the next export of
# that file removes it. One whose writer still runs makes the export refuse, where the last
# to finish replaced the other's file without a word.
host=$(hostname | tr '/-' '__')
sleep 300 & dead=$! # a process id that no longer runs once killed
kill -9 $dead && wait $dead 2>/dev/null
touch "export_corpus.out.tmp-$host-$dead-AbC123"
chmod 600 "export_corpus.out.tmp-$host-$dead-AbC123"
expect_ok "export over a killed export's leftover" cc export corpus -o export_corpus.out
[ -e "export_corpus.out.tmp-$host-$dead-AbC123" ] && fail "the killed export's file is left"
mkdir -p bin && cp "$(command -v sleep)" bin/carnet-collect # a writer of this program's name
bin/carnet-collect 300 & live=$!
touch "export_corpus.out.tmp-$host-$live-XyZ789"
expect_exit 1 "another process ($live) is writing it" "two exports into one file" \
    cc export corpus -o export_corpus.out
kill $live && wait $live 2>/dev/null
rm -f "export_corpus.out.tmp-$host-$live-XyZ789"
ls ./*.tmp-* >/dev/null 2>&1 && fail "a refused export left its temporary file"
finish

#!/usr/bin/env bash
# entry add (stdin and $EDITOR), edit, list, show, and every refusal.
. "$(dirname "$0")/lib.sh"

cc init --name t 2>/dev/null
cc participant add P01 --gender f --birth-year 1988 --care-start 2024-09-01 \
    --consent 2025-02-03 2>/dev/null

id=$(printf 'Rendez-vous au centre.\nDeuxième ligne.\n' | cc entry add P01 2025-02-05 2>/dev/null)
expect_eq "first id" "1" "$id"
expect_exit 1 "before P01's consent on 2025-02-03" "before consent" \
    sh -c 'echo x | "$CARNET_COLLECT" entry add P01 2025-02-01'
expect_exit 1 "in the future (today is 2026-06-01 on this computer)" "future" \
    sh -c 'echo x | "$CARNET_COLLECT" entry add P01 2026-06-02'
expect_exit 1 "impossible date" "impossible" sh -c 'echo x | "$CARNET_COLLECT" entry add P01 2025-04-31'
expect_exit 1 "unknown participant 'P09'" "unknown" sh -c 'echo x | "$CARNET_COLLECT" entry add P09 2025-03-01'
expect_exit 1 "text: empty" "empty" sh -c 'printf "  \n" | "$CARNET_COLLECT" entry add P01 2025-03-01'
expect_exit 1 "text: empty (only blank or invisible characters, the first U+00A0)" \
    "no-break spaces only" sh -c 'printf "\302\240\302\240" | "$CARNET_COLLECT" entry add P01 2025-03-01'
expect_exit 1 "invalid UTF-8" "bad utf-8" sh -c 'printf "caf\351\n" | "$CARNET_COLLECT" entry add P01 2025-03-01'
expect_exit 1 "already has this entry" "duplicate" \
    sh -c 'printf "Rendez-vous au centre.\r\nDeuxième ligne." | "$CARNET_COLLECT" entry add P01 2025-02-05'
# a text over the limit is refused with its own size, however long the stream runs
expect_exit 1 "text: 9200000 bytes is more than the 1048576 allowed for one entry" "9.2 MB on stdin" \
    sh -c 'head -c 9200000 /dev/zero | tr "\\0" a | "$CARNET_COLLECT" entry add P01 2025-03-01'
expect_eq "entries after refusals" "1" "$(sqlite3 "$CARNET_DB" 'select count(*) from entry')"

# $EDITOR is used when stdin is a terminal: script(1) gives the command one.
cat >"$WORK/editor.sh" <<'ED'
#!/bin/sh
printf 'Écrit dans l éditeur.\n' > "$1"
ED
chmod +x "$WORK/editor.sh"
if command -v script >/dev/null; then
    EDITOR="$WORK/editor.sh" script -qec "$CARNET_COLLECT entry add P01 2025-02-07" /dev/null \
        >"$WORK/out" 2>&1 || fail "entry add through the editor: $(cat "$WORK/out")"
    expect_eq "editor text" "Écrit dans l éditeur." \
        "$(sqlite3 "$CARNET_DB" 'select text from entry where date = "2025-02-07"')"
else
    fail "script(1) is missing: install bsdutils"
fi

expect_ok "edit from stdin" sh -c 'echo "Texte corrigé." | "$CARNET_COLLECT" entry edit 1'
expect_ok "show" cc entry show 1
expect_grep "edited text" "^Texte corrigé\.$" "$WORK/out"
expect_grep "source" "^source: +typed" "$WORK/out"
expect_exit 1 "no entry 99" "edit missing" sh -c 'echo x | "$CARNET_COLLECT" entry edit 99'
# $EDITOR may stay open for minutes: a correction saved meanwhile (here from another
# terminal, while the editor is open) is not overwritten, and the text typed is kept
# (trial 67: it was, silently)
cat >"$WORK/slow-editor.sh" <<'ED'
#!/bin/sh
echo "Corrigé par B pendant ce temps." | "$CARNET_COLLECT" entry edit 1 >/dev/null 2>&1 || exit 1
printf 'Tapé par A.\n' >"$1"
ED
chmod +x "$WORK/slow-editor.sh"
(cd "$WORK" && EDITOR="$WORK/slow-editor.sh" script -qec "$CARNET_COLLECT entry edit 1" /dev/null \
    >"$WORK/out" 2>&1) && fail "an edit over a correction made meanwhile succeeded: $(cat "$WORK/out")"
expect_grep "said" "entry 1 was changed meanwhile \(version [0-9]+, this edit is based on version [0-9]+\): nothing stored" "$WORK/out"
expect_eq "B's correction kept" "Corrigé par B pendant ce temps." \
    "$(sqlite3 "$CARNET_DB" 'select text from entry where id = 1')"
kept=$(ls "$WORK"/carnet-unsaved-entry-1-* 2>/dev/null | head -1)
[ -n "$kept" ] && grep -q "Tapé par A" "$kept" || fail "A's text was not kept: $(cat "$WORK/out")"
rm -f "$WORK"/carnet-unsaved-entry-1-*
expect_ok "edit again, from stdin" sh -c 'echo "Texte corrigé." | "$CARNET_COLLECT" entry edit 1'
expect_exit 2 "not an entry id" "bad id" cc entry show abc
expect_ok "list" cc entry list P01
expect_eq "list lines" "2" "$(wc -l <"$WORK/out")"
expect_exit 1 "unknown participant 'P7'" "list unknown" cc entry list P7
# a date range and a limit: the rest counted on stderr; impossible or crossed dates refused
for d in 2025-03-01 2025-03-10 2025-03-20; do echo "Le $d." | cc entry add P01 "$d" >/dev/null 2>&1; done
expect_ok "list --from --to" cc entry list P01 --from 2025-03-05 --to 2025-03-20
expect_eq "list --from --to: both ends kept" "2025-03-10 2025-03-20" \
    "$(awk '{ print $3 }' "$WORK/out" | tr '\n' ' ' | sed 's/ $//')"
expect_ok "list --limit" cc entry list --limit 2
expect_eq "list --limit: two lines" "2" "$(wc -l <"$WORK/out")"
expect_grep "list --limit: the rest said" "^3 more entries not shown \(--limit 2\)$" "$WORK/err"
expect_exit 2 "--from 2025-03-20 is after --to 2025-03-01" "list, crossed dates" \
    cc entry list --from 2025-03-20 --to 2025-03-01
expect_exit 2 "impossible date" "list, impossible date" cc entry list --to 2025-02-30
expect_exit 2 "given twice" "list, --from twice" cc entry list --from 2025-03-01 --from 2025-03-02
expect_ok "audit" cc audit
expect_grep "update audited with before and after" '"action":"update","before":\{.*"text":"Rendez-vous' "$WORK/out"

# A mistyped date is corrected within the bounds an added entry has (trial 32: only the
# text could be, and an entry after the hand-back had no way out), the reason audited.
expect_ok "redate" cc entry redate 1 2025-02-08 --reason "le 8, pas le 3"
expect_eq "moved" "2025-02-08" "$(sqlite3 "$CARNET_DB" 'select date from entry where id = 1')"
expect_ok "the same date again" cc entry redate 1 2025-02-08
expect_grep "nothing changed" "dated 2025-02-08 already: nothing changed" "$WORK/err"
expect_exit 1 "is in the future" "redate to the future" cc entry redate 1 2031-01-01
expect_exit 1 "is before P01's consent" "redate before consent" cc entry redate 1 2020-01-01
expect_exit 1 "no month 13" "redate to no date" cc entry redate 1 2025-13-01
expect_exit 1 "no entry 99" "redate missing" cc entry redate 99 2025-02-08
echo "Texte corrigé." | cc entry add P01 2025-02-09 >/dev/null 2>&1 || fail "a second page"
expect_exit 1 "has the same text already" "redate onto the same text" cc entry redate 1 2025-02-09
expect_ok "audit after redate" cc audit
expect_grep "reason audited" '"reason":"le 8, pas le 3"' "$WORK/out"
expect_ok "audit verifies" cc audit --verify
# a date with spaces around it is the date alone (trial 81: taken, then stored cut to
# " 2025-02-0", it broke every later command of the study; trial 82: quoted CSV cells)
id=$(echo "Espacée." | cc entry add P01 " 2025-02-06 " 2>/dev/null) || fail "a spaced date"
expect_eq "stored as the date alone" "2025-02-06" \
    "$(sqlite3 "$CARNET_DB" "select date from entry where id = $id")"
expect_ok "the study still reads" cc entry list
printf 'participant,date,text\nP01," 2025-02-07",Citée.\n' >quoted.csv
expect_ok "a quoted cell with a space" cc import quoted.csv
expect_eq "imported as the date alone" "1" \
    "$(sqlite3 "$CARNET_DB" "select count(*) from entry where date = '2025-02-07' and text = 'Citée.'")"
expect_exit 2 "(spaces around it: give the date alone)" "a spaced date where no field is read" \
    cc entry list --from " 2025-02-01"
# the preview is 50 characters, whatever their bytes (trial 90: an accented text showed 40)
printf 'Écrit à l’hôpital, pensé à l’été, à ma sœur, à ma fête de Noël, aux œufs.' |
    cc entry add P01 2025-04-11 >/dev/null
expect_ok "list of an accented text" cc entry list --from 2025-04-11 --to 2025-04-11
expect_grep "50 characters shown" '  Écrit à l’hôpital, pensé à l’été, à ma sœur, à ma \.\.\.$' "$WORK/out"
finish

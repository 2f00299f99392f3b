#!/usr/bin/env bash
# t0019 — a command whose output could not be written whole says so and exits 1 (trial 45:
# participant list, check, audit and entry list cut at 12 KB on a full disk, or printing
# into a closed output, exited 0; and export corpus into a pipe whose reader left, with
# SIGPIPE ignored as a runner may, exited 0 once its output was held in memory).
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"

new_demo_study || fail "demo study"
for listing in "participant list" "entry list" "check" "audit" "stats" "export corpus"; do
    # shellcheck disable=SC2086 # two words: the command
    if cc $listing >/dev/full 2>err.txt; then
        fail "$listing to a full disk exited 0"
    fi
    expect_grep "$listing to a full disk: said" "No space left on device" err.txt
    # shellcheck disable=SC2086
    if cc $listing >&- 2>err.txt; then
        fail "$listing to a closed output exited 0"
    fi
    expect_grep "$listing to a closed output: said" "Bad file descriptor" err.txt
done
# a command says what it wrote only once it is written, and after it (trial 47: held in
# memory, the corpus went out after "exported N texts", and a full disk then cut it with
# that said); a failure names the output and the reason
for listing in "export corpus" "export entries" "export participants" "check"; do
    # shellcheck disable=SC2086
    if cc $listing >/dev/full 2>err.txt; then
        fail "$listing to a full disk exited 0"
    fi
    expect_grep "$listing to a full disk: names the output" \
        "standard output: .*No space left on device" err.txt
    if grep -E "^exported|alerts? as of" err.txt; then
        fail "$listing to a full disk: said done"
    fi
    # shellcheck disable=SC2086
    if cc $listing >&- 2>err.txt; then
        fail "$listing to a closed output exited 0"
    fi
    expect_grep "$listing to a closed output: names the output" \
        "standard output: .*Bad file descriptor" err.txt
done
expect_eq "export corpus: its message comes after the corpus" "exported 815 texts" \
    "$(cc export corpus 2>&1 | tail -n 1 | sed 's/ (as of audit chain head .*//')"
expect_eq "check: its count comes after the alerts" "$(cc check 2>/dev/null | wc -l) alerts as of 2026-06-01" \
    "$(cc check 2>&1 | tail -n 1)"
if [ "$(id -u)" != 0 ]; then # root writes into a read-only folder
    mkdir ro && chmod 555 ro
    expect_exit 1 "ro/corpus.txt" "export corpus into a read-only folder" cc export corpus -o ro/corpus.txt
    grep -q "^exported" "$WORK/err" && fail "export into a read-only folder: said done"
fi
expect_exit 1 "nodir/corpus.txt: the folder it would be in, nodir, does not exist; create it first (mkdir -p nodir)" \
    "export corpus into a missing folder" cc export corpus -o nodir/corpus.txt
# a study created in a folder not made yet says so, as every other writer does (trial 72)
expect_exit 1 "studies/diaries.db: the folder it would be in, studies, does not exist; create it first (mkdir -p studies)" \
    "init in a missing folder" env CARNET_DB=studies/diaries.db "$CARNET_COLLECT" init --name x
# a file that cannot be written whole (here: a limit on file sizes, which root obeys too;
# its signal, SIGXFSZ, killed the program without a word before it ignored it: trial 81)
for export in "export corpus" "export entries" "export entries --format json" "stats --by site"; do
    # shellcheck disable=SC2086
    status=$(
        ulimit -f 1
        cc $export -o big.txt 2>err.txt
        echo $?
    )
    expect_eq "$export into a file too large: status" 1 "$status"
    expect_grep "$export into a file too large: names the file and the reason" \
        "^carnet-collect: big.txt: .*File too large" err.txt
    if grep "^exported" err.txt; then
        fail "$export into a file too large: said done"
    fi
    [ -e big.txt ] && fail "$export into a file too large: left big.txt"
    compgen -G "big.txt.tmp-*" >/dev/null && fail "$export into a file too large: left its copy"
    rm -f big.txt
done
# a backup too (trial 82: "disk I/O error", SQLite's words, not the system's)
status=$(
    ulimit -f 1
    cc backup big.db 2>err.txt
    echo $?
)
expect_eq "backup into a file too large: status" 1 "$status"
expect_grep "backup into a file too large: the reason" "^carnet-collect: big.db: backup failed: File too large" err.txt
compgen -G "big.db*" >/dev/null && fail "backup into a file too large: left $(ls big.db*)"
# a reader that leaves early, SIGPIPE ignored: the writer hears EPIPE (the corpus is larger
# than a pipe holds)
status=$(
    trap '' PIPE
    cc export corpus 2>err.txt | head -c 10 >/dev/null
    echo "${PIPESTATUS[0]}"
)
expect_eq "export corpus into a pipe left early: status" 1 "$status"
expect_grep "export corpus into a pipe left early: said" "Broken pipe" err.txt
# carnet-analyse's printed tables too
cc export corpus -o corpus.txt 2>/dev/null || fail "export"
if "$CARNET_ANALYSE" stats corpus.txt >/dev/full 2>err.txt; then
    fail "carnet-analyse stats to a full disk exited 0"
fi
expect_grep "carnet-analyse stats to a full disk: said" "No space left on device" err.txt
if "$CARNET_ANALYSE" stats corpus.txt >&- 2>err.txt; then
    fail "carnet-analyse stats to a closed output exited 0"
fi
# the programs' own --help and --version too (trial 46: they exited 0)
for cmd in "$CARNET_COLLECT --help" "$CARNET_COLLECT --version" "$CARNET_COLLECT entry --help" \
    "$CARNET_ANALYSE --help" "$CARNET_ANALYSE --version"; do
    # shellcheck disable=SC2086
    if $cmd >/dev/full 2>err.txt; then
        fail "$cmd to a full disk exited 0"
    fi
done
# a command that changed the study says that its change is done, only its printout lost:
# a script does not retry a stored entry (trial 46)
if echo "Une page." | cc entry add P01 2025-03-25 >/dev/full 2>err.txt; then
    fail "entry add printing to a full disk exited 0"
fi
expect_grep "entry add: the change is said done" "what it did is done: only its printout" err.txt
expect_eq "entry add: the entry is stored once" 1 \
    "$(sqlite3 "$CARNET_DB" "select count(*) from entry where text = 'Une page.'")"
# a line longer than stdio's buffer is written past it, and the reason of its failure was
# gone by the end ("not written whole"): it is asked of the output again
head -c 9000 /dev/zero | tr '\0' x | cc entry add P01 2025-03-26 2>/dev/null || fail "a long entry"
if cc audit >&- 2>err.txt; then
    fail "audit ending in a long line, to a closed output, exited 0"
fi
expect_grep "audit ending in a long line, to a closed output: said why" \
    "standard output: Bad file descriptor" err.txt
# and the usual case is untouched: whole, status 0
expect_ok "entry list into a pipe read whole" sh -c '"$CARNET_COLLECT" entry list | wc -l'
finish

#!/usr/bin/env bash
# Trial 67: an import stopped by Ctrl+C, a closed terminal or kill left the study as it was
# (SQLite rolls the transaction back, or the next command its journal) but said nothing. It
# says that nothing was imported, and still ends by the signal (a shell sees 128+N). The
# signal is sent once the study's journal shows: the import is then inside its transaction.
# A stop during the commit waits for its end: the import is then stored, and said so.
. "$(dirname "$0")/lib.sh"

# a new study for each stop: a stop leaves the study's journal, which would show at once
new_study() {
    export CARNET_DB="$WORK/$1.db"
    cc init --name S --diary-months 24 --lost-after-days 400 2>/dev/null || fail "init $1"
    cc participant add Q001 --gender f --birth-year 1980 --care-start 2020-01-01 \
        --consent 2024-01-01 --site Lyon 2>/dev/null || fail "a participant in $1"
}
entries() { sqlite3 "$CARNET_DB" 'select count(*) from entry'; }
# a file long enough to be stopped in (about a second)
awk 'BEGIN { print "participant,date,text"
             for (i = 0; i < 200000; i++)
                 printf "Q001,2024-%02d-%02d,\"texte %d de la page\"\n", i % 12 + 1,
                        int(i / 12) % 28 + 1, i }' >big.csv
for sig in INT TERM HUP; do
    new_study "stop-$sig"
    stop_when_shown "$sig" "$CARNET_DB-journal" \
        bash -c 'exec "$0" import big.csv 2>stopped.err' "$CARNET_COLLECT"
    expect_eq "SIG$sig: ends by the signal" "$((128 + $(kill -l "$sig")))" "$STOPPED_STATUS"
    expect_grep "SIG$sig: said" "^carnet-collect: big\.csv: interrupted: nothing was imported$" \
        stopped.err
    expect_ok "SIG$sig: the study checks" cc check
    expect_eq "SIG$sig: nothing imported" 0 "$(entries)"
done
# a stop during the commit waits for it: the journal's deletion, SQLite's commit point,
# held by strace (where it can trace) once done, and the signal sent while it is held (seen
# in strace's log: a fixed sleep came too early on a slow machine); the import is stored,
# and said so, not "nothing was imported" (SIGTERM: a background job of a script ignores
# SIGINT)
if command -v strace >/dev/null && strace -qq -o /dev/null true 2>/dev/null; then
    head -1001 big.csv >small.csv
    new_study commit
    # LeakSanitizer cannot work under ptrace, and fails the traced program at its end
    ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
        strace -qq -o commit.trace -P "$CARNET_DB-journal" -e trace=unlink,unlinkat \
            -e inject=unlink,unlinkat:delay_exit=3000000 "$CARNET_COLLECT" import small.csv \
            2>small.err &
    tracer=$!
    for _ in $(seq 1200); do grep -q unlink commit.trace 2>/dev/null && break; sleep 0.05; done
    grep -q unlink commit.trace || fail "the import's commit was not seen: $(cat small.err)"
    kill -TERM "$(pgrep -P "$tracer")" || fail "no import to stop during its commit"
    wait "$tracer"
    expect_eq "a stop during the commit: the import ends" 0 $?
    expect_grep "a stop during the commit: stored, said" "^imported small\.csv: .* 1000 entries added" \
        small.err
    grep -q "interrupted" small.err && fail "a stored import said interrupted: $(cat small.err)"
    expect_eq "a stop during the commit: stored" 1000 "$(entries)"
fi
# an import that ends says nothing of a stop
new_study whole
expect_ok "import whole" cc import big.csv
grep -q "interrupted" "$WORK/err" && fail "a whole import said interrupted: $(cat "$WORK/err")"
expect_eq "the whole import stored" 200000 "$(entries)"
finish

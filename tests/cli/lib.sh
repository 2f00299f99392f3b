# lib.sh — shared by the end-to-end tests: a fresh directory, the binaries, and assertions.
# Each test script sources this, runs the real carnet-collect, and exits non-zero on the
# first failed expectation, printing what was expected and what came.
set -u
: "${CARNET_COLLECT:?set by ctest}" "${CARNET_GEN:?set by ctest}" "${CARNET_SOURCE:?set by ctest}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/carnet-cli-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
export CARNET_DB="$WORK/study.db"
export CARNET_TODAY=2026-06-01
DEMO="$CARNET_SOURCE/corpora/demo"
failures=0

cc() { "$CARNET_COLLECT" "$@"; }

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# expect_ok DESCRIPTION COMMAND...: the command exits 0.
expect_ok() {
    local what=$1
    shift
    "$@" >"$WORK/out" 2>"$WORK/err"
    local got=$?
    [ "$got" -eq 0 ] || fail "$what: exit $got — $(cat "$WORK/err")"
}

# expect_exit CODE FRAGMENT DESCRIPTION COMMAND...: exits CODE with FRAGMENT on stderr.
expect_exit() {
    local code=$1 fragment=$2 what=$3
    shift 3
    "$@" >"$WORK/out" 2>"$WORK/err"
    local got=$?
    [ "$got" -eq "$code" ] || fail "$what: exit $got, expected $code — $(cat "$WORK/err")"
    grep -qF -- "$fragment" "$WORK/err" || fail "$what: stderr lacks '$fragment': $(cat "$WORK/err")"
}

# expect_eq DESCRIPTION EXPECTED ACTUAL
expect_eq() {
    [ "$2" = "$3" ] || fail "$1: expected '$2', got '$3'"
}

# expect_grep DESCRIPTION PATTERN FILE
expect_grep() {
    grep -qE -- "$2" "$3" || fail "$1: no line matching '$2' in $3: $(head -c 2000 "$3")"
}

dump() { sqlite3 "$CARNET_DB" .dump; }

# stop_when_shown SIGNAL PATTERN COMMAND...: runs COMMAND in the background and sends it
# SIGNAL (as Ctrl+C, kill or a closed terminal would) once a file matching the glob
# PATTERN shows, PID in it standing for the command's process; STOPPED_STATUS is then its
# exit status. Fails when nothing showed within a minute.
stop_when_shown() {
    local sig=$1 pattern=$2 shown=
    shift 2
    set -m # job control: a background job of a script ignores SIGINT otherwise
    "$@" >/dev/null 2>&1 &
    local pid=$!
    set +m
    pattern=${pattern//PID/$pid}
    for _ in $(seq 30000); do
        compgen -G "$pattern" >/dev/null && shown=1 && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.002
    done
    [ -n "$shown" ] || fail "SIG$sig, ${*:2}: $pattern never showed"
    kill -"$sig" "$pid"
    wait "$pid"
    STOPPED_STATUS=$?
}

# hot_journal DIR: DIR, made, holds copies of $CARNET_DB and its journal taken while a
# write was under way: a study a crash left with its hot journal. Fails when no journal
# was copied.
hot_journal() {
    mkdir -m 700 "$1" || return 1
    sqlite3 "$CARNET_DB" <<SQL || return 1
PRAGMA cache_size = 1;
BEGIN;
CREATE TABLE junk (x);
INSERT INTO junk SELECT randomblob(2000) FROM entry;
.system cp "$CARNET_DB" "$CARNET_DB-journal" $1/
ROLLBACK;
SQL
    [ -s "$1/$(basename "$CARNET_DB")-journal" ]
}

new_demo_study() {
    cc init --name "Demo" 2>/dev/null &&
        cc import "$DEMO/participants.csv" 2>/dev/null &&
        cc import "$DEMO/entries.csv" 2>/dev/null
}

finish() {
    if [ "$failures" -gt 0 ]; then
        echo "$failures expectation(s) failed" >&2
        exit 1
    fi
    echo "ok"
    exit 0
}

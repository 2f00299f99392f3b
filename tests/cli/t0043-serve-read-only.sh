#!/usr/bin/env bash
# Trial 62: `serve` on a study it cannot write (a read-only file, a folder of another user's)
# printed its link as usual, and the typist learnt it only when a draft or a save was
# refused. It says so at start. Modes stop no root: as root the program runs as nobody
# (setpriv); the test is skipped (77) when it cannot. The desk's pages say it too.
. "$(dirname "$0")/lib.sh"
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$WORK"' EXIT # no server left behind

me() {
    if [ "$(id -u)" -eq 0 ]; then
        setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
    else
        "$@"
    fi
}
# me "$@" as a job whose pid (in $pid) is the program's own: `me ... &` made a subshell,
# which `kill` stopped, the desk left serving
me_job() {
    if [ "$(id -u)" -eq 0 ]; then
        setpriv --reuid=65534 --regid=65534 --clear-groups "$@" &
    else
        "$@" &
    fi
    pid=$!
}
[ "$(id -u)" -ne 0 ] || command -v setpriv >/dev/null || { echo "skipped: no setpriv"; exit 77; }
command -v curl >/dev/null || { echo "skipped: no curl"; exit 77; }
me true || { echo "skipped: cannot run as nobody"; exit 77; }
chmod 711 "$WORK"
# the study's folder its user's alone: one others can write is refused (t0046)
mkdir -m 700 mine || exit 1
[ "$(id -u)" -ne 0 ] || chown 65534:65534 mine
cd mine || exit 1
expect_ok "init as the study's user" me "$CARNET_COLLECT" --db study.db init --name S

serve() { # serve ERR: serve until its link is printed, open it (the dashboard into
    # ERR.html), then stop it; its stderr in ERR
    me_job "$CARNET_COLLECT" --db study.db serve --port 0 >out 2>"$1"
    for _ in $(seq 500); do grep -q token= out 2>/dev/null && break; sleep 0.02; done
    grep -q token= out || fail "serve printed no link: $(cat "$1")"
    # the page as the desk's own user opens it (another user's connection is refused, t0044)
    me curl -s -g -m 10 -L -c /dev/null -b '' "$(grep -o 'http://[^ ]*' out)" >"$1.html"
    grep -q "Dashboard" "$1.html" || fail "the desk's link gave no page: $(head -c 300 "$1.html")"
    kill "$pid"
    wait "$pid"
    pid=
}
serve writable.err
grep -q "cannot be written" writable.err && fail "a writable study said read-only: $(cat writable.err)"
grep -q 'id="read-only"' writable.err.html && fail "a writable study's page said read-only"
me chmod 400 study.db
serve read-only.err
expect_grep "said at start" "^carnet-collect serve: warning: study.db cannot be written: the file is read-only here .*saves and drafts will be refused" read-only.err
# said on the desk's pages too: the terminal is not where the typist looks
expect_grep "said on the page" 'id="read-only">This study cannot be written: the file is read-only here\. .*saves and drafts will be refused' read-only.err.html
finish

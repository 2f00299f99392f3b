#!/usr/bin/env bash
# Trial 64: another user of the computer reached the desk's loopback port: he opened the
# one-time link read from the browser's command line before the browser did, read /alive's
# proof, or held 64 idle connections so that the typist's pages no longer loaded. The desk
# now refuses, at accept, a connection whose socket belongs to another user. Needs root, to
# be that other user (nobody, with setpriv); skipped (77) otherwise.
. "$(dirname "$0")/lib.sh"
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$WORK"' EXIT # no server left behind
[ "$(id -u)" -eq 0 ] || { echo "skipped: needs root to act as another user"; exit 77; }
command -v setpriv >/dev/null && command -v curl >/dev/null || { echo "skipped: no setpriv or curl"; exit 77; }
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
nobody true || { echo "skipped: cannot act as nobody"; exit 77; }

cc init --name S >/dev/null || fail "init"
start() { # start ADDRESS: serve there on a free port; sets pid and url (the printed link)
    "$CARNET_COLLECT" serve --address "$1" --port 0 >out 2>err &
    pid=$!
    for _ in $(seq 250); do grep -q token= out 2>/dev/null && break; sleep 0.02; done
    url=$(grep -o 'http://[^ ]*token=[0-9a-f]*' out) || fail "serve printed no link: $(cat err)"
}
stop() { kill "$pid"; wait "$pid"; pid=; }
code() { curl -s -g -m 5 -o /dev/null -w '%{http_code}' "$@"; }

for address in 127.0.0.1 ::1; do
    [ "$address" = ::1 ] && ! [ -e /proc/net/tcp6 ] && continue
    start "$address"
    # another user, with the link: the connection is closed before a byte is read
    expect_eq "$address: another user's link refused" "000" "$(nobody curl -s -g -m 5 -o /dev/null -w '%{http_code}' "$url")"
    expect_eq "$address: another user's /alive refused" "000" "$(nobody curl -s -g -m 5 -o /dev/null -w '%{http_code}' "${url%%/\?token=*}/alive")"
    # the link still works, once, for the desk's own user
    expect_eq "$address: the link opens for its user" "303" "$(code "$url")"
    expect_eq "$address: then used" "403" "$(code "$url")"
    stop
    grep -q "cannot tell which user" err && fail "$address: owner not read: $(cat err)"
done
finish

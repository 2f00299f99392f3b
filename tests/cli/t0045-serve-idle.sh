#!/usr/bin/env bash
# Trial 64: a request sent half-way and then left silent held one of the desk's 64
# connections for 120 s. A silent connection is now closed after 30 s, while a long form
# that keeps coming (a slow upload) is still read to its end and answered.
. "$(dirname "$0")/lib.sh"
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$WORK"' EXIT # no server left behind

cc init --name S >/dev/null || fail "init"
"$CARNET_COLLECT" serve --port 0 >out 2>err &
pid=$!
for _ in $(seq 250); do grep -q token= out 2>/dev/null && break; sleep 0.02; done
port=$(grep -o '127.0.0.1:[0-9]*' out | cut -d: -f2)
base=$(grep -o '127.0.0.1:[0-9]*/d[0-9a-f]*' out | cut -d/ -f2)
[ -n "$port" ] || fail "serve printed no link: $(cat err)"

# a form of 40 bytes, 10 every 10 s: silent less than 30 s at a time, 40 s in all
(
    exec 4<>"/dev/tcp/127.0.0.1/$port"
    printf 'POST /%s/participants HTTP/1.0\r\nHost: 127.0.0.1:%s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 40\r\n\r\n' "$base" "$port" >&4
    for _ in 1 2 3 4; do sleep 10; printf 'aaaaaaaaaa' >&4; done
    timeout 20 head -1 <&4 | tr -d '\r' >slow.answer
) &
slow=$!
# half a request, then silence: closed by the desk within the timeout
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /%s/ HTTP/1.1\r\nHost: 127.0.0.1:%s\r\n' "$base" "$port" >&3
start=$SECONDS
timeout 60 cat <&3 >/dev/null
held=$((SECONDS - start))
exec 3<&-
[ "$held" -ge 25 ] && [ "$held" -le 40 ] || fail "a silent half request held $held s (expected about 30)"
wait "$slow"
expect_grep "a slow form answered" '^HTTP/1.[01] [0-9]{3}' slow.answer
finish

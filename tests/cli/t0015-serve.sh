#!/usr/bin/env bash
# carnet-collect serve, without a browser (the browser test is tests/desk): a non-loopback
# address is refused before the database is opened (an old study is not even migrated);
# the printed link carries a fresh 64-hex token; a request without the session is refused,
# the token's first use sets the session cookie; a busy port is an error; TERM stops it.
. "$(dirname "$0")/lib.sh"
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$WORK"' EXIT # no server left behind

sqlite3 "$CARNET_DB" <"$CARNET_SOURCE/tests/fixtures/study-v1.sql" || fail "load the v1 study"
for a in 0.0.0.0 192.168.1.10 :: example.org; do
    expect_exit 2 "not a" "--address $a refused" cc serve --address "$a"
done
# trial 64: the pages answer to 127.0.0.1 only, and an empty address was taken as the default
expect_exit 2 "not 127.0.0.1" "--address 127.0.0.2 refused" cc serve --address 127.0.0.2
expect_exit 2 "--address '': empty" "--address '' refused" cc serve --address ''
expect_eq "not migrated by a refused serve" "1" "$(sqlite3 "$CARNET_DB" "pragma user_version")"

# http PORT REQUEST-LINE [HEADER]: the status line and headers of the answer, over bash's
# /dev/tcp (no client needed).
http() {
    exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
    printf '%s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\n%s\r\n' "$2" "$1" "${3:+$3$'\r\n'}" >&3
    tr -d '\r' <&3 | sed '/^$/q'
    exec 3<&-
}

start() { # start OUT: serve on a free port in the background; sets pid, port, token
    "$CARNET_COLLECT" serve --port 0 >"$1" 2>"$1.err" &
    pid=$!
    for _ in $(seq 50); do grep -q 'token=' "$1" 2>/dev/null && break; sleep 0.1; done
    port=$(grep -o '127.0.0.1:[0-9]*' "$1" | cut -d: -f2)
    token=$(grep -o 'token=[0-9a-f]*' "$1" | cut -d= -f2)
    base=$(grep -o '127.0.0.1:[0-9]*/d[0-9a-f]*' "$1" | cut -d/ -f2)
    base=/$base
}
start serve1.out
expect_eq "token of 64 hex digits" "64" "${#token}"
expect_eq "migrated when served" "8" "$(sqlite3 "$CARNET_DB" "pragma user_version")"
# the pages under a secret prefix, which the session cookie is scoped to: no other program
# on 127.0.0.1 is sent it (browsers keep cookies by host, not by port)
expect_grep "the link under a secret prefix" "^  http://127.0.0.1:$port/d[0-9a-f]{32}/\?token=" serve1.out
http "$port" "GET /?token=$token" >answer || fail "no answer on port $port"
expect_grep "outside the prefix: 404, even with the token" '^HTTP/1.[01] 404' answer
http "$port" "GET $base/" >answer
expect_grep "no session: 403" '^HTTP/1.[01] 403' answer
expect_grep "strict CSP on a refusal too" "^Content-Security-Policy: default-src 'self'" answer
http "$port" "GET $base/?token=$token" >answer
expect_grep "token: redirect" '^HTTP/1.[01] 303' answer
expect_grep "token: to the page without it" "^Location: $base/\$" answer
expect_grep "token: session cookie" "^Set-Cookie: carnet_desk_[0-9a-f]{16}=[0-9a-f]{64}; HttpOnly; SameSite=Strict; Path=$base/\$" answer
cookie=$(sed -n 's/^Set-Cookie: \([^;]*\);.*/\1/p' answer)
http "$port" "GET $base/?token=$token" >answer
expect_grep "token used twice: 403" '^HTTP/1.[01] 403' answer
http "$port" "GET /participants" "Cookie: $cookie" >answer
expect_grep "outside the prefix: 404, even with the session" '^HTTP/1.[01] 404' answer
http "$port" "GET $base/participants" "Cookie: $cookie" >answer
expect_grep "with the session: 200" '^HTTP/1.[01] 200' answer
expect_grep "data pages not cached" '^Cache-Control: no-store' answer
http "$port" "POST $base/participants" "Cookie: $cookie" >answer
expect_grep "POST without CSRF: 403" '^HTTP/1.[01] 403' answer
# a NUL or another control character in the path, or in the query other than a text box's
# tab and line breaks, percent-encoded, is a bad request: the server decoded %00 into the
# end of the path, and served /participants for /participants%00.csv (a run's report.html
# for report.html%00.csv)
for target in "/participants%00.csv" "/participants%0a" "/p/P01%7f" "/participants?order=new%00x" \
    "/audit?since=2025-01-01%1bX:%20y" "/participants?a%01=1"; do
    http "$port" "GET $base$target" "Cookie: $cookie" >answer
    expect_grep "GET $target: 400" '^HTTP/1.[01] 400' answer
done
# a GET form's line breaks are its text (the export's conditions, a line each): a date
# that is no date is refused as such, with no line of it among the answer's headers
http "$port" "GET $base/audit?since=2025-01-01%0d%0aX:%20y" "Cookie: $cookie" >answer
expect_grep "a query's line break: read as the form's" '^HTTP/1.[01] 422' answer
grep -q '^X:' answer && fail "a query's line break made a header"
http "$port" "GET $base/participants?order=new" "Cookie: $cookie" >answer
expect_grep "a query without: 200" '^HTTP/1.[01] 200' answer
# page PATH and send PATH BODY: the whole answer (status line, headers, page) to a GET, and
# to a POST of the urlencoded form BODY, with the session.
page() {
    exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
    printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\nCookie: %s\r\n\r\n' "$1" "$port" "$cookie" >&3
    tr -d '\r' <&3
    exec 3<&-
}
send() {
    exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
    printf 'POST %s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\nCookie: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %s\r\n\r\n%s' \
        "$1" "$port" "$cookie" "${#2}" "$2" >&3
    tr -d '\r' <&3
    exec 3<&-
}
# A participant's form opened before the hand-back was recorded on the command line, saved
# with a birth year corrected: refused (409), the hand-back kept (trial 60: undone, "saved").
page "$base/p/P01/edit" >edit.html
form="csrf=$(grep -o 'name="csrf" value="[^"]*"' edit.html | cut -d'"' -f4)"
while IFS='"' read -r _ name _ value _; do # name="was_X" value="V": X=V as shown, and was_X=V
    field=${name#was_}
    [ "$field" = birth_year ] && shown=1971 || shown=$value
    form="$form&$field=$shown&$name=$value"
done < <(grep -o 'name="was_[a-z_]*" value="[^"]*"' edit.html)
expect_grep "the edit form holds the record it was made from" '&was_status=active&' <(echo "$form")
expect_ok "the hand-back on the command line" cc participant set P01 --handed-back 2025-11-19
send "$base/p/P01/edit" "$form" >answer
expect_grep "a save from the form opened before: 409" '^HTTP/1.[01] 409' answer
expect_grep "what changed meanwhile said" 'id="meanwhile">Status, Handed back<' answer
cc participant show P01 >shown 2>&1
expect_grep "the hand-back kept" '^handed back: +2025-11-19' shown
expect_grep "the birth year not written" '^birth year: +1970' shown
# post PATH BYTES: a POST of BYTES bytes of form, with the session; the status line.
post() {
    exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
    printf 'POST %s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\nCookie: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %s\r\n\r\n' \
        "$1" "$port" "$cookie" "$2" >&3
    head -c "$2" /dev/zero | tr '\0' 'a' >&3 2>/dev/null
    tr -d '\r' <&3 | head -1
    exec 3<&-
}
expect_grep "a 4 MB form refused" "^HTTP/1.[01] 413" <(post "$base/p/P01/new" 4000000)
expect_grep "a 4 MB import read whole (then refused for its CSRF)" "^HTTP/1.[01] 403" \
    <(post "$base/import" 4000000)

expect_exit 1 "in use" "a busy port" cc serve --port "$port"
grep -qF -- "--port 0 takes any free port" "$WORK/err" || fail "a busy port: no --port 0 suggested"
kill -TERM "$pid"
wait "$pid"
expect_eq "TERM stops it cleanly" "0" "$?"
pid=""
grep -q stopped serve1.out.err || fail "no 'stopped' on stderr"
first=$token
start serve2.out
[ "$token" != "$first" ] || fail "the second run printed the same token"
kill -TERM "$pid"
wait "$pid"
pid=""
# A new user finds, after scripts/demo.sh, the command that opens the desk on the demo study.
desk_line='build/carnet-collect --db out/demo/study.db serve'
grep -qxF "$desk_line" "$CARNET_SOURCE/README.md" || fail "README: no '$desk_line' line"
grep -qF 'echo "  build/carnet-collect --db $out/study.db serve"' "$CARNET_SOURCE/scripts/demo.sh" &&
    grep -qx 'out=out/demo' "$CARNET_SOURCE/scripts/demo.sh" ||
    fail "scripts/demo.sh does not print '$desk_line'"
finish

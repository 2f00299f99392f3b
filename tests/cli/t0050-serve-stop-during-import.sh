#!/usr/bin/env bash
# Trial 79: Ctrl+C while the desk imported a large file stored the import, then dropped
# the browser's connection ("empty reply") and said only "stopped": whether the file was
# imported could not be told. The desk now stops taking connections, answers the request
# it is handling, then stops, saying it waited. The stop is sent while the import is being
# read (its uploaded copy exists), so the test does not hang on timing.
. "$(dirname "$0")/lib.sh"
command -v curl >/dev/null || { echo "skipped: no curl"; exit 77; }
pid=
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$WORK"' EXIT # no server left behind
export TMPDIR="$WORK/tmp"
mkdir -m 700 "$TMPDIR"

"$CARNET_GEN" --out gen --participants 400 --entries-per-month 20 --seed 5 >/dev/null ||
    fail "generator"
cc init --name S >/dev/null 2>&1 && cc import gen/participants.csv >/dev/null 2>&1 ||
    fail "a study"
"$CARNET_COLLECT" serve --port 0 >out 2>serve.err &
pid=$!
for _ in $(seq 250); do grep -q token= out 2>/dev/null && break; sleep 0.02; done
link=$(grep -o 'http://[^ ]*' out)
[ -n "$link" ] || fail "serve printed no link: $(cat serve.err)"
base=${link%%/\?*}
curl -s -m 10 -c jar -o /dev/null "$link" || fail "the link"
csrf=$(curl -s -m 10 -b jar "$base/import" | grep -o 'name="csrf" value="[0-9a-f]*"' | head -1 |
    sed 's/.*value="//; s/"$//')
[ -n "$csrf" ] || fail "no form token"
{
    printf 'csrf=%s&step=commit&name=entries.csv&encoding=&data=' "$csrf"
    base64 -w0 gen/entries.csv | sed 's/+/%2B/g; s/\//%2F/g; s/=/%3D/g'
} >body
curl -s -m 120 -b jar -o answer.html -w '%{http_code}' --data-binary @body \
    -H 'Content-Type: application/x-www-form-urlencoded' "$base/import" >code &
client=$!
for _ in $(seq 1500); do compgen -G "$TMPDIR/carnet-desk-*" >/dev/null && break; sleep 0.01; done
compgen -G "$TMPDIR/carnet-desk-*" >/dev/null || fail "the import was never read"
kill -INT "$pid"
wait "$pid"
expect_eq "serve ends 0 on Ctrl+C" 0 "$?"
pid=
wait "$client"
expect_eq "the browser is answered" 200 "$(cat code)"
grep -q 'id="n-e-added"' answer.html || fail "the answer is not the import's page: $(head -c 500 answer.html)"
added=$(sqlite3 "$CARNET_DB" 'select count(*) from entry')
[ "$added" -gt 0 ] || fail "the answered import stored nothing"
expect_grep "the wait said" "stopping once the request in progress is answered" serve.err
expect_grep "then stopped" "^carnet-collect serve: stopped$" serve.err

# A second Ctrl+C stops at once, saying the request was cut; the import is then stored
# whole or not at all (its transaction rolled back when the study is next opened).
# the same pages, each with a word more: new entries of the same participants and days
sed -E 's/^(P[0-9]+,[0-9-]+,)"/\1"Bis. /' gen/entries.csv >more.csv
cp "$CARNET_DB" before.db
"$CARNET_COLLECT" serve --port 0 >out 2>serve.err &
pid=$!
for _ in $(seq 250); do grep -q token= out 2>/dev/null && break; sleep 0.02; done
link=$(grep -o 'http://[^ ]*' out)
base=${link%%/\?*}
curl -s -m 10 -c jar -o /dev/null "$link" || fail "the second link"
csrf=$(curl -s -m 10 -b jar "$base/import" | grep -o 'name="csrf" value="[0-9a-f]*"' | head -1 |
    sed 's/.*value="//; s/"$//')
{
    printf 'csrf=%s&step=commit&name=entries.csv&encoding=&data=' "$csrf"
    base64 -w0 more.csv | sed 's/+/%2B/g; s/\//%2F/g; s/=/%3D/g'
} >body
curl -s -m 120 -b jar -o /dev/null --data-binary @body \
    -H 'Content-Type: application/x-www-form-urlencoded' "$base/import" &
client=$!
for _ in $(seq 1500); do compgen -G "$TMPDIR/carnet-desk-*" >/dev/null && break; sleep 0.01; done
kill -INT "$pid"
for _ in $(seq 250); do grep -q "stopping once" serve.err && break; sleep 0.01; done
kill -INT "$pid" 2>/dev/null
wait "$pid"
status=$?
pid=
wait "$client"
if grep -q "stopped at once" serve.err; then
    expect_eq "a second Ctrl+C ends as Ctrl+C does" 130 "$status"
    expect_grep "what to do said" "stored whole or not at all; look at the study" serve.err
else # the import ended between the two: answered, as above
    expect_grep "answered before the second Ctrl+C" "^carnet-collect serve: stopped$" serve.err
fi
expect_ok "the study reads after a stop at once" cc check
now=$(sqlite3 "$CARNET_DB" 'select count(*) from entry')
CARNET_DB=before.db "$CARNET_COLLECT" import more.csv >/dev/null 2>whole.err ||
    fail "whole import: $(cat whole.err)"
whole=$(sqlite3 before.db 'select count(*) from entry')
[ "$now" -eq "$added" ] || [ "$now" -eq "$whole" ] ||
    fail "entries after the stop: $now, neither $added (none) nor $whole (all)"
[ "$whole" -gt "$added" ] || fail "the second import adds nothing: the test tests nothing"
finish

#!/usr/bin/env bash
# desk.sh — benchmark of the transcription desk on a study of about 100,000 entries (2,100
# generated participants): the time to save one entry through 'carnet-collect serve' (a POST
# of the entry form, as Ctrl+Enter sends it, answered by the redirect to the next form), its
# median and 99th percentile over N saves, and the load time of the dashboard (the protocol
# table and the alerts over the whole study), of a participant's diary and of the entry
# form. Times are curl's, from the request sent to the answer read, on the loopback.
# Run on demand: bash tests/bench/desk.sh [N]  (default 500 saves)
# Target: 99th percentile of a save under 20 ms.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
n=${1:-500}
bench_build test
work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
cc=build-bench/carnet-collect

build-bench/carnet-gen --out "$work/data" --participants 2100 --entries-per-month 10 --seed 3 \
    >/dev/null
db="$work/study.db"
$cc --db "$db" init --name bench 2>/dev/null
$cc --db "$db" import "$work/data/participants.csv" 2>/dev/null
$cc --db "$db" import "$work/data/entries.csv" 2>/dev/null
entries=$(sqlite3 "$db" "select count(*) from entry")
code=$(sqlite3 "$db" "select code from participant order by id limit 1 offset 1000")
date=$(sqlite3 "$db" "select consent_date from participant where code = '$code'")

$cc --db "$db" serve --port 0 >"$work/serve.out" 2>"$work/serve.err" &
pid=$!
for _ in $(seq 50); do grep -q token= "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://[^ ]*' "$work/serve.out")
base=${url%%/\?*}
jar="$work/cookies"
curl -s -c "$jar" -o /dev/null "$url"
csrf=$(curl -s -b "$jar" "$base/p/$code/new" | grep -o 'name="csrf" value="[0-9a-f]*"' |
    head -1 | sed 's/.*value="//; s/"//')

# time_total of each request, in ms, one a line.
save_times="$work/save.ms"
for i in $(seq 1 "$n"); do
    curl -s -b "$jar" -o /dev/null -w '%{http_code} %{time_total}\n' \
        --data-urlencode "csrf=$csrf" --data-urlencode "date=$date" --data-urlencode "confirm=1" \
        --data-urlencode "text=Entrée de banc d'essai numéro $i: la journée a été longue." \
        "$base/p/$code/new"
done | awk '$1 != 303 { bad++ } { printf "%.3f\n", $2 * 1000 } END { if (bad) exit 1 }' \
    >"$save_times" || { echo "a save was not answered 303 See Other" >&2; exit 1; }
load() { # load PATH COUNT: the times of COUNT GETs of PATH
    for _ in $(seq 1 "$2"); do
        curl -s -b "$jar" -o /dev/null -w '%{time_total}\n' "$base$1"
    done | awk '{ printf "%.3f\n", $1 * 1000 }'
}
tail_of() { sort -g "$1" | tail -"$2" | tr "\n" " "; }
pct() { sort -g "$1" | awk -v p="$2" '{a[NR]=$1} END {i=int(NR*p/100+0.999); if(i<1)i=1; print a[i]}'; }
load / 30 >"$work/dash.ms"
load "/p/$code" 30 >"$work/diary.ms"
load "/p/$code/new" 30 >"$work/form.ms"

printf 'study: %d entries, %d participants; saves into %s (%d entries after)\n' "$entries" \
    "$(sqlite3 "$db" "select count(*) from participant")" "$code" \
    "$(sqlite3 "$db" "select count(*) from entry where participant_id = (select id from participant where code = '$code')")"
printf 'save an entry (%d): median %s ms, p99 %s ms, max %s ms (target p99 < 20 ms)\n' "$n" \
    "$(pct "$save_times" 50)" "$(pct "$save_times" 99)" "$(pct "$save_times" 100)"
printf '  slowest saves: %s\n' "$(tail_of "$save_times" 8)"
printf 'dashboard (30):      median %s ms, max %s ms\n' "$(pct "$work/dash.ms" 50)" \
    "$(pct "$work/dash.ms" 100)"
printf "participant's diary: median %s ms, max %s ms\n" "$(pct "$work/diary.ms" 50)" \
    "$(pct "$work/diary.ms" 100)"
printf 'entry form:          median %s ms, max %s ms\n' "$(pct "$work/form.ms" 50)" \
    "$(pct "$work/form.ms" 100)"

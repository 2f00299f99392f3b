#!/usr/bin/env bash
# import.sh — benchmark: entries per second for 'carnet-collect import' of a generated CSV of
# about 100,000 entries, next to the sqlite3 shell's '.import' of the same rows into a bare
# table (the physical floor). Rounds alternate the two so machine noise hits both alike;
# the figures are medians. Run on demand: bash tests/bench/import.sh [ROUNDS]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
rounds=${1:-5}
bench_build test
bench_workdir

build-bench/carnet-gen --out "$work/data" --participants 2100 --entries-per-month 10 --seed 3
rows=$(($(grep -c '^P' "$work/data/themes.csv")))
bytes=$(stat -c %s "$work/data/entries.csv")

now() { date +%s.%N; }
carnet_times=() floor_times=()
for r in $(seq 1 "$rounds"); do
    db="$work/study-$r.db"
    build-bench/carnet-collect --db "$db" init --name bench 2>/dev/null
    build-bench/carnet-collect --db "$db" import "$work/data/participants.csv" 2>/dev/null
    t0=$(now)
    build-bench/carnet-collect --db "$db" import "$work/data/entries.csv" 2>/dev/null
    t1=$(now)
    carnet_times+=("$(echo "$t1 - $t0" | bc -l)")
    bare="$work/bare-$r.db"
    t0=$(now)
    sqlite3 "$bare" "CREATE TABLE entry (participant TEXT, date TEXT, text TEXT);" \
        ".mode csv" ".import --skip 1 $work/data/entries.csv entry"
    t1=$(now)
    floor_times+=("$(echo "$t1 - $t0" | bc -l)")
    rm -f "$db" "$db-wal" "$db-shm" "$bare"
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
c=$(median "${carnet_times[@]}")
f=$(median "${floor_times[@]}")
printf 'entries: %d (%.1f MB of CSV), %d rounds, medians\n' "$rows" "$(echo "$bytes/1000000" | bc -l)" "$rounds"
printf '%-34s %8.3f s  %10.0f entries/s\n' "carnet-collect import" "$c" "$(echo "$rows/$c" | bc -l)"
printf '%-34s %8.3f s  %10.0f entries/s\n' "sqlite3 .import, bare table" "$f" "$(echo "$rows/$f" | bc -l)"
printf 'ratio (carnet / floor): %.2f  (target: at most 2)\n' "$(echo "$c/$f" | bc -l)"

# One participant's 40,000 entries on one day (trial 64): the duplicate check once scanned
# that day's entries for each row (three minutes); now a few tenths of a second, and the
# same file again, all duplicates, likewise.
day="$work/one-day.csv"
{ echo 'participant,date,text'; for i in $(seq 1 40000); do echo "A1,2025-02-01,t$i"; done; } >"$day"
printf 'code,gender,birth_year,care_start,consent_date\nA1,f,1980,2020-01-01,2025-01-01\n' >"$work/a1.csv"
db="$work/one-day.db"
build-bench/carnet-collect --db "$db" init --name bench 2>/dev/null
build-bench/carnet-collect --db "$db" import "$work/a1.csv" 2>/dev/null
for what in "40,000 entries on one day" "the same again (duplicates)"; do
    t0=$(now)
    build-bench/carnet-collect --db "$db" import "$day" >/dev/null 2>&1
    t1=$(now)
    printf '%-34s %8.3f s\n' "$what" "$(echo "$t1 - $t0" | bc -l)"
done

#!/usr/bin/env bash
# demo.sh — the main job on the bundled demo study: install, build, create the study
# database from corpora/demo, print the protocol statistics and alerts, export the corpus,
# and classify it into themes with carnet-analyse: each language on its own (the study has
# French and English sites), and the French diaries per years-in-care cohort.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build build -j"$(nproc)" >/dev/null

out=out/demo
# owner-only, whatever the umask (002 makes it group-writable): carnet-collect refuses to
# write a study in a folder another user can write, who could read it through its journal
mkdir -p -m 700 "$out" && chmod 700 "$out"
rm -f "$out"/study.db "$out"/study.db-wal "$out"/study.db-shm
collect() { build/carnet-collect --db "$out/study.db" "$@"; }
collect init --name "Carnet demo study" --diary-months 6 --lost-after-days 150
collect import corpora/demo/participants.csv
collect import corpora/demo/entries.csv
# The statistics and alerts as of the end of the demo's fieldwork (its last hand-back is
# on 2025-12-28), so that they read the same whenever the demo runs: lost and late diaries
# are counted as of a day.
echo
CARNET_TODAY=2025-12-31 collect stats --by care
echo
CARNET_TODAY=2025-12-31 collect stats --by care --format csv -o "$out/stats_by_care.csv"
CARNET_TODAY=2025-12-31 collect stats --by site --format json -o "$out/stats_by_site.json"
echo "Protocol alerts as of the end of the demo's fieldwork (2025-12-31):"
CARNET_TODAY=2025-12-31 collect check
collect export corpus -o "$out/corpus.txt"
echo
echo "Themes of the diaries (Reinert classification of the text segments), one analysis"
echo "per language: French and English diaries classified together split by language first."
rm -rf "$out/analysis" "$out/analysis_by_care"
build/carnet-analyse run "$out/corpus.txt" -o "$out/analysis" --by lang
echo
echo "The French diaries, per cohort of years in care:"
build/carnet-analyse run "$out/corpus.txt" -o "$out/analysis_by_care" --where lang=fr \
    --by care >/dev/null
awk -F, '{ printf "%-10s %-6s %-5s %-8s %s\n", $1, $2, $3, $4, $5 }' \
    "$out/analysis_by_care/by_care.csv"
echo
echo "study database:  $out/study.db"
echo "IRAMUTEQ corpus: $out/corpus.txt"
echo "statistics:      $out/stats_by_care.csv, $out/stats_by_site.json"
echo "analysis:        $out/analysis/lang_fr/, lang_en/ (profiles.csv, typical_segments.csv, ...)"
echo "by language:     $out/analysis/by_lang.html"
echo "by cohort:       $out/analysis_by_care/by_care.html (French diaries)"
echo "report:          $out/analysis/lang_fr/report.html"
echo
echo "To type diaries in a browser, open the desk on this study with:"
echo "  build/carnet-collect --db $out/study.db serve"

#!/usr/bin/env bash
# t0306 — docs/guide.md cannot go stale: its fenced sh blocks are run, in order, in one
# shell with the programs on PATH, in a scratch folder, on the demo study; each command
# must succeed. The README links to it.
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"
GUIDE=$CARNET_SOURCE/docs/guide.md

# The sh blocks, each line as written; the other blocks (text) are output, not run.
awk '/^```sh$/ { inside = 1; next } /^```/ { inside = 0 } inside' "$GUIDE" >guide.sh
blocks=$(grep -c '^```sh$' "$GUIDE")
[ "$blocks" -ge 20 ] || fail "only $blocks sh blocks in the guide"

mkdir bin
ln -s "$CARNET_COLLECT" bin/carnet-collect
ln -s "$CARNET_ANALYSE" bin/carnet-analyse
mkdir study
(
    cd study &&
        unset CARNET_DB CARNET_TODAY &&
        PATH=$WORK/bin:$PATH EXAMPLES=$CARNET_SOURCE/corpora/demo \
            bash -euo pipefail -x ../guide.sh
) >guide.out 2>guide.err || fail "the guide's commands: $(tail -15 guide.err)"

# What the guide says happened, happened.
expect_grep "P26 replaces P12" "^replaces: +P12" <(grep -A12 '^code: *P26' guide.out)
expect_grep "the edit stored" "9 h 30" guide.out
expect_grep "the overdue alert of mid-October" "^overdue +P13 .*43 days ago" guide.out
[ -s study/fr/report.html ] || fail "no report in fr/"
[ -s study/fr_by_care/by_care.html ] || fail "no by_care.html"
expect_grep "the labels in the report" "family and home" study/fr/report.html
expect_grep "stability assessed" '"stability":[[:space:]]*10' study/fr/manifest.json
sha=$(sha256sum study/corpus.txt | cut -d' ' -f1)
expect_grep "the manifest's SHA-256 is the corpus's" "\"sha256\":[[:space:]]*\"$sha\"" \
    study/fr/manifest.json
texts=$(grep -c '"texts":' guide.out || true)
[ "$texts" -eq 1 ] || fail "the methods section's grep printed $texts \"texts\" lines, not the corpus's one"
expect_grep "the README links to the guide" '\(docs/guide\.md\)' "$CARNET_SOURCE/README.md"
finish

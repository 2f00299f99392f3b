#!/usr/bin/env bash
# run.sh — the desk's browser test (ctest desk_browser): installs puppeteer-core (pinned in
# package.json) with npm into BUILD/desk-test, builds the demo study, then drives Debian's
# headless chromium through desk.test.js. Skips (exit 77) only when chromium is absent;
# CI installs it (scripts/deps.sh test), so there it always runs.
# Environment: CARNET_COLLECT (the binary), CARNET_SOURCE, DESK_TEST_DIR (npm's folder),
# CHROMIUM (optional: the browser's path).
set -euo pipefail
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$chromium" ]; then
    echo "SKIP: no chromium on this machine (install Debian's chromium: scripts/deps.sh test)"
    exit 77
fi
command -v npm >/dev/null || { echo "FAIL: npm is missing (scripts/deps.sh test)"; exit 1; }
dir=${DESK_TEST_DIR:?}
mkdir -p "$dir"
# npm runs again only when the pinned version changes.
if ! cmp -s "$CARNET_SOURCE/tests/desk/package.json" "$dir/package.json" ||
    [ ! -d "$dir/node_modules/puppeteer-core" ]; then
    cp "$CARNET_SOURCE/tests/desk/package.json" "$dir/package.json"
    npm install --prefix "$dir" --no-audit --no-fund --loglevel=error >"$dir/npm.log" 2>&1 ||
        { cat "$dir/npm.log"; echo "FAIL: npm install puppeteer-core"; exit 1; }
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/desk.XXXXXX")
trap 'rm -rf "$work"' EXIT
export CARNET_TODAY=2026-01-15
db="$work/study.db"
"$CARNET_COLLECT" --db "$db" init --name "desk test" >/dev/null 2>&1
"$CARNET_COLLECT" --db "$db" import "$CARNET_SOURCE/corpora/demo/participants.csv" >/dev/null 2>&1
"$CARNET_COLLECT" --db "$db" import "$CARNET_SOURCE/corpora/demo/entries.csv" >/dev/null 2>&1
NODE_PATH="$dir/node_modules" CHROMIUM="$chromium" DESK_DB="$db" \
    DESK_SHOTS="$dir/screenshots" node "$CARNET_SOURCE/tests/desk/desk.test.js"

#!/usr/bin/env bash
# t0131 — the report on a phone and on paper (trial 63): at a phone's width the page does
# not scroll sideways, each table scrolling in its own box; every table's head row is in a
# <thead>, which a browser repeats on each printed page; a heading never ends a printed page
# alone; by_VAR.html's class cards are not cut across pages, and it fits a phone too.
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"

"$CARNET_GEN" --out gen --participants 20 --seed 3 --corpus corpus.txt >/dev/null || fail "generator"
"$CARNET_ANALYSE" run corpus.txt -o res >/dev/null 2>&1 || fail "run"
"$CARNET_ANALYSE" run corpus.txt -o by --by care >/dev/null 2>&1 || fail "run --by care"

# Every table in a box of its own that scrolls sideways.
tables=$(grep -o '<table' res/report.html | wc -l)
boxed=$(grep -o '<div class="wide"><table' res/report.html | wc -l)
[ "$tables" -gt 5 ] || fail "only $tables tables in the report"
expect_eq "tables in a scrolling box" "$tables" "$boxed"
expect_grep "the box scrolls" '\.wide\{overflow-x:auto' res/report.html
# Every row of head cells alone is in a <thead> (a row that mixes th and td is a body row).
tr -d '\n' <res/report.html | grep -o '<tr>\(<th>[^<]*</th>\)*</tr>' >heads.txt
n=$(tr -d '\n' <res/report.html | grep -o '<thead><tr>\(<th>[^<]*</th>\)*</tr></thead>' | wc -l)
[ -s heads.txt ] || fail "no head row found"
expect_eq "head rows in <thead>" "$(wc -l <heads.txt)" "$n"
# Print: headings and captions are kept with what follows; the scrolling box prints whole.
expect_grep "print: headings" '@media print\{[^}]*\}*[^@]*h2,h3,caption\{break-after:avoid\}' res/report.html
expect_grep "print: a wide table not cut" '@media print\{.*\.wide\{overflow:visible\}' res/report.html
expect_grep "print: cohort cards whole" '@media print\{\.cls\{break-inside:avoid\}h2,h3\{break-after:avoid\}' \
    by/by_care.html
# by_VAR.html too: its tables boxed, their heads in <thead>, a phone's viewport, and on
# paper the cohorts one after another, each under its heading (side by side, a cohort's
# heading was on its column's first page only).
expect_eq "by_care: tables in a scrolling box" "$(grep -o '<table' by/by_care.html | wc -l)" \
    "$(grep -o '<div class="wide"><table><thead>' by/by_care.html | wc -l)"
expect_grep "by_care: a phone's viewport" '<meta name="viewport" content="width=device-width' by/by_care.html
expect_grep "by_care: print: cohorts in turn" '@media print\{[^@]*\.cols\{display:block\}' by/by_care.html

# In Chromium at a phone's width, the page is no wider than its window (it was 825 px wide
# at 390: the tables overflowed). Headless Chromium keeps a window of at least ~500 px: the
# check is that nothing is wider than the window, whatever it is.
# fits_a_phone PAGE: PAGE (a run's HTML) in a window of a phone's width is no wider than it.
fits_a_phone() {
    local page=$1 narrow=${1%.html}.narrow.html w
    sed 's|</body>|<script>document.body.setAttribute("data-width", document.documentElement.scrollWidth + "/" + document.documentElement.clientWidth)</script></body>|' \
        "$page" >"$narrow"
    timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$WORK/profile" --window-size=390,844 \
        --dump-dom "file://$WORK/$narrow" >dom.html 2>/dev/null || fail "chromium failed on $page"
    w=$(grep -o 'data-width="[0-9]*/[0-9]*"' dom.html | tr -dc '0-9/')
    [ -n "$w" ] || fail "chromium gave no width for $page"
    [ "${w%/*}" -le "${w#*/}" ] 2>/dev/null || fail "$page at a phone's width scrolls sideways: $w px"
}
if command -v chromium >/dev/null; then
    fits_a_phone res/report.html
    fits_a_phone by/by_care.html
fi
finish

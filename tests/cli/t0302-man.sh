#!/usr/bin/env bash
# t0302 — the man pages generated at build time: every option of every command's --help
# is in its command's section of the program's page (or in the command's own page, when
# the section points to one), and man renders each page without a warning.
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"
MAN=$(dirname "$CARNET_COLLECT")/man

# commands PROG WIDTH: the command names of PROG's --help (names padded to WIDTH).
commands() {
    "$1" --help | sed -n '/^commands:/,/^$/p' | grep '^  [a-z]' | cut -c3-$((2 + $2)) |
        sed 's/ *$//'
}

# section PAGE NAME: the roff of command NAME's section in PAGE, hyphens as typed.
section() {
    sed 's/\\-/-/g' "$1" | awk -v name="$2" '
        /^\.S[SH] / { inside = ($0 ~ "^\\.SS \"" name "( |\")") }
        inside'
}

check_program() {
    local prog=$1 width=$2 page name opt own n=0
    page="$MAN/$(basename "$prog").1"
    [ -s "$page" ] || fail "no man page $page"
    while read -r name; do
        n=$((n + 1))
        section "$page" "$name" >sec.txt
        [ -s sec.txt ] || fail "$(basename "$prog") $name: no section in $page"
        own=$(grep -o 'Its options are in \\fB[a-z-]*' sec.txt | sed 's/.*\\fB//')
        if [ -n "$own" ]; then
            [ -s "$MAN/$own.1" ] || fail "$name: its page $own.1 is missing"
            sed 's/\\-/-/g' "$MAN/$own.1" >sec.txt
        fi
        # shellcheck disable=SC2086
        for opt in $("$prog" $name --help | grep -E '^  -' | awk '{ print $1 }'); do
            [ "$opt" = --help ] && continue
            grep -qE -- "^\\\\fB$opt\\\\fR" sec.txt ||
                fail "$(basename "$prog") $name: option $opt not in its man page"
        done
    done < <(commands "$prog" "$width")
    [ "$n" -ge 4 ] || fail "$(basename "$prog"): only $n commands found in --help"
}
check_program "$CARNET_COLLECT" 20
check_program "$CARNET_ANALYSE" 10

for page in "$MAN"/*.1; do
    expect_eq "man renders $(basename "$page") without warnings" "" \
        "$(MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)"
    MANWIDTH=80 man -l "$page" 2>/dev/null >page.txt
    expect_grep "$(basename "$page") has a NAME" "^NAME" page.txt
done
expect_grep "the run's page: --pair-order and its default" \
    "--pair-order iramuteq\|chi2\|split" <(MANWIDTH=200 man -l "$MAN/carnet-analyse-run.1" 2>/dev/null)
finish

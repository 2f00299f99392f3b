#!/usr/bin/env bash
# participant add / set / list / show, replacement, refusals.
. "$(dirname "$0")/lib.sh"

cc init --name t 2>/dev/null
expect_ok "add P01" cc participant add P01 --gender f --birth-year 1988 --care-start 2024-09-01 \
    --consent 2025-02-03 --site "Paris Nord"
expect_ok "add P02" cc participant add P02 --gender m --birth-year 1961 --care-start 2012-01-01 \
    --consent 2025-02-10 --site Lyon --lang en
expect_exit 1 "already exists" "duplicate code" cc participant add P01 --gender f \
    --birth-year 1988 --care-start 2024-09-01 --consent 2025-02-03
expect_exit 2 "--consent is required" "missing consent" cc participant add P03 --gender f \
    --birth-year 1988 --care-start 2024-09-01
expect_exit 2 "impossible date" "impossible consent" cc participant add P03 --gender f \
    --birth-year 1988 --care-start 2024-09-01 --consent 2025-02-29
expect_exit 1 "in the future" "future consent" cc participant add P03 --gender f \
    --birth-year 1988 --care-start 2024-09-01 --consent 2026-07-01
expect_exit 1 "may hold only" "code with a space" cc participant add "P 3" --gender f \
    --birth-year 1988 --care-start 2024-09-01 --consent 2025-02-03
expect_exit 1 "unknown participant 'P99'" "replaces unknown" cc participant add P03 --gender x \
    --birth-year 1999 --care-start 2025-01-01 --consent 2025-03-01 --replaces P99

expect_ok "lost" cc participant set P02 --status lost
expect_ok "replacement" cc participant add P03 --gender x --birth-year 1999 \
    --care-start 2025-01-01 --consent 2025-03-01 --replaces P02
expect_ok "hand back" cc participant set P01 --handed-back 2025-09-20
expect_exit 1 "before consent_date" "hand back before consent" cc participant set P03 \
    --handed-back 2025-01-01
expect_exit 1 "unknown participant 'P42'" "set unknown" cc participant set P42 --status lost
expect_exit 1 "status 'gone'" "bad status" cc participant set P03 --status gone

expect_ok "show P01" cc participant show P01
expect_grep "status after hand-back" "^status: +handed_back" "$WORK/out"
expect_grep "care band" "band lt1" "$WORK/out"
expect_grep "diary end" "diary period ends 2025-08-03" "$WORK/out"
expect_ok "show P02" cc participant show P02
expect_grep "replaced by" "^replaced by: +P03" "$WORK/out"
expect_grep "lang" "^language: +en" "$WORK/out"
# the day before the first anniversary: the figure shown cannot read as the band's edge
expect_ok "add P04" cc participant add P04 --gender f --birth-year 1990 --care-start 2024-03-01 \
    --consent 2025-02-28
expect_ok "show P04" cc participant show P04
expect_grep "days and years at a band's edge" \
    "\(364 days in care at consent: 0\.9973 years, band lt1\)" "$WORK/out"
expect_ok "list" cc participant list
expect_eq "list rows: the header, four participants and the star's line" "6" "$(wc -l <"$WORK/out")"
expect_grep "list P02 lost" "^P02 .* lost " "$WORK/out"
expect_grep "list: P02's own language" "^P02 .* en +lost " "$WORK/out"
expect_grep "list: P01 writes in the study's language" "^P01 .* fr\* +handed_back " "$WORK/out"
expect_grep "list: the star said" "^\* the study's language" "$WORK/out"
# the list filtered: by status, by site in any case, cut by --limit (the rest counted on
# stderr, after the list); a site or status that matches nobody is said, a bad status refused
expect_ok "list --status lost" cc participant list --status lost
expect_eq "list --status lost: P02 only" "P02" "$(awk 'NR > 1 && /^P/ { print $1 }' "$WORK/out")"
expect_ok "list --site, any case" cc participant list --site "paris nord"
expect_eq "list --site: P01 only" "P01" "$(awk 'NR > 1 && /^P/ { print $1 }' "$WORK/out")"
# as its cohort: a site's case and accents are not the user's to match (*site_besancon)
expect_ok "add P09 at Besançon" cc participant add P09 --gender f --birth-year 1990 \
    --care-start 2024-01-01 --consent 2025-03-01 --site "Besançon"
for spelling in BESANÇON besancon; do
    expect_ok "list --site $spelling" cc participant list --site "$spelling"
    expect_eq "list --site $spelling: P09 only" "P09" "$(awk 'NR > 1 && /^P/ { print $1 }' "$WORK/out")"
done
expect_ok "list --limit 2" cc participant list --limit 2
expect_eq "list --limit 2: two rows" "2" "$(grep -c '^P0' "$WORK/out")"
expect_grep "list --limit 2: the rest said" "^3 more participants not shown \(--limit 2\)$" "$WORK/err"
expect_ok "list --site nowhere" cc participant list --site Nowhere
expect_grep "list --site nowhere: said" "^no participant at Nowhere$" "$WORK/err"
expect_exit 2 "status 'gone' is not one of active" "list --status gone" cc participant list --status gone
expect_exit 2 "given twice" "list --status twice" cc participant list --status lost --status active
expect_ok "show P01's language" cc participant show P01
expect_grep "show: the study's language, said so" "^language: +fr \(the study's\)$" "$WORK/out"
# a set to the values already stored changes nothing, and writes no audit record
records=$(sqlite3 "$CARNET_DB" 'select count(*) from audit')
expect_ok "set to the same status" cc participant set P02 --status lost
expect_ok "set to the same site" cc participant set P01 \
    --site "$(sqlite3 "$CARNET_DB" "select site from participant where code = 'P01'")"
expect_ok "a language of its own" cc participant set P01 --lang pt
records=$(sqlite3 "$CARNET_DB" 'select count(*) from audit')
expect_ok "the same language, written otherwise" cc participant set P01 --lang Portuguese
expect_eq "no audit record for no change" "$records" "$(sqlite3 "$CARNET_DB" 'select count(*) from audit')"
expect_ok "a real change" cc participant set P02 --site Marseille
expect_eq "one audit record for it" "$((records + 1))" "$(sqlite3 "$CARNET_DB" 'select count(*) from audit')"
finish

#!/usr/bin/env bash
# Issue 7, defect 1: a repeated --where is an AND in export corpus and in carnet-analyse
# run/stats (it kept only the last condition); several modalities of one variable are an
# OR; a condition that matches nothing is refused with the variable's modalities. And the
# option framework's promises: a repeated single-value option is refused, a misspelt one
# gets a "did you mean", --help shows the defaults.
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"
ca() { "$CARNET_ANALYSE" "$@"; }

new_demo_study || fail "demo study"
expect_ok "whole corpus" cc export corpus --vars part,care,sex -o all.txt
# The expected subgroup, computed from the whole corpus's headers.
want=$(grep -c '^\*\*\*\* .*\*care_1to3 \*sex_f$' all.txt)
[ "$want" -gt 0 ] || fail "the demo has 1to3 women"
expect_ok "two conditions" cc export corpus --vars part,care,sex --where care=1to3 --where sex=f -o both.txt
expect_eq "AND of two --where" "$want" "$(grep -c '^\*\*\*\* ' both.txt)"
expect_eq "every text has both" "$want" "$(grep -c '^\*\*\*\* .*\*care_1to3 \*sex_f$' both.txt)"
want_or=$(grep -cE '^\*\*\*\* .*\*care_(1to3|gt3) \*sex_m$' all.txt)
expect_ok "OR within AND" cc export corpus --vars part,care,sex --where care=1to3,gt3 --where sex=m -o or.txt
expect_eq "OR of modalities" "$want_or" "$(grep -c '^\*\*\*\* ' or.txt)"

# Refusals: nothing is written, the error names the modalities.
expect_exit 1 "no text has this modality; the modalities of care are: 1to3, gt3, lt1" \
    "unknown modality" cc export corpus --where care=lt2 -o none.txt
[ ! -e none.txt ] || fail "a refused export left a file"
ls none.txt.tmp-* >/dev/null 2>&1 && fail "a refused export left a temporary file"
# The demo has women in care for 1 to 3 years only, and people more than 3 years in care.
expect_exit 1 "no text satisfies all of --where care=gt3 sex=f together" "empty intersection" \
    cc export corpus --where care=gt3 --where sex=f
expect_exit 2 "care is already constrained" "same variable twice" \
    cc export corpus --where care=lt1 --where care=gt3

# carnet-analyse: the same subgroup.
expect_ok "analyse stats AND" ca stats all.txt --where care=1to3 --where sex=f
expect_grep "stats counts the subgroup" "^texts: $want\$" "$WORK/out"
expect_ok "analyse run AND" ca run all.txt -o run --where care=1to3 --where sex=f --min-freq 2
expect_grep "run classifies the subgroup only" "\"texts\":[[:space:]]*$want," run/corpus_stats.json
expect_grep "manifest records both conditions" '"variable":[[:space:]]*"sex"' run/manifest.json
expect_exit 1 "the modalities of sex are: f, m" "analyse unknown modality" \
    ca stats all.txt --where sex=q

# --by with --where (found by trying it as a new user: every cohort failed, exit 0): a
# condition on the --by variable picks the cohorts, the others restrict them.
expect_ok "by care, two of its cohorts" ca run all.txt -o by2 --by care --where care=lt1,gt3 --min-freq 2
expect_eq "only the chosen cohorts" "care_gt3 care_lt1" \
    "$(tail -n +2 by2/by_care.csv | cut -d, -f1 | sort -u | tr '\n' ' ' | sed 's/ $//')"
want_parts=$(grep '^\*\*\*\* .*\*care_1to3 \*sex_f$' all.txt | awk '{print $2}' | sort -u | wc -l)
expect_ok "by part among 1to3 women" ca run all.txt -o byp --by part --where care=1to3 --where sex=f --min-freq 2
expect_eq "one cohort per participant kept by --where" "$want_parts" \
    "$(tail -n +2 byp/by_part.csv | cut -d, -f1 | sort -u | wc -l)"
expect_exit 1 "--where care=zz: no text has this modality; the modalities of care are: 1to3, gt3, lt1" \
    "by with an unknown modality" ca run all.txt -o byz --by care --where care=zz
# a modality as long as a real site's name makes it (trial 94: refused at 63 bytes)
long=csapa_de_lyon_centre_de_soins_d_accompagnement_et_de_prevention_en_addictologie
printf '**** *site_%s\nla famille\n**** *site_lille\nle travail\n' "$long" >long.txt
expect_ok "--where a long modality" ca stats long.txt --where "site=$long"
expect_grep "its text kept" '^texts: 1$' "$WORK/out"
# two long modalities alike in their first 63 bytes are no twins (trial 96)
printf '**** *site_%s_croix_rousse\nla famille\n**** *site_%s_gerland\nle travail\n' "$long" "$long" >twosites.txt
ca run twosites.txt -o twosites --by site >/dev/null 2>twosites.err
grep -q "differ only" twosites.err && fail "two sites read as twins: $(cat twosites.err)"
printf '**** *a_1\nbonjour\n**** *a_2\nsalut\n' >tiny.txt
expect_exit 1 "no cohort of a could be classified (each one's reason above): nothing was written into tiny" \
    "no cohort classified" ca run tiny.txt -o tiny --by a
expect_grep "each cohort says why" "^carnet-analyse: a_1: tiny.txt: too little text" "$WORK/err"
[ -e tiny ] && fail "a run that classified nothing wrote its folder"
# into the folder of an earlier run, which it leaves whole (trial 79: it was replaced)
expect_ok "an earlier run" ca run all.txt -o tiny --min-freq 2
before=$(cd tiny && find . -type f | sort | xargs sha256sum)
expect_exit 1 "nothing was written into tiny" "no cohort, over an earlier run" \
    ca run tiny.txt -o tiny --by a
expect_eq "the earlier run whole" "$before" "$(cd tiny && find . -type f | sort | xargs sha256sum)"

# The option framework.
expect_exit 2 "option '--vars' given twice" "repeated single option" \
    cc export corpus --vars care --vars sex
expect_exit 2 "did you mean '--segment-size'?" "misspelt option" ca stats all.txt --segment-sise 20
expect_exit 2 "did you mean 'export corpus'?" "misspelt command" cc export-corpus
expect_exit 2 "did you mean 'participant add'?" "plural group name" cc participants add P9
expect_ok "vars without lang on a bilingual study" cc export corpus --vars care,month -o nolang.txt
grep -q "more than one language and --vars has no lang" "$WORK/err" ||
    fail "no warning when lang is left out of a bilingual corpus"
expect_ok "help" ca run --help
expect_grep "help shows the default segment size" '--segment-size N +target segment size in tokens \(default 40\)' "$WORK/out"
expect_grep "help shows the default method" '--method simple\|double .*\(default simple\)' "$WORK/out"
expect_grep "help says --where repeats" '--where .*\(repeatable\)' "$WORK/out"
expect_exit 2 "did you mean 'stats'?" "misspelt analyse command" ca stat all.txt
finish

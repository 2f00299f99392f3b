#!/usr/bin/env bash
# One rule per participant field, whatever the path: a value typed with `participant add`
# and `participant set`, read from a CSV row or from a JSON object is accepted or refused
# alike, with the field named, and an accepted participant exports the same (issue 7,
# defect 3: --gender F was refused by the CLI and imported from CSV; a hand-back date made
# the participant handed_back by the CLI and left them active by the import).
. "$(dirname "$0")/lib.sh"

FIELDS="code gender birth_year care_start consent_date site language status replaces handed_back"
declare -A BASE=([code]=P1 [gender]=f [birth_year]=1980 [care_start]=2024-01-01
    [consent_date]=2025-01-01 [site]=Lyon [language]=fr [status]= [replaces]= [handed_back]=)
declare -A v

# set_case "k=v k=v": the base participant with some fields changed, into v.
set_case() {
    local kv
    for f in $FIELDS; do v[$f]=${BASE[$f]}; done
    for kv in $1; do v[${kv%%=*}]=${kv#*=}; done
}

# Each path runs on a fresh study and prints "ok <exported row>" or "refused: <stderr>".
outcome() {
    if [ "$1" -eq 0 ]; then
        echo "ok $(cc export participants | tail -n +2)"
    else
        echo "refused: $(tr '\n' ' ' <"$2")"
    fi
}

by_cli() {
    export CARNET_DB="$WORK/$1.db"
    cc init --name t 2>/dev/null
    local set_args=()
    [ -n "${v[status]}" ] && set_args+=(--status "${v[status]}")
    [ -n "${v[handed_back]}" ] && set_args+=(--handed-back "${v[handed_back]}")
    cc participant add "${v[code]}" --gender "${v[gender]}" --birth-year "${v[birth_year]}" \
        --care-start "${v[care_start]}" --consent "${v[consent_date]}" --site "${v[site]}" \
        --lang "${v[language]}" 2>"$WORK/err.cli" &&
        { [ ${#set_args[@]} -eq 0 ] || cc participant set "${v[code]}" "${set_args[@]}" 2>"$WORK/err.cli"; }
    outcome $? "$WORK/err.cli"
}

by_csv() {
    export CARNET_DB="$WORK/$1.db"
    cc init --name t 2>/dev/null
    local header="" row="" f
    for f in $FIELDS; do
        header+="${header:+,}$f"
        row+="$([ "$f" = code ] || echo ,)${v[$f]}"
    done
    printf '%s\n%s\n' "$header" "$row" >"$WORK/p.csv"
    cc import "$WORK/p.csv" 2>"$WORK/err.csv"
    outcome $? "$WORK/err.csv"
}

by_json() {
    export CARNET_DB="$WORK/$1.db"
    cc init --name t 2>/dev/null
    local members="" f value
    for f in $FIELDS; do
        [ -z "${v[$f]}" ] && continue
        value="\"${v[$f]}\""
        [ "$f" = birth_year ] && [[ ${v[$f]} =~ ^[0-9]+$ ]] && value=${v[$f]}
        members+="${members:+, }\"$f\": $value"
    done
    printf '{"participants": [{%s}]}\n' "$members" >"$WORK/p.json"
    cc import "$WORK/p.json" 2>"$WORK/err.json"
    outcome $? "$WORK/err.json"
}

n=0
# check EXPECT FRAGMENT "FIELD=VALUE ...": EXPECT is "ok STATUS" (the stored status) or
# "refused"; a refusal must name FRAGMENT on every path.
check() {
    local expect=$1 fragment=$2 what=$3 cli csv json
    n=$((n + 1))
    set_case "$what"
    cli=$(by_cli "c$n")
    csv=$(by_csv "s$n")
    json=$(by_json "j$n")
    # the verdict (and the exported row) must agree; the messages differ by their prefix
    [ "${cli%%:*}" = "${csv%%:*}" ] || fail "[$what] CLI and CSV disagree: '$cli' / '$csv'"
    [ "${cli%%:*}" = "${json%%:*}" ] || fail "[$what] CLI and JSON disagree: '$cli' / '$json'"
    case $expect in
    refused)
        for got in "$cli" "$csv" "$json"; do
            case $got in
            "refused: "*"$fragment"*) ;;
            *) fail "[$what] expected a refusal naming '$fragment', got '$got'" ;;
            esac
        done
        ;;
    *)
        for got in "$cli" "$csv" "$json"; do
            case $got in
            "ok "*",${expect#ok },"*) ;;
            *) fail "[$what] expected accepted with status ${expect#ok }, got '$got'" ;;
            esac
        done
        ;;
    esac
}

# gender: one letter f, m or x, in either case, stored lower case
check "ok active" "" "gender=f"
check "ok active" "" "gender=F"
check "ok active" "" "gender=X"
check refused "gender" "gender=female"
check refused "gender" "gender=q"
# birth year: a number giving an age of 12 to 110 at consent
check refused "birth_year" "birth_year=1800"
check refused "birth_year" "birth_year=2020"
check refused "birth_year" "birth_year=19x0"
# dates: real calendar dates, in order
check refused "consent_date" "consent_date=2025-02-30"
check refused "care_start" "care_start=2025-13-01"
check refused "care_start" "care_start=2025-03-01"
check refused "handed_back" "handed_back=2024-12-31"
check refused "handed_back" "handed_back=2025-02-30"
check refused "handed_back" "handed_back=2027-01-01"
# language and status names
check refused "language" "language=klingon"
# one language, one spelling (and one cohort of the export): ISO 639-1, as the analysis reads
# it; an unknown 3-letter code could be a second spelling of a 2-letter one
check refused "not an ISO 639-1 code" "language=pol"
check refused "not an ISO 639-1 code" "language=xx"
check "ok no" "" "language=nb-NO"
check "ok pt" "" "language=por"
check "ok pt" "" "language=PT-br"
check "ok fr" "" "language=French"
check "ok pl" "" "language=PL"
check refused "status" "status=gone"
check refused "status" "status=Lost"
check "ok lost" "" "status=lost"
check "ok withdrawn" "" "status=withdrawn"
# the status rule: a hand-back date makes the participant handed_back, unless lost or
# withdrawn; stated active next to a date is a contradiction, refused everywhere
check "ok handed_back" "" "handed_back=2025-06-01"
check "ok handed_back" "" "handed_back=2025-06-01 status=handed_back"
check "ok lost" "" "handed_back=2025-06-01 status=lost"
check "ok withdrawn" "" "handed_back=2025-06-01 status=withdrawn"
check refused "active contradicts handed_back" "handed_back=2025-06-01 status=active"
# handed back needs its day: without it, a late diary would leave both late and check
check refused "handed_back needs the day" "status=handed_back"

# The issue's own example, byte for byte: add then set --handed-back, against the import of
# the same participant with an empty status column.
export CARNET_DB="$WORK/typed.db"
cc init --name t 2>/dev/null
cc participant add P2 --gender F --birth-year 1971 --care-start 2023-04-02 --consent 2025-02-01 \
    2>/dev/null || fail "add P2 --gender F"
cc participant set P2 --handed-back 2025-08-01 2>/dev/null || fail "set P2 --handed-back"
cc export participants >typed.csv
cc export participants --format json >typed.json
export CARNET_DB="$WORK/imported.db"
cc init --name t 2>/dev/null
printf 'code,gender,birth_year,care_start,consent_date,status,handed_back\n%s\n' \
    "P2,F,1971,2023-04-02,2025-02-01,,2025-08-01" >p2.csv
cc import p2.csv 2>/dev/null || fail "import P2"
cc export participants >imported.csv
cc export participants --format json >imported.json
cmp -s typed.csv imported.csv || fail "CSV exports differ: $(diff typed.csv imported.csv)"
cmp -s typed.json imported.json || fail "JSON exports differ: $(diff typed.json imported.json)"
expect_grep "handed back" "^P2,f,1971,.*,handed_back,,2025-08-01,,$" imported.csv
# A participant of no language of their own is written in the study's: read into a study of
# another language, their diaries stay theirs (trial 74: English diaries became French);
# the export imports back into its own study as the same participant.
expect_grep "the study's language named" "^P2,f,1971,2023-04-02,2025-02-01,,fr,handed_back" imported.csv
expect_ok "back into its own study" cc import imported.csv
expect_grep "the same participant" "0 participants added, 1 already present" "$WORK/err"
export CARNET_DB="$WORK/english.db"
cc init --name en --lang en 2>/dev/null || fail "an English study"
expect_ok "into an English study" cc import imported.csv
expect_ok "P2 keeps French" cc participant show P2
expect_grep "French" "^language: +fr" "$WORK/out"
cc participant add E1 --gender f --birth-year 1971 --care-start 2023-04-02 --consent 2025-02-01 \
    2>/dev/null || fail "E1"
cc export participants >english.csv
export CARNET_DB="$WORK/imported.db"
sed 's/^P2,f,1971,2023-04-02,2025-02-01,,fr,handed_back,,2025-08-01,,$/P2,m,1980,2020-01-01,2025-03-01,Lyon,en,active,,,,/' \
    english.csv >other-p2.csv
expect_exit 1 "P2 already exists with other data" "one code, two people: every field said" \
    cc import other-p2.csv
for field in gender birth_year care_start consent_date site language status handed_back; do
    grep -q "$field: " "$WORK/err" || fail "the refusal does not name $field: $(cat "$WORK/err")"
done

# Rules that need the rest of the study (found by trying it as a new user), on every path.
printf 'code,gender,birth_year,care_start,consent_date\np2,f,1971,2023-04-02,2025-02-01\n' >case.csv
expect_exit 1 "code: p2 differs from the existing participant P2 only by case" "case twin by CLI" \
    cc participant add p2 --gender f --birth-year 1971 --care-start 2023-04-02 --consent 2025-02-01
expect_exit 1 "differs from the existing participant P2 only by case" "case twin by CSV" cc import case.csv
echo "Premier jour." | cc entry add P2 2025-02-03 >/dev/null 2>&1 || fail "entry for P2"
expect_exit 1 "consent_date: 2025-02-10 is after P2's first entry (2025-02-03)" \
    "consent moved after the entries" cc participant set P2 --consent 2025-02-10
# Only a participant who left is replaced, and does not come back while replaced.
cc participant add P4 --gender m --birth-year 1980 --care-start 2023-01-01 --consent 2025-03-01 \
    2>/dev/null || fail "add P4"
expect_exit 1 "replaces: P4 is still active; a replacement takes the place of a participant who left" \
    "replacement of an active participant" cc participant add P5 --gender m --birth-year 1980 \
    --care-start 2023-01-01 --consent 2025-03-01 --replaces P4
cc participant set P4 --status withdrawn 2>/dev/null || fail "P4 withdrawn"
cc participant add P5 --gender m --birth-year 1980 --care-start 2023-01-01 --consent 2025-03-01 \
    --replaces P4 2>/dev/null || fail "P5 replaces P4"
expect_exit 1 "status: P4 was replaced by P5 and cannot be active again" \
    "a replaced participant made active" cc participant set P4 --status active
# one active replacement at a time, whichever way it comes: added, or made active again
expect_exit 1 "replaces: P4 is already replaced by P5, still active" "a second replacement" \
    cc participant add P6 --gender m --birth-year 1980 --care-start 2023-01-01 --consent 2025-03-01 \
    --replaces P4
cc participant set P5 --status lost 2>/dev/null || fail "P5 lost"
cc participant add P6 --gender m --birth-year 1980 --care-start 2023-01-01 --consent 2025-03-01 \
    --replaces P4 2>/dev/null || fail "P6 replaces P4 once P5 left"
expect_exit 1 "status: P5 cannot be active: P4, whom it replaces, is replaced by P6, still active" \
    "a first replacement made active beside the second" cc participant set P5 --status active
cc participant add P3 --gender m --birth-year 1980 --care-start 2023-01-01 --consent 2025-03-01 \
    --replaces P2 2>/dev/null || fail "P3 replaces P2 (handed back)"
cc participant set P3 --status lost 2>/dev/null || fail "P3 lost"
expect_exit 1 "replaces: P2 would replace itself through P3" "replacement loop" \
    cc participant set P2 --replaces P3

# A page cannot be written in a notebook already returned: an entry dated after the
# hand-back is refused on every path, and so is a hand-back day before the last entry
# (trial 31: L02's days of diary went from 127 to 177 without a word). A hand-back typed by
# mistake is undone by clearing its day (the status follows), or with both fields.
cc participant add H1 --gender f --birth-year 1980 --care-start 2020-01-01 --consent 2025-03-01 \
    2>/dev/null || fail "add H1"
echo "Dernière page." | cc entry add H1 2025-03-31 >/dev/null 2>&1 || fail "entry for H1"
expect_exit 1 "handed_back: 2025-03-10 is before H1's last entry (2025-03-31)" \
    "hand-back before the last entry" cc participant set H1 --handed-back 2025-03-10
expect_ok "hand-back on the last entry's day" cc participant set H1 --handed-back 2025-03-31
expect_exit 1 "date: 2025-04-10 is after H1's diary came back on 2025-03-31 (handed_back)" \
    "entry after the hand-back" sh -c 'echo "Une page de trop." | "$CARNET_COLLECT" entry add H1 2025-04-10'
printf 'participant,date,text\nH1,2025-03-30,avant\nH1,2025-04-02,après\n' >late.csv
expect_exit 1 "late.csv:3: date: 2025-04-02 is after H1's diary came back on 2025-03-31" \
    "imported entry after the hand-back" cc import late.csv
expect_eq "nothing of the refused import" 1 \
    "$(sqlite3 "$CARNET_DB" "select count(*) from entry e join participant p on p.id = e.participant_id where p.code = 'H1'")"
expect_exit 1 "to undo a hand-back, clear handed_back too (--handed-back \"\")" \
    "active alone" cc participant set H1 --status active
expect_ok "hand-back undone by clearing its day" cc participant set H1 --handed-back ""
expect_eq "active again" "active|" \
    "$(sqlite3 "$CARNET_DB" "select status || '|' || ifnull(handed_back, '') from participant where code = 'H1'")"
cc participant set H1 --handed-back 2025-03-31 2>/dev/null || fail "H1 back again"
expect_ok "hand-back undone with both fields" cc participant set H1 --status active --handed-back ""
expect_ok "the page once the hand-back is undone" \
    sh -c 'echo "Une page de plus." | "$CARNET_COLLECT" entry add H1 2025-04-10'

# A site is a cohort (*site_MOD, stats --by site): a name of no Latin letter or digit would
# be *site_na, with the participants of no site, and two spellings of one name one cohort.
# Both are refused on every path; the site as the others wrote it, or NA, is taken.
site() { cc participant add "$1" --gender f --birth-year 1980 --care-start 2020-01-01 \
    --consent 2025-01-10 --site "$2"; }
expect_exit 1 "site 'Москва' has no Latin letter or digit to name its cohort" "a Cyrillic site" site S1 'Москва'
printf 'code,gender,birth_year,care_start,consent_date,site\nS2,m,1970,2019-01-01,2025-02-01,東京\n' >tokyo.csv
expect_exit 1 "tokyo.csv:2: site '東京' has no Latin letter" "a Japanese site by CSV" cc import tokyo.csv
expect_ok "Lyon (69)" site S3 'Lyon (69)'
expect_exit 1 "site: 'Lyon 69' and the study's 'Lyon (69)' would be one cohort (*site_lyon_69)" \
    "a second spelling of a site" site S4 'Lyon 69'
expect_ok "the same spelling again" site S5 'Lyon (69)'
# the spaces around a site are no part of it, typed or quoted in a CSV (trial 31)
expect_ok "the same with spaces around" site S8 ' Lyon (69) '
printf 'code,gender,birth_year,care_start,consent_date,site\nS9,m,1970,2019-01-01,2025-02-01,"Lyon (69) "\n' >spaced.csv
expect_ok "quoted with a space in a CSV" cc import spaced.csv
expect_eq "stored without them" "Lyon (69)|Lyon (69)" \
    "$(sqlite3 "$CARNET_DB" "select group_concat(site, '|') from participant where code in ('S8','S9')")"
printf 'code,gender,birth_year,care_start,consent_date,site\nS10,m,1971,2019-01-01,2025-02-01,Lyon (69)\302\240\n' >nbsp.csv
expect_ok "a no-break space pasted after it" cc import nbsp.csv
expect_eq "stored without it" "Lyon (69)" "$(sqlite3 "$CARNET_DB" "select site from participant where code = 'S10'")"
printf 'code,gender,birth_year,care_start,consent_date,site\nS11,m,1970,2019-01-01,2025-02-01,\343\200\200Lille\342\200\213\357\273\277\nS12,m,1970,2019-01-01,2025-02-01,Lyon\342\200\211Sud\n' >zw.csv
expect_ok "zero-width spaces, a byte order mark, a thin space" cc import zw.csv
expect_eq "stored as typed" "Lille|Lyon Sud" \
    "$(sqlite3 "$CARNET_DB" "select group_concat(site, '|') from participant where code in ('S11','S12')")"
expect_ok "NA" site S6 NA
expect_ok "Moskva" site S7 Moskva
expect_exit 1 "would be one cohort" "S3 respelt while S5 keeps the other spelling" \
    cc participant set S3 --site 'Lyon 69'
expect_eq "no participant of a refused site" "" \
    "$(sqlite3 "$CARNET_DB" "select code from participant where code in ('S1','S2','S4')")"
finish

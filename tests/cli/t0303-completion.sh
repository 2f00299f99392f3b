#!/usr/bin/env bash
# t0303 — the bash completion generated at build time completes both programs' commands,
# their options and choices, and the participant codes of the study on the command line.
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"
COMPLETION=$(dirname "$CARNET_COLLECT")/completion

# complete PROG WORDS...: what bash would offer for the last word (may be ""), one line
# each, sorted; PROG is the program as typed (the first word).
complete_words() {
    local prog=$1
    shift
    local name
    name=$(basename "$prog")
    bash --norc --noprofile -c '
        source "$1"
        fn=$2
        shift 2
        COMP_WORDS=("$@")
        COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
        "$fn"
        [ ${#COMPREPLY[@]} -eq 0 ] || printf "%s\n" "${COMPREPLY[@]}"' \
        complete "$COMPLETION/$name" "_${name//-/_}" "$prog" "$@" | sort | tr '\n' ' '
}

cc_() { complete_words "$CARNET_COLLECT" "$@"; }
ca_() { complete_words "$CARNET_ANALYSE" "$@"; }

expect_eq "collect: commands" "audit backup check config entry export import init participant serve stats upgrade " \
    "$(cc_ "" | tr ' ' '\n' | sort -u | tr '\n' ' ' | sed 's/^ //')"
expect_eq "collect: a group's commands" "add erase list recode set show " "$(cc_ participant "")"
expect_eq "collect: the entry commands" "add delete edit list move redate show " "$(cc_ entry "")"
expect_eq "collect: after --db" "add erase list recode set show " "$(cc_ --db x.db participant "")"
expect_eq "collect: program options" "--db " "$(cc_ --d)"
expect_eq "collect: an option" "--gender " "$(cc_ participant add P01 --gen)"
expect_eq "collect: a value given in the help" "f m x " "$(cc_ participant add P01 --gender "")"
expect_eq "collect: export corpus options" "--vars " "$(cc_ export corpus --va)"
expect_eq "analyse: commands" "classify kwic run stats " "$(ca_ "")"
expect_eq "analyse: choices" "double simple " "$(ca_ run c.txt --method "")"
expect_eq "analyse: an option" "--pair-order " "$(ca_ run c.txt --pa)"
expect_eq "analyse: an option after values" "--unit " "$(ca_ run c.txt -o out --un)"
mkdir -p folder
touch corpus.txt
expect_eq "analyse: a file argument" "corpus.txt " "$(ca_ run corp)"
expect_eq "analyse: a folder for -o, not a file" "folder " "$(ca_ run corpus.txt -o "")"

# Participant codes from the study: the --db given, else $CARNET_DB.
new_demo_study || fail "demo study"
codes=$(cc participant list | awk 'NR > 1 { print $1 }' | sort | tr '\n' ' ')
first=$(echo "$codes" | cut -d' ' -f1)
expect_eq "codes, from \$CARNET_DB" "$codes" "$(cc_ participant show "")"
expect_eq "codes, by prefix" "$first " "$(cc_ participant set "$first")"
cp "$CARNET_DB" other.db
expect_eq "codes, from --db" "$codes" "$(CARNET_DB=none.db cc_ --db other.db entry add "")"
expect_eq "entry list's optional code" "$codes" "$(cc_ entry list "")"
expect_eq "entry add's date: no code" "" "$(cc_ entry add "$first" "")"
expect_eq "entry move's code after the id" "$codes" "$(cc_ entry move 12 "")"
expect_eq "entry move's id: no code" "" "$(cc_ entry move "")"
expect_eq "entry delete's option" "--reason " "$(cc_ entry delete 12 --re)"
expect_eq "no study, no codes" "" "$(CARNET_DB=none.db cc_ participant show "")"
finish

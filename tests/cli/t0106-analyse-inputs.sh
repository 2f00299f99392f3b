#!/usr/bin/env bash
# carnet-analyse on crafted side files and matrices (issue 8): an empty --expressions
# file is no expression (the sanitizer build aborted on it), a huge NONZEROS count is
# refused before any allocation, a NUL byte in a lexicon or stop list names its line.
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"
ca() { "$CARNET_ANALYSE" "$@"; }

printf '**** *a_1\nle groupe de parole se réunit le lundi et le jeudi soir.\n' >c.txt
: >empty.txt
expect_ok "empty expressions" ca stats c.txt --expressions empty.txt
expect_ok "empty stop list" ca stats c.txt --stopwords empty.txt
expect_exit 1 "empty.txt: no entry" "empty lexicon" ca stats c.txt --lexicon empty.txt
printf 'groupe\tgroupe\tnom\nparole\tpar\000ole\tnom\n' >nul.txt
expect_exit 1 "nul.txt:2: NUL byte" "NUL in a lexicon" ca stats c.txt --lexicon nul.txt
expect_exit 1 "nul.txt:2: NUL byte" "NUL in expressions" ca stats c.txt --expressions nul.txt
expect_exit 1 "nul.txt:2: NUL byte" "NUL in a stop list" ca stats c.txt --stopwords nul.txt

# The issue's matrix: 2^62 entries announced in a 2 x 2 matrix (a heap overflow before).
printf '%%%%MatrixMarket matrix coordinate pattern general\n2 2 4611686018427387904\n1 1\n1 2\n2 1\n2 2\n1 1\n' >huge.mtx
expect_exit 1 "huge.mtx:2: 4611686018427387904 entries announced, more than the 2 x 2 cells" \
    "huge NONZEROS" ca classify huge.mtx -o o
printf '%%%%MatrixMarket matrix coordinate pattern general\n3 3 3\n1 1\n2 2\n1 1\n' >dup.mtx
expect_exit 1 "dup.mtx:5: entry (1, 1) repeated (first at line 3)" "repeated entry" \
    ca classify dup.mtx -o o
printf '%%%%MatrixMarket matrix coordinate pattern general\n3 3 3\n1 1\n2 2\n' >short.mtx
expect_exit 1 "short.mtx:4: the file ends after 2 of the 3 entries announced" "truncated" \
    ca classify short.mtx -o o
[ -e o ] && fail "a refused matrix left an output folder"
# a folder given as the corpus, to the statistics too (run says it before reading)
mkdir -p corpus_folder
expect_exit 1 "corpus_folder: is a folder, not a corpus file" "stats on a folder" ca stats corpus_folder
# a form that begins and ends with '_' is supplementary, as IRAMUTEQ makes it, '_' and '__'
# (typed blanks) too
for i in 1 2 3 4 5 6; do
    printf '**** *a_%d\nje me sens _ aujourd hui et __ demain et ___ hier avec _x_ chose\n\n' "$i"
done >blanks.txt
expect_ok "a run with typed blanks" ca run blanks.txt -o blanks --lang fr
expect_eq "typed blanks are supplementary" "_,6,supplementary,no
__,6,supplementary,no
___,6,supplementary,no
_x_,6,supplementary,no" "$(grep '^_' blanks/frequencies.csv)"
# IRAMUTEQ's segments need IRAMUTEQ's list of expressions, which it glues by default
expect_ok "--charset iramuteq alone" ca stats blanks.txt --lang fr --charset iramuteq
expect_grep "the list of expressions is asked for" \
    "note: --charset iramuteq without --expressions: IRAMUTEQ glues its own list" "$WORK/err"
printf 'aujourd hui\taujourd_hui\n' >expr.txt
expect_ok "--charset iramuteq with a list" ca stats blanks.txt --lang fr --charset iramuteq \
    --expressions expr.txt
grep -q "without --expressions" "$WORK/err" && fail "the note with --expressions given"
finish

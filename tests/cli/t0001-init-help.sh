#!/usr/bin/env bash
# init creates an owner-only database once; every subcommand answers --help; usage errors exit 2.
. "$(dirname "$0")/lib.sh"

expect_ok "init" cc init --name "Étude test" --diary-months 4 --lost-after-days 90 --lang en
expect_eq "database mode" "600" "$(stat -c %a study.db)"
expect_exit 1 "already exists" "second init refused" cc init --name again
expect_exit 2 "--name is required" "init without name" cc --db other.db init
[ ! -e other.db ] || fail "a refused init left other.db behind"
expect_exit 2 "--diary-months" "bad diary months" cc --db other.db init --name x --diary-months 0
expect_exit 2 "--lang" "bad language" cc --db other.db init --name x --lang klingon
expect_exit 2 "not an ISO 639-1 code" "unknown 3-letter language" cc --db other.db init --name x \
    --lang pol
[ ! -e other.db ] || fail "a refused --lang left other.db behind"
# the study's language as its participants' are stored: one spelling per language
expect_ok "language by name" cc --db named.db init --name x --lang Portuguese
expect_eq "stored as its ISO 639-1 code" "language         pt" "$(cc --db named.db config | grep '^language')"
# a study begun without --lang is French: its language can be set later, and the audit
# trail keeps the change
expect_ok "language changed" cc --db named.db config --lang es
expect_grep "the relabelled said" "the study's language is now 'es' \(was 'pt'\): the diaries of 0 participants without a language of their own are read as 'es'" "$WORK/err"
expect_eq "changed" "language         es" "$(cc --db named.db config | grep '^language')"
expect_grep "change audited" '"table":"study".*"before":{[^}]*"lang":"pt"}.*"after":{[^}]*"lang":"es"}' \
    <(cc --db named.db audit)
expect_exit 2 "not an ISO 639-1 code" "language refused" cc --db named.db config --lang pol
expect_exit 2 "cannot be empty" "empty language refused" cc --db named.db config --lang ""
expect_exit 2 "cannot be empty" "spaces alone refused" cc --db named.db config --lang "  "
expect_exit 2 "cannot be empty" "init with spaces alone refused" cc --db spaces.db init --name x --lang "  "
[ ! -e spaces.db ] || fail "a refused --lang left spaces.db behind"
expect_eq "unchanged after refusals" "language         es" "$(cc --db named.db config | grep '^language')"

for cmd in init "participant add" "participant set" "participant list" "participant show" \
    "entry add" "entry edit" "entry list" "entry show" import "export corpus" \
    "export entries" "export participants" stats check backup audit; do
    # shellcheck disable=SC2086
    expect_ok "$cmd --help" cc $cmd --help
    expect_grep "$cmd --help prints usage" "^usage: carnet-collect" "$WORK/out"
done
expect_ok "top-level help" cc --help
expect_grep "help lists commands" "import" "$WORK/out"
expect_exit 2 "not a command" "unknown command" cc frobnicate
expect_exit 2 "unknown option '--nope'" "unknown option" cc stats --nope
expect_exit 2 "expected" "missing argument" cc participant show
expect_exit 1 "no such study database" "missing database" cc --db missing.db stats
CARNET_TODAY=2026-02-30 expect_exit 1 "CARNET_TODAY" "bad CARNET_TODAY" cc stats
finish

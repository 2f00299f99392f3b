#!/usr/bin/env bash
# The bundled demo study is exactly what the seeded generator writes, on any machine.
. "$(dirname "$0")/lib.sh"

"$CARNET_GEN" --out regenerated || fail "generator"
for f in participants.csv entries.csv themes.csv; do
    cmp -s "regenerated/$f" "$DEMO/$f" || fail "corpora/demo/$f differs from the generator's output"
done
"$CARNET_GEN" --out other --seed 99 || fail "generator with another seed"
cmp -s other/entries.csv "$DEMO/entries.csv" && fail "another seed gave the same entries"
expect_exit 2 "usage" "generator usage" "$CARNET_GEN" --participants 3
finish

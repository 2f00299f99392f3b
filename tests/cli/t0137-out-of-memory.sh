#!/usr/bin/env bash
# Memory that runs out says which file and what the program was doing, and what frees some
# (trial 94: "carnet-analyse: out of memory" alone, no file, no stage, after minutes), and
# writes nothing. Skipped under ASan, whose shadow memory needs no limit.
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"
ca() { "$CARNET_ANALYSE" "$@"; }
if grep -q __asan_init "$CARNET_ANALYSE"; then
    finish
    exit 0 # finish says ok
fi
python3 -c "
import random
random.seed(1)
with open('big.txt', 'w') as f:
    for t in range(20000):
        f.write('**** *part_P%03d\n' % (t % 300))
        f.write(' '.join(''.join(random.choice('abcdefghij') for _ in range(7)) for _ in range(60)) + '.\n')
"
(ulimit -v 80000 && ca stats big.txt --lang fr) >/dev/null 2>stats.err
expect_grep "stats: the file and the stage" \
    "^carnet-analyse: big.txt: out of memory while reading and counting its texts: close other programs, or work on part of it$" \
    stats.err
(ulimit -v 80000 && ca run big.txt --lang fr -o out) >/dev/null 2>run.err && fail "run without memory"
expect_grep "run: the file and the stage" "^carnet-analyse: big.txt: out of memory while reading and counting its texts" \
    run.err
[ -e out ] && fail "a folder left by a run without memory"
finish

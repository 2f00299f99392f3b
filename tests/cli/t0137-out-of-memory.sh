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

# --by with little memory: exit 1, not an abort at the end (trial 102: the guard's thread
# was cancelled, whose unwinding could not load libgcc_s), and its folder of before kept
new_demo_study || fail "demo study"
cc export corpus -o demo.txt 2>/dev/null || fail "export"
expect_ok "a --by run" ca run demo.txt -o by --where lang=fr --by care
(ulimit -v 34000 && ca run demo.txt -o by --where lang=fr --by care) >/dev/null 2>by.err
rc=$?
expect_eq "exit 1, no abort: $(grep -v note by.err | tail -1)" 1 "$rc"
expect_grep "the corpus named" "^carnet-analyse: [^ ]*demo.txt(:[0-9]+)?: .*out of memory" by.err
expect_eq "the folder of before kept" "all by_care.csv by_care.html care_1to3 care_gt3 care_lt1" \
    "$(ls by | xargs)"
finish

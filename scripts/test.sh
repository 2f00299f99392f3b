#!/usr/bin/env bash
# test.sh — install, build and pass the whole test suite: gcc with warnings as errors,
# clang with warnings as errors, AddressSanitizer + UndefinedBehaviorSanitizer, the unit
# tests under valgrind, and each fuzz target of tests/fuzz for a short time
# (CARNET_FUZZ_SECONDS, 15 by default; 0 skips them). Works in a git checkout or in an
# unpacked source archive.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh test
jobs=$(nproc)

echo "== clang-format" >&2
# sources_c_h: the project's C files, from git when this is a checkout, else from the tree
# (an unpacked archive), leaving out build folders.
sources_c_h() {
    if [ -e .git ] && command -v git >/dev/null; then
        git ls-files -z '*.c' '*.h'
    else
        find . \( -path './build*' -o -path './out' -o -path './.git' \) -prune -o \
            -type f \( -name '*.c' -o -name '*.h' \) -print0
    fi
}
sources_c_h | xargs -0 clang-format --dry-run --Werror

run_suite() { # NAME CMAKE-ARGS...
    local name=$1
    shift
    echo "== $name" >&2
    cmake -S . -B "build-$name" -DCARNET_WERROR=ON "$@" >/dev/null
    cmake --build "build-$name" -j"$jobs" >/dev/null
    (cd "build-$name" && ctest --output-on-failure -j"$jobs")
}

run_suite gcc -DCMAKE_C_COMPILER=gcc
run_suite clang -DCMAKE_C_COMPILER=clang
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0" \
    run_suite asan -DCMAKE_C_COMPILER=gcc -DCMAKE_BUILD_TYPE=Debug -DCARNET_SANITIZE=ON

echo "== valgrind (unit tests)" >&2
for t in build-gcc/tests/test_*; do
    valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
        --suppressions=tests/valgrind.supp \
        "$t" >/dev/null 2>"build-gcc/valgrind.log" ||
        { cat build-gcc/valgrind.log; echo "valgrind: $t failed" >&2; exit 1; }
done
echo "valgrind: all unit tests clean" >&2

fuzz_seconds=${CARNET_FUZZ_SECONDS:-15}
if [ "$fuzz_seconds" -gt 0 ]; then
    echo "== fuzz (${fuzz_seconds}s per target)" >&2
    bash tests/fuzz/run.sh "$fuzz_seconds"
fi

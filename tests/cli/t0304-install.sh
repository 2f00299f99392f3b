#!/usr/bin/env bash
# t0304 — cmake --install into a scratch DESTDIR puts everything in its standard place,
# and the installed programs run from there: --version, --help, a small study and run; the
# man pages render, and a program builds against the headers and carnet.pc.
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"
BUILD=$(dirname "$CARNET_COLLECT")
ROOT=$WORK/root
DESTDIR=$ROOT cmake --install "$BUILD" --prefix /usr >install.log 2>&1 || fail "install: $(tail -5 install.log)"
for f in bin/carnet-collect bin/carnet-analyse share/man/man1/carnet-collect.1.gz \
    share/man/man1/carnet-analyse.1.gz share/man/man1/carnet-analyse-run.1.gz \
    share/bash-completion/completions/carnet-collect \
    share/bash-completion/completions/carnet-analyse include/carnet/run.h \
    include/carnet/run_versions.h share/doc/carnet/README.md share/doc/carnet/NEWS.md share/doc/carnet/docs/guide.md \
    share/doc/carnet/examples/participants.csv share/doc/carnet/examples/entries.csv; do
    [ -s "$ROOT/usr/$f" ] || fail "not installed: /usr/$f"
done
[ -e "$ROOT/usr/bin/carnet-gen" ] && fail "carnet-gen is a test tool: not installed"
pc=$(find "$ROOT/usr" -name carnet.pc)
[ -n "$pc" ] || fail "no carnet.pc"

collect=$ROOT/usr/bin/carnet-collect analyse=$ROOT/usr/bin/carnet-analyse
expect_ok "installed collect --version" "$collect" --version
expect_grep "collect's version" "^carnet-collect [0-9]" "$WORK/out"
expect_ok "installed analyse --version" "$analyse" --version
expect_grep "analyse's libraries" "^  igraph " "$WORK/out"
expect_ok "installed collect --help" "$collect" --help
expect_ok "installed analyse run --help" "$analyse" run --help
expect_grep "run's options" "--min-class" "$WORK/out"

# A small study, from the installed examples, exported and classified.
examples=$ROOT/usr/share/doc/carnet/examples
expect_ok "init" "$collect" init --name installed
expect_ok "import participants" "$collect" import "$examples/participants.csv"
expect_ok "import entries" "$collect" import "$examples/entries.csv"
expect_ok "export" "$collect" export corpus --where care=lt1 -o corpus.txt
expect_ok "run" "$analyse" run corpus.txt -o res
expect_grep "the run's manifest" '"program":[[:space:]]*"carnet-analyse"' res/manifest.json

expect_eq "installed man page renders" "" \
    "$(MANWIDTH=80 man --warnings -l "$ROOT/usr/share/man/man1/carnet-analyse.1.gz" 2>&1 >/dev/null)"

# A program of the team's own, built against the installed headers and libraries.
cat >use.c <<'C'
#include <carnet/run_versions.h>
int main(void)
{
    cn_version v[CN_VERSIONS_MAX];
    cn_versions_print("use", "1", v, cn_run_versions(v), stdout);
    return 0;
}
C
# A sanitizer build's libraries need the sanitizers' runtime at link time too.
sanitize=""
grep -qE '^CARNET_SANITIZE:BOOL=ON|^CMAKE_C_FLAGS:STRING=.*-fsanitize=' "$BUILD/CMakeCache.txt" &&
    sanitize=-fsanitize=address,undefined
# shellcheck disable=SC2046
command cc -std=c11 $sanitize -o use use.c $(PKG_CONFIG_PATH=$(dirname "$pc") pkg-config --cflags --libs carnet) \
    2>cc.log || fail "build against carnet.pc: $(head -5 cc.log)"
[ -x use ] && ./use >use.out && expect_grep "a program using the library" "^  igraph " use.out
finish

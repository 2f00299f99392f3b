#!/usr/bin/env bash
# t0305 — the Debian package built by CPack: its dependencies computed by dpkg-shlibdeps,
# and, unpacked into a scratch root (dpkg -x), both programs run from there and its man
# pages and completion are in place. About 6 s: cpack installs and packs the whole tree.
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"
BUILD=$(dirname "$CARNET_COLLECT")
cpack -G DEB -B "$WORK/pkg" --config "$BUILD/CPackConfig.cmake" >cpack.log 2>&1 ||
    fail "cpack: $(tail -5 cpack.log)"
deb=$(ls "$WORK"/pkg/carnet_*.deb 2>/dev/null)
[ -f "$deb" ] || { fail "no .deb: $(tail -5 cpack.log)"; finish; }
dpkg-deb -f "$deb" Depends >depends.txt
for lib in libsqlite3 libutf8proc libcjson1 libgsl libcairo2 libmicrohttpd \
    libnettle libstemmer libcsv libpng16-16 zlib1g fonts-dejavu-core; do
    expect_grep "Depends names $lib" "(^|, )$lib" depends.txt
done
# igraph is linked from its static archive where libigraph-dev has one (CMakeLists.txt):
# then the package needs no libigraph at all, nor the libraries it would load
if grep -q '^IGRAPH_ARCHIVE:FILEPATH=/' "$BUILD/CMakeCache.txt"; then
    expect_eq "no libigraph in Depends" "" "$(grep -o 'libigraph[^,]*' depends.txt)"
    dpkg-deb -c "$deb" >contents.txt
    expect_grep "the package says igraph's code is inside" "usr/share/doc/carnet/THIRD-PARTY" \
        contents.txt
else
    expect_grep "Depends names libigraph" "(^|, )libigraph" depends.txt
fi
expect_eq "the package's version" "$("$CARNET_ANALYSE" --version | head -1 | cut -d' ' -f2)" \
    "$(dpkg-deb -f "$deb" Version)"

dpkg -x "$deb" root || fail "dpkg -x"
for f in usr/share/man/man1/carnet-analyse.1.gz usr/share/bash-completion/completions/carnet-collect \
    usr/share/doc/carnet/README.md; do
    [ -s "root/$f" ] || fail "not in the package: /$f"
done
# The libraries of Carnet are static: the programs run without LD_LIBRARY_PATH.
collect=$WORK/root/usr/bin/carnet-collect analyse=$WORK/root/usr/bin/carnet-analyse
expect_ok "packaged collect --version" "$collect" --version
expect_grep "packaged collect's libraries" "^  SQLite " "$WORK/out"
expect_ok "packaged analyse --version" "$analyse" --version
expect_ok "packaged analyse --help" "$analyse" --help
expect_ok "init" "$collect" init --name packaged
expect_ok "import" "$collect" import "$WORK/root/usr/share/doc/carnet/examples/participants.csv"
expect_ok "import" "$collect" import "$WORK/root/usr/share/doc/carnet/examples/entries.csv"
expect_ok "export" "$collect" export corpus --where care=lt1 -o corpus.txt
expect_ok "run" "$analyse" run corpus.txt -o res
expect_eq "man renders the packaged page" "" \
    "$(MANWIDTH=80 man --warnings -l root/usr/share/man/man1/carnet-collect.1.gz 2>&1 >/dev/null)"
finish

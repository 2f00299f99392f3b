#!/usr/bin/env bash
# t0301 — --version of both programs names every library it links with its version (what a
# methods section cites), and a run's manifest.json records carnet-analyse's list. Neither
# loads a library only to say its version: carnet-analyse no SQLite nor libmicrohttpd,
# carnet-collect no GSL, igraph nor cairo.
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"

analyse_libraries="utf8proc libstemmer cJSON GSL igraph cairo nettle libpng zlib"
collect_libraries="SQLite utf8proc cJSON libcsv libmicrohttpd nettle"
for prog in "$CARNET_COLLECT" "$CARNET_ANALYSE"; do
    name=$(basename "$prog")
    libraries=$analyse_libraries others="SQLite|libmicrohttpd|libcsv" running=8
    not_loaded="libsqlite3|libmicrohttpd|libgnutls|libcsv"
    if [ "$name" = carnet-collect ]; then
        libraries=$collect_libraries others="GSL|igraph|cairo|libpng|libstemmer" running=5
        not_loaded="libgsl|libigraph|libcairo|libpng|libstemmer"
    fi
    expect_ok "$name --version" "$prog" --version
    expect_grep "$name: its own version" "^$name [0-9]+\.[0-9]+\.[0-9]+$" "$WORK/out"
    for lib in $libraries; do
        expect_grep "$name: $lib built against" "^  $lib +[0-9]" "$WORK/out"
    done
    expect_eq "$name: no library it does not link" "" "$(grep -E "^  ($others) " "$WORK/out")"
    # every library but libstemmer and libcsv (no version call) says its running version
    expect_eq "$name: running versions" $running "$(grep -c ' running [0-9]' "$WORK/out")"
    if command -v ldd >/dev/null; then
        expect_eq "$name: loads none of them" "" "$(ldd "$prog" | grep -oE "($not_loaded)[.0-9-]*so")"
    fi
done
expect_grep "libstemmer's version said for what it is" \
    "libstemmer .*Debian package libstemmer-dev" <("$CARNET_ANALYSE" --version)

# The manifest holds the same list as --version.
"$CARNET_GEN" --out gen --participants 10 --lang fr --seed 3 --corpus c.txt || fail "generator"
expect_ok "a run" "$CARNET_ANALYSE" run c.txt -o run1
expect_eq "manifest's libraries" "$(echo $analyse_libraries | tr ' ' '\n')" \
    "$(python3 -c 'import json,sys; [print(l["name"]) for l in json.load(open("run1/manifest.json"))["libraries"]]')"
zlib_running=$(python3 -c 'import json; print([l["running"] for l in json.load(open("run1/manifest.json"))["libraries"] if l["name"] == "zlib"][0])')
"$CARNET_ANALYSE" --version >v.txt
expect_grep "zlib running, as --version says" "^  zlib .* running $zlib_running$" v.txt
finish

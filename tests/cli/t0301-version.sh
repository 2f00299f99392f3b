#!/usr/bin/env bash
# t0301 — --version of both programs names every library with its version (what a methods
# section cites), and a run's manifest.json records the same list.
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"

libraries="SQLite utf8proc libstemmer cJSON GSL igraph cairo libmicrohttpd nettle libpng zlib"
for prog in "$CARNET_COLLECT" "$CARNET_ANALYSE"; do
    name=$(basename "$prog")
    expect_ok "$name --version" "$prog" --version
    expect_grep "$name: its own version" "^$name [0-9]+\.[0-9]+\.[0-9]+$" "$WORK/out"
    for lib in $libraries; do
        expect_grep "$name: $lib built against" "^  $lib +[0-9]" "$WORK/out"
    done
    # every library but libstemmer (no version call) says its running version
    expect_eq "$name: running versions" 10 "$(grep -c ' running [0-9]' "$WORK/out")"
    expect_grep "$name: libstemmer's version said for what it is" \
        "libstemmer .*Debian package libstemmer-dev" "$WORK/out"
done

# The manifest holds the same list as --version.
"$CARNET_GEN" --out gen --participants 10 --lang fr --seed 3 --corpus c.txt || fail "generator"
expect_ok "a run" "$CARNET_ANALYSE" run c.txt -o run1
expect_eq "manifest's libraries" "$(echo $libraries | tr ' ' '\n')" \
    "$(python3 -c 'import json,sys; [print(l["name"]) for l in json.load(open("run1/manifest.json"))["libraries"]]')"
sqlite_running=$(python3 -c 'import json; print([l["running"] for l in json.load(open("run1/manifest.json"))["libraries"] if l["name"] == "SQLite"][0])')
"$CARNET_ANALYSE" --version >v.txt
expect_grep "SQLite running, as --version says" "^  SQLite .* running $sqlite_running$" v.txt
finish

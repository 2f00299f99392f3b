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
    # and the commit built: the version alone is the same for every commit (trial 43)
    expect_grep "$name: its own version and commit" \
        "^$name [0-9]+\.[0-9]+\.[0-9]+ \(commit ([0-9a-f]{12}(-dirty)?|unknown)\)$" "$WORK/out"
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
expect_grep "the figures' font, asked and given" \
    "^  figures' font +DejaVu Sans running DejaVu Sans" <("$CARNET_ANALYSE" --version)
expect_grep "libstemmer's version said for what it is" \
    "libstemmer .*Debian package libstemmer-dev" <("$CARNET_ANALYSE" --version)

# The manifest holds the same list as --version.
"$CARNET_GEN" --out gen --participants 10 --lang fr --seed 3 --corpus c.txt || fail "generator"
expect_ok "a run" "$CARNET_ANALYSE" run c.txt -o run1
expect_eq "manifest's libraries" "$(echo $analyse_libraries | tr ' ' '\n'; echo "figures' font")" \
    "$(python3 -c 'import json,sys; [print(l["name"]) for l in json.load(open("run1/manifest.json"))["libraries"]]')"
zlib_running=$(python3 -c 'import json; print([l["running"] for l in json.load(open("run1/manifest.json"))["libraries"] if l["name"] == "zlib"][0])')
"$CARNET_ANALYSE" --version >v.txt
expect_grep "zlib running, as --version says" "^  zlib .* running $zlib_running$" v.txt
commit=$(python3 -c 'import json; print(json.load(open("run1/manifest.json"))["commit"])')
expect_grep "the manifest's commit, as --version says" "\(commit $commit\)" v.txt
expect_grep "the report's foot names the commit too" "carnet-analyse [0-9.]* \(commit $commit\)" \
    run1/report.html

# The commit's lookup (scripts/build_commit.cmake) on a repository of its own: the commit's
# digits, tagged or not (trial 45: a release tag made it "unknown"), -dirty after a change
# to a tracked file, and "unknown" outside a clone.
if command -v git >/dev/null && command -v cmake >/dev/null; then
    script=$(dirname "$0")/../../scripts/build_commit.cmake
    commit_of() { # SRC: what the script writes for it
        cmake -DSRC="$1" -DOUT="$PWD/commit.c" -P "$script" >/dev/null 2>&1 || return 1
        sed -n 's/.*return "\(.*\)";/\1/p' commit.c
    }
    mkdir repo && (cd repo && git init -q && echo a >f && git add f &&
        git -c user.name=t -c user.email=t@t commit -qm one) || fail "a repository"
    head=$(git -C repo rev-parse --short=12 HEAD)
    expect_eq "an untagged commit" "$head" "$(commit_of repo)"
    git -C repo -c user.name=t -c user.email=t@t tag -a v0.1.0 -m release
    expect_eq "a tagged commit" "$head" "$(commit_of repo)"
    echo b >repo/f
    expect_eq "a tracked file changed" "$head-dirty" "$(commit_of repo)"
    mkdir plain
    expect_eq "not a clone" "unknown" "$(commit_of plain)"
fi

# Every option that shapes an output is in the manifest's parameters, the labels whole and
# their file's SHA-256 (trial 43: --speaker, --time, --labels, --grey, --pdf, --dtm,
# --threads and --by were in the command line alone), and the profiles' chi2 threshold.
printf 'class,label\n1,Tout\ncare_lt1,1,Sommeil\n' >labels.csv
expect_ok "a run with every output option" "$CARNET_ANALYSE" run c.txt -o run2 --speaker part \
    --time month --labels labels.csv --grey --pdf --dtm --threads 1 --by care
expect_eq "the options in the parameters" \
    "part month {'1': 'Sommeil'} $(sha256sum labels.csv | cut -c1-64) True True True 1 2 care care_lt1" \
    "$(python3 -c 'import json; p = json.load(open("run2/care_lt1/manifest.json"))["parameters"]
print(p["speaker"], p["time"], p["labels"], p["labels_sha256"], p["grey"], p["pdf"], p["dtm"],
      p["threads"], p["profile_chi2_threshold"], p["by"], p["cohort"])')"
expect_eq "the whole corpus's run of --by records it too, with its own labels" \
    "care all {'1': 'Tout'}" \
    "$(python3 -c 'import json; p = json.load(open("run2/all/manifest.json"))["parameters"]
print(p["by"], p["cohort"], p["labels"])')"
expect_eq "the labels file as resolved" "$PWD/labels.csv" \
    "$(python3 -c 'import json; print(json.load(open("run2/all/manifest.json"))["parameters"]["labels_file"])')"
expect_grep "the report names the stemmer's version" "Snowball stems \(libstemmer [^)]+\)" \
    run1/report.html
expect_grep "the report states the profiles' threshold" "of \|χ²\| above 2" run1/report.html
finish

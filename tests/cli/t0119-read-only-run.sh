#!/usr/bin/env bash
# Trial 59: to freeze a published analysis, a student made its folder read-only (chmod -R
# a-w pub) and ran again into it. The new run took its place, and the earlier one, which
# could not be deleted, stayed beside it as pub.carnet-tmp-..., the diaries' text in it,
# without a word. An earlier run made read-only is refused before any work, naming what is
# read-only, and is left as it is, with nothing beside it. Modes stop no root: as root the
# programs run as nobody (setpriv); the test is skipped (77) when they cannot.
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"

AS_NOBODY=
if [ "$(id -u)" -eq 0 ]; then
    command -v setpriv >/dev/null || { echo "skipped: run as root, and no setpriv"; exit 77; }
    AS_NOBODY=1
fi
me() {
    if [ -n "$AS_NOBODY" ]; then
        setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
    else
        "$@"
    fi
}
ca() { me "$CARNET_ANALYSE" "$@"; }
chmod 711 "$WORK"
mkdir -m 777 nob && cd nob || exit 1
"$CARNET_GEN" --out gen --participants 12 --seed 3 --corpus corpus.txt >/dev/null || fail "generator"
chmod 644 corpus.txt
me test -x "$CARNET_ANALYSE" -a -r corpus.txt || { echo "skipped: nobody cannot run the program"; exit 77; }
sums() { (cd "$1" && find . -type f -exec sha256sum {} + | sort); }
leftover() { compgen -G "$1.carnet-tmp-*" >/dev/null; }

expect_ok "a run" ca run corpus.txt -o pub
me chmod -R a-w pub
sums pub >before
expect_exit 1 "pub: an earlier run that cannot be replaced: pub is read-only; make it writable (chmod -R u+w pub) to run into it, or give another output folder" \
    "a run into a read-only run" ca run corpus.txt -o pub --classes 4
[ -s "$WORK/out" ] && fail "the refused run printed results: $(cat "$WORK/out")"
leftover pub && fail "the refused run left $(ls -d pub.carnet-tmp-*)"
sums pub | diff before - >/dev/null || fail "the read-only run was changed"
# the folder writable, a file in it not: still refused, that file named
me chmod u+w pub
expect_exit 1 "pub: an earlier run that cannot be replaced: pub/" \
    "a run into a run whose files are read-only" ca run corpus.txt -o pub --classes 4
expect_grep "a read-only file named" "pub/[a-z_]+\.[a-z]+ is read-only" "$WORK/err"
me chmod -R u+w pub
expect_ok "a run into it once writable" ca run corpus.txt -o pub --classes 4
leftover pub && fail "the run left $(ls -d pub.carnet-tmp-*)"
grep -qF '"--classes", "4"' pub/manifest.json || fail "the new run is not in place"

# --by: a cohort's folder made read-only alone
expect_ok "a run by care" ca run corpus.txt -o by --by care
me chmod a-w by/care_lt1
sums by >before
expect_exit 1 "by: an earlier run that cannot be replaced: by/care_lt1 is read-only" \
    "a --by run into one with a read-only cohort" ca run corpus.txt -o by --by care
leftover by && fail "the refused --by run left $(ls -d by.carnet-tmp-*)"
sums by | diff before - >/dev/null || fail "the --by run with a read-only cohort was changed"
# ... refused before the whole corpus's analysis, as a run without --by is: the folder is
# named, not the option that analysis would refuse
expect_exit 1 "by: an earlier run that cannot be replaced: by/care_lt1 is read-only" \
    "a --by run refused before the whole corpus is analysed" \
    ca run corpus.txt -o by --by care --speaker nosuch
me chmod u+w by/care_lt1

# An earlier run that passes the checks but cannot be removed once replaced (root gives a
# cohort's folder to all, sticky, with a file of its own: no mode tells): the run fails,
# naming where the earlier run stays with its data; the next one warns of it, and goes on.
if [ -n "$AS_NOBODY" ]; then
    f=$(ls by/care_lt1/*.csv | head -1)
    chown root "$f" by/care_lt1 && chmod 666 "$f" && chmod 1777 by/care_lt1
    expect_exit 1 "by: the results are in place, but the earlier run they replace could not be removed (Operation not permitted) and is still in by.carnet-tmp-" \
        "an earlier run that cannot be removed" ca run corpus.txt -o by --by care
    stray=$(ls -d by.carnet-tmp-*)
    [ -s by/care_lt1/report.html ] || fail "the new results are not in place"
    expect_ok "the next run" ca run corpus.txt -o by --by care
    expect_grep "the next run warns of the folder that stays" \
        "warning: $stray: a folder an earlier run left, with its data \(the diaries' text\), could not be removed \(Operation not permitted\); remove it \(chmod -R u\+w $stray && rm -r $stray\)" \
        "$WORK/err"
fi
finish

#!/usr/bin/env bash
# t0307 — the commit a build names (--version, manifest.json, the report) when the clone is
# another account's (a shared checkout, a container's mounted source): git refuses such a
# repository as of "dubious ownership", and scripts/build_commit.cmake, quiet on git's
# errors, wrote "commit unknown" (trial 71). As root, the script runs as nobody on a clone
# of root's; skipped (77) when not root or without git.
. "$(dirname "$0")/lib.sh"
: "${CARNET_SOURCE:?set by ctest}"

[ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null || { echo "skipped: needs root"; exit 77; }
command -v git >/dev/null || { echo "skipped: no git"; exit 77; }
chmod 755 "$WORK"
git init -q clone && cp "$CARNET_SOURCE/scripts/build_commit.cmake" clone/ &&
    git -C clone add build_commit.cmake &&
    git -C clone -c user.name=t -c user.email=t@t commit -qm one || fail "a clone of root's"
head=$(git -C clone rev-parse --short=12 HEAD)
chmod -R a+rX clone && mkdir out && chmod 777 out
setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$WORK/out" \
    cmake -DSRC="$WORK/clone" -DOUT="$WORK/out/commit.c" -P "$WORK/clone/build_commit.cmake" ||
    fail "the script as nobody"
expect_grep "the commit named, not unknown" "return \"$head\";" out/commit.c
finish

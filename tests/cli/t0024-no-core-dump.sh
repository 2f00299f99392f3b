#!/usr/bin/env bash
# A crash wrote the programs' memory (the diary text being typed, a corpus) to a core file
# wherever the system keeps them (here core_pattern 'core': the working folder). Both
# programs now start with no core file size and, on Linux, not dumpable (nodump.h,
# unit_nodump): stopped by SIGQUIT, whose default is to dump core, with `ulimit -c
# unlimited`, neither leaves a core file.
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"

ulimit -c unlimited 2>/dev/null || { echo "ok (no core files allowed here: nothing to try)"; exit 0; }
mkdir run && cd run || exit 1
export TMPDIR="$WORK" # the editor's folder, which a SIGQUIT leaves (not a stop the guard takes)

# no_core WHAT: checks that no core file was written in the working folder
no_core() {
    compgen -G "core*" >/dev/null && fail "$1 left a core file: $(ls core*)"
    rm -f core*
}

cc init --name t 2>/dev/null
cc participant add P01 --gender f --birth-year 1988 --care-start 2024-09-01 \
    --consent 2025-02-03 2>/dev/null
# carnet-collect, killed while its editor is open, holding the text in memory
cat >"$WORK/editor.sh" <<ED
#!/bin/sh
printf 'Ma tension ce matin.\n' > "\$1"
echo "\$PPID \$\$" > "$WORK/pid.tmp"
mv "$WORK/pid.tmp" "$WORK/pid"
exec sleep 30
ED
chmod +x "$WORK/editor.sh"
set -m # job control: a background job of a script ignores SIGQUIT otherwise
EDITOR="$WORK/editor.sh" script -qec "$CARNET_COLLECT entry add P01 2025-02-07" /dev/null \
    </dev/null >"$WORK/out" 2>&1 &
script_pid=$!
set +m
for _ in $(seq 1000); do
    [ -e "$WORK/pid" ] && break
    sleep 0.01
done
read -r collect editor <"$WORK/pid" 2>/dev/null
if [ -n "$collect" ]; then
    kill -QUIT "$collect"
    for _ in $(seq 500); do
        kill -0 "$collect" 2>/dev/null || break
        sleep 0.01
    done
    kill "$editor" 2>/dev/null
    wait "$script_pid" 2>/dev/null
    no_core "carnet-collect"
else
    fail "the editor never ran: $(cat "$WORK/out")"
fi

# carnet-analyse, killed during a run
"$CARNET_GEN" --out gen --participants 200 --seed 3 --corpus corpus.txt >/dev/null || fail "generator"
stop_when_shown QUIT "res.carnet-tmp-*" "$CARNET_ANALYSE" run corpus.txt -o res
expect_eq "SIGQUIT ends the run" 131 "$STOPPED_STATUS"
no_core "carnet-analyse"
finish

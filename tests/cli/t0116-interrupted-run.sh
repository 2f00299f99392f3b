#!/usr/bin/env bash
# A run stopped before it finished (Ctrl+C, a killed job) left its temporary folder,
# OUT.carnet-tmp-..., beside OUT: the study's text in a folder nobody would clean. Such a
# folder names its machine and process; the next run into OUT removes those whose process
# is gone (or is now another program's), leaves alone another machine's (a shared drive)
# and anything else, and refuses to start while a live run writes into OUT (two people at
# once: the last to finish would replace the other's results without a word).
. "$(dirname "$0")/lib.sh"
: "${CARNET_ANALYSE:?set by ctest}"

"$CARNET_GEN" --out gen --participants 12 --seed 3 --corpus corpus.txt >/dev/null || fail "generator"
host=$(uname -n | tr '/-' '__')
sleep 0 &
gone=$! # a process that has exited
wait "$gone"
sleep 30 &
reused=$! # a live process of another program, with the number an interrupted run had
ln -s "$(command -v sleep)" carnet-analyse
./carnet-analyse 30 &
alive=$! # a live process that /proc names as this program: a run still writing
mkdir "o.carnet-tmp-$host-$gone-abcdef" "o.carnet-tmp-$host-$reused-ghijkl" \
    "o.carnet-tmp-otherhost-$gone-mnopqr" "o.carnet-tmp-Xy12Zw" "o.carnet-tmp-$host-$gone-notes"
echo "text of a participant" >"o.carnet-tmp-$host-$gone-abcdef/segments.csv"
chmod 0700 "o.carnet-tmp-$host-$gone-notes"

expect_ok "a run into o" "$CARNET_ANALYSE" run corpus.txt -o o
[ -e "o.carnet-tmp-$host-$gone-abcdef" ] && fail "the interrupted run's folder is still there"
[ -e "o.carnet-tmp-$host-$gone-notes" ] && fail "the second interrupted run's folder is still there"
[ -e "o.carnet-tmp-$host-$reused-ghijkl" ] && fail "a folder whose number is now another program's is still there"
[ -d "o.carnet-tmp-otherhost-$gone-mnopqr" ] || fail "another machine's folder was removed"
[ -d "o.carnet-tmp-Xy12Zw" ] || fail "a folder of another name was removed"

mkdir "q.carnet-tmp-$host-$alive-stuvwx"
expect_exit 1 "q: another run (process $alive) is writing into it" "a run into a folder another run writes" \
    "$CARNET_ANALYSE" run corpus.txt -o q
[ -d "q.carnet-tmp-$host-$alive-stuvwx" ] || fail "a live run's folder was removed"
[ "$(compgen -G 'q.carnet-tmp-*' | wc -l)" = 1 ] || fail "the refused run left its folder: $(ls -d q.carnet-tmp-*)"
[ -e q ] && fail "the refused run wrote q"
expect_exit 1 "another run (process $alive) is writing into it" "--by into a folder another run writes" \
    "$CARNET_ANALYSE" run corpus.txt -o q --by care
kill "$alive" "$reused" 2>/dev/null
wait "$alive" "$reused" 2>/dev/null
expect_ok "a run into q once the other is gone" "$CARNET_ANALYSE" run corpus.txt -o q
compgen -G "q.carnet-tmp-*" >/dev/null && fail "the gone run's folder was not removed: $(ls -d q.carnet-tmp-*)"

# A real interruption: kill the run while it writes (when its folder shows), then run again.
"$CARNET_ANALYSE" run corpus.txt -o p --pdf >/dev/null 2>&1 &
pid=$!
seen=
for _ in $(seq 2000); do
    if compgen -G "p.carnet-tmp-$host-$pid-*" >/dev/null; then
        kill -KILL "$pid" 2>/dev/null && seen=1
        break
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.005
done
wait "$pid" 2>/dev/null
if [ -n "$seen" ]; then
    compgen -G "p.carnet-tmp-*" >/dev/null || fail "the killed run left no folder (was it named otherwise?)"
    expect_ok "a run after the killed one" "$CARNET_ANALYSE" run corpus.txt -o p
    compgen -G "p.carnet-tmp-*" >/dev/null && fail "the killed run's folder was not removed: $(ls -d p.carnet-tmp-*)"
fi

# Stopped by the user (Ctrl+C, kill, a terminal closed), the run removes the folder it was
# writing, and the signal still ends it as before (128 + the signal's number for a shell).
# A corpus of 1.2 M words: a run of seconds, whose folder shows in its first milliseconds.
python3 - <<'PY' || fail "a large corpus"
import random
random.seed(1)
words = ["mot%d" % i for i in range(3000)]
with open("big.txt", "w") as f:
    for t in range(20000):
        f.write("**** *part_P%02d\n%s.\n" % (t % 50, " ".join(random.choice(words) for _ in range(60))))
PY
# stop_run SIGNAL EXPECTED_EXIT INSIDE [--by VAR]: stops a run into s once its folder
# shows, with INSIDE in it (a --by run's cohort being written: its own folder is then in
# the run's, and the run's is what must go)
stop_run() {
    local sig=$1 want=$2 inside=$3
    shift 3
    stop_when_shown "$sig" "s.carnet-tmp-$host-PID-*$inside" "$CARNET_ANALYSE" run big.txt -o s "$@"
    expect_eq "SIG$sig ends the run as it would have" "$want" "$STOPPED_STATUS"
    if [ -e s ] || compgen -G "s.carnet-tmp-*" >/dev/null; then
        fail "SIG$sig left $(ls -d s s.carnet-tmp-* 2>/dev/null)"
    fi
}
stop_run INT 130 ""
stop_run TERM 143 ""
stop_run HUP 129 "" --by part
stop_run INT 130 "/part_P*.carnet-tmp-*" --by part
# a run started ignoring SIGINT (a script's background job) or SIGHUP (nohup) goes on
for sig in INT HUP; do
    stop_when_shown "$sig" "s.carnet-tmp-$host-PID-*" \
        bash -c 'trap "" "$1"; exec "$0" run big.txt -o s' "$CARNET_ANALYSE" "$sig"
    expect_eq "a run started ignoring SIG$sig goes on to its end" 0 "$STOPPED_STATUS"
    [ -s s/report.html ] || fail "a run started ignoring SIG$sig wrote no report"
    rm -rf s
done
finish

#!/usr/bin/env bash
# A text typed in $EDITOR (entry add, entry edit) was written to /tmp/carnet-entry-XXXXXX,
# and left there, diary text and all, when the command was stopped while the editor was
# open: Ctrl+C, kill, or the terminal closed (SIGHUP to its process group). The file is
# now in a folder of its own under $TMPDIR (0700, the file 0600), held by the output guard:
# a stop removes the folder with whatever the editor put beside the text (a swap file).
. "$(dirname "$0")/lib.sh"

export TMPDIR="$WORK/tmp"
mkdir "$TMPDIR"
cc init --name t 2>/dev/null
cc participant add P01 --gender f --birth-year 1988 --care-start 2024-09-01 \
    --consent 2025-02-03 2>/dev/null
echo "Premier texte." | cc entry add P01 2025-02-04 2>/dev/null >/dev/null

# The editor writes the text, says where, and stays open (as a person typing would) until
# it is stopped; an editor's swap file beside the text, too.
cat >"$WORK/editor.sh" <<ED
#!/bin/sh
printf 'Ma tension ce matin.\n' > "\$1"
printf 'swap' > "\$(dirname "\$1")/.swp"
echo "\$1" > "$WORK/edited.tmp"
echo "\$\$ \$PPID" > "$WORK/pids.tmp"
mv "$WORK/edited.tmp" "$WORK/edited"
exec sleep 60
ED
chmod +x "$WORK/editor.sh"

# stop_editing SIGNAL WHOM COMMAND: runs COMMAND at a terminal (script(1)) with the editor,
# and once the editor has the text, sends SIGNAL to carnet-collect alone (WHOM=process) or
# to its process group (WHOM=group, a terminal closed); checks that the text is gone.
stop_editing() {
    local sig=$1 whom=$2 cmd=$3
    rm -f "$WORK/edited" "$WORK/pids.tmp"
    set -m # job control: a background job of a script ignores SIGINT otherwise
    EDITOR="$WORK/editor.sh" script -qec "$CARNET_COLLECT $cmd" /dev/null \
        </dev/null >"$WORK/out" 2>&1 &
    local script_pid=$!
    set +m
    for _ in $(seq 1000); do
        [ -e "$WORK/edited" ] && break
        sleep 0.01
    done
    [ -e "$WORK/edited" ] || { fail "$cmd: the editor never ran: $(cat "$WORK/out")"; return; }
    local path editor collect
    path=$(cat "$WORK/edited")
    read -r editor collect <"$WORK/pids.tmp"
    case $path in
    "$TMPDIR"/*) ;;
    *) fail "$cmd: the text is written in $path, not under \$TMPDIR ($TMPDIR)" ;;
    esac
    expect_eq "$cmd: the text is owner-only" 600 "$(stat -c %a "$path")"
    expect_eq "$cmd: its folder is owner-only" 700 "$(stat -c %a "$(dirname "$path")")"
    if [ "$whom" = group ]; then
        kill -"$sig" -- -"$(ps -o pgid= -p "$collect" | tr -d ' ')"
    else
        kill -"$sig" "$collect"
    fi
    for _ in $(seq 500); do
        kill -0 "$collect" 2>/dev/null || break
        sleep 0.01
    done
    kill -0 "$collect" 2>/dev/null && fail "SIG$sig did not end $cmd"
    [ -e "$path" ] && fail "SIG$sig to the $whom, $cmd: the typed text is left in $path"
    [ -e "$(dirname "$path")" ] && fail "SIG$sig to the $whom, $cmd: its folder is left"
    compgen -G "$TMPDIR/carnet-entry-*" >/dev/null &&
        fail "SIG$sig to the $whom, $cmd: left $(ls -d "$TMPDIR"/carnet-entry-*)"
    if [ "$whom" = group ]; then # the editor got the signal too, as from a closed terminal
        for _ in $(seq 500); do
            kill -0 "$editor" 2>/dev/null || break
            sleep 0.01
        done
        kill -0 "$editor" 2>/dev/null && fail "SIG$sig to the group did not reach the editor"
    fi
    kill "$editor" 2>/dev/null
    wait "$script_pid" 2>/dev/null
}

stop_editing TERM process "entry add P01 2025-02-07"
stop_editing INT process "entry add P01 2025-02-08"
stop_editing HUP group "entry add P01 2025-02-09"
stop_editing HUP group "entry edit 1"
stop_editing TERM process "entry edit 1"
expect_eq "nothing stored by a stopped command" "1" \
    "$(sqlite3 "$CARNET_DB" 'select count(*) from entry')"
expect_eq "the entry edited is as it was" "Premier texte." \
    "$(sqlite3 "$CARNET_DB" 'select text from entry where id = 1')"

# An editor that ends stores the text and leaves nothing in $TMPDIR.
cat >"$WORK/editor.sh" <<'ED'
#!/bin/sh
printf 'Écrit dans l éditeur.\n' > "$1"
ED
EDITOR="$WORK/editor.sh" script -qec "$CARNET_COLLECT entry add P01 2025-02-10" /dev/null \
    </dev/null >"$WORK/out" 2>&1 || fail "entry add through the editor: $(cat "$WORK/out")"
expect_eq "the edited text is stored" "Écrit dans l éditeur." \
    "$(sqlite3 "$CARNET_DB" 'select text from entry where date = "2025-02-10"')"
expect_eq "nothing left in \$TMPDIR" "" "$(ls -A "$TMPDIR")"
finish

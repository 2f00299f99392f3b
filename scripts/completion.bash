# completion.bash — the logic of Carnet's bash completion. The build puts it before the
# tables a program prints with --help-completion (PREFIX_opts, _args, _vals, _kinds and
# _globals, generated from the option tables that print --help), into one file per program.

# _carnet_codes WORDS...: the participant codes of the study the command line names
# (--db PATH, else $CARNET_DB, else ./study.db), when that database exists.
_carnet_codes() {
    local db=${CARNET_DB:-study.db} i
    for ((i = 1; i < ${#COMP_WORDS[@]}; i++)); do
        case ${COMP_WORDS[i]} in
        --db) db=${COMP_WORDS[i + 1]:-$db} ;;
        --db=*) db=${COMP_WORDS[i]#--db=} ;;
        esac
    done
    [ -f "$db" ] || return 0
    "${COMP_WORDS[0]}" --db "$db" participant list 2>/dev/null | awk 'NR > 1 { print $1 }'
}

# _carnet_value PREFIX KEY KIND: the values of an option or argument of that kind.
_carnet_value() {
    local -n vals_=${1}_vals
    local key=$2 kind=$3 cur=${COMP_WORDS[COMP_CWORD]}
    kind=${kind#[}
    kind=${kind%]}
    if [ -n "${vals_[$key]:-}" ]; then
        mapfile -t COMPREPLY < <(compgen -W "${vals_[$key]}" -- "$cur")
    elif [[ $kind == *'|'* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "${kind//|/ }" -- "$cur")
    elif [[ $kind == CODE ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$(_carnet_codes)" -- "$cur")
    elif [[ $kind == DIR || $kind == OUT ]]; then
        mapfile -t COMPREPLY < <(compgen -d -- "$cur")
    elif [[ $kind == FILE || $kind == PATH || $kind == CORPUS || $kind == *.* ]]; then
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    fi
}

# _carnet_complete PREFIX: completes COMP_WORDS[COMP_CWORD] for the program whose tables
# are PREFIX_*: a command's name, its options, an option's value, or an argument.
_carnet_complete() {
    local prefix=$1
    local -n opts=${prefix}_opts args=${prefix}_args kinds=${prefix}_kinds
    local -n globals=${prefix}_globals
    local cur=${COMP_WORDS[COMP_CWORD]} cmd="" i=1 w positional=0
    COMPREPLY=()
    # The program's own options, then the command's one or two words.
    while ((i < COMP_CWORD)); do
        w=${COMP_WORDS[i]}
        if [[ $w == -* ]]; then
            [ -n "${kinds[" $w"]:-}" ] && ((i++))
            ((i++))
            continue
        fi
        if [ -z "$cmd" ] && [ -n "${opts[$w]+set}" ]; then
            cmd=$w
        elif [ -z "$cmd" ] && ((i + 1 < COMP_CWORD)) &&
            [ -n "${opts[$w ${COMP_WORDS[i + 1]}]+set}" ]; then
            cmd="$w ${COMP_WORDS[i + 1]}"
            ((i++))
        fi
        ((i++))
        [ -n "$cmd" ] && break
    done
    if [ -z "$cmd" ]; then
        local prev=${COMP_WORDS[COMP_CWORD - 1]}
        if [ -n "${kinds[" $prev"]:-}" ]; then
            _carnet_value "$prefix" " $prev" "${kinds[" $prev"]}"
        elif [[ $cur == -* ]]; then
            mapfile -t COMPREPLY < <(compgen -W "$globals" -- "$cur")
        else
            # the first word of each command, or the second of a group's
            local names="" group="" k
            ((COMP_CWORD >= 2)) && group=${COMP_WORDS[COMP_CWORD - 1]}
            for k in "${!opts[@]}"; do
                if [ -n "$group" ] && [[ $k == "$group "* ]]; then
                    names+=" ${k#* }"
                fi
            done
            if [ -z "$names" ]; then
                for k in "${!opts[@]}"; do names+=" ${k%% *}"; done
            fi
            mapfile -t COMPREPLY < <(compgen -W "$names" -- "$cur")
        fi
        return 0
    fi
    # After the command: an option's value, an option, or the next argument.
    while ((i < COMP_CWORD)); do
        w=${COMP_WORDS[i]}
        if [[ $w == -* ]]; then
            [[ $w != *=* && -n "${kinds["$cmd $w"]:-}" ]] && ((i++))
        else
            ((positional++))
        fi
        ((i++))
    done
    local prev=${COMP_WORDS[COMP_CWORD - 1]}
    if ((COMP_CWORD - 1 >= 1)) && [[ $prev == -* ]] && [ -n "${kinds["$cmd $prev"]:-}" ]; then
        _carnet_value "$prefix" "$cmd $prev" "${kinds["$cmd $prev"]}"
    elif [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "${opts[$cmd]}" -- "$cur")
    else
        local -a names
        read -r -a names <<<"${args[$cmd]}"
        ((positional < ${#names[@]})) && _carnet_value "$prefix" "$cmd ARG" "${names[positional]}"
    fi
    return 0
}

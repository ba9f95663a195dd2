#!/bin/bash

__taco-vendor_cursor_index_in_current_word() {
    local remaining="${COMP_LINE}"

    local word
    for word in "${COMP_WORDS[@]::COMP_CWORD}"; do
        remaining="${remaining##*([[:space:]])"${word}"*([[:space:]])}"
    done

    local -ir index="$((COMP_POINT - ${#COMP_LINE} + ${#remaining}))"
    if [[ "${index}" -le 0 ]]; then
        printf 0
    else
        printf %s "${index}"
    fi
}

# positional arguments:
#
# - 1: the current (sub)command's count of positional arguments
#
# required variables:
#
# - repeating_flags: the repeating flags that the current (sub)command can accept
# - non_repeating_flags: the non-repeating flags that the current (sub)command can accept
# - repeating_options: the repeating options that the current (sub)command can accept
# - non_repeating_options: the non-repeating options that the current (sub)command can accept
# - positional_number: value ignored
# - unparsed_words: unparsed words from the current command line
#
# modified variables:
#
# - non_repeating_flags: remove flags for this (sub)command that are already on the command line
# - non_repeating_options: remove options for this (sub)command that are already on the command line
# - positional_number: set to the current positional number
# - unparsed_words: remove all flags, options, and option values for this (sub)command
__taco-vendor_offer_flags_options() {
    local -ir positional_count="${1}"
    positional_number=0

    local was_flag_option_terminator_seen=false
    local is_parsing_option_value=false

    local -ar unparsed_word_indices=("${!unparsed_words[@]}")
    local -i word_index
    for word_index in "${unparsed_word_indices[@]}"; do
        if "${is_parsing_option_value}"; then
            # This word is an option value:
            # Reset marker for next word iff not currently the last word
            [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]] && is_parsing_option_value=false
            unset "unparsed_words[${word_index}]"
            # Do not process this word as a flag or an option
            continue
        fi

        local word="${unparsed_words["${word_index}"]}"
        if ! "${was_flag_option_terminator_seen}"; then
            case "${word}" in
            --)
                unset "unparsed_words[${word_index}]"
                # by itself -- is a flag/option terminator, but if it is the last word, it is the start of a completion
                if [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]]; then
                    was_flag_option_terminator_seen=true
                fi
                continue
                ;;
            -*)
                # ${word} is a flag or an option
                # If ${word} is an option, mark that the next word to be parsed is an option value
                local option
                for option in "${repeating_options[@]}" "${non_repeating_options[@]}"; do
                    [[ "${word}" = "${option}" ]] && is_parsing_option_value=true && break
                done

                # Remove ${word} from ${non_repeating_flags} or ${non_repeating_options} so it isn't offered again
                local not_found=true
                local -i index
                for index in "${!non_repeating_flags[@]}"; do
                    if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                        unset "non_repeating_flags[${index}]"
                        non_repeating_flags=("${non_repeating_flags[@]}")
                        not_found=false
                        break
                    fi
                done
                if "${not_found}"; then
                    for index in "${!non_repeating_flags[@]}"; do
                        if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                            unset "non_repeating_flags[${index}]"
                            non_repeating_flags=("${non_repeating_flags[@]}")
                            break
                        fi
                    done
                fi
                unset "unparsed_words[${word_index}]"
                continue
                ;;
            esac
        fi

        # ${word} is neither a flag, nor an option, nor an option value
        if [[ "${positional_number}" -lt "${positional_count}" || "${positional_count}" -lt 0 ]]; then
            # ${word} is a positional
            ((positional_number++))
            unset "unparsed_words[${word_index}]"
        else
            if [[ -z "${word}" ]]; then
                # Could be completing a flag, option, or subcommand
                positional_number=-1
            else
                # ${word} is a subcommand or invalid, so stop processing this (sub)command
                positional_number=-2
            fi
            break
        fi
    done

    unparsed_words=("${unparsed_words[@]}")

    if\
        ! "${was_flag_option_terminator_seen}"\
        && ! "${is_parsing_option_value}"\
        && [[ ("${cur}" = -* && "${positional_number}" -ge 0) || "${positional_number}" -eq -1 ]]
    then
        COMPREPLY+=($(compgen -W "${repeating_flags[*]} ${non_repeating_flags[*]} ${repeating_options[*]} ${non_repeating_options[*]}" -- "${cur}"))
    fi
}

__taco-vendor_add_completions() {
    local completion
    while IFS='' read -r completion; do
        COMPREPLY+=("${completion}")
    done < <(IFS=$'\n' compgen "${@}" -- "${cur}")
}

__taco-vendor_custom_complete() {
    if [[ -n "${cur}" || -z ${COMP_WORDS[${COMP_CWORD}]} || "${COMP_LINE:${COMP_POINT}:1}" != ' ' ]]; then
        local -ar words=("${COMP_WORDS[@]}")
    else
        local -ar words=("${COMP_WORDS[@]::${COMP_CWORD}}" '' "${COMP_WORDS[@]:${COMP_CWORD}}")
    fi

    "${COMP_WORDS[0]}" "${@}" "${words[@]}"
}

_taco-vendor() {
    local state
    state="$(shopt -p;shopt -po)"
    trap "${state//$'\n'/;}" RETURN
    shopt -s extglob
    set +o history +o posix

    local -xr SAP_SHELL=bash
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(IFS='.';printf %s "${BASH_VERSINFO[*]}")"
    local -r SAP_SHELL_VERSION

    local -r cur="${2}"
    local -r prev="${3}"

    local -i positional_number
    local -a unparsed_words=("${COMP_WORDS[@]:1:${COMP_CWORD}}")

    local -a repeating_flags=()
    local -a non_repeating_flags=(--version -h --help)
    local -a repeating_options=()
    local -a non_repeating_options=()
    __taco-vendor_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    whoami|trucks|menu|schedule|orders|sales|payouts|permits|help)
        # Offer subcommand argument completions
        "_taco-vendor_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'whoami trucks menu schedule orders sales payouts permits help' -- "${cur}"))
        ;;
    esac
}

_taco-vendor_whoami() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --vendor --format --log-format)
    __taco-vendor_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--vendor')
        return
        ;;
    '--format')
        __taco-vendor_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-vendor_add_completions -W 'text'$'\n''json'
        return
        ;;
    esac
}

_taco-vendor_trucks() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __taco-vendor_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|add|update|set-status|token)
        # Offer subcommand argument completions
        "_taco-vendor_trucks_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list add update set-status token' -- "${cur}"))
        ;;
    esac
}

_taco-vendor_trucks_list() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --vendor --format --log-format --status)
    __taco-vendor_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--vendor')
        return
        ;;
    '--format')
        __taco-vendor_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-vendor_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--status')
        return
        ;;
    esac
}

_taco-vendor_trucks_add() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --if-not-exists --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --vendor --format --log-format --name --plate --capacity)
    __taco-vendor_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--vendor')
        return
        ;;
    '--format')
        __taco-vendor_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-vendor_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--name')
        return
        ;;
    '--plate')
        return
        ;;
    '--capacity')
        return
        ;;
    esac
}

_taco-vendor_trucks_update() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --vendor --format --log-format --name --plate --capacity)
    __taco-vendor_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--vendor')
        return
        ;;
    '--format')
        __taco-vendor_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-vendor_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--name')
        return
        ;;
    '--plate')
        return
        ;;
    '--capacity')
        return
        ;;
    esac
}

_taco-vendor_trucks_set-status() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --vendor --format --log-format)
    __taco-vendor_offer_flags_options 2

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--vendor')
        return
        ;;
    '--format')
        __taco-vendor_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-vendor_add_completions -W 'text'$'\n''json'
        return
        ;;
    esac
}

_taco-vendor_trucks_token() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --dry-run --yes --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --vendor --format --log-format)
    __taco-vendor_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--vendor')
        return
        ;;
    '--format')
        __taco-vendor_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-vendor_add_completions -W 'text'$'\n''json'
        return
        ;;
    esac
}

_taco-vendor_menu() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __taco-vendor_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    import|export|validate|show|86|un86)
        # Offer subcommand argument completions
        "_taco-vendor_menu_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'import export validate show 86 un86' -- "${cur}"))
        ;;
    esac
}

_taco-vendor_menu_import() {
    repeating_flags=()
    non_repeating_flags=(--prune --no-color -v --verbose -q --quiet --dry-run --yes --version -h --help)
    repeating_options=()
    non_repeating_options=(--input-format --menu --database-url --vendor --format --log-format)
    __taco-vendor_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--input-format')
        __taco-vendor_add_completions -W 'json'$'\n''yaml'$'\n''csv'
        return
        ;;
    '--menu')
        return
        ;;
    '--database-url')
        return
        ;;
    '--vendor')
        return
        ;;
    '--format')
        __taco-vendor_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-vendor_add_completions -W 'text'$'\n''json'
        return
        ;;
    esac
}

_taco-vendor_menu_export() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--menu --out --database-url --vendor --format --log-format)
    __taco-vendor_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--menu')
        return
        ;;
    '--out')
        return
        ;;
    '--database-url')
        return
        ;;
    '--vendor')
        return
        ;;
    '--format')
        __taco-vendor_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-vendor_add_completions -W 'text'$'\n''json'
        return
        ;;
    esac
}

_taco-vendor_menu_validate() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--input-format --format --log-format)
    __taco-vendor_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--input-format')
        __taco-vendor_add_completions -W 'json'$'\n''yaml'$'\n''csv'
        return
        ;;
    '--format')
        __taco-vendor_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-vendor_add_completions -W 'text'$'\n''json'
        return
        ;;
    esac
}

_taco-vendor_menu_show() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--menu --database-url --vendor --format --log-format)
    __taco-vendor_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--menu')
        return
        ;;
    '--database-url')
        return
        ;;
    '--vendor')
        return
        ;;
    '--format')
        __taco-vendor_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-vendor_add_completions -W 'text'$'\n''json'
        return
        ;;
    esac
}

_taco-vendor_menu_86() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--ingredient --until --database-url --vendor --format --log-format)
    __taco-vendor_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--ingredient')
        return
        ;;
    '--until')
        return
        ;;
    '--database-url')
        return
        ;;
    '--vendor')
        return
        ;;
    '--format')
        __taco-vendor_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-vendor_add_completions -W 'text'$'\n''json'
        return
        ;;
    esac
}

_taco-vendor_menu_un86() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--ingredient --database-url --vendor --format --log-format)
    __taco-vendor_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--ingredient')
        return
        ;;
    '--database-url')
        return
        ;;
    '--vendor')
        return
        ;;
    '--format')
        __taco-vendor_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-vendor_add_completions -W 'text'$'\n''json'
        return
        ;;
    esac
}

_taco-vendor_schedule() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __taco-vendor_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|add|remove|close|reopen|import|export)
        # Offer subcommand argument completions
        "_taco-vendor_schedule_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list add remove close reopen import export' -- "${cur}"))
        ;;
    esac
}

_taco-vendor_schedule_list() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --vendor --format --log-format --week --truck)
    __taco-vendor_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--vendor')
        return
        ;;
    '--format')
        __taco-vendor_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-vendor_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--week')
        return
        ;;
    '--truck')
        return
        ;;
    esac
}

_taco-vendor_schedule_add() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --if-not-exists --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --vendor --format --log-format --truck --campus --day --start --end --spot --from --until)
    __taco-vendor_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--vendor')
        return
        ;;
    '--format')
        __taco-vendor_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-vendor_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--truck')
        return
        ;;
    '--campus')
        return
        ;;
    '--day')
        __taco-vendor_add_completions -W 'mon'$'\n''tue'$'\n''wed'$'\n''thu'$'\n''fri'$'\n''sat'$'\n''sun'
        return
        ;;
    '--start')
        return
        ;;
    '--end')
        return
        ;;
    '--spot')
        return
        ;;
    '--from')
        return
        ;;
    '--until')
        return
        ;;
    esac
}

_taco-vendor_schedule_remove() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --dry-run --yes --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --vendor --format --log-format)
    __taco-vendor_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--vendor')
        return
        ;;
    '--format')
        __taco-vendor_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-vendor_add_completions -W 'text'$'\n''json'
        return
        ;;
    esac
}

_taco-vendor_schedule_close() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --vendor --format --log-format --truck --date --reason)
    __taco-vendor_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--vendor')
        return
        ;;
    '--format')
        __taco-vendor_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-vendor_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--truck')
        return
        ;;
    '--date')
        return
        ;;
    '--reason')
        return
        ;;
    esac
}

_taco-vendor_schedule_reopen() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --vendor --format --log-format --truck --date)
    __taco-vendor_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--vendor')
        return
        ;;
    '--format')
        __taco-vendor_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-vendor_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--truck')
        return
        ;;
    '--date')
        return
        ;;
    esac
}

_taco-vendor_schedule_import() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --dry-run --yes --prune --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --vendor --format --log-format --input-format)
    __taco-vendor_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--vendor')
        return
        ;;
    '--format')
        __taco-vendor_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-vendor_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--input-format')
        __taco-vendor_add_completions -W 'json'$'\n''yaml'$'\n''csv'
        return
        ;;
    esac
}

_taco-vendor_schedule_export() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --vendor --format --log-format --truck)
    __taco-vendor_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--vendor')
        return
        ;;
    '--format')
        __taco-vendor_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-vendor_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--truck')
        return
        ;;
    esac
}

_taco-vendor_orders() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __taco-vendor_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    queue|show|start|ready|picked-up|complete|cancel)
        # Offer subcommand argument completions
        "_taco-vendor_orders_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'queue show start ready picked-up complete cancel' -- "${cur}"))
        ;;
    esac
}

_taco-vendor_orders_queue() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --include-pending --watch --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --vendor --format --log-format --truck)
    __taco-vendor_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--vendor')
        return
        ;;
    '--format')
        __taco-vendor_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-vendor_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--truck')
        return
        ;;
    esac
}

_taco-vendor_orders_show() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --vendor --format --log-format)
    __taco-vendor_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--vendor')
        return
        ;;
    '--format')
        __taco-vendor_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-vendor_add_completions -W 'text'$'\n''json'
        return
        ;;
    esac
}

_taco-vendor_orders_start() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --vendor --format --log-format)
    __taco-vendor_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--vendor')
        return
        ;;
    '--format')
        __taco-vendor_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-vendor_add_completions -W 'text'$'\n''json'
        return
        ;;
    esac
}

_taco-vendor_orders_ready() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --vendor --format --log-format)
    __taco-vendor_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--vendor')
        return
        ;;
    '--format')
        __taco-vendor_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-vendor_add_completions -W 'text'$'\n''json'
        return
        ;;
    esac
}

_taco-vendor_orders_picked-up() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --vendor --format --log-format)
    __taco-vendor_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--vendor')
        return
        ;;
    '--format')
        __taco-vendor_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-vendor_add_completions -W 'text'$'\n''json'
        return
        ;;
    esac
}

_taco-vendor_orders_complete() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --vendor --format --log-format)
    __taco-vendor_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--vendor')
        return
        ;;
    '--format')
        __taco-vendor_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-vendor_add_completions -W 'text'$'\n''json'
        return
        ;;
    esac
}

_taco-vendor_orders_cancel() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --vendor --format --log-format --reason)
    __taco-vendor_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--vendor')
        return
        ;;
    '--format')
        __taco-vendor_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-vendor_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--reason')
        return
        ;;
    esac
}

_taco-vendor_sales() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --vendor --format --log-format --from --to --by)
    __taco-vendor_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--vendor')
        return
        ;;
    '--format')
        __taco-vendor_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-vendor_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--from')
        return
        ;;
    '--to')
        return
        ;;
    '--by')
        __taco-vendor_add_completions -W 'day'$'\n''hour'$'\n''item'
        return
        ;;
    esac
}

_taco-vendor_payouts() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __taco-vendor_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|show)
        # Offer subcommand argument completions
        "_taco-vendor_payouts_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list show' -- "${cur}"))
        ;;
    esac
}

_taco-vendor_payouts_list() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --vendor --format --log-format --status)
    __taco-vendor_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--vendor')
        return
        ;;
    '--format')
        __taco-vendor_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-vendor_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--status')
        __taco-vendor_add_completions -W 'planned'$'\n''submitted'$'\n''paid'$'\n''failed'$'\n''unknown'$'\n''carried_over'
        return
        ;;
    esac
}

_taco-vendor_payouts_show() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --vendor --format --log-format)
    __taco-vendor_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--vendor')
        return
        ;;
    '--format')
        __taco-vendor_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-vendor_add_completions -W 'text'$'\n''json'
        return
        ;;
    esac
}

_taco-vendor_permits() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __taco-vendor_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|add|remove)
        # Offer subcommand argument completions
        "_taco-vendor_permits_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list add remove' -- "${cur}"))
        ;;
    esac
}

_taco-vendor_permits_list() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --vendor --format --log-format)
    __taco-vendor_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--vendor')
        return
        ;;
    '--format')
        __taco-vendor_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-vendor_add_completions -W 'text'$'\n''json'
        return
        ;;
    esac
}

_taco-vendor_permits_add() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --if-not-exists --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --vendor --format --log-format --kind --number --expires)
    __taco-vendor_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--vendor')
        return
        ;;
    '--format')
        __taco-vendor_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-vendor_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--kind')
        return
        ;;
    '--number')
        return
        ;;
    '--expires')
        return
        ;;
    esac
}

_taco-vendor_permits_remove() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --dry-run --yes --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --vendor --format --log-format)
    __taco-vendor_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--vendor')
        return
        ;;
    '--format')
        __taco-vendor_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-vendor_add_completions -W 'text'$'\n''json'
        return
        ;;
    esac
}

_taco-vendor_help() {
    repeating_flags=()
    non_repeating_flags=(--version)
    repeating_options=()
    non_repeating_options=()
    __taco-vendor_offer_flags_options -1
}

complete -o filenames -F _taco-vendor taco-vendor

#!/bin/bash

__taco-admin_cursor_index_in_current_word() {
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
__taco-admin_offer_flags_options() {
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

__taco-admin_add_completions() {
    local completion
    while IFS='' read -r completion; do
        COMPREPLY+=("${completion}")
    done < <(IFS=$'\n' compgen "${@}" -- "${cur}")
}

__taco-admin_custom_complete() {
    if [[ -n "${cur}" || -z ${COMP_WORDS[${COMP_CWORD}]} || "${COMP_LINE:${COMP_POINT}:1}" != ' ' ]]; then
        local -ar words=("${COMP_WORDS[@]}")
    else
        local -ar words=("${COMP_WORDS[@]::${COMP_CWORD}}" '' "${COMP_WORDS[@]:${COMP_CWORD}}")
    fi

    "${COMP_WORDS[0]}" "${@}" "${words[@]}"
}

_taco-admin() {
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
    __taco-admin_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    db|demo|campuses|vendors|users|access|sso|analytics|payouts|compliance|help)
        # Offer subcommand argument completions
        "_taco-admin_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'db demo campuses vendors users access sso analytics payouts compliance help' -- "${cur}"))
        ;;
    esac
}

_taco-admin_db() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __taco-admin_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    migrate|status)
        # Offer subcommand argument completions
        "_taco-admin_db_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'migrate status' -- "${cur}"))
        ;;
    esac
}

_taco-admin_db_migrate() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --dry-run --wait --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --format --log-format)
    __taco-admin_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--format')
        __taco-admin_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-admin_add_completions -W 'text'$'\n''json'
        return
        ;;
    esac
}

_taco-admin_db_status() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --format --log-format)
    __taco-admin_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--format')
        __taco-admin_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-admin_add_completions -W 'text'$'\n''json'
        return
        ;;
    esac
}

_taco-admin_demo() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __taco-admin_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    load|summary)
        # Offer subcommand argument completions
        "_taco-admin_demo_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'load summary' -- "${cur}"))
        ;;
    esac
}

_taco-admin_demo_load() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --format --log-format)
    __taco-admin_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--format')
        __taco-admin_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-admin_add_completions -W 'text'$'\n''json'
        return
        ;;
    esac
}

_taco-admin_demo_summary() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --format --log-format)
    __taco-admin_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--format')
        __taco-admin_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-admin_add_completions -W 'text'$'\n''json'
        return
        ;;
    esac
}

_taco-admin_campuses() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __taco-admin_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|show|add|update)
        # Offer subcommand argument completions
        "_taco-admin_campuses_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list show add update' -- "${cur}"))
        ;;
    esac
}

_taco-admin_campuses_list() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --format --log-format)
    __taco-admin_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--format')
        __taco-admin_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-admin_add_completions -W 'text'$'\n''json'
        return
        ;;
    esac
}

_taco-admin_campuses_show() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --format --log-format)
    __taco-admin_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--format')
        __taco-admin_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-admin_add_completions -W 'text'$'\n''json'
        return
        ;;
    esac
}

_taco-admin_campuses_add() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --if-not-exists --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --format --log-format --code --name --time-zone --tax-rate --boundary --service-hours)
    __taco-admin_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--format')
        __taco-admin_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-admin_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--code')
        return
        ;;
    '--name')
        return
        ;;
    '--time-zone')
        return
        ;;
    '--tax-rate')
        return
        ;;
    '--boundary')
        return
        ;;
    '--service-hours')
        return
        ;;
    esac
}

_taco-admin_campuses_update() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --enable-active --disable-active --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --format --log-format --name --time-zone --tax-rate --boundary --service-hours)
    __taco-admin_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--format')
        __taco-admin_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-admin_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--name')
        return
        ;;
    '--time-zone')
        return
        ;;
    '--tax-rate')
        return
        ;;
    '--boundary')
        return
        ;;
    '--service-hours')
        return
        ;;
    esac
}

_taco-admin_vendors() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __taco-admin_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|show|add|approve|reject|suspend|reinstate|permits)
        # Offer subcommand argument completions
        "_taco-admin_vendors_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list show add approve reject suspend reinstate permits' -- "${cur}"))
        ;;
    esac
}

_taco-admin_vendors_list() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --format --log-format --status)
    __taco-admin_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--format')
        __taco-admin_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-admin_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--status')
        __taco-admin_add_completions -W 'applied'$'\n''approved'$'\n''rejected'$'\n''suspended'
        return
        ;;
    esac
}

_taco-admin_vendors_show() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --format --log-format)
    __taco-admin_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--format')
        __taco-admin_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-admin_add_completions -W 'text'$'\n''json'
        return
        ;;
    esac
}

_taco-admin_vendors_add() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --if-not-exists --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --format --log-format --slug --name --stripe-account --phone --tax-id)
    __taco-admin_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--format')
        __taco-admin_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-admin_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--slug')
        return
        ;;
    '--name')
        return
        ;;
    '--stripe-account')
        return
        ;;
    '--phone')
        return
        ;;
    '--tax-id')
        return
        ;;
    esac
}

_taco-admin_vendors_approve() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --format --log-format --reason --note)
    __taco-admin_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--format')
        __taco-admin_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-admin_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--reason'|'--note')
        return
        ;;
    esac
}

_taco-admin_vendors_reject() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --format --log-format --reason --note)
    __taco-admin_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--format')
        __taco-admin_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-admin_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--reason'|'--note')
        return
        ;;
    esac
}

_taco-admin_vendors_suspend() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --format --log-format --reason --note)
    __taco-admin_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--format')
        __taco-admin_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-admin_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--reason'|'--note')
        return
        ;;
    esac
}

_taco-admin_vendors_reinstate() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --format --log-format --reason --note)
    __taco-admin_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--format')
        __taco-admin_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-admin_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--reason'|'--note')
        return
        ;;
    esac
}

_taco-admin_vendors_permits() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --format --log-format --expiring-within --vendor)
    __taco-admin_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--format')
        __taco-admin_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-admin_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--expiring-within')
        return
        ;;
    '--vendor')
        return
        ;;
    esac
}

_taco-admin_users() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __taco-admin_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|show|add|update|deactivate|reactivate)
        # Offer subcommand argument completions
        "_taco-admin_users_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list show add update deactivate reactivate' -- "${cur}"))
        ;;
    esac
}

_taco-admin_users_list() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --active --no-active --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --format --log-format --campus --search --limit)
    __taco-admin_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--format')
        __taco-admin_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-admin_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--campus')
        return
        ;;
    '--search')
        return
        ;;
    '--limit')
        return
        ;;
    esac
}

_taco-admin_users_show() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --format --log-format)
    __taco-admin_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--format')
        __taco-admin_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-admin_add_completions -W 'text'$'\n''json'
        return
        ;;
    esac
}

_taco-admin_users_add() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --format --log-format --employee-id --worker-id --email --given-name --family-name --preferred-name --okta-id --campus --department --meal-subsidy --subsidy-period)
    __taco-admin_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--format')
        __taco-admin_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-admin_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--employee-id')
        return
        ;;
    '--worker-id')
        return
        ;;
    '--email')
        return
        ;;
    '--given-name')
        return
        ;;
    '--family-name')
        return
        ;;
    '--preferred-name')
        return
        ;;
    '--okta-id')
        return
        ;;
    '--campus')
        return
        ;;
    '--department')
        return
        ;;
    '--meal-subsidy')
        return
        ;;
    '--subsidy-period')
        return
        ;;
    esac
}

_taco-admin_users_update() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --format --log-format --email --given-name --family-name --preferred-name --okta-id --campus --department --meal-subsidy --subsidy-period)
    __taco-admin_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--format')
        __taco-admin_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-admin_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--email')
        return
        ;;
    '--given-name')
        return
        ;;
    '--family-name')
        return
        ;;
    '--preferred-name')
        return
        ;;
    '--okta-id')
        return
        ;;
    '--campus')
        return
        ;;
    '--department')
        return
        ;;
    '--meal-subsidy')
        return
        ;;
    '--subsidy-period')
        return
        ;;
    esac
}

_taco-admin_users_deactivate() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --format --log-format)
    __taco-admin_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--format')
        __taco-admin_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-admin_add_completions -W 'text'$'\n''json'
        return
        ;;
    esac
}

_taco-admin_users_reactivate() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --format --log-format)
    __taco-admin_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--format')
        __taco-admin_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-admin_add_completions -W 'text'$'\n''json'
        return
        ;;
    esac
}

_taco-admin_access() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __taco-admin_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    grant|revoke|list)
        # Offer subcommand argument completions
        "_taco-admin_access_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'grant revoke list' -- "${cur}"))
        ;;
    esac
}

_taco-admin_access_grant() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --password-stdin --no-password --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --format --log-format --login --role --vendor)
    __taco-admin_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--format')
        __taco-admin_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-admin_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--login')
        return
        ;;
    '--role')
        __taco-admin_add_completions -W 'sysadmin'$'\n''food-services'$'\n''vendor-admin'$'\n''vendor-staff'$'\n''jobs'$'\n''reporting'
        return
        ;;
    '--vendor')
        return
        ;;
    esac
}

_taco-admin_access_revoke() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --format --log-format --login)
    __taco-admin_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--format')
        __taco-admin_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-admin_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--login')
        return
        ;;
    esac
}

_taco-admin_access_list() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --format --log-format)
    __taco-admin_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--format')
        __taco-admin_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-admin_add_completions -W 'text'$'\n''json'
        return
        ;;
    esac
}

_taco-admin_sso() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __taco-admin_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    idp)
        # Offer subcommand argument completions
        "_taco-admin_sso_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'idp' -- "${cur}"))
        ;;
    esac
}

_taco-admin_sso_idp() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __taco-admin_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    add|list|remove)
        # Offer subcommand argument completions
        "_taco-admin_sso_idp_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'add list remove' -- "${cur}"))
        ;;
    esac
}

_taco-admin_sso_idp_add() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --replace --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --format --log-format --metadata)
    __taco-admin_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--format')
        __taco-admin_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-admin_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--metadata')
        return
        ;;
    esac
}

_taco-admin_sso_idp_list() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --format --log-format)
    __taco-admin_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--format')
        __taco-admin_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-admin_add_completions -W 'text'$'\n''json'
        return
        ;;
    esac
}

_taco-admin_sso_idp_remove() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --dry-run --yes --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --format --log-format)
    __taco-admin_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--format')
        __taco-admin_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-admin_add_completions -W 'text'$'\n''json'
        return
        ;;
    esac
}

_taco-admin_analytics() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --format --log-format --from --to --campus --vendor --by)
    __taco-admin_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--format')
        __taco-admin_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-admin_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--from')
        return
        ;;
    '--to')
        return
        ;;
    '--campus')
        return
        ;;
    '--vendor')
        return
        ;;
    '--by')
        __taco-admin_add_completions -W 'day'$'\n''week'$'\n''hour'$'\n''campus'$'\n''vendor'$'\n''truck'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __taco-admin_add_completions -W 'orders'$'\n''heatmap'$'\n''prep-times'$'\n''late-orders'$'\n''cancellations'$'\n''top-items'$'\n''subsidies'$'\n''vendor-scorecard'
        return
        ;;
    esac
}

_taco-admin_payouts() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __taco-admin_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list)
        # Offer subcommand argument completions
        "_taco-admin_payouts_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list' -- "${cur}"))
        ;;
    esac
}

_taco-admin_payouts_list() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --format --log-format --vendor --status --period --ending)
    __taco-admin_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--format')
        __taco-admin_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-admin_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--vendor')
        return
        ;;
    '--status')
        __taco-admin_add_completions -W 'planned'$'\n''submitted'$'\n''paid'$'\n''failed'$'\n''unknown'$'\n''carried_over'
        return
        ;;
    '--period')
        __taco-admin_add_completions -W 'day'$'\n''week'
        return
        ;;
    '--ending')
        return
        ;;
    esac
}

_taco-admin_compliance() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __taco-admin_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    export-user|erase-user|requests|audit|financial-export|pci-scan)
        # Offer subcommand argument completions
        "_taco-admin_compliance_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'export-user erase-user requests audit financial-export pci-scan' -- "${cur}"))
        ;;
    esac
}

_taco-admin_compliance_export-user() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --format --log-format --email --out)
    __taco-admin_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--format')
        __taco-admin_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-admin_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--email')
        return
        ;;
    '--out')
        return
        ;;
    esac
}

_taco-admin_compliance_erase-user() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --dry-run --yes --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --format --log-format --email --retention-years)
    __taco-admin_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--format')
        __taco-admin_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-admin_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--email')
        return
        ;;
    '--retention-years')
        return
        ;;
    esac
}

_taco-admin_compliance_requests() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __taco-admin_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list)
        # Offer subcommand argument completions
        "_taco-admin_compliance_requests_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list' -- "${cur}"))
        ;;
    esac
}

_taco-admin_compliance_requests_list() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --open --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --format --log-format)
    __taco-admin_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--format')
        __taco-admin_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-admin_add_completions -W 'text'$'\n''json'
        return
        ;;
    esac
}

_taco-admin_compliance_audit() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __taco-admin_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    export|verify)
        # Offer subcommand argument completions
        "_taco-admin_compliance_audit_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'export verify' -- "${cur}"))
        ;;
    esac
}

_taco-admin_compliance_audit_export() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --format --log-format --from --to)
    __taco-admin_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--format')
        __taco-admin_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-admin_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--from')
        return
        ;;
    '--to')
        return
        ;;
    esac
}

_taco-admin_compliance_audit_verify() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --format --log-format --from-id)
    __taco-admin_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--format')
        __taco-admin_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-admin_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--from-id')
        return
        ;;
    esac
}

_taco-admin_compliance_financial-export() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --overwrite --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --format --log-format --year --out)
    __taco-admin_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--format')
        __taco-admin_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-admin_add_completions -W 'text'$'\n''json'
        return
        ;;
    '--year')
        return
        ;;
    '--out')
        return
        ;;
    esac
}

_taco-admin_compliance_pci-scan() {
    repeating_flags=()
    non_repeating_flags=(--no-color -v --verbose -q --quiet --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url --format --log-format)
    __taco-admin_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    '--format')
        __taco-admin_add_completions -W 'table'$'\n''json'$'\n''ndjson'$'\n''csv'$'\n''yaml'
        return
        ;;
    '--log-format')
        __taco-admin_add_completions -W 'text'$'\n''json'
        return
        ;;
    esac
}

_taco-admin_help() {
    repeating_flags=()
    non_repeating_flags=(--version)
    repeating_options=()
    non_repeating_options=()
    __taco-admin_offer_flags_options -1
}

complete -o filenames -F _taco-admin taco-admin

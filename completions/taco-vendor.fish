function __taco-vendor_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __taco-vendor_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __taco-vendor_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __taco-vendor_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __taco-vendor_parse_tokens -S
    set -l unparsed_tokens (__taco-vendor_tokens -pc)
    switch $unparsed_tokens[1]
    case 'taco-vendor'
        __taco-vendor_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'whoami'
            __taco-vendor_parse_subcommand 0 'database-url=' 'vendor=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'version' 'h/help'
        case 'trucks'
            __taco-vendor_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'list'
                __taco-vendor_parse_subcommand 0 'database-url=' 'vendor=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'status=' 'version' 'h/help'
            case 'add'
                __taco-vendor_parse_subcommand 0 'database-url=' 'vendor=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'name=' 'plate=' 'capacity=' 'if-not-exists' 'version' 'h/help'
            case 'update'
                __taco-vendor_parse_subcommand 1 'database-url=' 'vendor=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'name=' 'plate=' 'capacity=' 'version' 'h/help'
            case 'set-status'
                __taco-vendor_parse_subcommand 2 'database-url=' 'vendor=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'version' 'h/help'
            case 'token'
                __taco-vendor_parse_subcommand 1 'database-url=' 'vendor=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'dry-run' 'yes' 'version' 'h/help'
            end
        case 'schedule'
            __taco-vendor_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'list'
                __taco-vendor_parse_subcommand 0 'database-url=' 'vendor=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'week=' 'truck=' 'version' 'h/help'
            case 'add'
                __taco-vendor_parse_subcommand 0 'database-url=' 'vendor=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'truck=' 'campus=' 'day=' 'start=' 'end=' 'spot=' 'from=' 'until=' 'if-not-exists' 'version' 'h/help'
            case 'remove'
                __taco-vendor_parse_subcommand 1 'database-url=' 'vendor=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'dry-run' 'yes' 'version' 'h/help'
            case 'close'
                __taco-vendor_parse_subcommand 0 'database-url=' 'vendor=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'truck=' 'date=' 'reason=' 'version' 'h/help'
            case 'reopen'
                __taco-vendor_parse_subcommand 0 'database-url=' 'vendor=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'truck=' 'date=' 'version' 'h/help'
            case 'import'
                __taco-vendor_parse_subcommand 1 'database-url=' 'vendor=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'dry-run' 'yes' 'input-format=' 'prune' 'version' 'h/help'
            case 'export'
                __taco-vendor_parse_subcommand 0 'database-url=' 'vendor=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'truck=' 'version' 'h/help'
            end
        case 'permits'
            __taco-vendor_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'list'
                __taco-vendor_parse_subcommand 0 'database-url=' 'vendor=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'version' 'h/help'
            case 'add'
                __taco-vendor_parse_subcommand 0 'database-url=' 'vendor=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'kind=' 'number=' 'expires=' 'if-not-exists' 'version' 'h/help'
            case 'remove'
                __taco-vendor_parse_subcommand 1 'database-url=' 'vendor=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'dry-run' 'yes' 'version' 'h/help'
            end
        case 'help'
            __taco-vendor_parse_subcommand -r 1 'version'
        end
    end
end

function __taco-vendor_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __taco-vendor_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __taco-vendor_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __taco-vendor_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__taco-vendor_tokens -p)
    if test -z "$(__taco-vendor_tokens -t)"
        set -l index (count (__taco-vendor_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'taco-vendor' -f
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor" version' -l 'version' -d 'Show the version.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_positional "taco-vendor" -eq 1' -fa 'whoami' -d 'Print the login, its group roles, and the vendor it acts for.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_positional "taco-vendor" -eq 1' -fa 'trucks' -d 'List, add and update your trucks, and issue their GPS device tokens.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_positional "taco-vendor" -eq 1' -fa 'schedule' -d 'Plan where your trucks are each week: slots, closures, import and export.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_positional "taco-vendor" -eq 1' -fa 'permits' -d 'Keep your business licence, health permit and insurance on file with their expiry dates.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_positional "taco-vendor" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor whoami" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor whoami" vendor' -l 'vendor' -d 'Act for this vendor (sysadmin logins only; a vendor login always acts for its own vendor).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor whoami" format' -l 'format' -d 'Output format: table, json, ndjson or csv (default: table).' -rfka 'table json ndjson csv'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor whoami" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor whoami" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor whoami" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor whoami" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor whoami" version' -l 'version' -d 'Show the version.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor whoami" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks" version' -l 'version' -d 'Show the version.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_positional "taco-vendor trucks" -eq 1' -fa 'list' -d 'List your trucks.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_positional "taco-vendor trucks" -eq 1' -fa 'add' -d 'Add a truck (status active).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_positional "taco-vendor trucks" -eq 1' -fa 'update' -d 'Change a truck\'s name, plate or capacity.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_positional "taco-vendor trucks" -eq 1' -fa 'set-status' -d 'Set a truck\'s status: active, maintenance or retired.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_positional "taco-vendor trucks" -eq 1' -fa 'token' -d 'Issue a new device token for a truck\'s GPS unit (replacing the old one).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks list" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks list" vendor' -l 'vendor' -d 'Act for this vendor (sysadmin logins only; a vendor login always acts for its own vendor).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks list" format' -l 'format' -d 'Output format: table, json, ndjson or csv (default: table).' -rfka 'table json ndjson csv'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks list" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks list" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks list" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks list" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks list" status' -l 'status' -d 'Only trucks with this status: active, maintenance or retired.' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks list" version' -l 'version' -d 'Show the version.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks add" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks add" vendor' -l 'vendor' -d 'Act for this vendor (sysadmin logins only; a vendor login always acts for its own vendor).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks add" format' -l 'format' -d 'Output format: table, json, ndjson or csv (default: table).' -rfka 'table json ndjson csv'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks add" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks add" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks add" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks add" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks add" name' -l 'name' -d 'The truck\'s name, unique within your vendor.' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks add" plate' -l 'plate' -d 'The licence plate.' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks add" capacity' -l 'capacity' -d 'Orders the truck can prepare per 15 minutes (1-500).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks add" if-not-exists' -l 'if-not-exists' -d 'Succeed without changes when a truck of this name exists.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks add" version' -l 'version' -d 'Show the version.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks add" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks update" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks update" vendor' -l 'vendor' -d 'Act for this vendor (sysadmin logins only; a vendor login always acts for its own vendor).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks update" format' -l 'format' -d 'Output format: table, json, ndjson or csv (default: table).' -rfka 'table json ndjson csv'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks update" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks update" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks update" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks update" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks update" name' -l 'name' -d 'A new name.' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks update" plate' -l 'plate' -d 'A new licence plate.' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks update" capacity' -l 'capacity' -d 'A new capacity (1-500 orders per 15 minutes).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks update" version' -l 'version' -d 'Show the version.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks update" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks set-status" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks set-status" vendor' -l 'vendor' -d 'Act for this vendor (sysadmin logins only; a vendor login always acts for its own vendor).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks set-status" format' -l 'format' -d 'Output format: table, json, ndjson or csv (default: table).' -rfka 'table json ndjson csv'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks set-status" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks set-status" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks set-status" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks set-status" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks set-status" version' -l 'version' -d 'Show the version.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks set-status" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks token" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks token" vendor' -l 'vendor' -d 'Act for this vendor (sysadmin logins only; a vendor login always acts for its own vendor).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks token" format' -l 'format' -d 'Output format: table, json, ndjson or csv (default: table).' -rfka 'table json ndjson csv'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks token" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks token" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks token" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks token" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks token" dry-run' -l 'dry-run' -d 'Validate and report what would change, then roll back.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks token" yes' -l 'yes' -d 'Do not ask for confirmation (required for destructive commands without a TTY).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks token" version' -l 'version' -d 'Show the version.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor trucks token" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule" version' -l 'version' -d 'Show the version.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_positional "taco-vendor schedule" -eq 1' -fa 'list' -d 'List the dated slots of one ISO week (default: this week), with closures.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_positional "taco-vendor schedule" -eq 1' -fa 'add' -d 'Add a weekly slot for a truck at a campus.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_positional "taco-vendor schedule" -eq 1' -fa 'remove' -d 'Remove a weekly slot by id.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_positional "taco-vendor schedule" -eq 1' -fa 'close' -d 'Close a truck for one local date (its slots that day are shown as closed).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_positional "taco-vendor schedule" -eq 1' -fa 'reopen' -d 'Undo `schedule close` for a truck and date.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_positional "taco-vendor schedule" -eq 1' -fa 'import' -d 'Import weekly slots from a JSON, YAML or CSV file (upsert by truck, campus, day and start).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_positional "taco-vendor schedule" -eq 1' -fa 'export' -d 'Write the weekly slots as a schedule file (JSON by default, or CSV) that re-imports to zero changes.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule list" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule list" vendor' -l 'vendor' -d 'Act for this vendor (sysadmin logins only; a vendor login always acts for its own vendor).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule list" format' -l 'format' -d 'Output format: table, json, ndjson or csv (default: table).' -rfka 'table json ndjson csv'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule list" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule list" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule list" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule list" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule list" week' -l 'week' -d 'The ISO week to list, such as 2026-W48 (default: this week).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule list" truck' -l 'truck' -d 'Only this truck (name or id).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule list" version' -l 'version' -d 'Show the version.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule add" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule add" vendor' -l 'vendor' -d 'Act for this vendor (sysadmin logins only; a vendor login always acts for its own vendor).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule add" format' -l 'format' -d 'Output format: table, json, ndjson or csv (default: table).' -rfka 'table json ndjson csv'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule add" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule add" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule add" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule add" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule add" truck' -l 'truck' -d 'The truck (name or id).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule add" campus' -l 'campus' -d 'The campus code (see the hint of an unknown code for the list).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule add" day' -l 'day' -d 'The weekday: mon … sun, or the full name.' -rfka 'mon tue wed thu fri sat sun'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule add" start' -l 'start' -d 'Local start time, HH:MM from 00:00 to 23:59.' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule add" end' -l 'end' -d 'Local end time, HH:MM (after the start, by 23:59).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule add" spot' -l 'spot' -d 'Where on campus the truck parks.' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule add" from' -l 'from' -d 'First date the slot applies, YYYY-MM-DD (default: today).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule add" until' -l 'until' -d 'Last date the slot applies, YYYY-MM-DD (default: open-ended).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule add" if-not-exists' -l 'if-not-exists' -d 'Accept an identical existing slot instead of refusing it.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule add" version' -l 'version' -d 'Show the version.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule add" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule remove" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule remove" vendor' -l 'vendor' -d 'Act for this vendor (sysadmin logins only; a vendor login always acts for its own vendor).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule remove" format' -l 'format' -d 'Output format: table, json, ndjson or csv (default: table).' -rfka 'table json ndjson csv'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule remove" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule remove" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule remove" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule remove" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule remove" dry-run' -l 'dry-run' -d 'Validate and report what would change, then roll back.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule remove" yes' -l 'yes' -d 'Do not ask for confirmation (required for destructive commands without a TTY).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule remove" version' -l 'version' -d 'Show the version.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule remove" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule close" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule close" vendor' -l 'vendor' -d 'Act for this vendor (sysadmin logins only; a vendor login always acts for its own vendor).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule close" format' -l 'format' -d 'Output format: table, json, ndjson or csv (default: table).' -rfka 'table json ndjson csv'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule close" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule close" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule close" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule close" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule close" truck' -l 'truck' -d 'The truck (name or id).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule close" date' -l 'date' -d 'The campus-local date, YYYY-MM-DD.' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule close" reason' -l 'reason' -d 'Why (shown to staff and in schedule list).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule close" version' -l 'version' -d 'Show the version.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule close" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule reopen" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule reopen" vendor' -l 'vendor' -d 'Act for this vendor (sysadmin logins only; a vendor login always acts for its own vendor).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule reopen" format' -l 'format' -d 'Output format: table, json, ndjson or csv (default: table).' -rfka 'table json ndjson csv'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule reopen" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule reopen" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule reopen" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule reopen" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule reopen" truck' -l 'truck' -d 'The truck (name or id).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule reopen" date' -l 'date' -d 'The campus-local date, YYYY-MM-DD.' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule reopen" version' -l 'version' -d 'Show the version.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule reopen" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule import" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule import" vendor' -l 'vendor' -d 'Act for this vendor (sysadmin logins only; a vendor login always acts for its own vendor).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule import" format' -l 'format' -d 'Output format: table, json, ndjson or csv (default: table).' -rfka 'table json ndjson csv'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule import" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule import" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule import" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule import" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule import" dry-run' -l 'dry-run' -d 'Validate and report what would change, then roll back.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule import" yes' -l 'yes' -d 'Do not ask for confirmation (required for destructive commands without a TTY).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule import" input-format' -l 'input-format' -d 'json, yaml or csv (default: from the file\'s extension).' -rfka 'json yaml csv'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule import" prune' -l 'prune' -d 'Remove your slots that the file does not name.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule import" version' -l 'version' -d 'Show the version.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule import" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule export" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule export" vendor' -l 'vendor' -d 'Act for this vendor (sysadmin logins only; a vendor login always acts for its own vendor).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule export" format' -l 'format' -d 'Output format: table, json, ndjson or csv (default: table).' -rfka 'table json ndjson csv'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule export" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule export" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule export" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule export" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule export" truck' -l 'truck' -d 'Only this truck (name or id).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule export" version' -l 'version' -d 'Show the version.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor schedule export" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor permits" version' -l 'version' -d 'Show the version.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor permits" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_positional "taco-vendor permits" -eq 1' -fa 'list' -d 'List your permits, soonest expiry first (days_left is negative once expired).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_positional "taco-vendor permits" -eq 1' -fa 'add' -d 'Record a permit.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_positional "taco-vendor permits" -eq 1' -fa 'remove' -d 'Remove a permit by id.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor permits list" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor permits list" vendor' -l 'vendor' -d 'Act for this vendor (sysadmin logins only; a vendor login always acts for its own vendor).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor permits list" format' -l 'format' -d 'Output format: table, json, ndjson or csv (default: table).' -rfka 'table json ndjson csv'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor permits list" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor permits list" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor permits list" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor permits list" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor permits list" version' -l 'version' -d 'Show the version.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor permits list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor permits add" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor permits add" vendor' -l 'vendor' -d 'Act for this vendor (sysadmin logins only; a vendor login always acts for its own vendor).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor permits add" format' -l 'format' -d 'Output format: table, json, ndjson or csv (default: table).' -rfka 'table json ndjson csv'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor permits add" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor permits add" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor permits add" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor permits add" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor permits add" kind' -l 'kind' -d 'business-license, health or insurance.' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor permits add" number' -l 'number' -d 'The permit\'s number as printed on it.' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor permits add" expires' -l 'expires' -d 'The expiry date, YYYY-MM-DD.' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor permits add" if-not-exists' -l 'if-not-exists' -d 'Accept an existing permit of the same kind and number.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor permits add" version' -l 'version' -d 'Show the version.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor permits add" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor permits remove" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor permits remove" vendor' -l 'vendor' -d 'Act for this vendor (sysadmin logins only; a vendor login always acts for its own vendor).' -rfka ''
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor permits remove" format' -l 'format' -d 'Output format: table, json, ndjson or csv (default: table).' -rfka 'table json ndjson csv'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor permits remove" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor permits remove" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor permits remove" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor permits remove" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor permits remove" dry-run' -l 'dry-run' -d 'Validate and report what would change, then roll back.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor permits remove" yes' -l 'yes' -d 'Do not ask for confirmation (required for destructive commands without a TTY).'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor permits remove" version' -l 'version' -d 'Show the version.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor permits remove" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor help" version' -l 'version' -d 'Show the version.'

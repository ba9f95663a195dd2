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
complete -c 'taco-vendor' -n '__taco-vendor_should_offer_completions_for_flags_or_options "taco-vendor help" version' -l 'version' -d 'Show the version.'

function __taco-admin_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __taco-admin_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __taco-admin_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __taco-admin_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __taco-admin_parse_tokens -S
    set -l unparsed_tokens (__taco-admin_tokens -pc)
    switch $unparsed_tokens[1]
    case 'taco-admin'
        __taco-admin_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'db'
            __taco-admin_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'migrate'
                __taco-admin_parse_subcommand 0 'database-url=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'dry-run' 'wait' 'version' 'h/help'
            case 'status'
                __taco-admin_parse_subcommand 0 'database-url=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'version' 'h/help'
            end
        case 'demo'
            __taco-admin_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'load'
                __taco-admin_parse_subcommand 0 'database-url=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'version' 'h/help'
            case 'summary'
                __taco-admin_parse_subcommand 0 'database-url=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'version' 'h/help'
            end
        case 'vendors'
            __taco-admin_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'list'
                __taco-admin_parse_subcommand 0 'database-url=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'status=' 'version' 'h/help'
            case 'show'
                __taco-admin_parse_subcommand 1 'database-url=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'version' 'h/help'
            case 'add'
                __taco-admin_parse_subcommand 0 'database-url=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'slug=' 'name=' 'stripe-account=' 'phone=' 'tax-id=' 'if-not-exists' 'version' 'h/help'
            case 'approve'
                __taco-admin_parse_subcommand 1 'database-url=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'reason=' 'version' 'h/help'
            case 'reject'
                __taco-admin_parse_subcommand 1 'database-url=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'reason=' 'version' 'h/help'
            case 'suspend'
                __taco-admin_parse_subcommand 1 'database-url=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'reason=' 'version' 'h/help'
            case 'reinstate'
                __taco-admin_parse_subcommand 1 'database-url=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'reason=' 'version' 'h/help'
            case 'permits'
                __taco-admin_parse_subcommand 0 'database-url=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'expiring-within=' 'vendor=' 'version' 'h/help'
            end
        case 'access'
            __taco-admin_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'grant'
                __taco-admin_parse_subcommand 0 'database-url=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'login=' 'role=' 'vendor=' 'password-stdin' 'no-password' 'version' 'h/help'
            case 'revoke'
                __taco-admin_parse_subcommand 0 'database-url=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'login=' 'version' 'h/help'
            case 'list'
                __taco-admin_parse_subcommand 0 'database-url=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'version' 'h/help'
            end
        case 'help'
            __taco-admin_parse_subcommand -r 1 'version'
        end
    end
end

function __taco-admin_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __taco-admin_parse_subcommand -S -a positional_count
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

function __taco-admin_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __taco-admin_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__taco-admin_tokens -p)
    if test -z "$(__taco-admin_tokens -t)"
        set -l index (count (__taco-admin_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'taco-admin' -f
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin" version' -l 'version' -d 'Show the version.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_positional "taco-admin" -eq 1' -fa 'db' -d 'Migrate the database and show its migration status.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_positional "taco-admin" -eq 1' -fa 'demo' -d 'Load and summarise the demo data set (12 campuses, ~100 vendors, a day of orders and positions).'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_positional "taco-admin" -eq 1' -fa 'vendors' -d 'Onboard vendors and decide on them: approve, reject, suspend, reinstate.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_positional "taco-admin" -eq 1' -fa 'access' -d 'Provision people\'s PostgreSQL logins and their TacoTracker roles (IT sysadmins).'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_positional "taco-admin" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin db" version' -l 'version' -d 'Show the version.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin db" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_positional "taco-admin db" -eq 1' -fa 'migrate' -d 'Apply pending schema migrations, each in its own transaction.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_positional "taco-admin db" -eq 1' -fa 'status' -d 'List every migration with its state: applied, pending, modified or unknown.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin db migrate" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin db migrate" format' -l 'format' -d 'Output format: table, json, ndjson or csv (default: table).' -rfka 'table json ndjson csv'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin db migrate" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin db migrate" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin db migrate" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin db migrate" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin db migrate" dry-run' -l 'dry-run' -d 'List the pending migrations without applying them.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin db migrate" wait' -l 'wait' -d 'Wait for a concurrent migration to finish instead of exiting 75.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin db migrate" version' -l 'version' -d 'Show the version.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin db migrate" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin db status" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin db status" format' -l 'format' -d 'Output format: table, json, ndjson or csv (default: table).' -rfka 'table json ndjson csv'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin db status" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin db status" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin db status" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin db status" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin db status" version' -l 'version' -d 'Show the version.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin db status" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin demo" version' -l 'version' -d 'Show the version.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin demo" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_positional "taco-admin demo" -eq 1' -fa 'load' -d 'Load the demo data into a migrated database (skipped when already loaded).'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_positional "taco-admin demo" -eq 1' -fa 'summary' -d 'Count the rows of the main tables.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin demo load" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin demo load" format' -l 'format' -d 'Output format: table, json, ndjson or csv (default: table).' -rfka 'table json ndjson csv'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin demo load" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin demo load" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin demo load" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin demo load" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin demo load" version' -l 'version' -d 'Show the version.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin demo load" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin demo summary" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin demo summary" format' -l 'format' -d 'Output format: table, json, ndjson or csv (default: table).' -rfka 'table json ndjson csv'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin demo summary" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin demo summary" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin demo summary" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin demo summary" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin demo summary" version' -l 'version' -d 'Show the version.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin demo summary" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors" version' -l 'version' -d 'Show the version.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_positional "taco-admin vendors" -eq 1' -fa 'list' -d 'List vendors with their status and whether their permits allow approval.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_positional "taco-admin vendors" -eq 1' -fa 'show' -d 'Show one vendor with its permits and its decision history.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_positional "taco-admin vendors" -eq 1' -fa 'add' -d 'Register a vendor\'s application (status applied).'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_positional "taco-admin vendors" -eq 1' -fa 'approve' -d 'Approve a vendor (applied -> approved).'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_positional "taco-admin vendors" -eq 1' -fa 'reject' -d 'Reject a vendor (applied -> rejected).'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_positional "taco-admin vendors" -eq 1' -fa 'suspend' -d 'Suspend a vendor (approved -> suspended).'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_positional "taco-admin vendors" -eq 1' -fa 'reinstate' -d 'Reinstate a vendor (suspended -> approved).'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_positional "taco-admin vendors" -eq 1' -fa 'permits' -d 'List vendors\' permits, e.g. those about to lapse.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors list" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors list" format' -l 'format' -d 'Output format: table, json, ndjson or csv (default: table).' -rfka 'table json ndjson csv'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors list" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors list" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors list" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors list" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors list" status' -l 'status' -d 'Only vendors in this status: applied, approved, rejected or suspended.' -rfka 'applied approved rejected suspended'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors list" version' -l 'version' -d 'Show the version.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors show" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors show" format' -l 'format' -d 'Output format: table, json, ndjson or csv (default: table).' -rfka 'table json ndjson csv'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors show" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors show" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors show" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors show" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors show" version' -l 'version' -d 'Show the version.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors add" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors add" format' -l 'format' -d 'Output format: table, json, ndjson or csv (default: table).' -rfka 'table json ndjson csv'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors add" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors add" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors add" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors add" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors add" slug' -l 'slug' -d 'Lower-case words joined by hyphens, e.g. taco-loco; unique and permanent.' -rfka ''
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors add" name' -l 'name' -d 'The business name.' -rfka ''
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors add" stripe-account' -l 'stripe-account' -d 'The Stripe Connect account id (acct_…).' -rfka ''
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors add" phone' -l 'phone' -d 'A contact phone number.' -rfka ''
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors add" tax-id' -l 'tax-id' -d 'The tax id.' -rfka ''
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors add" if-not-exists' -l 'if-not-exists' -d 'Succeed without changes when the slug exists.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors add" version' -l 'version' -d 'Show the version.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors add" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors approve" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors approve" format' -l 'format' -d 'Output format: table, json, ndjson or csv (default: table).' -rfka 'table json ndjson csv'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors approve" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors approve" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors approve" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors approve" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors approve" note reason' -l 'reason' -l 'note' -d 'Why (required for reject and suspend).' -rfka ''
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors approve" version' -l 'version' -d 'Show the version.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors approve" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors reject" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors reject" format' -l 'format' -d 'Output format: table, json, ndjson or csv (default: table).' -rfka 'table json ndjson csv'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors reject" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors reject" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors reject" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors reject" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors reject" note reason' -l 'reason' -l 'note' -d 'Why (required for reject and suspend).' -rfka ''
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors reject" version' -l 'version' -d 'Show the version.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors reject" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors suspend" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors suspend" format' -l 'format' -d 'Output format: table, json, ndjson or csv (default: table).' -rfka 'table json ndjson csv'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors suspend" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors suspend" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors suspend" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors suspend" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors suspend" note reason' -l 'reason' -l 'note' -d 'Why (required for reject and suspend).' -rfka ''
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors suspend" version' -l 'version' -d 'Show the version.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors suspend" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors reinstate" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors reinstate" format' -l 'format' -d 'Output format: table, json, ndjson or csv (default: table).' -rfka 'table json ndjson csv'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors reinstate" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors reinstate" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors reinstate" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors reinstate" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors reinstate" note reason' -l 'reason' -l 'note' -d 'Why (required for reject and suspend).' -rfka ''
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors reinstate" version' -l 'version' -d 'Show the version.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors reinstate" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors permits" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors permits" format' -l 'format' -d 'Output format: table, json, ndjson or csv (default: table).' -rfka 'table json ndjson csv'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors permits" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors permits" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors permits" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors permits" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors permits" expiring-within' -l 'expiring-within' -d 'A span such as 30d or 2w.' -rfka ''
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors permits" vendor' -l 'vendor' -d 'Only this vendor\'s permits.' -rfka ''
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors permits" version' -l 'version' -d 'Show the version.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin vendors permits" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin access" version' -l 'version' -d 'Show the version.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin access" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_positional "taco-admin access" -eq 1' -fa 'grant' -d 'Create or update a LOGIN role in one TacoTracker role, mapped to a vendor for vendor roles.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_positional "taco-admin access" -eq 1' -fa 'revoke' -d 'Take a login\'s access away: out of its role, unmapped from its vendor, no longer able to log in.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_positional "taco-admin access" -eq 1' -fa 'list' -d 'List TacoTracker logins with their role and vendor.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin access grant" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin access grant" format' -l 'format' -d 'Output format: table, json, ndjson or csv (default: table).' -rfka 'table json ndjson csv'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin access grant" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin access grant" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin access grant" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin access grant" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin access grant" login' -l 'login' -d 'The PostgreSQL login name (lower case).' -rfka ''
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin access grant" role' -l 'role' -d 'sysadmin, food-services, vendor-admin, vendor-staff, jobs or reporting.' -rfka 'sysadmin food-services vendor-admin vendor-staff jobs reporting'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin access grant" vendor' -l 'vendor' -d 'The vendor for vendor-admin and vendor-staff.' -rfka ''
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin access grant" password-stdin' -l 'password-stdin' -d 'Read the new password from standard input.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin access grant" no-password' -l 'no-password' -d 'Remove the login\'s password.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin access grant" version' -l 'version' -d 'Show the version.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin access grant" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin access revoke" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin access revoke" format' -l 'format' -d 'Output format: table, json, ndjson or csv (default: table).' -rfka 'table json ndjson csv'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin access revoke" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin access revoke" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin access revoke" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin access revoke" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin access revoke" login' -l 'login' -d 'The PostgreSQL login name.' -rfka ''
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin access revoke" version' -l 'version' -d 'Show the version.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin access revoke" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin access list" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin access list" format' -l 'format' -d 'Output format: table, json, ndjson or csv (default: table).' -rfka 'table json ndjson csv'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin access list" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin access list" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin access list" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin access list" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin access list" version' -l 'version' -d 'Show the version.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin access list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-admin' -n '__taco-admin_should_offer_completions_for_flags_or_options "taco-admin help" version' -l 'version' -d 'Show the version.'

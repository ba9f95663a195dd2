function __taco-jobs_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __taco-jobs_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __taco-jobs_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __taco-jobs_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __taco-jobs_parse_tokens -S
    set -l unparsed_tokens (__taco-jobs_tokens -pc)
    switch $unparsed_tokens[1]
    case 'taco-jobs'
        __taco-jobs_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'hr-sync'
            __taco-jobs_parse_subcommand 0 'database-url=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'dry-run' 'yes' 'feed=' 'hr-cert=' 'saml=+' 'idp=' 'idp-cert=' 'issuer=' 'audience=' 'destination=' 'at=' 'allow-sha1' 'max-deactivate=' 'allow-deactivations' 'report=' 'wait' 'timeout=' 'version' 'h/help'
        case 'locations'
            __taco-jobs_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'partitions'
                __taco-jobs_parse_subcommand 0 'database-url=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'ahead=' 'version' 'h/help'
            case 'archive'
                __taco-jobs_parse_subcommand 0 'database-url=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'dry-run' 'yes' 'older-than=' 'dest=' 'wait' 'version' 'h/help'
            case 'archives'
                __taco-jobs_parse_subcommand 0 'database-url=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'version' 'h/help'
            case 'restore'
                __taco-jobs_parse_subcommand 1 'database-url=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'into=' 'version' 'h/help'
            end
        case 'orders'
            __taco-jobs_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'expire-pending'
                __taco-jobs_parse_subcommand 0 'database-url=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'older-than=' 'version' 'h/help'
            end
        case 'outbox'
            __taco-jobs_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'run'
                __taco-jobs_parse_subcommand 0 'database-url=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'once' 'batch=' 'max-attempts=' 'interval=' 'version' 'h/help'
            case 'list'
                __taco-jobs_parse_subcommand 0 'database-url=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'status=' 'limit=' 'version' 'h/help'
            end
        case 'payouts'
            __taco-jobs_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'run'
                __taco-jobs_parse_subcommand 0 'database-url=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'dry-run' 'yes' 'stripe-base-url=' 'stripe-key-file=' 'stripe-timeout=' 'stripe-retries=' 'period=' 'ending=' 'vendor=' 'fee-bps=' 'wait' 'version' 'h/help'
            case 'reconcile'
                __taco-jobs_parse_subcommand 0 'database-url=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'stripe-base-url=' 'stripe-key-file=' 'stripe-timeout=' 'stripe-retries=' 'period=' 'ending=' 'vendor=' 'version' 'h/help'
            end
        case 'saml'
            __taco-jobs_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'verify'
                __taco-jobs_parse_subcommand 1 'database-url=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'idp=' 'idp-cert=' 'issuer=' 'audience=' 'destination=' 'at=' 'allow-sha1' 'version' 'h/help'
            end
        case 'serve'
            __taco-jobs_parse_subcommand 0 'listen=' 'max-body=' 'pool-size=' 'nearby-cache=' 'jwt-issuer=' 'jwt-audience=' 'jwks=' 'jwks-url=' 'jwt-user-claim=' 'jwt-leeway=' 'stripe-webhook-secret-file=' 'outbox-interval=' 'expire-pending-after=' 'no-background' 'geofence-enter-m=' 'geofence-exit-m=' 'geofence-dwell=' 'ws-buffer=' 'database-url=' 'format=' 'no-color' 'log-format=' 'v/verbose' 'q/quiet' 'version' 'h/help'
        case 'help'
            __taco-jobs_parse_subcommand -r 1 'version'
        end
    end
end

function __taco-jobs_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __taco-jobs_parse_subcommand -S -a positional_count
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

function __taco-jobs_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __taco-jobs_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__taco-jobs_tokens -p)
    if test -z "$(__taco-jobs_tokens -t)"
        set -l index (count (__taco-jobs_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'taco-jobs' -f
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs" version' -l 'version' -d 'Show the version.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_positional "taco-jobs" -eq 1' -fa 'hr-sync' -d 'Apply the nightly HR export: employees, campuses, departments (validated, guarded, one transaction).'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_positional "taco-jobs" -eq 1' -fa 'locations' -d 'Manage truck positions: day partitions, archival to compressed files, restore.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_positional "taco-jobs" -eq 1' -fa 'orders' -d 'Order housekeeping for cron.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_positional "taco-jobs" -eq 1' -fa 'outbox' -d 'Deliver queued push notifications, e-mails and refunds; list the queue.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_positional "taco-jobs" -eq 1' -fa 'payouts' -d 'Pay vendors through Stripe Connect transfers, exactly once, and reconcile with Stripe.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_positional "taco-jobs" -eq 1' -fa 'saml' -d 'Verify SAML 2.0 responses against pinned identity-provider certificates.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_positional "taco-jobs" -eq 1' -fa 'serve' -d 'Run the location service (HTTP JSON API and WebSocket stream) until SIGTERM or SIGINT.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_positional "taco-jobs" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs hr-sync" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs hr-sync" format' -l 'format' -d 'Output format: table, json, ndjson, csv or yaml (default: table).' -rfka 'table json ndjson csv yaml'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs hr-sync" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs hr-sync" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs hr-sync" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs hr-sync" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs hr-sync" dry-run' -l 'dry-run' -d 'Validate and report what would change, then roll back.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs hr-sync" yes' -l 'yes' -d 'Do not ask for confirmation (required for destructive commands without a TTY).'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs hr-sync" feed' -l 'feed' -d 'The export: a file, an http(s) URL, or - for standard input.' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs hr-sync" hr-cert' -l 'hr-cert' -d 'Require a valid enveloped signature by the HR certificate in this PEM file (env: TACO_HR_CERT).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs hr-sync"' -l 'saml' -d 'Apply verified SAML responses (raw XML or base64) instead of an export.' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs hr-sync" idp' -l 'idp' -d 'Use the certificates pinned for this registered identity provider (needs the database).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs hr-sync" idp-cert' -l 'idp-cert' -d 'A PEM file with the IdP\'s signing certificate(s).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs hr-sync" issuer' -l 'issuer' -d 'Require this issuer (default with --idp: its entity ID).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs hr-sync" audience' -l 'audience' -d 'Our SP entity ID, required in every AudienceRestriction.' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs hr-sync" destination' -l 'destination' -d 'Our ACS URL: the Response\'s Destination and the bearer Recipient.' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs hr-sync" at' -l 'at' -d 'Evaluate time conditions at this instant (RFC 3339, a date, or e.g. 2h for 2 hours ago).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs hr-sync" allow-sha1' -l 'allow-sha1' -d 'Accept RSA-SHA1 signatures and SHA-1 digests (legacy identity providers).'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs hr-sync" max-deactivate' -l 'max-deactivate' -d 'Stop (exit 75) when more users would be deactivated than this: a count or a share of the active users.' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs hr-sync" allow-deactivations' -l 'allow-deactivations' -d 'Apply even when --max-deactivate is exceeded.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs hr-sync" report' -l 'report' -d 'Also write the per-employee diff to this file (JSON; CSV or NDJSON by its extension).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs hr-sync" wait' -l 'wait' -d 'Wait for a running sync to finish instead of exiting 75.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs hr-sync" timeout' -l 'timeout' -d 'Seconds to wait for the HR server when --feed is a URL.' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs hr-sync" version' -l 'version' -d 'Show the version.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs hr-sync" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations" version' -l 'version' -d 'Show the version.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_positional "taco-jobs locations" -eq 1' -fa 'partitions' -d 'Create the coming days\' partitions of truck_positions (idempotent).'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_positional "taco-jobs locations" -eq 1' -fa 'archive' -d 'Archive whole days older than a span to gzip files, then drop their partitions.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_positional "taco-jobs locations" -eq 1' -fa 'archives' -d 'List the archive manifest.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_positional "taco-jobs locations" -eq 1' -fa 'restore' -d 'Load an archive into a new table for an investigation (the live table is not touched).'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations partitions" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations partitions" format' -l 'format' -d 'Output format: table, json, ndjson, csv or yaml (default: table).' -rfka 'table json ndjson csv yaml'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations partitions" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations partitions" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations partitions" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations partitions" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations partitions" ahead' -l 'ahead' -d 'How far ahead to create partitions, e.g. 7d or 2w.' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations partitions" version' -l 'version' -d 'Show the version.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations partitions" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations archive" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations archive" format' -l 'format' -d 'Output format: table, json, ndjson, csv or yaml (default: table).' -rfka 'table json ndjson csv yaml'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations archive" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations archive" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations archive" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations archive" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations archive" dry-run' -l 'dry-run' -d 'Validate and report what would change, then roll back.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations archive" yes' -l 'yes' -d 'Do not ask for confirmation (required for destructive commands without a TTY).'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations archive" older-than' -l 'older-than' -d 'Archive days wholly older than this span, e.g. 90d (at least 1d).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations archive" dest' -l 'dest' -d 'The directory the archive files go to.' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations archive" wait' -l 'wait' -d 'Wait for a concurrent archive run instead of exiting 75.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations archive" version' -l 'version' -d 'Show the version.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations archive" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations archives" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations archives" format' -l 'format' -d 'Output format: table, json, ndjson, csv or yaml (default: table).' -rfka 'table json ndjson csv yaml'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations archives" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations archives" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations archives" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations archives" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations archives" version' -l 'version' -d 'Show the version.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations archives" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations restore" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations restore" format' -l 'format' -d 'Output format: table, json, ndjson, csv or yaml (default: table).' -rfka 'table json ndjson csv yaml'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations restore" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations restore" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations restore" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations restore" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations restore" into' -l 'into' -d 'The table to create, restored_positions_<suffix>.' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations restore" version' -l 'version' -d 'Show the version.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs locations restore" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs orders" version' -l 'version' -d 'Show the version.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs orders" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_positional "taco-jobs orders" -eq 1' -fa 'expire-pending' -d 'Cancel PENDING orders whose payment never arrived (reason "payment not received").'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs orders expire-pending" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs orders expire-pending" format' -l 'format' -d 'Output format: table, json, ndjson, csv or yaml (default: table).' -rfka 'table json ndjson csv yaml'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs orders expire-pending" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs orders expire-pending" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs orders expire-pending" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs orders expire-pending" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs orders expire-pending" older-than' -l 'older-than' -d 'Age of the PENDING orders to cancel, e.g. 15m or 1h.' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs orders expire-pending" version' -l 'version' -d 'Show the version.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs orders expire-pending" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs outbox" version' -l 'version' -d 'Show the version.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs outbox" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_positional "taco-jobs outbox" -eq 1' -fa 'run' -d 'Deliver due outbox jobs (once, or continuously until SIGINT/SIGTERM).'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_positional "taco-jobs outbox" -eq 1' -fa 'list' -d 'List outbox jobs, oldest due first.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs outbox run" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs outbox run" format' -l 'format' -d 'Output format: table, json, ndjson, csv or yaml (default: table).' -rfka 'table json ndjson csv yaml'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs outbox run" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs outbox run" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs outbox run" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs outbox run" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs outbox run" once' -l 'once' -d 'Deliver what is due now, then exit.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs outbox run" batch' -l 'batch' -d 'Jobs claimed per pass (1–1000).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs outbox run" max-attempts' -l 'max-attempts' -d 'Attempts before a job is dead-lettered (1–100).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs outbox run" interval' -l 'interval' -d 'Pause between passes when idle, e.g. 5s (without --once).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs outbox run" version' -l 'version' -d 'Show the version.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs outbox run" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs outbox list" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs outbox list" format' -l 'format' -d 'Output format: table, json, ndjson, csv or yaml (default: table).' -rfka 'table json ndjson csv yaml'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs outbox list" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs outbox list" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs outbox list" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs outbox list" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs outbox list" status' -l 'status' -d 'Only jobs in this status: pending, done or dead.' -rfka 'pending done dead'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs outbox list" limit' -l 'limit' -d 'At most this many rows.' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs outbox list" version' -l 'version' -d 'Show the version.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs outbox list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs payouts" version' -l 'version' -d 'Show the version.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs payouts" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_positional "taco-jobs payouts" -eq 1' -fa 'run' -d 'Plan the period\'s payouts and transfer them (idempotent; safe to re-run after any crash).'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_positional "taco-jobs payouts" -eq 1' -fa 'reconcile' -d 'Compare the payout ledger with Stripe\'s transfers; exit 1 listing every mismatch.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs payouts run" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs payouts run" format' -l 'format' -d 'Output format: table, json, ndjson, csv or yaml (default: table).' -rfka 'table json ndjson csv yaml'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs payouts run" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs payouts run" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs payouts run" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs payouts run" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs payouts run" dry-run' -l 'dry-run' -d 'Validate and report what would change, then roll back.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs payouts run" yes' -l 'yes' -d 'Do not ask for confirmation (required for destructive commands without a TTY).'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs payouts run" stripe-base-url' -l 'stripe-base-url' -d 'Stripe\'s API base URL (env: TACO_STRIPE_BASE_URL; default https://api.stripe.com).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs payouts run" stripe-key-file' -l 'stripe-key-file' -d 'Read the Stripe secret key from this file\'s first line (otherwise env STRIPE_API_KEY).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs payouts run" stripe-timeout' -l 'stripe-timeout' -d 'Seconds to wait for Stripe\'s answer.' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs payouts run" stripe-retries' -l 'stripe-retries' -d 'Retries on 429, 5xx and timeouts (exponential backoff with full jitter).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs payouts run" period' -l 'period' -d 'The period length: day or week (an ISO week, Monday–Sunday, UTC).' -rfka 'day week'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs payouts run" ending' -l 'ending' -d 'The period\'s last day (UTC), e.g. 2026-11-22; a week must end on a Sunday.' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs payouts run" vendor' -l 'vendor' -d 'Only this vendor.' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs payouts run" fee-bps' -l 'fee-bps' -d 'Platform fee in basis points of gross (500 = 5 %) (env: TACO_PAYOUT_FEE_BPS; default 0).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs payouts run" wait' -l 'wait' -d 'Wait for another run to finish instead of exiting 75.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs payouts run" version' -l 'version' -d 'Show the version.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs payouts run" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs payouts reconcile" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs payouts reconcile" format' -l 'format' -d 'Output format: table, json, ndjson, csv or yaml (default: table).' -rfka 'table json ndjson csv yaml'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs payouts reconcile" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs payouts reconcile" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs payouts reconcile" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs payouts reconcile" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs payouts reconcile" stripe-base-url' -l 'stripe-base-url' -d 'Stripe\'s API base URL (env: TACO_STRIPE_BASE_URL; default https://api.stripe.com).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs payouts reconcile" stripe-key-file' -l 'stripe-key-file' -d 'Read the Stripe secret key from this file\'s first line (otherwise env STRIPE_API_KEY).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs payouts reconcile" stripe-timeout' -l 'stripe-timeout' -d 'Seconds to wait for Stripe\'s answer.' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs payouts reconcile" stripe-retries' -l 'stripe-retries' -d 'Retries on 429, 5xx and timeouts (exponential backoff with full jitter).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs payouts reconcile" period' -l 'period' -d 'Only payouts of this period length: day or week.' -rfka 'day week'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs payouts reconcile" ending' -l 'ending' -d 'Only payouts whose period ends on this day (UTC).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs payouts reconcile" vendor' -l 'vendor' -d 'Only this vendor.' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs payouts reconcile" version' -l 'version' -d 'Show the version.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs payouts reconcile" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs saml" version' -l 'version' -d 'Show the version.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs saml" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_positional "taco-jobs saml" -eq 1' -fa 'verify' -d 'Verify a SAML 2.0 Response (raw XML or base64) and print the asserted identity.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs saml verify" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs saml verify" format' -l 'format' -d 'Output format: table, json, ndjson, csv or yaml (default: table).' -rfka 'table json ndjson csv yaml'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs saml verify" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs saml verify" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs saml verify" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs saml verify" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs saml verify" idp' -l 'idp' -d 'Use the certificates pinned for this registered identity provider (needs the database).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs saml verify" idp-cert' -l 'idp-cert' -d 'A PEM file with the IdP\'s signing certificate(s).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs saml verify" issuer' -l 'issuer' -d 'Require this issuer (default with --idp: its entity ID).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs saml verify" audience' -l 'audience' -d 'Our SP entity ID, required in every AudienceRestriction.' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs saml verify" destination' -l 'destination' -d 'Our ACS URL: the Response\'s Destination and the bearer Recipient.' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs saml verify" at' -l 'at' -d 'Evaluate time conditions at this instant (RFC 3339, a date, or e.g. 2h for 2 hours ago).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs saml verify" allow-sha1' -l 'allow-sha1' -d 'Accept RSA-SHA1 signatures and SHA-1 digests (legacy identity providers).'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs saml verify" version' -l 'version' -d 'Show the version.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs saml verify" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs serve" listen' -l 'listen' -d 'Address and port to listen on (host:port).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs serve" max-body' -l 'max-body' -d 'Largest request body accepted (bytes, or with KB/MB).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs serve" pool-size' -l 'pool-size' -d 'Database connections in the pool.' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs serve" nearby-cache' -l 'nearby-cache' -d 'Answer nearby from an in-memory copy of the open trucks at most this old, e.g. 1s or 500ms; 0 asks PostGIS per request.' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs serve" jwt-issuer' -l 'jwt-issuer' -d 'Required `iss` of employee tokens (the Okta authorization server URL).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs serve" jwt-audience' -l 'jwt-audience' -d 'Required `aud` of employee tokens.' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs serve" jwks' -l 'jwks' -d 'JWKS file with the token signing keys.' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs serve" jwks-url' -l 'jwks-url' -d 'JWKS URL (cached; re-fetched on an unknown kid at most once a minute).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs serve" jwt-user-claim' -l 'jwt-user-claim' -d 'Token claim naming the employee: users.email (or okta_id for `sub`).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs serve" jwt-leeway' -l 'jwt-leeway' -d 'Clock leeway for exp/nbf, e.g. 60s.' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs serve" stripe-webhook-secret-file' -l 'stripe-webhook-secret-file' -d 'File holding the Stripe endpoint secret (whsec_…); or set TACO_STRIPE_WEBHOOK_SECRET.' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs serve" outbox-interval' -l 'outbox-interval' -d 'Pause between outbox dispatcher passes, e.g. 5s.' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs serve" expire-pending-after' -l 'expire-pending-after' -d 'Cancel PENDING orders unpaid for this long, e.g. 15m.' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs serve" no-background' -l 'no-background' -d 'Run no background loops (outbox, expiry, partitions): API only.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs serve" geofence-enter-m' -l 'geofence-enter-m' -d 'Metres inside a campus boundary a truck must be to arrive.' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs serve" geofence-exit-m' -l 'geofence-exit-m' -d 'Metres outside a campus boundary a truck must be to depart.' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs serve" geofence-dwell' -l 'geofence-dwell' -d 'How long fixes must stay past a margin before an arrival or departure counts (e.g. 60s, 2m, 0).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs serve" ws-buffer' -l 'ws-buffer' -d 'Events queued per WebSocket subscriber; a subscriber that falls further behind is closed (1008).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs serve" database-url' -l 'database-url' -d 'A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq\'s PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).' -rfka ''
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs serve" format' -l 'format' -d 'Output format: table, json, ndjson, csv or yaml (default: table).' -rfka 'table json ndjson csv yaml'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs serve" no-color' -l 'no-color' -d 'Never colour the output (also: the NO_COLOR environment variable).'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs serve" log-format' -l 'log-format' -d 'Log lines on stderr as text or json (one object per line, for cron).' -rfka 'text json'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs serve" v verbose' -s 'v' -l 'verbose' -d 'Log more detail to stderr.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs serve" q quiet' -s 'q' -l 'quiet' -d 'Print only errors on stderr (no progress, no summary).'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs serve" version' -l 'version' -d 'Show the version.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs serve" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'taco-jobs' -n '__taco-jobs_should_offer_completions_for_flags_or_options "taco-jobs help" version' -l 'version' -d 'Show the version.'

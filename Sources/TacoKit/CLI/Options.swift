import ArgumentParser
import Foundation

extension OutputFormat: ExpressibleByArgument {}

extension RelativeSpan: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

extension LocalDate: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

/// How to reach PostgreSQL. Declared once; every command that touches the database includes it.
public struct ConnectionOptions: ParsableArguments, Sendable {
    @Option(name: .customLong("database-url"),
            help: ArgumentHelp("A libpq URI or conninfo string (env: TACO_DATABASE_URL; otherwise libpq's PGHOST, PGDATABASE, PGUSER, PGSERVICE, ~/.pgpass).",
                               valueName: "url"))
    public var databaseURL: String?

    public init() {}

    /// `--database-url` > `TACO_DATABASE_URL` > nil (libpq's own defaults).
    public func resolvedConninfo(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let databaseURL, !databaseURL.isEmpty { return databaseURL }
        if let fromEnvironment = environment["TACO_DATABASE_URL"], !fromEnvironment.isEmpty { return fromEnvironment }
        return nil
    }
}

/// Log line format on stderr.
public enum LogFormat: String, CaseIterable, ExpressibleByArgument, Sendable {
    case text, json
}

/// How results and diagnostics are printed. Declared once; included by every command.
public struct OutputOptions: ParsableArguments, Sendable {
    @Option(name: .long, help: "Output format: table, json, ndjson, csv or yaml (default: table).")
    public var format: OutputFormat?

    /// The format asked for, or table.
    public var resolvedFormat: OutputFormat { format ?? .table }

    @Flag(name: .customLong("no-color"), help: "Never colour the output (also: the NO_COLOR environment variable).")
    public var noColor = false

    @Option(name: .customLong("log-format"), help: "Log lines on stderr as text or json (one object per line, for cron).")
    public var logFormat: LogFormat = .text

    @Flag(name: [.short, .long], help: "Log more detail to stderr.")
    public var verbose = false

    @Flag(name: [.short, .long], help: "Print only errors on stderr (no progress, no summary).")
    public var quiet = false

    public init() {}
}

/// Options for commands that write in bulk or destroy.
public struct SafetyOptions: ParsableArguments, Sendable {
    @Flag(name: .customLong("dry-run"), help: "Validate and report what would change, then roll back.")
    public var dryRun = false

    @Flag(name: .long, help: "Do not ask for confirmation (required for destructive commands without a TTY).")
    public var yes = false

    public init() {}
}

/// Which vendor a `taco-vendor` command acts for. Declared once; included by every vendor command.
public struct VendorOptions: ParsableArguments, Sendable {
    @Option(name: .customLong("vendor"),
            help: ArgumentHelp("Act for this vendor (sysadmin logins only; a vendor login always acts for its own vendor).",
                               valueName: "slug"))
    public var slug: String?

    public init() {}
}
extension PayoutState: ExpressibleByArgument {}

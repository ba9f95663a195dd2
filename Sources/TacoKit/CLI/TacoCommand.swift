import ArgumentParser
import Foundation
import Logging

/// The set-up and tear-down around every TacoTracker command: parse → context → run → render,
/// every error mapped to its documented exit code and printed once.
public protocol TacoCommand: ParsableCommand {
    var output: OutputOptions { get }
    /// The connection options when the command uses the database (supplied by `DatabaseCommand`).
    var connectionOptions: ConnectionOptions? { get }
    func run(_ context: CommandContext) throws
}

/// A command that talks to PostgreSQL: it declares `@OptionGroup var connection: ConnectionOptions`.
public protocol DatabaseCommand: TacoCommand {
    var connection: ConnectionOptions { get }
}

extension TacoCommand {
    public var connectionOptions: ConnectionOptions? { nil }

    public mutating func run() throws {
        let context = CommandContext(tool: CommandContext.toolName, output: output, connection: connectionOptions)
        defer { context.close() }
        do {
            try run(context)
            context.stdout.flush()
        } catch let exit as ExitCode {
            context.stdout.flush()
            throw exit
        } catch {
            context.stdout.flush()
            throw context.report(error)
        }
    }
}

extension DatabaseCommand {
    public var connectionOptions: ConnectionOptions? { connection }
}

/// What a running command gets: lazily opened database, renderer, logger, streams and the clock.
public final class CommandContext {
    public let tool: String
    public let output: OutputOptions
    public let renderer: Renderer
    public let stdout: OutputStream
    public let stderr: OutputStream
    public let errorStyle: Style
    public let logger: Logger
    public let now: Date
    private let connectionOptions: ConnectionOptions?
    private var connection: PostgresConnection?
    private var scope: VendorScope?

    /// The executable's name as invoked (`taco-admin`).
    public static var toolName: String {
        URL(fileURLWithPath: CommandLine.arguments.first ?? "taco").lastPathComponent
    }

    public init(tool: String, output: OutputOptions, connection: ConnectionOptions?,
                stdout: OutputStream = .standardOutput, stderr: OutputStream = .standardError, now: Date = Date()) {
        self.tool = tool
        self.output = output
        self.stdout = stdout
        self.stderr = stderr
        self.now = now
        self.connectionOptions = connection
        renderer = Renderer(format: output.resolvedFormat,
                            style: Style(enabled: Terminal.colorEnabled(descriptor: STDOUT_FILENO, noColorFlag: output.noColor)))
        errorStyle = Style(enabled: Terminal.colorEnabled(descriptor: STDERR_FILENO, noColorFlag: output.noColor))
        let level: Logger.Level = output.quiet ? .error : (output.verbose ? .debug : .notice)
        let handler = StderrLogHandler(tool: tool, format: output.logFormat, level: level, style: errorStyle, stream: stderr)
        logger = Logger(label: "tacotracker.\(tool)") { _ in handler }
    }

    /// The database connection, opened on first use with the command's connection options.
    public func database() throws -> PostgresConnection {
        if let connection { return connection }
        let conninfo = connectionOptions?.resolvedConninfo()
        let opened = try PostgresConnection(conninfo: conninfo, applicationName: tool)
        let logger = self.logger
        opened.onNotice = { logger.debug("server: \($0)") }
        logger.debug("connected", metadata: ["target": "\(opened.target)"])
        connection = opened
        return opened
    }

    /// The vendor this command acts for (resolved once per command).
    public func vendorScope(_ options: VendorOptions) throws -> VendorScope {
        if let scope { return scope }
        let resolved = try VendorScope.resolve(try database(), requestedSlug: options.slug)
        scope = resolved
        return resolved
    }

    /// Refuses (77) unless the login is in one of `groups` — e.g. vendor logins on admin commands, whose
    /// row-level security would otherwise show them a quietly filtered view.
    public func requireRole(_ groups: [String], for what: String) throws {
        let db = try database()
        let allowed: Bool = try db.scalar("""
            SELECT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = ANY($1) AND pg_has_role(session_user, r.oid, 'MEMBER'))
            """, [groups])
        guard allowed else {
            throw ToolError(.permissionDenied, "the login \"\(db.user)\" may not \(what)",
                            hint: "this needs a login in \(groups.joined(separator: ", "))")
        }
    }

    /// Prints a record set to stdout in the chosen format.
    public func emit(_ set: RecordSet) { stdout.write(renderer.render(set)) }

    /// Prints one record to stdout in the chosen format.
    public func emit(object columns: [String], _ cells: [Cell]) { stdout.write(renderer.render(object: columns, cells)) }

    /// A one-line summary on stderr (suppressed by --quiet).
    public func summary(_ line: String) {
        guard !output.quiet else { return }
        stdout.flush()
        if output.logFormat == .json {
            logger.notice("\(line)")
        } else {
            stderr.write(line + "\n")
            stderr.flush()
        }
    }

    /// A progress reporter on stderr that honours --quiet and the TTY rule.
    public func progress(_ label: String, total: Int? = nil) -> ProgressReporter {
        ProgressReporter(label: label, total: total, quiet: output.quiet || output.logFormat == .json, stream: stderr)
    }

    /// Asks before a destructive action: on a TTY, a y/N prompt; without one, `--yes` is required (exit 64).
    public func confirm(_ question: String, yes: Bool) throws {
        if yes { return }
        guard Terminal.isTTY(STDIN_FILENO), Terminal.isTTY(STDERR_FILENO) else {
            throw ToolError.usage("refusing to \(question) without confirmation", hint: "pass --yes to confirm in scripts")
        }
        stderr.write("\(tool): \(question)? [y/N] ")
        stderr.flush()
        let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
        guard answer == "y" || answer == "yes" else { throw ToolError(.usage, "cancelled") }
    }

    /// Prints the error (text, plus a JSON object with --format json) and returns the exit code to throw.
    func report(_ error: any Error) -> ExitCode {
        let login = connection?.user
        let described = ErrorReport.describe(error, login: login)
        stderr.write("\(tool): \(errorStyle.red("error")): \(described.message)\n")
        if let hint = described.hint { stderr.write("hint: \(hint)\n") }
        if output.resolvedFormat == .json || output.resolvedFormat == .ndjson || output.logFormat == .json {
            var keys = ["code", "message"]
            var cells: [Cell] = [.int(Int64(described.status.rawValue)), .text(described.message)]
            if let hint = described.hint { keys.append("hint"); cells.append(.text(hint)) }
            stderr.write("{\"error\":" + JSON.object(keys, cells) + "}\n")
        }
        stderr.flush()
        return ExitCode(described.status.rawValue)
    }

    func close() {
        connection = nil
        stdout.flush()
        stderr.flush()
    }
}

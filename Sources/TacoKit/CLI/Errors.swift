import ArgumentParser
import Foundation

/// The documented exit codes (sysexits), see the README's "Exit codes".
public enum ExitStatus: Int32, Sendable {
    case success = 0
    case failure = 1
    case usage = 64
    case dataError = 65
    case noInput = 66
    case unavailable = 69
    case cannotCreate = 73
    case temporaryFailure = 75
    case permissionDenied = 77
}

/// An error a user can cause, with its exit code, one-line message and optional hint.
public struct ToolError: Error, Sendable {
    public var status: ExitStatus
    public var message: String
    public var hint: String?

    public init(_ status: ExitStatus, _ message: String, hint: String? = nil) {
        self.status = status
        self.message = message
        self.hint = hint
    }

    public static func usage(_ message: String, hint: String? = nil) -> ToolError { ToolError(.usage, message, hint: hint) }
    public static func data(_ message: String, hint: String? = nil) -> ToolError { ToolError(.dataError, message, hint: hint) }
    public static func notFound(_ what: String) -> ToolError { ToolError(.dataError, "\(what) not found") }
}

/// Several data errors found in one input, each with its place (`items[3].max`, `menu.csv:17`).
public struct ValidationErrors: Error, Sendable {
    public struct Issue: Sendable, Equatable {
        public var location: String
        public var message: String
        public init(_ location: String, _ message: String) {
            self.location = location
            self.message = message
        }
    }
    public var source: String
    public var issues: [Issue]
    public init(source: String, issues: [Issue]) {
        self.source = source
        self.issues = issues
    }
}

/// An error type that knows how it is reported (exit code, message, hint) without TacoKit's CLI layer
/// having to know the type.
public protocol ReportableError: Error {
    var report: ToolError { get }
}

/// Maps any error to what the user sees: the exit code, the message and a hint.
public enum ErrorReport {
    public static func describe(_ error: any Error, login: String? = nil) -> ToolError {
        switch error {
        case let error as ToolError:
            return error
        case let error as any ReportableError:
            return error.report
        case let error as ValidationErrors:
            let count = error.issues.count
            return ToolError(.dataError, "\(error.source): \(count) error\(count == 1 ? "" : "s"):\n"
                + error.issues.map { "  \($0.location): \($0.message)" }.joined(separator: "\n"))
        case let error as LockUnavailable:
            return ToolError(.temporaryFailure, "another run holds the lock \"\(error.lock.name)\"",
                             hint: "retry later, or pass --wait to wait for it")
        case let error as MigrationMismatch:
            return ToolError(.dataError, error.message, hint: error.hint)
        case let error as MigrationFailed:
            let place = error.line.map { " (line \($0))" } ?? ""
            var report = describe(error.underlying, login: login)
            report.message = "migration \(error.migration) failed\(place): \(report.message); nothing of it was applied"
            return report
        case let error as PostgresError:
            return describe(postgres: error, login: login)
        case let error as CocoaError where error.code == .fileReadNoSuchFile || error.code == .fileReadNoPermission:
            return ToolError(.noInput, error.localizedDescription)
        default:
            return ToolError(.failure, "internal error: \(error)", hint: "this is a bug; please report it with the command you ran")
        }
    }

    static func describe(postgres error: PostgresError, login: String?) -> ToolError {
        switch error.kind {
        case .connectionFailed:
            return ToolError(.unavailable, error.message, hint: error.hint ?? "is the server running? check --database-url, TACO_DATABASE_URL or PGHOST/PGPORT")
        case .unknownDatabase:
            return ToolError(.unavailable, error.message, hint: "create it, or name another with --database-url")
        case .authenticationFailed:
            return ToolError(.permissionDenied, error.message, hint: "check the user name and the password (PGPASSWORD, ~/.pgpass with mode 0600, or the URI)")
        case .connectionLost:
            return ToolError(.unavailable, "the connection to PostgreSQL was lost: \(error.message); the transaction was rolled back",
                             hint: "the server may have restarted; run the command again")
        case .decoding, .protocolViolation:
            return ToolError(.failure, "internal error: \(error.message)", hint: "this is a bug; please report it with the command you ran")
        case .server:
            break
        }
        let state = error.sqlState ?? ""
        let who = login.map { "the login \"\($0)\"" } ?? "this login"
        switch state {
        case "42501":
            let generic = error.message.hasPrefix("permission denied for") || error.message.hasPrefix("new row violates row-level security")
            return ToolError(.permissionDenied, error.message,
                             hint: error.hint ?? (generic ? "\(who) lacks the privilege; an administrator can grant a role with `taco-admin access grant`" : nil))
        case "40001", "40P01", "55P03", "57014":
            return ToolError(.temporaryFailure, error.message, hint: "a concurrent change got in the way; it is safe to retry")
        case "53300", "57P03":
            return ToolError(.unavailable, error.message, hint: "the server is not accepting connections right now")
        case _ where state.hasPrefix("23") || state.hasPrefix("22") || state == "P0001" || state.hasPrefix("TT")
                || state == "42P07" || state == "42710":
            var message = error.message
            if let detail = error.detail { message += " (\(detail))" }
            return ToolError(.dataError, message, hint: error.hint)
        default:
            var message = error.message
            if !state.isEmpty { message += " (SQLSTATE \(state))" }
            return ToolError(.failure, message, hint: error.hint)
        }
    }
}

import CLibPQ

/// An error from libpq or the server, carrying the SQLSTATE and the server's diagnostic fields.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    /// Where the failure happened.
    public enum Kind: Sendable, Equatable {
        /// Could not open a connection (unreachable, refused, bad conninfo).
        case connectionFailed
        /// The server rejected the credentials.
        case authenticationFailed
        /// The database named in the connection does not exist.
        case unknownDatabase
        /// The connection broke during a command (server restart, network cut, backend terminated).
        case connectionLost
        /// The server answered the command with an error.
        case server
        /// A value could not be decoded into the requested Swift type.
        case decoding
        /// The wrapper was used in a way libpq does not allow (e.g. COPY state mismatch).
        case protocolViolation
    }

    public var kind: Kind
    public var sqlState: String?
    public var message: String
    public var detail: String?
    public var hint: String?
    public var constraint: String?
    public var table: String?
    public var column: String?
    public var schema: String?
    /// 1-based character offset of the error in the statement text, when the server reports one.
    public var position: Int?

    public init(kind: Kind, message: String, sqlState: String? = nil, detail: String? = nil, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
        self.hint = hint
    }

    public var description: String {
        var text = message
        if let sqlState { text += " (SQLSTATE \(sqlState))" }
        if let detail { text += "; detail: \(detail)" }
        return text
    }

    /// True for failures that a retry of the whole transaction may cure (serialization failure, deadlock).
    public var isTransient: Bool { sqlState == "40001" || sqlState == "40P01" }

    /// True for SQLSTATE class 42501 (insufficient privilege), which includes row-level-security refusals.
    public var isPermissionDenied: Bool { sqlState == "42501" }

    init(result: OpaquePointer, connectionBad: Bool) {
        func field(_ code: Int32) -> String? {
            guard let value = PQresultErrorField(result, code) else { return nil }
            return String(cString: value)
        }
        let state = field(DiagField.sqlState)
        let primary = field(DiagField.primary)
            ?? String(cString: PQresultErrorMessage(result)).trimmingTrailingNewlines()
        self.init(kind: connectionBad ? .connectionLost : .server, message: primary, sqlState: state,
                  detail: field(DiagField.detail), hint: field(DiagField.hint))
        if connectionBad, message.isEmpty { message = "the connection to the server was lost" }
        constraint = field(DiagField.constraint)
        table = field(DiagField.table)
        column = field(DiagField.column)
        schema = field(DiagField.schema)
        position = field(DiagField.position).flatMap { Int($0) }
        // Class 08 and admin shutdown (57P01..57P03) mean the session is gone.
        if let state, state.hasPrefix("08") || state == "57P01" || state == "57P02" || state == "57P03" {
            kind = .connectionLost
        }
    }

    static func lost(_ connection: OpaquePointer?) -> PostgresError {
        let text = connection.map { String(cString: PQerrorMessage($0)) } ?? ""
        let first = text.split(separator: "\n").first.map(String.init) ?? ""
        return PostgresError(kind: .connectionLost,
                             message: first.isEmpty ? "the connection to the server was lost" : first)
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var text = self
        while text.last == "\n" || text.last == " " { text.removeLast() }
        return text
    }
}

/// libpq's PG_DIAG_* field codes (character-literal macros, which Swift does not import).
enum DiagField {
    static let sqlState = Int32(UInt8(ascii: "C"))
    static let primary = Int32(UInt8(ascii: "M"))
    static let detail = Int32(UInt8(ascii: "D"))
    static let hint = Int32(UInt8(ascii: "H"))
    static let constraint = Int32(UInt8(ascii: "n"))
    static let table = Int32(UInt8(ascii: "t"))
    static let column = Int32(UInt8(ascii: "c"))
    static let schema = Int32(UInt8(ascii: "s"))
    static let position = Int32(UInt8(ascii: "P"))
}

import CLibPQ
import Foundation

/// One libpq connection. Used by one thread at a time (not `Sendable`); owns its `PGconn`
/// and closes it in `deinit`. Every query is parameterised; there is no API that splices values into SQL.
public final class PostgresConnection {
    let handle: OpaquePointer
    /// Who and where, for messages (never contains a password).
    public let target: String
    private let notices = NoticeSink()

    /// Receives the server's NOTICE/WARNING messages (by default they are dropped, never printed by libpq).
    public var onNotice: (@Sendable (String) -> Void)? {
        get { notices.handler }
        set { notices.handler = newValue }
    }

    /// Opens a connection. `conninfo` may be a URI (`postgresql://…`), a keyword/value string
    /// (`host=… dbname=…`) or nil, in which case libpq's environment (`PGHOST`, `PGDATABASE`, `PGUSER`,
    /// `PGSERVICE`, `~/.pgpass`, …) decides everything.
    public init(conninfo: String?, applicationName: String = "tacotracker") throws {
        var keywords: [String] = ["fallback_application_name", "client_encoding"]
        var values: [String] = [applicationName, "UTF8"]
        if let conninfo, !conninfo.isEmpty {
            // dbname first so that the expanded URI/conninfo comes before our fallbacks.
            keywords.insert("dbname", at: 0)
            values.insert(conninfo, at: 0)
        }
        let connection: OpaquePointer? = withCStringArray(keywords) { keywordPointers in
            withCStringArray(values) { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        guard let connection else {
            throw PostgresError(kind: .connectionFailed, message: "out of memory while connecting")
        }
        let described = PostgresConnection.describe(connection)
        guard PQstatus(connection) == CONNECTION_OK else {
            let error = PostgresConnection.connectError(connection, target: described)
            PQfinish(connection)
            throw error
        }
        handle = connection
        target = described
        PQsetNoticeReceiver(connection, { context, result in
            guard let context, let result else { return }
            let sink = Unmanaged<NoticeSink>.fromOpaque(context).takeUnretainedValue()
            sink.handler?(String(cString: PQresultErrorMessage(result)).trimmingTrailingNewlines())
        }, Unmanaged.passUnretained(notices).toOpaque())
        // Fixed session settings the decoders rely on: timestamps in UTC, ISO dates, postgres intervals. The server
        // reports these at start-up; when it already uses them (a UTC server) the SET round trip is skipped. bytea
        // decodes in either output format, and PostgreSQL 12+ prints floats exactly at the default extra_float_digits
        // (only a database-level extra_float_digits below 1 on a UTC server would round them to 15 digits).
        if !Self.sessionSettingsMatch(connection) {
            try execute("SET TIME ZONE 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres'; SET extra_float_digits = 3")
        }
    }

    deinit { PQfinish(handle) }

    static func sessionSettingsMatch(_ connection: OpaquePointer) -> Bool {
        func reported(_ name: String) -> String? { PQparameterStatus(connection, name).map { String(cString: $0) } }
        guard let zone = reported("TimeZone"), ["UTC", "Etc/UTC", "GMT", "Etc/GMT", "UCT", "Etc/UCT", "Zulu"].contains(zone),
              reported("DateStyle")?.hasPrefix("ISO") == true, reported("IntervalStyle") == "postgres" else { return false }
        return PQserverVersion(connection) >= 120_000
    }

    /// The login role this session authenticated as.
    public var user: String { String(cString: PQuser(handle)) }
    /// The database this session is connected to.
    public var database: String { String(cString: PQdb(handle)) }
    /// The server's version number, e.g. 150018.
    public var serverVersion: Int { Int(PQserverVersion(handle)) }
    /// The backend process id (for `pg_terminate_backend` in tests and diagnostics).
    public var backendPID: Int32 { PQbackendPID(handle) }
    /// True when a transaction block is open on this session.
    public var inTransaction: Bool { PQtransactionStatus(handle) != PQTRANS_IDLE }
    /// False once libpq has seen the connection break.
    public var isUsable: Bool { PQstatus(handle) == CONNECTION_OK }

    /// Prepare each distinct statement `query` runs once on the server and reuse it (off by default).
    ///
    /// For long-lived connections that run the same few statements all day (the service's pool): PostgreSQL then
    /// parses and analyses a statement once per connection instead of once per call, which was most of its CPU
    /// for order placement. At most `maxPreparedStatements` are kept; further statements run unprepared. A
    /// statement prepared before a migration changed its tables may fail once with "cached plan must not change
    /// result type" (0A000): run migrations before the service's connections, or restart it after.
    public var preparesStatements = false
    /// The most statements a connection keeps prepared.
    public static let maxPreparedStatements = 256
    private var prepared: [String: String] = [:]

    /// Runs one parameterised statement and returns its rows.
    @discardableResult
    public func query(_ sql: String, _ parameters: [(any PostgresEncodable)?] = []) throws -> PostgresResult {
        let texts = parameters.map { $0?.postgresText }
        if let bad = texts.firstIndex(where: { $0?.utf8.contains(0) == true }) {
            throw PostgresError(kind: .server, message: "parameter $\(bad + 1) contains a NUL byte, which PostgreSQL text cannot hold",
                                sqlState: "22021")
        }
        if let name = try preparedName(for: sql) {
            let raw: OpaquePointer? = withOptionalCStringArray(texts) { pointers in
                PQexecPrepared(handle, name, Int32(texts.count), pointers, nil, nil, 0)
            }
            return try check(raw)
        }
        let raw: OpaquePointer? = withOptionalCStringArray(texts) { pointers in
            PQexecParams(handle, sql, Int32(texts.count), nil, pointers, nil, nil, 0)
        }
        return try check(raw)
    }

    /// The server-side name of `sql` when statements are prepared (preparing it now if it is new), else nil.
    private func preparedName(for sql: String) throws -> String? {
        guard preparesStatements else { return nil }
        if let name = prepared[sql] { return name }
        guard prepared.count < Self.maxPreparedStatements else { return nil }
        let name = "taco_\(prepared.count + 1)"
        _ = try check(PQprepare(handle, name, sql, 0, nil))
        prepared[sql] = name
        return name
    }

    /// Runs one or more statements without parameters (the simple-query protocol). For fixed SQL only:
    /// migrations, `BEGIN`, `SET`. Values must go through `query(_:_:)`.
    @discardableResult
    public func execute(_ sql: String) throws -> PostgresResult {
        try check(PQexec(handle, sql))
    }

    /// Returns the first row, or nil when there is none.
    public func queryFirst(_ sql: String, _ parameters: [(any PostgresEncodable)?] = []) throws -> PostgresRow? {
        let result = try query(sql, parameters)
        return result.isEmpty ? nil : result[0]
    }

    /// Returns the single value of a one-row, one-column query.
    public func scalar<T: PostgresDecodable>(_ sql: String, _ parameters: [(any PostgresEncodable)?] = [], as type: T.Type = T.self) throws -> T {
        let result = try query(sql, parameters)
        guard let row = result.first else {
            throw PostgresError(kind: .decoding, message: "expected one row, got none")
        }
        return try row.decode(at: 0, as: T.self)
    }

    /// Quotes an identifier (a channel or table name) with libpq's own escaping.
    public func quoteIdentifier(_ name: String) throws -> String {
        guard let escaped = PQescapeIdentifier(handle, name, name.utf8.count) else {
            throw PostgresError(kind: .protocolViolation, message: String(cString: PQerrorMessage(handle)).trimmingTrailingNewlines())
        }
        defer { PQfreemem(escaped) }
        return String(cString: escaped)
    }

    /// Hashes a password into the SCRAM-SHA-256 verifier PostgreSQL stores, on the client, so the plaintext
    /// never travels to the server (nor into its logs).
    public func scramVerifier(password: String, user: String) throws -> String {
        guard let encrypted = PQencryptPasswordConn(handle, password, user, "scram-sha-256") else {
            throw PostgresError(kind: .protocolViolation,
                                message: String(cString: PQerrorMessage(handle)).trimmingTrailingNewlines())
        }
        defer { PQfreemem(encrypted) }
        return String(cString: encrypted)
    }

    /// A handle that cancels the command running on this connection; safe to use from another thread.
    public func makeCanceller() -> PostgresCanceller? {
        PQgetCancel(handle).map(PostgresCanceller.init)
    }

    /// Turns a result pointer into a result or the error it carries. Frees the pointer on error.
    func check(_ raw: OpaquePointer?) throws -> PostgresResult {
        guard let raw else { throw PostgresError.lost(handle) }
        switch PQresultStatus(raw) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY, PGRES_COPY_IN, PGRES_COPY_OUT:
            return PostgresResult(raw)
        default:
            let error = PostgresError(result: raw, connectionBad: PQstatus(handle) != CONNECTION_OK)
            PQclear(raw)
            throw error
        }
    }

    static func describe(_ connection: OpaquePointer) -> String {
        let host = PQhost(connection).map { String(cString: $0) } ?? ""
        let port = PQport(connection).map { String(cString: $0) } ?? ""
        let database = PQdb(connection).map { String(cString: $0) } ?? ""
        let user = PQuser(connection).map { String(cString: $0) } ?? ""
        let place = host.hasPrefix("/") || host.isEmpty
            ? "socket \"\(host.isEmpty ? "default" : host)/.s.PGSQL.\(port)\""
            : "\(host):\(port)"
        return "database \"\(database)\" as \"\(user)\" on \(place)"
    }

    static func connectError(_ connection: OpaquePointer, target: String) -> PostgresError {
        let raw = String(cString: PQerrorMessage(connection)).trimmingTrailingNewlines()
        let lines = raw.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let lowered = raw.lowercased()
        let kind: PostgresError.Kind
        if lowered.contains("password authentication failed") || lowered.contains("no password supplied")
            || lowered.contains("is not permitted to log in")
            || lowered.contains("authentication failed") || lowered.contains("no pg_hba.conf entry")
            || (lowered.contains("role \"") && lowered.contains("does not exist")) {
            kind = .authenticationFailed
        } else if lowered.contains("database \"") && lowered.contains("does not exist") {
            kind = .unknownDatabase
        } else {
            kind = .connectionFailed
        }
        // libpq's first line already names the socket or host:port; later lines are hints.
        var message = lines.first ?? "could not connect"
        if let fatal = lines.first(where: { $0.hasPrefix("FATAL:") }), !message.contains("FATAL") {
            message += " " + fatal
        }
        message = message.replacingOccurrences(of: "FATAL:  ", with: "")
        // libpq's line names the socket or host:port already; add who and which database.
        let who = target.components(separatedBy: " on ").first ?? target
        var error = PostgresError(kind: kind, message: "cannot connect to \(who): \(message)")
        let rest = lines.dropFirst().filter { !$0.hasPrefix("FATAL:") }
        if !rest.isEmpty { error.hint = rest.joined(separator: " ") }
        return error
    }
}

/// Holds the notice handler; lives as long as the connection that points at it.
final class NoticeSink {
    var handler: (@Sendable (String) -> Void)?
}

/// Cancels the running command of one connection from any thread.
public final class PostgresCanceller: @unchecked Sendable {
    private let handle: OpaquePointer
    init(_ handle: OpaquePointer) { self.handle = handle }
    deinit { PQfreeCancel(handle) }

    /// Asks the server to cancel; returns false when the request could not be sent.
    @discardableResult
    public func cancel() -> Bool {
        var buffer = [CChar](repeating: 0, count: 256)
        return PQcancel(handle, &buffer, Int32(buffer.count)) == 1
    }
}

func withCStringArray<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    let duplicated = strings.map { strdup($0) }
    defer { duplicated.forEach { free($0) } }
    var pointers: [UnsafePointer<CChar>?] = duplicated.map { $0.map { UnsafePointer($0) } }
    pointers.append(nil)
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}

func withOptionalCStringArray<R>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
    if strings.isEmpty { return body(nil) }
    let duplicated = strings.map { $0.flatMap { strdup($0) } }
    defer { duplicated.forEach { free($0) } }
    let pointers: [UnsafePointer<CChar>?] = duplicated.map { $0.map { UnsafePointer($0) } }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
}

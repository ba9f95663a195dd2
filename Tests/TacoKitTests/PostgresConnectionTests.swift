import Foundation
import TacoKit
import TacoTestSupport
import Testing

/// Opening connections, failing to, losing them, cancelling, notices and identifier quoting — against the real
/// test cluster (see TestCluster).
@Suite("PostgresConnection: connect, lose, cancel")
struct PostgresConnectionTests {
    @Test func connectsAndReportsSession() throws {
        let db = try TestDatabase.make()
        let conn = try db.connect()
        #expect(conn.user == "taco_owner")
        #expect(conn.database == db.name)
        #expect(conn.serverVersion >= 150_000)
        #expect(conn.isUsable)
        #expect(!conn.inTransaction)
        let pid: Int32 = try conn.scalar("SELECT pg_backend_pid()")
        #expect(conn.backendPID == pid)
        // The fixed session settings the decoders rely on.
        #expect(try conn.scalar("SHOW TimeZone", as: String.self) == "UTC")
        #expect(try conn.scalar("SHOW DateStyle", as: String.self).hasPrefix("ISO"))
        #expect(try conn.scalar("SHOW client_encoding", as: String.self) == "UTF8")
        #expect(conn.target.contains(db.name))
        #expect(conn.target.contains("taco_owner"))
    }

    @Test func unreachableSocketDirectoryIsConnectionFailedNamingTheSocket() throws {
        let directory = "/nonexistent/taco-\(UUID().uuidString.prefix(8))"
        let port = try TestCluster.port()
        let error = try #require(throws: PostgresError.self) {
            _ = try PostgresConnection(conninfo: "host=\(directory) port=\(port) dbname=taco user=taco_owner")
        }
        #expect(error.kind == .connectionFailed)
        #expect(error.message.contains("\(directory)/.s.PGSQL.\(port)"), "message: \(error.message)")
        #expect(ErrorReport.describe(error).status == .unavailable)
        #expect(ErrorReport.describe(error).status.rawValue == 69)
    }

    @Test func unknownDatabaseIsReportedAsSuch() throws {
        let missing = TestCluster.uniqueName("missing")
        let error = try #require(throws: PostgresError.self) {
            _ = try PostgresConnection(conninfo: try TestCluster.conninfo(database: missing, user: TestCluster.superuser))
        }
        #expect(error.kind == .unknownDatabase)
        #expect(error.message.contains(missing))
        #expect(ErrorReport.describe(error).status == .unavailable)
    }

    @Test func wrongPasswordOverTCPIsAuthenticationFailedAndNeverEchoesThePassword() throws {
        let db = try TestDatabase.make()
        let right = "right-\(UUID().uuidString)"
        let wrong = "wrong-\(UUID().uuidString)"
        let login = try db.createLogin(group: "taco_vendor_staff", prefix: "pwtest", password: right)

        let error = try #require(throws: PostgresError.self) {
            _ = try PostgresConnection(conninfo: try TestCluster.tcpConninfo(database: db.name, user: login, password: wrong))
        }
        #expect(error.kind == .authenticationFailed)
        #expect(error.message.contains(login))
        let report = ErrorReport.describe(error)
        #expect(report.status == .permissionDenied)
        for text in [error.message, error.hint ?? "", error.description, report.message, report.hint ?? ""] {
            #expect(!text.contains(wrong), "the password leaked into: \(text)")
            #expect(!text.contains(right))
        }

        let conn = try PostgresConnection(conninfo: try TestCluster.tcpConninfo(database: db.name, user: login, password: right))
        #expect(conn.user == login)
        #expect(try conn.scalar("SELECT session_user::text", as: String.self) == login)
        #expect(!conn.target.contains(right))
    }

    @Test func terminatedBackendIsConnectionLostAndItsTransactionWroteNothing() throws {
        let db = try TestDatabase.make()
        let setup = try db.connect()
        try setup.execute("CREATE TABLE lost_writes (id int PRIMARY KEY)")
        let admin = try db.superuser()
        let victim = try db.connect()

        let error = try #require(throws: PostgresError.self) {
            try victim.transaction { tx in
                try tx.query("INSERT INTO lost_writes VALUES ($1)", [1])
                // Waits (up to 5 s) until the victim's backend is really gone.
                let terminated: Bool = try admin.scalar("SELECT pg_terminate_backend($1, 5000)", [tx.backendPID])
                #expect(terminated)
                try tx.query("INSERT INTO lost_writes VALUES ($1)", [2])
            }
        }
        #expect(error.kind == .connectionLost)
        #expect(!victim.isUsable)
        #expect(ErrorReport.describe(error).status.rawValue == 69)
        #expect(try setup.scalar("SELECT count(*) FROM lost_writes", as: Int.self) == 0)

        // Any later command on the dead connection fails the same way instead of crashing.
        let again = try #require(throws: PostgresError.self) { try victim.query("SELECT 1") }
        #expect(again.kind == .connectionLost)
    }

    @Test func terminatedIdleBackendFailsTheNextQuery() throws {
        let db = try TestDatabase.make()
        let admin = try db.superuser()
        let victim = try db.connect()
        #expect(try admin.scalar("SELECT pg_terminate_backend($1, 5000)", [victim.backendPID], as: Bool.self))
        let error = try #require(throws: PostgresError.self) { try victim.query("SELECT 1") }
        #expect(error.kind == .connectionLost)
        #expect(ErrorReport.describe(error).status == .unavailable)
    }

    @Test func cancelFromAnotherThreadStopsASleepQuickly() throws {
        let db = try TestDatabase.make()
        let conn = try db.connect()
        let canceller = try #require(conn.makeCanceller())
        let pid = conn.backendPID
        let watcherConninfo = try db.conninfo(user: TestCluster.superuser)

        // The other thread waits (bounded) until the sleep is really running, then cancels it once.
        let watcher = PGTestThread { () throws -> Bool in
            let watch = try PostgresConnection(conninfo: watcherConninfo)
            let deadline = ContinuousClock.now + .seconds(5)
            while ContinuousClock.now < deadline {
                let sleeping: Bool = try watch.scalar(
                    "SELECT EXISTS (SELECT FROM pg_stat_activity WHERE pid = $1 AND state = 'active' AND wait_event = 'PgSleep')",
                    [pid])
                if sleeping { return canceller.cancel() }
                usleep(10_000)
            }
            return false
        }
        let started = ContinuousClock.now
        let error = try #require(throws: PostgresError.self) { try conn.query("SELECT pg_sleep(10)") }
        let elapsed = ContinuousClock.now - started
        #expect(try watcher.join())
        #expect(error.sqlState == "57014")
        #expect(error.kind == .server)
        #expect(elapsed < .seconds(5))
        #expect(ErrorReport.describe(error).status == .temporaryFailure)
        // The connection survives a cancel.
        #expect(try conn.scalar("SELECT 41 + 1", as: Int.self) == 42)
    }

    @Test func noticesReachTheHandler() throws {
        let db = try TestDatabase.make()
        let conn = try db.connect()
        let seen = PGTestLocked<[String]>([])
        conn.onNotice = { message in seen.withLock { $0.append(message) } }
        try conn.execute("DO $$ BEGIN RAISE NOTICE 'tacos left: %', 42; RAISE WARNING 'salsa low'; END $$")
        let messages = seen.value
        #expect(messages.count == 2)
        #expect(messages.first?.contains("tacos left: 42") == true)
        #expect(messages.last?.contains("salsa low") == true)
        conn.onNotice = nil
        try conn.execute("DO $$ BEGIN RAISE NOTICE 'unheard'; END $$")
        #expect(seen.value.count == 2)
    }

    @Test func quoteIdentifierEscapesQuotesAndKeepsCase() throws {
        let db = try TestDatabase.make()
        let conn = try db.connect()
        #expect(try conn.quoteIdentifier("plain") == "\"plain\"")
        let weird = "Taco \"Truck\"; DROP TABLE x"
        let quoted = try conn.quoteIdentifier(weird)
        #expect(quoted == "\"Taco \"\"Truck\"\"; DROP TABLE x\"")
        try conn.execute("CREATE TABLE \(quoted) (id int)")
        let name: String = try conn.scalar("SELECT relname::text FROM pg_class WHERE relname = $1", [weird])
        #expect(name == weird)
    }
}

// MARK: - Helpers shared by the Postgres*Tests and Migrator*Tests files

/// A value guarded by a lock, for handing results between threads.
final class PGTestLocked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) { stored = value }

    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&stored)
    }

    var value: Value { withLock { $0 } }
}

/// Runs `body` on a dedicated Foundation thread — not on the Swift concurrency pool, which the blocking libpq
/// calls of the test itself already occupy — and lets the test join it with a bounded wait.
final class PGTestThread<T: Sendable>: @unchecked Sendable {
    struct TimedOut: Error {}
    private let done = DispatchSemaphore(value: 0)
    private let result = PGTestLocked<Result<T, any Error>?>(nil)

    init(_ body: @escaping @Sendable () throws -> T) {
        let thread = Thread { [result, done] in
            let outcome = Result { try body() }
            result.withLock { $0 = outcome }
            done.signal()
        }
        thread.start()
    }

    /// Waits for the thread (at most `seconds`) and returns what it returned or rethrows what it threw.
    func join(seconds: Int = 30) throws -> T {
        guard done.wait(timeout: .now() + .seconds(seconds)) == .success else { throw TimedOut() }
        done.signal() // allow joining again
        return try #require(result.value).get()
    }
}

/// An error a test body throws on purpose.
struct PGTestError: Error, Equatable {
    var tag = "deliberate"
}

@Suite("Prepared statements")
struct PreparedStatementTests {
    @Test("a connection that prepares statements prepares each distinct SQL once and answers like one that does not")
    func preparesOnce() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        connection.preparesStatements = true
        let sql = "SELECT $1::int + 1 AS n"
        for value in [1, 41, -3] {
            #expect(try connection.scalar(sql, [value], as: Int.self) == value + 1)
        }
        #expect(try connection.scalar("SELECT $1::text || '!'", ["hi"], as: String.self) == "hi!")
        let prepared: Int = try connection.scalar("SELECT count(*)::int FROM pg_prepared_statements")
        #expect(prepared == 3)   // the two statements above and this one
        // An error in a prepared statement is reported like any other and the connection stays usable.
        #expect(throws: PostgresError.self) { try connection.query("SELECT 1 / $1::int", [0]) }
        #expect(try connection.scalar(sql, [9], as: Int.self) == 10)
    }
}

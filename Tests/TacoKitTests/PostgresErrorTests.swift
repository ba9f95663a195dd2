import Foundation
import TacoKit
import TacoTestSupport
import Testing

/// Server errors keep their diagnostic fields, and ErrorReport turns them into the documented exit codes.
@Suite("PostgresError: diagnostics and exit codes")
struct PostgresErrorTests {
    @Test func uniqueViolationCarriesStateConstraintAndDetail() throws {
        let db = try TestDatabase.make()
        let conn = try db.connect()
        try conn.execute("CREATE TABLE trucks_probe (id int PRIMARY KEY, plate text CONSTRAINT trucks_probe_plate_key UNIQUE)")
        try conn.query("INSERT INTO trucks_probe VALUES ($1, $2)", [1, "TACO-1"])
        let error = try #require(throws: PostgresError.self) {
            try conn.query("INSERT INTO trucks_probe VALUES ($1, $2)", [2, "TACO-1"])
        }
        #expect(error.kind == .server)
        #expect(error.sqlState == "23505")
        #expect(error.constraint == "trucks_probe_plate_key")
        #expect(error.table == "trucks_probe")
        #expect(error.schema == "public")
        #expect(error.detail?.contains("(plate)=(TACO-1)") == true, "detail: \(error.detail ?? "nil")")
        #expect(!error.isTransient)
        let report = ErrorReport.describe(error)
        #expect(report.status == .dataError)
        #expect(report.status.rawValue == 65)
        #expect(report.message.contains("TACO-1"))
        // An error outside a transaction leaves the connection ready for more.
        #expect(!conn.inTransaction)
        #expect(try conn.scalar("SELECT count(*) FROM trucks_probe", as: Int.self) == 1)
    }

    @Test func notNullViolationNamesTheColumn() throws {
        let db = try TestDatabase.make()
        let conn = try db.connect()
        try conn.execute("CREATE TABLE menu_probe (id int, name text NOT NULL)")
        let error = try #require(throws: PostgresError.self) {
            try conn.query("INSERT INTO menu_probe (id, name) VALUES ($1, $2)", [1, nil])
        }
        #expect(error.sqlState == "23502")
        #expect(error.column == "name")
        #expect(error.table == "menu_probe")
    }

    @Test func syntaxErrorReportsItsPosition() throws {
        let db = try TestDatabase.make()
        let conn = try db.connect()
        let sql = "SELECT id,\n       name FROM FROM menu_items"
        let error = try #require(throws: PostgresError.self) { try conn.query(sql) }
        #expect(error.sqlState == "42601")
        let second = try #require(sql.ranges(of: "FROM").last)
        let expected = sql.distance(from: sql.startIndex, to: second.lowerBound) + 1
        #expect(error.position == expected)
        #expect(ErrorReport.describe(error).status == .failure)
        // Same through the simple-query path.
        let simple = try #require(throws: PostgresError.self) { try conn.execute(sql) }
        #expect(simple.position == expected)
    }

    @Test func permissionDeniedMapsToExitCode77() throws {
        let db = try TestDatabase.make()
        let login = try db.createLogin(group: "taco_reporting", prefix: "noperm")
        let conn = try db.connect(as: login)
        let error = try #require(throws: PostgresError.self) { try conn.execute("CREATE TABLE not_allowed (id int)") }
        #expect(error.sqlState == "42501")
        #expect(error.isPermissionDenied)
        let report = ErrorReport.describe(error, login: login)
        #expect(report.status == .permissionDenied)
        #expect(report.status.rawValue == 77)
    }

    @Test func serializationFailureMapsToExitCode75() throws {
        let db = try TestDatabase.make()
        let first = try db.connect()
        let second = try db.connect()
        try first.execute("CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL); INSERT INTO counter VALUES (1, 0)")
        try first.execute("BEGIN ISOLATION LEVEL SERIALIZABLE")
        _ = try first.scalar("SELECT n FROM counter WHERE id = 1", as: Int.self)
        try second.execute("UPDATE counter SET n = n + 1 WHERE id = 1")
        let error = try #require(throws: PostgresError.self) {
            try first.execute("UPDATE counter SET n = n + 1 WHERE id = 1")
        }
        try first.execute("ROLLBACK")
        #expect(error.sqlState == "40001")
        #expect(error.isTransient)
        #expect(ErrorReport.describe(error).status == .temporaryFailure)
        #expect(ErrorReport.describe(error).status.rawValue == 75)
    }

    @Test func errorInsideAnExplicitTransactionAbortsItUntilRollback() throws {
        let db = try TestDatabase.make()
        let conn = try db.connect()
        try conn.execute("BEGIN")
        #expect(throws: PostgresError.self) { try conn.query("SELECT 1/0") }
        #expect(conn.inTransaction)
        let aborted = try #require(throws: PostgresError.self) { try conn.query("SELECT 1") }
        #expect(aborted.sqlState == "25P02")
        try conn.execute("ROLLBACK")
        #expect(!conn.inTransaction)
        #expect(try conn.scalar("SELECT 1", as: Int.self) == 1)
    }
}

import Foundation
import TacoKit
import TacoTestSupport
import Testing

/// The migrator against real databases: empty ones (`TestDatabase.make(migrated: false)`) and clones of the
/// migrated template.
@Suite("Migrator")
struct MigratorTests {
    struct LedgerRow: Equatable {
        var version: Int
        var name: String
        var checksum: String
    }

    static func ledger(_ conn: PostgresConnection) throws -> [LedgerRow] {
        try conn.query("SELECT version, name, checksum FROM taco_schema_migrations ORDER BY version").map {
            LedgerRow(version: try $0.decode("version"), name: try $0.decode("name"), checksum: try $0.decode("checksum"))
        }
    }

    static var embeddedLedger: [LedgerRow] {
        Migration.embedded.map { LedgerRow(version: $0.version, name: $0.name, checksum: $0.checksum) }
    }

    @Test func embeddedMigrationsAreNumberedInOrder() throws {
        let embedded = Migration.embedded
        #expect(embedded.count >= 11)
        // Numbers are unique and increasing; gaps are allowed (numbers are reserved per branch).
        let versions = embedded.map(\.version)
        #expect(versions == versions.sorted() && Set(versions).count == versions.count)
        #expect(embedded.first?.id == "0001_extensions_and_roles")
        for migration in embedded {
            #expect(migration.checksum.count == 64)
            #expect(!migration.sql.isEmpty)
        }
    }

    @Test func migratesAnEmptyDatabaseInOrderThenHasNothingLeft() throws {
        let db = try TestDatabase.make(migrated: false)
        let conn = try db.connect(as: "taco_owner")
        let migrator = Migrator()

        #expect(try migrator.status(conn).allSatisfy { $0.state == .pending })
        #expect(try migrator.isCurrent(conn) == false)

        var progress: [Int] = []
        let applied = try migrator.migrate(conn) { progress.append($0.version) }
        #expect(applied == Migration.embedded)
        #expect(progress == Migration.embedded.map(\.version))
        #expect(try Self.ledger(conn) == Self.embeddedLedger)
        #expect(try conn.scalar("SELECT bool_and(applied_by = 'taco_owner' AND duration_ms >= 0) FROM taco_schema_migrations", as: Bool.self))
        // Applied in order: each one recorded no earlier than the one before it.
        #expect(try conn.scalar("""
            SELECT bool_and(ordered) FROM (
                SELECT applied_at >= coalesce(lag(applied_at) OVER (ORDER BY version), '-infinity') AS ordered
                FROM taco_schema_migrations) s
            """, as: Bool.self))
        // The schema is really there.
        #expect(try conn.scalar("SELECT to_regclass('public.vendors') IS NOT NULL", as: Bool.self))

        // A second run applies nothing and changes nothing.
        #expect(try migrator.migrate(conn).isEmpty)
        #expect(try Self.ledger(conn) == Self.embeddedLedger)

        let status = try migrator.status(conn)
        #expect(status.map(\.version) == Migration.embedded.map(\.version))
        #expect(status.allSatisfy { $0.state == .applied })
        #expect(status.allSatisfy { $0.appliedBy == "taco_owner" && $0.appliedAt != nil && $0.durationMilliseconds != nil })
        #expect(status.map(\.checksum) == Migration.embedded.map(\.checksum))
        #expect(try migrator.isCurrent(conn))
    }

    @Test func dryRunListsPendingAndChangesNothing() throws {
        let db = try TestDatabase.make(migrated: false)
        let conn = try db.connect(as: "taco_owner")
        let tablesBefore: Int = try conn.scalar("SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace")

        let pending = try Migrator().migrate(conn, dryRun: true)
        #expect(pending == Migration.embedded)
        #expect(try conn.scalar("SELECT to_regclass('taco_schema_migrations') IS NULL", as: Bool.self))
        #expect(try conn.scalar("SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace", as: Int.self)
                == tablesBefore)

        // On a migrated database with one new migration, the dry run names just that one.
        let migrated = try TestDatabase.make()
        let other = try migrated.connect()
        let extra = Migration(version: (Migration.embedded.last?.version ?? 0) + 1, name: "extra", sql: "CREATE TABLE extra_table (id int);")
        #expect(try Migrator(migrations: Migration.embedded + [extra]).migrate(other, dryRun: true) == [extra])
        #expect(try other.scalar("SELECT to_regclass('extra_table') IS NULL", as: Bool.self))
        #expect(try Self.ledger(other) == Self.embeddedLedger)
    }

    @Test func editedAppliedMigrationIsRefused() throws {
        let db = try TestDatabase.make()
        let conn = try db.connect(as: "taco_owner")
        try db.superuser().execute("UPDATE taco_schema_migrations SET checksum = 'x' WHERE version = 1")
        let extra = Migration(version: (Migration.embedded.last?.version ?? 0) + 1, name: "extra", sql: "CREATE TABLE extra_table (id int);")
        let migrator = Migrator(migrations: Migration.embedded + [extra])

        let error = try #require(throws: MigrationMismatch.self) { _ = try migrator.migrate(conn) }
        #expect(error.message.contains("0001_extensions_and_roles"), "message: \(error.message)")
        #expect(ErrorReport.describe(error).status == .dataError)
        #expect(ErrorReport.describe(error).status.rawValue == 65)
        // Nothing pending was applied either.
        #expect(try conn.scalar("SELECT to_regclass('extra_table') IS NULL", as: Bool.self))
        let first = try #require(try migrator.status(conn).first)
        #expect(first.state == .modified)
        #expect(first.checksum == "x")
        #expect(try migrator.isCurrent(conn) == false)
        #expect(throws: MigrationMismatch.self) { _ = try migrator.migrate(conn, dryRun: true) }
    }

    @Test func unknownAppliedMigrationIsRefused() throws {
        let db = try TestDatabase.make()
        let conn = try db.connect(as: "taco_owner")
        try db.superuser().execute("""
            INSERT INTO taco_schema_migrations (version, name, checksum, duration_ms) VALUES (99999, 'from_the_future', 'abc', 1)
            """)
        let extra = Migration(version: (Migration.embedded.last?.version ?? 0) + 1, name: "extra", sql: "CREATE TABLE extra_table (id int);")
        let migrator = Migrator(migrations: Migration.embedded + [extra])

        let error = try #require(throws: MigrationMismatch.self) { _ = try migrator.migrate(conn) }
        #expect(error.message.contains("99999_from_the_future"), "message: \(error.message)")
        #expect(ErrorReport.describe(error).status == .dataError)
        #expect(try conn.scalar("SELECT to_regclass('extra_table') IS NULL", as: Bool.self))
        let last = try #require(try migrator.status(conn).last)
        #expect(last.version == 99999)
        #expect(last.state == .unknown)
    }

    @Test func failingMigrationIsRolledBackAndNamed() throws {
        let db = try TestDatabase.make(migrated: false)
        let conn = try db.connect(as: "taco_owner")
        let broken = Migration(version: 9999, name: "broken",
                               sql: "CREATE TABLE half_done(id int);\nSELECT no_such_function();")
        let migrator = Migrator(migrations: Migration.embedded + [broken])

        var started: [Int] = []
        let error = try #require(throws: MigrationFailed.self) {
            _ = try migrator.migrate(conn) { started.append($0.version) }
        }
        #expect(started == Migration.embedded.map(\.version) + [9999])
        #expect(error.migration == "9999_broken")
        #expect(error.line == 2)
        #expect(error.underlying.sqlState == "42883")
        let report = ErrorReport.describe(error)
        #expect(report.message.contains("9999_broken"))
        #expect(report.message.contains("line 2"))

        #expect(conn.isUsable)
        #expect(!conn.inTransaction)
        #expect(try conn.scalar("SELECT to_regclass('half_done') IS NULL", as: Bool.self))
        #expect(try Self.ledger(conn) == Self.embeddedLedger)
        let status = try migrator.status(conn)
        #expect(status.last?.version == 9999)
        #expect(status.last?.state == .pending)
        // The advisory lock was released: another session can take it at once.
        #expect(try db.connect().withLock(.migrations, wait: false) { true })
    }

    @Test func oneLineBrokenMigrationReportsLineOne() throws {
        let db = try TestDatabase.make()
        let conn = try db.connect(as: "taco_owner")
        let broken = Migration(version: 9999, name: "broken", sql: "CREATE TABLE half_done(id int); SELECT no_such_function();")
        let error = try #require(throws: MigrationFailed.self) {
            _ = try Migrator(migrations: Migration.embedded + [broken]).migrate(conn)
        }
        #expect(error.migration == "9999_broken")
        #expect(error.line == 1)
        #expect(try conn.scalar("SELECT to_regclass('half_done') IS NULL", as: Bool.self))
        #expect(try conn.scalar("SELECT count(*) FROM taco_schema_migrations WHERE version = 9999", as: Int.self) == 0)
    }

    @Test func errorLineCountsCharactersTheWayTheServerDoes() throws {
        // The server's error position counts code points. CRLF line ends and multi-scalar characters
        // (a family emoji is one Character but five code points) must not shift the reported line.
        let db = try TestDatabase.make()
        let conn = try db.connect(as: "taco_owner")
        let sql = "-- 👨‍👩‍👧 family size: 🌮🌮🌮\r\n-- é = e\u{301}\r\nCREATE TABLE half_done(id int);\r\n\r\nSELECT no_such_function();\r\n"
        let broken = Migration(version: 9999, name: "crlf", sql: sql)
        let error = try #require(throws: MigrationFailed.self) {
            _ = try Migrator(migrations: Migration.embedded + [broken]).migrate(conn)
        }
        #expect(error.migration == "9999_crlf")
        #expect(error.line == 5)
    }

    @Test func racingMigratorsApplyEachMigrationExactlyOnce() throws {
        let db = try TestDatabase.make(migrated: false)
        let conninfo = try db.conninfo(user: "taco_owner")
        let ready = DispatchSemaphore(value: 0)
        let go = DispatchSemaphore(value: 0)

        let racers = (0..<2).map { _ in
            PGTestThread { () throws -> [Int] in
                let conn = try PostgresConnection(conninfo: conninfo)
                ready.signal()
                guard go.wait(timeout: .now() + 10) == .success else { throw PGTestThread<[Int]>.TimedOut() }
                return try Migrator().migrate(conn, wait: true).map(\.version)
            }
        }
        for _ in racers { #expect(ready.wait(timeout: .now() + 10) == .success) }
        for _ in racers { go.signal() }
        let results = try racers.map { try $0.join(seconds: 60) }

        let all = Migration.embedded.map(\.version)
        #expect(results.flatMap { $0 }.sorted() == all)
        #expect(results.contains(all))
        #expect(results.contains([]))
        let check = try db.connect()
        #expect(try Self.ledger(check) == Self.embeddedLedger)
    }

    @Test func migrateWithoutWaitingRefusesWhileAnotherHoldsTheLock() throws {
        let db = try TestDatabase.make()
        let holder = try db.connect()
        let conn = try db.connect()
        try holder.lock(.migrations, wait: false)
        let error = try #require(throws: LockUnavailable.self) { _ = try Migrator().migrate(conn, wait: false) }
        #expect(error.lock == .migrations)
        #expect(ErrorReport.describe(error).status == .temporaryFailure)
        #expect(try holder.unlock(.migrations))
        #expect(try Migrator().migrate(conn, wait: false).isEmpty)
    }
}

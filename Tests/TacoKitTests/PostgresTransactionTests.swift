import Foundation
import TacoKit
import TacoTestSupport
import Testing

/// `transaction(isolation:readOnly:retries:)`: commit, rollback, savepoints when nested, and retries of
/// serialization failures between two real sessions.
@Suite("PostgresConnection.transaction")
struct PostgresTransactionTests {
    /// A database with a `notes` table and two connections to it.
    struct Fixture {
        let db: TestDatabase
        let conn: PostgresConnection
        let observer: PostgresConnection

        init() throws {
            db = try TestDatabase.make()
            conn = try db.connect()
            observer = try db.connect()
            try conn.execute("CREATE TABLE notes (body text PRIMARY KEY)")
        }

        func notes() throws -> [String] {
            try observer.query("SELECT body FROM notes ORDER BY body").map { try $0.decode("body", as: String.self) }
        }
    }

    @Test func commitsWhenTheBodyReturns() throws {
        let f = try Fixture()
        let value = try f.conn.transaction { tx -> Int in
            #expect(tx.inTransaction)
            try tx.query("INSERT INTO notes VALUES ($1)", ["committed"])
            // Not visible to another session before the commit.
            #expect(try f.notes() == [])
            return 7
        }
        #expect(value == 7)
        #expect(!f.conn.inTransaction)
        #expect(try f.notes() == ["committed"])
    }

    @Test func rollsBackWhenTheBodyThrows() throws {
        let f = try Fixture()
        let error = try #require(throws: PGTestError.self) {
            try f.conn.transaction { tx in
                try tx.query("INSERT INTO notes VALUES ($1)", ["doomed"])
                throw PGTestError(tag: "stop")
            }
        }
        #expect(error.tag == "stop")
        #expect(!f.conn.inTransaction)
        #expect(try f.notes() == [])
        #expect(try f.conn.scalar("SELECT count(*) FROM notes", as: Int.self) == 0)
    }

    @Test func rollsBackWhenAStatementFails() throws {
        let f = try Fixture()
        let error = try #require(throws: PostgresError.self) {
            try f.conn.transaction { tx in
                try tx.query("INSERT INTO notes VALUES ($1)", ["first"])
                try tx.query("INSERT INTO notes VALUES ($1)", ["first"])
            }
        }
        #expect(error.sqlState == "23505")
        #expect(!f.conn.inTransaction)
        #expect(try f.notes() == [])
    }

    @Test func nestedTransactionUsesASavepoint() throws {
        let f = try Fixture()
        try f.conn.transaction { outer in
            try outer.query("INSERT INTO notes VALUES ($1)", ["outer-1"])
            // An inner body that throws: only its own work is undone.
            #expect(throws: PGTestError.self) {
                try outer.transaction { inner in
                    try inner.query("INSERT INTO notes VALUES ($1)", ["inner-thrown"])
                    throw PGTestError()
                }
            }
            // An inner body that fails in SQL: without a savepoint the whole transaction would now be aborted.
            let failed = try #require(throws: PostgresError.self) {
                try outer.transaction { inner in
                    try inner.query("INSERT INTO notes VALUES ($1)", ["inner-failed"])
                    try inner.query("INSERT INTO notes VALUES ($1)", ["outer-1"])
                }
            }
            #expect(failed.sqlState == "23505")
            // An inner body that succeeds is kept.
            try outer.transaction { inner in
                try inner.query("INSERT INTO notes VALUES ($1)", ["inner-kept"])
            }
            #expect(outer.inTransaction)
            try outer.query("INSERT INTO notes VALUES ($1)", ["outer-2"])
            // Nothing is visible outside before the outer commit.
            #expect(try f.notes() == [])
        }
        #expect(try f.notes() == ["inner-kept", "outer-1", "outer-2"])
    }

    @Test func outerRollbackUndoesReleasedInnerWork() throws {
        let f = try Fixture()
        #expect(throws: PGTestError.self) {
            try f.conn.transaction { outer in
                try outer.transaction { inner in
                    try inner.query("INSERT INTO notes VALUES ($1)", ["inner"])
                }
                throw PGTestError()
            }
        }
        #expect(try f.notes() == [])
    }

    @Test func isolationAndReadOnlyAreApplied() throws {
        let f = try Fixture()
        let level: String = try f.conn.transaction(isolation: .serializable) { try $0.scalar("SHOW transaction_isolation") }
        #expect(level == "serializable")
        let repeatable: String = try f.conn.transaction(isolation: .repeatableRead) { try $0.scalar("SHOW transaction_isolation") }
        #expect(repeatable == "repeatable read")
        let error = try #require(throws: PostgresError.self) {
            try f.conn.transaction(readOnly: true) { tx in
                try tx.query("INSERT INTO notes VALUES ($1)", ["read only"])
            }
        }
        #expect(error.sqlState == "25006")
        #expect(try f.notes() == [])
    }

    @Test func serializationFailureIsRetriedAndTheRerunSucceeds() throws {
        let f = try Fixture()
        try f.conn.execute("""
            CREATE TABLE doctors (name text PRIMARY KEY, on_call bool NOT NULL);
            INSERT INTO doctors VALUES ('alice', true), ('bob', true)
            """)
        // Classic write skew: each doctor may go off call only while someone else stays on call.
        var attempts = 0
        var seenOnCall: [Int] = []
        let wentOffCall = try f.conn.transaction(isolation: .serializable, retries: 3) { tx -> Bool in
            attempts += 1
            let onCall: Int = try tx.scalar("SELECT count(*) FROM doctors WHERE on_call")
            seenOnCall.append(onCall)
            if attempts == 1 {
                // Bob, in his own SERIALIZABLE transaction on another connection, reads and goes off call first.
                try f.observer.transaction(isolation: .serializable) { bob in
                    let others: Int = try bob.scalar("SELECT count(*) FROM doctors WHERE on_call AND name <> 'bob'")
                    if others > 0 { try bob.query("UPDATE doctors SET on_call = false WHERE name = $1", ["bob"]) }
                }
            }
            guard onCall >= 2 else { return false }
            try tx.query("UPDATE doctors SET on_call = false WHERE name = $1", ["alice"])
            return true
        }
        #expect(attempts == 2)
        #expect(seenOnCall == [2, 1])
        #expect(wentOffCall == false)
        let onCall = try f.observer.query("SELECT name FROM doctors WHERE on_call").map { try $0.decode("name", as: String.self) }
        #expect(onCall == ["alice"])
    }

    @Test func persistentSerializationFailureSurfacesAfterTheRetries() throws {
        let f = try Fixture()
        try f.conn.execute("CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL); INSERT INTO counter VALUES (1, 0)")
        var attempts = 0
        let error = try #require(throws: PostgresError.self) {
            try f.conn.transaction(isolation: .serializable, retries: 2) { tx in
                attempts += 1
                _ = try tx.scalar("SELECT n FROM counter WHERE id = 1", as: Int.self)
                // Every time, another SERIALIZABLE session changes the row first.
                try f.observer.transaction(isolation: .serializable) { other in
                    try other.query("UPDATE counter SET n = n + 100 WHERE id = 1")
                }
                try tx.query("UPDATE counter SET n = n + 1 WHERE id = 1")
            }
        }
        #expect(attempts == 3)
        #expect(error.sqlState == "40001")
        #expect(ErrorReport.describe(error).status == .temporaryFailure)
        #expect(!f.conn.inTransaction)
        #expect(try f.observer.scalar("SELECT n FROM counter WHERE id = 1", as: Int.self) == 300)
    }

    @Test func nonTransientErrorsAreNotRetried() throws {
        let f = try Fixture()
        var attempts = 0
        #expect(throws: PostgresError.self) {
            try f.conn.transaction(retries: 5) { tx in
                attempts += 1
                try tx.query("SELECT 1/0")
            }
        }
        #expect(attempts == 1)
    }
}

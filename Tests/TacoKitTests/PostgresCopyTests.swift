import Foundation
import TacoKit
import TacoTestSupport
import Testing

/// `copyIn` / `copyOut`: bulk transfer, all-or-nothing on failure, and a usable connection afterwards.
@Suite("PostgresConnection COPY")
struct PostgresCopyTests {
    static func makeTable() throws -> (TestDatabase, PostgresConnection) {
        let db = try TestDatabase.make()
        let conn = try db.connect()
        try conn.execute("CREATE TABLE copy_rows (id int PRIMARY KEY, label text NOT NULL)")
        return (db, conn)
    }

    @Test func copyInOneHundredThousandRows() throws {
        let (_, conn) = try Self.makeTable()
        let copied = try conn.copyIn("COPY copy_rows (id, label) FROM STDIN") { writer in
            for id in 1...100_000 {
                try writer.write("\(id)\ttaco \(id)\n")
            }
        }
        #expect(copied == 100_000)
        let row = try #require(try conn.queryFirst("SELECT count(*) AS n, sum(id) AS total, max(label) FILTER (WHERE id = 99999) AS label FROM copy_rows"))
        #expect(try row.decode("n", as: Int.self) == 100_000)
        #expect(try row.decode("total", as: Int.self) == 100_000 * 100_001 / 2)
        #expect(try row.decode("label", as: String.self) == "taco 99999")
        #expect(!conn.inTransaction)
    }

    @Test func copyInWithRawBytesAndCSV() throws {
        let (_, conn) = try Self.makeTable()
        let csv = Array("1,\"comma, inside\"\n2,\"quote \"\" inside\"\n3,ünïcødé 🌮\n".utf8)
        let copied = try conn.copyIn("COPY copy_rows (id, label) FROM STDIN (FORMAT csv)") { writer in
            try csv.withUnsafeBytes { try writer.write(contentsOf: $0) }
        }
        #expect(copied == 3)
        let labels = try conn.query("SELECT label FROM copy_rows ORDER BY id").map { try $0.decode("label", as: String.self) }
        #expect(labels == ["comma, inside", "quote \" inside", "ünïcødé 🌮"])
    }

    @Test func copyInBodyThrowingMidwayWritesNothing() throws {
        let (_, conn) = try Self.makeTable()
        var written = 0
        let error = try #require(throws: PGTestError.self) {
            try conn.copyIn("COPY copy_rows (id, label) FROM STDIN") { writer in
                // Well past the writer's 256 KiB buffer, so some rows have already gone to the server.
                for id in 1...60_000 {
                    try writer.write("\(id)\tpartial row number \(id)\n")
                    written += 1
                }
                throw PGTestError(tag: "midway")
            }
        }
        #expect(error.tag == "midway")
        #expect(written == 60_000)
        #expect(conn.isUsable)
        #expect(!conn.inTransaction)
        #expect(try conn.scalar("SELECT count(*) FROM copy_rows", as: Int.self) == 0)
        // And the same connection can COPY again.
        #expect(try conn.copyIn("COPY copy_rows (id, label) FROM STDIN") { try $0.write("1\tok\n") } == 1)
        #expect(try conn.scalar("SELECT count(*) FROM copy_rows", as: Int.self) == 1)
    }

    @Test func copyInMalformedRowFailsWithTheServerErrorAndWritesNothing() throws {
        let (_, conn) = try Self.makeTable()
        let error = try #require(throws: PostgresError.self) {
            try conn.copyIn("COPY copy_rows (id, label) FROM STDIN") { writer in
                for id in 1...50_000 {
                    try writer.write(id == 40_000 ? "forty thousand\tbad id\n" : "\(id)\tgood\n")
                }
            }
        }
        #expect(error.kind == .server)
        #expect(error.sqlState == "22P02")
        #expect(error.message.contains("forty thousand"), "message: \(error.message)")
        #expect(conn.isUsable)
        #expect(!conn.inTransaction)
        #expect(try conn.scalar("SELECT count(*) FROM copy_rows", as: Int.self) == 0)
        #expect(ErrorReport.describe(error).status == .dataError)
    }

    @Test func copyInDuplicateKeyFailsAtTheEnd() throws {
        let (_, conn) = try Self.makeTable()
        let error = try #require(throws: PostgresError.self) {
            try conn.copyIn("COPY copy_rows (id, label) FROM STDIN") { writer in
                try writer.write("1\ta\n2\tb\n1\tc\n")
            }
        }
        #expect(error.sqlState == "23505")
        #expect(error.constraint == "copy_rows_pkey")
        #expect(try conn.scalar("SELECT count(*) FROM copy_rows", as: Int.self) == 0)
    }

    @Test func copyOutStreamsEveryRow() throws {
        let (_, conn) = try Self.makeTable()
        try conn.execute("INSERT INTO copy_rows SELECT g, 'label ' || g FROM generate_series(1, 5000) g")
        var lines: [String] = []
        let count = try conn.copyOut("COPY (SELECT id, label FROM copy_rows ORDER BY id) TO STDOUT") { bytes in
            lines.append(String(decoding: bytes, as: UTF8.self))
        }
        #expect(count == 5000)
        #expect(lines.count == 5000)
        #expect(lines.first == "1\tlabel 1\n")
        #expect(lines.last == "5000\tlabel 5000\n")
        #expect(lines == (1...5000).map { "\($0)\tlabel \($0)\n" })
        #expect(try conn.scalar("SELECT 1", as: Int.self) == 1)
    }

    @Test func copyOutHandlerThrowingStopsEarlyAndLeavesTheConnectionUsable() throws {
        let (_, conn) = try Self.makeTable()
        var calls = 0
        let started = ContinuousClock.now
        let error = try #require(throws: PGTestError.self) {
            // Far more output than fits in the socket buffers, so the server is still sending when we stop.
            try conn.copyOut("COPY (SELECT g, repeat('x', 100) FROM generate_series(1, 5000000) g) TO STDOUT") { _ in
                calls += 1
                if calls == 10 { throw PGTestError(tag: "enough") }
            }
        }
        #expect(error.tag == "enough")
        #expect(calls == 10)
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(conn.isUsable)
        #expect(!conn.inTransaction)
        #expect(try conn.scalar("SELECT 40 + 2", as: Int.self) == 42)
        try conn.execute("INSERT INTO copy_rows VALUES (1, 'after')")
        #expect(try conn.scalar("SELECT label FROM copy_rows", as: String.self) == "after")
    }

    @Test func copyRefusesStatementsOfTheWrongDirection() throws {
        let (_, conn) = try Self.makeTable()
        let error = try #require(throws: PostgresError.self) {
            try conn.copyIn("SELECT 1") { _ in }
        }
        #expect(error.kind == .protocolViolation)
        #expect(try conn.scalar("SELECT 2", as: Int.self) == 2)

        // A COPY of the other direction is refused and leaves the connection usable.
        let outForIn = try #require(throws: PostgresError.self) {
            try conn.copyIn("COPY (SELECT g FROM generate_series(1, 10) g) TO STDOUT") { _ in }
        }
        #expect(outForIn.kind == .protocolViolation)
        #expect(try conn.scalar("SELECT 3", as: Int.self) == 3)
        let inForOut = try #require(throws: PostgresError.self) {
            try conn.copyOut("COPY copy_rows (id, label) FROM STDIN") { _ in }
        }
        #expect(inForOut.kind == .protocolViolation)
        #expect(try conn.scalar("SELECT 4", as: Int.self) == 4)
        #expect(try conn.scalar("SELECT count(*) FROM copy_rows", as: Int.self) == 0)
        #expect(!conn.inTransaction)
    }
}

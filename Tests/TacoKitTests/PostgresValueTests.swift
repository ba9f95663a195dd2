import Foundation
import TacoKit
import TacoTestSupport
import Testing

/// Parameters out, columns back in: every encoder and decoder against the server's own input/output functions.
@Suite("PostgreSQL values: parameters and decoding")
struct PostgresValueTests {
    @Test func basicScalarsAndNullRoundTrip() throws {
        let db = try TestDatabase.make()
        let conn = try db.connect()
        let row = try #require(try conn.queryFirst(
            """
            SELECT $1::text AS t, $2::bigint AS big, $3::int AS small, $4::bool AS yes, $5::bool AS no,
                   $6::float8 AS d, $7::text AS nothing, $8::int AS no_int, $9::bigint AS min
            """,
            ["taco ñ 🌮 \"'", Int64.max, Int32(-7), true, false, 0.1, nil, nil, Int.min]))
        #expect(try row.decode("t", as: String.self) == "taco ñ 🌮 \"'")
        #expect(try row.decode("big", as: Int64.self) == Int64.max)
        #expect(try row.decode("small", as: Int32.self) == -7)
        #expect(try row.decode("small", as: Int.self) == -7)
        #expect(try row.decode("yes", as: Bool.self) == true)
        #expect(try row.decode("no", as: Bool.self) == false)
        #expect(try row.decode("d", as: Double.self) == 0.1)
        #expect(try row.decode("min", as: Int.self) == Int.min)
        #expect(try row.decode("nothing", as: String?.self) == nil)
        #expect(try row.decode("no_int", as: Int?.self) == nil)
        #expect(try row.decode("t", as: String?.self) == "taco ñ 🌮 \"'")
        #expect(try row.text("nothing") == nil)
        // The server saw real NULLs, not empty strings.
        #expect(try conn.scalar("SELECT $1::text IS NULL", [nil], as: Bool.self))
        #expect(try conn.scalar("SELECT $1::text IS NULL", [""], as: Bool.self) == false)
    }

    @Test(arguments: [0.1, -2.5, .pi, 1e-300, 6.02214076e23, .greatestFiniteMagnitude, .leastNonzeroMagnitude,
                      -.leastNormalMagnitude, .infinity, -.infinity])
    func doublesRoundTripExactly(value: Double) throws {
        let db = try TestDatabase.make()
        let conn = try db.connect()
        let back: Double = try conn.scalar("SELECT $1::float8", [value])
        #expect(back == value)
        #expect(try conn.scalar("SELECT $1::float8 = $2::float8", [value, back], as: Bool.self))
    }

    @Test func nanRoundTrips() throws {
        let db = try TestDatabase.make()
        let conn = try db.connect()
        let back: Double = try conn.scalar("SELECT $1::float8", [Double.nan])
        #expect(back.isNaN)
        #expect(try conn.scalar("SELECT 'NaN'::float8 = $1::float8", [Double.nan], as: Bool.self))
    }

    @Test func nullIntoNonOptionalThrowsNamingTheColumn() throws {
        let db = try TestDatabase.make()
        let conn = try db.connect()
        let row = try #require(try conn.queryFirst("SELECT NULL::text AS missing_tip, 'x'::text AS present"))
        let error = try #require(throws: PostgresError.self) { _ = try row.decode("missing_tip", as: String.self) }
        #expect(error.kind == .decoding)
        #expect(error.message.contains("\"missing_tip\""), "message: \(error.message)")
        let scalarError = try #require(throws: PostgresError.self) {
            _ = try conn.scalar("SELECT NULL::int AS tip", as: Int.self)
        }
        #expect(scalarError.kind == .decoding)
        #expect(scalarError.message.contains("tip"))
    }

    @Test func missingColumnAndBadTextThrowDecodingErrors() throws {
        let db = try TestDatabase.make()
        let conn = try db.connect()
        let row = try #require(try conn.queryFirst("SELECT 'abc'::text AS word, 1 AS one"))
        let missing = try #require(throws: PostgresError.self) { _ = try row.decode("no_such_column", as: Int.self) }
        #expect(missing.kind == .decoding)
        #expect(missing.message.contains("no_such_column"))
        let missingText = try #require(throws: PostgresError.self) { _ = try row.text("also_missing") }
        #expect(missingText.kind == .decoding)
        let wrongType = try #require(throws: PostgresError.self) { _ = try row.decode("word", as: Int.self) }
        #expect(wrongType.kind == .decoding)
        #expect(wrongType.message.contains("\"word\""))
        let noRow = try #require(throws: PostgresError.self) {
            _ = try conn.scalar("SELECT 1 WHERE false", as: Int.self)
        }
        #expect(noRow.kind == .decoding)
        let noColumn = try #require(throws: PostgresError.self) { _ = try row.decode(at: 5, as: Int.self) }
        #expect(noColumn.kind == .decoding)
    }

    @Test(arguments: ["12345678901234567890.123456789", "-0.000000000000000001", "19.90", "0", "0.000", "-7",
                      "1000000000000000000000000000000", "99999999999999999999999999999999999999",
                      "-12345678901234567890123456.78", "0.00000000000000000000000000000000000001"])
    func numericRoundTripsAsDecimalExactly(text: String) throws {
        let db = try TestDatabase.make()
        let conn = try db.connect()
        let exact = try #require(Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")))
        // Swift → server: the server compares it with the literal, no binary floating point involved.
        #expect(try conn.scalar("SELECT $1::numeric = \(text)::numeric", [exact], as: Bool.self))
        // Server → Swift.
        let fromServer: Decimal = try conn.scalar("SELECT \(text)::numeric")
        #expect(fromServer == exact)
        // And back again.
        let back: Decimal = try conn.scalar("SELECT $1::numeric", [exact])
        #expect(back == exact)
        #expect(try conn.scalar("SELECT $1::numeric::text", [exact], as: String.self)
                == (try conn.scalar("SELECT (\(text)::numeric)::text", as: String.self)).trimmingTrailingZeros())
    }

    @Test func numericBeyondDecimalPrecisionIsRefusedNotRounded() throws {
        let db = try TestDatabase.make()
        let conn = try db.connect()
        // 41 significant digits: Decimal would keep 38 and silently drop the rest.
        let error = try #require(throws: PostgresError.self) {
            _ = try conn.scalar("SELECT 1234567890123456789012345678901234567890.5::numeric AS big", as: Decimal.self)
        }
        #expect(error.kind == .decoding)
        #expect(throws: PostgresError.self) {
            _ = try conn.scalar("SELECT 0.12345678901234567890123456789012345678901::numeric", as: Decimal.self)
        }
        #expect(throws: PostgresError.self) { _ = try conn.scalar("SELECT 'NaN'::numeric", as: Decimal.self) }
        // What numeric arithmetic commonly produces still decodes exactly.
        let third: Decimal = try conn.scalar("SELECT 1::numeric / 3")
        #expect(third == Decimal(string: "0.33333333333333333333"))
        #expect(try conn.scalar("SELECT avg(x) FROM (VALUES (10.00::numeric(12,2)), (10.25)) v(x)", as: Decimal.self)
                == Decimal(string: "10.125"))
        #expect(try conn.scalar("SELECT 2.50::numeric(10,4)", as: Decimal.self) == Decimal(string: "2.5"))
    }

    @Test func timestamptzRoundTripsToTheMicrosecond() throws {
        let db = try TestDatabase.make()
        let conn = try db.connect()
        for literal in ["2026-11-21 23:45:47.123456+00", "1969-07-20 20:17:40.000001+00", "2000-01-01 00:00:00+00",
                        "2026-03-01 12:00:00.999999+00", "1900-02-28 23:59:59.5+00"] {
            let fromServer: Date = try conn.scalar("SELECT '\(literal)'::timestamptz")
            // Sent back as a parameter, the server gets exactly the same instant.
            #expect(try conn.scalar("SELECT $1::timestamptz = '\(literal)'::timestamptz", [fromServer], as: Bool.self),
                    "\(literal) came back as \(Timestamp.rfc3339(fromServer, fractional: true))")
            #expect(try conn.scalar("SELECT $1::timestamptz::text", [fromServer], as: String.self) == literal)
            let again: Date = try conn.scalar("SELECT $1::timestamptz", [fromServer])
            #expect(Timestamp.rfc3339(again, fractional: true) == Timestamp.rfc3339(fromServer, fractional: true))
            #expect(abs(again.timeIntervalSince(fromServer)) < 0.000_001)
        }
        let instant: Date = try conn.scalar("SELECT '2026-11-21 23:45:47.123456+00'::timestamptz")
        #expect(Timestamp.rfc3339(instant, fractional: true) == "2026-11-21T23:45:47.123456Z")
        // A Date made in Swift survives the trip to microsecond precision.
        let now = Date()
        let echoed: Date = try conn.scalar("SELECT $1::timestamptz", [now])
        #expect(abs(echoed.timeIntervalSince(now)) < 0.000_001)
    }

    @Test func timestamptzWithNonUTCOffsetsParsesToTheSameInstant() throws {
        let db = try TestDatabase.make()
        let conn = try db.connect()
        let utc: Date = try conn.scalar("SELECT '2026-11-21 23:45:47.25+00'::timestamptz")
        let cases: [(zone: String, offset: String)] = [("Asia/Kolkata", "+05:30"), ("America/St_Johns", "-03:30"),
                                                       ("Pacific/Chatham", "+13:45"), ("America/Los_Angeles", "-08")]
        for (zone, offset) in cases {
            try conn.query("SELECT set_config('TimeZone', $1, false)", [zone])
            let text: String = try conn.scalar("SELECT '2026-11-21 23:45:47.25+00'::timestamptz::text")
            #expect(text.hasSuffix(offset), "\(zone) printed \(text)")
            let decoded: Date = try conn.scalar("SELECT '2026-11-21 23:45:47.25+00'::timestamptz")
            #expect(decoded == utc, "\(zone): \(text) decoded as \(Timestamp.rfc3339(decoded, fractional: true))")
        }
        // Local mean time offsets carry seconds: Amsterdam in 1900 was +00:19:32.
        try conn.execute("SET TIME ZONE 'Europe/Amsterdam'")
        let lmtText: String = try conn.scalar("SELECT '1900-06-01 12:00:00+00'::timestamptz::text")
        #expect(lmtText.hasSuffix("+00:19:32"), "printed \(lmtText)")
        let lmt: Date = try conn.scalar("SELECT '1900-06-01 12:00:00+00'::timestamptz")
        #expect(Timestamp.rfc3339(lmt) == "1900-06-01T12:00:00Z")
        // RFC 3339 forms as well.
        #expect(Timestamp.parsePostgres("2026-11-21T15:45:47.25-08:00") == utc)
        #expect(Timestamp.parsePostgres("2026-11-21 23:45:47.25") == nil)
    }

    @Test func dateRoundTripsAsLocalDate() throws {
        let db = try TestDatabase.make()
        let conn = try db.connect()
        for date in [LocalDate(year: 2024, month: 2, day: 29), LocalDate(year: 2026, month: 11, day: 21),
                     LocalDate(year: 1, month: 1, day: 1), LocalDate(year: 9999, month: 12, day: 31)] {
            let back: LocalDate = try conn.scalar("SELECT $1::date", [date])
            #expect(back == date)
            #expect(try conn.scalar("SELECT $1::date::text", [date], as: String.self) == date.description)
        }
        let plusTen: LocalDate = try conn.scalar("SELECT DATE '2026-11-21' + 10")
        #expect(plusTen == LocalDate(year: 2026, month: 12, day: 1))
        #expect(try conn.scalar("SELECT $1::date = DATE '2024-02-29'", [LocalDate(year: 2024, month: 2, day: 29)], as: Bool.self))
        // Dates LocalDate cannot represent are refused, not mangled.
        #expect(throws: PostgresError.self) { _ = try conn.scalar("SELECT 'infinity'::date", as: LocalDate.self) }
        #expect(throws: PostgresError.self) { _ = try conn.scalar("SELECT '0044-03-15 BC'::date", as: LocalDate.self) }
    }

    @Test func uuidRoundTrips() throws {
        let db = try TestDatabase.make()
        let conn = try db.connect()
        let id = UUID()
        #expect(try conn.scalar("SELECT $1::uuid", [id], as: UUID.self) == id)
        #expect(try conn.scalar("SELECT $1::uuid::text", [id], as: String.self) == id.uuidString.lowercased())
        let generated: UUID = try conn.scalar("SELECT 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid")
        #expect(generated.uuidString == "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11")
    }

    @Test func byteaRoundTripsEveryByteValue() throws {
        let db = try TestDatabase.make()
        let conn = try db.connect()
        let everyByte = Data((0...255).map { UInt8($0) } + (0...255).reversed().map { UInt8($0) })
        let row = try #require(try conn.queryFirst(
            "SELECT $1::bytea AS b, length($1::bytea) AS n, encode($1::bytea, 'hex') AS hex, get_byte($1::bytea, 0) AS first",
            [everyByte]))
        #expect(try row.decode("b", as: Data.self) == everyByte)
        #expect(try row.decode("n", as: Int.self) == 512)
        #expect(try row.decode("first", as: Int.self) == 0)
        #expect(try row.decode("hex", as: String.self) == everyByte.map { String(format: "%02x", $0) }.joined())
        #expect(try conn.scalar("SELECT $1::bytea", [Data()], as: Data.self) == Data())
        #expect(try conn.scalar("SELECT '\\x00ff7f'::bytea", as: Data.self) == Data([0x00, 0xff, 0x7f]))
    }

    @Test func textArrayRoundTripsAwkwardElements() throws {
        let db = try TestDatabase.make()
        let conn = try db.connect()
        let awkward = ["plain", "with \"quotes\"", "back\\slash", "trailing\\", "\\\"", "com,ma", "{braces}", "NULL",
                       "null", "", "  spaced  ", "tab\there", "new\nline", "ünïcødé 🌮 日本語", "'single'", "a}b{c"]
        let back: [String] = try conn.scalar("SELECT $1::text[]", [awkward])
        #expect(back == awkward)
        // The server saw the very same elements, one by one.
        let elements = try conn.query("SELECT x FROM unnest($1::text[]) WITH ORDINALITY AS u(x, n) ORDER BY n", [awkward])
            .map { try $0.decode("x", as: String.self) }
        #expect(elements == awkward)
        #expect(try conn.scalar("SELECT cardinality($1::text[])", [awkward], as: Int.self) == awkward.count)
        #expect(try conn.scalar("SELECT 'com,ma' = ANY($1::text[])", [awkward], as: Bool.self))
        #expect(try conn.scalar("SELECT $1::text[]", [[String]()], as: [String].self) == [])
        let built: [String] = try conn.scalar("SELECT ARRAY['x y', 'q\"', 'b\\', '', 'é']")
        #expect(built == ["x y", "q\"", "b\\", "", "é"])
    }

    @Test func parameterWithNulByteIsRefusedWithoutBeingSent() throws {
        let db = try TestDatabase.make()
        let conn = try db.connect()
        try conn.execute("CREATE TABLE nul_probe (v text)")
        let error = try #require(throws: PostgresError.self) {
            try conn.query("INSERT INTO nul_probe (v) VALUES ($1), ($2)", ["fine", "before\u{0}after"])
        }
        #expect(error.sqlState == "22021")
        #expect(error.message.contains("$2"))
        let inArray = try #require(throws: PostgresError.self) {
            try conn.query("INSERT INTO nul_probe (v) SELECT unnest($1::text[])", [["ok", "x\u{0}y"]])
        }
        #expect(inArray.sqlState == "22021")
        // Had libpq sent it, the C string would have been cut at the NUL and "before" inserted.
        #expect(try conn.scalar("SELECT count(*) FROM nul_probe", as: Int.self) == 0)
        #expect(conn.isUsable)
        #expect(!conn.inTransaction)
        #expect(ErrorReport.describe(error).status == .dataError)
    }

    @Test func sqlInjectionInAParameterIsInert() throws {
        let db = try TestDatabase.make()
        let conn = try db.connect()
        try conn.execute("CREATE TABLE guests (name text NOT NULL)")
        let evil = "Robert'); DROP TABLE guests; --"
        try conn.query("INSERT INTO guests (name) VALUES ($1)", [evil])
        try conn.query("INSERT INTO guests (name) VALUES ($1)", ["alice"])
        #expect(try conn.query("SELECT name FROM guests ORDER BY name").map { try $0.decode("name", as: String.self) }
                == ["Robert'); DROP TABLE guests; --", "alice"])
        #expect(try conn.scalar("SELECT count(*) FROM guests WHERE name = $1", ["' OR '1'='1"], as: Int.self) == 0)
        #expect(try conn.scalar("SELECT to_regclass('guests') IS NOT NULL", as: Bool.self))
    }

    @Test func byteaDecodesInEscapeFormatToo() throws {
        let db = try TestDatabase.make()
        let conn = try db.connect()
        try conn.execute("SET bytea_output = 'escape'")
        let all = Data((0...255).map { UInt8($0) })
        #expect(try conn.scalar("SELECT $1::bytea", [all], as: Data.self) == all)
        #expect(try conn.scalar("SELECT 'a\\\\b\\000'::bytea", as: Data.self) == Data([0x61, 0x5c, 0x62, 0x00]))
    }

    @Test func decodersIgnoreDatabaseAndRoleSessionDefaults() throws {
        let db = try TestDatabase.make()
        let admin = try db.superuser()
        // Settings an administrator may well have set on the database: the connection must override all of them.
        try admin.execute("""
            ALTER DATABASE \(db.name) SET bytea_output = 'escape';
            ALTER DATABASE \(db.name) SET DateStyle = 'SQL, DMY';
            ALTER DATABASE \(db.name) SET TimeZone = 'Asia/Kolkata';
            ALTER DATABASE \(db.name) SET extra_float_digits = 0
            """)
        let conn = try db.connect()
        let row = try #require(try conn.queryFirst("""
            SELECT '\\x00ff'::bytea AS b, DATE '2026-11-21' AS d,
                   '2026-11-21 23:45:47.5+00'::timestamptz AS ts, 0.1::float8 + 0.2::float8 AS f
            """))
        #expect(try row.decode("b", as: Data.self) == Data([0x00, 0xff]))
        #expect(try row.decode("d", as: LocalDate.self) == LocalDate(year: 2026, month: 11, day: 21))
        #expect(Timestamp.rfc3339(try row.decode("ts", as: Date.self), fractional: true) == "2026-11-21T23:45:47.500000Z")
        #expect(try row.decode("f", as: Double.self) == 0.1 + 0.2)
    }
}

fileprivate extension String {
    /// `19.90` → `19.9`, `0.000` → `0`: numeric's text keeps the scale, Decimal does not.
    func trimmingTrailingZeros() -> String {
        guard contains(".") else { return self }
        var text = self
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}

import Foundation

/// A Swift value that can be sent as a text-format query parameter.
public protocol PostgresEncodable {
    /// The parameter's text form as PostgreSQL's input function reads it.
    var postgresText: String { get }
}

/// A Swift value that can be read from a text-format result column.
public protocol PostgresDecodable {
    /// Decodes the column's text form; throws `PostgresError(kind: .decoding)` when it does not parse.
    init(postgresText text: String) throws
    /// The value for SQL NULL; non-optional types throw.
    static func postgresNull(column: String) throws -> Self
}

extension PostgresDecodable {
    public static func postgresNull(column: String) throws -> Self {
        throw PostgresError(kind: .decoding, message: "column \"\(column)\" is NULL but \(Self.self) was expected")
    }
}

func decodingError<T>(_ text: String, as type: T.Type) -> PostgresError {
    PostgresError(kind: .decoding, message: "cannot decode \"\(text.prefix(40))\" as \(type)")
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public init(postgresText text: String) throws { self = .some(try Wrapped(postgresText: text)) }
    public static func postgresNull(column: String) throws -> Self { nil }
}

extension String: PostgresEncodable, PostgresDecodable {
    public var postgresText: String { self }
    public init(postgresText text: String) { self = text }
}

extension Substring: PostgresEncodable {
    public var postgresText: String { String(self) }
}

extension Bool: PostgresEncodable, PostgresDecodable {
    public var postgresText: String { self ? "t" : "f" }
    public init(postgresText text: String) throws {
        switch text {
        case "t", "true": self = true
        case "f", "false": self = false
        default: throw decodingError(text, as: Bool.self)
        }
    }
}

/// Integers travel as their decimal text; one implementation serves every width.
extension PostgresEncodable where Self: FixedWidthInteger {
    public var postgresText: String { String(self) }
}

extension PostgresDecodable where Self: FixedWidthInteger {
    public init(postgresText text: String) throws {
        guard let value = Self(text, radix: 10) else { throw decodingError(text, as: Self.self) }
        self = value
    }
}

extension Int: PostgresEncodable, PostgresDecodable {}
extension Int64: PostgresEncodable, PostgresDecodable {}
extension Int32: PostgresEncodable, PostgresDecodable {}
extension Int16: PostgresEncodable, PostgresDecodable {}

extension Double: PostgresEncodable, PostgresDecodable {
    public var postgresText: String {
        if isNaN { return "NaN" }
        if isInfinite { return self > 0 ? "Infinity" : "-Infinity" }
        return "\(self)"
    }
    public init(postgresText text: String) throws {
        switch text {
        case "NaN": self = .nan
        case "Infinity": self = .infinity
        case "-Infinity": self = -.infinity
        default:
            guard let value = Double(text) else { throw decodingError(text, as: Double.self) }
            self = value
        }
    }
}

extension Float: PostgresDecodable {
    public init(postgresText text: String) throws {
        self = Float(try Double(postgresText: text))
    }
}

/// NUMERIC travels as `Decimal`, never through a binary floating point.
extension Decimal: PostgresEncodable, PostgresDecodable {
    public var postgresText: String { NSDecimalNumber(decimal: self).stringValue }
    public init(postgresText text: String) throws {
        // Decimal holds 38 digits: it silently rounds a longer numeric, so check that nothing was lost.
        guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), !value.isNaN,
              NSDecimalNumber(decimal: value).stringValue == Decimal.canonicalNumeric(text) else {
            throw decodingError(text, as: Decimal.self)
        }
        self = value
    }

    /// numeric's output without what Decimal's text omits: trailing fractional zeros, leading zeros, a "+".
    static func canonicalNumeric(_ text: String) -> String {
        var digits = Substring(text)
        var sign = ""
        if digits.hasPrefix("-") { sign = "-"; digits = digits.dropFirst() } else if digits.hasPrefix("+") { digits = digits.dropFirst() }
        if digits.contains(".") {
            while digits.hasSuffix("0") { digits = digits.dropLast() }
            if digits.hasSuffix(".") { digits = digits.dropLast() }
        }
        while digits.count > 1, digits.hasPrefix("0"), !digits.hasPrefix("0.") { digits = digits.dropFirst() }
        if digits.isEmpty || digits == "0" { return "0" }
        return sign + digits
    }
}

extension UUID: PostgresEncodable, PostgresDecodable {
    public var postgresText: String { lowercasedText }
    public init(postgresText text: String) throws {
        guard let value = UUID(text: text) else { throw decodingError(text, as: UUID.self) }
        self = value
    }
}

/// `bytea` in PostgreSQL's hex format.
extension Data: PostgresEncodable, PostgresDecodable {
    public var postgresText: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]("\\x".utf8)
        out.reserveCapacity(2 + count * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
    public init(postgresText text: String) throws {
        let bytes = Array(text.utf8)
        guard bytes.count >= 2, bytes[0] == UInt8(ascii: "\\"), bytes[1] == UInt8(ascii: "x") else {
            self = try Data.decodeEscapeFormat(bytes, text: text)
            return
        }
        guard let decoded = Data(hexDigits: bytes.dropFirst(2)) else { throw decodingError(text, as: Data.self) }
        self = decoded
    }
}

extension Data {
    /// The bytes spelt by hexadecimal digits (either case, two per byte); nil for an odd count or any other character.
    public init?(hexDigits digits: some Collection<UInt8>) {
        guard digits.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
        var out = Data(capacity: digits.count / 2)
        var high: UInt8?
        for digit in digits {
            guard let value = nibble(digit) else { return nil }
            if let first = high {
                out.append(first << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        self = out
    }
}

extension Data {
    /// bytea's "escape" output format (bytea_output = 'escape'): `\\` is a backslash, `\ooo` an octal byte,
    /// anything else the byte itself.
    static func decodeEscapeFormat(_ bytes: [UInt8], text: String) throws -> Data {
        var out = Data(capacity: bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                index += 1
                continue
            }
            if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\\") {
                out.append(byte)
                index += 2
                continue
            }
            guard index + 4 <= bytes.count else {
                throw decodingError(text, as: Data.self)
            }
            var value = 0
            for digit in bytes[(index + 1)...(index + 3)] {
                guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "7") else { throw decodingError(text, as: Data.self) }
                value = value * 8 + Int(digit - UInt8(ascii: "0"))
            }
            guard value <= 255 else { throw decodingError(text, as: Data.self) }
            out.append(UInt8(value))
            index += 4
        }
        return out
    }
}

/// `timestamptz`: sent as RFC 3339 in UTC with microseconds; read in the session's ISO DateStyle
/// (the connection sets `TimeZone=UTC`, but any numeric offset is honoured).
extension Date: PostgresEncodable, PostgresDecodable {
    public var postgresText: String { Timestamp.rfc3339(self, fractional: true) }
    public init(postgresText text: String) throws {
        guard let date = Timestamp.parsePostgres(text) else { throw decodingError(text, as: Date.self) }
        self = date
    }
}

/// A SQL array of text (`text[]`), for `= ANY($1)` and array columns.
extension Array: PostgresEncodable where Element == String {
    public var postgresText: String {
        "{" + map { element in
            var quoted = "\""
            for character in element.unicodeScalars {
                if character == "\"" || character == "\\" { quoted.unicodeScalars.append("\\") }
                quoted.unicodeScalars.append(character)
            }
            return quoted + "\""
        }.joined(separator: ",") + "}"
    }
}

extension Array: PostgresDecodable where Element == String {
    /// Parses a one-dimensional text array literal such as `{a,"b c",NULL}` (NULL elements are refused).
    public init(postgresText text: String) throws {
        let scalars = Array<Unicode.Scalar>(text.unicodeScalars)
        guard scalars.first == "{", scalars.last == "}" else { throw decodingError(text, as: [String].self) }
        var result: [String] = []
        var index = 1
        let end = scalars.count - 1
        if end == 1 { self = []; return }
        while index < end {
            var element = String.UnicodeScalarView()
            var quoted = false
            if scalars[index] == "\"" {
                quoted = true
                index += 1
                while index < end, scalars[index] != "\"" {
                    if scalars[index] == "\\" { index += 1 }
                    guard index < end else { break }
                    element.append(scalars[index])
                    index += 1
                }
                index += 1
            } else {
                while index < end, scalars[index] != "," {
                    element.append(scalars[index])
                    index += 1
                }
            }
            let value = String(element)
            if !quoted, value == "NULL" { throw decodingError(text, as: [String].self) }
            result.append(value)
            index += 1 // the comma
        }
        self = result
    }
}

/// A calendar date without a time (`date` columns), e.g. 2026-11-21.
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible, PostgresEncodable, PostgresDecodable, Codable {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`, refusing impossible dates such as 2026-02-30.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), d >= 1, d <= LocalDate.daysIn(year: y, month: m) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public init(postgresText text: String) throws {
        guard let value = LocalDate(text) else { throw decodingError(text, as: LocalDate.self) }
        self = value
    }

    public var postgresText: String { description }
    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// Days since 1970-01-01 (proleptic Gregorian).
    public var daysSinceEpoch: Int { Timestamp.daysFromCivil(year: year, month: month, day: day) }

    public init(daysSinceEpoch days: Int) {
        let (y, m, d) = Timestamp.civilFromDays(days)
        self.init(year: y, month: m, day: d)
    }

    public func adding(days: Int) -> LocalDate { LocalDate(daysSinceEpoch: daysSinceEpoch + days) }

    /// The UTC calendar day containing `date`.
    public static func utc(_ date: Date) -> LocalDate {
        LocalDate(daysSinceEpoch: Int((date.timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = LocalDate(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected YYYY-MM-DD"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

import Foundation

/// Fast, locale-free conversions between `Date` and the textual forms TacoTracker reads and writes.
public enum Timestamp {
    /// Days from 1970-01-01 to the given proleptic Gregorian date (Howard Hinnant's algorithm).
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The inverse of `daysFromCivil`.
    public static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// RFC 3339 in UTC: `2026-11-21T23:45:47Z`, or with microseconds when `fractional`.
    public static func rfc3339(_ date: Date, fractional: Bool = false) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(28)
        appendRFC3339(date, fractional: fractional, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Writes `rfc3339(date, fractional:)` as UTF-8 to `bytes`. By hand: String(format:) goes through CoreFoundation
    /// and was a quarter of the CPU time of `orders queue --format json` (three timestamps per order).
    public static func appendRFC3339(_ date: Date, fractional: Bool, to bytes: inout [UInt8]) {
        let totalMicros = (date.timeIntervalSince1970 * 1_000_000).rounded()
        var micros = Int64(totalMicros)
        var seconds = micros / 1_000_000
        micros %= 1_000_000
        if micros < 0 { micros += 1_000_000; seconds -= 1 }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 { secondOfDay += 86_400; days -= 1 }
        let (y, m, d) = civilFromDays(Int(days))
        appendDigits(y, width: y >= 10_000 ? 5 : 4, to: &bytes)
        bytes.append(UInt8(ascii: "-")); appendDigits(m, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "-")); appendDigits(d, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "T")); appendDigits(Int(secondOfDay / 3600), width: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":")); appendDigits(Int(secondOfDay % 3600 / 60), width: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":")); appendDigits(Int(secondOfDay % 60), width: 2, to: &bytes)
        if fractional && micros != 0 { bytes.append(UInt8(ascii: ".")); appendDigits(Int(micros), width: 6, to: &bytes) }
        bytes.append(UInt8(ascii: "Z"))
    }

    /// `value` zero-padded to `width` digits (a negative year gets a leading minus).
    private static func appendDigits(_ value: Int, width: Int, to bytes: inout [UInt8]) {
        var rest = value
        if rest < 0 { bytes.append(UInt8(ascii: "-")); rest = -rest }
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width))
        var index = start + width - 1
        while rest > 0 && index >= start {
            bytes[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
            index -= 1
        }
    }

    /// Parses PostgreSQL's ISO output (`2026-11-21 23:45:47.123456+00`, `…+05:30`) and RFC 3339
    /// (`2026-11-21T23:45:47Z`, `…-08:00`). Returns nil for anything else.
    public static func parsePostgres(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parsePostgres(utf8: UnsafeRawBufferPointer($0)) }
    }

    /// `parsePostgres` on UTF-8 bytes (for parsers that hold a buffer, not a String).
    public static func parsePostgres(utf8 bytes: UnsafeRawBufferPointer) -> Date? {
        if bytes.count >= 3, bytes[bytes.count - 3] == UInt8(ascii: " "), bytes[bytes.count - 2] == UInt8(ascii: "B"),
           bytes[bytes.count - 1] == UInt8(ascii: "C") { return nil }
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= bytes.count else { return nil }
            var value = 0
            for _ in 0..<digits {
                let c = bytes[index]
                guard c >= 48, c <= 57 else { return nil }
                value = value * 10 + Int(c - 48)
                index += 1
            }
            return value
        }
        func expect(_ char: UInt8, or other: UInt8? = nil, or third: UInt8? = nil) -> Bool {
            guard index < bytes.count, bytes[index] == char || bytes[index] == other || bytes[index] == third else { return false }
            index += 1
            return true
        }
        let dash = UInt8(ascii: "-"), colon = UInt8(ascii: ":")
        guard let year = number(4), expect(dash), let month = number(2), expect(dash), let day = number(2),
              (1...12).contains(month), (1...31).contains(day),
              expect(UInt8(ascii: " "), or: UInt8(ascii: "T"), or: UInt8(ascii: "t")), let hour = number(2), expect(colon),
              let minute = number(2), expect(colon),
              let second = number(2), hour < 24, minute < 60, second < 61 else { return nil }
        var micros = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var digits = 0
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                if digits < 6 { micros = micros * 10 + Int(bytes[index] - 48); digits += 1 }
                index += 1
            }
            while digits < 6 { micros *= 10; digits += 1 }
        }
        var offsetSeconds = 0
        if index < bytes.count {
            let sign = bytes[index]
            if sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z") {
                index += 1
            } else if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                index += 1
                guard let oh = number(2) else { return nil }
                var om = 0, os = 0
                if index < bytes.count, bytes[index] == UInt8(ascii: ":") { index += 1 }
                if index < bytes.count { guard let value = number(2) else { return nil }; om = value }
                if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
                    index += 1
                    guard let value = number(2) else { return nil }
                    os = value
                }
                offsetSeconds = (oh * 3600 + om * 60 + os) * (sign == UInt8(ascii: "-") ? -1 : 1)
            } else {
                return nil
            }
        } else {
            return nil // a timestamp without a zone is ambiguous
        }
        guard index == bytes.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Date(timeIntervalSince1970: Double(seconds) + Double(micros) / 1_000_000)
    }
}

import Foundation

/// A byte-level reader for the body of `POST /api/v1/trucks/{id}/positions`, `{"fixes":[{"recorded_at",…},…]}`.
///
/// JSONDecoder (generic metadata lookups, retain/release per value) was most of the service's CPU, ~1 ms per 100
/// fixes. This reads the one shape the endpoint takes straight from the request's bytes. It is a fast path only:
/// for anything it does not read exactly as JSONDecoder plus `parseTime` would, it returns nil and the caller runs
/// that path, which owns every error message. So it is stricter than JSONDecoder, never more lenient: it declines
/// duplicate keys (JSONDecoder keeps the first), trailing commas and non-JSON numbers in ignored values (JSONDecoder
/// accepts both), a byte-order mark, escapes in keys, escapes and non-ASCII in `recorded_at`, raw control characters
/// and invalid UTF-8 in strings, nesting deeper than `maxDepth`, numbers longer than `maxNumberLength`, zeros with an
/// exponent, subnormal results, and every number or time JSONDecoder or `parseTime` would refuse.
public enum PositionBatchJSON {
    /// Nesting allowed in ignored values (JSONDecoder's own limit is 512).
    public static let maxDepth = 64
    /// The longest number text read (longer ones need more digits than a Double holds; JSONDecoder decides them).
    public static let maxNumberLength = 64

    /// The fixes of a well-formed body, identical to JSONDecoder + `parseTime`, or nil: run that path instead.
    public static func parse(_ body: UnsafeRawBufferPointer) -> [PositionFix]? {
        guard let base = body.baseAddress else { return nil }
        var reader = Reader(base: base.assumingMemoryBound(to: UInt8.self), count: body.count)
        return reader.document()
    }

    /// The reference reading, and the path for every body `parse` declines: JSONDecoder into this shape, then
    /// `parseTime` per fix (`fixes()`). Its errors are the endpoint's error messages.
    public struct Body: Decodable, Sendable {
        public struct Fix: Decodable, Sendable {
            public let recorded_at: String
            public let lat: Double
            public let lon: Double
            public let accuracy_m: Double?
            public let speed_mps: Double?
            public let heading_deg: Double?
        }
        public let fixes: [Fix]

        /// The fixes in order, or the index of the first whose `recorded_at` `parseTime` refuses.
        public func positionFixes() -> Result<[PositionFix], UnparsableTime> {
            var result: [PositionFix] = []
            result.reserveCapacity(fixes.count)
            for (index, fix) in fixes.enumerated() {
                guard let at = PositionBatchJSON.parseTime(fix.recorded_at) else { return .failure(UnparsableTime(index: index)) }
                result.append(PositionFix(recordedAt: at, lat: fix.lat, lon: fix.lon, accuracyM: fix.accuracy_m,
                                          speedMps: fix.speed_mps, headingDeg: fix.heading_deg))
            }
            return .success(result)
        }
    }

    /// `fixes[index].recorded_at` is not a time `parseTime` reads.
    public struct UnparsableTime: Error, Sendable, Equatable {
        public let index: Int
    }

    /// `parse` on any byte collection with contiguous storage (nil for one without).
    public static func parse<Bytes: Collection>(_ bytes: Bytes) -> [PositionFix]? where Bytes.Element == UInt8 {
        bytes.withContiguousStorageIfAvailable { parse(UnsafeRawBufferPointer($0)) } ?? nil
    }

    /// A fix's `recorded_at`: RFC 3339 (or PostgreSQL's form) with a zone, fractions cut to milliseconds, as
    /// ISO8601DateFormatter read them, so a re-sent fix is still a duplicate.
    public static func parseTime(_ text: String) -> Date? {
        var text = text
        if let dot = text.firstIndex(of: ".") {
            let digitsEnd = text[text.index(after: dot)...].firstIndex { !("0"..."9").contains($0) } ?? text.endIndex
            let keep = text.index(dot, offsetBy: 4, limitedBy: digitsEnd) ?? digitsEnd
            text = String(text[..<keep] + text[digitsEnd...])
        }
        return Timestamp.parsePostgres(text)
    }

    /// `parseTime` on printable ASCII bytes (where a byte is a Character, so both cut the same digits).
    static func parseTime(ascii text: UnsafeBufferPointer<UInt8>) -> Date? {
        guard let dot = text.firstIndex(of: UInt8(ascii: ".")) else {
            return Timestamp.parsePostgres(utf8: UnsafeRawBufferPointer(text))
        }
        var digitsEnd = dot + 1
        while digitsEnd < text.count, isDigit(text[digitsEnd]) { digitsEnd += 1 }
        let keep = min(dot + 4, digitsEnd)
        let length = keep + (text.count - digitsEnd)
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: length) { cut in
            _ = cut.initialize(fromContentsOf: text[..<keep])
            _ = cut[keep...].initialize(fromContentsOf: text[digitsEnd...])
            return Timestamp.parsePostgres(utf8: UnsafeRawBufferPointer(cut))
        }
    }

    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    /// Powers of ten a Double holds exactly (Clinger's fast path).
    static let exactPowers: [Double] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
                                        1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]

    /// The known keys; `fieldBit` marks which a fix has had (a second one is a duplicate).
    enum Key: UInt8 {
        case fixes, recordedAt, lat, lon, accuracy, speed, heading, unknown
        var fieldBit: UInt8 { 1 << rawValue }
    }

    struct Reader {
        let base: UnsafePointer<UInt8>
        let count: Int
        var index = 0

        init(base: UnsafePointer<UInt8>, count: Int) {
            self.base = base
            self.count = count
        }

        @inline(__always) var atEnd: Bool { index >= count }
        /// The current byte, or 0 at the end (0 never starts or continues anything valid here).
        @inline(__always) var byte: UInt8 { index < count ? base[index] : 0 }

        @inline(__always) mutating func skipSpace() {
            while index < count {
                switch base[index] {
                case 0x20, 0x0A, 0x0D, 0x09: index += 1
                default: return
                }
            }
        }

        /// Skips whitespace and takes `expected` if it is next.
        @inline(__always) mutating func take(_ expected: UInt8) -> Bool {
            skipSpace()
            guard byte == expected else { return false }
            index += 1
            return true
        }

        mutating func document() -> [PositionFix]? {
            guard take(UInt8(ascii: "{")) else { return nil }
            var fixes: [PositionFix]?
            if take(UInt8(ascii: "}")) { return nil }
            repeat {
                skipSpace()
                guard let key = key(), take(UInt8(ascii: ":")) else { return nil }
                skipSpace()
                if key == .fixes {
                    guard fixes == nil, let array = fixArray() else { return nil }
                    fixes = array
                } else {
                    guard skipValue(depth: 1) else { return nil }
                }
            } while take(UInt8(ascii: ","))
            guard take(UInt8(ascii: "}")) else { return nil }
            skipSpace()
            guard atEnd else { return nil }
            return fixes
        }

        mutating func fixArray() -> [PositionFix]? {
            guard take(UInt8(ascii: "[")) else { return nil }
            var fixes: [PositionFix] = []
            if take(UInt8(ascii: "]")) { return fixes }
            fixes.reserveCapacity(count / 96)
            repeat {
                guard let fix = fix() else { return nil }
                fixes.append(fix)
            } while take(UInt8(ascii: ","))
            guard take(UInt8(ascii: "]")) else { return nil }
            return fixes
        }

        mutating func fix() -> PositionFix? {
            guard take(UInt8(ascii: "{")) else { return nil }
            var seen: UInt8 = 0
            var recordedAt: Date?
            var lat = 0.0, lon = 0.0
            var accuracy: Double?, speed: Double?, heading: Double?
            repeat {
                skipSpace()
                guard let key = key(), take(UInt8(ascii: ":")) else { return nil }
                skipSpace()
                if key != .unknown {
                    guard seen & key.fieldBit == 0 else { return nil }
                    seen |= key.fieldBit
                }
                switch key {
                case .recordedAt:
                    guard let time = time() else { return nil }
                    recordedAt = time
                case .lat:
                    guard let value = number() else { return nil }
                    lat = value
                case .lon:
                    guard let value = number() else { return nil }
                    lon = value
                case .accuracy:
                    guard let value = optionalNumber() else { return nil }
                    accuracy = value
                case .speed:
                    guard let value = optionalNumber() else { return nil }
                    speed = value
                case .heading:
                    guard let value = optionalNumber() else { return nil }
                    heading = value
                case .fixes, .unknown:
                    guard skipValue(depth: 3) else { return nil }
                }
            } while take(UInt8(ascii: ","))
            let required = Key.recordedAt.fieldBit | Key.lat.fieldBit | Key.lon.fieldBit
            guard take(UInt8(ascii: "}")), seen & required == required, let recordedAt else { return nil }
            return PositionFix(recordedAt: recordedAt, lat: lat, lon: lon, accuracyM: accuracy, speedMps: speed,
                               headingDeg: heading)
        }

        /// The bytes of a string with no escapes, no control characters and only ASCII (the quote is next).
        mutating func plainString() -> UnsafeBufferPointer<UInt8>? {
            guard byte == UInt8(ascii: "\"") else { return nil }
            index += 1
            let start = index
            while index < count {
                let c = base[index]
                if c == UInt8(ascii: "\"") {
                    index += 1
                    return UnsafeBufferPointer(start: base + start, count: index - 1 - start)
                }
                guard c >= 0x20, c < 0x7F, c != UInt8(ascii: "\\") else { return nil }
                index += 1
            }
            return nil
        }

        /// A member's name: which known key, `.unknown`, or nil for one with an escape (JSONDecoder would unescape
        /// it, maybe into a known key), a control character or invalid UTF-8.
        mutating func key() -> Key? {
            guard byte == UInt8(ascii: "\"") else { return nil }
            index += 1
            let start = index
            var ascii = true
            while index < count, base[index] != UInt8(ascii: "\"") {
                let c = base[index]
                if c >= 0x80 {
                    guard skipUTF8Sequence() else { return nil }
                    ascii = false
                } else {
                    guard c >= 0x20, c != UInt8(ascii: "\\") else { return nil }
                    index += 1
                }
            }
            guard index < count else { return nil }
            let length = index - start
            index += 1
            // No non-ASCII name is canonically equivalent to an all-lowercase ASCII one, as String's == would test.
            guard ascii else { return .unknown }
            func equals(_ name: StaticString) -> Bool {
                name.utf8CodeUnitCount == length && memcmp(name.utf8Start, base + start, length) == 0
            }
            switch length {
            case 3: return equals("lat") ? .lat : equals("lon") ? .lon : .unknown
            case 5: return equals("fixes") ? .fixes : .unknown
            case 9: return equals("speed_mps") ? .speed : .unknown
            case 10: return equals("accuracy_m") ? .accuracy : .unknown
            case 11: return equals("recorded_at") ? .recordedAt : equals("heading_deg") ? .heading : .unknown
            default: return .unknown
            }
        }

        mutating func time() -> Date? {
            guard let text = plainString() else { return nil }
            return PositionBatchJSON.parseTime(ascii: text)
        }

        /// `null` or a number: .some(nil) for null, nil when it is neither.
        mutating func optionalNumber() -> Double?? {
            if literal("null") { return .some(nil) }
            guard let value = number() else { return nil }
            return .some(value)
        }

        mutating func literal(_ word: StaticString) -> Bool {
            let length = word.utf8CodeUnitCount
            guard count - index >= length, memcmp(word.utf8Start, base + index, length) == 0 else { return false }
            index += length
            return true
        }

        /// A JSON number as the nearest Double (as strtod rounds), or nil for a malformed, infinite, underflowing
        /// or subnormal one.
        mutating func number() -> Double? {
            let start = index
            let negative = byte == UInt8(ascii: "-")
            if negative { index += 1 }
            var mantissa: UInt64 = 0
            var significant = 0
            var exponent = 0
            var inexact = false
            let first = byte
            guard isDigit(first) else { return nil }
            if first == UInt8(ascii: "0") {
                index += 1
                guard !isDigit(byte) else { return nil }
            } else {
                while index < count, isDigit(base[index]) {
                    if significant < 19 {
                        mantissa = mantissa &* 10 &+ UInt64(base[index] &- UInt8(ascii: "0"))
                        significant += 1
                    } else {
                        exponent += 1
                        if base[index] != UInt8(ascii: "0") { inexact = true }
                    }
                    index += 1
                }
            }
            if byte == UInt8(ascii: ".") {
                index += 1
                guard isDigit(byte) else { return nil }
                while index < count, isDigit(base[index]) {
                    let digit = base[index] &- UInt8(ascii: "0")
                    if mantissa == 0 && digit == 0 {
                        exponent -= 1
                    } else if significant < 19 {
                        mantissa = mantissa &* 10 &+ UInt64(digit)
                        significant += 1
                        exponent -= 1
                    } else if digit != 0 {
                        inexact = true
                    }
                    index += 1
                }
            }
            let hasExponent = byte | 0x20 == UInt8(ascii: "e")
            if hasExponent {
                index += 1
                let negativeExponent = byte == UInt8(ascii: "-")
                if negativeExponent || byte == UInt8(ascii: "+") { index += 1 }
                guard isDigit(byte) else { return nil }
                var value = 0
                while index < count, isDigit(base[index]) {
                    if value < 100_000 { value = value * 10 + Int(base[index] &- UInt8(ascii: "0")) }
                    index += 1
                }
                exponent += negativeExponent ? -value : value
            }
            if mantissa == 0 {
                // JSONDecoder re-reads a zero to tell it from an underflow, and misreads some with an exponent
                // (it refuses 0e7 but takes 0e10): those are its call.
                guard !hasExponent else { return nil }
                return negative ? -0.0 : 0.0
            }
            if !inexact, mantissa < 1 << 53, (-22...22).contains(exponent) {
                let value = exponent >= 0 ? Double(mantissa) * exactPowers[exponent]
                                          : Double(mantissa) / exactPowers[-exponent]
                return negative ? -value : value
            }
            return strtodCopy(start: start)
        }

        /// The number at `start..<index` read by strtod from a NUL-terminated stack copy.
        func strtodCopy(start: Int) -> Double? {
            let length = index - start
            guard length <= PositionBatchJSON.maxNumberLength else { return nil }
            // strtod reads the C locale's decimal point: the process never calls setlocale.
            let value = withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { copy -> Double in
                guard let text = copy.baseAddress else { return .nan }
                UnsafeMutableRawBufferPointer(copy).copyMemory(from: UnsafeRawBufferPointer(start: base + start, count: length))
                copy[length] = 0
                return strtod(text, nil)
            }
            // Overflow JSONDecoder refuses; underflow to zero it refuses; subnormals are left to it.
            guard value.isFinite, value.magnitude >= Double.leastNormalMagnitude else { return nil }
            return value
        }

        /// Steps over any valid JSON value (stricter than JSONDecoder, which checks ignored values only loosely).
        mutating func skipValue(depth: Int) -> Bool {
            switch byte {
            case UInt8(ascii: "\""):
                return skipString()
            case UInt8(ascii: "{"):
                guard depth < PositionBatchJSON.maxDepth else { return false }
                index += 1
                if take(UInt8(ascii: "}")) { return true }
                repeat {
                    skipSpace()
                    guard skipString(), take(UInt8(ascii: ":")) else { return false }
                    skipSpace()
                    guard skipValue(depth: depth + 1) else { return false }
                } while take(UInt8(ascii: ","))
                return take(UInt8(ascii: "}"))
            case UInt8(ascii: "["):
                guard depth < PositionBatchJSON.maxDepth else { return false }
                index += 1
                if take(UInt8(ascii: "]")) { return true }
                repeat {
                    skipSpace()
                    guard skipValue(depth: depth + 1) else { return false }
                } while take(UInt8(ascii: ","))
                return take(UInt8(ascii: "]"))
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            default: return skipNumber()
            }
        }

        /// Steps over a number in JSON's grammar without converting it.
        mutating func skipNumber() -> Bool {
            if byte == UInt8(ascii: "-") { index += 1 }
            guard isDigit(byte) else { return false }
            if byte == UInt8(ascii: "0") {
                index += 1
                guard !isDigit(byte) else { return false }
            } else {
                skipDigits()
            }
            if byte == UInt8(ascii: ".") {
                index += 1
                guard isDigit(byte) else { return false }
                skipDigits()
            }
            if byte | 0x20 == UInt8(ascii: "e") {
                index += 1
                if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") { index += 1 }
                guard isDigit(byte) else { return false }
                skipDigits()
            }
            return true
        }

        @inline(__always) mutating func skipDigits() {
            while index < count, isDigit(base[index]) { index += 1 }
        }

        /// Steps over a string with valid escapes and valid UTF-8 (the quote is next).
        mutating func skipString() -> Bool {
            guard byte == UInt8(ascii: "\"") else { return false }
            index += 1
            while index < count {
                let c = base[index]
                switch c {
                case UInt8(ascii: "\""):
                    index += 1
                    return true
                case UInt8(ascii: "\\"):
                    index += 1
                    switch byte {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                         UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        index += 1
                    case UInt8(ascii: "u"):
                        index += 1
                        guard count - index >= 4 else { return false }
                        for _ in 0..<4 {
                            guard base[index].isHexDigit else { return false }
                            index += 1
                        }
                    default:
                        return false
                    }
                case 0..<0x20:
                    return false
                case 0x20..<0x80:
                    index += 1
                default:
                    guard skipUTF8Sequence() else { return false }
                }
            }
            return false
        }

        /// Steps over one multi-byte UTF-8 sequence: no overlong forms, surrogates or values above U+10FFFF.
        mutating func skipUTF8Sequence() -> Bool {
            guard let length = UTF8Check.sequenceLength(UnsafeBufferPointer(start: base, count: count), at: index) else { return false }
            index += length
            return true
        }
    }
}

private extension UInt8 {
    var isHexDigit: Bool {
        PositionBatchJSON.isDigit(self) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self | 0x20)
    }
}

import Foundation
import Testing
@testable import TacoKit

/// The byte-level positions body reader against the path it stands in for: JSONDecoder into
/// `PositionBatchJSON.Body` (what the service falls back to), then `parseTime` per fix. Whatever the fast reader
/// accepts must come out identical, bit for bit; whatever it declines, the JSONDecoder path decides.
@Suite("Positions body: the byte-level reader agrees with JSONDecoder")
struct PositionBatchJSONTests {
    /// The service's path: nil where it answers 400 (malformed JSON or an unparsable recorded_at).
    static func decoderPath(_ bytes: [UInt8]) -> [PositionFix]? {
        guard let document = try? JSONDecoder().decode(PositionBatchJSON.Body.self, from: Data(bytes)) else { return nil }
        return try? document.positionFixes().get()
    }

    /// Why the JSONDecoder path refuses a body (for failure messages).
    static func refusal(_ bytes: [UInt8]) -> String {
        do {
            let document = try JSONDecoder().decode(PositionBatchJSON.Body.self, from: Data(bytes))
            return document.fixes.map { PositionBatchJSON.parseTime($0.recorded_at) == nil ? $0.recorded_at : "" }.joined()
        } catch {
            return "\(error)"
        }
    }

    static func fast(_ text: String) -> [PositionFix]? { PositionBatchJSON.parse(Array(text.utf8)) }

    /// Equal to the bit: `==` would take 0.0 for -0.0.
    static func identical(_ a: [PositionFix], _ b: [PositionFix]) -> Bool {
        func bits(_ value: Double?) -> UInt64? { value?.bitPattern }
        return a.count == b.count && zip(a, b).allSatisfy { x, y in
            bits(x.recordedAt.timeIntervalSinceReferenceDate) == bits(y.recordedAt.timeIntervalSinceReferenceDate)
                && bits(x.lat) == bits(y.lat) && bits(x.lon) == bits(y.lon) && bits(x.accuracyM) == bits(y.accuracyM)
                && bits(x.speedMps) == bits(y.speedMps) && bits(x.headingDeg) == bits(y.headingDeg)
        }
    }

    @Test("4,000 random well-formed bodies: accepted, and identical to JSONDecoder + parseTime")
    func randomBodies() throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        var generator = BodyGenerator(seed: seed)
        var fixCount = 0
        for round in 0..<4000 {
            let body = generator.body()
            let bytes = Array(body.utf8)
            let reference = try #require(Self.decoderPath(bytes), "seed \(seed) round \(round): JSONDecoder refused \(body)")
            let fast = try #require(PositionBatchJSON.parse(bytes), "seed \(seed) round \(round): declined \(body)")
            #expect(Self.identical(fast, reference), "seed \(seed) round \(round): \(body)")
            fixCount += fast.count
        }
        #expect(fixCount > 4000)
    }

    @Test("4,000 mutated bodies: whatever the reader still accepts, JSONDecoder reads the same")
    func mutatedBodies() {
        let seed = UInt64.random(in: 0...UInt64.max)
        var generator = BodyGenerator(seed: seed)
        var accepted = 0, declined = 0, declinedButDecoded = 0
        for round in 0..<4000 {
            var bytes = Array(generator.body(maxFixes: 3).utf8)
            for _ in 0...generator.int(0...2) { generator.mutate(&bytes) }
            let reference = Self.decoderPath(bytes)
            if let fast = PositionBatchJSON.parse(bytes) {
                accepted += 1
                #expect(reference.map { Self.identical(fast, $0) } == true,
                        "seed \(seed) round \(round): \(Self.refusal(bytes)) in \(String(reflecting: String(decoding: bytes, as: UTF8.self)))")
            } else {
                declined += 1
                if reference != nil { declinedButDecoded += 1 }
            }
        }
        // Both outcomes must be exercised, or the test proves nothing.
        #expect(accepted > 100 && declined > 1000, "accepted \(accepted), declined \(declined) (\(declinedButDecoded) left to JSONDecoder)")
    }

    @Test("number spellings are read as strtod reads them, bit for bit",
          arguments: ["0", "-0", "0.0", "-0.0", "0.000", "-0.00000", "1", "-1", "5E2", "1e-3", "1E+2",
                      "1.0e-5", "0.1", "0.2", "0.3", "37.7749295", "-122.41941550000001", "37.774929123456789",
                      "9007199254740992", "9007199254740993", "9007199254740995", "18014398509481985",
                      "1e22", "1e23", "1.5e22", "123456789e-22", "1e-22", "4.35e-23", "8.98846567431158e307",
                      "1.7976931348623157e308", "2.2250738585072014e-308",
                      "123456789012345678901234567890", "0.000000000000000000000000000001234567890123456789",
                      "12345678901234567890", "1234567890123456789", "99999999999999999999e-20", "7.2057594037927933e16",
                      "0.1e1", "1E-0", "-1e+0", "3.141592653589793238462643383279", "100000000000000000000000",
                      "2.5e-300", "6.02214076e23", "1.00000000000000011102230246251565404236316680908203125",
                      "1.00000000000000011102230246251565404236316680908203124", "-180", "180", "90.0000000000000001"])
    func numbers(_ spelling: String) throws {
        let negated = spelling.hasPrefix("-") ? String(spelling.dropFirst()) : "-" + spelling
        let body = "{\"fixes\":[{\"recorded_at\":\"2026-11-21T12:00:00Z\",\"lat\":\(spelling),\"lon\":\(negated),\"speed_mps\":\(spelling)}]}"
        let fast = try #require(Self.fast(body), "\(spelling) declined")
        let reference = try #require(Self.decoderPath(Array(body.utf8)))
        #expect(Self.identical(fast, reference), "\(spelling): \(fast[0].lat) vs \(reference[0].lat)")
        #expect(fast[0].lat.bitPattern == Double(spelling)?.bitPattern)
    }

    /// A body the reader must decline; `decoderAccepts` says whether JSONDecoder then reads it (the reader is only
    /// declining, stricter than needed) or refuses it too (the service answers 400 from the JSONDecoder path).
    struct Declined: CustomTestStringConvertible, Sendable {
        let what: String
        let body: [UInt8]
        let decoderAccepts: Bool
        var testDescription: String { what }

        init(_ what: String, _ body: String, decoderAccepts: Bool = false) {
            self.init(what, Array(body.utf8), decoderAccepts: decoderAccepts)
        }

        init(_ what: String, _ body: [UInt8], decoderAccepts: Bool = false) {
            self.what = what
            self.body = body
            self.decoderAccepts = decoderAccepts
        }

        /// One fix with `members` spliced in after recorded_at.
        static func fix(_ what: String, _ members: String, decoderAccepts: Bool = false) -> Declined {
            Declined(what, "{\"fixes\":[{\"recorded_at\":\"2026-11-21T12:00:00Z\"\(members)}]}", decoderAccepts: decoderAccepts)
        }
    }

    static let declined: [Declined] = [
        Declined("empty body", ""),
        Declined("whitespace only", " \n"),
        Declined("top level array", "[]"),
        Declined("top level string", "\"fixes\""),
        Declined("empty object (no fixes)", "{}"),
        Declined("fixes null", "{\"fixes\":null}"),
        Declined("fixes an object", "{\"fixes\":{}}"),
        Declined("fix not an object", "{\"fixes\":[1]}"),
        Declined("fix null", "{\"fixes\":[null]}"),
        Declined("empty fix", "{\"fixes\":[{}]}"),
        Declined("trailing garbage", "{\"fixes\":[]} x"),
        Declined("two documents", "{\"fixes\":[]}{\"fixes\":[]}"),
        Declined("trailing NUL", "{\"fixes\":[]}\u{0}"),
        Declined("truncated in fixes", "{\"fixes\":[{\"recorded_at\":\"2026-11-21T12:00:00Z\",\"lat\":1,\"lon\":2}"),
        Declined("truncated in number", "{\"fixes\":[{\"recorded_at\":\"2026-11-21T12:00:00Z\",\"lat\":1,\"lon\":2"),
        Declined("truncated in string", "{\"fixes\":[{\"recorded_at\":\"2026-11-21T12:0"),
        Declined("missing colon", "{\"fixes\"[]}"),
        Declined("missing comma", "{\"fixes\":[{\"recorded_at\":\"2026-11-21T12:00:00Z\" \"lat\":1,\"lon\":2}]}"),
        Declined("single quotes", "{'fixes':[]}"),
        Declined("comment", "{\"fixes\":[] /* none */}"),
        Declined("unquoted key", "{fixes:[]}"),
        Declined("byte-order mark", [0xEF, 0xBB, 0xBF] + Array("{\"fixes\":[]}".utf8), decoderAccepts: true),
        Declined("duplicate fixes", "{\"fixes\":[],\"fixes\":[]}", decoderAccepts: true),
        Declined("fixes then a non-array fixes", "{\"fixes\":[],\"fixes\":5}", decoderAccepts: true),
        Declined("trailing comma in the top object", "{\"fixes\":[],}", decoderAccepts: true),
        Declined("trailing comma in an unknown array", "{\"fixes\":[],\"x\":[1,]}", decoderAccepts: true),
        Declined("escaped key that means fixes", "{\"fix\\u0065s\":[]}", decoderAccepts: true),
        Declined("unknown value nested deeper than maxDepth",
                 "{\"fixes\":[],\"x\":" + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "}",
                 decoderAccepts: true),
        Declined("unknown value with a leading-zero number", "{\"fixes\":[],\"x\":01}", decoderAccepts: true),
        Declined("unknown value with 1.", "{\"fixes\":[],\"x\":1.}", decoderAccepts: true),
        Declined("unknown string with an invalid escape", "{\"fixes\":[],\"x\":\"\\q\"}", decoderAccepts: true),
        Declined("unknown string with a raw tab", "{\"fixes\":[],\"x\":\"a\tb\"}", decoderAccepts: true),
        Declined("unknown string with invalid UTF-8", Array("{\"fixes\":[],\"x\":\"".utf8) + [0xFF, 0x22, 0x7D], decoderAccepts: true),
        Declined("unknown string with a truncated \\u escape", "{\"fixes\":[],\"x\":\"\\u12\"}"),
        Declined("unknown literal misspelt", "{\"fixes\":[],\"x\":tru}"),
        Declined("unknown literal run on", "{\"fixes\":[],\"x\":nulls}"),
        Declined("unknown array missing a comma", "{\"fixes\":[],\"x\":[1 2]}"),
        Declined("unterminated unknown string", "{\"fixes\":[],\"x\":\"abc}"),
        .fix("duplicate lat", ",\"lat\":1,\"lat\":2,\"lon\":3", decoderAccepts: true),
        .fix("duplicate optional", ",\"lat\":1,\"lon\":3,\"speed_mps\":null,\"speed_mps\":2", decoderAccepts: true),
        Declined("duplicate recorded_at", "{\"fixes\":[{\"recorded_at\":\"2026-11-21T12:00:00Z\",\"lat\":1,\"lon\":2,\"recorded_at\":\"2026-11-21T12:00:01Z\"}]}",
                 decoderAccepts: true),
        .fix("lat missing", ",\"lon\":3"),
        .fix("lon missing", ",\"lat\":3"),
        Declined("recorded_at missing", "{\"fixes\":[{\"lat\":1,\"lon\":2}]}"),
        .fix("lat null", ",\"lat\":null,\"lon\":3"),
        .fix("lat a string", ",\"lat\":\"1.5\",\"lon\":3"),
        .fix("lat true", ",\"lat\":true,\"lon\":3"),
        .fix("lat an array", ",\"lat\":[1],\"lon\":3"),
        .fix("optional a string", ",\"lat\":1,\"lon\":3,\"heading_deg\":\"n\""),
        .fix("optional false", ",\"lat\":1,\"lon\":3,\"accuracy_m\":false"),
        .fix("leading zero", ",\"lat\":01,\"lon\":3"),
        .fix("negative leading zero", ",\"lat\":-01,\"lon\":3"),
        .fix("double zero", ",\"lat\":00,\"lon\":3"),
        .fix("plus sign", ",\"lat\":+1,\"lon\":3"),
        .fix("no integer part", ",\"lat\":.5,\"lon\":3"),
        .fix("no fraction digits", ",\"lat\":1.,\"lon\":3"),
        .fix("lone minus", ",\"lat\":-,\"lon\":3"),
        .fix("exponent without digits", ",\"lat\":1e,\"lon\":3"),
        .fix("exponent sign without digits", ",\"lat\":1e+,\"lon\":3"),
        .fix("hexadecimal", ",\"lat\":0x10,\"lon\":3"),
        .fix("NaN", ",\"lat\":NaN,\"lon\":3"),
        .fix("Infinity", ",\"lat\":Infinity,\"lon\":3"),
        .fix("-Infinity", ",\"lat\":-Infinity,\"lon\":3"),
        .fix("overflow to infinity", ",\"lat\":1e400,\"lon\":3"),
        .fix("overflow just past the largest double", ",\"lat\":1.8e308,\"lon\":3"),
        .fix("overflow in an optional", ",\"lat\":1,\"lon\":3,\"accuracy_m\":1e999"),
        .fix("underflow to zero", ",\"lat\":1e-400,\"lon\":3"),
        .fix("underflow below the least subnormal", ",\"lat\":2e-324,\"lon\":3"),
        .fix("subnormal", ",\"lat\":1e-310,\"lon\":3", decoderAccepts: true),
        .fix("largest subnormal", ",\"lat\":2.2250738585072011e-308,\"lon\":3", decoderAccepts: true),
        // JSONDecoder re-reads a zero result for non-zero digits and misreads the last bytes of some exponents.
        .fix("zero with exponent 0e7 (JSONDecoder refuses it)", ",\"lat\":0e7,\"lon\":3"),
        .fix("zero with exponent 0.00e-1 (JSONDecoder refuses it)", ",\"lat\":0.00e-1,\"lon\":3"),
        .fix("zero with exponent 0e10", ",\"lat\":0e10,\"lon\":3", decoderAccepts: true),
        .fix("zero with exponent 0e0", ",\"lat\":0e0,\"lon\":3", decoderAccepts: true),
        .fix("zero with exponent -0e-400", ",\"lat\":-0e-400,\"lon\":3", decoderAccepts: true),
        .fix("number longer than maxNumberLength", ",\"lat\":1." + String(repeating: "1", count: 80) + ",\"lon\":3", decoderAccepts: true),
        Declined("recorded_at not a time", "{\"fixes\":[{\"recorded_at\":\"yesterday\",\"lat\":1,\"lon\":2}]}"),
        Declined("recorded_at without a zone", "{\"fixes\":[{\"recorded_at\":\"2026-11-21T12:00:00\",\"lat\":1,\"lon\":2}]}"),
        Declined("recorded_at BC", "{\"fixes\":[{\"recorded_at\":\"2026-11-21 12:00:00+00 BC\",\"lat\":1,\"lon\":2}]}"),
        Declined("recorded_at month 13", "{\"fixes\":[{\"recorded_at\":\"2026-13-21T12:00:00Z\",\"lat\":1,\"lon\":2}]}"),
        Declined("recorded_at a number", "{\"fixes\":[{\"recorded_at\":20261121,\"lat\":1,\"lon\":2}]}"),
        Declined("recorded_at null", "{\"fixes\":[{\"recorded_at\":null,\"lat\":1,\"lon\":2}]}"),
        Declined("recorded_at with an escape", "{\"fixes\":[{\"recorded_at\":\"2026-11-21T12:00:00\\u002e123Z\",\"lat\":1,\"lon\":2}]}",
                 decoderAccepts: true),
        Declined("recorded_at with non-ASCII", "{\"fixes\":[{\"recorded_at\":\"2026-11-21T12:00:00.12\u{301}3Z\",\"lat\":1,\"lon\":2}]}"),
        Declined("second fix bad", "{\"fixes\":[{\"recorded_at\":\"2026-11-21T12:00:00Z\",\"lat\":1,\"lon\":2},{\"recorded_at\":\"x\",\"lat\":1,\"lon\":2}]}"),
        Declined("escaped known key", "{\"fixes\":[{\"recorded_at\":\"2026-11-21T12:00:00Z\",\"l\\u0061t\":1,\"lon\":2}]}", decoderAccepts: true),
    ]

    @Test("malformed or unusual bodies are declined; JSONDecoder refuses them too unless marked", arguments: declined)
    func declines(_ sample: Declined) {
        #expect(PositionBatchJSON.parse(sample.body) == nil)
        #expect((Self.decoderPath(sample.body) != nil) == sample.decoderAccepts)
    }

    @Test("empty fixes, whitespace everywhere JSON allows it, and unknown keys with nested values")
    func shapes() throws {
        #expect(Self.fast("{\"fixes\":[]}") == [])
        #expect(Self.fast(" \t\r\n{ \"fixes\" : [ ] } \n") == [])
        let body = """
            {"device":{"model":"x","tags":["a",{"b":[1,-2.5e3,true,false,null]}],"esc":"\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83c\\udf2e"},
             "fixes" : [ { "note" : "día 🌮" , "heading_deg" : null , "lon" : -0 , "recorded_at" : "2026-11-21T12:00:00.123999Z",
                           "lat" : 5E2 , "extra" : [ [ ] , { } ] } ] , "n" : 1e999 }
            """
        let fast = try #require(Self.fast(body))
        let reference = try #require(Self.decoderPath(Array(body.utf8)))
        #expect(Self.identical(fast, reference))
        #expect(fast[0].lat == 500 && fast[0].lon.sign == .minus && fast[0].headingDeg == nil && fast[0].accuracyM == nil)
        #expect(fast[0].recordedAt == Date(timeIntervalSince1970: 1_795_262_400 + 0.123))
    }

    @Test("Data, [UInt8] and a raw buffer read the same; an empty buffer is declined")
    func entryPoints() throws {
        let body = "{\"fixes\":[{\"recorded_at\":\"2026-11-21T12:00:00Z\",\"lat\":1.25,\"lon\":2}]}"
        let fromArray = try #require(PositionBatchJSON.parse(Array(body.utf8)))
        #expect(PositionBatchJSON.parse(Data(body.utf8)) == fromArray)
        #expect(Array(body.utf8).withUnsafeBytes { PositionBatchJSON.parse($0) } == fromArray)
        #expect(PositionBatchJSON.parse(UnsafeRawBufferPointer(start: nil, count: 0)) == nil)
    }

    @Test("the byte-level parseTime agrees with the String one on 20,000 time-like ASCII strings")
    func timeAgreement() {
        let seed = UInt64.random(in: 0...UInt64.max)
        var generator = BodyGenerator(seed: seed)
        var parsed = 0
        for _ in 0..<20_000 {
            var bytes = Array(generator.time().utf8)
            if generator.int(0...2) == 0 { generator.mutateTime(&bytes) }
            let text = String(decoding: bytes, as: UTF8.self)
            let fast = bytes.withUnsafeBufferPointer { PositionBatchJSON.parseTime(ascii: $0) }
            #expect(fast == PositionBatchJSON.parseTime(text), "seed \(seed): \(text)")
            if fast != nil { parsed += 1 }
        }
        #expect(parsed > 10_000 && parsed < 20_000)
    }
}

/// Random positions bodies in every spelling JSON and the endpoint allow (SplitMix64: the seed reproduces a run).
struct BodyGenerator {
    private var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    mutating func next() -> UInt64 { random.next() }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    mutating func pick<T>(_ choices: [T]) -> T { choices[int(0...choices.count - 1)] }

    mutating func digits(_ count: Int, leadingNonZero: Bool = false) -> String {
        String((0..<count).map { index in Character(String(leadingNonZero && index == 0 ? int(1...9) : int(0...9))) })
    }

    mutating func space() -> String {
        int(0...3) > 0 ? "" : String((0..<int(1...3)).map { _ in pick([" ", "\t", "\n", "\r"] as [Character]) })
    }

    /// A number JSON allows, in the normal Double range and at most 64 characters.
    mutating func number() -> String {
        let sign = int(0...3) == 0 ? "-" : ""
        switch int(0...7) {
        case 0: return "\(int(-1000...1000))"
        case 1: return sign + pick(["0", "0.0", "0.000"])
        case 2: return "\(Double.random(in: -180...180, using: &self))"
        case 3: return "\(Double(int(-100_000_000...100_000_000)) / 1_000_000)"
        case 4:
            let whole = int(0...2) == 0 ? "0" : digits(int(1...4), leadingNonZero: true)
            return sign + whole + "." + digits(int(1...24))
        case 5:
            let mantissa = int(0...1) == 0 ? digits(int(1...6), leadingNonZero: true) : "\(int(1...9)).\(digits(int(1...17)))"
            return sign + mantissa + pick(["e", "E"]) + pick(["", "+", "-"]) + "\(int(0...40))"
        case 6: return sign + digits(int(16...40), leadingNonZero: true)
        default: return sign + "0.0000" + digits(int(10...30), leadingNonZero: true) + (int(0...1) == 0 ? "" : "e-\(int(0...9))")
        }
    }

    /// An RFC 3339 / PostgreSQL time parseTime accepts.
    mutating func time() -> String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        var text = "\(int(1970...2100))-\(two(int(1...12)))-\(two(int(1...31)))" + pick(["T", "t", " "])
            + "\(two(int(0...23))):\(two(int(0...59))):\(two(int(0...60)))"
        if int(0...2) > 0 { text += "." + digits(int(1...9)) }
        switch int(0...4) {
        case 0: text += "Z"
        case 1: text += "z"
        case 2: text += pick(["+", "-"]) + two(int(0...14)) + ":" + two(int(0...59))
        case 3: text += pick(["+", "-"]) + two(int(0...14)) + two(int(0...59))
        default: text += pick(["+", "-"]) + two(int(0...14))
        }
        return text
    }

    mutating func string() -> String {
        let pieces = ["a", "Z", " ", "día", "🌮", "\\\"", "\\\\", "\\/", "\\n", "\\t", "\\b", "\\f", "\\r", "\\u00e9",
                      "\\u0000", "\\ud83c\\udf2e", "{", "]", ",", ":", "recorded_at", "lat"]
        return "\"" + (0..<int(0...6)).map { _ in pick(pieces) }.joined() + "\""
    }

    /// Any JSON value, nested at most `depth` more levels.
    mutating func value(depth: Int) -> String {
        switch int(0...(depth > 0 ? 7 : 5)) {
        case 0: return string()
        case 1: return number()
        case 2: return pick(["true", "false", "null", "1e999", "-0", "12345678901234567890123"])
        case 3, 4, 5: return string()
        case 6: return "[" + space() + (0..<int(0...3)).map { _ in value(depth: depth - 1) + space() }.joined(separator: "," + space()) + "]"
        default:
            return "{" + space() + (0..<int(0...3)).map { _ in
                string() + space() + ":" + space() + value(depth: depth - 1) + space()
            }.joined(separator: "," + space()) + "}"
        }
    }

    mutating func unknownKey() -> String {
        pick(["note", "battery", "latitude", "lat_", "Lat", "recordedAt", "device", "x", "", "speed", "accuracy_m ", "🌮"])
    }

    mutating func object(_ members: [(String, String)]) -> String {
        var members = members
        for index in members.indices.reversed() { members.swapAt(index, int(0...index)) }
        let inner = members.map { "\(space())\"\($0.0)\"\(space()):\(space())\($0.1)\(space())" }.joined(separator: ",")
        return "{" + inner + (members.isEmpty ? space() : "") + "}"
    }

    mutating func fix() -> String {
        var members = [("recorded_at", "\"\(time())\""), ("lat", number()), ("lon", number())]
        for name in ["accuracy_m", "speed_mps", "heading_deg"] {
            switch int(0...4) {
            case 0, 1: break
            case 2: members.append((name, "null"))
            default: members.append((name, number()))
            }
        }
        // JSONDecoder ignores unknown names, repeated or not.
        for _ in 0..<int(0...2) { members.append((unknownKey(), value(depth: 3))) }
        return object(members)
    }

    mutating func body(maxFixes: Int = 8) -> String {
        let count = int(0...9) == 0 ? int(20...60) : int(0...maxFixes)
        let fixes = "[" + space() + (0..<count).map { _ in fix() }.joined(separator: space() + "," + space()) + space() + "]"
        var members = [("fixes", fixes)]
        for _ in 0..<int(0...2) { members.append((pick(["device", "batch", "fixes_", "Fixes", "sent_at"]), value(depth: 4))) }
        return space() + object(members) + space()
    }

    /// Deletes, inserts, swaps, repeats or cuts bytes.
    mutating func mutate(_ bytes: inout [UInt8]) {
        guard !bytes.isEmpty else { return }
        let at = int(0...bytes.count - 1)
        let interesting = Array("{}[],:\"\\ .-+eE019nulltruefalse\u{7f}".utf8) + [0x00, 0x09, 0x80, 0xC3, 0xFF]
        switch int(0...5) {
        case 0: bytes.remove(at: at)
        case 1: bytes.insert(pick(interesting), at: at)
        case 2: bytes[at] = pick(interesting)
        case 3: bytes.swapAt(at, int(0...bytes.count - 1))
        case 4:
            let end = min(bytes.count, at + int(1...12))
            bytes.insert(contentsOf: bytes[at..<end], at: at)
        default: bytes.removeSubrange(at...)
        }
    }

    mutating func mutateTime(_ bytes: inout [UInt8]) {
        guard !bytes.isEmpty else { return }
        let at = int(0...bytes.count - 1)
        let interesting = Array(".0123456789:-+ TZzBC".utf8)
        switch int(0...2) {
        case 0: bytes.remove(at: at)
        case 1: bytes.insert(pick(interesting), at: at)
        default: bytes[at] = pick(interesting)
        }
    }
}

extension BodyGenerator: RandomNumberGenerator {}

import Foundation
import Testing
import TacoKit

/// The hand-written formatters and parsers on the output hot path must agree with Foundation's, byte for byte.
@Suite("Hand-written text codecs agree with Foundation")
struct FastTextTests {
    @Test("UUID text round-trips and matches Foundation for 1,000 random ids")
    func uuidText() throws {
        for _ in 0..<1000 {
            let id = UUID()
            #expect(id.lowercasedText == id.uuidString.lowercased())
            #expect(UUID(text: id.uuidString) == id)
            #expect(UUID(text: id.lowercasedText) == id)
        }
    }

    @Test("malformed UUID text is refused like Foundation refuses it",
          arguments: ["", "3f2a91c0", "3f2a91c0-5b1e-4c2a-9d3e-0123456789a", "3f2a91c0-5b1e-4c2a-9d3e-0123456789abc",
                      "3f2a91c0x5b1e-4c2a-9d3e-0123456789ab", "3g2a91c0-5b1e-4c2a-9d3e-0123456789ab",
                      "3f2a91c05b1e-4c2a-9d3e-0123456789ab-", "{3f2a91c0-5b1e-4c2a-9d3e-0123456789ab}"])
    func uuidRefused(_ text: String) {
        #expect(UUID(text: text) == nil)
        #expect(UUID(uuidString: text) == nil)
    }

    @Test("JSON strings escape quotes, backslashes and control characters and keep other text as it is")
    func jsonEscaping() throws {
        let samples = ["plain", "", "quote \" and \\ backslash", "tab\tnew\nline\rcr", "\u{0}\u{1}\u{1f}\u{7f}",
                       "día 🌮 — \u{2028} ok", "/slash/"]
        for sample in samples {
            let encoded = JSON.string(sample)
            let decoded = try JSONSerialization.jsonObject(with: Data("[\(encoded)]".utf8)) as? [String]
            #expect(decoded == [sample], "\(encoded)")
            #expect(!encoded.unicodeScalars.dropFirst().dropLast().contains { $0.value < 0x20 })
        }
        #expect(JSON.string("a\u{1}b") == "\"a\\u0001b\"")
    }

    @Test("RFC 3339 output matches ISO8601DateFormatter across 2,000 random instants, with and without fractions")
    func rfc3339MatchesFoundation() {
        let whole = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let seconds = Int64.random(in: -2_000_000_000...4_000_000_000, using: &generator)
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            #expect(Timestamp.rfc3339(date) == whole.string(from: date))
            let millis = Date(timeIntervalSince1970: TimeInterval(seconds) + Double(Int.random(in: 1...999)) / 1000)
            // Foundation prints milliseconds; ours prints microseconds: compare the same instant read back.
            let ours = Timestamp.rfc3339(millis, fractional: true)
            #expect(fractional.date(from: ours).map { abs($0.timeIntervalSince(millis)) < 0.0005 } == true, "\(ours)")
        }
    }
}

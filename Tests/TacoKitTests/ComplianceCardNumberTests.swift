import Foundation
import TacoKit
import Testing

@Suite("Compliance: card-number detection (Luhn + digit runs)")
struct ComplianceCardNumberTests {
    @Test("the Luhn check accepts the known test PANs and refuses near-misses", arguments: [
        ("4242424242424242", true), ("4000056655665556", true), ("378282246310005", true), ("5555555555554444", true),
        ("6011111111111117", true), ("4242424242424241", false), ("4000056655665557", false), ("378282246310006", false),
        ("0000000000000000", true), ("", false), ("4242 4242", false),
    ])
    func luhn(_ digits: String, _ valid: Bool) {
        #expect(CardNumberScan.luhnValid(digits) == valid)
    }

    @Test("finds PANs written plain, in groups of four with spaces or hyphens, and Amex 4-6-5; masks them", arguments: [
        ("card 4242 4242 4242 4242 thanks", "************4242", 16),
        ("4000-0566-5566-5556", "************5556", 16),
        ("amex: 378282246310005.", "***********0005", 15),
        ("3782 822463 10005", "***********0005", 15),
        ("{\"note\": \"4242424242424242\"}", "************4242", 16),
        ("4242 4242 4242 4242 123", "************4242", 16),
        ("{\"reason\": \"closed\\n378282246310005\\tend\"}", "***********0005", 15),   // JSON-escaped newline before it
    ])
    func finds(_ text: String, _ masked: String, _ digits: Int) {
        let findings = CardNumberScan.findings(in: text)
        #expect(findings.count == 1, "\(text)")
        #expect(findings.first?.masked == masked)
        #expect(findings.first?.digits == digits)
        #expect(findings.first.map { !$0.masked.contains("42424242") } ?? true)
    }

    @Test("ignores near-misses, long order numbers, UUIDs, timestamps, phone numbers and glued tokens", arguments: [
        "4242 4242 4242 4241",                          // fails Luhn
        "4000-0566-5566-5557",
        "order 12345678901234567890123 shipped",        // one 23-digit group: a tracking number, not a card
        "ref 4242424242424242424242",                   // 22 digits in one group, even though a 16-digit prefix is Luhn-valid
        "0cf53709-1234-5678-9012-424242424242",          // hyphen-glued to a hex token (UUID)
        "SKU-4242424242424242",                          // hyphen-glued to a word
        "x4242424242424242",                             // glued to a letter
        "2026-11-22 00:15:16.823417+00",
        "+1 415 555 0100",
        "1234 5678 90",                                 // too short
        "4242--4242--4242--4242",                       // double separators break the run
        "0000 0000 0000 0000",                          // Luhn-valid, but no issuer starts with 0
        "",
    ])
    func ignores(_ text: String) {
        #expect(CardNumberScan.findings(in: text).isEmpty, "\(text)")
    }

    @Test("reports several cards in one value, in order")
    func several() {
        let findings = CardNumberScan.findings(in: "old 4242424242424242, new 4000 0566 5566 5556")
        #expect(findings.map(\.masked) == ["************4242", "************5556"])
        #expect(findings[0].offset == 4)
    }

    @Test("masking keeps only the last four digits")
    func masking() {
        #expect(CardNumberScan.mask([3, 7, 8, 2, 8, 2, 2, 4, 6, 3, 1, 0, 0, 0, 5]) == "***********0005")
        #expect(CardNumberScan.mask([1, 2]) == "12")
    }
}

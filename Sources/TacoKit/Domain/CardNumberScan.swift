import Foundation

/// A card-number-like digit run found in text; never carries the full digits, only a masked form.
public struct CardNumberFinding: Sendable, Equatable {
    /// `************4242`: one `*` per hidden digit, then the last four.
    public let masked: String
    /// How many digits the run has (13…19).
    public let digits: Int
    /// Offset of the run's first character, in Unicode scalars from the start of the text.
    public let offset: Int
}

/// Finds primary-account-number-like data: 13–19 digits, optionally in groups separated by single spaces or
/// hyphens, that pass the Luhn check.
///
/// Rules (so order numbers, UUIDs and timestamps are not reported):
/// - a run is a maximal sequence of digit groups joined by exactly one space or hyphen;
/// - a candidate is a whole run, or consecutive whole groups of it, holding 13–19 digits (a 25-digit group is
///   never cut into a 16-digit window: that is an order or tracking number, not a card);
/// - a run glued by a hyphen to a letter or digit on either side (`4f2a-1234-…`, a UUID or SKU) is skipped;
/// - letters or digits directly touching the run (`x4242…`) make it part of a longer token: skipped;
/// - a candidate starting with 0 is skipped (no card network issues numbers beginning with 0).
public enum CardNumberScan {
    /// The smallest and largest number of digits in a card number (ISO/IEC 7812).
    public static let digitRange = 13...19

    /// Every finding in `text`, in order; overlapping windows of one run are reported once (the longest).
    public static func findings(in text: String) -> [CardNumberFinding] {
        let scalars = Array(text.unicodeScalars)
        var results: [CardNumberFinding] = []
        var index = 0
        while index < scalars.count {
            guard isDigit(scalars[index]) else { index += 1; continue }
            // Collect one run: groups of digits separated by exactly one ' ' or '-'.
            let start = index
            var groups: [[UInt8]] = []
            var current: [UInt8] = []
            var end = index
            while index < scalars.count {
                let scalar = scalars[index]
                if isDigit(scalar) {
                    current.append(UInt8(scalar.value - 48))
                    end = index
                    index += 1
                } else if (scalar == " " || scalar == "-"), index + 1 < scalars.count, isDigit(scalars[index + 1]), !current.isEmpty {
                    groups.append(current)
                    current = []
                    index += 1
                } else {
                    break
                }
            }
            if !current.isEmpty { groups.append(current) }
            if isGlued(scalars, start: start, end: end) { continue }
            if let finding = bestCandidate(groups, offset: start) { results.append(finding) }
        }
        return results
    }

    /// The Luhn (mod 10) check over decimal digits.
    public static func luhnValid(_ digits: [UInt8]) -> Bool {
        guard !digits.isEmpty else { return false }
        var sum = 0
        for (position, digit) in digits.reversed().enumerated() {
            var value = Int(digit)
            if position % 2 == 1 {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
        }
        return sum % 10 == 0
    }

    /// The Luhn check over a string of digits (anything else makes it false).
    public static func luhnValid(_ text: String) -> Bool {
        let digits = text.unicodeScalars.compactMap { isDigit($0) ? UInt8($0.value - 48) : nil }
        return digits.count == text.unicodeScalars.count && luhnValid(digits)
    }

    /// `************4242` for a digit sequence.
    public static func mask(_ digits: [UInt8]) -> String {
        let shown = digits.suffix(4).map { String($0) }.joined()
        return String(repeating: "*", count: max(0, digits.count - 4)) + shown
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 48 && scalar.value <= 57 }

    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        isDigit(scalar) || CharacterSet.letters.contains(scalar)
    }

    /// True when the run continues a longer token: a letter touches it, or a hyphen links it to one.
    private static func isGlued(_ scalars: [Unicode.Scalar], start: Int, end: Int) -> Bool {
        if start > 0 {
            let before = scalars[start - 1]
            // `\n`, `\t`, `\r` as JSON writes them (jsonb columns) are separators, not letters.
            let escaped = start > 1 && scalars[start - 2] == "\\" && (before == "n" || before == "t" || before == "r")
            if isAlphanumeric(before) && !escaped { return true }
            if before == "-", start > 1, isAlphanumeric(scalars[start - 2]) { return true }
        }
        if end + 1 < scalars.count {
            let after = scalars[end + 1]
            if isAlphanumeric(after) { return true }
            if after == "-", end + 2 < scalars.count, isAlphanumeric(scalars[end + 2]) { return true }
        }
        return false
    }

    /// The longest Luhn-valid window of whole consecutive groups holding 13–19 digits.
    private static func bestCandidate(_ groups: [[UInt8]], offset: Int) -> CardNumberFinding? {
        var best: [UInt8]?
        for first in groups.indices {
            var window: [UInt8] = []
            for last in first..<groups.count {
                window += groups[last]
                if window.count > digitRange.upperBound { break }
                if digitRange.contains(window.count), window.first != 0, luhnValid(window), window.count > (best?.count ?? 0) {
                    best = window
                }
            }
        }
        return best.map { CardNumberFinding(masked: mask($0), digits: $0.count, offset: offset) }
    }
}

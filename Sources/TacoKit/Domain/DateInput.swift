import Foundation

/// A span such as `90d`, `12h`, `30m` or `2w`, as accepted on the command line.
public struct RelativeSpan: Sendable, Equatable, CustomStringConvertible {
    public let seconds: Int64
    public let text: String

    /// Parses `N` followed by `s`, `m`, `h`, `d` or `w`; N must be a positive whole number.
    public init?(_ text: String) {
        guard let unit = text.last, text.count >= 2, let amount = Int64(text.dropLast()), amount > 0, amount < 1_000_000 else { return nil }
        let multiplier: Int64
        switch unit {
        case "s": multiplier = 1
        case "m": multiplier = 60
        case "h": multiplier = 3600
        case "d": multiplier = 86_400
        case "w": multiplier = 604_800
        default: return nil
        }
        seconds = amount * multiplier
        self.text = text
    }

    public var description: String { text }
    /// Whole days, rounded up (`12h` → 1).
    public var days: Int { Int((seconds + 86_399) / 86_400) }
}

/// A point in time given on the command line: `2026-11-21` (midnight UTC unless a campus zone applies),
/// RFC 3339 (`2026-11-21T12:00:00Z`, `…-08:00`), or relative to now (`90d` = 90 days ago).
public enum DateInput: Sendable, Equatable {
    case day(LocalDate)
    case instant(Date)

    public init?(_ text: String, now: Date) {
        if let day = LocalDate(text) {
            self = .day(day)
        } else if let instant = Timestamp.parsePostgres(text) {
            self = .instant(instant)
        } else if let span = RelativeSpan(text) {
            self = .instant(now.addingTimeInterval(-Double(span.seconds)))
        } else {
            return nil
        }
    }

    /// The instant, reading a bare day as midnight UTC.
    public var utcInstant: Date {
        switch self {
        case .day(let day): return Date(timeIntervalSince1970: Double(day.daysSinceEpoch) * 86_400)
        case .instant(let date): return date
        }
    }
}

import Foundation

/// A point in the future given on the command line (`--until`): RFC 3339 (`2026-11-21T14:30:00-06:00`) or a
/// span from now (`90m`, `2h`, `1d`).
public enum FutureTime {
    /// The instant `text` names, or nil when it is neither form. The caller checks that it lies ahead.
    public static func parse(_ text: String, now: Date) -> Date? {
        if let span = RelativeSpan(text) { return now.addingTimeInterval(Double(span.seconds)) }
        guard text.count > 10, text.contains("T") || text.contains(" ") else { return nil }
        return Timestamp.parsePostgres(text)
    }
}

import Foundation

/// A payout period. Periods are defined in UTC: a day is one UTC calendar day, a week is an ISO week
/// (Monday to Sunday, UTC). Both are named by their last day (`--ending`), which is inclusive.
public struct PayoutPeriod: Sendable, Hashable, CustomStringConvertible {
    /// The two period lengths.
    public enum Kind: String, Sendable, CaseIterable {
        case day, week
    }

    public let kind: Kind
    /// The first day (inclusive, UTC).
    public let start: LocalDate
    /// The last day (inclusive, UTC).
    public let end: LocalDate

    /// The period of `kind` ending on `ending`; a week must end on a Sunday (an ISO week runs Monday–Sunday).
    public init(kind: Kind, ending: LocalDate) throws(PayoutPeriodError) {
        switch kind {
        case .day:
            start = ending
        case .week:
            // 1970-01-01 was a Thursday: daysSinceEpoch + 3 ≡ 0 (mod 7) on Mondays, 6 on Sundays.
            let weekday = ((ending.daysSinceEpoch + 3) % 7 + 7) % 7
            guard weekday == 6 else {
                let sunday = ending.adding(days: 6 - weekday)
                throw PayoutPeriodError.weekMustEndOnSunday(ending, nextSunday: sunday)
            }
            start = ending.adding(days: -6)
        }
        self.kind = kind
        end = ending
    }

    /// The instant the period starts (00:00 UTC of `start`).
    public var startInstant: Date { Date(timeIntervalSince1970: TimeInterval(start.daysSinceEpoch) * 86_400) }
    /// The instant just after the period (00:00 UTC of the day after `end`): the half-open upper bound.
    public var endInstant: Date { Date(timeIntervalSince1970: TimeInterval(end.daysSinceEpoch + 1) * 86_400) }

    /// Whether the period is over at `now` (a period can only be paid out once it has ended).
    public func hasEnded(at now: Date) -> Bool { now >= endInstant }

    public var description: String { start == end ? start.description : "\(start)..\(end)" }
}

/// Why a period could not be formed.
public enum PayoutPeriodError: Error, Sendable, Equatable {
    case weekMustEndOnSunday(LocalDate, nextSunday: LocalDate)
}

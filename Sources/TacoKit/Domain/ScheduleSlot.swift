import Foundation

/// A weekly slot: every `weekday` from `start` to `end` campus-local time, between `validFrom` and `validUntil`
/// (both inclusive; no `validUntil` = open-ended). The rules here are the ones `schedules` enforces in SQL.
public struct WeeklySlot: Sendable, Hashable {
    public var weekday: ISOWeekday
    public var start: WallClockTime
    public var end: WallClockTime
    public var validFrom: LocalDate
    public var validUntil: LocalDate?

    public init(weekday: ISOWeekday, start: WallClockTime, end: WallClockTime, validFrom: LocalDate, validUntil: LocalDate?) {
        self.weekday = weekday
        self.start = start
        self.end = end
        self.validFrom = validFrom
        self.validUntil = validUntil
    }

    /// True when both slots happen at the same moment on some date: same weekday, overlapping times
    /// (half-open, so 11:00–14:00 and 14:00–16:00 do not overlap) and overlapping validity.
    public func overlaps(_ other: WeeklySlot) -> Bool {
        weekday == other.weekday && WeeklySlot.timesOverlap(start, end, other.start, other.end)
            && WeeklySlot.datesOverlap(validFrom, validUntil, other.validFrom, other.validUntil)
    }

    /// Half-open `[start, end)` ranges overlap.
    public static func timesOverlap(_ start1: WallClockTime, _ end1: WallClockTime, _ start2: WallClockTime, _ end2: WallClockTime) -> Bool {
        start1 < end2 && start2 < end1
    }

    /// Inclusive date ranges (nil end = open) overlap.
    public static func datesOverlap(_ from1: LocalDate, _ until1: LocalDate?, _ from2: LocalDate, _ until2: LocalDate?) -> Bool {
        (until2.map { from1 <= $0 } ?? true) && (until1.map { from2 <= $0 } ?? true)
    }

    /// Whether the slot runs on `date` (right weekday, within its validity).
    public func runs(on date: LocalDate) -> Bool {
        ISOWeekday(of: date) == weekday && validFrom <= date && (validUntil.map { date <= $0 } ?? true)
    }

    /// The dates in `from...through` on which the slot runs.
    public func dates(from: LocalDate, through: LocalDate) -> [LocalDate] {
        guard from <= through else { return [] }
        let offset = (weekday.rawValue - ISOWeekday(of: from).rawValue + 7) % 7
        return stride(from: from.daysSinceEpoch + offset, through: through.daysSinceEpoch, by: 7)
            .map(LocalDate.init(daysSinceEpoch:)).filter(runs(on:))
    }

    /// The slot's occurrences in `from...through` as instants on the campus's clock. A slot is defined in local
    /// wall-clock time, so across a DST change it keeps its local hours and its UTC instants move.
    public func occurrences(from: LocalDate, through: LocalDate, clock: CampusClock) -> [SlotOccurrence] {
        dates(from: from, through: through).map { date in
            SlotOccurrence(date: date, start: start, end: end,
                           startsAt: clock.instant(on: date, at: start), endsAt: clock.instant(on: date, at: end))
        }
    }

    /// The rule problems of the slot on its own (empty when valid): the end must come after the start, the validity
    /// must not end before it begins, and when service hours are given the slot must lie within them.
    /// Each problem names the field it is about (`start`, `end` or `valid_until`).
    public func problems(serviceHours: ClosedRange<WallClockTime>? = nil) -> [(field: String, message: String)] {
        var problems: [(field: String, message: String)] = []
        if end <= start {
            problems.append(("end", "the slot ends (\(end)) before it starts (\(start)); expected an end after the start on the same day"))
        }
        if let validUntil, validUntil < validFrom {
            problems.append(("valid_until", "valid_until \(validUntil) is before valid_from \(validFrom)"))
        }
        if let serviceHours, end > start, start < serviceHours.lowerBound || end > serviceHours.upperBound {
            problems.append((start < serviceHours.lowerBound ? "start" : "end", "\(start)-\(end) is outside the campus's service hours \(serviceHours.lowerBound)-\(serviceHours.upperBound)"))
        }
        return problems
    }
}

/// One dated occurrence of a weekly slot: the local date and wall-clock times, and the UTC instants they are.
public struct SlotOccurrence: Sendable, Hashable {
    public let date: LocalDate
    public let start: WallClockTime
    public let end: WallClockTime
    public let startsAt: Date
    public let endsAt: Date
}

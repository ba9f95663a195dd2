import Foundation

/// A day of the week, numbered as ISO 8601 does (1 = Monday … 7 = Sunday), as stored in `schedules.weekday`.
public enum ISOWeekday: Int, CaseIterable, Sendable, Comparable, CustomStringConvertible {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    /// Parses `mon`…`sun`, full names (`Monday`) case-insensitively, and ISO numbers `1`…`7`.
    public init?(parsing text: String) {
        let key = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let number = Int(key) {
            guard let day = ISOWeekday(rawValue: number) else { return nil }
            self = day
            return
        }
        guard let day = ISOWeekday.allCases.first(where: { $0.abbreviation == key || $0.fullName == key }) else { return nil }
        self = day
    }

    /// The ISO weekday of a calendar date.
    public init(of date: LocalDate) {
        // 1970-01-01 was a Thursday (ISO 4); the modulo is kept non-negative for dates before 1970.
        let index = ((date.daysSinceEpoch + 3) % 7 + 7) % 7
        self = ISOWeekday(rawValue: index + 1) ?? .monday
    }

    /// `mon`, `tue`, … (the form the tools print and export).
    public var abbreviation: String { String(fullName.prefix(3)) }

    /// `monday`, `tuesday`, …
    public var fullName: String {
        switch self {
        case .monday: return "monday"
        case .tuesday: return "tuesday"
        case .wednesday: return "wednesday"
        case .thursday: return "thursday"
        case .friday: return "friday"
        case .saturday: return "saturday"
        case .sunday: return "sunday"
        }
    }

    public var description: String { abbreviation }

    public static func < (lhs: ISOWeekday, rhs: ISOWeekday) -> Bool { lhs.rawValue < rhs.rawValue }

    /// What the parser accepts, for error messages.
    public static let expected = "mon, tue, wed, thu, fri, sat, sun (or the full name, or ISO 1-7 with 1 = Monday)"
}

/// A local wall-clock time of day (a campus's clock), 00:00 through 23:59.
public struct WallClockTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since local midnight, 0 ..< 86 400.
    public let secondsSinceMidnight: Int

    public init?(hour: Int, minute: Int, second: Int = 0) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        secondsSinceMidnight = hour * 3600 + minute * 60 + second
    }

    /// Parses `HH:MM` (or `H:MM`), 00:00–23:59. `24:00` is refused: a slot ends by 23:59 on its own day.
    public init?(parsing text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              parts[0].allSatisfy(\.isASCII), parts[1].allSatisfy(\.isASCII),
              let hour = Int(parts[0]), let minute = Int(parts[1]) else { return nil }
        self.init(hour: hour, minute: minute)
    }

    /// Reads PostgreSQL's `time` output (`11:00:00`, possibly with fractional seconds, which are dropped).
    public init?(postgres text: String) {
        let parts = text.split(separator: ":")
        guard parts.count == 3, let hour = Int(parts[0]), let minute = Int(parts[1]),
              let second = Int(parts[2].prefix(while: { $0 != "." })) else { return nil }
        self.init(hour: hour, minute: minute, second: second)
    }

    public var hour: Int { secondsSinceMidnight / 3600 }
    public var minute: Int { secondsSinceMidnight / 60 % 60 }
    public var second: Int { secondsSinceMidnight % 60 }

    /// `HH:MM` (with `:SS` only when the stored time has seconds).
    public var description: String {
        second == 0 ? String(format: "%02d:%02d", hour, minute) : String(format: "%02d:%02d:%02d", hour, minute, second)
    }

    /// `HH:MM:SS`, what PostgreSQL's `time` input reads.
    public var postgresText: String { String(format: "%02d:%02d:%02d", hour, minute, second) }

    public static func < (lhs: WallClockTime, rhs: WallClockTime) -> Bool { lhs.secondsSinceMidnight < rhs.secondsSinceMidnight }

    /// What the parser accepts, for error messages.
    public static let expected = "a local time HH:MM from 00:00 to 23:59"
}

/// An ISO 8601 week such as `2026-W48`: Monday through Sunday, week 1 being the week with the year's first Thursday
/// (so week 1 may start in December and weeks 52/53 may end in January).
public struct ISOWeek: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let week: Int

    public init?(year: Int, week: Int) {
        guard (1...9999).contains(year), week >= 1, week <= ISOWeek.weeks(in: year) else { return nil }
        self.year = year
        self.week = week
    }

    /// Parses `YYYY-Www` (`2026-W48`, `2026-w05`); a week the year does not have (`2026-W53`) is refused.
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[0].allSatisfy(\.isASCII), let year = Int(parts[0]),
              parts[1].count == 3, parts[1].first == "W" || parts[1].first == "w",
              parts[1].dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }), let week = Int(parts[1].dropFirst()) else { return nil }
        self.init(year: year, week: week)
    }

    /// The ISO week a calendar date belongs to.
    public init(containing date: LocalDate) {
        // The week belongs to the year of its Thursday.
        let thursday = date.adding(days: 4 - ISOWeekday(of: date).rawValue)
        let year = thursday.year
        self.year = year
        week = (thursday.daysSinceEpoch - ISOWeek.mondayOfWeekOne(year).daysSinceEpoch) / 7 + 1
    }

    /// 52, or 53 when the year starts on a Thursday, or is a leap year starting on a Wednesday.
    public static func weeks(in year: Int) -> Int {
        let january1 = ISOWeekday(of: LocalDate(year: year, month: 1, day: 1))
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        return january1 == .thursday || (leap && january1 == .wednesday) ? 53 : 52
    }

    static func mondayOfWeekOne(_ year: Int) -> LocalDate {
        let january4 = LocalDate(year: year, month: 1, day: 4)
        return january4.adding(days: 1 - ISOWeekday(of: january4).rawValue)
    }

    /// The week's Monday.
    public var monday: LocalDate { ISOWeek.mondayOfWeekOne(year).adding(days: (week - 1) * 7) }
    /// The week's Sunday.
    public var sunday: LocalDate { monday.adding(days: 6) }
    /// Monday through Sunday.
    public var days: [LocalDate] { (0..<7).map { monday.adding(days: $0) } }
    /// The date of `weekday` in this week.
    public func date(of weekday: ISOWeekday) -> LocalDate { monday.adding(days: weekday.rawValue - 1) }

    public var description: String { String(format: "%04d-W%02d", year, week) }

    public static func < (lhs: ISOWeek, rhs: ISOWeek) -> Bool { (lhs.year, lhs.week) < (rhs.year, rhs.week) }

    /// What the parser accepts, for error messages.
    public static let expected = "an ISO week such as 2026-W48"
}

/// A campus's clock: turns local dates and wall-clock times into instants in the campus's IANA time zone.
///
/// Local times that do not exist (the hour skipped when clocks spring forward, e.g. 02:30 on 2026-03-08 in
/// America/Los_Angeles) are read with the offset in force just before the change, i.e. moved forward by the length
/// of the gap (02:30 → 03:30 PDT), as PostgreSQL and java.time do. Local times that happen twice (the repeated hour
/// when clocks fall back) are the first of the two (01:30 PDT, not 01:30 PST).
public struct CampusClock: Sendable {
    public let timeZone: TimeZone

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// A clock for an IANA zone name (`America/Chicago`), or nil if Foundation does not know the zone.
    public init?(identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.init(timeZone: zone)
    }

    /// The instant at which the campus's clocks show `time` on `date`.
    public func instant(on date: LocalDate, at time: WallClockTime) -> Date {
        // The wall-clock reading as if it were UTC; the real instant is it minus the zone's offset at that instant.
        let wall = Double(date.daysSinceEpoch) * 86_400 + Double(time.secondsSinceMidnight)
        // Real zones change offset at most once within a day, so the offsets a day either side are the only candidates.
        let before = Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: wall - 86_400)))
        let after = Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: wall + 86_400)))
        let candidates = [wall - before, wall - after].filter { instant in
            Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: instant))) == wall - instant
        }
        if let first = candidates.min() { return Date(timeIntervalSince1970: first) }
        // In the gap: keep the offset from before the change, which moves the time forward by the gap.
        return Date(timeIntervalSince1970: wall - before)
    }

    /// The campus's local calendar date at `instant`.
    public func date(at instant: Date) -> LocalDate {
        let local = instant.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: instant))
        return LocalDate(daysSinceEpoch: Int((local / 86_400).rounded(.down)))
    }
}

import Foundation

/// The weekly-schedule file vendors import and export: one entry per slot with the fields
/// `truck, campus, day, start, end, spot, valid_from, valid_until` (JSON/YAML: `{"slots": [{…}, …]}`;
/// CSV: that header). This type checks each entry's own fields; the store checks trucks, campuses,
/// service hours and conflicts.
public enum ScheduleDocument {
    /// The fields of an entry, in file order (also the CSV header).
    public static let fields = ["truck", "campus", "day", "start", "end", "spot", "valid_from", "valid_until"]
    static let required: Set<String> = ["truck", "campus", "day", "start", "end"]

    /// Where an entry is: a CSV line (`schedule.csv:4`) or an element of the JSON/YAML `slots` array (`slots[3]`).
    public enum Place: Sendable, Hashable {
        case line(source: String, line: Int)
        case element(index: Int)

        /// The location of one field, as printed in errors: `schedule.csv:4` or `slots[3].start`.
        public func location(_ field: String? = nil) -> String {
            switch self {
            case .line(let source, let line): return "\(source):\(line)"
            case .element(let index): return "slots[\(index)]" + (field.map { ".\($0)" } ?? "")
            }
        }

        /// How another entry refers to this one (`line 4`, `slots[3]`).
        public var reference: String {
            switch self {
            case .line(_, let line): return "line \(line)"
            case .element(let index): return "slots[\(index)]"
            }
        }

        /// An issue about `field` at this place; CSV places name the field in the message.
        public func issue(_ field: String?, _ message: String) -> ValidationErrors.Issue {
            switch self {
            case .line: return ValidationErrors.Issue(location(), field.map { "\($0): \(message)" } ?? message)
            case .element: return ValidationErrors.Issue(location(field), message)
            }
        }
    }

    /// One entry as read from a file: field name → text (nil for an explicit null or an empty CSV cell).
    public struct Entry: Sendable {
        public let place: Place
        public let fields: [(name: String, value: String?)]

        public init(place: Place, fields: [(name: String, value: String?)]) {
            self.place = place
            self.fields = fields
        }
    }

    /// A checked entry.
    public struct Row: Sendable, Hashable {
        public var place: Place
        public var truck: String
        public var campus: String
        public var weekday: ISOWeekday
        public var start: WallClockTime
        public var end: WallClockTime
        public var spot: String?
        /// nil: today's date for a new slot, and no change for an existing one.
        public var validFrom: LocalDate?
        public var validUntil: LocalDate?

        public init(place: Place, truck: String, campus: String, weekday: ISOWeekday, start: WallClockTime, end: WallClockTime,
                    spot: String?, validFrom: LocalDate?, validUntil: LocalDate?) {
            self.place = place
            self.truck = truck
            self.campus = campus
            self.weekday = weekday
            self.start = start
            self.end = end
            self.spot = spot
            self.validFrom = validFrom
            self.validUntil = validUntil
        }
    }

    /// Checks every entry and returns the valid rows and every problem found, each with its place.
    public static func check(_ entries: [Entry]) -> (rows: [Row], issues: [ValidationErrors.Issue]) {
        var rows: [Row] = []
        var issues: [ValidationErrors.Issue] = []
        for entry in entries {
            var values: [String: String] = [:]
            var entryIssues: [ValidationErrors.Issue] = []
            var seen: Set<String> = []
            for (name, value) in entry.fields {
                if !fields.contains(name) {
                    entryIssues.append(entry.place.issue(name, "unknown field; expected one of \(fields.joined(separator: ", "))"))
                    continue
                }
                if !seen.insert(name).inserted {
                    entryIssues.append(entry.place.issue(name, "given twice"))
                }
                let trimmed = value?.trimmingCharacters(in: .whitespaces)
                if let trimmed, !trimmed.isEmpty { values[name] = trimmed }
            }
            for name in fields where required.contains(name) && values[name] == nil {
                entryIssues.append(entry.place.issue(name, "missing; it is required"))
            }
            func parse<T>(_ name: String, expected: String, _ parser: (String) -> T?) -> T? {
                guard let text = values[name] else { return nil }
                guard let value = parser(text) else {
                    entryIssues.append(entry.place.issue(name, "\"\(text.prefix(40))\" is not valid; expected \(expected)"))
                    return nil
                }
                return value
            }
            let weekday = parse("day", expected: ISOWeekday.expected) { ISOWeekday(parsing: $0) }
            let start = parse("start", expected: WallClockTime.expected) { WallClockTime(parsing: $0) }
            let end = parse("end", expected: WallClockTime.expected) { WallClockTime(parsing: $0) }
            let validFrom = parse("valid_from", expected: "a date YYYY-MM-DD") { LocalDate($0) }
            let validUntil = parse("valid_until", expected: "a date YYYY-MM-DD or empty (open-ended)") { LocalDate($0) }
            if let start, let end, end <= start {
                entryIssues.append(entry.place.issue("end", "the slot ends (\(end)) before it starts (\(start)); expected an end after the start"))
            }
            if let validFrom, let validUntil, validUntil < validFrom {
                entryIssues.append(entry.place.issue("valid_until", "\(validUntil) is before valid_from \(validFrom)"))
            }
            if let spot = values["spot"], spot.count > 200 {
                entryIssues.append(entry.place.issue("spot", "is \(spot.count) characters long; at most 200 are allowed"))
            }
            issues += entryIssues
            if entryIssues.isEmpty, let truck = values["truck"], let campus = values["campus"], let weekday, let start, let end {
                rows.append(Row(place: entry.place, truck: truck, campus: campus.uppercased(), weekday: weekday, start: start, end: end,
                                spot: values["spot"], validFrom: validFrom, validUntil: validUntil))
            }
        }
        return (rows, issues)
    }

    /// The document as JSON (`{"slots": [...]}`), in the field order of `fields`, re-importable as it is.
    public static func json(_ rows: [Row]) -> String {
        if rows.isEmpty { return "{\n  \"slots\": []\n}\n" }
        let objects = rows.map { "    " + JSON.object(fields, cells($0)) }
        return "{\n  \"slots\": [\n" + objects.joined(separator: ",\n") + "\n  ]\n}\n"
    }

    /// The document as CSV with the header `truck,campus,day,start,end,spot,valid_from,valid_until` (RFC 4180, CRLF).
    public static func csv(_ rows: [Row]) -> String {
        ([fields] + rows.map { cells($0).map { CSV.field($0.plain) } }).map { $0.joined(separator: ",") + "\r\n" }.joined()
    }

    static func cells(_ row: Row) -> [Cell] {
        [.text(row.truck), .text(row.campus), .text(row.weekday.abbreviation), .text(row.start.description),
         .text(row.end.description), .optional(row.spot), .optional(row.validFrom?.description), .optional(row.validUntil?.description)]
    }
}

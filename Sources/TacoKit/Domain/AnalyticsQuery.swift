import Foundation

/// The analytics reports `taco-admin analytics REPORT` offers.
public enum AnalyticsReport: String, CaseIterable, Sendable {
    case orders
    case heatmap
    case prepTimes = "prep-times"
    case lateOrders = "late-orders"
    case cancellations
    case topItems = "top-items"
    case subsidies
    case vendorScorecard = "vendor-scorecard"

    /// The groupings `--by` accepts for this report (empty: the report has a fixed shape).
    public var groupings: [AnalyticsGrouping] {
        switch self {
        case .orders, .prepTimes, .lateOrders: return AnalyticsGrouping.allCases
        case .subsidies: return [.day, .week, .campus]
        case .heatmap, .cancellations, .topItems, .vendorScorecard: return []
        }
    }

    /// The grouping used when `--by` is not given.
    public var defaultGrouping: AnalyticsGrouping? {
        switch self {
        case .orders: return .day
        case .prepTimes, .lateOrders: return .vendor
        case .subsidies: return .campus
        case .heatmap, .cancellations, .topItems, .vendorScorecard: return nil
        }
    }
}

/// What `--by` groups rows by. Days, weeks and hours are campus-local.
public enum AnalyticsGrouping: String, CaseIterable, Sendable {
    case day, week, hour, campus, vendor, truck
}

/// A validated analytics request: the report, its campus-local date range and its grouping.
public struct AnalyticsQuery: Sendable, Equatable {
    public let report: AnalyticsReport
    public let from: LocalDate
    public let to: LocalDate
    public let grouping: AnalyticsGrouping?
    public let campus: String?
    public let vendor: String?

    /// Validates the combination: `from` not after `to`, `--by` one the report accepts (both usage errors, 64).
    public init(report: AnalyticsReport, from: LocalDate, to: LocalDate, grouping: AnalyticsGrouping?,
                campus: String?, vendor: String?) throws {
        guard from <= to else {
            throw ToolError.usage("--from \(from) is after --to \(to)", hint: "the range is inclusive: --from 2026-11-01 --to 2026-11-30")
        }
        if let grouping, !report.groupings.contains(grouping) {
            let accepted = report.groupings.map(\.rawValue)
            throw ToolError.usage("the \(report.rawValue) report cannot be grouped --by \(grouping.rawValue)",
                                  hint: accepted.isEmpty ? "\(report.rawValue) has a fixed shape: leave out --by"
                                                         : "use --by \(accepted.joined(separator: "|"))")
        }
        self.report = report
        self.from = from
        self.to = to
        self.grouping = grouping ?? report.defaultGrouping
        self.campus = campus
        self.vendor = vendor
    }

    /// Reads a `--from`/`--to` value: a date (`2026-11-21`) or a span back from today, UTC (`30d`, `2w`).
    public static func date(_ text: String, option: String, now: Date) throws -> LocalDate {
        if let day = LocalDate(text) { return day }
        if let span = RelativeSpan(text) { return LocalDate.utc(now.addingTimeInterval(-Double(span.seconds))) }
        if text == "today" { return LocalDate.utc(now) }
        throw ToolError.usage("\(option) \"\(text)\" is not a date",
                              hint: "use YYYY-MM-DD (a campus-local day), today, or a span back from today such as 30d or 2w")
    }
}

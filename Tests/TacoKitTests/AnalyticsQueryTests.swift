import Foundation
import TacoKit
import Testing

@Suite("AnalyticsQuery: ranges, groupings, dates")
struct AnalyticsQueryTests {
    let day = LocalDate(year: 2026, month: 1, day: 14)

    @Test("--from after --to and a --by the report does not take are usage errors")
    func validation() throws {
        let error = #expect(throws: ToolError.self) {
            try AnalyticsQuery(report: .orders, from: day.adding(days: 1), to: day, grouping: nil, campus: nil, vendor: nil)
        }
        #expect(error?.status == .usage)
        #expect(throws: ToolError.self) { try AnalyticsQuery(report: .heatmap, from: day, to: day, grouping: .day, campus: nil, vendor: nil) }
        #expect(throws: ToolError.self) { try AnalyticsQuery(report: .subsidies, from: day, to: day, grouping: .truck, campus: nil, vendor: nil) }
        let single = try AnalyticsQuery(report: .orders, from: day, to: day, grouping: nil, campus: nil, vendor: nil)
        #expect(single.grouping == .day)
        #expect(try AnalyticsQuery(report: .prepTimes, from: day, to: day, grouping: nil, campus: nil, vendor: nil).grouping == .vendor)
        #expect(try AnalyticsQuery(report: .cancellations, from: day, to: day, grouping: nil, campus: nil, vendor: nil).grouping == nil)
        for report in AnalyticsReport.allCases {
            if let grouping = report.defaultGrouping { #expect(report.groupings.contains(grouping)) }
        }
    }

    @Test("dates: YYYY-MM-DD, today and spans back from now (UTC); anything else is a usage error")
    func dates() throws {
        let now = try #require(Timestamp.parsePostgres("2026-11-22T03:00:00Z"))
        #expect(try AnalyticsQuery.date("2026-01-14", option: "--from", now: now) == day)
        #expect(try AnalyticsQuery.date("today", option: "--to", now: now) == LocalDate(year: 2026, month: 11, day: 22))
        #expect(try AnalyticsQuery.date("30d", option: "--from", now: now) == LocalDate(year: 2026, month: 10, day: 23))
        #expect(try AnalyticsQuery.date("2w", option: "--from", now: now) == LocalDate(year: 2026, month: 11, day: 8))
        for bad in ["2026-02-30", "yesterday", "-3d", "2026-01-14T00:00:00Z"] {
            #expect(throws: ToolError.self, "\(bad)") { try AnalyticsQuery.date(bad, option: "--from", now: now) }
        }
    }
}

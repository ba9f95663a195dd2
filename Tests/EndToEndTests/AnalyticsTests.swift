import Foundation
import TacoKit
import TacoTestSupport
import Testing

/// Every report on AnalyticsFixture's hand-built orders: each figure must equal the number worked out by hand
/// (in the fixture's comments) and the independent SQL in scripts/analytics-baseline/ over the same data.
@Suite("taco-admin analytics: known answers, independent SQL, bad input, access")
struct AnalyticsTests {
    static let baselineDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/analytics-baseline")

    /// One check: the tool's arguments, the baseline file and campus, and the figures known by hand.
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let arguments: [String]
        let baseline: String
        let campus: String?
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "orders by day", arguments: ["orders"], baseline: "orders", campus: nil),
        Case(name: "orders by campus", arguments: ["orders", "--by", "campus"], baseline: "orders-by-campus", campus: nil),
        Case(name: "orders at WEST by day", arguments: ["orders", "--campus", "WEST"], baseline: "orders", campus: "WEST"),
        Case(name: "heatmap", arguments: ["heatmap"], baseline: "heatmap", campus: nil),
        Case(name: "prep-times", arguments: ["prep-times"], baseline: "prep-times", campus: nil),
        Case(name: "late-orders", arguments: ["late-orders", "--by", "vendor"], baseline: "late-orders", campus: nil),
        Case(name: "cancellations", arguments: ["cancellations"], baseline: "cancellations", campus: nil),
        Case(name: "top-items", arguments: ["top-items"], baseline: "top-items", campus: nil),
        Case(name: "top-items at WEST", arguments: ["top-items", "--campus", "WEST"], baseline: "top-items", campus: "WEST"),
        Case(name: "subsidies by campus", arguments: ["subsidies"], baseline: "subsidies", campus: nil),
        Case(name: "subsidies by day", arguments: ["subsidies", "--by", "day"], baseline: "subsidies-by-day", campus: nil),
        Case(name: "vendor-scorecard", arguments: ["vendor-scorecard"], baseline: "vendor-scorecard", campus: nil),
    ]

    /// The figures worked out by hand, row by row in output order (only the columns listed are checked here;
    /// every column is checked against the baseline).
    static func known(_ name: String, vendorLogin: String) -> [[String: String]] {
        switch name {
        case "orders by day":
            return [["day": "2026-01-14", "orders": "5", "fulfilled": "1", "cancelled": "2", "no_shows": "0", "open": "2",
                     "gross_cents": "650", "tax_cents": "54", "tip_cents": "100", "subsidy_cents": "300", "employee_paid_cents": "504",
                     "refunds_cents": "0", "net_cents": "804"],
                    ["day": "2026-01-15", "orders": "6", "fulfilled": "3", "cancelled": "0", "no_shows": "1", "open": "2",
                     "gross_cents": "3700", "tax_cents": "306", "tip_cents": "250", "subsidy_cents": "500", "employee_paid_cents": "3756",
                     "refunds_cents": "200", "net_cents": "4056"]]
        case "orders by campus":
            return [["campus": "EAST", "orders": "5", "fulfilled": "2", "cancelled": "1", "no_shows": "1", "open": "1",
                     "gross_cents": "2700", "tax_cents": "223", "tip_cents": "250", "subsidy_cents": "500", "employee_paid_cents": "2673",
                     "refunds_cents": "0", "net_cents": "3173"],
                    ["campus": "WEST", "orders": "6", "fulfilled": "2", "cancelled": "1", "no_shows": "0", "open": "3",
                     "gross_cents": "1650", "tax_cents": "137", "tip_cents": "100", "subsidy_cents": "300", "employee_paid_cents": "1587",
                     "refunds_cents": "200", "net_cents": "1687"]]
        case "orders at WEST by day":
            return [["day": "2026-01-14", "orders": "3", "net_cents": "804"], ["day": "2026-01-15", "orders": "3", "net_cents": "883"]]
        case "heatmap":
            return [(3, "Wed", 11, 1), (3, "Wed", 12, 2), (3, "Wed", 23, 2), (4, "Thu", 0, 2), (4, "Thu", 12, 2), (4, "Thu", 23, 2)]
                .map { ["weekday": "\($0.0)", "day_name": $0.1, "hour": "\($0.2)", "orders": "\($0.3)"] }
        case "prep-times":
            return [["vendor": "ana-a", "confirmed": "5", "queue_p50_seconds": "45", "queue_p95_seconds": "60", "queue_mean_seconds": "48",
                     "prepared": "3", "prep_p50_seconds": "600", "prep_p95_seconds": "1140", "prep_mean_seconds": "680"],
                    ["vendor": "ana-b", "confirmed": "4", "queue_p50_seconds": "82.5", "queue_p95_seconds": "115.5", "queue_mean_seconds": "78.8",
                     "prepared": "3", "prep_p50_seconds": "300", "prep_p95_seconds": "462", "prep_mean_seconds": "326.7"]]
        case "late-orders":
            return [["vendor": "ana-a", "ready": "3", "promised": "3", "on_time": "2", "late": "1", "late_pct": "33.3",
                     "late_minutes_mean": "5.5", "late_minutes_p95": "5.5", "picked_up": "2", "wait_p50_seconds": "210",
                     "wait_p95_seconds": "291", "wait_mean_seconds": "210", "no_shows": "0", "no_show_pct": "0"],
                    ["vendor": "ana-b", "ready": "3", "promised": "2", "on_time": "2", "late": "0", "late_pct": "0",
                     "late_minutes_mean": "null", "late_minutes_p95": "null", "picked_up": "2", "wait_p50_seconds": "45",
                     "wait_p95_seconds": "58.5", "wait_mean_seconds": "45", "no_shows": "1", "no_show_pct": "33.3"]]
        case "cancellations":
            let one = ["cancelled": "1", "share_pct": "50", "orders_pct": "9.1"]
            return [["dimension": "reason", "value": "(none)"], ["dimension": "reason", "value": "out of stock"],
                    ["dimension": "actor", "value": vendorLogin], ["dimension": "actor", "value": "taco_owner"],
                    ["dimension": "from_status", "value": "CONFIRMED"], ["dimension": "from_status", "value": "PENDING"]]
                .map { $0.merging(one) { a, _ in a } }
        case "top-items":
            return [["kind": "item", "vendor": "ana-b", "sku": "BURR", "item": "Burrito", "option": "null", "quantity": "3",
                     "revenue_cents": "2700", "eighty_sixed_seconds": "3600"],
                    ["kind": "item", "vendor": "ana-a", "sku": "TACO", "item": "Taco", "option": "null", "quantity": "3",
                     "revenue_cents": "1650", "eighty_sixed_seconds": "9000"],
                    ["kind": "option", "vendor": "ana-a", "sku": "TACO", "option": "Verde", "quantity": "2", "revenue_cents": "0",
                     "eighty_sixed_seconds": "0"],
                    ["kind": "option", "vendor": "ana-a", "sku": "TACO", "option": "Guac", "quantity": "1", "revenue_cents": "150",
                     "eighty_sixed_seconds": "43200"]]
        case "top-items at WEST":
            return [["kind": "item", "sku": "TACO", "quantity": "3", "revenue_cents": "1650", "eighty_sixed_seconds": "9000"],
                    ["kind": "option", "option": "Verde", "quantity": "2", "eighty_sixed_seconds": "0"],
                    ["kind": "option", "option": "Guac", "quantity": "1", "revenue_cents": "150", "eighty_sixed_seconds": "72000"]]
        case "subsidies by campus":
            return [["campus": "EAST", "orders": "2", "subsidized_orders": "1", "order_value_cents": "3173", "employer_cents": "500",
                     "employee_cents": "2673", "employer_share_pct": "15.8", "cost_per_order_cents": "250", "participants": "1",
                     "active_users": "2", "participation_pct": "50"],
                    ["campus": "WEST", "orders": "2", "subsidized_orders": "1", "order_value_cents": "1887", "employer_cents": "300",
                     "employee_cents": "1587", "employer_share_pct": "15.9", "cost_per_order_cents": "150", "participants": "2",
                     "active_users": "3", "participation_pct": "66.7"]]
        case "subsidies by day":
            return [["day": "2026-01-14", "orders": "1", "subsidized_orders": "1", "order_value_cents": "804", "employer_cents": "300",
                     "employee_cents": "504", "employer_share_pct": "37.3", "cost_per_order_cents": "300", "participants": "1",
                     "active_users": "5", "participation_pct": "20"],
                    ["day": "2026-01-15", "orders": "3", "subsidized_orders": "1", "order_value_cents": "4256", "employer_cents": "500",
                     "employee_cents": "3756", "employer_share_pct": "11.7", "cost_per_order_cents": "167", "participants": "2",
                     "active_users": "5", "participation_pct": "40"]]
        case "vendor-scorecard":
            return [["vendor": "ana-a", "orders": "6", "fulfilled": "2", "cancelled": "1", "cancellation_pct": "16.7", "net_cents": "1687",
                     "on_time_pct": "66.7", "prep_p95_seconds": "1140", "no_shows": "0", "rating": "4.5"],
                    ["vendor": "ana-b", "orders": "5", "fulfilled": "2", "cancelled": "1", "cancellation_pct": "20", "net_cents": "3173",
                     "on_time_pct": "100", "prep_p95_seconds": "462", "no_shows": "1", "rating": "null"]]
        default:
            return []
        }
    }

    /// Numbers compare as numbers (45 == 45.0), everything else as text; JSON null and SQL NULL are "null".
    static func normalized(_ value: Any?) -> String {
        let text: String
        switch value {
        case nil, is NSNull: return "null"
        case let number as NSNumber: text = number.stringValue
        case let string as String: text = string
        case let other?: text = "\(other)"
        }
        if let number = Double(text), !text.contains("-") || text.hasPrefix("-") { return String(format: "%.6f", number) }
        return text
    }

    static func run(_ arguments: [String], url: String) throws -> (status: Int32, rows: [[String: Any]], stderr: String) {
        let run = try ToolRunner.run("taco-admin", ["analytics"] + arguments + ["--format", "json", "--database-url", url])
        guard run.status == 0 else { return (run.status, [], run.stderr) }
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]], "\(run.stdout)")
        return (run.status, rows, run.stderr)
    }

    static func baseline(_ file: String, campus: String?, on database: TestDatabase) throws -> [[String: String]] {
        let sql = try String(contentsOf: baselineDirectory.appendingPathComponent(file + ".sql"), encoding: .utf8)
        let result = try database.connect().query(sql, [AnalyticsFixture.from, AnalyticsFixture.to, campus])
        return try result.map { row in
            var record: [String: String] = [:]
            for column in result.columns { record[column] = normalized(try row.text(column)) }
            return record
        }
    }

    @Test("each report's figures equal the known answers and the independent SQL", arguments: cases)
    func figures(_ check: Case) throws {
        let fixture = try AnalyticsFixture.make()
        let url = try fixture.database.conninfo(user: fixture.reportingLogin)
        let tool = try Self.run(check.arguments + ["--from", AnalyticsFixture.from, "--to", AnalyticsFixture.to], url: url)
        #expect(tool.status == 0, "\(tool.stderr)")
        let expected = try Self.baseline(check.baseline, campus: check.campus, on: fixture.database)
        #expect(tool.rows.count == expected.count, "\(check.name): \(tool.rows) vs \(expected)")
        for (index, (row, independent)) in zip(tool.rows, expected).enumerated() {
            #expect(Set(row.keys) == Set(independent.keys), "\(check.name) row \(index): columns")
            for (column, value) in row {
                #expect(Self.normalized(value) == independent[column], "\(check.name) row \(index) \(column): tool \(value), SQL \(independent[column] ?? "-")")
            }
        }
        let known = Self.known(check.name, vendorLogin: fixture.vendorLogin)
        #expect(!known.isEmpty)
        #expect(tool.rows.count == known.count, "\(check.name): \(tool.rows)")
        for (index, (row, figures)) in zip(tool.rows, known).enumerated() {
            for (column, value) in figures {
                #expect(Self.normalized(row[column]) == Self.normalized(value), "\(check.name) row \(index) \(column): \(row[column] ?? "missing"), known \(value)")
            }
        }
    }

    @Test("--vendor, --by week/hour/truck, CSV, and an empty range ([] / header only, exit 0)")
    func shapes() throws {
        let fixture = try AnalyticsFixture.make()
        let url = try fixture.database.conninfo(user: fixture.reportingLogin)
        let range = ["--from", AnalyticsFixture.from, "--to", AnalyticsFixture.to]
        let scorecard = try Self.run(["vendor-scorecard", "--vendor", "ana-b"] + range, url: url)
        #expect(scorecard.rows.map { $0["vendor"] as? String } == ["ana-b"])
        #expect(scorecard.rows.first?["net_cents"] as? Int == 3173)
        // 2026-01-14 and -15 are in the ISO week that starts Monday 2026-01-12
        let week = try Self.run(["orders", "--by", "week"] + range, url: url)
        #expect(week.rows.map { $0["week"] as? String } == ["2026-01-12"])
        #expect(week.rows.first?["orders"] as? Int == 11)
        let hours = try Self.run(["orders", "--by", "hour"] + range, url: url)
        #expect(hours.rows.map { $0["hour"] as? Int } == [0, 11, 12, 23])
        #expect(hours.rows.map { $0["orders"] as? Int } == [2, 1, 4, 4])
        let trucks = try Self.run(["prep-times", "--by", "truck"] + range, url: url)
        #expect(trucks.rows.map { "\($0["vendor"] ?? "")/\($0["truck"] ?? "")" } == ["ana-a/Truck 1", "ana-b/Truck 1"])

        let empty = try ToolRunner.run("taco-admin", ["analytics", "orders", "--from", "2020-01-01", "--to", "2020-01-31", "--format", "json", "--database-url", url])
        #expect(empty.status == 0)
        #expect(empty.stdout == "[]\n")
        let csv = try ToolRunner.run("taco-admin", ["analytics", "subsidies", "--from", "2020-01-01", "--to", "2020-01-31", "--format", "csv", "--database-url", url])
        #expect(csv.status == 0)
        #expect(csv.stdout == "campus,orders,subsidized_orders,order_value_cents,employer_cents,employee_cents,employer_share_pct,cost_per_order_cents,participants,active_users,participation_pct\r\n")
        let relative = try ToolRunner.run("taco-admin", ["analytics", "heatmap", "--from", "30d", "--format", "json", "--database-url", url])
        #expect(relative.status == 0, "\(relative.stderr)")
    }

    @Test("bad input: exit codes and messages; nothing is written", arguments: [
        (["orders", "--from", "2026-01-15", "--to", "2026-01-14"], Int32(64), "--from 2026-01-15 is after --to 2026-01-14"),
        (["profits", "--from", "2026-01-14", "--to", "2026-01-15"], Int32(64), "profits"),
        (["heatmap", "--by", "day", "--from", "2026-01-14", "--to", "2026-01-15"], Int32(64), "cannot be grouped --by day"),
        (["subsidies", "--by", "truck", "--from", "2026-01-14", "--to", "2026-01-15"], Int32(64), "use --by day|week|campus"),
        (["orders", "--by", "month", "--from", "2026-01-14", "--to", "2026-01-15"], Int32(64), "month"),
        (["orders", "--from", "2026-13-01", "--to", "2026-01-15"], Int32(64), "--from \"2026-13-01\" is not a date"),
        (["orders", "--from", "2026-01-14", "--to", "2026-01-15", "--campus", "NOPE"], Int32(65), "unknown campus \"NOPE\""),
        (["top-items", "--from", "2026-01-14", "--to", "2026-01-15", "--vendor", "no-such"], Int32(65), "unknown vendor \"no-such\""),
    ])
    func badInput(_ arguments: [String], _ status: Int32, _ message: String) throws {
        let fixture = try AnalyticsFixture.make()
        let owner = try fixture.database.connect()
        let before: Int = try owner.scalar("SELECT count(*) FROM audit_log")
        let run = try ToolRunner.run("taco-admin", ["analytics"] + arguments + ["--database-url", try fixture.database.conninfo(user: fixture.foodServicesLogin)])
        #expect(run.status == status, "\(arguments): \(run.stderr)")
        #expect(run.stderr.contains(message), "\(arguments): \(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(try owner.scalar("SELECT count(*) FROM audit_log", as: Int.self) == before)
    }

    @Test("vendor logins get 77; reporting, Food Services and sysadmin logins read; a read-only session (replica) works")
    func access() throws {
        let fixture = try AnalyticsFixture.make()
        let range = ["--from", AnalyticsFixture.from, "--to", AnalyticsFixture.to]
        for report in AnalyticsReport.allCases {
            let denied = try ToolRunner.run("taco-admin", ["analytics", report.rawValue] + range + ["--database-url", try fixture.database.conninfo(user: fixture.vendorLogin)])
            #expect(denied.status == 77, "\(report): \(denied.stderr)")
            #expect(denied.stdout.isEmpty)
        }
        let sysadmin = try fixture.database.createLogin(group: "taco_sysadmin", prefix: "ana_sys")
        for login in [fixture.reportingLogin, fixture.foodServicesLogin, sysadmin] {
            let run = try Self.run(["vendor-scorecard"] + range, url: try fixture.database.conninfo(user: login))
            #expect(run.status == 0, "\(login): \(run.stderr)")
            #expect(run.rows.count == 2)
        }
        // A hot standby refuses writes exactly like default_transaction_read_only does.
        let readOnly = try fixture.database.conninfo(user: fixture.reportingLogin) + " options='-c default_transaction_read_only=on'"
        for report in AnalyticsReport.allCases {
            let run = try Self.run([report.rawValue] + range, url: readOnly)
            #expect(run.status == 0, "\(report): \(run.stderr)")
        }
    }

    @Test("order_facts kept by the triggers equals a rebuild from orders and order_events; a campus time zone change moves local days")
    func factsMaintenance() throws {
        let fixture = try AnalyticsFixture.make()
        let owner = try fixture.database.connect()
        let snapshot = "SELECT string_agg(f::text, E'\\n' ORDER BY f.order_id) FROM order_facts f"
        let kept: String = try owner.scalar(snapshot)
        #expect(try owner.scalar("SELECT count(*) FROM orders", as: Int.self) == 13)
        #expect(try owner.scalar("SELECT taco_order_facts_rebuild()", as: Int.self) == 13)
        #expect(try owner.scalar(snapshot, as: String.self) == kept)

        try owner.query("UPDATE campuses SET time_zone = 'UTC' WHERE code = 'WEST'")
        let url = try fixture.database.conninfo(user: fixture.reportingLogin)
        let run = try Self.run(["orders", "--campus", "WEST", "--from", "2026-01-14", "--to", "2026-01-16"], url: url)
        // In UTC, o6 and o13 fall on the 14th, o1, o2 and o11 on the 15th, o7 on the 16th (o8, 07:59Z on the 14th, too)
        #expect(run.rows.map { $0["orders"] as? Int } == [3, 3, 1])
    }
}

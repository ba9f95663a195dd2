import Foundation
import TacoKit
import TacoTestSupport
import Testing

/// The summary data the reports read (order_facts with its local day/week/hour and refunded_cents, and
/// order_line_facts) is kept by triggers: after status changes, refunds, new lines and a campus time zone change,
/// every report still equals the independent SQL over the base tables, and the kept rows equal a rebuild.
@Suite("taco-admin analytics: summary data kept on order, line, refund and campus changes")
struct AnalyticsFactsTests {
    static let factsSnapshot = "SELECT string_agg(f::text, E'\\n' ORDER BY f.order_id) FROM order_facts f"
    static let linesSnapshot = "SELECT string_agg(l::text, E'\\n' ORDER BY l.id) FROM order_line_facts l"

    /// Every report case of AnalyticsTests equals its baseline SQL on the fixture's database as it is now.
    static func expectAllMatchBaseline(_ fixture: AnalyticsFixture, _ context: String) throws {
        let url = try fixture.database.conninfo(user: fixture.reportingLogin)
        for check in AnalyticsTests.cases {
            let tool = try AnalyticsTests.run(check.arguments + ["--from", AnalyticsFixture.from, "--to", AnalyticsFixture.to], url: url)
            #expect(tool.status == 0, "\(context) \(check.name): \(tool.stderr)")
            let expected = try AnalyticsTests.baseline(check.baseline, campus: check.campus, on: fixture.database)
            #expect(tool.rows.count == expected.count, "\(context) \(check.name): \(tool.rows) vs \(expected)")
            for (index, (row, independent)) in zip(tool.rows, expected).enumerated() {
                for (column, value) in row {
                    #expect(AnalyticsTests.normalized(value) == independent[column],
                            "\(context) \(check.name) row \(index) \(column): tool \(value), SQL \(independent[column] ?? "-")")
                }
            }
        }
    }

    /// The rows the triggers kept equal what taco_order_facts_rebuild() computes from the base tables.
    static func expectKeptEqualsRebuild(_ owner: PostgresConnection, _ context: String) throws {
        let facts: String = try owner.scalar(factsSnapshot)
        let lines: String = try owner.scalar(linesSnapshot)
        try owner.execute("BEGIN")
        _ = try owner.scalar("SELECT taco_order_facts_rebuild()", as: Int.self)
        let rebuiltFacts: String = try owner.scalar(factsSnapshot)
        let rebuiltLines: String = try owner.scalar(linesSnapshot)
        try owner.execute("ROLLBACK")
        #expect(facts == rebuiltFacts, "\(context): order_facts kept by the triggers differs from a rebuild")
        #expect(lines == rebuiltLines, "\(context): order_line_facts kept by the triggers differs from a rebuild")
    }

    static func figure(_ rows: [[String: Any]], _ key: String, _ value: String, _ column: String) -> Int? {
        rows.first { $0[key] as? String == value }?[column] as? Int
    }

    @Test("the fixture's lines and options: one order_line_facts row per line and per option, equal to a rebuild")
    func linesKept() throws {
        let fixture = try AnalyticsFixture.make()
        let owner = try fixture.database.connect()
        // 13 orders with one line each; 4 of the lines carry an option (o1 Guac, o2, o3 and o7 Verde)
        #expect(try owner.scalar("SELECT count(*) FROM order_line_facts WHERE option IS NULL", as: Int.self) == 13)
        #expect(try owner.scalar("SELECT count(*) FROM order_line_facts WHERE option IS NOT NULL", as: Int.self) == 4)
        // fulfilled: o1, o2, o5, o9, o10 and the options of o1 and o2
        #expect(try owner.scalar("SELECT count(*) FROM order_line_facts WHERE fulfilled", as: Int.self) == 7)
        try Self.expectKeptEqualsRebuild(owner, "fixture")
    }

    @Test("a status change to fulfilled, a refund and a refund that succeeds later change the figures")
    func statusAndRefunds() throws {
        let fixture = try AnalyticsFixture.make()
        let owner = try fixture.database.connect()
        let url = try fixture.database.conninfo(user: fixture.reportingLogin)
        let range = ["--from", AnalyticsFixture.from, "--to", AnalyticsFixture.to]
        let o11 = try #require(fixture.orders["o11"])

        // o11 (WEST, 2026-01-15, ana-b, one burrito, CONFIRMED) is prepared and picked up.
        for status in ["PREPARING", "READY", "PICKED_UP"] {
            try owner.query("UPDATE orders SET status = $2 WHERE id = $1", [o11, status])
        }
        let orders = try AnalyticsTests.run(["orders"] + range, url: url)
        #expect(Self.figure(orders.rows, "day", "2026-01-15", "fulfilled") == 4)
        #expect(Self.figure(orders.rows, "day", "2026-01-15", "gross_cents") == 4600)
        let items = try AnalyticsTests.run(["top-items"] + range, url: url)
        #expect(items.rows.first { $0["kind"] as? String == "item" && $0["sku"] as? String == "BURR" }?["quantity"] as? Int == 4)
        try Self.expectAllMatchBaseline(fixture, "after o11 was picked up")
        try Self.expectKeptEqualsRebuild(owner, "after o11 was picked up")

        // The vendor's own login hands o7 (ana-a, WEST, 2026-01-15, READY, a Verde taco) over: the triggers write the
        // summary tables the login has no grant on.
        let vendorDB = try fixture.database.connect(as: fixture.vendorLogin)
        try vendorDB.query("UPDATE orders SET status = 'PICKED_UP' WHERE id = $1", [try #require(fixture.orders["o7"])])
        let handedOver = try AnalyticsTests.run(["top-items"] + range, url: url)
        #expect(handedOver.rows.first { $0["option"] as? String == "Verde" }?["quantity"] as? Int == 3)
        try Self.expectAllMatchBaseline(fixture, "after o7 was picked up by the vendor's login")
        try Self.expectKeptEqualsRebuild(owner, "after o7 was picked up by the vendor's login")

        // A succeeded refund on o5 (EAST, 2026-01-15) and o2's pending refund of 100 succeeding.
        let o5 = try #require(fixture.orders["o5"])
        let o2 = try #require(fixture.orders["o2"])
        try owner.query("INSERT INTO refunds (order_id, vendor_id, amount_cents, status) SELECT id, vendor_id, 250, 'succeeded' FROM orders WHERE id = $1", [o5])
        try owner.query("UPDATE refunds SET status = 'succeeded' WHERE order_id = $1 AND status = 'pending'", [o2])
        let refunded = try AnalyticsTests.run(["orders"] + range, url: url)
        #expect(Self.figure(refunded.rows, "day", "2026-01-15", "refunds_cents") == 200 + 100 + 250)
        let scorecard = try AnalyticsTests.run(["vendor-scorecard"] + range, url: url)
        #expect(Self.figure(scorecard.rows, "vendor", "ana-b", "net_cents") == 3173 + 974 - 250)
        try Self.expectAllMatchBaseline(fixture, "after the refunds")

        // The refund fails after all (and one is deleted): the figures go back.
        try owner.query("UPDATE refunds SET status = 'failed' WHERE order_id = $1", [o5])
        try owner.query("DELETE FROM refunds WHERE order_id = $1 AND amount_cents = 100", [o2])
        let back = try AnalyticsTests.run(["orders"] + range, url: url)
        #expect(Self.figure(back.rows, "day", "2026-01-15", "refunds_cents") == 200)
        try Self.expectAllMatchBaseline(fixture, "after the refund failed")
        try Self.expectKeptEqualsRebuild(owner, "after the refund failed")
    }

    @Test("lines and options added, changed and removed, and a campus time zone change, follow into the reports")
    func linesAndTimeZone() throws {
        let fixture = try AnalyticsFixture.make()
        let owner = try fixture.database.connect()
        let url = try fixture.database.conninfo(user: fixture.reportingLogin)
        let range = ["--from", AnalyticsFixture.from, "--to", AnalyticsFixture.to]
        let o5 = try #require(fixture.orders["o5"])

        // o5 (completed, ana-b) gets a second line with an option; then its quantity changes; then the option goes.
        let line: UUID = try owner.scalar("""
            INSERT INTO order_items (order_id, vendor_id, menu_item_id, sku, name, quantity, unit_price_cents, line_total_cents)
            SELECT id, vendor_id, NULL, 'BURR', 'Burrito', 1, 1000, 1000 FROM orders WHERE id = $1 RETURNING id
            """, [o5])
        try owner.query("""
            INSERT INTO order_item_options (order_item_id, vendor_id, name, price_delta_cents)
            SELECT id, vendor_id, 'Queso', 100 FROM order_items WHERE id = $1
            """, [line])
        var items = try AnalyticsTests.run(["top-items"] + range, url: url)
        #expect(items.rows.first { $0["option"] as? String == "Queso" }?["revenue_cents"] as? Int == 100)
        try Self.expectAllMatchBaseline(fixture, "after a line was added")
        try owner.query("UPDATE order_items SET quantity = 3, line_total_cents = 3000 WHERE id = $1", [line])
        items = try AnalyticsTests.run(["top-items"] + range, url: url)
        #expect(items.rows.first { $0["option"] as? String == "Queso" }?["revenue_cents"] as? Int == 300)
        #expect(items.rows.first { $0["kind"] as? String == "item" && $0["sku"] as? String == "BURR" }?["quantity"] as? Int == 6)
        try Self.expectAllMatchBaseline(fixture, "after a line changed")
        try Self.expectKeptEqualsRebuild(owner, "after a line changed")
        try owner.query("DELETE FROM order_item_options WHERE order_item_id = $1", [line])
        items = try AnalyticsTests.run(["top-items"] + range, url: url)
        #expect(!items.rows.contains { $0["option"] as? String == "Queso" })
        try owner.query("DELETE FROM order_items WHERE id = $1", [line])
        try Self.expectAllMatchBaseline(fixture, "after the line was removed")
        try Self.expectKeptEqualsRebuild(owner, "after the line was removed")

        // WEST moves to UTC: its orders' local days, hours and lines move (o8, 07:59Z on the 14th, comes into range).
        try owner.query("UPDATE campuses SET time_zone = 'UTC' WHERE code = 'WEST'")
        try Self.expectAllMatchBaseline(fixture, "after WEST moved to UTC")
        try Self.expectKeptEqualsRebuild(owner, "after WEST moved to UTC")
    }
}

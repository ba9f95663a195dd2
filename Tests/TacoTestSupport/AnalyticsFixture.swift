import Foundation
import TacoKit

/// Hand-built orders with known analytics answers: two campuses in different time zones (WEST =
/// America/Los_Angeles, UTC-8 in January; EAST = America/New_York, UTC-5), two vendors (ana-a rated 4.50,
/// ana-b unrated), orders in every state, some placed near local midnight so their UTC and campus-local days
/// differ, refunds (succeeded, pending, on cancelled and out-of-range orders), subsidies, and 86 history.
/// The report range is the campus-local days 2026-01-14 (Wednesday) and 2026-01-15.
public struct AnalyticsFixture: Sendable {
    public let database: TestDatabase
    public let reportingLogin: String
    public let foodServicesLogin: String
    public let vendorLogin: String
    /// order name (o1 …) → id
    public let orders: [String: UUID]

    public static let from = "2026-01-14"
    public static let to = "2026-01-15"

    struct Line {
        let sku: String
        let quantity: Int
        let option: (name: String, delta: Int)?
    }

    public static func make() throws -> AnalyticsFixture {
        let database = try TestDatabase.make()
        let owner = try database.connect()
        let west: UUID = try owner.scalar("""
            INSERT INTO campuses (code, name, time_zone, tax_rate_percent) VALUES ('WEST', 'West', 'America/Los_Angeles', 8.25) RETURNING id
            """)
        let east: UUID = try owner.scalar("""
            INSERT INTO campuses (code, name, time_zone, tax_rate_percent) VALUES ('EAST', 'East', 'America/New_York', 8.25) RETURNING id
            """)
        var users: [String: UUID] = [:]
        for (name, campus, active) in [("u1", west, true), ("u2", west, true), ("u6", west, true),
                                       ("u3", east, true), ("u4", east, false), ("u5", east, true)] {
            users[name] = try owner.scalar("""
                INSERT INTO users (worker_id, employee_id, email, given_name, family_name, campus_id, active, hr_status)
                VALUES ($1, $1, $1 || '@ana.example', 'Ana', $1, $2, $3, CASE WHEN $3 THEN 'active' ELSE 'terminated' END) RETURNING id
                """, [name, campus, active])
        }
        func vendor(_ slug: String, rating: String?) throws -> (vendor: UUID, truck: UUID, menu: UUID) {
            let id: UUID = try owner.scalar("INSERT INTO vendors (slug, name, status, rating) VALUES ($1, $2, 'approved', $3::numeric) RETURNING id",
                                            [slug, "Vendor " + slug, rating])
            let truck: UUID = try owner.scalar("INSERT INTO trucks (vendor_id, name, plate) VALUES ($1, 'Truck 1', $2) RETURNING id", [id, slug])
            let menu: UUID = try owner.scalar("INSERT INTO menus (vendor_id, name) VALUES ($1, 'Lunch') RETURNING id", [id])
            return (id, truck, menu)
        }
        let a = try vendor("ana-a", rating: "4.50")
        let b = try vendor("ana-b", rating: nil)
        let taco: UUID = try owner.scalar("INSERT INTO menu_items (menu_id, vendor_id, sku, name, price_cents) VALUES ($1, $2, 'TACO', 'Taco', 500) RETURNING id",
                                          [a.menu, a.vendor])
        let burrito: UUID = try owner.scalar("INSERT INTO menu_items (menu_id, vendor_id, sku, name, price_cents) VALUES ($1, $2, 'BURR', 'Burrito', 900) RETURNING id",
                                             [b.menu, b.vendor])
        let salsa: UUID = try owner.scalar("INSERT INTO option_groups (item_id, vendor_id, name) VALUES ($1, $2, 'Salsa') RETURNING id", [taco, a.vendor])
        let guac: UUID = try owner.scalar("INSERT INTO options (group_id, vendor_id, name, price_delta_cents) VALUES ($1, $2, 'Guac', 150) RETURNING id",
                                          [salsa, a.vendor])
        let verde: UUID = try owner.scalar("INSERT INTO options (group_id, vendor_id, name, price_delta_cents) VALUES ($1, $2, 'Verde', 0) RETURNING id",
                                           [salsa, a.vendor])
        let vendorLogin = try database.createLogin(group: "taco_vendor_admin", prefix: "ana_va")
        try owner.query("INSERT INTO vendor_members (login, vendor_id, role) VALUES ($1, $2, 'admin')", [vendorLogin, a.vendor])

        var orders: [String: UUID] = [:]
        // name, campus, vendor, user, placed (UTC), promise (s after placing), money, lines, transitions (status, s after placing)
        func order(_ name: String, _ campus: UUID, _ v: (vendor: UUID, truck: UUID, menu: UUID), _ user: String, _ placed: String,
                   promise: Int?, subtotal: Int, tax: Int, tip: Int, subsidy: Int, lines: [Line],
                   _ transitions: [(String, Int)], cancelReason: String? = nil) throws {
            let total = subtotal + tax + tip - subsidy
            let id: UUID = try owner.scalar("""
                INSERT INTO orders (vendor_id, truck_id, campus_id, user_id, customer_display_name, subtotal_cents, tax_cents,
                                    tip_cents, subsidy_cents, total_cents, promised_at, placed_at, idempotency_key, request_hash)
                VALUES ($1, $2, $3, $4, 'Ana', $5, $6, $7, $8, $9, $10::timestamptz + make_interval(secs => $11::int), $10::timestamptz,
                        $12, '\\x00') RETURNING id
                """, [v.vendor, v.truck, campus, users[user], subtotal, tax, tip, subsidy, total, placed, promise,
                      "key-" + name])
            for line in lines {
                let unit = (line.sku == "TACO" ? 500 : 900) + (line.option?.delta ?? 0)
                let lineID: UUID = try owner.scalar("""
                    INSERT INTO order_items (order_id, vendor_id, menu_item_id, sku, name, quantity, unit_price_cents, line_total_cents)
                    VALUES ($1, $2, $3, $4, $5, $6::int, $7::bigint, $6::int * $7::bigint) RETURNING id
                    """, [id, v.vendor, line.sku == "TACO" ? taco : burrito, line.sku, line.sku == "TACO" ? "Taco" : "Burrito",
                          line.quantity, unit])
                if let option = line.option {
                    try owner.query("""
                        INSERT INTO order_item_options (order_item_id, vendor_id, option_id, name, price_delta_cents) VALUES ($1, $2, $3, $4, $5)
                        """, [lineID, v.vendor, option.name == "Guac" ? guac : verde, option.name, option.delta])
                }
            }
            for (status, offset) in transitions {
                try owner.query("""
                    UPDATE orders SET status = $2, status_changed_at = $3::timestamptz + make_interval(secs => $4::int), cancel_reason = $5
                    WHERE id = $1
                    """, [id, status, placed, offset, status == "CANCELLED" || status == "NO_SHOW" ? cancelReason : nil])
            }
            orders[name] = id
        }
        let guacLine = Line(sku: "TACO", quantity: 1, option: ("Guac", 150))
        let verdeLine = Line(sku: "TACO", quantity: 1, option: ("Verde", 0))
        let taco1 = Line(sku: "TACO", quantity: 1, option: nil)
        let burr1 = Line(sku: "BURR", quantity: 1, option: nil)
        let done = ["CONFIRMED", "PREPARING", "READY", "PICKED_UP", "COMPLETED"]
        // o1 WEST 2026-01-14 23:30 PST (UTC day 15): completed, on time (ready +660 <= +900)
        try order("o1", west, a, "u1", "2026-01-15T07:30:00Z", promise: 900, subtotal: 650, tax: 54, tip: 100, subsidy: 300,
                  lines: [guacLine], Array(zip(done, [60, 150, 660, 780, 840])))
        // o2 WEST 2026-01-15 00:30 PST: picked up, late by 330 s
        try order("o2", west, a, "u2", "2026-01-15T08:30:00Z", promise: 900, subtotal: 1000, tax: 83, tip: 0, subsidy: 0,
                  lines: [Line(sku: "TACO", quantity: 2, option: ("Verde", 0))], Array(zip(done.prefix(4), [30, 60, 1230, 1530])))
        // o3 EAST 2026-01-14 23:30 EST (UTC day 15): confirmed, then cancelled by the vendor's login (below)
        try order("o3", east, a, "u3", "2026-01-15T04:30:00Z", promise: 900, subtotal: 500, tax: 41, tip: 0, subsidy: 0,
                  lines: [verdeLine], [("CONFIRMED", 45)])
        // o4 EAST 2026-01-15 00:30 EST: ready on time, then a no-show
        try order("o4", east, b, "u3", "2026-01-15T05:30:00Z", promise: 600, subtotal: 900, tax: 74, tip: 0, subsidy: 500,
                  lines: [burr1], [("CONFIRMED", 120), ("PREPARING", 200), ("READY", 420), ("NO_SHOW", 2220)], cancelReason: "not collected")
        // o5 EAST 2026-01-15 12:00 EST: completed, no promise, by an employee who has since left
        try order("o5", east, b, "u4", "2026-01-15T17:00:00Z", promise: nil, subtotal: 1800, tax: 149, tip: 200, subsidy: 500,
                  lines: [Line(sku: "BURR", quantity: 2, option: nil)], Array(zip(done, [90, 100, 570, 630, 700])))
        // o6 WEST 2026-01-14 12:00 PST: cancelled while pending, no reason (by the owner login)
        try order("o6", west, b, "u1", "2026-01-14T20:00:00Z", promise: 900, subtotal: 900, tax: 74, tip: 0, subsidy: 0,
                  lines: [burr1], [("CANCELLED", 100)])
        // o7 WEST 2026-01-15 23:59 PST (UTC day 16): ready, on time
        try order("o7", west, a, "u2", "2026-01-16T07:59:00Z", promise: 600, subtotal: 500, tax: 41, tip: 0, subsidy: 0,
                  lines: [verdeLine], [("CONFIRMED", 60), ("PREPARING", 100), ("READY", 300)])
        // o8 WEST 2026-01-13 23:59 PST (UTC day 14): outside the range
        try order("o8", west, a, "u1", "2026-01-14T07:59:00Z", promise: 600, subtotal: 500, tax: 41, tip: 0, subsidy: 0,
                  lines: [taco1], [])
        // o9 EAST 2026-01-15 23:59 EST (UTC day 16): completed, on time
        try order("o9", east, b, "u3", "2026-01-16T04:59:00Z", promise: 300, subtotal: 900, tax: 74, tip: 50, subsidy: 0,
                  lines: [burr1], Array(zip(done, [30, 50, 230, 260, 300])))
        // o10 EAST 2026-01-16 00:01 EST: outside the range, completed, refunded
        try order("o10", east, b, "u3", "2026-01-16T05:01:00Z", promise: 600, subtotal: 900, tax: 74, tip: 0, subsidy: 0,
                  lines: [burr1], Array(zip(done, [10, 20, 100, 200, 300])))
        // o11 WEST 2026-01-15 12:00 PST: confirmed
        try order("o11", west, b, "u2", "2026-01-15T20:00:00Z", promise: 900, subtotal: 900, tax: 74, tip: 0, subsidy: 0,
                  lines: [burr1], [("CONFIRMED", 75)])
        // o12 EAST 2026-01-14 12:00 EST: preparing
        try order("o12", east, a, "u3", "2026-01-14T17:00:00Z", promise: 900, subtotal: 500, tax: 41, tip: 0, subsidy: 0,
                  lines: [taco1], [("CONFIRMED", 45), ("PREPARING", 60)])
        // o13 WEST 2026-01-14 11:00 PST: pending
        try order("o13", west, a, "u1", "2026-01-14T19:00:00Z", promise: 900, subtotal: 500, tax: 41, tip: 0, subsidy: 0,
                  lines: [taco1], [])

        let vendorDB = try database.connect(as: vendorLogin)
        try vendorDB.query("UPDATE orders SET status = 'CANCELLED', cancel_reason = 'out of stock' WHERE id = $1", [orders["o3"]])

        for (name, amount, status) in [("o2", 200, "succeeded"), ("o2", 100, "pending"), ("o3", 541, "succeeded"), ("o10", 300, "succeeded")] {
            try owner.query("INSERT INTO refunds (order_id, vendor_id, amount_cents, status) SELECT id, vendor_id, $2, $3 FROM orders WHERE id = $1",
                            [orders[name], amount, status])
        }

        // 86 history, as audit rows at chosen times (the triggers stamp clock_timestamp()); the chain is not verified here.
        let admin = try database.superuser()
        for (table, key, vendorID, at, data) in [
            ("menu_items", taco, a.vendor, "2026-01-14T18:00:00Z", #"{"available": false, "sold_out_until": null}"#),
            ("menu_items", taco, a.vendor, "2026-01-14T20:30:00Z", #"{"available": true, "sold_out_until": null}"#),
            ("menu_items", burrito, b.vendor, "2026-01-15T10:00:00Z", #"{"available": true, "sold_out_until": "2026-01-15T11:00:00+00:00"}"#),
            ("options", guac, a.vendor, "2026-01-15T12:00:00Z", #"{"available": false}"#),
        ] {
            try admin.query("""
                INSERT INTO audit_log (at, actor, action, table_name, row_key, vendor_id, new_data, prev_hash, hash)
                VALUES ($4::timestamptz, 'fixture', 'UPDATE', $1, $2, $3, $5::jsonb, decode(repeat('00', 32), 'hex'),
                        sha256(convert_to(gen_random_uuid()::text, 'UTF8')))
                """, [table, key.uuidString.lowercased(), vendorID, at, data])
        }
        return AnalyticsFixture(database: database,
                                reportingLogin: try database.createLogin(group: "taco_reporting", prefix: "ana_rep"),
                                foodServicesLogin: try database.createLogin(group: "taco_food_services", prefix: "ana_fs"),
                                vendorLogin: vendorLogin, orders: orders)
    }
}

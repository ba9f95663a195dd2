import Foundation
import TacoKit

/// The tenant fixture plus what compliance commands need: the fixture user's orders with items, options,
/// payments, a refund and status changes, an HR change to the user (an audit trail), and logins for
/// Food Services, sysadmin and reporting.
public struct ComplianceFixture: Sendable {
    public let tenants: TenantFixture
    public let email: String
    public let foodServices: String
    public let sysadmin: String
    public let reporting: String

    public var database: TestDatabase { tenants.database }
    public var userID: UUID { tenants.userID }

    public static func make() throws -> ComplianceFixture {
        let tenants = try TenantFixture.make()
        let owner = try tenants.database.connect()
        for (index, tenant) in [tenants.a, tenants.b].enumerated() {
            try owner.query("UPDATE orders SET special_requests = 'no onions, call Zoë on arrival' WHERE id = $1", [tenant.orderID])
            let itemID: UUID = try owner.scalar("""
                INSERT INTO order_items (order_id, vendor_id, menu_item_id, sku, name, quantity, unit_price_cents, line_total_cents)
                VALUES ($1, $2, $3, 'SECRET', 'Secret Taco', 1, 450, 450) RETURNING id
                """, [tenant.orderID, tenant.vendorID, tenant.itemID])
            try owner.query("INSERT INTO order_item_options (order_item_id, vendor_id, name, price_delta_cents) VALUES ($1, $2, 'Extra salsa', 0)",
                            [itemID, tenant.vendorID])
            try owner.query("""
                INSERT INTO payments (order_id, vendor_id, stripe_payment_intent_id, amount_cents, status, at)
                VALUES ($1, $2, $3, 487, 'succeeded', '2026-03-15T12:00:00Z')
                """, [tenant.orderID, tenant.vendorID, "pi_\(tenant.slug)"])
            try owner.query("UPDATE orders SET status = 'CONFIRMED' WHERE id = $1", [tenant.orderID])
            if index == 0 {
                try owner.query("""
                    INSERT INTO refunds (order_id, vendor_id, amount_cents, reason, status, created_at)
                    VALUES ($1, $2, 100, 'cold taco', 'succeeded', '2026-03-16T12:00:00Z')
                    """, [tenant.orderID, tenant.vendorID])
            }
        }
        try owner.query("UPDATE orders SET placed_at = '2026-03-15T11:55:00Z' WHERE user_id = $1", [tenants.userID])
        // An HR change (audited): the job title arrives from the feed.
        try owner.query("UPDATE users SET job_title = 'Staff Engineer', okta_id = $2 WHERE id = $1",
                        [tenants.userID, "00u" + TestCluster.uniqueName("o").suffix(12)])
        let email: String = try owner.scalar("SELECT email FROM users WHERE id = $1", [tenants.userID])
        return ComplianceFixture(
            tenants: tenants, email: email,
            foodServices: try tenants.database.createLogin(group: "taco_food_services", prefix: "fs"),
            sysadmin: try tenants.database.createLogin(group: "taco_sysadmin", prefix: "it"),
            reporting: try tenants.database.createLogin(group: "taco_reporting", prefix: "rep"))
    }

    /// Runs `taco-admin` as `login` against the fixture's database.
    public func admin(_ arguments: [String], as login: String, stdin: String? = nil) throws -> ToolRun {
        try ToolRunner.run("taco-admin", arguments + ["--database-url", try database.conninfo(user: login)], stdin: stdin)
    }

    /// Sums that an erasure must not change: order totals, payments, refunds, payouts, and row counts.
    public func financialFingerprint() throws -> String {
        try database.connect().scalar("""
            SELECT concat_ws('|', (SELECT count(*) || ':' || sum(total_cents) || ':' || sum(subsidy_cents) FROM orders),
                                  (SELECT count(*) || ':' || sum(amount_cents) FROM payments),
                                  (SELECT count(*) || ':' || sum(amount_cents) FROM refunds),
                                  (SELECT count(*) || ':' || sum(net_cents) FROM payouts),
                                  (SELECT count(*) FROM order_items), (SELECT count(*) FROM order_events))
            """)
    }
}

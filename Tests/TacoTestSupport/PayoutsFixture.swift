import Foundation
import TacoKit

/// Vendors with completed orders in a past ISO week, for payout tests: `vendorCount` approved vendors with Stripe
/// accounts (plus optional extras), a taco_jobs login and a vendor-admin login per vendor.
public struct PayoutsFixture: Sendable {
    public struct Vendor: Sendable {
        public let id: UUID
        public let slug: String
        public let stripeAccount: String?
        public let truckID: UUID
        public let adminLogin: String
    }

    public let database: TestDatabase
    public let vendors: [Vendor]
    public let jobsLogin: String
    public let campusID: UUID
    public let userID: UUID
    /// A past week (Monday 2026-03-02 .. Sunday 2026-03-08, UTC).
    public static let weekEnding = "2026-03-08"
    public static let weekStart = "2026-03-02"

    public func jobsURL() throws -> String { try database.conninfo(user: jobsLogin) }

    public static func make(vendorCount: Int = 2, withoutStripe: Int = 0, ordersPerVendor: Int = 5) throws -> PayoutsFixture {
        let database = try TestDatabase.make()
        let owner = try database.connect()
        let suffix = String(TestCluster.uniqueName("x").dropFirst(2))
        let campusID: UUID = try owner.scalar("""
            INSERT INTO campuses (code, name, time_zone, tax_rate_percent) VALUES ($1, 'Pay Campus', 'America/Los_Angeles', 8.25) RETURNING id
            """, ["P" + suffix.prefix(8).uppercased()])
        let userID: UUID = try owner.scalar("""
            INSERT INTO users (worker_id, employee_id, email, given_name, family_name, campus_id)
            VALUES ($1, $1, $2, 'Ana', 'Ruiz', $3) RETURNING id
            """, ["W" + suffix, "ana.\(suffix)@globex.example", campusID])
        var vendors: [Vendor] = []
        for index in 0..<(vendorCount + withoutStripe) {
            let slug = "pay\(index)-\(suffix)"
            let account: String? = index < vendorCount ? "acct_\(suffix.prefix(8))\(index)" : nil
            let id: UUID = try owner.scalar("INSERT INTO vendors (slug, name, status, stripe_account_id) VALUES ($1, $2, 'approved', $3) RETURNING id",
                                            [slug, "Vendor \(index)", account])
            let truck: UUID = try owner.scalar("INSERT INTO trucks (vendor_id, name, plate) VALUES ($1, 'T1', $2) RETURNING id",
                                               [id, "PL-\(index)-\(suffix.prefix(6))"])
            let login = try database.createLogin(group: "taco_vendor_admin", prefix: "payv\(index)")
            try owner.query("INSERT INTO vendor_members (login, vendor_id, role) VALUES ($1, $2, 'admin')", [login, id])
            vendors.append(Vendor(id: id, slug: slug, stripeAccount: account, truckID: truck, adminLogin: login))
        }
        let fixture = PayoutsFixture(database: database, vendors: vendors, jobsLogin: try database.createLogin(group: "taco_jobs", prefix: "payjobs"),
                                     campusID: campusID, userID: userID)
        for vendor in vendors {
            try fixture.addOrders(vendor: vendor, count: ordersPerVendor, completedAt: "2026-03-04T12:00:00Z")
        }
        return fixture
    }

    /// Adds `count` orders for `vendor`, walked through the state machine to `status` at `completedAt`, with varied
    /// amounts (subtotal 1000 + 37·i, tax 8 %, tip i·25, subsidy 300 on every other). Returns their ids.
    @discardableResult
    public func addOrders(vendor: Vendor, count: Int, completedAt: String, status: String = "COMPLETED") throws -> [UUID] {
        let owner = try database.connect()
        let ids = try owner.query("""
            INSERT INTO orders (vendor_id, truck_id, campus_id, user_id, customer_display_name, subtotal_cents, tax_cents, tip_cents,
                                subsidy_cents, total_cents, idempotency_key, request_hash, placed_at)
            SELECT $1, $2, $3, $4, 'Ana R.', s, (s * 8 + 50) / 100, i * 25, CASE WHEN i % 2 = 0 THEN 300 ELSE 0 END,
                   s + (s * 8 + 50) / 100 + i * 25 - CASE WHEN i % 2 = 0 THEN 300 ELSE 0 END,
                   'k-' || gen_random_uuid(), '\\x00', $5::timestamptz - interval '20 minutes'
            FROM generate_series(1, $6) i, LATERAL (SELECT 1000 + 37 * i AS s) x
            RETURNING id
            """, [vendor.id, vendor.truckID, campusID, userID, completedAt, count]).map { try $0.decode("id", as: UUID.self) }
        let path = ["CONFIRMED", "PREPARING", "READY", "PICKED_UP", "COMPLETED"]
        let last = path.firstIndex(of: status) ?? 4
        // Each step needs its own time: the trigger stamps now() when status_changed_at is left unchanged.
        for (index, step) in path.prefix(through: last).enumerated() {
            try owner.query("""
                UPDATE orders SET status = $1, status_changed_at = $2::timestamptz - make_interval(secs => $4)
                WHERE id = ANY($3::uuid[])
                """, [step, completedAt, ids.map(\.postgresText), last - index])
        }
        return ids
    }

    /// A succeeded refund of `cents` for `order`, created at `at`.
    @discardableResult
    public func addRefund(vendor: Vendor, order: UUID, cents: Int, at: String) throws -> UUID {
        try database.connect().scalar("""
            INSERT INTO refunds (order_id, vendor_id, amount_cents, status, created_at) VALUES ($1, $2, $3, 'succeeded', $4) RETURNING id
            """, [order, vendor.id, cents, at])
    }

    /// Runs `taco-jobs payouts run` for the fixture week as the jobs login.
    public func run(_ extra: [String] = [], stripe: PayoutsFakeStripe?, environment: [String: String] = [:],
                    ending: String = PayoutsFixture.weekEnding, period: String = "week") throws -> ToolRun {
        var env = stripe?.environment() ?? [:]
        env.merge(environment) { $1 }
        return try ToolRunner.run("taco-jobs", ["payouts", "run", "--period", period, "--ending", ending,
                                                "--database-url", try jobsURL(), "--format", "json"] + extra, environment: env)
    }

    /// payouts rows as (vendor slug → status, net, transfer id, attempts).
    public func payouts() throws -> [String: (status: String, net: Int, transfer: String?, attempts: Int, failure: String?)] {
        var result: [String: (status: String, net: Int, transfer: String?, attempts: Int, failure: String?)] = [:]
        for row in try database.connect().query("""
            SELECT v.slug, p.status, p.net_cents, p.stripe_transfer_id, p.attempts, p.failure_code
            FROM payouts p JOIN vendors v ON v.id = p.vendor_id
            """) {
            result[try row.decode("slug")] = (try row.decode("status"), try row.decode("net_cents"), try row.decode("stripe_transfer_id"),
                                               try row.decode("attempts"), try row.decode("failure_code"))
        }
        return result
    }

    /// A fingerprint of every payout-related row, to prove that nothing changed.
    public func ledgerFingerprint() throws -> String {
        try database.connect().scalar("""
            SELECT coalesce(md5(string_agg(t, '|' ORDER BY t)), 'empty') FROM (
                SELECT row(p.id, p.status, p.net_cents, p.attempts, p.stripe_transfer_id, p.updated_at, p.failure_code)::text AS t FROM payouts p
                UNION ALL SELECT row(i.payout_id, i.order_id, i.kind, i.amount_cents)::text FROM payout_items i) x
            """)
    }
}

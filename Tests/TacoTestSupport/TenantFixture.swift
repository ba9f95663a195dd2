import Foundation
import TacoKit

/// Two vendors with a truck, a menu item, an order and a payout each, and a real LOGIN role for each
/// vendor's admin: the fixture for proving tenant isolation.
public struct TenantFixture: Sendable {
    public struct Tenant: Sendable {
        public let vendorID: UUID
        public let slug: String
        public let truckID: UUID
        public let menuID: UUID
        public let itemID: UUID
        public let orderID: UUID
        public let payoutID: UUID
        public let adminLogin: String
    }

    public let database: TestDatabase
    public let a: Tenant
    public let b: Tenant
    public let campusID: UUID
    public let userID: UUID

    public static func make() throws -> TenantFixture {
        let database = try TestDatabase.make()
        let owner = try database.connect()
        let suffix = TestCluster.uniqueName("x").dropFirst(2)
        let campusID: UUID = try owner.scalar("""
            INSERT INTO campuses (code, name, time_zone, tax_rate_percent)
            VALUES ($1, 'Test Campus', 'America/Chicago', 8.25) RETURNING id
            """, ["C" + suffix.prefix(8).uppercased()])
        let userID: UUID = try owner.scalar("""
            INSERT INTO users (worker_id, employee_id, email, given_name, family_name, campus_id)
            VALUES ($1, $1, $2, 'Zoë', 'Núñez', $3) RETURNING id
            """, ["W" + suffix, "zoe.\(suffix)@globex.example", campusID])
        func tenant(_ name: String) throws -> Tenant {
            let slug = "\(name)-\(suffix)"
            let vendorID: UUID = try owner.scalar("INSERT INTO vendors (slug, name, status) VALUES ($1, $2, 'approved') RETURNING id",
                                                  [slug, "Vendor \(name.uppercased())"])
            let truckID: UUID = try owner.scalar("INSERT INTO trucks (vendor_id, name, plate) VALUES ($1, 'Truck 1', $2) RETURNING id",
                                                 [vendorID, "PLATE-\(name.uppercased())"])
            let menuID: UUID = try owner.scalar("INSERT INTO menus (vendor_id, name) VALUES ($1, 'Lunch') RETURNING id", [vendorID])
            let itemID: UUID = try owner.scalar("""
                INSERT INTO menu_items (menu_id, vendor_id, sku, name, price_cents)
                VALUES ($1, $2, $3, 'Secret Taco', 450) RETURNING id
                """, [menuID, vendorID, "SECRET-\(name.uppercased())"])
            let orderID: UUID = try owner.scalar("""
                INSERT INTO orders (vendor_id, truck_id, campus_id, user_id, customer_display_name, subtotal_cents,
                                    tax_cents, total_cents, idempotency_key, request_hash)
                VALUES ($1, $2, $3, $4, 'Zoë N.', 450, 37, 487, $5, '\\x00') RETURNING id
                """, [vendorID, truckID, campusID, userID, "key-\(name)"])
            let payoutID: UUID = try owner.scalar("""
                INSERT INTO payouts (vendor_id, period_start, period_end, gross_cents, net_cents, idempotency_key)
                VALUES ($1, '2026-11-16', '2026-11-22', 450, 400, $2) RETURNING id
                """, [vendorID, "payout-\(slug)"])
            let login = try database.createLogin(group: "taco_vendor_admin", prefix: "vendor_\(name)")
            try owner.query("INSERT INTO vendor_members (login, vendor_id, role) VALUES ($1, $2, 'admin')", [login, vendorID])
            return Tenant(vendorID: vendorID, slug: slug, truckID: truckID, menuID: menuID, itemID: itemID,
                          orderID: orderID, payoutID: payoutID, adminLogin: login)
        }
        let a = try tenant("a")
        let b = try tenant("b")
        return TenantFixture(database: database, a: a, b: b, campusID: campusID, userID: userID)
    }
}

import Foundation
import TacoKit

/// The tenant fixture plus what schedule tests need: a second campus in another zone and helpers to count rows
/// as the owner (so "nothing changed" is checked outside the vendor's view).
public struct ScheduleFixture: Sendable {
    public let tenants: TenantFixture
    /// The tenant fixture's campus (America/Chicago, service 11:00-14:00).
    public let campusCode: String
    /// A second campus, America/Los_Angeles, service 10:30-15:00.
    public let westCode: String

    public static func make() throws -> ScheduleFixture {
        let tenants = try TenantFixture.make()
        let owner = try tenants.database.connect()
        let code: String = try owner.scalar("SELECT code FROM campuses WHERE id = $1", [tenants.campusID])
        let west = "W" + code.dropFirst().prefix(8)
        try owner.query("""
            INSERT INTO campuses (code, name, time_zone, service_start, service_end)
            VALUES ($1, 'West Campus', 'America/Los_Angeles', '10:30', '15:00')
            """, [west])
        return ScheduleFixture(tenants: tenants, campusCode: code, westCode: west)
    }

    /// A connection as a vendor's admin login and the scope it resolves to.
    public func login(_ tenant: TenantFixture.Tenant) throws -> (db: PostgresConnection, scope: VendorScope) {
        let db = try tenants.database.connect(as: tenant.adminLogin)
        return (db, try VendorScope.resolve(db, requestedSlug: nil))
    }

    /// A fingerprint of every schedule, exception and permit row, read as the owner: equal before and after = nothing changed.
    public func snapshot() throws -> String {
        let owner = try tenants.database.connect()
        let slots = try owner.query("""
            SELECT string_agg(concat_ws('|', id, truck_id, campus_id, weekday, start_local, end_local, spot, valid_from, valid_until, updated_at), ';' ORDER BY id) AS s
            FROM schedules
            """).first.map { try $0.decode("s", as: String?.self) } ?? nil
        let exceptions = try owner.query("""
            SELECT string_agg(concat_ws('|', truck_id, on_date, reason), ';' ORDER BY truck_id, on_date) AS s FROM schedule_exceptions
            """).first.map { try $0.decode("s", as: String?.self) } ?? nil
        let permits = try owner.query("""
            SELECT string_agg(concat_ws('|', id, kind, number, expires_on, updated_at), ';' ORDER BY id) AS s FROM permits
            """).first.map { try $0.decode("s", as: String?.self) } ?? nil
        return [slots ?? "", exceptions ?? "", permits ?? ""].joined(separator: "\n")
    }

    /// The number of schedule rows of a vendor, as the owner sees them.
    public func slotCount(_ tenant: TenantFixture.Tenant) throws -> Int {
        try tenants.database.connect().scalar("SELECT count(*) FROM schedules WHERE vendor_id = $1", [tenant.vendorID])
    }
}

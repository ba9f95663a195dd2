import Foundation

/// Who the current login is: its group role and, for vendor logins, its vendor.
public struct Identity: Sendable {
    public let login: String
    public let roles: [String]
    public let vendorSlug: String?
    public let vendorName: String?
    public let vendorRole: String?
}

public struct IdentityStore {
    let db: PostgresConnection
    public init(_ db: PostgresConnection) { self.db = db }

    /// The TacoTracker group roles, in the order they are reported.
    public static let groupRoles = ["taco_sysadmin", "taco_food_services", "taco_vendor_admin", "taco_vendor_staff",
                                    "taco_jobs", "taco_reporting"]

    /// Describes the session's login. Vendor mapping comes through row-level security (own row only).
    public func current() throws -> Identity {
        let login: String = try db.scalar("SELECT session_user::text")
        let roles = try db.query("""
            SELECT r.rolname::text AS role FROM pg_roles r
            WHERE r.rolname = ANY($1) AND pg_has_role(session_user, r.oid, 'MEMBER')
            """, [Self.groupRoles]).map { try $0.decode("role", as: String.self) }
            .sorted { Self.groupRoles.firstIndex(of: $0) ?? 0 < Self.groupRoles.firstIndex(of: $1) ?? 0 }
        var slug: String?, name: String?, vendorRole: String?
        let canReadMembers: Bool = try db.scalar("SELECT has_table_privilege('vendor_members', 'SELECT') AND has_table_privilege('vendors', 'SELECT')")
        if canReadMembers, let row = try db.queryFirst("""
            SELECT v.slug, v.name, vm.role
            FROM vendor_members vm JOIN vendors v ON v.id = vm.vendor_id
            WHERE vm.login = session_user
            """) {
            slug = try row.decode("slug")
            name = try row.decode("name")
            vendorRole = try row.decode("role")
        }
        return Identity(login: login, roles: roles, vendorSlug: slug, vendorName: name, vendorRole: vendorRole)
    }
}

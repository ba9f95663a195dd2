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
        var roles: [String] = []
        for role in Self.groupRoles {
            let exists: Bool = try db.scalar("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)", [role])
            if exists, try db.scalar("SELECT pg_has_role(session_user, $1, 'MEMBER')", [role], as: Bool.self) {
                roles.append(role)
            }
        }
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

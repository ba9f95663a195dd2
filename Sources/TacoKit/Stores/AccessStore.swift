import Foundation

/// The TacoTracker roles a login can be given, as named on the command line.
public enum AccessRole: String, CaseIterable, Sendable {
    case sysadmin, foodServices = "food-services", vendorAdmin = "vendor-admin", vendorStaff = "vendor-staff", jobs, reporting

    /// The PostgreSQL group role.
    public var group: String {
        switch self {
        case .sysadmin: return "taco_sysadmin"
        case .foodServices: return "taco_food_services"
        case .vendorAdmin: return "taco_vendor_admin"
        case .vendorStaff: return "taco_vendor_staff"
        case .jobs: return "taco_jobs"
        case .reporting: return "taco_reporting"
        }
    }

    public var isVendorRole: Bool { self == .vendorAdmin || self == .vendorStaff }

    public init?(group: String) {
        guard let role = AccessRole.allCases.first(where: { $0.group == group }) else { return nil }
        self = role
    }
}

/// One login with its TacoTracker role.
public struct AccessEntry: Sendable {
    public let login: String
    public let role: AccessRole?
    public let vendor: String?
    public let canLogin: Bool
}

/// Provisions people's LOGIN roles through the database's own access functions (migration 0016), which only
/// sysadmins may call and which only ever touch TacoTracker logins.
public struct AccessStore {
    let db: PostgresConnection
    public init(_ db: PostgresConnection) { self.db = db }

    /// The smallest password accepted.
    public static let minimumPasswordLength = 12

    public enum PasswordChange: Sendable, Equatable {
        case keep
        case set(String)
        case remove
    }

    /// Creates or updates the login; returns "created", "updated" or "unchanged".
    public func grant(login: String, role: AccessRole, vendor: String?, password: PasswordChange) throws -> String {
        if role.isVendorRole, vendor == nil {
            throw ToolError.usage("--role \(role.rawValue) needs --vendor SLUG")
        }
        if !role.isVendorRole, vendor != nil {
            throw ToolError.usage("--vendor goes only with vendor-admin or vendor-staff")
        }
        var verifier: String?
        if case .set(let plain) = password {
            guard plain.count >= Self.minimumPasswordLength else {
                throw ToolError.data("the password must have at least \(Self.minimumPasswordLength) characters")
            }
            verifier = try db.scramVerifier(password: plain, user: login)
        }
        let clear: Bool = password == .remove
        return try db.transaction { tx in
            try tx.scalar("SELECT taco_access_grant($1, $2, $3, $4, $5)", [login, role.group, vendor, verifier, clear])
        }
    }

    /// Takes the login's access away (groups, vendor mapping, LOGIN); returns "revoked" or "unchanged".
    public func revoke(login: String) throws -> String {
        try db.transaction { tx in try tx.scalar("SELECT taco_access_revoke($1)", [login]) }
    }

    /// Every login in a TacoTracker group (and every one that was, now NOLOGIN), by name.
    public func list() throws -> [AccessEntry] {
        try db.query("""
            SELECT r.rolname::text AS login, g.rolname::text AS grp, v.slug AS vendor, r.rolcanlogin AS can_login
            FROM pg_roles r
            LEFT JOIN pg_auth_members m ON m.member = r.oid AND m.roleid IN (SELECT oid FROM pg_roles WHERE rolname = ANY (taco_access_groups()))
            LEFT JOIN pg_roles g ON g.oid = m.roleid
            LEFT JOIN vendor_members vm ON vm.login = r.rolname::text
            LEFT JOIN vendors v ON v.id = vm.vendor_id
            WHERE NOT r.rolname = ANY (taco_access_groups())
              AND (m.roleid IS NOT NULL OR EXISTS (SELECT 1 FROM audit_log a WHERE a.table_name = 'roles' AND a.row_key = r.rolname::text))
            ORDER BY r.rolname, g.rolname
            """).map { row in
            AccessEntry(login: try row.decode("login"), role: try row.decode("grp", as: String?.self).flatMap(AccessRole.init(group:)),
                        vendor: try row.decode("vendor"), canLogin: try row.decode("can_login"))
        }
    }
}

import Foundation

/// The vendor a command acts for. Vendor logins act for their own vendor (from vendor_members, which
/// row-level security limits to the caller's own row); a sysadmin acts for the vendor named by `--vendor`.
/// Stores still filter by `vendorID` explicitly, so a sysadmin (whose policies see every vendor) only ever
/// touches the vendor named; for vendor logins PostgreSQL enforces the same boundary on its own.
public struct VendorScope: Sendable, Equatable {
    public enum Role: String, Sendable { case admin, staff, sysadmin }
    public let vendorID: UUID
    public let slug: String
    public let name: String
    public let status: String
    public let role: Role
    public let login: String

    /// Resolves the scope for this session in one query (two for a sysadmin).
    public static func resolve(_ db: PostgresConnection, requestedSlug: String?) throws -> VendorScope {
        if let row = try db.queryFirst("""
            SELECT session_user::text AS login, v.id, v.slug, v.name, v.status, vm.role
            FROM vendor_members vm JOIN vendors v ON v.id = vm.vendor_id
            WHERE vm.login = session_user
            """) {
            let scope = VendorScope(vendorID: try row.decode("id"), slug: try row.decode("slug"), name: try row.decode("name"),
                                    status: try row.decode("status"),
                                    role: Role(rawValue: try row.decode("role")) ?? .staff, login: try row.decode("login"))
            if let requestedSlug, requestedSlug != scope.slug {
                throw ToolError(.permissionDenied, "the login \"\(scope.login)\" acts for vendor \"\(scope.slug)\" only",
                                hint: "--vendor is for sysadmin logins; leave it out")
            }
            return scope
        }
        let login: String = try db.scalar("SELECT session_user::text")
        let isSysadmin: Bool = try db.scalar(
            "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'taco_sysadmin') AND pg_has_role(session_user, 'taco_sysadmin', 'MEMBER')")
        guard isSysadmin else {
            throw ToolError(.permissionDenied, "the login \"\(login)\" is not mapped to a vendor",
                            hint: "an administrator maps it with `taco-admin access grant --login \(login) --role vendor-admin --vendor SLUG`")
        }
        guard let requestedSlug else {
            throw ToolError.usage("a sysadmin login must name the vendor to act for", hint: "pass --vendor SLUG")
        }
        guard let row = try db.queryFirst("SELECT id, slug, name, status FROM vendors WHERE slug = $1", [requestedSlug]) else {
            throw ToolError.data("unknown vendor \"\(requestedSlug)\"", hint: "`taco-admin vendors list` shows the slugs")
        }
        return VendorScope(vendorID: try row.decode("id"), slug: try row.decode("slug"), name: try row.decode("name"),
                           status: try row.decode("status"), role: .sysadmin, login: login)
    }
}

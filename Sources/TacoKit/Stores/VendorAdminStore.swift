import Foundation

/// A vendor as Food Services sees it.
public struct VendorRecord: Sendable {
    public let id: UUID
    public let slug: String
    public let name: String
    public let status: String
    public let stripeAccountID: String?
    public let phone: String?
    public let taxID: String?
    public let rating: Decimal?
    public let statusReason: String?
    public let statusChangedAt: Date
    public let statusChangedBy: String
    public let trucks: Int
    /// Why approval would be refused today (empty: the permits are in order).
    public let permitProblems: [String]

    init(row: PostgresRow) throws {
        id = try row.decode("id")
        slug = try row.decode("slug")
        name = try row.decode("name")
        status = try row.decode("status")
        stripeAccountID = try row.decode("stripe_account_id")
        phone = try row.decode("phone")
        taxID = try row.decode("tax_id")
        rating = try row.decode("rating")
        statusReason = try row.decode("status_reason")
        statusChangedAt = try row.decode("status_changed_at")
        statusChangedBy = try row.decode("status_changed_by")
        trucks = try row.decode("trucks")
        permitProblems = try row.decode("permit_problems")
    }
}

/// A permit with its standing on a given day.
public struct PermitRecord: Sendable {
    public let id: UUID
    public let vendorSlug: String
    public let kind: String
    public let number: String
    public let expiresOn: LocalDate
    public let daysLeft: Int
}

/// One decision in a vendor's history.
public struct VendorStatusEvent: Sendable {
    public let from: String?
    public let to: String
    public let actor: String
    public let reason: String?
    public let at: Date
}

/// Vendor onboarding and approvals (Food Services and sysadmins).
public struct VendorAdminStore {
    let db: PostgresConnection
    public init(_ db: PostgresConnection) { self.db = db }

    static let select = """
        SELECT v.id, v.slug, v.name, v.status, v.stripe_account_id, v.phone, v.tax_id, v.rating, v.status_reason,
               v.status_changed_at, v.status_changed_by,
               (SELECT count(*) FROM trucks t WHERE t.vendor_id = v.id) AS trucks,
               taco_vendor_permit_problems(v.id) AS permit_problems
        FROM vendors v
        """

    /// Vendors, by slug, optionally in one status.
    public func list(status: VendorStatus?) throws -> [VendorRecord] {
        try db.query(Self.select + " WHERE ($1::text IS NULL OR v.status = $1) ORDER BY v.slug", [status?.rawValue])
            .map(VendorRecord.init(row:))
    }

    /// One vendor by slug; 65 when unknown.
    public func find(_ slug: String) throws -> VendorRecord {
        guard let row = try db.queryFirst(Self.select + " WHERE v.slug = $1", [slug]) else {
            throw ToolError.data("unknown vendor \"\(slug)\"", hint: "`taco-admin vendors list` shows the slugs")
        }
        return try VendorRecord(row: row)
    }

    /// Adds a vendor in status `applied`; with `ifNotExists` an existing slug is accepted unchanged.
    public func add(slug: String, name: String, stripeAccount: String?, phone: String?, taxID: String?,
                    ifNotExists: Bool) throws -> (vendor: VendorRecord, created: Bool) {
        try db.transaction { tx in
            let store = VendorAdminStore(tx)
            if try tx.queryFirst("SELECT 1 FROM vendors WHERE slug = $1", [slug]) != nil {
                guard ifNotExists else {
                    throw ToolError.data("vendor \"\(slug)\" already exists", hint: "pass --if-not-exists to accept it")
                }
                return (try store.find(slug), false)
            }
            try tx.query("""
                INSERT INTO vendors (slug, name, status, stripe_account_id, phone, tax_id, status_reason)
                VALUES ($1, $2, 'applied', $3, $4, $5, 'application received')
                """, [slug, name, stripeAccount, phone, taxID])
            return (try store.find(slug), true)
        }
    }

    /// Applies a decision. Refused (65) from the wrong state, naming it; approval is refused while a required
    /// permit is missing or expired (the database enforces both). Returns the vendor after the decision.
    public func decide(_ slug: String, _ decision: VendorStatus.Decision, reason: String?) throws -> VendorRecord {
        try db.transaction { tx in
            let store = VendorAdminStore(tx)
            let current = try store.find(slug)
            guard current.status == decision.source.rawValue else {
                throw ToolError.data("cannot \(decision.rawValue) vendor \"\(slug)\": it is \(current.status)",
                                     hint: "\(decision.rawValue) applies to \(decision.source.rawValue) vendors")
            }
            try tx.query("UPDATE vendors SET status = $2, status_reason = $3 WHERE id = $1",
                         [current.id, decision.target.rawValue, reason ?? decision.rawValue])
            return try store.find(slug)
        }
    }

    /// The vendor's decisions, oldest first.
    public func history(_ vendorID: UUID) throws -> [VendorStatusEvent] {
        try db.query("SELECT from_status, to_status, actor, reason, at FROM vendor_status_events WHERE vendor_id = $1 ORDER BY at, id",
                     [vendorID]).map { row in
            VendorStatusEvent(from: try row.decode("from_status"), to: try row.decode("to_status"), actor: try row.decode("actor"),
                              reason: try row.decode("reason"), at: try row.decode("at"))
        }
    }

    /// Permits that expire within `days` days of `today` (or already have), soonest first.
    public func permits(expiringWithin days: Int?, vendor: String?, today: LocalDate) throws -> [PermitRecord] {
        try db.query("""
            SELECT p.id, v.slug, p.kind, p.number, p.expires_on, (p.expires_on - $1::date) AS days_left
            FROM permits p JOIN vendors v ON v.id = p.vendor_id
            WHERE ($2::int IS NULL OR p.expires_on <= $1::date + $2::int)
              AND ($3::text IS NULL OR v.slug = $3)
            ORDER BY p.expires_on, v.slug, p.kind
            """, [today, days, vendor]).map { row in
            PermitRecord(id: try row.decode("id"), vendorSlug: try row.decode("slug"), kind: try row.decode("kind"),
                         number: try row.decode("number"), expiresOn: try row.decode("expires_on"), daysLeft: try row.decode("days_left"))
        }
    }
}

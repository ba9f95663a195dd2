import Foundation
import TacoKit

/// `hr-sync --saml`: just-in-time creation or update of employees from verified SAML assertions. An assertion only
/// creates or updates, never deactivates. A user is matched by `okta_id` = NameID (the HR feed's SsoSubject), else
/// by employee id, else by e-mail (case-insensitive); a match by employee id or e-mail links the NameID when the user
/// has none. An erased user is never re-identified; a user linked to another NameID is left alone (a conflict).
public struct SAMLProvisioning {
    /// What one assertion did.
    public struct Outcome: Sendable {
        public let source: String
        public let nameID: String
        public let email: String?
        /// created, updated, unchanged, conflict, skipped-erased or rejected.
        public let action: String
        public let detail: String
    }

    let db: PostgresConnection
    public init(_ db: PostgresConnection) { self.db = db }

    /// Applies all identities in one transaction.
    public func apply(_ identities: [(source: String, attributes: SAMLEmployeeAttributes)]) throws -> [Outcome] {
        try db.transaction { tx in
            try identities.map { item in try Self.apply(tx, source: item.source, item.attributes) }
        }
    }

    static func apply(_ tx: PostgresConnection, source: String, _ person: SAMLEmployeeAttributes) throws -> Outcome {
        func outcome(_ action: String, _ detail: String) -> Outcome {
            Outcome(source: source, nameID: person.nameID, email: person.email, action: action, detail: detail)
        }
        let match = try tx.queryFirst("""
            SELECT id, okta_id, erased_at IS NOT NULL AS erased
            FROM users
            WHERE okta_id = $1 OR ($2::text IS NOT NULL AND employee_id = $2) OR ($3::text IS NOT NULL AND lower(email) = lower($3))
            ORDER BY (okta_id IS NOT DISTINCT FROM $1) DESC, ($2::text IS NOT NULL AND employee_id = $2) DESC
            LIMIT 1
            """, [person.nameID, person.employeeID, person.email])
        if let match {
            if try match.decode("erased", as: Bool.self) { return outcome("skipped-erased", "the matching user was erased (CCPA)") }
            let linked: String? = try match.decode("okta_id")
            if let linked, linked != person.nameID {
                return outcome("conflict", "the matching user is linked to another NameID (\(linked))")
            }
            let changed = try tx.query("""
                UPDATE users u SET email = coalesce($2, u.email), given_name = coalesce($3, u.given_name),
                       family_name = coalesce($4, u.family_name), okta_id = $5
                WHERE u.id = $1
                  AND (u.email, u.given_name, u.family_name, u.okta_id)
                      IS DISTINCT FROM (coalesce($2, u.email), coalesce($3, u.given_name), coalesce($4, u.family_name), $5)
                """, [try match.decode("id", as: UUID.self), person.email, person.givenName, person.familyName, person.nameID]).affectedRows
            return outcome(changed > 0 ? "updated" : "unchanged", "")
        }
        var missing: [String] = []
        if person.email == nil { missing.append("e-mail") }
        if person.givenName == nil { missing.append("given name") }
        if person.familyName == nil { missing.append("family name") }
        guard missing.isEmpty, let email = person.email, let given = person.givenName, let family = person.familyName else {
            return outcome("rejected", "no user matches and the assertion lacks \(missing.joined(separator: ", ")) to create one")
        }
        try tx.query("""
            INSERT INTO users (worker_id, employee_id, okta_id, email, given_name, family_name, source, manual_edit_at, manual_edit_by)
            VALUES ($1, $2, $3, $4, $5, $6, 'manual', now(), session_user)
            """, ["sso:" + person.nameID, person.employeeID ?? "sso:" + person.nameID, person.nameID, email, given, family])
        return outcome("created", "")
    }
}

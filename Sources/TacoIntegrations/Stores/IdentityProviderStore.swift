import Foundation
import TacoKit

/// A pinned SAML identity provider with its signing certificates.
public struct IdentityProviderRecord: Sendable {
    public let id: UUID
    public let entityID: String
    public let ssoURL: String?
    public let metadataSource: String
    public let updatedAt: Date
    public let certificates: [PinnedCertificate]
}

/// What `sso idp add` did.
public struct IdentityProviderChange: Sendable {
    public let record: IdentityProviderRecord
    public let created: Bool
    public let certificatesAdded: Int
    public let certificatesRemoved: Int
    public var changed: Bool { created || certificatesAdded > 0 || certificatesRemoved > 0 }
}

/// SAML identity providers and their pinned signing certificates (migration 0021).
public struct IdentityProviderStore {
    let db: PostgresConnection
    public init(_ db: PostgresConnection) { self.db = db }

    public func list() throws -> [IdentityProviderRecord] {
        try db.query("""
            SELECT id, entity_id, sso_url, metadata_source, updated_at FROM sso_identity_providers ORDER BY entity_id
            """).map { try record($0) }
    }

    /// The provider with this entity ID; "not found" (65) when there is none.
    public func find(_ entityID: String) throws -> IdentityProviderRecord {
        guard let row = try db.queryFirst("""
            SELECT id, entity_id, sso_url, metadata_source, updated_at FROM sso_identity_providers WHERE entity_id = $1
            """, [entityID]) else {
            throw ToolError.data("identity provider \"\(entityID)\" not found", hint: "`taco-admin sso idp list` shows the pinned ones")
        }
        return try record(row)
    }

    private func record(_ row: PostgresRow) throws -> IdentityProviderRecord {
        let id: UUID = try row.decode("id")
        let certificates = try db.query("""
            SELECT certificate_der, sha256_fingerprint FROM sso_idp_certificates WHERE idp_id = $1 ORDER BY not_after DESC, sha256_fingerprint
            """, [id]).map { row in
            try PinnedCertificate(der: try row.decode("certificate_der"), source: "stored certificate \(try row.decode("sha256_fingerprint", as: String.self))")
        }
        return IdentityProviderRecord(id: id, entityID: try row.decode("entity_id"), ssoURL: try row.decode("sso_url"),
                                      metadataSource: try row.decode("metadata_source"), updatedAt: try row.decode("updated_at"),
                                      certificates: certificates)
    }

    /// Pins the metadata's entity ID and signing certificates. The same metadata again changes nothing; different
    /// certificates for a known entity ID (a key rotation) need `replace`, so a tampered metadata URL cannot
    /// quietly swap a pinned key.
    public func add(_ metadata: SAMLMetadata, source: String, replace: Bool) throws -> IdentityProviderChange {
        try db.transaction { tx in
            let store = IdentityProviderStore(tx)
            let existing = try tx.queryFirst("SELECT id FROM sso_identity_providers WHERE entity_id = $1 FOR UPDATE", [metadata.entityID])
            guard let existing else {
                let id: UUID = try tx.scalar("""
                    INSERT INTO sso_identity_providers (entity_id, sso_url, metadata_source, metadata_sha256)
                    VALUES ($1, $2, $3, $4) RETURNING id
                    """, [metadata.entityID, metadata.ssoURL, source, metadata.sha256])
                for certificate in metadata.certificates { try store.insert(certificate, idp: id) }
                return IdentityProviderChange(record: try store.find(metadata.entityID), created: true,
                                              certificatesAdded: metadata.certificates.count, certificatesRemoved: 0)
            }
            let id: UUID = try existing.decode("id")
            let current = Set(try tx.query("SELECT sha256_fingerprint FROM sso_idp_certificates WHERE idp_id = $1", [id])
                .map { try $0.decode("sha256_fingerprint", as: String.self) })
            let wanted = Set(metadata.certificates.map(\.sha256Fingerprint))
            let added = metadata.certificates.filter { !current.contains($0.sha256Fingerprint) }
            let removed = current.subtracting(wanted)
            if (!added.isEmpty || !removed.isEmpty) && !replace {
                throw ToolError.data("identity provider \"\(metadata.entityID)\" is pinned with other certificates (\(added.count) new, \(removed.count) no longer listed)",
                                     hint: "compare the fingerprints with the IdP's, then pass --replace to re-pin")
            }
            for certificate in added { try store.insert(certificate, idp: id) }
            if !removed.isEmpty {
                try tx.query("DELETE FROM sso_idp_certificates WHERE idp_id = $1 AND sha256_fingerprint = ANY($2)", [id, Array(removed).sorted()])
            }
            try tx.query("""
                UPDATE sso_identity_providers SET sso_url = $2, metadata_source = $3, metadata_sha256 = $4, updated_at = now()
                WHERE id = $1 AND ($5 OR (sso_url, metadata_source) IS DISTINCT FROM ($2, $3))
                """, [id, metadata.ssoURL, source, metadata.sha256, !added.isEmpty || !removed.isEmpty])
            return IdentityProviderChange(record: try store.find(metadata.entityID), created: false,
                                          certificatesAdded: added.count, certificatesRemoved: removed.count)
        }
    }

    private func insert(_ certificate: PinnedCertificate, idp: UUID) throws {
        try db.query("""
            INSERT INTO sso_idp_certificates (idp_id, sha256_fingerprint, certificate_der, subject, not_before, not_after)
            VALUES ($1, $2, $3, $4, $5, $6)
            """, [idp, certificate.sha256Fingerprint, certificate.der, certificate.subject, certificate.notBefore, certificate.notAfter])
    }

    /// Removes a provider and its certificates; false when it was not there.
    public func remove(_ entityID: String) throws -> Bool {
        try db.transaction { tx in
            try tx.query("DELETE FROM sso_identity_providers WHERE entity_id = $1", [entityID]).affectedRows > 0
        }
    }
}

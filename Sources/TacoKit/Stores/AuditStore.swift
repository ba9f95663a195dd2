import Foundation

/// One audit_log row as exported (hashes in lower-case hex, JSON payloads as their stored text).
public struct AuditRow: Sendable {
    public let id: Int64
    public let at: Date
    public let actor: String
    public let action: String
    public let tableName: String
    public let rowKey: String?
    public let vendorID: UUID?
    public let oldData: String?
    public let newData: String?
    public let prevHash: String
    public let hash: String

    init(row: PostgresRow) throws {
        id = try row.decode("id")
        at = try row.decode("at")
        actor = try row.decode("actor")
        action = try row.decode("action")
        tableName = try row.decode("table_name")
        rowKey = try row.decode("row_key")
        vendorID = try row.decode("vendor_id")
        oldData = try row.decode("old_data")
        newData = try row.decode("new_data")
        prevHash = try row.decode("prev_hash")
        hash = try row.decode("hash")
    }
}

/// The outcome of recomputing the hash chain.
public struct AuditVerification: Sendable {
    /// Rows checked (from `--from-id`, or all).
    public let checked: Int
    public let firstID: Int64?
    public let lastID: Int64?
    /// The hash of the last row checked (hex): note it to detect later truncation of the tail.
    public let headHash: String?
    /// The first broken row and why, or nil when the chain is intact.
    public let brokenID: Int64?
    public let problem: String?
}

/// The append-only, hash-chained audit log: export and verification.
public struct AuditStore {
    let db: PostgresConnection
    public init(_ db: PostgresConnection) { self.db = db }

    /// Streams the rows with `from <= at < to` in id order, `batchSize` at a time, from one snapshot.
    @discardableResult
    public func export(from: Date, to: Date, batchSize: Int = 2_000, _ body: ([AuditRow]) throws -> Void) throws -> Int {
        try db.transaction(isolation: .repeatableRead, readOnly: true) { tx in
            try tx.forEachBatch("""
                SELECT id, at, actor, action, table_name, row_key, vendor_id, old_data::text AS old_data,
                       new_data::text AS new_data, encode(prev_hash, 'hex') AS prev_hash, encode(hash, 'hex') AS hash
                FROM audit_log WHERE at >= $1 AND at < $2 ORDER BY id
                """, [from, to], batchSize: batchSize) { batch in
                try body(try batch.map(AuditRow.init(row:)))
            }
        }
    }

    /// Recomputes the chain with `taco_audit_verify` (the database's own definition of the hash), from
    /// `fromID` (linking it to the row before) or from the first row.
    public func verify(fromID: Int64?) throws -> AuditVerification {
        try db.transaction(isolation: .repeatableRead, readOnly: true) { tx in
            let span = try tx.queryFirst("""
                SELECT count(*)::bigint AS checked, min(id) AS first_id, max(id) AS last_id,
                       (SELECT encode(a.hash, 'hex') FROM audit_log a ORDER BY a.id DESC LIMIT 1) AS head
                FROM audit_log WHERE id >= coalesce($1::bigint, 0)
                """, [fromID])
            let broken = try tx.queryFirst("SELECT id, problem FROM taco_audit_verify($1::bigint)", [fromID])
            return AuditVerification(checked: try span?.decode("checked") ?? 0, firstID: try span?.decode("first_id"),
                                     lastID: try span?.decode("last_id"), headHash: try span?.decode("head"),
                                     brokenID: try broken?.decode("id"), problem: try broken?.decode("problem"))
        }
    }
}

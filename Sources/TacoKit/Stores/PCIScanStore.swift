import Foundation

/// A card-number-like value stored somewhere: where, and a masked form only.
public struct PCIFinding: Sendable {
    public let table: String
    public let column: String
    /// The row's primary key as text (composite keys joined by commas; `ctid` for a table without one).
    public let rowID: String
    public let masked: String
    public let digits: Int
}

/// What a scan covered.
public struct PCIScanReport: Sendable {
    public let tables: Int
    public let columns: Int
    public let candidates: Int
    public let findings: [PCIFinding]
}

/// Scans every text, varchar, char, json and jsonb column of every table in the public schema for card numbers.
public struct PCIScanStore {
    let db: PostgresConnection
    public init(_ db: PostgresConnection) { self.db = db }

    /// The coarse filter run by PostgreSQL: a digit, 11+ digits/spaces/hyphens, a digit. Swift then applies
    /// `CardNumberScan` (grouping rules + Luhn) to the few values that pass.
    public static let coarsePattern = "[0-9][0-9 -]{11,}[0-9]"

    struct Target {
        let table: String
        let columns: [String]
        let key: [String]
    }

    /// Scans the database from one snapshot. `progress` is told each table's name as it starts.
    public func scan(progress: (String) -> Void = { _ in }) throws -> PCIScanReport {
        try db.transaction(isolation: .repeatableRead, readOnly: true) { tx in
            // Partitions are scanned through their parent; extension tables (PostGIS's spatial_ref_sys) are not ours.
            let targets = try tx.query("""
                SELECT c.relname AS table_name,
                       array_agg(a.attname::text ORDER BY a.attnum) AS columns,
                       coalesce((SELECT array_agg(k.attname::text ORDER BY array_position(i.indkey::int2[], k.attnum))
                                 FROM pg_index i JOIN pg_attribute k ON k.attrelid = i.indrelid AND k.attnum = ANY (i.indkey)
                                 WHERE i.indrelid = c.oid AND i.indisprimary), '{}') AS key
                FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
                  AND a.atttypid IN ('text'::regtype, 'varchar'::regtype, 'bpchar'::regtype, 'json'::regtype, 'jsonb'::regtype)
                  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
                GROUP BY c.oid, c.relname
                ORDER BY c.relname
                """).map { row in
                Target(table: try row.decode("table_name"), columns: try row.decode("columns"), key: try row.decode("key"))
            }
            var findings: [PCIFinding] = []
            var candidates = 0
            for target in targets {
                progress(target.table)
                let table = try tx.quoteIdentifier(target.table)
                let columns = try target.columns.map { try tx.quoteIdentifier($0) }
                let key = target.key.isEmpty ? "ctid::text"
                    : "concat_ws(',', " + (try target.key.map { try tx.quoteIdentifier($0) + "::text" }).joined(separator: ", ") + ")"
                // Identifiers come from the catalogue and are quoted by libpq; the pattern is a parameter.
                let picks = columns.enumerated().map { "CASE WHEN \($1)::text ~ $1 THEN \($1)::text END AS c\($0)" }
                let filter = columns.map { "\($0)::text ~ $1" }.joined(separator: " OR ")
                let sql = "SELECT \(key) AS row_id, \(picks.joined(separator: ", ")) FROM \(table) WHERE \(filter)"
                try tx.forEachBatch(sql, [Self.coarsePattern], batchSize: 2_000) { batch in
                    for row in batch {
                        let rowID: String = try row.decode("row_id")
                        for (index, column) in target.columns.enumerated() {
                            guard let value: String = try row.decode("c\(index)") else { continue }
                            candidates += 1
                            for finding in CardNumberScan.findings(in: value) {
                                findings.append(PCIFinding(table: target.table, column: column, rowID: rowID,
                                                           masked: finding.masked, digits: finding.digits))
                            }
                        }
                    }
                }
            }
            return PCIScanReport(tables: targets.count, columns: targets.reduce(0) { $0 + $1.columns.count },
                                 candidates: candidates, findings: findings)
        }
    }
}

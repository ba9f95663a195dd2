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

    /// The coarse filter run by PostgreSQL: 13 digits with at most one space or hyphen between them (the
    /// shortest card number). Swift then applies `CardNumberScan` (grouping rules + Luhn) to the values that pass.
    public static let coarsePattern = "[0-9](?:[ -]?[0-9]){12}"

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
                // COPY rather than a cursor: COPY's query may run as a parallel scan, a cursor's never does (2.5x
                // slower on a million rows here). COPY takes no parameters; the pattern is this file's constant and
                // the identifiers come from the catalogue, quoted by libpq.
                let pattern = "'" + Self.coarsePattern + "'"
                let picks = columns.map { "CASE WHEN \($0)::text ~ \(pattern) THEN \($0)::text END" }
                let filter = columns.map { "\($0)::text ~ \(pattern)" }.joined(separator: " OR ")
                let sql = "COPY (SELECT \(key), \(picks.joined(separator: ", ")) FROM \(table) WHERE \(filter)) TO STDOUT"
                try tx.copyOut(sql) { raw in
                    let fields = CopyText.fields(raw)
                    guard let rowID = fields.first ?? nil else { return }
                    for (index, column) in target.columns.enumerated() where index + 1 < fields.count {
                        guard let value = fields[index + 1] else { continue }
                        candidates += 1
                        for finding in CardNumberScan.findings(in: value) {
                            findings.append(PCIFinding(table: target.table, column: column, rowID: rowID,
                                                       masked: finding.masked, digits: finding.digits))
                        }
                    }
                }
            }
            return PCIScanReport(tables: targets.count, columns: targets.reduce(0) { $0 + $1.columns.count },
                                 candidates: candidates, findings: findings)
        }
    }
}

/// Decoding of COPY's text format: tab-separated fields, `\N` for NULL, backslash escapes.
enum CopyText {
    /// The fields of one row (its trailing newline dropped); nil for NULL.
    static func fields(_ raw: UnsafeRawBufferPointer) -> [String?] {
        var fields: [String?] = []
        var current: [UInt8] = []
        var isNull = false
        var index = 0
        let count = raw.count > 0 && raw[raw.count - 1] == 0x0A ? raw.count - 1 : raw.count
        func finish() {
            fields.append(isNull ? nil : String(decoding: current, as: UTF8.self))
            current.removeAll(keepingCapacity: true)
            isNull = false
        }
        while index < count {
            let byte = raw[index]
            if byte == 0x09 {
                finish()
            } else if byte == 0x5C, index + 1 < count {
                index += 1
                let next = raw[index]
                switch next {
                case UInt8(ascii: "N") where current.isEmpty: isNull = true
                case UInt8(ascii: "n"): current.append(0x0A)
                case UInt8(ascii: "t"): current.append(0x09)
                case UInt8(ascii: "r"): current.append(0x0D)
                case UInt8(ascii: "b"): current.append(0x08)
                case UInt8(ascii: "f"): current.append(0x0C)
                case UInt8(ascii: "v"): current.append(0x0B)
                case UInt8(ascii: "0")...UInt8(ascii: "7"):
                    var value = Int(next - 48)
                    var digits = 1
                    while digits < 3, index + 1 < count, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(raw[index + 1]) {
                        index += 1
                        value = value * 8 + Int(raw[index] - 48)
                        digits += 1
                    }
                    current.append(UInt8(truncatingIfNeeded: value))
                default: current.append(next)
                }
            } else {
                current.append(byte)
            }
            index += 1
        }
        finish()
        return fields
    }
}

import Crypto
import Foundation

/// One CSV of a financial export.
public struct FinancialFile: Sendable {
    public let name: String
    public let kind: String
    public let month: String
    public let rows: Int
    public let bytes: Int
    public let sha256: String
}

/// Monthly CSVs of orders, payments, refunds and payouts for auditors. No personal data: orders carry the
/// user's id, never a name, e-mail or special requests.
public struct FinancialExportStore {
    let db: PostgresConnection
    public init(_ db: PostgresConnection) { self.db = db }

    /// The datasets, in file order. Each selects one UTC month: [taco.fx_from, taco.fx_to).
    public static let kinds = ["orders", "payments", "refunds", "payouts"]

    // COPY takes no parameters: the month bounds travel as transaction-local settings set through
    // set_config($1), so no value is ever spliced into SQL text.
    static let queries: [String: String] = [
        "orders": """
            SELECT o.id AS order_id, o.vendor_id, v.slug AS vendor_slug, o.truck_id, c.code AS campus_code, o.user_id,
                   o.status, o.currency, o.subtotal_cents, o.tax_cents, o.tip_cents, o.subsidy_cents, o.total_cents,
                   taco_rfc3339(o.placed_at) AS placed_at, taco_rfc3339(o.status_changed_at) AS status_changed_at
            FROM orders o JOIN vendors v ON v.id = o.vendor_id JOIN campuses c ON c.id = o.campus_id
            WHERE o.placed_at >= current_setting('taco.fx_from')::timestamptz
              AND o.placed_at < current_setting('taco.fx_to')::timestamptz
            ORDER BY o.placed_at, o.id
            """,
        "payments": """
            SELECT p.id AS payment_id, p.order_id, p.vendor_id, v.slug AS vendor_slug, p.stripe_payment_intent_id,
                   p.amount_cents, p.currency, p.status, taco_rfc3339(p.at) AS at
            FROM payments p JOIN vendors v ON v.id = p.vendor_id
            WHERE p.at >= current_setting('taco.fx_from')::timestamptz AND p.at < current_setting('taco.fx_to')::timestamptz
            ORDER BY p.at, p.id
            """,
        "refunds": """
            SELECT r.id AS refund_id, r.order_id, r.vendor_id, v.slug AS vendor_slug, r.amount_cents, r.status,
                   r.stripe_refund_id, r.reason, r.requested_by, taco_rfc3339(r.created_at) AS created_at
            FROM refunds r JOIN vendors v ON v.id = r.vendor_id
            WHERE r.created_at >= current_setting('taco.fx_from')::timestamptz
              AND r.created_at < current_setting('taco.fx_to')::timestamptz
            ORDER BY r.created_at, r.id
            """,
        "payouts": """
            SELECT p.id AS payout_id, p.vendor_id, v.slug AS vendor_slug, p.period_start, p.period_end, p.currency,
                   p.gross_cents, p.tax_cents, p.tip_cents, p.subsidy_cents, p.refund_cents, p.fee_cents, p.net_cents,
                   p.status, p.stripe_transfer_id, taco_rfc3339(p.created_at) AS created_at, taco_rfc3339(p.paid_at) AS paid_at
            FROM payouts p JOIN vendors v ON v.id = p.vendor_id
            WHERE p.period_end >= (current_setting('taco.fx_from')::timestamptz AT TIME ZONE 'UTC')::date
              AND p.period_end < (current_setting('taco.fx_to')::timestamptz AT TIME ZONE 'UTC')::date
            ORDER BY p.period_end, v.slug, p.id
            """,
    ]

    /// Writes `<kind>-<year>-<MM>.csv` for every kind and month into `directory` from one snapshot, and
    /// returns what was written. `progress` is told after each file.
    public func export(year: Int, into directory: AtomicFiles.PendingDirectory,
                       progress: (FinancialFile) -> Void = { _ in }) throws -> [FinancialFile] {
        try db.transaction(isolation: .repeatableRead, readOnly: true) { tx in
            var files: [FinancialFile] = []
            for month in 1...12 {
                let from = String(format: "%04d-%02d-01T00:00:00Z", year, month)
                let to = month == 12 ? String(format: "%04d-01-01T00:00:00Z", year + 1)
                                     : String(format: "%04d-%02d-01T00:00:00Z", year, month + 1)
                try tx.query("SELECT set_config('taco.fx_from', $1, true), set_config('taco.fx_to', $2, true)", [from, to])
                let monthText = String(format: "%04d-%02d", year, month)
                for kind in Self.kinds {
                    guard let sql = Self.queries[kind] else { continue }
                    let name = "\(kind)-\(monthText).csv"
                    var hasher = SHA256()
                    var bytes = 0
                    var rows = 0
                    try directory.write(name) { handle in
                        var buffer = Data()
                        buffer.reserveCapacity(1 << 20)
                        func flush() throws {
                            guard !buffer.isEmpty else { return }
                            hasher.update(data: buffer)
                            bytes += buffer.count
                            do { try handle.write(contentsOf: buffer) } catch {
                                throw ToolError(.cannotCreate, "cannot write \(name): \(error.localizedDescription)")
                            }
                            buffer.removeAll(keepingCapacity: true)
                        }
                        // copyOut's count cannot tell an empty result from the header line: count lines here.
                        var lines = 0
                        try tx.copyOut("COPY (\(sql)) TO STDOUT WITH (FORMAT csv, HEADER)") { raw in
                            lines += 1
                            buffer.append(contentsOf: raw)
                            if buffer.count >= 1 << 20 { try flush() }
                        }
                        try flush()
                        rows = max(0, lines - 1)
                    }
                    let file = FinancialFile(name: name, kind: kind, month: monthText, rows: rows, bytes: bytes,
                                             sha256: hasher.finalize().map { String(format: "%02x", $0) }.joined())
                    files.append(file)
                    progress(file)
                }
            }
            return files
        }
    }
}

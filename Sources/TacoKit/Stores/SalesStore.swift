import Foundation

/// How `sales` groups its figures.
public enum SalesGrouping: String, CaseIterable, Sendable {
    case day, hour, item
}

/// A vendor's own sales figures. Days and hours are the campus's local wall-clock time (each order in the time
/// zone of the campus it was placed at). Orders count once they are CONFIRMED or later, excluding CANCELLED
/// (PENDING ones are not yet paid; a cancelled order was not a sale); refunds are those (pending or succeeded) on
/// the counted orders. Money in cents:
///   gross = Σ subtotal (food, before tax; the employer's subsidy is part of it), tax = Σ tax collected,
///   tips = Σ tip, subsidy = Σ the part of gross + tax the employer pays, refunds = Σ refunds,
///   net = gross + tips − refunds (tax is passed on to the authorities).
public struct SalesStore {
    let db: PostgresConnection
    let scope: VendorScope

    public init(_ db: PostgresConnection, scope: VendorScope) {
        self.db = db
        self.scope = scope
    }

    /// The figures from `from` to `to` (campus-local days, both included).
    public func report(from: LocalDate, to: LocalDate, by grouping: SalesGrouping) throws -> RecordSet {
        let parameters: [(any PostgresEncodable)?] = [scope.vendorID, from, to]
        switch grouping {
        case .day:
            var set = RecordSet(columns: ["day", "orders", "gross_cents", "tax_cents", "tip_cents", "subsidy_cents",
                                          "refunds_cents", "net_cents"])
            for row in try db.query(Self.counted + """
                SELECT d.day::date::text AS day, count(f.id) AS orders,
                       coalesce(sum(f.subtotal_cents), 0)::bigint AS gross, coalesce(sum(f.tax_cents), 0)::bigint AS tax,
                       coalesce(sum(f.tip_cents), 0)::bigint AS tip, coalesce(sum(f.subsidy_cents), 0)::bigint AS subsidy,
                       coalesce(sum(f.refunded), 0)::bigint AS refunds
                FROM generate_series($2::date, $3::date, interval '1 day') AS d(day)
                LEFT JOIN counted f ON f.local_at::date = d.day::date
                GROUP BY d.day ORDER BY d.day
                """, parameters) {
                set.append(try Self.money(row, leading: [.text(try row.decode("day"))]))
            }
            return set
        case .hour:
            var set = RecordSet(columns: ["day", "hour", "orders", "gross_cents", "tax_cents", "tip_cents", "subsidy_cents",
                                          "refunds_cents", "net_cents"])
            for row in try db.query(Self.counted + """
                SELECT f.local_at::date::text AS day, extract(hour FROM f.local_at)::int AS hour, count(*) AS orders,
                       sum(f.subtotal_cents)::bigint AS gross, sum(f.tax_cents)::bigint AS tax, sum(f.tip_cents)::bigint AS tip,
                       sum(f.subsidy_cents)::bigint AS subsidy, sum(f.refunded)::bigint AS refunds
                FROM counted f GROUP BY 1, 2 ORDER BY 1, 2
                """, parameters) {
                set.append(try Self.money(row, leading: [.text(try row.decode("day")), .int(try row.decode("hour", as: Int.self))]))
            }
            return set
        case .item:
            var set = RecordSet(columns: ["sku", "name", "quantity", "orders", "gross_cents"])
            for row in try db.query(Self.counted + """
                SELECT i.sku, (array_agg(i.name ORDER BY f.placed_at DESC))[1] AS name, sum(i.quantity)::bigint AS quantity,
                       count(DISTINCT f.id) AS orders, sum(i.line_total_cents)::bigint AS gross
                FROM counted f JOIN order_items i ON i.order_id = f.id
                GROUP BY i.sku ORDER BY gross DESC, i.sku
                """, parameters) {
                set.append([.text(try row.decode("sku")), .text(try row.decode("name")), .int(try row.decode("quantity", as: Int64.self)),
                            .int(try row.decode("orders", as: Int64.self)), .int(try row.decode("gross", as: Int64.self))])
            }
            return set
        }
    }

    /// The counted orders of the range with their campus-local time. The UTC pre-filter [from − 1 day, to + 2 days)
    /// covers every time zone (offsets are within ±14 h) and lets the (vendor_id, placed_at) index do the work.
    static let counted = """
        WITH counted AS (
            SELECT o.id, o.subtotal_cents, o.tax_cents, o.tip_cents, o.subsidy_cents, o.placed_at,
                   o.placed_at AT TIME ZONE c.time_zone AS local_at,
                   coalesce((SELECT sum(r.amount_cents) FROM refunds r
                             WHERE r.order_id = o.id AND r.vendor_id = o.vendor_id AND r.status IN ('pending', 'succeeded')), 0)
                       AS refunded
            FROM orders o JOIN campuses c ON c.id = o.campus_id
            WHERE o.vendor_id = $1
              AND o.status NOT IN ('PENDING', 'CANCELLED')
              AND o.placed_at >= (($2::date - 1)::timestamp AT TIME ZONE 'UTC')
              AND o.placed_at < (($3::date + 2)::timestamp AT TIME ZONE 'UTC')
              AND (o.placed_at AT TIME ZONE c.time_zone)::date BETWEEN $2::date AND $3::date
        )

        """

    private static func money(_ row: PostgresRow, leading: [Cell]) throws -> [Cell] {
        let gross: Int64 = try row.decode("gross"), tip: Int64 = try row.decode("tip"), refunds: Int64 = try row.decode("refunds")
        return leading + [.int(try row.decode("orders", as: Int64.self)), .int(gross), .int(try row.decode("tax", as: Int64.self)),
                          .int(tip), .int(try row.decode("subsidy", as: Int64.self)), .int(refunds), .int(gross + tip - refunds)]
    }
}

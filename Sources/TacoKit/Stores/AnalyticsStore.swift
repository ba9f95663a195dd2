import Foundation

/// The analytics reports for Food Services: set-based SQL over `order_facts` (migration 0018: one row per order
/// with its campus-local placing time, money, status and transition instants, kept by triggers), run in one
/// READ ONLY transaction so a read replica serves them too.
///
/// Every query takes the same parameters: $1 from and $2 to (campus-local dates, inclusive), $3 campus id and
/// $4 vendor id (NULL = all), $5 the grouping (`day`, `week`, `hour`, `campus`, `vendor`, `truck` or `none`).
public struct AnalyticsStore {
    let db: PostgresConnection
    public init(_ db: PostgresConnection) { self.db = db }

    /// Runs `query`'s report. Unknown campus or vendor: 65 naming it. An empty range gives an empty set.
    public func run(_ query: AnalyticsQuery) throws -> RecordSet {
        try db.transaction(isolation: .repeatableRead, readOnly: true) { tx in
            // Percentiles and a year of groups sort in memory instead of spilling to disk.
            try tx.execute("SET LOCAL work_mem = '256MB'")
            let store = AnalyticsStore(tx)
            let campusID = try query.campus.map(store.campusID)
            let vendorID = try query.vendor.map(store.vendorID)
            let parameters: [(any PostgresEncodable)?] = [query.from, query.to, campusID, vendorID,
                                                          query.grouping?.rawValue ?? "none"]
            let spec = Self.spec(query.report)
            let rows = try tx.query(spec.sql, parameters)
            let keys = Self.keyColumns(query.grouping)
            var set = RecordSet(columns: keys.map(\.label) + spec.columns.map(\.name))
            for row in rows {
                set.append(try (keys + spec.columns).map { try $0.cell(row) })
            }
            return set
        }
    }

    func campusID(_ code: String) throws -> UUID {
        guard let row = try db.queryFirst("SELECT id FROM campuses WHERE code = $1", [code]) else {
            throw ToolError.data("unknown campus \"\(code)\"", hint: "the campus codes are in the campuses table (e.g. SFO-HQ)")
        }
        return try row.decode("id")
    }

    func vendorID(_ slug: String) throws -> UUID {
        guard let row = try db.queryFirst("SELECT id FROM vendors WHERE slug = $1", [slug]) else {
            throw ToolError.data("unknown vendor \"\(slug)\"", hint: "`taco-admin vendors list` shows the slugs")
        }
        return try row.decode("id")
    }

    // MARK: - Columns

    /// One output column: its JSON key, the SQL column it decodes from, and how.
    struct Column {
        enum Kind { case text, int, double }
        let name: String
        let source: String
        let kind: Kind
        var label: String { name }

        init(_ name: String, _ kind: Kind, from source: String? = nil) {
            self.name = name
            self.kind = kind
            self.source = source ?? name
        }

        func cell(_ row: PostgresRow) throws -> Cell {
            switch kind {
            case .text: return .optional(try row.decode(source, as: String?.self))
            case .int: return try row.decode(source, as: Int64?.self).map(Cell.int) ?? .null
            case .double: return try row.decode(source, as: Double?.self).map(Cell.double) ?? .null
            }
        }
    }

    /// The leading key columns for a grouping (a truck is named with its vendor).
    static func keyColumns(_ grouping: AnalyticsGrouping?) -> [Column] {
        switch grouping {
        case .day: return [Column("day", .text, from: "g_day")]
        case .week: return [Column("week", .text, from: "g_day")]
        case .hour: return [Column("hour", .int, from: "g_hour")]
        case .campus: return [Column("campus", .text, from: "g_campus")]
        case .vendor: return [Column("vendor", .text, from: "g_vendor")]
        case .truck: return [Column("vendor", .text, from: "g_vendor"), Column("truck", .text, from: "g_truck")]
        case nil: return []
        }
    }

    struct Spec {
        let sql: String
        let columns: [Column]
    }

    static func spec(_ report: AnalyticsReport) -> Spec {
        switch report {
        case .orders: return orders
        case .heatmap: return heatmap
        case .prepTimes: return prepTimes
        case .lateOrders: return lateOrders
        case .cancellations: return cancellations
        case .topItems: return topItems
        case .subsidies: return subsidies
        case .vendorScorecard: return vendorScorecard
        }
    }

    // MARK: - Shared SQL

    /// The orders in range with their group key: g_day (the campus-local day, or the Monday of its ISO week),
    /// g_hour (campus-local hour), g_id (campus, vendor or truck id). The range test on placed_local is the
    /// campus-local day test, and uses order_facts_placed_local_idx for short ranges.
    static let scoped = """
        scoped AS NOT MATERIALIZED (
            SELECT f.*,
                   CASE $5::text WHEN 'day' THEN f.placed_local::date
                                 WHEN 'week' THEN date_trunc('week', f.placed_local)::date END AS k_day,
                   CASE WHEN $5::text = 'hour' THEN date_part('hour', f.placed_local)::int END AS k_hour,
                   CASE $5::text WHEN 'campus' THEN f.campus_id WHEN 'vendor' THEN f.vendor_id
                                 WHEN 'truck' THEN f.truck_id END AS k_id
            FROM order_facts f
            WHERE f.placed_local >= $1::date AND f.placed_local < $2::date + 1
              AND ($3::uuid IS NULL OR f.campus_id = $3) AND ($4::uuid IS NULL OR f.vendor_id = $4)
        )
        """

    /// Names the group keys of `agg` (k_day, k_hour, k_id) and orders the rows by them.
    static func named(_ select: String) -> String {
        """
        SELECT to_char(a.k_day, 'YYYY-MM-DD') AS g_day, a.k_hour AS g_hour, c.code AS g_campus,
               coalesce(v.slug, tv.slug) AS g_vendor, t.name AS g_truck, \(select)
        FROM agg a
        LEFT JOIN campuses c ON $5::text = 'campus' AND c.id = a.k_id
        LEFT JOIN vendors v ON $5::text = 'vendor' AND v.id = a.k_id
        LEFT JOIN trucks t ON $5::text = 'truck' AND t.id = a.k_id
        LEFT JOIN vendors tv ON tv.id = t.vendor_id
        ORDER BY a.k_day, a.k_hour, g_campus, g_vendor, g_truck
        """
    }

    /// Succeeded refunds per order (attributed to the order's day, not the refund's).
    static let refunded = """
        refunded AS (
            SELECT r.order_id, sum(r.amount_cents) AS cents FROM refunds r WHERE r.status = 'succeeded' GROUP BY r.order_id
        )
        """

    // MARK: - Reports

    /// Volume and revenue. Revenue counts fulfilled orders (PICKED_UP, COMPLETED); net = gross + tax + tips − refunds.
    static let orders = Spec(sql: """
        WITH \(scoped), \(refunded),
        agg AS (
            SELECT s.k_day, s.k_hour, s.k_id,
                   count(*) AS orders,
                   count(*) FILTER (WHERE s.status IN ('PICKED_UP', 'COMPLETED')) AS fulfilled,
                   count(*) FILTER (WHERE s.status = 'CANCELLED') AS cancelled,
                   count(*) FILTER (WHERE s.status = 'NO_SHOW') AS no_shows,
                   count(*) FILTER (WHERE s.status IN ('PENDING', 'CONFIRMED', 'PREPARING', 'READY')) AS open,
                   coalesce(sum(s.subtotal_cents) FILTER (WHERE s.status IN ('PICKED_UP', 'COMPLETED')), 0) AS gross_cents,
                   coalesce(sum(s.tax_cents) FILTER (WHERE s.status IN ('PICKED_UP', 'COMPLETED')), 0) AS tax_cents,
                   coalesce(sum(s.tip_cents) FILTER (WHERE s.status IN ('PICKED_UP', 'COMPLETED')), 0) AS tip_cents,
                   coalesce(sum(s.subsidy_cents) FILTER (WHERE s.status IN ('PICKED_UP', 'COMPLETED')), 0) AS subsidy_cents,
                   coalesce(sum(s.total_cents) FILTER (WHERE s.status IN ('PICKED_UP', 'COMPLETED')), 0) AS employee_paid_cents,
                   coalesce(sum(r.cents) FILTER (WHERE s.status IN ('PICKED_UP', 'COMPLETED')), 0) AS refunds_cents
            FROM scoped s LEFT JOIN refunded r ON r.order_id = s.order_id
            GROUP BY s.k_day, s.k_hour, s.k_id
        )
        \(named("a.orders, a.fulfilled, a.cancelled, a.no_shows, a.open, a.gross_cents, a.tax_cents, a.tip_cents, a.subsidy_cents, a.employee_paid_cents, a.refunds_cents, a.gross_cents + a.tax_cents + a.tip_cents - a.refunds_cents AS net_cents"))
        """, columns: ["orders", "fulfilled", "cancelled", "no_shows", "open", "gross_cents", "tax_cents", "tip_cents",
                       "subsidy_cents", "employee_paid_cents", "refunds_cents", "net_cents"].map { Column($0, .int) })

    /// Orders placed (every status) by campus-local ISO weekday (1 = Monday) and hour; only non-empty cells.
    static let heatmap = Spec(sql: """
        WITH \(scoped)
        SELECT h.weekday, (ARRAY['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'])[h.weekday] AS day_name, h.hour, h.orders
        FROM (SELECT date_part('isodow', s.placed_local)::int AS weekday, date_part('hour', s.placed_local)::int AS hour,
                     count(*) AS orders
              FROM scoped s GROUP BY 1, 2) h
        ORDER BY 1, 2
        """, columns: [Column("weekday", .int), Column("day_name", .text), Column("hour", .int), Column("orders", .int)])

    /// Queue (PENDING→CONFIRMED) and prep (CONFIRMED→READY) times in seconds: percentile_cont p50/p95 and mean.
    static let prepTimes = Spec(sql: """
        WITH \(scoped),
        agg AS (
            SELECT s.k_day, s.k_hour, s.k_id,
                   count(x.queue_s) AS confirmed,
                   percentile_cont(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY x.queue_s) AS queue_p,
                   round(avg(x.queue_s)::numeric, 1) AS queue_mean_seconds,
                   count(x.prep_s) AS prepared,
                   percentile_cont(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY x.prep_s) AS prep_p,
                   round(avg(x.prep_s)::numeric, 1) AS prep_mean_seconds
            FROM scoped s
            CROSS JOIN LATERAL (SELECT date_part('epoch', s.confirmed_at - s.pending_at) AS queue_s,
                                       date_part('epoch', s.ready_at - s.confirmed_at) AS prep_s) x
            WHERE s.confirmed_at IS NOT NULL
            GROUP BY s.k_day, s.k_hour, s.k_id
        )
        \(named("""
            a.confirmed, round(a.queue_p[1]::numeric, 1) AS queue_p50_seconds, round(a.queue_p[2]::numeric, 1) AS queue_p95_seconds,
            a.queue_mean_seconds, a.prepared, round(a.prep_p[1]::numeric, 1) AS prep_p50_seconds,
            round(a.prep_p[2]::numeric, 1) AS prep_p95_seconds, a.prep_mean_seconds
            """))
        """, columns: [Column("confirmed", .int), Column("queue_p50_seconds", .double), Column("queue_p95_seconds", .double),
                       Column("queue_mean_seconds", .double), Column("prepared", .int), Column("prep_p50_seconds", .double),
                       Column("prep_p95_seconds", .double), Column("prep_mean_seconds", .double)])

    /// On time = READY at or before promised_at (orders with a promise that reached READY); minutes late for the
    /// late ones; READY→PICKED_UP wait; no-shows (status NO_SHOW) as a share of orders that reached READY.
    static let lateOrders = Spec(sql: """
        WITH \(scoped),
        agg AS (
            SELECT s.k_day, s.k_hour, s.k_id,
                   count(*) AS ready,
                   count(*) FILTER (WHERE s.promised_at IS NOT NULL) AS promised,
                   count(*) FILTER (WHERE s.ready_at <= s.promised_at) AS on_time,
                   count(*) FILTER (WHERE s.ready_at > s.promised_at) AS late,
                   round(100.0 * count(*) FILTER (WHERE s.ready_at > s.promised_at)
                         / nullif(count(*) FILTER (WHERE s.promised_at IS NOT NULL), 0), 1) AS late_pct,
                   round(avg(x.late_min) FILTER (WHERE s.ready_at > s.promised_at)::numeric, 1) AS late_minutes_mean,
                   round((percentile_cont(0.95) WITHIN GROUP (ORDER BY x.late_min)
                          FILTER (WHERE s.ready_at > s.promised_at))::numeric, 1) AS late_minutes_p95,
                   count(x.wait_s) AS picked_up,
                   percentile_cont(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY x.wait_s) AS wait_p,
                   round(avg(x.wait_s)::numeric, 1) AS wait_mean_seconds,
                   count(*) FILTER (WHERE s.status = 'NO_SHOW') AS no_shows,
                   round(100.0 * count(*) FILTER (WHERE s.status = 'NO_SHOW') / count(*), 1) AS no_show_pct
            FROM scoped s
            CROSS JOIN LATERAL (SELECT date_part('epoch', s.ready_at - s.promised_at) / 60 AS late_min,
                                       date_part('epoch', s.picked_up_at - s.ready_at) AS wait_s) x
            WHERE s.ready_at IS NOT NULL
            GROUP BY s.k_day, s.k_hour, s.k_id
        )
        \(named("""
            a.ready, a.promised, a.on_time, a.late, a.late_pct, a.late_minutes_mean, a.late_minutes_p95, a.picked_up,
            round(a.wait_p[1]::numeric, 1) AS wait_p50_seconds, round(a.wait_p[2]::numeric, 1) AS wait_p95_seconds,
            a.wait_mean_seconds, a.no_shows, a.no_show_pct
            """))
        """, columns: [Column("ready", .int), Column("promised", .int), Column("on_time", .int), Column("late", .int),
                       Column("late_pct", .double), Column("late_minutes_mean", .double), Column("late_minutes_p95", .double),
                       Column("picked_up", .int), Column("wait_p50_seconds", .double), Column("wait_p95_seconds", .double),
                       Column("wait_mean_seconds", .double), Column("no_shows", .int), Column("no_show_pct", .double)])

    /// Cancelled orders counted three ways: by reason, by the login that cancelled, by the status they left.
    static let cancellations = Spec(sql: """
        WITH \(scoped)
        SELECT d.dimension, d.value, count(*) AS cancelled,
               round(100.0 * count(*) / sum(count(*)) OVER (PARTITION BY d.dimension), 1) AS share_pct,
               round(100.0 * count(*) / (SELECT count(*) FROM scoped), 1) AS orders_pct
        FROM scoped s
        CROSS JOIN LATERAL (VALUES (1, 'reason', coalesce(s.cancel_reason, '(none)')),
                                   (2, 'actor', coalesce(s.cancelled_by, '(unknown)')),
                                   (3, 'from_status', coalesce(s.cancelled_from, '(unknown)'))) AS d (ord, dimension, value)
        WHERE s.status = 'CANCELLED'
        GROUP BY d.ord, d.dimension, d.value
        ORDER BY d.ord, cancelled DESC, d.value
        """, columns: [Column("dimension", .text), Column("value", .text), Column("cancelled", .int),
                       Column("share_pct", .double), Column("orders_pct", .double)])

    /// Items (by vendor and SKU) and options (by vendor, item SKU and option name) sold in fulfilled orders: count
    /// (quantity), revenue (line totals; for options price delta × quantity), and seconds spent 86-ed in the range.
    /// 86-ed time comes from audit_log: from each INSERT/UPDATE of the menu item (option) to the next, it was 86-ed
    /// while `available` was false, or until `sold_out_until`; the window is the range in the campus's zone
    /// (UTC without --campus), cut at now.
    static let topItems = Spec(sql: """
        WITH \(scoped),
        sold AS NOT MATERIALIZED (
            SELECT oi.id, oi.vendor_id, oi.sku, oi.name, oi.quantity, oi.line_total_cents
            FROM scoped s JOIN order_items oi ON oi.order_id = s.order_id
            WHERE s.status IN ('PICKED_UP', 'COMPLETED')
        ),
        lines AS (
            SELECT 1 AS ord, 'item' AS kind, so.vendor_id, so.sku, max(so.name) AS item, NULL::text AS option,
                   sum(so.quantity) AS quantity, sum(so.line_total_cents) AS revenue_cents
            FROM sold so GROUP BY so.vendor_id, so.sku
            UNION ALL
            SELECT 2, 'option', so.vendor_id, so.sku, max(so.name), oio.name,
                   sum(so.quantity), sum(so.quantity * oio.price_delta_cents)
            FROM sold so JOIN order_item_options oio ON oio.order_item_id = so.id
            GROUP BY so.vendor_id, so.sku, oio.name
        ),
        win AS (
            SELECT ($1::date::timestamp AT TIME ZONE z.tz) AS ws,
                   least(now(), ($2::date + 1)::timestamp AT TIME ZONE z.tz) AS we
            FROM (SELECT coalesce((SELECT c.time_zone FROM campuses c WHERE c.id = $3), 'UTC') AS tz) z
        ),
        states AS (
            SELECT a.table_name, a.row_key, a.at AS since,
                   lead(a.at) OVER (PARTITION BY a.table_name, a.row_key ORDER BY a.at, a.id) AS until,
                   CASE WHEN a.new_data IS NULL THEN a.at
                        WHEN NOT (a.new_data ->> 'available')::boolean THEN 'infinity'::timestamptz
                        ELSE coalesce((a.new_data ->> 'sold_out_until')::timestamptz, a.at) END AS down_until
            FROM audit_log a
            WHERE a.table_name IN ('menu_items', 'options') AND a.action IN ('INSERT', 'UPDATE', 'DELETE')
              AND ($4::uuid IS NULL OR a.vendor_id = $4)
        ),
        down AS (
            SELECT st.table_name, st.row_key::uuid AS id,
                   sum(greatest(0, date_part('epoch', least(coalesce(st.until, 'infinity'), w.we, st.down_until)
                                                      - greatest(st.since, w.ws)))) AS seconds
            FROM states st CROSS JOIN win w
            WHERE st.since < w.we
            GROUP BY st.table_name, st.row_key
        ),
        item_down AS (
            SELECT mi.vendor_id, mi.sku, d.seconds FROM menu_items mi JOIN down d ON d.table_name = 'menu_items' AND d.id = mi.id
        ),
        option_down AS (
            SELECT mi.vendor_id, mi.sku, op.name, max(d.seconds) AS seconds
            FROM options op
            JOIN option_groups g ON g.id = op.group_id
            JOIN menu_items mi ON mi.id = g.item_id
            JOIN down d ON d.table_name = 'options' AND d.id = op.id
            GROUP BY mi.vendor_id, mi.sku, op.name
        )
        SELECT l.kind, v.slug AS vendor, l.sku, l.item, l.option, l.quantity, l.revenue_cents,
               round(coalesce(CASE l.kind WHEN 'item' THEN idn.seconds ELSE odn.seconds END, 0))::bigint AS eighty_sixed_seconds
        FROM lines l
        JOIN vendors v ON v.id = l.vendor_id
        LEFT JOIN item_down idn ON l.kind = 'item' AND idn.vendor_id = l.vendor_id AND idn.sku = l.sku
        LEFT JOIN option_down odn ON l.kind = 'option' AND odn.vendor_id = l.vendor_id AND odn.sku = l.sku AND odn.name = l.option
        ORDER BY l.ord, l.quantity DESC, l.revenue_cents DESC, v.slug, l.sku, l.option
        """, columns: [Column("kind", .text), Column("vendor", .text), Column("sku", .text), Column("item", .text),
                       Column("option", .text), Column("quantity", .int), Column("revenue_cents", .int),
                       Column("eighty_sixed_seconds", .int)])

    /// Fulfilled orders' value (subtotal + tax + tips = total + subsidy) split into the employer's share (subsidy)
    /// and the employee's (total); participation = active employees with a fulfilled order ÷ active employees whose
    /// home campus is in scope (per campus with --by campus); cost per order = employer cents ÷ fulfilled orders.
    static let subsidies = Spec(sql: """
        WITH \(scoped),
        active AS (SELECT u.campus_id, count(*) AS n FROM users u WHERE u.active GROUP BY u.campus_id),
        per_user AS (
            SELECT s.k_day, s.k_hour, s.k_id, s.user_id,
                   count(*) FILTER (WHERE s.status IN ('PICKED_UP', 'COMPLETED')) AS orders,
                   count(*) FILTER (WHERE s.status IN ('PICKED_UP', 'COMPLETED') AND s.subsidy_cents > 0) AS subsidized_orders,
                   coalesce(sum(s.total_cents + s.subsidy_cents) FILTER (WHERE s.status IN ('PICKED_UP', 'COMPLETED')), 0) AS order_value_cents,
                   coalesce(sum(s.subsidy_cents) FILTER (WHERE s.status IN ('PICKED_UP', 'COMPLETED')), 0) AS employer_cents,
                   coalesce(sum(s.total_cents) FILTER (WHERE s.status IN ('PICKED_UP', 'COMPLETED')), 0) AS employee_cents
            FROM scoped s
            GROUP BY s.k_day, s.k_hour, s.k_id, s.user_id
        ),
        -- per (group, employee) first: a parallel hash aggregate instead of sorting every order for count(DISTINCT)
        agg AS (
            SELECT p.k_day, p.k_hour, p.k_id,
                   sum(p.orders)::bigint AS orders, sum(p.subsidized_orders)::bigint AS subsidized_orders,
                   sum(p.order_value_cents)::bigint AS order_value_cents, sum(p.employer_cents)::bigint AS employer_cents,
                   sum(p.employee_cents)::bigint AS employee_cents,
                   count(*) FILTER (WHERE p.orders > 0 AND u.active) AS participants
            FROM per_user p JOIN users u ON u.id = p.user_id
            GROUP BY p.k_day, p.k_hour, p.k_id
        ),
        sized AS (
            SELECT a.*,
                   CASE WHEN $5::text = 'campus' THEN coalesce((SELECT ac.n FROM active ac WHERE ac.campus_id = a.k_id), 0)
                        ELSE (SELECT coalesce(sum(ac.n), 0) FROM active ac WHERE $3::uuid IS NULL OR ac.campus_id = $3)
                   END AS active_users
            FROM agg a
        )
        SELECT to_char(a.k_day, 'YYYY-MM-DD') AS g_day, c.code AS g_campus,
               a.orders, a.subsidized_orders, a.order_value_cents, a.employer_cents, a.employee_cents,
               round(100.0 * a.employer_cents / nullif(a.order_value_cents, 0), 1) AS employer_share_pct,
               round(a.employer_cents::numeric / nullif(a.orders, 0))::bigint AS cost_per_order_cents,
               a.participants, a.active_users,
               round(100.0 * a.participants / nullif(a.active_users, 0), 1) AS participation_pct
        FROM sized a
        LEFT JOIN campuses c ON $5::text = 'campus' AND c.id = a.k_id
        ORDER BY a.k_day, g_campus
        """, columns: [Column("orders", .int), Column("subsidized_orders", .int), Column("order_value_cents", .int),
                       Column("employer_cents", .int), Column("employee_cents", .int), Column("employer_share_pct", .double),
                       Column("cost_per_order_cents", .int), Column("participants", .int), Column("active_users", .int),
                       Column("participation_pct", .double)])

    /// Per vendor with orders in range: orders, fulfilled, cancellation %, net revenue (as in `orders`),
    /// on-time % (as in `late-orders`), p95 prep seconds, no-shows and the vendor's current rating.
    static let vendorScorecard = Spec(sql: """
        WITH \(scoped), \(refunded),
        agg AS (
            SELECT s.vendor_id,
                   count(*) AS orders,
                   count(*) FILTER (WHERE s.status IN ('PICKED_UP', 'COMPLETED')) AS fulfilled,
                   count(*) FILTER (WHERE s.status = 'CANCELLED') AS cancelled,
                   coalesce(sum(s.subtotal_cents + s.tax_cents + s.tip_cents - coalesce(r.cents, 0))
                            FILTER (WHERE s.status IN ('PICKED_UP', 'COMPLETED')), 0) AS net_cents,
                   count(*) FILTER (WHERE s.ready_at <= s.promised_at) AS on_time,
                   count(*) FILTER (WHERE s.ready_at IS NOT NULL AND s.promised_at IS NOT NULL) AS promised,
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY date_part('epoch', s.ready_at - s.confirmed_at)) AS prep_p95,
                   count(*) FILTER (WHERE s.status = 'NO_SHOW') AS no_shows
            FROM scoped s LEFT JOIN refunded r ON r.order_id = s.order_id
            GROUP BY s.vendor_id
        )
        SELECT v.slug AS vendor, v.name, a.orders, a.fulfilled, a.cancelled,
               round(100.0 * a.cancelled / a.orders, 1) AS cancellation_pct, a.net_cents,
               round(100.0 * a.on_time / nullif(a.promised, 0), 1) AS on_time_pct,
               round(a.prep_p95::numeric, 1) AS prep_p95_seconds, a.no_shows, v.rating::float8 AS rating
        FROM agg a JOIN vendors v ON v.id = a.vendor_id
        ORDER BY v.slug
        """, columns: [Column("vendor", .text), Column("name", .text), Column("orders", .int), Column("fulfilled", .int),
                       Column("cancelled", .int), Column("cancellation_pct", .double), Column("net_cents", .int),
                       Column("on_time_pct", .double), Column("prep_p95_seconds", .double), Column("no_shows", .int),
                       Column("rating", .double)])
}

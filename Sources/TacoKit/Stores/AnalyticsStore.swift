import Foundation

/// The analytics reports for Food Services: set-based SQL over `order_facts` (migrations 0018, 0026, 0027: one
/// row per order with its campus-local day, week and hour, money, refunds, status, fulfilled, transition instants
/// and durations) and `order_line_facts` (one row per order line and option), both kept by triggers, run in one
/// READ ONLY transaction so a read replica serves them too.
///
/// Every query takes the same parameters: $1 from and $2 to (campus-local dates, inclusive), $3 campus id and
/// $4 vendor id (NULL = all). Each grouping gets its own SQL (the group key is a plain column), so the planner
/// estimates the number of groups from the column's statistics instead of guessing one group per order.
public struct AnalyticsStore {
    let db: PostgresConnection
    public init(_ db: PostgresConnection) { self.db = db }

    /// Runs `query`'s report. Unknown campus or vendor: 65 naming it. An empty range gives an empty set.
    public func run(_ query: AnalyticsQuery) throws -> RecordSet {
        try db.transaction(isolation: .repeatableRead, readOnly: true) { tx in
            // Percentiles and a year of groups sort in memory instead of spilling to disk. JIT compiling these
            // plans (costed high for a year of orders) took longer than running them: ~0.7 s of a 1 s report.
            try tx.execute("SET LOCAL work_mem = '256MB'; SET LOCAL jit = off")
            let store = AnalyticsStore(tx)
            let campusID = try query.campus.map(store.campusID)
            let vendorID = try query.vendor.map(store.vendorID)
            let parameters: [(any PostgresEncodable)?] = [query.from, query.to, campusID, vendorID]
            let spec = Self.spec(query.report, query.grouping)
            if let settings = spec.settings { try tx.execute(settings) }
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
        /// Planner settings for this report (SET LOCAL statements), or nil.
        var settings: String?
    }

    static func spec(_ report: AnalyticsReport, _ grouping: AnalyticsGrouping?) -> Spec {
        switch report {
        case .orders: return orders(grouping)
        case .heatmap: return heatmap
        case .prepTimes: return prepTimes(grouping)
        case .lateOrders: return lateOrders(grouping)
        case .cancellations: return cancellations
        case .topItems: return topItems
        case .subsidies: return subsidies(grouping)
        case .vendorScorecard: return vendorScorecard
        }
    }

    // MARK: - Shared SQL

    /// The orders in range: the campus-local day test on order_facts `f` (order_facts_local_day_idx serves short
    /// ranges), and --campus / --vendor.
    static let inRange = """
        f.local_day BETWEEN $1::date AND $2::date
          AND ($3::uuid IS NULL OR f.campus_id = $3) AND ($4::uuid IS NULL OR f.vendor_id = $4)
        """

    /// The group key columns over order_facts `f`: k_day (the campus-local day, or the Monday of its ISO week),
    /// k_hour (campus-local hour), k_id (campus, vendor or truck id); the ones a grouping does not use are NULL.
    static func keys(_ grouping: AnalyticsGrouping?) -> String {
        let (day, hour, id): (String, String, String) = switch grouping {
        case .day: ("f.local_day", "NULL::int", "NULL::uuid")
        case .week: ("f.local_week", "NULL::int", "NULL::uuid")
        case .hour: ("NULL::date", "f.local_hour::int", "NULL::uuid")
        case .campus: ("NULL::date", "NULL::int", "f.campus_id")
        case .vendor: ("NULL::date", "NULL::int", "f.vendor_id")
        case .truck: ("NULL::date", "NULL::int", "f.truck_id")
        case nil: ("NULL::date", "NULL::int", "NULL::uuid")
        }
        return "\(day) AS k_day, \(hour) AS k_hour, \(id) AS k_id"
    }

    /// Names the group keys of `agg` (k_day, k_hour, k_id) as keyColumns expects and orders the rows by them.
    static func named(_ grouping: AnalyticsGrouping?, _ select: String) -> String {
        let (keys, join, order): (String, String, String) = switch grouping {
        case .day, .week: ("to_char(a.k_day, 'YYYY-MM-DD') AS g_day", "", "a.k_day")
        case .hour: ("a.k_hour AS g_hour", "", "a.k_hour")
        case .campus: ("c.code AS g_campus", "LEFT JOIN campuses c ON c.id = a.k_id", "g_campus")
        case .vendor: ("v.slug AS g_vendor", "LEFT JOIN vendors v ON v.id = a.k_id", "g_vendor")
        case .truck: ("v.slug AS g_vendor, t.name AS g_truck",
                      "LEFT JOIN trucks t ON t.id = a.k_id LEFT JOIN vendors v ON v.id = t.vendor_id", "g_vendor, g_truck")
        case nil: ("NULL AS g_none", "", "1")
        }
        return """
            SELECT \(keys), \(select)
            FROM agg a \(join)
            ORDER BY \(order)
            """
    }

    // MARK: - Reports

    /// Volume and revenue. Revenue counts fulfilled orders (PICKED_UP, COMPLETED); net = gross + tax + tips − refunds
    /// (refunded_cents: the order's succeeded refunds, attributed to the order's day). Open (PENDING, CONFIRMED,
    /// PREPARING, READY) is what is left: orders.status allows no other value.
    static func orders(_ grouping: AnalyticsGrouping?) -> Spec {
        Spec(sql: """
            WITH agg AS (
                SELECT \(keys(grouping)),
                       count(*) AS orders,
                       count(*) FILTER (WHERE f.fulfilled) AS fulfilled,
                       count(*) FILTER (WHERE f.status = 'CANCELLED') AS cancelled,
                       count(*) FILTER (WHERE f.status = 'NO_SHOW') AS no_shows,
                       coalesce(sum(f.subtotal_cents) FILTER (WHERE f.fulfilled), 0) AS gross_cents,
                       coalesce(sum(f.tax_cents) FILTER (WHERE f.fulfilled), 0) AS tax_cents,
                       coalesce(sum(f.tip_cents) FILTER (WHERE f.fulfilled), 0) AS tip_cents,
                       coalesce(sum(f.subsidy_cents) FILTER (WHERE f.fulfilled), 0) AS subsidy_cents,
                       coalesce(sum(f.total_cents) FILTER (WHERE f.fulfilled), 0) AS employee_paid_cents,
                       coalesce(sum(f.refunded_cents) FILTER (WHERE f.fulfilled), 0) AS refunds_cents
                FROM order_facts f
                WHERE \(inRange)
                GROUP BY 1, 2, 3
            )
            \(named(grouping, "a.orders, a.fulfilled, a.cancelled, a.no_shows, a.orders - a.fulfilled - a.cancelled - a.no_shows AS open, a.gross_cents, a.tax_cents, a.tip_cents, a.subsidy_cents, a.employee_paid_cents, a.refunds_cents, a.gross_cents + a.tax_cents + a.tip_cents - a.refunds_cents AS net_cents"))
            """, columns: ["orders", "fulfilled", "cancelled", "no_shows", "open", "gross_cents", "tax_cents", "tip_cents",
                           "subsidy_cents", "employee_paid_cents", "refunds_cents", "net_cents"].map { Column($0, .int) })
    }

    /// Orders placed (every status) by campus-local ISO weekday (1 = Monday) and hour; only non-empty cells.
    /// Counted per day and hour first, so the weekday is worked out once per day, not once per order.
    static let heatmap = Spec(sql: """
        SELECT h.weekday, (ARRAY['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'])[h.weekday] AS day_name, h.hour,
               sum(h.orders)::bigint AS orders
        FROM (SELECT date_part('isodow', d.local_day)::int AS weekday, d.local_hour::int AS hour, d.orders
              FROM (SELECT f.local_day, f.local_hour, count(*) AS orders FROM order_facts f WHERE \(inRange)
                    GROUP BY f.local_day, f.local_hour) d) h
        GROUP BY h.weekday, h.hour
        ORDER BY 1, 3
        """, columns: [Column("weekday", .int), Column("day_name", .text), Column("hour", .int), Column("orders", .int)])

    /// Queue (PENDING→CONFIRMED) and prep (CONFIRMED→READY) times in seconds: percentile_cont p50/p95 and mean.
    /// The durations are order_facts' generated columns (0027); --by vendor reads order_facts_vendor_idx only.
    static func prepTimes(_ grouping: AnalyticsGrouping?) -> Spec {
        Spec(sql: """
            WITH agg AS (
                SELECT \(keys(grouping)),
                       count(*) AS confirmed,
                       percentile_cont(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY f.queue_seconds) AS queue_p,
                       round(avg(f.queue_seconds)::numeric, 1) AS queue_mean_seconds,
                       count(f.prep_seconds) AS prepared,
                       percentile_cont(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY f.prep_seconds) AS prep_p,
                       round(avg(f.prep_seconds)::numeric, 1) AS prep_mean_seconds
                FROM order_facts f
                WHERE \(inRange) AND f.confirmed_at IS NOT NULL
                GROUP BY 1, 2, 3
            )
            \(named(grouping, """
                a.confirmed, round(a.queue_p[1]::numeric, 1) AS queue_p50_seconds, round(a.queue_p[2]::numeric, 1) AS queue_p95_seconds,
                a.queue_mean_seconds, a.prepared, round(a.prep_p[1]::numeric, 1) AS prep_p50_seconds,
                round(a.prep_p[2]::numeric, 1) AS prep_p95_seconds, a.prep_mean_seconds
                """))
            """, columns: [Column("confirmed", .int), Column("queue_p50_seconds", .double), Column("queue_p95_seconds", .double),
                           Column("queue_mean_seconds", .double), Column("prepared", .int), Column("prep_p50_seconds", .double),
                           Column("prep_p95_seconds", .double), Column("prep_mean_seconds", .double)])
    }

    /// On time = READY at or before promised_at (orders with a promise that reached READY); minutes late for the
    /// late ones; READY→PICKED_UP wait; no-shows (status NO_SHOW) as a share of orders that reached READY.
    static func lateOrders(_ grouping: AnalyticsGrouping?) -> Spec {
        Spec(sql: """
            WITH agg AS (
                SELECT \(keys(grouping)),
                       count(*) AS ready,
                       count(*) FILTER (WHERE f.promised_at IS NOT NULL) AS promised,
                       count(*) FILTER (WHERE f.ready_at <= f.promised_at) AS on_time,
                       count(*) FILTER (WHERE f.ready_at > f.promised_at) AS late,
                       round(100.0 * count(*) FILTER (WHERE f.ready_at > f.promised_at)
                             / nullif(count(*) FILTER (WHERE f.promised_at IS NOT NULL), 0), 1) AS late_pct,
                       round(avg(f.late_minutes) FILTER (WHERE f.ready_at > f.promised_at)::numeric, 1) AS late_minutes_mean,
                       round((percentile_cont(0.95) WITHIN GROUP (ORDER BY f.late_minutes)
                              FILTER (WHERE f.ready_at > f.promised_at))::numeric, 1) AS late_minutes_p95,
                       count(f.wait_seconds) AS picked_up,
                       percentile_cont(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY f.wait_seconds) AS wait_p,
                       round(avg(f.wait_seconds)::numeric, 1) AS wait_mean_seconds,
                       count(*) FILTER (WHERE f.status = 'NO_SHOW') AS no_shows,
                       round(100.0 * count(*) FILTER (WHERE f.status = 'NO_SHOW') / count(*), 1) AS no_show_pct
                FROM order_facts f
                WHERE \(inRange) AND f.ready_at IS NOT NULL
                GROUP BY 1, 2, 3
            )
            \(named(grouping, """
                a.ready, a.promised, a.on_time, a.late, a.late_pct, a.late_minutes_mean, a.late_minutes_p95, a.picked_up,
                round(a.wait_p[1]::numeric, 1) AS wait_p50_seconds, round(a.wait_p[2]::numeric, 1) AS wait_p95_seconds,
                a.wait_mean_seconds, a.no_shows, a.no_show_pct
                """))
            """, columns: [Column("ready", .int), Column("promised", .int), Column("on_time", .int), Column("late", .int),
                           Column("late_pct", .double), Column("late_minutes_mean", .double), Column("late_minutes_p95", .double),
                           Column("picked_up", .int), Column("wait_p50_seconds", .double), Column("wait_p95_seconds", .double),
                           Column("wait_mean_seconds", .double), Column("no_shows", .int), Column("no_show_pct", .double)])
    }

    /// Cancelled orders counted three ways: by reason, by the login that cancelled, by the status they left.
    static let cancellations = Spec(sql: """
        WITH placed AS MATERIALIZED (SELECT count(*) AS n FROM order_facts f WHERE \(inRange)),
        cancelled AS (
            SELECT f.cancel_reason, f.cancelled_by, f.cancelled_from, count(*) AS n
            FROM order_facts f
            WHERE \(inRange) AND f.status = 'CANCELLED'
            GROUP BY 1, 2, 3
        )
        SELECT d.dimension, d.value, sum(c.n)::bigint AS cancelled,
               round(100.0 * sum(c.n) / sum(sum(c.n)) OVER (PARTITION BY d.dimension), 1) AS share_pct,
               round(100.0 * sum(c.n) / (SELECT p.n FROM placed p), 1) AS orders_pct
        FROM cancelled c
        CROSS JOIN LATERAL (VALUES (1, 'reason', coalesce(c.cancel_reason, '(none)')),
                                   (2, 'actor', coalesce(c.cancelled_by, '(unknown)')),
                                   (3, 'from_status', coalesce(c.cancelled_from, '(unknown)'))) AS d (ord, dimension, value)
        GROUP BY d.ord, d.dimension, d.value
        ORDER BY d.ord, cancelled DESC, d.value
        """, columns: [Column("dimension", .text), Column("value", .text), Column("cancelled", .int),
                       Column("share_pct", .double), Column("orders_pct", .double)])

    /// Items (by vendor and SKU) and options (by vendor, item SKU and option name) sold in fulfilled orders: count
    /// (quantity), revenue (line totals; for options price delta × quantity), and seconds spent 86-ed in the range.
    /// Lines and options are the rows of order_line_facts (option NULL on a line's row), so one grouping by
    /// (vendor, sku, option) counts both. 86-ed time comes from audit_log: from each INSERT/UPDATE of the menu
    /// item (option) to the next, it was 86-ed while `available` was false, or until `sold_out_until`; the window
    /// is the range in the campus's zone (UTC without --campus), cut at now.
    static let topItems = Spec(sql: """
        WITH lines AS (
            SELECT CASE WHEN l.option IS NULL THEN 1 ELSE 2 END AS ord, l.vendor_id, l.sku, max(l.name) AS item, l.option,
                   sum(l.quantity)::bigint AS quantity, sum(l.revenue_cents)::bigint AS revenue_cents
            FROM order_line_facts l
            WHERE l.local_day BETWEEN $1::date AND $2::date AND l.fulfilled
              AND ($3::uuid IS NULL OR l.campus_id = $3) AND ($4::uuid IS NULL OR l.vendor_id = $4)
            GROUP BY l.vendor_id, l.sku, l.option
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
        SELECT CASE l.ord WHEN 1 THEN 'item' ELSE 'option' END AS kind, v.slug AS vendor, l.sku, l.item, l.option,
               l.quantity, l.revenue_cents,
               round(coalesce(CASE l.ord WHEN 1 THEN idn.seconds ELSE odn.seconds END, 0))::bigint AS eighty_sixed_seconds
        FROM lines l
        JOIN vendors v ON v.id = l.vendor_id
        LEFT JOIN item_down idn ON l.ord = 1 AND idn.vendor_id = l.vendor_id AND idn.sku = l.sku
        LEFT JOIN option_down odn ON l.ord = 2 AND odn.vendor_id = l.vendor_id AND odn.sku = l.sku AND odn.name = l.option
        ORDER BY l.ord, l.quantity DESC, l.revenue_cents DESC, v.slug, l.sku, l.option
        """, columns: [Column("kind", .text), Column("vendor", .text), Column("sku", .text), Column("item", .text),
                       Column("option", .text), Column("quantity", .int), Column("revenue_cents", .int),
                       Column("eighty_sixed_seconds", .int)])

    /// Fulfilled orders' value (subtotal + tax + tips = total + subsidy) split into the employer's share (subsidy)
    /// and the employee's (total); participation = active employees with a fulfilled order ÷ active employees whose
    /// home campus is in scope (per campus with --by campus); cost per order = employer cents ÷ fulfilled orders.
    static func subsidies(_ grouping: AnalyticsGrouping?) -> Spec {
        let activeUsers = grouping == .campus
            ? "coalesce((SELECT ac.n FROM active ac WHERE ac.campus_id = a.k_id), 0)"
            : "(SELECT coalesce(sum(ac.n), 0) FROM active ac WHERE $3::uuid IS NULL OR ac.campus_id = $3)"
        // Per employee, parallel workers would each build the whole hash table again and the leader merge them:
        // three times the work on a 2-core machine, twice as slow when it is busy. By campus, reading
        // order_facts_campus_user_idx in (campus, employee) order groups without hashing at all.
        let settings = grouping == .campus
            ? "SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL enable_hashagg = off"
            : "SET LOCAL max_parallel_workers_per_gather = 0"
        let (key, join, order) = grouping == .campus
            ? ("c.code AS g_campus", "LEFT JOIN campuses c ON c.id = a.k_id", "g_campus")
            : ("to_char(a.k_day, 'YYYY-MM-DD') AS g_day", "", "a.k_day")
        return Spec(sql: """
            WITH active AS (SELECT u.campus_id, count(*) AS n FROM users u WHERE u.active GROUP BY u.campus_id),
            -- per (group, employee) first: a parallel hash aggregate instead of sorting every order for count(DISTINCT)
            per_user AS (
                SELECT \(keys(grouping)), f.user_id,
                       count(*) FILTER (WHERE f.fulfilled) AS orders,
                       count(*) FILTER (WHERE f.fulfilled AND f.subsidy_cents > 0) AS subsidized_orders,
                       coalesce(sum(f.subsidy_cents) FILTER (WHERE f.fulfilled), 0) AS employer_cents,
                       coalesce(sum(f.total_cents) FILTER (WHERE f.fulfilled), 0) AS employee_cents
                FROM order_facts f
                WHERE \(inRange)
                GROUP BY 1, 2, 3, f.user_id
            ),
            agg AS (
                SELECT p.k_day, p.k_hour, p.k_id,
                       sum(p.orders)::bigint AS orders, sum(p.subsidized_orders)::bigint AS subsidized_orders,
                       sum(p.employer_cents)::bigint AS employer_cents, sum(p.employee_cents)::bigint AS employee_cents,
                       count(*) FILTER (WHERE p.orders > 0 AND u.active) AS participants
                FROM per_user p JOIN users u ON u.id = p.user_id
                GROUP BY p.k_day, p.k_hour, p.k_id
            )
            SELECT \(key), a.orders, a.subsidized_orders, a.employer_cents + a.employee_cents AS order_value_cents,
                   a.employer_cents, a.employee_cents,
                   round(100.0 * a.employer_cents / nullif(a.employer_cents + a.employee_cents, 0), 1) AS employer_share_pct,
                   round(a.employer_cents::numeric / nullif(a.orders, 0))::bigint AS cost_per_order_cents,
                   a.participants, s.active_users,
                   round(100.0 * a.participants / nullif(s.active_users, 0), 1) AS participation_pct
            FROM agg a \(join)
            CROSS JOIN LATERAL (SELECT \(activeUsers) AS active_users) s
            ORDER BY \(order)
            """, columns: [Column("orders", .int), Column("subsidized_orders", .int), Column("order_value_cents", .int),
                           Column("employer_cents", .int), Column("employee_cents", .int), Column("employer_share_pct", .double),
                           Column("cost_per_order_cents", .int), Column("participants", .int), Column("active_users", .int),
                           Column("participation_pct", .double)], settings: settings)
    }

    /// Per vendor with orders in range: orders, fulfilled, cancellation %, net revenue (as in `orders`),
    /// on-time % (as in `late-orders`), p95 prep seconds, no-shows and the vendor's current rating.
    static let vendorScorecard = Spec(sql: """
        WITH agg AS (
            SELECT f.vendor_id,
                   count(*) AS orders,
                   count(*) FILTER (WHERE f.fulfilled) AS fulfilled,
                   count(*) FILTER (WHERE f.status = 'CANCELLED') AS cancelled,
                   coalesce(sum(f.subtotal_cents + f.tax_cents + f.tip_cents - f.refunded_cents)
                            FILTER (WHERE f.fulfilled), 0) AS net_cents,
                   count(*) FILTER (WHERE f.ready_at <= f.promised_at) AS on_time,
                   count(*) FILTER (WHERE f.ready_at IS NOT NULL AND f.promised_at IS NOT NULL) AS promised,
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY f.prep_seconds) AS prep_p95,
                   count(*) FILTER (WHERE f.status = 'NO_SHOW') AS no_shows
            FROM order_facts f
            WHERE \(inRange)
            GROUP BY f.vendor_id
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

import Foundation

/// An employee signed in to the order API (an active `users` row).
public struct Employee: Sendable, Equatable {
    public let id: UUID
    public let email: String
}

/// What an employee's cancel did.
public enum EmployeeCancelOutcome: Sendable, Equatable {
    /// No such order of this employee (another employee's order looks exactly the same).
    case notFound
    /// The kitchen has started (or the order is over): employees cannot cancel it any more.
    case refused(status: String)
    /// Cancelled now (`changed`), or it already was.
    case cancelled(changed: Bool)
}

/// The order API's reads and writes for employees (`taco-jobs serve`, as a taco_jobs login). Every order query
/// filters by the employee id taken from the verified token, so another employee's order is a missing one.
/// Documents are built by PostgreSQL as JSON text (ids lower-case, times RFC 3339 UTC, money in `*_cents`).
public struct EmployeeOrderStore {
    let db: PostgresConnection
    public init(_ db: PostgresConnection) { self.db = db }

    /// The states an employee may still cancel from (before the kitchen starts).
    public static let cancellableStatuses = ["PENDING", "CONFIRMED"]

    private static func time(_ column: String) -> String {
        "to_char(\(column) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
    }

    /// The active employee a token names: by `okta_id` when the claim is `sub`, else by e-mail (case-insensitive).
    /// Two statements, not one with a CASE on the claim: each has a cached plan through its own index, where the
    /// CASE form was planned anew on every request.
    public func employee(identity: String, claim: String) throws -> Employee? {
        let match = claim == "sub" ? "okta_id = $1" : "lower(email) = lower($1)"
        guard let row = try db.queryFirst("SELECT id, email FROM users WHERE \(match) AND active AND hr_status = 'active'",
                                          [identity]) else { return nil }
        return Employee(id: try row.decode("id"), email: try row.decode("email"))
    }

    /// `GET /api/v1/users/me`: the employee's profile, campus and today's subsidy left.
    public func profile(_ employee: UUID) throws -> String {
        try db.scalar("""
            SELECT json_build_object(
                'id', u.id, 'email', u.email, 'given_name', u.given_name, 'family_name', u.family_name,
                'preferred_name', u.preferred_name, 'department_code', u.department_code, 'campus', c.code,
                'campus_id', c.id, 'meal_subsidy_cents', u.meal_subsidy_cents, 'subsidy_period', u.subsidy_period,
                'subsidy_used_today_cents', coalesce((
                    SELECT sum(o.subsidy_cents) FROM orders o
                    WHERE o.user_id = u.id AND o.subsidy_cents > 0 AND o.status <> 'CANCELLED'
                      AND o.placed_at >= date_trunc('day', now() AT TIME ZONE coalesce(c.time_zone, 'UTC'))
                                           AT TIME ZONE coalesce(c.time_zone, 'UTC')), 0)::bigint)::text
            FROM users u LEFT JOIN campuses c ON c.id = u.campus_id
            WHERE u.id = $1
            """, [employee])
    }

    /// `GET /api/v1/vendors`: approved vendors with at least one active truck, each truck with today's hours
    /// (`HH:MM-HH:MM CAMPUS`, campus-local) and its last known campus. Optionally only trucks scheduled today on
    /// `campus` (a code).
    public func vendors(campus: String?) throws -> String {
        try db.scalar("""
            WITH trucks_today AS (
                SELECT t.vendor_id, t.id, t.name,
                       (SELECT coalesce(json_agg(\(LocationServiceStore.todaysSlotText) ORDER BY s.start_local), '[]')
                        \(LocationServiceStore.todaysSlotsOfTruck)) AS hours,
                       (SELECT lc.code FROM truck_last_positions l JOIN campuses lc ON lc.id = l.campus_id
                        WHERE l.truck_id = t.id) AS last_campus
                FROM trucks t
                WHERE t.status = 'active'
                  AND ($1::text IS NULL OR EXISTS (
                        SELECT 1 FROM schedules s JOIN campuses sc ON sc.id = s.campus_id
                        WHERE s.truck_id = t.id AND sc.code = $1
                          AND s.weekday = extract(isodow FROM (now() AT TIME ZONE sc.time_zone))
                          AND (now() AT TIME ZONE sc.time_zone)::date BETWEEN s.valid_from AND coalesce(s.valid_until, 'infinity')))
            )
            SELECT coalesce(json_agg(json_build_object(
                       'id', v.id, 'slug', v.slug, 'name', v.name, 'rating', v.rating,
                       'trucks', (SELECT json_agg(json_build_object('id', tt.id, 'name', tt.name, 'hours_today', tt.hours,
                                                                    'campus', tt.last_campus) ORDER BY tt.name)
                                  FROM trucks_today tt WHERE tt.vendor_id = v.id))
                   ORDER BY v.name, v.id), '[]')::text
            FROM vendors v
            WHERE v.status = 'approved' AND EXISTS (SELECT 1 FROM trucks_today tt WHERE tt.vendor_id = v.id)
            """, [campus])
    }

    /// `GET /api/v1/vendors/{id}/menu`: the active menus of an approved vendor, each item with price, whether it
    /// can be ordered now, and its option groups and options; nil when there is no such approved vendor.
    public func menu(vendor: UUID) throws -> String? {
        try db.queryFirst("""
            SELECT json_build_object('vendor_id', v.id, 'vendor_name', v.name, 'menus', coalesce((
                SELECT json_agg(json_build_object('id', m.id, 'name', m.name, 'items', coalesce((
                    SELECT json_agg(json_build_object(
                        'id', mi.id, 'sku', mi.sku, 'name', mi.name, 'category', mi.category,
                        'description', mi.description, 'price_cents', mi.price_cents, 'prep_minutes', mi.prep_minutes,
                        'orderable', a.orderable,
                        'option_groups', coalesce((
                            SELECT json_agg(json_build_object(
                                'id', g.id, 'name', g.name, 'min_choices', g.min_choices, 'max_choices', g.max_choices,
                                'required', g.required, 'options', coalesce((
                                    SELECT json_agg(json_build_object('id', o.id, 'name', o.name,
                                                                      'price_delta_cents', o.price_delta_cents,
                                                                      'available', o.available) ORDER BY o.position, o.name)
                                    FROM options o WHERE o.group_id = g.id), '[]')) ORDER BY g.position, g.name)
                            FROM option_groups g WHERE g.item_id = mi.id), '[]'))
                        ORDER BY mi.position, mi.name)
                    FROM menu_items mi JOIN menu_item_availability a ON a.item_id = mi.id
                    WHERE mi.menu_id = m.id AND mi.available), '[]')) ORDER BY m.name)
                FROM menus m WHERE m.vendor_id = v.id AND m.active), '[]'))::text
            FROM vendors v WHERE v.id = $1 AND v.status = 'approved'
            """, [vendor])?.decode(at: 0, as: String.self)
    }

    /// `POST /api/v1/orders`: `OrderStore.place` for this employee (the request's user id comes from the token).
    public func place(_ request: OrderRequest) throws -> PlacedOrder {
        try OrderStore.place(db, request)
    }

    /// `GET /api/v1/orders/{id}`: one order of this employee with its lines and history; nil when it is not theirs.
    public func order(_ id: UUID, employee: UUID) throws -> String? {
        try db.queryFirst(Self.orderSQL, [id, employee])?.decode(at: 0, as: String.self)
    }

    static let orderSQL = """
        SELECT json_build_object(
            'id', o.id, 'status', o.status, 'vendor_id', o.vendor_id, 'vendor_name', v.name, 'truck_id', o.truck_id,
            'truck_name', t.name, 'campus', c.code, 'currency', o.currency,
            'subtotal_cents', o.subtotal_cents, 'tax_cents', o.tax_cents, 'tip_cents', o.tip_cents,
            'subsidy_cents', o.subsidy_cents, 'total_cents', o.total_cents,
            'special_requests', o.special_requests, 'cancel_reason', o.cancel_reason,
            'placed_at', \(time("o.placed_at")), 'promised_at', \(time("o.promised_at")),
            'status_changed_at', \(time("o.status_changed_at")),
            'items', coalesce((SELECT json_agg(json_build_object(
                              'sku', i.sku, 'name', i.name, 'quantity', i.quantity, 'unit_price_cents', i.unit_price_cents,
                              'line_total_cents', i.line_total_cents,
                              'options', coalesce((SELECT json_agg(io.name ORDER BY io.name)
                                                   FROM order_item_options io WHERE io.order_item_id = i.id), '[]'))
                              ORDER BY i.name, i.id)
                        FROM order_items i WHERE i.order_id = o.id), '[]'),
            'events', coalesce((SELECT json_agg(json_build_object('from', e.from_status, 'to', e.to_status,
                                                                  'reason', e.reason, 'at', \(time("e.at"))) ORDER BY e.id)
                         FROM order_events e WHERE e.order_id = o.id), '[]'))::text
        FROM orders o JOIN vendors v ON v.id = o.vendor_id JOIN trucks t ON t.id = o.truck_id
        JOIN campuses c ON c.id = o.campus_id
        WHERE o.id = $1 AND o.user_id = $2
        """

    /// `POST /api/v1/orders/{id}/cancel`: cancels this employee's order while it is PENDING or CONFIRMED (a captured
    /// payment gets its refund queued by the database, as for vendor cancels).
    public func cancel(_ id: UUID, employee: UUID, reason: String) throws -> EmployeeCancelOutcome {
        try db.transaction { tx in
            guard let row = try tx.queryFirst("SELECT vendor_id, status FROM orders WHERE id = $1 AND user_id = $2 FOR UPDATE",
                                              [id, employee]) else { return .notFound }
            let status: String = try row.decode("status")
            if status == "CANCELLED" { return .cancelled(changed: false) }
            guard Self.cancellableStatuses.contains(status) else { return .refused(status: status) }
            try tx.query("SELECT 1 FROM taco_cancel_order($1, $2, $3)", [try row.decode("vendor_id", as: UUID.self), id, reason])
            return .cancelled(changed: true)
        }
    }
}

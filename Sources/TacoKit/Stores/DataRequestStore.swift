import Foundation

/// The version of the `compliance export-user` document; bump it when a key changes meaning or disappears.
public let userExportFormatVersion = 1

/// What one `export-user` produced.
public struct UserExportResult: Sendable {
    public let requestID: UUID
    public let userID: UUID
    public let orders: Int
    public let hrChanges: Int
    public let auditEntries: Int
    public let bytes: Int
}

/// What one `erase-user` changed (or would change, with --dry-run).
public struct ErasureResult: Sendable {
    public let changed: Bool
    public let userID: UUID
    public let pseudonym: String
    public let requestID: UUID?
    public let erasedAt: Date
    public let ordersScrubbed: Int
    public let requestsPseudonymised: Int
    public let outboxDeleted: Int
    public let retainFinancialUntil: LocalDate?
}

/// One row of the CCPA request log.
public struct DataRequestRecord: Sendable {
    public let id: UUID
    public let kind: String
    public let subject: String
    public let userID: UUID?
    public let receivedAt: Date
    public let dueAt: Date
    public let completedAt: Date?
    public let actor: String
    public let notes: String?
    /// Open past its due date, or completed after it.
    public let overdue: Bool
}

/// CCPA data requests: export and erasure of one employee, and the request log.
public struct DataRequestStore {
    let db: PostgresConnection
    public init(_ db: PostgresConnection) { self.db = db }

    /// The user with this e-mail (case-insensitive); 65 naming the erasure when the e-mail belongs to an
    /// erased person, 65 when unknown.
    public func resolveUser(email: String) throws -> UUID {
        let trimmed = email.trimmingCharacters(in: .whitespaces)
        if let row = try db.queryFirst("SELECT id FROM users WHERE lower(email) = lower($1)", [trimmed]) {
            return try row.decode("id")
        }
        if let erased = try erasure(email: trimmed) {
            throw ToolError.data("the user with e-mail \"\(trimmed)\" was erased on \(Timestamp.rfc3339(erased.at)) (request \(erased.request.lowercasedText)); nothing identifying is stored",
                                 hint: "`taco-admin compliance requests list` shows the request")
        }
        throw ToolError.data("no user with e-mail \"\(trimmed)\"", hint: "e-mail addresses are matched case-insensitively")
    }

    /// The completed erase request for this e-mail, if the person was erased.
    func erasure(email: String) throws -> (request: UUID, user: UUID?, at: Date)? {
        guard let row = try db.queryFirst("""
            SELECT id, user_id, completed_at FROM data_requests
            WHERE kind = 'erase' AND subject_email = taco_subject_hash($1) AND completed_at IS NOT NULL
            ORDER BY completed_at LIMIT 1
            """, [email]) else { return nil }
        return (try row.decode("id"), try row.decode("user_id"), try row.decode("completed_at"))
    }

    /// Reads everything stored about the user, logs the request (kind export, completed) and hands the JSON
    /// document to `write`, all in one transaction: if writing fails, the request is not logged.
    public func exportUser(email: String, write: (Data) throws -> Void) throws -> UserExportResult {
        try db.transaction { tx in
            let userID = try DataRequestStore(tx).resolveUser(email: email)
            let requestID: UUID = try tx.scalar("""
                INSERT INTO data_requests (kind, subject_email, user_id, completed_at, notes)
                SELECT 'export', u.email, u.id, now(), $2 FROM users u WHERE u.id = $1 RETURNING id
                """, [userID, "format tacotracker.user-export v\(userExportFormatVersion)"])
            let row = try tx.queryFirst(Self.exportSQL, [userID, requestID, userExportFormatVersion])
            guard let row else { throw ToolError.data("user \(userID) disappeared during the export") }
            let document: String = try row.decode("document")
            try tx.query("SELECT taco_audit('DATA_EXPORT', 'users', $1, NULL, jsonb_build_object('request_id', $2::text))",
                         [userID.lowercasedText, requestID.lowercasedText])
            let data = Data((document + "\n").utf8)
            try write(data)
            return UserExportResult(requestID: requestID, userID: userID, orders: try row.decode("orders"),
                                    hrChanges: try row.decode("hr_changes"), auditEntries: try row.decode("audit_entries"),
                                    bytes: data.count)
        }
    }

    /// Pseudonymises the user (see `taco_erase_user` in migration 0019); with `dryRun`, reports and rolls back.
    public func eraseUser(email: String, retentionYears: Int, dryRun: Bool) throws -> ErasureResult {
        struct RollBack: Error { let result: ErasureResult }
        let trimmed = email.trimmingCharacters(in: .whitespaces)
        do {
            return try db.transaction { tx in
                let userID: UUID
                if let row = try tx.queryFirst("SELECT id FROM users WHERE lower(email) = lower($1)", [trimmed]) {
                    userID = try row.decode("id")
                } else if let erased = try DataRequestStore(tx).erasure(email: trimmed), let user = erased.user {
                    userID = user
                } else {
                    throw ToolError.data("no user with e-mail \"\(trimmed)\"", hint: "e-mail addresses are matched case-insensitively")
                }
                let row = try tx.queryFirst("""
                    SELECT (r ->> 'changed')::boolean AS changed, (r ->> 'user_id')::uuid AS user_id, r ->> 'pseudonym' AS pseudonym,
                           (r ->> 'request_id')::uuid AS request_id, (r ->> 'erased_at')::timestamptz AS erased_at,
                           (r ->> 'orders_scrubbed')::int AS orders_scrubbed,
                           (r ->> 'requests_pseudonymised')::int AS requests_pseudonymised,
                           (r ->> 'outbox_deleted')::int AS outbox_deleted,
                           (r ->> 'retain_financial_until')::date::text AS retain_until
                    FROM taco_erase_user($1, $2) AS r
                    """, [userID, retentionYears])
                guard let row else { throw ToolError.data("erasure of user \(userID) returned nothing") }
                let retain: String? = try row.decode("retain_until")
                let result = ErasureResult(
                    changed: try row.decode("changed"), userID: try row.decode("user_id"), pseudonym: try row.decode("pseudonym"),
                    requestID: try row.decode("request_id"), erasedAt: try row.decode("erased_at"),
                    ordersScrubbed: try row.decode("orders_scrubbed"), requestsPseudonymised: try row.decode("requests_pseudonymised"),
                    outboxDeleted: try row.decode("outbox_deleted"), retainFinancialUntil: retain.flatMap(LocalDate.init))
                if dryRun { throw RollBack(result: result) }
                return result
            }
        } catch let rollBack as RollBack {
            return rollBack.result
        }
    }

    /// The request log, oldest first; `openOnly` leaves out completed requests.
    public func requests(openOnly: Bool) throws -> [DataRequestRecord] {
        try db.query("""
            SELECT id, kind, subject_email, user_id, received_at, due_at, completed_at, actor, notes,
                   coalesce(completed_at, now()) > due_at AS overdue
            FROM data_requests
            WHERE NOT $1 OR completed_at IS NULL
            ORDER BY received_at, id
            """, [openOnly]).map { row in
            DataRequestRecord(id: try row.decode("id"), kind: try row.decode("kind"), subject: try row.decode("subject_email"),
                              userID: try row.decode("user_id"), receivedAt: try row.decode("received_at"),
                              dueAt: try row.decode("due_at"), completedAt: try row.decode("completed_at"),
                              actor: try row.decode("actor"), notes: try row.decode("notes"), overdue: try row.decode("overdue"))
        }
    }

    /// One statement, so the document is one consistent snapshot. json_build_object keeps key order.
    static let exportSQL = """
        WITH u AS (SELECT * FROM users WHERE id = $1),
        my_orders AS (SELECT o.* FROM orders o WHERE o.user_id = $1),
        my_refunds AS (SELECT r.* FROM refunds r JOIN my_orders o ON o.id = r.order_id),
        hr AS (
            SELECT a.* FROM audit_log a
            WHERE a.table_name = 'users' AND a.row_key = $1::uuid::text AND a.action IN ('INSERT', 'UPDATE', 'DELETE')),
        other_audit AS (
            SELECT a.* FROM audit_log a
            WHERE (a.table_name = 'users' AND a.row_key = $1::uuid::text AND a.action NOT IN ('INSERT', 'UPDATE', 'DELETE'))
               OR (a.table_name = 'orders' AND a.row_key IN (SELECT id::text FROM my_orders))
               OR (a.table_name = 'refunds' AND a.row_key IN (SELECT id::text FROM my_refunds)))
        SELECT (SELECT count(*) FROM my_orders)::int AS orders,
               (SELECT count(*) FROM hr)::int AS hr_changes,
               (SELECT count(*) FROM other_audit)::int AS audit_entries,
               json_build_object(
            'format', 'tacotracker.user-export',
            'version', $3::int,
            'generated_at', taco_rfc3339(now()),
            'request_id', $2::uuid::text,
            'subject', (SELECT json_build_object(
                'user_id', u.id::text, 'worker_id', u.worker_id, 'employee_id', u.employee_id, 'okta_id', u.okta_id,
                'email', u.email, 'given_name', u.given_name, 'family_name', u.family_name,
                'preferred_name', u.preferred_name, 'department_code', u.department_code,
                'department_name', (SELECT d.name FROM departments d WHERE d.code = u.department_code),
                'campus_code', (SELECT c.code FROM campuses c WHERE c.id = u.campus_id),
                'job_title', u.job_title, 'manager_worker_id', u.manager_worker_id,
                'meal_subsidy_cents', u.meal_subsidy_cents, 'subsidy_period', u.subsidy_period,
                'active', u.active, 'hr_status', u.hr_status, 'deactivated_at', taco_rfc3339(u.deactivated_at),
                'source', u.source, 'last_hr_sync_at', taco_rfc3339(u.last_hr_sync_at),
                'created_at', taco_rfc3339(u.created_at), 'updated_at', taco_rfc3339(u.updated_at)) FROM u),
            'orders', (SELECT coalesce(json_agg(json_build_object(
                'order_id', o.id::text, 'vendor_slug', v.slug, 'vendor_name', v.name, 'truck_name', t.name,
                'campus_code', c.code, 'status', o.status, 'customer_display_name', o.customer_display_name,
                'special_requests', o.special_requests, 'currency', o.currency,
                'subtotal_cents', o.subtotal_cents, 'tax_cents', o.tax_cents, 'tip_cents', o.tip_cents,
                'subsidy_cents', o.subsidy_cents, 'total_cents', o.total_cents,
                'promised_at', taco_rfc3339(o.promised_at), 'placed_at', taco_rfc3339(o.placed_at),
                'status_changed_at', taco_rfc3339(o.status_changed_at), 'cancel_reason', o.cancel_reason,
                'items', (SELECT coalesce(json_agg(json_build_object(
                        'sku', i.sku, 'name', i.name, 'quantity', i.quantity, 'unit_price_cents', i.unit_price_cents,
                        'line_total_cents', i.line_total_cents,
                        'options', (SELECT coalesce(json_agg(json_build_object('name', io.name, 'price_delta_cents', io.price_delta_cents)
                                                             ORDER BY io.name, io.id), '[]'::json)
                                    FROM order_item_options io WHERE io.order_item_id = i.id))
                        ORDER BY i.sku, i.id), '[]'::json)
                    FROM order_items i WHERE i.order_id = o.id),
                'events', (SELECT coalesce(json_agg(json_build_object(
                        'from_status', e.from_status, 'to_status', e.to_status, 'reason', e.reason, 'at', taco_rfc3339(e.at))
                        ORDER BY e.id), '[]'::json)
                    FROM order_events e WHERE e.order_id = o.id),
                'payments', (SELECT coalesce(json_agg(json_build_object(
                        'payment_id', p.id::text, 'stripe_payment_intent_id', p.stripe_payment_intent_id,
                        'amount_cents', p.amount_cents, 'currency', p.currency, 'status', p.status, 'at', taco_rfc3339(p.at))
                        ORDER BY p.at, p.id), '[]'::json)
                    FROM payments p WHERE p.order_id = o.id),
                'refunds', (SELECT coalesce(json_agg(json_build_object(
                        'refund_id', r.id::text, 'amount_cents', r.amount_cents, 'reason', r.reason, 'status', r.status,
                        'stripe_refund_id', r.stripe_refund_id, 'created_at', taco_rfc3339(r.created_at))
                        ORDER BY r.created_at, r.id), '[]'::json)
                    FROM my_refunds r WHERE r.order_id = o.id))
                ORDER BY o.placed_at, o.id), '[]'::json)
                FROM my_orders o JOIN vendors v ON v.id = o.vendor_id JOIN trucks t ON t.id = o.truck_id
                JOIN campuses c ON c.id = o.campus_id),
            'hr_history', (SELECT coalesce(json_agg(json_build_object(
                'audit_id', a.id::text, 'at', taco_rfc3339(a.at), 'actor', a.actor, 'action', a.action,
                'source', coalesce(a.new_data ->> 'source', a.old_data ->> 'source'),
                'changed_fields', (SELECT coalesce(json_agg(k ORDER BY k), '[]'::json) FROM (
                    SELECT k FROM jsonb_object_keys(coalesce(a.new_data, '{}') || coalesce(a.old_data, '{}')) AS k
                    WHERE k <> 'updated_at' AND (a.old_data -> k) IS DISTINCT FROM (a.new_data -> k)) AS keys),
                'old_data', a.old_data, 'new_data', a.new_data) ORDER BY a.id), '[]'::json) FROM hr a),
            'audit_entries', (SELECT coalesce(json_agg(json_build_object(
                'audit_id', a.id::text, 'at', taco_rfc3339(a.at), 'actor', a.actor, 'action', a.action,
                'table_name', a.table_name, 'row_key', a.row_key, 'old_data', a.old_data, 'new_data', a.new_data)
                ORDER BY a.id), '[]'::json) FROM other_audit a),
            'data_requests', (SELECT coalesce(json_agg(json_build_object(
                'request_id', d.id::text, 'kind', d.kind, 'received_at', taco_rfc3339(d.received_at),
                'due_at', taco_rfc3339(d.due_at), 'completed_at', taco_rfc3339(d.completed_at))
                ORDER BY d.received_at, d.id), '[]'::json)
                FROM data_requests d WHERE d.user_id = $1 AND d.id <> $2::uuid)
        )::text AS document
        """
}

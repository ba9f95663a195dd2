import Foundation

/// A vendor a payout run considers.
public struct PayoutVendor: Sendable, Equatable {
    public let id: UUID
    public let slug: String
    public let name: String
    public let stripeAccountID: String?
}

/// A payout row as stored (one per vendor × period).
public struct PayoutRecord: Sendable, Equatable {
    public let id: UUID
    public let vendorID: UUID
    public let vendorSlug: String
    public let periodStart: LocalDate
    public let periodEnd: LocalDate
    public let currency: String
    public let orderCount: Int
    public let grossCents: Int
    public let taxCents: Int
    public let tipCents: Int
    public let subsidyCents: Int
    public let refundCents: Int
    public let feeCents: Int
    public let feeBasisPoints: Int
    public let carryInCents: Int
    public let netCents: Int
    public let status: PayoutState
    public let destination: String?
    public let stripeTransferID: String?
    public let idempotencyKey: String
    public let failureCode: String?
    public let attempts: Int
    public let carriedInto: UUID?
    public let createdAt: Date
    public let submittedAt: Date?
    public let paidAt: Date?
}

/// One stored payout item.
public struct PayoutItemRecord: Sendable, Equatable {
    public let kind: String
    public let orderID: UUID
    public let refundID: UUID?
    public let placedAt: Date?
    public let grossCents: Int
    public let taxCents: Int
    public let tipCents: Int
    public let subsidyCents: Int
    public let feeCents: Int
    public let amountCents: Int
}

/// Which payouts a listing shows.
public struct PayoutFilter: Sendable {
    public var vendorID: UUID?
    public var vendorSlug: String?
    public var status: PayoutState?
    public var periodKind: PayoutPeriod.Kind?
    public var periodEnd: LocalDate?
    public init(vendorID: UUID? = nil, vendorSlug: String? = nil, status: PayoutState? = nil,
                periodKind: PayoutPeriod.Kind? = nil, periodEnd: LocalDate? = nil) {
        self.vendorID = vendorID
        self.vendorSlug = vendorSlug
        self.status = status
        self.periodKind = periodKind
        self.periodEnd = periodEnd
    }
}

/// Payouts and payout items: planning (set-based reads, bulk item inserts) and the transfer state machine.
public struct PayoutStore {
    let db: PostgresConnection
    public init(_ db: PostgresConnection) { self.db = db }

    // MARK: planning

    /// Approved vendors (one when `slug` is given), with their Stripe account if any.
    public func approvedVendors(slug: String?) throws -> [PayoutVendor] {
        try db.query("""
            SELECT id, slug, name, stripe_account_id FROM vendors
            WHERE status = 'approved' AND ($1::text IS NULL OR slug = $1)
            ORDER BY slug
            """, [slug]).map { row in
            PayoutVendor(id: try row.decode("id"), slug: try row.decode("slug"), name: try row.decode("name"),
                         stripeAccountID: try row.decode("stripe_account_id"))
        }
    }

    /// Whether a vendor with this slug exists at all (to tell "unknown" from "not approved").
    public func vendorStatus(slug: String) throws -> String? {
        try db.queryFirst("SELECT status FROM vendors WHERE slug = $1", [slug]).map { try $0.decode("status") }
    }

    /// Completed orders of `vendorIDs` completed within the period and not in any payout yet, by vendor.
    public func completedOrders(vendorIDs: [UUID], period: PayoutPeriod) throws -> [UUID: [PayoutOrder]] {
        var byVendor: [UUID: [PayoutOrder]] = [:]
        guard !vendorIDs.isEmpty else { return byVendor }
        for row in try db.query("""
            SELECT o.id, o.vendor_id, o.subtotal_cents, o.tax_cents, o.tip_cents, o.subsidy_cents
            FROM orders o
            WHERE o.vendor_id = ANY($1::uuid[]) AND o.status = 'COMPLETED'
              AND o.status_changed_at >= $2 AND o.status_changed_at < $3
              AND NOT EXISTS (SELECT 1 FROM payout_items pi WHERE pi.order_id = o.id AND pi.kind = 'order')
            ORDER BY o.vendor_id, o.status_changed_at, o.id
            """, [vendorIDs.map(\.postgresText), period.startInstant, period.endInstant]) {
            let vendor: UUID = try row.decode("vendor_id")
            byVendor[vendor, default: []].append(PayoutOrder(
                id: try row.decode("id"), subtotalCents: try row.decode("subtotal_cents"), taxCents: try row.decode("tax_cents"),
                tipCents: try row.decode("tip_cents"), subsidyCents: try row.decode("subsidy_cents")))
        }
        return byVendor
    }

    /// Succeeded refunds created before the period's end and not deducted yet, whose order was paid out in an
    /// earlier payout or is among `ordersNow` (paid out in this run), by vendor.
    public func refundsDue(vendorIDs: [UUID], period: PayoutPeriod, ordersNow: Set<UUID>) throws -> [UUID: [PayoutRefund]] {
        var byVendor: [UUID: [PayoutRefund]] = [:]
        guard !vendorIDs.isEmpty else { return byVendor }
        for row in try db.query("""
            SELECT r.id, r.order_id, r.vendor_id, r.amount_cents,
                   EXISTS (SELECT 1 FROM payout_items pi WHERE pi.order_id = r.order_id AND pi.kind = 'order') AS order_paid
            FROM refunds r
            WHERE r.vendor_id = ANY($1::uuid[]) AND r.status = 'succeeded' AND r.created_at < $2
              AND NOT EXISTS (SELECT 1 FROM payout_items pi WHERE pi.refund_id = r.id)
            ORDER BY r.vendor_id, r.created_at, r.id
            """, [vendorIDs.map(\.postgresText), period.endInstant]) {
            let orderID: UUID = try row.decode("order_id")
            let paid: Bool = try row.decode("order_paid")
            guard paid || ordersNow.contains(orderID) else { continue }
            let vendor: UUID = try row.decode("vendor_id")
            byVendor[vendor, default: []].append(PayoutRefund(id: try row.decode("id"), orderID: orderID,
                                                              amountCents: try row.decode("amount_cents")))
        }
        return byVendor
    }

    /// Vendors' payouts of this exact period that already exist.
    public func existing(period: PayoutPeriod, vendorIDs: [UUID]) throws -> [UUID: PayoutRecord] {
        var result: [UUID: PayoutRecord] = [:]
        for record in try list(PayoutFilter(), exactPeriod: period, vendorIDs: vendorIDs) { result[record.vendorID] = record }
        return result
    }

    /// Net amounts of earlier carried-over payouts not yet folded into a later one, by vendor.
    public func pendingCarry(vendorIDs: [UUID]) throws -> [UUID: (cents: Int, payouts: [UUID])] {
        var result: [UUID: (cents: Int, payouts: [UUID])] = [:]
        guard !vendorIDs.isEmpty else { return result }
        for row in try db.query("""
            SELECT vendor_id, id, net_cents FROM payouts
            WHERE vendor_id = ANY($1::uuid[]) AND status = 'carried_over' AND carried_into IS NULL
            ORDER BY vendor_id, period_end
            """, [vendorIDs.map(\.postgresText)]) {
            let vendor: UUID = try row.decode("vendor_id")
            let net: Int = try row.decode("net_cents")
            var entry = result[vendor] ?? (0, [])
            entry.cents += net
            entry.payouts.append(try row.decode("id"))
            result[vendor] = entry
        }
        return result
    }

    /// Inserts the payout for vendor × period with its items and folds in carried-over payouts. Returns nil when
    /// the payout already existed (nothing written: the unique key decides, not a prior read).
    public func insert(vendor: PayoutVendor, period: PayoutPeriod, statement: PayoutStatement, carried: [UUID],
                       currency: String = "USD") throws -> UUID? {
        let state: PayoutState = statement.needsTransfer ? .planned : .carriedOver
        guard let row = try db.queryFirst("""
            INSERT INTO payouts (id, vendor_id, period_start, period_end, currency, gross_cents, tax_cents, tip_cents,
                                 subsidy_cents, refund_cents, fee_cents, net_cents, status, idempotency_key,
                                 fee_bps, destination, order_count, carry_in_cents)
            SELECT g.id, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'payout-' || g.id, $13, $14, $15, $16
            FROM (SELECT gen_random_uuid() AS id) g
            ON CONFLICT (vendor_id, period_start, period_end) DO NOTHING
            RETURNING id
            """, [vendor.id, period.start, period.end, currency, statement.grossCents, statement.taxCents, statement.tipCents,
                  statement.subsidyCents, statement.refundCents, statement.feeCents, statement.netCents, state.rawValue,
                  statement.feeBasisPoints, vendor.stripeAccountID, statement.orderCount, statement.carryInCents]) else { return nil }
        let payoutID: UUID = try row.decode("id")
        if !statement.lines.isEmpty {
            let lines = statement.lines
            try db.query("""
                INSERT INTO payout_items (payout_id, vendor_id, order_id, kind, refund_id, fee_cents, amount_cents)
                SELECT $1, $2, u.order_id, u.kind, NULLIF(u.refund_id, '')::uuid, u.fee_cents, u.amount_cents
                FROM unnest($3::uuid[], $4::text[], $5::text[], $6::bigint[], $7::bigint[])
                     AS u (order_id, kind, refund_id, fee_cents, amount_cents)
                """, [payoutID, vendor.id, lines.map(\.orderID.postgresText), lines.map(\.kind.rawValue),
                      lines.map { $0.refundID?.postgresText ?? "" }, lines.map { String($0.feeCents) },
                      lines.map { String($0.amountCents) }])
        }
        if !carried.isEmpty {
            try db.query("""
                UPDATE payouts SET carried_into = $1
                WHERE id = ANY($2::uuid[]) AND vendor_id = $3 AND status = 'carried_over' AND carried_into IS NULL
                """, [payoutID, carried.map(\.postgresText), vendor.id])
        }
        return payoutID
    }

    // MARK: the transfer state machine

    /// Open payouts (not paid, not carried over) of one period, oldest vendor slug first.
    public func open(period: PayoutPeriod, vendorIDs: [UUID]?) throws -> [PayoutRecord] {
        try list(PayoutFilter(), exactPeriod: period, vendorIDs: vendorIDs).filter { $0.status.isOpen }
    }

    /// planned|failed|unknown|submitted → submitted, attempts + 1, with the idempotency key for this attempt.
    /// Committed before the HTTP call, so a crash leaves evidence that a transfer may exist.
    public func markSubmitted(_ id: UUID, idempotencyKey: String) throws {
        try db.query("""
            UPDATE payouts SET status = 'submitted', attempts = attempts + 1, idempotency_key = $2,
                               submitted_at = now(), failure_code = NULL
            WHERE id = $1 AND status IN ('planned', 'failed', 'unknown', 'submitted')
            """, [id, idempotencyKey])
    }

    /// → paid with the transfer id (from a response or a lookup).
    public func markPaid(_ id: UUID, transferID: String) throws {
        try db.query("""
            UPDATE payouts SET status = 'paid', stripe_transfer_id = $2, paid_at = now(), failure_code = NULL
            WHERE id = $1 AND status <> 'paid'
            """, [id, transferID])
    }

    /// → failed (Stripe refused: nothing created) or unknown (no answer: a transfer may exist), with a code.
    public func mark(_ id: UUID, _ state: PayoutState, failureCode: String?) throws {
        precondition(state == .failed || state == .unknown, "only failed or unknown here")
        try db.query("""
            UPDATE payouts SET status = $2, failure_code = $3
            WHERE id = $1 AND status <> 'paid' AND (status, failure_code) IS DISTINCT FROM ($2, $3)
            """, [id, state.rawValue, failureCode])
    }

    // MARK: reading

    /// Payouts matching `filter` (plus an exact period or vendor set when given), newest period first.
    public func list(_ filter: PayoutFilter, exactPeriod: PayoutPeriod? = nil, vendorIDs: [UUID]? = nil) throws -> [PayoutRecord] {
        let days: Int? = filter.periodKind.map { $0 == .day ? 1 : 7 }
        return try db.query("""
            SELECT p.*, v.slug AS vendor_slug FROM payouts p JOIN vendors v ON v.id = p.vendor_id
            WHERE ($1::uuid IS NULL OR p.vendor_id = $1)
              AND ($2::text IS NULL OR v.slug = $2)
              AND ($3::text IS NULL OR p.status = $3)
              AND ($4::int IS NULL OR p.period_end - p.period_start + 1 = $4)
              AND ($5::date IS NULL OR p.period_end = $5)
              AND ($6::date IS NULL OR (p.period_start = $6 AND p.period_end = $7))
              AND ($8::uuid[] IS NULL OR p.vendor_id = ANY($8::uuid[]))
            ORDER BY p.period_end DESC, v.slug
            """, [filter.vendorID, filter.vendorSlug, filter.status?.rawValue, days, filter.periodEnd,
                  exactPeriod?.start, exactPeriod?.end, vendorIDs?.map(\.postgresText)]).map(Self.record)
    }

    /// One payout, limited to `vendorID` when given (another vendor's payout looks like a missing one).
    public func find(_ id: UUID, vendorID: UUID?) throws -> PayoutRecord? {
        try db.queryFirst("""
            SELECT p.*, v.slug AS vendor_slug FROM payouts p JOIN vendors v ON v.id = p.vendor_id
            WHERE p.id = $1 AND ($2::uuid IS NULL OR p.vendor_id = $2)
            """, [id, vendorID]).map(Self.record)
    }

    /// A payout's items with each order's amounts (orders first, then refunds).
    public func items(payoutID: UUID, vendorID: UUID) throws -> [PayoutItemRecord] {
        try db.query("""
            SELECT pi.kind, pi.order_id, pi.refund_id, pi.fee_cents, pi.amount_cents, o.placed_at,
                   CASE WHEN pi.kind = 'order' THEN o.subtotal_cents ELSE 0 END AS gross_cents,
                   CASE WHEN pi.kind = 'order' THEN o.tax_cents ELSE 0 END AS tax_cents,
                   CASE WHEN pi.kind = 'order' THEN o.tip_cents ELSE 0 END AS tip_cents,
                   CASE WHEN pi.kind = 'order' THEN o.subsidy_cents ELSE 0 END AS subsidy_cents
            FROM payout_items pi LEFT JOIN orders o ON o.id = pi.order_id AND o.vendor_id = pi.vendor_id
            WHERE pi.payout_id = $1 AND pi.vendor_id = $2
            ORDER BY pi.kind, pi.id
            """, [payoutID, vendorID]).map { row in
            PayoutItemRecord(kind: try row.decode("kind"), orderID: try row.decode("order_id"), refundID: try row.decode("refund_id"),
                             placedAt: try row.decode("placed_at"), grossCents: try row.decode("gross_cents"),
                             taxCents: try row.decode("tax_cents"), tipCents: try row.decode("tip_cents"),
                             subsidyCents: try row.decode("subsidy_cents"), feeCents: try row.decode("fee_cents"),
                             amountCents: try row.decode("amount_cents"))
        }
    }

    static func record(_ row: PostgresRow) throws -> PayoutRecord {
        PayoutRecord(
            id: try row.decode("id"), vendorID: try row.decode("vendor_id"), vendorSlug: try row.decode("vendor_slug"),
            periodStart: try row.decode("period_start"), periodEnd: try row.decode("period_end"),
            currency: try row.decode("currency"), orderCount: try row.decode("order_count"),
            grossCents: try row.decode("gross_cents"), taxCents: try row.decode("tax_cents"), tipCents: try row.decode("tip_cents"),
            subsidyCents: try row.decode("subsidy_cents"), refundCents: try row.decode("refund_cents"),
            feeCents: try row.decode("fee_cents"), feeBasisPoints: try row.decode("fee_bps"),
            carryInCents: try row.decode("carry_in_cents"), netCents: try row.decode("net_cents"),
            status: PayoutState(rawValue: try row.decode("status")) ?? .unknown, destination: try row.decode("destination"),
            stripeTransferID: try row.decode("stripe_transfer_id"), idempotencyKey: try row.decode("idempotency_key"),
            failureCode: try row.decode("failure_code"), attempts: try row.decode("attempts"),
            carriedInto: try row.decode("carried_into"), createdAt: try row.decode("created_at"),
            submittedAt: try row.decode("submitted_at"), paidAt: try row.decode("paid_at"))
    }
}

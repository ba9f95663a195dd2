import Crypto
import Foundation

/// One line of an order as the kitchen sees it.
public struct OrderLine: Sendable, Equatable, Decodable {
    public let sku: String
    public let name: String
    public let quantity: Int
    public let options: [String]
}

/// An open order in a truck's queue.
public struct QueuedOrder: Sendable, Equatable {
    public let id: UUID
    public let truckID: UUID
    public let truckName: String
    public let status: OrderStatus
    public let customer: String
    public let specialRequests: String?
    public let placedAt: Date
    public let promisedAt: Date?
    public let statusChangedAt: Date
    /// Seconds since the order was placed, measured by the server.
    public let ageSeconds: Int
    public let totalCents: Int64
    /// The lines as the server rendered them (a JSON array of {sku, name, quantity, options}); JSON output passes
    /// it through unparsed.
    public let linesJSON: String

    /// The lines, decoded from `linesJSON` (only when needed: decoding 200 orders costs more than rendering them).
    public var lines: [OrderLine] {
        get throws { try OrderLine.decodeArray(linesJSON) }
    }

    init(row: PostgresRow) throws {
        id = try row.decode("id")
        truckID = try row.decode("truck_id")
        truckName = try row.decode("truck_name")
        status = try OrderStatus.decode(row)
        customer = try row.decode("customer_display_name")
        specialRequests = try row.decode("special_requests")
        placedAt = try row.decode("placed_at")
        promisedAt = try row.decode("promised_at")
        statusChangedAt = try row.decode("status_changed_at")
        ageSeconds = try row.decode("age_seconds")
        totalCents = try row.decode("total_cents")
        linesJSON = try row.decode("items")
    }
}

/// One recorded status change.
public struct OrderEvent: Sendable, Equatable, Decodable {
    public let from: String?
    public let to: String
    public let actor: String
    public let reason: String?
    public let at: String
}

/// Everything about one order that its vendor may see.
public struct OrderDetail: Sendable, Equatable {
    public let order: QueuedOrder
    public let campusCode: String
    public let subtotalCents: Int64
    public let taxCents: Int64
    public let tipCents: Int64
    public let subsidyCents: Int64
    public let cancelReason: String?
    public let events: [OrderEvent]
    /// The events as the server rendered them (a JSON array of {from, to, actor, reason, at}).
    public let eventsJSON: String
}

/// What a status change did.
public struct OrderTransitionResult: Sendable, Equatable {
    public let id: UUID
    public let from: OrderStatus
    public let status: OrderStatus
    /// False when the order was already in the target state (someone else got there first): nothing was written.
    public let changed: Bool
    public let at: Date
    /// Who made the last change (the login), from the order's events.
    public let actor: String?
    /// The outbox job that refunds a captured payment (cancel only).
    public let refundJobID: Int64?
    public let refundCents: Int64?
}

extension OrderStatus {
    static func decode(_ row: PostgresRow, column: String = "status") throws -> OrderStatus {
        let raw: String = try row.decode(column)
        guard let status = OrderStatus(rawValue: raw) else {
            throw PostgresError(kind: .decoding, message: "unknown order status \"\(raw)\"")
        }
        return status
    }
}

extension OrderLine {
    static func decodeArray(_ json: String) throws -> [OrderLine] {
        do {
            return try JSONDecoder().decode([OrderLine].self, from: Data(json.utf8))
        } catch {
            throw PostgresError(kind: .decoding, message: "cannot decode order lines: \(error)")
        }
    }
}

/// Orders of one vendor: the live queue, one order, status changes. Every query filters by the scope's vendor as
/// well as by row-level security; another vendor's order is reported exactly like a missing one.
public struct OrderStore {
    let db: PostgresConnection
    let scope: VendorScope

    public init(_ db: PostgresConnection, scope: VendorScope) {
        self.db = db
        self.scope = scope
    }

    /// The statuses the queue shows. PENDING orders (placed, payment not yet confirmed) are left out unless asked
    /// for: the kitchen cannot start them (start needs CONFIRMED) and most become CONFIRMED within seconds.
    public static func queueStatuses(includePending: Bool) -> [OrderStatus] {
        includePending ? [.pending, .confirmed, .preparing, .ready] : [.confirmed, .preparing, .ready]
    }

    /// The open orders in ONE query (lines and options aggregated by the server), oldest promised pickup first
    /// (then oldest placed). `truck` nil: every truck of the vendor.
    static let queueSQL = "SELECT " + queueColumns + """
         FROM orders o
        JOIN trucks t ON t.id = o.truck_id
        WHERE o.vendor_id = $1 AND ($2::uuid IS NULL OR o.truck_id = $2) AND o.status = ANY($3::text[])
        ORDER BY o.promised_at NULLS LAST, o.placed_at, o.id
        """

    static let queueColumns = """
        o.id, o.truck_id, t.name AS truck_name, o.status, o.customer_display_name, o.special_requests,
               o.placed_at, o.promised_at, o.status_changed_at, o.total_cents,
               floor(extract(epoch FROM now() - o.placed_at))::bigint AS age_seconds,
               coalesce((SELECT json_agg(json_build_object(
                                 'sku', i.sku, 'name', i.name, 'quantity', i.quantity,
                                 'options', coalesce((SELECT json_agg(io.name ORDER BY io.name)
                                                      FROM order_item_options io WHERE io.order_item_id = i.id), '[]'))
                                 ORDER BY i.name, i.id)
                         FROM order_items i WHERE i.order_id = o.id), '[]') AS items
        """

    /// The truck named by id or name (case-insensitive) and its queue, in the same single round trip: a truck that
    /// does not exist (or is another vendor's) gives no row at all, a truck without open orders one row of NULLs.
    static let truckQueueSQL = """
        WITH pick AS (
            SELECT tr.id FROM trucks tr
            WHERE tr.vendor_id = $1 AND (tr.id = $2 OR lower(tr.name) = lower($4))
            ORDER BY (tr.id = $2) DESC NULLS LAST, tr.name
            LIMIT 1)
        SELECT q.* FROM pick LEFT JOIN LATERAL (
            SELECT \(queueColumns)
            FROM orders o JOIN trucks t ON t.id = o.truck_id
            WHERE o.vendor_id = $1 AND o.truck_id = pick.id AND o.status = ANY($3::text[])) q ON true
        ORDER BY q.promised_at NULLS LAST, q.placed_at, q.id
        """

    /// The queue of the session's own vendor's truck in ONE round trip, without resolving the scope first: the vendor
    /// is the vendor_members row of session_user, in the same query. Returns nil when that finds nothing (not a vendor
    /// login, no such truck, or an empty queue): the caller then resolves the scope for the precise answer.
    public static func ownQueue(_ db: PostgresConnection, truckReference reference: String, includePending: Bool) throws -> [QueuedOrder]? {
        let result = try db.query(ownTruckQueueSQL, [UUID(uuidString: reference), queueStatuses(includePending: includePending).map(\.rawValue),
                                                     reference])
        let orders = try result.map(QueuedOrder.init(row:))
        return orders.isEmpty ? nil : orders
    }

    // The vendor and the truck are InitPlans, evaluated once: as joined CTEs the planner re-ran the truck lookup for
    // every order row, and a fresh session (every CLI run) also paid more planning for them (EXPLAIN ANALYZE:
    // 3.5 ms → 2.9 ms on the 200-order benchmark).
    static let ownTruckQueueSQL = """
        SELECT \(queueColumns)
        FROM orders o JOIN trucks t ON t.id = o.truck_id
        WHERE o.vendor_id = (SELECT vm.vendor_id FROM vendor_members vm WHERE vm.login = session_user)
          AND o.truck_id = (SELECT tr.id FROM trucks tr
                            WHERE tr.vendor_id = (SELECT vm.vendor_id FROM vendor_members vm WHERE vm.login = session_user)
                              AND (tr.id = $1 OR lower(tr.name) = lower($3))
                            ORDER BY (tr.id = $1) DESC NULLS LAST, tr.name
                            LIMIT 1)
          AND o.status = ANY($2::text[])
        ORDER BY o.promised_at NULLS LAST, o.placed_at, o.id
        """

    /// The live queue of one truck (or all), oldest promised pickup first.
    public func queue(truck: UUID?, includePending: Bool = false) throws -> [QueuedOrder] {
        try db.query(Self.queueSQL, [scope.vendorID, truck, Self.queueStatuses(includePending: includePending).map(\.rawValue)])
            .map(QueuedOrder.init(row:))
    }

    /// The live queue of the truck named by id or name, resolved in the same query (one round trip instead of two).
    /// Another vendor's truck is reported exactly like a missing one.
    public func queue(truckReference reference: String, includePending: Bool = false) throws -> [QueuedOrder] {
        let result = try db.query(Self.truckQueueSQL, [scope.vendorID, UUID(uuidString: reference),
                                                       Self.queueStatuses(includePending: includePending).map(\.rawValue),
                                                       reference])
        guard !result.isEmpty else {
            throw ToolError.data("truck \"\(reference)\" not found", hint: "`taco-vendor trucks list` shows your trucks")
        }
        return try result.filter { try $0.text("id") != nil }.map(QueuedOrder.init(row:))
    }

    /// Resolves an order reference: a full id, or a unique prefix of at least 6 hex digits (what the queue table shows).
    public func resolve(_ reference: String) throws -> UUID {
        let trimmed = reference.trimmingCharacters(in: .whitespaces).lowercased()
        if let id = UUID(uuidString: trimmed) {
            guard try db.queryFirst("SELECT 1 FROM orders WHERE vendor_id = $1 AND id = $2", [scope.vendorID, id]) != nil else {
                throw Self.notFound(reference)
            }
            return id
        }
        guard trimmed.count >= 6, trimmed.count < 36, trimmed.allSatisfy({ $0.isHexDigit || $0 == "-" }) else {
            throw Self.notFound(reference)
        }
        let rows = try db.query("SELECT id FROM orders WHERE vendor_id = $1 AND id::text LIKE $2 LIMIT 2",
                                [scope.vendorID, trimmed + "%"])
        guard let first = rows.first else { throw Self.notFound(reference) }
        guard rows.count == 1 else {
            throw ToolError.data("order \"\(reference)\" is ambiguous: more than one order id starts with it",
                                 hint: "give more of the id, or all of it")
        }
        return try first.decode("id")
    }

    static func notFound(_ reference: String) -> ToolError {
        ToolError.data("order \"\(reference)\" not found", hint: "`taco-vendor orders queue` lists the open orders")
    }

    /// One order with its lines, money and history.
    public func show(_ reference: String) throws -> OrderDetail {
        let id = try resolve(reference)
        guard let row = try db.queryFirst("""
            SELECT o.id, o.truck_id, t.name AS truck_name, o.status, o.customer_display_name, o.special_requests,
                   o.placed_at, o.promised_at, o.status_changed_at, o.total_cents,
                   floor(extract(epoch FROM now() - o.placed_at))::bigint AS age_seconds,
                   o.subtotal_cents, o.tax_cents, o.tip_cents, o.subsidy_cents, o.cancel_reason, c.code AS campus_code,
                   coalesce((SELECT json_agg(json_build_object(
                                     'sku', i.sku, 'name', i.name, 'quantity', i.quantity,
                                     'options', coalesce((SELECT json_agg(io.name ORDER BY io.name)
                                                          FROM order_item_options io WHERE io.order_item_id = i.id), '[]'))
                                     ORDER BY i.name, i.id)
                             FROM order_items i WHERE i.order_id = o.id), '[]') AS items,
                   coalesce((SELECT json_agg(json_build_object(
                                     'from', e.from_status, 'to', e.to_status, 'actor', e.actor, 'reason', e.reason,
                                     'at', to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
                                     ORDER BY e.id)
                             FROM order_events e WHERE e.order_id = o.id), '[]') AS events
            FROM orders o JOIN trucks t ON t.id = o.truck_id JOIN campuses c ON c.id = o.campus_id
            WHERE o.vendor_id = $1 AND o.id = $2
            """, [scope.vendorID, id]) else { throw Self.notFound(reference) }
        let eventsJSON: String = try row.decode("events")
        let events: [OrderEvent]
        do {
            events = try JSONDecoder().decode([OrderEvent].self, from: Data(eventsJSON.utf8))
        } catch {
            throw PostgresError(kind: .decoding, message: "cannot decode order events: \(error)")
        }
        return OrderDetail(order: try QueuedOrder(row: row), campusCode: try row.decode("campus_code"),
                           subtotalCents: try row.decode("subtotal_cents"), taxCents: try row.decode("tax_cents"),
                           tipCents: try row.decode("tip_cents"), subsidyCents: try row.decode("subsidy_cents"),
                           cancelReason: try row.decode("cancel_reason"), events: events, eventsJSON: eventsJSON)
    }

    /// Moves an order on: start (CONFIRMED→PREPARING), ready (PREPARING→READY), picked-up (READY→PICKED_UP),
    /// complete (PICKED_UP→COMPLETED), cancel (PENDING|CONFIRMED|PREPARING→CANCELLED, `reason` required; a captured
    /// payment gets its refund queued in the outbox in the same transaction, by the database).
    ///
    /// The change is conditional (`UPDATE … WHERE status = <expected>`), so of two people pressing "ready" at once
    /// exactly one wins; the other gets `changed == false` (the order is already READY). Any other state is refused
    /// (exit 65) with a message naming the current state.
    @discardableResult
    public func apply(_ action: OrderAction, to reference: String, reason: String? = nil) throws -> OrderTransitionResult {
        let id = try resolve(reference)
        if action == .cancel {
            return try cancel(id, reference: reference, reason: reason ?? "")
        }
        guard let source = action.sources.first, action.sources.count == 1 else {
            throw ToolError(.failure, "internal error: \(action.rawValue) has no single source state")
        }
        let updated = try db.transaction { tx in
            try tx.queryFirst("""
                UPDATE orders SET status = $3 WHERE vendor_id = $1 AND id = $2 AND status = $4
                RETURNING status_changed_at
                """, [scope.vendorID, id, action.target.rawValue, source.rawValue])
        }
        if let updated {
            return OrderTransitionResult(id: id, from: source, status: action.target, changed: true,
                                         at: try updated.decode("status_changed_at"), actor: scope.login,
                                         refundJobID: nil, refundCents: nil)
        }
        return try explainUnchanged(action, id: id, reference: reference)
    }

    private func cancel(_ id: UUID, reference: String, reason: String) throws -> OrderTransitionResult {
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ToolError.usage("a cancel reason is required", hint: "pass --reason TEXT (the customer sees it)")
        }
        do {
            let row = try db.transaction { tx in
                try tx.queryFirst("""
                    SELECT from_status, changed_at, refund_outbox_id, refund_cents FROM taco_cancel_order($1, $2, $3)
                    """, [scope.vendorID, id, reason])
            }
            guard let row else { throw Self.notFound(reference) }
            return OrderTransitionResult(id: id, from: try OrderStatus.decode(row, column: "from_status"), status: .cancelled,
                                         changed: true, at: try row.decode("changed_at"), actor: scope.login,
                                         refundJobID: try row.decode("refund_outbox_id"), refundCents: try row.decode("refund_cents"))
        } catch let error as PostgresError where error.sqlState == "TT001" {
            return try explainUnchanged(.cancel, id: id, reference: reference)
        } catch let error as PostgresError where error.sqlState == "TT006" {
            throw Self.notFound(reference)
        }
    }

    /// Reads the current state after a conditional update touched nothing and says why.
    private func explainUnchanged(_ action: OrderAction, id: UUID, reference: String) throws -> OrderTransitionResult {
        guard let row = try db.queryFirst("""
            SELECT o.status, o.status_changed_at,
                   (SELECT e.actor FROM order_events e WHERE e.order_id = o.id ORDER BY e.id DESC LIMIT 1) AS actor
            FROM orders o WHERE o.vendor_id = $1 AND o.id = $2
            """, [scope.vendorID, id]) else { throw Self.notFound(reference) }
        let current = try OrderStatus.decode(row)
        if current == action.target {
            return OrderTransitionResult(id: id, from: current, status: current, changed: false,
                                         at: try row.decode("status_changed_at"), actor: try row.decode("actor"),
                                         refundJobID: nil, refundCents: nil)
        }
        throw ToolError.data(action.refusal(orderID: reference, current: current) ?? "order \(reference) is \(current.rawValue)",
                             hint: current.successors.isEmpty ? "\(current.rawValue) is final"
                                 : "from \(current.rawValue) the order can go to \(current.successors.map(\.rawValue).joined(separator: ", "))")
    }
}


/// The outcome of placing an order.
public struct PlacedOrder: Sendable, Equatable {
    public let id: UUID
    /// True when the idempotency key had already placed this exact order: nothing new was written.
    public let replayed: Bool
    public let status: OrderStatus
    public let subtotalCents: Int64
    public let taxCents: Int64
    public let tipCents: Int64
    public let subsidyCents: Int64
    public let totalCents: Int64
    public let placedAt: Date
    public let promisedAt: Date?
}

/// The same idempotency key was used before for a different request body (exit 65).
public struct IdempotencyConflict: Error, Sendable, ReportableError {
    public let key: String
    public let existingOrderID: UUID

    public var report: ToolError {
        ToolError(.dataError, "idempotency key \"\(key)\" was already used for a different order request (order \(existingOrderID.postgresText))",
                  hint: "a retry must send the same body; a new order needs a new idempotency key")
    }
}

extension OrderStore {
    /// SHA-256 of the request's canonical body (stored in `orders.request_hash`).
    public static func requestHash(_ request: OrderRequest) -> Data {
        Data(SHA256.hash(data: Data(request.canonicalBody.utf8)))
    }

    /// Places an order for an employee, in one transaction (run as taco_jobs, a sysadmin or the owner).
    ///
    /// Every item and option is checked against the LIVE menu: the item belongs to the vendor, its menu is active,
    /// it is available, not sold out (`sold_out_until`) and none of its ingredients is 86'd; each option belongs
    /// to one of that item's option groups and is available; each group's min/max/required holds. The vendor must be
    /// approved, the truck active, the campus active, the user active. All problems are reported together with
    /// their place (`items[1].options[0]`) as `ValidationErrors` (exit 65).
    ///
    /// Idempotency: the same user + key + body returns the first order (`replayed`); the same key with another body
    /// throws `IdempotencyConflict`. Pricing: `OrderPricing` (tax half-up; subsidy from the user's allowance,
    /// per meal or what is left of the campus-local day's). Promised time: `PromisedTime.estimate`.
    public static func place(_ db: PostgresConnection, _ request: OrderRequest) throws -> PlacedOrder {
        let hash = requestHash(request)
        return try db.transaction { tx in
            // One statement: the order already placed with this key (a replay), the user (row-locked: that
            // serialises their concurrent orders, so a per-day allowance cannot be spent twice), vendor, truck,
            // campus, and the truck's orders still to be cooked (orders_truck_cooking_idx holds exactly those).
            guard let context = try tx.queryFirst(Self.placementContextSQL,
                                                  [request.vendorID, request.truckID, request.campusID, request.userID,
                                                   request.idempotencyKey]) else {
                throw ToolError(.failure, "internal error: the placement context query returned no row")
            }
            if let existing = try replayed(context, request, hash: hash, prefix: "replay_") { return existing }
            var issues: [ValidationErrors.Issue] = []
            if request.idempotencyKey.isEmpty || request.idempotencyKey.count > OrderRequest.maxIdempotencyKeyLength {
                issues.append(.init("idempotency_key", "must be 1 to \(OrderRequest.maxIdempotencyKeyLength) characters"))
            }
            if request.tipCents < 0 { issues.append(.init("tip_cents", "must be 0 or more, got \(request.tipCents)")) }
            if let special = request.specialRequests, special.count > OrderRequest.maxSpecialRequestsLength {
                issues.append(.init("special_requests", "at most \(OrderRequest.maxSpecialRequestsLength) characters, got \(special.count)"))
            }
            if request.lines.isEmpty { issues.append(.init("items", "an order needs at least one item")) }
            let userFound: Bool = try context.decode("user_found")
            if !userFound {
                issues.append(.init("user_id", "no such user"))
            } else if try context.decode("user_active", as: Bool.self) == false {
                issues.append(.init("user_id", "the user is not active"))
            }
            let vendorStatus: String? = try context.decode("vendor_status")
            switch vendorStatus {
            case nil: issues.append(.init("vendor_id", "no such vendor"))
            case "approved": break
            case let status?: issues.append(.init("vendor_id", "the vendor is \(status); only approved vendors take orders"))
            }
            if try !context.decode("truck_found", as: Bool.self) {
                issues.append(.init("truck_id", "no such truck for this vendor"))
            } else if let status: String = try context.decode("truck_status"), status != "active" {
                issues.append(.init("truck_id", "the truck is \(status); only active trucks take orders"))
            }
            if try !context.decode("campus_found", as: Bool.self) {
                issues.append(.init("campus_id", "no such campus"))
            } else if try context.decode("campus_active", as: Bool?.self) == false {
                issues.append(.init("campus_id", "the campus is not active"))
            }

            let menu = try LiveMenu.load(tx, vendorID: request.vendorID, itemIDs: request.lines.map(\.itemID))
            var pricingLines: [PricingLine] = []
            var maxPrep = 0
            for (index, line) in request.lines.enumerated() {
                let place = "items[\(index)]"
                if !PricingLine.quantities.contains(line.quantity) {
                    issues.append(.init("\(place).quantity", "must be 1 to 99, got \(line.quantity)"))
                }
                guard let item = menu.items[line.itemID] else {
                    issues.append(.init("\(place).item_id", "no item \(line.itemID.postgresText) on this vendor's menu"))
                    continue
                }
                issues += item.problems.map { .init("\(place).item_id", "\(item.sku): \($0)") }
                var deltas: [Int64] = []
                var chosenPerGroup: [UUID: Int] = [:]
                var seen: Set<UUID> = []
                for (optionIndex, optionID) in line.optionIDs.enumerated() {
                    let optionPlace = "\(place).options[\(optionIndex)]"
                    guard seen.insert(optionID).inserted else {
                        issues.append(.init(optionPlace, "option \(optionID.postgresText) is chosen twice"))
                        continue
                    }
                    guard let option = menu.options[optionID], let group = item.groups.first(where: { $0.id == option.groupID }) else {
                        issues.append(.init(optionPlace, "no option \(optionID.postgresText) in \(item.sku)'s option groups"))
                        continue
                    }
                    if !option.available {
                        issues.append(.init(optionPlace, "\(group.name) \"\(option.name)\" is not available"))
                    }
                    chosenPerGroup[group.id, default: 0] += 1
                    deltas.append(option.priceDeltaCents)
                }
                for (groupIndex, group) in item.groups.enumerated() {
                    let chosen = chosenPerGroup[group.id] ?? 0
                    let groupPlace = "\(place).option_groups[\(groupIndex)]"
                    let minimum = max(group.minChoices, group.required ? 1 : 0)
                    if chosen < minimum {
                        issues.append(.init(groupPlace, group.required && chosen == 0
                            ? "\(item.sku) \"\(group.name)\" is required: choose at least \(minimum)"
                            : "\(item.sku) \"\(group.name)\" needs at least \(minimum) choice\(minimum == 1 ? "" : "s"), got \(chosen)"))
                    }
                    if group.maxChoices > 0, chosen > group.maxChoices {
                        issues.append(.init(groupPlace, "\(item.sku) \"\(group.name)\" allows at most \(group.maxChoices), got \(chosen)"))
                    }
                }
                maxPrep = max(maxPrep, item.prepMinutes)
                pricingLines.append(PricingLine(itemPriceCents: item.priceCents, optionDeltaCents: deltas, quantity: line.quantity))
            }
            guard issues.isEmpty else { throw ValidationErrors(source: "order", issues: issues) }

            guard let rate = TaxRate(percent: try context.decode("tax_rate", as: String.self)) else {
                throw ToolError(.failure, "internal error: unreadable campus tax rate")
            }
            let period = SubsidyAllowance.Period(rawValue: try context.decode("subsidy_period")) ?? .perDay
            let cap: Int64 = try context.decode("meal_subsidy_cents")
            var usedToday: Int64 = 0
            if period == .perDay, cap > 0 {
                // The campus-local day of now: [local midnight, next local midnight) as instants; through
                // orders_user_subsidy_idx, which holds only the non-cancelled orders that received some subsidy.
                usedToday = try tx.scalar("""
                    SELECT coalesce(sum(o.subsidy_cents), 0)::bigint FROM orders o
                    WHERE o.user_id = $1 AND o.subsidy_cents > 0 AND o.status <> 'CANCELLED'
                      AND o.placed_at >= (date_trunc('day', now() AT TIME ZONE $2) AT TIME ZONE $2)
                      AND o.placed_at < ((date_trunc('day', now() AT TIME ZONE $2) + interval '1 day') AT TIME ZONE $2)
                    """, [request.userID, try context.decode("time_zone", as: String.self)])
            }
            let pricing: OrderPricing
            do {
                pricing = try OrderPricing(lines: pricingLines, taxRate: rate, tipCents: request.tipCents,
                                           subsidy: SubsidyAllowance(capCents: cap, period: period,
                                                                     usedTodayCents: usedToday))
            } catch {
                throw ValidationErrors(source: "order", issues: [.init("items", "cannot be priced: \(error)")])
            }
            let ahead: Int = try context.decode("ahead")
            let now: Date = try context.decode("now")
            let promised = PromisedTime.estimate(placedAt: now, maxPrepMinutes: maxPrep, ordersAhead: ahead,
                                                 capacityPer15Minutes: try context.decode("capacity"))

            guard let inserted = try tx.queryFirst("""
                INSERT INTO orders (vendor_id, truck_id, campus_id, user_id, customer_display_name, currency,
                                    subtotal_cents, tax_cents, tip_cents, subsidy_cents, total_cents, promised_at,
                                    placed_at, status_changed_at, idempotency_key, request_hash, special_requests)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14, $15, $16)
                ON CONFLICT (user_id, idempotency_key) DO NOTHING
                RETURNING id, placed_at
                """, [request.vendorID, request.truckID, request.campusID, request.userID,
                      try context.decode("display_name", as: String.self), try context.decode("currency", as: String.self),
                      pricing.subtotalCents, pricing.taxCents, pricing.tipCents, pricing.subsidyCents, pricing.totalCents,
                      promised, now, request.idempotencyKey, hash, request.specialRequests]) else {
                // A concurrent request with the same key committed first (ON CONFLICT waited for it).
                if let row = try tx.queryFirst(Self.replaySQL, [request.userID, request.idempotencyKey]),
                   let existing = try replayed(row, request, hash: hash) { return existing }
                throw ToolError(.temporaryFailure, "order with idempotency key \"\(request.idempotencyKey)\" is being placed concurrently",
                                hint: "retry with the same key")
            }
            let orderID: UUID = try inserted.decode("id")
            for (index, line) in request.lines.enumerated() {
                guard let item = menu.items[line.itemID] else { continue }
                let priced = pricing.lines[index]
                let lineID: UUID = try tx.scalar("""
                    INSERT INTO order_items (order_id, vendor_id, menu_item_id, sku, name, quantity, unit_price_cents, line_total_cents)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id
                    """, [orderID, request.vendorID, item.id, item.sku, item.name, priced.quantity, priced.unitPriceCents,
                          priced.lineTotalCents])
                if !line.optionIDs.isEmpty {
                    try tx.query("""
                        INSERT INTO order_item_options (order_item_id, vendor_id, option_id, name, price_delta_cents)
                        SELECT $1, $2, o.id, o.name, o.price_delta_cents
                        FROM unnest($3::uuid[]) WITH ORDINALITY AS chosen(id, n) JOIN options o ON o.id = chosen.id
                        ORDER BY chosen.n
                        """, [lineID, request.vendorID, line.optionIDs.map(\.postgresText)])
                }
            }
            return PlacedOrder(id: orderID, replayed: false, status: .pending, subtotalCents: pricing.subtotalCents,
                               taxCents: pricing.taxCents, tipCents: pricing.tipCents, subsidyCents: pricing.subsidyCents,
                               totalCents: pricing.totalCents, placedAt: try inserted.decode("placed_at"), promisedAt: promised)
        }
    }

    /// The columns of an order a replay returns (`alias` names the orders row, `prefix` prefixes the names).
    private static func replayColumns(_ alias: String, prefix: String = "") -> String {
        ["id", "status", "request_hash", "subtotal_cents", "tax_cents", "tip_cents", "subsidy_cents", "total_cents",
         "placed_at", "promised_at"].map { "\(alias).\($0) AS \(prefix)\($0)" }.joined(separator: ", ")
    }

    /// The order placed with this user ($1) and key ($2).
    static let replaySQL = "SELECT \(replayColumns("o")) FROM orders o WHERE o.user_id = $1 AND o.idempotency_key = $2"

    /// See `place`: $1 vendor, $2 truck, $3 campus, $4 user, $5 idempotency key; exactly one row.
    static let placementContextSQL = """
        WITH me AS (
            SELECT u.active, u.meal_subsidy_cents, u.subsidy_period,
                   coalesce(nullif(btrim(u.preferred_name), ''), u.given_name) || ' ' || left(u.family_name, 1) || '.'
                       AS display_name
            FROM users u WHERE u.id = $4 FOR UPDATE
        )
        SELECT me.active IS NOT NULL AS user_found, me.active AS user_active, me.meal_subsidy_cents, me.subsidy_period,
               me.display_name,
               v.status AS vendor_status,
               t.status AS truck_status, t.capacity, t.id IS NOT NULL AS truck_found,
               c.id IS NOT NULL AS campus_found, c.active AS campus_active, c.tax_rate_percent::text AS tax_rate,
               c.time_zone, c.currency, now() AS now,
               (SELECT count(*)::int FROM orders q
                WHERE q.truck_id = t.id AND q.status IN ('PENDING', 'CONFIRMED', 'PREPARING')) AS ahead,
               \(replayColumns("r", prefix: "replay_"))
        FROM (SELECT 1) one
        LEFT JOIN me ON true
        LEFT JOIN vendors v ON v.id = $1
        LEFT JOIN trucks t ON t.id = $2 AND t.vendor_id = $1
        LEFT JOIN campuses c ON c.id = $3
        LEFT JOIN orders r ON r.user_id = $4 AND r.idempotency_key = $5
        """

    /// The order in `row` (columns named `prefix` + the replay columns) when there is one: returned when the body
    /// matches, refused when it does not.
    private static func replayed(_ row: PostgresRow, _ request: OrderRequest, hash: Data, prefix: String = "") throws -> PlacedOrder? {
        guard let id = try row.decode("\(prefix)id", as: UUID?.self) else { return nil }
        guard try row.decode("\(prefix)request_hash", as: Data.self) == hash else {
            throw IdempotencyConflict(key: request.idempotencyKey, existingOrderID: id)
        }
        return PlacedOrder(id: id, replayed: true, status: OrderStatus(rawValue: try row.decode("\(prefix)status")) ?? .pending,
                           subtotalCents: try row.decode("\(prefix)subtotal_cents"), taxCents: try row.decode("\(prefix)tax_cents"),
                           tipCents: try row.decode("\(prefix)tip_cents"), subsidyCents: try row.decode("\(prefix)subsidy_cents"),
                           totalCents: try row.decode("\(prefix)total_cents"), placedAt: try row.decode("\(prefix)placed_at"),
                           promisedAt: try row.decode("\(prefix)promised_at"))
    }
}

/// The requested items of one vendor's live menu, with their option groups and options.
struct LiveMenu {
    struct Item {
        let id: UUID
        let sku: String
        let name: String
        let priceCents: Int64
        let prepMinutes: Int
        /// Why it cannot be ordered right now (empty when it can).
        let problems: [String]
        var groups: [Group]
    }
    struct Group {
        let id: UUID
        let name: String
        let minChoices: Int
        let maxChoices: Int
        let required: Bool
    }
    struct Option {
        let id: UUID
        let groupID: UUID
        let name: String
        let priceDeltaCents: Int64
        let available: Bool
    }
    var items: [UUID: Item] = [:]
    var options: [UUID: Option] = [:]

    static func load(_ db: PostgresConnection, vendorID: UUID, itemIDs: [UUID]) throws -> LiveMenu {
        var menu = LiveMenu()
        let ids = Array(Set(itemIDs)).map(\.postgresText)
        guard !ids.isEmpty else { return menu }
        // One statement: each requested item (its own row when it has no option groups), then one row per option
        // (or per group without options), in the menu's order.
        for row in try db.query("""
            WITH item AS MATERIALIZED (
                SELECT mi.id, mi.sku, mi.name, mi.price_cents, mi.prep_minutes, mi.available, m.active AS menu_active,
                       m.name AS menu_name,
                       CASE WHEN mi.sold_out_until > now() THEN mi.sold_out_until END AS sold_out_until,
                       (SELECT string_agg(i.name, ', ' ORDER BY i.name)
                        FROM menu_item_ingredients mii JOIN ingredients i ON i.id = mii.ingredient_id
                        WHERE mii.item_id = mi.id
                          AND (i.eighty_sixed OR i.unavailable_until > now())
                          AND (i.unavailable_until IS NULL OR i.unavailable_until > now())) AS eighty_sixed,
                       a.orderable
                FROM menu_items mi
                JOIN menus m ON m.id = mi.menu_id
                JOIN menu_item_availability a ON a.item_id = mi.id
                WHERE mi.vendor_id = $1 AND mi.id = ANY($2::uuid[])
            )
            SELECT item.*, g.id AS group_id, g.name AS group_name, g.min_choices, g.max_choices, g.required,
                   o.id AS option_id, o.name AS option_name, o.price_delta_cents, o.available AS option_available
            FROM item
            LEFT JOIN option_groups g ON g.item_id = item.id AND g.vendor_id = $1
            LEFT JOIN options o ON o.group_id = g.id
            ORDER BY item.id, g.position, g.name, o.position, o.name
            """, [vendorID, ids]) {
            let id: UUID = try row.decode("id")
            if menu.items[id] == nil {
                var problems: [String] = []
                if try !row.decode("menu_active", as: Bool.self) {
                    problems.append("its menu \"\(try row.decode("menu_name", as: String.self))\" is not active")
                }
                if try !row.decode("available", as: Bool.self) { problems.append("is not available") }
                if let until: Date = try row.decode("sold_out_until") {
                    problems.append("is sold out (86'd) until \(Timestamp.rfc3339(until))")
                }
                if let ingredients: String = try row.decode("eighty_sixed") {
                    problems.append("is unavailable: ingredient 86'd (\(ingredients))")
                }
                if problems.isEmpty, try !row.decode("orderable", as: Bool.self) { problems.append("is not orderable right now") }
                menu.items[id] = Item(id: id, sku: try row.decode("sku"), name: try row.decode("name"),
                                      priceCents: try row.decode("price_cents"), prepMinutes: try row.decode("prep_minutes"),
                                      problems: problems, groups: [])
            }
            guard let groupID = try row.decode("group_id", as: UUID?.self) else { continue }
            if menu.items[id]?.groups.contains(where: { $0.id == groupID }) == false {
                menu.items[id]?.groups.append(Group(id: groupID, name: try row.decode("group_name"),
                                                    minChoices: try row.decode("min_choices"), maxChoices: try row.decode("max_choices"),
                                                    required: try row.decode("required")))
            }
            if let optionID: UUID = try row.decode("option_id") {
                menu.options[optionID] = Option(id: optionID, groupID: groupID, name: try row.decode("option_name"),
                                                priceDeltaCents: try row.decode("price_delta_cents"),
                                                available: try row.decode("option_available"))
            }
        }
        return menu
    }
}

import Foundation
import TacoKit
import TacoTestSupport
import Testing

private func count(_ db: PostgresConnection, _ sql: String, _ parameters: [(any PostgresEncodable)?] = []) throws -> Int {
    try db.scalar(sql, parameters, as: Int.self)
}

@Suite("Order placement against the live menu")
struct OrderPlacementTests {
    @Test("the Swift transition table equals taco_order_transition_allowed for all 64 pairs")
    func stateMachineMatchesSQL() throws {
        let db = try TestDatabase.make().connect()
        for from in OrderStatus.allCases {
            for to in OrderStatus.allCases {
                let sql: Bool = try db.scalar("SELECT taco_order_transition_allowed($1, $2)", [from.rawValue, to.rawValue])
                #expect(sql == OrderStatus.allows(from, to), "\(from.rawValue) -> \(to.rawValue)")
            }
        }
        #expect(OrderStatus.allCases.count == 8)
    }

    @Test("a token's identity names the active employee: by e-mail in any case, or by okta_id for the sub claim")
    func employeeByIdentity() throws {
        let f = try OrderFixture.make()
        let owner = try f.database.connect()
        let email: String = try owner.scalar("SELECT email FROM users WHERE id = $1", [f.tenants.userID])
        try owner.query("UPDATE users SET okta_id = '00u-test-sub' WHERE id = $1", [f.tenants.userID])
        let store = EmployeeOrderStore(try f.database.connect(as: f.jobsLogin))
        #expect(try store.employee(identity: email.uppercased(), claim: "email")?.id == f.tenants.userID)
        #expect(try store.employee(identity: "00u-test-sub", claim: "sub")?.id == f.tenants.userID)
        // Each claim matches only its own column.
        #expect(try store.employee(identity: "00u-test-sub", claim: "email") == nil)
        #expect(try store.employee(identity: email, claim: "sub") == nil)
        try owner.query("UPDATE users SET active = false WHERE id = $1", [f.tenants.userID])
        #expect(try store.employee(identity: email, claim: "email") == nil)
        #expect(try store.employee(identity: "00u-test-sub", claim: "sub") == nil)
    }

    @Test("a valid order is priced like the database checks, with lines, options, an event and a promised time")
    func placesAndPrices() throws {
        let f = try OrderFixture.make()
        let placed = try f.place(f.request([.init(itemID: f.pastor, quantity: 3, optionIDs: [f.flour, f.verde, f.roja]),
                                            .init(itemID: f.burrito, quantity: 1)], tip: 150, special: "extra napkins"))
        // 3 × (450 + 25) + 1000 = 2425; tax 8.25 % = 200.0625 → 200; tip 150; no subsidy
        #expect(placed.subtotalCents == 2_425 && placed.taxCents == 200 && placed.tipCents == 150 && placed.totalCents == 2_775)
        #expect(!placed.replayed && placed.status == .pending)
        let owner = try f.database.connect()
        let row = try #require(try owner.queryFirst("""
            SELECT subtotal_cents, tax_cents, total_cents, special_requests, customer_display_name,
                   round(extract(epoch FROM promised_at - placed_at) / 60)::int AS minutes
            FROM orders WHERE id = $1
            """, [placed.id]))
        #expect(try row.decode("total_cents", as: Int64.self) == 2_775)
        #expect(try row.decode("special_requests", as: String?.self) == "extra napkins")
        #expect(try row.decode("customer_display_name", as: String.self) == "Zoë N.")
        // burrito's 8 min + 1 order ahead (the fixture's PENDING order) at 20 per 15 min → 1 min
        #expect(try row.decode("minutes", as: Int.self) == 9)
        #expect(try count(owner, "SELECT count(*) FROM order_items WHERE order_id = $1", [placed.id]) == 2)
        #expect(try owner.scalar("SELECT unit_price_cents FROM order_items WHERE order_id = $1 AND sku = 'TACO-PASTOR'",
                                 [placed.id], as: Int64.self) == 475)
        #expect(try owner.scalar("""
            SELECT string_agg(o.name, ',' ORDER BY o.name) FROM order_item_options o JOIN order_items i ON i.id = o.order_item_id
            WHERE i.order_id = $1
            """, [placed.id], as: String.self) == "Flour,Roja,Verde")
        #expect(try count(owner, "SELECT count(*) FROM order_events WHERE order_id = $1 AND to_status = 'PENDING'", [placed.id]) == 1)
    }

    @Test("every problem is listed with its place and nothing is written")
    func validationListsEverything() throws {
        let f = try OrderFixture.make()
        let owner = try f.database.connect()
        let before = try count(owner, "SELECT count(*) FROM orders")
        let unknown = UUID()
        let request = f.request([
            .init(itemID: f.switchedOff),                                           // items[0]: not available
            .init(itemID: f.soldOut),                                               // items[1]: sold out until …
            .init(itemID: f.cilantroTaco),                                          // items[2]: ingredient 86'd
            .init(itemID: f.pastor, quantity: 0, optionIDs: [f.verde, f.roja, f.habanero, unknown, f.verde]),
            .init(itemID: unknown),                                                 // items[4]: no such item
            .init(itemID: f.pastor, optionIDs: [f.corn, f.flour]),                  // items[5]: Tortilla max 1
            .init(itemID: f.b.itemID),                                              // items[6]: vendor B's item
        ], tip: -5)
        let error = try #require(throws: ValidationErrors.self) { try f.place(request) }
        let places = error.issues.map(\.location)
        #expect(places.contains("items[0].item_id"))
        #expect(error.issues.first { $0.location == "items[0].item_id" }?.message.contains("not available") == true)
        #expect(error.issues.first { $0.location == "items[1].item_id" }?.message.contains("sold out") == true)
        #expect(error.issues.first { $0.location == "items[2].item_id" }?.message.contains("cilantro") == true)
        #expect(places.contains("items[3].quantity"))
        #expect(error.issues.first { $0.location == "items[3].options[2]" }?.message.contains("Habanero") == true)
        #expect(error.issues.first { $0.location == "items[3].options[3]" }?.message.contains("no option") == true)
        #expect(error.issues.first { $0.location == "items[3].options[4]" }?.message.contains("twice") == true)
        #expect(error.issues.first { $0.location == "items[3].option_groups[0]" }?.message.contains("required") == true)
        #expect(error.issues.first { $0.location == "items[3].option_groups[1]" }?.message.contains("at most 2") == true)
        #expect(places.contains("items[4].item_id"))
        #expect(error.issues.first { $0.location == "items[5].option_groups[0]" }?.message.contains("at most 1") == true)
        #expect(places.contains("items[6].item_id"))
        #expect(places.contains("tip_cents"))
        #expect(ErrorReport.describe(error).status == .dataError)
        #expect(try count(owner, "SELECT count(*) FROM orders") == before)
    }

    @Test("an inactive truck, an unapproved vendor and an inactive campus are refused by name")
    func truckVendorCampus() throws {
        let f = try OrderFixture.make()
        let owner = try f.database.connect()
        try owner.query("UPDATE trucks SET status = 'maintenance' WHERE id = $1", [f.a.truckID])
        try owner.query("UPDATE vendors SET status = 'suspended' WHERE id = $1", [f.a.vendorID])
        try owner.query("UPDATE campuses SET active = false WHERE id = $1", [f.tenants.campusID])
        let error = try #require(throws: ValidationErrors.self) {
            try f.place(f.request([.init(itemID: f.burrito)]))
        }
        #expect(error.issues.contains(.init("truck_id", "the truck is maintenance; only active trucks take orders")))
        #expect(error.issues.contains(.init("vendor_id", "the vendor is suspended; only approved vendors take orders")))
        #expect(error.issues.contains(.init("campus_id", "the campus is not active")))
        // vendor B's truck is not A's
        try owner.query("UPDATE trucks SET status = 'active' WHERE id = $1", [f.a.truckID])
        // Reinstating needs valid permits (migration 0017).
        try owner.query("""
            INSERT INTO permits (vendor_id, kind, number, expires_on)
            SELECT $1, k, k || '-1', '2099-12-31' FROM unnest(ARRAY['business_license', 'health', 'insurance']) k
            """, [f.a.vendorID])
        try owner.query("UPDATE vendors SET status = 'approved' WHERE id = $1", [f.a.vendorID])
        try owner.query("UPDATE campuses SET active = true WHERE id = $1", [f.tenants.campusID])
        var request = f.request([.init(itemID: f.burrito)])
        request.truckID = f.b.truckID
        let other = try #require(throws: ValidationErrors.self) { try f.place(request) }
        #expect(other.issues.map(\.location) == ["truck_id"])
    }

    @Test("an 86'd ingredient with a time limit counts only until then")
    func ingredientUntil() throws {
        let f = try OrderFixture.make()
        let owner = try f.database.connect()
        try owner.query("UPDATE ingredients SET eighty_sixed = true, unavailable_until = now() + interval '1 hour' WHERE name = 'pork'")
        let error = try #require(throws: ValidationErrors.self) { try f.place(f.request([.init(itemID: f.burrito)])) }
        #expect(error.issues.first?.message.contains("pork") == true)
        try owner.query("UPDATE ingredients SET unavailable_until = now() - interval '1 minute' WHERE name = 'pork'")
        #expect(try f.place(f.request([.init(itemID: f.burrito)])).subtotalCents == 1_000)
    }

    @Test("same key + same body returns the same order; same key + another body is refused (65)")
    func idempotency() throws {
        let f = try OrderFixture.make()
        let owner = try f.database.connect()
        let request = f.request([.init(itemID: f.pastor, quantity: 2, optionIDs: [f.corn, f.verde])], key: "retry-1")
        let first = try f.place(request)
        var again = request
        again.lines[0].optionIDs.reverse()          // same meaning, same canonical body
        let second = try f.place(again)
        #expect(second.id == first.id && second.replayed && second.totalCents == first.totalCents)
        #expect(try count(owner, "SELECT count(*) FROM orders WHERE idempotency_key = 'retry-1'") == 1)
        #expect(try owner.scalar("SELECT request_hash FROM orders WHERE id = $1", [first.id], as: Data.self)
                    == OrderStore.requestHash(request))
        var changed = request
        changed.lines[0].quantity = 3
        let conflict = try #require(throws: IdempotencyConflict.self) { try f.place(changed) }
        #expect(conflict.existingOrderID == first.id)
        let report = ErrorReport.describe(conflict)
        #expect(report.status == .dataError && report.message.contains("retry-1") && report.message.contains("different"))
        #expect(try count(owner, "SELECT count(*) FROM orders WHERE user_id = $1", [f.tenants.userID]) == 3)   // fixture's 2 + 1
    }

    @Test("per-day subsidy: the second order gets the day's remainder; a cancelled order gives its share back")
    func subsidyPerDay() throws {
        let f = try OrderFixture.make()
        let owner = try f.database.connect()
        try owner.query("UPDATE users SET meal_subsidy_cents = 1500, subsidy_period = 'per-day' WHERE id = $1", [f.tenants.userID])
        let first = try f.place(f.request([.init(itemID: f.burrito)]))                 // 1000 + 83 tax → subsidy 1083
        #expect(first.subsidyCents == 1_083 && first.totalCents == 0)
        let second = try f.place(f.request([.init(itemID: f.burrito)], tip: 100))     // 417 left; tip not subsidised
        #expect(second.subsidyCents == 417 && second.totalCents == 1_083 - 417 + 100)
        let third = try f.place(f.request([.init(itemID: f.burrito)]))
        #expect(third.subsidyCents == 0)
        try owner.query("UPDATE orders SET status = 'CANCELLED', cancel_reason = 'test' WHERE id = $1", [first.id])
        let fourth = try f.place(f.request([.init(itemID: f.burrito)]))
        #expect(fourth.subsidyCents == 1_083)

        try owner.query("UPDATE users SET subsidy_period = 'per-meal', meal_subsidy_cents = 500 WHERE id = $1", [f.tenants.userID])
        #expect(try f.place(f.request([.init(itemID: f.burrito)])).subsidyCents == 500)
    }

    @Test("the promised time grows with the truck's queue and shrinks with its capacity")
    func promisedTimeFromQueue() throws {
        let f = try OrderFixture.make()
        let owner = try f.database.connect()
        try owner.query("UPDATE trucks SET capacity = 3 WHERE id = $1", [f.a.truckID])
        for _ in 0..<5 { try f.place(f.request([.init(itemID: f.burrito)])) }      // with the fixture's: 6 ahead
        let placed = try f.place(f.request([.init(itemID: f.pastor, optionIDs: [f.corn])]))
        let minutes = try #require(placed.promisedAt).timeIntervalSince(placed.placedAt) / 60
        #expect(abs(minutes - Double(4 + PromisedTime.queueMinutes(ordersAhead: 6, capacityPer15Minutes: 3))) < 0.001)   // 4 + 30
    }

    @Test("a vendor login cannot place orders (no INSERT on orders)")
    func vendorCannotPlace() throws {
        let f = try OrderFixture.make()
        let error = try #require(throws: PostgresError.self) {
            try OrderStore.place(try f.database.connect(as: f.a.adminLogin), f.request([.init(itemID: f.burrito)]))
        }
        #expect(error.sqlState == "42501")
    }
}

@Suite("Order queue, transitions, cancel + refund, NOTIFY")
struct OrderQueueTests {
    @Test("the queue: open orders, oldest promised first, lines and options, PENDING only when asked")
    func queue() throws {
        let f = try OrderFixture.make()
        let confirmed = try f.order(in: .confirmed, special: "no onions")
        let ready = try f.order(in: .ready)
        _ = try f.order(in: .completed)
        let (db, scope) = try f.scope(f.staffLogin)
        let store = OrderStore(db, scope: scope)
        let queue = try store.queue(truck: f.a.truckID)
        #expect(queue.map(\.id) == [confirmed, ready])
        let lines = try #require(try queue.first?.lines)
        let line = try #require(lines.first)
        #expect(lines.count == 1)
        #expect(line.sku == "TACO-PASTOR" && line.name == "Taco-Pastor" && line.quantity == 2 && line.options == ["Corn", "Verde"])
        #expect(queue.first?.specialRequests == "no onions")
        #expect(try store.queue(truck: f.a.truckID, includePending: true).count == 3)   // + the fixture's PENDING order
        #expect(try store.queue(truck: f.b.truckID).isEmpty)
        #expect(try store.queue(truckReference: "truck 1").map(\.id) == [confirmed, ready])
        #expect(try store.queue(truckReference: f.a.truckID.uuidString).count == 2)
        let theirs = try #require(throws: ToolError.self) { try store.queue(truckReference: f.b.truckID.uuidString) }
        #expect(theirs.message == "truck \"\(f.b.truckID.uuidString)\" not found")
        let owner = try f.database.connect()
        try owner.query("INSERT INTO trucks (vendor_id, name, plate) VALUES ($1, 'Empty Truck', 'EMPTY-1')", [f.a.vendorID])
        #expect(try store.queue(truckReference: "Empty Truck").isEmpty)
    }

    @Test("start, ready, picked-up, complete move along and record the login; illegal moves name the current state")
    func transitions() throws {
        let f = try OrderFixture.make()
        let id = try f.order(in: .confirmed)
        let (db, scope) = try f.scope(f.staffLogin)
        let store = OrderStore(db, scope: scope)
        let ref = id.uuidString
        let refused = try #require(throws: ToolError.self) { try store.apply(.ready, to: ref) }
        #expect(refused.status == .dataError && refused.message.contains("is CONFIRMED"))
        for action in [OrderAction.start, .ready, .pickedUp, .complete] {
            let result = try store.apply(action, to: ref)
            #expect(result.changed && result.status == action.target)
        }
        let late = try #require(throws: ToolError.self) { try store.apply(.cancel, to: ref, reason: "too late") }
        #expect(late.message.contains("is COMPLETED"))
        let owner = try f.database.connect()
        let actors = try owner.query("SELECT actor FROM order_events WHERE order_id = $1 AND from_status IS NOT NULL AND to_status <> 'CONFIRMED'",
                                     [id]).map { try $0.decode("actor", as: String.self) }
        #expect(actors == Array(repeating: f.staffLogin, count: 4))
        // a short prefix works too
        let other = try f.order(in: .confirmed)
        #expect(try store.apply(.start, to: String(other.uuidString.lowercased().prefix(8))).changed)
    }

    @Test("two staff press 'ready' at once: exactly one changes it, the other is told it is already READY")
    func concurrentReady() throws {
        let f = try OrderFixture.make()
        let id = try f.order(in: .preparing)
        let blocker = try f.database.connect()
        try blocker.execute("BEGIN")
        try blocker.query("SELECT 1 FROM orders WHERE id = $1 FOR UPDATE", [id])
        let conninfo = try f.database.conninfo(user: f.staffLogin)
        let results = ResultBox()
        let group = DispatchGroup()
        for _ in 0..<2 {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                do {
                    let db = try PostgresConnection(conninfo: conninfo)
                    let scope = try VendorScope.resolve(db, requestedSlug: nil)
                    results.add(.success(try OrderStore(db, scope: scope).apply(.ready, to: id.uuidString)))
                } catch {
                    results.add(.failure(error))
                }
            }
        }
        // Both UPDATEs wait on the blocker's row lock before it lets go (bounded wait).
        let observer = try f.database.superuser()
        let deadline = Date().addingTimeInterval(10)
        while try count(observer, "SELECT count(*) FROM pg_stat_activity WHERE usename = $1 AND wait_event_type = 'Lock'",
                        [f.staffLogin]) < 2, Date() < deadline {
            usleep(20_000)
        }
        try blocker.execute("COMMIT")
        #expect(group.wait(timeout: .now() + 20) == .success)
        let outcomes = try results.all.map { try $0.get() }
        #expect(outcomes.count == 2)
        #expect(outcomes.filter(\.changed).count == 1)
        #expect(outcomes.allSatisfy { $0.status == .ready })
        #expect(try count(f.database.connect(), "SELECT count(*) FROM order_events WHERE order_id = $1 AND to_status = 'READY'", [id]) == 1)
    }

    @Test("cancelling a paid order queues exactly one refund in the same transaction; a refused cancel queues nothing")
    func cancelQueuesRefund() throws {
        let f = try OrderFixture.make()
        let id = try f.order(in: .preparing)
        try f.pay(id, cents: 1_049, intent: "pi_test_refund")
        let (db, scope) = try f.scope(f.staffLogin)
        let store = OrderStore(db, scope: scope)
        let result = try store.apply(.cancel, to: id.uuidString, reason: "out of pork")
        #expect(result.changed && result.from == .preparing && result.refundCents == 1_049 && result.refundJobID != nil)
        let owner = try f.database.connect()
        let job = try #require(try owner.queryFirst("SELECT kind, payload, dedupe_key FROM outbox WHERE kind = 'refund'"))
        #expect(try job.decode("dedupe_key", as: String.self) == "refund:order:\(id.postgresText)")
        let payload = try #require(try JSONSerialization.jsonObject(with: Data(try job.decode("payload", as: String.self).utf8)) as? [String: Any])
        #expect(payload["amount_cents"] as? Int == 1_049 && payload["payment_intent_id"] as? String == "pi_test_refund")
        #expect(payload["order_id"] as? String == id.postgresText && payload["requested_by"] as? String == f.staffLogin)
        #expect(try owner.scalar("SELECT reason FROM order_events WHERE order_id = $1 AND to_status = 'CANCELLED'", [id], as: String.self)
                    == "out of pork")
        // again: already CANCELLED, nothing more queued
        let again = try store.apply(.cancel, to: id.uuidString, reason: "again")
        #expect(!again.changed && again.status == .cancelled)
        #expect(try count(owner, "SELECT count(*) FROM outbox WHERE kind = 'refund'") == 1)

        // a READY paid order cannot be cancelled: refused naming READY, no refund queued
        let ready = try f.order(in: .ready)
        try f.pay(ready, cents: 500)
        let refused = try #require(throws: ToolError.self) { try store.apply(.cancel, to: ready.uuidString, reason: "x") }
        #expect(refused.message.contains("is READY"))
        #expect(try count(owner, "SELECT count(*) FROM outbox WHERE kind = 'refund'") == 1)
        // an unpaid order cancels without a refund
        let unpaid = try f.order(in: .confirmed)
        let plain = try store.apply(.cancel, to: unpaid.uuidString, reason: "customer called")
        #expect(plain.changed && plain.refundJobID == nil)
        #expect(try count(owner, "SELECT count(*) FROM outbox WHERE kind = 'refund'") == 1)
        // a blank reason is a usage error
        let blank = try #require(throws: ToolError.self) { try store.apply(.cancel, to: ready.uuidString, reason: "  ") }
        #expect(blank.status == .usage)
    }

    @Test("a vendor's plain UPDATE to CANCELLED queues the refund too (the database is the authority)")
    func directUpdateQueuesRefund() throws {
        let f = try OrderFixture.make()
        let id = try f.order(in: .confirmed)
        try f.pay(id, cents: 700)
        let db = try f.database.connect(as: f.a.adminLogin)
        try db.query("UPDATE orders SET status = 'CANCELLED', cancel_reason = 'psql' WHERE id = $1", [id])
        #expect(try count(f.database.connect(), "SELECT count(*) FROM outbox WHERE dedupe_key = $1", ["refund:order:\(id.postgresText)"]) == 1)
    }

    @Test("taco_cancel_order: vendor A cannot cancel B's order, whatever vendor id it passes; B's order looks missing")
    func cancelFunctionIsolation() throws {
        let f = try OrderFixture.make()
        let db = try f.database.connect(as: f.a.adminLogin)
        for vendor in [f.b.vendorID, f.a.vendorID] {
            let error = try #require(throws: PostgresError.self) {
                try db.query("SELECT * FROM taco_cancel_order($1, $2, 'hijack')", [vendor, f.b.orderID])
            }
            #expect(error.sqlState == "TT006" && error.message == "order \(f.b.orderID.postgresText) not found")
        }
        let missing = try #require(throws: PostgresError.self) {
            try db.query("SELECT * FROM taco_cancel_order($1, $2, 'x')", [f.a.vendorID, UUID()])
        }
        #expect(missing.sqlState == "TT006")
        #expect(try f.database.connect().scalar("SELECT status FROM orders WHERE id = $1", [f.b.orderID], as: String.self) == "PENDING")
        // the store through a real login says the same for B's id and for a random one
        let (adb, scope) = try f.scope(f.a.adminLogin)
        let store = OrderStore(adb, scope: scope)
        let theirs = try #require(throws: ToolError.self) { try store.show(f.b.orderID.uuidString) }
        let random = UUID().uuidString
        let nothing = try #require(throws: ToolError.self) { try store.show(random) }
        #expect(theirs.message == "order \"\(f.b.orderID.uuidString)\" not found")
        #expect(nothing.message == "order \"\(random)\" not found")
        #expect(theirs.status == .dataError && theirs.hint == nothing.hint)
        #expect(throws: ToolError.self) { try store.apply(.cancel, to: f.b.orderID.uuidString, reason: "x") }
        #expect(throws: ToolError.self) { try store.apply(.start, to: String(f.b.orderID.uuidString.prefix(8))) }
        // roles outside the vendor/sysadmin/jobs groups cannot call it at all
        let reporting = try f.database.createLogin(group: "taco_reporting", prefix: "rep")
        let denied = try #require(throws: PostgresError.self) {
            try f.database.connect(as: reporting).query("SELECT * FROM taco_cancel_order($1, $2, 'x')", [f.a.vendorID, f.a.orderID])
        }
        #expect(denied.sqlState == "42501")
    }

    @Test("show: lines, money and the full history")
    func show() throws {
        let f = try OrderFixture.make()
        let id = try f.order(in: .ready)
        let (db, scope) = try f.scope(f.a.adminLogin)
        let detail = try OrderStore(db, scope: scope).show(id.uuidString)
        #expect(detail.order.status == .ready && detail.subtotalCents == 900 && detail.taxCents == 74)
        #expect(detail.events.map(\.to) == ["PENDING", "CONFIRMED", "PREPARING", "READY"])
    }

    @Test("NOTIFY: one notification per vendor per statement on the vendor's own channel, even when 50 rows change")
    func oneNotificationPerStatement() throws {
        let f = try OrderFixture.make()
        for _ in 0..<49 { try f.place(f.request([.init(itemID: f.burrito)])) }
        let listener = try f.database.connect()
        try listener.listen(OrderQueueWatcher.channel(for: f.a.vendorID))
        try listener.listen(OrderQueueWatcher.channel(for: f.b.vendorID))
        let owner = try f.database.connect()
        let changed = try owner.query("UPDATE orders SET status = 'CONFIRMED' WHERE vendor_id = $1 AND status = 'PENDING'", [f.a.vendorID])
        #expect(changed.affectedRows == 50)
        var notes = try listener.waitForNotifications(timeout: .seconds(5))
        notes += try listener.waitForNotifications(timeout: .milliseconds(300))
        #expect(notes.count == 1)
        let note = try #require(notes.first)
        let payload = try #require(try JSONSerialization.jsonObject(with: Data(note.payload.utf8)) as? [String: Any])
        #expect(payload["vendor_id"] as? String == f.a.vendorID.postgresText)
        #expect(note.channel == OrderQueueWatcher.channel(for: f.a.vendorID))
        #expect(payload["count"] as? Int == 50 && payload["truncated"] as? Bool == true && payload["op"] as? String == "update")
        #expect((payload["orders"] as? [Any])?.count == 40)
        #expect(try #require(notes.first).payload.utf8.count < 8000)
        // one statement touching two vendors: one notification each; an update that changes nothing: none
        try owner.query("UPDATE orders SET special_requests = 'x' WHERE id = ANY($1::uuid[])",
                        [[f.a.orderID.postgresText, f.b.orderID.postgresText]])
        try owner.query("UPDATE orders SET special_requests = 'x' WHERE id = $1", [f.b.orderID])
        notes = try listener.waitForNotifications(timeout: .seconds(5))
        notes += try listener.waitForNotifications(timeout: .milliseconds(300))
        #expect(notes.count == 2)
        #expect(Set(notes.map(\.channel)) == [OrderQueueWatcher.channel(for: f.a.vendorID), OrderQueueWatcher.channel(for: f.b.vendorID)])
        #expect(Set(notes.compactMap { try? JSONSerialization.jsonObject(with: Data($0.payload.utf8)) as? [String: Any] }
                        .compactMap { $0["vendor_id"] as? String }) == [f.a.vendorID.postgresText, f.b.vendorID.postgresText])
    }

    @Test("sales by day, hour and item for the vendor's own counted orders; staff may not read money")
    func sales() throws {
        let f = try OrderFixture.make()
        let done = try f.order(in: .completed)                   // 900 + 74 tax
        _ = try f.order(in: .cancelled)                          // not a sale
        _ = try f.order(in: .ready)                              // 900 + 74
        let owner = try f.database.connect()
        try owner.query("INSERT INTO refunds (order_id, vendor_id, amount_cents, status) VALUES ($1, $2, 100, 'succeeded')",
                        [done, f.a.vendorID])
        let today: String = try owner.scalar("SELECT (now() AT TIME ZONE 'America/Chicago')::date::text")
        let day = try #require(LocalDate(today))
        let (db, scope) = try f.scope(f.a.adminLogin)
        let store = SalesStore(db, scope: scope)
        let byDay = try store.report(from: day.adding(days: -1), to: day, by: .day)
        #expect(byDay.rows.count == 2)
        #expect(byDay.rows.last == [.text(today), .int(2), .int(1_800), .int(148), .int(0), .int(0), .int(100), .int(1_700)])
        #expect(byDay.rows.first?[1] == .int(0))
        let byItem = try store.report(from: day, to: day, by: .item)
        #expect(byItem.rows == [[.text("TACO-PASTOR"), .text("Taco-Pastor"), .int(4), .int(2), .int(1_800)]])
        let byHour = try store.report(from: day, to: day, by: .hour)
        #expect(byHour.rows.reduce(0) { if case .int(let n) = $1[2] { return $0 + Int(n) } else { return $0 } } == 2)
        // vendor B sees none of it
        let (bdb, bscope) = try f.scope(f.b.adminLogin)
        #expect(try SalesStore(bdb, scope: bscope).report(from: day, to: day, by: .item).rows.isEmpty)
        let (sdb, sscope) = try f.scope(f.staffLogin)
        let denied = try #require(throws: PostgresError.self) { try SalesStore(sdb, scope: sscope).report(from: day, to: day, by: .day) }
        #expect(denied.sqlState == "42501")
    }
}

private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<OrderTransitionResult, any Error>] = []
    func add(_ result: Result<OrderTransitionResult, any Error>) { lock.lock(); results.append(result); lock.unlock() }
    var all: [Result<OrderTransitionResult, any Error>] { lock.lock(); defer { lock.unlock() }; return results }
}

import Foundation
import TacoIntegrations
import TacoKit
import TacoTestSupport
import Testing

private let secret = "whsec_test_secret"

private func event(_ id: String, _ type: String, intent: String, order: UUID?, amount: Int = 900, failure: String? = nil) -> Data {
    var object: [String: Any] = ["id": intent, "object": "payment_intent", "amount": amount, "amount_received": amount,
                                 "currency": "usd", "metadata": order.map { ["order_id": $0.uuidString.lowercased()] } ?? [:]]
    if let failure { object["last_payment_error"] = ["message": failure] }
    let root: [String: Any] = ["id": id, "object": "event", "type": type, "data": ["object": object]]
    return (try? JSONSerialization.data(withJSONObject: root)) ?? Data()
}

private func uniqueID(_ prefix: String) -> String { prefix + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(14).lowercased() }

@Suite("Stripe webhook signatures")
struct StripeWebhookSignatureTests {
    let payload = event("evt_sig", "payment_intent.succeeded", intent: "pi_sig", order: nil)
    let t: Int64 = 1_800_000_000
    func verifier(at seconds: Int64, secret: String = secret) -> StripeWebhookVerifier {
        StripeWebhookVerifier(secret: secret, now: { Date(timeIntervalSince1970: TimeInterval(seconds)) })
    }

    @Test("a correctly signed payload verifies and parses")
    func valid() throws {
        let header = StripeWebhookVerifier.signatureHeader(payload: payload, secret: secret, timestamp: t)
        let parsed = try verifier(at: t + 10).verify(payload: payload, header: header)
        #expect(parsed.id == "evt_sig" && parsed.type == "payment_intent.succeeded" && parsed.objectID == "pi_sig")
        #expect(parsed.amountCents == 900 && parsed.currency == "USD")
    }

    @Test("a tampered payload is a bad signature")
    func tampered() {
        let header = StripeWebhookVerifier.signatureHeader(payload: payload, secret: secret, timestamp: t)
        var changed = payload
        changed.append(UInt8(ascii: " "))
        #expect(throws: StripeWebhookError.badSignature) { try verifier(at: t).verify(payload: changed, header: header) }
    }

    @Test("a signature made with another secret is a bad signature")
    func wrongSecret() {
        let header = StripeWebhookVerifier.signatureHeader(payload: payload, secret: "whsec_other", timestamp: t)
        #expect(throws: StripeWebhookError.badSignature) { try verifier(at: t).verify(payload: payload, header: header) }
    }

    @Test("a timestamp older than the 300 s tolerance is refused; exactly 300 s is accepted")
    func oldTimestamp() throws {
        let header = StripeWebhookVerifier.signatureHeader(payload: payload, secret: secret, timestamp: t)
        #expect(throws: StripeWebhookError.tooOld(ageSeconds: 301, toleranceSeconds: 300)) {
            try verifier(at: t + 301).verify(payload: payload, header: header)
        }
        _ = try verifier(at: t + 300).verify(payload: payload, header: header)
    }

    @Test("a signed timestamp cannot be swapped for a fresh one")
    func swappedTimestamp() {
        let header = StripeWebhookVerifier.signatureHeader(payload: payload, secret: secret, timestamp: t)
        let forged = header.replacingOccurrences(of: "t=\(t)", with: "t=\(t + 1000)")
        #expect(throws: StripeWebhookError.badSignature) { try verifier(at: t + 1000).verify(payload: payload, header: forged) }
    }

    @Test("malformed headers are told apart from bad signatures", arguments: [
        "", "garbage", "v1=" + String(repeating: "a", count: 64), "t=notanumber,v1=" + String(repeating: "a", count: 64),
        "t=1800000000", "t=1800000000,v0=" + String(repeating: "a", count: 64),
    ])
    func malformed(header: String) {
        #expect {
            try verifier(at: t).verify(payload: payload, header: header)
        } throws: { error in
            if case .malformedHeader = error as? StripeWebhookError { return true }
            return false
        }
    }

    @Test("any one matching v1 among several is accepted (secret rotation)")
    func multipleV1() throws {
        let good = StripeWebhookVerifier.signatureHeader(payload: payload, secret: secret, timestamp: t)
        let goodSignature = try #require(good.split(separator: ",").last)
        let other = StripeWebhookVerifier.signatureHeader(payload: payload, secret: "whsec_old", timestamp: t)
        let otherSignature = try #require(other.split(separator: ",").last)
        let header = "t=\(t),\(otherSignature),v1=zz,\(goodSignature),v0=abc"
        #expect(try verifier(at: t).verify(payload: payload, header: header).id == "evt_sig")
        #expect(throws: StripeWebhookError.badSignature) {
            try verifier(at: t).verify(payload: payload, header: "t=\(t),\(otherSignature),\(otherSignature)")
        }
    }

    @Test("a signed body that is not an event is refused")
    func notAnEvent() {
        let body = Data("{\"hello\": 1}".utf8)
        let header = StripeWebhookVerifier.signatureHeader(payload: body, secret: secret, timestamp: t)
        #expect(throws: StripeWebhookError.malformedEvent("no id")) { try verifier(at: t).verify(payload: body, header: header) }
    }
}

@Suite("Stripe webhook processing (exactly once, as a taco_jobs login)")
struct StripeWebhookProcessingTests {
    private func counts(_ db: PostgresConnection, _ order: UUID) throws -> (payments: Int, events: Int, outbox: Int) {
        (try db.scalar("SELECT count(*)::int FROM payments WHERE order_id = $1", [order]),
         try db.scalar("SELECT count(*)::int FROM order_events WHERE order_id = $1", [order]),
         try db.scalar("SELECT count(*)::int FROM outbox WHERE payload ->> 'order_id' = $1::text", [order]))
    }

    @Test("payment_intent.succeeded confirms the PENDING order and records the payment; a replay changes nothing")
    func succeededOnce() throws {
        let f = try OrderFixture.make()
        let order = try f.order(in: .pending)
        let jobs = try f.database.connect(as: f.jobsLogin)
        let owner = try f.database.connect()
        let intent = uniqueID("pi_")
        let total: Int = try owner.scalar("SELECT total_cents FROM orders WHERE id = $1", [order])
        let parsed = try StripeEvent(json: event(uniqueID("evt_"), "payment_intent.succeeded", intent: intent, order: order, amount: total))
        let outcome = try StripeWebhookProcessor.process(jobs, parsed)
        #expect(outcome.result == .confirmed && outcome.orderID == order)
        #expect(try owner.scalar("SELECT status FROM orders WHERE id = $1", [order], as: String.self) == "CONFIRMED")
        let payment = try #require(try owner.queryFirst("SELECT amount_cents, status, currency FROM payments WHERE stripe_payment_intent_id = $1", [intent]))
        #expect(try payment.decode("amount_cents", as: Int.self) == total)
        #expect(try payment.decode("status", as: String.self) == "succeeded")
        let before = try counts(owner, order)
        let updatedAt: Date = try owner.scalar("SELECT updated_at FROM orders WHERE id = $1", [order])

        let replay = try StripeWebhookProcessor.process(jobs, parsed)
        #expect(replay.result == .replayed)
        let after = try counts(owner, order)
        #expect(after.payments == before.payments && after.events == before.events && after.outbox == 0)
        #expect(try owner.scalar("SELECT updated_at FROM orders WHERE id = $1", [order], as: Date.self) == updatedAt)
        #expect(try owner.scalar("SELECT count(*)::int FROM processed_webhook_events WHERE event_id = $1", [parsed.id], as: Int.self) == 1)
    }

    @Test("the same event delivered twice at once is applied by exactly one of them")
    func concurrentDeliveries() throws {
        let f = try OrderFixture.make()
        let order = try f.order(in: .pending)
        let total: Int = try f.database.connect().scalar("SELECT total_cents FROM orders WHERE id = $1", [order])
        let parsed = try StripeEvent(json: event(uniqueID("evt_"), "payment_intent.succeeded", intent: uniqueID("pi_"), order: order, amount: total))
        let database = f.database
        let login = f.jobsLogin
        let results = ResultBox()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            do {
                results.add(try StripeWebhookProcessor.process(try database.connect(as: login), parsed).result.rawValue)
            } catch {
                results.add("error: \(error)")
            }
        }
        #expect(results.all.sorted() == ["confirmed", "replayed", "replayed", "replayed"])
        let owner = try f.database.connect()
        #expect(try owner.scalar("SELECT count(*)::int FROM payments WHERE order_id = $1", [order], as: Int.self) == 1)
        #expect(try owner.scalar("SELECT count(*)::int FROM order_events WHERE order_id = $1 AND to_status = 'CONFIRMED'", [order], as: Int.self) == 1)
    }

    @Test("a succeeded payment that does not match the order total cancels the order and queues its refund")
    func amountMismatch() throws {
        let f = try OrderFixture.make()
        let order = try f.order(in: .pending)
        let jobs = try f.database.connect(as: f.jobsLogin)
        let total: Int = try jobs.scalar("SELECT total_cents FROM orders WHERE id = $1", [order])
        let outcome = try StripeWebhookProcessor.process(jobs, try StripeEvent(json: event(uniqueID("evt_"), "payment_intent.succeeded",
                                                                                            intent: uniqueID("pi_"), order: order, amount: 1)))
        #expect(outcome.result == .cancelled)
        let row = try #require(try jobs.queryFirst("SELECT status, cancel_reason FROM orders WHERE id = $1", [order]))
        #expect(try row.decode("status", as: String.self) == "CANCELLED")
        #expect(try row.decode("cancel_reason", as: String.self) == "payment mismatch: received 1 USD, order total \(total) USD")
        #expect(try jobs.scalar("SELECT (payload ->> 'amount_cents')::int FROM outbox WHERE kind = 'refund'", as: Int.self) == 1)
    }

    @Test("payment_intent.payment_failed cancels the PENDING order with a reason and queues no refund")
    func failedCancels() throws {
        let f = try OrderFixture.make()
        let order = try f.order(in: .pending)
        let jobs = try f.database.connect(as: f.jobsLogin)
        let owner = try f.database.connect()
        let parsed = try StripeEvent(json: event(uniqueID("evt_"), "payment_intent.payment_failed", intent: uniqueID("pi_"),
                                                 order: order, failure: "Your card was declined."))
        let outcome = try StripeWebhookProcessor.process(jobs, parsed)
        #expect(outcome.result == .cancelled)
        let row = try #require(try owner.queryFirst("SELECT status, cancel_reason FROM orders WHERE id = $1", [order]))
        #expect(try row.decode("status", as: String.self) == "CANCELLED")
        #expect(try row.decode("cancel_reason", as: String.self) == "payment failed: Your card was declined.")
        #expect(try counts(owner, order).outbox == 0)
        #expect(try StripeWebhookProcessor.process(jobs, parsed).result == .replayed)
    }

    @Test("payment_intent.canceled matched by the payment intent id alone cancels the order")
    func canceledByIntent() throws {
        let f = try OrderFixture.make()
        let order = try f.order(in: .pending)
        let intent = uniqueID("pi_")
        try f.database.connect().query("""
            INSERT INTO payments (order_id, vendor_id, stripe_payment_intent_id, amount_cents, status)
            SELECT id, vendor_id, $2, 900, 'pending' FROM orders WHERE id = $1
            """, [order, intent])
        let jobs = try f.database.connect(as: f.jobsLogin)
        let outcome = try StripeWebhookProcessor.process(jobs, try StripeEvent(json: event(uniqueID("evt_"), "payment_intent.canceled", intent: intent, order: nil)))
        #expect(outcome.result == .cancelled && outcome.orderID == order)
        #expect(try jobs.scalar("SELECT status FROM payments WHERE stripe_payment_intent_id = $1", [intent], as: String.self) == "canceled")
    }

    @Test("unknown event types and unknown orders are acknowledged and change nothing")
    func ignored() throws {
        let f = try OrderFixture.make()
        let jobs = try f.database.connect(as: f.jobsLogin)
        let unknown = try StripeWebhookProcessor.process(jobs, StripeEvent(id: uniqueID("evt_"), type: "customer.created"))
        #expect(unknown.result == .ignored)
        let missing = try StripeWebhookProcessor.process(jobs, try StripeEvent(json: event(uniqueID("evt_"), "payment_intent.succeeded",
                                                                                            intent: uniqueID("pi_"), order: UUID())))
        #expect(missing.result == .ignored)
        #expect(try jobs.scalar("SELECT count(*)::int FROM payments", as: Int.self) == 0)
    }

    @Test("money arriving for an already cancelled order queues its refund once")
    func latePaymentRefunded() throws {
        let f = try OrderFixture.make()
        let order = try f.order(in: .cancelled)
        let jobs = try f.database.connect(as: f.jobsLogin)
        let outcome = try StripeWebhookProcessor.process(jobs, try StripeEvent(json: event(uniqueID("evt_"), "payment_intent.succeeded",
                                                                                            intent: uniqueID("pi_"), order: order, amount: 700)))
        #expect(outcome.result == .refundQueued)
        let amount: Int = try jobs.scalar("SELECT (payload ->> 'amount_cents')::int FROM outbox WHERE dedupe_key = $1", ["refund:order:\(order.uuidString.lowercased())"])
        #expect(amount == 700)
        #expect(try jobs.scalar("SELECT status FROM orders WHERE id = $1", [order], as: String.self) == "CANCELLED")
    }
}

private final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value = Date()
    var now: Date { lock.withLock { value } }
    func advance(_ seconds: TimeInterval) { lock.withLock { value += seconds } }
}

private final class RecordingProvider: OutboxProvider, @unchecked Sendable {
    let kind = "push"
    private let lock = NSLock()
    private var delivered: [Int64] = []
    private let hook: @Sendable (Int) -> Void
    init(hook: @escaping @Sendable (Int) -> Void = { _ in }) { self.hook = hook }
    var ids: [Int64] { lock.withLock { delivered } }
    func deliver(_ job: OutboxJob) throws(OutboxDeliveryError) -> OutboxDelivery {
        usleep(1_000)
        let count = lock.withLock { delivered.append(job.id); return delivered.count }
        hook(count)
        return OutboxDelivery()
    }
}

private struct TakeoverProvider: OutboxProvider {
    let kind = "push"
    func deliver(_ job: OutboxJob) throws(OutboxDeliveryError) -> OutboxDelivery { OutboxDelivery(reference: "takeover") }
}

@Suite("Outbox dispatcher")
struct OutboxDispatcherTests {
    private func setup() throws -> (OrderFixture, PostgresConnection, PostgresConnection) {
        let f = try OrderFixture.make()
        return (f, try f.database.connect(as: f.jobsLogin), try f.database.connect())
    }

    @discardableResult
    private func enqueue(_ db: PostgresConnection, kind: String = "push", count: Int = 1) throws -> [Int64] {
        try db.query("""
            INSERT INTO outbox (kind, payload, dedupe_key)
            SELECT $1, jsonb_build_object('n', g), $1 || ':' || gen_random_uuid() FROM generate_series(1, $2) g RETURNING id
            """, [kind, count]).map { try $0.decode("id", as: Int64.self) }
    }

    private func job(_ db: PostgresConnection, _ id: Int64) throws -> (status: String, attempts: Int, dueIn: Double, error: String?) {
        let row = try #require(try db.queryFirst("""
            SELECT status, attempts, extract(epoch FROM run_after - now())::float8 AS due_in, last_error FROM outbox WHERE id = $1
            """, [id]))
        return (try row.decode("status"), try row.decode("attempts"), try row.decode("due_in"), try row.decode("last_error"))
    }

    @Test("a delivered job is done, sent once with its dedupe key as Idempotency-Key")
    func delivered() throws {
        let (_, jobs, _) = try setup()
        let fake = try OutboxFakeProvider()
        let id = try #require(try enqueue(jobs).first)
        let key: String = try jobs.scalar("SELECT dedupe_key FROM outbox WHERE id = $1", [id])
        let provider = HTTPJSONOutboxProvider(kind: "push", endpoint: try #require(URL(string: fake.baseURL + "/push")))
        let dispatcher = OutboxDispatcher(jobs, providers: [provider])
        let report = try dispatcher.drain()
        #expect(report.claimed == 1 && report.delivered == 1 && report.retried == 0 && report.dead == 0)
        let state = try job(jobs, id)
        #expect(state.status == "done" && state.attempts == 1 && state.error == nil)
        let calls = try fake.calls()
        #expect(calls.count == 1 && calls.first?["idempotency_key"] as? String == key && calls.first?["path"] as? String == "/push")
        #expect(try dispatcher.drain().claimed == 0)
    }

    @Test("a provider answering 500 reschedules with growing backoff, then dead-letters after N attempts")
    func backoffThenDead() throws {
        let (_, jobs, owner) = try setup()
        let fake = try OutboxFakeProvider()
        try fake.force(status: 500)
        let id = try #require(try enqueue(jobs).first)
        var policy = OutboxPolicy()
        policy.maxAttempts = 3
        policy.backoffBase = 100
        policy.jitter = { $0 }
        policy.breakerThreshold = 100
        let dispatcher = OutboxDispatcher(jobs, providers: [HTTPJSONOutboxProvider(kind: "push", endpoint: try #require(URL(string: fake.baseURL)))],
                                          policy: policy)
        var delays: [Double] = []
        for attempt in 1...2 {
            let report = try dispatcher.runOnce()
            #expect(report.retried == 1)
            let state = try job(jobs, id)
            #expect(state.status == "pending" && state.attempts == attempt)
            #expect(state.error?.contains("HTTP 500") == true)
            delays.append(state.dueIn)
            #expect(try dispatcher.runOnce().claimed == 0)   // not due yet
            try owner.query("UPDATE outbox SET run_after = now() WHERE id = $1", [id])
        }
        #expect(delays[0] > 90 && delays[0] <= 100 && delays[1] > 190 && delays[1] <= 200)
        #expect(try dispatcher.runOnce().dead == 1)
        #expect(try job(jobs, id).status == "dead" && job(jobs, id).attempts == 3)
        #expect(try fake.calls().count == 3)
        #expect(policy.backoffCeiling(attempts: 30) == policy.backoffCap)
    }

    @Test("a delivery whose database record fails is rescheduled with the error, not marked done")
    func recordFailure() throws {
        let (_, jobs, _) = try setup()
        let id = try #require(try enqueue(jobs).first)
        let report = try OutboxDispatcher(jobs, providers: [FailingRecordProvider()]).runOnce()
        #expect(report.delivered == 0 && report.retried == 1)
        let state = try job(jobs, id)
        #expect(state.status == "pending" && state.attempts == 1)
        #expect(state.error?.contains("recording it failed") == true)
    }

    @Test("a definite refusal (HTTP 400) dead-letters at once")
    func refusalIsDead() throws {
        let (_, jobs, _) = try setup()
        let fake = try OutboxFakeProvider()
        try fake.force(status: 400)
        let id = try #require(try enqueue(jobs).first)
        let dispatcher = OutboxDispatcher(jobs, providers: [HTTPJSONOutboxProvider(kind: "push", endpoint: try #require(URL(string: fake.baseURL)))])
        #expect(try dispatcher.runOnce().dead == 1)
        #expect(try job(jobs, id).status == "dead")
    }

    @Test("the circuit opens after K failures, the jobs stay pending untouched, and a half-open trial closes it")
    func circuitBreaker() throws {
        let (_, jobs, owner) = try setup()
        let fake = try OutboxFakeProvider()
        try fake.force(status: 503)
        let ids = try enqueue(jobs, count: 5)
        try owner.query("UPDATE outbox SET run_after = now() - make_interval(secs => (100 - (id - $1))::float8) WHERE id = ANY($2::bigint[])",
                        [ids[0], ids.map(String.init)])
        let clock = ManualClock()
        var policy = OutboxPolicy()
        policy.breakerThreshold = 2
        policy.breakerCooldown = 60
        policy.jitter = { _ in 0 }
        let dispatcher = OutboxDispatcher(jobs, providers: [HTTPJSONOutboxProvider(kind: "push", endpoint: try #require(URL(string: fake.baseURL)))],
                                          policy: policy, now: { clock.now })
        let first = try dispatcher.runOnce(limit: 10)
        #expect(first.claimed == 5 && first.retried == 2 && first.deferred == 3)
        #expect(dispatcher.breakerState("push") == .open)
        let pending: Int = try jobs.scalar("SELECT count(*)::int FROM outbox WHERE status = 'pending' AND attempts = 0 AND run_after <= now()")
        #expect(pending == 3)
        #expect(try dispatcher.runOnce(limit: 10).claimed == 0)
        #expect(try fake.calls().count == 2)

        clock.advance(61)
        #expect(dispatcher.breakerState("push") == .halfOpen)
        try fake.force(status: 200)
        let recovered = try dispatcher.drain(batch: 10)
        #expect(recovered.delivered == 5)
        #expect(dispatcher.breakerState("push") == .closed)
        #expect(try jobs.scalar("SELECT count(*)::int FROM outbox WHERE status = 'done'", as: Int.self) == 5)
    }

    @Test("a failed half-open trial re-opens the circuit")
    func halfOpenFailure() {
        var breaker = CircuitBreaker(threshold: 3, cooldown: 10)
        let start = Date()
        for _ in 0..<3 { breaker.recordFailure(at: start) }
        #expect(breaker.state(at: start) == .open)
        let whileOpen = breaker.allow(at: start)
        #expect(!whileOpen)
        let later = start + 11
        let trial = breaker.allow(at: later)
        let second = breaker.allow(at: later)
        #expect(trial && !second)   // one trial only
        breaker.recordFailure(at: later)
        #expect(breaker.state(at: later + 1) == .open)
        let nextTrial = breaker.allow(at: later + 11)
        #expect(nextTrial)
        breaker.recordSuccess()
        #expect(breaker.state(at: later + 11) == .closed)
    }

    @Test("two dispatchers on two connections never deliver the same job twice")
    func skipLocked() throws {
        let (f, jobs, _) = try setup()
        let ids = try enqueue(jobs, count: 80)
        let provider = RecordingProvider()
        let database = f.database
        let login = f.jobsLogin
        let failures = ManualFailures()
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            do {
                let db = try database.connect(as: login)
                _ = try OutboxDispatcher(db, providers: [provider]).drain(batch: 5)
            } catch {
                failures.add("\(error)")
            }
        }
        #expect(failures.all.isEmpty)
        #expect(provider.ids.count == ids.count)
        #expect(Set(provider.ids) == Set(ids))
        #expect(try jobs.scalar("SELECT count(*)::int FROM outbox WHERE status = 'done' AND attempts = 1", as: Int.self) == ids.count)
    }

    @Test("a job whose lease ran out mid-batch and was taken over is not delivered again")
    func lostLease() throws {
        let (f, jobs, owner) = try setup()
        let ids = try enqueue(jobs, count: 2)
        try owner.query("UPDATE outbox SET run_after = now() - interval '1 minute' WHERE id = $1", [ids[0]])
        let database = f.database
        let login = f.jobsLogin
        let failures = ManualFailures()
        let provider = RecordingProvider { count in
            guard count == 1 else { return }
            // While the first job is being delivered, the second one's lease runs out and another dispatcher takes it.
            do {
                try database.connect().query("UPDATE outbox SET run_after = now() - interval '1 second' WHERE id = $1", [ids[1]])
                _ = try OutboxDispatcher(try database.connect(as: login), providers: [TakeoverProvider()]).runOnce()
            } catch {
                failures.add("\(error)")
            }
        }
        let report = try OutboxDispatcher(jobs, providers: [provider]).runOnce()
        #expect(failures.all.isEmpty)
        #expect(report.claimed == 2 && report.delivered == 1 && report.lost == 1)
        #expect(provider.ids == [ids[0]])
        #expect(try jobs.scalar("SELECT count(*)::int FROM outbox WHERE status = 'done' AND attempts = 1", as: Int.self) == 2)
    }

    @Test("a cancelled paid order's refund goes to Stripe's /v1/refunds once and is recorded")
    func refundDelivered() throws {
        let (f, jobs, owner) = try setup()
        let fake = try OutboxFakeProvider()
        let order = try f.order(in: .confirmed)
        try f.pay(order, cents: 950, intent: "pi_refund_me")
        try owner.query("UPDATE orders SET status = 'CANCELLED', cancel_reason = 'truck broke down' WHERE id = $1", [order])
        let provider = StripeRefundOutboxProvider(baseURL: try #require(URL(string: fake.baseURL)), apiKey: "sk_test_outbox")
        let report = try OutboxDispatcher(jobs, providers: [provider]).drain()
        #expect(report.delivered == 1)
        let calls = try fake.calls()
        #expect(calls.count == 1)
        #expect(calls.first?["path"] as? String == "/v1/refunds")
        #expect(calls.first?["authorization"] as? String == "Bearer sk_test_outbox")
        #expect(calls.first?["idempotency_key"] as? String == "refund:order:\(order.uuidString.lowercased())")
        let body = calls.first?["body"] as? String ?? ""
        #expect(body.contains("payment_intent=pi_refund_me") && body.contains("amount=950"))
        let refund = try #require(try owner.queryFirst("SELECT amount_cents, status, stripe_refund_id FROM refunds WHERE order_id = $1", [order]))
        #expect(try refund.decode("amount_cents", as: Int.self) == 950)
        #expect(try refund.decode("stripe_refund_id", as: String.self) == "re_1")
    }

    @Test("stale PENDING orders without a payment are cancelled with 'payment not received'; others are kept")
    func expirePending() throws {
        let (f, jobs, owner) = try setup()
        let stale = try f.order(in: .pending)
        let fresh = try f.order(in: .pending)
        let stalePaid = try f.order(in: .pending)
        try f.pay(stalePaid, cents: 900)
        try owner.query("UPDATE orders SET placed_at = now() - interval '20 minutes' WHERE id = ANY($1::uuid[])",
                        [[stale, stalePaid].map { $0.uuidString }])
        let cancelled = try OutboxDispatcher.cancelStalePending(jobs, olderThan: 900)
        #expect(cancelled == [stale])
        let row = try #require(try owner.queryFirst("SELECT status, cancel_reason FROM orders WHERE id = $1", [stale]))
        #expect(try row.decode("status", as: String.self) == "CANCELLED")
        #expect(try row.decode("cancel_reason", as: String.self) == "payment not received")
        #expect(try owner.scalar("SELECT status FROM orders WHERE id = $1", [fresh], as: String.self) == "PENDING")
        #expect(try owner.scalar("SELECT status FROM orders WHERE id = $1", [stalePaid], as: String.self) == "PENDING")
        #expect(try owner.scalar("SELECT count(*)::int FROM outbox WHERE kind = 'refund'", as: Int.self) == 0)
        #expect(try OutboxDispatcher.cancelStalePending(jobs, olderThan: 900).isEmpty)
    }
}

private final class ManualFailures: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    var all: [String] { lock.withLock { items } }
    func add(_ text: String) { lock.withLock { items.append(text) } }
}

private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    var all: [String] { lock.withLock { items } }
    func add(_ text: String) { lock.withLock { items.append(text) } }
}

private struct FailingRecordProvider: OutboxProvider {
    let kind = "push"
    func deliver(_ job: OutboxJob) throws(OutboxDeliveryError) -> OutboxDelivery {
        OutboxDelivery(reference: "x") { tx in _ = try tx.query("SELECT 1 / 0") }
    }
}

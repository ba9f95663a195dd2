import Crypto
import Foundation
import TacoKit

/// Why a Stripe webhook was refused before anything was read from it (each answers HTTP 400).
public enum StripeWebhookError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The Stripe-Signature header has no `t=` timestamp, a non-numeric one, or no `v1=` signature.
    case malformedHeader(String)
    /// No v1 signature matches HMAC-SHA256(secret, "t.payload").
    case badSignature
    /// The signed timestamp is older than the tolerance (a replay of a captured request).
    case tooOld(ageSeconds: Int64, toleranceSeconds: Int64)
    /// The signed body is not a Stripe event object.
    case malformedEvent(String)

    public var description: String {
        switch self {
        case .malformedHeader(let why): return "malformed Stripe-Signature header: \(why)"
        case .badSignature: return "no Stripe-Signature v1 signature matches the payload"
        case .tooOld(let age, let tolerance): return "webhook timestamp is \(age) s old (tolerance \(tolerance) s)"
        case .malformedEvent(let why): return "webhook payload is not a Stripe event: \(why)"
        }
    }
}

/// A Stripe event as far as orders care: the id, the type and `data.object`.
public struct StripeEvent: Sendable, Equatable {
    public var id: String
    public var type: String
    /// `data.object.id` (a payment intent id for payment_intent.* events).
    public var objectID: String?
    /// `data.object.amount_received`, else `data.object.amount`.
    public var amountCents: Int64?
    /// Upper-cased ISO currency of the object.
    public var currency: String?
    /// `data.object.metadata`, values as strings.
    public var metadata: [String: String]
    /// `last_payment_error.message` or `cancellation_reason`.
    public var failureMessage: String?

    public init(id: String, type: String, objectID: String? = nil, amountCents: Int64? = nil, currency: String? = nil,
                metadata: [String: String] = [:], failureMessage: String? = nil) {
        self.id = id
        self.type = type
        self.objectID = objectID
        self.amountCents = amountCents
        self.currency = currency
        self.metadata = metadata
        self.failureMessage = failureMessage
    }

    /// Parses Stripe's event JSON.
    public init(json: Data) throws(StripeWebhookError) {
        guard let root = (try? JSONSerialization.jsonObject(with: json)) as? [String: Any] else {
            throw .malformedEvent("not a JSON object")
        }
        guard let id = root["id"] as? String, !id.isEmpty else { throw .malformedEvent("no id") }
        guard let type = root["type"] as? String, !type.isEmpty else { throw .malformedEvent("no type") }
        let object = (root["data"] as? [String: Any])?["object"] as? [String: Any] ?? [:]
        var metadata: [String: String] = [:]
        for (key, value) in object["metadata"] as? [String: Any] ?? [:] { metadata[key] = "\(value)" }
        let amount = (object["amount_received"] as? NSNumber) ?? (object["amount"] as? NSNumber)
        let failure = ((object["last_payment_error"] as? [String: Any])?["message"] as? String)
            ?? (object["cancellation_reason"] as? String)
        self.init(id: id, type: type, objectID: object["id"] as? String, amountCents: amount?.int64Value,
                  currency: (object["currency"] as? String)?.uppercased(), metadata: metadata, failureMessage: failure)
    }
}

/// Verifies `Stripe-Signature` headers as Stripe documents it: HMAC-SHA256 over "t.payload" with the endpoint
/// secret, any matching v1 accepted (secret rotation sends several), then the timestamp tolerance.
public struct StripeWebhookVerifier: Sendable {
    public static let defaultTolerance: Int64 = 300
    private let secret: Data
    public let toleranceSeconds: Int64
    private let now: @Sendable () -> Date

    /// `secret` is the endpoint's `whsec_…` signing secret; `now` is injectable for tests.
    public init(secret: String, toleranceSeconds: Int64 = StripeWebhookVerifier.defaultTolerance,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.secret = Data(secret.utf8)
        self.toleranceSeconds = toleranceSeconds
        self.now = now
    }

    /// Checks the header against the raw body (the exact bytes received) and returns the parsed event.
    public func verify(payload: Data, header: String) throws(StripeWebhookError) -> StripeEvent {
        let (timestamp, signatures) = try Self.parse(header: header)
        var signed = Data("\(timestamp).".utf8)
        signed.append(payload)
        // isValidAuthenticationCode compares in constant time; every candidate is checked (no early exit on length).
        let key = SymmetricKey(data: secret)
        var matched = false
        for signature in signatures {
            if HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: signed, using: key) { matched = true }
        }
        guard matched else { throw .badSignature }
        let age = Int64(now().timeIntervalSince1970.rounded(.down)) - timestamp
        if toleranceSeconds > 0, age > toleranceSeconds { throw .tooOld(ageSeconds: age, toleranceSeconds: toleranceSeconds) }
        return try StripeEvent(json: payload)
    }

    /// The header Stripe would send for `payload` at `timestamp` (for clients and tests).
    public static func signatureHeader(payload: Data, secret: String, timestamp: Int64) -> String {
        var signed = Data("\(timestamp).".utf8)
        signed.append(payload)
        let mac = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: Data(secret.utf8)))
        return "t=\(timestamp),v1=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    static func parse(header: String) throws(StripeWebhookError) -> (Int64, [Data]) {
        var timestamp: Int64?
        var signatures: [Data] = []
        for item in header.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let key = parts[0].trimmingCharacters(in: .whitespaces)
            let value = parts[1].trimmingCharacters(in: .whitespaces)
            switch key {
            case "t":
                guard let t = Int64(value), t >= 0 else { throw .malformedHeader("t=\(value.prefix(20)) is not a Unix timestamp") }
                timestamp = t
            case "v1":
                // A v1 that is not 64 hex digits can never match; keep it out rather than refusing the header.
                if let data = Data(hexDigits: value.utf8), data.count == 32 { signatures.append(data) }
            default:
                continue   // v0 and future schemes are ignored, as Stripe's libraries do
            }
        }
        guard let timestamp else { throw .malformedHeader("no t= timestamp") }
        guard !signatures.isEmpty else { throw .malformedHeader("no v1= signature") }
        return (timestamp, signatures)
    }
}

/// What processing one event did.
public struct StripeWebhookOutcome: Sendable, Equatable {
    public enum Result: String, Sendable, Equatable {
        /// The order moved PENDING → CONFIRMED and the payment was recorded.
        case confirmed
        /// The PENDING order was cancelled after a failed or canceled payment.
        case cancelled
        /// The payment was recorded; the order was past PENDING (nothing else to do).
        case recorded
        /// A payment arrived for an order already cancelled: recorded, and its refund queued.
        case refundQueued = "refund_queued"
        /// Seen before: acknowledged, nothing changed.
        case replayed
        /// Not an event we act on, or no matching order: acknowledged, nothing changed but the marker.
        case ignored
    }
    public var eventID: String
    public var type: String
    public var result: Result
    public var orderID: UUID?
    public var note: String?
}

/// Applies verified Stripe events to orders and payments, each exactly once (run as a taco_jobs login).
public enum StripeWebhookProcessor {
    /// Processes `event` in one transaction with its processed_webhook_events marker, so a replay (or a concurrent
    /// second delivery, which waits on the marker's key) is acknowledged and changes nothing.
    public static func process(_ db: PostgresConnection, _ event: StripeEvent) throws -> StripeWebhookOutcome {
        try db.transaction { tx in
            let fresh = try tx.queryFirst("""
                INSERT INTO processed_webhook_events (event_id, source) VALUES ($1, 'stripe')
                ON CONFLICT (event_id) DO NOTHING RETURNING event_id
                """, [event.id])
            guard fresh != nil else {
                return StripeWebhookOutcome(eventID: event.id, type: event.type, result: .replayed, orderID: nil, note: nil)
            }
            switch event.type {
            case "payment_intent.succeeded":
                return try succeeded(tx, event)
            case "payment_intent.payment_failed":
                return try failed(tx, event, paymentStatus: "failed", reason: "payment failed")
            case "payment_intent.canceled":
                return try failed(tx, event, paymentStatus: "canceled", reason: "payment canceled")
            default:
                return StripeWebhookOutcome(eventID: event.id, type: event.type, result: .ignored, orderID: nil,
                                            note: "event type not handled")
            }
        }
    }

    private struct OrderRow {
        var id: UUID
        var vendorID: UUID
        var status: String
        var currency: String
        var totalCents: Int64
    }

    /// The order named by metadata.order_id, else the one the payment intent was recorded for; locked.
    private static func order(_ tx: PostgresConnection, _ event: StripeEvent) throws -> OrderRow? {
        let named = event.metadata["order_id"].flatMap { UUID(uuidString: $0) }
        let row = try tx.queryFirst("""
            SELECT o.id, o.vendor_id, o.status, o.currency, o.total_cents FROM orders o
            WHERE o.id = $1
               OR ($1::uuid IS NULL AND o.id = (SELECT p.order_id FROM payments p WHERE p.stripe_payment_intent_id = $2))
            FOR UPDATE
            """, [named, event.objectID])
        guard let row else { return nil }
        return OrderRow(id: try row.decode("id"), vendorID: try row.decode("vendor_id"),
                        status: try row.decode("status"), currency: try row.decode("currency"),
                        totalCents: try row.decode("total_cents"))
    }

    /// Inserts or updates the payment row; writes nothing when it already says the same.
    private static func recordPayment(_ tx: PostgresConnection, _ event: StripeEvent, _ order: OrderRow, status: String) throws {
        guard let intent = event.objectID else { return }
        try tx.query("""
            INSERT INTO payments (order_id, vendor_id, stripe_payment_intent_id, amount_cents, currency, status)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (stripe_payment_intent_id) DO UPDATE
               SET status = excluded.status, amount_cents = excluded.amount_cents, currency = excluded.currency
             WHERE payments.order_id = excluded.order_id
               AND (payments.status, payments.amount_cents, payments.currency)
                   IS DISTINCT FROM (excluded.status, excluded.amount_cents, excluded.currency)
               AND payments.status <> 'succeeded'
            """, [order.id, order.vendorID, intent, event.amountCents ?? 0, event.currency ?? order.currency, status])
    }

    private static func succeeded(_ tx: PostgresConnection, _ event: StripeEvent) throws -> StripeWebhookOutcome {
        guard let order = try order(tx, event) else {
            return StripeWebhookOutcome(eventID: event.id, type: event.type, result: .ignored, orderID: nil, note: "no matching order")
        }
        try recordPayment(tx, event, order, status: "succeeded")
        switch order.status {
        case "PENDING":
            let amount = event.amountCents ?? 0
            let currency = event.currency ?? order.currency
            guard amount == order.totalCents, currency == order.currency else {
                // Not what the order costs: never confirm it; cancelling lets the refund trigger return the money.
                let reason = "payment mismatch: received \(amount) \(currency), order total \(order.totalCents) \(order.currency)"
                try tx.query("UPDATE orders SET status = 'CANCELLED', cancel_reason = $2 WHERE id = $1 AND status = 'PENDING'",
                             [order.id, reason])
                return StripeWebhookOutcome(eventID: event.id, type: event.type, result: .cancelled, orderID: order.id, note: reason)
            }
            try tx.query("UPDATE orders SET status = 'CONFIRMED' WHERE id = $1 AND status = 'PENDING'", [order.id])
            return StripeWebhookOutcome(eventID: event.id, type: event.type, result: .confirmed, orderID: order.id, note: nil)
        case "CANCELLED":
            // The cancel trigger only queues a refund when the order is cancelled; money that arrives afterwards
            // (e.g. after expire-pending) is queued here, under the same one-job-per-order key.
            let queued = try tx.queryFirst("""
                WITH money AS (
                    SELECT (SELECT coalesce(sum(amount_cents), 0) FROM payments
                             WHERE order_id = $1 AND vendor_id = $2 AND status = 'succeeded')
                         - (SELECT coalesce(sum(amount_cents), 0) FROM refunds
                             WHERE order_id = $1 AND vendor_id = $2 AND status IN ('pending', 'succeeded')) AS owed)
                INSERT INTO outbox (kind, payload, dedupe_key)
                SELECT 'refund', jsonb_build_object('order_id', $1::uuid, 'vendor_id', $2::uuid, 'amount_cents', money.owed,
                                                    'currency', $3::text, 'payment_intent_id', $4::text,
                                                    'reason', 'payment received after the order was cancelled',
                                                    'requested_by', session_user::text),
                       'refund:order:' || $1::text
                  FROM money WHERE money.owed > 0
                ON CONFLICT (dedupe_key) DO NOTHING
                RETURNING id
                """, [order.id, order.vendorID, event.currency ?? order.currency, event.objectID])
            return StripeWebhookOutcome(eventID: event.id, type: event.type, result: queued == nil ? .recorded : .refundQueued,
                                        orderID: order.id, note: "order was already CANCELLED")
        default:
            return StripeWebhookOutcome(eventID: event.id, type: event.type, result: .recorded, orderID: order.id,
                                        note: "order was already \(order.status)")
        }
    }

    private static func failed(_ tx: PostgresConnection, _ event: StripeEvent, paymentStatus: String, reason: String) throws -> StripeWebhookOutcome {
        guard let order = try order(tx, event) else {
            return StripeWebhookOutcome(eventID: event.id, type: event.type, result: .ignored, orderID: nil, note: "no matching order")
        }
        try recordPayment(tx, event, order, status: paymentStatus)
        guard order.status == "PENDING" else {
            return StripeWebhookOutcome(eventID: event.id, type: event.type, result: .recorded, orderID: order.id,
                                        note: "order was already \(order.status)")
        }
        let detail = event.failureMessage.map { "\(reason): \($0.prefix(200))" } ?? reason
        try tx.query("UPDATE orders SET status = 'CANCELLED', cancel_reason = $2 WHERE id = $1 AND status = 'PENDING'",
                     [order.id, detail])
        return StripeWebhookOutcome(eventID: event.id, type: event.type, result: .cancelled, orderID: order.id, note: detail)
    }
}

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TacoKit

/// One outbox row as a provider sees it.
public struct OutboxJob: Sendable, Equatable {
    public var id: Int64
    public var kind: String
    /// The job's jsonb payload as JSON text.
    public var payloadJSON: String
    /// Attempts made before this one.
    public var attempts: Int
    public var dedupeKey: String?

    /// The key a provider passes as Idempotency-Key: the dedupe key, else `outbox-<id>`.
    public var idempotencyKey: String { dedupeKey ?? "outbox-\(id)" }

    /// The payload as a dictionary (empty when it is not a JSON object).
    public var payload: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(payloadJSON.utf8))) as? [String: Any] ?? [:]
    }
}

/// Why a delivery failed: `retryable` failures are rescheduled and count for the circuit breaker; the others
/// (a definite refusal such as a 400) dead-letter the job at once.
public struct OutboxDeliveryError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var retryable: Bool
    public init(_ message: String, retryable: Bool) {
        self.message = message
        self.retryable = retryable
    }
    public var description: String { message }
}

/// What a successful delivery leaves behind: a reference for logs, and an optional database write made in the
/// same transaction that marks the job done (e.g. the refunds row).
public struct OutboxDelivery: Sendable {
    public var reference: String?
    public var record: (@Sendable (PostgresConnection) throws -> Void)?
    public init(reference: String? = nil, record: (@Sendable (PostgresConnection) throws -> Void)? = nil) {
        self.reference = reference
        self.record = record
    }
}

/// Delivers jobs of one outbox kind (push, email, refund, …).
public protocol OutboxProvider: Sendable {
    /// The outbox `kind` this provider handles.
    var kind: String { get }
    /// Delivers one job; it may be called again for the same job (use `job.idempotencyKey`).
    func deliver(_ job: OutboxJob) throws(OutboxDeliveryError) -> OutboxDelivery
}

/// Retry, dead-letter and circuit-breaker settings.
public struct OutboxPolicy: Sendable {
    /// Attempts after which a job is dead-lettered (status 'dead').
    public var maxAttempts: Int = 8
    /// First retry ceiling; each attempt doubles it up to `backoffCap` (seconds).
    public var backoffBase: Double = 2
    public var backoffCap: Double = 3_600
    /// Maps a ceiling to the actual delay; full jitter (uniform 0…ceiling) by default.
    public var jitter: @Sendable (Double) -> Double = { Double.random(in: 0...max($0, 0)) }
    /// Consecutive retryable failures that open a provider's circuit.
    public var breakerThreshold: Int = 5
    /// Seconds an open circuit waits before letting one trial job through (half-open).
    public var breakerCooldown: Double = 30
    /// Seconds a claimed job stays invisible to other dispatchers while it is being delivered.
    public var leaseSeconds: Double = 300
    public init() {}

    /// The retry ceiling after `attempts` failed attempts (1 → base, 2 → 2·base, …, capped).
    public func backoffCeiling(attempts: Int) -> Double {
        min(backoffCap, backoffBase * pow(2, Double(max(attempts - 1, 0))))
    }
}

/// A per-provider circuit breaker: opens after K consecutive retryable failures, half-opens after a cool-down
/// (one trial job), closes on a success.
public struct CircuitBreaker: Sendable {
    public enum State: String, Sendable { case closed, open, halfOpen = "half_open" }
    public private(set) var consecutiveFailures = 0
    private var openedAt: Date?
    private var trialInFlight = false
    public let threshold: Int
    public let cooldown: Double

    public init(threshold: Int, cooldown: Double) {
        self.threshold = max(threshold, 1)
        self.cooldown = cooldown
    }

    /// The state at `now`.
    public func state(at now: Date) -> State {
        guard let openedAt else { return .closed }
        return now.timeIntervalSince(openedAt) >= cooldown ? .halfOpen : .open
    }

    /// Whether a job may be attempted now; in half-open state only one trial at a time.
    public mutating func allow(at now: Date) -> Bool {
        switch state(at: now) {
        case .closed: return true
        case .open: return false
        case .halfOpen:
            guard !trialInFlight else { return false }
            trialInFlight = true
            return true
        }
    }

    /// Gives back a half-open trial that was not used.
    public mutating func releaseTrial() { trialInFlight = false }

    public mutating func recordSuccess() {
        consecutiveFailures = 0
        openedAt = nil
        trialInFlight = false
    }

    public mutating func recordFailure(at now: Date) {
        consecutiveFailures += 1
        if trialInFlight || consecutiveFailures >= threshold { openedAt = now }
        trialInFlight = false
    }
}

/// What one dispatch pass did.
public struct OutboxPassReport: Sendable, Equatable {
    public var claimed = 0
    public var delivered = 0
    public var retried = 0
    public var dead = 0
    /// Claimed but put back untouched because the provider's circuit is open (or no provider is configured).
    public var deferred = 0
    /// Claimed, but the lease ran out before its turn and another dispatcher took it over.
    public var lost = 0
    public init() {}
    public static func += (lhs: inout OutboxPassReport, rhs: OutboxPassReport) {
        lhs.claimed += rhs.claimed
        lhs.delivered += rhs.delivered
        lhs.retried += rhs.retried
        lhs.dead += rhs.dead
        lhs.deferred += rhs.deferred
        lhs.lost += rhs.lost
    }
}

/// Claims due outbox jobs (FOR UPDATE SKIP LOCKED plus a short lease, so several processes never deliver the same
/// job at once and no transaction stays open during HTTP calls), delivers them, and marks them done, rescheduled
/// with backoff and full jitter, or dead. Not thread-safe: one dispatcher per thread/connection.
public final class OutboxDispatcher {
    private let db: PostgresConnection
    private let providers: [String: any OutboxProvider]
    public let policy: OutboxPolicy
    private let now: @Sendable () -> Date
    private var breakers: [String: CircuitBreaker] = [:]
    private let log: (String) -> Void

    public init(_ db: PostgresConnection, providers: [any OutboxProvider], policy: OutboxPolicy = OutboxPolicy(),
                now: @escaping @Sendable () -> Date = { Date() }, log: @escaping (String) -> Void = { _ in }) {
        self.db = db
        var byKind: [String: any OutboxProvider] = [:]
        for provider in providers { byKind[provider.kind] = provider }
        self.providers = byKind
        self.policy = policy
        self.now = now
        self.log = log
    }

    /// The circuit state of a provider kind.
    public func breakerState(_ kind: String) -> CircuitBreaker.State {
        breakers[kind]?.state(at: now()) ?? .closed
    }

    /// Claims up to `limit` due jobs of kinds whose circuit is not open and processes them.
    public func runOnce(limit: Int = 50) throws -> OutboxPassReport {
        var report = OutboxPassReport()
        let at = now()
        let blocked = providers.keys.filter { breakers[$0]?.state(at: at) == .open }.sorted()
        let known = providers.keys.sorted()
        let claimed = try db.transaction { tx in
            try tx.query("""
                UPDATE outbox o SET run_after = now() + make_interval(secs => $3)
                  FROM (SELECT id, run_after FROM outbox
                         WHERE status = 'pending' AND run_after <= now()
                           AND kind = ANY($4::text[]) AND NOT (kind = ANY($2::text[]))
                         ORDER BY run_after LIMIT $1
                         FOR UPDATE SKIP LOCKED) due
                 WHERE o.id = due.id
                RETURNING o.id, o.kind, o.payload::text AS payload, o.attempts, o.dedupe_key,
                          due.run_after::text AS due_at, o.run_after::text AS lease, due.run_after AS due_sort
                """, [limit, blocked, policy.leaseSeconds, known]).map { row in
                (job: OutboxJob(id: try row.decode("id"), kind: try row.decode("kind"), payloadJSON: try row.decode("payload"),
                                attempts: try row.decode("attempts"), dedupeKey: try row.decode("dedupe_key")),
                 dueAt: try row.decode("due_at", as: String.self), lease: try row.decode("lease", as: String.self),
                 sort: try row.decode("due_sort", as: Date.self))
            }
        }
        report.claimed = claimed.count
        for (job, dueAt, lease, _) in claimed.sorted(by: { $0.sort < $1.sort }) {
            guard let provider = providers[job.kind] else { continue }
            var breaker = breakers[job.kind] ?? CircuitBreaker(threshold: policy.breakerThreshold, cooldown: policy.breakerCooldown)
            guard breaker.allow(at: now()) else {
                // The outbox keeps the work: back to its original due time, no attempt counted (unless the lease
                // ran out and another dispatcher owns it now).
                try db.query("""
                    UPDATE outbox SET run_after = $2::timestamptz WHERE id = $1 AND status = 'pending' AND run_after::text = $3
                    """, [job.id, dueAt, lease])
                report.deferred += 1
                breakers[job.kind] = breaker
                continue
            }
            breakers[job.kind] = breaker
            // Renew the lease only if it is still ours (its exact text is the token): a batch whose earlier
            // deliveries were slow cannot deliver a job another dispatcher has claimed since.
            let renewed = try db.queryFirst("""
                UPDATE outbox SET run_after = now() + make_interval(secs => $3)
                WHERE id = $1 AND status = 'pending' AND run_after::text = $2 RETURNING id
                """, [job.id, lease, policy.leaseSeconds])
            guard renewed != nil else {
                breakers[job.kind]?.releaseTrial()
                report.lost += 1
                continue
            }
            let outcome: Result<OutboxDelivery, OutboxDeliveryError>
            do { outcome = .success(try provider.deliver(job)) } catch { outcome = .failure(error) }
            var failure: OutboxDeliveryError?
            switch outcome {
            case .success(let delivery):
                breakers[job.kind]?.recordSuccess()
                do {
                    try db.transaction { tx in
                        try delivery.record?(tx)
                        try tx.query("""
                            UPDATE outbox SET status = 'done', attempts = attempts + 1, last_error = NULL, run_after = now()
                            WHERE id = $1
                            """, [job.id])
                    }
                    report.delivered += 1
                    log("outbox \(job.id) (\(job.kind)) delivered\(delivery.reference.map { ": \($0)" } ?? "")")
                } catch let error as PostgresError where error.kind == .server {
                    // Delivered but not recordable (e.g. a constraint): retried with the same idempotency key so the
                    // provider answers the same result, and visible in last_error until it dead-letters.
                    failure = OutboxDeliveryError("delivered, but recording it failed: \(error)", retryable: true)
                }
            case .failure(let error):
                // A definite refusal means the provider is up: it does not count against the circuit.
                if error.retryable { breakers[job.kind]?.recordFailure(at: now()) } else { breakers[job.kind]?.recordSuccess() }
                failure = error
            }
            if let error = failure {
                let attempts = job.attempts + 1
                let dead = !error.retryable || attempts >= policy.maxAttempts
                let delay = dead ? 0 : policy.jitter(policy.backoffCeiling(attempts: attempts))
                try db.query("""
                    UPDATE outbox SET attempts = attempts + 1, last_error = $2,
                           status = CASE WHEN $3 THEN 'dead' ELSE 'pending' END,
                           run_after = now() + make_interval(secs => $4)
                    WHERE id = $1
                    """, [job.id, String(error.message.prefix(1_000)), dead, delay])
                if dead { report.dead += 1 } else { report.retried += 1 }
                log("outbox \(job.id) (\(job.kind)) attempt \(attempts) failed\(dead ? ", dead-lettered" : ", retry in \(Int(delay)) s"): \(error.message)")
            }
        }
        return report
    }

    /// Runs passes until a pass claims nothing it can deliver (every due job done, rescheduled or deferred).
    public func drain(batch: Int = 50, maxPasses: Int = 1_000) throws -> OutboxPassReport {
        var total = OutboxPassReport()
        for _ in 0..<maxPasses {
            let pass = try runOnce(limit: batch)
            total += pass
            if pass.claimed == 0 || pass.claimed == pass.deferred + pass.lost { break }
        }
        return total
    }

    /// Cancels PENDING orders placed more than `olderThan` seconds ago with no succeeded payment (reason
    /// "payment not received"); returns their ids. Unpaid, so the refund trigger queues nothing.
    @discardableResult
    public static func cancelStalePending(_ db: PostgresConnection, olderThan seconds: Int64) throws -> [UUID] {
        try db.transaction { tx in
            try tx.query("""
                UPDATE orders o SET status = 'CANCELLED', cancel_reason = 'payment not received'
                 WHERE o.status = 'PENDING' AND o.placed_at < now() - make_interval(secs => $1)
                   AND NOT EXISTS (SELECT 1 FROM payments p
                                    WHERE p.order_id = o.id AND p.vendor_id = o.vendor_id AND p.status = 'succeeded')
                RETURNING o.id
                """, [Double(seconds)]).map { try $0.decode("id", as: UUID.self) }
        }
    }
}

/// An outbox row for listings.
public struct OutboxEntry: Sendable {
    public var id: Int64
    public var kind: String
    public var status: String
    public var attempts: Int
    public var runAfter: Date
    public var lastError: String?
    public var dedupeKey: String?
    public var createdAt: Date
}

/// Reads the outbox for `taco-jobs outbox list`.
public enum OutboxStore {
    /// Jobs, optionally of one status, oldest due first.
    public static func list(_ db: PostgresConnection, status: String?, limit: Int) throws -> [OutboxEntry] {
        try db.query("""
            SELECT id, kind, status, attempts, run_after, last_error, dedupe_key, created_at FROM outbox
            WHERE $1::text IS NULL OR status = $1 ORDER BY run_after, id LIMIT $2
            """, [status, limit]).map { row in
            OutboxEntry(id: try row.decode("id"), kind: try row.decode("kind"), status: try row.decode("status"),
                        attempts: try row.decode("attempts"), runAfter: try row.decode("run_after"),
                        lastError: try row.decode("last_error"), dedupeKey: try row.decode("dedupe_key"),
                        createdAt: try row.decode("created_at"))
        }
    }
}

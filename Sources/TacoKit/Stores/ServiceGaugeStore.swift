import Foundation

/// Gauges `taco-jobs serve` exports on /metrics that need a query.
public enum ServiceGaugeStore {
    /// Outbox jobs still to deliver (pending, due or not).
    public static func outboxPending(_ db: PostgresConnection) throws -> Int {
        try db.scalar("SELECT count(*)::int FROM outbox WHERE status = 'pending'")
    }
}

import Foundation

/// The service's group commit for position fixes. Requests hand their parsed fixes to `submit` and wait; one
/// writer at a time takes everything waiting and records it in one transaction (`PositionIngestStore`), then
/// answers every request of that flush. Under load each flush carries the fixes of many requests, so the
/// per-transaction costs (locks, commit, notifications) are shared; when idle a lone request is flushed at
/// once. Nothing is acknowledged before it is committed, so a request answered 200 is stored, and on shutdown
/// the requests still in flight are answered as their flush ends.
public final class PositionWriter: @unchecked Sendable {
    /// Numbers the writer keeps for /metrics.
    public struct Totals: Sendable, Equatable {
        public var flushes = 0
        public var batches = 0
        public var storedConflicts = 0
    }

    private struct Waiter {
        let batch: PositionBatch
        let continuation: CheckedContinuation<PositionBatchResult, any Error>
    }

    private let pool: ConnectionPool
    private let filter: PositionFilter
    private let rules: GeofenceRules
    private let maxFixesPerFlush: Int
    private let fenceCheckInterval: TimeInterval
    private let lock = NSLock()
    private var waiting: [Waiter] = []
    private var draining = false
    private var totals = Totals()
    // Touched only by the one drain at a time (on the pool's connection queue).
    private var fences: CampusFences?
    private var fencesVersion = ""
    private var fencesCheckedAt = Date.distantPast

    /// `pool` is the writer's own (see `connectionSetup`); campus boundaries are re-read when the campuses table
    /// changed, checked at most every `fenceCheckInterval` seconds.
    public init(pool: ConnectionPool, filter: PositionFilter = PositionFilter(), rules: GeofenceRules = GeofenceRules(),
                maxFixesPerFlush: Int = 20_000, fenceCheckInterval: TimeInterval = 1) {
        self.pool = pool
        self.filter = filter
        self.rules = rules
        self.maxFixesPerFlush = maxFixesPerFlush
        self.fenceCheckInterval = fenceCheckInterval
    }

    /// What every connection of the writer's pool needs: no JIT, prepared statements, the staging table.
    public static func connectionSetup(_ db: PostgresConnection) throws {
        _ = try db.execute("SET jit = off")
        db.preparesStatements = true
        try PositionIngestStore.prepare(db)
    }

    public var currentTotals: Totals { lock.withLock { totals } }

    /// Records one request's fixes with the next flush and returns what became of them. Throws
    /// `DatabaseUnavailable` when the database cannot be reached, or the error that failed this batch.
    public func submit(_ batch: PositionBatch) async throws -> PositionBatchResult {
        try await withCheckedThrowingContinuation { continuation in
            let start = lock.withLock {
                waiting.append(Waiter(batch: batch, continuation: continuation))
                if draining { return false }
                draining = true
                return true
            }
            if start { Task { await self.drain() } }
        }
    }

    private func nextFlush() -> [Waiter]? {
        lock.withLock {
            guard !waiting.isEmpty else {
                draining = false
                return nil
            }
            var fixes = 0
            var count = 0
            for waiter in waiting {
                if count > 0, fixes + waiter.batch.fixes.count > maxFixesPerFlush { break }
                fixes += waiter.batch.fixes.count
                count += 1
            }
            let taken = Array(waiting.prefix(count))
            waiting.removeFirst(count)
            return taken
        }
    }

    private func drain() async {
        while let flush = nextFlush() {
            do {
                let results = try await record(flush.map(\.batch))
                for (waiter, result) in zip(flush, results) { waiter.continuation.resume(returning: result) }
            } catch let error as DatabaseUnavailable {
                for waiter in flush { waiter.continuation.resume(throwing: error) }
            } catch {
                // One batch must not fail the others: retry them one by one so the error reaches only its owner.
                guard flush.count > 1 else {
                    flush[0].continuation.resume(throwing: error)
                    continue
                }
                for waiter in flush {
                    do {
                        waiter.continuation.resume(returning: try await record([waiter.batch])[0])
                    } catch {
                        waiter.continuation.resume(throwing: error)
                    }
                }
            }
        }
    }

    private func record(_ batches: [PositionBatch]) async throws -> [PositionBatchResult] {
        let results = try await pool.withConnection { db in try self.flush(batches, db) }
        lock.withLock {
            totals.flushes += 1
            totals.batches += batches.count
        }
        return results
    }

    private func flush(_ batches: [PositionBatch], _ db: PostgresConnection) throws -> [PositionBatchResult] {
        let fences = try currentFences(db)
        let store = PositionIngestStore(db)
        do {
            return try store.record(batches, filter: filter, fences: fences, now: Date())
        } catch where PositionIngestStore.isStoredFixConflict(error) {
            lock.withLock { totals.storedConflicts += 1 }
            return try store.record(batches, filter: filter, fences: fences, now: Date(), tolerateStored: true)
        }
    }

    private func currentFences(_ db: PostgresConnection) throws -> CampusFences {
        if let fences, Date().timeIntervalSince(fencesCheckedAt) < fenceCheckInterval { return fences }
        let geofence = GeofenceStore(db)
        let version = try geofence.campusesVersion()
        fencesCheckedAt = Date()
        if let fences, version == fencesVersion { return fences }
        let loaded = try geofence.fences(rules: rules)
        fences = loaded
        fencesVersion = version
        return loaded
    }
}

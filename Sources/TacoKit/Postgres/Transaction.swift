import CLibPQ
import Foundation

/// Transaction isolation levels.
public enum IsolationLevel: String, Sendable {
    case readCommitted = "READ COMMITTED"
    case repeatableRead = "REPEATABLE READ"
    case serializable = "SERIALIZABLE"
}

extension PostgresConnection {
    /// Runs `body` in a transaction: commits when it returns, rolls back when it throws.
    /// A serialization failure or deadlock (40001, 40P01) re-runs the whole body up to `retries` more times
    /// with jittered back-off; if it persists, the last error is thrown. Inside an open transaction the body
    /// runs in a savepoint instead (and is not retried: the outer transaction owns the retry).
    @discardableResult
    public func transaction<T>(
        isolation: IsolationLevel = .readCommitted,
        readOnly: Bool = false,
        retries: Int = 4,
        _ body: (PostgresConnection) throws -> T
    ) throws -> T {
        if inTransaction { return try savepoint(body) }
        var attempt = 0
        while true {
            try execute("BEGIN ISOLATION LEVEL \(isolation.rawValue)\(readOnly ? " READ ONLY" : "")")
            do {
                let value = try body(self)
                try execute("COMMIT")
                return value
            } catch {
                rollbackQuietly()
                if let pgError = error as? PostgresError, pgError.isTransient, attempt < retries {
                    attempt += 1
                    // 5 ms, 10 ms, 20 ms … with full jitter, so colliding writers spread out.
                    let ceiling = 5_000 * (1 << min(attempt, 8))
                    usleep(UInt32(Int.random(in: ceiling / 2...ceiling)))
                    continue
                }
                throw error
            }
        }
    }

    private func savepoint<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        let name = "taco_sp_\(UInt32.random(in: 0...UInt32.max))"
        try execute("SAVEPOINT \(name)")
        do {
            let value = try body(self)
            try execute("RELEASE SAVEPOINT \(name)")
            return value
        } catch {
            if isUsable { _ = try? execute("ROLLBACK TO SAVEPOINT \(name)") }
            throw error
        }
    }

    /// Rolls back if a transaction is open; a broken connection is left as it is (the server rolls back).
    func rollbackQuietly() {
        guard isUsable, inTransaction else { return }
        _ = try? execute("ROLLBACK")
    }
}

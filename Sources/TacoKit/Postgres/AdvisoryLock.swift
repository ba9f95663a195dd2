import Foundation

/// A named PostgreSQL advisory lock. The 64-bit key is a stable FNV-1a hash of the name, so every
/// process (and every version of the tools) agrees on it.
public struct AdvisoryLock: Sendable, Hashable {
    public let name: String
    public let key: Int64

    public init(_ name: String) {
        self.name = name
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        key = Int64(bitPattern: hash)
    }

    public static let migrations = AdvisoryLock("tacotracker:migrations")
    public static let demoLoad = AdvisoryLock("tacotracker:demo-load")
}

/// Another session holds the lock and the caller asked not to wait.
public struct LockUnavailable: Error, Sendable {
    public let lock: AdvisoryLock
}

extension PostgresConnection {
    /// Takes a session-level advisory lock: waits when `wait`, else throws `LockUnavailable` at once.
    public func lock(_ lock: AdvisoryLock, wait: Bool) throws {
        if wait {
            try query("SELECT pg_advisory_lock($1)", [lock.key])
        } else {
            let acquired: Bool = try scalar("SELECT pg_try_advisory_lock($1)", [lock.key])
            if !acquired { throw LockUnavailable(lock: lock) }
        }
    }

    /// Releases a session-level advisory lock; returns false when this session did not hold it.
    @discardableResult
    public func unlock(_ lock: AdvisoryLock) throws -> Bool {
        try scalar("SELECT pg_advisory_unlock($1)", [lock.key])
    }

    /// Runs `body` holding the lock, releasing it afterwards even when `body` throws.
    public func withLock<T>(_ lock: AdvisoryLock, wait: Bool, _ body: () throws -> T) throws -> T {
        try self.lock(lock, wait: wait)
        defer { if isUsable { _ = try? unlock(lock) } }
        return try body()
    }
}

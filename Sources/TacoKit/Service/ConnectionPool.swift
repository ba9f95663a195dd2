import Foundation

/// The database could not be reached (or the connection broke mid-request): the service answers 503.
public struct DatabaseUnavailable: Error, Sendable, CustomStringConvertible {
    public let reason: String
    public var description: String { "database unavailable: \(reason)" }
}

/// A fixed set of blocking libpq connections for async code. Each connection lives on its own serial
/// DispatchQueue, so blocking libpq calls never run on a NIO event loop or the cooperative pool, and a
/// connection is only ever used by one thread at a time. A broken connection is dropped and reopened on the
/// next use, so a database restart costs failed requests, never a service restart.
public final class ConnectionPool: @unchecked Sendable {
    private final class Slot {
        let queue: DispatchQueue
        var connection: PostgresConnection?
        init(index: Int) { queue = DispatchQueue(label: "tacotracker.pool.\(index)") }
    }

    private let conninfo: String?
    private let applicationName: String
    private let slots: [Slot]
    private let lock = NSLock()
    private var free: [Int]
    private var waiters: [CheckedContinuation<Int, Never>] = []
    /// Runs once on every newly opened connection (on its queue).
    private let prepare: @Sendable (PostgresConnection) throws -> Void

    /// A pool of `size` connections to `conninfo`, opened lazily.
    public init(conninfo: String?, size: Int, applicationName: String = "taco-jobs serve",
                prepare: @escaping @Sendable (PostgresConnection) throws -> Void = { _ in }) {
        self.conninfo = conninfo
        self.applicationName = applicationName
        self.prepare = prepare
        slots = (0..<max(1, size)).map(Slot.init(index:))
        free = Array(slots.indices.reversed())
    }

    /// How many connections the pool holds.
    public var size: Int { slots.count }

    /// How many connections are lent out right now.
    public var inUse: Int { lock.withLock { slots.count - free.count } }

    /// Runs `body` with a connection of its own, off the caller's executor. Connection failures (before or
    /// during `body`) surface as `DatabaseUnavailable`; the broken connection is replaced next time.
    public func withConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        let index = await acquire()
        defer { release(index) }
        let slot = slots[index]
        let sendableSlot = UncheckedBox(slot)
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            slot.queue.async { [conninfo, applicationName, prepare] in
                let slot = sendableSlot.value
                do {
                    let connection: PostgresConnection
                    if let existing = slot.connection, existing.isUsable {
                        connection = existing
                    } else {
                        slot.connection = nil
                        do {
                            connection = try PostgresConnection(conninfo: conninfo, applicationName: applicationName)
                            try prepare(connection)
                        } catch {
                            throw DatabaseUnavailable(reason: String(describing: error))
                        }
                        slot.connection = connection
                    }
                    do {
                        let value = try body(connection)
                        if connection.inTransaction { _ = try? connection.execute("ROLLBACK") }
                        continuation.resume(returning: value)
                    } catch {
                        if !connection.isUsable || Self.isConnectionError(error) {
                            slot.connection = nil
                            throw DatabaseUnavailable(reason: String(describing: error))
                        }
                        if connection.inTransaction { _ = try? connection.execute("ROLLBACK") }
                        throw error
                    }
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// Closes every idle connection (call at shutdown, after the server has stopped).
    public func close() {
        for slot in slots { slot.queue.sync { slot.connection = nil } }
    }

    static func isConnectionError(_ error: any Error) -> Bool {
        guard let error = error as? PostgresError else { return false }
        switch error.kind {
        case .connectionFailed, .connectionLost, .authenticationFailed, .unknownDatabase: return true
        default:
            // 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 08xxx connection exceptions
            if let state = error.sqlState { return state.hasPrefix("08") || state.hasPrefix("57P") }
            return false
        }
    }

    private func acquire() async -> Int {
        await withCheckedContinuation { continuation in
            let index: Int? = lock.withLock {
                if let index = free.popLast() { return index }
                waiters.append(continuation)
                return nil
            }
            if let index { continuation.resume(returning: index) }
        }
    }

    private func release(_ index: Int) {
        let next: CheckedContinuation<Int, Never>? = lock.withLock {
            if waiters.isEmpty {
                free.append(index)
                return nil
            }
            return waiters.removeFirst()
        }
        next?.resume(returning: index)
    }
}

/// Carries a non-Sendable reference to the one queue that uses it.
private struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

import CLibPQ
import Foundation

/// A NOTIFY received on a LISTENing connection.
public struct PostgresNotification: Sendable, Equatable {
    public var channel: String
    public var payload: String
    public var senderPID: Int32
}

extension PostgresConnection {
    /// Starts listening on a channel (takes effect at commit when inside a transaction).
    public func listen(_ channel: String) throws {
        try execute("LISTEN \(try quoteIdentifier(channel))")
    }

    /// Stops listening on a channel.
    public func unlisten(_ channel: String) throws {
        try execute("UNLISTEN \(try quoteIdentifier(channel))")
    }

    /// Sends a notification (delivered when the surrounding transaction commits).
    public func notify(_ channel: String, payload: String = "") throws {
        try query("SELECT pg_notify($1, $2)", [channel, payload])
    }

    /// Waits on the connection's socket until notifications arrive or `timeout` passes (nil: forever).
    /// Returns what arrived, possibly nothing on timeout. No polling loop: the thread sleeps in `poll(2)`.
    public func waitForNotifications(timeout: Duration?) throws -> [PostgresNotification] {
        var received = try drainNotifications()
        if !received.isEmpty { return received }
        let socket = PQsocket(handle)
        guard socket >= 0 else { throw PostgresError.lost(handle) }
        let deadline = timeout.map { ContinuousClock.now + $0 }
        while received.isEmpty {
            var waitMillis: Int32 = -1
            if let deadline {
                let left = ContinuousClock.now.duration(to: deadline)
                if left <= .zero { break }
                let (seconds, attoseconds) = left.components
                waitMillis = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
            }
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, waitMillis)
            if ready < 0 {
                if errno == EINTR { continue }
                throw PostgresError(kind: .connectionLost, message: "poll failed: \(String(cString: strerror(errno)))")
            }
            if ready == 0 { break }
            received = try drainNotifications()
        }
        return received
    }

    private func drainNotifications() throws -> [PostgresNotification] {
        guard PQconsumeInput(handle) == 1 else { throw PostgresError.lost(handle) }
        var received: [PostgresNotification] = []
        while let raw = PQnotifies(handle) {
            let note = raw.pointee
            received.append(PostgresNotification(channel: String(cString: note.relname),
                                                 payload: String(cString: note.extra),
                                                 senderPID: note.be_pid))
            PQfreemem(raw)
        }
        return received
    }
}

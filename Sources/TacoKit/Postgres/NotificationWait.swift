import CLibPQ
import Foundation

extension PostgresConnection {
    /// Waits on the connection's socket AND on `descriptor` (e.g. a signal pipe): returns the notifications that
    /// arrived, `[]` on timeout, or nil as soon as `descriptor` is readable. Throws when the connection is lost.
    /// No polling loop: the thread sleeps in `poll(2)` on both descriptors.
    public func waitForNotifications(timeout: Duration?, orUntilReadable descriptor: Int32) throws -> [PostgresNotification]? {
        var received = try consumeNotifications()
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
            var descriptors = [pollfd(fd: socket, events: Int16(POLLIN), revents: 0),
                               pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&descriptors, 2, waitMillis)
            if ready < 0 {
                if errno == EINTR { continue }
                throw PostgresError(kind: .connectionLost, message: "poll failed: \(String(cString: strerror(errno)))")
            }
            if ready == 0 { break }
            if descriptors[1].revents != 0 { return nil }
            received = try consumeNotifications()
        }
        return received
    }

    /// Reads what the server sent; a closed or broken connection is `connectionLost`.
    private func consumeNotifications() throws -> [PostgresNotification] {
        guard PQconsumeInput(handle) == 1, PQstatus(handle) == CONNECTION_OK else { throw PostgresError.lost(handle) }
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

import Foundation
import TacoKit
import TacoTestSupport
import Testing

/// LISTEN / NOTIFY between two real sessions, the sender on another thread.
@Suite("PostgresConnection LISTEN/NOTIFY")
struct PostgresNotificationTests {
    @Test func listenerBlockedInWaitReceivesANotificationFromAnotherThread() throws {
        let db = try TestDatabase.make()
        let listener = try db.connect()
        let channel = "Orders \"Ready\" \(UUID().uuidString.prefix(6))"
        try listener.listen(channel)
        let conninfo = try db.conninfo()
        let go = DispatchSemaphore(value: 0)

        let sender = PGTestThread { () throws -> Int32 in
            guard go.wait(timeout: .now() + 5) == .success else { throw PGTestThread<Int32>.TimedOut() }
            // Connecting takes a while: by the time we notify, the listener sits in poll(2).
            let conn = try PostgresConnection(conninfo: conninfo)
            try conn.notify(channel, payload: "order 42: 3× al pastor ✓")
            return conn.backendPID
        }
        go.signal()
        let started = ContinuousClock.now
        let received = try listener.waitForNotifications(timeout: .seconds(5))
        let elapsed = ContinuousClock.now - started
        let senderPID = try sender.join()

        #expect(received.count == 1)
        #expect(received.first?.channel == channel)
        #expect(received.first?.payload == "order 42: 3× al pastor ✓")
        #expect(received.first?.senderPID == senderPID)
        #expect(elapsed < .seconds(4))
    }

    @Test func waitTimesOutWithNothingAfterRoughlyTheTimeout() throws {
        let db = try TestDatabase.make()
        let listener = try db.connect()
        try listener.listen("quiet_channel")
        let started = ContinuousClock.now
        let received = try listener.waitForNotifications(timeout: .milliseconds(300))
        let elapsed = ContinuousClock.now - started
        #expect(received.isEmpty)
        #expect(elapsed >= .milliseconds(290))
        #expect(elapsed < .seconds(2))
        #expect(try listener.waitForNotifications(timeout: .zero).isEmpty)
    }

    @Test func notificationFromARolledBackTransactionIsNeverDelivered() throws {
        let db = try TestDatabase.make()
        let listener = try db.connect()
        let sender = try db.connect()
        try listener.listen("kitchen")
        #expect(throws: PGTestError.self) {
            try sender.transaction { tx in
                try tx.notify("kitchen", payload: "rolled back")
                throw PGTestError()
            }
        }
        try sender.transaction { tx in
            try tx.notify("kitchen", payload: "committed")
            // Not delivered before the commit.
            #expect(try listener.waitForNotifications(timeout: .milliseconds(100)).isEmpty)
        }
        // Notifications from one session arrive in commit order: had the first been delivered, it came first.
        let received = try listener.waitForNotifications(timeout: .seconds(5))
        #expect(received.map(\.payload) == ["committed"])
        #expect(received.first?.channel == "kitchen")
        #expect(received.first?.senderPID == sender.backendPID)
        #expect(try listener.waitForNotifications(timeout: .milliseconds(100)).isEmpty)
    }

    @Test func unlistenStopsDeliveryAndOtherChannelsAreNotMixedIn() throws {
        let db = try TestDatabase.make()
        let listener = try db.connect()
        let sender = try db.connect()
        try listener.listen("a")
        try listener.listen("b")
        try sender.notify("c", payload: "not listening")
        try sender.notify("a", payload: "1")
        try sender.notify("b", payload: "2")
        var received: [PostgresNotification] = []
        let deadline = ContinuousClock.now + .seconds(5)
        while received.count < 2, ContinuousClock.now < deadline {
            received += try listener.waitForNotifications(timeout: .seconds(1))
        }
        #expect(received.map { "\($0.channel)=\($0.payload)" } == ["a=1", "b=2"])
        try listener.unlisten("a")
        try sender.notify("a", payload: "after unlisten")
        try sender.notify("b", payload: "3")
        let later = try listener.waitForNotifications(timeout: .seconds(5))
        #expect(later.map(\.payload) == ["3"])
    }
}

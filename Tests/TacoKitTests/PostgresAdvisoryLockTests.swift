import Foundation
import TacoKit
import TacoTestSupport
import Testing

/// Session-level advisory locks between two real sessions.
@Suite("PostgresConnection advisory locks")
struct PostgresAdvisoryLockTests {
    @Test func secondSessionCannotTakeAHeldLockUntilItIsReleased() throws {
        let db = try TestDatabase.make()
        let first = try db.connect()
        let second = try db.connect()
        let lock = AdvisoryLock("test:\(UUID().uuidString)")

        try first.lock(lock, wait: false)
        let refused = try #require(throws: LockUnavailable.self) { try second.lock(lock, wait: false) }
        #expect(refused.lock == lock)
        #expect(ErrorReport.describe(refused).status == .temporaryFailure)
        // The server agrees on who holds it.
        #expect(try second.scalar("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = $1 AND granted",
                                  [first.backendPID], as: Int.self) == 1)

        #expect(try first.unlock(lock))
        try second.lock(lock, wait: false)
        #expect(throws: LockUnavailable.self) { try first.lock(lock, wait: false) }
        #expect(try second.unlock(lock))
        // Unlocking a lock one does not hold reports false.
        #expect(try second.unlock(lock) == false)
    }

    @Test func withLockReleasesWhenTheBodyThrows() throws {
        let db = try TestDatabase.make()
        let first = try db.connect()
        let second = try db.connect()
        let lock = AdvisoryLock("test:\(UUID().uuidString)")

        var refusedInside = false
        #expect(throws: PGTestError.self) {
            try first.withLock(lock, wait: false) {
                do { try second.lock(lock, wait: false) } catch is LockUnavailable { refusedInside = true }
                throw PGTestError()
            }
        }
        #expect(refusedInside)
        try second.lock(lock, wait: false)
        #expect(try second.unlock(lock))
        let value = try first.withLock(lock, wait: true) { 5 }
        #expect(value == 5)
        #expect(try first.unlock(lock) == false)
    }

    @Test func waitingLockIsGrantedWhenTheHolderReleases() throws {
        let db = try TestDatabase.make()
        let holder = try db.connect()
        let lock = AdvisoryLock("test:\(UUID().uuidString)")
        try holder.lock(lock, wait: false)
        let conninfo = try db.conninfo()
        let waiter = PGTestThread { () throws -> Bool in
            let conn = try PostgresConnection(conninfo: conninfo)
            try conn.lock(lock, wait: true)
            return try conn.unlock(lock)
        }
        // Bounded wait until the other session is really queued on the lock, then release.
        let deadline = ContinuousClock.now + .seconds(5)
        var queued = false
        while !queued, ContinuousClock.now < deadline {
            queued = try holder.scalar("SELECT EXISTS (SELECT FROM pg_locks WHERE locktype = 'advisory' AND NOT granted)")
            if !queued { usleep(10_000) }
        }
        #expect(queued)
        #expect(try holder.unlock(lock))
        #expect(try waiter.join(seconds: 10))
    }

    @Test func keysAreStableAcrossProcesses() {
        // FNV-1a of the name: a changed key would let old and new tools migrate at the same time.
        #expect(AdvisoryLock("tacotracker:migrations").key == AdvisoryLock.migrations.key)
        #expect(AdvisoryLock("a").key == Int64(bitPattern: 0xaf63_dc4c_8601_ec8c))
        #expect(AdvisoryLock("a").key != AdvisoryLock("b").key)
    }
}

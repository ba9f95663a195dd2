import Foundation
import TacoKit
import Testing

@Suite("PositionFilter")
struct ServePositionFilterTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let filter = PositionFilter()

    func fix(_ secondsAgo: Double, _ lat: Double = 30.2849, _ lon: Double = -97.7341, accuracy: Double? = 10) -> PositionFix {
        PositionFix(recordedAt: now.addingTimeInterval(-secondsAgo), lat: lat, lon: lon, accuracyM: accuracy)
    }

    func reasons(_ fixes: [PositionFix], last: PositionFix? = nil) -> [Int: PositionRejection] {
        Dictionary(uniqueKeysWithValues: filter.filter(fixes, lastAccepted: last, now: now).rejected.map { ($0.index, $0.reason) })
    }

    @Test func acceptsAPlausibleTrack() {
        let outcome = filter.filter([fix(60), fix(30, 30.2850, -97.7341), fix(0, 30.2851, -97.7341)], lastAccepted: nil, now: now)
        #expect(outcome.accepted.count == 3)
        #expect(outcome.rejected.isEmpty)
    }

    @Test func invalidCoordinates() {
        #expect(reasons([fix(0, 91, 0), fix(0, 10, -181), fix(0, .nan, 1), fix(0, 1, .infinity)])
                == [0: .invalidCoordinates, 1: .invalidCoordinates, 2: .invalidCoordinates, 3: .invalidCoordinates])
    }

    @Test func nullIsland() { #expect(reasons([fix(0, 0, 0)]) == [0: .nullIsland]) }

    @Test func invalidValues() {
        var negativeSpeed = fix(0); negativeSpeed.speedMps = -1
        var badHeading = fix(1); badHeading.headingDeg = 400
        #expect(reasons([negativeSpeed, badHeading, fix(2, accuracy: -5)]) == [0: .invalidValue, 1: .invalidValue, 2: .invalidValue])
    }

    @Test func poorAccuracy() {
        #expect(reasons([fix(0, accuracy: 100.5), fix(1, accuracy: 100)]) == [0: .poorAccuracy])
    }

    @Test func futureAndStaleTimestamps() {
        #expect(reasons([fix(-301), fix(-299), fix(12 * 3600 + 1)]) == [0: .futureTimestamp, 2: .staleTimestamp])
    }

    @Test func duplicatesInBatchAndAgainstLastAccepted() {
        #expect(reasons([fix(10), fix(10), fix(20)], last: fix(20)) == [1: .duplicate, 2: .duplicate])
    }

    @Test func outOfOrder() {
        #expect(reasons([fix(10), fix(20)]) == [1: .outOfOrder])
        #expect(reasons([fix(30)], last: fix(10)) == [0: .outOfOrder])
    }

    @Test func speedJumpAgainstLastAccepted() {
        // ~11 km in 10 s after an accepted fix; the following sane fix is judged against the accepted one.
        let outcome = filter.filter([fix(20), fix(10, 30.3849, -97.7341), fix(0, 30.2852, -97.7341)], lastAccepted: nil, now: now)
        #expect(outcome.rejected.map(\.index) == [1])
        #expect(outcome.rejected.map(\.reason) == [.speedJump])
        #expect(outcome.accepted.count == 2)
        #expect(reasons([fix(0, 31, -97.7341)], last: fix(60)) == [0: .speedJump])
    }

    @Test func smallMovesAreNeverJumps() {
        // 40 m in 0.1 s is an implied 400 m/s, but under the jitter floor.
        let last = fix(0.2)
        #expect(reasons([fix(0.1, 30.28526, -97.7341)], last: last).isEmpty)
    }

    @Test func distanceIsHaversine() {
        let d = PositionFilter.distanceMeters(30.0, -97.0, 31.0, -97.0)
        #expect(abs(d - 111_195) < 50)
    }
}

@Suite("Nearby snapshot")
struct NearbySnapshotTests {
    @Test("great-circle distances on the mean Earth radius")
    func distances() {
        // One degree of latitude on a 6,371,008.8 m sphere: 111,195.08 m.
        #expect(abs(NearbySnapshot.distance(30, -97, 31, -97) - 111_195.08) < 0.1)
        #expect(NearbySnapshot.distance(30.2849, -97.7341, 30.2849, -97.7341) == 0)
        // Antipodes: half the circumference.
        #expect(abs(NearbySnapshot.distance(0, 0, 0, 180) - Double.pi * 6_371_008.8) < 0.5)
    }

    @Test("answers from its copy until it is older than its maximum age, then reloads once")
    func reloads() async throws {
        let loads = LoadCounter()
        let snapshot = NearbySnapshot(maxAge: .milliseconds(300))
        let load: @Sendable () async throws -> [LocationServiceStore.NearbyTruck] = { loads.increment(); return [] }
        for _ in 0..<5 { _ = try await snapshot.nearby(lat: 0, lon: 0, radiusM: 100, load: load) }
        #expect(loads.value == 1)
        try await Task.sleep(for: .milliseconds(400))
        _ = try await snapshot.nearby(lat: 0, lon: 0, radiusM: 100, load: load)
        #expect(loads.value == 2)
    }
}

private final class LoadCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

import Foundation
import TacoKit
import TacoTestSupport
import Testing

/// The position writer's pieces against a real database: campus polygons in memory vs PostGIS, one flush of
/// many batches, token checks under the lock, the fallback for fixes already stored, and the group commit.
@Suite("Position ingest")
struct PositionIngestTests {
    static let centre = (lat: 30.2849, lon: -97.7341)
    /// ~120 m north of the centre: inside the 150 m hole, within 50 m of its edge.
    static let holeEdge = 0.00108

    /// A fixture with a jobs login, partitions, a 1 km disc campus with a 150 m hole, and both trucks tokened.
    struct Setup {
        let fixture: TenantFixture
        let owner: PostgresConnection
        let jobs: PostgresConnection
        let conninfo: String
        let tokens: [UUID: Data]

        init() throws {
            fixture = try TenantFixture.make()
            owner = try fixture.database.connect()
            let login = try fixture.database.createLogin(group: "taco_jobs", prefix: "ingest")
            conninfo = try fixture.database.conninfo(user: login)
            jobs = try fixture.database.connect(as: login)
            try PositionWriter.connectionSetup(jobs)
            try LocationServiceStore(jobs).ensurePartitions()
            var tokens: [UUID: Data] = [:]
            for truck in [fixture.a.truckID, fixture.b.truckID] {
                let hash = TruckStore.tokenHash("token-\(truck)")
                try owner.query("UPDATE trucks SET device_token_hash = $1 WHERE id = $2", [hash, truck])
                tokens[truck] = hash
            }
            try owner.query("""
                UPDATE campuses SET boundary = ST_Multi(ST_Difference(
                    ST_Buffer(ST_SetSRID(ST_MakePoint($2, $1), 4326)::geography, 1000)::geometry,
                    ST_Buffer(ST_SetSRID(ST_MakePoint($2, $1), 4326)::geography, 150)::geometry))::geography
                WHERE id = $3
                """, [PositionIngestTests.centre.lat, PositionIngestTests.centre.lon, fixture.campusID])
            self.tokens = tokens
        }

        func batch(_ truck: UUID, _ fixes: [PositionFix]) -> PositionBatch {
            PositionBatch(truckID: truck, tokenHash: tokens[truck] ?? Data(), fixes: fixes)
        }
    }

    static func fix(_ secondsAgo: Double, dLat: Double = 0, dLon: Double = 0, now: Date = Date()) -> PositionFix {
        // Whole milliseconds, as the service parses them, so stored times compare exactly.
        let at = ((now.timeIntervalSince1970 - secondsAgo) * 1000).rounded() / 1000
        return PositionFix(recordedAt: Date(timeIntervalSince1970: at), lat: centre.lat + dLat, lon: centre.lon + dLon,
                           accuracyM: 5, speedMps: 1.5)
    }

    @Test func campusPolygonsInMemoryAgreeWithPostGIS() throws {
        let setup = try Setup()
        let rules = GeofenceRules(enterMarginM: 25, exitMarginM: 50, dwell: 60)
        let fences = try GeofenceStore(setup.jobs).fences(rules: rules)
        #expect(fences.code(of: setup.fixture.campusID) != nil)
        var random = SystemRandomNumberGenerator()
        // Points from the hole to well outside, denser near the edges (150 m and 1000 m from the centre).
        let points: [(Double, Double)] = (0..<3000).map { _ in
            (Self.centre.lat + Double.random(in: -0.012...0.012, using: &random),
             Self.centre.lon + Double.random(in: -0.013...0.013, using: &random))
        }
        let rows = try setup.jobs.query("""
            WITH p AS (
                SELECT i, ST_SetSRID(ST_MakePoint(lon, lat), 4326) AS g
                FROM unnest($1::text[]::float8[], $2::text[]::float8[]) WITH ORDINALITY AS u(lat, lon, i)
            ), c AS (
                SELECT ST_Buffer(boundary, -$3::float8)::geometry AS inner_g, ST_Buffer(boundary, $4::float8)::geometry AS outer_g
                FROM campuses WHERE id = $5
            )
            SELECT p.i, ST_Covers(c.inner_g, p.g) AS inside, ST_Covers(c.outer_g, p.g) AS near
            FROM p, c ORDER BY p.i
            """, [points.map { String($0.0) }, points.map { String($0.1) }, rules.enterMarginM, rules.exitMarginM,
                  setup.fixture.campusID])
        #expect(rows.count == points.count)
        var inside = 0, near = 0
        for (index, row) in rows.enumerated() {
            let postgis: Double? = try row.decode("inside", as: Bool.self) ? -rules.enterMarginM
                : (try row.decode("near", as: Bool.self) ? rules.exitMarginM : nil)
            let memory = fences.signedDistances(lat: points[index].0, lon: points[index].1)[setup.fixture.campusID]
            #expect(memory == postgis, "point \(points[index])")
            if postgis == -rules.enterMarginM { inside += 1 } else if postgis != nil { near += 1 }
        }
        // The sample covered every case (inside, within the margins, the hole and outside).
        #expect(inside > 100 && near > 10 && inside + near < points.count)
    }

    @Test func oneFlushCarriesManyBatchesAndNotifiesOncePerTruck() throws {
        let setup = try Setup()
        let (a, b) = (setup.fixture.a.truckID, setup.fixture.b.truckID)
        let listener = try setup.fixture.database.connect()
        try listener.listen(LocationServiceStore.positionsChannel)
        let now = Date()
        let fences = try GeofenceStore(setup.jobs).fences(rules: GeofenceRules(dwell: 0))
        let results = try PositionIngestStore(setup.jobs).record([
            setup.batch(a, [Self.fix(60, dLat: Self.holeEdge, now: now), Self.fix(50, dLat: Self.holeEdge + 0.0001, now: now)]),
            setup.batch(b, [Self.fix(40, now: now), PositionFix(recordedAt: now, lat: 0, lon: 0)]),
            // A's second batch continues from its first: 55 s ago is now out of order, 30 s ago is fine.
            setup.batch(a, [Self.fix(55, dLat: Self.holeEdge, now: now), Self.fix(30, dLat: Self.holeEdge + 0.0002, now: now)]),
            // A token that is not B's.
            PositionBatch(truckID: b, tokenHash: TruckStore.tokenHash("stolen"), fixes: [Self.fix(20, now: now)]),
        ], filter: PositionFilter(), fences: fences, now: now)
        #expect(results.count == 4)
        guard case .recorded(let firstA) = results[0], case .recorded(let onlyB) = results[1],
              case .recorded(let secondA) = results[2] else {
            Issue.record("unexpected results \(results)")
            return
        }
        #expect(firstA.accepted.count == 2 && firstA.rejected.isEmpty)
        #expect(onlyB.accepted.count == 1 && onlyB.rejected.map(\.reason) == [.nullIsland])
        #expect(secondA.accepted.count == 1 && secondA.rejected.map(\.reason) == [.outOfOrder])
        #expect(results[3] == .unauthorized)

        let stored = try setup.owner.query("SELECT truck_id, count(*)::int AS n FROM truck_positions GROUP BY truck_id")
        let counts = Dictionary(uniqueKeysWithValues: try stored.map { (try $0.decode("truck_id", as: UUID.self), try $0.decode("n", as: Int.self)) })
        #expect(counts == [a: 3, b: 1])
        let last: Date = try setup.owner.scalar("SELECT recorded_at FROM truck_last_positions WHERE truck_id = $1", [a])
        #expect(abs(last.timeIntervalSince(Self.fix(30, now: now).recordedAt)) < 0.0005)
        // In the hole, within the exit margin of its edge: near the campus, not arrived.
        let campus: UUID? = try setup.owner.scalar("SELECT campus_id FROM truck_last_positions WHERE truck_id = $1", [a])
        #expect(campus == nil)

        let notices = try listener.waitForNotifications(timeout: .seconds(5))
        var payloads = notices.map(\.payload)
        if payloads.count < 2 { payloads += try listener.waitForNotifications(timeout: .seconds(2)).map(\.payload) }
        #expect(payloads.count == 2, "one notification per truck: \(payloads)")
        let documents = try payloads.map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        let forA = documents.first { ($0["truck_id"] as? String) == a.lowercasedText }
        #expect(forA?["count"] as? Int == 3)
        #expect((forA?["campuses"] as? [String])?.isEmpty == false, "routed to the campus it is near")
    }

    @Test func retiredTrucksAndRotatedTokensAreRefusedUnderTheLock() throws {
        let setup = try Setup()
        let a = setup.fixture.a.truckID
        let fences = try GeofenceStore(setup.jobs).fences(rules: GeofenceRules())
        let store = PositionIngestStore(setup.jobs)
        // Rotated after the service learnt the old token: the old hash no longer matches the row.
        try setup.owner.query("UPDATE trucks SET device_token_hash = $1 WHERE id = $2", [TruckStore.tokenHash("rotated"), a])
        #expect(try store.record([setup.batch(a, [Self.fix(10)])], filter: PositionFilter(), fences: fences, now: Date()) == [.unauthorized])
        try setup.owner.query("UPDATE trucks SET device_token_hash = $1, status = 'retired' WHERE id = $2", [setup.tokens[a], a])
        #expect(try store.record([setup.batch(a, [Self.fix(10)])], filter: PositionFilter(), fences: fences, now: Date()) == [.unauthorized])
        #expect(try store.record([setup.batch(UUID(), [Self.fix(10)])], filter: PositionFilter(), fences: fences, now: Date()) == [.unauthorized])
        let stored: Int = try setup.owner.scalar("SELECT count(*)::int FROM truck_positions")
        #expect(stored == 0)
    }

    @Test func writerGroupsConcurrentRequestsAndSurvivesFixesStoredBehindItsBack() async throws {
        let setup = try Setup()
        let (a, b) = (setup.fixture.a.truckID, setup.fixture.b.truckID)
        let now = Date()
        // A fix the service never saw, newer than any last position: the writer's COPY collides with it and the
        // flush is redone skipping stored fixes.
        let sneaked = Self.fix(100, now: now)
        try setup.owner.query("INSERT INTO truck_positions (truck_id, recorded_at, lat, lon) VALUES ($1, $2, 30.2849, -97.7341)",
                              [a, sneaked.recordedAt])
        let pool = ConnectionPool(conninfo: setup.conninfo, size: 1, prepare: PositionWriter.connectionSetup)
        defer { pool.close() }
        let writer = PositionWriter(pool: pool)
        let collided = try await writer.submit(setup.batch(a, [sneaked, Self.fix(99, now: now)]))
        #expect(collided == .recorded(PositionFilter().filter([sneaked, Self.fix(99, now: now)], lastAccepted: nil, now: now)))
        #expect(writer.currentTotals.storedConflicts == 1)

        // 40 sequential batches per truck from two trucks at once: every fix stored exactly once, in order.
        let tokens = setup.tokens
        let outcomes = try await withThrowingTaskGroup(of: Int.self) { group in
            for truck in [a, b] {
                let token = tokens[truck] ?? Data()
                group.addTask {
                    var accepted = 0
                    for batch in 0..<40 {
                        let fixes = (0..<25).map { Self.fix(90 - Double(batch) - Double($0) / 25, now: now) }
                        let batch = PositionBatch(truckID: truck, tokenHash: token, fixes: fixes)
                        guard case .recorded(let outcome) = try await writer.submit(batch) else { return -1 }
                        accepted += outcome.accepted.count
                    }
                    return accepted
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(outcomes == [1000, 1000])
        let stored: Int = try setup.owner.scalar("SELECT count(*)::int FROM truck_positions")
        #expect(stored == 2 + 2000)
        let totals = writer.currentTotals
        #expect(totals.batches == 81)
        #expect(totals.flushes <= totals.batches)
    }
}

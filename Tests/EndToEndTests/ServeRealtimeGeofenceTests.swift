import Foundation
import TacoKit
import TacoTestSupport
import Testing

/// Geofence arrivals and departures through POST positions on a running `taco-jobs serve`.
@Suite("taco-jobs serve geofences", .serialized)
struct ServeRealtimeGeofenceTests {
    static let centre = (lat: 30.2849, lon: -97.7341)

    /// A point `metres` north of the campus centre (the campus is a 1 km disc around it).
    static func north(_ metres: Double) -> (lat: Double, lon: Double) {
        (centre.lat + metres / 111_320, centre.lon)
    }

    static func fix(_ metres: Double, secondsAgo: Double) -> [String: Any] {
        fix(metres, at: Date().addingTimeInterval(-secondsAgo))
    }

    static func fix(_ metres: Double, at: Date) -> [String: Any] {
        let point = north(metres)
        return ["recorded_at": Timestamp.rfc3339(at, fractional: true), "lat": point.lat, "lon": point.lon, "accuracy_m": 5]
    }

    /// A fixture whose campus is a 1 km disc, truck A with a device token, and a taco_jobs login.
    struct Setup {
        let fixture: TenantFixture
        let owner: PostgresConnection
        let token: String
        let campusCode: String
        let login: String

        init() throws {
            fixture = try TenantFixture.make()
            owner = try fixture.database.connect()
            token = "device-token-geo-\(UUID().uuidString)"
            try owner.query("UPDATE trucks SET device_token_hash = $1 WHERE id = $2",
                            [TruckStore.tokenHash(token), fixture.a.truckID])
            try owner.query("""
                UPDATE campuses SET boundary = ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography, 1000)::geometry)::geography
                WHERE id = $1
                """, [fixture.campusID, ServeRealtimeGeofenceTests.centre.lon, ServeRealtimeGeofenceTests.centre.lat])
            campusCode = try owner.scalar("SELECT code FROM campuses WHERE id = $1", [fixture.campusID])
            login = try fixture.database.createLogin(group: "taco_jobs", prefix: "geo")
        }

        var positionsPath: String { "/api/v1/trucks/\(fixture.a.truckID)/positions" }

        func events() throws -> [String] {
            try owner.query("SELECT kind FROM geofence_events WHERE truck_id = $1 ORDER BY id", [fixture.a.truckID])
                .map { try $0.decode("kind", as: String.self) }
        }

        func campusID() throws -> UUID? {
            try owner.scalar("SELECT campus_id FROM truck_last_positions WHERE truck_id = $1", [fixture.a.truckID])
        }
    }

    @Test func jitterAtTheEdgeArrivesOnceAndLeavingDepartsOnce() async throws {
        let setup = try Setup()
        let server = try ServeTests.Server(database: setup.fixture.database, login: setup.login,
                                           extra: ["--geofence-dwell", "30s", "--geofence-enter-m", "25",
                                                   "--geofence-exit-m", "50"])
        let listener = try setup.fixture.database.connect()
        try listener.listen(LocationServiceStore.positionsChannel)

        // Approach: 1.5 km out, over the edge by 10 m (not enough), then 100 m inside for 40 s.
        let start = Date().addingTimeInterval(-600)
        var approach = [Self.fix(1500, at: start), Self.fix(1100, at: start + 10), Self.fix(990, at: start + 20)]
        approach += (0..<5).map { Self.fix(900, at: start + 30 + Double($0) * 10) }
        let first = try await ServeTests.request(server, "POST", setup.positionsPath, token: setup.token,
                                                 body: try ServeTests.fixes(approach))
        #expect(first.status == 200, "\(first.text)")
        #expect(first.json["accepted"] as? Int == 8)
        #expect(try setup.events() == ["arrive"])
        #expect(try setup.campusID() == setup.fixture.campusID)
        let arrivedAt: Date = try setup.owner.scalar("SELECT at FROM geofence_events WHERE truck_id = $1", [setup.fixture.a.truckID])
        // The arrival is the first fix of the qualifying run (fixes keep millisecond precision).
        #expect(abs(arrivedAt.timeIntervalSince(start + 30)) < 0.001, "\(arrivedAt) vs \(start + 30)")

        // One notification for the batch, carrying the arrival.
        let notes = try listener.waitForNotifications(timeout: .seconds(5))
        #expect(notes.count == 1)
        let payload = try #require(try JSONSerialization.jsonObject(with: Data((notes.first?.payload ?? "").utf8)) as? [String: Any])
        let events = payload["events"] as? [[String: Any]] ?? []
        #expect(events.map { $0["kind"] as? String } == ["arrive"])
        #expect(events.first?["campus"] as? String == setup.campusCode)
        #expect(payload["campus"] as? String == setup.campusCode)
        #expect(payload["campuses"] as? [String] == [setup.campusCode])
        #expect(payload["vendor"] as? String == setup.fixture.a.slug)

        // Jitter across the edge (±20 m) for three minutes in two batches: no departure.
        let jitter = (0..<18).map { Self.fix($0 % 2 == 0 ? 1020 : 980, secondsAgo: 500 - Double($0) * 10) }
        for batch in [Array(jitter[..<9]), Array(jitter[9...])] {
            let reply = try await ServeTests.request(server, "POST", setup.positionsPath, token: setup.token,
                                                     body: try ServeTests.fixes(batch))
            #expect(reply.json["accepted"] as? Int == 9, "\(reply.text)")
        }
        #expect(try setup.events() == ["arrive"])
        #expect(try setup.campusID() == setup.fixture.campusID)

        // Leave: 100 m outside for 20 s (pending, across two batches), then 40 s more: one departure.
        for (batch, start) in [([1100.0, 1100, 1100], 300.0), ([1100, 1100, 1100, 1100, 1100], 270)] {
            let fixes = batch.enumerated().map { Self.fix($1, secondsAgo: start - Double($0) * 10) }
            let reply = try await ServeTests.request(server, "POST", setup.positionsPath, token: setup.token,
                                                     body: try ServeTests.fixes(fixes))
            #expect(reply.json["accepted"] as? Int == batch.count, "\(reply.text)")
            if start == 300 {
                #expect(try setup.events() == ["arrive"])
                let pending: String? = try setup.owner.scalar(
                    "SELECT geofence_pending_kind FROM truck_last_positions WHERE truck_id = $1", [setup.fixture.a.truckID])
                #expect(pending == "depart")
            }
        }
        #expect(try setup.events() == ["arrive", "depart"])
        #expect(try setup.campusID() == nil)

        server.tool.signal(SIGTERM)
        #expect(server.tool.exitStatus(timeout: 20) == 0)
    }

    @Test func aCampusWithoutABoundaryHasNoGeofence() async throws {
        let setup = try Setup()
        try setup.owner.query("UPDATE campuses SET boundary = NULL WHERE id = $1", [setup.fixture.campusID])
        let server = try ServeTests.Server(database: setup.fixture.database, login: setup.login,
                                           extra: ["--geofence-dwell", "0"])
        let fixes = (0..<5).map { Self.fix(0, secondsAgo: 100 - Double($0) * 10) }
        let reply = try await ServeTests.request(server, "POST", setup.positionsPath, token: setup.token,
                                                 body: try ServeTests.fixes(fixes))
        #expect(reply.json["accepted"] as? Int == 5)
        #expect(try setup.events() == [])
        #expect(try setup.campusID() == nil)
        server.tool.signal(SIGTERM)
        #expect(server.tool.exitStatus(timeout: 20) == 0)
    }
}

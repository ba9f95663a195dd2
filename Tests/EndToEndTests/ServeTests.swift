import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TacoKit
import TacoTestSupport
import Testing

/// `taco-jobs serve` as a child process against a real database, driven over HTTP on loopback.
@Suite("taco-jobs serve", .serialized)
struct ServeTests {
    struct Reply {
        let status: Int
        let body: Data
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    final class Server {
        let tool: StreamingTool
        let base: String
        init(database: TestDatabase, login: String, extra: [String] = [], environment: [String: String] = [:]) throws {
            tool = try StreamingTool("taco-jobs", ["serve", "--listen", "127.0.0.1:0", "--max-body", "64KB",
                                                   "--database-url", try database.conninfo(user: login)] + extra,
                                     environment: environment)
            var port: String?
            tool.waitFor(timeout: 30) { _, stderr in
                for line in stderr where line.contains("\"listening\"") {
                    if let range = line.range(of: #":(\d+)""#, options: .regularExpression) {
                        port = String(line[range].dropFirst().dropLast())
                        return true
                    }
                }
                return false
            }
            guard let port else { throw ToolError(.failure, "serve did not start: \(tool.stderrLines)") }
            base = "http://127.0.0.1:\(port)"
        }
    }

    static func request(_ server: Server, _ method: String, _ path: String, token: String? = nil,
                        body: Data? = nil) async throws -> Reply {
        var request = URLRequest(url: try #require(URL(string: server.base + path)))
        request.httpMethod = method
        request.timeoutInterval = 15
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        return Reply(status: (response as? HTTPURLResponse)?.statusCode ?? -1, body: data)
    }

    static func fixes(_ items: [[String: Any]]) throws -> Data {
        try JSONSerialization.data(withJSONObject: ["fixes": items])
    }

    static func at(_ secondsAgo: Double) -> String { Timestamp.rfc3339(Date().addingTimeInterval(-secondsAgo), fractional: true) }

    @Test func servesPositionsLocationsAndShutsDownCleanly() async throws {
        let fixture = try TenantFixture.make()
        let db = fixture.database
        let owner = try db.connect()
        let tokenA = "device-token-a-\(UUID().uuidString)"
        let tokenB = "device-token-b-\(UUID().uuidString)"
        try owner.query("UPDATE trucks SET device_token_hash = $1 WHERE id = $2", [TruckStore.tokenHash(tokenA), fixture.a.truckID])
        try owner.query("UPDATE trucks SET device_token_hash = $1 WHERE id = $2", [TruckStore.tokenHash(tokenB), fixture.b.truckID])
        // A 1 km disc around the campus centre.
        try owner.query("""
            UPDATE campuses SET boundary = ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(-97.7341, 30.2849), 4326)::geography, 1000)::geometry)::geography
            WHERE id = $1
            """, [fixture.campusID])
        let campusCode: String = try owner.scalar("SELECT code FROM campuses WHERE id = $1", [fixture.campusID])
        // Truck A works on this campus today, 11:00-14:00 local time.
        try owner.query("""
            INSERT INTO schedules (vendor_id, truck_id, campus_id, weekday, start_local, end_local, valid_from)
            VALUES ($1, $2, $3, extract(isodow FROM now() AT TIME ZONE 'America/Chicago'), '11:00', '14:00',
                    (now() AT TIME ZONE 'America/Chicago')::date - 1)
            """, [fixture.a.vendorID, fixture.a.truckID, fixture.campusID])
        let login = try db.createLogin(group: "taco_jobs", prefix: "serve")
        // PostGIS on every request here; `cached` below answers nearby from its in-memory copy (the default).
        // No dwell: the batch's first fix at the campus centre is an arrival (hysteresis has its own tests).
        let server = try Server(database: db, login: login, extra: ["--nearby-cache", "0", "--geofence-dwell", "0"])
        let cached = try Server(database: db, login: login, extra: ["--geofence-dwell", "0"])

        let healthz = try await Self.request(server, "GET", "/healthz")
        #expect(healthz.status == 200)
        let readyz = try await Self.request(server, "GET", "/readyz")
        #expect(readyz.status == 200, "\(readyz.text)")

        // Token auth: missing, wrong, another truck's token, unknown truck id — all 401 with no detail.
        let positionsA = "/api/v1/trucks/\(fixture.a.truckID)/positions"
        let one = try Self.fixes([["recorded_at": Self.at(5), "lat": 30.2849, "lon": -97.7341]])
        for (token, path) in [(nil, positionsA), ("wrong", positionsA), (tokenB, positionsA),
                              (tokenA, "/api/v1/trucks/\(UUID())/positions"), (tokenA, "/api/v1/trucks/not-a-uuid/positions")] {
            let reply = try await Self.request(server, "POST", path, token: token, body: one)
            #expect(reply.status == 401, "\(String(describing: token)) \(path)")
            #expect(!reply.text.contains("truck"), "no detail leaked: \(reply.text)")
        }
        let stored0: Int = try owner.scalar("SELECT count(*)::int FROM truck_positions")
        #expect(stored0 == 0)

        // LISTEN before the batch: exactly one notification for it.
        let listener = try db.connect()
        try listener.listen(LocationServiceStore.positionsChannel)

        let lastGood = Self.at(20)
        let batch = try Self.fixes([
            ["recorded_at": Self.at(60), "lat": 30.2849, "lon": -97.7341, "accuracy_m": 8],          // 0 ok
            ["recorded_at": Self.at(50), "lat": 0.0, "lon": 0.0],                                     // 1 null island
            ["recorded_at": Self.at(40), "lat": 30.2850, "lon": -97.7342, "accuracy_m": 500],         // 2 poor accuracy
            ["recorded_at": Self.at(-3600), "lat": 30.2850, "lon": -97.7342],                         // 3 future
            ["recorded_at": Self.at(60), "lat": 30.2849, "lon": -97.7341],                            // 4 duplicate
            ["recorded_at": Self.at(30), "lat": 31.5, "lon": -97.7341],                               // 5 speed jump
            ["recorded_at": lastGood, "lat": 30.2851, "lon": -97.7341, "speed_mps": 2.5, "heading_deg": 90], // 6 ok
            ["recorded_at": Self.at(25), "lat": 30.2851, "lon": -97.7341],                            // 7 out of order
            ["recorded_at": Self.at(2 * 86400), "lat": 30.2851, "lon": -97.7341],                     // 8 stale
            ["recorded_at": Self.at(10), "lat": 95, "lon": -97.7341],                                 // 9 invalid
        ])
        let posted = try await Self.request(server, "POST", positionsA, token: tokenA, body: batch)
        #expect(posted.status == 200, "\(posted.text)")
        #expect(posted.json["accepted"] as? Int == 2)
        let rejected = (posted.json["rejected"] as? [[String: Any]] ?? []).map { "\($0["index"] ?? "")=\($0["reason"] ?? "")" }
        #expect(rejected == ["1=null_island", "2=poor_accuracy", "3=future_timestamp", "4=duplicate", "5=speed_jump",
                             "7=out_of_order", "8=stale_timestamp", "9=invalid_coordinates"])
        let stored: Int = try owner.scalar("SELECT count(*)::int FROM truck_positions WHERE truck_id = $1", [fixture.a.truckID])
        #expect(stored == 2)
        let lastLat: Double = try owner.scalar("SELECT lat FROM truck_last_positions WHERE truck_id = $1", [fixture.a.truckID])
        #expect(lastLat == 30.2851)
        let lastCampus: UUID? = try owner.scalar("SELECT campus_id FROM truck_last_positions WHERE truck_id = $1", [fixture.a.truckID])
        #expect(lastCampus == fixture.campusID)
        var notes = try listener.waitForNotifications(timeout: .seconds(5))
        notes += try listener.waitForNotifications(timeout: .milliseconds(300))
        #expect(notes.count == 1)
        let payload = (try? JSONSerialization.jsonObject(with: Data((notes.first?.payload ?? "").utf8))) as? [String: Any] ?? [:]
        #expect(payload["truck_id"] as? String == fixture.a.truckID.uuidString.lowercased())
        #expect(payload["campus"] as? String == campusCode)
        #expect(payload["count"] as? Int == 2)

        // The same fix again is a duplicate of the last accepted one: nothing stored, no notification.
        let again = try await Self.request(server, "POST", positionsA, token: tokenA,
                                           body: try Self.fixes([["recorded_at": lastGood, "lat": 30.2851, "lon": -97.7341]]))
        #expect(again.json["accepted"] as? Int == 0)
        #expect((again.json["rejected"] as? [[String: Any]])?.first?["reason"] as? String == "duplicate")

        // Truck B about 2 km away (outside the campus), then nearby ordering.
        let positionsB = "/api/v1/trucks/\(fixture.b.truckID)/positions"
        let postedB = try await Self.request(server, "POST", positionsB, token: tokenB,
                                             body: try Self.fixes([["recorded_at": Self.at(5), "lat": 30.3029, "lon": -97.7341]]))
        #expect(postedB.json["accepted"] as? Int == 1)
        let near = try await Self.request(server, "GET", "/api/v1/locations/nearby?lat=30.2849&lon=-97.7341&radius_m=5000")
        #expect(near.status == 200, "\(near.text)")
        let trucks = near.json["trucks"] as? [[String: Any]] ?? []
        #expect(trucks.map { $0["truck_id"] as? String } == [fixture.a.truckID.uuidString.lowercased(), fixture.b.truckID.uuidString.lowercased()])
        let distanceA = trucks.first?["distance_m"] as? Double ?? -1
        let distanceB = trucks.last?["distance_m"] as? Double ?? -1
        #expect(distanceA > 15 && distanceA < 30)
        #expect(distanceB > 1980 && distanceB < 2030)
        #expect(trucks.first?["vendor_slug"] as? String == fixture.a.slug)
        #expect(trucks.first?["vendor_name"] as? String == "Vendor A")
        #expect(trucks.last?["lat"] as? Double == 30.3029 && trucks.last?["lon"] as? Double == -97.7341)
        #expect((trucks.last?["recorded_at"] as? String).flatMap(Timestamp.parsePostgres) != nil)
        #expect(trucks.first?["hours"] as? [String] == ["11:00-14:00 \(campusCode)"])
        #expect(trucks.last?["hours"] as? [String] == [])
        let close = try await Self.request(server, "GET", "/api/v1/locations/nearby?lat=30.2849&lon=-97.7341&radius_m=500")
        #expect((close.json["trucks"] as? [Any])?.count == 1)
        // The in-memory copy gives the same trucks, order, hours and (within 0.5%) distances as PostGIS.
        let fromCopy = try await Self.request(cached, "GET", "/api/v1/locations/nearby?lat=30.2849&lon=-97.7341&radius_m=5000")
        let copyTrucks = fromCopy.json["trucks"] as? [[String: Any]] ?? []
        #expect(copyTrucks.map { $0["truck_id"] as? String } == trucks.map { $0["truck_id"] as? String })
        #expect(copyTrucks.map { $0["hours"] as? [String] } == trucks.map { $0["hours"] as? [String] })
        for (mine, postgis) in zip(copyTrucks, trucks) {
            let a = mine["distance_m"] as? Double ?? -1, b = postgis["distance_m"] as? Double ?? 1
            #expect(abs(a - b) <= max(0.5, b * 0.005), "\(a) vs \(b)")
            // Every other member is the same, written the same way.
            #expect(NSDictionary(dictionary: mine.filter { $0.key != "distance_m" })
                        == NSDictionary(dictionary: postgis.filter { $0.key != "distance_m" }))
        }
        let closeCopy = try await Self.request(cached, "GET", "/api/v1/locations/nearby?lat=30.2849&lon=-97.7341&radius_m=500")
        #expect((closeCopy.json["trucks"] as? [Any])?.count == 1)
        // A suspended vendor's truck disappears: at once from PostGIS, within the copy's age (1 s) from the copy.
        try owner.query("UPDATE vendors SET status = 'suspended', status_reason = 'test' WHERE id = $1", [fixture.b.vendorID])
        let afterSuspend = try await Self.request(server, "GET", "/api/v1/locations/nearby?lat=30.2849&lon=-97.7341&radius_m=5000")
        #expect((afterSuspend.json["trucks"] as? [Any])?.count == 1)
        let suspendedAt = ContinuousClock.now
        var copyCount = 2
        while copyCount != 1 && ContinuousClock.now - suspendedAt < .seconds(5) {
            try await Task.sleep(for: .milliseconds(100))
            let reply = try await Self.request(cached, "GET", "/api/v1/locations/nearby?lat=30.2849&lon=-97.7341&radius_m=5000")
            copyCount = (reply.json["trucks"] as? [Any])?.count ?? -1
        }
        #expect(copyCount == 1)
        #expect(ContinuousClock.now - suspendedAt < .seconds(3), "the copy outlived twice its maximum age")
        for bad in ["lat=91&lon=0&radius_m=10", "lat=1&lon=0&radius_m=5001", "lat=1&lon=x&radius_m=10", "lon=0&radius_m=10",
                    "lat=1&lon=0&radius_m=0"] {
            let reply = try await Self.request(server, "GET", "/api/v1/locations/nearby?\(bad)")
            #expect(reply.status == 400, "\(bad)")
        }

        // Campus endpoint.
        let campus = try await Self.request(server, "GET", "/api/v1/locations/campus/\(campusCode)")
        #expect(campus.status == 200)
        #expect((campus.json["trucks"] as? [[String: Any]])?.map { $0["truck_id"] as? String } == [fixture.a.truckID.uuidString.lowercased()])
        let unknown = try await Self.request(server, "GET", "/api/v1/locations/campus/NOPE-\(UUID().uuidString.prefix(4))")
        #expect(unknown.status == 404)

        // Malformed JSON and an oversize body.
        let malformed = try await Self.request(server, "POST", positionsA, token: tokenA, body: Data("{\"fixes\": [".utf8))
        #expect(malformed.status == 400)
        let wrongShape = try await Self.request(server, "POST", positionsA, token: tokenA, body: Data("{\"fixes\": [{\"lat\": 1}]}".utf8))
        #expect(wrongShape.status == 400)
        let tooMany = try Self.fixes(Array(repeating: ["recorded_at": Self.at(1), "lat": 1.0, "lon": 1.0], count: 1001))
        #expect(try await Self.request(server, "POST", positionsA, token: tokenA, body: tooMany).status == 400)
        let huge = Data(repeating: UInt8(ascii: " "), count: 70 * 1024)
        let oversize = try await Self.request(server, "POST", positionsA, token: tokenA, body: huge)
        #expect(oversize.status == 413)
        let storedAfter: Int = try owner.scalar("SELECT count(*)::int FROM truck_positions")
        #expect(storedAfter == 3)

        // Metrics.
        let metrics = try await Self.request(server, "GET", "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.text.contains("taco_positions_accepted_total 3"))
        #expect(metrics.text.contains("taco_positions_rejected_total{reason=\"speed_jump\"} 1"))
        #expect(metrics.text.contains("taco_positions_rejected_total{reason=\"duplicate\"} 2"))
        // Every positions request went through the writer; refused tokens never reach it.
        let flushed = metrics.text.split(separator: "\n").first { $0.hasPrefix("taco_position_flush_batches_total ") }
        #expect((flushed?.split(separator: " ").last).flatMap { Int($0) }.map { $0 > 0 } == true, "\(String(describing: flushed))")
        #expect(metrics.text.contains("taco_http_request_duration_seconds_bucket{route=\"/api/v1/trucks/{truck_id}/positions\""))
        #expect(metrics.text.contains("taco_db_pool_in_use 0"))

        // JSON log lines carry a request id.
        #expect(server.tool.stderrLines.contains { $0.contains("\"request\"") && $0.contains("\"request_id\"") })

        server.tool.signal(SIGTERM)
        #expect(server.tool.exitStatus(timeout: 20) == 0)
    }

    @Test func readyzIsUnavailableWhenTheDatabaseIsGoneAndRecovers() async throws {
        let fixture = try TenantFixture.make()
        let db = fixture.database
        let token = "device-token-\(UUID().uuidString)"
        try db.connect().query("UPDATE trucks SET device_token_hash = $1 WHERE id = $2", [TruckStore.tokenHash(token), fixture.a.truckID])
        let login = try db.createLogin(group: "taco_jobs", prefix: "serve")
        let server = try Server(database: db, login: login, extra: ["--pool-size", "2"])
        #expect(try await Self.request(server, "GET", "/readyz").status == 200)
        let positions = "/api/v1/trucks/\(fixture.a.truckID)/positions"
        func post(_ secondsAgo: Double) async throws -> Int {
            let body = try Self.fixes([["recorded_at": Self.at(secondsAgo), "lat": 30.2849, "lon": -97.7341]])
            return try await Self.request(server, "POST", positions, token: token, body: body).status
        }
        #expect(try await post(30) == 200)
        // Kill every backend of the service (what a database restart does to it).
        let admin = try db.superuser()
        try admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1", [login])
        try admin.query("ALTER ROLE \(login) NOLOGIN")
        let down = try await Self.request(server, "GET", "/readyz")
        #expect(down.status == 503)
        let nearbyDown = try await Self.request(server, "GET", "/api/v1/locations/nearby?lat=1&lon=1&radius_m=10")
        #expect(nearbyDown.status == 503)
        // The position writer's own connection is gone too: 503, and nothing half-written.
        #expect(try await post(20) == 503)
        #expect(try await Self.request(server, "GET", "/healthz").status == 200)
        try admin.query("ALTER ROLE \(login) LOGIN")
        #expect(try await Self.request(server, "GET", "/readyz").status == 200)
        #expect(try await post(10) == 200)
        let stored: Int = try admin.scalar("SELECT count(*)::int FROM truck_positions")
        #expect(stored == 2)
        #expect(try await Self.request(server, "GET", "/api/v1/locations/nearby?lat=1&lon=1&radius_m=10").status == 200)
        // Migrations not current (a ledger row gone) → not ready, with the reason.
        let ledger = try db.superuser()
        try ledger.execute("DELETE FROM taco_schema_migrations WHERE version = (SELECT max(version) FROM taco_schema_migrations)")
        let stale = try await Self.request(server, "GET", "/readyz")
        #expect(stale.status == 503)
        #expect(stale.text.contains("migrations"))
        server.tool.signal(SIGINT)
        #expect(server.tool.exitStatus(timeout: 20) == 0)
    }

    @Test func refusesALoginOutsideTacoJobs() throws {
        let fixture = try TenantFixture.make()
        let run = try ToolRunner.run("taco-jobs", ["serve", "--listen", "127.0.0.1:0",
                                                   "--database-url", try fixture.database.conninfo(user: fixture.a.adminLogin)])
        #expect(run.status == 77)
        #expect(run.stderr.contains("location service"))
    }

    @Test func refusesBadOptions() throws {
        for arguments in [["--listen", "nowhere"], ["--max-body", "lots"], ["--pool-size", "0"],
                          ["--nearby-cache", "soon"], ["--nearby-cache", "2h"],
                          ["--geofence-enter-m", "-1"], ["--geofence-exit-m", "nan"], ["--geofence-dwell", "soon"],
                          ["--geofence-dwell", "2h"], ["--ws-buffer", "0"]] {
            let run = try ToolRunner.run("taco-jobs", ["serve"] + arguments)
            #expect(run.status == 64, "\(arguments)")
        }
    }
}

import Foundation
import TacoKit
import TacoTestSupport
import Testing

/// `GET /ws/locations?campus=CODE` on a running `taco-jobs serve`, with raw-socket WebSocket clients.
@Suite("taco-jobs serve WebSocket", .serialized)
struct ServeRealtimeWebSocketTests {
    typealias Geo = ServeRealtimeGeofenceTests

    static func port(_ server: ServeTests.Server) throws -> Int {
        try #require(server.base.split(separator: ":").last.flatMap { Int($0) })
    }

    static func subscribe(_ server: ServeTests.Server, campus: String, receiveBuffer: Int32? = nil) throws -> RealtimeWebSocket {
        let (status, socket) = try RealtimeWebSocket.connect(port: try port(server), path: "/ws/locations?campus=\(campus)",
                                                             receiveBuffer: receiveBuffer)
        #expect(status == 101)
        return try #require(socket)
    }

    static func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    /// The value of an unlabelled metric line, e.g. `taco_websocket_clients 2`.
    static func metric(_ server: ServeTests.Server, _ name: String) async throws -> Int? {
        let text = try await ServeTests.request(server, "GET", "/metrics").text
        return text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Int($0.split(separator: " ").last ?? "") }
    }

    /// Waits (bounded) until a metric reaches `value`.
    static func waitForMetric(_ server: ServeTests.Server, _ name: String, _ value: Int, seconds: Double = 10) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await metric(server, name) == value { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    /// A second campus (a 1 km disc 20 km east of the first) for truck B.
    static func otherCampus(_ setup: Geo.Setup) throws -> (code: String, lat: Double, lon: Double) {
        let code = "WS" + UUID().uuidString.prefix(6).uppercased()
        let (lat, lon) = (Geo.centre.lat, Geo.centre.lon + 0.2)
        try setup.owner.query("""
            INSERT INTO campuses (code, name, time_zone, boundary)
            VALUES ($1, 'Second campus', 'America/Chicago',
                    ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography, 1000)::geometry)::geography)
            """, [code, lon, lat])
        return (code, lat, lon)
    }

    @Test func subscribersGetTheirCampusOnlyWithGeofenceEventsAndSurviveAListenerRestart() async throws {
        let setup = try Geo.Setup()
        let other = try Self.otherCampus(setup)
        let tokenB = "device-token-ws-b-\(UUID().uuidString)"
        try setup.owner.query("UPDATE trucks SET device_token_hash = $1 WHERE id = $2",
                              [TruckStore.tokenHash(tokenB), setup.fixture.b.truckID])
        let server = try ServeTests.Server(database: setup.fixture.database, login: setup.login,
                                           extra: ["--geofence-dwell", "0"])

        // Unknown or missing campus: 404 before any upgrade; a plain GET on a real campus: 426.
        for path in ["/ws/locations?campus=NOPE-\(UUID().uuidString.prefix(4))", "/ws/locations"] {
            let (status, socket) = try RealtimeWebSocket.connect(port: try Self.port(server), path: path)
            #expect(status == 404, "\(path)")
            #expect(socket == nil)
        }
        #expect(try await ServeTests.request(server, "GET", "/ws/locations?campus=\(setup.campusCode)").status == 426)

        let first = try Self.subscribe(server, campus: setup.campusCode)
        let second = try Self.subscribe(server, campus: other.code)
        #expect(try await Self.waitForMetric(server, "taco_websocket_clients", 2))

        // Truck A arrives on the first campus: its subscriber gets the arrival, then the position.
        let posted = try await ServeTests.request(server, "POST", setup.positionsPath, token: setup.token,
                                                  body: try ServeTests.fixes([Geo.fix(0, secondsAgo: 100)]))
        #expect(posted.json["accepted"] as? Int == 1, "\(posted.text)")
        let arrival = Self.json(try first.nextText())
        #expect(arrival["type"] as? String == "arrival")
        #expect(arrival["campus"] as? String == setup.campusCode)
        #expect(arrival["truck_id"] as? String == setup.fixture.a.truckID.uuidString.lowercased())
        #expect(arrival["vendor"] as? String == setup.fixture.a.slug)
        let position = Self.json(try first.nextText())
        #expect(position["type"] as? String == "position")
        #expect(position["lat"] as? Double == Geo.centre.lat)
        #expect(position["lon"] as? Double == Geo.centre.lon)
        #expect((position["at"] as? String)?.isEmpty == false)

        // Truck B on the second campus: the second subscriber's FIRST message is about truck B, so it got
        // nothing of truck A's; the first subscriber gets nothing of truck B's (its next message is A's again).
        let pathB = "/api/v1/trucks/\(setup.fixture.b.truckID)/positions"
        let fixB: [String: Any] = ["recorded_at": ServeTests.at(20), "lat": other.lat, "lon": other.lon]
        #expect(try await ServeTests.request(server, "POST", pathB, token: tokenB, body: try ServeTests.fixes([fixB])).status == 200)
        let onSecond = Self.json(try second.nextText())
        #expect(onSecond["type"] as? String == "arrival")
        #expect(onSecond["truck_id"] as? String == setup.fixture.b.truckID.uuidString.lowercased())
        #expect(onSecond["campus"] as? String == other.code)
        #expect(Self.json(try second.nextText())["type"] as? String == "position")

        // Truck A leaves (2 km north, no dwell): a departure reaches the first campus, stored too.
        #expect(try await ServeTests.request(server, "POST", setup.positionsPath, token: setup.token,
                                             body: try ServeTests.fixes([Geo.fix(2000, secondsAgo: 10)])).status == 200)
        let departure = Self.json(try first.nextText())
        #expect(departure["type"] as? String == "departure", "\(departure)")
        #expect(departure["truck_id"] as? String == setup.fixture.a.truckID.uuidString.lowercased())
        #expect(try setup.events() == ["arrive", "depart"])

        // The LISTEN connection dies (as in a database restart): the service reconnects and streams again.
        let admin = try setup.fixture.database.superuser()
        try admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'taco-jobs serve (listen)' AND datname = $1",
                        [setup.fixture.database.name])
        #expect(try await Self.waitForMetric(server, "taco_position_listener_reconnects_total", 1))
        let fixB2: [String: Any] = ["recorded_at": ServeTests.at(5), "lat": other.lat, "lon": other.lon + 0.0001]
        #expect(try await ServeTests.request(server, "POST", pathB, token: tokenB, body: try ServeTests.fixes([fixB2])).status == 200)
        let afterRestart = Self.json(try second.nextText())
        #expect(afterRestart["lon"] as? Double == other.lon + 0.0001)
        #expect(server.tool.stderrLines.contains { $0.contains("position listener lost the database") })

        let sent = try await Self.metric(server, "taco_websocket_events_sent_total") ?? 0
        #expect(sent == 7)
        first.close()
        #expect(try await Self.waitForMetric(server, "taco_websocket_clients", 1))
        server.tool.signal(SIGTERM)
        #expect(server.tool.exitStatus(timeout: 20) == 0)
    }

    @Test func aSlowConsumerIsDroppedWhileOthersKeepReceiving() async throws {
        let setup = try Geo.Setup()
        let server = try ServeTests.Server(database: setup.fixture.database, login: setup.login,
                                           extra: ["--ws-buffer", "64"])
        let normal = try Self.subscribe(server, campus: setup.campusCode)
        // Never reads, with a tiny receive window: the server's buffers fill up behind it.
        let slow = try Self.subscribe(server, campus: setup.campusCode, receiveBuffer: 4096)
        #expect(try await Self.waitForMetric(server, "taco_websocket_clients", 2))

        // Bursts of 50 notifications of ~1.2 KB each (as position batches would send them), each burst read in full
        // by the normal subscriber before the next, until the slow one is dropped (bounded).
        let padding = String(repeating: "x", count: 1000)
        var burst = 0
        var received = 0
        var dropped = false
        while !dropped, burst < 400 {
            burst += 1
            try setup.owner.query("""
                SELECT pg_notify('taco_positions', json_build_object(
                    'truck_id', $1::uuid, 'vendor_id', $2::uuid, 'truck_name', $3::text, 'vendor', 'v',
                    'campus', $4::text, 'campuses', ARRAY[$4::text], 'recorded_at', now(), 'lat', 30.0, 'lon', -97.0,
                    'count', 1, 'n', $5::int * 1000 + g)::text)
                FROM generate_series(1, 50) g
                """, [setup.fixture.a.truckID, setup.fixture.a.vendorID, padding, setup.campusCode, burst])
            for _ in 0..<50 {
                _ = try normal.nextText()
                received += 1
            }
            dropped = try await Self.metric(server, "taco_websocket_slow_consumers_dropped_total") == 1
        }
        #expect(dropped, "the slow consumer was never dropped after \(burst) bursts")
        #expect(try await Self.waitForMetric(server, "taco_websocket_clients", 1))

        // The normal subscriber keeps receiving.
        try setup.owner.query("""
            SELECT pg_notify('taco_positions', json_build_object('truck_id', $1::uuid, 'vendor_id', $2::uuid,
                'campuses', ARRAY[$3::text], 'recorded_at', now(), 'lat', 30.5, 'lon', -97.0)::text)
            """, [setup.fixture.a.truckID, setup.fixture.a.vendorID, setup.campusCode])
        #expect(Self.json(try normal.nextText())["lat"] as? Double == 30.5)

        // The slow one finds some events in its socket, then the 1008 close (or, if even that could not be
        // written, the cut connection) — never everything.
        var slowTexts = 0
        var ending: RealtimeWebSocket.Frame?
        while ending == nil {
            switch try slow.next(timeout: 10) {
            case .text?: slowTexts += 1
            case let frame?: ending = frame
            case nil: ending = .end
            }
        }
        #expect(slowTexts < received)
        if case .close(let code, let reason)? = ending {
            #expect(code == 1008)
            #expect(reason.contains("slow consumer"))
        } else {
            #expect(ending == .end)
        }
        #expect(server.tool.stderrLines.contains { $0.contains("websocket consumer too slow") })
        server.tool.signal(SIGTERM)
        #expect(server.tool.exitStatus(timeout: 20) == 0)
    }

    @Test func eventsBeyondThePayloadLimitAreReadFromTheDatabase() async throws {
        let setup = try Geo.Setup()
        let server = try ServeTests.Server(database: setup.fixture.database, login: setup.login,
                                           extra: ["--geofence-dwell", "0"])
        let client = try Self.subscribe(server, campus: setup.campusCode)
        #expect(try await Self.waitForMetric(server, "taco_websocket_clients", 1))
        // 20 fixes 30 s apart, alternating between the centre and 100 m outside: 20 events in one batch, more
        // than a notification carries (16), so it carries their id range and the listener reads them.
        let count = 20
        #expect(count > LocationServiceStore.maxEventsInPayload)
        let fixes = (0..<count).map { Geo.fix($0 % 2 == 0 ? 0 : 1100, secondsAgo: 700 - Double($0) * 30) }
        let reply = try await ServeTests.request(server, "POST", setup.positionsPath, token: setup.token,
                                                 body: try ServeTests.fixes(fixes))
        #expect(reply.json["accepted"] as? Int == count, "\(reply.text)")
        var types: [String] = []
        var ids: [Int] = []
        for _ in 0..<count {
            let message = Self.json(try client.nextText())
            types.append(message["type"] as? String ?? "?")
            ids.append(message["event_id"] as? Int ?? -1)
        }
        #expect(types == (0..<count).map { $0 % 2 == 0 ? "arrival" : "departure" })
        #expect(ids == ids.sorted() && Set(ids).count == count)
        #expect(Self.json(try client.nextText())["type"] as? String == "position")
        #expect(try setup.events().count == count)
        server.tool.signal(SIGTERM)
        #expect(server.tool.exitStatus(timeout: 20) == 0)
    }

    @Test func shutdownClosesEveryWebSocketWithGoingAway() async throws {
        let setup = try Geo.Setup()
        let server = try ServeTests.Server(database: setup.fixture.database, login: setup.login)
        let clients = try (0..<3).map { _ in try Self.subscribe(server, campus: setup.campusCode) }
        #expect(try await Self.waitForMetric(server, "taco_websocket_clients", 3))
        server.tool.signal(SIGTERM)
        for client in clients {
            let frame = try client.next(timeout: 10)
            #expect(frame == .close(code: 1001, reason: "server shutting down"))
        }
        #expect(server.tool.exitStatus(timeout: 20) == 0)
    }
}

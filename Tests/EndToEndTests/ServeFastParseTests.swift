import Foundation
import TacoKit
import TacoTestSupport
import Testing

/// `POST …/positions` answers and stores the same whether PositionBatchJSON reads the body or, with
/// `TACO_NO_FAST_PARSE=1`, JSONDecoder does: good bodies in unusual spellings, and every kind of bad one.
@Suite("taco-jobs serve: positions read by PositionBatchJSON and by JSONDecoder alike", .serialized)
struct ServeFastParseTests {
    static func bodies() -> [String] {
        let t = (0..<6).map { ServeTests.at(Double(60 - $0 * 8)) }
        let spelled = """
            { "device" : {"model":"x1","tags":["a",{"b":[1,-2.5e3,true,null]}],"note":"d\\u00eda \\"🌮\\""},
              "fixes" : [ {"lon":-97.7341,"recorded_at":"\(t[0])","lat":30.2849,"accuracy_m":null,"battery":0.93},
                          {"recorded_at":"\(t[1])","lat":3.02850e1,"lon":-97734.2E-3,"speed_mps":25e-1,"heading_deg":90,
                           "accuracy_m":8} ,
                          {"heading_deg":-0,"speed_mps":0.0,"lat":30.28510000000000001,"lon":-97.7342,"recorded_at":"\(t[2])"} ] }
            """
        func one(_ members: String) -> String { "{\"fixes\":[{\"recorded_at\":\"\(t[3])\"\(members)}]}" }
        // Small fixes, so that 1,001 stay under --max-body 64KB.
        let tooMany = "{\"fixes\":[" + Array(repeating: "{\"recorded_at\":\"\(t[4])\",\"lat\":1,\"lon\":1}", count: 1001)
            .joined(separator: ",") + "]}"
        return [
            spelled,
            spelled,  // every fix a duplicate now
            "{\"fixes\":[]}",
            "{\"fixes\": [",
            "{\"fixes\": [{\"lat\": 1}]}",
            "{\"fixes\":[{\"recorded_at\":\"\(t[3])\",\"lat\":30.2851,\"lon\":-97.7343},{\"recorded_at\":\"soon\",\"lat\":1,\"lon\":2}]}",
            one(",\"lat\":0e7,\"lon\":-97.7343"),                       // JSONDecoder refuses this zero
            one(",\"lat\":30.2852,\"lat\":99,\"lon\":-97.7343"),          // JSONDecoder keeps the first lat
            one(",\"lat\":30.2852,\"lon\":-97.7343,\"speed_mps\":1e999"),
            one(",\"lat\":\"30.2852\",\"lon\":-97.7343"),
            tooMany,
            "{\"fixes\":[{\"recorded_at\":\"\(t[5])\",\"lat\":30.28521,\"lon\":-97.73431,\"accuracy_m\":5}]} trailing",
            "{\"fixes\":[{\"recorded_at\":\"\(t[5])\",\"lat\":30.28521,\"lon\":-97.73431,\"accuracy_m\":5}]}",
        ]
    }

    @Test func bothPathsAnswerAndStoreAlike() async throws {
        let bodies = Self.bodies()
        var replies: [[String]] = []
        var stored: [[String]] = []
        for environment in [[:], ["TACO_NO_FAST_PARSE": "1"]] {
            let fixture = try TenantFixture.make()
            let owner = try fixture.database.connect()
            let token = "device-token-\(UUID().uuidString)"
            try owner.query("UPDATE trucks SET device_token_hash = $1 WHERE id = $2", [TruckStore.tokenHash(token), fixture.a.truckID])
            let login = try fixture.database.createLogin(group: "taco_jobs", prefix: "serve_parse")
            let server = try ServeTests.Server(database: fixture.database, login: login, extra: ["--geofence-dwell", "0"],
                                               environment: environment)
            var answers: [String] = []
            for body in bodies {
                let reply = try await ServeTests.request(server, "POST", "/api/v1/trucks/\(fixture.a.truckID)/positions",
                                                         token: token, body: Data(body.utf8))
                answers.append("\(reply.status) \(reply.text)")
            }
            replies.append(answers)
            stored.append(try owner.query("""
                SELECT format('%s %s %s %s %s %s', recorded_at, lat, lon, accuracy_m, speed_mps, heading_deg) AS fix
                FROM truck_positions WHERE truck_id = $1 ORDER BY recorded_at
                """, [fixture.a.truckID]).map { try $0.decode("fix", as: String.self) })
            server.tool.signal(SIGTERM)
            #expect(server.tool.exitStatus(timeout: 20) == 0)
        }
        for (index, (fast, full)) in zip(replies[0], replies[1]).enumerated() {
            #expect(fast == full, "body \(index)")
        }
        #expect(replies[0].map { $0.prefix(3) } == ["200", "200", "200", "400", "400", "400", "400", "200", "400", "400", "400", "400", "200"])
        #expect(replies[0][1].contains("\"accepted\":0"))
        #expect(stored[0] == stored[1])
        #expect(stored[0].count == 5, "\(stored[0])")
    }
}

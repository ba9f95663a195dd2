import Foundation
import TacoKit
import TacoTestSupport
import Testing

@Suite("taco-admin campuses and users")
struct CampusAndUserTests {
    func writeTemp(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("b-\(UUID().uuidString).geojson").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    let square = #"{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[-122.40,37.78],[-122.39,37.78],[-122.39,37.79],[-122.40,37.79],[-122.40,37.78]]]}}"#

    @Test("add with a boundary stores it with PostGIS; re-adding and same-value updates are 0 changed")
    func addCampus() throws {
        let database = try TestDatabase.make()
        let url = try database.conninfo(user: try database.createLogin(group: "taco_food_services", prefix: "fs"))
        let file = try writeTemp(square)
        let add = try ToolRunner.run("taco-admin", ["campuses", "add", "--code", "SFO-T", "--name", "SF Test", "--time-zone", "America/Los_Angeles",
                                                    "--tax-rate", "8.625", "--boundary", file, "--service-hours", "06:00-20:00", "--database-url", url])
        #expect(add.status == 0, "\(add.stderr)")
        let owner = try database.connect()
        let inside: Bool = try owner.scalar("SELECT ST_Covers(boundary, ST_MakePoint(-122.395, 37.785)::geography) FROM campuses WHERE code = 'SFO-T'")
        #expect(inside)
        #expect(try owner.scalar("SELECT tax_rate_percent::text FROM campuses WHERE code = 'SFO-T'", as: String.self) == "8.6250")
        #expect(try owner.scalar("SELECT service_start::text || '-' || service_end::text FROM campuses WHERE code = 'SFO-T'", as: String.self) == "06:00:00-20:00:00")
        #expect(try ToolRunner.run("taco-admin", ["campuses", "add", "--code", "SFO-T", "--name", "SF Test", "--time-zone", "America/Los_Angeles",
                                                  "--tax-rate", "8.625", "--if-not-exists", "--database-url", url]).stderr.contains("0 changed"))
        #expect(try ToolRunner.run("taco-admin", ["campuses", "update", "SFO-T", "--tax-rate", "8.625", "--boundary", file, "--database-url", url]).stderr.contains("0 changed"))
        #expect(try ToolRunner.run("taco-admin", ["campuses", "update", "SFO-T", "--tax-rate", "9", "--database-url", url]).stderr.contains("1 changed"))
        let show = try ToolRunner.run("taco-admin", ["campuses", "show", "SFO-T", "--format", "json", "--database-url", url])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        #expect((object["boundary"] as? [String: Any])?["type"] as? String == "MultiPolygon")
        #expect(object["area_km2"] as? String == "0.978")
    }

    @Test("bad boundaries are refused with the place and the reason, and nothing is written", arguments: [
        (#"{"type":"Polygon","coordinates":[[[-122.40,37.78],[-122.39,37.78],[-122.39,37.79],[-122.40,37.79]]]}"#, "$.coordinates[0]: the ring is not closed"),
        (#"{"type":"Polygon","coordinates":[[[-122.40,37.78],[-122.39,37.79],[-122.39,37.78],[-122.40,37.79],[-122.40,37.78]]]}"#, "Self-intersection"),
        (#"{"type":"Polygon","coordinates":[[[-123,37],[-121,37],[-121,39],[-123,39],[-123,37]]]}"#, "not a plausible campus"),
        (#"{"type":"Polygon","coordinates":[[[37.78,-222.40],[37.78,-122.39],[37.79,-122.39],[37.78,-222.40]]]}"#, "off the globe"),
        (#"{"type":"Point","coordinates":[1,2]}"#, "$.type: expected \"Polygon\" or \"MultiPolygon\""),
        (#"{"type":"Polygon","coordinates":[[[1,2],[true,3],[1,2],[1,2]]]}"#, "$.coordinates[0][1]: expected [longitude, latitude]"),
        ("{not json", "not valid JSON"),
    ])
    func badBoundary(_ json: String, _ message: String) throws {
        let database = try TestDatabase.make()
        let url = try database.conninfo(user: try database.createLogin(group: "taco_food_services", prefix: "fs"))
        let run = try ToolRunner.run("taco-admin", ["campuses", "add", "--code", "BAD-1", "--name", "Bad", "--time-zone", "America/Denver",
                                                    "--tax-rate", "5", "--boundary", try writeTemp(json), "--database-url", url])
        #expect(run.status == 65, "\(run.stderr)")
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(try database.connect().scalar("SELECT count(*) FROM campuses WHERE code = 'BAD-1'", as: Int.self) == 0)
    }

    @Test("unknown time zones, bad tax rates and hours are usage errors; missing files are 66; vendors get 77")
    func badCampusInput() throws {
        let fixture = try TenantFixture.make()
        let url = try fixture.database.conninfo(user: try fixture.database.createLogin(group: "taco_food_services", prefix: "fs"))
        let base = ["campuses", "add", "--code", "X-1", "--name", "X"]
        #expect(try ToolRunner.run("taco-admin", base + ["--time-zone", "Mars/Olympus", "--tax-rate", "5", "--database-url", url]).status == 64)
        #expect(try ToolRunner.run("taco-admin", base + ["--time-zone", "America/Denver", "--tax-rate", "-1", "--database-url", url]).status == 64)
        #expect(try ToolRunner.run("taco-admin", base + ["--time-zone", "America/Denver", "--tax-rate", "5", "--service-hours", "20:00-06:00", "--database-url", url]).status == 64)
        #expect(try ToolRunner.run("taco-admin", base + ["--time-zone", "America/Denver", "--tax-rate", "5", "--boundary", "/no/such.geojson", "--database-url", url]).status == 66)
        #expect(try ToolRunner.run("taco-admin", ["campuses", "update", "NOPE", "--tax-rate", "5", "--database-url", url]).status == 65)
        let vendor = try ToolRunner.run("taco-admin", ["campuses", "list", "--database-url", try fixture.database.conninfo(user: fixture.a.adminLogin)])
        #expect(vendor.status == 77)
    }

    @Test("users: add by hand (manual), correct (marked, audited), deactivate and reactivate; same values are 0 changed")
    func users() throws {
        let fixture = try TenantFixture.make()
        let it = try fixture.database.createLogin(group: "taco_sysadmin", prefix: "it")
        let url = try fixture.database.conninfo(user: it)
        let email = "pat.\(UUID().uuidString.prefix(6))@globex.example"
        let add = try ToolRunner.run("taco-admin", ["users", "add", "--employee-id", "C42", "--email", email, "--given-name", "Pat",
                                                    "--family-name", "Lee", "--meal-subsidy", "10", "--database-url", url])
        #expect(add.status == 0, "\(add.stderr)")
        let owner = try fixture.database.connect()
        #expect(try owner.scalar("SELECT source FROM users WHERE employee_id = 'C42'", as: String.self) == "manual")
        #expect(try owner.scalar("SELECT meal_subsidy_cents FROM users WHERE employee_id = 'C42'", as: Int.self) == 1000)

        #expect(try ToolRunner.run("taco-admin", ["users", "update", email.uppercased(), "--meal-subsidy", "10.00", "--database-url", url]).stderr.contains("0 changed"))
        let edit = try ToolRunner.run("taco-admin", ["users", "update", "C42", "--meal-subsidy", "12.5", "--format", "json", "--database-url", url])
        #expect(edit.stderr.contains("1 changed"))
        #expect(edit.stdout.contains("\"manual_edit_by\":\"\(it)\""))
        #expect(try owner.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'users' AND actor = $1", [it], as: Int.self) == 2)

        #expect(try ToolRunner.run("taco-admin", ["users", "deactivate", "C42", "--database-url", url]).stderr.contains("1 changed"))
        #expect(try ToolRunner.run("taco-admin", ["users", "deactivate", "C42", "--database-url", url]).stderr.contains("0 changed"))
        #expect(try owner.scalar("SELECT deactivated_at IS NOT NULL FROM users WHERE employee_id = 'C42'", as: Bool.self))
        #expect(try ToolRunner.run("taco-admin", ["users", "reactivate", "C42", "--database-url", url]).stderr.contains("1 changed"))

        try owner.query("UPDATE users SET active = false, hr_status = 'terminated' WHERE id = $1", [fixture.userID])
        let worker: String = try owner.scalar("SELECT worker_id FROM users WHERE id = $1", [fixture.userID])
        let terminated = try ToolRunner.run("taco-admin", ["users", "reactivate", worker, "--database-url", url])
        #expect(terminated.status == 65)
        #expect(terminated.stderr.contains("terminated in HR"))
    }

    @Test("users bad input: duplicates, unknown campus or user, bad e-mail or subsidy; food services may read but not write")
    func usersBadInput() throws {
        let fixture = try TenantFixture.make()
        let url = try fixture.database.conninfo(user: try fixture.database.createLogin(group: "taco_sysadmin", prefix: "it"))
        let email: String = try fixture.database.connect().scalar("SELECT email FROM users WHERE id = $1", [fixture.userID])
        let cases: [([String], Int32)] = [
            (["users", "add", "--employee-id", "N1", "--email", email, "--given-name", "A", "--family-name", "B"], 65),
            (["users", "add", "--employee-id", "N2", "--email", "n2@globex.example", "--given-name", "A", "--family-name", "B", "--campus", "NOPE"], 65),
            (["users", "add", "--employee-id", "N3", "--email", "not-an-email", "--given-name", "A", "--family-name", "B"], 64),
            (["users", "update", email, "--meal-subsidy", "-3"], 64),
            (["users", "update", email, "--subsidy-period", "weekly"], 64),
            (["users", "show", "ghost@globex.example"], 65),
            (["users", "update", email], 64),
        ]
        for (arguments, code) in cases {
            let run = try ToolRunner.run("taco-admin", arguments + ["--database-url", url])
            #expect(run.status == code, "\(arguments): \(run.stderr)")
        }
        let fs = try fixture.database.conninfo(user: try fixture.database.createLogin(group: "taco_food_services", prefix: "fs"))
        #expect(try ToolRunner.run("taco-admin", ["users", "show", email, "--database-url", fs]).status == 0)
        #expect(try ToolRunner.run("taco-admin", ["users", "deactivate", email, "--database-url", fs]).status == 77)
        #expect(try fixture.database.connect().scalar("SELECT count(*) FROM users WHERE employee_id LIKE 'N%'", as: Int.self) == 0)
    }
}

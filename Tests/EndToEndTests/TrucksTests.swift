import Foundation
import TacoKit
import TacoTestSupport
import Testing

@Suite("taco-vendor trucks")
struct TrucksTests {
    func json(_ text: String) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    }

    @Test("add, list, update and set-status; re-running says 0 changed and writes nothing")
    func lifecycle() throws {
        let fixture = try TenantFixture.make()
        let url = try fixture.database.conninfo(user: fixture.a.adminLogin)
        let add = try ToolRunner.run("taco-vendor", ["trucks", "add", "--name", "Night Owl", "--plate", "7NOWL1", "--capacity", "12", "--format", "json", "--database-url", url])
        #expect(add.status == 0, "\(add.stderr)")
        #expect(try json(add.stdout).first?["capacity"] as? Int == 12)
        #expect(add.stderr.contains("1 added"))

        let again = try ToolRunner.run("taco-vendor", ["trucks", "add", "--name", "night owl", "--plate", "7NOWL1", "--if-not-exists", "--database-url", url])
        #expect(again.status == 0)
        #expect(again.stderr.contains("0 changed"))
        let duplicate = try ToolRunner.run("taco-vendor", ["trucks", "add", "--name", "Night Owl", "--plate", "X", "--database-url", url])
        #expect(duplicate.status == 65)
        #expect(duplicate.stderr.contains("already exists"))

        let owner = try fixture.database.connect()
        let auditBefore: Int = try owner.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'trucks'")
        let status = try ToolRunner.run("taco-vendor", ["trucks", "set-status", "Night Owl", "maintenance", "--database-url", url])
        #expect(status.stderr.contains("1 changed"))
        let same = try ToolRunner.run("taco-vendor", ["trucks", "set-status", "Night Owl", "maintenance", "--database-url", url])
        #expect(same.stderr.contains("0 changed"))
        let sameUpdate = try ToolRunner.run("taco-vendor", ["trucks", "update", "Night Owl", "--capacity", "12", "--database-url", url])
        #expect(sameUpdate.stderr.contains("0 changed"))
        // One audited write (the status change); the two no-op commands wrote nothing.
        #expect(try owner.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'trucks'", as: Int.self) == auditBefore + 1)

        let list = try ToolRunner.run("taco-vendor", ["trucks", "list", "--status", "maintenance", "--format", "json", "--database-url", url])
        #expect(try json(list.stdout).map { $0["name"] as? String } == ["Night Owl"])
        let csv = try ToolRunner.run("taco-vendor", ["trucks", "ls", "--format", "csv", "--database-url", url])
        #expect(csv.stdout.hasPrefix("id,name,plate,capacity,status,token_rotated_at,created_at\r\n"))
    }

    @Test("bad input: unknown status, empty name, capacity out of range, nothing to update, unknown truck")
    func badInput() throws {
        let fixture = try TenantFixture.make()
        let url = try fixture.database.conninfo(user: fixture.a.adminLogin)
        let cases: [([String], Int32, String)] = [
            (["trucks", "set-status", "Truck 1", "parked"], 64, "unknown truck status \"parked\""),
            (["trucks", "add", "--name", " ", "--plate", "P"], 64, "--name must not be empty"),
            (["trucks", "add", "--name", "Big", "--plate", "P", "--capacity", "0"], 64, "--capacity must be between 1 and 500"),
            (["trucks", "update", "Truck 1"], 64, "nothing to change"),
            (["trucks", "update", "Nope", "--capacity", "3"], 65, "truck \"Nope\" not found"),
            (["trucks", "list", "--status", "sideways"], 64, "unknown truck status"),
        ]
        for (arguments, code, message) in cases {
            let run = try ToolRunner.run("taco-vendor", arguments + ["--database-url", url])
            #expect(run.status == code, "\(arguments)")
            #expect(run.stderr.contains(message), "\(arguments): \(run.stderr)")
        }
        #expect(try fixture.database.connect().scalar("SELECT count(*) FROM trucks WHERE vendor_id = $1", [fixture.a.vendorID], as: Int.self) == 1)
    }

    @Test("another vendor's truck looks exactly like a missing one")
    func isolation() throws {
        let fixture = try TenantFixture.make()
        let url = try fixture.database.conninfo(user: fixture.a.adminLogin)
        let byID = try ToolRunner.run("taco-vendor", ["trucks", "update", fixture.b.truckID.postgresText, "--capacity", "3", "--database-url", url])
        let missing = try ToolRunner.run("taco-vendor", ["trucks", "update", UUID().uuidString, "--capacity", "3", "--database-url", url])
        #expect(byID.status == 65 && missing.status == 65)
        #expect(byID.stderr.replacingOccurrences(of: fixture.b.truckID.postgresText, with: "ID")
                == missing.stderr.replacingOccurrences(of: missing.stderr.components(separatedBy: "\"")[1], with: "ID"))
        let list = try ToolRunner.run("taco-vendor", ["trucks", "list", "--format", "json", "--database-url", url])
        #expect(try json(list.stdout).map { $0["id"] as? String } == [fixture.a.truckID.postgresText])
        #expect(try fixture.database.connect().scalar("SELECT capacity FROM trucks WHERE id = $1", [fixture.b.truckID], as: Int.self) == 20)
    }

    @Test("a device token is printed once, stored only as its SHA-256, and rotation needs --yes without a TTY")
    func token() throws {
        let fixture = try TenantFixture.make()
        let url = try fixture.database.conninfo(user: fixture.a.adminLogin)
        let first = try ToolRunner.run("taco-vendor", ["trucks", "token", "Truck 1", "--format", "json", "--database-url", url])
        #expect(first.status == 0, "\(first.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        let token = try #require(object["token"] as? String)
        #expect(token.hasPrefix("tt_dev_") && token.count > 40)
        let owner = try fixture.database.connect()
        let stored: Data? = try owner.scalar("SELECT device_token_hash FROM trucks WHERE id = $1", [fixture.a.truckID])
        #expect(stored == TruckStore.tokenHash(token))
        let anywhere: Int = try owner.scalar("SELECT count(*) FROM audit_log WHERE new_data::text LIKE '%' || $1 || '%'", [token])
        #expect(anywhere == 0)

        let refused = try ToolRunner.run("taco-vendor", ["trucks", "token", "Truck 1", "--database-url", url])
        #expect(refused.status == 64)
        #expect(try owner.scalar("SELECT device_token_hash FROM trucks WHERE id = $1", [fixture.a.truckID], as: Data?.self) == stored)
        let rotated = try ToolRunner.run("taco-vendor", ["trucks", "token", "Truck 1", "--yes", "--format", "json", "--database-url", url])
        #expect(rotated.status == 0)
        #expect(try owner.scalar("SELECT device_token_hash FROM trucks WHERE id = $1", [fixture.a.truckID], as: Data?.self) != stored)
    }

    @Test("vendor staff can list trucks but not add them (77); a sysadmin acts with --vendor")
    func roles() throws {
        let fixture = try TenantFixture.make()
        let staff = try fixture.database.createLogin(group: "taco_vendor_staff", prefix: "staff")
        try fixture.database.connect().query("INSERT INTO vendor_members (login, vendor_id, role) VALUES ($1, $2, 'staff')", [staff, fixture.a.vendorID])
        let staffURL = try fixture.database.conninfo(user: staff)
        #expect(try ToolRunner.run("taco-vendor", ["trucks", "list", "--database-url", staffURL]).status == 0)
        let add = try ToolRunner.run("taco-vendor", ["trucks", "add", "--name", "Staff Truck", "--plate", "S1", "--database-url", staffURL])
        #expect(add.status == 77)
        #expect(add.stderr.contains("permission denied for table trucks"))

        let sysadmin = try fixture.database.createLogin(group: "taco_sysadmin", prefix: "it")
        let url = try fixture.database.conninfo(user: sysadmin)
        let added = try ToolRunner.run("taco-vendor", ["trucks", "add", "--vendor", fixture.b.slug, "--name", "IT Truck", "--plate", "IT1", "--database-url", url])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(try fixture.database.connect().scalar("SELECT count(*) FROM trucks WHERE vendor_id = $1 AND name = 'IT Truck'", [fixture.b.vendorID], as: Int.self) == 1)
        let withoutVendor = try ToolRunner.run("taco-vendor", ["trucks", "list", "--database-url", url])
        #expect(withoutVendor.status == 64)
    }
}

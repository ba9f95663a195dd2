import Foundation
import TacoKit
import TacoTestSupport
import Testing

/// `taco-vendor schedule …` and `permits …` run as a vendor's real login: exit codes, messages and formats.
@Suite("taco-vendor schedule and permits commands")
struct ScheduleCommandTests {
    struct Session {
        let fixture: ScheduleFixture
        let url: String
        let urlB: String

        init() throws {
            fixture = try ScheduleFixture.make()
            url = try fixture.tenants.database.conninfo(user: fixture.tenants.a.adminLogin)
            urlB = try fixture.tenants.database.conninfo(user: fixture.tenants.b.adminLogin)
        }

        func run(_ arguments: [String], as url: String? = nil, stdin: String? = nil) throws -> ToolRun {
            try ToolRunner.run("taco-vendor", arguments + ["--database-url", url ?? self.url], stdin: stdin)
        }

        func add(_ extra: [String] = [], day: String = "mon", start: String = "11:00", end: String = "14:00", campus: String? = nil) throws -> ToolRun {
            try run(["schedule", "add", "--truck", "Truck 1", "--campus", campus ?? fixture.campusCode, "--day", day,
                     "--start", start, "--end", end, "--from", "2026-01-05"] + extra)
        }

        func file(_ name: String, _ contents: String) throws -> String {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent(TestCluster.uniqueName("sched"))
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let path = dir.appendingPathComponent(name).path
            try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
            return path
        }
    }

    func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    @Test("add prints the slot (JSON), list shows it with UTC times; CSV header; an empty week is []")
    func addAndList() throws {
        let s = try Session()
        let added = try s.add(["--spot", "Lot B", "--format", "json"])
        #expect(added.status == 0, "\(added.stderr)")
        let slot = try #require(try json(added.stdout) as? [String: Any])
        #expect(slot["campus"] as? String == s.fixture.campusCode && slot["day"] as? String == "mon" && slot["spot"] as? String == "Lot B")
        #expect(added.stderr.contains("1 added"))

        let list = try s.run(["schedule", "list", "--week", "2026-W48", "--format", "json"])
        #expect(list.status == 0, "\(list.stderr)")
        let rows = try #require(try json(list.stdout) as? [[String: Any]])
        #expect(rows.count == 1)
        #expect(rows.first?["date"] as? String == "2026-11-23")
        #expect(rows.first?["start_local"] as? String == "11:00")
        #expect(rows.first?["starts_at"] as? String == "2026-11-23T17:00:00Z")
        #expect(rows.first?["schedule_id"] as? String == slot["id"] as? String)
        #expect(rows.first?["closed"] as? Bool == false)

        let csv = try s.run(["schedule", "list", "--week", "2026-W48", "--format", "csv"])
        #expect(csv.stdout.hasPrefix("schedule_id,date,day,truck,campus,start_local,end_local,starts_at,ends_at,spot,closed,closed_reason\r\n"))
        let empty = try s.run(["schedule", "list", "--week", "2025-W01", "--format", "json"])
        #expect(empty.status == 0 && empty.stdout == "[]\n")
        let table = try s.run(["schedule", "list", "--week", "2026-W48"])
        #expect(table.status == 0 && table.stdout.contains("SCHEDULE_ID") && table.stdout.contains("Lot B"))
    }

    @Test("bad input: each with its exit code, a message naming what, and nothing changed")
    func badInput() throws {
        let s = try Session()
        #expect(try s.add().status == 0)
        let before = try s.fixture.snapshot()

        let conflict = try s.add(day: "mon", start: "12:00", end: "13:00", campus: s.fixture.westCode)
        #expect(conflict.status == 65)
        #expect(conflict.stderr.contains("cannot be in two places at once") && conflict.stderr.contains("\(s.fixture.campusCode) mon 11:00-14:00"))

        let backwards = try s.add(day: "tue", start: "13:00", end: "12:00")
        #expect(backwards.status == 65)
        #expect(backwards.stderr.contains("ends (12:00) before it starts (13:00)"))

        let campus = try s.add(day: "tue", campus: "NOPE-1")
        #expect(campus.status == 65)
        #expect(campus.stderr.contains("campus \"NOPE-1\" not found") && campus.stderr.contains("hint: campus codes:"))

        let hours = try s.add(day: "tue", start: "09:00", end: "12:00")
        #expect(hours.status == 65 && hours.stderr.contains("outside the campus's service hours 11:00-14:00"))

        let truck = try s.run(["schedule", "add", "--truck", "Ghost", "--campus", s.fixture.campusCode, "--day", "tue", "--start", "11:00", "--end", "12:00"])
        #expect(truck.status == 65 && truck.stderr.contains("truck \"Ghost\" not found"))

        let until = try s.add(["--until", "2026-01-01"], day: "tue")
        #expect(until.status == 65 && until.stderr.contains("valid_until 2026-01-01 is before valid_from 2026-01-05"))

        let midnight = try s.add(day: "tue", start: "11:00", end: "24:00")
        #expect(midnight.status == 64 && midnight.stderr.contains("'24:00' is invalid for '--end"))
        let day = try s.add(day: "funday")
        #expect(day.status == 64 && day.stderr.contains("'funday' is invalid for '--day"))
        let week = try s.run(["schedule", "list", "--week", "2025-W53"])
        #expect(week.status == 64)

        let jsonError = try s.add(["--format", "json"], day: "tue", start: "13:00", end: "12:00")
        #expect(jsonError.status == 65 && jsonError.stderr.contains("{\"error\":{\"code\":65,"))
        #expect(try s.fixture.snapshot() == before)
    }

    @Test("import: errors listed by line with nothing written; then added, re-import 0 changed, export round trip, dry run, prune")
    func importExport() throws {
        let s = try Session()
        let code = s.fixture.campusCode
        let before = try s.fixture.snapshot()
        let bad = try s.file("schedule.csv", """
            truck,campus,day,start,end,spot,valid_from,valid_until
            Truck 1,\(code),mon,11:00,14:00,,2026-01-05,
            Truck 1,\(code),funday,11:00,14:00,,,
            Truck 1,NOPE-1,tue,11:00,14:00,,,
            Truck 1,\(code),wed,13:00,12:00,,,

            """)
        let refused = try s.run(["schedule", "import", bad])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("schedule.csv: 2 errors:"))
        #expect(refused.stderr.contains("schedule.csv:3: day: \"funday\" is not valid"))
        #expect(refused.stderr.contains("schedule.csv:5: end: the slot ends (12:00) before it starts (13:00)"))
        // The campus is only checked against the database once the file itself is clean.
        let unknownCampus = try s.run(["schedule", "import", try s.file("schedule.csv", """
            truck,campus,day,start,end
            Truck 1,\(code),mon,11:00,14:00
            Truck 1,NOPE-1,tue,11:00,14:00
            """)])
        #expect(unknownCampus.status == 65 && unknownCampus.stderr.contains("schedule.csv:3: campus: campus \"NOPE-1\" not found"))
        #expect(try s.fixture.snapshot() == before)

        let good = try s.file("week.csv", """
            truck,campus,day,start,end,spot,valid_from,valid_until
            Truck 1,\(code),mon,11:00,14:00,Lot B,2026-01-05,
            Truck 1,\(code),tue,11:30,13:30,,2026-01-05,2026-12-31
            """)
        let dry = try s.run(["schedule", "import", good, "--dry-run", "--format", "json"])
        #expect(dry.status == 0 && dry.stderr.contains("2 added, 0 changed, 0 unchanged, 0 removed (dry run: nothing written)"))
        #expect(try s.fixture.snapshot() == before)
        let first = try s.run(["schedule", "import", good])
        #expect(first.status == 0 && first.stderr.contains("2 added, 0 changed, 0 unchanged, 0 removed"), "\(first.stderr)")
        let imported = try s.fixture.snapshot()
        let again = try s.run(["schedule", "import", good, "--format", "json"])
        #expect(again.status == 0 && again.stdout == "[]\n" && again.stderr.contains("0 added, 0 changed, 2 unchanged, 0 removed"))

        for format in ["json", "csv"] {
            let export = try s.run(["schedule", "export", "--format", format])
            #expect(export.status == 0)
            let path = try s.file("export.\(format)", export.stdout)
            let reimport = try s.run(["schedule", "import", path, "--prune"])
            #expect(reimport.status == 0 && reimport.stderr.contains("0 added, 0 changed, 2 unchanged, 0 removed"), "\(format): \(reimport.stderr)")
            let piped = try s.run(["schedule", "import", "-", "--input-format", format], stdin: export.stdout)
            #expect(piped.status == 0 && piped.stderr.contains("0 changed"), "\(piped.stderr)")
        }
        #expect(try s.fixture.snapshot() == imported)
        let csvExport = try s.run(["schedule", "export", "--format", "csv"])
        #expect(csvExport.stdout.hasPrefix("truck,campus,day,start,end,spot,valid_from,valid_until\r\nTruck 1,\(code),mon,11:00,14:00,Lot B,2026-01-05,\r\n"))
        #expect(try s.run(["schedule", "export", "--format", "table"]).status == 64)

        // --prune without a TTY needs --yes; with it, the slot the file does not name goes.
        let onlyMonday = try s.file("monday.csv", "truck,campus,day,start,end,spot,valid_from\nTruck 1,\(code),mon,11:00,14:00,Lot B,2026-01-05\n")
        let unconfirmed = try s.run(["schedule", "import", onlyMonday, "--prune"])
        #expect(unconfirmed.status == 64 && unconfirmed.stderr.contains("--yes"))
        #expect(try s.fixture.snapshot() == imported)
        let pruned = try s.run(["schedule", "import", onlyMonday, "--prune", "--yes", "--format", "json"])
        #expect(pruned.status == 0 && pruned.stderr.contains("0 added, 0 changed, 1 unchanged, 1 removed"))
        let changes = try #require(try json(pruned.stdout) as? [[String: Any]])
        #expect(changes.map { $0["action"] as? String } == ["removed"])

        #expect(try s.run(["schedule", "import", "/nonexistent/schedule.csv"]).status == 66)
        #expect(try s.run(["schedule", "import", try s.file("schedule.txt", "x")]).status == 64)
        let malformed = try s.run(["schedule", "import", try s.file("s.json", "{\"slots\": [")])
        #expect(malformed.status == 65 && malformed.stderr.contains("malformed JSON"))
        var invalid = Data("truck,campus,day,start,end\nTruck 1,".utf8)
        invalid.append(contentsOf: [0xFF, 0xFE])
        let invalidPath = try s.file("bad.csv", "")
        try invalid.write(to: URL(fileURLWithPath: invalidPath))
        let utf8 = try s.run(["schedule", "import", invalidPath])
        #expect(utf8.status == 65 && utf8.stderr.contains("bad.csv:2: invalid UTF-8"))
        let big = try s.file("big.csv", String(repeating: "x", count: ScheduleFile.maximumBytes + 1))
        let tooBig = try s.run(["schedule", "import", big])
        #expect(tooBig.status == 65 && tooBig.stderr.contains("at most 5 MiB"))
    }

    @Test("remove needs --yes without a TTY; another vendor's id looks missing; close is idempotent")
    func removeAndClose() throws {
        let s = try Session()
        let added = try s.add(["--format", "json"], day: "thu")
        let id = try #require((try json(added.stdout) as? [String: Any])?["id"] as? String)
        let before = try s.fixture.snapshot()

        let asB = try s.run(["schedule", "remove", id, "--yes"], as: s.urlB)
        let missing = try s.run(["schedule", "remove", UUID().uuidString.lowercased(), "--yes"], as: s.urlB)
        #expect(asB.status == 65 && missing.status == 65)
        #expect(asB.stderr.replacingOccurrences(of: id, with: "ID") == missing.stderr.replacingOccurrences(
            of: try #require(missing.stderr.split(separator: "\"").dropFirst().first.map(String.init)), with: "ID"))
        #expect(try s.run(["schedule", "list", "--week", "2026-W48", "--format", "json"], as: s.urlB).stdout == "[]\n")
        #expect(try s.run(["schedule", "remove", "not-a-uuid", "--yes"]).status == 65)
        let unconfirmed = try s.run(["schedule", "remove", id])
        #expect(unconfirmed.status == 64)
        let dry = try s.run(["schedule", "remove", id, "--dry-run"])
        #expect(dry.status == 0 && dry.stderr.contains("dry run"))
        #expect(try s.fixture.snapshot() == before)

        let close = try s.run(["schedule", "close", "--truck", "Truck 1", "--date", "2026-11-26", "--reason", "Thanksgiving", "--format", "json"])
        #expect(close.status == 0 && close.stderr.contains("1 changed"))
        #expect((try json(close.stdout) as? [String: Any])?["slots_closed"] as? Int == 1)
        let closed = try s.fixture.snapshot()
        let again = try s.run(["schedule", "close", "--truck", "Truck 1", "--date", "2026-11-26", "--reason", "Thanksgiving"])
        #expect(again.status == 0 && again.stderr.contains("0 changed"))
        #expect(try s.fixture.snapshot() == closed)
        let list = try s.run(["schedule", "list", "--week", "2026-W48", "--format", "json"])
        let rows = try #require(try json(list.stdout) as? [[String: Any]])
        #expect(rows.first?["closed"] as? Bool == true && rows.first?["closed_reason"] as? String == "Thanksgiving")
        #expect(try s.run(["schedule", "close", "--truck", "Truck 1", "--date", "2026-02-30"]).status == 64)
        #expect(try s.run(["schedule", "reopen", "--truck", "Truck 1", "--date", "2026-11-26"]).stderr.contains("1 changed"))
        #expect(try s.run(["schedule", "reopen", "--truck", "Truck 1", "--date", "2026-11-26"]).stderr.contains("0 changed"))

        let removed = try s.run(["schedule", "remove", id, "--yes"])
        #expect(removed.status == 0 && removed.stderr.contains("1 removed"))
        #expect(try s.fixture.slotCount(s.fixture.tenants.a) == 0)
    }

    @Test("permits: add (idempotent with --if-not-exists), past expiry and unknown kind are 65, list, remove")
    func permits() throws {
        let s = try Session()
        let added = try s.run(["permits", "add", "--kind", "business-license", "--number", "BL-1", "--expires", "2099-01-31", "--format", "json"])
        #expect(added.status == 0, "\(added.stderr)")
        let permit = try #require(try json(added.stdout) as? [String: Any])
        #expect(permit["kind"] as? String == "business-license" && permit["expires_on"] as? String == "2099-01-31")
        let before = try s.fixture.snapshot()
        let again = try s.run(["permits", "add", "--kind", "business-license", "--number", "BL-1", "--expires", "2099-01-31", "--if-not-exists"])
        #expect(again.status == 0 && again.stderr.contains("0 added"))
        let duplicate = try s.run(["permits", "add", "--kind", "business-license", "--number", "BL-1", "--expires", "2099-01-31"])
        #expect(duplicate.status == 65 && duplicate.stderr.contains("already exists"))
        let past = try s.run(["permits", "add", "--kind", "health", "--number", "H-1", "--expires", "2020-01-01"])
        #expect(past.status == 65 && past.stderr.contains("2020-01-01 is in the past"))
        let kind = try s.run(["permits", "add", "--kind", "fishing", "--number", "F-1", "--expires", "2099-01-01"])
        #expect(kind.status == 65 && kind.stderr.contains("unknown permit kind \"fishing\"") && kind.stderr.contains("business-license, health, insurance"))
        #expect(try s.fixture.snapshot() == before)

        let list = try s.run(["permits", "list", "--format", "csv"])
        #expect(list.stdout.hasPrefix("id,kind,number,expires_on,days_left,created_at\r\n"))
        #expect(try s.run(["permits", "list", "--format", "json"], as: s.urlB).stdout == "[]\n")
        let id = try #require(permit["id"] as? String)
        #expect(try s.run(["permits", "remove", id, "--yes"], as: s.urlB).status == 65)
        #expect(try s.fixture.snapshot() == before)
        #expect(try s.run(["permits", "remove", id, "--yes"]).status == 0)
        #expect(try s.run(["permits", "list", "--format", "json"]).stdout == "[]\n")
    }

    @Test("every schedule and permits command has --help with examples")
    func help() throws {
        for path in [["schedule"], ["schedule", "list"], ["schedule", "add"], ["schedule", "remove"], ["schedule", "close"], ["schedule", "reopen"],
                     ["schedule", "import"], ["schedule", "export"], ["permits"], ["permits", "list"], ["permits", "add"], ["permits", "remove"]] {
            let run = try ToolRunner.run("taco-vendor", path + ["--help"])
            #expect(run.status == 0 && run.stdout.contains("Examples:"), "\(path)")
        }
    }
}

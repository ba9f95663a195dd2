import Foundation
import TacoKit
import TacoTestSupport
import Testing

/// `taco-vendor menu …` run as a script would: exit codes, stdout/stderr, and the database after a failure.
@Suite("taco-vendor menu: import, validate, export, 86 (binary)")
struct MenuCommandTests {
    static func temp(_ name: String, _ contents: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("menu-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func vendor(_ arguments: [String], _ fixture: TenantFixture, login: String? = nil, stdin: String? = nil) throws -> ToolRun {
        try ToolRunner.run("taco-vendor", ["menu"] + arguments + ["--database-url", try fixture.database.conninfo(user: login ?? fixture.a.adminLogin)],
                           stdin: stdin)
    }

    @Test("validate needs no database: 0 for a good file, 65 listing every error with its place")
    func validate() throws {
        let good = try Self.temp("lunch.json", MenuTestSupport.lunchJSON)
        let ok = try ToolRunner.run("taco-vendor", ["menu", "validate", good, "--format", "json"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("\"items\": 3") && ok.stderr.contains("lunch.json: valid (3 items)"))

        let bad = try Self.temp("bad.yaml", """
            menu: Lunch
            items:
              - {sku: A, name: Taco, price: "-1.00", colour: red}
              - {sku: A, name: Taco 2, price: abc, option_groups: [{name: S, min: 2, max: 1, options: []}]}
              - {sku: B, name: Drink, price: "2", option_groups: [{name: Size, required: true, options: [{name: L, available: false}]}]}
            """)
        let run = try ToolRunner.run("taco-vendor", ["menu", "validate", bad])
        #expect(run.status == 65)
        for expected in ["bad.yaml: 6 errors:", "items[0].price: must not be negative", "items[0].colour: unknown field \"colour\"",
                         "items[1].sku: duplicate sku \"A\" (also at items[0].sku)", "items[1].price: expected a decimal amount",
                         "items[1].option_groups[0].max: expected max >= min (2)",
                         "items[2].option_groups[0].options: a required group needs at least one available option"] {
            #expect(run.stderr.contains(expected), "missing \(expected) in \(run.stderr)")
        }

        let stdin = try ToolRunner.run("taco-vendor", ["menu", "validate", "-", "--input-format", "csv"],
                                       stdin: "sku,name,category,description,price,prep_minutes,available,ingredients\nA,a,,,1,1,true,\nB,b,,,x,1,true,\n")
        #expect(stdin.status == 65 && stdin.stderr.contains("<stdin>:3 (price): expected a decimal amount"), "\(stdin.stderr)")
        #expect(try ToolRunner.run("taco-vendor", ["menu", "validate", "-"]).status == 64)
        #expect(try ToolRunner.run("taco-vendor", ["menu", "validate", "/nonexistent/menu.json"]).status == 66)
    }

    @Test("a bad import exits 65 with the errors and leaves the database exactly as it was", arguments: [
        ("broken.json", "{\"menu\": \"Lunch\", \"items\": [{\"sku\": \"A\",}]}", "line 1, column 41: malformed JSON"),
        ("broken.yaml", "menu: Lunch\nitems:\n  - sku: A\n   name: x\n", "malformed YAML"),
        ("broken.csv", "sku,name,category,description,price,prep_minutes,available,ingredients\nA,\"x,,,1,1,true,\n", "broken.csv:2: unterminated quoted field"),
        ("unknown.json", "{\"menu\": \"Lunch\", \"items\": [{\"sku\": \"A\", \"name\": \"a\", \"price\": \"1\", \"colour\": \"red\", \"size\": 2}]}",
         "items[0].size: unknown field \"size\""),
        ("prices.csv", "sku,name,category,description,price,prep_minutes,available,ingredients\nA,a,,,-1,1,true,\nB,b,,,4.999,1,true,\n",
         "prices.csv:3 (price): expected at most 2 decimal places"),
    ])
    func badImport(name: String, contents: String, expected: String) throws {
        let fixture = try TenantFixture.make()
        let before = try MenuTestSupport.counts(fixture.database)
        let run = try vendor(["import", try Self.temp(name, contents)], fixture)
        #expect(run.status == 65)
        #expect(run.stderr.contains(expected), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(try MenuTestSupport.counts(fixture.database) == before)
    }

    @Test("a 50 MB file and invalid UTF-8 are refused with 65 and the database is unchanged")
    func hygiene() throws {
        let fixture = try TenantFixture.make()
        let before = try MenuTestSupport.counts(fixture.database)
        let big = try Self.temp("big.json", "")
        let handle = try #require(FileHandle(forWritingAtPath: big))
        try handle.truncate(atOffset: 50 * 1024 * 1024)
        try handle.close()
        let large = try vendor(["import", big], fixture)
        #expect(large.status == 65 && large.stderr.contains("big.json is 52428800 bytes; the limit is 8388608 bytes (8 MiB)"), "\(large.stderr)")

        let latin1 = try Self.temp("latin1.csv", "")
        try Data(Array("sku,name,category,description,price,prep_minutes,available,ingredients\nJALA,Jalape".utf8) + [0xF1] + Array("o,,,1,1,true,\n".utf8))
            .write(to: URL(fileURLWithPath: latin1))
        let utf8 = try vendor(["import", latin1], fixture)
        #expect(utf8.status == 65 && utf8.stderr.contains("latin1.csv:2: invalid UTF-8 at byte offset 82"), "\(utf8.stderr)")
        #expect(try MenuTestSupport.counts(fixture.database) == before)
    }

    @Test("import, then export in each format re-imports with '0 added, 0 changed, 3 unchanged, 0 removed'")
    func importExportRoundTrip() throws {
        let fixture = try TenantFixture.make()
        let first = try vendor(["import", try Self.temp("lunch.json", MenuTestSupport.lunchJSON), "--prune", "--format", "json"], fixture)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("menu \"Lunch\": 3 added, 0 changed, 0 unchanged, 1 removed"), "\(first.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 4 && rows.last?["action"] as? String == "removed")

        for format in ["json", "yaml", "csv"] {
            let export = try vendor(["export", "--format", format], fixture)
            #expect(export.status == 0, "\(export.stderr)")
            let path = try Self.temp("export.\(format)", export.stdout)
            let again = try vendor(["import", path] + (format == "csv" ? ["--menu", "Lunch"] : []), fixture)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(again.stderr.contains("0 added, 0 changed, 3 unchanged, 0 removed"), "\(format): \(again.stderr)")
        }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("menu-out-\(UUID().uuidString).yaml").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(try vendor(["export", "--format", "yaml", "--out", out], fixture).status == 0)
        #expect(try String(contentsOfFile: out, encoding: .utf8).hasPrefix("menu: Lunch\nitems:\n"))
        #expect(try vendor(["export", "--out", "/nonexistent-dir/menu.json"], fixture).status == 73)
        #expect(try vendor(["export", "--format", "table"], fixture).status == 64)
        #expect(try vendor(["export", "--format", "ndjson"], fixture).status == 64)

        // stdin, with the format named; --dry-run reports and rolls back.
        let before = try MenuTestSupport.counts(fixture.database)
        let changed = MenuTestSupport.lunchJSON.replacingOccurrences(of: "\"price\": \"4.50\"", with: "\"price\": \"4.95\"")
        let dry = try vendor(["import", "-", "--input-format", "json", "--dry-run"], fixture, stdin: changed)
        #expect(dry.status == 0 && dry.stderr.contains("dry run, rolled back: 0 added, 1 changed, 2 unchanged, 0 removed"), "\(dry.stderr)")
        #expect(try MenuTestSupport.counts(fixture.database) == before)

        let show = try vendor(["show", "--format", "csv"], fixture)
        #expect(show.status == 0)
        #expect(show.stdout.hasPrefix("sku,name,category,price_cents,prep_minutes,available,sold_out_until,eighty_sixed_ingredients,orderable,state,option_groups\r\n"))
        #expect(show.stdout.contains("TACO-AL-PASTOR,Al Pastor Taco,Tacos,450,4,true,,,true,available,"))
    }

    @Test("staff: 86 works and re-running says 0 changed; import is refused with 77; unknown SKU is 65")
    func staff() throws {
        let fixture = try TenantFixture.make()
        #expect(try vendor(["import", try Self.temp("lunch.json", MenuTestSupport.lunchJSON)], fixture).status == 0)
        let staff = try MenuTestSupport.createStaff(fixture.database, vendorID: fixture.a.vendorID)
        let before = try MenuTestSupport.counts(fixture.database)
        let refused = try vendor(["import", try Self.temp("lunch.json", MenuTestSupport.lunchJSON)], fixture, login: staff)
        #expect(refused.status == 77 && refused.stderr.contains("vendor staff cannot import menus"), "\(refused.stderr)")
        #expect(try MenuTestSupport.counts(fixture.database) == before)

        let off = try vendor(["86", "TACO-VEG", "--until", "2h", "--format", "json"], fixture, login: staff)
        #expect(off.status == 0 && off.stderr.contains("1 changed"), "\(off.stderr)")
        #expect(off.stdout.contains("\"orderable\":false"))
        #expect(try vendor(["86", "TACO-VEG", "--until", "2h"], fixture, login: staff).status == 0)
        #expect(try vendor(["86", "--ingredient", "rice"], fixture, login: staff).stderr.contains("1 changed (ingredient \"rice\": 1 item(s) use it, 1 unorderable now)"))
        #expect(try vendor(["86", "--ingredient", "rice"], fixture, login: staff).stderr.contains("0 changed"))
        #expect(try vendor(["un86", "--ingredient", "rice"], fixture, login: staff).stderr.contains("1 changed"))
        #expect(try vendor(["un86", "TACO-VEG"], fixture, login: staff).stderr.contains("1 changed"))
        #expect(try vendor(["un86", "TACO-VEG"], fixture, login: staff).stderr.contains("0 changed"))

        let unknown = try vendor(["86", "SECRET-B"], fixture, login: staff)
        #expect(unknown.status == 65 && unknown.stderr.contains("menu item \"SECRET-B\" not found"), "another vendor's SKU looks missing")
        #expect(try vendor(["86", "--ingredient", "unobtainium"], fixture).status == 65)
        #expect(try vendor(["86", "TACO-VEG", "--until", "yesterday"], fixture).status == 64)
        #expect(try vendor(["86"], fixture).status == 64)
    }
}

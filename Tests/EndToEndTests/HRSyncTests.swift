import Foundation
import TacoIntegrations
import TacoKit
import TacoTestSupport
import Testing

/// `taco-jobs hr-sync` end to end: the built binary, a real database, a real taco_jobs login.
@Suite("taco-jobs hr-sync")
struct HRSyncTests {
    struct Setup {
        let database: TestDatabase
        let url: String
        let owner: PostgresConnection
    }

    func setUp() throws -> Setup {
        let database = try TestDatabase.make()
        let login = try database.createLogin(group: "taco_jobs", prefix: "jobs")
        return Setup(database: database, url: try database.conninfo(user: login), owner: try database.connect())
    }

    func sync(_ setup: Setup, _ feed: String, _ extra: [String] = [], stdin: String? = nil) throws -> ToolRun {
        try ToolRunner.run("taco-jobs", ["hr-sync", "--feed", feed, "--database-url", setup.url] + extra, stdin: stdin)
    }

    func summary(_ run: ToolRun) -> String {
        run.stderr.split(separator: "\n").first { $0.contains(" created, ") }.map(String.init) ?? run.stderr
    }

    func lastRun(_ db: PostgresConnection) throws -> PostgresRow? {
        try db.queryFirst("SELECT * FROM hr_sync_runs ORDER BY started_at DESC, finished_at DESC LIMIT 1")
    }

    @Test("the sample applies as a taco_jobs login; the same export again is 0 changed and writes no row at all")
    func applyAndRerun() throws {
        let setup = try setUp()
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/samples/hr-export-sample.xml").path
        let first = try sync(setup, sample)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(summary(first).hasPrefix("6 created, 0 updated, 0 deactivated, 0 reactivated, 0 unchanged, 0 rejected — 6 changed"), "\(first.stderr)")
        let db = setup.owner
        #expect(try db.scalar("SELECT count(*) FROM users WHERE active", as: Int.self) == 5)
        #expect(try db.scalar("SELECT manager_worker_id FROM users WHERE employee_id = 'E0110000'", as: String.self) == "WD-0b7c1e2f3a4d5e")
        #expect(try db.scalar("SELECT meal_subsidy_cents FROM users WHERE employee_id = 'E0120001'", as: Int.self) == 725)
        #expect(try db.scalar("SELECT hr_status || '/' || active::text FROM users WHERE employee_id = 'E0130003'", as: String.self) == "terminated/false")
        #expect(try db.scalar("SELECT c.time_zone FROM campuses c WHERE c.code = 'CHI-LOOP'", as: String.self) == "America/Chicago")
        #expect(try db.scalar("SELECT parent_code FROM departments WHERE code = 'D-0131'", as: String.self) == "D-0007")
        let run = try #require(try lastRun(db))
        #expect(try run.decode("decision", as: String.self) == "applied")
        #expect(try run.decode("created_count", as: Int.self) == 6)
        #expect(try run.decode("record_count", as: Int.self) == 6)
        #expect(try run.decode("feed_sha256", as: String.self).count == 64)

        let before = try HRFeedFixture.snapshot(db)
        let updatesBefore = try db.scalar("SELECT coalesce(sum(n_tup_upd + n_tup_ins), 0)::bigint FROM pg_stat_user_tables WHERE relname IN ('users', 'campuses', 'departments') AND schemaname = 'public'", as: Int.self)
        let again = try sync(setup, sample)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(summary(again).hasPrefix("0 created, 0 updated, 0 deactivated, 0 reactivated, 6 unchanged, 0 rejected — 0 changed; campuses 0 changed, departments 0 changed"), "\(again.stderr)")
        // Same ctid and xmin for every user (no new row version), no audit row, and no counted write.
        #expect(try HRFeedFixture.snapshot(db) == before)
        var updatesAfter = updatesBefore
        for _ in 0..<50 {
            try db.execute("SELECT pg_stat_clear_snapshot()")
            updatesAfter = try db.scalar("SELECT coalesce(sum(n_tup_upd + n_tup_ins), 0)::bigint FROM pg_stat_user_tables WHERE relname IN ('users', 'campuses', 'departments') AND schemaname = 'public'", as: Int.self)
            if updatesAfter != updatesBefore { break }
            usleep(20_000)
        }
        #expect(updatesAfter == updatesBefore)
        #expect(try db.scalar("SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'users' AND schemaname = 'public'", as: Int.self) == 0)
        #expect(try lastRun(db)?.decode("unchanged_count", as: Int.self) == 6)
    }

    @Test("changes: updates show old → new, terminations deactivate, returns reactivate, HR clears the manual-edit mark; --report and --format json")
    func changesAndReport() throws {
        let setup = try setUp()
        var employees = HRFeedFixture.employees(30)
        employees[1].manager = employees[0].employeeID
        #expect(try sync(setup, try HRFeedFixture.write(HRFeedFixture.xml(employees))).status == 0)
        try setup.owner.execute("UPDATE users SET job_title = 'Chef', manual_edit_at = now(), manual_edit_by = 'it' WHERE worker_id = 'WD-000003'")
        try setup.owner.execute("UPDATE users SET manual_edit_at = now(), manual_edit_by = 'it' WHERE worker_id = 'WD-000004'")
        employees[1].subsidy = "12.50"
        employees[1].campus = "HR-CHI"
        employees[4].status = "terminated"
        let feed = try HRFeedFixture.write(HRFeedFixture.xml(employees))
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("hr-report-\(UUID().uuidString).json").path
        let run = try sync(setup, feed, ["--report", report, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(summary(run).hasPrefix("0 created, 2 updated, 1 deactivated, 0 reactivated, 27 unchanged, 0 rejected — 3 changed"), "\(run.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 3)
        let second = try #require(rows.first { $0["worker_id"] as? String == "WD-000002" })
        let changes = try #require(second["changes"] as? [String: [String: Any]])
        #expect(changes["meal_subsidy_cents"]?["old"] as? Int == 1000 && changes["meal_subsidy_cents"]?["new"] as? Int == 1250)
        #expect(changes["campus"]?["old"] as? String == "HR-SFO" && changes["campus"]?["new"] as? String == "HR-CHI")
        #expect(changes["email"] == nil && second["line"] as? Int == HRFeedFixture.line(of: "WD-000002", in: HRFeedFixture.xml(employees)))
        let chef = try #require(rows.first { $0["worker_id"] as? String == "WD-000003" })
        #expect((chef["changes"] as? [String: [String: Any]])?["job_title"]?["new"] as? String == "Engineer")
        let fifth = try #require(rows.first { $0["worker_id"] as? String == "WD-000005" })
        #expect(fifth["action"] as? String == "deactivated" && fifth["reason"] as? String == "terminated")
        let file = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [[String: Any]])
        #expect(file.count == 3)
        let db = setup.owner
        #expect(try db.scalar("SELECT manual_edit_at IS NULL AND manual_edit_by IS NULL FROM users WHERE worker_id = 'WD-000003'", as: Bool.self))
        #expect(try db.scalar("SELECT manual_edit_at IS NOT NULL FROM users WHERE worker_id = 'WD-000004'", as: Bool.self))
        #expect(try db.scalar("SELECT NOT active AND deactivated_at IS NOT NULL FROM users WHERE worker_id = 'WD-000005'", as: Bool.self))

        employees[4].status = "active"
        let back = try sync(setup, try HRFeedFixture.write(HRFeedFixture.xml(employees)), ["--format", "ndjson"])
        #expect(summary(back).hasPrefix("0 created, 0 updated, 0 deactivated, 1 reactivated, 29 unchanged"), "\(back.stderr)")
        #expect(back.stdout.contains(#""worker_id":"WD-000005","action":"reactivated""#))
        #expect(try db.scalar("SELECT active AND deactivated_at IS NULL FROM users WHERE worker_id = 'WD-000005'", as: Bool.self))
    }

    @Test("hostile or broken XML: exit 65 with the reason, nothing written, the refused run recorded", arguments: [
        "xxe-file", "xxe-http", "billion-laughs", "quadratic", "deep", "invalid-utf8", "truncated", "not-xml", "xinclude",
    ])
    func hostile(_ name: String) throws {
        let setup = try setUp()
        let good = HRFeedFixture.xml(HRFeedFixture.employees(3))
        let body: [UInt8]
        let expected: String
        switch name {
        case "xxe-file":
            body = Array(good.replacingOccurrences(of: "<hr:EmployeeExport", with: "<!DOCTYPE hr:EmployeeExport [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<hr:EmployeeExport")
                .replacingOccurrences(of: "<hr:Given>Pat</hr:Given>", with: "<hr:Given>&x;</hr:Given>").utf8)
            expected = "the export has a DOCTYPE"
        case "xxe-http":
            body = Array(good.replacingOccurrences(of: "<hr:EmployeeExport", with: "<!DOCTYPE hr:EmployeeExport [<!ENTITY x SYSTEM \"http://127.0.0.1:1/x\">]>\n<hr:EmployeeExport")
                .replacingOccurrences(of: "<hr:Given>Pat</hr:Given>", with: "<hr:Given>&x;</hr:Given>").utf8)
            expected = "the export has a DOCTYPE"
        case "billion-laughs":
            let entities = "<!ENTITY lol0 \"lol\">" + (1...9).map { "<!ENTITY lol\($0) \"" + String(repeating: "&lol\($0 - 1);", count: 10) + "\">" }.joined()
            body = Array(good.replacingOccurrences(of: "<hr:EmployeeExport", with: "<!DOCTYPE hr:EmployeeExport [\(entities)]>\n<hr:EmployeeExport")
                .replacingOccurrences(of: "<hr:Given>Pat</hr:Given>", with: "<hr:Given>&lol9;</hr:Given>").utf8)
            expected = "entit"
        case "quadratic":
            body = Array(good.replacingOccurrences(of: "<hr:EmployeeExport", with: "<!DOCTYPE hr:EmployeeExport [<!ENTITY a \"\(String(repeating: "A", count: 20_000))\">]>\n<hr:EmployeeExport")
                .replacingOccurrences(of: "<hr:Given>Pat</hr:Given>", with: "<hr:Given>\(String(repeating: "&a;", count: 20_000))</hr:Given>").utf8)
            expected = "the export has a DOCTYPE"
        case "deep":
            body = Array(good.replacingOccurrences(of: "<hr:Given>Pat</hr:Given>", with: String(repeating: "<x>", count: 10_000) + String(repeating: "</x>", count: 10_000)).utf8)
            expected = "nested too deeply"
        case "invalid-utf8":
            var bytes = Array(good.utf8)
            let marker = Array("<hr:Given>Pat".utf8)
            if let index = bytes.indices.first(where: { Array(bytes[$0..<min($0 + marker.count, bytes.count)]) == marker }) {
                bytes.insert(contentsOf: [0xFF, 0xFE, 0xC0], at: index + marker.count)
            }
            body = bytes
            expected = "not proper UTF-8"
        case "truncated":
            body = Array(good.utf8.prefix(good.utf8.count * 2 / 3))
            expected = "truncated"
        case "not-xml":
            body = Array("worker_id,employee_id\nWD-1,E1\n".utf8)
            expected = "not well-formed XML"
        default:
            body = Array(good.replacingOccurrences(of: "<hr:Employees>", with: "<hr:Employees><xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"file:///etc/passwd\" parse=\"text\"/>").utf8)
            expected = "XInclude"
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hr-\(name)-\(UUID().uuidString).xml").path
        try Data(body).write(to: URL(fileURLWithPath: path))
        let before = try HRFeedFixture.snapshot(setup.owner)
        let run = try sync(setup, path)
        #expect(run.status == 65, "\(name): \(run.stderr)")
        #expect(run.stderr.contains(expected), "\(name): \(run.stderr)")
        #expect(run.stderr.contains("nothing was applied"))
        #expect(try HRFeedFixture.snapshot(setup.owner) == before)
        let recorded = try #require(try lastRun(setup.owner))
        #expect(try recorded.decode("decision", as: String.self) == "refused: invalid export")
        #expect(try recorded.decode("error", as: String?.self)?.contains(expected) == true)
        #expect(try recorded.decode("feed_sha256", as: String?.self)?.count == 64)
    }

    @Test("a 2 GB text node on stdin stops at 10 MB: 65, nothing written")
    func hugeTextNodeOnStdin() throws {
        let setup = try setUp()
        let script = """
            import sys
            out = sys.stdout.buffer
            try:
                out.write(b'<hr:EmployeeExport xmlns:hr="urn:tacotracker:hr-export:1" schemaVersion="1.0" exportId="X" mode="delta" recordCount="1"><hr:Employees><hr:Employee employeeId="E1" workerId="W1"><hr:Name><hr:Given>')
                chunk = b'A' * (1 << 20)
                for _ in range(2048):
                    out.write(chunk)
            except BrokenPipeError:
                pass
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        let tool = ToolRunner.binDirectory.appendingPathComponent("taco-jobs").path
        process.arguments = ["-c", "python3 -c \"$0\" | \"$1\" hr-sync --feed - --database-url \"$2\"; echo \"exit=$?\" >&2", script, tool, setup.url]
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") && !$0.key.hasPrefix("TACO_") }
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        let before = try HRFeedFixture.snapshot(setup.owner)
        try process.run()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(stderr.contains("exit=65"), "\(stderr)")
        #expect(stderr.contains("huge text node") && stderr.contains("10 MB"), "\(stderr)")
        #expect(try HRFeedFixture.snapshot(setup.owner) == before)
    }

    /// One invalid-export case: what to change, the text the error must contain, and the worker whose line it names.
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let message: String
        let lineOf: String?
        let make: @Sendable ([HRTestEmployee]) -> String
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "schema version", message: "schemaVersion \"2.0\" is not supported", lineOf: "<hr:EmployeeExport") { HRFeedFixture.xml($0, schemaVersion: "2.0") },
        Case(name: "mode", message: "mode \"partial\" is not full or delta", lineOf: "<hr:EmployeeExport") { HRFeedFixture.xml($0, mode: "partial") },
        Case(name: "root count", message: "recordCount is 9 but the export has 5", lineOf: "<hr:EmployeeExport") { HRFeedFixture.xml($0, recordCount: 9) },
        Case(name: "trailer count", message: "Trailer recordCount is 4 but the export has 5", lineOf: "<hr:Trailer") { HRFeedFixture.xml($0, trailerCount: .some(4)) },
        Case(name: "missing trailer", message: "no Trailer: it looks truncated", lineOf: "<hr:EmployeeExport") { HRFeedFixture.xml($0, trailerCount: .some(nil)) },
        Case(name: "namespace", message: "not EmployeeExport in the namespace urn:tacotracker:hr-export:1", lineOf: nil) { HRFeedFixture.xml($0, namespace: "urn:tacotracker:hr-export:2") },
        Case(name: "duplicate workerId", message: "workerId is also on line", lineOf: "E0000099") { employees in
            var copy = employees
            var twin = copy[0]
            twin.employeeID = "E0000099"; twin.email = "twin@globex.example"; twin.sso = nil
            copy.append(twin)
            return HRFeedFixture.xml(copy)
        },
        Case(name: "duplicate employeeId", message: "employeeId E0000002 is also on line", lineOf: "WD-000099") { employees in
            var copy = employees
            var twin = HRTestEmployee(99)
            twin.employeeID = copy[1].employeeID
            copy.append(twin)
            return HRFeedFixture.xml(copy)
        },
        Case(name: "duplicate e-mail ignoring case", message: "Email PAT.LEE.3@globex.example is also on line", lineOf: "WD-000099") { employees in
            var copy = employees
            var twin = HRTestEmployee(99)
            twin.email = "PAT.LEE.3@globex.example"
            copy.append(twin)
            return HRFeedFixture.xml(copy)
        },
        Case(name: "unknown campus", message: "campus NOWHERE is neither defined in the export nor known", lineOf: "WD-000002") { employees in
            var copy = employees
            copy[1].campus = "NOWHERE"
            return HRFeedFixture.xml(copy)
        },
        Case(name: "unknown department", message: "department D-404 is neither defined in the export nor known", lineOf: "WD-000003") { employees in
            var copy = employees
            copy[2].department = "D-404"
            return HRFeedFixture.xml(copy)
        },
        Case(name: "subsidy over 100", message: "MealSubsidy 100.01 is more than 100.00", lineOf: "WD-000004") { employees in
            var copy = employees
            copy[3].subsidy = "100.01"
            return HRFeedFixture.xml(copy)
        },
        Case(name: "subsidy decimals", message: "MealSubsidy \"9.999\" is not an amount with at most two decimals", lineOf: "WD-000004") { employees in
            var copy = employees
            copy[3].subsidy = "9.999"
            return HRFeedFixture.xml(copy)
        },
        Case(name: "subsidy currency", message: "currency \"DOL\" is not an ISO 4217 code", lineOf: "WD-000005") { employees in
            var copy = employees
            copy[4].currency = "DOL"
            return HRFeedFixture.xml(copy)
        },
        Case(name: "subsidy period", message: "period \"per-week\" is not per-day or per-meal", lineOf: "WD-000005") { employees in
            var copy = employees
            copy[4].period = "per-week"
            return HRFeedFixture.xml(copy)
        },
        Case(name: "unknown manager", message: "manager E7777777 is neither in the export nor an existing user", lineOf: "WD-000001") { employees in
            var copy = employees
            copy[0].manager = "E7777777"
            return HRFeedFixture.xml(copy)
        },
        Case(name: "status", message: "Status \"retired\" is not active, leave or terminated", lineOf: "WD-000002") { employees in
            var copy = employees
            copy[1].status = "retired"
            return HRFeedFixture.xml(copy)
        },
        Case(name: "date", message: "HireDate \"2026-02-30\" is not a date", lineOf: "WD-000003") { employees in
            var copy = employees
            copy[2].hireDate = "2026-02-30"
            return HRFeedFixture.xml(copy)
        },
        Case(name: "unknown time zone", message: "Campus HR-MARS: unknown time zone \"Mars/Olympus\"", lineOf: "HR-MARS") { employees in
            HRFeedFixture.xml(employees, campuses: HRFeedFixture.campuses.replacingOccurrences(
                of: "</hr:Campuses>", with: "  <hr:Campus code=\"HR-MARS\"><hr:Name>Mars</hr:Name><hr:TimeZone>Mars/Olympus</hr:TimeZone></hr:Campus>\n  </hr:Campuses>"))
        },
    ]

    @Test("invalid exports: exit 65, every problem with its line, nothing written, the refused run recorded", arguments: cases)
    func invalid(_ testCase: Case) throws {
        let setup = try setUp()
        let text = testCase.make(HRFeedFixture.employees(5))
        let before = try HRFeedFixture.snapshot(setup.owner)
        let run = try sync(setup, try HRFeedFixture.write(text))
        #expect(run.status == 65, "\(testCase.name): \(run.stderr)")
        #expect(run.stderr.contains(testCase.message), "\(testCase.name): \(run.stderr)")
        if let needle = testCase.lineOf, let line = HRFeedFixture.line(of: needle, in: text) {
            #expect(run.stderr.contains(".xml:\(line): "), "\(testCase.name) should name line \(line): \(run.stderr)")
        }
        #expect(try HRFeedFixture.snapshot(setup.owner) == before)
        #expect(try lastRun(setup.owner)?.decode("decision", as: String.self) == "refused: invalid export")
    }

    @Test("all problems are listed at once, each with its line")
    func allProblemsListed() throws {
        let setup = try setUp()
        var employees = HRFeedFixture.employees(6)
        employees[0].status = "gone"
        employees[2].subsidy = "500"
        employees[5].campus = "NOWHERE"
        let text = HRFeedFixture.xml(employees, recordCount: 7)
        let run = try sync(setup, try HRFeedFixture.write(text))
        #expect(run.status == 65)
        #expect(run.stderr.contains("4 errors"), "\(run.stderr)")
        for needle in ["WD-000001", "WD-000003", "WD-000006"] {
            let line = try #require(HRFeedFixture.line(of: needle, in: text))
            #expect(run.stderr.contains(".xml:\(line): Employee \(needle)"), "\(run.stderr)")
        }
        #expect(try lastRun(setup.owner)?.decode("rejected_count", as: Int.self) == 3)
    }

    @Test("e-mails, employee ids and SSO subjects of other existing users are refused; managers may be existing users")
    func conflictsWithExistingUsers() throws {
        let setup = try setUp()
        #expect(try sync(setup, try HRFeedFixture.write(HRFeedFixture.xml(HRFeedFixture.employees(5)))).status == 0)
        var newcomer = HRTestEmployee(50)
        newcomer.email = "Pat.Lee.2@globex.example"
        let text = HRFeedFixture.xml([newcomer], mode: "delta")
        let run = try sync(setup, try HRFeedFixture.write(text))
        #expect(run.status == 65)
        #expect(run.stderr.contains("Email Pat.Lee.2@globex.example belongs to another user (workerId WD-000002)"), "\(run.stderr)")
        var managed = HRTestEmployee(51)
        managed.manager = "E0000001"
        let delta = try sync(setup, try HRFeedFixture.write(HRFeedFixture.xml([managed], mode: "delta")))
        #expect(delta.status == 0, "\(delta.stderr)")
        #expect(try setup.owner.scalar("SELECT manager_worker_id FROM users WHERE worker_id = 'WD-000051'", as: String.self) == "WD-000001")
    }

    @Test("the deactivation guard: 75 with the numbers, the dry run shows the same, --allow-deactivations and a count let it through; delta never deactivates by absence")
    func deactivationGuard() throws {
        let setup = try setUp()
        let everyone = HRFeedFixture.employees(40)
        #expect(try sync(setup, try HRFeedFixture.write(HRFeedFixture.xml(everyone))).status == 0)
        let missing = try HRFeedFixture.write(HRFeedFixture.xml(Array(everyone.dropLast(3))))
        let before = try HRFeedFixture.snapshot(setup.owner)

        let refused = try sync(setup, missing)
        #expect(refused.status == 75, "\(refused.stderr)")
        #expect(refused.stderr.contains("refusing to deactivate 3 of 40 active users (7.5%): more than --max-deactivate 5% allows; nothing was applied"), "\(refused.stderr)")
        #expect(try HRFeedFixture.snapshot(setup.owner) == before)
        #expect(try lastRun(setup.owner)?.decode("decision", as: String.self).hasPrefix("refused: deactivating 3 of 40") == true)

        let dry = try sync(setup, missing, ["--dry-run", "--format", "json"])
        #expect(dry.status == 75)
        #expect(dry.stderr.contains("refusing to deactivate 3 of 40"))
        let diff = try #require(try JSONSerialization.jsonObject(with: Data(dry.stdout.utf8)) as? [[String: Any]])
        #expect(diff.count == 3 && diff.allSatisfy { $0["reason"] as? String == "missing from the full export" })
        #expect(try lastRun(setup.owner)?.decode("dry_run", as: Bool.self) == true)

        let delta = try sync(setup, try HRFeedFixture.write(HRFeedFixture.xml(Array(everyone.prefix(2)), mode: "delta")))
        #expect(delta.status == 0)
        #expect(summary(delta).hasPrefix("0 created, 0 updated, 0 deactivated, 0 reactivated, 2 unchanged"), "\(delta.stderr)")
        #expect(try HRFeedFixture.snapshot(setup.owner) == before)

        let dryAllowed = try sync(setup, missing, ["--dry-run", "--allow-deactivations"])
        #expect(dryAllowed.status == 0)
        #expect(summary(dryAllowed).contains("3 deactivated") && summary(dryAllowed).contains("dry run, rolled back"), "\(dryAllowed.stderr)")
        #expect(try HRFeedFixture.snapshot(setup.owner) == before)

        let counted = try sync(setup, missing, ["--max-deactivate", "3"])
        #expect(counted.status == 0, "\(counted.stderr)")
        #expect(summary(counted).hasPrefix("0 created, 0 updated, 3 deactivated, 0 reactivated, 37 unchanged"))
        #expect(try setup.owner.scalar("SELECT count(*) FROM users WHERE NOT active", as: Int.self) == 3)
        #expect(try ToolRunner.run("taco-jobs", ["hr-sync", "--feed", missing, "--max-deactivate", "ten", "--database-url", setup.url]).status == 64)
    }

    @Test("--feed - reads stdin; a URL is fetched (200 applies, 5xx and unreachable are 69, a non-XML body is 65)")
    func stdinAndURL() throws {
        let setup = try setUp()
        let text = HRFeedFixture.xml(HRFeedFixture.employees(4))
        let piped = try sync(setup, "-", stdin: text)
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(summary(piped).hasPrefix("4 created"))

        let more = HRFeedFixture.xml(HRFeedFixture.employees(6))
        let server = try HRTestHTTPServer(body: Data(more.utf8))
        defer { server.stop() }
        let fetched = try sync(setup, server.url)
        #expect(fetched.status == 0, "\(fetched.stderr)")
        #expect(summary(fetched).hasPrefix("2 created, 0 updated, 0 deactivated, 0 reactivated, 4 unchanged"), "\(fetched.stderr)")
        #expect(server.requestCount == 1)

        let before = try HRFeedFixture.snapshot(setup.owner)
        let failing = try HRTestHTTPServer(status: 503, body: Data("down".utf8))
        defer { failing.stop() }
        let down = try sync(setup, failing.url)
        #expect(down.status == 69, "\(down.stderr)")
        #expect(down.stderr.contains("answered HTTP 503"))
        let missing = try HRTestHTTPServer(status: 404, body: Data())
        defer { missing.stop() }
        #expect(try sync(setup, missing.url).status == 66)
        let html = try HRTestHTTPServer(body: Data("<!doctype html><html><body>Login</body></html>".utf8))
        defer { html.stop() }
        let notXML = try sync(setup, html.url)
        #expect(notXML.status == 65, "\(notXML.stderr)")
        let closed = try HRTestHTTPServer(body: Data())
        let port = closed.port
        closed.stop()
        let unreachable = try sync(setup, "http://127.0.0.1:\(port)/x.xml", ["--timeout", "5"])
        #expect(unreachable.status == 69, "\(unreachable.stderr)")
        #expect(try HRFeedFixture.snapshot(setup.owner) == before)
    }

    @Test("one run at a time: a held lock makes a second run exit 75 at once or wait with --wait; two runs never apply twice")
    func concurrency() throws {
        let setup = try setUp()
        let feed = try HRFeedFixture.write(HRFeedFixture.xml(HRFeedFixture.employees(200)))
        let holder = try setup.database.connect()
        try holder.lock(HRSync.lock, wait: false)
        let start = ContinuousClock.now
        let locked = try sync(setup, feed)
        #expect(locked.status == 75, "\(locked.stderr)")
        #expect(locked.stderr.contains("another run holds the lock"))
        #expect(ContinuousClock.now - start < .seconds(10))
        #expect(try setup.owner.scalar("SELECT count(*) FROM users", as: Int.self) == 0)

        final class Box: @unchecked Sendable { var run: ToolRun? }
        let waited = Box()
        let done = DispatchSemaphore(value: 0)
        let url = setup.url
        DispatchQueue.global().async {
            waited.run = try? ToolRunner.run("taco-jobs", ["hr-sync", "--feed", feed, "--wait", "--database-url", url])
            done.signal()
        }
        var waiting = false
        for _ in 0..<200 where !waiting {
            waiting = try setup.owner.scalar("SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted)", as: Bool.self)
            if !waiting { usleep(25_000) }
        }
        #expect(waiting)
        #expect(try setup.owner.scalar("SELECT count(*) FROM users", as: Int.self) == 0)
        try holder.unlock(HRSync.lock)
        #expect(done.wait(timeout: .now() + 60) == .success)
        #expect(waited.run?.status == 0, "\(waited.run?.stderr ?? "")")

        // Two processes at once with --wait: one applies, the other finds nothing to change.
        let second = try HRFeedFixture.write(HRFeedFixture.xml(HRFeedFixture.employees(300)))
        let runs = Box(), other = Box()
        let group = DispatchGroup()
        for box in [runs, other] {
            group.enter()
            DispatchQueue.global().async {
                box.run = try? ToolRunner.run("taco-jobs", ["hr-sync", "--feed", second, "--wait", "--database-url", url])
                group.leave()
            }
        }
        #expect(group.wait(timeout: .now() + 120) == .success)
        let summaries = [runs.run, other.run].compactMap { $0 }.map(summary).sorted()
        #expect(summaries.count == 2)
        #expect(summaries.contains { $0.hasPrefix("0 created, 0 updated, 0 deactivated, 0 reactivated, 300 unchanged") }, "\(summaries)")
        #expect(summaries.contains { $0.hasPrefix("100 created, 0 updated, 0 deactivated, 0 reactivated, 200 unchanged") }, "\(summaries)")
        #expect(try setup.owner.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'users'", as: Int.self) == 300)
    }

    @Test("vendor logins get 77; --log-format json gives one JSON object per line")
    func permissionsAndJSONLogs() throws {
        let fixture = try TenantFixture.make()
        let feed = try HRFeedFixture.write(HRFeedFixture.xml(HRFeedFixture.employees(2), mode: "delta"))
        let vendor = try ToolRunner.run("taco-jobs", ["hr-sync", "--feed", feed, "--database-url", try fixture.database.conninfo(user: fixture.a.adminLogin)])
        #expect(vendor.status == 77, "\(vendor.stderr)")
        let jobs = try fixture.database.createLogin(group: "taco_jobs", prefix: "jobs")
        let run = try ToolRunner.run("taco-jobs", ["hr-sync", "--feed", feed, "--log-format", "json", "--database-url", try fixture.database.conninfo(user: jobs)])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stderr.split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object != nil, "\(line)")
        }
        let last = try #require(try JSONSerialization.jsonObject(with: Data(lines.last.map { Data($0.utf8) } ?? Data())) as? [String: Any])
        #expect(last["created"] as? String == "2" && last["export_id"] as? String == "TEST-EXPORT")
    }
}

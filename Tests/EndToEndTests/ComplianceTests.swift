import Foundation
import TacoKit
import TacoTestSupport
import Testing

private func tempDirectory(_ name: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(TestCluster.uniqueName(name))
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

private func jsonObject(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

@Suite("taco-admin compliance: export-user and erase-user")
struct ComplianceUserTests {
    @Test("export-user writes everything about the person (profile, orders with items, options, events, payments, refunds, HR history, audit) and logs the request")
    func export() throws {
        let f = try ComplianceFixture.make()
        let dir = try tempDirectory("export")
        let file = dir.appendingPathComponent("zoe.json")
        let run = try f.admin(["compliance", "export-user", "--email", f.email.uppercased(), "--out", file.path, "--format", "json"],
                              as: f.foodServices)
        #expect(run.status == 0, "\(run.stderr)")
        let result = try jsonObject(run.stdout)
        let requestID = try #require(result["request_id"] as? String)

        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["zoe.json"])   // no temp file left

        let doc = try jsonObject(String(decoding: try Data(contentsOf: file), as: UTF8.self))
        #expect(doc["format"] as? String == "tacotracker.user-export")
        #expect(doc["version"] as? Int == 1)
        #expect(doc["request_id"] as? String == requestID)
        let subject = try #require(doc["subject"] as? [String: Any])
        #expect(subject["email"] as? String == f.email)
        #expect(subject["given_name"] as? String == "Zoë")
        #expect(subject["job_title"] as? String == "Staff Engineer")
        let orders = try #require(doc["orders"] as? [[String: Any]])
        #expect(orders.count == 2)
        #expect(Set(orders.compactMap { $0["vendor_slug"] as? String }) == [f.tenants.a.slug, f.tenants.b.slug])
        let first = try #require(orders.first { $0["vendor_slug"] as? String == f.tenants.a.slug })
        #expect(first["special_requests"] as? String == "no onions, call Zoë on arrival")
        #expect(first["total_cents"] as? Int == 487)
        let items = try #require(first["items"] as? [[String: Any]])
        #expect(items.count == 1)
        #expect((items[0]["options"] as? [[String: Any]])?.first?["name"] as? String == "Extra salsa")
        #expect((first["events"] as? [[String: Any]])?.compactMap { $0["to_status"] as? String } == ["PENDING", "CONFIRMED"])
        #expect((first["payments"] as? [[String: Any]])?.first?["amount_cents"] as? Int == 487)
        #expect((first["refunds"] as? [[String: Any]])?.first?["reason"] as? String == "cold taco")
        let hr = try #require(doc["hr_history"] as? [[String: Any]])
        #expect(hr.map { $0["action"] as? String } == ["INSERT", "UPDATE"])
        #expect(hr[1]["changed_fields"] as? [String] == ["job_title", "okta_id"])
        #expect(hr[1]["source"] as? String == "hr")
        let audit = try #require(doc["audit_entries"] as? [[String: Any]])
        #expect(audit.contains { $0["table_name"] as? String == "orders" && $0["action"] as? String == "UPDATE" })
        #expect(audit.contains { $0["table_name"] as? String == "refunds" })

        let db = try f.database.connect()
        let logged = try #require(try db.queryFirst("SELECT kind, subject_email, completed_at IS NOT NULL AS done, actor FROM data_requests WHERE id = $1::uuid",
                                                    [requestID]))
        #expect(try logged.decode("kind", as: String.self) == "export")
        #expect(try logged.decode("done", as: Bool.self))
        #expect(try logged.decode("actor", as: String.self) == f.foodServices)
        #expect(try db.scalar("SELECT count(*)::int FROM audit_log WHERE action = 'DATA_EXPORT' AND row_key = $1::uuid::text", [f.userID], as: Int.self) == 1)

        // A second export lists the first request in the person's data_requests.
        let again = dir.appendingPathComponent("again.json")
        #expect(try f.admin(["compliance", "export-user", "--email", f.email, "--out", again.path], as: f.sysadmin).status == 0)
        let second = try jsonObject(String(decoding: try Data(contentsOf: again), as: UTF8.self))
        #expect((second["data_requests"] as? [[String: Any]])?.compactMap { $0["request_id"] as? String } == [requestID])
    }

    @Test("export-user: an unknown e-mail is 65 and an uncreatable file is 73; neither logs a request nor leaves a file")
    func exportBadInput() throws {
        let f = try ComplianceFixture.make()
        let dir = try tempDirectory("export-bad")
        let db = try f.database.connect()
        let before: Int = try db.scalar("SELECT count(*)::int FROM data_requests")

        let unknown = try f.admin(["compliance", "export-user", "--email", "nobody@globex.example", "--out", dir.appendingPathComponent("x.json").path],
                                  as: f.foodServices)
        #expect(unknown.status == 65)
        #expect(unknown.stderr.contains("no user with e-mail \"nobody@globex.example\""))

        let missingDir = dir.appendingPathComponent("no/such/dir/x.json")
        let uncreatable = try f.admin(["compliance", "export-user", "--email", f.email, "--out", missingDir.path], as: f.foodServices)
        #expect(uncreatable.status == 73, "\(uncreatable.stderr)")
        #expect(uncreatable.stderr.contains("cannot create \(missingDir.path)"))

        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        #expect(try db.scalar("SELECT count(*)::int FROM data_requests") == before)
        #expect(try db.scalar("SELECT count(*)::int FROM audit_log WHERE action = 'DATA_EXPORT'", as: Int.self) == 0)

        let noOut = try f.admin(["compliance", "export-user", "--email", f.email], as: f.foodServices)
        #expect(noOut.status == 64)
    }

    @Test("erase-user pseudonymises the person, scrubs orders, keeps financial totals, logs the request with a hashed subject; again is 0 changed")
    func erase() throws {
        let f = try ComplianceFixture.make()
        let db = try f.database.connect()
        let dir = try tempDirectory("erase")
        #expect(try f.admin(["compliance", "export-user", "--email", f.email, "--out", dir.appendingPathComponent("before.json").path],
                            as: f.foodServices).status == 0)
        let fingerprint = try f.financialFingerprint()
        let lastAudit: Int64 = try db.scalar("SELECT max(id) FROM audit_log")

        let run = try f.admin(["compliance", "erase-user", "--email", f.email, "--yes", "--format", "json"], as: f.foodServices)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("1 changed"))
        let result = try jsonObject(run.stdout)
        #expect(result["changed"] as? Bool == true)
        #expect(result["orders_scrubbed"] as? Int == 2)
        #expect(result["requests_pseudonymised"] as? Int == 1)
        let pseudonym = try #require(result["pseudonym"] as? String)
        #expect(pseudonym.hasPrefix("erased-"))

        let user = try #require(try db.queryFirst("SELECT * FROM users WHERE id = $1", [f.userID]))
        #expect(try user.decode("email", as: String.self) == "\(pseudonym)@erased.invalid")
        #expect(try user.decode("given_name", as: String.self) == "Erased")
        #expect(try user.decode("family_name", as: String.self) == pseudonym)
        #expect(try user.decode("employee_id", as: String.self) == pseudonym)
        #expect(try user.decode("okta_id", as: String?.self) == nil)
        #expect(try user.decode("job_title", as: String?.self) == nil)
        #expect(try user.decode("active", as: Bool.self) == false)
        #expect(try user.decode("erased_at", as: Date?.self) != nil)
        #expect(try db.scalar("SELECT count(*)::int FROM orders WHERE user_id = $1 AND customer_display_name = 'Erased customer' AND special_requests IS NULL",
                              [f.userID], as: Int.self) == 2)
        #expect(try f.financialFingerprint() == fingerprint)

        // Nothing written by the erasure names the person; the chain still verifies.
        let newAudit: String = try db.scalar("SELECT coalesce(string_agg(concat_ws(' ', old_data, new_data), ' '), '') FROM audit_log WHERE id > $1",
                                             [lastAudit])
        #expect(!newAudit.isEmpty)
        for secret in [f.email, "Zoë", "Núñez", "Staff Engineer", "no onions", "Zoë N."] {
            #expect(!newAudit.contains(secret), "audit rows after the erasure contain \(secret)")
        }
        #expect(try db.scalar("SELECT count(*)::int FROM audit_log WHERE id > $1 AND action = 'ERASURE' AND row_key = $2::uuid::text",
                              [lastAudit, f.userID], as: Int.self) == 1)
        #expect(try f.admin(["compliance", "audit", "verify"], as: f.reporting).status == 0)

        // The request log keeps both requests, subject hashed.
        let subjects: [String] = try db.query("SELECT subject_email FROM data_requests WHERE user_id = $1 ORDER BY received_at", [f.userID])
            .map { try $0.decode("subject_email") }
        let hash: String = try db.scalar("SELECT taco_subject_hash($1)", [f.email])
        #expect(subjects == [hash, hash])
        #expect(!(try db.scalar("SELECT string_agg(coalesce(notes, ''), ' ') FROM data_requests", as: String.self)).contains(f.email))

        // Again: nothing changes.
        let requests: Int = try db.scalar("SELECT count(*)::int FROM data_requests")
        let audits: Int = try db.scalar("SELECT count(*)::int FROM audit_log")
        let again = try f.admin(["compliance", "erase-user", "--email", f.email.uppercased(), "--yes"], as: f.sysadmin)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("0 changed"))
        #expect(try db.scalar("SELECT count(*)::int FROM data_requests") == requests)
        #expect(try db.scalar("SELECT count(*)::int FROM audit_log") == audits)

        // An export request for the erased e-mail names the erasure (65); a later HR write cannot re-identify.
        let export = try f.admin(["compliance", "export-user", "--email", f.email, "--out", dir.appendingPathComponent("after.json").path],
                                 as: f.foodServices)
        #expect(export.status == 65)
        #expect(export.stderr.contains("was erased on"))
        try db.query("UPDATE users SET email = $2, given_name = 'Zoë', active = true, job_title = 'Back again' WHERE id = $1", [f.userID, f.email])
        #expect(try db.scalar("SELECT email FROM users WHERE id = $1", [f.userID], as: String.self) == "\(pseudonym)@erased.invalid")
        #expect(try db.scalar("SELECT active FROM users WHERE id = $1", [f.userID], as: Bool.self) == false)
    }

    @Test("erase-user --dry-run reports and changes nothing; without --yes (no TTY) it is 64; an unknown e-mail is 65")
    func eraseRefusals() throws {
        let f = try ComplianceFixture.make()
        let db = try f.database.connect()
        func snapshot() throws -> String {
            try db.scalar("""
                SELECT concat_ws('|', (SELECT md5(u::text) FROM users u WHERE id = $1), (SELECT count(*) FROM data_requests),
                                 (SELECT count(*) FROM audit_log), (SELECT string_agg(customer_display_name, ',') FROM orders WHERE user_id = $1))
                """, [f.userID])
        }
        let before = try snapshot()

        let dry = try f.admin(["compliance", "erase-user", "--email", f.email, "--dry-run", "--format", "json"], as: f.foodServices)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stderr.contains("dry run, rolled back: would be 1 changed"))
        #expect(try jsonObject(dry.stdout)["orders_scrubbed"] as? Int == 2)
        #expect(try snapshot() == before)

        let noYes = try f.admin(["compliance", "erase-user", "--email", f.email], as: f.foodServices)
        #expect(noYes.status == 64)
        #expect(noYes.stderr.contains("pass --yes"))
        #expect(try snapshot() == before)

        let unknown = try f.admin(["compliance", "erase-user", "--email", "ghost@globex.example", "--yes"], as: f.foodServices)
        #expect(unknown.status == 65)
        #expect(unknown.stderr.contains("no user with e-mail \"ghost@globex.example\""))

        let badRetention = try f.admin(["compliance", "erase-user", "--email", f.email, "--yes", "--retention-years", "0"], as: f.foodServices)
        #expect(badRetention.status == 64)
        #expect(badRetention.stderr.contains("--retention-years"))
        #expect(try snapshot() == before)

        // The database refuses reporting logins even through plain SQL.
        let reportingDB = try f.database.connect(as: f.reporting)
        let error = #expect(throws: PostgresError.self) { try reportingDB.query("SELECT taco_erase_user($1, 7)", [f.userID]) }
        #expect(error?.sqlState == "42501")
        #expect(try snapshot() == before)
    }

    @Test("permissions: vendor logins get 77 on every compliance command; reporting reads but cannot export or erase people")
    func permissions() throws {
        let f = try ComplianceFixture.make()
        let dir = try tempDirectory("perm")
        let commands: [[String]] = [
            ["compliance", "export-user", "--email", f.email, "--out", dir.appendingPathComponent("v.json").path],
            ["compliance", "erase-user", "--email", f.email, "--yes"],
            ["compliance", "requests", "list"],
            ["compliance", "audit", "export", "--from", "2020-01-01", "--to", "2030-01-01", "--format", "ndjson"],
            ["compliance", "audit", "verify"],
            ["compliance", "financial-export", "--year", "2026", "--out", dir.appendingPathComponent("fin").path],
            ["compliance", "pci-scan"],
        ]
        for command in commands {
            let run = try f.admin(command, as: f.tenants.a.adminLogin)
            #expect(run.status == 77, "\(command): \(run.stderr)")
            #expect(run.stdout.isEmpty, "\(command)")
        }
        let export = try f.admin(commands[0], as: f.reporting)
        #expect(export.status == 77)
        #expect(export.stderr.contains("may not export personal data"))
        let erase = try f.admin(commands[1], as: f.reporting)
        #expect(erase.status == 77)
        for command in commands[2...4] {
            #expect(try f.admin(command, as: f.reporting).status == 0, "\(command)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        #expect(try f.database.connect().scalar("SELECT count(*)::int FROM users WHERE erased_at IS NOT NULL", as: Int.self) == 0)
    }

    @Test("requests list shows received, due (45 days) and completed dates, the overdue flag, and --open")
    func requestLog() throws {
        let f = try ComplianceFixture.make()
        let db = try f.database.connect()
        try db.query("INSERT INTO data_requests (kind, subject_email, received_at) VALUES ('export', 'late@globex.example', now() - interval '50 days')")
        try db.query("INSERT INTO data_requests (kind, subject_email, received_at) VALUES ('erase', 'fresh@globex.example', '2026-11-01T00:00:00Z')")
        try db.query("INSERT INTO data_requests (kind, subject_email, received_at, completed_at) VALUES ('export', 'done@globex.example', now() - interval '3 days', now())")

        let all = try f.admin(["compliance", "requests", "list", "--format", "json"], as: f.reporting)
        #expect(all.status == 0, "\(all.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 3)
        let late = try #require(rows.first { $0["subject"] as? String == "late@globex.example" })
        #expect(late["overdue"] as? Bool == true)
        #expect(late["completed_at"] is NSNull)
        let fresh = try #require(rows.first { $0["subject"] as? String == "fresh@globex.example" })
        #expect(fresh["received_at"] as? String == "2026-11-01T00:00:00Z")
        #expect(fresh["due_at"] as? String == "2026-12-16T00:00:00Z")
        let done = try #require(rows.first { $0["subject"] as? String == "done@globex.example" })
        #expect(done["overdue"] as? Bool == false)
        #expect(done["completed_at"] is String)

        let open = try f.admin(["compliance", "requests", "list", "--open", "--format", "csv"], as: f.foodServices)
        #expect(open.status == 0)
        #expect(open.stdout.hasPrefix("request_id,kind,subject,user_id,received_at,due_at,completed_at,overdue,actor,notes\r\n"))
        #expect(!open.stdout.contains("done@globex.example"))
        #expect(open.stdout.contains("late@globex.example"))
        #expect(open.stderr.contains("2 requests, 2 open"))
    }
}

@Suite("taco-admin compliance: audit export and verify")
struct ComplianceAuditTests {
    /// Tampers with one audit row the only way possible: as the superuser, with the append-only trigger off.
    func tamper(_ database: TestDatabase, _ sql: String, _ id: Int64) throws {
        let su = try database.superuser()
        try su.execute("ALTER TABLE audit_log DISABLE TRIGGER USER")
        try su.query(sql, [id])
        try su.execute("ALTER TABLE audit_log ENABLE TRIGGER USER")
    }

    @Test("verify is 0 on an intact chain and 65 naming exactly the tampered row; --from-id after it is intact again")
    func tamperedContent() throws {
        let f = try ComplianceFixture.make()
        let db = try f.database.connect()
        let intact = try f.admin(["compliance", "audit", "verify", "--format", "json"], as: f.reporting)
        #expect(intact.status == 0, "\(intact.stderr)")
        let ok = try jsonObject(intact.stdout)
        #expect(ok["status"] as? String == "intact")
        let total: Int = try db.scalar("SELECT count(*)::int FROM audit_log")
        #expect(ok["rows_checked"] as? Int == total)

        let victim: Int64 = try db.scalar("SELECT id FROM audit_log WHERE table_name = 'users' AND action = 'UPDATE' ORDER BY id LIMIT 1")
        try tamper(f.database, "UPDATE audit_log SET new_data = jsonb_set(new_data, '{job_title}', '\"CEO\"') WHERE id = $1", victim)
        #expect(try db.scalar("SELECT new_data ->> 'job_title' FROM audit_log WHERE id = $1", [victim], as: String.self) == "CEO")
        // The append-only trigger is back: nobody can repair or hide it now.
        #expect(throws: PostgresError.self) { try f.database.superuser().query("DELETE FROM audit_log WHERE id = $1", [victim]) }

        let broken = try f.admin(["compliance", "audit", "verify", "--format", "json"], as: f.foodServices)
        #expect(broken.status == 65)
        #expect(broken.stderr.contains("audit chain broken at id \(victim): hash does not match the row's content"), "\(broken.stderr)")
        let report = try jsonObject(broken.stdout)
        #expect(report["status"] as? String == "broken")
        #expect(report["broken_id"] as? String == String(victim))

        let after = try f.admin(["compliance", "audit", "verify", "--from-id", String(victim + 1)], as: f.sysadmin)
        #expect(after.status == 0, "\(after.stderr)")
        let at = try f.admin(["compliance", "audit", "verify", "--from-id", String(victim)], as: f.sysadmin)
        #expect(at.status == 65)
        #expect(try f.admin(["compliance", "audit", "verify", "--from-id", "0"], as: f.sysadmin).status == 64)
    }

    @Test("verify names the row after a deleted one (its prev_hash no longer links)")
    func deletedRow() throws {
        let f = try ComplianceFixture.make()
        let db = try f.database.connect()
        let ids: [Int64] = try db.query("SELECT id FROM audit_log ORDER BY id LIMIT 5").map { try $0.decode("id") }
        try tamper(f.database, "DELETE FROM audit_log WHERE id = $1", ids[2])
        let broken = try f.admin(["compliance", "audit", "verify"], as: f.reporting)
        #expect(broken.status == 65)
        #expect(broken.stderr.contains("audit chain broken at id \(ids[3]): prev_hash does not match the previous row's hash"), "\(broken.stderr)")
    }

    @Test("audit export streams the range in id order as ndjson, json and csv; --from after --to and bad dates are 64")
    func export() throws {
        let f = try ComplianceFixture.make()
        let db = try f.database.connect()
        let total: Int = try db.scalar("SELECT count(*)::int FROM audit_log WHERE at >= '2020-01-01' AND at < '2030-01-02'")
        #expect(total > 10)

        let ndjson = try f.admin(["compliance", "audit", "export", "--from", "2020-01-01", "--to", "2030-01-01", "--format", "ndjson"], as: f.reporting)
        #expect(ndjson.status == 0, "\(ndjson.stderr)")
        let lines = ndjson.stdout.split(separator: "\n")
        #expect(lines.count == total)
        let objects = try lines.map { try jsonObject(String($0)) }
        let ids = objects.compactMap { ($0["id"] as? String).flatMap { Int64($0) } }
        #expect(ids == ids.sorted())
        #expect(ids.count == total)
        let first = try #require(objects.first)
        #expect((first["hash"] as? String)?.count == 64)
        #expect(first["new_data"] is [String: Any])
        #expect(try db.scalar("SELECT encode(hash, 'hex') FROM audit_log WHERE id = $1", [ids[0]], as: String.self) == first["hash"] as? String)

        let json = try f.admin(["compliance", "audit", "export", "--from", "2020-01-01", "--to", "2030-01-01", "--format", "json"], as: f.foodServices)
        #expect((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [Any])?.count == total)
        let csv = try f.admin(["compliance", "audit", "export", "--from", "2020-01-01", "--to", "2030-01-01", "--format", "csv"], as: f.sysadmin)
        #expect(csv.stdout.hasPrefix("id,at,actor,action,table_name,row_key,vendor_id,old_data,new_data,prev_hash,hash\r\n"))
        let empty = try f.admin(["compliance", "audit", "export", "--from", "2001-01-01", "--to", "2001-01-02", "--format", "json"], as: f.sysadmin)
        #expect(empty.status == 0)
        #expect(empty.stdout == "[]\n")

        let reversed = try f.admin(["compliance", "audit", "export", "--from", "2026-02-01", "--to", "2026-01-01"], as: f.reporting)
        #expect(reversed.status == 64)
        #expect(reversed.stderr.contains("--from 2026-02-01 is after --to 2026-01-01"))
        let bad = try f.admin(["compliance", "audit", "export", "--from", "yesterday", "--to", "2026-01-01"], as: f.reporting)
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--from \"yesterday\""))
    }
}

@Suite("taco-admin compliance: financial export and PCI scan")
struct ComplianceFinancialTests {
    @Test("financial-export writes 48 monthly CSVs, a JSON manifest and SHA256SUMS that sha256sum -c accepts; counts match the database")
    func financialExport() throws {
        let f = try ComplianceFixture.make()
        let parent = try tempDirectory("fin")
        let out = parent.appendingPathComponent("2026")
        let run = try f.admin(["compliance", "financial-export", "--year", "2026", "--out", out.path, "--format", "json"], as: f.reporting)
        #expect(run.status == 0, "\(run.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(names.count == 50)
        #expect(names.contains("orders-2026-01.csv") && names.contains("payouts-2026-12.csv") && names.contains("SHA256SUMS"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["2026"])   // no temporary directory left

        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        check.arguments = ["-c", "--quiet", "SHA256SUMS"]
        check.currentDirectoryURL = out
        try check.run()
        check.waitUntilExit()
        #expect(check.terminationStatus == 0)

        let manifest = try jsonObject(String(decoding: try Data(contentsOf: out.appendingPathComponent("manifest.json")), as: UTF8.self))
        let totals = try #require(manifest["totals"] as? [String: Int])
        let db = try f.database.connect()
        let expected: [String: Int] = [
            "orders": try db.scalar("SELECT count(*)::int FROM orders WHERE placed_at >= '2026-01-01Z' AND placed_at < '2027-01-01Z'"),
            "payments": try db.scalar("SELECT count(*)::int FROM payments WHERE at >= '2026-01-01Z' AND at < '2027-01-01Z'"),
            "refunds": try db.scalar("SELECT count(*)::int FROM refunds WHERE created_at >= '2026-01-01Z' AND created_at < '2027-01-01Z'"),
            "payouts": try db.scalar("SELECT count(*)::int FROM payouts WHERE period_end >= '2026-01-01' AND period_end < '2027-01-01'"),
        ]
        #expect(totals == expected)
        #expect(expected["orders"] == 2 && expected["payments"] == 2 && expected["refunds"] == 1 && expected["payouts"] == 2)

        let march = String(decoding: try Data(contentsOf: out.appendingPathComponent("orders-2026-03.csv")), as: UTF8.self)
        let marchLines = march.split(separator: "\n")
        #expect(marchLines.count == 3)
        #expect(marchLines[0].hasPrefix("order_id,vendor_id,vendor_slug,"))
        #expect(march.contains(f.tenants.a.orderID.uuidString.lowercased()))
        #expect(!march.contains("Zoë") && !march.contains("onions"))
        #expect(String(decoding: try Data(contentsOf: out.appendingPathComponent("orders-2026-01.csv")), as: UTF8.self).split(separator: "\n").count == 1)
        let files = try #require(manifest["files"] as? [[String: Any]])
        #expect(files.first { $0["name"] as? String == "payments-2026-03.csv" }?["rows"] as? Int == 2)

        // Not empty: 73 and untouched; --overwrite replaces it.
        let again = try f.admin(["compliance", "financial-export", "--year", "2026", "--out", out.path], as: f.reporting)
        #expect(again.status == 73)
        #expect(again.stderr.contains("is not empty"))
        let overwrite = try f.admin(["compliance", "financial-export", "--year", "2026", "--out", out.path, "--overwrite"], as: f.reporting)
        #expect(overwrite.status == 0, "\(overwrite.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["2026"])

        // A path under a regular file cannot be created.
        let blocker = parent.appendingPathComponent("file")
        try Data("x".utf8).write(to: blocker)
        let blocked = try f.admin(["compliance", "financial-export", "--year", "2026", "--out", blocker.appendingPathComponent("dir").path], as: f.reporting)
        #expect(blocked.status == 73)
        #expect(try f.admin(["compliance", "financial-export", "--year", "1999", "--out", out.path], as: f.reporting).status == 64)
    }

    @Test("financial totals and the export's sums are unchanged by an erasure")
    func eraseKeepsFinancials() throws {
        let f = try ComplianceFixture.make()
        let parent = try tempDirectory("fin-erase")
        #expect(try f.admin(["compliance", "financial-export", "--year", "2026", "--out", parent.appendingPathComponent("before").path], as: f.foodServices).status == 0)
        #expect(try f.admin(["compliance", "erase-user", "--email", f.email, "--yes"], as: f.foodServices).status == 0)
        #expect(try f.admin(["compliance", "financial-export", "--year", "2026", "--out", parent.appendingPathComponent("after").path], as: f.foodServices).status == 0)
        for name in ["orders-2026-03.csv", "payments-2026-03.csv", "refunds-2026-03.csv", "payouts-2026-11.csv"] {
            let before = try Data(contentsOf: parent.appendingPathComponent("before/\(name)"))
            let after = try Data(contentsOf: parent.appendingPathComponent("after/\(name)"))
            #expect(before == after, "\(name) changed")
        }
    }

    @Test("pci-scan is 0 on clean data and 1 with findings naming table, column and row id, never the digits")
    func pciScan() throws {
        let f = try ComplianceFixture.make()
        let clean = try f.admin(["compliance", "pci-scan"], as: f.reporting)
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(clean.stderr.contains("0 findings"))

        let db = try f.database.connect()
        try db.query("UPDATE orders SET special_requests = 'pay with 4242 4242 4242 4242 please' WHERE id = $1", [f.tenants.a.orderID])
        try db.query("UPDATE orders SET special_requests = 'order ref 12345678901234567890123, card 4242424242424241' WHERE id = $1", [f.tenants.b.orderID])
        let outboxID: Int64 = try db.scalar("INSERT INTO outbox (kind, payload) VALUES ('email', $1::jsonb) RETURNING id",
                                            ["{\"note\": \"card 4000-0566-5566-5556\"}"])
        // Tabs, newlines and backslashes around a card survive COPY's text encoding.
        let exceptionID: UUID = try db.scalar("""
            INSERT INTO schedule_exceptions (vendor_id, truck_id, on_date, reason)
            VALUES ($1, $2, '2026-12-24', E'closed\\tx\\\\y\\n378282246310005\\tend') RETURNING id
            """, [f.tenants.a.vendorID, f.tenants.a.truckID])

        let found = try f.admin(["compliance", "pci-scan", "--format", "json"], as: f.foodServices)
        #expect(found.status == 1, "\(found.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(found.stdout.utf8)) as? [[String: Any]])
        let summary = rows.map { "\($0["table"] ?? "")/\($0["column"] ?? "")/\($0["row_id"] ?? "")/\($0["masked"] ?? "")" }
        #expect(summary.contains("orders/special_requests/\(f.tenants.a.orderID.uuidString.lowercased())/************4242"), "\(summary)")
        #expect(summary.contains("outbox/payload/\(outboxID)/************5556"), "\(summary)")
        #expect(summary.contains("schedule_exceptions/reason/\(exceptionID.uuidString.lowercased())/***********0005"), "\(summary)")
        // The audit log recorded the order change too: found there, under its id.
        #expect(rows.contains { $0["table"] as? String == "audit_log" && $0["column"] as? String == "new_data" })
        #expect(!rows.contains { ($0["row_id"] as? String) == f.tenants.b.orderID.uuidString.lowercased() && $0["table"] as? String == "orders" })
        for output in [found.stdout, found.stderr] {
            #expect(!output.contains("4242424242424242") && !output.contains("4242 4242 4242 4242") && !output.contains("5566-5556"))
        }
    }
}

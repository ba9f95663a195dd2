import Foundation
import TacoKit
import TacoTestSupport
import Testing

/// The CLI contract scripts rely on, checked by running the real binaries.
@Suite("Connection precedence, exit codes and output contract")
struct ConnectionAndExitCodeTests {
    @Test("db status --format json lists every embedded migration as applied")
    func statusJSON() throws {
        let db = try TestDatabase.make()
        let run = try ToolRunner.run("taco-admin", ["db", "status", "--format", "json", "--database-url", try db.conninfo()])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == Migration.embedded.count)
        #expect(rows.allSatisfy { $0["state"] as? String == "applied" })
        #expect(rows.map { $0["version"] as? Int } == Migration.embedded.map(\.version))
        #expect(Set(rows.first?.keys.map { $0 } ?? []) == ["version", "name", "state", "applied_at", "applied_by", "duration_ms", "checksum"])
    }

    @Test("migrating an up-to-date database changes nothing: [] in JSON, header-only CSV, '0 changed'")
    func idempotentMigrate() throws {
        let db = try TestDatabase.make()
        let json = try ToolRunner.run("taco-admin", ["db", "migrate", "--format", "json", "--database-url", try db.conninfo()])
        #expect(json.status == 0)
        #expect(json.stdout == "[]\n")
        #expect(json.stderr.contains("0 changed"))
        let csv = try ToolRunner.run("taco-admin", ["db", "migrate", "--format", "csv", "--database-url", try db.conninfo()])
        #expect(csv.stdout == "version,name,checksum,state\r\n")
    }

    @Test("migrate on an empty database applies everything, then status agrees")
    func migrateEmptyDatabase() throws {
        let db = try TestDatabase.make(migrated: false)
        let run = try ToolRunner.run("taco-admin", ["db", "migrate", "--format", "ndjson", "--database-url", try db.conninfo()])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.split(separator: "\n").count == Migration.embedded.count)
        #expect(run.stderr.contains("applied \(Migration.embedded.count) migrations"))
        #expect(try Migrator().isCurrent(try db.connect()))
    }

    @Test("an unreachable server is one clear line naming the socket, exit 69")
    func unreachable() throws {
        let run = try ToolRunner.run("taco-admin", ["db", "status", "--database-url", "postgresql:///x?host=/nonexistent/socket/dir"])
        #expect(run.status == 69)
        let errorLines = run.stderr.split(separator: "\n").filter { $0.hasPrefix("taco-admin: error:") }
        #expect(errorLines.count == 1)
        #expect(run.stderr.contains("/nonexistent/socket/dir/.s.PGSQL.5432"))
        #expect(run.stdout.isEmpty)
    }

    @Test("a wrong password is exit 77 and no password appears anywhere in the output")
    func wrongPassword() throws {
        let db = try TestDatabase.make()
        let login = try db.createLogin(group: "taco_reporting", prefix: "pw", password: "correct-horse-9")
        let wrong = try ToolRunner.run("taco-admin", ["db", "status", "--verbose", "--format", "json",
                                                      "--database-url", try TestCluster.tcpConninfo(database: db.name, user: login, password: "hunter2-wrong")])
        #expect(wrong.status == 77)
        #expect(!wrong.stderr.contains("hunter2-wrong") && !wrong.stdout.contains("hunter2-wrong"))
        #expect(wrong.stderr.contains("password authentication failed"))
        #expect(wrong.stderr.contains("{\"error\":{\"code\":77"))
        let url = "postgresql://\(login):hunter2-wrong@127.0.0.1:\(try TestCluster.port())/\(db.name)"
        let viaURL = try ToolRunner.run("taco-admin", ["db", "status", "--database-url", url])
        #expect(viaURL.status == 77)
        #expect(!viaURL.stderr.contains("hunter2-wrong"))
    }

    @Test("an unknown database is exit 69 with a hint")
    func unknownDatabase() throws {
        let run = try ToolRunner.run("taco-admin", ["db", "status", "--database-url", try TestCluster.conninfo(database: "no_such_db_here", user: "taco_owner")])
        #expect(run.status == 69)
        #expect(run.stderr.contains("no_such_db_here"))
        #expect(run.stderr.contains("hint:"))
    }

    @Test("--database-url beats TACO_DATABASE_URL, which beats libpq's PG* variables")
    func connectionPrecedence() throws {
        let db = try TestDatabase.make()
        let good = try db.conninfo()
        let bad = "postgresql:///x?host=/nonexistent/precedence"
        // Flag wins over a broken environment.
        let flag = try ToolRunner.run("taco-admin", ["db", "status", "--database-url", good], environment: ["TACO_DATABASE_URL": bad])
        #expect(flag.status == 0, "\(flag.stderr)")
        // TACO_DATABASE_URL wins over PGHOST.
        let env = try ToolRunner.run("taco-admin", ["db", "status"], environment: ["TACO_DATABASE_URL": good, "PGHOST": "/nonexistent/pghost"])
        #expect(env.status == 0, "\(env.stderr)")
        // With neither, libpq's own variables decide.
        let pg = try ToolRunner.run("taco-admin", ["db", "status"], environment: [
            "PGHOST": try TestCluster.socketDirectory(), "PGPORT": String(try TestCluster.port()),
            "PGDATABASE": db.name, "PGUSER": "taco_owner"])
        #expect(pg.status == 0, "\(pg.stderr)")
        let pgBad = try ToolRunner.run("taco-admin", ["db", "status"], environment: ["PGHOST": "/nonexistent/pghost"])
        #expect(pgBad.status == 69)
        #expect(pgBad.stderr.contains("/nonexistent/pghost"))
    }

    @Test("a service from pg_service.conf (PGSERVICEFILE + PGSERVICE) works")
    func serviceFile() throws {
        let db = try TestDatabase.make()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pg_service_\(UUID().uuidString).conf")
        try "[taco]\nhost=\(try TestCluster.socketDirectory())\nport=\(try TestCluster.port())\ndbname=\(db.name)\nuser=taco_owner\n"
            .write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try ToolRunner.run("taco-admin", ["db", "status", "--format", "csv"],
                                     environment: ["PGSERVICEFILE": file.path, "PGSERVICE": "taco"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("version,name,state"))
    }

    @Test("bad flags and unknown subcommands are usage errors, exit 64")
    func usageErrors() throws {
        #expect(try ToolRunner.run("taco-admin", ["db", "frobnicate"]).status == 64)
        #expect(try ToolRunner.run("taco-admin", ["db", "status", "--format", "xml"]).status == 64)
        #expect(try ToolRunner.run("taco-jobs", ["locations", "partitions", "--ahead", "soon"]).status == 64)
        #expect(try ToolRunner.run("taco-vendor", ["whoami", "--no-such-flag"]).status == 64)
    }

    @Test("every level has --help with an example")
    func helpEverywhere() throws {
        for command in [["taco-admin"], ["taco-admin", "db", "migrate"], ["taco-admin", "db", "status"], ["taco-admin", "demo", "load"],
                        ["taco-vendor"], ["taco-vendor", "whoami"], ["taco-jobs"], ["taco-jobs", "locations", "partitions"]] {
            let run = try ToolRunner.run(command[0], Array(command.dropFirst()) + ["--help"])
            #expect(run.status == 0)
            #expect(run.stdout.contains("Example"), "\(command.joined(separator: " ")) --help has no example")
        }
    }

    @Test("a login without the privilege gets exit 77 naming what it lacks")
    func permissionDenied() throws {
        let fixture = try TenantFixture.make()
        let vendorURL = try fixture.database.conninfo(user: fixture.a.adminLogin)
        let partitions = try ToolRunner.run("taco-jobs", ["locations", "partitions", "--database-url", vendorURL])
        #expect(partitions.status == 77)
        #expect(partitions.stderr.contains("permission denied for function taco_ensure_position_partitions"))
        #expect(partitions.stderr.contains(fixture.a.adminLogin))
        let demo = try ToolRunner.run("taco-admin", ["demo", "load", "--database-url", vendorURL])
        #expect(demo.status == 77)
        #expect(demo.stderr.contains("permission denied"))
        let migrate = try ToolRunner.run("taco-admin", ["db", "migrate", "--database-url", vendorURL])
        #expect(migrate.status == 77)
    }

    @Test("taco-vendor whoami names the login, its group and its vendor")
    func whoami() throws {
        let fixture = try TenantFixture.make()
        let run = try ToolRunner.run("taco-vendor", ["whoami", "--format", "json", "--database-url", try fixture.database.conninfo(user: fixture.b.adminLogin)])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["login"] as? String == fixture.b.adminLogin)
        #expect(object["vendor"] as? String == fixture.b.slug)
        #expect(object["vendor_role"] as? String == "admin")
        #expect(object["roles"] as? [String] == ["taco_vendor_admin"])
    }

    @Test("locations partitions is idempotent and covers the span asked for")
    func partitions() throws {
        let db = try TestDatabase.make()
        let jobs = try db.createLogin(group: "taco_jobs", prefix: "jobs")
        let url = try db.conninfo(user: jobs)
        let first = try ToolRunner.run("taco-jobs", ["locations", "partitions", "--ahead", "14d", "--format", "json", "--database-url", url])
        #expect(first.status == 0, "\(first.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [[String: Any]])
        let days = Set(rows.compactMap { $0["day"] as? String })
        let today = LocalDate.utc(Date())
        for offset in 0...14 { #expect(days.contains(today.adding(days: offset).description)) }
        let second = try ToolRunner.run("taco-jobs", ["locations", "partitions", "--ahead", "14d", "--database-url", url])
        #expect(second.status == 0)
        #expect(second.stderr.hasPrefix("0 partitions created"))
    }

    @Test("a sysadmin acts for a vendor with --vendor; a vendor login cannot; unknown slugs are 65")
    func vendorScope() throws {
        let fixture = try TenantFixture.make()
        let sysadmin = try fixture.database.createLogin(group: "taco_sysadmin", prefix: "it")
        let url = try fixture.database.conninfo(user: sysadmin)
        let acting = try ToolRunner.run("taco-vendor", ["whoami", "--vendor", fixture.a.slug, "--format", "json", "--database-url", url])
        #expect(acting.status == 0, "\(acting.stderr)")
        #expect(acting.stdout.contains("\"vendor\": \"\(fixture.a.slug)\""))
        #expect(acting.stdout.contains("\"vendor_role\": \"sysadmin\""))
        let unknown = try ToolRunner.run("taco-vendor", ["whoami", "--vendor", "no-such-vendor", "--database-url", url])
        #expect(unknown.status == 65)
        #expect(unknown.stderr.contains("unknown vendor \"no-such-vendor\""))
        let vendorURL = try fixture.database.conninfo(user: fixture.a.adminLogin)
        let other = try ToolRunner.run("taco-vendor", ["whoami", "--vendor", fixture.b.slug, "--database-url", vendorURL])
        #expect(other.status == 77)
        let reporting = try fixture.database.createLogin(group: "taco_reporting", prefix: "rep")
        let unmapped = try ToolRunner.run("taco-vendor", ["whoami", "--vendor", fixture.a.slug, "--database-url", try fixture.database.conninfo(user: reporting)])
        #expect(unmapped.status == 77)
        #expect(unmapped.stderr.contains("is not mapped to a vendor"))
    }
}

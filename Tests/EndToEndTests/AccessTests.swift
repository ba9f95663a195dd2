import Foundation
import TacoKit
import TacoTestSupport
import Testing

@Suite("taco-admin access")
struct AccessTests {
    struct Setup {
        let database: TestDatabase
        let sysadminURL: String
        let vendorSlug: String
    }

    func setup() throws -> Setup {
        let fixture = try TenantFixture.make()
        let sysadmin = try fixture.database.createLogin(group: "taco_sysadmin", prefix: "it")
        return Setup(database: fixture.database, sysadminURL: try fixture.database.conninfo(user: sysadmin), vendorSlug: fixture.a.slug)
    }

    @Test("grant with --password-stdin creates a login that authenticates with SCRAM; the password is nowhere in output or audit")
    func grantWithPassword() throws {
        let s = try setup()
        let login = TestCluster.uniqueName("maria")
        let password = "correct-horse-battery-\(UUID().uuidString.prefix(6))"
        let run = try ToolRunner.run("taco-admin", ["access", "grant", "--login", login, "--role", "food-services", "--password-stdin",
                                                    "--verbose", "--format", "json", "--database-url", s.sysadminURL], stdin: password + "\n")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\"outcome\": \"created\""))
        #expect(!run.stdout.contains(password) && !run.stderr.contains(password))
        // The new login works over TCP (scram) with that password and not with another.
        let db = try PostgresConnection(conninfo: try TestCluster.tcpConninfo(database: s.database.name, user: login, password: password))
        #expect(try db.scalar("SELECT pg_has_role(session_user, 'taco_food_services', 'MEMBER')", as: Bool.self))
        #expect(throws: PostgresError.self) {
            _ = try PostgresConnection(conninfo: try TestCluster.tcpConninfo(database: s.database.name, user: login, password: password + "x"))
        }
        let owner = try s.database.connect()
        let audit: Int = try owner.scalar("SELECT count(*) FROM audit_log WHERE action = 'ACCESS_GRANT' AND row_key = $1", [login])
        #expect(audit == 1)
        let leaked: Int = try owner.scalar("SELECT count(*) FROM audit_log WHERE new_data::text LIKE '%' || $1 || '%' OR new_data::text LIKE '%SCRAM%'", [password])
        #expect(leaked == 0)
    }

    @Test("granting the same again is 0 changed; another role moves the login; vendor roles map to the vendor")
    func idempotentAndMoves() throws {
        let s = try setup()
        let login = TestCluster.uniqueName("kit")
        let grant = ["access", "grant", "--login", login, "--role", "vendor-staff", "--vendor", s.vendorSlug, "--database-url", s.sysadminURL]
        #expect(try ToolRunner.run("taco-admin", grant).stderr.contains("1 created"))
        #expect(try ToolRunner.run("taco-admin", grant).stderr.contains("0 changed"))
        let whoami = try ToolRunner.run("taco-vendor", ["whoami", "--format", "json", "--database-url", try s.database.conninfo(user: login)])
        #expect(whoami.stdout.contains("\"vendor\": \"\(s.vendorSlug)\""))
        #expect(whoami.stdout.contains("\"vendor_role\": \"staff\""))

        let moved = try ToolRunner.run("taco-admin", ["access", "grant", "--login", login, "--role", "reporting", "--database-url", s.sysadminURL])
        #expect(moved.stderr.contains("1 updated"))
        let db = try s.database.connect(as: login)
        #expect(try db.scalar("SELECT pg_has_role(session_user, 'taco_reporting', 'MEMBER')", as: Bool.self))
        #expect(try !db.scalar("SELECT pg_has_role(session_user, 'taco_vendor_staff', 'MEMBER')", as: Bool.self))
        #expect(try s.database.connect().scalar("SELECT count(*) FROM vendor_members WHERE login = $1", [login], as: Int.self) == 0)
    }

    @Test("revoke takes access away at once and again is 0 changed")
    func revoke() throws {
        let s = try setup()
        let login = TestCluster.uniqueName("gone")
        _ = try ToolRunner.run("taco-admin", ["access", "grant", "--login", login, "--role", "reporting", "--database-url", s.sysadminURL])
        let revoked = try ToolRunner.run("taco-admin", ["access", "revoke", "--login", login, "--database-url", s.sysadminURL])
        #expect(revoked.status == 0 && revoked.stderr.contains("1 revoked"))
        #expect(try ToolRunner.run("taco-admin", ["access", "revoke", "--login", login, "--database-url", s.sysadminURL]).stderr.contains("0 changed"))
        let refused = try ToolRunner.run("taco-admin", ["db", "status", "--database-url", try s.database.conninfo(user: login)])
        #expect(refused.status == 77)
        #expect(refused.stderr.contains("not permitted to log in"))
        let list = try ToolRunner.run("taco-admin", ["access", "list", "--format", "csv", "--database-url", s.sysadminURL])
        #expect(list.stdout.contains("\(login),,,false"))
    }

    @Test("bad input and refusals", arguments: [
        (["--role", "vendor-admin"], Int32(64), "needs --vendor"),
        (["--role", "jobs", "--vendor", "x"], Int32(64), "--vendor goes only with"),
        (["--role", "wizard"], Int32(64), "wizard"),
        (["--role", "vendor-admin", "--vendor", "no-such-vendor"], Int32(65), "unknown vendor \"no-such-vendor\""),
        (["--role", "jobs", "--password-stdin", "--no-password"], Int32(64), "exclude each other"),
    ])
    func badInput(_ extra: [String], _ code: Int32, _ message: String) throws {
        let s = try setup()
        let login = TestCluster.uniqueName("bad")
        let run = try ToolRunner.run("taco-admin", ["access", "grant", "--login", login] + extra + ["--database-url", s.sysadminURL])
        #expect(run.status == code, "\(run.stderr)")
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(try s.database.connect().scalar("SELECT count(*) FROM pg_roles WHERE rolname = $1", [login], as: Int.self) == 0)
    }

    @Test("short or empty passwords, invalid names and non-TacoTracker roles are refused")
    func refusals() throws {
        let s = try setup()
        let short = try ToolRunner.run("taco-admin", ["access", "grant", "--login", TestCluster.uniqueName("p"), "--role", "jobs", "--password-stdin", "--database-url", s.sysadminURL], stdin: "short\n")
        #expect(short.status == 65 && short.stderr.contains("at least 12"))
        let empty = try ToolRunner.run("taco-admin", ["access", "grant", "--login", TestCluster.uniqueName("p"), "--role", "jobs", "--password-stdin", "--database-url", s.sysadminURL], stdin: "")
        #expect(empty.status == 64)
        let name = try ToolRunner.run("taco-admin", ["access", "grant", "--login", "Robert'); DROP TABLE users;--", "--role", "jobs", "--database-url", s.sysadminURL])
        #expect(name.status == 65 && name.stderr.contains("invalid login name"))
        for protected in ["postgres", "taco_owner", "taco_sysadmin"] {
            let run = try ToolRunner.run("taco-admin", ["access", "grant", "--login", protected, "--role", "jobs", "--database-url", s.sysadminURL])
            #expect(run.status == 77, "\(protected)")
        }
        // A role with CREATEROLE is not a TacoTracker login, whatever its name.
        let admin = try s.database.superuser()
        let powerful = TestCluster.uniqueName("dba")
        try admin.execute("CREATE ROLE \(powerful) LOGIN CREATEROLE")
        let run = try ToolRunner.run("taco-admin", ["access", "grant", "--login", powerful, "--role", "jobs", "--database-url", s.sysadminURL])
        #expect(run.status == 77 && run.stderr.contains("not a TacoTracker login"))
    }

    @Test("only sysadmins may grant: food services, reporting and vendor logins get 77")
    func onlySysadmins() throws {
        let fixture = try TenantFixture.make()
        for url in [try fixture.database.conninfo(user: try fixture.database.createLogin(group: "taco_food_services", prefix: "fs")),
                    try fixture.database.conninfo(user: try fixture.database.createLogin(group: "taco_reporting", prefix: "rep")),
                    try fixture.database.conninfo(user: fixture.a.adminLogin)] {
            let login = TestCluster.uniqueName("x")
            let run = try ToolRunner.run("taco-admin", ["access", "grant", "--login", login, "--role", "sysadmin", "--database-url", url])
            #expect(run.status == 77)
            #expect(try fixture.database.connect().scalar("SELECT count(*) FROM pg_roles WHERE rolname = $1", [login], as: Int.self) == 0)
        }
    }
}

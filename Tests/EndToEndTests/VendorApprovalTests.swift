import Foundation
import TacoKit
import TacoTestSupport
import Testing

@Suite("taco-admin vendors: onboarding and approvals")
struct VendorApprovalTests {
    struct Setup {
        let database: TestDatabase
        let foodServices: String
        let url: String
    }

    func setup() throws -> Setup {
        let database = try TestDatabase.make()
        let login = try database.createLogin(group: "taco_food_services", prefix: "fs")
        return Setup(database: database, foodServices: login, url: try database.conninfo(user: login))
    }

    func addPermits(_ database: TestDatabase, slug: String, kinds: [(String, String)]) throws {
        let owner = try database.connect()
        for (kind, expires) in kinds {
            try owner.query("INSERT INTO permits (vendor_id, kind, number, expires_on) SELECT id, $2, $3, $4::date FROM vendors WHERE slug = $1",
                            [slug, kind, "\(kind)-1", expires])
        }
    }

    @Test("the full path: applied, approval refused without permits, approved, suspended, reinstated; history says who and why")
    func lifecycle() throws {
        let s = try setup()
        let slug = "taco-" + TestCluster.uniqueName("v").replacingOccurrences(of: "_", with: "-")
        let add = try ToolRunner.run("taco-admin", ["vendors", "add", "--slug", slug, "--name", "Taco Test", "--stripe-account", "acct_1TestXYZ", "--database-url", s.url])
        #expect(add.status == 0, "\(add.stderr)")
        #expect(try ToolRunner.run("taco-admin", ["vendors", "add", "--slug", slug, "--name", "Taco Test", "--if-not-exists", "--database-url", s.url]).stderr.contains("0 changed"))

        let refused = try ToolRunner.run("taco-admin", ["vendors", "approve", slug, "--database-url", s.url])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("business licence missing; health permit missing; insurance missing"))
        try addPermits(s.database, slug: slug, kinds: [("business_license", "2030-01-01"), ("health", "2030-01-01"), ("insurance", "2020-01-01")])
        let expired = try ToolRunner.run("taco-admin", ["vendors", "approve", slug, "--database-url", s.url])
        #expect(expired.status == 65)
        #expect(expired.stderr.contains("insurance expired 2020-01-01"))
        #expect(!expired.stderr.contains("health"))
        try s.database.connect().query("UPDATE permits SET expires_on = $2::date WHERE kind = $1 AND vendor_id = (SELECT id FROM vendors WHERE slug = $3)", ["insurance", "2031-06-30", slug])

        let approved = try ToolRunner.run("taco-admin", ["vendors", "approve", slug, "--note", "all checked", "--database-url", s.url])
        #expect(approved.status == 0, "\(approved.stderr)")
        #expect(try ToolRunner.run("taco-admin", ["vendors", "suspend", slug, "--reason", "failed inspection", "--database-url", s.url]).status == 0)
        #expect(try ToolRunner.run("taco-admin", ["vendors", "reinstate", slug, "--database-url", s.url]).status == 0)

        let show = try ToolRunner.run("taco-admin", ["vendors", "show", slug, "--format", "json", "--database-url", s.url])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        #expect(object["status"] as? String == "approved")
        let history = try #require(object["history"] as? [[String: Any]])
        #expect(history.map { $0["to"] as? String } == ["applied", "approved", "suspended", "approved"])
        #expect(history[1]["actor"] as? String == s.foodServices)
        #expect(history[1]["reason"] as? String == "all checked")
        #expect(history[2]["reason"] as? String == "failed inspection")
    }

    @Test("illegal decisions are refused naming the current state, through the tool and through plain SQL")
    func illegal() throws {
        let s = try setup()
        let slug = "taco-" + TestCluster.uniqueName("r").replacingOccurrences(of: "_", with: "-")
        _ = try ToolRunner.run("taco-admin", ["vendors", "add", "--slug", slug, "--name", "Rejected", "--database-url", s.url])
        #expect(try ToolRunner.run("taco-admin", ["vendors", "reject", slug, "--reason", "incomplete", "--database-url", s.url]).status == 0)
        for decision in ["approve", "suspend", "reinstate"] {
            let run = try ToolRunner.run("taco-admin", ["vendors", decision, slug, "--reason", "x", "--database-url", s.url])
            #expect(run.status == 65, "\(decision)")
            #expect(run.stderr.contains("it is rejected"), "\(decision): \(run.stderr)")
        }
        let db = try s.database.connect(as: s.foodServices)
        let error = #expect(throws: PostgresError.self) { try db.query("UPDATE vendors SET status = 'approved' WHERE slug = $1", [slug]) }
        #expect(error?.sqlState == "TT006")
        #expect(try db.scalar("SELECT status FROM vendors WHERE slug = $1", [slug], as: String.self) == "rejected")
    }

    @Test("usage errors: reject and suspend need a reason; bad slugs and Stripe ids are refused", arguments: [
        ["vendors", "reject", "any-slug"], ["vendors", "suspend", "any-slug", "--reason", " "],
        ["vendors", "add", "--slug", "Bad Slug", "--name", "X"], ["vendors", "add", "--slug", "ok-slug", "--name", "X", "--stripe-account", "acct 1"],
        ["vendors", "list", "--status", "pending"],
    ])
    func usage(_ arguments: [String]) throws {
        let s = try setup()
        let run = try ToolRunner.run("taco-admin", arguments + ["--database-url", s.url])
        #expect(run.status == 64, "\(arguments): \(run.stderr)")
        #expect(try s.database.connect().scalar("SELECT count(*) FROM vendors WHERE slug = 'ok-slug'", as: Int.self) == 0)
    }

    @Test("unknown vendors are 65; vendor logins get 77 on every vendors command; reporting reads but cannot decide")
    func permissions() throws {
        let fixture = try TenantFixture.make()
        let fs = try fixture.database.conninfo(user: try fixture.database.createLogin(group: "taco_food_services", prefix: "fs"))
        #expect(try ToolRunner.run("taco-admin", ["vendors", "show", "no-such-vendor", "--database-url", fs]).status == 65)
        let vendorURL = try fixture.database.conninfo(user: fixture.a.adminLogin)
        for arguments in [["vendors", "list"], ["vendors", "show", fixture.a.slug], ["vendors", "permits"],
                          ["vendors", "suspend", fixture.a.slug, "--reason", "x"], ["vendors", "add", "--slug", "mine", "--name", "M"]] {
            #expect(try ToolRunner.run("taco-admin", arguments + ["--database-url", vendorURL]).status == 77, "\(arguments)")
        }
        let reporting = try fixture.database.conninfo(user: try fixture.database.createLogin(group: "taco_reporting", prefix: "rep"))
        #expect(try ToolRunner.run("taco-admin", ["vendors", "list", "--database-url", reporting]).status == 0)
        let suspend = try ToolRunner.run("taco-admin", ["vendors", "suspend", fixture.a.slug, "--reason", "x", "--database-url", reporting])
        #expect(suspend.status == 77)
        #expect(try fixture.database.connect().scalar("SELECT status FROM vendors WHERE id = $1", [fixture.a.vendorID], as: String.self) == "approved")
    }

    @Test("permits --expiring-within lists what lapses soon and what has lapsed")
    func expiring() throws {
        let s = try setup()
        let slug = "taco-" + TestCluster.uniqueName("p").replacingOccurrences(of: "_", with: "-")
        _ = try ToolRunner.run("taco-admin", ["vendors", "add", "--slug", slug, "--name", "Permits", "--database-url", s.url])
        let today = LocalDate.utc(Date())
        try addPermits(s.database, slug: slug, kinds: [("health", today.adding(days: 10).description), ("insurance", today.adding(days: -3).description),
                                                       ("business_license", today.adding(days: 200).description)])
        let run = try ToolRunner.run("taco-admin", ["vendors", "permits", "--expiring-within", "30d", "--vendor", slug, "--format", "json", "--database-url", s.url])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["kind"] as? String } == ["insurance", "health"])
        #expect(rows.map { $0["state"] as? String } == ["expired", "expiring"])
        #expect(rows.map { $0["days_left"] as? Int } == [-3, 10])
    }
}

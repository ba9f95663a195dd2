import Foundation
import TacoKit
import TacoTestSupport
import Testing

private func rows(_ text: String) -> [[String: Any]] {
    (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [[String: Any]] ?? []
}

@Suite("taco-jobs outbox and orders expire-pending")
struct OutboxCommandTests {
    @Test("outbox run --once delivers due push jobs; outbox list shows them done")
    func runOnceAndList() throws {
        let f = try OrderFixture.make()
        let fake = try OutboxFakeProvider()
        let url = try f.database.conninfo(user: f.jobsLogin)
        let owner = try f.database.connect()
        try owner.query("INSERT INTO outbox (kind, payload, dedupe_key) VALUES ('push', '{\"to\": \"u1\"}', 'push:e2e:1'), ('push', '{}', 'push:e2e:2')")
        let env = ["TACO_PUSH_URL": fake.baseURL + "/push", "STRIPE_API_KEY": ""]
        let run = try ToolRunner.run("taco-jobs", ["outbox", "run", "--once", "--database-url", url], environment: env)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("2 delivered, 0 rescheduled, 0 dead-lettered"), "\(run.stderr)")
        #expect(try fake.calls().count == 2)
        let list = try ToolRunner.run("taco-jobs", ["outbox", "list", "--status", "done", "--format", "json", "--database-url", url])
        #expect(list.status == 0, "\(list.stderr)")
        let listed = rows(list.stdout)
        #expect(listed.count == 2 && listed.allSatisfy { $0["status"] as? String == "done" && $0["kind"] as? String == "push" })
        #expect(Set(listed.compactMap { $0["dedupe_key"] as? String }) == ["push:e2e:1", "push:e2e:2"])
        let again = try ToolRunner.run("taco-jobs", ["outbox", "run", "--once", "--database-url", url], environment: env)
        #expect(again.status == 0 && again.stderr.contains("0 delivered"), "\(again.stderr)")
        #expect(try fake.calls().count == 2)
    }

    @Test("outbox run --once with a failing provider reschedules; --max-attempts 1 dead-letters")
    func runDeadLetters() throws {
        let f = try OrderFixture.make()
        let fake = try OutboxFakeProvider()
        try fake.force(status: 502)
        let url = try f.database.conninfo(user: f.jobsLogin)
        try f.database.connect().query("INSERT INTO outbox (kind, payload) VALUES ('email', '{}')")
        let run = try ToolRunner.run("taco-jobs", ["outbox", "run", "--once", "--max-attempts", "1", "--database-url", url],
                                     environment: ["TACO_EMAIL_URL": fake.baseURL, "STRIPE_API_KEY": ""])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("1 dead-lettered"), "\(run.stderr)")
        let dead = try ToolRunner.run("taco-jobs", ["outbox", "list", "--status", "dead", "--format", "json", "--database-url", url])
        let listed = rows(dead.stdout)
        #expect(listed.count == 1 && (listed.first?["last_error"] as? String)?.contains("HTTP 502") == true)
    }

    @Test("bad input is refused with 64 and changes nothing", arguments: [
        (["outbox", "run", "--once"], "no outbox provider configured"),
        (["outbox", "run", "--once", "--batch", "0"], "--batch 0"),
        (["outbox", "run", "--once", "--max-attempts", "0"], "--max-attempts 0"),
        (["outbox", "list", "--status", "sent"], "sent"),
        (["orders", "expire-pending", "--older-than", "soon"], "soon"),
    ])
    func badInput(arguments: [String], message: String) throws {
        let f = try OrderFixture.make()
        let order = try f.order(in: .pending)
        let owner = try f.database.connect()
        try owner.query("UPDATE orders SET placed_at = now() - interval '2 hours' WHERE id = $1", [order])
        try owner.query("INSERT INTO outbox (kind, payload) VALUES ('push', '{}')")
        let run = try ToolRunner.run("taco-jobs", arguments + ["--database-url", try f.database.conninfo(user: f.jobsLogin)],
                                     environment: ["TACO_PUSH_URL": "", "TACO_EMAIL_URL": "", "STRIPE_API_KEY": ""])
        #expect(run.status == 64, "\(arguments): \(run.stderr)")
        #expect(run.stderr.contains(message), "\(arguments): \(run.stderr)")
        #expect(try owner.scalar("SELECT status FROM orders WHERE id = $1", [order], as: String.self) == "PENDING")
        #expect(try owner.scalar("SELECT count(*)::int FROM outbox WHERE status = 'pending' AND attempts = 0", as: Int.self) == 1)
    }

    @Test("orders expire-pending cancels stale unpaid PENDING orders only, and a re-run cancels nothing")
    func expirePending() throws {
        let f = try OrderFixture.make()
        let stale = try f.order(in: .pending)
        let fresh = try f.order(in: .pending)
        let owner = try f.database.connect()
        try owner.query("UPDATE orders SET placed_at = now() - interval '16 minutes' WHERE id = $1", [stale])
        let url = try f.database.conninfo(user: f.jobsLogin)
        let run = try ToolRunner.run("taco-jobs", ["orders", "expire-pending", "--older-than", "15m", "--format", "json", "--database-url", url])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(rows(run.stdout).compactMap { $0["order_id"] as? String } == [stale.uuidString.lowercased()])
        #expect(run.stderr.contains("1 cancelled"))
        #expect(try owner.scalar("SELECT cancel_reason FROM orders WHERE id = $1", [stale], as: String.self) == "payment not received")
        #expect(try owner.scalar("SELECT status FROM orders WHERE id = $1", [fresh], as: String.self) == "PENDING")
        let again = try ToolRunner.run("taco-jobs", ["orders", "expire-pending", "--older-than", "15m", "--database-url", url])
        #expect(again.status == 0 && again.stderr.contains("0 cancelled"), "\(again.stderr)")
    }
}

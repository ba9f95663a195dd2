import Foundation
import TacoKit
import TacoTestSupport
import Testing

private func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

@Suite("taco-vendor orders and sales, end to end through real vendor logins")
struct OrdersCommandTests {
    @Test("queue --format json: own open orders with items; vendor B sees only its own")
    func queueJSON() throws {
        let f = try OrderFixture.make()
        let id = try f.order(in: .preparing, special: "no onions")
        let run = try ToolRunner.run("taco-vendor", ["orders", "queue", "--truck", "Truck 1", "--format", "json",
                                                     "--database-url", try f.database.conninfo(user: f.staffLogin)])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try #require(try json(run.stdout) as? [[String: Any]])
        #expect(rows.map { $0["id"] as? String } == [id.postgresText])
        #expect(rows.first?["status"] as? String == "PREPARING" && rows.first?["special_requests"] as? String == "no onions")
        let items = try #require(rows.first?["items"] as? [[String: Any]])
        #expect(items.first?["sku"] as? String == "TACO-PASTOR" && items.first?["options"] as? [String] == ["Corn", "Verde"])
        #expect(Set(rows.first?.keys.map { $0 } ?? []) == ["id", "truck_id", "truck_name", "status", "customer", "items",
                                                            "special_requests", "placed_at", "promised_at", "status_changed_at",
                                                            "age_seconds", "total_cents"])
        let other = try ToolRunner.run("taco-vendor", ["orders", "queue", "--format", "json", "--include-pending",
                                                       "--database-url", try f.database.conninfo(user: f.b.adminLogin)])
        #expect(other.status == 0)
        let theirs = try #require(try json(other.stdout) as? [[String: Any]])
        #expect(theirs.map { $0["id"] as? String } == [f.b.orderID.postgresText])
        let empty = try ToolRunner.run("taco-vendor", ["orders", "queue", "--format", "csv",
                                                       "--database-url", try f.database.conninfo(user: f.b.adminLogin)])
        #expect(empty.stdout == "id,truck_id,truck_name,status,customer,items,special_requests,placed_at,promised_at,status_changed_at,age_seconds,total_cents\r\n")
    }

    @Test("transitions: exit 0 with the change; illegal 65 naming the state; 'already' is 0 with 0 changed")
    func transitionExitCodes() throws {
        let f = try OrderFixture.make()
        let id = try f.order(in: .confirmed).postgresText
        let url = try f.database.conninfo(user: f.staffLogin)
        let illegal = try ToolRunner.run("taco-vendor", ["orders", "ready", id, "--database-url", url])
        #expect(illegal.status == 65)
        #expect(illegal.stderr.contains("taco-vendor: error: order \(id) is CONFIRMED: cannot ready it"))
        let start = try ToolRunner.run("taco-vendor", ["orders", "start", id, "--format", "json", "--database-url", url])
        #expect(start.status == 0, "\(start.stderr)")
        let record = try #require(try json(start.stdout) as? [String: Any])
        #expect(record["from"] as? String == "CONFIRMED" && record["status"] as? String == "PREPARING" && record["changed"] as? Bool == true)
        #expect(record["actor"] as? String == f.staffLogin)
        #expect(start.stderr.contains("CONFIRMED -> PREPARING; 1 changed"))
        let again = try ToolRunner.run("taco-vendor", ["orders", "start", id, "--database-url", url])
        #expect(again.status == 0)
        #expect(again.stderr.contains("is already PREPARING") && again.stderr.contains("0 changed"))
        for verb in ["ready", "picked-up", "complete"] {
            #expect(try ToolRunner.run("taco-vendor", ["orders", verb, String(id.prefix(8)), "--database-url", url]).status == 0)
        }
        let final = try ToolRunner.run("taco-vendor", ["orders", "cancel", id, "--reason", "late", "--database-url", url])
        #expect(final.status == 65 && final.stderr.contains("is COMPLETED"))
        let events = try f.database.connect().scalar("SELECT count(*) FROM order_events WHERE order_id = $1", [UUID(uuidString: id)], as: Int.self)
        #expect(events == 6)
    }

    @Test("another vendor's order id is indistinguishable from a missing one (65), for show and for changes")
    func otherVendorsOrderLooksMissing() throws {
        let f = try OrderFixture.make()
        let url = try f.database.conninfo(user: f.a.adminLogin)
        let random = UUID().uuidString.lowercased()
        for verb in [["show"], ["start"], ["cancel", "--reason", "x"]] {
            let theirs = try ToolRunner.run("taco-vendor", ["orders", verb[0], f.b.orderID.postgresText] + verb.dropFirst() + ["--database-url", url])
            let missing = try ToolRunner.run("taco-vendor", ["orders", verb[0], random] + verb.dropFirst() + ["--database-url", url])
            #expect(theirs.status == 65 && missing.status == 65)
            #expect(theirs.stderr.replacingOccurrences(of: f.b.orderID.postgresText, with: "ID")
                        == missing.stderr.replacingOccurrences(of: random, with: "ID"))
            #expect(theirs.stderr.contains("not found"))
        }
        #expect(try f.database.connect().scalar("SELECT status FROM orders WHERE id = $1", [f.b.orderID], as: String.self) == "PENDING")
    }

    @Test("cancel a paid order: refund reported and queued once; no --reason is a usage error (64); nothing changes")
    func cancelCommand() throws {
        let f = try OrderFixture.make()
        let id = try f.order(in: .confirmed)
        try f.pay(id, cents: 974)
        let url = try f.database.conninfo(user: f.a.adminLogin)
        let noReason = try ToolRunner.run("taco-vendor", ["orders", "cancel", id.postgresText, "--database-url", url])
        #expect(noReason.status == 64)
        let owner = try f.database.connect()
        #expect(try owner.scalar("SELECT status FROM orders WHERE id = $1", [id], as: String.self) == "CONFIRMED")
        let run = try ToolRunner.run("taco-vendor", ["orders", "cancel", id.postgresText, "--reason", "out of pork", "--format", "json",
                                                     "--database-url", url])
        #expect(run.status == 0, "\(run.stderr)")
        let record = try #require(try json(run.stdout) as? [String: Any])
        #expect(record["refund_cents"] as? Int == 974 && record["status"] as? String == "CANCELLED")
        #expect(run.stderr.contains("refund of 974 cents queued"))
        #expect(try owner.scalar("SELECT count(*) FROM outbox WHERE kind = 'refund'", as: Int.self) == 1)
    }

    @Test("show --format json carries lines, money and events; sales works for admins, 77 for staff")
    func showAndSales() throws {
        let f = try OrderFixture.make()
        let id = try f.order(in: .completed)
        let admin = try f.database.conninfo(user: f.a.adminLogin)
        let show = try ToolRunner.run("taco-vendor", ["orders", "show", id.postgresText, "--format", "json", "--database-url", admin])
        #expect(show.status == 0, "\(show.stderr)")
        let record = try #require(try json(show.stdout) as? [String: Any])
        #expect(record["total_cents"] as? Int == 974 && (record["events"] as? [Any])?.count == 6)
        let sales = try ToolRunner.run("taco-vendor", ["sales", "--by", "item", "--format", "csv", "--database-url", admin])
        #expect(sales.status == 0, "\(sales.stderr)")
        #expect(sales.stdout == "sku,name,quantity,orders,gross_cents\r\nTACO-PASTOR,Taco-Pastor,2,1,900\r\n")
        let staff = try ToolRunner.run("taco-vendor", ["sales", "--database-url", try f.database.conninfo(user: f.staffLogin)])
        #expect(staff.status == 77)
        let backwards = try ToolRunner.run("taco-vendor", ["sales", "--from", "2026-11-21", "--to", "2026-11-01", "--database-url", admin])
        #expect(backwards.status == 64)
        let badDate = try ToolRunner.run("taco-vendor", ["sales", "--from", "2026-02-30", "--database-url", admin])
        #expect(badDate.status == 64)
    }

    @Test("queue --watch --format ndjson streams a line per change, stops cleanly on SIGTERM")
    func watchNDJSON() throws {
        let f = try OrderFixture.make()
        let id = try f.order(in: .confirmed)
        let watcher = try StreamingTool("taco-vendor", ["orders", "queue", "--watch", "--format", "ndjson", "--truck", "Truck 1",
                                                        "--database-url", try f.database.conninfo(user: f.staffLogin)])
        #expect(watcher.waitFor { out, err in out.count >= 1 && err.contains { $0.contains("watching") } })
        let first = try #require(watcher.stdoutLines.first)
        let snapshot = try #require(try json(first) as? [String: Any])
        #expect(snapshot["event"] as? String == "snapshot" && snapshot["id"] as? String == id.postgresText)

        // another connection (another login of the same vendor) moves the order on
        let (db, scope) = try f.scope(f.a.adminLogin)
        try OrderStore(db, scope: scope).apply(.start, to: id.uuidString)
        #expect(watcher.waitFor { out, _ in out.count >= 2 })
        let change = try #require(try json(watcher.stdoutLines[1]) as? [String: Any])
        #expect(change["event"] as? String == "changed" && change["status"] as? String == "PREPARING")

        // vendor B's changes never reach A's display; a new order of A's does
        try f.database.connect().query("UPDATE orders SET status = 'CONFIRMED' WHERE id = $1", [f.b.orderID])
        let added = try f.order(in: .confirmed)
        #expect(watcher.waitFor { out, _ in out.count >= 3 })
        let third = try #require(try json(watcher.stdoutLines[2]) as? [String: Any])
        #expect(third["event"] as? String == "added" && third["id"] as? String == added.postgresText)

        try OrderStore(db, scope: scope).apply(.cancel, to: added.uuidString, reason: "test")
        #expect(watcher.waitFor { out, _ in out.count >= 4 })
        let removed = try #require(try json(watcher.stdoutLines[3]) as? [String: Any])
        #expect(removed["event"] as? String == "removed" && removed["status"] as? String == "CANCELLED")

        watcher.signal(SIGTERM)
        #expect(watcher.exitStatus() == 0)
        #expect(watcher.stdoutLines.count == 4)
    }

    @Test("queue --watch exits 69 when the connection is lost")
    func watchConnectionLost() throws {
        let f = try OrderFixture.make()
        let watcher = try StreamingTool("taco-vendor", ["orders", "queue", "--watch", "--format", "ndjson",
                                                        "--database-url", try f.database.conninfo(user: f.a.adminLogin)])
        #expect(watcher.waitFor { _, err in err.contains { $0.contains("watching") } })
        let terminated = try f.database.superuser().scalar(
            "SELECT count(pg_terminate_backend(pid))::int FROM pg_stat_activity WHERE usename = $1", [f.a.adminLogin], as: Int.self)
        #expect(terminated == 1)
        #expect(watcher.exitStatus() == 69)
        #expect(watcher.stderrLines.contains { $0.contains("connection to PostgreSQL was lost") })
    }
}

import Foundation
import Testing
import TacoIntegrations
import TacoKit
import TacoTestSupport

private func json(_ text: String) -> [[String: Any]] {
    (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [[String: Any]] ?? []
}

private func posts(_ stripe: PayoutsFakeStripe) throws -> [[String: Any]] {
    try stripe.calls().filter { $0["method"] as? String == "POST" }
}

@Suite("taco-jobs payouts: exactly once against a fake Stripe")
struct PayoutsRunTests {
    @Test("a run pays each vendor once, skips and reports a vendor without Stripe; a re-run changes nothing and calls no POST")
    func runAndRerun() throws {
        let fixture = try PayoutsFixture.make(vendorCount: 2, withoutStripe: 1)
        let stripe = try PayoutsFakeStripe()
        let first = try fixture.run(["--fee-bps", "500"], stripe: stripe)
        #expect(first.status == 0, "\(first.stderr)")
        let rows = json(first.stdout)
        #expect(rows.count == 3)
        #expect(rows.filter { $0["state"] as? String == "paid" }.count == 2)
        let skipped = rows.first { $0["state"] as? String == "skipped" }
        #expect(skipped?["vendor"] as? String == fixture.vendors[2].slug)
        #expect(first.stderr.contains("1 vendors skipped"))
        let counts = try stripe.transferCounts()
        #expect(counts.count == 2 && counts.values.allSatisfy { $0 == 1 })
        // The transfer carries the payout's amount, destination and key.
        let payouts = try fixture.payouts()
        for transfer in try stripe.transfers() {
            let slug = (transfer["metadata"] as? [String: Any])?["vendor"] as? String ?? ""
            #expect(transfer["amount"] as? Int == payouts[slug]?.net)
            #expect(transfer["destination"] as? String == fixture.vendors.first { $0.slug == slug }?.stripeAccount)
        }
        for call in try posts(stripe) {
            #expect((call["idempotency_key"] as? String ?? "").hasPrefix("payout-"))
        }

        let before = try fixture.ledgerFingerprint()
        let postsBefore = try posts(stripe).count
        let second = try fixture.run(["--fee-bps", "500"], stripe: stripe)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("0 planned, 0 paid, 0 open"))
        #expect(try fixture.ledgerFingerprint() == before)
        #expect(try posts(stripe).count == postsBefore)
        // A different fee on a re-run does not re-plan either: the period's payouts exist.
        #expect(try fixture.run(["--fee-bps", "900"], stripe: stripe).status == 0)
        #expect(try fixture.ledgerFingerprint() == before)
    }

    @Test("the statement equals an independent SQL sum; a later refund is a negative item of the next payout")
    func statementMatchesSQL() throws {
        let fixture = try PayoutsFixture.make(vendorCount: 1, ordersPerVendor: 9)
        let vendor = fixture.vendors[0]
        let stripe = try PayoutsFakeStripe()
        #expect(try fixture.run(["--fee-bps", "275"], stripe: stripe).status == 0)
        let db = try fixture.database.connect()
        let expected = try #require(try db.queryFirst("""
            SELECT sum(subtotal_cents) AS gross, sum(tax_cents) AS tax, sum(tip_cents) AS tip, sum(subsidy_cents) AS subsidy,
                   sum(round(subtotal_cents * 275 / 10000.0)) AS fee, count(*) AS n
            FROM orders WHERE vendor_id = $1 AND status = 'COMPLETED'
            """, [vendor.id]))
        let payout = try #require(try db.queryFirst("SELECT * FROM payouts WHERE vendor_id = $1", [vendor.id]))
        for (column, key) in [("gross_cents", "gross"), ("tax_cents", "tax"), ("tip_cents", "tip"), ("subsidy_cents", "subsidy"), ("fee_cents", "fee")] {
            #expect(try payout.decode(column, as: Int.self) == (try expected.decode(key, as: Int.self)), "\(column)")
        }
        let gross: Int = try expected.decode("gross"), tax: Int = try expected.decode("tax"), tip: Int = try expected.decode("tip"),
            fee: Int = try expected.decode("fee")
        #expect(try payout.decode("net_cents", as: Int.self) == gross + tax + tip - fee)
        #expect(try db.scalar("SELECT sum(amount_cents) FROM payout_items WHERE vendor_id = $1", [vendor.id], as: Int.self) == gross + tax + tip - fee)

        // A refund the next week, of an order paid this week: a negative item of the next week's payout.
        let paidOrder: UUID = try db.scalar("SELECT order_id FROM payout_items WHERE vendor_id = $1 LIMIT 1", [vendor.id])
        let refund = try fixture.addRefund(vendor: vendor, order: paidOrder, cents: 400, at: "2026-03-10T09:00:00Z")
        try fixture.addOrders(vendor: vendor, count: 1, completedAt: "2026-03-11T12:00:00Z")
        let next = try fixture.run(["--fee-bps", "275"], stripe: stripe, ending: "2026-03-15")
        #expect(next.status == 0, "\(next.stderr)")
        let item = try #require(try db.queryFirst("SELECT kind, amount_cents, order_id FROM payout_items WHERE refund_id = $1", [refund]))
        #expect(try item.decode("kind", as: String.self) == "refund")
        #expect(try item.decode("amount_cents", as: Int.self) == -400)
        #expect(try db.scalar("SELECT refund_cents FROM payouts WHERE vendor_id = $1 AND period_end = '2026-03-15'", [vendor.id], as: Int.self) == 400)
    }

    @Test("a net of zero or less makes no transfer and is carried into the next payout")
    func carryOver() throws {
        let fixture = try PayoutsFixture.make(vendorCount: 1, ordersPerVendor: 1)
        let vendor = fixture.vendors[0]
        let stripe = try PayoutsFakeStripe()
        #expect(try fixture.run([], stripe: stripe).status == 0)
        let db = try fixture.database.connect()
        let paidOrder: UUID = try db.scalar("SELECT order_id FROM payout_items WHERE vendor_id = $1", [vendor.id])
        try fixture.addRefund(vendor: vendor, order: paidOrder, cents: 900, at: "2026-03-10T09:00:00Z")
        #expect(try fixture.run([], stripe: stripe, ending: "2026-03-15").status == 0)
        #expect(try db.scalar("SELECT status FROM payouts WHERE period_end = '2026-03-15'", as: String.self) == "carried_over")
        #expect(try stripe.transfers().count == 1)
        try fixture.addOrders(vendor: vendor, count: 1, completedAt: "2026-03-18T12:00:00Z")
        #expect(try fixture.run([], stripe: stripe, ending: "2026-03-22").status == 0)
        let third = try #require(try db.queryFirst("SELECT id, carry_in_cents, net_cents, status FROM payouts WHERE period_end = '2026-03-22'"))
        #expect(try third.decode("carry_in_cents", as: Int.self) == -900)
        #expect(try third.decode("status", as: String.self) == "paid")
        #expect(try db.scalar("SELECT carried_into FROM payouts WHERE period_end = '2026-03-15'", as: UUID.self) == (try third.decode("id", as: UUID.self)))
    }

    @Test("--dry-run writes nothing and calls nothing (and needs no API key)")
    func dryRun() throws {
        let fixture = try PayoutsFixture.make(vendorCount: 2)
        let stripe = try PayoutsFakeStripe()
        let before = try fixture.ledgerFingerprint()
        let run = try fixture.run(["--dry-run"], stripe: nil, environment: ["TACO_STRIPE_BASE_URL": stripe.baseURL])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(json(run.stdout).filter { $0["state"] as? String == "planned" }.count == 2)
        #expect(run.stderr.contains("nothing written, Stripe not called"))
        #expect(try fixture.ledgerFingerprint() == before)
        #expect(try stripe.calls().isEmpty)
    }

    @Test("a timeout after Stripe accepted ends unknown; the next run looks the transfer up and marks it paid, no second transfer")
    func timeoutAfterAccept() throws {
        let fixture = try PayoutsFixture.make(vendorCount: 1)
        let stripe = try PayoutsFakeStripe()
        try stripe.addFaults([["method": "POST", "delay_after_create": 3, "times": 10]])
        let first = try fixture.run(["--stripe-timeout", "1", "--stripe-retries", "1"], stripe: stripe)
        #expect(first.status == 75, "\(first.stderr)")
        let slug = fixture.vendors[0].slug
        #expect(try fixture.payouts()[slug]?.status == "unknown")
        #expect(try stripe.transfers().count == 1)
        // Both attempts used the same key: Stripe replayed, it did not create twice.
        let keys = Set(try posts(stripe).compactMap { $0["idempotency_key"] as? String })
        #expect(keys.count == 1)
        let postsBefore = try posts(stripe).count
        let second = try fixture.run([], stripe: stripe)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try fixture.payouts()[slug]?.status == "paid")
        #expect(try fixture.payouts()[slug]?.transfer == (try stripe.transfers().first?["id"] as? String))
        #expect(try posts(stripe).count == postsBefore)
        #expect(try stripe.transfers().count == 1)
    }

    @Test("a declined transfer records its code and is retried (under a new key) only when nothing was created")
    func decline() throws {
        let fixture = try PayoutsFixture.make(vendorCount: 2)
        let stripe = try PayoutsFakeStripe()
        try stripe.addFaults([["method": "POST", "status": 400, "code": "balance_insufficient", "times": 1]])
        let first = try fixture.run([], stripe: stripe)
        #expect(first.status == 75)
        let after = try fixture.payouts()
        let failed = try #require(after.first { $0.value.status == "failed" })
        #expect(failed.value.failure == "balance_insufficient")
        #expect(after.values.filter { $0.status == "paid" }.count == 1)
        #expect(try stripe.transfers().count == 1)
        let second = try fixture.run([], stripe: stripe)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try fixture.payouts().values.allSatisfy { $0.status == "paid" })
        let counts = try stripe.transferCounts()
        #expect(counts.count == 2 && counts.values.allSatisfy { $0 == 1 })
        // The retry looked first, then used a key of its own attempt.
        let calls = try stripe.calls()
        #expect(calls.contains { $0["method"] as? String == "GET" })
        #expect(calls.contains { ($0["idempotency_key"] as? String ?? "").hasSuffix("-attempt-2") })
    }

    @Test("500s are retried with backoff, then unknown; a 429 with Retry-After is retried and succeeds")
    func serverErrors() throws {
        let fixture = try PayoutsFixture.make(vendorCount: 1)
        let stripe = try PayoutsFakeStripe()
        try stripe.addFaults([["method": "POST", "status": 500, "times": 3]])
        let first = try fixture.run(["--stripe-retries", "2"], stripe: stripe)
        #expect(first.status == 75)
        #expect(first.stderr.contains("retry 1/2") && first.stderr.contains("retry 2/2"))
        #expect(try posts(stripe).count == 3)
        let slug = fixture.vendors[0].slug
        #expect(try fixture.payouts()[slug]?.status == "unknown")
        #expect(try stripe.transfers().isEmpty)

        try stripe.addFaults([["method": "POST", "status": 429, "retry_after": 1, "times": 1]])
        let second = try fixture.run([], stripe: stripe)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try fixture.payouts()[slug]?.status == "paid")
        #expect(try stripe.transfers().count == 1)
    }

    @Test("an expired API key exits 69, marks nothing paid and never prints the key")
    func expiredKey() throws {
        let fixture = try PayoutsFixture.make(vendorCount: 2)
        let stripe = try PayoutsFakeStripe()
        let run = try fixture.run([], stripe: stripe, environment: ["STRIPE_API_KEY": "sk_test_expired_SECRET123"])
        #expect(run.status == 69, "\(run.stderr)")
        #expect(run.stderr.contains("nothing was marked paid"))
        #expect(!run.stderr.contains("SECRET123") && !run.stdout.contains("SECRET123"))
        #expect(try fixture.payouts().values.allSatisfy { $0.status != "paid" })
        #expect(try stripe.transfers().isEmpty)
        // With the key renewed (from a file this time) the same command pays.
        let keyFile = FileManager.default.temporaryDirectory.appendingPathComponent("stripe-\(UUID().uuidString)")
        try Data((stripe.key + "\n").utf8).write(to: keyFile)
        defer { try? FileManager.default.removeItem(at: keyFile) }
        let renewed = try fixture.run(["--stripe-key-file", keyFile.path], stripe: stripe, environment: ["STRIPE_API_KEY": ""])
        #expect(renewed.status == 0, "\(renewed.stderr)")
        #expect(try stripe.transferCounts().values.allSatisfy { $0 == 1 })
        #expect(try stripe.transfers().count == 2)
    }

    @Test("kill -9 at each injected point never makes two transfers for one payout", arguments: ["after-plan", "after-submit", "after-response"])
    func killNine(point: String) throws {
        let fixture = try PayoutsFixture.make(vendorCount: 2)
        let stripe = try PayoutsFakeStripe()
        let crashed = try fixture.run([], stripe: stripe, environment: ["TACO_FAULT": point])
        #expect(crashed.status == 137, "\(crashed.stderr)")
        // The crash left the lock behind with the dead session; the next run gets it.
        var status: Int32 = -1
        for _ in 0..<3 where status != 0 { status = try fixture.run([], stripe: stripe).status }
        #expect(status == 0)
        #expect(try fixture.payouts().values.allSatisfy { $0.status == "paid" })
        let counts = try stripe.transferCounts()
        #expect(counts.count == 2 && counts.values.allSatisfy { $0 == 1 }, "\(counts)")
    }

    @Test("another run holding the lock makes a run exit 75")
    func lock() throws {
        let fixture = try PayoutsFixture.make(vendorCount: 1)
        let stripe = try PayoutsFakeStripe()
        let holder = try fixture.database.connect()
        try holder.lock(PayoutRunner.lock, wait: false)
        let run = try fixture.run([], stripe: stripe)
        #expect(run.status == 75)
        #expect(run.stderr.contains("tacotracker:payouts"))
        #expect(try stripe.calls().isEmpty)
    }

    @Test("bad input is refused with its exit code and nothing written")
    func badInput() throws {
        let fixture = try PayoutsFixture.make(vendorCount: 1)
        let stripe = try PayoutsFakeStripe()
        let before = try fixture.ledgerFingerprint()
        let cases: [([String], String, Int32, String)] = [
            (["--period", "week", "--ending", "2026-03-04"], "", 64, "not a Sunday"),
            (["--period", "day", "--ending", "2999-01-01"], "", 64, "has not ended"),
            (["--period", "week", "--ending", PayoutsFixture.weekEnding, "--fee-bps", "20000"], "", 64, "--fee-bps"),
            (["--period", "week", "--ending", PayoutsFixture.weekEnding, "--vendor", "no-such-vendor"], "", 65, "unknown vendor"),
            (["--period", "week", "--ending", PayoutsFixture.weekEnding], "nokey", 64, "no Stripe API key"),
            (["--period", "week", "--ending", PayoutsFixture.weekEnding, "--stripe-key-file", "/nonexistent/key"], "", 66, "cannot read"),
        ]
        for (arguments, mode, code, message) in cases {
            var env = stripe.environment()
            if mode == "nokey" { env["STRIPE_API_KEY"] = "" }
            let run = try ToolRunner.run("taco-jobs", ["payouts", "run", "--database-url", try fixture.jobsURL()] + arguments, environment: env)
            #expect(run.status == code, "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains(message), "\(arguments): \(run.stderr)")
        }
        #expect(try fixture.ledgerFingerprint() == before)
        #expect(try stripe.calls().isEmpty)
    }

    @Test("reconcile is clean after a run and exits 1 listing every mismatch")
    func reconcile() throws {
        let fixture = try PayoutsFixture.make(vendorCount: 2)
        let stripe = try PayoutsFakeStripe()
        #expect(try fixture.run([], stripe: stripe).status == 0)
        let arguments = ["payouts", "reconcile", "--database-url", try fixture.jobsURL(), "--format", "json"]
        let clean = try ToolRunner.run("taco-jobs", arguments, environment: stripe.environment())
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(clean.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
        // The ledger drifts: one payout's amount, another's destination.
        let owner = try fixture.database.connect()
        try owner.query("UPDATE payouts SET net_cents = net_cents + 1 WHERE vendor_id = $1", [fixture.vendors[0].id])
        try owner.query("UPDATE payouts SET destination = 'acct_other' WHERE vendor_id = $1", [fixture.vendors[1].id])
        let dirty = try ToolRunner.run("taco-jobs", arguments, environment: stripe.environment())
        #expect(dirty.status == 1)
        let kinds = json(dirty.stdout).compactMap { $0["mismatch"] as? String }.sorted()
        #expect(kinds == ["amount", "destination"])
    }
}

@Suite("payouts listings: vendors see their own, admins all")
struct PayoutsListingTests {
    @Test("vendor A lists only its payouts, and B's payout looks missing")
    func vendorIsolation() throws {
        let fixture = try PayoutsFixture.make(vendorCount: 2)
        let stripe = try PayoutsFakeStripe()
        #expect(try fixture.run([], stripe: stripe).status == 0)
        let (a, b) = (fixture.vendors[0], fixture.vendors[1])
        let list = try ToolRunner.run("taco-vendor", ["payouts", "list", "--database-url", try fixture.database.conninfo(user: a.adminLogin), "--format", "json"])
        #expect(list.status == 0, "\(list.stderr)")
        let rows = json(list.stdout)
        #expect(rows.count == 1 && rows[0]["vendor"] as? String == a.slug)
        let bPayout: UUID = try fixture.database.connect().scalar("SELECT id FROM payouts WHERE vendor_id = $1", [b.id])
        let show = try ToolRunner.run("taco-vendor", ["payouts", "show", bPayout.postgresText, "--database-url",
                                                      try fixture.database.conninfo(user: a.adminLogin)])
        #expect(show.status == 65)
        #expect(show.stderr.contains("payout \(bPayout.postgresText) not found"))
        let aPayout = try #require(rows[0]["id"] as? String)
        let own = try ToolRunner.run("taco-vendor", ["payouts", "show", aPayout, "--database-url",
                                                     try fixture.database.conninfo(user: a.adminLogin), "--format", "json"])
        #expect(own.status == 0, "\(own.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(own.stdout.utf8)) as? [String: Any])
        #expect((object["items"] as? [Any])?.count == 5)
    }

    @Test("taco-admin payouts list: reporting sees every vendor; a vendor login gets 77")
    func adminList() throws {
        let fixture = try PayoutsFixture.make(vendorCount: 2)
        let stripe = try PayoutsFakeStripe()
        #expect(try fixture.run([], stripe: stripe).status == 0)
        let reporting = try fixture.database.createLogin(group: "taco_reporting", prefix: "payrep")
        let list = try ToolRunner.run("taco-admin", ["payouts", "list", "--database-url", try fixture.database.conninfo(user: reporting),
                                                     "--status", "paid", "--period", "week", "--ending", PayoutsFixture.weekEnding, "--format", "json"])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(json(list.stdout).count == 2)
        let vendorTry = try ToolRunner.run("taco-admin", ["payouts", "list", "--database-url",
                                                          try fixture.database.conninfo(user: fixture.vendors[0].adminLogin)])
        #expect(vendorTry.status == 77)
    }
}

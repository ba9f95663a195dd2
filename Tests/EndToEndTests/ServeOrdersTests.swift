import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TacoIntegrations
import TacoKit
import TacoTestSupport
import Testing

/// The employee order API, the Stripe webhook route and the background loops of `taco-jobs serve`, driven over
/// HTTP on loopback against a real database, with tokens from a key the test generates (JWTTestIssuer).
@Suite("taco-jobs serve: orders, webhook, background", .serialized)
struct ServeOrdersTests {
    static let issuerURL = "https://example.okta.test/oauth2/default"
    static let audience = "api://tacotracker-test"
    static let webhookSecret = "whsec_test_\(UUID().uuidString)"

    struct Reply {
        let status: Int
        let body: Data
        let headers: [AnyHashable: Any]
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }
        var errors: [String] {
            (json["errors"] as? [[String: Any]] ?? []).map { "\($0["path"] ?? ""): \($0["message"] ?? "")" }
        }
    }

    final class Server {
        let tool: StreamingTool
        let base: String
        init(database: TestDatabase, login: String, jwks: URL?, extra: [String] = [], environment: [String: String] = [:]) throws {
            var arguments = ["serve", "--listen", "127.0.0.1:0", "--max-body", "64KB",
                             "--database-url", try database.conninfo(user: login)]
            if let jwks {
                arguments += ["--jwt-issuer", ServeOrdersTests.issuerURL, "--jwt-audience", ServeOrdersTests.audience,
                              "--jwks", jwks.path]
            }
            tool = try StreamingTool("taco-jobs", arguments + extra,
                                     environment: ["TACO_STRIPE_WEBHOOK_SECRET": ServeOrdersTests.webhookSecret].merging(environment) { $1 })
            var port: String?
            tool.waitFor(timeout: 30) { _, stderr in
                for line in stderr where line.contains("\"listening\"") {
                    if let range = line.range(of: #":(\d+)""#, options: .regularExpression) {
                        port = String(line[range].dropFirst().dropLast())
                        return true
                    }
                }
                return false
            }
            guard let port else { throw ToolError(.failure, "serve did not start: \(tool.stderrLines)") }
            base = "http://127.0.0.1:\(port)"
        }
    }

    static func request(_ server: Server, _ method: String, _ path: String, token: String? = nil, body: Data? = nil,
                        headers: [String: String] = [:]) async throws -> Reply {
        var request = URLRequest(url: try #require(URL(string: server.base + path)))
        request.httpMethod = method
        request.timeoutInterval = 15
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        return Reply(status: http?.statusCode ?? -1, body: data, headers: http?.allHeaderFields ?? [:])
    }

    static func json(_ object: Any) throws -> Data { try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) }

    /// The order fixture, its owner's connection, a token issuer with its JWKS file (the caller removes it) and the
    /// fixture employee's e-mail (the identity claim of their tokens).
    static func signedIn() throws -> (OrderFixture, PostgresConnection, JWTTestIssuer, URL, String) {
        let fixture = try OrderFixture.make()
        let owner = try fixture.database.connect()
        let issuer = try JWTTestIssuer()
        let jwks = try writeJWKS(issuer)
        let email: String = try owner.scalar("SELECT email FROM users WHERE id = $1", [fixture.tenants.userID])
        return (fixture, owner, issuer, jwks, email)
    }

    static func writeJWKS(_ issuer: JWTTestIssuer) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("jwks-\(UUID().uuidString).json")
        try issuer.jwks().write(to: url)
        return url
    }

    static func token(_ issuer: JWTTestIssuer, email: String, lifetime: TimeInterval = 3600, change: [String: Any] = [:]) throws -> String {
        var claims = JWTTestIssuer.claims(issuer: issuerURL, audience: audience, email: email, lifetime: lifetime)
        for (name, value) in change { claims[name] = value }
        return try issuer.token(claims)
    }

    /// A second active employee on the fixture's campus.
    static func addEmployee(_ owner: PostgresConnection, campus: UUID, active: Bool = true) throws -> (UUID, String) {
        let tag = UUID().uuidString.prefix(8).lowercased()
        let email = "emp-\(tag)@example.com"
        let id: UUID = try owner.scalar("""
            INSERT INTO users (worker_id, employee_id, email, given_name, family_name, campus_id, active, hr_status, deactivated_at)
            VALUES ($1, $2, $3, 'Other', 'Employee', $4, $5, CASE WHEN $5 THEN 'active' ELSE 'leave' END,
                    CASE WHEN $5 THEN NULL ELSE now() END) RETURNING id
            """, ["W-\(tag)", "E-\(tag)", email, campus, active])
        return (id, email)
    }

    func orderBody(_ f: OrderFixture, tip: Int = 0, quantity: Int = 2) -> [String: Any] {
        ["vendor_id": f.a.vendorID.uuidString, "truck_id": f.a.truckID.uuidString, "campus_id": f.tenants.campusID.uuidString,
         "items": [["item_id": f.pastor.uuidString, "quantity": quantity, "options": [f.corn.uuidString, f.verde.uuidString]]],
         "tip_cents": tip]
    }

    @Test func tokensAreCheckedAndEveryFailureIsABare401() async throws {
        let (f, owner, issuer, jwks, email) = try Self.signedIn()
        defer { try? FileManager.default.removeItem(at: jwks) }
        let (_, inactiveEmail) = try Self.addEmployee(owner, campus: f.tenants.campusID, active: false)
        let server = try Server(database: f.database, login: f.jobsLogin, jwks: jwks, extra: ["--no-background"])

        let good = try Self.token(issuer, email: email)
        let me = try await Self.request(server, "GET", "/api/v1/users/me", token: good)
        #expect(me.status == 200, "\(me.text)")
        #expect(me.json["email"] as? String == email)
        #expect(me.json["id"] as? String == f.tenants.userID.uuidString.lowercased())
        // The e-mail claim matches case-insensitively.
        #expect(try await Self.request(server, "GET", "/api/v1/users/me", token: try Self.token(issuer, email: email.uppercased())).status == 200)

        let stranger = try JWTTestIssuer(kid: issuer.kid)      // same kid, another key: a forged signature
        let now = Int(Date().timeIntervalSince1970)
        var claims = JWTTestIssuer.claims(issuer: Self.issuerURL, audience: Self.audience, email: email)
        let cases: [(String, String?)] = [
            ("no token", nil),
            ("garbage", "not.a.jwt"),
            ("expired", try Self.token(issuer, email: email, change: ["exp": now - 600, "iat": now - 4200, "nbf": now - 4200])),
            ("not yet valid", try Self.token(issuer, email: email, change: ["nbf": now + 3600])),
            ("wrong issuer", try Self.token(issuer, email: email, change: ["iss": "https://evil.example/oauth2/default"])),
            ("wrong audience", try Self.token(issuer, email: email, change: ["aud": "api://someone-else"])),
            ("bad signature", try stranger.token(claims)),
            ("alg none", try JWTTestIssuer.forged(claims, alg: "none")),
            ("HS256 with the public key as secret", try JWTTestIssuer.forged(claims, alg: "HS256", secret: try issuer.jwks())),
            ("unknown kid", try issuer.token(claims, header: ["kid": "rotated-away"])),
            ("no exp", try issuer.token(claims.filter { $0.key != "exp" })),
            ("unknown employee", try Self.token(issuer, email: "nobody-\(UUID().uuidString.prefix(6))@example.com")),
            ("inactive employee", try Self.token(issuer, email: inactiveEmail)),
        ]
        claims["email"] = nil
        for (what, token) in cases + [("no email claim", try issuer.token(claims))] {
            for path in ["/api/v1/users/me", "/api/v1/vendors", "/api/v1/orders/\(UUID())"] {
                let reply = try await Self.request(server, "GET", path, token: token)
                #expect(reply.status == 401, "\(what) \(path): \(reply.status) \(reply.text)")
                #expect((reply.headers["Www-Authenticate"] ?? reply.headers["WWW-Authenticate"]) as? String == "Bearer", "\(what)")
                for leak in ["expired", "issuer", "audience", "signature", "alg", "kid", "employee", "email"] {
                    #expect(!reply.text.lowercased().contains(leak), "\(what) leaks \(leak): \(reply.text)")
                }
            }
        }
        let post = try await Self.request(server, "POST", "/api/v1/orders", token: try JWTTestIssuer.forged(claims, alg: "none"),
                                          body: try Self.json(orderBody(f)), headers: ["Idempotency-Key": "k-forged"])
        #expect(post.status == 401)
        let orders: Int = try owner.scalar("SELECT count(*)::int FROM orders WHERE idempotency_key = 'k-forged'")
        #expect(orders == 0)
        // The reason is logged, never sent.
        #expect(server.tool.stderrLines.contains { $0.contains("token refused") && $0.contains("expired") })

        server.tool.signal(SIGTERM)
        #expect(server.tool.exitStatus(timeout: 20) == 0)
    }

    @Test func ordersAreIdempotentValidatedAndPrivateToTheirEmployee() async throws {
        let (f, owner, issuer, jwks, email) = try Self.signedIn()
        defer { try? FileManager.default.removeItem(at: jwks) }
        let (otherID, otherEmail) = try Self.addEmployee(owner, campus: f.tenants.campusID)
        let server = try Server(database: f.database, login: f.jobsLogin, jwks: jwks, extra: ["--no-background"])
        let me = try Self.token(issuer, email: email)
        let other = try Self.token(issuer, email: otherEmail)
        func count() throws -> Int { try owner.scalar("SELECT count(*)::int FROM orders") }
        let before = try count()

        // Catalogue.
        let vendors = try await Self.request(server, "GET", "/api/v1/vendors", token: me)
        #expect(vendors.status == 200, "\(vendors.text)")
        let listed = vendors.json["vendors"] as? [[String: Any]] ?? []
        #expect(listed.contains { $0["id"] as? String == f.a.vendorID.uuidString.lowercased() })
        let menu = try await Self.request(server, "GET", "/api/v1/vendors/\(f.a.vendorID)/menu", token: me)
        #expect(menu.status == 200)
        #expect(menu.text.contains("TACO-PASTOR") && menu.text.contains("Tortilla") && !menu.text.contains("SWITCHED-OFF"))
        #expect(try await Self.request(server, "GET", "/api/v1/vendors/\(UUID())/menu", token: me).status == 404)
        #expect(try await Self.request(server, "GET", "/api/v1/vendors/nope/menu", token: me).status == 404)

        // Bad input: nothing is written.
        let body = try Self.json(orderBody(f))
        let noKey = try await Self.request(server, "POST", "/api/v1/orders", token: me, body: body)
        #expect(noKey.status == 422)
        #expect(noKey.errors.first?.hasPrefix("Idempotency-Key:") == true, "\(noKey.text)")
        let malformed = try await Self.request(server, "POST", "/api/v1/orders", token: me, body: Data("{\"items\": [".utf8),
                                               headers: ["Idempotency-Key": "k-malformed"])
        #expect(malformed.status == 400)
        let huge = Data(repeating: UInt8(ascii: " "), count: 70 * 1024)
        let oversize = try await Self.request(server, "POST", "/api/v1/orders", token: me, body: huge,
                                              headers: ["Idempotency-Key": "k-huge"])
        #expect(oversize.status == 413)
        let shape = try await Self.request(server, "POST", "/api/v1/orders", token: me, body: try Self.json([
            "vendor_id": "x", "campus_id": f.tenants.campusID.uuidString, "tip": 100, "tip_cents": -5,
            "items": [["item_id": f.pastor.uuidString, "quantity": 0], "burrito", ["quantity": 2.5, "options": ["y"]]],
        ]), headers: ["Idempotency-Key": "k-shape"])
        #expect(shape.status == 422)
        #expect(shape.errors == ["tip: unknown field", "vendor_id: must be a UUID string", "truck_id: is required",
                                 "items[0].quantity: must be a whole number 1 to 99",
                                 "items[1]: must be an object {\"item_id\", \"quantity\", \"options\"}",
                                 "items[2].item_id: is required", "items[2].quantity: must be a whole number 1 to 99",
                                 "items[2].options[0]: must be a UUID string",
                                 "tip_cents: must be a whole number of cents, 0 to 100000"], "\(shape.text)")
        var rules = orderBody(f)
        rules["items"] = [["item_id": f.pastor.uuidString, "options": [f.habanero.uuidString]], ["item_id": f.soldOut.uuidString]]
        let refused = try await Self.request(server, "POST", "/api/v1/orders", token: me, body: try Self.json(rules),
                                             headers: ["Idempotency-Key": "k-rules"])
        #expect(refused.status == 422)
        #expect(refused.errors.contains { $0.hasPrefix("items[0].options[0]:") && $0.contains("not available") }, "\(refused.text)")
        #expect(refused.errors.contains { $0.hasPrefix("items[0].option_groups[0]:") && $0.contains("required") })
        #expect(refused.errors.contains { $0.hasPrefix("items[1].item_id:") && $0.contains("sold out") })
        #expect(try count() == before)

        // Placing, replaying, reusing a key.
        let placed = try await Self.request(server, "POST", "/api/v1/orders", token: me, body: body, headers: ["Idempotency-Key": "k-1"])
        #expect(placed.status == 201, "\(placed.text)")
        let id = try #require(placed.json["id"] as? String)
        #expect(placed.json["status"] as? String == "PENDING")
        #expect(placed.json["subtotal_cents"] as? Int == 900)
        let replay = try await Self.request(server, "POST", "/api/v1/orders", token: me, body: body, headers: ["Idempotency-Key": "k-1"])
        #expect(replay.status == 200)
        #expect(replay.json["id"] as? String == id)
        #expect(replay.json["replayed"] as? Bool == true)
        let reused = try await Self.request(server, "POST", "/api/v1/orders", token: me, body: try Self.json(orderBody(f, tip: 100)),
                                            headers: ["Idempotency-Key": "k-1"])
        #expect(reused.status == 409)
        // The same key is another employee's own key space: a new order for them.
        let theirs = try await Self.request(server, "POST", "/api/v1/orders", token: other, body: body, headers: ["Idempotency-Key": "k-1"])
        #expect(theirs.status == 201)
        let theirID = try #require(theirs.json["id"] as? String)
        #expect(try count() == before + 2)
        let ownerOfTheirs: UUID = try owner.scalar("SELECT user_id FROM orders WHERE id = $1", [theirID])
        #expect(ownerOfTheirs == otherID)

        // Reading: own order only; another employee's looks exactly like a missing one.
        let mine = try await Self.request(server, "GET", "/api/v1/orders/\(id)", token: me)
        #expect(mine.status == 200)
        #expect(mine.json["total_cents"] as? Int == placed.json["total_cents"] as? Int)
        #expect((mine.json["items"] as? [[String: Any]])?.first?["sku"] as? String == "TACO-PASTOR")
        let notMine = try await Self.request(server, "GET", "/api/v1/orders/\(theirID)", token: me)
        let missing = try await Self.request(server, "GET", "/api/v1/orders/\(UUID())", token: me)
        #expect(notMine.status == 404 && missing.status == 404)
        #expect(notMine.text == missing.text)
        #expect(!notMine.text.contains(theirID))

        // Cancelling: not another's; own while PENDING; not once the kitchen started.
        let cancelTheirs = try await Self.request(server, "POST", "/api/v1/orders/\(theirID)/cancel", token: me)
        #expect(cancelTheirs.status == 404)
        #expect(cancelTheirs.text == (try await Self.request(server, "POST", "/api/v1/orders/\(UUID())/cancel", token: me)).text)
        let theirStatus: String = try owner.scalar("SELECT status FROM orders WHERE id = $1", [theirID])
        #expect(theirStatus == "PENDING")
        let cancelled = try await Self.request(server, "POST", "/api/v1/orders/\(id)/cancel", token: me,
                                               body: try Self.json(["reason": "changed my mind"]))
        #expect(cancelled.status == 200, "\(cancelled.text)")
        #expect(cancelled.json["status"] as? String == "CANCELLED")
        #expect(cancelled.json["cancel_reason"] as? String == "changed my mind")
        #expect(try await Self.request(server, "POST", "/api/v1/orders/\(id)/cancel", token: me).status == 200)
        try owner.query("UPDATE orders SET status = 'CONFIRMED' WHERE id = $1", [theirID])
        try owner.query("UPDATE orders SET status = 'PREPARING' WHERE id = $1", [theirID])
        let started = try await Self.request(server, "POST", "/api/v1/orders/\(theirID)/cancel", token: other)
        #expect(started.status == 409)
        #expect(started.text.contains("PREPARING"))
        let badCancel = try await Self.request(server, "POST", "/api/v1/orders/\(theirID)/cancel", token: other, body: Data("{".utf8))
        #expect(badCancel.status == 400)

        server.tool.signal(SIGTERM)
        #expect(server.tool.exitStatus(timeout: 20) == 0)
    }

    @Test func stripeWebhookConfirmsOnceAndRefusesBadSignatures() async throws {
        let f = try OrderFixture.make()
        let owner = try f.database.connect()
        let server = try Server(database: f.database, login: f.jobsLogin, jwks: nil, extra: ["--no-background"])
        let placed = try f.place(f.request([.init(itemID: f.burrito)]))
        let event: [String: Any] = [
            "id": "evt_\(UUID().uuidString.prefix(12))", "type": "payment_intent.succeeded",
            "data": ["object": ["id": "pi_\(UUID().uuidString.prefix(12))", "amount_received": placed.totalCents, "currency": "usd",
                                "metadata": ["order_id": placed.id.uuidString.lowercased()]]],
        ]
        let payload = try Self.json(event)
        func signed(_ payload: Data, secret: String = Self.webhookSecret, at: Date = Date()) -> [String: String] {
            ["Stripe-Signature": StripeWebhookVerifier.signatureHeader(payload: payload, secret: secret,
                                                                       timestamp: Int64(at.timeIntervalSince1970))]
        }
        func status() throws -> String { try owner.scalar("SELECT status FROM orders WHERE id = $1", [placed.id]) }

        for (what, headers) in [("no signature", [:]), ("wrong secret", signed(payload, secret: "whsec_wrong")),
                                ("stale", signed(payload, at: Date().addingTimeInterval(-3600))),
                                ("malformed header", ["Stripe-Signature": "t=abc,v1=zz"])] {
            let reply = try await Self.request(server, "POST", "/webhooks/stripe", body: payload, headers: headers)
            #expect(reply.status == 400, "\(what)")
        }
        // A signature over other bytes than those sent.
        let tampered = try await Self.request(server, "POST", "/webhooks/stripe", body: payload + Data(" ".utf8), headers: signed(payload))
        #expect(tampered.status == 400)
        #expect(try status() == "PENDING")
        let markers: Int = try owner.scalar("SELECT count(*)::int FROM processed_webhook_events")
        #expect(markers == 0)

        let first = try await Self.request(server, "POST", "/webhooks/stripe", body: payload, headers: signed(payload))
        #expect(first.status == 200, "\(first.text)")
        #expect(first.json["result"] as? String == "confirmed")
        #expect(try status() == "CONFIRMED")
        let replay = try await Self.request(server, "POST", "/webhooks/stripe", body: payload, headers: signed(payload))
        #expect(replay.status == 200)
        #expect(replay.json["result"] as? String == "replayed")
        let payments: Int = try owner.scalar("SELECT count(*)::int FROM payments WHERE order_id = $1", [placed.id])
        let events: Int = try owner.scalar("SELECT count(*)::int FROM order_events WHERE order_id = $1 AND to_status = 'CONFIRMED'", [placed.id])
        #expect(payments == 1 && events == 1)
        let malformed = try await Self.request(server, "POST", "/webhooks/stripe", body: Data("{".utf8), headers: signed(Data("{".utf8)))
        #expect(malformed.status == 400)

        server.tool.signal(SIGTERM)
        #expect(server.tool.exitStatus(timeout: 20) == 0)
    }

    @Test func databaseDownAnswers503AndRecovers() async throws {
        let (f, _, issuer, jwks, email) = try Self.signedIn()
        defer { try? FileManager.default.removeItem(at: jwks) }
        let server = try Server(database: f.database, login: f.jobsLogin, jwks: jwks, extra: ["--no-background", "--pool-size", "2"])
        let token = try Self.token(issuer, email: email)
        #expect(try await Self.request(server, "GET", "/api/v1/users/me", token: token).status == 200)
        let admin = try f.database.superuser()
        try admin.query("ALTER ROLE \(f.jobsLogin) NOLOGIN")
        try admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1", [f.jobsLogin])
        let started = Date()
        let down = try await Self.request(server, "POST", "/api/v1/orders", token: token, body: try Self.json(orderBody(f)),
                                          headers: ["Idempotency-Key": "k-down"])
        #expect(down.status == 503)
        #expect(try await Self.request(server, "GET", "/api/v1/users/me", token: token).status == 503)
        #expect(try await Self.request(server, "POST", "/webhooks/stripe", body: Data("{}".utf8),
                                       headers: ["Stripe-Signature": StripeWebhookVerifier.signatureHeader(
                                           payload: Data("{\"id\":\"evt_x\",\"type\":\"ping\"}".utf8), secret: Self.webhookSecret,
                                           timestamp: Int64(Date().timeIntervalSince1970))]).status == 400)
        // Bounded, not a benchmark: failing fast means well under the 15 s client timeout.
        #expect(Date().timeIntervalSince(started) < 10)
        try admin.query("ALTER ROLE \(f.jobsLogin) LOGIN")
        let placed = try await Self.request(server, "POST", "/api/v1/orders", token: token, body: try Self.json(orderBody(f)),
                                            headers: ["Idempotency-Key": "k-down"])
        #expect(placed.status == 201, "\(placed.text)")
        server.tool.signal(SIGTERM)
        #expect(server.tool.exitStatus(timeout: 20) == 0)
    }

    @Test func backgroundLoopsExpireUnpaidOrdersAndDeliverTheOutboxOnceAcrossInstances() async throws {
        let f = try OrderFixture.make()
        let owner = try f.database.connect()
        let fake = try OutboxFakeProvider()
        let stale = try f.place(f.request([.init(itemID: f.burrito)]))
        let fresh = try f.place(f.request([.init(itemID: f.burrito)]))
        try owner.query("UPDATE orders SET placed_at = now() - interval '1 hour' WHERE id = $1", [stale.id])
        for n in 0..<20 {
            try owner.query("INSERT INTO outbox (kind, payload, dedupe_key) VALUES ('push', $1::jsonb, $2)",
                            ["{\"n\": \(n)}", "push:serve:\(n)"])
        }
        let environment = ["TACO_PUSH_URL": fake.baseURL + "/push", "STRIPE_API_KEY": ""]
        let extra = ["--outbox-interval", "1s", "--expire-pending-after", "15m"]
        let one = try Server(database: f.database, login: f.jobsLogin, jwks: nil, extra: extra, environment: environment)
        let two = try Server(database: f.database, login: f.jobsLogin, jwks: nil, extra: extra, environment: environment)
        let deadline = Date().addingTimeInterval(30)
        var done = 0
        var staleStatus = ""
        while Date() < deadline {
            done = try owner.scalar("SELECT count(*)::int FROM outbox WHERE dedupe_key LIKE 'push:serve:%' AND status = 'done'")
            staleStatus = try owner.scalar("SELECT status FROM orders WHERE id = $1", [stale.id])
            if done == 20 && staleStatus == "CANCELLED" { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(done == 20)
        #expect(staleStatus == "CANCELLED")
        let freshStatus: String = try owner.scalar("SELECT status FROM orders WHERE id = $1", [fresh.id])
        #expect(freshStatus == "PENDING")
        let reason: String? = try owner.scalar("SELECT cancel_reason FROM orders WHERE id = $1", [stale.id])
        #expect(reason == "payment not received")
        // Two dispatchers, each job delivered exactly once.
        let keys = try fake.calls().compactMap { $0["idempotency_key"] as? String }
        #expect(keys.count == 20, "\(keys)")
        #expect(Set(keys).count == 20)
        for server in [one, two] {
            server.tool.signal(SIGTERM)
            #expect(server.tool.exitStatus(timeout: 30) == 0)
            #expect(server.tool.stderrLines.contains { $0.contains("\"stopped\"") })
        }
    }

    @Test func refusesIncompleteAuthOptionsAndBadKeys() throws {
        let db = try TestDatabase.make()
        let login = try db.createLogin(group: "taco_jobs", prefix: "serve")
        let url = try db.conninfo(user: login)
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("jwks-empty-\(UUID().uuidString).json")
        try Data("{\"keys\": []}".utf8).write(to: empty)
        defer { try? FileManager.default.removeItem(at: empty) }
        for (arguments, status) in [(["--jwt-issuer", "https://x"], Int32(64)),
                                    (["--jwt-issuer", "https://x", "--jwt-audience", "a"], 64),
                                    (["--jwt-issuer", "https://x", "--jwt-audience", "a", "--jwks", "/x", "--jwks-url", "https://x/keys"], 64),
                                    (["--jwt-issuer", "https://x", "--jwt-audience", "a", "--jwks-url", "ftp://x/keys"], 64),
                                    (["--jwt-issuer", "https://x", "--jwt-audience", "a", "--jwks", "/nonexistent/jwks.json"], 66),
                                    (["--jwt-issuer", "https://x", "--jwt-audience", "a", "--jwks", empty.path], 66),
                                    (["--stripe-webhook-secret-file", "/nonexistent/secret"], 66)] {
            let run = try ToolRunner.run("taco-jobs", ["serve", "--listen", "127.0.0.1:0", "--database-url", url] + arguments)
            #expect(run.status == status, "\(arguments): \(run.stderr)")
        }
    }
}

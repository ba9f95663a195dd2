import Foundation
import TacoIntegrations
import TacoKit
import Testing

@Suite("serve orders: JWT verification")
struct ServeOrdersJWTTests {
    static let iss = "https://example.okta.test/oauth2/default"
    static let aud = "api://tacotracker"
    let issuer: JWTTestIssuer
    let keys: JWKSet
    let verifier = JWTVerifier(issuer: ServeOrdersJWTTests.iss, audience: ServeOrdersJWTTests.aud, leeway: 60)

    init() throws {
        issuer = try JWTTestIssuer(kid: "k1")
        keys = try JWKSet(json: try issuer.jwks())
    }

    func claims(_ change: [String: Any] = [:]) -> [String: Any] {
        var claims = JWTTestIssuer.claims(issuer: Self.iss, audience: Self.aud, email: "ana@example.com")
        for (name, value) in change { claims[name] = value }
        return claims
    }

    func check(_ token: String, now: Date = Date()) throws(JWTError) -> VerifiedJWT {
        try verifier.verify(try verifier.parse(token), keys: keys, now: now)
    }

    @Test func acceptsAValidToken() throws {
        let verified = try check(try issuer.token(claims()))
        #expect(verified.identity == "ana@example.com")
        // aud may be a list; a token within the leeway after exp still passes.
        #expect(try check(try issuer.token(claims(["aud": ["other", Self.aud]]))).identity == "ana@example.com")
        let now = Int(Date().timeIntervalSince1970)
        #expect(throws: Never.self) { try check(try issuer.token(claims(["exp": now - 30]))) }
    }

    @Test func refusesEveryBadToken() throws {
        let now = Int(Date().timeIntervalSince1970)
        let other = try JWTTestIssuer(kid: "k1")
        let cases: [(String, JWTError)] = [
            (try issuer.token(claims(["exp": now - 120])), .expired),
            (try issuer.token(claims(["nbf": now + 600])), .notYetValid),
            (try issuer.token(claims(["iss": "https://evil.example"])), .wrongIssuer),
            (try issuer.token(claims(["aud": "api://other"])), .wrongAudience),
            (try issuer.token(claims(["aud": ["a", "b"]])), .wrongAudience),
            (try other.token(claims()), .badSignature),
            (try issuer.token(claims(), header: ["kid": "k2"]), .unknownKey("k2")),
            (try JWTTestIssuer.forged(claims(), alg: "none"), .unsupportedAlgorithm("none")),
            (try JWTTestIssuer.forged(claims(), alg: "HS256", secret: try issuer.jwks()), .unsupportedAlgorithm("HS256")),
            (try issuer.token(claims(), header: ["alg": "RS512"]), .unsupportedAlgorithm("RS512")),
            (try issuer.token(claims().filter { $0.key != "email" }), .missingClaim("email")),
            (try issuer.token(claims().filter { $0.key != "exp" }), .malformed("no exp")),
        ]
        for (token, expected) in cases {
            #expect(throws: expected) { try check(token) }
        }
        // Tampering with the payload breaks the signature.
        let parts = try issuer.token(claims()).split(separator: ".").map(String.init)
        let forgedPayload = Base64URL.encode(try JSONSerialization.data(withJSONObject: claims(["email": "boss@example.com"])))
        #expect(throws: JWTError.badSignature) { try check([parts[0], forgedPayload, parts[2]].joined(separator: ".")) }
        for garbage in ["", "a.b", "a.b.c.d", "!!.??.**", "e30.e30."] {
            #expect(throws: (any Error).self) { try check(garbage) }
        }
    }

    @Test func jwksRefusesDocumentsWithoutAnRSAKey() throws {
        for text in ["{}", "[]", "{\"keys\": []}", "{\"keys\": [{\"kty\": \"EC\", \"kid\": \"e\"}]}",
                     "{\"keys\": [{\"kty\": \"RSA\", \"kid\": \"x\", \"n\": \"!!\", \"e\": \"AQAB\"}]}"] {
            #expect(throws: (any Error).self) { try JWKSet(json: Data(text.utf8)) }
        }
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        var count: Int { lock.withLock { value } }
        func bump() { lock.withLock { value += 1 } }
    }

    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var value = Date()
        var now: Date { lock.withLock { value } }
        func advance(_ seconds: TimeInterval) { lock.withLock { value += seconds } }
    }

    @Test func unknownKidRefreshesAtMostOncePerMinute() async throws {
        let rotated = try JWTTestIssuer(kid: "k2")
        let loads = Counter()
        let clock = Clock()
        let first = try issuer.jwks()
        let second = try rotated.jwks()
        let cache = JWKSCache(minimumRefreshInterval: 60, now: { clock.now }) {
            loads.bump()
            return loads.count == 1 ? first : second
        }
        try await cache.refresh()
        #expect(loads.count == 1)
        #expect(await !cache.keys(for: "k1").keys.isEmpty)
        // Unknown kid right after a load: no reload (a flood of bogus kids cannot hammer Okta).
        for _ in 0..<5 { _ = await cache.keys(for: "bogus") }
        #expect(loads.count == 1)
        clock.advance(61)
        let keys = await cache.keys(for: "k2")
        #expect(loads.count == 2)
        let token = try rotated.token(claims())
        #expect(try verifier.verify(try verifier.parse(token), keys: keys).identity == "ana@example.com")
        _ = await cache.keys(for: "k3")
        #expect(loads.count == 2)
    }
}

@Suite("serve orders: request body")
struct ServeOrdersRequestBodyTests {
    let vendor = UUID(), truck = UUID(), campus = UUID(), item = UUID(), option = UUID()

    func parse(_ object: Any) throws -> OrderRequestBody {
        try OrderRequestBody(json: try JSONSerialization.data(withJSONObject: object))
    }

    @Test func aValidBodyBecomesADraft() throws {
        let body = try parse(["vendor_id": vendor.uuidString, "truck_id": truck.uuidString, "campus_id": campus.uuidString,
                              "items": [["item_id": item.uuidString, "quantity": 3, "options": [option.uuidString]],
                                        ["item_id": item.uuidString]],
                              "tip_cents": 150, "special_requests": "extra napkins"])
        #expect(body.issues.isEmpty)
        let draft = try #require(body.draft)
        #expect(draft.lines == [.init(itemID: item, quantity: 3, optionIDs: [option]), .init(itemID: item, quantity: 1)])
        let request = draft.request(userID: UUID(), idempotencyKey: "k")
        #expect(request.tipCents == 150 && request.specialRequests == "extra napkins" && request.idempotencyKey == "k")
    }

    @Test func everyProblemIsListedWithItsPath() throws {
        let body = try parse(["vendor_id": 7, "campus_id": campus.uuidString, "truck_id": truck.uuidString,
                              "items": [["item_id": item.uuidString, "quantity": true, "extra": 1]],
                              "tip_cents": 1.5, "special_requests": String(repeating: "x", count: 501)])
        #expect(body.draft == nil)
        #expect(body.issues.map { "\($0.location): \($0.message)" } == [
            "vendor_id: must be a UUID string",
            "items[0].extra: unknown field",
            "items[0].quantity: must be a whole number 1 to 99",
            "tip_cents: must be a whole number of cents, 0 to 100000",
            "special_requests: at most 500 characters, got 501",
        ])
        #expect(try parse([1, 2]).issues.map(\.location) == [""])
        #expect(try parse(["items": []]).issues.contains { $0.location == "items" && $0.message.contains("at least one") })
        #expect(throws: (any Error).self) { try OrderRequestBody(json: Data("{\"items\": [".utf8)) }
    }
}

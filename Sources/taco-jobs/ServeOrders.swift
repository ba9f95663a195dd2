import Foundation
import HTTPTypes
import Hummingbird
import Logging
import TacoIntegrations
import TacoKit

/// The employee order API (`/api/v1/vendors`, `/api/v1/orders`, `/api/v1/users/me`) and the Stripe webhook, on
/// the location service's router, pool and logging. All SQL lives in `EmployeeOrderStore` and `OrderStore`.
struct OrderAPI: Sendable {
    let service: LocationService
    let auth: EmployeeAuth

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/api/v1/users/me") { request, context in
            let profile = try await asEmployee(request, context) { store, employee in try store.profile(employee.id) }
            return Self.jsonText(profile)
        }
        router.get("/api/v1/vendors") { request, context in
            let campus = request.uri.queryParameters["campus"].map(String.init)
            let vendors = try await asEmployee(request, context) { store, _ in try store.vendors(campus: campus) }
            return Self.jsonText("{\"vendors\":\(vendors)}")
        }
        router.get("/api/v1/vendors/:id/menu") { request, context in
            let id = context.parameters.get("id").flatMap(UUID.init(uuidString:))
            let menu = try await asEmployee(request, context) { store, _ in try id.flatMap { try store.menu(vendor: $0) } }
            guard let menu else { throw HTTPError(.notFound, message: "vendor not found") }
            return Self.jsonText(menu)
        }
        router.post("/api/v1/orders") { request, context in try await place(request, context) }
        router.get("/api/v1/orders/:id") { request, context in
            let id = context.parameters.get("id").flatMap(UUID.init(uuidString:))
            let order = try await asEmployee(request, context) { store, employee in
                try id.flatMap { try store.order($0, employee: employee.id) }
            }
            guard let order else { throw Self.orderNotFound }
            return Self.jsonText(order)
        }
        router.post("/api/v1/orders/:id/cancel") { request, context in try await cancel(request, context) }
    }

    /// Another employee's order and a missing one get this same answer.
    static let orderNotFound = HTTPError(.notFound, message: "order not found")

    /// Verifies the token, then runs `body` on one pooled connection with the employee it names (401 when the token
    /// is invalid or names no active employee).
    func asEmployee<T: Sendable>(_ request: Request, _ context: BasicRequestContext,
                                 _ body: @escaping @Sendable (EmployeeOrderStore, Employee) throws -> T) async throws -> T {
        try await asEmployee(try await auth.verify(request, context), context, body)
    }

    /// As above, for a token already verified (routes that check it before reading the body).
    func asEmployee<T: Sendable>(_ token: VerifiedJWT, _ context: BasicRequestContext,
                                 _ body: @escaping @Sendable (EmployeeOrderStore, Employee) throws -> T) async throws -> T {
        let claim = auth.verifier.identityClaim
        do {
            return try await service.database { db in
                let store = EmployeeOrderStore(db)
                guard let employee = try store.employee(identity: token.identity, claim: claim) else { throw NotAnEmployee() }
                return try body(store, employee)
            }
        } catch is NotAnEmployee {
            service.logger.info("token refused", metadata: ["request_id": "\(context.id)", "reason": "no active employee for the token"])
            throw LocationService.unauthorized
        }
    }

    // MARK: placing

    struct PlacedBody: Encodable {
        let id: String
        let status: String
        let replayed: Bool
        let subtotal_cents: Int64
        let tax_cents: Int64
        let tip_cents: Int64
        let subsidy_cents: Int64
        let total_cents: Int64
        let placed_at: Date
        let promised_at: Date?
    }

    func place(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        // Authenticate before reading the body: an anonymous client learns nothing, not even about its JSON.
        let token = try await auth.verify(request, context)
        var request = request
        let body = try await request.collectBody(upTo: service.maxBody)
        let key = HTTPField.Name("Idempotency-Key").flatMap { request.headers[$0] }?.trimmingCharacters(in: .whitespaces) ?? ""
        let parsed: OrderRequestBody
        do {
            parsed = try OrderRequestBody(json: Data(body.readableBytesView))
        } catch {
            throw HTTPError(.badRequest, message: "malformed JSON: the body must be one JSON object")
        }
        var issues = parsed.issues
        if key.isEmpty {
            issues.insert(.init("Idempotency-Key", "the header is required (a fresh key per order; a retry sends the same key)"), at: 0)
        } else if key.count > OrderRequest.maxIdempotencyKeyLength {
            issues.insert(.init("Idempotency-Key", "at most \(OrderRequest.maxIdempotencyKeyLength) characters"), at: 0)
        }
        guard issues.isEmpty, let draft = parsed.draft else { return try Self.unprocessable(issues) }
        do {
            let placed = try await asEmployee(token, context) { store, employee in
                try store.place(draft.request(userID: employee.id, idempotencyKey: key))
            }
            return try LocationService.json(PlacedBody(
                id: placed.id.lowercasedText, status: placed.status.rawValue, replayed: placed.replayed,
                subtotal_cents: placed.subtotalCents, tax_cents: placed.taxCents, tip_cents: placed.tipCents,
                subsidy_cents: placed.subsidyCents, total_cents: placed.totalCents, placed_at: placed.placedAt,
                promised_at: placed.promisedAt), status: placed.replayed ? .ok : .created)
        } catch let error as ValidationErrors {
            return try Self.unprocessable(error.issues)
        } catch let error as IdempotencyConflict {
            throw HTTPError(.conflict, message: "Idempotency-Key was already used for a different order (\(error.existingOrderID.lowercasedText)); a new order needs a new key")
        } catch let error as ToolError where error.status == .temporaryFailure {
            throw HTTPError(.conflict, message: "an order with this Idempotency-Key is being placed right now; retry with the same key")
        } catch let error as PostgresError where error.isTransient {
            throw HTTPError(.serviceUnavailable, message: "busy; retry with the same Idempotency-Key")
        }
    }

    struct Issue: Encodable {
        let path: String
        let message: String
    }

    static func unprocessable(_ issues: [ValidationErrors.Issue]) throws -> Response {
        try LocationService.json(["errors": issues.map { Issue(path: $0.location, message: $0.message) }],
                                 status: .unprocessableContent)
    }

    // MARK: cancelling

    struct CancelBody: Decodable {
        let reason: String?
    }

    func cancel(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let token = try await auth.verify(request, context)
        var request = request
        let body = try await request.collectBody(upTo: service.maxBody)
        var reason = "cancelled by the customer"
        if body.readableBytes > 0 {
            let decoded: CancelBody
            do {
                decoded = try JSONDecoder().decode(CancelBody.self, from: Data(body.readableBytesView))
            } catch {
                throw HTTPError(.badRequest, message: "malformed JSON: expected {\"reason\": \"…\"} or no body")
            }
            if let given = decoded.reason?.trimmingCharacters(in: .whitespacesAndNewlines), !given.isEmpty {
                guard given.count <= 500 else { return try Self.unprocessable([.init("reason", "at most 500 characters")]) }
                reason = given
            }
        }
        let id = context.parameters.get("id").flatMap(UUID.init(uuidString:))
        let finalReason = reason
        let (outcome, document) = try await asEmployee(token, context) { store, employee -> (EmployeeCancelOutcome, String?) in
            guard let id else { return (.notFound, nil) }
            let outcome = try store.cancel(id, employee: employee.id, reason: finalReason)
            return (outcome, try store.order(id, employee: employee.id))
        }
        switch outcome {
        case .notFound:
            throw Self.orderNotFound
        case .refused(let status):
            throw HTTPError(.conflict, message: "the order is \(status): only PENDING or CONFIRMED orders can be cancelled")
        case .cancelled:
            guard let document else { throw Self.orderNotFound }
            return Self.jsonText(document)
        }
    }

    static func jsonText(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// `POST /webhooks/stripe`: the Stripe-Signature is checked against the exact bytes received (400 when it does
/// not match, is malformed or too old), then the event is applied exactly once; a replay answers 200 and changes
/// nothing, so Stripe stops retrying it.
struct StripeWebhookRoute: Sendable {
    let service: LocationService
    let verifier: StripeWebhookVerifier

    struct Reply: Encodable {
        let received: Bool
        let result: String
    }

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.post("/webhooks/stripe") { request, context in
            var request = request
            let body = try await request.collectBody(upTo: service.maxBody)
            let header = HTTPField.Name("Stripe-Signature").flatMap { request.headers[$0] } ?? ""
            let event: StripeEvent
            do {
                event = try verifier.verify(payload: Data(body.readableBytesView), header: header)
            } catch {
                service.logger.warning("stripe webhook refused", metadata: ["request_id": "\(context.id)", "reason": "\(error)"])
                throw HTTPError(.badRequest, message: "webhook signature verification failed")
            }
            let outcome = try await service.database { try StripeWebhookProcessor.process($0, event) }
            service.logger.info("stripe webhook", metadata: [
                "request_id": "\(context.id)", "event_id": "\(outcome.eventID)", "type": "\(outcome.type)",
                "result": "\(outcome.result.rawValue)", "order_id": "\(outcome.orderID?.lowercasedText ?? "")"])
            return try LocationService.json(Reply(received: true, result: outcome.result.rawValue))
        }
    }
}

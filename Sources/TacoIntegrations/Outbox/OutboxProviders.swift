import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TacoKit

/// A blocking HTTP exchange on URLSession, classified for the outbox: 2xx succeeds; 408, 429, 5xx and transport
/// errors are retryable; any other status is a definite refusal.
final class OutboxHTTP: @unchecked Sendable {
    private let session: URLSession

    init(timeout: TimeInterval) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout * 2
        configuration.urlCache = nil
        session = URLSession(configuration: configuration)
    }

    deinit { session.finishTasksAndInvalidate() }

    private final class Box: @unchecked Sendable {
        var data = Data()
        var status = 0
        var error: (any Error)?
    }

    func send(_ request: URLRequest, what: String) throws(OutboxDeliveryError) -> Data {
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        session.dataTask(with: request) { data, response, error in
            box.data = data ?? Data()
            box.status = (response as? HTTPURLResponse)?.statusCode ?? 0
            box.error = error
            done.signal()
        }.resume()
        done.wait()
        if let error = box.error {
            throw OutboxDeliveryError("\(what): \(error.localizedDescription)", retryable: true)
        }
        switch box.status {
        case 200..<300:
            return box.data
        case 408, 429, 500...599:
            throw OutboxDeliveryError("\(what): HTTP \(box.status) \(Self.snippet(box.data))", retryable: true)
        default:
            throw OutboxDeliveryError("\(what): HTTP \(box.status) \(Self.snippet(box.data))", retryable: false)
        }
    }

    private static func snippet(_ data: Data) -> String {
        String(decoding: data.prefix(300), as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
    }
}

/// Push or e-mail delivery: POSTs the job's payload (JSON) to the endpoint URL with an Idempotency-Key header.
public struct HTTPJSONOutboxProvider: OutboxProvider {
    public let kind: String
    public let endpoint: URL
    private let http: OutboxHTTP

    public init(kind: String, endpoint: URL, timeout: TimeInterval = 10) {
        self.kind = kind
        self.endpoint = endpoint
        http = OutboxHTTP(timeout: timeout)
    }

    public func deliver(_ job: OutboxJob) throws(OutboxDeliveryError) -> OutboxDelivery {
        var request = URLRequest(url: endpoint)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(job.idempotencyKey, forHTTPHeaderField: "Idempotency-Key")
        request.httpBody = Data(job.payloadJSON.utf8)
        _ = try http.send(request, what: "\(kind) \(endpoint.host ?? "")")
        return OutboxDelivery(reference: nil)
    }
}

/// Refunds through Stripe's `POST /v1/refunds` (payment_intent, amount, metadata) with the job's idempotency key;
/// on success records the refunds row in the transaction that marks the job done.
public struct StripeRefundOutboxProvider: OutboxProvider {
    public let kind = "refund"
    public let baseURL: URL
    private let apiKey: String
    private let http: OutboxHTTP

    public init(baseURL: URL, apiKey: String, timeout: TimeInterval = 30) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        http = OutboxHTTP(timeout: timeout)
    }

    public func deliver(_ job: OutboxJob) throws(OutboxDeliveryError) -> OutboxDelivery {
        let payload = job.payload
        guard let intent = payload["payment_intent_id"] as? String, !intent.isEmpty,
              let amount = (payload["amount_cents"] as? NSNumber)?.int64Value, amount > 0,
              let orderText = payload["order_id"] as? String, let orderID = UUID(uuidString: orderText),
              let vendorText = payload["vendor_id"] as? String, let vendorID = UUID(uuidString: vendorText) else {
            throw OutboxDeliveryError("refund job \(job.id): payload lacks payment_intent_id, amount_cents, order_id or vendor_id",
                                      retryable: false)
        }
        let reason = payload["reason"] as? String
        var form: [(String, String)] = [("payment_intent", intent), ("amount", String(amount)),
                                        ("metadata[order_id]", orderText), ("metadata[outbox_id]", String(job.id))]
        if let reason { form.append(("metadata[reason]", String(reason.prefix(500)))) }
        var request = URLRequest(url: baseURL.appendingPathComponent("v1/refunds"))
        request.httpMethod = "POST"
        request.setValue("Bearer \(apiKey)", forHTTPHeaderField: "Authorization")
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.setValue(job.idempotencyKey, forHTTPHeaderField: "Idempotency-Key")
        request.httpBody = Data(Self.formEncode(form).utf8)
        let data = try http.send(request, what: "Stripe refund")
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        guard let refundID = object["id"] as? String else {
            throw OutboxDeliveryError("Stripe refund: answer without a refund id", retryable: true)
        }
        let status: String
        switch object["status"] as? String {
        case "succeeded": status = "succeeded"
        case "failed": status = "failed"
        case "canceled": status = "canceled"
        default: status = "pending"
        }
        return OutboxDelivery(reference: refundID) { tx in
            try tx.query("""
                INSERT INTO refunds (order_id, vendor_id, amount_cents, reason, status, stripe_refund_id)
                VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (stripe_refund_id) DO NOTHING
                """, [orderID, vendorID, amount, reason, status, refundID])
        }
    }

    static func formEncode(_ pairs: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return pairs.map { key, value in
            (key.addingPercentEncoding(withAllowedCharacters: allowed) ?? key) + "="
                + (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)
        }.joined(separator: "&")
    }
}

/// Providers from the environment: `TACO_PUSH_URL`, `TACO_EMAIL_URL` (endpoint URLs), and refunds when
/// `STRIPE_API_KEY` is set (`TACO_STRIPE_BASE_URL`, default https://api.stripe.com). Kinds without one stay pending.
public enum OutboxProviders {
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [any OutboxProvider] {
        var providers: [any OutboxProvider] = []
        for (kind, variable) in [("push", "TACO_PUSH_URL"), ("email", "TACO_EMAIL_URL")] {
            guard let text = environment[variable], !text.isEmpty else { continue }
            guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
                throw ToolError.usage("\(variable)=\(text) is not an http(s) URL")
            }
            providers.append(HTTPJSONOutboxProvider(kind: kind, endpoint: url))
        }
        if let key = environment["STRIPE_API_KEY"]?.trimmingCharacters(in: .whitespacesAndNewlines), !key.isEmpty {
            providers.append(StripeRefundOutboxProvider(baseURL: try StripeConfiguration.baseURL(option: nil, environment: environment),
                                                        apiKey: key))
        }
        return providers
    }
}

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TacoKit

/// Where Stripe is and how to talk to it. The API key never appears in `description`, logs or errors.
public struct StripeConfiguration: Sendable, CustomStringConvertible {
    public static let defaultBaseURL = "https://api.stripe.com"
    public var baseURL: URL
    let apiKey: String
    /// Seconds without an answer before a request counts as timed out.
    public var timeout: TimeInterval
    /// Retries after the first attempt for 429, 5xx and timeouts (same idempotency key each time).
    public var maxRetries: Int
    /// The backoff ceiling doubles from this (seconds) up to `backoffCap`; each sleep is uniform in 0…ceiling.
    public var backoffBase: TimeInterval
    public var backoffCap: TimeInterval

    public init(baseURL: URL, apiKey: String, timeout: TimeInterval = 30, maxRetries: Int = 3,
                backoffBase: TimeInterval = 0.5, backoffCap: TimeInterval = 8) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.timeout = timeout
        self.maxRetries = maxRetries
        self.backoffBase = backoffBase
        self.backoffCap = backoffCap
    }

    public var description: String { "Stripe at \(baseURL.absoluteString) (key ****)" }

    /// The API key from `STRIPE_API_KEY`, or from `keyFile` (first line; the file wins when both are given).
    /// Never from argv: a command line is visible to every user of the machine.
    public static func apiKey(keyFile: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        if let keyFile {
            guard let data = FileManager.default.contents(atPath: keyFile) else {
                throw ToolError(.noInput, "cannot read the Stripe key file \(keyFile)", hint: "check the path and its permissions")
            }
            let key = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first
                .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            guard !key.isEmpty else { throw ToolError.data("the Stripe key file \(keyFile) is empty") }
            return key
        }
        if let key = environment["STRIPE_API_KEY"]?.trimmingCharacters(in: .whitespacesAndNewlines), !key.isEmpty {
            return key
        }
        throw ToolError.usage("no Stripe API key", hint: "set STRIPE_API_KEY or pass --stripe-key-file FILE (never the key itself on the command line)")
    }

    /// The base URL: `--stripe-base-url` > `TACO_STRIPE_BASE_URL` > https://api.stripe.com.
    public static func baseURL(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        let text = option ?? environment["TACO_STRIPE_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultBaseURL
        guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw ToolError.usage("--stripe-base-url \"\(text)\" is not an http(s) URL")
        }
        return url
    }
}

/// A Stripe transfer as far as payouts care.
public struct StripeTransfer: Sendable, Equatable {
    public var id: String
    public var amountCents: Int
    public var currency: String
    public var destination: String?
    public var transferGroup: String?
    public var metadata: [String: String]
    public var reversed: Bool
}

/// What can go wrong talking to Stripe, classified for the payout state machine.
public enum StripeError: Error, Sendable, Equatable {
    /// 401/403: the key is wrong, expired or lacks the permission. Nothing was created.
    case authentication(status: Int, message: String)
    /// A definite refusal (4xx other than 401/403/409/429): nothing was created. `code` is Stripe's error code.
    case declined(status: Int, code: String, message: String)
    /// The outcome is not known: 429/5xx/timeouts/connection failures persisted through every retry.
    case unavailable(String)

    /// The code recorded in payouts.failure_code.
    public var failureCode: String {
        switch self {
        case .authentication: return "authentication_error"
        case .declined(_, let code, _): return code
        case .unavailable: return "unavailable"
        }
    }
}

/// A small, synchronous Stripe client on URLSession: form-encoded POSTs with an Idempotency-Key, bounded retries
/// with exponential backoff and full jitter on 429, 5xx and timeouts.
public final class StripeClient: @unchecked Sendable {
    public let configuration: StripeConfiguration
    private let session: URLSession
    private let log: @Sendable (String) -> Void

    public init(_ configuration: StripeConfiguration, log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.configuration = configuration
        self.log = log
        let sessionConfiguration = URLSessionConfiguration.ephemeral
        sessionConfiguration.timeoutIntervalForRequest = configuration.timeout
        sessionConfiguration.timeoutIntervalForResource = configuration.timeout * 2
        sessionConfiguration.requestCachePolicy = .reloadIgnoringLocalCacheData
        sessionConfiguration.urlCache = nil
        session = URLSession(configuration: sessionConfiguration)
    }

    deinit { session.finishTasksAndInvalidate() }

    /// POST /v1/transfers with the given idempotency key.
    public func createTransfer(amountCents: Int, currency: String, destination: String, transferGroup: String,
                               metadata: [(String, String)], description: String, idempotencyKey: String) throws(StripeError) -> StripeTransfer {
        var form: [(String, String)] = [("amount", String(amountCents)), ("currency", currency.lowercased()),
                                        ("destination", destination), ("transfer_group", transferGroup),
                                        ("description", description)]
        form += metadata.map { ("metadata[\($0.0)]", $0.1) }
        let object = try send(method: "POST", path: "/v1/transfers", query: [], form: form, idempotencyKey: idempotencyKey)
        guard let transfer = Self.transfer(object) else { throw .unavailable("Stripe answered without a transfer object") }
        return transfer
    }

    /// GET /v1/transfers?transfer_group=… (all pages).
    public func transfers(transferGroup: String) throws(StripeError) -> [StripeTransfer] {
        try list(query: [("transfer_group", transferGroup)])
    }

    /// Every transfer, newest first, at most `maxPages` pages of 100.
    public func allTransfers(maxPages: Int = 1_000) throws(StripeError) -> [StripeTransfer] {
        try list(query: [], maxPages: maxPages)
    }

    private func list(query: [(String, String)], maxPages: Int = 100) throws(StripeError) -> [StripeTransfer] {
        var all: [StripeTransfer] = []
        var after: String?
        for _ in 0..<maxPages {
            var parameters = query + [("limit", "100")]
            if let after { parameters.append(("starting_after", after)) }
            let object = try send(method: "GET", path: "/v1/transfers", query: parameters, form: [], idempotencyKey: nil)
            let page = (object["data"] as? [Any] ?? []).compactMap { ($0 as? [String: Any]).flatMap(Self.transfer) }
            all += page
            guard object["has_more"] as? Bool == true, let last = page.last else { break }
            after = last.id
        }
        return all
    }

    static func transfer(_ object: [String: Any]) -> StripeTransfer? {
        guard let id = object["id"] as? String, let amount = (object["amount"] as? NSNumber)?.intValue else { return nil }
        var metadata: [String: String] = [:]
        for (key, value) in object["metadata"] as? [String: Any] ?? [:] { metadata[key] = "\(value)" }
        return StripeTransfer(id: id, amountCents: amount, currency: (object["currency"] as? String ?? "").uppercased(),
                              destination: object["destination"] as? String, transferGroup: object["transfer_group"] as? String,
                              metadata: metadata, reversed: object["reversed"] as? Bool ?? false)
    }

    /// application/x-www-form-urlencoded: everything but unreserved characters percent-encoded.
    static func formEncode(_ pairs: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        func encode(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "" }
        return pairs.map { encode($0.0) + "=" + encode($0.1) }.joined(separator: "&")
    }

    private struct Exchange {
        var status: Int
        var body: Data
        var retryAfter: TimeInterval?
    }

    private final class Box: @unchecked Sendable {
        var result: Result<Exchange, any Error> = .failure(URLError(.unknown))
    }

    private func send(method: String, path: String, query: [(String, String)], form: [(String, String)],
                      idempotencyKey: String?) throws(StripeError) -> [String: Any] {
        var components = URLComponents(url: configuration.baseURL.appendingPathComponent(path), resolvingAgainstBaseURL: false)
        if !query.isEmpty { components?.percentEncodedQuery = Self.formEncode(query) }
        guard let url = components?.url else { throw .unavailable("cannot form a URL for \(path)") }
        var request = URLRequest(url: url, timeoutInterval: configuration.timeout)
        request.httpMethod = method
        request.setValue("Bearer \(configuration.apiKey)", forHTTPHeaderField: "Authorization")
        request.setValue("TacoTracker/\(TacoTracker.version)", forHTTPHeaderField: "User-Agent")
        if let idempotencyKey { request.setValue(idempotencyKey, forHTTPHeaderField: "Idempotency-Key") }
        if method == "POST" {
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(Self.formEncode(form).utf8)
        }
        var lastProblem = ""
        for attempt in 0...max(0, configuration.maxRetries) {
            if attempt > 0 {
                let ceiling = min(configuration.backoffCap, configuration.backoffBase * Double(1 << min(attempt - 1, 20)))
                var pause = Double.random(in: 0...max(ceiling, 0.001))
                if let retryAfter = lastRetryAfter { pause = max(pause, min(retryAfter, 30)) }
                log("\(method) \(path): \(lastProblem); retry \(attempt)/\(configuration.maxRetries) in \(String(format: "%.2f", pause)) s")
                Thread.sleep(forTimeInterval: pause)
            }
            lastRetryAfter = nil
            let exchange: Exchange
            switch perform(request) {
            case .failure(let error):
                lastProblem = (error as? URLError)?.code == .timedOut ? "timed out after \(Int(configuration.timeout)) s"
                    : "connection failed (\((error as? URLError)?.code.rawValue ?? -1))"
                continue
            case .success(let value):
                exchange = value
            }
            let object = (try? JSONSerialization.jsonObject(with: exchange.body)) as? [String: Any] ?? [:]
            let error = object["error"] as? [String: Any]
            let message = error?["message"] as? String ?? "HTTP \(exchange.status)"
            switch exchange.status {
            case 200..<300:
                return object
            case 401, 403:
                throw .authentication(status: exchange.status, message: message)
            case 429, 409, 500...599:
                // 409: the same key is still being processed by Stripe; asking again later is the documented move.
                lastProblem = "HTTP \(exchange.status) (\(message))"
                lastRetryAfter = exchange.retryAfter
                continue
            default:
                let code = (error?["code"] as? String) ?? (error?["type"] as? String) ?? "http_\(exchange.status)"
                throw .declined(status: exchange.status, code: code, message: message)
            }
        }
        throw .unavailable(lastProblem)
    }

    private var lastRetryAfter: TimeInterval?

    private func perform(_ request: URLRequest) -> Result<Exchange, any Error> {
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: request) { data, response, error in
            if let error {
                box.result = .failure(error)
            } else if let http = response as? HTTPURLResponse {
                let retryAfter = (http.value(forHTTPHeaderField: "Retry-After")).flatMap(TimeInterval.init)
                box.result = .success(Exchange(status: http.statusCode, body: data ?? Data(), retryAfter: retryAfter))
            } else {
                box.result = .failure(URLError(.badServerResponse))
            }
            done.signal()
        }
        task.resume()
        done.wait()
        return box.result
    }
}

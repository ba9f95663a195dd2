import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The fake Stripe server (Tests/Fixtures/fake_stripe.py) on 127.0.0.1, one per test; it stops when this object
/// goes away (its stdin closes).
public final class PayoutsFakeStripe: @unchecked Sendable {
    public let key: String
    public let baseURL: String
    private let server: FixtureServer

    public init(key: String = "sk_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16)) throws {
        self.key = key
        server = try FixtureServer(script: "fake_stripe.py", arguments: ["--key", key])
        baseURL = server.baseURL
    }

    /// Queues faults (see the script's header), e.g. `[["method": "POST", "status": 500, "times": 2]]`.
    public func addFaults(_ faults: [[String: Any]]) throws {
        _ = try request("POST", "/__faults", body: try JSONSerialization.data(withJSONObject: faults))
    }

    /// Every request the server received, oldest first.
    public func calls() throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: try request("GET", "/__calls")) as? [[String: Any]] ?? []
    }

    /// Every transfer the server created.
    public func transfers() throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: try request("GET", "/__transfers")) as? [[String: Any]] ?? []
    }

    /// Transfers per transfer_group.
    public func transferCounts() throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for transfer in try transfers() { counts[transfer["transfer_group"] as? String ?? "", default: 0] += 1 }
        return counts
    }

    /// The environment a taco-jobs run needs to reach this server quickly.
    public func environment(key: String? = nil) -> [String: String] {
        ["STRIPE_API_KEY": key ?? self.key, "TACO_STRIPE_BASE_URL": baseURL, "TACO_STRIPE_BACKOFF_MS": "20"]
    }

    private func request(_ method: String, _ path: String, body: Data? = nil) throws -> Data {
        try server.request(method, path, body: body)
    }
}

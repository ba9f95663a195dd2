import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The fake provider server (Tests/Fixtures/fake_outbox_provider.py) on 127.0.0.1; stops when this object goes away.
public final class OutboxFakeProvider: @unchecked Sendable {
    public let baseURL: String
    private let server: FixtureServer

    public init() throws {
        server = try FixtureServer(script: "fake_outbox_provider.py", arguments: [])
        baseURL = server.baseURL
    }

    /// Makes every later request answer `status` (200 restores normal answers).
    public func force(status: Int) throws {
        _ = try request("POST", "/__status", body: try JSONSerialization.data(withJSONObject: ["status": status]))
    }

    /// Every request received, oldest first.
    public func calls() throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: try request("GET", "/__calls")) as? [[String: Any]] ?? []
    }

    private func request(_ method: String, _ path: String, body: Data? = nil) throws -> Data {
        try server.request(method, path, body: body)
    }
}

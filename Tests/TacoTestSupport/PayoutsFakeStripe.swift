import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The fake Stripe server (Tests/Fixtures/fake_stripe.py) on 127.0.0.1, one per test; it stops when this object
/// goes away (its stdin closes).
public final class PayoutsFakeStripe: @unchecked Sendable {
    public let key: String
    public let baseURL: String
    private let process: Process
    private let stdin: Pipe

    public struct StartFailed: Error, CustomStringConvertible {
        public let description: String
    }

    public init(key: String = "sk_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16)) throws {
        self.key = key
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/fake_stripe.py")
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, "--key", key]
        stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        // The first line is "port N" once the server listens (bounded: the handle ends if python dies).
        var line = Data()
        let handle = stdout.fileHandleForReading
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("port "), let port = Int(text.dropFirst(5)) else {
            process.terminate()
            throw StartFailed(description: "fake Stripe did not start: \(text)")
        }
        baseURL = "http://127.0.0.1:\(port)"
    }

    deinit {
        try? stdin.fileHandleForWriting.close()
        process.terminate()
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

    private final class Box: @unchecked Sendable { var data = Data(); var error: (any Error)? }

    private func request(_ method: String, _ path: String, body: Data? = nil) throws -> Data {
        guard let url = URL(string: baseURL + path) else { throw StartFailed(description: "bad URL") }
        var request = URLRequest(url: url, timeoutInterval: 10)
        request.httpMethod = method
        request.httpBody = body
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { data, _, error in
            box.data = data ?? Data()
            box.error = error
            done.signal()
        }.resume()
        done.wait()
        if let error = box.error { throw error }
        return box.data
    }
}

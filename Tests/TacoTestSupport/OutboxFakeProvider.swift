import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The fake provider server (Tests/Fixtures/fake_outbox_provider.py) on 127.0.0.1; stops when this object goes away.
public final class OutboxFakeProvider: @unchecked Sendable {
    public let baseURL: String
    private let process: Process
    private let stdin: Pipe

    public struct StartFailed: Error, CustomStringConvertible {
        public let description: String
    }

    public init() throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/fake_outbox_provider.py")
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path]
        stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
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
            throw StartFailed(description: "fake provider did not start: \(text)")
        }
        baseURL = "http://127.0.0.1:\(port)"
    }

    deinit {
        try? stdin.fileHandleForWriting.close()
        process.terminate()
    }

    /// Makes every later request answer `status` (200 restores normal answers).
    public func force(status: Int) throws {
        _ = try request("POST", "/__status", body: try JSONSerialization.data(withJSONObject: ["status": status]))
    }

    /// Every request received, oldest first.
    public func calls() throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: try request("GET", "/__calls")) as? [[String: Any]] ?? []
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

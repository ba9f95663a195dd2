import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A python3 fake HTTP server from Tests/Fixtures on 127.0.0.1: started with its arguments, ready once it prints
/// "port N", stopped when this object goes away (its stdin closes, then it is terminated).
public final class FixtureServer: @unchecked Sendable {
    public let baseURL: String
    private let process: Process
    private let stdin: Pipe

    public struct StartFailed: Error, CustomStringConvertible {
        public let description: String
    }

    public init(script name: String, arguments: [String] = []) throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/\(name)")
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path] + arguments
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
            throw StartFailed(description: "\(name) did not start: \(text)")
        }
        baseURL = "http://127.0.0.1:\(port)"
    }

    deinit {
        try? stdin.fileHandleForWriting.close()
        process.terminate()
    }

    private final class Box: @unchecked Sendable { var data = Data(); var error: (any Error)? }

    /// A blocking request to the server (for its control endpoints).
    public func request(_ method: String, _ path: String, body: Data? = nil) throws -> Data {
        guard let url = URL(string: baseURL + path) else { throw StartFailed(description: "bad URL \(path)") }
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

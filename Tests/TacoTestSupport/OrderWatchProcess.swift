import Foundation

/// A tool started in the background whose stdout and stderr are read line by line as they arrive
/// (for `orders queue --watch`): wait for a line with a bounded timeout, send a signal, collect the exit status.
public final class StreamingTool: @unchecked Sendable {
    private let process = Process()
    private let lock = NSLock()
    private let arrived = DispatchSemaphore(value: 0)
    private var outLines: [String] = []
    private var errLines: [String] = []
    private var outBuffer = Data()
    private var errBuffer = Data()

    public init(_ tool: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = ToolRunner.binDirectory.appendingPathComponent(tool)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment.filter { key, _ in
            !key.hasPrefix("PG") && !(key.hasPrefix("TACO_") && key != "TACO_BIN_DIR")
        }
        env["NO_COLOR"] = "1"
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        out.fileHandleForReading.readabilityHandler = { [weak self] handle in self?.take(handle.availableData, stdout: true) }
        err.fileHandleForReading.readabilityHandler = { [weak self] handle in self?.take(handle.availableData, stdout: false) }
        try process.run()
    }

    private func take(_ data: Data, stdout: Bool) {
        lock.lock()
        var buffer = stdout ? outBuffer : errBuffer
        buffer.append(data)
        var lines: [String] = []
        while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
            lines.append(String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self))
            buffer = Data(buffer[(newline + 1)...])
        }
        if stdout { outBuffer = buffer; outLines += lines } else { errBuffer = buffer; errLines += lines }
        lock.unlock()
        if !lines.isEmpty || data.isEmpty { arrived.signal() }
    }

    /// Every complete stdout line so far.
    public var stdoutLines: [String] { lock.lock(); defer { lock.unlock() }; return outLines }
    /// Every complete stderr line so far.
    public var stderrLines: [String] { lock.lock(); defer { lock.unlock() }; return errLines }

    /// Waits (at most `timeout` seconds) until `condition` holds for the lines seen so far.
    @discardableResult
    public func waitFor(timeout: TimeInterval = 15, _ condition: (_ stdout: [String], _ stderr: [String]) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if condition(stdoutLines, stderrLines) { return true }
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { return false }
            _ = arrived.wait(timeout: .now() + min(left, 0.5))
        }
    }

    /// Sends a signal (SIGTERM by default).
    public func signal(_ number: Int32 = SIGTERM) { kill(process.processIdentifier, number) }

    /// Waits (bounded) for the exit and returns the status, or nil if it did not exit in time (then it is killed).
    public func exitStatus(timeout: TimeInterval = 15) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

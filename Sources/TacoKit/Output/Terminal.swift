import Foundation

/// Decides once whether a stream gets colour: only a TTY, never with `NO_COLOR`, `TERM=dumb` or `--no-color`.
public enum Terminal {
    public static func isTTY(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }

    public static func colorEnabled(descriptor: Int32, noColorFlag: Bool,
                                    environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        if noColorFlag { return false }
        if let value = environment["NO_COLOR"], !value.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return isTTY(descriptor)
    }
}

/// ANSI styles, applied only when colour is on.
public struct Style: Sendable {
    public let enabled: Bool
    public init(enabled: Bool) { self.enabled = enabled }
    public func bold(_ text: String) -> String { wrap(text, "1") }
    public func red(_ text: String) -> String { wrap(text, "31") }
    public func yellow(_ text: String) -> String { wrap(text, "33") }
    public func green(_ text: String) -> String { wrap(text, "32") }
    public func dim(_ text: String) -> String { wrap(text, "2") }
    private func wrap(_ text: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

/// Buffered writes to a file descriptor (stdout for data, stderr for everything else).
public final class OutputStream: TextOutputStream, @unchecked Sendable {
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private let lock = NSLock()

    public init(descriptor: Int32) { self.descriptor = descriptor }
    public static let standardOutput = OutputStream(descriptor: STDOUT_FILENO)
    public static let standardError = OutputStream(descriptor: STDERR_FILENO)

    public func write(_ string: String) {
        lock.lock()
        buffer.append(contentsOf: string.utf8)
        let full = buffer.count >= 64 * 1024
        lock.unlock()
        if full { flush() }
    }

    public func flush() {
        lock.lock()
        defer { lock.unlock() }
        var offset = 0
        while offset < buffer.count {
            let written = buffer[offset...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                break // EPIPE and friends: the reader is gone; drop the rest.
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

import Dispatch
import Foundation

/// Turns SIGINT/SIGTERM into a readable pipe, so a command blocked in `poll(2)` (e.g. waiting for notifications)
/// wakes up and ends cleanly instead of being killed mid-write. Lives as long as the command.
public final class SignalWake {
    /// Readable once a signal has arrived.
    public let descriptor: Int32
    private let writeEnd: Int32
    private var sources: [any DispatchSourceSignal] = []
    private let received = ReceivedSignal()

    /// Starts catching `signals` (default SIGINT and SIGTERM).
    public init(signals: [Int32] = [SIGINT, SIGTERM]) throws {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else {
            throw ToolError(.failure, "cannot create a pipe: \(String(cString: strerror(errno)))")
        }
        descriptor = ends[0]
        writeEnd = ends[1]
        let writeEnd = self.writeEnd
        let received = self.received
        for number in signals {
            signal(number, SIG_IGN)   // dispatch delivers it instead of the default action
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                received.set(number)
                var byte: UInt8 = 1
                _ = write(writeEnd, &byte, 1)
            }
            source.resume()
            sources.append(source)
        }
    }

    deinit {
        sources.forEach { $0.cancel() }
        close(descriptor)
        close(writeEnd)
    }

    /// The signal that arrived, if any.
    public var caughtSignal: Int32? { received.value }
}

private final class ReceivedSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var number: Int32?
    func set(_ value: Int32) { lock.lock(); number = value; lock.unlock() }
    var value: Int32? { lock.lock(); defer { lock.unlock() }; return number }
}

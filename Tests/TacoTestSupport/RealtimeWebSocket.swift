import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A minimal blocking WebSocket client over a raw socket, for tests of `/ws/locations`: it can refuse to read
/// (a slow consumer), see the exact close code, and report the HTTP status of a refused upgrade.
public final class RealtimeWebSocket: @unchecked Sendable {
    public enum Frame: Equatable, Sendable {
        case text(String)
        case close(code: UInt16, reason: String)
        /// The server closed the TCP connection without a close frame.
        case end
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    private let fd: Int32
    private var buffer: [UInt8] = []
    private var closed = false

    private init(fd: Int32, leftover: [UInt8]) {
        self.fd = fd
        self.buffer = leftover
    }

    deinit { if !closed { Glibc.close(fd) } }

    /// Connects to 127.0.0.1:`port` and asks to upgrade `path`. Returns the HTTP status and, on 101, the socket.
    /// `receiveBuffer` shrinks the socket's receive buffer (set before connecting, so the window stays small).
    public static func connect(port: Int, path: String, receiveBuffer: Int32? = nil,
                               timeout: TimeInterval = 10) throws -> (status: Int, socket: RealtimeWebSocket?) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        if var size = receiveBuffer {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            Glibc.close(fd)
            throw Failure(description: "connect: \(String(cString: strerror(errno)))")
        }
        let key = Data((0..<16).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\n\r\n"
        let client = RealtimeWebSocket(fd: fd, leftover: [])
        try client.send(Array(request.utf8))
        let deadline = Date().addingTimeInterval(timeout)
        var headerEnd: Int?
        while headerEnd == nil {
            guard try client.fill(until: deadline) else { throw Failure(description: "no HTTP response to the upgrade") }
            headerEnd = client.findHeaderEnd()
        }
        let head = String(decoding: client.buffer[..<(headerEnd ?? 0)], as: UTF8.self)
        client.buffer.removeFirst(headerEnd ?? 0)
        let statusText = head.split(separator: " ", maxSplits: 2).dropFirst().first.map(String.init) ?? ""
        let status = Int(statusText) ?? -1
        return (status, status == 101 ? client : nil)
    }

    private func findHeaderEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 0...(buffer.count - 4)
        where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
            return index + 4
        }
        return nil
    }

    /// Reads more bytes; false on timeout, throws on EOF.
    private func fill(until deadline: Date) throws -> Bool {
        let left = deadline.timeIntervalSinceNow
        guard left > 0 else { return false }
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, Int32(min(left * 1000 + 1, 60_000)))
        if ready < 0 { if errno == EINTR { return true }; throw Failure(description: "poll: \(String(cString: strerror(errno)))") }
        if ready == 0 { return false }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = recv(fd, &chunk, chunk.count, 0)
        if count <= 0 { throw EndOfStream() }
        buffer.append(contentsOf: chunk[..<count])
        return true
    }

    private struct EndOfStream: Error {}

    private func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw Failure(description: "send: \(String(cString: strerror(errno)))") }
            offset += sent
        }
    }

    /// The next text or close frame (pings are answered), `.end` when the server closed the socket, nil on timeout.
    public func next(timeout: TimeInterval) throws -> Frame? {
        let deadline = Date().addingTimeInterval(timeout)
        var message: [UInt8] = []
        while true {
            if let (opcode, fin, payload, length) = parseFrame() {
                buffer.removeFirst(length)
                switch opcode {
                case 0x1, 0x0:
                    message += payload
                    if fin { return .text(String(decoding: message, as: UTF8.self)) }
                case 0x8:
                    let code = payload.count >= 2 ? UInt16(payload[0]) << 8 | UInt16(payload[1]) : 1005
                    return .close(code: code, reason: String(decoding: payload.dropFirst(2), as: UTF8.self))
                case 0x9:
                    try sendFrame(opcode: 0xA, payload: payload)
                default:
                    break
                }
                continue
            }
            do {
                guard try fill(until: deadline) else { return nil }
            } catch is EndOfStream {
                return .end
            }
        }
    }

    /// The next text message, failing on timeout or anything else.
    public func nextText(timeout: TimeInterval = 10) throws -> String {
        let frame = try next(timeout: timeout)
        guard case .text(let text)? = frame else {
            throw Failure(description: "expected a text message, got \(frame.map { "\($0)" } ?? "nothing (timeout)")")
        }
        return text
    }

    private func parseFrame() -> (UInt8, Bool, [UInt8], Int)? {
        guard buffer.count >= 2 else { return nil }
        let fin = buffer[0] & 0x80 != 0
        let opcode = buffer[0] & 0x0F
        var length = Int(buffer[1] & 0x7F)
        var offset = 2
        if length == 126 {
            guard buffer.count >= 4 else { return nil }
            length = Int(buffer[2]) << 8 | Int(buffer[3])
            offset = 4
        } else if length == 127 {
            guard buffer.count >= 10 else { return nil }
            length = (2..<10).reduce(0) { $0 << 8 | Int(buffer[$1]) }
            offset = 10
        }
        let masked = buffer[1] & 0x80 != 0
        let maskOffset = offset
        if masked { offset += 4 }
        guard buffer.count >= offset + length else { return nil }
        var payload = Array(buffer[offset..<(offset + length)])
        if masked {
            for index in payload.indices { payload[index] ^= buffer[maskOffset + index % 4] }
        }
        return (opcode, fin, payload, offset + length)
    }

    private func sendFrame(opcode: UInt8, payload: [UInt8]) throws {
        let mask = (0..<4).map { _ in UInt8.random(in: 0...255) }
        var frame: [UInt8] = [0x80 | opcode, 0x80 | UInt8(min(payload.count, 125))]
        frame += mask
        frame += payload.prefix(125).enumerated().map { $1 ^ mask[$0 % 4] }
        try send(frame)
    }

    /// Sends a close frame (1000) and closes the socket.
    public func close() {
        guard !closed else { return }
        try? sendFrame(opcode: 0x8, payload: [0x03, 0xE8])
        closed = true
        Glibc.close(fd)
    }
}

import Foundation
import TacoKit
#if canImport(Glibc)
import Glibc
#endif

// The load generator must cost a small fraction of what the service spends on the same fixes (both share two
// cores), so a request is written by hand into one reusable buffer and sent with blocking POSIX calls: no
// formatter, encoder or event loop on the path of a fix.

enum MonotonicClock {
    static func nanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }
}

/// One truck's traffic on its own connection and thread. Only that thread touches it between `runAll`'s
/// start and join; the totals are read after the join.
final class PositionLoad {
    struct Plan: Sendable {
        let port: UInt16
        let batch: Int
        let startMilliseconds: Int
        let deadline: UInt64
    }

    struct Totals {
        var posted = 0
        var accepted = 0
        var rejected = 0
        var requests = 0
        var errors = 0
        var reasons: [String: Int] = [:]

        mutating func add(_ other: Totals) {
            posted += other.posted
            accepted += other.accepted
            rejected += other.rejected
            requests += other.requests
            errors += other.errors
            reasons.merge(other.reasons, uniquingKeysWith: +)
        }

        /// The summary bench-serve-realtime reads with python's json (the keys of the Python generator it replaced).
        func json(elapsed: Double, cpuSeconds: Double) -> String {
            let reasonList = reasons.sorted { $0.key < $1.key }.map { "\(Self.quoted($0.key)): \($0.value)" }
            return "{\"posted\": \(posted), \"accepted\": \(accepted), \"rejected\": \(rejected), "
                + "\"requests\": \(requests), \"errors\": \(errors), \"elapsed\": \(elapsed), "
                + "\"reasons\": {\(reasonList.joined(separator: ", "))}, \"cpu_seconds\": \(cpuSeconds)}"
        }

        private static func quoted(_ text: String) -> String {
            var json = JSONWriter(capacity: text.utf8.count + 2)
            json.string(text)
            return json.text
        }
    }

    let plan: Plan
    private(set) var totals = Totals()
    private(set) var firstFailure: String?

    private var random: SplitMix64
    private var time: Int
    private let latMicro: Int
    private let lonMicro: Int
    private let head: [UInt8]
    /// The request is written with its body at `headRoom` and its head right before the body.
    private let headRoom: Int
    private var request: [UInt8]
    private var reply = [UInt8](repeating: 0, count: 16 * 1024)
    private var replyFilled = 0
    private var socket: Int32 = -1

    init(plan: Plan, truckID: String, index: Int) {
        self.plan = plan
        random = SplitMix64(seed: UInt64(index))
        time = plan.startMilliseconds + Int.random(in: 0...900, using: &random)
        latMicro = 37_422_000 + Int.random(in: -9_000...9_000, using: &random)
        lonMicro = -122_084_100 + Int.random(in: -9_000...9_000, using: &random)
        head = Array(("POST /api/v1/trucks/\(truckID)/positions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      + "Authorization: Bearer bench-rt-token-\(index)\r\nContent-Type: application/json\r\n"
                      + "Content-Length: ").utf8)
        headRoom = head.count + 24
        request = [UInt8](repeating: 0, count: headRoom + 16 + plan.batch * Self.maxFixLength)
    }

    /// Runs every load on a thread of its own until the plan's deadline and waits for all of them.
    static func runAll(_ loads: [PositionLoad]) throws {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        // 300 threads at the default 8 MiB would reserve 2.4 GiB of address space for a few frames each.
        pthread_attr_setstacksize(&attributes, 512 * 1024)
        var threads: [pthread_t] = []
        var failure: Int32 = 0
        for load in loads {
            var thread = pthread_t()
            let status = pthread_create(&thread, &attributes, { raw in
                if let raw { Unmanaged<PositionLoad>.fromOpaque(raw).takeUnretainedValue().run() }
                return nil
            }, Unmanaged.passUnretained(load).toOpaque())
            guard status == 0 else { failure = status; break }
            threads.append(thread)
        }
        for thread in threads { pthread_join(thread, nil) }
        if failure != 0 {
            throw ToolError(.unavailable, "could only start \(threads.count) of \(loads.count) truck threads: \(String(cString: strerror(failure)))",
                            hint: "use fewer trucks or raise ulimit -u")
        }
    }

    private func run() {
        defer { disconnect() }
        while MonotonicClock.nanoseconds() < plan.deadline {
            if socket < 0 {
                if let problem = connect() {
                    fail(problem)
                    return
                }
            }
            let range = writeRequest()
            totals.requests += 1
            totals.posted += plan.batch
            if let problem = exchange(range) {
                fail(problem)
                disconnect()
            }
        }
    }

    private func fail(_ problem: String) {
        totals.errors += 1
        if firstFailure == nil { firstFailure = problem }
    }

    // MARK: request

    /// `{"recorded_at":"2026-01-01T00:00:00.000Z","lat":-90.000000,"lon":-180.000000,"accuracy_m":500,"speed_mps":5.0},`
    /// is 117 bytes; the margin covers any integer part.
    private static let maxFixLength = 160

    private func writeRequest() -> Range<Int> {
        var random = self.random
        var time = self.time
        let (latMicro, lonMicro, batch, headRoom) = (self.latMicro, self.lonMicro, plan.batch, self.headRoom)
        let range = head.withUnsafeBufferPointer { head in
            request.withUnsafeMutableBufferPointer { buffer -> Range<Int> in
                guard let base = buffer.baseAddress else { return 0..<0 }
                var out = ByteCursor(base: base, at: headRoom)
                out.text("{\"fixes\":[")
                for fix in 0..<batch {
                    if fix > 0 { out.byte(UInt8(ascii: ",")) }
                    time += 1000
                    out.text("{\"recorded_at\":\"")
                    out.timestamp(milliseconds: time)
                    out.text("\",\"lat\":")
                    out.decimal(latMicro + Int.random(in: -100...100, using: &random), places: 6)
                    out.text(",\"lon\":")
                    out.decimal(lonMicro + Int.random(in: -100...100, using: &random), places: 6)
                    out.text(",\"accuracy_m\":")
                    if random.next() % 100 == 0 {
                        out.text("500")
                    } else {
                        out.decimal(Int.random(in: 30...200, using: &random), places: 1)
                    }
                    out.text(",\"speed_mps\":")
                    out.decimal(Int.random(in: 0...50, using: &random), places: 1)
                    out.byte(UInt8(ascii: "}"))
                }
                out.text("]}")
                let end = out.at
                let bodyLength = end - headRoom
                let start = headRoom - head.count - ByteCursor.digitCount(bodyLength) - 4
                var front = ByteCursor(base: base, at: start)
                front.bytes(head)
                front.unsigned(bodyLength)
                front.text("\r\n\r\n")
                return start..<end
            }
        }
        self.random = random
        self.time = time
        return range
    }

    // MARK: connection

    private func connect() -> String? {
        var attempt = 0
        while true {
            let descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard descriptor >= 0 else { return "socket: \(Self.errorText())" }
            var one: Int32 = 1
            setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = plan.port.bigEndian
            address.sin_addr = in_addr(s_addr: UInt32(0x7F00_0001).bigEndian)
            let status = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            if status == 0 {
                socket = descriptor
                replyFilled = 0
                return nil
            }
            let code = errno
            close(descriptor)
            attempt += 1
            // A full accept queue refuses; back off a little, as a real client would.
            guard code == ECONNREFUSED || code == EINTR, attempt < 20, MonotonicClock.nanoseconds() < plan.deadline else {
                return "connect to 127.0.0.1:\(plan.port): \(String(cString: strerror(code)))"
            }
            usleep(UInt32(20_000 * attempt))
        }
    }

    private func disconnect() {
        if socket >= 0 { close(socket) }
        socket = -1
        replyFilled = 0
    }

    /// Sends the request and reads its reply; nil when the exchange went through (whatever the status).
    private func exchange(_ range: Range<Int>) -> String? {
        let socket = self.socket
        let sent: String? = request.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return "empty request" }
            var at = range.lowerBound
            while at < range.upperBound {
                let count = send(socket, base + at, range.upperBound - at, Int32(MSG_NOSIGNAL))
                if count > 0 {
                    at += count
                } else if count < 0 && errno == EINTR {
                    continue
                } else {
                    return "send: \(Self.errorText())"
                }
            }
            return nil
        }
        if let sent { return sent }

        var scanned = 0
        while true {
            let head = reply.withUnsafeBufferPointer { ReplyHead.parse(UnsafeBufferPointer(rebasing: $0[0..<replyFilled]), from: scanned) }
            switch head {
            case .incomplete:
                scanned = max(0, replyFilled - 3)
                if let problem = receive() { return problem }
            case .malformed(let problem):
                return problem
            case .complete(let head):
                let end = head.bodyStart + head.contentLength
                while replyFilled < end {
                    if let problem = receive() { return problem }
                }
                var problem: String?
                if head.status == 200 {
                    problem = reply.withUnsafeBufferPointer {
                        Self.tally(UnsafeBufferPointer(rebasing: $0[head.bodyStart..<end]), into: &totals)
                    }
                } else {
                    problem = "HTTP \(head.status): " + String(decoding: reply[head.bodyStart..<min(end, head.bodyStart + 200)], as: UTF8.self)
                }
                if replyFilled > end {
                    // Nothing is pipelined, but keep whatever follows rather than assume.
                    reply.replaceSubrange(0..<end, with: EmptyCollection())
                    reply.append(contentsOf: repeatElement(0, count: end))
                }
                replyFilled -= end
                if head.closes { disconnect() }
                return problem
            }
        }
    }

    private func receive() -> String? {
        if replyFilled == reply.count {
            guard reply.count < 4 * 1024 * 1024 else { return "reply larger than 4 MiB" }
            reply.append(contentsOf: repeatElement(0, count: reply.count))
        }
        let (socket, filled) = (self.socket, replyFilled)
        while true {
            let count = reply.withUnsafeMutableBufferPointer { buffer in
                recv(socket, buffer.baseAddress.map { $0 + filled }, buffer.count - filled, 0)
            }
            if count > 0 {
                replyFilled += count
                return nil
            }
            if count < 0 && errno == EINTR { continue }
            return count == 0 ? "the server closed the connection" : "recv: \(Self.errorText())"
        }
    }

    /// Adds a 200 reply `{"accepted":N,"rejected":[{"index":I,"reason":"R"},…]}` to the totals.
    static func tally(_ body: UnsafeBufferPointer<UInt8>, into totals: inout Totals) -> String? {
        guard let key = body.firstRange(of: "\"accepted\":", from: 0) else {
            return "a 200 reply without \"accepted\": " + String(decoding: body.prefix(200), as: UTF8.self)
        }
        var at = key.upperBound
        var accepted = 0
        while at < body.count, body[at] == UInt8(ascii: " ") { at += 1 }
        let digitsStart = at
        while at < body.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(body[at]) {
            accepted = accepted * 10 + Int(body[at] - UInt8(ascii: "0"))
            at += 1
        }
        guard at > digitsStart else { return "a 200 reply whose \"accepted\" is not a number" }
        totals.accepted += accepted
        var from = 0
        while let reason = body.firstRange(of: "\"reason\":\"", from: from) {
            var end = reason.upperBound
            while end < body.count, body[end] != UInt8(ascii: "\"") { end += 1 }
            totals.rejected += 1
            totals.reasons[String(decoding: body[reason.upperBound..<end], as: UTF8.self), default: 0] += 1
            from = end
        }
        return nil
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}

/// The status line and the two headers that matter of an HTTP/1.1 reply.
struct ReplyHead {
    enum Parse {
        case incomplete
        case malformed(String)
        case complete(ReplyHead)
    }

    let status: Int
    let bodyStart: Int
    let contentLength: Int
    let closes: Bool

    /// `from` is where to resume looking for the blank line (the bytes before it were searched already).
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Parse {
        guard let blank = bytes.firstRange(of: "\r\n\r\n", from: from) else { return .incomplete }
        guard blank.lowerBound >= 12, bytes.starts(with: "HTTP/1.".utf8) else {
            return .malformed("not an HTTP/1 reply: " + String(decoding: bytes.prefix(80), as: UTF8.self))
        }
        var status = 0
        for at in 9..<12 {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[at]) else {
                return .malformed("bad status line: " + String(decoding: bytes.prefix(80), as: UTF8.self))
            }
            status = status * 10 + Int(bytes[at] - UInt8(ascii: "0"))
        }
        var contentLength: Int?
        var closes = false
        var line = (bytes.firstRange(of: "\r\n", from: 0)?.upperBound ?? blank.upperBound)
        while line < blank.upperBound {
            let end = bytes.firstRange(of: "\r\n", from: line)?.lowerBound ?? blank.lowerBound
            let field = UnsafeBufferPointer(rebasing: bytes[line..<end])
            if let value = field.value(ofHeader: "content-length:") {
                var length = 0
                for byte in value where byte != UInt8(ascii: " ") {
                    guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return .malformed("bad Content-Length") }
                    length = length * 10 + Int(byte - UInt8(ascii: "0"))
                }
                contentLength = length
            } else if let value = field.value(ofHeader: "connection:") {
                closes = value.asciiLowercased().withUnsafeBufferPointer { $0.firstRange(of: "close", from: 0) != nil }
            }
            line = end + 2
        }
        guard let contentLength else { return .malformed("a reply without Content-Length (status \(status))") }
        return .complete(ReplyHead(status: status, bodyStart: blank.upperBound, contentLength: contentLength, closes: closes))
    }
}

/// Writes ASCII into memory the caller has sized: no bounds or capacity checks per byte.
struct ByteCursor {
    let base: UnsafeMutablePointer<UInt8>
    var at: Int

    mutating func byte(_ value: UInt8) {
        base[at] = value
        at += 1
    }

    mutating func text(_ value: StaticString) {
        (base + at).update(from: value.utf8Start, count: value.utf8CodeUnitCount)
        at += value.utf8CodeUnitCount
    }

    mutating func bytes(_ value: UnsafeBufferPointer<UInt8>) {
        guard let source = value.baseAddress else { return }
        (base + at).update(from: source, count: value.count)
        at += value.count
    }

    static func digitCount(_ value: Int) -> Int {
        var count = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            count += 1
        }
        return count
    }

    /// A non-negative integer.
    mutating func unsigned(_ value: Int) {
        padded(value, width: Self.digitCount(value))
    }

    /// The last `width` digits of a non-negative integer, zero-padded.
    mutating func padded(_ value: Int, width: Int) {
        var rest = value
        var position = at + width
        while position > at {
            position -= 1
            base[position] = UInt8(truncatingIfNeeded: 48 + rest % 10)
            rest /= 10
        }
        at += width
    }

    /// `value` / 10^places with exactly `places` decimals: decimal(-122084123, places: 6) is -122.084123.
    mutating func decimal(_ value: Int, places: Int) {
        var scale = 1
        for _ in 0..<places { scale *= 10 }
        if value < 0 { byte(UInt8(ascii: "-")) }
        let magnitude = value.magnitude
        unsigned(Int(magnitude / UInt(scale)))
        byte(UInt8(ascii: "."))
        padded(Int(magnitude % UInt(scale)), width: places)
    }

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ` (UTC) for milliseconds since 1970.
    mutating func timestamp(milliseconds: Int) {
        let days = milliseconds >= 0 ? milliseconds / 86_400_000 : (milliseconds - 86_399_999) / 86_400_000
        let ofDay = milliseconds - days * 86_400_000
        let (year, month, day) = Timestamp.civilFromDays(days)
        padded(year, width: 4)
        byte(UInt8(ascii: "-"))
        padded(month, width: 2)
        byte(UInt8(ascii: "-"))
        padded(day, width: 2)
        byte(UInt8(ascii: "T"))
        padded(ofDay / 3_600_000, width: 2)
        byte(UInt8(ascii: ":"))
        padded(ofDay / 60_000 % 60, width: 2)
        byte(UInt8(ascii: ":"))
        padded(ofDay / 1000 % 60, width: 2)
        byte(UInt8(ascii: "."))
        padded(ofDay % 1000, width: 3)
        byte(UInt8(ascii: "Z"))
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Where `needle` first occurs at or after `from`.
    func firstRange(of needle: StaticString, from: Int) -> Range<Int>? {
        let length = needle.utf8CodeUnitCount
        guard let base = baseAddress, length > 0, count - from >= length else { return nil }
        let first = needle.utf8Start.pointee
        var at = Swift.max(0, from)
        while at + length <= count {
            if base[at] == first && memcmp(base + at, needle.utf8Start, length) == 0 { return at..<(at + length) }
            at += 1
        }
        return nil
    }

    /// The value of a header line whose name (with its colon, given lowercase) matches case-insensitively.
    func value(ofHeader name: StaticString) -> UnsafeBufferPointer<UInt8>? {
        let length = name.utf8CodeUnitCount
        guard count >= length else { return nil }
        for offset in 0..<length where self[offset] | 0x20 != name.utf8Start[offset] | 0x20 { return nil }
        return UnsafeBufferPointer(rebasing: self[length...])
    }

    func asciiLowercased() -> [UInt8] {
        map { (65...90).contains($0) ? $0 + 32 : $0 }
    }
}

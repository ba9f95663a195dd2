import Foundation

/// An input file read with a size limit, checked to be UTF-8 (a BOM is dropped).
public struct InputFile: Sendable {
    /// The name used in messages (`menu.json`, or `<stdin>`).
    public let name: String
    /// The bytes, valid UTF-8, without a BOM.
    public let bytes: [UInt8]

    /// Reads `path` (`-` for standard input) without ever holding more than `limit` + 64 KiB: a regular file's
    /// size is checked with fstat before reading; a pipe is read in chunks and abandoned past the limit.
    /// Missing or unreadable → 66; too large or not UTF-8 → 65 naming the size and limit or the offending byte.
    public static func read(_ path: String, limit: Int) throws -> InputFile {
        let name = path == "-" ? "<stdin>" : (path as NSString).lastPathComponent
        let descriptor: Int32
        if path == "-" {
            descriptor = STDIN_FILENO
        } else {
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                throw ToolError(.noInput, "cannot read \(path): \(String(cString: strerror(errno)))")
            }
        }
        defer { if descriptor != STDIN_FILENO { close(descriptor) } }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw ToolError(.noInput, "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw ToolError(.noInput, "cannot read \(path): it is a directory")
        }
        if (info.st_mode & S_IFMT) == S_IFREG && Int(info.st_size) > limit {
            throw tooLarge(name, size: "\(Int(info.st_size)) bytes", limit: limit)
        }
        var bytes: [UInt8] = []
        let chunk = 64 * 1024
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let count = buffer.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, chunk) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ToolError(.noInput, "cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
            if bytes.count > limit { throw tooLarge(name, size: "more than \(limit) bytes", limit: limit) }
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let offset = UTF8Check.firstInvalidByte(bytes) {
            let line = bytes[..<offset].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            throw ValidationErrors(source: name, issues: [.init("\(name):\(line)",
                "invalid UTF-8 at byte offset \(offset) (byte 0x\(String(bytes[offset], radix: 16, uppercase: true))); save the file as UTF-8")])
        }
        return InputFile(name: name, bytes: bytes)
    }

    static func tooLarge(_ name: String, size: String, limit: Int) -> ToolError {
        ToolError(.dataError, "\(name) is \(size); the limit is \(limit) bytes (\(limit / (1024 * 1024)) MiB)",
                  hint: "is this the right file?")
    }

    /// The bytes as Data.
    public var data: Data { Data(bytes) }

    /// The bytes as a String (they are valid UTF-8).
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }
}

// At file scope `read` is the system call, not `InputFile.read`.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

/// Strict UTF-8 validation (no overlongs, no surrogates, nothing above U+10FFFF).
public enum UTF8Check {
    /// The offset of the first byte that does not start or continue a valid UTF-8 sequence, or nil.
    public static func firstInvalidByte(_ bytes: [UInt8]) -> Int? {
        var i = 0
        while i < bytes.count {
            if bytes[i] < 0x80 { i += 1; continue }
            guard let length = sequenceLength(bytes, at: i) else { return i }
            i += length
        }
        return nil
    }

    /// The length of the valid multi-byte sequence starting at `i` (lead byte ≥ 0x80), or nil when it is invalid
    /// or cut short by the end of `bytes`.
    static func sequenceLength<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, at i: Int) -> Int? where Bytes.Index == Int {
        let length: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF
        switch bytes[i] {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return nil
        }
        guard bytes.endIndex - i >= length, (low...high).contains(bytes[i + 1]) else { return nil }
        for k in 2..<length where !(0x80...0xBF).contains(bytes[i + k]) { return nil }
        return length
    }
}

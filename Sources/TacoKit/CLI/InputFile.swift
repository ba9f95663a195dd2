import Foundation

/// Reads a named input file or standard input (`-`) with a size limit, so a huge file is refused without being
/// loaded: 66 when it is missing or unreadable, 65 when it is larger than `limit` bytes.
public enum InputFile {
    public static func read(_ path: String, limit: Int) throws -> Data {
        let descriptor: Int32 = path == "-" ? STDIN_FILENO : open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw ToolError(.noInput, "\(path): \(String(cString: strerror(errno)))")
        }
        defer { if path != "-" { close(descriptor) } }
        var info = stat()
        if fstat(descriptor, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFDIR { throw ToolError(.noInput, "\(path) is a directory") }
            if (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) > limit {
                throw ToolError.data("\(path) is \(describe(Int(info.st_size))); the limit is \(describe(limit))")
            }
        }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ToolError(.noInput, "\(path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            data.append(contentsOf: buffer[0..<count])
            if data.count > limit { throw ToolError.data("\(path) is larger than the limit of \(describe(limit))") }
        }
        return data
    }

    static func describe(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? String(format: "%.1f MiB", Double(bytes) / Double(1 << 20)) : "\(bytes) bytes"
    }
}

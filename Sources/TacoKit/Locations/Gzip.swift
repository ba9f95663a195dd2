import CZlib
import Crypto
import Foundation

/// Streams bytes into a gzip file (zlib, in process), counting the compressed bytes and hashing them with
/// SHA-256 as they are written, so the file never has to be read back to describe it.
public final class GzipFileWriter {
    private var stream = z_stream()
    private let descriptor: Int32
    private var output = [UInt8](repeating: 0, count: 256 * 1024)
    private var hasher = SHA256()
    private var finished = false
    public private(set) var compressedBytes = 0
    public let path: String

    /// Creates (truncating) `path` with mode 0640.
    public init(path: String, level: Int32 = 1) throws {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { throw ToolError(.cannotCreate, "cannot create \(path): \(String(cString: strerror(errno)))") }
        guard taco_deflate_init_gzip(&stream, level) == Z_OK else {
            close(descriptor)
            throw ToolError(.failure, "zlib could not start a gzip stream")
        }
    }

    deinit {
        if !finished { deflateEnd(&stream) }
        close(descriptor)
    }

    /// Compresses and writes `bytes`.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        stream.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(bytes.count)
        try pump(flush: Z_NO_FLUSH)
    }

    /// Finishes the gzip stream, fsyncs the file and returns its SHA-256 (hex).
    public func finish() throws -> String {
        stream.next_in = nil
        stream.avail_in = 0
        try pump(flush: Z_FINISH)
        deflateEnd(&stream)
        finished = true
        guard fsync(descriptor) == 0 else { throw ToolError(.cannotCreate, "fsync \(path): \(String(cString: strerror(errno)))") }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    private func pump(flush: Int32) throws {
        repeat {
            let produced: Int = try output.withUnsafeMutableBufferPointer { buffer -> Int in
                stream.next_out = buffer.baseAddress
                stream.avail_out = uInt(buffer.count)
                let status = deflate(&stream, flush)
                guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                    throw ToolError(.failure, "zlib deflate failed (\(status))")
                }
                return buffer.count - Int(stream.avail_out)
            }
            if produced > 0 {
                try output.withUnsafeBytes { raw in
                    let chunk = UnsafeRawBufferPointer(rebasing: raw[0..<produced])
                    hasher.update(bufferPointer: chunk)
                    var offset = 0
                    while offset < produced {
                        let written = Foundation.write(descriptor, chunk.baseAddress! + offset, produced - offset)
                        if written < 0 {
                            if errno == EINTR { continue }
                            throw ToolError(.cannotCreate, "writing \(path) failed: \(String(cString: strerror(errno)))")
                        }
                        offset += written
                    }
                }
                compressedBytes += produced
            }
        } while stream.avail_out == 0 || (flush == Z_FINISH && stream.avail_in > 0)
    }
}

/// Reads a gzip file back: its SHA-256 and size, and its decompressed bytes in chunks.
public enum GzipFileReader {
    /// Hashes the compressed file and streams its decompressed content to `body`. 65 when it is not valid gzip.
    public static func read(path: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws -> (sha256: String, bytes: Int) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ToolError(.noInput, "\(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var stream = z_stream()
        guard taco_inflate_init_gzip(&stream) == Z_OK else { throw ToolError(.failure, "zlib could not start inflating") }
        defer { inflateEnd(&stream) }
        var hasher = SHA256()
        var input = [UInt8](repeating: 0, count: 256 * 1024)
        var output = [UInt8](repeating: 0, count: 1024 * 1024)
        var total = 0
        var ended = false
        while true {
            let count = input.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ToolError(.noInput, "\(path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            total += count
            try input.withUnsafeMutableBytes { raw in
                let chunk = UnsafeMutableRawBufferPointer(rebasing: raw[0..<count])
                hasher.update(bufferPointer: UnsafeRawBufferPointer(chunk))
                stream.next_in = chunk.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_in = uInt(count)
                while stream.avail_in > 0 {
                    if ended {
                        // Concatenated gzip members are valid gzip: start the next one.
                        guard inflateReset(&stream) == Z_OK else { throw ToolError.data("\(path): corrupt gzip data") }
                        ended = false
                    }
                    let produced: Int = try output.withUnsafeMutableBufferPointer { buffer -> Int in
                        stream.next_out = buffer.baseAddress
                        stream.avail_out = uInt(buffer.count)
                        let status = inflate(&stream, Z_NO_FLUSH)
                        if status == Z_STREAM_END { ended = true }
                        else if status != Z_OK && status != Z_BUF_ERROR {
                            throw ToolError.data("\(path): corrupt gzip data (zlib \(status))")
                        }
                        return buffer.count - Int(stream.avail_out)
                    }
                    if produced > 0 { try output.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<produced])) } }
                    if produced == 0 && !ended && stream.avail_in > 0 && stream.avail_out != 0 { break }
                }
            }
        }
        guard ended else { throw ToolError.data("\(path): the gzip data is truncated") }
        return (hasher.finalize().map { String(format: "%02x", $0) }.joined(), total)
    }
}

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TacoKit

/// Where an HR export comes from: a file the tool opens itself, standard input (`-`), or an http(s) URL fetched
/// first into a private temporary file. Either way the reader gets a descriptor, never a name libxml2 could resolve.
public final class HRFeedSource {
    /// What the feed argument named.
    public enum Kind: String, Sendable {
        case file, url, stdin
    }

    public let kind: Kind
    /// The name used in messages and logs: the file's name, `stdin`, or the URL without credentials or query.
    public let displayName: String
    /// The descriptor the reader consumes (owned here, closed on deinit; stdin is left open).
    public let descriptor: Int32
    private var temporaryPath: String?
    private var path: String?

    private init(kind: Kind, displayName: String, descriptor: Int32, path: String?, temporaryPath: String?) {
        self.kind = kind
        self.displayName = displayName
        self.descriptor = descriptor
        self.path = path
        self.temporaryPath = temporaryPath
    }

    deinit {
        if kind != .stdin { close(descriptor) }
        if let temporaryPath { unlink(temporaryPath) }
    }

    /// Opens `argument`: `-` (stdin), an `http://` or `https://` URL (fetched with `timeout` seconds per request),
    /// or a path. 66 for a missing file or a URL that answers 4xx, 69 when the server cannot be reached or
    /// answers 5xx, 77 for 401/403.
    public static func open(_ argument: String, timeout: TimeInterval = 60) throws -> HRFeedSource {
        if argument == "-" {
            return HRFeedSource(kind: .stdin, displayName: "stdin", descriptor: STDIN_FILENO, path: nil, temporaryPath: nil)
        }
        let lowered = argument.lowercased()
        if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") {
            guard let url = URL(string: argument), url.host != nil else {
                throw ToolError.usage("--feed \"\(argument)\" is not a valid URL")
            }
            let file = try download(url, timeout: timeout)
            let descriptor = Foundation.open(file, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                unlink(file)
                throw ToolError(.noInput, "\(redacted(url)): the download could not be reopened: \(String(cString: strerror(errno)))")
            }
            return HRFeedSource(kind: .url, displayName: redacted(url), descriptor: descriptor, path: file, temporaryPath: file)
        }
        let descriptor = Foundation.open(argument, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw ToolError(.noInput, "\(argument): \(String(cString: strerror(errno)))")
        }
        var info = stat()
        if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(descriptor)
            throw ToolError(.noInput, "\(argument) is a directory")
        }
        let name = URL(fileURLWithPath: argument).lastPathComponent
        return HRFeedSource(kind: .file, displayName: name, descriptor: descriptor, path: argument, temporaryPath: nil)
    }

    /// A path holding the same bytes, for a verification step that must read the export again (a signature
    /// check). Standard input is first copied to a private temporary file, which the reader then reads instead.
    public func rereadablePath() throws -> String {
        if let path { return path }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("taco-hr-\(UUID().uuidString).xml").path
        let output = Foundation.open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw ToolError(.cannotCreate, "\(file): \(String(cString: strerror(errno)))") }
        defer { close(output) }
        var buffer = [UInt8](repeating: 0, count: 256 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count < 0 { throw ToolError(.noInput, "stdin: \(String(cString: strerror(errno)))") }
            if count == 0 { break }
            var written = 0
            while written < count {
                let n = buffer.withUnsafeBytes { raw in
                    write(output, UnsafeRawBufferPointer(rebasing: raw[written..<count]).baseAddress, count - written)
                }
                if n < 0, errno == EINTR { continue }
                if n < 0 { throw ToolError(.cannotCreate, "\(file): \(String(cString: strerror(errno)))") }
                written += n
            }
        }
        temporaryPath = file
        path = file
        // The reader must now read the copy from its start: it replaces stdin (our descriptor) in this process.
        let copy = Foundation.open(file, O_RDONLY | O_CLOEXEC)
        guard copy >= 0, dup2(copy, descriptor) >= 0 else { throw ToolError(.noInput, "\(file): \(String(cString: strerror(errno)))") }
        close(copy)
        return file
    }

    /// The URL as it may appear in messages and logs: no user, password, query or fragment.
    static func redacted(_ url: URL) -> String {
        var components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        components?.user = nil
        components?.password = nil
        components?.query = nil
        components?.fragment = nil
        return components?.string ?? "the feed URL"
    }

    private final class DownloadResult: @unchecked Sendable {
        let lock = NSLock()
        var file: String?
        var status: Int?
        var error: (any Error)?
        var moveError: String?
    }

    private static func download(_ url: URL, timeout: TimeInterval) throws -> String {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = max(timeout, 30 * 60)
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        let result = DownloadResult()
        let done = DispatchSemaphore(value: 0)
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("taco-hr-\(UUID().uuidString).xml")
        let task = session.downloadTask(with: url) { location, response, error in
            result.lock.lock()
            defer {
                result.lock.unlock()
                done.signal()
            }
            result.error = error
            result.status = (response as? HTTPURLResponse)?.statusCode
            if let location {
                do {
                    try FileManager.default.moveItem(at: location, to: target)
                    result.file = target.path
                } catch {
                    result.moveError = "\(error)"
                }
            }
        }
        task.resume()
        done.wait()
        result.lock.lock()
        defer { result.lock.unlock() }
        let name = redacted(url)
        if let error = result.error {
            if let file = result.file { unlink(file) }
            let reason = (error as? URLError).map { describe($0) } ?? "\(error.localizedDescription)"
            throw ToolError(.unavailable, "could not fetch the HR feed from \(name): \(reason); nothing was applied",
                            hint: "check the URL and that the HR server is reachable; cron will retry")
        }
        guard let status = result.status else {
            if let file = result.file { unlink(file) }
            throw ToolError(.unavailable, "\(name) sent no HTTP response; nothing was applied")
        }
        guard (200..<300).contains(status) else {
            if let file = result.file { unlink(file) }
            let message = "\(name) answered HTTP \(status); nothing was applied"
            switch status {
            case 500...: throw ToolError(.unavailable, message, hint: "the HR server failed; cron will retry")
            case 401, 403: throw ToolError(.permissionDenied, message, hint: "the HR server refused the request: check the credentials")
            default: throw ToolError(.noInput, message, hint: "check the feed URL")
            }
        }
        guard let file = result.file else {
            throw ToolError(.cannotCreate, "the download from \(name) could not be kept: \(result.moveError ?? "unknown reason")")
        }
        return file
    }

    private static func describe(_ error: URLError) -> String {
        switch error.code {
        case .timedOut: return "timed out"
        case .cannotConnectToHost: return "connection refused"
        case .cannotFindHost, .dnsLookupFailed: return "unknown host"
        case .networkConnectionLost: return "the connection was lost"
        case .notConnectedToInternet: return "no network"
        default: return error.localizedDescription
        }
    }
}

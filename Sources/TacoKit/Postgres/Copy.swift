import CLibPQ
import Foundation

/// Streams data into a `COPY … FROM STDIN`. Buffers writes into large chunks before handing them to libpq.
public final class CopyInWriter {
    private let connection: PostgresConnection
    private var buffer: [UInt8] = []
    private let chunkSize = 256 * 1024

    init(_ connection: PostgresConnection) {
        self.connection = connection
        buffer.reserveCapacity(chunkSize)
    }

    /// Appends raw bytes in the COPY's format (text or CSV lines).
    public func write(_ bytes: some Sequence<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= chunkSize { try flush() }
    }

    /// Appends a string's UTF-8 bytes.
    public func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= chunkSize { try flush() }
    }

    /// Appends raw bytes from a buffer without copying them into an intermediate array first.
    public func write(contentsOf raw: UnsafeRawBufferPointer) throws {
        if buffer.isEmpty, raw.count >= chunkSize {
            try send(raw)
            return
        }
        buffer.append(contentsOf: raw)
        if buffer.count >= chunkSize { try flush() }
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try send($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func send(_ raw: UnsafeRawBufferPointer) throws {
        guard let base = raw.baseAddress else { return }
        let status = PQputCopyData(connection.handle, base.assumingMemoryBound(to: CChar.self), Int32(raw.count))
        if status != 1 { throw PostgresError.lost(connection.handle) }
    }
}

extension PostgresConnection {
    /// Runs a `COPY … FROM STDIN` and feeds it from `body`. Returns the number of rows copied.
    /// If `body` throws, the COPY is aborted (nothing is written) and the error is rethrown.
    @discardableResult
    public func copyIn(_ sql: String, _ body: (CopyInWriter) throws -> Void) throws -> Int {
        let start = try check(PQexec(handle, sql))
        guard PQresultStatus(start.handle) == PGRES_COPY_IN else {
            throw PostgresError(kind: .protocolViolation, message: "copyIn needs a COPY … FROM STDIN statement")
        }
        let writer = CopyInWriter(self)
        do {
            try body(writer)
            try writer.flush()
        } catch {
            _ = PQputCopyEnd(handle, "aborted by the client: \(error)")
            drainResults()
            throw error
        }
        guard PQputCopyEnd(handle, nil) == 1 else { throw PostgresError.lost(handle) }
        return try finishCopy()
    }

    /// Runs a `COPY … TO STDOUT` and hands each row's bytes to `body` as they arrive (constant memory).
    /// Returns the number of rows. If `body` throws, the server is asked to cancel and the error is rethrown.
    @discardableResult
    public func copyOut(_ sql: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        let start = try check(PQexec(handle, sql))
        guard PQresultStatus(start.handle) == PGRES_COPY_OUT else {
            throw PostgresError(kind: .protocolViolation, message: "copyOut needs a COPY … TO STDOUT statement")
        }
        var rows = 0
        while true {
            var pointer: UnsafeMutablePointer<CChar>?
            let length = PQgetCopyData(handle, &pointer, 0)
            if length > 0, let pointer {
                defer { PQfreemem(pointer) }
                do {
                    try body(UnsafeRawBufferPointer(start: pointer, count: Int(length)))
                } catch {
                    makeCanceller()?.cancel()
                    drainCopyOut()
                    throw error
                }
                rows += 1
            } else if length == -1 {
                break
            } else {
                throw PostgresError.lost(handle)
            }
        }
        let copied = try finishCopy()
        return copied > 0 ? copied : rows
    }

    private func finishCopy() throws -> Int {
        var firstError: (any Error)?
        var count = 0
        while let raw = PQgetResult(handle) {
            do {
                let result = try check(raw)
                count = result.affectedRows
            } catch {
                if firstError == nil { firstError = error }
            }
        }
        if let firstError { throw firstError }
        if PQstatus(handle) != CONNECTION_OK { throw PostgresError.lost(handle) }
        return count
    }

    private func drainCopyOut() {
        while true {
            var pointer: UnsafeMutablePointer<CChar>?
            let length = PQgetCopyData(handle, &pointer, 0)
            if let pointer { PQfreemem(pointer) }
            if length < 0 { break }
        }
        drainResults()
    }

    func drainResults() {
        while let raw = PQgetResult(handle) { PQclear(raw) }
    }
}

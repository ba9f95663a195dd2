import CLibPQ

/// The rows of one command's result. Owns its `PGresult` and frees it exactly once.
/// A `PGresult` is immutable once returned, so the result may cross threads.
public final class PostgresResult: @unchecked Sendable, RandomAccessCollection {
    let handle: OpaquePointer
    /// Column name → index, built once per result.
    let columnIndex: [String: Int32]
    /// Column names in result order.
    public let columns: [String]

    init(_ handle: OpaquePointer) {
        self.handle = handle
        let count = PQnfields(handle)
        var names: [String] = []
        var index: [String: Int32] = [:]
        for column in 0..<count {
            // COPY results report a column count but no names: PQfname is NULL there.
            let name = PQfname(handle, column).map { String(cString: $0) } ?? ""
            names.append(name)
            if index[name] == nil { index[name] = column }
        }
        columns = names
        columnIndex = index
    }

    deinit { PQclear(handle) }

    public var startIndex: Int { 0 }
    public var endIndex: Int { Int(PQntuples(handle)) }
    public subscript(position: Int) -> PostgresRow { PostgresRow(result: self, row: Int32(position)) }

    /// The number of rows a command touched (`UPDATE 3` → 3), or 0 when it reports none.
    public var affectedRows: Int { Int(String(cString: PQcmdTuples(handle))) ?? 0 }

    /// The command tag, e.g. `INSERT 0 1`.
    public var commandTag: String { String(cString: PQcmdStatus(handle)) }
}

/// One row of a result; decode columns by name.
public struct PostgresRow: Sendable {
    let result: PostgresResult
    let row: Int32

    /// The raw text of a column, nil for SQL NULL. Throws when there is no such column.
    public func text(_ column: String) throws -> String? {
        guard let index = result.columnIndex[column] else {
            throw PostgresError(kind: .decoding, message: "the result has no column \"\(column)\"")
        }
        return text(at: index)
    }

    func text(at index: Int32) -> String? {
        if PQgetisnull(result.handle, row, index) == 1 { return nil }
        return String(cString: PQgetvalue(result.handle, row, index))
    }

    /// Decodes a column into `T`; SQL NULL decodes only into an Optional.
    public func decode<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        guard let raw = try text(column) else { return try T.postgresNull(column: column) }
        do {
            return try T(postgresText: raw)
        } catch var error as PostgresError {
            error.message = "column \"\(column)\": " + error.message
            throw error
        }
    }

    /// Decodes a column by position (for single-column queries).
    public func decode<T: PostgresDecodable>(at index: Int, as type: T.Type = T.self) throws -> T {
        guard index < result.columns.count else {
            throw PostgresError(kind: .decoding, message: "the result has no column number \(index + 1)")
        }
        guard let raw = text(at: Int32(index)) else { return try T.postgresNull(column: result.columns[index]) }
        return try T(postgresText: raw)
    }
}

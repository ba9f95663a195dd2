import Foundation

extension PostgresConnection {
    /// Runs `sql` through a server-side cursor inside the current transaction and hands its rows to `body`
    /// `batchSize` at a time, so a large result never sits in memory whole. Must be called inside
    /// `transaction { … }`. Returns the number of rows.
    @discardableResult
    public func forEachBatch(_ sql: String, _ parameters: [(any PostgresEncodable)?] = [], batchSize: Int = 1_000,
                             _ body: (PostgresResult) throws -> Void) throws -> Int {
        precondition(inTransaction, "forEachBatch needs an open transaction")
        let name = "taco_cursor_\(UInt32.random(in: 0...UInt32.max))"
        try query("DECLARE \(name) NO SCROLL CURSOR FOR " + sql, parameters)
        var total = 0
        while true {
            let batch = try execute("FETCH \(max(1, batchSize)) FROM \(name)")
            if batch.isEmpty { break }
            total += batch.count
            try body(batch)
        }
        try execute("CLOSE \(name)")
        return total
    }
}

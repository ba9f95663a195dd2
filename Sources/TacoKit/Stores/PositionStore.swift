import Foundation

/// Truck positions: day partitions and bulk loading.
public struct PositionStore {
    let db: PostgresConnection
    public init(_ db: PostgresConnection) { self.db = db }

    /// One day partition of `truck_positions`.
    public struct Partition: Sendable {
        public let name: String
        public let day: LocalDate
    }

    /// Creates the partitions for `days` days starting at `from` (UTC days) that do not exist yet.
    /// Returns how many were created (0 when all existed).
    @discardableResult
    public func ensurePartitions(from: LocalDate, days: Int) throws -> Int {
        try db.scalar("SELECT taco_ensure_position_partitions($1::date, $2)", [from, days])
    }

    /// The partition name of a UTC day, e.g. truck_positions_20261121.
    public static func partitionName(_ day: LocalDate) -> String {
        "truck_positions_" + day.description.filter(\.isNumber)
    }

    /// The existing day partitions, oldest first.
    public func partitions() throws -> [Partition] {
        try db.query("""
            SELECT c.relname AS name
            FROM pg_inherits i
            JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'truck_positions'::regclass
            ORDER BY c.relname
            """).compactMap { row -> Partition? in
            let name: String = try row.decode("name")
            let digits = name.suffix(8)
            guard digits.count == 8, let year = Int(digits.prefix(4)), let month = Int(digits.dropFirst(4).prefix(2)),
                  let day = Int(digits.suffix(2)) else { return nil }
            return Partition(name: name, day: LocalDate(year: year, month: month, day: day))
        }
    }

    /// The columns of the CSV form of positions (header line included in files).
    public static let csvColumns = ["truck_id", "recorded_at", "lat", "lon", "accuracy_m", "speed_mps", "heading_deg"]

    /// Streams a CSV file (with header, `csvColumns`) into `truck_positions` through COPY in one transaction.
    /// Returns the number of rows loaded. Any bad row aborts the whole load.
    public func copyCSV(fromFileDescriptor descriptor: Int32, progress: (Int) -> Void = { _ in }) throws -> Int {
        try db.transaction { tx in
            try tx.copyIn("COPY truck_positions (\(Self.csvColumns.joined(separator: ", "))) FROM STDIN WITH (FORMAT csv, HEADER true)") { writer in
                var buffer = [UInt8](repeating: 0, count: 1 << 20)
                var total = 0
                while true {
                    let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                    if count < 0 {
                        if errno == EINTR { continue }
                        throw ToolError(.noInput, "read failed: \(String(cString: strerror(errno)))")
                    }
                    if count == 0 { break }
                    try buffer.withUnsafeBytes { try writer.write(contentsOf: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
                    total += count
                    progress(total)
                }
            }
        }
    }
}

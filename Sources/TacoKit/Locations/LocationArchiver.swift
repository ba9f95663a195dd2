import Foundation

/// One day's archive as recorded in the manifest (`location_archives`).
public struct LocationArchive: Sendable {
    public let day: LocalDate
    public let partition: String
    public let rangeStart: Date
    public let rangeEnd: Date
    public let rowCount: Int?
    public let bytes: Int?
    public let sha256: String?
    public let path: String?
    public let state: String
    public let createdAt: Date
    public let completedAt: Date?

    init(row: PostgresRow) throws {
        day = try row.decode("day")
        partition = try row.decode("partition_name")
        rangeStart = try row.decode("range_start")
        rangeEnd = try row.decode("range_end")
        rowCount = try row.decode("row_count")
        bytes = try row.decode("bytes")
        sha256 = try row.decode("sha256")
        path = try row.decode("path")
        state = try row.decode("state")
        createdAt = try row.decode("created_at")
        completedAt = try row.decode("completed_at")
    }
}

/// What archiving one day did.
public struct ArchiveOutcome: Sendable {
    public enum Action: String, Sendable { case archived, dropped = "dropped-after-recheck", wouldArchive = "would-archive", rearchived = "re-archived" }
    public let day: LocalDate
    public let action: Action
    public let rows: Int
    public let bytes: Int
    public let path: String
    public let sha256: String
}

/// Archives whole UTC days of truck positions: COPY out → gzip file (fsynced, renamed into place) → manifest row
/// → re-read and verify count and SHA-256 → commit → drop the partition (only if it still holds exactly the archived
/// rows). Each day is two transactions; a crash anywhere leaves either the partition with no verified archive (the
/// next run exports it again, replacing any file) or a verified archive with its partition (the next run re-verifies
/// the file and drops), so no row is lost and no day is archived twice.
public struct LocationArchiver {
    let db: PostgresConnection
    public init(_ db: PostgresConnection) { self.db = db }

    /// The advisory lock that keeps two archive runs from overlapping.
    public static let lock = AdvisoryLock("tacotracker:locations-archive")

    /// The archive file's columns, in order (CSV with a header line; timestamps in UTC as PostgreSQL prints them).
    public static let columns = ["truck_id", "recorded_at", "received_at", "lat", "lon", "accuracy_m", "speed_mps", "heading_deg"]

    /// The file name for a day.
    public static func fileName(_ day: LocalDate) -> String { "positions-\(day).csv.gz" }

    /// Test-only fault injection: `TACO_FAULT_INJECT=archive.<step>` ends the process abruptly at that step,
    /// as `kill -9` would, so tests can prove the crash guarantees.
    static func crashPoint(_ step: String) {
        if ProcessInfo.processInfo.environment["TACO_FAULT_INJECT"] == "archive.\(step)" { _exit(137) }
    }

    /// The manifest, newest day first.
    public func manifest() throws -> [LocationArchive] {
        try db.query("""
            SELECT day, partition_name, range_start, range_end, row_count, bytes, sha256, path, state, created_at, completed_at
            FROM location_archives ORDER BY day DESC
            """).map(LocationArchive.init(row:))
    }

    /// The days whose partitions exist and lie wholly before `cutoff`, oldest first.
    public func daysToArchive(before cutoff: LocalDate) throws -> [LocalDate] {
        try PositionStore(db).partitions().map(\.day).filter { $0 < cutoff }
    }

    /// Archives every eligible day into `directory`. With `dryRun`, reports what would be archived and writes nothing.
    public func archive(before cutoff: LocalDate, into directory: String, dryRun: Bool,
                        progress: (LocalDate, Int, Int) -> Void = { _, _, _ in }) throws -> [ArchiveOutcome] {
        try Self.checkDirectory(directory)
        let days = try daysToArchive(before: cutoff)
        var outcomes: [ArchiveOutcome] = []
        for (index, day) in days.enumerated() {
            progress(day, index, days.count)
            if dryRun {
                let rows: Int = try db.scalar("SELECT count(*) FROM \(try db.quoteIdentifier(PositionStore.partitionName(day)))")
                outcomes.append(ArchiveOutcome(day: day, action: .wouldArchive, rows: rows, bytes: 0,
                                               path: (directory as NSString).appendingPathComponent(Self.fileName(day)), sha256: ""))
                continue
            }
            outcomes.append(try archiveDay(day, into: directory))
        }
        return outcomes
    }

    /// Archives one day, resuming whatever a crashed run left.
    func archiveDay(_ day: LocalDate, into directory: String, attempt: Int = 0) throws -> ArchiveOutcome {
        let finalPath = (directory as NSString).appendingPathComponent(Self.fileName(day))
        Self.removeStalePartials(day, in: directory)
        // A verified archive whose partition survived (a crash between commit and drop): re-check the file, then drop.
        if let existing = try db.queryFirst("SELECT row_count, bytes, sha256, path FROM location_archives WHERE day = $1 AND state = 'verified'", [day]),
           let path: String = try existing.decode("path"), let rows: Int = try existing.decode("row_count"),
           let sha: String = try existing.decode("sha256") {
            if let check = try? Self.verify(path: path), check.rows == rows, check.sha256 == sha {
                do {
                    try drop(day, rows: rows)
                    return ArchiveOutcome(day: day, action: .dropped, rows: rows, bytes: check.bytes, path: path, sha256: sha)
                } catch let error as PostgresError where error.sqlState == "TT008" {
                    // Rows arrived after that archive was written: fall through and export the day again.
                }
            }
            try db.query("UPDATE location_archives SET state = 'writing' WHERE day = $1 AND state = 'verified'", [day])
        }
        let written = try db.transaction { tx -> (rows: Int, bytes: Int, sha256: String) in
            guard try tx.scalar("SELECT taco_archive_lock_partition($1::date)", [day], as: Bool.self) else {
                throw ToolError.data("the partition for \(day) no longer exists")
            }
            let partition = PositionStore.partitionName(day)
            try tx.query("""
                INSERT INTO location_archives (partition_name, day, range_start, range_end, state)
                VALUES ($1, $2::date, $2::date::timestamp AT TIME ZONE 'UTC', ($2::date + 1)::timestamp AT TIME ZONE 'UTC', 'writing')
                ON CONFLICT (day) DO UPDATE SET state = 'writing', row_count = NULL, bytes = NULL, sha256 = NULL, path = NULL
                """, [partition, day])
            let temporary = (directory as NSString).appendingPathComponent(".\(Self.fileName(day)).partial-\(getpid())")
            let writer = try GzipFileWriter(path: temporary)
            var rows = 0
            let sha: String
            do {
                rows = try tx.copyOut("""
                    COPY (SELECT \(Self.columns.joined(separator: ", ")) FROM \(try tx.quoteIdentifier(partition)) ORDER BY truck_id, recorded_at)
                    TO STDOUT WITH (FORMAT csv, HEADER true)
                    """) { chunk in try writer.write(chunk) }
                sha = try writer.finish()
            } catch {
                unlink(temporary)
                throw error
            }
            Self.crashPoint("after-temp-write")
            guard rename(temporary, finalPath) == 0 else {
                let reason = String(cString: strerror(errno))
                unlink(temporary)
                throw ToolError(.cannotCreate, "cannot move the archive into \(finalPath): \(reason)")
            }
            Self.fsyncDirectory(directory)
            Self.crashPoint("after-rename")
            // Re-read what is on disk: the count and the checksum must match what was written.
            let check = try Self.verify(path: finalPath)
            guard check.rows == rows, check.sha256 == sha, check.bytes == writer.compressedBytes else {
                throw ToolError(.failure, "the archive \(finalPath) does not read back as written (\(check.rows) of \(rows) rows)")
            }
            try tx.query("""
                UPDATE location_archives SET state = 'verified', row_count = $2, bytes = $3, sha256 = $4, path = $5, completed_at = now()
                WHERE day = $1
                """, [day, rows, check.bytes, sha, finalPath])
            return (rows, check.bytes, sha)
        }
        Self.crashPoint("after-manifest")
        do {
            try drop(day, rows: written.rows)
        } catch let error as PostgresError where error.sqlState == "TT008" && attempt == 0 {
            // Rows arrived after the export: archive the day again, once.
            try db.query("UPDATE location_archives SET state = 'writing' WHERE day = $1", [day])
            let again = try archiveDay(day, into: directory, attempt: 1)
            return ArchiveOutcome(day: day, action: .rearchived, rows: again.rows, bytes: again.bytes, path: again.path, sha256: again.sha256)
        }
        Self.crashPoint("after-drop")
        return ArchiveOutcome(day: day, action: .archived, rows: written.rows, bytes: written.bytes, path: finalPath, sha256: written.sha256)
    }

    private func drop(_ day: LocalDate, rows: Int) throws {
        try db.transaction { tx in _ = try tx.query("SELECT taco_archive_drop_partition($1::date, $2)", [day, rows]) }
    }

    /// Reads an archive back: its row count (lines after the header), compressed size and SHA-256.
    public static func verify(path: String) throws -> (rows: Int, bytes: Int, sha256: String) {
        var newlines = 0
        let (sha, bytes) = try GzipFileReader.read(path: path) { chunk in
            for byte in chunk where byte == UInt8(ascii: "\n") { newlines += 1 }
        }
        return (max(0, newlines - 1), bytes, sha)
    }

    /// Loads an archive into a new table `into` (default restored_positions_YYYYMMDD) after checking its SHA-256
    /// against the manifest. The live table is not touched. Returns the table and the row count.
    public func restore(path: String, into table: String?) throws -> (table: String, rows: Int) {
        let name = (path as NSString).lastPathComponent
        guard let dayText = name.range(of: "[0-9]{4}-[0-9]{2}-[0-9]{2}", options: .regularExpression).map({ String(name[$0]) }),
              let day = LocalDate(dayText) else {
            throw ToolError.data("\(path): not an archive file name (positions-YYYY-MM-DD.csv.gz)")
        }
        guard let entry = try db.queryFirst("SELECT sha256, row_count FROM location_archives WHERE day = $1 AND state IN ('verified', 'dropped')", [day]),
              let expected: String = try entry.decode("sha256"), let expectedRows: Int = try entry.decode("row_count") else {
            throw ToolError.data("\(path): no verified archive of \(day) in the manifest")
        }
        let check = try Self.verify(path: path)
        guard check.sha256 == expected else {
            throw ToolError.data("\(path): checksum mismatch (file \(check.sha256.prefix(12))…, manifest \(expected.prefix(12))…); the archive is corrupt")
        }
        guard check.rows == expectedRows else {
            throw ToolError.data("\(path): \(check.rows) rows, the manifest says \(expectedRows)")
        }
        let target = table ?? "restored_positions_\(String(day.description.filter(\.isNumber)))"
        let rows = try db.transaction { tx -> Int in
            try tx.query("SELECT taco_archive_restore_table($1)", [target])
            return try tx.copyIn("COPY \(try tx.quoteIdentifier(target)) (\(Self.columns.joined(separator: ", "))) FROM STDIN WITH (FORMAT csv, HEADER true)") { writer in
                _ = try GzipFileReader.read(path: path) { chunk in try writer.write(contentsOf: chunk) }
            }
        }
        return (target, rows)
    }

    static func checkDirectory(_ directory: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ToolError(.cannotCreate, "\(directory) is not a directory", hint: "create it first; archives are written there")
        }
        guard access(directory, W_OK | X_OK) == 0 else {
            throw ToolError(.cannotCreate, "\(directory) is not writable: \(String(cString: strerror(errno)))")
        }
    }

    /// Removes half-written files a crashed run left for this day (their names carry the dead run's pid).
    static func removeStalePartials(_ day: LocalDate, in directory: String) {
        let prefix = ".\(fileName(day)).partial-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name.hasPrefix(prefix) {
            unlink((directory as NSString).appendingPathComponent(name))
        }
    }

    static func fsyncDirectory(_ directory: String) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY)
        if descriptor >= 0 {
            fsync(descriptor)
            close(descriptor)
        }
    }
}

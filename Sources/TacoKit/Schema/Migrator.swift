import Crypto
import Foundation

/// One numbered SQL migration embedded in TacoKit.
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String
    /// Hex SHA-256 of the SQL text, recorded when applied; an edit after that is refused.
    public let checksum: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
        checksum = SHA256.hash(data: Data(sql.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// `0003_orders`
    public var id: String { String(format: "%04d_%@", version, name) }

    /// The migrations compiled into this build, in order (from `Sources/TacoKit/Schema/Migrations/NNNN_name.sql`).
    public static let embedded: [Migration] = EmbeddedSQL.files.compactMap { path, sql -> Migration? in
        guard path.hasPrefix("Migrations/"), path.hasSuffix(".sql") else { return nil }
        let file = path.dropFirst("Migrations/".count).dropLast(4)
        guard let underscore = file.firstIndex(of: "_"), let version = Int(file[..<underscore]) else { return nil }
        return Migration(version: version, name: String(file[file.index(after: underscore)...]), sql: sql)
    }.sorted { $0.version < $1.version }
}

/// The state of one migration in one database.
public struct MigrationStatus: Sendable {
    public enum State: String, Sendable { case applied, pending, modified, unknown }
    public let version: Int
    public let name: String
    public let state: State
    public let checksum: String
    public let appliedAt: Date?
    public let appliedBy: String?
    public let durationMilliseconds: Int?
}

/// A migration in the database whose text differs from this build's, or that this build does not know.
public struct MigrationMismatch: Error, Sendable {
    public let message: String
    public let hint: String
}

/// A migration that failed; the database is as it was before that migration.
public struct MigrationFailed: Error, Sendable {
    public let migration: String
    public let line: Int?
    public let underlying: PostgresError
}

/// Applies embedded migrations in order, each in its own transaction, under an advisory lock,
/// recording version, name, checksum, who and how long in `taco_schema_migrations`.
public struct Migrator {
    public let migrations: [Migration]

    public init(migrations: [Migration] = Migration.embedded) {
        self.migrations = migrations
    }

    static let ledgerDDL = """
        CREATE TABLE IF NOT EXISTS taco_schema_migrations (
            version     integer PRIMARY KEY,
            name        text NOT NULL,
            checksum    text NOT NULL,
            applied_at  timestamptz NOT NULL DEFAULT now(),
            applied_by  text NOT NULL DEFAULT session_user,
            duration_ms integer NOT NULL
        )
        """

    /// Lists every known migration with its state in this database. Reads only; works for any login
    /// that may read the ledger (an absent ledger means nothing is applied).
    public func status(_ db: PostgresConnection) throws -> [MigrationStatus] {
        let exists: Bool = try db.scalar("SELECT to_regclass('taco_schema_migrations') IS NOT NULL")
        var applied: [Int: PostgresRow] = [:]
        if exists {
            for row in try db.query("SELECT version, name, checksum, applied_at, applied_by, duration_ms FROM taco_schema_migrations ORDER BY version") {
                applied[try row.decode("version")] = row
            }
        }
        var statuses: [MigrationStatus] = []
        for migration in migrations {
            if let row = applied.removeValue(forKey: migration.version) {
                let checksum: String = try row.decode("checksum")
                statuses.append(MigrationStatus(
                    version: migration.version, name: migration.name,
                    state: checksum == migration.checksum ? .applied : .modified, checksum: checksum,
                    appliedAt: try row.decode("applied_at"), appliedBy: try row.decode("applied_by"),
                    durationMilliseconds: try row.decode("duration_ms")))
            } else {
                statuses.append(MigrationStatus(version: migration.version, name: migration.name, state: .pending,
                                                checksum: migration.checksum, appliedAt: nil, appliedBy: nil,
                                                durationMilliseconds: nil))
            }
        }
        for (version, row) in applied.sorted(by: { $0.key < $1.key }) {
            statuses.append(MigrationStatus(
                version: version, name: try row.decode("name"), state: .unknown, checksum: try row.decode("checksum"),
                appliedAt: try row.decode("applied_at"), appliedBy: try row.decode("applied_by"),
                durationMilliseconds: try row.decode("duration_ms")))
        }
        return statuses
    }

    /// Applies every pending migration (or, with `dryRun`, only reports them). Returns those applied.
    /// Refuses to run when an applied migration was edited or the database knows migrations this build
    /// does not. Waits for a concurrent migrator when `wait`, otherwise throws `LockUnavailable`.
    public func migrate(_ db: PostgresConnection, dryRun: Bool = false, wait: Bool = true,
                        progress: (Migration) -> Void = { _ in }) throws -> [Migration] {
        try db.withLock(.migrations, wait: wait) {
            if !dryRun { try db.execute(Self.ledgerDDL) }
            let statuses = try status(db)
            if let edited = statuses.first(where: { $0.state == .modified }) {
                let migration = migrations.first { $0.version == edited.version }
                throw MigrationMismatch(
                    message: "migration \(migration?.id ?? String(edited.version)) was edited after it was applied "
                        + "(checksum \(edited.checksum.prefix(12))… in the database, \(migration?.checksum.prefix(12) ?? "?")… in this build)",
                    hint: "never edit an applied migration: restore the file and add a new numbered migration instead")
            }
            if let unknown = statuses.first(where: { $0.state == .unknown }) {
                throw MigrationMismatch(
                    message: "the database has migration \(String(format: "%04d", unknown.version))_\(unknown.name), which this build does not know",
                    hint: "the database was migrated by a newer TacoTracker; upgrade these tools")
            }
            let pending = migrations.filter { migration in
                statuses.contains { $0.version == migration.version && $0.state == .pending }
            }
            if dryRun { return pending }
            for migration in pending {
                progress(migration)
                let started = ContinuousClock.now
                do {
                    try db.transaction { tx in
                        try tx.execute(migration.sql)
                        let elapsed = ContinuousClock.now - started
                        let millis = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
                        try tx.query("INSERT INTO taco_schema_migrations (version, name, checksum, duration_ms) VALUES ($1, $2, $3, $4)",
                                     [migration.version, migration.name, migration.checksum, millis])
                    }
                } catch let error as PostgresError {
                    throw MigrationFailed(migration: migration.id,
                                          line: error.position.map { Self.line(of: $0, in: migration.sql) },
                                          underlying: error)
                }
            }
            return pending
        }
    }

    /// True when every embedded migration is applied unmodified (for readiness checks).
    public func isCurrent(_ db: PostgresConnection) throws -> Bool {
        try status(db).allSatisfy { $0.state == .applied }
    }

    /// The server's position counts code points (not Swift Characters: "\r\n" or an emoji ZWJ sequence is one
    /// Character but several code points), so count over unicode scalars.
    static func line(of characterPosition: Int, in text: String) -> Int {
        var line = 1
        for (offset, scalar) in text.unicodeScalars.enumerated() {
            if offset >= characterPosition - 1 { break }
            if scalar == "\n" { line += 1 }
        }
        return line
    }
}

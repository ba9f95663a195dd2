import Crypto
import Foundation

/// A vendor's truck.
public struct Truck: Sendable, Equatable {
    public let id: UUID
    public let name: String
    public let plate: String
    public let capacity: Int
    public let status: String
    public let tokenRotatedAt: Date?
    public let createdAt: Date

    /// The statuses a truck may have.
    public static let statuses = ["active", "maintenance", "retired"]

    init(row: PostgresRow) throws {
        id = try row.decode("id")
        name = try row.decode("name")
        plate = try row.decode("plate")
        capacity = try row.decode("capacity")
        status = try row.decode("status")
        tokenRotatedAt = try row.decode("token_rotated_at")
        createdAt = try row.decode("created_at")
    }
}

/// Trucks of one vendor. Every query filters by the scope's vendor as well as by row-level security.
public struct TruckStore {
    let db: PostgresConnection
    let scope: VendorScope

    public init(_ db: PostgresConnection, scope: VendorScope) {
        self.db = db
        self.scope = scope
    }

    static let columns = "id, name, plate, capacity, status, token_rotated_at, created_at"

    /// All trucks, by name.
    public func list(status: String? = nil) throws -> [Truck] {
        try db.query("""
            SELECT \(Self.columns) FROM trucks
            WHERE vendor_id = $1 AND ($2::text IS NULL OR status = $2)
            ORDER BY name
            """, [scope.vendorID, status]).map(Truck.init(row:))
    }

    /// Finds a truck by id or by name (case-insensitive). Another vendor's truck is reported exactly like a missing one.
    public func resolve(_ reference: String) throws -> Truck {
        let id = UUID(uuidString: reference)
        let rows = try db.query("""
            SELECT \(Self.columns) FROM trucks
            WHERE vendor_id = $1 AND (id = $2 OR lower(name) = lower($3))
            ORDER BY (id = $2) DESC, name
            """, [scope.vendorID, id, reference]).map(Truck.init(row:))
        guard let truck = rows.first else {
            throw ToolError.data("truck \"\(reference)\" not found", hint: "`taco-vendor trucks list` shows your trucks")
        }
        return truck
    }

    /// Adds a truck; with `ifNotExists`, an existing truck of the same name is returned unchanged (created: false).
    public func add(name: String, plate: String, capacity: Int, ifNotExists: Bool) throws -> (truck: Truck, created: Bool) {
        try db.transaction { tx in
            if let existing = try tx.queryFirst("SELECT \(Self.columns) FROM trucks WHERE vendor_id = $1 AND lower(name) = lower($2)",
                                                [scope.vendorID, name]) {
                guard ifNotExists else {
                    throw ToolError.data("a truck named \"\(name)\" already exists", hint: "pass --if-not-exists to accept it")
                }
                return (try Truck(row: existing), false)
            }
            let row = try tx.queryFirst("""
                INSERT INTO trucks (vendor_id, name, plate, capacity) VALUES ($1, $2, $3, $4)
                RETURNING \(Self.columns)
                """, [scope.vendorID, name, plate, capacity])
            guard let row else { throw ToolError(.failure, "INSERT returned no row") }
            return (try Truck(row: row), true)
        }
    }

    /// Changes name, plate or capacity; returns the truck and whether anything changed (no write when nothing did).
    public func update(_ reference: String, name: String?, plate: String?, capacity: Int?) throws -> (truck: Truck, changed: Bool) {
        try db.transaction { tx in
            let current = try TruckStore(tx, scope: scope).resolve(reference)
            let row = try tx.queryFirst("""
                UPDATE trucks SET name = coalesce($3, name), plate = coalesce($4, plate), capacity = coalesce($5, capacity)
                WHERE vendor_id = $1 AND id = $2
                  AND (name, plate, capacity) IS DISTINCT FROM (coalesce($3, name), coalesce($4, plate), coalesce($5, capacity))
                RETURNING \(Self.columns)
                """, [scope.vendorID, current.id, name, plate, capacity])
            return try row.map { (try Truck(row: $0), true) } ?? (current, false)
        }
    }

    /// Sets the status; returns whether it changed.
    public func setStatus(_ reference: String, to status: String) throws -> (truck: Truck, changed: Bool) {
        guard Truck.statuses.contains(status) else {
            throw ToolError.usage("unknown truck status \"\(status)\"", hint: "use one of: \(Truck.statuses.joined(separator: ", "))")
        }
        return try db.transaction { tx in
            let current = try TruckStore(tx, scope: scope).resolve(reference)
            let row = try tx.queryFirst("""
                UPDATE trucks SET status = $3 WHERE vendor_id = $1 AND id = $2 AND status <> $3
                RETURNING \(Self.columns)
                """, [scope.vendorID, current.id, status])
            return try row.map { (try Truck(row: $0), true) } ?? (current, false)
        }
    }

    /// Issues a new device token for the truck's GPS unit, replacing any previous one. Only its SHA-256 is stored;
    /// the token itself is returned once and cannot be recovered.
    public func issueToken(_ reference: String) throws -> (truck: Truck, token: String) {
        var random = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &random) }
        let token = "tt_dev_" + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let hash = Data(SHA256.hash(data: Data(token.utf8)))
        return try db.transaction { tx in
            let current = try TruckStore(tx, scope: scope).resolve(reference)
            let row = try tx.queryFirst("""
                UPDATE trucks SET device_token_hash = $3, token_rotated_at = now() WHERE vendor_id = $1 AND id = $2
                RETURNING \(Self.columns)
                """, [scope.vendorID, current.id, hash])
            guard let row else { throw ToolError.data("truck \"\(reference)\" not found") }
            return (try Truck(row: row), token)
        }
    }

    /// The SHA-256 a device token is stored as.
    public static func tokenHash(_ token: String) -> Data { Data(SHA256.hash(data: Data(token.utf8))) }
}

import Foundation

/// A vendor's permit (business licence, health permit, insurance) with its expiry date.
public struct Permit: Sendable, Equatable {
    /// The kinds as typed on the command line, and the values `permits.kind` stores for them.
    public static let kinds: KeyValuePairs<String, String> = ["business-license": "business_license", "health": "health", "insurance": "insurance"]

    public let id: UUID
    /// The command-line spelling (`business-license`).
    public let kind: String
    public let number: String
    public let issuedOn: LocalDate?
    public let expiresOn: LocalDate
    public let createdAt: Date

    init(row: PostgresRow) throws {
        id = try row.decode("id")
        let stored: String = try row.decode("kind")
        kind = Permit.kinds.first(where: { $0.value == stored })?.key ?? stored
        number = try row.decode("number")
        issuedOn = try row.decode("issued_on")
        expiresOn = try row.decode("expires_on")
        createdAt = try row.decode("created_at")
    }

    /// The stored kind for a command-line kind (`business-license` or `business_license` → `business_license`), or nil.
    public static func storedKind(_ text: String) -> String? {
        let key = text.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "_", with: "-")
        return kinds.first(where: { $0.key == key })?.value
    }
}

/// The permits of one vendor. Every query filters by the scope's vendor as well as by row-level security.
public struct PermitStore {
    let db: PostgresConnection
    let scope: VendorScope

    public init(_ db: PostgresConnection, scope: VendorScope) {
        self.db = db
        self.scope = scope
    }

    static let columns = "id, kind, number, issued_on, expires_on, created_at"

    /// All permits, soonest expiry first.
    public func list() throws -> [Permit] {
        try db.query("SELECT \(Self.columns) FROM permits WHERE vendor_id = $1 ORDER BY expires_on, kind, number",
                     [scope.vendorID]).map(Permit.init(row:))
    }

    /// Adds a permit. `today` is the caller's date: an expiry before it is refused. With `ifNotExists`, an existing permit
    /// of the same kind and number is returned unchanged (created: false); without it, that is an error.
    public func add(kind: String, number: String, expires: LocalDate, today: LocalDate, ifNotExists: Bool) throws -> (permit: Permit, created: Bool) {
        guard let stored = Permit.storedKind(kind) else {
            throw ToolError.data("unknown permit kind \"\(kind)\"", hint: "use one of: \(Permit.kinds.map(\.key).joined(separator: ", "))")
        }
        let number = number.trimmingCharacters(in: .whitespaces)
        guard !number.isEmpty else { throw ToolError.data("the permit number is empty", hint: "pass --number as printed on the permit") }
        return try db.transaction { tx in
            if let row = try tx.queryFirst("SELECT \(Self.columns) FROM permits WHERE vendor_id = $1 AND kind = $2 AND number = $3",
                                           [scope.vendorID, stored, number]) {
                let existing = try Permit(row: row)
                guard ifNotExists else {
                    throw ToolError.data("a \(existing.kind) permit numbered \"\(number)\" already exists (id \(existing.id.lowercasedText), expires \(existing.expiresOn))",
                                         hint: "pass --if-not-exists to accept it")
                }
                return (existing, false)
            }
            guard expires >= today else {
                throw ToolError.data("the expiry date \(expires) is in the past (today is \(today))", hint: "a permit must be valid today to be added")
            }
            let row = try tx.queryFirst("""
                INSERT INTO permits (vendor_id, kind, number, expires_on) VALUES ($1, $2, $3, $4)
                RETURNING \(Self.columns)
                """, [scope.vendorID, stored, number, expires])
            guard let row else { throw ToolError(.failure, "INSERT returned no row") }
            return (try Permit(row: row), true)
        }
    }

    /// One permit by id; another vendor's id is reported exactly like a missing one.
    public func permit(id reference: String) throws -> Permit {
        let notFound = ToolError.data("permit \"\(reference)\" not found", hint: "`taco-vendor permits list` shows the ids")
        guard let id = UUID(uuidString: reference.trimmingCharacters(in: .whitespaces)) else { throw notFound }
        guard let row = try db.queryFirst("SELECT \(Self.columns) FROM permits WHERE vendor_id = $1 AND id = $2", [scope.vendorID, id]) else {
            throw notFound
        }
        return try Permit(row: row)
    }

    /// Removes a permit (with `dryRun`, only finds it).
    public func remove(id reference: String, dryRun: Bool = false) throws -> Permit {
        try db.transaction { tx in
            let permit = try PermitStore(tx, scope: scope).permit(id: reference)
            if !dryRun {
                try tx.query("DELETE FROM permits WHERE vendor_id = $1 AND id = $2", [scope.vendorID, permit.id])
            }
            return permit
        }
    }
}

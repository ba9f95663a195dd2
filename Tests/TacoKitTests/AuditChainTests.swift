import Foundation
import TacoKit
import TacoTestSupport
import Testing

/// The statement-level audit triggers (migration 0025): one audit row per changed row, in one hash chain that the
/// unchanged `taco_audit_verify()` accepts, serialised across concurrent transactions.
@Suite("Audit log: statement triggers and the hash chain")
struct AuditChainTests {
    /// Empty when the whole chain verifies (run as the owner, which may execute taco_audit_verify).
    static func brokenLinks(_ database: TestDatabase) throws -> [String] {
        try database.connect().query("SELECT id::text || ': ' || problem AS broken FROM taco_audit_verify()")
            .map { try $0.decode("broken", as: String.self) }
    }

    static func auditCount(_ database: TestDatabase) throws -> Int {
        try database.connect().scalar("SELECT count(*)::int FROM audit_log")
    }

    /// The audit rows after `afterID` as "ACTION table row_key" lines, in id order.
    static func entries(_ database: TestDatabase, after afterID: Int) throws -> [String] {
        try database.connect().query("""
            SELECT action || ' ' || table_name || ' ' || coalesce(row_key, '-') AS line
            FROM audit_log WHERE id > $1 ORDER BY id
            """, [afterID]).map { try $0.decode("line", as: String.self) }
    }

    static func lastID(_ database: TestDatabase) throws -> Int {
        try database.connect().scalar("SELECT coalesce(max(id), 0)::int FROM audit_log")
    }

    @Test("a multi-row INSERT, UPDATE and DELETE each log exactly one row per row, by the login, in a verifiable chain")
    func multiRowStatements() throws {
        let fixture = try TenantFixture.make()
        let database = fixture.database
        let vendor = try database.connect(as: fixture.a.adminLogin)
        let start = try Self.lastID(database)

        let ids = try vendor.query("""
            INSERT INTO trucks (vendor_id, name, plate, device_token_hash)
            SELECT $1, 'Bulk ' || i, 'BULK-' || i, '\\xdeadbeef' FROM generate_series(1, 5) AS i
            RETURNING id
            """, [fixture.a.vendorID]).map { try $0.decode("id", as: UUID.self) }
        #expect(ids.count == 5)
        let afterInsert = try Self.lastID(database)
        // Each row's own capacity, so a wrong old/new pairing shows.
        #expect(try vendor.query("""
            UPDATE trucks SET capacity = 100 + substr(name, 6)::int WHERE vendor_id = $1 AND name LIKE 'Bulk %'
            """, [fixture.a.vendorID]).affectedRows == 5)
        let afterUpdate = try Self.lastID(database)
        #expect(try vendor.query("DELETE FROM trucks WHERE vendor_id = $1 AND name LIKE 'Bulk %'", [fixture.a.vendorID]).affectedRows == 5)

        let keys = Set(ids.map { $0.uuidString.lowercased() })
        let owner = try database.connect()
        let rows = try owner.query("""
            SELECT id::int, action, table_name, row_key, vendor_id, actor,
                   old_data ->> 'id' AS old_id, new_data ->> 'id' AS new_id,
                   (old_data ->> 'capacity')::int AS old_capacity, (new_data ->> 'capacity')::int AS new_capacity,
                   new_data ->> 'name' AS new_name,
                   (coalesce(old_data, '{}') || coalesce(new_data, '{}')) ? 'device_token_hash' AS token_copied
            FROM audit_log WHERE id > $1 ORDER BY id
            """, [start])
        #expect(rows.count == 15)
        var lastSeen = start
        for row in rows {
            let id = try row.decode("id", as: Int.self)
            #expect(id == lastSeen + 1, "ids follow the chain without gaps")
            lastSeen = id
            let action = try row.decode("action", as: String.self)
            #expect(action == (id <= afterInsert ? "INSERT" : id <= afterUpdate ? "UPDATE" : "DELETE"))
            #expect(try row.decode("table_name", as: String.self) == "trucks")
            #expect(try row.decode("actor", as: String.self) == fixture.a.adminLogin)
            #expect(try row.decode("vendor_id", as: UUID.self) == fixture.a.vendorID)
            #expect(try row.decode("token_copied", as: Bool.self) == false)
            let key = try row.decode("row_key", as: String.self)
            #expect(keys.contains(key))
            let oldID = try row.decode("old_id", as: String?.self)
            let newID = try row.decode("new_id", as: String?.self)
            switch action {
            case "INSERT": #expect(oldID == nil && newID == key)
            case "DELETE": #expect(oldID == key && newID == nil)
            default:
                #expect(oldID == key && newID == key)
                let name = try #require(try row.decode("new_name", as: String?.self))
                #expect(try row.decode("old_capacity", as: Int.self) == 20)
                #expect(try row.decode("new_capacity", as: Int.self) == 100 + (Int(name.dropFirst(5)) ?? -1))
            }
        }
        for action in ["INSERT", "UPDATE", "DELETE"] {
            let logged: Int = try owner.scalar("""
                SELECT count(DISTINCT row_key)::int FROM audit_log WHERE id > $1 AND action = $2
                """, [start, action])
            #expect(logged == 5, "\(action): one row per changed row")
        }
        #expect(try Self.brokenLinks(database) == [])
    }

    @Test("statements that change no row, or only updated_at or never-copied columns, write no audit row")
    func noChangeNoRow() throws {
        let fixture = try TenantFixture.make()
        let database = fixture.database
        let vendor = try database.connect(as: fixture.a.adminLogin)
        let before = try Self.auditCount(database)

        #expect(try vendor.query("UPDATE trucks SET name = 'Nobody' WHERE false").affectedRows == 0)
        #expect(try vendor.query("DELETE FROM menu_items WHERE sku = 'NO-SUCH-SKU'").affectedRows == 0)
        #expect(try vendor.query("""
            INSERT INTO trucks (vendor_id, name, plate) SELECT $1, 'Ghost', 'GHOST' WHERE false
            """, [fixture.a.vendorID]).affectedRows == 0)
        // The other vendor's rows are invisible: the statement runs and changes nothing.
        #expect(try vendor.query("UPDATE menu_items SET price_cents = 1 WHERE id = $1", [fixture.b.itemID]).affectedRows == 0)
        // Rows are updated but nothing that is logged changes.
        #expect(try vendor.query("UPDATE trucks SET updated_at = updated_at + interval '1 minute'").affectedRows == 1)
        #expect(try vendor.query("UPDATE trucks SET device_token_hash = '\\x0102'").affectedRows == 1)
        #expect(try vendor.query("UPDATE menu_items SET name = name").affectedRows == 1)
        #expect(try Self.auditCount(database) == before)

        // A statement that changes nothing needs no lock and no READ COMMITTED; one that changes a row does.
        try vendor.transaction(isolation: .repeatableRead) { tx in
            try tx.query("UPDATE trucks SET name = 'Nobody' WHERE false")
            try tx.query("UPDATE trucks SET updated_at = now()")
        }
        #expect(try Self.auditCount(database) == before)
        let refused = #expect(throws: PostgresError.self) {
            try vendor.transaction(isolation: .repeatableRead) { tx in
                try tx.query("UPDATE trucks SET capacity = capacity + 1")
            }
        }
        #expect(refused?.sqlState == "TT002")
        #expect(try Self.auditCount(database) == before)
        #expect(try Self.brokenLinks(database) == [])
    }

    @Test("an UPDATE pairs old and new rows by key, also when the key itself changes")
    func updatePairing() throws {
        let fixture = try TenantFixture.make()
        let database = fixture.database
        let owner = try database.connect()
        try owner.query("""
            INSERT INTO trucks (vendor_id, name, plate) SELECT $1, 'Pair ' || i, 'PAIR-' || i FROM generate_series(1, 4) AS i
            """, [fixture.a.vendorID])
        let start = try Self.lastID(database)
        // Names rotate among the rows (a pairing by position in a re-sorted set would mix them up),
        // and one row gets a new primary key.
        let newKey = UUID()
        try owner.query("""
            UPDATE trucks SET name = 'Pair ' || (substr(name, 6)::int % 4 + 1) || '!',
                              id = CASE WHEN name = 'Pair 3' THEN $2::uuid ELSE id END
            WHERE vendor_id = $1 AND name LIKE 'Pair %'
            """, [fixture.a.vendorID, newKey])
        let rows = try owner.query("""
            SELECT row_key, old_data ->> 'id' AS old_id, new_data ->> 'id' AS new_id,
                   old_data ->> 'plate' AS old_plate, new_data ->> 'plate' AS new_plate,
                   old_data ->> 'name' AS old_name, new_data ->> 'name' AS new_name
            FROM audit_log WHERE id > $1 ORDER BY id
            """, [start])
        #expect(rows.count == 4)
        for row in rows {
            let oldName = try row.decode("old_name", as: String.self)
            let number = try #require(Int(oldName.dropFirst(5)))
            #expect(try row.decode("new_name", as: String.self) == "Pair \(number % 4 + 1)!")
            // The plate never changes, so it names the row on both sides.
            #expect(try row.decode("old_plate", as: String.self) == "PAIR-\(number)")
            #expect(try row.decode("new_plate", as: String.self) == "PAIR-\(number)")
            let newID = try row.decode("new_id", as: String.self)
            #expect(try row.decode("row_key", as: String.self) == newID)
            if number == 3 {
                #expect(newID == newKey.uuidString.lowercased())
                #expect(try row.decode("old_id", as: String.self) != newID)
            } else {
                #expect(try row.decode("old_id", as: String.self) == newID)
            }
        }
        #expect(try Self.brokenLinks(database) == [])
    }

    @Test("upserts log their inserts and updates; FK cascades log every deleted child row")
    func upsertAndCascade() throws {
        let fixture = try TenantFixture.make()
        let database = fixture.database
        let owner = try database.connect()
        let start = try Self.lastID(database)
        try owner.query("""
            INSERT INTO vendors (slug, name, status) VALUES ($1, 'Renamed', 'approved'), ($2, 'Fresh', 'applied')
            ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name
            """, [fixture.a.slug, fixture.a.slug + "-new"])
        let upserts = try Self.entries(database, after: start)
        #expect(upserts.count == 2)
        #expect(upserts.contains("UPDATE vendors \(fixture.a.vendorID.uuidString.lowercased())"))
        #expect(upserts.filter { $0.hasPrefix("INSERT vendors ") }.count == 1)

        let vendor = try database.connect(as: fixture.a.adminLogin)
        try vendor.query("""
            INSERT INTO option_groups (item_id, vendor_id, name) SELECT $1, $2, 'Group ' || g FROM generate_series(1, 3) AS g
            """, [fixture.a.itemID, fixture.a.vendorID])
        try vendor.query("""
            INSERT INTO options (group_id, vendor_id, name) SELECT og.id, og.vendor_id, 'Option ' || o
            FROM option_groups og, generate_series(1, 4) AS o WHERE og.item_id = $1
            """, [fixture.a.itemID])
        let beforeDelete = try Self.lastID(database)
        try vendor.query("DELETE FROM menu_items WHERE id = $1", [fixture.a.itemID])
        let deleted = try Self.entries(database, after: beforeDelete)
        #expect(deleted.filter { $0.hasPrefix("DELETE menu_items ") } == ["DELETE menu_items \(fixture.a.itemID.uuidString.lowercased())"])
        #expect(deleted.filter { $0.hasPrefix("DELETE option_groups ") }.count == 3)
        #expect(deleted.filter { $0.hasPrefix("DELETE options ") }.count == 12)
        #expect(deleted.count == 16)
        #expect(try Self.brokenLinks(database) == [])
    }

    @Test("two sessions writing audited rows at the same time leave one unbroken chain")
    func concurrentWritersOneChain() throws {
        let fixture = try TenantFixture.make()
        let database = fixture.database
        let before = try Self.auditCount(database)
        let rounds = 25, perStatement = 6
        let go = DispatchSemaphore(value: 0)
        let writers = try [fixture.a, fixture.b].map { tenant in
            let conninfo = try database.conninfo(user: tenant.adminLogin)
            return PGTestThread { () throws -> Int in
                let db = try PostgresConnection(conninfo: conninfo)
                guard go.wait(timeout: .now() + 10) == .success else { throw PGTestThread<Int>.TimedOut() }
                var statements = 0
                for round in 1...rounds {
                    try db.transaction { tx in
                        try tx.query("""
                            INSERT INTO trucks (vendor_id, name, plate)
                            SELECT $1, 'Race ' || $2 || '.' || i, 'RACE-' || $2 || '.' || i FROM generate_series(1, $3::int) AS i
                            """, [tenant.vendorID, round, perStatement])
                        try tx.query("UPDATE trucks SET capacity = capacity + 1 WHERE name LIKE $1", ["Race \(round).%"])
                        try tx.query("UPDATE menu_items SET price_cents = price_cents + 1 WHERE id = $1", [tenant.itemID])
                        if round % 2 == 0 { try tx.query("DELETE FROM trucks WHERE name LIKE $1", ["Race \(round).%"]) }
                    }
                    statements += round % 2 == 0 ? 4 : 3
                }
                return statements
            }
        }
        go.signal()
        go.signal()
        let statements = try writers.map { try $0.join(seconds: 120) }
        #expect(statements == [87, 87])

        // Per vendor and round: 6 inserts + 6 updates + 1 price update, and 6 deletes in even rounds.
        let expectedPerVendor = rounds * (perStatement * 2 + 1) + (rounds / 2) * perStatement
        #expect(try Self.auditCount(database) == before + 2 * expectedPerVendor)
        let owner = try database.connect()
        for tenant in [fixture.a, fixture.b] {
            let rows: Int = try owner.scalar("""
                SELECT count(*)::int FROM audit_log WHERE vendor_id = $1 AND actor = $2
                """, [tenant.vendorID, tenant.adminLogin])
            #expect(rows == expectedPerVendor)
        }
        // The chain links every row to the one before it: no two rows share a predecessor, none is skipped.
        let forks: Int = try owner.scalar("""
            SELECT count(*)::int FROM (SELECT prev_hash FROM audit_log GROUP BY prev_hash HAVING count(*) > 1) AS f
            """)
        #expect(forks == 0)
        #expect(try Self.brokenLinks(database) == [])
    }
}

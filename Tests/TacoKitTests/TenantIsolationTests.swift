import Foundation
import TacoKit
import TacoTestSupport
import Testing

/// Row-level security proven through two real LOGIN roles of two vendors: neither can read, change or
/// even detect the other's rows. (A superuser's SET ROLE would prove nothing: it is not a real login.)
@Suite("Tenant isolation through real vendor logins")
struct TenantIsolationTests {
    static func scopedRows(_ tenant: TenantFixture.Tenant) -> [(table: String, id: UUID)] {
        [("trucks", tenant.truckID), ("menus", tenant.menuID), ("menu_items", tenant.itemID),
         ("orders", tenant.orderID), ("payouts", tenant.payoutID)]
    }

    @Test("each vendor login sees exactly its own trucks, menus, items, orders and payouts")
    func readsOnlyOwnRows() throws {
        let fixture = try TenantFixture.make()
        for (me, other) in [(fixture.a, fixture.b), (fixture.b, fixture.a)] {
            let db = try fixture.database.connect(as: me.adminLogin)
            for ((table, mine), (_, theirs)) in zip(Self.scopedRows(me), Self.scopedRows(other)) {
                let ids = try db.query("SELECT id FROM \(table)").map { try $0.decode("id", as: UUID.self) }
                #expect(ids == [mine], "\(me.adminLogin) on \(table)")
                let otherRow = try db.queryFirst("SELECT id FROM \(table) WHERE id = $1", [theirs])
                #expect(otherRow == nil, "\(me.adminLogin) can see \(other.slug)'s \(table) row")
            }
            let vendors = try db.query("SELECT slug FROM vendors").map { try $0.decode("slug", as: String.self) }
            #expect(vendors == [me.slug])
            let members = try db.query("SELECT login FROM vendor_members").map { try $0.decode("login", as: String.self) }
            #expect(members == [me.adminLogin])
        }
    }

    @Test("updates and deletes aimed at the other vendor's rows touch nothing")
    func cannotChangeOtherRows() throws {
        let fixture = try TenantFixture.make()
        let db = try fixture.database.connect(as: fixture.a.adminLogin)
        #expect(try db.query("UPDATE trucks SET name = 'Hijacked' WHERE id = $1", [fixture.b.truckID]).affectedRows == 0)
        #expect(try db.query("UPDATE menu_items SET price_cents = 1 WHERE id = $1", [fixture.b.itemID]).affectedRows == 0)
        #expect(try db.query("DELETE FROM menu_items WHERE id = $1", [fixture.b.itemID]).affectedRows == 0)
        #expect(try db.query("UPDATE orders SET status = 'CANCELLED', cancel_reason = 'x' WHERE id = $1", [fixture.b.orderID]).affectedRows == 0)

        let owner = try fixture.database.connect()
        #expect(try owner.scalar("SELECT name FROM trucks WHERE id = $1", [fixture.b.truckID], as: String.self) == "Truck 1")
        #expect(try owner.scalar("SELECT price_cents FROM menu_items WHERE id = $1", [fixture.b.itemID], as: Int.self) == 450)
        #expect(try owner.scalar("SELECT status FROM orders WHERE id = $1", [fixture.b.orderID], as: String.self) == "PENDING")
    }

    @Test("writing a row for the other vendor, or moving one's own row to it, is refused with 42501")
    func cannotWriteIntoOtherVendor() throws {
        let fixture = try TenantFixture.make()
        let db = try fixture.database.connect(as: fixture.a.adminLogin)
        let insert = #expect(throws: PostgresError.self) {
            try db.query("INSERT INTO trucks (vendor_id, name, plate) VALUES ($1, 'Trojan', 'T-1')", [fixture.b.vendorID])
        }
        #expect(insert?.sqlState == "42501")
        #expect(ErrorReport.describe(try #require(insert)).status == .permissionDenied)
        let move = #expect(throws: PostgresError.self) {
            try db.query("UPDATE trucks SET vendor_id = $1 WHERE id = $2", [fixture.b.vendorID, fixture.a.truckID])
        }
        #expect(move?.sqlState == "42501")
        let owner = try fixture.database.connect()
        #expect(try owner.scalar("SELECT count(*) FROM trucks WHERE vendor_id = $1", [fixture.b.vendorID], as: Int.self) == 1)
    }

    @Test("a vendor cannot detect the other's values through unique keys")
    func uniqueKeysDoNotLeak() throws {
        let fixture = try TenantFixture.make()
        let db = try fixture.database.connect(as: fixture.a.adminLogin)
        // B's SKU and plate are free for A: a global unique key would have answered 23505 and leaked them.
        try db.query("INSERT INTO menu_items (menu_id, vendor_id, sku, name, price_cents) VALUES ($1, $2, 'SECRET-B', 'Mine too', 500)",
                     [fixture.a.menuID, fixture.a.vendorID])
        try db.query("INSERT INTO trucks (vendor_id, name, plate) VALUES ($1, 'Truck 2', 'PLATE-B')", [fixture.a.vendorID])
        #expect(try db.scalar("SELECT count(*) FROM menu_items WHERE sku = 'SECRET-B'", as: Int.self) == 1)
    }

    @Test("vendor logins have no access to employees, HR runs or the outbox")
    func noAccessToPlatformTables() throws {
        let fixture = try TenantFixture.make()
        let db = try fixture.database.connect(as: fixture.a.adminLogin)
        for table in ["users", "departments", "hr_sync_runs", "outbox", "data_requests"] {
            let error = #expect(throws: PostgresError.self) { try db.query("SELECT count(*) FROM \(table)") }
            #expect(error?.sqlState == "42501", "\(table)")
        }
    }

    @Test("the same isolation holds through plain SQL in psql")
    func isolationThroughPsql() throws {
        let fixture = try TenantFixture.make()
        let conninfo = try fixture.database.conninfo(user: fixture.a.adminLogin)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = [conninfo, "-X", "-At", "-v", "ON_ERROR_STOP=1", "-c",
                             "SELECT (SELECT count(*) FROM orders) || ',' || (SELECT count(*) FROM payouts) || ',' || (SELECT string_agg(slug, ';') FROM vendors)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "1,1,\(fixture.a.slug)")
    }

    @Test("the audit log records writes by login and refuses UPDATE and DELETE to everyone")
    func auditIsAppendOnly() throws {
        let fixture = try TenantFixture.make()
        let vendor = try fixture.database.connect(as: fixture.a.adminLogin)
        try vendor.query("UPDATE trucks SET name = 'Renamed' WHERE id = $1", [fixture.a.truckID])
        let actor: String? = try fixture.database.connect().queryFirst(
            "SELECT actor FROM audit_log WHERE table_name = 'trucks' AND row_key = $1 AND action = 'UPDATE'",
            [fixture.a.truckID.postgresText])?.decode("actor")
        #expect(actor == fixture.a.adminLogin)
        // A vendor sees audit rows about its own vendor only.
        let foreign: Int = try vendor.scalar("SELECT count(*) FROM audit_log WHERE vendor_id = $1", [fixture.b.vendorID])
        #expect(foreign == 0)

        let sysadmin = try fixture.database.createLogin(group: "taco_sysadmin", prefix: "it")
        for login in ["taco_owner", sysadmin] {
            let db = try fixture.database.connect(as: login)
            #expect(throws: PostgresError.self) { try db.query("UPDATE audit_log SET actor = 'nobody'") }
            #expect(throws: PostgresError.self) { try db.query("DELETE FROM audit_log") }
            #expect(throws: PostgresError.self) { try db.execute("TRUNCATE audit_log") }
        }
        #expect(try fixture.database.connect().scalar("SELECT count(*) FROM audit_log WHERE actor = 'nobody'", as: Int.self) == 0)
    }

    @Test("the order state machine is enforced in the database and every move leaves an event")
    func orderStateMachine() throws {
        let fixture = try TenantFixture.make()
        let db = try fixture.database.connect(as: fixture.a.adminLogin)
        let illegal = #expect(throws: PostgresError.self) {
            try db.query("UPDATE orders SET status = 'READY' WHERE id = $1", [fixture.a.orderID])
        }
        #expect(illegal?.sqlState == "TT001")
        #expect(illegal?.message.contains("PENDING") == true)
        #expect(ErrorReport.describe(try #require(illegal)).status == .dataError)
        try db.query("UPDATE orders SET status = 'CONFIRMED' WHERE id = $1", [fixture.a.orderID])
        let events = try db.query("SELECT from_status, to_status, actor FROM order_events WHERE order_id = $1 ORDER BY id", [fixture.a.orderID])
        let last = try #require(events.last)
        #expect(try last.decode("from_status", as: String?.self) == "PENDING")
        #expect(try last.decode("to_status", as: String.self) == "CONFIRMED")
        #expect(try last.decode("actor", as: String.self) == fixture.a.adminLogin)
    }
}

import Foundation

/// Loads and describes the demo data set.
public struct DemoStore {
    let db: PostgresConnection
    public init(_ db: PostgresConnection) { self.db = db }

    /// True when the demo data set is already in this database.
    public func isLoaded() throws -> Bool {
        guard try db.scalar("SELECT to_regclass('demo_marker') IS NOT NULL", as: Bool.self) else { return false }
        return try db.scalar("SELECT EXISTS (SELECT 1 FROM demo_marker)", as: Bool.self)
    }

    /// Loads the demo data in one transaction, unless it is already there. Returns false when skipped.
    public func load() throws -> Bool {
        guard let script = DemoData.script else {
            throw ToolError(.failure, "this build carries no demo data")
        }
        return try db.withLock(.demoLoad, wait: true) {
            if try isLoaded() { return false }
            guard try Migrator().isCurrent(db) else {
                throw ToolError(.dataError, "the database is not fully migrated", hint: "run `taco-admin db migrate` first")
            }
            try db.transaction { tx in _ = try tx.execute(script) }
            return true
        }
    }

    /// Row counts of the main tables, for the demo tour.
    public func summary() throws -> [(table: String, rows: Int)] {
        let tables = ["campuses", "departments", "users", "vendors", "permits", "trucks", "menus", "menu_items",
                      "option_groups", "options", "schedules", "orders", "order_events", "payments", "refunds",
                      "truck_positions", "truck_last_positions", "geofence_events", "audit_log"]
        var counts: [(String, Int)] = []
        for table in tables {
            // Table names come from the fixed list above, never from input.
            let count: Int = try db.scalar("SELECT count(*) FROM \(try db.quoteIdentifier(table))")
            counts.append((table, count))
        }
        return counts
    }
}

import Foundation

/// A menu of the vendor (a vendor may keep several; imports target one by name).
public struct MenuRef: Sendable, Equatable {
    public let id: UUID
    public let name: String
    public let active: Bool
}

/// The result of `MenuStore.importDocument`.
public struct MenuImportResult: Sendable {
    public let menu: String
    public let menuCreated: Bool
    public let plan: MenuImportPlan
    public let ingredientsCreated: Int
    public let dryRun: Bool
}

/// One line of `menu show`.
public struct MenuItemStatus: Sendable {
    public let sku: String, name: String, category: String
    public let priceCents: Int, prepMinutes: Int
    public let available: Bool
    public let soldOutUntil: Date?
    /// The item's ingredients that are 86-ed right now.
    public let eightySixedIngredients: [String]
    /// What `menu_item_availability` says: can it be ordered right now?
    public let orderable: Bool
    /// `Salsa (0-2, 4 options); Size (1-1, required, 2 options)`.
    public let optionGroups: String

    /// `available`, `86`, `86 until <time>` or `86: <ingredients>` (why it cannot be ordered).
    public var state: String {
        if orderable { return "available" }
        if !available { return "86" }
        if let soldOutUntil { return "86 until \(Timestamp.rfc3339(soldOutUntil))" }
        if !eightySixedIngredients.isEmpty { return "86: " + eightySixedIngredients.joined(separator: ", ") }
        return "unavailable"
    }
}

/// The outcome of an 86 / un-86: whether anything changed, and the items it concerns with their availability.
public struct EightySixResult: Sendable {
    public let changed: Bool
    public let items: [MenuItemStatus]
}

/// Menus, items, option groups, options and ingredients of one vendor. Every query filters by the scope's
/// vendor as well as by row-level security; another vendor's SKU or ingredient looks exactly like a missing one.
public struct MenuStore {
    let db: PostgresConnection
    let scope: VendorScope

    public init(_ db: PostgresConnection, scope: VendorScope) {
        self.db = db
        self.scope = scope
    }

    // MARK: Menus

    /// The vendor's menus, active first, then oldest first.
    public func menus() throws -> [MenuRef] {
        try db.query("""
            SELECT id, name, active FROM menus WHERE vendor_id = $1 ORDER BY active DESC, created_at, name
            """, [scope.vendorID]).map { MenuRef(id: try $0.decode("id"), name: try $0.decode("name"), active: try $0.decode("active")) }
    }

    /// The menu named `name`, or (nil) the vendor's first active menu (oldest), else its first menu.
    /// Returns also how many menus the vendor has, so a caller can say which one it picked.
    public func resolveMenu(_ name: String?) throws -> (menu: MenuRef, of: Int) {
        let all = try menus()
        if let name {
            guard let menu = all.first(where: { $0.name == name }) ?? all.first(where: { $0.name.lowercased() == name.lowercased() }) else {
                throw ToolError.data("menu \"\(name)\" not found",
                                     hint: all.isEmpty ? "import one with `taco-vendor menu import FILE`" : "menus: " + all.map(\.name).joined(separator: ", "))
            }
            return (menu, all.count)
        }
        guard let first = all.first else {
            throw ToolError.data("this vendor has no menu yet", hint: "import one with `taco-vendor menu import FILE`")
        }
        return (first, all.count)
    }

    // MARK: Import

    private struct DryRunRollback: Error { let result: MenuImportResult }

    /// Imports `document` in one transaction: upserts items by sku (their groups and options by name,
    /// ingredients by name), writes nothing for unchanged rows, removes absent items with `prune`.
    /// With `dryRun` everything is written and checked, then rolled back; the report is the same.
    public func importDocument(_ document: MenuDocument, prune: Bool, dryRun: Bool) throws -> MenuImportResult {
        guard scope.role != .staff else {
            throw ToolError(.permissionDenied, "vendor staff cannot import menus (the login \"\(scope.login)\" is staff of \(scope.slug))",
                            hint: "ask a vendor admin; staff can 86 and un-86 items and ingredients")
        }
        do {
            return try db.transaction { tx in
                let result = try MenuStore(tx, scope: scope).importInTransaction(document, prune: prune, dryRun: dryRun)
                if dryRun { throw DryRunRollback(result: result) }
                return result
            }
        } catch let rollback as DryRunRollback {
            return rollback.result
        }
    }

    private func importInTransaction(_ document: MenuDocument, prune: Bool, dryRun: Bool) throws -> MenuImportResult {
        // Two imports for one vendor at once would race on the same SKUs: the second waits for the first.
        try db.query("SELECT pg_advisory_xact_lock($1)", [AdvisoryLock("tacotracker:menu-import:\(scope.vendorID)").key])
        var menuCreated = false
        let menuID: UUID
        if let id: UUID = try db.queryFirst("SELECT id FROM menus WHERE vendor_id = $1 AND name = $2", [scope.vendorID, document.menu])?.decode("id") {
            menuID = id
        } else {
            menuID = try db.scalar("INSERT INTO menus (vendor_id, name) VALUES ($1, $2) RETURNING id", [scope.vendorID, document.menu])
            menuCreated = true
        }
        let snapshot = try loadSnapshot(menuID: menuID, skus: document.items.map(\.sku))
        let plan = MenuImportPlan.make(document: document, menuID: menuID, snapshot: snapshot, prune: prune)
        let ingredientsCreated = try apply(plan, menuID: menuID)
        return MenuImportResult(menu: document.menu, menuCreated: menuCreated, plan: plan, ingredientsCreated: ingredientsCreated, dryRun: dryRun)
    }

    func loadSnapshot(menuID: UUID, skus: [String]) throws -> MenuSnapshot {
        var items = try db.query("""
            SELECT id, menu_id, sku, name, category, description, price_cents, prep_minutes, available, position
            FROM menu_items
            WHERE vendor_id = $1 AND (menu_id = $2 OR sku = ANY($3::text[]))
            """, [scope.vendorID, menuID, skus]).map { row in
            MenuSnapshot.Item(id: try row.decode("id"), menuID: try row.decode("menu_id"), sku: try row.decode("sku"),
                              name: try row.decode("name"), category: try row.decode("category"),
                              description: try row.decode("description"), priceCents: try row.decode("price_cents"),
                              prepMinutes: try row.decode("prep_minutes"), available: try row.decode("available"),
                              position: try row.decode("position"), groups: [], ingredients: [])
        }
        guard !items.isEmpty else { return MenuSnapshot(items: []) }
        let ids = items.map { $0.id.postgresText }
        var options: [UUID: [MenuSnapshot.Option]] = [:]
        for row in try db.query("""
            SELECT o.id, o.group_id, o.name, o.price_delta_cents, o.available, o.position
            FROM options o JOIN option_groups g ON g.id = o.group_id
            WHERE o.vendor_id = $1 AND g.vendor_id = $1 AND g.item_id = ANY($2::uuid[])
            ORDER BY o.position, o.name COLLATE "C"
            """, [scope.vendorID, ids]) {
            options[try row.decode("group_id"), default: []].append(
                MenuSnapshot.Option(id: try row.decode("id"), name: try row.decode("name"), priceDeltaCents: try row.decode("price_delta_cents"),
                                    available: try row.decode("available"), position: try row.decode("position")))
        }
        var groups: [UUID: [MenuSnapshot.Group]] = [:]
        for row in try db.query("""
            SELECT id, item_id, name, min_choices, max_choices, required, position
            FROM option_groups WHERE vendor_id = $1 AND item_id = ANY($2::uuid[])
            ORDER BY position, name COLLATE "C"
            """, [scope.vendorID, ids]) {
            let id: UUID = try row.decode("id")
            groups[try row.decode("item_id"), default: []].append(
                MenuSnapshot.Group(id: id, name: try row.decode("name"), min: try row.decode("min_choices"), max: try row.decode("max_choices"),
                                   required: try row.decode("required"), position: try row.decode("position"), options: options[id] ?? []))
        }
        var ingredients: [UUID: Set<String>] = [:]
        for row in try db.query("""
            SELECT mii.item_id, i.name
            FROM menu_item_ingredients mii JOIN ingredients i ON i.id = mii.ingredient_id
            WHERE mii.vendor_id = $1 AND i.vendor_id = $1 AND mii.item_id = ANY($2::uuid[])
            """, [scope.vendorID, ids]) {
            ingredients[try row.decode("item_id"), default: []].insert(try row.decode("name"))
        }
        for index in items.indices {
            items[index].groups = groups[items[index].id] ?? []
            items[index].ingredients = ingredients[items[index].id] ?? []
        }
        return MenuSnapshot(items: items)
    }

    /// Runs the plan as a handful of set-based statements (rows travel as one JSON parameter per statement),
    /// so a 1,000-item menu costs a dozen round trips, not thousands. Returns the number of ingredients created.
    private func apply(_ plan: MenuImportPlan, menuID: UUID) throws -> Int {
        let vendor = scope.vendorID
        func rows(_ columns: [String], _ values: [[Cell]]) -> String {
            "[" + values.map { JSON.object(columns, $0) }.joined(separator: ",") + "]"
        }
        func expect(_ affected: Int, _ wanted: Int, _ what: String) throws {
            guard affected == wanted else {
                throw ToolError(.failure, "internal error: \(what) touched \(affected) rows, expected \(wanted)",
                                hint: "nothing was written; this is a bug, please report it")
            }
        }
        var created = 0
        if !plan.ingredients.isEmpty {
            created = try db.query("""
                INSERT INTO ingredients (vendor_id, name)
                SELECT $1, n FROM unnest($2::text[]) AS n
                WHERE NOT EXISTS (SELECT 1 FROM ingredients i WHERE i.vendor_id = $1 AND i.name = n)
                """, [vendor, plan.ingredients]).affectedRows
        }
        // Deletes first, so a renamed group or option never collides with its old name.
        if !plan.itemDeletes.isEmpty {
            try expect(try db.query("DELETE FROM menu_items WHERE vendor_id = $1 AND id = ANY($2::uuid[])",
                                    [vendor, plan.itemDeletes.map(\.postgresText)]).affectedRows, plan.itemDeletes.count, "removing items")
        }
        if !plan.groupDeletes.isEmpty {
            try expect(try db.query("DELETE FROM option_groups WHERE vendor_id = $1 AND id = ANY($2::uuid[])",
                                    [vendor, plan.groupDeletes.map(\.postgresText)]).affectedRows, plan.groupDeletes.count, "removing option groups")
        }
        if !plan.optionDeletes.isEmpty {
            try expect(try db.query("DELETE FROM options WHERE vendor_id = $1 AND id = ANY($2::uuid[])",
                                    [vendor, plan.optionDeletes.map(\.postgresText)]).affectedRows, plan.optionDeletes.count, "removing options")
        }
        if !plan.linkDeletes.isEmpty {
            let json = rows(["item_id", "name"], plan.linkDeletes.map { [.optional($0.itemID?.postgresText), .text($0.ingredient)] })
            try expect(try db.query("""
                DELETE FROM menu_item_ingredients mii
                USING jsonb_to_recordset($2::jsonb) AS u(item_id uuid, name text), ingredients i
                WHERE mii.vendor_id = $1 AND i.vendor_id = $1 AND i.name = u.name
                  AND mii.item_id = u.item_id AND mii.ingredient_id = i.id
                """, [vendor, json]).affectedRows, plan.linkDeletes.count, "unlinking ingredients")
        }

        let itemColumns = ["id", "sku", "name", "category", "description", "price_cents", "prep_minutes", "available", "position"]
        func itemCells(_ row: MenuImportPlan.ItemRow) -> [Cell] {
            [.optional(row.id?.postgresText), .text(row.item.sku), .text(row.item.name), .text(row.item.category), .optional(row.item.description),
             .int(row.item.priceCents), .int(row.item.prepMinutes), .bool(row.item.available), .int(row.position)]
        }
        let itemRecord = "u(id uuid, sku text, name text, category text, description text, price_cents int, prep_minutes smallint, available bool, position int)"
        if !plan.itemUpdates.isEmpty {
            try expect(try db.query("""
                UPDATE menu_items m
                SET menu_id = $2, name = u.name, category = u.category, description = u.description, price_cents = u.price_cents,
                    prep_minutes = u.prep_minutes, available = u.available, position = u.position
                FROM jsonb_to_recordset($3::jsonb) AS \(itemRecord)
                WHERE m.vendor_id = $1 AND m.id = u.id
                """, [vendor, menuID, rows(itemColumns, plan.itemUpdates.map(itemCells))]).affectedRows, plan.itemUpdates.count, "updating items")
        }
        if !plan.itemInserts.isEmpty {
            try expect(try db.query("""
                INSERT INTO menu_items (menu_id, vendor_id, sku, name, category, description, price_cents, prep_minutes, available, position)
                SELECT $2, $1, u.sku, u.name, u.category, u.description, u.price_cents, u.prep_minutes, u.available, u.position
                FROM jsonb_to_recordset($3::jsonb) AS \(itemRecord)
                """, [vendor, menuID, rows(itemColumns, plan.itemInserts.map(itemCells))]).affectedRows, plan.itemInserts.count, "adding items")
        }

        let groupColumns = ["id", "sku", "name", "min_choices", "max_choices", "required", "position"]
        func groupCells(_ row: MenuImportPlan.GroupRow) -> [Cell] {
            [.optional(row.id?.postgresText), .text(row.sku), .text(row.group.name), .int(row.group.min), .int(row.group.max),
             .bool(row.group.required), .int(row.position)]
        }
        let groupRecord = "u(id uuid, sku text, name text, min_choices smallint, max_choices smallint, required bool, position int)"
        if !plan.groupUpdates.isEmpty {
            try expect(try db.query("""
                UPDATE option_groups g
                SET min_choices = u.min_choices, max_choices = u.max_choices, required = u.required, position = u.position
                FROM jsonb_to_recordset($2::jsonb) AS \(groupRecord)
                WHERE g.vendor_id = $1 AND g.id = u.id
                """, [vendor, rows(groupColumns, plan.groupUpdates.map(groupCells))]).affectedRows, plan.groupUpdates.count, "updating option groups")
        }
        if !plan.groupInserts.isEmpty {
            try expect(try db.query("""
                INSERT INTO option_groups (item_id, vendor_id, name, min_choices, max_choices, required, position)
                SELECT mi.id, $1, u.name, u.min_choices, u.max_choices, u.required, u.position
                FROM jsonb_to_recordset($2::jsonb) AS \(groupRecord)
                JOIN menu_items mi ON mi.vendor_id = $1 AND mi.sku = u.sku
                """, [vendor, rows(groupColumns, plan.groupInserts.map(groupCells))]).affectedRows, plan.groupInserts.count, "adding option groups")
        }

        let optionColumns = ["id", "sku", "group_name", "name", "price_delta_cents", "available", "position"]
        func optionCells(_ row: MenuImportPlan.OptionRow) -> [Cell] {
            [.optional(row.id?.postgresText), .text(row.sku), .text(row.groupName), .text(row.option.name), .int(row.option.priceDeltaCents),
             .bool(row.option.available), .int(row.position)]
        }
        let optionRecord = "u(id uuid, sku text, group_name text, name text, price_delta_cents int, available bool, position int)"
        if !plan.optionUpdates.isEmpty {
            try expect(try db.query("""
                UPDATE options o
                SET price_delta_cents = u.price_delta_cents, available = u.available, position = u.position
                FROM jsonb_to_recordset($2::jsonb) AS \(optionRecord)
                WHERE o.vendor_id = $1 AND o.id = u.id
                """, [vendor, rows(optionColumns, plan.optionUpdates.map(optionCells))]).affectedRows, plan.optionUpdates.count, "updating options")
        }
        if !plan.optionInserts.isEmpty {
            try expect(try db.query("""
                INSERT INTO options (group_id, vendor_id, name, price_delta_cents, available, position)
                SELECT g.id, $1, u.name, u.price_delta_cents, u.available, u.position
                FROM jsonb_to_recordset($2::jsonb) AS \(optionRecord)
                JOIN menu_items mi ON mi.vendor_id = $1 AND mi.sku = u.sku
                JOIN option_groups g ON g.vendor_id = $1 AND g.item_id = mi.id AND g.name = u.group_name
                """, [vendor, rows(optionColumns, plan.optionInserts.map(optionCells))]).affectedRows, plan.optionInserts.count, "adding options")
        }

        if !plan.linkInserts.isEmpty {
            let json = rows(["sku", "name"], plan.linkInserts.map { [.text($0.sku), .text($0.ingredient)] })
            try expect(try db.query("""
                INSERT INTO menu_item_ingredients (item_id, ingredient_id, vendor_id)
                SELECT mi.id, i.id, $1
                FROM jsonb_to_recordset($2::jsonb) AS u(sku text, name text)
                JOIN menu_items mi ON mi.vendor_id = $1 AND mi.sku = u.sku
                JOIN ingredients i ON i.vendor_id = $1 AND i.name = u.name
                """, [vendor, json]).affectedRows, plan.linkInserts.count, "linking ingredients")
        }
        return created
    }

    // MARK: Export and show

    /// The menu as a document, in stored order; importing it changes nothing.
    public func export(menu: MenuRef) throws -> MenuDocument {
        var groupsByItem: [UUID: [MenuDocument.OptionGroup]] = [:]
        var optionsByGroup: [UUID: [MenuDocument.Option]] = [:]
        for row in try db.query("""
            SELECT o.group_id, o.name, o.price_delta_cents, o.available
            FROM options o JOIN option_groups g ON g.id = o.group_id JOIN menu_items mi ON mi.id = g.item_id
            WHERE o.vendor_id = $1 AND mi.vendor_id = $1 AND mi.menu_id = $2
            ORDER BY o.position, o.name COLLATE "C"
            """, [scope.vendorID, menu.id]) {
            optionsByGroup[try row.decode("group_id"), default: []].append(
                MenuDocument.Option(name: try row.decode("name"), priceDeltaCents: try row.decode("price_delta_cents"), available: try row.decode("available")))
        }
        for row in try db.query("""
            SELECT g.id, g.item_id, g.name, g.min_choices, g.max_choices, g.required
            FROM option_groups g JOIN menu_items mi ON mi.id = g.item_id
            WHERE g.vendor_id = $1 AND mi.vendor_id = $1 AND mi.menu_id = $2
            ORDER BY g.position, g.name COLLATE "C"
            """, [scope.vendorID, menu.id]) {
            let id: UUID = try row.decode("id")
            groupsByItem[try row.decode("item_id"), default: []].append(
                MenuDocument.OptionGroup(name: try row.decode("name"), min: try row.decode("min_choices"), max: try row.decode("max_choices"),
                                         required: try row.decode("required"), options: optionsByGroup[id] ?? []))
        }
        let items = try db.query("""
            SELECT mi.id, mi.sku, mi.name, mi.category, mi.description, mi.price_cents, mi.prep_minutes, mi.available,
                   coalesce((SELECT array_agg(i.name ORDER BY i.name COLLATE "C")
                             FROM menu_item_ingredients mii JOIN ingredients i ON i.id = mii.ingredient_id
                             WHERE mii.item_id = mi.id), '{}') AS ingredients
            FROM menu_items mi
            WHERE mi.vendor_id = $1 AND mi.menu_id = $2
            ORDER BY mi.position, mi.sku COLLATE "C"
            """, [scope.vendorID, menu.id]).map { row in
            let id: UUID = try row.decode("id")
            let description: String? = try row.decode("description")
            return MenuDocument.Item(sku: try row.decode("sku"), name: try row.decode("name"), category: try row.decode("category"),
                                     description: description.flatMap { $0.isEmpty ? nil : $0 }, priceCents: try row.decode("price_cents"),
                                     prepMinutes: try row.decode("prep_minutes"), available: try row.decode("available"),
                                     ingredients: try row.decode("ingredients"), optionGroups: groupsByItem[id] ?? [])
        }
        return MenuDocument(menu: menu.name, items: items)
    }

    private static let statusColumns = """
        mi.sku, mi.name, mi.category, mi.price_cents, mi.prep_minutes, mi.available, mi.sold_out_until, a.orderable,
        coalesce((SELECT array_agg(i.name ORDER BY i.name COLLATE "C")
                  FROM menu_item_ingredients mii JOIN ingredients i ON i.id = mii.ingredient_id
                  WHERE mii.item_id = mi.id
                    AND (i.eighty_sixed OR i.unavailable_until > now())
                    AND (i.unavailable_until IS NULL OR i.unavailable_until > now())), '{}') AS eighty_sixed_ingredients,
        coalesce((SELECT string_agg(g.name || ' (' || g.min_choices || '-'
                                    || CASE WHEN g.max_choices = 0 THEN 'any' ELSE g.max_choices::text END
                                    || CASE WHEN g.required THEN ', required' ELSE '' END
                                    || ', ' || (SELECT count(*) FROM options o WHERE o.group_id = g.id) || ' options)',
                                    '; ' ORDER BY g.position, g.name COLLATE "C")
                  FROM option_groups g WHERE g.item_id = mi.id), '') AS option_groups
        """

    static func status(_ row: PostgresRow) throws -> MenuItemStatus {
        MenuItemStatus(sku: try row.decode("sku"), name: try row.decode("name"), category: try row.decode("category"),
                       priceCents: try row.decode("price_cents"), prepMinutes: try row.decode("prep_minutes"),
                       available: try row.decode("available"), soldOutUntil: try row.decode("sold_out_until"),
                       eightySixedIngredients: try row.decode("eighty_sixed_ingredients"), orderable: try row.decode("orderable"),
                       optionGroups: try row.decode("option_groups"))
    }

    /// The menu's items with price, availability, 86 state and a summary of their option groups.
    public func show(menu: MenuRef) throws -> [MenuItemStatus] {
        try db.query("""
            SELECT \(Self.statusColumns)
            FROM menu_items mi JOIN menu_item_availability a ON a.item_id = mi.id
            WHERE mi.vendor_id = $1 AND mi.menu_id = $2
            ORDER BY mi.position, mi.sku COLLATE "C"
            """, [scope.vendorID, menu.id]).map(Self.status)
    }

    // MARK: 86

    private func itemStatuses(where condition: String, _ parameters: [(any PostgresEncodable)?]) throws -> [MenuItemStatus] {
        try db.query("""
            SELECT \(Self.statusColumns)
            FROM menu_items mi JOIN menu_item_availability a ON a.item_id = mi.id
            WHERE mi.vendor_id = $1 AND \(condition)
            ORDER BY mi.sku COLLATE "C"
            """, parameters).map(Self.status)
    }

    /// 86es an item: off until un-86-ed (`available = false`), or sold out until `until` (it comes back by itself).
    /// Re-running it changes nothing.
    public func eightySix(sku: String, until: Date?) throws -> EightySixResult {
        try setItem(sku: sku, available: until == nil ? false : true, soldOutUntil: until)
    }

    /// Puts an item back: available, not sold out.
    public func unEightySix(sku: String) throws -> EightySixResult {
        try setItem(sku: sku, available: true, soldOutUntil: nil)
    }

    private func setItem(sku: String, available: Bool, soldOutUntil: Date?) throws -> EightySixResult {
        try db.transaction { tx in
            guard let id: UUID = try tx.queryFirst("SELECT id FROM menu_items WHERE vendor_id = $1 AND sku = $2 FOR UPDATE",
                                                   [scope.vendorID, sku])?.decode("id") else {
                throw ToolError.data("menu item \"\(sku)\" not found", hint: "`taco-vendor menu show` lists your items")
            }
            let changed = try tx.query("""
                UPDATE menu_items SET available = $3, sold_out_until = $4
                WHERE vendor_id = $1 AND id = $2 AND (available, sold_out_until) IS DISTINCT FROM ($3::boolean, $4::timestamptz)
                """, [scope.vendorID, id, available, soldOutUntil]).affectedRows > 0
            let items = try MenuStore(tx, scope: scope).itemStatuses(where: "mi.id = $2", [scope.vendorID, id])
            return EightySixResult(changed: changed, items: items)
        }
    }

    /// 86es an ingredient (until `until`, or until un-86-ed): every item using it becomes unorderable.
    public func eightySix(ingredient: String, until: Date?) throws -> EightySixResult {
        try setIngredient(ingredient, eightySixed: true, until: until)
    }

    /// Puts an ingredient back.
    public func unEightySix(ingredient: String) throws -> EightySixResult {
        try setIngredient(ingredient, eightySixed: false, until: nil)
    }

    private func setIngredient(_ name: String, eightySixed: Bool, until: Date?) throws -> EightySixResult {
        try db.transaction { tx in
            // The exact name, else a unique case-insensitive match.
            let matches = try tx.query("""
                SELECT id, name FROM ingredients WHERE vendor_id = $1 AND lower(name) = lower($2)
                ORDER BY (name = $2) DESC FOR UPDATE
                """, [scope.vendorID, name])
            guard let first = matches.first else {
                throw ToolError.data("ingredient \"\(name)\" not found", hint: "ingredients come from the menu file's items[].ingredients")
            }
            let exact = try first.decode("name", as: String.self) == name
            guard exact || matches.count == 1 else {
                throw ToolError.data("ingredient \"\(name)\" is ambiguous",
                                     hint: "give the exact name: " + (try matches.map { try $0.decode("name", as: String.self) }).joined(separator: ", "))
            }
            let id: UUID = try first.decode("id")
            let changed = try tx.query("""
                UPDATE ingredients SET eighty_sixed = $3, unavailable_until = $4
                WHERE vendor_id = $1 AND id = $2 AND (eighty_sixed, unavailable_until) IS DISTINCT FROM ($3::boolean, $4::timestamptz)
                """, [scope.vendorID, id, eightySixed, until]).affectedRows > 0
            let items = try MenuStore(tx, scope: scope).itemStatuses(
                where: "mi.id IN (SELECT item_id FROM menu_item_ingredients WHERE ingredient_id = $2)", [scope.vendorID, id])
            return EightySixResult(changed: changed, items: items)
        }
    }
}

import Foundation
import TacoKit
import TacoTestSupport
import Testing

/// MenuStore against a real PostgreSQL, through real vendor logins.
@Suite("Menu import, export and 86 through vendor logins")
struct MenuStoreTests {
    func lunch() throws -> MenuDocument {
        try MenuDocumentReader.parse(InputFile(name: "lunch.json", bytes: Array(MenuTestSupport.lunchJSON.utf8)), format: .json, csvMenu: "-")
    }

    func store(_ fixture: TenantFixture, _ login: String) throws -> MenuStore {
        let session = try MenuTestSupport.session(fixture.database, login: login)
        return MenuStore(session.db, scope: session.scope)
    }

    @Test("import adds everything; the same file again writes zero rows (no audit rows) and reports N unchanged")
    func zeroWriteReimport() throws {
        let fixture = try TenantFixture.make()
        let store = try store(fixture, fixture.a.adminLogin)
        let first = try store.importDocument(try lunch(), prune: false, dryRun: false)
        #expect(first.menuCreated == false, "the fixture already has a menu named Lunch")
        #expect(first.plan.count(.added) == 3 && first.plan.count(.kept) == 1, "the fixture's SECRET-A item stays")
        #expect(first.ingredientsCreated == 5)
        let after = try MenuTestSupport.counts(fixture.database)

        let again = try store.importDocument(try lunch(), prune: false, dryRun: false)
        #expect(again.plan.writeCount == 0)
        #expect((again.plan.count(.added), again.plan.count(.changed), again.plan.count(.unchanged), again.plan.count(.removed)) == (0, 0, 3, 0))
        #expect(try MenuTestSupport.counts(fixture.database) == after, "a re-import wrote rows")
    }

    @Test("export in JSON, YAML and CSV re-imports to zero changes and zero rows written")
    func exportRoundTrip() throws {
        let fixture = try TenantFixture.make()
        let store = try store(fixture, fixture.a.adminLogin)
        _ = try store.importDocument(try lunch(), prune: true, dryRun: false)
        let (menu, _) = try store.resolveMenu("Lunch")
        let exported = try store.export(menu: menu)
        var expected = try lunch()
        for index in expected.items.indices { expected.items[index].ingredients.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) } }
        #expect(exported == expected, "export writes ingredients in name order, everything else as imported")
        let before = try MenuTestSupport.counts(fixture.database)
        for format in MenuFileFormat.allCases {
            let text = try MenuDocumentReader.render(exported, as: format)
            let document = try MenuDocumentReader.parse(InputFile(name: "menu.\(format.rawValue)", bytes: Array(text.utf8)), format: format, csvMenu: "Lunch")
            let result = try store.importDocument(document, prune: true, dryRun: false)
            #expect(result.plan.writeCount == 0 && result.plan.count(.unchanged) == 3, "\(format)")
        }
        #expect(try MenuTestSupport.counts(fixture.database) == before)
    }

    @Test("changes are reported per item and written once; --prune removes what the file leaves out")
    func changesAndPrune() throws {
        let fixture = try TenantFixture.make()
        let store = try store(fixture, fixture.a.adminLogin)
        _ = try store.importDocument(try lunch(), prune: false, dryRun: false)
        var edited = try lunch()
        edited.items[0].priceCents = 495
        edited.items[0].optionGroups?[0].options.removeLast()
        edited.items[1].ingredients = ["beans", "corn tortilla", "cheese"]
        edited.items.remove(at: 2)
        let audit = try MenuTestSupport.counts(fixture.database)["audit_log"] ?? 0
        let kept = try store.importDocument(edited, prune: false, dryRun: false)
        #expect(kept.plan.outcomes.map(\.action) == [.changed, .changed, .kept, .kept])
        #expect(kept.plan.outcomes[0].changes == ["price", "option_groups"])
        #expect(kept.plan.outcomes[1].changes == ["ingredients"])
        // price update + option delete + new ingredient (the link table is not audited)
        #expect((try MenuTestSupport.counts(fixture.database)["audit_log"] ?? 0) - audit == 3)

        let pruned = try store.importDocument(edited, prune: true, dryRun: false)
        #expect(Set(pruned.plan.outcomes.filter { $0.action == .removed }.map(\.sku)) == ["HORCHATA", "SECRET-A"])
        let skus = try fixture.database.connect().query("SELECT sku FROM menu_items WHERE vendor_id = $1 ORDER BY sku", [fixture.a.vendorID])
            .map { try $0.decode("sku", as: String.self) }
        #expect(skus == ["TACO-AL-PASTOR", "TACO-VEG"])
    }

    @Test("--dry-run reports exactly what a real import would, and writes nothing")
    func dryRun() throws {
        let fixture = try TenantFixture.make()
        let store = try store(fixture, fixture.a.adminLogin)
        let before = try MenuTestSupport.counts(fixture.database)
        let dry = try store.importDocument(try lunch(), prune: true, dryRun: true)
        #expect(dry.dryRun)
        #expect(try MenuTestSupport.counts(fixture.database) == before)
        let real = try store.importDocument(try lunch(), prune: true, dryRun: false)
        #expect(dry.plan.outcomes == real.plan.outcomes)
    }

    @Test("a document naming a new menu creates it; items move between the vendor's menus by sku")
    func menusByName() throws {
        let fixture = try TenantFixture.make()
        let store = try store(fixture, fixture.a.adminLogin)
        var dinner = try lunch()
        dinner.menu = "Dinner"
        dinner.items = [dinner.items[0]]
        let result = try store.importDocument(dinner, prune: false, dryRun: false)
        #expect(result.menuCreated && result.plan.count(.added) == 1)
        let moved = try store.importDocument(try lunch(), prune: false, dryRun: false)
        #expect(moved.plan.outcomes.first { $0.sku == "TACO-AL-PASTOR" }?.changes == ["menu"])
        #expect(try store.menus().map(\.name) == ["Lunch", "Dinner"])
    }

    @Test("86 and un86 by sku: the item becomes unorderable in menu_item_availability; re-running changes nothing")
    func eightySixItem() throws {
        let fixture = try TenantFixture.make()
        _ = try store(fixture, fixture.a.adminLogin).importDocument(try lunch(), prune: false, dryRun: false)
        let staff = try MenuTestSupport.createStaff(fixture.database, vendorID: fixture.a.vendorID)
        let session = try MenuTestSupport.session(fixture.database, login: staff)
        let store = MenuStore(session.db, scope: session.scope)
        func orderable(_ sku: String) throws -> Bool {
            try session.db.scalar("SELECT orderable FROM menu_item_availability WHERE sku = $1", [sku])
        }
        let off = try store.eightySix(sku: "TACO-VEG", until: nil)
        #expect(off.changed && off.items.first?.state == "86")
        #expect(try orderable("TACO-VEG") == false)
        #expect(try store.eightySix(sku: "TACO-VEG", until: nil).changed == false)
        #expect(try store.unEightySix(sku: "TACO-VEG").changed)
        #expect(try orderable("TACO-VEG"))
        #expect(try store.unEightySix(sku: "TACO-VEG").changed == false)

        let until = Date().addingTimeInterval(3600)
        let soldOut = try store.eightySix(sku: "HORCHATA", until: until)
        #expect(soldOut.changed && soldOut.items.first?.state.hasPrefix("86 until ") == true)
        #expect(try orderable("HORCHATA") == false)
        #expect(try store.eightySix(sku: "HORCHATA", until: until).changed == false)

        let missing = #expect(throws: ToolError.self) { try store.eightySix(sku: "NOPE", until: nil) }
        #expect(missing?.status == .dataError && missing?.message == "menu item \"NOPE\" not found")
    }

    @Test("86 an ingredient: every item using it becomes unorderable; un86 brings them back")
    func eightySixIngredient() throws {
        let fixture = try TenantFixture.make()
        let store = try store(fixture, fixture.a.adminLogin)
        _ = try store.importDocument(try lunch(), prune: false, dryRun: false)
        let result = try store.eightySix(ingredient: "corn tortilla", until: nil)
        #expect(result.changed && Set(result.items.map(\.sku)) == ["TACO-AL-PASTOR", "TACO-VEG"])
        #expect(result.items.allSatisfy { !$0.orderable && $0.state == "86: corn tortilla" })
        let db = try fixture.database.connect(as: fixture.a.adminLogin)
        let orderable = try db.query("SELECT sku FROM menu_item_availability WHERE orderable ORDER BY sku").map { try $0.decode("sku", as: String.self) }
        #expect(orderable == ["HORCHATA", "SECRET-A"])
        #expect(try store.eightySix(ingredient: "corn tortilla", until: nil).changed == false)
        #expect(try store.show(menu: try store.resolveMenu("Lunch").menu).first { $0.sku == "TACO-VEG" }?.eightySixedIngredients == ["corn tortilla"])
        let back = try store.unEightySix(ingredient: "Corn Tortilla")
        #expect(back.changed && back.items.allSatisfy(\.orderable))
        // A time-limited 86 of an ingredient.
        _ = try store.eightySix(ingredient: "rice", until: Date().addingTimeInterval(600))
        #expect(try db.scalar("SELECT orderable FROM menu_item_availability WHERE sku = 'HORCHATA'", as: Bool.self) == false)
        #expect((#expect(throws: ToolError.self) { try store.eightySix(ingredient: "saffron", until: nil) })?.status == .dataError)
    }

    @Test("vendor staff can 86 but cannot import (77), even a dry run, and nothing is written")
    func staffCannotImport() throws {
        let fixture = try TenantFixture.make()
        let staff = try MenuTestSupport.createStaff(fixture.database, vendorID: fixture.a.vendorID)
        let store = try store(fixture, staff)
        let before = try MenuTestSupport.counts(fixture.database)
        for dryRun in [false, true] {
            let error = #expect(throws: ToolError.self) { try store.importDocument(try lunch(), prune: false, dryRun: dryRun) }
            #expect(error?.status == .permissionDenied)
        }
        #expect(try MenuTestSupport.counts(fixture.database) == before)
        // The database holds the same line on its own.
        let db = try fixture.database.connect(as: staff)
        let insert = #expect(throws: PostgresError.self) {
            try db.query("INSERT INTO menu_items (menu_id, vendor_id, sku, name, price_cents) VALUES ($1, $2, 'X', 'x', 1)",
                         [fixture.a.menuID, fixture.a.vendorID])
        }
        #expect(insert?.sqlState == "42501")
        #expect(try store.eightySix(sku: "SECRET-A", until: nil).changed)
    }

    @Test("two vendors: B's SKUs and ingredients look missing to A, an import by A never touches B's rows")
    func isolation() throws {
        let fixture = try TenantFixture.make()
        let storeA = try store(fixture, fixture.a.adminLogin)
        let storeB = try store(fixture, fixture.b.adminLogin)
        _ = try storeB.importDocument(try lunch(), prune: false, dryRun: false)
        let bBefore = try fixture.database.connect().query("""
            SELECT sku, price_cents, available, menu_id FROM menu_items WHERE vendor_id = $1 ORDER BY sku
            """, [fixture.b.vendorID]).map { "\(try $0.decode("sku", as: String.self)) \(try $0.decode("price_cents", as: Int.self))" }

        // A imports the same SKUs, plus B's secret one, with other prices and --prune: A gets its own rows.
        var mine = try lunch()
        mine.items[0].priceCents = 999
        mine.items.append(.init(sku: "SECRET-B", name: "Mine now", priceCents: 1))
        let result = try storeA.importDocument(mine, prune: true, dryRun: false)
        #expect(result.plan.count(.added) == 4 && result.plan.count(.removed) == 1)
        let bAfter = try fixture.database.connect().query("""
            SELECT sku, price_cents, available, menu_id FROM menu_items WHERE vendor_id = $1 ORDER BY sku
            """, [fixture.b.vendorID]).map { "\(try $0.decode("sku", as: String.self)) \(try $0.decode("price_cents", as: Int.self))" }
        #expect(bAfter == bBefore)

        _ = try storeA.importDocument(try lunch(), prune: true, dryRun: false)   // SECRET-B leaves A's menu again
        let hidden = #expect(throws: ToolError.self) { try storeA.eightySix(sku: "SECRET-B", until: nil) }
        let missing = #expect(throws: ToolError.self) { try storeA.eightySix(sku: "NO-SUCH-SKU", until: nil) }
        #expect(hidden?.status == .dataError && hidden?.message == "menu item \"SECRET-B\" not found")
        #expect(hidden?.hint == missing?.hint)
        _ = try storeB.eightySix(ingredient: "rice", until: nil)
        #expect(try storeA.show(menu: try storeA.resolveMenu(nil).menu).allSatisfy(\.orderable), "B's 86 leaked into A")
        #expect(try storeA.export(menu: try storeA.resolveMenu("Lunch").menu).items.map(\.sku).contains("SECRET-B") == false)
        let unknownMenu = #expect(throws: ToolError.self) { try storeA.resolveMenu("Secret menu of B") }
        #expect(unknownMenu?.status == .dataError)
    }
}

import ArgumentParser
import Foundation
import TacoKit

extension TacoVendor {
    struct Menu: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "menu",
            abstract: "Import, export, validate and show the menu; 86 items and ingredients.",
            discussion: """
                A menu file is JSON, YAML or CSV (by extension, or --input-format). JSON and YAML carry everything: \
                {"menu": "Lunch", "items": [{"sku", "name", "category", "description", "price": "4.50", "prep_minutes", \
                "available", "ingredients": [...], "option_groups": [{"name", "min", "max" (0 = no limit), "required", \
                "options": [{"name", "price_delta", "available"}]}]}]}. CSV carries flat items only, with the header \
                sku,name,category,description,price,prep_minutes,available,ingredients (ingredients separated by |).

                Examples:
                  taco-vendor menu validate lunch.json
                  taco-vendor menu import lunch.json --dry-run
                  taco-vendor menu export --format yaml --out lunch.yaml
                  taco-vendor menu 86 TACO-AL-PASTOR --until 2h
                """,
            subcommands: [Import.self, Export.self, Validate.self, Show.self, EightySix.self, UnEightySix.self]
        )
    }
}

extension TacoVendor.Menu {
    struct Import: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import a menu file in one transaction: upsert items by sku, report what changed.",
            discussion: """
                The file names its menu (created when missing); a CSV file names none, so it goes to --menu, else to the \
                vendor's first active menu, else to a new menu called "Menu". Items are matched by sku, their option \
                groups and options by name, ingredients by name. Rows that did not change are not written at all. \
                Items of the menu that the file leaves out are kept (and listed) unless --prune removes them. \
                A CSV import leaves option groups as they are. Every problem in the file is listed (exit 65) and \
                nothing is written. Vendor staff cannot import (77). Files over 8 MiB are refused.

                Examples:
                  taco-vendor menu import lunch.json
                  taco-vendor menu import lunch.yaml --prune --dry-run
                  curl -s https://example.com/menu.csv | taco-vendor menu import - --input-format csv --menu Lunch
                """
        )
        @Argument(help: ArgumentHelp("The menu file (.json, .yaml, .yml, .csv), or - for standard input.", valueName: "file"))
        var file: String
        @Option(name: .customLong("input-format"), help: "The file's format when its extension does not say (required for -).")
        var inputFormat: MenuFileFormat?
        @Option(name: .customLong("menu"), help: ArgumentHelp("The menu a CSV file goes to (JSON and YAML name their own).", valueName: "name"))
        var menuName: String?
        @Flag(name: .long, help: "Remove the menu's items that the file leaves out.")
        var prune = false
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Vendor") var vendor: VendorOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @OptionGroup(title: "Safety") var safety: SafetyOptions

        func run(_ context: CommandContext) throws {
            // The file is checked before connecting: a bad file fails the same way with or without a database.
            var (document, format, _) = try MenuDocumentReader.read(file, format: inputFormat, csvMenu: menuName ?? "Menu")
            if let menuName, format != .csv, menuName != document.menu {
                throw ToolError.usage("--menu \"\(menuName)\" differs from the file's menu \"\(document.menu)\"",
                                      hint: "a JSON or YAML file names its menu; leave --menu out or change the file")
            }
            let db = try context.database()
            let store = MenuStore(db, scope: try context.vendorScope(vendor))
            if format == .csv, menuName == nil, let first = try store.menus().first(where: \.active) {
                document.menu = first.name
            }
            let result = try store.importDocument(document, prune: prune, dryRun: safety.dryRun)
            var set = RecordSet(columns: ["sku", "name", "action", "changes"])
            for outcome in result.plan.outcomes where outcome.action != .unchanged {
                set.append([.text(outcome.sku), .text(outcome.name), .text(outcome.action.rawValue),
                            context.renderer.format == .table || context.renderer.format == .csv
                                ? .text(outcome.changes.joined(separator: ", "))
                                : .json("[" + outcome.changes.map(JSON.string).joined(separator: ",") + "]")])
            }
            context.emit(set)
            let plan = result.plan
            var line = "\(plan.count(.added)) added, \(plan.count(.changed)) changed, \(plan.count(.unchanged)) unchanged, \(plan.count(.removed)) removed"
            var notes: [String] = []
            if result.menuCreated { notes.append("menu \"\(result.menu)\" created") }
            if plan.count(.kept) > 0 { notes.append("\(plan.count(.kept)) item(s) not in the file kept (--prune removes them)") }
            if result.ingredientsCreated > 0 { notes.append("\(result.ingredientsCreated) new ingredient(s)") }
            if !notes.isEmpty { line += " (" + notes.joined(separator: "; ") + ")" }
            if result.dryRun { line = "dry run, rolled back: " + line }
            context.summary("menu \"\(result.menu)\": " + line)
        }
    }

    struct Export: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write the menu as a document (JSON, YAML or CSV) that re-imports to zero changes.",
            discussion: """
                --format json (the default), yaml or csv (flat items, no option groups); table and ndjson are refused. \
                Without --menu the vendor's first active menu is exported (a note names it when there are several). \
                --out writes the file atomically (exit 73 when it cannot be created).

                Examples:
                  taco-vendor menu export > lunch.json
                  taco-vendor menu export --format yaml --menu Lunch --out lunch.yaml
                """
        )
        @Option(name: .customLong("menu"), help: ArgumentHelp("The menu to export (default: the first active one).", valueName: "name"))
        var menuName: String?
        @Option(name: .customLong("out"), help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
        var out: String?
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Vendor") var vendor: VendorOptions
        @OptionGroup(title: "Output") var output: OutputOptions

        func run(_ context: CommandContext) throws {
            let format: MenuFileFormat
            switch output.format ?? .json {
            case .json: format = .json
            case .yaml: format = .yaml
            case .csv: format = .csv
            case .table, .ndjson:
                throw ToolError.usage("menu export writes a menu document: --format json, yaml or csv")
            }
            let store = MenuStore(try context.database(), scope: try context.vendorScope(vendor))
            let (menu, count) = try store.resolveMenu(menuName)
            if menuName == nil && count > 1 {
                context.logger.notice("exporting menu \"\(menu.name)\" of \(count); choose another with --menu")
            }
            let document = try store.export(menu: menu)
            let text = try MenuDocumentReader.render(document, as: format)
            if let out {
                do {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
                } catch {
                    throw ToolError(.cannotCreate, "cannot create \(out): \((error as NSError).localizedDescription)")
                }
            } else {
                context.stdout.write(text)
            }
            let counts = document.counts
            context.summary("menu \"\(menu.name)\": exported \(counts.items) items, \(counts.groups) option groups, \(counts.options) options"
                            + (format == .csv ? " (CSV carries no option groups)" : ""))
        }
    }

    struct Validate: TacoCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "Check a menu file without a database: every problem is listed with its place (exit 65).",
            discussion: """
                Places are JSON paths (items[3].option_groups[0].max) for JSON and YAML, and file:line (column) for CSV.

                Examples:
                  taco-vendor menu validate lunch.json
                  taco-vendor menu validate - --input-format yaml < lunch.yaml
                """
        )
        @Argument(help: ArgumentHelp("The menu file (.json, .yaml, .yml, .csv), or - for standard input.", valueName: "file"))
        var file: String
        @Option(name: .customLong("input-format"), help: "The file's format when its extension does not say (required for -).")
        var inputFormat: MenuFileFormat?
        @OptionGroup(title: "Output") var output: OutputOptions

        func run(_ context: CommandContext) throws {
            let (document, format, source) = try MenuDocumentReader.read(file, format: inputFormat, csvMenu: "(csv)")
            let counts = document.counts
            context.emit(object: ["source", "format", "menu", "items", "option_groups", "options", "ingredients"], [
                .text(source), .text(format.rawValue), format == .csv ? .null : .text(document.menu),
                .int(counts.items), .int(counts.groups), .int(counts.options), .int(counts.ingredients),
            ])
            context.summary("\(source): valid (\(counts.items) items)")
        }
    }

    struct Show: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "List the menu's items with price, availability, 86 state and option groups.",
            discussion: """
                state is available, 86 (off until un-86-ed), 86 until TIME (sold out), or 86: INGREDIENTS. \
                orderable is what ordering sees right now (menu_item_availability).

                Examples:
                  taco-vendor menu show
                  taco-vendor menu show --menu Lunch --format json
                """
        )
        @Option(name: .customLong("menu"), help: ArgumentHelp("The menu to show (default: the first active one).", valueName: "name"))
        var menuName: String?
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Vendor") var vendor: VendorOptions
        @OptionGroup(title: "Output") var output: OutputOptions

        func run(_ context: CommandContext) throws {
            let store = MenuStore(try context.database(), scope: try context.vendorScope(vendor))
            let (menu, count) = try store.resolveMenu(menuName)
            if menuName == nil && count > 1 {
                context.logger.notice("showing menu \"\(menu.name)\" of \(count); choose another with --menu")
            }
            context.emit(itemSet(try store.show(menu: menu), format: context.renderer.format, withGroups: true))
        }
    }

    struct EightySix: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "86",
            abstract: "Take an item off (86 it), or an ingredient (every item using it becomes unavailable).",
            discussion: """
                Without --until an item stays off until `menu un86`; with --until (RFC 3339, or a span from now: 30m, 2h, \
                1d) it is sold out until then and comes back by itself. Vendor staff may 86. Re-running says 0 changed. \
                An unknown SKU or ingredient exits 65.

                Examples:
                  taco-vendor menu 86 TACO-AL-PASTOR
                  taco-vendor menu 86 TACO-AL-PASTOR --until 2h
                  taco-vendor menu 86 --ingredient Avocado --until 2026-11-21T20:00:00Z
                """
        )
        @Argument(help: ArgumentHelp("The item's sku.", valueName: "sku"))
        var sku: String?
        @Option(name: .long, help: ArgumentHelp("86 this ingredient instead of an item.", valueName: "name"))
        var ingredient: String?
        @Option(name: .long, help: ArgumentHelp("Until when: RFC 3339, or a span from now (30m, 2h, 1d).", valueName: "time"))
        var until: String?
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Vendor") var vendor: VendorOptions
        @OptionGroup(title: "Output") var output: OutputOptions

        func run(_ context: CommandContext) throws {
            let target = try eightySixTarget(sku: sku, ingredient: ingredient)
            var instant: Date?
            if let until {
                guard let parsed = FutureTime.parse(until, now: context.now) else {
                    throw ToolError.usage("--until \"\(until)\" is not a time", hint: "give RFC 3339 (2026-11-21T14:30:00-06:00) or a span from now (30m, 2h, 1d)")
                }
                guard parsed > context.now else { throw ToolError.usage("--until \"\(until)\" is in the past") }
                instant = parsed
            }
            let store = MenuStore(try context.database(), scope: try context.vendorScope(vendor))
            let result: EightySixResult
            switch target {
            case .item(let sku): result = try store.eightySix(sku: sku, until: instant)
            case .ingredient(let name): result = try store.eightySix(ingredient: name, until: instant)
            }
            report(result, target: target, context: context)
        }
    }

    struct UnEightySix: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "un86",
            abstract: "Put an 86-ed item or ingredient back.",
            discussion: """
                An item becomes available and is no longer sold out; an ingredient is no longer 86-ed (items using it are \
                orderable again unless something else holds them). Re-running says 0 changed.

                Examples:
                  taco-vendor menu un86 TACO-AL-PASTOR
                  taco-vendor menu un86 --ingredient Avocado
                """
        )
        @Argument(help: ArgumentHelp("The item's sku.", valueName: "sku"))
        var sku: String?
        @Option(name: .long, help: ArgumentHelp("Put this ingredient back instead of an item.", valueName: "name"))
        var ingredient: String?
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Vendor") var vendor: VendorOptions
        @OptionGroup(title: "Output") var output: OutputOptions

        func run(_ context: CommandContext) throws {
            let target = try eightySixTarget(sku: sku, ingredient: ingredient)
            let store = MenuStore(try context.database(), scope: try context.vendorScope(vendor))
            let result: EightySixResult
            switch target {
            case .item(let sku): result = try store.unEightySix(sku: sku)
            case .ingredient(let name): result = try store.unEightySix(ingredient: name)
            }
            report(result, target: target, context: context)
        }
    }
}

private enum EightySixTarget {
    case item(String)
    case ingredient(String)
}

private func eightySixTarget(sku: String?, ingredient: String?) throws -> EightySixTarget {
    switch (sku, ingredient) {
    case (let sku?, nil): return .item(sku)
    case (nil, let name?): return .ingredient(name)
    case (.some, .some): throw ToolError.usage("give either a SKU or --ingredient NAME, not both")
    case (nil, nil): throw ToolError.usage("give a SKU or --ingredient NAME")
    }
}

private func report(_ result: EightySixResult, target: EightySixTarget, context: CommandContext) {
    context.emit(itemSet(result.items, format: context.renderer.format, withGroups: false))
    switch target {
    case .item:
        context.summary(result.changed ? "1 changed" : "0 changed")
    case .ingredient(let name):
        let blocked = result.items.filter { !$0.orderable }.count
        context.summary("\(result.changed ? 1 : 0) changed (ingredient \"\(name)\": \(result.items.count) item(s) use it, \(blocked) unorderable now)")
    }
}

private func itemSet(_ items: [MenuItemStatus], format: OutputFormat, withGroups: Bool) -> RecordSet {
    var columns = ["sku", "name", "category", "price_cents", "prep_minutes", "available", "sold_out_until",
                   "eighty_sixed_ingredients", "orderable", "state"]
    if withGroups { columns.append("option_groups") }
    var set = RecordSet(columns: columns)
    for item in items {
        var row: [Cell] = [.text(item.sku), .text(item.name), .text(item.category), .int(item.priceCents), .int(item.prepMinutes),
                           .bool(item.available), .optional(item.soldOutUntil),
                           format == .table || format == .csv ? .text(item.eightySixedIngredients.joined(separator: "|"))
                               : .json("[" + item.eightySixedIngredients.map(JSON.string).joined(separator: ",") + "]"),
                           .bool(item.orderable), .text(item.state)]
        if withGroups { row.append(.text(item.optionGroups)) }
        set.append(row)
    }
    return set
}

import Foundation

/// What the database holds for the items an import touches (the vendor's items named in the file and the
/// target menu's items), as read at the start of the import.
public struct MenuSnapshot: Sendable {
    public struct Option: Sendable {
        public var id: UUID, name: String, priceDeltaCents: Int, available: Bool, position: Int
        public init(id: UUID, name: String, priceDeltaCents: Int, available: Bool, position: Int) {
            self.id = id; self.name = name; self.priceDeltaCents = priceDeltaCents; self.available = available; self.position = position
        }
    }
    public struct Group: Sendable {
        public var id: UUID, name: String, min: Int, max: Int, required: Bool, position: Int
        public var options: [Option]
        public init(id: UUID, name: String, min: Int, max: Int, required: Bool, position: Int, options: [Option]) {
            self.id = id; self.name = name; self.min = min; self.max = max; self.required = required; self.position = position
            self.options = options
        }
    }
    public struct Item: Sendable {
        public var id: UUID, menuID: UUID, sku: String, name: String, category: String, description: String?
        public var priceCents: Int, prepMinutes: Int, available: Bool, position: Int
        public var groups: [Group]
        public var ingredients: Set<String>
        public init(id: UUID, menuID: UUID, sku: String, name: String, category: String, description: String?, priceCents: Int,
                    prepMinutes: Int, available: Bool, position: Int, groups: [Group], ingredients: Set<String>) {
            self.id = id; self.menuID = menuID; self.sku = sku; self.name = name; self.category = category
            self.description = description; self.priceCents = priceCents; self.prepMinutes = prepMinutes
            self.available = available; self.position = position; self.groups = groups; self.ingredients = ingredients
        }
    }
    public var items: [Item]
    public init(items: [Item]) { self.items = items }
}

/// The writes that turn a snapshot into a document, computed without touching the database. Unchanged rows
/// appear nowhere in it, so an import of what is already there writes nothing.
public struct MenuImportPlan: Sendable {
    /// What happened to one item.
    public enum Action: String, Sendable { case added, changed, unchanged, removed, kept }
    public struct Outcome: Sendable, Equatable {
        public var sku: String, name: String, action: Action
        /// The fields that changed (`price`, `option_groups`, …) for `changed`.
        public var changes: [String]
    }
    public struct ItemRow: Sendable { public var id: UUID?; public var item: MenuDocument.Item; public var position: Int }
    public struct GroupRow: Sendable { public var id: UUID?; public var sku: String; public var group: MenuDocument.OptionGroup; public var position: Int }
    public struct OptionRow: Sendable {
        public var id: UUID?; public var sku: String; public var groupName: String; public var option: MenuDocument.Option; public var position: Int
    }
    public struct Link: Sendable { public var itemID: UUID?; public var sku: String; public var ingredient: String }

    public var outcomes: [Outcome] = []
    public var itemInserts: [ItemRow] = [], itemUpdates: [ItemRow] = [], itemDeletes: [UUID] = []
    public var groupInserts: [GroupRow] = [], groupUpdates: [GroupRow] = [], groupDeletes: [UUID] = []
    public var optionInserts: [OptionRow] = [], optionUpdates: [OptionRow] = [], optionDeletes: [UUID] = []
    public var linkInserts: [Link] = [], linkDeletes: [Link] = []
    /// Every ingredient the file names (created when missing; ingredients are never deleted by an import).
    public var ingredients: [String] = []

    public func count(_ action: Action) -> Int { outcomes.filter { $0.action == action }.count }

    /// Rows an apply would write (0 for a re-import of the same file).
    public var writeCount: Int {
        itemInserts.count + itemUpdates.count + itemDeletes.count + groupInserts.count + groupUpdates.count + groupDeletes.count
            + optionInserts.count + optionUpdates.count + optionDeletes.count + linkInserts.count + linkDeletes.count
    }

    /// Plans the import of `document` into the menu `menuID` over `snapshot`. With `prune`, the menu's items
    /// absent from the file are removed; otherwise they are kept (and reported as `kept`).
    public static func make(document: MenuDocument, menuID: UUID, snapshot: MenuSnapshot, prune: Bool) -> MenuImportPlan {
        var plan = MenuImportPlan()
        let existing = Dictionary(snapshot.items.map { ($0.sku, $0) }, uniquingKeysWith: { first, _ in first })
        let itemPositions = positions(document.items.map(\.sku), existing.mapValues(\.position))
        var ingredientNames: [String] = []
        var seenIngredients: Set<String> = []

        for (index, item) in document.items.enumerated() {
            for ingredient in item.ingredients where seenIngredients.insert(ingredient).inserted { ingredientNames.append(ingredient) }
            let position = itemPositions[index]
            guard let current = existing[item.sku] else {
                plan.itemInserts.append(ItemRow(id: nil, item: item, position: position))
                for (g, group) in (item.optionGroups ?? []).enumerated() {
                    plan.groupInserts.append(GroupRow(id: nil, sku: item.sku, group: group, position: g + 1))
                    for (o, option) in group.options.enumerated() {
                        plan.optionInserts.append(OptionRow(id: nil, sku: item.sku, groupName: group.name, option: option, position: o + 1))
                    }
                }
                for ingredient in item.ingredients { plan.linkInserts.append(Link(itemID: nil, sku: item.sku, ingredient: ingredient)) }
                plan.outcomes.append(Outcome(sku: item.sku, name: item.name, action: .added, changes: []))
                continue
            }
            var changes: [String] = []
            if current.menuID != menuID { changes.append("menu") }
            if current.name != item.name { changes.append("name") }
            if current.category != item.category { changes.append("category") }
            if current.description != item.description { changes.append("description") }
            if current.priceCents != item.priceCents { changes.append("price") }
            if current.prepMinutes != item.prepMinutes { changes.append("prep_minutes") }
            if current.available != item.available { changes.append("available") }
            if current.position != position { changes.append("position") }
            if !changes.isEmpty { plan.itemUpdates.append(ItemRow(id: current.id, item: item, position: position)) }

            if let groups = item.optionGroups, plan.planGroups(groups, of: current) { changes.append("option_groups") }

            let wanted = Set(item.ingredients)
            if wanted != current.ingredients {
                changes.append("ingredients")
                for name in item.ingredients where !current.ingredients.contains(name) {
                    plan.linkInserts.append(Link(itemID: current.id, sku: item.sku, ingredient: name))
                }
                for name in current.ingredients.sorted() where !wanted.contains(name) {
                    plan.linkDeletes.append(Link(itemID: current.id, sku: item.sku, ingredient: name))
                }
            }
            plan.outcomes.append(Outcome(sku: item.sku, name: item.name, action: changes.isEmpty ? .unchanged : .changed, changes: changes))
        }

        let inFile = Set(document.items.map(\.sku))
        for current in snapshot.items where current.menuID == menuID && !inFile.contains(current.sku) {
            if prune { plan.itemDeletes.append(current.id) }
            plan.outcomes.append(Outcome(sku: current.sku, name: current.name, action: prune ? .removed : .kept, changes: []))
        }
        plan.ingredients = ingredientNames
        return plan
    }

    /// Plans one existing item's groups and options; returns whether anything changes.
    private mutating func planGroups(_ groups: [MenuDocument.OptionGroup], of current: MenuSnapshot.Item) -> Bool {
        let before = groupInserts.count + groupUpdates.count + groupDeletes.count + optionInserts.count + optionUpdates.count + optionDeletes.count
        let existing = Dictionary(current.groups.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let groupPositions = Self.positions(groups.map(\.name), existing.mapValues(\.position))
        for (g, group) in groups.enumerated() {
            let position = groupPositions[g]
            guard let old = existing[group.name] else {
                groupInserts.append(GroupRow(id: nil, sku: current.sku, group: group, position: position))
                for (o, option) in group.options.enumerated() {
                    optionInserts.append(OptionRow(id: nil, sku: current.sku, groupName: group.name, option: option, position: o + 1))
                }
                continue
            }
            if old.min != group.min || old.max != group.max || old.required != group.required || old.position != position {
                groupUpdates.append(GroupRow(id: old.id, sku: current.sku, group: group, position: position))
            }
            let oldOptions = Dictionary(old.options.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            let optionPositions = Self.positions(group.options.map(\.name), oldOptions.mapValues(\.position))
            for (o, option) in group.options.enumerated() {
                let row = OptionRow(id: oldOptions[option.name]?.id, sku: current.sku, groupName: group.name, option: option, position: optionPositions[o])
                guard let previous = oldOptions[option.name] else { optionInserts.append(row); continue }
                if previous.priceDeltaCents != option.priceDeltaCents || previous.available != option.available || previous.position != optionPositions[o] {
                    optionUpdates.append(row)
                }
            }
            let names = Set(group.options.map(\.name))
            for option in old.options where !names.contains(option.name) { optionDeletes.append(option.id) }
        }
        let names = Set(groups.map(\.name))
        for group in current.groups where !names.contains(group.name) { groupDeletes.append(group.id) }
        return groupInserts.count + groupUpdates.count + groupDeletes.count + optionInserts.count + optionUpdates.count + optionDeletes.count != before
    }

    /// Positions for siblings in file order. When the stored positions of the existing siblings already give
    /// the file's order (position, then key in byte order, as export writes them), they are kept, and new
    /// siblings slot in after their predecessor; only when that cannot give the file's order is everything
    /// renumbered 1…n. So re-importing an export writes nothing, and removing or appending an item does not
    /// touch its neighbours.
    static func positions(_ keys: [String], _ stored: [String: Int]) -> [Int] {
        func ordered(_ a: (String, Int), _ b: (String, Int)) -> Bool {
            a.1 < b.1 || (a.1 == b.1 && a.0.utf8.lexicographicallyPrecedes(b.0.utf8))
        }
        var result: [Int] = []
        var previous = 0
        for key in keys {
            let position = stored[key] ?? previous + 1
            result.append(position)
            previous = position
        }
        let pairs = Array(zip(keys, result))
        if zip(pairs, pairs.dropFirst()).allSatisfy(ordered) { return result }
        return keys.indices.map { $0 + 1 }
    }
}

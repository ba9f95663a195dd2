import Foundation

/// A vendor's menu as written in a menu file (JSON, YAML or CSV): the contract vendors' scripts are written against.
public struct MenuDocument: Sendable, Equatable {
    /// An option inside a group ("Verde", +0.00).
    public struct Option: Sendable, Equatable {
        public var name: String
        public var priceDeltaCents: Int
        public var available: Bool

        public init(name: String, priceDeltaCents: Int = 0, available: Bool = true) {
            self.name = name
            self.priceDeltaCents = priceDeltaCents
            self.available = available
        }
    }

    /// A group of options on an item ("Salsa", choose 0 to 2). `max == 0` means no limit.
    public struct OptionGroup: Sendable, Equatable {
        public var name: String
        public var min: Int
        public var max: Int
        public var required: Bool
        public var options: [Option]

        public init(name: String, min: Int = 0, max: Int = 1, required: Bool = false, options: [Option] = []) {
            self.name = name
            self.min = min
            self.max = max
            self.required = required
            self.options = options
        }
    }

    /// One item, keyed by its stable `sku`.
    public struct Item: Sendable, Equatable {
        public var sku: String
        public var name: String
        public var category: String
        public var description: String?
        public var priceCents: Int
        public var prepMinutes: Int
        public var available: Bool
        public var ingredients: [String]
        /// nil when the file cannot carry option groups (CSV): the item's groups are then left as they are.
        public var optionGroups: [OptionGroup]?

        public init(sku: String, name: String, category: String = MenuDocument.defaultCategory, description: String? = nil,
                    priceCents: Int, prepMinutes: Int = MenuDocument.defaultPrepMinutes, available: Bool = true,
                    ingredients: [String] = [], optionGroups: [OptionGroup]? = []) {
            self.sku = sku
            self.name = name
            self.category = category
            self.description = description
            self.priceCents = priceCents
            self.prepMinutes = prepMinutes
            self.available = available
            self.ingredients = ingredients
            self.optionGroups = optionGroups
        }
    }

    /// The menu's name (a vendor may keep several menus; an import targets the one named here).
    public var menu: String
    public var items: [Item]

    public init(menu: String, items: [Item]) {
        self.menu = menu
        self.items = items
    }

    /// The category of an item that names none (the database's default).
    public static let defaultCategory = "tacos"
    /// The prep time of an item that names none (the database's default).
    public static let defaultPrepMinutes = 5
    /// The longest prep time accepted, in minutes (the database's check).
    public static let maxPrepMinutes = 240
    /// The highest price or price delta accepted, in cents (PostgreSQL `integer`).
    public static let maxCents = Int(Int32.max)
    /// The most choices a group's min or max may name (PostgreSQL `smallint`).
    public static let maxChoices = Int(Int16.max)

    /// Counts for summaries: items, option groups, options and distinct ingredients.
    public var counts: (items: Int, groups: Int, options: Int, ingredients: Int) {
        let groups = items.flatMap { $0.optionGroups ?? [] }
        return (items.count, groups.count, groups.reduce(0) { $0 + $1.options.count },
                Set(items.flatMap(\.ingredients)).count)
    }
}

/// Where something sits in a menu document, independent of the file format. Each format turns it into its
/// own place: `items[3].option_groups[0].max` for JSON/YAML, `menu.csv:17 (price)` for CSV.
public struct MenuPath: Sendable, Equatable {
    public var item: Int?
    public var group: Int?
    public var option: Int?
    /// The field inside that element (`max`, `ingredients[2]`), if any.
    public var field: String?

    public init(item: Int? = nil, group: Int? = nil, option: Int? = nil, field: String? = nil) {
        self.item = item
        self.group = group
        self.option = option
        self.field = field
    }

    /// The JSON path form: `items[3].option_groups[0].options[1].name` (`menu` for the top-level field).
    public var jsonPath: String {
        var parts: [String] = []
        if let item { parts.append("items[\(item)]") }
        if let group { parts.append("option_groups[\(group)]") }
        if let option { parts.append("options[\(option)]") }
        if let field { parts.append(field) }
        return parts.isEmpty ? "(document)" : parts.joined(separator: ".")
    }
}

/// Exact decimal money text ↔ integer cents. Never through a binary floating point.
public enum MoneyText {
    /// Parses `4.50`, `4.5`, `4`, `-0.25` (when `allowNegative`) into cents; nil with the reason when it is not one.
    public static func cents(_ text: String, allowNegative: Bool) -> Result<Int, MoneyError> {
        var digits = Substring(text)
        var negative = false
        if digits.hasPrefix("-") { negative = true; digits = digits.dropFirst() } else if digits.hasPrefix("+") { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCIIDigit) else { return .failure(.notANumber) }
        let fraction = parts.count == 2 ? parts[1] : ""
        if parts.count == 2 && fraction.isEmpty { return .failure(.notANumber) }
        guard fraction.allSatisfy(\.isASCIIDigit) else { return .failure(.notANumber) }
        guard fraction.count <= 2 else { return .failure(.tooManyDecimals) }
        let trimmedWhole = whole.drop { $0 == "0" }
        guard trimmedWhole.count <= 9, let units = Int(trimmedWhole.isEmpty ? "0" : trimmedWhole),
              let hundredths = Int(fraction.padding(toLength: 2, withPad: "0", startingAt: 0)) else { return .failure(.tooLarge) }
        let cents = units * 100 + hundredths
        guard cents <= MenuDocument.maxCents else { return .failure(.tooLarge) }
        if negative && cents != 0 && !allowNegative { return .failure(.negative) }
        return .success(negative ? -cents : cents)
    }

    /// Cents as decimal text with two places: 450 → `4.50`, -25 → `-0.25`.
    public static func format(_ cents: Int) -> String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.magnitude
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// Why a price did not parse.
    public enum MoneyError: Error, Sendable, Equatable {
        case notANumber, tooManyDecimals, tooLarge, negative

        /// What was expected, for an error message.
        public var expectation: String {
            switch self {
            case .notANumber: return "expected a decimal amount such as \"4.50\""
            case .tooManyDecimals: return "expected at most 2 decimal places"
            case .tooLarge: return "expected at most \(MoneyText.format(MenuDocument.maxCents))"
            case .negative: return "must not be negative"
            }
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

/// The rules every menu document must satisfy, whatever its format.
public enum MenuRules {
    /// The database's SKU check: `^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$`.
    public static func isValidSKU(_ sku: String) -> Bool {
        let bytes = Array(sku.utf8)
        guard (1...40).contains(bytes.count) else { return false }
        func alnum(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        guard alnum(bytes[0]) else { return false }
        return bytes.dropFirst().allSatisfy { alnum($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    static func isBlank(_ text: String) -> Bool { text.allSatisfy(\.isWhitespace) }

    /// Every rule broken by `document`, each at its place as `locate` writes it. Type and shape errors are the
    /// parsers' job; this checks values and relations (formats, ranges, duplicates, min/max, required groups).
    public static func validate(_ document: MenuDocument, locate: (MenuPath) -> String) -> [ValidationErrors.Issue] {
        var issues: [ValidationErrors.Issue] = []
        func issue(_ path: MenuPath, _ message: String) { issues.append(.init(locate(path), message)) }

        if isBlank(document.menu) { issue(MenuPath(field: "menu"), "expected a menu name, found an empty one") }
        var firstSKU: [String: Int] = [:]
        for (i, item) in document.items.enumerated() {
            func at(_ field: String) -> MenuPath { MenuPath(item: i, field: field) }
            if !isValidSKU(item.sku) {
                issue(at("sku"), "invalid sku \"\(item.sku)\": expected 1-40 letters, digits, '.', '_' or '-', starting with a letter or digit")
            } else if let first = firstSKU[item.sku] {
                issue(at("sku"), "duplicate sku \"\(item.sku)\" (also at \(locate(MenuPath(item: first, field: "sku"))))")
            } else {
                firstSKU[item.sku] = i
            }
            if isBlank(item.name) { issue(at("name"), "expected a name, found an empty one") }
            if isBlank(item.category) { issue(at("category"), "expected a category, found an empty one") }
            if item.priceCents < 0 { issue(at("price"), "must not be negative") }
            if !(0...MenuDocument.maxPrepMinutes).contains(item.prepMinutes) {
                issue(at("prep_minutes"), "expected 0 to \(MenuDocument.maxPrepMinutes) minutes, found \(item.prepMinutes)")
            }
            var seenIngredients: Set<String> = []
            for (k, ingredient) in item.ingredients.enumerated() {
                if isBlank(ingredient) {
                    issue(at("ingredients[\(k)]"), "expected an ingredient name, found an empty one")
                } else if ingredient.contains("|") {
                    issue(at("ingredients[\(k)]"), "an ingredient name must not contain '|' (the CSV separator), found \"\(ingredient)\"")
                } else if !seenIngredients.insert(ingredient).inserted {
                    issue(at("ingredients[\(k)]"), "duplicate ingredient \"\(ingredient)\"")
                }
            }
            var seenGroups: [String: Int] = [:]
            for (g, group) in (item.optionGroups ?? []).enumerated() {
                func at(_ field: String) -> MenuPath { MenuPath(item: i, group: g, field: field) }
                if isBlank(group.name) {
                    issue(at("name"), "expected a group name, found an empty one")
                } else if let first = seenGroups[group.name] {
                    issue(at("name"), "duplicate option group \"\(group.name)\" in this item (also at \(locate(MenuPath(item: i, group: first, field: "name"))))")
                } else {
                    seenGroups[group.name] = g
                }
                if group.min < 0 || group.min > MenuDocument.maxChoices {
                    issue(at("min"), "expected 0 to \(MenuDocument.maxChoices), found \(group.min)")
                }
                if group.max < 0 || group.max > MenuDocument.maxChoices {
                    issue(at("max"), "expected 0 (no limit) to \(MenuDocument.maxChoices), found \(group.max)")
                } else if group.max != 0 && group.min > group.max {
                    issue(at("max"), "expected max >= min (\(group.min)) or 0 for no limit, found \(group.max)")
                }
                let availableOptions = group.options.filter(\.available).count
                if group.required {
                    if group.min < 1 {
                        issue(at("min"), "a required group must have min >= 1, found \(group.min)")
                    }
                    if availableOptions == 0 {
                        issue(at("options"), "a required group needs at least one available option, found none")
                    } else if group.min > availableOptions {
                        issue(at("min"), "min is \(group.min) but only \(availableOptions) option\(availableOptions == 1 ? " is" : "s are") available")
                    }
                }
                var seenOptions: [String: Int] = [:]
                for (o, option) in group.options.enumerated() {
                    let path = MenuPath(item: i, group: g, option: o, field: "name")
                    if isBlank(option.name) {
                        issue(path, "expected an option name, found an empty one")
                    } else if let first = seenOptions[option.name] {
                        issue(path, "duplicate option \"\(option.name)\" in this group (also at \(locate(MenuPath(item: i, group: g, option: first, field: "name"))))")
                    } else {
                        seenOptions[option.name] = o
                    }
                }
            }
        }
        return issues
    }
}

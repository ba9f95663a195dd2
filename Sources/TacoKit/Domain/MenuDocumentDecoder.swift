import Foundation

/// Turns a JSON/YAML document tree into a `MenuDocument`, strictly: unknown keys, missing required keys and
/// wrong types are all reported (each at its JSON path, with the line), then the value rules of `MenuRules`.
/// Either the document or every problem found in it; never only the first.
public struct MenuDocumentDecoder {
    private var issues: [ValidationErrors.Issue] = []

    static let topKeys = ["menu", "items"]
    static let itemKeys = ["sku", "name", "category", "description", "price", "prep_minutes", "available", "ingredients", "option_groups"]
    static let groupKeys = ["name", "min", "max", "required", "options"]
    static let optionKeys = ["name", "price_delta", "available"]

    /// Decodes and validates; throws `ValidationErrors` (named `source`) listing every problem.
    public static func decode(_ root: DocumentNode, source: String) throws(ValidationErrors) -> MenuDocument {
        var decoder = MenuDocumentDecoder()
        // Values that fail to decode get stand-ins, so the value rules still run over everything else and a
        // single pass lists type errors and rule violations together.
        let document = decoder.document(root)
        var issues = decoder.issues
        issues += MenuRules.validate(document, locate: \.jsonPath).filter { !decoder.isFailed($0.location) }
        guard issues.isEmpty else {
            throw ValidationErrors(source: source, issues: issues.sorted(by: Self.documentOrder))
        }
        return document
    }

    /// Issues in the order of the document: by line where known, then by place.
    static func documentOrder(_ a: ValidationErrors.Issue, _ b: ValidationErrors.Issue) -> Bool {
        func key(_ issue: ValidationErrors.Issue) -> [Int] {
            issue.location.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        }
        return key(a).lexicographicallyPrecedes(key(b))
    }

    /// Places with a type or shape error: the value rules say nothing more about them (their value is a stand-in).
    private var failed: Set<String> = []

    private mutating func report(_ path: MenuPath, _ node: DocumentNode?, _ message: String) {
        let place = node.map { " (line \($0.line), column \($0.column))" } ?? ""
        issues.append(.init(path.jsonPath, message + place))
        failed.insert(path.jsonPath)
    }

    private func isFailed(_ location: String) -> Bool {
        failed.contains(location) || failed.contains { location.hasPrefix($0 + ".") }
    }

    /// The object's fields by key, after reporting unknown keys and a wrong type.
    private mutating func fields(_ node: DocumentNode, _ path: MenuPath, allowed: [String], what: String) -> [String: DocumentNode]? {
        guard case .object(let pairs) = node.value else {
            report(path, node, "expected \(what) (an object), found \(node.kindName)")
            return nil
        }
        var result: [String: DocumentNode] = [:]
        for (key, value) in pairs {
            if allowed.contains(key) {
                result[key] = value
            } else {
                var at = path
                at.field = (path.field.map { $0 + "." } ?? "") + key
                report(at, value, "unknown field \"\(key)\" (expected one of: \(allowed.joined(separator: ", ")))")
            }
        }
        return result
    }

    private mutating func string(_ fields: [String: DocumentNode], _ key: String, _ path: MenuPath, required: Bool) -> String?? {
        var at = path
        at.field = key
        guard let node = fields[key] else {
            if required { report(at, nil, "missing required field \"\(key)\"") }
            return .some(nil)
        }
        switch node.value {
        case .string(let text): return .some(text)
        case .null where !required: return .some(nil)
        default:
            report(at, node, "expected a string, found \(node.kindName)")
            return nil
        }
    }

    private mutating func integer(_ fields: [String: DocumentNode], _ key: String, _ path: MenuPath) -> Int?? {
        var at = path
        at.field = key
        guard let node = fields[key] else { return .some(nil) }
        if case .number(let text) = node.value {
            if let value = Int(text) { return .some(value) }
            // 5.0 is a whole number written with a fraction; accept it exactly, refuse 5.5 and 1e3.
            if let dot = text.firstIndex(of: "."), !text.contains("e"), !text.contains("E"),
               text[text.index(after: dot)...].allSatisfy({ $0 == "0" }), let value = Int(text[..<dot]) {
                return .some(value)
            }
        }
        report(at, node, "expected a whole number, found \(node.kindName)")
        return nil
    }

    private mutating func bool(_ fields: [String: DocumentNode], _ key: String, _ path: MenuPath) -> Bool?? {
        var at = path
        at.field = key
        guard let node = fields[key] else { return .some(nil) }
        if case .bool(let flag) = node.value { return .some(flag) }
        report(at, node, "expected true or false, found \(node.kindName)")
        return nil
    }

    private mutating func money(_ fields: [String: DocumentNode], _ key: String, _ path: MenuPath, required: Bool, allowNegative: Bool) -> Int?? {
        var at = path
        at.field = key
        guard let node = fields[key] else {
            if required { report(at, nil, "missing required field \"\(key)\"") }
            return .some(nil)
        }
        let text: String
        switch node.value {
        case .string(let value): text = value
        case .number(let value): text = value
        default:
            report(at, node, "expected a decimal amount such as \"4.50\", found \(node.kindName)")
            return nil
        }
        switch MoneyText.cents(text, allowNegative: allowNegative) {
        case .success(let cents): return .some(cents)
        case .failure(let failure):
            report(at, node, "\(failure.expectation), found \"\(text.prefix(40))\"")
            return nil
        }
    }

    private mutating func list(_ fields: [String: DocumentNode], _ key: String, _ path: MenuPath) -> [DocumentNode]?? {
        var at = path
        at.field = key
        guard let node = fields[key] else { return .some(nil) }
        if case .array(let elements) = node.value { return .some(elements) }
        report(at, node, "expected a list, found \(node.kindName)")
        return nil
    }

    private mutating func document(_ root: DocumentNode) -> MenuDocument {
        guard let top = fields(root, MenuPath(), allowed: Self.topKeys, what: "a menu document") else { return MenuDocument(menu: "-", items: []) }
        let name = string(top, "menu", MenuPath(), required: true)
        var items: [MenuDocument.Item] = []
        switch list(top, "items", MenuPath()) {
        case .some(.some(let nodes)):
            for (i, node) in nodes.enumerated() { items.append(item(node, i)) }
        case .some(.none):
            report(MenuPath(field: "items"), nil, "missing required field \"items\"")
        case .none:
            break
        }
        return MenuDocument(menu: flat(name) ?? "-", items: items)
    }

    private mutating func item(_ node: DocumentNode, _ i: Int) -> MenuDocument.Item {
        let path = MenuPath(item: i)
        guard let f = fields(node, path, allowed: Self.itemKeys, what: "an item") else {
            return MenuDocument.Item(sku: "", name: "-", priceCents: 0, optionGroups: [])
        }
        let sku = string(f, "sku", path, required: true)
        let name = string(f, "name", path, required: true)
        let category = string(f, "category", path, required: false)
        let description = string(f, "description", path, required: false)
        let price = money(f, "price", path, required: true, allowNegative: false)
        let prep = integer(f, "prep_minutes", path)
        let available = bool(f, "available", path)
        var ingredients: [String] = []
        if case .some(.some(let nodes)) = list(f, "ingredients", path) {
            for (k, element) in nodes.enumerated() {
                if case .string(let text) = element.value {
                    ingredients.append(text.trimmingCharacters(in: .whitespaces))
                } else {
                    report(MenuPath(item: i, field: "ingredients[\(k)]"), element, "expected an ingredient name (a string), found \(element.kindName)")
                }
            }
        }
        var groups: [MenuDocument.OptionGroup] = []
        if case .some(.some(let nodes)) = list(f, "option_groups", path) {
            for (g, element) in nodes.enumerated() { groups.append(group(element, i, g)) }
        }
        return MenuDocument.Item(sku: flat(sku) ?? "", name: flat(name) ?? "-",
                                 category: flat(category) ?? MenuDocument.defaultCategory,
                                 description: flat(description).flatMap { $0.isEmpty ? nil : $0 },
                                 priceCents: flat(price) ?? 0, prepMinutes: flat(prep) ?? MenuDocument.defaultPrepMinutes,
                                 available: flat(available) ?? true, ingredients: ingredients, optionGroups: groups)
    }

    private mutating func group(_ node: DocumentNode, _ i: Int, _ g: Int) -> MenuDocument.OptionGroup {
        let path = MenuPath(item: i, group: g)
        guard let f = fields(node, path, allowed: Self.groupKeys, what: "an option group") else {
            return MenuDocument.OptionGroup(name: "\u{1}group \(g)", min: 0, max: 0)
        }
        let name = string(f, "name", path, required: true)
        let min = integer(f, "min", path)
        let max = integer(f, "max", path)
        let required = bool(f, "required", path)
        var options: [MenuDocument.Option] = []
        if case .some(.some(let nodes)) = list(f, "options", path) {
            for (o, element) in nodes.enumerated() {
                let optionPath = MenuPath(item: i, group: g, option: o)
                guard let of = fields(element, optionPath, allowed: Self.optionKeys, what: "an option") else {
                    options.append(MenuDocument.Option(name: "\u{1}option \(o)"))
                    continue
                }
                let optionName = string(of, "name", optionPath, required: true)
                let delta = money(of, "price_delta", optionPath, required: false, allowNegative: true)
                let available = bool(of, "available", optionPath)
                options.append(MenuDocument.Option(name: flat(optionName) ?? "\u{1}option \(o)", priceDeltaCents: flat(delta) ?? 0,
                                                   available: flat(available) ?? true))
            }
        }
        let isRequired = flat(required) ?? false
        // A required group that names no min means "choose at least one".
        let minimum: Int
        switch min {
        case .some(.some(let value)): minimum = value
        case .some(.none): minimum = isRequired ? 1 : 0
        case .none: minimum = 0
        }
        let maximum: Int
        switch max {
        case .some(.some(let value)): maximum = value
        case .some(.none): maximum = Swift.max(1, minimum)
        case .none: maximum = 0
        }
        return MenuDocument.OptionGroup(name: flat(name) ?? "\u{1}group \(g)", min: minimum, max: maximum, required: isRequired, options: options)
    }
}

/// A value that decoded (`.some(.some)`), was absent (`.some(nil)`) or failed (`nil`), as a plain optional.
private func flat<T>(_ value: T??) -> T? { value ?? nil }

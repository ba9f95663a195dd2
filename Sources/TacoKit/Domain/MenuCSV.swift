import Foundation

/// The CSV form of a menu: flat items only (option groups are left as they are on import), header exactly
/// `sku,name,category,description,price,prep_minutes,available,ingredients`, RFC 4180 quoting, ingredients
/// separated by `|`. Places are `menu.csv:17` or `menu.csv:17 (price)`, counting physical lines from 1.
public enum MenuCSV {
    /// The required header, in order.
    public static let columns = ["sku", "name", "category", "description", "price", "prep_minutes", "available", "ingredients"]

    /// One record and the physical line it starts on.
    struct Record {
        var line: Int
        var fields: [String]
    }

    /// Splits RFC 4180 text (CRLF or LF line ends) into records; an unterminated quote is a syntax error.
    static func records(_ bytes: [UInt8], source: String) throws(ValidationErrors) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var index = 0
        var quoted = false
        var fieldStarted = false
        var quoteLine = 1
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            fieldStarted = false
        }
        func endRecord() {
            endField()
            // A blank line (one empty field) is skipped, as most CSV writers' trailing newline is.
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(line: recordLine, fields: fields)) }
            fields.removeAll(keepingCapacity: true)
        }
        while index < bytes.count {
            let byte = bytes[index]
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 2
                        continue
                    }
                    quoted = false
                    index += 1
                    // After a closing quote only a separator or the end of the record may follow.
                    if index < bytes.count, ![UInt8(ascii: ","), 0x0A, 0x0D].contains(bytes[index]) {
                        throw ValidationErrors(source: source, issues: [.init("\(source):\(line)", "expected ',' or a line end after a closing quote")])
                    }
                    continue
                }
                if byte == 0x0A { line += 1 }
                field.append(byte)
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                guard !fieldStarted, field.isEmpty else {
                    throw ValidationErrors(source: source, issues: [.init("\(source):\(line)", "a quote inside an unquoted field (quote the whole field and double the quote)")])
                }
                quoted = true
                fieldStarted = true
                quoteLine = line
                index += 1
            case UInt8(ascii: ","):
                endField()
                index += 1
            case 0x0D:
                index += 1
                if index < bytes.count, bytes[index] == 0x0A { continue }
                endRecord()
                line += 1
                recordLine = line
            case 0x0A:
                endRecord()
                index += 1
                line += 1
                recordLine = line
            default:
                field.append(byte)
                fieldStarted = true
                index += 1
            }
        }
        if quoted {
            throw ValidationErrors(source: source, issues: [.init("\(source):\(quoteLine)", "unterminated quoted field (a '\"' opened here is never closed)")])
        }
        if fieldStarted || !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }

    /// Parses and validates a CSV menu for the menu named `menu`; throws `ValidationErrors` listing every problem.
    public static func parse(_ bytes: [UInt8], source: String, menu: String) throws(ValidationErrors) -> MenuDocument {
        let records = try records(bytes, source: source)
        guard let header = records.first else {
            throw ValidationErrors(source: source, issues: [.init("\(source):1", "expected the header \(columns.joined(separator: ",")), found an empty file")])
        }
        guard header.fields.map({ $0.trimmingCharacters(in: .whitespaces) }) == columns else {
            let unknown = header.fields.filter { !columns.contains($0) }
            let missing = columns.filter { !header.fields.contains($0) }
            var detail: [String] = []
            if !unknown.isEmpty { detail.append("unknown column\(unknown.count == 1 ? "" : "s") \(unknown.map { "\"\($0)\"" }.joined(separator: ", "))") }
            if !missing.isEmpty { detail.append("missing \(missing.joined(separator: ", "))") }
            if detail.isEmpty { detail.append("columns out of order") }
            throw ValidationErrors(source: source, issues: [.init("\(source):\(header.line)",
                "expected the header \(columns.joined(separator: ",")) (\(detail.joined(separator: "; ")))")])
        }
        var issues: [ValidationErrors.Issue] = []
        var items: [MenuDocument.Item] = []
        var lines: [Int] = []
        var failed = false
        // Places with a type error: their value is a stand-in the value rules must not judge.
        var failedPlaces: Set<String> = []
        for record in records.dropFirst() {
            func issue(_ column: String?, _ message: String) {
                let location = "\(source):\(record.line)" + (column.map { " (\($0))" } ?? "")
                issues.append(.init(location, message))
                failedPlaces.insert(location)
            }
            guard record.fields.count == columns.count else {
                issue(nil, "expected \(columns.count) fields, found \(record.fields.count)")
                failed = true
                continue
            }
            let f = Dictionary(uniqueKeysWithValues: zip(columns, record.fields))
            var ok = true
            var price = 0
            switch MoneyText.cents(f["price", default: ""].trimmingCharacters(in: .whitespaces), allowNegative: false) {
            case .success(let cents): price = cents
            case .failure(let failure):
                issue("price", "\(failure.expectation), found \"\(f["price", default: ""].prefix(40))\"")
                ok = false
            }
            var prep = MenuDocument.defaultPrepMinutes
            let prepText = f["prep_minutes", default: ""].trimmingCharacters(in: .whitespaces)
            if !prepText.isEmpty {
                if let value = Int(prepText) { prep = value } else {
                    issue("prep_minutes", "expected a whole number of minutes, found \"\(prepText.prefix(40))\"")
                    ok = false
                }
            }
            var available = true
            switch f["available", default: ""].trimmingCharacters(in: .whitespaces).lowercased() {
            case "", "true": available = true
            case "false": available = false
            case let other:
                issue("available", "expected true or false, found \"\(other.prefix(40))\"")
                ok = false
            }
            let category = f["category", default: ""]
            let description = f["description", default: ""]
            let ingredientText = f["ingredients", default: ""]
            let ingredients = ingredientText.isEmpty ? [] : ingredientText.split(separator: "|", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            if !ok { failed = true }
            items.append(MenuDocument.Item(sku: f["sku", default: ""], name: f["name", default: ""],
                                           category: category.isEmpty ? MenuDocument.defaultCategory : category,
                                           description: description.isEmpty ? nil : description, priceCents: price,
                                           prepMinutes: prep, available: available, ingredients: ingredients, optionGroups: nil))
            lines.append(record.line)
        }
        let document = MenuDocument(menu: menu, items: items)
        issues += MenuRules.validate(document) { path in
            guard let item = path.item else { return source }
            let column = path.field.map { String($0.prefix { $0 != "[" }) }
            return "\(source):\(lines[item])" + (column.map { " (\($0))" } ?? "")
        }.filter { !failedPlaces.contains($0.location) }
        guard issues.isEmpty, !failed else {
            throw ValidationErrors(source: source, issues: issues.sorted { lineOf($0) < lineOf($1) })
        }
        return document
    }

    private static func lineOf(_ issue: ValidationErrors.Issue) -> Int {
        guard let colon = issue.location.lastIndex(of: ":") else { return 0 }
        return Int(issue.location[issue.location.index(after: colon)...].prefix { $0.isNumber }) ?? 0
    }

    /// The CSV text of `document`'s items (CRLF line ends, RFC 4180 quoting), which re-imports unchanged.
    public static func render(_ document: MenuDocument) -> String {
        var out = columns.joined(separator: ",") + "\r\n"
        for item in document.items {
            let fields = [item.sku, item.name, item.category, item.description ?? "", MoneyText.format(item.priceCents),
                          String(item.prepMinutes), item.available ? "true" : "false", item.ingredients.joined(separator: "|")]
            out += fields.map(CSV.field).joined(separator: ",") + "\r\n"
        }
        return out
    }
}

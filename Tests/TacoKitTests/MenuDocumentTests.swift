import Foundation
import TacoKit
import Testing
import Yams

/// Menu files without a database: parsing, strictness, every error with its place, hygiene, round trips.
@Suite("Menu documents: parsing and validation")
struct MenuDocumentTests {
    static let contract = """
        {"menu": "Lunch", "items": [{"sku": "TACO-AL-PASTOR", "name": "Al Pastor Taco", "category": "Tacos",
        "description": "…", "price": "4.50", "prep_minutes": 4, "available": true, "ingredients": ["pork"],
        "option_groups": [{"name": "Salsa", "min": 0, "max": 2, "required": false, "options": [{"name": "Verde",
        "price_delta": "0.00", "available": true}]}]}]}
        """

    func parse(_ text: String, _ format: MenuFileFormat, name: String = "menu") throws -> MenuDocument {
        try MenuDocumentReader.parse(InputFile(name: "\(name).\(format.rawValue)", bytes: Array(text.utf8)), format: format, csvMenu: "Lunch")
    }

    func issues(_ text: String, _ format: MenuFileFormat) -> [ValidationErrors.Issue] {
        do {
            _ = try parse(text, format)
            return []
        } catch let error as ValidationErrors {
            return error.issues
        } catch {
            Issue.record("expected ValidationErrors, got \(error)")
            return []
        }
    }

    func has(_ issues: [ValidationErrors.Issue], _ location: String, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(issues.contains { $0.location == location && $0.message.contains(fragment) },
                "no issue at \(location) mentioning \"\(fragment)\" in \(issues)", sourceLocation: sourceLocation)
    }

    @Test("the issue's contract document parses exactly, price in cents")
    func contractDocument() throws {
        let document = try parse(Self.contract, .json)
        #expect(document.menu == "Lunch")
        let item = try #require(document.items.first)
        #expect(item.sku == "TACO-AL-PASTOR" && item.priceCents == 450 && item.prepMinutes == 4 && item.ingredients == ["pork"])
        #expect(item.optionGroups == [MenuDocument.OptionGroup(name: "Salsa", min: 0, max: 2, required: false,
                                                               options: [.init(name: "Verde", priceDeltaCents: 0, available: true)])])
    }

    @Test("prices are read from their decimal text, never through a float", arguments: [
        ("\"4.50\"", 450), ("4.5", 450), ("4", 400), ("\"0.10\"", 10), ("19.99", 1999), ("0.07", 7), ("\"21474836.47\"", 2_147_483_647),
    ])
    func exactPrices(text: String, cents: Int) throws {
        let document = try parse(#"{"menu":"M","items":[{"sku":"A","name":"a","price":\#(text)}]}"#, .json)
        #expect(document.items.first?.priceCents == cents)
    }

    @Test("negative, non-numeric, over-precise and exponent prices are refused at their place", arguments: [
        ("\"-1.00\"", "must not be negative"), ("\"abc\"", "expected a decimal amount"), ("4.555", "at most 2 decimal places"),
        ("1e2", "expected a decimal amount"), ("true", "expected a decimal amount"), ("\"\"", "expected a decimal amount"),
        ("\"21474836.48\"", "expected at most"),
    ])
    func badPrices(text: String, fragment: String) {
        let found = issues(#"{"menu":"M","items":[{"sku":"A","name":"a","price":\#(text)}]}"#, .json)
        has(found, "items[0].price", fragment)
    }

    @Test("an option's price delta may be negative")
    func negativeDelta() throws {
        let document = try parse(#"{"menu":"M","items":[{"sku":"A","name":"a","price":"5","option_groups":[{"name":"Cheese","options":[{"name":"No cheese","price_delta":"-0.25"}]}]}]}"#, .json)
        #expect(document.items.first?.optionGroups?.first?.options.first?.priceDeltaCents == -25)
    }

    @Test("every problem in the file is listed with its place, not only the first")
    func allErrorsListed() {
        let text = """
            {"menu": "Lunch", "colour": 1, "items": [
             {"sku": "A", "name": "x", "price": "-1", "prep_minutes": 300},
             {"sku": "A", "name": "", "price": "abc", "option_groups": [
               {"name": "S", "min": 3, "max": 2, "required": true, "options": [{"name": "o", "available": false}]},
               {"name": "S", "min": -1, "max": 0, "options": [{"name": "p"}, {"name": "p"}]}]},
             {"sku": "bad sku!", "name": "y", "price": 4.555, "extra": true, "spicy": "yes"},
             {"sku": "B", "name": "b", "price": "1", "prep_minutes": "4", "available": "yes", "ingredients": ["x", 3]}
            ]}
            """
        let found = issues(text, .json)
        has(found, "colour", "unknown field \"colour\"")
        has(found, "items[0].price", "must not be negative")
        has(found, "items[0].prep_minutes", "expected 0 to 240")
        has(found, "items[1].sku", "duplicate sku \"A\" (also at items[0].sku)")
        has(found, "items[1].name", "empty")
        has(found, "items[1].price", "expected a decimal amount")
        has(found, "items[1].option_groups[0].max", "expected max >= min (3)")
        has(found, "items[1].option_groups[0].options", "at least one available option")
        has(found, "items[1].option_groups[1].name", "duplicate option group \"S\"")
        has(found, "items[1].option_groups[1].min", "expected 0 to")
        has(found, "items[1].option_groups[1].options[1].name", "duplicate option \"p\"")
        has(found, "items[2].sku", "invalid sku \"bad sku!\"")
        has(found, "items[2].price", "at most 2 decimal places")
        has(found, "items[2].extra", "unknown field \"extra\"")
        has(found, "items[2].spicy", "unknown field \"spicy\"")
        has(found, "items[3].prep_minutes", "expected a whole number")
        has(found, "items[3].available", "expected true or false")
        has(found, "items[3].ingredients[1]", "expected an ingredient name")
        #expect(found.count == 18, "\(found)")
        // Type errors carry the line they are on.
        #expect(found.first { $0.location == "items[3].available" }?.message.contains("(line 7,") == true)
    }

    @Test("a required group: min >= 1, and no more than its available options")
    func requiredGroups() {
        let base = #"{"menu":"M","items":[{"sku":"A","name":"a","price":"1","option_groups":[GROUP]}]}"#
        has(issues(base.replacingOccurrences(of: "GROUP", with: #"{"name":"Size","required":true,"min":0,"options":[{"name":"S"}]}"#), .json),
            "items[0].option_groups[0].min", "must have min >= 1")
        has(issues(base.replacingOccurrences(of: "GROUP", with: #"{"name":"Size","required":true,"min":2,"max":0,"options":[{"name":"S"},{"name":"L","available":false}]}"#), .json),
            "items[0].option_groups[0].min", "only 1 option is available")
        has(issues(base.replacingOccurrences(of: "GROUP", with: #"{"name":"Size","required":true,"options":[]}"#), .json),
            "items[0].option_groups[0].options", "at least one available option")
        // A required group without min means at least one; max 0 is no limit.
        #expect(issues(base.replacingOccurrences(of: "GROUP", with: #"{"name":"Size","required":true,"max":0,"options":[{"name":"S"}]}"#), .json).isEmpty)
    }

    @Test("malformed JSON is one error with its line and column")
    func malformedJSON() {
        let found = issues("{\"menu\": \"x\", \"items\": [\n  {\"sku\": \"A\",, }]}", .json)
        #expect(found == [.init("line 2, column 15", "malformed JSON: expected a key in double quotes, found ','")])
        has(issues("{\"menu\": \"x\"", .json), "line 1, column 13", "expected ',' or '}'")
        has(issues("{\"menu\": \"x\", \"menu\": \"y\", \"items\": []}", .json), "line 1, column 15", "duplicate key \"menu\"")
        has(issues(String(repeating: "[", count: 500), .json), "line 1, column 65", "nesting deeper than 64")
        has(issues("", .json), "line 1, column 1", "found the end of the file")
    }

    @Test("malformed YAML is one error with YAML's line and column; YAML is as strict as JSON")
    func yaml() throws {
        has(issues("menu: Lunch\nitems:\n  - sku: A\n    name: [x\n", .yaml), "line 5, column 1", "malformed YAML")
        let found = issues("menu: Lunch\nitems:\n  - sku: 123\n    name: \"x\"\n    price: 4.5\n    prep_minutes: \"4\"\n    bogus: 1\n", .yaml)
        has(found, "items[0].sku", "expected a string, found the number 123 (line 3, column 10)")
        has(found, "items[0].prep_minutes", "expected a whole number")
        has(found, "items[0].bogus", "unknown field \"bogus\"")
        has(issues("menu: L\nitems:\n  - &a {sku: A, name: a, price: '1'}\n  - *a\n", .yaml), "items[1].sku", "duplicate sku")
        let document = try parse("menu: Lunch\nitems:\n  - sku: '0123'\n    name: 'true'\n    price: 4.50\n    available: false\n", .yaml)
        #expect(document.items.first?.sku == "0123" && document.items.first?.name == "true" && document.items.first?.priceCents == 450)
        #expect(document.items.first?.available == false)
    }

    @Test("YAML alias bombs are cut off instead of expanding without bound")
    func yamlBomb() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 { text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        text += "menu: M\nitems: []\n"
        let found = issues(text, .yaml)
        #expect(found.count == 1 && found.first?.message.contains("expands to more than") == true, "\(found)")
    }

    @Test("CSV: header exactly, RFC 4180 quoting, ingredients split on |, places are file:line (column)")
    func csv() throws {
        let good = "sku,name,category,description,price,prep_minutes,available,ingredients\r\nA,Taco,tacos,\"multi\nline, \"\"quoted\"\"\",4.50,3,true,pork | onion\r\nB,Bean,,,2,,false,\n"
        let document = try parse(good, .csv)
        #expect(document.items.count == 2)
        #expect(document.items[0].description == "multi\nline, \"quoted\"" && document.items[0].ingredients == ["pork", "onion"])
        #expect(document.items[0].optionGroups == nil, "CSV leaves option groups alone")
        #expect(document.items[1].category == MenuDocument.defaultCategory && document.items[1].prepMinutes == 5 && !document.items[1].available)

        let bad = "sku,name,category,description,price,prep_minutes,available,ingredients\nA,T,,,4.50,3,true,\nB,x,,,-2,abc,maybe,\nA,dup,,,1,1,true,\nC,x\nD,,,,1.2.3,999,false,a||a\n"
        let found = issues(bad, .csv)
        has(found, "menu.csv:3 (price)", "must not be negative")
        has(found, "menu.csv:3 (prep_minutes)", "expected a whole number")
        has(found, "menu.csv:3 (available)", "expected true or false")
        has(found, "menu.csv:4 (sku)", "duplicate sku \"A\" (also at menu.csv:2 (sku))")
        has(found, "menu.csv:5", "expected 8 fields, found 2")
        has(found, "menu.csv:6 (price)", "expected a decimal amount")
        has(found, "menu.csv:6 (name)", "empty")
        has(found, "menu.csv:6 (prep_minutes)", "expected 0 to 240")
        has(found, "menu.csv:6 (ingredients)", "duplicate ingredient \"a\"")
        #expect(found.count == 10, "\(found)")

        has(issues("sku,name,price\nA,b,1\n", .csv), "menu.csv:1", "missing category, description")
        has(issues("sku,name,category,description,price,prep_minutes,available,ingredients,colour\n", .csv), "menu.csv:1", "unknown column \"colour\"")
        has(issues("sku,name,category,description,price,prep_minutes,available,ingredients\nA,\"unterminated,,,1,1,true,\n", .csv),
            "menu.csv:2", "unterminated quoted field")
        has(issues("sku,name,category,description,price,prep_minutes,available,ingredients\nA,b\"c,,,1,1,true,\n", .csv),
            "menu.csv:2", "a quote inside an unquoted field")
        has(issues("", .csv), "menu.csv:1", "found an empty file")
    }

    @Test("a file larger than the limit is refused with its size and the limit, before it is read")
    func sizeLimit() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("menu-\(UUID().uuidString).json").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 50 * 1024 * 1024)   // a sparse 50 MB file: fstat says so, nothing is read
        try handle.close()
        let error = #expect(throws: ToolError.self) { try InputFile.read(path, limit: MenuDocumentReader.sizeLimit) }
        #expect(error?.status == .dataError)
        #expect(error?.message.contains("is 52428800 bytes; the limit is 8388608 bytes (8 MiB)") == true)
        // A stream (no size to fstat) is abandoned as soon as it passes the limit.
        let stream = #expect(throws: ToolError.self) { try InputFile.read("/dev/zero", limit: 1024 * 1024) }
        #expect(stream?.message.contains("is more than 1048576 bytes") == true)
    }

    @Test("invalid UTF-8 is refused naming the byte offset and the line")
    func invalidUTF8() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("menu-\(UUID().uuidString).json").path
        try Data(Array("{\"menu\": \"ok\",\n \"items\": [\"".utf8) + [0xC3, 0x28] + Array("\"]}".utf8)).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = #expect(throws: ValidationErrors.self) { try InputFile.read(path, limit: 1024) }
        #expect(error?.issues.first?.location.hasSuffix(".json:2") == true)
        #expect(error?.issues.first?.message.contains("invalid UTF-8 at byte offset 27") == true)
        #expect(UTF8Check.firstInvalidByte(Array("héllo ✓ 🌮".utf8)) == nil)
        #expect(UTF8Check.firstInvalidByte([0x41, 0xED, 0xA0, 0x80]) == 1, "a UTF-16 surrogate is not UTF-8")
        #expect(UTF8Check.firstInvalidByte([0xC0, 0x80]) == 0, "overlong")
        #expect(UTF8Check.firstInvalidByte([0x41, 0xE2, 0x82]) == 1, "truncated")
    }

    @Test("format by extension or flag; stdin needs the flag")
    func formats() throws {
        #expect(try MenuDocumentReader.format(for: "a.JSON", flag: nil) == .json)
        #expect(try MenuDocumentReader.format(for: "a.yml", flag: nil) == .yaml)
        #expect(try MenuDocumentReader.format(for: "a.txt", flag: .csv) == .csv)
        #expect((#expect(throws: ToolError.self) { try MenuDocumentReader.format(for: "-", flag: nil) })?.status == .usage)
        #expect((#expect(throws: ToolError.self) { try MenuDocumentReader.format(for: "menu.txt", flag: nil) })?.status == .usage)
    }

    static let rich = MenuDocument(menu: "Lunch: \"Special\"", items: [
        .init(sku: "TACO-1", name: "Taco, \"al pastor\"", category: "true", description: "line 1\nline 2 # not a comment", priceCents: 450,
              prepMinutes: 4, available: true, ingredients: ["pork", "piña"],
              optionGroups: [.init(name: "Salsa", min: 0, max: 2, options: [.init(name: "null", priceDeltaCents: -25), .init(name: "0123", available: false)]),
                             .init(name: "Size", min: 1, max: 1, required: true, options: [.init(name: "Regular")])]),
        .init(sku: "0042", name: "- dash", category: "sides", description: nil, priceCents: 0, prepMinutes: 0, available: false,
              ingredients: [], optionGroups: []),
    ])

    @Test("what export writes re-parses to the same document (JSON, YAML), and CSV keeps every flat field")
    func roundTrip() throws {
        for format in [MenuFileFormat.json, .yaml] {
            let text = try MenuDocumentReader.render(Self.rich, as: format)
            #expect(try parse(text, format) == Self.rich, "\(format):\n\(text)")
        }
        let csv = try parse(try MenuDocumentReader.render(Self.rich, as: .csv), .csv)
        var flat = Self.rich
        flat.menu = "Lunch"
        for index in flat.items.indices { flat.items[index].optionGroups = nil }
        #expect(csv == flat)
    }

    @Test("--format yaml renders record sets as a YAML sequence of mappings, quoted where needed")
    func yamlRecords() throws {
        let renderer = Renderer(format: .yaml, style: Style(enabled: false))
        let set = RecordSet(columns: ["sku", "price_cents", "available", "note", "at", "tags"], rows: [
            [.text("0123"), .int(450), .bool(true), .text("true"), .date(Date(timeIntervalSince1970: 0)), .json("[\"a\",\"b\"]")],
            [.text("a: b"), .int(-1), .bool(false), .null, .null, .json("[]")],
        ])
        let text = renderer.render(set)
        let parsed = try #require(try Yams.load(yaml: text) as? [[String: Any]])
        #expect(parsed.count == 2)
        #expect(parsed[0]["sku"] as? String == "0123" && parsed[0]["note"] as? String == "true" && parsed[0]["price_cents"] as? Int == 450)
        #expect(parsed[0]["available"] as? Bool == true && parsed[0]["tags"] as? [String] == ["a", "b"])
        #expect(parsed[1]["sku"] as? String == "a: b" && parsed[1]["note"] is NSNull)
        #expect(renderer.render(RecordSet(columns: ["a"])) == "[]\n")
        #expect(text.hasPrefix("- sku: '0123'\n  price_cents: 450\n"))
    }

    @Test("money text: exact both ways")
    func money() {
        #expect(MoneyText.format(450) == "4.50" && MoneyText.format(-25) == "-0.25" && MoneyText.format(7) == "0.07" && MoneyText.format(0) == "0.00")
        #expect(MoneyText.cents("007.5", allowNegative: false) == .success(750))
        #expect(MoneyText.cents("-0", allowNegative: false) == .success(0))
        #expect(MoneyText.cents("1.", allowNegative: false) == .failure(.notANumber))
        #expect(MoneyText.cents(".5", allowNegative: false) == .failure(.notANumber))
        #expect(MoneyText.cents("99999999999999999999", allowNegative: false) == .failure(.tooLarge))
    }
}

@Suite("Menu import planning (no database)")
struct MenuImportPlanTests {
    let menuID = UUID()

    func snapshot(_ document: MenuDocument, positions: [Int]? = nil) -> MenuSnapshot {
        MenuSnapshot(items: document.items.enumerated().map { index, item in
            MenuSnapshot.Item(id: UUID(), menuID: menuID, sku: item.sku, name: item.name, category: item.category, description: item.description,
                              priceCents: item.priceCents, prepMinutes: item.prepMinutes, available: item.available,
                              position: positions?[index] ?? index + 1,
                              groups: (item.optionGroups ?? []).enumerated().map { g, group in
                                  MenuSnapshot.Group(id: UUID(), name: group.name, min: group.min, max: group.max, required: group.required,
                                                     position: g + 1, options: group.options.enumerated().map { o, option in
                                                         MenuSnapshot.Option(id: UUID(), name: option.name, priceDeltaCents: option.priceDeltaCents,
                                                                             available: option.available, position: o + 1)
                                                     })
                              }, ingredients: Set(item.ingredients))
        })
    }

    @Test("the same document over its own snapshot plans zero writes")
    func noWrites() {
        let plan = MenuImportPlan.make(document: MenuDocumentTests.rich, menuID: menuID, snapshot: snapshot(MenuDocumentTests.rich), prune: true)
        #expect(plan.writeCount == 0)
        #expect(plan.count(.unchanged) == 2)
    }

    @Test("stored positions that already give the file's order are kept (ties broken by sku, as export orders them)")
    func tiedPositions() {
        var document = MenuDocumentTests.rich
        document.items.sort { $0.sku.utf8.lexicographicallyPrecedes($1.sku.utf8) }
        let plan = MenuImportPlan.make(document: document, menuID: menuID, snapshot: snapshot(document, positions: [0, 0]), prune: false)
        #expect(plan.writeCount == 0)
    }

    @Test("one change is one write; removing an item does not renumber its neighbours; prune removes, otherwise kept")
    func changes() {
        let base = MenuDocumentTests.rich
        var edited = base
        edited.items[0].priceCents = 500
        edited.items[0].optionGroups?[0].options[0].available = false
        edited.items.remove(at: 1)
        edited.items.append(.init(sku: "NEW", name: "New", priceCents: 100, ingredients: ["corn"]))
        let kept = MenuImportPlan.make(document: edited, menuID: menuID, snapshot: snapshot(base), prune: false)
        #expect(kept.itemUpdates.count == 1 && kept.optionUpdates.count == 1 && kept.itemInserts.count == 1 && kept.itemDeletes.isEmpty)
        #expect(kept.outcomes.map(\.action) == [.changed, .added, .kept])
        #expect(kept.outcomes[0].changes == ["price", "option_groups"])
        #expect(kept.itemInserts.first?.position == 2)
        let pruned = MenuImportPlan.make(document: edited, menuID: menuID, snapshot: snapshot(base), prune: true)
        #expect(pruned.itemDeletes.count == 1 && pruned.count(.removed) == 1)
    }
}

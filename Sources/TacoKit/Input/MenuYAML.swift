import Foundation
import Yams

/// YAML menus: parsed with Yams into the same position-keeping tree as JSON (so one decoder and the same
/// places serve both), and written with Yams' emitter (which quotes whatever needs quoting).
public enum MenuYAML {
    /// Without aliases a YAML document cannot hold more values than it has bytes; aliases share nodes, so a
    /// tiny file ("billion laughs") could otherwise expand without bound while it is walked.
    static func maxNodes(for text: String) -> Int { text.utf8.count + 1_000 }

    /// Parses YAML text into a document tree; syntax errors carry YAML's line and column.
    public static func parse(_ text: String) throws(DocumentSyntaxError) -> DocumentNode {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw syntaxError(error)
        } catch {
            throw DocumentSyntaxError(line: 1, column: 1, message: "\(error)")
        }
        guard let root else { throw DocumentSyntaxError(line: 1, column: 1, message: "expected a menu document, found an empty file") }
        var budget = maxNodes(for: text)
        return try convert(root, budget: &budget, limit: budget)
    }

    static func syntaxError(_ error: YamlError) -> DocumentSyntaxError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let while_ = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
            return DocumentSyntaxError(line: mark.line, column: mark.column, message: "malformed YAML: \(problem)\(while_)")
        case .reader(let problem, _, _, _):
            return DocumentSyntaxError(line: 1, column: 1, message: "malformed YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return DocumentSyntaxError(line: context.mark.line, column: context.mark.column,
                                       message: "duplicate key\(duplicates.count == 1 ? "" : "s") \(duplicates.sorted().joined(separator: ", "))")
        default:
            return DocumentSyntaxError(line: 1, column: 1, message: "malformed YAML: \(error)")
        }
    }

    private static func convert(_ node: Node, budget: inout Int, limit: Int) throws(DocumentSyntaxError) -> DocumentNode {
        budget -= 1
        let line = node.mark?.line ?? 0
        let column = node.mark?.column ?? 0
        guard budget >= 0 else {
            throw DocumentSyntaxError(line: line, column: column, message: "the document expands to more than \(limit) values through aliases; write the values out")
        }
        switch node {
        case .mapping(let mapping):
            var pairs: [(key: String, value: DocumentNode)] = []
            var keys: Set<String> = []
            for (key, value) in mapping {
                guard case .scalar(let scalar) = key else {
                    throw DocumentSyntaxError(line: key.mark?.line ?? line, column: key.mark?.column ?? column, message: "expected a plain key, found a complex one")
                }
                if scalar.string == "<<" {
                    throw DocumentSyntaxError(line: key.mark?.line ?? line, column: key.mark?.column ?? column,
                                              message: "merge keys (<<) are not supported; write the fields out")
                }
                guard keys.insert(scalar.string).inserted else {
                    throw DocumentSyntaxError(line: key.mark?.line ?? line, column: key.mark?.column ?? column, message: "duplicate key \"\(scalar.string)\"")
                }
                pairs.append((scalar.string, try convert(value, budget: &budget, limit: limit)))
            }
            return DocumentNode(.object(pairs), line: line, column: column)
        case .sequence(let sequence):
            var elements: [DocumentNode] = []
            for element in sequence { elements.append(try convert(element, budget: &budget, limit: limit)) }
            return DocumentNode(.array(elements), line: line, column: column)
        case .scalar(let scalar):
            return DocumentNode(scalarValue(scalar), line: line, column: column)
        case .alias:
            throw DocumentSyntaxError(line: line, column: column, message: "aliases are not supported; write the values out")
        }
    }

    /// YAML 1.1 core-schema typing for plain scalars only: a quoted `"4"` is a string (Yams would resolve it
    /// as an int), an explicit tag wins.
    static func scalarValue(_ scalar: Node.Scalar) -> DocumentNode.Value {
        let explicit = Tag.Name(rawValue: scalar.tag.description)
        let tagName: Tag.Name
        if explicit != .implicit && explicit != .nonSpecific {
            tagName = explicit
        } else if scalar.style == .plain {
            tagName = Resolver.default.resolveTag(of: .scalar(Node.Scalar(scalar.string)))
        } else {
            tagName = .str
        }
        switch tagName {
        case .null: return .null
        case .bool: return .bool(Node.scalar(scalar).bool ?? ["true", "yes", "on", "y"].contains(scalar.string.lowercased()))
        case .int, .float: return .number(scalar.string)
        default: return .string(scalar.string)
        }
    }

    /// A string scalar, quoted when a plain one would read back as another type.
    static func string(_ text: String) -> Node { .scalar(text.represented()) }

    /// The document as YAML, every field written; re-importing it changes nothing.
    public static func render(_ document: MenuDocument) throws -> String {
        func bool(_ flag: Bool) -> Node { Node(flag ? "true" : "false", Tag(.bool), .plain) }
        func int(_ value: Int) -> Node { Node(String(value), Tag(.int), .plain) }
        let items: [Node] = document.items.map { item in
            let groups: [Node] = (item.optionGroups ?? []).map { group in
                Node([
                    (string("name"), string(group.name)), (string("min"), int(group.min)), (string("max"), int(group.max)),
                    (string("required"), bool(group.required)),
                    (string("options"), Node(group.options.map { option in
                        Node([(string("name"), string(option.name)),
                              (string("price_delta"), string(MoneyText.format(option.priceDeltaCents))),
                              (string("available"), bool(option.available))], Tag(.map), .flow)
                    })),
                ])
            }
            return Node([
                (string("sku"), string(item.sku)), (string("name"), string(item.name)), (string("category"), string(item.category)),
                (string("description"), item.description.map(string) ?? Node("null", Tag(.null), .plain)),
                (string("price"), string(MoneyText.format(item.priceCents))),
                (string("prep_minutes"), int(item.prepMinutes)), (string("available"), bool(item.available)),
                (string("ingredients"), Node(item.ingredients.map(string), Tag(.seq), .flow)),
                (string("option_groups"), Node(groups, Tag(.seq), groups.isEmpty ? .flow : .any)),
            ])
        }
        let root = Node([(string("menu"), string(document.menu)), (string("items"), Node(items, Tag(.seq), items.isEmpty ? .flow : .any))])
        return try Yams.serialize(node: root, allowUnicode: true, sortKeys: false)
    }
}

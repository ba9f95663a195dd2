import Foundation
import Yams

/// The formats a schedule file can be read in.
public enum ScheduleFileFormat: String, CaseIterable, Sendable {
    case json, yaml, csv

    /// The format named by a path's extension (`.json`, `.yaml`/`.yml`, `.csv`), or nil.
    public init?(path: String) {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "json": self = .json
        case "yaml", "yml": self = .yaml
        case "csv": self = .csv
        default: return nil
        }
    }
}

/// Reads schedule files (JSON, YAML, CSV, or stdin) into entries with their places. Every syntax problem is
/// reported as a `ValidationErrors` naming the file and where; a missing or unreadable file is exit 66.
/// (Lives outside Domain because YAML needs Yams and files need I/O.)
public enum ScheduleFile {
    /// A schedule is a few hundred lines; anything near this size is a mistake, refused before parsing.
    public static let maximumBytes = 5 * 1024 * 1024

    /// Reads `path` (`-` = stdin) in `format` (default: from the extension) and returns its entries.
    public static func read(path: String, format: ScheduleFileFormat?,
                            standardInput: () -> Data = { FileHandle.standardInput.readDataToEndOfFile() }) throws
        -> (source: String, entries: [ScheduleDocument.Entry]) {
        let source = path == "-" ? "stdin" : URL(fileURLWithPath: path).lastPathComponent
        guard let format = format ?? ScheduleFileFormat(path: path) else {
            throw ToolError.usage("cannot tell the format of \"\(path)\"",
                                  hint: "name it .json, .yaml or .csv, or pass --input-format json|yaml|csv")
        }
        let data: Data
        if path == "-" {
            data = standardInput()
        } else {
            guard FileManager.default.isReadableFile(atPath: path) else {
                let exists = FileManager.default.fileExists(atPath: path)
                throw ToolError(.noInput, "cannot read \"\(path)\": \(exists ? "permission denied" : "no such file")")
            }
            if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maximumBytes {
                throw tooLarge(source, size)
            }
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw ToolError(.noInput, "cannot read \"\(path)\"")
            }
            data = contents
        }
        if data.count > maximumBytes { throw tooLarge(source, data.count) }
        return (source, try parse(data, format: format, source: source))
    }

    static func tooLarge(_ source: String, _ size: Int) -> ToolError {
        ToolError.data("\(source) is \(size / 1024) KiB; a schedule file may be at most \(maximumBytes / 1024 / 1024) MiB",
                       hint: "a weekly schedule is a few hundred lines; is this the right file?")
    }

    /// Parses file contents in a format.
    public static func parse(_ data: Data, format: ScheduleFileFormat, source: String) throws -> [ScheduleDocument.Entry] {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = String(validatingUTF8Data: bytes) else {
            let offset = firstInvalidUTF8Offset(bytes)
            let line = bytes.prefix(offset).filter { $0 == 0x0A }.count + 1
            throw ValidationErrors(source: source, issues: [.init("\(source):\(line)", "invalid UTF-8 at byte \(offset); the file must be UTF-8")])
        }
        switch format {
        case .json: return try parseJSON(bytes, source: source)
        case .yaml: return try parseYAML(text, source: source)
        case .csv: return try parseCSV(text, source: source)
        }
    }

    static func firstInvalidUTF8Offset(_ bytes: Data) -> Int {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while case .valid(let scalar) = parser.parseScalar(from: &iterator) { offset += scalar.count }
        return offset
    }

    // MARK: JSON

    static func parseJSON(_ data: Data, source: String) throws -> [ScheduleDocument.Entry] {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            let detail = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? "\(error)"
            throw ValidationErrors(source: source, issues: [.init(source, "malformed JSON: \(detail)")])
        }
        return try entries(fromTree: object, source: source) { value in
            switch value {
            case is NSNull: return .some(nil)
            case let text as String: return .some(text)
            case let number as NSNumber: return .some(number.stringValue)
            default: return nil
            }
        }
    }

    /// Walks `{"slots": [{field: scalar}]}` in a JSON or YAML tree; `scalar` maps a leaf to its text (`.some(nil)` for
    /// null) or returns nil when the value is not a scalar.
    static func entries(fromTree object: Any, source: String, scalar: (Any) -> String??) throws -> [ScheduleDocument.Entry] {
        guard let root = object as? [(String, Any)] ?? (object as? [String: Any]).map({ $0.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }) else {
            throw ValidationErrors(source: source, issues: [.init(source, "expected an object {\"slots\": [...]} at the top level")])
        }
        var issues: [ValidationErrors.Issue] = []
        var slots: [Any]?
        for (key, value) in root {
            if key == "slots" {
                slots = value as? [Any]
                if slots == nil { issues.append(.init("slots", "expected an array of slots")) }
            } else {
                issues.append(.init(key, "unknown field; the document has only \"slots\""))
            }
        }
        if slots == nil, !root.contains(where: { $0.0 == "slots" }) {
            issues.append(.init("slots", "missing; expected {\"slots\": [...]}"))
        }
        var result: [ScheduleDocument.Entry] = []
        for (index, element) in (slots ?? []).enumerated() {
            guard let fields = element as? [(String, Any)] ?? (element as? [String: Any]).map({ dict in
                ScheduleDocument.fields.compactMap { name in dict[name].map { (name, $0) } }
                    + dict.filter { !ScheduleDocument.fields.contains($0.key) }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            }) else {
                issues.append(.init("slots[\(index)]", "expected an object with \(ScheduleDocument.fields.joined(separator: ", "))"))
                continue
            }
            var converted: [(name: String, value: String?)] = []
            for (name, value) in fields {
                guard let text = scalar(value) else {
                    issues.append(.init("slots[\(index)].\(name)", "expected a string, a number or null"))
                    continue
                }
                converted.append((name, text))
            }
            result.append(.init(place: .element(index: index), fields: converted))
        }
        if !issues.isEmpty { throw ValidationErrors(source: source, issues: issues) }
        return result
    }

    // MARK: YAML

    static func parseYAML(_ text: String, source: String) throws -> [ScheduleDocument.Entry] {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ValidationErrors(source: source, issues: [.init(source, "malformed YAML: " + describe(error))])
        }
        guard let node else {
            throw ValidationErrors(source: source, issues: [.init(source, "the file is empty; expected slots: [...]")])
        }
        // Scalars are read as their source text: YAML 1.1 resolvers would turn 11:00 into 660 and dates into instants.
        func tree(_ node: Node) -> Any {
            switch node {
            case .mapping(let mapping):
                return mapping.map { (key, value) in (key.string ?? "\(key)", tree(value)) } as [(String, Any)]
            case .sequence(let sequence):
                return sequence.map(tree)
            case .scalar(let scalar):
                if scalar.style == .plain, node.null != nil { return NSNull() }
                return YAMLScalar(text: scalar.string)
            case .alias:
                return YAMLScalar(text: "")
            }
        }
        return try entries(fromTree: tree(node), source: source) { value in
            switch value {
            case is NSNull: return .some(nil)
            case let scalar as YAMLScalar: return .some(scalar.text)
            default: return nil
            }
        }
    }

    struct YAMLScalar { let text: String }

    static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return "line \(mark.line), column \(mark.column): \(problem)"
        case .duplicatedKeysInMapping(let duplicates, _):
            return "duplicated keys \(duplicates.sorted().joined(separator: ", "))"
        default:
            return "\(error)".split(separator: "\n").first.map(String.init) ?? "unreadable"
        }
    }

    // MARK: CSV

    /// RFC 4180 (quoted fields may hold commas, quotes and newlines; LF or CRLF). Places are the line each record starts on.
    static func parseCSV(_ text: String, source: String) throws -> [ScheduleDocument.Entry] {
        var records: [(line: Int, fields: [String])] = []
        var issues: [ValidationErrors.Issue] = []
        var field = ""
        var fields: [String] = []
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var fieldWasQuoted = false
        var iterator = Array(text.unicodeScalars).makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let scalar = pending { pending = nil; return scalar }
            return iterator.next()
        }
        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty && !fieldWasQuoted) { records.append((recordLine, fields)) }
            fields = []
            field = ""
            fieldWasQuoted = false
        }
        while let scalar = next() {
            if inQuotes {
                if scalar == "\"" {
                    if let following = next() {
                        if following == "\"" { field.unicodeScalars.append("\"") } else { inQuotes = false; pending = following }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty && !fieldWasQuoted:
                inQuotes = true
                fieldWasQuoted = true
            case "\"":
                issues.append(.init("\(source):\(line)", "a quote inside an unquoted field; quote the whole field and double the quote"))
                field.unicodeScalars.append(scalar)
            case ",":
                fields.append(field)
                field = ""
                fieldWasQuoted = false
            case "\r":
                continue
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            default:
                field.unicodeScalars.append(scalar)
            }
        }
        if inQuotes {
            issues.append(.init("\(source):\(recordLine)", "a quoted field is never closed"))
        }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRecord() }
        guard let header = records.first else {
            throw ValidationErrors(source: source, issues: issues + [.init("\(source):1", "the file is empty; expected the header \(ScheduleDocument.fields.joined(separator: ","))")])
        }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        for name in names where !ScheduleDocument.fields.contains(name) {
            issues.append(.init("\(source):1", "unknown column \"\(name)\"; expected the header \(ScheduleDocument.fields.joined(separator: ","))"))
        }
        for name in ScheduleDocument.required.sorted() where !names.contains(name) {
            issues.append(.init("\(source):1", "the column \"\(name)\" is missing"))
        }
        var entries: [ScheduleDocument.Entry] = []
        for record in records.dropFirst() {
            if record.fields.count != names.count {
                issues.append(.init("\(source):\(record.line)", "\(record.fields.count) fields; the header has \(names.count)"))
                continue
            }
            entries.append(.init(place: .line(source: source, line: record.line),
                                 fields: zip(names, record.fields).map { ($0, $1.isEmpty ? nil : $1) }))
        }
        if !issues.isEmpty { throw ValidationErrors(source: source, issues: issues) }
        return entries
    }
}

extension String {
    /// Decodes UTF-8, or nil when the bytes are not valid UTF-8 (no replacement characters).
    init?(validatingUTF8Data data: Data) {
        guard let text = String(data: data, encoding: .utf8) else { return nil }
        self = text
    }
}

import Foundation
import Yams

/// One cell of output. Money is integer cents (`*_cents` columns), times are RFC 3339 UTC.
public enum Cell: Sendable, Equatable {
    case text(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case date(Date)
    case null
    /// A value that is already JSON (an object or array), rendered verbatim in JSON and compactly elsewhere.
    case json(String)

    public static func int(_ value: Int) -> Cell { .int(Int64(value)) }
    public static func optional(_ value: String?) -> Cell { value.map(Cell.text) ?? .null }
    public static func optional(_ value: Int?) -> Cell { value.map { .int(Int64($0)) } ?? .null }
    public static func optional(_ value: Date?) -> Cell { value.map(Cell.date) ?? .null }

    /// The plain-text form used by tables and CSV.
    public var plain: String {
        switch self {
        case .text(let value): return value
        case .int(let value): return String(value)
        case .double(let value): return String(value)
        case .bool(let value): return value ? "true" : "false"
        case .date(let value): return Timestamp.rfc3339(value)
        case .null: return ""
        case .json(let value): return value
        }
    }
}

/// Rows with named columns, in order. Column names are the stable snake_case JSON keys.
public struct RecordSet: Sendable {
    public var columns: [String]
    public var rows: [[Cell]]

    public init(columns: [String], rows: [[Cell]] = []) {
        self.columns = columns
        self.rows = rows
    }

    public mutating func append(_ row: [Cell]) {
        precondition(row.count == columns.count, "row has \(row.count) cells for \(columns.count) columns")
        rows.append(row)
    }
}

/// The output formats every record-printing command offers.
public enum OutputFormat: String, CaseIterable, Sendable {
    case table, json, ndjson, csv, yaml
}

/// Renders record sets in the four formats. Tables are for people; the others are the stable contract.
public struct Renderer: Sendable {
    public let format: OutputFormat
    public let style: Style

    public init(format: OutputFormat, style: Style) {
        self.format = format
        self.style = style
    }

    /// A list of records: a JSON array (`[]` when empty), NDJSON lines, CSV with header, or an aligned table.
    public func render(_ set: RecordSet) -> String {
        switch format {
        case .json:
            if set.rows.isEmpty { return "[]\n" }
            let keys = set.columns.map(JSON.string)
            var writer = JSONWriter(capacity: 256 * set.rows.count)
            writer.raw("[\n")
            for (index, row) in set.rows.enumerated() {
                writer.raw(index == 0 ? "  " : ",\n  ")
                writer.object(keys, row)
            }
            writer.raw("\n]\n")
            return writer.text
        case .ndjson:
            let keys = set.columns.map(JSON.string)
            var writer = JSONWriter(capacity: 256 * set.rows.count)
            for row in set.rows {
                writer.object(keys, row)
                writer.raw(UInt8(ascii: "\n"))
            }
            return writer.text
        case .csv:
            return ([set.columns.map(CSV.field)] + set.rows.map { $0.map { CSV.field($0.plain) } })
                .map { $0.joined(separator: ",") + "\r\n" }.joined()
        case .yaml:
            if set.rows.isEmpty { return "[]\n" }
            return YAMLRecords.render(Node(set.rows.map { YAMLRecords.mapping(set.columns, $0) }))
        case .table:
            return table(set)
        }
    }

    /// A single record: a JSON object, one NDJSON line, a one-row CSV, or `key: value` lines.
    public func render(object columns: [String], _ cells: [Cell]) -> String {
        switch format {
        case .json: return JSON.object(columns, cells, pretty: true) + "\n"
        case .ndjson: return JSON.object(columns, cells) + "\n"
        case .csv: return render(RecordSet(columns: columns, rows: [cells]))
        case .yaml: return YAMLRecords.render(YAMLRecords.mapping(columns, cells))
        case .table:
            let width = columns.map(\.count).max() ?? 0
            return zip(columns, cells).map { key, cell in
                style.bold(key.replacingOccurrences(of: "_", with: " ").padding(toLength: width, withPad: " ", startingAt: 0))
                    + "  " + cell.plain + "\n"
            }.joined()
        }
    }

    private func table(_ set: RecordSet) -> String {
        let headers = set.columns.map { $0.uppercased() }
        var widths = headers.map(\.count)
        let texts = set.rows.map { row in row.map { $0.plain.replacingOccurrences(of: "\n", with: " ") } }
        for row in texts {
            for (index, text) in row.enumerated() { widths[index] = max(widths[index], text.count) }
        }
        func line(_ cells: [String], numeric: [Bool]) -> String {
            var parts: [String] = []
            for (index, cell) in cells.enumerated() {
                let pad = String(repeating: " ", count: max(0, widths[index] - cell.count))
                let isLast = index == cells.count - 1
                parts.append(numeric[index] ? pad + cell : (isLast ? cell : cell + pad))
            }
            return parts.joined(separator: "  ")
        }
        let numeric = set.columns.indices.map { column in
            !set.rows.isEmpty && set.rows.allSatisfy { row in
                if case .int = row[column] { return true }
                if case .double = row[column] { return true }
                if case .null = row[column] { return true }
                return false
            }
        }
        var out = style.bold(line(headers, numeric: numeric)) + "\n"
        for row in texts { out += line(row, numeric: numeric) + "\n" }
        if set.rows.isEmpty { out += style.dim("(no rows)") + "\n" }
        return out
    }
}

/// YAML output of records through Yams' emitter, which quotes every string that would otherwise read back as
/// another type (`"true"`, `"0123"`, `"null"`, `": "` …). Keys keep the column order.
enum YAMLRecords {
    static func mapping(_ columns: [String], _ cells: [Cell]) -> Node {
        Node(zip(columns, cells).map { (Node(scalar: $0), value($1)) })
    }

    static func value(_ cell: Cell) -> Node {
        switch cell {
        case .text(let text): return Node(scalar: text)
        case .int(let value): return Node(String(value), Tag(.int), .plain)
        case .double(let value):
            return value.isFinite ? Node(String(value), Tag(.float), .plain) : Node("null", Tag(.null), .plain)
        case .bool(let flag): return Node(flag ? "true" : "false", Tag(.bool), .plain)
        case .date(let date): return Node(scalar: Timestamp.rfc3339(date, fractional: true))
        case .null: return Node("null", Tag(.null), .plain)
        case .json(let text):
            // JSON is YAML's flow style: compose it into nodes so it is re-emitted as block YAML.
            return (try? Yams.compose(yaml: text)) ?? Node(scalar: text)
        }
    }

    static func render(_ node: Node) -> String {
        (try? Yams.serialize(node: node, allowUnicode: true, sortKeys: false)) ?? "null\n"
    }
}

extension Node {
    /// A string scalar, quoted when a plain one would read back as another type.
    init(scalar text: String) { self = .scalar(text.represented()) }
}

/// Minimal, ordered JSON writing (key order is part of the contract, so no dictionaries).
public enum JSON {
    public static func string(_ value: String) -> String {
        var writer = JSONWriter()
        writer.string(value)
        return writer.text
    }

    public static func value(_ cell: Cell) -> String {
        var writer = JSONWriter()
        writer.value(cell)
        return writer.text
    }

    public static func object(_ keys: [String], _ cells: [Cell], pretty: Bool = false) -> String {
        var writer = JSONWriter()
        writer.object(keys.map(JSON.string), cells, pretty: pretty)
        return writer.text
    }
}

/// Builds JSON text in one UTF-8 buffer. Rendering hundreds of records through String concatenation cost more CPU
/// than the query that produced them; this writes every byte once.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 4096) { bytes.reserveCapacity(capacity) }

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    public mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    public mutating func raw(_ byte: UInt8) { bytes.append(byte) }

    /// Bytes that already are JSON (e.g. a fragment written earlier).
    public mutating func raw(_ json: [UInt8]) { bytes.append(contentsOf: json) }

    /// A JSON string literal. Only ASCII needs a look: UTF-8 multi-byte sequences never contain bytes below 0x80,
    /// so a string without quotes, backslashes or control characters is copied as it is.
    public mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var start = 0
            for index in utf8.indices {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                start = index + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                case ..<0x20:
                    bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                              Self.hex[Int(byte >> 4)], Self.hex[Int(byte & 0x0F)]])
                default: bytes.append(byte)
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hex = Array("0123456789abcdef".utf8)

    public mutating func value(_ cell: Cell) {
        switch cell {
        case .text(let value): string(value)
        case .int(let value): raw(String(value))
        case .double(let value): raw(value.isFinite ? String(value) : "null")
        case .bool(let value): raw(value ? "true" : "false")
        case .date(let value):
            bytes.append(UInt8(ascii: "\""))
            Timestamp.appendRFC3339(value, fractional: true, to: &bytes)
            bytes.append(UInt8(ascii: "\""))
        case .null: raw("null")
        case .json(let value): raw(value)
        }
    }

    /// One object from keys already written as JSON strings (escape them once per record set, not per row).
    public mutating func object(_ escapedKeys: [String], _ cells: [Cell], pretty: Bool = false) {
        bytes.append(UInt8(ascii: "{"))
        for (index, (key, cell)) in zip(escapedKeys, cells).enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            if pretty { raw("\n  ") }
            raw(key)
            raw(pretty ? ": " : ":")
            value(cell)
        }
        if pretty && !cells.isEmpty { raw(UInt8(ascii: "\n")) }
        bytes.append(UInt8(ascii: "}"))
    }
}

/// RFC 4180 fields: quoted when they hold a comma, quote, CR or LF; a leading `=+-@` is not altered
/// (the data is for scripts, not spreadsheets).
public enum CSV {
    public static func field(_ text: String) -> String {
        if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return text
    }
}

import ArgumentParser
import Foundation

/// The file formats a menu document can be read from and written to.
public enum MenuFileFormat: String, CaseIterable, Sendable, ExpressibleByArgument {
    case json, yaml, csv

    /// The format a file name's extension names (`.json`, `.yaml`/`.yml`, `.csv`), if any.
    public init?(path: String) {
        switch (path as NSString).pathExtension.lowercased() {
        case "json": self = .json
        case "yaml", "yml": self = .yaml
        case "csv": self = .csv
        default: return nil
        }
    }
}

/// Reads and validates menu files: format by extension or flag, size limit, UTF-8, strict parsing.
public enum MenuDocumentReader {
    /// The largest menu file accepted (8 MiB; a 1,000-item menu with option groups is well under 1 MiB).
    public static let sizeLimit = 8 * 1024 * 1024

    /// The format for `path`: `--input-format` wins; `-` (stdin) requires it; otherwise the extension.
    public static func format(for path: String, flag: MenuFileFormat?) throws -> MenuFileFormat {
        if let flag { return flag }
        if path == "-" {
            throw ToolError.usage("reading a menu from standard input needs --input-format json|yaml|csv")
        }
        guard let format = MenuFileFormat(path: path) else {
            throw ToolError.usage("cannot tell the format of \(path) from its extension",
                                  hint: "name it .json, .yaml, .yml or .csv, or pass --input-format json|yaml|csv")
        }
        return format
    }

    /// Reads, parses and validates `path`. `csvMenu` names the menu for CSV files (which carry no menu name).
    /// Throws `ValidationErrors` (65) listing every problem, `ToolError` 66 when the file cannot be read.
    public static func read(_ path: String, format flag: MenuFileFormat?, csvMenu: String,
                            limit: Int = sizeLimit) throws -> (document: MenuDocument, format: MenuFileFormat, source: String) {
        let format = try format(for: path, flag: flag)
        let file = try InputFile.read(path, limit: limit)
        return (try parse(file, format: format, csvMenu: csvMenu), format, file.name)
    }

    /// Parses and validates bytes already read.
    public static func parse(_ file: InputFile, format: MenuFileFormat, csvMenu: String) throws -> MenuDocument {
        switch format {
        case .csv:
            return try MenuCSV.parse(file.bytes, source: file.name, menu: csvMenu)
        case .json:
            let tree: DocumentNode
            do {
                tree = try JSONDocumentParser.parse(file.bytes)
            } catch {
                throw ValidationErrors(source: file.name, issues: [.init(error.issue.location, "malformed JSON: " + error.message)])
            }
            return try MenuDocumentDecoder.decode(tree, source: file.name)
        case .yaml:
            let tree: DocumentNode
            do {
                tree = try MenuYAML.parse(file.text)
            } catch {
                throw ValidationErrors(source: file.name, issues: [error.issue])
            }
            return try MenuDocumentDecoder.decode(tree, source: file.name)
        }
    }

    /// `document` written in `format`.
    public static func render(_ document: MenuDocument, as format: MenuFileFormat) throws -> String {
        switch format {
        case .json: return document.jsonText()
        case .yaml: return try MenuYAML.render(document)
        case .csv: return MenuCSV.render(document)
        }
    }
}

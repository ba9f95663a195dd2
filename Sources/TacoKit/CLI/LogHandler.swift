import Foundation
import Logging

/// Writes log lines to stderr as text (`tool: level: message key=value`) or one JSON object per line.
public struct StderrLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    let tool: String
    let format: LogFormat
    let style: Style
    let stream: OutputStream

    public init(tool: String, format: LogFormat, level: Logger.Level, style: Style, stream: OutputStream = .standardError) {
        self.tool = tool
        self.format = format
        self.logLevel = level
        self.style = style
        self.stream = stream
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        let line: String
        switch format {
        case .json:
            var keys = ["ts", "level", "tool", "msg"]
            var cells: [Cell] = [.text(Timestamp.rfc3339(Date(), fractional: true)), .text(event.level.rawValue), .text(tool),
                                 .text(event.message.description)]
            for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
                keys.append(key)
                cells.append(.text(value.description))
            }
            line = JSON.object(keys, cells)
        case .text:
            let level: String
            switch event.level {
            case .error, .critical: level = style.red(event.level.rawValue)
            case .warning: level = style.yellow("warning")
            default: level = event.level.rawValue
            }
            let pairs = merged.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined()
            line = "\(tool): \(level): \(event.message)\(pairs)"
        }
        stream.write(line + "\n")
        stream.flush()
    }
}

import Foundation
import TacoKit

/// `orders queue` without argument-parser's reflection.
///
/// Kitchen displays and scripts run `taco-vendor orders queue` over and over; argument-parser builds every command's
/// argument set through `Mirror` and runtime conformance lookups, which in a statically linked binary cost ~1.7 ms
/// per call — a quarter of the whole command. This reads exactly the queue's own flags and its option groups',
/// each at most once, in `--name value` or `--name=value` form. Anything else (help, a positional, a repeated or
/// unknown flag, a value that is not a known format, `--`) returns nil and goes through argument-parser, which
/// owns every message and exit code. `TACO_NO_FAST_PARSE=1` turns this off. An end-to-end test runs the same
/// arguments both ways and compares the output.
enum FastPath {
    static func ordersQueue(_ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment)
        -> TacoVendor.Orders.Queue? {
        guard arguments.count >= 2, arguments[0] == "orders", arguments[1] == "queue",
              environment["TACO_NO_FAST_PARSE"] == nil else { return nil }
        let valued: Set<String> = ["--truck", "--format", "--database-url", "--vendor", "--log-format"]
        let flagNames = ["--include-pending": "--include-pending", "--watch": "--watch", "--no-color": "--no-color",
                         "--verbose": "--verbose", "-v": "--verbose", "--quiet": "--quiet", "-q": "--quiet"]
        var values: [String: String] = [:]
        var flags: Set<String> = []
        var index = 2
        while index < arguments.count {
            let argument = arguments[index]
            let name: String, value: String
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
                index += 1
            } else if valued.contains(argument), index + 1 < arguments.count {
                name = argument
                value = arguments[index + 1]
                index += 2
            } else if let flag = flagNames[argument], flags.insert(flag).inserted {
                index += 1
                continue
            } else {
                return nil
            }
            guard valued.contains(name), values[name] == nil, !value.isEmpty, !value.hasPrefix("-") else { return nil }
            values[name] = value
        }
        let format = values["--format"].map(OutputFormat.init(rawValue:))
        let logFormat = values["--log-format"].map(LogFormat.init(rawValue:))
        if format == .some(nil) || logFormat == .some(nil) { return nil }

        var connection = ConnectionOptions()
        connection.databaseURL = values["--database-url"]
        var vendor = VendorOptions()
        vendor.slug = values["--vendor"]
        var output = OutputOptions()
        output.format = format ?? nil
        output.noColor = flags.contains("--no-color")
        output.logFormat = (logFormat ?? nil) ?? .text
        output.verbose = flags.contains("--verbose")
        output.quiet = flags.contains("--quiet")
        var queue = TacoVendor.Orders.Queue()
        queue.connection = connection
        queue.vendor = vendor
        queue.output = output
        queue.truck = values["--truck"]
        queue.includePending = flags.contains("--include-pending")
        queue.watch = flags.contains("--watch")
        return queue
    }
}

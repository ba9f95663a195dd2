import Foundation
import TacoKit
import TacoTestSupport
import Testing

/// `taco-vendor orders queue` parses its flags without argument-parser when it can (FastPath.swift); these run the
/// same arguments both ways (`TACO_NO_FAST_PARSE=1` forces argument-parser) and require the same exit code, output
/// and messages.
@Suite("orders queue: the reflection-free parse answers exactly like argument-parser")
struct QueueFastPathTests {
    /// The output with the one figure that moves between two runs (the orders' age in seconds) taken out.
    private static func comparable(_ output: String) throws -> String {
        guard let rows = try? JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]] else {
            return output.split(separator: "\n").filter { !$0.contains("age_seconds") }.joined(separator: "\n")
        }
        let stable = rows.map { $0.filter { $0.key != "age_seconds" } }
        return String(decoding: try JSONSerialization.data(withJSONObject: stable, options: [.sortedKeys]), as: UTF8.self)
    }

    @Test("the same answers, messages and exit codes for valid, unusual and bad arguments")
    func sameAnswers() throws {
        let f = try OrderFixture.make()
        _ = try f.order(in: .preparing, special: "no onions")
        _ = try f.order(in: .pending)
        let url = try f.database.conninfo(user: f.staffLogin)
        let cases: [[String]] = [
            ["--truck", "Truck 1", "--format", "json", "--database-url", url],
            ["--format=json", "--include-pending", "--database-url=\(url)", "--truck=Truck 1"],
            ["--format", "ndjson", "--no-color", "-q", "--database-url", url],
            ["--format", "csv", "--log-format", "json", "--verbose", "--database-url", url],
            ["--format", "json", "--vendor", "someone-else", "--database-url", url],        // a vendor login naming a vendor
            ["--truck", "No Such Truck", "--format", "json", "--database-url", url],        // 65
            ["--format", "xml", "--database-url", url],                                     // 64, argument-parser's message
            ["--format", "json", "--format", "csv", "--database-url", url],                 // repeated: argument-parser decides
            ["--truck", "--watch", "--database-url", url],                                  // a flag where a value belongs
            ["--frobnicate", "--database-url", url],                                        // unknown flag
            ["--format", "json", "--database-url", "postgresql:///nowhere?host=/nonexistent"], // 69
            ["--help"],
        ]
        for arguments in cases {
            let fast = try ToolRunner.run("taco-vendor", ["orders", "queue"] + arguments)
            let full = try ToolRunner.run("taco-vendor", ["orders", "queue"] + arguments, environment: ["TACO_NO_FAST_PARSE": "1"])
            #expect(fast.status == full.status, "\(arguments): \(fast.stderr) vs \(full.stderr)")
            #expect(try Self.comparable(fast.stdout) == Self.comparable(full.stdout), "\(arguments)")
            // Log lines carry their time; everything else must match.
            let untimed = { (text: String) in text.replacingOccurrences(of: #""ts":"[^"]*""#, with: "", options: .regularExpression) }
            #expect(untimed(fast.stderr) == untimed(full.stderr), "\(arguments)")
        }
    }
}

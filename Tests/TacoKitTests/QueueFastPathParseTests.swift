import Testing
@testable import taco_vendor
import TacoKit

/// What the reflection-free parse of `orders queue` takes and what it leaves to argument-parser.
@Suite("orders queue: the reflection-free parse")
struct QueueFastPathParseTests {
    @Test("the common forms are parsed, every value in place")
    func parses() throws {
        let queue = try #require(FastPath.ordersQueue(
            ["orders", "queue", "--truck", "Truck 1", "--format=ndjson", "--include-pending", "--watch", "-q",
             "--database-url", "postgresql:///x", "--vendor=taco-loco", "--log-format", "json", "--no-color"], environment: [:]))
        #expect(queue.truck == "Truck 1" && queue.includePending && queue.watch)
        #expect(queue.output.format == .ndjson && queue.output.quiet && !queue.output.verbose && queue.output.noColor)
        #expect(queue.output.logFormat == .json)
        #expect(queue.connection.databaseURL == "postgresql:///x" && queue.vendor.slug == "taco-loco")
        let plain = try #require(FastPath.ordersQueue(["orders", "queue"], environment: [:]))
        #expect(plain.truck == nil && !plain.watch && plain.output.format == nil && plain.output.logFormat == .text)
    }

    @Test("anything else is left to argument-parser",
          arguments: [["orders", "show", "x"], ["orders", "queue", "--help"], ["orders", "queue", "-h"],
                      ["orders", "queue", "--format", "xml"], ["orders", "queue", "--log-format=yaml"],
                      ["orders", "queue", "--watch", "--watch"], ["orders", "queue", "--truck", "a", "--truck", "b"],
                      ["orders", "queue", "--truck"], ["orders", "queue", "--truck", "--watch"], ["orders", "queue", "--truck="],
                      ["orders", "queue", "-vq"], ["orders", "queue", "extra"], ["orders", "queue", "--", "--watch"],
                      ["orders", "queue", "--frobnicate"], ["queue"]])
    func fallsBack(_ arguments: [String]) {
        #expect(FastPath.ordersQueue(arguments, environment: [:]) == nil)
    }

    @Test("TACO_NO_FAST_PARSE turns it off")
    func switchedOff() {
        #expect(FastPath.ordersQueue(["orders", "queue"], environment: ["TACO_NO_FAST_PARSE": "1"]) == nil)
    }
}

import ArgumentParser
import Foundation
import TacoKit

extension TacoBench {
    struct PostPositions: TacoCommand {
        static let configuration = CommandConfiguration(
            commandName: "post-positions",
            abstract: "Post batches of position fixes to taco-jobs serve from many trucks at once; print a JSON summary.",
            discussion: """
                The load generator of bench-serve-realtime's serve-ingest. Each truck of --trucks (lines "UUID \
                INDEX") posts batches of --batch fixes to 127.0.0.1:PORT/api/v1/trucks/UUID/positions with the \
                token bench-rt-token-INDEX, on its own keep-alive HTTP/1.1 connection and thread, one request at a \
                time, until --seconds have passed. A truck's fix times start at --start plus 0 to 0.9 s and advance \
                1 s per fix; its fixes lie within 0.0001 degrees of a point within 0.009 degrees of 37.4220,-122.0841; \
                about 1% have accuracy_m 500 (the service rejects them).

                Prints one JSON object: posted, accepted, rejected, requests, errors (non-200 replies and failed \
                connections; their fixes count as posted only), elapsed (s), reasons (rejection reason -> count) \
                and cpu_seconds (this process's user + system time).

                Examples:
                  taco-bench post-positions --port 8080 --trucks trucks.txt --seconds 20 --start 1767225600
                """
        )
        @OptionGroup(title: "Output") var output: OutputOptions
        @Option(help: "The service's port on 127.0.0.1.") var port: Int
        @Option(help: "File of \"UUID INDEX\" lines, one truck each.") var trucks: String
        @Option(help: "Fixes per request.") var batch = 100
        @Option(help: "How long to post, in seconds.") var seconds: Double
        @Option(help: "Time base of the first fixes, in seconds since 1970-01-01 UTC.") var start: Double

        func validate() throws {
            guard (1...65535).contains(port) else { throw ValidationError("--port must be 1 to 65535 (got \(port))") }
            guard (1...10_000).contains(batch) else { throw ValidationError("--batch must be 1 to 10000 (got \(batch))") }
            guard seconds > 0 else { throw ValidationError("--seconds must be positive (got \(seconds))") }
            guard start > 0 else { throw ValidationError("--start must be positive (got \(start))") }
        }

        func run(_ context: CommandContext) throws {
            let list = try Self.readTrucks(trucks)
            let began = MonotonicClock.nanoseconds()
            let plan = PositionLoad.Plan(port: UInt16(port), batch: batch, startMilliseconds: Int(start * 1000),
                                         deadline: began + UInt64(seconds * 1e9))
            let loads = list.map { PositionLoad(plan: plan, truckID: $0.id, index: $0.index) }
            try PositionLoad.runAll(loads)
            let elapsed = Double(MonotonicClock.nanoseconds() - began) / 1e9

            var total = PositionLoad.Totals()
            for load in loads { total.add(load.totals) }
            if let failure = loads.lazy.compactMap(\.firstFailure).first {
                context.logger.warning("\(total.errors) errors; the first: \(failure)")
            }
            context.stdout.write(total.json(elapsed: elapsed, cpuSeconds: Self.cpuSeconds()) + "\n")
        }

        static func readTrucks(_ path: String) throws -> [(id: String, index: Int)] {
            let text: String
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw ToolError(.noInput, "\(path): cannot read the trucks file")
            }
            var list: [(id: String, index: Int)] = []
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let fields = line.split(whereSeparator: \.isWhitespace)
                if fields.isEmpty { continue }
                guard fields.count == 2, let uuid = UUID(uuidString: String(fields[0])), let index = Int(fields[1]),
                      index >= 0 else {
                    throw ToolError(.dataError, "\(path):\(number + 1): expected \"UUID INDEX\"",
                                    hint: "one truck per line: its id and its token's number, "
                                        + "e.g. 3f2a91c0-5b1e-4c2a-9d3e-0123456789ab 17")
                }
                list.append((uuid.lowercasedText, index))
            }
            guard !list.isEmpty else { throw ToolError(.dataError, "\(path): no trucks") }
            return list
        }

        static func cpuSeconds() -> Double {
            var usage = rusage()
            guard getrusage(Int32(RUSAGE_SELF.rawValue), &usage) == 0 else { return 0 }
            func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
            return seconds(usage.ru_utime) + seconds(usage.ru_stime)
        }
    }
}

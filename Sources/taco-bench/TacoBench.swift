import ArgumentParser
import Foundation
import TacoKit

/// Benchmark drivers for `make bench`: each loads or queries through TacoKit exactly as the tools do,
/// so scripts/bench can time it against a psql baseline in the same run.
@main
struct TacoBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "taco-bench",
        abstract: "Benchmark drivers for make bench (not an end-user tool).",
        subcommands: [CopyPositions.self]
    )
}

extension TacoBench {
    struct CopyPositions: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "copy-positions",
            abstract: "Load a positions CSV through TacoKit's COPY path and print the row count."
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Argument(help: "CSV file with a header: truck_id,recorded_at,lat,lon,accuracy_m,speed_mps,heading_deg")
        var file: String

        func run(_ context: CommandContext) throws {
            let descriptor = open(file, O_RDONLY)
            guard descriptor >= 0 else { throw ToolError(.noInput, "\(file): \(String(cString: strerror(errno)))") }
            defer { close(descriptor) }
            let rows = try PositionStore(try context.database()).copyCSV(fromFileDescriptor: descriptor)
            context.stdout.write("\(rows)\n")
        }
    }
}

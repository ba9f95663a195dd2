import ArgumentParser
import Foundation
import TacoKit

extension TacoJobs {
    struct Locations: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "locations",
            abstract: "Manage the day partitions of truck positions.",
            subcommands: [Partitions.self]
        )
    }
}

extension TacoJobs.Locations {
    struct Partitions: DatabaseCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the coming days' partitions of truck_positions (idempotent).",
            discussion: """
                Partitions are whole UTC days named truck_positions_YYYYMMDD. There is no default partition, so a \
                position for a day without one is refused rather than misfiled: run this daily from cron (the \
                service also does it). Creates today's partition and those for the --ahead span.

                Example:
                  taco-jobs locations partitions --ahead 14d --format json
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Option(help: "How far ahead to create partitions, e.g. 7d or 2w.")
        var ahead: RelativeSpan = RelativeSpan("7d")!

        func run(_ context: CommandContext) throws {
            let store = PositionStore(try context.database())
            let today = LocalDate.utc(context.now)
            let created = try store.ensurePartitions(from: today, days: ahead.days + 1)
            var set = RecordSet(columns: ["partition", "day"])
            for partition in try store.partitions() {
                set.append([.text(partition.name), .text(partition.day.description)])
            }
            context.emit(set)
            context.summary("\(created) partition\(created == 1 ? "" : "s") created through \(today.adding(days: ahead.days)); \(set.rows.count) exist")
        }
    }
}

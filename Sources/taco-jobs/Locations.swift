import ArgumentParser
import Foundation
import TacoKit

extension TacoJobs {
    struct Locations: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "locations",
            abstract: "Manage truck positions: day partitions, archival to compressed files, restore.",
            subcommands: [Partitions.self, Archive.self, Archives.self, Restore.self]
        )
    }
}

extension TacoJobs.Locations {
    struct Partitions: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "partitions",
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

extension TacoJobs.Locations {
    struct Archive: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "archive",
            abstract: "Archive whole days older than a span to gzip files, then drop their partitions.",
            discussion: """
                For each UTC day wholly older than --older-than: the partition is streamed out with COPY into \
                DEST/positions-YYYY-MM-DD.csv.gz (CSV with a header: truck_id, recorded_at, received_at, lat, lon, \
                accuracy_m, speed_mps, heading_deg; times in UTC), fsynced and renamed into place; the manifest row \
                (location_archives: partition, time range, rows, bytes, SHA-256, path) is written; the file is read back \
                and its row count and checksum verified; only then is the partition dropped — and only if it still \
                holds exactly the archived rows. A crash at any instant (kill -9 included) loses nothing: run it again \
                and it resumes (re-exporting a day with no verified archive, or re-checking and dropping one that has \
                one); no day is archived twice. Runs never overlap (advisory lock: exit 75, or --wait). An existing \
                file of the same name is replaced. DEST must exist and be writable (73).

                Examples:
                  taco-jobs locations archive --older-than 90d --dest /srv/archive/positions
                  taco-jobs locations archive --older-than 90d --dest /srv/archive/positions --dry-run --format json
                  taco-jobs locations archive --older-than 90d --dest /srv/archive/positions --log-format json --quiet
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @OptionGroup(title: "Safety") var safety: SafetyOptions
        @Option(name: .customLong("older-than"), help: "Archive days wholly older than this span, e.g. 90d (at least 1d).") var olderThan: RelativeSpan
        @Option(help: ArgumentHelp("The directory the archive files go to.", valueName: "dir")) var dest: String
        @Flag(help: "Wait for a concurrent archive run instead of exiting 75.") var wait = false

        func run(_ context: CommandContext) throws {
            guard olderThan.seconds >= 86_400 else { throw ToolError.usage("--older-than must be at least 1d (today's and yesterday's fixes still arrive)") }
            let db = try context.database()
            let cutoff = LocalDate.utc(context.now.addingTimeInterval(-Double(olderThan.seconds)))
            let progress = context.progress("archiving")
            let outcomes = try db.withLock(LocationArchiver.lock, wait: wait) {
                try LocationArchiver(db).archive(before: cutoff, into: dest, dryRun: safety.dryRun) { day, done, total in
                    progress.update(done, total: total)
                    context.logger.info("archiving \(day)")
                }
            }
            var set = RecordSet(columns: ["day", "action", "rows", "bytes", "sha256", "path"])
            for outcome in outcomes {
                set.append([.text(outcome.day.description), .text(outcome.action.rawValue), .int(outcome.rows), .int(outcome.bytes),
                            .text(outcome.sha256), .text(outcome.path)])
            }
            context.emit(set)
            let rows = outcomes.reduce(0) { $0 + $1.rows }
            progress.finish(safety.dryRun ? "dry run: \(outcomes.count) day(s), \(rows) positions would be archived (days before \(cutoff))"
                                          : "\(outcomes.count) day(s) archived, \(rows) positions (days before \(cutoff))")
        }
    }

    struct Archives: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "archives",
            abstract: "List the archive manifest.",
            discussion: "Example:\n  taco-jobs locations archives --format json"
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions

        func run(_ context: CommandContext) throws {
            var set = RecordSet(columns: ["day", "partition", "state", "rows", "bytes", "sha256", "path", "range_start", "range_end", "completed_at"])
            for archive in try LocationArchiver(try context.database()).manifest() {
                set.append([.text(archive.day.description), .text(archive.partition), .text(archive.state), .optional(archive.rowCount),
                            .optional(archive.bytes), .optional(archive.sha256), .optional(archive.path), .date(archive.rangeStart),
                            .date(archive.rangeEnd), .optional(archive.completedAt)])
            }
            context.emit(set)
        }
    }

    struct Restore: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "restore",
            abstract: "Load an archive into a new table for an investigation (the live table is not touched).",
            discussion: """
                The file's SHA-256 and row count must match the manifest (65 otherwise: the archive is corrupt). The \
                rows go into a new table, by default restored_positions_YYYYMMDD (--into names another \
                restored_positions_* table); it must not exist yet.

                Example:
                  taco-jobs locations restore /srv/archive/positions/positions-2026-08-01.csv.gz
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Argument(help: "The archive file.") var file: String
        @Option(help: "The table to create, restored_positions_<suffix>.") var into: String?

        func run(_ context: CommandContext) throws {
            guard FileManager.default.isReadableFile(atPath: file) else { throw ToolError(.noInput, "\(file): not found or not readable") }
            let result = try LocationArchiver(try context.database()).restore(path: file, into: into)
            context.emit(object: ["table", "rows", "file"], [.text(result.table), .int(result.rows), .text(file)])
            context.summary("restored \(result.rows) positions into \(result.table)")
        }
    }
}

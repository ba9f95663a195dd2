import ArgumentParser
import TacoKit

extension TacoAdmin {
    struct Db: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "db",
            abstract: "Migrate the database and show its migration status.",
            subcommands: [Migrate.self, Status.self]
        )
    }
}

extension TacoAdmin.Db {
    struct Migrate: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "migrate",
            abstract: "Apply pending schema migrations, each in its own transaction.",
            discussion: """
                Migrations are numbered SQL files compiled into the tools. Each runs in its own transaction under an \
                advisory lock and is recorded with its SHA-256; an applied migration that was edited is refused. \
                Run it as the database owner (a role with CREATEROLE, e.g. taco_owner). Re-running changes nothing.

                Examples:
                  taco-admin db migrate
                  taco-admin db migrate --dry-run --format json
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Flag(name: .customLong("dry-run"), help: "List the pending migrations without applying them.")
        var dryRun = false
        @Flag(help: "Wait for a concurrent migration to finish instead of exiting 75.")
        var wait = false

        func run(_ context: CommandContext) throws {
            let db = try context.database()
            let applied = try Migrator().migrate(db, dryRun: dryRun, wait: wait) { migration in
                context.logger.info("applying \(migration.id)")
            }
            var set = RecordSet(columns: ["version", "name", "checksum", "state"])
            for migration in applied {
                set.append([.int(migration.version), .text(migration.name), .text(migration.checksum),
                            .text(dryRun ? "pending" : "applied")])
            }
            if context.renderer.format != .table || !applied.isEmpty { context.emit(set) }
            if dryRun {
                context.summary("\(applied.count) migration\(applied.count == 1 ? "" : "s") pending (dry run, nothing applied)")
            } else {
                context.summary(applied.isEmpty ? "database \"\(db.database)\" is up to date: 0 changed"
                                                : "applied \(applied.count) migration\(applied.count == 1 ? "" : "s") to \"\(db.database)\"")
            }
        }
    }

    struct Status: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "List every migration with its state: applied, pending, modified or unknown.",
            discussion: """
                Exit status 0 whatever the states; use --format json in scripts and look for a state other than "applied".

                Example:
                  taco-admin db status --format json
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions

        func run(_ context: CommandContext) throws {
            let statuses = try Migrator().status(try context.database())
            var set = RecordSet(columns: ["version", "name", "state", "applied_at", "applied_by", "duration_ms", "checksum"])
            for status in statuses {
                set.append([.int(status.version), .text(status.name), .text(status.state.rawValue), .optional(status.appliedAt),
                            .optional(status.appliedBy), .optional(status.durationMilliseconds), .text(status.checksum)])
            }
            context.emit(set)
            let pending = statuses.filter { $0.state == .pending }.count
            let applied = statuses.filter { $0.state == .applied }.count
            context.summary("\(applied) applied, \(pending) pending" + (statuses.count > applied + pending ? ", \(statuses.count - applied - pending) modified or unknown" : ""))
        }
    }
}

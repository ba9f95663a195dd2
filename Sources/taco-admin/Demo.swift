import ArgumentParser
import TacoKit

extension TacoAdmin {
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "demo",
            abstract: "Load and summarise the demo data set (12 campuses, ~100 vendors, a day of orders and positions).",
            subcommands: [Load.self, Summary.self]
        )
    }
}

extension TacoAdmin.Demo {
    struct Load: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "load",
            abstract: "Load the demo data into a migrated database (skipped when already loaded).",
            discussion: """
                Loads in one transaction, dated today (UTC): campuses with boundaries, departments, 3,000 employees, \
                vendors in every approval state with permits, trucks and menus, a week of schedules, a day of orders \
                in every state and a day of GPS positions, plus demo logins (demo_it, demo_fs, demo_reporting, \
                demo_jobs, demo_vendor_admin, demo_vendor_staff, demo_vendor2_admin). Run it as the database owner.

                Example:
                  taco-admin demo load --database-url postgresql:///tacotracker?host=/path/to/socket&user=taco_owner
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions

        func run(_ context: CommandContext) throws {
            let store = DemoStore(try context.database())
            if try store.load() {
                context.summary("demo data loaded")
            } else {
                context.summary("demo data already loaded: 0 changed")
            }
        }
    }

    struct Summary: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "summary",
            abstract: "Count the rows of the main tables.",
            discussion: "Example:\n  taco-admin demo summary --format csv"
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions

        func run(_ context: CommandContext) throws {
            var set = RecordSet(columns: ["table", "rows"])
            for (table, rows) in try DemoStore(try context.database()).summary() {
                set.append([.text(table), .int(rows)])
            }
            context.emit(set)
        }
    }
}

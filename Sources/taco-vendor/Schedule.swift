import ArgumentParser
import Foundation
import TacoKit

extension ISOWeekday: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
    public static var allValueStrings: [String] { allCases.map(\.abbreviation) }
}

extension WallClockTime: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
}

extension ISOWeek: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
}

extension ScheduleFileFormat: ExpressibleByArgument {}

extension TacoVendor {
    struct Schedule: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "schedule",
            abstract: "Plan where your trucks are each week: slots, closures, import and export.",
            discussion: """
                A slot is a truck at a campus on a weekday from a start to an end time, in the campus's local \
                wall-clock time: a slot stays 11:00-14:00 local across daylight-saving changes (its UTC times move). \
                A slot must lie within the campus's service hours, and a truck cannot be in two slots at once on any \
                campus: conflicts are refused (exit 65) naming the other slot.

                Examples:
                  taco-vendor schedule add --truck "Truck 1" --campus HQ --day mon --start 11:00 --end 14:00
                  taco-vendor schedule list --week 2026-W48 --format json
                  taco-vendor schedule export --format csv > schedule.csv
                  taco-vendor schedule import schedule.csv --dry-run
                """,
            subcommands: [List.self, Add.self, Remove.self, Close.self, Reopen.self, Import.self, Export.self]
        )
    }
}

extension TacoVendor.Schedule {
    struct List: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the dated slots of one ISO week (default: this week), with closures.",
            discussion: """
                One row per slot and date: the campus, local start and end, the same times in UTC (starts_at, \
                ends_at), the spot, and whether the truck is closed that day (schedule close) with the reason. \
                "This week" is the ISO week of today on this machine's clock (TZ).

                Examples:
                  taco-vendor schedule list
                  taco-vendor schedule list --week 2026-W48 --truck "Truck 1" --format json
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Vendor") var vendor: VendorOptions
        @OptionGroup(title: "Output") var output: OutputOptions

        @Option(help: ArgumentHelp("The ISO week to list, such as 2026-W48 (default: this week).", valueName: "week"))
        var week: ISOWeek?

        @Option(help: ArgumentHelp("Only this truck (name or id).", valueName: "truck"))
        var truck: String?

        func run(_ context: CommandContext) throws {
            let week = week ?? ISOWeek(containing: CampusClock(timeZone: .current).date(at: context.now))
            let store = ScheduleStore(try context.database(), scope: try context.vendorScope(vendor))
            let entries = try store.week(week, truck: truck)
            var set = RecordSet(columns: ["schedule_id", "date", "day", "truck", "campus", "start_local", "end_local",
                                          "starts_at", "ends_at", "spot", "closed", "closed_reason"])
            for entry in entries {
                set.append([.text(entry.slot.id.lowercasedText), .text(entry.occurrence.date.description),
                            .text(entry.slot.slot.weekday.abbreviation), .text(entry.slot.truckName), .text(entry.slot.campusCode),
                            .text(entry.occurrence.start.description), .text(entry.occurrence.end.description),
                            .date(entry.occurrence.startsAt), .date(entry.occurrence.endsAt), .optional(entry.slot.spot),
                            .bool(entry.closed), .optional(entry.closedReason)])
            }
            context.emit(set)
            let closed = entries.filter(\.closed).count
            context.summary("\(week): \(entries.count) slot\(entries.count == 1 ? "" : "s")" + (closed > 0 ? ", \(closed) closed" : ""))
        }
    }

    static let slotColumns = ["id", "truck", "campus", "day", "start_local", "end_local", "spot", "valid_from", "valid_until"]

    static func slotCells(_ slot: ScheduleSlot) -> [Cell] {
        [.text(slot.id.lowercasedText), .text(slot.truckName), .text(slot.campusCode), .text(slot.slot.weekday.abbreviation),
         .text(slot.slot.start.description), .text(slot.slot.end.description), .optional(slot.spot),
         .text(slot.slot.validFrom.description), .optional(slot.slot.validUntil?.description)]
    }

    struct Add: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a weekly slot for a truck at a campus.",
            discussion: """
                Times are the campus's local time, HH:MM from 00:00 to 23:59; the end must come after the start on \
                the same day and both must lie within the campus's service hours. --from defaults to today on the \
                campus's clock; without --until the slot is open-ended (both dates inclusive). A slot that overlaps \
                another of the truck's slots (same weekday, overlapping times and dates, any campus) is refused \
                (exit 65) naming it; an unknown campus or truck is exit 65. With --if-not-exists an identical existing \
                slot is accepted and nothing changes.

                Examples:
                  taco-vendor schedule add --truck "Truck 1" --campus HQ --day mon --start 11:00 --end 14:00 --spot "Lot B"
                  taco-vendor schedule add --truck "Truck 1" --campus HQ --day friday --start 11:30 --end 13:30 --from 2026-12-01 --until 2027-02-28
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Vendor") var vendor: VendorOptions
        @OptionGroup(title: "Output") var output: OutputOptions

        @Option(help: ArgumentHelp("The truck (name or id).", valueName: "truck")) var truck: String
        @Option(help: ArgumentHelp("The campus code (see the hint of an unknown code for the list).", valueName: "code")) var campus: String
        @Option(help: ArgumentHelp("The weekday: mon … sun, or the full name.", valueName: "day")) var day: ISOWeekday
        @Option(help: ArgumentHelp("Local start time, HH:MM from 00:00 to 23:59.", valueName: "HH:MM")) var start: WallClockTime
        @Option(help: ArgumentHelp("Local end time, HH:MM (after the start, by 23:59).", valueName: "HH:MM")) var end: WallClockTime
        @Option(help: ArgumentHelp("Where on campus the truck parks.", valueName: "text")) var spot: String?
        @Option(help: ArgumentHelp("First date the slot applies, YYYY-MM-DD (default: today).", valueName: "date")) var from: LocalDate?
        @Option(help: ArgumentHelp("Last date the slot applies, YYYY-MM-DD (default: open-ended).", valueName: "date")) var until: LocalDate?
        @Flag(name: .customLong("if-not-exists"), help: "Accept an identical existing slot instead of refusing it.") var ifNotExists = false

        func run(_ context: CommandContext) throws {
            let store = ScheduleStore(try context.database(), scope: try context.vendorScope(vendor))
            let (slot, created) = try store.add(.init(truck: truck, campus: campus, weekday: day, start: start, end: end, spot: spot,
                                                      validFrom: from, validUntil: until), ifNotExists: ifNotExists)
            context.emit(object: TacoVendor.Schedule.slotColumns, TacoVendor.Schedule.slotCells(slot))
            context.summary(created ? "1 added" : "0 added, 0 changed (the slot exists)")
        }
    }

    struct Remove: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Remove a weekly slot by id.",
            discussion: """
                The id is the schedule_id of `schedule list` (or the id printed by `schedule add`). An unknown id, or \
                one of another vendor, is exit 65. Asks on a TTY; scripts pass --yes.

                Examples:
                  taco-vendor schedule remove 0b6f6d8e-4c1a-4a57-9a53-2f1f7c1f9e10 --yes
                  taco-vendor schedule remove 0b6f6d8e-4c1a-4a57-9a53-2f1f7c1f9e10 --dry-run
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Vendor") var vendor: VendorOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @OptionGroup(title: "Safety") var safety: SafetyOptions

        @Argument(help: ArgumentHelp("The slot's id.", valueName: "id")) var id: String

        func run(_ context: CommandContext) throws {
            let store = ScheduleStore(try context.database(), scope: try context.vendorScope(vendor))
            let slot = try store.slot(id: id)
            if !safety.dryRun {
                try context.confirm("remove the slot \(slot.truckName) \(slot.summary)", yes: safety.yes)
            }
            let removed = try store.remove(id: id, dryRun: safety.dryRun)
            context.emit(object: TacoVendor.Schedule.slotColumns, TacoVendor.Schedule.slotCells(removed))
            context.summary(safety.dryRun ? "1 would be removed (dry run)" : "1 removed")
        }
    }

    struct Close: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "close",
            abstract: "Close a truck for one local date (its slots that day are shown as closed).",
            discussion: """
                Closing an already closed date changes nothing ("0 changed"); a new --reason replaces the old one.

                Examples:
                  taco-vendor schedule close --truck "Truck 1" --date 2026-11-26 --reason "Thanksgiving"
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Vendor") var vendor: VendorOptions
        @OptionGroup(title: "Output") var output: OutputOptions

        @Option(help: ArgumentHelp("The truck (name or id).", valueName: "truck")) var truck: String
        @Option(help: ArgumentHelp("The campus-local date, YYYY-MM-DD.", valueName: "date")) var date: LocalDate
        @Option(help: ArgumentHelp("Why (shown to staff and in schedule list).", valueName: "text")) var reason: String?

        func run(_ context: CommandContext) throws {
            let store = ScheduleStore(try context.database(), scope: try context.vendorScope(vendor))
            let (closure, changed) = try store.close(truck: truck, date: date, reason: reason)
            context.emit(object: ["truck", "date", "day", "reason", "slots_closed"], [
                .text(closure.truckName), .text(closure.date.description), .text(ISOWeekday(of: closure.date).abbreviation),
                .optional(closure.reason), .int(closure.slotsClosed),
            ])
            context.summary(changed ? "1 changed" : "0 changed")
        }
    }

    struct Reopen: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "reopen",
            abstract: "Undo `schedule close` for a truck and date.",
            discussion: """
                Reopening a date that is not closed changes nothing ("0 changed").

                Examples:
                  taco-vendor schedule reopen --truck "Truck 1" --date 2026-11-26
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Vendor") var vendor: VendorOptions
        @OptionGroup(title: "Output") var output: OutputOptions

        @Option(help: ArgumentHelp("The truck (name or id).", valueName: "truck")) var truck: String
        @Option(help: ArgumentHelp("The campus-local date, YYYY-MM-DD.", valueName: "date")) var date: LocalDate

        func run(_ context: CommandContext) throws {
            let store = ScheduleStore(try context.database(), scope: try context.vendorScope(vendor))
            let changed = try store.reopen(truck: truck, date: date)
            context.summary(changed ? "1 changed" : "0 changed")
        }
    }

    struct Import: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import weekly slots from a JSON, YAML or CSV file (upsert by truck, campus, day and start).",
            discussion: """
                The file: JSON/YAML {"slots": [{"truck": "Truck 1", "campus": "HQ", "day": "mon", "start": "11:00", \
                "end": "14:00", "spot": "Lot B", "valid_from": "2026-11-02", "valid_until": null}]}, or CSV with the \
                header truck,campus,day,start,end,spot,valid_from,valid_until. truck, campus, day, start and end are \
                required; day is mon … sun, a full name or ISO 1-7; a missing valid_from keeps a slot's date (today \
                for a new one); an empty valid_until is open-ended. Unknown fields are errors.

                One transaction: every problem in the file is listed with its place (schedule.csv:4 or \
                slots[3].start) and nothing is written (exit 65). Unchanged slots are not written; the summary says \
                "N added, N changed, N unchanged, N removed" and the changed slots are printed. --prune removes your \
                slots the file does not name (asks on a TTY; scripts pass --yes). `schedule export` re-imports to \
                zero changes.

                Examples:
                  taco-vendor schedule import schedule.csv --dry-run
                  taco-vendor schedule import schedule.yaml --prune --yes
                  cat slots.json | taco-vendor schedule import - --input-format json
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Vendor") var vendor: VendorOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @OptionGroup(title: "Safety") var safety: SafetyOptions

        @Argument(help: ArgumentHelp("The file (.json, .yaml, .yml or .csv), or - for stdin.", valueName: "file")) var file: String
        @Option(name: .customLong("input-format"), help: ArgumentHelp("json, yaml or csv (default: from the file's extension).", valueName: "format"))
        var inputFormat: ScheduleFileFormat?
        @Flag(help: "Remove your slots that the file does not name.") var prune = false

        func run(_ context: CommandContext) throws {
            let (source, entries) = try ScheduleFile.read(path: file, format: inputFormat)
            let (rows, issues) = ScheduleDocument.check(entries)
            if !issues.isEmpty { throw ValidationErrors(source: source, issues: issues) }
            let store = ScheduleStore(try context.database(), scope: try context.vendorScope(vendor))
            let report = try store.importDocument(rows, source: source, prune: prune, dryRun: safety.dryRun) { count in
                try context.confirm("remove \(count) slot\(count == 1 ? "" : "s") the file does not name", yes: safety.yes)
            }
            var set = RecordSet(columns: ["action", "id"] + ScheduleDocument.fields)
            for change in report.changes {
                let row = change.row
                set.append([.text(change.action.rawValue), .optional(change.id?.lowercasedText), .text(row.truck), .text(row.campus),
                            .text(row.weekday.abbreviation), .text(row.start.description), .text(row.end.description), .optional(row.spot),
                            .optional(row.validFrom?.description), .optional(row.validUntil?.description)])
            }
            context.emit(set)
            context.summary(report.summary + (safety.dryRun ? " (dry run: nothing written)" : ""))
        }
    }

    struct Export: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write the weekly slots as a schedule file (JSON by default, or CSV) that re-imports to zero changes.",
            discussion: """
                JSON is the {"slots": [...]} document; CSV has the header \
                truck,campus,day,start,end,spot,valid_from,valid_until. Only --format json and csv are accepted.

                Examples:
                  taco-vendor schedule export > schedule.json
                  taco-vendor schedule export --format csv --truck "Truck 1" > truck1.csv
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Vendor") var vendor: VendorOptions
        @OptionGroup(title: "Output") var output: OutputOptions

        @Option(help: ArgumentHelp("Only this truck (name or id).", valueName: "truck")) var truck: String?

        func validate() throws {
            if let format = output.format, format != .json, format != .csv {
                throw ValidationError("schedule export writes --format json or csv, not \(format.rawValue)")
            }
        }

        func run(_ context: CommandContext) throws {
            let store = ScheduleStore(try context.database(), scope: try context.vendorScope(vendor))
            let rows = try store.slots(truck: truck).map(\.documentRow)
            context.stdout.write(output.format == .csv ? ScheduleDocument.csv(rows) : ScheduleDocument.json(rows))
            context.summary("\(rows.count) slot\(rows.count == 1 ? "" : "s") exported")
        }
    }
}

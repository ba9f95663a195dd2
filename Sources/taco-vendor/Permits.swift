import ArgumentParser
import Foundation
import TacoKit

extension TacoVendor {
    struct Permits: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "permits",
            abstract: "Keep your business licence, health permit and insurance on file with their expiry dates.",
            discussion: """
                Kinds: business-license, health, insurance. Food Services sees the same permits and their expiry.

                Examples:
                  taco-vendor permits list
                  taco-vendor permits add --kind health --number HP-2291 --expires 2027-06-30 --if-not-exists
                """,
            subcommands: [List.self, Add.self, Remove.self]
        )
    }
}

extension TacoVendor.Permits {
    static let columns = ["id", "kind", "number", "expires_on", "days_left", "created_at"]

    static func cells(_ permit: Permit, today: LocalDate) -> [Cell] {
        [.text(permit.id.lowercasedText), .text(permit.kind), .text(permit.number), .text(permit.expiresOn.description),
         .int(permit.expiresOn.daysSinceEpoch - today.daysSinceEpoch), .date(permit.createdAt)]
    }

    static func today(_ context: CommandContext) -> LocalDate { CampusClock(timeZone: .current).date(at: context.now) }

    struct List: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List your permits, soonest expiry first (days_left is negative once expired).",
            discussion: """
                Examples:
                  taco-vendor permits list
                  taco-vendor permits list --format json
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Vendor") var vendor: VendorOptions
        @OptionGroup(title: "Output") var output: OutputOptions

        func run(_ context: CommandContext) throws {
            let permits = try PermitStore(try context.database(), scope: try context.vendorScope(vendor)).list()
            let today = TacoVendor.Permits.today(context)
            context.emit(RecordSet(columns: TacoVendor.Permits.columns, rows: permits.map { TacoVendor.Permits.cells($0, today: today) }))
        }
    }

    struct Add: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Record a permit.",
            discussion: """
                --kind is business-license, health or insurance; --expires is YYYY-MM-DD and may not be in the past \
                (exit 65, as is an unknown kind). The same kind and number twice is refused unless --if-not-exists \
                is given, which accepts the existing permit and changes nothing.

                Examples:
                  taco-vendor permits add --kind business-license --number BL-10442 --expires 2027-01-31
                  taco-vendor permits add --kind insurance --number POL-7781 --expires 2026-12-31 --if-not-exists --format json
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Vendor") var vendor: VendorOptions
        @OptionGroup(title: "Output") var output: OutputOptions

        @Option(help: ArgumentHelp("business-license, health or insurance.", valueName: "kind")) var kind: String
        @Option(help: ArgumentHelp("The permit's number as printed on it.", valueName: "number")) var number: String
        @Option(help: ArgumentHelp("The expiry date, YYYY-MM-DD.", valueName: "date")) var expires: LocalDate
        @Flag(name: .customLong("if-not-exists"), help: "Accept an existing permit of the same kind and number.") var ifNotExists = false

        func run(_ context: CommandContext) throws {
            let today = TacoVendor.Permits.today(context)
            let store = PermitStore(try context.database(), scope: try context.vendorScope(vendor))
            let (permit, created) = try store.add(kind: kind, number: number, expires: expires, today: today, ifNotExists: ifNotExists)
            context.emit(object: TacoVendor.Permits.columns, TacoVendor.Permits.cells(permit, today: today))
            context.summary(created ? "1 added" : "0 added, 0 changed (the permit exists)")
        }
    }

    struct Remove: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Remove a permit by id.",
            discussion: """
                An unknown id, or one of another vendor, is exit 65. Asks on a TTY; scripts pass --yes.

                Examples:
                  taco-vendor permits remove 5f0c2a9e-8d7b-4e52-a1f3-6c2d9b0e7a14 --yes
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Vendor") var vendor: VendorOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @OptionGroup(title: "Safety") var safety: SafetyOptions

        @Argument(help: ArgumentHelp("The permit's id.", valueName: "id")) var id: String

        func run(_ context: CommandContext) throws {
            let store = PermitStore(try context.database(), scope: try context.vendorScope(vendor))
            let permit = try store.permit(id: id)
            if !safety.dryRun {
                try context.confirm("remove the \(permit.kind) permit \(permit.number)", yes: safety.yes)
            }
            let removed = try store.remove(id: id, dryRun: safety.dryRun)
            context.emit(object: TacoVendor.Permits.columns, TacoVendor.Permits.cells(removed, today: TacoVendor.Permits.today(context)))
            context.summary(safety.dryRun ? "1 would be removed (dry run)" : "1 removed")
        }
    }
}

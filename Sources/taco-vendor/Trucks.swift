import ArgumentParser
import Foundation
import TacoKit

extension TacoVendor {
    struct Trucks: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "trucks",
            abstract: "List, add and update your trucks, and issue their GPS device tokens.",
            subcommands: [List.self, Add.self, Update.self, SetStatus.self, Token.self]
        )
    }
}

/// The columns every trucks command prints.
private func truckRecords(_ trucks: [Truck]) -> RecordSet {
    var set = RecordSet(columns: ["id", "name", "plate", "capacity", "status", "token_rotated_at", "created_at"])
    for truck in trucks {
        set.append([.text(truck.id.postgresText), .text(truck.name), .text(truck.plate), .int(truck.capacity),
                    .text(truck.status), .optional(truck.tokenRotatedAt), .date(truck.createdAt)])
    }
    return set
}

private func validated(name: String?, plate: String?, capacity: Int?) throws {
    if let name, name.trimmingCharacters(in: .whitespaces).isEmpty { throw ToolError.usage("--name must not be empty") }
    if let plate, plate.trimmingCharacters(in: .whitespaces).isEmpty { throw ToolError.usage("--plate must not be empty") }
    if let capacity, !(1...500).contains(capacity) {
        throw ToolError.usage("--capacity must be between 1 and 500 orders per 15 minutes (got \(capacity))")
    }
}

extension TacoVendor.Trucks {
    struct List: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List your trucks.",
            discussion: "Examples:\n  taco-vendor trucks list\n  taco-vendor trucks list --status active --format csv",
            aliases: ["ls"]
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Vendor") var vendor: VendorOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Option(help: "Only trucks with this status: active, maintenance or retired.")
        var status: String?

        func run(_ context: CommandContext) throws {
            if let status, !Truck.statuses.contains(status) {
                throw ToolError.usage("unknown truck status \"\(status)\"", hint: "use one of: \(Truck.statuses.joined(separator: ", "))")
            }
            let scope = try context.vendorScope(vendor)
            context.emit(truckRecords(try TruckStore(try context.database(), scope: scope).list(status: status)))
        }
    }

    struct Add: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a truck (status active).",
            discussion: """
                Names are unique per vendor (case-insensitive). With --if-not-exists an existing truck of that name \
                is accepted as it is and the command reports 0 changed.

                Examples:
                  taco-vendor trucks add --name "Truck 2" --plate 8ABC123 --capacity 25
                  taco-vendor trucks add --name "Truck 2" --plate 8ABC123 --if-not-exists --format json
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Vendor") var vendor: VendorOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Option(help: "The truck's name, unique within your vendor.") var name: String
        @Option(help: "The licence plate.") var plate: String
        @Option(help: "Orders the truck can prepare per 15 minutes (1-500).") var capacity: Int = 20
        @Flag(name: .customLong("if-not-exists"), help: "Succeed without changes when a truck of this name exists.")
        var ifNotExists = false

        func run(_ context: CommandContext) throws {
            try validated(name: name, plate: plate, capacity: capacity)
            let scope = try context.vendorScope(vendor)
            let result = try TruckStore(try context.database(), scope: scope).add(name: name, plate: plate, capacity: capacity, ifNotExists: ifNotExists)
            context.emit(truckRecords([result.truck]))
            context.summary(result.created ? "1 added" : "0 changed (truck \"\(result.truck.name)\" exists)")
        }
    }

    struct Update: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "update",
            abstract: "Change a truck's name, plate or capacity.",
            discussion: "TRUCK is the truck's name or id.\n\nExamples:\n  taco-vendor trucks update \"Truck 2\" --capacity 30\n  taco-vendor trucks update 3f1c…  --plate 7XYZ987"
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Vendor") var vendor: VendorOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Argument(help: "The truck's name or id.") var truck: String
        @Option(help: "A new name.") var name: String?
        @Option(help: "A new licence plate.") var plate: String?
        @Option(help: "A new capacity (1-500 orders per 15 minutes).") var capacity: Int?

        func run(_ context: CommandContext) throws {
            guard name != nil || plate != nil || capacity != nil else {
                throw ToolError.usage("nothing to change", hint: "pass --name, --plate or --capacity")
            }
            try validated(name: name, plate: plate, capacity: capacity)
            let scope = try context.vendorScope(vendor)
            let result = try TruckStore(try context.database(), scope: scope).update(truck, name: name, plate: plate, capacity: capacity)
            context.emit(truckRecords([result.truck]))
            context.summary(result.changed ? "1 changed" : "0 changed")
        }
    }

    struct SetStatus: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-status",
            abstract: "Set a truck's status: active, maintenance or retired.",
            discussion: """
                Only active trucks take orders and appear to employees.

                Examples:
                  taco-vendor trucks set-status "Truck 2" maintenance
                  taco-vendor trucks set-status "Truck 2" active
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Vendor") var vendor: VendorOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Argument(help: "The truck's name or id.") var truck: String
        @Argument(help: "active, maintenance or retired.") var status: String

        func run(_ context: CommandContext) throws {
            guard Truck.statuses.contains(status) else {
                throw ToolError.usage("unknown truck status \"\(status)\"", hint: "use one of: \(Truck.statuses.joined(separator: ", "))")
            }
            let scope = try context.vendorScope(vendor)
            let result = try TruckStore(try context.database(), scope: scope).setStatus(truck, to: status)
            context.emit(truckRecords([result.truck]))
            context.summary(result.changed ? "1 changed" : "0 changed")
        }
    }

    struct Token: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "token",
            abstract: "Issue a new device token for a truck's GPS unit (replacing the old one).",
            discussion: """
                Prints the token once on stdout; only its SHA-256 is stored, so it cannot be shown again. Rotating \
                a token that exists stops the old one at once: on a TTY you are asked, in scripts pass --yes.

                Examples:
                  taco-vendor trucks token "Truck 2"
                  taco-vendor trucks token "Truck 2" --yes --format json > truck2-token.json
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Vendor") var vendor: VendorOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @OptionGroup(title: "Safety") var safety: SafetyOptions
        @Argument(help: "The truck's name or id.") var truck: String

        func run(_ context: CommandContext) throws {
            let scope = try context.vendorScope(vendor)
            let store = TruckStore(try context.database(), scope: scope)
            let current = try store.resolve(truck)
            if current.tokenRotatedAt != nil {
                try context.confirm("replace the device token of \"\(current.name)\" (the old token stops working)", yes: safety.yes)
            }
            if safety.dryRun {
                context.summary("dry run: a new token would be issued for \"\(current.name)\"")
                return
            }
            let issued = try store.issueToken(current.id.postgresText)
            context.emit(object: ["truck_id", "truck", "token", "issued_at"],
                         [.text(issued.truck.id.postgresText), .text(issued.truck.name), .text(issued.token),
                          .optional(issued.truck.tokenRotatedAt)])
            context.summary("token issued for \"\(issued.truck.name)\": store it now, it is not shown again")
        }
    }
}

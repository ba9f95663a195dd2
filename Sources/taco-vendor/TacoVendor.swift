import ArgumentParser
import TacoKit

@main
struct TacoVendor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "taco-vendor",
        abstract: "Run a taco-truck business on TacoTracker: trucks, menus, schedules and the order queue.",
        discussion: HelpText.root(
            "Log in as your own PostgreSQL login (mapped to your vendor); row-level security shows you only your vendor's data.",
            examples: ["taco-vendor whoami", "taco-vendor whoami --format json", "taco-vendor whoami --vendor taco-loco   # a sysadmin acting for a vendor"]),
        version: TacoTracker.version,
        subcommands: [Whoami.self, Trucks.self, Menu.self, Schedule.self, Orders.self, Sales.self, Payouts.self, Permits.self]
    )

    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            if var queue = FastPath.ordersQueue(arguments) {
                try queue.run()
            } else {
                var command = try parseAsRoot(arguments)
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

extension TacoVendor {
    struct Whoami: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "whoami",
            abstract: "Print the login, its group roles, and the vendor it acts for.",
            discussion: "Example:\n  taco-vendor whoami --format json"
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Vendor") var vendor: VendorOptions
        @OptionGroup(title: "Output") var output: OutputOptions

        func run(_ context: CommandContext) throws {
            let identity = try IdentityStore(try context.database()).current()
            // A vendor login, or a sysadmin naming a vendor, shows the vendor it acts for.
            let scope = identity.vendorSlug != nil || vendor.slug != nil ? try context.vendorScope(vendor) : nil
            context.emit(object: ["login", "roles", "vendor", "vendor_name", "vendor_role"], [
                .text(identity.login),
                context.renderer.format == .table ? .text(identity.roles.joined(separator: ", "))
                    : .json("[" + identity.roles.map(JSON.string).joined(separator: ",") + "]"),
                .optional(scope?.slug), .optional(scope?.name), .optional(scope?.role.rawValue),
            ])
        }
    }
}

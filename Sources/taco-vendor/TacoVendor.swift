import ArgumentParser
import TacoKit

@main
struct TacoVendor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "taco-vendor",
        abstract: "Run a taco-truck business on TacoTracker: trucks, menus, schedules and the order queue.",
        discussion: HelpText.root(
            "Log in as your own PostgreSQL login (mapped to your vendor); row-level security shows you only your vendor's data.",
            examples: ["taco-vendor whoami", "taco-vendor whoami --format json"]),
        version: TacoTracker.version,
        subcommands: [Whoami.self]
    )
}

extension TacoVendor {
    struct Whoami: DatabaseCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the login, its group roles, and the vendor it acts for.",
            discussion: "Example:\n  taco-vendor whoami --format json"
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions

        func run(_ context: CommandContext) throws {
            let identity = try IdentityStore(try context.database()).current()
            context.emit(object: ["login", "roles", "vendor", "vendor_name", "vendor_role"], [
                .text(identity.login),
                context.renderer.format == .table ? .text(identity.roles.joined(separator: ", "))
                    : .json("[" + identity.roles.map(JSON.string).joined(separator: ",") + "]"),
                .optional(identity.vendorSlug), .optional(identity.vendorName), .optional(identity.vendorRole),
            ])
        }
    }
}

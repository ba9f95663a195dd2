import ArgumentParser
import TacoKit

@main
struct TacoAdmin: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "taco-admin",
        abstract: "Run the TacoTracker platform: database, campuses, vendors, users and access, analytics, compliance.",
        discussion: HelpText.root(
            "Authorisation is PostgreSQL's: what a login may do is decided by its group role (taco_sysadmin, taco_food_services, taco_reporting, …).",
            examples: ["taco-admin db migrate", "taco-admin db status --format json", "taco-admin demo load"]),
        version: TacoTracker.version,
        subcommands: [Db.self, Demo.self, Campuses.self, Vendors.self, Users.self, Access.self, Sso.self, Analytics.self, Payouts.self, Compliance.self]
    )
}

import ArgumentParser
import Foundation
import TacoIntegrations
import TacoKit

extension TacoAdmin {
    struct Payouts: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "payouts",
            abstract: "Read every vendor's payouts (Food Services, sysadmin, reporting).",
            subcommands: [List.self]
        )
    }
}

extension TacoAdmin.Payouts {
    struct List: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List payouts of all vendors, newest period first.",
            discussion: """
                Periods are UTC days or ISO weeks (Monday–Sunday, UTC), named by their last day.

                Examples:
                  taco-admin payouts list --status unknown
                  taco-admin payouts list --vendor taco-loco --period week --ending 2026-11-22 --format json
                """,
            aliases: ["ls"]
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Option(help: ArgumentHelp("Only this vendor.", valueName: "slug")) var vendor: String?
        @Option(help: "Only payouts in this state: planned, submitted, paid, failed, unknown or carried_over.") var status: PayoutState?
        @Option(help: "Only payouts of this period length: day or week.") var period: PayoutPeriod.Kind?
        @Option(help: ArgumentHelp("Only payouts whose period ends on this day (UTC).", valueName: "date")) var ending: LocalDate?

        func run(_ context: CommandContext) throws {
            try context.requireRole(["taco_sysadmin", "taco_food_services", "taco_reporting"], for: "list payouts")
            let payouts = try PayoutStore(try context.database())
                .list(PayoutFilter(vendorSlug: vendor, status: status, periodKind: period, periodEnd: ending))
            context.emit(PayoutRecords.list(payouts))
            context.summary("\(payouts.count) payout\(payouts.count == 1 ? "" : "s")")
        }
    }
}

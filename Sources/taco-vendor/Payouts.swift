import ArgumentParser
import Foundation
import TacoKit

extension TacoVendor {
    struct Payouts: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "payouts",
            abstract: "Your payouts (vendor admins): statements per period and the orders they paid for.",
            discussion: """
                Periods are UTC days or ISO weeks (Monday–Sunday, UTC). net = gross + tax + tip − fee − refunds + \
                carry-over; the employer subsidy is part of gross and shown for information.
                """,
            subcommands: [List.self, Show.self]
        )
    }
}

extension TacoVendor.Payouts {
    struct List: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List your payouts, newest period first.",
            discussion: "Examples:\n  taco-vendor payouts list\n  taco-vendor payouts list --status paid --format csv",
            aliases: ["ls"]
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Vendor") var vendor: VendorOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Option(help: "Only payouts in this state: planned, submitted, paid, failed, unknown or carried_over.") var status: PayoutState?

        func run(_ context: CommandContext) throws {
            let scope = try context.vendorScope(vendor)
            let payouts = try PayoutStore(try context.database()).list(PayoutFilter(vendorID: scope.vendorID, status: status))
            context.emit(PayoutRecords.list(payouts))
        }
    }

    struct Show: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show one of your payouts with its orders and refunds.",
            discussion: "Examples:\n  taco-vendor payouts show 5f0c…\n  taco-vendor payouts show 5f0c… --format json"
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Vendor") var vendor: VendorOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Argument(help: "The payout id (from `taco-vendor payouts list`).") var id: String

        func run(_ context: CommandContext) throws {
            guard let payoutID = UUID(uuidString: id) else { throw ToolError.usage("\"\(id)\" is not a payout id (a UUID)") }
            let scope = try context.vendorScope(vendor)
            let store = PayoutStore(try context.database())
            guard let payout = try store.find(payoutID, vendorID: scope.vendorID) else { throw ToolError.notFound("payout \(id)") }
            let items = try store.items(payoutID: payout.id, vendorID: scope.vendorID)
            let base = PayoutRecords.list([payout])
            let itemSet = PayoutRecords.items(items)
            let itemsCell: Cell
            if context.renderer.format == .table || context.renderer.format == .csv {
                itemsCell = .text(items.map { "\($0.kind) \($0.orderID.postgresText) \($0.amountCents)" }.joined(separator: "; "))
            } else {
                itemsCell = .json("[" + itemSet.rows.map { JSON.object(itemSet.columns, $0) }.joined(separator: ",") + "]")
            }
            context.emit(object: base.columns + ["items"], base.rows[0] + [itemsCell])
        }
    }
}

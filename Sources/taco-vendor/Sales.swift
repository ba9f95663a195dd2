import ArgumentParser
import Foundation
import TacoKit

extension SalesGrouping: ExpressibleByArgument {}

extension TacoVendor {
    struct Sales: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "sales",
            abstract: "Your own sales figures by day, hour or item.",
            discussion: """
                Days and hours are each campus's local time; --from and --to are campus-local days, both included \
                (default: the last 7 days up to today, UTC). Orders count once CONFIRMED or later, except CANCELLED. \
                Money in cents: gross = food sales before tax (the employer's subsidy included), tax collected, tips, \
                subsidy = the part the employer pays, refunds (pending or sent) on those orders, \
                net = gross + tips - refunds. --by item lists quantity, orders and gross per SKU. \
                Vendor admins only (staff logins cannot read payments and refunds: exit 77).

                Examples:
                  taco-vendor sales
                  taco-vendor sales --from 2026-11-01 --to 2026-11-30 --format csv
                  taco-vendor sales --by hour --from 2026-11-21 --to 2026-11-21
                  taco-vendor sales --by item --format json
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Vendor") var vendor: VendorOptions
        @OptionGroup(title: "Output") var output: OutputOptions

        @Option(help: ArgumentHelp("First campus-local day, YYYY-MM-DD (default: 6 days before --to).", valueName: "date"))
        var from: LocalDate?

        @Option(help: ArgumentHelp("Last campus-local day, YYYY-MM-DD (default: today, UTC).", valueName: "date"))
        var to: LocalDate?

        @Option(help: "Group by day, hour or item.")
        var by: SalesGrouping = .day

        func validate() throws {
            if let from, let to, to < from {
                throw ValidationError("--to \(to) is before --from \(from)")
            }
        }

        func run(_ context: CommandContext) throws {
            let last = to ?? LocalDate.utc(context.now)
            let first = from ?? last.adding(days: -6)
            guard first <= last else {
                throw ToolError.usage("--to \(last) is before --from \(first)")
            }
            guard last.daysSinceEpoch - first.daysSinceEpoch < 3660 else {
                throw ToolError.usage("the range \(first) … \(last) is longer than 10 years", hint: "ask for a shorter range")
            }
            let set = try SalesStore(try context.database(), scope: try context.vendorScope(vendor)).report(from: first, to: last, by: by)
            context.emit(set)
            if by != .item, let orders = set.columns.firstIndex(of: "orders"), let net = set.columns.firstIndex(of: "net_cents"),
               let gross = set.columns.firstIndex(of: "gross_cents") {
                func total(_ column: Int) -> Int64 { set.rows.reduce(0) { if case .int(let v) = $1[column] { return $0 + v } else { return $0 } } }
                context.summary("\(first) … \(last): \(total(orders)) orders, gross \(total(gross)) cents, net \(total(net)) cents")
            }
        }
    }
}

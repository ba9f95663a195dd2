import ArgumentParser
import Foundation
import TacoIntegrations
import TacoKit

extension TacoJobs {
    struct Payouts: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "payouts",
            abstract: "Pay vendors through Stripe Connect transfers, exactly once, and reconcile with Stripe.",
            discussion: """
                Periods are defined in UTC: a day is a UTC calendar day, a week an ISO week (Monday–Sunday, UTC), \
                named by its last day (--ending). A run first writes one payout per approved vendor with a Stripe \
                account and its items (one transaction, before any API call), then makes one transfer per payout. \
                Exit 75 when a payout is left failed or unknown: run the same command again.
                """,
            subcommands: [Run.self, Reconcile.self]
        )
    }
}

private func periodOrThrow(_ kind: PayoutPeriod.Kind, _ ending: LocalDate) throws -> PayoutPeriod {
    do {
        return try PayoutPeriod(kind: kind, ending: ending)
    } catch .weekMustEndOnSunday(let day, let sunday) {
        throw ToolError.usage("--ending \(day) is not a Sunday: an ISO week runs Monday to Sunday (UTC)",
                              hint: "the week containing it ends on \(sunday)")
    }
}

extension TacoJobs.Payouts {
    struct Run: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Plan the period's payouts and transfer them (idempotent; safe to re-run after any crash).",
            discussion: """
                For every approved vendor with a Stripe account: the period's COMPLETED orders (by completion time, \
                UTC) not yet in a payout, and succeeded refunds not yet deducted whose order has been paid out. \
                Per order: gross (subtotal), tax, tip, employer subsidy (shown, not deducted), platform fee = \
                --fee-bps of gross rounded half-up per order; refunds are negative items; net = Σ items + \
                carry-over. A net of zero or less makes no transfer: the payout is carried_over into the vendor's \
                next one. Vendors without a Stripe account are skipped and reported. The API key comes from \
                STRIPE_API_KEY or --stripe-key-file, never from argv.

                Examples:
                  taco-jobs payouts run --period week --ending 2026-11-22
                  taco-jobs payouts run --period day --ending 2026-11-20 --vendor taco-loco --dry-run --format json
                  STRIPE_API_KEY=… taco-jobs payouts run --period week --ending 2026-11-22 --fee-bps 500 --wait
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @OptionGroup(title: "Safety") var safety: SafetyOptions
        @OptionGroup(title: "Stripe") var stripe: StripeOptions
        @Option(help: "The period length: day or week (an ISO week, Monday–Sunday, UTC).") var period: PayoutPeriod.Kind
        @Option(help: ArgumentHelp("The period's last day (UTC), e.g. 2026-11-22; a week must end on a Sunday.", valueName: "date"))
        var ending: LocalDate
        @Option(help: ArgumentHelp("Only this vendor.", valueName: "slug")) var vendor: String?
        @Option(name: .customLong("fee-bps"),
                help: ArgumentHelp("Platform fee in basis points of gross (500 = 5 %) (env: TACO_PAYOUT_FEE_BPS; default 0).", valueName: "n"))
        var feeBps: Int?
        @Flag(help: "Wait for another run to finish instead of exiting 75.") var wait = false

        func run(_ context: CommandContext) throws {
            let periodValue = try periodOrThrow(period, ending)
            guard periodValue.hasEnded(at: context.now) else {
                throw ToolError.usage("the period \(periodValue) has not ended yet (periods are UTC)",
                                      hint: "pay a period out after its last UTC day")
            }
            let environmentFee = ProcessInfo.processInfo.environment["TACO_PAYOUT_FEE_BPS"]
            let fee: Int
            if let feeBps {
                fee = feeBps
            } else if let environmentFee, !environmentFee.isEmpty {
                guard let parsed = Int(environmentFee) else { throw ToolError.usage("TACO_PAYOUT_FEE_BPS=\(environmentFee): expected an integer") }
                fee = parsed
            } else {
                fee = 0
            }
            guard (0...10_000).contains(fee) else { throw ToolError.usage("--fee-bps \(fee): expected 0 to 10000 basis points") }
            let client: StripeClient?
            if safety.dryRun {
                client = nil
            } else {
                let logger = context.logger
                client = StripeClient(try stripe.configuration(), log: { logger.warning("\($0)") })
            }
            let runner = PayoutRunner(try context.database(), stripe: client, logger: context.logger)
            let report = try runner.run(period: periodValue, vendorSlug: vendor, feeBasisPoints: fee, dryRun: safety.dryRun, wait: wait)
            var set = RecordSet(columns: ["vendor", "payout_id", "period_start", "period_end", "orders", "gross_cents", "tax_cents",
                                          "tip_cents", "subsidy_cents", "refund_cents", "fee_cents", "carry_in_cents", "net_cents",
                                          "state", "transfer_id", "failure_code", "note"])
            for row in report.rows {
                set.append([.text(row.vendorSlug), .optional(row.payoutID?.postgresText), .text(row.period.start.description),
                            .text(row.period.end.description), .int(row.orders), .int(row.grossCents), .int(row.taxCents),
                            .int(row.tipCents), .int(row.subsidyCents), .int(row.refundCents), .int(row.feeCents),
                            .int(row.carryInCents), .int(row.netCents), .text(row.state), .optional(row.transferID),
                            .optional(row.failureCode), .text(row.note)])
            }
            context.emit(set)
            if report.dryRun {
                context.summary("dry run, \(periodValue) (UTC): \(report.plannedNow) payouts would be planned, \(report.skipped) vendors skipped; nothing written, Stripe not called")
                return
            }
            context.summary("\(periodValue) (UTC): \(report.plannedNow) planned, \(report.paidNow) paid, \(report.stillOpen) open, \(report.skipped) vendors skipped (no Stripe account)")
            if report.stillOpen > 0 {
                throw ToolError(.temporaryFailure, "\(report.stillOpen) payout\(report.stillOpen == 1 ? " is" : "s are") not paid (failed or unknown)",
                                hint: "run the same command again: it looks each transfer up at Stripe before retrying")
            }
        }
    }

    struct Reconcile: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "reconcile",
            abstract: "Compare the payout ledger with Stripe's transfers; exit 1 listing every mismatch.",
            discussion: """
                Checks each payout (of the period, when given) against Stripe's transfers with transfer_group \
                payout-<id>: a paid payout needs exactly one transfer with the same id, amount, currency and \
                destination, not reversed; a planned, failed or carried-over payout must have none; a submitted or \
                unknown one is unresolved. Transfers naming a payout the ledger does not have are listed too. \
                Exit 0 when clean, 1 with the list of mismatches.

                Examples:
                  taco-jobs payouts reconcile
                  taco-jobs payouts reconcile --period week --ending 2026-11-22 --format json
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @OptionGroup(title: "Stripe") var stripe: StripeOptions
        @Option(help: "Only payouts of this period length: day or week.") var period: PayoutPeriod.Kind?
        @Option(help: ArgumentHelp("Only payouts whose period ends on this day (UTC).", valueName: "date")) var ending: LocalDate?
        @Option(help: ArgumentHelp("Only this vendor.", valueName: "slug")) var vendor: String?

        func run(_ context: CommandContext) throws {
            if let period, let ending { _ = try periodOrThrow(period, ending) }
            let client = StripeClient(try stripe.configuration(), log: { [logger = context.logger] in logger.warning("\($0)") })
            let reconciler = PayoutReconciler(try context.database(), stripe: client)
            let (checked, mismatches) = try reconciler.reconcile(PayoutFilter(vendorSlug: vendor, periodKind: period, periodEnd: ending))
            var set = RecordSet(columns: ["payout_id", "vendor", "period", "mismatch", "ledger", "stripe"])
            for mismatch in mismatches {
                set.append([.optional(mismatch.payoutID), .optional(mismatch.vendorSlug), .optional(mismatch.period),
                            .text(mismatch.kind), .text(mismatch.ledger), .text(mismatch.stripe)])
            }
            context.emit(set)
            context.summary("\(checked) payouts checked, \(mismatches.count) mismatch\(mismatches.count == 1 ? "" : "es")")
            if !mismatches.isEmpty { throw ExitCode(1) }
        }
    }
}

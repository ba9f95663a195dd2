import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#endif
import TacoKit

/// One vendor's line in a payout run's report.
public struct PayoutRunRow: Sendable, Equatable {
    public var vendorSlug: String
    public var payoutID: UUID?
    public var period: PayoutPeriod
    public var orders = 0
    public var grossCents = 0
    public var taxCents = 0
    public var tipCents = 0
    public var subsidyCents = 0
    public var refundCents = 0
    public var feeCents = 0
    public var carryInCents = 0
    public var netCents = 0
    /// planned | submitted | paid | failed | unknown | carried_over, or skipped / nothing_due (no payout row).
    public var state: String
    public var transferID: String?
    public var failureCode: String?
    public var note: String

    init(vendorSlug: String, period: PayoutPeriod, state: String, note: String) {
        self.vendorSlug = vendorSlug
        self.period = period
        self.state = state
        self.note = note
    }

    init(_ record: PayoutRecord, period: PayoutPeriod, note: String) {
        self.init(vendorSlug: record.vendorSlug, period: period, state: record.status.rawValue, note: note)
        payoutID = record.id
        orders = record.orderCount
        grossCents = record.grossCents
        taxCents = record.taxCents
        tipCents = record.tipCents
        subsidyCents = record.subsidyCents
        refundCents = record.refundCents
        feeCents = record.feeCents
        carryInCents = record.carryInCents
        netCents = record.netCents
        transferID = record.stripeTransferID
        failureCode = record.failureCode
    }
}

/// What a run did, vendor by vendor.
public struct PayoutRunReport: Sendable {
    public var rows: [PayoutRunRow] = []
    public var dryRun = false
    /// Payout rows written by this run's plan.
    public var plannedNow = 0
    /// Transfers created (or found) and recorded as paid by this run.
    public var paidNow = 0
    /// Payouts of the period still open (submitted, failed, unknown, planned) after the run.
    public var stillOpen: Int { rows.filter { ["planned", "submitted", "failed", "unknown"].contains($0.state) }.count }
    public var skipped: Int { rows.filter { $0.state == "skipped" }.count }
}

/// The payout job: plan (one transaction, before any API call), then one Stripe transfer per open payout through
/// the state machine planned → submitted → paid | failed | unknown.
///
/// Why `kill -9` can never pay twice: a payout is set `submitted` (committed) before its POST; any run that finds a
/// payout submitted, unknown or failed first lists Stripe's transfers with `transfer_group = payout-<id>` and marks
/// it paid if one exists; only when none exists does it POST again — with the same idempotency key after an
/// unknown outcome (so Stripe itself replays the first transfer if it was created meanwhile), and with a new key,
/// derived from the row's attempt number, only after a definite refusal (Stripe would replay the refusal).
public final class PayoutRunner {
    /// Crash points for tests (`TACO_FAULT`): the process exits with 137, as after `kill -9`.
    public enum Fault: String, Sendable {
        case afterPlan = "after-plan", afterSubmit = "after-submit", afterResponse = "after-response"
    }

    public static let lock = AdvisoryLock("tacotracker:payouts")

    let db: PostgresConnection
    let store: PayoutStore
    let stripe: StripeClient?
    let logger: Logger
    let fault: Fault?

    /// `stripe` may be nil for a dry run (no API call is ever made then).
    public init(_ db: PostgresConnection, stripe: StripeClient?, logger: Logger,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.db = db
        store = PayoutStore(db)
        self.stripe = stripe
        self.logger = logger
        fault = environment["TACO_FAULT"].flatMap(Fault.init(rawValue:))
    }

    private struct DryRunRollback: Error {
        let report: PayoutRunReport
    }

    /// Plans the period's payouts and, unless `dryRun`, transfers them. Holds the payouts advisory lock throughout.
    public func run(period: PayoutPeriod, vendorSlug: String?, feeBasisPoints: Int, dryRun: Bool, wait: Bool) throws -> PayoutRunReport {
        try db.withLock(Self.lock, wait: wait) {
            var report: PayoutRunReport
            do {
                report = try db.transaction { _ in
                    let planned = try plan(period: period, vendorSlug: vendorSlug, feeBasisPoints: feeBasisPoints, dryRun: dryRun)
                    if dryRun { throw DryRunRollback(report: planned) }
                    return planned
                }
            } catch let rollback as DryRunRollback {
                return rollback.report
            }
            trip(.afterPlan)
            guard let stripe else { throw ToolError(.failure, "internal error: no Stripe client for a real run") }
            let ids = Set(report.rows.compactMap(\.payoutID))
            for payout in try store.open(period: period, vendorIDs: nil) where ids.contains(payout.id) {
                if try transfer(payout, stripe: stripe) { report.paidNow += 1 }
            }
            // Report the final state of every payout row.
            var final: [UUID: PayoutRecord] = [:]
            for record in try store.list(PayoutFilter(), exactPeriod: period) where ids.contains(record.id) { final[record.id] = record }
            for index in report.rows.indices {
                guard let id = report.rows[index].payoutID, let record = final[id] else { continue }
                report.rows[index] = PayoutRunRow(record, period: period, note: report.rows[index].note)
            }
            return report
        }
    }

    /// Writes one payout per approved vendor with a Stripe account that has anything due and no payout for the
    /// period yet, with its items. Vendors without a Stripe account are reported as skipped.
    func plan(period: PayoutPeriod, vendorSlug: String?, feeBasisPoints: Int, dryRun: Bool) throws -> PayoutRunReport {
        var report = PayoutRunReport()
        report.dryRun = dryRun
        let vendors = try store.approvedVendors(slug: vendorSlug)
        if let vendorSlug, vendors.isEmpty {
            if let status = try store.vendorStatus(slug: vendorSlug) {
                throw ToolError.data("vendor \"\(vendorSlug)\" is \(status), not approved: it is not paid out")
            }
            throw ToolError.data("unknown vendor \"\(vendorSlug)\"", hint: "`taco-admin vendors list` shows the slugs")
        }
        let payable = vendors.filter { $0.stripeAccountID != nil }
        let existing = try store.existing(period: period, vendorIDs: payable.map(\.id))
        let fresh = payable.filter { existing[$0.id] == nil }
        let ids = fresh.map(\.id)
        let orders = try store.completedOrders(vendorIDs: ids, period: period)
        let ordersNow = Set(orders.values.joined().map(\.id))
        let refunds = try store.refundsDue(vendorIDs: ids, period: period, ordersNow: ordersNow)
        let carry = try store.pendingCarry(vendorIDs: ids)
        for vendor in vendors {
            guard vendor.stripeAccountID != nil else {
                report.rows.append(PayoutRunRow(vendorSlug: vendor.slug, period: period, state: "skipped",
                                                note: "no Stripe account: not paid out"))
                logger.warning("vendor \(vendor.slug) has no Stripe account: skipped")
                continue
            }
            if let record = existing[vendor.id] {
                report.rows.append(PayoutRunRow(record, period: period, note: "planned earlier"))
                continue
            }
            let statement = PayoutStatement(orders: orders[vendor.id] ?? [], refunds: refunds[vendor.id] ?? [],
                                            feeBasisPoints: feeBasisPoints, carryInCents: carry[vendor.id]?.cents ?? 0)
            if statement.isEmpty {
                report.rows.append(PayoutRunRow(vendorSlug: vendor.slug, period: period, state: "nothing_due", note: "no orders or refunds"))
                continue
            }
            // A dry run reports the statement without writing it (it would be rolled back anyway): the item rows are
            // most of a real plan's cost.
            var id: UUID?
            if !dryRun {
                guard let inserted = try store.insert(vendor: vendor, period: period, statement: statement,
                                                      carried: carry[vendor.id]?.payouts ?? []) else {
                    throw ToolError(.temporaryFailure, "the payout of \(vendor.slug) for \(period) appeared during planning",
                                    hint: "another planner ignored the advisory lock; run again")
                }
                id = inserted
            }
            report.plannedNow += 1
            var row = PayoutRunRow(vendorSlug: vendor.slug, period: period,
                                   state: (statement.needsTransfer ? PayoutState.planned : .carriedOver).rawValue,
                                   note: statement.needsTransfer ? "planned now" : "net \(statement.netCents) carried over to the next payout")
            row.payoutID = id
            row.orders = statement.orderCount
            row.grossCents = statement.grossCents
            row.taxCents = statement.taxCents
            row.tipCents = statement.tipCents
            row.subsidyCents = statement.subsidyCents
            row.refundCents = statement.refundCents
            row.feeCents = statement.feeCents
            row.carryInCents = statement.carryInCents
            row.netCents = statement.netCents
            report.rows.append(row)
        }
        return report
    }

    /// Moves one open payout on. Returns true when it ends paid. Throws (69) only when Stripe refuses the key.
    func transfer(_ payout: PayoutRecord, stripe: StripeClient) throws -> Bool {
        let group = "payout-\(payout.id.postgresText)"
        guard let destination = payout.destination else {
            try store.mark(payout.id, .failed, failureCode: "no_destination")
            return false
        }
        let log: Logger.Metadata = ["payout": "\(payout.id.postgresText)", "vendor": "\(payout.vendorSlug)"]
        if payout.status != .planned || payout.attempts > 0 {
            // A transfer may exist from an earlier attempt: look before POSTing again.
            let found: [StripeTransfer]
            do {
                found = try stripe.transfers(transferGroup: group).filter {
                    $0.transferGroup == group || $0.metadata["payout_id"] == payout.id.postgresText
                }
            } catch {
                try handle(error, payout: payout, lookingUp: true)
                return false
            }
            if let transfer = found.first {
                return try settle(payout, with: transfer, all: found, destination: destination, metadata: log)
            }
        }
        // Stripe replays a saved refusal for the same key, so a refused payout is retried under a new key derived
        // from its attempt number; an unknown outcome keeps its key so Stripe can replay a transfer it created.
        let key = payout.status == .failed ? "payout-\(payout.id.postgresText)-attempt-\(payout.attempts + 1)" : payout.idempotencyKey
        try store.markSubmitted(payout.id, idempotencyKey: key)
        trip(.afterSubmit)
        logger.info("submitting transfer of \(payout.netCents) cents to \(destination)", metadata: log)
        let transfer: StripeTransfer
        do {
            transfer = try stripe.createTransfer(
                amountCents: payout.netCents, currency: payout.currency, destination: destination, transferGroup: group,
                metadata: [("payout_id", payout.id.postgresText), ("vendor", payout.vendorSlug),
                           ("period_start", payout.periodStart.description), ("period_end", payout.periodEnd.description)],
                description: "TacoTracker payout \(payout.vendorSlug) \(payout.periodStart)..\(payout.periodEnd)",
                idempotencyKey: key)
        } catch {
            try handle(error, payout: payout, lookingUp: false)
            return false
        }
        trip(.afterResponse)
        return try settle(payout, with: transfer, all: [transfer], destination: destination, metadata: log)
    }

    private func settle(_ payout: PayoutRecord, with transfer: StripeTransfer, all: [StripeTransfer], destination: String,
                        metadata: Logger.Metadata) throws -> Bool {
        guard all.count == 1, transfer.amountCents == payout.netCents, transfer.destination == destination,
              transfer.currency == payout.currency, !transfer.reversed else {
            logger.error("Stripe's transfer(s) \(all.map(\.id).joined(separator: ", ")) do not match the payout: left unknown; run reconcile",
                         metadata: metadata)
            try store.mark(payout.id, .unknown, failureCode: "transfer_mismatch")
            return false
        }
        try store.markPaid(payout.id, transferID: transfer.id)
        logger.info("paid: \(transfer.id)", metadata: metadata)
        return true
    }

    private func handle(_ error: any Error, payout: PayoutRecord, lookingUp: Bool) throws {
        guard let error = error as? StripeError else { throw error }
        switch error {
        case .authentication(let status, let message):
            if !lookingUp { try store.mark(payout.id, .failed, failureCode: error.failureCode) }
            throw ToolError(.unavailable, "Stripe refused the API key (HTTP \(status): \(message)); nothing was marked paid",
                            hint: "renew the key in STRIPE_API_KEY or --stripe-key-file, then run the same command again")
        case .declined(let status, let code, let message):
            if lookingUp {
                logger.error("looking up the transfer failed (HTTP \(status) \(code): \(message)); left \(payout.status.rawValue)")
            } else {
                logger.error("Stripe declined the transfer (HTTP \(status) \(code): \(message))", metadata: ["payout": "\(payout.id.postgresText)"])
                try store.mark(payout.id, .failed, failureCode: code)
            }
        case .unavailable(let problem):
            logger.error("Stripe did not answer (\(problem)); the outcome is unknown until the next run looks it up",
                         metadata: ["payout": "\(payout.id.postgresText)"])
            if !lookingUp || payout.status == .submitted { try store.mark(payout.id, .unknown, failureCode: "unavailable") }
        }
    }

    private func trip(_ point: Fault) {
        guard fault == point else { return }
        FileHandle.standardError.write(Data("TACO_FAULT=\(point.rawValue): exiting with 137\n".utf8))
        _exit(137)
    }
}

import Foundation
import TacoKit

/// A difference between our payout ledger and Stripe's transfers.
public struct PayoutMismatch: Sendable, Equatable {
    public var payoutID: String?
    public var vendorSlug: String?
    public var period: String?
    /// missing_transfer | duplicate_transfers | transfer_id | amount | destination | currency | reversed |
    /// unexpected_transfer | unresolved | transfer_without_payout
    public var kind: String
    public var ledger: String
    public var stripe: String
}

/// Compares the ledger (payouts) with Stripe's transfers, matched by transfer_group `payout-<id>` or
/// metadata `payout_id`.
public struct PayoutReconciler {
    let store: PayoutStore
    let stripe: StripeClient

    public init(_ db: PostgresConnection, stripe: StripeClient) {
        store = PayoutStore(db)
        self.stripe = stripe
    }

    /// Returns how many payouts were checked and every mismatch found.
    public func reconcile(_ filter: PayoutFilter) throws -> (checked: Int, mismatches: [PayoutMismatch]) {
        let ledger = try store.list(filter)
        let transfers: [StripeTransfer]
        do {
            transfers = try stripe.allTransfers()
        } catch .authentication(let status, let message) {
            throw ToolError(.unavailable, "Stripe refused the API key (HTTP \(status): \(message))", hint: "renew STRIPE_API_KEY or --stripe-key-file")
        } catch {
            throw ToolError(.unavailable, "cannot list Stripe's transfers: \(error)", hint: "retry later")
        }
        var byPayout: [String: [StripeTransfer]] = [:]
        for transfer in transfers {
            guard let id = Self.payoutID(of: transfer) else { continue }
            byPayout[id, default: []].append(transfer)
        }
        var mismatches: [PayoutMismatch] = []
        for payout in ledger {
            let id = payout.id.postgresText
            let found = byPayout.removeValue(forKey: id) ?? []
            func add(_ kind: String, _ ours: String, _ theirs: String) {
                mismatches.append(PayoutMismatch(payoutID: id, vendorSlug: payout.vendorSlug,
                                                 period: "\(payout.periodStart)..\(payout.periodEnd)", kind: kind, ledger: ours, stripe: theirs))
            }
            let ids = found.map(\.id).joined(separator: " ")
            switch payout.status {
            case .paid:
                guard let transfer = found.first else {
                    add("missing_transfer", "paid \(payout.stripeTransferID ?? "-")", "no transfer")
                    continue
                }
                if found.count > 1 { add("duplicate_transfers", "1 transfer", "\(found.count): \(ids)") }
                if transfer.id != payout.stripeTransferID { add("transfer_id", payout.stripeTransferID ?? "-", transfer.id) }
                if transfer.amountCents != payout.netCents { add("amount", "\(payout.netCents)", "\(transfer.amountCents)") }
                if transfer.destination != payout.destination { add("destination", payout.destination ?? "-", transfer.destination ?? "-") }
                if transfer.currency != payout.currency { add("currency", payout.currency, transfer.currency) }
                if transfer.reversed { add("reversed", "paid", "reversed") }
            case .planned, .failed, .carriedOver:
                if !found.isEmpty { add("unexpected_transfer", payout.status.rawValue, ids) }
            case .submitted, .unknown:
                add("unresolved", payout.status.rawValue, found.isEmpty ? "no transfer" : ids)
            }
        }
        // Transfers naming a payout we do not have at all (not merely one outside the filter).
        if !byPayout.isEmpty {
            let known = Set(try store.list(PayoutFilter()).map { $0.id.postgresText })
            for (id, found) in byPayout.sorted(by: { $0.key < $1.key }) where !known.contains(id) {
                mismatches.append(PayoutMismatch(payoutID: id, vendorSlug: found.first?.metadata["vendor"], period: nil,
                                                 kind: "transfer_without_payout", ledger: "no payout",
                                                 stripe: found.map { "\($0.id) \($0.amountCents)" }.joined(separator: " ")))
            }
        }
        return (ledger.count, mismatches)
    }

    static func payoutID(of transfer: StripeTransfer) -> String? {
        if let id = transfer.metadata["payout_id"] { return id.lowercased() }
        if let group = transfer.transferGroup, group.hasPrefix("payout-") { return String(group.dropFirst("payout-".count)).lowercased() }
        return nil
    }
}

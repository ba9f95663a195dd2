import Foundation

/// The record sets the payout listings print (shared by taco-vendor and taco-admin so the columns agree).
public enum PayoutRecords {
    /// One row per payout.
    public static func list(_ payouts: [PayoutRecord]) -> RecordSet {
        var set = RecordSet(columns: ["id", "vendor", "period_start", "period_end", "currency", "orders", "gross_cents", "tax_cents",
                                      "tip_cents", "subsidy_cents", "refund_cents", "fee_bps", "fee_cents", "carry_in_cents",
                                      "net_cents", "status", "transfer_id", "failure_code", "attempts", "paid_at"])
        for payout in payouts { set.append(cells(payout)) }
        return set
    }

    static func cells(_ payout: PayoutRecord) -> [Cell] {
        [.text(payout.id.postgresText), .text(payout.vendorSlug), .text(payout.periodStart.description),
         .text(payout.periodEnd.description), .text(payout.currency), .int(payout.orderCount), .int(payout.grossCents),
         .int(payout.taxCents), .int(payout.tipCents), .int(payout.subsidyCents), .int(payout.refundCents),
         .int(payout.feeBasisPoints), .int(payout.feeCents), .int(payout.carryInCents), .int(payout.netCents),
         .text(payout.status.rawValue), .optional(payout.stripeTransferID), .optional(payout.failureCode), .int(payout.attempts),
         .optional(payout.paidAt)]
    }

    /// The payout's items: one row per order or refund.
    public static func items(_ items: [PayoutItemRecord]) -> RecordSet {
        var set = RecordSet(columns: ["kind", "order_id", "refund_id", "placed_at", "gross_cents", "tax_cents", "tip_cents",
                                      "subsidy_cents", "fee_cents", "amount_cents"])
        for item in items {
            set.append([.text(item.kind), .text(item.orderID.postgresText), .optional(item.refundID?.postgresText),
                        .optional(item.placedAt), .int(item.grossCents), .int(item.taxCents), .int(item.tipCents),
                        .int(item.subsidyCents), .int(item.feeCents), .int(item.amountCents)])
        }
        return set
    }
}

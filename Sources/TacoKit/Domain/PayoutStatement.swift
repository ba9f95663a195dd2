import Foundation

/// What a payout needs to know about one completed order (integer cents).
public struct PayoutOrder: Sendable, Equatable {
    public var id: UUID
    /// The items' price before tax (orders.subtotal_cents): the gross sale.
    public var subtotalCents: Int
    public var taxCents: Int
    public var tipCents: Int
    /// The part of the order the employer paid (already inside gross + tax + tip).
    public var subsidyCents: Int

    public init(id: UUID, subtotalCents: Int, taxCents: Int, tipCents: Int, subsidyCents: Int) {
        self.id = id
        self.subtotalCents = subtotalCents
        self.taxCents = taxCents
        self.tipCents = tipCents
        self.subsidyCents = subsidyCents
    }
}

/// A succeeded refund to deduct from a payout.
public struct PayoutRefund: Sendable, Equatable {
    public var id: UUID
    public var orderID: UUID
    public var amountCents: Int

    public init(id: UUID, orderID: UUID, amountCents: Int) {
        self.id = id
        self.orderID = orderID
        self.amountCents = amountCents
    }
}

/// One line of a payout statement: an order (positive) or a refund (negative).
public struct PayoutLine: Sendable, Equatable {
    public enum Kind: String, Sendable { case order, refund }
    public var kind: Kind
    public var orderID: UUID
    public var refundID: UUID?
    public var grossCents = 0
    public var taxCents = 0
    public var tipCents = 0
    public var subsidyCents = 0
    public var refundCents = 0
    public var feeCents = 0
    /// What the vendor gets for the line: gross + tax + tip − fee for an order, −refund for a refund.
    public var amountCents = 0
}

/// A vendor's statement for one period, in integer cents.
///
/// The rules (documented for vendors in the README):
/// - gross is the orders' subtotal (item prices before tax); tax and tips are passed through in full;
/// - the employer's subsidy is already part of what the order is worth (the employee paid
///   gross + tax + tip − subsidy, the employer the subsidy): it is shown, not deducted;
/// - the platform fee is `feeBasisPoints` of each order's gross (tax and tips carry no fee), rounded half-up
///   per order, so every line is self-contained and the lines add up to the payout exactly;
/// - a refund is deducted in full, once, as its own negative line; the fee is not returned on refunds;
/// - net = Σ lines + the carry-over from earlier payouts whose net was zero or negative.
public struct PayoutStatement: Sendable, Equatable {
    public var lines: [PayoutLine]
    public var feeBasisPoints: Int
    public var carryInCents: Int

    public var orderCount: Int { lines.lazy.filter { $0.kind == .order }.count }
    public var grossCents: Int { lines.reduce(0) { $0 + $1.grossCents } }
    public var taxCents: Int { lines.reduce(0) { $0 + $1.taxCents } }
    public var tipCents: Int { lines.reduce(0) { $0 + $1.tipCents } }
    public var subsidyCents: Int { lines.reduce(0) { $0 + $1.subsidyCents } }
    public var refundCents: Int { lines.reduce(0) { $0 + $1.refundCents } }
    public var feeCents: Int { lines.reduce(0) { $0 + $1.feeCents } }
    /// What the vendor is owed: Σ line amounts + carry-in.
    public var netCents: Int { lines.reduce(carryInCents) { $0 + $1.amountCents } }
    /// Whether there is anything at all (lines or a carry-over) to record.
    public var isEmpty: Bool { lines.isEmpty && carryInCents == 0 }
    /// A transfer is made only for a positive net; otherwise the payout is carried over to the next one.
    public var needsTransfer: Bool { netCents > 0 }

    /// The platform fee on `grossCents` at `basisPoints` (1 bp = 0.01 %), rounded half-up to a cent.
    public static func fee(grossCents: Int, basisPoints: Int) -> Int {
        precondition(grossCents >= 0 && (0...10_000).contains(basisPoints), "validated by the caller")
        let (product, overflow) = grossCents.multipliedReportingOverflow(by: basisPoints)
        if overflow {
            // Beyond 9e14 dollars; keep exactness by splitting instead of trapping.
            return (grossCents / 10_000) * basisPoints + fee(grossCents: grossCents % 10_000, basisPoints: basisPoints)
        }
        return (product + 5_000) / 10_000
    }

    /// Builds the statement: one line per order (in the order given), then one per refund.
    public init(orders: [PayoutOrder], refunds: [PayoutRefund], feeBasisPoints: Int, carryInCents: Int = 0) {
        self.feeBasisPoints = feeBasisPoints
        self.carryInCents = carryInCents
        var lines: [PayoutLine] = []
        lines.reserveCapacity(orders.count + refunds.count)
        for order in orders {
            let fee = Self.fee(grossCents: order.subtotalCents, basisPoints: feeBasisPoints)
            lines.append(PayoutLine(kind: .order, orderID: order.id, refundID: nil, grossCents: order.subtotalCents,
                                    taxCents: order.taxCents, tipCents: order.tipCents, subsidyCents: order.subsidyCents,
                                    refundCents: 0, feeCents: fee,
                                    amountCents: order.subtotalCents + order.taxCents + order.tipCents - fee))
        }
        for refund in refunds {
            lines.append(PayoutLine(kind: .refund, orderID: refund.orderID, refundID: refund.id, refundCents: refund.amountCents,
                                    amountCents: -refund.amountCents))
        }
        self.lines = lines
    }
}

/// The life of a payout. planned → submitted → paid | failed | unknown; failed and unknown go back to
/// submitted on a later run (after looking the transfer up); a payout with nothing to transfer is carried_over.
public enum PayoutState: String, Sendable, CaseIterable {
    case planned, submitted, paid, failed, unknown
    case carriedOver = "carried_over"

    /// States a run works on: never paid or carried over ones.
    public var isOpen: Bool { self != .paid && self != .carriedOver }
}

import Foundation
import Testing
@testable import TacoIntegrations
@testable import TacoKit

@Suite("Payout statement math")
struct PayoutsMathTests {
    @Test("the fee is rounded half-up to the cent")
    func feeRounding() {
        #expect(PayoutStatement.fee(grossCents: 1_000, basisPoints: 500) == 50)
        #expect(PayoutStatement.fee(grossCents: 10, basisPoints: 500) == 1)      // 0.5 → 1
        #expect(PayoutStatement.fee(grossCents: 9, basisPoints: 500) == 0)       // 0.45 → 0
        #expect(PayoutStatement.fee(grossCents: 30, basisPoints: 250) == 1)      // 0.75 → 1
        #expect(PayoutStatement.fee(grossCents: 0, basisPoints: 10_000) == 0)
        #expect(PayoutStatement.fee(grossCents: 12_345, basisPoints: 10_000) == 12_345)
        #expect(PayoutStatement.fee(grossCents: 12_345, basisPoints: 0) == 0)
    }

    @Test("properties hold for random statements: totals are the sums of lines, net = gross + tax + tip − fee − refunds + carry")
    func properties() {
        var rng = SplitMix64(seed: 20_261_121)
        for _ in 0..<500 {
            let bps = Int.random(in: 0...10_000, using: &rng)
            let orders = (0..<Int.random(in: 0...40, using: &rng)).map { _ in
                PayoutOrder(id: UUID(), subtotalCents: Int.random(in: 0...50_000, using: &rng), taxCents: Int.random(in: 0...5_000, using: &rng),
                            tipCents: Int.random(in: 0...2_000, using: &rng), subsidyCents: Int.random(in: 0...500, using: &rng))
            }
            let refunds = (0..<Int.random(in: 0...5, using: &rng)).map { _ in
                PayoutRefund(id: UUID(), orderID: orders.randomElement(using: &rng)?.id ?? UUID(), amountCents: Int.random(in: 1...20_000, using: &rng))
            }
            let carry = Int.random(in: -5_000...0, using: &rng)
            let statement = PayoutStatement(orders: orders, refunds: refunds, feeBasisPoints: bps, carryInCents: carry)
            let gross = orders.reduce(0) { $0 + $1.subtotalCents }
            #expect(statement.grossCents == gross)
            #expect(statement.orderCount == orders.count)
            #expect(statement.refundCents == refunds.reduce(0) { $0 + $1.amountCents })
            #expect(statement.netCents == gross + statement.taxCents + statement.tipCents - statement.feeCents - statement.refundCents + carry)
            #expect(statement.netCents == statement.lines.reduce(carry) { $0 + $1.amountCents })
            // Per-order half-up rounding is never more than half a cent per order away from the exact fee.
            let exact = Double(gross) * Double(bps) / 10_000
            #expect(abs(Double(statement.feeCents) - exact) <= 0.5 * Double(max(orders.count, 1)) + 1e-9)
            #expect(statement.feeCents >= 0 && statement.feeCents <= gross)
            #expect(statement.needsTransfer == (statement.netCents > 0))
            #expect(statement.lines.filter { $0.kind == .refund }.allSatisfy { $0.amountCents < 0 && $0.feeCents == 0 })
        }
    }

    @Test("an empty statement has nothing to record; a negative one is carried over")
    func emptyAndNegative() {
        #expect(PayoutStatement(orders: [], refunds: [], feeBasisPoints: 500).isEmpty)
        let order = UUID()
        let negative = PayoutStatement(orders: [], refunds: [PayoutRefund(id: UUID(), orderID: order, amountCents: 700)], feeBasisPoints: 500)
        #expect(negative.netCents == -700)
        #expect(!negative.needsTransfer)
        let carried = PayoutStatement(orders: [PayoutOrder(id: order, subtotalCents: 1_000, taxCents: 80, tipCents: 0, subsidyCents: 300)],
                                      refunds: [], feeBasisPoints: 500, carryInCents: -700)
        #expect(carried.netCents == 1_000 + 80 - 50 - 700)
    }

    @Test("periods are UTC days and ISO weeks ending on a Sunday")
    func periods() throws {
        let week = try PayoutPeriod(kind: .week, ending: LocalDate(year: 2026, month: 3, day: 8))
        #expect(week.start == LocalDate(year: 2026, month: 3, day: 2))
        #expect(Timestamp.rfc3339(week.startInstant) == "2026-03-02T00:00:00Z")
        #expect(Timestamp.rfc3339(week.endInstant) == "2026-03-09T00:00:00Z")
        #expect(throws: PayoutPeriodError.weekMustEndOnSunday(LocalDate(year: 2026, month: 3, day: 4),
                                                              nextSunday: LocalDate(year: 2026, month: 3, day: 8))) {
            try PayoutPeriod(kind: .week, ending: LocalDate(year: 2026, month: 3, day: 4))
        }
        let day = try PayoutPeriod(kind: .day, ending: LocalDate(year: 2026, month: 3, day: 4))
        #expect(day.start == day.end)
        #expect(!day.hasEnded(at: Date(timeIntervalSince1970: 1_772_668_799)))   // 2026-03-04T23:59:59Z
        #expect(day.hasEnded(at: Date(timeIntervalSince1970: 1_772_668_800)))    // 2026-03-05T00:00:00Z
    }

    @Test("form encoding escapes everything but unreserved characters")
    func formEncoding() {
        #expect(StripeClient.formEncode([("metadata[payout_id]", "a b&c=d")]) == "metadata%5Bpayout_id%5D=a%20b%26c%3Dd")
    }
}

import Foundation
import TacoKit
import Testing

/// Property tests are reproducible: a failure names its seed.
typealias SeededGenerator = SplitMix64

/// A random but valid order: 1…8 lines, prices up to $50, deltas −$1…+$3 (unit never negative), rate 0…15 %,
/// tip up to $20, an allowance per meal or per day with some of the day already used.
struct RandomOrder: CustomStringConvertible {
    var lines: [PricingLine]
    var rate: TaxRate
    var tip: Int64
    var subsidy: SubsidyAllowance
    let seed: UInt64

    init(seed: UInt64) {
        self.seed = seed
        var rng = SeededGenerator(seed: seed)
        lines = (0..<Int.random(in: 1...8, using: &rng)).map { _ in
            let price = Int64.random(in: 0...5_000, using: &rng)
            var deltas = (0..<Int.random(in: 0...3, using: &rng)).map { _ in Int64.random(in: -100...300, using: &rng) }
            if price + deltas.reduce(0, +) < 0 { deltas = deltas.map { abs($0) } }
            return PricingLine(itemPriceCents: price, optionDeltaCents: deltas, quantity: Int.random(in: 1...99, using: &rng))
        }
        rate = TaxRate(tenThousandthsOfPercent: Int64.random(in: 0...150_000, using: &rng)) ?? TaxRate(tenThousandthsOfPercent: 0)!
        tip = Bool.random(using: &rng) ? 0 : Int64.random(in: 0...2_000, using: &rng)
        let cap = [0, 500, 1_200, 2_500, 100_000][Int.random(in: 0...4, using: &rng)]
        subsidy = SubsidyAllowance(capCents: Int64(cap), period: Bool.random(using: &rng) ? .perDay : .perMeal,
                                   usedTodayCents: Int64.random(in: 0...3_000, using: &rng))
    }

    var description: String { "seed \(seed)" }
}

@Suite("Order domain: state machine, tax rounding, pricing properties, promised time")
struct OrderDomainTests {
    @Test("the transition table is exactly the documented machine")
    func transitions() {
        #expect(OrderStatus.transitions.count == 9)
        #expect(OrderStatus.allows(.pending, .confirmed))
        #expect(OrderStatus.allows(.preparing, .cancelled))
        #expect(!OrderStatus.allows(.ready, .cancelled))
        #expect(!OrderStatus.allows(.completed, .pending))
        #expect(!OrderStatus.allows(.ready, .ready))
        #expect(OrderStatus.completed.isFinal && OrderStatus.cancelled.isFinal && OrderStatus.noShow.isFinal)
        #expect(OrderAction.cancel.sources == [.pending, .confirmed, .preparing])
        #expect(OrderAction.ready.sources == [.preparing])
        #expect(OrderAction.pickedUp.target == .pickedUp)
    }

    @Test("a refused action names the current state; the target state itself reads 'already'")
    func refusals() {
        #expect(OrderAction.ready.refusal(orderID: "abc", current: .preparing) == nil)
        #expect(OrderAction.ready.refusal(orderID: "abc", current: .ready) == "order abc is already READY")
        let message = OrderAction.start.refusal(orderID: "abc", current: .pickedUp)
        #expect(message == "order abc is PICKED_UP: cannot start it (start moves CONFIRMED to PREPARING)")
        #expect(OrderAction.cancel.refusal(orderID: "x", current: .ready)?.contains("PENDING or CONFIRMED or PREPARING") == true)
    }

    @Test("tax rates parse exactly like numeric(6,4) percent and refuse anything else")
    func taxRateParsing() {
        #expect(TaxRate(percent: "8.25")?.tenThousandthsOfPercent == 82_500)
        #expect(TaxRate(percent: "8.2500")?.tenThousandthsOfPercent == 82_500)
        #expect(TaxRate(percent: "0")?.tenThousandthsOfPercent == 0)
        #expect(TaxRate(percent: "10.0001")?.tenThousandthsOfPercent == 100_001)
        #expect(TaxRate(percent: "99.9999")?.tenThousandthsOfPercent == 999_999)
        for bad in ["", "-1", "100", "8.25000", "8.", ".5", "abc", "8,25", "+5", "1.-5"] {
            #expect(TaxRate(percent: bad) == nil, "\(bad)")
        }
        #expect(TaxRate(percent: "8.25")?.description == "8.25 %")
    }

    @Test("tax rounds half-up to the cent", arguments: [
        // (subtotal, rate in 0.0001 %, expected tax)
        (Int64(1000), Int64(82_500), Int64(83)),      // 82.5 ¢ → 83
        (Int64(200), Int64(82_500), Int64(17)),       // 16.5 ¢ → 17
        (Int64(199), Int64(82_500), Int64(16)),       // 16.4175 → 16
        (Int64(1), Int64(500_000), Int64(1)),         // 0.5 → 1
        (Int64(1), Int64(499_999), Int64(0)),         // 0.499999 → 0
        (Int64(0), Int64(82_500), Int64(0)),
        (Int64(12_345), Int64(0), Int64(0)),
        (Int64(3), Int64(166_667), Int64(1)),         // 0.500001 → 1
    ])
    func halfUp(subtotal: Int64, rate: Int64, expected: Int64) throws {
        let taxRate = try #require(TaxRate(tenThousandthsOfPercent: rate))
        #expect(try taxRate.tax(on: subtotal) == expected)
    }

    @Test("half-up agrees with exact Decimal arithmetic for 5,000 random amounts")
    func halfUpMatchesDecimal() throws {
        var rng = SeededGenerator(seed: 0x7AC0)
        for _ in 0..<5_000 {
            let subtotal = Int64.random(in: 0...10_000_000, using: &rng)
            let rate = Int64.random(in: 0...999_999, using: &rng)
            let exact = Decimal(subtotal) * Decimal(rate) / Decimal(1_000_000)
            var value = exact + Decimal(string: "0.5")!
            var floored = Decimal()
            NSDecimalRound(&floored, &value, 0, .down)
            let tax = try #require(TaxRate(tenThousandthsOfPercent: rate)).tax(on: subtotal)
            #expect(Decimal(tax) == floored, "subtotal \(subtotal) rate \(rate)")
        }
    }

    @Test("pricing properties hold for 2,000 random orders")
    func pricingProperties() throws {
        for seed in UInt64(1)...2_000 {
            let order = RandomOrder(seed: seed)
            let priced = try OrderPricing(lines: order.lines, taxRate: order.rate, tipCents: order.tip, subsidy: order.subsidy)
            // totals reconcile, as the database CHECKs demand
            #expect(priced.totalCents == priced.subtotalCents + priced.taxCents + priced.tipCents - priced.subsidyCents, "\(order)")
            #expect(priced.subtotalCents == priced.lines.reduce(0) { $0 + $1.lineTotalCents }, "\(order)")
            for (line, input) in zip(priced.lines, order.lines) {
                #expect(line.unitPriceCents == input.itemPriceCents + input.optionDeltaCents.reduce(0, +), "\(order)")
                #expect(line.lineTotalCents == Int64(line.quantity) * line.unitPriceCents, "\(order)")
            }
            // never negative
            #expect(priced.totalCents >= 0 && priced.taxCents >= 0 && priced.subsidyCents >= 0, "\(order)")
            // subsidy never exceeds the allowance left, nor food + tax; the tip is always paid by the employee
            #expect(priced.subsidyCents <= order.subsidy.availableCents, "\(order)")
            #expect(priced.subsidyCents <= priced.subtotalCents + priced.taxCents, "\(order)")
            #expect(priced.totalCents >= priced.tipCents, "\(order)")
            // the subsidy is as large as it may be
            #expect(priced.subsidyCents == min(order.subsidy.availableCents, priced.subtotalCents + priced.taxCents), "\(order)")
            // tax is the half-up rounding of the exact product
            let exact = priced.subtotalCents * order.rate.tenThousandthsOfPercent
            #expect(priced.taxCents * 1_000_000 <= exact + 500_000 && exact + 500_000 < (priced.taxCents + 1) * 1_000_000, "\(order)")
            // the order of lines does not matter
            var rng = SeededGenerator(seed: seed ^ 0xFEED)
            let shuffled = try OrderPricing(lines: order.lines.shuffled(using: &rng), taxRate: order.rate, tipCents: order.tip,
                                            subsidy: order.subsidy)
            #expect(shuffled.totalCents == priced.totalCents && shuffled.taxCents == priced.taxCents
                        && shuffled.subsidyCents == priced.subsidyCents, "\(order)")
            // a tip changes the total by exactly the tip, never the subsidy
            let tipped = try OrderPricing(lines: order.lines, taxRate: order.rate, tipCents: order.tip + 100, subsidy: order.subsidy)
            #expect(tipped.totalCents == priced.totalCents + 100 && tipped.subsidyCents == priced.subsidyCents, "\(order)")
        }
    }

    @Test("per-day allowance: the remainder of the day, never negative; per-meal: the whole cap every time")
    func allowance() throws {
        #expect(SubsidyAllowance(capCents: 1_200, period: .perDay, usedTodayCents: 500).availableCents == 700)
        #expect(SubsidyAllowance(capCents: 1_200, period: .perDay, usedTodayCents: 5_000).availableCents == 0)
        #expect(SubsidyAllowance(capCents: 1_200, period: .perMeal, usedTodayCents: 5_000).availableCents == 1_200)
        let rate = try #require(TaxRate(percent: "10"))
        // 1000 + 100 tax + 300 tip, cap 1,200 per meal: subsidy 1,100 (food + tax), the tip is paid: total 300
        let priced = try OrderPricing(lines: [PricingLine(itemPriceCents: 1_000, quantity: 1)], taxRate: rate, tipCents: 300,
                                      subsidy: SubsidyAllowance(capCents: 1_200, period: .perMeal))
        #expect(priced.subsidyCents == 1_100 && priced.totalCents == 300)
        // the day's remainder of 200 is all the second meal gets
        let second = try OrderPricing(lines: [PricingLine(itemPriceCents: 1_000, quantity: 1)], taxRate: rate, tipCents: 0,
                                      subsidy: SubsidyAllowance(capCents: 1_200, period: .perDay, usedTodayCents: 1_000))
        #expect(second.subsidyCents == 200 && second.totalCents == 900)
    }

    @Test("bad pricing input is refused, not silently fixed")
    func badInput() throws {
        let rate = try #require(TaxRate(percent: "8.25"))
        #expect(throws: OrderPricingError.noLines) { try OrderPricing(lines: [], taxRate: rate, tipCents: 0, subsidy: .none) }
        #expect(throws: OrderPricingError.quantity(line: 0, 0)) {
            try OrderPricing(lines: [PricingLine(itemPriceCents: 100, quantity: 0)], taxRate: rate, tipCents: 0, subsidy: .none)
        }
        #expect(throws: OrderPricingError.quantity(line: 1, 100)) {
            try OrderPricing(lines: [PricingLine(itemPriceCents: 100, quantity: 1), PricingLine(itemPriceCents: 100, quantity: 100)],
                             taxRate: rate, tipCents: 0, subsidy: .none)
        }
        #expect(throws: OrderPricingError.negativeTip(-1)) {
            try OrderPricing(lines: [PricingLine(itemPriceCents: 100, quantity: 1)], taxRate: rate, tipCents: -1, subsidy: .none)
        }
        #expect(throws: OrderPricingError.negativeUnitPrice(line: 0, -50)) {
            try OrderPricing(lines: [PricingLine(itemPriceCents: 100, optionDeltaCents: [-150], quantity: 1)], taxRate: rate,
                             tipCents: 0, subsidy: .none)
        }
        #expect(throws: OrderPricingError.amountTooLarge) {
            try OrderPricing(lines: [PricingLine(itemPriceCents: .max / 2, quantity: 99)], taxRate: rate, tipCents: 0, subsidy: .none)
        }
    }

    @Test("promised time: longest prep plus the queue ahead at the truck's rate, rounded up to minutes")
    func promisedTime() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(PromisedTime.queueMinutes(ordersAhead: 0, capacityPer15Minutes: 20) == 0)
        #expect(PromisedTime.queueMinutes(ordersAhead: 1, capacityPer15Minutes: 20) == 1)    // 0.75 → 1
        #expect(PromisedTime.queueMinutes(ordersAhead: 20, capacityPer15Minutes: 20) == 15)
        #expect(PromisedTime.queueMinutes(ordersAhead: 7, capacityPer15Minutes: 3) == 35)
        #expect(PromisedTime.estimate(placedAt: now, maxPrepMinutes: 8, ordersAhead: 40, capacityPer15Minutes: 20)
                    == now.addingTimeInterval(38 * 60))
    }

    @Test("the canonical body ignores option order and the idempotency key, and sees everything else")
    func canonicalBody() {
        let ids = (0..<6).map { _ in UUID() }
        let base = OrderRequest(userID: ids[0], vendorID: ids[1], truckID: ids[2], campusID: ids[3],
                                lines: [.init(itemID: ids[4], quantity: 2, optionIDs: [ids[5], ids[0]])], tipCents: 100,
                                specialRequests: "no \"onions\"\n", idempotencyKey: "k1")
        var reordered = base
        reordered.lines[0].optionIDs.reverse()
        reordered.idempotencyKey = "k2"
        #expect(base.canonicalBody == reordered.canonicalBody)
        var other = base
        other.tipCents = 101
        #expect(other.canonicalBody != base.canonicalBody)
        other = base
        other.lines[0].quantity = 3
        #expect(other.canonicalBody != base.canonicalBody)
        #expect(base.canonicalBody.contains(#""special_requests":"no \"onions\"\u000a""#))
        #expect((try? JSONSerialization.jsonObject(with: Data(base.canonicalBody.utf8))) != nil)
    }
}

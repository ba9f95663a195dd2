import Foundation

/// A campus sales-tax rate, held exactly as PostgreSQL's `numeric(6,4)` percent: in ten-thousandths of a percent
/// (8.25 % = 82_500). Never a binary floating point.
public struct TaxRate: Sendable, Equatable, CustomStringConvertible {
    /// The rate in units of 0.0001 %.
    public let tenThousandthsOfPercent: Int64
    static let scale: Int64 = 10_000

    /// A rate in ten-thousandths of a percent; must lie in [0, 100 %).
    public init?(tenThousandthsOfPercent: Int64) {
        guard tenThousandthsOfPercent >= 0, tenThousandthsOfPercent < 100 * TaxRate.scale else { return nil }
        self.tenThousandthsOfPercent = tenThousandthsOfPercent
    }

    /// Parses a percent such as `8.25` or `8.2500` (at most four decimals, as `campuses.tax_rate_percent`).
    public init?(percent text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int64(parts[0]), whole >= 0, !parts[0].hasPrefix("+"),
              !parts[0].hasPrefix("-") else { return nil }
        var fraction: Int64 = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy(\.isASCII), let value = Int64(digits), value >= 0,
                  !digits.hasPrefix("+"), !digits.hasPrefix("-") else { return nil }
            fraction = value * [1, 1000, 100, 10, 1][digits.count]
        }
        guard whole < 100 else { return nil }
        self.init(tenThousandthsOfPercent: whole * TaxRate.scale + fraction)
    }

    public var description: String {
        let whole = tenThousandthsOfPercent / TaxRate.scale
        let fraction = tenThousandthsOfPercent % TaxRate.scale
        guard fraction != 0 else { return "\(whole) %" }
        let digits = String(fraction + TaxRate.scale).dropFirst().trimmingSuffix("0")
        return "\(whole).\(digits) %"
    }

    /// Tax on `cents`, rounded HALF-UP to the cent: 0.5 ¢ and more rounds up, less rounds down
    /// (`cents × rate / 100` computed exactly in integers, then `floor(x + ½)`). Amounts are never negative.
    public func tax(on cents: Int64) throws -> Int64 {
        guard cents >= 0 else { throw OrderPricingError.negativeAmount(cents) }
        let divisor = 100 * TaxRate.scale                           // percent → fraction, and the rate's scale
        let (product, overflow) = cents.multipliedReportingOverflow(by: tenThousandthsOfPercent)
        guard !overflow else { throw OrderPricingError.amountTooLarge }
        return product / divisor + (product % divisor * 2 >= divisor ? 1 : 0)
    }
}

extension StringProtocol {
    func trimmingSuffix(_ character: Character) -> String {
        var text = String(self)
        while text.last == character { text.removeLast() }
        return text
    }
}

/// How an employee's meal subsidy is capped (`users.meal_subsidy_cents`, `users.subsidy_period`).
public struct SubsidyAllowance: Sendable, Equatable {
    public enum Period: String, Sendable { case perDay = "per-day", perMeal = "per-meal" }
    /// The cap: per order (`perMeal`) or for the campus-local day (`perDay`).
    public var capCents: Int64
    public var period: Period
    /// Subsidy already granted on the user's non-cancelled orders of the same campus-local day (per-day only).
    public var usedTodayCents: Int64

    public init(capCents: Int64, period: Period, usedTodayCents: Int64 = 0) {
        self.capCents = capCents
        self.period = period
        self.usedTodayCents = usedTodayCents
    }

    /// No subsidy.
    public static let none = SubsidyAllowance(capCents: 0, period: .perMeal)

    /// What this order may still receive: the whole cap per meal, or what is left of the day's cap.
    public var availableCents: Int64 {
        switch period {
        case .perMeal: return max(0, capCents)
        case .perDay: return max(0, capCents - max(0, usedTodayCents))
        }
    }
}

/// One line to price: the item's price, the chosen options' deltas (may be negative) and the quantity.
public struct PricingLine: Sendable, Equatable {
    public var itemPriceCents: Int64
    public var optionDeltaCents: [Int64]
    public var quantity: Int

    public init(itemPriceCents: Int64, optionDeltaCents: [Int64] = [], quantity: Int) {
        self.itemPriceCents = itemPriceCents
        self.optionDeltaCents = optionDeltaCents
        self.quantity = quantity
    }

    /// The allowed quantities per line.
    public static let quantities = 1...99
}

/// A priced line: unit = item price + option deltas; total = quantity × unit.
public struct PricedLine: Sendable, Equatable {
    public let quantity: Int
    public let unitPriceCents: Int64
    public let lineTotalCents: Int64
}

/// Why an order cannot be priced.
public enum OrderPricingError: Error, Sendable, Equatable {
    case noLines
    case quantity(line: Int, Int)
    case negativeUnitPrice(line: Int, Int64)
    case negativeTip(Int64)
    case negativeAmount(Int64)
    case amountTooLarge
}

/// An order's money, in integer cents. The rules (matching the database's CHECKs):
/// - unit price = item price + the chosen options' deltas, never negative; line total = quantity × unit (1…99);
/// - subtotal = Σ line totals;
/// - tax = subtotal × campus rate, rounded HALF-UP to the cent, once per order (not per line);
/// - tip ≥ 0, added after tax and never subsidised, never taxed;
/// - subsidy = min(what the allowance still has, subtotal + tax): it pays food and tax only, so an employee with
///   an allowance larger than the meal still pays the tip, and the total never goes negative;
/// - total = subtotal + tax + tip − subsidy.
public struct OrderPricing: Sendable, Equatable {
    public let lines: [PricedLine]
    public let subtotalCents: Int64
    public let taxCents: Int64
    public let tipCents: Int64
    public let subsidyCents: Int64
    public let totalCents: Int64

    /// Prices the lines; throws for an empty order, a quantity outside 1…99, a negative unit price or tip.
    public init(lines input: [PricingLine], taxRate: TaxRate, tipCents: Int64, subsidy: SubsidyAllowance) throws {
        guard !input.isEmpty else { throw OrderPricingError.noLines }
        guard tipCents >= 0 else { throw OrderPricingError.negativeTip(tipCents) }
        var priced: [PricedLine] = []
        var subtotal: Int64 = 0
        for (index, line) in input.enumerated() {
            guard PricingLine.quantities.contains(line.quantity) else { throw OrderPricingError.quantity(line: index, line.quantity) }
            var unit = line.itemPriceCents
            for delta in line.optionDeltaCents {
                let (sum, overflow) = unit.addingReportingOverflow(delta)
                guard !overflow else { throw OrderPricingError.amountTooLarge }
                unit = sum
            }
            guard unit >= 0 else { throw OrderPricingError.negativeUnitPrice(line: index, unit) }
            let (total, overflow) = unit.multipliedReportingOverflow(by: Int64(line.quantity))
            guard !overflow else { throw OrderPricingError.amountTooLarge }
            let (newSubtotal, overflow2) = subtotal.addingReportingOverflow(total)
            guard !overflow2 else { throw OrderPricingError.amountTooLarge }
            subtotal = newSubtotal
            priced.append(PricedLine(quantity: line.quantity, unitPriceCents: unit, lineTotalCents: total))
        }
        let tax = try taxRate.tax(on: subtotal)
        let (beforeTip, overflow) = subtotal.addingReportingOverflow(tax)
        guard !overflow else { throw OrderPricingError.amountTooLarge }
        let subsidyCents = min(subsidy.availableCents, beforeTip)
        let (withTip, overflow2) = beforeTip.addingReportingOverflow(tipCents)
        guard !overflow2 else { throw OrderPricingError.amountTooLarge }
        lines = priced
        subtotalCents = subtotal
        taxCents = tax
        self.tipCents = tipCents
        self.subsidyCents = subsidyCents
        totalCents = withTip - subsidyCents
    }
}

/// When an order will be ready for pickup. The formula (minutes, rounded up to whole minutes):
///
///     promised_at = placed_at + max(prep_minutes of the order's items) + ceil(ahead × 15 / capacity)
///
/// where `ahead` is the truck's open orders still to be cooked (PENDING, CONFIRMED, PREPARING) and `capacity` is
/// the truck's orders per 15 minutes (`trucks.capacity`): the items of one order are cooked in parallel, and the
/// orders ahead drain at the truck's rate.
public enum PromisedTime {
    /// The queue delay in minutes for `ahead` orders at `capacity` orders per 15 minutes.
    public static func queueMinutes(ordersAhead: Int, capacityPer15Minutes: Int) -> Int {
        guard ordersAhead > 0 else { return 0 }
        let capacity = max(1, capacityPer15Minutes)
        return (ordersAhead * 15 + capacity - 1) / capacity
    }

    /// The promised pickup time.
    public static func estimate(placedAt: Date, maxPrepMinutes: Int, ordersAhead: Int, capacityPer15Minutes: Int) -> Date {
        let minutes = max(0, maxPrepMinutes) + queueMinutes(ordersAhead: ordersAhead, capacityPer15Minutes: capacityPer15Minutes)
        return placedAt.addingTimeInterval(Double(minutes * 60))
    }
}

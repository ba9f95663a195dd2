import Foundation

/// Money is integer cents everywhere; decimal text in files and flags.
public enum Money {
    /// Parses a non-negative decimal amount with at most two decimals (`4.50`, `10`, `0.5`) into cents.
    /// Never goes through a binary floating point.
    public static func cents(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.range(of: "^[0-9]{1,9}(\\.[0-9]{1,2})?$", options: .regularExpression) != nil else { return nil }
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard let whole = Int(parts[0]) else { return nil }
        var fraction = 0
        if parts.count == 2 {
            let digits = parts[1].count == 1 ? parts[1] + "0" : parts[1]
            guard let value = Int(digits) else { return nil }
            fraction = value
        }
        return whole * 100 + fraction
    }

    /// Formats cents as a decimal string (`450` → `4.50`, `-5` → `-0.05`).
    public static func decimal(_ cents: Int) -> String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.magnitude
        return sign + "\(magnitude / 100)." + String(format: "%02d", Int(magnitude % 100))
    }
}

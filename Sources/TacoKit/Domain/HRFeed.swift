import Foundation

/// The HR export's XML namespace (docs/hr-feed.md); elements are matched by this URI and their local name.
public let hrExportNamespace = "urn:tacotracker:hr-export:1"

/// Whether an export lists every employee (`full`) or only the changed ones (`delta`).
public enum HRSyncMode: String, Sendable {
    case full, delta
}

/// The root element's attributes and the trailer, as written in the file (checked by `HRFeedRules.header`).
public struct HRExportHeader: Sendable, Equatable {
    public var line = 1
    public var schemaVersion: String?
    public var exportID: String?
    public var mode: String?
    public var sourceSystem: String?
    public var asOf: String?
    public var generatedAt: String?
    public var recordCount: String?
    /// The Trailer's recordCount; nil when there was no Trailer (a truncated export).
    public var trailerRecordCount: String?
    public var trailerLine: Int?
    /// The number of Employee elements read.
    public var employeeCount = 0
    /// Whether a `ds:Signature` child of the root was seen (checked by a verification step, not here).
    public var hasSignature = false
    public init() {}

    /// The mode when it is valid.
    public var syncMode: HRSyncMode? { mode.flatMap(HRSyncMode.init(rawValue:)) }
}

/// A `Campus` element.
public struct HRCampus: Sendable, Equatable {
    public var line: Int
    public var code: String?
    public var name: String?
    public var timeZone: String?
    public var status: String?
    public init(line: Int) { self.line = line }
}

/// A `Department` element.
public struct HRDepartment: Sendable, Equatable {
    public var line: Int
    public var code: String?
    public var parentCode: String?
    public var costCenter: String?
    public var name: String?
    public var status: String?
    public init(line: Int) { self.line = line }
}

/// An `Employee` element, with every field as text exactly as read (nil when absent).
public struct HREmployee: Sendable, Equatable {
    public var line: Int
    public var employeeID: String?
    public var workerID: String?
    public var lastModified: String?
    public var status: String?
    public var statusEffectiveDate: String?
    public var givenName: String?
    public var familyName: String?
    public var preferredName: String?
    public var email: String?
    public var employmentType: String?
    public var fte: String?
    public var hireDate: String?
    public var jobTitle: String?
    public var departmentCode: String?
    public var campusCode: String?
    public var managerEmployeeID: String?
    public var subsidyAmount: String?
    public var subsidyCurrency: String?
    public var subsidyPeriod: String?
    public var subsidyValidFrom: String?
    public var ssoSubject: String?
    public init(line: Int) { self.line = line }
}

/// An employee after its checks: the values the sync stages and compares (nil = absent).
public struct HRStagedEmployee: Sendable, Equatable {
    public var line: Int
    public var workerID: String?
    public var employeeID: String?
    public var email: String?
    public var givenName: String?
    public var familyName: String?
    public var preferredName: String?
    public var departmentCode: String?
    public var campusCode: String?
    public var managerEmployeeID: String?
    public var jobTitle: String?
    public var subsidyCents: Int?
    public var subsidyPeriod: String?
    public var hrStatus: String?
    public var oktaID: String?
}

/// One problem in a feed: the line it is on and what is wrong.
public struct HRFeedIssue: Sendable, Equatable {
    public var line: Int
    public var message: String
    public init(line: Int, _ message: String) {
        self.line = line
        self.message = message
    }
}

/// The checks that need nothing but the record itself (the set-wide ones — duplicates, references — run in SQL).
public enum HRFeedRules {
    /// The largest meal subsidy accepted, in cents (100.00).
    public static let maxSubsidyCents = 100_00
    static let employeeStatuses: Set<String> = ["active", "leave", "terminated"]
    static let orgStatuses: Set<String> = ["active", "inactive"]
    static let periods: Set<String> = ["per-day", "per-meal"]

    /// Root and trailer: namespace (checked by the reader), version 1.x, mode, export id, both record counts.
    public static func header(_ header: HRExportHeader) -> [HRFeedIssue] {
        var issues: [HRFeedIssue] = []
        let line = header.line
        if let version = header.schemaVersion {
            if version.range(of: #"^1\.[0-9]{1,3}$"#, options: .regularExpression) == nil {
                issues.append(HRFeedIssue(line: line, "schemaVersion \"\(version)\" is not supported (expected 1.x)"))
            }
        } else {
            issues.append(HRFeedIssue(line: line, "EmployeeExport has no schemaVersion (expected 1.x)"))
        }
        if let mode = header.mode {
            if HRSyncMode(rawValue: mode) == nil {
                issues.append(HRFeedIssue(line: line, "mode \"\(mode)\" is not full or delta"))
            }
        } else {
            issues.append(HRFeedIssue(line: line, "EmployeeExport has no mode (full or delta)"))
        }
        if isBlank(header.exportID) { issues.append(HRFeedIssue(line: line, "EmployeeExport has no exportId")) }
        if let asOf = header.asOf, LocalDate(asOf) == nil {
            issues.append(HRFeedIssue(line: line, "asOf \"\(asOf)\" is not a date (YYYY-MM-DD)"))
        }
        if let generated = header.generatedAt, Timestamp.parsePostgres(generated) == nil {
            issues.append(HRFeedIssue(line: line, "generatedAt \"\(generated)\" is not an RFC 3339 time"))
        }
        let count = header.employeeCount
        switch header.recordCount.map(Self.count(_:)) {
        case nil:
            issues.append(HRFeedIssue(line: line, "EmployeeExport has no recordCount"))
        case .some(nil):
            issues.append(HRFeedIssue(line: line, "recordCount \"\(header.recordCount ?? "")\" is not a count"))
        case .some(let declared?) where declared != count:
            issues.append(HRFeedIssue(line: line, "recordCount is \(declared) but the export has \(count) Employee element\(count == 1 ? "" : "s")"))
        default:
            break
        }
        if let trailer = header.trailerRecordCount {
            let trailerLine = header.trailerLine ?? line
            switch Self.count(trailer) {
            case nil:
                issues.append(HRFeedIssue(line: trailerLine, "Trailer recordCount \"\(trailer)\" is not a count"))
            case let declared? where declared != count:
                issues.append(HRFeedIssue(line: trailerLine, "Trailer recordCount is \(declared) but the export has \(count) Employee element\(count == 1 ? "" : "s")"))
            default:
                break
            }
        } else {
            issues.append(HRFeedIssue(line: line, "the export has no Trailer: it looks truncated, so nothing is applied"))
        }
        return issues
    }

    /// A campus defined in the file.
    public static func campus(_ campus: HRCampus) -> [HRFeedIssue] {
        var issues: [HRFeedIssue] = []
        let line = campus.line
        if let code = campus.code {
            if code.range(of: "^[A-Z0-9][A-Z0-9-]{1,15}$", options: .regularExpression) == nil {
                issues.append(HRFeedIssue(line: line, "Campus code \"\(code)\" is not 2–16 capital letters, digits or dashes"))
            }
        } else {
            issues.append(HRFeedIssue(line: line, "Campus has no code"))
        }
        if isBlank(campus.name) { issues.append(HRFeedIssue(line: line, "Campus \(campus.code ?? "") has no Name")) }
        if isBlank(campus.timeZone) { issues.append(HRFeedIssue(line: line, "Campus \(campus.code ?? "") has no TimeZone")) }
        if let status = campus.status, !orgStatuses.contains(status) {
            issues.append(HRFeedIssue(line: line, "Campus status \"\(status)\" is not active or inactive"))
        }
        return issues
    }

    /// A department defined in the file.
    public static func department(_ department: HRDepartment) -> [HRFeedIssue] {
        var issues: [HRFeedIssue] = []
        let line = department.line
        if isBlank(department.code) { issues.append(HRFeedIssue(line: line, "Department has no code")) }
        if isBlank(department.name) { issues.append(HRFeedIssue(line: line, "Department \(department.code ?? "") has no Name")) }
        if let parent = department.parentCode, parent == department.code {
            issues.append(HRFeedIssue(line: line, "Department \(parent) is its own parent"))
        }
        if let status = department.status, !orgStatuses.contains(status) {
            issues.append(HRFeedIssue(line: line, "Department status \"\(status)\" is not active or inactive"))
        }
        return issues
    }

    /// One employee: required fields, status, e-mail shape, dates, the subsidy; returns the staged values.
    public static func employee(_ employee: HREmployee) -> (staged: HRStagedEmployee, issues: [HRFeedIssue]) {
        var issues: [HRFeedIssue] = []
        let line = employee.line
        let who = employee.workerID.map { "Employee \($0)" } ?? "Employee"
        func problem(_ message: String) { issues.append(HRFeedIssue(line: line, "\(who): \(message)")) }

        if isBlank(employee.workerID) { problem("no workerId") } else if hasControl(employee.workerID) { problem("workerId has control characters") }
        if isBlank(employee.employeeID) { problem("no employeeId") }
        if isBlank(employee.givenName) { problem("no Name/Given") }
        if isBlank(employee.familyName) { problem("no Name/Family") }
        let email = employee.email.map(trim)
        if let email, !email.isEmpty {
            if email.utf8.count > 254 || !isEmailAddress(email) {
                problem("Email \"\(email)\" is not an e-mail address")
            }
        } else {
            problem("no Email")
        }
        var status: String?
        if let value = employee.status {
            if employeeStatuses.contains(value) { status = value } else { problem("Status \"\(value)\" is not active, leave or terminated") }
        } else {
            problem("no Status (active, leave or terminated)")
        }
        for (name, value) in [("Status effectiveDate", employee.statusEffectiveDate), ("HireDate", employee.hireDate),
                              ("MealSubsidy validFrom", employee.subsidyValidFrom)] {
            if let value, LocalDate(value) == nil { problem("\(name) \"\(value)\" is not a date (YYYY-MM-DD)") }
        }
        if let modified = employee.lastModified, Timestamp.parsePostgres(modified) == nil {
            problem("lastModified \"\(modified)\" is not an RFC 3339 time")
        }
        if let fte = employee.fte {
            if let hundredths = decimal(fte, maxWhole: 1, maxFraction: 4), hundredths > 0, hundredths <= 10_000 {
            } else {
                problem("Employment fte \"\(fte)\" is not a fraction in (0, 1]")
            }
        }

        var cents: Int? = 0
        var period: String? = "per-day"
        if let amount = employee.subsidyAmount {
            let trimmed = trim(amount)
            if let value = decimal(trimmed, maxWhole: 9, maxFraction: 2) {
                if value > maxSubsidyCents {
                    problem("MealSubsidy \(trimmed) is more than \(Money.decimal(maxSubsidyCents))")
                    cents = nil
                } else {
                    cents = value
                }
            } else {
                problem("MealSubsidy \"\(trimmed)\" is not an amount with at most two decimals")
                cents = nil
            }
            if let currency = employee.subsidyCurrency {
                if !isoCurrencies.contains(currency) { problem("MealSubsidy currency \"\(currency)\" is not an ISO 4217 code") }
            } else {
                problem("MealSubsidy has no currency")
            }
            if let value = employee.subsidyPeriod {
                if periods.contains(value) { period = value } else { problem("MealSubsidy period \"\(value)\" is not per-day or per-meal"); period = nil }
            } else {
                problem("MealSubsidy has no period (per-day or per-meal)")
                period = nil
            }
        }

        let staged = HRStagedEmployee(
            line: line, workerID: nonBlank(employee.workerID), employeeID: nonBlank(employee.employeeID),
            email: nonBlank(email), givenName: nonBlank(employee.givenName), familyName: nonBlank(employee.familyName),
            preferredName: nonBlank(employee.preferredName), departmentCode: nonBlank(employee.departmentCode),
            campusCode: nonBlank(employee.campusCode), managerEmployeeID: nonBlank(employee.managerEmployeeID),
            jobTitle: nonBlank(employee.jobTitle), subsidyCents: cents, subsidyPeriod: period, hrStatus: status,
            oktaID: nonBlank(employee.ssoSubject))
        return (staged, issues)
    }

    /// ISO 4217 codes known to this platform's Foundation, plus the common ones should it know none.
    static let isoCurrencies: Set<String> = {
        let known = Set(Locale.commonISOCurrencyCodes)
        return known.isEmpty ? ["USD", "CAD", "MXN", "EUR", "GBP"] : known
    }()

    // The per-record checks run once per employee (500,000 a night for a large employer): hand-written scanners
    // rather than NSRegularExpression, which compiles its pattern on every call.

    /// `local@domain.tld` without whitespace or a second `@`.
    static func isEmailAddress(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let at = bytes.firstIndex(of: UInt8(ascii: "@")), at > 0, at < bytes.count - 1 else { return false }
        let domain = bytes[(at + 1)...]
        guard !bytes.contains(where: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }),
              !domain.contains(UInt8(ascii: "@")),
              let dot = domain.lastIndex(of: UInt8(ascii: ".")), dot > domain.startIndex, dot < bytes.count - 1 else { return false }
        return true
    }

    /// A plain decimal (`12`, `12.5`, `12.50`) with at most `maxWhole` integer and `maxFraction` fraction digits,
    /// scaled to an integer of `maxFraction` decimals (cents for 2). No sign, exponent or spaces.
    static func decimal(_ text: String, maxWhole: Int, maxFraction: Int) -> Int? {
        var whole = 0, fraction = 0, wholeDigits = 0, fractionDigits = 0, seenDot = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                guard !seenDot, wholeDigits > 0 else { return nil }
                seenDot = true
            } else if byte >= 48, byte <= 57 {
                if seenDot {
                    fractionDigits += 1
                    guard fractionDigits <= maxFraction else { return nil }
                    fraction = fraction * 10 + Int(byte - 48)
                } else {
                    wholeDigits += 1
                    guard wholeDigits <= maxWhole else { return nil }
                    whole = whole * 10 + Int(byte - 48)
                }
            } else {
                return nil
            }
        }
        guard wholeDigits > 0, !seenDot || fractionDigits > 0 else { return nil }
        var scale = 1
        for _ in 0..<maxFraction { scale *= 10 }
        for _ in fractionDigits..<maxFraction { fraction *= 10 }
        return whole * scale + fraction
    }

    static func count(_ text: String) -> Int? {
        guard text.range(of: "^[0-9]{1,9}$", options: .regularExpression) != nil else { return nil }
        return Int(text)
    }

    static func isBlank(_ text: String?) -> Bool { text.map { trim($0).isEmpty } ?? true }

    static func nonBlank(_ text: String?) -> String? {
        guard let text else { return nil }
        let trimmed = trim(text)
        return trimmed.isEmpty ? nil : trimmed
    }

    // XML whitespace only (space, tab, CR, LF); the common case — nothing to trim — returns the string itself.
    // Foundation's trimmingCharacters(in:) costs microseconds per call on Linux, times 15 fields per employee.
    package static func trim(_ text: String) -> String {
        let utf8 = text.utf8
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        guard let first = utf8.first, let last = utf8.last else { return text }
        if !isSpace(first), !isSpace(last) { return text }
        guard let start = utf8.firstIndex(where: { !isSpace($0) }), let end = utf8.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(text[start...end])
    }

    static func hasControl(_ text: String?) -> Bool {
        text?.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } ?? false
    }
}

/// The deactivation guard's limit: a count (`200`) or a share of the active users (`5%`, `2.5%`).
public enum DeactivationLimit: Sendable, Equatable, CustomStringConvertible {
    case count(Int)
    case percent(Decimal)

    /// The default: 5% of the active users.
    public static let standard = DeactivationLimit.percent(5)

    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix("%") {
            let number = String(trimmed.dropLast())
            guard number.range(of: #"^[0-9]{1,3}(\.[0-9]{1,2})?$"#, options: .regularExpression) != nil,
                  let value = Decimal(string: number), value >= 0, value <= 100 else { return nil }
            self = .percent(value)
        } else {
            guard trimmed.range(of: "^[0-9]{1,9}$", options: .regularExpression) != nil, let value = Int(trimmed) else { return nil }
            self = .count(value)
        }
    }

    public var description: String {
        switch self {
        case .count(let value): return String(value)
        case .percent(let value): return "\(NSDecimalNumber(decimal: value).stringValue)%"
        }
    }

    /// Whether deactivating `deactivations` of `active` users stays within the limit.
    public func allows(_ deactivations: Int, ofActive active: Int) -> Bool {
        switch self {
        case .count(let limit):
            return deactivations <= limit
        case .percent(let percent):
            // Exact: deactivations × 100 ≤ percent × active, so 1 of 19 (5.3%) is over 5%.
            return Decimal(deactivations) * 100 <= percent * Decimal(active)
        }
    }
}

import ArgumentParser
import Foundation
import TacoKit

extension VendorStatus: ExpressibleByArgument {}

/// Who may read vendors, and who may decide.
private let vendorReaders = ["taco_sysadmin", "taco_food_services", "taco_reporting"]
private let vendorDeciders = ["taco_sysadmin", "taco_food_services"]

extension TacoAdmin {
    struct Vendors: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "vendors",
            abstract: "Onboard vendors and decide on them: approve, reject, suspend, reinstate.",
            discussion: """
                The approval state machine (enforced by the database):
                  applied   -> approved (approve) | rejected (reject)
                  approved  -> suspended (suspend)
                  suspended -> approved (reinstate)
                  rejected is final: a rejected vendor applies again under a new slug.
                Approval (and reinstatement) is refused while a business licence, health permit or insurance is \
                missing or expired. Every decision records who (the login), when and why. Only approved vendors' \
                trucks are shown to employees and take orders.
                """,
            subcommands: [List.self, Show.self, Add.self, Decide<Approve>.self, Decide<Reject>.self, Decide<Suspend>.self,
                          Decide<Reinstate>.self, Permits.self]
        )
    }
}

private func vendorRecords(_ vendors: [VendorRecord]) -> RecordSet {
    var set = RecordSet(columns: ["slug", "name", "status", "trucks", "permits_ok", "permit_problems", "stripe_account_id",
                                  "status_reason", "status_changed_at", "status_changed_by"])
    for vendor in vendors {
        set.append([.text(vendor.slug), .text(vendor.name), .text(vendor.status), .int(vendor.trucks), .bool(vendor.permitProblems.isEmpty),
                    .text(vendor.permitProblems.joined(separator: "; ")), .optional(vendor.stripeAccountID), .optional(vendor.statusReason),
                    .date(vendor.statusChangedAt), .text(vendor.statusChangedBy)])
    }
    return set
}

/// What distinguishes the four decision commands.
protocol DecisionKind {
    static var decision: VendorStatus.Decision { get }
    static var reasonRequired: Bool { get }
    static var example: String { get }
}
enum Approve: DecisionKind {
    static let decision = VendorStatus.Decision.approve
    static let reasonRequired = false
    static let example = "taco-admin vendors approve taco-loco --note \"permits checked by MK\""
}
enum Reject: DecisionKind {
    static let decision = VendorStatus.Decision.reject
    static let reasonRequired = true
    static let example = "taco-admin vendors reject taco-nope --reason \"no commissary kitchen\""
}
enum Suspend: DecisionKind {
    static let decision = VendorStatus.Decision.suspend
    static let reasonRequired = true
    static let example = "taco-admin vendors suspend taco-loco --reason \"health inspection failed 2026-11-20\""
}
enum Reinstate: DecisionKind {
    static let decision = VendorStatus.Decision.reinstate
    static let reasonRequired = false
    static let example = "taco-admin vendors reinstate taco-loco --note \"re-inspection passed\""
}

extension TacoAdmin.Vendors {
    struct List: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List vendors with their status and whether their permits allow approval.",
            discussion: "Examples:\n  taco-admin vendors list\n  taco-admin vendors list --status applied --format json",
            aliases: ["ls"]
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Option(help: "Only vendors in this status: applied, approved, rejected or suspended.") var status: VendorStatus?

        func run(_ context: CommandContext) throws {
            try context.requireRole(vendorReaders, for: "list vendors")
            context.emit(vendorRecords(try VendorAdminStore(try context.database()).list(status: status)))
        }
    }

    struct Show: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show one vendor with its permits and its decision history.",
            discussion: "Example:\n  taco-admin vendors show taco-loco --format json"
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Argument(help: "The vendor's slug.") var slug: String

        func run(_ context: CommandContext) throws {
            try context.requireRole(vendorReaders, for: "show vendors")
            let store = VendorAdminStore(try context.database())
            let vendor = try store.find(slug)
            let permits = try store.permits(expiringWithin: nil, vendor: slug, today: LocalDate.utc(context.now))
            let history = try store.history(vendor.id)
            let table = context.renderer.format == .table || context.renderer.format == .csv
            let permitCell: Cell = table
                ? .text(permits.map { "\($0.kind) \($0.number) until \($0.expiresOn)" }.joined(separator: "; "))
                : .json("[" + permits.map { JSON.object(["kind", "number", "expires_on", "days_left"],
                                                        [.text($0.kind), .text($0.number), .text($0.expiresOn.description), .int($0.daysLeft)]) }
                        .joined(separator: ",") + "]")
            let historyCell: Cell = table
                ? .text(history.map { "\($0.from ?? "-")->\($0.to) by \($0.actor) \(Timestamp.rfc3339($0.at))\($0.reason.map { ": " + $0 } ?? "")" }
                        .joined(separator: "; "))
                : .json("[" + history.map { JSON.object(["from", "to", "actor", "reason", "at"],
                                                        [.optional($0.from), .text($0.to), .text($0.actor), .optional($0.reason), .date($0.at)]) }
                        .joined(separator: ",") + "]")
            let base = vendorRecords([vendor])
            context.emit(object: base.columns + ["phone", "tax_id", "permits", "history"],
                         base.rows[0] + [.optional(vendor.phone), .optional(vendor.taxID), permitCell, historyCell])
        }
    }

    struct Add: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Register a vendor's application (status applied).",
            discussion: """
                Examples:
                  taco-admin vendors add --slug taco-loco --name "Taco Loco Express" --stripe-account acct_1NzX2 --phone "+1 415 555 0100"
                  taco-admin vendors add --slug taco-loco --name "Taco Loco Express" --if-not-exists
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Option(help: "Lower-case words joined by hyphens, e.g. taco-loco; unique and permanent.") var slug: String
        @Option(help: "The business name.") var name: String
        @Option(name: .customLong("stripe-account"), help: "The Stripe Connect account id (acct_…).") var stripeAccount: String?
        @Option(help: "A contact phone number.") var phone: String?
        @Option(name: .customLong("tax-id"), help: "The tax id.") var taxID: String?
        @Flag(name: .customLong("if-not-exists"), help: "Succeed without changes when the slug exists.") var ifNotExists = false

        func run(_ context: CommandContext) throws {
            var problems: [String] = []
            if slug.range(of: "^[a-z0-9]+(-[a-z0-9]+)*$", options: .regularExpression) == nil || slug.count > 63 {
                problems.append("--slug \"\(slug)\": use lower-case letters and digits in words joined by single hyphens (at most 63)")
            }
            if name.trimmingCharacters(in: .whitespaces).isEmpty { problems.append("--name must not be empty") }
            if let stripeAccount, stripeAccount.range(of: "^acct_[A-Za-z0-9]{6,}$", options: .regularExpression) == nil {
                problems.append("--stripe-account \"\(stripeAccount)\": expected acct_ followed by letters and digits")
            }
            if !problems.isEmpty { throw ToolError.usage(problems.joined(separator: "; ")) }
            try context.requireRole(vendorDeciders, for: "add vendors")
            let result = try VendorAdminStore(try context.database()).add(slug: slug, name: name, stripeAccount: stripeAccount,
                                                                          phone: phone, taxID: taxID, ifNotExists: ifNotExists)
            context.emit(vendorRecords([result.vendor]))
            context.summary(result.created ? "1 added" : "0 changed (vendor \"\(slug)\" exists)")
        }
    }

    struct Decide<Kind: DecisionKind>: DatabaseCommand {
        static var configuration: CommandConfiguration {
            let decision = Kind.decision
            return CommandConfiguration(
                commandName: decision.rawValue,
                abstract: "\(decision.rawValue.capitalized) a vendor (\(decision.source.rawValue) -> \(decision.target.rawValue)).",
                discussion: (decision.target == .approved
                    ? "Refused while a business licence, health permit or insurance is missing or expired.\n\n" : "")
                    + "Records who, when and why. Deciding again once done is refused naming the current state.\n\nExample:\n  \(Kind.example)"
            )
        }
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Argument(help: "The vendor's slug.") var slug: String
        @Option(name: [.customLong("reason"), .customLong("note")], help: "Why (required for reject and suspend).") var reason: String?

        func validate() throws {
            if Kind.reasonRequired, reason?.trimmingCharacters(in: .whitespaces).isEmpty ?? true {
                throw ValidationError("\(Kind.decision.rawValue) needs --reason TEXT")
            }
        }

        func run(_ context: CommandContext) throws {
            try context.requireRole(vendorDeciders, for: "decide on vendors")
            let vendor = try VendorAdminStore(try context.database()).decide(slug, Kind.decision, reason: reason)
            context.emit(vendorRecords([vendor]))
            context.summary("vendor \"\(slug)\" is \(vendor.status)")
        }
    }

    struct Permits: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "permits",
            abstract: "List vendors' permits, e.g. those about to lapse.",
            discussion: """
                Without --expiring-within every permit is listed; with it, those expiring within the span from today \
                (UTC) and those already expired (negative days_left).

                Examples:
                  taco-admin vendors permits --expiring-within 30d
                  taco-admin vendors permits --vendor taco-loco --format csv
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Option(name: .customLong("expiring-within"), help: "A span such as 30d or 2w.") var expiringWithin: RelativeSpan?
        @Option(name: .customLong("vendor"), help: ArgumentHelp("Only this vendor's permits.", valueName: "slug")) var vendor: String?

        func run(_ context: CommandContext) throws {
            try context.requireRole(vendorReaders, for: "list permits")
            let store = VendorAdminStore(try context.database())
            if let vendor { _ = try store.find(vendor) }
            var set = RecordSet(columns: ["vendor", "kind", "number", "expires_on", "days_left", "state"])
            for permit in try store.permits(expiringWithin: expiringWithin?.days, vendor: vendor, today: LocalDate.utc(context.now)) {
                set.append([.text(permit.vendorSlug), .text(permit.kind), .text(permit.number), .text(permit.expiresOn.description),
                            .int(permit.daysLeft), .text(permit.daysLeft < 0 ? "expired" : (permit.daysLeft <= 30 ? "expiring" : "valid"))])
            }
            context.emit(set)
        }
    }
}

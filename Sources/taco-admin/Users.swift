import ArgumentParser
import Foundation
import TacoKit

private let userReaders = ["taco_sysadmin", "taco_food_services", "taco_reporting"]
private let userWriters = ["taco_sysadmin"]

extension TacoAdmin {
    struct Users: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "users",
            abstract: "Employees: list and inspect; add, correct, deactivate and reactivate by hand (IT).",
            discussion: """
                HR sync (taco-jobs hr-sync) maintains employees. A hand edit marks the user (manual_edit_at/by) and is \
                audited; a user added by hand has source "manual". The next HR sync that changes a user overwrites \
                hand edits of the fields HR owns. USER is an e-mail, an employee id or a worker id.
                """,
            subcommands: [List.self, Show.self, Add.self, Update.self, Deactivate.self, Reactivate.self]
        )
    }
}

private func userRecords(_ users: [UserRecord]) -> RecordSet {
    var set = RecordSet(columns: ["employee_id", "worker_id", "email", "given_name", "family_name", "campus", "department",
                                  "meal_subsidy_cents", "subsidy_period", "active", "hr_status", "source", "manual_edit_at", "manual_edit_by"])
    for user in users {
        set.append([.text(user.employeeID), .text(user.workerID), .text(user.email), .text(user.givenName), .text(user.familyName),
                    .optional(user.campus), .optional(user.department), .int(user.mealSubsidyCents), .text(user.subsidyPeriod),
                    .bool(user.active), .text(user.hrStatus), .text(user.source), .optional(user.manualEditAt), .optional(user.manualEditBy)])
    }
    return set
}

/// The editable fields, shared by add and update.
struct UserFieldOptions: ParsableArguments {
    @Option(help: "Work e-mail (unique).") var email: String?
    @Option(name: .customLong("given-name"), help: "Given name.") var givenName: String?
    @Option(name: .customLong("family-name"), help: "Family name.") var familyName: String?
    @Option(name: .customLong("preferred-name"), help: "Preferred name.") var preferredName: String?
    @Option(name: .customLong("okta-id"), help: "The Okta user id (the JWT subject).") var oktaID: String?
    @Option(help: "Campus code.") var campus: String?
    @Option(help: "Department code.") var department: String?
    @Option(name: .customLong("meal-subsidy"), help: "Meal subsidy as a decimal amount, e.g. 10.00.") var mealSubsidy: String?
    @Option(name: .customLong("subsidy-period"), help: "per-day or per-meal.") var subsidyPeriod: String?

    func fields() throws -> UserFields {
        var fields = UserFields()
        var problems: [String] = []
        if let email {
            if email.range(of: "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", options: .regularExpression) == nil { problems.append("--email \"\(email)\" is not an e-mail address") }
            fields.email = email
        }
        for (flag, value) in [("--given-name", givenName), ("--family-name", familyName)] where value?.trimmingCharacters(in: .whitespaces).isEmpty == true {
            problems.append("\(flag) must not be empty")
        }
        fields.givenName = givenName
        fields.familyName = familyName
        fields.preferredName = preferredName
        fields.oktaID = oktaID
        fields.campus = campus
        fields.department = department
        if let mealSubsidy {
            if let cents = Money.cents(mealSubsidy), cents <= 100_00 { fields.mealSubsidyCents = cents }
            else { problems.append("--meal-subsidy \"\(mealSubsidy)\": expected an amount from 0.00 to 100.00 with at most 2 decimals") }
        }
        if let subsidyPeriod {
            if ["per-day", "per-meal"].contains(subsidyPeriod) { fields.subsidyPeriod = subsidyPeriod }
            else { problems.append("--subsidy-period \"\(subsidyPeriod)\": expected per-day or per-meal") }
        }
        if !problems.isEmpty { throw ToolError.usage(problems.joined(separator: "; ")) }
        return fields
    }
}

extension TacoAdmin.Users {
    struct List: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List employees.",
            discussion: "Examples:\n  taco-admin users list --campus SFO-HQ --active\n  taco-admin users list --search obrien --format json",
            aliases: ["ls"]
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Option(help: "Only this campus.") var campus: String?
        @Flag(inversion: .prefixedNo, help: "Only active (--active) or only inactive (--no-active) users.") var active: Bool?
        @Option(help: "Match names, e-mail (substring) or ids (exact).") var search: String?
        @Option(help: "At most this many rows.") var limit: Int = 1000

        func run(_ context: CommandContext) throws {
            guard (1...100_000).contains(limit) else { throw ToolError.usage("--limit must be between 1 and 100000") }
            try context.requireRole(userReaders, for: "list users")
            context.emit(userRecords(try UserStore(try context.database()).list(campus: campus, active: active, search: search, limit: limit)))
        }
    }

    struct Show: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show one employee.",
            discussion: "Example:\n  taco-admin users show zoe.obrien@globex.example --format json"
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Argument(help: "E-mail, employee id or worker id.") var user: String

        func run(_ context: CommandContext) throws {
            try context.requireRole(userReaders, for: "show users")
            let set = userRecords([try UserStore(try context.database()).find(user)])
            context.emit(object: set.columns, set.rows[0])
        }
    }

    struct Add: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add an employee by hand (source manual).",
            discussion: """
                Examples:
                  taco-admin users add --employee-id C0000042 --email pat.lee@globex.example --given-name Pat --family-name Lee \\
                      --campus SFO-HQ --meal-subsidy 10.00
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Option(name: .customLong("employee-id"), help: "The employee id (unique).") var employeeID: String
        @Option(name: .customLong("worker-id"), help: "The HR worker id (immutable; default manual:<employee id>).") var workerID: String?
        @OptionGroup(title: "Employee") var fields: UserFieldOptions

        func run(_ context: CommandContext) throws {
            let values = try fields.fields()
            try context.requireRole(userWriters, for: "add users")
            let user = try UserStore(try context.database()).add(employeeID: employeeID, workerID: workerID, fields: values)
            context.emit(userRecords([user]))
            context.summary("1 added")
        }
    }

    struct Update: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "update",
            abstract: "Correct an employee by hand (marked and audited).",
            discussion: "Examples:\n  taco-admin users update C0000042 --campus AUS\n  taco-admin users update pat.lee@globex.example --meal-subsidy 12.50"
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Argument(help: "E-mail, employee id or worker id.") var user: String
        @OptionGroup(title: "Employee") var fields: UserFieldOptions

        func run(_ context: CommandContext) throws {
            let values = try fields.fields()
            guard values.email != nil || values.givenName != nil || values.familyName != nil || values.preferredName != nil
                    || values.oktaID != nil || values.campus != nil || values.department != nil || values.mealSubsidyCents != nil
                    || values.subsidyPeriod != nil else {
                throw ToolError.usage("nothing to change")
            }
            try context.requireRole(userWriters, for: "update users")
            let result = try UserStore(try context.database()).update(user, fields: values)
            context.emit(userRecords([result.user]))
            context.summary(result.changed ? "1 changed" : "0 changed")
        }
    }

    struct Deactivate: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "deactivate",
            abstract: "Deactivate an employee by hand (they can no longer order). Never deletes.",
            discussion: "Example:\n  taco-admin users deactivate pat.lee@globex.example"
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Argument(help: "E-mail, employee id or worker id.") var user: String

        func run(_ context: CommandContext) throws {
            try context.requireRole(userWriters, for: "deactivate users")
            let result = try UserStore(try context.database()).setActive(user, active: false)
            context.emit(userRecords([result.user]))
            context.summary(result.changed ? "1 changed" : "0 changed")
        }
    }

    struct Reactivate: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "reactivate",
            abstract: "Reactivate an employee by hand (not one HR has terminated).",
            discussion: "Example:\n  taco-admin users reactivate pat.lee@globex.example"
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Argument(help: "E-mail, employee id or worker id.") var user: String

        func run(_ context: CommandContext) throws {
            try context.requireRole(userWriters, for: "reactivate users")
            let result = try UserStore(try context.database()).setActive(user, active: true)
            context.emit(userRecords([result.user]))
            context.summary(result.changed ? "1 changed" : "0 changed")
        }
    }
}

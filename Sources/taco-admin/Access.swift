import ArgumentParser
import Foundation
import TacoKit

extension AccessRole: ExpressibleByArgument {}

extension TacoAdmin {
    struct Access: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "access",
            abstract: "Provision people's PostgreSQL logins and their TacoTracker roles (IT sysadmins).",
            subcommands: [Grant.self, Revoke.self, List.self]
        )
    }
}

extension TacoAdmin.Access {
    struct Grant: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "grant",
            abstract: "Create or update a LOGIN role in one TacoTracker role, mapped to a vendor for vendor roles.",
            discussion: """
                Roles: sysadmin, food-services, vendor-admin, vendor-staff (both need --vendor), jobs, reporting. A login \
                is in exactly one role: granting another moves it. Idempotent: the same grant again is "0 changed". \
                Never takes a password on the command line: --password-stdin reads it (at least 12 characters) from \
                standard input and sends only its SCRAM-SHA-256 verifier; --no-password removes it (socket/peer or \
                certificate logins). Only taco_sysadmin logins may grant; only TacoTracker logins can be managed \
                (never a superuser, the owner, or a role with CREATEROLE/BYPASSRLS). Every change is audited.

                Examples:
                  taco-admin access grant --login maria --role food-services --password-stdin < maria.pw
                  taco-admin access grant --login tl_kitchen --role vendor-staff --vendor taco-loco --no-password
                  printf '%s' "$PW" | taco-admin access grant --login etl --role reporting --password-stdin
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Option(help: "The PostgreSQL login name (lower case).") var login: String
        @Option(help: "sysadmin, food-services, vendor-admin, vendor-staff, jobs or reporting.") var role: AccessRole
        @Option(name: .customLong("vendor"), help: ArgumentHelp("The vendor for vendor-admin and vendor-staff.", valueName: "slug"))
        var vendor: String?
        @Flag(name: .customLong("password-stdin"), help: "Read the new password from standard input.") var passwordStdin = false
        @Flag(name: .customLong("no-password"), help: "Remove the login's password.") var noPassword = false

        func validate() throws {
            if passwordStdin && noPassword { throw ValidationError("--password-stdin and --no-password exclude each other") }
        }

        func run(_ context: CommandContext) throws {
            var change = AccessStore.PasswordChange.keep
            if passwordStdin {
                let data = (try? FileHandle.standardInput.readToEnd()) ?? Data()
                guard var text = String(data: data, encoding: .utf8) else {
                    throw ToolError.data("the password on standard input is not UTF-8 text")
                }
                if text.hasSuffix("\n") { text.removeLast() }
                if text.hasSuffix("\r") { text.removeLast() }
                guard !text.isEmpty else { throw ToolError.usage("--password-stdin read an empty password") }
                change = .set(text)
            } else if noPassword {
                change = .remove
            }
            let outcome = try AccessStore(try context.database()).grant(login: login, role: role, vendor: vendor, password: change)
            context.emit(object: ["login", "role", "vendor", "outcome"], [.text(login), .text(role.rawValue), .optional(vendor), .text(outcome)])
            context.summary(outcome == "unchanged" ? "0 changed" : "1 \(outcome)")
        }
    }

    struct Revoke: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke",
            abstract: "Take a login's access away: out of its role, unmapped from its vendor, no longer able to log in.",
            discussion: """
                The role itself is kept (order events and audit rows name it), so revoking again is "0 changed" and \
                a later grant restores it. You cannot revoke your own login.

                Example:
                  taco-admin access revoke --login maria
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Option(help: "The PostgreSQL login name.") var login: String

        func run(_ context: CommandContext) throws {
            let outcome = try AccessStore(try context.database()).revoke(login: login)
            context.emit(object: ["login", "outcome"], [.text(login), .text(outcome)])
            context.summary(outcome == "unchanged" ? "0 changed" : "1 revoked")
        }
    }

    struct List: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List TacoTracker logins with their role and vendor.",
            discussion: "Examples:\n  taco-admin access list\n  taco-admin access list --format csv",
            aliases: ["ls"]
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions

        func run(_ context: CommandContext) throws {
            var set = RecordSet(columns: ["login", "role", "vendor", "can_login"])
            for entry in try AccessStore(try context.database()).list() {
                set.append([.text(entry.login), .optional(entry.role?.rawValue), .optional(entry.vendor), .bool(entry.canLogin)])
            }
            context.emit(set)
        }
    }
}

import ArgumentParser
import Foundation
import TacoIntegrations
import TacoKit

private let idpReaders = ["taco_sysadmin", "taco_food_services", "taco_jobs"]
private let idpWriters = ["taco_sysadmin"]

/// Certificates that expire within this window get a warning.
private let expiryWarningWindow: TimeInterval = 30 * 86_400

extension TacoAdmin {
    struct Sso: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sso",
            abstract: "Single sign-on: pin SAML identity providers and their signing certificates.",
            subcommands: [Idp.self]
        )
    }
}

extension TacoAdmin.Sso {
    struct Idp: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "idp",
            abstract: "Add, list and remove pinned SAML 2.0 identity providers.",
            subcommands: [Add.self, List.self, Remove.self]
        )
    }
}

private func idpRecords(_ providers: [IdentityProviderRecord], now: Date) -> (set: RecordSet, warnings: [String]) {
    var set = RecordSet(columns: ["entity_id", "subject", "sha256_fingerprint", "key", "not_after", "warning", "sso_url"])
    var warnings: [String] = []
    for provider in providers {
        for certificate in provider.certificates {
            var warning: String?
            if certificate.notAfter <= now {
                warning = "expired"
            } else if certificate.expires(within: expiryWarningWindow, of: now) {
                let days = Int(certificate.notAfter.timeIntervalSince(now) / 86_400)
                warning = "expires in \(days) day\(days == 1 ? "" : "s")"
            }
            if let warning {
                warnings.append("identity provider \"\(provider.entityID)\": certificate \(certificate.subject) (\(certificate.sha256Fingerprint.prefix(23))…) \(warning) (\(Timestamp.rfc3339(certificate.notAfter)))")
            }
            set.append([.text(provider.entityID), .text(certificate.subject), .text(certificate.sha256Fingerprint),
                        .text(certificate.keyDescription), .date(certificate.notAfter), .optional(warning), .optional(provider.ssoURL)])
        }
    }
    return (set, warnings)
}

extension TacoAdmin.Sso.Idp {
    struct Add: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Pin an identity provider's entity ID and signing certificates from its SAML 2.0 metadata.",
            discussion: """
                Reads an md:EntityDescriptor (or an EntitiesDescriptor holding one identity provider) from a file, - \
                (stdin) or an http(s) URL (fetched with a 15 s timeout, at most 1 MiB), with the same hostile-XML \
                refusals as SAML responses. Pins the certificates of KeyDescriptors with use="signing" or without use. \
                The metadata's own signature is not checked: compare the printed SHA-256 fingerprints with the ones the \
                identity provider shows before relying on them. Adding the same metadata again is "0 changed"; \
                different certificates for a pinned entity ID (a key rotation) need --replace. Sysadmins only; audited.

                Examples:
                  taco-admin sso idp add --metadata okta-metadata.xml
                  taco-admin sso idp add --metadata https://globex.okta.com/app/exk1/sso/saml/metadata
                  taco-admin sso idp add --metadata new-metadata.xml --replace
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Option(help: ArgumentHelp("SAML 2.0 metadata: a file, - for stdin, or an http(s) URL.", valueName: "file|url"))
        var metadata: String
        @Flag(help: "Replace the pinned certificates of an already registered entity ID (key rotation).")
        var replace = false

        func run(_ context: CommandContext) throws {
            try context.requireRole(idpWriters, for: "add identity providers")
            let source = metadata == "-" ? "stdin" : metadata
            let parsed = try SAMLMetadata(data: try SAMLMetadata.load(metadata), source: source, now: context.now)
            let change = try IdentityProviderStore(try context.database()).add(parsed, source: source, replace: replace)
            let rendered = idpRecords([change.record], now: context.now)
            context.emit(rendered.set)
            for warning in rendered.warnings { context.logger.warning("\(warning)") }
            if change.created {
                context.summary("1 added (\(change.certificatesAdded) certificate\(change.certificatesAdded == 1 ? "" : "s") pinned)")
            } else if change.changed {
                context.summary("1 changed (\(change.certificatesAdded) certificate(s) added, \(change.certificatesRemoved) removed)")
            } else {
                context.summary("0 changed")
            }
        }
    }

    struct List: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List pinned identity providers, one row per signing certificate, with expiry warnings.",
            discussion: """
                The warning column says "expired" or "expires in N days" for certificates within 30 days of their \
                end of validity; each such certificate also gets a warning line on stderr (cron mails it).

                Examples:
                  taco-admin sso idp list
                  taco-admin sso idp list --format json
                """,
            aliases: ["ls"]
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions

        func run(_ context: CommandContext) throws {
            try context.requireRole(idpReaders, for: "list identity providers")
            let rendered = idpRecords(try IdentityProviderStore(try context.database()).list(), now: context.now)
            context.emit(rendered.set)
            for warning in rendered.warnings { context.logger.warning("\(warning)") }
        }
    }

    struct Remove: DatabaseCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Remove a pinned identity provider (its responses stop verifying).",
            discussion: """
                Destructive: asks on a TTY, needs --yes in scripts. Sysadmins only; audited.

                Example:
                  taco-admin sso idp remove http://www.okta.com/exk659aytfMeNI49v0h7 --yes
                """,
            aliases: ["rm"]
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @OptionGroup(title: "Safety") var safety: SafetyOptions
        @Argument(help: "The identity provider's entity ID.") var entityID: String

        func run(_ context: CommandContext) throws {
            try context.requireRole(idpWriters, for: "remove identity providers")
            let store = IdentityProviderStore(try context.database())
            let provider = try store.find(entityID)
            if safety.dryRun {
                context.summary("dry run: 1 would be removed (\(provider.certificates.count) pinned certificate(s))")
                return
            }
            try context.confirm("remove identity provider \"\(provider.entityID)\" and its \(provider.certificates.count) pinned certificate(s)",
                                yes: safety.yes)
            context.summary(try store.remove(entityID) ? "1 removed" : "0 removed")
        }
    }
}

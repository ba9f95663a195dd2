import ArgumentParser
import Foundation
import TacoIntegrations
import TacoKit

extension TacoJobs {
    struct Saml: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "saml",
            abstract: "Verify SAML 2.0 responses against pinned identity-provider certificates.",
            subcommands: [Verify.self]
        )
    }
}

extension TacoJobs.Saml {
    struct Verify: TacoCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Verify a SAML 2.0 Response (raw XML or base64) and print the asserted identity.",
            discussion: """
                Exit 0 and the verified NameID, issuer, session index and attributes when the response is valid; exit \
                65 with the reason when it is not. The certificate is pinned: --idp-cert PEM (one or more certificates, \
                each is tried), or --idp ENTITY_ID to use the certificates registered with `taco-admin sso idp add` \
                (only then is the database used; the entity ID is then also the required issuer). A certificate inside \
                the response is never used.

                Rules: exactly one Assertion (EncryptedAssertion is refused), directly in the Response; a signature on \
                the Response and/or the Assertion whose only Reference is "#" + the ID of the element it sits in; no \
                other signatures; no duplicate IDs; RSA-SHA256/384/512 with SHA-256/384/512 digests (RSA-SHA1/SHA-1 only \
                with --allow-sha1); status Success; Destination (when present) and the bearer Recipient equal \
                --destination; every AudienceRestriction lists --audience; Conditions and the bearer confirmation are \
                valid --at the given instant (default: now) with 3 minutes of clock skew. Any DOCTYPE or entity is refused.

                Examples:
                  taco-jobs saml verify response.xml --idp-cert okta.pem --audience https://tacos.globex.example/saml \\
                      --destination https://tacos.globex.example/saml/acs
                  taco-jobs saml verify - --idp http://www.okta.com/exk659aytfMeNI49v0h7 --audience '"123"' --format json < response.b64
                  taco-jobs saml verify old.xml --idp-cert idp.pem --at 2017-08-30T23:14:41Z --allow-sha1
                """
        )
        @OptionGroup(title: "Connection") var connection: ConnectionOptions
        @OptionGroup(title: "Output") var output: OutputOptions
        @Argument(help: ArgumentHelp("The response: a file of raw XML or base64, or - for stdin.", valueName: "file"))
        var file: String
        @OptionGroup(title: "SAML trust") var trust: SAMLTrustOptions

        var connectionOptions: ConnectionOptions? { connection }

        func run(_ context: CommandContext) throws {
            let (certificates, expectations) = try trust.resolve(context)
            // Base64 is a third larger than the XML it carries; the XML itself is limited to 1 MiB after decoding.
            let input = try InputFile.read(file, limit: 3 << 20 / 2).data
            let identity = try SAMLVerifier.verify(input, certificates: certificates, expectations: expectations,
                                                   source: file == "-" ? "stdin" : file)
            let attributes = "{" + identity.attributes.map { attribute in
                JSON.string(attribute.name) + ":[" + attribute.values.map(JSON.string).joined(separator: ",") + "]"
            }.joined(separator: ",") + "}"
            context.emit(object: ["name_id", "name_id_format", "issuer", "session_index", "not_on_or_after", "signed",
                                  "certificate_sha256", "attributes"],
                         [.text(identity.nameID), .optional(identity.nameIDFormat), .text(identity.issuer), .optional(identity.sessionIndex),
                          .optional(identity.notOnOrAfter), .text(identity.signedElements.joined(separator: "+")),
                          .text(identity.certificateFingerprint), .json(attributes)])
            context.summary("valid: \(identity.nameID) (signed: \(identity.signedElements.joined(separator: " and ")))")
        }
    }
}

/// The SAML trust settings `saml verify` and `hr-sync --saml` share: which certificates are pinned and what the
/// response must say (issuer, audience, destination, time).
struct SAMLTrustOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Use the certificates pinned for this registered identity provider (needs the database).", valueName: "entity-id"))
    var idp: String?
    @Option(name: .customLong("idp-cert"), help: ArgumentHelp("A PEM file with the IdP's signing certificate(s).", valueName: "pem"))
    var idpCert: String?
    @Option(help: ArgumentHelp("Require this issuer (default with --idp: its entity ID).", valueName: "entity-id"))
    var issuer: String?
    @Option(help: ArgumentHelp("Our SP entity ID, required in every AudienceRestriction.", valueName: "uri"))
    var audience: String?
    @Option(help: ArgumentHelp("Our ACS URL: the Response's Destination and the bearer Recipient.", valueName: "url"))
    var destination: String?
    @Option(help: ArgumentHelp("Evaluate time conditions at this instant (RFC 3339, a date, or e.g. 2h for 2 hours ago).", valueName: "time"))
    var at: String?
    @Flag(name: .customLong("allow-sha1"), help: "Accept RSA-SHA1 signatures and SHA-1 digests (legacy identity providers).")
    var allowSHA1 = false

    /// The pinned certificates and the expectations; 64 unless exactly one of --idp and --idp-cert is given.
    func resolve(_ context: CommandContext) throws -> ([PinnedCertificate], SAMLExpectations) {
        guard (idp == nil) != (idpCert == nil) else {
            throw ToolError.usage("give exactly one of --idp ENTITY_ID or --idp-cert PEM")
        }
        var instant = context.now
        if let at {
            guard let parsed = DateInput(at, now: context.now) else {
                throw ToolError.usage("--at \"\(at)\": expected RFC 3339 (2026-11-21T12:00:00Z), a date or a span such as 2h")
            }
            instant = parsed.utcInstant
        }
        let certificates: [PinnedCertificate]
        var expectedIssuer = issuer
        if let idpCert {
            certificates = try PinnedCertificate.parsePEM(try InputFile.read(idpCert, limit: 1 << 20).data, source: idpCert)
        } else if let idp {
            let provider = try IdentityProviderStore(try context.database()).find(idp)
            certificates = provider.certificates
            expectedIssuer = expectedIssuer ?? provider.entityID
        } else {
            throw ToolError.usage("give --idp ENTITY_ID or --idp-cert PEM")
        }
        if audience == nil { context.logger.warning("no --audience: the assertion's audience restriction is not checked") }
        if destination == nil { context.logger.warning("no --destination: Destination and Recipient are not checked") }
        return (certificates, SAMLExpectations(issuer: expectedIssuer, audience: audience, destination: destination,
                                               instant: instant, allowSHA1: allowSHA1))
    }
}

import Foundation
import TacoKit

/// SAML 2.0 namespace URIs.
public enum SAMLNamespace {
    public static let protocol_ = "urn:oasis:names:tc:SAML:2.0:protocol"
    public static let assertion = "urn:oasis:names:tc:SAML:2.0:assertion"
    public static let metadata = "urn:oasis:names:tc:SAML:2.0:metadata"
    static let success = "urn:oasis:names:tc:SAML:2.0:status:Success"
    static let bearer = "urn:oasis:names:tc:SAML:2.0:cm:bearer"
}

/// What a SAML response must match besides its signature.
public struct SAMLExpectations: Sendable {
    /// The IdP's entity ID; when set, the assertion's Issuer (and the Response's, if present) must equal it.
    public var issuer: String?
    /// Our SP entity ID; when set, every AudienceRestriction must list it (and there must be one).
    public var audience: String?
    /// Our ACS URL; when set, the Response's Destination (if present) and the bearer Recipient must equal it.
    public var destination: String?
    /// The instant time conditions are evaluated at.
    public var instant: Date
    /// Tolerated clock difference with the IdP, in seconds (default 180: three minutes).
    public var clockSkew: TimeInterval
    /// Accept RSA-SHA1 / SHA-1 (legacy IdPs).
    public var allowSHA1: Bool

    public init(issuer: String? = nil, audience: String? = nil, destination: String? = nil, instant: Date = Date(),
                clockSkew: TimeInterval = SAMLExpectations.defaultClockSkew, allowSHA1: Bool = false) {
        self.issuer = issuer
        self.audience = audience
        self.destination = destination
        self.instant = instant
        self.clockSkew = clockSkew
        self.allowSHA1 = allowSHA1
    }

    /// Three minutes.
    public static let defaultClockSkew: TimeInterval = 180
}

/// One SAML attribute of the verified assertion.
public struct SAMLAttribute: Sendable, Equatable {
    public let name: String
    public let friendlyName: String?
    public let values: [String]
}

/// The identity a verified SAML response asserts; every field comes from the verified assertion.
public struct SAMLIdentity: Sendable, Equatable {
    public let nameID: String
    public let nameIDFormat: String?
    public let sessionIndex: String?
    public let issuer: String
    /// The earliest NotOnOrAfter of the Conditions and the bearer confirmation, when given.
    public let notOnOrAfter: Date?
    public let attributes: [SAMLAttribute]
    /// Which elements carried a verified signature: "Response", "Assertion" or both.
    public let signedElements: [String]
    /// The SHA-256 fingerprint of the pinned certificate that verified it.
    public let certificateFingerprint: String

    /// The values of the attribute named `name` (or with that FriendlyName), empty when absent.
    public func values(_ name: String) -> [String] {
        attributes.filter { $0.name == name || $0.friendlyName == name }.flatMap(\.values)
    }
}

/// Verifies SAML 2.0 Responses (raw XML or base64) with pinned IdP certificates. The rules: exactly one plain
/// Assertion as a direct child of the Response (EncryptedAssertion is refused); a signature on the Response
/// and/or the Assertion, each a direct child of what it signs, whose single Reference is `#` + that element's
/// ID; no other signatures, no duplicate IDs; allow-listed algorithms; Status Success; issuer, audience,
/// destination, bearer recipient and time conditions (with clock skew). Data is read only from the verified
/// assertion (or the assertion inside the verified Response), with comments ignored in text.
public enum SAMLVerifier {
    /// Accepts raw XML, or base64 of it (as posted by the browser in SAMLResponse, line breaks allowed).
    public static func decode(_ input: Data, source: String) throws -> Data {
        var bytes = input[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        while let first = bytes.first, first == 0x20 || first == 0x0A || first == 0x0D || first == 0x09 { bytes = bytes.dropFirst() }
        if bytes.first == UInt8(ascii: "<") { return Data(input) }
        let text = String(decoding: bytes, as: UTF8.self).filter { !$0.isWhitespace }
        guard !text.isEmpty, let decoded = Data(base64Encoded: text), decoded.contains(UInt8(ascii: "<")) else {
            throw XMLRejection(.malformed, "\(source): neither XML nor base64-encoded XML")
        }
        return decoded
    }

    /// Verifies `input` with the first of `certificates` that fits and returns the asserted identity.
    public static func verify(_ input: Data, certificates: [PinnedCertificate], expectations: SAMLExpectations,
                              source: String = "SAML response") throws -> SAMLIdentity {
        let document = try SecureXMLDocument(data: try decode(input, source: source), source: source, limits: .saml)
        let p = SAMLNamespace.protocol_, a = SAMLNamespace.assertion, ds = XMLSignatureAlgorithm.dsigNamespace
        let response = try document.root
        guard response.is(p, "Response") else {
            throw XMLRejection(.content, "\(source): the document is a \(response.qualifiedDescription), expected a SAML 2.0 samlp:Response")
        }
        guard response.attribute("Version") == "2.0" else { throw XMLRejection(.content, "\(source): the Response is not SAML version 2.0") }

        // Structure first, over the whole document: this is where signature-wrapping variants fail.
        let everything = document.allElements()
        if let encrypted = everything.first(where: { $0.is(a, "EncryptedAssertion") || $0.is(a, "EncryptedID") }) {
            throw XMLRejection(.content, "\(source):\(encrypted.line): \(encrypted.localName) is not supported (configure the IdP to send a signed, unencrypted assertion)")
        }
        let assertions = everything.filter { $0.is(a, "Assertion") }
        guard assertions.count == 1, let assertion = assertions.first else {
            throw XMLRejection(.content, "\(source): \(assertions.count) assertions, expected exactly one")
        }
        guard assertion.parent?.node == response.node else {
            throw XMLRejection(.content, "\(source):\(assertion.line): the assertion must be a direct child of the Response")
        }
        let responseSignatures = response.children(ds, "Signature")
        let assertionSignatures = assertion.children(ds, "Signature")
        guard responseSignatures.count <= 1, assertionSignatures.count <= 1 else {
            throw XMLRejection(.signature, "\(source): more than one signature on the same element")
        }
        try XMLSignature.checkNoOtherSignatures(document, allowed: responseSignatures + assertionSignatures)
        try XMLSignature.checkUniqueIDs(document)
        guard !responseSignatures.isEmpty || !assertionSignatures.isEmpty else {
            throw XMLRejection(.signature, "\(source): neither the Response nor the Assertion is signed")
        }

        let policy = XMLSignaturePolicy(allowSHA1: expectations.allowSHA1)
        var signed: [String] = []
        var fingerprint = ""
        do {
            if let signature = responseSignatures.first {
                fingerprint = try XMLSignature.verify(signature: signature, certificates: certificates, policy: policy).certificate.sha256Fingerprint
                signed.append("Response")
            }
            if let signature = assertionSignatures.first {
                fingerprint = try XMLSignature.verify(signature: signature, certificates: certificates, policy: policy).certificate.sha256Fingerprint
                signed.append("Assertion")
            }
        } catch var rejection as XMLRejection {
            rejection.message = "\(source): \(rejection.message)"
            throw rejection
        }
        // From here on `assertion` is verified: it is signed itself, or a direct child of the verified Response.

        func refuse(_ element: SecureXMLElement, _ message: String) -> XMLRejection {
            XMLRejection(.content, "\(source):\(element.line): \(message)")
        }
        let instant = expectations.instant, skew = expectations.clockSkew
        func time(_ element: SecureXMLElement, _ attribute: String) throws -> Date? {
            guard let text = element.attribute(attribute) else { return nil }
            guard text.hasSuffix("Z"), let date = Timestamp.parsePostgres(text) else {
                throw refuse(element, "\(attribute)=\"\(text)\" is not a UTC xs:dateTime")
            }
            return date
        }
        func stamp(_ date: Date) -> String { Timestamp.rfc3339(date) }

        // Status and Destination are on the Response; they are trusted only as far as its signature goes, and
        // checked either way.
        let status = try response.onlyChild(p, "Status")?.onlyChild(p, "StatusCode")?.attribute("Value")
        guard status == SAMLNamespace.success else {
            throw refuse(response, "the Response status is \(status.map { "\"\($0)\"" } ?? "missing"), expected Success")
        }
        if let expected = expectations.destination, let destination = response.attribute("Destination"), destination != expected {
            throw refuse(response, "Destination \"\(destination)\" is not this service provider's ACS URL \"\(expected)\"")
        }

        guard let issuerElement = try assertion.onlyChild(a, "Issuer") else { throw refuse(assertion, "the assertion has no Issuer") }
        let issuer = try issuerElement.trimmedText()
        if let expected = expectations.issuer {
            guard issuer == expected else { throw refuse(issuerElement, "issuer \"\(issuer)\" is not the expected identity provider \"\(expected)\"") }
            if let responseIssuer = try response.onlyChild(a, "Issuer"), try responseIssuer.trimmedText() != expected {
                throw refuse(responseIssuer, "the Response issuer is not the expected identity provider \"\(expected)\"")
            }
        }

        guard let subject = try assertion.onlyChild(a, "Subject"), let nameIDElement = try subject.onlyChild(a, "NameID") else {
            throw refuse(assertion, "the assertion has no Subject/NameID")
        }
        let nameID = try nameIDElement.trimmedText()
        guard !nameID.isEmpty else { throw refuse(nameIDElement, "the NameID is empty") }

        var notOnOrAfter: [Date] = []
        let bearers = subject.children(a, "SubjectConfirmation").filter { $0.attribute("Method") == SAMLNamespace.bearer }
        guard !bearers.isEmpty else { throw refuse(subject, "no bearer SubjectConfirmation") }
        var confirmationProblem: XMLRejection?
        var confirmed = false
        for bearer in bearers {
            guard let data = try bearer.onlyChild(a, "SubjectConfirmationData") else {
                confirmationProblem = refuse(bearer, "the bearer confirmation has no SubjectConfirmationData")
                continue
            }
            if let expected = expectations.destination, data.attribute("Recipient") != expected {
                confirmationProblem = refuse(data, "Recipient \(data.attribute("Recipient").map { "\"\($0)\"" } ?? "missing") is not this service provider's ACS URL \"\(expected)\"")
                continue
            }
            guard let until = try time(data, "NotOnOrAfter") else {
                confirmationProblem = refuse(data, "the bearer confirmation has no NotOnOrAfter")
                continue
            }
            guard instant < until.addingTimeInterval(skew) else {
                confirmationProblem = refuse(data, "the bearer confirmation expired at \(stamp(until)) (evaluated at \(stamp(instant)), \(Int(skew)) s skew)")
                continue
            }
            if let from = try time(data, "NotBefore"), instant < from.addingTimeInterval(-skew) {
                confirmationProblem = refuse(data, "the bearer confirmation is not valid before \(stamp(from))")
                continue
            }
            notOnOrAfter.append(until)
            confirmed = true
            break
        }
        if !confirmed, let confirmationProblem { throw confirmationProblem }

        guard let conditions = try assertion.onlyChild(a, "Conditions") else { throw refuse(assertion, "the assertion has no Conditions") }
        if let from = try time(conditions, "NotBefore"), instant < from.addingTimeInterval(-skew) {
            throw refuse(conditions, "the assertion is not valid before \(stamp(from)) (evaluated at \(stamp(instant)), \(Int(skew)) s skew)")
        }
        if let until = try time(conditions, "NotOnOrAfter") {
            guard instant < until.addingTimeInterval(skew) else {
                throw refuse(conditions, "the assertion expired at \(stamp(until)) (evaluated at \(stamp(instant)), \(Int(skew)) s skew)")
            }
            notOnOrAfter.append(until)
        }
        let restrictions = conditions.children(a, "AudienceRestriction")
        if let audience = expectations.audience {
            guard !restrictions.isEmpty else { throw refuse(conditions, "the assertion has no AudienceRestriction for \"\(audience)\"") }
            for restriction in restrictions {
                let audiences = try restriction.children(a, "Audience").map { try $0.trimmedText() }
                guard audiences.contains(audience) else {
                    throw refuse(restriction, "the audience \(audiences) does not include this service provider \"\(audience)\"")
                }
            }
        }

        let sessionIndexes = assertion.children(a, "AuthnStatement").compactMap { $0.attribute("SessionIndex") }
        var attributes: [SAMLAttribute] = []
        for statement in assertion.children(a, "AttributeStatement") {
            for attribute in statement.children(a, "Attribute") {
                guard let name = attribute.attribute("Name") else { throw refuse(attribute, "an Attribute without a Name") }
                attributes.append(SAMLAttribute(name: name, friendlyName: attribute.attribute("FriendlyName"),
                                                values: try attribute.children(a, "AttributeValue").map { try $0.text() }))
            }
        }
        return SAMLIdentity(nameID: nameID, nameIDFormat: nameIDElement.attribute("Format"), sessionIndex: sessionIndexes.first,
                            issuer: issuer, notOnOrAfter: notOnOrAfter.min(), attributes: attributes, signedElements: signed,
                            certificateFingerprint: fingerprint)
    }
}

/// Which SAML attribute names carry an employee's fields (configurable per IdP; the defaults cover Okta, Entra ID,
/// OneLogin and the LDAP/eduPerson OIDs).
public struct SAMLAttributeMapping: Sendable {
    public var email: [String]
    public var givenName: [String]
    public var familyName: [String]
    public var employeeID: [String]

    public init(email: [String] = SAMLAttributeMapping.defaultEmail, givenName: [String] = SAMLAttributeMapping.defaultGivenName,
                familyName: [String] = SAMLAttributeMapping.defaultFamilyName,
                employeeID: [String] = SAMLAttributeMapping.defaultEmployeeID) {
        self.email = email
        self.givenName = givenName
        self.familyName = familyName
        self.employeeID = employeeID
    }

    public static let defaultEmail = ["email", "mail", "emailAddress", "User.email", "urn:oid:0.9.2342.19200300.100.1.3",
                                      "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"]
    public static let defaultGivenName = ["givenName", "firstName", "User.FirstName", "urn:oid:2.5.4.42",
                                          "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname"]
    public static let defaultFamilyName = ["sn", "surname", "lastName", "User.LastName", "urn:oid:2.5.4.4",
                                           "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname"]
    public static let defaultEmployeeID = ["employeeNumber", "employeeId", "employeeID", "urn:oid:2.16.840.1.113730.3.1.3",
                                           "http://schemas.microsoft.com/ws/2008/06/identity/claims/employeeid"]
}

/// The employee fields a verified assertion carries, for a just-in-time create/update (never a deactivation).
public struct SAMLEmployeeAttributes: Sendable, Equatable {
    /// The NameID: matched against users.okta_id (the HR feed's SsoSubject) or the e-mail, per the IdP's format.
    public let nameID: String
    public let nameIDFormat: String?
    public let issuer: String
    public let email: String?
    public let givenName: String?
    public let familyName: String?
    public let employeeID: String?
}

extension SAMLIdentity {
    /// The employee fields, by `mapping`'s attribute names (first name that is present wins). An emailAddress
    /// NameID doubles as the e-mail when no e-mail attribute is sent. Several different values for one field are refused.
    public func employeeAttributes(_ mapping: SAMLAttributeMapping = SAMLAttributeMapping()) throws -> SAMLEmployeeAttributes {
        func single(_ names: [String], _ field: String) throws -> String? {
            for name in names {
                let values = Set(self.values(name).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty })
                if values.count > 1 { throw XMLRejection(.content, "attribute \"\(name)\" (\(field)) has \(values.count) different values") }
                if let value = values.first { return value }
            }
            return nil
        }
        var email = try single(mapping.email, "email")
        if email == nil, nameIDFormat == "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress" { email = nameID }
        return SAMLEmployeeAttributes(nameID: nameID, nameIDFormat: nameIDFormat, issuer: issuer, email: email,
                                      givenName: try single(mapping.givenName, "given name"),
                                      familyName: try single(mapping.familyName, "family name"),
                                      employeeID: try single(mapping.employeeID, "employee id"))
    }
}

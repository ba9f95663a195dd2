import Foundation
import TacoKit

/// Test-only RSA keys and self-signed certificates, made with the `openssl` CLI when first needed (nothing
/// secret is committed). `idp` signs the test SAML responses and HR exports; `attacker` is any other key.
public struct SAMLTestKey: Sendable {
    public let privateKeyPEM: Data
    public let certificatePEM: Data
    /// A directory holding `key.pem` and `cert.pem`, for end-to-end tests that pass file names.
    public let directory: URL

    public static let idp = Result { try SAMLTestKey.make(name: "idp", days: 365) }
    public static let attacker = Result { try SAMLTestKey.make(name: "attacker", days: 365) }
    /// A certificate that expires within 10 days (for the near-expiry warning).
    public static let expiringSoon = Result { try SAMLTestKey.make(name: "expiring", days: 10) }

    public struct OpenSSLFailed: Error, CustomStringConvertible {
        public let description: String
    }

    static func make(name: String, days: Int) throws -> SAMLTestKey {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("taco-saml-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let key = directory.appendingPathComponent("key.pem"), cert = directory.appendingPathComponent("cert.pem")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-keyout", key.path,
                             "-out", cert.path, "-days", String(days), "-subj", "/CN=TacoTracker test \(name)/O=Test only"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw OpenSSLFailed(description: "openssl req failed: \(String(decoding: message, as: UTF8.self))")
        }
        return SAMLTestKey(privateKeyPEM: try Data(contentsOf: key), certificatePEM: try Data(contentsOf: cert), directory: directory)
    }

    /// The certificate file.
    public var certificateFile: URL { directory.appendingPathComponent("cert.pem") }

    /// The certificate as a pinned certificate.
    public func pinned() throws -> [PinnedCertificate] { try PinnedCertificate.parsePEM(certificatePEM, source: "test certificate") }

    /// The certificate's base64 DER body (as in SAML metadata).
    public var certificateBase64: String {
        String(decoding: certificatePEM, as: UTF8.self).split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
    }
}

/// A SAML 2.0 Response with one assertion, built for tests; sign it with `XMLSignatureSigner`.
public enum SAMLTestResponse {
    public static let responseID = "_resp-4f1c2a"
    public static let assertionID = "_assert-9b7e3d"
    public static let issuer = "https://idp.test.example/entity"
    public static let audience = "https://tacotracker.test.example/saml/metadata"
    public static let destination = "https://tacotracker.test.example/saml/acs"
    /// The instant the conditions below are valid at.
    public static let instant = Date(timeIntervalSince1970: 1_795_000_000)

    /// The XML; `nameID` is inserted verbatim (it may hold markup such as a comment), `extra` goes after the
    /// assertion inside the Response.
    public static func xml(nameID: String = "alice@globex.example", extraInResponse: String = "",
                           issuedAt: Date = instant, audience: String = audience) -> String {
        let now = Timestamp.rfc3339(issuedAt)
        let before = Timestamp.rfc3339(issuedAt.addingTimeInterval(-300))
        let after = Timestamp.rfc3339(issuedAt.addingTimeInterval(300))
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="\(responseID)" Version="2.0" IssueInstant="\(now)" Destination="\(destination)">
              <saml:Issuer>\(issuer)</saml:Issuer>
              <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>
              <saml:Assertion ID="\(assertionID)" Version="2.0" IssueInstant="\(now)">
                <saml:Issuer>\(issuer)</saml:Issuer>
                <saml:Subject>
                  <saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">\(nameID)</saml:NameID>
                  <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
                    <saml:SubjectConfirmationData NotOnOrAfter="\(after)" Recipient="\(destination)"/>
                  </saml:SubjectConfirmation>
                </saml:Subject>
                <saml:Conditions NotBefore="\(before)" NotOnOrAfter="\(after)">
                  <saml:AudienceRestriction><saml:Audience>\(audience)</saml:Audience></saml:AudienceRestriction>
                </saml:Conditions>
                <saml:AuthnStatement AuthnInstant="\(now)" SessionIndex="_session-77"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>
                <saml:AttributeStatement>
                  <saml:Attribute Name="email"><saml:AttributeValue>alice@globex.example</saml:AttributeValue></saml:Attribute>
                  <saml:Attribute Name="givenName"><saml:AttributeValue>Alice</saml:AttributeValue></saml:Attribute>
                  <saml:Attribute Name="sn"><saml:AttributeValue>Núñez &amp; Co</saml:AttributeValue></saml:Attribute>
                  <saml:Attribute Name="employeeNumber"><saml:AttributeValue>E0110000</saml:AttributeValue></saml:Attribute>
                  <saml:Attribute Name="groups"><saml:AttributeValue>eng</saml:AttributeValue><saml:AttributeValue>tacos</saml:AttributeValue></saml:Attribute>
                </saml:AttributeStatement>
              </saml:Assertion>\(extraInResponse)
            </samlp:Response>
            """
    }

    /// Signs the assertion (and the Response too with `signResponse`) with `key`.
    public static func signed(_ xml: String = xml(), key: SAMLTestKey, signAssertion: Bool = true, signResponse: Bool = false,
                              signatureMethod: String = XMLSignatureAlgorithm.rsaSHA256,
                              digestMethod: String = XMLSignatureAlgorithm.sha256) throws -> Data {
        var data = Data(xml.utf8)
        if signAssertion {
            data = try XMLSignatureSigner.signEnveloped(documentData: data, privateKeyPEM: key.privateKeyPEM, certificatePEM: key.certificatePEM,
                                                        elementID: assertionID, signatureMethod: signatureMethod,
                                                        digestMethod: digestMethod, limits: .saml)
        }
        if signResponse {
            data = try XMLSignatureSigner.signEnveloped(documentData: data, privateKeyPEM: key.privateKeyPEM, certificatePEM: key.certificatePEM,
                                                        elementID: responseID, signatureMethod: signatureMethod,
                                                        digestMethod: digestMethod, limits: .saml)
        }
        return data
    }

    /// What a service provider configured for these responses expects.
    public static func expectations(instant: Date = instant, allowSHA1: Bool = false) -> SAMLExpectations {
        SAMLExpectations(issuer: issuer, audience: audience, destination: destination, instant: instant, allowSHA1: allowSHA1)
    }
}

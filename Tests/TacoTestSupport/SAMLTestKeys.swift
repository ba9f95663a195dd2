import Foundation
import TacoIntegrations
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

/// SAML 2.0 IdP metadata built for tests.
public enum SAMLTestMetadata {
    public static func xml(entityID: String = SAMLTestResponse.issuer, signing: [SAMLTestKey], unspecifiedUse: [SAMLTestKey] = [],
                           encryption: [SAMLTestKey] = [], validUntil: String? = nil) -> String {
        func descriptor(_ key: SAMLTestKey, use: String?) -> String {
            "<md:KeyDescriptor\(use.map { " use=\"\($0)\"" } ?? "")><ds:KeyInfo><ds:X509Data><ds:X509Certificate>\n\(key.certificateBase64)\n</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
        }
        let keys = signing.map { descriptor($0, use: "signing") } + unspecifiedUse.map { descriptor($0, use: nil) }
            + encryption.map { descriptor($0, use: "encryption") }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="\(entityID)"\(validUntil.map { " validUntil=\"\($0)\"" } ?? "")>
              <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
                \(keys.joined(separator: "\n    "))
                <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
                <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.test.example/sso"/>
              </md:IDPSSODescriptor>
            </md:EntityDescriptor>
            """
    }
}

/// A tiny HTTP server on 127.0.0.1 (ephemeral port) that answers every GET with one fixed response, for at most
/// `limit` requests; it stops when released or when the limit is reached.
public final class LoopbackHTTPServer: @unchecked Sendable {
    public let port: UInt16
    private let descriptor: Int32

    public init(status: Int = 200, body: Data, limit: Int = 8) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 8) == 0 else {
            close(fd)
            throw SAMLTestKey.OpenSSLFailed(description: "cannot listen on 127.0.0.1")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        descriptor = fd
        port = UInt16(bigEndian: address.sin_port)
        let head = "HTTP/1.1 \(status) \(status == 200 ? "OK" : "Not Found")\r\nContent-Type: application/samlmetadata+xml\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        let response = Data(head.utf8) + body
        let thread = Thread {
            for _ in 0..<limit {
                let client = accept(fd, nil, nil)
                guard client >= 0 else { return }
                var request = [UInt8](repeating: 0, count: 8192)
                var received: [UInt8] = []
                while !received.suffix(4).elementsEqual([13, 10, 13, 10]) {
                    let count = read(client, &request, request.count)
                    if count <= 0 { break }
                    received += request[0..<count]
                }
                response.withUnsafeBytes { _ = write(client, $0.baseAddress, $0.count) }
                close(client)
            }
        }
        thread.start()
    }

    /// The URL of `path` on this server.
    public func url(_ path: String = "/metadata") -> String { "http://127.0.0.1:\(port)\(path)" }

    deinit {
        shutdown(descriptor, Int32(SHUT_RDWR))
        close(descriptor)
    }
}

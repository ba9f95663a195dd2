import Foundation
import TacoIntegrations
import TacoKit
import TacoTestSupport
import Testing

/// A small HR export (../shared/HR-FEED.md), unsigned.
let sampleHRExport = """
    <?xml version="1.0" encoding="UTF-8"?>
    <hr:EmployeeExport xmlns:hr="urn:tacotracker:hr-export:1" schemaVersion="1.0" exportId="GLOBEX-HR-20261121-020000-FULL" mode="full" sourceSystem="Workday" asOf="2026-11-21" generatedAt="2026-11-21T02:00:03Z" recordCount="1">
      <hr:Campuses><hr:Campus code="SFO-HQ" status="active"><hr:Name>SF HQ</hr:Name><hr:TimeZone>America/Los_Angeles</hr:TimeZone></hr:Campus></hr:Campuses>
      <hr:Departments><hr:Department code="D-0131" costCenter="CC-24592" status="active"><hr:Name>Payments Platform</hr:Name></hr:Department></hr:Departments>
      <hr:Employees>
        <hr:Employee employeeId="E0110000" workerId="WD-d8b55916e0a94c" lastModified="2026-11-06T12:16:00Z">
          <hr:Status effectiveDate="2019-06-29">active</hr:Status>
          <hr:Name><hr:Given>Zoë</hr:Given><hr:Family>O'Brien &amp; Núñez</hr:Family></hr:Name>
          <hr:Email type="work">zoe.obrien@globex.example</hr:Email>
          <hr:MealSubsidy currency="USD" period="per-day" validFrom="2026-01-01">10.00</hr:MealSubsidy>
        </hr:Employee>
      </hr:Employees>
      <hr:Trailer recordCount="1"/>
    </hr:EmployeeExport>
    """

@Suite("XML signatures (pinned certificate, enveloped, libxmlsec1)")
struct XMLSignatureTests {
    func sign(_ xml: String = sampleHRExport, key: SAMLTestKey, method: String = XMLSignatureAlgorithm.rsaSHA256,
              digest: String = XMLSignatureAlgorithm.sha256, withCertificate: Data? = nil) throws -> Data {
        try XMLSignatureSigner.signEnveloped(documentData: Data(xml.utf8), privateKeyPEM: key.privateKeyPEM,
                                             certificatePEM: withCertificate, signatureMethod: method, digestMethod: digest)
    }

    func refusal(_ data: Data, pinned: SAMLTestKey, allowSHA1: Bool = false) throws -> XMLRejection {
        try #require(throws: XMLRejection.self) {
            try XMLSignature.verifyEnvelopedRoot(documentData: data, certificatePEM: pinned.certificatePEM, allowSHA1: allowSHA1)
        }
    }

    @Test("a signed HR export verifies with the pinned certificate; the signature is the root's last child with URI=\"\"")
    func signedExportVerifies() throws {
        let idp = try SAMLTestKey.idp.get()
        let signed = try sign(key: idp)
        try XMLSignature.verifyEnvelopedRoot(documentData: signed, certificatePEM: idp.certificatePEM, allowSHA1: false)
        let text = String(decoding: signed, as: UTF8.self)
        #expect(text.contains("Reference URI=\"\""))
        #expect(text.range(of: "</([A-Za-z]+:)?Signature>\\s*</hr:EmployeeExport>", options: .regularExpression) != nil)
    }

    @Test("a tampered export is refused (digest mismatch)")
    func tampered() throws {
        let idp = try SAMLTestKey.idp.get()
        let signed = String(decoding: try sign(key: idp), as: UTF8.self)
        let tampered = signed.replacingOccurrences(of: ">10.00<", with: ">99.00<")
        #expect(tampered != signed)
        let error = try refusal(Data(tampered.utf8), pinned: idp)
        #expect(error.kind == .signature)
        #expect(error.message.contains("digest mismatch"))
    }

    @Test("an unsigned export is refused")
    func unsigned() throws {
        let error = try refusal(Data(sampleHRExport.utf8), pinned: try SAMLTestKey.idp.get())
        #expect(error.message.contains("not signed"))
    }

    @Test("another key's signature is refused, even with its certificate in KeyInfo")
    func otherKeyRefused() throws {
        let idp = try SAMLTestKey.idp.get(), attacker = try SAMLTestKey.attacker.get()
        let forged = try sign(key: attacker, withCertificate: attacker.certificatePEM)
        #expect(String(decoding: forged, as: UTF8.self).contains("X509Certificate"))
        let error = try refusal(forged, pinned: idp)
        #expect(error.message.contains("does not verify with the pinned certificate"))
    }

    @Test("RSA-SHA1 is refused unless allowed")
    func sha1() throws {
        let idp = try SAMLTestKey.idp.get()
        let signed = try sign(key: idp, method: XMLSignatureAlgorithm.rsaSHA1, digest: XMLSignatureAlgorithm.sha1)
        #expect(try refusal(signed, pinned: idp).message.contains("RSA-SHA1 is not allowed"))
        try XMLSignature.verifyEnvelopedRoot(documentData: signed, certificatePEM: idp.certificatePEM, allowSHA1: true)
        let sha512 = try sign(key: idp, method: XMLSignatureAlgorithm.rsaSHA512, digest: XMLSignatureAlgorithm.sha512)
        try XMLSignature.verifyEnvelopedRoot(documentData: sha512, certificatePEM: idp.certificatePEM, allowSHA1: false)
    }

    @Test("an unknown algorithm is refused before any cryptography")
    func unknownAlgorithm() throws {
        let idp = try SAMLTestKey.idp.get()
        let signed = String(decoding: try sign(key: idp), as: UTF8.self)
            .replacingOccurrences(of: XMLSignatureAlgorithm.rsaSHA256, with: "http://www.w3.org/2001/04/xmldsig-more#rsa-md5")
        let error = try refusal(Data(signed.utf8), pinned: idp)
        #expect(error.message.contains("rsa-md5"))
        #expect(error.message.contains("not allowed"))
    }

    @Test("a signature that is not the root's last child, or that references a descendant, is refused")
    func placement() throws {
        let idp = try SAMLTestKey.idp.get()
        let signed = String(decoding: try sign(key: idp), as: UTF8.self)
        let moved = signed.replacingOccurrences(of: "</hr:EmployeeExport>", with: "<hr:Extra/></hr:EmployeeExport>")
        #expect(try refusal(Data(moved.utf8), pinned: idp).message.contains("last child"))

        let withID = sampleHRExport.replacingOccurrences(of: "<hr:Employees>", with: "<hr:Employees ID=\"emps\">")
        let partial = try XMLSignatureSigner.signEnveloped(documentData: Data(withID.utf8), privateKeyPEM: idp.privateKeyPEM,
                                                           elementID: "emps")
        // The signature lands inside Employees, not as the root's last child.
        #expect(try refusal(partial, pinned: idp).kind == .signature)
    }

    @Test("a hostile signed document is refused before verification")
    func hostile() throws {
        let idp = try SAMLTestKey.idp.get()
        let signed = String(decoding: try sign(key: idp), as: UTF8.self)
        let xxe = signed.replacingOccurrences(of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                                              with: "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>")
        #expect(try refusal(Data(xxe.utf8), pinned: idp).kind == .hostile)
    }

    @Test("PEM parsing: several certificates, subject, fingerprint and validity; garbage refused")
    func certificates() throws {
        let idp = try SAMLTestKey.idp.get(), attacker = try SAMLTestKey.attacker.get()
        let both = try PinnedCertificate.parsePEM(idp.certificatePEM + attacker.certificatePEM, source: "bundle.pem")
        #expect(both.count == 2)
        #expect(both[0].subject.contains("CN=TacoTracker test idp"))
        #expect(both[0].sha256Fingerprint.count == 95)
        #expect(both[0].keyDescription == "RSA 2048")
        #expect(both[0].notAfter.timeIntervalSinceNow > 300 * 86_400)
        #expect(throws: XMLRejection.self) { _ = try PinnedCertificate.parsePEM(Data("nothing".utf8), source: "x.pem") }
        #expect(throws: XMLRejection.self) {
            _ = try PinnedCertificate.parsePEM(Data("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n".utf8), source: "x.pem")
        }
        // A bundle with the right certificate second still verifies.
        let signed = try sign(key: idp)
        try XMLSignature.verifyEnvelopedRoot(documentData: signed, certificatePEM: attacker.certificatePEM + idp.certificatePEM,
                                             allowSHA1: false)
    }
}

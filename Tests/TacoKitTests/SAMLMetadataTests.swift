import Foundation
import TacoIntegrations
import TacoKit
import TacoTestSupport
import Testing

@Suite("SAML metadata (sso idp add)")
struct SAMLMetadataTests {
    @Test("signing and unspecified-use certificates are pinned, encryption ones are not")
    func certificates() throws {
        let idp = try SAMLTestKey.idp.get(), other = try SAMLTestKey.attacker.get(), soon = try SAMLTestKey.expiringSoon.get()
        let xml = SAMLTestMetadata.xml(signing: [idp, idp], unspecifiedUse: [soon], encryption: [other])
        let metadata = try SAMLMetadata(data: Data(xml.utf8), source: "idp.xml")
        #expect(metadata.entityID == SAMLTestResponse.issuer)
        #expect(metadata.ssoURL == "https://idp.test.example/sso")
        #expect(metadata.certificates.map(\.sha256Fingerprint) == [try idp.pinned()[0].sha256Fingerprint, try soon.pinned()[0].sha256Fingerprint])
        #expect(metadata.sha256.count == 64)
    }

    @Test("an EntitiesDescriptor with one IdP is accepted; SP metadata, no certificate, expiry and hostile XML are refused")
    func refusals() throws {
        let idp = try SAMLTestKey.idp.get()
        let single = SAMLTestMetadata.xml(signing: [idp]).replacingOccurrences(of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", with: "")
        let wrapped = "<md:EntitiesDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\">\(single)</md:EntitiesDescriptor>"
        #expect(try SAMLMetadata(data: Data(wrapped.utf8), source: "all.xml").entityID == SAMLTestResponse.issuer)
        let twice = "<md:EntitiesDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\">\(single)\(single)</md:EntitiesDescriptor>"
        #expect(throws: XMLRejection.self) { _ = try SAMLMetadata(data: Data(twice.utf8), source: "all.xml") }
        let sp = SAMLTestMetadata.xml(signing: [idp]).replacingOccurrences(of: "IDPSSODescriptor", with: "SPSSODescriptor")
        #expect(throws: XMLRejection.self) { _ = try SAMLMetadata(data: Data(sp.utf8), source: "sp.xml") }
        let encryptionOnly = SAMLTestMetadata.xml(signing: [], encryption: [idp])
        let none = try #require(throws: XMLRejection.self) { _ = try SAMLMetadata(data: Data(encryptionOnly.utf8), source: "enc.xml") }
        #expect(none.message.contains("no signing certificate"))
        let expired = SAMLTestMetadata.xml(signing: [idp], validUntil: "2020-01-01T00:00:00Z")
        #expect(throws: XMLRejection.self) { _ = try SAMLMetadata(data: Data(expired.utf8), source: "old.xml") }
        let xxe = "<!DOCTYPE md:EntityDescriptor [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" + single
        let hostile = try #require(throws: XMLRejection.self) { _ = try SAMLMetadata(data: Data(xxe.utf8), source: "x.xml") }
        #expect(hostile.kind == .hostile)
        let badCert = SAMLTestMetadata.xml(signing: [idp]).replacingOccurrences(of: idp.certificateBase64.prefix(40), with: "AAAA")
        #expect(throws: XMLRejection.self) { _ = try SAMLMetadata(data: Data(badCert.utf8), source: "bad.xml") }
    }

    @Test("metadata is fetched from a URL with a timeout; HTTP errors and closed ports are 69")
    func fetch() throws {
        let body = Data(SAMLTestMetadata.xml(signing: [try SAMLTestKey.idp.get()]).utf8)
        let server = try LoopbackHTTPServer(body: body)
        #expect(try SAMLMetadata.load(server.url(), timeout: 5) == body)
        let missing = try LoopbackHTTPServer(status: 404, body: Data("no".utf8))
        let notFound = try #require(throws: ToolError.self) { _ = try SAMLMetadata.load(missing.url(), timeout: 5) }
        #expect(notFound.status == .unavailable)
        #expect(notFound.message.contains("HTTP 404"))
        let closed = try #require(throws: ToolError.self) { _ = try SAMLMetadata.load("http://127.0.0.1:1/metadata", timeout: 5) }
        #expect(closed.status == .unavailable)
    }
}

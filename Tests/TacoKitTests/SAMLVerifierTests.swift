import Foundation
import TacoIntegrations
import TacoKit
import TacoTestSupport
import Testing

@Suite("SAML verifier (crafted responses, signed at test time with a test-only key)")
struct SAMLVerifierTests {
    typealias R = SAMLTestResponse

    func verify(_ data: Data, expectations: SAMLExpectations = R.expectations(), pinned: SAMLTestKey? = nil) throws -> SAMLIdentity {
        try SAMLVerifier.verify(data, certificates: try (pinned ?? SAMLTestKey.idp.get()).pinned(), expectations: expectations,
                                source: "response.xml")
    }

    func refusal(_ data: Data, expectations: SAMLExpectations = R.expectations()) throws -> XMLRejection {
        var identity: SAMLIdentity?
        let error = try #require(throws: XMLRejection.self) { identity = try verify(data, expectations: expectations) }
        #expect(identity == nil)
        return error
    }

    func edit(_ data: Data, _ transform: (String) -> String) -> Data {
        let text = String(decoding: data, as: UTF8.self)
        let edited = transform(text)
        #expect(edited != text, "the edit changed nothing")
        return Data(edited.utf8)
    }

    @Test("a signed assertion yields the identity, attributes and session; base64 input works too")
    func valid() throws {
        let idp = try SAMLTestKey.idp.get()
        let signed = try R.signed(key: idp)
        let identity = try verify(signed)
        #expect(identity.nameID == "alice@globex.example")
        #expect(identity.nameIDFormat == "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress")
        #expect(identity.issuer == R.issuer)
        #expect(identity.sessionIndex == "_session-77")
        #expect(identity.signedElements == ["Assertion"])
        #expect(identity.values("groups") == ["eng", "tacos"])
        #expect(identity.values("sn") == ["Núñez & Co"])
        #expect(identity.notOnOrAfter == R.instant.addingTimeInterval(300))
        let employee = try identity.employeeAttributes()
        #expect(employee.email == "alice@globex.example")
        #expect(employee.givenName == "Alice")
        #expect(employee.familyName == "Núñez & Co")
        #expect(employee.employeeID == "E0110000")
        let custom = try identity.employeeAttributes(SAMLAttributeMapping(email: ["nope"], employeeID: ["givenName"]))
        #expect(custom.employeeID == "Alice")
        #expect(custom.email == "alice@globex.example", "an emailAddress NameID doubles as the e-mail")
        #expect(try verify(Data(signed.base64EncodedString(options: .lineLength76Characters).utf8)).nameID == "alice@globex.example")
    }

    @Test("a multi-valued attribute mapped to a single field is refused")
    func multiValuedField() throws {
        let identity = try verify(try R.signed(key: try SAMLTestKey.idp.get()))
        #expect(throws: XMLRejection.self) { _ = try identity.employeeAttributes(SAMLAttributeMapping(employeeID: ["groups"])) }
    }

    @Test("only the Response signed, and both signed, are accepted")
    func responseSigned() throws {
        let idp = try SAMLTestKey.idp.get()
        #expect(try verify(try R.signed(key: idp, signAssertion: false, signResponse: true)).signedElements == ["Response"])
        #expect(try verify(try R.signed(key: idp, signAssertion: true, signResponse: true)).signedElements == ["Response", "Assertion"])
    }

    @Test("a comment inside the NameID never truncates it (C14N drops comments, the reader skips them)")
    func commentInNameID() throws {
        let signed = try R.signed(R.xml(nameID: "alice@globex.example<!-- x -->.evil.example"), key: try SAMLTestKey.idp.get())
        #expect(try verify(signed).nameID == "alice@globex.example.evil.example")
    }

    @Test("two assertions are refused, whichever is signed")
    func twoAssertions() throws {
        let idp = try SAMLTestKey.idp.get()
        let evil = "<saml:Assertion ID=\"_evil\" Version=\"2.0\" IssueInstant=\"2026-11-21T00:00:00Z\"><saml:Issuer>\(R.issuer)</saml:Issuer><saml:Subject><saml:NameID>admin</saml:NameID></saml:Subject></saml:Assertion>"
        let error = try refusal(try R.signed(R.xml(extraInResponse: evil), key: idp, signResponse: true))
        #expect(error.message.contains("2 assertions"))
    }

    @Test("a duplicate ID anywhere is refused")
    func duplicateID() throws {
        let idp = try SAMLTestKey.idp.get()
        let signed = try R.signed(key: idp)
        let duplicated = edit(signed) {
            $0.replacingOccurrences(of: "<samlp:Status>", with: "<samlp:Extensions><x ID=\"\(R.assertionID)\"/></samlp:Extensions><samlp:Status>")
        }
        #expect(try refusal(duplicated).message.contains("duplicate ID \"\(R.assertionID)\""))
        let xmlID = edit(signed) {
            $0.replacingOccurrences(of: "<samlp:Status>", with: "<samlp:Status xml:id=\"\(R.assertionID)\">")
        }
        #expect(try refusal(xmlID).message.contains("duplicate ID"))
    }

    @Test("an unknown or weak algorithm is refused")
    func algorithms() throws {
        let idp = try SAMLTestKey.idp.get()
        let md5 = edit(try R.signed(key: idp)) {
            $0.replacingOccurrences(of: XMLSignatureAlgorithm.rsaSHA256, with: "http://www.w3.org/2001/04/xmldsig-more#rsa-md5")
        }
        #expect(try refusal(md5).message.contains("rsa-md5\" is not allowed"))
        let hmac = edit(try R.signed(key: idp)) {
            $0.replacingOccurrences(of: XMLSignatureAlgorithm.rsaSHA256, with: "http://www.w3.org/2000/09/xmldsig#hmac-sha1")
        }
        #expect(try refusal(hmac).kind == .signature)
        let xslt = edit(try R.signed(key: idp)) {
            $0.replacingOccurrences(of: "<Transform Algorithm=\"\(XMLSignatureAlgorithm.exclusiveC14N)\"/>",
                                    with: "<Transform Algorithm=\"http://www.w3.org/TR/1999/REC-xslt-19991116\"/>")
        }
        #expect(try refusal(xslt).message.contains("transforms"))
        let sha1 = try R.signed(key: idp, signatureMethod: XMLSignatureAlgorithm.rsaSHA1, digestMethod: XMLSignatureAlgorithm.sha1)
        #expect(try refusal(sha1).message.contains("RSA-SHA1 is not allowed"))
        #expect(try verify(sha1, expectations: R.expectations(allowSHA1: true)).nameID == "alice@globex.example")
    }

    @Test("a signature whose reference is not its parent's ID is refused")
    func referenceMustBeParent() throws {
        let idp = try SAMLTestKey.idp.get()
        // Sign the Response, then move that signature into the assertion: it references the Response's ID.
        let signed = String(decoding: try R.signed(key: idp, signAssertion: false, signResponse: true), as: UTF8.self)
        let start = try #require(signed.range(of: "<Signature"))
        let end = try #require(signed.range(of: "</Signature>"))
        let signature = String(signed[start.lowerBound..<end.upperBound])
        var moved = signed.replacingCharacters(in: start.lowerBound..<end.upperBound, with: "")
        moved = moved.replacingOccurrences(of: "<saml:Subject>", with: signature + "<saml:Subject>")
        let error = try refusal(Data(moved.utf8))
        #expect(error.message.contains("is not the ID of the signed element saml:Assertion"))
    }

    @Test("a signature in an unexpected place is refused")
    func strayignature() throws {
        let idp = try SAMLTestKey.idp.get()
        let signed = String(decoding: try R.signed(key: idp), as: UTF8.self)
        let start = try #require(signed.range(of: "<Signature"))
        let end = try #require(signed.range(of: "</Signature>"))
        let signature = String(signed[start.lowerBound..<end.upperBound])
        let extra = signed.replacingOccurrences(of: "<samlp:Status>", with: "<samlp:Extensions>\(signature)</samlp:Extensions><samlp:Status>")
        #expect(try refusal(Data(extra.utf8)).message.contains("unexpected place"))
    }

    @Test("EncryptedAssertion is refused clearly")
    func encrypted() throws {
        let xml = R.xml().replacingOccurrences(of: "<saml:Assertion ", with: "<saml:EncryptedAssertion><x/></saml:EncryptedAssertion><saml:Assertion ")
        let error = try refusal(try R.signed(xml, key: try SAMLTestKey.idp.get()))
        #expect(error.message.contains("EncryptedAssertion is not supported"))
    }

    @Test("issuer, audience, destination, recipient and time conditions are enforced with 3 minutes of skew")
    func conditions() throws {
        let idp = try SAMLTestKey.idp.get()
        let signed = try R.signed(key: idp)
        var expectations = R.expectations()
        expectations.issuer = "https://other-idp.example"
        #expect(try refusal(signed, expectations: expectations).message.contains("is not the expected identity provider"))
        expectations = R.expectations()
        expectations.audience = "https://other-sp.example"
        #expect(try refusal(signed, expectations: expectations).message.contains("does not include this service provider"))
        expectations = R.expectations()
        expectations.destination = "https://other-sp.example/acs"
        #expect(try refusal(signed, expectations: expectations).message.contains("Destination"))
        // Expiry: NotOnOrAfter is instant + 300 s; the skew is 180 s.
        #expect(try verify(signed, expectations: R.expectations(instant: R.instant.addingTimeInterval(300 + 179))).nameID == "alice@globex.example")
        #expect(try refusal(signed, expectations: R.expectations(instant: R.instant.addingTimeInterval(300 + 180))).message.contains("expired"))
        // Not yet valid: NotBefore is instant - 300 s.
        #expect(try verify(signed, expectations: R.expectations(instant: R.instant.addingTimeInterval(-300 - 179))).nameID == "alice@globex.example")
        #expect(try refusal(signed, expectations: R.expectations(instant: R.instant.addingTimeInterval(-300 - 181))).message.contains("not valid before"))
        // Recipient differs from the (unsigned here) Destination.
        let recipient = try R.signed(R.xml().replacingOccurrences(of: "Recipient=\"\(R.destination)\"", with: "Recipient=\"https://elsewhere.example/acs\""), key: idp)
        #expect(try refusal(recipient).message.contains("Recipient"))
        // An audience restriction is required when an audience is expected.
        let noAudience = try R.signed(R.xml().replacingOccurrences(
            of: "<saml:AudienceRestriction><saml:Audience>\(R.audience)</saml:Audience></saml:AudienceRestriction>", with: ""), key: idp)
        #expect(try refusal(noAudience).message.contains("no AudienceRestriction"))
    }

    @Test("a failed status is refused")
    func failedStatus() throws {
        let xml = R.xml().replacingOccurrences(of: "status:Success", with: "status:Requester")
        #expect(try refusal(try R.signed(xml, key: try SAMLTestKey.idp.get(), signResponse: true)).message.contains("status"))
    }

    @Test("the attacker's key with its certificate in KeyInfo is refused; the right key among several pinned is found")
    func pinning() throws {
        let idp = try SAMLTestKey.idp.get(), attacker = try SAMLTestKey.attacker.get()
        let forged = try R.signed(key: attacker)
        #expect(try refusal(forged).message.contains("does not verify with the pinned certificate"))
        let identity = try SAMLVerifier.verify(try R.signed(key: idp), certificates: try attacker.pinned() + idp.pinned(),
                                               expectations: R.expectations())
        #expect(identity.certificateFingerprint == (try idp.pinned())[0].sha256Fingerprint)
    }

    @Test("hostile documents are refused before any content is used",
          arguments: [
            "<!DOCTYPE samlp:Response [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\">&x;</samlp:Response>",
            "<!DOCTYPE r [<!ENTITY x SYSTEM \"http://127.0.0.1:1/\">]><r>&x;</r>",
            "<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><r>&c;</r>",
          ])
    func hostile(_ document: String) throws {
        let error = try refusal(Data(document.utf8))
        #expect(error.kind == .hostile)
        #expect(!error.message.contains("root:"))
    }

    @Test("not XML, truncated XML, deep nesting and invalid UTF-8 are refused")
    func malformed() throws {
        let signed = try R.signed(key: try SAMLTestKey.idp.get())
        #expect(try refusal(Data("hello, not XML".utf8)).message.contains("neither XML nor base64"))
        #expect(try refusal(signed.prefix(signed.count / 2)).kind == .malformed)
        let deep = String(repeating: "<a>", count: 10_000) + String(repeating: "</a>", count: 10_000)
        #expect(try refusal(Data(deep.utf8)).kind == .malformed)
        #expect(try refusal(Data([0x3C, 0x72, 0x3E, 0xC3, 0x28, 0x3C, 0x2F, 0x72, 0x3E])).message.contains("UTF-8"))
        #expect(try refusal(Data("<r/>".utf8)).message.contains("expected a SAML 2.0 samlp:Response"))
    }
}

import CLibXML2
import Foundation
import TacoIntegrations
import TacoKit
import TacoTestSupport
import Testing

/// A listening TCP socket on 127.0.0.1 that records whether anything connected (proves "no network").
final class LoopbackTripwire {
    let descriptor: Int32
    let port: UInt16

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        let listening = bound == 0 && listen(fd, 4) == 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        descriptor = fd
        port = UInt16(bigEndian: address.sin_port)
        try #require(listening, "cannot listen on 127.0.0.1")
    }

    /// Whether a connection is waiting to be accepted.
    var wasContacted: Bool {
        let client = accept(descriptor, nil, nil)
        if client >= 0 { close(client); return true }
        return false
    }

    deinit { close(descriptor) }
}

@Suite("Secure XML parsing (hostile documents)")
struct SecureXMLTests {
    func parse(_ text: String, limits: XMLParseLimits = .saml) throws -> SecureXMLDocument {
        try SecureXMLDocument(data: Data(text.utf8), source: "input.xml", limits: limits)
    }

    func rejection(_ text: String, limits: XMLParseLimits = .saml) throws -> XMLRejection {
        try #require(throws: XMLRejection.self) { _ = try parse(text, limits: limits) }
    }

    @Test("XXE to a local file is refused at the DOCTYPE and nothing of the file is read")
    func xxeLocalFile() throws {
        let error = try rejection("""
            <?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>
            """)
        #expect(error.kind == .hostile)
        #expect(error.message.contains("DOCTYPE"))
        #expect(!error.message.contains("root:"))
    }

    @Test("XXE, external DTD and parameter entities to http://127.0.0.1 are refused without any connection")
    func xxeNetwork() throws {
        let tripwire = try LoopbackTripwire()
        let url = "http://127.0.0.1:\(tripwire.port)/evil"
        for document in [
            "<!DOCTYPE r [<!ENTITY x SYSTEM \"\(url)\">]><r>&x;</r>",
            "<!DOCTYPE r SYSTEM \"\(url).dtd\"><r/>",
            "<!DOCTYPE r [<!ENTITY % p SYSTEM \"\(url).dtd\"> %p;]><r/>",
            "<!DOCTYPE r [<!ENTITY x SYSTEM \"http://127.0.0.1:1/\">]><r>&x;</r>",
        ] {
            #expect(try rejection(document).kind == .hostile, "\(document)")
        }
        #expect(!tripwire.wasContacted, "the parser connected to \(url)")
    }

    @Test("billion laughs is refused")
    func billionLaughs() throws {
        var declarations = "<!ENTITY lol \"lol\">"
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            declarations += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">"
        }
        let error = try rejection("<?xml version=\"1.0\"?><!DOCTYPE lolz [\(declarations)]><lolz>&lol9;</lolz>")
        #expect(error.kind == .hostile)
    }

    @Test("quadratic blowup is refused")
    func quadraticBlowup() throws {
        let entity = String(repeating: "a", count: 50_000)
        let body = String(repeating: "&a;", count: 20_000)
        let error = try rejection("<!DOCTYPE r [<!ENTITY a \"\(entity)\">]><r>\(body)</r>")
        #expect(error.kind == .hostile)
    }

    @Test("a bare DOCTYPE is refused too")
    func bareDoctype() throws {
        #expect(try rejection("<!DOCTYPE r><r/>").kind == .hostile)
    }

    @Test("10,000-deep nesting is refused by libxml2's own depth limit (no HUGE)")
    func deepNesting() throws {
        let deep = String(repeating: "<a>", count: 10_000) + String(repeating: "</a>", count: 10_000)
        let error = try rejection(deep, limits: XMLParseLimits(maxBytes: 1 << 20, maxDepth: 100_000))
        #expect(error.kind == .malformed)
        #expect(error.message.lowercased().contains("depth"))
        // And our own, tighter limit below libxml2's 256.
        let hundred = String(repeating: "<a>", count: 100) + String(repeating: "</a>", count: 100)
        let ours = try rejection(hundred)
        #expect(ours.kind == .hostile)
        #expect(ours.message.contains("deeper than 64"))
    }

    @Test("invalid UTF-8 is refused, also behind a non-UTF-8 encoding declaration")
    func invalidUTF8() throws {
        for bytes in [Array("<r>".utf8) + [0xFF, 0xFE, 0xC3] + Array("</r>".utf8),
                      Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><r>caf".utf8) + [0xE9] + Array("</r>".utf8)] {
            let error = try #require(throws: XMLRejection.self) {
                _ = try SecureXMLDocument(data: Data(bytes), source: "input.xml", limits: .saml)
            }
            #expect(error.kind == .malformed)
            #expect(error.message.contains("UTF-8"))
        }
    }

    @Test("not XML, empty and truncated input are refused with a place")
    func notXML() throws {
        #expect(try rejection("this is not XML at all").kind == .malformed)
        #expect(try rejection("").kind == .malformed)
        #expect(try rejection("{\"json\": true}").message.contains("input.xml:1"))
        let truncated = try rejection("<r><a>text</a><b attr=\"x\">more")
        #expect(truncated.kind == .malformed)
    }

    @Test("oversized input is refused before parsing; a text node over libxml2's 10 MB limit is refused without HUGE")
    func sizeLimits() throws {
        let big = "<r>" + String(repeating: "x", count: (1 << 20) + 1) + "</r>"
        #expect(try rejection(big).kind == .tooLarge)
        let hugeText = "<r>" + String(repeating: "x", count: 11_000_000) + "</r>"
        let error = try rejection(hugeText, limits: .hrExport)
        #expect(error.kind == .malformed)
    }

    @Test("XInclude is never processed")
    func xinclude() throws {
        let document = try parse("""
            <r xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="/etc/passwd" parse="text"/></r>
            """)
        let root = try document.root
        #expect(root.children.count == 1)
        #expect(root.children[0].localName == "include")
        #expect(try root.children[0].text() == "")
    }

    @Test("text skips comments and processing instructions instead of stopping at them; CDATA is text")
    func textIgnoresComments() throws {
        let document = try parse("<r><n>alice<!-- injected -->@globex.example</n><c><![CDATA[a<b]]>c</c><p>x<?pi y?>z</p><m>a<b/>c</m></r>")
        let root = try document.root
        #expect(try root.children[0].text() == "alice@globex.example")
        #expect(try root.children[1].text() == "a<bc")
        #expect(try root.children[2].text() == "xz")
        #expect(throws: XMLRejection.self) { _ = try root.children[3].text() }
    }

    @Test("predefined entities and character references are fine")
    func predefinedEntities() throws {
        let document = try parse("<r a=\"O&apos;Brien\">Zoë &amp; N&#250;&#xF1;ez</r>")
        #expect(try document.root.text() == "Zoë & Núñez")
        #expect(try document.root.attribute("a") == "O'Brien")
    }
}

@Suite("libxmlsec1 initialisation")
struct XMLSecInitialisationTests {
    @Test("initialising libxmlsec1 leaves libxml2's global entity and DTD defaults off (the HR reader shares them)")
    func globalsUntouched() throws {
        let idp = try SAMLTestKey.idp.get()
        let signed = try XMLSignatureSigner.signEnveloped(documentData: Data(sampleHRExport.utf8), privateKeyPEM: idp.privateKeyPEM)
        try XMLSignature.verifyEnvelopedRoot(documentData: signed, certificatePEM: idp.certificatePEM, allowSHA1: false)
        #expect(__xmlSubstituteEntitiesDefaultValue().pointee == 0)
        #expect(__xmlLoadExtDtdDefaultValue().pointee == 0)
        #expect(__xmlDoValidityCheckingDefaultValue().pointee == 0)
    }
}

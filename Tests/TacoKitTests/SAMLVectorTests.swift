import Foundation
import TacoIntegrations
import TacoKit
import Testing

/// One row of ../shared/vectors/saml/manifest.tsv.
struct SAMLVector: Sendable, CustomTestStringConvertible {
    let file, certificate, issuer, at, audience, destination: String
    let allowSHA1: Bool
    let valid: Bool
    let nameID: String
    let why: String
    var testDescription: String { "\(file) (\(valid ? "valid" : "reject"): \(why))" }

    /// The vectors directory: `../shared/vectors/saml` from the repository root.
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/vectors/saml")

    static func load() -> [SAMLVector] {
        guard let text = try? String(contentsOf: directory.appendingPathComponent("manifest.tsv"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 10 else { return nil }
            return SAMLVector(file: f[0], certificate: f[1], issuer: f[2], at: f[3], audience: f[4], destination: f[5],
                              allowSHA1: f[6] == "yes", valid: f[7] == "valid", nameID: f[8], why: f[9])
        }
    }

    func data(_ name: String) throws -> Data { try Data(contentsOf: SAMLVector.directory.appendingPathComponent(name)) }

    func expectations(allowSHA1: Bool? = nil) throws -> SAMLExpectations {
        SAMLExpectations(issuer: issuer == "-" ? nil : issuer, audience: audience, destination: destination,
                         instant: try #require(Timestamp.parsePostgres(at)), allowSHA1: allowSHA1 ?? self.allowSHA1)
    }

    func verify(allowSHA1: Bool? = nil) throws -> SAMLIdentity {
        let certificates = try PinnedCertificate.parsePEM(try data(certificate), source: certificate)
        return try SAMLVerifier.verify(try data(file), certificates: certificates, expectations: try expectations(allowSHA1: allowSHA1),
                                       source: file)
    }
}

@Suite("SAML vectors (../shared/vectors/saml/manifest.tsv)")
struct SAMLVectorTests {
    @Test("the manifest is present and complete")
    func manifestPresent() throws {
        let rows = SAMLVector.load()
        #expect(FileManager.default.fileExists(atPath: SAMLVector.directory.appendingPathComponent("manifest.tsv").path),
                "the SAML vectors are missing: expected \(SAMLVector.directory.path)/manifest.tsv (shared/ beside the repository)")
        #expect(rows.count >= 22, "manifest.tsv has \(rows.count) rows")
        #expect(rows.contains { $0.valid } && rows.contains { !$0.valid })
    }

    @Test("every vector gets its verdict", arguments: SAMLVector.load())
    func verdict(_ vector: SAMLVector) throws {
        if vector.valid {
            let identity = try vector.verify()
            #expect(identity.nameID == vector.nameID)
            #expect(!identity.signedElements.isEmpty)
        } else {
            var identity: SAMLIdentity?
            let error = #expect(throws: XMLRejection.self) { identity = try vector.verify() }
            #expect(identity == nil)
            #expect(error?.message.contains(vector.file) == true, "the reason names the input")
        }
    }

    @Test("a valid RSA-SHA1 vector is refused unless SHA-1 is allowed", arguments: SAMLVector.load().filter { $0.valid && $0.allowSHA1 })
    func sha1NeedsAllowing(_ vector: SAMLVector) throws {
        let error = try #require(throws: XMLRejection.self) { try vector.verify(allowSHA1: false) }
        #expect(error.message.contains("SHA1") || error.message.contains("SHA-1"))
    }
}

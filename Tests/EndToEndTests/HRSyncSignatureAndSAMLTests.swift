import Foundation
import TacoIntegrations
import TacoKit
import TacoTestSupport
import Testing

@Suite("taco-jobs hr-sync --hr-cert and --saml")
struct HRSyncSignatureAndSAMLTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sample = root.appendingPathComponent("docs/samples/hr-export-sample.xml")
    static let vectors = root.deletingLastPathComponent().appendingPathComponent("shared/vectors/saml")

    func setup() throws -> (TestDatabase, String, PostgresConnection) {
        let database = try TestDatabase.make()
        let login = try database.createLogin(group: "taco_jobs", prefix: "jobs")
        return (database, try database.conninfo(user: login), try database.connect())
    }

    func temp(_ data: Data, _ suffix: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hr-\(UUID().uuidString)\(suffix)").path
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("a signed export is applied; unsigned, tampered or wrongly signed exports are refused with nothing written")
    func signedExports() throws {
        let key = try SAMLTestKey.idp.get()
        let attacker = try SAMLTestKey.attacker.get()
        let export = try Data(contentsOf: Self.sample)
        let signed = try XMLSignatureSigner.signEnveloped(documentData: export, privateKeyPEM: key.privateKeyPEM)
        let tampered = Data(String(decoding: signed, as: UTF8.self).replacingOccurrences(of: "10.00", with: "99.00").utf8)
        let forged = try XMLSignatureSigner.signEnveloped(documentData: export, privateKeyPEM: attacker.privateKeyPEM,
                                                         certificatePEM: attacker.certificatePEM)
        let cert = key.certificateFile.path
        let (_, url, owner) = try setup()
        for (name, data, needle) in [("unsigned", export, "signature"), ("tampered", tampered, "does not verify"),
                                     ("forged", forged, "does not verify")] {
            let run = try ToolRunner.run("taco-jobs", ["hr-sync", "--feed", try temp(data, ".xml"), "--hr-cert", cert, "--database-url", url])
            #expect(run.status == 65, "\(name): \(run.stderr)")
            #expect(run.stderr.contains(needle), "\(name): \(run.stderr)")
            #expect(try owner.scalar("SELECT count(*) FROM users", as: Int.self) == 0, "\(name)")
        }
        let good = try ToolRunner.run("taco-jobs", ["hr-sync", "--feed", try temp(signed, ".xml"), "--database-url", url],
                                      environment: ["TACO_HR_CERT": cert])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(try owner.scalar("SELECT count(*) FROM users", as: Int.self) == 6)
    }

    @Test("--saml creates or updates employees from verified assertions, idempotently, and never deactivates")
    func samlProvisioning() throws {
        let (database, url, owner) = try setup()
        let v = Self.vectors.path
        let trust = ["--idp-cert", "\(v)/crewjam_onelogin_idp.pem", "--audience", "https://29ee6d2e.ngrok.io/saml/metadata",
                     "--destination", "https://29ee6d2e.ngrok.io/saml/acs", "--at", "2016-01-05T17:53:00Z", "--allow-sha1"]
        let first = try ToolRunner.run("taco-jobs", ["hr-sync", "--saml", "\(v)/crewjam_onelogin_response.xml"] + trust + ["--format", "json", "--database-url", url])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("\"action\":\"created\""))
        #expect(try owner.scalar("SELECT given_name || ' ' || family_name || ' ' || email FROM users WHERE okta_id = 'ross@kndr.org'", as: String.self)
                == "Ross Kinder ross@kndr.org")
        let again = try ToolRunner.run("taco-jobs", ["hr-sync", "--saml", "\(v)/crewjam_onelogin_response.xml"] + trust + ["--database-url", url])
        #expect(again.stderr.contains("0 changed"), "\(again.stderr)")

        // An existing user matched by NameID is updated, never deactivated; an erased one is skipped.
        try owner.query("UPDATE users SET active = false WHERE okta_id = 'ross@kndr.org'")
        try owner.query("UPDATE users SET given_name = 'R.' WHERE okta_id = 'ross@kndr.org'")
        let update = try ToolRunner.run("taco-jobs", ["hr-sync", "--saml", "\(v)/crewjam_onelogin_response.xml"] + trust + ["--database-url", url])
        #expect(update.stderr.contains("1 updated"), "\(update.stderr)")
        #expect(try owner.scalar("SELECT given_name FROM users WHERE okta_id = 'ross@kndr.org'", as: String.self) == "Ross")
        #expect(try !owner.scalar("SELECT active FROM users WHERE okta_id = 'ross@kndr.org'", as: Bool.self))
        _ = database
    }

    @Test("--saml applies nothing when any response fails verification")
    func samlAllOrNothing() throws {
        let (_, url, owner) = try setup()
        let v = Self.vectors.path
        let run = try ToolRunner.run("taco-jobs", ["hr-sync", "--saml", "\(v)/crewjam_onelogin_response.xml", "\(v)/crewjam_xsw_one.xml",
                                                   "--idp-cert", "\(v)/crewjam_onelogin_idp.pem", "--at", "2016-01-05T17:53:00Z", "--allow-sha1",
                                                   "--database-url", url])
        #expect(run.status == 65, "\(run.stderr)")
        #expect(try owner.scalar("SELECT count(*) FROM users", as: Int.self) == 0)
        let neither = try ToolRunner.run("taco-jobs", ["hr-sync", "--database-url", url])
        #expect(neither.status == 64)
        let both = try ToolRunner.run("taco-jobs", ["hr-sync", "--feed", Self.sample.path, "--saml", "x.xml", "--database-url", url])
        #expect(both.status == 64)
    }
}

import Foundation
import TacoKit
import TacoTestSupport
import Testing

private func writeTemp(_ data: Data, _ suffix: String = ".xml") throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("sso-\(UUID().uuidString)\(suffix)").path
    try data.write(to: URL(fileURLWithPath: path))
    return path
}

private func idpCount(_ database: TestDatabase) throws -> Int {
    try database.connect().scalar("SELECT count(*)::int FROM sso_identity_providers", as: Int.self)
}

@Suite("taco-admin sso idp")
struct SSOIdentityProviderTests {
    @Test("add pins signing certificates, re-adding is 0 changed, list warns about expiry, remove needs --yes; audited")
    func addListRemove() throws {
        let database = try TestDatabase.make()
        let url = try database.conninfo(user: try database.createLogin(group: "taco_sysadmin", prefix: "sa"))
        let idp = try SAMLTestKey.idp.get(), soon = try SAMLTestKey.expiringSoon.get(), other = try SAMLTestKey.attacker.get()
        let file = try writeTemp(Data(SAMLTestMetadata.xml(signing: [idp], unspecifiedUse: [soon], encryption: [other]).utf8))
        let add = try ToolRunner.run("taco-admin", ["sso", "idp", "add", "--metadata", file, "--database-url", url])
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.stderr.contains("1 added (2 certificates pinned)"), "\(add.stderr)")
        #expect(add.stdout.contains(try idp.pinned()[0].sha256Fingerprint))
        #expect(!add.stdout.contains(try other.pinned()[0].sha256Fingerprint), "an encryption key is never pinned")
        let again = try ToolRunner.run("taco-admin", ["sso", "idp", "add", "--metadata", file, "--database-url", url])
        #expect(again.status == 0 && again.stderr.contains("0 changed"), "\(again.stderr)")

        let list = try ToolRunner.run("taco-admin", ["sso", "idp", "list", "--format", "json", "--database-url", url])
        #expect(list.status == 0, "\(list.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0["entity_id"] as? String == SAMLTestResponse.issuer })
        let warnings = rows.compactMap { $0["warning"] as? String }
        #expect(warnings.count == 1 && warnings[0].hasPrefix("expires in"), "\(warnings)")
        #expect(list.stderr.contains("warning") && list.stderr.contains("TacoTracker test expiring"), "\(list.stderr)")

        let refused = try ToolRunner.run("taco-admin", ["sso", "idp", "remove", SAMLTestResponse.issuer, "--database-url", url])
        #expect(refused.status == 64, "\(refused.stderr)")
        #expect(try idpCount(database) == 1)
        let dry = try ToolRunner.run("taco-admin", ["sso", "idp", "remove", SAMLTestResponse.issuer, "--dry-run", "--database-url", url])
        #expect(dry.status == 0 && dry.stderr.contains("dry run"))
        #expect(try idpCount(database) == 1)
        let removed = try ToolRunner.run("taco-admin", ["sso", "idp", "remove", SAMLTestResponse.issuer, "--yes", "--database-url", url])
        #expect(removed.status == 0 && removed.stderr.contains("1 removed"), "\(removed.stderr)")
        #expect(try idpCount(database) == 0)
        #expect(try database.connect().scalar("SELECT count(*)::int FROM sso_idp_certificates", as: Int.self) == 0)
        let missing = try ToolRunner.run("taco-admin", ["sso", "idp", "remove", SAMLTestResponse.issuer, "--yes", "--database-url", url])
        #expect(missing.status == 65 && missing.stderr.contains("not found"), "\(missing.stderr)")

        let audited: [String] = try database.connect().query("""
            SELECT action || ' ' || table_name AS what FROM audit_log WHERE table_name LIKE 'sso_%' ORDER BY id
            """).map { try $0.decode("what") }
        #expect(audited.filter { $0 == "INSERT sso_identity_providers" }.count == 1)
        #expect(audited.filter { $0 == "INSERT sso_idp_certificates" }.count == 2)
        #expect(audited.contains("DELETE sso_identity_providers"))
    }

    @Test("metadata is fetched from a URL on 127.0.0.1; an unreachable URL is 69 and writes nothing")
    func fromURL() throws {
        let database = try TestDatabase.make()
        let url = try database.conninfo(user: try database.createLogin(group: "taco_sysadmin", prefix: "sa"))
        let server = try LoopbackHTTPServer(body: Data(SAMLTestMetadata.xml(signing: [try SAMLTestKey.idp.get()]).utf8))
        let add = try ToolRunner.run("taco-admin", ["sso", "idp", "add", "--metadata", server.url(), "--database-url", url])
        #expect(add.status == 0, "\(add.stderr)")
        #expect(try database.connect().scalar("SELECT metadata_source FROM sso_identity_providers", as: String.self) == server.url())
        let down = try ToolRunner.run("taco-admin", ["sso", "idp", "add", "--metadata", "http://127.0.0.1:1/metadata", "--database-url", url])
        #expect(down.status == 69, "\(down.stderr)")
        #expect(try idpCount(database) == 1)
    }

    @Test("a key rotation needs --replace; without it nothing changes")
    func rotation() throws {
        let database = try TestDatabase.make()
        let url = try database.conninfo(user: try database.createLogin(group: "taco_sysadmin", prefix: "sa"))
        let idp = try SAMLTestKey.idp.get(), next = try SAMLTestKey.attacker.get()
        #expect(try ToolRunner.run("taco-admin", ["sso", "idp", "add", "--metadata", try writeTemp(Data(SAMLTestMetadata.xml(signing: [idp]).utf8)),
                                                  "--database-url", url]).status == 0)
        let rotated = try writeTemp(Data(SAMLTestMetadata.xml(signing: [next]).utf8))
        let refused = try ToolRunner.run("taco-admin", ["sso", "idp", "add", "--metadata", rotated, "--database-url", url])
        #expect(refused.status == 65 && refused.stderr.contains("--replace"), "\(refused.stderr)")
        let pinned = { try database.connect().scalar("SELECT string_agg(sha256_fingerprint, ',') FROM sso_idp_certificates", as: String.self) }
        #expect(try pinned() == (try idp.pinned()[0].sha256Fingerprint))
        let replaced = try ToolRunner.run("taco-admin", ["sso", "idp", "add", "--metadata", rotated, "--replace", "--database-url", url])
        #expect(replaced.status == 0 && replaced.stderr.contains("1 changed (1 certificate(s) added, 1 removed)"), "\(replaced.stderr)")
        #expect(try pinned() == (try next.pinned()[0].sha256Fingerprint))
    }

    @Test("hostile or invalid metadata is 65 and writes nothing; a missing file is 66")
    func badMetadata() throws {
        let database = try TestDatabase.make()
        let url = try database.conninfo(user: try database.createLogin(group: "taco_sysadmin", prefix: "sa"))
        let xxe = "<!DOCTYPE md:EntityDescriptor [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"&x;\"/>"
        for (document, reason) in [(xxe, "DOCTYPE"), ("<not-metadata/>", "not SAML 2.0 metadata"), ("garbage", "not well-formed")] {
            let run = try ToolRunner.run("taco-admin", ["sso", "idp", "add", "--metadata", try writeTemp(Data(document.utf8)), "--database-url", url])
            #expect(run.status == 65, "\(run.stderr)")
            #expect(run.stderr.contains(reason), "\(run.stderr)")
            #expect(!run.stderr.contains("root:"))
        }
        let missing = try ToolRunner.run("taco-admin", ["sso", "idp", "add", "--metadata", "/nonexistent/idp.xml", "--database-url", url])
        #expect(missing.status == 66)
        #expect(try idpCount(database) == 0)
    }

    @Test("vendor logins get 77 on every sso command; jobs and food services may list but not add")
    func permissions() throws {
        let fixture = try TenantFixture.make()
        let database = fixture.database
        let file = try writeTemp(Data(SAMLTestMetadata.xml(signing: [try SAMLTestKey.idp.get()]).utf8))
        let vendor = try database.conninfo(user: fixture.a.adminLogin)
        for arguments in [["add", "--metadata", file], ["list"], ["remove", "x", "--yes"]] {
            let run = try ToolRunner.run("taco-admin", ["sso", "idp"] + arguments + ["--database-url", vendor])
            #expect(run.status == 77, "\(arguments): \(run.stderr)")
        }
        for group in ["taco_jobs", "taco_food_services"] {
            let login = try database.conninfo(user: try database.createLogin(group: group, prefix: "r"))
            #expect(try ToolRunner.run("taco-admin", ["sso", "idp", "list", "--database-url", login]).status == 0)
            #expect(try ToolRunner.run("taco-admin", ["sso", "idp", "add", "--metadata", file, "--database-url", login]).status == 77)
        }
        #expect(try idpCount(database) == 0)
    }
}

@Suite("taco-jobs saml verify")
struct SAMLVerifyCommandTests {
    let vectors = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/vectors/saml")

    func okta(_ file: String, _ extra: [String] = [], stdin: String? = nil) throws -> ToolRun {
        try ToolRunner.run("taco-jobs", ["saml", "verify", file, "--idp-cert", vectors.appendingPathComponent("okta_cert.pem").path,
                                         "--audience", "\"123\"", "--destination", "http://localhost:8080/v1/_saml_callback",
                                         "--at", "2016-07-25T23:20:00Z"] + extra, stdin: stdin)
    }

    @Test("a valid response prints the NameID and attributes (no database needed); tampered ones are 65 with the reason")
    func pinnedCertificateFile() throws {
        let path = vectors.appendingPathComponent("okta_response.xml").path
        try #require(FileManager.default.fileExists(atPath: path), "the SAML vectors are missing: \(vectors.path)")
        let valid = try okta(path)
        #expect(valid.status == 0, "\(valid.stderr)")
        #expect(valid.stdout.contains("russellhaering"))
        #expect(valid.stdout.contains("russell.haering@scaleft.com"))
        let json = try okta(path, ["--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["name_id"] as? String == "russellhaering")
        #expect((object["attributes"] as? [String: [String]])?["username"] == ["russell.haering@scaleft.com"])
        let base64 = try Data(contentsOf: URL(fileURLWithPath: path)).base64EncodedString(options: .lineLength76Characters)
        #expect(try okta("-", stdin: base64).stdout.contains("russellhaering"))

        for (file, reason) in [("okta_response_tampered_nameid.xml", "digest mismatch"), ("okta_response_comment_changes_text.xml", "digest mismatch")] {
            let run = try okta(vectors.appendingPathComponent(file).path)
            #expect(run.status == 65, "\(run.stderr)")
            #expect(run.stderr.contains(reason), "\(run.stderr)")
            #expect(run.stdout.isEmpty, "a refused response prints no identity")
        }
        let late = try okta(path, ["--at", "2016-07-26T00:00:00Z"])
        #expect(late.status == 65 && late.stderr.contains("expired"), "\(late.stderr)")
    }

    @Test("usage errors are 64, a missing file 66, hostile XML 65")
    func errors() throws {
        let cert = vectors.appendingPathComponent("okta_cert.pem").path
        let path = vectors.appendingPathComponent("okta_response.xml").path
        #expect(try ToolRunner.run("taco-jobs", ["saml", "verify", path]).status == 64)
        #expect(try ToolRunner.run("taco-jobs", ["saml", "verify", path, "--idp-cert", cert, "--idp", "x"]).status == 64)
        #expect(try okta(path, ["--at", "not-a-time"]).status == 64)
        #expect(try okta("/nonexistent/response.xml").status == 66)
        let xxe = try writeTemp(Data("<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>".utf8))
        let hostile = try okta(xxe)
        #expect(hostile.status == 65 && hostile.stderr.contains("DOCTYPE") && !hostile.stderr.contains("root:"), "\(hostile.stderr)")
        let notPEM = try ToolRunner.run("taco-jobs", ["saml", "verify", path, "--idp-cert", path])
        #expect(notPEM.status == 65 && notPEM.stderr.contains("no PEM certificate"), "\(notPEM.stderr)")
    }

    @Test("--idp uses the certificates pinned in the database and requires its entity ID as issuer")
    func registeredIdentityProvider() throws {
        let database = try TestDatabase.make()
        let admin = try database.conninfo(user: try database.createLogin(group: "taco_sysadmin", prefix: "sa"))
        let jobs = try database.conninfo(user: try database.createLogin(group: "taco_jobs", prefix: "jobs"))
        let idp = try SAMLTestKey.idp.get()
        #expect(try ToolRunner.run("taco-admin", ["sso", "idp", "add", "--metadata", try writeTemp(Data(SAMLTestMetadata.xml(signing: [idp]).utf8)),
                                                  "--database-url", admin]).status == 0)
        let response = try writeTemp(try SAMLTestResponse.signed(key: idp))
        let common = ["--audience", SAMLTestResponse.audience, "--destination", SAMLTestResponse.destination,
                      "--at", Timestamp.rfc3339(SAMLTestResponse.instant), "--database-url", jobs]
        let valid = try ToolRunner.run("taco-jobs", ["saml", "verify", response, "--idp", SAMLTestResponse.issuer] + common)
        #expect(valid.status == 0, "\(valid.stderr)")
        #expect(valid.stdout.contains("alice@globex.example"))
        let forged = try writeTemp(try SAMLTestResponse.signed(key: try SAMLTestKey.attacker.get()))
        let refused = try ToolRunner.run("taco-jobs", ["saml", "verify", forged, "--idp", SAMLTestResponse.issuer] + common)
        #expect(refused.status == 65 && refused.stderr.contains("pinned certificate"), "\(refused.stderr)")
        let unknown = try ToolRunner.run("taco-jobs", ["saml", "verify", response, "--idp", "https://unknown.example"] + common)
        #expect(unknown.status == 65 && unknown.stderr.contains("not found"), "\(unknown.stderr)")
    }
}

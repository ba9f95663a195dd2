import Crypto
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TacoKit

/// An identity provider as described by its SAML 2.0 metadata: what `sso idp add` pins.
public struct SAMLMetadata: Sendable {
    /// The IdP's entity ID (the Issuer of its responses).
    public let entityID: String
    /// The SingleSignOnService location (informational).
    public let ssoURL: String?
    /// The signing certificates: KeyDescriptors with use="signing" or no use, de-duplicated.
    public let certificates: [PinnedCertificate]
    /// SHA-256 of the metadata document, hex.
    public let sha256: String

    /// Parses metadata with the secure parser. The root is an EntityDescriptor, or an EntitiesDescriptor holding
    /// exactly one IdP. The metadata's own signature is not checked: the certificates are pinned by an
    /// administrator who compares the fingerprints `sso idp list` shows with the IdP's.
    public init(data: Data, source: String, now: Date = Date()) throws {
        let md = SAMLNamespace.metadata, ds = XMLSignatureAlgorithm.dsigNamespace
        let document = try SecureXMLDocument(data: data, source: source, limits: .saml)
        let root = try document.root
        func refuse(_ element: SecureXMLElement, _ message: String) -> XMLRejection {
            XMLRejection(.content, "\(source):\(element.line): \(message)")
        }
        var entity = root
        if root.is(md, "EntitiesDescriptor") {
            let idps = root.descendants.filter { $0.is(md, "EntityDescriptor") && !$0.children(md, "IDPSSODescriptor").isEmpty }
            guard idps.count == 1 else {
                throw refuse(root, "an EntitiesDescriptor with \(idps.count) identity providers; give the metadata of exactly one")
            }
            entity = idps[0]
        }
        guard entity.is(md, "EntityDescriptor") else {
            throw refuse(root, "\(root.qualifiedDescription) is not SAML 2.0 metadata (expected md:EntityDescriptor)")
        }
        for element in [root, entity] {
            if let validUntil = element.attribute("validUntil") {
                guard let date = Timestamp.parsePostgres(validUntil) else { throw refuse(element, "validUntil=\"\(validUntil)\" is not a date-time") }
                guard date > now else { throw refuse(element, "the metadata expired at \(Timestamp.rfc3339(date)) (validUntil)") }
            }
        }
        guard let entityID = entity.attribute("entityID")?.trimmingCharacters(in: .whitespaces), !entityID.isEmpty,
              entityID.count <= 1024 else {
            throw refuse(entity, "the EntityDescriptor has no entityID")
        }
        let descriptors = entity.children(md, "IDPSSODescriptor")
        guard descriptors.count == 1, let idp = descriptors.first else {
            throw refuse(entity, "\(descriptors.count) IDPSSODescriptor elements, expected one (is this an identity provider's metadata?)")
        }
        guard (idp.attribute("protocolSupportEnumeration") ?? "").split(separator: " ").contains(where: { $0 == SAMLNamespace.protocol_ }) else {
            throw refuse(idp, "the IDPSSODescriptor does not support SAML 2.0 (protocolSupportEnumeration)")
        }
        var certificates: [PinnedCertificate] = []
        for key in idp.children(md, "KeyDescriptor") {
            let use = key.attribute("use")
            guard use == nil || use == "signing" else { continue }
            for keyInfo in key.children(ds, "KeyInfo") {
                for x509 in keyInfo.children(ds, "X509Data") {
                    for element in x509.children(ds, "X509Certificate") {
                        let certificate = try PinnedCertificate(base64: try element.text(), source: "\(source):\(element.line)")
                        if !certificates.contains(where: { $0.sha256Fingerprint == certificate.sha256Fingerprint }) {
                            certificates.append(certificate)
                        }
                    }
                }
            }
        }
        guard !certificates.isEmpty else {
            throw refuse(idp, "no signing certificate (KeyDescriptor use=\"signing\" or without use, with ds:X509Certificate)")
        }
        self.entityID = entityID
        ssoURL = idp.children(md, "SingleSignOnService").compactMap { $0.attribute("Location") }.first
        self.certificates = certificates
        sha256 = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// Reads metadata from a file, `-` (stdin) or an http(s) URL (fetched with a timeout), at most 1 MiB.
    public static func load(_ location: String, timeout: TimeInterval = 15) throws -> Data {
        let limit = XMLParseLimits.saml.maxBytes
        guard location.hasPrefix("http://") || location.hasPrefix("https://") else {
            return try InputFile.read(location, limit: limit).data
        }
        guard let url = URL(string: location), url.host != nil else { throw ToolError.usage("\(location) is not a valid URL") }
        return try HTTPDownload.get(url, limit: limit, timeout: timeout)
    }
}

/// A small blocking HTTP GET with a timeout and a size limit (URLSession, which is libcurl on Linux).
enum HTTPDownload {
    private final class Outcome: @unchecked Sendable {
        let lock = NSLock()
        var data: Data?
        var response: URLResponse?
        var error: (any Error)?
    }

    static func get(_ url: URL, limit: Int, timeout: TimeInterval) throws -> Data {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.setValue("application/samlmetadata+xml, application/xml;q=0.9, */*;q=0.1", forHTTPHeaderField: "Accept")
        session.dataTask(with: request) { data, response, error in
            outcome.lock.lock()
            outcome.data = data
            outcome.response = response
            outcome.error = error
            outcome.lock.unlock()
            done.signal()
        }.resume()
        // URLSession enforces the timeout; this bound only guards against a callback that never comes.
        guard done.wait(timeout: .now() + timeout + 5) == .success else {
            throw ToolError(.unavailable, "\(url.absoluteString): no answer within \(Int(timeout)) s")
        }
        outcome.lock.lock()
        defer { outcome.lock.unlock() }
        if let error = outcome.error {
            throw ToolError(.unavailable, "\(url.absoluteString): \(error.localizedDescription)")
        }
        guard let http = outcome.response as? HTTPURLResponse else {
            throw ToolError(.unavailable, "\(url.absoluteString): not an HTTP response")
        }
        guard http.statusCode == 200 else {
            throw ToolError(.unavailable, "\(url.absoluteString): HTTP \(http.statusCode)")
        }
        let data = outcome.data ?? Data()
        guard data.count <= limit else {
            throw ToolError.data("\(url.absoluteString) is \(data.count) bytes; the limit is \(limit) bytes")
        }
        return data
    }
}

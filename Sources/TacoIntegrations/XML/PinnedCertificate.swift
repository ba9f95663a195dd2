import CLibXML2
import CLibXMLSec
import Crypto
import Foundation
import TacoKit

/// An X.509 certificate pinned for signature verification (an IdP's or the HR system's signing certificate).
/// Parsed with the OpenSSL that libxmlsec1 already links, so the certificate that is displayed is exactly the
/// one the verifier loads; only its public key is used (no chain, no revocation: pinning replaces both).
public struct PinnedCertificate: Sendable, Hashable {
    /// The DER bytes.
    public let der: Data
    /// The subject in RFC 2253 form, e.g. `CN=okta,O=Okta`.
    public let subject: String
    /// Start of validity.
    public let notBefore: Date
    /// End of validity.
    public let notAfter: Date
    /// SHA-256 of the DER, upper-case hex pairs joined by colons (as `openssl x509 -fingerprint -sha256` prints).
    public let sha256Fingerprint: String
    /// The public key's algorithm and size, e.g. `RSA 2048`.
    public let keyDescription: String

    /// Parses one DER certificate.
    public init(der: Data, source: String) throws {
        let parsed: (subject: String, notBefore: Date, notAfter: Date, key: String)? = der.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
            var cursor: UnsafePointer<UInt8>? = base
            guard let certificate = d2i_X509(nil, &cursor, bytes.count) else { return nil }
            defer { X509_free(certificate) }
            guard cursor == base + bytes.count,
                  let notBefore = X509_get0_notBefore(certificate).flatMap(PinnedCertificate.date),
                  let notAfter = X509_get0_notAfter(certificate).flatMap(PinnedCertificate.date) else { return nil }
            var key = "unknown key"
            if let publicKey = X509_get0_pubkey(certificate) {
                let bits = EVP_PKEY_get_bits(publicKey)
                key = EVP_PKEY_get_base_id(publicKey) == EVP_PKEY_RSA ? "RSA \(bits)" : "non-RSA \(bits)"
            }
            return (PinnedCertificate.name(X509_get_subject_name(certificate)), notBefore, notAfter, key)
        }
        guard let parsed else { throw XMLRejection(.content, "\(source): not a valid X.509 certificate") }
        self.der = der
        subject = parsed.subject
        notBefore = parsed.notBefore
        notAfter = parsed.notAfter
        keyDescription = parsed.key
        sha256Fingerprint = SHA256.hash(data: der).map { String(format: "%02X", $0) }.joined(separator: ":")
    }

    /// Every certificate in a PEM text (one or more `BEGIN CERTIFICATE` blocks); at least one is required.
    public static func parsePEM(_ data: Data, source: String) throws -> [PinnedCertificate] {
        let text = String(decoding: data, as: UTF8.self)
        var certificates: [PinnedCertificate] = []
        var remaining = text[...]
        let begin = "-----BEGIN CERTIFICATE-----", end = "-----END CERTIFICATE-----"
        while let start = remaining.range(of: begin) {
            guard let stop = remaining.range(of: end, range: start.upperBound..<remaining.endIndex) else {
                throw XMLRejection(.content, "\(source): a PEM certificate block is not terminated")
            }
            let body = remaining[start.upperBound..<stop.lowerBound].filter { !$0.isWhitespace }
            guard let der = Data(base64Encoded: String(body)) else {
                throw XMLRejection(.content, "\(source): certificate \(certificates.count + 1) is not valid base64")
            }
            certificates.append(try PinnedCertificate(der: der, source: "\(source): certificate \(certificates.count + 1)"))
            remaining = remaining[stop.upperBound...]
        }
        guard !certificates.isEmpty else {
            throw XMLRejection(.content, "\(source): no PEM certificate (-----BEGIN CERTIFICATE-----) found",)
        }
        return certificates
    }

    /// A certificate given as base64 DER, as in SAML metadata `<ds:X509Certificate>`.
    public init(base64: String, source: String) throws {
        guard let der = Data(base64Encoded: String(base64.filter { !$0.isWhitespace })) else {
            throw XMLRejection(.content, "\(source): the certificate is not valid base64")
        }
        try self.init(der: der, source: source)
    }

    /// The certificate as PEM text.
    public var pem: String {
        let body = der.base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return "-----BEGIN CERTIFICATE-----\n\(body)\n-----END CERTIFICATE-----\n"
    }

    /// Whether the certificate has expired at `instant`, or will within `window` seconds.
    public func expires(within window: TimeInterval, of instant: Date) -> Bool {
        notAfter.timeIntervalSince(instant) < window
    }

    /// The public key as an xmlsec key (the caller owns it).
    func xmlSecKey() throws -> xmlSecKeyPtr {
        try XMLSecLibrary.ensure()
        let key = der.withUnsafeBytes { bytes -> xmlSecKeyPtr? in
            guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
            return xmlSecOpenSSLAppKeyLoadMemory(base, UInt32(bytes.count), xmlSecKeyDataFormatCertDer, nil, nil, nil)
        }
        guard let key else { throw XMLRejection(.signature, "the pinned certificate \(subject) has no usable public key") }
        return key
    }

    private static func date(_ time: UnsafePointer<ASN1_TIME>) -> Date? {
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }

    private static func name(_ name: OpaquePointer?) -> String {
        guard let name, let bio = BIO_new(BIO_s_mem()) else { return "" }
        defer { BIO_free(bio) }
        // XN_FLAG_RFC2253 is a macro of macros that does not import: its value spelled out, less ESC_MSB (4) so
        // non-ASCII names print as UTF-8 rather than as \XX escapes.
        let rfc2253: UInt = (1 << 16) | (1 << 20) | (1 << 24) | 0x1 | 0x2 | 0x10 | 0x100 | 0x200
        guard X509_NAME_print_ex(bio, name, 0, rfc2253) >= 0 else { return "" }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 512)
        while true {
            let count = BIO_read(bio, &buffer, Int32(buffer.count))
            if count <= 0 { break }
            result.append(contentsOf: buffer[0..<Int(count)])
        }
        return String(decoding: result, as: UTF8.self)
    }
}

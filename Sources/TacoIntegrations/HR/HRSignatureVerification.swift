import Crypto
import Foundation
import TacoKit

/// `hr-sync --hr-cert`: the export must carry a valid enveloped XML signature (the root's last child, RSA-SHA256 or
/// stronger, exclusive C14N) by the pinned HR certificate. An unsigned or badly signed export is refused (65) before
/// anything is applied. The file is read again for the signature check (xmlsec needs a DOM: roughly 7 bytes of
/// memory per byte of export), and its SHA-256 must equal the streaming parser's, so the bytes verified are the
/// bytes applied.
public struct HRSignatureVerification: HRFeedVerification {
    let certificatePEM: Data
    let source: String

    public init(certificatePEM: Data, source: String) {
        self.certificatePEM = certificatePEM
        self.source = source
    }

    public func verify(path: String, sha256: String?, header: HRExportHeader) throws {
        let data = try InputFile.read(path, limit: XMLParseLimits.hrExport.maxBytes).data
        let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        if let sha256, sha256 != digest {
            throw ToolError.data("\(source) changed while it was being read; nothing was applied", hint: "run the sync again")
        }
        do {
            try XMLSignature.verifyEnvelopedRoot(documentData: data, certificatePEM: certificatePEM, allowSHA1: false, source: source)
        } catch let rejection as XMLRejection {
            throw ToolError.data("\(source): the HR signature does not verify with the pinned certificate: \(rejection.message)")
        }
    }
}

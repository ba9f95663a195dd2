import CLibXML2
import CLibXMLSec
import Foundation
import TacoKit

/// Produces enveloped XML signatures with libxmlsec1: for test fixtures, the shipped samples and benchmarks
/// (production never signs; it only verifies what the HR system and identity providers signed).
public enum XMLSignatureSigner {
    /// Signs the element whose `ID` is `elementID` (or the whole document with `URI=""` when nil) with the RSA
    /// private key in `privateKeyPEM`; the signature goes after the element's `Issuer` child when it has one
    /// (SAML's schema order), else last. With `certificatePEM`, the certificate is written into KeyInfo.
    public static func signEnveloped(documentData: Data, privateKeyPEM: Data, certificatePEM: Data? = nil,
                                     elementID: String? = nil,
                                     signatureMethod: String = XMLSignatureAlgorithm.rsaSHA256,
                                     digestMethod: String = XMLSignatureAlgorithm.sha256,
                                     limits: XMLParseLimits = .hrExport) throws -> Data {
        let document = try SecureXMLDocument(data: documentData, source: "document to sign", limits: limits)
        let doc = document.doc
        let target: SecureXMLElement
        if let elementID {
            guard let found = ([try document.root] + (try document.root).descendants)
                .first(where: { element in XMLSignature.idAttributes(of: element).contains { $0.value == elementID } }),
                let id = XMLSignature.idAttributes(of: found).first(where: { $0.value == elementID }) else {
                throw XMLRejection(.content, "no element with ID \"\(elementID)\"")
            }
            if xmlGetID(doc, elementID) == nil { _ = xmlAddID(nil, doc, elementID, id.attribute) }
            target = found
        } else {
            target = try document.root
        }
        guard let method = transform(for: signatureMethod), let digest = transform(for: digestMethod) else {
            throw XMLRejection(.signature, "unsupported algorithm for signing")
        }
        guard let signature = xmlSecTmplSignatureCreate(doc, xmlSecTransformExclC14NGetKlass(), method, nil) else {
            throw ToolError(.failure, "libxmlsec1: cannot create a signature template")
        }
        if let issuer = target.children.first(where: { $0.localName == "Issuer" }) {
            xmlAddNextSibling(issuer.node, signature)
        } else {
            xmlAddChild(target.node, signature)
        }
        let uri = elementID.map { "#" + $0 } ?? ""
        guard let reference = xmlSecTmplSignatureAddReference(signature, digest, nil, uri, nil),
              xmlSecTmplReferenceAddTransform(reference, xmlSecTransformEnvelopedGetKlass()) != nil,
              xmlSecTmplReferenceAddTransform(reference, xmlSecTransformExclC14NGetKlass()) != nil else {
            throw ToolError(.failure, "libxmlsec1: cannot create the reference")
        }
        let key = privateKeyPEM.withUnsafeBytes { bytes -> xmlSecKeyPtr? in
            guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
            return xmlSecOpenSSLAppKeyLoadMemory(base, UInt32(bytes.count), xmlSecKeyDataFormatPem, nil, nil, nil)
        }
        guard let key else { throw XMLRejection(.signature, "the private key is not a PEM RSA key") }
        if let certificatePEM {
            guard let keyInfo = xmlSecTmplSignatureEnsureKeyInfo(signature, nil), xmlSecTmplKeyInfoAddX509Data(keyInfo) != nil else {
                xmlSecKeyDestroy(key)
                throw ToolError(.failure, "libxmlsec1: cannot add KeyInfo")
            }
            let loaded = certificatePEM.withUnsafeBytes { bytes -> Int32 in
                guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return -1 }
                return xmlSecOpenSSLAppKeyCertLoadMemory(key, base, UInt32(bytes.count), xmlSecKeyDataFormatPem)
            }
            guard loaded >= 0 else {
                xmlSecKeyDestroy(key)
                throw XMLRejection(.signature, "the certificate is not a PEM certificate")
            }
        }
        guard let context = xmlSecDSigCtxCreate(nil) else {
            xmlSecKeyDestroy(key)
            throw ToolError(.failure, "libxmlsec1: cannot create a signature context")
        }
        defer { xmlSecDSigCtxDestroy(context) }
        context.pointee.signKey = key
        guard xmlSecDSigCtxSign(context, signature) >= 0 else { throw XMLRejection(.signature, "signing failed") }
        return document.serialized()
    }

    private static func transform(for algorithm: String) -> xmlSecTransformId? {
        switch algorithm {
        case XMLSignatureAlgorithm.rsaSHA1: return xmlSecOpenSSLTransformRsaSha1GetKlass()
        case XMLSignatureAlgorithm.rsaSHA256: return xmlSecOpenSSLTransformRsaSha256GetKlass()
        case XMLSignatureAlgorithm.rsaSHA384: return xmlSecOpenSSLTransformRsaSha384GetKlass()
        case XMLSignatureAlgorithm.rsaSHA512: return xmlSecOpenSSLTransformRsaSha512GetKlass()
        case XMLSignatureAlgorithm.sha1: return xmlSecOpenSSLTransformSha1GetKlass()
        case XMLSignatureAlgorithm.sha256: return xmlSecOpenSSLTransformSha256GetKlass()
        case XMLSignatureAlgorithm.sha384: return xmlSecOpenSSLTransformSha384GetKlass()
        case XMLSignatureAlgorithm.sha512: return xmlSecOpenSSLTransformSha512GetKlass()
        default: return nil
        }
    }
}

extension SecureXMLDocument {
    /// The document serialised as UTF-8 XML.
    public func serialized() -> Data {
        var buffer: UnsafeMutablePointer<xmlChar>?
        var size: Int32 = 0
        xmlDocDumpMemoryEnc(doc, &buffer, &size, "UTF-8")
        guard let buffer else { return Data() }
        defer { taco_xml_free(buffer) }
        return Data(bytes: buffer, count: Int(size))
    }
}

import CLibXML2
import CLibXMLSec
import Foundation
import TacoKit

/// The algorithm URIs XML-DSig verification accepts.
public enum XMLSignatureAlgorithm {
    public static let dsigNamespace = "http://www.w3.org/2000/09/xmldsig#"
    public static let exclusiveC14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
    public static let inclusiveC14N = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
    public static let envelopedSignature = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
    public static let rsaSHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
    public static let rsaSHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
    public static let rsaSHA384 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384"
    public static let rsaSHA512 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512"
    public static let sha1 = "http://www.w3.org/2000/09/xmldsig#sha1"
    public static let sha256 = "http://www.w3.org/2001/04/xmlenc#sha256"
    public static let sha384 = "http://www.w3.org/2001/04/xmldsig-more#sha384"
    public static let sha512 = "http://www.w3.org/2001/04/xmlenc#sha512"

    static let canonicalizations = [exclusiveC14N, inclusiveC14N]
    static func signatureMethods(allowSHA1: Bool) -> [String] {
        [rsaSHA256, rsaSHA384, rsaSHA512] + (allowSHA1 ? [rsaSHA1] : [])
    }
    static func digestMethods(allowSHA1: Bool) -> [String] { [sha256, sha384, sha512] + (allowSHA1 ? [sha1] : []) }

    static func signatureTransforms(allowSHA1: Bool) -> [xmlSecTransformId?] {
        [xmlSecTransformExclC14NGetKlass(), xmlSecTransformInclC14NGetKlass(), xmlSecOpenSSLTransformRsaSha256GetKlass(),
         xmlSecOpenSSLTransformRsaSha384GetKlass(), xmlSecOpenSSLTransformRsaSha512GetKlass()]
            + (allowSHA1 ? [xmlSecOpenSSLTransformRsaSha1GetKlass()] : [])
    }

    static func referenceTransforms(allowSHA1: Bool) -> [xmlSecTransformId?] {
        [xmlSecTransformEnvelopedGetKlass(), xmlSecTransformExclC14NGetKlass(), xmlSecTransformInclC14NGetKlass(),
         xmlSecOpenSSLTransformSha256GetKlass(), xmlSecOpenSSLTransformSha384GetKlass(), xmlSecOpenSSLTransformSha512GetKlass()]
            + (allowSHA1 ? [xmlSecOpenSSLTransformSha1GetKlass()] : [])
    }
}

/// What verification allows beyond the defaults.
public struct XMLSignaturePolicy: Sendable {
    /// Accept RSA-SHA1 signatures and SHA-1 digests (legacy IdPs; off by default).
    public var allowSHA1: Bool
    /// Accept `URI=""` (the whole document) for a signature whose parent is the document element.
    public var allowWholeDocumentReference: Bool

    public init(allowSHA1: Bool = false, allowWholeDocumentReference: Bool = false) {
        self.allowSHA1 = allowSHA1
        self.allowWholeDocumentReference = allowWholeDocumentReference
    }
}

/// An element whose enveloped signature verified with a pinned certificate: read data only from here.
public struct VerifiedElement {
    /// The signed element (the signature's parent).
    public let element: SecureXMLElement
    /// The pinned certificate that verified it.
    public let certificate: PinnedCertificate
    /// The signature algorithm URI used.
    public let signatureAlgorithm: String
}

/// Enveloped XML-DSig verification with pinned certificates (libxmlsec1 does the cryptography; the rules on which
/// signature protects which element are ours): the signature's single Reference must point at the signature's
/// parent by its ID, IDs are unique in the whole document, algorithms are allow-listed, KeyInfo is ignored.
public enum XMLSignature {
    /// Verifies a signed HR export: `ds:Signature` must be the root's last child element, RSA-SHA256 (or
    /// stronger; SHA-1 only with `allowSHA1`), referencing the whole document (`URI=""`, which is how the HR
    /// export is signed: its root has no ID attribute) or `#` + the root's `ID` attribute when it has one.
    /// Returns nothing: the caller streams the same bytes afterwards (the signature covers the whole root).
    public static func verifyEnvelopedRoot(documentData: Data, certificatePEM: Data, allowSHA1: Bool,
                                           limits: XMLParseLimits = .hrExport, source: String = "HR export") throws {
        let certificates = try PinnedCertificate.parsePEM(certificatePEM, source: "HR signing certificate")
        let document = try SecureXMLDocument(data: documentData, source: source, limits: limits)
        _ = try verifyEnvelopedRoot(document: document, certificates: certificates, allowSHA1: allowSHA1)
    }

    /// Verifies the enveloped signature that is the last child element of the document element.
    public static func verifyEnvelopedRoot(document: SecureXMLDocument, certificates: [PinnedCertificate],
                                           allowSHA1: Bool) throws -> VerifiedElement {
        let root = try document.root
        let signatures = root.children(XMLSignatureAlgorithm.dsigNamespace, "Signature")
        guard let signature = signatures.last else {
            throw XMLRejection(.signature, "the document is not signed (no ds:Signature in \(root.qualifiedDescription))")
        }
        guard signatures.count == 1 else {
            throw XMLRejection(.signature, "\(root.qualifiedDescription) has \(signatures.count) signatures, expected one")
        }
        guard root.children.last?.node == signature.node else {
            throw XMLRejection(.signature, "line \(signature.line): the signature must be the last child of \(root.qualifiedDescription)")
        }
        try checkNoOtherSignatures(document, allowed: [signature])
        return try verify(signature: signature, certificates: certificates,
                          policy: XMLSignaturePolicy(allowSHA1: allowSHA1, allowWholeDocumentReference: true))
    }

    /// Refuses any `ds:Signature` other than `allowed` (a stray signature elsewhere is a wrapping attempt).
    static func checkNoOtherSignatures(_ document: SecureXMLDocument, allowed: [SecureXMLElement]) throws {
        for element in document.allElements() where element.is(XMLSignatureAlgorithm.dsigNamespace, "Signature") {
            guard allowed.contains(where: { $0.node == element.node }) else {
                throw XMLRejection(.signature, "line \(element.line): a signature in an unexpected place (inside \(element.parent?.qualifiedDescription ?? "the document"))")
            }
        }
    }

    /// The attributes treated as IDs: `ID`, `Id`, `id` (no namespace) and `xml:id` (which libxml2 registers itself).
    static func idAttributes(of element: SecureXMLElement) -> [(name: String, value: String, attribute: xmlAttrPtr)] {
        var result: [(String, String, xmlAttrPtr)] = []
        var attribute = element.node.pointee.properties
        while let current = attribute {
            defer { attribute = current.pointee.next }
            let name = current.pointee.name.map { String(cString: $0) } ?? ""
            let namespace = current.pointee.ns?.pointee.href.map { String(cString: $0) }
            let isID = (namespace == nil && ["ID", "Id", "id"].contains(name))
                || (namespace == "http://www.w3.org/XML/1998/namespace" && name == "id")
            guard isID, let raw = xmlNodeListGetString(element.owner.doc, current.pointee.children, 1) else { continue }
            defer { taco_xml_free(raw) }
            result.append((name, String(cString: raw), current))
        }
        return result
    }

    /// Refuses a document in which two ID-like attributes share a value (the basis of signature wrapping).
    public static func checkUniqueIDs(_ document: SecureXMLDocument) throws {
        var seen: [String: Int] = [:]
        for element in document.allElements() {
            for id in idAttributes(of: element) {
                if let first = seen[id.value] {
                    throw XMLRejection(.signature, "duplicate ID \"\(id.value)\" (lines \(first) and \(element.line))")
                }
                seen[id.value] = element.line
            }
        }
    }

    /// Verifies `signature` (an enveloped `ds:Signature`) over its parent element with the first of
    /// `certificates` that fits. The caller has checked IDs are unique (`checkUniqueIDs`).
    static func verify(signature: SecureXMLElement, certificates: [PinnedCertificate],
                       policy: XMLSignaturePolicy) throws -> VerifiedElement {
        try XMLSecLibrary.ensure()
        guard !certificates.isEmpty else { throw XMLRejection(.signature, "no pinned certificate to verify with") }
        guard let parent = signature.parent else {
            throw XMLRejection(.signature, "the signature has no parent element")
        }
        let place = "line \(signature.line)"
        let algorithm = try checkSignatureShape(signature, parent: parent, policy: policy)

        // Make the parent's ID resolvable (no DTD declares it) and make sure it resolves to the parent only.
        if let expectedID = algorithm.referencedID {
            guard let id = idAttributes(of: parent).first(where: { $0.value == expectedID }) else {
                throw XMLRejection(.signature, "\(place): the reference must point at the signed element's own ID")
            }
            if let existing = xmlGetID(parent.owner.doc, expectedID) {
                guard existing == id.attribute else { throw XMLRejection(.signature, "duplicate ID \"\(expectedID)\"") }
            } else {
                guard xmlAddID(nil, parent.owner.doc, expectedID, id.attribute) != nil else {
                    throw XMLRejection(.signature, "\(place): cannot register the ID \"\(expectedID)\"")
                }
            }
        }

        var digestFailed = false
        for certificate in certificates {
            let key = try certificate.xmlSecKey()
            guard let context = xmlSecDSigCtxCreate(nil) else {
                xmlSecKeyDestroy(key)
                throw ToolError(.failure, "libxmlsec1: cannot create a signature context")
            }
            defer { xmlSecDSigCtxDestroy(context) }
            // The pinned key, set before verification, is the only key: xmlsec then never reads KeyInfo for one.
            context.pointee.signKey = key
            context.pointee.flags |= UInt32(XMLSEC_DSIG_FLAGS_IGNORE_MANIFESTS)
            context.pointee.enabledReferenceUris = xmlSecTransformUriType(
                (policy.allowWholeDocumentReference ? xmlSecTransformUriTypeEmpty : 0) | xmlSecTransformUriTypeSameDocument)
            for transform in XMLSignatureAlgorithm.signatureTransforms(allowSHA1: policy.allowSHA1) {
                guard xmlSecDSigCtxEnableSignatureTransform(context, transform) >= 0 else {
                    throw ToolError(.failure, "libxmlsec1: cannot restrict the signature algorithms")
                }
            }
            for transform in XMLSignatureAlgorithm.referenceTransforms(allowSHA1: policy.allowSHA1) {
                guard xmlSecDSigCtxEnableReferenceTransform(context, transform) >= 0 else {
                    throw ToolError(.failure, "libxmlsec1: cannot restrict the reference algorithms")
                }
            }
            guard xmlSecDSigCtxVerify(context, signature.node) >= 0 else {
                throw XMLRejection(.signature, "\(place): the signature could not be processed (malformed, or its reference does not resolve)")
            }
            let references = referenceStatuses(context)
            if context.pointee.status == xmlSecDSigStatusSucceeded {
                guard references.count == 1, references[0].status == xmlSecDSigStatusSucceeded,
                      references[0].uri == algorithm.referenceURI else {
                    throw XMLRejection(.signature, "\(place): the verified reference is not the signed element")
                }
                if let expectedID = algorithm.referencedID {
                    guard let resolved = xmlGetID(parent.owner.doc, expectedID), resolved.pointee.parent == parent.node else {
                        throw XMLRejection(.signature, "\(place): the reference does not resolve to the signed element")
                    }
                }
                return VerifiedElement(element: parent, certificate: certificate, signatureAlgorithm: algorithm.signatureMethod)
            }
            if references.contains(where: { $0.status == xmlSecDSigStatusInvalid }) {
                digestFailed = true
                break
            }
        }
        if digestFailed {
            throw XMLRejection(.signature, "\(place): the signed content of \(parent.qualifiedDescription) was changed after signing (digest mismatch)")
        }
        let pinned = certificates.map(\.subject).joined(separator: "; ")
        throw XMLRejection(.signature, "\(place): the signature of \(parent.qualifiedDescription) does not verify with the pinned certificate\(certificates.count == 1 ? "" : "s") (\(pinned))")
    }

    private static func referenceStatuses(_ context: xmlSecDSigCtxPtr) -> [(uri: String?, status: xmlSecDSigStatus)] {
        guard let offset = MemoryLayout<xmlSecDSigCtx>.offset(of: \.signedInfoReferences) else { return [] }
        let list = (UnsafeMutableRawPointer(context) + offset).assumingMemoryBound(to: xmlSecPtrList.self)
        var result: [(String?, xmlSecDSigStatus)] = []
        for index in 0..<xmlSecPtrListGetSize(list) {
            guard let item = xmlSecPtrListGetItem(list, index) else { continue }
            let reference = item.assumingMemoryBound(to: xmlSecDSigReferenceCtx.self)
            result.append((reference.pointee.uri.map { String(cString: $0) }, reference.pointee.status))
        }
        return result
    }

    struct SignatureShape {
        var referenceURI: String
        var referencedID: String?
        var signatureMethod: String
    }

    /// Checks the signature's structure and algorithms before any cryptography, with a clear reason for each refusal.
    static func checkSignatureShape(_ signature: SecureXMLElement, parent: SecureXMLElement,
                                    policy: XMLSignaturePolicy) throws -> SignatureShape {
        let ds = XMLSignatureAlgorithm.dsigNamespace
        let place = "line \(signature.line)"
        func refuse(_ message: String) -> XMLRejection { XMLRejection(.signature, "\(place): \(message)") }
        guard signature.is(ds, "Signature") else { throw refuse("expected ds:Signature") }
        let parts = signature.children
        guard parts.count >= 2, parts[0].is(ds, "SignedInfo"), parts[1].is(ds, "SignatureValue") else {
            throw refuse("ds:Signature must start with ds:SignedInfo and ds:SignatureValue")
        }
        for extra in parts.dropFirst(2) where !extra.is(ds, "KeyInfo") {
            throw refuse("ds:\(extra.localName) in a signature is not supported")
        }
        let signedInfo = parts[0]
        let infoParts = signedInfo.children
        guard infoParts.count == 3, infoParts[0].is(ds, "CanonicalizationMethod"), infoParts[1].is(ds, "SignatureMethod"),
              infoParts[2].is(ds, "Reference") else {
            throw refuse("ds:SignedInfo must hold exactly CanonicalizationMethod, SignatureMethod and one Reference")
        }
        let c14n = infoParts[0].attribute("Algorithm") ?? ""
        guard XMLSignatureAlgorithm.canonicalizations.contains(c14n) else {
            throw refuse("canonicalization \"\(c14n)\" is not allowed (exclusive C14N expected)")
        }
        let method = infoParts[1].attribute("Algorithm") ?? ""
        guard XMLSignatureAlgorithm.signatureMethods(allowSHA1: policy.allowSHA1).contains(method) else {
            if method == XMLSignatureAlgorithm.rsaSHA1 {
                throw refuse("signature algorithm RSA-SHA1 is not allowed (pass --allow-sha1 for a legacy identity provider)")
            }
            throw refuse("signature algorithm \"\(method)\" is not allowed (RSA-SHA256, -SHA384 or -SHA512 expected)")
        }
        guard infoParts[1].children.isEmpty else { throw refuse("ds:SignatureMethod parameters are not supported") }
        let reference = infoParts[2]
        guard let uri = reference.attribute("URI") else { throw refuse("the reference has no URI") }
        var referencedID: String?
        if uri.isEmpty {
            guard policy.allowWholeDocumentReference, parent.parent == nil else {
                throw refuse("the reference must be \"#\" + the ID of the signed element, not the whole document")
            }
        } else {
            guard uri.hasPrefix("#"), uri.count > 1, !uri.contains("("),
                  idAttributes(of: parent).contains(where: { "#" + $0.value == uri }) else {
                throw refuse("the reference \"\(uri)\" is not the ID of the signed element \(parent.qualifiedDescription)")
            }
            referencedID = String(uri.dropFirst())
        }
        let referenceParts = reference.children
        guard referenceParts.count == 3, referenceParts[0].is(ds, "Transforms"), referenceParts[1].is(ds, "DigestMethod"),
              referenceParts[2].is(ds, "DigestValue") else {
            throw refuse("ds:Reference must hold exactly Transforms, DigestMethod and DigestValue")
        }
        let transforms = referenceParts[0].children
        let transformAlgorithms = transforms.map { $0.attribute("Algorithm") ?? "" }
        guard transforms.allSatisfy({ $0.is(ds, "Transform") }), transformAlgorithms.first == XMLSignatureAlgorithm.envelopedSignature,
              transformAlgorithms.count <= 2,
              transformAlgorithms.dropFirst().allSatisfy({ XMLSignatureAlgorithm.canonicalizations.contains($0) }) else {
            throw refuse("transforms \(transformAlgorithms) are not allowed (enveloped-signature, then exclusive C14N)")
        }
        let digest = referenceParts[1].attribute("Algorithm") ?? ""
        guard XMLSignatureAlgorithm.digestMethods(allowSHA1: policy.allowSHA1).contains(digest) else {
            if digest == XMLSignatureAlgorithm.sha1 {
                throw refuse("digest algorithm SHA-1 is not allowed (pass --allow-sha1 for a legacy identity provider)")
            }
            throw refuse("digest algorithm \"\(digest)\" is not allowed (SHA-256 or stronger expected)")
        }
        return SignatureShape(referenceURI: uri, referencedID: referencedID, signatureMethod: method)
    }
}

extension XMLParseLimits {
    /// A signed HR export verified as a DOM: up to 256 MiB, 32 levels.
    public static let hrExport = XMLParseLimits(maxBytes: 256 << 20, maxDepth: 32)
}

import CLibXML2
import CLibXMLSec
import Foundation
import TacoKit

/// Why an XML input (SAML response, IdP metadata, signed HR export) was refused; always exit 65.
public struct XMLRejection: ReportableError, Sendable, Equatable, CustomStringConvertible {
    public var report: ToolError { ToolError(.dataError, message) }

    /// What kind of problem it was, so callers and tests can tell a hostile document from a bad signature.
    public enum Kind: String, Sendable {
        /// Not well-formed XML (truncated, not XML, invalid UTF-8, libxml2's own limits).
        case malformed
        /// A DOCTYPE, entity declaration or reference, XInclude or excessive nesting: refused before use.
        case hostile
        /// Larger than the caller's limit.
        case tooLarge
        /// The XML signature is missing, malformed, uses a refused algorithm or does not verify.
        case signature
        /// The document is not what was expected (SAML rules, metadata shape).
        case content
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

/// Limits a DOM parse enforces on top of libxml2's own (which stay at their non-HUGE defaults).
public struct XMLParseLimits: Sendable {
    /// Largest accepted input in bytes (checked before parsing).
    public var maxBytes: Int
    /// Deepest accepted element nesting (libxml2 itself stops at 256 without XML_PARSE_HUGE).
    public var maxDepth: Int

    public init(maxBytes: Int, maxDepth: Int = 64) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
    }

    /// SAML responses and IdP metadata: 1 MiB, 64 levels.
    public static let saml = XMLParseLimits(maxBytes: 1 << 20, maxDepth: 64)
}

/// libxml2 and libxmlsec1 set-up, done once per process. xmlsec's crypto initialisation is not thread-safe,
/// so it runs inside a Swift `static let` (initialised exactly once, under a lock).
enum XMLSecLibrary {
    private static let initialisation: String? = {
        xmlInitParser()
        // xmlsec's default error callback prints every failure to stderr; our errors carry their own reasons.
        xmlSecErrorsDefaultCallbackEnableOutput(0)
        guard xmlSecInit() >= 0 else { return "xmlSecInit failed" }
        guard xmlSecCheckVersionExt(Int32(XMLSEC_VERSION_MAJOR), Int32(XMLSEC_VERSION_MINOR), Int32(XMLSEC_VERSION_SUBMINOR),
                                    xmlSecCheckVersionABICompatible) == 1 else {
            return "the loaded libxmlsec1 is not ABI-compatible with the headers this was built with (\(XMLSEC_VERSION))"
        }
        guard xmlSecOpenSSLAppInit(nil) >= 0 else { return "xmlSecOpenSSLAppInit failed" }
        guard xmlSecOpenSSLInit() >= 0 else { return "xmlSecOpenSSLInit failed" }
        return nil
    }()

    /// Initialises libxml2 and libxmlsec1 on first use; throws (as an internal failure) if that is impossible.
    static func ensure() throws {
        if let failure = initialisation { throw ToolError(.failure, "libxmlsec1: \(failure)") }
    }
}

/// Refuses the DOCTYPE the moment the parser meets it, before any entity or the internal subset is read.
private let refuseDoctype: internalSubsetSAXFunc = { context, _, _, _ in
    guard let context else { return }
    xmlStopParser(context.assumingMemoryBound(to: xmlParserCtxt.self))
}

private let refuseEntityDeclaration: entityDeclSAXFunc = { context, _, _, _, _, _ in
    guard let context else { return }
    xmlStopParser(context.assumingMemoryBound(to: xmlParserCtxt.self))
}

/// A DOM parsed from memory with every XML attack refused: no DOCTYPE (stopped at the token), no entities,
/// no network, no XInclude, libxml2's default (non-HUGE) limits plus a size and depth limit, UTF-8 only.
public final class SecureXMLDocument {
    let doc: xmlDocPtr

    /// Parses `data`; `source` names the input in messages.
    public init(data: Data, source: String, limits: XMLParseLimits) throws {
        try XMLSecLibrary.ensure()
        guard !data.isEmpty else { throw XMLRejection(.malformed, "\(source): empty input, expected an XML document") }
        guard data.count <= limits.maxBytes else {
            throw XMLRejection(.tooLarge, "\(source): \(data.count) bytes is larger than the limit of \(limits.maxBytes) bytes")
        }
        guard data.count < Int(Int32.max) else { throw XMLRejection(.tooLarge, "\(source): too large") }
        guard let context = xmlNewParserCtxt() else { throw ToolError(.failure, "libxml2: cannot allocate a parser") }
        defer { xmlFreeParserCtxt(context) }
        if let sax = context.pointee.sax {
            sax.pointee.internalSubset = refuseDoctype
            sax.pointee.externalSubset = refuseDoctype
            sax.pointee.entityDecl = refuseEntityDeclaration
        }
        // NONET: no network even if something slipped through. NOCDATA: CDATA becomes plain text (C14N treats it
        // the same), so text reading has one node kind. Never NOENT, DTDLOAD, DTDATTR, DTDVALID, XINCLUDE or HUGE.
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_NOERROR.rawValue
            | XML_PARSE_NOWARNING.rawValue)
        let parsed: xmlDocPtr? = data.withUnsafeBytes { bytes in
            bytes.baseAddress.flatMap { base in
                // UTF-8 is forced: a document declaring another encoding is read as UTF-8, invalid bytes are errors.
                xmlCtxtReadMemory(context, base.assumingMemoryBound(to: CChar.self), Int32(bytes.count), nil, "UTF-8", options)
            }
        }
        let stopped = context.pointee.errNo == Int32(XML_ERR_USER_STOP.rawValue)
        guard let parsed, !stopped, context.pointee.wellFormed != 0 else {
            if let parsed { xmlFreeDoc(parsed) }
            if stopped {
                throw XMLRejection(.hostile, "\(source): a DOCTYPE or entity declaration is not allowed (refused before it was read)")
            }
            let error = context.pointee.lastError
            let message = error.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "not well-formed"
            throw XMLRejection(.malformed, "\(source):\(error.line): not well-formed XML: \(message)")
        }
        doc = parsed
        try checkNoHostileNodes(source: source, maxDepth: limits.maxDepth)
    }

    deinit { xmlFreeDoc(doc) }

    /// The document element.
    public var root: SecureXMLElement {
        get throws {
            guard let node = xmlDocGetRootElement(doc) else { throw XMLRejection(.malformed, "the document has no root element") }
            return SecureXMLElement(node: node, owner: self)
        }
    }

    /// Defence in depth behind the SAX refusal: no DTD, entity or XInclude node anywhere, nesting within the limit.
    private func checkNoHostileNodes(source: String, maxDepth: Int) throws {
        if doc.pointee.intSubset != nil || doc.pointee.extSubset != nil {
            throw XMLRejection(.hostile, "\(source): a DOCTYPE is not allowed")
        }
        var stack: [(xmlNodePtr, Int)] = []
        var top = doc.pointee.children
        while let node = top {
            stack.append((node, 1))
            top = node.pointee.next
        }
        while let (node, depth) = stack.popLast() {
            switch node.pointee.type {
            case XML_DTD_NODE, XML_DOCUMENT_TYPE_NODE, XML_ENTITY_DECL, XML_ENTITY_NODE, XML_ENTITY_REF_NODE, XML_NOTATION_NODE:
                throw XMLRejection(.hostile, "\(source):\(xmlGetLineNo(node)): entities and DTDs are not allowed")
            case XML_XINCLUDE_START, XML_XINCLUDE_END:
                throw XMLRejection(.hostile, "\(source):\(xmlGetLineNo(node)): XInclude is not allowed")
            default:
                break
            }
            if depth > maxDepth {
                throw XMLRejection(.hostile, "\(source):\(xmlGetLineNo(node)): elements nested deeper than \(maxDepth) levels")
            }
            if node.pointee.type == XML_ELEMENT_NODE {
                var child = node.pointee.children
                while let current = child {
                    stack.append((current, depth + 1))
                    child = current.pointee.next
                }
            }
        }
    }

    /// Every element in document order (iterative, so no deep recursion).
    func allElements() -> [SecureXMLElement] {
        var result: [SecureXMLElement] = []
        var stack: [xmlNodePtr] = []
        if let root = xmlDocGetRootElement(doc) { stack.append(root) }
        while let node = stack.popLast() {
            result.append(SecureXMLElement(node: node, owner: self))
            var children: [xmlNodePtr] = []
            var child = node.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE { children.append(current) }
                child = current.pointee.next
            }
            stack.append(contentsOf: children.reversed())
        }
        return result
    }
}

/// One element of a `SecureXMLDocument` (keeps the document alive). Names are matched by namespace URI and
/// local name, never by prefix.
public struct SecureXMLElement {
    let node: xmlNodePtr
    let owner: SecureXMLDocument

    /// The local name, e.g. `Assertion`.
    public var localName: String { node.pointee.name.map { String(cString: $0) } ?? "" }

    /// The namespace URI, or nil for none.
    public var namespaceURI: String? { node.pointee.ns?.pointee.href.map { String(cString: $0) } }

    /// `{namespace}local` for messages.
    public var qualifiedDescription: String {
        let prefix = node.pointee.ns?.pointee.prefix.map { String(cString: $0) + ":" } ?? ""
        return prefix + localName
    }

    /// The line the element started on.
    public var line: Int { Int(xmlGetLineNo(node)) }

    /// Whether this is `{namespace}local`.
    public func `is`(_ namespace: String?, _ local: String) -> Bool {
        localName == local && namespaceURI == namespace
    }

    /// An attribute without a namespace (or in `namespace`), nil when absent.
    public func attribute(_ name: String, namespace: String? = nil) -> String? {
        guard let value = namespace.map({ xmlGetNsProp(node, name, $0) }) ?? xmlGetNoNsProp(node, name) else { return nil }
        defer { taco_xml_free(value) }
        return String(cString: value)
    }

    /// The parent element, nil for the root.
    public var parent: SecureXMLElement? {
        guard let parent = node.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE else { return nil }
        return SecureXMLElement(node: parent, owner: owner)
    }

    /// The element children in order.
    public var children: [SecureXMLElement] {
        var result: [SecureXMLElement] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { result.append(SecureXMLElement(node: current, owner: owner)) }
            child = current.pointee.next
        }
        return result
    }

    /// The element children named `{namespace}local`.
    public func children(_ namespace: String?, _ local: String) -> [SecureXMLElement] {
        children.filter { $0.is(namespace, local) }
    }

    /// The only child named `{namespace}local`: nil when there is none, an error when there are several.
    public func onlyChild(_ namespace: String?, _ local: String) throws -> SecureXMLElement? {
        let found = children(namespace, local)
        guard found.count <= 1 else {
            throw XMLRejection(.content, "line \(line): \(qualifiedDescription) has \(found.count) \(local) elements, expected at most one")
        }
        return found.first
    }

    /// Every descendant element (not self) in document order.
    public var descendants: [SecureXMLElement] {
        var result: [SecureXMLElement] = []
        var stack = children.reversed() as [SecureXMLElement]
        while let element = stack.popLast() {
            result.append(element)
            stack.append(contentsOf: element.children.reversed())
        }
        return result
    }

    /// The element's own text: its direct text children concatenated. Comments and processing instructions are
    /// skipped rather than ending the text (an injected comment can never truncate a NameID), and an element
    /// child is refused: simple-content values never contain markup.
    public func text() throws -> String {
        var bytes: [UInt8] = []
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content {
                    var pointer = content
                    while pointer.pointee != 0 {
                        bytes.append(pointer.pointee)
                        pointer += 1
                    }
                }
            case XML_COMMENT_NODE, XML_PI_NODE:
                break
            default:
                throw XMLRejection(.content, "line \(line): \(qualifiedDescription) must contain text only")
            }
            child = current.pointee.next
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The text with surrounding white space removed.
    public func trimmedText() throws -> String { try text().trimmingCharacters(in: .whitespacesAndNewlines) }
}

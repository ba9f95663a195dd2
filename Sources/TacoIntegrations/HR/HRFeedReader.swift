import CLibXML2
import Crypto
import Foundation
import TacoKit

/// One record of an export, in file order.
public enum HRFeedItem: Sendable {
    /// The root's attributes, as soon as the root is read (the trailer and counts come with `read`'s result).
    case header(HRExportHeader)
    case campus(HRCampus)
    case department(HRDepartment)
    case employee(HREmployee)
}

/// Streams an HR export (docs/hr-feed.md) with libxml2's `xmlTextReader` in constant memory: one record is
/// expanded, handed over and freed at a time. The bytes come from a descriptor the caller opened itself, through
/// our own read callback, so no URL is ever resolved by libxml2 and the SHA-256 is of exactly the bytes parsed.
///
/// Hostile input is refused before any of its content is used: a DOCTYPE (so no entity is ever declared), an
/// entity reference, a text node over libxml2's 10 MB cap, nesting deeper than its 256 levels, malformed UTF-8.
/// Only `XML_PARSE_NONET` is set; never NOENT, DTDLOAD, DTDATTR, DTDVALID, XINCLUDE or HUGE.
public final class HRFeedReader {
    /// The name used in messages (`export.xml`, `stdin`, the URL's last path component).
    public let displayName: String
    private let descriptor: Int32
    private var hasher = SHA256()
    private var finishedInput = false
    private var readErrno: Int32 = 0
    private var firstError: (line: Int, message: String)?
    private var reader: xmlTextReaderPtr?
    private var sawRoot = false
    private var rootClosed = false
    /// Bytes read from the descriptor so far.
    public private(set) var bytesRead = 0

    /// Reads from `descriptor` (not closed here); `displayName` names it in messages.
    public init(descriptor: Int32, displayName: String) {
        self.descriptor = descriptor
        self.displayName = displayName
        _ = HRFeedReader.setUp
    }

    /// The SHA-256 (hex) of the whole input, once `read` has consumed it all or `finishHash` drained it.
    public var sha256Hex: String? {
        guard finishedInput else { return nil }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Reads the rest of the input into the hash (after an error, so a refused run still names its file).
    public func finishHash(limit: Int = 1 << 30) {
        guard !finishedInput else { return }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var drained = 0
        while drained < limit {
            let count = buffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 {
                finishedInput = count == 0
                return
            }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            drained += count
            bytesRead += count
        }
    }

    // Process-wide, once: libxml2 may never fetch an external entity or DTD, whatever a caller's options.
    private static let setUp: Void = {
        xmlInitParser()
        xmlSetExternalEntityLoader(hrRefuseExternalEntity)
    }()

    /// Parses the whole export, calling `visit` for each Campus, Department and Employee in file order, and returns
    /// the root's attributes with the trailer. Throws a 65 `ToolError` naming the line for XML that is not
    /// well-formed or is hostile; `visit`'s own errors are rethrown as they are.
    public func read(_ visit: (HRFeedItem) throws -> Void) throws -> HRExportHeader {
        let context = Unmanaged.passUnretained(self).toOpaque()
        guard let reader = xmlReaderForIO(hrFeedRead, hrFeedClose, context, nil, nil, Int32(XML_PARSE_NONET.rawValue)) else {
            throw refused(line: nil, "libxml2 could not start a reader on the input")
        }
        self.reader = reader
        defer {
            xmlFreeTextReader(reader)
            self.reader = nil
            xmlSetStructuredErrorFunc(nil, nil)
        }
        xmlTextReaderSetStructuredErrorHandler(reader, hrFeedError, context)
        xmlSetStructuredErrorFunc(context, hrFeedError)

        var header = HRExportHeader()
        var section: String?
        var status = xmlTextReaderRead(reader)
        while status == 1 {
            let type = xmlTextReaderNodeType(reader)
            let depth = xmlTextReaderDepth(reader)
            switch type {
            case Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue):
                throw refused(line: parserLine(), "the export has a DOCTYPE; document types (and the entities they declare) are refused")
            case Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue), Int32(XML_READER_TYPE_ENTITY.rawValue):
                throw refused(line: parserLine(), "the export uses an entity reference; only the five predefined entities are allowed")
            case Int32(XML_READER_TYPE_ELEMENT.rawValue):
                let inHR = Self.isHRNamespace(xmlTextReaderConstNamespaceUri(reader))
                let local = xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? ""
                if depth == 0 {
                    guard inHR, local == "EmployeeExport" else {
                        let uri = xmlTextReaderConstNamespaceUri(reader).map { String(cString: $0) } ?? ""
                        throw refused(line: parserLine(),
                                      "the root element is {\(uri)}\(local), not EmployeeExport in the namespace \(hrExportNamespace)")
                    }
                    guard let node = xmlTextReaderCurrentNode(reader) else { throw parseFailure() }
                    header.line = line(of: node)
                    header.schemaVersion = try attribute(node, "schemaVersion")
                    header.exportID = try attribute(node, "exportId")
                    header.mode = try attribute(node, "mode")
                    header.sourceSystem = try attribute(node, "sourceSystem")
                    header.asOf = try attribute(node, "asOf")
                    header.generatedAt = try attribute(node, "generatedAt")
                    header.recordCount = try attribute(node, "recordCount")
                    sawRoot = true
                    try visit(.header(header))
                    status = xmlTextReaderRead(reader)
                    continue
                }
                if Self.isXInclude(xmlTextReaderConstNamespaceUri(reader)) {
                    throw refused(line: parserLine(), "the export uses XInclude, which is refused")
                }
                if depth == 1 {
                    section = nil
                    if inHR, local == "Campuses" || local == "Departments" || local == "Employees" {
                        section = local
                        status = xmlTextReaderRead(reader)
                        continue
                    }
                    if inHR, local == "Trailer", let node = xmlTextReaderCurrentNode(reader) {
                        header.trailerLine = line(of: node)
                        header.trailerRecordCount = try attribute(node, "recordCount") ?? ""
                    } else if local == "Signature",
                              xmlTextReaderConstNamespaceUri(reader).map({ String(cString: $0) }) == "http://www.w3.org/2000/09/xmldsig#" {
                        header.hasSignature = true
                    }
                    status = xmlTextReaderNext(reader)
                    continue
                }
                if depth == 2, inHR, let section {
                    let startLine = parserLine()
                    switch (section, local) {
                    case ("Campuses", "Campus"):
                        try visit(.campus(try campus(try expand(), fallbackLine: startLine)))
                    case ("Departments", "Department"):
                        try visit(.department(try department(try expand(), fallbackLine: startLine)))
                    case ("Employees", "Employee"):
                        header.employeeCount += 1
                        try visit(.employee(try employee(try expand(), fallbackLine: startLine)))
                    default:
                        try checkSubtree(try expand(), fallbackLine: startLine)
                    }
                } else {
                    try checkSubtree(try expand(), fallbackLine: parserLine())
                }
                status = xmlTextReaderNext(reader)
            case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
                if depth == 1 { section = nil }
                if depth == 0 { rootClosed = true }
                status = xmlTextReaderRead(reader)
            default:
                status = xmlTextReaderRead(reader)
            }
        }
        if status < 0 { throw parseFailure() }
        guard sawRoot else { throw refused(line: nil, bytesRead == 0 ? "the input is empty" : "the input has no root element") }
        finishHash()
        return header
    }

    // MARK: - records

    /// Refuses entity references and XInclude anywhere in an expanded record (the reader does not visit its nodes).
    private func checkSubtree(_ root: xmlNodePtr, fallbackLine: Int) throws {
        var stack: [xmlNodePtr] = [root]
        while let node = stack.popLast() {
            switch node.pointee.type {
            case XML_ENTITY_REF_NODE, XML_ENTITY_NODE, XML_ENTITY_DECL:
                throw refused(line: line(of: node, fallback: fallbackLine), "the export uses an entity reference; only the five predefined entities are allowed")
            case XML_XINCLUDE_START, XML_XINCLUDE_END:
                throw refused(line: line(of: node, fallback: fallbackLine), "the export uses XInclude, which is refused")
            case XML_ELEMENT_NODE:
                if Self.isXInclude(node.pointee.ns?.pointee.href) {
                    throw refused(line: line(of: node, fallback: fallbackLine), "the export uses XInclude, which is refused")
                }
            default:
                break
            }
            var child = node.pointee.children
            while let current = child {
                stack.append(current)
                child = current.pointee.next
            }
        }
    }

    private static func isXInclude(_ uri: UnsafePointer<xmlChar>?) -> Bool {
        guard let uri else { return false }
        let text = UnsafeRawPointer(uri).assumingMemoryBound(to: CChar.self)
        return strcmp(text, "http://www.w3.org/2001/XInclude") == 0 || strcmp(text, "http://www.w3.org/2003/XInclude") == 0
    }

    private func campus(_ node: xmlNodePtr, fallbackLine: Int) throws -> HRCampus {
        try checkSubtree(node, fallbackLine: fallbackLine)
        var campus = HRCampus(line: line(of: node, fallback: fallbackLine))
        campus.code = try attribute(node, "code")
        campus.status = try attribute(node, "status")
        for child in Self.hrChildren(node) {
            switch Self.name(child) {
            case "Name": campus.name = try text(child)
            case "TimeZone": campus.timeZone = try text(child)
            default: break
            }
        }
        return campus
    }

    private func department(_ node: xmlNodePtr, fallbackLine: Int) throws -> HRDepartment {
        try checkSubtree(node, fallbackLine: fallbackLine)
        var department = HRDepartment(line: line(of: node, fallback: fallbackLine))
        department.code = try attribute(node, "code")
        department.parentCode = try attribute(node, "parentCode")
        department.costCenter = try attribute(node, "costCenter")
        department.status = try attribute(node, "status")
        for child in Self.hrChildren(node) where Self.name(child) == "Name" {
            department.name = try text(child)
        }
        return department
    }

    private func employee(_ node: xmlNodePtr, fallbackLine: Int) throws -> HREmployee {
        try checkSubtree(node, fallbackLine: fallbackLine)
        var employee = HREmployee(line: line(of: node, fallback: fallbackLine))
        employee.employeeID = try attribute(node, "employeeId")
        employee.workerID = try attribute(node, "workerId")
        employee.lastModified = try attribute(node, "lastModified")
        var sawWorkEmail = false
        var sawPrimaryAssignment = false
        var sawAssignment = false
        for child in Self.hrChildren(node) {
            switch Self.name(child) {
            case "Status":
                employee.status = try text(child).map(HRFeedRules.trim)
                employee.statusEffectiveDate = try attribute(child, "effectiveDate")
            case "Name":
                for part in Self.hrChildren(child) {
                    switch Self.name(part) {
                    case "Given": employee.givenName = try text(part)
                    case "Family": employee.familyName = try text(part)
                    case "Preferred": employee.preferredName = try text(part)
                    default: break
                    }
                }
            case "Email":
                let isWork = try attribute(child, "type") == "work"
                if !sawWorkEmail, isWork || employee.email == nil {
                    employee.email = try text(child)
                    sawWorkEmail = isWork
                }
            case "Employment":
                employee.employmentType = try attribute(child, "type")
                employee.fte = try attribute(child, "fte")
                for part in Self.hrChildren(child) {
                    switch Self.name(part) {
                    case "HireDate": employee.hireDate = try text(part).map(HRFeedRules.trim)
                    case "JobTitle": employee.jobTitle = try text(part)
                    default: break
                    }
                }
            case "Assignment":
                let primary = try attribute(child, "primary") == "true"
                guard !sawPrimaryAssignment, primary || !sawAssignment else { continue }
                sawAssignment = true
                sawPrimaryAssignment = primary
                employee.departmentCode = nil
                employee.campusCode = nil
                employee.managerEmployeeID = nil
                for part in Self.hrChildren(child) {
                    switch Self.name(part) {
                    case "DepartmentRef": employee.departmentCode = try attribute(part, "code")
                    case "CampusRef": employee.campusCode = try attribute(part, "code")
                    case "ManagerRef": employee.managerEmployeeID = try attribute(part, "employeeId")
                    default: break
                    }
                }
            case "MealSubsidy":
                employee.subsidyAmount = try text(child) ?? ""
                employee.subsidyCurrency = try attribute(child, "currency")
                employee.subsidyPeriod = try attribute(child, "period")
                employee.subsidyValidFrom = try attribute(child, "validFrom")
            case "SsoSubject":
                employee.ssoSubject = try text(child)
            default:
                break
            }
        }
        return employee
    }

    // MARK: - libxml2 helpers

    private func expand() throws -> xmlNodePtr {
        guard let reader, let node = xmlTextReaderExpand(reader) else { throw parseFailure() }
        return node
    }

    private func parserLine() -> Int {
        guard let reader else { return 0 }
        return Int(xmlTextReaderGetParserLineNumber(reader))
    }

    // libxml2 keeps node lines in 16 bits (65535 = "or later") unless XML_PARSE_BIG_LINES, which we do not set:
    // past that, the parser's line when the record started is the best we have.
    private func line(of node: xmlNodePtr, fallback: Int? = nil) -> Int {
        let stored = Int(xmlGetLineNo(node))
        if stored > 0, stored < 65535 { return stored }
        return fallback ?? parserLine()
    }

    private static func isHRNamespace(_ uri: UnsafePointer<xmlChar>?) -> Bool {
        guard let uri else { return false }
        return strcmp(UnsafeRawPointer(uri).assumingMemoryBound(to: CChar.self), hrExportNamespace) == 0
    }

    private static func name(_ node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0) } ?? ""
    }

    /// The element children of `node` in the HR namespace (by URI, never by prefix).
    private static func hrChildren(_ node: xmlNodePtr) -> [xmlNodePtr] {
        var result: [xmlNodePtr] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE, isHRNamespace(current.pointee.ns?.pointee.href) {
                result.append(current)
            }
            child = current.pointee.next
        }
        return result
    }

    /// The element's own text (text and CDATA children; comments ignored). An entity reference is refused rather
    /// than expanded: `xmlNodeGetContent` would expand it.
    private func text(_ node: xmlNodePtr) throws -> String? {
        var bytes: [UInt8] = []
        var found = false
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                found = true
                if let content = current.pointee.content {
                    bytes.append(contentsOf: UnsafeBufferPointer(start: content, count: strlen(UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self))))
                }
            case XML_ENTITY_REF_NODE, XML_ENTITY_NODE:
                throw refused(line: line(of: current), "the export uses an entity reference; only the five predefined entities are allowed")
            default:
                break
            }
            child = current.pointee.next
        }
        return found ? String(decoding: bytes, as: UTF8.self) : nil
    }

    /// An attribute without a namespace, read from the tree (no copy to free).
    private func attribute(_ node: xmlNodePtr, _ name: String) throws -> String? {
        var property = node.pointee.properties
        while let current = property {
            if current.pointee.ns == nil, let attributeName = current.pointee.name,
               strcmp(UnsafeRawPointer(attributeName).assumingMemoryBound(to: CChar.self), name) == 0 {
                var bytes: [UInt8] = []
                var child = current.pointee.children
                while let value = child {
                    if value.pointee.type == XML_ENTITY_REF_NODE {
                        throw refused(line: line(of: node), "the export uses an entity reference; only the five predefined entities are allowed")
                    }
                    if let content = value.pointee.content {
                        bytes.append(contentsOf: UnsafeBufferPointer(start: content, count: strlen(UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self))))
                    }
                    child = value.pointee.next
                }
                return String(decoding: bytes, as: UTF8.self)
            }
            property = current.pointee.next
        }
        return nil
    }

    // MARK: - errors

    private func refused(line: Int?, _ reason: String) -> ToolError {
        let place = line.map { "\(displayName):\($0)" } ?? displayName
        return ToolError(.dataError, "\(place): \(reason); nothing was applied",
                         hint: "the HR export must be plain XML in \(hrExportNamespace) (see docs/hr-feed.md)")
    }

    private func parseFailure() -> ToolError {
        if readErrno != 0 {
            return ToolError(.noInput, "\(displayName): \(String(cString: strerror(readErrno))); nothing was applied")
        }
        if finishedInput, bytesRead == 0 {
            return refused(line: nil, "the input is empty")
        }
        if finishedInput, sawRoot, !rootClosed {
            return refused(line: parserLine(), "the export ends before its root element is closed: it is truncated")
        }
        guard let firstError else {
            return refused(line: parserLine(), "not well-formed XML")
        }
        var reason = firstError.message
        if reason.contains("huge text node") || reason.contains("Huge input lookup") {
            reason += " (a text node may hold at most 10 MB)"
        } else if reason.localizedCaseInsensitiveContains("entity") {
            reason += " (entities are refused)"
        } else if reason.contains("Excessive depth") {
            reason = "elements are nested too deeply (libxml2 allows 256 levels)"
        }
        return refused(line: firstError.line > 0 ? firstError.line : parserLine(), "not well-formed XML: \(reason)")
    }

    fileprivate func record(_ error: xmlErrorPtr) {
        guard firstError == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        let message = error.pointee.message.map { String(cString: $0) } ?? "error \(error.pointee.code)"
        firstError = (Int(error.pointee.line), message.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    fileprivate func fill(_ buffer: UnsafeMutablePointer<CChar>, _ length: Int) -> Int32 {
        while true {
            let count = Foundation.read(descriptor, buffer, length)
            if count < 0 {
                if errno == EINTR { continue }
                readErrno = errno
                return -1
            }
            if count == 0 { finishedInput = true }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(start: buffer, count: count))
            bytesRead += count
            return Int32(count)
        }
    }
}

private func hrFeedRead(_ context: UnsafeMutableRawPointer?, _ buffer: UnsafeMutablePointer<CChar>?, _ length: Int32) -> Int32 {
    guard let context, let buffer, length > 0 else { return 0 }
    return Unmanaged<HRFeedReader>.fromOpaque(context).takeUnretainedValue().fill(buffer, Int(length))
}

// The descriptor belongs to whoever opened it; libxml2 must not close it.
private func hrFeedClose(_ context: UnsafeMutableRawPointer?) -> Int32 { 0 }

private func hrFeedError(_ context: UnsafeMutableRawPointer?, _ error: xmlErrorPtr?) {
    guard let context, let error else { return }
    Unmanaged<HRFeedReader>.fromOpaque(context).takeUnretainedValue().record(error)
}

private func hrRefuseExternalEntity(_ url: UnsafePointer<CChar>?, _ id: UnsafePointer<CChar>?,
                                    _ context: xmlParserCtxtPtr?) -> xmlParserInputPtr? {
    nil
}

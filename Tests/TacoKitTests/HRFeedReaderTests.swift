import Foundation
import TacoIntegrations
import TacoKit
import TacoTestSupport
import Testing

/// The streaming reader and the per-record rules, without a database.
@Suite("HR feed reader and rules")
struct HRFeedReaderTests {
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/samples/hr-export-sample.xml").path

    struct Parsed {
        var header: HRExportHeader
        var campuses: [HRCampus] = []
        var departments: [HRDepartment] = []
        var employees: [HREmployee] = []
        var sha256: String?
    }

    func parse(descriptor: Int32, name: String = "feed.xml") throws -> Parsed {
        let reader = HRFeedReader(descriptor: descriptor, displayName: name)
        var campuses: [HRCampus] = [], departments: [HRDepartment] = [], employees: [HREmployee] = []
        let header = try reader.read { item in
            switch item {
            case .campus(let c): campuses.append(c)
            case .department(let d): departments.append(d)
            case .employee(let e): employees.append(e)
            case .header: break
            }
        }
        return Parsed(header: header, campuses: campuses, departments: departments, employees: employees, sha256: reader.sha256Hex)
    }

    func parse(text: String) throws -> Parsed {
        let path = try HRFeedFixture.write(text)
        defer { unlink(path) }
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        return try parse(descriptor: fd)
    }

    func refusal(_ text: String) -> String? {
        do {
            _ = try parse(text: text)
            return nil
        } catch let error as ToolError {
            #expect(error.status == .dataError, "\(error.message)")
            return error.message
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test("the shipped sample: header, records, names with entities, the work e-mail, forward manager references, SHA-256")
    func sample() throws {
        let fd = open(Self.sample, O_RDONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        let parsed = try parse(descriptor: fd)
        #expect(parsed.header.exportID == "GLOBEX-HR-20261121-020000-FULL")
        #expect(parsed.header.syncMode == .full)
        #expect(parsed.header.recordCount == "6" && parsed.header.trailerRecordCount == "6" && parsed.header.employeeCount == 6)
        #expect(HRFeedRules.header(parsed.header).isEmpty)
        #expect(parsed.campuses.map(\.code) == ["SFO-HQ", "CHI-LOOP"])
        #expect(parsed.departments.first { $0.code == "D-0131" }?.parentCode == "D-0007")
        let zoe = try #require(parsed.employees.first)
        #expect(zoe.givenName == "Zoë" && zoe.familyName == "O'Brien & Núñez" && zoe.preferredName == "Zo")
        #expect(zoe.managerEmployeeID == "E0104108" && zoe.campusCode == "SFO-HQ" && zoe.subsidyAmount == "10.00")
        #expect(zoe.line == 16)
        #expect(parsed.employees.first { $0.workerID == "WD-2d3e4f5a6b7c8d" }?.email == "Li.Wei@globex.example")
        for employee in parsed.employees { #expect(HRFeedRules.employee(employee).issues.isEmpty, "\(employee.workerID ?? "")") }
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.sample))
        let expected = try #require(shaHex(data))
        #expect(parsed.sha256 == expected)
    }

    func shaHex(_ data: Data) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [Self.sample]
        let pipe = Pipe()
        process.standardOutput = pipe
        try? process.run()
        process.waitUntilExit()
        return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: " ").first.map(String.init)
    }

    @Test("elements are matched by namespace URI, not prefix: a default namespace works, a look-alike prefix does not")
    func namespaces() throws {
        let employees = HRFeedFixture.employees(2)
        let prefixed = HRFeedFixture.xml(employees)
        let unprefixed = prefixed.replacingOccurrences(of: "hr:", with: "").replacingOccurrences(of: "xmlns:hr=", with: "xmlns=")
        #expect(try parse(text: unprefixed).employees.count == 2)
        let other = prefixed.replacingOccurrences(of: "hr:", with: "x:").replacingOccurrences(of: "xmlns:x=", with: "xmlns:x=")
            .replacingOccurrences(of: "<x:EmployeeExport xmlns:x", with: "<x:EmployeeExport xmlns:hr=\"\(hrExportNamespace)\" xmlns:x")
        #expect(refusal(other.replacingOccurrences(of: "xmlns:x=\"\(hrExportNamespace)\"", with: "xmlns:x=\"urn:other\""))?
            .contains("not EmployeeExport in the namespace urn:tacotracker:hr-export:1") == true)
        // Our elements in a foreign namespace inside a record are ignored, not read.
        let foreign = HRFeedFixture.xml([], extraEmployees: [
            #"<hr:Employee employeeId="E9" workerId="W9" xmlns:o="urn:other"><o:Status>active</o:Status></hr:Employee>"#,
        ])
        #expect(try parse(text: foreign).employees.first?.status == nil)
    }

    static let head = #"<hr:EmployeeExport xmlns:hr="urn:tacotracker:hr-export:1" schemaVersion="1.0" exportId="X" mode="delta" recordCount="1"><hr:Employees><hr:Employee employeeId="E1" workerId="W1"><hr:Status>active</hr:Status><hr:Name><hr:Given>"#
    static let tail = #"</hr:Given><hr:Family>F</hr:Family></hr:Name><hr:Email>a@b.example</hr:Email></hr:Employee></hr:Employees><hr:Trailer recordCount="1"/></hr:EmployeeExport>"#

    static func billionLaughs() -> String {
        let entities = "<!ENTITY lol0 \"lol\">" + (1...9).map { "<!ENTITY lol\($0) \"" + String(repeating: "&lol\($0 - 1);", count: 10) + "\">" }.joined()
        return "<?xml version=\"1.0\"?>\n<!DOCTYPE hr:EmployeeExport [\(entities)]>\n" + head + "&lol9;" + tail
    }

    static func quadraticBlowup() -> String {
        "<?xml version=\"1.0\"?>\n<!DOCTYPE hr:EmployeeExport [<!ENTITY a \"" + String(repeating: "A", count: 50_000) + "\">]>\n"
            + head + String(repeating: "&a;", count: 50_000) + tail
    }

    @Test("hostile and broken XML is refused (65) with the reason and the line", arguments: [
        ("xxe-file", "<?xml version=\"1.0\"?>\n<!DOCTYPE hr:EmployeeExport [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n\(head)&x;\(tail)",
         "feed.xml:3: the export has a DOCTYPE"),
        ("xxe-http", "<?xml version=\"1.0\"?>\n<!DOCTYPE hr:EmployeeExport [<!ENTITY x SYSTEM \"http://127.0.0.1:9/x\">]>\n\(head)&x;\(tail)",
         "the export has a DOCTYPE"),
        ("external-dtd", "<?xml version=\"1.0\"?>\n<!DOCTYPE hr:EmployeeExport SYSTEM \"http://127.0.0.1:9/x.dtd\">\n\(head)A\(tail)",
         "the export has a DOCTYPE"),
        ("billion-laughs", billionLaughs(), "entit"),
        ("quadratic-blowup", quadraticBlowup(), "the export has a DOCTYPE"),
        ("undeclared-entity", "\(head)&foo;\(tail)", "Entity 'foo' not defined"),
        ("xinclude", #"<hr:EmployeeExport xmlns:hr="urn:tacotracker:hr-export:1" xmlns:xi="http://www.w3.org/2001/XInclude" schemaVersion="1.0" exportId="X" mode="delta" recordCount="0"><xi:include href="file:///etc/passwd" parse="text"/><hr:Trailer recordCount="0"/></hr:EmployeeExport>"#,
         "XInclude, which is refused"),
        ("xinclude-in-record", "\(head)<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"file:///etc/passwd\"/>\(tail)",
         "XInclude, which is refused"),
        ("deep-nesting", head.replacingOccurrences(of: "<hr:Status>", with: String(repeating: "<x>", count: 10_000) + String(repeating: "</x>", count: 10_000) + "<hr:Status>") + "A" + tail,
         "nested too deeply"),
        ("invalid-utf8", head + "\u{FFFF}" + tail, "not well-formed XML"),
        ("truncated", head + "Zo", "truncated"),
        ("not-xml", "employeeId,workerId\nE1,W1\n", "not well-formed XML: Document is empty"),
        ("empty", "", "the input is empty"),
        ("wrong-root", "<EmployeeExport/>", "not EmployeeExport in the namespace"),
    ])
    func hostile(_ name: String, _ text: String, _ expected: String) throws {
        var bytes = Array(text.utf8)
        if name == "invalid-utf8" {
            // U+FFFF's UTF-8 bytes replaced by a lone continuation byte and an overlong sequence.
            let marker = Array("\u{FFFF}".utf8)
            if let index = bytes.indices.first(where: { Array(bytes[$0..<min($0 + marker.count, bytes.count)]) == marker }) {
                bytes.replaceSubrange(index..<(index + marker.count), with: [0xC0, 0xAF, 0xFF])
            }
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hr-\(UUID().uuidString).xml").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        var employees = 0
        do {
            _ = try HRFeedReader(descriptor: fd, displayName: "feed.xml").read { item in
                if case .employee = item { employees += 1 }
            }
            Issue.record("\(name) was accepted")
        } catch let error as ToolError {
            #expect(error.status == .dataError)
            #expect(error.message.contains(expected), "\(name): \(error.message)")
            #expect(error.message.contains("nothing was applied"))
        }
        #expect(employees == 0, "\(name): no record may be handed over before the refusal")
    }

    @Test("an XXE to http://127.0.0.1 never connects")
    func xxeNeverConnects() throws {
        let server = try HRTestHTTPServer(body: Data("root:x:0:0".utf8))
        defer { server.stop() }
        for text in ["<?xml version=\"1.0\"?>\n<!DOCTYPE hr:EmployeeExport [<!ENTITY x SYSTEM \"http://127.0.0.1:\(server.port)/secret\">]>\n\(Self.head)&x;\(Self.tail)",
                     "<?xml version=\"1.0\"?>\n<!DOCTYPE hr:EmployeeExport SYSTEM \"http://127.0.0.1:\(server.port)/x.dtd\">\n\(Self.head)A\(Self.tail)",
                     "<?xml version=\"1.0\"?>\n<!DOCTYPE hr:EmployeeExport [<!ENTITY % p SYSTEM \"http://127.0.0.1:\(server.port)/p\"> %p;]>\n\(Self.head)A\(Self.tail)"] {
            #expect(refusal(text) != nil)
        }
        #expect(server.requestCount == 0)
    }

    @Test("a 2 GB text node, streamed through a pipe, stops at libxml2's 10 MB cap without HUGE")
    func hugeTextNode() throws {
        signal(SIGPIPE, SIG_IGN)
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        let (readEnd, writeEnd) = (fds[0], fds[1])
        final class Written: @unchecked Sendable { var bytes = 0 }
        let written = Written()
        let writer = Thread {
            let chunk = [UInt8](repeating: UInt8(ascii: "A"), count: 1 << 20)
            var header = Array(Self.head.utf8)
            _ = header.withUnsafeBytes { write(writeEnd, $0.baseAddress, $0.count) }
            header.removeAll()
            // 2 GiB in 1 MiB chunks; stops at the first failed write (the reader closed its end).
            for _ in 0..<2048 {
                let n = chunk.withUnsafeBytes { write(writeEnd, $0.baseAddress, $0.count) }
                if n <= 0 { break }
                written.bytes += n
            }
            close(writeEnd)
        }
        writer.start()
        var message = ""
        var consumed = 0
        do {
            let reader = HRFeedReader(descriptor: readEnd, displayName: "stdin")
            defer { consumed = reader.bytesRead }
            _ = try reader.read { _ in }
        } catch let error as ToolError {
            message = error.message
        }
        close(readEnd)
        #expect(message.contains("huge text node"), "\(message)")
        #expect(message.contains("10 MB"))
        #expect(consumed < 64 << 20, "read \(consumed) bytes before refusing")
        #expect(consumed > 10_000_000)
    }

    @Test("per-record rules: required fields, status, e-mail, dates, subsidy amount/currency/period, fte")
    func employeeRules() throws {
        var employee = HREmployee(line: 7)
        employee.workerID = "W1"
        employee.employeeID = "E1"
        employee.givenName = "A"
        employee.familyName = "B"
        employee.email = "a@b.example"
        employee.status = "active"
        #expect(HRFeedRules.employee(employee).issues.isEmpty)
        #expect(HRFeedRules.employee(employee).staged.subsidyCents == 0)

        func issues(_ change: (inout HREmployee) -> Void) -> [String] {
            var copy = employee
            change(&copy)
            return HRFeedRules.employee(copy).issues.map { "\($0.line): \($0.message)" }
        }
        #expect(issues { $0.status = "retired" } == ["7: Employee W1: Status \"retired\" is not active, leave or terminated"])
        #expect(issues { $0.email = "not-an-address" } == ["7: Employee W1: Email \"not-an-address\" is not an e-mail address"])
        #expect(issues { $0.email = nil } == ["7: Employee W1: no Email"])
        #expect(issues { $0.workerID = " " }.first?.contains("no workerId") == true)
        #expect(issues { $0.hireDate = "2026-02-30" } == ["7: Employee W1: HireDate \"2026-02-30\" is not a date (YYYY-MM-DD)"])
        #expect(issues { $0.lastModified = "yesterday" }.first?.contains("lastModified") == true)
        #expect(issues { $0.fte = "1.5" }.first?.contains("fte") == true)
        func subsidy(_ amount: String, _ currency: String? = "USD", _ period: String? = "per-day") -> [String] {
            issues { $0.subsidyAmount = amount; $0.subsidyCurrency = currency; $0.subsidyPeriod = period }
        }
        #expect(subsidy("10.00").isEmpty && subsidy("0").isEmpty && subsidy("100.00").isEmpty)
        #expect(subsidy("100.01") == ["7: Employee W1: MealSubsidy 100.01 is more than 100.00"])
        #expect(subsidy("10.005").first?.contains("at most two decimals") == true)
        #expect(subsidy("-1").first?.contains("at most two decimals") == true)
        #expect(subsidy("1e2").first?.contains("at most two decimals") == true)
        #expect(subsidy("10", "ZZZ") == ["7: Employee W1: MealSubsidy currency \"ZZZ\" is not an ISO 4217 code"])
        #expect(subsidy("10", nil).first?.contains("no currency") == true)
        #expect(subsidy("10", "USD", "weekly").first?.contains("per-day or per-meal") == true)
        var paid = employee
        paid.subsidyAmount = "12.5"
        paid.subsidyCurrency = "USD"
        paid.subsidyPeriod = "per-meal"
        #expect(HRFeedRules.employee(paid).staged.subsidyCents == 1250)
        #expect(HRFeedRules.employee(paid).staged.subsidyPeriod == "per-meal")
    }

    @Test("header rules: version 1.x, mode, export id, both record counts, a missing trailer is a truncation")
    func headerRules() {
        var header = HRExportHeader()
        header.schemaVersion = "1.3"
        header.exportID = "X"
        header.mode = "delta"
        header.recordCount = "2"
        header.trailerRecordCount = "2"
        header.employeeCount = 2
        #expect(HRFeedRules.header(header).isEmpty)
        func messages(_ change: (inout HRExportHeader) -> Void) -> [String] {
            var copy = header
            change(&copy)
            return HRFeedRules.header(copy).map(\.message)
        }
        #expect(messages { $0.schemaVersion = "2.0" } == ["schemaVersion \"2.0\" is not supported (expected 1.x)"])
        #expect(messages { $0.mode = "partial" } == ["mode \"partial\" is not full or delta"])
        #expect(messages { $0.recordCount = "3" } == ["recordCount is 3 but the export has 2 Employee elements"])
        #expect(messages { $0.trailerRecordCount = "1" } == ["Trailer recordCount is 1 but the export has 2 Employee elements"])
        #expect(messages { $0.trailerRecordCount = nil } == ["the export has no Trailer: it looks truncated, so nothing is applied"])
        #expect(messages { $0.exportID = nil } == ["EmployeeExport has no exportId"])
    }

    @Test("--max-deactivate: counts and exact percentages")
    func deactivationLimit() {
        #expect(DeactivationLimit("5%") == .percent(5))
        #expect(DeactivationLimit("2.5%") == .percent(Decimal(string: "2.5")!))
        #expect(DeactivationLimit("250") == .count(250))
        #expect(DeactivationLimit("101%") == nil && DeactivationLimit("-1") == nil && DeactivationLimit("5 %") == nil && DeactivationLimit("x") == nil)
        #expect(DeactivationLimit.standard.allows(5, ofActive: 100))
        #expect(!DeactivationLimit.standard.allows(6, ofActive: 100))
        #expect(!DeactivationLimit.standard.allows(1, ofActive: 19))
        #expect(DeactivationLimit.standard.allows(0, ofActive: 0))
        #expect(DeactivationLimit.count(3).allows(3, ofActive: 4) && !DeactivationLimit.count(3).allows(4, ofActive: 1000))
        #expect(DeactivationLimit.standard.description == "5%")
    }
}
